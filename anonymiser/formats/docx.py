"""Read the text of a .docx and write replacements back into its runs.

Ingest and write must agree, character for character, on how a document
becomes text; both go through ``walk``. The text is every paragraph of the
body (table cells row by row, in document order), then every header, then
every footer, then the hidden places names hide in: comments, footnotes,
endnotes and text boxes; one paragraph per line. Last come the metadata
values that can name people (author, title, comment and revision authors):
write clears them rather than edits them, but detection must see them, so
that the names they hold are known and no surrogate is ever one of them.
A name that spans several runs is one stretch of text here; write puts its
replacement in the first run and empties the rest, so run formatting survives.
"""

from __future__ import annotations

import bisect
import datetime
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from ..errors import InputError

# An inflated .docx larger than this is treated as a zip bomb.
MAX_UNCOMPRESSED_BYTES = 512 * 1024 * 1024

_T, _TAB, _BR, _CR, _P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    qn("w:t"),
    qn("w:tab"),
    qn("w:br"),
    qn("w:cr"),
    qn("w:p"),
    qn("w:tbl"),
    qn("w:tr"),
    qn("w:tc"),
    qn("w:sdt"),
    qn("w:sdtContent"),
)
# Parts of a paragraph whose text is not the paragraph's own (text boxes,
# fallbacks of alternate content, field instructions, deleted text).
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TXBX = qn("w:txbxContent")
_NOTE_TAGS = {qn("w:comment"), qn("w:footnote"), qn("w:endnote")}
_SKIP = {qn("w:txbxContent"), _MC + "Fallback", qn("w:instrText"), qn("w:delText")}
_AUTHOR = qn("w:author")  # of a comment or tracked change


@dataclass
class DocxText:
    """The text of a document and, for each editable piece, its w:t element."""

    text: str
    pieces: list[tuple[int, int, Any]]  # (start, end, w:t element)
    metadata_start: int  # text from here on is metadata, cleared on write


def _check_zip(raw: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        hint = (
            "it looks password-protected (an encrypted Office file): save an unprotected copy"
            if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            else "it is not a valid .docx (corrupt or truncated): re-export it from Word"
        )
        raise InputError(f"{name}: {hint}") from exc
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            f"{name}: inflates to {total // 2**20} MB, over the {MAX_UNCOMPRESSED_BYTES // 2**20} MB"
            " limit (a zip bomb or an embedded media file): remove embedded objects and retry"
        )
    if "word/document.xml" not in archive.namelist():
        raise InputError(f"{name}: no word/document.xml inside: not a Word document")


def open_document(raw: bytes, name: str) -> Any:
    """Open a .docx from bytes, turning every failure into an InputError."""
    _check_zip(raw, name)
    try:
        return docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises many types on damaged parts
        raise InputError(f"{name}: cannot open as .docx ({exc}): re-export it from Word") from exc


def _paragraph_runs(paragraph: Any) -> Iterator[tuple[str, Any]]:
    """Yield (text, w:t element or None) for the pieces of one paragraph, in order."""
    stack = [iter(paragraph)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if tag in _SKIP or tag == _P:
            continue
        if tag == _T:
            yield child.text or "", child
        elif tag == _TAB:
            yield "\t", None
        elif tag in (_BR, _CR):
            yield "\n", None
        else:
            stack.append(iter(child))


def _block_paragraphs(container: Any) -> Iterator[Any]:
    """Yield the w:p elements of a body, cell, header or footer in reading order."""
    for child in container:
        if child.tag == _P:
            yield child
        elif child.tag == _TBL:
            for row in child.iter(_TR):
                if row.getparent() is not child:
                    continue
                for cell in row:
                    if cell.tag == _TC:
                        yield from _block_paragraphs(cell)
        elif child.tag in (_SDT, _SDT_CONTENT) or child.tag in _NOTE_TAGS:
            yield from _block_paragraphs(child)


_HIDDEN_PARTS = ("/word/comments.xml", "/word/footnotes.xml", "/word/endnotes.xml")


def _xml_of(part: Any) -> Any:
    """The XML root of a part; generic parts are parsed once and kept for saving."""
    element = getattr(part, "_element", None)
    if element is None:
        element = getattr(part, "_anonymiser_xml", None)
        if element is None:
            element = parse_xml(part.blob)
            part._anonymiser_xml = element
    return element


def _hidden_containers(document: Any) -> Iterator[Any]:
    """Comments, footnotes, endnotes (each note a container) and text boxes."""
    for part in document.part.package.iter_parts():
        if str(part.partname) in _HIDDEN_PARTS:
            yield from _xml_of(part)
    yield from document.element.body.iter(_TXBX)


def _containers(document: Any) -> Iterator[Any]:
    yield document.element.body
    seen: set[int] = set()
    for attrs in (
        ("header", "first_page_header", "even_page_header"),
        ("footer", "first_page_footer", "even_page_footer"),
    ):
        for attr in attrs:
            for section in document.sections:
                part = getattr(section, attr)
                if not part.is_linked_to_previous and id(part._element) not in seen:
                    seen.add(id(part._element))
                    yield part._element
    yield from _hidden_containers(document)


def walk(document: Any) -> DocxText:
    """Return the text of ``document`` and where each piece of it lives."""
    parts: list[str] = []
    pieces: list[tuple[int, int, Any]] = []
    pos = 0
    first = True
    for container in _containers(document):
        for paragraph in _block_paragraphs(container):
            if not first:
                parts.append("\n")
                pos += 1
            first = False
            for text, element in _paragraph_runs(paragraph):
                if element is not None and text:
                    pieces.append((pos, pos + len(text), element))
                parts.append(text)
                pos += len(text)
    metadata_start = pos
    for value in _metadata_values(document):
        parts.append("\n" + value)
    return DocxText("".join(parts), pieces, metadata_start)


_CORE_TEXT = ("author", "last_modified_by", "title", "subject", "keywords", "comments", "category")
_APP_TEXT = ("Company", "Manager")


def _metadata_values(document: Any) -> list[str]:
    """The distinct non-empty metadata values that can name people, in a fixed order."""
    values = [getattr(document.core_properties, attr) or "" for attr in _CORE_TEXT]
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            values += [e.text or "" for e in parse_xml(rel.target_part.blob) if e.tag.split("}")[-1] in _APP_TEXT]
    for part in package.iter_parts():
        root = _xml_of(part) if str(part.partname) in _HIDDEN_PARTS or part is document.part else None
        if root is not None:
            values += [e.get(_AUTHOR) or "" for e in root.iter() if e.get(_AUTHOR)]
    return list(dict.fromkeys(" ".join(v.split()) for v in values if v.strip()))


def read_text(raw: bytes, name: str) -> str:
    """The text anonymiser sees in a .docx (see module docstring)."""
    return walk(open_document(raw, name)).text


def apply(raw: bytes, name: str, edits: Sequence[tuple[int, int, str]]) -> bytes:
    """Return the .docx with each (start, end, new text) applied and its metadata cleared.

    Offsets index ``read_text(raw)``; edits must not overlap.
    """
    document = open_document(raw, name)
    _accept_tracked_changes(document)
    walked = walk(document)
    ends = [p_end for _, p_end, _ in walked.pieces]
    local: dict[int, list[tuple[int, int, str]]] = {}
    for start, end, new in sorted(edits):
        if start >= walked.metadata_start:
            continue  # metadata: cleared below
        placed = False
        for index in range(bisect.bisect_right(ends, start), len(walked.pieces)):
            p_start, p_end, _ = walked.pieces[index]
            if p_start >= end:
                break
            lo, hi = max(start, p_start) - p_start, min(end, p_end) - p_start
            local.setdefault(index, []).append((lo, hi, "" if placed else new))
            placed = True
        if not placed:
            raise InputError(f"{name}: no editable text at offsets {start}-{end}")
    for index, changes in local.items():
        element = walked.pieces[index][2]
        text = element.text or ""
        for lo, hi, new in sorted(changes, reverse=True):
            text = text[:lo] + new + text[hi:]
        element.text = text
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _clear_metadata(document)
    for part in document.part.package.iter_parts():
        if getattr(part, "_anonymiser_xml", None) is not None:
            part._blob = etree.tostring(part._anonymiser_xml, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    document.save(out)
    return deterministic_zip(out.getvalue())


def _accept_tracked_changes(document: Any) -> None:
    """Accept every tracked change: deleted text (which still names people) goes, insertions stay.

    The text ingest read is unchanged by this: it already skipped deletions.
    """
    roots = [document.element.body] + [
        _xml_of(p) for p in document.part.package.iter_parts() if str(p.partname) in _HIDDEN_PARTS
    ]
    for root in roots:
        for tag in ("w:del", "w:moveFrom", "w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange"):
            for element in list(root.iter(qn(tag))):
                element.getparent().remove(element)
        for tag in ("w:ins", "w:moveTo"):
            for element in list(root.iter(qn(tag))):
                parent = element.getparent()
                index = parent.index(element)
                for child in list(element):
                    parent.insert(index, child)
                    index += 1
                parent.remove(element)


_AUTHOR_ATTRS = (_AUTHOR, qn("w:initials"))
_ALT_TEXT_ATTRS = ("descr", "title")


def _clear_metadata(document: Any) -> None:
    """Remove who wrote the document, when, and what it looks like.

    Core and extended properties, comment authors, image alt text and the
    thumbnail (a picture of the first page) all can name people.
    """
    package = document.part.package
    for part in list(package.iter_parts()):
        root = getattr(part, "_element", None)
        if str(part.partname) in _HIDDEN_PARTS or part is document.part:
            root = _xml_of(part)
        if root is None:
            continue
        for element in root.iter():
            for attr in _AUTHOR_ATTRS:
                if attr in element.attrib:
                    element.set(attr, "")
            if element.tag.endswith("}docPr") or element.tag.endswith("}cNvPr"):
                for attr in _ALT_TEXT_ATTRS:
                    element.attrib.pop(attr, None)
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)
        elif rel.reltype.endswith("/extended-properties"):
            app = parse_xml(rel.target_part.blob)
            for element in app:
                if element.tag.split("}")[-1] in ("Company", "Manager", "HyperlinkBase"):
                    element.text = ""
            rel.target_part._blob = etree.tostring(app, xml_declaration=True, encoding="UTF-8", standalone=True)
    core = document.core_properties
    for attr in (
        "author",
        "last_modified_by",
        "comments",
        "keywords",
        "subject",
        "title",
        "category",
        "content_status",
        "identifier",
        "version",
    ):
        setattr(core, attr, "")
    core.revision = 1
    fixed = datetime.datetime(2000, 1, 1)
    core.created = fixed
    core.modified = fixed
    core.last_printed = fixed


def deterministic_zip(data: bytes, mode: int = 0o600) -> bytes:
    """Rewrite a zip with fixed timestamps so identical content gives identical bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = mode << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
