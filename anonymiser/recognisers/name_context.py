"""Names told by the words around them, for lower-case and dialect speech.

"my daughter grace", "her son will", "wee jamie", "big tam", "N-O-W-I-C-K-A",
"Grant, his worker", "everybody calls me mj": a kinship noun or a Scots
diminutive before a known first name, or a kinship or role noun in
apposition after it, marks it as a name even in lower case or opening a
sentence, where capitals cannot help; what someone is called marks any
word no list knows.
"""

from __future__ import annotations

import re

from ..lexicons import Lexicons
from .base import RegexRecognizer, Rx

_KIN = (
    r"son|daughter|wean|boy|girl|lassie|laddie|bairn|partner|husband|wife|fella|boyfriend|girlfriend|mum|mam|ma"
    r"|dad|da|brother|sister|pal|mate|friend|nephew|niece|cousin|granddaughter|grandson|grandwean|baby|youngest"
    r"|oldest|eldest|wee one|worker|key worker|keyworker|social worker|auntie|uncle|gran|granny|nana|papa|grandad"
)
_KIN_NAME = re.compile(rf"\b(?:my|her|his|our|their|your|the)\s+(?:{_KIN})\s+(?P<id>[a-z][a-z'’-]+)\b", re.IGNORECASE)
# The name alone is the span: "wee" and "big" stay in the text, as titles do.
_DIMINUTIVE = re.compile(r"\b(?:[Ww]ee|[Bb]ig|[Oo]ur)\s+(?P<id>[a-z][a-z'’-]+)\b")
_SPELLED = re.compile(r"\b(?P<id>(?:[^\W\d_]-){3,}[^\W\d_])\b")  # capitals only: see validate
# A name then who it is: "Grant, his worker, he'd lost his dad"; "Ruby, my youngest".
_APPOSITION = re.compile(rf"\b(?P<id>[A-Z][a-z'’-]+),[ \t]+(?:my|her|his|our|their|your|the)[ \t]+(?:{_KIN})\b")
_SAID = re.compile(r"\b(?P<id>[a-z][a-z'’-]+)\s+(?:said|says|goes|was like|telt|told me)\b")
# What people are called: "everybody calls me mj", "they call him Dobbo"; any word no list knows.
_CALLED = re.compile(r"\b(?:calls?|called|calling)\s+(?:me|him|her|them)\s+(?P<id>[^\W\d_][\w'’-]*)", re.IGNORECASE)


class NameContextRecognizer(RegexRecognizer):
    """Names in kinship and dialect contexts: PERSON / name."""

    LABEL = "PERSON"
    PATTERNS = (
        Rx("name_after_kin", _KIN_NAME, 0.75, "first name"),
        Rx("name_diminutive", _DIMINUTIVE, 0.6, "first name"),
        Rx("name_spelled", _SPELLED, 0.6, "name"),
        Rx("name_said", _SAID, 0.55, "first name"),
        Rx("name_apposition", _APPOSITION, 0.6, "first name"),
        Rx("name_called", _CALLED, 0.6, "nickname"),
    )

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        super().__init__()

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        if rx.name == "name_spelled":  # "W-I-Ś-N-I-E-W-S-K-A", any alphabet's capitals
            return rx.score if match.group("id").isupper() else None
        word = match.group("id").split()[-1].casefold().strip("'’")
        known = word in self.lexicons.first_names or word in self.lexicons.nicknames
        if rx.name == "name_called":  # not "calls me stupid", "calls me every day", "calls me mum"
            ordinary = self.lexicons.is_common_word(word) or word in self.lexicons.not_names
            return None if ordinary and not (known and match.group("id")[0].isupper()) else rx.score
        if rx.name == "name_after_kin":
            # The capitalised case is left to the lexicon and the model.
            return rx.score if known and match.group("id")[0].islower() else None
        if rx.name == "name_apposition":
            return rx.score if known else None  # a name that is also a word too: "Grant", "Joy"
        if rx.name == "name_said":
            return rx.score if known and not self.lexicons.is_common_word(word) else None
        if not known:
            return None
        return rx.score if not self.lexicons.is_common_word(word) else rx.score - 0.05
