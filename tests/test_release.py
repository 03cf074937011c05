"""`regtimeline release` and `regtimeline diff --events-csv` (builder/release.py), on the mini
corpus with the stand-in extractor; CHANGELOG.md and CITATION.cff go to a tmp root."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from builder.cli import app
from builder.errors import BuildError
from builder.release import DIFF_COLUMNS, make_release
from tests.conftest import make

DAY = dt.date(2026, 11, 21)


def test_release_writes_changelog_and_citation_then_diffs_the_next(mini: Path, tmp_path: Path, fake_extractor) -> None:
    out, root = tmp_path / "out", tmp_path / "root"
    root.mkdir()
    rel, changes = make_release("0.1.0", DAY, mini, out, root)
    assert (rel / "events.csv").is_file() and all(c.op == "added" for c in changes)
    log = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 0.1.0 — 2026-11-21" in log and "### Data" in log and "- `events`: " in log and "events by type: " in log
    cff = (root / "CITATION.cff").read_text(encoding="utf-8")
    assert 'version: "0.1.0"' in cff and 'date-released: "2026-11-21"' in cff
    assert "2026-11-21" not in "".join(p.read_text(encoding="utf-8") for p in rel.iterdir() if p.suffix in (".csv", ".json", ".md"))

    with pytest.raises(BuildError, match="already exists"):
        make_release("0.1.0", DAY, mini, out, root)
    with pytest.raises(BuildError, match="X.Y.Z"):
        make_release("0.2.0-dev", DAY, mini, out, root)

    # the next release: one article's fine disappears, so its event is removed
    text = (mini / "report.txt").read_text(encoding="utf-8").replace("banned Gizmo", "praised Gizmo")
    (mini / "report.txt").write_text(text, encoding="utf-8")
    rel2, changes2 = make_release("0.2.0", DT2, mini, out, root)
    log = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    assert log.index("## 0.2.0 — 2026-12-01") < log.index("## 0.1.0 — 2026-11-21")
    assert "Changes since 0.1.0" in log
    assert 'version: "0.2.0"' in (root / "CITATION.cff").read_text(encoding="utf-8")
    assert {c.op for c in changes2} >= {"modified"}

    res = CliRunner().invoke(app, ["diff", str(rel), str(rel2), "--events-csv", str(tmp_path / "changes.csv")])
    assert res.exit_code == 1 and "modified" in res.output
    with open(tmp_path / "changes.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == DIFF_COLUMNS
    assert {(r["op"], r["event_id"], r["field"]) for r in rows} == {(c.op, c.event_id, c.field) for c in changes2}


DT2 = dt.date(2026, 12, 1)


def test_release_command_refuses_a_bad_date(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["release", "9.9.9", "--date", "soon", "--out", str(tmp_path)])
    assert res.exit_code != 0 and "not a date" in res.output


def test_make_release_dry_run() -> None:
    from builder.pipeline import PROJECT_ROOT

    res = make(PROJECT_ROOT, "-n", "release", "VERSION=9.9.9")
    assert res.returncode == 0 and "-m builder release 9.9.9" in res.stdout, res.stderr
