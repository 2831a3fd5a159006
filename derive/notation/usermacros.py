"""The author's own macros (`\\newcommand{\\Vx}{\\boldsymbol{x}}` in a preamble): their
definitions read from a formula file's `[macros]` table or a preamble, and their expansion in
the tokens of a formula before anything else reads them (their expansion as text, for readers
that keep no positions: macrotext.py).

The expansion works on tokens, not on text, so that every token keeps a position in the author's
LaTeX: a token that comes from a macro's body points at the macro where it is used (`\\Vx`), one
that comes from an argument points at the argument as written. A caret under anything the
expansion produced therefore underlines what the author wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from derive.errors import CatalogError, LatexError
from derive.model import Macro
from derive.notation.tokens import Kind, Token, tokenize

_OPERATOR = "\\DeclareMathOperator"
_NAME = re.compile(r"[A-Za-z]+")
# how many expansions one formula may need: a macro that uses itself never ends
BUDGET = 2000


def _braced(text: str, i: int) -> int:
    """The index after the group opening at text[i] == '{' (an escaped brace does not count)."""
    depth = 0
    k = i
    while k < len(text):
        c = text[k]
        if c == "\\":
            k += 2
            continue
        depth += (c == "{") - (c == "}")
        k += 1
        if depth == 0:
            return k
    raise CatalogError(f"a brace is never closed in the macro definition {text!r}")


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def macro(name: str, body: str, arity: int = 0) -> Macro:
    """One macro, its body checked (it must be LaTeX derive can tokenize; `#1`..`#9` are its
    arguments)."""
    if not _NAME.fullmatch(name):
        raise CatalogError(f"a macro name is letters only (as \\{name} would not be one): {name!r}")
    if not 0 <= arity <= 9:
        raise CatalogError(f"\\{name}: a macro takes 0 to 9 arguments, not {arity}")
    for number in re.findall(r"#(\d)", body):
        if not 1 <= int(number) <= arity:
            raise CatalogError(f"\\{name} uses #{number} but takes {arity} argument(s)")
    for piece in re.split(r"#\d", body):
        try:
            tokenize(piece)
        except LatexError as exc:
            raise CatalogError(
                f"the body of \\{name} cannot be read: {exc.message} in {body!r}"
            ) from None
    return Macro(name, body, arity)


def definition(text: str) -> Macro:
    """One definition as a preamble writes it: `\\newcommand{\\norm}[1]{\\|#1\\|}` (or
    `\\renewcommand`, `\\providecommand`, a starred form, the name without braces),
    `\\def\\norm#1{\\|#1\\|}`, `\\DeclareMathOperator{\\softmax}{softmax}`."""
    s = text.strip()
    found, end = _definition_at(s, 0)
    rest = re.sub(r"%.*", "", s[end:]).strip()
    if rest:
        raise CatalogError(f"unexpected text after a macro definition: {rest!r}")
    return found


_STARTS = re.compile(
    r"\\(?:newcommand|renewcommand|providecommand|DeclareMathOperator)(?![A-Za-z])"
    r"|\\def(?=\s*\\)"
)


def _definition_at(s: str, i: int) -> tuple[Macro, int]:
    """The definition starting at s[i], and where it ends."""
    m = _STARTS.match(s, i)
    if m is None:
        raise CatalogError(
            "a macro definition starts with \\newcommand, \\renewcommand, \\providecommand, "
            f"\\def or \\DeclareMathOperator: {s[i : i + 60]!r}"
        )
    if m.group(0) == "\\def":
        d = re.compile(r"\s*\\([A-Za-z]+)\s*((?:#\d)*)\s*\{").match(s, m.end())
        if d is None:
            raise CatalogError(f"cannot read the definition {s[i : i + 60]!r}")
        params = re.findall(r"#(\d)", d.group(2))
        if params != [str(k) for k in range(1, len(params) + 1)]:
            raise CatalogError(f"the parameters of \\{d.group(1)} must be #1#2... in order")
        end = _braced(s, d.end() - 1)
        return macro(d.group(1), s[d.end() : end - 1], len(params)), end
    operator = m.group(0) == _OPERATOR
    k = _skip_space(s, m.end())
    if s[k : k + 1] == "*":  # \newcommand* (no \par in arguments), \DeclareMathOperator* (limits)
        k = _skip_space(s, k + 1)
    if s[k : k + 1] == "{":
        end = _braced(s, k)
        name_text, k = s[k + 1 : end - 1].strip(), end
    else:
        n = re.compile(r"\\[A-Za-z]+").match(s, k)
        if n is None:
            raise CatalogError(f"cannot find the macro's name in {s[i : i + 60]!r}")
        name_text, k = n.group(0), n.end()
    if not re.fullmatch(r"\\[A-Za-z]+", name_text):
        raise CatalogError(f"a macro name is a backslash and letters: {name_text!r}")
    arity = 0
    k = _skip_space(s, k)
    if not operator and s[k : k + 1] == "[":
        close = s.find("]", k)
        # ASCII digits only: str.isdigit() takes ² (int('²') fails) and ٣
        if close < 0 or not re.fullmatch(r"\s*[0-9]+\s*", s[k + 1 : close]):
            raise CatalogError(f"cannot read the number of arguments in {s[i : i + 60]!r}")
        arity, k = int(s[k + 1 : close]), _skip_space(s, close + 1)
        if s[k : k + 1] == "[":
            raise CatalogError(
                f"{name_text}: an optional argument (a default value) is not supported"
            )
    if s[k : k + 1] != "{":
        raise CatalogError(f"the body of {name_text} must be in braces")
    end = _braced(s, k)
    body = s[k + 1 : end - 1]
    if operator:  # an operator name set upright, as \operatorname{...}
        body = "\\operatorname{" + body.strip() + "}"
    return macro(name_text[1:], body, arity), end


def macros_table(table: Mapping[str, object], what: str) -> dict[str, Macro]:
    """A `[macros]` table: each key a macro name (without the backslash), each value its body
    (`Vx = '\\boldsymbol{x}'`) or its definition as a preamble writes it
    (`norm = '\\newcommand{\\norm}[1]{\\|#1\\|}'`, the same name)."""
    out: dict[str, Macro] = {}
    for key, value in table.items():
        if not isinstance(value, str):
            raise CatalogError(f"{what}: the macro {key} must be LaTeX (a string)")
        if _STARTS.match(value.strip()):
            m = definition(value)
            if m.name != key:
                raise CatalogError(f"{what}: the entry {key} defines \\{m.name}, not \\{key}")
        else:
            m = macro(key, value)
        out[key] = m
    return out


def preamble(text: str) -> dict[str, Macro]:
    """The macros a preamble (a .tex file of definitions) defines: every `\\newcommand`,
    `\\renewcommand`, `\\providecommand`, `\\def`, `\\DeclareMathOperator`, comments removed.
    Everything else in the file is left alone; a definition that cannot be read is an error."""
    source = "\n".join(re.sub(r"(?<!\\)%.*", "", line) for line in text.splitlines())
    out: dict[str, Macro] = {}
    i = 0
    while (m := _STARTS.search(source, i)) is not None:
        found, i = _definition_at(source, m.start())
        out[found.name] = found
    return out


def expand(tokens: list[Token], latex: str, macros: Iterable[Macro]) -> list[Token]:
    """The tokens with every use of a declared macro replaced by its body, its arguments put in.
    Tokens of the body point at the whole use as written (`\\sq{a+b}`), tokens of an argument
    at the argument. A
    macro after `^` or `_` is one script, as in TeX (`A^\\Tsp`): its expansion is grouped."""
    table = {"\\" + m.name: m for m in macros}
    if not table:
        return tokens
    work = list(tokens)
    i, count = 0, 0
    while i < len(work):
        t = work[i]
        if t.kind is not Kind.COMMAND or t.text not in table:
            i += 1
            continue
        count += 1
        if count > BUDGET:
            raise LatexError(f"the macro {t.text} never stops expanding", latex, t.start, t.end)
        m = table[t.text]
        spans, nxt = argument_spans(work, i + 1, m, t, latex)
        args = [work[a:b] for a, b in spans]
        # the body's tokens point at the whole use, the macro and its arguments as written
        call = Token(t.kind, t.text, t.start, max(t.end, work[nxt - 1].end))
        body = _body(m, call, args)
        if i > 0 and work[i - 1].is_char("^", "_") and len(body) != 1:
            brace = (Token(Kind.CHAR, c, call.start, call.end) for c in "{}")
            body = [next(brace), *body, next(brace)]
        work[i:nxt] = body
    return work


def argument_spans(
    work: Sequence[Token], i: int, m: Macro, t: Token, latex: str
) -> tuple[list[tuple[int, int]], int]:
    """The arguments of the macro t from work[i] on: each a braced group (the span of its
    content) or one token; and the index after the last."""
    spans = []
    for _ in range(m.arity):
        if i >= len(work) or work[i].is_char("}", ")", "]", "^", "_", "&"):
            raise LatexError(f"{t.text} takes {m.arity} argument(s)", latex, t.start, t.end)
        if work[i].is_char("{"):
            depth = 0
            for k in range(i, len(work)):
                depth += work[k].is_char("{") - work[k].is_char("}")
                if depth == 0:
                    spans.append((i + 1, k))
                    i = k + 1
                    break
            else:
                raise LatexError("'{' is never closed", latex, work[i].start, work[i].end)
        else:
            spans.append((i, i + 1))
            i += 1
    return spans, i


def _body(m: Macro, t: Token, args: list[list[Token]]) -> list[Token]:
    out: list[Token] = []
    pieces = re.split(r"#(\d)", m.body)
    for k, piece in enumerate(pieces):
        if k % 2:
            out.extend(args[int(piece) - 1])
        else:
            out.extend(Token(x.kind, x.text, t.start, t.end) for x in tokenize(piece))
    return out


def definitions_in(text: str) -> list[tuple[int, int, Macro | CatalogError]]:
    """Every macro definition of a document (`\\newcommand`, `\\renewcommand`,
    `\\providecommand`, `\\def`, `\\DeclareMathOperator`), in document order, with its offsets:
    the macro, or the error that says why it cannot be read (the search goes on after the
    command's name). Comments are the caller's to remove."""
    out: list[tuple[int, int, Macro | CatalogError]] = []
    i = 0
    while (m := _STARTS.search(text, i)) is not None:
        try:
            found, i = _definition_at(text, m.start())
        except CatalogError as exc:
            out.append((m.start(), m.end(), exc))
            i = m.end()
            continue
        out.append((m.start(), i, found))
    return out
