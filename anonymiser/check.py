"""The leak gate: does any file under a path still hold an identifier?

Two searches:

(a) every original the project knows (the registry's aliases) and every line
    of a ``--deny-list``, matched case-insensitively as whole words, through
    possessives, curly or straight quotes, punctuation or underscores in
    place of spaces ("anna.smith", "Anna_Smith"), soft hyphens and line-end
    hyphenation ("Mac-\\nkie"), and inside e-mail addresses and URLs, even run
    together ("dawnmackie84@..."); never inside a longer word ("Annabel" is
    not "Anna"). An original that is also an ordinary word ("Hope") counts as
    a leak when capitalised mid-sentence and as a warning otherwise.
(b) what the detectors still find at or above the check threshold, other than
    the project's own pseudonyms and bracketed descriptors.

It fails closed: a file it cannot read is an error, never a pass.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .contacts import is_surrogate
from .errors import InputError
from .formats import docx as docx_format
from .ingest import decode_text
from .lexicons import Lexicons
from .models import DetectedDocument, Document, Finding, Mention
from .pseudonymise import path_word_is_identifier
from .resolve import allowed_spans, resolve
from .rules import Rules
from .text import (
    NEGATION_AFTER,
    SPEAKER_CODE,
    WORD,
    PhraseIndex,
    alnum_key,
    alnum_spans,
    case_shape,
    fold,
    is_sentence_start,
    line_pieces,
    spelled,
)

MATCH_PIECE_CHARS = 1_000_000  # a longer text is searched a piece at a time
TEXT_SUFFIXES = {
    ".txt",
    ".vtt",
    ".srt",
    ".md",
    ".csv",
    ".tsv",
    ".json",
    ".jsonl",
    ".html",
    ".htm",
    ".xml",
    ".yaml",
    ".yml",
    ".rtf",
    ".log",
}
_SOFT = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LINE_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011][ \t]*\r?\n[ \t]*(?=[^\W\d_])")
_BRACKETED = re.compile(r"\[[^\[\]\n]{1,80}\]")
_ONLINE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|uk|io|me)\S*")


@dataclass(frozen=True, slots=True)
class Original:
    """A string that must not appear in a deposit."""

    text: str
    source: str  # "registry" or "deny-list"
    label: str = "PERSON"


@dataclass
class CheckReport:
    """Findings and errors of one check."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    files: int = 0
    warnings: list[str] = field(default_factory=list)  # about the project's own safety

    @property
    def leaks(self) -> list[Finding]:
        """The findings that fail the check (not the warnings)."""
        return [f for f in self.findings if f.severity == "error"]


def read_deny_list(path: Path) -> list[Original]:
    """One identifier per line; blank lines and '#' comments are ignored."""
    try:
        text, _ = decode_text(path.read_bytes(), str(path))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the deny-list ({exc.strerror})") from exc
    return [
        Original(line.strip(), "deny-list")
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _normalised(text: str) -> tuple[str, list[int]]:
    """``text`` without soft hyphens and line-end hyphenation, and where each char came from."""
    keep: list[int] = []
    out: list[str] = []
    removed = [False] * len(text)
    for pattern in (_SOFT, _LINE_HYPHEN):
        for m in pattern.finditer(text):
            for i in range(*m.span()):
                removed[i] = True
    for i, c in enumerate(text):
        if not removed[i]:
            out.append(c)
            keep.append(i)
    return "".join(out), keep


_SPELT_LETTER_BEFORE = re.compile(r"(?<![^\W_])[^\W\d_]-$")
_SPELT_LETTER_AFTER = re.compile(r"-[^\W\d_](?![^\W_])")


def _inside_spelling(text: str, start: int, end: int) -> bool:
    """Whether single letters matched are part of a longer word spelt out with hyphens."""
    if any(len(token) > 1 for token in re.findall(r"[^\W_]+", text[start:end])):
        return False
    return bool(_SPELT_LETTER_BEFORE.search(text, max(0, start - 3), start) or _SPELT_LETTER_AFTER.match(text, end))


class OriginalMatcher:
    """Finds known originals in text (search (a))."""

    def __init__(self, originals: Iterable[Original], lexicons: Lexicons | None = None) -> None:
        phrases: dict[tuple[str, ...], Original] = {}
        self.joined: dict[str, Original] = {}
        for original in originals:
            key = alnum_key(original.text)
            if not key or (len(key) == 1 and len(key[0]) < 2):
                continue
            phrases.setdefault(key, original)
            if len(key) > 1:
                self.joined.setdefault("".join(key), original)
        self.index = PhraseIndex(phrases, loose=True)  # type: ignore[arg-type]
        self.lexicons = lexicons

    def find(self, text: str) -> list[tuple[int, int, Original, str]]:
        """(start, end, original, severity) of every match in ``text``.

        A long text is searched a piece at a time (cut at line ends, never
        after a hyphen), so memory follows the piece, not the file.
        """
        if len(text) <= MATCH_PIECE_CHARS:
            return self._find(text)
        return [
            (offset + start, offset + end, original, severity)
            for offset, piece in line_pieces(text, MATCH_PIECE_CHARS)
            for start, end, original, severity in self._find(piece)
        ]

    def _find(self, text: str) -> list[tuple[int, int, Original, str]]:
        hits: dict[int, tuple[int, int, Original, str]] = {}
        for start, end, value in self.index.find(text, alnum_spans(text)):
            if _inside_spelling(text, start, end):
                continue  # "N&N" is not in "G-L-E-N-N", a name spelt out
            if not NEGATION_AFTER.match(text, end):  # "Don't" holds no "Don"
                hits[start] = (start, end, value, self._severity(text, start, end))  # type: ignore[arg-type]
        norm, where = _normalised(text)
        if len(norm) != len(text):
            for start, end, value in self.index.find(norm, alnum_spans(norm)):
                s, e = where[start], where[end - 1] + 1
                hits.setdefault(s, (s, e, value, "error"))  # type: ignore[arg-type]
        # Names run together inside addresses: "dawnmackie84@example.org".
        for m in _ONLINE.finditer(text):
            for part in re.finditer(r"[^\W\d_]+", m.group(0)):
                original = self.joined.get(fold(part.group(0)))
                if original is not None:
                    s = m.start() + part.start()
                    hits.setdefault(s, (s, s + len(part.group(0)), original, "error"))
        return sorted(hits.values(), key=lambda h: h[0])

    def _severity(self, text: str, start: int, end: int) -> str:
        surface = text[start:end]
        if self.lexicons is None or " " in surface or not self.lexicons.is_common_word(surface):
            return "error"
        if case_shape(surface) in ("title", "upper") and not is_sentence_start(text, start):
            return "error"
        return "warning"  # "hope", or "Will" opening a sentence: may be the ordinary word


def read_for_check(path: Path, root: Path) -> str:
    """The text of any file in a deposit; InputError when it cannot be checked."""
    rel = path.relative_to(root).as_posix() if path != root else path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{rel}: cannot read ({exc.strerror}): fix permissions; an unchecked file fails the check"
        ) from exc
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return docx_format.read_text(raw, rel)
    if suffix in TEXT_SUFFIXES or not suffix:
        return decode_text(raw, rel)[0] if raw else ""
    raise InputError(f"{rel}: cannot check a {suffix} file: remove it from the deposit or convert it to text")


class _Lines:
    """1-based line and column of offsets in one text, by bisection."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _position(text: str, offset: int) -> tuple[int, int]:
    return _Lines(text).position(offset)


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies inside one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def check_texts(
    texts: Iterable[tuple[str, str]],
    matcher: OriginalMatcher,
    *,
    detector: object | None = None,
    rules: Rules | None = None,
    lexicons: Lexicons | None = None,
    pseudonyms: set[str] | None = None,
    input_names: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Findings in (name, text) pairs; detection runs when a detector is given.

    What the rules allow is no finding: review decisions keep a string in the
    whole project or in one input file (``input_names`` maps a checked name to
    the input file it came from).
    """
    findings: list[Finding] = []
    items = list(texts)
    in_names = _descriptors_in_names(frozenset(pseudonyms or ()))
    for name, text in items:
        # A file or folder name can hold a name too ("Dawn_Mackie_interview2.docx").
        own_in_name = [m.span() for m in in_names.finditer(name)] if in_names is not None else []
        for start, end, original, severity in matcher.find(name):
            if _within(own_in_name, start, end):
                continue  # a descriptor as renaming writes it: "city_in_West_Midlands"
            if severity == "error" and (
                lexicons is None or path_word_is_identifier(name[start:end], original.label, lexicons)
            ):
                findings.append(
                    Finding(
                        name, 0, start + 1, original.label, name[start:end], original.source, original.text, "error"
                    )
                )
        own = own_descriptor_spans(text, pseudonyms or set())
        # Inside a phrase the rules or the allow list keep ("Kinship" of "a Kinship Care Order"), the run
        # replaced nothing: an original there is listed, not failed.
        kept = (
            allowed_spans(text, rules, lexicons, (input_names or {}).get(name, name))
            if rules is not None and lexicons is not None
            else None
        )
        lines = _Lines(text)
        for start, end, original, severity in matcher.find(text):
            if _within(own, start, end):
                continue  # the region inside one of our descriptors: "[district in Glasgow]"
            if kept is not None and original.source != "deny-list" and kept.within(start, end):
                severity = "warning"
            line, column = lines.position(start)
            findings.append(
                Finding(name, line, column, original.label, text[start:end], original.source, original.text, severity)
            )
    if detector is not None and rules is not None and lexicons is not None:
        documents = [
            Document(name, Path(name).suffix.lstrip(".").lower() or "txt", text, b"", "utf-8", "")
            for name, text in items
        ]
        allowed = pseudonym_words(pseudonyms or set())
        for detected in detector.detect(documents, word_uses=False):  # type: ignore[attr-defined]
            findings.extend(_detector_findings(detected, rules, lexicons, pseudonyms or set(), allowed))
    if rules is not None:
        # A string the rules or a review decision keep is listed, not failed; a deny-list line always fails.
        names = input_names or {}
        findings = [
            dataclasses.replace(f, severity="warning")
            if f.source != "deny-list" and rules.is_allowed(f.original or f.text, names.get(f.path, f.path))
            else f
            for f in findings
        ]
    return sorted(findings, key=lambda f: (f.path, f.line, f.column))


def _detector_findings(
    detected: DetectedDocument, rules: Rules, lexicons: Lexicons, pseudonyms: set[str], allowed: set[str]
) -> list[Finding]:
    lines = _Lines(detected.document.text)
    out = []
    for m in detector_leaks(detected, rules, lexicons, pseudonyms, allowed):
        line, column = lines.position(m.start)
        out.append(Finding(detected.document.rel_path, line, column, m.label, m.text, m.source))
    return out


# Descriptors every project writes, whatever its registry holds.
GENERIC_DESCRIPTORS = frozenset({"[date]", "[month]", "[year]", "[age]"})


@functools.lru_cache(maxsize=4)
def _descriptors_in_names(pseudonyms: frozenset[str]) -> re.Pattern[str] | None:
    """The project's descriptors as file and folder names write them: no brackets, words joined by " ", "_" or "-"."""
    forms = {
        r"[ _-]".join(re.escape(w) for w in p[1:-1].split())
        for p in pseudonyms
        if p.startswith("[") and p[1:-1].strip()
    }
    return re.compile("|".join(sorted(forms, key=len, reverse=True))) if forms else None


def own_descriptor_spans(text: str, pseudonyms: set[str]) -> list[tuple[int, int]]:
    """Where the project's own bracketed descriptors ("[district in Glasgow]") stand in ``text``."""
    return [
        m.span() for m in _BRACKETED.finditer(text) if m.group(0) in pseudonyms or m.group(0) in GENERIC_DESCRIPTORS
    ]


def pseudonym_words(pseudonyms: set[str]) -> set[str]:
    """The project's surrogate names, their words and their initials ("SH" of "Sara Hughes", written where a
    file wrote a person's initials), folded: what the gate lets stand (built once per check)."""
    names = [p for p in pseudonyms if not p.startswith("[")]
    words = {fold(w) for p in names for w in [p, *p.split()]}
    return words | {fold(p.split()[0][:1] + p.split()[-1][:1]) for p in names if len(p.split()) >= 2}


def detector_leaks(
    detected: DetectedDocument, rules: Rules, lexicons: Lexicons, pseudonyms: set[str], allowed: set[str]
) -> list[Mention]:
    """What the detectors find that is not the project's own pseudonyms or descriptors.

    The model often tags a pseudonym or a descriptor together with a
    neighbouring word ("Garry lad", "Leeds] days"): once the pseudonyms,
    descriptors, ordinary words and initials are set aside, nothing
    identifying is left.
    """
    text = detected.document.text
    own = own_descriptor_spans(text, pseudonyms)
    resolved = resolve(detected, rules, lexicons)
    out = []
    for m in resolved.mentions:
        if m.score < rules.check_threshold or rules.policy_for(m.label) in ("keep", "shift"):
            continue  # kept on purpose, or a shifted date: a date either way
        if m.label == "CONTACT" and is_surrogate(m.text):
            continue  # a drama-range number, an example.org address: reaches nobody
        if fold(spelled(m.text)) in allowed:
            continue  # a surrogate spelled out as the original was: "H-U-G-H-E-S"
        words = [w for w in WORD.finditer(m.text) if not _within(own, m.start + w.start(), m.start + w.end())]
        rest = [w.group(0) for w in words if not _is_own(w.group(0), allowed)]
        if not rest and (words or _touches(own, m.start, m.end)):
            continue
        if len(rest) < len(WORD.findall(m.text)) or "[" in m.text or "]" in m.text:
            if not any(is_identifying_word(w, lexicons, allowed) for w in rest):
                continue
        if len(rest) == 1 and rest[0].isupper() and len(rest[0]) <= 3 and m.label == "PERSON":
            continue  # initials such as "KM" are study codes here
        out.append(m)
    return out


def is_identifying_word(word: str, lexicons: Lexicons, allowed: set[str]) -> bool:
    """Whether a word beside a pseudonym or descriptor can still identify someone.

    Ordinary words, words no name is, generic terms of the allow list
    ("jobcentre"), countries and national bodies (kept on purpose: "Ama,
    Jamaica"), the project's own pseudonym words and short capitals (study
    codes, initials) cannot.
    """
    bare = _bare(word)
    return not (
        lexicons.is_common_word(bare)
        or bare in lexicons.not_names
        or bare in lexicons.allow
        or bare in lexicons.countries
        or bare in lexicons.national_bodies
        or bare in allowed
        or (word.isupper() and len(word) <= 3)
        or SPEAKER_CODE.fullmatch(bare) is not None
    )


def _touches(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (end,))
    return i > 0 and spans[i - 1][1] > start


def _is_own(word: str, allowed: set[str]) -> bool:
    """A pseudonym word, bare or with the possessive "s" a lower-case transcript types without its
    apostrophe ("bozenas" of the surrogate "Bozena", where the raw text had "agatas")."""
    bare = _bare(word)
    return bare in allowed or (bare.endswith("s") and bare[:-1] in allowed)


def _bare(word: str) -> str:
    """A word folded, without a possessive or a contraction: "Gordon's" -> "gordon", "Eddie'll" -> "eddie"."""
    return _ENDING.sub("", fold(word))


_ENDING = re.compile(r"(?<=\w)'(?:s|ll|d|ve|re|m)$")


def files_under(path: Path) -> list[Path]:
    """Every regular file under ``path`` (or ``path`` itself), skipping hidden ones."""
    if path.is_file():
        return [path]
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )
