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


# parr-howard.toml, added rows: x_i, z scalars; y = sum_i x_i z over n = 3 entries
z, N, v_, eta = sp.symbols("z N v eta", real=True)
xs = sp.symbols("x1:4", real=True)
ws = sp.symbols("w1:4", real=True)
ENTRIES += [
    ("vector-scalar-add-x", lambda: d(x + z, x), lambda: sp.Integer(1), True),
    ("vector-scalar-add-z", lambda: d(x + z, z), lambda: sp.Integer(1), True),
    ("vector-scalar-mul-x", lambda: d(x * z, x), lambda: z, True),
    ("vector-scalar-mul-z", lambda: d(x * z, z), lambda: x, True),
    ("vector-sum-by-z", lambda: d(sum(xi * z for xi in xs), z), lambda: sum(xs), True),
    (
        "dot-product-by-wj",
        lambda: d(sum(wi * xi for wi, xi in zip(ws, xs, strict=True)), ws[1]),
        lambda: xs[1],
        True,
    ),
    # max(0, s) on the side s > 0 and s < 0 (the cases row as the article writes it)
    ("relu-derivative-cases", lambda: d(sp.Max(0, x), x).subs(x, 2), lambda: sp.Integer(1), True),
    # C = (1/N) sum_{i=1}^N v^2 with v not indexed = v^2; u = max(0, w.x + b) on its positive side
    (
        "loss-by-b",
        lambda: d((y - (w_o * x + b)) ** 2, b),
        lambda: 2 * (y - (w_o * x + b)) * d(y - (w_o * x + b), b),
        True,
    ),
    ("v-by-b", lambda: d(y - (w_o * x + b), b), lambda: -d(w_o * x + b, b), True),
    (
        "mutant-dot-product-by-wj-index",
        lambda: d(sum(wi * xi for wi, xi in zip(ws, xs, strict=True)), ws[1]),
        lambda: ws[1],
        False,
    ),
    (
        "mutant-loss-by-b-factor",
        lambda: d((y - (w_o * x + b)) ** 2, b),
        lambda: (y - (w_o * x + b)) * d(y - (w_o * x + b), b),
        False,
    ),
    ("mutant-v-by-b-sign", lambda: d(y - (w_o * x + b), b), lambda: d(w_o * x + b, b), False),
]

# cs229-notes.toml: g the logistic function; theta, x in R^3 for the vector claims
th = sp.symbols("theta0:3", real=True)
xv = sp.symbols("xv0:3", real=True)
phi, mu, sg = sp.symbols("phi mu sigma", positive=True)
yb = sp.Symbol("y_b", integer=True, nonnegative=True)
Xm = sp.Matrix(3, 2, sp.symbols("X0:6", real=True))
thv = sp.Matrix(2, 1, th[:2])
yv = sp.Matrix(3, 1, sp.symbols("Y0:3", real=True))


def grad(expr: sp.Expr, wrt: sp.Matrix) -> sp.Matrix:
    return sp.Matrix([d(expr, w) for w in wrt])


def J_normal() -> sp.Expr:
    r = Xm * thv - yv
    return (r.T * r)[0] / 2


def logistic_l(yy: sp.Expr) -> sp.Expr:
    h = sigmoid(sum(t * xi for t, xi in zip(th, xv, strict=True)))
    return yy * sp.log(h) + (1 - yy) * sp.log(1 - h)


def bernoulli(yy: int) -> tuple[sp.Expr, sp.Expr]:
    return phi**yy * (1 - phi) ** (1 - yy), sp.exp(sp.log(phi / (1 - phi)) * yy + sp.log(1 - phi))


A11, A12, A21, A22 = sp.symbols("A11 A12 A21 A22", real=True)
fA = sp.Rational(3, 2) * A11 + 5 * A12**2 + A21 * A22
ENTRIES += [
    (
        "lms-derivative",
        lambda: d((sum(t * xi for t, xi in zip(th, xv, strict=True)) - y) ** 2 / 2, th[1]),
        lambda: (sum(t * xi for t, xi in zip(th, xv, strict=True)) - y) * xv[1],
        True,
    ),
    ("logistic-derivative", lambda: d(sigmoid(z), z), lambda: sigmoid(z) * (1 - sigmoid(z)), True),
    (
        "matrix-gradient-example",
        lambda: sp.Matrix([[d(fA, A11), d(fA, A12)], [d(fA, A21), d(fA, A22)]]),
        lambda: sp.Matrix([[sp.Rational(3, 2), 10 * A12], [A22, A21]]),
        True,
    ),
    (
        "normal-equations-gradient",
        lambda: grad(J_normal(), thv),
        lambda: Xm.T * Xm * thv - Xm.T * yv,
        True,
    ),
    (
        "logistic-gradient-ascent",
        lambda: sp.Matrix([d(logistic_l(k), th[1]) for k in (0, 1)]),
        lambda: sp.Matrix(
            [
                (k - sigmoid(sum(t * xi for t, xi in zip(th, xv, strict=True)))) * xv[1]
                for k in (0, 1)
            ]
        ),
        True,
    ),
    (
        "bernoulli-exponential-family",
        lambda: bernoulli(1)[0] - bernoulli(1)[1] + bernoulli(0)[0] - bernoulli(0)[1],
        lambda: sp.Integer(0),
        True,
    ),
    (
        "bernoulli-log-partition",
        lambda: -sp.log(1 - 1 / (1 + sp.exp(-eta))),
        lambda: sp.log(1 + sp.exp(eta)),
        True,
    ),
    (
        "gaussian-exponential-family",
        lambda: sp.exp(-((y - mu) ** 2) / 2) / sp.sqrt(2 * sp.pi),
        lambda: sp.exp(-(y**2) / 2) / sp.sqrt(2 * sp.pi) * sp.exp(mu * y - mu**2 / 2),
        True,
    ),
    (
        "gaussian-log-likelihood",
        lambda: sum(
            sp.log(sp.exp(-((r) ** 2) / (2 * sg**2)) / (sp.sqrt(2 * sp.pi) * sg))
            for r in sp.symbols("r1:4", real=True)
        ),
        lambda: (
            3 * sp.log(1 / (sp.sqrt(2 * sp.pi) * sg))
            - sum(r**2 for r in sp.symbols("r1:4", real=True)) / (2 * sg**2)
        ),
        True,
    ),
    # LMS update: the step +alpha (y - h) x_j is -alpha dJ/dtheta_j for J = (h - y)^2 / 2
    (
        "lms-update",
        lambda: -d((sum(t * xi for t, xi in zip(th, xv, strict=True)) - y) ** 2 / 2, th[1]),
        lambda: (y - sum(t * xi for t, xi in zip(th, xv, strict=True))) * xv[1],
        True,
    ),
    (
        "mutant-logistic-derivative-sign",
        lambda: d(sigmoid(z), z),
        lambda: sigmoid(z) * (1 + sigmoid(z)),
        False,
    ),
    (
        "mutant-logistic-derivative-square",
        lambda: d(sigmoid(z), z),
        lambda: sp.exp(-z) / (1 + sp.exp(-z)),
        False,
    ),
    (
        "mutant-bernoulli-log-partition-sign",
        lambda: -sp.log(1 - 1 / (1 + sp.exp(-eta))),
        lambda: sp.log(1 + sp.exp(-eta)),
        False,
    ),
]


# dl-book.toml: zeta the softplus
def zeta(s: sp.Expr) -> sp.Expr:
    return sp.log(1 + sp.exp(s))


zz = sp.Symbol("z", real=True)
ENTRIES += [
    ("sigmoid-exp-form", lambda: sigmoid(x), lambda: sp.exp(x) / (sp.exp(x) + sp.exp(0)), True),
    ("sigmoid-derivative", lambda: DSIG, lambda: SIG * (1 - SIG), True),
    ("sigmoid-symmetry", lambda: 1 - SIG, lambda: sigmoid(-x), True),
    ("log-sigmoid-softplus", lambda: sp.log(SIG), lambda: -zeta(-x), True),
    ("softplus-derivative", lambda: d(zeta(x), x), lambda: SIG, True),
    (
        "logit",
        lambda: sigmoid(sp.log(x / (1 - x))).subs(x, sp.Rational(1, 3)),
        lambda: sp.Rational(1, 3),
        True,
    ),
    (
        "softplus-inverse",
        lambda: zeta(sp.log(sp.exp(x) - 1)).subs(x, 2),
        lambda: sp.Integer(2),
        True,
    ),
    (
        "softplus-integral",
        lambda: sp.integrate(sigmoid(y), (y, -sp.oo, 1)),
        lambda: zeta(sp.Integer(1)),
        True,
    ),
    ("softplus-difference", lambda: zeta(x) - zeta(-x), lambda: x, True),
    (
        "least-squares-gradient",
        lambda: grad(((Xm * thv - yv).T * (Xm * thv - yv))[0] / 2, thv),
        lambda: Xm.T * Xm * thv - Xm.T * yv,
        True,
    ),
    (
        "lagrangian-derivative",
        lambda: d(J_normal() + eta * ((thv.T * thv)[0] - 1), eta),
        lambda: (thv.T * thv)[0] - 1,
        True,
    ),
    (
        "sigmoid-output-bernoulli",
        lambda: sp.exp(zz) / (sp.exp(0) + sp.exp(zz)) + sp.exp(0) / (sp.exp(0) + sp.exp(zz)),
        lambda: sigmoid((2 * 1 - 1) * zz) + sigmoid((2 * 0 - 1) * zz),
        True,
    ),
    (
        "sigmoid-output-loss",
        lambda: sp.Matrix([-sp.log(sigmoid((2 * k - 1) * zz)) for k in (0, 1)]),
        lambda: sp.Matrix([zeta((1 - 2 * k) * zz) for k in (0, 1)]),
        True,
    ),
    (
        "chain-rule",
        lambda: d(f(g(x)), x),
        lambda: sp.Subs(d(f(u), u), u, g(x)).doit() * d(g(x), x),
        True,
    ),
    (
        "repeated-subexpression",
        lambda: d(f(f(f(x))), x),
        lambda: (
            sp.Subs(d(f(u), u), u, f(f(x))).doit()
            * sp.Subs(d(f(u), u), u, f(x)).doit()
            * sp.Subs(d(f(u), u), u, x).doit()
        ),
        True,
    ),
    (
        "log-softmax",
        lambda: sp.log(sp.exp(xs[0]) / sum(sp.exp(xi) for xi in xs)),
        lambda: xs[0] - sp.log(sum(sp.exp(xi) for xi in xs)),
        True,
    ),
    ("mutant-softplus-derivative-activation", lambda: d(zeta(x), x), lambda: DSIG, False),
    ("mutant-log-sigmoid-sign", lambda: sp.log(SIG), lambda: zeta(-x), False),
    ("mutant-softplus-difference-sign", lambda: zeta(x) - zeta(-x), lambda: -x, False),
    ("mutant-sigmoid-symmetry-argument", lambda: 1 - SIG, lambda: SIG, False),
    (
        "mutant-sigmoid-output-bernoulli-sign",
        lambda: sp.exp(zz) / (1 + sp.exp(zz)),
        lambda: sigmoid((1 - 2 * 1) * zz),
        False,
    ),
    (
        "mutant-repeated-subexpression-term",
        lambda: d(f(f(f(x))), x),
        lambda: sp.Subs(d(f(u), u), u, f(f(x))).doit() * sp.Subs(d(f(u), u), u, f(x)).doit(),
        False,
    ),
    (
        "mutant-chain-rule-dropped",
        lambda: d(f(g(x)), x),
        lambda: sp.Subs(d(f(u), u), u, g(x)).doit(),
        False,
    ),
]


# ng-ml-notes.toml: m = 3 examples (x^(i), y^(i)); theta_0, theta_1 scalars for week 1
t0, t1, lam, m_ = sp.symbols("theta_0 theta_1 lambda m", real=True)
xi3 = sp.symbols("xs1:4", real=True)
yi3 = sp.symbols("ys1:4", real=True)


def J_lin() -> sp.Expr:
    return sum((t0 + t1 * a - c) ** 2 for a, c in zip(xi3, yi3, strict=True)) / (2 * 3)


def theta_x(k: int) -> sp.Expr:
    return sum(t * xi for t, xi in zip(th, sp.symbols(f"xe{k}_0:3", real=True), strict=True))


def J_logistic(ys: tuple[int, ...]) -> sp.Expr:
    return -sum(
        c * sp.log(sigmoid(theta_x(k))) + (1 - c) * sp.log(1 - sigmoid(theta_x(k)))
        for k, c in enumerate(ys)
    ) / len(ys)


J_ao = (t0 - 5) ** 2 + (t1 - 5) ** 2  # theta_1, theta_2 of the notes as t0, t1
YS = (1, 0, 1)
ENTRIES += [
    (
        "linreg-dJ-dtheta0",
        lambda: d(J_lin(), t0),
        lambda: sum(t0 + t1 * a - c for a, c in zip(xi3, yi3, strict=True)) / 3,
        True,
    ),
    (
        "linreg-dJ-dtheta1",
        lambda: d(J_lin(), t1),
        lambda: sum((t0 + t1 * a - c) * a for a, c in zip(xi3, yi3, strict=True)) / 3,
        True,
    ),
    (
        "linreg-dJ-dtheta0-expanded",
        lambda: d(J_lin(), t0),
        lambda: sum(t0 + t1 * a - c for a, c in zip(xi3, yi3, strict=True)) / 3,
        True,
    ),
    # the update subtracts a times dJ/dtheta_1: a descent step
    (
        "linreg-update-theta1",
        lambda: -d(J_lin(), t1),
        lambda: -sum((t0 + t1 * a - c) * a for a, c in zip(xi3, yi3, strict=True)) / 3,
        True,
    ),
    (
        "normal-equation-gradient",
        lambda: grad(J_normal(), thv),
        lambda: Xm.T * Xm * thv - Xm.T * yv,
        True,
    ),
    (
        "normal-equation-expansion-published-sign",
        lambda: J_normal(),
        lambda: (
            (
                (thv.T * Xm.T * Xm * thv)[0]
                - (thv.T * Xm.T * yv)[0]
                - (yv.T * Xm * thv)[0]
                - (yv.T * yv)[0]
            )
            / 2
        ),
        False,
    ),
    (
        "logistic-cost-expanded",
        lambda: sp.Matrix(
            [
                c * sp.log(sigmoid(theta_x(0))) + (1 - c) * sp.log(1 - sigmoid(theta_x(0)))
                for c in (0, 1)
            ]
        ),
        lambda: sp.Matrix(
            [
                -c * sp.log(1 + sp.exp(-theta_x(0))) - (1 - c) * sp.log(1 + sp.exp(theta_x(0)))
                for c in (0, 1)
            ]
        ),
        True,
    ),
    (
        "logistic-gradient-tail",
        lambda: (
            -sum(
                (c * (1 + sp.exp(theta_x(k))) - sp.exp(theta_x(k)))
                / (1 + sp.exp(theta_x(k)))
                * sp.Symbol(f"xe{k}_1", real=True)
                for k, c in enumerate(YS)
            )
            / 3
        ),
        lambda: (
            -sum(
                (c - sigmoid(theta_x(k))) * sp.Symbol(f"xe{k}_1", real=True)
                for k, c in enumerate(YS)
            )
            / 3
        ),
        True,
    ),
    (
        "logistic-gradient-final",
        lambda: d(J_logistic(YS), th[1]),
        lambda: (
            sum(
                (sigmoid(theta_x(k)) - c) * sp.Symbol(f"xe{k}_1", real=True)
                for k, c in enumerate(YS)
            )
            / 3
        ),
        True,
    ),
    ("advanced-optimization-dJ1", lambda: d(J_ao, t0), lambda: 2 * (t0 - 5), True),
    ("advanced-optimization-dJ2", lambda: d(J_ao, t1), lambda: 2 * (t1 - 5), True),
    ("sigmoid-derivative-layer3", lambda: DSIG, lambda: SIG * (1 - SIG), True),
    # the regularised update subtracts a times dJ/dtheta_j (lambda term outside the sum over i);
    # as published its parenthesis is never closed (an error), this is the update it means
    (
        "regularized-linreg-update",
        lambda: d(
            (
                sum((theta_x(k) - c) ** 2 for k, c in enumerate(yi3))
                + lam * (th[1] ** 2 + th[2] ** 2)
            )
            / (2 * 3),
            th[1],
        ),
        lambda: (
            sum((theta_x(k) - c) * sp.Symbol(f"xe{k}_1", real=True) for k, c in enumerate(yi3)) / 3
            + lam / 3 * th[1]
        ),
        True,
    ),
    ("mutant-advanced-optimization-factor", lambda: d(J_ao, t0), lambda: t0 - 5, False),
    ("mutant-advanced-optimization-index", lambda: d(J_ao, t1), lambda: 2 * (t0 - 5), False),
    ("mutant-sigmoid-derivative-layer3-activation", lambda: DSIG, lambda: SIG, False),
]


# hjorth-jensen-week42.toml: one hidden layer of 2 units, 2 inputs, 2 outputs where needed;
# w_{ij}^l connects unit i of layer l-1 to unit j of layer l, as the notes define z_j^l
s1, s2 = sp.Function("sigma_1"), sp.Function("sigma_2")
w1, w2, b1, b2, a0 = sp.symbols("w_1 w_2 b_1 b_2 a_0", real=True)
Wl = sp.Matrix(2, 2, sp.symbols("W0:4", real=True))  # W[i, j] = w_{ij}^l
al = sp.Matrix(2, 1, sp.symbols("al0:2", real=True))  # a^{l-1}
bl = sp.Matrix(2, 1, sp.symbols("bl0:2", real=True))
yl = sp.Matrix(2, 1, sp.symbols("yl0:2", real=True))
zl = Wl.T * al + bl  # z_j^l = sum_i w_{ij}^l a_i^{l-1} + b_j^l
aL = zl.applyfunc(sigmoid)
CL = sum((aL[i] - yl[i]) ** 2 for i in range(2)) / 2


def ds(s: sp.Function, at: sp.Expr) -> sp.Expr:
    return sp.Subs(d(s(u), u), u, at).doit()


ENTRIES += [
    (
        "one-node-dC-dw1",
        lambda: d((s1(w1 * x + b1) - y) ** 2 / 2, w1),
        lambda: (s1(w1 * x + b1) - y) * ds(s1, w1 * x + b1) * x,
        True,
    ),
    (
        "one-node-dC-db1",
        lambda: d((s1(w1 * x + b1) - y) ** 2 / 2, b1),
        lambda: (s1(w1 * x + b1) - y) * ds(s1, w1 * x + b1),
        True,
    ),
    (
        "hidden-dC-dw1",
        lambda: d((s2(w2 * s1(w1 * a0 + b1) + b2) - y) ** 2 / 2, w1),
        lambda: (
            (s2(w2 * s1(w1 * a0 + b1) + b2) - y)
            * ds(s2, w2 * s1(w1 * a0 + b1) + b2)
            * s1(w1 * a0 + b1)
            * ds(s1, w1 * a0 + b1)
            * a0
        ),
        False,
    ),
    ("dz-dw", lambda: d(zl[1], Wl[0, 1]), lambda: al[0], True),
    ("dz-da-published-index", lambda: d(zl[1], al[0]), lambda: Wl[1, 0], False),
    ("da-dz-sigmoid", lambda: DSIG, lambda: SIG * (1 - SIG), True),
    (
        "cost-output-layer",
        lambda: sum((yl[i] - aL[i]) ** 2 for i in range(2)) / 2,
        lambda: CL,
        True,
    ),
    ("dC-dw-output", lambda: d(CL, Wl[0, 1]), lambda: (aL[1] - yl[1]) * d(aL[1], Wl[0, 1]), True),
    ("da-dw-output", lambda: d(aL[1], Wl[0, 1]), lambda: aL[1] * (1 - aL[1]) * al[0], True),
    (
        "delta-output",
        lambda: aL[1] * (1 - aL[1]) * (aL[1] - yl[1]),
        lambda: DSIG.subs(x, zl[1]) * (aL[1] - yl[1]),
        True,
    ),
    (
        "delta-output-chain",
        lambda: d(
            sum((sigmoid(zz_) - yy_) ** 2 for zz_, yy_ in zip(xs[:2], yl, strict=True)) / 2, xs[1]
        ),
        lambda: (sigmoid(xs[1]) - yl[1]) * DSIG.subs(x, xs[1]),
        True,
    ),
    (
        "dC-dw-output-delta",
        lambda: d(CL, Wl[0, 1]),
        lambda: (aL[1] - yl[1]) * DSIG.subs(x, zl[1]) * al[0],
        True,
    ),
    ("delta-bias", lambda: d(CL, bl[1]), lambda: (aL[1] - yl[1]) * DSIG.subs(x, zl[1]), True),
    # delta_j^l = sum_k delta_k^{l+1} dz_k^{l+1}/dz_j^l; z_k^{l+1} = sum_i w_{ik}^{l+1} a_i^l + b_k:
    # the weight is w_{jk}^{l+1} (W[j, k]); the notes write w_{kj}^{l+1} (W[k, j])
    (
        "delta-hidden-published-index",
        lambda: sum(sp.Symbol(f"delta{k}") * Wl[0, k] for k in range(2)) * DSIG.subs(x, xs[0]),
        lambda: sum(sp.Symbol(f"delta{k}") * Wl[k, 0] for k in range(2)) * DSIG.subs(x, xs[0]),
        False,
    ),
    # the bias step is -eta dC/db_j^L: descent by construction; its gradient is as in delta-bias
    (
        "bias-update",
        lambda: -eta * d(CL, bl[1]),
        lambda: -eta * (aL[1] - yl[1]) * DSIG.subs(x, zl[1]),
        True,
    ),
    ("mutant-da-dz-sigmoid-sign", lambda: DSIG, lambda: SIG * (1 + SIG), False),
    ("mutant-da-dz-sigmoid-activation", lambda: DSIG, lambda: DSIG * (1 - SIG), False),
]


# softmax-blogs.toml: C = 3 classes; p the softmax of a (or o); delta the Kronecker delta
av = sp.symbols("a1:4", real=True)
yv3 = sp.symbols(
    "t1:4", real=True
)  # a target, any real vector (the claims that need one-hot say so)
pv = [sp.exp(a) / sum(sp.exp(b) for b in av) for a in av]
Lce = -sum(t * sp.log(p) for t, p in zip(yv3, pv, strict=True))
kd = sp.KroneckerDelta
I_, J_ = 0, 1  # i = 1, j = 2 (and i = j = 1 where the claim's two indices meet)
ENTRIES += [
    ("Z-dl-dp-published-sign", lambda: d(yv3[0] * sp.log(x), x), lambda: -yv3[0] / x, False),
    (
        "Z-chain-rule",
        lambda: d(Lce, av[I_]),
        lambda: -sum(yv3[j] / pv[j] * d(pv[j], av[I_]) for j in range(3)),
        True,
    ),
    (
        "Z-softmax-jacobian",
        lambda: sp.Matrix([[d(pv[j], av[i]) for i in range(3)] for j in range(3)]),
        lambda: sp.Matrix([[pv[j] * (kd(i, j) - pv[i]) for i in range(3)] for j in range(3)]),
        True,
    ),
    (
        "Z-final-sum",
        lambda: d(Lce, av[I_]),
        lambda: sum(yv3[j] * (pv[I_] - kd(I_, j)) for j in range(3)),
        True,
    ),
    # one-hot y (class 2): the last link p_k - y_k needs sum_i y_i = 1
    (
        "S-cross-entropy",
        lambda: sp.Matrix([d(-sp.log(pv[1]), av[k]) for k in range(3)]),
        lambda: sp.Matrix([pv[k] - (1 if k == 1 else 0) for k in range(3)]),
        True,
    ),
    (
        "C-cross-entropy",
        lambda: d(Lce, av[I_]),
        lambda: pv[I_] * sum(yv3) - yv3[I_],
        True,
    ),
    (
        "mutant-Z-softmax-jacobian-sign",
        lambda: d(pv[J_], av[I_]),
        lambda: pv[J_] * (pv[I_] - kd(I_, J_)),
        False,
    ),
    (
        "mutant-Z-final-sum-index",
        lambda: d(Lce, av[I_]),
        lambda: sum(yv3[j] * (pv[j] - kd(I_, j)) for j in range(3)),
        False,
    ),
    (
        "mutant-Z-chain-rule-sign",
        lambda: d(Lce, av[I_]),
        lambda: sum(yv3[j] / pv[j] * d(pv[j], av[I_]) for j in range(3)),
        False,
    ),
]

# chinese-blogs.toml: g the logistic function; k an arbitrary function of two arguments
kf = sp.Function("k")
s_ = sp.Symbol("s", real=True)
G = sigmoid(z)
DG = d(G, z)
w1_, w2_, x1_, x2_, yb_ = sp.symbols("w1 w2 x1 x2 y_b", real=True)
zlin = w1_ * x1_ + w2_ * x2_ + b
yhat = sigmoid(zlin)
ENTRIES += [
    ("J-quotient-rule-step", lambda: DG, lambda: sp.exp(-z) / (1 + sp.exp(-z)) ** 2, True),
    (
        "J-add-subtract-one",
        lambda: DG,
        lambda: 1 / (1 + sp.exp(-z)) - 1 / (1 + sp.exp(-z)) ** 2,
        True,
    ),
    (
        "H-chain-case-1",
        lambda: d(f(g(x)), x),
        lambda: sp.Subs(d(f(u), u), u, g(x)).doit() * d(g(x), x),
        True,
    ),
    (
        "H-chain-case-2",
        lambda: d(kf(f(s_), g(s_)), s_),
        lambda: (
            sp.Subs(d(kf(u, y), u), (u, y), (f(s_), g(s_))).doit() * d(f(s_), s_)
            + sp.Subs(d(kf(x, u), u), (x, u), (f(s_), g(s_))).doit() * d(g(s_), s_)
        ),
        True,
    ),
    # with lg the base-10 logarithm the derivative carries 1/ln 10; the notes' last link has none
    (
        "W-logistic-chain-lg",
        lambda: d(-(yb_ * sp.log(yhat, 10) + (1 - yb_) * sp.log(1 - yhat, 10)), w1_),
        lambda: (yhat - yb_) * x1_,
        False,
    ),
    (
        "E-sigmoid-prime-of-expression",
        lambda: DG,
        lambda: -1 / (1 + sp.exp(-z)) ** 2 * d(1 + sp.exp(-z), z),
        True,
    ),
    ("E-sigmoid-result", lambda: DG, lambda: G * (1 - G), True),
    (
        "mutant-J-add-subtract-one-sign",
        lambda: DG,
        lambda: 1 / (1 + sp.exp(-z)) + 1 / (1 + sp.exp(-z)) ** 2,
        False,
    ),
    (
        "mutant-H-chain-case-1-term",
        lambda: d(f(g(x)), x),
        lambda: sp.Subs(d(f(u), u), u, g(x)).doit(),
        False,
    ),
    (
        "mutant-H-chain-case-2-term",
        lambda: d(kf(f(s_), g(s_)), s_),
        lambda: sp.Subs(d(kf(u, y), u), (u, y), (f(s_), g(s_))).doit() * d(f(s_), s_),
        False,
    ),
]


# parr-howard.toml, gradients of f(x,y) = 3x^2y and g(x,y) = 2x + y^8; the loss by w
fxy, gxy = 3 * x**2 * y, 2 * x + y**8
wv2 = sp.Matrix(2, 1, ws[:2])
xv2 = sp.Matrix(2, 1, xs[:2])
u_pos = (wv2.T * xv2)[0] + b  # u = max(0, w.x + b) on its positive side
ENTRIES += [
    (
        "gradient-f",
        lambda: sp.Matrix([[d(fxy, x), d(fxy, y)]]),
        lambda: sp.Matrix([[6 * y * x, 3 * x**2]]),
        True,
    ),
    (
        "gradient-g",
        lambda: sp.Matrix([[d(gxy, x), d(gxy, y)]]),
        lambda: sp.Matrix([[2, 8 * y**7]]),
        True,
    ),
    (
        "jacobian-f-g",
        lambda: sp.Matrix([[d(fxy, x), d(fxy, y)], [d(gxy, x), d(gxy, y)]]),
        lambda: sp.Matrix([[6 * y * x, 3 * x**2], [2, 8 * y**7]]),
        True,
    ),
    (
        "loss-by-w",
        lambda: grad((y - u_pos) ** 2, wv2),
        lambda: 2 * (y - u_pos) * grad(y - u_pos, wv2),
        True,
    ),
]

# math-qa.toml: f the logistic function
F = 1 / (1 + sp.exp(-x))
ENTRIES += [
    ("MSE-wikipedia-forms", lambda: F, lambda: sp.exp(x) / (1 + sp.exp(x)), True),
    (
        "MSE-question-published-slip",
        lambda: d(F, x),
        lambda: sp.exp(x) * (1 + sp.exp(x)) - sp.exp(x) * sp.exp(x) / (1 + sp.exp(x)) ** 2,
        False,
    ),
    (
        "MSE-quotient-rule",
        lambda: d(f(x) / g(x), x),
        lambda: (d(f(x), x) * g(x) - f(x) * d(g(x), x)) / g(x) ** 2,
        True,
    ),
    ("MSE-answer", lambda: F * (1 - F), lambda: d(F, x), True),
    ("MMA-derivative", lambda: d(F, x), lambda: F * (1 - F), True),
    ("mutant-MMA-derivative-sign", lambda: d(F, x), lambda: F * (1 + F), False),
    ("mutant-MSE-wikipedia-forms-sign", lambda: F, lambda: sp.exp(-x) / (1 + sp.exp(-x)), False),
]

# cs229-notes.toml, backprop notes: one hidden layer l, the next layer l+1, sigmoid g, squared loss
Wn = sp.Matrix(2, 3, sp.symbols("V0:6", real=True))  # W^{[l+1]}: 2 units after 3
zn = sp.Matrix(3, 1, sp.symbols("zl0:3", real=True))  # z^{[l]}
bn = sp.Matrix(2, 1, sp.symbols("c0:2", real=True))
yn = sp.Matrix(2, 1, sp.symbols("yy0:2", real=True))
an = zn.applyfunc(sigmoid)
out = (Wn * an + bn).applyfunc(sigmoid)  # the output layer
Lsq = sum((out[k] - yn[k]) ** 2 for k in range(2)) / 2
zo = Wn * an + bn
delta_out = sp.Matrix([(out[k] - yn[k]) * DSIG.subs(x, zo[k]) for k in range(2)])
Wo = sp.Matrix(1, 2, sp.symbols("U0:2", real=True))  # W^{[3]} of one output unit
ao = sp.Matrix(2, 1, sp.symbols("h0:2", real=True))
aout = sigmoid((Wo * ao)[0] + b)
ENTRIES += [
    ("bp-sigmoid-elementwise", lambda: DSIG, lambda: SIG * (1 - SIG), True),
    (
        "bp-delta-hidden",
        lambda: grad(Lsq, zn),
        lambda: (Wn.T * delta_out).multiply_elementwise(zn.applyfunc(lambda s: DSIG.subs(x, s))),
        True,
    ),
    (
        "bp-gradient-W",
        lambda: sp.Matrix(2, 3, lambda r, c: d(Lsq, Wn[r, c])),
        lambda: delta_out * an.T,
        True,
    ),
    (
        "dl-gradient-W3",
        lambda: sp.Matrix(
            [
                [d(-(k * sp.log(aout) + (1 - k) * sp.log(1 - aout)), Wo[0, c]) for c in range(2)]
                for k in (0, 1)
            ]
        ),
        lambda: sp.Matrix([[(aout - k) * ao[c] for c in range(2)] for k in (0, 1)]),
        True,
    ),
]

# hjorth-jensen-week39.toml: n = 3 samples, beta = (beta_0, beta_1), X with rows (1, x_i)
xi_ = sp.symbols("xo1:4", real=True)
yi_ = sp.Matrix(3, 1, sp.symbols("yo1:4", real=True))
Xd = sp.Matrix([[1, xx] for xx in xi_])
be = sp.Matrix(2, 1, sp.symbols("beta_0 beta_1", real=True))
Cols = ((Xd * be - yi_).T * (Xd * be - yi_))[0] / 3
lam_ = sp.Symbol("lambda", positive=True)
Cridge = Cols + lam_ * (be.T * be)[0]
Xl = sp.Matrix(3, 2, sp.symbols("Xl0:6", real=True))
pl = (Xl * be).applyfunc(sigmoid)
Clog = -sum(yi_[i] * sp.log(pl[i]) + (1 - yi_[i]) * sp.log(1 - pl[i]) for i in range(3))
cfun = sp.Function("c")
ENTRIES += [
    ("logistic-gradient-matrix", lambda: grad(Clog, be), lambda: -Xl.T * (yi_ - pl), True),
    (
        "ols-gradient",
        lambda: grad(Cols, be),
        lambda: sp.Rational(2, 3) * Xd.T * (Xd * be - yi_),
        True,
    ),
    (
        "ridge-gradient-published-factor",
        lambda: grad(Cridge, be),
        lambda: 2 * (Xd.T * (Xd * be - yi_) + lam_ * be),
        False,
    ),
    (
        "sgd-gradient-sum",
        lambda: d(sum(cfun(xx, be[0]) for xx in xi_), be[0]),
        lambda: sum(d(cfun(xx, be[0]), be[0]) for xx in xi_),
        True,
    ),
    (
        "mutant-ols-gradient-transpose",  # at n = 2 samples, where X (X beta - y) is defined
        lambda: grad(((Xd[:2, :] * be - yi_[:2, :]).T * (Xd[:2, :] * be - yi_[:2, :]))[0] / 2, be),
        lambda: Xd[:2, :] * (Xd[:2, :] * be - yi_[:2, :]),
        False,
    ),
    (
        "mutant-ols-gradient-factor",
        lambda: grad(Cols, be),
        lambda: sp.Rational(1, 3) * Xd.T * (Xd * be - yi_),
        False,
    ),
    # the ascent step adds +a dJ/dtheta_1; descent subtracts it
    ("mutant-linreg-update-ascent", lambda: -d(J_lin(), t1), lambda: d(J_lin(), t1), False),
]


# Last additions: multivariate updates (Ng), vector chain rules and the mean loss (DL book),
# the total-derivative form (Parr & Howard), the softmax response (CS229)
x0_, x1_, x2_ = sp.symbols("xm0:3", real=True)
thm = sp.symbols("thm0:3", real=True)
samples = [sp.symbols(f"s{k}_0:3", real=True) for k in range(3)]
ys_ = sp.symbols("ys0:3", real=True)
Jm = (
    sum(
        (sum(t * xx for t, xx in zip(thm, s, strict=True)) - c) ** 2
        for s, c in zip(samples, ys_, strict=True)
    )
    / 6
)
gv = [sp.Function(f"g{j}") for j in range(2)]
xm = sp.symbols("xv1:4", real=True)
ym = [g_(*xm) for g_ in gv]
ffun = sp.Function("F")
Lf = sp.Function("L")
uu = [sp.Function(f"u{i}")(x) for i in range(2)] + [x]
eta3 = sp.symbols("e1:4", real=True)
ENTRIES += [
    (
        "multivariate-update-theta0",
        lambda: -d(Jm, thm[0]),
        lambda: (
            -sum(
                (sum(t * xx for t, xx in zip(thm, s, strict=True)) - c) * s[0]
                for s, c in zip(samples, ys_, strict=True)
            )
            / 3
        ),
        True,
    ),
    (
        "multivariate-update-theta1",
        lambda: -d(Jm, thm[1]),
        lambda: (
            -sum(
                (sum(t * xx for t, xx in zip(thm, s, strict=True)) - c) * s[1]
                for s, c in zip(samples, ys_, strict=True)
            )
            / 3
        ),
        True,
    ),
    ("hessian-symmetry", lambda: d(ffun(x, y), x, y), lambda: d(ffun(x, y), y, x), True),
    (
        "chain-rule-vector",
        lambda: d(ffun(*ym), xm[0]),
        lambda: sum(
            sp.Subs(d(ffun(u, y), u), (u, y), tuple(ym)).doit() * d(ym[0], xm[0])
            if j == 0
            else sp.Subs(d(ffun(x, u), u), (x, u), tuple(ym)).doit() * d(ym[1], xm[0])
            for j in range(2)
        ),
        True,
    ),
    (
        "chain-rule-jacobian",
        lambda: sp.Matrix([d(ffun(*ym), xi) for xi in xm]),
        lambda: (
            sp.Matrix([[d(yj, xi) for xi in xm] for yj in ym]).T
            * sp.Matrix(
                [
                    sp.Subs(d(ffun(u, y), u), (u, y), tuple(ym)).doit(),
                    sp.Subs(d(ffun(x, u), u), (x, u), tuple(ym)).doit(),
                ]
            )
        ),
        True,
    ),
    (
        "gradient-of-mean-loss",
        lambda: d(sum(Lf(xx, t0) for xx in xs) / 3, t0),
        lambda: sum(d(Lf(xx, t0), t0) for xx in xs) / 3,
        True,
    ),
    (
        "total-derivative-final-form",
        lambda: d(ffun(*uu), x),
        lambda: sum(
            sp.Subs(d(ffun(*[u if k == i else v for k, v in enumerate(uu)]), u), u, uu[i]).doit()
            * d(uu[i], x)
            for i in range(3)
        ),
        True,
    ),
    (
        "softmax-response",
        lambda: sp.exp(eta3[0]) / sum(sp.exp(e) for e in eta3),
        lambda: sp.exp(eta3[0]) / sum(sp.exp(e) for e in eta3),
        True,
    ),
    (
        "mutant-chain-rule-vector-sum",
        lambda: d(ffun(*ym), xm[0]),
        lambda: sp.Subs(d(ffun(u, y), u), (u, y), tuple(ym)).doit() * d(ym[0], xm[0]),
        False,
    ),
]


def check() -> list[str]:
    """The ids whose re-derivation disagrees with the expectation."""
    bad = []
    for cid, derived, stated, agree in ENTRIES:
        diff = sp.simplify(derived() - stated())
        same = bool(diff.is_zero_matrix) if isinstance(diff, sp.MatrixBase) else diff == 0
        print(f"{'ok ' if same == agree else 'BAD'} {cid}: {'equal' if same else 'different'}")
        if same != agree:
            bad.append(cid)
    return bad


if __name__ == "__main__":
    sys.exit(1 if check() else 0)
