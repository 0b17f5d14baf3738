"""A title followed by a name: "Mrs Mackie", "Dr Okafor", "Sister Byrne".

The title is kept in the output (../shared/ANNOTATION.md: spans carry no
title), so only the name after it is reported.
"""

from __future__ import annotations

import re

from ..text import lower_case_document
from .base import RegexRecognizer, Rx

# Kin said as a title before a name ("Auntie Pat", "Grandad Joe"), by the gender they give.
KIN_FEMALE = ("Auntie", "Aunty", "Granny", "Gran", "Nana", "Nanna", "Nan", "Nannie", "Nanny", "Grandma")
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
    r"\b(?:mrs|mr|ms|miss|dr|doctor|judge|sister|nurse|auntie|uncle|wee|big)\.?[ \t]+(?P<id>[a-z][a-z'’-]{2,})\b"
)
# Where nothing is capitalised, these are titles unless a subject, "to" or an auxiliary before them makes
# them verbs ("i miss home", "dont judge people"); then what follows is a name whatever word it is.
_TITLES_OR_VERBS = frozenset("mrs mr ms dr miss doctor judge".split())
_VERB_BEFORE = re.compile(
    r"\b(?:i|you|we|they|he|she|it|to|will|would|wont|dont|don't|didnt|didn't|do|did|does|really|still|never|"
    r"always|just|gonna|cant|can't|can|could|i'll|i'd|ill|id|youll|we'll|they'll|not|so)[ \t]+$"
)
_NOT_A_NAME_AFTER = frozenset(
    """the and but or so then who when was is are were has had have said says from for with about like that this
    just well yeah she her his its out you your our their them him all any some one two three lot lots much
    more less being having getting going too very""".split()
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
        if rx.name == "titled_name_lower" and title in _TITLES_OR_VERBS and lower_case_document(match.string):
            if name in _NOT_A_NAME_AFTER:
                return None
            if _VERB_BEFORE.search(match.string, max(0, match.start() - 12), match.start()):
                return rx.score  # "i miss home": the verb, so the word after stays a doubt
            return 0.6  # "her teacher miss half", "judge marsh gave mam", "with miss core"
        return rx.score
