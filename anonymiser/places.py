"""Place and service surrogates: fictional British-sounding names of the same kind.

The ``surrogate`` policy for LOCATION and SERVICE replaces "Possilpark" with
a made-up place ("Thornwick"), "Ashgill Road" with a made-up street of the
same type ("Thornwick Road"), and "Turning Point Scotland" with a made-up
service of the same kind ("Thornwick Drug Service"). Names are built from
common elements of British place names and drawn by the project's secret
seed; the pseudonymiser rejects any that is a real place in the gazetteer,
an original, or another entity's surrogate.
"""

from __future__ import annotations

import random
import re

_FIRST = (
    "Ash Bal Bell Bir Black Bram Brack Carn Craig Dal Dun Elder Fern Glen Green Hallow Hart Haw Heath Hol Inver "
    "Kil Kin Lang Lark Lin Long Mar Mel Mill Moss Mor North Oak Pen Red Ros Rush Sand South Stan Stone Strath "
    "Thorn Tre Wes Whin White Wil Wood Yar"
).split()
_LAST = (
    "bank beck bridge brook burn by combe croft dale den field ford gate haven head hill holm hope hurst "
    "ley lock mere moor mouth ness ridge shaw side stead ton vale well wick wood worth"
).split()
_STREET_TYPES = (
    "Road Street Lane Avenue Drive Close Crescent Court Gardens Place Terrace Way Grove Row Walk Wynd Brae "
    "Square Park View Rise Hill Green Mews Vale"
).split()
_STREET = re.compile(rf"\b({'|'.join(_STREET_TYPES)})\.?$", re.IGNORECASE)


def place_name(rng: random.Random) -> str:
    """One fictional place name ("Thornwick", "Glenmere")."""
    return rng.choice(_FIRST) + rng.choice(_LAST)


def place_surrogate(label: str, kind: str, original: str, rng: random.Random) -> str:
    """A fictional name of the same kind as ``original``: a place, a street of the same type, or a service."""
    name = place_name(rng)
    if label == "LOCATION":
        street = _STREET.search(original.strip())
        if street or kind == "street":
            return f"{name} {street.group(1).title() if street else rng.choice(_STREET_TYPES[:8])}"
        return name
    noun = kind if kind and kind not in ("organisation", "service") else "project"
    return f"{name} {' '.join(w if w.isupper() else w.capitalize() for w in noun.split())}"
