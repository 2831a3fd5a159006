"""Names a counterexample may not draw: a member of a layered (or sample-indexed) family that
`given` defines only at particular layers (a number, L, L - 1) or samples, at a layer none of
its definitions covers and no definition uses (`\\delta^{[1]}_1` when only `\\delta^{[L]}_j =
...` is given).

Such a member is not an input like a name nothing defines: the author gave the family at some
layers and left the others to the claim (BP2 written after BP1 reads as the definition of
`\\delta^{[l]}` at the other layers). A value drawn for it is no counterexample, so a
disagreement that draws one is `undecided` with the reason, never a refutation; a claim that
holds whatever its value is still verified. Still inputs, drawn as before: a family never
given, any member at layer 0, and a member a definition uses (`a^{[1]}` in `z^{[2]} = W^{[2]}
a^{[1]} + b^{[2]}` beside `a^{[2]} = \\sigma(z^{[2]})` alone: the network the definitions
write starts there)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import sympy

from derive.checks.definitions import LAST, Definitions, Pattern
from derive.model import Claim, ClaimResult, Method, Verdict
from derive.notation.families import label_of
from derive.notation.names import family_of
from derive.notation.printer import element_name, to_latex
from derive.prepared import Prepared


@dataclass(frozen=True)
class Unknown:
    """A disagreement at a point that draws a value for such a member: the reason."""

    message: str


def no_counterexample(
    claim: Claim,
    methods: Sequence[Method],
    differs: str,
    reason: str,
    sizes: tuple[tuple[tuple[str, int], ...], ...] = (),
) -> ClaimResult:
    """`undecided`: the claim fails (`differs`: "the sides differ") only at points that draw a
    value for such a member (`reason`, an Unknown's message), which refute nothing."""
    return ClaimResult(
        claim,
        Verdict.UNDECIDED,
        tuple(methods),
        message=f"{differs} only at points that draw a value for a name nothing defines, "
        f"which is no counterexample: {reason}",
        sizes=sizes,
    )


def unknown_member(
    p: Prepared, symbols: Iterable[sympy.Basic], env: Mapping[sympy.Basic, int]
) -> Unknown | None:
    """The first of symbols (by name) that is such a member at this instance, as the reason a
    point drawing it is no counterexample; None when there is none."""
    lastsym = p.names.layer_symbol(LAST)
    last = env.get(lastsym)
    for s in sorted(symbols, key=str):
        origin = p.names.origin(s) if isinstance(s, sympy.Symbol) else None
        found = uncovered(p.model.defs, origin, last) if origin is not None else None
        if origin is None or found is None:
            continue
        slot, patterns = found
        label = label_of(origin)
        fam = family_of(label)
        what = "layer" if fam.layer and slot == 0 else "sample"
        marked = origin.indices[: int(fam.layer) + int(fam.sample)]
        general = [sympy.Symbol("l" if k == 0 and fam.layer else "i") for k in range(len(marked))]
        at = sorted({to_latex(pat.indices[slot], p.names.specs) for pat in patterns})
        written = "; ".join(pat.latex for pat in patterns)
        layers = ", ".join(
            f"{k} = {v}"
            for k, v in sorted(env.items(), key=lambda kv: (kv[0] == lastsym, str(kv[0])))
            if p.names.is_layer(k)
        )
        where = f"{what} {origin.indices[slot]}" + (f" ({layers})" if layers else "")
        return Unknown(
            f"{element_name(label, marked, p.names.specs)} is given only at {what} "
            f"{' and '.join(at)} ({written}); at {where} nothing defines or uses it: give "
            f"{element_name(label, general, p.names.specs)} for every {what}"
        )
    return None


def uncovered(
    defs: Definitions, item: sympy.Indexed, last: int | None
) -> tuple[int, list[Pattern]] | None:
    """The layer (or sample) slot of item and its family's definitions, when those give the
    family only at particular layers or samples, none at item's, and no definition uses item's
    layer (see the module docstring); else None. `last` is the value of L at the instance
    (None for a claim without layers: a layered member is then never uncovered)."""
    label = label_of(item)
    pats = defs.patterns.get(label)
    fam = family_of(label)
    if not pats or (last is None and fam.layer):
        return None
    slots = ([0] if fam.layer else []) + ([int(fam.layer)] if fam.sample else [])
    lastsym = defs.names.layer_symbol(LAST)
    for slot in slots:
        if slot >= len(item.indices) or any(slot >= len(p.indices) for p in pats):
            continue
        written = [p.indices[slot] for p in pats]
        if any(_free(ix) - {lastsym} for ix in written):
            continue  # a general layer or sample: the family is given at every one
        values = [_at_last(ix, lastsym, last) for ix in written]
        at = item.indices[slot]
        if fam.layer and slot == 0 and at == 0:
            continue  # the input: a free value of every network, given or not
        if not (at.is_Integer and all(v.is_Integer and v != at for v in values)):
            continue
        if not _used(defs, label, slot, int(at), last):
            return slot, pats
    return None


def _used(defs: Definitions, label: str, slot: int, at: int, last: int | None) -> bool:
    """Whether a definition's value writes a member of the family `label` at layer (or sample)
    `at` in that slot: a general definition at each layer it covers (`z^{[l]}_j = ...
    a^{[l-1]}_k` uses a at layers 0..L-1). A use it cannot place (a general sample, a layer
    written with a name other than its definition's) counts as one."""
    lastsym = defs.names.layer_symbol(LAST)
    sources: list[tuple[Pattern | None, sympy.Expr]] = [(None, v) for v in defs.symbols.values()]
    sources += [(None, lam.expr) for lam in defs.functions.values()]
    sources += [(p, p.value) for pats in defs.patterns.values() for p in pats]
    for origin, value in sources:
        for ix in value.atoms(sympy.Indexed):
            if label_of(ix) != label or slot >= len(ix.indices):
                continue
            used = _at_last(ix.indices[slot], lastsym, last)
            if used.is_Integer:
                if int(used) == at:
                    return True
                continue
            layers = _layers_of(origin, used, last) if slot == 0 and last is not None else None
            if layers is None or at in layers:
                return True
    return False


def _layers_of(origin: Pattern | None, used: sympy.Expr, last: int) -> set[int] | None:
    """The layers a use written `used` (`l - 1`) stands for in the definition `origin`: its
    value at each layer the definition covers (1..L; 0..L for a derivative). None when that
    cannot be told (outside a general definition, or a name its own layer does not hold)."""
    free = _free(used)
    if origin is None or not origin.layered or len(free) != 1:
        return None
    (s,) = free
    target = origin.indices[0]
    shift = sympy.sympify(target - s)
    if _free(target) != {s} or not shift.is_Integer:
        return None
    lowest = 0 if origin.at_input else 1
    values = [used.xreplace({s: sympy.Integer(v - int(shift))}) for v in range(lowest, last + 1)]
    return {int(v) for v in values if v.is_Integer}


def _at_last(index: sympy.Expr, lastsym: sympy.Symbol, last: int | None) -> sympy.Expr:
    """A written layer with L at its value (when known)."""
    return index if last is None else index.xreplace({lastsym: sympy.Integer(last)})


def _free(index: sympy.Expr) -> set[sympy.Basic]:
    return set(getattr(index, "free_symbols", set()))
