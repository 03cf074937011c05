"""articles -> mentions -> events -> validated frames -> release.

Load inputs (corpus), process (extract, merge, validate), save outputs (export).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from builder.corpus import Article, load_articles
from builder.corrections import Correction, apply_mention_corrections, load_corrections, reject_events
from builder.export import check_version, sha256_file, write_release
from builder.extract import extract_article
from builder.extract.stats import ExtractionStats, render_report
from builder.merge import Event, collapse_article_mentions, merge_events
from builder.model import Mention
from builder.validate import validate_frames
from schemas import TABLES

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def declared_version(root: Path = PROJECT_ROOT) -> str:
    """The dataset version, declared once in the VERSION file."""
    return (root / "VERSION").read_text(encoding="utf-8").strip()


@dataclass
class BuildResult:
    release: Path
    articles: int
    mentions: int
    events: int


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def articles_frame(articles: list[Article]) -> pd.DataFrame:
    rows = [
        {
            "article_id": a.article_id,
            "file": a.file,
            "title": a.title,
            "published": a.published.isoformat(),
            "date_confidence": a.date_confidence or None,
            "publisher": a.publisher or None,
            "author": a.author or None,
            "url": a.url or None,
            "sha256": a.file_sha256,
            "text_sha256": a.text_sha256,
            "line_start": a.line_start,
            "line_end": a.line_end,
            "chars": a.chars,
        }
        for a in articles
    ]
    return _typed(pd.DataFrame(rows, columns=list(TABLES["articles"].to_schema().columns)), "articles")


def mentions_frame(mentions: list[Mention], by_id: dict[str, Article]) -> pd.DataFrame:
    rows = []
    for m in mentions:
        a = by_id[m.article_id]
        rows.append(
            {
                "mention_id": m.mention_id,
                "event_id": m.event_id,
                "article_id": m.article_id,
                "source_file": a.file,
                "article_title": a.title,
                "published": a.published.isoformat(),
                "event_type": m.event_type,
                "authority": m.authority,
                "authority_text": m.authority_text or None,
                "jurisdiction": m.jurisdiction or None,
                "target": m.target,
                "target_kind": m.target_kind or None,
                "event_date": _iso(m.event_date),
                "event_date_end": _iso(m.event_date_end),
                "date_precision": m.date_precision,
                "date_basis": m.date_basis,
                "date_text": m.date_text or None,
                "amount": m.amount,
                "currency": m.currency,
                "amount_per": m.amount_per,
                "evidence": m.evidence,
                "char_start": m.char_start,
                "char_end": m.char_end,
                "trigger": m.trigger,
                "confidence": round(m.confidence, 3),
                "curated": m.curated,
                "correction": m.correction,
            }
        )
    return _typed(pd.DataFrame(rows, columns=list(TABLES["mentions"].to_schema().columns)), "mentions")


def events_frame(events: list[Event]) -> pd.DataFrame:
    cols = list(TABLES["events"].to_schema().columns)
    rows = []
    for e in events:
        r = {c: getattr(e, c) for c in cols}
        for c in ("event_date", "event_date_end", "first_published"):
            r[c] = _iso(r[c])
        rows.append(r)
    return _typed(pd.DataFrame(rows, columns=cols), "events")


def _typed(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Give every column the schema's dtype (so empty tables validate too)."""
    schema = TABLES[table].to_schema()
    for c, col in schema.columns.items():
        dtype = str(col.dtype)
        if dtype == "int64":
            df[c] = df[c].astype("int64")
        elif dtype == "float64":
            df[c] = df[c].astype("float64")
        elif dtype == "bool":
            df[c] = df[c].astype("bool")
        else:
            df[c] = df[c].astype("str").where(df[c].notna(), None) if len(df) else df[c].astype("str")
    return df


def extract_mentions(articles: list[Article], stats: ExtractionStats | None = None) -> list[Mention]:
    """Process: raw mentions from every article, then repeated reports within an article merged."""
    raw: list[Mention] = []
    for a in articles:
        raw.extend(extract_article(a, stats))
    return collapse_article_mentions(raw)


def build_report(stats: ExtractionStats) -> dict:
    """The build report: vocabulary and gazetteer entries that fired or never fired, unmatched names."""
    from builder.extract.actions import load_triggers
    from builder.gazetteer import Gazetteer

    return render_report(stats, [t.id for t in load_triggers()], Gazetteer.load().entry_ids())


def build_frames(
    articles: list[Article],
    stats: ExtractionStats | None = None,
    corrections: list[Correction] | None = None,
    strict: bool = False,
) -> dict[str, pd.DataFrame]:
    """Articles -> validated frames (nothing written); hand corrections applied before events are formed."""
    mentions = extract_mentions(articles, stats)
    mentions = apply_mention_corrections(mentions, corrections or [], articles, strict)
    events = merge_events(mentions, {a.article_id: a.published for a in articles})
    events, mentions = reject_events(events, mentions, corrections or [], strict)
    by_id = {a.article_id: a for a in articles}
    frames = {
        "articles": articles_frame(articles),
        "mentions": mentions_frame(mentions, by_id),
        "events": events_frame(events),
    }
    return validate_frames(frames, {a.article_id: a.chars for a in articles})


SEED_GOLD = PROJECT_ROOT / "tests" / "gold" / "seeds-gold.csv"


def default_gold(manifest: Path) -> Path | None:
    """The seed gold when the build is of the project's own seeds (so the codebook reports accuracy)."""
    if manifest.resolve() == (PROJECT_ROOT / "seeds" / "manifest.csv").resolve() and SEED_GOLD.is_file():
        return SEED_GOLD
    return None


def measure_accuracy(frames: dict[str, pd.DataFrame], gold: Path) -> str | None:
    """Markdown for the codebook: this build's mentions scored against gold labels of its articles."""
    from builder.evaluate import read_rows, score

    ids = set(frames["articles"]["article_id"])
    gold_rows = [g for g in read_rows(Path(gold)) if g.get("article_id") in ids]
    if not gold_rows:
        return None
    m = frames["mentions"]
    pred = m.astype(str).where(m.notna(), "").to_dict("records")
    res = score(gold_rows, pred, only_articles=ids)
    amount = "n/a" if res["amount_accuracy"] is None else f"{res['amount_accuracy']:.3f}"
    return (
        f"Measured on this build against `{Path(gold).name}`: {res['gold']} hand-labelled events in the "
        f"{len(ids)} articles of the build, scored as `regtimeline eval` does (a mention "
        "matches a gold row with the same article, type and target; strict also needs the date and its precision).\n\n"
        "| precision | recall | F1 | strict F1 | date accuracy | amount accuracy |\n|---|---|---|---|---|---|\n"
        f"| {res['precision']:.3f} | {res['recall']:.3f} | {res['f1']:.3f} | {res['strict_f1']:.3f} | "
        f"{res['date_accuracy']:.3f} | {amount} |\n\n"
        "These articles are the ones the extraction rules were developed on; expect lower accuracy on other sources."
    )


def build(
    seeds_dir: Path,
    manifest: Path,
    out_dir: Path,
    version: str,
    corrections: Path | None = None,
    strict: bool = False,
    gold: Path | None = None,
) -> BuildResult:
    """Build a release: load the articles and corrections, extract, correct and merge, validate, write atomically.

    `corrections` defaults to SEEDS/corrections.csv when that file exists; `strict` makes a
    stale correction an error instead of a warning.
    """
    check_version(version)
    articles = load_articles(Path(seeds_dir), Path(manifest))
    if corrections is None and (Path(seeds_dir) / "corrections.csv").is_file():
        corrections = Path(seeds_dir) / "corrections.csv"
    rows = load_corrections(corrections) if corrections is not None else []
    stats = ExtractionStats()
    frames = build_frames(articles, stats, rows, strict)
    inputs = {
        "manifest": Path(manifest).name,
        "files": {f: sha for f, sha in sorted({(a.file, a.file_sha256) for a in articles})},
    }
    if corrections is not None:
        inputs["corrections"] = {"file": Path(corrections).name, "sha256": sha256_file(Path(corrections)), "rows": len(rows)}
    gold = gold if gold is not None else default_gold(Path(manifest))
    accuracy = measure_accuracy(frames, gold) if gold is not None else None
    release = write_release(frames, Path(out_dir), version, inputs, report=build_report(stats), accuracy=accuracy)
    return BuildResult(release, len(frames["articles"]), len(frames["mentions"]), len(frames["events"]))
