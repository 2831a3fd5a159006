"""Independent re-derivation of the corpus expectations with plain SymPy (not derive's reader).

Each entry is the claim id, the derivative computed here from the source's definitions, and
what the claim states (written here by hand), and whether they must agree (a true formula) or
differ (a one-error mutant). Run: `python corpus/rederive.py` (prints one line per claim and
exits 1 on any disagreement); tests/test_corpus.py runs it too.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import sympy as sp

x, y, u, b, T = sp.symbols("x y u b T", real=True)
w_jk, L_j, L_k, net_k, theta_k, y_j, y_o, t_o, w_o = sp.symbols(
    "w_jk L_j L_k net_k theta_k y_j y_o t_o w_o", real=True
)
f, g = sp.Function("f"), sp.Function("g")
d = sp.diff


def sigmoid(z: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-z))


# (claim id, derived value, stated value, must agree?)
Entry = tuple[str, Callable[[], sp.Expr], Callable[[], sp.Expr], bool]

ENTRIES: list[Entry] = [
    ("constant-rule", lambda: d(sp.Integer(99), x), lambda: sp.Integer(0), True),
    ("multiplication-by-constant", lambda: d(3 * x, x), lambda: sp.Integer(3), True),
    ("power-rule", lambda: d(x**3, x), lambda: 3 * x**2, True),
    ("sum-rule", lambda: d(x**2 + 3 * x, x), lambda: 2 * x + 3, True),
    ("difference-rule", lambda: d(x**2 - 3 * x, x), lambda: 2 * x - 3, True),
    ("product-rule", lambda: d(x**2 * x, x), lambda: 3 * x**2, True),
    ("chain-rule-ln", lambda: d(sp.log(x**2), x), lambda: 2 / x, True),
    ("operator-distributes", lambda: d(9 * (x + x**2), x), lambda: 9 + 18 * x, True),
    ("partial-x-3yx2", lambda: d(3 * y * x**2, x), lambda: 6 * y * x, True),
    ("partial-y-3x2y", lambda: d(3 * x**2 * y, y), lambda: 3 * x**2, True),
    ("partial-g-x", lambda: d(2 * x + y**8, x), lambda: sp.Integer(2), True),
    ("partial-g-y", lambda: d(2 * x + y**8, y), lambda: 8 * y**7, True),
    ("sin-x2", lambda: d(sp.sin(x**2), x), lambda: 2 * x * sp.cos(x**2), True),
    ("x2-rule", lambda: d(x**2, x), lambda: 2 * x, True),
    ("sin-u", lambda: d(sp.sin(u), u), lambda: sp.cos(u), True),
    (
        "chain-rule-generic",
        lambda: d(f(g(x)), x),
        lambda: sp.Subs(d(f(u), u), u, g(x)).doit() * d(g(x), x),
        True,
    ),
    ("chain-sin-combine", lambda: d(sp.sin(x**2), x), lambda: sp.cos(x**2) * 2 * x, True),
    ("chain-sin-substitute", lambda: d(sp.sin(x**2), x), lambda: 2 * x * sp.cos(x**2), True),
    ("chain-du-dx", lambda: d(x**2, x), lambda: 2 * x, True),
    (
        "chain-ln-sin-combine",
        lambda: d(sp.log(sp.sin(x**3) ** 2), x),
        lambda: 6 * sp.sin(x**3) * x**2 * sp.cos(x**3) / sp.sin(x**3) ** 2,
        True,
    ),
    (
        "chain-ln-sin-substitute",
        lambda: d(sp.log(sp.sin(x**3) ** 2), x),
        lambda: 6 * x**2 * sp.cos(x**3) / sp.sin(x**3),
        True,
    ),
    ("sum-of-operators", lambda: d(x + x**2, x), lambda: 1 + 2 * x, True),
    ("elementwise-plus-w", lambda: d(w_o + x, w_o), lambda: sp.Integer(1), True),
    ("elementwise-plus-x", lambda: d(w_o + x, x), lambda: sp.Integer(1), True),
    ("affine-by-b", lambda: d(w_o * x + b, b), lambda: sp.Integer(1), True),
    ("mutant-power-rule-exponent", lambda: d(x**3, x), lambda: 3 * x**3, False),
    ("mutant-sum-rule-sign", lambda: d(x**2 + 3 * x, x), lambda: 2 * x - 3, False),
    ("mutant-chain-ln-factor", lambda: d(sp.log(x**2), x), lambda: 1 / x, False),
    ("mutant-sin-x2-dropped-factor", lambda: d(sp.sin(x**2), x), lambda: sp.cos(x**2), False),
    ("mutant-sin-u-sign", lambda: d(sp.sin(u), u), lambda: -sp.cos(u), False),
    ("mutant-product-rule-term", lambda: d(x**3, x), lambda: 2 * x**2, False),
    ("mutant-partial-x-factor", lambda: d(3 * y * x**2, x), lambda: 3 * y * x, False),
    ("mutant-partial-g-y-exponent", lambda: d(2 * x + y**8, y), lambda: 8 * y**8, False),
    ("mutant-operator-distributes", lambda: d(9 * (x + x**2), x), lambda: 9 + 2 * x, False),
    (
        "mutant-chain-ln-sin-square",
        lambda: d(sp.log(sp.sin(x**3) ** 2), x),
        lambda: 6 * x**2 * sp.cos(x**3) / sp.sin(x**3) ** 2,
        False,
    ),
    ("mutant-chain-sin-outer", lambda: d(sp.sin(x**2), x), lambda: 2 * x * sp.sin(x**2), False),
    ("mutant-sum-of-operators-term", lambda: d(x + x**2, x), lambda: 2 * x, False),
    # backprop-blogs.toml: one output unit k, inputs L_j (a single term of the sum suffices,
    # the other terms do not contain w_jk)
    (
        "nn-sigmoid-derivative",
        lambda: d(sigmoid(x), x),
        lambda: sigmoid(x) * (1 - sigmoid(x)),
        True,
    ),
    ("nn-dE-dLk", lambda: d((T - L_k) ** 2 / 2, L_k), lambda: L_k - T, True),
    ("nn-dnet-dw", lambda: d(w_jk * L_j, w_jk), lambda: L_j, True),
    (
        "nn-dE-dw-output",
        lambda: d((T - sigmoid(w_jk * L_j)) ** 2 / 2, w_jk),
        lambda: (sigmoid(w_jk * L_j) - T) * sigmoid(w_jk * L_j) * (1 - sigmoid(w_jk * L_j)) * L_j,
        True,
    ),
    (
        "nn-E-substituted",
        lambda: (T - sigmoid(net_k)) ** 2 / 2,
        lambda: (T - sigmoid(net_k)) ** 2 / 2,
        True,
    ),
    ("gd-ds-dw", lambda: d(w_jk * y_j + theta_k, w_jk), lambda: y_j, True),
    ("gd-ds-dtheta", lambda: d(w_jk * y_j + theta_k, theta_k), lambda: sp.Integer(1), True),
    ("gd-dE-dy-output", lambda: d((t_o - y_o) ** 2 / 2, y_o), lambda: -(t_o - y_o), True),
    (
        "mutant-nn-sigmoid-sign",
        lambda: d(sigmoid(x), x),
        lambda: sigmoid(x) * (1 + sigmoid(x)),
        False,
    ),
    ("mutant-nn-dE-dLk-sign", lambda: d((T - L_k) ** 2 / 2, L_k), lambda: T - L_k, False),
    (
        "mutant-gd-ds-dw-index",
        lambda: d(w_jk * y_j + theta_k, w_jk),
        lambda: sp.Symbol("y_k"),
        False,
    ),
]


# sigmoid-derivations.toml: sigmoid(x) = 1/(1 + e^{-x})
SIG = sigmoid(x)
DSIG = d(sigmoid(x), x)
ENTRIES += [
    ("M-derivative", lambda: DSIG, lambda: SIG * (1 - SIG), True),
    ("M-step-by-step", lambda: DSIG, lambda: SIG * (1 - SIG), True),
    ("N-other-form", lambda: SIG, lambda: sp.exp(x) / (sp.exp(x) + 1), True),
    ("N-multiply-by-one", lambda: 1 / (1 + sp.exp(-x)), lambda: sp.exp(x) / (sp.exp(x) + 1), True),
    ("N-derivative", lambda: DSIG, lambda: SIG * (1 - SIG), True),
    ("N-exp-rule", lambda: d(sp.exp(x), x), lambda: sp.exp(x), True),
    (
        "N-exp-chain",
        lambda: d(sp.exp(-3 * x**2 + 2 * x), x),
        lambda: (-6 * x + 2) * sp.exp(-3 * x**2 + 2 * x),
        True,
    ),
    ("N-chain-example", lambda: d((x**2 + 1) ** 3, x), lambda: 6 * x * (x**2 + 1) ** 2, True),
    ("N-via-chain-rule", lambda: DSIG, lambda: SIG * (1 - SIG), True),
    ("S-step-by-step", lambda: DSIG, lambda: sp.exp(-x) / (1 + sp.exp(-x)) ** 2, True),
    ("S-simplify", lambda: sp.exp(-x) / (1 + sp.exp(-x)) ** 2, lambda: (1 - SIG) * SIG, True),
    ("H-power-form", lambda: SIG, lambda: (1 + sp.exp(-x)) ** -1, True),
    ("Y-power-form", lambda: SIG, lambda: (1 + sp.exp(-x)) ** -1, True),
    ("Y-differentiate", lambda: DSIG, lambda: d((1 + sp.exp(-x)) ** -1, x), True),
    ("Y-chain", lambda: DSIG, lambda: -((1 + sp.exp(-x)) ** -2) * d(1 + sp.exp(-x), x), True),
    ("Y-inner", lambda: DSIG, lambda: (-1) * (1 + sp.exp(-x)) ** -2 * (-1) * sp.exp(-x), True),
    ("Y-signs", lambda: DSIG, lambda: (1 + sp.exp(-x)) ** -2 * sp.exp(-x), True),
    ("Y-fraction", lambda: DSIG, lambda: sp.exp(-x) / (1 + sp.exp(-x)) ** 2, True),
    ("Y-split", lambda: DSIG, lambda: SIG * sp.exp(-x) / (1 + sp.exp(-x)), True),
    (
        "Y-add-subtract-one",
        lambda: DSIG,
        lambda: SIG * (1 + sp.exp(-x) - 1) / (1 + sp.exp(-x)),
        True,
    ),
    ("Y-en-dash", lambda: DSIG, lambda: SIG * (1 - SIG), True),
    ("Y-one-minus", lambda: DSIG, lambda: SIG * (1 - SIG), True),
    ("mutant-M-sign", lambda: DSIG, lambda: SIG * (1 + SIG), False),
    (
        "mutant-N-exp-chain-sign",
        lambda: d(sp.exp(-3 * x**2 + 2 * x), x),
        lambda: (6 * x + 2) * sp.exp(-3 * x**2 + 2 * x),
        False,
    ),
    (
        "mutant-N-chain-example-factor",
        lambda: d((x**2 + 1) ** 3, x),
        lambda: 3 * (x**2 + 1) ** 2,
        False,
    ),
    ("mutant-S-square", lambda: DSIG, lambda: sp.exp(-x) / (1 + sp.exp(-x)), False),
    ("mutant-Y-sign", lambda: DSIG, lambda: -((1 + sp.exp(-x)) ** -2) * sp.exp(-x), False),
    (
        "mutant-Y-exponent",
        lambda: DSIG,
        lambda: -((1 + sp.exp(-x)) ** -1) * d(1 + sp.exp(-x), x),
        False,
    ),
    ("mutant-H-power", lambda: SIG, lambda: (1 + sp.exp(-x)) ** -2, False),
]

ENTRIES.append(
    ("mutant-gd-dE-dy-sign", lambda: d((t_o - y_o) ** 2 / 2, y_o), lambda: t_o - y_o, False)
)

ENTRIES += [
    ("total-derivative-u1", lambda: d(x**2, x), lambda: 2 * x, True),
    ("total-derivative-u2", lambda: d(x + x**2, x), lambda: 1 + 2 * x, True),
    ("mutant-total-derivative-u2-term", lambda: d(x + x**2, x), lambda: 2 * x, False),
    ("H-chain", lambda: DSIG, lambda: sp.exp(-x) / (1 + sp.exp(-x)) ** 2, True),
    ("mutant-H-chain-sign", lambda: DSIG, lambda: -((1 + sp.exp(-x)) ** -2) * sp.exp(-x), False),
]


def check() -> list[str]:
    """The ids whose re-derivation disagrees with the expectation."""
    bad = []
    for cid, derived, stated, agree in ENTRIES:
        same = sp.simplify(derived() - stated()) == 0
        print(f"{'ok ' if same == agree else 'BAD'} {cid}: {'equal' if same else 'different'}")
        if same != agree:
            bad.append(cid)
    return bad


if __name__ == "__main__":
    sys.exit(1 if check() else 0)
