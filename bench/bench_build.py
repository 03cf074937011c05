#!/usr/bin/env python3
"""Scale benchmark of `regtimeline build` on a synthetic corpus, beside the naive peer (`make bench`).

    .venv/bin/python bench/bench_build.py [--articles 20000] [--seed 1] [--jobs N] [--workdir DIR] [--keep]
    .venv/bin/python bench/bench_build.py --articles 100000      # the memory target's size

Load inputs: none; the corpus is generated (bench/synth_corpus.py: realistic news sentences
recombined with regulators, companies, amounts and dates from the project's gazetteers, with the
events it planted as gold).
Process, each step a child process so its time and memory are its own:
  1. generate the corpus (timed, not part of any build time);
  2. full build, cold cache:  python -m builder build --corpus C --out W/out --version 0.0.0-bench
                                --jobs J --cache-dir W/cache
  3. no-op rebuild: the same command again (warm cache);
  4. rebuild after editing 1% of the articles (same ids; the edited corpus is generated first,
     untimed), same cache;
  5. the naive peer (bench/peer.py): dateparser's search_dates on every sentence with a trigger
     word, one process.
Memory: the largest single process's peak RSS (/usr/bin/time -v, else getrusage in a fresh
wrapper process) and the peak of the whole process tree (sampled every 0.1 s from /proc; PSS,
so pages shared by forked workers are counted once), which is what the 1 GB target is read
against.
Output: a table (articles, seconds, articles/s, memory per step), the ratio to the peer, the
rebuild as % of the full build, accuracy of regtimeline and the peer on the planted gold, a
determinism check (mentions.csv of the full build == of the no-op rebuild), and PASS/FAIL lines
for the targets: full build >= 300 articles/s and >= 2x the peer; peak memory < 1 GB at 100,000
articles; 1% rebuild <= 5% of the full build's time. Also W/bench.json (with --keep, or --json).

BENCH_BUILD_CMD overrides the build command (a template with {python} {corpus} {out} {version}
{jobs} {cache}), e.g. to benchmark another branch's interpreter.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
VERSION = "0.0.0-bench"
DEFAULT_BUILD = "{python} -m builder build --corpus {corpus} --out {out} --version {version} --jobs {jobs} --cache-dir {cache}"
TARGET_RATE = 300.0
TARGET_PEER_RATIO = 2.0
TARGET_RSS_MB = 1024.0
TARGET_RSS_AT = 100_000
TARGET_REBUILD_PCT = 5.0
TIME_BIN = "/usr/bin/time"


def _python() -> str:
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


# ----------------------------------------------------------------------------- memory sampling
def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    kids.extend(int(x) for x in f.read().split())
            except OSError:
                pass
    except OSError:
        pass
    return kids


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(_children(p))
    return out


def _mem_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in kB of one process; (0, 0) when it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
        return pss, rss
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as f:
            rss = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        return rss, rss
    except (OSError, ValueError, IndexError):
        return 0, 0


class TreeSampler(threading.Thread):
    """Peak summed PSS and RSS of a process and its descendants, sampled."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_pss_kb = self.peak_rss_kb = 0
        self.peak_procs = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = _tree(self.pid)
            mems = [_mem_kb(p) for p in pids]
            self.peak_pss_kb = max(self.peak_pss_kb, sum(m[0] for m in mems))
            self.peak_rss_kb = max(self.peak_rss_kb, sum(m[1] for m in mems))
            self.peak_procs = max(self.peak_procs, len(pids))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


_WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[2:], stdout=open(sys.argv[1], 'ab'), stderr=subprocess.STDOUT)\n"
    "print(json.dumps({'rc': rc, 'maxrss_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n"
)


def measure(name: str, cmd: list[str], log: Path, cwd: Path = ROOT) -> dict:
    """Run cmd as a child; wall seconds, the largest process's peak RSS and the tree's peak memory."""
    log.parent.mkdir(parents=True, exist_ok=True)
    use_time = os.path.exists(TIME_BIN)
    with open(log, "wb") as f:
        f.write(("$ " + shlex.join(cmd) + "\n").encode())
    if use_time:
        full = [TIME_BIN, "-v", "-o", str(log) + ".time"] + cmd
        out_f = open(log, "ab")
        t = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, stdout=out_f, stderr=subprocess.STDOUT)
    else:
        out_f = None
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, str(log)] + cmd, cwd=cwd, stdout=subprocess.PIPE)
    sampler = TreeSampler(proc.pid)
    sampler.start()
    stdout, _ = proc.communicate()
    seconds = time.perf_counter() - t
    sampler.stop()
    if out_f:
        out_f.close()
    if use_time:
        text = Path(str(log) + ".time").read_text(errors="replace")
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        maxrss_kb = int(m.group(1)) if m else 0
        s = re.search(r"Exit status: (\d+)", text)
        rc = int(s.group(1)) if s else proc.returncode
    else:
        info = json.loads(stdout.decode().strip().splitlines()[-1])
        rc, maxrss_kb = info["rc"], info["maxrss_kb"]
    if rc != 0:
        tail = log.read_text(errors="replace").splitlines()[-25:]
        raise SystemExit(f"step '{name}' failed (exit {rc}); log {log}:\n" + "\n".join(tail))
    # the sampler also sees /usr/bin/time itself (about 2 MB): negligible
    return {
        "step": name, "seconds": seconds, "maxrss_mb": maxrss_kb / 1024,
        "tree_pss_mb": sampler.peak_pss_kb / 1024, "tree_rss_mb": sampler.peak_rss_kb / 1024,
        "processes": sampler.peak_procs,
    }


def code_fingerprint() -> str:
    """SHA-256 over builder/ and schemas/ (code and lexicons): a change during the run spoils the
    cache comparisons, since the extraction cache is keyed by the extractor's files."""
    h = hashlib.sha256()
    for p in sorted(list((ROOT / "builder").rglob("*")) + list((ROOT / "schemas").rglob("*"))):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(ROOT)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


_CACHE_LINE = re.compile(r"\((\d+) extracted, (\d+) from the cache\)")


def cache_counts(log: Path) -> tuple[int, int] | None:
    """(extracted, from the cache) as the build reports them, if it does."""
    m = None
    for m in _CACHE_LINE.finditer(log.read_text(errors="replace")):
        pass
    return (int(m.group(1)), int(m.group(2))) if m else None


# ----------------------------------------------------------------------------- scoring
def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_csv(path: Path) -> list[dict]:
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _strip_apostrophe(rows: list[dict]) -> list[dict]:
    """mentions.csv prefixes spreadsheet-active cells with an apostrophe; drop it for scoring."""
    for r in rows:
        for k in ("target", "article_id"):
            v = r.get(k) or ""
            if v.startswith("'"):
                r[k] = v[1:]
    return rows


def score_regtimeline(gold: list[dict], pred: list[dict]) -> dict:
    """The project's scorer (builder.evaluate: type + normalised target; strict adds date and precision)."""
    sys.path.insert(0, str(ROOT))
    from builder.evaluate import score

    s = score(gold, pred)
    s.pop("per_type", None)
    return s


# ----------------------------------------------------------------------------- report
def _rate(articles: int, seconds: float) -> float:
    return articles / seconds if seconds > 0 else 0.0


def _verdict(ok: bool | None) -> str:
    return "n/a " if ok is None else ("PASS" if ok else "FAIL")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="build processes (default: all cores)")
    ap.add_argument("--workdir", type=Path, help="working folder (default: a temporary folder, removed afterwards)")
    ap.add_argument("--keep", action="store_true", help="keep the working folder")
    ap.add_argument("--change-fraction", type=float, default=0.01)
    ap.add_argument("--change-seed", type=int, default=2)
    ap.add_argument("--peer-articles", type=int, help="run the peer on the first N articles only (default: all)")
    ap.add_argument("--skip-peer", action="store_true")
    ap.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = ap.parse_args(argv)

    made_tmp = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="regtimeline-bench-")) if made_tmp else args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    try:
        results = run(args, work)
    except BaseException:
        if made_tmp:
            print(f"working folder kept for inspection: {work}", file=sys.stderr)
        raise
    js = json.dumps(results, indent=2, default=str)
    if args.json:
        args.json.write_text(js)
    if args.keep or not made_tmp:
        (work / "bench.json").write_text(js)
        print(f"\nworking folder kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def run(args: argparse.Namespace, work: Path) -> dict:
    """All steps; prints the report and returns the results."""
    py = _python()
    corpus, gold_path, changed = work / "corpus.jsonl", work / "gold.csv", work / "corpus-changed.jsonl"
    out, cache, logs = work / "out", work / "cache", work / "logs"
    release = out / VERSION
    template = os.environ.get("BENCH_BUILD_CMD", DEFAULT_BUILD)
    for d in (out, cache):
        if d.exists():
            shutil.rmtree(d)

    def build_cmd(c: Path) -> list[str]:
        return shlex.split(template.format(python=shlex.quote(py), corpus=shlex.quote(str(c)), out=shlex.quote(str(out)),
                                           version=VERSION, jobs=args.jobs, cache=shlex.quote(str(cache))))

    n = args.articles
    print(f"regtimeline build benchmark: {n:,} synthetic articles (seed {args.seed}), --jobs {args.jobs}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, work dir {work}", flush=True)
    results: dict = {"articles": n, "seed": args.seed, "jobs": args.jobs, "cores": os.cpu_count(), "steps": {}}
    print("  generating the corpus ...", flush=True)
    gen = measure("generate", [py, str(BENCH / "synth_corpus.py"), "--articles", str(n), "--seed", str(args.seed),
                               "--out", str(corpus), "--gold", str(gold_path)], logs / "generate.log")
    gen_stats = json.loads(Path(logs / "generate.log").read_text().strip().splitlines()[-1])
    results["corpus"] = {"bytes": corpus.stat().st_size, **gen_stats}

    print("  full build (cold cache) ...", flush=True)
    code_before = code_fingerprint()
    full = measure("full", build_cmd(corpus), logs / "full.log")
    full_sha = sha256(release / "mentions.csv")
    shutil.copy(release / "mentions.csv", work / "mentions-full.csv")
    events_full = sha256(release / "events.csv")

    print("  no-op rebuild (warm cache) ...", flush=True)
    noop = measure("noop", build_cmd(corpus), logs / "noop.log")
    noop_sha = sha256(release / "mentions.csv")
    events_noop = sha256(release / "events.csv")

    print(f"  rebuild after changing {args.change_fraction:.0%} of the articles ...", flush=True)
    measure("generate-changed", [py, str(BENCH / "synth_corpus.py"), "--from", str(corpus), "--change-fraction",
                                 str(args.change_fraction), "--change-seed", str(args.change_seed), "--out", str(changed)],
            logs / "generate-changed.log")
    n_changed = json.loads(Path(logs / "generate-changed.log").read_text().strip().splitlines()[-1])["changed"]
    inc = measure("incremental", build_cmd(changed), logs / "incremental.log")
    code_changed = code_fingerprint() != code_before
    for r in (full, noop, inc):
        r["cache"] = cache_counts(logs / f"{r['step']}.log")

    peer = None
    peer_n = min(n, args.peer_articles) if args.peer_articles else n
    if not args.skip_peer:
        print(f"  naive peer on {peer_n:,} articles ...", flush=True)
        peer_cmd = [py, str(BENCH / "peer.py"), str(corpus), "--out", str(work / "peer.csv")]
        if args.peer_articles:
            peer_cmd += ["--limit", str(peer_n)]
        peer = measure("peer", peer_cmd, logs / "peer.log")
        peer_info = json.loads(Path(logs / "peer.log").read_text().strip().splitlines()[-1])
        peer["loop_seconds"] = peer_info["seconds"]

    # ------------------------------------------------------------------ table
    rows = [
        ("generate corpus (not build time)", n, gen),
        ("full build, cold cache", n, full),
        ("no-op rebuild, warm cache", n, noop),
        (f"rebuild, {n_changed:,} articles changed", n, inc),
    ]
    if peer:
        rows.append(("naive peer (search_dates, 1 proc)", peer_n, peer))
    print()
    print(f"corpus: {n:,} articles, {results['corpus']['bytes'] / 1e6:.1f} MB, mean text "
          f"{results['corpus']['mean_text_bytes'] / 1024:.2f} KB/article, {results['corpus']['gold_rows']:,} planted events")
    head = (f"{'step':<36}{'articles':>9}{'seconds':>9}{'articles/s':>12}{'peak RSS MB':>13}{'all procs MB':>14}"
            f"{'extracted':>11}")
    print(head)
    print("-" * len(head))
    for label, arts, r in rows:
        rate = _rate(arts, r["seconds"])
        cached = r.get("cache")
        extracted = f"{cached[0]:,}" if cached else ""
        print(f"{label:<36}{arts:>9,}{r['seconds']:>9.1f}{rate:>12.1f}{r['maxrss_mb']:>13.0f}{r['tree_pss_mb']:>14.0f}"
              f"{extracted:>11}")
        results["steps"][r["step"]] = {**r, "articles": arts, "articles_per_s": rate}
    print("(peak RSS: the largest single process; all procs: peak of the summed PSS of the process tree, sampled;\n"
          " extracted: articles the build extracted rather than read from its cache, as it reports)")
    if code_changed:
        print("WARNING: builder/ or schemas/ changed during the run: the extraction cache was keyed by other code, so the "
              "rebuild timings and the determinism check are not meaningful; rerun on a quiet tree.")
    if noop.get("cache") and noop["cache"][0] > 0:
        print(f"WARNING: the no-op rebuild extracted {noop['cache'][0]:,} articles (expected 0).")
    results["code_changed_during_run"] = code_changed

    full_rate = _rate(n, full["seconds"])
    peer_rate = _rate(peer_n, peer["seconds"]) if peer else None
    ratio = full_rate / peer_rate if peer_rate else None
    inc_pct = 100 * inc["seconds"] / full["seconds"]
    noop_pct = 100 * noop["seconds"] / full["seconds"]
    print()
    if ratio is not None:
        print(f"full build vs peer: x{ratio:.2f} ({full_rate:.0f} vs {peer_rate:.0f} articles/s; the peer's "
              f"search loop alone: {_rate(peer_n, peer['loop_seconds']):.0f} articles/s)")
    print(f"no-op rebuild: {noop_pct:.1f}% of the full build; rebuild after {args.change_fraction:.0%} changed: {inc_pct:.1f}%")
    same = full_sha == noop_sha
    print(f"determinism: mentions.csv of the full build {'==' if same else '!='} of the no-op rebuild "
          f"(sha256 {full_sha[:16]}…{'' if same else ' vs ' + noop_sha[:16] + '…'}); events.csv "
          f"{'==' if events_full == events_noop else '!='}")
    results.update(full_vs_peer=ratio, noop_pct=noop_pct, incremental_pct=inc_pct, deterministic=same,
                   deterministic_events=events_full == events_noop, changed_articles=n_changed)

    # ------------------------------------------------------------------ accuracy
    gold = read_csv(gold_path)
    pred = _strip_apostrophe(read_csv(work / "mentions-full.csv"))
    sys.path.insert(0, str(BENCH))
    from peer import score_keyed

    acc = score_regtimeline(gold, pred)
    print()
    print(f"accuracy on the planted gold ({len(gold):,} events in {n:,} articles; the corpus is a speed benchmark, "
          "this is a side number):")
    print(f"  regtimeline  type+target: P {acc['precision']:.3f} R {acc['recall']:.3f} F1 {acc['f1']:.3f}; "
          f"strict (+date, precision) F1 {acc['strict_f1']:.3f}; date accuracy {acc['date_accuracy']:.3f}; "
          f"amount accuracy {acc['amount_accuracy']}")
    results["accuracy"] = {"regtimeline": acc}
    if peer:
        peer_rows = read_csv(work / "peer.csv")
        ids = {r["id"] for _, r in zip(range(peer_n), _iter_ids(corpus))}
        ps = score_keyed(gold, peer_rows, ids)
        rs = score_keyed(gold, pred, ids)
        print(f"  on (article, type, date) only, {peer_n:,} articles (the peer names no target):")
        print(f"    regtimeline  hits {rs['hit']:,}/{rs['gold']:,} gold events (R {rs['recall']:.3f}), "
              f"{rs['wrong']:,} of {rs['pred']:,} rows hit nothing (P {rs['precision']:.3f}), F1 {rs['f1']:.3f}")
        print(f"    naive peer   hits {ps['hit']:,}/{ps['gold']:,} gold events (R {ps['recall']:.3f}), "
              f"{ps['wrong']:,} of {ps['pred']:,} rows hit nothing (P {ps['precision']:.3f}), F1 {ps['f1']:.3f}")
        results["accuracy"].update(regtimeline_keyed=rs, peer_keyed=ps)

    # ------------------------------------------------------------------ targets
    mem = full["tree_pss_mb"]
    at_scale = n >= TARGET_RSS_AT
    checks = [
        (f"full build >= {TARGET_RATE:.0f} articles/s", full_rate >= TARGET_RATE, f"{full_rate:.0f} articles/s"),
        (f"full build >= {TARGET_PEER_RATIO:.0f}x the peer's rate", None if ratio is None else ratio >= TARGET_PEER_RATIO,
         "peer skipped" if ratio is None else f"x{ratio:.2f}"),
        (f"peak memory < 1 GB at {TARGET_RSS_AT:,} articles", (mem < TARGET_RSS_MB) if at_scale else None,
         f"{mem:.0f} MB all processes, {full['maxrss_mb']:.0f} MB largest, at {n:,} articles"
         + ("" if at_scale else f" (run --articles {TARGET_RSS_AT} for the target)")),
        (f"{args.change_fraction:.0%} rebuild <= {TARGET_REBUILD_PCT:.0f}% of the full build",
         None if code_changed else inc_pct <= TARGET_REBUILD_PCT,
         f"{inc_pct:.1f}% ({inc['seconds']:.1f} s of {full['seconds']:.1f} s)"),
        ("no-op rebuild output identical to the full build's", None if code_changed else same,
         "code changed during the run" if code_changed else "mentions.csv sha256"),
    ]
    print()
    for label, ok, value in checks:
        print(f"{_verdict(ok)}  {label:<48} {value}")
    results["targets"] = [{"target": label, "ok": ok, "value": value} for label, ok, value in checks]
    return results


def _iter_ids(corpus: Path):
    sys.path.insert(0, str(BENCH))
    from synth_corpus import read_corpus

    for r in read_corpus(corpus):
        yield {"id": r["id"]}


if __name__ == "__main__":
    sys.exit(main())
