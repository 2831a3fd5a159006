"""A name read as a value: variables, indexed entries, whole vectors and matrices, columns and
transposes, rows of a matrix, zero-based entries, the Kronecker delta, and primed names (z',
x'_0)."""

from __future__ import annotations

import dataclasses

import sympy

from derive.notation import arrays
from derive.notation.macros import CONVENTIONAL_FUNCTIONS
from derive.notation.names import Family
from derive.notation.scripts import Atom, ScriptReader


class ValueReader(ScriptReader):
    """The part of the reader that turns a name into its value."""

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
        atom = self.atom(lo, hi)
        return self.primed_variable(atom) if atom.primes else atom

    def value_of(self, atom: Atom) -> sympy.Expr:
        """The SymPy object for a name used as a variable."""
        if atom.primes:
            atom = self.primed_variable(atom)
        spec = self.names.spec(atom.name)
        if spec is not None and spec.rows is not None:
            return self._row_of(atom, spec.rows)
        if spec is not None and spec.samples and atom.sample is None:
            raise self.error(
                f"{atom.name} is declared samples({(spec.shape or ('n',))[0]}), a vector for each "
                f"sample: write one sample {atom.name}_i",
                atom.start,
                atom.end,
            )
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
        if (
            atom.name == "\\delta"
            and spec is None
            and len(atom.subs) == 2
            and atom.layer is None
            and atom.sample is None
        ):  # \delta_{ij}: the Kronecker delta (a backprop error \delta_j^{(l)} has one index)
            return sympy.KroneckerDelta(*atom.subs)
        if atom.indexed and spec is not None and spec.zero_based:
            atom = self._from_zero(atom)
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

    def _from_zero(self, atom: Atom) -> Atom:
        """`\\beta_0`, `\\beta_1` of a vector declared zero-based: entries 1, 2 of the whole
        vector (derive counts from 1). Only numbers: a letter index would need its range
        shifted too, which is not read."""
        if not all(isinstance(s, sympy.Integer) for s in atom.subs):
            raise self.error(
                f"{atom.name} is declared zero-based: only numbered entries ({atom.name}_0, "
                f"{atom.name}_1) are read, not a letter index",
                atom.start,
                atom.end,
            )
        if any(s < 0 for s in atom.subs):
            raise self.error(
                f"{atom.name} is declared zero-based: no entry below 0", atom.start, atom.end
            )
        return dataclasses.replace(atom, subs=[s + 1 for s in atom.subs])

    def _row_of(self, atom: Atom, matrix: str) -> sympy.Expr:
        """`x_i` with `x = "rows(X)"`: row i of the matrix X, as a column vector (`x_i^T` the
        row itself), so that `x_i^T \\beta` is the i-th entry of `X\\beta`."""
        spec = self.names.spec(matrix)
        if spec is None or spec.shape is None or spec.shape[1] == "1":
            raise self.error(
                f"{atom.name} is declared the rows of {matrix}, which is not declared a matrix",
                atom.start,
                atom.end,
            )
        if (
            len(atom.subs) != 1
            or atom.layer is not None
            or atom.sample is not None
            or atom.column is not None
        ):
            raise self.error(
                f"{atom.name} is declared the rows of {matrix}: write one row {atom.name}_i",
                atom.start,
                atom.end,
            )
        whole = self.names.array(Family(matrix, False, False), ())
        value = arrays.Column(arrays.TransposeOf(whole), atom.subs[0])
        return arrays.TransposeOf(value) if atom.transpose else value
