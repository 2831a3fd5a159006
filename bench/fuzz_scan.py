"""Fuzzing the edges: `derive scan` on mutated notes, formula files read by the catalog,
`derive check` and `derive export` on them, and the pytest plugin collecting both.

    python bench/fuzz_scan.py [--count N] [--engine N] [--budget S] [--seed S] [--show K]

Every input is a small folder written from the real fixtures (tests/scan/fixtures, formulas/,
tests/fixtures), mutated with a seeded `random.Random`: for a note, a span dropped or
duplicated, a snippet put in (display and inline delimiters, an unterminated `$$`, nested and
broken environments, `derive:` comments with good and bad settings and markers, macro
definitions, `\\because`, alignment marks), two lines swapped, the text cut short, lines of
another note spliced in, a token of a display formula changed (as bench/fuzz.py does), invalid
UTF-8, NUL, a BOM, carriage returns, a huge line, an empty file; for a notebook also its JSON
(a cell's source of the wrong type, an unknown cell type, no list of cells); a project file
(derive.toml, pyproject.toml `[tool.derive]`) with wrong types and unknown spec words. For a
formula file: a value of a `[[claim]]` (or of `[meta]`, `[symbols]`, `[macros]`) replaced by
one of the wrong type or an unknown word, an unknown key, a line dropped or duplicated, the
text mutations above.

Each input runs in a worker process stopped when its budget runs out. The first `--engine`
inputs go through the command line as a user runs it (`derive scan` with --json, --html,
--strict, -v, --explain; `derive check --json`; `derive export` in each format; all with
--timeout 0, so a crash in the engine surfaces here, and the verdict cache of the unmutated
fixtures, so only what a mutation changed is checked again); the rest are read only (`collect`
for a note, `catalog.load_file` for a formula file, `pytest --collect-only` with the plugin for
either).

Counted, each a find: an **internal error** (an exception that is not a DeriveError, from the
core or out of the command line's `main`), an exit code the commands do not document, a problem
that does not name its file (or, for a `[[claim]]` mutation, its claim), a **lost claim** (a
mutation inside one `[[claim]]` that made another claim of the file disappear), a pytest
collection error, a read-only input over its budget (the readers must be fast on any text), and
a **false verdict**: a mutated formula of a note that verifies where the unmutated one verified
too, although `original side = mutated side` is refuted. Exit status 1 when any is found.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import tomllib
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fuzz import Worker, mutate, sides  # noqa: E402  (the formula mutations of bench/fuzz.py)

from derive import Verdict, catalog, check_claim  # noqa: E402
from derive.cache import DEFAULT_DIR, VerdictCache  # noqa: E402
from derive.cli import main as cli_main  # noqa: E402
from derive.errors import DeriveError  # noqa: E402
from derive.render import scan as render_scan  # noqa: E402
from derive.render import text as render_text  # noqa: E402
from derive.run import RunOptions, run_claims  # noqa: E402
from derive.scan import extract  # noqa: E402
from derive.scan.findings import Formula  # noqa: E402
from derive.scan.notes import collect, collect_file  # noqa: E402
from derive.settings import Settings  # noqa: E402

NOTES = ROOT / "tests" / "scan" / "fixtures"
TOML_DIRS = (ROOT / "formulas", ROOT / "tests" / "fixtures")
# formula files small enough to check and export whole in a budget (their cache is warmed)
ENGINE_TOMLS = (
    ROOT / "tests" / "fixtures" / "export" / "chapter2.toml",
    ROOT / "tests" / "fixtures" / "export" / "lecture.toml",
    ROOT / "formulas" / "starter.toml",
)
SCAN_FLAGS = [(), ("--json",), ("--html",), ("--strict",), ("-v",), ("--explain",)]
SCAN_FLAGS.append(("--json", "--explain"))
EXIT_CODES = {"scan": {0, 1, 2}, "check": {0, 1, 2}, "export": {0, 2}, "pytest": {0, 5}}
SETTINGS = Settings()

# -- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    files: dict[str, bytes]  # relative path -> content
    target: str  # the note or formula file the action is about
    action: str  # scan, collect, load, check, export, pytest
    origin: str  # what was mutated, how
    flags: tuple[str, ...] = ()
    original: dict[str, bytes] = field(default_factory=dict)  # the files before mutation
    claim_block: str | None = None  # the id of the one [[claim]] a mutation stayed inside


SPEC_WORDS = [
    "real", "positive", "unit", "binary", "integer", "count", "sigmoid", "tanh", "relu", "step",
    "softmax", "exp", "log", "function", "vector(n)", "matrix(m, n)", "onehot(n)",
    "probability(n)", "rows(X)", "zero-based", "superscript-index", "layer", "last-layer",
    "sample", "vector()", "matrix(n)", "vector(n, m)", "matrix(n[l], n[l-1])", "rows()", "blue",
    "", " ", "sigmoid, matrix(n, m)", "vector(n), zero-based", "matrix(m, n), zero-based",
    "layer, sample", "count, count", "((", "vector(n))", "onehot", "n[", "real;",
]  # fmt: skip
NAMES = ["sigma", "\\sigma", "W", "x", "y", "z", "k", "l", "L", "\\hat{y}", "", " ", "\\", "w_j",
         "a^{[l]}", "=", ";", "{", "\\Delta w", "ell", "#", "\\frac"]  # fmt: skip
MACROS = [
    "\\newcommand{\\Vx}{\\mathbf{x}}", "\\newcommand{\\sq}[1]{\\left(#1\\right)^2}",
    "\\newcommand{\\bad}[2]{#3}", "\\newcommand{\\loop}{\\loop}", "\\newcommand{\\a}{\\b}",
    "\\newcommand{\\b}{\\a}", "\\newcommand{\\open}{{", "\\def\\d#1{#1}", "\\def\\e#2{#2}",
    "\\DeclareMathOperator{\\softmax}{softmax}", "\\DeclareMathOperator*{\\argmax}{arg\\,max}",
    "\\renewcommand{\\sigma}{s}", "\\newcommand{\\x}[1][0]{#1}", "\\newcommand{x}{y}",
    "\\newcommand{\\yh}{\\hat{y}", "\\newcommand", "\\newcommand{\\z}[99]{z}",
    "\\providecommand*{\\T}{^\\top}", "\\newcommand{\\y}{\\$}", "\\def\\q{\\q\\q}",
]  # fmt: skip
DIRECTIVES = [
    *(f"{n} = {s}" for n, s in [("sigma", "sigmoid"), ("W", "matrix(n, m)"), ("y", "binary"),
                                ("x", "vector(n)"), ("k", "sample"), ("l", "layer")]),
    "expect refuted", "expect refuted sign", "expect refuted transpose", "expect refuted blue",
    "expect refuted sign extra", "skip", "redefines", "skip redefines", "given z = w x + b",
    "given", "given z", "given = 1", "given L = \\frac{1}{2}(a - y)^2", "given \\frac{",
    "given z = z + 1", "", ";", "sigma = ", "= sigmoid", "sigma = sigmoid; ; y = binary",
    "sigma sigmoid", "x = vector(n); x = matrix(n, m)", "\\sigma = relu, tanh", "reset",
    "reset w", "equals above", "equals above above", "equals", "equals x", "equals (a - y) x",
    "equals y = 1", "equals a \\le b", "equals \\frac{", "equals }", "equals \\sigma(z)",
    "equals $x$", "equals w \\\\ b", "equals --", "restore backslashes", "restore",
    "restore backslashes now", "restore backslashes; equals above", "w = vector(n)",
    "\\hat{w} = vector(m)", "\\hat{w} = vector(3)", "\\hat{x} = vector(m), sample",
    "w = vector(n); x = vector(n)", "w = real", "equals 3 b", "equals x_1 + x_2", *MACROS,
]  # fmt: skip
MATH = [
    "x", "z = w x + b", "\\frac{\\partial L}{\\partial w} = (a - y) x", "a = \\sigma(z)",
    "L = \\frac{1}{2}(a - y)^2", "\\sigma'(z) = \\sigma(z)(1 - \\sigma(z))", "= y", "=", "\\\\",
    "&", "&=", "\\frac{", "}", "{", "\\left(", "\\right", "\\because z = 1", "\\therefore",
    "\\label{eq:1}", "\\tag{2}", "\\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}",
    "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", "\\Vx", "\\sq{a+b}", "\\yh", "\\sq",
    "\\text{for all } x", "x_{", "^{[l]}", "\\hat{y}^{(i)}", "\\sum_{i=1}^n", "\\nabla_W C",
    # backslashes lost in conversion (`restore backslashes`): remnants and escapes
    "rac{1}{2}(a - y)^2", "\frac{1}{2}", "\beta x", "\right)", "\tau", "\theta", "\nabla",
    "\neq", "\times", "eta x", "ext{MSE}", "imes", "\x08\x08eta", "rac{", "rac{|w^T x_0|}{||w||}",
    "ight)", "\t", "\n", "\\tau \\nu",
    # stacked columns
    "\\hat{w} = \\begin{bmatrix} w \\\\ b \\end{bmatrix}",
    "\\hat{x}_i = \\begin{bmatrix} x_i \\\\ 1 \\end{bmatrix}",
    "\\hat{w} = \\begin{bmatrix} W \\\\ b \\end{bmatrix}",
    "\\hat{w} = \\begin{bmatrix} w \\\\ x \\end{bmatrix}",
    "\\hat{w} = \\begin{bmatrix} 1 \\\\ 2 \\end{bmatrix}",
    "\\hat{w} = \\begin{bmatrix} w & b \\end{bmatrix}",
    "\\hat{w}^T \\hat{x}_i = w^T x_i + b", "\\hat{w} \\hat{x}_i",
    "\\log(\\exp(a) \\exp(b)) = a + b", "\\log(e^{z}) = z", "\\log(1 + e^{-z})",
    "\\log(\\sigma(z)) = -\\log(1 + e^{-z})", "\\log(x y) = \\log x + \\log y",
    # numbered indices and sum limits against declared and layer sizes, upright function names,
    # bars after a derivative operator, a claim not read under other settings
    "x_3 = x_3", "\\sum_{j=1}^{n} x_j = x_1 + x_2 + x_3", "b^{[1]}_5 = b^{[1]}_5",
    "\\sum_{j=1}^{3} a^{[1]}_j = a^{[1]}_1 + a^{[1]}_2 + a^{[1]}_3", "\\operatorname{sech}^2 x",
    "\\text{log} x = \\log x", "\\frac{\\partial}{\\partial w} |w^T x + b|", "u^T = x^T w",
    "t = w x", "u = w^T x", "\\frac{d}{dx}\\tanh x = 1 - \\tanh^2 x",
]  # fmt: skip
DELIMITERS = [
    "$$", "$", "\\[", "\\]", "\\(", "\\)", "$$\n", "\n$$\n", "```math\n", "```\n", "~~~\n",
    "\\begin{align}", "\\end{align}", "\\begin{align*}", "\\end{align*}", "\\begin{aligned}",
    "\\end{aligned}", "\\begin{equation}", "\\end{equation}", "\\begin{gather}", "\\end{split}",
    "\\begin{multline}", "\\begin{alignat}{2}", "\\begin{eqnarray}", "\\end{eqnarray}",
    "\\begin{cases}", "\\end{cases}", "\\begin{bmatrix}", "\\end{pmatrix}", "\\begin{equation*}",
    "\\begin{align}\\begin{aligned}", "\\end{aligned}\\end{align}", "\\begin{document}",
    "\\begin{{align}}", "\\begin{}", "\\end{", "\\\\[2pt]", "\\\\*", "<!--", "-->", "%", "\\%",
    "\\$", "\\\\", "&", "\r", "\r\n", "\t", "\x00", "\u00a0", "\u2028", "\ufeff", "é", "中",
    "$$ $$", "$$$", "$$$$", "\\[\\]", "$x$$", "\\verb|$|", "\n# ", "\n## ", "\n###### ",
    "\n===\n", "\n---\n", "\\section{", "\\subsection*{A}", "\\part{P}",
]  # fmt: skip
BAD_BYTES = [b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80", b"\xe2\x82"]


def _comment(markdown: bool, body: str) -> str:
    return f"<!-- derive: {body} -->" if markdown else f"% derive: {body}"


def _equals(rng: random.Random, markdown: bool) -> str:
    """A `derive: equals` marker, with or without a display above it, and the expression after."""
    above = f"$${rng.choice(MATH)}$$\n" if rng.random() < 0.7 else ""
    marker = rng.choice(
        [
            "equals above",
            "equals above",
            "equals x",
            "equals y = 1",
            "equals \\frac{",
            "equals (a - y) x",
            "restore backslashes",
            "expect refuted",
        ]
    )
    after = rng.choice(MATH)
    if rng.random() < 0.2:  # two markers before one display (`equals x` then `equals above`)
        marker = f"{marker} -->\n<!-- derive: {rng.choice(['equals above', 'equals x'])}"
        if not markdown:
            marker = marker.replace(" -->\n<!-- derive: ", "\n% derive: ")
    return f"\n{above}\n{_comment(markdown, marker)}\n$${after}$$\n"


def _snippet(rng: random.Random, markdown: bool) -> str:
    k = rng.random()
    if k < 0.08:
        return _equals(rng, markdown)
    if k < 0.25:
        return rng.choice(DELIMITERS)
    if k < 0.45:
        return "\n" + _comment(markdown, rng.choice(DIRECTIVES)) + "\n"
    if k < 0.6:
        return rng.choice(MACROS) + "\n"
    if k < 0.75:
        return rng.choice(MATH)
    open_, close = rng.choice(
        [("$$", "$$"), ("\\[", "\\]"), ("$", "$"), ("\\begin{align}", "\\end{align}"),
         ("$$\\begin{aligned}", "\\end{aligned}$$"), ("\\begin{equation}", "\\end{equation}"),
         ("```math\n", "\n```"), ("\\(", "\\)")]
    )  # fmt: skip
    rows = " \\\\ ".join(rng.choice(MATH) for _ in range(rng.randint(1, 3)))
    return f"\n{open_}{rows}{close}\n"


def _displays(text: str, markdown: bool) -> list[extract.Display]:
    try:
        items = extract.markdown(text) if markdown else extract.latex(text)
    except DeriveError:
        return []
    return [i for i in items if isinstance(i, extract.Display)]


def mutate_text(
    text: str, rng: random.Random, markdown: bool, others: Sequence[str]
) -> tuple[str, str]:
    """One mutation of a note's text: (kind, text)."""
    n = len(text)
    at = rng.randrange(n + 1)
    kind = rng.choice(
        ["drop", "duplicate", "insert", "insert", "insert", "swap lines", "cut", "splice",
         "formula", "formula", "formula", "huge line", "control", "empty"]
    )  # fmt: skip
    if kind == "drop" and n:
        end = min(n, at + rng.randint(1, 40))
        return kind, text[:at] + text[end:]
    if kind == "duplicate" and n:
        end = min(n, at + rng.randint(1, 80))
        return kind, text[:end] + text[at:end] + text[end:]
    if kind == "swap lines":
        lines = text.splitlines(keepends=True)
        if len(lines) > 1:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            return kind, "".join(lines)
    if kind == "cut":
        return kind, text[:at]
    if kind == "splice" and others:
        other = rng.choice(others).splitlines(keepends=True)
        if other:
            i = rng.randrange(len(other))
            chunk = "".join(other[i : i + rng.randint(1, 12)])
            return kind, text[:at] + chunk + text[at:]
    if kind == "formula":
        found = _displays(text, markdown)
        if found:
            d = rng.choice(found)
            start = text.find(d.source, d.span[0])
            m = mutate(d.source, rng) if start >= 0 else None
            if m is not None:
                return f"formula {m[0]}", text[:start] + m[1] + text[start + len(d.source) :]
    if kind == "huge line":
        big = rng.choice(
            ["x" * 200_000, "$$" + "a + " * 5_000 + "a$$", "{" * 5000, "\\\\" * 20_000,
             "$" * 20_001, "<!--" * 10_000, "$$x = " + "\\frac{1}{" * 400 + "}" * 400 + "$$",
             "&" * 50_000, "\\begin{align}" * 2000]
        )  # fmt: skip
        return kind, text[:at] + "\n" + big + "\n" + text[at:]
    if kind == "control":
        return kind, text[:at] + rng.choice(["\r", "\x00", "\x0c", "\x1b", "\r\r\n", "\ufeff"]) + (
            text[at:]
        )
    if kind == "empty":
        return kind, rng.choice(["", "\n", " ", "$$", "<!-- derive: -->", "% derive:"])
    return "insert", text[:at] + _snippet(rng, markdown) + text[at:]


def mutate_notebook(text: str, rng: random.Random, others: Sequence[str]) -> tuple[str, str]:
    """A mutation of a notebook: of its JSON, or of one markdown cell's text."""
    try:
        data = json.loads(text)
    except ValueError:
        return mutate_text(text, rng, True, others)
    cells = data.get("cells") if isinstance(data, dict) else None
    k = rng.random()
    if k < 0.08 or not isinstance(cells, list) or not cells:
        junk = rng.choice([None, 3, "cells", {"a": 1}, [[]], [1, "x"]])
        if isinstance(data, dict):
            data["cells"] = junk
        return "notebook cells", json.dumps(data)
    cell = rng.choice(cells)
    if k < 0.2 and isinstance(cell, dict):
        cell[rng.choice(["source", "cell_type"])] = rng.choice(
            [None, 3, ["a", 3], {"x": 1}, "raw", "code", "markdown", ["$$x = ", None, "$$"], True]
        )
        return "notebook cell", json.dumps(data)
    if k < 0.25:
        return "notebook text", mutate_text(text, rng, True, others)[1]
    if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
        source = cell.get("source", "")
        body = "".join(source) if isinstance(source, list) else str(source)
        what, body = mutate_text(body, rng, True, others)
        cell["source"] = body.splitlines(keepends=True) if rng.random() < 0.5 else body
        return f"cell {what}", json.dumps(data)
    cells.append({"cell_type": "markdown", "metadata": {}, "source": _snippet(rng, True)})
    return "notebook new cell", json.dumps(data)


VALUES = [
    "42", "-1", "3.5", "true", "false", "[1, 2]", '["a", 3]', "[]", "{x = 1}", "{}", '""', '" "',
    '"verified"', '"refuted"', '"error"', '"undecided"', '"transpose"', '"sign"', '"left"',
    '"right"', '"numerator"', '"denominator"', '"diag"', '"matrix(n)"', '"vector(n, m)"',
    '"sigmoid, matrix(n, m)"', '"blue"', '"x:y"', '"a.py:f"', '"missing.py:f"', '":"',
    '"code/001_bp_cat.py:1f"', "'\\newcommand{\\x}{'", "'\\frac{'", "'x = '", "'= y'", "'$$x$$'",
    "'\\begin{align} x &= y \\end{align}'", "1979-05-27", "inf", "nan", '"\\u0000"',
    '"nonexistent.tex"', '"../README.md"', '["x = 1", 2]', '["z = w x + b", "z = 2"]',
    '{W = "matrix(n)"}', '{sigma = 3}', '{Vx = 3}', '{Vx = "\\\\frac{"}', '{x = [1]}',
    '{x = "X"}', '"x"', '"z = z"', '"\\\\because"',
]  # fmt: skip
KEYS = [
    "id", "source", "given", "claim", "expect", "kind", "why", "symbols", "asserted", "layout",
    "macros", "code", "args", "implements", "bind", "title", "preamble", "colour", "Claim", "",
]  # fmt: skip
_KEY_LINE = re.compile(r"^(\s*)([A-Za-z_\\{}\"' ]+?)(\s*=\s*)(.*)$")


def _blocks(lines: Sequence[str]) -> list[tuple[int, int, str]]:
    """The line ranges of the file's tables: (first line, end, header)."""
    out, start, header = [], 0, ""
    for k, line in enumerate(lines):
        if line.lstrip().startswith("["):
            out.append((start, k, header))
            start, header = k, line.strip()
    out.append((start, len(lines), header))
    return out


def mutate_toml(
    text: str, rng: random.Random, others: Sequence[str]
) -> tuple[str, str, int | None]:
    """A mutation of a formula file: (kind, text, index of the [[claim]] block it stayed in)."""
    lines = text.splitlines(keepends=True)
    blocks = _blocks(lines)
    if rng.random() < 0.2 or not lines:
        return (*mutate_text(text, rng, False, others), None)
    start, end, header = rng.choice(blocks)
    claim_index = sum(1 for s, _, h in blocks if h == "[[claim]]" and s <= start) - 1
    inside = claim_index if header == "[[claim]]" else None
    keyed = [k for k in range(start, end) if _KEY_LINE.match(lines[k].rstrip("\n"))]
    kind = rng.choice(["value", "value", "value", "key", "add", "drop", "duplicate", "spec"])
    if kind in {"value", "key", "spec"} and keyed:
        k = rng.choice(keyed)
        m = _KEY_LINE.match(lines[k].rstrip("\n"))
        assert m is not None
        indent, key, eq, value = m.groups()
        if kind == "key":
            key = rng.choice(KEYS)
        elif kind == "spec" and value.startswith("{"):  # an inline table: one of its entries
            words = SPEC_WORDS if key.strip() != "macros" else MACROS
            value = re.sub(
                r'"[^"]*"', json.dumps(rng.choice(words)).replace("\\", "\\\\"), value, count=1
            )
        elif kind == "spec" and header in {"[symbols]", "[macros]"}:
            value = json.dumps(rng.choice(SPEC_WORDS if "macros" not in header else MACROS))
        else:
            value = rng.choice(VALUES)
        lines[k] = f"{indent}{key}{eq}{value}\n"
        return f"{header} {kind}", "".join(lines), inside
    if kind == "drop" and end > start + 1:
        del lines[rng.randrange(start + 1, end)]
        return f"{header} line dropped", "".join(lines), inside
    if kind == "duplicate" and end > start + 1:
        k = rng.randrange(start + 1, end)
        lines.insert(k, lines[k])
        return f"{header} line duplicated", "".join(lines), inside
    key = rng.choice(KEYS)
    at = end if end > start else start + 1
    lines.insert(at, f"{key} = {rng.choice(VALUES)}\n")
    return f"{header} key added", "".join(lines), inside


# -- the cases ------------------------------------------------------------------------------------


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def note_bases() -> list[tuple[dict[str, bytes], str]]:
    """Each fixture note with its project file, as a folder: (files, the note's path)."""
    out = []
    for p in sorted(NOTES.rglob("*")):
        if p.suffix not in {".md", ".tex", ".ipynb"}:
            continue
        rel = p.relative_to(NOTES)
        files = {str(rel): p.read_bytes()}
        for project in ("derive.toml", "pyproject.toml"):
            if (p.parent / project).is_file():
                files[str(rel.parent / project)] = (p.parent / project).read_bytes()
        out.append((files, str(rel)))
    return out


def toml_bases() -> list[tuple[dict[str, bytes], str]]:
    out = []
    for folder in TOML_DIRS:
        for p in sorted(folder.rglob("*.toml")):
            rel = f"formulas/{p.relative_to(ROOT).as_posix().replace('/', '-')}"
            files = {rel: p.read_bytes()}
            if b"code = " in files[rel]:  # the code claims' files, next to it
                for code in sorted((p.parent / "code").glob("*.py")):
                    files[f"formulas/code/{code.name}"] = code.read_bytes()
            out.append((files, rel))
    return out


PROJECT_FILES = [
    "[symbols]\nsigma = \"sigmoid\"\n", "[symbols]\nsigma = 3\n", "symbols = 3\n",
    "[symbols]\nW = \"matrix(n)\"\n", "[macros]\nVx = 3\n", "macros = [\"x\"]\n",
    "[macros]\nVx = '\\frac{'\n", "[tool]\nderive = 3\n", "tool = \"x\"\n",
    "[tool.derive]\nsymbols = 5\n", "[tool.derive.symbols]\nx = \"blue\"\n",
    "[tool.derive.macros]\nsq = '\\newcommand{\\cube}{x}'\n", "[symbols\n", "\xff",
    "[symbols]\n\"\" = \"real\"\n", "[symbols]\n\" \" = \"real\"\n",
    "[macros]\n\"1x\" = \"y\"\n", "[symbols]\nk = \"layer, sample\"\n",
    "[scan]\nrestore-backslashes = true\n", "[scan]\nrestore-backslashes = 3\n", "scan = 1\n",
    "[scan]\nrestore = true\n", "[tool.derive.scan]\nrestore-backslashes = \"yes\"\n",
    "[symbols]\nw = \"vector(n)\"\n'\\hat{w}' = \"vector(m)\"\n",
    "[symbols]\nw = \"vector(n)\"\n'\\hat{w}' = \"vector(3)\"\n",
]  # fmt: skip


def note_case(files: dict[str, bytes], target: str, rng: random.Random, others: list[str]) -> Case:
    new = dict(files)
    text = files[target].decode("utf-8")
    markdown = not target.endswith(".tex")
    kinds = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if target.endswith(".ipynb"):
            kind, text = mutate_notebook(text, rng, others)
        else:
            kind, text = mutate_text(text, rng, markdown, others)
        kinds.append(kind)
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.06:  # invalid UTF-8
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(BAD_BYTES) + data[at:]
        kinds.append("bad bytes")
    new[target] = data
    if rng.random() < 0.1:  # a project file next to the note
        name = rng.choice(["derive.toml", "pyproject.toml"])
        body = rng.choice(PROJECT_FILES)
        if name == "pyproject.toml" and not body.startswith(("[tool", "tool")):
            body = body.replace("[symbols]", "[tool.derive.symbols]").replace(
                "[macros]", "[tool.derive.macros]"
            )
        new[str(Path(target).parent / name)] = body.encode("utf-8", "surrogateescape")
        kinds.append(f"{name}: {body.splitlines()[0] if body.strip() else body!r}")
    return Case(new, target, "scan", f"{' + '.join(kinds)} of {target}", original=files)


def toml_case(files: dict[str, bytes], target: str, rng: random.Random, others: list[str]) -> Case:
    text = files[target].decode("utf-8")
    kind, text, inside = mutate_toml(text, rng, others)
    claim_block = None
    if inside is not None:
        try:
            entries = tomllib.loads(files[target].decode("utf-8")).get("claim", [])
            claim_block = str(entries[inside].get("id"))
        except (tomllib.TOMLDecodeError, IndexError, AttributeError):
            claim_block = None
    data = text.encode("utf-8")
    if rng.random() < 0.03:
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(BAD_BYTES) + data[at:]
        kind += " + bad bytes"
        claim_block = None
    new = {**files, target: data}
    return Case(new, target, "load", f"{kind} of {target}", original=files, claim_block=claim_block)


def cases(count: int, engine: int, seed: int) -> list[Case]:
    """count cases, half notes and half formula files, interleaved; the first `engine` of them
    through the command line (and the engine), the rest read only."""
    rng = random.Random(seed)
    notes, tomls = note_bases(), toml_bases()
    note_texts = [f[t].decode("utf-8") for f, t in notes]
    toml_texts = [f[t].decode("utf-8") for f, t in tomls]
    small = {f"formulas/{p.relative_to(ROOT).as_posix().replace('/', '-')}" for p in ENGINE_TOMLS}
    out: list[Case] = []
    for k in range(count):
        on_engine = k < engine
        if k % 2 == 0:
            files, target = rng.choice(notes)
            c = note_case(files, target, rng, note_texts)
            if on_engine:
                flags = rng.choice(SCAN_FLAGS)
                c = replace(c, flags=flags)
            else:
                c = replace(c, action=rng.choice(["collect"] * 9 + ["pytest"]))
        else:
            pool = [b for b in tomls if b[1] in small] if on_engine else tomls
            files, target = rng.choice(pool)
            c = toml_case(files, target, rng, toml_texts)
            if on_engine:
                action = rng.choice(["check", "export"])
                flags = (
                    ("--format", rng.choice(["tex", "html", "md"])) if action == "export" else ()
                )
                c = replace(c, action=action, flags=flags)
            elif rng.random() < 0.1:
                c = replace(c, action="pytest")
        out.append(c)
    return out


# -- one case, in the worker ----------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str  # ok, internal, exit, unlocated, lost, collection, timeout, false
    detail: str = ""
    judged: int = 0  # mutated formulas judged against their unmutated form


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    for rel, data in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def run_case(case: Case, work: Path) -> Outcome:
    """The case's action in the folder work/case; any exception escaping it is reported by the
    caller (an internal error)."""
    folder = work / "case"
    write_files(folder, case.files)
    target = folder / case.target
    common = ["--timeout", "0", "-j", "1"]
    if case.action == "scan":
        flags = list(case.flags)
        if flags == ["--html"]:
            flags.append(str(folder / "out.html"))
        code, out, _ = _cli(["scan", str(target), *flags, *common])
        if code not in EXIT_CODES["scan"]:
            return Outcome("exit", f"derive scan exited {code}")
        if "--json" in flags:
            json.loads(out)
        judged = judge_note(case, folder)
        if judged.status != "ok":
            return judged
        return _note_problems(case, target) or judged
    if case.action == "collect":
        found = collect([target])
        for p in found.problems:
            render_scan.problem_lines(p)
        for f in found.formulas:
            _ = f.written_out, f.where
        return _note_problems(case, target) or Outcome("ok")
    if case.action in {"check", "export"}:
        argv = [case.action, str(target), *case.flags, *common]
        if case.action == "export":
            argv += ["--out", str(folder / "export")]
        code, out, _ = _cli([argv[0], *argv[1:], "--json"] if case.action == "check" else argv)
        if code not in EXIT_CODES[case.action]:
            return Outcome("exit", f"derive {case.action} exited {code}")
        return _catalog_problems(case, target) or Outcome("ok")
    if case.action == "load":
        return _catalog_problems(case, target) or Outcome("ok")
    if case.action == "pytest":
        return _pytest(case, folder)
    raise ValueError(case.action)


def _note_problems(case: Case, target: Path) -> Outcome | None:
    """Every problem of a note names the note (and a line within it, when it names one)."""
    _, problems = collect_file(target)
    lines = case.files[case.target].count(b"\n") + 1
    for p in problems:
        if p.file != str(target):
            return Outcome("unlocated", f"a problem names {p.file!r}: {p.message}")
        if p.claim_id is not None:
            m = re.fullmatch(r"line (\d+)", p.claim_id)
            if m is None or (not case.target.endswith(".ipynb") and int(m.group(1)) > lines):
                return Outcome("unlocated", f"a problem at {p.claim_id!r}: {p.message}")
        if not p.message.strip():
            return Outcome("unlocated", "a problem without a message")
        unread = p.message.startswith(("cannot read", "not a Jupyter"))
        named = any(n in p.message for n in ("derive.toml", "pyproject.toml"))
        if p.claim_id is None and not unread and not named:
            return Outcome("unlocated", f"a project file's problem does not name it: {p.message}")
    return None


def _catalog_problems(case: Case, target: Path) -> Outcome | None:
    """Problems name the file, and the claim when one [[claim]] was mutated; that mutation
    loses no other claim of the file."""
    loaded = catalog.load_file(target)
    for p in loaded.problems:
        render_text.problem_lines(p)
        if p.file != str(target) or not p.message.strip():
            return Outcome("unlocated", f"a problem names {p.file!r}: {p.message}")
    if case.claim_block is None:
        return None
    try:
        tomllib.loads(case.files[case.target].decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None  # a TOML error is the whole file's
    before = catalog.parse_document(
        tomllib.loads(case.original[case.target].decode("utf-8")), str(target)
    )
    kept = {c.id for c in loaded.claims} | {p.claim_id for p in loaded.problems}
    lost = sorted({c.id for c in before.claims} - kept - {case.claim_block})
    if lost:
        return Outcome("lost", f"claims lost: {lost}; problems: {loaded.problems}")
    if any(p.claim_id is None for p in loaded.problems) and not any(
        p.claim_id is None for p in before.problems
    ):
        file_level = [p.message for p in loaded.problems if p.claim_id is None]
        return Outcome("unlocated", f"a [[claim]] mutation made a file problem: {file_level}")
    return None


def judge_note(case: Case, folder: Path) -> Outcome:
    """A mutated formula that verifies where its unmutated form verified too, with the same left
    side and definitions: `original right = mutated right` must not be refuted."""
    mutant, _ = collect_file(folder / case.target)
    orig_folder = folder.parent / "original"
    write_files(orig_folder, case.original)
    original, _ = collect_file(orig_folder / case.target)
    if len(mutant) != len(original):
        return Outcome("ok")
    pairs = [
        (o, m)
        for o, m in zip(original, mutant, strict=True)
        if o.claim is not None and m.claim is not None and o.claim.latex != m.claim.latex
    ]
    cache = VerdictCache(folder.parent / DEFAULT_DIR)
    options = RunOptions(timeout=None, cache=cache)
    judged = 0
    for o, m in pairs:
        before, after = sides(o.claim.latex), sides(m.claim.latex)  # type: ignore[union-attr]
        if not before or not after or before[0] != after[0] or before[1] == after[1]:
            continue
        if o.claim.given != m.claim.given or o.claim.symbols != m.claim.symbols:  # type: ignore[union-attr]
            continue
        ro, rm = run_claims([o.claim, m.claim], options)  # type: ignore[list-item]
        if ro.verdict is Verdict.VERIFIED and rm.verdict is Verdict.VERIFIED:
            judge = replace(o.claim, latex=f"{before[1]} = {after[1]}")  # type: ignore[arg-type]
            r = check_claim(judge)
            judged += r.verdict in {Verdict.VERIFIED, Verdict.REFUTED}
            if r.verdict is Verdict.REFUTED:
                return Outcome("false", f"{_shown(o)} and {_shown(m)} both verified: {r.message}")
    return Outcome("ok", judged=judged)


def _shown(f: Formula) -> str:
    return f"{f.claim.latex!r} (given {list(f.claim.given)})" if f.claim else f.display.latex


class _Reports:
    """A pytest plugin object: what went wrong in collection or outside a claim's failure."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def pytest_collectreport(self, report: object) -> None:
        if getattr(report, "failed", False):
            self.errors.append(str(getattr(report, "longrepr", ""))[-2000:])

    def pytest_internalerror(self, excrepr: object, excinfo: object) -> None:
        self.errors.append(str(excrepr)[-2000:])


def _pytest(case: Case, folder: Path) -> Outcome:
    import pytest

    notes = "\n    ".join(
        sorted({f"{Path(t).parent.as_posix()}/*{Path(t).suffix}" for t in case.files if "." in t})
    )
    (folder / "pytest.ini").write_text(
        f"[pytest]\nderive_paths = formulas\nderive_notes =\n    {notes}\n", encoding="utf-8"
    )
    reports = _Reports()
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        code = pytest.main(
            ["--collect-only", "-q", "-p", "no:cacheprovider", "-c", str(folder / "pytest.ini"),
             "--rootdir", str(folder), str(folder)],
            plugins=[reports],
        )  # fmt: skip
    if reports.errors:
        return Outcome("collection", "\n".join(reports.errors))
    if int(code) not in EXIT_CODES["pytest"]:
        return Outcome(
            "exit", f"pytest --collect-only exited {int(code)}: {sink.getvalue()[-2000:]}"
        )
    return Outcome("ok")


# -- running --------------------------------------------------------------------------------------


def _serve(conn: Connection, work: str) -> None:
    os.chdir(work)  # the verdict cache of the unmutated fixtures is here
    collect([NOTES / "logistic.md"])  # warm: a budget is not spent on the parser's first call
    while True:
        case = conn.recv()
        if case is None:
            return
        try:
            conn.send(run_case(case, Path(work)))
        except BaseException:  # the point of the bench: whatever escapes is a bug
            conn.send(Outcome("internal", traceback.format_exc()[-4000:]))


class Runner(Worker):
    """The worker that runs cases in the folder `work`."""

    def __init__(self, budget: float, work: Path) -> None:
        self.work = work
        super().__init__(budget, _serve, str(work))

    def run(self, case: Case, budget: float | None = None) -> Outcome:
        status, reply = self.ask(case, budget)
        if status == "ok":
            return reply  # type: ignore[return-value]
        if status == "died":
            return Outcome("internal", f"the worker died (exit code {reply})")
        return Outcome("timeout")


def warm(runner: Runner, log: Callable[[str], None]) -> None:
    """The unmutated fixtures through the command line once: their verdicts in the cache."""
    started = time.monotonic()
    for files, target in note_bases():
        out = runner.run(Case(files, target, "scan", "warm-up", original=files), budget=600)
        log(f"warm {target}: {out.status}")
    for path in ENGINE_TOMLS:
        rel = f"formulas/{path.relative_to(ROOT).as_posix().replace('/', '-')}"
        files = {rel: path.read_bytes()}
        out = runner.run(Case(files, rel, "check", "warm-up"), budget=600)
        log(f"warm {rel}: {out.status}")
    log(f"warm-up: {time.monotonic() - started:.0f} s")


FINDS = ("internal", "exit", "unlocated", "lost", "collection", "false", "slow read")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--engine", type=int, default=200, help="the first N through the CLI")
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=5, help="finds of each kind to print")
    parser.add_argument("--work", help="folder of the verdict cache (default: a new temporary one)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    work = Path(args.work or tempfile.mkdtemp(prefix="derive-fuzz-scan-"))
    work.mkdir(parents=True, exist_ok=True)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    runner = Runner(args.budget, work)
    tally: dict[str, int] = {}
    judged = 0
    shown: dict[str, int] = {}
    try:
        if args.engine:
            warm(runner, log)
        for k, case in enumerate(cases(args.count, args.engine, args.seed)):
            out = runner.run(case)
            status = out.status
            if status == "timeout" and k >= args.engine:
                status = "slow read"  # a reader over its budget: no engine runs here
            tally[status] = tally.get(status, 0) + 1
            judged += out.judged
            if status in FINDS and shown.get(status, 0) < args.show:
                shown[status] = shown.get(status, 0) + 1
                print(_describe(k, status, case, out.detail), flush=True)
            if (k + 1) % 250 == 0:
                log(f"{k + 1} inputs: {dict(sorted(tally.items()))}")
    finally:
        runner.close()
    finds = sum(tally.get(s, 0) for s in FINDS)
    print(
        f"{sum(tally.values())} inputs ({min(args.engine, args.count)} through the CLI) in "
        f"{time.monotonic() - started:.0f} s: {finds} finds ({tally.get('false', 0)} false "
        f"verdicts of {judged} mutated formulas judged); {dict(sorted(tally.items()))}"
    )
    return 1 if finds else 0


def _describe(k: int, status: str, case: Case, detail: str) -> str:
    shown = {}  # the mutated part of each changed file, as a test needs it
    for rel, data in case.files.items():
        before = case.original.get(rel, b"")
        if before != data:
            at = next(
                (i for i, (a, b) in enumerate(zip(before, data, strict=False)) if a != b),
                len(before),
            )
            tail = next(
                (
                    i
                    for i, (a, b) in enumerate(zip(before[::-1], data[::-1], strict=False))
                    if a != b
                ),
                0,
            )
            end = max(at, len(data) - tail)
            shown[rel] = (
                f"@{at}: ...{data[max(0, at - 150) : at]!r} >>> {data[at : min(end, at + 600)]!r}"
            )
    return (
        f"--- {status} (input {k}, {case.action} {' '.join(case.flags)}: {case.origin})\n"
        + "".join(f"  {rel} {text}\n" for rel, text in shown.items())
        + f"{detail.rstrip()}\n"
    )


if __name__ == "__main__":
    sys.exit(main())
