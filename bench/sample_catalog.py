"""Where derive's own code spends time inside SymPy machinery: a stack-sampling profile.

    python bench/sample_catalog.py [PATH ...] [--id CLAIM_ID ...] [--under NAME ...]
                                   [--interval SECONDS] [--top N] [--save F | --load F]

cProfile's callers of a recursive function such as SymPy's `_ask` (the assumptions system) or
`free_symbols` are mostly SymPy itself, and its cumulative times count recursion once per level.
This takes a sample of the whole stack every `--interval` seconds of CPU (`setitimer`
ITIMER_PROF, so the samples follow CPU time, not wall time) while every claim is checked as a
worker checks it (after `run.warm_up`), and charges each sample to the innermost frame of
derive's own code and the first SymPy function it called. For each `--under NAME` (a function
name, optionally `file.py:name`, e.g. `assumptions.py:_ask`, `free_symbols`) it prints the share
of all samples with NAME on the stack and the derive call sites those samples came from.
`--save F` keeps the samples (a pickle) and `--load F` reads them back instead of checking
claims, to ask about other functions without profiling again.
Nothing here is a unit test; speed goals live in bench/.
"""

from __future__ import annotations

import argparse
import os
import pickle
import signal
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from derive import catalog
from derive.engine import check_linted
from derive.run import warm_up
from derive.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
_DERIVE = os.sep + "derive" + os.sep
Frame = tuple[str, int, str]  # file name (last two parts), line, function


def _stack(frame: FrameType | None) -> tuple[Frame, ...]:
    """The stack, innermost first."""
    out = []
    while frame is not None:
        code = frame.f_code
        out.append((code.co_filename, frame.f_lineno, code.co_name))
        frame = frame.f_back
    return tuple(out)


def _short(name: str) -> str:
    parts = Path(name).parts
    return "/".join(parts[-2:])


def _matches(frame: Frame, pattern: str) -> bool:
    file, _, func = frame
    if ":" in pattern:
        where, name = pattern.split(":", 1)
        return func == name and file.endswith(where)
    return func == pattern


def _site(stack: tuple[Frame, ...]) -> tuple[str, str]:
    """The innermost frame of derive's code and the function it called (SymPy's entry)."""
    callee = "(derive itself)"
    for file, line, func in stack:
        if _DERIVE in file and "site-packages" not in file:
            return f"{_short(file)}:{line} {func}", callee
        callee = f"{_short(file)}:{func}"
    return "(outside derive)", callee


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "formulas")])
    parser.add_argument("--id", action="append", default=[], help="only these claims")
    parser.add_argument(
        "--under",
        action="append",
        default=[],
        help="a function (NAME or file.py:NAME); default: assumptions.py:_ask and free_symbols",
    )
    parser.add_argument("--interval", type=float, default=0.005, help="CPU seconds per sample")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", default=None, help="keep the samples in this file")
    parser.add_argument("--load", default=None, help="read samples saved by --save")
    args = parser.parse_args(argv)
    unders = args.under or ["assumptions.py:_ask", "basic.py:free_symbols"]
    if args.load:
        samples, claims, cpu = pickle.loads(Path(args.load).read_bytes())
    else:
        samples, claims, cpu = _sample(args.paths, args.id, args.interval)
    if args.save:
        Path(args.save).write_bytes(pickle.dumps((samples, claims, cpu)))
    if not samples:
        print("no sample taken", file=sys.stderr)
        return 2
    total = len(samples)
    print(f"# {claims} claims, {cpu:.1f} s CPU, {total} samples")
    print("\n## all samples, by derive's innermost frame -> SymPy entry")
    _table(Counter(_site(s) for s in samples), total, args.top)
    for under in unders:
        hit = [s for s in samples if any(_matches(f, under) for f in s)]
        print(f"\n## under {under}: {len(hit)} samples, {100 * len(hit) / total:.1f}% of all")
        _table(Counter(_site(s) for s in hit), total, args.top)
    return 0


def _sample(
    paths: Sequence[str], ids: Sequence[str], interval: float
) -> tuple[list[tuple[Frame, ...]], int, float]:
    """The stacks sampled while every claim is checked, the number of claims, the CPU seconds."""
    warm_up()
    samples: list[tuple[Frame, ...]] = []

    def take(signum: int, frame: FrameType | None) -> None:
        samples.append(_stack(frame))

    signal.signal(signal.SIGPROF, take)
    start = time.process_time()
    claims = 0
    for claim in catalog.load(paths).claims:
        if ids and claim.id not in ids:
            continue
        claims += 1
        signal.setitimer(signal.ITIMER_PROF, interval, interval)
        check_linted(claim, Settings())
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    return samples, claims, time.process_time() - start


def _table(counts: Counter[tuple[str, str]], total: int, top: int) -> None:
    for (site, entry), n in counts.most_common(top):
        print(f"{100 * n / total:6.2f}%  {site:55s} -> {entry}")


if __name__ == "__main__":
    sys.exit(main())
