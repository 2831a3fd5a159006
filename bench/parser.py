"""Benchmark: the arithmetic parser on the catalog's own inputs (issue 18's measurement).

    python bench/parser.py [PATH ...]

Reads every claim of the formula files (statement and `given`, as `derive check` prepares them)
and records each distinct string the reader hands to the parser (`derive/notation/backend.py`).
Then parses every recorded string again, cold, in three ways and prints the time of each:
ANTLR's SLL prediction with the LL fallback (what derive uses), full LL only, and derive's memo
(a second pass over the same strings). It also counts the strings whose SLL and LL results
differ (must be 0) and the strings the parser refuses.
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import time
from importlib import metadata

from antlr4.atn.PredictionMode import PredictionMode

from derive import catalog
from derive.errors import DeriveError
from derive.notation import backend
from derive.prepared import prepare


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=["formulas"])
    args = parser.parse_args()
    cat = catalog.load(args.paths)
    seen: list[str] = []
    original = backend.parse_arithmetic

    def recording(latex: str):  # type: ignore[no-untyped-def]
        seen.append(latex)
        return original(latex)

    backend.parse_arithmetic = recording  # type: ignore[assignment]
    import derive.notation.reader as reader_module

    reader_module.parse_arithmetic = recording  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    unread = 0
    for claim in cat.claims:
        try:
            prepare(claim)
        except DeriveError:
            unread += 1
    read_seconds = time.perf_counter() - t0
    distinct = list(dict.fromkeys(seen))
    print(
        f"# {platform.machine()}, Python {platform.python_version()}, "
        f"latex2sympy2_extended {metadata.version('latex2sympy2_extended')}, "
        f"antlr4 runtime {metadata.version('antlr4-python3-runtime')}"
    )
    print(f"claims read: {len(cat.claims)} ({unread} errors) in {read_seconds:.2f} s")
    print(f"parser calls: {len(seen)}, distinct inputs: {len(distinct)}")

    sll = backend._Converter(PredictionMode.SLL)  # the adapter's own class, measured
    ll = backend._Converter(PredictionMode.LL)

    def run(convert: object) -> tuple[float, list[str]]:
        out = []
        start = time.perf_counter()
        for text in distinct:
            try:
                out.append(str(convert.parse(text)))  # type: ignore[attr-defined]
            except Exception as exc:  # the library raises bare Exception: a refusal to count
                out.append("refused: " + str(exc).splitlines()[0])
        return time.perf_counter() - start, out

    ll_time, ll_out = run(ll)
    sll_time, sll_out = run(sll)
    pairs = zip(sll_out, ll_out, strict=True)
    differ = sum(a != b and not a.startswith("refused") for a, b in pairs)
    refused = sum(b.startswith("refused") for b in ll_out)
    start = time.perf_counter()
    for text in distinct:
        with contextlib.suppress(backend.BackendError):
            backend.parse_arithmetic(text)
    memo_time = time.perf_counter() - start
    n = len(distinct)
    print(f"full LL:            {ll_time:7.2f} s ({1000 * ll_time / n:.2f} ms per input)")
    print(f"SLL (LL fallback):  {sll_time:7.2f} s ({1000 * sll_time / n:.2f} ms per input)")
    print(f"memoised, 2nd pass: {memo_time:7.3f} s")
    print(f"SLL results that differ from LL: {differ}; inputs the parser refuses: {refused}")


if __name__ == "__main__":
    main()
