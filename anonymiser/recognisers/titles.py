"""A title followed by a name: "Mrs Mackie", "Dr Okafor", "Sister Byrne".

The title is kept in the output (../shared/ANNOTATION.md: spans carry no
title), so only the name after it is reported.
"""

from __future__ import annotations

import re

from .base import RegexRecognizer, Rx

# Kin said as a title before a name ("Auntie Pat", "Grandad Joe"), by the gender they give.
KIN_FEMALE = ("Auntie", "Aunty", "Granny", "Gran", "Nana", "Nanna", "Nan", "Nannie", "Grandma")
KIN_MALE = ("Uncle", "Grandad", "Grandpa", "Granda", "Grampa", "Papa")
KIN_TITLES = KIN_FEMALE + KIN_MALE
TITLES = (
    "Mrs|Mr|Ms|Miss|Mx|Dr|Doctor|Sister|Nurse|Prof|Professor|Father|Fr|Rev|Reverend|Pastor|Imam"
    "|Rabbi|Councillor|Cllr|Judge|Sheriff|Lord|Lady|Sir|Dame|PC|DC|DS|DI|Sgt|Sergeant|Inspector"
    f"|Officer|Constable|{'|'.join(KIN_TITLES)}|Wee|Big|Old|Young|Baby"
)
# Only an abbreviation takes a full stop: "Dr. Okafor", but "an Immigration Judge. On 1 May" ends a sentence.
_ABBREVIATIONS = {"Mrs", "Mr", "Ms", "Mx", "Dr", "Prof", "Fr", "Rev", "Cllr", "Sgt", "mrs", "mr", "ms", "dr"}
_TITLED = re.compile(
    rf"\b(?:{TITLES})\.?[ \t]+(?P<id>[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?(?:[ \t]+(?:Mc|Mac|O'|O’)?[A-Z][\w'’]+(?:-[A-Z][\w'’]*)?)?)"
)
_TITLED_LOWER = re.compile(
    r"\b(?:mrs|mr|ms|miss|dr|sister|nurse|auntie|uncle|wee|big)\.?[ \t]+(?P<id>[a-z][a-z'’-]{2,})\b"
)


class TitledNameRecognizer(RegexRecognizer):
    """Names after a title: PERSON / name."""

    LABEL = "PERSON"
    PATTERNS = (
        Rx("titled_name", _TITLED, 0.8, "name"),
        Rx("titled_name_lower", _TITLED_LOWER, 0.45, "name"),
    )

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        title = match.group(0).split()[0].rstrip(".")
        name = match.group("id")
        if match.group(0).split()[0].endswith(".") and title not in _ABBREVIATIONS:
            return None
        if title in {"Wee", "Big", "Old", "Young", "Baby", "wee", "big"}:
            # "wee Jamie" is a name; "Big Issue" or "Old Firm" is not: let lexicons decide.
            return 0.5 if name[:1].isupper() else None
        if name in {"The", "And", "But", "Or", "So", "Then", "Who", "When", "I"}:
            return None
        return rx.score
