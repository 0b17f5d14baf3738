"""Aliases of one person inside a file link to one registry entity, on real text with the real model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import anonymiser
from anonymiser.detect import Detector
from anonymiser.lexicons import Lexicons
from anonymiser.models import Document, Finding
from anonymiser.pipeline import RunOptions
from anonymiser.project import Project
from anonymiser.resolve import resolve
from anonymiser.rules import Rules

from .conftest import gate_errors

pytestmark = pytest.mark.slow


def _pseudonymise_memo(text: str, tmp_path: Path, lexicons: Lexicons, detector: Detector) -> str:
    """One transcript, "memo.txt", pseudonymised in the project tmp_path/project."""
    options = RunOptions(lexicons=lexicons, detector=detector)
    return anonymiser.pseudonymise_texts({"memo.txt": text}, tmp_path / "project", options=options)["memo.txt"]


def _gate_errors_in(out: str, tmp_path: Path, detector: Detector) -> list[Finding]:
    """The gate's errors on ``out`` written as deposit/memo.txt, checked against tmp_path/project."""
    (tmp_path / "deposit").mkdir()
    (tmp_path / "deposit" / "memo.txt").write_text(out, encoding="utf-8")
    return gate_errors(tmp_path / "deposit", tmp_path / "project", detector)


def _people(project: Path) -> list[set[str]]:
    """The aliases of each PERSON entity of a project's registry."""
    with Project(project).open_registry(create=False) as registry:
        return [{a[1] for a in registry.aliases(e.id)} for e in registry.entities() if e.label == "PERSON"]


def test_a_diminutive_and_its_first_name_in_one_file_are_one_person(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    text = (
        "INT: Who helps with the kids?\n"
        "P: My sister Megan, mostly. Megan takes them Saturdays. Megs is brilliant with the wee one.\n"
        "P: And Sharon from the group, Shaz we call her. Shaz comes round on Mondays.\n"
    )
    out = _pseudonymise_memo(text, tmp_path, lexicons, detector)
    people = _people(tmp_path / "project")
    megan = [aliases for aliases in people if "Megan" in aliases]
    sharon = [aliases for aliases in people if "Sharon" in aliases]
    assert megan == [{"Megan", "Megs"}] and sharon == [{"Sharon", "Shaz"}], people
    for name in ("Megan", "Megs", "Sharon", "Shaz"):
        assert name not in out
    # The diminutive is rendered as the surrogate's own diminutive, or its first name when it has none.
    with Project(tmp_path / "project").open_registry(create=False) as registry:
        megan_surrogate = next(e for e in registry.entities() if e.canonical == "Megan").pseudo_first
    shown = out.split("Saturdays. ")[1].split(" ")[0]
    assert shown == megan_surrogate or (
        megan_surrogate.casefold() in {n.casefold() for n in lexicons.nicknames.get(shown.casefold(), ())}
        and len(shown) < len(megan_surrogate)
    ), (shown, megan_surrogate)
    # The gate, detectors included, takes the surrogate's diminutive for what it is.
    assert _gate_errors_in(out, tmp_path, detector) == []


NAMESAKES = {
    "p01.txt": "INT: Who helps you?\nP01: Grace does, she's my neighbour. Grace has been brilliant.\n",
    "p02.txt": "INT: And at the school?\nP02: Grace, the teacher. Grace always phones me first.\n",
    "p03.txt": "INT: Anyone else?\nP01: Grace again, she came round on Sunday.\n",
}


def _grace_entities(project: Path) -> dict[str, set[str]]:
    """Registry entity of the name Grace -> the files it stands for."""
    with Project(project).open_registry(create=False) as registry:
        return {
            e.id: set(registry.files(e.id))
            for e in registry.entities()
            if e.label == "PERSON" and any(alias == "Grace" for _, alias, *_ in registry.aliases(e.id))
        }


def test_a_lone_name_in_another_scope_is_a_namesake_until_a_same_decision(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    from anonymiser.decisions import append_decisions
    from anonymiser.review import review_queue

    raw = tmp_path / "raw"
    raw.mkdir()
    for name, text in NAMESAKES.items():
        (raw / name).write_text(text, encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir(mode=0o700)
    # p01 and p03 are one participant's interviews: one scope; p02 is someone else's.
    (project / "rules.yaml").write_text('scopes:\n  P01: ["p01.txt", "p03.txt"]\n', encoding="utf-8")
    options = RunOptions(lexicons=lexicons, detector=detector)
    first = anonymiser.run(raw, tmp_path / "out", project, options=options)
    assert first.findings == ()
    graces = _grace_entities(project)
    assert sorted(graces.values(), key=len) == [{"p02.txt"}, {"p01.txt", "p03.txt"}], graces
    # The namesake is never merged silently: it is in the review queue, with the decision that joins them.
    items = [item for item in review_queue(project) if item.text == "Grace"]
    assert {item.file for item in items} == set(NAMESAKES)
    decision = items[0].reject_decision()
    assert decision.kind == "same" and {decision.text, decision.other} == set(graces)
    # Said to be two people, they are listed no more.
    different = items[0].different_decision()
    assert different is not None and {different.text, different.other} == set(graces)
    append_decisions(project / "review.yaml", [different])
    anonymiser.run(raw, tmp_path / "out", project, options=options)
    assert [item for item in review_queue(project) if item.text == "Grace"] == []
    assert len(_grace_entities(project)) == 2
    # Said to be one, they become one entity with one pseudonym in every file.
    append_decisions(project / "review.yaml", [decision])
    anonymiser.run(raw, tmp_path / "out", project, options=options)
    assert list(_grace_entities(project).values()) == [{"p01.txt", "p02.txt", "p03.txt"}]
    outputs = [(tmp_path / "out" / name).read_text(encoding="utf-8") for name in NAMESAKES]
    pseudonym = outputs[0].split("P01: ")[1].split(" ")[0]
    assert all(pseudonym in text for text in outputs) and not any("Grace" in text for text in outputs)


def test_a_hyphenated_first_name_and_its_first_part_in_one_file_are_one_person(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    text = (
        "INT: And your eldest?\n"
        "P: Kayleigh-Ann, she's fourteen now. Kayleigh's doing her exams.\n"
        "P: KAYLEIGH never misses a day, credit to her.\n"
    )
    out = _pseudonymise_memo(text, tmp_path, lexicons, detector)
    people = _people(tmp_path / "project")
    # One entity; "KAYLEIGH" is the alias "Kayleigh" in capitals (aliases compare case-folded).
    assert [aliases for aliases in people if aliases & {"Kayleigh", "Kayleigh-Ann"}] == [
        {"Kayleigh-Ann", "Kayleigh"}
    ], people
    assert "kayleigh" not in out.casefold()


def _entity_of(project: Path, alias: str) -> list[tuple[str, str, str, str]]:
    """(id, canonical, surrogate first name, surrogate surname) of the PERSON entities with this alias."""
    with Project(project).open_registry(create=False) as registry:
        return [
            (e.id, e.canonical, e.pseudo_first, e.pseudo_last)
            for e in registry.entities()
            if e.label == "PERSON" and alias in {a[1] for a in registry.aliases(e.id)}
        ]


def test_short_forms_appositions_initials_double_and_spelled_names_link_in_one_file(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    text = (
        "INT: Who was at the group?\n"
        "P: Mrs Okafor, Chidinma, she runs it. Chidinma's been there years.\n"
        "P: And my pal Morven came with me. Morv's a laugh, honestly.\n"
        "P: My key worker is Anna Maria Lopez. Anna Maria phones me every week.\n"
        "P: The letter was from Sandra Whyte. It was signed S. Whyte, the manager.\n"
        "P: The other worker was Paul Boyd, but everybody calls him Boydy.\n"
        "P: The officer said her name was Kowalczyk, K-O-W-A-L-C-Z-Y-K.\n"
        "P: My cousin Kayleigh Robson had the kids. Kayls was brilliant with them.\n"
        "P: And her youngest, Ruby Sandhu, she's seven. Rubes, we call her. James and Jamie Sandhu are the twins.\n"
    )
    out = _pseudonymise_memo(text, tmp_path, lexicons, detector)
    project = tmp_path / "project"
    for same in (
        ("Okafor", "Chidinma"),
        ("Morven", "Morv"),
        ("Anna Maria Lopez", "Anna Maria"),
        ("Sandra Whyte", "S. Whyte"),
        ("Paul Boyd", "Boydy"),
        ("Kowalczyk", "K-O-W-A-L-C-Z-Y-K"),
        ("Kayleigh Robson", "Kayls"),
        ("Ruby Sandhu", "Rubes"),
    ):
        entities = {e for alias in same for e in _entity_of(project, alias)}
        assert len(entities) == 1, (same, entities)
    assert not set(_entity_of(project, "James Sandhu")) & set(_entity_of(project, "Jamie Sandhu"))
    for original in ("Okafor", "Chidinma", "Morv", "Anna Maria", "Whyte", "Boyd", "Kowalczyk", "K-O-W-A-L-C-Z-Y-K"):
        assert not re.search(rf"\b{re.escape(original)}\b", out), original
    # Each form renders as the matching part of the one surrogate.
    ((_, _, first, last),) = _entity_of(project, "Sandra Whyte")
    assert f"{first} {last}" in out and f"{first[0]}. {last}" in out
    ((_, _, first, last),) = _entity_of(project, "Anna Maria Lopez")
    assert f"key worker is {first} {last}. {first} phones" in out
    ((_, _, first, last),) = _entity_of(project, "Kowalczyk")
    assert f"{last}, {'-'.join(last.upper())}." in out
    # The gate, detectors included, takes the spelled-out surrogate for what it is.
    assert _gate_errors_in(out, tmp_path, detector) == []


def test_names_a_transcript_gives_a_person_link_to_them_and_other_people_stay_apart(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    """The speaker's own other names, "call her" after a person, a first name a phrase from a titled surname."""
    text = (
        "INT: Can you tell me about the people who helped?\n"
        "DARREN: Oh aye, Bożena. Next door. Mrs Wiśniewska, though I cannot say it right. She calls me Darek.\n"
        "DARREN: Then there was Mrs Nwachukwu, from the council. Ifeoma. Naebody calls me Mr Charlton, mind.\n"
        "DARREN: And Shiv from the group. The bairns call her Mrs Doherty, which she hates.\n"
        "DARREN: At the first meeting she says, I'm Lisa from housing. Then I rang Mrs Smith. She was out. Kayleigh.\n"
    )
    out = _pseudonymise_memo(text, tmp_path, lexicons, detector)
    people = [{a.casefold() for a in aliases} for aliases in _people(tmp_path / "project")]
    for same in (
        {"darren", "darek", "charlton"},
        {"bożena", "wiśniewska"},
        {"ifeoma", "nwachukwu"},
        {"shiv", "doherty"},
    ):
        assert any(same <= aliases for aliases in people), (same, people)
    for apart in ({"lisa", "darren"}, {"kayleigh", "smith"}):
        assert not any(apart <= aliases for aliases in people), (apart, people)
    for original in ("Darek", "Wiśniewska", "Ifeoma", "Charlton", "Shiv", "Doherty", "Lisa", "Kayleigh"):
        assert not re.search(rf"\b{original}\b", out), original


def test_a_lone_surname_in_another_file_of_the_scope_is_the_full_name_met_before(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    project = tmp_path / "project"
    project.mkdir(mode=0o700)
    (project / "rules.yaml").write_text("scopes:\n  family: [visit1.txt, visit2.txt]\n", encoding="utf-8")
    texts = {
        "visit1.txt": "INT: Who is the social worker?\nP: Darius Brannock. He's fine.\n",
        "visit2.txt": "INT: Any news?\nP: Brannock came round on Tuesday. Brannock's moving on.\n",
        "other.txt": "INT: Who helps?\nP: Brannock, from the housing. He's useless.\n",
    }
    outs = anonymiser.pseudonymise_texts(texts, project, options=RunOptions(lexicons=lexicons, detector=detector))
    (darius,) = _entity_of(project, "Darius Brannock")
    lone = set(_entity_of(project, "Brannock"))
    assert darius in lone and len(lone) == 2, lone  # the other scope's Brannock waits for a decision
    surname = darius[3]
    assert f"{surname} came round" in outs["visit2.txt"] and f"{surname}'s moving" in outs["visit2.txt"]
    assert surname not in outs["other.txt"]


def test_a_unisex_short_form_met_first_takes_the_gender_of_its_full_form(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    text = (
        "INT: Who took the kids?\n"
        "P: They're with our Jo, Joanne, and her husband Lee, over Hartcliffe.\n"
        "P: Jo's been a rock, to be fair.\n"
    )
    assert lexicons.first_names["jo"] == "u" and lexicons.first_names["joanne"] == "f"
    _pseudonymise_memo(text, tmp_path, lexicons, detector)
    with Project(tmp_path / "project").open_registry(create=False) as registry:
        (jo,) = [e for e in registry.entities() if e.label == "PERSON"]
        assert {a[1] for a in registry.aliases(jo.id)} == {"Jo", "Joanne"}
        assert jo.gender == "f"
        assert lexicons.first_names.get(jo.pseudo_first.casefold()) in ("f", "u")


def test_a_diminutive_before_a_name_is_part_of_its_mention_and_stays_in_the_output(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    """ "wee Ruby" is one mention (../shared/ANNOTATION.md): the audit log's span holds "wee", and the
    output keeps it before the surrogate; the registry knows the name alone."""
    text = "Morag: Wee Ruby was there, and wee Ruby's pal. Then Ruby came. Between the big house and me.\n"
    out = _pseudonymise_memo(text, tmp_path, lexicons, detector)
    records = [
        json.loads(line)
        for line in (tmp_path / "project" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
        if '"replacement"' in line
    ]
    ruby = [(r["original"], r["replacement"]) for r in records if "Ruby" in r["original"]]
    assert [original for original, _ in ruby] == ["Wee Ruby", "wee Ruby", "Ruby"], ruby
    surrogate = ruby[2][1]
    assert ruby[0][1] == f"Wee {surrogate}" and ruby[1][1] == f"wee {surrogate}"
    assert f"Wee {surrogate} was there, and wee {surrogate}'s pal" in out and "big house" in out
    assert {"Ruby"} in _people(tmp_path / "project")


def test_initials_of_a_person_the_file_names_render_as_the_surrogates_initials(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    """Field notes write "KB" once they have named Kerry-Ann Blyth: the surrogate's initials stand there.
    Initials two people share ("PR": Priya Raman, Paul Reid), the domain's abbreviations ("SW") and study
    codes ("P07") are left; initials are no alias the gate looks for in other files."""
    text = (
        "Field notes, visit 2.\n\nMet Kerry-Ann Blyth at the family centre. KB is the family worker there. "
        "The SW came too. Priya Raman and Paul Reid both came, and PR said hello. P07 was quiet. Kamil Nowak "
        "was there; K.N. declined to be recorded.\n"
        "KB said she would ring on Friday.\n"
    )
    out = _pseudonymise_memo(text, tmp_path, lexicons, detector)
    with Project(tmp_path / "project").open_registry(create=False) as registry:
        kerry = next(e for e in registry.entities() if e.canonical == "Kerry-Ann Blyth")
        assert "KB" not in {a[1] for a in registry.aliases(kerry.id)}
    # The surrogate's initials, or its first name where those initials spell a word or term ("LB", "NA").
    initials = (kerry.pseudo_first[:1] + kerry.pseudo_last[:1]).upper()
    shown = next(s for s in (initials, kerry.pseudo_first) if f"{s} is the family worker" in out)
    assert "KB" not in out and f"\n{shown} said" in out
    # The model's "K.N" organisation gives way to the initials.
    with Project(tmp_path / "project").open_registry(create=False) as registry:
        kamil = next(e for e in registry.entities() if e.canonical == "Kamil Nowak")
    dotted = f"{kamil.pseudo_first[:1]}.{kamil.pseudo_last[:1]}.".upper()
    assert f"; {dotted} declined" in out or f"; {kamil.pseudo_first} declined" in out
    for kept in ("The SW came", "PR said", "P07 was"):
        assert kept in out, kept


def test_people_who_share_a_surname_share_a_surrogate_surname_in_their_scope(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    """A family keeps one surname: "Tyler Bagnall", his dad "Dean Bagnall", "Mrs Bagnall" and a lone
    "Bagnall" render with one surrogate surname, in the file and in a later file of its participant
    scope; a Bagnall of another participant draws a surname of its own."""
    project = tmp_path / "project"
    project.mkdir(mode=0o700)
    (project / "rules.yaml").write_text("scopes:\n  family: [visit1.txt, visit2.txt]\n", encoding="utf-8")
    options = RunOptions(lexicons=lexicons, detector=detector)
    first = {
        "visit1.txt": (
            "INT: Tell me about the family.\n"
            "P2: Tyler Bagnall is nineteen. Everybody knows Bagnall. His dad, Dean Bagnall, is a roofer.\n"
        ),
    }
    later = {
        "visit2.txt": "INT: Anyone else?\nP2: Mrs Bagnall, his nan. Shirley Bagnall. She has them Fridays.\n",
        "other.txt": "INT: Who helps?\nP: Carl Bagnall from the housing. He's useless.\n",
    }
    out = anonymiser.pseudonymise_texts(first, project, options=options)
    out |= anonymiser.pseudonymise_texts(later, project, options=options)
    ((_, _, tyler_first, family),) = _entity_of(project, "Tyler Bagnall")
    ((_, _, dean_first, dean_last),) = _entity_of(project, "Dean Bagnall")
    ((_, _, shirley_first, shirley_last),) = _entity_of(project, "Shirley Bagnall")
    ((_, _, _, carl_last),) = _entity_of(project, "Carl Bagnall")
    assert dean_last == shirley_last == family and carl_last != family
    assert len({tyler_first, dean_first, shirley_first}) == 3
    assert f"Everybody knows {family}." in out["visit1.txt"] and f"Mrs {family}, his nan" in out["visit2.txt"]
    assert family not in out["other.txt"] and "Bagnall" not in "".join(out.values())


def test_a_surrogate_that_is_an_original_but_for_a_possessives_s_is_retired(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    """ "gwyns mother" renders a surrogate with its "s": "Harri" would give "harris", which reads as a leak
    where a Harris took part. A person met later whose name is a surrogate and an "s" retires that surrogate."""
    project = tmp_path / "project"
    options = RunOptions(lexicons=lexicons, detector=detector)
    anonymiser.pseudonymise_texts({"a.txt": "INT: Who?\nP: Dean Bagnall is my dad.\n"}, project, options=options)
    ((dean_id, _, dean_first, _),) = _entity_of(project, "Dean Bagnall")
    later = {"b.txt": f"INT: Who helps?\nP: Mrs Jo {dean_first}s from the housing. She's useless.\n"}
    out = anonymiser.pseudonymise_texts(later, project, options=options)
    ((renamed_id, _, renamed_first, _),) = _entity_of(project, "Dean Bagnall")
    assert renamed_id == dean_id and renamed_first.casefold() != dean_first.casefold()
    assert f"{dean_first}s" not in out["b.txt"]


def test_a_lone_name_linked_only_as_another_short_form_of_the_same_name_is_listed_for_review(
    detector: Detector, lexicons: Lexicons, default_rules: Rules
) -> None:
    """ "Boaby" after "Rab Boyle" (both short for Robert) is linked, and listed for a human, as "Will" after
    "Billy Fairclough" would be, and "Frankie" after "Frank Hepworth"; "Bill" after "Billy Fairclough" is
    plainly him."""
    text = (
        "INT: Who was there?\nP: Rab Boyle brought the tea. Boaby is a laugh. Billy Fairclough came. Bill said so.\n"
        "P: Frank Hepworth runs it. Frankie came late. Grace Obi and Gracie were there.\n"
    )
    (detected,) = detector.detect([Document("a.txt", "txt", text, b"", "utf-8", "")])
    resolved = resolve(detected, default_rules, lexicons)
    flagged = {r.text for r in resolved.review if r.reason.startswith("ambiguous short form")}
    assert flagged == {"Boaby", "Frankie"}  # "Frankie" is a name of its own too; "Gracie" is plainly Grace
    boaby = next(m for m in resolved.mentions if m.text == "Boaby")
    assert resolved.groups[boaby.group].canonical == "Rab Boyle"


def test_a_family_keeps_its_surrogate_surname_when_a_members_surrogate_first_name_is_retired(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    """When a person met later really has the first name a family member's surrogate used, that member
    gets a new first name and keeps the family's surrogate surname (it had drawn a new surname too)."""
    project = tmp_path / "project"
    options = RunOptions(lexicons=lexicons, detector=detector)
    first = {"visit1.txt": "INT: The family?\nP2: Tyler Bagnall is nineteen. His dad, Dean Bagnall, is a roofer.\n"}
    anonymiser.pseudonymise_texts(first, project, options=options)
    ((_, _, _, family),) = _entity_of(project, "Tyler Bagnall")
    ((dean_id, _, dean_first, dean_last),) = _entity_of(project, "Dean Bagnall")
    assert dean_last == family
    later = {"visit2.txt": f"INT: Who helps?\nP: {dean_first} Okonkwo from the housing. He's useless.\n"}
    anonymiser.pseudonymise_texts(later, project, options=options)
    ((renamed_id, _, renamed_first, renamed_last),) = _entity_of(project, "Dean Bagnall")
    assert renamed_id == dean_id and renamed_first != dean_first
    assert renamed_last == family


def test_a_kin_word_before_a_name_states_its_gender_and_keeps_apart_short_forms_of_another_gender(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    """ "his da is Sandy Gamble": a unisex first name gets a man's surrogate; "my sister, Alex" (Alex and Sandy
    are both short for Alexander) is someone else, and gets a woman's."""
    text = (
        "INT: Tell me about the family.\n"
        "P2: The daddy is Ciarán Gamble, and his da is Sandy Gamble from Strabane. My sister, Alex, helps out.\n"
    )
    _pseudonymise_memo(text, tmp_path, lexicons, detector)
    project = tmp_path / "project"
    ((sandy, _, sandy_first, _),) = _entity_of(project, "Sandy Gamble")
    ((alex, _, alex_first, _),) = _entity_of(project, "Alex")
    assert sandy != alex
    assert lexicons.first_names.get(sandy_first.casefold()) != "f"  # drawn from men's names (a few are unisex)
    assert lexicons.first_names.get(alex_first.casefold()) != "m"


def test_an_origin_whose_names_all_serve_entities_keeps_its_origin_before_a_fresh_name_of_another(
    tmp_path: Path, lexicons: Lexicons
) -> None:
    """A Scottish deposit uses up the list's Scottish women's names long before the end: a Scottish first name
    then serves a second entity (with another surname) rather than an English one; a full name never repeats."""
    from anonymiser.pseudonymise import SurrogateFactory

    scottish = [n for n, g in lexicons.first_names.items() if g == "f" and lexicons.name_origins.get(n) == "scottish"]
    (tmp_path / "project").mkdir(mode=0o700)
    with Project(tmp_path / "project").open_registry(create=True) as registry:
        factory = SurrogateFactory(registry, lexicons, set())
        people = [factory.person("f", i, "scottish", "") for i in range(len(scottish) + 30)]
    assert len(people) > 60
    assert [first for first, _ in people if lexicons.name_origins.get(first.casefold()) != "scottish"] == []
    assert len({f"{first} {last}" for first, last in people}) == len(people)
    assert len({first for first, _ in people}) < len(people)  # some serve two
