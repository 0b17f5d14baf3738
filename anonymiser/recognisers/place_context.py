"""Places told by their context: "moved to X", "up in X", "over in X", "X way", "X, everyone calls it".

Transcripts name districts and estates no gazetteer lists. A capitalised word
after a movement or residence phrase is probably a place; an ordinary word,
a month or a weekday is not.
"""

from __future__ import annotations

import re

from ..lexicons import Lexicons
from ..text import lower_case_document
from .base import RegexRecognizer, Rx

_PLACE = r"[A-Z][a-z'’]+(?:[ -](?:on-|upon-)?[A-Z][a-z'’]+){0,2}"
_BEFORE = re.compile(
    r"\b(?:moved|move|moving|flitted|flit|living|lived|lives|live|stay|stays|staying|stayed|grew up|brought up|born"
    r"|raised|settled|housed|rehoused|based|up|down|over|out|round|across|back)[ \t]+(?:to|in|at|intae|tae|doon|fae|from)[ \t]+"
    rf"(?:the[ \t]+)?(?P<id>{_PLACE})"
)
_FROM = re.compile(
    rf"\b(?:I'm|I am|she's|he's|they're|we're|comes|came|originally)[ \t]+(?:fae|from)[ \t]+(?:the[ \t]+)?(?P<id>{_PLACE})"
)
_WAY = re.compile(rf"\b(?:the|out|up|down|over|round)[ \t]+(?P<id>{_PLACE})[ \t]+way\b")
_UP_THE = re.compile(rf"\b(?:up|down|over|round|along|doon|roon)[ \t]+(?:the|tae the|to the)[ \t]+(?P<id>{_PLACE})")
_LOWER = re.compile(
    r"\b(?:moved|living|lived|lives|stay|stays|staying|stayed|grew up|up|down|over|out|born)[ \t]+(?:to|in|at|fae|from|tae)[ \t]+"
    r"(?P<id>[a-z][a-z'’-]{3,}(?:[ \t][a-z][a-z'’-]{3,})?)\b"
)
# A place's local name, then what it is called by: "The Edge, everyone calls it", "Scottie Road, we call it".
_CALLED_IT = re.compile(
    rf"(?:\b[Tt]he[ \t]+)?(?P<id>{_PLACE}),?[ \t]+(?:everyone|everybody|we|they|people|locals|folk)[ \t]+"
    r"(?:all[ \t]+|always[ \t]+|just[ \t]+)?calls?[ \t]+it\b"
)
# A housing estate by its name, whatever the words: "on the manor estate", "aff the Gilmerton scheme".
_ESTATE = re.compile(
    r"\b(?:on|off|aff|from|fae|in|at|near|round|by|to|onto|intae)[ \t]+the[ \t]+"
    r"(?P<id>[A-Za-z][a-z'’-]+(?:[ \t][A-Za-z][a-z'’-]+)?[ \t](?:[Ee]state|[Ss]cheme))\b"
)
_NOT_AN_ESTATE_NAME = frozenset(
    """council housing industrial trading business retail caravan country private new old big whole same other local
    posh rough nice quiet social worst best biggest main top bottom next last first rented sink scheme estate
    real whole entire""".split()
)
# A town abroad, then its country: "from Spanish Town, Jamaica", "in Kaunas, in Lithuania".
_IN_COUNTRY = re.compile(
    rf"(?P<id>{_PLACE}),[ \t]+(?:in[ \t]+)?(?P<country>[A-Z][\w'’-]+(?:[ \t](?:and[ \t])?[A-Z][\w'’-]+){{0,2}})"
)
# Where nothing is capitalised, a pub by the pair of words pubs are named with: "in the crown and thistle",
# "the fox and hounds", "the rose and crown".
_PUB_WORDS = (
    r"crown|anchor|hope|thistle|rose|lion|bell|swan|plough|horse|horses|hounds|fox|hare|duck|dog|key|kettle"
    r"|feathers|compass|compasses|sun|moon|star|ship|bull|boar|grapes|barley|sheaf|harrow|castle|shamrock|harp"
    r"|globe|hart|stag|greyhound|cock|pheasant|eagle|magpie|stump|wicket|bat|ball|pipe|mitre|sceptre|shuttle"
)
_PUB_PAIR = re.compile(rf"\bthe[ \t]+(?P<id>(?:{_PUB_WORDS})[ \t]+(?:and|&|n)[ \t]+(?:{_PUB_WORDS}))\b")
# English place names joined by particles: "Kirkby-in-Ashfield", "Chapel-en-le-Frith", "Weston-super-Mare".
_JOINED_NAME = re.compile(
    r"\b(?P<id>[A-Z][a-z'’]+(?:-(?:in|on|upon|under|le|la|by|en|de|super|next|the|over|cum|with|sub|sur)){1,3}"
    r"-[A-Z][a-z'’]+)\b"
)

NOT_PLACES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december christmas easter god heaven hell jesus
    social work court hospital prison rehab detox recovery care school college university bed
    the a an my his her their our your town city house home flat street road bits pieces""".split()
)


class PlaceContextRecognizer(RegexRecognizer):
    """Places in movement and residence phrases: LOCATION / place."""

    LABEL = "LOCATION"
    PATTERNS = (
        Rx("place_after_verb", _BEFORE, 0.6, "place"),
        Rx("place_from", _FROM, 0.6, "place"),
        Rx("place_way", _WAY, 0.55, "area"),
        Rx("place_up_the", _UP_THE, 0.55, "area"),
        Rx("place_lower", _LOWER, 0.4, "place"),
        Rx("place_joined_name", _JOINED_NAME, 0.75, "town"),
        Rx("place_called_it", _CALLED_IT, 0.6, "place"),
        Rx("place_estate", _ESTATE, 0.6, "estate"),
        Rx("place_in_country", _IN_COUNTRY, 0.6, "place"),
        Rx("place_pub_pair", _PUB_PAIR, 0.55, "venue"),
    )

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        super().__init__()

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        if rx.name == "place_joined_name":
            parts = match.group("id").split("-")
            ordinary = [self.lexicons.is_common_word(w) or w.casefold() in self.lexicons.first_names for w in parts]
            return None if ordinary[0] and ordinary[-1] else rx.score  # "Jack-in-the-Box", "Mother-in-Law"
        if rx.name == "place_pub_pair":  # capitalised, the capitals tell: see the unknown-word recogniser
            return rx.score if lower_case_document(match.string) else None
        words = match.group("id").casefold().split()
        if words[0] in NOT_PLACES:
            return None
        if rx.name == "place_in_country":
            return self._before_country(match, rx, words)
        if rx.name == "place_estate":  # not "the council estate", "the industrial estate"
            name = words[:-1]
            if (
                set(name) & _NOT_AN_ESTATE_NAME
                or name[0] in self.lexicons.not_names
                or "'" in name[-1]
                or "’" in name[-1]
            ):
                return None  # nor "my dad's estate", an inheritance
            return rx.score
        if rx.name == "place_called_it":
            return rx.score  # named as a place is named: whatever the words, a local name
        if " ".join(words) in self.lexicons.gazetteer:
            return max(rx.score, 0.7)
        if all(self.lexicons.is_common_word(w) for w in words):
            return None if rx.name == "place_lower" else rx.score - 0.25
        return rx.score

    def _before_country(self, match: re.Match[str], rx: Rx, words: list[str]) -> float | None:
        """A place before its country; not a country in a list ("Spain, France and Italy"), nor a word or a
        name said before one ("Yes, Ireland", "Mum, Poland", "Kasia, Poland")."""
        country = match.group("country").casefold().split()
        if not any(" ".join(country[:n]) in self.lexicons.countries for n in range(len(country), 0, -1)):
            return None
        place = " ".join(words)
        if place in self.lexicons.countries:
            return None
        if (
            len(words) == 1
            and place not in self.lexicons.gazetteer
            and (self.lexicons.is_common_word(place) or place in self.lexicons.first_names)
        ):
            return None
        return max(rx.score, 0.7) if place in self.lexicons.gazetteer else rx.score
