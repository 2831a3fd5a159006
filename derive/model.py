"""The values that flow through derive: claims in, results out. All frozen; enums for modes."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Verdict(enum.Enum):
    VERIFIED = "verified"
    REFUTED = "refuted"
    UNDECIDED = "undecided"
    ERROR = "error"


class Method(enum.Enum):
    """A check that contributed to a verdict."""

    SYMBOLIC = "symbolic"  # SymPy reduced lhs - rhs to zero (or proved the bound)
    NUMERIC = "numeric"  # NumPy at random points, derivatives by finite differences / complex step
    EXACT = "exact"  # exact or 50-digit evaluation at one point (confirms a refutation)
    SIZES = "sizes"  # sums and indices instantiated at concrete sizes


class DiagnosisKind(enum.Enum):
    SIGN = "sign"
    FACTOR = "factor"
    TERM = "term"
    TRANSPOSE = "transpose"
    INDEX = "index"
    ACTIVATION = "activation"
    DIRECTION = "direction"
    BOUND = "bound"
    SHAPE = "shape"
    LAYOUT = "layout"  # true in the other gradient layout (numerator vs denominator)
    ASSUMPTION = "assumption"  # true only under a domain not declared (sum_j y_j = 1)
    OTHER = "other"


class WarningKind(enum.Enum):
    """A notation inconsistency in a claim or its `given` (docs/verdicts.md#warnings)."""

    MEAN_TERMS = "mean-terms"  # 1/n in front of a sum of n+1 or n-1 terms
    INDEX_RANGE = "index-range"  # an index outside the range its sums give it
    TWO_MEANINGS = "two-meanings"  # one name read as two different things


class Domain(enum.Enum):
    REAL = "real"
    POSITIVE = "positive"
    UNIT = "unit"  # the open interval (0, 1)
    BINARY = "binary"  # {0, 1}
    INTEGER = "integer"
    COUNT = "count"  # a size: a positive integer
    ONEHOT = "onehot"  # a vector: one entry 1, the others 0 (a joint domain of its entries)
    PROBABILITY = "probability"  # a vector: entries >= 0 summing to 1 (a joint domain)

    @property
    def joint(self) -> bool:
        """A domain of a whole vector (its entries are drawn and proved together)."""
        return self in (Domain.ONEHOT, Domain.PROBABILITY)


class GradientLayout(enum.Enum):
    """How a derivative by a vector or matrix is arranged (docs/verdicts.md#gradient-layout)."""

    DENOMINATOR = "denominator"  # shaped like the variable: d(Ax)/dx = A^T (the default)
    NUMERATOR = "numerator"  # shaped like the function: d(Ax)/dx = A (the Jacobian)

    @property
    def other(self) -> GradientLayout:
        return (
            GradientLayout.NUMERATOR
            if self is GradientLayout.DENOMINATOR
            else GradientLayout.DENOMINATOR
        )


class FunctionKind(enum.Enum):
    SIGMOID = "sigmoid"
    TANH = "tanh"
    RELU = "relu"
    SOFTMAX = "softmax"
    EXP = "exp"
    LOG = "log"
    STEP = "step"  # the unit step with step(0) = 1 (the perceptron's sgn)
    ARBITRARY = "function"  # any smooth function of one argument


@dataclass(frozen=True)
class SymbolSpec:
    """How to read one name: its domain, or that it is a function, or its shape."""

    name: str  # canonical LaTeX of the base name: "y", "\\hat{y}", "\\sigma", "OUT"
    domain: Domain = Domain.REAL
    function: FunctionKind | None = None
    shape: tuple[str, ...] | None = None  # ("q", "d") for matrix(q, d); ("d",) for vector(d)
    superscript_index: bool = False  # `y^k` is an index of y, not a power
    layer: bool = False  # `l = "layer"`: `a^l`, `w^{l+1}_{jk}` carry the layer l, as a^{[l]}
    sample: bool = False  # `k = "sample"`: `y^k_j`, `\hat{y}^k_j` carry the sample k, as y^{(k)}
    last: bool = False  # `N = "last-layer"`: the layer N is the output layer, as L is
    rows: str | None = None  # `x = "rows(X)"`: x_i is row i of the matrix X, as a column
    zero_based: bool = False  # `beta = "vector(2), zero-based"`: entries beta_0, beta_1
    # `"\\hat{x}" = "samples(n)"`: \hat{x}_i is the vector (n entries) of sample i, as \hat{x}^{(i)}
    samples: bool = False

    @property
    def is_function(self) -> bool:
        return self.function is not None


Arg = str | tuple["Arg", ...]  # the LaTeX of one argument, or a list of them (a tuple argument)


@dataclass(frozen=True)
class Keyed:
    """A function's result that is a dict: each key with the LaTeX of the quantity it holds."""

    items: tuple[tuple[str, str], ...]


Returns = str | tuple[str, ...] | Keyed  # one quantity, a tuple of them, or a dict of them


@dataclass(frozen=True)
class CodeSpec:
    """A Python function that must compute a quantity (the `code`, `args`, `implements` and
    `bind` keys of a claim; docs/format.md#code-checked-against-its-formula)."""

    file: str  # as written in the claim
    function: str
    path: str  # the file resolved (relative to the formula file's folder)
    implements: Returns
    args: tuple[tuple[str, Arg], ...] = ()  # parameter name -> LaTeX of its value
    bind: tuple[tuple[str, str], ...] = ()  # module global -> LaTeX of its value (a size)

    @property
    def call(self) -> str:
        """How the call is shown: `loss(theta_matrix, x_matrix, y_vec)`."""
        return f"{self.function}({', '.join(name for name, _ in self.args)})"


@dataclass(frozen=True)
class Macro:
    """An author's macro (`\\newcommand{\\Vx}{\\boldsymbol{x}}`): its name without the backslash,
    its body (`#1`..`#9` the arguments) and how many arguments it takes."""

    name: str
    body: str
    arity: int = 0


@dataclass(frozen=True)
class Claim:
    """One statement to check, with the definitions and notation it is read under."""

    id: str
    latex: str
    given: tuple[str, ...] = ()
    symbols: Mapping[str, SymbolSpec] = field(default_factory=dict)  # name -> spec, merged
    expect: Verdict = Verdict.VERIFIED
    expect_kind: DiagnosisKind | None = None  # `kind`: the diagnosis a refutation must carry
    asserted: str | None = None  # "left" / "right": the side the author asserted (corrected)
    why: str | None = None
    source: str | None = None
    file: str | None = None
    title: str | None = None
    document: str | None = None  # the [meta] source of its file, else the file path
    code: CodeSpec | None = None  # a function checked against the quantity it implements
    layout: GradientLayout = (
        GradientLayout.DENOMINATOR
    )  # `layout`: of derivatives by vectors and matrices
    macros: tuple[Macro, ...] = ()  # the author's macros (`[macros]`), expanded before reading


@dataclass(frozen=True)
class Diagnosis:
    kind: DiagnosisKind
    detail: str


@dataclass(frozen=True)
class Counterexample:
    """A point where the two sides of a link differ, with both values (exact or 50 digits)."""

    link: str  # the LaTeX of the failing link, e.g. "lhs = rhs"
    point: tuple[tuple[str, str], ...]
    lhs: str
    rhs: str
    sizes: tuple[tuple[str, int], ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "link": self.link,
            "point": dict(self.point),
            "lhs": self.lhs,
            "rhs": self.rhs,
            "sizes": dict(self.sizes),
        }


@dataclass(frozen=True)
class Notice:
    """A warning about the notation of a claim: it never changes the verdict."""

    kind: WarningKind
    message: str
    latex: str  # the fragment concerned, as derive prints it (e.g. "\\frac{1}{n}\\sum_{j=0}^{n}")


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim and the evidence for it."""

    claim: Claim
    verdict: Verdict
    methods: tuple[Method, ...] = ()
    message: str = ""
    diagnosis: Diagnosis | None = None
    correction: str | None = None
    counterexample: Counterexample | None = None
    sizes: tuple[tuple[tuple[str, int], ...], ...] = ()  # each instantiated size set
    warnings: tuple[Notice, ...] = ()  # notation warnings (derive/lint/)
    # the user's files a code claim's verdict was reached from, (resolved path, sha256), which the
    # verdict cache checks again; None: it also depends on what no file pins (never cached)
    reads: tuple[tuple[str, str], ...] | None = ()

    @property
    def expected(self) -> str:
        """What the claim's file expects: "refuted" or "refuted (transpose)"."""
        kind = self.claim.expect_kind
        return self.claim.expect.value + (f" ({kind.value})" if kind else "")

    @property
    def as_expected(self) -> bool:
        if self.verdict is not self.claim.expect:
            return False
        want = self.claim.expect_kind
        return want is None or (self.diagnosis is not None and self.diagnosis.kind is want)
