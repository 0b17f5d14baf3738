"""Stage 3, resolve: from overlapping candidates to one decision per span.

For each document, in this order:

1. Trim every span to the identifier alone: no leading "the", no title before
   a name, no possessive "'s" after it (../shared/ANNOTATION.md).
2. Drop what the rules allow (allow-list, countries, national bodies).
3. Merge candidates on the same span: their evidence adds up (noisy-or of the
   scores), and the label comes from the most specific source.
4. Keep candidates at or above the replace threshold; overlapping ones are
   settled by ``ResolvePolicy.LONGEST_THEN_SCORE``: the longest span wins, then
   the highest score, then the most specific source, then the earliest.
   Candidates between the review and the replace threshold go to review.
5. Propagate: every term known to the project (this run's confident
   detections, the registry's originals and aliases, the parts of full names)
   is looked for everywhere in the text. An occurrence that may be an ordinary
   word ("I hope so") is decided by case and part of speech; a doubtful one
   is flagged for review, never silently kept.
6. Group mentions into entities: "Dawn Mackie", "Dawn", "Mackie", "DAWN" in
   one file are one person.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, replace
from enum import StrEnum

from .lexicons import Lexicons
from .models import DetectedDocument, Detection, EntityGroup, Mention, ResolvedDocument, ReviewItem, WordUse
from .recognisers.services import short_name as service_short_name
from .recognisers.titles import KIN_FEMALE, KIN_MALE, KIN_TITLES, TITLES
from .rules import Rules
from .text import (
    DOUBLE_NAME_ENDS,
    NEGATION_AFTER,
    PRONOUN_AFTER,
    SUBJECT_PRONOUNS,
    PhraseIndex,
    SpanSet,
    case_shape,
    fold,
    is_sentence_start,
    lower_case_document,
    spelled,
    token_key,
)

PROPAGATION_SCORE = 0.8
# A known name where context cannot tell name from word: replaced (when in doubt,
# replace), and below review.LOW_CONFIDENCE, so a human sees it.
DOUBT_SCORE = 0.5
PROPAGATED_LABELS = ("PERSON", "LOCATION", "SERVICE", "CONTACT")


class ResolvePolicy(StrEnum):
    """How overlapping candidates are settled."""

    LONGEST_THEN_SCORE = "longest, then highest score, then most specific source, then earliest"


# Source specificity: a project rule beats a pattern, a pattern beats a lexicon,
# a lexicon beats the statistical model.
def _priority(source: str) -> int:
    if source.startswith("rule:"):
        return 0
    if source.startswith(
        (
            "Speaker",
            "UkPhone",
            "SpokenPhone",
            "UkPostcode",
            "HealthNumber",
            "Nino",
            "Online",
            "ReferenceCode",
            "Address",
            "UkDate",
            "Age",
        )
    ):
        return 1
    if source.startswith(("Titled", "NamedService", "Street", "Gazetteer", "propagation")):
        return 2
    if source.startswith(("NameLexicon", "NameContext", "PlaceContext")):
        return 3
    return 4  # spacy:ner and anything unknown


_PRONOUN = r"(?:i|you|he|she|it|we|they|that|there|who|what|here)(?:['’](?:s|m|re|ve|ll|d))?"
_LEADING = re.compile(
    r"^(?:(?:the|a|an|and|but|so|then|at|in|to|from|with|oh|aye|yeah|well|um|er"
    rf"|like|our|my|your|his|her|their|up|down|over|out|by|on|of|this|these|{_PRONOUN})\s+)+",
    re.IGNORECASE,
)
_PRONOUN_ONLY = re.compile(rf"^{_PRONOUN}$", re.IGNORECASE)  # "she's" is nobody's name
_DATE_LEADING = re.compile(
    r"^(?:(?:the|about|around|in|since|from|until|till|by|before|after|early|late|mid|back|on)\s+)+", re.IGNORECASE
)
_TITLE = re.compile(rf"^(?:{TITLES})\.?\s+", re.IGNORECASE)
_CODE_TOKEN = re.compile(r"\b[A-Z]{1,6}-?[A-Z]{0,3}\d{1,4}\b")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_CONTRACTED = re.compile(r"(?<=\w)['’](?:ll|d|ve|re|m)$", re.IGNORECASE)  # "Bill'll", "Dawn'd"
_TRAILING = re.compile(r"[\s.,;:!?)\]}\"'’]+$")


_STUDY_CODE = re.compile(r"^(?:[A-Z]{1,8}[-_]?)?[A-Z]{0,3}\d{1,3}(?:[-_][A-Z]{0,4}\d{0,3})*$")


def trim(detection: Detection) -> Detection | None:
    """Cut a detection down to the identifier itself; None when nothing is left.

    Markup (``</v>``), line breaks and unclosed brackets end a span; study codes ("P07",
    "FG2-M1") are not identifiers (../shared/ANNOTATION.md).
    """
    text = detection.text
    start, end = detection.start, detection.end
    if detection.label != "CONTACT" and text.startswith("["):
        text, start = text[1:], start + 1  # "[Aga] Yeah" -> "Aga"
    if detection.source == "spacy:ner" and detection.label in ("PERSON", "SERVICE", "LOCATION"):
        if ", " in text or ": " in text or _CODE_TOKEN.search(text):
            # A list of names ("Dylan, Dylan and Will"), a speaker label run into its turn ("Matthew: Tidy")
            # or a study code: other detectors see the parts.
            return None
    if detection.label != "CONTACT":
        paren = text.find("(")  # an unclosed bracket ends a name: "the Court (Rule 21" -> "the Court"
        paren = paren if ")" not in text[paren:] else -1
        ends = (text.find("<"), text.find(">"), text.find("\n"), text.find("]"), paren)
        cut = min((i for i in ends if i >= 0), default=-1)
        if cut == 0:
            return None
        if cut > 0:
            text = text[:cut].rstrip()
        if _STUDY_CODE.match(text.strip()) and detection.kind != "road":
            return None  # "P07" is a study code; "the A9" a road
    exact = detection.source.startswith(("Gazetteer", "rule:", "propagation"))  # known whole names
    if detection.label not in ("DATE", "CONTACT", "AGE") and not exact:
        m = _LEADING.match(text)
        if m and m.end() < len(text):
            start += m.end()
            text = text[m.end() :]
    if detection.label in ("PERSON", "LOCATION", "SERVICE") and _PRONOUN_ONLY.match(text.strip()):
        return None
    if detection.label == "PERSON" and not detection.source.startswith("rule:"):
        if any(_PRONOUN_ONLY.match(w.rstrip(",;:")) for w in text.split()[1:]):
            return None  # "I. I'm", "Dawn she's": the model ran a name into a pronoun (or read one as a name)
    if detection.label == "PERSON":
        m = _TITLE.match(text)
        if m and m.end() < len(text):
            start += m.end()
            text = text[m.end() :]
    if detection.label == "DATE":
        m = _DATE_LEADING.match(text)
        if m and m.end() < len(text):
            start += m.end()
            text = text[m.end() :]
    if detection.label in ("PERSON", "LOCATION"):
        m = _CONTRACTED.search(text)
        if m and m.start() > 0:
            text = text[: m.start()]  # "Bill'll be five": the name is "Bill"
    if detection.label not in ("CONTACT",):
        m = _POSSESSIVE.search(text)
        # "Dawn's" -> "Dawn", but "St Anne's" and "Barnardo's" are whole names, and so is a gazetteer
        # entry's own "'s" ("Queen's"): the gazetteer matches whole entries, never a possessive after one.
        keeps_s = (
            detection.label == "SERVICE"
            or text.startswith(("St ", "St. ", "Saint "))
            or detection.source.startswith("GazetteerRecognizer")
        )
        if m and m.start() > 0 and detection.label != "DATE" and not keeps_s:
            cut = len(text) - (2 if text[-2] in "'’" else 1)
            text = text[:cut]
        m = _TRAILING.search(text)
        if m and m.start() > 0:
            text = text[: m.start()]
            if text.count("(") > text.count(")"):
                text += ")"  # "Aberlour (Sycamore)" keeps its own bracket
    end = start + len(text)
    if not text.strip() or (detection.label == "PERSON" and sum(c.isalpha() for c in text) < 2 and text.islower()):
        return None  # nothing left, or one small letter: the "s" of a possessive is nobody ("applicant X" is)
    if (start, end) == (detection.start, detection.end):
        return detection
    return replace(detection, start=start, end=end, text=text)


@dataclass(frozen=True, slots=True)
class KnownTerm:
    """A string the project knows is an identifier, and how it was found."""

    label: str
    kind: str
    part: str  # "full", "first", "last"
    source: str  # "run" (this run's detections) or "registry"


_WORD_AT = re.compile(r"\S+")


def _edge_words(detection: Detection, lexicons: Lexicons, text: str) -> Detection | None:
    """A person's name without the words a model took in with it, or a said-twice start.

    "nae Kay" -> "Kay", "Roger she" -> "Roger", "dan 24/7" -> "dan" (a lower-case word, ordinary
    or never a name, beside a capitalised one; in lower case, a word never a
    name: "tae maggie" -> "maggie"), "Met Mitchell" -> "Mitchell"
    (an ordinary word opening a sentence), "mary jane mary jane doig" ->
    "mary jane doig": transcripts repeat themselves, and a model's span often
    runs over a neighbouring word. A word a name list knows stays ("Hope Day");
    lower-case ordinary words with no such word among them are no name at all.
    """
    words = [(m.start(), m.end()) for m in _WORD_AT.finditer(detection.text)]
    if len(words) < 2:
        return detection
    folded = [fold(detection.text[s:e]) for s, e in words]
    # Only a lower-case word beside a capitalised name: in "tom welsh" the second word may be a surname.
    capitalised = any(detection.text[s].isupper() for s, _ in words)
    if not capitalised and not any(lexicons.is_name(f) for f in folded):
        if all(f in lexicons.not_names or lexicons.is_common_word(f) for f in folded):
            return None  # "wi nae car": ordinary words no name list knows, in lower case
    never = [
        (
            (capitalised or f in lexicons.not_names)  # in lower case, only what is never a name: "tae maggie"
            and detection.text[s:e].islower()
            and (f in lexicons.not_names or lexicons.is_common_word(f))
            and f not in lexicons.surnames
            and f not in lexicons.first_names
            and f not in SURNAME_PARTICLES
        )
        or not any(c.isalpha() for c in f)  # no letter, no name: "dan 24/7" -> "dan"
        for (s, e), f in zip(words, folded, strict=True)
    ]
    first, last = 0, len(words)
    while first < last and never[first]:
        first += 1
    s = words[first][0] if first < last else 0
    if (
        last - first > 1
        and detection.text[s].isupper()
        and is_sentence_start(text, detection.start + s)
        and lexicons.is_common_word(folded[first])
        and not lexicons.is_name(folded[first])
        and not _TITLE.match(detection.text[s:])
        and all(lexicons.is_name(f) for f in folded[first + 1 : last])
    ):
        first += 1  # "Met Mitchell at the door": the capital is the sentence's ("Bright Tide" stays whole)
    while last > first and never[last - 1]:
        last -= 1
    for size in range(1, (last - first) // 2 + 1):
        if folded[first : first + size] == folded[first + size : first + 2 * size]:
            first += size
            break
    if first >= last:
        return None
    if (first, last) == (0, len(words)):
        return detection
    start, end = words[first][0], words[last - 1][1]
    return replace(detection, start=detection.start + start, end=detection.start + end, text=detection.text[start:end])


def _after_apostrophe(text: str, start: int) -> bool:
    """Whether ``start`` follows an apostrophe: the "s" of a possessive, whatever a registry holds."""
    return start > 0 and text[start - 1] in "'’"


def _two_first_names(detection: Detection, lexicons: Lexicons) -> list[Detection]:
    """A lower-case "full name" of two first names, the second no surname, is two people; so is a surname
    then a first name.

    "yeah dean kai his dad": the model reads one person where the speaker,
    without commas, names two; "dean holmes" stays one ("holmes" is a surname).
    Speech puts the first name first: "sandhu archie doctor sandhu" is the
    doctor, then someone called Archie.
    """
    words = list(_WORD_AT.finditer(detection.text))
    if detection.label != "PERSON" or len(words) != 2 or not detection.text.islower():
        return [detection]
    first, second = (fold(w.group(0)) for w in words)
    if second not in lexicons.first_names or second in lexicons.surnames:
        return [detection]
    if first not in lexicons.first_names and (first not in lexicons.surnames or lexicons.is_common_word(first)):
        return [detection]
    if second in DOUBLE_NAME_ENDS:
        return [detection]  # "mary jane", "anne marie", "kayleigh ann": one person's double first name
    return [
        replace(detection, start=detection.start + w.start(), end=detection.start + w.end(), text=w.group(0))
        for w in words
    ]


def known_terms(
    documents: Iterable[ResolvedDocument],
    registry_aliases: Iterable[tuple[str, str, str, str]],
    lexicons: Lexicons,
    seeds: Iterable[Mention] = (),
    base: PhraseIndex | None = None,
) -> PhraseIndex:
    """The project-wide gazetteer that propagation uses.

    ``registry_aliases`` are (alias, label, kind, part) rows from the registry.
    From this run's documents, every mention of a propagated label counts,
    with the parts of full names; ``seeds`` are more such mentions (the other
    parts of a large file). ``base`` is an index built before (of the
    registry's aliases), extended rather than built again at every round.
    """
    terms: dict[tuple[str, ...], KnownTerm] = dict(base.phrases) if base is not None else {}  # type: ignore[arg-type]

    def add(text: str, term: KnownTerm) -> None:
        key = token_key(text)
        if not key or len(text) < 2 or key in terms:
            return
        if len(key) == 1 and (key[0] in lexicons.allow or key[0] in lexicons.not_names):
            return
        terms[key] = term

    services: list[tuple[str, KnownTerm]] = []
    for alias, label, kind, part in registry_aliases:
        add(alias, KnownTerm(label, kind, part, "registry"))
        if label == "SERVICE":
            services.append((alias, KnownTerm(label, kind, part, "registry")))
    for mention in itertools.chain((m for d in documents for m in d.mentions), seeds):
        if mention.label not in PROPAGATED_LABELS or mention.source == "propagation":
            continue
        add(mention.text, KnownTerm(mention.label, mention.kind, mention.part, "run"))
        if mention.label == "PERSON":
            words = mention.text.split()
            if len(words) >= 2:
                add(words[0], KnownTerm("PERSON", "first name", "first", "run"))
                add(words[-1], KnownTerm("PERSON", "surname", "last", "run"))
        elif mention.label == "SERVICE":
            services.append((mention.text, KnownTerm(mention.label, mention.kind, mention.part, "run")))
    # Last, so that any name known in full comes first: "Laburnum" of "Laburnum Medical Practice".
    for full, term in services:
        short = service_short_name(full, lexicons)
        if short:
            add(short, term)
    return PhraseIndex(terms)  # type: ignore[arg-type]


# Before these a word is the word: "the will", "a rose", "nae joy", "my hope" (not "no":
# in speech it is as often "no, grace's dad").
_DETERMINERS = frozenset(
    """a an the this that these those my your his her its our their some any every each nae
    than such what which very so too more most less""".split()
)
# After these a bare noun may be the name or the word ("about joy", "for rose"; "with joy");
# after "in", "of" and "at" it is mostly the word ("in hope", "a ray of hope", "at dawn").
_PREPOSITIONS = frozenset("with for to by from into onto about like on".split())
_ORDINARY_BEFORE = _DETERMINERS | _PREPOSITIONS | {"in", "of", "at"}
_ORDINARY_TAGS = ("MD", "VB", "JJ", "RB", "IN", "UH", "DT", "CC", "PRP", "WP", "WRB", "TO", "RP")
# After a name comes what a subject does: "grace is six", "will was a baby", "hope said".
_SUBJECT_NEXT = frozenset(
    """is was has had does did says said goes went doesnae disnae wasnae isnae cannae understands
    knows wants loves likes gets got came comes and or 's""".split()
)
_BOUNDARY = frozenset({"", ":", ".", "?", "!", "...", "…", "-", "–", "—"})


def _ends_utterance(next_lower: str) -> bool:
    """Whether the word after ends the sentence or the turn (a timestamp "[00:07:00]" too)."""
    return next_lower in _BOUNDARY or next_lower.startswith("[")


def name_or_word(text: str, start: int, end: int, lexicons: Lexicons, word_use: WordUse | None) -> str:
    """Decide whether an occurrence of a known name is the name: "name", "word" or "doubt".

    Capitals decide first; in lower case, the part-of-speech tags and the
    words around it: "will is three" is a name (a modal is never followed by
    "is"), "he will be back" is the word.
    """
    surface = text[start:end]
    if not lexicons.is_common_word(surface):
        return "name"
    shape = case_shape(surface)
    if shape in ("title", "upper") and not is_sentence_start(text, start):
        return "name"
    if PRONOUN_AFTER.match(text, end):
        return "name"  # "Precious, she's ten", "Will, he was the one"
    if word_use is None:
        # No tags: the word is no name that is also a word ("kinship", "year" of a service
        # "Kinship", "Year"), so in lower case it is the word; capitalised, a doubt.
        return "word" if shape == "lower" else "doubt"
    if _scots_ken(surface, word_use) or _in_idiom(text, start, end):
        return "word"
    if word_use.tag in ("NNP", "NNPS"):
        return "name"
    if word_use.next_tag == "POS" and word_use.prev_lower not in _DETERMINERS:
        return "doubt"  # a possessive is a noun's, never a modal's or a verb's: "get on with it will's mam"
    if word_use.next_lower == surface.casefold():
        return "doubt"  # a name said twice, as people say theirs: "a guy sunny sunny baines", "will will you"
    if _THANKS_BEFORE.search(text, max(0, start - 24), start) and word_use.next_tag != "VB":
        return "doubt"  # "thank you so much will", "thanks hope and": said to the person
    modal_next = word_use.next_tag == "MD" and not word_use.tag.startswith(("VB", "MD"))  # "Gamble would tell you"
    if word_use.next_lower in _SUBJECT_NEXT or word_use.next_tag in ("VBZ", "VBD") or modal_next:
        if word_use.prev_lower not in _ORDINARY_BEFORE or word_use.prev_lower in ("my", "her", "his", "our"):
            # A subject pronoun before makes the modal or verb the word ("he will be", "all I hope is");
            # an object pronoun does not ("the two of them, Will was a baby").
            if word_use.prev_lower in SUBJECT_PRONOUNS:
                # "he will be", "i hope is"; but a noun after a pronoun is no verb: "never forget it joy was"
                return "doubt" if word_use.tag.startswith("NN") else "word"
            # After a modal, a verb ("will hope is"): no verb there is followed by "is", so the modal may be a name.
            return "doubt" if word_use.prev_tag == "MD" else "name"
    if word_use.tag == "JJ" and word_use.next_tag in ("VBD", "VBZ") and word_use.next_lower in _SUBJECT_NEXT:
        return "doubt"  # an adjective is never a subject: "the course like sunny did"
    if word_use.prev_lower in _BOUNDARY and word_use.next_lower in _BOUNDARY:
        return "doubt"  # a one-word utterance ("Sunny."): the tagger has nothing to go on
    if (
        word_use.next_lower in ("she", "he")
        and word_use.tag not in ("VBD", "VBZ", "MD")  # "social work said he couldnae"
        and (word_use.prev_tag.startswith(("NN", "JJ")) or word_use.prev_lower in _BOUNDARY)
    ):
        return "doubt"  # a name, then the pronoun for it: "two weans grace she's nine", "she's lovely grace she's"
    if word_use.tag == "MD" and word_use.prev_tag != "DT":
        if word_use.next_tag in ("VBD", "VBZ", "VBN", "VBG"):
            # a modal takes a verb's bare form: "what will said", "when will turned ten", "and will taking him"
            return "doubt"
        if word_use.prev_tag.startswith(("CC", "IN", "NN")) and _ends_utterance(word_use.next_lower):
            # a modal with neither subject nor verb: "and will [00:07:00]", "so will?", "a good un will"
            return "doubt"
    if word_use.prev_lower == "to" and _SPOKEN_TO.search(text, max(0, start - 16), start):
        return "doubt"  # who one speaks to is a person: "i said to hope it would be fine", "talk to will"
    if word_use.prev_tag == "TO" and word_use.tag == "VB" and _ends_utterance(word_use.next_lower):
        return "doubt"  # a verb with no object to end the turn: "they'll put you through to frank"
    if word_use.prev_lower not in _DETERMINERS:
        if _tag_cannot_stand(word_use):
            return "doubt"  # "ryan is will his dad", "contact with rose on saturday", "in grace's bag"
        if word_use.prev_lower in _PREPOSITIONS and word_use.tag.startswith("NN"):
            return "doubt"  # "something about joy cos", "review with joy on the second"
    if word_use.tag.startswith(_ORDINARY_TAGS) or word_use.prev_lower in _ORDINARY_BEFORE:
        return "word"
    if word_use.prev_lower in _KIN_BEFORE and word_use.tag.startswith("NN"):
        return "doubt"  # "my auntie joy": the tagger takes the kin word for an adjective
    if word_use.prev_tag == "JJ" and word_use.prev_lower not in _BEFORE_A_NAME:
        return "word"  # "pure joy", "saving grace"; but "wee grace", "big will"
    if word_use.tag.startswith("NN") and shape != "lower":
        return "name"
    return "doubt"


# Speaking to someone: the word after "to" is who is spoken to.
_SPOKEN_TO = re.compile(
    r"\b(?:said|says|say|saying|talk|talked|talking|talks|spoke|speak|speaking|speaks|explained|mentioned|lied"
    r"|moaned|chatted|chat)[ \t]+to[ \t]+$"
)


def service_or_word(text: str, start: int, end: int, lexicons: Lexicons, word_use: WordUse | None) -> str:
    """Decide whether an occurrence of a known service's one-word name ("anchor", "springboard") is the name.

    A common noun wants an article: where nothing is capitalised, said bare after
    a preposition ("put me onto anchor", "until anchor and") or as a subject
    ("anchor is the only place"), the word is the name. Otherwise it is read as
    a name that is also a word is.
    """
    if case_shape(text[start:end]) == "lower" and lower_case_document(text):
        before = _WORD_BEFORE.search(text, max(0, start - 30), start)
        after = _WORD_AFTER.match(text, end)
        prev_word = before.group(1).casefold() if before else ""
        next_word = after.group(1).casefold() if after else ""
        if prev_word in _BARE_SERVICE_BEFORE or (next_word in _SUBJECT_NEXT and prev_word not in _DETERMINERS):
            return "name"
    return name_or_word(text, start, end, lexicons, word_use)


# A word straight before or after an occurrence, on its line.
_WORD_BEFORE = re.compile(r"([\w'’]+)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([\w'’]+)")
# Where a common noun needs an article, a service's name does not: "onto anchor", "until springboard".
_BARE_SERVICE_BEFORE = frozenset("to onto at from with until till via through into".split())


def _scots_ken(surface: str, use: WordUse | None) -> bool:
    """Scots "ken" (know) after its subject or a negation, or before what is known: "i ken", "ken whit i
    mean", "ken you go in". The tagger and the model both take it for a name."""
    return (
        use is not None and fold(surface) == "ken" and (use.prev_lower in _KEN_BEFORE or use.next_lower in _KEN_AFTER)
    )


# Scots "ken" (know): after its subject or a negation, or before what is known.
_KEN_BEFORE = frozenset("i ye you we they he she it didnae dinnae doesnae don't dont didn't didnt wouldnae y'".split())
_KEN_AFTER = frozenset("whit what wit if how it you ye like yersel him her them that he she they we i".split())
# Phrases where a name that is a word is always the word: "to be frank", "my saving grace", "nae joy".
_IDIOMS = re.compile(
    r"\b(?:to[ \t]+be[ \t]+frank|saving[ \t]+grace|(?:no|nae|any)[ \t]+joy|will[ \t]*power|free[ \t]+will|ill[ \t]+will"
    r"|good[ \t]+will|mark[ \t]+my[ \t]+words?|sunny[ \t]+(?:day|side|spell|weather)|(?:gas|electric|leccy|phone|water)"
    r"[ \t]+bill)\b",
    re.IGNORECASE,
)


def _in_idiom(text: str, start: int, end: int) -> bool:
    """Whether the word stands inside one of the idioms where it is never a name."""
    return any(m.start() <= start and end <= m.end() for m in _IDIOMS.finditer(text, max(0, start - 12), end + 12))


# Thanks said to someone, just before the name ("thanks hope", "thank you so much will").
_THANKS_BEFORE = re.compile(
    r"\b(?:thank[ \t]+you|thanks|cheers)(?:[ \t]+(?:so|very)[ \t]+much)?,?[ \t]+$", re.IGNORECASE
)
# Adjectives said before a name as well as before a noun: "wee grace", "poor rose".
_BEFORE_A_NAME = frozenset("wee big little young auld old baby poor".split())
# Kin said as a title, before a name: "auntie joy", "nana rose".
_KIN_BEFORE = frozenset(kin.casefold() for kin in KIN_TITLES)
_TITLE_LIKE = _KIN_BEFORE | _BEFORE_A_NAME
_VERB_TAGS = ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD")
# After these a past tense may be a participle ("they'd said", "she's grown").
_AUXILIARIES = frozenset("'d had has have 've 's is was were are am be been being do did does get got".split())
# Verbs a bare verb may follow ("did go", "help clean", "go get", "says mark my words"): after any other, a bare
# verb is a name.
_BARE_VERB_AFTER = _AUXILIARIES | frozenset("help let make go come dare need say says said".split())
# Adjectives that make "will" a noun ("free will", "good will"), not a modal after an adjective.
_WILL_ADJECTIVES = frozenset("free good ill own strong sheer political last".split())


def _after_a_noun(use: WordUse | None) -> bool:
    """Whether the word heads a compound after a common noun ("gas bill", "leccy bill", "saving grace")."""
    return use is not None and use.prev_tag in ("NN", "NNS", "JJ") and use.prev_lower not in _TITLE_LIKE


def _tag_cannot_stand(use: WordUse) -> bool:
    """Whether the tagger's reading of the word is impossible where it stands.

    In lower-case text the tagger reads a name that is also a word as the word;
    syntax can refute that reading: a modal after a verb, preposition or
    adjective ("my sponsor is will", "people like will"), or before a possessive
    or a proper noun ("will his dad"), but not before a verb ("what do you hope
    will happen"); a finite verb straight after a preposition or a verb that is
    no auxiliary ("contact with rose", "seeing rose saturday"); a verb's bare
    form straight after a verb that takes none ("tell hope the forms"); a bare noun's
    possessive ("in grace's bag"). Then the word is a doubt, not the word.
    """
    if use.tag == "MD":
        if use.prev_tag in ("IN", "TO", "POS"):
            return True
        if use.prev_tag in _VERB_TAGS and not use.next_tag.startswith(("VB", "RB")):
            return True
        if use.prev_tag == "JJ" and use.prev_lower not in _WILL_ADJECTIVES:
            return True
        return use.prev_tag != "PRP" and use.next_tag in ("PRP$", "IN", "POS", "NNP", "NNPS")
    if use.tag in ("VBD", "VBP", "VBZ"):
        return use.prev_tag in (*_VERB_TAGS, "IN", "TO", "POS") and use.prev_lower not in _AUXILIARIES
    if use.tag == "VB":
        return use.prev_tag in ("VB", "VBD", "VBP", "VBZ") and use.prev_lower not in _BARE_VERB_AFTER
    return use.tag.startswith("NN") and use.next_tag == "POS"


_HONORIFIC_BEFORE = re.compile(r"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof)\.?[ \t]+$")


def _titled_person(group: list[Detection], text: str) -> list[Detection]:
    """After "Mr" or "Mrs" a word is a person, whatever a gazetteer says: "Mr Charlton" is no London district."""
    start = group[0].start
    persons = [d for d in group if d.label == "PERSON"]
    if persons and len(persons) < len(group) and _HONORIFIC_BEFORE.search(text[max(0, start - 8) : start]):
        return persons
    return group


def _combine(group: list[Detection]) -> Detection:
    """One candidate from several on the same span: evidence adds up, the most specific label wins."""
    best = min(group, key=lambda d: (_priority(d.source), -d.score))
    missing = 1.0
    for source in sorted({d.source for d in group}):
        missing *= 1.0 - max(d.score for d in group if d.source == source)
    score = round(1.0 - missing, 3)
    kind = best.kind or next((d.kind for d in group if d.kind), "")
    return replace(best, score=max(score, best.score), kind=kind)


def _select(candidates: list[Detection]) -> tuple[list[Detection], list[tuple[Detection, str]]]:
    """Non-overlapping candidates by ResolvePolicy.LONGEST_THEN_SCORE.

    A street address with its house number goes first: the model knows no house
    numbers, and its span across one ("birkhill crescent broxburn" of "fourteen
    birkhill crescent broxburn") would cost the address its number.
    """

    def order(d: Detection) -> tuple[bool, int, float, int, int]:
        address = d.label == "CONTACT" and d.kind == "address" and not d.source.startswith("spacy")
        return (not address, -(d.end - d.start), -d.score, _priority(d.source), d.start)

    ordered = sorted(candidates, key=order)
    kept: list[Detection] = []
    spans = SpanSet()
    dropped: list[tuple[Detection, str]] = []
    for detection in ordered:
        if spans.overlaps(detection.start, detection.end):
            dropped.append((detection, "overlap"))
            continue
        kept.append(detection)
        spans.add(detection.start, detection.end)
    return sorted(kept), dropped


@functools.lru_cache(maxsize=64)
def _keep_pattern(terms: frozenset[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex of the kept strings, any spacing and apostrophe (C speed over long texts)."""
    if not terms:
        return None
    parts = sorted((r"\s+".join(re.escape(w).replace("'", "['’]") for w in t.split()) for t in terms), key=len)
    return re.compile(r"(?<!\w)(?:" + "|".join(reversed(parts)) + r")(?!\w)", re.IGNORECASE)


def allowed_spans(text: str, rules: Rules, lexicons: Lexicons, file: str) -> SpanSet:
    """Where the text holds a string the rules keep (allow entries, keep decisions): nothing inside is replaced.

    The allow list's phrases count too: "alia" of "inter alia" is no name.
    """
    terms = rules.allow | lexicons.allow_phrases | {term for where, term in rules.allow_in if where == file}
    pattern = _keep_pattern(frozenset(terms))
    return SpanSet(_kept_in(text, pattern)) if pattern is not None else SpanSet()


@functools.lru_cache(maxsize=32)
def _kept_in(text: str, pattern: re.Pattern[str]) -> tuple[tuple[int, int], ...]:
    """The spans of ``pattern`` in ``text``: each propagation round resolves a document again, with the same."""
    return tuple(m.span() for m in pattern.finditer(text))


def _allowed(detection: Detection, rules: Rules, lexicons: Lexicons, file: str) -> str:
    """Why a detection must not be replaced in this file, or "" if it may be."""
    key = fold(" ".join(detection.text.split()))
    if rules.is_allowed(detection.text, file) or key in lexicons.allow:
        return "allow-list"
    if detection.label in ("LOCATION", "SERVICE") and key in lexicons.countries:
        return "country"
    if detection.label in ("LOCATION", "SERVICE") and key in lexicons.national_bodies:
        return "national body"
    if detection.label == "PERSON" and not any(c.isalpha() for c in detection.text):
        return "no letters"
    if key in lexicons.not_names:
        return "not a name (title, kinship, dialect)"
    return ""


def resolve(
    detected: DetectedDocument, rules: Rules, lexicons: Lexicons, known: PhraseIndex | None = None
) -> ResolvedDocument:
    """Settle one document's detections into grouped, non-overlapping mentions.

    Example:
        >>> resolved = resolve(detected, rules, lexicons)  # doctest: +SKIP
        >>> [(m.text, m.label, m.part) for m in resolved.mentions]
        [('Dawn Mackie', 'PERSON', 'full'), ('Dawn', 'PERSON', 'first')]
    """
    text = detected.document.text
    dropped: list[tuple[Detection, str]] = []
    by_span: dict[tuple[int, int], list[Detection]] = {}
    kept_spans = allowed_spans(text, rules, lexicons, detected.document.rel_path)
    for raw in detected.detections:
        detection = trim(raw)
        if detection is not None and detection.label == "PERSON":
            detection = _edge_words(detection, lexicons, text)
        if detection is None:
            dropped.append((raw, "empty after trimming"))
            continue
        if kept_spans.within(detection.start, detection.end):
            dropped.append((detection, "inside a string the rules keep"))
            continue
        reason = _allowed(detection, rules, lexicons, detected.document.rel_path)
        if reason:
            dropped.append((detection, reason))
            continue
        for part in _two_first_names(detection, lexicons):
            by_span.setdefault((part.start, part.end), []).append(part)
    combined = [_combine(_titled_person(group, text)) for group in by_span.values()]
    strong = [d for d in combined if d.score >= rules.replace_threshold]
    weak = [d for d in combined if d.score < rules.replace_threshold]
    uses = {(u.start, u.end): u for u in detected.word_uses}
    strong, weak = _promote_nicknames(strong, weak, lexicons, text, uses)
    strong = _agree_labels(strong)
    kept, overlapped = _select(strong)
    dropped.extend(overlapped)
    kept += _acronyms_given(text, kept, lexicons)
    cased = not lower_case_document(text)
    if not cased:
        kept = _with_heads(text, kept)

    taken = SpanSet((d.start, d.end) for d in kept)
    review: list[ReviewItem] = []
    propagated: list[Detection] = []
    # A weak detection where a known name stands is a second opinion that the word is the name,
    # whatever it took the name for ("at laburnum friday": a place to the model, the practice's name).
    weak_at = {(d.start, d.end) for d in weak if d.label in PROPAGATED_LABELS}
    local = known_terms([ResolvedDocument(detected.document, tuple(_as_mentions(kept)), ())], [], lexicons)
    # A known name of several words takes the place of weaker detections inside it ("Key" of "Kettle and Key").
    weaker = {(d.start, d.end): d for d in kept if d.score < PROPAGATION_SCORE and not d.source.startswith("rule:")}

    def blocked(start: int, end: int) -> bool:
        if kept_spans.within(start, end):
            return True
        return any(
            span not in weaker or span == (start, end) or span[0] < start or span[1] > end
            for span in taken.overlapping(start, end)
        )

    for index in (local, known) if known is not None else (local,):
        for start, end, value in index.find(text, blocked=blocked):
            term: KnownTerm = value  # type: ignore[assignment]
            one_letter = sum(c.isalpha() for c in text[start:end]) < 2
            if NEGATION_AFTER.match(text, end) or (
                one_letter and (text[start:end].islower() or _after_apostrophe(text, start))
            ):
                continue  # "Don't", "Shan't": a verb, whoever is called Don; the "s." of "Robertson's.": no name
            candidate = Detection(start, end, term.label, text[start:end], "propagation", PROPAGATION_SCORE, term.kind)
            if _allowed(candidate, rules, lexicons, detected.document.rel_path):
                continue
            use = uses.get((start, end))
            if term.label == "SERVICE" and len(text[start:end].split()) == 1:
                verdict = service_or_word(text, start, end, lexicons, use)
            elif term.label == "PERSON" or len(text[start:end].split()) == 1:
                verdict = name_or_word(text, start, end, lexicons, use)
            else:
                verdict = "name"
            if verdict == "word" and (start, end) in weak_at and not _scots_ken(text[start:end], use):
                verdict = "doubt"  # "thank you bobby": the model reads a person where the tagger reads a word
            elif cased and text[start:end].islower() and _after_a_noun(use):
                verdict = "word"  # where names have capitals, "the gas bill" is the word (listed for review)
            if verdict == "word":
                review.append(
                    ReviewItem(
                        start,
                        end,
                        term.label,
                        text[start:end],
                        "propagation",
                        0.3,
                        "known name used as an ordinary word",
                    )
                )
                continue
            propagated.append(candidate if verdict == "name" else replace(candidate, score=DOUBT_SCORE))
            for span in taken.overlapping(start, end):
                taken.remove(*span)
                kept.remove(weaker.pop(span))
            taken.add(start, end)
    if not cased:
        persons = [d for d in kept + propagated if d.label == "PERSON"]
        propagated += _names_by_syntax(text, detected.word_uses, lexicons, taken, review, persons, weak_at)
    names = {fold(d.text) for d in kept + propagated if d.label == "PERSON"}
    for start, end in _bare_possessives(
        text, names, (local, known) if known is not None else (local,), lexicons, taken
    ):
        propagated.append(Detection(start, end, "PERSON", text[start:end], "propagation", PROPAGATION_SCORE, "name"))
        taken.add(start, end)
    initials, displaced = _initials(text, kept + propagated, taken)
    kept = [d for d in kept if d not in displaced]
    propagated += initials
    for d in weak:
        if not taken.overlaps(d.start, d.end):
            review.append(ReviewItem(d.start, d.end, d.label, d.text, d.source, d.score, "below the replace threshold"))
    mentions, groups = _group(sorted(kept + propagated), lexicons, text)
    review += _sibling_links(mentions, groups, lexicons)
    review = _dedupe_review(review)
    return ResolvedDocument(detected.document, tuple(mentions), tuple(groups), tuple(review), tuple(dropped))


def _sibling_links(mentions: list[Mention], groups: list[EntityGroup], lexicons: Lexicons) -> list[ReviewItem]:
    """A lone name linked to a person only as another short form of the same name ("Will" to Billy
    Fairclough, both of William; "Boaby" to Rab Boyle), or as a pet form that is a given name of its own
    ("Frankie" to Frank Hepworth): often the same person, often two. Listed for a human, as the registry
    lists an ambiguous alias; the link stands until a decision."""
    items = []
    for m in mentions:
        group = groups[m.group]
        if m.label != "PERSON" or m.part != "first" or " " in m.text.strip() or not group.first:
            continue
        short, first = fold(m.text), fold(group.first)
        if short == first:
            continue
        if short.startswith(first) and short in lexicons.first_names:
            # "Frankie" of Frank Hepworth: a pet form of the name, but a name of its own too (often a child's).
            reason = f"ambiguous short form: {m.text} may be {group.canonical} or someone of that name"
        elif is_short_form(short, first, lexicons) or is_short_form(first, short, lexicons):
            continue
        elif is_short_form(short, first, lexicons, siblings=True):
            reason = f"ambiguous short form: {m.text} and {group.canonical} are both short for one name"
        else:
            continue
        items.append(ReviewItem(m.start, m.end, "PERSON", m.text, m.source, m.score, reason))
    return items


# Initials as field notes write a person: "KB", "K.N.", "P. R."; never before a digit ("P07").
_INITIALS = re.compile(r"(?<![\w.])[A-Z]\.?[ ]?[A-Z]\.?(?:[ ]?[A-Z]\.?)?(?![\w])")
# Two and three capitals that are the domain's abbreviations before anyone's initials.
ABBREVIATIONS = frozenset(
    """SW HV GP DV NA AA CA CP UK TV ID OK AM PM DJ PE RE IT HR MP PC DI DC DS PO BT AE AN CV PT OT SN CPN SWs
    DWP NHS CAB ADHD ASD PTSD OCD ECT GCSE SEN SENCO LAC CIN CSE CAMHS LA MH DA IV""".split()
)


def initials_of(full_name: str) -> set[str]:
    """The initials a full name is written with: "Kerry-Ann Blyth" gives "KB" and "KAB"."""
    words = full_name.split()
    first, last = words[0], words[-1]
    heads = {first[:1], "".join(part[:1] for part in first.split("-"))}
    return {(head + last[:1]).upper() for head in heads if head}


def _initials(text: str, detections: list[Detection], taken: SpanSet) -> tuple[list[Detection], list[Detection]]:
    """Initials standing for a person whose full name the file gives ("KB" after "Kerry-Ann Blyth").

    Only where one full name in the file has those initials, and they are no
    common abbreviation ("SW", "HV", "GP"). They take the place of what the
    model alone read inside them as an organisation or place ("K.N" of
    "K.N."); returns the initials and the detections they displace.
    """
    holders: dict[str, set[str]] = {}
    for d in detections:
        words = d.text.split()
        if d.label == "PERSON" and len(words) >= 2 and all(w[:1].isupper() for w in words):
            for letters in initials_of(d.text):
                holders.setdefault(letters, set()).add(fold(d.text))
    found: list[Detection] = []
    displaced: list[Detection] = []
    for m in _INITIALS.finditer(text):
        letters = re.sub(r"[^A-Z]", "", m.group(0))
        if len(holders.get(letters, ())) != 1 or letters in ABBREVIATIONS:
            continue
        inside = [d for d in detections if d.start < m.end() and m.start() < d.end]
        if any(
            d.source != "spacy:ner" or d.label == "PERSON" or d.start < m.start() or d.end > m.end() for d in inside
        ):
            continue  # something surer, or wider, holds the place
        found.append(Detection(m.start(), m.end(), "PERSON", m.group(0), "initials", 0.6, "initials"))
        displaced += inside
        taken.add(m.start(), m.end())
    return found, displaced


def _groups_with_initials(groups: list[EntityGroup], written: str) -> Iterator[int]:
    """The person groups whose full name has the initials ``written`` ("K.N." of Kamil Nowak)."""
    letters = re.sub(r"[^A-Z]", "", written)
    for i, group in enumerate(groups):
        if group.label == "PERSON" and group.first and group.last and letters in initials_of(group.canonical):
            yield i


# What a named place or service is, said after its name: "the high fields centre", "lang toun recovery cafe".
_HEAD_AFTER = re.compile(
    r"[ \t]+(?:(?:recovery|community|family|youth|children's|childrens|drop-in|day|care|health|resource|training)[ \t]+)?"
    r"(?:centre|center|cafe|café|project|hub|clinic|surgery|practice|care home|care|nursery|academy|primary|library)\b"
)


def _with_heads(text: str, kept: list[Detection]) -> list[Detection]:
    """In a text without capitals, a named place or service and the head after it, as one service.

    Where nothing is capitalised, the head is all that shows the name goes
    on ("we go to the high fields centre on a monday"): transcribers and
    annotators take it as part of the name, so it is replaced with it.
    """
    taken = SpanSet((d.start, d.end) for d in kept)
    out = []
    for d in kept:
        m = _HEAD_AFTER.match(text, d.end) if d.label in ("LOCATION", "SERVICE") else None
        if m is not None and not taken.overlaps(d.end, m.end()):
            d = replace(d, end=m.end(), text=text[d.start : m.end()], label="SERVICE", kind="organisation")
            taken.add(d.start, d.end)
        out.append(d)
    return out


# An acronym said or written straight after a name: "Blackpool Teaching Hospitals, BTH", "(CGL)".
_ACRONYM_AFTER = re.compile(r"(?:,[ \t]*|[ \t]*\([ \t]*)(?P<id>[A-Z][A-Z&]{1,6})(?![\w&])")
_CAPITALS = re.compile(r"(?<![\w&])[A-Z][A-Z&]{2,6}(?![\w&])")
_NOT_IN_ACRONYMS = frozenset("of the and & for in on at to".split())


def _acronyms_given(text: str, kept: Sequence[Detection], lexicons: Lexicons) -> list[Detection]:
    """A service's (or venue's) acronym in the file where its letters are the initials of the service's name.

    Straight after the name, two letters do ("Blackpool Teaching Hospitals,
    BTH", "Change Grow Live (CGL)"); anywhere else in the file, three
    ("Blackpool Victoria Hospital, for the transcript. BVH."). From then on
    the acronym is known like the name. An acronym the allow list or the
    national bodies hold ("CAMHS", "NHS") stays.
    """
    taken = SpanSet((d.start, d.end) for d in kept)
    named: dict[str, Detection] = {}  # initials -> the service they stand for
    found: list[Detection] = []

    def add(start: int, end: int, service: Detection) -> None:
        acronym = text[start:end]
        if taken.overlaps(start, end) or fold(acronym) in lexicons.allow or fold(acronym) in lexicons.national_bodies:
            return
        found.append(Detection(start, end, service.label, acronym, "acronym_given", service.score, service.kind))
        taken.add(start, end)

    for d in kept:
        if d.label not in ("SERVICE", "LOCATION"):  # a hospital the gazetteer holds is a venue
            continue
        words = [w for w in re.findall(r"[^\W\d_]+", d.text) if w.casefold() not in _NOT_IN_ACRONYMS]
        initials = "".join(w[0] for w in words).upper()
        if len(initials) >= 3:
            named.setdefault(initials, d)
        m = _ACRONYM_AFTER.match(text, d.end)
        if m is not None and m.group("id").replace("&", "") == initials:
            add(m.start("id"), m.end("id"), d)
    if named:
        for m in _CAPITALS.finditer(text):
            service = named.get(m.group(0).replace("&", ""))
            if service is not None:
                add(m.start(), m.end(), service)
    return found


_S_WORD = re.compile(r"\b[^\W\d_]{3,}s\b")


# What a person has, after a possessive typed without its apostrophe: "bills mum", "hopes school".
_OWNED_AFTER = re.compile(
    r"[ \t]+(?:mum|mam|mammy|ma|dad|da|nan|nana|gran|granny|grandad|brother|sister|wean|weans|bairn|bairns|kids"
    r"|son|daughter|partner|fella|boyfriend|girlfriend|husband|wife|auntie|uncle|cousin|school|teacher|worker"
    r"|house|flat|room|bedroom|birthday|bike|phone|car)\b"
)
_DETERMINER_BEFORE = re.compile(
    r"\b(?:a|an|the|my|your|his|her|our|their|its|these|those|some|any|no|nae|all|pay|paying|paid)[ \t]+$"
)


def _bare_possessives(
    text: str, names: Set[str], indexes: Sequence[PhraseIndex], lexicons: Lexicons, taken: SpanSet
) -> Iterator[tuple[int, int]]:
    """The name in a possessive typed without its apostrophe: "sunny" of "after sunnys school rang".

    Speech recognisers and quick typists drop the apostrophe; a name the file
    or the project knows (``names``: this file's, folded) and an "s" that make
    no word ("sunnys", not "wills" or "hopes") are the name's possessive.
    """
    for m in _S_WORD.finditer(text):
        start, end = m.start(), m.end() - 1
        if taken.overlaps(start, m.end()):
            continue
        if lexicons.is_common_word(m.group(0)) and not (
            _OWNED_AFTER.match(text, m.end()) and not _DETERMINER_BEFORE.search(text, max(0, start - 12), start)
        ):
            continue  # "my hopes were low", "wills were made"; but "bills mum came round" is Bill's
        name = fold(text[start:end])
        terms = (index.phrases.get((name,)) for index in indexes)
        if name in names or any(isinstance(t, KnownTerm) and t.label == "PERSON" for t in terms):
            yield start, end


def _names_by_syntax(
    text: str,
    uses: Sequence[WordUse],
    lexicons: Lexicons,
    taken: SpanSet,
    review: list[ReviewItem],
    persons: Sequence[Detection],
    weak_at: Set[tuple[int, int]],
) -> list[Detection]:
    """In a text without capitals, the first names that are also words, decided by syntax alone.

    A doubtful occurrence of a word this text uses as a name elsewhere ("when
    I had grace", where "grace is six"), or as the short form of a name found
    in it (of ``persons``: "thank you so much will" to a William), joined
    by "and" to a name ("our kids sunny and rose"), or that a weak detection
    also reads as a name (``weak_at``: "my auntie joy", "my mum comfort"), is
    replaced with doubt; of any other, listed for review.
    """
    candidates = []
    for use in uses:
        key = fold(text[use.start : use.end])
        if taken.overlaps(use.start, use.end) or key not in lexicons.first_names or key in lexicons.not_names:
            continue
        candidates.append((use, key, name_or_word(text, use.start, use.end, lexicons, use)))
    named = {key for _, key, verdict in candidates if verdict == "name"}
    firsts = {fold(d.text.split()[0]) for d in persons}
    named |= {key for _, key, _ in candidates if any(fold(full) in firsts for full in lexicons.nicknames.get(key, ()))}
    # A word joined by "and" to a name is a doubt: "my two grace and will", "our kids sunny and rose".
    named_ends = {d.end for d in persons} | {use.end for use, _, verdict in candidates if verdict == "name"}
    found = []
    for use, key, verdict in candidates:
        surface = text[use.start : use.end]
        joined = verdict != "name" and _joined_to(text, use.start, named_ends)
        if verdict == "name" or joined or (verdict == "doubt" and (key in named or (use.start, use.end) in weak_at)):
            score = 0.6 if verdict == "name" else DOUBT_SCORE
            found.append(Detection(use.start, use.end, "PERSON", surface, "NameSyntax", score, "first name"))
            taken.add(use.start, use.end)
        elif verdict == "doubt":
            review.append(ReviewItem(use.start, use.end, "PERSON", surface, "NameSyntax", 0.4, "may be a name"))
    return found


_JOINED = re.compile(r"\s+(?:and|or|an|n)\s+$")


def _joined_to(text: str, start: int, name_ends: set[int]) -> bool:
    """Whether the word at ``start`` follows "<a name> and" (a name ending at one of ``name_ends``)."""
    m = _JOINED.search(text, max(0, start - 8), start)
    return m is not None and m.start() in name_ends


def _agree_labels(detections: list[Detection]) -> list[Detection]:
    """A name the model calls a person in one place and a service or place in another is the person.

    The model reads "Brannock came round" as a person and "Brannock's moving
    on" as an organisation; one name in one file is one thing. A kinship or
    courtesy title makes a person too ("Nanna Glenys").
    """
    persons = {fold(d.text) for d in detections if d.label == "PERSON"}
    out = []
    for d in detections:
        if d.source == "spacy:ner" and d.label in ("SERVICE", "LOCATION"):
            bare = _POSSESSIVE.sub("", d.text) if d.text.endswith(("'s", "’s")) else d.text
            if fold(bare) in persons:
                d = replace(d, label="PERSON", kind="person", text=bare, end=d.start + len(bare))
            elif _KIN_TITLE.match(d.text):  # "Nanna Glenys", "Auntie Pat": nobody's organisation
                d = trim(replace(d, label="PERSON", kind="person")) or d
        out.append(d)
    return out


_KIN_TITLE = re.compile(rf"^(?:Mrs|Mr|Ms|Miss|Mx|{'|'.join(KIN_TITLES)})\.?\s+\S")


def _promote_nicknames(
    strong: list[Detection],
    weak: list[Detection],
    lexicons: Lexicons,
    text: str,
    uses: Mapping[tuple[int, int], WordUse],
) -> tuple[list[Detection], list[Detection]]:
    """A doubtful name that is the diminutive of a name found in the same file is that name ("Meg", "Megan"),
    unless syntax says it is the word ("Will you come?" beside a William)."""
    firsts = {fold(d.text.split()[0]) for d in strong if d.label == "PERSON"}
    promoted, still_weak = [], []
    for d in weak:
        forms = lexicons.nicknames.get(fold(d.text), ())
        if (
            d.label == "PERSON"
            and any(fold(f) in firsts for f in forms)
            and name_or_word(text, d.start, d.end, lexicons, uses.get((d.start, d.end))) != "word"
        ):
            promoted.append(replace(d, score=PROPAGATION_SCORE, source=d.source + "+nickname"))
        else:
            still_weak.append(d)
    return strong + promoted, still_weak


def _dedupe_review(items: list[ReviewItem]) -> list[ReviewItem]:
    best: dict[tuple[int, int], ReviewItem] = {}
    for item in items:
        if (item.start, item.end) not in best or item.score > best[(item.start, item.end)].score:
            best[(item.start, item.end)] = item
    kept: list[ReviewItem] = []
    spans = SpanSet()
    for item in sorted(best.values(), key=lambda r: (-(r.end - r.start), -r.score)):
        if not spans.overlaps(item.start, item.end):
            kept.append(item)
            spans.add(item.start, item.end)
    return sorted(kept, key=lambda r: r.start)


def _as_mentions(detections: list[Detection]) -> list[Mention]:
    return [Mention(d.start, d.end, d.label, d.text, d.source, d.score, d.kind, -1, "full") for d in detections]


def group_key(label: str, text: str) -> str:
    """The normalised form that makes two mentions the same entity."""
    if label == "CONTACT":
        digits = re.sub(r"\D", "", text)
        if len(digits) >= 9 and not re.search(r"[A-Za-z]{2}", text):
            return digits[-10:]  # one phone number however it is spaced or prefixed
        return re.sub(r"\s+", "", fold(text))
    word = spelled(text)
    return " ".join(token_key(word or text)).replace(" ' s", "").replace(" - ", "-")


_FEMALE_TITLE = re.compile(rf"\b(?:Mrs|Ms|Miss|Madam|Lady|Dame|Sister|{'|'.join(KIN_FEMALE)})\.?\s+$", re.I)
_MALE_TITLE = re.compile(rf"\b(?:Mr|Sir|Lord|Father|{'|'.join(KIN_MALE)})\.?\s+$", re.I)


# Who someone is, said just before their name: "his da is Sandy Gamble", "my sister, Alex".
_KIN_IS = r"(?:['’]s|[ \t,]+(?:is|was|called))?[ \t,]+$"
_FEMALE_KIN = re.compile(
    r"\b(?:mum|mam|mammy|mummy|mother|sister|daughter|wife|girlfriend|auntie|aunty|aunt|nan|nana|gran|granny"
    rf"|granddaughter|niece|stepmum|stepdaughter){_KIN_IS}",
    re.I,
)
_MALE_KIN = re.compile(
    r"\b(?:dad|da|daddy|father|brother|son|husband|boyfriend|uncle|grandad|grandson|nephew|stepdad|stepson|fella)"
    rf"{_KIN_IS}",
    re.I,
)


def _title_gender(text: str, start: int) -> str:
    """The gender a title or a kin word just before a name states ("Mrs Mackie", "his da is Sandy"), or ""."""
    before = text[max(0, start - 12) : start]
    if _FEMALE_TITLE.search(before):
        return "f"
    if _MALE_TITLE.search(before):
        return "m"
    before = text[max(0, start - 24) : start]
    return "f" if _FEMALE_KIN.search(before) else "m" if _MALE_KIN.search(before) else ""


_PET_ENDINGS = ("sie", "sy", "ie", "ey", "y", "s", "o")  # "Gracie", "Hopey", "Megs", "Jacko"
_INITIAL = re.compile(r"^[A-Z]\.?$")  # "M." of "M. Kavanagh" (not the Welsh "y" of "y Wennol")


def is_short_form(short: str, full: str, lexicons: Lexicons, siblings: bool = False) -> bool:
    """Whether the folded name ``short`` is a short form of the folded name ``full``.

    The nickname lexicon's ("Megs" of "Megan"; with ``siblings``, two forms of
    one name: "Boaby" and "Rab", both of Robert); the first part of a
    hyphenated name ("Kayleigh" of "Kayleigh-Ann"); and the English ways of
    making one: the start of the name ("Kay" of "Kayleigh", "Ger" of
    "Gerard"), with an "s" or "es" ("Kayls", "Rubes"), or its stem with a pet ending ("Gracie" of
    "Grace", "Aoifs" of "Aoife"). Never between names whose genders the lexicon knows to differ.
    """
    if short == full or not short or not full:
        return False
    fulls = {fold(n) for n in _nickname_of(short, lexicons)}
    if siblings:
        return bool(fulls & {fold(n) for n in lexicons.nicknames.get(full, ())})
    if full in fulls:
        return True
    if "-" in full and full.split("-")[0] == short:
        return True
    genders = {lexicons.first_names.get(short, "u"), lexicons.first_names.get(full, "u")}
    if {"f", "m"} <= genders:
        return False
    if len(short) >= 3 and len(full) >= len(short) + 2 and full.startswith(short):
        return True
    if short.endswith("s") and len(short) >= 5 and full.startswith(short[:-1]):
        return True  # the start of the name and an "s": "Kayls" of "Kayleigh"
    stem = short[:-2]
    if short.endswith("es") and len(stem) >= 3 and full.startswith(stem) and len(full) - len(stem) <= 2:
        if short not in lexicons.first_names:  # "Rubes" of "Ruby", "Jules" of "Julie"; "James" is a name
            return True
    for ending in _PET_ENDINGS:
        stem = short[: -len(ending)]
        if (
            short.endswith(ending)
            and len(stem) >= 3
            and (full == stem or full.startswith(stem) and len(full) - len(stem) <= 2)
        ):
            return True
    return False


def _nickname_of(short: str, lexicons: Lexicons) -> tuple[str, ...]:
    """The full names the nickname lexicon gives ``short``, or its bare possessive ("kasias" of Katarzyna)."""
    fulls = lexicons.nicknames.get(short, ())
    if not fulls and short.endswith("s") and short not in lexicons.first_names:
        fulls = lexicons.nicknames.get(short[:-1], ())
    return fulls


_PET_SURNAME_ENDINGS = ("y", "ie", "o", "sy")


def pet_stems(name: str) -> list[str]:
    """The surnames a folded name may be the pet form of: "reidy" -> ["reid"]."""
    return [name[: -len(e)] for e in _PET_SURNAME_ENDINGS if name.endswith(e) and len(name) - len(e) >= 3]


def is_first_name(folded: str, lexicons: Lexicons) -> bool:
    """Whether the lexicons know a folded word as a first name or a short form of one ("Kay", "Mo")."""
    return folded in lexicons.first_names or folded in lexicons.nicknames


class _ShortForms:
    """A file's names indexed by what their short forms can be, so finding one costs no scan of them all.

    Candidates come from the nickname table (both ways, and two nicknames of
    one name), from names that start with the short form or with its stem,
    and from the short form's own beginnings; ``is_short_form`` then decides.
    """

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        self.groups: dict[str, list[int]] = {}  # folded name -> groups
        self.names: list[str] = []  # sorted, for prefix searches

    def add(self, name: str, group: int) -> None:
        if name not in self.groups:
            bisect.insort(self.names, name)
            self.groups[name] = []
        if group not in self.groups[name]:
            self.groups[name].append(group)

    def _starting(self, prefix: str) -> Iterator[str]:
        i = bisect.bisect_left(self.names, prefix)
        while i < len(self.names) and self.names[i].startswith(prefix):
            yield self.names[i]
            i += 1

    def _candidates(self, short: str) -> list[str]:
        lex = self.lexicons
        fulls = [fold(n) for n in _nickname_of(short, lex)]
        names = {*fulls, *lex.short_forms.get(short, ()), *(n for f in fulls for n in lex.short_forms.get(f, ()))}
        names.update(self._starting(short))
        for ending in _PET_ENDINGS:
            if short.endswith(ending) and len(short) - len(ending) >= 3:
                names.update(self._starting(short[: -len(ending)]))
        for i in range(2, len(short)):
            names.add(short[:i])
            names.update(short[:i] + ending for ending in _PET_ENDINGS)
        return sorted(n for n in names if n in self.groups)

    def matches(self, short: str, both_ways: bool = False, siblings: bool = True) -> list[int]:
        """The distinct groups whose name ``short`` is a short form of (or, ``both_ways``, that is one of it).

        With ``siblings``, two short forms of one name ("Boaby", "Rab") count,
        but only when nothing closer does: with a Thomas and a Tommy about,
        "Tam" is Thomas's.
        """
        lex = self.lexicons
        candidates = self._candidates(short)
        for sibling in (False, True) if siblings else (False,):
            found = [
                group
                for name in candidates
                if is_short_form(short, name, lex, sibling)
                or (both_ways and not sibling and is_short_form(name, short, lex))
                for group in self.groups[name]
            ]
            if found:
                return list(dict.fromkeys(found))
        return []


def _one(candidates: Iterable[int]) -> int:
    """The one distinct candidate, or -1 when there are none or several."""
    distinct = set(candidates)
    return distinct.pop() if len(distinct) == 1 else -1


def _group(detections: list[Detection], lexicons: Lexicons, text: str = "") -> tuple[list[Mention], list[EntityGroup]]:
    """Group mentions into entities; person name parts attach to the full name they belong to."""
    groups: list[EntityGroup] = []
    index: dict[tuple[str, str], int] = {}
    first_of: dict[str, list[int]] = {}
    last_of: dict[str, list[int]] = {}

    first_names = _ShortForms(lexicons)  # the first names of full names
    lone_firsts = _ShortForms(lexicons)  # lone first names
    lone_lasts: dict[str, list[int]] = {}  # lone surnames

    def new_group(group: EntityGroup) -> int:
        groups.append(group)
        g = len(groups) - 1
        index[(group.label, group.key)] = g
        if group.label == "PERSON" and group.first and not group.last:
            lone_firsts.add(fold(group.first), g)
        elif group.label == "PERSON" and group.last and not group.first:
            lone_lasts.setdefault(fold(group.last), []).append(g)
        return g

    def lone_group(name: str) -> int:
        """The one lone first name or surname group ``name`` is a short form of, or that is one of it; else -1.

        "Megs" and "Megan", "Kay" and "Kayleigh", "Reid" and "Reidy", in either order; but not
        two short forms of one name with no full form said ("Bill" and "Will" are mostly two men).
        """
        by_surname = [g for stem in pet_stems(name) for g in lone_lasts.get(stem, [])]
        by_surname += [g for e in _PET_SURNAME_ENDINGS for g in lone_lasts.get(name + e, [])]
        hits = list(dict.fromkeys(by_surname + lone_firsts.matches(name, both_ways=True, siblings=False)))
        return hits[0] if len(hits) == 1 else -1

    persons = [d for d in detections if d.label == "PERSON"]
    holders_of: dict[tuple[str, ...], set[str]] = {}  # the start of a long name -> the long names' keys
    for d in persons:
        words = tuple(fold(w) for w in d.text.split())
        for k in range(2, len(words)):
            holders_of.setdefault(words[:k], set()).add(group_key("PERSON", d.text))
    first_names_of: dict[str, str] = {}  # "mary jane" of "mary jane doig": its double first name
    for d in persons:
        words = d.text.split()
        if len(words) == 2 and (_INITIAL.match(words[0]) or fold(words[0]) in SURNAME_PARTICLES):
            continue  # "M. Kavanagh", "Ó Dochartaigh": no first name
        holders = holders_of.get(tuple(fold(w) for w in words), set())
        if len(words) >= 2 and len(holders) == 1:
            first_names_of[group_key("PERSON", d.text)] = next(iter(holders))
            continue
        if len(words) >= 2 and (d.label, group_key("PERSON", d.text)) not in index:
            first, last = words[0], _surname(words)
            g = new_group(EntityGroup("PERSON", group_key("PERSON", d.text), d.text, "person", first, last))
            first_of.setdefault(fold(first), []).append(g)
            last_of.setdefault(fold(last), []).append(g)
            first_names.add(fold(first), g)

    mentions: list[Mention] = []
    for d in detections:
        key = group_key(d.label, d.text)
        part = "full"
        if d.label == "PERSON":
            folded = fold(d.text)
            words = d.text.split()
            short_of_first = short_of_last = -1
            if len(words) == 1:  # "Megs", "Kay", "Hopey" of a full name in this file; "Reidy" of Calum Reid
                # Never a person whose stated gender differs: "my sister, Alex" is not "his da, Sandy".
                stated = _title_gender(text, d.start) if text else ""
                short_of_first = _one(
                    g for g in first_names.matches(folded) if not (stated and groups[g].gender not in ("", stated))
                )
                if short_of_first < 0:
                    # The full name the nickname table gives for a file's first name, said alone: "archie
                    # gilmour well archibald" (the table only; a name is no short form of a longer one).
                    short_of_first = _one(
                        g
                        for short in lexicons.short_forms.get(folded, ())
                        for g in first_names.groups.get(fold(short), ())
                        if not (stated and groups[g].gender not in ("", stated))
                    )
                short_of_last = _one(i for stem in pet_stems(folded) for i in last_of.get(stem, []))
            if d.kind == "initials" and (g := _one(_groups_with_initials(groups, d.text))) >= 0:
                part = "initials"  # "KB" of Kerry-Ann Blyth, found by _initials
            elif len(words) == 2 and _INITIAL.match(words[0]):
                # "M. Kavanagh": the full name of this surname with this initial, else a surname of its own.
                surname, initial = fold(words[1]), fold(words[0])[0]
                g, part = _one(i for i in last_of.get(surname, []) if fold(groups[i].first)[:1] == initial), "initial"
                if g < 0:
                    g = index.get(("PERSON", group_key("PERSON", words[1])), -1)
                if g < 0:
                    g = new_group(EntityGroup("PERSON", group_key("PERSON", words[1]), d.text, "person", "", words[1]))
            elif key in first_names_of:
                g, part = index[("PERSON", first_names_of[key])], "first"
            elif len(words) >= 2 and ("PERSON", key) in index:
                g = index[("PERSON", key)]
            elif len(first_of.get(folded, [])) == 1:
                g, part = first_of[folded][0], "first"
            elif len(last_of.get(folded, [])) == 1:
                g, part = last_of[folded][0], "last"
            elif short_of_first >= 0:
                g, part = short_of_first, "first"
            elif short_of_last >= 0:
                g, part = short_of_last, "last"
            else:
                # A surname two full names of the file share is a surname said alone ("Everybody knows Bagnall").
                is_surname = (
                    (folded in lexicons.surnames and not is_first_name(folded, lexicons))
                    or len(words) > 1
                    or folded in last_of
                )
                g = index.get(("PERSON", key), -1)
                if g < 0:
                    g = lone_group(folded)  # "Megs" and "Megan", "Reid" and "Reidy" in one file
                if g >= 0:
                    part = "last" if groups[g].last and not groups[g].first else "first"
                else:
                    part = "last" if is_surname else "first"
                    g = new_group(
                        EntityGroup(
                            "PERSON", key, d.text, "person", "" if is_surname else d.text, d.text if is_surname else ""
                        )
                    )
        else:
            g = index.get((d.label, key), -1)
            if g < 0:
                g = new_group(EntityGroup(d.label, key, d.text, d.kind))
        if d.label == "PERSON" and not groups[g].gender and text:
            gender = _title_gender(text, d.start)
            if not gender and part == "first" and len(d.text.split()) == 1:
                gender = lexicons.first_names.get(fold(d.text), "").replace("u", "")  # "Joanne" of "Jo"
            if gender:
                groups[g] = dataclasses.replace(groups[g], gender=gender)
        mentions.append(
            Mention(
                d.start,
                d.end,
                d.label,
                d.text,
                d.source,
                d.score,
                d.kind,
                g,
                part,
                "deny" if d.source == "rule:deny" else d.source if d.source.startswith("rule:") else "",
            )
        )
    mentions, groups = _join_appositions(mentions, groups, text)
    return _join_named_aliases(mentions, groups, text, lexicons)


_TITLE_BEFORE = re.compile(rf"\b(?:{TITLES})\.?\s+$", re.IGNORECASE)
_APPOSITION = re.compile(r"^\s*[,(]\s*$")
_SENTENCE_GAP = re.compile(r"^\.[ \t]+$")
_NEARBY_GAP = re.compile(r"^[^\n]{0,60}$")  # a short phrase of the same turn
_PERSONAL_PRONOUN = re.compile(r"\b(?:i|you|he|she|we|they|him|her|them|me|us)\b", re.IGNORECASE)
_SAID_ALONE_BEFORE = re.compile(r"(?:^|[,.!?:]\s+)$")  # "Oh aye, Bożena." opens or closes with a name


def _set_beside(text: str, a: Mention, b: Mention, titled_first: bool, genders_agree: bool) -> bool:
    """Whether the first name (``b``, or ``a`` if not ``titled_first``) is set beside the titled surname."""
    gap = text[a.end : b.start]
    if titled_first and (_APPOSITION.match(gap) or (_SENTENCE_GAP.match(gap) and text[b.end : b.end + 1] == ".")):
        return True
    lone = b if titled_first else a
    return (
        genders_agree
        and bool(_NEARBY_GAP.match(gap))
        and not _PERSONAL_PRONOUN.search(gap)  # "Mrs Smith. She was out. Kayleigh." is someone else
        and text[lone.end : lone.end + 1] == "."
        and bool(_SAID_ALONE_BEFORE.search(text[max(0, lone.start - 3) : lone.start]))
        and (not titled_first or gap.rstrip().endswith("."))
    )


# Words that begin a surname of two: "Ó Dochartaigh", "Ní Bhriain", "Mac Giolla", "van der Berg".
SURNAME_PARTICLES = frozenset("ó o ní nic mac mc uí ua van von de der den du le la del della di".split())


def _surname(words: list[str]) -> str:
    """The surname of a full name: its last word, with the particle before it ("Siobhán Ní Bhriain")."""
    i = len(words) - 1
    while i > 1 and fold(words[i - 1]) in SURNAME_PARTICLES:
        i -= 1
    return " ".join(words[i:])


def _join_appositions(
    mentions: list[Mention], groups: list[EntityGroup], text: str
) -> tuple[list[Mention], list[EntityGroup]]:
    """One person for a titled surname and the first name set beside it: "Mrs Kaur (Gurpreet", "Mrs Abubakar, Halima".

    Only a lone surname after a title and a lone first name right after it, in
    a comma or a bracket, or said alone as the next sentence ("Mrs Okafor.
    Adaeze."), and of the title's gender: without the title, "Smith, Jones"
    is a list. Where both genders are known and agree, the first name said
    alone may stand a short phrase away, before or after ("Mrs Nwachukwu, from
    the council. Ifeoma."; "Oh aye, Bożena. Next door. Mrs Wiśniewska").
    """
    persons = [m for m in mentions if m.label == "PERSON"]
    into: dict[int, int] = {}
    for a, b in itertools.pairwise(persons):
        for titled, lone in ((a, b), (b, a)):
            surname, first = groups[titled.group], groups[lone.group]
            if (
                titled.group != lone.group
                and surname.last
                and not surname.first
                and first.first
                and not first.last
                and lone.group not in into
                and titled.group not in into
                and _TITLE_BEFORE.search(text[max(0, titled.start - 16) : titled.start])
                and not (surname.gender and first.gender and surname.gender != first.gender)
                and _set_beside(text, a, b, titled is a, bool(surname.gender and first.gender))
            ):
                into[lone.group] = titled.group
    return _merge_groups(mentions, groups, into)


def _merge_groups(
    mentions: list[Mention], groups: list[EntityGroup], into: dict[int, int]
) -> tuple[list[Mention], list[EntityGroup]]:
    """Fold each group of ``into``'s keys into the group it maps to, which gains the name part it lacked.

    A lone first name or surname that gains the other part is a full name
    from then on, and links as one: never by its lone part to someone else.
    """
    if not into:
        return mentions, groups
    for lone, whole in into.items():
        alias, target = groups[lone], groups[whole]
        first, last = target.first or alias.first, target.last or alias.last
        canonical = target.canonical if target.first and target.last else f"{first} {last}".strip()
        groups[whole] = dataclasses.replace(
            target,
            key=group_key("PERSON", canonical),
            canonical=canonical,
            first=first,
            last=last,
            gender=target.gender or alias.gender,
        )
    kept = [i for i in range(len(groups)) if i not in into]
    number = {old: new for new, old in enumerate(kept)}
    number.update({lone: number[whole] for lone, whole in into.items()})
    mentions = [dataclasses.replace(m, group=number[m.group]) if m.group >= 0 else m for m in mentions]
    return mentions, [groups[i] for i in kept]


# "I'm Effie", "everybody calls me mj", "Naebody calls me Ms McGlinchey": the speaker names themself.
_SELF_NAMING = re.compile(
    rf"(?:\b(?:call|calls|called|calling)\s+me|\bI['’]?m|\bI\s+am|\bmy\s+name['’]s|\bmy\s+name\s+is)"
    rf"\s+(?:(?:{TITLES})\.?\s+)?$",
    re.IGNORECASE,
)
# "The weans call her Mrs O'Neill": another name for the person just spoken of.
_CALLED_OTHER = re.compile(
    rf"\b(?:call|calls|called|calling)\s+(him|her)\s+(?:(?:{TITLES})\.?\s+)?$",
    re.IGNORECASE,
)
# Reported speech ("she says, I'm Lisa from the council") names someone else.
_REPORTED = re.compile(r"\b(?:say|says|said|saying|go|goes|went|ask|asks|asked|tell|tells|told|like)\b[,:]?\s", re.I)
_CLAUSE_START = re.compile(r".*[.!?;\n]", re.DOTALL)
_POSSESSIVE_AFTER = re.compile(r"^(?:['’]s?\b)")
_CALLED_REACH = 160  # characters back to the person "her"/"him" is


def _join_named_aliases(
    mentions: list[Mention], groups: list[EntityGroup], text: str, lexicons: Lexicons
) -> tuple[list[Mention], list[EntityGroup]]:
    """One person for the other names a transcript introduces for them, which no lexicon links.

    "EFUA: ... I'm Effie", "Darren (dad): She calls me Darek", "so im mary jane
    doig everybody calls me mj": the speaker's name (the line's speaker label,
    or their first self-introduction in the line) and the name they give
    themself. "Aye, Shiv. The weans call her Mrs O'Neill": the person just
    named, if the pronoun's gender does not contradict theirs. Only a lone
    first name or surname joins, never a second full name or a surname that
    differs from one the person has; reported speech ("she says, I'm Lisa")
    is someone else.
    """
    if not text:
        return mentions, groups
    persons = [m for m in mentions if m.label == "PERSON" and m.group >= 0]
    into: dict[int, int] = {}

    def root(g: int) -> int:
        while g in into:
            g = into[g]
        return g

    def join(alias: int, target: int, pronoun: str = "") -> None:
        alias, target = root(alias), root(target)
        a, t = groups[alias], groups[target]
        if alias == target or (a.first and a.last):
            return
        if a.last and t.last and fold(a.last) != fold(t.last):
            return
        genders = {_gender_of(a, lexicons), _gender_of(t, lexicons), {"her": "f", "him": "m"}.get(pronoun, "")} - {""}
        if len(genders) > 1:
            return
        into[alias] = target

    speaker: int | None = None
    line_start = -1
    previous: Mention | None = None
    for m in persons:
        start_of_line = text.rfind("\n", 0, m.start) + 1
        if start_of_line != line_start:
            line_start, speaker, previous = start_of_line, None, None
        before = text[line_start : m.start]
        clause = _CLAUSE_START.sub("", before)
        if m.source.startswith("SpeakerLabelRecognizer"):
            speaker = m.group
        elif _POSSESSIVE_AFTER.match(text[m.end : m.end + 2]) or _REPORTED.search(clause):
            pass
        elif _SELF_NAMING.search(before):
            if speaker is None:
                speaker = m.group
            else:
                join(m.group, speaker)
        elif (called := _CALLED_OTHER.search(before)) and previous is not None:
            not_the_speaker = speaker is None or root(previous.group) != root(speaker)
            if m.start - previous.end <= _CALLED_REACH and not_the_speaker:
                join(m.group, previous.group, called.group(1).casefold())
        previous = m
    return _merge_groups(mentions, groups, {alias: root(alias) for alias in into})


def _gender_of(group: EntityGroup, lexicons: Lexicons) -> str:
    """The gender a title gave the group, else its first name's in the lexicon ("" when unknown)."""
    if group.gender:
        return group.gender
    return lexicons.first_names.get(fold(group.first), "").replace("u", "") if group.first else ""
