"""UK postcodes ("G22 5AB", "m23 9xy" in machine transcripts)."""

from __future__ import annotations

import re

from .base import RegexRecognizer, Rx

# Outward code (area letters, district digit, optional letter or digit), then
# the inward code (digit, two letters that exclude C I K M O V).
_UPPER = re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKMNPR-Y\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b")
_ANY_CASE = re.compile(_UPPER.pattern, re.IGNORECASE)


class UkPostcodeRecognizer(RegexRecognizer):
    """UK postcodes: CONTACT / postcode."""

    LABEL = "CONTACT"
    PATTERNS = (
        Rx("uk_postcode", _UPPER, 0.9, "postcode"),
        Rx("uk_postcode_lower", _ANY_CASE, 0.6, "postcode"),
    )
    CONTEXT = ("postcode", "address", "post code")

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        text = match.group(0)
        # Lower-case forms need the space ("g22 5ab"), or they hit ordinary tokens.
        if rx.name == "uk_postcode_lower" and (text.isupper() or " " not in text):
            return None
        return rx.score
