#!/usr/bin/env python3
"""The naive peer: dateparser's `search_dates` on every sentence that contains a trigger word.

    .venv/bin/python bench/peer.py CORPUS.jsonl [--limit N] [--out rows.csv] [--gold gold.csv]

Load inputs: a corpus file (JSONL, CSV or Parquet; columns id, title, published, text), streamed.
Process, in one process as a naive user's script would: split each article's text into
sentences with a simple regex; for each sentence that contains a trigger word (fine, ban,
probe, investigat*, order*, rule*, sue, lawsuit, deadline, ruling, ...) guess the event type
from the first trigger word, and call
`dateparser.search.search_dates(sentence, languages=["en"], settings={"RELATIVE_BASE": published})`.
Output: rows (article_id, event_type, event_date, date_text): one per distinct (type, date) in an
article, a date per date expression found; a sentence where no date is found gives the
publication date (as the guidelines date an undated report), date_text empty.

`score_keyed` scores rows by (article, type, date) against a gold file: how many gold events
the rows hit (one-to-one) and how many rows hit nothing. The same scorer is applied to
regtimeline's mentions by bench_build.py, so the two numbers are comparable.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_corpus import read_corpus  # noqa: E402

# Trigger words for the eight types; the first match in a sentence decides the type.
TRIGGER = re.compile(
    r"\b(?:(?P<fine>fine[sd]?|fining|penalt(?:y|ies))|(?P<ban>ban(?:s|ned|ning)?|block(?:ed|s)?)|"
    r"(?P<probe>probe[sd]?|investigat\w*|inquiry)|(?P<ruling>ruled|ruling)|(?P<rule>rules?|regulations?)|"
    r"(?P<order>order\w*)|(?P<lawsuit>sue[sd]?|suing|lawsuits?)|(?P<deadline>deadlines?))\b",
    re.I,
)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
PEER_COLUMNS = ("article_id", "event_type", "event_date", "date_text")


def trigger_type(sentence: str) -> str | None:
    m = TRIGGER.search(sentence)
    return m.lastgroup if m else None


def peer_rows(row: dict, search_dates) -> list[dict]:
    """The peer's rows for one corpus row."""
    published = dt.date.fromisoformat(str(row["published"])[:10])
    base = dt.datetime.combine(published, dt.time())
    seen: set[tuple[str, str]] = set()
    out: list[dict] = []
    for sent in SENTENCE_SPLIT.split(row["text"]):
        etype = trigger_type(sent)
        if etype is None:
            continue
        found = search_dates(sent, languages=["en"], settings={"RELATIVE_BASE": base}) or []
        dates = [(text, d.date().isoformat()) for text, d in found] or [("", published.isoformat())]
        for text, day in dates:
            if (etype, day) not in seen:
                seen.add((etype, day))
                out.append({"article_id": row["id"], "event_type": etype, "event_date": day, "date_text": text})
    return out


def run_peer(corpus_path: Path, limit: int | None = None, out_path: Path | None = None) -> dict:
    """Run the peer over the corpus (the first `limit` articles); returns timing, counts and the rows."""
    warnings.filterwarnings("ignore")
    t0 = time.perf_counter()
    from dateparser.search import search_dates

    search_dates("warm-up on March 3, 2021", languages=["en"])  # loads dateparser's language data
    t_import = time.perf_counter() - t0
    rows: list[dict] = []
    articles = 0
    t = time.perf_counter()
    for row in read_corpus(corpus_path):
        if limit is not None and articles >= limit:
            break
        rows.extend(peer_rows(row, search_dates))
        articles += 1
    seconds = time.perf_counter() - t
    if out_path:
        with open(out_path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=PEER_COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    return {"articles": articles, "seconds": seconds, "startup_seconds": t_import, "rows": rows}


def score_keyed(gold: list[dict], pred: list[dict], articles: set[str] | None = None) -> dict:
    """Gold events hit by predictions on (article, type, first day of the date), one-to-one.

    recall: share of gold rows hit; precision: share of prediction rows that hit a gold row;
    wrong: prediction rows that hit nothing. Targets are ignored (the peer has none).
    """
    if articles is not None:
        gold = [g for g in gold if g["article_id"] in articles]
        pred = [p for p in pred if p["article_id"] in articles]
    avail: dict[tuple[str, str, str], int] = Counter((g["article_id"], g["event_type"], g["event_date"][:10]) for g in gold)
    hit = 0
    for p in pred:
        k = (p["article_id"], p["event_type"], (p.get("event_date") or "")[:10])
        if avail.get(k, 0) > 0:
            avail[k] -= 1
            hit += 1
    recall = hit / len(gold) if gold else 0.0
    precision = hit / len(pred) if pred else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": len(gold), "pred": len(pred), "hit": hit, "wrong": len(pred) - hit,
        "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
    }


def read_gold(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, help="only the first N articles")
    ap.add_argument("--out", type=Path, help="write the peer's rows as CSV")
    ap.add_argument("--gold", type=Path, help="score the rows against this gold (synth_corpus.py --gold)")
    args = ap.parse_args(argv)
    res = run_peer(args.corpus, args.limit, args.out)
    rows = res.pop("rows")
    res["n_rows"] = len(rows)
    res["articles_per_s"] = res["articles"] / res["seconds"] if res["seconds"] else 0.0
    if args.gold:
        ids = {r["article_id"] for r in rows} | {g["article_id"] for g in read_gold(args.gold)}
        seen_ids = {row["id"] for _, row in zip(range(res["articles"]), read_corpus(args.corpus))}
        res["score"] = score_keyed(read_gold(args.gold), rows, seen_ids & ids if ids else seen_ids)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
