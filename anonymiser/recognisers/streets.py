"""Streets by their type words, and street addresses with a house number.

"Ashgrove Road", "Leith Walk", "Tweed Wynd" are LOCATION / street; with a
number ("14 Ashgrove Road", "Flat 2/1, 9 Ash Grove") they are CONTACT /
address. The town and postcode after an address are separate mentions.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from ..lexicons import Lexicons
from ..text import lower_case_document
from .base import NUMBER_WORD, RegexRecognizer, Rx

STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Drive|Close|Crescent|Cres|Court|Place|Terrace|Gardens|Grove"
    "|Way|Wynd|Brae|Row|Square|Walk|Hill|View|Rise|Mews|Parade|Green|Loan|Loaning|Vennel|Gate|Quadrant"
    "|Circus|Boulevard|Park|Park Road|Brow|Bank|Vale|Fold|Croft|Chase|Meadows|Heights|Wharf|Quay|Yard"
    "|Causeway|Drove|Path|Steps|Wend|Pend|Neuk|Approach|Mount|Garth|Dene|Chare|Promenade|Esplanade|Crest|Nook"
    "|Paddock|Ridge|Glade|Leys|Mead"
)
_WORD = r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)*"
_STREET = rf"(?:{_WORD}[ \t]){{1,3}}(?:{STREET_TYPES})\b(?![ \t]+(?:{_WORD}[ \t])?(?:Primary|High|Academy|School|Centre|Surgery|Practice|Health|Medical|Project|Hospital|Church))"
# "Flat 2", and the tenement positions of Scottish addresses: "3F2" (Edinburgh), "1/1" (Glasgow).
_FLAT = r"(?:(?:Flat|Apartment|Apt|Unit|Room)[ \t]+[\w/]+,?[ \t]+|\d{1,2}F\d{1,2},?[ \t]+|\d{1,2}/\d{1,2},[ \t]+)"
_NUMBER = r"\d{1,4}[A-Za-z]?(?:/\d{1,3})?,?[ \t]+"

_ADDRESS = re.compile(rf"(?P<id>{_FLAT}?{_NUMBER}{_STREET})")
# A flat or unit, a number and a name: an address whatever the street is called ("Unit 3, 58 Dudley Port,").
_ADDRESS_UNIT = re.compile(rf"(?P<id>{_FLAT}{_NUMBER}{_WORD}(?:[ \t]{_WORD}){{0,2}})(?=[ \t]*(?:[,.;\n]|$))")
# A Glasgow flat position said aloud before the address: "flat zero stroke two 27 muiryhall street".
_FLAT_SAID = rf"flat[ \t]+(?:{NUMBER_WORD}|zero|\d{{1,2}})[ \t]+(?:stroke|slash|oblique)[ \t]+(?:{NUMBER_WORD}|zero|\d{{1,2}}),?[ \t]+"
_FLAT_SAID_AT = re.compile(_FLAT_SAID)
_ADDRESS_LOWER = re.compile(
    rf"(?P<id>(?:{_FLAT_SAID}|(?:flat|unit)[ \t]+[\w/]+,?[ \t]+)?\d{{1,4}}[a-z]?,?[ \t]+(?:[a-z'’-]+[ \t]){{1,2}}"
    rf"(?:{STREET_TYPES.lower()})\b)"
)
# A number before a street named in one word by its ending: "112a Kirkgate", "9 Broadway", "4 Headrow".
_ADDRESS_ONE_WORD = re.compile(
    r"(?<![\w/.,-])(?P<id>\d{1,4}[A-Za-z]?[ \t]+[A-Z][a-z]+(?:gate|way|row))\b(?![ \t]+[A-Z])"
)
# Welsh streets name their type first: "7 Maes y Deri", "12 heol las", "3 Ffordd yr Afon".
_WELSH_TYPES = r"heol|ffordd|stryd|l[oô]n|maes|rhodfa|cilgant|teras|clos|llys|cwrt|parc|bryn|plas|pant|ystad"
_ADDRESS_WELSH = re.compile(
    rf"(?<![\w/-])(?P<id>\d{{1,4}}[A-Za-z]?,?[ \t]+(?i:{_WELSH_TYPES})[ \t]+(?:(?i:y|yr)[ \t]+)?(?!(?i:of|the|and|a|an|to|in|for|on|at|it|is|was|with|from|or|but)\b)[A-Za-z][a-z'’-]+)\b"
)
# A house number said in words before a street written with capitals: "number fourteen Acklam Road".
_ADDRESS_SAID = re.compile(rf"(?<![\w-])(?P<id>(?:[Nn]umber[ \t]+)?{NUMBER_WORD}[ \t]+{_STREET})")
# A house number said as words, in lower-case machine text: "twenty three pennyroyal close".
_ADDRESS_SPOKEN = re.compile(
    rf"(?<![\w-])(?P<id>(?:flat[ \t]+{NUMBER_WORD}[ \t]+)?{NUMBER_WORD}[ \t]+(?P<name>(?:[a-z'’-]+[ \t]){{1,2}})"
    rf"(?:{STREET_TYPES.lower()})\b)"
)
# Words that make "two hour drive", "one safe place", "three more streets" a measure or a phrase, not a street.
_NOT_STREET_NAMES = frozenset(
    """hour hours minute minutes mile miles day days week weeks month months year years time times
    safe big small little nice good bad different same whole other new old quiet busy main happy hard
    long short real right wrong best worst last next first second third lovely proper decent way""".split()
)
_STREET_ONLY = re.compile(rf"(?P<id>{_STREET})")
# Where nothing is capitalised, a street after a preposition, by the type words that name nothing else:
# "on featherstall road", "off the cross lane"; not "down memory lane", "on a busy road".
_STREET_LOWER = re.compile(
    r"\b(?:on|off|aff|in|up|down|along|at|from|near|round|onto|into|to|past|by|of)[ \t]+(?:the[ \t]+)?"
    r"(?P<id>(?P<name>(?:[a-z'’-]+[ \t]){1,2})(?:road|street|lane|avenue|crescent|terrace|gardens|grove|mews|wynd"
    r"|brae|drive|close|parade|way|walk|row|square|approach|garth|dene|chare|promenade|esplanade|rise|hill))\b"
)
_NOT_STREET_NAMES_LOWER = frozenset(
    """memory fast slow country dirt side back main ring bypass slip school front river death town village long
    hard easy wrong right half either any every whole same other only better worse uphill downhill""".split()
)


def _names_no_street(words: list[str], also: frozenset[str] = frozenset()) -> bool:
    """Whether lower-case words before a street type make a phrase or a measure ("two hour drive"), not a name."""
    return any(w in STOP_WORDS or w in _NOT_STREET_NAMES or w in also or re.fullmatch(NUMBER_WORD, w) for w in words)


# The town of an address, between its street and its postcode: "22 curby street poplar e14 6zz".
_POSTCODE = r"(?:[A-PR-UWYZa-pr-uwyz][A-HK-Ya-hk-y]?\d[A-HJKMNPR-Ya-hjkmnpr-y\d]?)[ \t]?\d[A-Za-z]{2}\b"
_TOWN_OF_ADDRESS = re.compile(
    rf"\b(?:{STREET_TYPES}|{STREET_TYPES.lower()}),?[ \t]+(?P<id>[A-Za-z][a-z'’-]+(?:[ \t][A-Za-z][a-z'’-]+)?),?[ \t]+{_POSTCODE}"
)
# A numbered road after "the": "up the A9", "off the M1", "the A1(M)", spoken "off the m sixty nine".
_ROAD_NUMBER = re.compile(rf"\b(?:[Tt]he)[ \t]+(?P<id>[AM]\d{{1,4}}(?:\(M\))?|[am][ \t]{NUMBER_WORD})(?![\w(])")


class StreetRecognizer(RegexRecognizer):
    """Street names: LOCATION / street."""

    LABEL = "LOCATION"
    PATTERNS = (
        Rx("street", _STREET_ONLY, 0.75, "street"),
        Rx("road_number", _ROAD_NUMBER, 0.7, "road"),
        Rx("street_lower", _STREET_LOWER, 0.6, "street"),
        Rx("town_of_address", _TOWN_OF_ADDRESS, 0.6, "town"),
    )

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        if rx.name in ("road_number", "town_of_address"):
            return rx.score
        if rx.name == "street_lower":
            if not lower_case_document(match.string) or _names_no_street(
                match.group("name").split(), _NOT_STREET_NAMES_LOWER
            ):
                return None
            return rx.score
        first = match.group("id").split()[0]
        if first in {
            "The",
            "This",
            "That",
            "Our",
            "My",
            "Your",
            "His",
            "Her",
            "Their",
            "A",
            "An",
            "Top",
            "Bottom",
            "Car",
            "High",
            "Main",
            "Old",
            "New",
            "Back",
            "Front",
        }:
            # "High Street" is a street, but "The Park" or "Car Park" is not a named one.
            if match.group("id") not in ("High Street", "Main Street"):
                return None
        return rx.score


class AddressRecognizer(RegexRecognizer):
    """Street addresses with a house number: CONTACT / address."""

    LABEL = "CONTACT"
    PATTERNS = (
        Rx("street_address", _ADDRESS, 0.9, "address"),
        Rx("unit_address", _ADDRESS_UNIT, 0.85, "address"),
        Rx("street_address_lower", _ADDRESS_LOWER, 0.7, "address"),
        Rx("street_address_spoken", _ADDRESS_SPOKEN, 0.6, "address"),
        Rx("street_address_said", _ADDRESS_SAID, 0.8, "address"),
        Rx("street_address_one_word", _ADDRESS_ONE_WORD, 0.75, "address"),
        Rx("street_address_welsh", _ADDRESS_WELSH, 0.75, "address"),
    )

    def __init__(self, lexicons: Lexicons | None = None) -> None:
        self.lexicons = lexicons  # without them, no street named in one word: only lists tell "Midway" from one
        super().__init__()

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        # "2 Park Road" is an address; "2 weeks" or "3 Close friends" is not.
        words = match.group("id").split()
        if rx.name == "street_address_one_word":  # "112a Kirkgate"; not "3 Midway", "2 Norway"
            street = words[-1].casefold()
            lex = self.lexicons
            if lex is None or lex.is_common_word(street) or street in lex.countries or lex.is_name(street):
                return None
            return rx.score
        if rx.name == "street_address_spoken":
            if _names_no_street(match.group("name").split()):
                return None
        elif rx.name == "street_address_lower" and any(
            w.strip(",") in STOP_WORDS for w in _FLAT_SAID_AT.sub("", match.group("id")).split()[1:-1]
        ):
            return None  # "in 1995 the court", "3 of my gate": no street is named
        if rx.name in ("street_address_lower", "street_address_spoken") and words[-1].lower() in {
            "way",
            "walk",
            "bank",
            "park",
            "hill",
            "green",
            "steps",
            "path",
            "view",
            "rise",
            "yard",
        }:
            return None
        return rx.score
