#!/usr/bin/env python3
"""Extraction throughput and peak memory, beside a naive peer measured in the same run.

    .venv/bin/python bench/bench_extract.py [--repeat N]

Load inputs: the seed articles (seeds/manifest.csv), repeated N times (default 20)
as one in-memory corpus.
Process, each in a fresh child process so peak RSS is its own:
  - regtimeline: extraction of every article + in-article merging (builder.pipeline.extract_mentions);
  - naive peer: `dateparser.search.search_dates` on every sentence that contains a
    trigger word (fine, ban, probe, investigat, order, rule, sue, deadline), the
    baseline the scale issue names.
Output: articles/s and peak RSS (MB) for both, and the ratio.

This is a first, single-process measurement; the synthetic-corpus benchmark with
parallel jobs, caching and rebuild timings belongs to the scale issue.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIGGER = re.compile(r"\b(?:fine|fined|ban|banned|probe|investigat\w*|order\w*|rule\w*|sue[sd]?|deadline)\b", re.I)


def _articles(repeat: int):
    sys.path.insert(0, str(ROOT))
    from builder.corpus import load_articles

    return load_articles(ROOT / "seeds", ROOT / "seeds" / "manifest.csv") * repeat


def run_regtimeline(repeat: int) -> dict:
    from builder.pipeline import extract_mentions

    arts = _articles(repeat)
    t = time.perf_counter()
    n = len(extract_mentions(arts))
    return {"articles": len(arts), "seconds": time.perf_counter() - t, "rows": n}


def run_peer(repeat: int) -> dict:
    import warnings

    from dateparser.search import search_dates

    warnings.filterwarnings("ignore")
    arts = _articles(repeat)
    t = time.perf_counter()
    n = 0
    for a in arts:
        for sent in re.split(r"(?<=[.!?])\s+|\n+", a.text):
            if TRIGGER.search(sent):
                n += len(search_dates(sent, languages=["en"], settings={"RELATIVE_BASE": __import__("datetime").datetime.combine(a.published, __import__("datetime").time())}) or [])
    return {"articles": len(arts), "seconds": time.perf_counter() - t, "rows": n}


def _child(which: str, repeat: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", which, "--repeat", str(repeat)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        res = run_regtimeline(args.repeat) if args.child == "regtimeline" else run_peer(max(1, args.repeat // 4))
        res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(res))
        return
    ours, peer = _child("regtimeline", args.repeat), _child("peer", args.repeat)
    print(f"{'engine':<34}{'articles':>9}{'seconds':>9}{'articles/s':>12}{'peak RSS MB':>13}")
    for name, r in (("regtimeline extraction (1 process)", ours), ("naive peer (search_dates)", peer)):
        print(f"{name:<34}{r['articles']:>9}{r['seconds']:>9.2f}{r['articles'] / r['seconds']:>12.1f}{r['peak_rss_mb']:>13.0f}")
    ratio = (ours["articles"] / ours["seconds"]) / (peer["articles"] / peer["seconds"])
    print(f"ratio to the peer: x{ratio:.1f} (peer run on 1/4 of the corpus; rates are per article)")


if __name__ == "__main__":
    main()
