"""The `regtimeline` commands (thin wrappers) and the Makefile targets."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from builder import dates as date_engine
from builder.cli import app
from builder.pipeline import PROJECT_ROOT, declared_version
from tests.conftest import GOLD, build_mini, invalid_extract, make, make_targets, use_extractor

runner = CliRunner()
COMMANDS = typer.main.get_command(app).commands


def invoke(*args: str, input: str | None = None):
    return runner.invoke(app, [str(a) for a in args], input=input)


@pytest.fixture
def release(mini: Path, tmp_path: Path, fake_extractor) -> Path:
    """An output root with one release (0.1.0-dev) that has rows."""
    out = tmp_path / "out"
    build_mini(mini, out)
    return out


# --- help ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_an_example(name: str) -> None:
    res = invoke(name, "--help")
    assert res.exit_code == 0
    example = " ".join(res.stdout.split()).partition("Example: ")[2]
    assert f"regtimeline {name} " in example, res.stdout


def test_python_dash_m_builder_is_the_same_cli() -> None:
    res = subprocess.run([sys.executable, "-m", "builder", "--help"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert res.returncode == 0
    assert "Usage: regtimeline" in res.stdout
    for name in COMMANDS:
        assert name in res.stdout


# --- build ---------------------------------------------------------------------


def test_build_command(mini: Path, tmp_path: Path, fake_extractor) -> None:
    res = invoke("build", "--seeds", mini, "--out", tmp_path / "out", "--version", "2.0.0-rc.1")
    assert res.exit_code == 0, res.output
    assert re.fullmatch(r".*2\.0\.0-rc\.1: 4 articles, \d+ mentions, \d+ events \(4 extracted, 0 from the cache\)\n", res.stdout)
    assert (tmp_path / "out" / "2.0.0-rc.1" / "events.csv").is_file()


def test_build_command_with_separate_manifest_and_default_version(mini: Path, tmp_path: Path, fake_extractor) -> None:
    manifest = tmp_path / "elsewhere.csv"
    shutil.move(mini / "manifest.csv", manifest)
    res = invoke("build", "--seeds", mini, "--manifest", manifest, "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / declared_version()).is_dir()


def test_build_errors_are_readable_and_exit_1(mini: Path, tmp_path: Path) -> None:
    (mini / "manifest.csv").write_text("file,title\nroundup.txt,x\n", encoding="utf-8")
    res = invoke("build", "--seeds", mini, "--out", tmp_path / "out")
    assert res.exit_code == 1
    assert res.stderr.startswith("error: ") and "manifest.csv: manifest lacks required column(s) published" in res.stderr
    assert "Traceback" not in res.output
    assert not (tmp_path / "out").exists()


def test_build_validation_failure_exits_1_with_report(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_extractor(monkeypatch, invalid_extract)
    res = invoke("build", "--seeds", mini, "--out", tmp_path / "out")
    assert res.exit_code == 1
    assert "error: schema validation failed; nothing was written" in res.stderr
    assert "mentions:" in res.stderr and "event_type" in res.stderr
    assert not (tmp_path / "out" / "0.1.0-dev").exists()


def test_build_warnings_are_shown(mini: Path, tmp_path: Path, fake_extractor) -> None:
    (mini / "stray.txt").write_text("Not in the manifest.\n", encoding="utf-8")
    res = invoke("build", "--seeds", mini, "--out", tmp_path / "out")
    assert res.exit_code == 0
    assert "warning: " in res.stderr and "stray.txt: text file not listed" in res.stderr


# --- sql -----------------------------------------------------------------------

QUERY = "SELECT event_type, count(*) AS n, min(event_date) AS first FROM events GROUP BY ALL ORDER BY event_type"


def test_sql_table(release: Path) -> None:
    res = invoke("sql", QUERY, "--out", release)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["event_type", "n", "first"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[-1].endswith("rows)")


def test_sql_csv_json_markdown_agree(release: Path) -> None:
    outs = {fmt: invoke("sql", QUERY, "--out", release, "--format", fmt) for fmt in ("csv", "json", "markdown")}
    assert all(r.exit_code == 0 for r in outs.values()), {k: r.output for k, r in outs.items()}
    rows = list(csv.DictReader(io.StringIO(outs["csv"].stdout)))
    objs = json.loads(outs["json"].stdout)
    assert len(rows) == len(objs) > 0
    assert [r["event_type"] for r in rows] == [o["event_type"] for o in objs]
    assert [int(r["n"]) for r in rows] == [o["n"] for o in objs]
    assert all(len(o["first"]) == 10 for o in objs)  # dates as ISO strings
    md = outs["markdown"].stdout.splitlines()
    assert md[0] == "| event_type | n | first |" and md[1] == "|---|---|---|"
    assert len(md) == 2 + len(rows)


def test_sql_views_are_typed(release: Path) -> None:
    q = (
        "SELECT (SELECT typeof(event_date) FROM events LIMIT 1) AS e, (SELECT typeof(published) FROM mentions LIMIT 1) AS m,"
        " (SELECT typeof(published) FROM articles LIMIT 1) AS a, (SELECT typeof(chars) FROM articles LIMIT 1) AS c,"
        " (SELECT typeof(amount) FROM events LIMIT 1) AS x"
    )
    res = invoke("sql", q, "--out", release, "--format", "json")
    assert json.loads(res.stdout) == [{"e": "DATE", "m": "DATE", "a": "DATE", "c": "BIGINT", "x": "DOUBLE"}]


def test_sql_articles_view_undoes_the_csv_safety_prefix(release: Path) -> None:
    csv_path = release / "0.1.0-dev" / "articles.csv"
    csv_path.chmod(0o644)
    text = csv_path.read_text(encoding="utf-8").replace("Other Paper", "'=Other Paper").replace("Test Wire", "''Wire")
    csv_path.write_text(text, encoding="utf-8")
    res = invoke("sql", "SELECT DISTINCT publisher FROM articles ORDER BY 1", "--out", release, "--format", "csv")
    assert res.stdout == "publisher\n'Wire\n=Other Paper\n"


def test_sql_version_option_and_errors(release: Path, mini: Path, fake_extractor) -> None:
    build_mini(mini, release, "0.0.1")
    res = invoke("sql", "SELECT count(*) AS n FROM articles", "--out", release, "--version", "0.0.1", "--format", "csv")
    assert res.exit_code == 0 and res.stdout == "n\n4\n"
    res = invoke("sql", "SELECT 1", "--out", release, "--version", "9.9.9")
    assert res.exit_code == 1 and "no release here" in res.stderr
    res = invoke("sql", "SELECT nonsense FROM events", "--out", release)
    assert res.exit_code == 1 and res.stderr.startswith("error: query failed: Binder Error")
    res = invoke("sql", "SELECT 1", "--out", release, "--format", "xml")
    assert res.exit_code == 2 and "use one of table, csv, json, markdown" in res.output


# --- eval ----------------------------------------------------------------------


def test_eval_prints_the_scores(seed_release: Path) -> None:
    res = invoke("eval", "--gold", GOLD, "--out", seed_release.parent, "--version", seed_release.name)
    assert res.exit_code == 0, res.output
    for key in ("precision:", "recall:", "f1:", "strict_f1:", "date_accuracy:", "amount_accuracy:"):
        assert key in res.stdout
    assert "ban " in res.stdout  # per-type counts


def test_eval_json_agrees_with_the_reference_script(release: Path) -> None:
    mentions = release / "latest" / "mentions.csv"
    ours = invoke("eval", "--gold", GOLD, "--out", release, "--json")
    ref = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "tests" / "gold" / "score_reference.py"), str(GOLD), str(mentions), "--json"],
        capture_output=True, text=True, check=True,
    )
    assert ours.stdout == ref.stdout


def test_eval_show_and_mentions_option(release: Path, tmp_path: Path) -> None:
    mentions = tmp_path / "m.csv"
    shutil.copy(release / "latest" / "mentions.csv", mentions)
    res = invoke("eval", "--gold", GOLD, "--mentions", mentions, "--show", "--out", tmp_path / "nowhere")
    assert res.exit_code == 0, res.output
    assert "MISS  " in res.stdout and "EXTRA " in res.stdout and "f1: 0.0" in res.stdout
    res = invoke("eval", "--gold", tmp_path / "missing.csv")
    assert res.exit_code == 2
    (tmp_path / "bad.csv").write_text("article_id,type\na#1,fine\n", encoding="utf-8")
    res = invoke("eval", "--gold", tmp_path / "bad.csv", "--mentions", mentions)
    assert res.exit_code == 1 and "bad.csv: lacks column(s) event_type, target" in res.stderr


# --- dates ---------------------------------------------------------------------


def needs_dates(*names: str):
    missing = [n for n in names if not hasattr(date_engine, n)]
    return pytest.mark.skipif(bool(missing), reason=f"builder.dates lacks {', '.join(missing)} (being written)")


@needs_dates("resolve_dates", "expression_to_dict")
def test_dates_anchor_prints_one_object_per_expression() -> None:
    res = invoke("dates", "--anchor", "2021-07-20", input="Regulators acted on July 2, and again last week.")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines and all(isinstance(json.loads(line), dict) for line in lines)


@needs_dates("resolve_jsonl")
def test_dates_jsonl_writes_one_line_per_input() -> None:
    inputs = [
        {"id": "a", "anchor": "2021-07-20", "text": "on July 2"},
        {"id": "b", "anchor": "2020-06-29", "text": "no date here"},
    ]
    res = invoke("dates", "--jsonl", input="".join(json.dumps(i) + "\n" for i in inputs))
    assert res.exit_code == 0, res.output
    outs = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o["id"] for o in outs] == ["a", "b"]
    assert all(isinstance(o["expressions"], list) for o in outs)


@needs_dates("resolve_jsonl")
def test_dates_jsonl_bad_line_is_named() -> None:
    res = invoke("dates", "--jsonl", input='{"id": "a", "anchor": "2021-07-20", "text": "x"}\nnot json\n')
    assert res.exit_code == 1 and "error: stdin line 2:" in res.stderr
    assert res.stdout.count("\n") == 1


def test_dates_needs_exactly_one_mode() -> None:
    assert invoke("dates", input="x").exit_code == 2
    assert invoke("dates", "--anchor", "2021-07-20", "--jsonl", input="x").exit_code == 2


@needs_dates("resolve_dates", "expression_to_dict")
def test_dates_bad_anchor() -> None:
    res = invoke("dates", "--anchor", "20 July", input="x")
    assert res.exit_code == 2 and "is not a date" in res.output


# --- diff ----------------------------------------------------------------------


def test_diff_command(release: Path, mini: Path, tmp_path: Path, fake_extractor) -> None:
    other = build_mini(mini, tmp_path / "other").release
    res = invoke("diff", release / "0.1.0-dev", other)
    assert res.exit_code == 0 and "is identical to" in res.stdout
    (other / "events.csv").chmod(0o644)
    (other / "events.csv").write_text("changed\n", encoding="utf-8")
    res = invoke("diff", release / "0.1.0-dev", other)
    assert res.exit_code == 1 and "events.csv: bytes differ" in res.stderr
    assert invoke("diff", tmp_path / "nope", other).exit_code == 1


# --- Makefile ------------------------------------------------------------------


def test_make_targets_are_listed() -> None:
    assert set(make_targets()) >= {"all", "test", "eval", "bench-dates", "clean", "check-output", "readme", "help"}


@pytest.mark.parametrize("target", ["all", "test", "eval", "bench-dates", "clean", "check-output", "readme"])
def test_make_dry_run(target: str) -> None:
    res = make(PROJECT_ROOT, "-n", target)
    assert res.returncode == 0, res.stderr
    assert "rm -rf output" not in res.stdout and "rm -rf .venv" not in res.stdout


COPY = ["Makefile", "VERSION", "pyproject.toml", "requirements.txt", "requirements-dev.txt", "README.md", "builder", "schemas", "seeds", "tests/gold"]


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The project's sources in a tmp folder (mtimes kept), sharing the repository's .venv."""
    dest = tmp_path / "project"
    dest.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPY:
        src = PROJECT_ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore, copy_function=shutil.copy2)
        else:
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    os.symlink(PROJECT_ROOT / ".venv", dest / ".venv")
    # never let this test reinstall into the shared .venv
    if make(dest, "-q", ".venv/.stamp-runtime").returncode != 0:
        pytest.skip(".venv is not set up from the current requirements (run `make` first)")
    return dest


@pytest.mark.slow
def test_make_builds_once_then_does_nothing(project_copy: Path) -> None:
    version = (project_copy / "VERSION").read_text().strip()
    res = make(project_copy)
    assert res.returncode == 0, res.stdout + res.stderr
    release = project_copy / "output" / version
    assert (release / "SHA256SUMS").is_file() and (project_copy / "output" / "latest").is_symlink()
    assert make(project_copy, "-q").returncode == 0  # up to date: nothing to do
    res = make(project_copy)
    assert "builder build" not in res.stdout
    manifest = project_copy / "seeds" / "manifest.csv"
    before = manifest.stat()
    os.utime(manifest)  # an input changed: rebuild needed
    assert make(project_copy, "-q").returncode == 1
    os.utime(manifest, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert make(project_copy, "-q").returncode == 0
    # check-output passes on a fresh build and fails on a tampered one
    res = make(project_copy, "check-output")
    assert res.returncode == 0 and "is identical to" in res.stdout, res.stdout + res.stderr
    (release / "articles.csv").chmod(0o644)
    with open(release / "articles.csv", "a", encoding="utf-8") as f:
        f.write("tampered\n")
    res = make(project_copy, "check-output")
    assert res.returncode != 0 and "articles.csv: bytes differ" in res.stderr
    # eval prints the scores
    res = make(project_copy, "eval")
    assert res.returncode == 0 and "f1:" in res.stdout and "strict_f1:" in res.stdout
    # clean removes debris, never output/
    (project_copy / "builder" / "__pycache__").mkdir(exist_ok=True)
    res = make(project_copy, "clean")
    assert res.returncode == 0
    assert not (project_copy / "builder" / "__pycache__").exists()
    assert release.is_dir() and (project_copy / ".venv").exists()
