"""Update rules `w \\leftarrow E` (also `:=`, or `w = w - ...`): a gradient-descent step.

The step E - w must equal -c * dL/dw with c > 0 a step size: an expression in the step-size
names only (the names of the step that the loss does not use, such as eta or alpha, which are
taken to be positive). The loss L is the one differentiated in E, or else the last `given`
definition that depends on w. A step whose product with the gradient is positive somewhere is
an ascent step: refuted with kind `direction`.
"""

from __future__ import annotations

from dataclasses import replace

import sympy

from derive.checks.numeric import EvaluationError, Evaluator, as_floats, sample_points
from derive.checks.symbolic import exact_value
from derive.errors import DeriveError
from derive.model import (
    ClaimResult,
    Counterexample,
    Diagnosis,
    DiagnosisKind,
    Domain,
    Method,
    Verdict,
)
from derive.notation.printer import to_latex


def _loss(p, target: sympy.Expr, step: sympy.Expr) -> sympy.Expr:  # type: ignore[no-untyped-def]
    """The function this update descends. The loss is the top of the definitions: a name that
    depends on the target and that no other definition uses, gradient names (g = dL/dw) aside.
    A derivative by the target written in the step (or in a gradient name it uses) names the
    loss when it is such a top; `2(A - y)\frac{\\partial A}{\\partial w}` is a chain-rule
    factor of L, not the loss A."""
    direct: list[sympy.Expr] = []
    seen: set[sympy.Basic] = set()
    todo = [step]
    while todo:
        e = todo.pop()
        for d in sorted(e.atoms(sympy.Derivative), key=sympy.default_sort_key):
            if any(v == target for v, _ in d.variable_count) and d.expr not in direct:
                direct.append(d.expr)
        for s in e.free_symbols:
            if s in p.model.symbols and s not in seen:
                seen.add(s)
                todo.append(p.model.symbols[s])
    names = [d.target for d in p.model.definitions if isinstance(d.target, sympy.Symbol)]
    gradients = {t for t in names if p.model.symbols[t].has(sympy.Derivative)}
    candidates = [t for t in names if t not in gradients and _depends(p, t, target)]
    used = {s for t in names if t not in gradients for s in p.model.symbols[t].free_symbols}
    tops = [t for t in candidates if t not in used]
    for loss in direct:
        if loss in tops or not tops:
            return loss
    if tops or candidates:
        return (tops or candidates)[-1]
    raise DeriveError(
        f"cannot tell which loss this update descends: write \\frac{{\\partial L}}{{\\partial "
        f"{to_latex(target, p.claim.symbols)}}} in it, or define the loss in `given`"
    )


def _depends(p, name: sympy.Symbol, target: sympy.Expr) -> bool:  # type: ignore[no-untyped-def]
    seen: set[sympy.Basic] = set()
    todo = [p.model.symbols.get(name)]
    base = target.base.label if isinstance(target, sympy.Indexed) else None
    while todo:
        e = todo.pop()
        if e is None or e in seen:
            continue
        seen.add(e)
        if target in e.free_symbols or e.has(target):
            return True
        if base is not None and any(ix.base.label == base for ix in e.atoms(sympy.Indexed)):
            return True
        for s in e.free_symbols:
            if s in p.model.symbols:
                todo.append(p.model.symbols[s])
        for ix in e.atoms(sympy.Indexed):
            for pattern in p.model.patterns.get(str(ix.base.label), ()):
                todo.append(pattern.value)
    return False


def check_update(p, link, settings, progress) -> ClaimResult:  # type: ignore[no-untyped-def]
    from derive.engine import (
        _concrete,
        _format_sizes,
        _size_sets,
        domains_of,
        implement_functions,
        instantiate_functions,
    )

    target = link.lhs.expr
    if not isinstance(target, sympy.Symbol | sympy.Indexed):
        raise DeriveError(f"the left side of an update must be one name, not {link.lhs.latex!r}")
    new = link.rhs.expr
    step = sympy.expand(new - target)
    loss = _loss(p, target, step)
    grad = sympy.Derivative(loss, target, evaluate=False)
    exprs = [target, new, grad]
    instances = list(p.model.instances(exprs, settings.plan, p.seed))
    size_sets = _size_sets(instances)
    methods_base = (Method.SIZES,) if any(e or i for e, i in instances) else ()
    evaluator = Evaluator()
    checks = 0
    proofs = True
    for env_sizes, idx in instances:
        env = {**env_sizes, **dict(idx)}
        s_exact = instantiate_functions(_concrete(p, step, env), p.seed)  # for 50-digit checks
        g_exact = instantiate_functions(_concrete(p, grad, env), p.seed)
        s = implement_functions(_concrete(p, step, env), p.seed)  # for NumPy
        g = implement_functions(_concrete(p, grad, env), p.seed)
        loss_syms = g.free_symbols
        step_syms = sorted(s.free_symbols - loss_syms, key=lambda x: x.name)
        symbols = sorted(s.free_symbols | g.free_symbols, key=lambda x: x.sort_key())
        domains = domains_of(p, symbols)
        domains.update({x: Domain.POSITIVE for x in step_syms})
        points = sample_points(symbols, domains, settings.points, p.seed)
        # one set of step sizes for all points, so that ratios are comparable
        for pt in points[1:]:
            pt.update({x: points[0][x] for x in step_syms})
        ratios: list[tuple[float, dict]] = []  # type: ignore[type-arg]
        for point in points:
            try:
                sv = evaluator.real(s, as_floats(point))
                gv = evaluator.real(g, as_floats(point))
            except (EvaluationError, ZeroDivisionError, OverflowError, TypeError):
                continue
            if abs(gv) < 1e-6:
                continue
            checks += 1
            ratios.append((-sv / gv, point))
            if sv * gv > 1e-9 * max(1.0, abs(sv * gv)):
                es, eg = exact_value(s_exact, point), exact_value(g_exact, point)
                if (es * eg).is_positive:
                    return _ascent(
                        p, link, target, step, point, es, eg, env, size_sets, methods_base, settings
                    )
        if len(ratios) >= 2:
            r0, p0 = ratios[0]
            for r, pt in ratios[1:]:
                if not settings.tolerance.close(r, r0):
                    er0 = exact_value(-s_exact / g_exact, p0)
                    er = exact_value(-s_exact / g_exact, pt)
                    if (er - er0).is_number and abs(er - er0) > 1e-20 * max(1, abs(er0)):
                        return _refuted(
                            p,
                            link,
                            pt,
                            f"ratio {float(er):.15g}",
                            f"ratio {float(er0):.15g}",
                            env,
                            size_sets,
                            methods_base,
                            "the step is not a fixed positive multiple of the negative "
                            "gradient: the ratio step/(-gradient) changes from point to point",
                        )
        if settings.symbolic:
            positive = {x: sympy.Dummy(x.name, positive=True) for x in step_syms}
            ratio = sympy.cancel((-s.doit() / g.doit()).xreplace(positive))
            if ratio.free_symbols - set(positive.values()):
                ratio = sympy.simplify(ratio)
            if ratio.free_symbols - set(positive.values()) or ratio.is_positive is not True:
                proofs = False
    if checks == 0:
        return ClaimResult(
            p.claim,
            Verdict.UNDECIDED,
            (),
            message="the gradient could not be evaluated at any point",
        )
    if not settings.symbolic or not proofs:
        return ClaimResult(
            p.claim,
            Verdict.UNDECIDED,
            (Method.NUMERIC, *methods_base),
            message=f"a descent step at {checks} points, but SymPy could not show the step is a "
            "positive multiple of the negative gradient",
            sizes=size_sets,
        )
    msg = f"a gradient-descent step: proved by SymPy; numeric agreement at {checks} points"
    if size_sets:
        msg += f"; sizes {_format_sizes(size_sets)}"
    return ClaimResult(
        p.claim,
        Verdict.VERIFIED,
        (Method.SYMBOLIC, Method.NUMERIC, *methods_base),
        message=msg,
        sizes=size_sets,
    )


def _ascent(  # type: ignore[no-untyped-def]
    p, link, target, step, point, es, eg, env, size_sets, methods_base, settings
) -> ClaimResult:
    from derive.engine import check_claim

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
    if not settings.diagnose:
        return result
    step_text = to_latex(step, p.claim.symbols)
    if isinstance(step, sympy.Add):
        step_text = f"\\left({step_text}\\right)"
    corrected_rhs = f"{to_latex(target, p.claim.symbols)} - {step_text}"
    rel = "=" if link.rel.value == "=" else "\\leftarrow"
    corrected = f"{link.lhs.latex} {rel} {corrected_rhs}"
    check = check_claim(
        replace(p.claim, id=p.claim.id + "/correction", latex=corrected),
        replace(settings, diagnose=False),
    )
    if check.verdict is not Verdict.VERIFIED:
        return result
    return replace(
        result,
        message="an ascent step: the step has the sign of the gradient, so it increases the loss",
        diagnosis=Diagnosis(DiagnosisKind.DIRECTION, "gradient ascent instead of descent"),
        correction=corrected,
    )


def _refuted(  # type: ignore[no-untyped-def]
    p, link, point, left: str, right: str, env, size_sets, methods_base, message: str
) -> ClaimResult:
    """A refuted update rule with its counterexample (kind `other` until a correction shows it
    is an ascent step)."""
    from derive.engine import _decimal

    counter = Counterexample(
        link.latex,
        tuple((str(k), _decimal(v)) for k, v in point.items()),
        left,
        right,
        tuple((str(k), int(v)) for k, v in env.items()),
    )
    return ClaimResult(
        p.claim,
        Verdict.REFUTED,
        (Method.NUMERIC, Method.EXACT, *methods_base),
        message=message,
        diagnosis=Diagnosis(DiagnosisKind.OTHER, "not a gradient-descent step"),
        counterexample=counter,
        sizes=size_sets,
    )
