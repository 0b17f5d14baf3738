"""UK postcodes ("G22 5AB", "m23 9xy" in machine transcripts, "k y eight three q zed" spoken)."""

from __future__ import annotations

import re

from .base import NUMBER_WORD, SPOKEN_DIGIT, RegexRecognizer, Rx

# Outward code (area letters, district digit, optional letter or digit), then
# the inward code (digit, two letters that exclude C I K M O V).
_UPPER = re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKMNPR-Y\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b")
_ANY_CASE = re.compile(_UPPER.pattern, re.IGNORECASE)

# The postcode areas of the UK, the Channel Islands and the Isle of Man.
AREAS = frozenset(
    """AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC
    EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M
    ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST
    SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE""".split()
)
# A postcode said aloud, letter by letter: "h u six nine q x", "k y eight, three q zed".
_LETTER = r"(?:[a-z]|zed|zee|double[ -]?(?:u|you))"
_GAP = r"[ \t]*,?[ \t]+"
_SPOKEN = re.compile(
    rf"(?<![\w'’])(?P<id>(?P<area>{_LETTER}(?:{_GAP}{_LETTER})?){_GAP}(?:{NUMBER_WORD}|ten|\d{{1,2}})"
    rf"(?:{_GAP}{_LETTER})?{_GAP}{SPOKEN_DIGIT}{_GAP}(?P<unit>{_LETTER}{_GAP}{_LETTER}))(?![\w'’])",
    re.IGNORECASE,
)


def _letters(spoken: str) -> str:
    """ "k y" -> "KY", "q zed" -> "QZ", "double u" -> "W"."""
    words = re.sub(r"double[ -]?(?:u|you)", "w", spoken.lower()).replace(",", " ").split()
    return "".join("Z" if w in ("zed", "zee") else w.upper() for w in words)


class UkPostcodeRecognizer(RegexRecognizer):
    """UK postcodes: CONTACT / postcode."""

    LABEL = "CONTACT"
    PATTERNS = (
        Rx("uk_postcode", _UPPER, 0.9, "postcode"),
        Rx("uk_postcode_lower", _ANY_CASE, 0.6, "postcode"),
        Rx("uk_postcode_spoken", _SPOKEN, 0.7, "postcode"),
    )
    CONTEXT = ("postcode", "address", "post code")

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        text = match.group(0)
        # Lower-case forms need the space ("g22 5ab"), or they hit ordinary tokens.
        if rx.name == "uk_postcode_lower" and (text.isupper() or " " not in text):
            return None
        if rx.name == "uk_postcode_spoken":
            # A real area ("KY", "HU"), and unit letters a postcode may end with.
            unit = _letters(match.group("unit"))
            if _letters(match.group("area")) not in AREAS or set(unit) & set("CIKMOV"):
                return None
        return rx.score
