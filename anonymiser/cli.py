"""The command line: a thin layer over anonymiser.pipeline.

Exit codes (anonymiser.errors.ExitCode): 0 done and clean, 1 identifiers
remain, 2 bad input, bad configuration, a file that failed, or a crash.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import functools
import json
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import pipeline, registry_admin
from .decisions import Decision, append_decisions
from .encryption import ask_passphrase
from .errors import AnonymiserError, ExitCode, ProjectError
from .models import Finding
from .project import DEFAULT_PROJECT, Project
from .report import write_report
from .review import review_queue

app = typer.Typer(
    help="Pseudonymise research transcripts consistently; block leaks in CI.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
registry_app = typer.Typer(help="Inspect and export the pseudonym registry.", no_args_is_help=True)
app.add_typer(registry_app, name="registry")
audit_app = typer.Typer(help="Inspect the audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

ProjectOption = Annotated[
    Path, typer.Option("--project", "-p", help="The private project folder (registry, audit log, rules).")
]


def _console() -> Console:
    # soft_wrap: messages stay one line each in logs and pipes, whatever the width.
    return Console(stderr=True, no_color=bool(os.environ.get("NO_COLOR")), soft_wrap=True)


def _fail(console: Console, message: str) -> typer.Exit:
    console.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(ExitCode.ERROR)


def _exit_2_on_errors[**P](command: Callable[P, None]) -> Callable[P, None]:
    """Turn a project, configuration or input error into its message and exit 2, for every command."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except AnonymiserError as exc:
            raise _fail(_console(), str(exc)) from exc

    return wrapper


@app.command()
def run(
    raw_dir: Annotated[Path, typer.Argument(help="Folder of raw transcripts (.txt, .docx); never modified.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Deposit folder for the pseudonymised copies.")],
    project: ProjectOption = DEFAULT_PROJECT,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on standard output.")] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Process every input again, even those whose outputs are current.")
    ] = False,
) -> None:
    """Pseudonymise every transcript under RAW_DIR into --out.

    Inputs unchanged since the last run (same content, rules, decisions, lexicons,
    model and registry) keep their outputs, unless a name found since then stands
    in them; --full processes everything again.

    Example: anonymiser run raw/ --out deposit/ --project anonymiser-project
    """
    console = _console()
    options = pipeline.RunOptions(incremental=not full)
    show_bar = console.is_terminal and not quiet and not as_json
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if show_bar:
                with Progress(
                    TextColumn("{task.description:>8}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=console,
                    transient=True,
                ) as bar:
                    tasks: dict[str, int] = {}

                    def tick(stage: str, done: int, total: int) -> None:
                        if stage not in tasks:
                            tasks[stage] = bar.add_task(stage, total=total)
                        bar.update(tasks[stage], completed=done)

                    summary = pipeline.run(raw_dir, out, project, options=options, progress=tick)
            else:
                summary = pipeline.run(raw_dir, out, project, options=options)
        for w in caught:
            if "anonymiser" in str(w.filename) or "project" in str(w.message):
                console.print(f"[yellow]warning:[/] {w.message}", highlight=False)
    except AnonymiserError as exc:
        raise _fail(console, str(exc)) from exc
    for error in summary.errors:
        console.print(f"[red]error:[/] {error.message}", highlight=False)
    for finding in summary.findings:
        console.print(f"[red]leak:[/] {_describe(finding)}", highlight=False)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "run": summary.run_id,
                    "files": summary.files,
                    "written": list(summary.written),
                    "unchanged": list(summary.unchanged),
                    "errors": [{"file": e.rel_path, "stage": e.stage, "message": e.message} for e in summary.errors],
                    "replacements": summary.replacements_by_label,
                    "entities_new": summary.entities_new,
                    "entities_known": summary.entities_known,
                    "review": summary.review_items,
                    "leaks": [
                        {"file": f.path, "line": f.line, "column": f.column, "text": f.text} for f in summary.findings
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    elif not quiet:
        labels = ", ".join(f"{k} {v}" for k, v in summary.replacements_by_label.items()) or "none"
        console.print(
            f"{len(summary.written)}/{summary.files} files written, {len(summary.unchanged)} unchanged and kept; "
            f"replacements: {labels}; "
            f"entities new {summary.entities_new}, known {summary.entities_known}; "
            f"review {summary.review_items}; files with errors {len(summary.errors)}; run {summary.run_id}",
            highlight=False,
        )
    if summary.errors:
        raise typer.Exit(ExitCode.ERROR)
    if summary.findings:
        raise typer.Exit(ExitCode.FINDINGS)


def _describe(f: Finding) -> str:
    extra = f" (matches {f.original!r})" if f.original and f.original != f.text else ""
    return f"{f.path}:{f.line}:{f.column}: {f.label} {f.text!r} [{f.source}]{extra}"


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Deposit folders or files to search (pre-commit passes files).")],
    project: Annotated[
        Path | None, typer.Option("--project", "-p", help="Project whose registry originals to look for.")
    ] = None,
    deny_list: Annotated[Path | None, typer.Option("--deny-list", help="File of identifiers, one per line.")] = None,
    no_detect: Annotated[
        bool, typer.Option("--no-detect", help="Only look for registry and deny-list strings (fast).")
    ] = False,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only findings and errors.")] = False,
) -> None:
    """Exit 1 if any file under PATHS still holds an identifier, 2 on any error.

    Example: anonymiser check deposit/ --project anonymiser-project
    """
    console = _console()
    if as_json:
        output_format = "json"
    if output_format not in ("text", "json"):
        raise _fail(console, f"--format must be text or json, not {output_format!r}")
    try:
        report = pipeline.check(paths, project, deny_list=deny_list, detect=not no_detect)
    except AnonymiserError as exc:
        raise _fail(console, str(exc)) from exc
    except Exception as exc:  # fail closed: a crash is never a pass
        raise _fail(console, f"check crashed ({type(exc).__name__}: {exc}); treat the deposit as unchecked") from exc
    for message in report.warnings:
        console.print(f"[yellow]warning:[/] {message}", highlight=False)
    if output_format == "json":
        payload = {
            "warnings": report.warnings,
            "files": report.files,
            "errors": report.errors,
            "findings": [
                {
                    "file": f.path,
                    "line": f.line,
                    "column": f.column,
                    "label": f.label,
                    "text": f.text,
                    "source": f.source,
                    "original": f.original or None,
                    "severity": f.severity,
                }
                for f in report.findings
            ],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for f in report.findings:
            tag = "leak" if f.severity == "error" else "warning"
            typer.echo(f"{tag}: {_describe(f)}")
        for message in report.errors:
            console.print(f"[red]error:[/] {message}", highlight=False)
        if not quiet:
            console.print(
                f"{report.files} files checked; {len(report.leaks)} identifiers found; "
                f"{len(report.findings) - len(report.leaks)} warnings; {len(report.errors)} errors",
                highlight=False,
            )
    if report.errors:
        raise typer.Exit(ExitCode.ERROR)
    if report.leaks:
        raise typer.Exit(ExitCode.FINDINGS)


@registry_app.command("list")
@_exit_2_on_errors
def registry_list(project: ProjectOption = DEFAULT_PROJECT) -> None:
    """List entities: id, label, pseudonym, number of aliases and files.

    Example: anonymiser registry list --project anonymiser-project
    """
    with Project(project).open_registry(create=False) as registry:
        for entity in registry.entities():
            aliases = registry.aliases(entity.id)
            typer.echo(
                f"{entity.id}\t{entity.label}\t{entity.pseudonym}\t"
                f"{len(aliases)} aliases\t{len(registry.files(entity.id))} files"
            )


@registry_app.command("export")
@_exit_2_on_errors
def registry_export(
    project: ProjectOption = DEFAULT_PROJECT,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="CSV file to write (default: standard output).")
    ] = None,
) -> None:
    """Export the key file (CSV): entity id, label, pseudonym, originals, files, first seen.

    The key file holds every real name: keep it in the archive's secure store.
    Example: anonymiser registry export --project anonymiser-project -o key.csv
    """
    rows = pipeline.export_registry(project)
    header = ["entity_id", "label", "pseudonym", "originals", "files", "first_seen"]
    if output is None:
        writer = csv.DictWriter(sys.stdout, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
        return
    fd = os.open(output, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


@registry_app.command("show")
@_exit_2_on_errors
def registry_show(
    entity_id: Annotated[str, typer.Argument(help="An entity id from `registry list`, e.g. P0007.")],
    project: ProjectOption = DEFAULT_PROJECT,
) -> None:
    """Show one entity: pseudonym, aliases and the files it was seen in.

    Example: anonymiser registry show P0007 --project anonymiser-project
    """
    view = registry_admin.show(project, entity_id)
    e = view.entity
    typer.echo(f"{e.id}\t{e.label}\t{e.pseudonym}\tpolicy {e.policy}\tfirst seen {e.first_seen} in {e.first_file}")
    for alias, part in view.aliases:
        typer.echo(f"  alias ({part}): {alias}")
    for file in view.files:
        typer.echo(f"  file: {file}")


@registry_app.command("rename")
@_exit_2_on_errors
def registry_rename(
    entity_id: Annotated[str, typer.Argument(help="The entity to rename.")],
    pseudonym: Annotated[str, typer.Argument(help='The pseudonym to use from now on ("Linda Hughes").')],
    project: ProjectOption = DEFAULT_PROJECT,
) -> None:
    """Choose an entity's pseudonym by hand; the next run uses it everywhere.

    Example: anonymiser registry rename P0007 "Linda Hughes" --project anonymiser-project
    """
    console = _console()
    entity = registry_admin.rename(project, entity_id, pseudonym)
    console.print(f"{entity.id} is now {entity.pseudonym!r}; run again to apply it", highlight=False)


@registry_app.command("merge")
@_exit_2_on_errors
def registry_merge(
    keep_id: Annotated[str, typer.Argument(help="The entity that stays (keeps its pseudonym).")],
    other_id: Annotated[str, typer.Argument(help="The entity merged into it.")],
    project: ProjectOption = DEFAULT_PROJECT,
) -> None:
    """Make two entities one person, place or service.

    Example: anonymiser registry merge P0007 P0012 --project anonymiser-project
    """
    console = _console()
    registry_admin.merge(project, keep_id, other_id)
    console.print(f"{other_id} merged into {keep_id}; run again to apply it", highlight=False)


@registry_app.command("split")
@_exit_2_on_errors
def registry_split(
    entity_id: Annotated[str, typer.Argument(help="The entity holding the wrong alias.")],
    alias: Annotated[str, typer.Argument(help="The alias that is someone else.")],
    project: ProjectOption = DEFAULT_PROJECT,
) -> None:
    """Detach an alias that names someone else; it becomes a new entity at the next run.

    Example: anonymiser registry split P0007 "Joanne" --project anonymiser-project
    """
    console = _console()
    message = registry_admin.split(project, entity_id, alias)
    console.print(message, highlight=False)


@registry_app.command("alias-add")
@_exit_2_on_errors
def registry_alias_add(
    entity_id: Annotated[str, typer.Argument(help="The entity.")],
    alias: Annotated[str, typer.Argument(help="Another way the text names it.")],
    part: Annotated[str, typer.Option("--part", help="full, first or last.")] = "full",
    project: ProjectOption = DEFAULT_PROJECT,
) -> None:
    """Add a surface form of an entity (a nickname, a misspelling) so every run finds it.

    Example: anonymiser registry alias-add P0007 Dawnie --part first --project anonymiser-project
    """
    registry_admin.add_alias(project, entity_id, alias, part)


@registry_app.command("import")
@_exit_2_on_errors
def registry_import(
    key_file: Annotated[Path, typer.Argument(help="CSV: original, pseudonym[, label], or a `registry export` file.")],
    project: ProjectOption = DEFAULT_PROJECT,
) -> None:
    """Honour an existing key of original -> pseudonym from now on.

    Example: anonymiser registry import team-key.csv --project anonymiser-project
    """
    console = _console()
    added = registry_admin.import_key(project, key_file)
    console.print(f"{added} entities imported", highlight=False)


@app.command()
@_exit_2_on_errors
def report(
    project: ProjectOption = DEFAULT_PROJECT,
    shareable: Annotated[
        bool, typer.Option("--shareable", help="Write report-shareable.html: no original, for the committee pack.")
    ] = False,
) -> None:
    """Write the ethics-review report of the project's last run (a self-contained HTML page).

    report.html holds originals and stays in PROJECT_DIR; --shareable writes
    report-shareable.html without any. Every `run` refreshes report.html.

    Example: anonymiser report --project anonymiser-project --shareable
    """
    console = _console()
    proj = Project(project)
    path = write_report(proj, shareable=shareable)
    if proj.encrypted and not shareable:
        console.print(
            f"[yellow]warning:[/] {path} holds originals in plain text; the project is encrypted: delete it after use",
            highlight=False,
        )
    typer.echo(str(path))


@app.command()
@_exit_2_on_errors
def review(
    project: ProjectOption = DEFAULT_PROJECT,
    list_only: Annotated[
        bool, typer.Option("--list", help="Print the queue and the decision lines; ask nothing.")
    ] = False,
) -> None:
    """Walk through the review queue and record decisions in PROJECT_DIR/review.yaml.

    For each doubtful item: r = replace it everywhere, k = keep it in this file,
    a = keep it everywhere, s = same entity as another, d = a different person
    from the entity an ambiguous alias was linked to (or from a namesake in
    another scope), n = skip, q = save and stop.
    Decisions apply at the next run and are written to the audit log then.

    Example: anonymiser review --project anonymiser-project
    """
    console = _console()
    proj = Project(project)
    queue = review_queue(proj)
    if not queue:
        console.print("the review queue is empty", highlight=False)
        return
    if list_only:
        for item in queue:
            typer.echo(
                f"{item.file}:{item.line}: {item.label} {item.text!r} ({item.reason}, {item.source} {item.score:.2f})"
                + (f"; {item.count} times in the file" if item.count > 1 else "")
            )
            typer.echo(f"    {item.context}")
            typer.echo(
                f"    reject: {item.reject_decision().as_line().strip()}"
                if item.replaced
                else f"    accept: {item.replace_decision().as_line().strip()}"
            )
        return
    decided: list[Decision] = []
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    for number, item in enumerate(queue, 1):
        console.print(
            f"\n[bold]{number}/{len(queue)}[/] {item.file}:{item.line}"
            f"{f' ({item.count} times, this the first)' if item.count > 1 else ''}  {item.label}  "
            f"{'replaced by ' + repr(item.replacement) if item.replaced else 'left in place'}  "
            f"({item.reason}; {item.source}, score {item.score:.2f})",
            highlight=False,
        )
        console.print(f"  {item.context}", highlight=False, markup=False)
        choice = (
            typer.prompt(
                "  [r]eplace everywhere, [k]eep in this file, keep [a]nywhere, [s]ame entity as, "
                "[d]ifferent from the entity linked, [n]ext, [q]uit",
                default="n",
            )
            .strip()
            .lower()[:1]
        )
        if choice == "q":
            break
        if choice == "r":
            decided.append(dataclasses.replace(item.replace_decision(), decided=now))
        elif choice == "k":
            decided.append(dataclasses.replace(item.keep_decision(), decided=now))
        elif choice == "a":
            decided.append(Decision("keep", item.text, decided=now))
        elif choice == "d" and item.linked_entity:
            decided.append(dataclasses.replace(item.reject_decision(), decided=now))
        elif choice == "d" and item.different_decision() is not None:
            decided.append(dataclasses.replace(item.different_decision(), decided=now))  # type: ignore[type-var]
        elif choice == "s":
            other = typer.prompt("  same entity as (entity id, pseudonym or original)").strip()
            if other:
                decided.append(Decision("same", item.entity or item.text, other=other, decided=now))
    if decided:
        append_decisions(proj.review_path, decided)
        console.print(
            f"{len(decided)} decisions added to {proj.review_path}; they apply at the next run", highlight=False
        )
    else:
        console.print("no decision recorded", highlight=False)


@app.command()
@_exit_2_on_errors
def encrypt(project: ProjectOption = DEFAULT_PROJECT) -> None:
    """Encrypt the project's registry and audit log at rest, from now on.

    The passphrase comes from ANONYMISER_PASSPHRASE or is asked twice; every later
    command on the project needs it. Lose it and the registry is lost: keep it in
    the team's password manager.

    Example: anonymiser encrypt --project anonymiser-project
    """
    console = _console()
    proj = Project(project)
    if not proj.registry_path.exists():
        raise ProjectError(f"{proj.path}: no registry here: run `anonymiser run` first or give the right --project")
    proj.encrypt(ask_passphrase(confirm=True))
    console.print(f"{proj.path}: registry and audit log encrypted (AES-256-GCM, scrypt key)", highlight=False)


@audit_app.command("verify")
@_exit_2_on_errors
def audit_verify(project: ProjectOption = DEFAULT_PROJECT) -> None:
    """Check the audit log's hash chain: exit 1 on any edit, deletion or reordering.

    Example: anonymiser audit verify --project anonymiser-project
    """
    console = _console()
    path = Project(project).audit_path
    if not path.exists():
        raise _fail(console, f"{path}: no audit log here: give the right --project")
    ok, message = Project(project).verify_audit()
    if not ok:
        console.print(f"[red]tampered:[/] {message}", highlight=False)
        raise typer.Exit(ExitCode.FINDINGS)
    console.print(message, highlight=False)


def main() -> None:
    """Entry point: any unexpected crash exits 2, never 0."""
    try:
        app()
    except SystemExit:
        raise
    except Exception as exc:  # noqa: BLE001
        _console().print(f"[bold red]error:[/] anonymiser crashed: {type(exc).__name__}: {exc}")
        sys.exit(ExitCode.ERROR)


if __name__ == "__main__":
    main()
