"""Benchmark: wall time of checking the catalog, per claim and in total.

    python bench/bench_check.py [PATH ...] [--jobs N] [--repeat R]

Prints one line per claim (median seconds over R runs, in this process, no time budget) and
the total of `derive check` with worker processes. Speed goals live here, never in unit tests.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

from derive import RunOptions, catalog, check_claim, run_claims


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=["formulas"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cat = catalog.load(args.paths)
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    times = []
    for claim in cat.claims:
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            result = check_claim(claim)
            runs.append(time.perf_counter() - t)
        med = statistics.median(runs)
        times.append(med)
        print(f"{med:8.3f} s  {claim.file}::{claim.id}  {result.verdict.value}")
    print(f"# in-process total {sum(times):.2f} s over {len(times)} claims; "
          f"median {statistics.median(times):.3f} s, max {max(times):.3f} s")
    t = time.perf_counter()
    run_claims(cat.claims, RunOptions(jobs=args.jobs))
    print(f"# worker processes, --jobs {args.jobs}: {time.perf_counter() - t:.2f} s wall")


if __name__ == "__main__":
    main()
