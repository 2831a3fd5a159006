"""A/B: the catalog checked by two copies of derive side by side, compared claim by claim.

    python bench/ab.py TREE_A TREE_B [PATH ...] [--jobs N] [--keep DIR]
                       [--env-a NAME=VALUE ...] [--env-b NAME=VALUE ...]

Each TREE is a checkout of derive (a folder holding `derive/`). Both run `derive check --json`
at the same time, each in a fresh temporary folder (an empty verdict cache), so that the load of
a shared machine falls on both alike; wall times are not compared, only the CPU seconds of each
claim that the workers report (`.derive_cache/durations.json`). Prints whether every result is
identical (the JSON of each claim: verdict, method, diagnosis, correction, counterexample,
message, warnings...), the total and median CPU of each side, and the claims that moved most.
`--keep DIR` keeps both JSON outputs and durations there. `--env-a`/`--env-b` set environment
variables for one side only (the same tree twice with `--env-b SYMPY_CACHE_SIZE=5000` measures
SymPy's cache size). The maximum resident memory of each side (its largest process, parent or
worker) is printed too. Speed goals live in bench/.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("tree_a")
    parser.add_argument("tree_b")
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "formulas")])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", default=None)
    parser.add_argument("--env-a", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--env-b", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    paths = [str(Path(p).resolve()) for p in args.paths]
    with tempfile.TemporaryDirectory(prefix="derive-ab-") as top:
        runs = []
        sides = (("a", args.tree_a, args.env_a), ("b", args.tree_b, args.env_b))
        for label, tree, extra in sides:
            folder = Path(top) / label
            folder.mkdir()
            env = {**os.environ, "PYTHONPATH": str(Path(tree).resolve())}
            env.update(item.split("=", 1) for item in extra)
            cmd = [sys.executable, "-m", "derive", "check", "--json", "--jobs", str(args.jobs)]
            out = open(folder / "out.json", "w")  # noqa: SIM115 -- closed after the wait below
            runs.append(
                (folder, out, subprocess.Popen([*cmd, *paths], env=env, cwd=folder, stdout=out))
            )
        rss = []
        for _, out, process in runs:
            # wait4: the largest resident set of the process and of the workers it waited for
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            rss.append(usage.ru_maxrss / 1024)
            out.close()
        (a, ta), (b, tb) = (_load(folder) for folder, _, _ in runs)
        if args.keep:
            keep = Path(args.keep)
            keep.mkdir(parents=True, exist_ok=True)
            for (folder, _, _), label in zip(runs, "ab", strict=True):
                (keep / f"{label}.json").write_text((folder / "out.json").read_text())
                (keep / f"{label}-cpu.json").write_text(json.dumps(_times(folder), indent=1))
    differ = [k for k in a.keys() | b.keys() if a.get(k) != b.get(k)]
    print(f"# {len(a)} / {len(b)} claims; results identical: {not differ}")
    for k in sorted(differ)[:20]:
        print(f"  differs: {k}")
    for label, t, mb in (("A", ta, rss[0]), ("B", tb, rss[1])):
        cpu = sorted(t.values()) or [0.0]
        print(
            f"{label}: total {sum(cpu):7.1f} s CPU, median {statistics.median(cpu):.2f} s, "
            f"max {cpu[-1]:.2f} s; max RSS {mb:.0f} MB"
        )
    moved = sorted(ta.keys() & tb.keys(), key=lambda k: tb[k] - ta[k])
    print("# B - A, the claims that gained most, then lost most (CPU s):")
    for k in moved[:10] + moved[-5:]:
        print(f"{tb[k] - ta[k]:+8.2f}  {ta[k]:7.2f} -> {tb[k]:7.2f}  {k}")
    return 1 if differ else 0


def _times(folder: Path) -> dict[str, float]:
    try:
        data = json.loads((folder / ".derive_cache" / "durations.json").read_text())
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in data.items()}


def _load(folder: Path) -> tuple[dict[str, object], dict[str, float]]:
    claims = json.loads((folder / "out.json").read_text())["claims"]
    results = {f"{Path(c['file']).name}::{c['id']}": c for c in claims}
    times = {
        f"{Path(k.split('::')[0]).name}::{k.split('::', 1)[1]}": v
        for k, v in _times(folder).items()
    }
    return results, times


if __name__ == "__main__":
    sys.exit(main())
