"""National Insurance numbers ("QQ 12 34 56 C")."""

from __future__ import annotations

import re

from .base import DIGIT_WORD, RegexRecognizer, Rx

# Two prefix letters (D, F, I, Q, U, V never; O not second), six digits, suffix A-D.
_NINO = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.IGNORECASE,
)


# After its name, any two letters will do: the example and test prefixes ("QQ") are what people write down too.
_NINO_NAMED = re.compile(
    r"\b(?:national\s+insurance|NI|NINO)(?:\s+(?:number|no\.?|num))?(?:\s+(?:is|was))?[\s:.,]*"
    r"(?P<id>[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D])\b",
    re.IGNORECASE,
)

# Said aloud after its name, letter by letter: "national insurance q q one two three four five six c".
_NINO_SPOKEN = re.compile(
    r"\b(?:national\s+insurance|NI|NINO)(?:\s+(?:number|no\.?|num))?(?:\s+(?:is|was|it's|its))?[\s:.,]*"
    rf"(?P<id>[a-z][ \t]+[a-z](?:[ \t,]+(?:double[ \t]+)?{DIGIT_WORD}){{3,6}}[ \t,]+[a-d])\b",
    re.IGNORECASE,
)


class NinoRecognizer(RegexRecognizer):
    """National Insurance numbers: CONTACT / national insurance number."""

    LABEL = "CONTACT"
    PATTERNS = (
        Rx("uk_nino", _NINO, 0.85, "national insurance number"),
        Rx("uk_nino_named", _NINO_NAMED, 0.85, "national insurance number"),
        Rx("uk_nino_spoken", _NINO_SPOKEN, 0.8, "national insurance number"),
    )
    CONTEXT = ("national insurance", "ni number", "nino")
