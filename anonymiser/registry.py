"""The pseudonym registry: one SQLite file holding every real entity and its pseudonym.

It is the most sensitive file of a project: it maps every real name to its
pseudonym. It is created owner-only (0600; SQLite gives its journal the same
mode), kept in the project folder apart from the deposit, and never logged.

An entity has an id that reveals nothing ("P0007"), a label, a pseudonym
(a surrogate or a descriptor), and aliases: every surface form seen for it
("Dawn Mackie" full, "dawn" first, "Mackie" last), stored case-folded. The
schema carries a version; changes are named migrations recorded in the file.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import secrets
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag

from .encryption import Vault
from .errors import ProjectError
from .write import atomic_write

SCHEMA_VERSION = 5
MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_initial",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT '',
            canonical TEXT NOT NULL,
            policy TEXT NOT NULL,
            pseudonym TEXT NOT NULL,
            pseudo_first TEXT NOT NULL DEFAULT '',
            pseudo_last TEXT NOT NULL DEFAULT '',
            gender TEXT NOT NULL DEFAULT '',
            first_seen TEXT NOT NULL,
            first_file TEXT NOT NULL
        );
        CREATE UNIQUE INDEX surrogates_unique ON entities(label, pseudonym) WHERE policy = 'surrogate';
        CREATE TABLE aliases (
            entity_id TEXT NOT NULL REFERENCES entities(id),
            key TEXT NOT NULL,
            alias TEXT NOT NULL,
            part TEXT NOT NULL,
            PRIMARY KEY (entity_id, key, part)
        );
        CREATE INDEX aliases_by_key ON aliases(key, part);
        CREATE TABLE entity_files (
            entity_id TEXT NOT NULL REFERENCES entities(id),
            file TEXT NOT NULL,
            PRIMARY KEY (entity_id, file)
        );
        """,
    ),
    (
        # Review decisions: which were applied (by hash; their text is in the audit
        # log) and which aliases a human split off an entity, so no run links them again.
        "0002_review_decisions",
        """
        CREATE TABLE decisions (key TEXT PRIMARY KEY, kind TEXT NOT NULL, applied_at TEXT NOT NULL);
        CREATE TABLE separated (
            entity_id TEXT NOT NULL REFERENCES entities(id),
            key TEXT NOT NULL,
            PRIMARY KEY (entity_id, key)
        );
        """,
    ),
    (
        # Incremental runs: what each input's current output was made from. A
        # hand edit of the registry bumps meta 'generation', which every
        # fingerprint includes, so all outputs are made again after it.
        "0003_processed_inputs",
        """
        CREATE TABLE processed (
            file TEXT PRIMARY KEY,
            input_sha256 TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            output TEXT NOT NULL,
            output_sha256 TEXT NOT NULL
        );
        INSERT INTO meta VALUES ('generation', '0');
        """,
    ),
    (
        # Namesakes in different scopes a human said are different people: no longer listed for review.
        "0004_different_people",
        """
        CREATE TABLE different (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b));
        """,
    ),
    (
        # A lone name is looked up among the entities of its file's scope (from the files), and
        # one namesake elsewhere (the first by id): neither look-up grows with the namesakes a
        # large project holds.
        "0005_scoped_lookups",
        """
        CREATE INDEX entity_files_by_file ON entity_files(file, entity_id);
        DROP INDEX aliases_by_key;
        CREATE INDEX aliases_by_key ON aliases(key, part, entity_id);
        """,
    ),
]
ID_PREFIX = {"PERSON": "P", "LOCATION": "L", "SERVICE": "S", "CONTACT": "C", "DATE": "D", "AGE": "A"}
_VALUES_PER_QUERY = 500  # ids or files bound in one IN (...), well under SQLite's variable limit
# An entity with no alias of a part (bound as the last parameter): a first name never linked to a surname.
_WITHOUT_PART = " AND NOT EXISTS (SELECT 1 FROM aliases x WHERE x.entity_id = {entity} AND x.part = ?)"


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """One registry entity."""

    id: str
    label: str
    kind: str
    canonical: str
    policy: str
    pseudonym: str
    pseudo_first: str
    pseudo_last: str
    gender: str
    first_seen: str
    first_file: str


def _create_private(path: Path) -> None:
    """Create an empty file readable and writable by its owner only."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


class PseudonymRegistry:
    """The registry of one project. Open it with ``PseudonymRegistry(path)`` or ``(":memory:")``."""

    def __init__(self, path: Path | str, *, create: bool = True, vault: Vault | None = None) -> None:
        self.path = path
        self.vault = vault
        if str(path) != ":memory:":
            file = Path(path)
            if not file.exists():
                if not create:
                    raise ProjectError(
                        f"{file}: no registry here: run `anonymiser run` first or give the right --project"
                    )
                _create_private(file)
            elif not os.access(file, os.R_OK):
                raise ProjectError(f"{file}: the registry is not readable: check its permissions")
        try:
            if vault is None:
                self.db = sqlite3.connect(str(path), isolation_level=None)
            else:
                self.db = self._decrypted(Path(path), vault)
            self._sealed_changes = self.db.total_changes
            # label -> (entities, highest id number): read once, then kept as entities are created,
            # so that creating one costs no scan of all the others.
            self._label_stats: dict[str, tuple[int, int]] = {}
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 10000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise ProjectError(f"{path}: not a readable registry ({exc}): restore it from a backup") from exc

    @staticmethod
    def _decrypted(file: Path, vault: Vault) -> sqlite3.Connection:
        """An in-memory copy of an encrypted registry (plain names never touch the disk)."""
        db = sqlite3.connect(":memory:", isolation_level=None)
        blob = file.read_bytes()
        if blob:
            try:
                db.deserialize(vault.open(blob, b"registry"))
            except InvalidTag as exc:
                raise ProjectError(
                    f"{file}: the encrypted registry does not decrypt: restore it from a backup"
                ) from exc
        return db

    def _persist(self) -> None:
        """Seal the in-memory registry and replace the file atomically (encrypted projects, after a change only)."""
        if self.vault is None or self.db.total_changes == self._sealed_changes:
            return
        atomic_write(Path(self.path), self.vault.seal(self.db.serialize(), b"registry"), mode=0o600)
        self._sealed_changes = self.db.total_changes

    def close(self) -> None:
        """Close the database (sealing it first when the project is encrypted)."""
        self._persist()
        self.db.close()

    def __enter__(self) -> PseudonymRegistry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- schema -------------------------------------------------------------
    def _migrate(self) -> None:
        self.db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {row[0] for row in self.db.execute("SELECT name FROM migrations")}
        for name, script in MIGRATIONS:
            if name in done:
                continue
            with self.transaction():
                for statement in script.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
                if name == "0001_initial":
                    self.db.execute("INSERT INTO meta VALUES ('seed', ?)", (secrets.token_hex(32),))
                    self.db.execute("INSERT INTO meta VALUES ('created', ?)", (_now(),))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes so that a crash leaves all or none of them."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            self._label_stats.clear()
            raise
        self.db.execute("COMMIT")
        self._persist()

    @property
    def seed(self) -> str:
        """The project's secret seed: pseudonyms are drawn from it, never from the original."""
        return str(self.db.execute("SELECT value FROM meta WHERE key = 'seed'").fetchone()[0])

    def schema_version(self) -> int:
        """The schema version recorded in the file."""
        return int(self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])

    # --- reading ------------------------------------------------------------
    def get(self, entity_id: str) -> EntityRecord:
        """One entity by id."""
        row = self.db.execute("SELECT * FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise KeyError(entity_id)
        return EntityRecord(*row)

    def entities(self) -> list[EntityRecord]:
        """Every entity, by id."""
        return [EntityRecord(*row) for row in self.db.execute("SELECT * FROM entities ORDER BY id")]

    def find(self, label: str, key: str, part: str) -> list[str]:
        """Ids of the entities with this alias (case-folded key) as this part."""
        rows = self.db.execute(
            "SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.key = ? AND a.part = ? AND e.label = ? ORDER BY a.entity_id",
            (key, part, label),
        )
        return [r[0] for r in rows]

    def find_in_files(self, label: str, key: str, part: str, files: Sequence[str], *, without: str = "") -> list[str]:
        """``find``, among the entities seen in one of ``files``; ``without``: none with an alias of that part.

        The query starts from the files, so it costs what they hold, not
        every entity of the project with the same name.
        """
        found: set[str] = set()
        for i in range(0, len(files), _VALUES_PER_QUERY):
            chunk = tuple(files[i : i + _VALUES_PER_QUERY])
            rows = self.db.execute(
                "SELECT DISTINCT f.entity_id FROM entity_files f "
                "JOIN aliases a ON a.entity_id = f.entity_id AND a.key = ? AND a.part = ? "
                "JOIN entities e ON e.id = f.entity_id AND e.label = ? "
                f"WHERE f.file IN ({', '.join('?' * len(chunk))}){_WITHOUT_PART.format(entity='f.entity_id') if without else ''}",
                (key, part, label, *chunk, *((without,) if without else ())),
            )
            found.update(r[0] for r in rows)
        return sorted(found)

    def find_other(self, label: str, key: str, part: str, besides: Collection[str], *, without: str = "") -> str:
        """The first entity (by id) with this alias as this part that is none of ``besides``; "" if none."""
        excluded = tuple(besides)
        row = self.db.execute(
            "SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id "
            f"WHERE a.key = ? AND a.part = ? AND e.label = ? AND a.entity_id NOT IN ({', '.join('?' * len(excluded))})"
            f"{_WITHOUT_PART.format(entity='a.entity_id') if without else ''} ORDER BY a.entity_id LIMIT 1",
            (key, part, label, *excluded, *((without,) if without else ())),
        ).fetchone()
        return str(row[0]) if row else ""

    def aliases(self, entity_id: str | None = None) -> list[tuple[str, str, str, str, str]]:
        """(entity id, alias, label, kind, part) rows, for one entity or all."""
        sql = (
            "SELECT a.entity_id, a.alias, e.label, e.kind, a.part FROM aliases a JOIN entities e ON e.id = a.entity_id"
        )
        args: tuple[str, ...] = ()
        if entity_id is not None:
            sql += " WHERE a.entity_id = ?"
            args = (entity_id,)
        return list(self.db.execute(sql + " ORDER BY a.entity_id, a.part, a.key", args))

    def files(self, entity_id: str) -> list[str]:
        """The input files an entity was seen in."""
        return [
            r[0]
            for r in self.db.execute("SELECT file FROM entity_files WHERE entity_id = ? ORDER BY file", (entity_id,))
        ]

    def all_files(self) -> set[str]:
        """Every input file an entity was seen in."""
        return {r[0] for r in self.db.execute("SELECT DISTINCT file FROM entity_files")}

    def original_keys(self) -> set[str]:
        """Every alias, case-folded: what no surrogate may ever be."""
        return {r[0] for r in self.db.execute("SELECT key FROM aliases")}

    def surrogate_names(self) -> set[str]:
        """Every surrogate name and name part in use (case-folded)."""
        names: set[str] = set()
        for full, first, last in self.db.execute(
            "SELECT pseudonym, pseudo_first, pseudo_last FROM entities WHERE policy = 'surrogate'"
        ):
            names.update(x.casefold() for x in (full, first, last) if x)
        return names

    def pseudonyms(self) -> set[str]:
        """Every pseudonym and descriptor in use, as written in outputs."""
        out: set[str] = set()
        for full, first, last in self.db.execute("SELECT pseudonym, pseudo_first, pseudo_last FROM entities"):
            out.update(x for x in (full, first, last) if x)
        return out

    def count(self, label: str | None = None) -> int:
        """How many entities (of one label) the registry holds."""
        if label is None:
            return int(self.db.execute("SELECT COUNT(*) FROM entities").fetchone()[0])
        return self._stats(label)[0]

    def _stats(self, label: str) -> tuple[int, int]:
        """(entities, highest id number) of one label."""
        if label not in self._label_stats:
            count, top = self.db.execute(
                "SELECT COUNT(*), MAX(CAST(SUBSTR(id, 2) AS INTEGER)) FROM entities WHERE label = ?", (label,)
            ).fetchone()
            self._label_stats[label] = (int(count), int(top or 0))
        return self._label_stats[label]

    # --- writing ------------------------------------------------------------
    def create(
        self,
        label: str,
        kind: str,
        canonical: str,
        policy: str,
        pseudonym: str,
        file: str,
        pseudo_first: str = "",
        pseudo_last: str = "",
        gender: str = "",
    ) -> str:
        """Add an entity and return its new id."""
        count, top = self._stats(label)
        entity_id = f"{ID_PREFIX[label]}{top + 1:04d}"
        self.db.execute(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entity_id, label, kind, canonical, policy, pseudonym, pseudo_first, pseudo_last, gender, _now(), file),
        )
        self._label_stats[label] = (count + 1, top + 1)
        return entity_id

    def add_alias(self, entity_id: str, alias: str, key: str, part: str) -> None:
        """Record a surface form of an entity (no-op if known, or if a human split it off this entity)."""
        self.db.execute(
            "INSERT OR IGNORE INTO aliases SELECT ?, ?, ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM separated WHERE entity_id = ? AND key = ?)",
            (entity_id, key, alias, part, entity_id, key),
        )

    def merge(self, keep_id: str, other_id: str) -> None:
        """Make two entities one: ``other_id``'s aliases and files move to ``keep_id``."""
        self.db.execute("UPDATE OR IGNORE aliases SET entity_id = ? WHERE entity_id = ?", (keep_id, other_id))
        self.db.execute("DELETE FROM aliases WHERE entity_id = ?", (other_id,))
        self.db.execute("UPDATE OR IGNORE entity_files SET entity_id = ? WHERE entity_id = ?", (keep_id, other_id))
        self.db.execute("DELETE FROM entity_files WHERE entity_id = ?", (other_id,))
        pairs = self.db.execute("SELECT a, b FROM different WHERE a = ? OR b = ?", (other_id, other_id)).fetchall()
        self.db.execute("DELETE FROM different WHERE a = ? OR b = ?", (other_id, other_id))
        for a, b in pairs:
            self.set_different(keep_id, b if a == other_id else a)
        self.db.execute("UPDATE OR IGNORE separated SET entity_id = ? WHERE entity_id = ?", (keep_id, other_id))
        self.db.execute("DELETE FROM separated WHERE entity_id = ?", (other_id,))
        self.db.execute("DELETE FROM entities WHERE id = ?", (other_id,))
        self._label_stats.clear()
        self.bump_generation()

    def set_different(self, a: str, b: str) -> None:
        """Record that two entities are different people (namesakes in different scopes)."""
        self.db.execute("INSERT OR IGNORE INTO different VALUES (?, ?)", tuple(sorted((a, b))))

    def different_from(self, entity_id: str) -> set[str]:
        """The entities a decision said are different people from this one."""
        rows = self.db.execute(
            "SELECT b FROM different WHERE a = ? UNION SELECT a FROM different WHERE b = ?", (entity_id, entity_id)
        )
        return {r[0] for r in rows}

    def separate(self, entity_id: str, key: str) -> int:
        """Detach an alias from an entity for good; returns how many alias rows went."""
        removed = self.db.execute("DELETE FROM aliases WHERE entity_id = ? AND key = ?", (entity_id, key)).rowcount
        self.db.execute("INSERT OR IGNORE INTO separated VALUES (?, ?)", (entity_id, key))
        self.bump_generation()
        return int(removed)

    def generation(self) -> int:
        """How many hand edits (rename, merge, split, alias, import) the registry has had."""
        return int(self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])

    def bump_generation(self) -> None:
        """Record a hand edit: every output is made again at the next run."""
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    def processed(self, file: str) -> tuple[str, str, str, str] | None:
        """(input sha256, fingerprint, output rel path, output sha256) of an input's current output."""
        row = self.db.execute(
            "SELECT input_sha256, fingerprint, output, output_sha256 FROM processed WHERE file = ?", (file,)
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2], row[3])

    def set_processed(self, file: str, input_sha256: str, fingerprint: str, output: str, output_sha256: str) -> None:
        """Remember what an input's output was made from."""
        self.db.execute(
            "INSERT OR REPLACE INTO processed VALUES (?, ?, ?, ?, ?)",
            (file, input_sha256, fingerprint, output, output_sha256),
        )

    def set_fingerprint(self, files: list[str], fingerprint: str) -> None:
        """Mark outputs as made under ``fingerprint``."""
        self.db.executemany("UPDATE processed SET fingerprint = ? WHERE file = ?", [(fingerprint, f) for f in files])

    def decision_applied(self, key: str) -> bool:
        """Whether a review decision (by its hash) was applied before."""
        return self.db.execute("SELECT 1 FROM decisions WHERE key = ?", (key,)).fetchone() is not None

    def record_decision(self, key: str, kind: str) -> None:
        """Remember that a review decision was applied (its text goes to the audit log, not here)."""
        self.db.execute("INSERT OR IGNORE INTO decisions VALUES (?, ?, ?)", (key, kind, _now()))

    def add_file(self, entity_id: str, file: str) -> None:
        """Record that an entity appears in a file (no-op if known)."""
        self.db.execute("INSERT OR IGNORE INTO entity_files VALUES (?, ?)", (entity_id, file))

    def integrity_ok(self) -> bool:
        """SQLite's own integrity check."""
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
