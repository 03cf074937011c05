"""Hand corrections kept as data (builder/corrections.py): each action, stale rows, strict mode,
the curated flag, and corrections surviving a rebuild. Built on the mini corpus with the
stand-in extractor, so the IDs do not depend on the real extractor."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from builder.cli import app
from builder.corpus import load_articles
from builder.corrections import COLUMNS, StaleCorrection, load_corrections
from builder.errors import BuildError
from builder.pipeline import PROJECT_ROOT, build
from tests.conftest import build_mini


def write_corrections(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows([{k: r.get(k, "") for k in COLUMNS} for r in rows])
    return path


def read(release: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(release / f"{table}.parquet")


@pytest.fixture
def baseline(mini: Path, tmp_path: Path, fake_extractor) -> Path:
    """The mini corpus built without corrections."""
    return build_mini(mini, tmp_path / "plain").release


def build_with(mini: Path, out: Path, rows: list[dict[str, str]], strict: bool = False) -> Path:
    path = write_corrections(mini / "corrections.csv", rows)
    return build(mini, mini / "manifest.csv", out, "0.1.0-dev", path, strict).release


def mention_id(release: Path, article_id: str, event_type: str) -> str:
    m = read(release, "mentions")
    return m[(m.article_id == article_id) & (m.event_type == event_type)].mention_id.item()


def test_shipped_corrections_file_loads() -> None:
    rows = load_corrections(PROJECT_ROOT / "seeds" / "corrections.csv")
    assert all(r.reason for r in rows)


def test_uncorrected_rows_are_not_curated(baseline: Path) -> None:
    for table in ("mentions", "events"):
        df = read(baseline, table)
        assert not df.curated.any() and df.correction.isna().all()


def test_reject_mention(mini: Path, tmp_path: Path, baseline: Path) -> None:
    mid = mention_id(baseline, "roundup#3", "order")
    rel = build_with(mini, tmp_path / "out", [{"correction_id": "c1", "action": "reject", "target_id": mid, "reason": "not an action"}])
    m, e = read(rel, "mentions"), read(rel, "events")
    assert mid not in set(m.mention_id)
    assert len(m) == len(read(baseline, "mentions")) - 1
    assert "order" not in set(e.event_type)


def test_reject_event_drops_its_mentions_and_keeps_other_ids(mini: Path, tmp_path: Path, baseline: Path) -> None:
    base_e = read(baseline, "events")
    eid = base_e[base_e.event_type == "ban"].event_id.item()
    rel = build_with(mini, tmp_path / "out", [{"correction_id": "c1", "action": "reject", "target_id": eid, "reason": "wrong"}])
    e, m = read(rel, "events"), read(rel, "mentions")
    assert set(e.event_id) == set(base_e.event_id) - {eid}
    assert eid not in set(m.event_id) and "ban" not in set(m.event_type)


def test_set_fields_re_merges_the_mention(mini: Path, tmp_path: Path, baseline: Path) -> None:
    mid = mention_id(baseline, "roundup#1", "fine")
    rows = [
        {"correction_id": "c1", "action": "set", "target_id": mid, "field": "event_date", "value": "2021-07-01", "reason": "the text says July"},
        {"correction_id": "c2", "action": "set", "target_id": mid, "field": "date_precision", "value": "month", "reason": "the text says July"},
        {"correction_id": "c3", "action": "set", "target_id": mid, "field": "authority", "value": "State Administration for Market Regulation", "reason": "named in the next sentence"},
    ]
    rel = build_with(mini, tmp_path / "out", rows)
    m = read(rel, "mentions").set_index("mention_id")
    row = m.loc[mid]
    assert str(row.event_date) == "2021-07-01" and str(row.event_date_end) == "2021-07-31" and row.date_precision == "month"
    assert row.authority == "State Administration for Market Regulation"
    assert bool(row.curated) and row.correction == "c1: the text says July; c2: the text says July; c3: named in the next sentence"
    assert not m.drop(index=mid).curated.any()
    ev = read(rel, "events").set_index("event_id").loc[row.event_id]
    assert ev.date_precision == "month" and bool(ev.curated) and "c3: named in the next sentence" in ev.correction


def test_add_a_missed_event(mini: Path, tmp_path: Path, baseline: Path) -> None:
    sentence = "The State Administration for Market Regulation said the penalty was final."
    rows = [
        {
            "correction_id": "c1", "action": "add", "article_id": "roundup#1", "evidence": sentence,
            "value": "event_type=ruling;authority=State Administration for Market Regulation;jurisdiction=CN;target=Acme Corp;"
                     "event_date=2021-07-19;date_precision=day;date_basis=inferred;date_text=Monday",
            "reason": "the penalty was made final: a ruling the extractor missed",
        },
        {"correction_id": "c2", "action": "set", "target_id": "c1", "field": "target", "value": "Acme", "reason": "same name as the fine"},
    ]
    rel = build_with(mini, tmp_path / "out", rows)
    m = read(rel, "mentions")
    added = m[m.event_type == "ruling"].iloc[0]
    text = next(a for a in load_articles(mini, mini / "manifest.csv") if a.article_id == "roundup#1").text
    assert text[added.char_start:added.char_end] == sentence == added.evidence
    assert added.trigger == "correction" and bool(added.curated) and added.target == "Acme"
    assert added.correction.startswith("c1: the penalty")
    assert len(read(rel, "events")) == len(read(baseline, "events")) + 1


def test_add_with_evidence_not_in_the_article_is_stale(mini: Path, tmp_path: Path, fake_extractor) -> None:
    rows = [{
        "correction_id": "c7", "action": "add", "article_id": "roundup#1", "evidence": "A sentence nobody wrote.",
        "value": "event_type=fine;authority=X;target=Y;event_date=2021-07-19;date_precision=day;date_basis=stated", "reason": "r",
    }]
    with pytest.warns(UserWarning, match=r"corrections.csv:2 \(c7\).*verbatim"):
        build_with(mini, tmp_path / "out", rows)


def test_stale_correction_warns_and_fails_in_strict_mode(mini: Path, tmp_path: Path, fake_extractor) -> None:
    rows = [{"correction_id": "c9", "action": "reject", "target_id": "m_0000000000000000", "reason": "gone"}]
    with pytest.warns(UserWarning, match=r"stale correction corrections.csv:2 \(c9\): mention m_0000000000000000"):
        build_with(mini, tmp_path / "out", rows)
    with pytest.raises(StaleCorrection, match="c9"):
        build_with(mini, tmp_path / "strict", rows, strict=True)
    assert not (tmp_path / "strict" / "0.1.0-dev").exists()
    res = CliRunner().invoke(app, ["build", "--seeds", str(mini), "--out", str(tmp_path / "cli"), "--strict"])
    assert res.exit_code == 1 and "c9" in res.output
    res = CliRunner().invoke(app, ["build", "--seeds", str(mini), "--out", str(tmp_path / "cli"), "--corrections", str(mini / "corrections.csv")])
    assert res.exit_code == 0 and "warning: stale correction" in res.output


def test_corrections_survive_a_rebuild(mini: Path, tmp_path: Path, baseline: Path) -> None:
    mid = mention_id(baseline, "roundup#2", "probe")
    rows = [{"correction_id": "c1", "action": "set", "target_id": mid, "field": "event_type", "value": "order", "reason": "an order"}]
    first = build_with(mini, tmp_path / "a", rows)
    second = build_with(mini, tmp_path / "b", rows)
    assert (first / "SHA256SUMS").read_bytes() == (second / "SHA256SUMS").read_bytes()
    m = read(second, "mentions").set_index("mention_id")
    assert m.loc[mid].event_type == "order" and bool(m.loc[mid].curated)


@pytest.mark.parametrize(
    "row, message",
    [
        ({"correction_id": "c1", "action": "drop", "target_id": "m_0000000000000000", "reason": "r"}, "action 'drop'"),
        ({"correction_id": "c1", "action": "reject", "target_id": "m_0000000000000000"}, "reason is empty"),
        ({"correction_id": "c1", "action": "set", "target_id": "m_0000000000000000", "field": "evidence", "value": "x", "reason": "r"}, "cannot be set"),
        ({"correction_id": "c1", "action": "set", "target_id": "m_0000000000000000", "field": "event_date", "value": "July", "reason": "r"}, "not YYYY-MM-DD"),
        ({"correction_id": "c1", "action": "add", "article_id": "a#1", "evidence": "e", "value": "event_type=fine", "reason": "r"}, "lacks authority"),
    ],
)
def test_malformed_rows_are_errors(tmp_path: Path, row: dict[str, str], message: str) -> None:
    path = write_corrections(tmp_path / "corrections.csv", [row])
    with pytest.raises(BuildError, match=message):
        load_corrections(path)
