"""The ethics-review report: one self-contained HTML page per project.

``report.html`` is private: each pseudonymised file with every replacement
highlighted and, on demand, the original beside it; the entities with their
aliases; the review queue with the lines to paste into ``review.yaml``. It holds
every original, so it is written owner-only into the project folder.
``report-shareable.html`` holds no original at all (output paths stand for input
names; review items and decisions are counted, not shown), so it passes
``anonymiser check`` and can go to an ethics committee.

The data comes from the audit log, the registry and the deposit (through
``check.read_for_check``), never from the raw folder. The page embeds it once and
draws only the selected file, and within it only the lines near the viewport, so
a 3-million-word project opens in a few seconds.

Example:
    >>> write_report("anonymiser-project", shareable=True)  # doctest: +SKIP
    PosixPath('anonymiser-project/report-shareable.html')
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .check import read_for_check
from .errors import InputError, ProjectError
from .project import Project
from .registry import PseudonymRegistry
from .review import QueueItem, latest_file_records, review_queue, with_output_offsets
from .write import atomic_write

ASSETS = Path(__file__).resolve().parent / "report_assets"
PRIVATE_NAME, SHAREABLE_NAME = "report.html", "report-shareable.html"

# How the tests and bench/report.py open a page in Debian's Chromium: headless,
# offline, nothing fetched in the background (the page needs no network).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

Record = dict[str, Any]


@dataclass
class _Log:
    """What the report needs from the audit log, read in one pass."""

    runs: dict[str, Record] = field(default_factory=dict)
    last_run: Record | None = None
    files: dict[str, Record] = field(default_factory=dict)  # input path -> its latest "file" record
    replacements: dict[str, list[Record]] = field(default_factory=dict)  # of that record's run, by output offset
    errors: list[Record] = field(default_factory=list)
    decisions: list[Record] = field(default_factory=list)
    registry: list[Record] = field(default_factory=list)


def _read_log(records: Iterable[Record]) -> _Log:
    """Runs, errors, decisions and registry changes, and each file's latest version, in one pass."""
    log = _Log()
    by_type: dict[str, list[Record]] = {"error": log.errors, "decision": log.decisions, "registry": log.registry}

    def the_rest() -> Iterator[Record]:
        for record in records:
            kind = record.get("type")
            if kind == "run":
                log.runs[record["run"]] = log.last_run = record
            elif kind in by_type:
                by_type[kind].append(record)
            yield record

    for file, (record, details) in latest_file_records(the_rest()).items():
        log.files[file] = record
        log.replacements[file] = with_output_offsets([r for r in details if r["type"] == "replacement"])
    return log


class _Table:
    """Short strings (labels, sources) stored once in the page and referred to by index."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        return self.index.setdefault(value, len(self.index))

    def values(self) -> list[str]:
        return list(self.index)


def _origin(record: Record, shareable: bool) -> tuple[str, str]:
    """(detector, rule) of a replacement; a shareable report hides project rule ids, which may name someone."""
    detector, rule = str(record.get("detector") or ""), str(record.get("rule") or "")
    if shareable:
        detector = re.sub(r"rule:(?!deny\b)[^\s/]+", "rule:project", detector)
        rule = re.sub(r"rule:(?!deny\b)[^\s/]+", "rule:project", rule)
    return detector, rule


def _source(record: Record, shareable: bool) -> str:
    detector, rule = _origin(record, shareable)
    return f"{detector} / {rule}" if rule and rule != detector else detector


def _disagreements(text: str, replacements: list[Record]) -> int:
    """How many replacements the output no longer shows where the log says (edited or rewritten since?)."""
    delta = bad = 0
    for r in replacements:
        if text[r["out_start"] : r["out_end"]] != r["replacement"] or r["out_start"] - delta != r["start"]:
            bad += 1
        delta += (r["out_end"] - r["out_start"]) - (r["end"] - r["start"])
    return bad


def _output(log: _Log, record: Record) -> tuple[str | None, str]:
    """A file's pseudonymised text from the deposit, or None and why not."""
    run = log.runs.get(record["run"])
    if run is None:
        return None, "the run that wrote this file did not finish: its output folder is unknown"
    out = Path(run["out"])
    try:
        return read_for_check(out / record["output"], out), ""
    except InputError as exc:
        return None, f"output missing or unreadable: {exc}"


def _build(
    log: _Log, registry: PseudonymRegistry, queue: list[QueueItem], shareable: bool
) -> tuple[dict[str, Any], list[str | None]]:
    """The page's data (one JSON object) and each file's output text (None when unreadable)."""
    run = log.last_run
    if run is None:
        raise ProjectError("the audit log holds no finished run: run `anonymiser run` first")
    labels, sources = _Table(), _Table()
    order = sorted(log.files, key=lambda name: log.files[name]["output"] if shareable else name)
    position = {name: i for i, name in enumerate(order)}
    queued = Counter(item.file for item in queue)
    files, texts = [], []
    by_label: Counter[str] = Counter()
    by_detector: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for name in order:
        record, replacements = log.files[name], log.replacements[name]
        whole = len(replacements) >= int(record.get("replacements", 0))
        if whole:
            text, note = _output(log, record)
        else:  # a transcript of millions of words: the log keeps every replacement, the page cannot
            text, note = (
                None,
                (
                    f"too large to show here: {int(record['replacements']):,} replacements (the audit log lists them "
                    f"all); its detector and rule counts cover the first {len(replacements):,}"
                ),
            )
            replacements = []
        exact = text is not None and not _disagreements(text, replacements)
        if text is not None and not exact:
            note = "the output differs from the audit log (edited or rewritten since?): highlights may be off"
        entry: dict[str, Any] = {
            "name": record["output"] if shareable else name,
            "output": record["output"],
            "run": record["run"],
            "readable": text is not None,
            "exact": exact,
            "note": note,
            "words": len(text.split()) if text is not None else 0,
            "queued": queued[name],
            # [out_start, out_end, label, source, score, entity]: highlights, in output offsets
            "rep": [
                [
                    r["out_start"],
                    r["out_end"],
                    labels(r["label"]),
                    sources(_source(r, shareable)),
                    r["score"],
                    r.get("entity") or "",
                ]
                for r in replacements
            ],
        }
        if not shareable:
            entry["orig"] = [r["original"] for r in replacements]
        by_label.update(record.get("by_label") or Counter(r["label"] for r in replacements))
        for r in log.replacements[name]:
            detector, rule = _origin(r, shareable)
            by_detector[detector] += 1
            by_rule.update([rule] if rule else [])
            mentions.update([r["entity"]] if r.get("entity") else [])
        files.append(entry)
        texts.append(text)
    data: dict[str, Any] = {
        "mode": "shareable" if shareable else "private",
        "summary": _summary(run, log, files, shareable),
        "counts": {
            name: dict(c.most_common())
            for name, c in [("label", by_label), ("detector", by_detector), ("rule", by_rule)]
        },
        "files": files,
        "entities": _entities(registry, mentions, position, shareable),
        "queue_count": len(queue),
        "queue_replaced": sum(item.replaced for item in queue),
    }
    if shareable:
        data["decisions"] = Counter(str(d.get("decision", "?")) for d in log.decisions)
        data["registry_changes"] = Counter(str(r.get("action", "?")) for r in log.registry)
        data["queue"] = []
    else:
        data["decisions"] = [_decision(d) for d in log.decisions]
        data["registry_changes"] = [_registry_change(r) for r in log.registry]
        data["queue"] = [_queue_item(item, position, labels, sources) for item in queue if item.file in position]
    data["labels"], data["sources"] = labels.values(), sources.values()
    return data, texts


def _queue_item(item: QueueItem, position: dict[str, int], labels: _Table, sources: _Table) -> dict[str, Any]:
    """One review item for the private page: where, what, its context and the decision lines."""
    opening, closing = item.context.find("⟦"), item.context.rfind("⟧")
    context = (
        [item.context[:opening], item.context[opening + 1 : closing], item.context[closing + 1 :]]
        if 0 <= opening < closing
        else None
    )
    return {
        "f": position[item.file],
        "line": item.line,
        "n": item.count,
        "label": labels(item.label),
        "src": sources(item.source),
        "score": item.score,
        "text": item.text,
        "replacement": item.replacement,
        "reason": item.reason,
        "ctx": context,
        "keep": item.reject_decision().as_line().strip(),
        "replace": "" if item.replaced else item.replace_decision().as_line().strip(),
    }


def _summary(run: Record, log: _Log, files: list[dict[str, Any]], shareable: bool) -> dict[str, Any]:
    """The last run's own figures, as its run record states them."""
    errors = [e for e in log.errors if e.get("run") == run["run"]]
    summary: dict[str, Any] = {
        "run": run["run"],
        "files": run.get("files", 0),
        "written": run.get("written", 0),
        "errors": run.get("errors", 0),
        "by_label": run.get("by_label", {}),
        "entities_new": run.get("entities_new", 0),
        "entities_known": run.get("entities_known", 0),
        "review": run.get("review", 0),
        "leaks": run.get("leaks", 0),
        "model": run.get("model", ""),
        "lexicons": run.get("lexicons", ""),
        "rules": [Path(p).name for p in run.get("rules", [])] + [f"version {run.get('rules_version', '?')}"],
        "shown_files": len(files),
        "earlier_files": sum(f["run"] != run["run"] for f in files),
        "words": sum(f["words"] for f in files),
    }
    if shareable:
        summary["error_stages"] = Counter(str(e.get("stage", "?")) for e in errors)
    else:
        summary["error_list"] = [[e.get("file", ""), e.get("stage", ""), e.get("message", "")] for e in errors]
        summary["time"] = run.get("time", "")
        summary["raw"], summary["out"] = run.get("raw", ""), run.get("out", "")
        summary["rules"] = list(run.get("rules", [])) + [f"version {run.get('rules_version', '?')}"]
    return summary


def _entities(
    registry: PseudonymRegistry, mentions: Counter[str], position: dict[str, int], shareable: bool
) -> list[dict[str, Any]]:
    """Each registry entity: pseudonym, label, files (indexes into the page's files), mentions; aliases if private."""
    aliases: dict[str, set[str]] = defaultdict(set)
    if not shareable:
        for entity_id, alias, *_ in registry.aliases():
            aliases[entity_id].add(alias)
    out = []
    for e in registry.entities():
        seen = registry.files(e.id)
        entry: dict[str, Any] = {
            "id": e.id,
            "p": e.pseudonym,
            "label": e.label,
            "n": mentions[e.id],
            "files": [position[f] for f in seen if f in position],
            "other": sum(f not in position for f in seen),
        }
        if not shareable:
            entry["aliases"] = sorted(aliases[e.id], key=str.casefold)
        out.append(entry)
    return out


def _decision(record: Record) -> dict[str, str]:
    details = {k: record[k] for k in ("file", "label", "entity", "merged", "note") if record.get(k)}
    return {
        "kind": str(record.get("decision", "?")),
        "text": str(record.get("text", "")),
        "details": ", ".join(f"{k}: {v}" for k, v in details.items()),
        "decided": str(record.get("decided") or record.get("time") or ""),
    }


def _registry_change(record: Record) -> dict[str, str]:
    details = ", ".join(f"{k}: {v}" for k, v in record.items() if k not in {"type", "action", "time", "prev"})
    return {"action": str(record.get("action", "?")), "details": details, "time": str(record.get("time", ""))}


# The page as written: a short loader, then the application and the data one private-use
# character (U+E000 + byte) per byte, then each file's text raw. The detectors `check` runs
# take code and JSON for names and numbers ("setTimeout", "HealthNumberRecognizer",
# "0123456789"); private-use characters are no letters, digits or word characters, so
# nothing in them can be taken for an identifier, and the texts, where identifiers could
# hide, are left for the detectors to read as they are.
SKELETON = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="anonymiser report">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>report</title>
</head>
<body>
<noscript>this report needs scripts to show its data</noscript>
<script type="text/plain">{app}</script>
<script type="text/plain">{data}</script>
{texts}
<script>
{loader}</script>
</body>
</html>
"""
PRIVATE_USE = {byte: chr(0xE000 + byte) for byte in range(256)}
LINE_CHARS = 2000  # a newline now and then keeps the detectors' tokens short


def _private_use(data: bytes) -> str:
    """Bytes as private-use characters, in lines (loader.js and report.js decode them)."""
    text = data.decode("latin-1").translate(PRIVATE_USE)
    return "\n".join(text[i : i + LINE_CHARS] for i in range(0, len(text), LINE_CHARS))


def _script_text(text: str) -> str:
    """A text, raw but for a reversible escape (report.js undoes it), so the detectors read it as it is.

    Only what would end the element or change the text in it is escaped: a
    backslash, "</", "<!--", CR (the parser turns CR LF into LF) and NUL. JSON
    would write a tab before a word as "\\t", gluing a letter to it ("\\tDawn"
    reads "tDawn") and hiding it from the check.
    """
    text = text.replace("\\", "\\\\").replace("\r", "\\r").replace("\0", "\\0")
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


_TEXT_BLOCK = re.compile(r'<script type="text/plain">(.*?)</script>', re.DOTALL)


def embedded_texts(html: str) -> list[tuple[str, str]] | None:
    """The texts a report page carries, each with its output file's name, and the page around them.

    ``check`` reads each on its own and in its file's format, as the detectors
    read each output during the run: one long page would give the model other
    contexts. None for a page that is not a report.
    """
    if '<meta name="generator" content="anonymiser report">' not in html:
        return None
    blocks = _TEXT_BLOCK.findall(html)
    if len(blocks) < 2:
        return None
    data = json.loads(bytes(ord(c) - 0xE000 for c in blocks[1] if ord(c) >= 0xE000).decode("utf-8"))
    texts = [
        re.sub(r"\\(.)", lambda m: {"r": "\r", "0": "\0"}.get(m.group(1), m.group(1)), block, flags=re.DOTALL)
        for block in blocks[2:]
    ]
    names = [str(f.get("output", "")) for f in data.get("files", [])]
    return [("page", _TEXT_BLOCK.sub("", html)), *zip(names, texts, strict=False)]


def render(data: dict[str, Any], texts: list[str | None]) -> str:
    """The page: skeleton, loader, application, data and texts in one file."""
    assets = {
        name: (ASSETS / file).read_text(encoding="utf-8")
        for name, file in [("css", "report.css"), ("html", "page.html")]
    }
    app = f"const APP = {json.dumps(assets)};\n" + (ASSETS / "report.js").read_text(encoding="utf-8")
    return SKELETON.format(
        app=_private_use(app.encode("utf-8")),
        data=_private_use(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")),
        texts="\n".join(f'<script type="text/plain">{_script_text(t or "")}</script>' for t in texts),
        loader=(ASSETS / "loader.js").read_text(encoding="utf-8"),
    )


def write_report(project_dir: Project | Path | str, *, shareable: bool = False) -> Path:
    """Write the project's HTML report and return its path.

    Args:
        project_dir: the project folder (registry, audit log).
        shareable: write ``report-shareable.html``, which holds no original,
            instead of the private ``report.html``.

    Returns:
        The path written, owner-only (0600).

    Raises:
        ProjectError: no project, registry or finished run there.
    """
    project = project_dir if isinstance(project_dir, Project) else Project(Path(project_dir))
    if not project.audit_path.is_file():
        raise ProjectError(
            f"{project.audit_path}: no audit log here: run `anonymiser run` first or give the right --project"
        )
    log = _read_log(project.audit_records())
    queue = review_queue(project)
    with project.open_registry(create=False) as registry:
        data, texts = _build(log, registry, queue, shareable)
    target = project.path / (SHAREABLE_NAME if shareable else PRIVATE_NAME)
    atomic_write(target, render(data, texts).encode("utf-8"), mode=0o600)
    return target
