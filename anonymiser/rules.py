"""Project rules: the package defaults in ``rules/`` plus the project's ``rules.yaml``.

Rules are read and validated before any file is touched: a syntax error, an
unknown key or a bad regex stops the run with the file, the line and a likely
fix. Lists (allow, deny, patterns) add up across files; mappings (thresholds,
policy) are overridden key by key, project last.
"""

from __future__ import annotations

import difflib
import fnmatch
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .models import Label

POLICIES = {
    "PERSON": {"surrogate", "descriptor", "keep"},
    "LOCATION": {"descriptor", "surrogate", "keep"},
    "SERVICE": {"descriptor", "surrogate", "keep"},
    "DATE": {"generalise", "shift", "keep"},
    "CONTACT": {"descriptor", "surrogate", "keep"},
    "AGE": {"keep", "descriptor"},
}
TOP_KEYS = {"thresholds", "policy", "allow", "deny", "patterns", "scopes"}
THRESHOLD_KEYS = {"replace", "review", "check"}
DENY_KEYS = {"text", "label", "kind"}
PATTERN_KEYS = {"id", "label", "kind", "pattern", "score", "example", "counterexample"}


@dataclass(frozen=True, slots=True)
class DenyTerm:
    """A string that is always an identifier."""

    text: str
    label: str
    kind: str


@dataclass(frozen=True, slots=True)
class PatternRule:
    """An extra regular expression that marks identifiers."""

    id: str
    label: str
    kind: str
    regex: re.Pattern[str]
    score: float


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything the rules files decide, merged."""

    replace_threshold: float = 0.5
    review_threshold: float = 0.3
    check_threshold: float = 0.6
    policy: dict[str, str] = field(default_factory=dict)
    allow: frozenset[str] = frozenset()  # case-folded
    allow_in: frozenset[tuple[str, str]] = frozenset()  # (input rel path, case-folded term): kept in that file only
    deny: tuple[DenyTerm, ...] = ()
    patterns: tuple[PatternRule, ...] = ()
    scopes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (name, glob patterns of input paths)
    sources: tuple[str, ...] = ()
    version: str = ""  # a short content hash of the rules files (and review decisions): what the audit records

    def policy_for(self, label: str) -> str:
        """The replacement policy of a label ("surrogate", "descriptor", "keep"...)."""
        return self.policy.get(label, "descriptor")

    def scope_of(self, file: str) -> str:
        """The scope an input file belongs to: the first scope with a pattern it matches, else the file itself.

        A lone first name or surname links to an entity of its own scope only
        (one participant's interviews share their people); across scopes it is
        a namesake until a ``same`` decision says otherwise.
        """
        for name, patterns in self.scopes:
            if any(fnmatch.fnmatchcase(file, pattern) for pattern in patterns):
                return f"scope:{name}"
        return f"file:{file}"

    def is_allowed(self, text: str, file: str = "") -> bool:
        """True when the string must not be replaced (anywhere, or in this input file)."""
        term = normalise_term(text)
        return term in self.allow or (file, term) in self.allow_in


def normalise_term(text: str) -> str:
    """Case-fold and squeeze spaces, straighten quotes: how allow and deny entries compare."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


class LocatedYaml:
    """A YAML value with the line it came from, for error messages."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Any:
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot read ({exc.strerror})") from exc
        try:
            node = yaml.compose(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f":{mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise ConfigError(
                f"{self.path}{line}: YAML syntax error: {problem}; check indentation "
                "and quote strings that contain ':' or '#'"
            ) from exc
        return node

    def where(self, node: yaml.Node) -> str:
        return f"{self.path}:{node.start_mark.line + 1}"


def check_keys(src: LocatedYaml, node: yaml.MappingNode, allowed: set[str], what: str) -> None:
    for key_node, _ in node.value:
        key = key_node.value
        if key not in allowed:
            close = difflib.get_close_matches(key, sorted(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(sorted(allowed))})"
            raise ConfigError(f"{src.where(key_node)}: unknown key '{key}' in {what}{hint}")


def mapping_items(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {k.value: v for k, v in node.value}


def expect_node(src: LocatedYaml, node: yaml.Node, kind: type, what: str) -> None:
    if not isinstance(node, kind):
        want = {yaml.MappingNode: "a mapping", yaml.SequenceNode: "a list", yaml.ScalarNode: "a value"}
        raise ConfigError(f"{src.where(node)}: {what} must be {want[kind]}")


def parse_label(src: LocatedYaml, node: yaml.Node) -> str:
    value = str(node.value).upper()
    if value not in Label.__members__:
        raise ConfigError(
            f"{src.where(node)}: unknown label '{node.value}' (use one of {', '.join(Label.__members__)})"
        )
    return value


def _parse_file(path: Path, acc: dict[str, Any]) -> None:
    src = LocatedYaml(path)
    root = src.load()
    if root is None:
        return
    expect_node(src, root, yaml.MappingNode, "the rules file")
    check_keys(src, root, TOP_KEYS, "the rules file")
    top = mapping_items(root)
    if "thresholds" in top:
        node = top["thresholds"]
        expect_node(src, node, yaml.MappingNode, "thresholds")
        check_keys(src, node, THRESHOLD_KEYS, "thresholds")
        for key, value in mapping_items(node).items():
            try:
                number = float(value.value)
            except (TypeError, ValueError):
                number = -1.0
            if not 0.0 <= number <= 1.0:
                raise ConfigError(f"{src.where(value)}: threshold '{key}' must be a number from 0 to 1")
            acc["thresholds"][key] = number
    if "policy" in top:
        node = top["policy"]
        expect_node(src, node, yaml.MappingNode, "policy")
        for key_node, value in node.value:
            label = parse_label(src, key_node)
            choice = str(value.value)
            if choice not in POLICIES[label]:
                raise ConfigError(
                    f"{src.where(value)}: policy '{choice}' is not available for {label} "
                    f"(choose {', '.join(sorted(POLICIES[label]))})"
                )
            acc["policy"][label] = choice
    if "allow" in top:
        node = top["allow"]
        expect_node(src, node, yaml.SequenceNode, "allow")
        for item in node.value:
            expect_node(src, item, yaml.ScalarNode, "an allow entry")
            acc["allow"].add(normalise_term(str(item.value)))
    if "deny" in top:
        node = top["deny"]
        expect_node(src, node, yaml.SequenceNode, "deny")
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                acc["deny"].append(DenyTerm(str(item.value), "PERSON", ""))
                continue
            expect_node(src, item, yaml.MappingNode, "a deny entry")
            check_keys(src, item, DENY_KEYS, "a deny entry")
            fields = mapping_items(item)
            if "text" not in fields:
                raise ConfigError(f"{src.where(item)}: a deny entry needs 'text'")
            label = parse_label(src, fields["label"]) if "label" in fields else "PERSON"
            kind = str(fields["kind"].value) if "kind" in fields else ""
            acc["deny"].append(DenyTerm(str(fields["text"].value), label, kind))
    if "scopes" in top:
        node = top["scopes"]
        expect_node(src, node, yaml.MappingNode, "scopes")
        for key_node, value in node.value:
            expect_node(src, value, yaml.SequenceNode, f"scope '{key_node.value}'")
            patterns = []
            for item in value.value:
                expect_node(src, item, yaml.ScalarNode, "a file pattern")
                patterns.append(str(item.value))
            acc["scopes"][str(key_node.value)] = tuple(patterns)
    if "patterns" in top:
        node = top["patterns"]
        expect_node(src, node, yaml.SequenceNode, "patterns")
        for item in node.value:
            expect_node(src, item, yaml.MappingNode, "a pattern entry")
            check_keys(src, item, PATTERN_KEYS, "a pattern entry")
            acc["patterns"].append(_pattern(src, item))


def _pattern(src: LocatedYaml, item: yaml.MappingNode) -> PatternRule:
    fields = mapping_items(item)
    for required in ("id", "label", "pattern"):
        if required not in fields:
            raise ConfigError(f"{src.where(item)}: a pattern entry needs '{required}'")
    try:
        regex = re.compile(str(fields["pattern"].value))
    except re.error as exc:
        raise ConfigError(
            f"{src.where(fields['pattern'])}: bad regular expression in pattern "
            f"'{fields['id'].value}': {exc}; in YAML, write the pattern in single quotes"
        ) from exc
    score = float(fields["score"].value) if "score" in fields else 0.9
    rule = PatternRule(
        str(fields["id"].value),
        parse_label(src, fields["label"]),
        str(fields["kind"].value) if "kind" in fields else "",
        regex,
        score,
    )
    if "example" in fields and not regex.search(str(fields["example"].value)):
        raise ConfigError(f"{src.where(fields['example'])}: pattern '{rule.id}' does not match its example")
    if "counterexample" in fields and regex.search(str(fields["counterexample"].value)):
        raise ConfigError(f"{src.where(fields['counterexample'])}: pattern '{rule.id}' matches its counterexample")
    return rule


def load_rules(paths: list[Path]) -> Rules:
    """Read and merge rules files in order (package defaults first, project last)."""
    acc: dict[str, Any] = {"thresholds": {}, "policy": {}, "allow": set(), "deny": [], "patterns": [], "scopes": {}}
    for path in paths:
        _parse_file(path, acc)
    thresholds = acc["thresholds"]
    return Rules(
        replace_threshold=thresholds.get("replace", 0.5),
        review_threshold=thresholds.get("review", 0.3),
        check_threshold=thresholds.get("check", 0.6),
        policy=dict(acc["policy"]),
        allow=frozenset(acc["allow"]),
        deny=tuple(acc["deny"]),
        patterns=tuple(acc["patterns"]),
        scopes=tuple(acc["scopes"].items()),
        sources=tuple(str(p) for p in paths),
        version=hashlib.sha256(b"\0".join(p.read_bytes() for p in paths)).hexdigest()[:12],
    )


PROJECT_RULES_TEMPLATE = """\
# Project rules for anonymiser. They add to the package defaults (rules/ in the
# source, or anonymiser/_data/rules in an installed copy). Uncomment to use.
#
# thresholds:
#   replace: 0.5   # detections scoring at least this are replaced
#   review: 0.3    # detections between review and replace go to the review queue
#   check: 0.6     # `anonymiser check` reports detector findings at least this strong
#
# policy:           # what replaces each label
#   PERSON: surrogate     # surrogate | descriptor | keep
#   LOCATION: descriptor  # descriptor | surrogate (a fictional place) | keep
#   SERVICE: descriptor   # descriptor | surrogate (a fictional service of the same kind) | keep
#   DATE: generalise      # generalise | shift (by a secret offset, same format) | keep
#   CONTACT: descriptor
#   AGE: keep             # keep | descriptor
#
# allow:            # never replace these (case-insensitive)
#   - Universal Credit
#   - the Hub Cafe
#
# deny:             # always replace these, wherever they appear
#   - Big Tam                               # a PERSON by default
#   - {text: "the Wee Shop", label: SERVICE, kind: "shop"}
#
# patterns:         # extra identifiers by regular expression
#   - id: case_number
#     label: CONTACT
#     kind: case number
#     pattern: '\\bCN-\\d{6}\\b'
#     score: 0.95
#     example: "case CN-123456"
#     counterexample: "CN-12"
#
# scopes:           # files that share their people: a lone first name or surname
#   P07: ["P07_*"]  # links across them; elsewhere it is a namesake until review says "same"
"""
