"""The values the pipeline stages hand each other: plain, frozen, comparable.

ingest -> Document; detect -> DetectedDocument; resolve -> ResolvedDocument
(Mentions grouped into EntityGroups); pseudonymise -> Replacements; write and
audit consume those. To change a value, make a new one with
``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Label(StrEnum):
    """The identifier classes of ../shared/ANNOTATION.md."""

    PERSON = "PERSON"
    LOCATION = "LOCATION"
    SERVICE = "SERVICE"
    DATE = "DATE"
    CONTACT = "CONTACT"
    AGE = "AGE"


@dataclass(frozen=True, slots=True)
class Document:
    """One input file, decoded.

    ``text`` is what detection sees: for a .txt the decoded file with its own
    newlines; for a .docx its paragraphs joined by newlines (formats.docx).
    ``raw`` keeps a .docx's original bytes so that write can rebuild the same
    format (empty for plain text, which its text and encoding rebuild).
    """

    rel_path: str  # path under the input folder, with forward slashes
    fmt: str  # "txt", "docx"
    text: str
    raw: bytes  # .docx only
    encoding: str  # codec used for txt ("utf-8", "utf-8-sig", "utf-16", "cp1252"); "docx"
    sha256: str


@dataclass(frozen=True, slots=True)
class FileError:
    """A file the pipeline could not process, and what the user can do."""

    rel_path: str
    stage: str
    message: str


@dataclass(frozen=True, slots=True, order=True)
class Detection:
    """A span some detector believes is an identifier.

    ``source`` names the detector ("spacy:ner", "pattern:uk_phone",
    "lexicon:places", "propagation", "rule:deny"); ``kind`` refines the label
    for descriptors ("town", "drug service", "phone number").
    """

    start: int  # character offset, half-open [start, end)
    end: int
    label: str
    text: str
    source: str
    score: float = 1.0
    kind: str = ""


@dataclass(frozen=True, slots=True)
class WordUse:
    """A token that may be a name or an ordinary word ("Hope", "will"), with its tags.

    Detect records these so that resolve can decide, after propagation, whether
    an occurrence of a known name is the name or the word, without the model.
    """

    start: int
    end: int
    tag: str  # fine-grained part-of-speech tag (NNP, NN, MD, VB...)
    prev_tag: str
    prev_lower: str  # the preceding word, lower-cased ("" at a line start)
    next_tag: str = ""
    next_lower: str = ""


@dataclass(frozen=True, slots=True)
class DetectedDocument:
    """A document with everything the detectors found in it."""

    document: Document
    detections: tuple[Detection, ...]
    word_uses: tuple[WordUse, ...] = ()


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """A detection kept by resolve, tied to an entity of its file."""

    start: int
    end: int
    label: str
    text: str
    source: str
    score: float
    kind: str
    group: int  # index into ResolvedDocument.groups
    part: str  # PERSON: "full", "first", "last", "initial" ("M. Kavanagh"); others: "full"
    rule: str = ""  # the rule that decided it, if any ("deny", "pattern:case_no")


@dataclass(frozen=True, slots=True)
class EntityGroup:
    """The mentions of one real thing inside one file, as resolve grouped them.

    ``first``/``last`` are the name parts the file shows for a person (either
    may be empty); ``key`` is the normalised canonical form used to link the
    group to a registry entity.
    """

    label: str
    key: str
    canonical: str
    kind: str
    first: str = ""
    last: str = ""
    gender: str = ""  # "f" or "m" when a title says so ("Mrs Mackie"); else the name lexicon decides


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A candidate not replaced (or replaced with doubt) that a human should see."""

    start: int
    end: int
    label: str
    text: str
    source: str
    score: float
    reason: str


@dataclass(frozen=True, slots=True)
class ResolvedDocument:
    """A document with its final, non-overlapping mentions grouped into entities."""

    document: Document
    mentions: tuple[Mention, ...]
    groups: tuple[EntityGroup, ...]
    review: tuple[ReviewItem, ...] = ()
    dropped: tuple[tuple[Detection, str], ...] = ()  # detection and the reason it was dropped


@dataclass(frozen=True, slots=True, order=True)
class Replacement:
    """One span of the original text and what replaces it in the output."""

    start: int
    end: int
    label: str
    original: str
    replacement: str
    entity_id: str
    source: str
    rule: str
    score: float


@dataclass(frozen=True, slots=True)
class PseudonymisedDocument:
    """A document with the replacements to apply to it."""

    document: Document
    replacements: tuple[Replacement, ...]
    review: tuple[ReviewItem, ...] = ()
    new_entities: tuple[str, ...] = ()
    known_entities: tuple[str, ...] = ()

    def output_spans(self) -> list[tuple[int, int, int]]:
        """(output start, output end, shift after it) of each replacement, in input order.

        The written text is the input with each replacement applied, so these
        are where each replacement sits in the output.
        """
        spans = []
        shift = 0
        for r in sorted(self.replacements):
            start = r.start + shift
            shift += len(r.replacement) - (r.end - r.start)
            spans.append((start, start + len(r.replacement), shift))
        return spans


@dataclass(frozen=True, slots=True)
class Finding:
    """An identifier ``check`` found in a file."""

    path: str
    line: int  # 1-based
    column: int  # 1-based, in characters
    label: str
    text: str
    source: str  # "registry", "deny-list" or a detector name
    original: str = ""  # for registry / deny-list matches: the original it matched
    severity: str = "error"  # "error" fails the check; "warning" is listed only


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run did, for the one-line summary and the library caller."""

    run_id: str
    files: int
    written: tuple[str, ...]
    errors: tuple[FileError, ...]
    replacements_by_label: dict[str, int] = field(default_factory=dict)
    entities_new: int = 0
    entities_known: int = 0
    review_items: int = 0
    findings: tuple[Finding, ...] = ()
    unchanged: tuple[str, ...] = ()  # inputs whose outputs were current and kept
