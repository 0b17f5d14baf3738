"""Contact surrogates: values that read like the real thing and can reach nobody.

The ``surrogate`` policy for CONTACT replaces a phone number with one from
Ofcom's ranges reserved for drama (never allocated to a line), an e-mail or
web address with one at example.org (reserved by RFC 2606), a postcode with
one whose area letters no UK postcode uses (no area starts with Q, V or X),
and a National Insurance number with the reserved QQ prefix. Other kinds
(NHS numbers, case numbers, addresses) keep their typed placeholder.

Surrogates follow a per-project sequence (the pseudonymiser skips one another
entity already has); they carry nothing of the original but its kind, its
shape and, for a landline with a drama range of its own, its area. ``is_surrogate``
tells check that such a value is no leak.
"""

from __future__ import annotations

import re

# Ofcom's drama numbers: 1,000 per range.
_MOBILE = "07700 900{:03d}"
_LANDLINES = (
    "0113 496 0{:03d}",
    "0114 496 0{:03d}",
    "0115 496 0{:03d}",
    "0116 496 0{:03d}",
    "0117 496 0{:03d}",
    "0118 496 0{:03d}",
    "0121 496 0{:03d}",
    "0131 496 0{:03d}",
    "0141 496 0{:03d}",
    "0151 496 0{:03d}",
    "0161 496 0{:03d}",
    "020 7946 0{:03d}",
    "028 9649 6{:03d}",
    "029 2018 0{:03d}",
    "01632 960{:03d}",
)
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code may use
_DIGITS = re.compile(r"\d")

_SURROGATE_SHAPES = re.compile(
    r"^(?:\+44\s?7700|07700)\s?900\s?\d{3}$"  # drama mobile
    r"|^(?:\+44\s?|0)(?:11[3-8]|121|131|141|151|161)\s?496\s?0\d{3}$"
    r"|^(?:\+44\s?|0)20\s?7946\s?0\d{3}$|^(?:\+44\s?|0)28\s?9649\s?6\d{3}$|^(?:\+44\s?|0)29\s?2018\s?0\d{3}$"
    r"|^(?:\+44\s?|0)1632\s?960\d{3}$"
    r"|^[\w.+-]+@example\.(?:org|com|net)$|^(?:https?://)?(?:www\.)?example\.(?:org|com|net)(?:/\S*)?$"
    r"|^QX\d{1,2}\s?\d[A-Z]{2}$|^QQ\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$|^@example_\w+$",
    re.IGNORECASE,
)


def contact_surrogate(kind: str, original: str, sequence: int) -> str | None:
    """The ``sequence``-th surrogate of a contact kind, in the original's style; None for kinds without one."""
    n = sequence - 1
    if kind == "phone number":
        digits = re.sub(r"^44", "0", "".join(_DIGITS.findall(original)))
        if digits.startswith("07"):
            number = _MOBILE.format(n % 1000)
        else:  # the drama range of the same area where there is one ("0141 ..." stays in Glasgow)
            same_area = [t for t in _LANDLINES if digits.startswith(t.split(" ")[0])]
            number = (same_area or [_LANDLINES[(n // 1000) % len(_LANDLINES)]])[0].format(n % 1000)
        if original.lstrip().startswith("+44"):
            number = "+44 " + number[1:]
        return number if " " in original.strip() else number.replace(" ", "")
    if kind == "postcode":
        inward = f"{(n // 99) % 10}{_INWARD_LETTERS[(n // 990) % 20]}{_INWARD_LETTERS[(n // 19_800) % 20]}"
        return f"QX{1 + n % 99} {inward}"
    if kind in ("email", "email address"):
        return f"person{sequence}@example.org"
    if kind == "url":
        return f"https://www.example.org/page{sequence}"
    if kind == "social media handle":
        return f"@example_user{sequence}"
    if kind == "national insurance number":
        digits = f"{n % 1_000_000:06d}"
        return f"QQ {digits[:2]} {digits[2:4]} {digits[4:]} {'ABCD'[(n // 1_000_000) % 4]}"
    return None


def is_surrogate(text: str) -> bool:
    """True for a value ``contact_surrogate`` could have written: reserved, fictional, reaching nobody."""
    return bool(_SURROGATE_SHAPES.match(text.strip()))
