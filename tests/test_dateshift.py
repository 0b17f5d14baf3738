"""Date shifting keeps every interval and every format (issue 5)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anonymiser.dateshift import ORDINAL_WORDS, shift

DATES = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2040, 12, 31))
OFFSETS = st.integers(min_value=-400, max_value=400).filter(lambda d: abs(d) >= 30)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _suffix(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


FORMATS = {
    "numeric": (
        lambda d: d.strftime("%d/%m/%Y"),
        r"\d{2}/\d{2}/\d{4}",
        lambda s: dt.datetime.strptime(s, "%d/%m/%Y").date(),
    ),
    "dotted": (
        lambda d: f"{d.day}.{d.month}.{d.year % 100:02d}",
        r"\d{1,2}\.\d{1,2}\.\d{2}",
        lambda s: dt.date(2000 + int(s.split(".")[2]), int(s.split(".")[1]), int(s.split(".")[0])),
    ),
    "spoken": (
        lambda d: f"{d.day}{_suffix(d.day)} of {MONTHS[d.month - 1]} {d.year}",
        r"\d{1,2}(st|nd|rd|th) of [A-Z][a-z]+ \d{4}",
        lambda s: dt.datetime.strptime(re.sub(r"(?<=\d)(st|nd|rd|th) of", "", s), "%d %B %Y").date(),
    ),
    "weekday": (
        lambda d: f"{d.strftime('%A')} {d.day}{_suffix(d.day)} {MONTHS[d.month - 1]} {d.year}",
        r"[A-Z][a-z]+day \d{1,2}(st|nd|rd|th) [A-Z][a-z]+ \d{4}",
        lambda s: dt.datetime.strptime(re.sub(r"(?<=\d)(st|nd|rd|th) ", " ", s), "%A %d %B %Y").date(),
    ),
}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(first=DATES, second=DATES, days=OFFSETS, form=st.sampled_from(sorted(FORMATS)))
def test_dateshift_keeps_intervals_and_format(first: dt.date, second: dt.date, days: int, form: str) -> None:
    render, pattern, parse = FORMATS[form]
    if form == "dotted" and not (2002 <= first.year <= 2097 and 2002 <= second.year <= 2097):
        return
    a, b = shift(render(first), days), shift(render(second), days)
    assert a is not None and b is not None
    assert re.fullmatch(pattern, a) and re.fullmatch(pattern, b), (a, b)
    assert (parse(b) - parse(a)) == (second - first)
    assert parse(a) - first == dt.timedelta(days=days)
    if form == "weekday":
        assert a.split()[0] == parse(a).strftime("%A")


@settings(max_examples=100, deadline=None, derandomize=True)
@given(date=DATES, days=OFFSETS)
def test_dateshift_spoken_ordinals_stay_words(date: dt.date, days: int) -> None:
    text = f"the {ORDINAL_WORDS[date.day - 1]} of {MONTHS[date.month - 1]}"
    shifted = shift(text, days)
    assert shifted is not None
    assert re.fullmatch(r"the [a-z-]+ of [A-Z][a-z]+", shifted), shifted


@pytest.mark.parametrize(
    ("text", "days", "expected"),
    [
        ("March 2019", 31, "April 2019"),
        ("2019", 200, "2020"),
        ("'19", 200, "'20"),
        ("june", -30, "may"),
        ("Tues 3 May 2022", 1, "Wed 4 May 2022"),
    ],
)
def test_dateshift_month_and_year_forms(text: str, days: int, expected: str) -> None:
    assert shift(text, days) == expected


def test_dateshift_policy_end_to_end(tmp_path, lexicons, detector) -> None:  # type: ignore[no-untyped-def]
    import anonymiser
    from anonymiser.pipeline import RunOptions

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("R: I was admitted on 14/06/2021 and left on the 20th of June 2021.\n", encoding="utf-8")
    project = tmp_path / "p"
    project.mkdir(mode=0o700)
    (project / "rules.yaml").write_text("policy:\n  DATE: shift\n", encoding="utf-8")
    summary = anonymiser.run(raw, tmp_path / "out", project, options=RunOptions(lexicons=lexicons, detector=detector))
    assert summary.findings == () and summary.errors == ()
    out = (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")
    numeric = re.search(r"on (\d{2}/\d{2}/\d{4}) and", out)
    spoken = re.search(r"the (\d{1,2})(?:st|nd|rd|th) of ([A-Z][a-z]+) (\d{4})", out)
    assert numeric and spoken, out
    first = dt.datetime.strptime(numeric.group(1), "%d/%m/%Y").date()
    second = dt.datetime.strptime(f"{spoken.group(1)} {spoken.group(2)} {spoken.group(3)}", "%d %B %Y").date()
    assert (second - first).days == 6 and first != dt.date(2021, 6, 14)


def test_dateshift_per_participant_scope(tmp_path, lexicons, detector) -> None:  # type: ignore[no-untyped-def]
    import anonymiser
    from anonymiser.dateshift import offset_days
    from anonymiser.pipeline import RunOptions
    from anonymiser.project import Project

    line = "R: I was admitted on 14/06/2021, that was the start of it.\n"
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("p1_wave1.txt", "p1_wave2.txt", "p2.txt"):
        (raw / name).write_text(line, encoding="utf-8")
    project = tmp_path / "p"
    project.mkdir(mode=0o700)
    (project / "rules.yaml").write_text('policy:\n  DATE: shift\nscopes:\n  P1: ["p1_*"]\n', encoding="utf-8")
    summary = anonymiser.run(raw, tmp_path / "out", project, options=RunOptions(lexicons=lexicons, detector=detector))
    assert summary.findings == () and summary.errors == ()
    with Project(project).open_registry(create=False) as registry:
        seed = registry.seed
    shown = {}
    for name in ("p1_wave1.txt", "p1_wave2.txt", "p2.txt"):
        match = re.search(r"on (\d{2}/\d{2}/\d{4}),", (tmp_path / "out" / name).read_text(encoding="utf-8"))
        assert match, name
        shown[name] = (dt.datetime.strptime(match.group(1), "%d/%m/%Y").date() - dt.date(2021, 6, 14)).days
    # One participant's files share the scope's secret offset; a file outside any scope has the project's.
    assert shown["p1_wave1.txt"] == shown["p1_wave2.txt"] == offset_days(seed, "P1")
    assert shown["p2.txt"] == offset_days(seed)
    assert offset_days("0" * 64) != offset_days("0" * 64, "P1")  # (a random seed gives the same one in 1 of 742)
