"""Claims and definitions: relations between expressions, read under one symbol table."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy

from derive.errors import LatexError
from derive.model import FunctionKind, Macro, SymbolSpec
from derive.notation.calls import fixed_arguments, function_indices
from derive.notation.cursor import Applied, Spread, grouped_tokens
from derive.notation.definitions import Definition, read_definition
from derive.notation.dropped import Dropped, dropped
from derive.notation.heads import aligned_opening, conditional_head, first_link_definition
from derive.notation.joins import JOIN, SEPARATING_SPACES, formula_end
from derive.notation.names import Names
from derive.notation.quantifiers import quantifier
from derive.notation.reader import Reader
from derive.notation.tokens import Kind, matching


class Rel(enum.Enum):
    EQ = "="
    APPROX = "\\approx"
    LE = "\\le"
    LT = "<"
    GE = "\\ge"
    GT = ">"
    UPDATE = "\\leftarrow"
    NEQ = "\\neq"
    AND = JOIN  # two equations in one display (see joins.py): links nothing


_REL = {
    "=": Rel.EQ,
    "\\approx": Rel.APPROX,
    "\\le": Rel.LE,
    "<": Rel.LT,
    "\\ge": Rel.GE,
    ">": Rel.GT,
    "\\leftarrow": Rel.UPDATE,
    ":=": Rel.UPDATE,
    "\\neq": Rel.NEQ,
    JOIN: Rel.AND,
}


@dataclass(frozen=True)
class Side:
    latex: str  # as written
    expr: sympy.Expr


@dataclass(frozen=True)
class Statement:
    latex: str
    sides: tuple[Side, ...]
    relations: tuple[Rel, ...]
    dropped: tuple[Dropped, ...] = ()  # text read as nothing (`--explain` lists it)


def _used_as_activation(name: str, texts: Sequence[str]) -> bool:
    """An arbitrary function written with a prime (\\sigma'(z)) or applied to an indexed name
    (\\sigma(z^{[l]}_j)) is an activation: on a vector or matrix it acts entry by entry. One
    never used so (the cost \\ell(a^{[L]}), or \\ell(A_{:,i}) of a column) is a function of all
    the entries together."""
    n = re.escape(name)
    prime = re.compile(n + r"\s*(?:'|\^\s*\{?\s*(?:'|\\prime))")
    indexed = re.compile(n + r"\s*\(\s*[^()]*?_(?!\s*\{\s*:)")  # not a column X_{:,i}
    return any(prime.search(t) or indexed.search(t) for t in texts)


_LEFT = re.compile(r"\\left\s*$")
_RIGHT = re.compile(r"^\s*\\right\s*(?:\\[{}|]|[.)\]|])")


def _side_start(latex: str, start: int) -> int:
    """Where a side begins as written: a `\\left` before its first token belongs to it."""
    m = _LEFT.search(latex[:start])
    return m.start() if m else start


def _side_end(latex: str, end: int) -> int:
    """Where a side ends as written: a `\\right.` (or `\\right)`) after its last token belongs
    to it, so that a side is balanced LaTeX (a correction is built from it)."""
    m = _RIGHT.match(latex[end:])
    return end + m.end() if m else end


def _chained_sides(r: Reader, expr: sympy.Expr, text: str, lo: int, hi: int) -> list[Side]:
    """A side holding a piecewise value whose rows are chains (`0 & z \\le 0 \\\\ \\frac{dz}{dz}=1
    & z > 0`): the same side with the k-th member of every row, for each later member k (a row
    with fewer members keeps its last). Each is claimed equal to the one before it."""
    chains = r.row_chains or []
    if not chains:
        return []
    for chain in chains:
        if not expr.has(chain.first):  # the piecewise did not survive as written: never guess
            raise r.error("a piecewise value written as a chain cannot be read here", lo, hi)
    out = []
    for k in range(max(len(c.later) for c in chains)):
        value, written = expr, text
        for c in chains:
            n = min(k, len(c.later) - 1)
            value = value.xreplace({c.first: c.later[n]})
            written = written.replace(c.written, c.later_written[n], 1)
        out.append(Side(written, value))
    return out


class Notation:
    """Everything needed to read the LaTeX of one claim: specs and the names `given` defines."""

    def __init__(
        self,
        specs: Mapping[str, SymbolSpec],
        given: Sequence[str] = (),
        macros: tuple[Macro, ...] = (),
    ) -> None:
        self.names = Names(specs, macros)
        self.arguments: dict[str, tuple[sympy.Expr, ...]] = {}
        # J(\theta_0, \theta_1) = ...: J applies to these arguments only (definitions._parameters)
        self.fixed: dict[str, tuple[sympy.Expr, ...]] = {}
        # h(x) = \theta_0 x_0 + \theta_1 x_1: h takes the entries x_0, x_1 of its argument
        self.spread: dict[str, Spread] = {}
        self.defined_values: set[str] = set()  # plain names `given` defines (`J = ...`)
        self.defined_functions = frozenset(self._function_names(given))
        self.defined_values -= self.defined_functions
        self.given = tuple(given)
        self.applied = self._applied(given)

    def check_groups(self, latex: str) -> None:
        """A LatexError with a caret when the groups of `latex` do not pair (`{((a) b}`): what
        is written is malformed whatever its definitions say, so a claim is checked so first
        (its error is then its own, not one of a definition it would use)."""
        grouped_tokens(latex, self.names)

    def reader(self, latex: str) -> Reader:
        texts = (*self.given, latex)
        elementwise = frozenset(
            name
            for name, spec in self.names.specs.items()
            if spec.function is FunctionKind.ARBITRARY and _used_as_activation(name, texts)
        )
        return Reader(
            latex,
            self.names,
            self.defined_functions,
            elementwise,
            self.arguments,
            frozenset(self.defined_values),
            self.fixed,
            self.applied,
            self.spread,
        )

    def _function_names(self, given: Sequence[str]) -> list[str]:
        """Names defined as functions by `f(x) = ...` entries: known before anything is read."""
        out = []
        for latex in given:
            r = Reader(latex, self.names)
            parts, rels = r.split_relations()
            if not rels:
                continue
            lo, hi = parts[0]
            t = r.tokens[lo]
            if t.kind not in {Kind.LETTER, Kind.COMMAND}:
                continue
            try:
                atom = r.atom(lo, hi)
            except LatexError:
                continue
            called = r.tokens[atom.end].is_char("(") if atom.end < hi else False
            if atom.end == hi and not atom.indexed and not atom.primes:
                self.defined_values.add(atom.name)  # J = ...: J is a value, not a function
            if called and r.tokens[hi - 1].is_char(")") and not atom.primes:
                out.append(atom.name)
                try:  # f(x, y) = ...: a bare f elsewhere stands for f(x, y)
                    args = tuple(r.call_arguments(atom.end + 1, hi - 1))
                except LatexError:
                    continue
                fixed = fixed_arguments(atom, args)
                if fixed is None and len(parts) == 2:
                    spread = _entries_used(r, args, *parts[1])
                    if spread is None:  # entries x_j, x_{k+1}: not numbered ones
                        fixed = (*function_indices(atom), *args)
                    elif spread:
                        self.spread[atom.name] = spread
                if fixed is not None:
                    self.fixed[atom.name] = fixed
                if not atom.indexed and all(
                    isinstance(a, sympy.Symbol | sympy.Indexed) for a in args
                ):
                    self.arguments[atom.name] = args
        return out

    def _applied(self, given: Sequence[str]) -> dict[Applied, tuple[sympy.Expr, ...]]:
        """The one argument `given` applies each declared function to, by its indices, in
        definitions of a name without free indices by exactly that call: `a_1 = \\sigma_1(z_1)`
        gives \\sigma_1 the argument z_1. A function applied so to two different arguments
        has none (a bare \\sigma_1' is then an error)."""
        found: dict[Applied, tuple[sympy.Expr, ...] | None] = {}
        for latex in given:
            try:
                r = Reader(latex, self.names, self.defined_functions)
                parts, rels = r.split_relations()
                if rels != ["="]:
                    continue
                (lo, hi), (rlo, rhi) = parts
                target, call = r.atom(lo, hi), r.atom(rlo, rhi)
                spec = self.names.spec(call.name)
                if (
                    target.end != hi
                    or target.primes
                    or not all(x.is_Integer for x in target.subs)
                    or target.layer is not None
                    or target.sample is not None
                    or spec is None
                    or spec.function is None
                    or call.primes
                    or call.end >= rhi
                    or not r.tokens[call.end].is_char("(")
                    or matching(r.tokens, call.end, latex) != rhi - 1
                ):
                    continue
                args = tuple(r.call_arguments(call.end + 1, rhi - 1))
            except LatexError:
                continue  # not this form: the definition is read (and reported) as usual
            key = (call.name, tuple(function_indices(call)))
            found[key] = args if found.get(key, args) == args else None
        return {k: v for k, v in found.items() if v is not None}

    def head_definition(self, latex: str) -> str | None:
        """The definition a chain's first link makes (`J(\\theta) = A = B`): see
        heads.first_link_definition."""
        try:
            r = self.reader(latex)
        except LatexError:
            return None
        return first_link_definition(r, self.given)

    def statement(self, latex: str) -> Statement:
        r = self.reader(latex)
        if all(t.kind is Kind.COMMAND and t.text in SEPARATING_SPACES for t in r.tokens):
            raise LatexError("the claim is empty", latex, 0, len(latex))
        prefix = quantifier(r.tokens, latex)  # \forall x > 0, ...: x's domain, then the formula
        start = 0
        if prefix is not None:
            if self.names.domain(prefix.name) is not prefix.domain:  # see quantified_specs
                raise r.error(
                    f"the domain this quantifier states for {prefix.name} is not the one it is "
                    f"read with ({self.names.domain(prefix.name).value})",
                    0,
                    prefix.end,
                )
            start = prefix.end
            if start >= len(r.tokens):
                raise r.error("a quantifier with no formula after it", 0, start)
        parts, rels = r.split_relations(start)
        if not rels:
            raise r.error(
                "a claim needs a relation (=, \\approx, \\le, \\leftarrow, ...)",
                start,
                len(r.tokens),
            )
        parts, rels, opening = aligned_opening(r, parts, rels)
        parts, rels, named = conditional_head(r, parts, rels, self.given)
        opening += named
        texts: list[str] = []
        values: list[sympy.Expr] = []
        relations: list[Rel] = []
        for n, (lo, hi) in enumerate(parts):
            text = latex[
                _side_start(latex, r.tokens[lo].start) : _side_end(latex, r.tokens[hi - 1].end)
            ]
            r.row_chains = []
            value = r.expr(lo, hi)
            texts.append(text)
            values.append(value)
            for later in _chained_sides(r, value, text, lo, hi):  # = \begin{cases} a = b & ...
                relations.append(Rel.EQ)
                texts.append(later.latex)
                values.append(later.expr)
            r.row_chains = None
            if n < len(rels):
                relations.append(_REL[rels[n]])
        sides = [Side(t, v) for t, v in zip(texts, r.resolve_primes(values), strict=True)]
        kept = r.tokens
        drops = opening + dropped(latex, kept, parts, formula_end(kept, 0, len(kept)))
        return Statement(latex, tuple(sides), tuple(relations), drops)

    def dropped(self, latex: str) -> tuple[Dropped, ...]:
        """The text of a claim or definition that the reader reads as nothing (annotations,
        sizing, spacing, sentence punctuation): see derive/notation/dropped.py."""
        r = self.reader(latex)
        parts, rels = r.split_relations()
        parts, rels, opening = aligned_opening(r, parts, rels) if rels else (parts, rels, ())
        if rels:
            parts, rels, named = conditional_head(r, parts, rels, self.given)
            opening += named
        return opening + dropped(latex, r.tokens, parts, formula_end(r.tokens, 0, len(r.tokens)))

    def definition(self, latex: str) -> Definition:
        """The definition `latex` read under this notation (see definitions.py)."""
        return read_definition(self.reader(latex), latex)


def _entries_used(r: Reader, args: Sequence[sympy.Expr], lo: int, hi: int) -> Spread | None:
    """The numbered entries of plain-name arguments that the body tokens[lo:hi] of `h(x) = ...`
    uses (`h(x) = \\theta_0 x_0 + \\theta_1 x_1`: x_0, x_1), by the argument's position: the
    reader passes those entries of the argument applied (x^{(i)}_0, x^{(i)}_1) instead of it. An
    argument the body also uses itself (`F(x) = f(x_0) + f'(x_0)(x - x_0)`) is a number, and its
    subscripted names other names (the point x_0). None when the body uses other entries of an
    argument it never uses itself (x_j, x_{k+1}): such a function applies to its written
    arguments only."""
    position = {a.name: k for k, a in enumerate(args) if isinstance(a, sympy.Symbol)}
    used: dict[int, set[int]] = {}
    bare: set[int] = set()
    other: set[int] = set()
    for k in range(lo, hi):
        if not r.starts_name(r.tokens[k]):
            continue
        try:
            atom = r.atom(k, hi)
        except LatexError:
            continue
        if atom.name not in position:
            continue
        at = position[atom.name]
        if not atom.indexed:
            bare.add(at)
            continue
        (sub, *more) = atom.subs or [sympy.Symbol("?")]
        if more or atom.layer is not None or atom.sample is not None or not sub.is_Integer:
            other.add(at)
        else:
            used.setdefault(at, set()).add(int(sub))
    if other - bare:
        return None
    return tuple((at, tuple(sorted(ks))) for at, ks in sorted(used.items()) if at not in bare)
