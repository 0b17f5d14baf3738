"""Property-based: a review decision written as one review.yaml line reads back as it was (issue 7)."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from anonymiser.decisions import Decision


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    text=st.text(min_size=1, max_size=30),
    other=st.text(max_size=12),
    note=st.text(max_size=30),
    label=st.sampled_from(["", "PERSON", "LOCATION"]),
)
def test_a_decision_line_reads_back_as_written(text: str, other: str, note: str, label: str) -> None:
    """What `anonymiser review` appends to review.yaml and the report offers to copy reads back unchanged:
    names with apostrophes, accents, colons, quotes, YAML's reserved words and line breaks alike."""
    for decision in (
        Decision("keep", text, file="a/b.txt", note=note),
        Decision("replace", text, label=label, decided="2026-11-24"),
        Decision("same", text, other=other or "P0001"),
    ):
        line = decision.as_line()
        assert line.startswith("  - {") and "\n" not in line
        read = yaml.safe_load(line.strip()[2:])
        assert read[decision.kind] == ([text, other or "P0001"] if decision.kind == "same" else text)
        assert read.get("note", "") == decision.note
        assert read.get("label", "") == decision.label
        assert read.get("file", "") == decision.file
