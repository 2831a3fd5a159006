"""Notation as published notes write it (issue 13), continued: functions defined with indexed
arguments, function words (`\\lg`, max and min, softmax, ReLU), indexed and parametrised function
names, the Kronecker delta, sum limits, pasted minus signs, and `\\otimes`. Each test
asserts the structure that was read, not only that it reads (the rest: test_published.py,
test_published_arrays.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sympy

from derive.errors import LatexError
from derive.notation import arrays
from derive.notation.names import Family
from derive.notation.statements import Notation
from tests.notation.reading import assert_read_error, exprs
from tests.notation.reading import make_specs as specs
from tests.notation.reading import read_statement as read

# -- functions defined with indexed arguments ----------------------------------------------------------

ENTRY_ARGUMENTS = ["F(w_1, w_2) = w_1^2 w_2 + w_3", "{q_\\phi}(s^{(k)}) = \\phi s^{(k)}"]


@pytest.mark.parametrize(
    ("latex", "value"),
    [
        # the call with the arguments the definition writes is the function of its entries
        ("\\frac{\\partial}{\\partial w_1} F(w_1, w_2)", lambda w, phi, s, k: 2 * w[1] * w[2]),
        ("\\frac{\\partial F}{\\partial w_2}", lambda w, phi, s, k: w[1] ** 2),  # F bare
        (
            "\\sum_{k=1}^{3} q_\\phi(s^{(k)})",
            lambda w, phi, s, k: phi * sum(s[j] for j in (1, 2, 3)),
        ),
    ],
)
def test_function_defined_with_entry_arguments(
    latex: str, value: Callable[..., sympy.Expr]
) -> None:
    notation = Notation(specs({}), ENTRY_ARGUMENTS)
    defs = [notation.definition(g) for g in ENTRY_ARGUMENTS]
    assert [d.arguments[-1] for d in defs] == [
        notation.names.indexed(Family("w", False, False), (2,)),
        notation.names.indexed(Family("s", False, True), (notation.names.symbol("k"),)),
    ]
    st = notation.statement(f"{latex} = 0")
    lam = {str(d.target): sympy.Lambda(d.params, d.value) for d in defs}
    got = st.sides[0].expr.replace(
        lambda x: str(getattr(x, "func", "")) in lam, lambda x: lam[str(x.func)](*x.args)
    )
    got = got.doit()
    w = sympy.IndexedBase(notation.names.indexed(Family("w", False, False), (1,)).base.label)
    s = sympy.IndexedBase(notation.names.indexed(Family("s", False, True), (1,)).base.label)
    phi, k = notation.names.symbol("\\phi"), notation.names.symbol("k")
    assert sympy.simplify(got - value(w, phi, s, k)) == 0


@pytest.mark.parametrize(
    ("latex", "fragment", "words"),
    [
        ("F(w_2, w_1) = 0", "F(w_2, w_1)", "for the arguments it is written with"),
        ("F(w_1, w_3) = 0", "F(w_1, w_3)", "for the arguments it is written with"),
        ("q_\\phi(s^{(j)}) = 0", "q_\\phi(s^{(j)})", "for the arguments it is written with"),
    ],
)
def test_function_of_entries_applied_to_other_arguments_is_an_error(
    latex: str, fragment: str, words: str
) -> None:
    # its value there would have to reach into every definition its body uses
    with pytest.raises(LatexError) as info:
        Notation(specs({}), ENTRY_ARGUMENTS).statement(latex)
    assert words in info.value.message and info.value.fragment == fragment


def test_indexed_name_applied_to_a_list_needs_a_declaration() -> None:
    with pytest.raises(LatexError) as info:
        read("r = \\sum_{j=1}^{n} e_j(u_j, v)")
    assert 'e = "function"' in info.value.message and info.value.fragment == "e_j(u_j, v)"
    st, no = read("r = e_j(u_j, v)", {"e": "function"})  # declared: the call, e(j, u_j, v)
    j, v = no.names.symbol("j"), no.names.symbol("v")
    u_j = no.names.indexed(Family("u", False, False), (j,))
    assert exprs(st)[1] == sympy.Function("e")(j, u_j, v)


def test_lg_is_the_base_10_logarithm() -> None:
    st, no = read("r = \\lg{u} + \\lg 100")
    u = no.names.symbol("u")
    assert sympy.simplify(exprs(st)[1] - (sympy.log(u) / sympy.log(10) + 2)) == 0


def test_two_digit_subscript_of_a_declared_matrix_is_row_and_column() -> None:
    st, _ = read("a = A_{12} + A_{21}", {"A": "matrix(2, 2)"})
    assert exprs(st)[1] == exprs(read("a = A_{1,2} + A_{2,1}", {"A": "matrix(2, 2)"})[0])[1]


def test_an_operator_set_in_text_is_the_operator() -> None:
    st, no = read("y = 1\\text{+}x")  # Ng's notes (fengdu78) write 1\text{+}e^{...}
    assert exprs(st)[1] == 1 + no.names.symbol("x")  # never dropped as an annotation


def test_kronecker_delta() -> None:
    st, _ = read("a = \\delta_{ij} + \\delta_j")
    value = exprs(st)[1]
    assert any(isinstance(x, sympy.KroneckerDelta) for x in sympy.preorder_traversal(value))
    assert not isinstance(value, sympy.KroneckerDelta)  # \delta_j (one index) stays a name


def test_max_and_min_of_several_arguments() -> None:
    st, no = read("a = \\max(0, z) + \\min(x, y, z)")
    s = no.names.symbol
    assert exprs(st)[1] == sympy.Max(0, s("z")) + sympy.Min(s("x"), s("y"), s("z"))


def test_sum_limit_subscripted_by_its_own_index_is_a_label() -> None:
    st, _ = read("E = \\sum_{o=1}^{N_{o}} t_o")
    total = exprs(st)[1]
    assert isinstance(total, sympy.Sum)
    (_, _, upper) = total.limits[0]
    assert isinstance(upper, sympy.Symbol) and upper.name == "N_{o}"


def test_sum_to_n_without_a_lower_limit() -> None:
    st, no = read("y = \\sum_i^n w_i x_i")
    total = exprs(st)[1]
    assert isinstance(total, sympy.Sum)
    assert total.limits[0][1:] == (1, no.names.symbol("n"))


def test_pasted_minus_signs_are_minus() -> None:
    st, no = read("a = b \u2013 c \u2212 d")
    s = no.names.symbol
    assert exprs(st)[1] == s("b") - s("c") - s("d")


def test_a_defined_function_written_bare_is_applied_to_its_arguments() -> None:
    st, no = read("\\frac{\\partial f}{\\partial x} = 1", given=["f(x,y) = 3x^2y"])
    s = no.names.symbol
    (lhs, _) = exprs(st)
    assert isinstance(lhs, sympy.Derivative)
    assert str(lhs.expr.func) == "f" and lhs.expr.args == (s("x"), s("y"))


def test_a_declared_function_written_bare_is_still_an_error() -> None:
    with pytest.raises(LatexError, match="needs an argument"):
        read("\\frac{\\partial f}{\\partial x} = 1", {"f": "function"})


# -- functions written as words, indexed and parametrised function names ---------------------------


def test_operatorname_softmax_and_diag_are_array_functions() -> None:
    st, n = read("\\operatorname{softmax}(o) = \\mathrm{diag}(o) o", {"o": "vector(n)"})
    lhs, rhs = exprs(st)
    o = n.names.array(Family("o", False, False), ())
    assert lhs == arrays.Softmax(o)  # never the product softmax * o
    assert rhs == arrays.Diag(o) * o


def test_declared_softmax_name_is_the_softmax() -> None:
    st, n = read("S(o) = S(o)", {"S": "softmax", "o": "vector(n)"})
    assert exprs(st)[0] == arrays.Softmax(n.names.array(Family("o", False, False), ()))


@pytest.mark.parametrize("word", ["ReLU", "relu"])
def test_relu_word_is_the_activation(word: str) -> None:
    from derive.functions import relu

    st, n = read(f"\\mathrm{{{word}}}(z) = z")
    assert exprs(st)[0] == relu(n.names.symbol("z"))


def test_unknown_word_call_is_an_error_with_a_caret() -> None:
    with pytest.raises(LatexError, match=r"MSE.*is not a function derive knows") as info:
        read("\\operatorname{MSE}(w) = w")
    assert "^" in info.value.format_message()


def test_indexed_function_is_one_function_of_its_index_and_arguments() -> None:
    st, n = read("f_c(x) = f_{c}(x)", {"f": "function"})
    c, x = n.names.symbol("c"), n.names.symbol("x")
    lhs, rhs = exprs(st)
    assert lhs == rhs == sympy.Function("f")(c, x)  # never the product f_c * x


def test_indexed_function_defined_in_given() -> None:
    notation = Notation({}, ["f_i(w_i) = w_i^2"])
    d = notation.definition("f_i(w_i) = w_i^2")
    i = notation.names.symbol("i")
    assert d.target == sympy.Function("f") and d.params[0] == i
    (t,) = d.params[1:]
    assert d.value == t**2  # the entry w_i stands for the argument


def test_semicolon_separates_parameters() -> None:
    st, n = read("p_1(x;\\beta) = p(x, \\beta)", {"p": "function"})
    x, beta = n.names.symbol("x"), n.names.symbol("\\beta")
    lhs, rhs = exprs(st)
    assert lhs == sympy.Function("p")(1, x, beta) and rhs == sympy.Function("p")(x, beta)


def test_sample_indexed_function_takes_the_sample_first() -> None:
    st, n = read("l^{(i)}(w, b) = 1", {"l": "function"})
    i, w, b = (n.names.symbol(x) for x in "iwb")
    assert exprs(st)[0] == sympy.Function("l")(i, w, b)


# -- \otimes (Parr & Howard's element-wise product) ---------------------------------------------


def test_otimes_between_numbers_is_the_product() -> None:
    st, n = read("a \\otimes (b + c) = f_i(x) \\otimes -b", {"f": "function"})
    a, b, c, i, x = (n.names.symbol(s) for s in "abcix")
    lhs, rhs = exprs(st)
    assert lhs == a * (b + c) and rhs == -b * sympy.Function("f")(i, x)


@pytest.mark.parametrize(
    ("latex", "words"),
    [
        pytest.param("u \\otimes v", "between vectors or matrices is not read", id="vectors"),
        pytest.param("\\frac{a \\otimes b}{2}", "in parentheses", id="in-frac"),
    ],
)
def test_otimes_of_arrays_or_in_a_frac_is_an_error(latex: str, words: str) -> None:
    assert_read_error(latex, "\\otimes", words, {"u": "vector(n)", "v": "vector(n)"})
