#!/usr/bin/env python3
"""Check the generated lexicons: format, allowed values, sorting, duplicates, and
entries that appear both in allow.txt and in an identifier lexicon. Exit 1 on errors."""

from __future__ import annotations

import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_lexicons import ORIGINS, OUT, PLACE_KINDS, SERVICE_KINDS, sort_key  # noqa: E402

SPEC = {
    "first_names.tsv": (3, {1: set("fmu"), 2: ORIGINS}),
    "surnames.tsv": (2, {1: ORIGINS}),
    "nicknames.tsv": (2, {}),
    "word_names.txt": (1, {}),
    "common_words.txt": (1, {}),
    "proper_words.txt": (1, {}),
    "places.tsv": (3, {1: PLACE_KINDS}),
    "countries.txt": (1, {}),
    "services.tsv": (3, {1: SERVICE_KINDS}),
    "national_bodies.txt": (1, {}),
    "allow.txt": (1, {}),
}


def rows(name):
    with open(os.path.join(OUT, name), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    assert lines[-1] == "", f"{name}: missing final newline"
    body = [line for line in lines[:-1] if not line.startswith("#")]
    return lines[:-1], body


def _problem(message: str) -> int:
    """Print one problem; count it."""
    print(message)
    return 1


def main() -> int:
    errors = 0
    firsts = {}
    for name, (ncol, allowed) in SPEC.items():
        lines, body = rows(name)
        # comments only at the top
        seen_data = False
        for line in lines:
            if line.startswith("#"):
                if seen_data:
                    errors += _problem(f"{name}: comment after data: {line!r}")
            else:
                seen_data = True
        if len(set(body)) != len(body):
            errors += _problem(f"{name}: duplicate lines")
        if body != sorted(body, key=sort_key):
            errors += _problem(f"{name}: not sorted")
        for line in body:
            cols = line.split("\t")
            if len(cols) != ncol or any(c != c.strip() for c in cols) or not cols[0]:
                errors += _problem(f"{name}: bad line {line!r}")
                continue
            if unicodedata.normalize("NFC", line) != line:
                errors += _problem(f"{name}: not NFC {line!r}")
            for i, vals in allowed.items():
                if cols[i] not in vals:
                    errors += _problem(f"{name}: bad value {cols[i]!r} in {line!r}")
            if name == "word_names.txt" and line != line.lower():
                errors += _problem(f"{name}: not lower case {line!r}")
        firsts[name] = {line.split("\t")[0] for line in body}
    allow = firsts["allow.txt"]
    for name in ("first_names.tsv", "surnames.tsv", "nicknames.tsv", "places.tsv", "services.tsv"):
        both = sorted(allow & firsts[name])
        if both:
            print(f"warning: in allow.txt and {name}: {', '.join(both)}")
    counts = {n: len(f) for n, f in firsts.items()}
    print("entries:", ", ".join(f"{n}={c}" for n, c in counts.items()))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
