"""Recognisers built from the project's rules: the deny-list and extra patterns."""

from __future__ import annotations

from typing import Any

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult

from ..rules import DenyTerm, PatternRule
from ..text import PhraseIndex, token_key
from .base import KIND_KEY, PATTERN_KEY, RegexRecognizer, Rx


class DenyListRecognizer(LocalRecognizer):  # type: ignore[misc]
    """Strings the project says are always identifiers, in any case."""

    def __init__(self, terms: tuple[DenyTerm, ...]) -> None:
        self.index = PhraseIndex({token_key(t.text): t for t in terms if token_key(t.text)})
        labels = sorted({t.label for t in terms}) or ["PERSON"]
        super().__init__(supported_entities=labels, name="DenyListRecognizer", supported_language="en")

    def load(self) -> None:
        """Built from the rules passed in."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        """Report every deny-listed string."""
        results = []
        for start, end, value in self.index.find(text):
            term: DenyTerm = value  # type: ignore[assignment]
            results.append(
                RecognizerResult(
                    entity_type=term.label,
                    start=start,
                    end=end,
                    score=1.0,
                    analysis_explanation=AnalysisExplanation(self.name, 1.0, pattern_name="deny"),
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                        KIND_KEY: term.kind,
                        PATTERN_KEY: "rule:deny",
                    },
                )
            )
        return results


def pattern_recognisers(patterns: tuple[PatternRule, ...]) -> list[RegexRecognizer]:
    """One recogniser per label for the project's extra patterns."""
    by_label: dict[str, list[Rx]] = {}
    for rule in patterns:
        by_label.setdefault(rule.label, []).append(Rx(f"rule:{rule.id}", rule.regex, rule.score, rule.kind))
    recognisers = []
    for label, rows in sorted(by_label.items()):
        recogniser = type(f"ProjectPattern{label.title()}Recognizer", (RegexRecognizer,), {"LABEL": label})
        recognisers.append(recogniser(tuple(rows)))
    return recognisers
