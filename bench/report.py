"""How big the HTML report gets and how fast it opens, on a large synthetic project and on the fixtures.

(a) A synthetic project of ``--files`` files and ``--words`` words (300 and
    3,000,000 by default): pseudonymised outputs, an audit log with about one
    replacement per 40 words (some scored low, some review items) and a
    registry, all written through the project's own APIs, as a run would.
(b) The fixtures' real project: ``anonymiser run`` over fixtures/transcripts.

For each it writes report.html, then opens it in headless Chromium (the
system's /usr/bin/chromium, through Playwright) and prints the report's size,
the time to write it, and the time until the first file is drawn: by the
page's own mark ("report-first-render", set after the first paint) and by the
wall clock from page.goto. The target is under 3 s.

Usage: python bench/report.py [--files 300] [--words 3000000] [--skip-fixtures] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from pathlib import Path

from anonymiser.project import Project
from anonymiser.report import CHROMIUM, CHROMIUM_ARGS, write_report

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 3.0
WORDS = (
    "the a and to of I it was you that in we he she they but so just like know really think about there what when "
    "with had have be not going would could went said then back because all time well yeah oh mean kind bit "
    "school work house mum dad kids money help worried support doctor night morning week year told felt tried"
).split()
FIRST = "Adair Brenna Calder Darcy Elspeth Fenella Greer Hamish Isla Jarvis Keir Lorna Morven Niall Orla Rhona".split()
LAST = "Abernethy Baird Cairns Dunbar Erskine Fairlie Gilchrist Haldane Imrie Kinnear Lennox Moffat Nairn".split()
PSEUDO_FIRST = "Linda Gary Karen Steven Tracy Paul Angela Mark Julie Colin Donna Brian Lisa Kevin Wendy Neil".split()
PSEUDO_LAST = "Hughes Walker Reid Morrison Scott Clark Wilson Paterson Young Mitchell Watson Murray Ross".split()
DESCRIPTORS = {
    "LOCATION": ["[district in Glasgow]", "[town in Fife]", "[street]", "[village in Perthshire]"],
    "SERVICE": ["[school]", "[hospital]", "[drug service]", "[charity]"],
    "CONTACT": ["[phone number]", "[email]", "[postcode]"],
}
LABELS = ["PERSON"] * 6 + ["LOCATION"] * 2 + ["SERVICE", "CONTACT", "DATE"]


def build_project(root: Path, files: int, words: int, seed: int = 11) -> tuple[Path, int, int]:
    """Write a deposit, a registry and an audit log as a run over ``files`` transcripts would."""
    rng = random.Random(seed)
    project, deposit = Project(root / "project").create(), root / "deposit"
    deposit.mkdir(parents=True)
    entities: dict[str, list[tuple[str, list[str], str]]] = {label: [] for label in ["PERSON", *DESCRIPTORS]}
    with project.open_registry() as registry, registry.transaction():
        for n in range(max(50, files * 10)):
            label = rng.choice(LABELS[:-1])
            if label == "PERSON":
                first, last = FIRST[n % len(FIRST)], f"{LAST[n % len(LAST)]}{n // len(LAST)}"
                pf, pl = rng.choice(PSEUDO_FIRST), f"{rng.choice(PSEUDO_LAST)}{n}"
                entity = registry.create(
                    label, "name", f"{first} {last}", "surrogate", f"{pf} {pl}", "f0000.txt", pf, pl
                )
                forms = [(f"{first} {last}", f"{pf} {pl}", "full"), (first, pf, "first"), (last, pl, "last")]
            else:
                original, pseudonym = f"Place{n}ton", rng.choice(DESCRIPTORS[label])
                entity = registry.create(label, "place", original, "descriptor", pseudonym, "f0000.txt")
                forms = [(original, pseudonym, "full")]
            for alias, _, part in forms:
                registry.add_alias(entity, alias, alias.casefold(), part)
            entities[label].append((entity, [f[0] for f in forms], forms[0][1]))
    log = project.open_audit()
    run_id, replacements, per_file = "bench0000001", 0, words // files
    by_label: dict[str, int] = {}
    with project.open_registry() as registry, registry.transaction():
        for index in range(files):
            name = f"wave{index % 3 + 1}/interview_{index:04d}.txt"
            parts, records, review = [], [], []
            out_pos = delta = 0
            line, written = 1, 0
            while written < per_file:
                speaker = "INT: " if line % 2 else "P: "
                parts.append(speaker)
                out_pos += len(speaker)
                for _ in range(rng.randint(8, 60)):
                    if rng.random() < 1 / 40:
                        label = rng.choice(LABELS)
                        if label == "DATE":
                            entity, original, replacement = (
                                "",
                                f"{rng.randint(1, 28)}/0{rng.randint(1, 9)}/2021",
                                "[date]",
                            )
                        else:
                            entity, forms, pseudonym = rng.choice(entities[label])
                            original = rng.choice(forms)
                            replacement = (
                                pseudonym if original == forms[0] or label != "PERSON" else pseudonym.split()[0]
                            )
                            registry.add_file(entity, name)
                        score = rng.choice([0.55, 0.8, 0.85, 0.9, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0])
                        records.append(
                            {
                                "run": run_id,
                                "file": name,
                                "type": "replacement",
                                "start": out_pos + delta,
                                "end": out_pos + delta + len(original),
                                "out_start": out_pos,
                                "out_end": out_pos + len(replacement),
                                "line": line,
                                "label": label,
                                "original": original,
                                "replacement": replacement,
                                "entity": entity,
                                "detector": rng.choice(["spacy:ner", "GazetteerRecognizer:gazetteer", "propagation"]),
                                "rule": "",
                                "score": score,
                            }
                        )
                        by_label[label] = by_label.get(label, 0) + 1
                        delta += len(original) - len(replacement)
                        word = replacement
                    else:
                        word = rng.choice(WORDS)
                        if rng.random() < 1 / 400:
                            review.append(
                                {
                                    "run": run_id,
                                    "file": name,
                                    "type": "review",
                                    "start": out_pos + delta,
                                    "end": out_pos + delta + len(word),
                                    "line": line,
                                    "label": "PERSON",
                                    "original": word,
                                    "detector": "propagation",
                                    "score": 0.3,
                                    "reason": "known name used as an ordinary word",
                                }
                            )
                    parts.append(word + " ")
                    out_pos += len(word) + 1
                    written += 1
                parts.append("\n")
                out_pos += 1
                line += 1
            (deposit / name).parent.mkdir(parents=True, exist_ok=True)
            (deposit / name).write_text("".join(parts), encoding="utf-8")
            for record in records + review:
                log.write(record)
            log.write(
                {
                    "run": run_id,
                    "file": name,
                    "type": "file",
                    "output": name,
                    "replacements": len(records),
                    "review": len(review),
                    "entities_new": [],
                    "entities_known": sorted({r["entity"] for r in records if r["entity"]}),
                    "detector_version": "synthetic",
                }
            )
            replacements += len(records)
    log.write(
        {
            "run": run_id,
            "type": "run",
            "raw": str(root / "raw"),
            "out": str(deposit.resolve()),
            "files": files,
            "written": files,
            "errors": 0,
            "by_label": by_label,
            "entities_new": sum(len(v) for v in entities.values()),
            "entities_known": 0,
            "review": 0,
            "leaks": 0,
            "model": "synthetic",
            "lexicons": "synthetic",
            "rules": [],
        }
    )
    log.close()
    return project.path, files * per_file, replacements


def fixtures_project(root: Path) -> Path:
    """The fixtures run through the real pipeline (loads the model)."""
    import anonymiser

    summary = anonymiser.run(ROOT / "fixtures" / "transcripts", root / "deposit", root / "project")
    if summary.errors:
        raise SystemExit(f"the fixtures run failed: {summary.errors[0].message}")
    return root / "project"


def open_in_chromium(path: Path) -> tuple[float, float]:
    """(page mark, wall clock) in seconds until the page has drawn its first file."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            start = time.perf_counter()
            page.goto(path.as_uri(), wait_until="commit")
            while not page.evaluate("window.reportReady === true"):  # evaluate: the page's CSP forbids eval
                if time.perf_counter() - start > 120:
                    raise SystemExit(f"{path}: the page did not draw its first file in 120 s")
                time.sleep(0.005)
            wall = time.perf_counter() - start
            mark = page.evaluate("performance.getEntriesByName('report-first-render')[0].startTime") / 1000
            if errors:
                raise SystemExit(f"the page failed: {errors[0]}")
            return mark, wall
        finally:
            browser.close()


def measure(name: str, project: Path) -> bool:
    """Write the report, open it, print one line per figure; True when the target is met."""
    start = time.perf_counter()
    path = write_report(project)
    written = time.perf_counter() - start
    start = time.perf_counter()
    shareable = write_report(project, shareable=True)
    written_shareable = time.perf_counter() - start
    mark, wall = open_in_chromium(path)
    met = max(mark, wall) < TARGET_SECONDS
    print(f"{name}: report.html size {path.stat().st_size / 1e6:.1f} MB")
    print(f"{name}: report-shareable.html size {shareable.stat().st_size / 1e6:.1f} MB")
    print(f"{name}: write time {written:.2f} s (shareable {written_shareable:.2f} s)")
    print(f"{name}: first file drawn, page mark {mark:.2f} s")
    print(
        f"{name}: first file drawn, wall clock from page.goto {wall:.2f} s (target < {TARGET_SECONDS:.0f} s: {'met' if met else 'MISSED'})"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--words", type=int, default=3_000_000)
    parser.add_argument("--skip-fixtures", action="store_true", help="measure the synthetic project only")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="anonymiser-report-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        project, words, replacements = build_project(work / "synthetic", args.files, args.words)
        print(
            f"synthetic: {args.files} files, {words:,} words, {replacements:,} replacements "
            f"(built in {time.perf_counter() - start:.1f} s)"
        )
        met = measure("synthetic", project)
        if not args.skip_fixtures:
            met = measure("fixtures", fixtures_project(work / "fixtures")) and met
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
