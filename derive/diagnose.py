"""Why a refuted claim is wrong, and its correction in the author's notation.

Candidate explanations are built from the *stated* side as written (so the correction keeps
the author's names and indices) and tried from the simplest: sign, factor, index, activation,
term. A candidate is accepted when it matches the reference side numerically on every
instance, and a correction is reported only if the corrected claim itself verifies.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import replace

import sympy

from derive import functions
from derive.checks.arrays import entries, is_matrix
from derive.checks.numeric import EvaluationError, Evaluator, as_floats, sample_points
from derive.model import ClaimResult, Diagnosis, DiagnosisKind, SymbolSpec, Verdict
from derive.notation import arrays
from derive.notation.names import family_of
from derive.notation.printer import to_latex
from derive.notation.statements import Rel

MAX_CANDIDATES = 60


def diagnose(p, link, result: ClaimResult, settings) -> ClaimResult:  # type: ignore[no-untyped-def]
    """Add a diagnosis and, where one is found and verifies, a correction."""
    from derive.engine import _is_bound

    if _is_bound(link.rel):
        return replace(
            result,
            diagnosis=Diagnosis(DiagnosisKind.BOUND, "the bound is violated at the point shown"),
        )
    reference, stated, stated_is_rhs = _roles(link)  # type: ignore[no-untyped-call]
    matcher = _Matcher(p, reference, settings)
    for kind, detail, candidate in _candidates(p, stated, reference):
        if not matcher.matches(candidate):
            continue
        correction = _corrected_claim(p, link, candidate, stated_is_rhs, settings)
        if correction is not None:
            return replace(result, diagnosis=Diagnosis(kind, detail), correction=correction)
        return replace(result, diagnosis=Diagnosis(kind, detail + " (no verified correction)"))
    return replace(
        result,
        diagnosis=Diagnosis(
            DiagnosisKind.OTHER,
            "no single simple change of the stated side explains the difference",
        ),
    )


def _roles(link):  # type: ignore[no-untyped-def]
    """(reference side, stated side, stated is the right side): the side holding a derivative,
    else the left side, is the reference the other side is compared with."""
    lhs, rhs = link.lhs.expr, link.rhs.expr
    derivative = (sympy.Derivative, arrays.Grad)
    if rhs.has(*derivative) and not lhs.has(*derivative):
        return rhs, lhs, False
    return lhs, rhs, True


class _Matcher:
    """Does a candidate equal the reference on every instance, at a few random points?"""

    def __init__(self, p, reference: sympy.Expr, settings) -> None:  # type: ignore[no-untyped-def]
        from derive.engine import _concrete, domains_of, implement_functions

        self.p = p
        self.settings = settings
        self.evaluator = Evaluator()
        self._concrete = _concrete
        self._inst = implement_functions
        self._domains = domains_of
        exprs = [s.expr for s in p.statement.sides]
        self.instances = list(p.model.instances(exprs, settings.plan, p.seed))
        self.references = [
            self._inst(_concrete(p, reference, {**e, **dict(i)}), p.seed) for e, i in self.instances
        ]

    def matches(self, candidate: sympy.Expr) -> bool:
        for (env, idx), ref in zip(self.instances, self.references, strict=True):
            try:
                cand = self._inst(
                    self._concrete(self.p, candidate, {**env, **dict(idx)}), self.p.seed
                )
            except Exception:
                return False
            if is_matrix(ref) != is_matrix(cand) or (is_matrix(ref) and ref.shape != cand.shape):
                return False
            for r, c in zip(entries(ref), entries(cand), strict=True):
                if not self._agree(r, c):
                    return False
        return True

    def _agree(self, ref: sympy.Expr, cand: sympy.Expr) -> bool:
        symbols = sorted(ref.free_symbols | cand.free_symbols, key=lambda s: s.sort_key())
        points = sample_points(symbols, self._domains(self.p, symbols), 5, self.p.seed + 7)
        good = 0
        for point in points:
            try:
                a = self.evaluator.real(ref, as_floats(point))
                b = self.evaluator.real(cand, as_floats(point))
            except (EvaluationError, ZeroDivisionError, OverflowError, TypeError):
                continue
            if not self.settings.tolerance.close(a, b):
                return False
            good += 1
        return good >= 2


def _candidates(  # type: ignore[no-untyped-def]
    p, stated: sympy.Expr, reference: sympy.Expr
) -> Iterator[tuple[DiagnosisKind, str, sympy.Expr]]:
    yield DiagnosisKind.SIGN, "the sign is wrong", -stated
    sizes = p.model.sizes([stated, reference])
    factors: list[sympy.Expr] = [sympy.Integer(2), sympy.Rational(1, 2)]
    for s in sizes:
        factors += [s, 1 / s, 2 * s, 1 / (2 * s), s**2, 1 / s**2]
    for c in factors:
        for sign in (1, -1):
            yield (
                DiagnosisKind.FACTOR,
                f"off by a factor {sympy.sstr(1 / (sign * c))}: the stated side is "
                f"{sympy.sstr(1 / (sign * c))} times the correct value",
                sign * c * stated,
            )
    for detail, cand in _transposes(stated):
        yield DiagnosisKind.TRANSPOSE, detail, cand
    for detail, cand in _layer_shifts(stated, p.claim.symbols):
        yield DiagnosisKind.INDEX, detail, cand
    for detail, cand in _index_swaps(stated, reference, p.claim.symbols):
        yield DiagnosisKind.INDEX, detail, cand
    for detail, cand in _activation_swaps(stated):
        yield DiagnosisKind.ACTIVATION, detail, cand
    if isinstance(stated, sympy.Add):
        for term in stated.args:
            yield (
                DiagnosisKind.TERM,
                f"the term {to_latex(term, p.claim.symbols)} should not be there",
                stated - term,
            )
    if isinstance(reference, sympy.Add) and not reference.has(sympy.Derivative):
        for term in reference.args:
            yield (
                DiagnosisKind.TERM,
                f"the term {to_latex(term, p.claim.symbols)} is missing",
                stated + term,
            )


def _index_swaps(
    stated: sympy.Expr, reference: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr]]:
    """Swap two index names everywhere, or change the index of a single indexed name."""
    free = sorted(
        {
            s
            for ix in (stated.atoms(sympy.Indexed) | reference.atoms(sympy.Indexed))
            for s in ix.free_symbols
            if s in (stated.free_symbols | reference.free_symbols)
            and not isinstance(s, sympy.Indexed)
            and s not in {ix.base.label}
        },
        key=lambda s: s.name,
    )
    free = [s for s in free if isinstance(s, sympy.Symbol)]
    count = 0
    for a, b in itertools.combinations(free, 2):
        yield f"the indices {a} and {b} are swapped", stated.xreplace({a: b, b: a})
        count += 1
    for ix in sorted(stated.atoms(sympy.Indexed), key=sympy.default_sort_key):
        if len(ix.indices) >= 2:
            for a_slot, b_slot in itertools.combinations(range(len(ix.indices)), 2):
                new_idx = list(ix.indices)
                new_idx[a_slot], new_idx[b_slot] = new_idx[b_slot], new_idx[a_slot]
                if new_idx != list(ix.indices):
                    yield (
                        f"the indices of {to_latex(ix, specs)} are in the wrong order",
                        stated.xreplace({ix: ix.base[tuple(new_idx)]}),
                    )
        for slot, value in enumerate(ix.indices):
            for other in free:
                if other == value or count > MAX_CANDIDATES:
                    continue
                new_idx = list(ix.indices)
                new_idx[slot] = other
                yield (
                    f"the index of {to_latex(ix, specs)} should be {other}, not {value}",
                    stated.xreplace({ix: ix.base[tuple(new_idx)]}),
                )
                count += 1


def transposed(e: sympy.Basic) -> sympy.Basic:
    """e^T written out: (A B)^T = B^T A^T, (A^T)^T = A; numbers unchanged."""
    if e.is_commutative:
        return e
    if isinstance(e, arrays.TransposeOf):
        return e.args[0]
    if isinstance(e, sympy.Mul):
        scalars = [a for a in e.args if a.is_commutative]
        arrs = [transposed(a) for a in reversed([a for a in e.args if not a.is_commutative])]
        return sympy.Mul(*scalars, *arrs)
    if isinstance(e, sympy.Add):
        return sympy.Add(*[transposed(a) for a in e.args])
    if isinstance(e, arrays.Hadamard | arrays.Apply):
        return e.func(*[transposed(a) for a in e.args])
    return arrays.TransposeOf(e)


def _transposes(stated: sympy.Expr) -> Iterator[tuple[str, sympy.Expr]]:
    """The whole side transposed, or one vector/matrix transposed (or not transposed)."""
    if stated.is_commutative:
        return
    yield "the stated side is the transpose of the correct one", transposed(stated)
    atoms = [a for a in stated.atoms(sympy.Indexed, sympy.Symbol) if a.is_commutative is False]
    for a in sorted(stated.atoms(arrays.TransposeOf), key=sympy.default_sort_key):
        yield f"{to_latex(a.args[0], {})} should not be transposed", stated.xreplace({a: a.args[0]})
    for a in sorted(atoms, key=sympy.default_sort_key):
        if a.is_commutative is False and not any(
            t.args[0] == a for t in stated.atoms(arrays.TransposeOf)
        ):
            yield (
                f"{to_latex(a, {})} should be transposed",
                stated.xreplace({a: arrays.TransposeOf(a)}),
            )


def _layer_shifts(
    stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr]]:
    """One name's layer index off by one: a^{[l]} where a^{[l-1]} belongs."""
    for ix in sorted(stated.atoms(sympy.Indexed), key=sympy.default_sort_key):
        if not family_of(str(ix.base.label)).layer:
            continue
        for delta in (-1, 1):
            new = ix.base[(ix.indices[0] + delta, *ix.indices[1:])]
            yield (
                f"the layer of {to_latex(ix, specs)} should be {to_latex(new.indices[0], specs)}",
                stated.xreplace({ix: new}),
            )


def _activation_swaps(stated: sympy.Expr) -> Iterator[tuple[str, sympy.Expr]]:
    """sigma(u) where sigma'(u) belongs, and the other way round."""
    t = sympy.Dummy("t", real=True)
    for call in sorted(stated.atoms(functions.sigmoid), key=sympy.default_sort_key):
        prime = sympy.Subs(sympy.Derivative(functions.sigmoid(t), t), t, call.args[0])
        yield "the activation is used where its derivative belongs", stated.xreplace({call: prime})
    for node in sorted(stated.atoms(sympy.Subs), key=sympy.default_sort_key):
        inner = node.expr
        if isinstance(inner, sympy.Derivative) and isinstance(inner.expr, sympy.Function):
            yield (
                "the derivative of the activation is used where the activation belongs",
                stated.xreplace({node: inner.expr.func(node.point[0])}),
            )


def _corrected_claim(p, link, candidate: sympy.Expr, stated_is_rhs: bool, settings) -> str | None:  # type: ignore[no-untyped-def]
    """The LaTeX of the corrected link, if the corrected claim verifies when read back."""
    from derive.engine import check_claim

    text = to_latex(candidate, p.claim.symbols)
    rel = link.rel.value if link.rel is not Rel.UPDATE else "\\leftarrow"
    corrected = (
        f"{link.lhs.latex} {rel} {text}" if stated_is_rhs else f"{text} {rel} {link.rhs.latex}"
    )
    claim = replace(p.claim, id=p.claim.id + "/correction", latex=corrected)
    result = check_claim(claim, replace(settings, diagnose=False))
    return corrected if result.verdict is Verdict.VERIFIED else None
