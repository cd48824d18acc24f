"""Gather what the Sociale Monitor needs from the database: the only Django-aware part of the report.

:func:`monitor_inputs` reads, for one gemeente and period, the engine's results (through a
:class:`~kernfoto.profiles.build.ProfileSource`, so the web application passes the one it already
computed for the kernfoto's), area names and outlines, the analyst's texts, the approved voices, the
directory's offer and gap analysis, and the boundary changes of the sources. :func:`report` builds the
:class:`~kernfoto.monitor.model.Report` from them.

The directory (sociale kaart) is another module: it is imported lazily, and when it or its data is
absent, the report says so plainly instead of failing.
"""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from ..areas import geo
from ..areas.models import Area, Boundary
from ..errors import KernfotoError
from ..profiles.build import ProfileSource
from ..stats import engine
from ..stats.pipeline import load_observations
from .build import MAP_LEVELS, DirectoryInput, MonitorInputs, VoiceInput, build_report
from .model import Report
from .models import texts_for


def gemeente_area(code: str) -> Area:
    code = (code or "").strip().upper()
    area = Area.objects.filter(code=code, level="gemeente").first()
    if area is None:
        raise KernfotoError(f"gemeente {code or '(leeg)'} is niet bekend; importeer eerst gegevens "
                            "(bijvoorbeeld met 'kernfoto demo')")
    return area


def periods_of(results: pl.DataFrame, gemeente: str) -> list[str]:
    """The periods with at least one published figure of the gemeente itself."""
    gm = results.filter((pl.col("area_code") == gemeente) & (pl.col("status") == "ok"))
    return sorted(gm["period"].unique().to_list())


def check_period(results: pl.DataFrame, gemeente: str, name: str, period: str) -> str:
    period = (period or "").strip()
    periods = periods_of(results, gemeente)
    if period not in periods:
        choice = ", ".join(periods) if periods else "geen: importeer eerst cijfers"
        raise KernfotoError(f"voor {name} zijn er geen cijfers over {period or '(leeg)'}; kies een van deze jaren: "
                            f"{choice}")
    return period


def area_shapes(gemeente: str, kern_members: dict[str, list[str]], areas: dict[str, list[str]],
                names: dict[str, str]) -> dict[str, list[geo.AreaShape]]:
    """Outlines per level: buurten as they are, wijken and kernen dissolved from their buurten (borders line up)."""
    buurten: dict[str, geo.AreaShape] = {}
    rows = (Boundary.objects.filter(area__gemeente_code=gemeente, area__level="buurt")
            .order_by("year").values_list("area_id", "year", "geometry"))
    for code, year, geometry in rows:  # the latest boundary year of each buurt wins
        buurten[code] = geo.AreaShape(code=code, name=names.get(code, code), level="buurt", year=year,
                                      rings=geo.rings_from_geometry(json.loads(geometry)),
                                      gemeente_code=gemeente, wijk_code="WK" + code[2:8])
    if not buurten:
        return {}
    shapes: dict[str, list[geo.AreaShape]] = {}
    for level in MAP_LEVELS:
        if level == "buurt":
            shapes[level] = [buurten[c] for c in areas.get("buurt", []) if c in buurten]
            continue
        out = []
        for code in areas.get(level, []):
            members = kern_members.get(code, []) if level == "kern" else [code]
            parts = [s for s in buurten.values() if s.code in members or s.wijk_code in members]
            if parts:
                out.append(geo.AreaShape(code=code, name=names.get(code, code), level=level, year=parts[0].year,
                                         rings=tuple(geo.dissolve(parts)), gemeente_code=gemeente))
        shapes[level] = out
    return shapes


def voices_by_theme(gemeente: str, kern_slugs: list[str], names: dict[str, str]) -> dict[str, VoiceInput]:
    """Approved voices per theme over all kernen; quotes only with consent and approval (``voices.services``)."""
    from ..voices import services as voices

    out: dict[str, VoiceInput] = {}
    quotes: dict[str, list[tuple]] = {}
    for slug in kern_slugs:
        for theme, counts in voices.voice_counts(gemeente, slug).items():
            v = out.setdefault(theme, VoiceInput())
            v.conversations += counts.get("gesprekken", 0)
            v.signals += counts.get("signalen", 0)
            if counts.get("gesprekken", 0) or counts.get("signalen", 0):
                v.kernen.add(slug)
        for q in voices.publishable_quotes(gemeente, slug, limit=None):
            line = f"{voices.quote_line(q)} ({names.get(slug, slug)})"
            for theme in dict.fromkeys(q.voice.themes or []):
                quotes.setdefault(theme, []).append((q.voice.date, q.voice.pk, q.pk, line))
    for theme, items in quotes.items():
        items.sort(key=lambda t: (t[0], t[1], -t[2]), reverse=True)  # newest conversation first
        out.setdefault(theme, VoiceInput()).quotes = [t[3] for t in items]
    return out


def directory_input(gemeente: str, period: str, results: pl.DataFrame | None = None) -> DirectoryInput | None:
    """The directory's active services per theme and its gap matrix; None when there is no sociale kaart."""
    try:
        from ..directory.models import Organization, Service, ServiceStatus
    except ImportError:  # pragma: no cover - the directory app is part of the project
        return None
    services = list(Service.objects.filter(organization__gemeente_id=gemeente, status=ServiceStatus.ACTIVE)
                    .values_list("themes", "organization__is_example"))
    if not services and not Organization.objects.filter(gemeente_id=gemeente).exists():
        return None
    per_theme: dict[str, int] = {}
    for themes, _ in services:  # a JSON list: filtered in Python (JSON lookups differ per database)
        for theme in dict.fromkeys(themes or []):
            per_theme[theme] = per_theme.get(theme, 0) + 1
    is_example = Organization.objects.filter(gemeente_id=gemeente, is_example=True).exists()
    cells = None
    try:
        from ..directory.gaps import gap_matrix
    except ImportError:  # the gap analysis is built in parallel; until then the chapter says so
        gap_matrix = None
    if gap_matrix is not None:
        try:  # the figures computed already (the directory's own extension of the agreed interface)
            cells = list(gap_matrix(gemeente, period, results=results))
        except TypeError:
            cells = list(gap_matrix(gemeente, period))
    return DirectoryInput(is_example=is_example, services=per_theme, cells=cells)


def boundary_changes(gemeente: str, areas: dict[str, list[str]]) -> pl.DataFrame:
    codes = [c for level in ("wijk", "buurt") for c in areas.get(level, [])]
    if not codes:
        return pl.DataFrame()
    return engine.boundary_changes(load_observations(codes, gemeente_level_all=False))


def monitor_inputs(gemeente: str, period: str, *, source: ProfileSource | None = None,
                   today: str | None = None) -> MonitorInputs:
    """Everything :func:`~kernfoto.monitor.build.build_report` needs, for one gemeente and period.

    Raises :class:`KernfotoError` (Dutch) for an unknown gemeente or a period without figures.
    """
    gm = gemeente_area(gemeente)
    today = today or dt.date.today().isoformat()
    source = source or ProfileSource(gm.code)
    period = check_period(source.results, gm.code, gm.name, period)
    names = dict(source.ctx.area_names)
    areas = {level: source.areas(level) for level in MAP_LEVELS}
    return MonitorInputs(
        gemeente_code=gm.code, gemeente_name=gm.name, results=source.results, catalogue=source.cat,
        area_names=names, areas=areas, shapes=area_shapes(gm.code, source.kern_members, areas, names),
        texts=texts_for(gm.code, period), voices=voices_by_theme(gm.code, areas["kern"], names),
        directory=directory_input(gm.code, period, source.results),
        boundary_changes=boundary_changes(gm.code, areas), today=today,
        execution=execution_by_theme(gm.code, int(today[:4])), execution_year=int(today[:4]),
    )


def execution_by_theme(gemeente: str, year: int) -> dict[str, tuple[str, ...]]:
    """What the gemeente and its partners do per theme in ``year`` (the year the report is made): residents'
    initiatives granted and wijkplan milestones (initiatives module), then published questionnaire results
    and dialogue sessions (consultation module). Public data only."""
    from ..consultation.services import consultation_by_theme
    from ..initiatives.services import execution_by_theme as initiatives_by_theme

    out: dict[str, list[str]] = {}
    for theme, items in initiatives_by_theme(gemeente, year).items():
        out.setdefault(theme, []).extend(i.text for i in items)
    for theme, lines in consultation_by_theme(gemeente, year).items():
        out.setdefault(theme, []).extend(lines)
    return {theme: tuple(lines) for theme, lines in out.items()}


def report(gemeente: str, period: str, *, source: ProfileSource | None = None, today: str | None = None) -> Report:
    """The Sociale Monitor of ``gemeente`` over ``period``."""
    inputs = monitor_inputs(gemeente, period, source=source, today=today)
    return build_report(inputs, (period or "").strip())
