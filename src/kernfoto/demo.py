"""``kernfoto demo``: load the bundled real sample (Stichtse Vecht) so a newcomer sees results at once."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from .areas.kernen import load_kernen
from .areas.models import Area, AreaGroup
from .stats.importing import Progress, import_files

DATA = Path(__file__).resolve().parent / "data"
SAMPLE_GEMEENTE = "GM1904"


def sample_files() -> list[Path]:
    files = sorted((DATA / "sample").glob("*.csv")) + sorted((DATA / "sample").glob("*.json"))
    geo = sorted((DATA / "geo").glob("*_2020.geojson*"))  # WGS84 versions
    return files + geo


def load_demo(progress: Progress | None = None) -> list[str]:
    """Import the sample and its kernen (idempotent); return a short Dutch summary."""
    results = import_files(sample_files(), progress=progress)
    gemeente, groups = load_kernen(DATA / "kernen_stichtse_vecht.yaml")
    from .directory.sample import load_sample, summary_line

    directory = load_sample()  # the fictional example directory of the sociale basis ("voorbeeld")
    lines = [f"{r.file_name}: {r.message}" for r in results if r.outcome != "codeboek"]
    counts = {lvl: Area.objects.filter(gemeente_code=SAMPLE_GEMEENTE, level=lvl).count() for lvl in ("wijk", "buurt")}
    name = Area.objects.get(code=SAMPLE_GEMEENTE).name
    lines.append("")
    lines.append(f"{name} ({SAMPLE_GEMEENTE}): {counts['wijk']} wijken, {counts['buurt']} buurten, "
                 f"{AreaGroup.objects.filter(gemeente_id=SAMPLE_GEMEENTE).count()} kernen.")
    lines.append(summary_line(directory))
    from .initiatives.example import load_example

    lines.append(load_example(SAMPLE_GEMEENTE))  # invented initiatives, budget and dorpsplan ("voorbeeld")
    from .consultation.example import load_example as load_consultation_example

    lines.append(load_consultation_example(SAMPLE_GEMEENTE))  # ankerpunten questionnaire and session ("voorbeeld")
    lines.extend(_highlights())
    return lines


def _highlights() -> list[str]:
    """Where problems pile up in the sample gemeente, as a first look at the results."""
    from .stats import engine
    from .stats.catalogue import catalogue
    from .stats.pipeline import results_for

    results = results_for(SAMPLE_GEMEENTE)
    kern = results.filter(pl.col("area_level") == "kern")
    acc = engine.accumulation(kern, catalogue(), period="2020")
    names = dict(zip(kern["area_code"], kern["area_name"], strict=False))
    lines = ["Stapeling 2020 (aantal indicatoren ongunstiger dan de gemeente, per kern):"]
    for r in acc.head(5).iter_rows(named=True):
        n, themes = r["n_unfavourable"], r["n_themes"]
        indicators = "1 indicator" if n == 1 else f"{n} indicatoren"
        theme_words = "1 thema" if themes == 1 else f"{themes} thema's"
        lines.append(f"  {r['rank']}. {names.get(r['area_code'], r['area_code'])}: {indicators} in {theme_words}")
    lines.append("Bekijk een kern met: kernfoto indicators --area maarssen-dorp --period 2020")
    return lines
