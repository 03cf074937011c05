"""Property tests: invariants that hold for any input, checked on random ones (Hypothesis).

- the date engine, sentence splitter, amounts, gazetteer matchers and the whole
  extractor never raise on arbitrary Unicode text, and every span they return lies
  inside the text and is the text at those offsets;
- rows the schemas accept survive a CSV and a Parquet round trip unchanged (after the
  CSV's spreadsheet-safety apostrophe);
- builds are deterministic: a random small corpus built twice, into folders with
  different names, gives byte-identical releases.

The strategies and checks are shared with the longer fuzz run (`make fuzz`,
tests/fuzz/run.py), which tries many more inputs. Component-level properties with
their own strategies also live in tests/test_dates.py, test_amounts.py, test_sentences.py.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import export, pipeline
from builder.corpus import Article
from builder.dates import resolve_dates
from builder.extract import extract_article
from builder.extract.amounts import find_amounts
from builder.extract.sentences import split_clauses, split_sentences
from builder.gazetteer import Gazetteer
from schemas import TABLES
from schemas.tables import column_sql_type
from tests.conftest import write_corpus

# --- strategies ----------------------------------------------------------------------

# Pieces of news text that exercise the rules: dates, money, authorities, triggers,
# firms, punctuation, line breaks, and characters that are awkward for regexes.
TOKENS = [
    "On", "Monday", "last week", "earlier this month", "on 12 March 2021", "March 3", "2020", "Q3", "in early November",
    "within 45 days", "since 2019", "the 1990s", "yesterday", "Tuesday's", "Sept.", "3/4/2021", "2021-07-20",
    "fined", "was fined", "banned", "ordered", "opened a probe into", "sued", "ruled", "will fine", "could ban",
    "18.2 billion yuan", "$2.8 billion", "€1.49 bn", "Rs 1,337.76 crore", "500,000 yuan per incident", "£", "¥", "%",
    "China's State Administration for Market Regulation", "SAMR", "the European Commission", "the FTC", "the SEC",
    "India's Ministry of Electronics and IT", "the CCI", "Beijing", "regulators", "the court", "a judge",
    "Alibaba", "Ant Group", "TikTok", "ByteDance", "Tencent", "Didi", "Apple", "Google", "Meta", "U.S.", "Inc.", "Ltd",
    ".", ",", ";", ":", "—", "–", "(", ")", "“", "”", "‘", "’", '"', "'", "…", "?", "!", "#tag", "@user", "=",
    "\n", "\n\n", "\r\n", "\t", " ", "\u00a0", "\u2028", "\u200b", "\ufeff", "\u0301", "İ", "ß", "ﬁ", "٣", "１２", "𝟘",
]
news_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=60).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=80).map("".join),
)
anchors = st.dates(min_value=dt.date(1901, 3, 1), max_value=dt.date(2098, 10, 1))


def article_of(text: str, published: dt.date = dt.date(2021, 7, 20), title: str = "A title") -> Article:
    return Article(
        article_id="fuzz#1", file="fuzz.txt", position=1, title=title, published=published,
        publisher="", url="", author="", date_confidence="", file_sha256="0" * 64, text_sha256="1" * 64,
        line_start=1, line_end=text.count("\n") + 1, text=text, title_in_text=False,
    )


# --- checks (shared with tests/fuzz/run.py) ------------------------------------------


def _span(text: str, start: int, end: int, shown: str | None = None, *, empty_ok: bool = False) -> None:
    assert 0 <= start <= end <= len(text), (start, end, len(text))
    assert empty_ok or start < end, (start, end)
    if shown is not None:
        assert text[start:end] == shown, (text[start:end], shown)


def check_dates(text: str, anchor: dt.date) -> None:
    for e in resolve_dates(text, anchor):
        _span(text, e.start, e.end, e.text)
        if e.kind == "point":
            assert e.date is not None and e.date_end is not None and e.date <= e.date_end


def check_sentences(text: str) -> None:
    last = 0
    for s in split_sentences(text):
        _span(text, s.start, s.end, s.text)
        assert s.start >= last
        last = s.end
        for a, b in split_clauses(s.text):
            _span(s.text, a, b)


def check_amounts(text: str) -> None:
    for a in find_amounts(text):
        _span(text, a.start, a.end, a.text)
        assert math.isfinite(a.value) and a.value >= 0 and len(a.currency) == 3


_GAZETTEER: Gazetteer | None = None


def check_gazetteer(text: str) -> None:
    global _GAZETTEER
    if _GAZETTEER is None:
        _GAZETTEER = Gazetteer.load()
    for find in (_GAZETTEER.find_authorities, _GAZETTEER.find_organisations, _GAZETTEER.find_places):
        for m in find(text):
            _span(text, m.start, m.end, m.text)


def check_extractor(text: str, published: dt.date = dt.date(2021, 7, 20)) -> None:
    for m in extract_article(article_of(text, published)):
        _span(text, m.char_start, m.char_end, m.evidence)
        for a, b in m.merged_spans:
            _span(text, a, b)
        assert m.event_date <= m.event_date_end
        assert m.event_type and m.target and m.authority


CHECKS = {
    "dates": (check_dates, st.tuples(news_text, anchors)),
    "sentences": (check_sentences, st.tuples(news_text)),
    "amounts": (check_amounts, st.tuples(news_text)),
    "gazetteer": (check_gazetteer, st.tuples(news_text)),
    "extractor": (check_extractor, st.tuples(news_text, st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))),
}
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_never_raises_and_spans_lie_inside_the_text(name: str) -> None:
    check, args = CHECKS[name]

    @FAST
    @given(args)
    def run(a: tuple) -> None:
        check(*a)

    run()


@pytest.mark.parametrize(
    "text",
    ["", "\n", "\ufeff", "fined", "fined fined fined", "\u2028" * 50, "On Monday, the SAMR fined Alibaba 18.2 billion yuan.\r\n" * 3,
     "SAMR fined " + "Alibaba, " * 200, "(" * 500 + "fined", "1" * 400 + " yuan", "Monday " * 300],
)
def test_known_awkward_texts(text: str) -> None:
    for check, _ in CHECKS.values():
        args = (text, dt.date(2021, 7, 20)) if check in (check_dates, check_extractor) else (text,)
        check(*args)


# --- round trips: rows the schemas accept survive CSV and Parquet ----------------------

cell_text = st.text(
    alphabet=st.one_of(st.sampled_from(['"', ",", "\n", "\r", "\t", "'", "=", "+", "-", "@", " ", "é", "‘", "|", "\\", "\u2028"]),
                       st.characters(blacklist_categories=("Cs", "Cc"))),
    min_size=1,
    max_size=25,
).filter(lambda s: s.strip() == s and s != "")


@st.composite
def article_rows(draw) -> list[Article]:
    """Articles with awkward metadata (the articles table is written as CSV only)."""
    out = []
    for n in range(1, draw(st.integers(1, 4)) + 1):
        out.append(
            Article(
                article_id=f"wire#{n}", file="wire.txt", position=n, title=draw(cell_text),
                published=draw(st.dates(dt.date(1900, 1, 1), dt.date(2026, 1, 1))),
                publisher=draw(st.one_of(st.just(""), cell_text)), url=draw(st.one_of(st.just(""), cell_text)),
                author=draw(st.one_of(st.just(""), cell_text)), date_confidence=draw(st.sampled_from(["", "confirmed", "inferred"])),
                file_sha256="a" * 64, text_sha256=f"{n:064x}", line_start=n, line_end=n + draw(st.integers(0, 5)),
                text="x" * draw(st.integers(1, 50)), title_in_text=True,
            )
        )
    return out


def _csv_value(raw: str, sql_type: str):
    if raw == "":
        return None
    if sql_type == "VARCHAR":
        return raw[1:] if raw.startswith("'") else raw
    if sql_type == "BIGINT":
        return int(raw)
    if sql_type == "DOUBLE":
        return float(raw)
    if sql_type == "BOOLEAN":
        return {"true": True, "false": False}[raw]
    return raw  # DATE: ISO text, as in the frames


def _frame_value(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, (dt.date, pd.Timestamp)):
        return v.isoformat()[:10]
    return v.item() if hasattr(v, "item") else v


def assert_round_trip(frames: dict[str, pd.DataFrame], rel: Path) -> None:
    """Every table's CSV (and Parquet, where written) holds exactly the validated frame's rows."""
    for name, df in frames.items():
        model = TABLES[name]
        cols = list(model.to_schema().columns)
        key = cols[0]
        expected = {r[key]: {c: _frame_value(r[c]) for c in cols} for r in df.to_dict("records")}
        with open(rel / f"{name}.csv", newline="", encoding="utf-8") as f:
            got = {r[key]: {c: _csv_value(r[c], column_sql_type(model, c)) for c in cols} for r in csv.DictReader(f)}
        assert got == expected, name
        if name in export.PARQUET_TABLES:
            pq = pd.read_parquet(rel / f"{name}.parquet")
            got = {r[key]: {c: _frame_value(r[c]) for c in cols} for r in pq.to_dict("records")}
            assert got == expected, name


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_rows())
def test_schema_valid_articles_survive_csv(arts: list[Article]) -> None:
    frames = {
        "articles": pipeline.articles_frame(arts),
        "mentions": pipeline.mentions_frame([], {}),
        "events": pipeline.events_frame([]),
    }
    frames = pipeline.validate_frames(frames, {a.article_id: a.chars for a in arts})
    with tempfile.TemporaryDirectory() as tmp:
        assert_round_trip(frames, export.write_release(frames, Path(tmp), "0.0.1-test", {}))


# Sentences the real extractor reads, to make random corpora with rows in every table.
SENTENCES = [
    "China's State Administration for Market Regulation fined Alibaba 18.2 billion yuan on {day} {month}.",
    "India's Ministry of Electronics and IT banned TikTok last week.",
    "The U.S. Securities and Exchange Commission opened a probe into Didi in {month} 2021.",
    "On Monday, the European Commission fined Google €2.4 billion.",
    "The FTC sued Meta on {day} {month} 2020, the agency said.",
    "Regulators ordered Ant Group to overhaul its business earlier this month.",
    "The court ruled against Apple, the company said on Tuesday.",
    "Nothing happened to Tencent this time.",
]
MONTHS = ["January", "March", "June", "July", "November", "December"]


@st.composite
def corpora(draw) -> tuple[dict[str, str], list[dict[str, str]]]:
    files, rows = {}, []
    for n in range(draw(st.integers(1, 3))):
        title = f"Article number {n} " + draw(st.sampled_from(["", "=SUM(A1)", "“quoted”", "ümlaut"]))
        body = [
            draw(st.sampled_from(SENTENCES)).format(day=draw(st.integers(1, 28)), month=draw(st.sampled_from(MONTHS)))
            for _ in range(draw(st.integers(1, 4)))
        ]
        files[f"a{n}.txt"] = title.strip() + "\n" + draw(st.sampled_from([" ", "\n", "\n\n"])).join(body) + "\n"
        published = draw(st.dates(dt.date(2019, 1, 1), dt.date(2022, 12, 31)))
        rows.append({"file": f"a{n}.txt", "title": title.strip(), "published": published.isoformat(), "publisher": "Wire"})
    return files, rows


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(corpora())
def test_builds_are_deterministic_and_round_trip(tmp_path: Path, corpus) -> None:
    files, rows = corpus
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        seeds, manifest = write_corpus(Path(tmp) / "seeds", files, rows)
        a = pipeline.build(seeds, manifest, Path(tmp) / "one", "0.0.1-dev").release
        b = pipeline.build(seeds, manifest, Path(tmp) / "another folder", "0.0.1-dev").release
        names = sorted(p.name for p in a.iterdir())
        assert names == sorted(p.name for p in b.iterdir())
        for name in names:
            assert (a / name).read_bytes() == (b / name).read_bytes(), name
        articles = pd.read_csv(a / "articles.csv")
        assert len(articles) == len(rows)
        frames = {
            "articles": articles.astype({"published": str}),
            "mentions": pd.read_parquet(a / "mentions.parquet"),
            "events": pd.read_parquet(a / "events.parquet"),
        }
        assert_round_trip({k: v for k, v in frames.items() if k != "articles"}, a)


# --- the long fuzz run (`make fuzz`) ----------------------------------------------------


def test_fuzz_runner_reports_inputs_and_crashes(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from tests.fuzz import run

    assert run.main(["--examples", "10", "dates", "extractor"]) == 0
    out = capsys.readouterr().out
    assert "dates" in out and "extractor" in out
    assert "total            20 inputs tried  0 crashes" in out

    def crashes(text: str) -> None:
        if "\n" in text:
            raise ValueError("a crash (simulated)")

    monkeypatch.setitem(run.CHECKS, "sentences", (crashes, st.tuples(news_text)))
    assert run.main(["--examples", "200", "sentences"]) == 1
    captured = capsys.readouterr()
    assert "1 crashes" in captured.out
    assert "a crash (simulated)" in captured.err


def test_make_fuzz_is_a_target_outside_the_default_run() -> None:
    from tests.conftest import make, make_targets

    assert "fuzz" in make_targets()
    res = make(pipeline.PROJECT_ROOT, "-n", "fuzz", "FUZZ_EXAMPLES=7")
    assert res.returncode == 0, res.stderr
    assert "-m tests.fuzz.run --examples 7" in res.stdout
