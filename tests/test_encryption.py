"""Encryption at rest: no real name readable in the project folder, the right passphrase needed, tampering caught."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

import anonymiser
from anonymiser.cli import app
from anonymiser.detect import Detector
from anonymiser.encryption import PASSPHRASE_ENV
from anonymiser.errors import ProjectError
from anonymiser.lexicons import Lexicons
from anonymiser.pipeline import RunOptions
from anonymiser.project import SEALING, Project

from .conftest import TRANSCRIPTS

FILES = ["dev_parent_dawn_1.txt", "dev_parent_dawn_2.txt"]
pytestmark = pytest.mark.slow
PASSPHRASE = "correct horse battery staple"


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    shutil.copy2(TRANSCRIPTS / FILES[0], folder / FILES[0])
    return folder


def _originals(project: Path) -> list[str]:
    with Project(project).open_registry(create=False) as registry:
        return sorted({alias for _, alias, label, _, _ in registry.aliases() if len(alias) >= 4})


def test_an_encrypted_project_keeps_working_and_shows_no_name(
    tmp_path: Path, raw: Path, lexicons: Lexicons, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = RunOptions(lexicons=lexicons, detector=detector)
    project, out = tmp_path / "project", tmp_path / "deposit"
    anonymiser.run(raw, out, project, options=options)
    plain_pseudonyms = {f: (out / f).read_bytes() for f in FILES[:1]}

    assert (project / "report.html").exists()  # the plain private report every run writes
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    result = CliRunner().invoke(app, ["encrypt", "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert not (project / "registry.sqlite").exists() and (project / "registry.sqlite.enc").exists()
    assert not (project / "report.html").exists()
    assert stat.S_IMODE((project / "registry.sqlite.enc").stat().st_mode) == 0o600

    again = anonymiser.run(raw, out, project, options=options)
    assert again.entities_new == 0
    assert (out / FILES[0]).read_bytes() == plain_pseudonyms[FILES[0]]  # same pseudonyms as before encryption
    # A new transcript arrives: the run reads and extends the sealed registry and log.
    shutil.copy2(TRANSCRIPTS / FILES[1], raw / FILES[1])
    summary = anonymiser.run(raw, out, project, options=options)
    assert summary.errors == () and summary.findings == ()
    assert summary.entities_known > 0

    originals = _originals(project)
    assert len(originals) > 20 and any(o.startswith("Dawn") for o in originals)
    # Seven characters or more: a shorter string can turn up by chance in base64 or random bytes.
    longer = [o for o in originals if len(o) >= 7]
    assert len(longer) > 10
    for name in ("registry.sqlite.enc", "audit.jsonl"):
        data = (project / name).read_bytes()
        assert not [o for o in longer if o.encode("utf-8") in data], name
    assert Project(project).verify_audit()[0]
    assert anonymiser.check(out, project, detect=False, lexicons=lexicons).leaks == []
    assert CliRunner().invoke(app, ["audit", "verify", "--project", str(project)]).exit_code == 0

    # Wrong or missing passphrase: a clear error, exit 2, nothing read.
    monkeypatch.setenv(PASSPHRASE_ENV, "not the passphrase")
    wrong = CliRunner().invoke(app, ["registry", "list", "--project", str(project)])
    assert wrong.exit_code == 2 and "wrong passphrase" in wrong.output
    monkeypatch.delenv(PASSPHRASE_ENV)
    with pytest.raises(ProjectError, match=PASSPHRASE_ENV):
        Project(project).open_registry(create=False)
    # Without its settings file the project does not silently turn plain again.
    (project / "encryption.json").rename(tmp_path / "moved.json")
    with pytest.raises(ProjectError, match="missing, but the registry is encrypted"):
        anonymiser.run(raw, out, project, options=options)


def test_a_changed_byte_in_the_sealed_log_or_registry_is_caught(
    tmp_path: Path, raw: Path, lexicons: Lexicons, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, out = tmp_path / "project", tmp_path / "deposit"
    anonymiser.run(raw, out, project, options=RunOptions(lexicons=lexicons, detector=detector))
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    Project(project).encrypt(PASSPHRASE)
    log = project / "audit.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    middle = len(lines) // 2
    flipped = lines[middle][:20] + ("A" if lines[middle][20] != "A" else "B") + lines[middle][21:]
    log.write_text("\n".join([*lines[:middle], flipped, *lines[middle + 1 :]]) + "\n", encoding="utf-8")
    ok, message = Project(project).verify_audit()
    assert not ok and f":{middle + 1}:" in message
    log.write_text("\n".join(lines[:middle] + lines[middle + 1 :]) + "\n", encoding="utf-8")
    assert not Project(project).verify_audit()[0]  # a deleted sealed line breaks the chain

    sealed = project / "registry.sqlite.enc"
    data = bytearray(sealed.read_bytes())
    data[len(data) // 2] ^= 1
    sealed.write_bytes(bytes(data))
    with pytest.raises(ProjectError, match="does not decrypt"):
        Project(project).open_registry(create=False)


def test_encryption_interrupted_after_the_switch_is_finished_on_next_open(
    tmp_path: Path, raw: Path, lexicons: Lexicons, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, out = tmp_path / "project", tmp_path / "deposit"
    anonymiser.run(raw, out, project, options=RunOptions(lexicons=lexicons, detector=detector))
    plain_log = (project / "audit.jsonl").read_bytes()
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    Project(project).encrypt(PASSPHRASE)
    # Recreate the state a kill between the switch and the log's replacement leaves.
    (project / SEALING).write_bytes((project / "audit.jsonl").read_bytes())
    (project / "audit.jsonl").write_bytes(plain_log)
    proj = Project(project)
    assert proj.verify_audit()[0]
    assert not (project / SEALING).exists()
    assert plain_log not in (project / "audit.jsonl").read_bytes()
