"""The reader: every notation rule of ML LaTeX, the exact SymPy structure it produces, and bad
input reported as a LatexError with the offending fragment under a caret."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import sympy
from sympy.core.function import AppliedUndef

from derive import functions
from derive.errors import LatexError
from derive.notation import arrays
from derive.notation.names import family_of
from derive.notation.statements import Notation
from tests.notation.reading import (
    Build,
    assert_read_error,
    caret,
    check,
    fam,
    idx,
    make_specs,
    read,
)

# -- products ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("a \\odot b", id="odot"),
        pytest.param("a \\cdot b", id="cdot"),
        pytest.param("a \\times b", id="times"),
        pytest.param("a * b", id="star"),
        pytest.param("a \\ast b", id="ast"),
        pytest.param("a b", id="juxtaposed"),
    ],
)
def test_products_of_scalars(latex: str) -> None:
    check(latex, lambda n: n.symbol("a") * n.symbol("b"))


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        pytest.param("2(3)", 6, id="parentheses"),
        pytest.param("2(0.5)", 1, id="a-decimal"),
        pytest.param("2 \\frac{1}{2}", 1, id="a-fraction"),
        pytest.param("2 \\left(3\\right)", 6, id="left-right"),
        pytest.param("2 {3}", 6, id="braces"),
        pytest.param("-2(3)", -6, id="negative"),
        pytest.param("(2)(5)", 10, id="two-groups"),
        pytest.param("x 2 (3)", None, id="after-a-name"),
    ],
)
def test_a_whole_number_before_a_number_is_a_product(latex: str, value: int | None) -> None:
    # latex2sympy2_extended read them as mixed fractions whatever its setting: 2(3) was 5, and
    # `2(0.5) = 0.5 + 0.5` was refuted (bench/fuzz.py --seed 34)
    expr, n = read(latex)
    want = 6 * n.symbol("x") if value is None else sympy.Integer(value)
    assert sympy.simplify(expr - want) == 0, expr


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        pytest.param("\\pi(2)", 2 * sympy.pi, id="pi-before-a-number"),
        pytest.param("\\pi^2(2)", 2 * sympy.pi**2, id="pi-squared"),
        pytest.param("\\pi \\left(3\\right)", 3 * sympy.pi, id="left-right"),
    ],
)
def test_pi_before_parentheses_is_a_product(latex: str, value: sympy.Expr) -> None:
    # the parser read \pi(2) as an undefined function pi applied to 2 (an internal error in
    # constants.py, and `\pi(2) = 2\pi` refuted once that was caught)
    expr, _n = read(latex)
    assert sympy.simplify(expr - value) == 0, expr


def test_odot_between_arrays_is_the_hadamard_product() -> None:
    expr, _n = read(
        "W x \\odot \\sigma'(z^{[1]})", {"W": "matrix(n, m)", "x": "vector(m)", "sigma": "sigmoid"}
    )
    assert isinstance(expr, arrays.Hadamard)
    left, right = expr.args
    assert left == sympy.Symbol("W", commutative=False) * sympy.Symbol("x", commutative=False)
    assert isinstance(right, arrays.Apply)  # sigma' applied entry by entry


def test_a_transposed_hadamard_group_is_a_transpose() -> None:
    # the group (a \odot b) used to be held before ^T was seen, and T was read as an exponent
    expr, _n = read("(a \\odot b)^T c", {"a": "vector(3)", "b": "vector(3)", "c": "vector(3)"})
    first, last = expr.args
    assert isinstance(first, arrays.TransposeOf)
    assert isinstance(first.args[0], arrays.Hadamard)
    assert last == sympy.Symbol("c", commutative=False)


def test_cdot_still_multiplies_when_shapes_are_declared() -> None:
    check("a \\cdot b", lambda n: n.symbol("a") * n.symbol("b"), {"W": "matrix(n, m)"})


def test_undeclared_name_before_parentheses_is_a_product() -> None:
    expr = check("x(1-x)", lambda n: n.symbol("x") * (1 - n.symbol("x")))
    assert not expr.atoms(AppliedUndef)


def test_multiplication_binds_inside_a_sum() -> None:
    check("a + b \\cdot c", lambda n: n.symbol("a") + n.symbol("b") * n.symbol("c"))


# -- logarithms and exponentials -------------------------------------------------------------------


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("\\log x", id="log"),
        pytest.param("\\ln x", id="ln"),
        pytest.param("\\log(x)", id="log-parens"),
        pytest.param("\\log{x}", id="log-braces"),
        pytest.param("\\log\\left(x\\right)", id="log-left-right"),
    ],
)
def test_log_is_the_natural_logarithm(latex: str) -> None:
    expr = check(latex, lambda n: sympy.log(n.symbol("x")))
    x = next(iter(expr.free_symbols))
    assert expr.subs(x, sympy.E) == 1  # not base 10
    assert expr.subs(x, 10) != 1


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("\\log{x} y", lambda n: sympy.log(n.symbol("x")) * n.symbol("y"), id="log"),
        pytest.param("\\ln{x} y", lambda n: sympy.log(n.symbol("x")) * n.symbol("y"), id="ln"),
        pytest.param("\\sin{x} y", lambda n: sympy.sin(n.symbol("x")) * n.symbol("y"), id="sin"),
        pytest.param("\\exp{x} y", lambda n: sympy.exp(n.symbol("x")) * n.symbol("y"), id="exp"),
        pytest.param(
            "\\sin^2{x} y", lambda n: sympy.sin(n.symbol("x")) ** 2 * n.symbol("y"), id="sin-power"
        ),
        pytest.param(
            "\\log_2{x} y",
            lambda n: sympy.log(n.symbol("x")) / sympy.log(2) * n.symbol("y"),
            id="log-base",
        ),
        pytest.param(
            "\\log{\\frac{1}{x}} \\exp(-y)",
            lambda n: sympy.log(1 / n.symbol("x")) * sympy.exp(-n.symbol("y")),
            id="exponential-after",
        ),
        pytest.param(
            "\\log{x + y}", lambda n: sympy.log(n.symbol("x") + n.symbol("y")), id="sum-inside"
        ),
    ],
)
def test_braced_argument_is_the_whole_argument(latex: str, build: Build) -> None:
    # without braces the product after a function word is its argument (\log x y is log(xy))
    check(latex, build)


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        ("\\log{x}^2", "\\log{x}^"),
        ("\\log{\\left(x\\right)}^{2}", "\\log{\\left(x\\right)}^"),
        ("\\sin{x}_1", "\\sin{x}_"),
        ("\\exp{x}'", "\\exp{x}'"),
    ],
)
def test_script_after_a_braced_argument_is_an_error(latex: str, fragment: str) -> None:
    # \log{x}^2 shows log x², read log(x²); SymPy prints log(x)² so: never guessed
    assert_read_error(latex, fragment, "a script after the braced argument of")


def test_log_of_a_product_keeps_the_multiplier_outside_when_parenthesised() -> None:
    check("y \\log(x)", lambda n: n.symbol("y") * sympy.log(n.symbol("x")))


@pytest.mark.parametrize(
    "latex",
    ["\\log_{2} x", "\\log_2 x", "\\log_{2}(x)", "\\log_{2}{x}", "\\log_{2}\\left(x\\right)"],
)
def test_log_with_a_written_base_keeps_it(latex: str) -> None:
    expr = check(latex, lambda n: sympy.log(n.symbol("x")) / sympy.log(2))
    assert sympy.simplify(expr.subs(next(iter(expr.free_symbols)), 8)) == 3


@pytest.mark.parametrize("latex", ["\\log_{e} x", "\\log_e x", "\\log_{e}(x)"])
def test_log_with_base_e_is_the_natural_logarithm(latex: str) -> None:
    check(latex, lambda n: sympy.log(n.symbol("x")))


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("\\log_{b} x", "\\log_{b}", id="a-name"),
        pytest.param("\\log_1 x", "\\log_1", id="one"),
        pytest.param("\\log_{10 x} y", "\\log_{10 x}", id="not-one-number"),
        pytest.param("\\log_{2^3} x", "\\log_{2^3}", id="an-expression"),
    ],
)
def test_log_with_a_base_that_is_no_number_is_an_error(latex: str, fragment: str) -> None:
    assert_read_error(latex, fragment, "the base of a logarithm must be a number")


def test_log_with_base_e_when_e_is_a_declared_name_is_an_error() -> None:
    assert_read_error(
        "\\log_{e} x", "\\log_{e}", "the base of a logarithm must be a number", {"e": "real"}
    )


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("e^{x}", id="e-power"),
        pytest.param("e^x", id="e-power-unbraced"),
        pytest.param("\\exp(x)", id="exp-parens"),
        pytest.param("\\exp{x}", id="exp-braces"),
        pytest.param("\\mathrm{e}^{x}", id="mathrm-e"),
    ],
)
def test_exponential(latex: str) -> None:
    expr = check(latex, lambda n: sympy.exp(n.symbol("x")))
    assert isinstance(expr, sympy.exp)


def test_lone_e_is_euler_number() -> None:
    check("e x", lambda n: sympy.E * n.symbol("x"))


def test_declared_e_is_a_plain_name() -> None:
    expr = check("e^{x}", lambda n: n.symbol("e") ** n.symbol("x"), {"e": "real"})
    assert not isinstance(expr, sympy.exp)


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        pytest.param("x\u00b2", lambda n: n.symbol("x") ** 2, id="square"),
        pytest.param("{x^2}\u00b3", lambda n: n.symbol("x") ** 6, id="after-a-group"),
        pytest.param("x\u00b2\u00b3", lambda n: n.symbol("x") ** 23, id="run"),
        pytest.param("a\u207b\u00b9", lambda n: 1 / n.symbol("a"), id="inverse"),
        pytest.param("x\u2081 + x_2", lambda n: idx(n, "x", 1) + idx(n, "x", 2), id="subscript"),
        pytest.param("e^{x\u00b2}", lambda n: sympy.exp(n.symbol("x") ** 2), id="inside-a-power"),
    ],
)
def test_unicode_script_digits_are_scripts(latex: str, build: Build) -> None:
    check(latex, build)


# -- relations in an expression ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "fragment"),
    [
        pytest.param("a = b", "=", id="eq"),
        pytest.param("a \\le b", "\\le", id="le"),
        pytest.param("a \\approx b", "\\approx", id="approx"),
    ],
)
def test_read_expression_rejects_a_relation(latex: str, fragment: str) -> None:
    with pytest.raises(LatexError, match="found the relation") as info:
        read(latex)
    assert info.value.fragment == fragment
    assert caret(info.value) == (latex.index(fragment), len(fragment))


def test_exponent_of_a_matrix_power_is_read_not_left_as_a_placeholder() -> None:
    expr, n = read("A^{y_1}", {"A": "matrix(n, n)"})
    assert expr == arrays.Power(n.array(fam("A"), ()), idx(n, "y", 1))
    assert not any(str(s).startswith("\\mathit") for s in expr.free_symbols)


# -- bad input: fragment and caret -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "fragment", "column", "words"),
    [
        pytest.param("{a+b", "{", 0, "never closed", id="unclosed-brace"),
        pytest.param("a+b}", "}", 3, "closes nothing", id="extra-brace"),
        pytest.param("(a+b", "(", 0, "never closed", id="unclosed-paren"),
        pytest.param("\\frac{a}{b", "{", 8, "never closed", id="unclosed-frac"),
        pytest.param("a+b)", ")", 3, "closes nothing", id="trailing-paren"),
        pytest.param("\\sigma(z))", ")", 9, "closes nothing", id="trailing-paren-after-call"),
        pytest.param("(a}", "(a}", 0, "closed by", id="mismatched"),
        pytest.param("\\foo x", "\\foo", 0, "unknown macro \\foo", id="unknown-macro"),
        pytest.param("a + \\foo", "\\foo", 4, "unknown macro \\foo", id="unknown-macro-later"),
        pytest.param("a + \\cdots + b", "\\cdots", 4, "ellipsis", id="cdots"),
        pytest.param("x_1 + \\dots + y_n", "\\dots", 6, "ellipsis", id="dots"),
        pytest.param("x_1 \\cdot \\ldots", "\\ldots", 10, "ellipsis", id="ldots"),
        pytest.param("g'", "g'", 0, "prime on the function name g", id="prime-on-function-letter"),
        pytest.param("a + g'", "g'", 4, "prime on the function name g", id="prime-later"),
        pytest.param(
            "a + g^{\\prime}", "g^{\\prime}", 4, "prime on the function name g", id="prime-macro"
        ),
        pytest.param("a + g^{''}", "g^{''}", 4, "prime on the function name g", id="double-prime"),
        pytest.param("a + u'(x)", "u'", 4, "prime on u", id="prime-on-undeclared-call"),
        pytest.param("'", "'", 0, "prime on something", id="lone-prime"),
        pytest.param("a + ,", ",", 4, "comma", id="comma"),
        pytest.param("a ; b", ";", 2, "unexpected", id="semicolon"),
        pytest.param("a + \\top", "\\top", 4, "transpose on nothing", id="transpose-on-nothing"),
        pytest.param("a + @", "@", 4, "unexpected character", id="bad-character"),
        pytest.param("a +", "a +", 0, "cannot read", id="dangling-operator"),
        pytest.param("\\hat{}", "}", 5, "expected a name", id="empty-decoration"),
        pytest.param(".", ".", 0, "an empty expression", id="punctuation-only"),
    ],
)
def test_bad_input_is_a_latex_error_with_a_caret(
    latex: str, fragment: str, column: int, words: str
) -> None:
    with pytest.raises(LatexError) as info:
        read(latex)
    err = info.value
    assert words in err.message
    assert err.latex == latex
    assert err.fragment == fragment
    assert caret(err) == (column, len(fragment))
    assert str(err) == err.format_message()


def test_undeclared_function_error_tells_how_to_declare_it() -> None:
    with pytest.raises(LatexError) as info:
        read("1 + f(x)", {})
    text = info.value.format_message()
    assert text.splitlines() == [
        info.value.message,
        "    1 + f(x)",
        "        ^^",
    ]
    assert 'f = "function"' in info.value.message


def test_prime_error_tells_how_to_declare_the_function() -> None:
    with pytest.raises(LatexError) as info:
        read("u'(x)")
    assert 'add u = "function" to [symbols]' in info.value.message


def test_empty_expression_says_it_is_empty() -> None:
    # split_relations used to say "a relation has nothing on one side" with no relation written
    with pytest.raises(LatexError) as info:
        read("")
    assert info.value.message == "an empty expression: nothing to read"
    assert "relation" not in info.value.message


def test_empty_expression_is_a_latex_error() -> None:
    with pytest.raises(LatexError):
        read("  \\quad ")


def test_max_of_two_arguments() -> None:
    check("\\max(a, b)", lambda n: sympy.Max(n.symbol("a"), n.symbol("b")))


# -- never drop input ------------------------------------------------------------------------------


def written_names(expr: sympy.Basic, function_names: Mapping[type, str]) -> set[str]:
    """Every name that survives in a parsed expression, as the author wrote it."""
    out: set[str] = set()

    def walk(e: sympy.Basic) -> None:
        if isinstance(e, sympy.Indexed):
            out.add(family_of(str(e.base.label)).name)
            for i in e.indices:
                walk(i)
            return
        if isinstance(e, sympy.Dummy):
            return
        if isinstance(e, sympy.Symbol):
            name = e.name
            if name.startswith("|") and name.endswith("|"):
                name = name[1:-1]  # the size of a set-indexed sum
            out.add(name.lstrip("#"))
            return
        if isinstance(e, AppliedUndef):
            out.add(e.func.__name__)
        elif type(e) in function_names:
            out.add(function_names[type(e)])
        for a in e.args:
            walk(a)

    walk(expr)
    return out


DROP_TABLE = {"sigma": "sigmoid", "f": "function", "OUT": "real", "g": "relu"}
SIGMA_NAMES = {functions.sigmoid: "\\sigma", functions.relu: "g"}


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        pytest.param(
            "z^{[l]}_j = \\sum_{k=1}^{n} w^{[l]}_{jk} a^{[l-1]}_k + b^{[l]}_j",
            "z l j k n w a b",
            id="forward",
        ),
        pytest.param("\\sigma'(z) = \\sigma(z)(1-\\sigma(z))", "\\sigma z", id="sigmoid-prime"),
        pytest.param(
            "L = -\\frac{1}{m}\\sum_{i=1}^{m} y^{(i)}\\log \\hat{y}^{(i)} "
            "+ (1-y^{(i)})\\log(1-\\hat{y}^{(i)})",
            "L m i y \\hat{y}",
            id="cross-entropy",
        ),
        pytest.param(
            "\\frac{\\partial L}{\\partial w^{[l]}_{jk}} = \\delta^{[l]}_j a^{[l-1]}_k",
            "L w l j k \\delta a",
            id="weight-gradient",
        ),
        pytest.param(
            "\\delta^{[l]}_j = \\sum_{k=1}^{K} w^{[l+1]}_{kj}\\delta^{[l+1]}_k \\sigma'(z^{[l]}_j)",
            "\\delta l j k K w \\sigma z",
            id="backprop",
        ),
        pytest.param("w \\leftarrow w - \\eta \\nabla_w L", "w \\eta L", id="update"),
        pytest.param(
            "E = \\frac{1}{2}\\sum_{j=1}^{m}(t_j - OUT_j)^2", "E j m t OUT", id="squared-error"
        ),
        pytest.param(
            "\\hat{y} = \\sigma(\\mathbf{w}\\cdot\\mathbf{x} + b)",
            "\\hat{y} \\sigma w x b",
            id="neuron",
        ),
        pytest.param("\\| w \\|^2 \\le \\lambda", "w \\lambda", id="norm-bound"),
        pytest.param(
            "\\frac{\\partial^2 h}{\\partial x_1\\partial x_2} \\approx 0",
            "h x",
            id="mixed-partial",
        ),
        pytest.param(
            "\\mathcal{L} = \\sum_{\\hat{x}_i\\in M} (\\hat{x}_i - \\mu)^2",
            "\\mathcal{L} \\hat{x} i M \\mu",
            id="set-sum",
        ),
        pytest.param(
            "p_j = \\frac{e^{z_j}}{\\sum_{k=1}^{K} e^{z_k}}", "p j z k K", id="softmax-by-hand"
        ),
        pytest.param(
            "v_t = \\beta v_{t-1} + (1-\\beta)\\nabla_\\theta J",
            "v t \\beta \\theta J",
            id="momentum",
        ),
        pytest.param("f(x) \\approx f(a) + f'(a)(x-a)", "f x a", id="taylor"),
        pytest.param(
            "\\tilde{x} := \\frac{x - \\mu}{\\sqrt{s^2 + \\epsilon}}",
            "\\tilde{x} x \\mu s \\epsilon",
            id="normalise",
        ),
        pytest.param(
            "L = \\sum_{i=1}^{n} \\ell_i \\quad \\text{（总损失）}",
            "L i n \\ell",
            id="chinese-annotation",
        ),
        pytest.param("a = g(z) + g'(z)", "a g z", id="relu"),
        pytest.param(
            "\\frac{dL}{dw} = \\frac{dL}{dy}\\cdot\\frac{dy}{dw}", "L w y", id="chain-rule"
        ),
    ],
)
def test_every_written_name_survives(latex: str, expected: str) -> None:
    statement = Notation(make_specs(DROP_TABLE)).statement(latex)
    found: set[str] = set()
    for side in statement.sides:
        found |= written_names(side.expr, SIGMA_NAMES)
    assert set(expected.split()) <= found, set(expected.split()) - found


# -- constant arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "build"),
    [
        # latex2sympy2_extended returns a plain fraction of numbers as the Rational
        pytest.param("\\frac{1}{2}", lambda n: sympy.Rational(1, 2), id="half"),
        pytest.param("2 \\cdot 3", lambda n: sympy.Integer(6), id="product"),
        pytest.param("(1+1) x", lambda n: 2 * n.symbol("x"), id="factor-of-a-name"),
        pytest.param("x_{1+1}", lambda n: idx(n, "x", 2), id="index"),
        pytest.param("x_{2 \\cdot 1, 3-1}", lambda n: idx(n, "x", 2, 2), id="two-indices"),
        pytest.param("x^{1+1}", lambda n: n.symbol("x") ** 2, id="exponent"),
        pytest.param(
            "\\sum_{i=1}^{2+1} x_i",
            lambda n: sympy.Sum(idx(n, "x", "i"), (n.symbol("i"), 1, 3)),
            id="limit-of-a-sum",
        ),
        pytest.param("\\log(2 \\cdot 3)", lambda n: sympy.log(6), id="inside-a-function"),
        pytest.param("\\sqrt{4} x", lambda n: 2 * n.symbol("x"), id="root"),
    ],
)
def test_arithmetic_without_names_is_evaluated(latex: str, build: Build) -> None:
    expr = check(latex, build)
    left = [a for a in sympy.preorder_traversal(expr) if isinstance(a, sympy.Add) and a.is_number]
    assert left == []  # no unevaluated 1 + 1 anywhere in it


def test_an_index_written_as_arithmetic_is_the_same_element() -> None:
    # x_{1+1} and x_2 are one element: a derivative by one of the other is 1, not 0
    expr, _n = read("\\frac{\\partial}{\\partial x_2} x_{1+1}")
    assert expr.doit() == 1
    assert read("x_{1+1} - x_2")[0] == 0


@pytest.mark.parametrize(
    "latex", ["\\frac{1}{0}", "x + \\frac{0}{0}", "0^{-1}", "\\frac{x}{1 - 1}"]
)
def test_an_undefined_value_is_an_error(latex: str) -> None:
    assert_read_error(latex, latex, "a division by zero")


def test_a_power_too_large_to_compute_is_left_as_written() -> None:
    expr, _ = read("2^{2^{2^{20}}}")  # 2^{2^{20}} has a million bits: the whole is kept
    with sympy.evaluate(False):
        assert expr == sympy.Pow(2, sympy.Pow(2, sympy.Pow(2, 20)))
