"""NHS numbers (England, Wales), CHI numbers (Scotland) and H&C numbers (Northern Ireland).

All are ten digits whose last digit is a modulus-11 check digit; a CHI
number also starts with the date of birth (DDMMYY). A number that passes the
check and starts with a valid date is reported as a CHI number.
"""

from __future__ import annotations

import datetime
import re

from ..text import lower_case_document
from .base import RegexRecognizer, Rx

_TEN_DIGITS = re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])")
_CHI_SPACED = re.compile(r"(?<![\d-])\d{6}[ -]?\d{4}(?![\d-])")
# Ten digits after their name (Northern Ireland's is the Health and Care, "H&C", number) in the same sentence
# ("her NHS number by heart, 999 123 4567"): a number that points to someone even with a slip in its check digit.
_NAMED = re.compile(
    r"\b(?:NHS|CHI|H&C|H\s+and\s+C|health\s+and\s+care)\s+(?:no\.|no\b|number\b)(?P<gap>[^\d\n.?!]{0,100}?)(?<![\d-])(?P<id>\d{3}[ -]?\d{3}[ -]?\d{4}|\d{6}[ -]?\d{4})(?![\d-])",
    re.IGNORECASE,
)
_NEAR = 40  # characters between the name and the number in the same sentence, where sentences have stops


def modulus11_ok(digits: str) -> bool:
    """True when the tenth digit is the modulus-11 check digit of the first nine."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _is_ddmmyy(digits: str) -> bool:
    try:
        datetime.date(2000 + int(digits[4:6]), int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        return False
    return True


class HealthNumberRecognizer(RegexRecognizer):
    """NHS and CHI numbers: CONTACT / NHS number, CHI number."""

    LABEL = "CONTACT"
    PATTERNS = (
        Rx("nhs_number", _TEN_DIGITS, 0.9, "NHS number"),
        Rx("chi_number", _CHI_SPACED, 0.9, "CHI number"),
        Rx("named_health_number", _NAMED, 0.7, "NHS number"),
    )
    CONTEXT = ("nhs", "chi", "number", "patient", "hospital")

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        if rx.name == "named_health_number":
            # "her NHS number, 485 777 3456": named, whatever its check digit; where nothing is capitalised
            # or stops a sentence, a little further on ("his nhs number off me for the transfer and i had to
            # ring grace for it it's 485 237 1906").
            far = len(match.group("gap")) > _NEAR
            return None if far and not lower_case_document(match.string) else rx.score
        digits = re.sub(r"\D", "", match.group(0))
        if not modulus11_ok(digits):
            return None
        is_chi = _is_ddmmyy(digits)
        if rx.name == "chi_number" and not is_chi:
            return None
        if rx.name == "nhs_number" and is_chi and not re.fullmatch(r"\d{3}[ -]\d{3}[ -]\d{4}", match.group(0)):
            return None  # the CHI pattern reports it
        return rx.score
