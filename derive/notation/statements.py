"""Claims and definitions: relations between expressions, read under one symbol table."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy

from derive.errors import DefinitionError, LatexError
from derive.model import FunctionKind, Macro, SymbolSpec
from derive.notation.calls import fixed_arguments, function_indices
from derive.notation.cursor import Applied, Spread, grouped_tokens
from derive.notation.dropped import Dropped, dropped
from derive.notation.joins import JOIN, SEPARATING_SPACES, formula_end
from derive.notation.names import Family, Names
from derive.notation.quantifiers import quantifier
from derive.notation.reader import Reader
from derive.notation.scripts import Atom
from derive.notation.tokens import Kind, matching, nesting, tokenize
from derive.specs import GREEK


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


@dataclass(frozen=True)
class Definition:
    """`name = expr`, `A_j = expr` (holds for every j), `x_0 = -9`, `z^{[l]}_j = ...` (every layer
    from 1 to L), `x_{k+1} = ...` (a recurrence), or `f(x) = expr`. For an indexed target, params
    are the index names of the left side (none for `x_0`)."""

    latex: str
    target: sympy.Basic  # Symbol, Indexed, or the Function class for f(x) = ...
    params: tuple[sympy.Symbol, ...]  # the index symbols of a family, the arguments of f
    value: sympy.Expr
    arguments: tuple[sympy.Expr, ...] = ()  # f's indices and arguments as written: J(\theta_0)


def _used_as_activation(name: str, texts: Sequence[str]) -> bool:
    """An arbitrary function written with a prime (\\sigma'(z)) or applied to an indexed name
    (\\sigma(z^{[l]}_j)) is an activation: on a vector or matrix it acts entry by entry. One
    never used so (the cost \\ell(a^{[L]}), or \\ell(A_{:,i}) of a column) is a function of all
    the entries together."""
    n = re.escape(name)
    prime = re.compile(n + r"\s*(?:'|\^\s*\{?\s*(?:'|\\prime))")
    indexed = re.compile(n + r"\s*\(\s*[^()]*?_(?!\s*\{\s*:)")  # not a column X_{:,i}
    return any(prime.search(t) or indexed.search(t) for t in texts)


_CONSTANTS = frozenset({"e", "\\pi"})  # never a name a chain defines
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
        # J(\theta_0, \theta_1) = ...: J applies to these arguments only (see _parameters)
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
                atom = r._atom(lo, hi)
            except LatexError:
                continue
            called = r.tokens[atom.end].is_char("(") if atom.end < hi else False
            if atom.end == hi and not atom.indexed and not atom.primes:
                self.defined_values.add(atom.name)  # J = ...: J is a value, not a function
            if called and r.tokens[hi - 1].is_char(")") and not atom.primes:
                out.append(atom.name)
                try:  # f(x, y) = ...: a bare f elsewhere stands for f(x, y)
                    args = tuple(r._arguments(atom.end + 1, hi - 1))
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
                target, call = r._atom(lo, hi), r._atom(rlo, rhi)
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
                args = tuple(r._arguments(call.end + 1, rhi - 1))
            except LatexError:
                continue  # not this form: the definition is read (and reported) as usual
            key = (call.name, tuple(function_indices(call)))
            found[key] = args if found.get(key, args) == args else None
        return {k: v for k, v in found.items() if v is not None}

    def head_definition(self, latex: str) -> str | None:
        """`J(\\theta) = A = B = ...`, `p(y;\\phi) = A = ...`: a chain that opens with a function
        neither declared nor defined, applied to names, defines it by its first link (the only
        reading: its first side names what the chain computes). The LaTeX of that definition, to
        be read with the `given`; None for any other claim (a claim of one relation, `J(\\theta)
        = A`, states nothing to check and stays an error)."""
        try:
            r = self.reader(latex)
            parts, rels = r.split_relations()
        except LatexError:
            return None
        if len(rels) < 2 or rels[0] != "=":
            return None
        (lo, hi), (rlo, rhi) = (_trimmed(r, *part) for part in parts[:2])
        if lo >= hi or rlo >= rhi or not r._starts_name(r.tokens[lo]):
            return None
        try:
            atom = r._atom(lo, hi)
        except LatexError:
            return None
        name = atom.name
        if atom.end == hi == lo + 1:  # J = A = B: a bare name
            return _first_link(r, latex, lo, hi, rlo, rhi) if self._bare_head(r, name, lo) else None
        if (
            atom.primes
            or atom.end >= hi
            or not r.tokens[atom.end].is_char("(")
            or matching(r.tokens, atom.end, latex) != hi - 1
            or self.names.spec(name) is not None
            or name in self.defined_functions | self.defined_values
            or not r._names_only(atom.end + 1, hi - 1)
        ):
            return None
        return _first_link(r, latex, lo, hi, rlo, rhi)

    def _conditional_head(
        self, r: Reader, parts: list[tuple[int, int]], rels: list[str]
    ) -> tuple[list[tuple[int, int]], list[str], tuple[Dropped, ...]]:
        """`p(y=i|x;\\theta) = \\phi_i = ...`: a chain that opens with a probability written
        with a conditional bar, of a one-letter function neither declared nor defined and
        written nowhere else in the claim, names what the chain computes; its first link is its
        definition (as `J(\\theta) = A = B`), so the chain checked is the sides after it, and
        the head is listed as read as nothing. Any other statement is returned as it is."""
        if len(rels) < 2 or rels[0] != "=":
            return parts, rels, ()
        lo, hi = _trimmed(r, *parts[0])
        t = r.tokens[lo] if lo < hi else None
        if (
            t is None
            or t.kind is not Kind.LETTER
            or hi - lo < 4
            or not r.tokens[lo + 1].is_char("(")
            or matching(r.tokens, lo + 1, r.latex) != hi - 1
            or self.names.spec(t.text) is not None
            or t.text in self.defined_functions | self.defined_values
            or any(u.text == t.text for k, u in enumerate(r.tokens) if k != lo)
            or self._in_given(t.text)
            or not _bar_at_top(r, lo + 2, hi - 1)
        ):
            return parts, rels, ()
        a, b = r.tokens[parts[0][0]].start, r.tokens[parts[1][0] - 1].end
        return parts[1:], rels[1:], (Dropped(r.latex[a:b], a, b, "defined by its first link"),)

    def _in_given(self, text: str) -> bool:
        """Whether a token `text` is written in a definition of `given` (a name the definitions
        use is no name the claim defines)."""
        return any(u.text == text for g in self.given for u in tokenize(g))

    def _bare_head(self, r: Reader, name: str, at: int) -> bool:
        """Whether the one-token name at token `at`, the first side of a chain, is one the chain
        defines: a letter or Greek letter neither declared nor defined, no constant (e, \\pi),
        and written nowhere else in the claim (else the chain uses it: `a = b + a - a` is no
        definition)."""
        t = r.tokens[at]
        return (
            (t.kind is Kind.LETTER or (t.kind is Kind.COMMAND and t.text[1:] in GREEK))
            and name not in _CONSTANTS
            and self.names.spec(name) is None
            and name not in self.defined_functions | self.defined_values
            and not any(u.text == t.text for k, u in enumerate(r.tokens) if k != at)
            and not self._in_given(t.text)
        )

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
        parts, rels, opening = _opening(r, parts, rels)
        parts, rels, named = self._conditional_head(r, parts, rels)
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
        parts, rels, opening = _opening(r, parts, rels) if rels else (parts, rels, ())
        if rels:
            parts, rels, named = self._conditional_head(r, parts, rels)
            opening += named
        return opening + dropped(latex, r.tokens, parts, formula_end(r.tokens, 0, len(r.tokens)))

    def definition(self, latex: str) -> Definition:
        r = self.reader(latex)
        parts, rels = r.split_relations()
        if rels != ["="]:
            raise DefinitionError(
                f"a definition must be `name = expression` with one '=': {latex!r}"
            )
        (lo, hi), (rlo, rhi) = parts
        atom = r._atom(lo, hi)
        (value,) = r.resolve_primes([r.expr(rlo, rhi)])
        if atom.end < hi and atom.primes:  # f'(x) = ...: would silently define f itself
            raise r.error(
                "a definition of a derivative is not supported; define the function itself",
                lo,
                atom.end,
            )
        if atom.end < hi:  # f(x, y) = ...
            if not (r.tokens[atom.end].is_char("(") and r.tokens[hi - 1].is_char(")")):
                raise r.error("the left side of a definition should be one name or f(x)", lo, hi)
            func = r.function_of(atom)
            if func is None:
                raise r.error("not a function name", lo, atom.end)
            args = r._arguments(atom.end + 1, hi - 1)
            if function_indices(atom):  # f_i(w_i) = w_i: f(i, t) = t for every i
                return _indexed_function(r, latex, atom, args, value, (lo, hi))
            names, body = _parameters(
                r, args, value, (), (atom.end, hi), r.spread.get(atom.name, ())
            )
            return Definition(latex, func, names, body, tuple(args))
        target = r.value_of(atom)
        if isinstance(target, sympy.Indexed):
            params: list[sympy.Symbol] = []
            for i in target.indices:
                free = sorted(i.free_symbols, key=str)
                if (
                    i.is_Integer
                    or isinstance(i, sympy.Symbol)
                    or (len(free) == 1 and (i - free[0]).is_Integer)
                ):
                    params += free
                else:
                    raise r.error(
                        "an index of a defined name must be a name, a number or name ± number",
                        lo,
                        hi,
                    )
            if len(set(params)) != len(params):
                raise r.error("an index name is repeated on the left side", lo, hi)
            return Definition(latex, target, tuple(params), value)
        if not isinstance(target, sympy.Symbol):
            raise r.error("the left side of a definition should be a name", lo, hi)
        return Definition(latex, target, (), value)


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
        if not r._starts_name(r.tokens[k]):
            continue
        try:
            atom = r._atom(k, hi)
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


def _opening(
    r: Reader, parts: list[tuple[int, int]], rels: list[str]
) -> tuple[list[tuple[int, int]], list[str], tuple[Dropped, ...]]:
    """`&= A \\ &= B`, the rows after the first of an aligned display: the side before the first
    = is not written, so the claim is the chain of the sides written, and the opening `&=` is
    listed as read as nothing. Any other statement is returned as it is."""
    lo, hi = _trimmed(r, *parts[0])
    if lo < hi or rels[0] != "=" or len(rels) < 2:
        return parts, rels, ()
    a, b = r.tokens[parts[0][0]].start, r.tokens[parts[1][0] - 1].end
    return parts[1:], rels[1:], (Dropped(r.latex[a:b], a, b, "opening relation"),)


def _bar_at_top(r: Reader, lo: int, hi: int) -> bool:
    """Whether tokens lo..hi hold a conditional bar `|` or `\\mid` outside any inner group."""
    depth = 0
    for t in r.tokens[lo:hi]:
        depth += nesting(t)
        if depth == 0 and (t.is_char("|") or t.is_command("\\mid")):
            return True
    return False


def _first_link(r: Reader, latex: str, lo: int, hi: int, rlo: int, rhi: int) -> str:
    """The LaTeX of a chain's first link, as a definition `head = side`."""
    head = latex[r.tokens[lo].start : r.tokens[hi - 1].end]
    return f"{head} = {latex[r.tokens[rlo].start : r.tokens[rhi - 1].end]}"


def _trimmed(r: Reader, lo: int, hi: int) -> tuple[int, int]:
    """A side without the alignment marks and row breaks around it (`p(y) & = ... \\\\ & = `)."""
    while lo < hi and (r.tokens[lo].is_command("\\\\") or r.tokens[lo].is_char("&")):
        lo += 1
    while hi > lo and (r.tokens[hi - 1].is_command("\\\\") or r.tokens[hi - 1].is_char("&")):
        hi -= 1
    return lo, hi


def _indexed_function(
    r: Reader,
    latex: str,
    atom: Atom,
    args: Sequence[sympy.Expr],
    value: sympy.Expr,
    where: tuple[int, int],
) -> Definition:
    """`f_i(w_i) = w_i`, `h_\\theta(x) = ...`: the function f of the indices and the arguments,
    f(i, t) = t (see `_parameters` for the arguments); the body may use the indices."""
    subs = function_indices(atom)
    if not all(isinstance(i, sympy.Symbol) for i in subs):
        raise r.error("the index of a defined function must be a name: f_i(x) = ...", *where)
    own = tuple(i for i in subs if isinstance(i, sympy.Symbol))
    params, body = _parameters(r, args, value, own, where, r.spread.get(atom.name, ()))
    return Definition(latex, sympy.Function(atom.name), (*own, *params), body, (*own, *args))


def _parameters(
    r: Reader,
    args: Sequence[sympy.Expr],
    value: sympy.Expr,
    own: tuple[sympy.Symbol, ...],
    where: tuple[int, int],
    spread: Spread = (),
) -> tuple[tuple[sympy.Symbol, ...], sympy.Expr]:
    """The parameters of `f(x, y) = ...` and its body. An argument is a plain name, or an entry
    of an indexed family. An entry indexed by the function's own indices (`f_i(w_i)`) stands for
    any value of that argument: a fresh name in the body. Any other entry (`J(\\theta_0,
    \\theta_1)`, `h_\\theta(x^{(i)})`) names the variables the function is written in: the body
    stays as written, and the reader applies such a function to these arguments only
    (`fixed_arguments`), since its value at others would have to reach into every definition
    the body uses."""
    if len(set(args)) != len(args):
        raise r.error("an argument is repeated in a function definition", *where)
    params: list[sympy.Symbol] = []
    body = value
    entries = dict(spread)
    for k, a in enumerate(args):
        if isinstance(a, sympy.Symbol) and k in entries:  # h(x) = x_0 + x_1: h(t0, t1)
            for n in entries[k]:
                t = sympy.Dummy(f"{a.name}{n}", real=True)
                body = body.xreplace({r.names.indexed(Family(a.name, False, False), (n,)): t})
                params.append(t)
            continue
        if isinstance(a, sympy.Symbol):
            params.append(a)
            continue
        if not isinstance(a, sympy.Indexed):
            raise r.error(
                "the arguments of a function definition must be plain names or entries of an "
                "indexed family (f(x, y) = ..., J(\\theta_0, \\theta_1) = ..., f_i(w_i) = ...)",
                *where,
            )
        if a.is_commutative:
            t = sympy.Dummy(f"t{k}", real=True)
        else:  # a whole vector (x^{(i)} with x declared a vector): products keep their order
            t = sympy.Dummy(f"t{k}", commutative=False)
        if own and set(a.indices) <= set(own):
            body = body.xreplace({a: t})
        params.append(t)
    return tuple(params), body
