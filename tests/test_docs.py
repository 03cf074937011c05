"""Documentation completeness: every command, option, column, make target and dependency
is documented, and the README's example queries run and print what the README shows.

`pytest tests/test_docs.py --update-readme` (`make readme`) rewrites the printed
output of the README's queries from a fresh build of the seeds.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from builder.cli import app
from builder.codebook import render_codebook
from builder.export import is_released
from builder.pipeline import PROJECT_ROOT, declared_version
from schemas import TABLES
from tests.conftest import make_targets

README_PATH = PROJECT_ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")
COMMANDS = typer.main.get_command(app).commands
BLOCK = re.compile(
    r"<!-- query: (?P<name>[\w-]+) -->\n```sh\n(?P<cmd>.*?)\n```\n<!-- output -->\n(?P<out>.*?)<!-- /output -->",
    re.DOTALL,
)
FENCE = {"csv": "csv", "json": "json", "table": "text"}


def section(title: str) -> str:
    """The README text under a heading, up to the next heading of the same or a higher level."""
    lines, fenced, body, level = README.split("\n"), False, None, 0
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else re.match(r"(#+) (.*)$", line)
        if body is None:
            if heading and heading.group(2) == title:
                body, level = [], len(heading.group(1))
        elif heading and len(heading.group(1)) <= level:
            break
        else:
            body.append(line)
    assert body is not None, f"README has no section '{title}'"
    return "\n".join(body)


# --- commands and options ----------------------------------------------------------


def test_readme_opens_with_one_sentence_then_the_two_commands() -> None:
    intro = README.split("\n\n")[1]
    assert intro.count(". ") == 0 and intro.rstrip().endswith(".") and "dataset" in intro
    assert README.index("make        #") < README.index("make test   #") < README.index("## Three rows")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_in_the_readme(name: str) -> None:
    text = section(f"`regtimeline {name}`")
    for param in COMMANDS[name].params:
        if param.param_type_name == "argument":
            assert (param.metavar or param.name.upper()) in text, (name, param.name)
        else:
            for opt in param.opts:
                assert opt in text, f"{opt} of `regtimeline {name}` is not documented in README.md"


def test_readme_documents_no_command_that_does_not_exist() -> None:
    documented = set(re.findall(r"^### `regtimeline (\w+)`", README, re.M))
    assert documented == set(COMMANDS)


# --- columns ---------------------------------------------------------------------------


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_column_has_a_description(table: str) -> None:
    schema = TABLES[table].to_schema()
    assert (TABLES[table].__doc__ or "").strip().startswith(f"{table}: one row per")
    for col, spec in schema.columns.items():
        assert spec.description and len(spec.description) > 10, f"{table}.{col} has no description"


def test_every_released_column_is_in_the_codebook(seed_release: Path) -> None:
    codebook = (seed_release / "CODEBOOK.md").read_text(encoding="utf-8")
    # the accuracy measured on the build is the one section not derived from the schemas
    assert "## Measured accuracy" in codebook
    without_accuracy = re.sub(r"## Measured accuracy\n.*?(?=\n## )", "", codebook, count=1, flags=re.S)
    assert without_accuracy.replace("\n\n\n", "\n\n") == render_codebook(declared_version()).replace("\n\n\n", "\n\n")
    for table in ("events", "mentions", "articles"):
        header = (seed_release / f"{table}.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        part = codebook.split(f"## Columns of `{table}`", 1)[1].split("\n## ", 1)[0]
        for col in header:
            row = re.search(rf"^\| `{re.escape(col)}` \| \w+ \| (yes|no) \| (.+) \|$", part, re.M)
            assert row and row.group(2).strip(), f"{table}.{col} is not documented in CODEBOOK.md"
        assert f"`{table}.csv`" in README


def test_every_release_file_is_in_the_readme(seed_release: Path) -> None:
    table = section("Layout")
    for p in sorted(seed_release.iterdir()):
        assert f"`{p.name}`" in table, f"{p.name} (in every release) is not described in README.md's Layout"


# --- make targets, CI, dependencies ---------------------------------------------------


def test_every_make_target_is_in_the_readme() -> None:
    targets = make_targets()
    table = section("Make targets")
    for t in targets:
        assert f"`make {t}`" in table or (t == "all" and "`make`" in table), t


def test_ci_runs_the_readme_test_command() -> None:
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in README.split("## Three rows")[0]
    assert re.search(r"^make test\b", ci, re.M)
    assert "set -euo pipefail" in ci


def pins(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-r "):
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)==([0-9][\w.]*)", line)
        assert m, f"{path.name}: '{line}' is not pinned exactly (name==version)"
        key = re.sub(r"[-_.]+", "-", m.group(1)).lower()
        assert key not in out, f"{path.name}: {key} pinned twice"
        out[key] = m.group(2)
    return out


def test_every_dependency_is_pinned_and_documented() -> None:
    import tomllib

    runtime = pins(PROJECT_ROOT / "requirements.txt")
    dev = pins(PROJECT_ROOT / "requirements-dev.txt")
    assert not set(runtime) & set(dev), "a package is pinned in both requirements files"
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["dev"]
    declared += project["build-system"]["requires"]
    deps_section = section("Dependencies")
    for spec in declared:
        name, version = spec.split("==")
        key = re.sub(r"[-_.]+", "-", name).lower()
        assert {**runtime, **dev}.get(key) == version, f"pyproject's {spec} disagrees with requirements*.txt"
        assert re.search(rf"^- {re.escape(name.lower())}( \(dev\))?: \S", deps_section, re.M | re.I), f"{name} is not justified in README.md"


def test_every_transitive_dependency_is_pinned() -> None:
    """Everything the project's dependencies pull in is pinned, at the version installed."""
    import tomllib
    from importlib import metadata

    from packaging.requirements import Requirement

    def key(name: str) -> str:
        return re.sub(r"[-_.]+", "-", name).lower()

    wanted = {**pins(PROJECT_ROOT / "requirements.txt"), **pins(PROJECT_ROOT / "requirements-dev.txt")}
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    todo = [Requirement(r).name for r in project["project"]["dependencies"] + project["project"]["optional-dependencies"]["dev"]]
    seen: set[str] = set()
    while todo:
        name = key(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        dist = metadata.distribution(name)
        assert name in wanted, f"{name} (needed by the project) is not pinned in requirements*.txt"
        assert dist.version == wanted[name], f"{name} {dist.version} installed, {wanted[name]} pinned: run make"
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    unused = set(wanted) - seen - {"setuptools"}
    assert not unused, f"pinned but not needed: {sorted(unused)}"


# --- the README's queries ---------------------------------------------------------------


def run_block(cmd: str, release: Path) -> tuple[str, str]:
    """(printed output, format) of one README command, run on `release`."""
    args = shlex.split(cmd)
    assert args[:2] == ["regtimeline", "sql"], cmd
    fmt = args[args.index("--format") + 1] if "--format" in args else "table"
    res = CliRunner().invoke(app, args[1:] + ["--out", str(release.parent), "--version", release.name])
    assert res.exit_code == 0, f"README query failed:\n{cmd}\n{res.output}"
    out = res.stdout
    return (out if fmt == "markdown" else f"```{FENCE[fmt]}\n{out}```\n"), fmt


def test_readme_has_the_example_queries() -> None:
    names = [m.group("name") for m in BLOCK.finditer(README)]
    assert names == ["three-rows", "per-authority-year", "one-company", "several-sources"]


def test_readme_queries_run_and_show_their_output(seed_release: Path, request: pytest.FixtureRequest) -> None:
    update = request.config.getoption("--update-readme")
    new, stale = README, []
    for m in BLOCK.finditer(README):
        out, fmt = run_block(m.group("cmd"), seed_release)
        if out != m.group("out"):
            stale.append(m.group("name"))
            new = new.replace(m.group(0), m.group(0).replace("<!-- output -->\n" + m.group("out"), "<!-- output -->\n" + out))
        # always: the columns shown are the columns the query returns
        shown = m.group("out").split("\n")
        actual = out.split("\n")
        header = 1 if fmt != "markdown" else 0
        assert shown[header] == actual[header], f"README query '{m.group('name')}' returns other columns: run `make readme`"
    if update and new != README:
        README_PATH.write_text(new, encoding="utf-8")
        return
    if is_released(declared_version()):
        assert not stale, f"README outputs are stale for a release ({', '.join(stale)}): run `make readme`"


def test_readme_python_snippets_run(seed_release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """The pandas / duckdb examples work on a release laid out as output/latest."""
    import os

    os.symlink(seed_release.parent, tmp_path / "output")
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {})

