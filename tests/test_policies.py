"""The ``surrogate`` policies of contacts, places and services: realistic, reaching nobody, and no leak to check."""

from __future__ import annotations

from pathlib import Path

import pytest

import anonymiser
from anonymiser.contacts import contact_surrogate, is_surrogate
from anonymiser.detect import Detector
from anonymiser.lexicons import Lexicons
from anonymiser.pipeline import RunOptions

from .conftest import gate_errors

TEXT = """INT: How can the service reach you?
P04: My mobile's 07831 445 902, or the house phone, 0141 552 3377. Email's dawn.mackie84@gmail.com.
P04: We're at 12 Ashgill Road, G22 5QP now. My NI number is JT 45 21 88 C.
P04: The health visitor has the mobile, 07831 445 902, so ring that one.
"""


def test_surrogates_keep_the_kind_and_shape_and_never_repeat() -> None:
    mobiles = {contact_surrogate("phone number", "07831 445 902", n) for n in range(1, 1001)}
    assert len(mobiles) == 1000 and all(m.startswith("07700 900") for m in mobiles)
    assert contact_surrogate("phone number", "01415523377", 1) == "01414960000"  # Glasgow stays Glasgow
    assert contact_surrogate("phone number", "01224 552 337", 1001) == "0114 496 0000"
    assert contact_surrogate("phone number", "+44 7831 445902", 2) == "+44 7700 900001"
    postcodes = {contact_surrogate("postcode", "G22 5QP", n) for n in range(1, 5000)}
    assert len(postcodes) == 4999 and all(p.startswith("QX") for p in postcodes)
    assert contact_surrogate("NHS number", "943 476 5919", 1) is None  # keeps its placeholder
    for n in (1, 77, 4321):
        for kind, original in [
            ("phone number", "0141 552 3377"),
            ("postcode", "G22 5QP"),
            ("email", "a@b.com"),
            ("url", "www.dawnsblog.co.uk"),
            ("national insurance number", "JT 45 21 88 C"),
        ]:
            assert is_surrogate(str(contact_surrogate(kind, original, n)))
    assert not is_surrogate("07831 445 902") and not is_surrogate("G22 5QP") and not is_surrogate("dawn@gmail.com")


@pytest.mark.slow
def test_the_surrogate_policy_end_to_end(tmp_path: Path, lexicons: Lexicons, detector: Detector) -> None:
    project = tmp_path / "project"
    project.mkdir(mode=0o700)
    (project / "rules.yaml").write_text("policy:\n  CONTACT: surrogate\n", encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "p04.txt").write_text(TEXT, encoding="utf-8")
    summary = anonymiser.run(raw, tmp_path / "out", project, options=RunOptions(lexicons=lexicons, detector=detector))
    output = (tmp_path / "out" / summary.written[0]).read_text(encoding="utf-8")
    for original in ["07831 445 902", "0141 552 3377", "dawn.mackie84@gmail.com", "G22 5QP", "JT 45 21 88 C"]:
        assert original not in output
    # The same mobile twice: one surrogate; the landline another; each keeps its spacing.
    assert output.count("07700 900") == 2 and len(set(output.split("07700 900")[1:])) >= 1
    assert "0141 496 0" in output and "@example.org" in output and "QX" in output and "QQ " in output
    # The gate, detectors included, sees values that reach nobody: no leak.
    assert summary.findings == ()
    assert gate_errors(tmp_path / "out", project, detector) == []


PLACES = """INT: Where were you living then?
P: Possilpark, on Ashgill Road. Then we moved up to Springburn.
P: I was going to Turning Point Scotland and the Glasgow Royal Infirmary, and the wee one was at St Mungo's Primary.
P: Possilpark's changed a lot since.
"""


@pytest.mark.slow
def test_places_and_services_get_fictional_names_of_the_same_kind(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    project = tmp_path / "project"
    project.mkdir(mode=0o700)
    (project / "rules.yaml").write_text("policy:\n  LOCATION: surrogate\n  SERVICE: surrogate\n", encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "p05.txt").write_text(PLACES, encoding="utf-8")
    summary = anonymiser.run(raw, tmp_path / "out", project, options=RunOptions(lexicons=lexicons, detector=detector))
    output = (tmp_path / "out" / summary.written[0]).read_text(encoding="utf-8")
    for original in ["Possilpark", "Ashgill", "Springburn", "Turning Point", "Royal Infirmary", "Mungo"]:
        assert original not in output
    assert "[" not in output  # names, not descriptors
    lines = output.splitlines()
    district = lines[1].split(",")[0].removeprefix("P: ")
    assert lines[-1].startswith(f"P: {district}'s")  # one place, one name, possessive kept
    assert " Road." in lines[1]  # a street stays a street of its type
    with anonymiser.project.Project(project).open_registry(create=False) as registry:
        names = [e.pseudonym for e in registry.entities() if e.label in ("LOCATION", "SERVICE")]
    assert len(names) == len(set(names)) >= 5
    assert not any(name.split()[0].casefold() in lexicons.gazetteer for name in names)  # no real place
    # The gate, detectors included, knows the project's own surrogates.
    assert summary.findings == ()
    assert gate_errors(tmp_path / "out", project, detector) == []


@pytest.mark.slow
def test_surrogate_people_keep_the_broad_origin_of_their_names(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    from anonymiser.project import Project
    from anonymiser.pseudonymise import KEPT_ORIGINS

    text = (
        "INT: Who came to the group?\n"
        "P: Gurpreet Kaur, Agnieszka Nowicka, Chidi Okonkwo, Siobhan O'Neill, Rhys Pritchard and Wei Zhang.\n"
    )
    anonymiser.pseudonymise_texts(
        {"m.txt": text}, tmp_path / "project", options=RunOptions(lexicons=lexicons, detector=detector)
    )
    with Project(tmp_path / "project").open_registry(create=False) as registry:
        people = [e for e in registry.entities() if e.label == "PERSON" and " " in e.canonical]
    assert len(people) == 6
    kept = 0
    for person in people:
        first, last = person.canonical.split()[0].casefold(), person.canonical.split()[-1].casefold()
        origin, surname_origin = lexicons.name_origins.get(first), lexicons.surname_origins.get(last)
        if origin in KEPT_ORIGINS:
            assert lexicons.name_origins.get(person.pseudo_first.casefold()) == origin, (
                person.canonical,
                person.pseudonym,
            )
            kept += 1
        if surname_origin in KEPT_ORIGINS:
            assert lexicons.surname_origins.get(person.pseudo_last.casefold()) == surname_origin, (
                person.canonical,
                person.pseudonym,
            )
            kept += 1
    assert kept >= 8


def test_people_of_english_or_unknown_origin_get_british_surrogates_after_fakers_run_out(
    tmp_path: Path, lexicons: Lexicons
) -> None:
    """Faker's weighted en_GB names are used up early in a large project; what follows for an English name
    (or one of no known origin) is the lexicons' English, Scottish, Irish or Welsh names, not any name at all."""
    from anonymiser.pseudonymise import BRITISH_ORIGINS, SurrogateFactory
    from anonymiser.registry import PseudonymRegistry

    with PseudonymRegistry(tmp_path / "registry.sqlite") as registry:
        factory = SurrogateFactory(registry, lexicons, set())
        for kind in ("f", "m", "last"):
            factory.used |= {n.casefold() for n in factory._faker_pool(kind)[1]}  # a large project drew them all
        people = [factory.person(gender, n) for n, gender in enumerate("fm" * 150)]
    firsts = [lexicons.name_origins.get(first.casefold(), "") for first, _ in people]
    lasts = [lexicons.surname_origins.get(last.casefold(), "") for _, last in people]
    assert sum(o in BRITISH_ORIGINS for o in firsts) == len(people), sorted(set(firsts))
    assert sum(o in BRITISH_ORIGINS for o in lasts) == len(people), sorted(set(lasts))
    assert len({f"{first} {last}" for first, last in people}) == len(people)
