"""The detector's shortcuts give what the plain model gives."""

from __future__ import annotations

from anonymiser.check import is_identifying_word
from anonymiser.detect import Detector, TranscriptSpacyRecognizer
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


def test_a_speech_recognisers_numbered_voices_are_no_names_or_places(detector: Detector) -> None:
    """The model reads "spk_1" or "SPEAKER_00" as a place now and then; a numbered voice is a label."""
    text = "".join(
        f"spk_{i % 3}: i moved to skewen in twenty twenty one and my mum stayed in neath with the kids\n"
        f"SPEAKER_0{i % 2}: and where did you go after that then\n"
        for i in range(6)
    )
    found = [d.text for d in detector.detect_text(text)]
    assert not [t for t in found if "spk" in t.casefold() or "speaker" in t.casefold()], found
    # Nor the code's letters alone, which the model may cut off its number.
    spacy_results = TranscriptSpacyRecognizer(detector.lexicons)
    assert [spacy_results.plausibility(code, 0.85) for code in ("spk", "spk_1", "SPEAKER_00")] == [0, 0, 0]
    # And beside a pseudonym, the gate does not take them for what is left of a name.
    assert not any(is_identifying_word(code, detector.lexicons, set()) for code in ("spk", "spk_1", "speaker_01"))


def test_a_model_span_across_a_line_break_is_judged_by_what_is_before_the_break(detector: Detector) -> None:
    """The model read "memorised\\njulian" as one name, kept its score for the name "julian" of the next turn's
    label, and the gate then failed a deposit on the word "memorised" (one run of the fixtures in three)."""
    text = (
        "spk_2: judge toolan gave mam a special guardianship order in [month]\n"
        "julian: the case number is on the top of everything [reference number]\n"
        "spk_2: mam why have you got that memorised\n"
        "julian: ive written it on that many forms torquil\n"
        "spk_0: how did you feel about the order at the time\n"
        "spk_2: i hated her for it i said terrible things\n"
    )
    nlp = detector.engine.nlp["en"]
    assert any("\n" in e.text for e in nlp(text).ents)  # the model still runs a name across the break here
    found = detector.detect_text(text)
    assert not [d for d in found if "\n" in d.text]
    assert [d.score for d in found if d.text == "memorised"] in ([], [0.45])
