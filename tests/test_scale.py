"""Scale: parallel jobs, the per-article cache and the Dask engine never change the output."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder import cache as cache_mod
from builder.cache import EXTRACTOR_CODE, ExtractionCache, article_key, decode_result, encode_result, extractor_version
from builder.corpus import load_articles
from builder.pipeline import PROJECT_ROOT, build
from tests.conftest import snapshot

SEED_ARTICLES = load_articles(PROJECT_ROOT / "seeds", PROJECT_ROOT / "seeds" / "manifest.csv")[:10]


def write_corpus(path: Path, articles=SEED_ARTICLES, edit: dict[str, str] | None = None) -> Path:
    edit = edit or {}
    with open(path, "w", encoding="utf-8") as f:
        for a in articles:
            text = a.text + edit.get(a.article_id, "")
            row = {"id": a.article_id, "title": a.title, "published": a.published.isoformat(), "text": text, "publisher": a.publisher}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def release(out: Path) -> dict[str, bytes]:
    return snapshot(out / "0.1.0-dev")


def run(corpus: Path, out: Path, **kw):
    return build(None, None, out, "0.1.0-dev", corpus=corpus, **kw)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """The corpus and the release built from it in this process, with no cache."""
    tmp = tmp_path_factory.mktemp("reference")
    corpus = write_corpus(tmp / "corpus.jsonl")
    run(corpus, tmp / "out", jobs=1, use_cache=False)
    return corpus, release(tmp / "out")


def test_jobs_and_cache_give_byte_identical_releases(reference, tmp_path: Path) -> None:
    corpus, expected = reference
    cold = run(corpus, tmp_path / "a", jobs=2, cache_dir=tmp_path / "cache")
    assert (cold.extracted, cold.from_cache) == (10, 0)
    assert release(tmp_path / "a") == expected
    warm = run(corpus, tmp_path / "b", jobs=2, cache_dir=tmp_path / "cache")
    assert (warm.extracted, warm.from_cache) == (0, 10)
    assert release(tmp_path / "b") == expected
    one = run(corpus, tmp_path / "c", jobs=1, cache_dir=tmp_path / "cache")
    assert (one.extracted, one.from_cache) == (0, 10)
    assert release(tmp_path / "c") == expected


def test_a_changed_article_alone_is_extracted_again(reference, tmp_path: Path) -> None:
    corpus, _ = reference
    run(corpus, tmp_path / "out", jobs=1, cache_dir=tmp_path / "cache")
    changed_id = SEED_ARTICLES[3].article_id
    changed = write_corpus(tmp_path / "changed.jsonl", edit={changed_id: "\nThe regulator fined ShopCo on Monday."})
    res = run(changed, tmp_path / "out", jobs=2, cache_dir=tmp_path / "cache")
    assert (res.extracted, res.from_cache) == (1, 9)
    run(changed, tmp_path / "fresh", jobs=1, use_cache=False)
    assert release(tmp_path / "out") == release(tmp_path / "fresh")


def test_the_cache_key_follows_every_input_of_extraction() -> None:
    a = SEED_ARTICLES[0]
    import dataclasses

    key = article_key(a, "v1")
    assert article_key(a, "v2") != key
    for change in ({"text_sha256": "0" * 64}, {"article_id": "x#1"}, {"title": "Other"}, {"published": a.published.replace(year=2000)}):
        assert article_key(dataclasses.replace(a, **change), "v1") != key
    assert article_key(dataclasses.replace(a, url="https://elsewhere"), "v1") == key  # not read by extraction


def test_the_extractor_version_changes_with_a_vocabulary_or_code_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for d in ("builder", "schemas"):
        shutil.copytree(PROJECT_ROOT / d, tmp_path / d, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_mod, "ROOT", tmp_path)
    versions = []
    for path in (None, "builder/lexicon/triggers.yml", "builder/extract/actions.py", "builder/lexicon/organisations.yml"):
        if path:
            with open(tmp_path / path, "a", encoding="utf-8") as f:
                f.write("\n# changed\n")
        extractor_version.cache_clear()
        versions.append(extractor_version())
    extractor_version.cache_clear()
    assert len(set(versions)) == 4


def test_the_version_covers_every_module_extraction_imports() -> None:
    """In a fresh interpreter, extraction imports no project module the version does not hash."""
    code = (
        "import sys, json\n"
        "from builder.corpus import load_articles\n"
        "from builder.engine import extract_one\n"
        "a = load_articles('seeds', 'seeds/manifest.csv')[0]\n"
        "extract_one(a)\n"
        "print(json.dumps(sorted(m.__file__ for n, m in sys.modules.items() if n.split('.')[0] in ('builder', 'schemas'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    loaded = {Path(f).resolve() for f in json.loads(out.stdout)}
    hashed = {p.resolve() for pattern in EXTRACTOR_CODE for p in PROJECT_ROOT.glob(pattern)}
    assert loaded - hashed == set()


def test_cached_and_fresh_results_decode_to_the_same_mentions() -> None:
    from builder.engine import extract_one

    payload = extract_one(SEED_ARTICLES[1])
    mentions, stats = decode_result(payload)
    assert mentions, "the seed article has mentions"
    assert encode_result(mentions, stats) == payload


def test_a_corrupt_cache_is_replaced_with_a_warning(reference, tmp_path: Path) -> None:
    corpus, expected = reference
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / f"extract-{extractor_version()}.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.warns(UserWarning, match="unreadable cache"):
        res = run(corpus, tmp_path / "out", jobs=1, cache_dir=cache_dir)
    assert res.extracted == 10
    assert release(tmp_path / "out") == expected


def test_an_unusable_cache_folder_only_warns(reference, tmp_path: Path) -> None:
    corpus, expected = reference
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    with pytest.warns(UserWarning, match="cannot use the extraction cache"):
        run(corpus, tmp_path / "out", jobs=1, cache_dir=blocker)
    assert release(tmp_path / "out") == expected


def test_old_extractor_versions_are_removed_from_the_cache(tmp_path: Path) -> None:
    ExtractionCache(tmp_path, "aaaa").close()
    ExtractionCache(tmp_path, "bbbb").close()
    assert sorted(p.name for p in tmp_path.glob("*.sqlite")) == ["extract-bbbb.sqlite"]


@pytest.mark.slow
def test_the_dask_engine_on_a_two_worker_local_cluster_gives_the_same_release(reference, tmp_path: Path) -> None:
    from distributed import LocalCluster

    corpus, expected = reference
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        res = run(corpus, tmp_path / "out", engine="dask", scheduler=cluster.scheduler_address, jobs=2, use_cache=False)
    assert res.extracted == 10
    assert release(tmp_path / "out") == expected


def test_an_unreachable_scheduler_is_a_clear_error(reference, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from builder.errors import BuildError

    monkeypatch.setattr("builder.engine.DASK_CONNECT_TIMEOUT", "1s")
    corpus, _ = reference
    with pytest.raises(BuildError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        run(corpus, tmp_path / "out", engine="dask", scheduler="tcp://127.0.0.1:9", use_cache=False)
    assert not (tmp_path / "out" / "0.1.0-dev").exists()


def test_progress_is_reported_up_to_every_article(tmp_path: Path) -> None:
    from builder.engine import extract_corpus

    calls: list[tuple[int, int]] = []
    extract_corpus(SEED_ARTICLES, jobs=2, progress=lambda done, extracted: calls.append((done, extracted)))
    assert calls[-1] == (10, 10)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_the_progress_bar_is_off_when_stderr_is_not_a_terminal() -> None:
    from builder.engine import progress_bar

    update, close = progress_bar(10)  # pytest captures stderr: not a terminal
    assert update is None
    close()


@pytest.mark.slow
def test_the_command_line_dask_engine_starts_a_local_cluster(reference, tmp_path: Path) -> None:
    """`--engine dask` without --scheduler, through the command (which blocks pandera's dask.dataframe import)."""
    corpus, expected = reference
    out = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--corpus", str(corpus), "--out", str(tmp_path / "out"),
         "--version", "0.1.0-dev", "--engine", "dask", "--jobs", "2", "--no-cache"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert release(tmp_path / "out") == expected


@pytest.mark.slow
def test_sigterm_during_parallel_extraction_stops_cleanly(tmp_path: Path) -> None:
    """Workers stop with the build; no release is written; the cache keeps what was finished."""
    import signal
    import time

    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
    from synth_corpus import write_corpus as write_synthetic

    corpus = tmp_path / "corpus.jsonl"
    write_synthetic(corpus, 3000, 7, "jsonl")
    proc = subprocess.Popen(
        [sys.executable, "-m", "builder", "build", "--corpus", str(corpus), "--out", str(tmp_path / "out"),
         "--version", "0.1.0-dev", "--jobs", "2"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    def workers() -> str:
        return subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout

    deadline = time.monotonic() + 60
    while not workers() and time.monotonic() < deadline:  # the pool has started: extraction is under way
        time.sleep(0.1)
    pids = [int(p) for p in workers().split()]
    assert pids, "the build started no worker processes"
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 1, err
    assert "build interrupted; no partial release was left" in err
    assert not (tmp_path / "out" / "0.1.0-dev").exists()
    time.sleep(0.5)
    def running(pid: int) -> bool:
        try:
            return "zombie" not in Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return False

    alive = [p for p in pids if running(p)]
    assert alive == [], f"worker processes outlived the build: {alive}"
