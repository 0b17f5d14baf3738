"""anonymiser: consistent pseudonymisation of research transcripts, with an audit log and a leak gate.

The library API mirrors the CLI::

    import anonymiser
    summary = anonymiser.run("raw", "deposit", project="anonymiser-project")
    report = anonymiser.check("deposit", project="anonymiser-project")
"""

from __future__ import annotations

from .errors import AnonymiserError, ConfigError, ExitCode, InputError, ProjectError
from .pipeline import RunOptions, check, run
from .project import Project

__version__ = "0.1.0"
__all__ = [
    "AnonymiserError", "ConfigError", "ExitCode", "InputError", "Project", "ProjectError", "RunOptions",
    "check", "run",
]
