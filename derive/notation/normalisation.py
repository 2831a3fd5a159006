"""The normalisation of a formula's tokens before the reader (reader.py) walks them: drop what
carries no meaning (sizing, spacing, annotations), rename synonyms, read roman transposes and
function words written in plain letters, and regroup braces (braces.py)."""

from __future__ import annotations

from derive.notation import joins
from derive.notation.braces import frac_digits, power_of_summand, unbrace_names
from derive.notation.fonts import old_fonts, upright_d
from derive.notation.layout import strip_layout
from derive.notation.macros import (
    ARGUMENT_WORDS,
    DROPPED,
    FUNCTION_WORDS,
    NORM,
    RENAMED,
    UPRIGHT_FUNCTIONS,
    WORD_CALLS,
)
from derive.notation.tokens import Kind, Token, text_content

# the letters a function word starts with: any other token is passed on at once (a formula of a
# hundred thousand tokens is read in a fraction of a second, not seconds, by each cursor)
_FIRST_LETTERS = frozenset(word[0] for word in FUNCTION_WORDS)


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
            and (_word_t_width(out, k) or (t.kind is Kind.TEXT and text_content(t) == "T"))
        ):
            width = 1 if t.kind is Kind.TEXT else _word_t_width(out, k)
            merged.append(Token(Kind.COMMAND, "\\top", t.start, out[k + width - 1].end))
            k += width
            continue
        else:
            merged.append(t)
        k += 1
    return power_of_summand(unbrace_names(frac_digits(merged)))


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
        if tokens[k].kind is not Kind.LETTER or tokens[k].text not in _FIRST_LETTERS:
            out.append(tokens[k])
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


def _in_script(tokens: list[Token], k: int) -> bool:
    before = tokens[k - 1] if k > 0 else None
    before2 = tokens[k - 2] if k > 1 else None
    return before is not None and (
        before.is_char("_", "^")
        or (before.is_char("{") and before2 is not None and before2.is_char("_", "^"))
    )


def _kept_text(tokens: list[Token], k: int) -> bool:
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    called = after is not None and after.is_char("(")
    return _in_script(tokens, k) or called or text_content(tokens[k]) in joins.JOINING_WORDS


def _text_call(tokens: list[Token], k: int) -> bool:
    """`\\text{softmax}(z)`: a word set upright before `(` is an operator name, as
    `\\operatorname{softmax}(z)` (the book's own `\\newcommand{\\sigmoid}{\\text{sigmoid}}`);
    so is one before primes and `(` (`\\text{ReLU}'(z)`, its derivative), and the name of a
    function outside a script (`\\text{log} x`: never an annotation dropped, which read x)."""
    word = text_content(tokens[k])
    if word in UPRIGHT_FUNCTIONS and not _in_script(tokens, k):
        return True
    m = k + 1
    while m < len(tokens) and tokens[m].is_char("'"):
        m += 1
    after = tokens[m] if m < len(tokens) else None
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


def _word_t_width(out: list[Token], k: int) -> int:
    """`\\mathrm{T}` (or `\\mathsf{T}`, `\\mathit{T}`): four tokens spelling a roman T, or two
    without the braces (`\\mathsf T`, which was read as a power by a name T); 0 otherwise."""
    run = out[k : k + 4]
    if not run or run[0].kind is not Kind.COMMAND or run[0].text not in _T_FONTS:
        return 0
    if len(run) >= 2 and run[1].kind is Kind.LETTER and run[1].text == "T":
        return 2
    braced = (
        len(run) == 4
        and run[1].is_char("{")
        and run[2].kind is Kind.LETTER
        and run[2].text == "T"
        and run[3].is_char("}")
    )
    return 4 if braced else 0


_T_FONTS = frozenset({"\\mathrm", "\\mathsf", "\\mathit"})
