"""The audit log is a hash chain: any edit, deletion or reordering is caught; a torn line is cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from anonymiser.audit import AuditLog, verify
from anonymiser.cli import app


def _log(project: Path, n: int = 5) -> Path:
    project.mkdir(parents=True, exist_ok=True)
    log = AuditLog(project / "audit.jsonl")
    for i in range(n):
        log.write({"type": "replacement", "original": f"Name{i}", "replacement": f"P{i}"})
    log.close()
    return project / "audit.jsonl"


def _edit_one_char(lines: list[str]) -> list[str]:
    return [lines[0], lines[1].replace("Name1", "Name7"), *lines[2:]]


@pytest.mark.parametrize(
    "tamper",
    [_edit_one_char, lambda lines: lines[:2] + lines[3:], lambda lines: [lines[0], lines[2], lines[1], *lines[3:]]],
    ids=["one-character-edit", "deleted-line", "swapped-lines"],
)
def test_audit_verify_catches_tampering(tmp_path: Path, tamper: object) -> None:
    path = _log(tmp_path / "p")
    assert verify(path)[0]
    assert CliRunner().invoke(app, ["audit", "verify", "--project", str(tmp_path / "p")]).exit_code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(tamper(lines)) + "\n", encoding="utf-8")  # type: ignore[operator]
    assert not verify(path)[0]
    assert CliRunner().invoke(app, ["audit", "verify", "--project", str(tmp_path / "p")]).exit_code == 1


def test_audit_torn_last_line_is_cut_and_logged(tmp_path: Path) -> None:
    path = _log(tmp_path / "p", 3)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"type": "replacement", "orig')  # a crash mid-write
    log = AuditLog(path)
    log.write({"type": "replacement", "original": "After"})
    log.close()
    ok, message = verify(path)
    assert ok, message
    assert '"recovered"' in path.read_text(encoding="utf-8")
