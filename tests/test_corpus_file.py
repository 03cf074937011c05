"""Corpus files (`regtimeline build --corpus`): JSONL, CSV and Parquet read the same,
streamed, and every bad row is refused with its file, row and problem."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from builder.cli import app
from builder.corpus_file import count_rows, read_corpus
from builder.errors import BuildError
from tests.conftest import snapshot

runner = CliRunner()

ROWS = [
    {
        "id": "wire-001",
        "title": "Regulator fines ShopCo",
        "published": "2021-04-10",
        "text": "The State Administration for Market Regulation fined ShopCo 1 billion yuan on Saturday.\nShopCo said it accepted the penalty.",
        "url": "https://example.com/1",
        "publisher": "Example Wire",
    },
    {
        "id": "wire-002",
        "title": "Watchdog opens probe",
        "published": "2021-05-03T08:30:00Z",
        "text": "Italy's antitrust authority opened an investigation into AppCo on Monday, it said.",
        "url": "",
        "publisher": "Example Wire",
    },
    {
        "id": "17",
        "title": "A story with \"quotes\", commas\nand a line break in the title",
        "published": "2020-12-24",
        "text": "Line one, with a comma.\r\nLine two; the \"end\".",
        "url": "https://example.com/3",
        "publisher": "",
    },
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def write_parquet(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_parquet(path, index=False)
    return path


def write_gz(path: Path, rows: list[dict]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    return path


WRITERS = {"c.jsonl": write_jsonl, "c.csv": write_csv, "c.parquet": write_parquet, "c.jsonl.gz": write_gz}


@pytest.mark.parametrize("name", list(WRITERS))
def test_every_format_reads_the_same_articles(tmp_path: Path, name: str) -> None:
    arts = list(read_corpus(WRITERS[name](tmp_path / name, ROWS), file_sha256="0" * 64))
    assert [a.article_id for a in arts] == ["wire-001", "wire-002", "17"]
    assert [a.published for a in arts] == [dt.date(2021, 4, 10), dt.date(2021, 5, 3), dt.date(2020, 12, 24)]
    assert arts[2].text == "Line one, with a comma.\nLine two; the \"end\"."  # line ends normalised
    assert arts[2].title == 'A story with "quotes", commas and a line break in the title'
    assert arts[0].publisher == "Example Wire" and arts[1].url == "" and arts[0].file == name
    assert all(a.file_sha256 == "0" * 64 for a in arts)


def test_rows_are_numbered_by_their_line_and_a_csv_row_may_span_lines(tmp_path: Path) -> None:
    jsonl = list(read_corpus(write_jsonl(tmp_path / "c.jsonl", ROWS)))
    assert [(a.line_start, a.line_end) for a in jsonl] == [(1, 1), (2, 2), (3, 3)]
    csv_rows = list(read_corpus(write_csv(tmp_path / "c.csv", ROWS)))
    # header on line 1; row 1 spans 2 lines (a newline in its text), row 3 spans 3
    assert [(a.line_start, a.line_end) for a in csv_rows] == [(2, 3), (4, 4), (5, 7)]
    pq = list(read_corpus(write_parquet(tmp_path / "c.parquet", ROWS)))
    assert [(a.line_start, a.line_end) for a in pq] == [(1, 1), (2, 2), (3, 3)]


def test_reading_is_a_stream(tmp_path: Path) -> None:
    """The first article is yielded before a broken later line is read."""
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(ROWS[0]) + "\n{not json\n", encoding="utf-8")
    it = read_corpus(path)
    assert next(it).article_id == "wire-001"
    with pytest.raises(BuildError, match=r"c\.jsonl:2: not a JSON object"):
        next(it)


def test_count_rows(tmp_path: Path) -> None:
    assert count_rows(write_jsonl(tmp_path / "c.jsonl", ROWS)) == 3
    assert count_rows(write_parquet(tmp_path / "c.parquet", ROWS)) == 3
    assert count_rows(write_csv(tmp_path / "c.csv", ROWS)) is None  # would need a full parse


def _jsonl_lines(*lines: str) -> bytes:
    return "".join(line + "\n" for line in lines).encode("utf-8")


GOOD = json.dumps(ROWS[0])
BAD_CORPORA = [
    ("duplicate-id", "c.jsonl", _jsonl_lines(GOOD, json.dumps(ROWS[1]), GOOD), r"c\.jsonl:3: duplicate id 'wire-001'"),
    ("missing-text", "c.jsonl", _jsonl_lines(GOOD, json.dumps({**ROWS[1], "text": ""})), r"c\.jsonl:2: missing or empty required field 'text'"),
    ("missing-id-key", "c.jsonl", _jsonl_lines(json.dumps({k: v for k, v in ROWS[0].items() if k != "id"})), r"c\.jsonl:1: missing or empty required field 'id'"),
    ("bad-date", "c.jsonl", _jsonl_lines(json.dumps({**ROWS[0], "published": "10/04/2021"})), r"c\.jsonl:1: published '10/04/2021' is not a date"),
    ("future-date", "c.jsonl", _jsonl_lines(json.dumps({**ROWS[0], "published": "2999-01-01"})), r"c\.jsonl:1: published '2999-01-01' is in the future"),
    ("not-json", "c.jsonl", _jsonl_lines(GOOD, "", "{oops"), r"c\.jsonl:3: not a JSON object"),
    ("json-array", "c.jsonl", _jsonl_lines("[1, 2]"), r"c\.jsonl:1: each line must be a JSON object, not list"),
    ("title-not-text", "c.jsonl", _jsonl_lines(json.dumps({**ROWS[0], "title": ["a"]})), r"c\.jsonl:1: field 'title' must be text, not list"),
    ("bad-utf8", "c.jsonl", GOOD.encode() + b"\n" + GOOD.replace("wire-001", "wire-\xff").encode("latin-1") + b"\n", r"c\.jsonl:2: not valid UTF-8"),
    ("surrogate", "c.jsonl", _jsonl_lines(GOOD.replace("ShopCo said", "ShopCo \\ud800 said")), r"c\.jsonl:1: text of 'wire-001' holds an unpaired surrogate"),
    ("id-with-newline", "c.jsonl", _jsonl_lines(json.dumps({**ROWS[0], "id": "a\nb"})), r"c\.jsonl:1: id 'a\\nb' has control characters"),
    ("empty-corpus", "c.jsonl", b"\n\n", r"c\.jsonl: corpus holds no articles"),
    ("csv-missing-column", "c.csv", b"id,title,text\n1,t,x\n", r"c\.csv: corpus lacks required column\(s\) published"),
    ("csv-extra-field", "c.csv", b"id,title,published,text\n1,t,2020-01-01,x,extra\n", r"c\.csv:2: row has more fields than the header"),
    ("csv-empty-title", "c.csv", b"id,title,published,text\n1,,2020-01-01,x\n", r"c\.csv:2: missing or empty required field 'title'"),
    ("parquet-garbage", "c.parquet", b"PAR1 this is not parquet", r"c\.parquet: not a readable Parquet file"),
    ("unknown-suffix", "c.xml", b"<xml/>", r"c\.xml: unknown corpus format"),
]


@pytest.mark.parametrize(("case", "name", "data", "pattern"), BAD_CORPORA, ids=[c[0] for c in BAD_CORPORA])
def test_bad_corpus_is_refused_and_the_release_is_intact(tmp_path: Path, fake_extractor, case: str, name: str, data: bytes, pattern: str) -> None:
    out = tmp_path / "out"
    good = write_jsonl(tmp_path / "good.jsonl", ROWS)
    first = runner.invoke(app, ["build", "--corpus", str(good), "--out", str(out), "--version", "0.1.0-dev", "--jobs", "1"])
    assert first.exit_code == 0, first.output
    before = snapshot(out)
    bad = tmp_path / name
    bad.write_bytes(data)
    res = runner.invoke(app, ["build", "--corpus", str(bad), "--out", str(out), "--version", "0.1.0-dev", "--jobs", "1"])
    assert res.exit_code == 1, res.output
    errors = [line for line in res.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and re.search(pattern, errors[0]), res.stderr
    assert "Traceback" not in res.output
    assert snapshot(out) == before


def test_corpus_and_manifest_together_are_refused(tmp_path: Path) -> None:
    res = runner.invoke(app, ["build", "--corpus", str(tmp_path / "c.jsonl"), "--manifest", str(tmp_path / "m.csv")])
    assert res.exit_code == 2 and "give --corpus or --manifest, not both" in res.stderr


def test_a_corpus_build_records_its_input_and_ids(tmp_path: Path, fake_extractor) -> None:
    corpus = write_csv(tmp_path / "news.csv", ROWS)
    res = runner.invoke(app, ["build", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--version", "0.1.0-dev", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    release = tmp_path / "out" / "0.1.0-dev"
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]["corpus"]["file"] == "news.csv" and manifest["inputs"]["corpus"]["rows"] == 3
    arts = pd.read_csv(release / "articles.csv", dtype=str)
    assert list(arts["article_id"]) == ["wire-001", "wire-002", "17"]  # file order
    assert set(arts["file"]) == {"news.csv"}
    mentions = pd.read_csv(release / "mentions.csv", dtype=str)
    assert set(mentions["article_id"]) <= set(arts["article_id"])



