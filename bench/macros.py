"""Benchmark: the author's macros expanded as text (`macrotext.expand_text`, derive scan's
sorting of a note's formulas), on formulas that need many expansions.

    python bench/macros.py

Prints the time of each case: a macro that uses itself (stopped by the budget of expansions,
or by the length of the text), many uses of a macro with arguments in one formula, a chain of
macros each using the next. Each case is run once, cold.
"""

from __future__ import annotations

import time

from derive.errors import LatexError
from derive.model import Macro
from derive.notation.macrotext import expand_text


def _name(k: int) -> str:
    return "m" + chr(97 + k // 26) + chr(97 + k % 26)


# \maa = x_0 + \mab, \mab = x_1 + \mac, ..., the last = 1
CHAIN = (
    *(Macro(_name(k), f"x_{{{k}}} + \\{_name(k + 1)}") for k in range(300)),
    Macro(_name(300), "1"),
)

CASES: dict[str, tuple[str, tuple[Macro, ...]]] = {
    "self-use, budget (x + \\loop)": ("\\loop", (Macro("loop", "x + \\loop"),)),
    "self-use, length (long body)": ("\\big", (Macro("big", "w_{1} x_{1} + " * 8 + "\\big"),)),
    "1000 uses of \\sq{...}": (
        " + ".join(f"\\sq{{a_{k}}}" for k in range(1000)) + " = y",
        (Macro("sq", "{#1}^{2}", 1),),
    ),
    "a chain of 300 macros": ("\\maa = y", CHAIN),
}


def timed(latex: str, macros: tuple[Macro, ...]) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        out = expand_text(latex, macros)
        what = f"{len(str(out)):,} characters"
    except LatexError as exc:
        what = "error: " + exc.message[:40]
    return time.perf_counter() - start, what


def main() -> None:
    for name, (latex, macros) in CASES.items():
        seconds, what = timed(latex, macros)
        print(f"{name:32} {seconds:8.3f} s  {what}")


if __name__ == "__main__":
    main()
