"""A refuted claim that holds only under a domain the file does not declare (checked where the
numeric check refutes, with its points and evaluator; the result carries the diagnosis).

The softmax/cross-entropy gradient `\\hat{y} - y` holds only when the target's entries sum to
1: with `y` undeclared (independent reals) it is refuted at a real counterexample, and the
diagnosis says which assumption is missing (`assumption`), checked by drawing the entries of
one vector of the claim as a probability vector and finding that both sides agree at every such
point. One-hot points alone are not tried: on entries that are 0 or 1 many false claims agree
(`w_j^2 = w_j`), so they would explain too much. The verdict stays `refuted`: the claim as
written is false for the names as declared.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from derive.checks.numeric import Evaluator, Tolerance, as_floats, sample_points
from derive.checks.simplex import groups
from derive.model import Diagnosis, DiagnosisKind, Domain
from derive.notation.families import label_of
from derive.notation.names import Names, family_of

_POINTS = 8


def missing_assumption(
    names: Names,
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    domains: Mapping[sympy.Symbol, Domain],
    evaluator: Evaluator,
    tolerance: Tolerance,
    seed: int,
) -> Diagnosis | None:
    """`assumption` when both sides agree wherever the entries of one vector written in them
    sum to 1 (a probability vector); None otherwise."""
    symbols = sorted(lhs.free_symbols | rhs.free_symbols, key=lambda s: s.sort_key())
    candidates = sorted(
        {
            family_of(label_of(item)).name
            for s in symbols
            if (item := names.origin(s)) is not None and not domains[s].joint
        }
    )
    for name in candidates:
        found = groups(names, symbols, domains={name: Domain.PROBABILITY})
        found = tuple(g for g in found if len(g.members) >= 2)
        if not found:
            continue
        points = sample_points(symbols, domains, _POINTS, seed, found)
        floats = [as_floats(point) for point in points]
        left, right = evaluator.reals(lhs, floats), evaluator.reals(rhs, floats)
        pairs = [
            (a, b) for a, b in zip(left, right, strict=True) if a is not None and b is not None
        ]
        if len(pairs) >= 3 and all(tolerance.close(a, b) for a, b in pairs):
            spec = names.spec(name)  # the size as declared (vector(m)), else the usual n
            size = spec.shape[0] if spec is not None and spec.shape is not None else "n"
            return Diagnosis(
                DiagnosisKind.ASSUMPTION,
                f"holds only if \\sum_j {name}_j = 1 ({name} a probability vector), which is "
                f'not declared: declare {name} = "probability({size})" (or "onehot({size})")',
            )
    return None
