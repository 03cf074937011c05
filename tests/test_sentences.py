"""Sentence and clause splitting: cases from tests/cases/sentences.csv + properties.

CSV columns: id, style, mode ("sentences" | "clauses"), text, expected, paragraphs.
`text` and `expected` use the escapes \\n \\r \\t \\uXXXX \\\\. For mode "sentences",
`expected` is "kind: text || kind: text …"; for "clauses", "text || text …".
`paragraphs` (optional) lists the expected paragraph index of each sentence.
"""
from __future__ import annotations

import csv
import re
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from builder.extract.sentences import Sentence, split_clauses, split_sentences

CASES = Path(__file__).parent / "cases" / "sentences.csv"
_ESC = re.compile(r"\\(n|r|t|\\|u[0-9a-fA-F]{4})")


def unescape(s: str) -> str:
    def rep(m: re.Match) -> str:
        c = m.group(1)
        return {"n": "\n", "r": "\r", "t": "\t", "\\": "\\"}.get(c) or chr(int(c[1:], 16))

    return _ESC.sub(rep, s)


def load(mode: str) -> list[dict]:
    with CASES.open(encoding="utf-8", newline="") as f:
        return [r for r in csv.DictReader(f) if r["mode"] == mode]


def test_case_counts():
    assert len(load("sentences")) >= 40
    assert len(load("clauses")) >= 10


def _sentence_failure(row: dict) -> str | None:
    text = unescape(row["text"])
    got = split_sentences(text)
    _check_spans(text, got)
    expected = []
    if row["expected"].strip():
        for item in row["expected"].split(" || "):
            kind, _, t = item.partition(": ")
            expected.append((kind, unescape(t)))
    if [(s.kind, s.text) for s in got] != expected:
        return f"{row['id']}: got {[(s.kind, s.text) for s in got]!r}\n   expected {expected!r}"
    if row["paragraphs"].strip():
        want = [int(p) for p in row["paragraphs"].split()]
        if [s.paragraph for s in got] != want:
            return f"{row['id']}: paragraphs {[s.paragraph for s in got]} != {want}"
    return None


def test_sentence_cases():
    # one test for all rows (pytest's per-test overhead would dominate); every failing row is listed
    failures = [f for f in map(_sentence_failure, load("sentences")) if f]
    assert not failures, "\n".join(failures)


def test_clause_cases():
    failures = []
    for row in load("clauses"):
        text = unescape(row["text"])
        expected = [unescape(t) for t in row["expected"].split(" || ")] if row["expected"].strip() else []
        got = [text[a:b] for a, b in split_clauses(text)]
        if got != expected:
            failures.append(f"{row['id']}: got {got!r}\n   expected {expected!r}")
    assert not failures, "\n".join(failures)


def _check_spans(text: str, sents: list[Sentence]) -> None:
    last = 0
    for s in sents:
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= last
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text.strip("\u200b\ufeff") == s.text
        assert s.kind in ("sentence", "heading", "bullet", "boilerplate")
        last = s.end
    paras = [s.paragraph for s in sents]
    assert paras == sorted(paras)


_FRAGMENTS = [
    "U.S.", "Inc.", " ", "\n", "\n\n", "\r\n", "\u00a0", "\u200b", "…", "...", ".", "?", "!", "“", "”", "\"",
    "(", ")", "•", "- ", "1. ", "#tag", "Source link", "Mr.", "$2.8 billion", "JD.com", "The", "fined",
    "Alibaba", ";", ", and the SEC sued", " — ", "。", "\u2028", "e.g.", "Also Read:", "By Kim Lee",
]
_texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=8), max_size=60).map("".join),
)


@settings(max_examples=60, deadline=None)
@given(_texts)
def test_property_sentences(text):
    _check_spans(text, split_sentences(text))


@settings(max_examples=60, deadline=None)
@given(_texts)
def test_property_clauses(text):
    last = 0
    for a, b in split_clauses(text):
        assert 0 <= a < b <= len(text) and a >= last
        assert text[a:b] == text[a:b].strip()
        last = b


def test_seed_like_article_is_fast():
    para = (
        "China’s State Administration for Market Regulation levied a historic fine of 18.2 billion yuan "
        "($2.8 billion) against Alibaba on April 10. The U.S. Securities and Exchange Commission said "
        "Mr. Ma’s Ant Group Co. Ltd. had “no choice.” Regulators in the U.S. and E.U. declined to comment… "
        "Shares of JD.com rose 2.5%.\n\nTear down the walls\n\n  • Platforms must unblock links by Sept. 17.\n"
    )
    text = (para * (100_000 // len(para) + 1))[:100_000]
    t0 = time.perf_counter()
    sents = split_sentences(text)
    took = time.perf_counter() - t0
    assert len(sents) > 1000
    assert took < 0.5, took
