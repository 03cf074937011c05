"""Release folders: contents, immutability, atomicity, datapackage validity, round trips,
and the committed output being exactly what the code builds (`make check-output`)."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import math
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import export, pipeline
from builder.corpus import Article
from builder.errors import BuildError
from builder.model import Mention
from builder.sql import compare_releases
from schemas import TABLES
from tests.conftest import build_mini, snapshot

RELEASE_FILES = {
    "CODEBOOK.md",
    "SHA256SUMS",
    "articles.csv",
    "datapackage.json",
    "events.csv",
    "events.parquet",
    "manifest.json",
    "mentions.csv",
    "mentions.parquet",
}


def test_release_folder_contents(mini: Path, tmp_path: Path, fake_extractor) -> None:
    out = tmp_path / "out"
    rel = build_mini(mini, out).release
    assert rel == out / "0.1.0-dev"
    files = sorted(p.name for p in rel.iterdir())
    assert RELEASE_FILES <= set(files)
    assert (out / "latest").is_symlink() and (out / "latest").readlink() == Path("0.1.0-dev")
    # SHA256SUMS covers every other file, in `sha256sum -c` format
    sums = dict(reversed(line.split("  ", 1)) for line in (rel / "SHA256SUMS").read_text().splitlines())
    assert sorted(sums) == [n for n in files if n != "SHA256SUMS"]
    for name, digest in sums.items():
        assert hashlib.sha256((rel / name).read_bytes()).hexdigest() == digest
    manifest = json.loads((rel / "manifest.json").read_text())
    assert manifest["version"] == "0.1.0-dev"
    assert manifest["row_counts"] == {n: len(pd.read_csv(rel / f"{n}.csv")) for n in ("articles", "mentions", "events")}
    assert manifest["inputs"]["files"]["roundup.txt"] == hashlib.sha256((mini / "roundup.txt").read_bytes()).hexdigest()
    # every table's CSV header is its schema, in order
    for name in ("articles", "mentions", "events"):
        header = (rel / f"{name}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
        assert header.split(",") == list(TABLES[name].to_schema().columns)


def test_codebook_documents_every_column(mini: Path, tmp_path: Path, fake_extractor) -> None:
    rel = build_mini(mini, tmp_path / "out").release
    codebook = (rel / "CODEBOOK.md").read_text(encoding="utf-8")
    assert codebook.startswith("# regtimeline codebook — version 0.1.0-dev")
    for name, model in TABLES.items():
        assert f"## Columns of `{name}`" in codebook
        for col in model.to_schema().columns:
            assert f"| `{col}` |" in codebook, (name, col)


def test_parquet_and_csv_have_typed_columns(mini: Path, tmp_path: Path, fake_extractor) -> None:
    rel = build_mini(mini, tmp_path / "out").release
    con = duckdb.connect()
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{rel / 'events.parquet'}')").fetchall())
    assert types["event_date"] == "DATE" and types["first_published"] == "DATE"
    assert types["n_sources"] == "BIGINT" and types["amount"] == "DOUBLE"
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{rel / 'mentions.parquet'}')").fetchall())
    assert types["published"] == "DATE" and types["char_start"] == "BIGINT" and types["confidence"] == "DOUBLE"


# --- versions --------------------------------------------------------------------


def test_released_version_is_immutable(mini: Path, tmp_path: Path, fake_extractor) -> None:
    out = tmp_path / "out"
    build_mini(mini, out, "1.0.0")
    before = snapshot(out)
    build_mini(mini, out, "1.0.0")  # the same inputs: accepted, nothing changes
    assert snapshot(out) == before
    # different content under the same released version: refused, nothing changes
    text = (mini / "report.txt").read_text(encoding="utf-8")
    (mini / "report.txt").write_text(text.replace("citing security concerns", "citing data concerns"), encoding="utf-8")
    with pytest.raises(BuildError, match=r"version 1\.0\.0 is released and this build differs from it; bump VERSION"):
        build_mini(mini, out, "1.0.0")
    assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-"))]


def test_dev_version_is_rebuilt_in_place(mini: Path, tmp_path: Path, fake_extractor) -> None:
    out = tmp_path / "out"
    build_mini(mini, out)
    first = (out / "0.1.0-dev" / "articles.csv").read_bytes()
    text = (mini / "report.txt").read_text(encoding="utf-8")
    (mini / "report.txt").write_text(text + "One more line.\n", encoding="utf-8")
    build_mini(mini, out)
    assert (out / "0.1.0-dev" / "articles.csv").read_bytes() != first
    assert sorted(p.name for p in out.iterdir()) == [".build.lock", ".cache", "0.1.0-dev", "latest"]


def test_latest_points_at_the_newest_version(mini: Path, tmp_path: Path, fake_extractor) -> None:
    out = tmp_path / "out"
    build_mini(mini, out, "0.2.0-dev")
    assert (out / "latest").readlink() == Path("0.2.0-dev")
    build_mini(mini, out, "0.1.0")  # an older version built later does not move latest back
    assert (out / "latest").readlink() == Path("0.2.0-dev")
    build_mini(mini, out, "0.2.0")  # a release is newer than its -dev
    assert (out / "latest").readlink() == Path("0.2.0")
    build_mini(mini, out, "0.10.0-dev")  # numeric, not alphabetical
    assert (out / "latest").readlink() == Path("0.10.0-dev")


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "1.0.0/../x", "1.0.0 -rm", ""])
def test_bad_versions_are_refused(version: str) -> None:
    with pytest.raises(BuildError, match="is not X.Y.Z"):
        export.check_version(version)


# --- atomicity -------------------------------------------------------------------


@pytest.mark.parametrize("victim", ["render_datapackage", "render_codebook", "sha256_file", "_point_latest"])
def test_write_failure_midway_leaves_the_previous_release(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_extractor, victim: str
) -> None:
    out = tmp_path / "out"
    build_mini(mini, out)
    before = snapshot(out)
    # change the input so that the new build would replace the release
    with open(mini / "report.txt", "a", encoding="utf-8") as f:
        f.write("A late paragraph: the regulator fined Zeta.\n")

    def boom(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(export, victim, boom)
    with pytest.raises(OSError, match="simulated"):
        build_mini(mini, out)
    if victim != "_point_latest":  # fails after the rename: the new release is complete
        assert snapshot(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith((".tmp-", ".old-", ".latest-"))]


def test_second_concurrent_build_is_refused(mini: Path, tmp_path: Path, fake_extractor) -> None:
    out = tmp_path / "out"
    with export.build_lock(out):
        with pytest.raises(BuildError, match="another build is writing to this folder"):
            build_mini(mini, out)


# --- datapackage -----------------------------------------------------------------


def test_datapackage_is_valid_frictionless(mini: Path, tmp_path: Path, fake_extractor) -> None:
    from frictionless import validate

    rel = build_mini(mini, tmp_path / "out").release
    report = validate(str(rel / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    pkg = json.loads((rel / "datapackage.json").read_text())
    assert [r["name"] for r in pkg["resources"]] == ["events", "mentions", "articles"]
    for r in pkg["resources"]:
        assert [f["name"] for f in r["schema"]["fields"]] == list(TABLES[r["name"]].to_schema().columns)
        assert all(f["description"] for f in r["schema"]["fields"])


@pytest.mark.slow
def test_seed_release_datapackage_is_valid_frictionless(seed_release: Path) -> None:
    from frictionless import validate

    report = validate(str(seed_release / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


# --- round trip: awkward values survive CSV and Parquet --------------------------

ARTICLE = Article(
    article_id="wire#1", file="wire.txt", position=1, title="A title", published=dt.date(2021, 7, 20),
    publisher="", url="", author="", date_confidence="", file_sha256="0" * 64, text_sha256="1" * 64,
    line_start=1, line_end=1, text="x" * 500, title_in_text=True,
)
awkward = st.text(
    alphabet=st.one_of(st.sampled_from(['"', ",", "\n", "\r", "\t", "'", "=", "+", "-", "@", " ", "é", "‘", "|"]),
                       st.characters(blacklist_categories=("Cs", "Cc"))),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "")
amounts = st.one_of(st.none(), st.floats(min_value=0, max_value=1e13, allow_nan=False, allow_infinity=False))


@st.composite
def mentions(draw) -> list[Mention]:
    out = []
    for k in range(draw(st.integers(1, 4))):
        amount = draw(amounts)
        start = draw(st.integers(0, 400))
        out.append(
            Mention(
                article_id="wire#1", event_type=draw(st.sampled_from(["fine", "ban", "probe"])),
                authority=draw(awkward), authority_text=draw(st.one_of(st.none(), awkward)), jurisdiction="CN",
                target=draw(awkward) + str(k), target_kind=None,
                event_date=dt.date(2021, 7, 1), event_date_end=dt.date(2021, 7, 31), date_precision="month",
                date_basis="inferred", date_text=draw(st.one_of(st.none(), awkward)),
                amount=amount, currency="CNY" if amount is not None else None, amount_per=None,
                evidence=draw(awkward), char_start=start, char_end=start + draw(st.integers(1, 99)),
                trigger=draw(awkward), confidence=draw(st.floats(0, 1)),
            )
        )
    return out


def _csv_unescape(v: str) -> str:
    return v[1:] if v.startswith("'") else v


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mentions())
def test_awkward_values_survive_csv_and_parquet(raw: list[Mention]) -> None:
    with pytest.MonkeyPatch.context() as mp, tempfile.TemporaryDirectory() as tmp:
        mp.setattr("builder.engine.extract_article", lambda a, stats=None: raw)
        frames = pipeline.build_frames([ARTICLE])
        rel = export.write_release(frames, Path(tmp), "0.0.1-test", {})
        expected = frames["mentions"].sort_values("mention_id").reset_index(drop=True)
        # Parquet keeps every value as it is
        pq = pd.read_parquet(rel / "mentions.parquet").sort_values("mention_id").reset_index(drop=True)
        for col in ("authority", "authority_text", "target", "date_text", "evidence", "trigger"):
            assert [None if pd.isna(v) else v for v in pq[col]] == [None if pd.isna(v) else v for v in expected[col]], col
        assert [None if pd.isna(v) else v for v in pq["amount"]] == [None if pd.isna(v) else v for v in expected["amount"]]
        # the CSV parses back to the same values (after the spreadsheet-safety apostrophe)
        with open(rel / "mentions.csv", newline="", encoding="utf-8") as f:
            rows = sorted(csv.DictReader(f), key=lambda r: r["mention_id"])
        assert len(rows) == len(expected)
        for r, (_, e) in zip(rows, expected.iterrows()):
            for col in ("authority", "target", "evidence", "trigger"):
                assert _csv_unescape(r[col]) == e[col], col
            for col in ("authority_text", "date_text"):
                assert (_csv_unescape(r[col]) or None) == (None if pd.isna(e[col]) else e[col]), col
                if r[col] and r[col][0] in "=+-@\t\r":
                    pytest.fail(f"formula-like cell written unescaped: {r[col]!r}")
            if pd.isna(e["amount"]):
                assert r["amount"] == ""
            else:
                assert math.isclose(float(r["amount"]), e["amount"], rel_tol=0, abs_tol=0)


# --- the committed output is what the code builds --------------------------------


def test_committed_release_is_reproducible(seed_release: Path) -> None:
    """CI's `make check-output`: output/<VERSION>/ as committed == a fresh build (CSV bytes, Parquet content)."""
    committed = pipeline.PROJECT_ROOT / "output" / pipeline.declared_version()
    assert committed.is_dir(), f"{committed} is missing: run `make` and commit output/"
    problems = compare_releases(committed, seed_release)
    assert not problems, "the committed release is stale; run `make` and commit output/:\n" + "\n".join(problems)


def test_compare_releases_reports_differences(mini: Path, tmp_path: Path, fake_extractor) -> None:
    a = build_mini(mini, tmp_path / "a").release
    b = build_mini(mini, tmp_path / "b").release
    assert compare_releases(a, b) == []
    # the same Parquet content written with other bytes is the same
    for name in ("events", "mentions"):
        p = b / f"{name}.parquet"
        p.chmod(0o644)
        duckdb.sql(f"COPY (SELECT * FROM '{p}') TO '{tmp_path / 'x.parquet'}' (FORMAT PARQUET, COMPRESSION SNAPPY)")
        p.write_bytes((tmp_path / "x.parquet").read_bytes())
    assert compare_releases(a, b) == []
    # a changed CSV byte, a reordered Parquet file and a missing file are reported
    csv_path = b / "articles.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b"Test Wire", b"Test Wirf", 1))
    p = b / "mentions.parquet"
    duckdb.sql(f"COPY (SELECT * FROM '{p}' ORDER BY mention_id DESC) TO '{tmp_path / 'y.parquet'}' (FORMAT PARQUET)")
    p.write_bytes((tmp_path / "y.parquet").read_bytes())
    (b / "CODEBOOK.md").unlink()
    problems = "\n".join(compare_releases(a, b))
    assert "articles.csv: bytes differ" in problems
    assert "mentions.parquet: content differs" in problems
    assert "CODEBOOK.md: only in" in problems
    assert "events.parquet" not in problems


def test_csv_safety_prefix_is_written(tmp_path: Path) -> None:
    article = dataclasses.replace(ARTICLE, title="=SUM(A1)", publisher="-5 apps", author="'Quoted' Name", url="it's fine")
    frames = {
        "articles": pipeline.articles_frame([article]),
        "mentions": pipeline.mentions_frame([], {}),
        "events": pipeline.events_frame([]),
    }
    rel = export.write_release(frames, tmp_path, "0.0.1-test", {})
    with open(rel / "articles.csv", newline="", encoding="utf-8") as f:
        (row,) = csv.DictReader(f)
    assert (row["title"], row["publisher"], row["author"], row["url"]) == ("'=SUM(A1)", "'-5 apps", "''Quoted' Name", "it's fine")
    assert pd.read_parquet(rel / "mentions.parquet").empty


def test_output_folder_with_a_quote_in_its_name(mini: Path, tmp_path: Path, fake_extractor) -> None:
    rel = build_mini(mini, tmp_path / "it's out").release
    assert (rel / "events.parquet").is_file() and (rel / "mentions.csv").is_file()
