"""Identities, bounds and approximations (`a = b = c`, `a \\le b`, `a \\approx 0.3`): every link at
every instance (sizes, layer numbers, indices), first numerically at random points (a
disagreement confirmed exactly refutes the link), then proved by SymPy; a link SymPy cannot
settle may still be refuted on the boundary of a step, |x|, sign, max or min.

A refutation is returned as a value (`Refutation`) for the diagnosis; engine.py decides."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import sympy
from sympy.core.function import AppliedUndef

from derive.checks.arrays import is_matrix, shape_text
from derive.checks.assumption import missing_assumption
from derive.checks.derivatives import Derivatives
from derive.checks.gaps import Unknown, no_counterexample, unknown_member
from derive.checks.numeric import (
    Evaluator,
    Point,
    Tolerance,
    as_floats,
    sample_points,
)
from derive.checks.results import (
    Progress,
    Refutation,
    Refuted,
    counterexample,
    exact_decimal,
    format_sizes,
    shape_result,
    short,
    sizes_of,
    verified,
)
from derive.checks.simplex import proofs
from derive.checks.stand_ins import instantiate_functions, number_valued, stand_in
from derive.checks.symbolic import (
    Proof,
    boundary_point,
    differ,
    exact_value,
    prove_bound,
    prove_equal,
)
from derive.errors import DeriveError, UnsupportedError
from derive.model import (
    ClaimResult,
    Counterexample,
    Diagnosis,
    DiagnosisKind,
    Method,
    Verdict,
)
from derive.notation import arrays
from derive.notation.printer import to_latex
from derive.notation.statements import Rel
from derive.prepared import Link, Prepared, concrete, domains_of, groups_of, is_bound
from derive.settings import MIN_POINTS, Settings
from derive.shapes.layout import ShapeMismatch


def check_links(
    p: Prepared, links: list[Link], settings: Settings, progress: Progress
) -> ClaimResult | Refutation:
    """Decide a chain of identities, bounds and approximations: verified, undecided with the
    reason, or refuted (a `Refutation` for the diagnosis, or a result that needs none)."""
    exprs = [s.expr for s in p.statement.sides]
    instances = list(p.model.instances(exprs, settings.plan, p.seed))
    sized = any(env for env, _ in instances) or any(idx for _, idx in instances)
    methods_base = (Method.SIZES,) if sized else ()
    size_sets = sizes_of(instances)
    # undefined functions (f in a claim about every f) evaluated as the concrete functions of
    # implement_functions, called by the evaluator without rewriting the expressions
    evaluator = Evaluator(lambda name, n: stand_in(name, n, p.seed)._imp_)
    checked_points = 0
    # a disagreement only where a value was drawn for a member of a family `given` defines at
    # other layers (gaps.py): no counterexample, but no verdict either; another instance may
    # still refute the claim as written
    unknown: Unknown | None = None
    # 1. numeric (and exact confirmation of any disagreement), every link, every instance
    pairs_done: list[tuple[Link, dict, tuple, sympy.Expr, sympy.Expr]] = []  # type: ignore[type-arg]
    for env_sizes, idx in instances:
        env = {**env_sizes, **dict(idx)}
        for link in links:
            lhs_all = concrete(p, link.lhs.expr, env)
            rhs_all = concrete(p, link.rhs.expr, env)
            try:
                pairs = _entries(link, lhs_all, rhs_all)
            except ShapeMismatch as exc:
                _number_by_default(p, link, lhs_all, rhs_all)
                return Refutation(shape_result(p.claim, exc, size_sets), link, Refuted.SHAPE)
            # every entry of a matrix is checked; the points are shared out among them
            points = max(MIN_POINTS, settings.points // len(pairs))
            for entry, lhs, rhs in pairs:
                at = (*idx, *entry)
                pairs_done.append((link, env_sizes, at, lhs, rhs))
                if link.rel is Rel.APPROX:
                    result = _check_approx(p, link, lhs, rhs, settings)
                    if result is not None:
                        return result
                    continue
                agreed = _numeric_link(
                    p,
                    link,
                    lhs,
                    rhs,
                    env_sizes,
                    at,
                    replace(settings, points=points),
                    evaluator,
                    methods_base,
                    size_sets,
                )
                if isinstance(agreed, Unknown):
                    unknown = unknown or agreed
                    continue
                if not isinstance(agreed, int):
                    return agreed  # refuted, or too few points
                checked_points += agreed
    if unknown is not None:
        methods = (Method.NUMERIC, *methods_base)
        return no_counterexample(p.claim, methods, "the sides differ", unknown.message, size_sets)
    if all(link.rel is Rel.APPROX for link in links):
        return ClaimResult(
            p.claim,
            Verdict.VERIFIED,
            (Method.EXACT, *methods_base),
            message="every approximation is within one unit of its last written digit",
            sizes=size_sets,
        )
    numeric_ok = checked_points > 0
    pending = ClaimResult(
        p.claim,
        Verdict.UNDECIDED,
        (Method.NUMERIC, *methods_base),
        message=f"numeric agreement at {checked_points} point checks; no symbolic proof "
        "(it did not finish)",
        sizes=size_sets,
    )
    progress(pending)
    if not settings.symbolic:
        return replace(pending, message=pending.message.replace("it did not finish", "not tried"))
    # 2. symbolic proof of every link under every instance; for a network, under the instances
    # of the first (smallest) network only: a deeper one costs minutes of SymPy and is checked
    # numerically (which refutes soundly) — the verdict's message says so
    _, top = p.model.network(exprs)
    proved_sizes = [e for _, e, _, _, _ in pairs_done[:1]]
    # a chain's middle side is in two links, a repeated line in several: each side's
    # derivatives carried out once (p.derivatives), each pair of sides proved once
    proved: dict[tuple[object, ...], Proof] = {}
    for link, env_sizes, _idx, lhs, rhs in pairs_done:
        if link.rel is Rel.APPROX:
            continue
        if top >= 0 and env_sizes not in proved_sizes:
            continue
        env = {**env_sizes, **dict(_idx)}
        key = (link.rel, lhs, rhs, frozenset(env.items()))
        if key not in proved:
            proved[key] = _prove_link(p, link, lhs, rhs, env)
        proof = proved[key]
        if proof is not Proof.PROVED:
            refuted = _boundary_refutation(p, link, lhs, rhs, env_sizes, _idx)
            if refuted is not None:
                return replace(refuted, result=replace(refuted.result, sizes=size_sets))
            return replace(
                pending,
                message=f"numeric agreement at {checked_points} point checks, but SymPy could "
                f"not prove {link.latex}" + (f" ({proof.reason})" if proof.reason else ""),
            )
    if not numeric_ok:
        return replace(
            pending,
            methods=(Method.SYMBOLIC, *methods_base),
            message="proved symbolically, but no point could be evaluated numerically",
        )
    message = _verified_message(links, checked_points, size_sets)
    return verified(p.claim, message, size_sets, methods_base, network=top >= 0)


def _verified_message(links: Sequence[Link], points: int, size_sets: tuple) -> str:  # type: ignore[type-arg]
    what = "bound" if all(is_bound(k.rel) for k in links) else "identity"
    msg = f"{what} proved by SymPy; numeric agreement at {points} point checks"
    if size_sets:
        msg += f"; sizes {format_sizes(size_sets)}"
    return msg


_ROW, _COL = sympy.Symbol("row"), sympy.Symbol("col")


def _entries(
    link: Link, lhs: sympy.Basic, rhs: sympy.Basic
) -> list[tuple[tuple[tuple[sympy.Symbol, int], ...], sympy.Expr, sympy.Expr]]:
    """The pairs of entries to compare: one pair for numbers, one per entry for matrices of
    one shape. Different shapes refute the link (ShapeMismatch)."""
    if not (is_matrix(lhs) or is_matrix(rhs)):
        return [((), lhs, rhs)]
    if lhs == 0 or rhs == 0:  # `= 0` for a vector: every entry is 0
        shape = (rhs if lhs == 0 else lhs).shape
        lhs, rhs = (sympy.zeros(*shape), rhs) if lhs == 0 else (lhs, sympy.zeros(*shape))
    if not (is_matrix(lhs) and is_matrix(rhs)) or lhs.shape != rhs.shape:
        raise ShapeMismatch(
            f"{link.latex}: the left side is {shape_text(lhs)}, the right side {shape_text(rhs)}"
        )
    rows, cols = lhs.shape
    return [
        (((_ROW, i + 1), (_COL, j + 1)), lhs[i, j], rhs[i, j])
        for i in range(rows)
        for j in range(cols)
    ]


def _number_by_default(p: Prepared, link: Link, lhs: sympy.Basic, rhs: sympy.Basic) -> None:
    """A side that is a number only because its names are not declared (`a \\odot b =
    \\begin{pmatrix} 4 \\\\ 10 \\\\ 18 \\end{pmatrix}`, a and b vectors in the note's
    prose or an earlier list) against a vector or matrix: nothing written makes a or b
    numbers, so the shapes do not refute the claim as written. An error naming them. A name
    declared, defined in `given`, or written as an entry of a vector or matrix in the claim
    (`kx + b = [k; b][x 1]`: k, b, x are entries, so numbers) is a number by what is written."""
    if is_matrix(lhs) == is_matrix(rhs):
        return
    side = link.rhs if is_matrix(lhs) else link.lhs
    entries = {
        s
        for x in (link.lhs.expr, link.rhs.expr)
        for lit in x.atoms(arrays.Literal)
        for s in lit.free_symbols
    }
    # entries (x_i) are numbers; indices and the limits of sums are counts
    counts = {s for ix in side.expr.atoms(sympy.Indexed) for s in ix.free_symbols}
    counts |= {
        s
        for sm in side.expr.atoms(sympy.Sum, sympy.Product)
        for lim in sm.limits
        for s in sympy.Tuple(*lim).free_symbols
    }
    names = {s for s in side.expr.free_symbols if isinstance(s, sympy.Symbol)} - counts
    assumed = sorted(
        str(n)
        for n in names
        if p.notation.names.spec(str(n)) is None
        and not p.model.defines(n)
        and str(n) not in p.model.patterns
        and n not in entries
    )
    if assumed:
        raise UnsupportedError(
            f"{side.latex.strip()} reads as a number only because {', '.join(assumed)} "
            f"{'is' if len(assumed) == 1 else 'are'} not declared, and the other side is a "
            "vector or matrix: declare them (vector(n), matrix(m, n)) to check it"
        )


def _numeric_link(
    p: Prepared,
    link: Link,
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    env_sizes: dict,  # type: ignore[type-arg]
    idx: tuple,  # type: ignore[type-arg]
    settings: Settings,
    evaluator: Evaluator,
    methods_base: tuple,  # type: ignore[type-arg]
    size_sets: tuple,  # type: ignore[type-arg]
) -> int | ClaimResult | Refutation | Unknown:
    """Count of agreeing points; a refutation on a confirmed disagreement (`Unknown` when the
    point draws a member of a family given only at other layers), undecided when too few
    points could be evaluated."""
    lhs_n = number_valued(lhs, link.latex)  # undefined functions: the evaluator's `calls`
    rhs_n = number_valued(rhs, link.latex)
    symbols = sorted(lhs_n.free_symbols | rhs_n.free_symbols, key=lambda s: s.sort_key())
    domains = domains_of(p, symbols)
    bound = is_bound(link.rel)
    count = settings.bound_points if bound else settings.points
    joint = groups_of(p, symbols, {**env_sizes, **dict(idx)})
    points = sample_points(symbols, domains, count, p.seed + link.index, joint)
    agree = 0
    floats = [as_floats(point) for point in points]  # every point at once, side by side
    for point, a, b in zip(
        points, evaluator.reals(lhs_n, floats), evaluator.reals(rhs_n, floats), strict=True
    ):
        if a is None or b is None:
            continue  # no real value there (outside a domain)
        ok = _holds(link.rel, a, b, settings.tolerance)
        if ok:
            agree += 1
            continue
        confirmed = _confirm(  # exactly, with the bodies written out
            instantiate_functions(lhs, p.seed),
            instantiate_functions(rhs, p.seed),
            point,
            link.rel,
            p.derivatives,
        )
        if confirmed is None:
            continue  # rounding in the numeric check; exact values agree
        va, vb = confirmed
        unknown = unknown_member(p, point, {**env_sizes, **dict(idx)})
        if unknown is not None:
            return unknown
        counter = counterexample(
            link.latex, point, short(va), short(vb), {**env_sizes, **dict(idx)}
        )
        result = ClaimResult(
            p.claim,
            Verdict.REFUTED,
            (Method.NUMERIC, Method.EXACT, *methods_base),
            message=f"{link.latex} fails at a point (confirmed exactly)",
            counterexample=counter,
            sizes=size_sets,
        )
        missing = None
        if settings.diagnose:  # true only where a vector sums to 1: the diagnosis's fallback
            missing = missing_assumption(
                p.names, lhs_n, rhs_n, domains, evaluator, settings.tolerance, p.seed
            )
        if missing is not None:  # an edit of the formula that explains it comes first (engine)
            result = replace(result, diagnosis=missing)
        return Refutation(result, link, Refuted.AT_POINT)
    if agree < MIN_POINTS:
        return ClaimResult(
            p.claim,
            Verdict.UNDECIDED,
            (),
            message=f"{link.latex}: only {agree} of {len(points)} random points could be "
            "evaluated (outside the domain of a log or root?); declare domains in [symbols]",
        )
    return agree


def _holds(rel: Rel, a: float, b: float, tol: Tolerance) -> bool:
    if rel is Rel.EQ:
        return tol.close(a, b)
    slack = tol.atol + tol.rtol * max(abs(a), abs(b))
    if rel in {Rel.LE, Rel.LT}:
        return a <= b + slack
    if rel in {Rel.GE, Rel.GT}:
        return a + slack >= b
    raise AssertionError(rel)


def _confirm(
    lhs: sympy.Expr, rhs: sympy.Expr, point: Point, rel: Rel, derivatives: Derivatives
) -> tuple[sympy.Expr, sympy.Expr] | None:
    """Both values in exact / 50-digit arithmetic if they really violate rel, else None."""
    va = exact_value(lhs, point, derivatives)
    vb = exact_value(rhs, point, derivatives)
    if not (va.is_number and vb.is_number) or va.has(sympy.I) or vb.has(sympy.I):
        return None
    if rel is Rel.EQ:
        return (va, vb) if differ(va, vb) else None
    if not (va.is_extended_real and vb.is_extended_real):
        return (
            None  # no order: zoo (log 0 = the complex infinity), nan, or a sign SymPy cannot tell
        )
    eps = sympy.Float("1e-20", 50) * max(1, abs(va), abs(vb))
    if (rel is Rel.LE and va > vb + eps) or (rel is Rel.LT and va >= vb + eps):
        return va, vb
    if (rel is Rel.GE and va + eps < vb) or (rel is Rel.GT and va + eps <= vb):
        return va, vb
    return None


def _evaluated(p: Prepared, expr: sympy.Expr) -> sympy.Expr:
    """expr.doit(), once per distinct subtree of the claim's expressions."""
    return p.derivatives.doit(expr)


def _prove_link(
    p: Prepared,
    link: Link,
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    env: Mapping[sympy.Basic, int],
) -> Proof:
    a = _evaluated(p, lhs)
    b = _evaluated(p, rhs)
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    joint = groups_of(p, symbols, env)
    if not joint:
        return _prove_case(p, link, a, b, symbols)
    proof = Proof.UNKNOWN
    for way in proofs(joint, a - b):  # one-hot or probability vectors: by the cases of a way
        for case in way:
            proof = _prove_case(p, link, a.xreplace(case), b.xreplace(case))
            if proof is not Proof.PROVED:
                break
        else:
            return Proof.PROVED
    return proof


def _prove_case(
    p: Prepared,
    link: Link,
    a: sympy.Expr,
    b: sympy.Expr,
    symbols: list[sympy.Symbol] | None = None,
) -> Proof:
    """`symbols`: the free symbols of a and b sorted by name, when the caller has them."""
    if symbols is None:
        symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    domains = domains_of(p, symbols)
    if link.rel is Rel.EQ:
        return prove_equal(a, b, domains)
    if link.rel in {Rel.LE, Rel.LT}:
        return prove_bound(a, b, link.rel is Rel.LT, domains)
    return prove_bound(b, a, link.rel is Rel.GT, domains)


# --- refutation on the boundary of a step, |x|, sign, max or min (derive/checks/symbolic.py) ---


def _boundary_refutation(
    p: Prepared,
    link: Link,
    lhs: sympy.Expr,
    rhs: sympy.Expr,
    env_sizes: dict,  # type: ignore[type-arg]
    idx: tuple,  # type: ignore[type-arg]
) -> Refutation | None:
    """A link the proof could not settle may fail exactly where a switch's argument is 0, which
    random points never reach: refuted if such a point is found and the failure is exact."""
    if lhs.has(sympy.Derivative, sympy.Subs) or rhs.has(sympy.Derivative, sympy.Subs):
        return None  # d|x|/dx at 0 is SymPy's convention (sign(0) = 0), not a value to refute
    a, b = _evaluated(p, lhs), _evaluated(p, rhs)
    gap, relation = {
        Rel.EQ: (a - b, "="),
        Rel.LE: (b - a, ">="),
        Rel.LT: (b - a, ">"),
        Rel.GE: (a - b, ">="),
        Rel.GT: (a - b, ">"),
    }.get(link.rel, (None, ""))
    if gap is None or gap.has(sympy.Derivative, sympy.Subs, AppliedUndef):
        return None
    symbols = sorted(gap.free_symbols, key=lambda s: s.sort_key())
    domains = domains_of(p, symbols)
    if groups_of(p, symbols, {**env_sizes, **dict(idx)}):
        return None  # moving one entry of a joint domain would leave the domain
    found = boundary_point(gap, relation, domains, sample_points(symbols, domains, 3, p.seed))
    if found is None:
        return None
    where, point = found
    if unknown_member(p, point, {**env_sizes, **dict(idx)}) is not None:
        return None  # a value nothing defines: no counterexample (gaps.py)
    va, vb = exact_value(a, point, p.derivatives), exact_value(b, point, p.derivatives)
    result = ClaimResult(
        p.claim,
        Verdict.REFUTED,
        (Method.EXACT, *((Method.SIZES,) if env_sizes or idx else ())),
        message=f"{link.latex} fails where {to_latex(where, p.claim.symbols)} = 0 (the boundary "
        "of a step, "
        "|x|, sign, max or min, which random points miss; confirmed exactly)",
        counterexample=counterexample(
            link.latex, point, short(va), short(vb), {**env_sizes, **dict(idx)}, exact_decimal
        ),
    )
    return Refutation(result, link, Refuted.AT_POINT)


def _check_approx(
    p: Prepared, link: Link, lhs: sympy.Expr, rhs: sympy.Expr, settings: Settings
) -> ClaimResult | None:
    """`expr \\approx 0.0009`: within one unit of the last written digit. None when it holds."""
    text = link.rhs.latex.strip()
    digits = text.removeprefix("-").split(".")  # one sign: --1.3 is not a number
    if not all(part.isdigit() for part in digits) or len(digits) > 2:
        raise DeriveError(
            f"the right side of \\approx must be a written decimal number, not {text!r}"
        )
    unit = sympy.Rational(1, 10 ** (len(digits[1]) if len(digits) == 2 else 0))
    value = exact_value(instantiate_functions(lhs, p.seed), {}, p.derivatives)
    if not value.is_number or value.free_symbols:
        raise DeriveError(f"{link.lhs.latex!r} is not a number: \\approx needs values")
    stated = sympy.Rational(text)
    if abs(value - stated) <= unit:
        return None
    counter = Counterexample(link.latex, (), short(value), text)
    return ClaimResult(
        p.claim,
        Verdict.REFUTED,
        (Method.EXACT,),
        message=f"{link.lhs.latex} = {short(value)}, more than {unit} away from {text}",
        diagnosis=Diagnosis(DiagnosisKind.OTHER, f"the value is {short(value)}"),
        counterexample=counter,
    )
