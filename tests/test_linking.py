"""Aliases of one person inside a file link to one registry entity, on real text with the real model."""

from __future__ import annotations

from pathlib import Path

import pytest

import anonymiser
from anonymiser.detect import Detector
from anonymiser.lexicons import Lexicons
from anonymiser.pipeline import RunOptions
from anonymiser.project import Project

pytestmark = pytest.mark.slow


def test_a_diminutive_and_its_first_name_in_one_file_are_one_person(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    text = (
        "INT: Who helps with the kids?\n"
        "P: My sister Megan, mostly. Megan takes them Saturdays. Megs is brilliant with the wee one.\n"
        "P: And Sharon from the group, Shaz we call her. Shaz comes round on Mondays.\n"
    )
    out = anonymiser.pseudonymise_texts(
        {"memo.txt": text}, tmp_path / "project", options=RunOptions(lexicons=lexicons, detector=detector)
    )["memo.txt"]
    with Project(tmp_path / "project").open_registry(create=False) as registry:
        people = {e.id: {a[1] for a in registry.aliases(e.id)} for e in registry.entities() if e.label == "PERSON"}
    megan = [aliases for aliases in people.values() if "Megan" in aliases]
    sharon = [aliases for aliases in people.values() if "Sharon" in aliases]
    assert megan == [{"Megan", "Megs"}] and sharon == [{"Sharon", "Shaz"}], people
    for name in ("Megan", "Megs", "Sharon", "Shaz"):
        assert name not in out
