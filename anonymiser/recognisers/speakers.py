"""Speaker labels: the name that opens a turn ("Dawn:", "DAWN:", "[Dawn]",
"Dawn (mum):", "P12 (Dawn):", "<v Dawn Mackie>").

A label is a name when it is not a role or a header field ("Interviewer:",
"Date:") and is either a known name or not an ordinary word: "Dawn:" is a
name, "Reflections:" is not.
"""

from __future__ import annotations

import re

from ..lexicons import Lexicons
from .base import RegexRecognizer, Rx

_NAME = r"[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*){0,2}"
_STAMP = r"(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\)?\]?\s*)?"
_LINE_LABEL = re.compile(rf"^[ \t]*{_STAMP}(?P<id>{_NAME})(?:[ \t]*\([^)\n]{{1,40}}\))?[ \t]*:", re.MULTILINE)
_CODE_THEN_NAME = re.compile(rf"^[ \t]*{_STAMP}[\w-]{{1,12}}[ \t]*\((?P<id>{_NAME})\)[ \t]*:", re.MULTILINE)
_BRACKETED = re.compile(rf"^[ \t]*{_STAMP}\[(?P<id>{_NAME})\]", re.MULTILINE)
_VOICE_TAG = re.compile(r"<v(?:\.[\w.-]+)?\s+(?P<id>[^<>\n]+?)\s*>")

ROLES = frozenset(
    """interviewer int i iv r resp respondent participant part facilitator fac researcher res
    moderator mod mum dad mother father gran granny nana papa child son daughter partner all both
    everyone group note notes nb speaker unknown unidentified inaudible crosstalk transcriber observer
    date time location place venue study code site duration present setting participants service
    subject re ref tel email phone address postcode summary context reflections observation
    observations question answer q a update consent age dob interview session recording transcript
    file page project worker professional staff host guest male female voice other key
    fieldworker nurse doctor midwife practitioner manager support officer teacher
    """.split()
)


class SpeakerLabelRecognizer(RegexRecognizer):
    """Names used as speaker labels: PERSON / speaker."""

    LABEL = "PERSON"
    PATTERNS = (
        Rx("speaker_label", _LINE_LABEL, 0.9, "speaker"),
        Rx("speaker_code_name", _CODE_THEN_NAME, 0.9, "speaker"),
        Rx("speaker_bracketed", _BRACKETED, 0.85, "speaker"),
        Rx("voice_tag", _VOICE_TAG, 0.95, "speaker"),
    )

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        super().__init__()

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        words = re.split(r"[ -]", match.group("id"))
        lowered = [w.casefold().strip("'’") for w in words]
        if any(w in ROLES or re.fullmatch(r"[a-z_]*\d+[a-z\d_]*", w) for w in lowered):  # "P12", "SPEAKER_00"
            return None
        if rx.name == "voice_tag":
            return rx.score
        if any(w in self.lexicons.not_names for w in lowered):
            return None
        if any(self.lexicons.is_name(w) for w in lowered):
            return rx.score
        if all(len(w) <= 3 and w.isupper() for w in words):
            return None  # initials such as "KM:" are study codes, not names
        if any(self.lexicons.is_common_word(w) for w in lowered):
            return None
        return rx.score
