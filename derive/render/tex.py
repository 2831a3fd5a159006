"""LaTeX sheets for `derive export --format tex`, to be compiled with XeLaTeX.

Sources, sections and notes may be Chinese, so the preamble loads xeCJK and picks the first
installed CJK font of a short list (on Debian, texlive-lang-chinese brings AR PL SungtiL GB).
A formula is typeset only when every control word in it is one this preamble defines and its
braces balance; anything else is shown as its source, marked, so one unusual formula cannot
break the document.
"""

from __future__ import annotations

import re

from derive.model import ClaimResult, Verdict
from derive.render import sheets
from derive.render.sheets import Document, RunInfo

# The first installed font is used for CJK text (xeCJK); the order prefers a serif.
CJK_FONTS = (
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "AR PL SungtiL GB",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "AR PL UMing CN",
)

_GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu "
    "xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega"
)
_OTHER = (
    # accents and fonts (the reader's decorations and font commands)
    "hat bar tilde widehat widetilde overline check breve dot ddot vec mathbf boldsymbol bm "
    "mathit pmb mathcal mathscr mathbb mathfrak mathrm operatorname mathsf mathtt text textrm "
    "textit textbf mbox "
    # delimiters and sizes
    "left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr Biggl Biggr lvert "
    "rvert vert Vert lVert rVert lbrack rbrack langle rangle lfloor rfloor lceil rceil "
    # spacing and styles
    "quad qquad enspace thinspace displaystyle textstyle limits nolimits "
    # functions and constants
    "exp ln log sin cos tan sinh cosh tanh arctan max min sqrt infty det "
    # operators
    "frac dfrac tfrac partial nabla sum prod int cdot times ast odot otimes circ pm mp top "
    "intercal prime "
    # relations and arrows
    "le leq leqq leqslant ge geq geqq geqslant lt gt ne neq approx equiv sim propto in notin "
    "subset subseteq leftarrow gets rightarrow to mapsto Leftarrow Rightarrow Leftrightarrow "
    "iff implies colon mid "
    # dots and symbols
    "dots ldots cdots vdots ddots ell forall exists emptyset"
)
KNOWN_MACROS = frozenset(f"\\{w}" for w in (_GREEK + " " + _OTHER).split())
_CONTROL_SYMBOLS = frozenset(",;:! |{}%#&_$")
MATRIX_ENVS = frozenset(
    {"array", "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "cases"}
)
MAX_MATRIX_COLUMNS = 10  # amsmath's MaxMatrixCols

_PREAMBLE = r"""% Written by `derive export --format tex`; compile with xelatex.
\documentclass[11pt]{article}
\usepackage[a4paper,margin=2cm]{geometry}
\usepackage{amsmath,amssymb,bm}
\usepackage{fontspec}
\usepackage[AutoFakeBold,AutoFakeSlant]{xeCJK}
\usepackage[svgnames]{xcolor}
\usepackage{fvextra}
\usepackage[parfill]{parskip}
\setlength{\parskip}{4pt plus 2pt}
FONTS
\providecommand{\lt}{<}
\providecommand{\gt}{>}
\providecommand{\mathscr}{\mathcal}
\definecolor{verified}{HTML}{1B6E3A}
\definecolor{refuted}{HTML}{B3261E}
\definecolor{undecided}{HTML}{8A5A00}
\definecolor{error}{HTML}{5B5B5B}
\newcommand{\verdict}[1]{\colorbox{#1}{\color{white}\sffamily\bfseries\strut\MakeUppercase{#1}}}
\newcommand{\claimhead}[3]{\par\medskip\noindent\verdict{#1}\enspace\textbf{#2}#3\par\nopagebreak}
\newcommand{\field}[1]{\textit{#1:}\enspace}
\newenvironment{formula}{\list{}{\leftmargin=1.5em\rightmargin=0pt}\item\relax\raggedright}%
  {\endlist}
\newcommand{\notset}{\enspace{\small\color{refuted}(shown as source: not typeset)}}
\raggedright
\sloppy
\setlength{\emergencystretch}{3em}
"""


def _fonts() -> str:
    """Nested \\IfFontExistsTF: the first installed CJK font of CJK_FONTS."""
    tail = "\\relax"
    for font in reversed(CJK_FONTS):
        tail = (
            f"\\IfFontExistsTF{{{font}}}{{\\setCJKmainfont{{{font}}}\\setCJKsansfont{{{font}}}"
            f"\\setCJKmonofont{{{font}}}}}{{{tail}}}"
        )
    return tail


def escape(text: str) -> str:
    """Plain text for a TeX paragraph: every special character escaped."""
    out = []
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < len(text) - 1 and _cjk(text[i - 1]) and _cjk(text[i + 1]):
            out.append("\\ ")  # xeCJK drops a plain space between two CJK characters
        elif ch == "\\":
            out.append("\\allowbreak\\textbackslash{}")
        elif ch in "{}$&#%_":
            out.append("\\" + ch)
        elif ch == "^":
            out.append("\\textasciicircum{}")
        elif ch == "~":
            out.append("\\textasciitilde{}")
        else:
            out.append(ch)
    return "".join(out)


def _cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def code(text: str) -> str:
    """LaTeX source shown as typewriter text (breakable before each backslash)."""
    return f"\\texttt{{{escape(text)}}}"


def typesettable(latex: str) -> bool:
    """True when the formula uses only macros the preamble defines and its braces balance.

    Matrices (`array`, `bmatrix`, ... environments) are allowed; `&` and `\\\\` only inside
    them, and an `array` row may not have more cells than its column specification.
    """
    if re.search(r"[\^_]\s*(?:$|[}^_&])", latex):
        return False  # a script with nothing to raise or lower: `x^`, `x^}`
    depth = 0
    lefts = rights = 0
    envs: list[tuple[str, int]] = []  # open environments with their column count
    cells = 1  # cells in the current row of the innermost environment
    i = 0
    while i < len(latex):
        ch = latex[i]
        if ch == "\\":
            env = re.match(r"\\(begin|end)\s*\{([A-Za-z]+\*?)\}", latex[i:])
            m = re.match(r"\\([A-Za-z]+)", latex[i:])
            if env:
                kind, name = env.groups()
                i += len(env.group(0))
                if name not in MATRIX_ENVS:
                    return False
                if kind == "begin":
                    cols = MAX_MATRIX_COLUMNS
                    if name == "array":
                        spec = re.match(r"\s*\{([^{}]*)\}", latex[i:])
                        if spec is None:
                            return False
                        cols = len(re.findall(r"[lcr]", spec.group(1)))
                        i += len(spec.group(0))
                    envs.append((name, cols))
                    cells = 1
                elif not envs or envs.pop()[0] != name:
                    return False
                continue
            if m:
                word = "\\" + m.group(1)
                if word not in KNOWN_MACROS:
                    return False
                lefts += word == "\\left"
                rights += word == "\\right"
                i += len(m.group(0))
                continue
            if latex[i + 1 : i + 2] == "\\":  # a new row: only inside a matrix
                if not envs:
                    return False
                cells = 1
                i += 2
                continue
            if i + 1 >= len(latex) or latex[i + 1] not in _CONTROL_SYMBOLS:
                return False
            i += 2
            continue
        if ch == "&":
            cells += 1
            if not envs or cells > envs[-1][1]:
                return False
        elif ch in "%#$":
            return False
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0 and lefts == rights and not envs


def math(latex: str) -> str:
    """A formula, typeset in display style when safe, otherwise its source, marked."""
    if typesettable(latex):
        return f"$\\displaystyle {latex.strip()}$"
    return code(latex) + "\\notset"


def _formula(latex: str) -> list[str]:
    return ["\\begin{formula}", math(latex), "\\end{formula}"]


def _message(text: str) -> list[str]:
    lines = sheets.message_lines(text)
    if not lines:
        return []
    body = "\n".join(line.replace("\\end{Verbatim}", "\\end {Verbatim}") for line in lines)
    return [
        "\\begin{Verbatim}[breaklines,breakanywhere,fontsize=\\small]",
        body,
        "\\end{Verbatim}",
    ]


def _reason(label: str, message: str) -> list[str]:
    """A one-line message as text after its label; a longer one (carets, tracebacks) verbatim."""
    lines = sheets.message_lines(message)
    if len(lines) <= 1:
        return [f"\\field{{{label}}}{escape(message.strip())}\\par"]
    return [f"\\field{{{label}}}\\par\\nopagebreak", *_message(message)]


def _head(r: ClaimResult, doc: Document) -> str:
    where = sheets.section(r, doc)
    extra = f" \\enspace({escape(where)})" if where else ""
    extra += f" \\hfill{{\\small\\ttfamily {escape(r.claim.file or '')}}}"
    return f"\\claimhead{{{r.verdict.value}}}{{{escape(r.claim.id)}}}{{{extra}}}"


def _given(r: ClaimResult) -> list[str]:
    if not r.claim.given:
        return []
    items = ", \\quad ".join(math(g) for g in r.claim.given)
    return [f"\\field{{Given}}{items}\\par"]


def _evidence(r: ClaimResult) -> list[str]:
    lines = [f"\\field{{Decided by}}{escape(sheets.decided_by(r))}.\\par"]
    if r.verdict is Verdict.VERIFIED and r.message:
        lines.append(f"\\field{{Evidence}}{escape(r.message)}\\par")
    sizes = sheets.size_sets(r)
    if sizes:
        lines.append(f"\\field{{Sizes checked}}{escape('; '.join(sizes))}\\par")
    note = sheets.expectation_note(r)
    if note:
        lines.append(f"\\field{{Note}}{escape(note)}\\par")
    for w in r.warnings:
        fragment = f" \\quad {math(w.latex)}" if w.latex else ""
        text = f"[{w.kind.value}] {escape(w.message)}"
        lines.append(f"\\field{{Warning}}{{\\color{{undecided}}{text}}}{fragment}\\par")
    return lines


def _counterexample(r: ClaimResult) -> list[str]:
    ce = r.counterexample
    if ce is None:
        return []
    link = sheets.failing_link(r)
    lines = ["\\field{Counterexample}" + (" the link" if link else "")]
    lines += _formula(link) if link else []
    if ce.sizes:
        sizes = ", ".join(f"{k}={v}" for k, v in ce.sizes)
        lines.append(f"with sizes {escape(sizes)},\\par")
    if ce.point:
        point = ", ".join(math(f"{k} = {v}") for k, v in ce.point)
        lines.append(f"at {point}:\\par")
    lines.append(f"left side {code(ce.lhs)}, right side {code(ce.rhs)}.\\par")
    return lines


def _correction(r: ClaimResult) -> list[str]:
    if r.correction is None:
        return ["\\field{Correction} none that verifies (no verified correction).\\par"]
    return [
        "\\field{Correction} (checked as a new claim; it verifies)",
        *_formula(r.correction),
        f"{{\\small Source: {code(r.correction)}}}\\par",
    ]


def _document(title: str, doc: Document, info: RunInfo, body: list[str]) -> str:
    files = ", ".join(code(f) for f in doc.files)
    head = [
        _PREAMBLE.replace("FONTS", _fonts()),
        "\\begin{document}",
        f"{{\\LARGE\\bfseries {escape(title)}}}\\par",
        f"{{\\Large {escape(doc.name)}}}\\par",
        f"\\field{{Files}}{files}\\par",
        f"\\field{{This run}}{escape(doc.count_line())}\\par",
        f"\\field{{Settings}}{escape(info.describe())}\\par",
        "Every verdict below comes from this run of derive; nothing is carried over from "
        "earlier runs or from what the files expect.\\par",
    ]
    return "\n".join([*head, *body, "\\end{document}", ""])


def _section(title: str, intro: str) -> list[str]:
    return [f"\\section*{{{escape(title)}}}", escape(intro) + "\\par"]


def formula_sheet(doc: Document, info: RunInfo) -> str:
    """The verified formulas of one document, then every claim that is not verified."""
    body: list[str] = []
    verified = doc.having(Verdict.VERIFIED)
    body += _section(
        "Verified formulas",
        f"{len(verified)} claim(s) verified in this run; each says how it was decided."
        if verified
        else "No claim of this document was verified in this run.",
    )
    for r in verified:
        body += [_head(r, doc), *_formula(r.claim.latex), *_given(r), *_evidence(r)]
    refuted = doc.having(Verdict.REFUTED)
    if refuted:
        body += _section(
            "Refuted claims",
            "These statements are wrong; the errata sheet gives the counterexamples.",
        )
        for r in refuted:
            body += [_head(r, doc), *_formula(r.claim.latex)]
            if r.diagnosis:
                body.append(f"\\field{{What is wrong}}{escape(r.diagnosis.detail)}\\par")
            body += _correction(r)
    body += _undecided_and_errors(doc)
    return _document("Formula sheet", doc, info, body)


def _undecided_and_errors(doc: Document) -> list[str]:
    body: list[str] = []
    undecided = doc.having(Verdict.UNDECIDED)
    if undecided:
        body += _section(
            "Undecided: neither verified nor refuted",
            "derive could not decide these claims in this run; they are not verified.",
        )
        for r in undecided:
            body += [_head(r, doc), *_formula(r.claim.latex), *_given(r), *_evidence(r)]
            body += _reason("Reason", r.message)
    errors = doc.having(Verdict.ERROR)
    if errors or doc.problems:
        body += _section(
            "Errors: not checked",
            "These claims could not be checked (bad input or unsupported notation).",
        )
        for r in errors:
            body += [_head(r, doc), "\\begin{formula}", code(r.claim.latex), "\\end{formula}"]
            body += _reason("Error", r.message)
        for p in doc.problems:
            body += [
                f"\\claimhead{{error}}{{{escape(sheets.problem_where(p))}}}{{}}",
                *_message(p.message),
            ]
    return body


def errata_sheet(doc: Document, info: RunInfo) -> str:
    """Every refuted claim of one document: what is wrong, where it fails, the correction."""
    refuted = doc.having(Verdict.REFUTED)
    body = _section(
        "Refuted claims",
        f"{len(refuted)} refuted claim(s), each with where it fails and how that was "
        "confirmed; a correction is given only when it verifies as a new claim."
        if refuted
        else "No claim of this document was refuted in this run.",
    )
    for r in refuted:
        code = sheets.code_line(r)
        stated = f"\\field{{Code}}\\texttt{{{escape(code)}}}\\par" if code else "\\field{Stated}"
        body += [_head(r, doc), stated, *_formula(r.claim.latex), *_given(r)]
        if r.diagnosis:
            kind = r.diagnosis.kind.value
            body.append(f"\\field{{What is wrong}}[{kind}] {escape(r.diagnosis.detail)}\\par")
        if r.claim.why:
            body.append(f"\\field{{Note in the file}}{escape(r.claim.why)}\\par")
        body += _counterexample(r)
        body += _correction(r)
        body += _evidence(r)
    note = doc.not_decided_note()
    if note:
        body.append(f"\\medskip\\noindent {note}\\par")
    return _document("Errata", doc, info, body)
