"""End to end on real fixtures with the real model: consistency, idempotence, inputs untouched, the gate."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import anonymiser
from anonymiser import pipeline
from anonymiser.cli import app
from anonymiser.detect import Detector
from anonymiser.lexicons import Lexicons
from anonymiser.models import DetectedDocument, Detection, Document, PseudonymisedDocument
from anonymiser.pipeline import RunOptions, recheck
from anonymiser.project import Project, default_rules

from .conftest import TRANSCRIPTS, tree_hashes

FILES = ["dev_parent_dawn_1.txt", "dev_parent_dawn_2.txt", "dev_focus_group_glasgow.docx"]
pytestmark = pytest.mark.slow


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    (folder / "wave2").mkdir(parents=True)
    for name in FILES[:1] + FILES[2:]:
        shutil.copy2(TRANSCRIPTS / name, folder / name)
    shutil.copy2(TRANSCRIPTS / FILES[1], folder / "wave2" / FILES[1])
    return folder


def _registry_rows(project: Path) -> dict[str, int]:
    db = sqlite3.connect(project / "registry.sqlite")
    try:
        return {
            t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("entities", "aliases", "entity_files")
        }
    finally:
        db.close()


def _replacements(project: Path) -> list[dict[str, object]]:
    lines = (project / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r["type"] == "replacement"]


def test_pipeline_end_to_end(tmp_path: Path, raw: Path, lexicons: Lexicons, detector: Detector) -> None:
    options = RunOptions(lexicons=lexicons, detector=detector)
    before = tree_hashes(raw)
    project, out1, out2 = tmp_path / "project", tmp_path / "deposit1", tmp_path / "deposit2"
    # Both waves of the Dawn interviews share their people: one scope, where lone names link.
    project.mkdir(mode=0o700)
    (project / "rules.yaml").write_text('scopes:\n  dawn: ["*dev_parent_dawn_*"]\n', encoding="utf-8")
    (project / "rules.yaml").chmod(0o600)

    first = anonymiser.run(raw, out1, project, options=options)
    assert first.errors == () and first.findings == ()
    # Same relative paths, but a place in a file name is pseudonymised like text.
    assert sorted(first.written) == sorted(
        ["dev_parent_dawn_1.txt", "wave2/dev_parent_dawn_2.txt", "dev_focus_group_city.docx"]
    )
    assert tree_hashes(raw) == before, "inputs were modified"
    rows = _registry_rows(project)
    assert rows["entities"] > 20

    # The private side is owner-only.
    assert stat.S_IMODE(project.stat().st_mode) == 0o700
    for name in ("registry.sqlite", "audit.jsonl", "rules.yaml"):
        assert stat.S_IMODE((project / name).stat().st_mode) == 0o600

    # A second run gives byte-identical outputs and adds no registry rows.
    second = anonymiser.run(raw, out2, project, options=options)
    assert second.entities_new == 0
    assert tree_hashes(out1) == tree_hashes(out2)
    assert _registry_rows(project) == rows
    assert tree_hashes(raw) == before

    # A person named in two files gets the same pseudonym in both, whatever the alias.
    records = [r for r in _replacements(project) if r["run"] == first.run_id]
    by_file: dict[str, dict[str, str]] = {}
    for r in records:
        if r["label"] == "PERSON":
            by_file.setdefault(str(r["file"]), {})[str(r["original"]).casefold()] = str(r["entity"])
    people = set(by_file["dev_parent_dawn_1.txt"]) & set(by_file["wave2/dev_parent_dawn_2.txt"])
    assert len(people) >= 3
    for original in people:
        assert by_file["dev_parent_dawn_1.txt"][original] == by_file["wave2/dev_parent_dawn_2.txt"][original]
    # One entity, one rendering per alias part; never the original.
    rendered: dict[tuple[str, str], set[str]] = {}
    for r in records:
        if r["label"] == "PERSON":
            rendered.setdefault((str(r["entity"]), str(r["original"])), set()).add(str(r["replacement"]))
            assert str(r["replacement"]).casefold() != str(r["original"]).casefold()
    assert all(len(v) == 1 for v in rendered.values())

    # The gate: the deposit passes, the raw transcripts do not.
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(out1), "--project", str(project), "--no-detect"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["check", str(raw), "--project", str(project), "--no-detect"])
    assert result.exit_code == 1


def test_pipeline_pseudonymises_identifiers_in_file_and_folder_names(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    raw = tmp_path / "raw"
    (raw / "Dawn Mackie").mkdir(parents=True)
    text = "INT: Thanks for coming, Dawn.\nDawn Mackie: Nae bother. I live in Possilpark.\n"
    (raw / "Dawn Mackie" / "Dawn_Mackie_interview2.txt").write_text(text, encoding="utf-8")
    summary = anonymiser.run(
        raw, tmp_path / "out", tmp_path / "p", options=RunOptions(lexicons=lexicons, detector=detector)
    )
    assert summary.errors == ()
    (written,) = summary.written
    assert "dawn" not in written.casefold() and "mackie" not in written.casefold()
    assert written.endswith("_interview2.txt")
    assert (tmp_path / "out" / written).read_text(encoding="utf-8").count("Dawn") == 0
    # check reads names too: the raw tree fails on the file name alone.
    report = anonymiser.check(raw, tmp_path / "p", detect=False, lexicons=lexicons)
    assert any(f.line == 0 and "Dawn_Mackie" in f.path for f in report.leaks)


def test_pipeline_refuses_output_inside_input(tmp_path: Path, raw: Path) -> None:
    before = tree_hashes(raw)
    for out in (raw, raw / "deposit"):
        result = CliRunner().invoke(app, ["run", str(raw), "--out", str(out), "--project", str(tmp_path / "p")])
        assert result.exit_code == 2
        assert "inside" in result.output or "input folder" in result.output
    assert tree_hashes(raw) == before


def test_pipeline_goes_on_after_a_bad_file(tmp_path: Path, raw: Path, lexicons: Lexicons, detector: Detector) -> None:
    (raw / "broken.txt").write_bytes(b"\x00\x00binary")
    summary = anonymiser.run(
        raw, tmp_path / "out", tmp_path / "p", options=RunOptions(lexicons=lexicons, detector=detector)
    )
    assert [e.rel_path for e in summary.errors] == ["broken.txt"]
    assert len(summary.written) == 3
    assert not (tmp_path / "out" / "broken.txt").exists()
    errors = [json.loads(x) for x in (tmp_path / "p" / "audit.jsonl").read_text().splitlines()]
    assert any(r["type"] == "error" and r["file"] == "broken.txt" for r in errors)


def _cli_run(raw: Path, out: Path, project: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`anonymiser run` in a new process (its own hash seed), as a user would start it."""
    command = [sys.executable, "-m", "anonymiser.cli", "run", str(raw), "--out", str(out), "--project", str(project)]
    return subprocess.run(command, env={**os.environ, **env}, capture_output=True, text=True)


def test_pipeline_runs_are_byte_identical_across_processes(tmp_path: Path, raw: Path) -> None:
    """Each CLI run is a new process with its own hash seed: outputs must not depend on it."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        result = _cli_run(raw, out, tmp_path / "p", PYTHONHASHSEED=seed)
        assert result.returncode == 0, result.stderr
        outputs.append(tree_hashes(out))
    assert outputs[0] == outputs[1]


def test_pipeline_second_run_on_a_locked_project_stops_cleanly(tmp_path: Path, raw: Path) -> None:
    """Two runs on one project at once: the second stops with a clear message, nothing is touched."""
    from anonymiser.project import Project

    project = Project(tmp_path / "p").create()
    with project.lock():
        result = _cli_run(raw, tmp_path / "out", project.path)
    assert result.returncode == 2
    assert "another anonymiser run is using this project" in result.stderr
    assert not (tmp_path / "out").exists()
    assert not project.registry_path.exists()


def test_pipeline_surrogates_keep_gender_from_names_and_titles(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(
        "INT: Who helps?\nR: Margaret Hughes and John Brown, and Mrs Okonkwo-Smith.\n", encoding="utf-8"
    )
    anonymiser.run(raw, tmp_path / "out", tmp_path / "p", options=RunOptions(lexicons=lexicons, detector=detector))
    from faker.providers.person.en_GB import Provider

    from anonymiser.registry import PseudonymRegistry

    with PseudonymRegistry(tmp_path / "p" / "registry.sqlite") as registry:
        people = {e.canonical: e for e in registry.entities() if e.label == "PERSON"}
    for original, gender in (("Margaret Hughes", "f"), ("John Brown", "m"), ("Okonkwo-Smith", "f")):
        entity = people[original]
        assert entity.gender == gender
        faker_names = Provider.first_names_female if gender == "f" else Provider.first_names_male
        in_lexicon = lexicons.first_names.get(entity.pseudo_first.casefold()) in (gender, "u")
        assert entity.pseudo_first in faker_names or in_lexicon, entity.pseudo_first


def test_an_acronym_spelt_letter_by_letter_keeps_its_descriptor_whole(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    """A surrogate name is spelt out where the original was ("c g l" -> "P R W"), a descriptor is not:
    "[charity]" spelt would read "C H A R I T Y", which the gate takes for an acronym."""
    raw = tmp_path / "raw"
    raw.mkdir()
    said = "so i got put with change grow live c g l the office on the high street and the waiting list for c g l "
    (raw / "a.txt").write_text(f"[00:03:15] participant: {said}counselling was nine month\n" * 3, encoding="utf-8")
    anonymiser.run(raw, tmp_path / "out", tmp_path / "p", options=RunOptions(lexicons=lexicons, detector=detector))
    out = (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")
    assert "c g l" not in out and "change grow live" not in out
    assert re.search(r"waiting list for \[[a-z ]+\] counselling", out), out


def test_cue_timings_pass_through_untouched(tmp_path: Path, lexicons: Lexicons, detector: Detector) -> None:
    """The model and the date recogniser had read "00:02:30.927" as a date: "[date] --> 00:02:34.559"
    broke a cue of the Leeds Teams caption file."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in TRANSCRIPTS.glob("*.vtt"):
        shutil.copy2(path, raw / path.name)
    anonymiser.run(raw, tmp_path / "out", tmp_path / "p", options=RunOptions(lexicons=lexicons, detector=detector))
    timings = re.compile(r"^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$", re.MULTILINE)
    cue_lines = re.compile(r"^.*-->.*$", re.MULTILINE)

    def cues(folder: Path) -> list[str]:
        return sorted(line for p in folder.glob("*.vtt") for line in cue_lines.findall(p.read_text(encoding="utf-8")))

    before, after = cues(raw), cues(tmp_path / "out")
    assert len(before) > 100 and all(timings.fullmatch(line) for line in before)
    assert after == before


def test_a_later_recheck_round_reads_only_the_lines_that_changed(
    tmp_path: Path, lexicons: Lexicons, detector: Detector
) -> None:
    text = "P1: Dawn Mackie came round on Monday.\nP1: the weather was grand.\nP1: Kayleigh Brannigan phoned.\n"
    document = Document("a.txt", "txt", text, b"", "utf-8", "")
    with Project(tmp_path / "project").create().open_registry() as registry:
        first, outputs = recheck(detector, [PseudonymisedDocument(document, ())], default_rules(), lexicons, registry)
        assert outputs == [text]
        assert {d.text for d in first[0]} >= {"Dawn Mackie", "Kayleigh Brannigan"}
        # Against an earlier rendering that differs only in the third line, only that line is read.
        earlier = text.replace("Kayleigh Brannigan", "[name]")
        again, _ = recheck(
            detector, [PseudonymisedDocument(document, ())], default_rules(), lexicons, registry, [earlier]
        )
        found = {(d.start, d.end, d.text) for d in again[0]}
        assert found and {t for *_, t in found} <= {"Kayleigh Brannigan", "Kayleigh", "Brannigan"}
        assert all(text[s:e] == t for s, e, t in found)


def test_a_recheck_round_resolves_again_only_the_files_its_addition_reaches(
    tmp_path: Path, lexicons: Lexicons, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name the gate adds in one file is propagated to every file where it stands, as a batch resolved
    from scratch would be; files where it does not stand are not resolved again."""
    texts = {
        "a.txt": "P1: Dawn Mackie came round on Monday.\nP1: Quillan was with her.\n",
        "b.txt": "P2: I went to the shops in the rain.\nP2: quillan was there and all.\n",
        "c.txt": "P3: nothing much happened that week.\nP3: Dawn phoned on the Friday.\n",
    }
    documents = [Document(name, "txt", text, b"", "utf-8", "") for name, text in texts.items()]
    rules = default_rules()
    with Project(tmp_path / "project").create().open_registry() as registry:
        detected = list(detector.detect(documents))
        first = pipeline._resolve_batch(detected, rules, lexicons, registry)
        start = texts["a.txt"].index("Quillan")
        added = Detection(start, start + len("Quillan"), "PERSON", "Quillan", "recheck:test", 0.9)
        later = [dataclasses.replace(detected[0], detections=(*detected[0].detections, added)), *detected[1:]]
        resolved_again: list[str] = []
        real_resolve = pipeline.resolve

        def counting(document: DetectedDocument, *args: object) -> object:
            resolved_again.append(document.document.rel_path)
            return real_resolve(document, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(pipeline, "resolve", counting)
        again = pipeline._resolve_batch(later, rules, lexicons, registry, before=first)
        monkeypatch.undo()
        assert "c.txt" not in resolved_again and {"a.txt", "b.txt"} <= set(resolved_again)
        scratch = pipeline._resolve_batch(later, rules, lexicons, registry)
        assert again.resolved == scratch.resolved
        assert "quillan" in {m.text for m in again.resolved[1].mentions}
