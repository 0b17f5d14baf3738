"""Ages: "she's nine", "aged 14", "14 months old", "in his late 40s".

Ages are kept by default (rules can band them); detecting them still lets the
report show them and keeps them out of the DATE and CONTACT detectors' way.
"""

from __future__ import annotations

import re

from .base import NUMBER_WORD, RegexRecognizer, Rx

_N = rf"(?:\d{{1,3}}|{NUMBER_WORD}|a|an)"
_I = re.IGNORECASE

_OLD = re.compile(rf"\b(?P<id>{_N}(?:\s+and\s+a\s+half)?[- ](?:years?|yrs?|months?|weeks?|days?)[- ]old)\b", _I)
_AGED = re.compile(rf"\b(?:aged?|age of)\s+(?P<id>{_N})\b", _I)
_DECADE = re.compile(
    r"\b(?P<id>(?:early|mid|late)[- ]?(?:teens|\d0s|\d0's|twenties|thirties|forties|fifties|sixties|seventies|eighties))\b",
    _I,
)
_IS_N = re.compile(
    rf"\b(?:she's|he's|i'm|i am|she is|he is|they're|she was|he was|turned|turns|turning|be)\s+(?P<id>{_N})\b"
    # Not a time, a sum or a span: "be three years dry", "fourteen months sober", "two weeks clean".
    r"(?!\s*(?:o'clock|pm|am|minutes|mins|hours|pounds|quid|times|(?:years?|months?|weeks?|days?)(?!\s+old)))",
    _I,
)


class AgeRecognizer(RegexRecognizer):
    """Ages: AGE / age."""

    LABEL = "AGE"
    PATTERNS = (
        Rx("age_old", _OLD, 0.85, "age"),
        Rx("age_aged", _AGED, 0.85, "age"),
        Rx("age_decade", _DECADE, 0.8, "age"),
        Rx("age_is_n", _IS_N, 0.5, "age"),
    )

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        value = match.group("id")
        if value.lower() in ("a", "an") and rx.name != "age_old":
            return None
        if value.isdigit() and int(value) > 110:
            return None
        return rx.score
