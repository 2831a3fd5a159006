"""Structural edits of a stated side: one sum's limit, an activation missing its derivative,
two indices swapped or one index changed, a transpose too many or missing, a layer index off by
one, an activation where its derivative belongs (and back). Each is (what it says, the edited
side, how to make the same edit in the author's text)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping

import sympy

from derive import functions
from derive.model import FunctionKind, SymbolSpec
from derive.notation import arrays
from derive.notation.families import label_of
from derive.notation.names import family_of
from derive.notation.printer import to_latex
from derive.prepared import Prepared
from derive.specs import GREEK

MAX_CANDIDATES = 60  # index replacements of one side


def is_index(s: sympy.Symbol, *exprs: sympy.Expr) -> bool:
    """Is s used as an index (of an indexed name, or of a sum) somewhere?"""
    for e in exprs:
        if any(s in i.free_symbols for ix in e.atoms(sympy.Indexed) for i in ix.indices):
            return True
        if any(lim[0] == s for node in e.atoms(sympy.Sum, sympy.Product) for lim in node.limits):
            return True
    return False


def sum_limits(
    stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """One sum running one term too far or stopping one term short, at either end (of a
    double sum `\\sum_i\\sum_j`, one of its two)."""
    for node in sorted(stated.atoms(sympy.Sum), key=sympy.default_sort_key):
        for t, (_, _, hi) in enumerate(node.limits):
            if str(hi).startswith("#"):
                continue  # a sum without limits runs over a whole dimension
            yield from _limit_edits(stated, node, t, specs)


def _limit_edits(
    stated: sympy.Expr, node: sympy.Sum, t: int, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """The limit t of the sum `node` one term longer or shorter, at either end."""
    var, lo, hi = node.limits[t]
    for end, value, new in (
        ("end", hi, hi - 1),
        ("end", hi, hi + 1),
        ("start", lo, lo + 1),
        ("start", lo, lo - 1),
    ):
        limits = list(node.limits)
        limits[t] = (var, new, hi) if end == "start" else (var, lo, new)
        cand = stated.xreplace({node: sympy.Sum(node.function, *limits)})
        shown = [to_latex(x, specs) for x in (var, value, new)]
        yield (
            f"the sum over {shown[0]} should {end} at {shown[2]}, not {shown[1]}",
            cand,
            ("limit", shown[0], end, shown[1], shown[2]),
        )


def _pattern_value(p: Prepared, item: sympy.Basic) -> sympy.Expr | None:
    """The definition of a name as written, for an indexed name with symbolic or numeric
    indices (`\\sigma^{[l+1]}_i` from `\\sigma^{[l]}_s = ...`), or a plain name."""
    if isinstance(item, sympy.Symbol):
        return p.model.symbols.get(item)
    if not isinstance(item, sympy.Indexed):
        return None
    for pat in p.model.patterns.get(label_of(item), ()):
        if len(pat.indices) != len(item.indices):
            continue
        binding: dict[sympy.Basic, sympy.Expr] = {}
        ok = True
        for pat_i, want in zip(pat.indices, item.indices, strict=True):
            if pat_i.is_Integer:
                ok = pat_i == want
            elif len(pat_i.free_symbols) == 1:
                (s,) = pat_i.free_symbols
                value = want - (pat_i - s)
                ok = binding.setdefault(s, value) == value
            else:
                ok = False
            if not ok:
                break
        if ok:
            return pat.value.xreplace(binding)
    return None


def _defined_names(p: Prepared, expr: sympy.Expr) -> list[sympy.Basic]:
    names = [s for s in expr.free_symbols if isinstance(s, sympy.Symbol) and s in p.model.symbols]
    names += [ix for ix in expr.atoms(sympy.Indexed) if label_of(ix) in p.model.patterns]
    return sorted(set(names), key=sympy.default_sort_key)


def missing_activation_derivatives(
    p: Prepared, stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """A chain rule one factor short: X defined as dF/dY, with Y an activation of one name Z
    (Y = f(Z)), used where X dY/dZ belongs (an error by the output of a neuron where the error by
    its input is meant)."""
    found: dict[sympy.Basic, sympy.Expr] = {}
    pairs: list[str] = []
    for x in _defined_names(p, stated):
        value = _pattern_value(p, x)
        if not isinstance(value, sympy.Derivative) or len(value.variables) != 1:
            continue
        (y,) = value.variables
        inner = _pattern_value(p, y)
        if inner is None:
            continue
        zs = [z for z in _defined_names(p, inner) if z != y]
        labels = {ix.base.label for ix in inner.atoms(sympy.Indexed)}
        free = [
            s
            for s in inner.free_symbols
            if isinstance(s, sympy.Symbol) and s not in labels and not is_index(s, inner)
        ]
        if len(zs) != 1 or any(s not in zs for s in free):
            continue
        (z,) = zs
        factor = sympy.Derivative(y, z)
        found[x] = x * factor
        shown = to_latex(x, specs)
        pairs += [shown, f"{shown} {to_latex(factor, specs)}"]
        yield (
            f"the derivative {to_latex(factor, specs)} of the activation is missing after {shown}",
            stated.xreplace({x: x * factor}),
            ("replace", shown, f"{shown} {to_latex(factor, specs)}"),
        )
    if len(found) > 1:  # the same slip at every error of the side
        yield (
            "the derivative of the activation is missing after "
            + ", ".join(to_latex(x, specs) for x in found),
            stated.xreplace(found),
            ("replace", *pairs),
        )


def index_swaps(
    stated: sympy.Expr, reference: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
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
        yield (
            f"the indices {a} and {b} are swapped",
            stated.xreplace({a: b, b: a}),
            ("swap", str(a), str(b)),
        )
        count += 1
    for ix in sorted(stated.atoms(sympy.Indexed), key=sympy.default_sort_key):
        shown = to_latex(ix, specs)  # printed once per name: the search makes many candidates
        if len(ix.indices) >= 2:
            for a_slot, b_slot in itertools.combinations(range(len(ix.indices)), 2):
                new_idx = list(ix.indices)
                new_idx[a_slot], new_idx[b_slot] = new_idx[b_slot], new_idx[a_slot]
                if new_idx != list(ix.indices):
                    yield (
                        f"the indices of {shown} are in the wrong order",
                        stated.xreplace({ix: ix.base[tuple(new_idx)]}),
                        ("replace", shown, to_latex(ix.base[tuple(new_idx)], specs)),
                    )
        for slot, value in enumerate(ix.indices):
            for other in free:
                if other == value or count > MAX_CANDIDATES:
                    continue
                new_idx = list(ix.indices)
                new_idx[slot] = other
                yield (
                    f"the index of {shown} should be {other}, not {value}",
                    stated.xreplace({ix: ix.base[tuple(new_idx)]}),
                    ("replace", shown, to_latex(ix.base[tuple(new_idx)], specs)),
                )
                count += 1


def index_shifts(
    stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """An entry's index off by one (`x_r` where `x_{r+1}` belongs): only an index in a name
    the side leaves free (not a sum's own index), and only its entry slots (a layer's is
    `layer_shifts`), so the candidates stay few."""
    free = stated.free_symbols
    for ix in sorted(stated.atoms(sympy.Indexed), key=sympy.default_sort_key):
        fam = family_of(label_of(ix))
        for slot in range(int(fam.layer) + int(fam.sample), len(ix.indices)):
            value = ix.indices[slot]
            names = value.free_symbols
            if len(names) != 1 or not names <= free or not (value - next(iter(names))).is_Integer:
                continue
            for step in (1, -1):
                new_idx = list(ix.indices)
                new_idx[slot] = value + step
                new = ix.base[tuple(new_idx)]
                yield (
                    f"the index of {to_latex(ix, specs)} should be {to_latex(value + step, specs)}"
                    f", not {to_latex(value, specs)}",
                    stated.xreplace({ix: new}),
                    ("replace", to_latex(ix, specs), to_latex(new, specs)),
                )


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


def transposes(
    stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """The whole side transposed, or one vector/matrix transposed (or not transposed)."""
    if stated.is_commutative:
        return
    yield "the stated side is the transpose of the correct one", transposed(stated), ()
    atoms = [a for a in stated.atoms(sympy.Indexed, sympy.Symbol) if a.is_commutative is False]
    for a in sorted(stated.atoms(arrays.TransposeOf), key=sympy.default_sort_key):
        yield (
            f"{to_latex(a.args[0], {})} should not be transposed",
            stated.xreplace({a: a.args[0]}),
            ("transpose", to_latex(a.args[0], specs), "remove"),
        )
    for a in sorted(atoms, key=sympy.default_sort_key):
        if a.is_commutative is False and not any(
            t.args[0] == a for t in stated.atoms(arrays.TransposeOf)
        ):
            yield (
                f"{to_latex(a, {})} should be transposed",
                stated.xreplace({a: arrays.TransposeOf(a)}),
                ("transpose", to_latex(a, specs), "add"),
            )


def layer_shifts(
    stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """One name's layer index off by one: a^{[l]} where a^{[l-1]} belongs."""
    for ix in sorted(stated.atoms(sympy.Indexed), key=sympy.default_sort_key):
        if not family_of(label_of(ix)).layer:
            continue
        for delta in (-1, 1):
            new = ix.base[(ix.indices[0] + delta, *ix.indices[1:])]
            yield (
                f"the layer of {to_latex(ix, specs)} should be {to_latex(new.indices[0], specs)}",
                stated.xreplace({ix: new}),
                ("replace", to_latex(ix, specs), to_latex(new, specs)),
            )


def activation_swaps(
    stated: sympy.Expr, specs: Mapping[str, SymbolSpec]
) -> Iterator[tuple[str, sympy.Expr, tuple[str, ...]]]:
    """sigma(u) where sigma'(u) belongs, and the other way round."""
    t = sympy.Dummy("t", real=True)
    names = _function_names(specs, functions.sigmoid)
    for call in sorted(stated.atoms(functions.sigmoid), key=sympy.default_sort_key):
        prime = sympy.Subs(sympy.Derivative(functions.sigmoid(t), t), t, call.args[0])
        yield (
            "the activation is used where its derivative belongs",
            stated.xreplace({call: prime}),
            ("prime", *names),
        )
    for node in sorted(stated.atoms(sympy.Subs), key=sympy.default_sort_key):
        inner = node.expr
        if isinstance(inner, sympy.Derivative) and isinstance(inner.expr, sympy.Function):
            yield (
                "the derivative of the activation is used where the activation belongs",
                stated.xreplace({node: inner.expr.func(node.point[0])}),
                ("unprime", *_function_names(specs, inner.expr.func)),
            )


def _function_names(specs: Mapping[str, SymbolSpec], func: object) -> tuple[str, ...]:
    """How the author may write a call of func: the names declared for it (`\\sigma`, `f`)."""
    want = FunctionKind.SIGMOID if func is functions.sigmoid else None
    names = [
        name
        for name, spec in specs.items()
        if spec.function is not None and (want is None or spec.function is want)
    ]
    greek = set(GREEK)
    return tuple(("\\" + n if n in greek else n) for n in names or ["sigma"])
