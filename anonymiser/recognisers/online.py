"""E-mail addresses, web addresses and social-media handles.

Written by hand rather than Presidio's URL and e-mail recognisers, which
fetch the public suffix list over the network through tldextract.
"""

from __future__ import annotations

import re

from .base import NUMBER_WORD, RegexRecognizer, Rx

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_URL = re.compile(
    r"""
    (?:https?://|www\.)[^\s<>"')\]]*[^\s<>"')\].,;:!?]  # an explicit web address
    | \b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|uk|scot|wales|io|me|info)
      (?:\.uk)?\b(?:/[^\s<>"')\]]*[^\s<>"')\].,;:!?])?  # or a bare domain with a known ending
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Spoken: "shan dot vowles ninety-three at hotmail dot co dot uk". Words join the local part only
# through "dot", "underscore" or "dash", numbers through a space, so "my e-mail is" stays out.
_NUMBER_WORD = rf"(?:\d+|{NUMBER_WORD}|oh|double[\s-]+\w+)"
_SPOKEN_EMAIL = re.compile(
    rf"\b[a-z][a-z0-9]*(?:\s+(?:dot|underscore|dash)\s+[a-z0-9]+|[\s-]+{_NUMBER_WORD}\b)*"
    r"\s+at\s+[a-z0-9]+(?:\s+[a-z0-9]+)?(?:\s+dot\s+[a-z0-9]+)*\s+dot\s+(?:com|uk|org|net|scot|wales|ie|io|me|info)\b",
    re.IGNORECASE,
)  # the domain may be said as two words: "at lorrimore recovery dot org dot uk"
# Spelt letter by letter: "b o b b y dot d h a l i w a l eight four".
_LETTERS = r"[a-z](?:\s+[a-z]\b)+"
_SPELT_EMAIL = re.compile(
    rf"(?<![\w-])(?=(?:[a-z]\s+){{3}}){_LETTERS}(?:\s+(?:dot|underscore|dash)\s+{_LETTERS})+(?:\s+{_NUMBER_WORD}\b)*",
    re.IGNORECASE,
)
# A handle said or typed without its "@", after the network's name: "on TikTok, leanneb90", "insta is jo_b_x".
# It must hold a digit or an underscore, as handles do and words do not.
_HANDLE_NAMED = re.compile(
    r"\b(?i:instagram|insta|tiktok|tik tok|snapchat|snap|twitter|facebook|fb|threads)(?:[ \t]+(?i:as|is|it's|name|handle))?"
    r"[,:]?[ \t]+(?P<id>(?=[A-Za-z0-9_.]*[\d_])[A-Za-z][A-Za-z0-9_.]{2,29}[A-Za-z0-9_])\b"
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])\b")


class OnlineRecognizer(RegexRecognizer):
    """E-mail, URL and handles: CONTACT / email, url, handle."""

    LABEL = "CONTACT"
    PATTERNS = (
        Rx("email", _EMAIL, 0.95, "email"),
        Rx("spoken_email", _SPOKEN_EMAIL, 0.85, "email"),
        Rx("spelt_email", _SPELT_EMAIL, 0.7, "email"),
        Rx("url", _URL, 0.8, "url"),
        Rx("handle", _HANDLE, 0.8, "social media handle"),
        Rx("handle_named", _HANDLE_NAMED, 0.7, "social media handle"),
    )

    def validate(self, match: re.Match[str], rx: Rx) -> float | None:
        # The domain of an e-mail address is reported with the address, not as a URL.
        if rx.name == "url" and match.string[max(0, match.start() - 1) : match.start()] == "@":
            return None
        return rx.score
