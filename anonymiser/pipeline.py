"""The library API: run the whole pipeline over a folder, or check a deposit.

The CLI is a thin layer over these two functions; a notebook calls them the
same way::

    from anonymiser import run, check
    summary = run("raw", "deposit", project="anonymiser-project")
    report = check("deposit", project="anonymiser-project")
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import itertools
import os
import pickle
import uuid
import warnings
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .audit import AuditLog
from .check import (
    CheckReport,
    Original,
    OriginalMatcher,
    check_texts,
    detector_leaks,
    files_under,
    is_identifying_word,
    pseudonym_words,
    read_deny_list,
    read_for_check,
)
from .decisions import apply_to_registry
from .detect import Detector, model_version
from .errors import ConfigError, InputError
from .incremental import registry_leaks, run_fingerprint, stale_inputs, unchanged_inputs
from .ingest import find_inputs, ingest
from .lexicons import Lexicons, load_lexicons
from .models import (
    DetectedDocument,
    Detection,
    Document,
    FileError,
    Finding,
    Mention,
    PseudonymisedDocument,
    ResolvedDocument,
    RunSummary,
)
from .project import DEFAULT_PROJECT, Project, default_rules, exposure_warnings
from .pseudonymise import Pseudonymiser, surrogate_forms
from .registry import PseudonymRegistry
from .report import embedded_texts, write_report
from .resolve import PROPAGATED_LABELS, known_terms, resolve
from .rules import Rules
from .text import WORD, PhraseIndex, fold, line_pieces, name_words
from .write import PartWriter, atomic_write, render_text, write

Progress = Callable[[str, int, int], None]  # (stage, done, total)
MAX_PROPAGATION_ROUNDS = 4
MAX_RECHECK_ROUNDS = 3
PART_CHARS = 2_000_000  # about 350,000 words
# Whole files settled together: about 3.5 million words. Smaller batches bound time and memory
# better, but a surrogate drawn in one batch is often a real name met in a later one, and
# retiring it makes earlier outputs again (in a 3-million-word test, smaller batches ran the
# surrogate pools dry): until surrogates avoid likely real names, a deposit is one batch.
BATCH_CHARS = 20_000_000
MAX_STALE_ROUNDS = 2


@dataclass
class RunOptions:
    """Knobs a caller may turn; the defaults suit a laptop with two cores."""

    n_process: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))  # detection worker processes
    lexicons: Lexicons | None = None  # pass loaded lexicons to reuse them across runs
    detector: Detector | None = None  # pass a built detector to reuse its model
    post_check: bool = True
    recheck: bool = True  # run the detectors over the outputs and replace what they still find
    report: bool = True  # refresh PROJECT_DIR/report.html at the end
    incremental: bool = True  # keep the outputs of inputs unchanged since the last run (same rules, model...)
    part_chars: int = PART_CHARS  # a longer .txt/.vtt/.srt is processed a part at a time, in bounded memory
    batch_chars: int = BATCH_CHARS  # whole files are settled together in batches of about this many characters
    extra: dict[str, object] = field(default_factory=dict)


def _validate_folders(raw: Path, out: Path, project: Path) -> None:
    if not raw.is_dir():
        raise ConfigError(f"{raw}: the input folder does not exist or is not a folder")
    raw_r, out_r, project_r = raw.resolve(), out.resolve(), project.resolve()
    if out_r == raw_r or raw_r in out_r.parents:
        raise ConfigError(f"{out}: the output folder is the input folder or inside it: choose a folder outside {raw}")
    if out_r in raw_r.parents:
        raise ConfigError(f"{out}: the input folder lies inside the output folder: outputs could overwrite inputs")
    if project_r == out_r or out_r in project_r.parents:
        raise ConfigError(f"{project}: the project folder (registry, audit log) must not be inside the deposit {out}")
    if project_r == raw_r or raw_r in project_r.parents:
        raise ConfigError(f"{project}: keep the project folder outside the input folder {raw}")


def run(
    raw_dir: Path | str,
    out_dir: Path | str,
    project: Path | str = DEFAULT_PROJECT,
    *,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Pseudonymise every transcript under ``raw_dir`` into ``out_dir``.

    Inputs are never modified. A file that cannot be read is reported in the
    summary and the audit log; the rest of the batch goes on. Raises
    ConfigError or ProjectError before touching any file when the folders or
    rules are wrong.
    """
    options = options or RunOptions()
    raw, out, proj = Path(raw_dir), Path(out_dir), Project(Path(project))
    _validate_folders(raw, out, proj.path)
    proj.create()
    for message in exposure_warnings(proj.path, [out]):
        warnings.warn(message, stacklevel=2)
    _remove_stale_temporaries(out)
    rules = proj.load_rules()
    lexicons = options.lexicons or load_lexicons()
    tick = progress or (lambda stage, done, total: None)
    run_id = uuid.uuid4().hex[:12]
    with proj.lock():
        registry = proj.open_registry()
        audit = proj.open_audit()
        try:
            apply_to_registry(registry, proj.load_decisions(), lambda record: audit.write({"run": run_id, **record}))
            audit.handle.flush()
            summary = _run_locked(raw, _Run(out, rules, lexicons, registry, audit, run_id, options, tick))
        finally:
            audit.close()
            registry.close()
        if options.report and not proj.encrypted:
            # The private report holds originals in plain text: an encrypted project writes it on request only.
            write_report(proj)
    return summary


def resolve_all(
    detected: list[DetectedDocument],
    rules: Rules,
    lexicons: Lexicons,
    registry: PseudonymRegistry,
    seeds: Sequence[Mention] = (),
) -> list[ResolvedDocument]:
    """Resolve a batch: each file alone, then again with every term the project knows.

    Rounds repeat until no new term appears, so a name caught in one file is
    caught in all of them, and in every later run through the registry.
    ``seeds`` are names found in the other parts of a large file.
    """
    return _resolve_batch(detected, rules, lexicons, registry, seeds).resolved


@dataclass(frozen=True)
class _Resolution:
    """A batch resolved: its detections, the documents resolved from them, the registry's terms when the
    batch began, and the project's terms the documents were resolved with (None: each alone)."""

    detected: list[DetectedDocument]
    resolved: list[ResolvedDocument]
    aliases: PhraseIndex
    known: PhraseIndex | None


def _resolve_batch(
    detected: list[DetectedDocument],
    rules: Rules,
    lexicons: Lexicons,
    registry: PseudonymRegistry,
    seeds: Sequence[Mention] = (),
    before: _Resolution | None = None,
) -> _Resolution:
    """``resolve_all``, doing again only what changed.

    A round resolves again only the documents whose text holds a term that
    is new or changed since the round before (a document's resolution reads
    the project's terms only where they stand in it). With ``before`` (the
    same batch, some documents with detections the gate added), only those
    documents start again: a recheck round that adds one name costs the files
    where it stands, not the batch.
    """
    if before is None:
        rows = ((alias, label, kind, part) for _, alias, label, kind, part in registry.aliases())
        aliases = known_terms([], rows, lexicons)
        resolved = [resolve(d, rules, lexicons) for d in detected]
        used: PhraseIndex | None = None
    else:
        # The registry's terms as the batch began: what the batch itself added to the registry
        # since are its own mentions, which the rounds know as they are.
        aliases, used = before.aliases, before.known
        resolved = [
            earlier if document is old else resolve(document, rules, lexicons, used)
            for document, old, earlier in zip(detected, before.detected, before.resolved, strict=True)
        ]
    for _ in range(MAX_PROPAGATION_ROUNDS):
        known = known_terms(resolved, (), lexicons, seeds, base=aliases)
        changed = _changed_terms(used, known)
        if changed is not None and not len(changed):
            break
        resolved = [
            resolve(document, rules, lexicons, known) if changed is None or changed.find(document.document.text) else r
            for document, r in zip(detected, resolved, strict=True)
        ]
        used = known
    return _Resolution(detected, resolved, aliases, used)


def _changed_terms(old: PhraseIndex | None, new: PhraseIndex) -> PhraseIndex | None:
    """The terms added, dropped or changed from ``old`` to ``new`` (None: all, as there was no ``old``).

    A term changes when what ``resolve`` reads of it does: its label or kind.
    """
    if old is None:
        return None
    before: dict[tuple[str, ...], object] = old.phrases
    after: dict[tuple[str, ...], object] = new.phrases

    def reads(term: object) -> tuple[str, str] | None:
        return None if term is None else (term.label, term.kind)  # type: ignore[attr-defined]

    return PhraseIndex(
        {
            key: after.get(key) or before[key]
            for key in after.keys() | before.keys()
            if reads(after.get(key)) != reads(before.get(key))
        }
    )


def recheck(
    detector: Detector,
    pseudonymised: list[PseudonymisedDocument],
    rules: Rules,
    lexicons: Lexicons,
    registry: PseudonymRegistry,
    before: Sequence[str | None] = (),
) -> tuple[dict[int, list[Detection]], list[str]]:
    """Detections the gate would still find in the outputs, mapped back to the inputs' offsets; and the outputs.

    ``before`` holds each output as an earlier round rendered it (None: not
    rendered yet): only the lines that changed since are read again, as the
    rest was read then. A round that adds a few replacements to a long
    transcript costs the model a few lines, not the transcript again.
    """
    outputs = [render_text(p.document.text, p.replacements) for p in pseudonymised]
    excerpts = [_changed_lines(text, before[i] if i < len(before) else None) for i, text in enumerate(outputs)]
    documents = [
        Document(p.document.rel_path, p.document.fmt, excerpt.text, b"", "utf-8", "")
        for p, excerpt in zip(pseudonymised, excerpts, strict=True)
    ]
    pseudonyms = surrogate_forms(registry, lexicons)
    allowed = pseudonym_words(pseudonyms)
    extras: dict[int, list[Detection]] = {}
    for index, detected in enumerate(detector.detect(documents, word_uses=False)):
        placed = pseudonymised[index].output_spans()
        text, excerpt = outputs[index], excerpts[index]
        for leak in detector_leaks(detected, rules, lexicons, pseudonyms, allowed):
            leak_start = excerpt.to_output(leak.start, leak.end)
            if leak_start is None:
                continue  # across two excerpted lines: impossible, as a span ends at a line end
            leak = dataclasses.replace(leak, start=leak_start, end=leak_start + (leak.end - leak.start))
            spans = [(leak.start, leak.end)]
            if _to_input(leak.start, leak.end, placed) is None:
                # The leak runs into a pseudonym ("Andrew fae Easterhouse"): keep its own
                # identifying words, one by one.
                spans = [
                    (leak.start + m.start(), leak.start + m.end())
                    for m in WORD.finditer(leak.text)
                    if is_identifying_word(m.group(0), lexicons, allowed)
                ]
            for out_start, out_end in spans:
                start = _to_input(out_start, out_end, placed)
                if start is None:
                    continue
                extras.setdefault(index, []).append(
                    Detection(
                        start,
                        start + (out_end - out_start),
                        leak.label,
                        text[out_start:out_end],
                        f"recheck:{leak.source}",
                        max(leak.score, rules.replace_threshold),
                        leak.kind,
                    )
                )
    return extras, outputs


@dataclass(frozen=True)
class _Excerpt:
    """Some lines of an output, joined; ``starts`` pairs each run of lines' offset here with its offset there."""

    text: str
    starts: list[tuple[int, int]]

    def to_output(self, start: int, end: int) -> int | None:
        """The output offset of [start, end) of the excerpt; None if it spans two runs of lines."""
        i = bisect.bisect_right(self.starts, (start, float("inf"))) - 1
        run_start, out_start = self.starts[i]
        run_end = self.starts[i + 1][0] if i + 1 < len(self.starts) else len(self.text)
        return out_start + (start - run_start) if end <= run_end else None


def _changed_lines(text: str, before: str | None) -> _Excerpt:
    """The lines of ``text`` that differ from the same lines of ``before`` (all of them without it)."""
    if before is None:
        return _Excerpt(text, [(0, 0)])
    new, old = text.splitlines(keepends=True), before.splitlines(keepends=True)
    if len(new) != len(old):
        return _Excerpt(text, [(0, 0)])
    pieces: list[str] = []
    starts: list[tuple[int, int]] = []
    size = offset = 0
    previous_changed = False
    for line, old_line in zip(new, old, strict=True):
        changed = line != old_line
        if changed:
            if not previous_changed:
                starts.append((size, offset))
            pieces.append(line)
            size += len(line)
        previous_changed = changed
        offset += len(line)
    return _Excerpt("".join(pieces), starts or [(0, 0)])


def _to_input(start: int, end: int, placed: list[tuple[int, int, int]]) -> int | None:
    """The input offset of an output span that touches no replacement; None if it does."""
    i = bisect.bisect_right(placed, (start, float("inf"), 0))  # replacements starting at or before ``start``
    if i > 0 and placed[i - 1][1] > start:
        return None  # inside or across the replacement before it
    if i < len(placed) and placed[i][0] < end:
        return None  # runs into the next replacement
    return start - (placed[i - 1][2] if i > 0 else 0)


def _remove_stale_temporaries(out: Path) -> None:
    """Remove the temporary files a killed run left beside its outputs (write.atomic_write names them)."""
    if out.is_dir():
        for path in out.rglob(".*.tmp"):
            if path.is_file() and not path.is_symlink():
                path.unlink()


def _unique(rel: str, taken: set[str]) -> str:
    """``rel``, or ``rel`` with a number before its suffix if two inputs were renamed alike."""
    candidate, n = rel, 1
    while candidate in taken:
        n += 1
        stem, dot, suffix = rel.rpartition(".")
        candidate = f"{stem}-{n}.{suffix}" if dot else f"{rel}-{n}"
    taken.add(candidate)
    return candidate


def _pseudonymiser(
    resolved: list[ResolvedDocument],
    registry: PseudonymRegistry,
    rules: Rules,
    lexicons: Lexicons,
    audit: AuditLog | None = None,
    run_id: str = "",
    seeds: Sequence[Mention] = (),
) -> Pseudonymiser:
    """A pseudonymiser that never uses a surrogate equal to any original of this batch (or its ``seeds``).

    Surrogates of earlier runs that are originals here are replaced first (and
    the change audited), before anything is rendered.
    """
    mentions = [*(m for r in resolved for m in r.mentions), *seeds]
    originals = {fold(m.text) for m in mentions}
    originals |= {w for m in mentions if m.label == "PERSON" for w in name_words(m.text)}
    # A new surrogate avoids every word of a place or service too: "Glenys" of a model's "Nanna Glenys"
    # (an organisation). An old surrogate is retired only for a person's name: a surname that is also
    # a word of a street name stays.
    forbidden = originals | {w for m in mentions if m.label in ("LOCATION", "SERVICE") for w in name_words(m.text)}
    pseudonymiser = Pseudonymiser(registry, rules, lexicons, forbidden)
    for change in pseudonymiser.retire_surrogates(originals):
        if audit is not None:
            audit.write({"run": run_id, "type": "registry", "action": "surrogate replaced", **change})
            audit.handle.flush()
    return pseudonymiser


def pseudonymise_texts(
    texts: Mapping[str, str], project: Path | str = DEFAULT_PROJECT, *, options: RunOptions | None = None
) -> dict[str, str]:
    """Pseudonymise strings with the project's registry, as ``run`` does files.

    Each string is audited under its name. Useful in a notebook:

        >>> pseudonymise_texts({"note": "Dawn moved to Possilpark."})  # doctest: +SKIP
        {'note': 'Linda moved to [district in Glasgow].'}
    """
    options = options or RunOptions()
    proj = Project(Path(project)).create()
    rules = proj.load_rules()
    lexicons = options.lexicons or load_lexicons()
    run_id = uuid.uuid4().hex[:12]
    documents = [
        Document(name, "txt", text, text.encode("utf-8"), "utf-8", hashlib.sha256(text.encode("utf-8")).hexdigest())
        for name, text in texts.items()
    ]
    with proj.lock():
        registry = proj.open_registry()
        audit = proj.open_audit()
        try:
            detector = options.detector or Detector(lexicons, rules)
            resolved = resolve_all(list(detector.detect(documents)), rules, lexicons, registry)
            pseudonymiser = _pseudonymiser(resolved, registry, rules, lexicons, audit, run_id)
            out: dict[str, str] = {}
            for item in resolved:
                pseudonymised = pseudonymiser.pseudonymise(item)
                audit.file_done(run_id, pseudonymised, "<memory>", detector.model_version)
                out[item.document.rel_path] = render_text(item.document.text, pseudonymised.replacements)
            with registry.transaction():
                registry.bump_generation()  # new originals may stand in outputs a later run would keep
            return out
        finally:
            audit.close()
            registry.close()


def export_registry(project: Path | str = DEFAULT_PROJECT) -> list[dict[str, str]]:
    """The key file rows: entity id, label, pseudonym, originals, files, first seen.

    It holds every real name: keep what you write from it in secure storage.
    """
    with Project(Path(project)).open_registry(create=False) as registry:
        return [
            {
                "entity_id": e.id,
                "label": e.label,
                "pseudonym": e.pseudonym,
                "originals": " | ".join(sorted({a[1] for a in registry.aliases(e.id)})),
                "files": " | ".join(registry.files(e.id)),
                "first_seen": e.first_seen,
            }
            for e in registry.entities()
        ]


@dataclass(frozen=True)
class _Run:
    """What every step of one run shares: where outputs go, the rules, the open project files."""

    out: Path
    rules: Rules
    lexicons: Lexicons
    registry: PseudonymRegistry
    audit: AuditLog
    id: str
    options: RunOptions
    tick: Progress


@dataclass
class _Tally:
    """What a run has done so far, across its passes."""

    written: list[str] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # output rel path -> input rel path
    taken: set[str] = field(default_factory=set)  # output rel paths in use
    counts: dict[str, tuple[dict[str, int], int]] = field(default_factory=dict)  # output -> (by label, review)
    new: set[str] = field(default_factory=set)
    known: set[str] = field(default_factory=set)
    errors: list[FileError] = field(default_factory=list)

    @property
    def by_label(self) -> dict[str, int]:
        """Replacements by label in the outputs written."""
        total: dict[str, int] = {}
        for by_label, _ in self.counts.values():
            for label, count in by_label.items():
                total[label] = total.get(label, 0) + count
        return total

    @property
    def review(self) -> int:
        """Review items in the outputs written."""
        return sum(review for _, review in self.counts.values())

    def forget(self, output: str) -> None:
        """An output about to be made again: no longer written, kept or counted."""
        if output in self.written:
            self.written.remove(output)
        self.inputs.pop(output, None)
        self.taken.discard(output)
        self.counts.pop(output, None)


def _run_locked(raw: Path, run: _Run) -> RunSummary:
    """The run itself, with the project locked: read, skip the unchanged, detect, resolve, write, audit, check."""
    out, rules, lexicons, registry, audit = run.out, run.rules, run.lexicons, run.registry, run.audit
    options, tick = run.options, run.tick
    entities_before = registry.count()
    tally = _Tally()
    paths = find_inputs(raw)
    documents: list[Document] = []
    for i, path in enumerate(paths):
        try:
            documents.append(ingest(path, raw))
        except InputError as exc:
            tally.errors.append(FileError(path.relative_to(raw).as_posix(), "ingest", str(exc)))
        tick("read", i + 1, len(paths))
    fingerprint = run_fingerprint(rules, lexicons, registry, recheck=options.recheck)
    generation = registry.generation()
    unchanged = unchanged_inputs(documents, registry, out, fingerprint) if options.incremental else {}
    for rel, output in unchanged.items():
        tally.inputs[output] = rel
        tally.taken.add(output)
    todo = [d for d in documents if d.rel_path not in unchanged]
    detector: Detector | None = None

    def make(batch: list[Document]) -> None:
        """Detect, settle, write and audit: whole files a batch at a time, long ones a part at a time."""
        nonlocal detector
        if detector is None:
            detector = (
                options.detector.with_rules(rules)
                if options.detector is not None
                else Detector(lexicons, rules, n_process=options.n_process)
            )
        whole, large = _split_large(batch, options.part_chars)
        for part in _batches(whole, options.batch_chars):
            _process(_detect(detector, part, tick), run, detector, fingerprint, tally)
        for document in large:
            _process_large(document, run, detector, fingerprint, tally)

    def again(rels: Collection[str]) -> None:
        """Make these inputs' outputs again, whether kept from an earlier run or made earlier in this one."""
        for output, rel in list(tally.inputs.items()):
            if rel in rels:
                unchanged.pop(rel, None)
                tally.forget(output)
        make([d for d in documents if d.rel_path in rels])

    checked_clean = False  # every output read against the final registry, and none holds an original
    if todo:
        make(todo)
        if unchanged and registry.generation() != generation:
            # A surrogate was replaced (a real name met in this run): outputs kept may use it.
            again(set(unchanged))
        for _ in range(MAX_STALE_ROUNDS):
            # A name first met in one batch may stand in an output of an earlier batch, or in one
            # kept from an earlier run: those are made again, now that the registry knows it.
            stale = stale_inputs(dict(tally.inputs), out, rules, lexicons, registry)
            if not stale:
                checked_clean = True
                break
            again(stale)
    if registry.generation() != generation:
        # Everything written in this run was made with the final registry.
        with registry.transaction():
            registry.set_fingerprint(
                [tally.inputs[w] for w in tally.written],
                run_fingerprint(rules, lexicons, registry, recheck=options.recheck),
            )
    for error in tally.errors:
        if error.stage == "ingest":
            audit.error(run.id, error)
    findings: list[Finding] = []
    if options.post_check and not checked_clean:  # else the same check just found nothing
        outputs = {output: tally.inputs[output] for output in [*tally.written, *unchanged.values()]}
        findings, unreadable = registry_leaks(outputs, out, rules, lexicons, registry)
        tally.errors += [FileError(output, "check", why) for output, why in unreadable.items()]
    # New: created by this run (the recheck pass may create them before the final one).
    new_count = registry.count() - entities_before
    known_count = max(0, len(tally.new | tally.known) - new_count)
    audit.write(
        {
            "run": run.id,
            "type": "run",
            "raw": str(raw.resolve()),
            "out": str(out.resolve()),
            "files": len(paths),
            "written": len(tally.written),
            "unchanged": len(unchanged),
            "errors": len(tally.errors),
            "by_label": tally.by_label,
            "entities_new": new_count,
            "entities_known": known_count,
            "review": tally.review,
            "leaks": len(findings),
            "model": model_version(),
            "lexicons": lexicons.version,
            "rules": list(rules.sources),
            "rules_version": rules.version,
        }
    )
    return RunSummary(
        run.id,
        len(paths),
        tuple(tally.written),
        tuple(sorted(tally.errors, key=lambda e: e.rel_path)),
        dict(sorted(tally.by_label.items())),
        new_count,
        known_count,
        tally.review,
        tuple(findings),
        tuple(sorted(unchanged)),
    )


def _split_large(documents: list[Document], part_chars: int) -> tuple[list[Document], list[Document]]:
    """(documents settled whole, plain-text transcripts long enough to be settled a part at a time)."""
    whole: list[Document] = []
    large: list[Document] = []
    for document in documents:
        is_large = document.fmt in ("txt", "vtt", "srt") and len(document.text) > part_chars
        (large if is_large else whole).append(document)
    return whole, large


def _batches(documents: list[Document], budget: int) -> Iterator[list[Document]]:
    """Consecutive documents in batches of about ``budget`` characters (a longer file is a batch alone)."""
    batch: list[Document] = []
    size = 0
    for document in documents:
        if batch and size + len(document.text) > budget:
            yield batch
            batch, size = [], 0
        batch.append(document)
        size += len(document.text)
    if batch:
        yield batch


def _detect(detector: Detector, documents: list[Document], tick: Progress) -> list[DetectedDocument]:
    detected = []
    for i, item in enumerate(detector.detect(documents)):
        detected.append(item)
        tick("detect", i + 1, len(documents))
    return detected


def _settle(
    detected: list[DetectedDocument],
    run: _Run,
    detector: Detector,
    seeds: Sequence[Mention] = (),
    before: Sequence[str | None] = (),
) -> _Settled:
    """Resolve a batch and close the loop with the gate.

    What the detectors still find in the pseudonymised text (its context
    changed) is added to the detections and the batch resolved again, until
    nothing is found. Each round reads only the output lines that changed
    since the round before; ``before`` gives outputs rendered and read by an
    earlier settling of these documents (whose additions ``detected``
    already holds), so that even the first round reads only what changed.
    """
    rules, lexicons, registry, audit, run_id = run.rules, run.lexicons, run.registry, run.audit, run.id
    resolution = _resolve_batch(detected, rules, lexicons, registry, seeds)
    resolved = resolution.resolved
    pseudonymiser = _pseudonymiser(resolved, registry, rules, lexicons, audit, run_id, seeds)
    rendered = list(before) + [None] * (len(detected) - len(before))  # each output as the last round read it
    if not run.options.recheck or not resolved:
        return _Settled(resolved, pseudonymiser, detected, rendered)
    pending = list(range(len(resolved)))
    for round_ in range(MAX_RECHECK_ROUNDS):
        run.tick("recheck", round_, MAX_RECHECK_ROUNDS)
        found, outputs = recheck(
            detector,
            [pseudonymiser.pseudonymise(resolved[i]) for i in pending],
            rules,
            lexicons,
            registry,
            [rendered[i] for i in pending],
        )
        for i, output in zip(pending, outputs, strict=True):
            rendered[i] = output
        extras = {pending[k]: v for k, v in found.items()}
        if not extras:
            break
        detected = [
            dataclasses.replace(d, detections=tuple(sorted(d.detections + tuple(extras[i])))) if i in extras else d
            for i, d in enumerate(detected)
        ]
        resolution = _resolve_batch(detected, rules, lexicons, registry, seeds, resolution)
        before_round, resolved = resolved, resolution.resolved
        pseudonymiser = _pseudonymiser(resolved, registry, rules, lexicons, audit, run_id, seeds)
        # Read again what the additions changed: their documents, and those they reached by propagation.
        pending = [
            i for i, (old, new) in enumerate(zip(before_round, resolved, strict=True)) if old is not new and old != new
        ]
    run.tick("recheck", MAX_RECHECK_ROUNDS, MAX_RECHECK_ROUNDS)
    return _Settled(resolved, pseudonymiser, detected, rendered)


@dataclass(frozen=True)
class _Settled:
    """A batch resolved and checked: what renders it, its detections with the gate's additions, and each
    output as the gate last read it (None if never: the recheck is off)."""

    resolved: list[ResolvedDocument]
    pseudonymiser: Pseudonymiser
    detected: list[DetectedDocument]
    read: list[str | None]


def _process(detected: list[DetectedDocument], run: _Run, detector: Detector, fingerprint: str, tally: _Tally) -> None:
    """Resolve, recheck, pseudonymise, write and audit a batch of detected documents."""
    settled = _settle(detected, run, detector)
    resolved, pseudonymiser = settled.resolved, settled.pseudonymiser
    for i, item in enumerate(resolved):
        rel = item.document.rel_path
        try:
            pseudonymised = pseudonymiser.pseudonymise(item)
            out_rel = _unique(pseudonymiser.rename(rel), tally.taken)
            target = write(pseudonymised, run.out, out_rel)
        except (InputError, OSError) as exc:
            _failed(FileError(rel, "write", str(exc)), run, tally)
            continue
        run.audit.file_done(run.id, pseudonymised, target.relative_to(run.out).as_posix(), detector.model_version)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        by_label: dict[str, int] = {}
        for r in pseudonymised.replacements:
            by_label[r.label] = by_label.get(r.label, 0) + 1
        _written(item.document, out_rel, digest, run, fingerprint, tally, (by_label, len(pseudonymised.review)))
        tally.new.update(pseudonymised.new_entities)
        tally.known.update(pseudonymised.known_entities)
        run.tick("write", i + 1, len(resolved))


def _process_large(document: Document, run: _Run, detector: Detector, fingerprint: str, tally: _Tally) -> None:
    """A transcript too long to settle in one piece: two passes over its parts, memory bounded by a part.

    Parts are cut at line ends, never inside a word hyphenated across lines,
    so no identifier straddles two. Pass 1 detects every part and keeps only
    its detections (compressed) and the names found in it; pass 2 resolves
    each part knowing the names of all the others (a name found once is
    replaced in every part, before or after), rechecks and pseudonymises it,
    and renders it to a temporary file. A name the recheck finds only in pass
    2 sends the earlier parts where it stands through pass 2 again, and a
    name found in such a second settling sends every other part where it
    stands, until none is new. The parts are then joined into the output,
    which replaces the old one only when complete.
    """
    rel, text = document.rel_path, document.text
    bounds = [(offset, offset + len(piece)) for offset, piece in line_pieces(text, run.options.part_chars)]

    def part(i: int) -> Document:
        start, end = bounds[i]
        return dataclasses.replace(document, text=text[start:end], raw=b"")

    stored: list[bytes] = []  # each part's detections, word uses and output as last read, pickled and compressed
    seeds: dict[tuple[str, str, str], Mention] = {}  # the file's names, in the order found
    known_at = [0] * len(bounds)  # how many of them each part was last settled knowing

    def add_seeds(mentions: Iterable[Mention]) -> None:
        for mention in mentions:
            if mention.source != "propagation":  # propagation would not spread it to the other parts
                seeds.setdefault(_name_key(mention), mention)

    for i, detected in enumerate(detector.detect(part(i) for i in range(len(bounds)))):
        stored.append(zlib.compress(pickle.dumps((detected.detections, detected.word_uses, None)), 1))
        add_seeds(resolve(detected, run.rules, run.lexicons).mentions)
        run.tick(f"detect {rel}", i + 1, len(bounds))
    renamer = _pseudonymiser([], run.registry, run.rules, run.lexicons, run.audit, run.id, list(seeds.values()))
    out_rel = _unique(renamer.rename(rel), tally.taken)
    target = run.out / out_rel
    rendered = [target.with_name(f".{target.name}.part{i:05d}.tmp") for i in range(len(bounds))]
    results: list[bytes] = [b""] * len(bounds)  # each part's replacements and review items, compressed

    def settle_part(i: int) -> None:
        """Settle part ``i`` with every name known so far; render it; add the names new to the file to ``seeds``.

        Settled again, it keeps what the gate added the time before, and the
        gate reads only the lines that changed.
        """
        detections, word_uses, read = pickle.loads(zlib.decompress(stored[i]))
        settled = _settle([DetectedDocument(part(i), detections, word_uses)], run, detector, [*seeds.values()], [read])
        resolved, pseudonymiser, detected = settled.resolved, settled.pseudonymiser, settled.detected[0]
        stored[i] = zlib.compress(pickle.dumps((detected.detections, word_uses, settled.read[0])), 1)
        pseudonymised = pseudonymiser.pseudonymise(resolved[0])
        done = (
            pseudonymised.replacements,
            pseudonymised.review,
            pseudonymised.new_entities,
            pseudonymised.known_entities,
        )
        results[i] = zlib.compress(pickle.dumps(done), 1)
        atomic_write(rendered[i], render_text(detected.document.text, pseudonymised.replacements).encode("utf-8"))
        add_seeds(resolved[0].mentions)
        known_at[i] = len(seeds)

    try:
        for i in range(len(bounds)):
            settle_part(i)
            run.tick(f"write {rel}", i + 1, len(bounds))
        for _ in range(MAX_PROPAGATION_ROUNDS):
            # Settle again each part where a name found after it was settled stands; such a
            # settling may find one more, for the others.
            again = 0
            for i in range(len(bounds)):
                missing = [
                    m for m in itertools.islice(seeds.values(), known_at[i], None) if m.label in PROPAGATED_LABELS
                ]
                if missing and known_terms([], [], run.lexicons, missing).find(
                    rendered[i].read_bytes().decode("utf-8")
                ):
                    settle_part(i)
                    again += 1
                else:
                    known_at[i] = len(seeds)
            if not again:
                break
        joined = ((part(i), rendered[i], results[i]) for i in range(len(bounds)))
        _join_parts(document, run, detector, out_rel, joined, tally, fingerprint, bounds)
    except (InputError, OSError) as exc:
        tally.taken.discard(out_rel)
        _failed(FileError(rel, "write", str(exc)), run, tally)
    finally:
        for path in rendered:
            path.unlink(missing_ok=True)


def _name_key(mention: Mention) -> tuple[str, str, str]:
    return fold(mention.text), mention.label, mention.part


def _join_parts(
    document: Document,
    run: _Run,
    detector: Detector,
    out_rel: str,
    parts: Iterator[tuple[Document, Path, bytes]],
    tally: _Tally,
    fingerprint: str,
    bounds: list[tuple[int, int]],
) -> None:
    """Join a large file's rendered parts into its output; audit every part's replacements, then the file.

    ``parts`` gives each part's document, its rendered text's file and its
    pseudonymised form (compressed, without the text), one at a time.
    """
    by_label: dict[str, int] = {}
    review, new, known = 0, set(), set()
    with PartWriter(run.out / out_rel, document) as writer:
        lines_before = 0
        for (start, _), (piece, path, packed) in zip(bounds, parts, strict=True):
            pseudonymised = PseudonymisedDocument(piece, *pickle.loads(zlib.decompress(packed)))
            run.audit.mentions_done(run.id, pseudonymised, (start, writer.chars, lines_before))
            writer.append(path.read_bytes().decode("utf-8"))  # not read_text: it would turn CRLF into LF
            lines_before += piece.text.count("\n")
            for r in pseudonymised.replacements:
                by_label[r.label] = by_label.get(r.label, 0) + 1
            review += len(pseudonymised.review)
            new.update(pseudonymised.new_entities)
            known.update(pseudonymised.known_entities)
        digest = writer.commit()
    known -= new
    run.audit.file_summary(
        run.id, document, out_rel, detector.model_version, by_label=by_label, review=review, new=new, known=known
    )
    _written(document, out_rel, digest, run, fingerprint, tally, (by_label, review))
    tally.new.update(new)
    tally.known.update(known)


def _failed(error: FileError, run: _Run, tally: _Tally) -> None:
    tally.errors.append(error)
    run.audit.error(run.id, error)


def _written(
    document: Document,
    out_rel: str,
    digest: str,
    run: _Run,
    fingerprint: str,
    tally: _Tally,
    counts: tuple[dict[str, int], int],
) -> None:
    """Record an output just written: in the registry (for incremental runs) and in the tally, with its
    replacements by label and its review items."""
    rel = document.rel_path
    previous = run.registry.processed(rel)
    if previous is not None and previous[2] != out_rel and previous[2] not in tally.taken:
        # Its name changed (a name in it became known): the old copy must not stay in the deposit.
        (run.out / previous[2]).unlink(missing_ok=True)
    with run.registry.transaction():
        run.registry.set_processed(rel, document.sha256, fingerprint, out_rel, digest)
    tally.written.append(out_rel)
    tally.inputs[out_rel] = rel
    tally.counts[out_rel] = counts


def check(
    paths: Path | str | Sequence[Path | str],
    project: Path | str | None = None,
    *,
    deny_list: Path | str | None = None,
    detect: bool = True,
    lexicons: Lexicons | None = None,
    detector: Detector | None = None,
) -> CheckReport:
    """Look for identifiers in files and folders; errors are collected, never silently passed.

    With ``project``, the registry must exist and be readable (ProjectError
    otherwise). Without project or deny-list, only the detectors run.

    Example:
        >>> report = check("deposit", project="anonymiser-project")  # doctest: +SKIP
        >>> [(f.path, f.line, f.text) for f in report.leaks]
        []
    """
    targets = [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]
    for target in targets:
        if not target.exists():
            raise ConfigError(f"{target}: nothing to check there")
    originals: list[Original] = []
    pseudonyms: set[str] = set()
    input_names: dict[str, str] = {}
    proj = Project(Path(project)) if project is not None else None
    rules = proj.load_rules() if proj is not None else default_rules()
    lexicons = lexicons or load_lexicons()
    if proj is not None:
        with proj.open_registry(create=False) as registry:
            originals += [Original(alias, "registry", label) for _, alias, label, _, _ in registry.aliases()]
            pseudonyms = surrogate_forms(registry, lexicons)
            # A string kept in one input file by a review decision is kept in that file's output.
            renamer = Pseudonymiser(registry, rules, lexicons, set())
            input_names = {renamer.rename(file): file for file, _ in rules.allow_in}
    if deny_list is not None:
        originals += read_deny_list(Path(deny_list))
    matcher = OriginalMatcher(originals, lexicons)
    report = CheckReport()
    if proj is not None:
        report.warnings = exposure_warnings(proj.path, [t if t.is_dir() else t.parent for t in targets])
    texts = []
    for target in targets:
        root = target if target.is_dir() else target.parent
        for file in files_under(target):
            report.files += 1
            name = file.relative_to(root).as_posix() if target.is_dir() else str(target)
            try:
                text = read_for_check(file, root)
            except InputError as exc:
                report.errors.append(str(exc))
                continue
            parts = embedded_texts(text) if file.suffix.lower() == ".html" else None
            # A report page: each embedded text is checked on its own, as its output file was.
            texts.extend([(name, text)] if parts is None else [(f"{name}#{part}", t) for part, t in parts])
    if detect:
        detector = Detector(lexicons, rules) if detector is None else detector.with_rules(rules)
    report.findings = check_texts(
        texts,
        matcher,
        detector=detector if detect else None,
        rules=rules,
        lexicons=lexicons,
        pseudonyms=pseudonyms,
        input_names=input_names,
    )
    return report
