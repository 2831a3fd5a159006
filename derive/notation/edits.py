"""Edits of the author's LaTeX, as text: a correction reads as the author's formula with one
slip fixed where the author wrote it.

Each function takes the written side (exactly as in the claim) and returns candidate texts,
most natural first: the sign flipped where a difference is written (`(y-\\hat{y})x` becomes
`(\\hat{y}-y)x`), the written coefficient changed (`\\frac{2}{n}\\sum` becomes
`\\frac{1}{n}\\sum`), a `T` added to or removed from a written factor, `\\sigma(` turned into
`\\sigma'(`, a sum's written limit changed, two index letters exchanged, `+\\eta` turned into
`-\\eta`. Nothing here decides whether a candidate is right: the caller reads each one back
and keeps the first whose corrected claim verifies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

OPEN = "({["
CLOSE = ")}]"
# after these a + or - is a sign, not a binary operator
_UNARY_AFTER = set("=({[^_*,") | {"", "&"}


def depths(text: str) -> list[int]:
    """The bracket depth before each character ((), {}, [], and |...| read as a pair)."""
    out: list[int] = []
    stack: list[str] = []
    for ch in text:
        closes = ch in CLOSE or (ch == "|" and stack[-1:] == ["|"])
        if closes and stack:
            stack.pop()
        out.append(len(stack))
        if ch in OPEN or (ch == "|" and not closes):
            stack.append(ch)
    return out


def top_level_ops(text: str) -> list[int]:
    """Positions of the binary + and - at bracket depth 0 (not a leading sign, not a sign
    after `=`, `(`, `*`, `^`, `_`)."""
    d = depths(text)
    out = []
    for i, ch in enumerate(text):
        if ch not in "+-" or d[i] != 0:
            continue
        before = text[:i].rstrip()
        if before[-1:] in _UNARY_AFTER or before.endswith(("\\cdot", "\\times")):
            continue
        out.append(i)
    return out


def _groups(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each parenthesised group, the brackets included: `(`...`)`,
    `\\left(`...`\\right)`, `\\Bigl(`...`\\Bigr)`."""
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            yield stack.pop(), i + 1


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    """The contents of a group whose brackets are at start and end - 1."""
    return start + 1, end - 1


def _strip_sizing(text: str) -> str:
    return re.sub(r"\\(left|right|[Bb]igg?[lr]?)\s*$", "", text)


def negated(text: str) -> list[str]:
    """The side with its sign flipped, as the author would: a leading minus removed, the two
    terms of a written difference exchanged (the whole side, or one parenthesised factor),
    else a minus in front."""
    s = text.strip()
    out: list[str] = []
    ops = top_level_ops(s)
    if s.startswith("-") and not ops:
        out.append(s[1:].lstrip())
    if len(ops) == 1 and s[ops[0]] == "-" and not s.startswith("-"):
        i = ops[0]
        out.append(f"{s[i + 1 :].strip()} - {s[:i].strip()}")
    for start, end in _groups(s):
        a, b = _inner(s, start, end)
        body = s[a:b]
        # `\Bigl(` ... `\Bigr)`: the sizing command before `)` belongs to the bracket
        tail = body[len(_strip_sizing(body)) :]
        body = body[: len(body) - len(tail)]
        inner_ops = top_level_ops(body)
        if len(inner_ops) == 1 and body[inner_ops[0]] == "-" and not body.lstrip().startswith("-"):
            i = inner_ops[0]
            swapped = f"{body[i + 1 :].strip()} - {body[:i].strip()}"
            out.append(s[:a] + swapped + tail + s[b:])
    out.append(f"-\\left({s}\\right)" if ops else f"-{s}")
    return _unique(out, s)


_COEF = re.compile(
    r"^\s*(?P<sign>-?)\s*(?:\\frac\{(?P<num>[^{}]+)\}\{(?P<den>[^{}]+)\}|(?P<int>\d+))"
    r"(?P<names>(?:\s*\*?\s*[A-Za-z](?![A-Za-z{_^(]))*)\s*\*?\s*"
)


_FRAC = re.compile(r"\\frac\{(?P<num>[0-9A-Za-z ]+)\}\{(?P<den>[0-9A-Za-z ]+)\}")


def coefficient(text: str) -> tuple[str, str, str, str] | None:
    """The written leading coefficient of a side: (sign, numerator, denominator, names after
    it) and the rest, e.g. `\\frac{2}{n}\\sum...` gives ('', '2', 'n', '') and `\\sum...`."""
    m = _COEF.match(text)
    if m is None:
        return None
    num = m["num"] if m["num"] is not None else m["int"]
    den = m["den"] if m["den"] is not None else "1"
    raw = m["names"] or ""
    names = re.sub(r"[\s*]", "", raw)
    return m["sign"], num, den, names + "\x00" + raw + "\x00" + text[m.end() :]


def rescaled(text: str, new_coefficient: Callable[[str, str, str], str | None]) -> list[str]:
    """The side with its written leading coefficient replaced by the one `new_coefficient`
    gives (from the written sign+numerator, denominator and following names, as text); or, when
    there is no written coefficient, the new one put in front (`new_coefficient('', '1', '1')`).
    The new coefficient is LaTeX such as `\\frac{1}{n}`, `2`, `-` or `` (one)."""
    s = text.strip()
    found = coefficient(s)
    out = []
    if found is not None:
        sign, num, den, rest = found
        names, raw, body = rest.split("\x00", 2)
        new = new_coefficient(sign + num, den, names)
        if new is None and names:  # the names are not part of the coefficient (4x): keep them
            new, body = new_coefficient(sign + num, den, ""), raw.lstrip(" *") + body
        if new is not None:
            out.append(_glue(new, body))
    if not top_level_ops(s):  # a fraction of numbers and sizes inside the product: \eta\frac{2}{n}
        d = depths(s)
        for m in _FRAC.finditer(s):
            if d[m.start()] != 0 or (found is not None and m.start() == s.find("\\frac")):
                continue
            new = new_coefficient(m["num"], m["den"], "")
            if new is not None and new != "-":
                tail = s[m.end() :]
                out.append(s[: m.start()] + new + (tail if new else tail.lstrip("*")))
    new = new_coefficient("1", "1", "")
    if new is not None:
        wrapped = f"({s})" if top_level_ops(s) or s.startswith("-") else s
        out.append(_glue(new, wrapped))
    return _unique(out, s)


def _glue(coefficient: str, body: str) -> str:
    body = body.strip()
    if coefficient == "" and _enclosed(body):
        return body[1:-1].strip()  # 2(H-y) with the 2 removed: H-y
    if coefficient in ("", "-"):
        return coefficient + body
    sep = " " if coefficient[-1].isalpha() else ""  # `2 m x`, but `2x`, `\\frac{1}{n}\\sum`
    return f"{coefficient}{sep}{body}"


def _enclosed(text: str) -> bool:
    """Is the whole text one parenthesised group `(...)`?"""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    return all(d > 0 for d in depths(text)[1:-1])


def flipped_step(text: str) -> list[str]:
    """An update's right side with the operator before the step flipped: `w+\\eta g` becomes
    `w-\\eta g` (the first binary + or - at the top level)."""
    s = text.strip()
    ops = top_level_ops(s)
    if not ops:
        return []
    i = ops[0]
    return [s[:i] + ("-" if s[i] == "+" else "+") + s[i + 1 :]]


def transposed_factor(text: str, name: str, add: bool) -> list[str]:
    """`name` (as written, e.g. `a^{[2]}`, `X`) with a transpose added, or its `T` removed."""
    s = text.strip()
    out = []
    if add:
        new = name[:-1] + "T}" if name.endswith("}") and "^{" in name else name + "^T"
        for m in re.finditer(re.escape(name) + r"(?![A-Za-z0-9T_^{])", s):
            out.append(s[: m.start()] + new + s[m.end() :])
    else:
        candidates = [name + "^T", name + "^{T}"]
        if name.endswith("}") and "^{" in name:
            candidates.append(name[:-1] + "T}")
        for old in candidates:
            for m in re.finditer(re.escape(old), s):
                out.append(s[: m.start()] + name + s[m.end() :])
    return _unique(out, s)


def primed_calls(text: str, function: str) -> list[str]:
    """Each written call `function(` (`\\sigma(`, `f(`) turned into `function'(`, one at a time,
    then all at once."""
    s = text.strip()
    pattern = re.escape(function) + r"(?=\s*(\\left)?\()"
    if re.match(r"[A-Za-z]$", function):
        pattern = r"(?<![A-Za-z\\])" + pattern
    spots = [m.end() for m in re.finditer(pattern, s)]
    out = [s[:i] + "'" + s[i:] for i in spots]
    if len(spots) > 1:
        t = s
        for i in reversed(spots):
            t = t[:i] + "'" + t[i:]
        out.append(t)
    return _unique(out, s)


def unprimed_calls(text: str, function: str) -> list[str]:
    """Each written `function'(` (or `function^{'}(`) turned into `function(`."""
    s = text.strip()
    out = []
    for old in (function + "'", function + "^{'}", function + "^{\\prime}"):
        for m in re.finditer(re.escape(old), s):
            out.append(s[: m.start()] + function + s[m.end() :])
    return _unique(out, s)


def sum_limit(text: str, var: str, end: str, old: str, new: str) -> list[str]:
    """A written sum's start (`_{j=0}`) or end (`^n`, `^{n}`) changed from old to new."""
    s = text.strip()
    out = []
    old = r"\s*".join(re.escape(c) for c in old.replace(" ", ""))  # `n + 1` as printed: `n+1`
    if end == "start":
        pat = r"_\{\s*" + re.escape(var) + r"\s*=\s*" + old + r"\s*\}"
        for m in re.finditer(pat, s):
            out.append(s[: m.start()] + f"_{{{var}={new}}}" + s[m.end() :])
    else:
        pat = r"\^\{\s*" + old + r"\s*\}|\^" + old + r"(?![A-Za-z0-9])"
        for m in re.finditer(pat, s):
            if "\\sum" in s[max(0, m.start() - 20) : m.start()] or "\\sum" in s[: m.start()]:
                out.append(s[: m.start()] + f"^{{{new}}}" + s[m.end() :])
    return _unique(out, s)


def swapped_letters(text: str, a: str, b: str) -> list[str]:
    """The index letters a and b exchanged inside every subscript."""
    s = text.strip()

    def swap(m: re.Match[str]) -> str:
        # each letter of a subscript is an index (w_{jk}); a command (\\alpha) is not
        return re.sub(
            r"\\[A-Za-z]+|[A-Za-z]",
            lambda x: {a: b, b: a}.get(x.group(0), x.group(0)),
            m.group(0),
        )

    out = re.sub(r"_\{[^{}]*\}|_[A-Za-z0-9]", swap, s)
    return _unique([out], s)


def dropped_term(text: str, term: str) -> list[str]:
    """The side without one written term (`+ b_s`, `- x y`; `term` as printed, with its sign)."""
    s = text.strip()
    sign, body = ("-", term[1:].strip()) if term.startswith("-") else ("+", term)
    out = []
    d = depths(s)
    for m in re.finditer(re.escape(sign) + r"\s*" + re.escape(body) + r"(?![A-Za-z0-9_^{])", s):
        if d[m.start()] == 0 and m.start() in top_level_ops(s):
            out.append((s[: m.start()].rstrip() + " " + s[m.end() :].lstrip()).strip())
    return _unique(out, s)


_NORM = re.compile(r"(\\left\s*)?\\\|(.*?)(\\right\s*)?\\\|", re.DOTALL)
_FONT = re.compile(r"\\(boldsymbol|mathbf|bm|vec)\s*\{\s*([^{}]*?)\s*\}")


def _plain(text: str) -> str:
    """A name without its font and spacing: `\\hat{\\boldsymbol{w}} ` -> `\\hat{w}`."""
    return re.sub(r"\s+", "", _FONT.sub(lambda m: m.group(2), text))


def renormed(text: str, old: str, new: str) -> list[str]:
    """Every written norm of the name old (`\\|\\hat{w}\\|`, `\\left\\|\\hat{\\boldsymbol{w}}
    \\right\\|`, in any font or spacing) made the norm of new, in the font old was written in:
    all of them at once first (the same slip at each), then each alone."""
    s = text.strip()

    def renorm(m: re.Match[str]) -> str | None:
        inside = m.group(2)
        if _plain(inside) != _plain(old):
            return None
        font = _FONT.search(inside)
        name = f"\\{font.group(1)}{{{new}}}" if font and new.isalpha() else new
        return f"\\left\\|{name}\\right\\|" if m.group(1) else f"\\|{name}\\|"

    out = [_NORM.sub(lambda m: renorm(m) or m.group(0), s)]
    for m in _NORM.finditer(s):
        one = renorm(m)
        if one is not None:
            out.append(s[: m.start()] + one + s[m.end() :])
    return _unique(out, s)


def _unique(texts: list[str], original: str) -> list[str]:
    seen = {original}
    out = []
    for t in texts:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def _braced(text: str, start: int) -> int | None:
    """The end (after the closing brace) of the group opening at text[start] == '{'."""
    depth = 0
    for i in range(start, len(text)):
        depth += (text[i] == "{") - (text[i] == "}")
        if depth == 0:
            return i + 1
    return None


def unrooted(text: str) -> list[str]:
    """Each written `\\sqrt{X}` replaced by X (in parentheses when X is a sum of terms), one at
    a time: a norm written where its square belongs."""
    s = text.strip()
    out = []
    for m in re.finditer(r"\\sqrt\s*\{", s):
        end = _braced(s, m.end() - 1)
        if end is None:
            continue
        body = s[m.end() : end - 1].strip()
        alone = not s[: m.start()].strip() and not s[end:].strip()
        inner = body if alone or not top_level_ops(body) else f"({body})"
        out.append(s[: m.start()] + inner + s[end:])
    return _unique(out, s)


def unsummed(text: str, var: str) -> list[str]:
    """Each written sum over `var` (`\\sum_k`, `\\sum_{k}`, `\\sum_{k=1}^{n}`) removed, its term
    kept: a sum written where only the term for one value of the index belongs."""
    s = text.strip()
    pattern = (
        r"\\sum\s*(?:_\{\s*" + re.escape(var) + r"\s*(?:=[^{}]*)?\}|_" + re.escape(var)
        + r"(?![A-Za-z0-9]))(?:\s*\^\s*(?:\{[^{}]*\}|[A-Za-z0-9]))?\s*"
    )  # fmt: skip
    out = [s[: m.start()] + s[m.end() :] for m in re.finditer(pattern, s)]
    return _unique(out, s)


def flipped_operator(text: str, term: str) -> list[str]:
    """One written binary + or - (at any depth) turned into the other: the sign of one term
    inside the side. Operators followed by `term` (as printed, its sign left off) come first."""
    s = text.strip()
    d = depths(s)
    spots = []
    for i, ch in enumerate(s):
        if ch not in "+-":
            continue
        before = s[:i].rstrip()
        if before[-1:] in _UNARY_AFTER or before.endswith(("\\cdot", "\\times", "\\left(")):
            continue
        spots.append(i)
    body = re.sub(r"\s+", "", term.lstrip("-").strip())
    first = [i for i in spots if re.sub(r"\s+", "", s[i + 1 :]).startswith(body)]
    order = first + sorted(set(spots) - set(first), key=lambda i: d[i])
    out = [s[:i] + ("-" if s[i] == "+" else "+") + s[i + 1 :] for i in order]
    return _unique(out, s)


def indexed_name(text: str, name: str, new: str) -> list[str]:
    """A written bare `name` (not already carrying a subscript or superscript, not part of a
    longer name) given the index it lacks: `(1-H)` becomes `(1-H_j)`; each occurrence one at a
    time, then all."""
    s = text.strip()
    pattern = r"(?<![A-Za-z\\])" + re.escape(name) + r"(?![A-Za-z0-9_^{'])"
    spots = [
        (m.start(), m.end())
        for m in re.finditer(pattern, s)
        if not re.search(r"\\[A-Za-z]+\{$", s[: m.start()])  # `\hat{H}` is another name
    ]
    out = [s[:a] + new + s[b:] for a, b in spots]
    if len(spots) > 1:
        t = s
        for a, b in reversed(spots):
            t = t[:a] + new + t[b:]
        out.append(t)
    return _unique(out, s)
