"""Review decisions: review.yaml read and validated, applied at the next run, logged once; `anonymiser review`."""

from __future__ import annotations

import dataclasses
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

import anonymiser
from anonymiser.audit import read_records, verify
from anonymiser.cli import app
from anonymiser.decisions import Decision, append_decisions, load_decisions
from anonymiser.detect import Detector
from anonymiser.errors import ConfigError
from anonymiser.lexicons import Lexicons
from anonymiser.pipeline import RunOptions
from anonymiser.project import Project
from anonymiser.review import QueueItem, review_queue

from .conftest import TRANSCRIPTS, tree_hashes

FILES = ["dev_father_newcastle.txt", "dev_couple_cardiff.txt", "dev_parent_dawn_1.txt"]
pytestmark = pytest.mark.slow


@pytest.fixture()
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for name in FILES:
        shutil.copy2(TRANSCRIPTS / name, folder / name)
    return folder


@dataclass(frozen=True)
class Ran:
    """A project after one run over ``FILES``, and the input hashes from before it."""

    raw: Path
    out: Path
    project: Path
    options: RunOptions
    inputs_before: dict[str, str]


@pytest.fixture()
def ran(tmp_path: Path, raw: Path, lexicons: Lexicons, detector: Detector) -> Ran:
    options = RunOptions(lexicons=lexicons, detector=detector)
    before = tree_hashes(raw)
    anonymiser.run(raw, tmp_path / "deposit", tmp_path / "project", options=options)
    return Ran(raw, tmp_path / "deposit", tmp_path / "project", options, before)


def _decisions(project: Path) -> list[dict[str, object]]:
    return [r for r in read_records(project / "audit.jsonl") if r["type"] == "decision"]


def test_a_rejected_replacement_and_an_accepted_candidate_change_the_next_run(ran: Ran) -> None:
    raw, out, project, options, before = ran.raw, ran.out, ran.project, ran.options, ran.inputs_before
    records = list(read_records(project / "audit.jsonl"))
    # A multi-word service the run replaced, and a candidate it left below the threshold.
    replaced = next(
        r
        for r in records
        if r["type"] == "replacement" and r["label"] == "SERVICE" and " " in r["original"] and r["file"] == FILES[0]
    )
    candidate = next(
        r
        for r in records
        if r["type"] == "review" and r["reason"] == "below the replace threshold" and r["original"][0].isalpha()
    )
    first_out = {f: (out / f).read_text(encoding="utf-8") for f in FILES}
    assert replaced["original"] not in first_out[FILES[0]]
    assert candidate["original"] in first_out[candidate["file"]]

    append_decisions(
        Project(project).review_path,
        [
            Decision("keep", replaced["original"], file=replaced["file"]),
            Decision("replace", candidate["original"], label=candidate["label"]),
        ],
    )
    summary = anonymiser.run(raw, out, project, options=options)
    assert summary.findings == () and summary.errors == ()
    second_out = {f: (out / f).read_text(encoding="utf-8") for f in FILES}
    assert replaced["original"] in second_out[FILES[0]]
    assert candidate["original"] not in second_out[candidate["file"]]
    # Only the decided strings changed (the accepted one wherever it occurs): every other line is as before.
    for f in FILES:
        pairs = list(zip(first_out[f].splitlines(), second_out[f].splitlines(), strict=True))
        changed = [(a, b) for a, b in pairs if a != b]
        assert all(candidate["original"] in a or replaced["original"] in b for a, b in changed), changed

    logged = _decisions(project)
    assert [(d["decision"], d["text"]) for d in logged] == [
        ("keep", replaced["original"]),
        ("replace", candidate["original"]),
    ]
    assert all(d["decided"] for d in logged)
    # Applied again at the third run, logged once; the log's chain holds; inputs untouched.
    anonymiser.run(raw, out, project, options=options)
    assert len(_decisions(project)) == 2
    assert verify(project / "audit.jsonl")[0]
    assert anonymiser.check(out, project, detect=False, lexicons=options.lexicons).leaks == []
    assert tree_hashes(raw) == before
    # Settled items leave the queue.
    queue = review_queue(project)
    assert all(not (q.file == FILES[0] and q.text == replaced["original"]) for q in queue)
    assert all(q.text != candidate["original"] for q in queue)


def test_same_and_split_decisions_change_the_registry_for_good(ran: Ran) -> None:
    raw, out, project, options = ran.raw, ran.out, ran.project, ran.options
    with Project(project).open_registry() as registry:
        people = [
            e
            for e in registry.entities()
            if e.label == "PERSON" and any(part == "first" for *_, part in registry.aliases(e.id))
        ]
        a, b = people[0], people[1]
        first_alias = next(alias for _, alias, _, _, part in registry.aliases(a.id) if part == "first")
    append_decisions(
        Project(project).review_path,
        [Decision("same", a.id, other=b.canonical), Decision("split", first_alias, other=a.id)],
    )
    anonymiser.run(raw, out, project, options=options)
    with Project(project).open_registry() as registry:
        ids = {e.id for e in registry.entities()}
        assert a.id in ids and b.id not in ids  # merged into the first
        assert first_alias not in {alias for _, alias, _, _, _ in registry.aliases(a.id)}  # split off, and stays off
    assert {d["decision"] for d in _decisions(project)} == {"same", "split"}


def test_review_yaml_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    cases = {
        "decisions:\n  - {keep: Hope, label: PERSON}\n": ":2: 'keep' takes only 'file'",
        "decisions:\n  - {split: Joanne}\n": ":2: 'split' needs 'from'",
        "decisions:\n  - {replace: X, lable: PERSON}\n": "did you mean 'label'",
        "decisions:\n  - {keep: A, replace: B}\n": "exactly one of",
        "decisions:\n  - {same: [P0001]}\n": "two references",
        "decisions:\n  - {keep: [a\n": "YAML syntax error",
    }
    for text, message in cases.items():
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
            load_decisions(path)
    path.write_text("decisions:\n", encoding="utf-8")
    assert load_decisions(path) == ()


def test_an_ambiguous_same_reference_stops_the_run_before_any_output(tmp_path: Path, ran: Ran) -> None:
    raw, project, options = ran.raw, ran.project, ran.options
    with Project(project).open_registry() as registry:
        descriptors = [e.pseudonym for e in registry.entities() if e.pseudonym.startswith("[")]
    shared = next(d for d in descriptors if descriptors.count(d) > 1)
    (Project(project).review_path).write_text(f'decisions:\n  - {{same: [P0001, "{shared}"]}}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="review.yaml:2: .* names .* entities"):
        anonymiser.run(raw, tmp_path / "other", project, options=options)
    assert not (tmp_path / "other").exists() or not any((tmp_path / "other").iterdir())


def test_review_command_records_decisions_with_their_time(ran: Ran) -> None:
    project = ran.project
    queue = review_queue(project)
    assert queue, "the fixtures leave doubtful candidates to review"
    listed = CliRunner().invoke(app, ["review", "--project", str(project), "--list"])
    assert listed.exit_code == 0 and queue[0].context.split("⟦")[0][:20] in listed.output
    result = CliRunner().invoke(app, ["review", "--project", str(project)], input="k\nr\nn\nq\n")
    assert result.exit_code == 0, result.output
    decisions = load_decisions(Project(project).review_path)
    assert [(d.kind, d.text) for d in decisions] == [("keep", queue[0].text), ("replace", queue[1].text)]
    assert decisions[0].file == queue[0].file and all(d.decided for d in decisions)
    assert len(review_queue(project)) < len(queue)


def test_an_ambiguous_alias_is_settled_by_a_split_not_a_keep() -> None:
    item = QueueItem(
        "p01.txt",
        "p01.txt",
        3,
        "PERSON",
        "Deano",
        "Gary",
        "propagation",
        0.85,
        "ambiguous alias: linked to P0056, also P0078, P0161",
        "... ⟦Gary⟧ ...",
    )
    assert item.linked_entity == "P0056"
    assert item.reject_decision() == Decision("split", "Deano", other="P0056")
    plain = dataclasses.replace(item, reason="low confidence")
    assert plain.linked_entity == "" and plain.reject_decision() == Decision("keep", "Deano", file="p01.txt")


def test_one_string_left_in_doubt_many_times_is_one_item_with_its_count(
    tmp_path: Path, lexicons: Lexicons, detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    lines = ["INT: Who helped you most?", "P01: Frank Dobson, my key worker. Frank was great."]
    lines += [f"P01: To be frank, week {n} was hard. I'll be frank with you." for n in range(30)]
    (raw / "p01.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = tmp_path / "project"
    anonymiser.run(raw, tmp_path / "out", project, options=RunOptions(lexicons=lexicons, detector=detector))
    frank = [q for q in review_queue(project) if q.text.casefold() == "frank" and not q.replaced]
    assert len(frank) == 1 and frank[0].count == 60
    assert frank[0].line == 3 and "⟦frank⟧" in frank[0].context
    # Past the cap of detail records read per file, the items and counts are the same.
    monkeypatch.setattr("anonymiser.review.MAX_DETAIL_RECORDS", 5)
    capped = [q for q in review_queue(project) if q.text.casefold() == "frank" and not q.replaced]
    assert [(q.count, q.line) for q in capped] == [(60, 3)]
