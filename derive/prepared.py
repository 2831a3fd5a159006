"""A claim read once: its notation, its statement split into links, the model of its `given`
definitions and its own seed; and its expressions at one instance (`concrete`), which the checks
and the diagnosis share (memoised per claim)."""

from __future__ import annotations

import dataclasses
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import sympy

from derive import functions
from derive.checks.arrays import is_matrix
from derive.checks.definitions import check_entries_of_names
from derive.checks.derivatives import Derivatives
from derive.checks.given import Given
from derive.checks.simplex import Group, groups
from derive.errors import DeriveError
from derive.model import Claim, Domain
from derive.notation.definitions import Definition
from derive.notation.names import Names, family_of
from derive.notation.quantifiers import quantified_specs
from derive.notation.statements import Notation, Rel, Side, Statement
from derive.shapes.declared import defined_shapes
from derive.shapes.layout import Layout, ShapeMismatch


@dataclass(frozen=True)
class Link:
    """One relation of a chain: `lhs rel rhs`."""

    index: int
    lhs: Side
    rel: Rel
    rhs: Side

    @property
    def latex(self) -> str:
        rel = self.rel.value if self.rel is not Rel.UPDATE else "\\leftarrow"
        return f"{self.lhs.latex} {rel} {self.rhs.latex}"


@dataclass
class Prepared:
    claim: Claim
    notation: Notation
    statement: Statement
    model: Given
    seed: int
    # the name the claim's first link defines (`J = A = B`, `J(\theta) = A = B`), else ""
    head: str = ""
    # concrete()'s results, per expression and instance: the diagnosis instantiates the sides
    # the check has already instantiated
    concrete_memo: dict[object, sympy.Basic] = field(default_factory=dict)
    # functions.elementary's, shared by every expression of the claim (they share subtrees)
    elementary_memo: dict[sympy.Basic, sympy.Basic] = field(default_factory=dict)
    # SymPy's doit and diff of the claim's expressions, each distinct subtree once
    derivatives: Derivatives = field(default_factory=Derivatives)
    # what the definitions were read from (specs, `given`, macros, layout): equal readings
    # give equal definitions (`share_instances`)
    reading: tuple[object, ...] = ()

    @property
    def names(self) -> Names:
        return self.notation.names


def prepare(claim: Claim, seed: int = 1, *, parent: Prepared | None = None) -> Prepared:
    """Read a claim and its definitions. The claim's own seed (points, stand-in functions) comes
    from its id and LaTeX, started from `seed` (`--seed`; the default 1 keeps the checksum's
    usual start 0, so verdicts do not move when it is not given). A claim made from `parent`
    (a correction) whose definitions are read from the same text takes parent's reading of them
    and, where it would unroll them alike, parent's instances (`share_instances`)."""
    first = Notation(claim.symbols, claim.given, claim.macros)
    first.check_groups(claim.latex)  # a claim whose groups do not pair: its own caret first
    head = first.head_definition(claim.latex)
    if head is not None:  # J(\theta) = A = B: the first link defines J (Notation.head_definition)
        claim = dataclasses.replace(claim, given=(*claim.given, head))
    reading = (
        quantified_specs(claim.symbols, claim.latex, claim.macros),
        claim.given,
        claim.macros,
        claim.layout,
    )
    if parent is not None and parent.reading == reading:
        # one reading, so one table of names (its elements and their origins), which the
        # instances shared below were made with
        notation, model = parent.notation, parent.model
    else:
        notation, model = read_given(claim)
    statement = notation.statement(claim.latex)
    model = model.with_claim([s.expr for s in statement.sides])
    check_entries_of_names(model.definitions, [s.expr for s in statement.sides])
    defined = [str(d.target) for d in model.definitions if head is not None and d.latex == head]
    named = defined[-1] if defined else ""
    p = Prepared(
        claim, notation, statement, model, claim_seed(claim, seed), head=named, reading=reading
    )
    if parent is not None:
        p.derivatives = parent.derivatives  # a function of the expressions only: always shared
        share_instances(p, parent)
    return p


def share_instances(p: Prepared, parent: Prepared) -> bool:
    """Let p reuse parent's expressions at each instance (`concrete`'s memo and the substitution
    of the definitions, with what it has expanded) when they are the same: the definitions and
    names of one reading (`prepare`), unrolled with the same layout and the same names used as
    sizes. A diagnosis re-checks a correction, whose reference side (and much of the corrected
    side) the check has instantiated already, mostly at the same instances."""
    if p.names is not parent.names:
        return False
    try:
        same = p.model.instantiates_as(parent.model)
    except (DeriveError, ShapeMismatch):  # no layout: p's check meets the same error itself
        return False
    if not same:
        return False
    p.model.adopt_instantiation(parent.model)
    p.concrete_memo = parent.concrete_memo
    p.elementary_memo = parent.elementary_memo
    return True


def read_given(claim: Claim) -> tuple[Notation, Given]:
    """The notation of a claim and the model of its `given` definitions. A name defined by a
    vector or matrix (a literal, `u = A v`) is one (`shapes/declared.py`): the `given` is read
    again with its shape, until nothing changes (`z = B u` after u; `J = r^T r` once r is read
    as the vector `X\\theta - y`). A definition that cannot be read is left out of the rounds,
    and an error once the shapes are settled."""
    specs = quantified_specs(claim.symbols, claim.latex, claim.macros)  # \forall x > 0, ...
    for _ in range(len(claim.given) + 1):
        notation = Notation(specs, claim.given, claim.macros)
        definitions, failed = _readable(notation, claim.given)
        shaped = defined_shapes(specs, definitions, claim.layout)
        if shaped == specs:
            break
        specs = shaped
    if failed:
        definitions = _definitions(notation, claim.given)  # raises the first one's error
    return notation, Given(notation.names, definitions, gradient=claim.layout)


def _readable(notation: Notation, given: Sequence[str]) -> tuple[list[Definition], bool]:
    """The definitions that read, and whether any did not."""
    out, failed = [], False
    for latex in given:
        try:
            out.append(notation.definition(latex))
        except DeriveError:
            failed = True
    return out, failed


def claim_seed(claim: Claim, seed: int = 1) -> int:
    """The claim's own seed, from its id and LaTeX (see prepare)."""
    return zlib.crc32(f"{claim.id}\n{claim.latex}".encode(), (seed - 1) & 0xFFFFFFFF)


def _definitions(notation: Notation, given: Sequence[str]) -> list[Definition]:
    out = []
    for latex in given:
        try:
            out.append(notation.definition(latex))
        except DeriveError as exc:
            exc.message = f"in given {latex!r}: {exc.message}"
            raise
    return out


def links_of(statement: Statement) -> list[Link]:
    """The links of a statement's chain, `a = b = c` as `a = b` and `b = c`."""
    sides, rels = statement.sides, statement.relations
    # two equations joined in one display (Rel.AND) are separate claims: no link between them
    return [
        Link(k, sides[k], rels[k], sides[k + 1]) for k in range(len(rels)) if rels[k] is not Rel.AND
    ]


def is_bound(rel: Rel) -> bool:
    return rel in {Rel.LE, Rel.LT, Rel.GE, Rel.GT}


def concrete(p: Prepared, expr: sympy.Expr, env: dict) -> sympy.Expr:  # type: ignore[type-arg]
    """expr at one instance: sums written out, definitions substituted, sigmoid and relu
    elementary; a vector or matrix comes back as a matrix of entries (memoised per claim)."""
    key = (expr, frozenset(env.items()))
    if key in p.concrete_memo:
        return p.concrete_memo[key]
    unrolled = p.model.unroll(expr, env)
    value = p.model.expand(unrolled, env)
    memo = p.elementary_memo
    if is_matrix(value):
        value = sympy.ImmutableMatrix(value.applyfunc(lambda e: functions.elementary(e, memo)))
    else:
        value = functions.elementary(value, memo)
    p.concrete_memo[key] = value
    return value


def domains_of(p: Prepared, symbols: Sequence[sympy.Symbol]) -> dict[sympy.Symbol, Domain]:
    return {s: p.names.domain_of(p.names.origin(s) or s) for s in symbols}


def groups_of(
    p: Prepared,
    symbols: Iterable[sympy.Symbol],
    env: Mapping[sympy.Basic, int] | None = None,
) -> tuple[Group, ...]:
    """The vectors with a joint domain (one-hot, probability) among the symbols' entries: every
    entry of each at the sizes of `env`, or without it the entries written."""
    if env is None:
        return groups(p.names, symbols)
    shapes = Layout(p.names, {})

    def length(label: str, lead: tuple[sympy.Expr, ...]) -> int | None:
        layer = int(lead[0]) if family_of(label).layer and lead else None
        try:
            dims = shapes.dims(label, layer, env)
        except DeriveError:
            return None
        return dims[0] if dims is not None and len(dims) == 1 else None

    return groups(p.names, symbols, length)
