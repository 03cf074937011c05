"""articles -> mentions -> events -> validated frames -> release.

Load inputs (corpus), process (extract, merge, validate), save outputs (export).
"""
from __future__ import annotations

import datetime as dt
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from builder.corpus import Article, ArticleInfo, load_articles
from builder.corrections import Correction, apply_mention_corrections, load_corrections, reject_events
from builder.errors import BuildError
from builder.export import check_version, sha256_file, write_release
from builder.extract.stats import ExtractionStats, render_report
from builder.merge import Event, merge_events
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
    extracted: int = 0  # articles extracted by this build
    from_cache: int = 0  # articles whose extraction came from the cache


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def articles_frame(articles: list[Article | ArticleInfo]) -> pd.DataFrame:
    cols = {
        "article_id": [a.article_id for a in articles],
        "file": [a.file for a in articles],
        "title": [a.title for a in articles],
        "published": [a.published.isoformat() for a in articles],
        "date_confidence": [a.date_confidence or None for a in articles],
        "publisher": [a.publisher or None for a in articles],
        "author": [a.author or None for a in articles],
        "url": [a.url or None for a in articles],
        "sha256": [a.file_sha256 for a in articles],
        "text_sha256": [a.text_sha256 for a in articles],
        "line_start": [a.line_start for a in articles],
        "line_end": [a.line_end for a in articles],
        "chars": [a.chars for a in articles],
    }
    return _frame("articles", cols)


def mentions_frame(mentions: list[Mention], by_id: dict[str, Article | ArticleInfo]) -> pd.DataFrame:
    arts = [by_id[m.article_id] for m in mentions]
    cols = {
        "mention_id": [m.mention_id for m in mentions],
        "event_id": [m.event_id for m in mentions],
        "article_id": [m.article_id for m in mentions],
        "source_file": [a.file for a in arts],
        "article_title": [a.title for a in arts],
        "published": [a.published.isoformat() for a in arts],
        "event_type": [m.event_type for m in mentions],
        "authority": [m.authority for m in mentions],
        "authority_text": [m.authority_text or None for m in mentions],
        "jurisdiction": [m.jurisdiction or None for m in mentions],
        "target": [m.target for m in mentions],
        "target_kind": [m.target_kind or None for m in mentions],
        "event_date": [_iso(m.event_date) for m in mentions],
        "event_date_end": [_iso(m.event_date_end) for m in mentions],
        "date_precision": [m.date_precision for m in mentions],
        "date_basis": [m.date_basis for m in mentions],
        "date_text": [m.date_text or None for m in mentions],
        "amount": [m.amount for m in mentions],
        "currency": [m.currency for m in mentions],
        "amount_per": [m.amount_per for m in mentions],
        "evidence": [m.evidence for m in mentions],
        "char_start": [m.char_start for m in mentions],
        "char_end": [m.char_end for m in mentions],
        "trigger": [m.trigger for m in mentions],
        "confidence": [round(m.confidence, 3) for m in mentions],
        "curated": [m.curated for m in mentions],
        "correction": [m.correction for m in mentions],
    }
    return _frame("mentions", cols)


def events_frame(events: list[Event]) -> pd.DataFrame:
    dates = ("event_date", "event_date_end", "first_published")
    cols = {
        c: [_iso(getattr(e, c)) for e in events] if c in dates else [getattr(e, c) for e in events]
        for c in TABLES["events"].to_schema().columns
    }
    return _frame("events", cols)


def _frame(table: str, cols: dict[str, list]) -> pd.DataFrame:
    """A frame of the table's columns, in schema order and dtypes, built column by column
    (no row dicts, no intermediate object columns; `cols` is emptied as it goes)."""
    schema = TABLES[table].to_schema()
    assert list(cols) == list(schema.columns), f"{table}: columns {list(cols)} are not the schema's {list(schema.columns)}"
    data = {}
    for c, col in schema.columns.items():
        dtype = str(col.dtype)
        data[c] = pd.Series(cols.pop(c), dtype=dtype if dtype in ("int64", "float64", "bool") else "str")
    return pd.DataFrame(data)


def extract_mentions(articles: list[Article], stats: ExtractionStats | None = None) -> list[Mention]:
    """Process, in this process and without a cache: every article's mentions, repeated reports within an article merged."""
    from builder.engine import extract_corpus

    run = extract_corpus(articles)
    if stats is not None:
        stats.add(run.stats)
    return run.mentions


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
    return frames_from_mentions(extract_mentions(articles, stats), articles, corrections, strict)


def frames_from_mentions(
    mentions: list[Mention],
    articles: list[Article | ArticleInfo],
    corrections: list[Correction] | None = None,
    strict: bool = False,
) -> dict[str, pd.DataFrame]:
    """Extracted mentions -> corrected, merged, validated frames. `articles` need their text only
    where a correction adds a mention.

    `mentions` is emptied once the frames hold its values, so that the objects are freed
    before validation and export (the build's memory peak on a large corpus)."""
    given = mentions
    if corrections:
        mentions = apply_mention_corrections(mentions, corrections, articles, strict)
    events = merge_events(mentions, {a.article_id: a.published for a in articles})
    events, mentions = reject_events(events, mentions, corrections or [], strict)
    by_id = {a.article_id: a for a in articles}
    frames = {"articles": articles_frame(articles), "mentions": mentions_frame(mentions, by_id)}
    del mentions, by_id
    given.clear()
    frames["events"] = events_frame(events)
    del events
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


def open_cache(directory: Path):
    """The extraction cache in `directory`, or None (with a warning) when it cannot be used:
    a build never fails for want of a cache."""
    import sqlite3

    from builder.cache import ExtractionCache, extractor_version

    try:
        return ExtractionCache(directory, extractor_version())
    except (OSError, sqlite3.Error) as exc:
        warnings.warn(f"{directory}: cannot use the extraction cache ({exc}); extracting every article", stacklevel=2)
        return None


def build(
    seeds_dir: Path | None,
    manifest: Path | None,
    out_dir: Path,
    version: str,
    corrections: Path | None = None,
    strict: bool = False,
    gold: Path | None = None,
    *,
    corpus: Path | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = False,
) -> BuildResult:
    """Build a release: load the articles and corrections, extract, correct and merge, validate, write atomically.

    The articles are the manifest's (`seeds_dir` + `manifest`) or, when `corpus` is given, a
    corpus file's, streamed (builder.corpus_file). `corrections` defaults to
    SEEDS/corrections.csv when that file exists (manifest builds only); `strict` makes a stale
    correction an error instead of a warning. Extraction runs on `jobs` processes (or a Dask
    cluster: `engine="dask"`, `scheduler` its address) and reads and fills the per-article
    cache in `cache_dir` (default OUT/.cache) unless `use_cache` is false; `progress` draws a
    bar on stderr (None: when stderr is a terminal). None of these change the output.
    """
    from builder.engine import extract_corpus, progress_bar

    check_version(version)
    show_progress = sys.stderr.isatty() if progress is None else progress
    if corpus is not None:
        from builder.corpus_file import corpus_format, count_rows, read_corpus

        corpus = Path(corpus)
        if not corpus.is_file():
            raise BuildError("corpus file not found (pass --corpus FILE)", path=corpus)
        fmt, _ = corpus_format(corpus)
        sha = sha256_file(corpus)
        articles = read_corpus(corpus, file_sha256=sha)
        total = count_rows(corpus) if show_progress else None
        inputs: dict = {"corpus": {"file": corpus.name, "format": fmt, "sha256": sha}}
    else:
        articles = load_articles(Path(seeds_dir), Path(manifest))
        total = len(articles)
        inputs = {
            "manifest": Path(manifest).name,
            "files": {f: sha for f, sha in sorted({(a.file, a.file_sha256) for a in articles})},
        }
        if corrections is None and (Path(seeds_dir) / "corrections.csv").is_file():
            corrections = Path(seeds_dir) / "corrections.csv"
    rows = load_corrections(corrections) if corrections is not None else []
    add_ids = {c.article_id for c in rows if c.action == "add"}
    cache = open_cache(Path(cache_dir) if cache_dir else Path(out_dir) / ".cache") if use_cache else None
    update, close_bar = progress_bar(total, show_progress)
    try:
        run = extract_corpus(
            articles, jobs=jobs, cache=cache, engine=engine, scheduler=scheduler,
            keep_text=lambda a: a.article_id in add_ids, progress=update,
        )
    finally:
        close_bar()
        if cache is not None:
            cache.close()
    frames = frames_from_mentions(run.mentions, run.articles, rows, strict)
    run.articles.clear()  # the articles frame has them now
    if corpus is not None:
        inputs["corpus"]["rows"] = len(frames["articles"])
    if corrections is not None:
        inputs["corrections"] = {"file": Path(corrections).name, "sha256": sha256_file(Path(corrections)), "rows": len(rows)}
    gold = gold if gold is not None else (default_gold(Path(manifest)) if corpus is None else None)
    accuracy = measure_accuracy(frames, gold) if gold is not None else None
    release = write_release(frames, Path(out_dir), version, inputs, report=build_report(run.stats), accuracy=accuracy)
    return BuildResult(
        release, len(frames["articles"]), len(frames["mentions"]), len(frames["events"]), run.extracted, run.from_cache
    )
