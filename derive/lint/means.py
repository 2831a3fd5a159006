"""MEAN_TERMS: `\\frac{1}{n}` in front of a sum whose range has n+1 or n-1 (n+c) terms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import sympy

from derive.lint.uses import Show, sum_header
from derive.model import Notice, WarningKind
from derive.notation.definitions import Definition
from derive.notation.statements import Statement


def means(definitions: Sequence[Definition], statement: Statement, show: Show) -> Iterator[Notice]:
    exprs = [d.value for d in definitions] + [side.expr for side in statement.sides]
    for expr in exprs:
        for node in sympy.preorder_traversal(expr):
            if isinstance(node, sympy.Mul):  # \frac{1}{n}\sum ... or \frac{\sum ...}{n}
                divisors = [f.base for f in node.args if _is_reciprocal(f)]
                for factor in node.args:
                    if isinstance(factor, sympy.Sum):
                        yield from _mean(divisors, factor, show)
            elif isinstance(node, sympy.Sum) and isinstance(node.function, sympy.Mul):
                bound = {v for v, *_ in node.limits}  # \sum_{j=0}^{n} x_j / n
                divisors = [
                    f.base
                    for f in node.function.args
                    if _is_reciprocal(f) and not (f.free_symbols & bound)
                ]
                yield from _mean(divisors, node, show)


def _is_reciprocal(factor: sympy.Basic) -> bool:
    return isinstance(factor, sympy.Pow) and factor.exp == -1


def _mean(divisors: Sequence[sympy.Expr], total: sympy.Sum, show: Show) -> Iterator[Notice]:
    limits = list(total.limits)
    inner = total.function
    while isinstance(inner, sympy.Sum):  # \sum_i \sum_j read as nested sums
        limits += inner.limits
        inner = inner.function
    for n in divisors:
        if not isinstance(n, sympy.Symbol):
            continue  # 1/(n-1) (Bessel's correction) and the like are left alone
        for var, lo, hi in limits:
            if n not in hi.free_symbols:
                continue
            terms = sympy.expand(hi - lo + 1)
            extra = sympy.expand(terms - n)
            if extra.is_Integer and extra != 0:
                head = f"\\frac{{1}}{{{show(n)}}}"
                where = sum_header("\\sum", var, lo, hi, show)
                yield Notice(
                    WarningKind.MEAN_TERMS,
                    f"{head} with {where}: {show(terms)} terms, not {show(n)}",
                    head + where,
                )
