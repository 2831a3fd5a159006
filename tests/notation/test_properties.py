"""Properties: random arithmetic reads as the same value SymPy computes; the tokenizer and the
reader fail only with derive's own errors on arbitrary input."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from derive.errors import DeriveError, LatexError
from derive.notation.names import Family, Names
from derive.notation.printer import to_latex
from derive.notation.reader import read_expression
from derive.notation.tokens import Kind, tokenize

SETTINGS = settings(deadline=None, max_examples=60, derandomize=True)


# -- random arithmetic ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One random expression: its LaTeX, how to build it in SymPy, whether it needs parentheses
    to be an operand."""

    latex: str
    build: Callable[[Names], sympy.Expr]
    compound: bool


def _name(latex: str, make: Callable[[Names], sympy.Expr]) -> Term:
    return Term(latex, make, False)


LEAVES = [
    _name("a", lambda n: n.symbol("a")),
    _name("b", lambda n: n.symbol("b")),
    _name("\\alpha", lambda n: n.symbol("\\alpha")),
    _name("\\hat{y}", lambda n: n.symbol("\\hat{y}")),
    _name("x_j", lambda n: n.indexed(Family("x", False, False), (n.symbol("j"),))),
    _name(
        "w^{[l]}_{jk}",
        lambda n: n.indexed(
            Family("w", True, False), (n.symbol("l"), n.symbol("j"), n.symbol("k"))
        ),
    ),
]
POINT = {
    "a": sympy.Rational(2, 3),
    "b": sympy.Rational(-5, 7),
    "\\alpha": sympy.Rational(3, 2),
    "\\hat{y}": sympy.Rational(1, 3),
    "x": sympy.Rational(5, 4),
    "w[]": sympy.Rational(-7, 3),
}
PARENS = [("(", ")"), ("\\left(", "\\right)"), ("\\bigl(", "\\bigr)"), ("{(", ")}")]
PRODUCTS = ["\\cdot", "\\times", "*", "\\odot"]


def numbers() -> st.SearchStrategy[Term]:
    return st.integers(min_value=1, max_value=9).map(
        lambda k: Term(str(k), lambda n, k=k: sympy.Integer(k), False)
    )


def operand(t: Term, paren: tuple[str, str]) -> str:
    return f"{paren[0]}{t.latex}{paren[1]}" if t.compound else t.latex


def extend(children: st.SearchStrategy[Term]) -> st.SearchStrategy[Term]:
    parens = st.sampled_from(PARENS)

    @st.composite
    def binary(draw: st.DrawFn) -> Term:
        left, right = draw(children), draw(children)
        kind = draw(st.sampled_from(["+", "-", "mul", "frac"]))
        p, q = draw(parens), draw(parens)
        if kind == "frac":
            # an \odot product directly in a \frac is an error by design: parenthesise it
            num, den = (f"({t.latex})" if "\\odot" in t.latex else t.latex for t in (left, right))
            return Term(
                f"\\frac{{{num}}}{{{den}}}",
                lambda n: left.build(n) / right.build(n),
                True,
            )
        if kind == "mul":
            op = draw(st.sampled_from(PRODUCTS))
            return Term(
                f"{operand(left, p)} {op} {operand(right, q)}",
                lambda n: left.build(n) * right.build(n),
                True,
            )
        if kind == "+":
            return Term(
                f"{operand(left, p)} + {operand(right, q)}",
                lambda n: left.build(n) + right.build(n),
                True,
            )
        return Term(
            f"{operand(left, p)} - {operand(right, q)}",
            lambda n: left.build(n) - right.build(n),
            True,
        )

    @st.composite
    def power(draw: st.DrawFn) -> Term:
        base = draw(children)
        k = draw(st.integers(min_value=-2, max_value=3))
        p = draw(parens)
        exponent = str(k) if 0 <= k <= 9 and draw(st.booleans()) else f"{{{k}}}"
        written = operand(base, p)
        if not base.compound and "^" in written:  # w^{[l]}^2 is a double superscript in TeX
            written = f"{{{written}}}"
        return Term(f"{written}^{exponent}", lambda n: base.build(n) ** k, True)

    @st.composite
    def negated(draw: st.DrawFn) -> Term:
        inner = draw(children)
        p = draw(parens)
        return Term(f"-{operand(inner, p)}", lambda n: -inner.build(n), True)

    @st.composite
    def grouped(draw: st.DrawFn) -> Term:
        inner = draw(children)
        p = draw(parens)
        return Term(f"{p[0]}{inner.latex}{p[1]}", inner.build, False)

    return binary() | power() | negated() | grouped()


ARITHMETIC = st.recursive(st.sampled_from(LEAVES) | numbers(), extend, max_leaves=8)
# Without number leaves: the reader leaves name-free arithmetic unevaluated (see test_reader.py::
# test_arithmetic_without_names_is_evaluated), and SymPy's LaTeX printer recurses forever on some
# unevaluated constants such as Pow(Pow(5, 0), -2).
NAMED_ARITHMETIC = st.recursive(st.sampled_from(LEAVES), extend, max_leaves=8)


def at_point(expr: sympy.Expr) -> sympy.Expr:
    """The exact value of an expression at POINT (every element of a family takes one value).
    The reader may return unevaluated arithmetic, so evaluate it fully."""
    values: dict[sympy.Basic, sympy.Expr] = {}
    for item in expr.atoms(sympy.Indexed):
        values[item] = POINT[str(item.base.label)]
    for sym in expr.free_symbols:
        if isinstance(sym, sympy.Symbol) and sym.name in POINT:
            values[sym] = POINT[sym.name]
    with sympy.evaluate(True):
        return sympy.sympify(expr.xreplace(values).doit())


@SETTINGS
@given(ARITHMETIC)
def test_arithmetic_reads_as_the_sympy_value(term: Term) -> None:
    names = Names({})
    built = term.build(names)
    expected = at_point(built)
    assume(expected.is_finite)
    parsed = read_expression(term.latex, names)
    assert at_point(parsed) == expected, f"{term.latex!r} read as {parsed}, built {built}"


@SETTINGS
@given(NAMED_ARITHMETIC)
def test_arithmetic_survives_printing(term: Term) -> None:
    names = Names({})
    assume(at_point(term.build(names)).is_finite)
    parsed = read_expression(term.latex, names)
    printed = to_latex(parsed, {})
    again = read_expression(printed, names)
    assert at_point(again) == at_point(parsed), f"{term.latex!r} -> {printed!r}"


def test_arithmetic_strategy_checks_something() -> None:
    """The comparison above can fail: a misread expression gives another value at POINT."""
    names = Names({})
    right = read_expression("a - (b - \\alpha)", names)
    wrong = read_expression("a - b - \\alpha", names)
    assert at_point(right) != at_point(wrong)
    assert at_point(right) == POINT["a"] - POINT["b"] + POINT["\\alpha"]


# -- the tokenizer on arbitrary text ---------------------------------------------------------------


@SETTINGS
@given(st.text())
def test_tokenizer_raises_only_latex_errors(text: str) -> None:
    try:
        tokens = tokenize(text)
    except LatexError as err:
        assert 0 <= err.start < err.end
        assert err.start <= len(text)
        return
    ends = 0
    for t in tokens:
        assert ends <= t.start < t.end <= len(text)
        ends = t.end
        if t.kind is Kind.CHAR and text[t.start] == "\u2032":
            assert t.text == "'"
        else:
            assert text[t.start : t.end] == t.text
    assert all(
        c.isspace() for i, c in enumerate(text) if not any(t.start <= i < t.end for t in tokens)
    )


@SETTINGS
@given(st.text(alphabet="ab+-(){}^_\\ 12xyz.'", max_size=30))
def test_tokens_cover_all_non_space_input(text: str) -> None:
    try:
        tokens = tokenize(text)
    except LatexError:
        return
    covered = "".join(text[t.start : t.end] for t in tokens)
    assert "".join(covered.split()) == "".join(text.split())  # `\\ ` is a command holding a space


# -- the reader on arbitrary LaTeX-ish input -------------------------------------------------------

FRAGMENTS = [
    "x",
    "y",
    "w",
    "L",
    "a",
    "b",
    "i",
    "j",
    "e",
    "d",
    "f",
    "T",
    "M",
    "1",
    "2",
    "0.5",
    "+",
    "-",
    "*",
    "/",
    "=",
    ",",
    "'",
    "|",
    ".",
    "!",
    ":",
    " ",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "^",
    "_",
    "^{2}",
    "_j",
    "_{jk}",
    "^{[l]}",
    "^{(i)}",
    "\\frac",
    "\\frac{d}{dx}",
    "\\frac{\\partial L}{\\partial w}",
    "\\partial",
    "\\nabla_a",
    "\\sum",
    "\\sum_{i=1}^{n}",
    "\\sum_{x_i \\in M}",
    "\\prod",
    "\\in",
    "\\sigma",
    "\\hat",
    "\\hat{y}",
    "\\bar{x}",
    "\\mathbf",
    "\\mathcal{L}",
    "\\mathrm{e}",
    "\\log",
    "\\ln",
    "\\exp",
    "\\sqrt",
    "\\max",
    "\\infty",
    "\\cdot",
    "\\times",
    "\\odot",
    "\\left(",
    "\\right)",
    "\\bigl(",
    "\\Bigr)",
    "\\|",
    "\\,",
    "\\quad",
    "\\text{note}",
    "\\text{其中}",
    "\\top",
    "\\cdots",
    "\\foo",
    "\\le",
    "\\approx",
    "\\leftarrow",
    ":=",
    "\\\\",
    "\\{",
]
# \nabla_a x^{b}_j crashes with a ValueError (see test_calculus.py::
# test_operand_with_symbolic_power_before_subscript_does_not_crash); keep that known bug out of
# the property so the property guards against new ones.
KNOWN_CRASH = re.compile(r"(\\nabla|\\frac\{d\}|\\frac\{\\partial)[^=]*\^.*_")

LATEXISH = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
)


@SETTINGS
@given(LATEXISH)
def test_reader_raises_only_derive_errors(latex: str) -> None:
    assume(not KNOWN_CRASH.search(latex))
    names = Names({})
    try:
        result = read_expression(latex, names)
    except LatexError as err:
        assert err.latex == latex
        assert 0 <= err.start < err.end
        assert err.format_message().splitlines()[1] == "    " + latex
        return
    except DeriveError:
        return
    assert isinstance(result, sympy.Expr)
    assert not any(s.name.startswith("\\mathit{p") for s in result.free_symbols)
