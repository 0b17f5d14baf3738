"""Detection quality on the fixtures, measured as ../shared/ANNOTATION.md defines it.

Runs ``anonymiser.run`` over each split of ``fixtures/`` (dev and test, each in
its own fresh project, as a data manager would), reads what was replaced from
the audit log, and prints per split:

- must-mention recall: a must mention counts as protected when at least 90 %
  of its non-space characters were replaced; overall and per label;
- entity recall: an entity counts when every one of its must mentions does;
- character precision: of the non-space characters replaced, the share inside
  a must mention (characters inside borderline mentions count neither way).

It also scores the TAB proxy (127 ECHR judgments, out-of-domain legal English)
with ../shared/benchmarks/tab/score.py --scope all-mentions and prints its
token recall and token precision: every span the detectors keep counts,
whatever the label's replacement policy.

Usage: python bench/quality.py [--split dev|test|all] [--no-tab] [--show-misses] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
TAB = ROOT.parent / "shared" / "benchmarks" / "tab"
FIXTURES = ROOT / "fixtures"
LABELS = ["PERSON", "LOCATION", "SERVICE", "DATE", "CONTACT"]


def load_manifest() -> list[dict[str, str]]:
    return yaml.safe_load((FIXTURES / "manifest.yaml").read_text(encoding="utf-8"))["fixtures"]


def input_path(entry: dict[str, str]) -> Path:
    return FIXTURES / "transcripts" / f"{entry['name']}.{entry['format']}"


def gold_of(entry: dict[str, str]) -> list[dict[str, object]]:
    path = FIXTURES / "transcripts" / f"{entry['name']}.gold.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_split(
    entries: list[dict[str, str]], workdir: Path, lexicons: object, detector: object
) -> dict[str, list[tuple[int, int]]]:
    """Run the pipeline on one split; return replaced spans per input file (from the audit log)."""
    import anonymiser
    from anonymiser.pipeline import RunOptions

    raw = workdir / "raw"
    raw.mkdir(parents=True)
    for entry in entries:
        shutil.copy2(input_path(entry), raw / input_path(entry).name)
    project = workdir / "project"
    summary = anonymiser.run(
        raw, workdir / "deposit", project, options=RunOptions(lexicons=lexicons, detector=detector, post_check=False)
    )  # type: ignore[arg-type]
    for error in summary.errors:
        print(f"  error: {error.message}", file=sys.stderr)
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for line in (project / "audit.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record.get("type") == "replacement" and record.get("run") == summary.run_id:
            spans[record["file"]].append((record["start"], record["end"]))
    return spans


def score(
    entries: list[dict[str, str]], spans: dict[str, list[tuple[int, int]]], show_misses: bool
) -> dict[str, object]:
    from anonymiser.ingest import ingest

    found: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    entity_ok: dict[str, bool] = {}
    tp = fp = 0
    misses = []
    for entry in entries:
        path = input_path(entry)
        text = ingest(path, path.parent).text
        replaced = [False] * len(text)
        for start, end in spans.get(path.name, []):
            for i in range(start, end):
                replaced[i] = True
        gold = gold_of(entry)
        must_chars = [False] * len(text)
        any_gold = [False] * len(text)
        for g in gold:
            s, e = int(g["start"]), int(g["end"])  # type: ignore[call-overload]
            assert text[s:e] == g["text"], f"{path.name}: gold text mismatch at {s}"
            for i in range(s, e):
                any_gold[i] = True
                if g["must"]:
                    must_chars[i] = True
            if not g["must"]:
                continue
            chars = [i for i in range(s, e) if not text[i].isspace()]
            ok = sum(replaced[i] for i in chars) >= 0.9 * len(chars)
            label = str(g["label"])
            total[label] += 1
            found[label] += ok
            key = str(g["entity"])
            entity_ok[key] = entity_ok.get(key, True) and ok
            if not ok:
                line = text.count("\n", 0, s) + 1
                misses.append(f"{path.name}:{line}: {label} {g['text']!r}")
        for i, c in enumerate(text):
            if replaced[i] and not c.isspace():
                if must_chars[i]:
                    tp += 1
                elif not any_gold[i]:
                    fp += 1
    if show_misses:
        for miss in misses:
            print("  miss:", miss)
    n_total = sum(total.values())
    return {
        "files": len(entries),
        "must_mentions": n_total,
        "must_recall": sum(found.values()) / n_total if n_total else 1.0,
        "per_label": {label: (found[label] / total[label] if total[label] else None, total[label]) for label in LABELS},
        "entity_recall": sum(entity_ok.values()) / len(entity_ok) if entity_ok else 1.0,
        "entities": len(entity_ok),
        "char_precision": tp / (tp + fp) if tp + fp else 1.0,
    }


def tab_score(detector: object, lexicons: object, rules: object, workdir: Path) -> dict[str, float] | None:
    """Token recall and precision on the TAB proxy, through the benchmark's own scorer."""
    import subprocess

    from anonymiser.models import Document
    from anonymiser.resolve import resolve

    gold_path = TAB / "tab_test_proxy_allmentions.json"
    if not gold_path.exists():
        print(f"TAB proxy not found at {gold_path}: skipped")
        return None
    documents = json.loads(gold_path.read_text(encoding="utf-8"))
    inputs = [Document(d["doc_id"], "txt", d["text"], b"", "utf-8", "") for d in documents]
    predictions = workdir / "tab_predictions.jsonl"
    with predictions.open("w", encoding="utf-8") as out:
        for detected in detector.detect(inputs):  # type: ignore[attr-defined]
            resolved = resolve(detected, rules, lexicons)  # type: ignore[arg-type]
            spans = [[m.start, m.end, m.label] for m in resolved.mentions]
            # Countries and national bodies are detected, then kept on purpose
            # (borderline in ../shared/ANNOTATION.md); TAB counts them as mentions.
            spans += [[d.start, d.end, d.label] for d, why in resolved.dropped if why in ("country", "national body")]
            out.write(json.dumps({"doc_id": detected.document.rel_path, "spans": spans}) + "\n")
    result_path = workdir / "tab_result.json"
    subprocess.run(
        [
            sys.executable,
            str(TAB / "score.py"),
            "--scope",
            "all-mentions",
            str(gold_path),
            str(predictions),
            "--json-out",
            str(result_path),
        ],
        check=True,
        capture_output=True,
    )
    result = json.loads(result_path.read_text(encoding="utf-8"))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--show-misses", action="store_true", help="list every missed must mention (dev split only)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--no-tab", action="store_true", help="skip the TAB proxy")
    args = parser.parse_args()

    from anonymiser.detect import Detector
    from anonymiser.lexicons import load_lexicons
    from anonymiser.project import default_rules

    lexicons = load_lexicons()
    rules = default_rules()
    detector = Detector(lexicons, rules)
    manifest = load_manifest()
    splits = ["dev", "test"] if args.split == "all" else [args.split]
    results = {}

    print(f"model {detector.model_version}; lexicons {lexicons.version}; rules {rules.version}")
    for split in splits:
        entries = [e for e in manifest if e["split"] == split]
        with tempfile.TemporaryDirectory() as tmp:
            spans = run_split(entries, Path(tmp), lexicons, detector)
        print(f"\n## {split} split ({len(entries)} files)")
        # The test split is held out: its misses are never listed, so they cannot steer tuning.
        result = score(entries, spans, args.show_misses and split == "dev")
        results[split] = result
        print("| figure | value |\n|---|---|")
        print(f"| must-mention recall | {result['must_recall']:.3f} ({result['must_mentions']} mentions) |")
        for label, (value, n) in result["per_label"].items():  # type: ignore[union-attr]
            print(f"| recall {label} | {'n/a' if value is None else f'{value:.3f}'} ({n}) |")
        print(f"| entity recall | {result['entity_recall']:.3f} ({result['entities']} entities) |")
        print(f"| character precision | {result['char_precision']:.3f} |")
    if not args.no_tab:
        with tempfile.TemporaryDirectory() as tmp:
            tab = tab_score(detector, lexicons, rules, Path(tmp))
        if tab is not None:
            results["tab"] = tab
            metrics = tab["metrics"]
            print("\n## TAB proxy (127 ECHR judgments, all mentions, ../shared/benchmarks/tab/score.py)")
            print("| figure | value |\n|---|---|")
            print(f"| token recall | {metrics['token_recall']:.3f} |")
            print(f"| token precision | {metrics['token_precision']:.3f} |")
            print(f"| mention recall | {metrics['mention_recall']:.3f} |")
            for name, figures in sorted(tab["per_entity_type"].items()):
                print(f"| token recall {name} | {figures['token_recall']:.3f} ({figures['mentions']} mentions) |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
