"""Profile every claim of the catalog (or of PATHs) in this process, as a worker checks them,
and print the sum: the functions with the most CPU over all claims.

    python bench/profile_catalog.py [PATH ...] [--id CLAIM_ID ...] [--sort tottime|cumulative]
                                    [--top N] [--out F] [--times F]

After `run.warm_up` (as the parent of the workers does), each claim is checked under one
cProfile profile; the table is the sum over all claims. `--times F` writes the CPU seconds of
each claim (profiled, so inflated) as JSON; `--out F` keeps the raw profile for `pstats`. For one
claim: `python bench/profile_claim.py FILE CLAIM_ID`; by stage: `python bench/phases.py`.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from derive import catalog
from derive.engine import check_linted
from derive.run import warm_up
from derive.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "formulas")])
    parser.add_argument("--id", action="append", default=[], help="only these claims")
    parser.add_argument("--sort", default="tottime", choices=("cumulative", "tottime", "ncalls"))
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--out", default=None, help="write the raw profile here")
    parser.add_argument("--times", default=None, help="write the CPU seconds per claim here")
    args = parser.parse_args(argv)
    warm_up()
    profile = cProfile.Profile()
    times: dict[str, float] = {}
    for claim in catalog.load(args.paths).claims:
        if args.id and claim.id not in args.id:
            continue
        start = time.process_time()
        profile.runcall(check_linted, claim, Settings())
        times[f"{Path(claim.file).name}::{claim.id}"] = round(time.process_time() - start, 3)
    if not times:
        print("no claim checked", file=sys.stderr)
        return 2
    print(f"# {len(times)} claims, {sum(times.values()):.1f} s CPU (profiled)")
    for name, seconds in sorted(times.items(), key=lambda kv: -kv[1])[:10]:
        print(f"{seconds:8.2f} s  {name}")
    if args.out:
        profile.dump_stats(args.out)
    if args.times:
        Path(args.times).write_text(json.dumps(times, indent=1, sort_keys=True))
    pstats.Stats(profile, stream=sys.stdout).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
