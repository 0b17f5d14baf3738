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

from .errors import ProjectError
from .registry import PseudonymRegistry
from .resources import data_dir
from .rules import PROJECT_RULES_TEMPLATE, Rules, load_rules

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


class Project:
    """The project folder and the files in it."""

    def __init__(self, path: Path | str = DEFAULT_PROJECT) -> None:
        path = Path(path)
        self.path = path
        self.registry_path = path / "registry.sqlite"
        self.audit_path = path / "audit.jsonl"
        self.rules_path = path / "rules.yaml"
        self.lock_path = path / ".lock"

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
        """Read and validate every rules file (ConfigError on any problem)."""
        return load_rules(self.rules_files())

    def open_registry(self, *, create: bool = True) -> PseudonymRegistry:
        """Open the registry (creating it owner-only when allowed)."""
        if not create and not self.path.is_dir():
            raise ProjectError(f"{self.path}: no project folder here: give the right --project")
        return PseudonymRegistry(self.registry_path, create=create)

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
