"""The notation's vocabulary at the token level: the macro tables (fonts, what is dropped, passed
on or renamed, products, relations, function words) that the normalisation (normalisation.py)
and the reader (reader.py) go by."""

from __future__ import annotations

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
# the function words whose argument may be braced (`\log{x} y`, as SymPy prints calls): the
# braces hold the whole argument (braced_calls.py); \sqrt takes braces by definition
BRACED_FUNCTIONS = frozenset(
    {"\\log", "\\ln", "\\lg", "\\exp", "\\sin", "\\cos", "\\tan", "\\sinh", "\\cosh", "\\tanh"}
    | {"\\arctan"}
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
    "\\circ": "\\odot",  # the element-wise product as CS229's backprop notes write it
}
RELATIONS = frozenset({"=", "<", ">", "\\le", "\\ge", "\\approx", "\\leftarrow", ":=", "\\neq"})
# Single letters that almost always name a function when followed by "(": reading f(x) as f*x
# would be a silent misreading, so an undeclared one is an error.
CONVENTIONAL_FUNCTIONS = frozenset({"f", "g", "h", "\\sigma", "\\phi", "\\varphi", "\\psi"})
NORM = "\u2016"

FRACS = frozenset({"\\frac", "\\dfrac", "\\tfrac", "\\cfrac"})
# Commands of two arguments: a group after their first argument is their second argument.
# (\begin{array}{cc}: the column specification is the second)
TWO_ARGUMENTS = frozenset({"\\frac", "\\binom", "\\overset", "\\underset", "\\stackrel", "\\begin"})
# Commands that take no argument: a group after them only groups.
NO_ARGUMENT = PRODUCTS | RELATIONS | {"\\partial"}

# Function names written as plain italic letters, as notes often do (`sin(x^2)`, `ln(u_3)`,
# `max(0, z)`, `exp (-x)`): read as the function when the letters are adjacent and a `(` is the
# next token (spaces and sizing such as \left between them are layout).
FUNCTION_WORDS = (
    "tanh",
    "sinh",
    "cosh",
    "sin",
    "cos",
    "tan",
    "exp",
    "log",
    "ln",
    "max",
    "min",
    "tr",
)
WORD_CALLS = frozenset({"tr"})  # the trace of a matrix, read as \operatorname{tr}
# Names of functions set upright (`\operatorname{sech}`, `\mathrm{sgn}`, `\text{log}`): never a
# variable, so never a product with what follows (`\operatorname{sech}^2 x` was read as sech^2
# times x), nor an annotation (`\text{log} x` was read as x); one derive does not read, undeclared,
# is an error (notation/calls.py)
UPRIGHT_FUNCTIONS = frozenset(
    {
        "sech", "csch", "arcsinh", "arccosh", "arctanh", "arsinh", "arcosh", "artanh",
        "arcsec", "arccsc", "arccot", "sgn", "sign", "erf", "erfc", "logit", "softplus",
        "sinc", "expit", "tanh", "sinh", "cosh", "sin", "cos", "tan", "exp", "log", "ln",
    }
)  # fmt: skip


# Words that are read without parentheses too (`sin x`, `log x`, `tr A`), as `\sin x` is: a word
# standing alone (no letter touching it on either side). `max`/`min` take parentheses only.
ARGUMENT_WORDS = frozenset(FUNCTION_WORDS) - {"max", "min"}
