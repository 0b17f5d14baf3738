"""Stage 4, pseudonymise: link each entity to the registry and render every mention.

A person gets one surrogate person (Faker's en_GB names, same gender where the
name lexicon knows it), drawn at random from the project's secret seed, never
derived from the original. Each alias renders the matching part: "Dawn
Mackie" -> "Linda Hughes", "Dawn" -> "Linda", "Mackie" -> "Hughes", with the
original's case ("DAWN" -> "LINDA"). Places, services and contacts get a
bracketed descriptor ("[district in Glasgow]", "[drug service]", "[phone
number]"), or, for contacts under the ``surrogate`` policy, values that reach
nobody (contacts.py); dates are generalised ("[date]", "[month]", "[year]")
or shifted; ages are kept. Per-label policy comes from the rules.

Linking: a full name links to the entity with that full name anywhere in the
project; a lone first name or surname links to the entity that has it within
the file's scope (the file itself unless the rules group files into scopes).
When two entities of the scope share it, the earliest is used and the mention
goes to review as an ambiguous alias; a namesake in another scope gets an
entity of its own and goes to review too, for a ``same`` decision if the two
are one person.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from faker import Faker

from .contacts import contact_surrogate
from .dateshift import offset_days, shift
from .lexicons import Lexicons
from .models import EntityGroup, Mention, PseudonymisedDocument, Replacement, ResolvedDocument, ReviewItem
from .places import place_surrogate
from .registry import EntityRecord, PseudonymRegistry
from .resolve import ABBREVIATIONS, group_key, is_first_name, pet_stems
from .rules import Rules
from .text import PhraseIndex, alnum_key, alnum_spans, case_shape, fold, name_words, spelled

_DIMINUTIVE_BEFORE = re.compile(r"(?<![\w'’])(?:[Ww]ee|[Bb]ig|WEE|BIG)[ \t]$")

# Origins a surrogate keeps (the lexicons' broad groups). "english", "other" and unknown draw from the
# British pools first, then from every pool.
KEPT_ORIGINS = frozenset(
    "scottish irish welsh south_asian eastern_european polish west_african east_african caribbean arabic chinese".split()
)
BRITISH_ORIGINS = frozenset("english scottish irish welsh".split())


def _of_origin(origin: str, wanted: str) -> bool:
    """Whether a name of ``origin`` belongs in a pool of ``wanted`` ("" any, "british" any of the four)."""
    return not wanted or origin == wanted or (wanted == "british" and origin in BRITISH_ORIGINS)


DATE_DESCRIPTORS = {"date": "[date]", "month": "[month]", "year": "[year]", "season": "[date]"}
MAX_ATTEMPTS = 200


def _seeded(seed: str, *parts: object) -> int:
    """A deterministic integer from the secret seed and a label/sequence, never the original."""
    message = ":".join(str(p) for p in parts).encode()
    return int.from_bytes(hmac.new(seed.encode(), message, hashlib.sha256).digest()[:8], "big")


# A pool of names to draw from: its key, the names, their cumulative weights (empty: all alike).
_Pool = tuple[str, list[str], list[float]]
DRAWS_BEFORE_SCAN = 12  # random draws from a pool before listing what is left in it


@dataclass
class SurrogateFactory:
    """Draws surrogate people that never equal an original and never repeat."""

    registry: PseudonymRegistry
    lexicons: Lexicons
    forbidden: set[str]  # case-folded originals of this run and the registry

    def __post_init__(self) -> None:
        self.faker = Faker("en_GB")
        self.used = self.registry.surrogate_names()
        self._pools: dict[str, list[str]] = {}
        self._surnames = sorted(n.title() for n in self.lexicons.surnames if n.isalpha())
        self._faker_pools: dict[str, _Pool] = {}
        self._spent: set[tuple[str, bool]] = set()  # (pool, fresh only) with nothing left to draw

    def _ok(self, name: str) -> bool:
        key = name.casefold()
        return (
            self._no_original(key) and key not in self.used and not self.lexicons.is_common_word(key) and name.isalpha()
        )

    def _pool(self, gender: str, origin: str = "") -> list[str]:
        """First names of one gender (and origin) beyond Faker's: the name lexicon's, for large projects."""
        key = f"{gender}:{origin}"
        if key not in self._pools:
            self._pools[key] = sorted(
                n.title()
                for n, g in self.lexicons.first_names.items()
                if g == gender and n.isalpha() and _of_origin(self.lexicons.name_origins.get(n, ""), origin)
            )
        return self._pools[key]

    def _surname_pool(self, origin: str) -> list[str]:
        key = f"surname:{origin}"
        if key not in self._pools:
            origins = self.lexicons.surname_origins
            self._pools[key] = [n for n in self._surnames if _of_origin(origins.get(n.casefold(), ""), origin)]
        return self._pools[key]

    def _faker_pool(self, kind: str) -> _Pool:
        """Faker's en_GB first names of one gender ("f", "m") or surnames ("last"), with its weights."""
        if kind in self._faker_pools:
            return self._faker_pools[kind]
        person = next(p for p in self.faker.providers if type(p).__module__.startswith("faker.providers.person"))
        source = {"f": person.first_names_female, "m": person.first_names_male, "last": person.last_names}[kind]
        names = list(source)
        weights = list(itertools.accumulate(source.values())) if isinstance(source, dict) else []
        self._faker_pools[kind] = (f"faker:{kind}", names, weights)
        return self._faker_pools[kind]

    def person(
        self, gender: str, sequence: int | str, first_origin: str = "", last_origin: str = "", family: str = ""
    ) -> tuple[str, str]:
        """A (first name, surname) pair for the sequence-th person entity.

        Where the name lexicons know the broad origin of the real first name or
        surname (South Asian, Polish, West African, Irish...), that part is
        drawn from names of the same origin, so the data keeps what it says
        about who took part; once every name of that origin serves an entity,
        one is used again (with another surname) before a name of another
        origin. Otherwise Faker's weighted en_GB names first and, once those
        are used up, the lexicons' wider pools. A surname is reused only when
        every pool is used up, then a first name; a full name never.
        ``family`` is the surname to keep: the surrogate of a real surname
        another person already has.
        """
        rng = random.Random(_seeded(self.registry.seed, "PERSON", sequence))
        pick = gender if gender in ("f", "m") else rng.choice(("f", "m"))
        # Of no known origin, or English: Faker's British names, then the lexicons' British ones, then any.
        british_firsts = [self._faker_pool(pick), (f"{pick}:british", self._pool(pick, "british"), [])]
        any_first = [(f"{pick}:", self._pool(pick), [])]
        british_lasts = [self._faker_pool("last"), ("surname:british", self._surname_pool("british"), [])]
        any_last = [("surname:", self._surnames, [])]
        if first_origin in KEPT_ORIGINS:
            own_firsts = [(f"{pick}:{first_origin}", self._pool(pick, first_origin), [])]
            other_firsts = british_firsts + any_first
        else:
            own_firsts, other_firsts = british_firsts, any_first
        if last_origin in KEPT_ORIGINS:
            own_lasts = [(f"surname:{last_origin}", self._surname_pool(last_origin), [])]
            other_lasts = british_lasts + any_last
        else:
            own_lasts, other_lasts = british_lasts, any_last
        for _ in range(MAX_ATTEMPTS):
            first = self._draw_kept(rng, own_firsts, other_firsts, reuse_own=True)
            last = family or self._draw_kept(rng, own_lasts, other_lasts, reuse_own=False)
            if first and last and f"{first} {last}".casefold() not in self.used:
                self.used.update({first.casefold(), last.casefold(), f"{first} {last}".casefold()})
                return first, last
        raise RuntimeError("the surrogate name pool is exhausted: add names to the lexicons")

    def _draw_kept(self, rng: random.Random, own: list[_Pool], others: list[_Pool], reuse_own: bool) -> str:
        """A name of the original's own origin if one is left, else of the other pools; fresh before used.

        With ``reuse_own``, a name of the own origin that already serves an
        entity comes before a fresh one of another origin: a Scottish first
        name stays Scottish when the project has used up the list's.
        """
        name = self._draw(rng, own, fresh=True)
        if not name and reuse_own:
            name = self._draw(rng, own, fresh=False)
        return name or self._draw(rng, own + others, fresh=True) or self._draw(rng, own + others, fresh=False)

    def _draw(self, rng: random.Random, pools: list[_Pool], fresh: bool) -> str:
        """A name from the first of ``pools`` with one left: unused by any entity (``fresh``) or merely usable.

        A few random draws first (weighted where the pool has weights); then,
        as a pool runs low, a choice among the names left in it. A pool with
        none left is skipped from then on: what is used stays used.
        """
        fits = self._ok if fresh else self._usable
        for key, names, weights in pools:
            if not names or (key, fresh) in self._spent:
                continue
            for _ in range(DRAWS_BEFORE_SCAN):
                name = rng.choices(names, cum_weights=weights)[0] if weights else rng.choice(names)
                if fits(name):
                    return name
            left = [n for n in names if fits(n)]
            if left:
                return rng.choice(left)
            self._spent.add((key, fresh))
        return ""

    def can_keep(self, name: str) -> bool:
        """Whether a surrogate already in use may serve another entity too: no original, no word."""
        return self._usable(name)

    def can_use(self, name: str) -> bool:
        """A name no original has, no ordinary word, and no entity's surrogate (for a surrogate's diminutive)."""
        return self._ok(name)

    def _usable(self, name: str) -> bool:
        """Acceptable even if already used by another entity: not an original, not a word."""
        key = name.casefold()
        return self._no_original(key) and not self.lexicons.is_common_word(key) and name.isalpha()

    def _no_original(self, key: str) -> bool:
        """Neither an original nor one give or take the "s" of a possessive typed without its apostrophe:
        "Harri" would render "gwyns mother" as "harris mother", and a Harris of the project would read as a
        leak; "Evans" would read as an Evan's."""
        return (
            key not in self.forbidden
            and key + "s" not in self.forbidden
            and not (key.endswith("s") and key[:-1] in self.forbidden)
        )


def diminutives(lexicons: Lexicons, first: str) -> list[str]:
    """The diminutives of a first name in the nickname lexicon, shorter than it ("Kath" of "Kathleen").

    The table also lists variants ("Siobhán" of "Joan"), which are no
    diminutives: the length test leaves them out.
    """
    return sorted(
        short.title()
        for short in set(lexicons.short_forms.get(fold(first), ()))
        if short.isalpha() and len(short) < len(first)
    )


def surrogate_forms(registry: PseudonymRegistry, lexicons: Lexicons) -> set[str]:
    """Every pseudonym and descriptor in use, with the diminutives a surrogate first name may be shown as.

    What the gate must not take for a leak: "Lou" in an output may be the
    diminutive of the surrogate "Louise" (``Pseudonymiser._short_form``).
    """
    forms = registry.pseudonyms()
    for entity in registry.entities():
        if entity.policy == "surrogate" and entity.pseudo_first:
            forms.update(diminutives(lexicons, entity.pseudo_first))
    return forms


def path_word_is_identifier(found: str, label: str, lexicons: Lexicons) -> bool:
    """Whether an original found in a file or folder name is the identifier there.

    Capitalised or multi-word it is ("Dawn_Mackie", "Possilpark"); a single
    lower-case word only when it is a place or service, or a person's name of
    four letters or more that is no ordinary word ("glasgow", "siobhan", but
    not "dev", "hope").
    """
    if not found.islower() or re.search(r"[\W_]", found):
        return True
    if label != "PERSON":
        return not lexicons.is_common_word(found)
    return len(found) >= 4 and not lexicons.is_common_word(found)


def match_case(original: str, replacement: str) -> str:
    """Give the replacement the original's capitalisation (lower, UPPER or as written)."""
    shape = case_shape(original)
    if shape == "lower":
        return replacement.lower()
    if shape == "upper":
        return replacement.upper()
    return replacement


def descriptor(kind: str, label: str, region: str = "", original: str = "") -> str:
    """The archive-style bracketed descriptor for a place, service or contact."""
    kind = kind or {"LOCATION": "place", "SERVICE": "organisation", "CONTACT": "contact"}.get(label, label.lower())
    if region and fold(region) != fold(original) and label == "LOCATION":
        return f"[{kind} in {region}]"
    return f"[{kind}]"


@dataclass(frozen=True, slots=True)
class Link:
    """A file's group settled to a registry entity.

    ``ambiguous``: other entities the alias fits; ``namesake``: an entity of
    the same lone name in another scope, not decided to be someone else;
    ``as_part``: the part a lone name turned out to be ("last" for
    "Brannigan" of a Will Brannigan), or "".
    """

    entity_id: str
    created: bool
    ambiguous: tuple[str, ...] = ()
    namesake: str = ""
    as_part: str = ""


@dataclass(frozen=True, slots=True)
class _Scoped:
    """A lone name looked up: the entities of the file's scope with it, and one of another scope ("" if none)."""

    inside: tuple[str, ...]
    elsewhere: str

    @property
    def any(self) -> bool:
        return bool(self.inside or self.elsewhere)


class Pseudonymiser:
    """Links resolved documents to the registry and renders their replacements."""

    def __init__(self, registry: PseudonymRegistry, rules: Rules, lexicons: Lexicons, forbidden: set[str]) -> None:
        self.registry = registry
        self.rules = rules
        self.lexicons = lexicons
        originals = registry.original_keys()
        # Every word of every original too: "Pritchard" of "Rhys Pritchard" is no surrogate surname.
        words = {w for key in originals for w in name_words(key)}
        self.surrogates = SurrogateFactory(registry, lexicons, forbidden | originals | words)
        self._path_index: PhraseIndex | None = None
        self._scope_members: dict[str, set[str]] = {}  # a rules scope's files the registry has seen
        self._families: dict[tuple[str, str], str] = {}  # (scope, a real surname's key) -> its surrogate surname

    def retire_surrogates(self, originals: set[str]) -> list[dict[str, str]]:
        """Give a new surrogate to every entity whose surrogate is now also an original.

        A surrogate drawn in an earlier run may be the real name of someone met
        later ("Gemma" chosen for Dawn, then a Gemma is interviewed): it would
        read as a leak, so it is replaced everywhere (the registry's generation
        changes, so every output is made again). Returns what changed, for the audit log.
        """
        # A surrogate clashes when it is an original give or take a bare possessive's "s" ("Harri", "Harris").
        near = {o[:-1] for o in originals if o.endswith("s")} | {o + "s" for o in originals}
        clashing = (originals | near) & self.surrogates.used
        if not clashing:
            return []
        self.surrogates.forbidden |= originals
        self._families.clear()  # a family's surname may be among those replaced
        changed = []
        renamed: dict[str, str] = {}  # an old surrogate surname -> the new one
        with self.registry.transaction():
            for entity in self.registry.entities():
                names = {x.casefold() for x in (entity.pseudonym, entity.pseudo_first, entity.pseudo_last) if x}
                if entity.policy != "surrogate" or entity.label != "PERSON" or not names & clashing:
                    continue
                words = entity.canonical.split()
                origins = self._origins(words[0] if len(words) > 1 else "", words[-1] if words else "")
                # A family keeps one surname: the new one of a relative renamed before, or its own if only the
                # first name clashed ("Carl Scott", when a Carl is met later, becomes "Derek Scott").
                kept = entity.pseudo_last if entity.pseudo_last.casefold() not in clashing else ""
                family = renamed.get(entity.pseudo_last.casefold(), kept)
                first, last = self.surrogates.person(
                    entity.gender, f"{entity.id}:{self.registry.generation()}", *origins, family=family
                )
                renamed.setdefault(entity.pseudo_last.casefold(), last)
                self.registry.db.execute(
                    "UPDATE entities SET pseudonym = ?, pseudo_first = ?, pseudo_last = ? WHERE id = ?",
                    (f"{first} {last}", first, last, entity.id),
                )
                self.registry.bump_generation()
                changed.append({"entity": entity.id, "from": entity.pseudonym, "to": f"{first} {last}"})
        return changed

    def pseudonymise(self, resolved: ResolvedDocument) -> PseudonymisedDocument:
        """Replacements for one document, creating registry entities on first sight.

        Example:
            >>> out = Pseudonymiser(registry, rules, lexicons, set()).pseudonymise(resolved)  # doctest: +SKIP
            >>> [(r.original, r.replacement) for r in out.replacements]
            [('Dawn Mackie', 'Linda Hughes'), ('Possilpark', '[district in Glasgow]')]
        """
        file = resolved.document.rel_path
        self._scope_files(file)  # the file is one of its scope's from now on
        review: list[ReviewItem] = list(resolved.review)
        entity_of: dict[int, str] = {}
        as_part: dict[int, str] = {}  # a lone name the registry knows as another part ("Brannigan": a surname)
        new: list[str] = []
        known: list[str] = []
        with self.registry.transaction():
            for index, group in enumerate(resolved.groups):
                policy = self.rules.policy_for(group.label)
                if group.label in ("DATE", "AGE") or policy == "keep":
                    continue
                link = self._link(group, file, policy)
                entity_id, ambiguous, namesake = link.entity_id, link.ambiguous, link.namesake
                entity_of[index] = entity_id
                if link.as_part:
                    as_part[index] = link.as_part
                (new if link.created else known).append(entity_id)
                reason = ""
                if ambiguous:
                    reason = f"ambiguous alias: linked to {entity_id}, also {', '.join(ambiguous)}"
                elif namesake:
                    reason = f"namesake: {entity_id} here, {namesake} in another scope; one person only if decided"
                if reason:
                    review.extend(
                        ReviewItem(m.start, m.end, m.label, m.text, m.source, m.score, reason)
                        for m in resolved.mentions
                        if m.group == index
                    )
            mentions = [
                dataclasses.replace(m, part=as_part[m.group]) if m.group in as_part else m for m in resolved.mentions
            ]
            for mention in mentions:
                if mention.group in entity_of:
                    eid = entity_of[mention.group]
                    if mention.part != "initials":  # "KB" is no name to look for in every other file
                        self.registry.add_alias(eid, mention.text, self._alias_key(mention), mention.part)
                    self.registry.add_file(eid, file)
            for index, eid in entity_of.items():
                group = resolved.groups[index]
                if group.label == "PERSON" and group.last and group.first != group.last:
                    # A full name's parts are its aliases too: "Brannigan" in the next file of the scope,
                    # "Kavanagh" of "M. Kavanagh"; never a word the lexicons know is no name ("nae" of a
                    # model's "nae mair").
                    parts = ((group.first, "first"), (group.last, "last")) if group.first else ((group.last, "last"),)
                    for word, part in parts:
                        if fold(word) not in self.lexicons.not_names and fold(word) not in self.lexicons.allow:
                            self.registry.add_alias(eid, word, group_key("PERSON", word), part)
        replacements = []
        scope = self.rules.scope_of(file)
        date_scope = scope.removeprefix("scope:") if scope.startswith("scope:") else ""  # else the project's
        text = resolved.document.text
        for mention in mentions:
            rendered = self._render(mention, entity_of.get(mention.group), date_scope)
            if rendered is not None:
                # "wee Ruby", "Big Tam": the diminutive is part of the name's mention (../shared/ANNOTATION.md);
                # it stays in the output, so the replacement carries it over: "wee Amber".
                before = _DIMINUTIVE_BEFORE.search(text, max(0, mention.start - 5), mention.start)
                lead = before.group(0) if before and mention.label == "PERSON" else ""
                replacements.append(
                    Replacement(
                        mention.start - len(lead),
                        mention.end,
                        mention.label,
                        lead + mention.text,
                        lead + rendered,
                        entity_of.get(mention.group, ""),
                        mention.source,
                        mention.rule,
                        mention.score,
                    )
                )
        return PseudonymisedDocument(
            resolved.document,
            tuple(replacements),
            tuple(review),
            tuple(dict.fromkeys(new)),
            tuple(dict.fromkeys(known)),
        )

    @staticmethod
    def _alias_key(mention: Mention) -> str:
        return group_key(mention.label, mention.text)

    def _link(self, group: EntityGroup, file: str, policy: str) -> Link:
        """The registry entity a file's group is, found or created.

        A full name links anywhere in the project. A lone first name or
        surname (or a full name meeting an entity known by its first name
        only) links only to an entity of the file's scope (rules ``scopes``;
        by default the file): elsewhere the same name may be someone else, so
        it gets an entity of its own, and the namesakes are listed for review
        at every run until a decision joins them.
        """
        find: Callable[[str, str], list[str]] = lambda key, part: self.registry.find(group.label, key, part)  # noqa: E731
        scoped: _Scoped | None = None
        as_part = ""
        hits: list[str] = []
        if group.label == "PERSON":
            first = group_key("PERSON", group.first) if group.first else ""
            last = group_key("PERSON", group.last) if group.last else ""
            if first and last:
                hits = find(group.key, "full")
                known_last = set(find(last, "last")) if not hits else set()
                if not hits:  # known by both parts apart: "Mrs Abubakar, Halima"
                    hits = [e for e in find(first, "first") if e in known_last]
                if not hits:  # "Shiv O'Neill" of the Siobhan O'Neill of this scope
                    hits = [e for e in self._by_full_form(first, file).inside if e in known_last]
                if not hits:
                    scoped = self._scoped(first, "first", file, without="last")
            elif first:
                scoped = self._scoped(first, "first", file)
                if not scoped.any:
                    scoped = self._by_full_form(first, file)
                if not scoped.any and not is_first_name(first, self.lexicons):
                    scoped = self._scoped(first, "last", file)  # "Brannigan", a surname no lexicon knows
                    as_part = "last" if scoped.any else ""
            else:
                scoped = self._scoped(last, "last", file)
                for stem in pet_stems(last):
                    if not scoped.any:
                        scoped = self._scoped(stem, "last", file)  # "Reidy" of a Reid met before
        else:
            hits = find(group.key, "full")
        if scoped is not None:
            if scoped.inside:
                return Link(scoped.inside[0], False, scoped.inside[1:], scoped.elsewhere, as_part)
            return Link(self._create(group, file, policy), True, (), scoped.elsewhere)
        if hits:
            return Link(hits[0], False, tuple(hits[1:]))
        return Link(self._create(group, file, policy), True)

    def _scoped(self, key: str, part: str, file: str, without: str = "") -> _Scoped:
        """The person entities with this alias as this part: those of the file's scope, and one elsewhere.

        Looked up from the scope's files: a common first name has a namesake
        in nearly every file of a large project, and the cost of a look-up
        must not grow with them. The one elsewhere is none a decision said is
        someone else than the first inside. ``without``: entities with no
        alias of that part.
        """
        inside = self.registry.find_in_files("PERSON", key, part, self._scope_files(file), without=without)
        besides = {*inside, *(self.registry.different_from(inside[0]) if inside else ())}
        return _Scoped(tuple(inside), self.registry.find_other("PERSON", key, part, besides, without=without))

    def _scope_files(self, file: str) -> list[str]:
        """The files of this file's scope: the file itself, or the files of its rules scope seen so far."""
        scope = self.rules.scope_of(file)
        if not scope.startswith("scope:"):
            return [file]
        if scope not in self._scope_members:
            self._scope_members[scope] = {f for f in self.registry.all_files() if self.rules.scope_of(f) == scope}
        self._scope_members[scope].add(file)
        return sorted(self._scope_members[scope])

    def _by_full_form(self, short: str, file: str) -> _Scoped:
        """The entity of this scope known by a full form of a short name ("Tam": a Thomas), if just one.

        Another short form of that name ("Rab" for "Boaby") counts only when no
        full form does, as inside a file. An entity of another scope known by
        one is a namesake.
        """
        inside: list[str] = []
        elsewhere = ""
        fulls = self.lexicons.nicknames.get(short, ())
        for names in (
            [group_key("PERSON", f) for f in fulls],
            [group_key("PERSON", d) for f in fulls for d in diminutives(self.lexicons, f)],
        ):
            for name in names:
                found = self._scoped(name, "first", file)
                inside += [e for e in found.inside if e not in inside]
                elsewhere = elsewhere or found.elsewhere
            if inside or elsewhere:
                break
        return _Scoped(tuple(inside) if len(inside) == 1 else (), elsewhere)

    def _create(self, group: EntityGroup, file: str, policy: str) -> str:
        if group.label == "PERSON" and policy == "surrogate":
            gender = self.lexicons.first_names.get(fold(group.first), "u") if group.first else "u"
            if gender == "u" and group.gender:
                gender = group.gender  # "Mrs Mackie": no first name, but a title
            sequence = self.registry.count("PERSON") + 1
            family = self._family_surname(group.last, file) if group.last else ""
            first, last = self.surrogates.person(
                gender, sequence, *self._origins(group.first, group.last), family=family
            )
            if group.last:
                self._families[self._family_key(group.last, file)] = last
            return self.registry.create(
                "PERSON",
                "person",
                group.canonical,
                policy,
                f"{first} {last}",
                file,
                pseudo_first=first,
                pseudo_last=last,
                gender=gender,
            )
        region = ""
        entry = self.lexicons.gazetteer.get(fold(group.canonical))
        if entry is not None and entry.label == group.label:
            region = entry.region
        kind = group.kind if group.label != "PERSON" else "person"
        text = descriptor(kind, group.label, region, group.canonical)
        if group.label == "CONTACT" and policy == "surrogate":
            text = self._contact(kind, group.canonical) or text
        elif group.label in ("LOCATION", "SERVICE") and policy == "surrogate":
            text = self._place(group)
        return self.registry.create(group.label, kind, group.canonical, policy, text, file)

    def _family_key(self, surname: str, file: str) -> tuple[str, str]:
        scope = self.rules.scope_of(file)
        return (scope if scope.startswith("scope:") else f"file:{file}", group_key("PERSON", surname))

    def _family_surname(self, surname: str, file: str) -> str:
        """The surrogate surname of another person of this scope with this real surname ("" if none).

        One family, one surname: "Tyler Bagnall" and his dad "Dean Bagnall"
        stay a family in the output, and a "Mrs Bagnall" or "Bagnall" said
        alone reads right whichever of them it means. Only inside the file, or
        its participant scope: across a project, shared surrogate surnames
        would repeat how common each real surname is.
        """
        key = self._family_key(surname, file)
        if not self._families.get(key):
            for entity_id in self.registry.find_in_files("PERSON", key[1], "last", self._scope_files(file)):
                entity = self.registry.get(entity_id)
                if entity.policy == "surrogate" and entity.pseudo_last and self.surrogates.can_keep(entity.pseudo_last):
                    self._families[key] = entity.pseudo_last
                    break
        return self._families.get(key, "")

    def _place(self, group: EntityGroup) -> str:
        """A fictional place or service name: no real place, person's name or word, no original, unused."""
        taken = {fold(p) for p in self.registry.pseudonyms()}
        sequence = self.registry.count(group.label) + 1
        for attempt in range(MAX_ATTEMPTS):
            rng = random.Random(_seeded(self.registry.seed, group.label, sequence, attempt))
            value = place_surrogate(group.label, group.kind, group.canonical, rng)
            head = fold(value.split()[0])
            if (
                fold(value) not in taken
                and fold(value) not in self.surrogates.forbidden
                and head not in self.surrogates.forbidden
                and head not in self.lexicons.gazetteer
                and not self.lexicons.is_name(head)
                and not self.lexicons.is_common_word(head)
            ):
                return value
        raise RuntimeError(f"no unused fictional {group.label.lower()} name left")

    def _contact(self, kind: str, original: str) -> str | None:
        """A contact surrogate no other entity has (a range of 1,000 drama numbers is soon shared)."""
        taken = self.registry.pseudonyms()
        sequence = self.registry.count("CONTACT") + 1
        for attempt in range(MAX_ATTEMPTS):
            value = contact_surrogate(kind, original, sequence + attempt * 997)
            if value is None or (value not in taken and fold(value) not in self.surrogates.forbidden):
                return value  # unused, and no original (a transcript may quote a drama number)
        raise RuntimeError(f"no unused {kind} surrogate left")

    def _render(self, mention: Mention, entity_id: str | None, date_scope: str = "") -> str | None:
        """A mention's replacement; dates in a named scope shift by that scope's own offset."""
        policy = self.rules.policy_for(mention.label)
        if policy == "keep":
            return None
        if mention.label == "DATE":
            if policy == "shift":
                shifted = shift(mention.text, offset_days(self.registry.seed, date_scope))
                if shifted is not None:
                    return shifted
            return DATE_DESCRIPTORS.get(mention.kind, "[date]")
        if mention.label == "AGE":
            return "[age]"
        if entity_id is None:
            return None
        return self._entity_text(entity_id, mention.part, mention.text)

    def _entity_text(self, entity_id: str, part: str, original: str) -> str:
        """An entity's pseudonym in the alias form and case of ``original``; spelled out if it was."""
        word = spelled(original)
        entity = self.registry.get(entity_id)
        if word and entity.policy == "surrogate":
            shown = self._entity_text(entity_id, part, word)
            return original[1].join(c for c in shown.upper() if c.isalpha()) if " " not in shown else shown
        if entity.policy != "surrogate":
            return entity.pseudonym
        if part == "first":
            return match_case(original, self._short_form(entity, original) or entity.pseudo_first)
        if part == "last":
            return match_case(original, entity.pseudo_last)
        if part == "initials":  # "KB" -> "SH", "K. N." -> "S. H."; the first name where those spell something
            shown = entity.pseudo_first[:1].upper() + entity.pseudo_last[:1].upper()
            if not self._initials_free(shown):
                return entity.pseudo_first  # "NA" would read as Narcotics Anonymous, an original
            letters = iter(shown)
            return re.sub(
                r"[A-Z]\.?", lambda m: (c + m.group(0)[1:]) if (c := next(letters, "")) else "", original
            ).strip()
        if part == "initial":  # "M. Kavanagh" -> "S. Hughes"
            surname = original.split()[-1]
            between = original[1 : len(original) - len(surname)]
            return f"{entity.pseudo_first[:1].upper()}{between}{match_case(surname, entity.pseudo_last)}"
        return match_case(original, entity.pseudonym)

    def _initials_free(self, letters: str) -> bool:
        """Initials that are no original, abbreviation, listed term, place, name or word ("NA", "SW", "MK", "AM")."""
        key = fold(letters)
        lex = self.lexicons
        return not (
            key in self.surrogates.forbidden
            or letters in ABBREVIATIONS
            or key in lex.allow
            or key in lex.national_bodies
            or key in lex.gazetteer
            or lex.is_name(key)
            or lex.is_common_word(key)
        )

    def _origins(self, first: str, last: str) -> tuple[str, str]:
        """The broad origins the lexicons give a real first name and surname ("" where unknown)."""
        lex = self.lexicons
        return lex.name_origins.get(fold(first), "") if first else "", lex.surname_origins.get(
            fold(last), ""
        ) if last else ""

    def _short_form(self, entity: EntityRecord, original: str) -> str | None:
        """The surrogate's own diminutive when ``original`` is one of the real first name ("Megs" of "Megan").

        Chosen from ``diminutives`` by the secret seed; never an original, an
        ordinary word or another entity's surrogate name. None when the
        surrogate's first name has no such diminutive.
        """
        words = entity.canonical.split()
        said = fold(original)
        if not words or said == fold(words[0]) or fold(words[0]) not in self._full_forms(said):
            return None
        usable = [short for short in diminutives(self.lexicons, entity.pseudo_first) if self.surrogates.can_use(short)]
        return usable[_seeded(self.registry.seed, "DIMINUTIVE", entity.id) % len(usable)] if usable else None

    def _full_forms(self, short: str) -> set[str]:
        return {fold(n) for n in self.lexicons.nicknames.get(short, ())}

    def rename(self, rel_path: str) -> str:
        """Pseudonymise the identifiers in a relative path ("Dawn_Mackie/interview2.docx").

        Every registry original found in a folder or file name (separated by
        spaces, "_", "-" or ".") is replaced by its pseudonym, written with the
        name's own separator; descriptors lose their brackets.
        """
        if self._path_index is None:
            phrases = {}
            for entity_id, alias, label, _kind, part in self.registry.aliases():
                key = alnum_key(alias)
                if key and (len(key) > 1 or len(key[0]) > 2):
                    phrases.setdefault(key, (entity_id, part, label))
            self._path_index = PhraseIndex(phrases, loose=True)  # type: ignore[arg-type]
        parts = rel_path.split("/")
        renamed = []
        for i, component in enumerate(parts):
            stem, dot, suffix = (
                component.rpartition(".") if i == len(parts) - 1 and "." in component else (component, "", "")
            )
            separator = "_" if "_" in stem else "-" if "-" in stem else " "
            out, pos = [], 0
            for start, end, value in self._path_index.find(stem, alnum_spans(stem)):
                entity_id, part, label = value  # type: ignore[misc]
                if not path_word_is_identifier(stem[start:end], label, self.lexicons):
                    continue
                text = self._entity_text(entity_id, part, stem[start:end]).strip("[]")
                out.append(stem[pos:start])
                out.append(re.sub(r"[^\w-]+", separator, text))
                pos = end
            out.append(stem[pos:])
            renamed.append("".join(out) + dot + suffix)
        return "/".join(renamed)
