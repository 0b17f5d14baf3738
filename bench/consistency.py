"""Pseudonym consistency on the fixtures: one real person, one pseudonym, every alias rendered to match.

Runs ``anonymiser run`` over all fixtures in a fresh project, then joins the
gold annotations (whose ``entity`` ids name one real thing across files) with
the audit log's replacements and the registry, and prints:

- gold entities with more than one pseudonym: a person whose mentions went to
  two registry entities (an alias not linked);
- pseudonyms shared by two entities: one registry entity serving two gold people
  (aliases merged wrongly), and surrogate names used by two registry entities;
- surrogates equal to an original: a surrogate name (or part) that is a real
  person's name anywhere in the fixtures;
- gender mismatches: a surrogate first name whose gender (name lexicon) differs
  from the original first name's, where both are known;
- origins kept: of the name parts (full names' first names, surnames) whose
  broad origin the lexicons know, how many got a surrogate part of that origin;
  of those English or of no known origin, how many got a British (English,
  Scottish, Irish, Welsh) surrogate part;
- alias forms rendered with the matching surrogate part (initials as the surrogate's initials): a first name as the
  surrogate's first name, a surname (or title + surname) as its surname, a full
  name as the full surrogate, case and possessive kept.

Only PERSON entities with the surrogate policy are scored; places and services
get shared descriptors by design. Usage: python bench/consistency.py [--details]
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from anonymiser.resolve import SURNAME_PARTICLES, is_first_name
from anonymiser.text import SPELLED

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPTS = ROOT / "fixtures" / "transcripts"
KEY = ROOT / "fixtures" / "key.yaml"
TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+", re.IGNORECASE)


def _gold() -> dict[str, list[dict[str, object]]]:
    gold = {}
    for path in sorted(TRANSCRIPTS.glob("*.gold.jsonl")):
        name = path.name.removesuffix(".gold.jsonl")
        source = next(p for p in TRANSCRIPTS.glob(f"{name}.*") if not p.name.endswith(".gold.jsonl"))
        gold[source.name] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return gold


def _part_ok(original: str, replacement: str, entity: object, nicknames: dict[str, tuple[str, ...]]) -> bool:
    """Whether a replacement renders the part of the surrogate the original is (a diminutive may render as one).

    A double first name ("mary jane" of "mary jane doig") renders as the
    surrogate's first name; a spelled-out name ("N-O-W-I-C-K-A") as spelled.
    """
    first, last, canonical = entity.pseudo_first, entity.pseudo_last, entity.canonical  # type: ignore[attr-defined]
    if SPELLED.match(original):
        return SPELLED.match(replacement) is not None and _part_ok(original[::2], replacement[::2], entity, nicknames)
    diminutive = re.match(r"(?:wee|big)\s+", original, re.IGNORECASE)
    if diminutive:  # "wee Ruby" -> "wee Amber": the diminutive stays, the name is rendered
        lead = diminutive.group(0)
        if not replacement.startswith(lead):
            return False
        return _part_ok(original[len(lead) :], replacement[len(lead) :], entity, nicknames)
    bare = re.sub(r"['’]s$", "", original)
    shown = re.sub(r"['’]s$", "", replacement)
    words_of_canonical = canonical.casefold().split()
    if (
        len(bare.split()) >= 2
        and words_of_canonical[: len(bare.split())] == bare.casefold().split() != words_of_canonical
    ):
        return shown.casefold() == first.casefold()
    title = TITLE.match(bare)
    words = bare[title.end() :].split() if title else bare.split()
    initial = re.match(r"^[^\W\d_]\.?\s+(?=\S+$)", bare)
    if title:
        expected = f"{bare[: title.end()]}{last}"
    elif len(words) == 2 and words[0].casefold() in SURNAME_PARTICLES:
        expected = last  # "Ó Dochartaigh": a surname of two words
    elif initial:  # "M. Kavanagh" -> "S. Hughes"
        expected = f"{first[:1]}{bare[1 : initial.end()]}{last}"
    elif len(words) >= 2:
        expected = f"{first} {last}"
    else:
        expected = None  # one word: the first name or the surname
    candidates = [expected] if expected else [first, last]
    fulls = {n.casefold() for n in nicknames.get(shown.casefold(), ())}
    diminutive = not title and len(words) == 1 and first.casefold() in fulls
    return (diminutive or any(shown.casefold() == c.casefold() for c in candidates)) and (
        not bare.isupper() or shown.isupper() or len(bare) <= 1
    )


def measure(key: Path | None, details: bool) -> None:
    """Run the fixtures in a fresh project (with ``key`` as its rules, if given) and print the figures."""
    import anonymiser
    from anonymiser.audit import read_records
    from anonymiser.lexicons import load_lexicons
    from anonymiser.project import Project

    gold = _gold()
    lexicons = load_lexicons()
    with tempfile.TemporaryDirectory() as tmp:
        raw, out, project = Path(tmp) / "raw", Path(tmp) / "out", Path(tmp) / "project"
        raw.mkdir()
        for name in gold:
            shutil.copy2(TRANSCRIPTS / name, raw / name)
        if key is not None:
            project.mkdir(mode=0o700)
            shutil.copy2(key, project / "rules.yaml")
        summary = anonymiser.run(raw, out, project)
        records = list(read_records(project / "audit.jsonl"))
        replacements = [r for r in records if r["type"] == "replacement"]
        flags = [r for r in records if r["type"] == "review" and str(r["reason"]).startswith(("namesake", "ambiguous"))]
        with Project(project).open_registry(create=False) as registry:
            entities = {e.id: e for e in registry.entities()}
    by_file: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in replacements:
        by_file[str(r["file"])].append(r)

    registry_of: dict[str, set[str]] = defaultdict(set)  # gold entity -> registry entities
    gold_of: dict[str, set[str]] = defaultdict(set)  # registry entity -> gold entities
    unflagged: set[tuple[str, str]] = set()  # (registry entity, gold entity) linked without a review flag
    originals: set[str] = set()
    parts_ok = parts_all = 0
    wrong_parts: list[str] = []
    for file, spans in gold.items():
        for g in spans:
            if g["label"] != "PERSON":
                continue
            originals.update(w.casefold() for w in re.findall(r"[^\W\d_]+", str(g["text"])))
            for r in by_file[file]:
                if r["start"] < g["end"] and g["start"] < r["end"] and r["entity"]:
                    entity = entities.get(str(r["entity"]))
                    if entity is None or entity.policy != "surrogate":
                        continue
                    registry_of[str(g["entity"])].add(entity.id)
                    gold_of[entity.id].add(str(g["entity"]))
                    if not any(f["file"] == file and f["start"] < r["end"] and r["start"] < f["end"] for f in flags):
                        unflagged.add((entity.id, str(g["entity"])))
                    if (r["start"], r["end"]) == (g["start"], g["end"]):
                        parts_all += 1
                        if (
                            r.get("detector") == "initials"
                        ):  # "KB" -> "SH", or the first name where those spell something
                            ok = (
                                str(r["replacement"]) == entity.pseudo_first
                                or re.sub(r"[^A-Z]", "", str(r["replacement"]))
                                == (entity.pseudo_first[:1] + entity.pseudo_last[:1]).upper()
                            )
                        else:
                            ok = _part_ok(str(r["original"]), str(r["replacement"]), entity, lexicons.nicknames)
                        parts_ok += ok
                        if not ok:
                            wrong_parts.append(f"{r['original']} -> {r['replacement']} ({entity.pseudonym})")

    surrogates = [e for e in entities.values() if e.policy == "surrogate"]
    split = sorted(g for g, ids in registry_of.items() if len(ids) > 1)
    flagged = {
        str(g["entity"])
        for file, spans in gold.items()
        for g in spans
        for f in flags
        if f["file"] == file and f["start"] < g["end"] and g["start"] < f["end"]
    }
    merged = sorted(e for e, gs in gold_of.items() if len(gs) > 1)
    # A merge waits for a decision when all but one of its gold people reach it only through flagged mentions.
    merged_flagged = [e for e in merged if sum((e, g) in unflagged for g in gold_of[e]) <= 1]
    names = defaultdict(list)
    for e in surrogates:
        names[e.pseudonym.casefold()].append(e.id)
    shared_names = [n for n, ids in names.items() if len(ids) > 1]
    equal_original = [
        e.pseudonym for e in surrogates if {e.pseudo_first.casefold(), e.pseudo_last.casefold()} & originals
    ]
    mismatches = []
    for e in surrogates:
        original_first = e.canonical.split()[0].casefold() if e.canonical.split() else ""
        known = lexicons.first_names.get(original_first)
        given = lexicons.first_names.get(e.pseudo_first.casefold())
        if known in ("f", "m") and given in ("f", "m") and known != given:
            mismatches.append(f"{e.canonical} -> {e.pseudonym}")

    print(f"fixtures: {len(gold)} files, {summary.entities_new} registry entities, {len(surrogates)} surrogate people")
    print(f"gold people with more than one pseudonym: {len(split)}" + (f" ({', '.join(split[:40])})" if split else ""))
    waiting = [g for g in split if g in flagged]
    print(f"  of which flagged for review as a namesake or an ambiguous alias (waiting for a decision): {len(waiting)}")
    print(
        f"registry entities serving two gold people: {len(merged)}" + (f" ({', '.join(merged[:40])})" if merged else "")
    )
    print(f"  of which linked through mentions flagged for review (waiting for a decision): {len(merged_flagged)}")
    print(f"surrogate names used by two entities: {len(shared_names)}")
    print(
        f"surrogates equal to an original: {len(equal_original)}"
        + (f" ({', '.join(equal_original[:8])})" if equal_original else "")
    )
    from anonymiser.pseudonymise import BRITISH_ORIGINS, KEPT_ORIGINS

    origin_checked = origin_kept = 0
    plain_checked = plain_british = 0  # English or unknown-origin name parts, and how many got a British surrogate
    for e in surrogates:
        words = e.canonical.split()
        if len(words) > 1:
            pairs = [
                (lexicons.name_origins, words[0], e.pseudo_first),
                (lexicons.surname_origins, words[-1], e.pseudo_last),
            ]
        elif words and is_first_name(words[0].casefold(), lexicons):  # a lone first name (or "Bernie") shows only it
            pairs = [(lexicons.name_origins, words[0], e.pseudo_first)]
        else:
            pairs = [(lexicons.surname_origins, words[0], e.pseudo_last)] if words else []
        for origins, real, fake in pairs:
            if origins.get(real.casefold(), "") in ("english", ""):
                plain_checked += 1
                plain_british += origins.get(fake.casefold(), "") in BRITISH_ORIGINS
            if origins.get(real.casefold()) in KEPT_ORIGINS:
                origin_checked += 1
                kept = origins.get(fake.casefold()) == origins.get(real.casefold())
                origin_kept += kept
                if not kept and details:
                    print(
                        f"  origin not kept: {real} ({origins.get(real.casefold())}) -> {fake} ({origins.get(fake.casefold())})"
                    )
    print(f"name parts of a known origin whose surrogate part has the same origin: {origin_kept}/{origin_checked}")
    print(f"name parts English or of no known origin whose surrogate part is British: {plain_british}/{plain_checked}")
    print(
        f"gender mismatches (both genders known): {len(mismatches)}"
        + (f" ({'; '.join(mismatches[:5])})" if mismatches else "")
    )
    share = parts_ok / parts_all if parts_all else 1.0
    print(f"alias forms rendered with the matching surrogate part: {share:.3f} ({parts_ok}/{parts_all})")
    if details:
        for wrong in wrong_parts:
            print(f"  alias form not matched: {wrong}")
        for e in merged:
            print(f"  {e} ({entities[e].canonical} -> {entities[e].pseudonym}) serves {', '.join(sorted(gold_of[e]))}")
        for g in split:
            parts = ", ".join(f"{i} ({entities[i].canonical})" for i in sorted(registry_of[g]))
            print(f"  {g} is {parts}" + (" [flagged for review]" if g in flagged else ""))


def main() -> int:
    details = "--details" in sys.argv
    print("## without a participant key (each file its own scope)")
    measure(None, details)
    print(f"\n## with the fixtures' participant key ({KEY.relative_to(ROOT)}: the two families' interviews in scopes)")
    measure(KEY, details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
