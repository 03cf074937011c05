"""Score extracted mentions against hand-labelled gold rows.

Load inputs: gold rows (`tests/gold/seeds-gold.csv`) and predicted rows (a
release's `mentions.csv`), as dicts of strings.
Process: match predictions to gold one-to-one within each article.
Output: precision, recall, F1, strict F1, date and amount accuracy, per-type counts.

This is the algorithm of the reference scorer (`tests/gold/score_reference.py`,
a copy of `shared/gold/score.py`), rewritten as a library so the CLI can use it
without importing a script from the tests; `tests/test_eval.py` checks that the
two agree to the digit (identical dicts) on the gold itself, perturbed copies,
random rows, and the real build output.

Matching: a prediction and a gold row are a candidate pair when `article_id`
and `event_type` are equal and the target names match (normalised equality with
any of the gold's `|`-separated aliases, or one name's tokens appearing as a
contiguous run in the other's). Within an article, candidate pairs whose
`event_date` also agrees are taken first, then by gold row order, then by
prediction order; each row is used at most once.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import BuildError

Row = dict[str, str]

# Words that do not distinguish one target from another ("Alibaba Group" = "Alibaba").
NAME_NOISE = re.compile(
    r"\b(group|holdings?|inc|ltd|limited|co|corp|corporation|company|plc|llc|"
    r"the|app|apps|global|technology|technologies|international)\b"
)


GOLD_COLUMNS = ("article_id", "event_type", "target", "event_date", "date_precision")
PRED_COLUMNS = ("article_id", "event_type")


def read_rows(path: Path, required: tuple[str, ...] = ()) -> list[Row]:
    """Rows of a CSV file as dicts (gold labels or mentions.csv); BuildError if a required column is missing."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise BuildError(f"lacks column(s) {', '.join(missing)} needed for scoring", path=path)
        return list(reader)


def normalise_target(name: str | None) -> str:
    """Case, punctuation, possessive 's and corporate noise words ignored."""
    s = unicodedata.normalize("NFKC", name or "").casefold()
    s = s.replace("’", "'").replace("'s", "")
    s = re.sub(r"[^\w\s]", " ", s)
    s = NAME_NOISE.sub(" ", s)
    return " ".join(s.split())


def _contains(big: list[str], small: list[str]) -> bool:
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))


def target_matches(gold_aliases: Iterable[str], predicted: str | None) -> bool:
    """Does the predicted target name one of the gold aliases?"""
    p = normalise_target(predicted)
    if not p:
        return False
    for alias in gold_aliases:
        g = normalise_target(alias)
        if not g:
            continue
        if g == p or _contains(p.split(), g.split()) or _contains(g.split(), p.split()):
            return True
    return False


def _day(row: Row) -> str:
    return (row.get("event_date") or "")[:10]


def date_matches(g: Row, p: Row) -> bool:
    """Same first day and same precision."""
    return _day(p) == _day(g) and (p.get("date_precision") or "") == g["date_precision"]


def amount_matches(g: Row, p: Row) -> bool | None:
    """None when the gold row states no amount; else same amount (relative 1e-6) and currency."""
    gold_amount = (g.get("amount") or "").strip()
    if not gold_amount:
        return None
    pred_amount = (p.get("amount") or "").strip()
    try:
        same = abs(float(gold_amount) - float(pred_amount)) <= 1e-6 * max(1.0, abs(float(gold_amount)))
    except ValueError:
        same = False
    return same and (g.get("currency") or "").strip().upper() == (p.get("currency") or "").strip().upper()


@dataclass
class Matching:
    """The one-to-one matching of predictions to gold rows."""

    pairs: list[tuple[Row, Row]] = field(default_factory=list)  # (gold, predicted)
    missed: list[Row] = field(default_factory=list)  # gold rows without a prediction
    extra: list[Row] = field(default_factory=list)  # predictions without a gold row


def match(gold: list[Row], pred: list[Row]) -> Matching:
    """Match predictions to gold rows one-to-one within each article, date-agreeing pairs first."""
    gold_by_article: dict[str, list[Row]] = defaultdict(list)
    pred_by_article: dict[str, list[Row]] = defaultdict(list)
    for g in gold:
        gold_by_article[g["article_id"]].append(g)
    for p in pred:
        pred_by_article[p["article_id"]].append(p)
    out = Matching()
    for article in sorted(set(gold_by_article) | set(pred_by_article)):
        gs, ps = gold_by_article.get(article, []), pred_by_article.get(article, [])
        candidates = sorted(
            (0 if _day(p) == _day(g) else 1, i, j)
            for i, g in enumerate(gs)
            for j, p in enumerate(ps)
            if p.get("event_type") == g["event_type"] and target_matches(g["target"].split("|"), p.get("target", ""))
        )
        used_g: set[int] = set()
        used_p: set[int] = set()
        for _, i, j in candidates:
            if i not in used_g and j not in used_p:
                used_g.add(i)
                used_p.add(j)
                out.pairs.append((gs[i], ps[j]))
        out.missed += [g for i, g in enumerate(gs) if i not in used_g]
        out.extra += [p for j, p in enumerate(ps) if j not in used_p]
    return out


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(gold_rows: list[Row], pred_rows: list[Row], only_articles: set[str] | None = None) -> dict:
    """Scores of predictions against gold, as the reference scorer reports them (3 decimals)."""
    if only_articles:
        gold_rows = [g for g in gold_rows if g["article_id"] in only_articles]
        pred_rows = [p for p in pred_rows if p["article_id"] in only_articles]
    m = match(gold_rows, pred_rows)
    tp, fp, fn = len(m.pairs), len(m.extra), len(m.missed)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    dates_ok = sum(1 for g, p in m.pairs if date_matches(g, p))
    strict_precision, strict_recall = _ratio(dates_ok, tp + fp), _ratio(dates_ok, tp + fn)
    amounts = [a for a in (amount_matches(g, p) for g, p in m.pairs) if a is not None]
    text_dated = [(g, p) for g, p in m.pairs if g.get("date_basis") != "reported"]
    text_dated_ok = sum(1 for g, p in text_dated if date_matches(g, p))
    types = sorted({g["event_type"] for g in gold_rows} | {p.get("event_type") for p in pred_rows})
    per_type = {
        t: {
            "tp": sum(1 for g, _ in m.pairs if g["event_type"] == t),
            "fp": sum(1 for p in m.extra if p.get("event_type") == t),
            "fn": sum(1 for g in m.missed if g["event_type"] == t),
        }
        for t in types
    }
    return {
        "gold": len(gold_rows),
        "pred": len(pred_rows),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(_f1(precision, recall), 3),
        "date_accuracy": round(dates_ok / tp, 3) if tp else 0.0,
        "date_accuracy_text_dated": round(text_dated_ok / len(text_dated), 3) if text_dated else 0.0,
        "strict_f1": round(_f1(strict_precision, strict_recall), 3),
        "amount_accuracy": round(sum(amounts) / len(amounts), 3) if amounts else None,
        "per_type": per_type,
    }


def format_scores(scores: dict) -> str:
    """The scores as `name: value` lines (as the reference prints them), then a per-type table."""
    lines = [f"{k}: {v}" for k, v in scores.items() if k != "per_type"]
    lines.append("")
    lines.append(f"{'type':<10}{'tp':>5}{'fp':>5}{'fn':>5}")
    for t, c in scores["per_type"].items():
        lines.append(f"{t:<10}{c['tp']:>5}{c['fp']:>5}{c['fn']:>5}")
    return "\n".join(lines) + "\n"


def format_matching(m: Matching) -> str:
    """Wrong dates, misses and extras, one line each (as the reference's --show)."""
    lines = []
    for g, p in m.pairs:
        if not date_matches(g, p):
            lines.append(
                f"DATE  {g['article_id']} {g['event_type']} {g['target']}: gold {g['event_date']}/{g['date_precision']} "
                f"pred {p.get('event_date')}/{p.get('date_precision')}"
            )
    for g in m.missed:
        lines.append(f"MISS  {g['article_id']} {g['event_type']} {g['target']} {g['event_date']}  | {g.get('evidence', '')[:110]}")
    for p in m.extra:
        lines.append(f"EXTRA {p['article_id']} {p.get('event_type')} {p.get('target')} {p.get('event_date')}  | {p.get('evidence', '')[:110]}")
    return "".join(line + "\n" for line in lines)
