"""Fault suite: bad input, kills at random points, inputs untouched.

Prints, and checks:
- bad-input kinds tried, each handled (a clear error naming the file, or a
  correct output), crashes (a traceback or an unexpected exit code) 0;
- kill -9 at random moments of real runs: corrupt registries 0, entities with
  two pseudonyms 0, partial outputs 0, outputs differing from an
  uninterrupted run 0;
- inputs modified 0 across everything.

- one transcript of ``--big-mb`` megabytes (100 by default; about 17 million
  words built from the fixtures, names varied): it is settled a part at a
  time; peak memory of the process tree, and gold identifiers left in place
  near a part cut that are replaced at the same place in the other copies
  ("lost at a cut") 0.

Usage: python bench/faults.py [--kills 50] [--long-line-mb 5] [--big-mb 100] [--only bad-input|kills|big] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSCRIPTS = ROOT / "fixtures" / "transcripts"
CLI = [sys.executable, "-m", "anonymiser.cli"]


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/huge.bin", b"\0" * (600 * 2**20))
    return buffer.getvalue()


SAMPLE = "INT: How did you come to move?\nDawn Mackie: We moved to Possilpark in March 2019, me and wee Jamie.\n"


# kind -> (file name, bytes or None for special set-up, expected: "error" or "ok")
def bad_inputs(long_line_mb: float) -> list[tuple[str, str, bytes, str]]:
    good_docx = _docx_bytes(SAMPLE)
    long_line = ("Dawn said she moved to Possilpark and then back again " * int(long_line_mb * 2**20 / 55)).encode()
    return [
        ("binary data named .txt", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(256), "error"),
        ("0-byte file", "empty.txt", b"", "error"),
        ("blank file", "blank.txt", b" \n\t\n", "error"),
        ("truncated .docx", "truncated.docx", good_docx[: len(good_docx) // 2], "error"),
        ("corrupt .docx", "corrupt.docx", b"PK\x03\x04" + os.urandom(2048), "error"),
        ("password-protected .docx", "locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(4096), "error"),
        ("zip bomb disguised as .docx", "bomb.docx", _zip_bomb(), "error"),
        ("plain text named .docx", "notreally.docx", SAMPLE.encode(), "error"),
        ("docx without text", "notext.docx", _docx_bytes(""), "error"),
        ("NUL bytes in text", "nul.txt", SAMPLE.encode() + b"\x00\x00rest", "error"),
        ("invalid UTF-8 (read as cp1252)", "latin.txt", SAMPLE.encode() + b"caf\xe9 \xa3 5\n", "ok"),
        ("UTF-16 with BOM", "utf16bom.txt", SAMPLE.encode("utf-16"), "ok"),
        ("UTF-16 without BOM", "utf16.txt", SAMPLE.encode("utf-16-le"), "ok"),
        ("UTF-8 with BOM", "utf8bom.txt", b"\xef\xbb\xbf" + SAMPLE.encode(), "ok"),
        ("CRLF newlines", "crlf.txt", SAMPLE.replace("\n", "\r\n").encode(), "ok"),
        (f"one {long_line_mb:g} MB line", "longline.txt", long_line, "ok"),
        ("a 200,000-character word", "longword.txt", b"x" * 200_000 + b"\n" + SAMPLE.encode(), "ok"),
        (
            "names in other scripts",
            "scripts.txt",
            "INT: Who came?\nR: Ольга Иванова, محمد علي and 王伟 came.\n".encode(),
            "ok",
        ),
        (
            "two names differing only in case",
            "case.txt",
            b"R: Ms MacKie and Ms Mackie are not the same Mackie.\n",
            "ok",
        ),
        ("identifier in a file name", "Dawn_Mackie_interview.txt", SAMPLE.encode(), "ok"),
        ("docx with only a table", "table.docx", b"", "ok"),
    ]


def table_docx() -> bytes:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Name", "Dawn Mackie"
    table.cell(1, 0).text, table.cell(1, 1).text = "Area", "Possilpark"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True)


def bad_input_suite(work: Path, long_line_mb: float) -> tuple[int, int, int, list[str]]:
    """(kinds tried, handled, crashes, problems)."""
    raw = work / "bad" / "raw"
    raw.mkdir(parents=True)
    cases = bad_inputs(long_line_mb)
    for _, name, data, _ in cases:
        (raw / name).write_bytes(table_docx() if name == "table.docx" else data)
    outside = work / "bad" / "outside.txt"
    outside.write_text("Secret Person lives here.\n", encoding="utf-8")
    (raw / "link-outside.txt").symlink_to(outside)
    (raw / "loop").symlink_to(raw)
    extra = [
        ("symlink pointing outside the input folder", "link-outside.txt", "skipped"),
        ("symlink loop", "loop", "skipped"),
    ]
    if os.geteuid() != 0:  # root reads everything: an unreadable file cannot be made
        (raw / "unreadable.txt").write_bytes(SAMPLE.encode())
        (raw / "unreadable.txt").chmod(0)
        extra.append(("unreadable file", "unreadable.txt", "error"))
    before = tree_hashes(raw)
    result = run_cli(["run", "raw", "--out", "out", "--project", "project", "--quiet"], work / "bad")
    problems = []
    crashes = int("Traceback" in result.stderr or result.returncode not in (0, 1, 2))
    out = work / "bad" / "out"
    written = {p.relative_to(out).as_posix() for p in out.rglob("*")} if out.exists() else set()
    handled = 0
    for kind, name, _, expected in cases:
        named = name in result.stderr
        if expected == "error":
            ok = named and name not in written
        else:
            ok = not named and (name in written or name.startswith("Dawn_Mackie"))
            if name.startswith("Dawn_Mackie"):
                ok = ok and not any("Dawn" in w for w in written) and any(w.endswith("_interview.txt") for w in written)
        handled += ok
        if not ok:
            problems.append(f"{kind}: not handled as expected ({expected})")
    for kind, name, expected in extra:
        ok = (name in result.stderr and name not in written) if expected == "error" else name not in written
        handled += ok
        if not ok:
            problems.append(f"{kind}: not handled as expected ({expected})")
    if result.returncode != 2:
        problems.append(f"run over bad inputs exited {result.returncode}, expected 2")
    # A broken rules.yaml stops the run before any file is touched.
    for kind, content in (
        ("rules.yaml syntax error", "allow: [a\n"),
        ("rules.yaml unknown key", "deny:\n  - {text: x, lable: PERSON}\n"),
        ("rules.yaml bad regex", "patterns:\n  - {id: x, label: CONTACT, pattern: '[a-'}\n"),
    ):
        project = work / "bad" / f"project-{len(problems)}-{kind.split()[-1]}"
        project.mkdir(mode=0o700)
        (project / "rules.yaml").write_text(content, encoding="utf-8")
        result = run_cli(["run", "raw", "--out", f"out-{project.name}", "--project", str(project)], work / "bad")
        ok = (
            result.returncode == 2
            and "rules.yaml:" in result.stderr
            and not (work / "bad" / f"out-{project.name}").exists()
        )
        crashes += "Traceback" in result.stderr
        handled += ok
        cases.append((kind, "rules.yaml", b"", "error"))
        if not ok:
            problems.append(f"{kind}: not stopped cleanly")
    if tree_hashes(raw) != before:
        problems.append("inputs modified by the bad-input run")
    return len(cases) + len(extra), handled, crashes, problems


def registry_sound(path: Path) -> tuple[bool, int]:
    """(integrity check passes, aliases that point to more than one entity of one label)."""
    if not path.exists():
        return True, 0
    db = sqlite3.connect(path)
    try:
        ok = db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        doubles = db.execute(
            "SELECT COUNT(*) FROM (SELECT a.key, e.label FROM aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.part = 'full' AND e.label = 'PERSON' GROUP BY a.key, e.label HAVING COUNT(DISTINCT a.entity_id) > 1)"
        ).fetchone()[0]
        return ok, int(doubles)
    finally:
        db.close()


def kill_suite(work: Path, kills: int, seed: int = 11) -> dict[str, int]:
    rng = random.Random(seed)
    raw = work / "kill" / "raw"
    raw.mkdir(parents=True)
    for name in (
        "dev_parent_dawn_1.txt",
        "dev_parent_dawn_2.txt",
        "dev_focus_group_glasgow.docx",
        "dev_telephone_contacts.txt",
        "dev_couple_cardiff.txt",
        "dev_fieldnotes_manchester.txt",
    ):
        shutil.copy2(TRANSCRIPTS / name, raw / name)
    before = tree_hashes(raw)
    # Two copies of one fresh project (same secret seed): one is killed again and again, one runs once.
    (work / "kill" / "seedproject").mkdir(mode=0o700)
    from anonymiser.registry import PseudonymRegistry

    PseudonymRegistry(work / "kill" / "seedproject" / "registry.sqlite").close()
    shutil.copytree(work / "kill" / "seedproject", work / "kill" / "killed")
    shutil.copytree(work / "kill" / "seedproject", work / "kill" / "clean")
    start = time.perf_counter()
    reference = run_cli(["run", "raw", "--out", "out-clean", "--project", "clean", "--quiet"], work / "kill")
    duration = time.perf_counter() - start
    assert reference.returncode == 0, reference.stderr
    counts = {
        "kills": 0,
        "corrupt registries": 0,
        "entities with two pseudonyms": 0,
        "partial outputs": 0,
        "outputs differing from a clean run": 0,
        "inputs modified": 0,
        "runs completing after kills": 0,
    }
    reference_out = tree_hashes(work / "kill" / "out-clean")
    attempts = 0
    while counts["kills"] < kills and attempts < 3 * kills:  # a run may finish before its kill time
        attempts += 1
        # --full: once a run has finished, the next would keep every unchanged output and end at once.
        process = subprocess.Popen(
            [*CLI, "run", "raw", "--out", "out", "--project", "killed", "--quiet", "--full"],
            cwd=work / "kill",
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0.2, 0.9 * duration))
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            counts["kills"] += 1
        process.wait()
        ok, doubles = registry_sound(work / "kill" / "killed" / "registry.sqlite")
        counts["corrupt registries"] += not ok
        counts["entities with two pseudonyms"] += doubles
        out = work / "kill" / "out"
        if out.exists():
            for path in out.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    name = path.relative_to(out).as_posix()
                    if reference_out.get(name) is None or path.stat().st_size == 0:
                        counts["partial outputs"] += 1
    final = run_cli(["run", "raw", "--out", "out", "--project", "killed", "--quiet"], work / "kill")
    counts["runs completing after kills"] = int(final.returncode == 0)
    final_out = tree_hashes(work / "kill" / "out")
    counts["outputs differing from a clean run"] = sum(final_out.get(k) != v for k, v in reference_out.items())
    counts["inputs modified"] = int(tree_hashes(raw) != before)
    verify = run_cli(["audit", "verify", "--project", "killed"], work / "kill")
    counts["audit chains broken"] = int(verify.returncode != 0)
    return counts


def build_big(path: Path, megabytes: float, seed: int = 5) -> list[tuple[int, int, str]]:
    """Write one long transcript of the text fixtures, names varied; return its gold spans (start, end, key).

    ``key`` names the fixture mention a span copies, so the same mention can
    be compared across copies.
    """
    import json

    from faker import Faker

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    sources = []
    for gold_path in sorted(TRANSCRIPTS.glob("*.gold.jsonl")):
        text_path = gold_path.with_name(gold_path.name.replace(".gold.jsonl", ".txt"))
        if text_path.exists():
            gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
            sources.append((text_path.stem, text_path.read_text(encoding="utf-8"), gold))
    spans: list[tuple[int, int, str]] = []
    size, copy = 0, 0
    target = int(megabytes * 2**20)
    with path.open("w", encoding="utf-8") as handle:
        while size < target:
            name, text, gold = sources[copy % len(sources)]
            names: dict[str, str] = {}
            pos = 0
            pieces = []
            for number, g in enumerate(gold):
                pieces.append(text[pos : g["start"]])
                new = g["text"]
                if g["label"] == "PERSON" and g["text"].replace(" ", "").isalpha():
                    if g["entity"] not in names:
                        names[g["entity"]] = f"{fake.first_name()} {fake.last_name()}"
                    new = names[g["entity"]] if " " in g["text"] else names[g["entity"]].split()[0]
                start = size + sum(len(piece) for piece in pieces)
                spans.append((start, start + len(new), f"{name}#{number}"))
                pieces.append(new)
                pos = g["end"]
            pieces.append(text[pos:] + "\n")
            body = "".join(pieces)
            handle.write(body)
            size += len(body)
            copy += 1
    return spans


def big_transcript(work: Path, megabytes: float) -> dict[str, float]:
    """Run one ``megabytes`` MB transcript through the CLI; time, peak memory and identifiers lost at part cuts."""
    import bisect
    import re
    from collections import Counter

    sys.path.insert(0, str(ROOT / "bench"))
    from speed import PeakRss

    from anonymiser.audit import read_records
    from anonymiser.pipeline import PART_CHARS
    from anonymiser.text import line_pieces

    raw = work / "big" / "raw"
    raw.mkdir(parents=True)
    gold = build_big(raw / "long_transcript.txt", megabytes)
    text = (raw / "long_transcript.txt").read_text(encoding="utf-8")
    words = len(text.split())
    cuts = [offset for offset, _ in line_pieces(text, PART_CHARS)][1:]
    before = tree_hashes(raw)
    start = time.perf_counter()
    command = [*CLI, "run", "raw", "--out", "out", "--project", "project", "-q"]
    process = subprocess.Popen(command, cwd=work / "big", stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with PeakRss(process.pid) as memory:
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    records = [r for r in read_records(work / "big" / "project" / "audit.jsonl") if r.get("type") == "replacement"]
    replaced = sorted((r["start"], r["end"]) for r in records)
    starts = [s for s, _ in replaced]
    # The audit log points at the original in the input and at its replacement in the output.
    output = (work / "big" / "out" / "long_transcript.txt").read_text(encoding="utf-8") if records else ""
    misplaced = sum(
        text[r["start"] : r["end"]] != r["original"] or output[r["out_start"] : r["out_end"]] != r["replacement"]
        for r in records
    )
    del output

    def covered(start: int, end: int) -> bool:
        """Every letter and digit of [start, end) lies inside a replacement."""
        i = bisect.bisect_right(starts, start) - 1
        for m in re.finditer(r"\w", text[start:end]):
            position = start + m.start()
            while i + 1 < len(replaced) and replaced[i + 1][0] <= position:
                i += 1
            if i < 0 or replaced[i][1] <= position:
                return False
        return True

    hits = [covered(s, e) for s, e, _ in gold]
    caught_elsewhere: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for (_, _, key), hit in zip(gold, hits, strict=True):
        seen[key] += 1
        caught_elsewhere[key] += hit
    near = [i for i, (s, e, _) in enumerate(gold) if cuts and min(abs(s - c) for c in _around(cuts, s)) < 300]
    lost = [i for i in near if not hits[i] and caught_elsewhere[gold[i][2]] > seen[gold[i][2]] / 2]
    if process.returncode not in (0, 1):
        print(f"  big transcript: exit {process.returncode}: {stderr.strip()[-500:]}")
    leaks = [line for line in (stdout + stderr).splitlines() if line.startswith("leak:")]
    if leaks:
        found = Counter(line.rsplit(":", 1)[-1].strip() for line in leaks)
        print("  the run's gate found:", ", ".join(f"{text} x{n}" for text, n in found.most_common(10)))
    return {
        "exit status": process.returncode,
        "originals the run's gate found in the output": len(leaks),
        "megabytes": round(len(text.encode("utf-8")) / 2**20, 1),
        "words": words,
        "parts": len(cuts) + 1,
        "seconds": round(seconds),
        "words/s": round(words / seconds),
        "peak PSS of the process tree, MB": round(memory.peak / 2**20),
        "peak summed RSS, MB": round(memory.peak_rss / 2**20),
        "gold identifiers": len(gold),
        "replaced": round(sum(hits) / len(gold), 4),
        "gold identifiers within 300 characters of a cut": len(near),
        "replaced near cuts": round(sum(hits[i] for i in near) / max(1, len(near)), 4),
        "lost at a cut": len(lost),
        "audit records not pointing at their original and replacement": misplaced,
        "inputs modified": int(tree_hashes(raw) != before),
    }


def _around(cuts: list[int], offset: int) -> list[int]:
    """The cuts just before and after ``offset``."""
    import bisect

    i = bisect.bisect_left(cuts, offset)
    return cuts[max(0, i - 1) : i + 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--long-line-mb", type=float, default=5.0)
    parser.add_argument("--big-mb", type=float, default=100.0, help="size of the one long transcript (0: skip)")
    parser.add_argument("--only", choices=["bad-input", "kills", "big"], help="run one part of the suite")
    parser.add_argument("--keep", type=Path, help="work in this new folder and keep it (inputs, outputs, projects)")
    args = parser.parse_args()
    problems: list[str] = []
    crashes = 0
    counts = {"runs completing after kills": 1}
    if args.keep is not None:
        args.keep.mkdir(parents=True)  # a new folder: never one holding anything else
    with tempfile.TemporaryDirectory() if args.keep is None else contextlib.nullcontext(str(args.keep)) as tmp:
        work = Path(tmp)
        if args.only in (None, "bad-input"):
            kinds, handled, crashes, problems = bad_input_suite(work, args.long_line_mb)
            print(
                f"bad-input kinds tried: {kinds}; handled with a clear error or a correct output: {handled}; "
                f"crashes: {crashes}"
            )
            for problem in problems:
                print("  problem:", problem)
        if args.only in (None, "kills"):
            counts = kill_suite(work, args.kills)
            for key, value in counts.items():
                print(f"{key}: {value}")
        if args.only in (None, "big") and args.big_mb > 0:
            big = big_transcript(work, args.big_mb)
            print("one long transcript:", "; ".join(f"{key} {value:,}" for key, value in big.items()))
            problems += [
                f"long transcript: {key} {big[key]}"
                for key in (
                    "lost at a cut",
                    "inputs modified",
                    "audit records not pointing at their original and replacement",
                )
                if big[key]
            ]
            if big["peak PSS of the process tree, MB"] >= 2048 or big["exit status"] not in (0, 1):
                problems.append("long transcript: over 2 GB or not completed")
            if big["exit status"] == 1:
                problems.append("long transcript: the run's own check found originals in its output")
    for problem in problems:
        print(f"problem: {problem}")
    failed = problems or crashes or any(counts[k] for k in counts if k not in ("kills", "runs completing after kills"))
    return 1 if failed or not counts["runs completing after kills"] else 0


if __name__ == "__main__":
    sys.exit(main())
