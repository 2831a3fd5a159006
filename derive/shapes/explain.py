"""How each written name was understood (`derive verify --explain`, `derive scan --explain`): its
kind, its shape and the range of each of its index slots, in the author's notation, from the
claim's `SizeModel`; what the writing says about sizes beyond the shapes (`size_notes`: a layer
pinned to one unit, a name bounded by an offset), as the verdict says it; and the text of the
claim and its `given` that was read as nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy
from sympy.core.function import AppliedUndef

from derive.errors import DeriveError
from derive.model import Claim
from derive.notation import arrays
from derive.notation.dropped import Dropped
from derive.notation.names import family_of
from derive.prepared import prepare, read_given
from derive.shapes.infer import SizeModel
from derive.shapes.unify import Slot, Term, Width


@dataclass(frozen=True)
class Reading:
    """What one name is: `y` a vector of n = n^{[L]} entries; `x_{ij}` an indexed family."""

    name: str
    kind: str
    shape: str = ""  # "n^{[L]} x 1"; "" for a number or a family without a shape
    ranges: tuple[str, ...] = ()  # one per index slot: "1..m"

    def text(self) -> str:
        parts = [f"{self.name}: {self.kind}"]
        if self.shape:
            parts.append(self.shape)
        if self.ranges:
            parts.append("indices " + ", ".join(self.ranges))
        return ", ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "kind": self.kind, "shape": self.shape, "ranges": self.ranges}


def _term(t: Term) -> str:
    if isinstance(t, Width):
        return str(t)
    if isinstance(t, Slot):
        return "?"
    if isinstance(t, sympy.Dummy):  # a definition's own index or count, renamed apart
        return str(t.name)
    return str(t)


def size_text(model: SizeModel, t: Term) -> str:
    """A size as written, and what it is one with: `r = n^{[L]}`; `?` when nothing fixes it;
    `n >= m` for the upper limit m of a sum over a slot of size n."""
    cls = model.class_of(t)
    order = {sympy.Integer: 0, sympy.Symbol: 1, Width: 2}
    named = sorted(
        {_term(x) for x in cls if not isinstance(x, Slot)},
        key=lambda s: (order.get(type(s), 3), s),
    )
    first = _term(t)
    if first == "?":
        return " = ".join(named) if named else "?"
    limits = {_term(x) for x in model.limits} - {first}  # a sum's limit is at most the size
    others = [x for x in named if x != first and x not in limits]
    below = [x for x in named if x in limits]
    return " = ".join([first, *others]) + "".join(f" >= {x}" for x in below)


def readings(claim: Claim) -> tuple[Reading, ...]:
    """What every name of the claim and its `given` was read as. Raises DeriveError for a
    claim that cannot be read (as checking it would)."""
    p = prepare(claim)
    exprs = [s.expr for s in p.statement.sides]
    model = p.model.size_model(exprs)
    out: dict[str, Reading] = {}
    for name, (rows, cols) in sorted(model.shapes.items()):
        shape = " x ".join(_grouped(size_text(model, t)) for t in (rows, cols))
        out[name] = Reading(name, model.kinds.get(name, "array"), shape)
    slots: dict[str, list[str]] = {}
    for (label, k), term in sorted(model.slots.items()):
        fam = family_of(label)
        if fam.name in out and out[fam.name].shape:
            continue
        slots.setdefault(fam.name, []).append(
            f"{k + 1 - int(fam.layer)}: 1..{size_text(model, term)}"
        )
    for name, ranges in sorted(slots.items()):
        out.setdefault(
            name, Reading(name, model.kinds.get(name, "indexed family"), "", tuple(ranges))
        )
    everything = [*exprs, *(d.value for d in p.model.definitions)]
    everything += [d.target for d in p.model.definitions if isinstance(d.target, sympy.Basic)]
    indices: set[sympy.Basic] = set()
    sizes: set[sympy.Basic] = {t for c in model.classes for t in c if isinstance(t, sympy.Symbol)}
    for e in everything:
        for ix in e.atoms(sympy.Indexed):
            indices |= {x for i in ix.indices for x in i.free_symbols} | {ix.base.label}
        for col in e.atoms(arrays.Column):
            indices |= col.args[1].free_symbols
        for d in e.atoms(sympy.KroneckerDelta):  # \delta_{ij}: indices, not numbers
            indices |= d.free_symbols
        for sm in e.atoms(sympy.Sum, sympy.Product):
            indices |= {v for v, _, _ in sm.limits}
            sizes |= {x for _, a, b in sm.limits for x in a.free_symbols | b.free_symbols}
    for e in everything:
        for f in e.atoms(AppliedUndef):
            n = len(f.args)
            kind = f"function of {n} argument{'s' * (n > 1)}"
            out.setdefault(str(f.func), Reading(str(f.func), kind))
        for x in e.free_symbols - indices:
            if not isinstance(x, sympy.Symbol) or x.name in out or not x.is_commutative:
                continue
            if x.name.startswith("#"):
                continue
            if p.names.origin(x) is None and not isinstance(x, sympy.Dummy):
                out[x.name] = Reading(x.name, "size" if x in sizes else "number")
    for name, spec in p.names.specs.items():  # x = "rows(X)": x_i is a row of X, a column
        if spec.rows is not None and spec.rows in model.shapes:
            rows, cols = model.shapes[spec.rows]
            out[name] = Reading(
                name,
                f"the rows of {spec.rows}",
                f"{_grouped(size_text(model, cols))} x 1",
                (f"1: 1..{size_text(model, rows)}",),
            )
        if spec.samples and name in out:  # \hat{x} = "samples(n)": a vector per sample
            out[name] = replace(out[name], kind=f"a vector for each sample ({name}_i)")
    if p.head in out:  # J = A = B: say that the chain's first link is J's definition
        r = out[p.head]
        out[p.head] = replace(r, kind=f"{r.kind}, defined by the claim's first link")
    return tuple(out[k] for k in sorted(out))


def size_notes(claim: Claim) -> tuple[str, ...]:
    """What the writing fixes or bounds among the sizes, each as the verdict's note says it: a
    layer a number added to its whole vector pins to one unit (`shapes/pins.py`), a name an
    index or a sum's limit with an offset bounds (`shapes/offsets.py`). Raises DeriveError for
    a claim that cannot be read."""
    p = prepare(claim)
    return p.model.size_model([s.expr for s in p.statement.sides]).notes


def _grouped(text: str) -> str:
    return f"({text})" if "=" in text else text


def dropped_text(claim: Claim) -> list[tuple[str, Dropped]]:
    """The text of the claim and of each `given` entry read as nothing, each with where it is
    (`claim`, `given 2`); none when the claim cannot be read (its error says why)."""
    try:
        notation, _ = read_given(claim)
        out = [("claim", d) for d in notation.dropped(claim.latex)]
        for k, latex in enumerate(claim.given, start=1):
            out += [(f"given {k}", d) for d in notation.dropped(latex)]
    except DeriveError:
        return []
    return out


@dataclass(frozen=True)
class Explanation:
    """What `--explain` shows of one claim: each name read as, the sizes the writing fixes or
    bounds, and the text read as nothing (each with where it is: `claim`, `given 2`)."""

    names: tuple[Reading, ...]
    sizes: tuple[str, ...]
    dropped: tuple[tuple[str, Dropped], ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "names": [n.as_dict() for n in self.names],
            "sizes": list(self.sizes),
            "dropped": [{"where": where, **d.as_dict()} for where, d in self.dropped],
        }


def explain(claim: Claim) -> Explanation:
    """The explanation of a claim; names and sizes are empty when the claim cannot be read (its
    error says why)."""
    try:
        names, sizes = readings(claim), size_notes(claim)
    except DeriveError:
        names, sizes = (), ()
    return Explanation(names, sizes, tuple(dropped_text(claim)))
