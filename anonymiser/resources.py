"""Where the package's default rules and lexicons live.

In a source checkout they are the top-level ``rules/`` and ``lexicons/``
folders (the source of truth); an installed wheel carries copies under
``anonymiser/_data/``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder holding the package's ``rules`` or ``lexicons``."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the package's {name}/ folder is missing (looked beside {_PACKAGE})")


def folder_version(folder: Path) -> str:
    """A short content hash of every file in ``folder``: the version an audit line records."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
