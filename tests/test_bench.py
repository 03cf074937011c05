"""The scale benchmark's tools: the synthetic corpus generator and the naive peer."""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import synth_corpus as sc  # noqa: E402

N = 60


@pytest.fixture(scope="module")
def articles() -> list[tuple[dict, list[dict]]]:
    return list(sc.generate_with_gold(N, seed=7))


def test_same_seed_same_rows_and_prefix_stable(articles):
    again = list(sc.generate(N, seed=7))
    assert again == [row for row, _ in articles]
    # the first k articles of a bigger corpus are the smaller corpus
    assert list(sc.generate(10, seed=7)) == again[:10]


def test_different_seed_different_rows(articles):
    other = list(sc.generate(N, seed=8))
    assert [r["id"] for r in other] == [r["id"] for r, _ in articles]
    differing = sum(a["text"] != b["text"] for a, (b, _) in zip(other, articles))
    assert differing == N


def test_row_fields_and_types(articles):
    ids = [row["id"] for row, _ in articles]
    assert ids == [f"synth-{i:06d}" for i in range(1, N + 1)]
    for row, _ in articles:
        assert set(row) == set(sc.ROW_COLUMNS)
        assert all(isinstance(row[c], str) and row[c] for c in sc.ROW_COLUMNS)
        published = dt.date.fromisoformat(row["published"])
        assert sc.FIRST_PUBLISHED <= published <= sc.LAST_PUBLISHED
        assert row["url"].startswith("https://")
        assert "{" not in row["text"] and "}" not in row["text"], row["text"]
        assert 800 < len(row["text"].encode()) < 8000
        sentences = [s for p in row["text"].split("\n\n") for s in p.split(". ")]
        assert len(sentences) >= 8


def test_gold_rows_are_planted_sentences(articles):
    types = {"fine", "ban", "probe", "order", "rule", "deadline", "lawsuit", "ruling"}
    n_gold = 0
    for row, gold in articles:
        for g in gold:
            n_gold += 1
            assert g["article_id"] == row["id"]
            assert g["event_type"] in types
            assert g["target"] and g["authority"]
            assert g["evidence"] in row["text"]  # the evidence is verbatim in its article
            day = dt.date.fromisoformat(g["event_date"])
            assert g["date_precision"] in {"day", "week", "month", "year"}
            assert g["date_basis"] in {"stated", "inferred", "reported"}
            published = dt.date.fromisoformat(row["published"])
            if g["date_basis"] == "reported":
                assert day == published
            if g["event_type"] != "deadline":
                assert day <= published  # planted actions are in the past
            if g["amount"]:
                assert float(g["amount"]) > 0 and len(g["currency"]) == 3
        keys = [(g["event_type"], g["target"].split("|")[0]) for g in gold]
        assert len(keys) == len(set(keys))  # one row per (type, target) in an article
    assert n_gold > N  # on average more than one event per article


def test_resolve_day_follows_the_guidelines():
    anchor = dt.date(2021, 9, 18)
    # nearest the anchor: September 17 in a deadline sentence is the day before, not next year
    assert sc.resolve_day(9, 17, anchor, future=True) == dt.date(2021, 9, 17)
    # both candidates more than two months away: the direction decides
    assert sc.resolve_day(4, 10, dt.date(2021, 10, 5), future=False) == dt.date(2021, 4, 10)
    assert sc.resolve_day(4, 10, dt.date(2021, 10, 5), future=True) == dt.date(2022, 4, 10)
    assert sc.resolve_month(12, dt.date(2021, 1, 20), future=False) == dt.date(2020, 12, 1)


def test_write_corpus_formats_and_gold(tmp_path):
    stats = sc.write_corpus(tmp_path / "c.jsonl", 12, seed=3, gold_path=tmp_path / "g.csv")
    assert stats["articles"] == 12 and stats["mean_text_bytes"] > 1000
    rows = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows == list(sc.generate(12, seed=3))
    with open(tmp_path / "g.csv", newline="", encoding="utf-8") as f:
        gold = list(csv.DictReader(f))
    assert len(gold) == stats["gold_rows"] and {g["article_id"] for g in gold} <= {r["id"] for r in rows}
    # byte-identical on a second run; CSV and Parquet read back the same rows
    first = (tmp_path / "c.jsonl").read_bytes()
    sc.write_corpus(tmp_path / "c.jsonl", 12, seed=3)
    assert (tmp_path / "c.jsonl").read_bytes() == first
    sc.write_corpus(tmp_path / "c.csv", 12, seed=3)
    assert list(sc.read_corpus(tmp_path / "c.csv")) == rows
    pytest.importorskip("pyarrow")
    sc.write_corpus(tmp_path / "c.parquet", 12, seed=3)
    assert list(sc.read_corpus(tmp_path / "c.parquet")) == rows


def test_change_fraction_changes_exactly_that_many(tmp_path):
    n = 200
    base = list(sc.generate(n, seed=5))
    changed = list(sc.change_rows(iter(base), n, 0.01, seed=9))
    assert [r["id"] for r in changed] == [r["id"] for r in base]
    diff = [(a, b) for a, b in zip(base, changed) if a != b]
    assert len(diff) == round(0.01 * n) == 2
    for a, b in diff:
        assert b["text"].startswith(a["text"]) and len(b["text"]) > len(a["text"])
        assert {k: v for k, v in a.items() if k != "text"} == {k: v for k, v in b.items() if k != "text"}
    assert list(sc.change_rows(iter(base), n, 0.01, seed=9)) == changed
    assert sum(a != b for a, b in zip(base, sc.change_rows(iter(base), n, 0.05, seed=9))) == 10
    # the command line, from a file
    src = tmp_path / "c.jsonl"
    sc.write_rows(base, src)
    assert sc.main(["--from", str(src), "--change-fraction", "0.02", "--change-seed", "9", "--out", str(tmp_path / "d.jsonl")]) == 0
    out = list(sc.read_corpus(tmp_path / "d.jsonl"))
    assert sum(a != b for a, b in zip(base, out)) == 4


def test_peer_runs_and_scores(tmp_path, articles):
    pytest.importorskip("dateparser")
    import peer

    corpus = tmp_path / "c.jsonl"
    sc.write_rows((row for row, _ in articles[:5]), corpus)
    res = peer.run_peer(corpus, out_path=tmp_path / "peer.csv")
    assert res["articles"] == 5 and res["seconds"] > 0
    rows = res["rows"]
    assert rows and {r["article_id"] for r in rows} <= {row["id"] for row, _ in articles[:5]}
    assert all(r["event_type"] in {"fine", "ban", "probe", "order", "rule", "deadline", "lawsuit", "ruling"} for r in rows)
    for r in rows:
        dt.date.fromisoformat(r["event_date"])
    gold = [g for _, gs in articles[:5] for g in gs]
    s = peer.score_keyed(gold, rows)
    assert s["gold"] == len(gold) and s["pred"] == len(rows) and s["hit"] + s["wrong"] == len(rows)
    assert peer.score_keyed(gold, gold)["recall"] == 1.0  # gold against itself


def test_peer_trigger_types():
    import peer

    assert peer.trigger_type("The regulator fined Google $5bn.") == "fine"
    assert peer.trigger_type("The court ruled that Apple had abused its dominance.") == "ruling"
    assert peer.trigger_type("New rules take effect in May.") == "rule"
    assert peer.trigger_type("India banned TikTok.") == "ban"
    assert peer.trigger_type("Shares rose 5% on Tuesday.") is None
