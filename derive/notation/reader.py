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

import dataclasses
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sympy

from derive import functions
from derive.errors import LatexError, UnsupportedError
from derive.model import FunctionKind
from derive.notation import arrays, joins, literals
from derive.notation.backend import (
    BackendError,
    parse_arithmetic,
    placeholder,
    placeholder_symbol_name,
)
from derive.notation.ellipsis import expand_ellipses
from derive.notation.layout import strip_layout
from derive.notation.literals import ELLIPSES
from derive.notation.names import Family, Names
from derive.notation.tokens import (
    Kind,
    Token,
    check_balanced,
    matching,
    nesting,
    text_content,
    tokenize,
)
from derive.specs import GREEK

DECORATIONS = frozenset(
    {"\\hat", "\\bar", "\\tilde", "\\widehat", "\\widetilde", "\\overline", "\\check", "\\breve"}
)
TRANSPARENT_FONTS = frozenset({"\\mathbf", "\\boldsymbol", "\\bm", "\\vec", "\\mathit", "\\pmb"})
NAMED_FONTS = frozenset({"\\mathcal", "\\mathscr", "\\mathbb", "\\mathfrak"})
WORD_FONTS = frozenset({"\\mathrm", "\\operatorname", "\\mathsf", "\\mathtt"})
DROPPED = frozenset(
    {
        "\\left",
        "\\right",
        "\\middle",
        "\\big",
        "\\Big",
        "\\bigg",
        "\\Bigg",
        "\\bigl",
        "\\bigr",
        "\\Bigl",
        "\\Bigr",
        "\\biggl",
        "\\biggr",
        "\\Biggl",
        "\\Biggr",
        "\\,",
        "\\;",
        "\\:",
        "\\!",
        "\\ ",
        "\\enspace",
        "\\thinspace",
        "\\displaystyle",
        "\\textstyle",
        "\\limits",
        "\\nolimits",
    }
)
PASSED = frozenset(
    {
        "\\exp",
        "\\ln",
        "\\sin",
        "\\cos",
        "\\tan",
        "\\sinh",
        "\\cosh",
        "\\tanh",
        "\\arctan",
        "\\max",
        "\\min",
        "\\sqrt",
        "\\pi",
        "\\infty",
    }
)
PRODUCTS = frozenset({"\\cdot", "\\times", "\\ast", "\\odot"})
RENAMED = {
    "\\dfrac": "\\frac",
    "\\tfrac": "\\frac",
    "\\cfrac": "\\frac",
    "\\prime": "'",
    "\\lvert": "|",
    "\\rvert": "|",
    "\\vert": "|",
    "\\|": "\u2016",
    "\\Vert": "\u2016",
    "\\lVert": "\u2016",
    "\\rVert": "\u2016",
    "\\lbrack": "[",
    "\\rbrack": "]",
    "\\leq": "\\le",
    "\\leqq": "\\le",
    "\\leqslant": "\\le",
    "\\geq": "\\ge",
    "\\geqq": "\\ge",
    "\\geqslant": "\\ge",
    "\\gets": "\\leftarrow",
    "\\intercal": "\\top",
    "\\lt": "<",
    "\\gt": ">",
    "\\ne": "\\neq",
}
RELATIONS = frozenset({"=", "<", ">", "\\le", "\\ge", "\\approx", "\\leftarrow", ":=", "\\neq"})
# Single letters that almost always name a function when followed by "(": reading f(x) as f*x
# would be a silent misreading, so an undeclared one is an error.
CONVENTIONAL_FUNCTIONS = frozenset({"f", "g", "h", "\\sigma", "\\phi", "\\varphi", "\\psi"})
NORM = "\u2016"


def normalise(tokens: list[Token]) -> list[Token]:
    """Drop what carries no meaning (sizing, spacing, \\text annotations), rename synonyms.

    A `\\text{...}` is dropped only where it can be an annotation. It is kept when it is a
    script (`L_{\\text{CE}}`, `x^{\\text{T}}`), is followed by `(` (`\\text{softmax}(z)`), or is
    a word joining two equations (`\\text{and}`): the reader then reads it as a label in a
    subscript, `\\top` in a superscript, a join (joins.py), or reports it. `\\quad` and `\\qquad`
    are kept too, as they may separate two equations (they are read as
    nothing otherwise)."""
    tokens = strip_layout(tokens)
    out: list[Token] = []
    skip_dot = False
    for k, t in enumerate(tokens):
        if skip_dot and t.is_char("."):
            skip_dot = False
            continue
        skip_dot = False
        if t.kind is Kind.TEXT:
            if _kept_text(tokens, k):
                out.append(t)
            continue
        if t.is_char("~"):
            continue
        if t.kind is Kind.COMMAND and t.text in DROPPED:
            skip_dot = t.text in {"\\left", "\\right", "\\middle"}
            continue
        if t.kind is Kind.COMMAND and t.text in RENAMED:
            new = RENAMED[t.text]
            kind = Kind.COMMAND if new.startswith("\\") and len(new) > 1 else Kind.CHAR
            out.append(Token(kind, new, t.start, t.end))
            continue
        out.append(t)
    # ":=" is one relation; \mathrm{T} (and \mathsf, \text) in a superscript is the transpose
    merged: list[Token] = []
    k = 0
    while k < len(out):
        t = out[k]
        if t.is_char("=") and merged and merged[-1].is_char(":"):
            prev = merged.pop()
            merged.append(Token(Kind.COMMAND, ":=", prev.start, t.end))
        elif (
            merged
            and (merged[-1].is_char("^") or _opens_superscript(merged))
            and (_is_word_t(out, k) or (t.kind is Kind.TEXT and text_content(t) == "T"))
        ):
            width = 1 if t.kind is Kind.TEXT else 4
            merged.append(Token(Kind.COMMAND, "\\top", t.start, out[k + width - 1].end))
            k += width
            continue
        else:
            merged.append(t)
        k += 1
    return merged


# Function names written as plain italic letters, as notes often do (`sin(x^2)`, `ln(u_3)`,
# `max(0, z)`): read as the function when the letters are adjacent and a `(` follows at once.
FUNCTION_WORDS = ("tanh", "sinh", "cosh", "sin", "cos", "tan", "exp", "log", "ln", "max", "min")


def function_words(tokens: list[Token], declared: frozenset[str]) -> list[Token]:
    """`sin(`, `ln(`, `max(` written in plain letters as the functions (not a declared name)."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        for word in FUNCTION_WORDS:
            if word in declared:
                continue
            run = tokens[k : k + len(word)]
            after = tokens[k + len(word)] if k + len(word) < len(tokens) else None
            if (
                len(run) == len(word)
                and all(t.kind is Kind.LETTER for t in run)
                and "".join(t.text for t in run) == word
                and all(run[m].end == run[m + 1].start for m in range(len(run) - 1))
                and after is not None
                and after.is_char("(")
                and after.start == run[-1].end
            ):
                out.append(Token(Kind.COMMAND, "\\" + word, run[0].start, run[-1].end))
                k += len(word)
                break
        else:
            out.append(tokens[k])
            k += 1
    return out


def _kept_text(tokens: list[Token], k: int) -> bool:
    before = tokens[k - 1] if k > 0 else None
    before2 = tokens[k - 2] if k > 1 else None
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    script = before is not None and (
        before.is_char("_", "^")
        or (before.is_char("{") and before2 is not None and before2.is_char("_", "^"))
    )
    called = after is not None and after.is_char("(")
    return script or called or text_content(tokens[k]) in joins.JOINING_WORDS


def _opens_superscript(merged: list[Token]) -> bool:
    return len(merged) >= 2 and merged[-1].is_char("{") and merged[-2].is_char("^")


def _is_word_t(out: list[Token], k: int) -> bool:
    """`\\mathrm{T}` (or `\\mathsf{T}`, `\\mathit{T}`): four tokens spelling a roman T."""
    run = out[k : k + 4]
    return (
        len(run) == 4
        and run[0].kind is Kind.COMMAND
        and run[0].text in {"\\mathrm", "\\mathsf", "\\mathit"}
        and run[1].is_char("{")
        and run[2].kind is Kind.LETTER
        and run[2].text == "T"
        and run[3].is_char("}")
    )


@dataclass
class Atom:
    """A name as written, with its scripts."""

    name: str
    start: int  # token index of the first token
    end: int  # token index after the last consumed token
    subs: list[sympy.Expr] = field(default_factory=list)
    layer: sympy.Expr | None = None
    sample: sympy.Expr | None = None
    transpose: bool = False
    column: sympy.Expr | None = None  # X_{:,i}
    primes: int = 0
    power: tuple[int, int] | None = None  # x^2_j: the exponent, written before the subscript

    @property
    def indexed(self) -> bool:
        return bool(self.subs) or self.layer is not None or self.sample is not None


FunctionMaker = Callable[..., sympy.Expr]


class Reader:
    """Reads the expressions of one piece of LaTeX under one symbol table."""

    def __init__(
        self,
        latex: str,
        names: Names,
        defined_functions: frozenset[str] = frozenset(),
        elementwise: frozenset[str] = frozenset(),
        arguments: Mapping[str, tuple[sympy.Expr, ...]] | None = None,
    ) -> None:
        self.latex = latex
        self.names = names
        self.defined_functions = defined_functions
        self.elementwise = elementwise  # arbitrary functions used as activations
        # the arguments of functions defined in `given` (f(x, y) = ...): a bare f is f(x, y)
        self.arguments = dict(arguments or {})
        self.tokens = function_words(normalise(tokenize(latex)), frozenset(names.specs))
        check_balanced(self.tokens, latex)
        expansion = expand_ellipses(self.tokens, latex, normalise, frozenset(names.specs))
        self.tokens, self._ellipsis_reasons = expansion.tokens, expansion.reasons
        self._count = 0
        self._multi = sorted(
            (n for n in names.specs if n.isalpha() and len(n) > 1), key=len, reverse=True
        )

    # -- errors ------------------------------------------------------------------------------
    def error(self, message: str, lo: int, hi: int | None = None) -> LatexError:
        toks = self.tokens
        if not toks:
            return LatexError(message, self.latex, 0, len(self.latex))
        lo = min(lo, len(toks) - 1)
        hi = lo + 1 if hi is None else max(hi, lo + 1)
        return LatexError(message, self.latex, toks[lo].start, toks[min(hi, len(toks)) - 1].end)

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
        result = raw.xreplace({sympy.Symbol(k): v for k, (v, _, _) in holds.items()})
        if any(isinstance(x, sympy.Symbol) and x.name in holds for x in result.atoms()):
            # a placeholder left inside an object built from the parse: it would be read as
            # an unrelated variable, so this is our bug, reported rather than checked
            raise self.error("this part of the input could not be read (internal)", lo, hi)
        return result

    def _depth0_odots(self, lo: int, hi: int) -> list[int]:
        depth, out = 0, []
        for k in range(lo, hi):
            t = self.tokens[k]
            depth += nesting(t)
            if depth == 0 and t.is_command("\\odot"):
                out.append(k)
        return out

    def _hadamard(self, lo: int, hi: int, odots: list[int]) -> sympy.Expr:
        """`X \\odot Y \\odot Z`: each operand read on its own (a product of juxtaposed names
        binds tighter; a sum must be in parentheses), so no grouping can be lost."""
        depth, cuts = 0, []
        for k in range(lo, hi):
            t = self.tokens[k]
            depth += nesting(t)
            before = self.tokens[k - 1] if k > lo else None
            binary = before is not None and not (
                before.is_char("+", "-", "(", "[", "{", "^", "_", "=")
                or (before.kind is Kind.COMMAND and before.text in PRODUCTS)
            )
            if depth == 0 and binary and t.is_char("+", "-"):
                cuts.append(k)
        if cuts:  # G + g \odot g: \odot binds like a product, tighter than + and -
            total: sympy.Expr = sympy.Integer(0)
            starts = [lo, *cuts]
            for a, b in zip(starts, [*cuts, hi], strict=True):
                sign = -1 if a > lo and self.tokens[a].is_char("-") else 1
                first = a + 1 if a > lo else a
                total = total + sign * self.expr(first, b)
            return total
        bounds = [lo, *odots, hi]
        parts = []
        for a, b in itertools.pairwise(bounds):
            start = a if a == lo else a + 1
            if start >= b:
                raise self.error("\\odot needs an operand on each side", max(lo, a), b)
            parts.append(self.expr(start, b))
        if all(p.is_commutative for p in parts):
            return sympy.Mul(*parts)  # between numbers, \odot is the product
        return arrays.Hadamard(*parts)

    def _hold(
        self, value: sympy.Expr, lo: int, hi: int, holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> str:
        self._count += 1
        holds[placeholder_symbol_name(self._count)] = (value, lo, hi)
        return "{" + placeholder(self._count) + "}"

    def _emit(
        self, lo: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> None:
        i = lo
        while i < hi:
            i = self._step(i, hi, pieces, holds)

    def _group(self, i: int, hi: int) -> tuple[int, int, int]:
        """The content range of the argument starting at i ({...} or one token), and the next i."""
        if i >= hi:
            raise self.error("an argument is missing here", max(0, i - 1))
        if self.tokens[i].is_char("{"):
            j = matching(self.tokens, i, self.latex)
            return i + 1, j, j + 1
        return i, i + 1, i + 1

    def _step(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        t = self.tokens[i]
        if t.kind is Kind.NUMBER:
            pieces.append(t.text)
            return i + 1
        if self._starts_name(t):
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
        if text == "\\log":
            if i + 1 < hi and self.tokens[i + 1].is_char("_"):
                pieces.append("\\log")
                return i + 1  # a written base: latex2sympy2 reads \log_{b}
            pieces.append("\\ln")  # in ML, \log is the natural logarithm
            return i + 1
        if text in {"\\max", "\\min"} and i + 1 < hi and self.tokens[i + 1].is_char("("):
            close = matching(self.tokens, i + 1, self.latex)  # \max(a, b): its own arguments
            args = self._arguments(i + 2, close)
            value = (sympy.Max if text == "\\max" else sympy.Min)(*args)
            pieces.append(self._hold(value, i, close + 1, holds))
            return close + 1
        if text == "\\partial":
            return self._partial(i, hi, pieces, holds)
        if text in joins.SEPARATING_SPACES or text == "\\\\":
            return i + 1  # spacing or a row break, where it does not join two equations
        if text in PASSED:
            pieces.append(text)
            return i + 1
        if text in PRODUCTS:
            if text == "\\odot":
                raise self.error("put this \\odot product in parentheses", i)
            pieces.append("\\cdot")
            return i + 1
        if text in {"\\begin", "\\{"}:
            return self._environment(i, hi, pieces, holds)
        if text in ELLIPSES:
            raise self.error(self._ellipsis_error(t), i)
        if text in RELATIONS or text == ":=":
            raise self.error(f"a relation {text} inside an expression", i)
        if text == "\\top":
            raise self.error("a transpose on nothing", i)
        raise self.error(f"unknown macro {text}", i)

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

    # -- names -------------------------------------------------------------------------------
    def _base(self, i: int, hi: int) -> tuple[str, int, list[Token]]:
        """The base name starting at token i, the next index, and scripts written inside a font
        group (\\mathbf{W^T}), returned as tokens to re-read."""
        t = self.tokens[i]
        if t.kind is Kind.LETTER:
            for name in self._multi:
                k = len(name)
                run = self.tokens[i : i + k]
                if (
                    len(run) == k
                    and i + k <= hi
                    and all(r.kind is Kind.LETTER for r in run)
                    and "".join(r.text for r in run) == name
                    and all(run[m].end == run[m + 1].start for m in range(k - 1))
                ):
                    return name, i + k, []
            return t.text, i + 1, []
        if t.text == "\\Delta" and "\\Delta" not in self.names.specs and i + 1 < hi:
            nxt_tok = self.tokens[i + 1]
            if (
                nxt_tok.kind is Kind.LETTER
                or nxt_tok.text[1:] in GREEK
                or nxt_tok.text in DECORATIONS | TRANSPARENT_FONTS
            ):
                # \Delta w_{hj}, \Delta\theta_j: an increment is one name, not a product
                inner, after, extra = self._base(i + 1, hi)
                return f"\\Delta{{{inner}}}", after, extra
            if nxt_tok.is_char("{"):  # \Delta{w}, as the printer writes it
                lo, gh, nxt = self._group(i + 1, hi)
                inner, after, extra = self._base(lo, gh)
                if after == gh:
                    return f"\\Delta{{{inner}}}", nxt, extra
        if t.text[1:] in GREEK:
            return t.text, i + 1, []
        if t.text not in DECORATIONS | TRANSPARENT_FONTS | NAMED_FONTS | WORD_FONTS:
            raise self.error(f"expected a name, found {t.text}", i)
        lo, gh, nxt = self._group(i + 1, hi)
        if t.text in WORD_FONTS:
            letters = self.tokens[lo:gh]
            if not letters or not all(x.kind in {Kind.LETTER, Kind.NUMBER} for x in letters):
                raise self.error(f"{t.text}{{...}} should hold a plain name", i, gh + 1)
            return "".join(x.text for x in letters), nxt, []
        inner, after, extra = self._base(lo, gh)
        rest = self.tokens[after:gh]
        if t.text in DECORATIONS:
            if rest:
                raise self.error(f"{t.text}{{...}} should decorate one name", i, gh + 1)
            return f"{t.text}{{{inner}}}", nxt, extra
        if t.text in NAMED_FONTS:
            if rest:
                raise self.error(f"{t.text}{{...}} should hold one name", i, gh + 1)
            return f"{t.text}{{{inner}}}", nxt, extra
        # bold and similar: the same name; scripts may be written inside the group
        return inner, nxt, extra + rest

    def _atom(self, i: int, hi: int) -> Atom:
        name, j, inner_scripts = self._base(i, hi)
        if inner_scripts:
            raise UnsupportedError(
                f"scripts inside a font group ({self.latex[self.tokens[i].start :]!r}) "
                "are not supported; write \\mathbf{W}^T"
            )
        atom = Atom(name, i, j)
        spec = self.names.spec(name)
        while j < hi:
            t = self.tokens[j]
            if t.is_char("_"):
                if atom.subs:
                    raise self.error("a second subscript", j)
                lo, gh, nxt = self._group(j + 1, hi)
                if (
                    self.tokens[lo].kind is Kind.NUMBER
                    and gh - lo == 1
                    and nxt == lo + 1
                    and len(self.tokens[lo].text) > 1
                ):
                    raise self.error("write a subscript of several digits in braces", j, nxt)
                if (
                    gh - lo >= 3
                    and self.tokens[lo].is_char(":")
                    and self.tokens[lo + 1].is_char(",")
                ):
                    atom.column = self.expr(lo + 2, gh)  # X_{:,i}: a column
                    j = nxt
                    continue
                if gh - lo == 1 and self.tokens[lo].kind is Kind.TEXT and not atom.indexed:
                    # L_{\text{CE}}: a label, part of the name (not an index)
                    atom.name = f"{atom.name}_{{\\text{{{text_content(self.tokens[lo])}}}}}"
                    spec = self.names.spec(atom.name)
                    j = nxt
                    continue
                atom.subs = self._indices(lo, gh)
                j = nxt
            elif t.is_char("^"):
                lo, gh, nxt = self._group(j + 1, hi)
                kind = self._superscript(lo, gh, spec is not None and spec.superscript_index)
                if kind == "power":
                    if atom.power is None and nxt < hi and self.tokens[nxt].is_char("_"):
                        atom.power = (lo, gh)  # x^2_j is (x_j)^2
                        j = nxt
                        continue
                    break
                if kind == "prime":
                    atom.primes += gh - lo
                elif kind == "transpose":
                    atom.transpose = True
                elif kind == "layer":
                    self._layer(atom, lo, gh)
                elif kind == "bare layer":  # a^l, w^{l+1}_{jk} with l = "layer"
                    if atom.layer is not None:
                        raise self.error("a second layer index", lo, gh)
                    atom.layer = self._layer_index(lo, gh)
                elif kind == "sample":
                    close = matching(self.tokens, lo, self.latex)
                    if atom.sample is not None:
                        raise self.error("a second sample index", lo, close + 1)
                    atom.sample = self._label(lo + 1, close)
                elif kind == "index":
                    if atom.sample is not None:
                        raise self.error("a second superscript index", lo, gh)
                    atom.sample = self.expr(lo, gh)
                j = nxt
            elif t.is_char("'"):
                atom.primes += 1
                j += 1
            else:
                break
        atom.end = j
        if atom.layer is not None and len(atom.subs) == 1 and atom.subs[0].is_Integer:
            digits = str(atom.subs[0])
            if len(digits) == 2 and "0" not in digits:  # w^{[2]}_{12}: row 1, column 2
                atom.subs = [sympy.Integer(int(d)) for d in digits]
        return atom

    def _superscript(self, lo: int, hi: int, sup_index: bool) -> str:
        toks = self.tokens[lo:hi]
        if toks and all(x.is_char("'") for x in toks):
            return "prime"
        declared_t = self.names.spec("T") is not None  # T = "count": \gamma^T is a power
        if len(toks) == 1 and (
            toks[0].is_command("\\top") or (toks[0].text == "T" and not declared_t)
        ):
            return "transpose"
        if toks and toks[0].is_char("["):
            return "layer"
        if self._declared_layer(toks):
            return "bare layer"
        if toks and toks[0].is_char("(") and matching(self.tokens, lo, self.latex) == hi - 1:
            return "sample"
        if sup_index:
            return "index"
        return "power"

    def _declared_layer(self, toks: list[Token]) -> bool:
        """`l`, `l+1`, `L-1`: a superscript that is a name declared `layer`, ± a number."""
        if not toks or toks[0].kind is not Kind.LETTER:
            return False
        spec = self.names.spec(toks[0].text)
        if spec is None or not spec.layer:
            return False
        rest = toks[1:]
        return not rest or (
            len(rest) == 2 and rest[0].is_char("+", "-") and rest[1].kind is Kind.NUMBER
        )

    def _layer(self, atom: Atom, lo: int, hi: int) -> None:
        close = matching(self.tokens, lo, self.latex)
        atom.layer = self._layer_index(lo + 1, close)
        k = close + 1
        while k < hi:
            t = self.tokens[k]
            if t.is_command("\\top") or t.text == "T":
                atom.transpose = True
                k += 1
            elif t.is_char("("):
                c = matching(self.tokens, k, self.latex)
                atom.sample = self._label(k + 1, c)
                k = c + 1
            else:
                raise self.error("unexpected after a layer index", k, hi)

    def _layer_index(self, lo: int, hi: int) -> sympy.Expr:
        """`l`, `l+1`, `L-1`, `2`: letters here are layers, never functions or declared names
        (001 defines a loss function L(a, y) and writes a^{[L]} for the last layer)."""
        value: sympy.Expr = sympy.Integer(0)
        sign = 1
        expect_term = True
        for k in range(lo, hi):
            t = self.tokens[k]
            if expect_term and t.kind is Kind.LETTER:
                value += sign * self.names.layer_symbol(t.text)
            elif expect_term and t.kind is Kind.NUMBER and t.text.isdigit():
                value += sign * int(t.text)
            elif not expect_term and t.is_char("+", "-"):
                sign = 1 if t.text == "+" else -1
            else:
                raise self.error("a layer index is a layer name or number, ± a number", lo, hi)
            expect_term = not expect_term
        if lo >= hi or expect_term:
            raise self.error("a layer index is a layer name or number, ± a number", lo, hi)
        return value

    def _label(self, lo: int, hi: int) -> sympy.Expr:
        toks = self.tokens[lo:hi]
        if len(toks) > 1 and all(x.kind is Kind.LETTER for x in toks):
            return self.names.symbol("".join(x.text for x in toks))  # (old), (new): a label
        return self.expr(lo, hi)

    def _indices(self, lo: int, hi: int) -> list[sympy.Expr]:
        if lo >= hi:
            raise self.error("an empty subscript", max(0, lo - 1))
        toks = self.tokens[lo:hi]
        commas = [k for k in range(lo, hi) if self.tokens[k].is_char(",") and self._depth0(lo, k)]
        if commas:
            out, a = [], lo
            for c in [*commas, hi]:
                out.append(self.expr(a, c))
                a = c + 1
            return out
        simple = all(
            (x.kind is Kind.LETTER)
            or (x.kind is Kind.NUMBER and len(x.text) == 1)
            or (x.kind is Kind.COMMAND and x.text[1:] in GREEK)
            for x in toks
        )
        if simple and len(toks) > 1 and not any(x.text in self._multi for x in toks):
            return [self.expr(k, k + 1) for k in range(lo, hi)]
        return [self.expr(lo, hi)]

    def _depth0(self, lo: int, k: int) -> bool:
        depth = 0
        for t in self.tokens[lo:k]:
            depth += nesting(t)
        return depth == 0

    # -- primed variable names (z', x'_0) -------------------------------------------------------
    def is_function_name(self, name: str) -> bool:
        """Whether a prime on `name` is a derivative: a declared or defined function, or a
        conventional function letter (f, g, \\sigma, ...) not declared as a variable."""
        spec = self.names.spec(name)
        if spec is not None:
            return spec.function is not None
        return (
            name in self.defined_functions
            or name in arrays.ARRAY_FUNCTIONS
            or name in CONVENTIONAL_FUNCTIONS
        )

    def primed_variable(self, atom: Atom) -> Atom:
        """`z'`, `x'_0`, `z''`: a prime on a variable makes a name of its own, distinct from z
        (the primes are part of the name). On a function name a prime is a derivative, which
        needs its argument: an error here."""
        name = atom.name
        bare = name.lstrip("\\")
        spec = self.names.spec(name)
        if self.is_function_name(name):
            if spec is not None or name in self.defined_functions:
                how = f"a derivative needs its argument: {name}'(x)"
            else:
                how = (
                    f'add {bare} = "function" to [symbols] for its derivative, '
                    f'or {bare} = "real" for a variable named {name}\''
                )
            raise self.error(f"a prime on the function name {name} ({how})", atom.start, atom.end)
        primed = name + "'" * atom.primes
        if spec is not None and spec.shape is not None and self.names.spec(primed) is None:
            raise self.error(
                f"{primed} is a name of its own, and {name} is declared as a vector or matrix: "
                f"declare {primed} in [symbols] too",
                atom.start,
                atom.end,
            )
        return dataclasses.replace(atom, name=primed, primes=0)

    def _variable_atom(self, lo: int, hi: int) -> Atom:
        """A name that can only be a variable (a sum's index, its set): primes make a new name."""
        atom = self._atom(lo, hi)
        return self.primed_variable(atom) if atom.primes else atom

    def value_of(self, atom: Atom) -> sympy.Expr:
        """The SymPy object for a name used as a variable."""
        if atom.primes:
            atom = self.primed_variable(atom)
        spec = self.names.spec(atom.name)
        whole = not atom.subs and (
            (spec is not None and spec.shape is not None) or atom.layer is not None
        )
        if whole:  # a whole vector or matrix: non-commutative, so products keep their order
            value = self.names.array(
                Family(atom.name, atom.layer is not None, atom.sample is not None),
                tuple(x for x in (atom.layer, atom.sample) if x is not None),
            )
            if atom.column is not None:
                value = arrays.Column(value, atom.column)
            return arrays.TransposeOf(value) if atom.transpose else value
        if atom.column is not None:
            raise self.error(
                f"a column of {atom.name}, which is not declared as a matrix", atom.start, atom.end
            )
        if atom.transpose:
            raise self.error(
                f"a transpose of {atom.name}, which is not declared as a vector or matrix",
                atom.start,
                atom.end,
            )
        if atom.indexed:
            fam = Family(atom.name, atom.layer is not None, atom.sample is not None)
            idx = (
                tuple(x for x in ([atom.layer] if atom.layer is not None else []))
                + tuple(x for x in ([atom.sample] if atom.sample is not None else []))
                + tuple(atom.subs)
            )
            return self.names.indexed(fam, idx)
        if atom.name in {"\\mathrm{e}", "e"} and spec is None:
            return sympy.E
        return self.names.symbol(atom.name)

    def function_of(self, atom: Atom) -> FunctionMaker | None:
        """The function a name stands for when it is applied, or None for a variable."""
        if atom.indexed:
            return None
        spec = self.names.spec(atom.name)
        if spec is not None and spec.function is not None:
            kind = spec.function
            if kind is FunctionKind.ARBITRARY:
                return sympy.Function(atom.name)  # type: ignore[no-any-return]
            if kind is FunctionKind.SOFTMAX:
                raise UnsupportedError("softmax needs vector forms, which are not supported yet")
            return functions.KNOWN[kind.value]  # type: ignore[no-any-return]
        if atom.name in self.defined_functions:
            return sympy.Function(atom.name)  # type: ignore[no-any-return]
        if atom.name in arrays.ARRAY_FUNCTIONS:
            return arrays.ARRAY_FUNCTIONS[atom.name]
        return None

    def _name(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        atom = self._atom(i, hi)
        j = atom.end
        func = self.function_of(atom)
        called = j < hi and self.tokens[j].is_char("(")
        if func is not None and called:
            close = matching(self.tokens, j, self.latex)
            args = self._arguments(j + 1, close)
            value = self._apply(func, args, atom)
            pieces.append(self._hold(value, i, close + 1, holds))
            return close + 1
        if func is not None and not atom.indexed and self.arguments.get(atom.name):
            if atom.primes:
                raise self.error(f"a derivative needs its argument: {atom.name}'(x)", i, j)
            pieces.append(self._hold(func(*self.arguments[atom.name]), i, j, holds))
            if atom.power is not None:
                pieces.append("^{")
                self._emit(*atom.power, pieces, holds)
                pieces.append("}")
            return j
        if func is not None and not atom.indexed:
            raise self.error(f"the function {atom.name} needs an argument in parentheses", i, j)
        if called and atom.primes:  # u'(x): a derivative of something not declared a function
            raise self.error(
                f"a prime on {atom.name}, which is not declared as a function "
                f'(add {atom.name.lstrip(chr(92))} = "function" to [symbols])',
                i,
                j,
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

    def _arguments(self, lo: int, hi: int) -> list[sympy.Expr]:
        if lo >= hi:
            raise self.error("a function call with no argument", max(0, lo - 1), lo + 1)
        commas = [k for k in range(lo, hi) if self.tokens[k].is_char(",") and self._depth0(lo, k)]
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
        if k >= hi or not self._starts_name(self.tokens[k]):
            raise self.error(outside, i)
        end = self._atom(k, hi).end
        if end < hi and self.tokens[end].is_char("("):
            end = matching(self.tokens, end, self.latex) + 1
        if not (end < hi and self.tokens[end].is_char("/")):
            raise self.error(outside, i)
        operand = self.expr(k, end)
        d = m = end + 1
        while m < hi and self.tokens[m].is_command("\\partial") and m + 1 < hi:
            m = self._atom(m + 1, hi).end
            if m < hi and self.tokens[m].is_char("^"):
                m = self._group(m + 1, hi)[2]
        if m == d:
            raise self.error("expected \\partial in the denominator of a derivative", end, end + 1)
        variables = self._denominator(d, m, "\\partial")
        pieces.append(self._hold(self._derivative(operand, variables, order, i, m), i, m, holds))
        return m

    def _integer(self, lo: int, hi: int) -> int:
        toks = self.tokens[lo:hi]
        if len(toks) == 1 and toks[0].kind is Kind.NUMBER and toks[0].text.isdigit():
            return int(toks[0].text)
        raise self.error("the order of a derivative must be a whole number", lo, hi)

    @staticmethod
    def _starts_name(t: Token) -> bool:
        return t.kind is Kind.LETTER or (
            t.kind is Kind.COMMAND
            and (
                t.text[1:] in GREEK
                or t.text in DECORATIONS | TRANSPARENT_FONTS | NAMED_FONTS | WORD_FONTS
            )
        )

    def _denominator(self, lo: int, hi: int, marker: str) -> list[tuple[sympy.Expr, int]]:
        out: list[tuple[sympy.Expr, int]] = []
        k = lo
        while k < hi:
            t = self.tokens[k]
            if not (t.text == marker and t.kind in {Kind.COMMAND, Kind.LETTER}):
                raise self.error(f"expected {marker} in the denominator of a derivative", k, hi)
            braced = k + 1 < hi and self.tokens[k + 1].is_char("{")  # \partial{ L_k}
            ahi = matching(self.tokens, k + 1, self.latex) if braced else hi
            atom = self._atom(k + 2 if braced else k + 1, ahi)
            if braced and atom.end != ahi:
                raise self.error("\\partial{...} should hold one name", k, ahi + 1)
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
            var = self.value_of(atom)
            k = ahi + 1 if braced else atom.end
            n = 1
            if k < hi and self.tokens[k].is_char("^"):
                olo, ohi, k = self._group(k + 1, hi)
                n = self._integer(olo, ohi)
            if not isinstance(var, sympy.Symbol | sympy.Indexed):
                raise self.error("a derivative must be taken with respect to a name", lo, hi)
            out.append((var, n))
        if not out:
            raise self.error("a derivative needs a variable", lo, hi)
        return out

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
            raise self.error("write the variable of a gradient as a subscript: \\nabla_{w} L", i)
        lo, gh = sub
        atom = self._atom(lo, gh)
        if atom.end != gh:
            raise self.error("the subscript of \\nabla should be one name", lo, gh)
        var = self.value_of(atom)
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

    def _nabla_operand(self, i: int, hi: int) -> tuple[sympy.Expr, int]:
        """The product after `\\nabla_x`, `\\partial_x` or `\\frac{d}{dx}`: up to the next + or -
        at the same depth (a relation has already split the statement), or the end of the
        enclosing group. `\\frac{d}{dx} 9(x + x^2)` and `\\frac{d}{dx}x^2x` are derivatives of
        the whole product, as notes mean them."""
        depth, end = 0, hi
        for k in range(i, hi):
            t = self.tokens[k]
            depth += t.is_char("{", "(", "[")
            depth -= t.is_char("}", ")", "]")
            before = self.tokens[k - 1]
            binary = k > i and not (
                before.is_char("+", "-", "(", "[", "{", "^", "_")
                or (before.kind is Kind.COMMAND and before.text in PRODUCTS)
            )
            if depth < 0 or (depth == 0 and binary and t.is_char("+", "-")):
                end = k  # a + or -, or the group that holds the operator closes
                break
        if end <= i or self.tokens[i].is_char("+", "-"):  # \nabla_a - b: write \nabla_a(-b)
            raise self.error("a derivative operator with nothing to apply to", max(0, i - 1))
        return self.expr(i, end), end

    # -- sums, products, norms ---------------------------------------------------------------
    def _sum(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        op = self.tokens[i].text
        if i + 1 < hi and self.tokens[i + 1].is_char("^"):  # \prod^m_{i=1}: limits swapped
            _, _, after_up = self._group(i + 2, hi)
            if after_up < hi and self.tokens[after_up].is_char("_"):
                _, _, after_down = self._group(after_up + 1, hi)
                up, down = self.tokens[i + 1 : after_up], self.tokens[after_up:after_down]
                self.tokens[i + 1 : after_down] = down + up
        if not (i + 1 < hi and self.tokens[i + 1].is_char("_")):
            raise self.error(f"{op} needs an index: {op}_{{j=1}}^{{n}}", i)
        lo, gh, nxt = self._group(i + 2, hi)
        sub = self.tokens[lo:gh]
        eq = [k for k in range(lo, gh) if self.tokens[k].is_char("=")]
        member = [k for k in range(lo, gh) if self.tokens[k].is_command("\\in")]
        if eq:
            var_atom = self._variable_atom(lo, eq[0])
            if var_atom.end != eq[0] or var_atom.indexed:
                raise self.error("the index of a sum should be one plain name", lo, eq[0])
            var = self.names.symbol(var_atom.name)
            pieces.append(f"{op}_{{")
            pieces.append(self._hold(var, lo, eq[0], holds))
            pieces.append("=")
            self._emit(eq[0] + 1, gh, pieces, holds)
            pieces.append("}")
            if nxt < hi and self.tokens[nxt].is_char("^"):
                ulo, uhi, nxt = self._group(nxt + 1, hi)
                pieces.append("^{")
                label = self._limit_label(ulo, uhi, var)
                if label is not None:  # \sum_{o=1}^{N_{o}}: N_o, the number of o's
                    pieces.append(self._hold(label, ulo, uhi, holds))
                else:
                    self._emit(ulo, uhi, pieces, holds)
                pieces.append("}")
            else:
                raise self.error(f"{op} with a lower limit needs an upper limit", i, nxt)
            return nxt
        if member:
            k = member[0]
            atom = self._variable_atom(lo, k)
            if atom.end != k:
                raise self.error("expected one name before \\in", lo, k)
            if atom.subs and len(atom.subs) == 1 and isinstance(atom.subs[0], sympy.Symbol):
                var = atom.subs[0]
            elif not atom.indexed:
                var = self.names.symbol(atom.name)
            else:
                raise self.error("cannot tell the index of this set-indexed sum", lo, k)
            set_atom = self._variable_atom(k + 1, gh)
            if set_atom.end != gh:
                raise self.error("expected one set name after \\in", k + 1, gh)
            size = sympy.Symbol(f"|{set_atom.name}|", integer=True, positive=True)
        elif len(sub) >= 1:
            atom = self._variable_atom(lo, gh)
            if atom.end != gh or atom.indexed:
                raise self.error("the index of a sum should be one plain name", lo, gh)
            var = self.names.symbol(atom.name)
            size = sympy.Symbol(f"#{atom.name}", integer=True, positive=True)
        else:
            raise self.error("an empty sum index", i)
        pieces.append(f"{op}_{{")
        pieces.append(self._hold(var, lo, gh, holds))
        pieces.append("= 1}^{")
        if nxt < hi and self.tokens[nxt].is_char("^"):
            if member:
                raise self.error("a set-indexed sum has no upper limit", nxt)
            ulo, uhi, nxt = self._group(nxt + 1, hi)  # \sum_i^n: i from 1 to n
            self._emit(ulo, uhi, pieces, holds)
        else:
            pieces.append(self._hold(size, lo, gh, holds))
        pieces.append("}")
        return nxt

    def _limit_label(self, lo: int, hi: int, var: sympy.Symbol) -> sympy.Symbol | None:
        """`N_{o}` as the upper limit of a sum over o: the sum's own index is not bound in its
        limits, so the subscript is a label (N_o, the number of o's), not an index."""
        if not self._starts_name(self.tokens[lo]):
            return None
        atom = self._atom(lo, hi)
        if (
            atom.end == hi
            and len(atom.subs) == 1
            and atom.subs[0] == var
            and atom.layer is None
            and atom.sample is None
            and not atom.transpose
        ):
            return self.names.symbol(f"{atom.name}_{{{var}}}")
        return None

    def _norm(
        self, i: int, hi: int, pieces: list[str], holds: dict[str, tuple[sympy.Expr, int, int]]
    ) -> int:
        depth = 0
        for k in range(i + 1, hi):
            t = self.tokens[k]
            depth += nesting(t)
            if depth == 0 and t.is_char(NORM):
                inner = self.expr(i + 1, k)
                pieces.append(self._hold(sympy.Abs(inner), i, k + 1, holds))
                return k + 1
        raise self.error("a norm \\| is never closed", i)


def read_expression(latex: str, names: Names, defined: frozenset[str] = frozenset()) -> sympy.Expr:
    """Parse one expression (no relation) written in ML notation."""
    reader = Reader(latex, names, defined)
    parts, rels = reader.split_relations()
    if rels:
        lo, _ = parts[1]
        raise reader.error(f"expected an expression, found the relation {rels[0]}", lo - 1)
    return reader.expr(0, len(reader.tokens))
