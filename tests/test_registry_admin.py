"""Registry management by hand: every change checked, applied by the next run, and audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import anonymiser
from anonymiser.cli import app
from anonymiser.detect import Detector
from anonymiser.lexicons import Lexicons
from anonymiser.pipeline import RunOptions

TEXT = "INT: Tell me about Dawn Mackie.\nR: Dawn Mackie? She moved to Possilpark. Dawn was great.\n"


@pytest.fixture()
def project(tmp_path: Path, lexicons: Lexicons, detector: Detector) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(TEXT, encoding="utf-8")
    anonymiser.run(raw, tmp_path / "out", tmp_path / "p", options=RunOptions(lexicons=lexicons, detector=detector))
    return tmp_path / "p"


def _entity_of(project: Path, original: str) -> str:
    return next(r["entity_id"] for r in anonymiser.export_registry(project) if original in r["originals"].split(" | "))


def test_registry_rename_is_applied_by_the_next_run_and_audited(
    tmp_path: Path, project: Path, lexicons: Lexicons, detector: Detector
) -> None:
    entity = _entity_of(project, "Dawn Mackie")
    runner = CliRunner()
    assert runner.invoke(app, ["registry", "rename", entity, "Rowan Tiler", "-p", str(project)]).exit_code == 0
    # A pseudonym that is an original is refused.
    refused = runner.invoke(app, ["registry", "rename", entity, "Possilpark Smith", "-p", str(project)])
    assert refused.exit_code == 2 and "original" in refused.output
    anonymiser.run(
        tmp_path / "raw", tmp_path / "out2", project, options=RunOptions(lexicons=lexicons, detector=detector)
    )
    out = (tmp_path / "out2" / "a.txt").read_text(encoding="utf-8")
    assert "Rowan Tiler" in out and "Rowan was great" in out
    shown = runner.invoke(app, ["registry", "show", entity, "-p", str(project)])
    assert "Rowan Tiler" in shown.output and "alias (full): Dawn Mackie" in shown.output
    audit = [json.loads(x) for x in (project / "audit.jsonl").read_text().splitlines()]
    assert any(r["type"] == "registry" and r["action"] == "rename" and r["entity"] == entity for r in audit)


def test_registry_export_then_import_reproduces_pseudonyms(
    tmp_path: Path, project: Path, lexicons: Lexicons, detector: Detector
) -> None:
    key = tmp_path / "key.csv"
    assert CliRunner().invoke(app, ["registry", "export", "-p", str(project), "-o", str(key)]).exit_code == 0
    fresh = tmp_path / "fresh"
    assert CliRunner().invoke(app, ["registry", "import", str(key), "-p", str(fresh)]).exit_code == 0
    anonymiser.run(tmp_path / "raw", tmp_path / "out3", fresh, options=RunOptions(lexicons=lexicons, detector=detector))
    assert (tmp_path / "out3" / "a.txt").read_bytes() == (tmp_path / "out" / "a.txt").read_bytes()


def test_registry_merge_and_alias_add(tmp_path: Path, project: Path) -> None:
    entity = _entity_of(project, "Dawn Mackie")
    runner = CliRunner()
    assert (
        runner.invoke(app, ["registry", "alias-add", entity, "Dawnie", "--part", "first", "-p", str(project)]).exit_code
        == 0
    )
    place = _entity_of(project, "Possilpark")
    result = runner.invoke(app, ["registry", "merge", entity, place, "-p", str(project)])
    assert result.exit_code == 2 and "cannot merge" in result.output
    assert runner.invoke(app, ["registry", "show", "P9999", "-p", str(project)]).exit_code == 2


def test_a_registry_of_an_older_schema_is_migrated_when_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A project made before the scoped look-ups opens with their indexes added, its entities intact."""
    import anonymiser.registry as registry_module

    path = tmp_path / "registry.sqlite"
    monkeypatch.setattr(registry_module, "MIGRATIONS", registry_module.MIGRATIONS[:4])
    monkeypatch.setattr(registry_module, "SCHEMA_VERSION", 4)
    with registry_module.PseudonymRegistry(path) as old, old.transaction():
        dawn = old.create("PERSON", "person", "Dawn Mackie", "surrogate", "Linda Hughes", "a.txt", "Linda", "Hughes")
        old.add_alias(dawn, "Dawn", "dawn", "first")
        old.add_file(dawn, "a.txt")
    monkeypatch.undo()
    with registry_module.PseudonymRegistry(path) as new:
        assert new.schema_version() == 5
        indexes = {row[0] for row in new.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"entity_files_by_file", "aliases_by_key"} <= indexes
        assert new.find_in_files("PERSON", "dawn", "first", ["a.txt"]) == [dawn]
        assert new.find_in_files("PERSON", "dawn", "first", ["b.txt"]) == []
        assert new.find_other("PERSON", "dawn", "first", ()) == dawn
        assert new.find_other("PERSON", "dawn", "first", {dawn}) == ""
