"""The verdict cache: a claim checked before, under the same everything, is not checked again.

Kept in `.derive_cache/` as pytest and mypy keep theirs (with `CACHEDIR.TAG` and a `.gitignore`,
so that backups and git leave it alone). An entry is keyed by everything that can change a
verdict: the claim (its LaTeX, `given`, symbols, id, which seeds its points, and what it
expects), the settings (points, seed, tolerances, sizes), the derive version and a hash of its
source, and the versions of Python, SymPy, NumPy, mpmath and the LaTeX parser. Nothing else is
trusted: an entry that cannot be read, or that is not the one asked for, is a miss, never an
error; entries are written whole (a temporary file renamed into place), so a run that is stopped
leaves no half entry. Only verdicts the engine reached are stored: the run decides that (a claim
stopped by its time budget, or a worker that crashed, is never cached). A claim that runs the
user's code (`code = ...`) also depends on files derive does not read itself: its key holds the
code spec, `sys.path` (which decides what `import helpers` finds) and the versions of every
installed distribution; its entry holds the files the code imported from the user's project and
opened, with a hash of each (derive/checks/reads.py), and a lookup whose files have changed is a
miss. A code result that depends on what no file pins (an import that failed) is not stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from derive.checks.reads import unchanged
from derive.model import (
    Claim,
    ClaimResult,
    Counterexample,
    Diagnosis,
    DiagnosisKind,
    Method,
    Notice,
    Verdict,
    WarningKind,
)
from derive.settings import Settings

DEFAULT_DIR = ".derive_cache"
DURATIONS = "durations.json"
FORMAT = 2  # raise when the layout of an entry changes
TAG = (  # https://bford.info/cachedir/
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by derive.\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
_DEPENDENCIES = ("sympy", "numpy", "mpmath", "latex2sympy2_extended", "antlr4-python3-runtime")


@dataclass(frozen=True)
class VerdictCache:
    """A folder of verdicts. `get` answers a stored result or None; `put` stores one."""

    root: Path

    def get(self, claim: Claim, settings: Settings) -> ClaimResult | None:
        key = entry_key(claim, settings)
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            if data.get("format") != FORMAT or data.get("key") != key:
                return None  # written by another derive, or copied from elsewhere
            result = decode(data["result"], claim)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # absent, unreadable or corrupt: check the claim again
        if claim.code is not None and (result.reads is None or not unchanged(result.reads)):
            return None  # the code, or a file it imported or read, has changed since
        return result

    def put(self, result: ClaimResult, settings: Settings, seconds: float | None = None) -> None:
        """Store a result (best effort: a cache that cannot be written only costs time)."""
        if not cacheable(result):
            return
        key = entry_key(result.claim, settings)
        data = {"format": FORMAT, "key": key, "seconds": seconds, "result": encode(result)}
        text = json.dumps(data, ensure_ascii=False)
        path = self._path(key)
        try:
            self._prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_whole(path, text)
        except OSError:
            return

    def durations(self) -> dict[str, float]:
        """The CPU seconds each claim (`file::id`) took when it was last checked (its worker's;
        for a claim stopped by its budget, the budget): a run starts the longest first, so that
        one slow claim does not run alone at the end."""
        try:
            data = json.loads((self.root / DURATIONS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: float(v) for k, v in data.items() if isinstance(v, int | float)}

    def record_durations(self, seconds: dict[str, float]) -> None:
        """Add this run's times to `durations` (best effort, as `put`)."""
        if not seconds:
            return
        try:
            self._prepare()
            _write_whole(self.root / DURATIONS, json.dumps({**self.durations(), **seconds}))
        except OSError:
            return

    def entry_path(self, claim: Claim, settings: Settings) -> Path:
        """Where the entry of a claim under these settings is (or would be) kept."""
        return self._path(entry_key(claim, settings))

    def _path(self, key: str) -> Path:
        return self.root / f"v{FORMAT}" / key[:2] / f"{key}.json"

    def _prepare(self) -> None:
        if (self.root / "CACHEDIR.TAG").exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        for name, text in (("CACHEDIR.TAG", TAG), (".gitignore", "# created by derive\n*\n")):
            target = self.root / name
            if not target.exists():
                target.write_text(text, encoding="utf-8")


def _write_whole(path: Path, text: str) -> None:
    """Write a temporary file next to `path`, then rename it: readers see all or nothing."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def claim_name(claim: Claim) -> str:
    """How `durations` names a claim: it survives edits of the claim, unlike its key."""
    return f"{claim.file}::{claim.id}"


def cacheable(result: ClaimResult) -> bool:
    """Whether everything the verdict depends on is in its key or its recorded files (not so for
    code whose import failed, or a function given in hand)."""
    return result.claim.code is None or result.reads is not None


def entry_key(claim: Claim, settings: Settings) -> str:
    """The hex digest naming an entry: the claim, the settings and the software that checks."""
    what: dict[str, object] = {
        "claim": {
            "id": claim.id,
            "latex": claim.latex,
            "given": list(claim.given),
            "symbols": sorted((name, repr(spec)) for name, spec in claim.symbols.items()),
            "expect": claim.expect.value,
            "expect_kind": claim.expect_kind.value if claim.expect_kind else None,
            "asserted": claim.asserted,  # which side a correction edits
            "layout": claim.layout.value,  # how derivatives by vectors are arranged
            "macros": [[m.name, m.body, m.arity] for m in claim.macros],
        },
        "settings": repr(settings),
        "software": software(),
    }
    if claim.code is not None:
        what["code"] = {"spec": repr(claim.code), "environment": environment()}
    text = json.dumps(what, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@cache
def software() -> str:
    """derive's version and a hash of every file of the package (not only its Python: a data
    table can change a verdict too), the platform, and the versions of Python and the
    dependencies."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = (f for f in package.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
    for path in sorted(files):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    versions = []
    for dist in ("derive", *_DEPENDENCIES):
        try:
            versions.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} absent")
    where = f"{platform.system()} {platform.machine()}"
    return ";".join([f"python {sys.version}", where, *versions, f"source {digest.hexdigest()}"])


def environment() -> str:
    """What a code claim's imports resolve against: `sys.path` (absolute, as it is now: a test
    may change it) and every installed distribution with its version (the code may import any)."""
    path = [os.path.abspath(p) for p in sys.path]
    return json.dumps({"sys.path": path, "distributions": _distributions()})


@cache
def _distributions() -> list[str]:
    return sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())


def encode(r: ClaimResult) -> dict[str, Any]:
    """A result as JSON data, without its claim (the claim is the key)."""
    ce = r.counterexample
    return {
        "verdict": r.verdict.value,
        "methods": [m.value for m in r.methods],
        "message": r.message,
        "diagnosis": [r.diagnosis.kind.value, r.diagnosis.detail] if r.diagnosis else None,
        "correction": r.correction,
        "counterexample": None
        if ce is None
        else {
            "link": ce.link,
            "point": [list(p) for p in ce.point],
            "lhs": ce.lhs,
            "rhs": ce.rhs,
            "sizes": [list(s) for s in ce.sizes],
        },
        "sizes": [[list(kv) for kv in s] for s in r.sizes],
        "warnings": [[w.kind.value, w.message, w.latex] for w in r.warnings],
        "reads": None if r.reads is None else [list(pd) for pd in r.reads],
    }


def decode(data: dict[str, Any], claim: Claim) -> ClaimResult:
    """The result `encode` stored, for `claim`. Raises ValueError, KeyError or TypeError on data
    that is not an encoded result."""
    ce = data["counterexample"]
    diagnosis = data["diagnosis"]
    reads = data["reads"]
    result = ClaimResult(
        claim,
        Verdict(data["verdict"]),
        tuple(Method(m) for m in data["methods"]),
        message=_str(data["message"]),
        diagnosis=None
        if diagnosis is None
        else Diagnosis(DiagnosisKind(diagnosis[0]), _str(diagnosis[1])),
        correction=None if data["correction"] is None else _str(data["correction"]),
        counterexample=None
        if ce is None
        else Counterexample(
            link=_str(ce["link"]),
            point=tuple((_str(k), _str(v)) for k, v in ce["point"]),
            lhs=_str(ce["lhs"]),
            rhs=_str(ce["rhs"]),
            sizes=tuple((_str(k), _int(v)) for k, v in ce["sizes"]),
        ),
        sizes=tuple(tuple((_str(k), _int(v)) for k, v in s) for s in data["sizes"]),
        warnings=tuple(Notice(WarningKind(k), _str(m), _str(t)) for k, m, t in data["warnings"]),
        reads=None if reads is None else tuple((_str(p), _str(d)) for p, d in reads),
    )
    return result


def _str(x: object) -> str:
    if not isinstance(x, str):
        raise TypeError(f"expected a string, got {type(x).__name__}")
    return x


def _int(x: object) -> int:
    if not isinstance(x, int) or isinstance(x, bool):
        raise TypeError(f"expected an integer, got {type(x).__name__}")
    return x
