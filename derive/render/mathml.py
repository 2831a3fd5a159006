"""Formulas as MathML, made in Python (latex2mathml), which browsers render natively: no script,
no CDN, no network. A formula latex2mathml cannot convert (it raises, or leaves a LaTeX command
unconverted) is shown as its LaTeX source in a `<code class="unconverted">`, so a failure is
visible and testable, never silent.
"""

from __future__ import annotations

import html
import re
from xml.etree import ElementTree

import latex2mathml.converter

# A LaTeX command left as text inside a MathML token: latex2mathml did not know it.
_LEFTOVER = re.compile(r"<m[a-z]+[^>]*>[^<]*\\[A-Za-z]")


def mathml(latex: str, *, display: str = "inline") -> str | None:
    """The MathML of a formula, or None when latex2mathml cannot convert all of it."""
    try:
        out = latex2mathml.converter.convert(latex, display=display)
    except Exception:  # the converter has no common error class; any failure: show the source
        return None
    if _LEFTOVER.search(out):
        return None
    try:
        root = ElementTree.fromstring(out)
    except ElementTree.ParseError:  # a control character of the source (U+001B) is no XML
        return None
    _polish(root)
    return _serialize(root)


_NS = "{http://www.w3.org/1998/Math/MathML}"
_PRIMES = {"\u2032", "\u2033", "\u2034"}
_FUNCTIONS = {"exp", "log", "ln", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arctan", "det"}
_TALL = {f"{_NS}{t}" for t in ("mfrac", "munderover", "munder", "mtable", "msqrt")}


def _polish(node: ElementTree.Element) -> None:
    """Fix what browsers show badly in latex2mathml's output (seen in Chromium screenshots).

    - `<msup>f<mi>′</mi></msup>` raises the prime twice: the prime follows its base instead;
    - `\\left( ... \\right)` around something flat: a stretchy fence is drawn with wide gaps,
      so it is made non-stretchy; the inside becomes its own row, so a leading minus is a sign;
    - `|x|`: the bars get no operator spacing; a sign after `=` or `(` gets none either;
    - `y \\log x`: function names get a thin space on each side (TeX's spacing).
    """
    children = list(node)
    for i, child in enumerate(children):
        if child.tag == f"{_NS}msup" and len(child) == 2 and (child[1].text or "") in _PRIMES:
            base, prime = child[0], child[1]
            index = list(node).index(child)
            node.remove(child)
            prime.tail, base.tail = child.tail, None
            node.insert(index, base)
            node.insert(index + 1, prime)
        elif child.tag == f"{_NS}mo" and (
            child.text in {"|", "\u2016"}
            or (child.text in {"\u2212", "+"} and _is_sign(children, i))
        ):
            child.set("lspace", "0")
            child.set("rspace", "0")
        elif child.tag == f"{_NS}mi" and child.text in _FUNCTIONS:
            nxt = children[i + 1] if i + 1 < len(children) else None
            if i > 0 and (children[i - 1].tag != f"{_NS}mo" or children[i - 1].text == ")"):
                child.set("data-space-before", "")
            if nxt is not None and not (nxt.tag == f"{_NS}mo" and nxt.text == "("):
                child.set("data-space-after", "")
    if len(node) >= 3 and node[0].get("fence") == "true" and node[-1].get("fence") == "true":
        inner = ElementTree.Element(f"{_NS}mrow")
        for child in list(node)[1:-1]:
            node.remove(child)
            inner.append(child)
        node.insert(1, inner)
        if not any(e.tag in _TALL for e in inner.iter()):
            node[0].set("stretchy", "false")
            node[-1].set("stretchy", "false")
    for child in node:
        _polish(child)


def _is_sign(siblings: list[ElementTree.Element], i: int) -> bool:
    """A + or - after a relation or an operator (`= -0.27`, `(-y`) is a sign, not a binary op."""
    if i == 0:
        return False  # first in its row: browsers already treat it as a prefix
    before = siblings[i - 1]
    return before.tag == f"{_NS}mo" and (before.text or "") not in {")", "]", "|", "\u2016", "}"}


def _serialize(node: ElementTree.Element) -> str:
    tag = node.tag.removeprefix(_NS)
    attrs = dict(node.attrib)
    before = (
        '<mspace width="0.1667em"/>' if attrs.pop("data-space-before", None) is not None else ""
    )
    after = '<mspace width="0.1667em"/>' if attrs.pop("data-space-after", None) is not None else ""
    if tag == "math":
        attrs = {"xmlns": _NS.strip("{}"), **attrs}
    attr_text = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    inner = html.escape(node.text or "", quote=False) + "".join(_serialize(c) for c in node)
    tail = html.escape(node.tail or "", quote=False)
    return f"{before}<{tag}{attr_text}>{inner}</{tag}>{after}{tail}"


def math(latex: str, *, block: bool = False) -> str:
    """A formula as MathML in a `span.math`, or its source in `code.unconverted`."""
    converted = mathml(latex.strip(), display="block" if block else "inline")
    src = html.escape(latex, quote=True)
    inner = converted if converted is not None else f'<code class="unconverted">{src}</code>'
    return f'<span class="math" data-latex="{src}">{inner}</span>'
