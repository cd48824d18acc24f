"""Benchmark: the full Sociale Monitor (build + PDF + XLSX) for the sample gemeente and for the largest
gemeente in the national data, each in its own process on a fresh SQLite database (or DATABASE_URL's).

    .venv/bin/python benchmarks/monitor.py [path/to/shared/data]

1. Stichtse Vecht (GM1904) on the bundled sample (``kernfoto demo``): 13 kernen, 12 wijken, 97 buurten,
   boundaries, so every chapter has a map.
2. Amsterdam (GM0363, the largest gemeente by population) on the national tables of the shared data
   (the four RIVM/GGD'en/CBS health tables 2012-2020, 17,252-17,341 areas each, and the national KWB
   2019 and 2024 tables): 99 wijken and 481 buurten, no kernen and no boundaries (tables only).

The import is set-up, not measured. Measured, from the request to the bytes: computing the figures
(``results_for``), gathering texts, voices, directory and boundary changes, building the report, the
Typst PDF and the XLSX workbook. Each phase prints wall time per step and the peak resident memory of
its process. Goal (issue 7): under 10 s each.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
GOAL_S = 10.0
PERIOD = "2020"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def national_files(data: Path) -> list[Path]:
    rivm = sorted((data / "rivm-gezondheid").glob("rivm_50090NED_gezondheid_wijk_buurt_*.csv"))
    kwb = [data / "cbs-kwb" / "kwb_2024_85984NED_gemeente_wijk_8vars.csv", data / "cbs-kwb" / "kwb_2019_gemeenten_14vars.csv",
           data / "cbs-kwb" / "85984NED_2024_DataProperties.json"]
    return [*rivm, *(p for p in kwb if p.exists())]


def phase(name: str, data: Path) -> None:
    """One measurement, in this process (started by main with its own database)."""
    from kernfoto.cli import setup_django

    setup_django()
    t = time.perf_counter()
    if name == "sample":
        from kernfoto.demo import load_demo

        load_demo()
        gemeente = "GM1904"
    else:
        from kernfoto.stats.importing import import_files

        files = national_files(data)
        if len(files) < 4:
            sys.exit(f"national tables not found under {data} (give the shared data folder as the first argument)")
        import_files(files)
        gemeente = "GM0363"
    print(f"[{name}] set-up (import, not measured): {time.perf_counter() - t:.1f} s; peak RSS {peak_mb():.0f} MB")

    from kernfoto.monitor.build import build_report
    from kernfoto.monitor.sources import monitor_inputs
    from kernfoto.monitor.typst_render import MonitorRenderer
    from kernfoto.monitor.xlsx import workbook
    from kernfoto.profiles.build import ProfileSource

    steps: list[tuple[str, float]] = []

    def step(label: str, func):
        t0 = time.perf_counter()
        value = func()
        steps.append((label, time.perf_counter() - t0))
        return value

    start = time.perf_counter()
    source = step("figures (results_for)", lambda: ProfileSource(gemeente))
    inputs = step("texts, voices, directory, maps, indelingen", lambda: monitor_inputs(gemeente, PERIOD, source=source))
    report = step("report model", lambda: build_report(inputs, PERIOD))
    renderer = step("Typst compiler (fonts, template)", MonitorRenderer)
    pdf = step("PDF", lambda: renderer.render(report))
    xlsx = step("XLSX", lambda: workbook(report))
    total = time.perf_counter() - start
    out = Path(tempfile.mkdtemp())
    (out / f"{report.filename}.pdf").write_bytes(pdf)
    (out / f"{report.filename}.xlsx").write_bytes(xlsx)
    levels = ", ".join(f"{len(lv.rows)} {lv.level_plural}" for lv in report.accumulation.levels)
    print(f"[{name}] {report.title}: {renderer.last_pages} pages ({len(pdf) / 1e6:.1f} MB), workbook "
          f"{len(xlsx) / 1e3:.0f} kB; {len(report.summary)} findings, {len(report.chapters)} chapters, "
          f"accumulation over {levels}; written to {out}")
    for label, seconds in steps:
        print(f"[{name}]   {label:<45} {seconds:6.2f} s")
    ok = total < GOAL_S
    print(f"[{name}] total {total:.2f} s; peak RSS {peak_mb():.0f} MB; goal < {GOAL_S:.0f} s: {'met' if ok else 'NOT met'}")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--phase":
        phase(sys.argv[2], Path(sys.argv[3]))
        return
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    for name in ("sample", "national"):
        env = dict(os.environ)
        if "DATABASE_URL" not in os.environ:
            env["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        subprocess.run([sys.executable, __file__, "--phase", name, str(data)], env=env, check=True)


if __name__ == "__main__":
    main()
