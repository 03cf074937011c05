"""Extraction over a stream of articles: from the cache, in parallel processes, or on a Dask cluster.

Load inputs: an iterator of Articles (a manifest's, or a corpus file's, read lazily).
Process: articles are read in batches; each batch's keys are looked up in the cache
(builder.cache); the others are extracted in chunks by an executor — this process
(`jobs=1`), a pool of `jobs` processes (engine "local"), or the workers of a Dask
cluster (engine "dask") — and their results written to the cache. Only a bounded
number of chunks is in flight, so memory holds the results, never the corpus.
Output: every article's mentions (after in-article merging), sorted as the pipeline
sorts them, the summed build-report counts, and each article's row for the articles
table (its text dropped). The result does not depend on the engine, the number of
jobs, the order chunks finish in, or whether the cache was used: cached and fresh
results are decoded by the same function.
"""
from __future__ import annotations

import collections
import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from builder.cache import ExtractionCache, article_key, decode_result, encode_result, extractor_version
from builder.corpus import Article, ArticleInfo
from builder.errors import BuildError
from builder.extract import extract_article
from builder.extract.stats import ExtractionStats
from builder.merge import collapse_article_mentions
from builder.model import Mention

ENGINES = ("local", "dask")
BATCH_ARTICLES = 512  # articles read, looked up in the cache and dispatched together
CHUNK_ARTICLES = 16  # articles per task sent to a worker
INFLIGHT_PER_JOB = 4  # chunks queued per worker before the reader waits
DASK_CONNECT_TIMEOUT = "20s"  # how long to try reaching a Dask scheduler


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def warm_up() -> None:
    """Load the extractor's vocabularies and gazetteers (once per process; forked workers inherit them)."""
    from builder.extract.actions import load_triggers
    from builder.gazetteer import Gazetteer

    load_triggers()
    Gazetteer.load().compile()


def extract_one(article: Article) -> bytes:
    """One article -> its encoded mentions (in-article merging done) and build-report counts."""
    stats = ExtractionStats()
    mentions = collapse_article_mentions(extract_article(article, stats))
    return encode_result(mentions, stats)


def extract_chunk(articles: list[Article]) -> list[bytes]:
    """The task a worker runs: a few articles, one payload each."""
    return [extract_one(a) for a in articles]


@dataclass
class ExtractionRun:
    """What extraction produced for a whole corpus."""

    mentions: list[Mention] = field(default_factory=list)
    stats: ExtractionStats = field(default_factory=ExtractionStats)
    articles: list[Article | ArticleInfo] = field(default_factory=list)  # in input order; text dropped unless keep_text
    extracted: int = 0  # articles extracted in this run
    from_cache: int = 0  # articles whose extraction was read from the cache
    seconds: float = 0.0


class _Inline(cf.Executor):
    """Runs each task at submit time, in this process (jobs=1: no pool to start)."""

    def submit(self, fn, /, *args, **kwargs):  # noqa: ANN001 - the Executor signature
        f: cf.Future = cf.Future()
        try:
            f.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller by .result(), like a pool would
            f.set_exception(exc)
        return f


@contextlib.contextmanager
def executor_for(engine: str, jobs: int, scheduler: str | None) -> Iterator[cf.Executor]:
    """The executor extraction runs on; its workers are stopped on exit."""
    if engine not in ENGINES:
        raise BuildError(f"unknown engine '{engine}'; choose one of {', '.join(ENGINES)}")
    if engine == "dask":
        with _dask_executor(jobs, scheduler) as ex:
            yield ex
        return
    warm_up()
    if jobs <= 1:
        yield _Inline()
        return
    # fork: workers start at once with the vocabularies already loaded (warm_up)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as ex:
        yield ex


@contextlib.contextmanager
def _dask_executor(jobs: int, scheduler: str | None) -> Iterator[cf.Executor]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - distributed is a pinned dependency
        raise BuildError("the dask engine needs the 'distributed' package (pip install distributed)") from None
    with contextlib.ExitStack() as stack:
        if scheduler:
            try:
                client = stack.enter_context(Client(scheduler, timeout=DASK_CONNECT_TIMEOUT))
            except (OSError, TimeoutError) as exc:
                raise BuildError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        else:  # no address: a cluster of this machine's cores, for trying the engine out
            cluster = stack.enter_context(LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None))
            client = stack.enter_context(Client(cluster))
        yield client.get_executor(pure=False)


def extract_corpus(
    articles: Iterable[Article],
    *,
    jobs: int = 1,
    cache: ExtractionCache | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    keep_text: Callable[[Article], bool] = lambda a: False,
    progress: Callable[[int, int], None] | None = None,
) -> ExtractionRun:
    """Extract every article (reading the cache first); see the module docstring.

    `keep_text(article)` says which articles keep their text in the result (those a hand
    correction adds mentions to); `progress(done, extracted)` is called as articles finish.
    """
    version = extractor_version()
    run = ExtractionRun()
    started = time.perf_counter()
    done = 0

    def take(payload: bytes) -> None:
        nonlocal done
        mentions, stats = decode_result(payload)
        run.mentions.extend(mentions)
        run.stats.add(stats)
        done += 1

    with contextlib.ExitStack() as stack:
        executor: cf.Executor | None = None  # started at the first article the cache lacks
        pending: list[tuple[str, bytes]] = []  # results not yet written to the cache
        inflight: collections.deque[tuple[cf.Future, list[tuple[str, str]]]] = collections.deque()

        def collect(future: cf.Future, ids_keys: list[tuple[str, str]]) -> None:
            results = future.result()
            for payload in results:
                take(payload)
            if cache is not None:
                pending.extend((key, payload) for (_, key), payload in zip(ids_keys, results))
                if len(pending) >= BATCH_ARTICLES:  # one transaction per batch, not per chunk
                    cache.put_many(pending)
                    pending.clear()
            run.extracted += len(results)
            if progress:
                progress(done, run.extracted)

        limit = max(1, jobs) * INFLIGHT_PER_JOB
        for batch in _batches(articles, BATCH_ARTICLES):
            keys = [article_key(a, version) for a in batch]
            hits = cache.get_many(keys) if cache is not None else {}
            todo: list[tuple[Article, str]] = []
            for a, key in zip(batch, keys):
                run.articles.append(a if keep_text(a) else a.info())
                if key in hits:
                    take(hits[key])
                    run.from_cache += 1
                else:
                    todo.append((a, key))
            if progress and hits:
                progress(done, run.extracted)
            if todo and executor is None:
                executor = stack.enter_context(executor_for(engine, jobs, scheduler))
            for i in range(0, len(todo), CHUNK_ARTICLES):
                chunk = todo[i : i + CHUNK_ARTICLES]
                future = executor.submit(extract_chunk, [a for a, _ in chunk])
                inflight.append((future, [(a.article_id, k) for a, k in chunk]))
                while len(inflight) >= limit:
                    collect(*inflight.popleft())
        while inflight:
            collect(*inflight.popleft())
        if cache is not None and pending:
            cache.put_many(pending)
    # the order results arrived in is forgotten here: mention_id is unique, so the order is total
    run.mentions.sort(key=lambda m: (m.article_id, m.char_start, m.event_type, m.target, m.mention_id))
    run.seconds = time.perf_counter() - started
    return run


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def progress_bar(total: int | None, enabled: bool | None = None):
    """A `progress(done, extracted)` callback drawing a bar on stderr (articles/s, ETA), and its closer.

    Quiet (no output) when stderr is not a terminal, unless `enabled` says otherwise.
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} articles/s"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("extract", total=total, rate="-")
    started = time.perf_counter()
    bar.start()

    def update(done: int, extracted: int) -> None:
        elapsed = time.perf_counter() - started
        bar.update(task, completed=done, rate=f"{done / elapsed:,.0f}" if elapsed > 0 else "-")

    return update, bar.stop
