"""Names after a title, and the words after a title that are not names."""

from __future__ import annotations

import pytest

from anonymiser.recognisers import TitledNameRecognizer


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I saw Mrs Mackie at the door", ["Mackie"]),
        ("then Dr. Okafor came in", ["Okafor"]),
        ("Sister Byrne was kind", ["Byrne"]),
        ("it went to mr mcgowan", ["mcgowan"]),
        ("rejected by an Immigration Judge. On 1 November 2006 an order", []),
        ("we rang the Nurse. Later she came", []),
    ],
)
def test_titled_names(text: str, found: list[str]) -> None:
    results = TitledNameRecognizer().analyze(text, [])
    assert [text[r.start : r.end] for r in results] == found


@pytest.mark.parametrize(
    ("said", "found"),
    [
        ("her teacher miss half is brilliant with her and judge marsh gave mam the order", ["half", "marsh"]),
        ("we had a meeting with miss core and frank is coming", ["core"]),
        ("i miss home and i still miss him and dont judge people", []),
        ("mr and mrs okafor came round", ["okafor"]),
    ],
)
def test_where_nothing_is_capitalised_a_title_makes_any_word_a_name_unless_it_is_a_verb(
    said: str, found: list[str]
) -> None:
    """ "miss half", "judge marsh": after a title that is also a verb, any word is a name, unless a subject,
    "to" or an auxiliary before makes the title a verb ("i miss home", "dont judge people")."""
    text = f"[00:02:10] speaker 1: {said} and that was that really for all of us at the time\n" * 3
    results = [r for r in TitledNameRecognizer().analyze(text, []) if r.score >= 0.5]
    assert sorted({text[r.start : r.end] for r in results}) == sorted(found)
