"""What the checks return: a verified result, a refutation for the diagnosis to explain (a
value, never an exception), counterexamples and the sizes they were found at."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import sympy

from derive.model import (
    Claim,
    ClaimResult,
    Counterexample,
    Diagnosis,
    DiagnosisKind,
    Method,
    Verdict,
)
from derive.prepared import Link
from derive.shapes.layout import ShapeMismatch

# the size sets a claim was checked at, each as (name, value) pairs: (("n", 2), ("m", 3))
SizeSets = tuple[tuple[tuple[str, int], ...], ...]
Progress = Callable[[ClaimResult], None]  # takes the partial results of a check


class Refuted(enum.Enum):
    """How a check refuted a link, which says how the diagnosis explains it."""

    AT_POINT = "at a point"  # the sides differ at a point: the search for edits
    SHAPE = "shape"  # the sides' shapes differ: a transpose may explain it
    ASCENT = "ascent"  # an update's step has the sign of the gradient
    STEP_SHAPE = "step shape"  # an update's step has another shape than its target


@dataclass(frozen=True)
class Refutation:
    """A refuted link, returned by a check; the claim's result once the diagnosis (engine.py)
    has explained it, or as it is when diagnosis is off."""

    result: ClaimResult
    link: Link
    how: Refuted
    step: sympy.Expr | None = None  # an update's step E - w (ASCENT, STEP_SHAPE)


def verified(
    claim: Claim,
    message: str,
    size_sets: tuple,  # type: ignore[type-arg]
    methods_base: tuple[Method, ...],
    *,
    network: bool,
) -> ClaimResult:
    """The verified result. A network's proof runs at its first size set only (the numeric check
    at all of them), and the message says so."""
    if network and len(size_sets) > 1:
        message = message.replace(
            "proved by SymPy", f"proved by SymPy for sizes {format_sizes(size_sets[:1])}"
        ).replace("numeric agreement", "numeric agreement for all sizes")
    return ClaimResult(
        claim,
        Verdict.VERIFIED,
        (Method.SYMBOLIC, Method.NUMERIC, *methods_base),
        message=message,
        sizes=size_sets,
    )


def format_sizes(size_sets: tuple) -> str:  # type: ignore[type-arg]
    return "; ".join(", ".join(f"{k}={v}" for k, v in s) for s in size_sets)


def sizes_of(instances: Sequence[tuple[dict, tuple]]) -> tuple:  # type: ignore[type-arg]
    seen = []
    for env, _ in instances:
        item = tuple((str(k), int(v)) for k, v in env.items())
        if item and item not in seen:
            seen.append(item)
    return tuple(seen)


def shape_result(claim: Claim, exc: ShapeMismatch, size_sets: tuple) -> ClaimResult:  # type: ignore[type-arg]
    return ClaimResult(
        claim,
        Verdict.REFUTED,
        (Method.SIZES,),
        message=f"a shape does not fit: {exc.message}",
        diagnosis=Diagnosis(DiagnosisKind.SHAPE, exc.message),
        sizes=size_sets,
    )


def counterexample(
    link: str,
    point: Mapping[sympy.Symbol, sympy.Expr],
    lhs: str,
    rhs: str,
    sizes: Mapping[sympy.Basic, int],
    show: Callable[[sympy.Expr], str] | None = None,
) -> Counterexample:
    """Where a link fails: the point's values as drawn (or as `show` writes them), the two
    sides' values, and the sizes and indices of the instance."""
    write = show or _decimal
    return Counterexample(
        link,
        tuple((str(k), write(v)) for k, v in point.items()),
        lhs,
        rhs,
        tuple((str(k), int(v)) for k, v in sizes.items()),
    )


def _decimal(value: sympy.Expr) -> str:
    """A drawn point value as the short decimal it was drawn as."""
    return str(int(value)) if value.is_Integer else repr(float(value))


def short(value: sympy.Expr) -> str:
    if value.is_Integer:
        return str(value)
    return f"{float(value):.15g}"


def exact_decimal(value: sympy.Expr) -> str:
    """A drawn decimal as written, a solved value as its exact fraction."""
    text = _decimal(value)
    return text if sympy.Rational(text) == value else str(value)
