"""Names told by the words around them, for lower-case and dialect speech.

"my daughter grace", "her son will", "wee jamie", "big tam", "N-O-W-I-C-K-A",
"Grant, his worker", "everybody calls me mj": a kinship noun or a Scots
diminutive before a known first name, or a kinship or role noun in
apposition after it, marks it as a name even in lower case or opening a
sentence, where capitals cannot help; what someone is called marks any
word no list knows.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from ..lexicons import Lexicons
from ..text import DOUBLE_NAME_ENDS, HABITUAL_CALLERS, lower_case_document
from .base import RegexRecognizer, Rx
from .titles import KIN_TITLES

_KIN = (
    r"son|daughter|wean|boy|girl|lassie|laddie|bairn|partner|husband|wife|fella|boyfriend|girlfriend|mum|mam|ma"
    r"|dad|da|brother|sister|pal|mate|friend|nephew|niece|cousin|granddaughter|grandson|grandwean|baby|youngest"
    r"|oldest|eldest|wee one|worker|key worker|keyworker|social worker|auntie|uncle|gran|granny|nana|papa|grandad"
)
_KIDS = (
    r"(?:(?:two|three|four|five|2|3|4|5)\s+)?(?:kids|children|boys|girls|sons|daughters|twins|grandkids|weans|bairns)"
)
_KIN_NAME = re.compile(
    rf"\b(?:my|her|his|our|their|your|the)\s+(?:{_KIN}|{_KIDS})\s+(?P<id>[a-z][a-z'’-]+)\b", re.IGNORECASE
)
# "dont", "im", "thats": contractions typed without the apostrophe are no names.
_CONTRACTION_TAIL = re.compile(r"(?:nt|s|re|ve|ll|d|m)$")
_CONTRACTED = re.compile(r"['’](?:t|ll|ve|re|d|m)$")  # "can't", "she'll" (a possessive "'s" may follow a name)
# The name alone is the span: "wee" and "big" stay in the text, as titles do.
_DIMINUTIVE = re.compile(r"\b(?:[Ww]ee|[Bb]ig|[Oo]ur)\s+(?P<id>[a-z][a-z'’-]+)\b")
_SPELLED = re.compile(r"\b(?P<id>(?:[^\W\d_]-){3,}[^\W\d_])\b")  # capitals only: see validate
# A name then who it is: "Grant, his worker, he'd lost his dad"; "Ruby, my youngest".
_APPOSITION = re.compile(rf"\b(?P<id>[A-Z][a-z'’-]+),[ \t]+(?:my|her|his|our|their|your|the)[ \t]+(?:{_KIN})\b")
# Where nothing is capitalised: "joy my sister in law", "and precious my youngest"; not "i hope my son".
_APPOSITION_LOWER = re.compile(
    rf"(?<![\w'’])(?P<id>[a-z][a-z'’-]+),?[ \t]+(?:my|her|his|our|their)[ \t]+(?:{_KIN})\b(?![ \t]+(?:is|was|has|had|does|did|will|would|can|could)\b)"
)
_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:i|we|you|they|he|she|it|to|will|would|can|could|should|might|must|did|do|does|dont|didnt|cant|wont"
    r"|not|never|just|always|really|also|cannot|im|ive|id|ill|youd|wed|theyd)|['’](?:d|ll|t))[ \t]+$"
)
# A title typed in lower case before a name the lexicons know: "doctor patel", "sister okafor", "nana rose".
_TITLE_LOWER = re.compile(
    r"\b(?:(?:mrs|mr|ms|dr)\.?|miss|doctor|sister|nurse|auntie|aunty|uncle|pastor|imam|father|nana|nanna|nan"
    r"|nanny|granny|gran|grandma|grandad|grandpa|granda|grampa)[ \t]+(?P<id>[a-z][a-z'’-]+)\b"
)
# Where nothing is capitalised, the words between a title and what its bearer does are the bearer's name,
# whatever a speech recogniser made of it: "mrs add a buyer said", "mrs oh car for was the social worker",
# "doctor new sue shes lovely", "dr no vac sorry dr nowak", and at a turn's end "mister oh hair".
_TITLE_WORDS_VERB = re.compile(
    r"\b(?:mrs|mr|ms|dr|doctor|mister|missus)\.?[ \t]+(?P<id>(?!(?:the|a|an|at|in|on|of|to|for|from|with|and|or|but|was|is|said"
    r"|says|told|who|that|this|my|his|her|their|your|our|he|she|they|it|i|you|we)\b)[a-z][a-z'’-]*"
    r"(?:[ \t][a-z][a-z'’-]*){0,2}?)(?:[ \t]+(?:said|says|was|is|told|tells|knows|knew|has|had|gave|got|sent|wrote"
    r"|phoned|called|shes|she's|hes|he's|sorry|rang|rung|came|come)\b|(?P<end>[ \t]*[.?!]?[ \t]*$))",
    re.MULTILINE,
)
_ROLE_BEFORE = re.compile(r"\b(?:the|a|an|my|his|her|our|their|your|this|that)[ \t]+$")
_KIN_TITLE = re.compile(rf"(?:{'|'.join(KIN_TITLES).lower()})\b")
_SAID = re.compile(r"\b(?P<id>[a-z][a-z'’-]+)\s+(?:said|says|goes|was like|telt|told me)\b")
# What people are called: "everybody calls me mj", "they call him Dobbo"; any word no list knows.
_CALLED = re.compile(r"\b(?:calls?|called|calling)\s+(?:me|him|her|them)\s+(?P<id>[^\W\d_][\w'’-]*)", re.IGNORECASE)
# Who calls someone by a name as a habit: "everyone calls me wax", "the lads all call him tiny".
_EVERYONE_BEFORE = re.compile(
    rf"\b(?:{HABITUAL_CALLERS}|they[ \t]+all|the[ \t]+(?:kids|bairns|weans|lads|girls)"
    r"(?:[ \t]+all)?)[ \t]+(?:just[ \t]+|always[ \t]+|still[ \t]+)?$",
    re.IGNORECASE,
)
# The name first, then who calls someone by it: "Rubes, we call her", "Tiggy, the kids call him", and
# where nothing is capitalised "maureen mo everyone calls her".
_CALLED_BEFORE = re.compile(
    r"\b(?P<id>[^\W\d_][\w'’-]+),?[ \t]+(?:we|they|everyone|everybody|people|she|he|I|you"
    r"|the[ \t]+(?:kids|bairns|weans|lads|girls))[ \t]+(?:all[ \t]+|always[ \t]+|just[ \t]+)?calls?[ \t]+(?:her|him|me|them)\b",
    re.IGNORECASE,
)

# A name, then to whom it is the name: "Guilherme. Will to his mates, Gui at home."
_NAME_TO = re.compile(
    r"\b(?P<id>[A-Z][a-z'’-]+),?[ \t]+to[ \t]+(?:his|her|their|my|our|your)[ \t]+"
    r"(?:mates|friends|pals|family|mum|mam|dad|nan|nana|gran|granny|brothers|sisters|teachers|workers)\b"
)


# Who someone is, then what they are called: "a fella called sunny virdee", "a lad called dougie".
_NOUN_CALLED = re.compile(
    r"\b(?:woman|man|fella|feller|lad|lass|lassie|girl|boy|guy|bloke|lady|chap|kid|wean|bairn|worker|friend|pal|mate"
    r"|someone|somebody|person|nurse|doctor|teacher|officer|guardian)[ \t]+(?:called|named|cawed)[ \t]+"
    r"(?P<id>[^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*)?)",
    re.IGNORECASE,
)


_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)\b")
_VERB_AFTER = re.compile(r"[ \t]+(?:up|from|to|out|early|again|at|and[ \t]+(?:left|went|walked))\b")  # "lily rose up"


class NameContextRecognizer(RegexRecognizer):
    """Names in kinship and dialect contexts: PERSON / name."""

    LABEL = "PERSON"
    PATTERNS = (
        Rx("name_after_kin", _KIN_NAME, 0.75, "first name"),
        Rx("name_diminutive", _DIMINUTIVE, 0.6, "first name"),
        Rx("name_spelled", _SPELLED, 0.6, "name"),
        Rx("name_said", _SAID, 0.55, "first name"),
        Rx("name_apposition", _APPOSITION, 0.6, "first name"),
        Rx("name_apposition_lower", _APPOSITION_LOWER, 0.6, "first name"),
        Rx("name_called", _CALLED, 0.6, "nickname"),
        Rx("name_called_before", _CALLED_BEFORE, 0.6, "nickname"),
        Rx("name_to_whom", _NAME_TO, 0.6, "nickname"),
        Rx("name_noun_called", _NOUN_CALLED, 0.6, "name"),
        Rx("name_after_title", _TITLE_LOWER, 0.7, "name"),
        Rx("name_title_words_verb", _TITLE_WORDS_VERB, 0.6, "name"),
    )

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        super().__init__()

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        if rx.name == "name_spelled":  # "W-I-Ś-N-I-E-W-S-K-A", any alphabet's capitals
            return rx.score if match.group("id").isupper() else None
        word = match.group("id").split()[-1].casefold().strip("'’")
        known = word in self.lexicons.first_names or word in self.lexicons.nicknames
        if rx.name == "name_after_title":
            if len(word) < 3 and not known:
                return None  # "nanna mo", "auntie jo"; not "dr an"
            if known and self.lexicons.is_common_word(word):
                # "nana rose the weans call her": a doubt, as after "my son"; "the doctor said" is a verb.
                return 0.45 if _KIN_TITLE.match(match.group(0)) else None
            named = known or word in self.lexicons.surnames
            return rx.score if named and not self.lexicons.is_common_word(word) else None
        if rx.name == "name_called_before":  # "Rubes, we call her"; not "Mum, we call her", "That, we call him"
            if word in self.lexicons.not_names or word in self.lexicons.allow or len(word) < 2:
                return None
            if match.group("id")[0].isupper():
                return rx.score
            # Lower case, where nothing is capitalised: a name, a word no list knows, or a short form
            # of a name ("rubes" of Ruby), not "that we call her", "now they call him".
            if not lower_case_document(match.string):
                return None
            return rx.score if known or self._unknown_word(word) or self._short_form(word) else None
        if rx.name == "name_title_words_verb":
            words = match.group("id").split()
            if not lower_case_document(match.string) or _ROLE_BEFORE.search(
                match.string, max(0, match.start() - 8), match.start()
            ):
                return None  # "the doctor there was lovely": a doctor, not a title
            if (len(words) == 1 and words[0] in STOP_WORDS) or any(w in STOP_WORDS and len(w) > 3 for w in words[1:]):
                return None  # "dr then said": no name
            if match.group("end") is not None and any(w in STOP_WORDS for w in words):
                return None  # at a turn's end, every word must be a name's: "mister oh hair", not "doctor about it"
            return rx.score
        if rx.name == "name_to_whom":  # "Will to his mates"; not "Welcome to his family"
            return rx.score if known else None
        if rx.name == "name_called":  # not "calls me stupid", "calls me every day", "calls me mum"
            habit = word not in self.lexicons.not_names and word not in STOP_WORDS and len(word) > 1
            if habit and _EVERYONE_BEFORE.search(match.string, max(0, match.start() - 24), match.start()):
                return rx.score  # what everyone calls someone is a name, a word or not: "everyone calls me wax"
            ordinary = self.lexicons.is_common_word(word) or word in self.lexicons.not_names
            # A known name that is also a word counts capitalised, or where nothing is ("calls her sunny").
            named = known and (match.group("id")[0].isupper() or lower_case_document(match.string))
            return None if ordinary and not named else rx.score
        if rx.name == "name_noun_called":  # "a lad called dougie"; not "a lad called me", "a worker called round"
            first = match.group("id").split()[0]
            if first[0].islower() and not lower_case_document(match.string):
                return None
            key = first.casefold()
            if key in self.lexicons.first_names or key in self.lexicons.nicknames:
                return rx.score
            return rx.score - 0.15 if self._unknown_word(key) else None
        if rx.name == "name_after_kin":
            # The capitalised case is left to the lexicon and the model.
            if not match.group("id")[0].islower():
                return None
            if known and self.lexicons.is_common_word(word):
                return 0.45  # "my son will", "my mum said": syntax decides, the word alone is a doubt
            if known or self._possessive_of_name(word):
                return rx.score
            # A word no list knows after "my brother" is a name too ("my brother kully"), with less certainty.
            return rx.score - 0.2 if self._unknown_word(word) else None
        if rx.name == "name_apposition":
            return rx.score if known else None  # a name that is also a word too: "Grant", "Joy"
        if rx.name == "name_apposition_lower":
            before = match.string[max(0, match.start() - 12) : match.start()]
            if not known or not lower_case_document(match.string) or _SUBJECT_BEFORE.search(before):
                return None
            return 0.45 if self.lexicons.is_common_word(word) else rx.score  # "joy my sister": as after "my son"
        if rx.name == "name_said":
            return rx.score if known and not self.lexicons.is_common_word(word) else None
        if not known:
            return None
        return rx.score if not self.lexicons.is_common_word(word) else rx.score - 0.05

    def analyze(self, text, entities, nlp_artifacts=None):  # type: ignore[no-untyped-def]
        results = super().analyze(text, entities, nlp_artifacts)
        for result in results:
            if "name_noun_called" in str(result.analysis_explanation):
                result.end = self._full_name_end(text, result.start, result.end)
            word = text[result.start : result.end].casefold()
            if self._possessive_of_name(word):
                result.end -= 1  # "her sister agatas wedding": the name is "agata"
            elif "name_after_kin" in str(result.analysis_explanation):
                end = self._double_name_end(text, result.end, word)
                if end != result.end:  # two first names after "the baby": a name, though "lily" is a flower
                    result.end, result.score = end, max(result.score, 0.6)
        return results

    def _double_name_end(self, text: str, end: int, first: str) -> int:
        """Where "the baby lily rose" ends its name: a girl's double first name takes its second half."""
        m = _NEXT_WORD.match(text, end)
        if m is None or self.lexicons.first_names.get(first) not in ("f", "u"):
            return end
        second = m.group(1).casefold()
        if second in DOUBLE_NAME_ENDS and second in self.lexicons.first_names and not _VERB_AFTER.match(text, m.end()):
            return m.end()
        return end

    def _full_name_end(self, text: str, start: int, end: int) -> int:
        """Where "dougie from clifton" ends its name: the second word only if it is a surname ("sunny virdee")."""
        words = text[start:end].split()
        if len(words) < 2:
            return end
        second = words[1].casefold().strip("'’")
        lex = self.lexicons
        surname = (second in lex.surnames and not lex.is_common_word(second)) or self._unknown_word(second)
        return end if surname and second not in lex.not_names else start + len(words[0])

    def _possessive_of_name(self, word: str) -> bool:
        """A known first name with the possessive "s" typed without its apostrophe ("agatas")."""
        lex = self.lexicons
        return word.endswith("s") and word not in lex.first_names and (word[:-1] in lex.first_names)

    def _short_form(self, word: str) -> bool:
        """The start of a known first name and an "s": "rubes" (Ruby), "kayls" (Kayleigh)."""
        stem = word.removesuffix("es") if word.endswith("es") else word.removesuffix("s")
        return len(stem) >= 3 and stem != word and any(n.startswith(stem) for n in self.lexicons.first_names)

    def _unknown_word(self, word: str) -> bool:
        """A word that no dictionary, name-stop list or apostrophe-less contraction explains."""
        lex = self.lexicons
        if len(word) < 3 or lex.is_common_word(word) or word in lex.not_names or _CONTRACTED.search(word):
            return False  # "can't", "she'll": a contraction with its apostrophe is no name
        m = _CONTRACTION_TAIL.search(word)
        return word != "aint" and not (m and lex.is_common_word(word[: m.start()]))  # "dont": "do" + "n't"
