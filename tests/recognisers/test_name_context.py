"""Names told by the words around them: what people are called."""

from __future__ import annotations

import pytest

from anonymiser.lexicons import Lexicons
from anonymiser.recognisers import NameContextRecognizer


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("im mary jane doig everybody calls me mj im twenty nine", ["mj"]),
        ("They call him Dobbo cos of his dad.", ["Dobbo"]),
        ("everyone calls me Shan. I'm twenty-nine", ["Shan"]),
        ("she calls me stupid when she's angry", []),
        ("he calls me every day about it", []),
        # What everyone calls someone is a name, though it is a word: not a word of grammar after it.
        ("im waqar but everyone calls me wax and the lads all call him tiny", ["wax", "tiny"]),
        ("everyone calls me a junkie and he calls me lazy", []),
        ("the bairns called her mum from the start", []),
        # Where nothing is capitalised, the name before who calls someone by it; never a word like "that".
        (
            "[00:01:02] participant: ruby mae shes six rubes we call her and my mum maureen mo everyone calls her " * 3,
            ["rubes", "mo"] * 3,
        ),
        ("[00:01:02] participant: thats what we call her and now they call him at home all the time " * 3, []),
        # Who someone is, then what they are called; a surname only if it is one ("from clifton" is not).
        (
            "[00:01:02] speaker 2: a fella called sunny virdee came and a lad called dougie from clifton came too " * 3,
            ["sunny virdee", "dougie"] * 3,
        ),
        (
            "[00:01:02] speaker 2: a worker called round on tuesday and everyone calls her sunny cos shes nice " * 3,
            ["sunny"] * 3,
        ),
    ],
)
def test_what_people_are_called(text: str, found: list[str], lexicons: Lexicons) -> None:
    results = NameContextRecognizer(lexicons).analyze(text, [])
    assert [text[r.start : r.end] for r in results if "called" in str(r.analysis_explanation)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("my brother kully gives me a lift from braunstone", ["kully"]),
        ("her sister agatas wedding in august", ["agata"]),
        ("our two kids sunny and rose", ["sunny"]),
        ("the surgery doctor patel shes alright", ["patel"]),
        ("one of them sister okafor used to sneak me custard", ["okafor"]),
        ("my mum dont care and my dad aint bothered and my son thats", []),
        ("My mum can't cope and my sister she'll come, my brother kully's car", ["kully's"]),  # resolve trims 's
        ("my brother gives me a lift and the doctor said no", []),
        ("shes sixty eight now nana rose the weans call her", ["rose"]),
        ("it was after my grandad. bill the builder was on", []),  # a sentence ends; no title
        ("the kids call her nanna mo and auntie jo, not dr an", ["jo", "mo"]),  # two letters: a known name only
    ],
)
def test_lower_case_names_after_kin_and_titles(text: str, found: list[str], lexicons: Lexicons) -> None:
    """A word no list knows after "my brother" is a name; a contraction, with or without its apostrophe, is not."""
    results = NameContextRecognizer(lexicons).analyze(text, [])
    assert sorted({text[r.start : r.end] for r in results}) == sorted(found)


def test_a_lower_case_name_then_who_it_is(lexicons: Lexicons) -> None:
    """Where nothing is capitalised, "kelly her mum" is a name then who she is; "i hope my son" is a verb."""
    said = (
        "[00:01:02] speaker 2: so joy my sister in law and kelly her mum were there and i hope my son and ask my mum "
    )
    text = said * 3
    results = NameContextRecognizer(lexicons).analyze(text, [])
    found = [(text[r.start : r.end], r.score) for r in results if "apposition_lower" in str(r.analysis_explanation)]
    assert found == [("joy", 0.45), ("kelly", 0.6)] * 3  # a name that is also a word is a doubt, as after "my son"
    # With capitals, the comma and the capital say it; the lower-case form waits for a document without them.
    assert not NameContextRecognizer(lexicons).analyze("So kelly her mum was there, and I hope my son is.", [])


def test_a_name_then_to_whom_it_is_the_name(lexicons: Lexicons) -> None:
    text = "Yes, one of mine, Guilherme. Will to his mates, Gui at home. Welcome to his family, she said."
    found = [text[r.start : r.end] for r in NameContextRecognizer(lexicons).analyze(text, [])]
    assert found == ["Will"]


def test_where_nothing_is_capitalised_the_words_between_a_title_and_a_verb_are_a_name(lexicons: Lexicons) -> None:
    said = (
        "but mrs add a buyer said to me it's not about punishing you, and when mrs oh car for was the social "
        "worker, doctor new sue shes lovely, dr no vac sorry dr nowak. the doctor then said it, the doctor there "
        "was lovely and my doctor at the hospital said so, and doctor mack in ally knows us. social work were at "
        "the door mister oh hair\n[00:01:30] speaker 1: and i went to see doctor about it"
    )
    text = f"[00:01:02] speaker 2: {said}\n" * 2
    found = {
        text[r.start : r.end]
        for r in NameContextRecognizer(lexicons).analyze(text, [])
        if r.analysis_explanation.pattern_name == "name_title_words_verb"
    }
    assert found == {"add a buyer", "oh car for", "new sue", "no vac", "mack in ally", "oh hair"}
