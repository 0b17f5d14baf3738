"""Hidden content of .docx: comments, tracked changes, text boxes, alt text, properties (issue 7)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

import anonymiser
from anonymiser.detect import Detector
from anonymiser.ingest import ingest
from anonymiser.lexicons import Lexicons
from anonymiser.pipeline import RunOptions

from .conftest import tree_hashes

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SECRETS = ["Dawn Mackie", "Siobhan Ferguson", "Possilpark", "Kirsty Mair", "Craigbank"]


def _hidden_docx() -> bytes:
    document = docx.Document()
    document.core_properties.author = "Kirsty Mair"
    document.core_properties.title = "Interview with Dawn Mackie"
    paragraph = document.add_paragraph("INT: Tell me about your family, Dawn Mackie.")
    document.add_comment(paragraph.runs, text="Check Siobhan Ferguson's consent", author="Kirsty Mair", initials="KM")
    body = document.add_paragraph("R: We moved to ")
    body._p.append(parse_xml(f'<w:ins {W} w:id="1" w:author="Kirsty Mair"><w:r><w:t>Possilpark</w:t></w:r></w:ins>'))
    body._p.append(
        parse_xml(
            f'<w:del {W} w:id="2" w:author="Kirsty Mair"><w:r><w:delText> from Craigbank</w:delText></w:r></w:del>'
        )
    )
    body.add_run(" last year.")
    box = document.add_paragraph("See box.")
    box._p.append(
        parse_xml(
            f'<w:r {W}><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
            f"<w:txbxContent><w:p><w:r><w:t>Note: Siobhan Ferguson rang.</w:t></w:r></w:p></w:txbxContent>"
            f"</v:textbox></v:shape></w:pict></w:r>"
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_hidden_text_is_part_of_what_detection_sees(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(_hidden_docx())
    text = ingest(tmp_path / "a.docx", tmp_path).text
    assert "Check Siobhan Ferguson's consent" in text  # the comment
    assert "Note: Siobhan Ferguson rang." in text  # the text box
    assert "Craigbank" not in text  # deleted text is not the document's text


@pytest.mark.slow
def test_docx_outputs_hold_no_original_in_any_xml_part(tmp_path: Path, lexicons: Lexicons, detector: Detector) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.docx").write_bytes(_hidden_docx())
    before = tree_hashes(raw)
    rules = tmp_path / "p"
    rules.mkdir(mode=0o700)
    (rules / "rules.yaml").write_text("deny:\n  - Siobhan Ferguson\n", encoding="utf-8")
    summary = anonymiser.run(raw, tmp_path / "out", rules, options=RunOptions(lexicons=lexicons, detector=detector))
    assert summary.errors == ()
    assert tree_hashes(raw) == before
    (written,) = summary.written
    archive = zipfile.ZipFile(tmp_path / "out" / written)
    assert not any(name.endswith("thumbnail.jpeg") for name in archive.namelist())
    for name in archive.namelist():
        data = archive.read(name).decode("utf-8", errors="ignore")
        for secret in SECRETS:
            for part in secret.split():
                # Whole words, as the gate reads: a surrogate "Mairead" does not hold the original "Mair".
                whole_word = re.compile(rf"(?<![^\W\d_]){re.escape(part)}(?![^\W\d_])", re.IGNORECASE)
                assert not whole_word.search(data), f"{part!r} left in {name}"
    result = docx.Document(str(tmp_path / "out" / written))
    assert result.core_properties.author == "" and result.core_properties.title == ""
