"""The loss an update rule `w \\leftarrow E` descends: the top of the definitions that depends on
the target (gradient names aside), a loss the step differentiates, a defined function whose
derivative the others are, or a function defined in entries (`J(\\theta_0, \\theta_1)`)."""

from __future__ import annotations

import sympy
from sympy.core.function import AppliedUndef

from derive.errors import DeriveError
from derive.notation.arrays import Grad, is_array
from derive.notation.families import label_of
from derive.notation.printer import to_latex
from derive.prepared import Prepared


def descended_loss(p: Prepared, target: sympy.Expr, step: sympy.Expr) -> sympy.Expr:
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
        for gr in sorted(e.atoms(Grad), key=sympy.default_sort_key):
            if gr.args[1] == target and gr.args[0] not in direct:
                direct.append(gr.args[0])
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
    loss = _called_loss(p, target) or _function_loss(p, target)
    if loss is not None:
        return loss
    raise DeriveError(
        f"cannot tell which loss this update descends: write \\frac{{\\partial L}}{{\\partial "
        f"{to_latex(target, p.claim.symbols)}}} in it, or define the loss in `given`"
    )


def _function_loss(p: Prepared, target: sympy.Expr) -> sympy.Expr | None:
    """`f(x) = ...` with `g(x) = f'(x)`: the loss is f at the target, when exactly one defined
    function of one argument is differentiated by the others (the gradient functions)."""
    functions = p.model.functions
    differentiated = {
        str(d.expr.func)
        for lam in functions.values()
        for d in lam.expr.atoms(sympy.Derivative)
        if isinstance(d.expr, AppliedUndef) and str(d.expr.func) in functions
    }
    found = [n for n in differentiated if len(functions[n].variables) == 1]
    if len(found) != 1:
        return None
    return sympy.Function(found[0])(target)


def _called_loss(p: Prepared, target: sympy.Expr) -> sympy.Expr | None:
    """`J(\\theta_0, \\theta_1) = ...`: the loss is a function defined in its entries (see
    definitions._parameters), applied to them, when exactly one such function depends on the
    target and no other definition uses it (`h_\\theta(x)` is used by J: J is the loss); a
    gradient function (`g(x) = f'(x)`) is never the loss."""
    functions = p.model.functions
    used = {
        str(f.func)
        for d in p.model.definitions
        for f in d.value.atoms(AppliedUndef)
        if str(f.func) != str(d.target)
    }
    found = []
    for d in p.model.definitions:
        name = str(d.target)
        written = any(isinstance(a, sympy.Indexed) for a in d.arguments)
        if name not in functions or name in used or not written or d.value.has(sympy.Derivative):
            continue
        call = sympy.Function(name)(*d.arguments)
        if _reaches(p, call, target, set()):
            found.append(call)
    return found[0] if len(found) == 1 else None


def _reaches(p: Prepared, expr: sympy.Expr, target: sympy.Expr, seen: set[str]) -> bool:
    """Whether expr depends on the target through the defined functions it applies."""
    if expr.has(target):
        return True
    for f in expr.atoms(AppliedUndef):
        name = str(f.func)
        if name in p.model.functions and name not in seen:
            seen.add(name)
            if _reaches(p, p.model.functions[name](*f.args), target, seen):
                return True
    return False


def _depends(p: Prepared, name: sympy.Symbol, target: sympy.Expr) -> bool:
    seen: set[sympy.Basic] = set()
    todo = [p.model.symbols.get(name)]
    # an entry w_{jk} or the whole w^{[l]}: the entries share the base name (a whole array's
    # name is non-commutative, an entry's is not)
    if isinstance(target, sympy.Indexed):
        base: str | None = label_of(target)
    else:  # a whole vector declared by name (\theta) is used entry by entry (\theta_j)
        base = str(target) if is_array(target) else None
    while todo:
        e = todo.pop()
        if e is None or e in seen:
            continue
        seen.add(e)
        if target in e.free_symbols or e.has(target):
            return True
        if base is not None and any(label_of(ix) == base for ix in e.atoms(sympy.Indexed)):
            return True
        for s in e.free_symbols:
            if s in p.model.symbols:
                todo.append(p.model.symbols[s])
        for ix in e.atoms(sympy.Indexed):
            for pattern in p.model.patterns.get(label_of(ix), ()):
                todo.append(pattern.value)
    return False
