"""The stand-in functions for arbitrary ones (derive/checks/stand_ins.py): the bodies written in
for exact values and the NumPy implementations the numeric check calls are one function; a side
that must be a number and holds a matrix is an error."""

from __future__ import annotations

import pytest
import sympy

from derive.checks.numeric import Evaluator
from derive.checks.stand_ins import implement_functions, instantiate_functions, number_valued
from derive.checks.symbolic import exact_value
from derive.errors import UnsupportedError


def test_a_matrix_inside_a_number_valued_side_is_an_error_not_undecided() -> None:
    # a cost that came out as a vector used to fail at every point and read as "undecided"
    x = sympy.Symbol("x")
    assert number_valued(sympy.sin(x), "t") == sympy.sin(x)
    inside = sympy.Function("f")(sympy.ImmutableMatrix([[x], [2 * x]]))
    with pytest.raises(UnsupportedError, match="where a number is expected"):
        number_valued(inside, "t")


def test_stand_in_functions_written_in_and_called_agree() -> None:
    """A nested call of arbitrary functions: the bodies written in (exact confirmation) and the
    implementations called by the evaluator (numeric check) are one function."""
    x, y = sympy.symbols("x y", real=True)
    f, g = sympy.Function("f"), sympy.Function("g")
    expr = f(g(x), x * y) + g(f(x, g(y))) * f(x, x)
    written = instantiate_functions(expr, 7)
    assert not written.atoms(sympy.core.function.AppliedUndef)
    point = {x: sympy.Rational(3, 10), y: sympy.Rational(-7, 5)}
    exact = float(exact_value(written, point))
    called = Evaluator().real(implement_functions(expr, 7), {x: 0.3, y: -1.4})
    assert called == pytest.approx(exact, rel=1e-12)
