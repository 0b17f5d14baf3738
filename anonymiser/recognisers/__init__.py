"""The project's Presidio recognisers, and the one place the list is built.

Each is an ordinary Presidio ``EntityRecognizer``: add them to any
``AnalyzerEngine`` registry (see ``build_recognisers``).
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from ..lexicons import Lexicons
from ..rules import Rules
from .ages import AgeRecognizer
from .dates import UkDateRecognizer
from .gazetteer import GazetteerRecognizer, NameLexiconRecognizer, UnknownWordRecognizer
from .health_numbers import HealthNumberRecognizer
from .name_context import NameContextRecognizer
from .nino import NinoRecognizer
from .online import OnlineRecognizer
from .place_context import PlaceContextRecognizer
from .project_rules import DenyListRecognizer, pattern_recognisers
from .reference_codes import ReferenceCodeRecognizer
from .services import NamedServiceRecognizer
from .speakers import SpeakerLabelRecognizer
from .spoken_numbers import SpokenPhoneRecognizer
from .streets import AddressRecognizer, StreetRecognizer
from .titles import TitledNameRecognizer
from .uk_phone import UkPhoneRecognizer
from .uk_postcode import UkPostcodeRecognizer

__all__ = [
    "AddressRecognizer",
    "AgeRecognizer",
    "DenyListRecognizer",
    "GazetteerRecognizer",
    "HealthNumberRecognizer",
    "NameContextRecognizer",
    "NameLexiconRecognizer",
    "NamedServiceRecognizer",
    "NinoRecognizer",
    "OnlineRecognizer",
    "PlaceContextRecognizer",
    "ReferenceCodeRecognizer",
    "SpeakerLabelRecognizer",
    "SpokenPhoneRecognizer",
    "StreetRecognizer",
    "TitledNameRecognizer",
    "UkDateRecognizer",
    "UkPhoneRecognizer",
    "UkPostcodeRecognizer",
    "UnknownWordRecognizer",
    "build_recognisers",
]


def build_recognisers(lexicons: Lexicons, rules: Rules) -> list[EntityRecognizer]:
    """Every recogniser of the project, configured from lexicons and rules (no model needed)."""
    recognisers: list[EntityRecognizer] = [
        UkPhoneRecognizer(),
        SpokenPhoneRecognizer(),
        UkPostcodeRecognizer(),
        ReferenceCodeRecognizer(),
        HealthNumberRecognizer(),
        NinoRecognizer(),
        OnlineRecognizer(),
        UkDateRecognizer(),
        AgeRecognizer(),
        SpeakerLabelRecognizer(lexicons),
        TitledNameRecognizer(),
        StreetRecognizer(),
        AddressRecognizer(lexicons),
        NamedServiceRecognizer(lexicons),
        NameContextRecognizer(lexicons),
        PlaceContextRecognizer(lexicons),
        GazetteerRecognizer(lexicons),
        NameLexiconRecognizer(lexicons),
        UnknownWordRecognizer(lexicons),
    ]
    if rules.deny:
        recognisers.append(DenyListRecognizer(rules.deny))
    recognisers.extend(pattern_recognisers(rules.patterns))
    for rank, recogniser in enumerate(recognisers, start=1):
        recogniser.rank = rank  # type: ignore[attr-defined]  # breaks score ties deterministically
    return recognisers
