"""ML-notation LaTeX to SymPy.

The reader walks the tokens once. Everything that generic LaTeX parsers misread becomes a
placeholder `\\variable{pN}` holding an expression we built ourselves: names with their layer,
sample and component indices (`w^{[l]}_{jk}`), decorated names (`\\hat{y}`), declared function
calls and their primes (`\\sigma'(z)`), Leibniz derivatives, gradients, norms. The rest (the
arithmetic around the placeholders) goes to the latex2sympy2 line's parser through `backend`.
Afterwards every placeholder must be found in the result, so no written name can be dropped
silently.
"""

from __future__ import annotations

import sympy

from derive.notation import arrays, joins, literals
from derive.notation.ambiguities import NUMBERS_APART, number_across
from derive.notation.backend import BackendError, parse_arithmetic
from derive.notation.braced_calls import BracedCallReader
from derive.notation.calculus import CalculusReader
from derive.notation.constants import constant_values
from derive.notation.hadamard import HadamardReader
from derive.notation.literals import ELLIPSES
from derive.notation.macros import BRACED_FUNCTIONS, NORM, PASSED, PRODUCTS, RELATIONS
from derive.notation.names import Names
from derive.notation.primes import PrimeReader
from derive.notation.slashes import SlashReader
from derive.notation.sums import SumReader
from derive.notation.tokens import Kind, Token, matching, nesting, text_content
from derive.notation.vectors import VectorReader


class Reader(
    SumReader,
    CalculusReader,
    VectorReader,
    SlashReader,
    PrimeReader,
    HadamardReader,
    BracedCallReader,
):
    """Reads the expressions of one piece of LaTeX under one symbol table: the parts (names and
    scripts, calls, calculus, sums) put together, and the arithmetic around them."""

    # -- statements --------------------------------------------------------------------------
    def split_relations(
        self, lo: int = 0, hi: int | None = None
    ) -> tuple[list[tuple[int, int]], list[str]]:
        """Token ranges of the parts of a statement (or of tokens[lo:hi], such as the condition
        of a piecewise row) and the relations between them. Two equations joined by a comma,
        `\\quad` or `\\text{and}` are separated by the relation `joins.JOIN`; sentence
        punctuation at the end is not part of the formula (see joins.py)."""
        hi = joins.formula_end(self.tokens, lo, len(self.tokens) if hi is None else hi)
        relations: list[int] = []
        depth = 0
        for k in range(lo, hi):
            t = self.tokens[k]
            step = nesting(t)
            depth += step
            if step:
                continue
            if (
                depth == 0
                and (t.is_char("=", "<", ">") or t.kind is Kind.COMMAND)
                and (t.text in RELATIONS)
            ):
                relations.append(k)
        cuts = sorted(
            [(k, k + 1, self.tokens[k].text) for k in relations]
            + [(a, b, joins.JOIN) for a, b in joins.joins(self.tokens, lo, hi, relations)]
        )
        parts: list[tuple[int, int]] = []
        rels: list[str] = []
        for a, b, rel in cuts:
            parts.append((lo, a))
            rels.append(rel)
            lo = b
        parts.append((lo, hi))
        if not cuts and lo >= hi:  # nothing written but layout or punctuation: no relation
            raise self.error("an empty expression: nothing to read", max(0, lo - 1))
        for a, b in parts:
            if a >= b:
                at = min(a, len(self.tokens) - 1)
                raise self.error("a relation has nothing on one side", at)
        return parts, rels

    # -- expressions -------------------------------------------------------------------------
    def expr(self, lo: int, hi: int) -> sympy.Expr:
        """Parse tokens[lo:hi] into SymPy."""
        if lo >= hi:
            raise self.error("an empty expression", max(0, lo - 1))
        odots = self._depth0_odots(lo, hi)
        if odots:
            return self._hadamard(lo, hi, odots)
        pieces: list[str] = []
        holds: dict[str, tuple[sympy.Expr, int, int]] = {}
        self._emit(lo, hi, pieces, holds)
        text = " ".join(pieces)
        try:
            raw = parse_arithmetic(text)
        except BackendError as exc:
            raise self.error(f"cannot read this expression ({exc})", lo, hi) from exc
        present = {s.name for s in raw.atoms(sympy.Symbol)}
        for key, (_, a, b) in holds.items():
            if key not in present:
                raise self.error("this part of the input was lost while parsing", a, b)
        for pw in sorted(raw.atoms(sympy.Pow), key=sympy.default_sort_key):
            key = str(pw.base.name) if isinstance(pw.base, sympy.Symbol) else ""
            if key in holds and arrays.is_array(holds[key][0]):
                value, a, b = holds[key]
                # a stand-in named after the base, so it sorts where the base was written
                stand_in = key[:-1] + "p}" if key.endswith("}") else key + "p"
                held = {sympy.Symbol(k): v for k, (v, _, _) in holds.items()}
                # the exponent may hold placeholders too (A^{y_1}): they are replaced here, as
                # the final replacement does not look inside the Power it puts in
                holds[stand_in] = (arrays.Power(value, pw.exp.xreplace(held)), a, b)
                raw = raw.xreplace({pw: sympy.Symbol(stand_in)})
        held = {sympy.Symbol(k): v for k, (v, _, _) in holds.items()}
        raw = _bars_of_arrays(raw, held)
        # one walk: the name-free arithmetic evaluated (x_{1+1} is x_2), each placeholder its value
        result = raw.xreplace({**constant_values(raw), **held})
        if result.has(sympy.zoo, sympy.nan):
            raise self.error("an undefined value (a division by zero) in this expression", lo, hi)
        if any(isinstance(x, sympy.Symbol) and x.name in holds for x in result.atoms()):
            # a placeholder left inside an object built from the parse: it would be read as
            # an unrelated variable, so this is our bug, reported rather than checked
            raise self.error("this part of the input could not be read (internal)", lo, hi)
        return result

    def _emit(
        self, lo: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> None:
        i = lo
        while i < hi:
            i = self._step(i, hi, pieces, holds)

    def _step(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        t = self.tokens[i]
        if t.kind is Kind.NUMBER:
            pieces.append(t.text)
            return i + 1
        if self._is_inline_d(i, hi):
            return self._inline_d(i, hi, pieces, holds)
        if self.starts_name(t):
            return self._name(i, hi, pieces, holds)
        if t.kind is Kind.CHAR:
            return self._char(i, hi, pieces, holds)
        if t.kind is Kind.TEXT:
            raise self.error(self._text_error(i), i)
        # commands
        text = t.text
        if text == "\\frac":
            return self._frac(i, hi, pieces, holds)
        if text in {"\\sum", "\\prod"}:
            return self._sum(i, hi, pieces, holds)
        if text == "\\nabla":
            return self._nabla(i, hi, pieces, holds)
        if (after := self._function_prime(i, hi, pieces, holds)) is not None:
            return after  # \tanh'(x)
        if text in BRACED_FUNCTIONS and (after := self._braced_call(i, hi, pieces, holds)):
            return after  # \log{x} y: the braces hold the whole argument
        if text in {"\\log", "\\ln"} and self._exponential_inside(i + 1, hi):
            end = self._product_end(i + 1, hi)  # \log \frac{1}{b} \exp(-u): log of the product
            pieces.append(self._hold(sympy.log(self.expr(i + 1, end)), i, end, holds))
            return end
        if text == "\\int":
            return self._integral(i, hi, pieces, holds)
        if text in {"\\log", "\\ln", "\\exp"} and self._inverse_mark(i + 1, hi):
            raise self.error(  # the inverse (exp of log), or 1 / \log(x)? never guessed
                f"{text}^{{-1}} is not read (the inverse function, or a reciprocal?): write "
                f"the function itself, or 1/{text}(...)",
                i,
                i + 2,
            )
        if text == "\\log":
            if i + 1 < hi and self.tokens[i + 1].is_char("_"):
                return self._log_base(i, hi, pieces)
            pieces.append("\\ln")  # in ML, \log is the natural logarithm
            return i + 1
        if text == "\\lg":  # the base-10 logarithm (ISO 80000-2), never the natural one
            pieces.append("\\log_{10}")
            return i + 1
        if text in {"\\max", "\\min"} and i + 1 < hi and self.tokens[i + 1].is_char("("):
            close = matching(self.tokens, i + 1, self.latex)  # \max(a, b): its own arguments
            args = self.call_arguments(i + 2, close)
            try:
                value = (sympy.Max if text == "\\max" else sympy.Min)(*args)
            except (TypeError, ValueError):  # max(0, w . x + b) with w, x vectors
                raise self.error(
                    f"{text} of something that is not a number (a vector or matrix): not supported",
                    i,
                    close + 1,
                ) from None
            pieces.append(self._hold(value, i, close + 1, holds))
            return close + 1
        if text == "\\partial":
            return self._partial(i, hi, pieces, holds)
        if text in joins.SEPARATING_SPACES or text == "\\\\":
            number = number_across(self.tokens, i, hi, joins.SEPARATING_SPACES | {"\\\\"})
            if number >= 0:  # 1 \\ 2 on two rows: never 1 + 2 nor 1 * 2
                raise self.error(NUMBERS_APART, i - 1, number + 1)
            return i + 1  # spacing or a row break, where it does not join two equations
        if text == "\\pi" and i + 1 < hi and self.tokens[i + 1].is_char("(", "^"):
            # held: the parser reads `\pi(2)`, `\pi^2(2)` as a function pi applied to 2
            pieces.append(self._hold(sympy.pi, i, i + 1, holds))
            return i + 1
        if text in PASSED:
            pieces.append(text)
            return i + 1
        if text in PRODUCTS:
            if text == "\\odot":
                raise self.error("put this \\odot product in parentheses", i)
            if text == "\\cdot":
                after = self._dot(i, hi, pieces, holds)
                if after is not None:
                    return after
            pieces.append("\\cdot")
            return i + 1
        if text == "\\otimes":
            raise self.error("put this \\otimes product in parentheses", i)
        if text in {"\\begin", "\\{"}:
            return self._environment(i, hi, pieces, holds)
        if text in ELLIPSES:
            raise self.error(self._ellipsis_error(t), i)
        if text in RELATIONS or text == ":=":
            raise self.error(f"a relation {text} inside an expression", i)
        if text == "\\top":
            raise self.error("a transpose on nothing", i)
        raise self.error(f"unknown macro {text}", i)

    def _exponential_inside(self, lo: int, hi: int) -> bool:
        """Whether the product after a logarithm written without parentheses (`\\log \\frac{1}{b}
        \\exp(-u)`) holds an exponential `\\exp`: latex2sympy2 would end the logarithm's argument
        there, while it takes `e^{-u}` in; both are read as one argument."""
        if lo >= hi or self.tokens[lo].is_char("(", "_"):
            return False
        end = self._product_end(lo, hi)
        return any(t.is_command("\\exp") for t in self.tokens[lo:end])

    def _environment(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        """A matrix literal, or a piecewise definition after `\\left\\{` (see literals.py)."""
        brace = self.tokens[i].is_command("\\{")
        start = i + 1 if brace else i
        if start >= hi or not self.tokens[start].is_command("\\begin"):
            raise self.error("a brace \\{ that does not open a piecewise definition", i)
        value, nxt = literals.environment(self, start, hi, brace)
        if arrays.is_array(value) and nxt + 1 < hi and self.tokens[nxt].is_char("^"):
            lo, gh, after = self._group(nxt + 1, hi)
            if self._superscript(lo, gh, False) == "transpose":  # \begin{bmatrix}..\end{..}^T
                value, nxt = arrays.TransposeOf(value), after
        pieces.append(self._hold(value, i, nxt, holds))
        return nxt

    def _char(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        t = self.tokens[i]
        c = t.text
        if c in "([":
            close = matching(self.tokens, i, self.latex)
            if c == "[" and self._commas(i + 1, close):
                return self._row(i, close, hi, pieces, holds)
            if c == "(" and close + 1 < hi and self.tokens[close + 1].is_char("'"):
                if self._stands_alone(i):
                    return self._expression_prime(i, close, hi, pieces, holds)
                # \log(t)': the prime of the call, or of its argument? never guessed
                raise self.error(
                    "a prime after the parentheses of a call or a product: write the "
                    "derivative as \\frac{d}{dx}(...)",
                    i - 1,
                    close + 2,
                )
            if close + 1 < hi and self.tokens[close + 1].is_char("_"):
                return self._group_entry(i, close, hi, pieces, holds)
            if close + 1 < hi and self.tokens[close + 1].is_char("^"):
                lo, gh, nxt = self._group(close + 2, hi)
                if self._superscript(lo, gh, False) == "transpose":  # (X\theta - y)^T
                    value = self.expr(i + 1, close)
                    if not arrays.is_array(value):
                        raise self.error(
                            "a transpose of something that is not a vector or matrix", i, nxt
                        )
                    pieces.append(self._hold(arrays.TransposeOf(value), i, nxt, holds))
                    return nxt
            if self._depth0_odots(i + 1, close):  # (A \odot B) C: keep the group
                pieces.append(self._hold(self.expr(i + 1, close), i, close + 1, holds))
                return close + 1
        if c == "/":
            self._check_divisor(i, hi)
        if c in "+-/()[]{}|!":
            pieces.append(c)
            return i + 1
        if c == "*":
            pieces.append("\\cdot")
            return i + 1
        if c == "&":
            return i + 1  # an alignment mark of eqnarray/aligned rows: layout only
        if c == "^":
            pieces.append("^")
            if i + 1 < hi and not self.tokens[i + 1].is_char("{"):
                # one token as the exponent: wrap it so latex2sympy2 binds it to the power
                pieces.append("{")
                nxt = self._step(i + 1, hi, pieces, holds)
                pieces.append("}")
                return nxt
            return i + 1
        if c == NORM:
            return self._norm(i, hi, pieces, holds)
        if c == "'":
            raise self.error("a prime on something that is not a declared function", i)
        if c == "_":
            raise self.error("a subscript on nothing", i)
        if c in "=<>":
            raise self.error(f"a relation {c} inside an expression", i)
        if c == ",":
            raise self.error("a comma outside a function's arguments", i)
        if c == "." and i + 2 < hi and all(x.is_char(".") for x in self.tokens[i : i + 3]):
            raise self.error(self._ellipsis_error(t), i, i + 3)
        raise self.error(f"unexpected {c!r}", i)

    def _inverse_mark(self, k: int, hi: int) -> bool:
        """Whether tokens[k:] open with the superscript ^{-1} (or ^-1 with its group)."""
        if not (k < hi and self.tokens[k].is_char("^")):
            return False
        lo, gh, _ = self._group(k + 1, hi)
        return [t.text for t in self.tokens[lo:gh]] == ["-", "1"]

    def _text_error(self, i: int) -> str:
        """Why a `\\text{...}` kept by `normalise` cannot be read where it is written."""
        t = self.tokens[i]
        word = text_content(t)
        if i + 1 < len(self.tokens) and self.tokens[i + 1].is_char("("):
            return (
                f"{t.text}(...) is not read as a function; write \\operatorname{{{word}}} and "
                "declare it in [symbols]"
            )
        if word in joins.JOINING_WORDS:
            return f"{t.text} joins something that is not an equation; it cannot be an annotation"
        return f"{t.text} here cannot be an annotation and is not read"

    def _ellipsis_error(self, t: Token) -> str:
        """An ellipsis left as written (see derive/notation/ellipsis.py): why it is not a sum."""
        reason = self._ellipsis_reasons.get(t.start)
        base = "an ellipsis cannot be checked; write the sum or product"
        return f"{base} ({reason})" if reason else base

    # -- an entry of a group: (X)_{ij} ---------------------------------------------------------
    def _log_base(self, i: int, hi: int, pieces: list[str]) -> int:
        """`\\log_{2} x`, `\\log_2 x`, `\\log_{e} x`: a logarithm with a written base, a number or
        e (latex2sympy2 reads `\\log_{b}`); any other base is an error, never a guess."""
        j = i + 2
        if j < hi and self.tokens[j].is_char("{"):
            end = matching(self.tokens, j, self.latex) + 1
            inner = self.tokens[j + 1 : end - 1]
        else:
            end, inner = j + 1, self.tokens[j : j + 1]
        base = "".join(t.text for t in inner)
        if len(inner) == 1 and inner[0].kind is Kind.NUMBER and base not in {"0", "1"}:
            pieces.append(f"\\log_{{{base}}}")
        elif base == "e" and self.names.spec("e") is None:
            pieces.append("\\ln")
        else:
            raise self.error("the base of a logarithm must be a number (not 0 or 1) or e", i, end)
        return end

    def _group_entry(
        self,
        i: int,
        close: int,
        hi: int,
        pieces: list[str],
        holds: dict[str, tuple[sympy.Expr, int, int]],
    ) -> int:
        """`(X)_{ij}`, `(\\nabla_A f(A))_{ij}`: entry (i, j) of the vector or matrix in the group
        (one index for a vector). A subscript on a group that is a number is an error."""
        lo, gh, nxt = self._group(close + 2, hi)
        value = self.expr(i + 1, close)
        if not arrays.is_array(value):
            raise self.error("a subscript on a group that is not a vector or matrix", i, nxt)
        indices = self._indices(lo, gh)
        if len(indices) > 2:
            raise self.error("an entry of a vector or matrix has one or two indices", lo, gh)
        pieces.append(self._hold(arrays.Entry(value, *indices), i, nxt, holds))
        return nxt


def read_expression(latex: str, names: Names, defined: frozenset[str] = frozenset()) -> sympy.Expr:
    """Parse one expression (no relation) written in ML notation."""
    reader = Reader(latex, names, defined)
    parts, rels = reader.split_relations()
    if rels:
        lo, _ = parts[1]
        raise reader.error(f"expected an expression, found the relation {rels[0]}", lo - 1)
    (value,) = reader.resolve_primes([reader.expr(0, len(reader.tokens))])
    return value


def _bars_of_arrays(raw: sympy.Expr, held: dict[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
    """`|w^T x + b|` whose argument holds a vector or matrix form once the placeholders are put
    in: a `NormOf` (the absolute value of a 1 x 1 form, the norm of a column), left unevaluated
    here so that it becomes `Abs` again where the argument turns out a number. SymPy's Abs.eval
    recurses without end on a sum of non-commutative terms with a minus sign
    (`|-w^T x - b|`, or a diagnosis flipping a term's sign: found by fuzzing)."""
    arrays_held = {k for k, v in held.items() if not v.is_commutative}
    if not arrays_held:
        return raw
    return raw.replace(
        lambda e: isinstance(e, sympy.Abs) and bool(e.args[0].free_symbols & arrays_held),
        lambda e: arrays.NormOf(e.args[0], evaluate=False),
    )
