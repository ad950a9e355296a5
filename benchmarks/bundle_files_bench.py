"""The report bundle's files, each produced and written alone: where `write_bundle` spends.

Analyses SNAPSHOT once, then for each bundle file (`bundle.BUNDLE_FILES`, as
`write_bundle` makes its jobs) `--repeat` times: the CPU time its producer takes to make
its bytes, and the CPU and wall time `write_atomic_chunks` takes to make, write, fsync
and hash it (what a bundle writer does with each file). Prints the minimum of each, as
the machine may be shared: CPU time is the steadier measure there. Each run is given a
fresh identity graph, so that nothing one run builds on first use (the networkx graph
`graph.graphml` reads) is already built for the next.

    .venv/bin/python -m benchmarks.bundle_files_bench SNAPSHOT OUTDIR
    .venv/bin/python -m benchmarks.bundle_files_bench SNAPSHOT OUTDIR --only graph.graphml
"""

import argparse
import dataclasses
import time
from pathlib import Path

from auditor.analysis import Analysis, analyze
from auditor.graph.identity import IdentityGraph
from auditor.integrity.seal import write_atomic_chunks
from auditor.report.bundle import BUNDLE_FILES
from auditor.snapshot.collector_pause import collector_paused


def fresh(analysis: Analysis) -> Analysis:
    """The analysis with a new identity graph, as `analyze` hands it to the bundle."""
    graph = IdentityGraph(analysis.account, analysis.policy.role_tiers)
    return dataclasses.replace(analysis, graph=graph)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("snapshot", type=Path)
    parser.add_argument("out", type=Path, help="folder for the files written (overwritten)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default=",".join(BUNDLE_FILES), help="file names, by commas")
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    analysis = analyze(arguments.snapshot)
    total = 0.0
    for name in arguments.only.split(","):
        produce = BUNDLE_FILES[name]
        produced = written_cpu = written_wall = float("inf")
        size = 0
        for _ in range(arguments.repeat):
            # As `file_workers` writes a file: the cyclic collector paused.
            with collector_paused():
                run = fresh(analysis)
                start = time.process_time()
                size = sum(len(chunk) for chunk in produce(run))
                produced = min(produced, time.process_time() - start)
                run = fresh(analysis)
                start, wall = time.process_time(), time.perf_counter()
                write_atomic_chunks(arguments.out / name, produce(run))
                written_cpu = min(written_cpu, time.process_time() - start)
                written_wall = min(written_wall, time.perf_counter() - wall)
        total += written_cpu
        print(
            f"{name:20} produce {produced:6.3f} s CPU   write {written_cpu:6.3f} s CPU "
            f"{written_wall:6.3f} s wall   {size / 1e6:6.1f} MB",
            flush=True,
        )
    print(f"{'all written':20} {total:6.3f} s CPU")


if __name__ == "__main__":
    main()
