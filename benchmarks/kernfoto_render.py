"""Benchmark: render kernfoto's, pages per second and peak memory; Typst against WeasyPrint.

    python benchmarks/kernfoto_render.py [NATIONAL_HEALTH_CSV ...]

1. The sample gemeente (Stichtse Vecht): every kern and every wijk, period 2020.
2. Every gemeente in the national health tables (default: ../shared/data/rivm-gezondheid/*.csv),
   computed once for the whole country, and the projected time for all ~17,000 areas.
3. The same profiles as HTML through WeasyPrint (if installed: pip install '.[bench]'), side by side.

Goals (issue 3): at least 50 pages/s on a 2-core machine; at least 20x faster than WeasyPrint.
Building profiles and rendering are timed separately; "pages/s" is the rendering rate, and the
end-to-end rate (build + render) is printed too.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared/data/rivm-gezondheid"
DEFAULT_NATIONAL = [SHARED / f"rivm_50090NED_gezondheid_wijk_buurt_{p}.csv"
                    for p in ("2016_18plus", "2020_18plus", "2020_65plus")]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(label: str, n: int, build_s: float, render_s: float) -> None:
    rate = n / render_s if render_s else 0.0
    total = n / (build_s + render_s) if build_s + render_s else 0.0
    print(f"{label}: {n} pages; build {build_s:.2f} s, render {render_s:.2f} s -> {rate:.1f} pages/s "
          f"(end to end {total:.1f} pages/s); peak RSS {peak_mb():.0f} MB")


def main() -> None:
    national = [Path(p) for p in sys.argv[1:]] or DEFAULT_NATIONAL
    tmp = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    from kernfoto.cli import setup_django

    setup_django()
    from kernfoto.demo import load_demo
    from kernfoto.profiles.build import ProfileContext, ProfileSource, build_profile
    from kernfoto.profiles.typst_render import TypstRenderer

    load_demo()
    renderer = TypstRenderer()
    workers = min(os.cpu_count() or 1, 4)

    # 1. sample gemeente: every kern and wijk
    t = time.perf_counter()
    source = ProfileSource("GM1904")
    profiles = [source.profile(code, "2020") for level in ("kern", "wijk") for code in source.areas(level)]
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    results = renderer.render_many(profiles, workers=workers)
    render_s = time.perf_counter() - t
    assert all(r.pdf for r in results), [r.error for r in results if not r.pdf]
    report(f"Stichtse Vecht, kernen + wijken ({workers} compilers)", len(profiles), build_s, render_s)
    t = time.perf_counter()
    for p in profiles:
        renderer.render(p)
    print(f"  one compiler, sequential: {len(profiles) / (time.perf_counter() - t):.1f} pages/s")
    sample_profiles = profiles

    # 2. every gemeente in the national data
    missing = [p for p in national if not p.exists()]
    if missing:
        print(f"national files not found ({', '.join(map(str, missing))}): part 2 skipped")
    else:
        from kernfoto.areas.models import Area
        from kernfoto.stats import pipeline
        from kernfoto.stats.importing import import_files

        t = time.perf_counter()
        import_files(national)
        print(f"imported {len(national)} national tables in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        results_frame = pipeline.compute(pipeline.load_all_inputs())
        names = dict(Area.objects.filter(level="gemeente").values_list("code", "name"))
        codes = sorted(set(results_frame.filter(results_frame["area_level"] == "gemeente")["area_code"].to_list()))
        by_area = results_frame.filter(results_frame["area_level"] == "gemeente").partition_by("area_code", as_dict=True)
        profiles = []
        for code in codes:
            ctx = ProfileContext(gemeente_code=code, gemeente_name=names.get(code, code), area_names=names,
                                 area_levels={c: "gemeente" for c in names}, today="2026-11-29")
            profiles.append(build_profile(by_area[(code,)], code, "2020", ctx))
        build_s = time.perf_counter() - t
        t = time.perf_counter()
        results = renderer.render_many(profiles, workers=workers)
        render_s = time.perf_counter() - t
        failed = [r for r in results if not r.pdf]
        report(f"every gemeente in the national data ({workers} compilers)", len(profiles), build_s, render_s)
        if failed:
            print(f"  {len(failed)} did not fit one page, e.g. {failed[0].error}")
        rate = len(profiles) / render_s
        print(f"  projected for 17,252 areas: {17252 / rate / 60:.1f} min of rendering (goal: under 6 min)")

    # 3. WeasyPrint on the same content
    try:
        import weasyprint
    except ImportError:
        print("WeasyPrint not installed (pip install '.[bench]'): comparison skipped")
        return
    from kernfoto.profiles.html_render import render_html

    sample = sample_profiles[:20]
    t = time.perf_counter()
    for p in sample:
        renderer.render(p)
    typst_s = (time.perf_counter() - t) / len(sample)
    t = time.perf_counter()
    for p in sample:
        weasyprint.HTML(string=render_html(p)).write_pdf()
    weasy_s = (time.perf_counter() - t) / len(sample)
    print(f"same {len(sample)} profiles, one process: Typst {typst_s * 1000:.0f} ms/page, WeasyPrint "
          f"{weasy_s * 1000:.0f} ms/page -> Typst is {weasy_s / typst_s:.0f}x faster (goal: at least 20x)")


if __name__ == "__main__":
    main()
