"""Update rules `w \\leftarrow E` (also `:=`, or `w = w - ...`): a gradient-descent step.

The step E - w must equal -c * dL/dw with c > 0 a step size: an expression in the step-size
names only (the names of the step that the loss does not use, such as eta or alpha, which are
taken to be positive). The loss L (loss.py) is the one differentiated in E, or else the last
`given` definition that depends on w. A step whose product with the gradient is positive
somewhere is an ascent step: refuted with kind `direction`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from derive.checks.arrays import is_matrix, shape_text
from derive.checks.gaps import Unknown, no_counterexample, unknown_member
from derive.checks.loss import descended_loss
from derive.checks.numeric import Evaluator, Point, as_floats, sample_points
from derive.checks.results import (
    Progress,
    Refutation,
    Refuted,
    SizeSets,
    counterexample,
    format_sizes,
    shape_result,
    sizes_of,
    verified,
)
from derive.checks.stand_ins import implement_functions, instantiate_functions, number_valued
from derive.checks.symbolic import Proof, exact_value, prove_equal
from derive.errors import DeriveError
from derive.model import (
    ClaimResult,
    Diagnosis,
    DiagnosisKind,
    Domain,
    Method,
    Verdict,
)
from derive.notation.arrays import is_array
from derive.notation.families import family_of, label_of
from derive.notation.printer import to_latex
from derive.prepared import Link, Prepared, concrete, domains_of, groups_of
from derive.settings import MIN_POINTS, Settings
from derive.shapes.layout import ShapeMismatch

# the names a learning rate is conventionally written with: step sizes, taken to be positive
STEP_SIZE_NAMES = ("\\eta", "\\alpha", "\\gamma", "\\epsilon", "\\varepsilon", "lr")


@dataclass(frozen=True)
class _Entry:
    """One entry of an update at concrete sizes: the step s = E - w and the gradient g of the
    loss, as written (arbitrary functions kept, for the proof) and with NumPy-implemented
    functions (numeric). The 50-digit confirmation writes the bodies in only when needed
    (`_exact`): for a network that costs more than the whole numeric check."""

    where: tuple[tuple[str, int], ...]  # (row, col) of a vector/matrix entry, else ()
    step: sympy.Expr
    grad: sympy.Expr
    step_n: sympy.Expr
    grad_n: sympy.Expr


def _entries(
    p: Prepared,
    target: sympy.Expr,
    new: sympy.Expr,
    step: sympy.Expr,
    loss: sympy.Expr,
    env: dict[sympy.Basic, int],
) -> list[_Entry]:
    """The entries of the update at these sizes: one for a name, one per entry for a vector or
    matrix (each entry's gradient is the derivative of the loss by that entry)."""
    items: list[tuple[tuple[tuple[str, int], ...], sympy.Expr, sympy.Expr]]
    if is_array(target):
        old = concrete(p, target, env)
        value = concrete(p, new, env)
        if not (is_matrix(old) and is_matrix(value)) or old.shape != value.shape:
            raise ShapeMismatch(
                f"the update gives a {shape_text(value)} value to the {shape_text(old)} "
                f"{to_latex(target, p.claim.symbols)}"
            )
        rows, cols = old.shape
        items = [
            (
                (("row", i + 1), ("col", j + 1)),
                value[i, j] - old[i, j],  # not expanded: that multiplies out a network
                concrete(p, sympy.Derivative(loss, old[i, j], evaluate=False), env),
            )
            for i in range(rows)
            for j in range(cols)
        ]
    else:
        items = [((), concrete(p, step, env), concrete(p, sympy.Derivative(loss, target), env))]
    return [
        _Entry(
            where,
            s,
            g,
            implement_functions(number_valued(s, p.claim.latex), p.seed),
            implement_functions(number_valued(g, p.claim.latex), p.seed),
        )
        for where, s, g in items
    ]


def check_update(
    p: Prepared, link: Link, settings: Settings, progress: Progress
) -> ClaimResult | Refutation:
    """Decide an update rule: verified when the step is a fixed positive multiple of the
    negative gradient (proved by SymPy), refuted at a point where it is not."""
    target = link.lhs.expr
    if not isinstance(target, sympy.Symbol | sympy.Indexed):
        raise DeriveError(f"the left side of an update must be one name, not {link.lhs.latex!r}")
    new = link.rhs.expr
    step = sympy.expand(new - target)
    loss = descended_loss(p, target, step)
    instances = list(p.model.instances([target, new, loss], settings.plan, p.seed))
    size_sets = sizes_of(instances)
    methods_base = (Method.SIZES,) if any(e or i for e, i in instances) else ()
    evaluator = Evaluator()
    checks = 0
    proofs = True
    rate: sympy.Expr | None = None  # c in s = -c g, once found
    unsigned: set[sympy.Symbol] = set()  # names in the step of unknown sign (not step sizes)
    # as for identities: a network's proof is done for the first (smallest) size set only; the
    # deeper one is checked numerically, which refutes soundly
    _, top = p.model.network([target, new, loss])
    first_sizes = instances[0][0] if instances else {}
    # a step refuted only at a point that draws a member of a family `given` defines at other
    # layers (gaps.py): no counterexample; that instance is left, and the rule not verified
    unknown: Unknown | None = None
    for env_sizes, idx in instances:
        env = {**env_sizes, **dict(idx)}
        try:
            entries = _entries(p, target, new, step, loss, env)
        except ShapeMismatch as exc:
            return Refutation(shape_result(p.claim, exc, size_sets), link, Refuted.STEP_SHAPE, step)
        # the points are shared out among the entries of a vector or matrix
        count = max(MIN_POINTS, settings.points // len(entries))
        loss_syms = set().union(*(e.grad_n.free_symbols for e in entries))
        step_syms = sorted(
            set().union(*(e.step_n.free_symbols for e in entries)) - loss_syms,
            key=lambda x: x.name,
        )
        symbols = sorted(loss_syms | set(step_syms), key=lambda x: x.sort_key())
        domains = domains_of(p, symbols)
        sizes = _step_sizes(p, step_syms)
        unsigned.update(x for x in step_syms if x not in sizes)
        # every name of the step is drawn positive: a name of unknown sign (not a step size)
        # keeps the step from being proved a descent step, but a refutation at its negative
        # values would only say that a negative learning rate ascends (Ng's `a` for alpha)
        domains.update({x: Domain.POSITIVE for x in step_syms if domains.get(x) is not Domain.UNIT})
        points = sample_points(symbols, domains, count, p.seed, groups_of(p, symbols))
        # one set of step sizes for all points, so that ratios are comparable
        for pt in points[1:]:
            pt.update({x: points[0][x] for x in step_syms})
        ratios: list[tuple[float, dict, _Entry]] = []  # type: ignore[type-arg]
        floats = [as_floats(point) for point in points]  # every point at once, per entry
        values = [
            (evaluator.reals(e.step_n, floats), evaluator.reals(e.grad_n, floats)) for e in entries
        ]
        gap: Unknown | None = None
        for k, point in enumerate(points):
            for e, (step_values, grad_values) in zip(entries, values, strict=True):
                sv, gv = step_values[k], grad_values[k]
                if sv is None or gv is None:
                    continue
                if abs(gv) < 1e-6:
                    continue
                checks += 1
                ratios.append((-sv / gv, point, e))
                if sv * gv > 1e-9 * max(1.0, abs(sv * gv)):
                    es, eg = _exact(p, e.step, point), _exact(p, e.grad, point)
                    if (es * eg).is_positive:
                        gap = unknown_member(p, point, env)
                        if gap is None:
                            return _ascent(
                                p, link, step, point, es, eg, {**env, **dict(e.where)},
                                size_sets, methods_base,
                            )  # fmt: skip
                        break
            if gap is not None:
                break
        if gap is not None:
            unknown, proofs = unknown or gap, False
            continue
        if len(ratios) >= 2:
            r0, p0, e0 = ratios[0]
            for r, pt, e in ratios[1:]:
                if not settings.tolerance.close(r, r0):
                    er0 = -_exact(p, e0.step, p0) / _exact(p, e0.grad, p0)
                    er = -_exact(p, e.step, pt) / _exact(p, e.grad, pt)
                    if (er - er0).is_number and abs(er - er0) > 1e-20 * max(1, abs(er0)):
                        gap = unknown_member(p, {**p0, **pt}, env)
                        if gap is not None:
                            unknown, proofs = unknown or gap, False
                            break
                        where = "entry and point" if is_array(target) else "point"
                        return _refuted(
                            p,
                            link,
                            pt,
                            f"ratio {float(er):.15g}" + _at(e.where),
                            f"ratio {float(er0):.15g}" + _at(e0.where),
                            env,
                            size_sets,
                            methods_base,
                            "the step is not a fixed positive multiple of the negative "
                            f"gradient: the ratio step/(-gradient) changes from {where} to {where}",
                        )
        if settings.symbolic and proofs and (top < 0 or env_sizes == first_sizes):
            rate = _step_rate(entries[0], step_syms, sizes, ratios[0]) if ratios else rate
            proofs = rate is not None and _prove_descent(p, entries, sizes, rate)
    if unknown is not None:
        methods = (Method.NUMERIC, *methods_base)
        return no_counterexample(p.claim, methods, "not a descent step", unknown.message, size_sets)
    if checks == 0:
        return ClaimResult(
            p.claim,
            Verdict.UNDECIDED,
            (),
            message="the gradient could not be evaluated at any point",
        )
    if not settings.symbolic or not proofs:
        message = (
            f"a descent step at {checks} points, but SymPy could not show the step is a "
            "positive multiple of the negative gradient"
        )
        if unsigned:
            names = ", ".join(
                sorted(to_latex(x, p.claim.symbols) for x in unsigned)  # the author's notation
            )
            message += (
                f": the sign of {names} in the step is not known (a step size is "
                f"{', '.join(STEP_SIZE_NAMES)} or a name declared positive)"
            )
        return ClaimResult(
            p.claim,
            Verdict.UNDECIDED,
            (Method.NUMERIC, *methods_base),
            message=message,
            sizes=size_sets,
        )
    msg = f"a gradient-descent step: proved by SymPy; numeric agreement at {checks} points"
    if size_sets:
        msg += f"; sizes {format_sizes(size_sets)}"
    return verified(p.claim, msg, size_sets, methods_base, network=top >= 0)


def _exact(p: Prepared, expr: sympy.Expr, point: Point) -> sympy.Expr:
    """The value at a point, exactly or to 50 digits, the functions' bodies written in."""
    return exact_value(instantiate_functions(expr, p.seed), point, p.derivatives)


def _at(where: tuple[tuple[str, int], ...]) -> str:
    return f" (entry {', '.join(str(v) for _, v in where)})" if where else ""


def _step_sizes(p: Prepared, names: list[sympy.Symbol]) -> set[sympy.Symbol]:
    """The names of the step that are step sizes, so positive: a name declared positive (or a
    count, or in (0, 1)), or a learning rate's conventional name (eta, alpha, ...). Another
    name the loss does not use (an undeclared sigma) has an unknown sign: a step holding it is
    a descent step only for some of its values, so it is never proved one."""
    found = set()
    for x in names:
        origin = p.names.origin(x)
        base = family_of(label_of(origin)).name if origin is not None else str(x)
        if x.is_positive is True or base in STEP_SIZE_NAMES:
            found.add(x)
    return found


def _step_rate(
    e0: _Entry,
    step_syms: list[sympy.Symbol],
    sizes: set[sympy.Symbol],
    first: tuple[float, dict, _Entry],  # type: ignore[type-arg]
) -> sympy.Expr | None:
    """The c > 0 in s = -c g (an expression in the step sizes), guessed from the first entry
    and the numeric ratio at one point; None when it is not a positive small fraction times
    the step sizes. Only a guess: _prove_descent proves it.

    s = q * rest, where q holds the step sizes and numbers and rest the loss's names; rest / g
    must be a number k, read from the numeric ratio -s/g = -q k as a small fraction."""
    positive = {x: sympy.Dummy(x.name, positive=True) for x in sizes}
    factored = sympy.factor_terms(e0.step)
    q, _rest = factored.as_independent(*(factored.free_symbols - set(step_syms)), as_Add=False)
    ratio, point, _ = first
    q_at = q.xreplace({x: point[x] for x in step_syms}).evalf()
    if not q_at.is_number:  # q holds a name with no value (a derivative of an undefined name)
        return None
    q_value = complex(q_at)
    if q_value == 0 or abs(q_value.imag) > 0:
        return None
    k = sympy.Rational(-ratio / q_value.real).limit_denominator(10**4)
    c = sympy.simplify(-q * k)  # in the step sizes as written (real symbols)
    return c if c.xreplace(positive).is_positive is True else None


def _prove_descent(
    p: Prepared, entries: list[_Entry], sizes: set[sympy.Symbol], c: sympy.Expr
) -> bool:
    """Proves s = -c g for every entry, with one c > 0 in the step sizes only (positive
    symbols; another name of the step keeps its declared domain, so a c holding it is not
    known positive): every entry's s + c g must reduce to 0. A proof, whatever guessed c."""
    positive = {x: sympy.Dummy(x.name, positive=True) for x in sizes}
    for e in entries:
        s = p.derivatives.doit(e.step).xreplace(positive)
        g = p.derivatives.doit(e.grad).xreplace(positive)
        domains = domains_of(p, sorted((s - g).free_symbols, key=lambda x: x.name))
        if prove_equal(s, -c.xreplace(positive) * g, domains) is not Proof.PROVED:
            return False
    return True


def _ascent(
    p: Prepared,
    link: Link,
    step: sympy.Expr,
    point: Point,
    es: sympy.Expr,
    eg: sympy.Expr,
    env: dict[sympy.Basic, int],
    size_sets: SizeSets,
    methods_base: tuple[Method, ...],
) -> Refutation:
    """Not a descent step: the step has the sign of the gradient at this point."""
    result = _refuted(
        p,
        link,
        point,
        f"step {float(es):.15g}",
        f"gradient {float(eg):.15g}",
        env,
        size_sets,
        methods_base,
        "not a descent step: at this point the step has the sign of the gradient, so it "
        "increases the loss",
    )
    return Refutation(result, link, Refuted.ASCENT, step)


def _refuted(
    p: Prepared,
    link: Link,
    point: Point,
    left: str,
    right: str,
    env: dict[sympy.Basic, int],
    size_sets: SizeSets,
    methods_base: tuple[Method, ...],
    message: str,
) -> ClaimResult:
    """A refuted update rule with its counterexample (kind `other` until a correction shows it
    is an ascent step)."""
    counter = counterexample(link.latex, point, left, right, env)
    return ClaimResult(
        p.claim,
        Verdict.REFUTED,
        (Method.NUMERIC, Method.EXACT, *methods_base),
        message=message,
        diagnosis=Diagnosis(DiagnosisKind.OTHER, "not a gradient-descent step"),
        counterexample=counter,
        sizes=size_sets,
    )
