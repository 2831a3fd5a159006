"""The single edits of a stated side that may explain a refutation, simplest first: the sign and
factors of numbers, sizes and plain names (scalar edits); then a factor too many, the
structural edits (structure.py, slips.py) and a term too many or missing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import sympy

from derive.diagnose import slips
from derive.diagnose.correct import Edit
from derive.diagnose.structure import (
    activation_swaps,
    index_shifts,
    index_swaps,
    is_index,
    layer_shifts,
    missing_activation_derivatives,
    sum_limits,
    transposes,
)
from derive.model import DiagnosisKind, Domain, SymbolSpec
from derive.notation.printer import to_latex
from derive.prepared import Prepared

MAX_NAME_FACTORS = 6  # plain names tried as a missing or extra factor


def single_edits(
    p: Prepared,
    stated: sympy.Expr,
    reference: sympy.Expr,
    *,
    scalar: bool = True,
    structural: bool = True,
) -> Iterator[Edit]:
    """The single edits of the stated side, simplest first: sign and factors (scalar), then
    transposes, indices, activations and terms (structural)."""
    specs = p.claim.symbols
    if scalar:
        yield Edit(DiagnosisKind.SIGN, "the sign is wrong", -stated, sympy.Integer(-1), ("sign",))
        written = slips.written_coefficient(stated, set(p.model.sizes([stated, reference])))
        for c in _factors(p, stated, reference):
            for sign in (1, -1):
                shown = sympy.sstr(1 / (sign * c))
                detail = (
                    f"off by a factor {shown}: the stated side is {shown} times the correct value"
                )
                if written != 1 and sympy.simplify(sign * c * written) == 1:
                    detail = f"the factor {to_latex(written, specs)} should not be there"
                yield Edit(
                    DiagnosisKind.FACTOR, detail, _times(sign * c, stated), sign * c, ("factor",)
                )
    if not structural:
        return
    yield from slips.repeated_sums(stated, specs)
    yield from slips.missing_indices(stated, p.model.defines, specs)
    for factor, cand in _dropped_factors(stated):
        yield Edit(
            DiagnosisKind.FACTOR, f"the factor {to_latex(factor, specs)} should not be there", cand
        )
    structural_edits = (  # each a generator, run in this order
        (DiagnosisKind.TRANSPOSE, transposes(stated, specs)),
        (DiagnosisKind.INDEX, layer_shifts(stated, specs)),
        (DiagnosisKind.INDEX, index_swaps(stated, reference, specs)),
        (DiagnosisKind.INDEX, index_shifts(stated, specs)),
        (DiagnosisKind.INDEX, sum_limits(stated, specs)),
        (DiagnosisKind.ACTIVATION, activation_swaps(stated, specs)),
        (DiagnosisKind.ACTIVATION, missing_activation_derivatives(p, stated, specs)),
    )
    for kind, found in structural_edits:
        for detail, cand, hint in found:
            yield Edit(kind, detail, cand, hint=hint)
    if structural:
        yield from slips.stacked_norms(stated, p.model.symbols, specs)
    yield from slips.term_signs(stated, specs)
    yield from _term_edits(stated, reference, specs)
    if scalar:  # not inside the two-edit searches: one slip, on one term
        yield from _term_factors(p, stated, reference)


MAX_TERM_FACTORS = 48  # edits of one term's factor, at most


def _term_factors(p: Prepared, stated: sympy.Expr, reference: sympy.Expr) -> Iterator[Edit]:
    """One term of a sum (anywhere in the side) off by a size or a plain name: the 1/n lost from
    the data term of `2(X^T(X\\beta - y) + \\lambda\\beta)` (Hjorth-Jensen's ridge gradient)."""
    specs = p.claim.symbols
    sizes = p.model.sizes([stated, reference])
    factors: list[sympy.Expr] = []
    for s in sizes:
        factors += [s, 1 / s]
    for x in _scalar_names(p, stated, reference, sizes):
        factors += [x, 1 / x]
    count = 0
    for node in sympy.preorder_traversal(stated):
        if not isinstance(node, sympy.Add):
            continue
        for term in node.args:
            for c in factors:
                if count >= MAX_TERM_FACTORS:
                    return
                count += 1
                edited = sympy.Add(*[_times(c, a) if a is term else a for a in node.args])
                yield Edit(
                    DiagnosisKind.FACTOR,
                    f"the term {to_latex(term, specs)} is off by a factor "
                    f"{to_latex(1 / c, specs)}: it should be {to_latex(_times(c, term), specs)}",
                    stated.xreplace({node: edited}),
                )


def _times(c: sympy.Expr, e: sympy.Expr) -> sympy.Expr:
    """c e, with c combined with the numbers and powers of a product (n \frac{1}{n} S is S)."""
    return sympy.Mul(c, *e.args) if isinstance(e, sympy.Mul) else c * e


def _factors(p: Prepared, stated: sympy.Expr, reference: sympy.Expr) -> list[sympy.Expr]:
    """2, 1/2; for every size s: s, 1/s, 2s, 1/(2s), s/2, 2/s, s^2, 1/s^2; for every logarithm of
    a number (ln 10, of a base-10 logarithm differentiated as the natural one): it and its
    inverse; for every plain name x of the claim that no definition gives (a step size, a
    threshold): x, 1/x."""
    sizes = p.model.sizes([stated, reference])
    out: list[sympy.Expr] = [sympy.Integer(2), sympy.Rational(1, 2)]
    exprs = [stated, reference, *p.model.symbols.values()]
    logs = {  # natural logs of numbers, log(10) also as the parser leaves it: log(10, E)
        sympy.log(g.args[0])
        for e in exprs
        for g in e.atoms(sympy.log)
        if g.args[0].is_Integer and g.args[0] > 1 and (len(g.args) == 1 or g.args[1] == sympy.E)
    }
    for g in sorted(logs, key=sympy.default_sort_key):
        out += [g, 1 / g]
    for s in sizes:
        out += [s, 1 / s, 2 * s, 1 / (2 * s), s / 2, 2 / s, s**2, 1 / s**2]
    for x in _scalar_names(p, stated, reference, sizes):
        out += [x, 1 / x]
    return out


def _scalar_names(
    p: Prepared, stated: sympy.Expr, reference: sympy.Expr, sizes: Iterable[sympy.Basic]
) -> list[sympy.Symbol]:
    """The plain names (no sizes) of a real, positive or unit domain that may be a missing or
    extra factor: the first MAX_NAME_FACTORS of them."""
    skip = set(sizes)
    return [
        x
        for x in plain_names(p, stated, reference)
        if x not in skip and p.names.domain_of(x) in (Domain.REAL, Domain.POSITIVE, Domain.UNIT)
    ][:MAX_NAME_FACTORS]


def plain_names(p: Prepared, stated: sympy.Expr, reference: sympy.Expr) -> list[sympy.Symbol]:
    """The plain names of the claim and its definitions that no definition gives and that are
    not indices: the step sizes, thresholds and variables a side may lack or have too many."""
    exprs = [stated, reference, *p.model.symbols.values()]
    exprs += [pat.value for pats in p.model.patterns.values() for pat in pats]
    labels = {ix.base.label for e in exprs for ix in e.atoms(sympy.Indexed)}
    return sorted(
        (
            s
            for s in set().union(*(e.free_symbols for e in exprs))
            if isinstance(s, sympy.Symbol)
            and s.is_commutative
            and s not in labels
            and not p.model.defines(s)
            and not is_index(s, *exprs)
        ),
        key=lambda s: s.name,
    )


def _dropped_factors(stated: sympy.Expr) -> Iterator[tuple[sympy.Expr, sympy.Expr]]:
    """One factor of a product (anywhere in the side) that should not be there. Numbers are
    left to the factor candidates."""
    seen: set[sympy.Basic] = set()
    for node in sympy.preorder_traversal(stated):
        if not isinstance(node, sympy.Mul) or not node.is_commutative:
            continue
        if sum(1 for a in node.args if not a.is_number) < 2:
            continue  # -x, 2x: the sign and factor candidates
        for factor in node.args:
            if factor.is_number or factor in seen:
                continue
            seen.add(factor)
            rest = sympy.Mul(*[a for a in node.args if a is not factor])
            cand = stated.xreplace({node: rest})
            if cand != stated:
                yield factor, cand


def _term_edits(
    stated: sympy.Expr, reference: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[Edit]:
    """A term too many or missing; a sum that should be its one term (`\\sum_k` written over a
    free k); a square root that should not be there (a norm for a squared norm)."""
    if isinstance(stated, sympy.Add):
        for term in stated.args:
            yield Edit(
                DiagnosisKind.TERM,
                f"the term {to_latex(term, specs)} should not be there",
                stated - term,
                hint=("drop", to_latex(term, specs)),
            )
    if isinstance(reference, sympy.Add) and not reference.has(sympy.Derivative):
        for term in reference.args:
            yield Edit(
                DiagnosisKind.TERM,
                f"the term {to_latex(term, specs)} is missing",
                stated + term,
                hint=("append", to_latex(term, specs)),
            )
    for node in sorted(stated.atoms(sympy.Sum), key=sympy.default_sort_key):
        if len(node.limits) == 1:
            var = node.limits[0][0]
            yield Edit(
                DiagnosisKind.TERM,
                f"the sum over {to_latex(var, specs)} should not be there: only the term for "
                f"the given {to_latex(var, specs)} belongs",
                stated.xreplace({node: node.function}),
                hint=("unsum", to_latex(var, specs)),
            )
    for node in sorted(stated.atoms(sympy.Pow), key=sympy.default_sort_key):
        if node.exp == sympy.Rational(1, 2) and not node.base.is_number:
            cand = stated.xreplace({node: node.base})
            term = _term_holding(stated, node)
            yield Edit(
                DiagnosisKind.TERM if term is not None else DiagnosisKind.OTHER,
                (
                    f"the term {to_latex(term, specs)} should be "
                    f"{to_latex(term.xreplace({node: node.base}), specs)}"
                    if term is not None
                    else f"the square root over {to_latex(node.base, specs)} should not be there"
                ),
                cand,
                hint=("unroot",),
            )


def _term_holding(stated: sympy.Expr, node: sympy.Basic) -> sympy.Expr | None:
    if not isinstance(stated, sympy.Add):
        return None
    holding = [t for t in stated.args if t.has(node)]
    return holding[0] if len(holding) == 1 else None
