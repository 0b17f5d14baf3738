"""Names told by the words around them: what people are called."""

from __future__ import annotations

import pytest

from anonymiser.lexicons import Lexicons
from anonymiser.recognisers import NameContextRecognizer


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("im mary jane doig everybody calls me mj im twenty nine", ["mj"]),
        ("They call him Dobbo cos of his dad.", ["Dobbo"]),
        ("everyone calls me Shan. I'm twenty-nine", ["Shan"]),
        ("she calls me stupid when she's angry", []),
        ("he calls me every day about it", []),
        ("the bairns called her mum from the start", []),
    ],
)
def test_what_people_are_called(text: str, found: list[str], lexicons: Lexicons) -> None:
    results = NameContextRecognizer(lexicons).analyze(text, [])
    assert [text[r.start : r.end] for r in results if "called" in str(r.analysis_explanation)] == found
