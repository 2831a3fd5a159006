"""The symbolic check: SymPy differentiates and reduces lhs - rhs to zero.

Cheap canonical forms are tried before `simplify`. Names declared binary are split into their
two cases when the identity does not reduce as it stands (y^2 = y holds only for y in {0, 1}).
Step functions, |x|, sign, max and min are split on the sign of their argument (`_split`).
The time budget is enforced from outside (the runner stops the worker process); the case split
also keeps its own deadline (measured between cases), so nothing here relies on signals.
"""

from __future__ import annotations

import enum
import itertools
import time
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

import sympy
from sympy.core.function import AppliedUndef

from derive.checks.derivatives import Derivatives, xreplace
from derive.model import Domain

MAX_BINARY_SPLIT = 6  # 2**6 cases at most
MAX_SIGN_SPLIT = 6  # arguments split on their sign: 3**6 = 729 cases at most
SPLIT_SECONDS = 60.0  # the case split of one link gives up after this long


class Proof(enum.Enum):
    PROVED = "proved"
    UNKNOWN = "unknown"  # SymPy could not reduce it; no conclusion either way
    TOO_MANY_CASES = "too many cases"  # the sign split would exceed MAX_SIGN_SPLIT arguments
    OUT_OF_TIME = "out of time"  # the sign split did not finish within SPLIT_SECONDS

    @property
    def reason(self) -> str:
        """Why a proof was not completed, for the verdict's message ('' when nothing to add)."""
        if self is Proof.TOO_MANY_CASES:
            return (
                f"the case split on the signs of the step, |x|, sign, max and min arguments "
                f"needs more than {MAX_SIGN_SPLIT} arguments"
            )
        if self is Proof.OUT_OF_TIME:
            return (
                f"the case split on the signs of the step, |x|, sign, max and min arguments "
                f"did not finish within {SPLIT_SECONDS:g} s"
            )
        return ""


def evaluate_symbolic(expr: sympy.Expr) -> sympy.Expr:
    """Carry out the derivatives (SymPy's differentiation) of an expanded expression."""
    return expr.doit()


def _opaque(expr: sympy.Expr) -> sympy.Expr:
    """expr with every outermost exp, log, derivative and function application replaced by a
    fresh symbol (the same one for the same application). If what is left reduces to 0 as a
    rational function of independent symbols, expr is 0 whatever those values are: a sound
    and much cheaper test than expanding nested exponentials (deep networks produce them)."""
    kinds = (sympy.exp, sympy.log, sympy.Subs, sympy.Derivative, AppliedUndef)
    found = [a for a in expr.atoms(*kinds)]
    # the applications inside another one, found by one walk of each application's arguments;
    # `has` (which also matches a derivative whose dummy variable is named differently) only
    # for the rest, instead of for every pair: quadratic on a network's expressions
    inside: set[sympy.Basic] = set()
    for b in found:
        for arg in b.args:
            inside |= arg.atoms(*kinds)
    outer = [
        a for a in found if a not in inside and not any(b is not a and b.has(a) for b in found)
    ]
    return expr.xreplace({a: sympy.Dummy("u") for a in outer})


def _logs_of_positives(expr: sympy.Expr) -> sympy.Expr:
    """expr with every exp of a real argument replaced by a fresh positive symbol, the argument
    of every log factored, and the logs then split by `expand_log` without force (log(u v) =
    log u + log v and log(u^y) = y log u only where SymPy knows u, v > 0 and y real), reduced
    as `_opaque` does. Zero for every positive value of the fresh symbols is zero at the values
    exp takes, so a 0 here proves expr = 0. A log-likelihood (log of a product of sigmoids to
    binary powers against the sum of their logs) reduces in a tenth of a second where only
    `simplify` did, in seconds: 1 - 1/(1 + p) factors into p/(1 + p), known positive."""
    if not expr.has(sympy.log):
        return expr
    positive = {
        a: sympy.Dummy("p", positive=True)
        for a in expr.atoms(sympy.exp)
        if a.args[0].is_real is True  # finite: exp(-oo) = 0 is not positive
    }
    out = expr.xreplace(positive).replace(
        lambda e: isinstance(e, sympy.log), lambda e: sympy.log(sympy.factor(e.args[0]))
    )
    return sympy.cancel(sympy.together(_opaque(sympy.expand_log(out, force=False))))


_STRATEGIES: tuple[Callable[[sympy.Expr], sympy.Expr], ...] = (
    lambda e: e,
    lambda e: sympy.cancel(sympy.together(_opaque(e))),
    _logs_of_positives,
    sympy.expand,
    lambda e: sympy.cancel(sympy.together(sympy.expand(e))),
    lambda e: sympy.cancel(sympy.powsimp(sympy.expand(e.rewrite(sympy.exp)), force=False)),
    lambda e: sympy.simplify(e),
)


def _cases(expr: sympy.Expr) -> sympy.Expr:
    """A piecewise definition (relu(z) = {z if z > 0, 0 otherwise}): Max, Min, |x| and the step
    rewritten as Piecewise and folded into one, whose pieces SymPy can compare case by case."""
    return sympy.simplify(sympy.piecewise_fold(expr.rewrite(sympy.Piecewise)))


# The same difference is proved again by a diagnosis's re-check of its correction, by each case
# of a split and by each instance of the same sizes; the strategies are pure (no clock), so each
# distinct difference is reduced once.
@lru_cache(maxsize=1024)
def is_zero(expr: sympy.Expr) -> bool:
    strategies = _STRATEGIES + ((_cases,) if expr.has(sympy.Piecewise) else ())
    for strategy in strategies:
        reduced = strategy(expr)
        if reduced == 0:
            return True
        if reduced.is_zero is True:
            return True
    return False


def prove_equal(
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    domains: Mapping[sympy.Symbol, Domain],
    *,
    seconds: float = SPLIT_SECONDS,
) -> Proof:
    """PROVED when lhs - rhs reduces to 0 for every value of the declared domains."""
    diff = lhs - rhs
    if is_zero(diff):
        return Proof.PROVED
    if any(domains.get(s) is Domain.UNIT for s in diff.free_symbols):
        diff = _units_as_ratios(diff, domains)
        if is_zero(diff):
            return Proof.PROVED
    deadline = time.monotonic() + seconds
    binaries = sorted(
        (s for s in diff.free_symbols if domains.get(s) is Domain.BINARY), key=lambda s: s.name
    )
    if binaries and len(binaries) <= MAX_BINARY_SPLIT:
        for values in itertools.product((0, 1), repeat=len(binaries)):
            case = diff.xreplace(dict(zip(binaries, values, strict=True)))
            proof = Proof.PROVED if is_zero(case) else _split(case, is_zero, deadline)
            if proof is not Proof.PROVED:
                return proof
        return Proof.PROVED
    return _split(diff, is_zero, deadline)


# --- the case split on the sign of an argument ---------------------------------------------
#
# Heaviside(a, h0), |a|, sign(a), max(p, q) and min(p, q) (the argument p - q) are each one
# elementary expression on each of a > 0, a = 0 and a < 0. SymPy 1.14 cannot use such a case
# itself: `refine` has no handler for Heaviside (sympy/sympy#12682; one was added after 1.14),
# and its assumptions cannot hold a compound argument's sign. So for one argument a at a time,
# every switch whose argument is a positive multiple of a or of -a is replaced by its piece, and
# then a itself (wherever it occurs as written) by t, 0 or -t with t a fresh positive symbol.
# Proving the result for every t > 0 (and every value of the other names) proves the case, as
# t = a is one such value; a leftover occurrence of a in another form only makes the proof
# harder, never wrong. The three cases cover every real a, the boundary a = 0 with the switch's
# own value there (Heaviside(0, h0) = h0: our step is Heaviside(x, 1)).


def _is_switch(e: sympy.Basic) -> bool:
    if isinstance(e, sympy.Max | sympy.Min):
        return len(e.args) == 2
    return isinstance(e, sympy.Heaviside | sympy.Abs | sympy.sign)


def _switch_argument(e: sympy.Expr) -> sympy.Expr:
    """The expression whose sign picks the switch's piece."""
    if isinstance(e, sympy.Max | sympy.Min):
        return e.args[0] - e.args[1]
    return e.args[0]


def _canonical(arg: sympy.Expr) -> tuple[int, sympy.Expr]:
    """(o, base) with arg = o * c * base, o = +-1 and c a positive number: x, -x and 2x share
    the base x, so they are split together."""
    content, base = arg.as_content_primitive()
    if not (content.is_Rational and content.is_positive):
        content, base = sympy.Integer(1), arg
    if base.could_extract_minus_sign():
        return -1, -base
    return 1, base


def _split_bases(expr: sympy.Expr) -> list[sympy.Expr]:
    """The real arguments to split on, innermost first (an argument holding no switch)."""
    bases = set()
    for e in sympy.preorder_traversal(expr):  # Max and Min are not Functions: not atoms()
        if _is_switch(e):
            arg = _switch_argument(e)
            inner = any(_is_switch(a) for a in sympy.preorder_traversal(arg))
            if arg.is_real is True and not inner:
                bases.add(_canonical(arg)[1])
    return sorted(bases, key=sympy.default_sort_key)


def _piece(e: sympy.Expr, base: sympy.Expr, sigma: int) -> sympy.Expr:
    """Switch e on the case sign(base) = sigma, or e itself when its argument is not +-c*base."""
    arg = _switch_argument(e)
    orient, b = _canonical(arg)
    if b != base:
        return e
    s = orient * sigma  # the sign of e's own argument
    if isinstance(e, sympy.Heaviside):
        return sympy.Heaviside(s, *e.args[1:])  # at 0: its own value there (h0)
    if isinstance(e, sympy.sign):
        return sympy.Integer(s)
    if isinstance(e, sympy.Abs):
        return s * arg
    if isinstance(e, sympy.Max):
        return e.args[0] if s >= 0 else e.args[1]
    return e.args[0] if s <= 0 else e.args[1]  # Min


def _case(expr: sympy.Expr, base: sympy.Expr, sigma: int) -> sympy.Expr:
    """expr in the case sign(base) = sigma, where base is t, 0 or -t (t > 0, fresh).

    When base is linear in a name v with a numeric coefficient (x - y, 2x + w z), v is written
    in terms of t and the other names: a change of variables, nothing is lost. Otherwise base
    itself is replaced by t where it stands as written (a piece such as 1 * base would merge
    into a surrounding sum). Either way the substitution comes first, so that SymPy evaluates
    Heaviside(t), |-t|, sign(0), ... itself, and a 0/0 on the boundary stays undefined (nan)
    instead of being cancelled away; the switches still on base in another form (a multiple)
    get their piece after."""
    t = sympy.Dummy("t", positive=True)
    value = sigma * t

    def pieces(e: sympy.Expr) -> sympy.Expr:
        return e.replace(_is_switch, lambda s: _piece(s, base, sigma))

    linear = _linear_name(base)
    if linear is not None:
        v, coefficient, rest = linear
        return pieces(expr.xreplace({v: (value - rest) / coefficient}))
    return pieces(expr.xreplace({base: value, -base: -value}))


def _linear_name(base: sympy.Expr) -> tuple[sympy.Symbol, sympy.Expr, sympy.Expr] | None:
    """(v, c, rest) with base = c v + rest, c a nonzero number and rest free of v, if there is
    such a name v (preferably one without a sign assumption, which the change would drop)."""
    expanded = sympy.expand(base)
    names = sorted(expanded.free_symbols, key=lambda s: (s.is_positive is True, s.name))
    for v in names:
        coefficient = expanded.coeff(v)
        rest = expanded - coefficient * v
        if coefficient.is_number and coefficient != 0 and not rest.has(v):
            return v, coefficient, rest
    return None


def _split(
    expr: sympy.Expr,
    leaf: Callable[[sympy.Expr], bool],
    deadline: float,
    depth: int = 0,
) -> Proof:
    """PROVED when `leaf` holds in every case of the signs of the switches' arguments."""
    bases = _split_bases(expr)
    if not bases:
        return Proof.PROVED if depth and leaf(expr) else Proof.UNKNOWN
    if depth + len(bases) > MAX_SIGN_SPLIT:
        return Proof.TOO_MANY_CASES
    for sigma in (1, 0, -1):
        if time.monotonic() > deadline:
            return Proof.OUT_OF_TIME
        proof = _split(_case(expr, bases[0], sigma), leaf, deadline, depth + 1)
        if proof is not Proof.PROVED:
            return proof
    return Proof.PROVED


# --- a counterexample on a boundary ------------------------------------------------------------
#
# Random points never land on a = 0, so a claim false only there (a strict bound attained on
# the hyperplane, step(x) + step(-x) = 1 at x = 0) passes the numeric check. Such a point can be
# built exactly: take a drawn point, and solve a = 0 for one name in which a is linear, the
# other names keeping their drawn (rational) values.

MAX_BOUNDARY_TRIES = 24


def boundary_point(
    gap: sympy.Expr,
    relation: str,
    domains: Mapping[sympy.Symbol, Domain],
    points: Sequence[Mapping[sympy.Symbol, sympy.Expr]],
) -> tuple[sympy.Expr, dict[sympy.Symbol, sympy.Expr]] | None:
    """(a, point): an exact point of the domains where the argument a of a step, |x|, sign,
    max or min is 0 and `gap relation 0` fails (relation "=", ">=" or ">"), decided in exact
    arithmetic (or with a 50-digit margin for a value that is not rational); None if the
    points given lead to none."""
    tries = 0
    for base in _split_bases(gap):
        for point in points:
            for v in sorted(base.free_symbols & set(point), key=lambda s: s.name):
                if tries >= MAX_BOUNDARY_TRIES:
                    return None
                tries += 1
                found = _on_boundary(base, v, point, domains)
                if found is not None and _fails(gap.xreplace(found).doit(), relation):
                    return base, found
    return None


def _on_boundary(
    base: sympy.Expr,
    v: sympy.Symbol,
    point: Mapping[sympy.Symbol, sympy.Expr],
    domains: Mapping[sympy.Symbol, Domain],
) -> dict[sympy.Symbol, sympy.Expr] | None:
    """point with v moved so that base is exactly 0, if base is linear in v there and the new
    value lies in v's domain."""
    expanded = sympy.expand(base)
    coefficient = expanded.coeff(v)
    rest = expanded - coefficient * v
    if coefficient.has(v) or rest.has(v):
        return None
    others = {s: x for s, x in point.items() if s != v}
    c, r = coefficient.xreplace(others), rest.xreplace(others)
    if not (c.is_Rational and r.is_Rational) or c == 0:
        return None
    value = -r / c
    domain = domains.get(v, Domain.REAL)
    inside = {
        Domain.REAL: True,
        Domain.POSITIVE: bool(value > 0),
        Domain.UNIT: bool(0 < value < 1),
    }.get(domain, False)  # integer domains: a fraction is outside
    if not inside:
        return None
    moved = {**point, v: value}
    return moved if base.xreplace(moved) == 0 else None


def _fails(value: sympy.Expr, relation: str) -> bool:
    if not value.is_number or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo, sympy.I):
        return False
    if value.is_Rational:
        return bool({"=": value != 0, ">=": value < 0, ">": value <= 0}[relation])
    approx = sympy.N(value, 50)
    if not approx.is_real:
        return False
    margin = sympy.Float("1e-20", 50) * max(1, abs(approx))
    return bool(abs(approx) > margin) if relation == "=" else bool(approx < -margin)


def exact_value(
    expr: sympy.Expr,
    point: Mapping[sympy.Symbol, sympy.Expr],
    derivatives: Derivatives | None = None,
) -> sympy.Expr:
    """Value at a point, exact where SymPy can and to 50 digits otherwise (`derivatives`: the
    claim's memo of SymPy's doit, the same values)."""
    d = derivatives or Derivatives()
    value = xreplace(d.doit(expr), dict(point))
    return d.doit(value).evalf(50)


def differ(a: sympy.Expr, b: sympy.Expr) -> bool:
    """True when two 50-digit values differ beyond rounding (relative 1e-20)."""
    if not (a.is_number and b.is_number):
        return False
    a, b = sympy.N(a, 50), sympy.N(b, 50)
    if a.has(sympy.nan, sympy.zoo) or b.has(sympy.nan, sympy.zoo):
        return False
    scale = max(1, abs(a), abs(b))
    return bool(abs(a - b) > sympy.Float("1e-20", 50) * scale)


def prove_bound(
    smaller: sympy.Expr,
    larger: sympy.Expr,
    strict: bool,
    domains: Mapping[sympy.Symbol, Domain],
    *,
    seconds: float = SPLIT_SECONDS,
) -> Proof:
    """PROVED when smaller <= larger (or <) everywhere in the domains."""
    if _nonnegative(sympy.simplify(larger - smaller), strict, domains):
        return Proof.PROVED
    deadline = time.monotonic() + seconds
    return _split(
        larger - smaller,
        lambda gap: (
            _nonnegative(gap, strict, domains) or _nonnegative(sympy.simplify(gap), strict, domains)
        ),
        deadline,
    )


def _nonnegative(gap: sympy.Expr, strict: bool, domains: Mapping[sympy.Symbol, Domain]) -> bool:
    """gap >= 0 (> 0 when strict) for every value: by SymPy's assumptions, or for one free
    name by the minimum over its domain."""
    test = gap.is_positive if strict else gap.is_nonnegative
    if test is True:
        return True
    free = sorted(gap.free_symbols, key=lambda s: s.name)
    if len(free) != 1:
        return False
    (x,) = free
    interval = {
        Domain.POSITIVE: sympy.Interval.open(0, sympy.oo),
        Domain.UNIT: sympy.Interval.open(0, 1),
    }.get(domains.get(x, Domain.REAL), sympy.S.Reals)
    if x.is_positive is True and interval is sympy.S.Reals:  # a case's fresh t > 0
        interval = sympy.Interval.open(0, sympy.oo)
    try:
        low = sympy.calculus.util.minimum(gap, x, interval)
    except (NotImplementedError, ValueError):
        return False
    if low.is_number and ((low > 0) if strict else (low >= 0)) is sympy.true:
        return True
    return bool(strict and low.is_number and low == 0 and not _attained(gap, x, interval))


def _attained(gap: sympy.Expr, x: sympy.Symbol, interval: sympy.Set) -> bool:
    try:
        zeros = sympy.solveset(gap, x, interval)
    except NotImplementedError:
        return True
    return bool(zeros != sympy.S.EmptySet)


def _units_as_ratios(expr: sympy.Expr, domains: Mapping[sympy.Symbol, Domain]) -> sympy.Expr:
    """A name in (0, 1) written as p/(1 + p) with p > 0: a bijection, so expr is 0 on (0, 1)
    exactly when the result is 0 for every p > 0; u and 1 - u = 1/(1 + p) are then known
    positive, so SymPy may split log(u (1 - u)) into log u + log(1 - u) (no force)."""
    units = sorted(
        (s for s in expr.free_symbols if domains.get(s) is Domain.UNIT), key=lambda s: s.name
    )
    if not units:
        return expr
    ratios = {u: (p := sympy.Dummy(u.name, positive=True)) / (1 + p) for u in units}
    out = expr.xreplace(ratios)
    out = out.replace(
        lambda e: isinstance(e, sympy.log), lambda e: sympy.log(sympy.factor(e.args[0]))
    )
    return sympy.expand_log(out, force=False)


def binary_symbols(
    symbols: Sequence[sympy.Symbol], domains: Mapping[sympy.Symbol, Domain]
) -> list[sympy.Symbol]:
    return [s for s in symbols if domains.get(s) is Domain.BINARY]
