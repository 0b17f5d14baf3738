"""Shared fixtures: the real lexicons and the real model, loaded once per session."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import anonymiser
from anonymiser.detect import Detector
from anonymiser.lexicons import Lexicons, load_lexicons
from anonymiser.models import Finding
from anonymiser.project import default_rules as package_rules
from anonymiser.rules import Rules

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
TRANSCRIPTS = FIXTURES / "transcripts"


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    return load_lexicons()


@pytest.fixture(scope="session")
def default_rules() -> Rules:
    return package_rules()


@pytest.fixture(scope="session")
def detector(lexicons: Lexicons, default_rules: Rules) -> Detector:
    return Detector(lexicons, default_rules)


def tree_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under root: to prove inputs are untouched."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def gate_errors(deposit: Path, project: Path, detector: Detector) -> list[Finding]:
    """What `anonymiser check`, detectors included, fails on in ``deposit`` (warnings set aside)."""
    report = anonymiser.check(deposit, project=project, detector=detector)
    return [f for f in report.findings if f.severity == "error"]
