"""Benchmark: import the complete national health table of one period and compute every indicator
for every area (values, comparison with gemeente and Nederland, trend), on a fresh SQLite database
(or DATABASE_URL). Prints wall time and peak memory (RSS) of each step.

    python benchmarks/import_compute.py [../shared/data/rivm-gezondheid/rivm_50090NED_gezondheid_wijk_buurt_2020_18plus.csv]

Goal (issue 2): import < 5 s, compute < 10 s, peak memory < 1 GB on a 2-core machine.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/rivm-gezondheid/rivm_50090NED_gezondheid_wijk_buurt_2020_18plus.csv"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        sys.exit(f"national file not found: {path} (give its path as the first argument)")
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    t0 = time.perf_counter()
    from kernfoto.cli import setup_django

    setup_django()
    from kernfoto.stats import pipeline
    from kernfoto.stats.importing import import_files

    print(f"database: {os.environ['DATABASE_URL'].split('@')[-1]}; setup {time.perf_counter() - t0:.2f} s")
    t = time.perf_counter()
    [result] = import_files([path])
    t_import = time.perf_counter() - t
    print(f"import  {path.name}: {result.rows:,} cells in {t_import:.2f} s; peak RSS {peak_mb():.0f} MB")
    t = time.perf_counter()
    inputs = pipeline.load_all_inputs()
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    results = pipeline.compute(inputs)
    t_compute = time.perf_counter() - t
    areas = results["area_code"].n_unique()
    print(f"load    {inputs.obs.height:,} observations in {t_load:.2f} s")
    print(f"compute {results.height:,} values for {areas:,} areas in {t_compute:.2f} s; peak RSS {peak_mb():.0f} MB")
    ok = t_import < 5 and (t_load + t_compute) < 10 and peak_mb() < 1024
    print(f"goal (import < 5 s, compute < 10 s, peak < 1 GB): {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
