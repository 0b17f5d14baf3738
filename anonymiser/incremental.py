"""Incremental runs: which inputs keep their outputs, and which outputs names found later make stale.

An output is current when its input, the code, model, lexicons, rules,
review decisions and hand edits of the registry are all as they were when it
was made (the fingerprint), and the file is still there untouched. The
registry records this per input (table ``processed``).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from pathlib import Path

from .check import Original, OriginalMatcher, check_texts, read_for_check
from .detect import model_version
from .errors import InputError
from .lexicons import Lexicons
from .models import Document, Finding
from .registry import PseudonymRegistry
from .rules import Rules


@functools.cache
def code_version() -> str:
    """A hash of this package's code: outputs made by other code are made again."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def run_fingerprint(rules: Rules, lexicons: Lexicons, registry: PseudonymRegistry, *, recheck: bool) -> str:
    """What an output depends on besides its input: code, model, lexicons, rules, decisions, registry edits."""
    parts = [
        code_version(),
        model_version(),
        lexicons.version,
        rules.version,  # the rules files' content and the review decisions
        str(registry.generation()),
        f"recheck={recheck}",
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def unchanged_inputs(
    documents: list[Document], registry: PseudonymRegistry, out: Path, fingerprint: str
) -> dict[str, str]:
    """Inputs whose last output is current: same input, same fingerprint, output present and untouched."""
    found = {}
    for document in documents:
        row = registry.processed(document.rel_path)
        if row is None or row[0] != document.sha256 or row[1] != fingerprint:
            continue
        output = out / row[2]
        try:
            if hashlib.sha256(output.read_bytes()).hexdigest() == row[3]:
                found[document.rel_path] = row[2]
        except OSError:
            continue
    return found


def registry_leaks(
    outputs: Mapping[str, str], out: Path, rules: Rules, lexicons: Lexicons, registry: PseudonymRegistry
) -> tuple[list[Finding], dict[str, str]]:
    """Registry originals standing in ``outputs`` (output -> input rel path), and the outputs unreadable.

    Returns the error findings (kept strings excepted) and, for each output
    that cannot be read, why.
    """
    if not outputs:
        return [], {}
    originals = [Original(alias, "registry", label) for _, alias, label, _, _ in registry.aliases()]
    matcher = OriginalMatcher(originals, lexicons)
    texts = []
    unreadable: dict[str, str] = {}
    for output in outputs:
        try:
            texts.append((output, read_for_check(out / output, out)))
        except InputError as exc:
            unreadable[output] = str(exc)
    found = check_texts(
        texts, matcher, rules=rules, lexicons=lexicons, pseudonyms=registry.pseudonyms(), input_names=outputs
    )
    return [f for f in found if f.severity == "error"], unreadable


def stale_inputs(
    outputs: Mapping[str, str], out: Path, rules: Rules, lexicons: Lexicons, registry: PseudonymRegistry
) -> set[str]:
    """The inputs whose outputs (``outputs``: output -> input rel path) hold a registry original.

    Such an output was made before the name was known: first met in a later
    batch, a later part or a later run, it went undetected then; or it holds
    a surrogate since retired because it is someone's real name. Unreadable
    outputs are stale too.
    """
    found, unreadable = registry_leaks(outputs, out, rules, lexicons, registry)
    return {outputs[f.path] for f in found} | {outputs[output] for output in unreadable}
