"""The detector's shortcuts give what the plain model gives."""

from __future__ import annotations

from anonymiser.detect import Detector
from anonymiser.ingest import ingest
from anonymiser.lexicons import Lexicons

from .conftest import TRANSCRIPTS


def test_tagging_windows_around_word_names_give_the_tags_of_the_whole_text(
    lexicons: Lexicons, detector: Detector
) -> None:
    """Resolve reads the tags of names that are words ("will", "hope") and of their neighbours."""
    nlp = detector.engine.nlp["en"]
    compared = 0
    for path in sorted(TRANSCRIPTS.glob("*.txt")):
        text = ingest(path, TRANSCRIPTS).text
        whole = detector._word_uses(nlp(text), 0)
        windowed = detector._word_uses(
            detector.engine.process_text(text, "en", tag_words=lexicons.word_names).tokens, 0
        )
        assert windowed == whole, path.name
        compared += len(whole)
    assert compared > 50
