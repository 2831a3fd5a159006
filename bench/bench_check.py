"""Benchmark: the speed targets of issue 17, each next to the time of importing SymPy and NumPy.

    python bench/bench_check.py [PATH ...] [--jobs N] [--verify R] [--verify-only] [--ci]
                                [--in-process R]

Runs derive as a user would: `derive verify` of two one-line claims, each R times (default 7)
before anything else, so that no earlier run's load is still on the machine, the median; then
`derive check --json` in a fresh temporary folder (so the verdict cache starts empty), once
cold, once warm (nothing changed). Python keeps its bytecode as a user's does (an installed
package has it from pip, an editable one from its first run): the runs write it to a temporary
`PYTHONPYCACHEPREFIX` after one untimed run, even where `PYTHONDONTWRITEBYTECODE` is set, which
would otherwise compile derive's 120 modules on every start (0.2 s of a one-line verify).
`--ci` also times `.ci/run` (slow: it builds two virtual environments). Prints each target with
the machine's load, the measured time, the ratio to `python -c "import sympy, numpy"` measured
in the same run, and the distribution of CPU seconds per claim (from the workers, kept by the
cache in `.derive_cache/durations.json`). `--in-process R` adds the old table: every claim
checked R times in this process, the median. Speed goals live here, never in unit tests.

To see where one claim spends its time: `python bench/profile_claim.py FILE CLAIM_ID`; by stage,
over many claims: `python bench/phases.py [PATH ...] [--id CLAIM_ID]`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_LINE = {"algebra": "(a+b)^2 = a^2 + 2ab + b^2", "d/dx": "\\frac{d}{dx} x^2 = 2x"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "formulas")])
    parser.add_argument("--jobs", type=int, default=None, help="default: derive's (the CPUs)")
    parser.add_argument("--verify", type=int, default=7, metavar="R", help="runs of each verify")
    parser.add_argument("--verify-only", action="store_true", help="time `derive verify` only")
    parser.add_argument("--ci", action="store_true", help="also time .ci/run")
    parser.add_argument("--in-process", type=int, default=0, metavar="R")
    args = parser.parse_args(argv)
    paths = [str(Path(p).resolve()) for p in args.paths]
    jobs = [] if args.jobs is None else ["--jobs", str(args.jobs)]
    with tempfile.TemporaryDirectory(prefix="derive-bench-") as top:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
        env["PYTHONPYCACHEPREFIX"] = str(Path(top) / "pycache")
        folder = Path(top) / "run"
        folder.mkdir()
        return _bench(args, paths, jobs, env, str(folder))


def _bench(
    args: argparse.Namespace, paths: list[str], jobs: list[str], env: dict[str, str], folder: str
) -> int:
    print(f"# {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    sympy_numpy = [sys.executable, "-c", "import sympy, numpy"]
    _wall(sympy_numpy, env)  # its bytecode, as for every command below
    base = min(_wall(sympy_numpy, env)[0] for _ in range(3))
    print(f"# python -c 'import sympy, numpy': {base:.2f} s wall (the unit of the ratios)")
    rows: list[tuple[str, float, float, float]] = []
    for label, line in ONE_LINE.items():
        one = [sys.executable, "-m", "derive", "verify", line]
        _wall(one, env, cwd=folder)
        runs = [_wall(one, env, cwd=folder, cpu=True) for _ in range(args.verify)]
        wall = statistics.median(r[0] for r in runs)
        cpu_s = statistics.median(r[3] for r in runs)
        load = statistics.median(r[2] for r in runs)
        print(f"# verify '{line}', median of {args.verify}: {wall:.2f} s wall, {cpu_s:.2f} s CPU")
        rows.append((f"derive verify, {label} (wall)", wall, 1.0, load))
    if args.verify_only:
        _table(rows, base)
        return 0
    check = [sys.executable, "-m", "derive", "check", "--json", *jobs, *paths]
    cold, cold_out, cold_load, _ = _wall(check, env, cwd=folder)
    warm, warm_out, warm_load, _ = _wall(check, env, cwd=folder)
    durations = _durations(Path(folder))
    same = _claims(cold_out) == _claims(warm_out)
    claims = len(_claims(cold_out))
    cpu = sorted(durations.values())
    rows = [
        ("cold derive check (wall)", cold, 60.0, cold_load),
        ("warm derive check (wall)", warm, 2.0, warm_load),
        *rows,
    ]
    if cpu:
        rows += [
            ("claim CPU, median", statistics.median(cpu), 0.3, cold_load),
            ("claim CPU, max", cpu[-1], 5.0, cold_load),
        ]
    if args.ci:
        ci, _, ci_load, _ = _wall([str(ROOT / ".ci" / "run")], env, cwd=str(ROOT))
        rows.append((".ci/run (wall)", ci, 300.0, ci_load))
    print(f"# {claims} claims; warm verdicts identical to cold: {same}")
    _table(rows, base)
    if cpu:
        _distribution(durations)
    if args.in_process:
        _in_process(paths, args.in_process)
    return 0 if same else 1


def _table(rows: list[tuple[str, float, float, float]], base: float) -> None:
    print(f"{'target':34} {'load':>5} {'seconds':>8} {'goal':>6} {'x import':>8}")
    for name, seconds, goal, load in rows:
        mark = "ok" if seconds <= goal else f"MISSED by {seconds - goal:.1f} s"
        print(f"{name:34} {load:5.2f} {seconds:8.2f} {goal:6g} {seconds / base:8.1f}  {mark}")


def _wall(
    cmd: list[str], env: dict[str, str], cwd: str | None = None, cpu: bool = False
) -> tuple[float, str, float, float]:
    """Wall seconds, the output, the load average (1 min) when it started, and the CPU seconds
    of the command and its children (`cpu=True`; 0 otherwise)."""
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, done.stdout, load, used if cpu else 0.0


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
