"""Small text helpers shared by detection, propagation and check.

One tokenisation everywhere: runs of letters and digits, and single other
characters. Gazetteer entries, propagated names and check's originals are
all compared as tuples of these tokens, case-folded, so they agree on what
"the same string" means.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator

TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
# A word with its inner apostrophes: "O'Neill", "don't", "Dawn's" are one word each.
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# "Don't", "Shan't", "Won't": the letters before "'t" are a verb, never a name ("Don", "Shan", "Won").
NEGATION_AFTER = re.compile(r"['’]t\b", re.IGNORECASE)
CONTRACTION = re.compile(r"['’](?:t|ll|ve|re|d|m|s|em|n)$", re.IGNORECASE)
# A word then a pronoun standing for it ("Precious, she's ten"): the word is a person.
PRONOUN_AFTER = re.compile(r",[ \t]+(?:she|he)(?:['’]s|[ \t]+(?:is|was|were|has|had))\b", re.IGNORECASE)
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def fold(text: str) -> str:
    """Case-fold and straighten apostrophes."""
    return text.translate(APOSTROPHES).casefold()


_HYPHENS = ("-", "\u2010", "\u2011")


def line_pieces(text: str, size: int) -> Iterator[tuple[int, str]]:
    """Cut ``text`` into (offset, piece) of at most about ``size`` characters, at line ends.

    A cut never follows a line that ends in a hyphen, so a word hyphenated
    across lines ("Mac-\\nkenzie") stays in one piece; a line longer than
    ``size`` is cut at a space.
    """
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            while cut > start and text[max(start, cut - 8) : cut].rstrip(" \t\r").endswith(_HYPHENS):
                cut = text.rfind("\n", start, cut)
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def token_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token in ``text``."""
    return [m.span() for m in TOKEN.finditer(text)]


# A name spelled out letter by letter, as people do on the phone: "N-O-W-I-C-K-A".
SPELLED = re.compile(r"^[^\W\d_](?:[-. ][^\W\d_]){2,}$")


def spelled(text: str) -> str:
    """The word a spelled-out name spells ("N-O-W-I-C-K-A" -> "NOWICKA"), or "" if it is not one."""
    return "".join(text[::2]) if SPELLED.match(text) else ""


def token_key(text: str) -> tuple[str, ...]:
    """The folded tokens of a phrase: the key gazetteers and propagation look up."""
    return tuple(fold(m.group(0)) for m in TOKEN.finditer(text))


def name_words(text: str) -> set[str]:
    """The folded words of a name, the part after an apostrophe and the words without accents:
    "O'Neill" gives "o'neill" and "neill"; "Yıldız" gives "yıldız" and "yildiz"."""
    words = {fold(w) for w in WORD.findall(text)}
    words |= {plain for w in words if (plain := _without_accents(w)) != w}
    return words | {part for w in words for part in re.split(r"['’]", w)[1:] if len(part) > 2}


# Letters no Unicode decomposition takes apart: what a transcriber types for them.
_PLAIN_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe"})


def _without_accents(word: str) -> str:
    """A word as typed without its accents ("Wiśniewska" -> "Wisniewska"): a surrogate must not be one."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_PLAIN_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# The second halves of the double first names British families give: "Mary Jane", "Anne Marie", "Lily Rose".
DOUBLE_NAME_ENDS = frozenset("ann anne anna marie mary jane jo louise lee leigh lou may mae beth rose ellen".split())

# Subject pronouns: before one a name-word is a verb ("he will be", "i hope patel is"); "ye" and "u" as typed.
SUBJECT_PRONOUNS = frozenset("i you he she it we they ye u".split())

# Who calls someone or something by a name as a habit: "everyone calls me wax", "folk call it the thorn".
HABITUAL_CALLERS = r"everyone|everybody|every[ \t]+one|people|folk"


# A speech recogniser's numbered voices ("spk_1", "SPEAKER_00", "speaker 2"), or the code's letters alone:
# labels, never names or places.
SPEAKER_CODE = re.compile(r"(?:spk|spkr)(?:[ _-]?\d+)?|(?:speaker|voice)[ _-]?\d+", re.IGNORECASE)


@functools.lru_cache(maxsize=16)
def lower_case_document(text: str) -> bool:
    """True for machine transcripts typed without capitals, where names must be found by syntax.

    Cached: recognisers ask it of every match they validate, and resolve asks it again.
    """
    head = text[:20000]
    letters = sum(map(str.isalpha, head))
    capitals = sum(map(str.isupper, head))
    return letters > 200 and capitals < 0.005 * letters


def case_shape(text: str) -> str:
    """ "lower", "upper", "title" or "mixed": how an occurrence is capitalised."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "mixed"
    if all(c.islower() for c in letters):
        return "lower"
    if all(c.isupper() for c in letters) and len(letters) > 1:
        return "upper"
    if letters[0].isupper():
        return "title"
    return "mixed"


def is_sentence_start(text: str, start: int) -> bool:
    """True when ``start`` opens a line, a sentence or a speaker's turn (headings' "===", "#", "*" skipped)."""
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“‘([=#*•":
        i -= 1
    return i < 0 or text[i] in "\n\r.!?:…-–—])>"


class PhraseIndex:
    """Find known phrases in text by token n-grams, longest first, in linear time.

    Keys are ``token_key`` tuples; lookups cost a few dictionary probes per
    token whatever the number of phrases, so a registry of thousands of names
    does not slow a run down.
    """

    def __init__(self, phrases: dict[tuple[str, ...], object], *, loose: bool = False) -> None:
        self.phrases = phrases
        self.loose = loose  # tokens may be joined by punctuation too ("anna.smith", "Anna_Smith")
        self.longest: dict[str, int] = {}
        for key in phrases:
            if key:
                self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def __len__(self) -> int:
        return len(self.phrases)

    def find(
        self,
        text: str,
        spans: list[tuple[int, int]] | None = None,
        blocked: Callable[[int, int], bool] | None = None,
    ) -> list[tuple[int, int, object]]:
        """Every (start, end, value) of a known phrase in ``text``; no two overlap.

        ``blocked(start, end)`` rejects a match (a span already taken); a
        shorter phrase at the same place is then tried ("Forward" when
        "Forward Leeds" overlaps a place already found).
        """
        if spans is None:
            spans, keys = _folded_tokens(text)
        else:
            keys = _token_keys(text, spans)
        found: list[tuple[int, int, object]] = []
        longest_at = self.longest
        free = 0  # the first token not inside a phrase found
        # Only tokens that open some phrase are tried: most tokens open none.
        for i in [i for i, key in enumerate(keys) if key in longest_at]:
            if i < free:
                continue
            for n in range(min(longest_at[keys[i]], len(spans) - i), 0, -1):
                value = self.phrases.get(tuple(keys[i : i + n]))
                if value is None:
                    continue
                # Phrase tokens must be adjacent or separated by spaces only.
                if n > 1 and not _contiguous(text, spans[i : i + n], self.loose):
                    continue
                if blocked is None or not blocked(spans[i][0], spans[i + n - 1][1]):
                    found.append((spans[i][0], spans[i + n - 1][1], value))
                    free = i + n
                    break
        return found


@functools.lru_cache(maxsize=8)
def _folded_tokens(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """The tokens of a text and their folded forms: resolve looks the same text up in several indexes."""
    spans = token_spans(text)
    return spans, _token_keys(text, spans)


def _token_keys(text: str, spans: list[tuple[int, int]]) -> list[str]:
    folded = fold(text)
    # Where folding kept every character one character, slice the folded text; else ("ß" -> "ss") fold each token.
    same = len(folded) == len(text)
    return [folded[s:e] if same else fold(text[s:e]) for s, e in spans]


def _contiguous(text: str, spans: list[tuple[int, int]], loose: bool = False) -> bool:
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        gap = text[end:start]
        if len(gap) > 3 or "\n" in gap or (gap.strip() and not loose):
            return False
    return True


ALNUM = re.compile(r"[^\W_]+")


def alnum_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of letters and digits: the tokens check compares."""
    return [m.span() for m in ALNUM.finditer(text)]


def alnum_key(text: str) -> tuple[str, ...]:
    """The folded letter-and-digit runs of a phrase ("O'Neill" -> ("o", "neill"))."""
    return tuple(fold(m.group(0)) for m in ALNUM.finditer(text))


class SpanSet:
    """Non-overlapping (start, end) spans with logarithmic overlap tests.

    Resolve asks "is this span free?" once per candidate; a list scan made a
    transcript with many mentions quadratic.
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in spans:
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """True when [start, end) meets a span already in the set."""
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def within(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside one span of the set."""
        i = bisect.bisect_right(self.starts, start)
        return i > 0 and self.ends[i - 1] >= end

    def add(self, start: int, end: int) -> None:
        """Add a span (callers add only spans that do not overlap)."""
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of the set that meet [start, end)."""
        found = []
        i = bisect.bisect_left(self.starts, end) - 1
        while i >= 0 and self.ends[i] > start:
            found.append((self.starts[i], self.ends[i]))
            i -= 1
        return found

    def remove(self, start: int, end: int) -> None:
        """Remove a span the set holds."""
        i = bisect.bisect_left(self.starts, start)
        while self.ends[i] != end:
            i += 1
        del self.starts[i], self.ends[i]
