"""A name applied as a function: declared and defined functions applied to their arguments, known
activations and array functions, inverses, entries of a call's value (a name read as a value is
values.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy

from derive import functions
from derive.errors import LatexError
from derive.inverses import InverseOf
from derive.model import Domain, FunctionKind
from derive.notation import arrays
from derive.notation.macros import CONVENTIONAL_FUNCTIONS, RELATIONS, UPRIGHT_FUNCTIONS
from derive.notation.names import Family, family_of
from derive.notation.scripts import Atom
from derive.notation.tokens import Kind, level_end, matching
from derive.notation.values import ValueReader

FunctionMaker = Callable[..., sympy.Expr]
# the open interval of each domain an inverse function's argument may have
_INTERVALS = {
    Domain.UNIT: (sympy.Integer(0), sympy.Integer(1)),
    Domain.POSITIVE: (sympy.Integer(0), sympy.oo),
    Domain.REAL: (-sympy.oo, sympy.oo),
}

# activations written as words in a roman font, read without a declaration
WORD_ACTIVATIONS = {"ReLU": "relu", "relu": "relu", "sigmoid": "sigmoid"}


def function_indices(atom: Atom) -> list[sympy.Expr]:
    """The indices of an indexed function name, its first arguments: the sample index and the
    subscripts (`l^{(i)}(w, b)` is l(i, w, b), `p_1(x; \\beta)` is p(1, x, \\beta))."""
    return ([atom.sample] if atom.sample is not None else []) + list(atom.subs)


def fixed_arguments(atom: Atom, args: Sequence[sympy.Expr]) -> tuple[sympy.Expr, ...] | None:
    """The indices and arguments a function defined as `J(\\theta_0, \\theta_1) = ...` or
    `h_\\theta(x^{(i)}) = ...` must be applied to (see `definitions._parameters`), or None
    when any are allowed (plain names, `f_i(w_i)`)."""
    own = set(function_indices(atom))
    fixed = any(isinstance(a, sympy.Indexed) and not (own and set(a.indices) <= own) for a in args)
    return (*function_indices(atom), *args) if fixed else None


def _is_word(name: str) -> bool:
    """A name of several plain letters: written in a word font (\\operatorname{MSE}), since
    adjacent letters are separate names unless declared."""
    return len(name) > 1 and name.isascii() and name.isalpha()


class CallReader(ValueReader):
    """The part of the reader that applies a name as a function: declared, defined, known
    activations, array functions, inverses, and the errors for a call that is not read."""

    def function_of(self, atom: Atom) -> FunctionMaker | None:
        """The function a name stands for when it is applied, or None for a variable. An
        indexed function name `f_i(w_i)`, `f_c(x)`, `l^{(i)}(w, b)` (f declared "function" or
        defined in given as `f_i(w_i) = ...`) is one function of its indices and its arguments:
        f(i, w_i)."""
        spec = self.names.spec(atom.name)
        if atom.indexed:
            generic = (spec is not None and spec.function is FunctionKind.ARBITRARY) or (
                spec is None and atom.name in self.defined_functions
            )
            if not generic or atom.layer is not None:
                return None
            base, subs = sympy.Function(atom.name), tuple(function_indices(atom))
            return lambda *args: base(*subs, *args)
        if spec is not None and spec.function is not None:
            kind = spec.function
            if kind is FunctionKind.ARBITRARY:
                return sympy.Function(atom.name)  # type: ignore[no-any-return]
            if kind is FunctionKind.SOFTMAX:
                return arrays.Softmax
            return functions.KNOWN[kind.value]  # type: ignore[no-any-return]
        if atom.name in self.defined_functions:
            return sympy.Function(atom.name)  # type: ignore[no-any-return]
        if atom.name in arrays.ARRAY_FUNCTIONS:
            return arrays.ARRAY_FUNCTIONS[atom.name]
        if spec is None and atom.name in WORD_ACTIVATIONS:  # \mathrm{ReLU}(z)
            return functions.KNOWN[WORD_ACTIVATIONS[atom.name]]  # type: ignore[no-any-return]
        return None

    def _name(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        atom = self.atom(i, hi)
        j = atom.end
        func = self.function_of(atom)
        called = j < hi and self.tokens[j].is_char("(")
        if func is not None and not called and j < hi and self.tokens[j].is_char("^"):
            lo, gh, after = self._group(j + 1, hi)
            inverse = [t.text for t in self.tokens[lo:gh]] == ["-", "1"]
            if inverse and after < hi and self.tokens[after].is_char("("):
                close = matching(self.tokens, after, self.latex)
                value = self._inverse(atom, func, after, close)
                pieces.append(self._hold(value, i, close + 1, holds))
                return close + 1
            if after < hi and self.tokens[after].is_char("("):  # \zeta^{-1}(x), \sigma^2(z)
                raise self.error(
                    f"a superscript between the function {atom.name} and its argument: a power "
                    "of a function is not read (write (f(x))^2; f^{-1}(x) is the inverse)",
                    i,
                    after + 1,
                )
        if func is not None and called:
            close = matching(self.tokens, j, self.latex)
            args = self._spread(atom.name, self.call_arguments(j + 1, close), i, close + 1)
            fixed = self.fixed.get(atom.name)
            if fixed is not None and (atom.primes or fixed != (*function_indices(atom), *args)):
                raise self.error(  # J(\theta_0, \theta_1) = ...: see definitions._parameters
                    f"{atom.name} is defined in given for the arguments it is written with "
                    "there; applied to other ones it is not read (its value would have to "
                    "reach into the definitions its body uses, or the entries of an argument "
                    "written as x_0 of x)",
                    i,
                    close + 1,
                )
            value = self._apply(func, args, atom)
            end = close + 1
            if end < hi and self.tokens[end].is_char("_") and arrays.is_array(value):
                value, end = self._entry(value, end + 1, hi)
            pieces.append(self._hold(value, i, end, holds))
            return end
        applied = self.applied.get((atom.name, tuple(function_indices(atom))))
        if func is not None and atom.primes and not called and applied is not None:
            # \sigma_1' after a_1 = \sigma_1(z_1) in given: the derivative at z_1
            pieces.append(self._hold(self._apply(func, list(applied), atom), i, j, holds))
            return j
        if func is not None and not atom.indexed and self.arguments.get(atom.name):
            if atom.primes:
                raise self.error(f"a derivative needs its argument: {atom.name}'(x)", i, j)
            written = self._spread(atom.name, list(self.arguments[atom.name]), i, j)
            pieces.append(self._hold(func(*written), i, j, holds))
            if atom.power is not None:
                pieces.append("^{")
                self._emit(*atom.power, pieces, holds)
                pieces.append("}")
            return j
        if func is arrays.TraceOf and not called and not atom.primes and not atom.indexed:
            end = self._product_end(j, hi)  # tr AB: the trace of the product that follows
            if end > j:
                pieces.append(self._hold(func(self.expr(j, end)), i, end, holds))
                return end
        if func is not None and not atom.indexed:
            raise self.error(f"the function {atom.name} needs an argument in parentheses", i, j)
        if called and atom.primes:  # u'(x): a derivative of something not declared a function
            raise self.error(
                f"a prime on {atom.name}, which is not declared as a function "
                f'(add {atom.name.lstrip(chr(92))} = "function" to [symbols])',
                i,
                j,
            )
        if called and _is_word(atom.name) and self.names.spec(atom.name) is None:
            raise self.error(  # \operatorname{MSE}(w): never the product MSE w
                f"\\operatorname{{{atom.name}}}(...) is not a function derive knows "
                f"(softmax, diag, tr, ReLU, ...); declare it in [symbols] "
                f'(e.g. {atom.name} = "function") or define it in given',
                i,
                j + 1,
            )
        if func is None and atom.name in UPRIGHT_FUNCTIONS and self.names.spec(atom.name) is None:
            raise self.error(  # \operatorname{sech}^2 x: never the product sech^2 x
                f"\\operatorname{{{atom.name}}} is a function derive does not read; declare it "
                f'in [symbols] (e.g. {atom.name} = "function") or define it in given, with its '
                "argument in parentheses",
                i,
                j,
            )
        if (
            called
            and not atom.indexed
            and atom.name in self.defined_values
            and self.names_only(j + 1, matching(self.tokens, j, self.latex))
        ):
            close = matching(self.tokens, j, self.latex)
            raise self.error(  # J(\theta) after J = ... in given: never the product J theta
                f"{atom.name} is defined in given as a value, not as a function of "
                f"{self.latex[self.tokens[j + 1].start : self.tokens[close - 1].end]}: this would "
                f"read as a product; write {atom.name} alone, or define "
                f"{atom.name}(...) = ... in given",
                i,
                close + 1,
            )
        if (
            called
            and not atom.indexed
            and self.names.spec(atom.name) is None
            and atom.name not in CONVENTIONAL_FUNCTIONS
            and self.names_only(j + 1, matching(self.tokens, j, self.latex))
        ):
            close = matching(self.tokens, j, self.latex)
            raise self.error(  # J(\theta), J undeclared: a call or a product? never guessed
                f"{self.latex[self.tokens[i].start : self.tokens[close].end]}: {atom.name} is not "
                "declared or defined: a function of its variables, or a product? Declare it in "
                f'[symbols] ({atom.name.lstrip(chr(92))} = "function", or "real" for a '
                f"product), define it in given, or write the product with \\cdot",
                i,
                close + 1,
            )
        if called and atom.indexed and func is None and self._listed(j):
            close = matching(self.tokens, j, self.latex)
            bare = atom.name.lstrip(chr(92))
            raise self.error(  # c_i(x_i, \beta): a list of arguments, never a factor
                f"{self.latex[self.tokens[i].start : self.tokens[close].end]} applies {atom.name}"
                f", which is not declared or defined as a function: declare it in [symbols] "
                f'({bare} = "function") or define it in given',
                i,
                close + 1,
            )
        if called and atom.name in CONVENTIONAL_FUNCTIONS and not atom.indexed:
            raise self.error(
                f"{atom.name}(...) reads as a call of an undeclared function; declare it in "
                f'[symbols] (e.g. {atom.name.lstrip(chr(92))} = "function" or "sigmoid") '
                "or write a product with \\cdot",
                i,
                j + 1,
            )
        pieces.append(self._hold(self.value_of(atom), i, j, holds))
        if atom.power is not None:
            pieces.append("^{")
            self._emit(*atom.power, pieces, holds)
            pieces.append("}")
        return j

    def _product_end(self, lo: int, hi: int) -> int:
        """The end of the product starting at tokens[lo]: the next + or - between two factors,
        relation, comma or row break at its level, or the end of the group it stands in. The
        trace is linear, so a number in that product changes nothing (`tr A \\cdot c` = c tr A)."""

        def ends(k: int) -> bool:
            t = self.tokens[k]
            before = self.tokens[k - 1] if k > lo else None
            binary = before is not None and not before.is_char("+", "-", "^", "_", "(", "[", "{")
            if (t.is_char("+", "-") and binary) or t.is_char("+", ",", ";", "&", "=", "<", ">"):
                return True
            return t.kind is Kind.COMMAND and (t.text in RELATIONS or t.text == "\\\\")

        return level_end(self.tokens, lo, hi, ends)

    def _spread(self, name: str, args: list[sympy.Expr], lo: int, hi: int) -> list[sympy.Expr]:
        """The arguments of a call of `name`, an argument whose numbered entries the body uses
        (`h(x) = \\theta_0 x_0 + \\theta_1 x_1`) replaced by those entries of it: h(x^{(i)}) is
        h(x^{(i)}_0, x^{(i)}_1). Only a name or an entry of a family has such entries."""
        for at, numbers in reversed(self.spread.get(name, ())):
            if at >= len(args):
                raise self.error(f"{name} takes more arguments", lo, hi)
            a = args[at]
            if isinstance(a, sympy.Indexed) and a.is_commutative:
                fam, head = family_of(str(a.base.label)), tuple(a.indices)
            elif isinstance(a, sympy.Symbol) and a.is_commutative:
                fam, head = Family(a.name, False, False), ()
            else:
                raise self.error(
                    f"the definition of {name} uses numbered entries of this argument, which "
                    "is neither a name nor an entry of an indexed family",
                    lo,
                    hi,
                )
            entries = [self.names.indexed(fam, (*head, n)) for n in numbers]
            args = [*args[:at], *entries, *args[at + 1 :]]
        return args

    def _listed(self, j: int) -> bool:
        """Whether the parenthesis opened at tokens[j] holds a list (a comma or a semicolon at
        its top level), which only a function's arguments can be."""
        close = matching(self.tokens, j, self.latex)
        return any(
            self.tokens[k].is_char(",", ";") and self._depth0(j + 1, k) for k in range(j + 1, close)
        )

    def _inverse(self, atom: Atom, func: FunctionMaker, lo: int, close: int) -> sympy.Expr:
        """`\\sigma^{-1}(x)`: the inverse of a function of one argument that derive can make
        elementary (a known activation, or one `given` defines), at one name whose domain is an
        interval (derive/inverses.py solves for it once the function is elementary)."""
        spec = self.names.spec(atom.name)
        defined = self.arguments.get(atom.name)
        known = spec is not None and spec.function not in (None, FunctionKind.ARBITRARY)
        if not known and not (spec is None and defined is not None and len(defined) == 1):
            raise self.error(
                f"the inverse of {atom.name} is read only for a known function of one argument "
                "(sigmoid, tanh, exp, log) or one defined in given as f(x) = ...",
                atom.start,
                close + 1,
            )
        args = self.call_arguments(lo + 1, close)
        arg = args[0] if len(args) == 1 else None
        if not isinstance(arg, sympy.Symbol) or not arg.is_commutative:
            raise self.error(
                "the argument of an inverse function is read as one name (its domain says where "
                "the inverse must exist)",
                lo,
                close + 1,
            )
        bounds = _INTERVALS.get(self.names.domain(arg.name))
        if bounds is None:
            raise self.error(
                f"the domain of {arg.name} is no interval an inverse can be taken on", lo, close + 1
            )
        t = sympy.Dummy("t", real=True)
        return InverseOf(func(t), t, arg, *bounds)

    def _entry(self, value: sympy.Expr, i: int, hi: int) -> tuple[sympy.Expr, int]:
        """`\\operatorname{softmax}(z)_i`: an entry of the vector (or matrix) a call returns,
        its subscript starting at tokens[i]. One index for a vector, two for a matrix."""
        lo, gh, nxt = self._group(i, hi)
        indices = self._indices(lo, gh)
        if len(indices) > 2:
            raise self.error("an entry of a vector or matrix has one or two indices", lo, gh)
        return arrays.Entry(value, *indices), nxt

    def names_only(self, lo: int, hi: int) -> bool:
        """Whether tokens[lo:hi] are names separated by commas or semicolons (`\\theta`, `w, b`,
        `y;\\phi`), as a list of a function's variables is; `(1 - a)` or `(x + y)` is not."""
        expect_name = True
        k = lo
        while k < hi:
            if expect_name:
                try:
                    atom = self.atom(k, hi)
                except LatexError:
                    return False
                if atom.end <= k:
                    return False
                k, expect_name = atom.end, False
            elif self.tokens[k].is_char(",", ";"):
                k, expect_name = k + 1, True
            else:
                return False
        return lo < hi and not expect_name

    def call_arguments(self, lo: int, hi: int) -> list[sympy.Expr]:
        if lo >= hi:
            raise self.error("a function call with no argument", max(0, lo - 1), lo + 1)
        commas = [  # p(x; \beta): the parameters after a semicolon are arguments too
            k for k in range(lo, hi) if self.tokens[k].is_char(",", ";") and self._depth0(lo, k)
        ]
        out, a = [], lo
        for c in [*commas, hi]:
            out.append(self.expr(a, c))
            a = c + 1
        return out

    def _apply(self, func: FunctionMaker, args: list[sympy.Expr], atom: Atom) -> sympy.Expr:
        value = self._call(func, args, atom)
        spec = self.names.spec(atom.name)
        arbitrary = (
            spec is not None
            and spec.function is FunctionKind.ARBITRARY
            and atom.name not in self.elementwise
        )
        defined = spec is None or spec.function is None  # f(z) = ... in given: substituted
        if (
            any(arrays.is_array(a) for a in args)
            and not arbitrary
            and not defined
            and not isinstance(value, arrays.ArrayOp)
        ):
            return arrays.Apply(value)  # an activation of a vector: entry by entry
        return value

    def _call(self, func: FunctionMaker, args: list[sympy.Expr], atom: Atom) -> sympy.Expr:
        if atom.primes == 0:
            return func(*args)
        if len(args) != 1:
            raise self.error("a prime on a function of several arguments", atom.start, atom.end)
        t = sympy.Dummy("t", real=True)
        return sympy.Subs(sympy.Derivative(func(t), (t, atom.primes)), t, args[0])
