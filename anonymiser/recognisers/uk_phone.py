"""UK telephone numbers in the spacings people type them.

Landlines (01/02/03), mobiles (07), freephone and non-geographic (08), with
or without +44 / 0044 / (0), spaced, dashed or run together. The check counts digits
instead of trusting a format, because phonenumbers rejects the Ofcom drama
ranges (07700 900xxx) that transcripts and fixtures use.
"""

from __future__ import annotations

import re

from .base import RegexRecognizer, Rx

_NUMBER = re.compile(
    r"""
    (?<![\w+])                      # not inside a longer token
    (?:(?:\+|00)44[\s-]?(?:\(0\)[\s-]?)?   # international prefix (+44, 0044), optional (0)
     |\(?0)                         # or a trunk zero, maybe in brackets
    (?:[\s)\-.]{0,2}\d){9,10}       # nine or ten more digits, spaced as typed
    (?:,?[ \t]*(?:extension|ext\.?|x)[ \t]*\d{2,6})?  # an extension belongs to the number
    (?![\w])
    """,
    re.VERBOSE,
)

_EXTENSION = re.compile(r",?[ \t]*(?:extension|ext\.?|x)[ \t]*\d+$")


class UkPhoneRecognizer(RegexRecognizer):
    """UK phone numbers: CONTACT / phone number."""

    LABEL = "CONTACT"
    PATTERNS = (Rx("uk_phone", _NUMBER, 0.85, "phone number"),)
    CONTEXT = ("phone", "number", "mobile", "call", "ring", "text", "tel", "landline")

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        number = _EXTENSION.sub("", match.group(0))
        digits = re.sub(r"\D", "", number.replace("(0)", ""))
        if digits.startswith("0044"):
            digits = digits[2:]
        if digits.startswith("44"):
            digits = "0" + digits[2:]
        if len(digits) not in (10, 11) or digits[1] not in "123578":
            return None
        return rx.score if len(digits) == 11 else rx.score - 0.2
