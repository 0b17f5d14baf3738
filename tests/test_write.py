"""Write reproduces the input's format: encoding, newlines, and .docx run formatting."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx

from anonymiser.formats import docx as docx_format
from anonymiser.ingest import ingest
from anonymiser.models import Document, PseudonymisedDocument, Replacement
from anonymiser.write import render_text, write


def _rep(start: int, end: int, original: str, new: str) -> Replacement:
    return Replacement(start, end, "PERSON", original, new, "P0001", "test", "", 1.0)


def test_write_txt_keeps_encoding_bom_and_crlf(tmp_path: Path) -> None:
    raw_dir, out = tmp_path / "raw", tmp_path / "out"
    raw_dir.mkdir()
    text = "Dawn: hiya\r\nINT: Hi Dawn £\r\n"
    (raw_dir / "a.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    document = ingest(raw_dir / "a.txt", raw_dir)
    target = write(PseudonymisedDocument(document, (_rep(0, 4, "Dawn", "Lucy"), _rep(20, 24, "Dawn", "Lucy"))), out)
    assert target.read_bytes() == b"\xef\xbb\xbf" + "Lucy: hiya\r\nINT: Hi Lucy £\r\n".encode()


def test_write_docx_replaces_a_name_split_across_runs_keeping_formatting(tmp_path: Path) -> None:
    source = docx.Document()
    paragraph = source.add_paragraph("Then ")
    bold = paragraph.add_run("Mac")
    bold.bold = True
    paragraph.add_run("kie came.")
    buffer = io.BytesIO()
    source.save(buffer)
    raw_dir = tmp_path / "raw"
    raw_dir.mkdir()
    (raw_dir / "a.docx").write_bytes(buffer.getvalue())
    document = ingest(raw_dir / "a.docx", raw_dir)
    start = document.text.index("Mackie")
    target = write(PseudonymisedDocument(document, (_rep(start, start + 6, "Mackie", "Hughes"),)), tmp_path / "out")
    result = docx.Document(str(target))
    runs = result.paragraphs[0].runs
    assert result.paragraphs[0].text == "Then Hughes came."
    assert runs[1].text == "Hughes" and runs[1].bold
    assert result.core_properties.author == ""


def test_docx_output_is_byte_stable(tmp_path: Path) -> None:
    source = docx.Document()
    source.add_paragraph("Dawn was here.")
    buffer = io.BytesIO()
    source.save(buffer)
    first = docx_format.apply(buffer.getvalue(), "a.docx", [(0, 4, "Lucy")])
    second = docx_format.apply(buffer.getvalue(), "a.docx", [(0, 4, "Lucy")])
    assert first == second


def test_a_name_said_twice_is_replaced_twice() -> None:
    # Presidio merges results of one type with only whitespace between them; each replacement stands alone.
    text = "P: right so im Jayne Cole Jayne Cole, everybody calls me Jayne Jayne.\n"
    spans = [(m.start(), m.end()) for m in re.finditer(r"Jayne Cole|Jayne(?! Cole)", text)]
    replacements = [
        Replacement(s, e, "PERSON", text[s:e], "Glenda Kilpatrick" if e - s > 5 else "Glenda", "P0001", "", "", 1.0)
        for s, e in spans
    ]
    assert render_text(text, replacements) == (
        "P: right so im Glenda Kilpatrick Glenda Kilpatrick, everybody calls me Glenda Glenda.\n"
    )
    # Where each replacement stands in the output is where the audit log says it does.
    out = render_text(text, replacements)
    document = Document("memo.txt", "txt", text, b"", "utf-8", "")
    shown = PseudonymisedDocument(document, tuple(replacements)).output_spans()
    assert [out[s:e] for s, e, _ in shown] == [r.replacement for r in replacements]
