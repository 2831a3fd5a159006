"""Profile one claim, in this process, as a worker would check it (lint, then the checks).

    python bench/profile_claim.py FILE CLAIM_ID [--sort tottime|cumulative] [--top N] [--out F]

Prints the CPU time of the claim and the top of cProfile's table; `--out` keeps the raw profile
for `python -m pstats` or snakeviz. Nothing here is a unit test; speed goals live in bench/.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time

from derive import catalog
from derive.engine import check_linted
from derive.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("claim_id")
    parser.add_argument("--sort", default="cumulative", choices=("cumulative", "tottime", "ncalls"))
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", default=None, help="write the raw profile here")
    args = parser.parse_args(argv)
    claims = [c for c in catalog.load([args.file]).claims if c.id == args.claim_id]
    if not claims:
        print(f"no claim {args.claim_id!r} in {args.file}", file=sys.stderr)
        return 2
    profile = cProfile.Profile()
    t = time.process_time()
    result = profile.runcall(check_linted, claims[0], Settings())
    cpu = time.process_time() - t
    print(f"# {args.file}::{args.claim_id}: {result.verdict.value}, {cpu:.2f} s CPU (profiled)")
    if args.out:
        profile.dump_stats(args.out)
    pstats.Stats(profile, stream=sys.stdout).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
