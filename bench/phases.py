"""Where the CPU of claims goes, by stage: reading, instantiation, numeric check, exact
confirmation, proof, SymPy's doit (the derivatives carried out), diagnosis, re-checking a
correction.

    python bench/phases.py [PATH ...] [--id CLAIM_ID ...] [--top N]

Checks the claims in this process (after `run.warm_up`, as a worker would) with each stage's
function wrapped by a CPU timer; a stage called inside another is counted under both, shown as
`outer/inner`. Prints each stage's total, then the slowest claims with their CPU seconds. For
one claim's cProfile table use `python bench/profile_claim.py FILE CLAIM_ID`. Speed goals live
in bench/, never in unit tests.
"""

from __future__ import annotations

import argparse
import collections
import functools
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from derive import catalog, engine, prepared
from derive.checks import code, derivatives, identity, substitute, unroll
from derive.diagnose import correct
from derive.run import warm_up
from derive.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# (module, attribute, label): the stages; a missing one (code moved) is skipped with a note
STAGES: tuple[tuple[Any, str, str], ...] = (
    (engine, "lint", "lint (reading, first parse)"),
    (engine, "prepare", "prepare (reading)"),
    (prepared, "concrete", "instantiate"),
    (unroll.Unroller, "unroll", "unroll"),
    (substitute.Substitution, "expand", "substitute"),
    (identity, "_numeric_link", "numeric"),
    (identity, "_confirm", "exact confirmation"),
    (identity, "_prove_link", "proof"),
    (derivatives.Derivatives, "doit", "doit (derivatives)"),
    (engine, "_explained", "diagnosis"),
    (correct, "corrected_claim", "correction re-check"),
    (code, "check_code", "code claim"),
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "formulas")])
    parser.add_argument("--id", action="append", default=[], help="only these claims")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    totals: collections.Counter[str] = collections.Counter()
    stack: list[str] = []
    for owner, name, label in STAGES:
        if not hasattr(owner, name):
            print(f"# no {getattr(owner, '__name__', owner)}.{name}: not timed", file=sys.stderr)
            continue
        _replace(getattr(owner, name), _timed(getattr(owner, name), label, totals, stack))
    warm_up()
    per: dict[str, tuple[float, str]] = {}
    for claim in catalog.load(args.paths).claims:
        if args.id and claim.id not in args.id:
            continue
        start = time.process_time()
        result = engine.check_linted(claim, Settings())
        per[f"{Path(claim.file).name}::{claim.id}"] = (
            time.process_time() - start,
            result.verdict.value,
        )
    if not per:
        print("no claim checked", file=sys.stderr)
        return 2
    cpu = sorted(seconds for seconds, _ in per.values())
    total = sum(cpu)
    print(
        f"# {len(per)} claims, {total:.1f} s CPU; median {statistics.median(cpu):.2f} s, "
        f"max {cpu[-1]:.2f} s"
    )
    for label, seconds in totals.most_common():
        print(f"{seconds:8.2f} s {seconds / total:5.0%}  {label}")
    print(f"# the {min(args.top, len(per))} slowest:")
    for key, (seconds, verdict) in sorted(per.items(), key=lambda kv: -kv[1][0])[: args.top]:
        print(f"{seconds:8.2f} s  {verdict:10} {key}")
    return 0


def _replace(old: object, new: object) -> None:
    """Put `new` wherever `old` is: its module, the modules that imported it by name, and the
    class it is a method of."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("derive"):
            for attr, value in list(vars(module).items()):
                if value is old:
                    setattr(module, attr, new)
                elif isinstance(value, type):
                    for key, member in list(vars(value).items()):
                        if member is old:
                            setattr(value, key, new)


def _timed(
    fn: Callable[..., Any], label: str, totals: collections.Counter[str], stack: list[str]
) -> Callable[..., Any]:
    @functools.wraps(fn)
    def timed(*a: Any, **k: Any) -> Any:
        if label in stack:  # recursion: counted once, by the outermost call
            return fn(*a, **k)
        path = f"{stack[-1]}/{label}" if stack else label
        stack.append(label)
        start = time.process_time()
        try:
            return fn(*a, **k)
        finally:
            stack.pop()
            totals[path] += time.process_time() - start

    return timed


if __name__ == "__main__":
    sys.exit(main())
