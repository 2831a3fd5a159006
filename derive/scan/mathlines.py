"""Math lines: inline math alone on a line of Markdown, read as a display formula.

Many Markdown notes (editors such as Typora, notes converted from Word) write each formula of a
derivation as inline math on a line of its own, and the steps after it as lines that start with
a relation, often indented with a zero-width space so that the editor keeps the spaces:

    $J(\\theta) = \\frac{1}{2}(X\\theta - y)^T(X\\theta - y)$

    \u200b     $= \\frac{1}{2}(\\theta^T X^T - y^T)(X\\theta - y)$

A renderer shows each one standing alone, as a display. The rule (docs/scan.md#what-is-read):
a line whose only content is one `$...$` (not `$$`), ignoring blank space, zero-width
characters and sentence punctuation after it, is a **math line**, read as a display formula;
a math line that starts with a relation continues the chain of the display above it when only
blank space separates them, as a `$$= C$$` does. Inline math inside a sentence stays prose.

What a math line says is read as a display says it, with one exception that keeps inline math's
caution: a math line that sets a name to a value (`$y = 0$`: no other name on the right) or
sets a layer or sample index (`$l = L$`, "specialize to the output layer") is read as inline
math reads it, a condition, never a definition (`as_condition`): the claims after it that use
the name are not checked.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

from derive.model import SymbolSpec
from derive.scan.scope import Classified

MATH_LINE = "math line"  # the `env` of a display read from a math line
# characters that show nothing: a zero-width space keeps an editor's indentation
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_BLANK = "\\s\u200b\u200c\u200d\u2060\ufeff"
_BEFORE = re.compile(f"[{_BLANK}]*")
# what may follow the math on its line: blank space and sentence punctuation (also full-width)
_AFTER = re.compile(f"[{_BLANK}.,;:!?\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f]*")


def alone(text: str, starts: list[int], opening: int, closing: int) -> bool:
    """Whether the inline math text[opening:closing] (its `$` delimiters included) is the only
    content of its line: blank space and zero-width characters before it, and after it those
    and sentence punctuation only. `starts`: the offsets where the text's lines start."""
    k = bisect.bisect_right(starts, opening) - 1
    start = starts[k]
    end = starts[k + 1] - 1 if k + 1 < len(starts) else len(text)
    if closing > end:
        return False
    # matched in place (no copy of a long line): a line of prose fails at its first letter
    return (
        _BEFORE.fullmatch(text, start, opening) is not None
        and _AFTER.fullmatch(text, closing, end) is not None
    )


def blank(gap: str) -> bool:
    """Whether the text between two displays is blank space only (zero-width characters
    included: they show nothing)."""
    return not ZERO_WIDTH.sub("", gap).strip()


def as_condition(c: Classified, specs: Mapping[str, SymbolSpec]) -> str:
    """Why a math line that defines a name is read as inline math reads it (a condition, not a
    definition), or "" when it is a definition: it sets the name to a value (no other name on
    the right: `$y = 0$`, an example or a case), or sets a layer or sample index (`$l = L$`).
    A math line that defines a name by other names is a display definition, and like one it
    ends what inline math set the name to before."""
    d = c.defines
    if d is None:
        return ""
    spec = specs.get(d.name)
    if spec is not None and (spec.layer or spec.sample):
        how = f"sets the {'layer' if spec.layer else 'sample'} index {d.shown} to a value (a case)"
    elif not d.uses - {d.name}:
        how = f"sets {d.shown} to a value (a condition or an example)"
    else:
        return ""
    return (
        f"a math line that {how}: read as inline math is read, no definition; the claims "
        f"after it that use {d.shown} are not checked until a display defines it"
    )
