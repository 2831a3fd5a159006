"""SymPy back to LaTeX in the author's notation: `w^{[l]}_{jk}` stays that, `\\sigma'(z)` stays
that, `\\hat{y}_j^k` stays that; never SymPy's internal names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter

from derive import functions
from derive.model import FunctionKind, SymbolSpec
from derive.notation import arrays
from derive.notation.families import family_of, label_of

SIGMA = "\\sigma"
RELU = "\\mathrm{relu}"


def subscript(indices: Sequence[sympy.Expr], printer: LatexPrinter | None = None) -> str:
    texts = [printer._print(i) if printer else sympy.latex(i) for i in indices]
    if all(len(t) == 1 and t.isalpha() for t in texts):  # w_{jk}; but w_{2,0}, not w_{20}
        return "".join(texts)
    return ",".join(texts)


def indexed_latex(
    label: str,
    indices: Sequence[sympy.Expr],
    specs: Mapping[str, SymbolSpec],
    printer: LatexPrinter | None = None,
) -> str:
    fam = family_of(label)
    idx = list(indices)
    show = (lambda e: printer._print(e)) if printer else sympy.latex
    layer = show(idx.pop(0)) if fam.layer else None
    sample = show(idx.pop(0)) if fam.sample else None
    spec = specs.get(fam.name)
    sup_index = spec is not None and spec.superscript_index
    if fam.sample and isinstance(indices[int(fam.layer)], sympy.Symbol):  # k = "sample": y^k
        own = specs.get(str(indices[int(fam.layer)]))
        sup_index = sup_index or (own is not None and own.sample)
    out = fam.name
    if sample is not None and spec is not None and spec.samples:  # \hat{x}_i, \hat{x}_{i,k}
        return out + f"_{{{subscript([indices[int(fam.layer)], *idx], printer)}}}"
    sup = ""
    if layer is not None:
        sup += f"[{layer}]"
    if sample is not None and not sup_index:
        sup += f"({sample})"
    if sup:
        out += f"^{{{sup}}}"
    if spec is not None and spec.zero_based:  # beta_0 is stored as entry 1 (see calls.py)
        idx = [i - 1 for i in idx]
    if idx:
        out += f"_{{{subscript(idx, printer)}}}"
    if sample is not None and sup_index:
        out += f"^{{{sample}}}"
    return out


def element_name(label: str, indices: Sequence[sympy.Expr], specs: Mapping[str, SymbolSpec]) -> str:
    """The name of one concrete element, as the author would write it: w_{2}, x_{2,1}."""
    text = indexed_latex(label, indices, specs)
    fam = family_of(label)
    n_subs = len(indices) - int(fam.layer) - int(fam.sample)
    if n_subs > 1:  # w_{21} could be w[21] or w[2,1]; an element name must not be ambiguous
        subs = indices[len(indices) - n_subs :]
        spec = specs.get(fam.name)
        if spec is not None and spec.zero_based:
            subs = [i - 1 for i in subs]
        head = text[: text.index("_{")]
        tail = text[text.index("_{") + 2 + len(subscript(subs)) + 1 :]
        text = head + "_{" + ",".join(sympy.latex(i) for i in subs) + "}" + tail
    return text


class AuthorPrinter(LatexPrinter):  # type: ignore[misc]
    """LaTeX with the names and functions as the claim's author declared them."""

    def __init__(self, specs: Mapping[str, SymbolSpec]) -> None:
        super().__init__({"ln_notation": False, "mul_symbol": None})
        self.specs = specs
        self.function_names = {
            spec.function.value: name
            for name, spec in specs.items()
            if spec.function is not None and spec.function is not FunctionKind.ARBITRARY
        }

    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        return str(expr.name)

    def _print_Indexed(self, expr: sympy.Indexed) -> str:
        return indexed_latex(label_of(expr), expr.indices, self.specs, self)

    def _fname(self, kind: str, default: str) -> str:
        return self.function_names.get(kind, default)

    def _print_sigmoid(self, expr: sympy.Expr, exp: str | None = None) -> str:
        name = self._fname("sigmoid", SIGMA)
        out = f"{name}\\left({self._print(expr.args[0])}\\right)"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_relu(self, expr: sympy.Expr, exp: str | None = None) -> str:
        name = self._fname("relu", RELU)
        out = f"{name}\\left({self._print(expr.args[0])}\\right)"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_Sum(self, expr: sympy.Sum) -> str:
        # a sum written without limits (\sum_k) runs to the size `#k`, a sum over a set
        # (\sum_{x_i \in M}) to `|M|`: print them so that they read back the same
        upper = str(expr.limits[0][2])
        if len(expr.limits) == 1 and upper[:1] in ("#", "|"):
            var = self._print(expr.limits[0][0])
            body = self._print(expr.function)
            if isinstance(expr.function, sympy.Add):
                body = f"\\left({body}\\right)"
            where = var if upper.startswith("#") else f"{var} \\in {upper.strip('|')}"
            return f"\\sum_{{{where}}} {body}"
        return str(super()._print_Sum(expr))

    def _print_log(self, expr: sympy.Expr, exp: str | None = None) -> str:
        # \log\left(x\right), and (\log\left(x\right))^{2}, not SymPy's \log{\left(x \right)}^{2}:
        # a power after the braced argument is an error for the reader (braced_calls.py)
        out = f"\\log\\left({self._print(expr.args[0])}\\right)"
        return f"\\left({out}\\right)^{{{exp}}}" if exp else out

    def _print_Function(self, expr: sympy.Expr, exp: str | None = None) -> str:
        if isinstance(expr, AppliedUndef):
            args = ", ".join(self._print(a) for a in expr.args)
            out = f"{expr.func.__name__}\\left({args}\\right)"
            return f"{out}^{{{exp}}}" if exp else out
        return str(super()._print_Function(expr, exp))

    def _print_Subs(self, expr: sympy.Subs) -> str:
        inner = expr.expr
        if (
            isinstance(inner, sympy.Derivative)
            and len(expr.variables) == 1
            and len(inner.variables) >= 1
            and all(v == expr.variables[0] for v in inner.variables)
            and isinstance(inner.expr, sympy.Function)
            and inner.expr.args == (expr.variables[0],)
        ):
            func = inner.expr
            if isinstance(func, functions.sigmoid):
                name = self._fname("sigmoid", "\\sigma")
            elif isinstance(func, AppliedUndef):
                name = func.func.__name__
            else:
                name = self._print(func.func)
            primes = "'" * len(inner.variables)
            return f"{name}{primes}\\left({self._print(expr.point[0])}\\right)"
        return str(super()._print_Subs(expr))

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        order = sum(n for _, n in expr.variable_count)
        top = "\\partial" + (f"^{{{order}}}" if order > 1 else "")
        bottom = " ".join(
            "\\partial " + self._print(v) + (f"^{{{n}}}" if n > 1 else "")
            for v, n in expr.variable_count
        )
        body = self._print(expr.expr)
        if isinstance(expr.expr, sympy.Symbol | sympy.Indexed):
            return f"\\frac{{{top} {body}}}{{{bottom}}}"
        return f"\\frac{{{top}}}{{{bottom}}}\\left({body}\\right)"

    # -- vector and matrix forms (derive.notation.arrays) -------------------------------------
    def _print_Pow(self, expr: sympy.Pow) -> str:
        # SymPy prints a power of a function as f^{k}(x), passing exp to the function's printer;
        # the array markers print themselves without one: (W^T V^T u)^{2}, (X)_{ij}^{2}
        base = expr.base
        if isinstance(
            base, arrays.ArrayOp | arrays.Entry | arrays.TraceOf | arrays.Dot
        ) and not isinstance(base, arrays.Literal | arrays.Stack):
            return f"\\left({self._print(base)}\\right)^{{{self._print(expr.exp)}}}"
        if isinstance(base, sympy.Indexed | sympy.Symbol) and not (
            expr.exp.is_Rational and (expr.exp.is_negative or expr.exp.q != 1)  # 1/x, \sqrt{x}
        ):
            written = self._print(base)
            if "^" in written:  # y^{(i)}^{2} is a double superscript, which TeX rejects
                return f"{{{written}}}^{{{self._print(expr.exp)}}}"
        return str(super()._print_Pow(expr))

    def _print_TransposeOf(self, expr: sympy.Basic) -> str:
        (arg,) = expr.args
        text = str(self._print(arg))
        if isinstance(arg, sympy.Indexed) and "]}" in text and text.endswith("}"):
            return text[:-1] + "T}"  # w^{[l]} -> w^{[l]T}
        if isinstance(arg, sympy.Symbol) or (
            isinstance(arg, arrays.Column) and self._row_name(arg) is not None
        ):
            return f"{text}^{{T}}"
        return f"\\left({text}\\right)^{{T}}"

    def _print_Hadamard(self, expr: sympy.Basic) -> str:
        parts = []
        for a in expr.args:
            text = self._print(a)
            parts.append(f"\\left({text}\\right)" if isinstance(a, sympy.Add | sympy.Mul) else text)
        return " \\odot ".join(parts)

    def _print_Apply(self, expr: sympy.Basic) -> str:
        return str(self._print(expr.args[0]))

    def _print_Grad(self, expr: sympy.Basic) -> str:
        c, v = expr.args
        if isinstance(v, arrays.Literal):  # \nabla f(x, y): by all the arguments
            return f"\\nabla {self._print(c)}"
        return f"\\frac{{\\partial {self._print(c)}}}{{\\partial {self._print(v)}}}"

    def _print_Hessian(self, expr: sympy.Basic) -> str:
        c, v = expr.args
        return f"\\nabla^{{2}}_{{{self._print(v)}}} \\left({self._print(c)}\\right)"

    def _print_Entry(self, expr: sympy.Basic) -> str:
        x, *idx = expr.args
        ids = ",".join(str(self._print(i)) for i in idx)  # (X)_{12} would read as entry 12
        return f"\\left({self._print(x)}\\right)_{{{ids}}}"

    def _print_RowMean(self, expr: sympy.Basic) -> str:
        return f"\\mathrm{{meanOfEachRow}}\\left({self._print(expr.args[0])}\\right)"

    def _print_Softmax(self, expr: sympy.Basic) -> str:
        return f"\\operatorname{{softmax}}\\left({self._print(expr.args[0])}\\right)"

    def _print_Diag(self, expr: sympy.Basic) -> str:
        return f"\\operatorname{{diag}}\\left({self._print(expr.args[0])}\\right)"

    def _print_NormOf(self, expr: sympy.Basic, exp: str | None = None) -> str:
        norm = f"\\left\\|{self._print(expr.args[0])}\\right\\|"
        return f"{norm}^{{{exp}}}" if exp is not None else norm

    def _print_TraceOf(self, expr: sympy.Basic) -> str:
        return f"\\mathrm{{tr}}\\left({self._print(expr.args[0])}\\right)"

    def _print_Dot(self, expr: sympy.Basic) -> str:
        (product,) = expr.args
        if isinstance(product, sympy.Mul) and len(product.args) == 2:
            u, v = product.args
            if isinstance(u, arrays.TransposeOf):
                return f"{self._print(u.args[0])} \\cdot {self._print(v)}"
        return f"\\left({self._print(product)}\\right)"

    def _row_name(self, expr: sympy.Basic) -> str | None:
        """`x_{i}` for Column(X^T, i) when x is declared `rows(X)`."""
        x, i = expr.args
        if isinstance(x, arrays.TransposeOf) and isinstance(x.args[0], sympy.Symbol):
            matrix = x.args[0].name
            for name, spec in self.specs.items():
                if spec.rows == matrix:
                    return f"{name}_{{{self._print(i)}}}"
        return None

    def _print_Column(self, expr: sympy.Basic) -> str:
        row = self._row_name(expr)
        if row is not None:
            return row
        x, i = expr.args
        return f"{self._print(x)}_{{:,{self._print(i)}}}"

    def _print_Literal(self, expr: arrays.Literal, exp: str | None = None) -> str:
        cells = [self._print(e) for e in expr.entries]
        rows = [" & ".join(cells[k : k + expr.cols]) for k in range(0, len(cells), expr.cols)]
        return _bmatrix(rows, exp)

    def _print_Stack(self, expr: arrays.Stack, exp: str | None = None) -> str:
        body, k = expr.args
        cells = [self._print(body.xreplace({k: sympy.Integer(i)})) for i in (1, 2)]
        return _bmatrix([*cells, "\\vdots"], exp)

    def _print_Dummy(self, expr: sympy.Dummy) -> str:
        return str(expr.name)


def _bmatrix(rows: Sequence[str], exp: str | None) -> str:
    text = "\\begin{bmatrix} " + " \\\\ ".join(rows) + " \\end{bmatrix}"
    return f"{text}^{{{exp}}}" if exp else text


def to_latex(expr: sympy.Expr, specs: Mapping[str, SymbolSpec]) -> str:
    return str(AuthorPrinter(specs).doprint(expr))
