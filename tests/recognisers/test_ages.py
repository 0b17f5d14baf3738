"""Ages said in speech, and the numbers after "be" or "turned" that are not ages."""

from __future__ import annotations

import pytest

from anonymiser.recognisers.ages import AgeRecognizer


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("she's nine and he turned fourteen in may", ["nine", "fourteen"]),
        ("he'll be eight in march", ["eight"]),
        ("the baby is six months old and aged 2 she was", ["six months old", "2"]),
        ("i'll be three years dry in january and fourteen months sober", []),
        ("she's two weeks clean and he was ten minutes late", []),
        ("he'll be two years old at christmas", ["two years old"]),
    ],
)
def test_ages_and_spans_of_time(text: str, found: list[str]) -> None:
    """A number after "be" or "turned" is an age, not when a unit of time or money follows ("three years
    dry"), unless "old" does ("two years old")."""
    results = AgeRecognizer().analyze(text, [])
    assert sorted({text[r.start : r.end] for r in results}) == sorted(found)
