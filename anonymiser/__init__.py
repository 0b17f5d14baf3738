"""anonymiser: consistent pseudonymisation of research transcripts, with an audit log and a leak gate.

The library API mirrors the CLI::

    import anonymiser
    summary = anonymiser.run("raw", "deposit", project="anonymiser-project")
    report = anonymiser.check("deposit", project="anonymiser-project")
    texts = anonymiser.pseudonymise_texts({"note": "Dawn moved to Possilpark."})
    key = anonymiser.export_registry("anonymiser-project")
"""

from __future__ import annotations

from .errors import AnonymiserError, ConfigError, ExitCode, InputError, ProjectError
from .pipeline import RunOptions, check, export_registry, pseudonymise_texts, run
from .project import Project

__version__ = "0.1.0"
__all__ = [
    "AnonymiserError",
    "ConfigError",
    "ExitCode",
    "InputError",
    "Project",
    "ProjectError",
    "RunOptions",
    "check",
    "export_registry",
    "pseudonymise_texts",
    "run",
]
