"""Single slips of the stated side found inside it: a sum over a term that does not depend on its
index, the sign of one term inside the side, a bare name where the indexed name belongs, and
the written coefficient that a factor cancels.

Each generator yields candidate edits (kind, what it says, the side after it, how to make it in
the author's text); whether one explains the refutation is decided by the search.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import sympy

from derive.diagnose.correct import Edit
from derive.model import DiagnosisKind, SymbolSpec
from derive.notation import arrays
from derive.notation.families import label_of
from derive.notation.printer import to_latex

MAX_SIGN_FLIPS = 24  # terms inside the side whose sign is tried


def repeated_sums(stated: sympy.Expr, specs: Mapping[str, SymbolSpec]) -> Iterator[Edit]:
    """A sum whose term does not depend on its index: it repeats one term, and should not be
    there (the term alone is meant)."""
    for node in sorted(stated.atoms(sympy.Sum), key=sympy.default_sort_key):
        if len(node.limits) != 1:
            continue
        var = node.limits[0][0]
        if var in node.function.free_symbols:
            continue
        shown = to_latex(var, specs)
        yield Edit(
            DiagnosisKind.TERM,
            f"the sum over {shown} should not be there: its term does not depend on {shown}, "
            "so it repeats one term",
            stated.xreplace({node: node.function}),
            hint=("unsum", shown),
        )


def _sums_of_terms(e: sympy.Basic) -> Iterator[sympy.Add]:
    """The sums of terms written in a side, outside indices and sum limits (`l + 1` in
    `w^{[l+1]}` is a layer, not a term)."""
    if isinstance(e, sympy.Indexed):
        return
    if isinstance(e, sympy.Add):
        yield e
    if isinstance(e, sympy.Sum | sympy.Product):
        yield from _sums_of_terms(e.function)
        return
    for arg in e.args:
        yield from _sums_of_terms(arg)


def term_signs(stated: sympy.Expr, specs: Mapping[str, SymbolSpec]) -> Iterator[Edit]:
    """One term inside the side with the wrong sign: `1 + \\sigma(z)` where `1 - \\sigma(z)`
    belongs (the term is flipped wherever that sum of terms is written)."""
    seen: set[sympy.Basic] = set()
    count = 0
    for node in _sums_of_terms(stated):
        for term in node.args:
            if (node, term) in seen or count >= MAX_SIGN_FLIPS:
                continue
            seen.add((node, term))
            count += 1
            shown = to_latex(term, specs)
            yield Edit(
                DiagnosisKind.SIGN,
                f"the sign of the term {shown} in {to_latex(node, specs)} is wrong",
                stated.xreplace({node: node - 2 * term}),
                hint=("term-sign", shown),
            )


def missing_indices(
    stated: sympy.Expr, defines: Callable[[sympy.Basic], bool], specs: Mapping[str, SymbolSpec]
) -> Iterator[Edit]:
    """A bare name that no definition gives, written beside the same name with an index
    (`(1-H)` beside `H_j`): the index is missing."""
    bases: dict[str, list[sympy.Indexed]] = {}
    for ix in sorted(stated.atoms(sympy.Indexed), key=sympy.default_sort_key):
        bases.setdefault(label_of(ix), []).append(ix)
    for name in sorted(set(_bare_names(stated)), key=sympy.default_sort_key):
        if defines(name):
            continue
        for ix in bases.get(name.name, []):
            old, new = to_latex(name, specs), to_latex(ix, specs)
            yield Edit(
                DiagnosisKind.INDEX,
                f"{old} should be {new}: the index is missing",
                stated.xreplace({name: ix}),
                hint=("index-name", old, new),
            )


def stacked_norms(
    stated: sympy.Expr,
    values: Mapping[sympy.Symbol, sympy.Expr],
    specs: Mapping[str, SymbolSpec],
) -> Iterator[Edit]:
    """The norm of a stacked column where the norm of one of its blocks belongs: `\\|\\hat{w}\\|`
    with `\\hat{w} = [w \\\\ b]` (the augmented vector of a perceptron, whose bias the
    distance to the hyperplane does not count) for `\\|w\\|`. `values`: the definitions of
    plain names."""
    for node in sorted(stated.atoms(arrays.NormOf), key=sympy.default_sort_key):
        name = node.args[0]
        value = values.get(name) if isinstance(name, sympy.Symbol) else None
        if not isinstance(value, arrays.Literal) or not arrays.stacks_names(value):
            continue
        for block in value.entries:
            if block.is_commutative:
                continue  # a number of the column: its norm is its absolute value, no slip
            old, new = to_latex(node, specs), to_latex(arrays.NormOf(block), specs)
            yield Edit(
                DiagnosisKind.INDEX,
                f"{old} should be {new}: {to_latex(name, specs)} stacks "
                f"{', '.join(to_latex(e, specs) for e in value.entries)}, and the norm is over "
                f"{to_latex(block, specs)} only",
                stated.xreplace({node: arrays.NormOf(block)}),
                hint=("norm", to_latex(name, specs), to_latex(block, specs)),
            )


def _bare_names(e: sympy.Basic) -> Iterator[sympy.Symbol]:
    """The names written without an index (not the label of an indexed name, not a sum's
    index)."""
    if isinstance(e, sympy.Indexed):
        return
    if isinstance(e, sympy.Symbol):
        yield e
    if isinstance(e, sympy.Sum | sympy.Product):
        bound = {lim[0] for lim in e.limits}
        yield from (s for s in _bare_names(e.function) if s not in bound)
        return
    for arg in e.args:
        yield from _bare_names(arg)


def written_coefficient(stated: sympy.Expr, sizes: set[sympy.Basic]) -> sympy.Expr:
    """The coefficient of numbers and sizes a side is written with (`-\\frac{1}{n}` of
    `-\\frac{1}{n}\\sum ...`; 1 when there is none)."""
    if not isinstance(stated, sympy.Mul):
        return sympy.Integer(1)
    return sympy.Mul(
        *[
            a
            for a in stated.args
            if a.is_number or (a.free_symbols and a.free_symbols <= sizes and a.is_commutative)
        ]
    )
