"""`auditor analyze` at scale: wall time against the `json.loads` floor, and peak memory.

    python -m benchmarks.analyze_bench --agents 10000 --contacts 1000000 --work /tmp/scale

The synthetic snapshot is generated once into `--work` (about 450 MB at a million
contacts) and reused. Each repetition runs `auditor analyze` in a fresh subprocess and
reads that process's peak RSS (`ru_maxrss` of its children) with `resource.getrusage`;
the floor is plain `json.loads` of every line of the snapshot's data files, timed in this
process next to each run (floor, run, floor, run, ...). Ratios come from one run, so
both sides see the same machine load: min over min, median over median.

A large bundle is written by two processes that share the analysis's memory, so the
largest single process's RSS is not the whole story: one more run, not timed, samples
the proportional set size (PSS: shared pages split between the processes sharing them)
of the analyze process and its children every 50 ms and reports the peak of their sum,
what the machine actually had to hold.
"""

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.synthetic_account import AccountSize, write_synthetic_account

WALL_RATIO_TARGET = 2.0
PEAK_RSS_TARGET_MB = 1536


@dataclass(frozen=True)
class Measurement:
    wall: list[float]
    peak_rss_mb: list[float]


def account_size(agents: int, contacts: int) -> AccountSize:
    """The issue's shape: a tenth of the agents deactivated, a group per 40 agents,
    a company per 200 contacts."""
    return AccountSize(
        agents=agents,
        inactive=agents // 10,
        groups=max(1, agents // 40),
        ungrouped=agents // 20,
        contacts=contacts,
        companies=max(1, contacts // 200),
    )


def snapshot_for(work: Path, agents: int, contacts: int) -> Path:
    directory = work / f"snapshot-{agents}-{contacts}"
    if not (directory / "manifest.json").is_file():
        write_synthetic_account(directory, account_size(agents, contacts))
    return directory


def json_floor(snapshot: Path) -> float:
    """Seconds `json.loads` needs for every line of the snapshot's data files."""
    manifest = json.loads((snapshot / "manifest.json").read_text())
    started = time.perf_counter()
    for name in manifest["files"]:
        with (snapshot / name).open("rb") as handle:
            for line in handle:
                if line.strip():
                    json.loads(line)
    return time.perf_counter() - started


def compile_package() -> None:
    """Compile the auditor's modules to bytecode, as installing its wheel does.

    Run from a source checkout with `PYTHONDONTWRITEBYTECODE` set (as on the machine
    these figures come from), Python would otherwise compile every module again in each
    run: about 0.15 s of processor time that no installed copy spends.
    """
    import auditor

    compileall.compile_dir(Path(auditor.__file__).parent, quiet=1)


def analyze_once(snapshot: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `auditor analyze` process."""
    script = (
        "import resource, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "wall = time.perf_counter() - started\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(wall, peak)\n"
    )
    command = [sys.executable, "-m", "auditor", "analyze", str(snapshot), "--out", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", script, *command], check=True, capture_output=True, text=True
    )
    wall, peak = result.stdout.split()
    return float(wall), float(peak)


def tree_pss_peak_mb(snapshot: Path, out: Path) -> float:
    """Peak of the summed PSS (MB) of one `auditor analyze` process and its children."""
    command = [sys.executable, "-m", "auditor", "analyze", str(snapshot), "--out", str(out)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss_kb(pid) for pid in _tree(process.pid)))
        time.sleep(0.05)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return peak / 1024


def _tree(pid: int) -> list[int]:
    """`pid` and every descendant, from /proc's per-thread `children` lists."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                queue += [int(child) for child in task.read_text().split()]
            except OSError:
                continue  # the process ended between listing and reading
    return found


def _pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))


def measure(snapshot: Path, out: Path, repetitions: int) -> tuple[list[float], Measurement]:
    """The floor and one `analyze` run, in turn, `repetitions` times: this machine's speed
    drifts by a fifth over minutes, so each floor is taken next to its run."""
    floors: list[float] = []
    runs: list[tuple[float, float]] = []
    for _ in range(repetitions):
        floors.append(json_floor(snapshot))
        runs.append(analyze_once(snapshot, out))
    return floors, Measurement([wall for wall, _ in runs], [peak for _, peak in runs])


def report(label: str, floors: list[float], measured: Measurement, tree_pss: float) -> list[str]:
    """Min over min and median over median; each run beside the floor taken next to it."""
    floor, floor_median = min(floors), statistics.median(floors)
    wall_min, wall_median = min(measured.wall), statistics.median(measured.wall)
    rss_max = max(measured.peak_rss_mb)
    fast = "yes" if wall_min / floor <= WALL_RATIO_TARGET else "NO"
    small = "yes" if rss_max <= PEAK_RSS_TARGET_MB else "NO"
    return [
        f"{label}: json.loads floor min {floor:.2f} s, median {floor_median:.2f} s; analyze "
        f"min {wall_min:.2f} s ({wall_min / floor:.2f}x), median {wall_median:.2f} s "
        f"({wall_median / floor_median:.2f}x); peak RSS max {rss_max:.0f} MB (runs, "
        "floor / analyze / ratio / RSS: "
        + ", ".join(
            f"{f:.2f} / {w:.2f} s / {w / f:.2f}x / {m:.0f} MB"
            for f, w, m in zip(floors, measured.wall, measured.peak_rss_mb, strict=True)
        )
        + ")",
        f"  wall <= {WALL_RATIO_TARGET}x floor: {fast}; "
        f"peak RSS <= {PEAK_RSS_TARGET_MB} MB: {small}; "
        f"peak PSS of all its processes together (one more run): {tree_pss:.0f} MB",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/analyze-bench"))
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument(
        "--tenth", action="store_true", help="also measure at 1/10 the size (linear growth)"
    )
    options = parser.parse_args()
    sizes = [(options.agents, options.contacts)]
    if options.tenth:
        sizes.append((options.agents // 10, options.contacts // 10))
    compile_package()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    lines: list[str] = []
    for agents, contacts in sizes:
        snapshot = snapshot_for(options.work, agents, contacts)
        out = options.work / f"bundle-{agents}-{contacts}"
        analyze_once(snapshot, out)  # once untimed: the files in the page cache, as the floor's
        floors, measured = measure(snapshot, out, options.repetitions)
        tree_pss = tree_pss_peak_mb(snapshot, out)
        lines += report(f"{agents} agents, {contacts} contacts", floors, measured, tree_pss)
    print("\n".join(lines))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
