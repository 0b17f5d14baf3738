"""A transcript too long to settle whole is settled a part at a time, losing nothing at the cuts."""

from __future__ import annotations

import codecs
import dataclasses
import json
from collections import defaultdict
from pathlib import Path

import pytest

import anonymiser
from anonymiser.detect import Detector
from anonymiser.lexicons import Lexicons
from anonymiser.pipeline import RunOptions
from anonymiser.project import Project
from anonymiser.text import line_pieces

from .conftest import TRANSCRIPTS, tree_hashes

SOURCES = [
    "dev_parent_dawn_1.txt",
    "dev_couple_cardiff.txt",
    "dev_father_newcastle.txt",
    "dev_kinship_carer_liverpool.txt",
]
PART_CHARS = 4_000
pytestmark = pytest.mark.slow


def _replacements(project: Path) -> dict[tuple[int, int], dict[str, object]]:
    records = Project(project).audit_records()
    return {(r["start"], r["end"]): r for r in records if r.get("type") == "replacement"}


def _gold(crlf: str) -> list[tuple[int, int]]:
    """The fixtures' must-mention gold spans in the joined CRLF text."""
    spans, offset = [], 0
    for name in SOURCES:
        text = (TRANSCRIPTS / name).read_text(encoding="utf-8")
        gold = TRANSCRIPTS / name.replace(".txt", ".gold.jsonl")
        for line in gold.read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            if g["must"]:
                start = offset + g["start"] + text.count("\n", 0, g["start"])
                spans.append((start, offset + g["end"] + text.count("\n", 0, g["end"])))
        offset += len(text) + text.count("\n") + 2  # the joining line end, as CRLF
    return spans


def _covered(replaced: dict[tuple[int, int], object], text: str, start: int, end: int) -> bool:
    """Every letter and digit of [start, end) lies inside a replacement."""
    return all(
        any(s <= position < e for s, e in replaced) for position in range(start, end) if text[position].isalnum()
    )


def test_line_pieces_cut_at_line_ends_and_never_after_a_hyphen() -> None:
    text = "Dawn went.\nShe saw Mac-\nkenzie there.\n" * 40
    pieces = list(line_pieces(text, 60))
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n") and not piece.endswith("-\n") for _, piece in pieces[:-1])
    assert len(pieces) > 10


def test_a_long_transcript_in_parts_loses_nothing_at_the_cuts(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    text = "\n".join((TRANSCRIPTS / name).read_text(encoding="utf-8") for name in SOURCES)
    cuts = [offset for offset, _ in line_pieces(text, PART_CHARS)][1:]
    assert len(cuts) >= 4
    raw = tmp_path / "raw"
    raw.mkdir()
    # UTF-16 with a byte-order mark and Windows line ends: the output keeps both, with one mark.
    crlf = text.replace("\n", "\r\n")
    (raw / "long.txt").write_bytes(crlf.encode("utf-16"))
    before = tree_hashes(raw)
    options = RunOptions(lexicons=lexicons, detector=detector)
    whole = anonymiser.run(raw, tmp_path / "out-whole", tmp_path / "project-whole", options=options)
    parts = anonymiser.run(
        raw,
        tmp_path / "out-parts",
        tmp_path / "project-parts",
        options=dataclasses.replace(options, part_chars=PART_CHARS),
    )
    assert tree_hashes(raw) == before
    # The run's own gate found no original of the registry in either output.
    assert whole.errors == parts.errors == () and whole.findings == parts.findings == ()
    # Every gold identifier replaced when the file is settled whole is replaced in parts:
    # none lost at a cut, even one near it.
    whole_spans, part_spans = _replacements(tmp_path / "project-whole"), _replacements(tmp_path / "project-parts")
    gold = _gold(crlf)
    caught = [g for g in gold if _covered(whole_spans, crlf, *g)]
    assert len(caught) > 0.9 * len(gold)
    assert [g for g in caught if not _covered(part_spans, crlf, *g)] == []
    near_cuts = [g for g in caught if any(abs(g[0] - cut) < 400 for cut in cuts)]
    assert len(near_cuts) >= 5
    # One entity per person across the parts, as in the whole: the two mappings are one to one.
    mapping: dict[str, set[str]] = defaultdict(set)
    inverse: dict[str, set[str]] = defaultdict(set)
    for span, record in whole_spans.items():
        if span not in part_spans or not record["entity"]:
            continue  # a guess of the model's that the other context did not repeat; a date
        other = str(part_spans[span]["entity"])
        mapping[str(record["entity"])].add(other)
        inverse[other].add(str(record["entity"]))
    assert all(len(v) == 1 for v in mapping.values()) and all(len(v) == 1 for v in inverse.values()), (
        {k: v for k, v in mapping.items() if len(v) > 1},
        {k: v for k, v in inverse.items() if len(v) > 1},
    )
    # The audit log points into the whole input and the whole output, line numbers included.
    data = (tmp_path / "out-parts" / parts.written[0]).read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE) and data.count(codecs.BOM_UTF16_LE) == 1
    output = data.decode("utf-16")
    assert output.count("\r\n") == crlf.count("\r\n")
    for (start, end), record in part_spans.items():
        assert crlf[start:end] == record["original"]
        assert output[record["out_start"] : record["out_end"]] == record["replacement"]
        assert crlf.count("\n", 0, start) + 1 == record["line"]
    file_record = [r for r in Project(tmp_path / "project-parts").audit_records() if r.get("type") == "file"][-1]
    assert file_record["replacements"] == len(part_spans)


def test_a_name_found_only_in_a_late_part_is_replaced_in_an_early_one(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    filler = "INTERVIEWER: And how was the week?\nP1: Aye, no bad, same as ever really.\n" * 80
    early = "P1: we spoke to bramwell after.\n"
    late = "P1: Mrs Bramwell is the social worker, she came round.\n"
    text = early + filler + late
    assert len(list(line_pieces(text, 2_000))) >= 3
    options = RunOptions(lexicons=lexicons, detector=detector, part_chars=2_000)
    # On its own, the early line keeps the lower-case surname: only the late part tells it is a name.
    alone = anonymiser.pseudonymise_texts({"early": early + filler}, tmp_path / "alone", options=options)
    assert "bramwell" in alone["early"]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.txt").write_text(text, encoding="utf-8")
    summary = anonymiser.run(raw, tmp_path / "out", tmp_path / "project", options=options)
    output = (tmp_path / "out" / summary.written[0]).read_text(encoding="utf-8")
    assert "bramwell" not in output.casefold()
    assert summary.findings == () and summary.errors == ()


def test_a_name_whose_first_mention_in_its_part_was_propagated_reaches_every_part(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    filler = "INTERVIEWER: And how was the week?\nP1: Aye, no bad, same as ever really.\n" * 26
    lines = [
        "P1: we spoke to bramwell after, the two of us, in the car park outside the chemist.\n",
        "P1: bramwell again, aye. Mrs Bramwell is the social worker, she came round on Friday.\n",
        "P1: then bramwell phoned the school and said the wean was fine, nothing to worry about.\n",
    ]
    text = "".join(line + filler for line in lines)
    # One part each: the surname first in lower case (propagated within its part from "Mrs Bramwell")
    # in the middle one, only in lower case in the others.
    assert [line in piece for line, (_, piece) in zip(lines, line_pieces(text, 2_000), strict=True)] == [True] * 3
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.txt").write_text(text, encoding="utf-8")
    options = RunOptions(lexicons=lexicons, detector=detector, part_chars=2_000)
    summary = anonymiser.run(raw, tmp_path / "out", tmp_path / "project", options=options)
    output = (tmp_path / "out" / summary.written[0]).read_text(encoding="utf-8")
    assert "bramwell" not in output.casefold()
    assert summary.findings == () and summary.errors == ()
