"""Ingest decodes every common encoding and reads .docx paragraphs, tables, headers and footers."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import docx
import pytest

from anonymiser.errors import InputError
from anonymiser.ingest import find_inputs, ingest

TEXT = "Dawn: I paid £5 at the café — “aye”.\nINT: Right.\n"


@pytest.mark.parametrize(
    ("raw", "codec"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be", "cp1252"],
)
def test_ingest_decodes_common_encodings(tmp_path: Path, raw: bytes, codec: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(raw)
    document = ingest(path, tmp_path)
    assert document.text == TEXT
    assert document.encoding == codec


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "NUL"),
        (b"abc\x00def ghi", "NUL"),
    ],
    ids=["zero-bytes", "blank", "png-named-txt", "nul-bytes"],
)
def test_ingest_rejects_unreadable_text_naming_the_file(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    with pytest.raises(InputError, match=rf"bad\.txt.*{message}"):
        ingest(path, tmp_path)


@pytest.mark.parametrize(
    ("raw", "message"),
    [(b"PK\x03\x04 truncated", "not a valid .docx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "password")],
    ids=["truncated-zip", "encrypted-ole"],
)
def test_ingest_rejects_broken_docx(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(raw)
    with pytest.raises(InputError, match=rf"broken\.docx.*{message}"):
        ingest(path, tmp_path)


def _docx(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Dawn: hello")
    paragraph = document.add_paragraph("INT: and ")
    paragraph.add_run("Mac").bold = True
    paragraph.add_run("kie?")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Name"
    table.cell(0, 1).text = "Dawn Mackie"
    document.add_paragraph("End.")
    document.sections[0].header.paragraphs[0].text = "Header: Possilpark"
    document.sections[0].footer.paragraphs[0].text = "Footer 14/06/2021"
    path = tmp_path / "d.docx"
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_ingest_reads_docx_body_tables_header_footer(tmp_path: Path) -> None:
    document = ingest(_docx(tmp_path), tmp_path)
    assert document.fmt == "docx"
    assert document.text.split("\n") == [
        "Dawn: hello",
        "INT: and Mackie?",
        "Name",
        "Dawn Mackie",
        "End.",
        "Header: Possilpark",
        "Footer 14/06/2021",
    ]


def test_find_inputs_skips_symlinks_hidden_and_lock_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.docx").write_bytes(b"x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "~$lock.docx").write_text("x")
    (tmp_path / "notes.pdf").write_text("x")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("secret")
    (tmp_path / "link.txt").symlink_to(outside)
    (tmp_path / "loop").symlink_to(tmp_path)
    found = [p.relative_to(tmp_path).as_posix() for p in find_inputs(tmp_path)]
    assert found == ["a.txt", "sub/b.docx"]
