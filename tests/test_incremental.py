"""Incremental runs: unchanged inputs keep their outputs; anything that could change an output makes it again."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

import anonymiser
from anonymiser import registry_admin
from anonymiser.audit import read_records
from anonymiser.detect import Detector
from anonymiser.lexicons import Lexicons
from anonymiser.pipeline import RunOptions
from anonymiser.project import Project

from .conftest import TRANSCRIPTS, tree_hashes

FILES = ["dev_parent_dawn_1.txt", "dev_couple_cardiff.txt", "dev_father_newcastle.txt"]
pytestmark = pytest.mark.slow


@pytest.fixture()
def setup(tmp_path: Path, lexicons: Lexicons, detector: Detector) -> tuple[Path, Path, Path, RunOptions]:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in FILES:
        shutil.copy2(TRANSCRIPTS / name, raw / name)
    return raw, tmp_path / "deposit", tmp_path / "project", RunOptions(lexicons=lexicons, detector=detector)


def test_a_second_run_keeps_every_output_and_says_so(setup: tuple[Path, Path, Path, RunOptions]) -> None:
    raw, out, project, options = setup
    first = anonymiser.run(raw, out, project, options=options)
    outputs = tree_hashes(out)
    second = anonymiser.run(raw, out, project, options=options)
    assert second.written == () and sorted(second.unchanged) == sorted(FILES)
    assert tree_hashes(out) == outputs and second.findings == ()
    run_record = [r for r in read_records(project / "audit.jsonl") if r["type"] == "run"][-1]
    assert run_record["unchanged"] == len(FILES) and run_record["written"] == 0
    # --full (incremental off) makes them all again, identically.
    full = anonymiser.run(raw, out, project, options=dataclasses.replace(options, incremental=False))
    assert sorted(full.written) == sorted(first.written) and tree_hashes(out) == outputs


def test_an_edited_input_an_edited_output_or_a_new_rule_make_outputs_again(
    setup: tuple[Path, Path, Path, RunOptions],
) -> None:
    raw, out, project, options = setup
    anonymiser.run(raw, out, project, options=options)
    # One input edited, one output tampered with: only those two are made again.
    (raw / FILES[1]).write_text((raw / FILES[1]).read_text(encoding="utf-8") + "\nINT: Thanks.\n", encoding="utf-8")
    (out / FILES[2]).write_text("tampered", encoding="utf-8")
    summary = anonymiser.run(raw, out, project, options=options)
    assert sorted(summary.written) == sorted(FILES[1:]) and summary.unchanged == (FILES[0],)
    assert (out / FILES[2]).read_text(encoding="utf-8") != "tampered"
    # A rule change affects every output: all made again, and the new rule applied.
    rules = Project(project).rules_path
    rules.write_text(rules.read_text(encoding="utf-8") + '\ndeny:\n  - {text: "bairns", label: PERSON}\n')
    summary = anonymiser.run(raw, out, project, options=options)
    assert sorted(summary.written) == sorted(FILES) and summary.unchanged == ()


def test_a_registry_edit_makes_every_output_again(setup: tuple[Path, Path, Path, RunOptions]) -> None:
    raw, out, project, options = setup
    anonymiser.run(raw, out, project, options=options)
    with Project(project).open_registry(create=False) as registry:
        dawn = next(e for e in registry.entities() if e.canonical.startswith("Dawn"))
    registry_admin.rename(project, dawn.id, "Olwen Trefusis")
    summary = anonymiser.run(raw, out, project, options=options)
    assert sorted(summary.written) == sorted(FILES)
    assert "Olwen" in (out / FILES[0]).read_text(encoding="utf-8")


def test_a_new_file_naming_an_old_surrogate_changes_it_everywhere(
    setup: tuple[Path, Path, Path, RunOptions], tmp_path: Path
) -> None:
    raw, out, project, options = setup
    anonymiser.run(raw, out, project, options=options)
    with Project(project).open_registry(create=False) as registry:
        victim = next(
            e
            for e in registry.entities()
            if e.policy == "surrogate" and registry.files(e.id) == [FILES[0]] and e.pseudo_first
        )
    surrogate = victim.pseudo_first
    assert re.search(rf"\b{surrogate}\b", (out / FILES[0]).read_text(encoding="utf-8"))
    # A later interview names a real person who happens to bear that surrogate's first name.
    (raw / "later.txt").write_text(
        f"INT: Who helps you most?\nP: My support worker, {surrogate} Ogilvie-Brand. {surrogate} comes every Tuesday.\n",
        encoding="utf-8",
    )
    summary = anonymiser.run(raw, out, project, options=options)
    assert summary.findings == () and summary.errors == ()
    assert "later.txt" in summary.written and FILES[0] in summary.written  # the old output was made again
    with Project(project).open_registry(create=False) as registry:
        assert registry.get(victim.id).pseudo_first != surrogate
    # As a word: another entity's surrogate may hold it ("Shonagh" beside a retired "Shona").
    assert not re.search(rf"\b{surrogate}\b", (out / FILES[0]).read_text(encoding="utf-8"))
    changes = [r for r in read_records(project / "audit.jsonl") if r.get("action") == "surrogate replaced"]
    assert [c["entity"] for c in changes] == [victim.id]
    assert anonymiser.check(out, project, detect=False, lexicons=options.lexicons).leaks == []


def test_an_output_renamed_by_a_later_run_leaves_no_old_copy(setup: tuple[Path, Path, Path, RunOptions]) -> None:
    raw, out, project, options = setup
    (raw / "visit_Brackenhurst.txt").write_text("INT: How was the visit?\nP: Fine, aye.\n", encoding="utf-8")
    first = anonymiser.run(raw, out, project, options=options)
    assert "visit_Brackenhurst.txt" in first.written  # nothing told it the name was a place
    (raw / "later.txt").write_text(
        "P: We moved to Brackenhurst last year. Brackenhurst is a big estate.\n", encoding="utf-8"
    )
    second = anonymiser.run(raw, out, project, options=options)
    assert second.findings == () and second.errors == ()
    renamed = [w for w in second.written if w.startswith("visit_")]
    assert renamed and renamed[0] != "visit_Brackenhurst.txt"
    assert not (out / "visit_Brackenhurst.txt").exists()
    assert not [p for p in out.rglob("*") if "Brackenhurst" in p.name]


def test_a_name_met_in_a_later_batch_is_replaced_in_the_outputs_of_earlier_ones(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    """Files are settled a batch at a time; an output made before a name was known is made again."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(
        "Interviewer: And who else helps?\nDawn: oh aye we went round to see brannock yesterday and had our tea.\n",
        encoding="utf-8",
    )
    (raw / "b.txt").write_text("Interviewer: Who came?\nJo: Brannock Kelly came round on the Tuesday.\n", "utf-8")
    summaries = {}
    for batch_chars in (1, 1_000_000):  # one file per batch; both files in one batch
        options = RunOptions(lexicons=lexicons, detector=detector, batch_chars=batch_chars)
        out = tmp_path / f"out{batch_chars}"
        summaries[batch_chars] = anonymiser.run(raw, out, tmp_path / f"project{batch_chars}", options=options)
        assert "brannock" not in (out / "a.txt").read_text(encoding="utf-8").casefold()
        assert sorted(summaries[batch_chars].written) == ["a.txt", "b.txt"]
    # A file made twice is counted once.
    assert summaries[1].replacements_by_label == summaries[1_000_000].replacements_by_label
