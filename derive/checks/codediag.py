"""The diagnosis of code that does not compute its quantity (derive/checks/code.py): the
code / formula ratios over every point and size read as a factor (a constant, or a constant
times a power of a size, such as m^2), a sign, or other; and the neighbouring layers a result of
the wrong shape may belong to."""

from __future__ import annotations

import re

import numpy as np
import sympy

from derive.checks.numeric import Tolerance
from derive.model import ClaimResult, Diagnosis, DiagnosisKind


def diagnosed(
    result: ClaimResult,
    ratios: list[tuple[dict[str, int], float]],
    size_sets: tuple,  # type: ignore[type-arg]
) -> ClaimResult:
    """The failure with the diagnosis its ratios give: a constant factor (maybe a power of a
    size), a sign, or other."""
    counter = result.counterexample
    assert counter is not None
    ratio = float(counter.lhs) / float(counter.rhs) if float(counter.rhs) else float("nan")
    shown = f"code / formula = {ratio:.6g}" if np.isfinite(ratio) else "formula value 0"
    diagnosis = Diagnosis(
        DiagnosisKind.OTHER, f"{shown} at this point; the ratio is not the same everywhere"
    )
    factor = _factor(ratios)
    if factor is not None:
        kind = DiagnosisKind.SIGN if factor == "-1" else DiagnosisKind.FACTOR
        detail = (
            "the sign is wrong: the code returns minus the formula's value"
            if kind is DiagnosisKind.SIGN
            else f"off by a factor {factor}: the code's value is {factor} times the formula's "
            f"({shown} at this point)"
        )
        diagnosis = Diagnosis(kind, detail)
    message = f"{result.message}; {shown}"
    return ClaimResult(
        result.claim,
        result.verdict,
        result.methods,
        message=message,
        diagnosis=diagnosis,
        counterexample=counter,
        sizes=size_sets,
    )


_POWERS = (1, 2, 3, -1, -2, -3, 0.5, -0.5)


def _factor(ratios: list[tuple[dict[str, int], float]]) -> str | None:
    """The constant c, or c * s^k for a size s, that every ratio equals (as LaTeX), else None."""
    if not ratios:
        return None
    tol = Tolerance()
    candidates: list[tuple[str, int | float]] = [("", 0)]
    candidates += [(s, k) for s in sorted(ratios[0][0]) for k in _POWERS]
    for name, k in candidates:
        scaled = [
            r / (sizes[name] ** k if name else 1)
            for sizes, r in ratios
            if not name or name in sizes
        ]
        if len(scaled) != len(ratios):
            continue
        if name and len({sizes[name] for sizes, _ in ratios}) < 2:
            continue  # one value of the size cannot tell c * s^k from a constant
        c = scaled[0]
        if all(tol.close(x, c) for x in scaled):
            return _factor_text(c, name, k)
    return None


def _factor_text(c: float, name: str, k: float) -> str:
    const = sympy.nsimplify(c, rational=True, tolerance=1e-9)
    if not name:
        return str(const)
    power = sympy.Symbol(name) ** sympy.nsimplify(k)
    return str(sympy.latex(const * power if const != 1 else power))


_LAYER = re.compile(r"\^\{\[([^\]]+)\]")


def layer_shifts(latex: str) -> list[str]:
    """latex with every layer index one lower, and one higher (`^{[l]}` -> `^{[l-1]}`)."""
    out = []
    for step in (-1, 1):

        def shift(m: re.Match[str], step: int = step) -> str:
            layer = sympy.sympify(m.group(1).replace(" ", "")) + step
            return "^{[" + str(layer).replace(" ", "") + "]"

        try:
            shifted = _LAYER.sub(shift, latex)
        except sympy.SympifyError:
            continue
        if shifted != latex:
            out.append(shifted)
    return out
