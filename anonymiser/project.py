"""A project: the private folder holding the registry, the audit log and the rules.

``PROJECT_DIR`` is the sensitive side of a deposit: it maps every real name to
its pseudonym. It is created owner-only (0700, files 0600), must not lie
inside the deposit, and one run at a time holds its lock.
"""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .audit import AuditLog, read_records, verify
from .decisions import Decision, load_decisions, rules_with
from .encryption import Vault, ask_passphrase
from .errors import ProjectError
from .registry import PseudonymRegistry
from .resources import data_dir
from .rules import PROJECT_RULES_TEMPLATE, Rules, load_rules
from .write import atomic_write

DEFAULT_PROJECT = Path("anonymiser-project")


def default_rules() -> Rules:
    """The package's default rules alone (for a check without a project)."""
    return load_rules(sorted(data_dir("rules").glob("*.yaml")))


def exposure_warnings(project: Path, deposits: list[Path]) -> list[str]:
    """Why the private project folder may be exposed: inside a deposit, or inside a git work tree."""
    warnings_: list[str] = []
    here = project.resolve()
    for deposit in deposits:
        root = deposit.resolve()
        if here == root or root in here.parents:
            warnings_.append(
                f"{project}: the project folder (registry, audit log) lies inside the deposit {deposit}: "
                "move it out before sharing the deposit"
            )
    for parent in (here, *here.parents):
        if (parent / ".git").exists() and not _git_ignored(parent, here):
            warnings_.append(
                f"{project}: the project folder lies inside the git work tree {parent}: it holds every "
                "real name; keep it out of version control (add it to .gitignore at least)"
            )
            break
    return warnings_


def _git_ignored(work_tree: Path, path: Path) -> bool:
    """True when git would not track ``path`` (listed in .gitignore)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(work_tree), "check-ignore", "-q", str(path)], capture_output=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


SEALING = "audit.jsonl.sealing"
PRIVATE_REPORT = "report.html"  # holds originals in plain text: removed when a project is encrypted


class Project:
    """The project folder and the files in it."""

    def __init__(self, path: Path | str = DEFAULT_PROJECT) -> None:
        path = Path(path)
        self.path = path
        self.audit_path = path / "audit.jsonl"
        self.encryption_path = path / "encryption.json"
        self.rules_path = path / "rules.yaml"
        self.review_path = path / "review.yaml"
        self.lock_path = path / ".lock"
        self._vault: Vault | None = None

    @property
    def encrypted(self) -> bool:
        """Whether the registry and the audit log are encrypted at rest (``anonymiser encrypt``)."""
        return self.encryption_path.exists()

    @property
    def registry_path(self) -> Path:
        """The registry file: sealed as a whole in an encrypted project."""
        return self.path / ("registry.sqlite.enc" if self.encrypted else "registry.sqlite")

    def vault(self) -> Vault | None:
        """The project's key (asked for once), or None when the project is not encrypted."""
        if not self.encrypted:
            if (self.path / "registry.sqlite.enc").exists():
                raise ProjectError(
                    f"{self.encryption_path}: missing, but the registry is encrypted: restore it from a backup"
                )
            return None
        if self._vault is None:
            self._vault = Vault.load(self.encryption_path, ask_passphrase())
            self._finish_encryption()
        return self._vault

    def _finish_encryption(self) -> None:
        """Complete an `encrypt` that stopped after the switch: sealed log in place, plain files gone."""
        sealing = self.audit_path.with_name(SEALING)
        if sealing.exists():
            os.replace(sealing, self.audit_path)
        for name in ("registry.sqlite", "registry.sqlite-journal", PRIVATE_REPORT):
            (self.path / name).unlink(missing_ok=True)

    def open_audit(self) -> AuditLog:
        """The audit log, for appending."""
        return AuditLog(self.audit_path, self.vault())

    def audit_records(self) -> Iterator[dict[str, Any]]:
        """Every record of the audit log, decrypted when need be."""
        return read_records(self.audit_path, self.vault())

    def verify_audit(self) -> tuple[bool, str]:
        """Check the audit log's hash chain."""
        return verify(self.audit_path, self.vault())

    def encrypt(self, passphrase: str) -> None:
        """Encrypt the registry and the audit log from now on; the plain files are removed.

        Crash-safe: the sealed copies are written first, then encryption.json
        appears (the switch), then the plain files go.
        """
        if self.encrypted:
            raise ProjectError(f"{self.path}: already encrypted")
        plain_registry = self.path / "registry.sqlite"
        with self.lock():
            pending = self.encryption_path.with_name("encryption.json.new")
            pending.unlink(missing_ok=True)
            vault = Vault.create(pending, passphrase)
            sealed_registry = self.path / "registry.sqlite.enc"
            with PseudonymRegistry(plain_registry) as registry:
                data = registry.db.serialize()
            atomic_write(sealed_registry, vault.seal(data, b"registry"), mode=0o600)
            sealing = self.audit_path.with_name(SEALING)
            if self.audit_path.exists():
                AuditLog(self.audit_path).close()  # cuts a torn last line first, as every opening does
            lines = self.audit_path.read_text(encoding="utf-8").split("\n")[:-1] if self.audit_path.exists() else []
            atomic_write(sealing, "".join(vault.seal_line(line) + "\n" for line in lines).encode("utf-8"), mode=0o600)
            os.replace(pending, self.encryption_path)  # the switch
            self._finish_encryption()
        self._vault = vault

    def create(self) -> Project:
        """Create the folder and a commented rules.yaml if missing; warn if permissions are loose."""
        if not self.path.exists():
            self.path.mkdir(parents=True, mode=0o700)
            os.chmod(self.path, 0o700)
        elif not self.path.is_dir():
            raise ProjectError(f"{self.path}: exists and is not a folder: choose another --project")
        mode = stat.S_IMODE(self.path.stat().st_mode)
        if mode & 0o077:
            warnings.warn(
                f"{self.path}: the project folder is readable by others (mode {mode:o}); "
                f"it holds real names: run `chmod 700 {self.path}`",
                stacklevel=2,
            )
        if not self.rules_path.exists():
            fd = os.open(self.rules_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(PROJECT_RULES_TEMPLATE)
        return self

    def rules_files(self) -> list[Path]:
        """The package's default rules, then the project's."""
        defaults = sorted(data_dir("rules").glob("*.yaml"))
        return defaults + ([self.rules_path] if self.rules_path.exists() else [])

    def load_rules(self) -> Rules:
        """Read and validate every rules file and the review decisions (ConfigError on any problem)."""
        return rules_with(load_rules(self.rules_files()), self.load_decisions())

    def load_decisions(self) -> tuple[Decision, ...]:
        """The review decisions of ``review.yaml`` (none if there is no such file)."""
        return load_decisions(self.review_path)

    def open_registry(self, *, create: bool = True) -> PseudonymRegistry:
        """Open the registry (creating it owner-only when allowed)."""
        if not create and not self.path.is_dir():
            raise ProjectError(f"{self.path}: no project folder here: give the right --project")
        return PseudonymRegistry(self.registry_path, create=create, vault=self.vault())

    @contextmanager
    def lock(self, *, wait: bool = False) -> Iterator[None]:
        """Hold the project's lock for a run; a second run stops with a clear message."""
        fd = os.open(self.lock_path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError as exc:
                raise ProjectError(
                    f"{self.path}: another anonymiser run is using this project; wait for it to finish"
                ) from exc
            yield
        finally:
            os.close(fd)
