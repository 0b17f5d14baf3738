"""Review decisions: what a human settled in ``PROJECT_DIR/review.yaml``, applied at every run.

The report's review queue prints a ready-made line for each candidate; the
reviewer pastes it here (or answers ``anonymiser review``). Decisions are
applied deterministically at the start of the next run and every run after:

    decisions:
      - {keep: "Hope", file: "p01.txt"}        # not an identifier in this file
      - {keep: "the Hub"}                      # ... or anywhere in the project
      - {replace: "Fernbank", label: LOCATION} # always an identifier
      - {same: ["P0003", "Jo Bell"]}           # two entities are one (ids, pseudonyms or originals)
      - {different: ["P0007", "P0031"]}        # namesakes in two scopes are two people
      - {split: "Joanne", from: "P0012"}       # an alias that is someone else

``keep`` and ``replace`` become rules (allow and deny entries); ``same``,
``different`` and ``split`` change the registry. Each decision is written to the audit log with
its time the first run that applies it; the registry remembers which were
applied (by hash) so they are logged once.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .registry import PseudonymRegistry
from .resolve import group_key
from .rules import (
    DenyTerm,
    LocatedYaml,
    Rules,
    check_keys,
    expect_node,
    mapping_items,
    normalise_term,
    parse_label,
)

KINDS = ("keep", "replace", "same", "different", "split")
KEYS = {"keep", "replace", "same", "different", "split", "file", "label", "from", "decided", "note"}

REVIEW_TEMPLATE = """\
# Review decisions for anonymiser, applied at every run (see report.html's review queue,
# or answer `anonymiser review`). One entry per line, for example:
#   - {keep: "Hope", file: "p01.txt"}        # not an identifier in this file (omit file: anywhere)
#   - {replace: "Fernbank", label: LOCATION} # always an identifier
#   - {same: ["P0003", "Jo Bell"]}           # one entity (entity ids, pseudonyms or originals)
#   - {different: ["P0007", "P0031"]}        # namesakes in two scopes: two people
#   - {split: "Joanne", from: "P0012"}       # this alias is someone else
decisions:
"""


@dataclass(frozen=True, slots=True)
class Decision:
    """One settled review item."""

    kind: str  # keep | replace | same | different | split
    text: str  # the string kept or replaced; the alias split off; the first reference of `same`
    file: str = ""  # keep: only in this input file
    label: str = ""  # replace: the label to give it
    other: str = ""  # same, different: the second reference; split: the entity id
    decided: str = ""  # when a human decided (set by `anonymiser review`)
    note: str = ""
    where: str = ""  # file:line in review.yaml, for messages

    @property
    def key(self) -> str:
        """A stable hash of what the decision says (not when or why)."""
        body = json.dumps([self.kind, self.text, self.file, self.label, self.other], ensure_ascii=False)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]

    def as_line(self) -> str:
        """The decision as one review.yaml flow-style line."""
        fields: dict[str, Any] = {}
        if self.kind in ("same", "different"):
            fields[self.kind] = [self.text, self.other]
        elif self.kind == "split":
            fields = {"split": self.text, "from": self.other}
        else:
            fields[self.kind] = self.text
        if self.file:
            fields["file"] = self.file
        if self.label:
            fields["label"] = self.label
        if self.decided:
            fields["decided"] = self.decided
        if self.note:
            fields["note"] = self.note
        body = ", ".join(f"{key}: {_flow_value(value)}" for key, value in fields.items())
        return f"  - {{{body}}}"


# A scalar YAML reads back as this same string when written bare inside a flow mapping: starts with a
# letter, holds no character that means something there (",:{}[]#&*!|>%@`"), does not end in a space.
_PLAIN = re.compile(r"[^\W\d_][\w .'/()-]*(?<! )")
# What YAML may not hold raw in a double-quoted scalar (it forbids it, or reads it as a line break): escaped.
_UNWRITABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# Bare words YAML 1.1 (PyYAML) reads as booleans or null.
_RESERVED = frozenset("y n yes no on off true false null".split())


def _flow_value(value: str | list[str]) -> str:
    """One value of a decision line: bare where YAML reads it back as is, else double-quoted (JSON is YAML).

    Written by hand because the report writes one line per review item, and
    PyYAML's emitter took about half of the report's time on a large project.
    """
    if isinstance(value, list):
        return "[" + ", ".join(_flow_value(v) for v in value) + "]"
    if _PLAIN.fullmatch(value) and value.casefold() not in _RESERVED:
        return value
    return _UNWRITABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(value, ensure_ascii=False))


def load_decisions(path: Path) -> tuple[Decision, ...]:
    """Read and validate review.yaml; a missing file means no decisions."""
    if not path.exists():
        return ()
    src = LocatedYaml(path)
    root = src.load()
    if root is None:
        return ()
    expect_node(src, root, yaml.MappingNode, "review.yaml")
    check_keys(src, root, {"decisions"}, "review.yaml")
    node = mapping_items(root).get("decisions")
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~")):
        return ()
    expect_node(src, node, yaml.SequenceNode, "decisions")
    return tuple(_decision(src, item) for item in node.value)


def _scalar(src: LocatedYaml, node: yaml.Node, what: str) -> str:
    expect_node(src, node, yaml.ScalarNode, what)
    value = str(node.value).strip()
    if not value:
        raise ConfigError(f"{src.where(node)}: {what} cannot be empty")
    return value


def _decision(src: LocatedYaml, item: yaml.Node) -> Decision:
    expect_node(src, item, yaml.MappingNode, "a decision")
    check_keys(src, item, KEYS, "a decision")
    fields = mapping_items(item)
    kinds = [k for k in KINDS if k in fields]
    if len(kinds) != 1:
        raise ConfigError(f"{src.where(item)}: a decision needs exactly one of {', '.join(KINDS)}")
    kind = kinds[0]
    where = src.where(item)
    extra = {
        "decided": str(fields["decided"].value) if "decided" in fields else "",
        "note": str(fields["note"].value) if "note" in fields else "",
        "where": where,
    }
    if kind == "keep":
        if "label" in fields or "from" in fields:
            raise ConfigError(f"{where}: 'keep' takes only 'file' (omit it to keep the string everywhere)")
        file = _scalar(src, fields["file"], "file") if "file" in fields else ""
        return Decision("keep", _scalar(src, fields["keep"], "keep"), file=file, **extra)
    if kind == "replace":
        if "file" in fields or "from" in fields:
            raise ConfigError(f"{where}: 'replace' applies to the whole project: remove 'file'/'from'")
        label = parse_label(src, fields["label"]) if "label" in fields else "PERSON"
        return Decision("replace", _scalar(src, fields["replace"], "replace"), label=label, **extra)
    if kind in ("same", "different"):
        node = fields[kind]
        expect_node(src, node, yaml.SequenceNode, kind)
        refs = [_scalar(src, ref, "an entity reference") for ref in node.value]
        if len(refs) != 2:
            raise ConfigError(f'{src.where(node)}: \'{kind}\' takes two references, e.g. {kind}: ["P0003", "P0017"]')
        return Decision(kind, refs[0], other=refs[1], **extra)
    if "from" not in fields:
        raise ConfigError(f"{where}: 'split' needs 'from', the entity id the alias leaves (e.g. from: P0012)")
    return Decision(
        "split", _scalar(src, fields["split"], "split"), other=_scalar(src, fields["from"], "from"), **extra
    )


def rules_with(rules: Rules, decisions: tuple[Decision, ...]) -> Rules:
    """The rules with keep decisions as allow entries and replace decisions as deny entries."""
    allow = set(rules.allow)
    allow_in = set(rules.allow_in)
    deny = list(rules.deny)
    for d in decisions:
        if d.kind == "keep" and d.file:
            allow_in.add((d.file, normalise_term(d.text)))
        elif d.kind == "keep":
            allow.add(normalise_term(d.text))
        elif d.kind == "replace":
            deny.append(DenyTerm(d.text, d.label, ""))
    version = rules.version
    if decisions:
        keys = "".join(d.key for d in decisions).encode("utf-8")
        version = hashlib.sha256(rules.version.encode("utf-8") + keys).hexdigest()[:12]
    return dataclasses.replace(
        rules, allow=frozenset(allow), allow_in=frozenset(allow_in), deny=tuple(deny), version=version
    )


def resolve_reference(registry: PseudonymRegistry, ref: str) -> list[str]:
    """Entity ids a reference names: an entity id, a pseudonym, or an original (full form first)."""
    try:
        return [registry.get(ref).id]
    except KeyError:
        pass
    by_pseudonym = [e.id for e in registry.entities() if e.pseudonym.casefold() == ref.casefold()]
    if by_pseudonym:
        return by_pseudonym
    hits: list[str] = []
    for label in ("PERSON", "LOCATION", "SERVICE", "CONTACT"):
        for part in ("full", "first", "last", "initial"):
            hits += [h for h in registry.find(label, group_key(label, ref), part) if h not in hits]
    return hits


def apply_to_registry(
    registry: PseudonymRegistry, decisions: tuple[Decision, ...], log: Callable[[dict[str, Any]], None]
) -> list[dict[str, Any]]:
    """Apply the decisions not applied before; ``log`` gets one audit record per decision newly applied.

    Each record is logged before the registry marks its decision applied, so
    a crash between the two logs a decision twice, never not at all.

    A ``same``, ``different`` or ``split`` whose entities the registry does not hold yet waits
    for a later run (an unknown or ambiguous reference is an error: it would
    otherwise merge the wrong people).
    """
    records = []
    with registry.transaction():
        for d in decisions:
            if registry.decision_applied(d.key):
                continue
            record: dict[str, Any] = {"type": "decision", "decision": d.kind, "text": d.text, "where": d.where}
            if d.kind == "same":
                ids = [_one(registry, ref, d) for ref in (d.text, d.other)]
                if None in ids:
                    continue
                keep, other = ids
                if keep != other:
                    a, b = registry.get(str(keep)), registry.get(str(other))
                    if a.label != b.label:
                        raise ConfigError(f"{d.where}: cannot make a {a.label} and a {b.label} one entity")
                    registry.merge(str(keep), str(other))
                record.update({"entity": keep, "merged": other})
            elif d.kind == "different":
                ids = [_one(registry, ref, d) for ref in (d.text, d.other)]
                if None in ids:
                    continue
                registry.set_different(str(ids[0]), str(ids[1]))
                record.update({"entity": ids[0], "different": ids[1]})
            elif d.kind == "split":
                try:
                    entity = registry.get(d.other)
                except KeyError:
                    raise ConfigError(f"{d.where}: no entity {d.other!r}: see `anonymiser registry list`") from None
                registry.separate(entity.id, group_key(entity.label, d.text))
                record.update({"entity": entity.id})
            else:
                record.update({"file": d.file, "label": d.label})
            record["decided"] = d.decided or _now()
            if d.note:
                record["note"] = d.note
            log(record)
            registry.record_decision(d.key, d.kind)
            records.append(record)
    return records


def _one(registry: PseudonymRegistry, ref: str, decision: Decision) -> str | None:
    ids = resolve_reference(registry, ref)
    if len(ids) > 1:
        raise ConfigError(
            f"{decision.where}: {ref!r} names {len(ids)} entities ({', '.join(ids)}): use an entity id instead"
        )
    return ids[0] if ids else None


def append_decisions(path: Path, decisions: list[Decision]) -> None:
    """Add decisions to review.yaml (created owner-only with its template if missing), keeping what is there."""
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(REVIEW_TEMPLATE, encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    text += "".join(d.as_line() + "\n" for d in decisions)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(path)
    load_decisions(path)  # what was written must read back


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
