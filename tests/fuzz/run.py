"""The long fuzz run behind `make fuzz` (not part of `make test`).

Runs the property checks of tests/test_properties.py -- the date engine, the sentence
splitter, amounts, the gazetteer matchers and the whole extractor never raise on
arbitrary Unicode text and return spans inside it -- with many more Hypothesis
examples, and prints, per target, the inputs tried, the crashes and the time taken.
A crash is printed with its shrunk falsifying input; the exit status is 1 when any
target crashed.

    .venv/bin/python -m tests.fuzz.run [--examples N] [TARGET ...]
    make fuzz FUZZ_EXAMPLES=20000

Figures from a run are listed in tests/fuzz/README.md.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import traceback

from hypothesis import HealthCheck, given, settings

from tests.test_properties import CHECKS


def fuzz(name: str, examples: int) -> tuple[int, int, float, str]:
    """(inputs tried, crashes, seconds, first crash) for one target."""
    check, args = CHECKS[name]
    tried = 0

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(args)
    def run(a: tuple) -> None:
        nonlocal tried
        tried += 1
        check(*a)

    t0 = time.perf_counter()
    try:
        run()
    except Exception:  # noqa: BLE001 - a crash is a finding, reported below
        return tried, 1, time.perf_counter() - t0, traceback.format_exc(limit=-3)
    return tried, 0, time.perf_counter() - t0, ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=int(os.environ.get("FUZZ_EXAMPLES", "5000")),
                        help="Hypothesis examples per target (default: $FUZZ_EXAMPLES or 5000)")
    parser.add_argument("targets", nargs="*", choices=[*sorted(CHECKS), []], help="targets (default: all)")
    ns = parser.parse_args(argv)
    targets = ns.targets or list(CHECKS)
    print(f"fuzzing {', '.join(targets)} with up to {ns.examples} examples each", flush=True)
    total_tried = total_crashes = 0
    rows = []
    for name in targets:
        tried, crashes, secs, crash = fuzz(name, ns.examples)
        total_tried += tried
        total_crashes += crashes
        rows.append((name, tried, crashes, secs))
        print(f"{name:<10} {tried:>8} inputs tried  {crashes} crashes  {secs:7.1f} s", flush=True)
        if crash:
            print(crash, file=sys.stderr)
    print(f"{'total':<10} {total_tried:>8} inputs tried  {total_crashes} crashes  {sum(r[3] for r in rows):7.1f} s")
    return 1 if total_crashes else 0


if __name__ == "__main__":
    sys.exit(main())
