"""Why an update rule is refuted (derive/checks/update.py): an ascent step, corrected by
flipping the sign before the step; a step of another shape than its target, explained when the
step written for the layer above or below verifies. Each correction is re-checked as a claim of
its own with `recheck`."""

from __future__ import annotations

from dataclasses import replace

import sympy

from derive.diagnose.correct import Recheck
from derive.model import ClaimResult, Diagnosis, DiagnosisKind, Verdict
from derive.notation.edits import flipped_step
from derive.notation.families import label_of
from derive.notation.names import family_of
from derive.notation.printer import to_latex
from derive.prepared import Link, Prepared


def layer_shift(
    p: Prepared, link: Link, step: sympy.Expr, result: ClaimResult, recheck: Recheck
) -> ClaimResult:
    """The step does not have the shape of the target: kind `index` when the step written for
    the layer above or below (every layer index of the step moved by one, as when a block is
    copied from the next layer) is a descent step that verifies; else the shape refutation."""
    for delta in (-1, 1):
        moved = _moved(step, delta)
        if moved == step:
            continue
        sign, magnitude = ("-", -moved) if moved.could_extract_minus_sign() else ("+", moved)
        text = f"{link.lhs.latex} \\leftarrow {link.lhs.latex} {sign} "
        text += to_latex(magnitude, p.claim.symbols)
        check = recheck(replace(p.claim, id=p.claim.id + "/correction", latex=text))
        if check.verdict is Verdict.VERIFIED:
            return replace(
                result,
                message=f"{result.message}; the step is the one of the layer "
                f"{'below' if delta < 0 else 'above'}",
                diagnosis=Diagnosis(
                    DiagnosisKind.INDEX,
                    f"every layer index of the step is off by {-delta:+d}",
                ),
                correction=text,
            )
    return result


def _moved(expr: sympy.Expr, delta: int) -> sympy.Expr:
    """expr with the layer index of every layered name moved by delta."""
    return expr.xreplace(
        {
            ix: ix.base[(ix.indices[0] + delta, *ix.indices[1:])]
            for ix in expr.atoms(sympy.Indexed)
            if family_of(label_of(ix)).layer
        }
    )


def ascent(
    p: Prepared, link: Link, step: sympy.Expr, result: ClaimResult, recheck: Recheck
) -> ClaimResult:
    """A step with the sign of the gradient: kind `direction` when the author's line with the
    operator before the step flipped (+\\eta into -\\eta), or else the step derived and
    subtracted, verifies."""
    target = link.lhs.expr
    step_text = to_latex(step, p.claim.symbols)
    if isinstance(step, sympy.Add):
        step_text = f"\\left({step_text}\\right)"
    rel = "=" if link.rel.value == "=" else "\\leftarrow"
    # the author's line with the operator before the step flipped (+\eta into -\eta), else the
    # step derived and subtracted
    sides = [*flipped_step(link.rhs.latex), f"{to_latex(target, p.claim.symbols)} - {step_text}"]
    for side in sides:
        corrected = f"{link.lhs.latex} {rel} {side}"
        check = recheck(replace(p.claim, id=p.claim.id + "/correction", latex=corrected))
        if check.verdict is Verdict.VERIFIED:
            break
    else:
        return result
    return replace(
        result,
        message="an ascent step: the step has the sign of the gradient, so it increases the loss",
        diagnosis=Diagnosis(DiagnosisKind.DIRECTION, "gradient ascent instead of descent"),
        correction=corrected,
    )
