"""Command line: thin Typer commands over builder functions.

Every command's help ends with an `Example:`; tests/test_docs.py checks that
every command and option appears in README.md.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import signal
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import typer

# pandera imports dask.dataframe, when dask is installed (it is, for --engine dask), only to
# register dask frame types; regtimeline validates pandas frames only, so the command line
# blocks that import (a None entry in sys.modules makes it fail as "not installed"), which
# saves about 0.4 s of start-up in every command.
sys.modules.setdefault("dask.dataframe", None)

from builder.errors import BuildError  # noqa: E402
from builder.pipeline import PROJECT_ROOT, declared_version  # noqa: E402

app = typer.Typer(
    help="regtimeline: a timeline of regulatory actions from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

OUT_OPTION = typer.Option(PROJECT_ROOT / "output", "--out", help="Output root holding one folder per version.")
RELEASE_VERSION_OPTION = typer.Option(None, "--version", help="Release to read (default: OUT/latest).")


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Show BuildError as 'error: …' on stderr and exit 1; show warnings as 'warning: …'."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        except BuildError as exc:
            _echo_warnings(caught)
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        _echo_warnings(caught)


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """Within a build, SIGTERM stops it like Ctrl-C (KeyboardInterrupt), so the temporary folder is removed."""

    def interrupt(signum, frame):  # noqa: ANN001 - the signal handler signature
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _echo_warnings(caught: list[warnings.WarningMessage]) -> None:
    for w in caught:
        if issubclass(w.category, UserWarning):
            typer.echo(f"warning: {w.message}", err=True)


@app.callback()
def main() -> None:
    """regtimeline: a timeline of regulatory actions from news articles."""


@app.command()
def build(
    seeds: Path = typer.Option(PROJECT_ROOT / "seeds", "--seeds", help="Folder of article text files."),
    manifest: Path = typer.Option(None, "--manifest", help="Manifest CSV (default: SEEDS/manifest.csv)."),
    out: Path = typer.Option(PROJECT_ROOT / "output", "--out", help="Output root; the release goes to OUT/VERSION."),
    version: str = typer.Option(None, "--version", help="Dataset version (default: the VERSION file)."),
    corrections: Path = typer.Option(None, "--corrections", help="Hand corrections CSV (default: SEEDS/corrections.csv when it exists)."),
    strict: bool = typer.Option(False, "--strict", help="Fail when a correction names a mention, event or sentence that no longer exists."),
    gold: Path = typer.Option(None, "--gold", help="Gold labels to measure this build's accuracy for the codebook (default: the project's seed gold when building the project's seeds)."),
    corpus: Path = typer.Option(None, "--corpus", help="Corpus file to build from instead of --seeds: JSONL, CSV (optionally .gz) or Parquet with columns id, title, published, text (optional: url, publisher, author); read as a stream."),
    jobs: int = typer.Option(0, "--jobs", min=0, help="Processes (or Dask workers, for a cluster started here) extracting in parallel; 0: all cores."),
    cache_dir: Path = typer.Option(None, "--cache-dir", help="Per-article extraction cache (default: OUT/.cache); unchanged articles are not extracted again."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Extract every article, neither reading nor writing the cache."),
    engine: str = typer.Option("local", "--engine", help="Where extraction runs: local (processes on this machine) or dask (a dask.distributed cluster)."),
    scheduler: str = typer.Option(None, "--scheduler", help="Address of the Dask scheduler for --engine dask (e.g. tcp://10.0.0.5:8786); without it a local cluster of --jobs workers is started."),
) -> None:
    """Build a release (CSV, Parquet, codebook, checksums) from a folder of articles or a corpus file.

    Validates every table before writing; a failure writes nothing and leaves
    the previous release as it was. A released version (no -label) is never
    overwritten with different content. Hand corrections are applied on every
    build; a stale one is a warning, or an error with --strict. The output is
    the same whatever --jobs and --engine are and whether the cache was used.
    A progress bar (articles/s, ETA) is drawn when stderr is a terminal.

    Example: regtimeline build --corpus news.jsonl --out my-output --version 0.1.0-dev --jobs 4
    """
    from builder.engine import default_jobs
    from builder.pipeline import build as build_release

    if corpus is not None and manifest is not None:
        typer.echo("error: give --corpus or --manifest, not both", err=True)
        raise typer.Exit(2)
    with user_errors(), _stop_on_sigterm():
        try:
            res = build_release(
                None if corpus is not None else seeds,
                None if corpus is not None else manifest or seeds / "manifest.csv",
                out, version or declared_version(), corrections, strict, gold,
                corpus=corpus, jobs=jobs or default_jobs(), cache_dir=cache_dir, use_cache=not no_cache,
                engine=engine, scheduler=scheduler, progress=None,
            )
        except OSError as exc:  # unwritable folder, full disk: the temporary folder is already removed
            raise BuildError(
                f"cannot write the release ({exc.strerror or exc}); check that the folder is writable and has "
                "space, then build again. No partial release was left; the previous release is unchanged",
                path=exc.filename or out,
            ) from None
        except KeyboardInterrupt:
            raise BuildError(
                "build interrupted; no partial release was left and the previous release is unchanged", path=out
            ) from None
    typer.echo(
        f"{res.release}: {res.articles} articles, {res.mentions} mentions, {res.events} events "
        f"({res.extracted} extracted, {res.from_cache} from the cache)"
    )


@app.command()
def sql(
    query: str = typer.Argument(..., metavar="QUERY", help="SQL over the views events, mentions and articles."),
    out: Path = OUT_OPTION,
    version: str = RELEASE_VERSION_OPTION,
    fmt: str = typer.Option("table", "--format", help="Output format: table, csv, json or markdown."),
) -> None:
    """Run a DuckDB SQL query over a release (views: events, mentions, articles).

    Dates are DATE, counts BIGINT, amounts DOUBLE.

    Example: regtimeline sql "SELECT event_type, count(*) AS n FROM events GROUP BY ALL ORDER BY n DESC" --format markdown
    """
    from builder.sql import FORMATS, format_result, run_query

    if fmt not in FORMATS:
        raise typer.BadParameter(f"use one of {', '.join(FORMATS)}", param_hint="--format")
    with user_errors():
        typer.echo(format_result(run_query(query, out, version), fmt), nl=False)


@app.command("eval")
def evaluate(
    gold: Path = typer.Option(..., "--gold", exists=True, dir_okay=False, help="Gold labels CSV (see tests/gold/)."),
    mentions: Path = typer.Option(None, "--mentions", exists=True, dir_okay=False, help="Mentions CSV to score (default: the release's mentions.csv)."),
    show: bool = typer.Option(False, "--show", help="Also list wrong dates, misses and extras."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as one JSON object."),
    out: Path = OUT_OPTION,
    version: str = RELEASE_VERSION_OPTION,
) -> None:
    """Score a release's mentions against gold labels: precision, recall, F1, date and amount accuracy.

    Agrees with the reference scorer (tests/gold/score_reference.py) to the digit.

    Example: regtimeline eval --gold tests/gold/seeds-gold.csv --show
    """
    from builder.evaluate import GOLD_COLUMNS, PRED_COLUMNS, format_matching, format_scores, match, read_rows, score
    from builder.sql import release_dir

    with user_errors():
        pred_path = mentions or release_dir(out, version) / "mentions.csv"
        gold_rows, pred_rows = read_rows(gold, GOLD_COLUMNS), read_rows(pred_path, PRED_COLUMNS)
    if show:
        typer.echo(format_matching(match(gold_rows, pred_rows)), nl=False)
    scores = score(gold_rows, pred_rows)
    if as_json:
        typer.echo(json.dumps(scores))
    else:
        typer.echo(format_scores(scores), nl=False)


@app.command()
def dates(
    anchor: str = typer.Option(None, "--anchor", help="Date (YYYY-MM-DD) that relative expressions resolve against."),
    jsonl: bool = typer.Option(False, "--jsonl", help='Read JSON lines {"id","anchor","text"}; write {"id","expressions"} per line.'),
) -> None:
    """Resolve the temporal expressions in text read from stdin; one JSON object per line.

    With --anchor: the whole stdin is one text; prints one object per expression.
    With --jsonl: one object per input line, in input order.

    Example: echo "The fine was imposed last Monday." | regtimeline dates --anchor 2021-07-20
    """
    from builder import dates as engine

    if jsonl == (anchor is not None):
        raise typer.BadParameter("give exactly one of --anchor DATE or --jsonl")
    needed = ("resolve_jsonl",) if jsonl else ("resolve_dates", "expression_to_dict")
    missing = [n for n in needed if not hasattr(engine, n)]
    if missing:
        typer.echo(f"error: builder.dates lacks {', '.join(missing)} (the date engine is not installed yet)", err=True)
        raise typer.Exit(1)
    if jsonl:
        for n, line in enumerate(sys.stdin, start=1):
            try:
                for out in engine.resolve_jsonl([line]):
                    typer.echo(out.rstrip("\n"))
            except (ValueError, KeyError, TypeError) as exc:
                typer.echo(f"error: stdin line {n}: {exc!r}; expected {{\"id\", \"anchor\": \"YYYY-MM-DD\", \"text\"}}", err=True)
                raise typer.Exit(1) from None
        return
    try:
        day = dt.date.fromisoformat(anchor)
    except ValueError:
        raise typer.BadParameter(f"'{anchor}' is not a date (YYYY-MM-DD)", param_hint="--anchor") from None
    for expr in engine.resolve_dates(sys.stdin.read(), day):
        typer.echo(json.dumps(engine.expression_to_dict(expr), ensure_ascii=False))


@app.command()
def diff(
    expected: Path = typer.Argument(..., metavar="EXPECTED", help="Release folder to compare against (e.g. output/0.1.0-dev)."),
    actual: Path = typer.Argument(..., metavar="ACTUAL", help="Release folder to check (e.g. a fresh build)."),
    events_csv: Path = typer.Option(None, "--events-csv", help="Also write the event changes as CSV (op,event_id,field,old,new) to this file."),
) -> None:
    """Compare two release folders: CSV and text files by bytes, Parquet files by content.

    Exits 1 and lists the differences when they differ (used by `make check-output`).
    Prints how many events were added, removed and modified (by event_id);
    --events-csv writes them, one row per changed field.

    Example: regtimeline diff output/0.1.0 output/0.2.0 --events-csv changes.csv
    """
    from builder.release import changes_csv, event_changes, summarise_changes
    from builder.sql import compare_releases

    with user_errors():
        problems = compare_releases(expected, actual)
        changes = event_changes(expected, actual) if (expected / "events.csv").is_file() and (actual / "events.csv").is_file() else []
    if events_csv is not None:
        events_csv.write_text(changes_csv(changes), encoding="utf-8")
    if problems:
        typer.echo(summarise_changes(changes), err=True)
    if problems:
        typer.echo(f"{actual} differs from {expected}:", err=True)
        for p in problems:
            typer.echo(f"  {p}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{actual} is identical to {expected} (CSV bytes, Parquet content)")


@app.command()
def release(
    version: str = typer.Argument(..., metavar="VERSION", help="The release version, X.Y.Z (no -label)."),
    date: str = typer.Option(None, "--date", help="Release date YYYY-MM-DD for CHANGELOG.md and CITATION.cff (default: today)."),
    seeds: Path = typer.Option(PROJECT_ROOT / "seeds", "--seeds", help="Folder of article text files (with manifest.csv)."),
    out: Path = OUT_OPTION,
) -> None:
    """Freeze a release: build OUT/VERSION (strict), add a CHANGELOG.md entry, update CITATION.cff.

    Refuses a version that already exists. The Data section of the entry gives row
    counts by table and type and the events added, removed and modified since the
    previous release.

    Example: regtimeline release 0.1.0 --date 2026-11-21
    """
    from builder.release import make_release

    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        raise typer.BadParameter(f"'{date}' is not a date (YYYY-MM-DD)", param_hint="--date") from None
    with user_errors():
        path, changes = make_release(version, day, seeds, out, PROJECT_ROOT)
    from builder.release import summarise_changes

    typer.echo(f"{path}: released {version} on {day.isoformat()}; {summarise_changes(changes)}; CHANGELOG.md and CITATION.cff updated")


if __name__ == "__main__":
    app()
