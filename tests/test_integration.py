"""anonymiser where users meet it: the wheel, pre-commit, the Python API, Presidio, the documented CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider

from anonymiser.cli import app
from anonymiser.detect import model_path
from anonymiser.lexicons import Lexicons
from anonymiser.recognisers import SpeakerLabelRecognizer, UkDateRecognizer, UkPhoneRecognizer, UkPostcodeRecognizer

from .conftest import ROOT, TRANSCRIPTS, tree_hashes

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, Any]]:
    group = typer.main.get_command(app)
    out: list[tuple[str, Any]] = []

    def walk(prefix: str, command: Any) -> None:
        if hasattr(command, "commands"):  # a group (typer may vendor its own click)
            for name, sub in command.commands.items():
                walk(f"{prefix} {name}".strip(), sub)
        else:
            out.append((prefix, command))

    walk("", group)
    return out


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_cli_every_command_has_help_with_example_and_is_documented(name: str, command: Any) -> None:
    assert command.help and "Example:" in command.help, f"{name}: help text needs an example"
    assert f"anonymiser {name}" in README, f"`anonymiser {name}` is not in the README"
    for param in command.params:
        if param.param_type_name == "option":
            assert any(opt in README for opt in param.opts), f"{name}: option {param.opts} is not in the README"


def test_cli_exit_codes_are_documented() -> None:
    from anonymiser.errors import ExitCode

    table = README[README.index("Exit codes") :]
    for code in ExitCode:
        assert f"| {int(code)} |" in table


def test_readme_api_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(r"```python\n(.*?)```", README, re.S)
    assert block, "the README has no Python example"
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("dev_parent_dawn_1.txt", "dev_parent_dawn_2.txt"):
        shutil.copy2(TRANSCRIPTS / name, raw / name)
    before = tree_hashes(raw)
    monkeypatch.chdir(tmp_path)
    exec(compile(block.group(1), "README.md", "exec"), {})
    assert (tmp_path / "deposit" / "dev_parent_dawn_1.txt").exists()
    assert tree_hashes(raw) == before


def test_presidio_interop_plain_analyzer_engine(lexicons: Lexicons) -> None:
    """A Presidio user adds the project's recognisers to a plain AnalyzerEngine."""
    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model_path()}]}
    )
    registry = RecognizerRegistry(supported_languages=["en"])
    for recogniser in (
        UkPhoneRecognizer(),
        UkPostcodeRecognizer(),
        UkDateRecognizer(),
        SpeakerLabelRecognizer(lexicons),
    ):
        registry.add_recognizer(recogniser)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=provider.create_engine(), supported_languages=["en"])
    text = "Dawn: ring me on 07700 900123, I'm at G22 5AB since the 14th of June.\n"
    found = {(r.entity_type, text[r.start : r.end]) for r in analyzer.analyze(text, "en")}
    assert {("PERSON", "Dawn"), ("CONTACT", "07700 900123"), ("CONTACT", "G22 5AB"), ("DATE", "14th of June")} <= found


def _venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    return path / "bin"


@pytest.mark.slow
def test_wheel_installs_and_runs_without_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)], check=True)
    wheel = next(dist.glob("anonymiser-*.whl"))
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "anonymiser/_data/rules/default.yaml" in names
    assert any(n.startswith("anonymiser/_data/lexicons/") for n in names)
    bin_dir = _venv(tmp_path / "venv")
    subprocess.run([str(bin_dir / "pip"), "install", "-q", "--disable-pip-version-check", str(wheel)], check=True)
    work = tmp_path / "work"
    raw = work / "raw"
    raw.mkdir(parents=True)
    for path in TRANSCRIPTS.iterdir():  # the whole fixture set, without the source tree
        if path.suffix in (".txt", ".docx", ".vtt"):
            shutil.copy2(path, raw / path.name)
    before = tree_hashes(raw)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run(
        [str(bin_dir / "anonymiser"), "run", "raw", "--out", "deposit", "--project", "project"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert tree_hashes(raw) == before
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import anonymiser.resources as r; print(r.data_dir('lexicons'))"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(tmp_path / "venv") in where.stdout, "lexicons were not loaded from the installed wheel"
    check = subprocess.run(
        [str(bin_dir / "anonymiser"), "check", "deposit", "--project", "project"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    check_raw = subprocess.run(
        [str(bin_dir / "anonymiser"), "check", "raw", "--project", "project", "--no-detect"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check_raw.returncode == 1


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True)


@pytest.mark.slow
def test_pre_commit_hook_refuses_a_deny_listed_name(tmp_path: Path) -> None:
    # The hook repository: this checkout as committed (pre-commit installs it from a git revision).
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if rev.returncode != 0:
        pytest.skip("not a git checkout")
    hook_repo = tmp_path / "hooks"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(hook_repo)], check=True)
    if not (hook_repo / ".pre-commit-hooks.yaml").exists():
        pytest.skip("the committed revision has no .pre-commit-hooks.yaml yet")
    repo = tmp_path / "study"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "deny-list.txt").write_text("Dawn Mackie\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev.stdout.strip()}\n    hooks:\n"
        "      - id: anonymiser-check-fast\n        args: [--deny-list, deny-list.txt]\n        exclude: deny-list.txt\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    pre_commit = [sys.executable, "-m", "pre_commit"]
    subprocess.run([*pre_commit, "install"], cwd=repo, env=env, check=True, capture_output=True)
    (repo / "p01.txt").write_text("INT: Hello.\nR: I'm dawn mackie, from Possil.\n", encoding="utf-8")
    _git(repo, "add", ".")
    refused = _git(repo, "commit", "-q", "-m", "add transcript")
    assert refused.returncode != 0, refused.stdout + refused.stderr
    assert "dawn mackie" in (refused.stdout + refused.stderr)
    (repo / "p01.txt").write_text("INT: Hello.\nR: I'm Linda Hughes, from [district].\n", encoding="utf-8")
    _git(repo, "add", ".")
    accepted = _git(repo, "commit", "-q", "-m", "add pseudonymised transcript")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
