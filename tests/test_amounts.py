"""Money amounts: cases from tests/cases/amounts.csv + properties.

CSV columns: id, style, text, expected. `text`/`expected` use the escapes \\n \\uXXXX \\\\.
`expected` is empty (no amount) or items separated by " ; ", one per stated amount in
text order:  VALUE CUR [per=UNIT[*]] [conv=VALUE CUR] @SPAN
  per=UNIT   the amount's per_unit; a trailing * means per_incident is True
  conv=…     the attached conversion (value and currency)
  @SPAN      the stated amount's text (rest of the item)
"""
from __future__ import annotations

import csv
import math
import re
import time
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.extract.amounts import LEXICON_PATH, PENALTY_UNITS, Amount, find_amounts

CASES = Path(__file__).parent / "cases" / "amounts.csv"
_ESC = re.compile(r"\\(n|\\|u[0-9a-fA-F]{4})")
_ITEM = re.compile(
    r"^(?P<value>[0-9.]+) (?P<cur>[A-Z]{3})(?: per=(?P<unit>\w+)(?P<inc>\*)?)?"
    r"(?: conv=(?P<cvalue>[0-9.]+) (?P<ccur>[A-Z]{3}))? @(?P<span>.+)$",
    re.S,
)


def unescape(s: str) -> str:
    def rep(m: re.Match) -> str:
        c = m.group(1)
        return {"n": "\n", "\\": "\\"}.get(c) or chr(int(c[1:], 16))

    return _ESC.sub(rep, s)


def load() -> list[dict]:
    with CASES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_case_counts():
    rows = load()
    assert len(rows) >= 80
    assert sum(1 for r in rows if not r["expected"].strip()) >= 20


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12)


def _failure(row: dict) -> str | None:
    text = unescape(row["text"])
    got = find_amounts(text)
    _check(text, got)
    items = [i for i in unescape(row["expected"]).split(" ; ") if i.strip()]
    shown = [(a.text, a.value, a.currency, a.per_unit, a.per_incident,
              a.converted and (a.converted.value, a.converted.currency)) for a in got]
    if len(got) != len(items):
        return f"{row['id']}: got {shown!r}, expected {items!r}"
    for a, item in zip(got, items):
        m = _ITEM.match(item)
        assert m, f"{row['id']}: bad expected item {item!r}"
        ok = (
            a.text == m["span"]
            and _close(a.value, float(m["value"]))
            and a.currency == m["cur"]
            and a.per_unit == m["unit"]
            and a.per_incident == bool(m["inc"])
        )
        if m["cvalue"]:
            ok = ok and a.converted is not None and _close(a.converted.value, float(m["cvalue"]))
            ok = ok and a.converted.currency == m["ccur"]
        else:
            ok = ok and a.converted is None
        if not ok:
            return f"{row['id']}: got {shown!r}, expected {items!r}"
    return None


def test_amount_cases():
    # one test for all rows (pytest's per-test overhead would dominate); every failing row is listed
    failures = [f for f in map(_failure, load()) if f]
    assert not failures, "\n".join(failures)


def _check(text: str, amounts: list[Amount]) -> None:
    last = 0
    for a in amounts:
        assert 0 <= a.start < a.end <= len(text) and a.start >= last
        assert text[a.start : a.end] == a.text
        assert math.isfinite(a.value) and a.value >= 0
        assert len(a.currency) == 3 and a.currency.isupper()
        assert a.per_incident == (a.per_unit in PENALTY_UNITS)
        last = a.end
        c = a.converted
        if c is not None:
            assert a.end <= c.start < c.end <= len(text)
            assert text[c.start : c.end] == c.text
            assert c.currency != a.currency and c.converted is None
            last = c.end


def test_lexicon_sorted_and_complete():
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    codes = [c["code"] for c in data["currencies"]]
    assert codes == sorted(codes) and len(codes) == len(set(codes))
    for c in data["currencies"]:
        assert re.fullmatch(r"[A-Z]{3}", c["code"]) and c.get("name")
    for amb in data["ambiguous"]:
        assert amb["default"] in codes and set(amb["cues"]) <= set(codes)
    for required in "CNY USD EUR GBP INR KRW JPY AUD CAD BRL RUB TRY HKD SGD CHF SEK NOK DKK PLN ZAR NGN IDR VND TWD MXN".split():
        assert required in codes


_FRAGMENTS = [
    "$", "US$", "C $", "€", "£", "¥", "₹", "Rs.", "Rs", "RMB", "EUR", "kr", "R", "A $", " ", "\u00a0", "(", ")",
    "1", "18.2", "1,337.76", "500,000", "1 490 000", "billion", "million", "bn", "m", "crore", "lakh", "yuan",
    "won", "euros", "dollars", "Hong Kong dollars", "per incident", "a day", "apiece", ", or", "about", "%",
    "five", "half a", "-", "to", "pounds of", "2020", "…", "\u200b",
]
_texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=5), max_size=40).map("".join),
)


@settings(max_examples=80, deadline=None)
@given(_texts)
def test_property_amounts(text):
    _check(text, find_amounts(text))


def test_100kb_is_fast():
    para = (
        "China’s State Administration for Market Regulation levied a fine of 18.2 billion yuan ($2.8 billion) "
        "against Alibaba, 500,000 yuan per incident, while 5,000 engineers in 2020 saw a 20% rise; "
        "the CCI imposed Rs 1,337.76 crore and the EU €1.49 billion.\n\n"
    )
    text = (para * (100_000 // len(para) + 1))[:100_000]
    t0 = time.perf_counter()
    got = find_amounts(text)
    took = time.perf_counter() - t0
    assert len(got) > 1000
    assert took < 0.5, took
