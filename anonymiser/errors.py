"""Errors that name the file, the problem and what to try, and the exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes of every command, in one place (the README lists them)."""

    OK = 0  # done; no identifier found
    FINDINGS = 1  # check found identifiers (also: run wrote outputs that still hold one)
    ERROR = 2  # bad input, bad configuration, a file that could not be processed, a crash


class AnonymiserError(Exception):
    """Base of every error the library raises on purpose."""


class ConfigError(AnonymiserError):
    """A rules file, lexicon or option is wrong; nothing has been processed."""


class InputError(AnonymiserError):
    """One input file cannot be read; the rest of the batch goes on."""


class ProjectError(AnonymiserError):
    """The project folder, its registry or its audit log is unusable or locked."""
