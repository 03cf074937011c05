"""Benchmark: builder.dates.resolve_dates vs plain dateparser.search.search_dates.

Run: .venv/bin/python bench/bench_dates.py [--show]

Both engines run in one process on the same texts.

Quality (on tests/cases/dates.csv, every row including the strict-xfail ones):
  * expected items = every expression listed in the `expected` column (points and
    durations); negative rows expect nothing, so any hit there is a false positive.
  * a predicted expression is CORRECT when its span overlaps a not-yet-matched
    expected expression and the value agrees (one-to-one matching per case):
      - resolve_dates: same date AND same precision for points; same
        duration_days / duration_months for durations;
      - search_dates (generous): same calendar date only (its hits are taken as
        day precision, but precision is not compared); it has no durations.
  * precision = correct / predicted, recall = correct / expected, F1 as usual.

Speed: characters per second on the same texts for both engines: every case
text plus the seed articles (seeds/*.txt, anchors from seeds/manifest.csv),
each engine repeated until at least 1 s has been measured.
search_dates is called with languages=["en"] (no language detection, the fast
setting) and RELATIVE_BASE = the anchor (never "now").
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from builder.dates import resolve_dates  # noqa: E402

CASES = ROOT / "tests" / "cases" / "dates.csv"
SEEDS = ROOT / "seeds"


# ---------------------------------------------------------------- load inputs

def load_cases(path: Path = CASES) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))




def parse_expected(field: str, text: str) -> list[dict]:
    """Expected items with their span located in the text (first occurrence
    after the previous item)."""
    items, pos = [], 0
    for item in filter(None, (x.strip() for x in field.split(" | "))):
        span, _, value = item.rpartition(" = ")
        start = text.find(span, pos)
        if start < 0:
            start = text.find(span)
        end = start + len(span)
        pos = end
        if value.startswith("+"):
            n, unit = int(value[1:-1]), value[-1]
            items.append({"start": start, "end": end, "kind": "duration",
                          "days": n if unit == "d" else None,
                          "months": n if unit == "m" else None})
            continue
        dates, precision, _basis = value.split()
        d0 = dt.date.fromisoformat(dates.split("..")[0])
        items.append({"start": start, "end": end, "kind": "point", "date": d0,
                      "precision": precision})
    return items


def load_seed_texts() -> list[tuple[str, dt.date]]:
    anchors: dict[str, dt.date] = {}
    manifest = SEEDS / "manifest.csv"
    if manifest.exists():
        with manifest.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                anchors.setdefault(row["file"], dt.date.fromisoformat(row["published"]))
    return [(p.read_text(encoding="utf-8"), anchors.get(p.name, dt.date(2021, 1, 1)))
            for p in sorted(SEEDS.glob("*.txt"))]


# ---------------------------------------------------------------- process

def engine_predict(text: str, anchor: dt.date) -> list[dict]:
    out = []
    for e in resolve_dates(text, anchor):
        if e.kind == "duration":
            out.append({"start": e.start, "end": e.end, "kind": "duration",
                        "days": e.duration_days, "months": e.duration_months,
                        "text": e.text})
        else:
            out.append({"start": e.start, "end": e.end, "kind": "point",
                        "date": e.date, "precision": e.precision, "text": e.text})
    return out


def _search_dates():
    from dateparser.search import search_dates
    return search_dates


def search_dates_predict(text: str, anchor: dt.date) -> list[dict]:
    search_dates = _search_dates()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hits = search_dates(text, languages=["en"], settings={
            "RELATIVE_BASE": dt.datetime(anchor.year, anchor.month, anchor.day)}) or []
    out, pos = [], 0
    for substring, when in hits:
        start = text.find(substring, pos)
        if start < 0:
            start = text.find(substring)
        if start < 0:
            continue
        pos = start + len(substring)
        out.append({"start": start, "end": start + len(substring), "kind": "point",
                    "date": when.date(), "precision": None, "text": substring})
    return out


def _agrees(pred: dict, gold: dict, strict_precision: bool) -> bool:
    if pred["start"] >= gold["end"] or gold["start"] >= pred["end"]:
        return False
    if pred["kind"] != gold["kind"]:
        return False
    if gold["kind"] == "duration":
        return pred["days"] == gold["days"] and pred["months"] == gold["months"]
    if pred["date"] != gold["date"]:
        return False
    return not strict_precision or pred["precision"] == gold["precision"]


def score(rows: list[dict], predict, strict_precision: bool, show: bool = False) -> dict:
    tp = n_pred = n_gold = 0
    for row in rows:
        text, anchor = row["text"], dt.date.fromisoformat(row["anchor"])
        gold = parse_expected(row["expected"], text)
        pred = predict(text, anchor)
        used: set[int] = set()
        for p in pred:
            for i, g in enumerate(gold):
                if i not in used and _agrees(p, g, strict_precision):
                    used.add(i)
                    tp += 1
                    break
            else:
                if show:
                    print(f"  FP {row['id']}: {p}")
        if show:
            for i, g in enumerate(gold):
                if i not in used:
                    print(f"  FN {row['id']}: {text[g['start']:g['end']]!r} {g}")
        n_pred += len(pred)
        n_gold += len(gold)
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "predicted": n_pred, "expected": n_gold,
            "precision": precision, "recall": recall, "f1": f1}


def chars_per_second(texts: list[tuple[str, dt.date]], predict, min_seconds: float = 1.0):
    total_chars = sum(len(t) for t, _ in texts)
    rounds, elapsed = 0, 0.0
    start = time.perf_counter()
    while elapsed < min_seconds:
        for text, anchor in texts:
            predict(text, anchor)
        rounds += 1
        elapsed = time.perf_counter() - start
    return total_chars * rounds / elapsed, total_chars, rounds


# ---------------------------------------------------------------- save outputs

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--show", action="store_true", help="list the engine's FP / FN")
    args = ap.parse_args(argv)

    rows = load_cases()
    texts = [(r["text"], dt.date.fromisoformat(r["anchor"])) for r in rows]
    texts += load_seed_texts()
    _search_dates()  # import outside the timed region

    if args.show:
        print("resolve_dates errors on the case table:")
    eng = score(rows, engine_predict, strict_precision=True, show=args.show)
    sd = score(rows, search_dates_predict, strict_precision=False)
    eng_cps, n_chars, eng_rounds = chars_per_second(texts, engine_predict)
    sd_cps, _, sd_rounds = chars_per_second(texts, search_dates_predict)

    print(f"case table: {len(rows)} cases, "
          f"{sum(1 for r in rows if not r['expected'].strip())} negatives, "
          f"{sum(1 for r in rows if r['xfail'].strip())} strict xfail")
    print(f"{'engine':<28}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'pred':>6}{'gold':>6}"
          f"{'chars/s':>13}")
    for name, s, cps in (("resolve_dates", eng, eng_cps),
                         ("search_dates (date only)", sd, sd_cps)):
        print(f"{name:<28}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
              f"{s['tp']:>6}{s['predicted']:>6}{s['expected']:>6}{cps:>13,.0f}")
    print(f"speed on {n_chars:,} chars (case texts + seed articles); "
          f"rounds: resolve_dates {eng_rounds}, search_dates {sd_rounds}; "
          f"speed-up x{eng_cps / sd_cps:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
