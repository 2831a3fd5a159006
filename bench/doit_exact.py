"""Every `doit` the checks ask of `Derivatives` (derive/checks/derivatives.py) compared with
SymPy's own `expr.doit()`, and the CPU seconds of each.

    python bench/doit_exact.py [PATH ...] [--id CLAIM_ID ...] [--show K]

Checks the claims in this process (after `run.warm_up`, as a worker would). Each outermost call
of `Derivatives.doit` is timed, then the same expression is evaluated again by SymPy alone,
timed too, and the two results compared with `==` (the memo must give SymPy's expression, not
only an equal value). Prints the count of calls, of differences (must be 0; the first K
shown), and the seconds of each way. SymPy's way runs second, so its cache holds what the memo
made: its time is a lower bound. Speed goals live in bench/, never in unit tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from derive import catalog, engine
from derive.checks import derivatives
from derive.run import warm_up
from derive.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "formulas")])
    parser.add_argument("--id", action="append", default=[], help="only these claims")
    parser.add_argument("--show", type=int, default=5)
    args = parser.parse_args(argv)
    memo_doit = derivatives.Derivatives.doit
    depth = [0]
    seconds = {"memo": 0.0, "sympy": 0.0}
    calls = 0
    different: list[tuple[str, str, str, str]] = []
    current = [""]

    def doit(self: derivatives.Derivatives, expr: Any, **hints: Any) -> Any:
        nonlocal calls
        depth[0] += 1
        start = time.process_time()
        try:
            got = memo_doit(self, expr, **hints)
        finally:
            depth[0] -= 1
        if depth[0]:
            return got
        seconds["memo"] += time.process_time() - start
        start = time.process_time()
        want = expr.doit(**hints)
        seconds["sympy"] += time.process_time() - start
        calls += 1
        if got != want:
            different.append((current[0], str(expr)[:300], str(got)[:300], str(want)[:300]))
        return got

    derivatives.Derivatives.doit = doit  # type: ignore[method-assign]
    warm_up()
    for claim in catalog.load(args.paths).claims:
        if args.id and claim.id not in args.id:
            continue
        current[0] = f"{Path(claim.file).name}::{claim.id}"
        engine.check_linted(claim, Settings())
    print(
        f"{calls} doit calls, {len(different)} different from SymPy's; CPU seconds: "
        f"memo {seconds['memo']:.2f}, SymPy alone afterwards {seconds['sympy']:.2f}"
    )
    for name, expr, got, want in different[: args.show]:
        print(f"- {name}\n  expr: {expr}\n  memo: {got}\n  sympy: {want}")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
