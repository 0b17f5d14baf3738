"""Broken rules stop the run before any file is touched, naming file, line and a fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from anonymiser.errors import ConfigError
from anonymiser.rules import load_rules


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("allow: [a\n", r"rules\.yaml:\d+: YAML syntax error"),
        ("deny:\n  - {text: Big Tam, lable: PERSON}\n", r"rules\.yaml:2: unknown key 'lable'.*did you mean 'label'"),
        ("polcy: {}\n", r"rules\.yaml:1: unknown key 'polcy'.*did you mean 'policy'"),
        ("patterns:\n  - id: x\n    label: CONTACT\n    pattern: '[a-'\n", r"rules\.yaml:4: bad regular expression"),
        ("patterns:\n  - {id: x, label: CONTACT, pattern: 'CN-\\d+', example: 'none'}\n", "does not match its example"),
        ("policy:\n  PERSON: delete\n", r"rules\.yaml:2: policy 'delete' is not available"),
        ("deny:\n  - {text: x, label: PERSN}\n", "unknown label 'PERSN'"),
        ("thresholds: {replace: 2}\n", "threshold 'replace' must be a number from 0 to 1"),
    ],
)
def test_rules_errors_name_file_line_and_fix(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_rules([path])


def test_rules_merge_defaults_then_project(tmp_path: Path) -> None:
    first = tmp_path / "a.yaml"
    first.write_text("allow: [Universal Credit]\npolicy: {PERSON: surrogate}\n")
    second = tmp_path / "b.yaml"
    second.write_text(
        "allow: [the Hub]\ndeny: [Big Tam]\npolicy: {PERSON: descriptor}\n"
        "patterns:\n  - {id: case, label: CONTACT, pattern: 'CN-\\d{6}', example: 'CN-123456'}\n"
    )
    rules = load_rules([first, second])
    assert rules.is_allowed("universal credit") and rules.is_allowed("THE HUB")
    assert rules.policy_for("PERSON") == "descriptor"
    assert [d.text for d in rules.deny] == ["Big Tam"]
    assert rules.patterns[0].regex.search("ref CN-123456")
