"""The scan behind INDEX_RANGE and TWO_MEANINGS: every use of every name, with the sums around
it; ranges of one slot that differ by a few terms, fixed indices outside every range, summation
indices used outside their sum, and names read as several unrelated quantities."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import sympy

from derive.model import Notice, SymbolSpec, WarningKind
from derive.notation.definitions import Definition
from derive.notation.families import label_of
from derive.notation.names import family_of
from derive.notation.printer import to_latex

MAX_GAP = 3  # ranges differing by more terms at one end are taken as deliberate sub-ranges

Slot = tuple[str, int, int]  # family label, number of indices, position of the index
Range = tuple[sympy.Expr, sympy.Expr, str] | None  # a sum's limits and header; None: an argument
Bound = Mapping[sympy.Symbol, Range]


class Show:
    """LaTeX of a fragment in the author's notation."""

    def __init__(self, specs: Mapping[str, SymbolSpec]) -> None:
        self.specs = specs

    def __call__(self, expr: sympy.Basic) -> str:
        return to_latex(expr, self.specs)


@dataclass(frozen=True)
class _Span:
    """A use of a family inside a sum over one of its slots: x_{j+1} in \\sum_{j=a}^{b}."""

    use: sympy.Indexed
    var: sympy.Symbol
    lo: sympy.Expr
    hi: sympy.Expr
    shift: int  # x_{j+1}: 1
    header: str

    @property
    def first(self) -> sympy.Expr:
        return sympy.expand(self.lo + self.shift)

    @property
    def last(self) -> sympy.Expr:
        return sympy.expand(self.hi + self.shift)


@dataclass
class Scan:
    specs: Mapping[str, SymbolSpec]
    spans: dict[Slot, list[_Span]] = field(default_factory=dict)
    fixed: dict[Slot, list[sympy.Indexed]] = field(default_factory=dict)
    plain: dict[str, sympy.Symbol] = field(default_factory=dict)  # name -> first plain use
    families: dict[str, dict[tuple[str, int], sympy.Indexed]] = field(default_factory=dict)
    layer_indices: dict[sympy.Symbol, sympy.Indexed] = field(default_factory=dict)
    defined: set[str] = field(default_factory=set)  # names defined by `name = ...`
    linked: set[str] = field(default_factory=set)  # plain and indexed, related by a definition
    arguments: set[str] = field(default_factory=set)  # of functions defined in `given`
    found: list[Notice] = field(default_factory=list)
    latex: Show = field(init=False)
    _sums: dict[sympy.Symbol, str] = field(default_factory=dict)  # of the current statement
    _free: dict[sympy.Symbol, sympy.Basic] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.latex = Show(self.specs)

    # statements --------------------------------------------------------------------------------
    def definition(self, d: Definition) -> None:
        used = names_of(d.value)
        if isinstance(d.target, sympy.Symbol):
            name = d.target.name
            self.defined.add(name)
            if any(k == "family" and family_of(x).name == name for k, x in used):
                self.linked.add(name)  # L = \frac{1}{m}\sum_i L_i relates L and L_i
            self.statement([d.target, d.value])
        elif isinstance(d.target, sympy.Indexed):
            name = family_of(label_of(d.target)).name
            if ("name", name) in used:
                self.linked.add(name)  # y_1 = y relates y and y_c
            self.statement([d.target, d.value])
        else:  # f(x) = ...: the arguments are bound inside the definition
            self.arguments |= {p.name for p in d.params}
            self.statement([d.value], dict.fromkeys(d.params))

    def statement(self, exprs: Sequence[sympy.Basic], bound: Bound | None = None) -> None:
        """Scan the expressions of one statement; a summation index also used outside its sum
        in the same statement is reported here."""
        self._sums, self._free = {}, {}
        for e in exprs:
            self._walk(e, dict(bound or {}), value=True)
        for var, header in self._sums.items():
            if var in self._free:
                use = self.latex(self._free[var])
                self.found.append(
                    Notice(
                        WarningKind.INDEX_RANGE,
                        f"{self.latex(var)} is the index of {header} and is also used outside "
                        f"that sum ({use})",
                        header,
                    )
                )

    def _walk(self, e: sympy.Basic, bound: Bound, *, value: bool) -> None:
        if isinstance(e, sympy.Sum | sympy.Product):
            op = "\\sum" if isinstance(e, sympy.Sum) else "\\prod"
            inner = dict(bound)
            for var, lo, hi in reversed(e.limits):  # outermost first
                self._walk(lo, inner, value=False)  # sizes, not quantities
                self._walk(hi, inner, value=False)
                header = sum_header(op, var, lo, hi, self.latex)
                inner[var] = (lo, hi, header)
                self._sums.setdefault(var, header)
            self._walk(e.function, inner, value=value)
        elif isinstance(e, sympy.Indexed):
            self._indexed(e, bound)
        elif isinstance(e, sympy.Dummy | sympy.IndexedBase):
            return
        elif isinstance(e, sympy.Symbol):
            if e in bound:
                return
            self._free.setdefault(e, e)
            if value:
                self.plain.setdefault(e.name, e)
        else:
            for arg in e.args:
                if isinstance(arg, sympy.Basic):
                    self._walk(arg, bound, value=value)

    def _indexed(self, e: sympy.Indexed, bound: Bound) -> None:
        label = label_of(e)
        fam = family_of(label)
        count = len(e.indices)
        self.families.setdefault(fam.name, {}).setdefault((label, count), e)
        for k, index in enumerate(e.indices):
            for s in index.free_symbols - set(bound):
                self._free.setdefault(s, e)  # shown as the use, y_{j}, not as j alone
            self._walk(index, bound, value=False)
            slot = (label, count, k)
            summed = [v for v in index.free_symbols if v in bound]
            if not summed:
                self.fixed.setdefault(slot, []).append(e)
                if fam.layer and k == 0:
                    for s in index.free_symbols:
                        if isinstance(s, sympy.Symbol) and not isinstance(s, sympy.Dummy):
                            self.layer_indices.setdefault(s, e)
                continue
            var = summed[0]
            limits = bound[var]
            shift = sympy.expand(index - var)
            if len(summed) == 1 and limits is not None and shift.is_Integer:
                lo, hi, header = limits
                self.spans.setdefault(slot, []).append(_Span(e, var, lo, hi, int(shift), header))

    # INDEX_RANGE -------------------------------------------------------------------------------
    def range_notices(self) -> Iterator[Notice]:
        # pairs of sums with different ranges over one slot -> (headers, uses, elements)
        pairs: dict[frozenset[str], tuple[tuple[str, str], list[str], list[str]]] = {}
        for slot, spans in self.spans.items():
            fixed = self.fixed.get(slot, [])
            for use in fixed:
                index = use.indices[slot[2]]
                if all(_outside(index, s) for s in spans):
                    s = spans[0]
                    yield Notice(
                        WarningKind.INDEX_RANGE,
                        f"{self.latex(use)} is outside the range of the sums over this index: "
                        f"{s.header} {self.latex(s.use)}",
                        self.latex(use),
                    )
            plain = [s for s in spans if s.shift == 0]
            for i, a in enumerate(plain):
                for b in plain[i + 1 :]:
                    only = _difference(a, b) or []
                    missing = [
                        x for x in only if not any(_same(x, f.indices[slot[2]]) for f in fixed)
                    ]
                    if not missing:
                        continue  # equal ranges, or the difference is written out (x_0 + ...)
                    key = frozenset((a.header, b.header))
                    _, uses, elements = pairs.setdefault(key, ((a.header, b.header), [], []))
                    for text in (self.latex(a.use), self.latex(b.use)):
                        if text not in uses:
                            uses.append(text)
                    for x in missing:
                        text = self.latex(_at(a.use, slot[2], x))
                        if text not in elements:
                            elements.append(text)
        for (first, second), uses, elements in pairs.values():
            yield Notice(
                WarningKind.INDEX_RANGE,
                f"{' and '.join(uses)} {'runs' if len(uses) == 1 else 'run'} over {first} in "
                f"one place and {second} in another: {', '.join(elements)} "
                f"{'is' if len(elements) == 1 else 'are'} in only one of the ranges",
                f"{first}, {second}",
            )

    # TWO_MEANINGS ------------------------------------------------------------------------------
    def meaning_notices(self, functions: set[str]) -> Iterator[Notice]:
        for name, forms in self.families.items():
            first = next(iter(forms.values()))
            spec = self.specs.get(name)
            if name in functions:
                how = (
                    f'declared "{spec.function.value}"'
                    if spec is not None and spec.function is not None
                    else "a function defined in given"
                )
                yield Notice(
                    WarningKind.TWO_MEANINGS,
                    f"{name} is {how}, but {self.latex(first)} uses it as an indexed name, "
                    "which is read as a variable, never as the function",
                    self.latex(first),
                )
                continue
            if spec is not None and spec.shape is not None:
                continue  # a declared vector or matrix and its elements
            uses = list(forms.values())
            if name in self.plain and name not in self.linked | self.arguments:
                yield Notice(
                    WarningKind.TWO_MEANINGS,
                    f"{name} is used as a plain name and as the indexed name "
                    f"{self.latex(first)}: these are two unrelated quantities",
                    f"{name}, {self.latex(first)}",
                )
            elif len({label for label, _ in forms}) > 1:
                shown = " and ".join(self.latex(u) for u in uses[:2])
                yield Notice(
                    WarningKind.TWO_MEANINGS,
                    f"{name} is used as {shown}: different index slots make unrelated quantities",
                    shown.replace(" and ", ", "),
                )
            for label in dict.fromkeys(label for label, _ in forms):
                counts = [(c, u) for (lab, c), u in forms.items() if lab == label]
                if len(counts) > 1 and not family_of(label).layer:
                    shown = " and ".join(
                        f"{c} {'index' if c == 1 else 'indices'} ({self.latex(u)})"
                        for c, u in counts
                    )
                    yield Notice(
                        WarningKind.TWO_MEANINGS,
                        f"{name} is used with {shown}",
                        ", ".join(self.latex(u) for _, u in counts),
                    )
        for symbol, use in self.layer_indices.items():
            if symbol.name in self.plain or symbol.name in self.defined:
                yield Notice(
                    WarningKind.TWO_MEANINGS,
                    f"{self.latex(symbol)} is a layer index in {self.latex(use)} and also a "
                    f"quantity of its own ({self.latex(symbol)} outside [...])",
                    self.latex(use),
                )


def names_of(expr: sympy.Basic) -> set[tuple[str, str]]:
    """The names an expression uses: ("name", "L"), ("family", "w[]"), ("function", "f")."""
    out: set[tuple[str, str]] = set()
    todo = [expr]
    while todo:
        node = todo.pop()
        if isinstance(node, sympy.IndexedBase):
            continue  # its label is not a plain name
        if isinstance(node, sympy.Indexed):
            out.add(("family", label_of(node)))
        elif isinstance(node, sympy.Symbol) and not isinstance(node, sympy.Dummy):
            out.add(("name", node.name))
        elif isinstance(node, sympy.Function):
            out.add(("function", type(node).__name__))
        todo += [a for a in node.args if isinstance(a, sympy.Basic)]
    return out


def sum_header(op: str, var: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr, show: Show) -> str:
    """The sum as written: \\sum_{j=1}^{n}, \\sum_{j} (limits 1..#j), \\sum_{j \\in S}."""
    size = hi.name if isinstance(hi, sympy.Symbol) else ""
    if lo == 1 and size == f"#{getattr(var, 'name', '')}":
        return f"{op}_{{{show(var)}}}"
    if lo == 1 and len(size) > 2 and size[0] == size[-1] == "|":
        return f"{op}_{{{show(var)} \\in {size[1:-1]}}}"
    return f"{op}_{{{show(var)}={show(lo)}}}^{{{show(hi)}}}"


def _positive_integer(e: sympy.Expr) -> bool:
    d = sympy.expand(e)
    return bool(d.is_Integer and d > 0)


def _outside(index: sympy.Expr, span: _Span) -> bool:
    return _positive_integer(span.first - index) or _positive_integer(index - span.last)


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    return bool(sympy.expand(a - b) == 0)


def _difference(a: _Span, b: _Span) -> list[sympy.Expr] | None:
    """The indices in only one of two ranges whose ends differ by a few terms; None when the
    ranges are equal or not comparable (1..n and 1..m, 1..m and m+1..n)."""
    dlo = sympy.expand(b.lo - a.lo)
    dhi = sympy.expand(b.hi - a.hi)
    if not (dlo.is_Integer and dhi.is_Integer) or (dlo == 0 and dhi == 0):
        return None
    if abs(int(dlo)) > MAX_GAP or abs(int(dhi)) > MAX_GAP:
        return None
    low = a.lo if dlo > 0 else b.lo  # a.lo .. b.lo-1 or b.lo .. a.lo-1
    high = b.hi if dhi > 0 else a.hi  # a.hi+1 .. b.hi or b.hi+1 .. a.hi
    out = [sympy.expand(low + t) for t in range(abs(int(dlo)))]
    out += [sympy.expand(high - t) for t in range(abs(int(dhi)))]
    return out


def _at(use: sympy.Indexed, k: int, index: sympy.Expr) -> sympy.Indexed:
    indices = list(use.indices)
    indices[k] = index
    return use.base[tuple(indices)]
