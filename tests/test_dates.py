"""Tests for builder.dates: the case table tests/cases/dates.csv, plus properties.

The case table is the specification by example; its header comment defines the
columns. Every row names its anchor. A row is one case: the engine's full output
for the text (span text, date, date_end, precision, basis; or the duration) must
equal the `expected` column exactly, so an extra expression fails a case just as
a missing one does. Rows with an `xfail` reason are known misses, run as
strict xfail (they must keep failing until fixed, then the reason is removed).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from builder.dates import (  # noqa: E402
    PRECISIONS,
    TemporalExpression,
    expression_to_dict,
    resolve_dates,
    resolve_jsonl,
)
from schemas.tables import period_end  # noqa: E402

CASES = ROOT / "tests" / "cases" / "dates.csv"


def load_cases(path: Path = CASES) -> list[dict]:
    """Rows of the case table (comment lines starting with '#' skipped)."""
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines))




def parse_expected(field: str) -> list[tuple]:
    """'July 2 = 2021-07-02 day inferred | within 45 days = +45d' -> tuples."""
    out = []
    if not field.strip():
        return out
    for item in field.split(" | "):
        span, _, value = item.rpartition(" = ")
        value = value.strip()
        if value.startswith("+"):
            n, unit = int(value[1:-1]), value[-1]
            out.append((span, "duration", n if unit == "d" else None,
                        n if unit == "m" else None))
            continue
        dates, precision, basis = value.split()
        if ".." in dates:
            d0, d1 = (dt.date.fromisoformat(x) for x in dates.split(".."))
        else:
            d0 = dt.date.fromisoformat(dates)
            d1 = period_end(d0, precision)
        out.append((span, d0, d1, precision, basis))
    return out


def as_tuples(exprs: list[TemporalExpression]) -> list[tuple]:
    out = []
    for e in exprs:
        if e.kind == "duration":
            out.append((e.text, "duration", e.duration_days, e.duration_months))
        else:
            out.append((e.text, e.date, e.date_end, e.precision, e.basis))
    return out


ROWS = load_cases()


def _param(row: dict):
    marks = []
    if row["xfail"].strip():
        marks.append(pytest.mark.xfail(strict=True, reason=row["xfail"].strip()))
    return pytest.param(row, id=row["id"], marks=marks)


@pytest.mark.parametrize("row", [_param(r) for r in ROWS])
def test_case(row):
    anchor = dt.date.fromisoformat(row["anchor"])
    got = as_tuples(resolve_dates(row["text"], anchor))
    assert got == parse_expected(row["expected"]), row["text"]


# ---------------------------------------------------------------- the table itself

def test_case_table_shape():
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    assert len(ROWS) >= 250
    negatives = [r for r in ROWS if not r["expected"].strip()]
    assert len(negatives) >= 60
    for r in ROWS:
        dt.date.fromisoformat(r["anchor"])  # every case names its anchor
        for item in parse_expected(r["expected"]):
            assert item[0] in r["text"], (r["id"], item[0])


# ---------------------------------------------------------------- contract

def test_spans_and_order_on_seed_articles():
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        exprs = resolve_dates(text, dt.date(2021, 7, 20))
        last_end = 0
        for e in exprs:
            assert text[e.start:e.end] == e.text
            assert e.start >= last_end, "overlap or out of order"
            last_end = e.end
            if e.kind == "point":
                assert e.precision in PRECISIONS and e.date <= e.date_end
                assert e.basis in ("stated", "inferred")


def test_deterministic_anchor_not_now():
    text = "The fine was imposed yesterday, and the rules apply next week."
    a = resolve_dates(text, dt.date(2020, 1, 15))
    b = resolve_dates(text, dt.date(2020, 1, 15))
    assert a == b
    assert a[0].date == dt.date(2020, 1, 14)


def test_datetime_anchor_accepted():
    e = resolve_dates("It happened yesterday.", dt.datetime(2021, 7, 20, 23, 59))
    assert e[0].date == dt.date(2021, 7, 19)


def test_expression_to_dict_point_and_duration():
    exprs = resolve_dates("On July 2 it was told to comply within 45 days.",
                          dt.date(2021, 7, 20))
    point, duration = (expression_to_dict(e) for e in exprs)
    assert point == {"start": 3, "end": 9, "text": "July 2", "date": "2021-07-02",
                     "date_end": "2021-07-02", "precision": "day", "basis": "inferred"}
    assert duration["kind"] == "duration" and duration["duration_days"] == 45
    assert duration["date"] is None and duration["duration_months"] is None


def test_resolve_jsonl():
    lines = [
        json.dumps({"id": "a", "anchor": "2021-07-20", "text": "Fined last week."}),
        "",
        json.dumps({"id": "b", "anchor": "2020-08-07", "text": "No date here."}),
    ]
    out = [json.loads(x) for x in resolve_jsonl(lines)]
    assert [o["id"] for o in out] == ["a", "b"]
    assert out[0]["expressions"][0]["date"] == "2021-07-12"
    assert out[0]["expressions"][0]["precision"] == "week"
    assert out[1]["expressions"] == []


def test_narrative_chaining_across_sentences_of_one_article():
    text = ("The agency opened a probe on July 2.\n\nAnalysts were surprised.\n\n"
            "Two days later, it ordered the app removed. The next day, shares fell.")
    exprs = resolve_dates(text, dt.date(2021, 7, 20))
    assert [e.date for e in exprs] == [dt.date(2021, 7, 2), dt.date(2021, 7, 4),
                                       dt.date(2021, 7, 5)]


# ---------------------------------------------------------------- properties

_news_alphabet = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:-–'’\"()$%/\n")
    + ["May ", "March ", "Might ", "Sept. ", "Monday ", "last ", "week ", "year ",
       "2020 ", "the end of ", "Q1 ", "H2 ", "within ", "days ", "ago ", "later ",
       "the next day ", "in ", "on ", "30 ", "15th ", "'90s ", "FY21 ", "mid-",
       "early ", "quarter ", "half ", "of ", "2021-02-29 ", "Feb. 29 ", "9999 "]
)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=200),
                      st.lists(_news_alphabet, max_size=60).map("".join)),
       anchor=st.dates(min_value=dt.date(1901, 3, 1), max_value=dt.date(2098, 10, 1)))
def test_never_raises_and_spans_are_sound(text, anchor):
    exprs = resolve_dates(text, anchor)
    last_end = 0
    for e in exprs:
        assert 0 <= e.start < e.end <= len(text)
        assert text[e.start:e.end] == e.text
        assert e.start >= last_end
        last_end = e.end
        if e.kind == "point":
            assert e.date is not None and e.date <= e.date_end
            assert e.precision in PRECISIONS
        else:
            assert e.date is None and (e.duration_days or e.duration_months)
