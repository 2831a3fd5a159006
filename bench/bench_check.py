"""Benchmark: the speed targets of issue 17, each next to the time of importing SymPy and NumPy.

    python bench/bench_check.py [PATH ...] [--jobs N] [--ci] [--in-process R]

Runs `derive check --json` as a user would, in a fresh temporary folder (so the verdict cache
starts empty): once cold, once warm (nothing changed), and `derive verify` of a one-line claim;
`--ci` also times `.ci/run` (slow: it builds a virtual environment). Prints each target with the
machine's load, the measured time, the ratio to `python -c "import sympy, numpy"` measured in
the same run, and the distribution of CPU seconds per claim (from the workers, kept by the
cache in `.derive_cache/durations.json`). `--in-process R` adds the old table: every claim
checked R times in this process, the median. Speed goals live here, never in unit tests.

To see where one claim spends its time: `python bench/profile_claim.py FILE CLAIM_ID`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_LINE = "(a+b)^2 = a^2 + 2ab + b^2"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "formulas")])
    parser.add_argument("--jobs", type=int, default=None, help="default: derive's (the CPUs)")
    parser.add_argument("--ci", action="store_true", help="also time .ci/run")
    parser.add_argument("--in-process", type=int, default=0, metavar="R")
    args = parser.parse_args(argv)
    paths = [str(Path(p).resolve()) for p in args.paths]
    jobs = [] if args.jobs is None else ["--jobs", str(args.jobs)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }

    print(f"# {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    base = min(_wall([sys.executable, "-c", "import sympy, numpy"], env)[0] for _ in range(3))
    print(f"# python -c 'import sympy, numpy': {base:.2f} s wall (the unit of the ratios)")
    with tempfile.TemporaryDirectory(prefix="derive-bench-") as folder:
        check = [sys.executable, "-m", "derive", "check", "--json", *jobs, *paths]
        cold, cold_out, cold_load = _wall(check, env, cwd=folder)
        warm, warm_out, warm_load = _wall(check, env, cwd=folder)
        durations = _durations(Path(folder))
        one = [sys.executable, "-m", "derive", "verify", ONE_LINE]
        verify, _, verify_load = _wall(one, env, cwd=folder)
    same = _claims(cold_out) == _claims(warm_out)
    claims = len(_claims(cold_out))
    cpu = sorted(durations.values())
    rows = [
        ("cold derive check (wall)", cold, 60.0, cold_load),
        ("warm derive check (wall)", warm, 2.0, warm_load),
        ("derive verify one line (wall)", verify, 1.0, verify_load),
    ]
    if cpu:
        rows += [
            ("claim CPU, median", statistics.median(cpu), 0.3, cold_load),
            ("claim CPU, max", cpu[-1], 5.0, cold_load),
        ]
    if args.ci:
        ci, _, ci_load = _wall([str(ROOT / ".ci" / "run")], env, cwd=str(ROOT))
        rows.append((".ci/run (wall)", ci, 300.0, ci_load))
    print(f"# {claims} claims; warm verdicts identical to cold: {same}")
    print(f"{'target':34} {'load':>5} {'seconds':>8} {'goal':>6} {'x import':>8}")
    for name, seconds, goal, load in rows:
        mark = "ok" if seconds <= goal else f"MISSED by {seconds - goal:.1f} s"
        print(f"{name:34} {load:5.2f} {seconds:8.2f} {goal:6g} {seconds / base:8.1f}  {mark}")
    if cpu:
        _distribution(durations)
    if args.in_process:
        _in_process(paths, args.in_process)
    return 0 if same else 1


def _wall(cmd: list[str], env: dict[str, str], cwd: str | None = None) -> tuple[float, str, float]:
    """Wall seconds, the output, and the load average (1 min) when it ended."""
    t = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - t, done.stdout, os.getloadavg()[0]


def _claims(out: str) -> list[object]:
    try:
        return list(json.loads(out)["claims"])
    except (ValueError, KeyError):
        return []


def _durations(folder: Path) -> dict[str, float]:
    try:
        data = json.loads((folder / ".derive_cache" / "durations.json").read_text())
    except (OSError, ValueError):
        return {}
    return {str(k): float(v) for k, v in data.items()}


def _distribution(durations: dict[str, float]) -> None:
    cpu = sorted(durations.values())
    n = len(cpu)
    p90 = cpu[min(n - 1, int(0.9 * n))]
    top = cpu[n - max(1, n // 10) :]
    print(
        f"# CPU per claim: total {sum(cpu):.1f} s, median {statistics.median(cpu):.2f} s, "
        f"p90 {p90:.2f} s, max {cpu[-1]:.2f} s; {sum(t > 5 for t in cpu)} over 5 s; "
        f"the slowest 10% take {sum(top) / max(sum(cpu), 1e-9):.0%}"
    )
    print("# the 10 slowest:")
    for name, seconds in sorted(durations.items(), key=lambda kv: -kv[1])[:10]:
        print(f"{seconds:8.2f} s  {Path(name.split('::')[0]).name}::{name.split('::', 1)[1]}")


def _in_process(paths: list[str], repeat: int) -> None:
    from derive import catalog
    from derive.engine import check_linted
    from derive.settings import Settings

    print(f"# in this process, median of {repeat} (CPU seconds):")
    for claim in catalog.load(paths).claims:
        runs = []
        for _ in range(repeat):
            t = time.process_time()
            result = check_linted(claim, Settings())
            runs.append(time.process_time() - t)
        print(f"{statistics.median(runs):8.3f} s  {claim.file}::{claim.id}  {result.verdict.value}")


if __name__ == "__main__":
    sys.exit(main())
