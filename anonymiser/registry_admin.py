"""Managing the registry by hand: show, rename, add an alias, merge, split, import a key.

Every change is checked (a pseudonym never equals an original, a surrogate
never serves two entities) and written to the audit log with its time, so the
anonymisation record stays complete.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, ProjectError
from .models import Label
from .project import Project
from .registry import EntityRecord, PseudonymRegistry
from .resolve import group_key

PARTS = ("full", "first", "last")


@dataclass(frozen=True)
class EntityView:
    """An entity with its aliases and files, for `registry show`."""

    entity: EntityRecord
    aliases: tuple[tuple[str, str], ...]  # (alias, part)
    files: tuple[str, ...]


@contextmanager
def _open(project: Path | str, *, change: bool = True) -> Iterator[tuple[Project, PseudonymRegistry]]:
    """The project and its registry; a change waits for the project's lock, so no run is under way."""
    proj = Project(project)
    with proj.lock(wait=True) if change else nullcontext(), proj.open_registry(create=False) as registry:
        yield proj, registry


def _get(registry: PseudonymRegistry, entity_id: str) -> EntityRecord:
    try:
        return registry.get(entity_id)
    except KeyError as exc:
        raise ConfigError(f"no entity {entity_id!r} in the registry: see `anonymiser registry list`") from exc


def _audit(proj: Project, record: dict[str, object]) -> None:
    log = proj.open_audit()
    try:
        log.write({"type": "registry", **record})
    finally:
        log.close()


def show(project: Path | str, entity_id: str) -> EntityView:
    """One entity, its aliases and the files it was seen in."""
    with _open(project, change=False) as (_, registry):
        entity = _get(registry, entity_id)
        aliases = tuple((alias, part) for _, alias, _, _, part in registry.aliases(entity_id))
        return EntityView(entity, aliases, tuple(registry.files(entity_id)))


def _check_pseudonym(registry: PseudonymRegistry, entity: EntityRecord, pseudonym: str) -> None:
    if not pseudonym.strip():
        raise ConfigError("a pseudonym cannot be empty")
    keys = registry.original_keys()
    for word in [pseudonym, *pseudonym.split()]:
        if group_key(entity.label, word) in keys:
            raise ConfigError(f"{pseudonym!r} is (or contains) an original in the registry: choose another pseudonym")
    for other in registry.entities():
        if other.id != entity.id and other.policy == "surrogate" and other.label == entity.label:
            if other.pseudonym.casefold() == pseudonym.casefold():
                raise ConfigError(f"{pseudonym!r} already serves {other.id}: choose another pseudonym")


def rename(project: Path | str, entity_id: str, pseudonym: str) -> EntityRecord:
    """Choose an entity's pseudonym by hand ("Linda Hughes", or a descriptor "[drug service]")."""
    with _open(project) as (proj, registry):
        entity = _get(registry, entity_id)
        _check_pseudonym(registry, entity, pseudonym)
        words = pseudonym.split()
        first, last = (words[0], words[-1]) if entity.policy == "surrogate" and len(words) >= 2 else (pseudonym, "")
        with registry.transaction():
            registry.db.execute(
                "UPDATE entities SET pseudonym = ?, pseudo_first = ?, pseudo_last = ? WHERE id = ?",
                (pseudonym, first if entity.policy == "surrogate" else "", last, entity_id),
            )
            registry.bump_generation()
        _audit(proj, {"action": "rename", "entity": entity_id, "from": entity.pseudonym, "to": pseudonym})
        return registry.get(entity_id)


def add_alias(project: Path | str, entity_id: str, alias: str, part: str = "full") -> None:
    """Tell the registry another surface form of an entity (a nickname, a misspelling)."""
    if part not in PARTS:
        raise ConfigError(f"part must be one of {', '.join(PARTS)}, not {part!r}")
    with _open(project) as (proj, registry):
        entity = _get(registry, entity_id)
        with registry.transaction():
            registry.add_alias(entity_id, alias, group_key(entity.label, alias), part)
            registry.bump_generation()
        _audit(proj, {"action": "alias add", "entity": entity_id, "alias": alias, "part": part})


def merge(project: Path | str, keep_id: str, other_id: str) -> None:
    """Make two entities one: ``other_id``'s aliases and files move to ``keep_id``, which keeps its pseudonym."""
    with _open(project) as (proj, registry):
        keep, other = _get(registry, keep_id), _get(registry, other_id)
        if keep.label != other.label:
            raise ConfigError(f"cannot merge a {keep.label} with a {other.label}")
        with registry.transaction():
            registry.merge(keep_id, other_id)
        _audit(proj, {"action": "merge", "entity": keep_id, "merged": other_id, "retired_pseudonym": other.pseudonym})


def split(project: Path | str, entity_id: str, alias: str) -> str:
    """Make one alias a separate entity (two people wrongly linked), for good; returns what happens next.

    The new entity gets its pseudonym at the next run that meets it.
    """
    with _open(project) as (proj, registry):
        entity = _get(registry, entity_id)
        key = group_key(entity.label, alias)
        rows = [row for row in registry.aliases(entity_id) if group_key(entity.label, row[1]) == key]
        if not rows:
            raise ConfigError(f"{entity_id} has no alias {alias!r}: see `anonymiser registry show {entity_id}`")
        with registry.transaction():
            registry.separate(entity_id, key)
        _audit(proj, {"action": "split", "entity": entity_id, "alias": alias})
        return f"next run: {alias!r} becomes a new entity"


def import_key(project: Path | str, path: Path) -> int:
    """Honour a team's existing key: CSV rows of original, pseudonym[, label]; returns entities added.

    An original already in the registry keeps its pseudonym; the rest are
    created with the pseudonym given, and later runs use it.
    """
    proj = Project(project).create()
    with proj.lock(wait=True), proj.open_registry() as registry:
        try:
            rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the key file ({exc.strerror})") from exc
        added = 0
        header = [c.strip().casefold() for c in rows[0]] if rows else []
        if header[:2] == ["original", "pseudonym"] or header[:1] == ["entity_id"]:
            rows = rows[1:]
        if header[:1] == ["entity_id"]:  # our own export: id, label, pseudonym, originals, files, first_seen
            rows = [[o.strip(), r[2], r[1]] for r in rows for o in r[3].split("|") if o.strip()]
        with registry.transaction():
            registry.bump_generation()
            for number, row in enumerate(rows, start=2):
                if len(row) < 2 or not row[0].strip():
                    raise ConfigError(f"{path}:{number}: expected original, pseudonym[, label]")
                original, pseudonym = row[0].strip(), row[1].strip()
                label = row[2].strip().upper() if len(row) > 2 and row[2].strip() else "PERSON"
                if label not in Label.__members__:
                    raise ConfigError(f"{path}:{number}: unknown label {label!r}")
                key = group_key(label, original)
                if registry.find(label, key, "full"):
                    continue
                existing = [e for e in registry.entities() if e.label == label and e.pseudonym == pseudonym]
                if existing:
                    registry.add_alias(existing[0].id, original, key, "full")
                    continue
                words = pseudonym.split()
                surrogate = label == "PERSON" and not pseudonym.startswith("[")
                entity_id = registry.create(
                    label,
                    "person" if label == "PERSON" else "",
                    original,
                    "surrogate" if surrogate else "descriptor",
                    pseudonym,
                    f"<import {path.name}>",
                    pseudo_first=words[0] if surrogate else "",
                    pseudo_last=words[-1] if surrogate and len(words) > 1 else "",
                )
                registry.add_alias(entity_id, original, key, "full")
                if surrogate and len(original.split()) > 1 and len(words) > 1:
                    registry.add_alias(entity_id, original.split()[0], group_key(label, original.split()[0]), "first")
                    registry.add_alias(entity_id, original.split()[-1], group_key(label, original.split()[-1]), "last")
                added += 1
    if not proj.registry_path.exists():
        raise ProjectError(f"{proj.registry_path}: the registry could not be created")
    _audit(proj, {"action": "import", "file": str(path), "entities_added": added})
    return added
