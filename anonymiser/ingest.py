"""Stage 1, ingest: find the transcripts under a folder and decode each one.

A .txt may arrive in any common encoding; we try, in order, a byte-order mark,
strict UTF-8, UTF-16 without a mark, then cp1252, and record which one was
used so that write can encode the output the same way (charset guessers
misread short cp1252 files as cp1250). A file that cannot be read raises
InputError naming the file and what to do; the caller records it and goes on.
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from .errors import InputError
from .formats import docx as docx_format
from .models import Document

# .vtt and .srt machine transcripts are text: cue timings pass through untouched.
SUPPORTED_SUFFIXES = (".txt", ".vtt", ".srt", ".docx")


def find_inputs(root: Path) -> list[Path]:
    """Every supported file under ``root``, sorted, without following symlinks out of it.

    Symbolic links are not followed (a link may point outside the folder or
    loop); hidden files and Office lock files (``~$x.docx``) are skipped.
    """
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith((".", "~$")) or path.is_symlink():
                continue
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(path)
    return found


def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """Decode transcript bytes; return (text, codec name). Raise InputError if impossible."""
    if raw.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8"]
        if _looks_utf16(raw):
            candidates.insert(0, "utf-16-le" if raw[1:2] == b"\0" else "utf-16-be")
        candidates.append("cp1252")
    for codec in candidates:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\0" in text:
            raise InputError(
                f"{name}: contains NUL bytes: it is binary data or a mis-saved file; re-save it as plain text (UTF-8)"
            )
        if codec.startswith("utf-16"):
            # Re-encoding must reproduce a BOM only when the input had one.
            codec = "utf-16" if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else codec
        return text, codec
    raise InputError(
        f"{name}: not valid text in UTF-8, UTF-16 or Windows-1252: "
        "it is probably binary; if it is a transcript, re-save it as UTF-8 text"
    )


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 text without a BOM has a NUL in most high or low bytes of ASCII characters."""
    sample = raw[:4096]
    if len(sample) < 4:
        return False
    evens, odds = sample[0::2], sample[1::2]
    return odds.count(0) > 0.4 * len(odds) or evens.count(0) > 0.4 * len(evens)


def ingest(path: Path, root: Path) -> Document:
    """Read one input file into a Document.

    Example:
        >>> doc = ingest(Path("raw/p01.txt"), Path("raw"))  # doctest: +SKIP
        >>> doc.rel_path, doc.encoding
        ('p01.txt', 'utf-8')
    """
    rel = path.relative_to(root).as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{rel}: cannot read ({exc.strerror}): check its permissions") from exc
    if not raw.strip():
        raise InputError(f"{rel}: the file is empty: nothing to pseudonymise")
    digest = hashlib.sha256(raw).hexdigest()
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text = docx_format.read_text(raw, rel)
        if not text.strip():
            raise InputError(f"{rel}: the document has no text: nothing to pseudonymise")
        return Document(rel, "docx", text, raw, "docx", digest)
    if suffix in (".txt", ".vtt", ".srt"):
        text, codec = decode_text(raw, rel)
        return Document(rel, suffix[1:], text, b"", codec, digest)  # the text and codec rebuild the bytes
    raise InputError(f"{rel}: unsupported file type {suffix!r} (supported: {', '.join(SUPPORTED_SUFFIXES)})")


def ingest_all(root: Path) -> Iterator[tuple[Path, Document | InputError]]:
    """Ingest every input under ``root``; yield the document or the error for each file."""
    for path in find_inputs(root):
        try:
            yield path, ingest(path, root)
        except InputError as exc:
            yield path, exc
