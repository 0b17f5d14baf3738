"""Case and reference numbers: "NLC/CF/22/10457", "LV19C00872", "ref 2021-004471".

Codes that point to a person (case, file, hospital numbers). Study codes such
as "P12" or "FG2-M1" are short and are not identifiers (../shared/ANNOTATION.md).
"""

from __future__ import annotations

import re

from .base import SPOKEN_DIGIT, RegexRecognizer, Rx

_SLASHED = re.compile(r"(?<![\w/])(?=[A-Z0-9/]*\d)[A-Z0-9]{1,6}(?:/[A-Z0-9]{1,8}){2,5}(?![\w/])")
_MIXED = re.compile(r"(?<![\w-])(?=[A-Z0-9-]*[A-Z])(?=(?:[A-Z-]*\d){4})[A-Z0-9]{2,}(?:-[A-Z0-9]+)*(?![\w-])")
_SLASH_NUMBER = r"\d{2,7}/\d{2,4}\b"
# "no. 36110/97"; "nos. 60525/00, 60933/00 and 63701/00": each of the list.
_NUMBERED = re.compile(
    rf"\b(?:no|nos|number|numbers|ref)\.?[ \t]*(?P<id>{_SLASH_NUMBER}(?:(?:,[ \t]*|,?[ \t]+and[ \t]+|[ \t]+){_SLASH_NUMBER})*)",
    re.IGNORECASE,
)
# The same typed in lower case, as speech recognition and quick typists write it: "the reference on the order
# is mt23c00418" (letters first, so "10000mg" is a measure).
_MIXED_LOWER = re.compile(r"(?<![\w-])[a-z]{1,4}\d[a-z0-9]{2,}(?![\w-])")
_LONG_NUMBER = re.compile(r"(?<![\d.,/:£$-])\d{9,14}(?![\d,/:%-]|\.\d)")
_AFTER_WORD = re.compile(
    r"\b(?:case|reference|ref|file|hospital|patient|client|crime|claim|tenancy|account)\s*(?:no\.?|number|num|#)?"
    r"[\s:.]*(?P<id>[A-Z0-9][A-Z0-9/-]{4,}\d|[A-Z]{1,4}[ ]\d{3,4}[ ]\d{3,4})\b",
    re.IGNORECASE,
)

# A code said aloud after its name: "my case number wi with you is f k four seven seven one nine", "the case
# number is on the top of everything s a two two c oh oh four one seven" (letters among the digits too), "the
# reference on aw the kinship letters is k c 2 0 4 1 7".
_SPOKEN_AFTER_WORD = re.compile(
    r"\b(?:(?:case|reference|ref|file|hospital|patient|client|crime|claim|tenancy|account)\s+(?:no\.?|number|num)\b"
    rf"(?:[ \t]+[a-z']+){{0,6}}?|(?:case|reference|ref)(?:[ \t]+(?!is\b|was\b)[a-z']+){{0,6}}?(?=[ \t]+(?:is|was|on[ \t]+it)\b))"
    rf"[ \t]+(?:(?:is|was|on[ \t]+it)[ \t]+)?(?P<id>(?:[a-z][ \t]+){{0,3}}(?:(?:{SPOKEN_DIGIT}|[a-z])[ \t,]+){{3,}}"
    rf"{SPOKEN_DIGIT})\b",
    re.IGNORECASE,
)

# A slashed code read out: "MB stroke 4471 stroke 22", "LV slash 19 slash 0087".
_SAID_SLASHED = re.compile(
    r"(?<![\w/])(?P<id>[A-Z0-9]{1,8}(?:[ \t]+(?:stroke|slash|forward slash)[ \t]+[A-Z0-9]{1,8}){2,5})(?![\w/])"
)

# The same in words, where speech recognition writes what was said: "e c slash two two slash oh four four one seven".
# (The letters "a" and "i" are words too often: "... one seven i ken".)
_SPOKEN_PIECE = rf"(?:(?:{SPOKEN_DIGIT}|[b-hj-z])[ \t]+){{0,7}}(?:{SPOKEN_DIGIT}|[b-hj-z])"
_CODE_PIECE = rf"(?:[b-df-hj-np-tv-xz]{{2,3}}|{_SPOKEN_PIECE})"  # or letters run together: "mb", "nlc"
_SPOKEN_SLASHED = re.compile(
    rf"(?<![\w'’-])(?P<id>{_CODE_PIECE}(?:[ \t]+(?:stroke|slash|forward[ \t]+slash)[ \t]+{_CODE_PIECE}){{1,4}})(?![\w'’-])"
)

_DIGIT_SAID = re.compile(rf"\b{SPOKEN_DIGIT}\b", re.IGNORECASE)


class ReferenceCodeRecognizer(RegexRecognizer):
    """ID codes: CONTACT / reference number."""

    LABEL = "CONTACT"
    PATTERNS = (
        Rx("ref_slashed", _SLASHED, 0.75, "reference number"),
        Rx("ref_said_slashed", _SAID_SLASHED, 0.75, "reference number"),
        Rx("ref_mixed", _MIXED, 0.6, "reference number"),
        Rx("ref_mixed_lower", _MIXED_LOWER, 0.6, "reference number"),
        Rx("ref_after_word", _AFTER_WORD, 0.85, "reference number"),
        Rx("ref_spoken", _SPOKEN_AFTER_WORD, 0.7, "reference number"),
        Rx("ref_spoken_slashed", _SPOKEN_SLASHED, 0.7, "reference number"),
        Rx("ref_long_number", _LONG_NUMBER, 0.65, "ID number"),
        Rx("ref_numbered", _NUMBERED, 0.85, "reference number", each=re.compile(_SLASH_NUMBER)),
    )
    CONTEXT = ("case", "reference", "ref", "number", "file")

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        code = match.group("id") if "id" in rx.regex.groupindex else match.group(0)
        if rx.name == "ref_numbered":
            return rx.score  # "application no. 36110/97", "case no. 1234/21"
        if rx.name in ("ref_spoken", "ref_spoken_slashed"):  # five digits said at least: not "a slash b"
            return rx.score if len(_DIGIT_SAID.findall(code)) >= 5 else None
        digits = sum(c.isdigit() for c in code)
        if rx.name == "ref_said_slashed":
            return rx.score if digits >= 4 else None
        if len(code) < 7 or digits < 4:
            return None
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", code):
            return None  # a date
        return rx.score
