"""The review queue: what a human should look at after a run, and the decision lines that settle it.

The queue is read back from the audit log (the latest processing of each
file): candidates left in place with doubt (``review`` records) and
replacements made with low confidence. One item stands for every occurrence
of one string in one file with one outcome and reason, as the decision that
settles it does ("she" left in place 20,000 times in a long transcript is one
item, not 20,000). Each item carries its first context (the line of the
pseudonymised output), its count and the exact ``review.yaml`` lines that
accept or reject it. Both the HTML report and ``anonymiser review`` use it.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .check import read_for_check
from .decisions import Decision
from .errors import InputError
from .project import Project
from .rules import normalise_term

LOW_CONFIDENCE = 0.6  # replacements scoring below this are listed for a second look
MAX_DETAIL_RECORDS = 50_000  # per file, read from the audit log for the report and the queue (review items always)


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One thing a reviewer should decide."""

    file: str  # input rel path
    output: str  # output rel path
    line: int
    label: str
    text: str  # the original string
    replacement: str  # "" when the candidate was left in place
    source: str
    score: float
    reason: str
    context: str  # the output line, the item marked with ⟦ ⟧
    entity: str = ""  # the registry entity a replaced item was linked to
    count: int = 1  # occurrences in the file (line and context are the first's)

    @property
    def replaced(self) -> bool:
        """Whether the run replaced it (a low-confidence replacement) or left it (a candidate)."""
        return bool(self.replacement)

    def keep_decision(self) -> Decision:
        """The decision that leaves this string in place, in this file."""
        return Decision("keep", self.text, file=self.file)

    def replace_decision(self) -> Decision:
        """The decision that replaces this string everywhere."""
        return Decision("replace", self.text, label=self.label)

    @property
    def linked_entity(self) -> str:
        """For an ambiguous alias, the entity it was linked to ("" otherwise)."""
        match = re.match(r"ambiguous alias: linked to (\S+?),", self.reason)
        return match.group(1) if match else ""

    @property
    def namesakes(self) -> tuple[str, str]:
        """For a lone name with a namesake in another scope: (its entity, the other's); ("", "") otherwise."""
        match = re.match(r"namesake: (\S+) here, (\S+) in another scope", self.reason)
        return (match.group(1), match.group(2)) if match else ("", "")

    def different_decision(self) -> Decision | None:
        """For a namesake, the decision that they are two people (no longer listed); None otherwise."""
        here, other = self.namesakes
        return Decision("different", here, other=other) if other else None

    def reject_decision(self) -> Decision:
        """The decision that undoes what the run did.

        Unlink an ambiguous alias; join a namesake to the other scope's entity
        (they are one person); or keep the string in this file.
        """
        if self.linked_entity:
            return Decision("split", self.text, other=self.linked_entity)
        here, other = self.namesakes
        if other:
            return Decision("same", here, other=other)
        return self.keep_decision()


# What a replacement or review record carries for the log's chain and run, not for a reader: a
# transcript of millions of words has millions of records, so these are dropped on reading.
_CHAIN_KEYS = frozenset({"time", "run", "sha256", "prev"})


# Values that repeat from record to record: one string object each, not one per record.
_SHARED_VALUES = frozenset({"type", "file", "label", "detector", "rule", "reason", "entity"})


def _detail(record: dict[str, Any]) -> dict[str, Any]:
    """A replacement or review record without the log's chain fields, its repeating values shared."""
    return {
        k: sys.intern(v) if k in _SHARED_VALUES and isinstance(v, str) else v
        for k, v in record.items()
        if k not in _CHAIN_KEYS
    }


def _item_key(record: dict[str, Any]) -> tuple[str, ...]:
    """What one queue item stands for: a string in a file, what was done with it, and why."""
    return (
        record["label"],
        normalise_term(record["original"]),
        record.get("replacement", ""),
        record.get("reason", ""),
        str(record.get("entity") or ""),
    )


def latest_file_records(
    records: Iterable[dict[str, Any]],
    always: Callable[[dict[str, Any]], bool] | None = None,
    cap: int | None = None,
) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """For each input file, its latest ``file`` record and the replacement/review records of that run.

    One pass, keeping only each file's latest run: memory follows the project,
    not its history. Strings pseudonymised in memory (no file) are left out.
    A transcript of millions of words has millions of records: past ``cap``
    for a file, only those ``always`` accepts are kept, one per queue item
    with a ``count`` of its occurrences (compare the number of records with
    the file record's counts to know whether a file's list is whole).
    """
    cap = MAX_DETAIL_RECORDS if cap is None else cap
    pending: dict[tuple[str, str], list[dict[str, Any]]] = {}
    grouped: dict[tuple[str, str], dict[tuple[str, ...], dict[str, Any]]] = {}
    latest: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    for record in records:
        kind = record.get("type")
        if kind in ("replacement", "review"):
            where = (record["run"], record["file"])
            details = pending.setdefault(where, [])
            if len(details) < cap:
                details.append(_detail(record))
            elif always is not None and always(record):
                first = grouped.setdefault(where, {}).setdefault(_item_key(record), _detail(record) | {"count": 0})
                first["count"] += 1
        elif kind == "file":
            where = (record["run"], record["file"])
            details = pending.pop(where, []) + list(grouped.pop(where, {}).values())
            if record.get("output") != "<memory>":
                latest[record["file"]] = (record, details)
    return latest


def with_output_offsets(replacements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Replacement records by input offset, each with its output offsets (logs older than them lack them)."""
    ordered = sorted(replacements, key=lambda r: r["start"])
    if all("out_start" in r for r in ordered):
        return ordered
    shift, filled = 0, []
    for r in ordered:
        start = r["start"] + shift
        shift += len(r["replacement"]) - (r["end"] - r["start"])
        filled.append({**r, "out_start": start, "out_end": start + len(r["replacement"])})
    return filled


def review_queue(project: Project | Path | str) -> list[QueueItem]:
    """The open review items of a project, by file and line; items a decision already settles are left out."""
    proj = project if isinstance(project, Project) else Project(project)
    if not proj.audit_path.exists():
        return []
    out_dirs: dict[str, Path] = {}  # run id -> its output folder

    def records() -> Iterator[dict[str, Any]]:
        for record in proj.audit_records():
            if record.get("type") == "run" and "out" in record:
                out_dirs[record["run"]] = Path(record["out"])
            yield record

    latest = latest_file_records(records(), always=_queued)
    settled = _settled(proj.load_decisions())
    items: list[QueueItem] = []
    for file, (summary, details) in sorted(latest.items()):
        replacements = with_output_offsets([r for r in details if r["type"] == "replacement"])
        starts = [r["start"] for r in replacements]
        chosen = [r for r in [*replacements, *(r for r in details if r["type"] == "review")] if _queued(r)]
        chosen = [r for r in chosen if not _is_settled(settled, file, r["original"])]
        if not chosen:
            continue
        counts: dict[tuple[str, ...], int] = {}
        firsts: list[dict[str, Any]] = []
        for r in sorted(chosen, key=lambda r: r["start"]):
            key = _item_key(r)
            if key not in counts:
                firsts.append(r)
            counts[key] = counts.get(key, 0) + int(r.get("count", 1))
        out_dir = out_dirs.get(summary["run"])
        text = _output_text(out_dir, summary["output"]) if out_dir is not None else ""
        for r in firsts:
            if "out_start" in r:
                start, end = r["out_start"], r["out_end"]
            else:  # a review item of a log written before they carried output offsets
                start = _to_output(r["start"], starts, replacements)
                end = start + (r["end"] - r["start"])
            items.append(
                QueueItem(
                    file,
                    summary["output"],
                    int(r.get("line", 0)),
                    r["label"],
                    r["original"],
                    r.get("replacement", ""),
                    r.get("detector", ""),
                    float(r.get("score", 0.0)),
                    r.get("reason", "low confidence"),
                    _context(text, start, end),
                    str(r.get("entity") or ""),
                    counts[_item_key(r)],
                )
            )
    return items


def _queued(record: dict[str, Any]) -> bool:
    """A review item, or a replacement of low confidence."""
    return record["type"] == "review" or float(record.get("score", 1.0)) < LOW_CONFIDENCE


def _settled(decisions: Iterable[Decision]) -> set[tuple[str, str]]:
    """(file, term) pairs a decision settles; file "*" for the whole project."""
    settled = set()
    for d in decisions:
        if d.kind in ("keep", "replace"):
            settled.add((d.file or "*", normalise_term(d.text)))
    return settled


def _is_settled(settled: set[tuple[str, str]], file: str, text: str) -> bool:
    term = normalise_term(text)
    return (file, term) in settled or ("*", term) in settled


def _to_output(offset: int, starts: list[int], replacements: list[dict[str, Any]]) -> int:
    """Where an input offset outside every replacement lands in the output (``starts``: theirs, sorted)."""
    i = bisect.bisect_right(starts, offset)
    if i == 0:
        return offset
    r = replacements[i - 1]
    return offset + (r["out_end"] - r["end"])


def _output_text(out_dir: Path, output: str) -> str:
    try:
        return read_for_check(out_dir / output, out_dir)
    except (InputError, OSError, ValueError):
        return ""


def _context(text: str, start: int, end: int, width: int = 100) -> str:
    """The output line around [start, end), the item marked, cut to about ``width`` characters each side."""
    if not text or end > len(text):
        return ""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = text[max(line_start, start - width) : start]
    after = text[end : min(line_end, end + width)]
    return f"{before}⟦{text[start:end]}⟧{after}".strip()
