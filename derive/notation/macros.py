"""The notation's vocabulary at the token level: the macro tables, and the normalisation that
drops what carries no meaning (sizing, spacing, annotations) and renames synonyms before the
reader (reader.py) walks the tokens."""

from __future__ import annotations

from derive.notation import joins
from derive.notation.fonts import old_fonts, upright_d
from derive.notation.layout import strip_layout
from derive.notation.tokens import Kind, Token, text_content
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
    "\\circ": "\\odot",  # the element-wise product as CS229's backprop notes write it
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
    tokens = strip_layout(upright_d(old_fonts(tokens)))
    out: list[Token] = []
    skip_dot = False
    for k, t in enumerate(tokens):
        if skip_dot and t.is_char("."):
            skip_dot = False
            continue
        skip_dot = False
        if t.kind is Kind.TEXT and text_content(t).strip() in {"+", "-"}:
            # 1\text{+}e^{x} (Ng's notes, fengdu78): an operator set in text, never an annotation
            out.append(Token(Kind.CHAR, text_content(t).strip(), t.start, t.end))
            continue
        if t.kind is Kind.TEXT:
            if _text_call(tokens, k):
                out.extend(_operator_name(t))
            elif _kept_text(tokens, k):
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
        elif t.is_char("|") and merged and merged[-1].is_char("|") and merged[-1].end == t.start:
            # `||x||` is the norm \|x\|: two bars read one at a time pair wrongly as soon as
            # two norms meet (||a||^2 + \lambda ||b||^2)
            prev = merged.pop()
            merged.append(Token(Kind.CHAR, NORM, prev.start, t.end))
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
    return power_of_summand(unbrace_names(frac_digits(merged)))


FRACS = frozenset({"\\frac", "\\dfrac", "\\tfrac", "\\cfrac"})


def frac_digits(tokens: list[Token]) -> list[Token]:
    """`\\frac 32` is 3/2 in TeX: an argument without braces is one token, and a digit is a token.
    A run of digits written as an argument of \\frac is split into its first digit and the rest
    (`\\frac  12(x)` is 1/2 times (x), `\\frac 32A` is 3/2 times A), never read as 32."""
    out: list[Token] = []
    pending = 0  # arguments of the last \frac still to come
    depth = 0  # brace depth inside the argument being read
    for t in tokens:
        if pending and depth == 0 and t.kind is Kind.NUMBER and len(t.text) > 1:
            if not t.text.isdigit():
                out.append(t)  # a decimal argument: left to the reader (an unusual form)
                pending -= 1
                continue
            out.append(Token(Kind.NUMBER, t.text[0], t.start, t.start + 1))
            rest = t.text[1:]
            pending -= 1
            if pending:  # the second argument is the next digit; what follows is a factor
                out.append(Token(Kind.NUMBER, rest[0], t.start + 1, t.start + 2))
                pending -= 1
                if len(rest) > 1:
                    out.append(Token(Kind.NUMBER, rest[1:], t.start + 2, t.end))
            else:
                out.append(Token(Kind.NUMBER, rest, t.start + 1, t.end))
            continue
        out.append(t)
        if t.kind is Kind.COMMAND and t.text in FRACS:
            pending, depth = 2, 0
        elif pending:
            if t.is_char("{"):
                depth += 1
            elif t.is_char("}"):
                depth -= 1
            if depth == 0:
                pending -= 1
    return out


def _is_base(t: Token) -> bool:
    return t.kind is Kind.LETTER or (t.kind is Kind.COMMAND and t.text[1:] in GREEK)


def _closing(tokens: list[Token], k: int, hi: int, opener: str, closer: str) -> int:
    """The index after the group opened at tokens[k] and closed before hi, or -1."""
    depth = 0
    for m in range(k, hi):
        depth += tokens[m].is_char(opener) - tokens[m].is_char(closer)
        if depth == 0:
            return m + 1
    return -1


def _scripted_name_end(tokens: list[Token], k: int, hi: int) -> int:
    """The end of a name with its scripts (`x`, `\\theta_{0}`, `x^{(i)}_j`) or of a parenthesised
    group with its scripts (`(X\\theta - y)^{T}`) starting at k, or -1 when tokens[k:hi] is not
    exactly one."""
    if k < hi and tokens[k].is_char("("):
        k = _closing(tokens, k, hi, "(", ")")
        if k < 0:
            return -1
    elif k >= hi or not _is_base(tokens[k]):
        return -1
    else:
        k += 1
    while k < hi and tokens[k].is_char("_", "^"):
        k += 1
        if k >= hi:
            return -1
        if tokens[k].is_char("{"):
            k = _closing(tokens, k, hi, "{", "}")
            if k < 0:
                return -1
        elif tokens[k].kind in {Kind.LETTER, Kind.NUMBER} or _is_base(tokens[k]):
            k += 1
        else:
            return -1
    return k


# Commands of two arguments: a group after their first argument is their second argument.
# (\begin{array}{cc}: the column specification is the second)
TWO_ARGUMENTS = frozenset({"\\frac", "\\binom", "\\overset", "\\underset", "\\stackrel", "\\begin"})
# Commands that take no argument: a group after them only groups.
NO_ARGUMENT = PRODUCTS | RELATIONS | {"\\partial"}


def _is_argument(tokens: list[Token], k: int) -> bool:
    """Whether the group opened at tokens[k] is an argument: after `^` or `_`, after a command
    that may take one, or the second argument of a command of two (`\\frac{a}{b}`,
    `\\frac a{b}`). A group after another group only groups otherwise (`\\frac{a}{b}{c_i}`)."""
    before = tokens[k - 1] if k > 0 else None
    if before is None:
        return False
    if before.is_char("^", "_"):
        return True
    if before.kind is Kind.COMMAND:
        return before.text not in NO_ARGUMENT and before.text[1:] not in GREEK
    first = k - 1  # where the argument before this group starts
    if before.is_char("}"):
        depth = 0
        for m in range(k - 1, -1, -1):
            depth += tokens[m].is_char("}") - tokens[m].is_char("{")
            if depth == 0:
                first = m
                break
    return first > 0 and tokens[first - 1].is_command(*TWO_ARGUMENTS)


def unbrace_names(tokens: list[Token]) -> list[Token]:
    """Braces around one name, as equation editors export them (`{{\\theta }_{0}}`, `{x}^{(i)}`,
    `{h_\\theta}\\left( x \\right)`), or around one parenthesised group (`{{(X\\theta - y)}^{T}}`),
    only group: they are dropped, so that the scripts and the call belong to the name; so is an
    empty group (`g{}'(z)`). Braces that are an argument (see `_is_argument`) are kept."""
    changed = True
    while changed:
        changed = False
        for k, t in enumerate(tokens):
            if not t.is_char("{") or _is_argument(tokens, k):
                continue
            close = _closing(tokens, k, len(tokens), "{", "}") - 1
            if close < 0 or (close > k + 1 and _scripted_name_end(tokens, k + 1, close) != close):
                continue  # an empty group `{}` (g{}'(z), as some editors export) is dropped too
            tokens = tokens[:k] + tokens[k + 1 : close] + tokens[close + 1 :]
            changed = True
            break
    return tokens


def _argument_end(tokens: list[Token], k: int, hi: int) -> int:
    """The index after the argument of a script or command at k: a group or one token."""
    if k >= hi:
        return -1
    if tokens[k].is_char("{"):
        return _closing(tokens, k, hi, "{", "}")
    return k + 1


def _summand_end(tokens: list[Token], k: int, hi: int) -> int:
    """The index after a summand that a power written after it is set on: one group `(...)` or
    `{...}`, or one name with a subscript only (`u_i`); -1 otherwise."""
    if k >= hi:
        return -1
    if tokens[k].is_char("("):
        return _closing(tokens, k, hi, "(", ")")
    if tokens[k].is_char("{"):
        return _closing(tokens, k, hi, "{", "}")
    end = _scripted_name_end(tokens, k, hi)
    if end < 0 or any(x.is_char("^") for x in tokens[k:end]):
        return -1
    return end


def power_of_summand(tokens: list[Token]) -> list[Token]:
    """`{\\sum_{i=1}^{m}{(u_i)}}^{2}`, as equation editors export a sum of squares (Ng's notes,
    fengdu78): TeX sets the power right after the summand, where the page shows it as the power
    of the summand, Σ (u_i)^2, and that is how it is read. Only when the braced group holds the
    sum and its limits and one summand (a group, or a name with a subscript); the square of a
    whole sum is written with parentheses, `(\\sum_i u_i)^2`, and braces around a longer sum
    keep their TeX meaning (the power of the group)."""
    k = 0
    while k < len(tokens):
        if not (
            tokens[k].is_char("{")
            and not _is_argument(tokens, k)
            and k + 1 < len(tokens)
            and tokens[k + 1].is_command("\\sum")
        ):
            k += 1
            continue
        close = _closing(tokens, k, len(tokens), "{", "}") - 1
        m = k + 2
        while 0 <= m < close and tokens[m].is_char("_", "^"):
            m = _argument_end(tokens, m + 1, close)
        body = _summand_end(tokens, m, close) if m > k + 2 else -1
        if body == close and close + 1 < len(tokens) and tokens[close + 1].is_char("^"):
            tokens = tokens[:k] + tokens[k + 1 : close] + tokens[close + 1 :]
            continue
        k += 1
    return tokens


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


# Words that are read without parentheses too (`sin x`, `log x`, `tr A`), as `\sin x` is: a word
# standing alone (no letter touching it on either side). `max`/`min` take parentheses only.
ARGUMENT_WORDS = frozenset(FUNCTION_WORDS) - {"max", "min"}
_WORD_INITIALS = frozenset(word[0] for word in FUNCTION_WORDS)


def _letter_touching(other: Token | None, edge: Token, before: bool) -> bool:
    """Whether `other`, next to `edge`, is a touching letter."""
    if other is None or other.kind is not Kind.LETTER:
        return False
    return other.end == edge.start if before else edge.end == other.start


def function_words(tokens: list[Token], declared: frozenset[str]) -> list[Token]:
    """`sin(`, `ln(`, `max(` written in plain letters as the functions (not a declared name); a
    word standing alone without `(` too (`sin x`, `log x`), never as the product of its letters.
    `tr` without parentheses becomes `\\operatorname{tr}`, whose missing argument is an error."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        first = tokens[k]
        if first.kind is not Kind.LETTER or first.text not in _WORD_INITIALS:
            out.append(first)  # no word begins here (most tokens: the test below is costly)
            k += 1
            continue
        for word in FUNCTION_WORDS:
            if word in declared:
                continue
            run = tokens[k : k + len(word)]
            before = tokens[k - 1] if k > 0 else None
            after = tokens[k + len(word)] if k + len(word) < len(tokens) else None
            called = after is not None and after.is_char("(")
            alone = (
                word in ARGUMENT_WORDS
                and len(run) == len(word)
                and not _letter_touching(before, run[0], before=True)
                and not _letter_touching(after, run[-1], before=False)
                and not (  # \mathrm{tr}, \operatorname{log}: a group's whole content
                    before is not None
                    and before.is_char("{")
                    and after is not None
                    and after.is_char("}")
                )
            )
            if (
                len(run) == len(word)
                and all(t.kind is Kind.LETTER for t in run)
                and "".join(t.text for t in run) == word
                and all(run[m].end == run[m + 1].start for m in range(len(run) - 1))
                and (called or alone)
            ):
                if word in WORD_CALLS:  # tr(A): read as \operatorname{tr}(A)
                    s, e = run[0].start, run[-1].end
                    out.append(Token(Kind.COMMAND, "\\operatorname", s, e))
                    out.append(Token(Kind.CHAR, "{", s, s))
                    out.extend(run)
                    out.append(Token(Kind.CHAR, "}", e, e))
                else:
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


def _text_call(tokens: list[Token], k: int) -> bool:
    """`\\text{softmax}(z)`: a word set upright before `(` is an operator name, as
    `\\operatorname{softmax}(z)` (the book's own `\\newcommand{\\sigmoid}{\\text{sigmoid}}`)."""
    word = text_content(tokens[k])
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    return (
        after is not None
        and after.is_char("(")
        and len(word) > 1
        and word.isascii()
        and word.isalpha()
    )


def _operator_name(t: Token) -> list[Token]:
    """`\\text{word}` as the tokens of `\\operatorname{word}`, each letter where it is written."""
    word = text_content(t)
    at = t.start + t.text.index(word, t.text.index("{"))
    letters = [Token(Kind.LETTER, c, at + n, at + n + 1) for n, c in enumerate(word)]
    return [
        Token(Kind.COMMAND, "\\operatorname", t.start, t.end),  # covers what is written
        Token(Kind.CHAR, "{", at - 1, at),
        *letters,
        Token(Kind.CHAR, "}", at + len(word), at + len(word) + 1),
    ]


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
