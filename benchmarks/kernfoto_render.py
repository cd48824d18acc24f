"""Benchmark: render kernfoto's, pages per second and peak memory; Typst against WeasyPrint.

    python benchmarks/kernfoto_render.py [NATIONAL_HEALTH_CSV ...]

1. The sample gemeente (Stichtse Vecht) on a fresh SQLite database: every kern and every wijk,
   period 2020, with one compiler, with two compiler threads and with two worker processes.
2. Every gemeente in the national health tables (default: the 2016 and 2020 18+ and the 2020 65+
   tables in ../shared/data/rivm-gezondheid/), computed once for the whole country, and the
   projected time for all ~17,000 areas. Skipped with a message when the files are missing.
3. The same profiles as HTML through WeasyPrint (if installed: pip install '.[bench]'), side by side.

Goals (issue 3): at least 50 pages/s on a 2-core machine; at least 20x faster than WeasyPrint.
Building profiles and rendering are timed separately; "pages/s" is the rendering rate, and the
end-to-end rate (build + render) is printed too. The figures move with whatever else the machine
is doing: run it on an idle machine, and more than once.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared/data/rivm-gezondheid"
DEFAULT_NATIONAL = [SHARED / f"rivm_50090NED_gezondheid_wijk_buurt_{p}.csv"
                    for p in ("2016_18plus", "2020_18plus", "2020_65plus")]
AREAS = 17252  # areas in the national health table 2020 (Nederland, gemeenten, wijken, buurten)
GOAL_PAGES_PER_S = 50
GOAL_VS_WEASYPRINT = 20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_peak_mb() -> float:
    """Largest peak RSS of the running worker processes (Linux; 0 elsewhere)."""
    import multiprocessing

    peaks = [0.0]
    for child in multiprocessing.active_children():
        try:
            for line in Path(f"/proc/{child.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        except OSError:
            pass
    return max(peaks)


def timed(func):
    start = time.perf_counter()
    value = func()
    return value, time.perf_counter() - start


def render_rates(renderer, profiles: list, workers: int) -> float:
    """Render ``profiles`` with one compiler, with ``workers`` threads and ``workers`` processes;
    print each rate; return the best parallel rate."""
    densities = Counter()
    start = time.perf_counter()
    for profile in profiles:
        renderer.render(profile)
        densities[renderer.last_density] += 1
    seconds = time.perf_counter() - start
    layouts = ", ".join(f"{n} {d}" for d, n in sorted(densities.items()))
    print(f"  one compiler:          {len(profiles) / seconds:6.1f} pages/s ({seconds:.2f} s, "
          f"{seconds * 1000 / len(profiles):.0f} ms/page; layout: {layouts})")
    results, seconds = timed(lambda: renderer.render_many(profiles, workers=workers))
    failed = [r for r in results if not r.ok]
    threads = len(profiles) / seconds
    print(f"  {workers} compiler threads:   {threads:6.1f} pages/s ({seconds:.2f} s)")
    results, seconds = timed(lambda: renderer.render_many(profiles, workers=workers, processes=True))
    failed += [r for r in results if not r.ok]
    processes = len(profiles) / seconds
    print(f"  {workers} worker processes:   {processes:6.1f} pages/s ({seconds:.2f} s)")
    if failed:
        print(f"  {len(failed)} did not fit one page, e.g. {failed[0].error}")
    return max(threads, processes)


def goal(rate: float) -> str:
    return f"goal >= {GOAL_PAGES_PER_S} pages/s: {'met' if rate >= GOAL_PAGES_PER_S else 'NOT met'}"


def main() -> None:
    national = [Path(p) for p in sys.argv[1:]] or DEFAULT_NATIONAL
    tmp = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    from kernfoto.cli import setup_django

    setup_django()
    from kernfoto.demo import load_demo
    from kernfoto.profiles.build import ProfileContext, ProfileSource, build_profile
    from kernfoto.profiles.typst_render import TypstRenderer

    workers = min(os.cpu_count() or 1, 4)
    print(f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    _, seconds = timed(load_demo)
    print(f"demo loaded in {seconds:.1f} s")
    renderer = TypstRenderer()

    # 1. sample gemeente: every kern and wijk
    def sample() -> list:
        source = ProfileSource("GM1904", today="2026-11-29")
        return [source.profile(code, "2020") for level in ("kern", "wijk") for code in source.areas(level)]

    profiles, build_s = timed(sample)
    renderer.render(profiles[0])  # fonts loaded, template parsed
    # the worker processes are started once (each renders one page: fonts, template) and kept
    _, seconds = timed(lambda: renderer.render_many(profiles[:workers], workers=workers, processes=True))
    print(f"\n1. Stichtse Vecht, every kern and wijk: {len(profiles)} pages; building the profiles took {build_s:.2f} s "
          f"({build_s * 1000 / len(profiles):.0f} ms/page); starting {workers} worker processes took {seconds:.2f} s")
    best = render_rates(renderer, profiles, workers)
    print(f"  end to end (build + render): {len(profiles) / (build_s + len(profiles) / best):.1f} pages/s; "
          f"peak RSS {peak_mb():.0f} MB; {goal(best)}")
    sample_profiles = profiles

    # 2. every gemeente in the national data, computed once for the whole country
    missing = [p for p in national if not p.exists()]
    if missing:
        print(f"\n2. national files not found ({', '.join(map(str, missing))}): skipped")
    else:
        import polars as pl

        from kernfoto.areas.models import Area
        from kernfoto.stats import pipeline
        from kernfoto.stats.importing import import_files

        _, seconds = timed(lambda: import_files(national))
        print(f"\n2. Every gemeente: imported {len(national)} national tables in {seconds:.1f} s")
        frame, compute_s = timed(lambda: pipeline.compute(pipeline.load_all_inputs()))

        def national_profiles() -> list:
            names = dict(Area.objects.filter(level="gemeente").values_list("code", "name"))
            levels = dict.fromkeys(names, "gemeente")
            gemeenten = frame.filter(pl.col("area_level") == "gemeente")
            out = []
            for (code,), rows in sorted(gemeenten.partition_by("area_code", as_dict=True).items()):
                ctx = ProfileContext(gemeente_code=code, gemeente_name=names.get(code, code), area_names=names,
                                     area_levels=levels, today="2026-11-29")
                out.append(build_profile(rows, code, "2020", ctx))
            return out

        profiles, build_s = timed(national_profiles)
        print(f"  computed every indicator for every area in {compute_s:.1f} s; built {len(profiles)} gemeente "
              f"profiles in {build_s:.1f} s ({build_s * 1000 / len(profiles):.0f} ms/page); peak RSS {peak_mb():.0f} MB")
        best = render_rates(renderer, profiles, workers)
        print(f"  projected for all {AREAS:,} areas: {AREAS / best / 60:.1f} min of rendering, "
              f"{AREAS * (build_s / len(profiles) + 1 / best) / 60:.1f} min with building; {goal(best)}")
    print(f"  peak RSS: this process {peak_mb():.0f} MB, largest worker process {worker_peak_mb():.0f} MB")
    renderer.close()

    # 3. WeasyPrint on the same content
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the pango libraries are missing
        print(f"\n3. WeasyPrint cannot run ({exc.__class__.__name__}: {exc}); install it with pip install '.[bench]' "
              "(it needs pango): comparison skipped")
        return
    from kernfoto.profiles.html_render import render_html

    sample = sample_profiles[:20]
    start = time.perf_counter()
    for p in sample:
        renderer.render(p)
    typst_s = (time.perf_counter() - start) / len(sample)
    start = time.perf_counter()
    pages = 0
    for p in sample:
        document = weasyprint.HTML(string=render_html(p)).render()
        document.write_pdf()
        pages += len(document.pages)
    weasy_s = (time.perf_counter() - start) / len(sample)
    ratio = weasy_s / typst_s
    print(f"\n3. The same {len(sample)} profiles one after another in this process: Typst {typst_s * 1000:.0f} ms/page, WeasyPrint "
          f"{weasy_s * 1000:.0f} ms/profile ({pages} pages from the HTML) -> Typst is {ratio:.0f}x faster "
          f"(goal >= {GOAL_VS_WEASYPRINT}x: {'met' if ratio >= GOAL_VS_WEASYPRINT else 'NOT met'})")


if __name__ == "__main__":
    main()
