"""A Presidio recogniser driven by a table of regular expressions.

Presidio's PatternRecognizer reports the whole match; transcripts need the
identifier alone out of its context ("moved to *Possilpark*", "Mrs *Mackie*"),
a kind for the descriptor ("street", "phone number"), and a per-pattern
check. Each row of ``PATTERNS`` gives those; the named group ``id`` (when
present) is the span reported. Results are ordinary RecognizerResults, so
these recognisers plug into any Presidio AnalyzerEngine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

# A number from one to ninety-nine in words ("six", "twenty-nine", "ninety three"): ages, spoken e-mail addresses.
NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
)
# A digit said aloud ("oh", "seven") in a code read out; with the letter "o" and written digits where the code
# allows them.
DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
SPOKEN_DIGIT = r"(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|\d)"
KIND_KEY = "kind"
PATTERN_KEY = "pattern_name"
# Presidio keeps one of two equal-scored results on the same span and type, chosen
# by set order, which changes from process to process. A tiny per-recogniser
# offset (set from the build order) makes that choice deterministic.
RANK_STEP = 1e-5


def ranked(recogniser: object, score: float) -> float:
    """The score, lowered by the recogniser's rank so ties always break the same way."""
    return score - RANK_STEP * getattr(recogniser, "rank", 0)


@dataclass(frozen=True)
class Rx:
    """One pattern: its name, compiled regex, score and the kind it marks."""

    name: str
    regex: re.Pattern[str]
    score: float
    kind: str = ""
    each: re.Pattern[str] | None = None  # report each match of this inside the span ("nos. 1/95, 2/95")


class RegexRecognizer(LocalRecognizer):  # type: ignore[misc]
    """Report every match of the patterns in ``PATTERNS`` as ``LABEL``."""

    LABEL = "CONTACT"
    PATTERNS: tuple[Rx, ...] = ()
    CONTEXT: tuple[str, ...] = ()

    def __init__(self, patterns: tuple[Rx, ...] | None = None, name: str | None = None) -> None:
        self.patterns = patterns if patterns is not None else self.PATTERNS
        super().__init__(
            supported_entities=[self.LABEL],
            name=name or type(self).__name__,
            supported_language="en",
            context=list(self.CONTEXT) or None,
        )

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        """Return the score for a match, or None to reject it (checksums, date ranges)."""
        return rx.score

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        """Find every pattern in ``text``."""
        results: list[RecognizerResult] = []
        if entities and self.LABEL not in entities:
            return results
        for rx in self.patterns:
            group = "id" if "id" in rx.regex.groupindex else 0
            for match in rx.regex.finditer(text):
                start, end = match.span(group)
                if start < 0 or start == end:
                    continue
                score = self.validate(match, rx)
                if score is None:
                    continue
                spans = [m.span() for m in rx.each.finditer(text, start, end)] if rx.each else [(start, end)]
                results += [self._result(span, ranked(self, score), rx) for span in spans]
        return results

    def _result(self, span: tuple[int, int], score: float, rx: Rx) -> RecognizerResult:
        return RecognizerResult(
            entity_type=self.LABEL,
            start=span[0],
            end=span[1],
            score=score,
            analysis_explanation=AnalysisExplanation(self.name, score, pattern_name=rx.name),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                KIND_KEY: rx.kind,
                PATTERN_KEY: rx.name,
            },
        )
