"""Joint domains of a vector's entries: `y = "onehot(n)"` and `y = "probability(n)"`.

A one-hot target (one entry 1, the others 0) and a probability vector (entries >= 0 summing
to 1) constrain the entries of a vector together, so no entry can be drawn on its own. Each
vector is a `Group`: the numeric check draws its entries together (a one-hot vector, or a
probability vector of short decimals summing to exactly 1), and the proof uses the constraint
(docs/verdicts.md#joint-domains):

- one-hot: the n vectors are the whole domain, so the proof is the n cases, each substituted;
- probability: one entry is replaced by 1 minus the others, and the identity proved for every
  value of the others (which covers the simplex).

Without the declaration the entries are independent reals; a claim refuted there that holds
at every point where the entries of one vector sum to 1 gets the diagnosis `assumption`
(`missing_assumption`), and its counterexample is still a point of the claim as written.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import sympy

from derive.model import Domain
from derive.notation.families import label_of
from derive.notation.names import Names, family_of

Head = tuple[str, tuple[sympy.Expr, ...]]  # (family label, its layer and sample indices)


@dataclass(frozen=True)
class Group:
    """The entries of one vector with a joint domain, in order."""

    domain: Domain
    members: tuple[sympy.Symbol, ...]
    complete: bool = True  # every entry of the vector (False: only the entries written)


def draw_group(group: Group, rng: random.Random) -> list[sympy.Rational]:
    """Values for the members: a one-hot vector, or a probability vector of positive
    multiples of 0.001 summing to exactly 1 (so each value is exact as written)."""
    n = len(group.members)
    if group.domain is Domain.ONEHOT:
        hot = rng.randrange(n)
        return [sympy.Integer(int(i == hot)) for i in range(n)]
    cuts = sorted(rng.sample(range(1, 1000), n - 1)) if n > 1 else []
    edges = [0, *cuts, 1000]
    return [sympy.Rational(b - a, 1000) for a, b in itertools.pairwise(edges)]


def _head(names: Names, s: sympy.Symbol) -> tuple[Head, int] | None:
    """The vector an element Symbol belongs to and its position in it (1-based)."""
    item = names.origin(s)
    if item is None:
        return None
    fam = family_of(label_of(item))
    lead = int(fam.layer) + int(fam.sample)
    if len(item.indices) != lead + 1 or not item.indices[-1].is_Integer:
        return None  # a matrix entry or a symbolic index: not an entry of a vector
    return (label_of(item), tuple(item.indices[:lead])), int(item.indices[-1])


def groups(
    names: Names,
    symbols: Iterable[sympy.Symbol],
    length: Callable[[str, tuple[sympy.Expr, ...]], int | None] | None = None,
    domains: Mapping[str, Domain] | None = None,
) -> tuple[Group, ...]:
    """The groups of the symbols whose vectors have a joint domain (the declared one, or the
    one in `domains` by family name). With `length` (the vector's size at this instance) a
    group holds every entry of its vector; without, the entries among `symbols` only, which
    still gives points of the domain (the entries not written are 0), never all of them."""
    found: dict[Head, set[sympy.Symbol]] = {}
    kinds: dict[Head, Domain] = {}
    for s in symbols:
        where = _head(names, s)
        if where is None:
            continue
        head, _ = where
        name = family_of(head[0]).name
        domain = (domains or {}).get(name) or names.domain(name)
        if domain.joint:
            found.setdefault(head, set()).add(s)
            kinds[head] = domain
    out = []
    for head, present in sorted(found.items(), key=lambda kv: str(kv[0])):
        n = length(*head) if length is not None else None
        if n is None:
            members = tuple(sorted(present, key=lambda s: _position(names, s)))
            out.append(Group(kinds[head], members, complete=False))
            continue
        label, lead = head
        base = names.indexed(family_of(label), (*lead, sympy.Integer(1))).base
        every = tuple(names.element(base[(*lead, sympy.Integer(i))]) for i in range(1, n + 1))
        out.append(Group(kinds[head], every))
    return tuple(out)


def _position(names: Names, s: sympy.Symbol) -> int:
    where = _head(names, s)
    return where[1] if where is not None else 0


def proofs(
    groups_: Sequence[Group], expr: sympy.Expr
) -> list[list[dict[sympy.Symbol, sympy.Expr]]]:
    r"""Ways to prove a relation on the joint domains, each a list of cases (substitutions) that
    must all be proved, for every value of the remaining names: the entries as free names
    (nonnegative: `0 \le y_1`), then the cases of `cases` (`y_1 \le 1`, `\sum_j y_j = 1`).
    Each proves the relation on a superset of the domain, so either one suffices."""
    substituted = cases(groups_, expr)
    if substituted == [{}] or all(g.domain is Domain.ONEHOT for g in groups_ if g.complete):
        return [substituted]
    return [[{}], substituted]


def cases(groups_: Sequence[Group], expr: sympy.Expr) -> list[dict[sympy.Symbol, sympy.Expr]]:
    """Substitutions under which proving expr = 0 for every value of the remaining names
    proves it on the joint domains: every one-hot vector of each one-hot group (the whole
    domain), and for a probability group its last entry written in expr as 1 minus the others.
    An incomplete group gives no substitution (the proof is then of a stronger statement)."""
    out: list[dict[sympy.Symbol, sympy.Expr]] = [{}]
    free = expr.free_symbols
    for g in groups_:
        if not g.complete:
            continue
        if g.domain is Domain.ONEHOT:
            hot = [
                {m: sympy.Integer(int(i == k)) for i, m in enumerate(g.members)}
                for k in range(len(g.members))
            ]
            out = [{**c, **h} for c in out for h in hot]
            continue
        written = [m for m in g.members if m in free]
        if not written:
            continue
        last = written[-1]
        rest = sum((m for m in g.members if m != last), sympy.Integer(0))
        out = [{**c, last: 1 - rest} for c in out]
    return out
