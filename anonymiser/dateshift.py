"""Shifting dates by a secret offset, keeping every interval and the way each date was written.

With ``policy: {DATE: shift}`` every date of a project moves by the same
number of days, drawn from the registry's secret seed: "14/06/2021" stays
numeric ("02/09/2021"), "the 14th of June" stays spoken ("the 2nd of
September"), a weekday follows its date, months and years move with the
offset. Intervals between full dates are kept exactly. A form it cannot read
falls back to a bracketed descriptor, never to the original.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import hmac
import re

MONTHS = [m.lower() for m in calendar.month_name[1:]]
MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
WEEKDAYS = [d.lower() for d in calendar.day_name]
ORDINAL_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty-first",
    "twenty-second",
    "twenty-third",
    "twenty-fourth",
    "twenty-fifth",
    "twenty-sixth",
    "twenty-seventh",
    "twenty-eighth",
    "twenty-ninth",
    "thirtieth",
    "thirty-first",
]
WEEKDAY_FORMS = set(WEEKDAYS) | {d[:3] for d in WEEKDAYS} | {"tues", "thur", "thurs", "weds"}
REFERENCE_YEAR = 2000  # a leap year, so "the 29th of February" without a year still shifts


def offset_days(seed: str, scope: str = "") -> int:
    """The secret shift of the project, or of one participant scope: 30 to 400 days either way, from the seed."""
    message = b"date-shift" + (b":" + scope.encode() if scope else b"")
    value = int.from_bytes(hmac.new(seed.encode(), message, hashlib.sha256).digest()[:4], "big")
    days = 30 + value % 371
    return days if value & 1 << 31 else -days


def _suffix(day: int) -> str:
    return "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _case(template: str, word: str) -> str:
    if template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word.capitalize()
    return word.lower()


def _month_number(word: str) -> int | None:
    key = word.lower().rstrip(".")
    if key in MONTHS:
        return MONTHS.index(key) + 1
    return MONTH_ABBR.get(key[:4] if key.startswith("sept") else key[:3]) if len(key) >= 3 else None


def _render_month(template: str, month: int) -> str:
    full = MONTHS[month - 1]
    if template.lower() in MONTHS:  # written in full ("May" too)
        word = full
    elif template.lower().rstrip(".") == "sept" and month == 9:
        word = "sept"
    else:
        word = full[:3]
    return _case(template, word) + ("." if template.endswith(".") else "")


_NUMERIC = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$")
_YEAR = re.compile(r"^(?:(19|20)(\d{2})|(['’])(\d{2}))$")
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?|\d+(?:st|nd|rd|th)?|['’]\d{2}|[^\w\s]|\s+")


def shift(text: str, days: int) -> str | None:
    """``text`` moved by ``days``, written as it was; None when the form is not understood."""
    stripped = text.strip()
    m = _NUMERIC.match(stripped)
    if m:
        return _shift_numeric(m, days)
    m = _YEAR.match(stripped)
    if m:
        year = int(m.group(1) + m.group(2)) if m.group(1) else 2000 + int(m.group(4))
        new = (dt.date(year, 7, 1) + dt.timedelta(days=days)).year
        return str(new) if m.group(1) else f"{m.group(3)}{new % 100:02d}"
    return _shift_words(stripped, days)


def _shift_numeric(m: re.Match[str], days: int) -> str | None:
    day, sep, month, year_text = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
    year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    try:
        new = dt.date(year, month, day) + dt.timedelta(days=days)
    except ValueError:
        return None
    width_d, width_m = len(m.group(1)), len(m.group(3))
    new_year = f"{new.year:04d}" if len(year_text) == 4 else f"{new.year % 100:02d}"
    return f"{new.day:0{width_d}d}{sep}{new.month:0{width_m}d}{sep}{new_year}"


def _is_day_number(word: str) -> bool:
    return bool(re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", word)) and int(re.sub(r"\D", "", word)) <= 31


def _shift_words(text: str, days: int) -> str | None:
    """Forms made of words: "Tuesday 22nd March 2022", "the fourteenth of June", "March 2019", "June"."""
    tokens = _WORDS.findall(text)
    day_index = month_index = year_index = weekday_index = None
    for i, token in enumerate(tokens):
        low = token.lower()
        if _month_number(token) and month_index is None and (low in MONTHS or len(low) <= 5):
            month_index = i
        elif low.rstrip(".") in WEEKDAY_FORMS:
            weekday_index = i
        elif day_index is None and (low in ORDINAL_WORDS or _is_day_number(low)):
            day_index = i
        elif re.fullmatch(r"(?:19|20)\d{2}|['’]\d{2}", token):
            year_index = i
    if month_index is None:
        return None
    month = _month_number(tokens[month_index]) or 1
    year = REFERENCE_YEAR
    if year_index is not None:
        token = tokens[year_index]
        year = int(token) if token[0].isdigit() else 2000 + int(token[1:])
    if day_index is None:
        # A month (and year): move its middle, so month-only forms move coherently.
        moved = dt.date(year, month, 15) + dt.timedelta(days=days)
        new_day = None
    else:
        token = tokens[day_index].lower()
        day = ORDINAL_WORDS.index(token) + 1 if token in ORDINAL_WORDS else int(re.sub(r"\D", "", token))
        try:
            moved = dt.date(year, month, day) + dt.timedelta(days=days)
        except ValueError:
            return None
        new_day = moved.day
    out = list(tokens)
    out[month_index] = _render_month(tokens[month_index], moved.month)
    if day_index is not None and new_day is not None:
        token = tokens[day_index]
        if token.lower() in ORDINAL_WORDS:
            out[day_index] = _case(token, ORDINAL_WORDS[new_day - 1])
        elif re.fullmatch(r"\d+", token):
            out[day_index] = str(new_day)
        else:
            out[day_index] = f"{new_day}{_suffix(new_day)}"
    if year_index is not None:
        token = tokens[year_index]
        out[year_index] = str(moved.year) if token[0].isdigit() else f"{token[0]}{moved.year % 100:02d}"
    if weekday_index is not None:
        token = tokens[weekday_index]
        name = WEEKDAYS[moved.weekday()]
        out[weekday_index] = _case(token, name if token.lower() in WEEKDAYS else name[:3]) + (
            "." if token.endswith(".") else ""
        )
    return "".join(out)
