"""The word lists detection and pseudonymisation draw on, loaded once per run.

Files live in ``lexicons/`` (see lexicons/SOURCES.md for provenance and
licences). Every lookup key is case-folded; the original spelling is kept for
display.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .resources import data_dir, folder_version
from .text import fold


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """A known place or service: its label, kind and region (e.g. "Fife")."""

    text: str
    label: str
    kind: str
    region: str = ""


@dataclass(frozen=True)
class Lexicons:
    """Every list, keyed by case-folded form."""

    first_names: dict[str, str] = field(default_factory=dict)  # name -> gender f/m/u
    name_origins: dict[str, str] = field(default_factory=dict)  # first name -> origin
    surnames: frozenset[str] = frozenset()
    surname_origins: dict[str, str] = field(default_factory=dict)  # surname -> origin
    nicknames: dict[str, tuple[str, ...]] = field(default_factory=dict)  # short -> full forms
    short_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # full (folded) -> short forms
    word_names: frozenset[str] = frozenset()  # names that are also ordinary words
    common_words: frozenset[str] = frozenset()  # ordinary lower-case English words
    proper_words: frozenset[str] = frozenset()  # the dictionary's proper nouns: Syrian, Monday, Facebook
    gazetteer: dict[str, GazetteerEntry] = field(default_factory=dict)  # places and services
    countries: frozenset[str] = frozenset()
    national_bodies: frozenset[str] = frozenset()
    allow: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()  # titles, kinship, demonyms, dialect: never a name
    version: str = ""

    @functools.cached_property
    def allow_phrases(self) -> frozenset[str]:
        """The allow list's entries of several words ("inter alia"): they keep every word inside them."""
        return frozenset(term for term in self.allow if " " in term)

    def is_common_word(self, word: str) -> bool:
        """True when the lower-cased word is an ordinary English word."""
        key = word.casefold()
        return key in self.common_words or key in self.word_names

    def is_name(self, word: str) -> bool:
        """True when the word is a known first name, surname or nickname."""
        key = word.casefold()
        if key in self.not_names:
            return False
        return key in self.first_names or key in self.surnames or key in self.nicknames


def _lines(path: Path) -> Iterator[list[str]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield [cell.strip() for cell in line.split("\t")]


def load_lexicons(folder: Path | None = None) -> Lexicons:
    """Load every list from ``folder`` (the package's lexicons by default)."""
    folder = folder or data_dir("lexicons")
    first: dict[str, str] = {}
    origins: dict[str, str] = {}
    for cells in _lines(folder / "first_names.tsv"):
        key = cells[0].casefold()
        gender = cells[1] if len(cells) > 1 else "u"
        # A name listed for both genders is unisex.
        first[key] = gender if first.get(key, gender) == gender else "u"
        if len(cells) > 2:
            origins.setdefault(key, cells[2])
    nicknames: dict[str, tuple[str, ...]] = {}
    for cells in _lines(folder / "nicknames.tsv"):
        if len(cells) > 1:
            fulls = tuple(f.strip() for f in cells[1].split(",") if f.strip())
            nicknames[cells[0].casefold()] = nicknames.get(cells[0].casefold(), ()) + fulls
    short_forms: dict[str, tuple[str, ...]] = {}  # the table read backwards, once
    for short, fulls in nicknames.items():
        for full in fulls:
            short_forms[fold(full)] = short_forms.get(fold(full), ()) + (short,)
    gazetteer: dict[str, GazetteerEntry] = {}
    for filename, label in (("places.tsv", "LOCATION"), ("services.tsv", "SERVICE")):
        for cells in _lines(folder / filename):
            entry = GazetteerEntry(
                cells[0], label, cells[1] if len(cells) > 1 else "", cells[2] if len(cells) > 2 else ""
            )
            gazetteer.setdefault(cells[0].casefold(), entry)
    return Lexicons(
        first_names=first,
        name_origins=origins,
        surnames=frozenset(c[0].casefold() for c in _lines(folder / "surnames.tsv")),
        surname_origins={c[0].casefold(): c[1] for c in _lines(folder / "surnames.tsv") if len(c) > 1},
        nicknames=nicknames,
        short_forms=short_forms,
        word_names=frozenset(c[0].casefold() for c in _lines(folder / "word_names.txt")),
        common_words=frozenset(c[0].casefold() for c in _lines(folder / "common_words.txt")),
        proper_words=frozenset(c[0].casefold() for c in _lines(folder / "proper_words.txt")),
        gazetteer=gazetteer,
        countries=frozenset(c[0].casefold() for c in _lines(folder / "countries.txt")),
        national_bodies=frozenset(c[0].casefold() for c in _lines(folder / "national_bodies.txt")),
        allow=frozenset(c[0].casefold() for c in _lines(folder / "allow.txt")),
        not_names=frozenset(c[0].casefold() for c in _lines(folder / "not_names.txt")),
        version=folder_version(folder),
    )
