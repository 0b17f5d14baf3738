"""The gold annotations are well formed and index the text anonymiser extracts."""

from __future__ import annotations

import json

import pytest
import yaml

from anonymiser.ingest import ingest

from .conftest import FIXTURES, TRANSCRIPTS

MANIFEST = yaml.safe_load((FIXTURES / "manifest.yaml").read_text(encoding="utf-8"))["fixtures"]
LABELS = {"PERSON", "LOCATION", "SERVICE", "DATE", "CONTACT", "AGE"}


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["name"] for e in MANIFEST])
def test_fixture_gold_matches_extracted_text(entry: dict[str, str]) -> None:
    path = TRANSCRIPTS / f"{entry['name']}.{entry['format']}"
    text = ingest(path, TRANSCRIPTS).text
    gold = [json.loads(x) for x in (TRANSCRIPTS / f"{entry['name']}.gold.jsonl").read_text().splitlines()]
    assert len(text.split()) >= 600
    previous_end = 0
    for g in gold:
        assert text[g["start"] : g["end"]] == g["text"]
        assert g["start"] >= previous_end, f"overlap or unsorted at {g}"
        assert g["label"] in LABELS
        assert g["label"] != "AGE" or g["must"] is False
        previous_end = g["end"]


def test_fixture_splits_hold_a_third_for_test() -> None:
    test = [e for e in MANIFEST if e["split"] == "test"]
    assert len(test) * 3 >= len(MANIFEST)
    assert {e["format"] for e in MANIFEST} >= {"txt", "docx", "vtt"}


def test_fixture_build_is_up_to_date() -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(FIXTURES / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_fixtures_total_words() -> None:
    words = sum(
        len(ingest(p, TRANSCRIPTS).text.split())
        for p in sorted(TRANSCRIPTS.iterdir())
        if p.suffix in (".txt", ".docx", ".vtt")
    )
    assert words >= 15_000
