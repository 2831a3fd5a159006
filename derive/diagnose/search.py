"""Why a refuted claim is wrong: the search for the edits of the stated side that explain it.

Candidate explanations are *edits* of the stated side as written (so the correction keeps the
author's names and indices), tried from the simplest: one edit (sign, factor, transpose, index,
activation, term), then two edits at once (two slips in one formula), then a missing term that
the difference itself gives. A candidate is accepted when it matches the reference side
numerically on every instance, and a correction is reported only if the corrected claim itself
verifies.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

import sympy

from derive.diagnose.candidates import single_edits
from derive.diagnose.correct import Edit, Recheck, corrected_claim
from derive.diagnose.matcher import MAX_PAIR_TRIALS, Matcher
from derive.model import ClaimResult, Diagnosis, DiagnosisKind, SymbolSpec
from derive.notation import arrays
from derive.notation.printer import to_latex
from derive.prepared import Link, Prepared, is_bound
from derive.settings import Settings

KIND_ORDER = (
    DiagnosisKind.SIGN,
    DiagnosisKind.FACTOR,
    DiagnosisKind.TRANSPOSE,
    DiagnosisKind.INDEX,
    DiagnosisKind.ACTIVATION,
    DiagnosisKind.TERM,
    DiagnosisKind.OTHER,
)


Tried = set[sympy.Basic]  # the candidate sides already evaluated


def diagnose(
    p: Prepared, link: Link, result: ClaimResult, settings: Settings, recheck: Recheck
) -> ClaimResult:
    """Add a diagnosis and, where one is found and verifies (`recheck`), a correction."""
    if is_bound(link.rel):
        return replace(
            result,
            diagnosis=Diagnosis(DiagnosisKind.BOUND, "the bound is violated at the point shown"),
        )
    reference, stated, stated_is_rhs = roles(link, p.claim.asserted)
    matcher = Matcher(p, reference, settings)
    singles = list(single_edits(p, stated, reference))
    tried: set[sympy.Basic] = {stated}
    fallback: ClaimResult | None = None
    for edits in _explanations(p, matcher, stated, reference, singles, tried):
        kind, detail = _describe(edits, p.claim.symbols)
        if _same(edits[-1].expr, reference):
            continue  # the "correction" would restate the reference side: a tautology
        correction = corrected_claim(p, link, edits, stated_is_rhs, recheck)
        if correction is not None:
            return replace(result, diagnosis=Diagnosis(kind, detail), correction=correction)
        if len(edits) > 1:
            break  # a compound explanation counts only with a correction that verifies
        fallback = replace(result, diagnosis=Diagnosis(kind, detail + " (no verified correction)"))
    if fallback is not None:
        return fallback
    limit = f" (the search stopped after {MAX_PAIR_TRIALS} candidates)" if matcher.spent() else ""
    return replace(
        result,
        diagnosis=Diagnosis(
            DiagnosisKind.OTHER,
            "no simple change of the stated side (one edit, or two at once) explains the "
            "difference" + limit,
        ),
    )


def _describe(edits: list[Edit], specs: Mapping[str, SymbolSpec]) -> tuple[DiagnosisKind, str]:
    """The kind and detail of one edit, or of two: the simpler kind first, both named."""
    if len(edits) == 1:
        return edits[0].kind, edits[0].detail
    first, second = sorted(edits, key=lambda e: KIND_ORDER.index(e.kind))
    return first.kind, (
        f"two slips: [{first.kind.value}] {_part(first, specs)}; "
        f"[{second.kind.value}] {_part(second, specs)}"
    )


def _part(edit: Edit, specs: Mapping[str, SymbolSpec]) -> str:
    """An edit as one of two slips: a factor is missing from the side, not off overall."""
    if edit.kind is DiagnosisKind.FACTOR and edit.multiple is not None:
        if edit.detail.startswith("the factor"):  # the written coefficient should not be there
            return edit.detail
        return f"a factor {to_latex(edit.multiple, specs)} is missing"
    return edit.detail


def _explanations(
    p: Prepared,
    matcher: Matcher,
    stated: sympy.Expr,
    reference: sympy.Expr,
    singles: list[Edit],
    tried: set[sympy.Basic],
) -> Iterator[list[Edit]]:
    """The matching explanations, simplest first: one edit; then two: an edit and a sign or
    factor, an edit and a missing term computed from the difference, two edits."""
    # a sign or a factor of numbers and sizes needs a constant ratio on each instance; a name
    # (a step size, a threshold) does not
    proportional = matcher.constant_ratio(stated)
    sizes = set(p.model.sizes([stated, reference]))
    for edit in singles:
        if edit.expr in tried:
            continue
        if edit.multiple is not None and not proportional and edit.multiple.free_symbols <= sizes:
            continue
        tried.add(edit.expr)
        if matcher.matches(edit):
            yield [edit]
            return  # the first single edit that matches is the explanation
    scalars = [e for e in singles if e.multiple is not None]
    structural = [e for e in singles if e.multiple is None]
    for first in structural:  # an edit, and a sign or factor
        if matcher.spent():
            return
        if matcher.constant_ratio(first.expr):
            for again in single_edits(p, first.expr, reference, structural=False):
                if again.expr not in tried and matcher.matches(again, first.expr):
                    yield [first, again]
                    return
                tried.add(again.expr)
    one = Edit(DiagnosisKind.OTHER, "", stated, sympy.Integer(1))
    for base in [one, *scalars]:
        if matcher.spent():
            return
        assert base.multiple is not None
        term = matcher.residual_term(base.multiple, stated, reference)
        if term is None:
            continue
        edit = Edit(
            DiagnosisKind.TERM,
            f"the term {to_latex(term, p.claim.symbols)} is missing",
            base.expr + term,
            hint=("append", to_latex(term, p.claim.symbols)),
        )
        if matcher.matches(replace(edit, expr=term), plus=base):
            yield [edit] if base is one else [base, edit]
            return
    for a, first in enumerate(structural):  # two edits
        for second in single_edits(p, first.expr, reference, scalar=False):
            if matcher.spent():
                return
            if second.expr in tried or second.expr == stated:
                continue
            if any(second.detail == e.detail for e in structural[:a]):
                continue  # the same pair in the other order was tried already
            tried.add(second.expr)
            if matcher.matches(second):
                yield [first, second]
                return


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Are two sides the same expression as read (before any definition is substituted)?"""
    if a == b:
        return True
    try:
        return bool(a.is_commutative and b.is_commutative and sympy.expand(a - b) == 0)
    except (TypeError, ValueError, AttributeError):  # an array marker SymPy cannot subtract
        return False


def roles(link: Link, asserted: str | None = None) -> tuple[sympy.Expr, sympy.Expr, bool]:
    """(reference side, stated side, stated is the right side): the side the claim's
    `asserted` names is the stated one; else the side holding a derivative, else the left side,
    is the reference the other side is compared with."""
    lhs, rhs = link.lhs.expr, link.rhs.expr
    if asserted == "left":
        return rhs, lhs, False
    if asserted == "right":
        return lhs, rhs, True
    derivative = (sympy.Derivative, arrays.Grad)
    if rhs.has(*derivative) and not lhs.has(*derivative):
        return rhs, lhs, False
    return lhs, rhs, True
