"""The notation's vocabulary at the token level: the macro tables, and the normalisation that
drops what carries no meaning (sizing, spacing, annotations) and renames synonyms before the
reader (reader.py) walks the tokens."""

from __future__ import annotations

from derive.notation import joins
from derive.notation.layout import strip_layout
from derive.notation.tokens import Kind, Token, text_content

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
