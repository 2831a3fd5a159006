"""A refuted claim with a derivative by a vector or matrix that holds in the other gradient
layout (docs/verdicts.md#gradient-layout): `\\nabla_x A x = A` is the Jacobian (numerator
layout) and is refuted in the default denominator layout, where the answer is `A^T`. The
claim is checked again in the other layout (through `recheck`, without diagnosis); if it
verifies there, the diagnosis is `layout` and says which layout the claim holds in, never a
bare shape error. A gradient of a number written transposed keeps the `transpose` diagnosis
and its correction (the catalog's reading), with the layout named after its detail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy

from derive.checks.arrays import is_matrix
from derive.errors import DeriveError
from derive.model import Claim, ClaimResult, Diagnosis, DiagnosisKind, GradientLayout, Verdict
from derive.notation import arrays
from derive.prepared import Prepared, concrete
from derive.settings import Settings

_LAYOUTS = {
    GradientLayout.DENOMINATOR: "a derivative shaped like the variable, d(Ax)/dx = A^T",
    GradientLayout.NUMERATOR: "the Jacobian, shaped like the function, d(Ax)/dx = A",
}


def layout_diagnosis(
    p: Prepared,
    result: ClaimResult,
    settings: Settings,
    recheck: Callable[[Claim], ClaimResult],
) -> ClaimResult:
    """`result` (refuted) with the diagnosis `layout` when the claim verifies in the other
    layout; `result` unchanged otherwise."""
    exprs = [s.expr for s in p.statement.sides] + [d.value for d in p.model.definitions]
    grads = {g for e in exprs for g in e.atoms(arrays.Grad)}
    if not grads:
        return result
    other = p.claim.layout.other
    if recheck(replace(p.claim, layout=other)).verdict is not Verdict.VERIFIED:
        return result
    found = result.diagnosis
    transposed = found is not None and found.kind is DiagnosisKind.TRANSPOSE
    if found is not None and transposed and not _of_arrays(p, grads, settings):
        # the gradient of a number, transposed: the catalog's `transpose`, correction kept
        detail = f"{found.detail} (as the {other.value} layout writes it)"
        return replace(result, diagnosis=Diagnosis(DiagnosisKind.TRANSPOSE, detail))
    detail = (
        f"true in the {other.value} layout ({_LAYOUTS[other]}), not in the "
        f"{p.claim.layout.value} layout this claim is read in ({_LAYOUTS[p.claim.layout]}): "
        f'set layout = "{other.value}" if the source uses it'
    )
    return replace(
        result,
        message=f"{result.message} (true in the {other.value} layout)",
        diagnosis=Diagnosis(DiagnosisKind.LAYOUT, detail),
        correction=None,
    )


def _of_arrays(p: Prepared, grads: set[sympy.Basic], settings: Settings) -> bool:
    """Is some derivative a derivative of a vector or matrix (a Jacobian), at the first
    instance of the claim?"""
    exprs = [s.expr for s in p.statement.sides]
    for env, idx in p.model.instances(exprs, settings.plan, p.seed):
        at = {**env, **dict(idx)}
        for g in grads:
            try:
                if is_matrix(concrete(p, g.args[0], at)):
                    return True
            except DeriveError:
                continue
        return False
    return False
