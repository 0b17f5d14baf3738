"""Dates as UK transcripts write and speak them.

"14/06/2021", "3.2.22", "the 14th of June", "June the 14th", "Tuesday 22nd
March 2022", "the fourteenth of June", "March 2019", "summer 2020", "Christmas
2021", "2019", "'19", "back in oh-nine", "back in March" (the month), "on the 3rd", "on the third of
the sixth", "the 14/7". A date takes
the whole expression, without a leading "the" (../shared/ANNOTATION.md). Bare
weekdays, durations and relative dates are not dates.
"""

from __future__ import annotations

import re

from .base import RegexRecognizer, Rx

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_ORDINAL_WORDS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
    r"|twenty[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|thirtieth"
    r"|thirty[- ]first)"
)
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORDINAL_WORDS})"
_WEEKDAY = r"(?:Mon|Tues|Tue|Wednes|Weds|Wed|Thurs|Thu|Fri|Satur|Sat|Sun)(?:day)?"
_YEAR = r"(?:(?:19|20)\d{2}|'\d{2}|’\d{2})"
_SPOKEN_YEAR = (
    r"(?:(?:nineteen|twenty)[- ](?:(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four"
    r"|five|six|seven|eight|nine))?|oh[- ](?:one|two|three|four|five|six|seven|eight|nine))"
    r"|two thousand(?: and)?(?: (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty))?)"
)
_SHORT_SPOKEN_YEAR = (
    r"(?:(?:nineteen\s+)?(?:fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:twenty|two thousand and)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen"
    r"|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five|six|seven"
    r"|eight|nine))?))"
)
_I = re.IGNORECASE

_NUMERIC = re.compile(r"(?<![\d/.:-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/:-]|\.\d)")
_WEEKDAY_NUMERIC = re.compile(
    rf"\b(?P<id>{_WEEKDAY}\.?,?\s+\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}}))(?![\d/:-]|\.\d)", _I
)
_ISO = re.compile(r"(?<![\d-])(?:19|20)\d{2}-[01]\d-[0-3]\d(?![\d-])")
_DAY_MONTH = re.compile(
    rf"\b(?:the\s+)?(?P<id>(?:{_WEEKDAY},?\s+(?:the\s+)?)?{_DAY}(?:\s+(?:of|o['’]?))?\s+{_MONTHS}\b"
    rf"(?:,?\s+(?:{_YEAR}|{_SPOKEN_YEAR}|{_SHORT_SPOKEN_YEAR})\b)?)",
    _I,
)
# A numeric date said aloud: "the third of the ninth eighty six" (3/9/86); the year is needed,
# as "the first of the second" alone is no date.
_MONTH_ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|1st|2nd|3rd"
    r"|[4-9]th|1[0-2]th)"
)
_OH_YEAR = r"(?:oh[- ](?:one|two|three|four|five|six|seven|eight|nine))"  # "oh-nine": 2009
_DAY_OF_THE_MONTH = re.compile(
    rf"\b(?:the\s+)?(?P<id>{_DAY}\s+of\s+the\s+{_MONTH_ORDINAL},?\s+(?:{_YEAR}|{_SPOKEN_YEAR}|{_SHORT_SPOKEN_YEAR}"
    rf"|{_OH_YEAR}))\b",
    _I,
)
# Without a year, only where a date stands: "court was on the third of the sixth" (not "the first of the
# sixth form").
_DAY_OF_THE_MONTH_SAID = re.compile(
    rf"\b(?:on|by|from|until|till|since|before|after|{_WEEKDAY})\s+the\s+(?P<id>{_DAY}\s+of\s+the\s+{_MONTH_ORDINAL})\b"
    r"(?!\s+(?:form|year|floor|grade|class|time|day|week|month|of|one|lot))",
    _I,
)
# A day and month written without a year after "the" or "on": "the 14/7", "on 3/2"; not "24/7".
_DAY_SLASH_MONTH = re.compile(r"\b(?:the|on|by|from|until|till|since)\s+(?P<id>(\d{1,2})/(\d{1,2}))(?![\d/])", _I)
# A day and month alone in the forms nothing else takes: a month with its zero ("28/02"), or a day past the
# twelfth before a month ("28/2"); not a score or a share ("8/10", "10/10", "28/30").
_DAY_MONTH_ALONE = re.compile(r"(?<![\d/.:£$-])(?P<id>(\d{1,2})/(0[1-9]|1[0-2]|[1-9]))(?![\d/%.]\d?)")
_MONTH_DAY = re.compile(rf"(?P<id>\b(?:{_WEEKDAY},?\s+)?{_MONTHS}\s+(?:the\s+)?{_DAY}\b(?:,?\s+{_YEAR}\b)?)", _I)
_MONTH_YEAR = re.compile(rf"\b(?P<id>{_MONTHS}\s+(?:of\s+)?(?:{_YEAR}|{_SPOKEN_YEAR}))(?!\w)", _I)
_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# A year of the last century said by its last two words: "ninety-six" (1996); "twenty-one" only after
# "of" (the summer of twenty-one).
_CENTURY_YEAR = rf"(?:fifty|sixty|seventy|eighty|ninety)[- ]{_UNIT}"
# What follows a number that is no year: "in ninety-six hours", "nineteen ninety pence".
_NOT_A_YEAR_AFTER = (
    r"(?![- ]?(?:years?|year-olds?|pounds?|quid|pence|p\b|minutes?|hours?|days?|weeks?|months?|percent|per"
    r"|times|people|mg|ml|miles?|grams?|mils?))"
)
_SEASON_YEAR = re.compile(
    rf"\b(?P<id>(?:(?:the\s+)?(?:spring|summer|autumn|fall|winter|christmas(?:\s+(?:day|eve))?|xmas|easter"
    r"|new\s+year(?:['’]?s\s+(?:day|eve))?|hogmanay|boxing\s+day|bonfire\s+night|valentine['’]?s(?:\s+day)?"
    r"|halloween|mother['’]?s\s+day|father['’]?s\s+day|eid|diwali)"
    rf"\s+(?:of\s+)?(?:{_YEAR}|{_SPOKEN_YEAR}|{_CENTURY_YEAR}|(?<=of )twenty[- ]{_UNIT})))(?!\w){_NOT_A_YEAR_AFTER}",
    _I,
)
_CENTURY_YEAR_CTX = re.compile(
    rf"\b(?:back in|since|born in|in)\s+(?P<id>{_CENTURY_YEAR})\b{_NOT_A_YEAR_AFTER}"
    r"(?![- ]?(?:odd|of|cases|kids|families|others|calls|mils?|kilos?|stone))",  # "in ninety-six of the cases"
    _I,
)
_YEAR_RANGE = re.compile(r"(?<![\d£$])(?P<id>(?:19|20)\d{2}\s?(?:-|–|to)\s?(?:(?:19|20)?\d{2}))(?![\d%])")
_YEAR_ALONE = re.compile(
    r"(?<![\d£$.,:/-])(?P<id>(?:19[3-9]\d|20[0-4]\d))(?![\d%]|\.\d|,\d|:\d)"
    r"(?!\s*(?:pounds?|quid|grand|mg|ml|people|words|calories|miles|metres|steps|grams|hours|minutes))",
    _I,
)
_SHORT_YEAR = re.compile(
    r"\b(?:in|since|from|until|till|of|back in|summer|winter|spring|autumn|christmas|easter)\s+(?P<id>['’]\d{2})\b", _I
)
_SPOKEN_YEAR_CTX = re.compile(
    rf"\b(?:in|since|from|until|till|back in|born in|of|that was|it was)\s+(?P<id>{_SPOKEN_YEAR}"
    rf"|{_OH_YEAR}"  # "back in oh-nine"
    r"|(?<=back in )twenty[- ](?:one|two|three|four|five|six|seven|eight|nine)"  # "back in twenty-two": 2022
    r"|twenty\s+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|twenty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?))\b",
    _I,
)
# A spoken year alone, in the forms that are nothing else ("so aye twenty sixteen"),
# unless a unit follows ("twenty sixteen-year-olds", "nineteen ninety pence").
_SPOKEN_YEAR_ALONE = re.compile(
    r"\b(?P<id>nineteen[- ](?:sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|twenty[- ](?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|twenty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"|two thousand and (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?))\b"
    + _NOT_A_YEAR_AFTER,
    _I,
)
# A month alone is a date when written with its capital ("back in March"),
# except May, which also needs a preposition; lower-case months need one too.
_MONTH_CAPITAL = re.compile(
    r"\b(?P<id>January|February|March|April|June|July|August|September|October|November|December)\b"
)
_MONTH_CONTEXT = re.compile(
    r"\b(?:in|since|until|till|by|from|last|next|this|early|late|mid|end of|start of|beginning of"
    r"|middle of|back in)\s+(?P<id>january|february|march|april|may|june|july|august|september"
    r"|october|november|december|sept|aug|oct|nov|feb)\b(?!\.\w)",
    _I,
)
_NOT_A_DAY_AFTER = r"(?!\s+(?:of|floor|time|day|week|month|year|minute|one|thing))\b"
_ON_THE_DAY = re.compile(
    # "on the 3rd", "her birthday's the ninth"
    rf"\b(?:on|by|from|until|till|since|before|after|birthday(?:['’]s|\s+is|\s+was)?)\s+the\s+(?P<id>{_DAY})"
    + _NOT_A_DAY_AFTER,
    _I,
)
# A weekday and its day are one date: "Monday the 3rd", "Tues 12th", "friday the seventh". Abbreviated
# weekdays count capitalised only ("sat the first exam" is no date).
_WEEKDAY_THE_DAY = re.compile(
    r"\b(?P<id>(?:(?:[Mm]on|[Tt]ues|[Ww]ednes|[Tt]hurs|[Ff]ri|[Ss]atur|[Ss]un)day|Mon|Tues|Tue|Weds|Wed|Thurs|Thu|Fri|Sat|Sun)"
    rf"\.?,?\s+(?:(?i:the)\s+(?i:{_DAY})|\d{{1,2}}(?:st|nd|rd|th)|(?i:{_ORDINAL_WORDS})))" + _NOT_A_DAY_AFTER
)

# "that night, the fourteenth, I'd gone over": a time word, then the day set off by punctuation.
_DAY_SET_OFF = re.compile(rf"\b(?:night|day|morning|evening|weekend),?\s+the\s+(?P<id>{_DAY})(?=\s*[,.;:!?)])", _I)


class UkDateRecognizer(RegexRecognizer):
    """Dates in UK written and spoken forms: DATE / date, month, year, season."""

    LABEL = "DATE"
    PATTERNS = (
        Rx("date_numeric", _NUMERIC, 0.9, "date"),
        Rx("date_weekday_numeric", _WEEKDAY_NUMERIC, 0.9, "date"),
        Rx("date_iso", _ISO, 0.9, "date"),
        Rx("date_day_month", _DAY_MONTH, 0.9, "date"),
        Rx("date_month_day", _MONTH_DAY, 0.85, "date"),
        Rx("date_day_of_the_month", _DAY_OF_THE_MONTH, 0.8, "date"),
        Rx("date_day_of_the_month_said", _DAY_OF_THE_MONTH_SAID, 0.7, "date"),
        Rx("date_day_slash_month", _DAY_SLASH_MONTH, 0.7, "date"),
        Rx("date_day_month_alone", _DAY_MONTH_ALONE, 0.6, "date"),
        Rx("date_month_year", _MONTH_YEAR, 0.9, "month"),
        Rx("date_season_year", _SEASON_YEAR, 0.9, "season"),
        Rx("date_year_range", _YEAR_RANGE, 0.8, "year"),
        Rx("date_year", _YEAR_ALONE, 0.7, "year"),
        Rx("date_short_year", _SHORT_YEAR, 0.75, "year"),
        Rx("date_spoken_year", _SPOKEN_YEAR_CTX, 0.7, "year"),
        Rx("date_spoken_year_alone", _SPOKEN_YEAR_ALONE, 0.55, "year"),
        Rx("date_century_year", _CENTURY_YEAR_CTX, 0.65, "year"),
        Rx("date_month", _MONTH_CAPITAL, 0.7, "month"),
        Rx("date_month_context", _MONTH_CONTEXT, 0.75, "month"),
        Rx("date_on_the_day", _ON_THE_DAY, 0.6, "date"),
        Rx("date_weekday_the_day", _WEEKDAY_THE_DAY, 0.75, "date"),
        Rx("date_day_set_off", _DAY_SET_OFF, 0.6, "date"),
    )

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        if rx.name == "date_numeric":
            day, month = int(match.group(1)), int(match.group(3))
            if not (1 <= day <= 31 and 1 <= month <= 12):
                # Month-first forms (06/14/2021) happen in exported data too.
                if not (1 <= month <= 31 and 1 <= day <= 12):
                    return None
            if match.group(2) == "." and len(match.group(4)) == 2 and day > 12 and month > 12:
                return None
        if rx.name == "date_on_the_day" and not re.match(r"\d|[a-z]", match.group("id"), re.I):
            return None
        if rx.name == "date_day_month_alone":
            day, month = int(match.group(2)), int(match.group(3))
            zero = match.group(3).startswith("0")
            if (day, month) == (24, 7):
                return None  # "a 24/7 helpline"
            return rx.score if 1 <= day <= 31 and (zero or day > 12) else None
        if rx.name == "date_day_slash_month":
            day, month = int(match.group(2)), int(match.group(3))
            if not (1 <= day <= 31 and 1 <= month <= 12) or (day, month) == (24, 7):
                return None  # "the 24/7 helpline"
        return rx.score
