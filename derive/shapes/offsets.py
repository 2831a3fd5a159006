"""Sizes an index or a sum's limit written with an offset bounds (docs/verdicts.md, "sizes that
everything written allows").

`a^{[L]}_{r+1}` and `\\sum_{j=1}^{r+1} x_j` say r + 1 <= the size of the slot (`Offset`), and
`x_{r-1}` says r >= 2 (`SizeModel.floors`). So r is not the size itself, even where a plain
`\\sum_{j=1}^{r} a^{[L]}_j` beside them would make it the layer's width: r takes a value the
writing allows, at the bound r = size - 1 in the second size set and below it in the first, so
a claim true for every such r is verified and one true only at the bound is refuted.

An offset *binds* a name when it says more than its class does: r + 1 <= n always does, r <= n
only when r is not already one with n (or a limit below it). A name a shape declares (`n` of
`x = "vector(n)"`), or one the writing ties to a number other than as a sum's limit, is never
moved: `x_{n+1}` is then past every size allowed, a shape refutation as written. A free index
(`x_{i+1}`) takes only the values its offsets allow. Sizes are raised (never lowered) when the
bound leaves no room: layer widths kept different from their neighbours, size names from the
other sizes, and a width the writing gives as a size name (`\\sum_{k=1}^{m} w_{jk} a^{[0]}_k`)
through that name. When nothing can be raised (the bound is a number, or a width the writing
fixes) and no value is left, no sizes allow the claim as written: `NoSizes`, which the engine
makes `undecided` with the reason, never a refutation at sizes derive chose.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from derive.errors import NoSizes
from derive.shapes.infer import SizeModel
from derive.shapes.unify import Offset, Term, Width, width_symbol


def _layer(t: Width, env: Mapping[sympy.Symbol, int]) -> int | None:
    value = t.layer.xreplace({k: sympy.Integer(v) for k, v in env.items()})
    return int(value) if value.is_Integer else None


def _source(model: SizeModel, t: Term, env: Mapping[sympy.Symbol, int]) -> Term | None:
    """What gives a size term its value: a number of its class, else a layer's width, else a
    size name that is no sum's limit (drawn); None when nothing written sizes it."""
    cls = model.class_of(t) | {t}
    numbers = sorted((u for u in cls if isinstance(u, sympy.Integer)), key=int)
    if numbers:
        return numbers[0]
    widths = sorted(
        (u for u in cls if isinstance(u, Width) and _layer(u, env) is not None), key=str
    )
    if widths:
        return widths[0]
    names = [
        u
        for u in cls
        if isinstance(u, sympy.Symbol)
        and u in env
        and u not in model.limits
        and not u.name.startswith("#")
    ]
    if isinstance(t, sympy.Symbol) and t in names:
        return t
    return sorted(names, key=str)[0] if names else None


def _value(t: Term, env: Mapping[sympy.Symbol, int]) -> int | None:
    if isinstance(t, sympy.Integer):
        return int(t)
    if isinstance(t, Width):
        k = _layer(t, env)
        return env.get(width_symbol(k)) if k is not None else None
    if isinstance(t, sympy.Symbol):
        return env.get(t)
    return None


def movable(model: SizeModel, s: sympy.Symbol) -> bool:
    """Whether the writing leaves s free to take any value its bounds allow: not a declared
    size, and one with a number, a layer width or another name only as a sum's limit
    (`\\sum_{j=1}^{r} a^{[L]}_j`: r <= the width; `\\sum_{j=1}^{r} x_j` with
    `x = "vector(2)"`: r <= 2)."""
    if s in model.declared or isinstance(s, sympy.Dummy):
        return False
    if s in model.limits:
        return True
    others = model.class_of(s) - {s}
    return not any(isinstance(u, sympy.Integer | Width) or _named(u) for u in others)


def _named(u: Term) -> bool:
    return isinstance(u, sympy.Symbol) and not u.name.startswith("#")


def binding(model: SizeModel, s: sympy.Symbol) -> list[Offset]:
    """The offsets of s that say more than its class: r + 1 <= n, or r <= n with r apart from n;
    only against a slot something written sizes (not `\\theta_i` of an undeclared family
    whose length nothing gives)."""
    return [
        o
        for o in model.offsets
        if o.symbol == s
        and (o.shift > 0 or o.size not in model.class_of(s))
        and _sized(model, o.size)
    ]


def _sized(model: SizeModel, t: Term) -> bool:
    return any(
        isinstance(u, sympy.Integer | Width)
        or (_named(u) and isinstance(u, sympy.Symbol) and u not in model.limits)
        for u in model.class_of(t) | {t}
    )


def _bound(
    model: SizeModel, s: sympy.Symbol, env: Mapping[sympy.Symbol, int], every: bool
) -> int | None:
    """The largest value of s its offsets allow under env (every offset, or the binding ones);
    None when none is sized."""
    found = []
    for o in model.offsets if every else binding(model, s):
        if o.symbol != s:
            continue
        src = _source(model, o.size, env)
        value = _value(src, env) if src is not None and src != s else None
        if value is not None:
            found.append(value - o.shift)
    if found and every and s in model.limits:  # \\sum_{j=1}^{r} x_j beside them: r <= len(x)
        src = _source(model, s, env)
        value = _value(src, env) if src is not None and src != s else None
        found += [value] if value is not None else []
    return min(found) if found else None


def make_room(
    model: SizeModel,
    out: dict[sympy.Symbol, int],
    last: sympy.Symbol,
    *,
    boundary: bool,
    fixed: frozenset[sympy.Symbol] = frozenset(),
) -> None:
    """Raise, in place, each size a binding offset is written against until its name has a value
    at the bound (boundary) or one below it too (the other size set): r + 1 <= n^{[L]} with
    r >= 1 needs a width of 2, and 3 to leave r = 1 below the bound r = 2. An index written as
    a number (`x_3`) and the floor of a declared size (`x_{n-3}` of `x = "vector(n)"`: n >= 4)
    raise the size they are against too, to the bound (boundary) or past it (the other size
    set: `\\sum_{j=1}^{n} x_j = x_1 + x_2 + x_3` must meet n = 4): a drawn size below them is
    no size the writing allows (a number the writing gives stays: `x_3` of `x = "vector(2)"` is
    refuted as written; so does a size in `fixed`, which the writing gives too)."""
    above = 0 if boundary else 1
    for term, k in model.least:
        src = _source(model, term, out)
        if src is not None:
            _raise(model, src, k + above, out, last, fixed)
    for s, low in sorted(model.floors.items(), key=lambda x: x[0].name):
        if s in out and s in model.declared and not isinstance(s, sympy.Dummy):
            src = _source(model, s, out)
            _raise(model, src if src is not None else s, low + above, out, last, fixed)
    for s in sorted({o.symbol for o in model.offsets}, key=lambda x: x.name):
        if not movable(model, s):
            continue
        low = model.floors.get(s, 1)
        for o in binding(model, s):
            src = _source(model, o.size, out)
            if src is None or src == s:
                continue
            # a free index takes every allowed value in one size set: room at the bound only
            need = low + o.shift + (0 if boundary or s not in out else 1)
            _raise(model, src, need, out, last, fixed)


def _raise(
    model: SizeModel,
    src: Term,
    need: int,
    out: dict[sympy.Symbol, int],
    last: sympy.Symbol,
    fixed: frozenset[sympy.Symbol],
) -> None:
    value = _value(src, out)
    if value is None or value >= need or src in fixed:
        return
    if isinstance(src, Width):
        k = _layer(src, out)
        if k is None:
            return
        pin = written_width(model, k, out, last)
        if pin is not None:
            # the writing gives this width (`\\sum_{k=1}^{m} w^{[1]}_{jk} a^{[0]}_k`): raise the
            # size it names, never the width alone; a number is fixed
            if isinstance(pin, sympy.Symbol) and _named(pin) and pin in out:
                _raise(model, pin, need, out, last, fixed)
                out[width_symbol(k)] = out[pin]
            return
        avoid = {out.get(width_symbol(k - 1)), out.get(width_symbol(k + 1))}
        key = width_symbol(k)
    elif isinstance(src, sympy.Symbol) and not src.name.startswith("#"):
        avoid = {v for x, v in out.items() if x != src and not x.name.startswith("n^")}
        key = src
    else:
        return  # a number: the writing fixes it
    while need in avoid:
        need += 1
    out[key] = need


def written_width(
    model: SizeModel, k: int, out: Mapping[sympy.Symbol, int], last: sympy.Symbol
) -> sympy.Basic | None:
    """The width the writing gives layer k (`pins.py`), or None when the layer convention
    draws it."""
    if k in model.pinned:
        return sympy.sympify(model.pinned[k])
    if last in out and out[last] - k in model.from_last:
        return sympy.sympify(model.from_last[out[last] - k])
    return None


def fit(model: SizeModel, out: dict[sympy.Symbol, int], *, boundary: bool) -> None:
    """Give each movable size name with a binding offset, in place, the largest value its
    offsets allow (boundary), or the one below it (when its floor allows it). `make_room` has
    raised every size it can; a name no value fits then has none at any size the writing
    allows (its bound is a number, or a width the writing fixes): NoSizes, never a value that
    breaks its bound (a shape refutation at sizes derive chose)."""
    for s in sorted({o.symbol for o in model.offsets}, key=lambda x: x.name):
        if s not in out or not movable(model, s) or not binding(model, s):
            continue
        top = _bound(model, s, out, every=True)
        low = model.floors.get(s, 1)
        if top is None:
            continue
        if top < low:
            raise NoSizes(no_room(model, s, out))
        out[s] = top if boundary else max(low, top - 1)


def no_room(model: SizeModel, s: sympy.Symbol, env: Mapping[sympy.Symbol, int]) -> str:
    """Why no value of s is allowed: its bounds, each with the size it is against as it is
    fixed (`r + 1 <= n^{[0]} (written a^{[0]}_{r + 1}), n^{[0]} = 2`), and its floor."""
    low = model.floors.get(s, 1)
    said: dict[str, list[str]] = {}
    for o in model.offsets:
        if o.symbol != s:
            continue
        src = _source(model, o.size, env)
        value = _value(src, env) if src is not None and src != s else None
        shown = value is not None and not isinstance(o.size, sympy.Integer)
        fixed = f", {o.size} = {value}" if shown else ""
        said.setdefault(f"{o.text()}{fixed}", []).append(o.written)
    bounds = "; ".join(f"{t} (written {', '.join(dict.fromkeys(w))})" for t, w in said.items())
    return (
        f"no sizes allow the claim as written: no value {s} >= {low} meets {bounds} "
        "(nothing to check, and no counterexample)"
    )


def index_values(
    model: SizeModel, s: sympy.Symbol, values: list[int] | None, env: Mapping[sympy.Symbol, int]
) -> list[int] | None:
    """The values of a free index s its offsets allow (`x_{i+1}`: i + 1 <= len(x), `x_{i-1}`:
    i >= 2), from `values` (the range of its plain uses) or, without one, from its floor to its
    bound; None when its offsets say nothing. No value allowed: NoSizes (the claim says
    nothing at any size)."""
    if s in model.declared:
        return values
    top = _bound(model, s, env, every=True)
    low = model.floors.get(s, 1)
    if top is None and s not in model.floors:
        return values
    if values is None:
        if top is None:
            return None
        values = list(range(low, top + 1))
    kept = [v for v in values if v >= low and (top is None or v <= top)]
    if not kept:
        raise NoSizes(no_room(model, s, env))
    return kept


def notes(model: SizeModel) -> tuple[str, ...]:
    """What the verdict says about the names its offsets bound: `r + 1 <= n^{[L]} (written
    a^{[L]}_{r + 1}): r taken at its largest value allowed and below it`; `r >= 2 (written
    x_{r - 1})`."""
    out = []
    for s in sorted({o.symbol for o in model.offsets}, key=lambda x: x.name):
        if not movable(model, s):
            continue
        found = binding(model, s)
        written: dict[str, list[str]] = {}
        for o in found:
            written.setdefault(o.text(), []).append(o.written)
        low = model.floors.get(s, 1)
        if low > 1:
            below = [o.written for o in model.offsets if o.symbol == s and o.shift < 0]
            written.setdefault(f"{s} >= {low}", []).extend(below)
        if not written:
            continue
        said = "; ".join(f"{t} (written {', '.join(dict.fromkeys(w))})" for t, w in written.items())
        what = "at its largest value allowed and below it" if found else f"from {low} only"
        out.append(f"{said}: {s} taken {what}")
    return tuple(out)
