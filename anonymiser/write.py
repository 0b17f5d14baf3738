"""Stage 5, write: the pseudonymised copy of each input, in its own format, atomically.

Plain text goes through Presidio's AnonymizerEngine (one "replace" operator
per distinct replacement) and is encoded back in the input's own encoding and
newlines; a .docx has its runs edited in place (formats.docx). Every output
is written to a temporary file beside its target and renamed over it, so a
crash never leaves a partial file.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from .errors import InputError
from .formats import docx as docx_format
from .models import Document, PseudonymisedDocument, Replacement

_ENGINE = AnonymizerEngine()


RENDER_WINDOW = 65_536  # Presidio rebuilds the whole string per replacement: keep each call's text short


def render_text(text: str, replacements: Sequence[Replacement]) -> str:
    """Apply non-overlapping replacements to ``text``, through Presidio's "replace" operator.

    Presidio's cost grows with text length times replacements, so a long text
    is cut into windows of about 64k characters (never inside a replacement)
    and each window rendered on its own: linear overall.

    Example:
        >>> render_text("Dawn went.", [Replacement(0, 4, "PERSON", "Dawn", "Linda", "P0001", "", "", 1.0)])
        'Linda went.'
    """
    ordered = sorted(replacements, key=lambda r: r.start)
    pieces: list[str] = []
    window_start, window = 0, []
    for r in ordered:
        if window and r.start - window_start > RENDER_WINDOW:
            cut = window[-1].end
            pieces.append(_render_window(text[window_start:cut], window, window_start))
            window_start, window = cut, []
        window.append(r)
    pieces.append(_render_window(text[window_start:], window, window_start))
    return "".join(pieces)


def _render_window(text: str, replacements: list[Replacement], offset: int) -> str:
    if not replacements:
        return text
    # One entity type per replacement: Presidio merges two results of one type with only
    # whitespace between them ("Jayne Cole Jayne Cole" would come out as one name).
    results = [
        RecognizerResult(entity_type=f"R{i}", start=r.start - offset, end=r.end - offset, score=1.0)
        for i, r in enumerate(replacements)
    ]
    operators = {f"R{i}": OperatorConfig("replace", {"new_value": r.replacement}) for i, r in enumerate(replacements)}
    return str(_ENGINE.anonymize(text=text, analyzer_results=results, operators=operators).text)


def encode_like(document: Document, text: str) -> bytes:
    """Encode text as the input was encoded (same codec, BOM only if it had one)."""
    codec = document.encoding
    if codec == "cp1252":
        # A pseudonym may hold a character cp1252 lacks; fall back to UTF-8 rather than lose it.
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError:
            return text.encode("utf-8")
    return text.encode(codec)


def output_bytes(pseudonymised: PseudonymisedDocument) -> bytes:
    """The bytes of the pseudonymised file."""
    document = pseudonymised.document
    if document.fmt == "docx":
        edits = [(r.start, r.end, r.replacement) for r in pseudonymised.replacements]
        return docx_format.apply(document.raw, document.rel_path, edits)
    return encode_like(document, render_text(document.text, pseudonymised.replacements))


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` durably and in one piece: a temporary file (owner-only), fsync, rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class PartWriter:
    """Write one output a part at a time (a large transcript), atomically and in the input's encoding.

    Parts go to a temporary file beside the target; ``commit`` renames it over
    the target, so a crash never leaves a partial output. Usage::

        with PartWriter(target, document) as out:
            out.append(rendered_part)
            digest = out.commit()
    """

    def __init__(self, path: Path, document: Document) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.tmp = Path(tmp)
        self.handle = os.fdopen(fd, "wb")
        # An incremental encoder writes a byte-order mark once, not once per part.
        self.encoder = codecs.getincrementalencoder(document.encoding)()
        self.digest = hashlib.sha256()
        self.chars = 0  # characters written so far: where the next part starts in the output

    def __enter__(self) -> PartWriter:
        return self

    def append(self, text: str) -> None:
        """Add the next part's text."""
        try:
            data = self.encoder.encode(text)
        except UnicodeEncodeError as exc:
            raise InputError(
                f"{self.path.name}: a pseudonym holds a character the input's encoding cannot write ({exc.reason})"
            ) from exc
        self.handle.write(data)
        self.digest.update(data)
        self.chars += len(text)

    def commit(self, mode: int = 0o644) -> str:
        """Flush, sync and rename over the target; return the output's SHA-256."""
        data = self.encoder.encode("", final=True)
        self.handle.write(data)
        self.digest.update(data)
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.tmp, mode)
        os.replace(self.tmp, self.path)
        return self.digest.hexdigest()

    def __exit__(self, *exc: object) -> None:
        if not self.handle.closed:
            self.handle.close()
        self.tmp.unlink(missing_ok=True)


def write(pseudonymised: PseudonymisedDocument, out_root: Path, rel_path: str | None = None) -> Path:
    """Write the pseudonymised copy under ``out_root`` at ``rel_path`` (default: the input's)."""
    target = out_root / (rel_path or pseudonymised.document.rel_path)
    atomic_write(target, output_bytes(pseudonymised))
    return target
