"""Derivatives as written: Leibniz fractions (`\\frac{\\partial L}{\\partial w}`,
`\\frac{d^2}{dx^2}`), the inline `\\partial E / \\partial w`, gradients and Hessians
(`\\nabla_x`, `\\nabla^2_x`), each applied to the operand it is written with, and a definite
integral `\\int_a^b f(y)\\,dy` (a prime on an expression is primes.py)."""

from __future__ import annotations

import sympy

from derive.notation import arrays
from derive.notation.calls import CallReader
from derive.notation.macros import NORM, PRODUCTS
from derive.notation.scripts import Atom
from derive.notation.tokens import Kind, matching, nesting


class CalculusReader(CallReader):
    """The part of the reader that reads derivative operators."""

    # -- derivatives -------------------------------------------------------------------------
    def _is_d(self, k: int, hi: int) -> bool:
        t = self.tokens[k] if k < hi else None
        return t is not None and t.kind is Kind.LETTER and t.text == "d"

    def _frac(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        nlo, nhi, after_num = self._group(i + 1, hi)
        dlo, dhi, after = self._group(after_num, hi)
        partial = nlo < nhi and self.tokens[nlo].is_command("\\partial")
        total = self._is_d(nlo, nhi) and self._is_d(dlo, dhi) and (dhi - dlo) >= 2
        if self._is_d(nlo, nhi) and dhi - dlo == 1 and self._is_d(dlo, dhi):
            raise self.error(  # \frac{dL}{d}: never the product d L / d = L
                "an incomplete Leibniz ratio: the d of the denominator names no variable "
                "(write \\frac{dL}{dx})",
                dlo,
                dhi,
            )
        if not (partial or total) and self._differential_below(nlo, nhi, dlo, dhi):
            raise self.error(  # \frac{d^2y}{(dx)^2}, \frac{dy}{2dx}: never (d y)/(2 d x)
                "a Leibniz ratio the reader cannot read: the denominator must start with d "
                "(write \\frac{dy}{dx}, \\frac{d^2y}{dx^2})",
                dlo,
                dhi,
            )
        if not (partial or total):
            pieces.append("\\frac{")
            self._emit(nlo, nhi, pieces, holds)
            pieces.append("}{")
            self._emit(dlo, dhi, pieces, holds)
            pieces.append("}")
            return after
        # numerator: \partial^n F  or  d^n F  or the operator alone
        k = nlo + 1
        order = 1
        if k < nhi and self.tokens[k].is_char("^"):
            olo, ohi, k = self._group(k + 1, nhi)
            order = self._integer(olo, ohi)
        if k < nhi:
            if self.tokens[k].is_char("{") and matching(self.tokens, k, self.latex) == nhi - 1:
                k, nhi = k + 1, nhi - 1  # \partial{(...)}, \partial{net_k}: the braces group
            operand = self.expr(k, nhi)
            end = after
        else:
            operand, end = self._nabla_operand(after, hi)
        variables = self._denominator(dlo, dhi, "\\partial" if partial else "d")
        pieces.append(
            self._hold(self._derivative(operand, variables, order, i, end), i, end, holds)
        )
        return end

    def _differential_below(self, nlo: int, nhi: int, dlo: int, dhi: int) -> bool:
        """Whether a fraction whose numerator starts with the letter d (no declared name) has a
        differential `d` before a name somewhere in its denominator: a Leibniz ratio written
        another way (`(dx)^2`, `2dx`), which as a quotient would cancel the d's."""
        if not self._is_d(nlo, nhi) or self.names.spec("d") is not None:
            return False
        return any(
            self._is_d(k, dhi) and self.starts_name(self.tokens[k + 1]) for k in range(dlo, dhi - 1)
        )

    def _derivative(
        self,
        operand: sympy.Expr,
        variables: list[tuple[sympy.Expr, int]],
        order: int,
        i: int,
        end: int,
    ) -> sympy.Expr:
        if sum(n for _, n in variables) != order:
            raise self.error(
                "the orders of the numerator and denominator of this derivative differ", i, end
            )
        if any(arrays.is_array(v) for v, _ in variables):
            if len(variables) != 1 or variables[0][1] != 1:
                raise self.error("a derivative by a vector or matrix must be of order 1", i, end)
            return arrays.Grad(operand, variables[0][0])
        return sympy.Derivative(operand, *variables, evaluate=False)

    def _partial(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        """`\\partial_w E` (as `\\nabla_w E`) and the inline `\\partial E / \\partial w`."""
        if i + 1 < hi and self.tokens[i + 1].is_char("_"):
            return self._nabla(i, hi, pieces, holds)
        outside = "\\partial outside a derivative \\frac{\\partial ...}{\\partial ...}"
        k, order = i + 1, 1
        if k < hi and self.tokens[k].is_char("^"):
            olo, ohi, k = self._group(k + 1, hi)
            order = self._integer(olo, ohi)
        if k >= hi or not self.starts_name(self.tokens[k]):
            raise self.error(outside, i)
        end = self._operand_end(k, hi)
        if not (end < hi and self.tokens[end].is_char("/")):
            raise self.error(outside, i)
        return self._inline_derivative(i, k, end, order, hi, pieces, holds)

    def _operand_end(self, k: int, hi: int) -> int:
        """The end of the operand of an inline derivative starting at tokens[k]: a name with
        its scripts and call (`E`, `\\hat{y}_j^k`, `f(x)`), or a group with its power
        (`(H-y)^2`)."""
        if self.tokens[k].is_char("("):
            end = matching(self.tokens, k, self.latex) + 1
            if end < hi and self.tokens[end].is_char("^"):
                end = self._group(end + 1, hi)[2]
            return end
        end = self.atom(k, hi).end
        if end < hi and self.tokens[end].is_char("("):
            end = matching(self.tokens, end, self.latex) + 1
        return end

    def _is_inline_d(self, i: int, hi: int) -> bool:
        """Whether tokens[i] opens an inline Leibniz derivative `dL/dw`, `d(H-y)^2/dH`,
        `d^2y/dx^2`: the letter d, an operand, a slash, and d with a name after it."""
        if not self._is_d(i, hi):
            return False
        if (
            i + 2 < hi
            and self.tokens[i + 1].is_char("/")
            and self._is_d(i + 2, hi)
            and self.names.spec("d") is None
            and self.atom(i + 2, hi).name == "d"
            and not (i + 3 < hi and self.starts_name(self.tokens[i + 3]))
        ):
            raise self.error(  # d/d: never the quotient 1 of an undeclared d
                "an incomplete Leibniz ratio: d/d names no function and no variable "
                "(write dL/dx, or declare d)",
                i,
                i + 3,
            )
        k = i + 1
        if k < hi and self.tokens[k].is_char("^"):
            k = self._group(k + 1, hi)[2]
        if k >= hi or not (self.starts_name(self.tokens[k]) or self.tokens[k].is_char("(")):
            return False
        end = self._operand_end(k, hi)
        if not (
            end + 1 < hi
            and self.tokens[end].is_char("/")
            and self._is_d(end + 1, hi)
            and self.atom(i, hi).name == "d"  # no declared name such as `dw`
        ):
            return False
        if end + 2 < hi and self.starts_name(self.tokens[end + 2]):
            return True
        raise self.error(  # dL/d: never the product d L / d = L
            "an incomplete Leibniz ratio: the d of the denominator names no variable (write dL/dx)",
            i,
            end + 2,
        )

    def _inline_d(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        """`dL/dw`: the derivative, as `\\frac{dL}{dw}` (see _is_inline_d)."""
        k, order = i + 1, 1
        if self.tokens[k].is_char("^"):
            olo, ohi, k = self._group(k + 1, hi)
            order = self._integer(olo, ohi)
        return self._inline_derivative(i, k, self._operand_end(k, hi), order, hi, pieces, holds)

    def _opens_ratio(self, m: int, hi: int) -> bool:
        """Whether the marker at tokens[m] opens an inline ratio (`dy/dx`, `\\partial E/...`)."""
        if not (m + 1 < hi and self.starts_name(self.tokens[m + 1])):
            return False
        end = self._operand_end(m + 1, hi)
        return end < hi and self.tokens[end].is_char("/")

    def _inline_derivative(
        self,
        i: int,
        k: int,
        end: int,
        order: int,
        hi: int,
        pieces: list[str],
        holds: dict[str, tuple[sympy.Expr, int, int]],
    ) -> int:
        """The derivative of tokens[k:end] written inline from tokens[i], the slash at end."""
        marker = self.tokens[i].text
        operand = self.expr(k, end)
        d = m = end + 1
        while m + 1 < hi and self.tokens[m].text == marker and self.tokens[m].kind is not Kind.CHAR:
            if m > d and self._opens_ratio(m, hi):
                break  # dz/dy dy/dx: the next ratio of a chain, not a second variable
            m = self.atom(m + 1, hi).end
            if m < hi and self.tokens[m].is_char("^"):
                m = self._group(m + 1, hi)[2]
        if m == d:
            raise self.error(f"expected {marker} in the denominator of a derivative", end, end + 1)
        variables = self._denominator(d, m, marker)
        pieces.append(self._hold(self._derivative(operand, variables, order, i, m), i, m, holds))
        return m

    # -- a definite integral: \int_a^b f(y)\,dy --------------------------------------------------
    def _integral(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        """`\\int_{a}^{b} f(y) dy`: both limits written, the integrand up to the first `d` and
        a name at its own depth (the differential), the variable one plain name that the limits
        do not use. Integrated once f is written out (derive/integrals.py)."""
        k = i + 1
        limits: dict[str, tuple[int, int]] = {}
        while k < hi and self.tokens[k].is_char("_", "^") and self.tokens[k].text not in limits:
            lo, gh, nxt = self._group(k + 1, hi)
            limits[self.tokens[k].text] = (lo, gh)
            k = nxt
        if set(limits) != {"_", "^"}:
            raise self.error("an integral is read with both limits: \\int_{a}^{b} f(y)\\,dy", i, k)
        depth, d = 0, -1
        for m in range(k, hi):
            t = self.tokens[m]
            depth += nesting(t)
            differential = depth == 0 and t.kind is Kind.LETTER and t.text == "d"
            if differential and m + 1 < hi and self.starts_name(self.tokens[m + 1]):
                d = m
                break
        if d < 0 or self.names.spec("d") is not None:
            raise self.error("an integral needs its differential: \\int_{a}^{b} f(y)\\,dy", i, hi)
        if d == k:
            raise self.error("an integral with nothing to integrate", i, d + 1)
        atom = self._variable_atom(d + 1, hi)
        if atom.indexed:
            raise self.error("the variable of an integral is one plain name", d + 1, atom.end)
        if atom.power is not None or (atom.end < hi and self.tokens[atom.end].is_char("^")):
            raise self.error(  # dx^2: never the square of the integral
                "a power on the differential of an integral (dx^2) is not read", d, atom.end + 1
            )
        var = self.names.symbol(atom.name)
        lower, upper = self.expr(*limits["_"]), self.expr(*limits["^"])
        if var in lower.free_symbols | upper.free_symbols:
            raise self.error("the variable of an integral is in its limits", i, atom.end)
        end = atom.end
        if end + 1 < hi and self._is_d(end, hi) and self.starts_name(self.tokens[end + 1]):
            raise self.error("a second differential: one integral is read at a time", end, end + 2)
        value = sympy.Integral(self.expr(k, d), (var, lower, upper))
        pieces.append(self._hold(value, i, end, holds))
        return end

    def _integer(self, lo: int, hi: int, *, variable: bool = False) -> int:
        """The order of a derivative (`variable`: written on its variable, `\\partial x^2`)."""
        toks = self.tokens[lo:hi]
        if len(toks) == 1 and toks[0].kind is Kind.NUMBER and toks[0].text.isdigit():
            return int(toks[0].text)
        shifted = (  # \partial W^{L-1}, \partial a^{l+1}
            len(toks) == 3
            and toks[1].is_char("+", "-")
            and toks[2].kind is Kind.NUMBER
            and toks[2].text.isdigit()
        )
        if (
            variable and toks and toks[0].kind is Kind.LETTER and (len(toks) == 1 or shifted)
        ):  # \partial W^L, \partial y^k
            x, written = toks[0].text, "".join(t.text for t in toks)
            shown = written if len(toks) == 1 else f"{{{written}}}"
            raise self.error(
                f"the order of a derivative must be a whole number; is ^{shown} a layer or sample "
                f'index? Write ^{{[{written}]}} or ^{{({written})}}, or declare {x} = "layer" or '
                '"sample"',
                lo,
                hi,
            )
        raise self.error("the order of a derivative must be a whole number", lo, hi)

    def _denominator(self, lo: int, hi: int, marker: str) -> list[tuple[sympy.Expr, int]]:
        out: list[tuple[sympy.Expr, int]] = []
        k = lo
        while k < hi:
            t = self.tokens[k]
            if not (t.text == marker and t.kind in {Kind.COMMAND, Kind.LETTER}):
                raise self.error(f"expected {marker} in the denominator of a derivative", k, hi)
            # \partial{ L_k}, \partial (a_j^L): a name in braces or parentheses
            braced = k + 1 < hi and self.tokens[k + 1].is_char("{", "(")
            ahi = matching(self.tokens, k + 1, self.latex) if braced else hi
            atom = self.atom(k + 2 if braced else k + 1, ahi)
            if braced and atom.end != ahi:
                group = "{...}" if self.tokens[k + 1].is_char("{") else "(...)"
                raise self.error(f"\\partial{group} should hold one name", k, ahi + 1)
            if atom.primes and self.is_function_name(atom.name):
                raise self.error(
                    "a prime on a function in the denominator of a derivative", k, atom.end
                )
            if atom.end < hi and self.tokens[atom.end].is_char("("):  # \partial H(w_i)
                close = matching(self.tokens, atom.end, self.latex)
                raise self.error(
                    "a derivative with respect to a function call; differentiate by a name",
                    k + 1,
                    close + 1,
                )
            var = self._variable_value(atom)
            k = ahi + 1 if braced else atom.end
            n = 1
            if k < hi and self.tokens[k].is_char("^"):
                olo, ohi, k = self._group(k + 1, hi)
                n = self._integer(olo, ohi, variable=True)
            if not isinstance(var, sympy.Symbol | sympy.Indexed):
                raise self.error("a derivative must be taken with respect to a name", lo, hi)
            out.append((var, n))
        if not out:
            raise self.error("a derivative needs a variable", lo, hi)
        return out

    def _variable_value(self, atom: Atom) -> sympy.Expr:
        """The variable of a derivative. A name defined as a function (`m(x) = -x`) stands
        elsewhere for its value m(x); as a variable it would be a new name that nothing
        depends on (dt/dm = 0 after t = e^m), so it is an error."""
        if self.names.spec(atom.name) is None and atom.name in self.defined_functions:
            raise self.error(
                f"a derivative by {atom.name}, which is defined as a function: by its value "
                "at its arguments (an intermediate variable) it is not read; define "
                f"{atom.name} as a name ({atom.name} = ...) to differentiate by it",
                atom.start,
                atom.end,
            )
        return self.value_of(atom)

    # -- gradients and Hessians: \nabla_x, \nabla^2_x -------------------------------------------
    def _nabla(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        """`\\nabla_x F` (gradient) and `\\nabla^2_x F`, `\\nabla_x^2 F` (Hessian), applied to
        the whole product that follows (`\\nabla_x b^T x` is the gradient of b^T x)."""
        k = i + 1
        order: int | None = None
        sub: tuple[int, int] | None = None
        while k < hi:
            t = self.tokens[k]
            if t.is_char("^") and order is None:
                olo, ohi, k = self._group(k + 1, hi)
                order = self._integer(olo, ohi)
            elif t.is_char("_") and sub is None:
                slo, shi, k = self._group(k + 1, hi)
                sub = (slo, shi)
            else:
                break
        if sub is None:
            found = self._gradient_by_arguments(k, hi) if order is None else None
            if found is None:
                raise self.error(
                    "write the variable of a gradient as a subscript: \\nabla_{w} L (or "
                    "apply \\nabla to a function of plain names: \\nabla f(x, y))",
                    i,
                )
            pieces.append(self._hold(found[0], i, found[1], holds))
            return found[1]
        lo, gh = sub
        atom = self.atom(lo, gh)
        if atom.end != gh:
            raise self.error("the subscript of \\nabla should be one name", lo, gh)
        var = self._variable_value(atom)
        if order not in {None, 1, 2}:
            raise self.error("\\nabla^n: only the gradient and the Hessian \\nabla^2", i, k)
        operand, end = self._nabla_operand(k, hi)
        value: sympy.Expr
        if order == 2 and arrays.is_array(var):
            value = arrays.Hessian(operand, var)
        elif order == 2:
            value = sympy.Derivative(operand, (var, 2), evaluate=False)
        elif arrays.is_array(var):
            value = arrays.Grad(operand, var)
        else:
            value = sympy.Derivative(operand, var, evaluate=False)
        pieces.append(self._hold(value, i, end, holds))
        return end

    def _gradient_by_arguments(self, k: int, hi: int) -> tuple[sympy.Expr, int] | None:
        """`\\nabla f(x, y)` without a subscript: the gradient of f by all its arguments in
        the written order, when they are distinct plain names (the column of the partials,
        shaped by the layout as any gradient by a column is; a row in the numerator layout),
        or by its one argument when that is a whole vector (`\\nabla f(\\mathbf{x})`). A bare
        `\\nabla f` stands for f's call when `given` defines f(x, y). None when the operand
        is not exactly such a call."""
        if k >= hi or not self.starts_name(self.tokens[k]):
            return None
        atom = self.atom(k, hi)
        if self.function_of(atom) is None or atom.indexed or atom.primes or atom.power:
            return None
        j = atom.end
        if j < hi and self.tokens[j].is_char("("):
            close = matching(self.tokens, j, self.latex)
            if not self.names_only(j + 1, close):
                return None
            args, end = self.call_arguments(j + 1, close), close + 1
        elif self.arguments.get(atom.name):
            args, end = list(self.arguments[atom.name]), j
        else:
            return None
        operand, stop = self._nabla_operand(k, hi)
        if stop != end or not all(isinstance(a, sympy.Symbol) for a in args):
            return None
        if len(args) == 1 and arrays.is_array(args[0]):
            return arrays.Grad(operand, args[0]), end
        if len(set(args)) != len(args) or any(arrays.is_array(a) for a in args):
            return None
        return arrays.Grad(operand, arrays.literal([[a] for a in args])), end

    def _nabla_operand(self, i: int, hi: int) -> tuple[sympy.Expr, int]:
        """The product after `\\nabla_x`, `\\partial_x` or `\\frac{d}{dx}`: up to the next + or -
        at the same depth (a relation has already split the statement), or the end of the
        enclosing group. `\\frac{d}{dx} 9(x + x^2)` and `\\frac{d}{dx}x^2x` are derivatives of
        the whole product, as notes mean them. Bars pair as groups do (`\\frac{\\partial}{\\partial
        w} |w^T x + b|`: the + is inside them)."""
        depth, end = 0, hi
        bars: list[tuple[str, int]] = []  # the bars open, each with its depth
        for k in range(i, hi):
            t = self.tokens[k]
            depth += t.is_char("{", "(", "[")
            depth -= t.is_char("}", ")", "]")
            if t.is_char("|", NORM):
                if bars and bars[-1] == (t.text, depth):
                    bars.pop()
                else:
                    bars.append((t.text, depth))
            before = self.tokens[k - 1]
            binary = k > i and not (
                before.is_char("+", "-", "(", "[", "{", "^", "_")
                or (before.kind is Kind.COMMAND and before.text in PRODUCTS)
            )
            inside = any(at == depth for _, at in bars)
            if depth < 0 or (depth == 0 and binary and not inside and t.is_char("+", "-")):
                end = k  # a + or -, or the group that holds the operator closes
                break
        if end <= i or self.tokens[i].is_char("+", "-"):  # \nabla_a - b: write \nabla_a(-b)
            raise self.error("a derivative operator with nothing to apply to", max(0, i - 1))
        return self.expr(i, end), end
