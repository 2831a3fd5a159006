"""Sums and products with their index and limits (`\\sum_{j=1}^{n}`, `\\sum_{i \\in S}`,
`\\prod^m_{i=1}`), and norms."""

from __future__ import annotations

import sympy

from derive.notation import arrays
from derive.notation.calls import CallReader
from derive.notation.macros import NORM
from derive.notation.scripts import Atom
from derive.notation.tokens import nesting


class SumReader(CallReader):
    """The part of the reader that reads sums, products and norms."""

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
        skip: str | None = None
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
            elif self._from_one(eq[0] + 1, gh):  # \sum_{i=1} y_i: i over its whole range
                pieces.append("^{")
                size = sympy.Symbol(f"#{var_atom.name}", integer=True, positive=True)
                pieces.append(self._hold(size, lo, gh, holds))
                pieces.append("}")
            else:
                raise self.error(
                    f"{op} with a lower limit other than 1 (or with zero-based names) needs an "
                    "upper limit",
                    i,
                    nxt,
                )
            return nxt
        if member:
            k = member[0]
            atom = self._variable_atom(lo, k)
            if atom.end != k:
                raise self.error("expected one name before \\in", lo, k)
            spec = self.names.spec(atom.name)
            if atom.subs and spec is not None and spec.shape is not None and spec.rows is None:
                raise self.error(  # x_i \in M says x_i is a point; x = "vector(n)" an entry
                    f"{atom.name} is declared a vector or matrix, so {atom.name}_i is an entry of "
                    f"it, not a member of a set of points: for the i-th sample vector declare "
                    f"{atom.name} samples({spec.shape[0]})",
                    lo,
                    k,
                )
            if atom.subs and len(atom.subs) == 1 and isinstance(atom.subs[0], sympy.Symbol):
                var = atom.subs[0]
            elif not atom.indexed:
                var = self.names.symbol(atom.name)
            elif (sample := self._one_sample(atom)) is not None:
                var = sample  # \sum_{\hat{x}_i \in M} with \hat{x} = "samples(n)"
            else:
                raise self.error("cannot tell the index of this set-indexed sum", lo, k)
            set_atom = self._variable_atom(k + 1, gh)
            if set_atom.end != gh:
                raise self.error("expected one set name after \\in", k + 1, gh)
            size = sympy.Symbol(f"|{set_atom.name}|", integer=True, positive=True)
        elif len(sub) >= 1:
            neq = [k for k in range(lo, gh) if self.tokens[k].is_command("\\neq")]
            end = neq[0] if neq else gh
            atom = self._variable_atom(lo, end)
            if atom.end != end or atom.indexed:
                raise self.error("the index of a sum should be one plain name", lo, end)
            var = self.names.symbol(atom.name)
            size = sympy.Symbol(f"#{atom.name}", integer=True, positive=True)
            if neq:  # \sum_{i \neq k}: every i of its range but k (a factor 0 at i = k)
                if end + 1 >= gh:
                    raise self.error("\\neq needs the value the sum leaves out", end)
                if op != "\\sum":
                    raise self.error("only a sum can leave one index out", end, gh)
                left_out = self.expr(end + 1, gh)
                skip = self._hold(1 - sympy.KroneckerDelta(var, left_out), lo, gh, holds)
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
        if skip is not None:
            pieces.append(skip)  # a factor of the sum's term: it binds as the term does
        return nxt

    def _from_one(self, lo: int, hi: int) -> bool:
        """A lower limit that is exactly 1, with no name declared zero-based: `\\sum_{i=1}`
        without an upper limit is then the sum over the whole range of i, as `\\sum_i` is
        (with entries from 0, `\\sum_{i=1}` would leave out the first one)."""
        written = hi == lo + 1 and self.tokens[lo].text == "1"
        return written and not any(s.zero_based for s in self.names.specs.values())

    def _one_sample(self, atom: Atom) -> sympy.Symbol | None:
        """The index of `\\hat{x}_i`, one sample of a family declared samples(n)."""
        spec = self.names.spec(atom.name)
        if spec is None or not spec.samples or atom.subs or atom.layer is not None:
            return None
        return atom.sample if isinstance(atom.sample, sympy.Symbol) else None

    def _limit_label(self, lo: int, hi: int, var: sympy.Symbol) -> sympy.Symbol | None:
        """`N_{o}` as the upper limit of a sum over o: the sum's own index is not bound in its
        limits, so the subscript is a label (N_o, the number of o's), not an index."""
        if not self.starts_name(self.tokens[lo]):
            return None
        atom = self.atom(lo, hi)
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
                # of a vector or matrix form, a norm of its own: SymPy's Abs.eval recurses
                # without end on a sum holding a non-commutative term (z - w_{jk} - z_j)
                norm = sympy.Abs(inner) if inner.is_commutative else arrays.NormOf(inner)
                end = k + 1
                if end < hi and self.tokens[end].is_char("_"):  # \|x\|_2: the Euclidean norm
                    lo, gh, after = self._group(end + 1, hi)
                    if not (gh == lo + 1 and self.tokens[lo].text == "2"):
                        raise self.error(r"only the 2-norm \|x\|_2 is read", end, after)
                    end = after
                pieces.append(self._hold(norm, i, end, holds))
                return end
        raise self.error("a norm \\| is never closed", i)
