"""The bad-input table, end to end through `regtimeline build`.

Every case starts from a good release in a tmp output folder, breaks one thing, runs
the command, and checks the four promises: one `error:` line naming the file (and row
or line) and what to do, a non-zero exit, no temporary folder left, and the previous
release byte-for-byte as it was. The library-level messages are tested in
tests/test_corpus.py and tests/test_export.py; here the whole command is.

The slow tests run real builds in subprocesses: SIGINT / SIGTERM during the write,
and two builds at once.
"""
from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from builder import export
from builder.cli import app
from builder.pipeline import PROJECT_ROOT
from tests.conftest import build_mini, snapshot

runner = CliRunner()
VERSION = "0.1.0-dev"
DEBRIS = (".tmp-", ".old-", ".latest-")


def build_cli(seeds: Path, out: Path, version: str = VERSION, *extra: str):
    return runner.invoke(app, ["build", "--seeds", str(seeds), "--out", str(out), "--version", version, *extra])


def debris(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(DEBRIS)) if out.is_dir() else []


def assert_refused(res, out: Path, before: dict[str, bytes], pattern: str) -> None:
    """Non-zero exit, one clear error line matching `pattern`, nothing half-written, the release intact."""
    assert res.exit_code != 0, res.output
    errors = [line for line in res.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, res.stderr
    assert re.search(pattern, errors[0]), errors[0]
    assert "Traceback" not in res.output
    assert debris(out) == []
    assert snapshot(out) == before


@pytest.fixture
def released(mini: Path, tmp_path: Path, fake_extractor) -> tuple[Path, Path, dict[str, bytes]]:
    """(seeds, output root, snapshot) after a good build of the mini corpus."""
    out = tmp_path / "out"
    build_mini(mini, out)
    return mini, out, snapshot(out)


def manifest_lines(seeds: Path) -> list[str]:
    return (seeds / "manifest.csv").read_text(encoding="utf-8").splitlines(keepends=True)


def edit_manifest(seeds: Path, fn: Callable[[list[str]], list[str]]) -> None:
    (seeds / "manifest.csv").write_text("".join(fn(manifest_lines(seeds))), encoding="utf-8")


def set_field(line: str, col: int, value: str) -> str:
    import csv
    import io

    (fields,) = list(csv.reader([line]))
    fields[col] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(fields)
    return buf.getvalue()


def change_report(seeds: Path) -> None:
    """Change report.txt's text, so that a new build differs from the release."""
    p = seeds / "report.txt"
    p.write_text(p.read_text(encoding="utf-8").replace("citing security concerns", "citing data concerns"), encoding="utf-8")


def write(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda seeds: (seeds / name).write_bytes(data)


def fifty_mb(seeds: Path) -> None:
    with open(seeds / "report.txt", "r+b") as f:  # sparse: 50 MB on paper, no time to write
        f.truncate(50 * 1024 * 1024)


# report.txt is manifest line 5 and has no sha256, so its bytes can change freely;
# roundup.txt holds three articles (lines 2-4) and is checked by sha256.
BAD_INPUTS: list[tuple[str, Callable[[Path], None], str]] = [
    # article files
    ("not-utf8", write("report.txt", "India bans Gizmo\nCaf\xe9 r\xe9gulateur\n".encode("latin-1")),
     r"report\.txt:2: not valid UTF-8 .*re-save the file as UTF-8"),
    ("utf16", write("report.txt", "India bans Gizmo\n".encode("utf-16")), r"report\.txt(:\d+)?: (not valid UTF-8|file looks binary)"),
    ("empty", write("report.txt", b""), r"report\.txt: file is empty or only whitespace"),
    ("only-whitespace", write("report.txt", " \n\t\r\n\u3000\n".encode()),
     r"report\.txt: file is empty or only whitespace"),
    ("binary", write("report.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), r"report\.txt: file looks binary .*must be UTF-8 text"),
    ("50MB", fifty_mb, r"report\.txt: file is 52,428,800 bytes, more than the 5 MB limit .*split it"),
    ("edited-after-manifest", lambda s: (s / "roundup.txt").write_bytes((s / "roundup.txt").read_bytes() + b"More.\n"),
     r"roundup\.txt: file changed since the manifest was written.*Update the manifest's sha256"),
    # manifest
    ("missing-columns", lambda s: edit_manifest(s, lambda ls: ["file,headline,date\n"] + ls[1:]),
     r"manifest\.csv: manifest lacks required column\(s\) title, published"),
    ("unparsable-date", lambda s: edit_manifest(s, lambda ls: ls[:4] + [set_field(ls[4], 2, "29 June 2020")]),
     r"manifest\.csv:5: published '29 June 2020' is not a date \(use YYYY-MM-DD\)"),
    ("impossible-date", lambda s: edit_manifest(s, lambda ls: ls[:4] + [set_field(ls[4], 2, "2020-02-30")]),
     r"manifest\.csv:5: published '2020-02-30' is not a date"),
    ("future-date", lambda s: edit_manifest(s, lambda ls: ls[:4] + [set_field(ls[4], 2, "2999-01-01")]),
     r"manifest\.csv:5: published '2999-01-01' is in the future \(today is \d{4}-\d\d-\d\d\); fix the date"),
    ("duplicate-row", lambda s: edit_manifest(s, lambda ls: ls + [ls[4]]),
     r"manifest\.csv:6: duplicate article: .* listed twice for report\.txt"),
    ("same-title-twice", lambda s: edit_manifest(s, lambda ls: ls[:3] + [set_field(ls[2], 2, "2021-07-15")] + ls[4:]),
     r"manifest\.csv:4: duplicate article: 'Ministry opens probe into Widget Inc, report says' listed twice for roundup\.txt"),
    ("listed-file-missing", lambda s: (s / "report.txt").unlink(),
     r"report\.txt: file listed in the manifest does not exist"),
    ("listed-file-is-a-folder", lambda s: ((s / "report.txt").unlink(), (s / "report.txt").mkdir()),
     r"report\.txt: cannot read the file \(Is a directory\); it must be a readable text file"),
    ("title-not-in-file", lambda s: edit_manifest(s, lambda ls: ls[:2] + [set_field(ls[2], 1, "A title nobody wrote")] + ls[3:]),
     r"roundup\.txt: title of article \(manifest line 3\) not found .*Fix the title in the manifest"),
    ("file-outside-seeds", lambda s: edit_manifest(s, lambda ls: ls[:4] + [set_field(ls[4], 0, "../report.txt")]),
     r"manifest\.csv:5: file '\.\./report\.txt' must be a plain file name inside the seeds folder"),
    ("row-with-extra-fields", lambda s: edit_manifest(s, lambda ls: ls[:4] + [ls[4].rstrip("\n") + ",extra\n"]),
     r"manifest\.csv:5: row has more fields than the header"),
    ("manifest-not-utf8", lambda s: (s / "manifest.csv").write_bytes((s / "manifest.csv").read_bytes().replace(b"Test Wire", b"T\xe9st Wire", 1)),
     r"manifest\.csv: manifest is not UTF-8"),
]


@pytest.mark.parametrize(("case", "breakage", "pattern"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_is_refused_and_the_release_is_intact(released, case: str, breakage, pattern: str) -> None:
    seeds, out, before = released
    breakage(seeds)
    assert_refused(build_cli(seeds, out), out, before, pattern)


@pytest.mark.parametrize(
    ("case", "change", "pattern"),
    [
        ("unknown-column", lambda s: edit_manifest(s, lambda ls: [ls[0].rstrip("\n") + ",language\n"] + [x.rstrip("\n") + ",en\n" for x in ls[1:]]),
         r"manifest\.csv: ignoring unknown manifest column\(s\): language"),
        ("unlisted-file", lambda s: (s / "stray.txt").write_text("Not listed\nText.\n", encoding="utf-8"),
         r"stray\.txt: text file not listed in .*manifest\.csv; it is not part of the build"),
    ],
)
def test_warnings_name_the_file_and_change_nothing(released, case: str, change, pattern: str) -> None:
    seeds, out, before = released
    change(seeds)
    res = build_cli(seeds, out)
    assert res.exit_code == 0, res.output
    assert re.search("^warning: .*" + pattern, res.stderr, re.M), res.stderr
    assert snapshot(out) == before


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda b: b"\xef\xbb\xbf" + b, id="bom"),
        pytest.param(lambda b: b.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n"), id="bom+crlf"),
    ],
)
def test_bom_and_windows_line_ends_build_the_same_tables(released, transform) -> None:
    """Accepted, not refused: the tables are the same; only the recorded file checksum differs."""
    seeds, out, before = released
    p = seeds / "report.txt"
    p.write_bytes(transform(p.read_bytes()))
    res = build_cli(seeds, out)
    assert res.exit_code == 0, res.output
    after = snapshot(out)
    for name in ("events.csv", "mentions.csv"):
        assert after[f"{VERSION}/{name}"] == before[f"{VERSION}/{name}"], name
    old = pd.read_csv(out / VERSION / "articles.csv").drop(columns="sha256")
    assert old.equals(pd.read_csv(out / VERSION / "articles.csv").drop(columns="sha256"))


# --- versions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "version",
    ["../0.1.0", "0.1.0/x", "0.1.0\\x", "..", ".", "0.1.0 -dev", "0.1.0;rm -rf x", "$(id)", "0.1.0`id`",
     "0.1.0-dev|x", "0.1.0-dev&", "~", "0.1.0-dev\t"],
)
def test_bad_version_names_are_refused_before_anything_is_written(released, tmp_path: Path, version: str) -> None:
    seeds, out, before = released
    around = sorted(p.name for p in tmp_path.iterdir())
    res = build_cli(seeds, out, version)
    assert_refused(res, out, before, r"version '.*' is not X\.Y\.Z or X\.Y\.Z-label .*no spaces, slashes or shell characters")
    assert sorted(p.name for p in tmp_path.iterdir()) == around


def test_rebuilding_a_released_version_with_other_content_is_refused(mini: Path, tmp_path: Path, fake_extractor) -> None:
    out = tmp_path / "out"
    assert build_cli(mini, out, "1.0.0").exit_code == 0
    before = snapshot(out)
    assert build_cli(mini, out, "1.0.0").exit_code == 0  # same inputs: accepted, nothing changes
    assert snapshot(out) == before
    change_report(mini)
    res = build_cli(mini, out, "1.0.0")
    assert_refused(res, out, before, r"1\.0\.0: version 1\.0\.0 is released and this build differs from it; bump VERSION")


# --- the environment --------------------------------------------------------------


def test_unwritable_output_folder(released, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds, out, before = released
    if os.geteuid() != 0:  # a real read-only folder (root writes anyway, so simulate below)
        os.chmod(out, 0o555)
        try:
            res = build_cli(seeds, out, "0.2.0-dev")
        finally:
            os.chmod(out, 0o755)
        assert_refused(res, out, before, r"cannot write the release \(Permission denied\); check that the folder is writable")

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(out))

    monkeypatch.setattr(export.tempfile, "mkdtemp", denied)
    res = build_cli(seeds, out, "0.2.0-dev")
    assert_refused(res, out, before, rf"{re.escape(str(out))}: cannot write the release \(Permission denied\); check that the folder is writable")


def test_output_path_that_is_a_file(released, tmp_path: Path) -> None:
    seeds, _, _ = released
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    res = build_cli(seeds, not_a_folder)
    assert res.exit_code != 0
    assert re.search(r"^error: .*file\.txt: cannot write the release \(File exists\)", res.stderr, re.M), res.stderr
    assert not_a_folder.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize("victim", ["_write_tables", "render_codebook", "render_datapackage", "sha256_file"])
def test_a_write_that_fails_midway_leaves_no_partial_release(released, monkeypatch: pytest.MonkeyPatch, victim: str) -> None:
    seeds, out, before = released
    change_report(seeds)  # so that the build would replace the release
    real = getattr(export, victim)
    seen: list[str] = []

    def fails_after_a_while(*args, **kwargs):
        # let some files reach the temporary folder first, then fail like a full disk
        tmp = [p for p in out.iterdir() if p.name.startswith(".tmp-")]
        seen.extend(q.name for p in tmp for q in p.iterdir())
        if victim == "sha256_file" and len(seen) < 3:
            return real(*args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp[0] if tmp else out))

    monkeypatch.setattr(export, victim, fails_after_a_while)
    res = build_cli(seeds, out)
    assert_refused(res, out, before, r"\.tmp-0\.1\.0-dev-\w+: cannot write the release \(No space left on device\)")
    if victim != "_write_tables":
        assert "events.csv" in seen  # the failure really came midway


def test_second_build_while_one_is_running_is_refused(released) -> None:
    seeds, out, before = released
    with export.build_lock(out):
        res = build_cli(seeds, out)
    assert_refused(res, out, before, r"out: another build is writing to this folder; wait for it to finish")
    assert build_cli(seeds, out).exit_code == 0  # the lock is released with its holder


# --- untrusted text: spreadsheet formulas ------------------------------------------


def test_csv_neutralises_formulas_from_news_text_and_parquet_keeps_them(tmp_path: Path, fake_extractor) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    lines = [
        "=HYPERLINK(\"http://x\",\"click\") regulator fined Acme",
        "+1 the regulator fined Beta",
        "-2 the regulator fined Gamma",
        "@SUM(A1) the regulator fined Delta",
        "\tthe regulator fined Epsilon",
        "'quoted the regulator fined Zeta",
    ]
    (seeds / "wire.txt").write_text("=cmd|' /C calc'!A0\n" + "\n".join(lines) + "\n", encoding="utf-8")
    (seeds / "manifest.csv").write_text(
        "file,title,published,publisher,author,url\n"
        "wire.txt,=cmd|' /C calc'!A0,2021-07-20,+Wire,@anon,-http://x\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    res = build_cli(seeds, out)
    assert res.exit_code == 0, res.output
    rel = out / VERSION
    import csv

    for name in ("articles", "mentions", "events"):
        with open(rel / f"{name}.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                for col, v in row.items():
                    assert not v.startswith(("=", "+", "-", "@", "\t", "\r")), (name, col, v)
    with open(rel / "articles.csv", newline="", encoding="utf-8") as f:
        (art,) = csv.DictReader(f)
    assert (art["title"], art["publisher"], art["author"], art["url"]) == ("'=cmd|' /C calc'!A0", "'+Wire", "'@anon", "'-http://x")
    evidence = set(pd.read_parquet(rel / "mentions.parquet")["evidence"])
    assert evidence == set(lines)  # the Parquet keeps the raw text
    with open(rel / "mentions.csv", newline="", encoding="utf-8") as f:
        assert {r["evidence"] for r in csv.DictReader(f)} == {"'" + x for x in lines}
    codebook = (rel / "CODEBOOK.md").read_text(encoding="utf-8")
    assert "prefixed with an apostrophe in the CSV files" in codebook


# --- real processes: signals and two builds at once ---------------------------------

# Runs the CLI with the stand-in extractor; the release's checksum step waits until a gate
# file exists, so that a test can act while the release is being written (test-only
# patching lives here, not in builder/).
GATED_BUILD = textwrap.dedent(
    """
    import os, sys, time
    import builder.export as export, builder.pipeline as pipeline
    from tests.conftest import fake_extract
    pipeline.extract_article = fake_extract
    real, gate = export.sha256_file, sys.argv.pop(1)
    def gated(path):
        while gate and not os.path.exists(gate):
            time.sleep(0.01)
        return real(path)
    export.sha256_file = gated
    from builder.cli import app
    app(sys.argv[1:], prog_name="regtimeline")
    """
)


@pytest.fixture
def start_build():
    """start_build(seeds, out, gate=None): a build in a subprocess that stops before its checksums
    until `gate` exists (None: no stop). Processes still running at the end of the test are killed."""
    procs: list[subprocess.Popen] = []

    def start(seeds: Path, out: Path, gate: Path | None = None) -> subprocess.Popen:
        procs.append(subprocess.Popen(
            [sys.executable, "-c", GATED_BUILD, str(gate or ""), "build", "--seeds", str(seeds), "--out", str(out), "--version", VERSION],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ))
        return procs[-1]

    yield start
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.communicate()


def wait_for_temp_folder(out: Path, proc: subprocess.Popen, timeout: float = 30) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tmp = [p for p in out.iterdir() if p.name.startswith(".tmp-")]
        if tmp and (tmp[0] / "CODEBOOK.md").exists():
            return tmp[0]
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    proc.kill()
    raise AssertionError("the build never started writing")


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_build_leaves_no_partial_release(released, start_build, sig: int) -> None:
    seeds, out, before = released
    change_report(seeds)
    proc = start_build(seeds, out, gate=out.parent / "never")
    tmp = wait_for_temp_folder(out, proc)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert re.search(r"^error: .*out: build interrupted; no partial release was left", stderr, re.M), stderr
    assert "Traceback" not in stderr
    assert not tmp.exists() and debris(out) == []
    assert snapshot(out) == before


@pytest.mark.slow
def test_two_builds_at_once_the_second_is_refused(released, start_build) -> None:
    seeds, out, before = released
    change_report(seeds)
    gate = out.parent / "gate"
    first = start_build(seeds, out, gate)
    wait_for_temp_folder(out, first)
    second = start_build(seeds, out)
    _, second_err = second.communicate(timeout=60)
    gate.touch()
    assert second.returncode == 1
    assert re.fullmatch(r"error: \S*out: another build is writing to this folder; wait for it to finish\n", second_err), second_err
    _, stderr = first.communicate(timeout=60)
    assert first.returncode == 0, stderr
    after = snapshot(out)
    assert after != before and debris(out) == []
    assert b"citing data concerns" in after[f"{VERSION}/mentions.csv"]


def test_a_failure_between_the_two_renames_restores_the_previous_release(released, monkeypatch: pytest.MonkeyPatch) -> None:
    """Replacing a -dev release is two renames (old away, new in); a failure between them puts the old one back."""
    seeds, out, before = released
    change_report(seeds)
    real_replace = os.replace

    def replace(src, dst):
        if Path(src).name.startswith(".tmp-"):
            raise OSError(errno.EIO, "Input/output error (simulated)", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(export.os, "replace", replace)
    res = build_cli(seeds, out)
    monkeypatch.setattr(export.os, "replace", real_replace)
    assert_refused(res, out, before, r"0\.1\.0-dev: cannot write the release \(Input/output error \(simulated\)\)")


def test_an_export_that_runs_out_of_memory_is_a_clear_error(released, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds, out, before = released
    monkeypatch.setattr(export, "DUCKDB_MEMORY_LIMIT", "1KB")
    change_report(seeds)
    res = build_cli(seeds, out)
    assert_refused(res, out, before, r"DuckDB could not write the tables \(.*\); no partial release was left")
