"""Lexicon recognisers: known places and services, and personal names.

Both work on the project's own tokens (anonymiser.text), not on the model, so
they still work where the model fails: lower-case machine transcripts,
dialect, names that are ordinary words. The score says how sure the lexicon
can be from case and context alone; resolve decides on thresholds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from spacy.lang.en.stop_words import STOP_WORDS

from ..lexicons import GazetteerEntry, Lexicons
from ..text import (
    CONTRACTION,
    PRONOUN_AFTER,
    SUBJECT_PRONOUNS,
    WORD,
    PhraseIndex,
    case_shape,
    fold,
    is_sentence_start,
    lower_case_document,
    token_key,
)
from .base import KIND_KEY, PATTERN_KEY, ranked
from .services import CALENDAR, GENERIC, SIZE_WORDS
from .titles import TITLES

_FUNCTION_WORDS = frozenset(
    """with you we are for the and of to in on at a an it is me my your our us i he she they them his
    her its be was were been am or but so if as by up out off over not no do did does has have had will
    would can could should may might must that this these those there then than what who when where how
    why which all any some just like get got go went say says said told oh um er aye yeah well""".split()
)
# A place a speech recogniser split into words ("brans home", "dun fermline") is joined again:
# one letter more or less is allowed from this length on ("bell grave" for Belgrave).
_SPLIT_MIN, _SPLIT_FUZZY_MIN = 5, 8
_SPLIT_MAX_PIECES = 5
# Where nothing is capitalised, a place that is also a word ("neath", "mumbles", "hope") counts only bare
# after a word that puts a place there; not the words that commonly stand there ("in touch", "to send").
_SETTLEMENTS = frozenset("city town village district estate neighbourhood island county".split())
_PLACE_WORD = re.compile(r"\b(?:in|to|from|at|near|round|outside|past|via|towards|fae|tae|intae)[ \t]+$")
_NOT_BARE_PLACES = frozenset(
    """back down over law touch send settle deal point mark box stock street hill bridge bow wall walls rock
    stone pool star sale quarter inch knock tumble sway pill par muck grain eye crown falls hook hose rake
    wing wool yell greet idle tong tongue steep rode halfway downhill borough manor oval plantation marina
    mainland waterfront riverside waterside hillside intake bath hay moss broom lode sandwich teams
    plains lakes meadows mains loans shanks dens ridges lees flowers borders banks docks markets""".split()
)
# Words of going or living before a place: "went to barking", "moved to woking".
_MOVED_TO = re.compile(
    r"\b(?:went|go|going|gone|moved|moving|move|back|lived|lives|living|live|from|stayed|born)[ \t]+(?:to|in|from)?[ \t]*$"
)
# Where a street goes: "a pub on mile end road".
_ON_STREET = re.compile(r"\b(?:on|off|along|down|up|at|near|from)[ \t]+$")
# After "to", a verb's object: "to send them", "to deal with it".
_OBJECT_AFTER = re.compile(
    r"[ \t]+(?:me|him|her|them|us|it|you|a|an|the|my|his|their|our|your|with|up|out|off|on|for|this|that)\b"
)


def _bare_after_place_word(text: str, start: int, end: int) -> bool:
    """Whether a lower-case word stands alone where a place goes: "in neath", not "in touch", "to send them"."""
    before = _PLACE_WORD.search(text, max(0, start - 12), start)
    word = text[start:end]
    if before is None or word in _NOT_BARE_PLACES:
        return False
    if _MOVED_TO.search(text, max(0, start - 20), start):
        return True  # "went to barking that night", "moved to woking"
    if word.endswith("ing"):
        return False  # "good at reading"
    return not (before.group(0).lstrip().startswith("to") and _OBJECT_AFTER.match(text, end))


# A place may end in "well" ("bull well" for Bulwell, "mother well") as no other function word.
_NOT_LAST = _FUNCTION_WORDS - {"well"}
_DOUBLED = re.compile(r"(.)\1+")


def _squeeze(word: str) -> str:
    """The word with every doubled letter single, and letters that sound alike one spelling: "bulwell"
    and "bullwell" are both "bulwel", "broxburn" and "brocksburn" both "broxburn", "airdrie" and
    "airdree" both "airdre"."""
    return _IE_END.sub("e", _SOUNDS.sub(lambda m: _SOUND_OF[m.group(0)], _DOUBLED.sub(r"\1", word)))


# Spellings a speech recogniser writes for one sound: "brocks burn" (Broxburn), "fill pot" (Philpot).
_SOUND_OF = {"cks": "x", "ks": "x", "cs": "x", "ck": "k", "ph": "f"}
_SOUNDS = re.compile("|".join(sorted(_SOUND_OF, key=len, reverse=True)))
_IE_END = re.compile(r"ie$")  # "air dree" (Airdrie): a final "ie" said as "ee"


_LETTERS = re.compile(r"[^\W\d_]+")


def _result(
    recogniser: LocalRecognizer, label: str, start: int, end: int, score: float, kind: str, how: str
) -> RecognizerResult:
    score = ranked(recogniser, score)
    return RecognizerResult(
        entity_type=label,
        start=start,
        end=end,
        score=score,
        analysis_explanation=AnalysisExplanation(recogniser.name, score, pattern_name=how),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recogniser.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recogniser.id,
            KIND_KEY: kind,
            PATTERN_KEY: how,
        },
    )


def _hospital_short_name(entry: GazetteerEntry, lexicons: Lexicons) -> str:
    """What people call a hospital: "the James Paget", "up at Hinchingbrooke", "the Royal Albert Edward".

    Not where the short name is a one-word ordinary word or a name ("Priory",
    "Victoria"), or something the gazetteer already knows.
    """
    if entry.kind not in ("hospital", "venue") or not entry.text.endswith((" Hospital", " Infirmary")):
        return ""
    short = entry.text.removesuffix(" Hospital").removesuffix(" Infirmary")
    key = fold(short)
    if key in lexicons.gazetteer or len(key) < 4:
        return ""
    if " " not in key and (lexicons.is_common_word(key) or lexicons.is_name(key)):
        return ""
    return short


class GazetteerRecognizer(LocalRecognizer):  # type: ignore[misc]
    """Known places (LOCATION) and services (SERVICE) from lexicons/places.tsv and services.tsv."""

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        # "The Barras" is found as "Barras": spans carry no leading "the" (../shared/ANNOTATION.md).
        phrases = {}
        for entry in lexicons.gazetteer.values():
            key = token_key(entry.text)
            if len(key) > 1 and key[0] == "the":
                key = key[1:]
            phrases.setdefault(key, entry)
        for entry in lexicons.gazetteer.values():
            short = _hospital_short_name(entry, lexicons)
            if short:
                phrases.setdefault(token_key(short), entry)
        for key, entry in list(phrases.items()):
            if "'" in key or "’" in key:  # "kings mill" as typed without its apostrophe (King's Mill)
                phrases.setdefault(token_key(re.sub(r"['’]", "", " ".join(key).replace(" ' ", "'"))), entry)
            if "-" in key and len(key) > 2:  # "co op", "stockton on tees": speech recognition writes no hyphens
                phrases.setdefault(tuple(t for t in key if t != "-"), entry)
        self.index = PhraseIndex(phrases)
        # Entries as one string of letters, for names a speech recogniser split or misheard: "wig an",
        # "kirk be in ashfield". A one-word entry from 5 letters, one of several words from 8.
        self.whole: dict[str, GazetteerEntry] = {}
        self.words_of: dict[GazetteerEntry, int] = {}  # how many words the entry is written in
        for key, entry in phrases.items():
            letters = "".join(_LETTERS.findall(" ".join(key)))
            if len(letters) >= (_SPLIT_MIN if len(key) == 1 else _SPLIT_FUZZY_MIN):
                self.whole.setdefault(letters, entry)
                self.words_of[entry] = max(self.words_of.get(entry, 0), len(entry.text.split()))
        self.less_one: dict[str, GazetteerEntry] = {}  # each long entry without one of its letters
        self.squeezed: dict[str, GazetteerEntry] = {}  # each entry with doubled letters single: "bulwel"
        for word, entry in self.whole.items():
            if len(word) >= _SPLIT_FUZZY_MIN:
                for i in range(len(word)):
                    self.less_one.setdefault(word[:i] + word[i + 1 :], entry)
            if len(word) >= _SPLIT_FUZZY_MIN - 1:
                self.squeezed.setdefault(_squeeze(word), entry)
        super().__init__(
            supported_entities=["LOCATION", "SERVICE"], name="GazetteerRecognizer", supported_language="en"
        )

    def load(self) -> None:
        """The index is built from the lexicons passed in."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        """Find every gazetteer entry, scored by case and ambiguity."""
        results = []
        machine_typed = lower_case_document(text)
        for start, end, value in self.index.find(text):
            entry: GazetteerEntry = value  # type: ignore[assignment]
            if entities and entry.label not in entities:
                continue
            surface = text[start:end]
            words = [w for w in fold(surface).replace("-", " ").split() if w.isalpha()]
            ordinary = bool(words) and all(self.lexicons.is_common_word(w) for w in words)
            shape = case_shape(surface)
            if shape == "lower":
                if len(surface) < 4:
                    continue
                if ordinary and len(words) < 2:
                    if machine_typed and entry.kind in _SETTLEMENTS and _bare_after_place_word(text, start, end):
                        # "greggs in neath", "down to mumbles": a bare word where a place goes
                        results.append(_result(self, entry.label, start, end, 0.5, entry.kind, "gazetteer_bare"))
                    continue
                if ordinary:
                    # "fife council" is the council, "a turning point" is not a service:
                    # a lower-case phrase of ordinary words needs a place in it.
                    places = [w for w in words if (e := self.lexicons.gazetteer.get(w)) and e.label == "LOCATION"]
                    score = 0.6 if places else 0.4
                    if (
                        machine_typed
                        and not places
                        and entry.kind != "street"
                        and (len(words) > 2 or set(words) - _FUNCTION_WORDS)
                    ):
                        # Where nothing is capitalised, "orchard park", "change grow live" are the names
                        # they were typed for; "with you" and "the main road" are still just words.
                        score = 0.55
                    elif (
                        machine_typed
                        and entry.kind == "street"
                        and len(words) > 2
                        and _ON_STREET.search(text, max(0, start - 8), start)
                    ):
                        score = 0.55  # "a pub on mile end road": a street the list knows, where a street goes
                else:
                    score = 0.6
            elif ordinary:
                # "Deal", "Shelter", "Turning Point": the place or the word?
                score = 0.35 if is_sentence_start(text, start) or shape == "upper" else 0.55
            else:
                score = 0.85
            results.append(_result(self, entry.label, start, end, score, entry.kind, "gazetteer"))
        if machine_typed:
            for start, end, entry in self._split_places(text):
                if not entities or entry.label in entities:
                    results.append(_result(self, entry.label, start, end, 0.55, entry.kind, "gazetteer_split"))
        return results

    def _split_places(self, text: str) -> Iterator[tuple[int, int, GazetteerEntry]]:
        """Places and services a speech recogniser typed as other words.

        "cotting ham", "dun fermline", "sutton in ash field" join to a known
        name; from 7 letters a doubled letter may be single or single letters
        doubled ("bull well", "little hull ton"); from 8, one letter more, less
        or other ("brans home", "bell grave", "glad wick"). A function word
        among the pieces asks for more: an exact join of 9 letters or a near
        one of 14, so "will and" (Willand) and "and over" (Andover) stay words.
        """
        words = [(m.start(), m.end()) for m in _LETTERS.finditer(text)]
        for i in range(len(words) - 1):
            for n in range(2, _SPLIT_MAX_PIECES + 1):
                if i + n > len(words) or text[words[i + n - 2][1] : words[i + n - 1][0]] != " ":
                    break
                pieces = [text[s:e] for s, e in words[i : i + n]]
                key = "".join(pieces)
                function = any(piece in _FUNCTION_WORDS for piece in pieces[:-1]) or pieces[-1] in _NOT_LAST
                # A letter at either end joins only exactly ("d dars"): "change grow live c g l" is two names.
                letter_end = len(pieces[0]) < 2 or len(pieces[-1]) < 2
                entry = self.whole.get(key)
                if entry is not None and function and len(key) < 9:
                    entry = None
                elif entry is None and not letter_end and (not function or len(key) >= 14):
                    entry = self._near(key)
                if entry is None or n <= self.words_of[entry]:
                    continue  # "change grow live", "main roads": the entry's own words, which the index reads
                if not self._after_first_name(text, words, i):
                    yield words[i][0], words[i + n - 1][1], entry

    def _after_first_name(self, text: str, words: list[tuple[int, int]], i: int) -> bool:
        """Whether a first name comes just before one that starts the join: "lee brad bury" is a surname
        split, not Bradbury the place; but "will walk den" is Walkden."""
        if i == 0 or text[words[i - 1][1] : words[i][0]] != " ":
            return False
        names = self.lexicons.first_names
        return text[words[i - 1][0] : words[i - 1][1]] in names and text[words[i][0] : words[i][1]] in names

    def _near(self, key: str) -> GazetteerEntry | None:
        """The long entry ``key`` spells with a doubled letter single or doubled, or one letter off."""
        if len(key) < _SPLIT_FUZZY_MIN - 1:
            return None
        if (entry := self.squeezed.get(_squeeze(key))) is not None:
            return entry
        if key in self.less_one:
            return self.less_one[key]  # one letter less: "belgrave" for Bellgrave
        for i in range(len(key)):
            shorter = key[:i] + key[i + 1 :]
            if len(shorter) >= _SPLIT_FUZZY_MIN and shorter in self.whole:
                return self.whole[shorter]  # one letter more
            entry = self.less_one.get(shorter)
            if entry is not None and len(key) >= _SPLIT_FUZZY_MIN:
                whole = "".join(_LETTERS.findall(fold(entry.text)))
                if len(whole) == len(key) and sum(a != b for a, b in zip(whole, key, strict=True)) == 1:
                    return entry  # one letter other: "gladwick" for Glodwick
        return None


class NameLexiconRecognizer(LocalRecognizer):  # type: ignore[misc]
    """First names, surnames and nicknames from the lexicons: PERSON.

    A known first name followed by a capitalised word is a full name. Names
    that are ordinary words count when capitalised mid-sentence; lower-case
    ones are left to propagation, which knows whether the project has such a
    person.
    """

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        super().__init__(supported_entities=["PERSON"], name="NameLexiconRecognizer", supported_language="en")

    def load(self) -> None:
        """Nothing to load."""

    def _kind(self, key: str) -> str:
        lex = self.lexicons
        if key in lex.first_names or key in lex.nicknames:
            return "first name"
        if key in lex.surnames:
            return "surname"
        return ""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        """Find names token by token."""
        if entities and "PERSON" not in entities:
            return []
        lex = self.lexicons
        spans = []
        for m in WORD.finditer(text):
            start, end = m.span()
            word = m.group(0)
            contraction = CONTRACTION.search(word)
            if contraction and fold(word) not in lex.first_names and fold(word) not in lex.surnames:
                if contraction.group(0)[1:].lower() != "s":
                    continue  # "Don't", "Will've": not names
                end -= 2  # "Dawn's" -> "Dawn"
            spans.append((start, end))
        results = []
        i = 0
        while i < len(spans):
            start, end = spans[i]
            surface = text[start:end]
            key = fold(surface)
            if key == "o" and i + 1 < len(spans) and text[end : spans[i + 1][0]] == " ":
                # "o connell", "o neill": an Irish surname as speech recognition writes it, without its apostrophe
                n_start, n_end = spans[i + 1]
                if f"o'{fold(text[n_start:n_end])}" in lex.surnames:
                    results.append(_result(self, "PERSON", start, n_end, 0.7, "surname", "surname_o"))
                    i += 2
                    continue
            kind = self._kind(key) if key not in lex.not_names else ""
            if not kind:
                i += 1
                continue
            shape = case_shape(surface)
            ordinary = lex.is_common_word(key)
            # Full name: a first name, then a capitalised surname-like word on the same line.
            if kind == "first name" and shape != "lower" and i + 1 < len(spans):
                n_start, n_end = spans[i + 1]
                nxt = text[n_start:n_end]
                gap = text[end:n_start]
                nk = fold(nxt)
                surname_like = nk in lex.surnames or (
                    not lex.is_common_word(nk) and nk not in lex.first_names and nk not in lex.not_names and nk != "i"
                )
                if gap in (" ", "-") and case_shape(nxt) in ("title", "upper") and surname_like:
                    last = i + 1
                    while last + 1 < len(spans) and text[spans[last][1] : spans[last + 1][0]] == "-":
                        if case_shape(text[spans[last + 1][0] : spans[last + 1][1]]) not in ("title", "upper"):
                            break
                        last += 1  # a double-barrelled surname: "Ffion Rees-Jones"
                    score = 0.85 if not ordinary else 0.7
                    results.append(_result(self, "PERSON", start, spans[last][1], score, "full name", "full_name"))
                    i = last + 1
                    continue
            # In lower case: a first name, then a surname that is no word ("will mcgrath", "kasia nowak").
            if kind == "first name" and shape == "lower" and i + 1 < len(spans):
                n_start, n_end = spans[i + 1]
                nk = fold(text[n_start:n_end])
                if (
                    text[end:n_start] == " "
                    and case_shape(text[n_start:n_end]) == "lower"
                    and nk in lex.surnames
                    and not lex.is_common_word(nk)
                    and nk not in lex.not_names
                ):
                    results.append(_result(self, "PERSON", start, n_end, 0.75, "full name", "full_name"))
                    i += 2
                    continue
            if key in _MONTH_NAMES and _DATE_BEFORE.search(text[max(0, start - 12) : start]):
                i += 1
                continue  # "five in June", "since May": the month
            if shape == "lower":
                # A surname no dictionary has is a name even typed in lower case ("doctor patel").
                score = 0.0 if ordinary else (0.6 if kind == "first name" else 0.5)
            elif ordinary:
                score = 0.35 if is_sentence_start(text, start) else 0.55  # opening a sentence: a review item
                if kind == "surname" and key not in lex.first_names:
                    score -= 0.15  # "Brown", "Young" alone are more often the word
                elif kind == "first name" and PRONOUN_AFTER.match(text, end):
                    score = 0.6  # "Two. Precious, she's ten."
            else:
                score = 0.75 if kind == "first name" else 0.65
            if score > 0:
                results.append(_result(self, "PERSON", start, end, score, kind, "name_lexicon"))
            i += 1
        return results


# Months that are first names, and the words before a month that make it one ("in June", "since May").
_MONTH_NAMES = frozenset({"april", "may", "june", "august"})
_DATE_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|from|last|next|this|early|late|mid|during|through|before|after)[\s-]+$",
    re.IGNORECASE,
)


# What may stand between the capitalised words of one name: "Ouseburn Dads", "Children's Hearing"; and,
# in a phrase of ordinary words, "Kettle and Key", "Sisters in Recovery", "Sisters on the Mend".
_RUN_GAP = re.compile(r" |['’]s ")
_PHRASE_GAP = re.compile(r" (?:(?:and|in|of|for|on|the|&) (?:the )?)?")
# What a named person or group does, after its name opening a sentence: "Second Chance were useless", "Dobbo runs it".
_VERB_AFTER = re.compile(
    r"(?:['’]s)? (?:is|was|were|are|have|has|had|did|do|does|run|runs|ran|said|says|came|come|comes|went|goes|got"
    r"|gets|gave|give|rang|rings|sorted|helped|helps|wants|told|tells|knows|lives|lived|works|worked)\b"
)
# Two capitalised words joined by "and" after "the", as pubs are named: "the Rose and Crown", "the Fox & Hounds".
_PAIR_NAME = re.compile(
    r"\b[Tt]he[ \t]+(?P<id>(?P<first>[A-Z][a-z]{2,})[ \t]+(?:and|&)[ \t]+(?P<second>[A-Z][a-z]{2,}))\b(?![ \t]+[A-Z])"
)
# Not the institutions a speaker capitalises in pairs: "the Police and Council", "the Court and Social Work".
_INSTITUTION_WORDS = frozenset(
    """police council councils housing court courts school schools social health hospital government army navy
    church prison probation services service department university college nhs""".split()
)
_OPENERS = frozenset("and but so then now well yeah yes aye the".split())
# After these, an unknown proper noun is more often a place or a venue than a person.
_PLACE_BEFORE = frozenset("in at to from near into round outside past fae tae intae".split())
_TITLE_WORDS = frozenset(t.casefold() for t in TITLES.split("|"))


class UnknownWordRecognizer(LocalRecognizer):  # type: ignore[misc]
    """Capitalised words mid-sentence that the word lists do not explain: probably names, replaced with doubt.

    The English dictionary (lower-case words and proper nouns), the name
    lists, the gazetteer and the allow list cover the capitalised words of
    ordinary speech. What is left mid-sentence is a person, place or venue
    the lists lack: an unknown word ("Ify", "Niddrie") is a person, or a
    place after a place preposition (opening a sentence, only before what a
    person does: "Dobbo runs it"); an ordinary word a transcriber
    capitalised on its own ("come to Spark", "by the Civic") is a venue,
    unless the text capitalises its terms as formal prose does ("the Court",
    "Article 3"). Runs of capitalised words are left to the model and the
    service patterns. The score sits at the replace threshold, below the
    review line: replaced, and listed for a human.
    """

    SCORE = 0.5
    # Transcripts capitalise ordinary words sparingly (0 to 10 in 1,000 words in the fixtures);
    # formal prose capitalises its terms ("the Court", "Article 3", "the Government": 17 to 79
    # in the TAB judgments). Above this rate a capitalised ordinary word says nothing.
    FORMAL_RATE = 12 / 1000

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        super().__init__(
            supported_entities=["PERSON", "LOCATION", "SERVICE"], name="UnknownWordRecognizer", supported_language="en"
        )

    def load(self) -> None:
        """Nothing to load."""

    def _explained(self, key: str) -> bool:
        """Whether a list accounts for the word (or another recogniser decides it)."""
        lex = self.lexicons
        return (
            lex.is_name(key)
            or key in lex.not_names
            or key in lex.proper_words
            or key in lex.allow
            or key in lex.countries
            or key in lex.national_bodies
            or key in lex.gazetteer
            or key in _TITLE_WORDS
        )

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[RecognizerResult]:
        """Unknown capitalised words (runs of them, one space apart) and lone capitalised ordinary words."""
        if entities and not {"PERSON", "LOCATION", "SERVICE"} & set(entities):
            return []
        if lower_case_document(text):
            return self._unknown_lower(text)
        words: list[tuple[int, int, bool, bool]] = []  # capitalised words: start, end, unknown, ordinary
        n_words = 0
        for m in WORD.finditer(text):
            n_words += 1
            start, end = m.span()
            contraction = CONTRACTION.search(m.group(0))
            if contraction:
                if contraction.group(0)[1:].lower() != "s":
                    continue  # "Don't", "Wasn't": not names
                end -= 2  # "Ify's" -> "Ify"
            if end - start >= 3 and case_shape(text[start:end]) == "title":
                key = fold(text[start:end])
                ordinary, explained = self.lexicons.is_common_word(key), self._explained(key)
                words.append((start, end, not ordinary and not explained, ordinary and not explained))
        results: list[RecognizerResult] = []
        capitalised_ordinary: list[RecognizerResult] = []
        # A run of capitalised words: "Ouseburn Dads", "Children's Hearing".
        for run in _runs(text, words, _RUN_GAP):
            opens = is_sentence_start(text, run[0][0])
            if all(unknown for _, _, unknown, _ in run):
                if not opens or (len(run) == 1 and _VERB_AFTER.match(text, run[0][1])):
                    # Opening a sentence, an unknown word is a name when what a person does follows: "Dobbo runs it"
                    results.append(self._found(text, run[0][0], run[-1][1], "unknown_word"))
                continue
            if not opens and any(u for _, _, u, _ in run) and all(u or o for _, _, u, o in run):
                # Unknown and ordinary words in a row: a venue or a firm ("the Jolly Trawlerman").
                results.append(self._found(text, run[0][0], run[-1][1], "mixed_phrase"))
                continue
            for k, (start, end, unknown, _) in enumerate(run):
                if unknown and (k or not opens):
                    results.append(self._found(text, start, end, "unknown_word"))
            if len(run) == 1 and run[0][3] and not opens:
                capitalised_ordinary.append(self._found(text, run[0][0], run[0][1], "capitalised_word"))
        phrases = self._phrases(text, words)
        singles = [w for w in capitalised_ordinary if not any(p.start <= w.start and w.end <= p.end for p in phrases)]
        sparse = [len(found) < 3 or len(found) <= self.FORMAL_RATE * n_words for found in (singles, phrases)]
        if sparse[0]:  # else formal prose, where capitals say nothing
            results += singles + (phrases if sparse[1] else [])
        return results

    def _unknown_lower(self, text: str) -> list[RecognizerResult]:
        """Where nothing is capitalised, words no list knows: a name the lists lack or a misheard one
        ("virdee", "teulu", "wallgate"), with the short words of its name beside it ("ty golau",
        "ysgol y twyni"); not a contraction typed without its apostrophe ("dont", "theyre"), nor a plural
        or possessive of a word the lists know ("saturdays", "nans")."""
        matches = list(_LOWER_WORD.finditer(text))
        tokens = [(m.start(), m.end(), self._lower_kind(m.group(0))) for m in matches]
        first_name_before = {  # where an unknown word follows a first name: "sunny baines", a full name
            tokens[i + 1][0]: m.start()
            for i, m in enumerate(matches[:-1])
            if m.group(0) in self.lexicons.first_names and text[m.end() : tokens[i + 1][0]] == " "
        }
        results = []
        run: list[tuple[int, int, str]] = []
        for token in [*tokens, (len(text) + 2, len(text) + 2, "")]:
            joined = run and text[run[-1][1] : token[0]] == " "
            if token[2] and (joined or not run):
                run.append(token)
                continue
            while run and run[-1][2] != "unknown":
                run.pop()  # the name ends at its last unknown word: not "golau y"
            while run and run[0][2] == "letter":
                run.pop(0)
            if run:
                found = self._found(text, run[0][0], run[-1][1], "unknown_lower")
                if found.entity_type == "PERSON" and run[0][0] in first_name_before:
                    found.start = first_name_before[run[0][0]]
                results.append(found)
            run = [token] if token[2] else []
        return results + self._proper_places_lower(text, matches) + self._full_names_lower(text, matches)

    def _full_names_lower(self, text: str, matches: list[re.Match[str]]) -> list[RecognizerResult]:
        """Where nothing is capitalised, full names that context tells: a first name before a surname
        no dictionary holds ("will mensah", "sunny dhaliwal"; not "i hope patel"), and a first name said
        twice then the surname, as people say their name ("lee lee brad bury", "mick mick stanny forth")."""
        lex = self.lexicons
        results = []
        for i, m in enumerate(matches[:-1]):
            word, after = m.group(0), matches[i + 1]
            if word not in lex.first_names or word in lex.not_names or text[m.end() : after.start()] != " ":
                continue
            before = matches[i - 1].group(0) if i and matches[i - 1].end() + 1 == m.start() else ""
            if _pure_surname(after.group(0), lex) and before not in SUBJECT_PRONOUNS:
                results.append(_result(self, "PERSON", m.start(), after.end(), self.SCORE, "name", "first_surname"))
            elif after.group(0) == word and before != word:
                end = _said_surname_end(text, matches, i + 2, lex)
                if end:
                    results.append(_result(self, "PERSON", after.start(), end, self.SCORE, "name", "name_said_twice"))
        return results

    def _proper_places_lower(self, text: str, matches: list[re.Match[str]]) -> list[RecognizerResult]:
        """Where nothing is capitalised, a proper noun of the dictionary where a place goes ("from krakow",
        "in punjab"): the dictionary's places and firms; not a day, a month, a feast or a people. Right
        after a first name, it is a surname the name lists lack ("sunny baines")."""
        results = []
        lex = self.lexicons
        for i, m in enumerate(matches):
            word = m.group(0)
            if not (
                word in lex.proper_words
                and len(word) >= 4
                and not lex.is_common_word(word)
                and word not in lex.not_names
                and word not in _CALENDAR_WORDS
                and not word.endswith(_PEOPLE_ENDINGS)
            ):
                continue
            before = matches[i - 1] if i else None
            if before and text[before.end() : m.start()] == " " and before.group(0) in lex.first_names:
                subject = i > 1 and matches[i - 2].group(0) in SUBJECT_PRONOUNS  # "i hope patel is": the verb
                if not subject:
                    results.append(
                        _result(self, "PERSON", before.start(), m.end(), self.SCORE, "name", "proper_surname")
                    )
            elif _PLACE_WORD.search(text, max(0, m.start() - 12), m.start()):
                results.append(_result(self, "LOCATION", m.start(), m.end(), self.SCORE, "place", "proper_lower"))
        return results

    def _lower_kind(self, word: str) -> str:
        """ "unknown" for a word no list explains, "short" or "letter" for what may stand inside a name
        ("ty", "ap", "y"), "" for anything else."""
        lex = self.lexicons
        if len(word) == 1:
            return "letter"
        if len(word) < 4:
            ordinary = lex.is_common_word(word) or word in lex.not_names or word in lex.allow
            return "" if ordinary else "short"  # "ty", "ap", "al": a name's short word, or a short name
        if self._explained(word) or lex.is_common_word(word) or word in GENERIC or word in _UNACCENTED:
            return ""  # "carers", "cafe": what services are, not what they are called
        if any(
            # a plural in "es" is of a word ("boxes"): "baines" is no plural of the name Bain
            word.endswith(tail)
            and (lex.is_common_word(stem) or (tail != "es" and self._explained(stem)) or stem in _PRONOUN_STEMS)
            for tail in _CONTRACTION_TAILS
            if (stem := word[: -len(tail)])
        ):
            return ""  # "dont", "ive", "youre", "theres", "saturdays", "nans"
        return "unknown"

    def _phrases(self, text: str, words: list[tuple[int, int, bool, bool]]) -> list[RecognizerResult]:
        """Runs of capitalised ordinary words mid-sentence, or opening one before a verb ("Second
        Chance were useless"): a named group or charity the lists lack.

        "Mothers Apart", "Kettle and Key", "Sisters in Recovery": no head noun
        says what they are, but a speaker does not capitalise ordinary words
        in a row for nothing. Phrases the allow list holds ("Universal Credit",
        "Child Protection") are dropped when resolved.
        """
        found = []
        for run in _runs(text, words, _PHRASE_GAP):
            opens = is_sentence_start(text, run[0][0])
            while run and fold(text[run[0][0] : run[0][1]]) in _OPENERS:
                run, opens = run[1:], False  # "And Sisters in Recovery, that's a group"
            if len(run) < 2 or (opens and not _VERB_AFTER.match(text, run[-1][1])):
                continue  # a phrase opening a sentence is a name when a verb follows: "Second Chance were useless"
            ordinary = [w for w in run if w[3]]
            allowed = [w for w in run if fold(text[w[0] : w[1]]) in self.lexicons.allow]
            if ordinary and len(ordinary) + len(allowed) == len(run):
                found.append(self._found(text, run[0][0], run[-1][1], "capitalised_phrase"))
        for m in _PAIR_NAME.finditer(text):
            # "the Rose and Crown", "the Anchor and Hope": a pub's two words, though one is a name or a place.
            pair = (fold(m.group("first")), fold(m.group("second")))
            if all(self.lexicons.is_common_word(w) and w not in _INSTITUTION_WORDS for w in pair) and not any(
                f.start <= m.start("id") and m.end("id") <= f.end for f in found
            ):
                found.append(_result(self, "LOCATION", m.start("id"), m.end("id"), self.SCORE, "venue", "pair_name"))
        return found

    def _found(self, text: str, start: int, end: int, how: str) -> RecognizerResult:
        """A person, or after a place preposition a place; a capitalised ordinary word is a venue otherwise."""
        before = text[max(0, start - 12) : start].split()
        if before and before[-1].casefold() in _PLACE_BEFORE and how != "capitalised_phrase":
            return _result(self, "LOCATION", start, end, self.SCORE, "place", how)
        if how in ("capitalised_word", "capitalised_phrase", "mixed_phrase"):
            return _result(self, "SERVICE", start, end, self.SCORE, "organisation", how)
        return _result(self, "PERSON", start, end, self.SCORE, "person", how)


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
# What ends a surname said after a first name: a function word, a contraction typed without its
# apostrophe ("im", "hes"), a filler.
_NOT_IN_SURNAME = (
    _FUNCTION_WORDS | STOP_WORDS | frozenset("im ive id hes shes thats theres dont didnt cant erm".split())
)


# The ends that make English surnames, heard as words of their own: "brad bury", "stanny forth", "ash worth".
_SURNAME_ENDS = frozenset(
    """bury borough forth ford ton ley lee son sons wood woods field fields more moor worth well wells ham by
    man smith stone stones land ridge hurst hill hills brook brooks ward wick dale combe cock croft house""".split()
)


def _pure_surname(word: str, lex: Lexicons) -> bool:
    """A surname of the lists that is no first name and no ordinary word: "mensah", "mcgrath"."""
    return (
        len(word) >= 3
        and word in lex.surnames
        and word not in lex.first_names
        and not lex.is_common_word(word)
        and word not in lex.not_names
    )


def _said_surname_end(text: str, matches: list[re.Match[str]], i: int, lex: Lexicons) -> int:
    """Where the surname after "lee lee" ends: its first word, not a function word nor a word of size
    ("a guy sunny sunny big lad"), and a second that ends surnames ("brad bury", "stanny forth"); 0 if none."""
    words = []
    for m in matches[i : i + 2]:
        gap = text[(words[-1] if words else matches[i - 1]).end() : m.start()]
        word = m.group(0)
        if gap != " " or word in _NOT_IN_SURNAME or word in lex.not_names or word in SIZE_WORDS:
            break
        if words and (word not in _SURNAME_ENDS or words[0].group(0) in lex.surnames):
            break
        words.append(m)
    return words[-1].end() if words else 0


# What a contraction or a plural typed without its apostrophe leaves after a known word: "dont", "theyre".
_CALENDAR_WORDS = CALENDAR | frozenset(
    "xmas diwali eid ramadan hanukkah halloween lent advent passover vaisakhi hogmanay whitsun".split()
)
_PEOPLE_ENDINGS = ("ish", "ese", "ian", "ians", "ans", "days", "ists", "ism")
_UNACCENTED = frozenset("cafe cafes creche creches fiance fiancee naive".split())
_CONTRACTION_TAILS = ("nt", "s", "es", "re", "ve", "ll", "d", "m", "t")
_PRONOUN_STEMS = frozenset("i you we they he she it who there that what".split())


def _runs(
    text: str, words: list[tuple[int, int, bool, bool]], gap: re.Pattern[str]
) -> Iterator[list[tuple[int, int, bool, bool]]]:
    """The words in runs: consecutive words whose text between matches ``gap`` whole."""
    i = 0
    while i < len(words):
        j = i + 1
        while j < len(words) and gap.fullmatch(text[words[j - 1][1] : words[j][0]]):
            j += 1
        yield words[i:j]
        i = j
