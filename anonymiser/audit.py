"""Stage 6, audit: one JSON line per replacement, per review item and per file.

The log holds every original, so it lives in the project folder, owner-only,
never in the deposit. Each line carries the SHA-256 of the line before it
("prev"), so an edit, a deletion or a reordering breaks the chain. A torn
last line (a crash mid-write) is cut off when the log is next opened, and the
cut is itself logged.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .encryption import Vault
from .errors import ProjectError
from .models import Document, FileError, PseudonymisedDocument

GENESIS = "0" * 64


def _line_hash(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


class AuditLog:
    """Append-only, hash-chained JSON-lines log."""

    def __init__(self, path: Path, vault: Vault | None = None) -> None:
        self.path = path
        self.vault = vault
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        self.prev, torn = self._recover()
        self.handle = path.open("a", encoding="utf-8")
        if torn:
            self.write({"type": "recovered", "torn_bytes": torn})

    def _recover(self) -> tuple[str, int]:
        """The hash of the last whole line, and how many bytes of a torn line were cut."""
        data = self.path.read_bytes()
        torn = 0
        if data and not data.endswith(b"\n"):
            keep = data.rfind(b"\n") + 1
            torn = len(data) - keep
            with self.path.open("r+b") as handle:
                handle.truncate(keep)
            data = data[:keep]
        lines = data.decode("utf-8").splitlines()
        if not lines:
            return GENESIS, torn
        return _line_hash(self.vault.open_line(lines[-1]) if self.vault else lines[-1]), torn

    def write(self, record: dict[str, Any]) -> None:
        """Append one record, chained to the previous line."""
        record = {"time": _now(), **record, "prev": self.prev}
        line = json.dumps(record, ensure_ascii=False, sort_keys=False)
        self.handle.write((self.vault.seal_line(line) if self.vault else line) + "\n")
        self.prev = _line_hash(line)

    def file_done(self, run_id: str, pseudonymised: PseudonymisedDocument, output: str, detector: str) -> None:
        """Log every replacement and review item of one file, then its summary line."""
        self.mentions_done(run_id, pseudonymised)
        by_label: dict[str, int] = {}
        for r in pseudonymised.replacements:
            by_label[r.label] = by_label.get(r.label, 0) + 1
        self.file_summary(
            run_id,
            pseudonymised.document,
            output,
            detector,
            by_label=by_label,
            review=len(pseudonymised.review),
            new=pseudonymised.new_entities,
            known=pseudonymised.known_entities,
        )

    def mentions_done(
        self, run_id: str, pseudonymised: PseudonymisedDocument, at: tuple[int, int, int] = (0, 0, 0)
    ) -> None:
        """Log the replacements and review items of a file, or of one part of a large file.

        ``at`` is where the part starts in the whole file: (input offset,
        output offset, lines before it), so every record points into the file.
        """
        document = pseudonymised.document
        base = {"run": run_id, "file": document.rel_path, "sha256": document.sha256}
        in_at, out_at, lines_before = at
        line_starts = _line_starts(document.text)
        ordered = sorted(pseudonymised.replacements)
        placed = pseudonymised.output_spans()
        ends = [r.end for r in ordered]
        for r, (out_start, out_end, _) in zip(ordered, placed, strict=True):
            self.write(
                {
                    **base,
                    "type": "replacement",
                    "start": in_at + r.start,
                    "end": in_at + r.end,
                    "out_start": out_at + out_start,
                    "out_end": out_at + out_end,
                    "line": lines_before + _line_of(line_starts, r.start),
                    "label": r.label,
                    "original": r.original,
                    "replacement": r.replacement,
                    "entity": r.entity_id,
                    "detector": r.source,
                    "rule": r.rule,
                    "score": r.score,
                }
            )
        for item in pseudonymised.review:
            # Where the item stands in the output: shifted by the replacements before it.
            before = bisect.bisect_right(ends, item.start)
            out_start = item.start + (placed[before - 1][2] if before else 0)
            self.write(
                {
                    **base,
                    "type": "review",
                    "start": in_at + item.start,
                    "end": in_at + item.end,
                    "out_start": out_at + out_start,
                    "out_end": out_at + out_start + (item.end - item.start),
                    "line": lines_before + _line_of(line_starts, item.start),
                    "label": item.label,
                    "original": item.text,
                    "detector": item.source,
                    "score": item.score,
                    "reason": item.reason,
                }
            )

    def file_summary(
        self,
        run_id: str,
        document: Document,
        output: str,
        detector: str,
        *,
        by_label: dict[str, int],
        review: int,
        new: Iterable[str],
        known: Iterable[str],
    ) -> None:
        """Log the summary line that closes a file's records (the report and review read up to it)."""
        self.write(
            {
                "run": run_id,
                "file": document.rel_path,
                "sha256": document.sha256,
                "type": "file",
                "output": output,
                "replacements": sum(by_label.values()),
                "by_label": by_label,
                "review": review,
                "entities_new": list(new),
                "entities_known": list(known),
                "detector_version": detector,
            }
        )
        self.handle.flush()

    def error(self, run_id: str, error: FileError) -> None:
        """Log a file that could not be processed."""
        self.write(
            {"run": run_id, "type": "error", "file": error.rel_path, "stage": error.stage, "message": error.message}
        )
        self.handle.flush()

    def close(self) -> None:
        """Flush to disk and close."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _line_of(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _plain_lines(path: Path, vault: Vault | None) -> Iterator[str]:
    """The whole lines of a log as written before sealing (a torn last line is skipped)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.endswith("\n"):
                yield vault.open_line(line[:-1]) if vault else line[:-1]


def read_records(path: Path, vault: Vault | None = None) -> Iterator[dict[str, Any]]:
    """Every whole record of a log, in order.

    The one way other stages read the log, so its storage can change in one place.
    """
    for line in _plain_lines(path, vault):
        yield json.loads(line)


def verify(path: Path, vault: Vault | None = None) -> tuple[bool, str]:
    """Check the hash chain of a log: (ok, message naming the first bad line)."""
    prev = GENESIS
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            try:
                if vault is not None:
                    line = vault.open_line(line)
                record = json.loads(line)
            except ProjectError:
                return False, f"{path}:{number}: does not decrypt (a line was edited or cut)"
            except json.JSONDecodeError:
                return False, f"{path}:{number}: not a JSON line"
            if record.get("prev") != prev:
                return False, f"{path}:{number}: the chain is broken (a line was edited, removed or moved)"
            prev = _line_hash(line)
    return True, f"{path}: chain intact"
