"""Phone numbers as people say them: "oh seven seven double oh, nine double oh, one two three".

Each digit word counts once, "double" and "triple" (or "treble") two and three times,
"hundred" and "thousand" as their zeros ("nine hundred"); ten
or eleven digits spoken in one run are a phone number.
"""

from __future__ import annotations

import re

from .base import RegexRecognizer, Rx

# A machine transcript may type part of the number in figures: "o1632 960 four four one".
_DIGIT = r"(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine|o?\d{1,5})"
_GROUP = rf"(?:(?:double|triple|treble)[\s-]+)?{_DIGIT}(?:[\s-]+(?:hundred|thousand)\b)?"
# Between digits: spaces, commas, pauses ("...") and a filler ("double oh, um, nine").
_SEP = r"(?:[\s,.…-]{1,5}(?:(?:um|erm|er|uh)[\s,.…-]{1,5})?|$|(?=[\"'”’)\]]))"
_RUN = re.compile(rf"(?<![\w-])(?:{_GROUP}{_SEP}){{4,16}}", re.IGNORECASE)
_ZERO_FIRST = re.compile(r"(?:oh|o|zero|nought|0|double\s+(?:oh|o|zero))(?:\b|(?=\d))", re.IGNORECASE)
_WORDS = {"double": 2, "triple": 3, "treble": 3}
_ZEROS = {"hundred": 2, "thousand": 3}  # "nine hundred": three digits


def spoken_digits(text: str) -> int:
    """How many digits a spoken run stands for."""
    count = 0
    multiplier = 1
    for word in re.findall(r"[a-z]+|\d", text.lower()):
        if word in _WORDS:
            multiplier = _WORDS[word]
            continue
        if word in _ZEROS:
            count += _ZEROS[word]
            continue
        count += multiplier
        multiplier = 1
    return count


class SpokenPhoneRecognizer(RegexRecognizer):
    """Phone numbers spelt out in words: CONTACT / phone number."""

    LABEL = "CONTACT"
    PATTERNS = (Rx("spoken_phone", _RUN, 0.8, "phone number"),)

    def analyze(self, text, entities, nlp_artifacts=None):  # type: ignore[no-untyped-def]
        results = super().analyze(text, entities, nlp_artifacts)
        for result in results:
            # Drop the separators the run swallowed at its end.
            while result.end > result.start and not text[result.end - 1].isalnum():
                result.end -= 1
        return results

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        span = match.group(0)
        digits = spoken_digits(span)
        if not 10 <= digits <= 12:
            return None
        if re.search(r"\d\d", span) and not (re.search(r"[a-z]{3}", span, re.IGNORECASE) and _ZERO_FIRST.match(span)):
            return None  # figures alone are the written recognisers' ("0141 ..."); a run of years is no number
        if not _ZERO_FIRST.match(span.strip()):
            return rx.score - 0.2  # UK numbers start with a zero; without one it may be a count
        return rx.score
