"""The ethics-review report on a real run (real model), opened in a real browser (Chromium through Playwright)."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import anonymiser
from anonymiser.check import read_for_check
from anonymiser.detect import Detector
from anonymiser.errors import ProjectError
from anonymiser.lexicons import Lexicons
from anonymiser.pipeline import RunOptions
from anonymiser.project import Project
from anonymiser.report import CHROMIUM as REPORT_CHROMIUM
from anonymiser.report import CHROMIUM_ARGS, write_report

from .conftest import ROOT, TRANSCRIPTS

pytestmark = pytest.mark.slow

# Every fixture (one in a subfolder), so the report is the fixtures' report.
FILES = {
    ("wave2/" if p.name == "dev_parent_dawn_2.txt" else "") + p.name: p.name
    for p in sorted(TRANSCRIPTS.iterdir())
    if not p.name.endswith(".gold.jsonl")
}
# What the page must carry through unchanged: a tab before a name, CRLF, backslashes, and
# what would end its script element.
ESCAPES = "INT:\tThanks, Dawn.\r\nDAWN: See C:\\temp\\new and </script><!-- x --> \\/ too.\r\n"
CHROMIUM = Path(REPORT_CHROMIUM)
SCREENSHOT = ROOT / "docs" / "report.png"


@dataclass
class Built:
    project: Path
    deposit: Path
    run: dict[str, Any]
    records: list[dict[str, Any]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, lexicons: Lexicons, detector: Detector) -> Built:
    """One run over every fixture (one in a subfolder) and a file of escapes."""
    root = tmp_path_factory.mktemp("report")
    raw = root / "raw"
    for rel, name in FILES.items():
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(TRANSCRIPTS / name, raw / rel)
    (raw / "notes").mkdir()
    (raw / "notes" / "escapes.txt").write_bytes(ESCAPES.encode("utf-8"))
    summary = anonymiser.run(
        raw, root / "deposit", root / "project", options=RunOptions(lexicons=lexicons, detector=detector)
    )
    assert summary.errors == () and summary.findings == ()
    records = list(Project(root / "project").audit_records())
    run = [r for r in records if r["type"] == "run"][-1]
    return Built(root / "project", root / "deposit", run, records)


def page_data(path: Path) -> tuple[str, dict[str, Any]]:
    """The application and the data a report embeds (one private-use character per byte)."""
    blocks = re.findall(r'<script type="text/plain">(.*?)</script>', path.read_text(encoding="utf-8"), re.DOTALL)

    def decode(block: str) -> str:
        return bytes(ord(c) - 0xE000 for c in block if ord(c) >= 0xE000).decode("utf-8")

    return decode(blocks[0]), json.loads(decode(blocks[1]))


@contextmanager
def browser() -> Iterator[Any]:
    """Headless Chromium, the system's: a missing browser fails (run scripts/setup) unless told to skip."""
    if os.environ.get("ANONYMISER_SKIP_BROWSER") == "1":
        pytest.skip("ANONYMISER_SKIP_BROWSER=1")
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/setup, which installs Chromium for the report's browser test "
            "(or set ANONYMISER_SKIP_BROWSER=1 to skip this test)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: run scripts/setup")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def wait_until_drawn(page: Any, seconds: float = 10) -> None:
    """Poll with evaluate: the page's security policy forbids the eval wait_for_function would use."""
    deadline = time.monotonic() + seconds
    while not page.evaluate("window.reportReady === true"):
        assert time.monotonic() < deadline, "the report did not draw its first file"
        time.sleep(0.01)


def open_file(page: Any, name: str) -> None:
    page.locator("#file-list button").filter(has=page.locator(f'.fname:text-is("{name}")')).click()


def test_report_written_owner_only_and_atomically(built: Built) -> None:
    for shareable, name in ((False, "report.html"), (True, "report-shareable.html")):
        path = write_report(built.project, shareable=shareable)
        assert path == built.project / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(built.project.glob(".report*.tmp")), "a temporary file was left behind"


def test_report_needs_a_project_with_a_run(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="no audit log"):
        write_report(tmp_path)


def test_report_in_browser_shows_the_audit_log(built: Built) -> None:
    path = write_report(built.project)
    run_id = built.run["run"]
    replacements = [r for r in built.records if r["type"] == "replacement" and r["run"] == run_id]
    by_label = Counter(r["label"] for r in replacements)
    with Project(built.project).open_registry(create=False) as registry:
        assert built.run["entities_new"] == registry.count()  # a fresh project: every entity is new
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 800})
        problems: list[str] = []
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.goto(path.as_uri())
        wait_until_drawn(page)

        # The summary shows what the audit log says.
        page.keyboard.press("s")
        number = lambda selector: int(page.inner_text(selector).replace(",", ""))  # noqa: E731
        assert number("#s-files") == built.run["files"] == len(FILES) + 1
        assert number("#s-entities-new") == built.run["entities_new"]
        shown = {
            row.get_attribute("data-key"): int(row.inner_text().split()[1].replace(",", ""))
            for row in page.query_selector_all("#s-by-label tr")
        }
        assert shown == dict(by_label) == built.run["by_label"]
        assert page.inner_text("#s-check") == "pass"

        # A file's highlight tells its label, source, score and original, on hover.
        page.keyboard.press("f")
        open_file(page, "dev_parent_dawn_1.txt")
        mark = page.locator("#viewer mark.h:not(.o)").first
        mark.hover()
        expected = min((r for r in replacements if r["file"] == "dev_parent_dawn_1.txt"), key=lambda r: r["out_start"])
        assert mark.inner_text() == expected["replacement"]
        tip = {f: page.inner_text(f'#tip [data-field="{f}"]') for f in ("label", "source", "score", "original")}
        assert tip == {
            "label": expected["label"],
            "source": expected["detector"],
            "score": str(expected["score"]).removesuffix(".0"),
            "original": expected["original"],
        }

        # The text comes through the page unchanged: tab, CRLF, backslashes, "</script>".
        open_file(page, "notes/escapes.txt")
        output = (built.deposit / "notes" / "escapes.txt").read_bytes().decode("utf-8")
        assert page.evaluate("window.reportSelectedText()") == output
        rows = page.eval_on_selector_all("#viewer .row .txt:not(.orig)", "rows => rows.map(r => r.textContent)")
        assert "\n".join(rows) == output.replace("\r\n", "\n")

        # Filters by keyboard: '/' to the file filter, Tab to the label filter, an arrow to choose.
        page.keyboard.press("Escape")
        page.keyboard.press("/")
        page.keyboard.type("dawn_2")
        page.keyboard.press("Enter")
        assert page.inner_text("#file-head .name") == "wave2/dev_parent_dawn_2.txt"
        assert page.locator("#file-list button").count() == 1
        page.focus("#f-file")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "f-label"
        page.keyboard.press("ArrowDown")
        label = page.eval_on_selector("#f-label", "s => s.options[s.selectedIndex].text")
        file_reps = [r for r in replacements if r["file"] == "wave2/dev_parent_dawn_2.txt"]
        wanted = sum(r["label"] == label for r in file_reps)
        assert page.inner_text("#f-status") == f"{wanted:,} of {len(replacements):,} replacements match"
        page.keyboard.press("Escape")
        page.keyboard.press("n")  # the next highlight that matches the filter
        focused = page.evaluate("document.activeElement.className")
        assert f"lab-{label}" in focused and "off" not in focused

        # For the README: a file with its originals beside it and a highlight's details.
        page.click("#f-reset")
        page.keyboard.press("k")
        open_file(page, "dev_parent_dawn_1.txt")
        page.keyboard.press("o")
        page.keyboard.press("n")
        page.keyboard.press("n")
        # The screenshot goes to the test's folder; ANONYMISER_UPDATE_SCREENSHOT=1 refreshes the README's copy.
        target = (
            SCREENSHOT if os.environ.get("ANONYMISER_UPDATE_SCREENSHOT") == "1" else built.project.parent / "report.png"
        )
        target.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
        assert problems == []


def test_report_shareable_holds_no_original(built: Built, lexicons: Lexicons, detector: Detector) -> None:
    path = write_report(built.project, shareable=True)
    # With the project's registry: no original anywhere in the page.
    report = anonymiser.check(path, built.project, lexicons=lexicons, detect=False)
    assert report.errors == [] and report.leaks == [], [(f.line, f.text, f.source) for f in report.leaks]
    # With the detectors too: the page adds nothing to what they find in the deposit itself (each file is
    # read as its output was; a model's guess at a pseudonym beside a word is the deposit's, not the page's).
    page = anonymiser.check(path, built.project, lexicons=lexicons, detector=detector)
    deposit = anonymiser.check(built.deposit, built.project, lexicons=lexicons, detector=detector)
    assert page.errors == []
    assert {(f.path.split("#", 1)[1], f.text) for f in page.leaks} <= {(f.path, f.text) for f in deposit.leaks}

    # And directly: no alias the deposit does not already show (as an ordinary word) is anywhere in the
    # page, in its text or in the data the check cannot read; the private report has them.
    app, data = page_data(path)
    _, private = page_data(write_report(built.project))
    shareable = path.read_text(encoding="utf-8") + app + json.dumps(data, ensure_ascii=False)
    private_text = json.dumps(private, ensure_ascii=False)
    deposit = "\n".join(
        [p.relative_to(built.deposit).as_posix() for p in built.deposit.rglob("*") if p.is_file()]
        + [read_for_check(p, built.deposit) for p in built.deposit.rglob("*") if p.is_file()]
    )
    with Project(built.project).open_registry(create=False) as registry:
        aliases = {alias for _, alias, *_ in registry.aliases()}
    absent = [a for a in aliases if not re.search(rf"(?<!\w){re.escape(a)}(?!\w)", deposit, re.IGNORECASE)]
    assert len(absent) > 50
    # The page's own code is the package's, the same for every project: an alias that is also one of its
    # words ("Mark" and the <mark> element) is looked for in the data alone.
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "anonymiser" / "report_assets").iterdir())
    data_text = json.dumps(data, ensure_ascii=False)
    for alias in absent:
        word = re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)", re.IGNORECASE)
        assert not word.search(data_text if word.search(code) else shareable), alias
    assert sum(bool(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", private_text)) for a in absent) == len(absent)
    # No input name either: files go by their output paths ("..._glasgow.docx" became "..._city.docx").
    outputs = {r["file"]: r["output"] for r in built.records if r["type"] == "file"}
    assert [f["name"] for f in data["files"]] == sorted(outputs.values())
    renamed = [name for name, output in outputs.items() if name != output]
    assert renamed and [name for name in renamed if name in shareable] == []
    assert all(name in private_text for name in renamed)
    assert data["queue"] == [] and data["queue_count"] > 0


def test_report_lists_decisions_and_survives_a_missing_output(built: Built) -> None:
    project = Project(built.project)
    log = project.open_audit()
    # Hyphenated, so no surrogate the run draws can equal or contain them.
    try:
        log.write({"type": "decision", "decision": "keep", "text": "Zebedee-Quorn", "file": "x.txt", "decided": "now"})
        log.write({"type": "registry", "action": "rename", "entity": "P0001", "from": "Quentin-Marsh", "to": "Linda"})
    finally:
        log.close()
    output = built.deposit / "dev_machine_lowercase.txt"
    hidden = output.with_name("moved-away.tmp")
    output.rename(hidden)
    try:
        _, private = page_data(write_report(built.project))
        _, shared = page_data(write_report(built.project, shareable=True))
    finally:
        hidden.rename(output)
    assert [d["text"] for d in private["decisions"]] == ["Zebedee-Quorn"]
    assert shared["decisions"] == {"keep": 1} and shared["registry_changes"] == {"rename": 1}
    assert "Zebedee-Quorn" not in json.dumps(shared) and "Quentin-Marsh" not in json.dumps(shared)
    (missing,) = [f for f in private["files"] if f["output"] == "dev_machine_lowercase.txt"]
    assert not missing["readable"] and missing["note"].startswith("output missing")
