"""Braces and digits as TeX groups them, before the reader walks the tokens: `\\frac 32` is 3/2,
braces that only group one name (as equation editors export them) are dropped, and a power set
after a braced sum's summand is the summand's."""

from __future__ import annotations

from derive.notation.macros import BRACED_FUNCTIONS, FRACS, NO_ARGUMENT, TWO_ARGUMENTS
from derive.notation.tokens import Kind, Token, item_start
from derive.specs import GREEK


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
    first = item_start(tokens, k)  # where the argument before this group starts
    if first > 0 and tokens[first - 1].is_command(*TWO_ARGUMENTS):
        return True
    while first > 1 and tokens[first - 1].is_char("^", "_"):  # \sin^2{x}, \log_2{x}
        first = item_start(tokens, first - 1)
    return first >= 0 and tokens[first].is_command(*BRACED_FUNCTIONS)


def _group_ends(tokens: list[Token]) -> dict[int, int]:
    """The index of the `}` closing each `{` that is closed (as `_closing` finds it), in one
    pass: a search from each `{` would take quadratic time on thousands of unclosed braces."""
    out: dict[int, int] = {}
    open_at: list[int] = []
    for m, t in enumerate(tokens):
        if t.is_char("{"):
            open_at.append(m)
        elif t.is_char("}") and open_at:
            out[open_at.pop()] = m
    return out


def unbrace_names(tokens: list[Token]) -> list[Token]:
    """Braces around one name, as equation editors export them (`{{\\theta }_{0}}`, `{x}^{(i)}`,
    `{h_\\theta}\\left( x \\right)`), or around one parenthesised group (`{{(X\\theta - y)}^{T}}`),
    only group: they are dropped, so that the scripts and the call belong to the name; so is an
    empty group (`g{}'(z)`). Braces that are an argument (see `_is_argument`) are kept."""
    changed = True
    while changed:
        changed = False
        closes = _group_ends(tokens)
        for k, t in enumerate(tokens):
            if not t.is_char("{") or _is_argument(tokens, k):
                continue
            close = closes.get(k, -1)
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
