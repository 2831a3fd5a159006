"""Names as written, with their scripts: the base name (Greek letters, fonts, decorations,
multi-letter names, increments), subscripts (indices, labels, columns), superscripts (layers,
samples, transposes, primes, powers)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from derive.errors import UnsupportedError
from derive.notation.cursor import Cursor
from derive.notation.macros import DECORATIONS, NAMED_FONTS, TRANSPARENT_FONTS, WORD_FONTS
from derive.notation.tokens import Kind, Token, matching, text_content
from derive.specs import GREEK


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


class ScriptReader(Cursor):
    """The part of the reader that reads a name and its scripts into an `Atom`."""

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
            if rest and not (not extra and self._lone_subscript(after, gh)):
                raise self.error(f"{t.text}{{...}} should decorate one name", i, gh + 1)
            return f"{t.text}{{{inner}}}", nxt, extra + rest
        if t.text in NAMED_FONTS:
            if rest:
                raise self.error(f"{t.text}{{...}} should hold one name", i, gh + 1)
            return f"{t.text}{{{inner}}}", nxt, extra
        # bold and similar: the same name; scripts may be written inside the group
        return inner, nxt, extra + rest

    def atom(self, i: int, hi: int) -> Atom:
        name, j, inner_scripts = self._base(i, hi)
        decorated = self._decorated_entry(name, inner_scripts)
        if inner_scripts and decorated is None:
            written = self.latex[inner_scripts[0].start : inner_scripts[-1].end]
            why = (  # \hat{y_i} with y a vector: the estimate of entry i, or entry i of \hat{y}
                f" ({name.split('{', 1)[0]} over an entry of a vector is ambiguous)"
                if name.split("{", 1)[0] in DECORATIONS
                else ""
            )
            raise UnsupportedError(
                f"scripts inside a font or accent group ({self.latex[self.tokens[i].start :]!r}) "
                f"are not supported: write them after the group, {name}{written}{why}"
            )
        atom = Atom(name, i, j)
        if decorated is not None:  # \hat{y_i}: the entry \hat{y}_i
            atom.subs = decorated
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
                if kind == "power" and self._layer_number(atom.name, lo, gh):
                    raise self.error(
                        f"a number as the superscript of {atom.name}, which is written with a "
                        "layer superscript elsewhere: a layer or a power? Write "
                        f"{atom.name}^{{[{self.tokens[lo].text}]}} for the layer, or a power "
                        f"with parentheses, ({atom.name}_j)^2",
                        i,
                        nxt,
                    )
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
        if spec is not None and spec.samples and atom.subs:
            self._sample_vector(atom)
        if (atom.layer is not None or self._declared_matrix(atom.name)) and (
            len(atom.subs) == 1 and atom.subs[0].is_Integer
        ):
            digits = str(atom.subs[0])
            # w^{[2]}_{12}, A_{12}: row 1, column 2 (not A_{-1}: a minus sign is no row)
            if len(digits) == 2 and digits.isdigit() and "0" not in digits:
                atom.subs = [sympy.Integer(int(d)) for d in digits]
        return atom

    def _lone_subscript(self, lo: int, hi: int) -> bool:
        """Whether tokens lo..hi are one subscript `_i`, `_{ij}` and nothing else."""
        return lo < hi and self.tokens[lo].is_char("_") and self._group(lo + 1, hi)[2] == hi

    def _decorated_entry(self, name: str, scripts: list[Token]) -> list[sympy.Expr] | None:
        """The indices of `\\hat{y_i}`, read as the entry \\hat{y}_i of the family \\hat{y} (the
        estimate of y_i), when neither \\hat{y} nor y is declared a vector or matrix: for a
        vector y, \\hat{y_i} would be the estimate of entry i, or of a vector y_i; not read.
        None when `name` is no decorated name with a lone subscript inside."""
        deco = name.split("{", 1)[0]
        if not scripts or deco not in DECORATIONS or not scripts[0].is_char("_"):
            return None
        inner = name[len(deco) + 1 : -1]
        if any(
            (spec := self.names.spec(n)) is not None and spec.shape is not None
            for n in (name, inner)
        ):
            return None
        lo = next(k for k, t in enumerate(self.tokens) if t is scripts[0])
        slo, shi, _ = self._group(lo + 1, lo + len(scripts))
        return self._indices(slo, shi)

    def _sample_vector(self, atom: Atom) -> None:
        """`\\hat{x}_i` with `\\hat{x} = "samples(n)"`: the vector of sample i, read as
        `\\hat{x}^{(i)}` is with `vector(n)`. Any other subscript is an error: `\\hat{x}_{ik}`
        could be entry k of sample i or sample ik, and `\\hat{x}^{(j)}_i` entry i of sample j."""
        if len(atom.subs) != 1 or atom.sample is not None or atom.layer is not None:
            spec = self.names.spec(atom.name)
            size = spec.shape[0] if spec is not None and spec.shape is not None else "n"
            raise self.error(
                f"{atom.name} is declared samples({size}), a vector for each sample: write one "
                f"sample {atom.name}_i (an entry of it, or a second index, is not read)",
                atom.start,
                atom.end,
            )
        (atom.sample,) = atom.subs
        atom.subs = []

    def _declared_matrix(self, name: str) -> bool:
        """A name declared `matrix(rows, cols)` in [symbols]: its entries take two indices."""
        spec = self.names.spec(name)
        return (
            spec is not None
            and spec.shape is not None
            and len(spec.shape) == 2
            and (spec.shape[1] != "1")
        )

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
        if len(toks) == 1 and (spec := self.names.spec(toks[0].text)) is not None and spec.sample:
            return "index"  # y^k_j with k = "sample": the sample index, as y^{(k)}_j
        if toks and toks[0].is_char("(") and matching(self.tokens, lo, self.latex) == hi - 1:
            return "sample"
        if sup_index:
            return "index"
        return "power"

    def _layer_number(self, name: str, lo: int, hi: int) -> bool:
        """`z^2_j` where a name is declared `layer` and z has been read with a layer index
        (`z^l_j` in a definition): layer 2 to the note's reader, a power by the rule of bare
        superscripts; neither is guessed."""
        one = hi == lo + 1 and self.tokens[lo].kind is Kind.NUMBER
        declared = any(s.layer for s in self.names.specs.values())
        return one and declared and self.names.layered(name)

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
        if simple and len(toks) > 1:
            # one index a token (w_{jk}), but a declared multi-letter name is one index
            # (a_{OUT} with OUT declared), found as a name is (the longest written one)
            out, k = [], lo
            while k < hi:
                after = self._base(k, hi)[1] if self.tokens[k].kind is Kind.LETTER else k + 1
                out.append(self.expr(k, after))
                k = after
            return out
        return [self.expr(lo, hi)]

    @staticmethod
    def starts_name(t: Token) -> bool:
        return t.kind is Kind.LETTER or (
            t.kind is Kind.COMMAND
            and (
                t.text[1:] in GREEK
                or t.text in DECORATIONS | TRANSPARENT_FONTS | NAMED_FONTS | WORD_FONTS
            )
        )
