"""The printer: SymPy back to the author's notation, and parse(print(parse(x))) == parse(x)."""

from __future__ import annotations

import pytest
import sympy

from derive import functions
from derive.notation import arrays
from derive.notation.names import Family, Names
from derive.notation.printer import element_name, indexed_latex, subscript, to_latex
from derive.notation.reader import read_expression
from tests.notation.reading import make_specs

ML = {
    "sigma": "sigmoid",
    "y": "binary",
    "f": "function",
    "\\hat{y}": "unit, superscript-index",
    "OUT": "real",
    "g": "relu",
}
SPECS = make_specs(ML)


def parse(latex: str, names: Names) -> sympy.Expr:
    return read_expression(latex, names)


# -- printing in the author's notation -------------------------------------------------------------


@pytest.mark.parametrize(
    ("latex", "printed"),
    [
        pytest.param("w^{[l]}_{jk}", "w^{[l]}_{jk}", id="layer-weight"),
        pytest.param("x^{(i)}", "x^{(i)}", id="sample"),
        pytest.param("a^{[L](i)}", "a^{[L](i)}", id="layer-and-sample"),
        pytest.param("x^{(i)}_j", "x^{(i)}_{j}", id="sample-and-subscript"),
        pytest.param("a^{[l-1]}_k", "a^{[l - 1]}_{k}", id="layer-expression"),
        pytest.param("\\hat{y}", "\\hat{y}", id="hat"),
        pytest.param("\\hat{y}_j^k", "\\hat{y}_{j}^{k}", id="superscript-index"),
        pytest.param("\\hat{y}^{(i)}", "\\hat{y}^{i}", id="superscript-index-sample"),
        pytest.param("\\bar{x}", "\\bar{x}", id="bar"),
        pytest.param("\\mathcal{L}", "\\mathcal{L}", id="mathcal"),
        pytest.param("OUT_j", "OUT_{j}", id="multi-letter"),
        pytest.param("x_{j-1}", "x_{j - 1}", id="expression-subscript"),
        pytest.param("w_{12,3}", "w_{12,3}", id="long-index-commas"),
        pytest.param("\\sigma'(z)", "\\sigma'\\left(z\\right)", id="sigma-prime"),
        pytest.param("f''(x)", "f''\\left(x\\right)", id="f-double-prime"),
        pytest.param("\\sigma(z)", "\\sigma\\left(z\\right)", id="sigmoid"),
        pytest.param("g(x)", "g\\left(x\\right)", id="relu-declared-as-g"),
        pytest.param("f(x, y)", "f\\left(x, y\\right)", id="function-two-args"),
        pytest.param(
            "\\frac{\\partial L}{\\partial w_i}",
            "\\frac{\\partial L}{\\partial w_{i}}",
            id="partial",
        ),
        pytest.param(
            "\\frac{\\partial^2 L}{\\partial w^2}",
            "\\frac{\\partial^{2} L}{\\partial w^{2}}",
            id="second-partial",
        ),
        pytest.param(
            "\\frac{\\partial^2 L}{\\partial a \\partial b}",
            "\\frac{\\partial^{2} L}{\\partial a \\partial b}",
            id="mixed-partial",
        ),
        pytest.param(
            "\\frac{d}{dx}(x^2)",
            "\\frac{\\partial}{\\partial x}\\left(x^{2}\\right)",
            id="operator-on-expression",
        ),
        pytest.param("\\log x", "\\log\\left(x\\right)", id="natural-log"),
        pytest.param("x^2_j", "x_{j}^{2}", id="power-of-element"),
    ],
)
def test_prints_in_the_author_notation(latex: str, printed: str) -> None:
    names = Names(SPECS)
    assert to_latex(parse(latex, names), SPECS) == printed


def test_sigmoid_prints_under_its_declared_name() -> None:
    specs = make_specs({"s": "sigmoid"})
    z = sympy.Symbol("z", real=True)
    assert to_latex(functions.sigmoid(z), specs) == "s\\left(z\\right)"
    t = sympy.Dummy("t", real=True)
    prime = sympy.Subs(sympy.Derivative(functions.sigmoid(t), t), t, z)
    assert to_latex(prime, specs) == "s'\\left(z\\right)"


def test_undeclared_activations_print_with_default_names() -> None:
    z = sympy.Symbol("z", real=True)
    assert to_latex(functions.sigmoid(z), {}) == "\\sigma\\left(z\\right)"
    assert to_latex(functions.relu(z), {}) == "\\mathrm{relu}\\left(z\\right)"


def test_power_of_a_function_call_keeps_the_exponent() -> None:
    z = sympy.Symbol("z", real=True)
    assert to_latex(functions.sigmoid(z) ** 2, SPECS) == "\\sigma\\left(z\\right)^{2}"
    assert to_latex(sympy.Function("f")(z) ** 2, SPECS) == "f\\left(z\\right)^{2}"


def test_subs_that_is_not_a_prime_prints_as_sympy_does() -> None:
    x, a = sympy.symbols("x a", real=True)
    expr = sympy.Subs(sympy.Function("f")(x) + x, x, a)
    text = to_latex(expr, SPECS)
    assert "'" not in text
    assert "f\\left(x\\right)" in text
    assert text.startswith("\\left.")


def test_symbol_names_are_printed_verbatim() -> None:
    assert to_latex(sympy.Symbol("\\hat{x}") + sympy.Symbol("OUT"), SPECS) in {
        "OUT + \\hat{x}",
        "\\hat{x} + OUT",
    }


def test_no_internal_names_leak() -> None:
    names = Names(SPECS)
    expr = parse("w^{[l]}_{jk} + a^{[L](i)} + x^{(i)} + \\sigma'(z)", names)
    text = to_latex(expr, SPECS)
    for internal in ("w[]", "a[]()", "x()", "sigmoid", "Dummy", "_t", "Subs"):
        assert internal not in text


# -- helpers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indices", "text"),
    [
        pytest.param((sympy.Symbol("j"), sympy.Symbol("k")), "jk", id="letters"),
        pytest.param((sympy.Integer(12), sympy.Integer(3)), "12,3", id="long"),
        pytest.param((sympy.Symbol("j") - 1,), "j - 1", id="expression"),
    ],
)
def test_subscript(indices: tuple[sympy.Expr, ...], text: str) -> None:
    assert subscript(indices) == text


@pytest.mark.parametrize(
    ("label", "indices", "text"),
    [
        pytest.param("w[]", (2, 1, 3), "w^{[2]}_{1,3}", id="layer"),
        pytest.param("y()", (5,), "y^{(5)}", id="sample"),
        pytest.param("a[]()", (1, 2, 3), "a^{[1](2)}_{3}", id="both"),
        pytest.param("\\hat{y}()", (4, 1), "\\hat{y}_{1}^{4}", id="superscript-index"),
        pytest.param("x", (1,), "x_{1}", id="plain"),
    ],
)
def test_indexed_latex(label: str, indices: tuple[int, ...], text: str) -> None:
    assert indexed_latex(label, [sympy.Integer(i) for i in indices], SPECS) == text


@pytest.mark.parametrize(
    ("label", "indices", "text"),
    [
        pytest.param("x", (2, 1), "x_{2,1}", id="two-indices-separated"),
        pytest.param("x", (21,), "x_{21}", id="one-index"),
        pytest.param("w[]", (2, 1, 3), "w^{[2]}_{1,3}", id="layer"),
        pytest.param("\\hat{y}()", (4, 1, 2), "\\hat{y}_{1,2}^{4}", id="superscript-index"),
    ],
)
def test_element_names_are_unambiguous(label: str, indices: tuple[int, ...], text: str) -> None:
    assert element_name(label, [sympy.Integer(i) for i in indices], SPECS) == text


def test_element_symbols_of_the_name_table() -> None:
    names = Names(SPECS)
    item = names.indexed(Family("x", False, False), (sympy.Integer(2), sympy.Integer(1)))
    sym = names.element(item)
    assert sym.name == "x_{2,1}"
    assert sym.is_real
    assert names.origin(sym) == item
    assert names.element(item) is sym


# -- round trip ------------------------------------------------------------------------------------


ROUND_TRIP = [
    pytest.param("w^{[l]}_{jk}", id="layer-weight"),
    pytest.param("\\sum_{k=1}^{n} w^{[l]}_{jk} a^{[l-1]}_k + b^{[l]}_j", id="forward"),
    pytest.param("\\sigma(z)(1-\\sigma(z))", id="sigmoid-derivative"),
    pytest.param("\\delta^{[l]}_j \\sigma'(z^{[l]}_j)", id="delta"),
    pytest.param("\\hat{y}_j^k (1 - \\hat{y}_j^k)", id="superscript-index"),
    pytest.param("\\frac{1}{2}\\sum_{j=1}^{m}(t_j - OUT_j)^2", id="squared-error"),
    pytest.param("OUT_j(1-OUT_j)", id="multi-letter"),
    pytest.param("\\frac{\\partial L}{\\partial w^{[l]}_{jk}}", id="partial"),
    pytest.param("\\frac{\\partial^2 L}{\\partial w_1 \\partial w_2}", id="mixed-partial"),
    pytest.param("w - \\eta \\nabla_w L", id="gradient-step"),
    pytest.param("\\frac{d}{dx}\\left(x^2 + 1\\right)", id="operator"),
    pytest.param("\\frac{1}{1+e^{-z}}", id="logistic"),
    pytest.param("\\frac{e^{z_j}}{\\sum_{k=1}^{K} e^{z_k}}", id="softmax-by-hand"),
    pytest.param("f''(x) + f'(x) f(x)", id="primes"),
    pytest.param("g(x) + \\tanh(x)^2", id="relu-tanh"),
    pytest.param("\\sqrt{x^2 + y^2}", id="sqrt"),
    pytest.param("\\|w\\|^2 + |b|", id="norms"),
    pytest.param("a^{[L](i)} - y^{(i)}", id="layer-sample"),
    pytest.param("y \\log(x)", id="log-after"),
    pytest.param("x_{j-1} + w_{12,3}", id="subscripts"),
]


@pytest.mark.parametrize("latex", ROUND_TRIP)
def test_round_trip(latex: str) -> None:
    names = Names(SPECS)
    first = parse(latex, names)
    printed = to_latex(first, SPECS)
    again = parse(printed, names)
    assert again == first, f"{latex!r} -> {printed!r} -> {sympy.srepr(again)}"


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("-\\sum_{i=1}^{n} y_i \\log \\hat{y}_i", id="cross-entropy"),
        pytest.param("y^{(i)} \\log(\\hat{y}^{(i)})", id="per-sample"),
    ],
)
def test_round_trip_of_log_times_a_name(latex: str) -> None:
    names = Names(SPECS)
    first = parse(latex, names)
    assert parse(to_latex(first, SPECS), names) == first


def test_braced_log_argument_ends_at_the_brace() -> None:
    # SymPy's own printing of a call (\log{\left(x \right)}): the braces hold the whole argument
    names = Names(SPECS)
    expr = parse("\\log{\\left(x\\right)} z", names)
    assert expr == sympy.log(names.symbol("x")) * names.symbol("z")
    assert parse(sympy.latex(expr), names) == expr


@pytest.mark.parametrize(
    ("latex", "printed"),
    [
        ("(y^{(i)})^2", "{y^{(i)}}^{2}"),
        ("(w^{[2]}_{jk})^3", "{w^{[2]}_{jk}}^{3}"),
        ("x_j^2", "x_{j}^{2}"),  # no superscript on the name: nothing to group
    ],
)
def test_power_of_a_name_with_a_superscript_is_braced(latex: str, printed: str) -> None:
    # y^{(i)}^{2} would be a double superscript, which TeX rejects (and the reader too)
    names = Names(SPECS)
    expr = parse(latex, names)
    assert to_latex(expr, SPECS) == printed
    assert parse(printed, names) == expr


def test_two_digit_subscript_of_a_layered_name_is_row_and_column() -> None:
    # the source (001) writes w^{[2]}_{12} for row 1, column 2; on a layered name the two
    # digits are two indices, and the printed form reads back the same
    names = Names(SPECS)
    expr = parse("w^{[2]}_{12}", names)
    assert expr.indices[1:] == (1, 2)  # type: ignore[attr-defined]
    assert parse(to_latex(expr, SPECS), names) == expr


@pytest.mark.parametrize("latex", ["w_{1,2}"])
def test_round_trip_of_two_digit_indices(latex: str) -> None:
    names = Names(SPECS)
    first = parse(latex, names)
    assert parse(to_latex(first, SPECS), names) == first


def test_round_trip_of_a_sum_without_limits() -> None:
    names = Names(SPECS)
    first = parse("\\sum_i x_i", names)
    printed = to_latex(first, SPECS)
    assert "#" not in printed
    assert parse(printed, names) == first


def test_round_trip_of_a_set_indexed_sum() -> None:
    names = Names(SPECS)
    first = parse("\\sum_{\\hat{x}_i\\in M} \\hat{x}_i", names)
    assert parse(to_latex(first, SPECS), names) == first


@pytest.mark.parametrize(
    "latex",
    [
        "\\begin{bmatrix} 2 x & y \\\\ 1 & w^{[1]}_{12} \\end{bmatrix}",
        "\\begin{bmatrix} a^{[L]}_1 \\\\ a^{[L]}_2 \\\\ \\vdots \\end{bmatrix}",
        "\\begin{cases} x & x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}",
    ],
    ids=["literal", "vdots-column", "piecewise"],
)
def test_literals_and_piecewise_survive_printing(latex: str) -> None:
    names = Names({})
    expr = read_expression(latex, names)
    printed = to_latex(expr, {})
    again = read_expression(printed, names)
    if isinstance(expr, sympy.Piecewise):
        x = names.symbol("x")
        assert [again.subs(x, v) for v in (-1, 2)] == [expr.subs(x, v) for v in (-1, 2)]
    elif isinstance(expr, arrays.Stack):  # its running index is a fresh Dummy each time
        assert str(again) == str(expr), printed
    else:
        assert again == expr, printed
