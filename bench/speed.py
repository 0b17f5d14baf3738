"""Throughput and memory of the pipeline, beside the baselines it must beat.

Builds a corpus of at least ``--words`` words from the fixtures (their gold
person mentions swapped for Faker names, so the registry grows as a
real project's would), then measures on that same corpus:

(a) vanilla Presidio: ``AnalyzerEngine`` with the same model and its default
    recognisers, one document at a time;
(b) bare spaCy: the model with only ``ner`` enabled, ``nlp.pipe`` with 2 processes;
(c) ``anonymiser run`` end to end (read, detect, resolve, pseudonymise, write, audit).

It prints words per second of each, the ratios (c)/(a) and (c)/(b), model load
time and peak resident memory of the whole process tree during (c), at each
corpus size; then how words/s at the largest size compares with the smallest
(linear cost), and the must-mention recall on the fixtures with the same
configuration, so that speed is never bought with leaks.

Usage: python bench/speed.py [--words 100000 1000000 3000000] [--skip-baselines] [--n-process 1] [--incremental-files 300]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


class PeakRss:
    """Samples the memory of this process and all its children: peak PSS and peak RSS of the tree.

    The spaCy workers are forked from the process that loaded the model and
    share its pages; RSS counts a shared page once per process, PSS splits it
    between them, so the tree's PSS is the memory the run really takes.
    """

    def __init__(self, pid: int | None = None) -> None:
        self.pid = pid or os.getpid()
        self.peak = 0  # PSS
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree(self) -> tuple[int, int]:
        pss = rss = 0
        pids = [self.pid]
        seen = set()
        while pids:
            pid = pids.pop()
            if pid in seen:
                continue
            seen.add(pid)
            try:
                with open(f"/proc/{pid}/smaps_rollup") as handle:
                    for line in handle:
                        if line.startswith("Pss:"):
                            pss += int(line.split()[1]) * 1024
                        elif line.startswith("Rss:"):
                            rss += int(line.split()[1]) * 1024
                with open(f"/proc/{pid}/task/{pid}/children") as handle:
                    pids.extend(int(p) for p in handle.read().split())
            except OSError:
                continue
        return pss, rss

    def _sample(self) -> None:
        pss, rss = self._tree()
        self.peak, self.peak_rss = max(self.peak, pss), max(self.peak_rss, rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            time.sleep(0.2)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def build_corpus(target: Path, words: int, seed: int = 7, files: int | None = None, start: int = 0) -> int:
    """Write copies of the text fixtures, names varied, until ``words`` words (or ``files`` files); return words."""
    from faker import Faker

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    manifest = yaml.safe_load((FIXTURES / "manifest.yaml").read_text(encoding="utf-8"))["fixtures"]
    sources = []
    for entry in manifest:
        if entry["format"] == "docx":
            continue
        text = (FIXTURES / "transcripts" / f"{entry['name']}.{entry['format']}").read_text(encoding="utf-8")
        gold = [
            json.loads(x) for x in (FIXTURES / "transcripts" / f"{entry['name']}.gold.jsonl").read_text().splitlines()
        ]
        sources.append((entry, text, gold))
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    copy = start
    while (total < words) if files is None else (copy - start < files):
        entry, text, gold = sources[copy % len(sources)]
        names: dict[str, str] = {}
        out = []
        pos = 0
        for g in gold:
            out.append(text[pos : g["start"]])
            original = g["text"]
            if g["label"] == "PERSON":
                if g["entity"] not in names:
                    names[g["entity"]] = (
                        fake.first_name() if " " not in original else f"{fake.first_name()} {fake.last_name()}"
                    )
                new = names[g["entity"]]
                if " " not in original:
                    new = new.split()[0]
                out.append(new)
            else:
                out.append(original)
            pos = g["end"]
        out.append(text[pos:])
        body = "".join(out)
        (target / f"{copy:05d}_{entry['name']}.{entry['format']}").write_text(body, encoding="utf-8")
        total += len(body.split())
        copy += 1
        rng.random()
    return total


def corpus_texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())]


def bench_presidio(texts: list[str]) -> tuple[float, float]:
    """(seconds, load seconds) for vanilla Presidio, one document at a time."""
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from anonymiser.detect import model_path

    # Presidio's e-mail recogniser calls tldextract, which downloads the public
    # suffix list unless told to use its bundled snapshot (../shared/NOTES.md).
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), fallback_to_snapshot=True)
    start = time.perf_counter()
    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model_path()}]}
    )
    analyzer = AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])
    load = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        analyzer.analyze(text, "en")
    return time.perf_counter() - start, load


def bench_spacy_ner(texts: list[str], n_process: int = 2) -> float:
    import spacy

    from anonymiser.detect import model_path

    nlp = spacy.load(model_path(), enable=["tok2vec", "ner"])
    start = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=4):
        pass
    return time.perf_counter() - start


def bench_anonymiser(raw: Path, work: Path, n_process: int) -> tuple[float, float, PeakRss]:
    """(seconds of the run, model load seconds, peak memory)."""
    import anonymiser
    from anonymiser.detect import Detector
    from anonymiser.lexicons import load_lexicons
    from anonymiser.pipeline import RunOptions
    from anonymiser.project import default_rules

    with PeakRss() as rss:
        start = time.perf_counter()
        lexicons = load_lexicons()
        detector = Detector(lexicons, default_rules(), n_process=n_process)
        load = time.perf_counter() - start
        start = time.perf_counter()
        summary = anonymiser.run(
            raw, work / "deposit", work / "project", options=RunOptions(lexicons=lexicons, detector=detector)
        )
        seconds = time.perf_counter() - start
    if summary.errors:
        print(f"  {len(summary.errors)} errors, first: {summary.errors[0].message}", file=sys.stderr)
    return seconds, load, rss


def bench_incremental(work: Path, n_files: int) -> None:
    """A project of ``n_files`` transcripts, run once; then one new transcript arrives: time the re-run."""
    import subprocess

    raw = work / "inc-raw"
    words = build_corpus(raw, 0, seed=11, files=n_files)
    command = [sys.executable, "-m", "anonymiser.cli", "run", str(raw), "--out", str(work / "inc-out")]
    command += ["--project", str(work / "inc-project"), "-q"]
    start = time.perf_counter()
    subprocess.run(command, check=True)
    first = time.perf_counter() - start
    build_corpus(raw, 0, seed=12, files=1, start=n_files)
    start = time.perf_counter()
    result = subprocess.run([*command[:-1], "--json"], check=True, capture_output=True, text=True)
    again = time.perf_counter() - start
    summary = json.loads(result.stdout)
    print(
        f"incremental: {n_files}-file project ({words:,} words) first run {first:.1f} s; one new file added: "
        f"re-run {again:.1f} s wall clock, command start to end (target < 15 s); "
        f"{len(summary['written'])} written, {len(summary['unchanged'])} unchanged and kept"
    )


def fixture_recall(n_process: int) -> float:
    """Must-mention recall on all the fixtures, with the detector configured as for (c)."""
    from quality import load_manifest, run_split, score

    from anonymiser.detect import Detector
    from anonymiser.lexicons import load_lexicons
    from anonymiser.project import default_rules

    lexicons = load_lexicons()
    detector = Detector(lexicons, default_rules(), n_process=n_process)
    entries = load_manifest()
    with tempfile.TemporaryDirectory() as tmp:
        spans = run_split(entries, Path(tmp), lexicons, detector)
    return float(score(entries, spans, show_misses=False)["must_recall"])  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, nargs="+", default=[100_000], help="corpus sizes, smallest first")
    parser.add_argument("--n-process", type=int, default=2, help="spaCy processes for anonymiser run (its default)")
    parser.add_argument("--skip-baselines", action="store_true", help="measure only anonymiser run")
    parser.add_argument("--incremental-files", type=int, default=0, help="also time a re-run of a project this big")
    args = parser.parse_args()
    rates: dict[int, float] = {}
    for target in args.words:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            words = build_corpus(work / "raw", target)
            files = len(list((work / "raw").iterdir()))
            print(f"corpus: {words:,} words in {files} files (from the fixtures, names varied)", flush=True)
            seconds, load, peak = bench_anonymiser(work / "raw", work, args.n_process)
            rate_c = rates[target] = words / seconds
            print(
                f"(c) anonymiser run, end to end: {rate_c:,.0f} words/s ({seconds:.1f} s; model load {load:.1f} s; "
                f"peak memory of the process tree {peak.peak / 2**20:,.0f} MB PSS, {peak.peak_rss / 2**20:,.0f} MB "
                "summed RSS, which counts the pages the forked workers share once per process)",
                flush=True,
            )
            shutil.rmtree(work / "deposit", ignore_errors=True)
            if not args.skip_baselines:
                texts = corpus_texts(work / "raw")
                seconds_a, load_a = bench_presidio(texts)
                rate_a = words / seconds_a
                print(f"(a) vanilla Presidio AnalyzerEngine, per document: {rate_a:,.0f} words/s (load {load_a:.1f} s)")
                seconds_b = bench_spacy_ner(texts)
                rate_b = words / seconds_b
                print(f"(b) spaCy NER only, nlp.pipe, 2 processes: {rate_b:,.0f} words/s")
                print(f"(c)/(a) = {rate_c / rate_a:.2f}; (c)/(b) = {rate_c / rate_b:.2f}", flush=True)
    if len(rates) > 1:
        small, large = min(rates), max(rates)
        print(f"linear cost: words/s at {large:,} words / words/s at {small:,} = {rates[large] / rates[small]:.2f}")
    print(f"must-mention recall on the fixtures, same configuration: {fixture_recall(args.n_process):.3f}", flush=True)
    if args.incremental_files:
        with tempfile.TemporaryDirectory() as tmp:
            bench_incremental(Path(tmp), args.incremental_files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
