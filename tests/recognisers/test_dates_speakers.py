"""Dates in written and spoken UK forms; speaker labels that are names."""

from __future__ import annotations

import pytest

from anonymiser.lexicons import Lexicons
from anonymiser.recognisers import SpeakerLabelRecognizer, UkDateRecognizer


def _found(recogniser: object, text: str) -> set[str]:
    return {text[r.start : r.end] for r in recogniser.analyze(text, [])}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("seen on 14/06/2021 at", "14/06/2021"),
        ("on 3.2.22 we", "3.2.22"),
        ("the 14th of June", "14th of June"),
        ("June the 14th", "June the 14th"),
        ("Tuesday 22nd March 2022 was", "Tuesday 22nd March 2022"),
        ("the fourteenth of June", "fourteenth of June"),
        ("back in March she", "March"),
        ("since '19", "'19"),
        ("in summer 2020", "summer 2020"),
        ("Christmas 2021", "Christmas 2021"),
        ("born in 1987", "1987"),
        ("on the 3rd we", "3rd"),
        ("so that night, the fourteenth, I'd gone over", "fourteenth"),
        ("it was Friday the 13th and", "Friday the 13th"),
        ("back in march", "march"),
        ("so aye twenty sixteen", "twenty sixteen"),
        ("that was nineteen ninety-four", "nineteen ninety-four"),
        ("but then two thousand and nineteen it all went", "two thousand and nineteen"),
        ("date of birth the third of the ninth eighty six aye", "third of the ninth eighty six"),
        ("born on the 3rd of the 9th 1986", "3rd of the 9th 1986"),
        ("court was on the third of the sixth, then", "third of the sixth"),
        ("her date of birth is the ninth of the third, oh-eight.", "ninth of the third, oh-eight"),
        ("back in oh-nine I was using", "oh-nine"),
        ("the hearing's the 14/7, I think", "14/7"),
        ("the review is 28/02 at the centre", "28/02"),  # a month with its zero, a day past the twelfth
        ("we went back in twenty-two after the funeral", "twenty-two"),
        ("she came out in Sept and went straight to her mam's", "Sept"),
        ("i was using back in ninety-six and that", "ninety-six"),
        ("he was born in seventy two in the flats", "seventy two"),
        ("we moved up in the summer of twenty-one", "the summer of twenty-one"),
        ("aye it was the fourteenth o feb twenty nineteen", "fourteenth o feb twenty nineteen"),  # Scots "o"
        ("can you tell me about boxing day 2021", "boxing day 2021"),
        ("since bonfire night twenty twenty one", "bonfire night twenty twenty one"),
        # A weekday and its day are one date; a birthday is a date of birth.
        ("the hearing is Monday the 3rd and the review Tues 12th", "Monday the 3rd"),
        ("the hearing is Monday the 3rd and the review Tues 12th", "Tues 12th"),
        ("we meet Weds the 20th of September", "Weds the 20th of September"),
        ("no it was friday the seventh", "friday the seventh"),
        ("her birthday's the ninth and his", "ninth"),
    ],
)
def test_dates_uk_forms(text: str, date: str) -> None:
    assert date in _found(UkDateRecognizer(), text)


@pytest.mark.parametrize(
    "text",
    [
        "I may go",
        "we march on",
        "two weeks",
        "on the Friday",
        "that day, the first thing I did",
        "every night the second one cries",
        "it cost 2000 pounds",
        "at 10.30 we",
        "twenty sixteen-year-olds",
        "cost nineteen ninety pence",
        "twenty fifteen minutes",
        "it cost two thousand and twelve pounds",
        "the first of the second half was better",
        "she's in the first of the sixth form classes",
        "we run a 24/7 helpline",
        "he scored 3/10 on the test",
        "oh nine people came",
        "she got 8/10 and then 10/10 and 28/30 on the quiz",
        "I'll be back in twenty minutes",
        "in septic shock",
        "he went from sixty five mil down to forty",
        "she was in ninety-six hours before they let her out",
        "in ninety six of the cases it works",
        "i sat the first exam and sat the second one too",
        "on a sunday the first thing we do is eat",
    ],
)
def test_dates_near_misses(text: str) -> None:
    assert _found(UkDateRecognizer(), text) == set()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dawn: aye\n", "Dawn"),
        ("DAWN: aye\n", "DAWN"),
        ("[Dawn] aye\n", "Dawn"),
        ("Dawn (mum): aye\n", "Dawn"),
        ("P12 (Dawn): aye\n", "Dawn"),
        ("[00:01:02] Kirsty: ok\n", "Kirsty"),
        ("<v Kirsty Mair>hello</v>", "Kirsty Mair"),
    ],
)
def test_speaker_labels_are_names(text: str, name: str, lexicons: Lexicons) -> None:
    assert name in _found(SpeakerLabelRecognizer(lexicons), text)


@pytest.mark.parametrize(
    "text",
    ["Interviewer: ok\n", "INT: ok\n", "P12: ok\n", "Date: 1 May\n", "Notes: x\n", "KM: ok\n", "Reflections: x\n"],
)
def test_speaker_labels_near_misses(text: str, lexicons: Lexicons) -> None:
    assert _found(SpeakerLabelRecognizer(lexicons), text) == set()
