"""Benchmark: the numeric check's array walk against `lambdify`, same values, and their times.

    python bench/bench_numeric.py [PATH ...]

Checks every claim of the files in this process. Every batch of values the numeric check
computes (`Evaluator.reals`: the identity links, the update rules, the diagnosis candidates) is
also computed the way derive did before the walk (derive/checks/tree_eval.py): Derivative and
Subs nodes stood in for, the rest compiled with `lambdify` and called point by point, arbitrary
functions substituted by `implement_functions`. Prints the number of values compared, the
largest relative difference, the points where only one of the two has a real value, and the
CPU seconds of each. Speed goals live here, never in unit tests.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy

from derive import catalog
from derive.checks import numeric
from derive.checks.stand_ins import implement_functions
from derive.checks.tree_eval import LAMBDIFY_MODULES
from derive.engine import check_claim
from derive.settings import Settings


class LambdifyEvaluator:
    """The evaluator before the array walk: lambdify per expression, one point at a time."""

    def __init__(self) -> None:
        self._compiled: dict[sympy.Basic, tuple[tuple[sympy.Basic, ...], object]] = {}
        self._templates: dict[sympy.Basic, tuple[dict[sympy.Basic, sympy.Dummy], sympy.Basic]] = {}

    def value(self, expr: sympy.Basic, point: dict[sympy.Basic, complex]) -> complex:
        if expr not in self._templates:  # Derivative/Subs nodes not inside another, stood in for
            outer: dict[sympy.Basic, sympy.Dummy] = {}
            stack = [expr]
            while stack:
                e = stack.pop()
                if isinstance(e, sympy.Derivative | sympy.Subs):
                    outer.setdefault(e, sympy.Dummy("node"))
                else:
                    stack.extend(e.args)
            self._templates[expr] = (outer, expr.xreplace(outer) if outer else expr)
        stand_ins, template = self._templates[expr]
        local = dict(point)
        for n, d in stand_ins.items():
            local[d] = (
                self._derivative(n, point)  # type: ignore[arg-type]
                if isinstance(n, sympy.Derivative)
                else self._subs(n, point)  # type: ignore[arg-type]
            )
        return self._plain(template, local)

    def _plain(self, expr: sympy.Basic, point: Mapping[sympy.Basic, complex]) -> complex:
        if expr not in self._compiled:
            args = tuple(sorted(expr.free_symbols, key=lambda s: s.sort_key()))
            plain = [sympy.Symbol(f"x{k}") for k in range(len(args))]
            body = expr.xreplace(dict(zip(args, plain, strict=True)))
            fn = sympy.lambdify(plain, body, modules=LAMBDIFY_MODULES, dummify=False)
            self._compiled[expr] = (args, fn)
        args, fn = self._compiled[expr]
        if any(a not in point for a in args):
            raise numeric.EvaluationError("no value")
        return complex(fn(*[np.complex128(point[a]) for a in args]))  # type: ignore[operator]

    def _subs(self, node: sympy.Subs, point: dict[sympy.Basic, complex]) -> complex:
        local = dict(point)
        for var, at in zip(node.variables, node.point, strict=True):
            local[var] = self.value(at, point)
        return self.value(node.expr, local)

    def _derivative(self, node: sympy.Derivative, point: dict[sympy.Basic, complex]) -> complex:
        (var, count), *rest = node.variable_count
        inner = node.expr
        if rest or count > 1:
            remaining = [*rest] + ([(var, count - 1)] if count > 1 else [])
            inner = sympy.Derivative(node.expr, *remaining)
        x0 = point.get(var)
        if x0 is None:
            if var not in inner.free_symbols:
                return 0j
            raise numeric.EvaluationError("no value")
        analytic = not inner.has(*numeric.NON_ANALYTIC, sympy.Derivative, sympy.Subs)
        if analytic and complex(x0).imag == 0:
            local = dict(point)
            local[var] = complex(x0) + 1j * 1e-30
            return complex(self.value(inner, local).imag / 1e-30)
        h = 1e-3 * max(1.0, abs(complex(x0)))

        def f(x: complex) -> complex:
            local = dict(point)
            local[var] = x
            return self.value(inner, local)

        x = complex(x0)
        return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h)


@dataclass
class Tally:
    values: int = 0
    max_rel: float = 0.0
    only_one: int = 0
    walk_s: float = 0.0
    lambdify_s: float = 0.0
    worst: list[str] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=["formulas/starter.toml"])
    args = parser.parse_args(argv)
    tally = Tally()
    reference = LambdifyEvaluator()
    walk = numeric.Evaluator.reals

    def compared(self: numeric.Evaluator, expr: sympy.Expr, points: Sequence[Mapping]) -> list:  # type: ignore[type-arg]
        t = time.process_time()
        got = walk(self, expr, points)
        tally.walk_s += time.process_time() - t
        t = time.process_time()
        seed = getattr(self, "bench_seed", None)
        old_expr = implement_functions(expr, seed) if seed is not None else expr
        want: list[float | None] = []
        for p in points:
            try:
                with np.errstate(all="ignore"):
                    v = reference.value(old_expr, dict(p))
                ok = np.isfinite(v) and abs(v.imag) <= 1e-9 * max(1.0, abs(v.real))
                want.append(float(v.real) if ok else None)
            except (numeric.EvaluationError, ZeroDivisionError, OverflowError, TypeError):
                want.append(None)
        tally.lambdify_s += time.process_time() - t
        for a, b in zip(got, want, strict=True):
            tally.values += 1
            if (a is None) != (b is None):
                tally.only_one += 1
            elif a is not None and b is not None and a != b:
                rel = abs(a - b) / max(abs(a), abs(b))
                if rel > tally.max_rel:
                    tally.max_rel = rel
                    tally.worst = [f"{a!r} vs {b!r} in {str(expr)[:120]}"]
        return got

    numeric.Evaluator.reals = compared  # type: ignore[method-assign]
    # the evaluator of an identity link calls arbitrary functions itself; the reference needs
    # them substituted, with the claim's seed (read back from the evaluator's closure)
    original_init = numeric.Evaluator.__init__

    def init(self: numeric.Evaluator, calls: object = None) -> None:
        original_init(self, calls)  # type: ignore[arg-type]
        cells = getattr(calls, "__closure__", None) or ()
        for cell in cells:
            seed = getattr(cell.cell_contents, "seed", None)
            if seed is not None:
                self.bench_seed = seed  # type: ignore[attr-defined]

    numeric.Evaluator.__init__ = init  # type: ignore[method-assign]
    for claim in catalog.load(args.paths).claims:
        check_claim(claim, Settings())
    print(f"# {tally.values} values compared over {', '.join(args.paths)}")
    print(f"largest relative difference: {tally.max_rel:.3g}  {' '.join(tally.worst)}")
    print(f"points where only one has a real value: {tally.only_one}")
    print(f"CPU: array walk {tally.walk_s:.2f} s, lambdify point by point {tally.lambdify_s:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
