"""Names after a title, and the words after a title that are not names."""

from __future__ import annotations

import pytest

from anonymiser.recognisers import TitledNameRecognizer


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I saw Mrs Mackie at the door", ["Mackie"]),
        ("then Dr. Okafor came in", ["Okafor"]),
        ("Sister Byrne was kind", ["Byrne"]),
        ("it went to mr mcgowan", ["mcgowan"]),
        ("rejected by an Immigration Judge. On 1 November 2006 an order", []),
        ("we rang the Nurse. Later she came", []),
    ],
)
def test_titled_names(text: str, found: list[str]) -> None:
    results = TitledNameRecognizer().analyze(text, [])
    assert [text[r.start : r.end] for r in results] == found
