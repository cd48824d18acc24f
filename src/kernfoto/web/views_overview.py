"""The gemeente overview (map, table, kernen at a glance), the kernfoto page, its PDF and downloads.

Thin views: every figure comes from the engine's export table or the profile of ``services.gemeente_data``
(computed once per gemeente and data version); this module only picks rows, orders and formats them. A
figure whose status is not "ok" is never shown as a number: pages say "afgeschermd", "geheim" or
"geen cijfer", downloads carry no value (``services.public``).

The map shapes (kernen and wijken as the dissolved union of their buurten, so borders line up) and the
map SVGs are kept in memory per gemeente and data version: they only change with a new import.
"""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass
from urllib.parse import urlencode

import polars as pl
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from ..areas import geo
from ..areas.models import Boundary
from ..profiles.build import GROUP_NAMES, display
from ..profiles.html_render import page_context
from ..stats.catalogue import Indicator, catalogue
from ..stats.export import EXPORT_COLUMNS
from .downloads import FORMATS, download, sources_for
from .services import GemeenteData, gemeente_data, public

DEFAULT_INDICATOR = "moeite_met_rondkomen_pct"
#: Key figures of "Kernen in één oogopslag", in this order (missing ones are skipped).
GLANCE = ("inwoners_aantal", "moeite_met_rondkomen_pct", "eenzaam_pct", "ervaren_gezondheid_goed_pct")
LEVELS = {"kern": "kernen", "wijk": "wijken", "buurt": "buurten"}
STATUS_TEXT = {"afgeschermd": "afgeschermd", "geheim": "geheim", "ontbreekt": "geen cijfer"}
# comparison with the gemeente: the word, a symbol repeating it (never colour alone) and the map's legend label
COMPARISONS = {
    "gunstiger": ("▲", "gunstiger", "Gunstiger dan de gemeente"),
    "vergelijkbaar": ("≈", "vergelijkbaar", "Vergelijkbaar met de gemeente"),
    "ongunstiger": ("▼", "ongunstiger", "Ongunstiger dan de gemeente"),
    "lager": ("▽", "lager", "Lager dan de gemeente"),
    "hoger": ("△", "hoger", "Hoger dan de gemeente"),
    "onbekend": ("?", "niet vergeleken", "Niet vergeleken"),
}
NO_FIGURE = "Geen cijfer"
MAP_CACHE_SIZE = 256  # map SVGs kept per process (a few kB each)


# ---------------------------------------------------------------------------------------------------------
# helpers


def not_found(request, message: str):
    """The Dutch 404 page with a message naming what was not found."""
    return render(request, "web/404.html", {"message": message}, status=404)


def page_not_found(request, exception=None):
    """A ``handler404`` for the whole site (``kernfoto.urls``): the same Dutch page."""
    args = getattr(exception, "args", ())
    message = args[0] if args and isinstance(args[0], str) else "Deze pagina bestaat niet (meer)."
    return not_found(request, message)


def dutch_404(view):
    """Render :class:`Http404` raised by a view (or by services) as the Dutch 404 page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as exc:
            return page_not_found(request, exc)

    return wrapper


def _query(**params) -> str:
    return urlencode([(k, v) for k, v in params.items() if v])


def value_text(value: float | None, ind: Indicator, status: str) -> str:
    """The figure as shown: Dutch number with unit, or the reason there is none (never a hidden number)."""
    if status != "ok" or value is None:
        return STATUS_TEXT.get(status, "geen cijfer")
    return display(value, ind)


def comparison(word: str | None) -> dict | None:
    if word not in COMPARISONS:
        return None
    symbol, text, _ = COMPARISONS[word]
    return {"key": word, "symbol": symbol, "text": text}


def coverage_text(r: dict) -> str:
    cov = r.get("coverage")
    if r.get("status") != "ok" or cov is None or cov >= 0.995:
        return ""
    return f"{round(cov * 100)}%"


def trend_text(r: dict, ind: Indicator) -> str:
    if r.get("status") != "ok" or not r.get("trend"):
        return ""
    word, prev, period = r["trend"], r.get("previous_value"), r.get("previous_period")
    if word == "niet vergelijkbaar":
        return f"niet vergelijkbaar met {period} (andere indeling)" if period else word
    if prev is not None and period:
        return f"{word} (was {display(prev, ind)} in {period})"
    return word


def kernfoto_url(gemeente: str, code: str, period: str = "") -> str:
    url = reverse("web:kernfoto", args=[gemeente, code])
    return f"{url}?{_query(periode=period)}" if period else url


def _resolve(data: GemeenteData, value: str) -> str:
    """A kern slug or CBS code of this gemeente (gemeente, kern, wijk or buurt) -> its code; else 404."""
    names = data.source.ctx.area_names
    value = value.strip()
    for candidate in (value, value.upper(), slugify(value)):
        if candidate in names and data.area_level(candidate) in ("gemeente", "kern", "wijk", "buurt"):
            return candidate
    raise Http404(f"Het gebied '{value}' hoort niet bij de gemeente {data.name}.")


def _nearest(periods: list[str], period: str) -> str:
    return min(periods, key=lambda p: (abs(int(p) - int(period)), -int(p)))


# ---------------------------------------------------------------------------------------------------------
# per gemeente and data version, in memory


_lock = threading.Lock()
_meta: dict[tuple, dict] = {}
_shapes: dict[tuple, list[geo.AreaShape]] = {}
_maps: dict[tuple, str] = {}


def _keep(store: dict, key: tuple, value):
    """Store ``value``, dropping entries of older data versions of the same gemeente."""
    with _lock:
        for old in [k for k in store if k[0] == key[0] and k[1] != key[1]]:
            del store[old]
        if len(store) >= MAP_CACHE_SIZE:
            store.pop(next(iter(store)))
        store[key] = value
    return value


def _ok_periods(data: GemeenteData) -> dict:
    """Lookups computed once per data version: periods with published figures per (indicator, level, group)
    and per area, the indicators with any figure, the latest period, and the export split per
    (indicator, group, period) so a page picks its rows without scanning the whole table."""
    key = (data.code, data.version)
    if key in _meta:
        return _meta[key]
    ok = data.export.filter(pl.col("status") == "ok")
    periods: dict[tuple[str, str, str], list[str]] = {}
    for r in ok.group_by("indicator", "area_level", "group").agg(pl.col("period").unique()).iter_rows():
        periods[(r[0], r[1], r[2])] = sorted(r[3])
    area_periods = {code: sorted(ps) for code, ps in
                    ok.group_by("area_code").agg(pl.col("period").unique()).iter_rows()}
    parts = data.export.partition_by("indicator", "group", "period", as_dict=True)
    meta = {"periods": periods, "indicators": {k[0] for k in periods}, "area_periods": area_periods,
            "latest": data.latest_period, "parts": parts, "empty": data.export.clear()}
    return _keep(_meta, key, meta)


def _part(data: GemeenteData, indicator: str, group: str, period: str) -> pl.DataFrame:
    """The export rows of one indicator, group and period (all areas)."""
    meta = _ok_periods(data)
    return meta["parts"].get((indicator, group, period), meta["empty"])


def _buurt_shapes(data: GemeenteData) -> dict[str, geo.AreaShape]:
    """The gemeente's buurt outlines from the database (the latest boundary year of each buurt)."""
    shapes: dict[str, geo.AreaShape] = {}
    rows = (Boundary.objects.filter(area__gemeente_code=data.code, area__level="buurt")
            .order_by("year").values_list("area_id", "year", "geometry"))
    for code, year, geometry in rows:
        shapes[code] = geo.AreaShape(code=code, name=data.area_name(code), level="buurt", year=year,
                                     rings=geo.rings_from_geometry(json.loads(geometry)),
                                     gemeente_code=data.code, wijk_code="WK" + code[2:8])
    return shapes


def area_shapes(data: GemeenteData, level: str) -> list[geo.AreaShape]:
    """Shapes of the areas of a level: buurten as themselves, wijken and kernen dissolved from their buurten."""
    key = (data.code, data.version, level)
    if key in _shapes:
        return _shapes[key]
    buurten = _shapes.get((data.code, data.version, "_buurten"))
    if buurten is None:
        buurten = _keep(_shapes, (data.code, data.version, "_buurten"), list(_buurt_shapes(data).values()))
    shapes: list[geo.AreaShape] = []
    if level == "buurt":
        by_code = {s.code: s for s in buurten}
        shapes = [by_code[c] for c in data.areas("buurt") if c in by_code]
    else:
        for code in data.areas(level):
            members = data.source.kern_members.get(code, []) if level == "kern" else [code]
            parts = [s for s in buurten if s.code in members or s.wijk_code in members]
            if parts:
                shapes.append(geo.AreaShape(code=code, name=data.area_name(code), level=level, year=parts[0].year,
                                            rings=tuple(geo.dissolve(parts)), gemeente_code=data.code))
    return _keep(_shapes, key, shapes)


# ---------------------------------------------------------------------------------------------------------
# the overview


@dataclass
class Selection:
    data: GemeenteData
    ind: Indicator
    level: str
    period: str
    group: str
    periods: list[str]  # periods with figures of this indicator, level and group (for the select)
    levels: list[str]
    notices: list[str]


def _default_indicator(data: GemeenteData, available: set[str]) -> str:
    cat = catalogue()
    if DEFAULT_INDICATOR in available:
        return DEFAULT_INDICATOR
    for ind in cat.indicators:
        if ind.key_indicator and ind.id in available:
            return ind.id
    return next((i.id for i in cat.indicators if i.id in available), cat.indicators[0].id)


def selection(request, gemeente: str) -> Selection:
    """The indicator, level, period and group asked for (GET), with defaults; unknown values are a 404."""
    data = gemeente_data(gemeente)
    cat = catalogue()
    meta = _ok_periods(data)
    ind_id = (request.GET.get("indicator") or "").strip() or _default_indicator(data, meta["indicators"])
    try:
        ind = cat.indicator(ind_id)
    except KeyError:
        raise Http404(f"De indicator '{ind_id}' bestaat niet.") from None
    levels = [lvl for lvl in LEVELS if data.areas(lvl)]
    if not levels:
        raise Http404(f"Voor {data.name} zijn geen kernen, wijken of buurten bekend.")
    level = (request.GET.get("niveau") or "").strip() or levels[0]
    if level not in levels:
        choices = ", ".join(levels[:-1]) + " of " + levels[-1] if len(levels) > 1 else levels[0]
        raise Http404(f"Het niveau '{level}' bestaat niet voor {data.name}; kies {choices}.")
    notices: list[str] = []
    known_groups = {g for i in cat.indicators for g in i.groups}
    group = (request.GET.get("groep") or "").strip() or ind.groups[0]
    if group not in known_groups:
        raise Http404(f"De groep '{group}' bestaat niet.")
    if group not in ind.groups:
        notices.append(f"{ind.label} is er niet voor {GROUP_NAMES.get(group, group)}; hieronder staan de cijfers "
                       f"voor {GROUP_NAMES.get(ind.groups[0], ind.groups[0])}.")
        group = ind.groups[0]
    periods = meta["periods"].get((ind.id, level, group), [])
    asked = (request.GET.get("periode") or "").strip()
    if asked and asked not in data.periods:
        raise Http404(f"Voor {data.name} zijn er geen cijfers over {asked}.")
    if not periods:
        period = asked or meta["latest"]
        notices.append(f"Voor {ind.label_in_sentence} zijn er geen cijfers per {level} in {data.name}.")
        periods = [period]
    elif asked and asked not in periods:
        period = _nearest(periods, asked)
        notices.append(f"Voor {ind.label_in_sentence} zijn er geen cijfers per {level} over {asked}; "
                       f"hieronder staan de cijfers over {period}.")
    else:
        period = asked or (meta["latest"] if meta["latest"] in periods else periods[-1])
    return Selection(data, ind, level, period, group, periods, levels, notices)


def table_rows(sel: Selection) -> list[dict]:
    """One export row per area of the level (areas without a row get status "ontbreekt"), highest value first."""
    data, ind = sel.data, sel.ind
    frame = _part(data, ind.id, sel.group, sel.period).filter(pl.col("area_level") == sel.level)
    found = {r["area_code"]: r for r in frame.iter_rows(named=True)}
    rows = []
    for code in data.areas(sel.level):
        r = found.get(code)
        if r is None:
            r = dict.fromkeys(EXPORT_COLUMNS)
            r.update(area_code=code, area_level=sel.level, period=sel.period, group=sel.group, indicator=ind.id,
                     indicator_label=ind.label, theme=ind.theme, unit=ind.unit, status="ontbreekt",
                     comparison_gemeente="onbekend", comparison_nl="onbekend", note="geen cijfer voor dit gebied")
        rows.append(dict(r, area_name=data.area_name(code)))
    ok = [r for r in rows if r["status"] == "ok" and r["value"] is not None]
    rest = [r for r in rows if not (r["status"] == "ok" and r["value"] is not None)]
    ok.sort(key=lambda r: (-r["value"], r["area_name"].lower()))
    rest.sort(key=lambda r: r["area_name"].lower())
    return ok + rest


def _rows_frame(sel: Selection, rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame([{k: r[k] for k in EXPORT_COLUMNS} for r in rows], schema=sel.data.export.schema,
                        orient="row")


def _reference(data: GemeenteData, sel: Selection, level: str) -> str:
    """The gemeente's or Nederland's figure for the selection, as shown."""
    frame = _part(data, sel.ind.id, sel.group, sel.period).filter(pl.col("area_level") == level)
    if level == "gemeente":
        frame = frame.filter(pl.col("area_code") == data.code)
    if frame.is_empty():
        return "geen cijfer"
    r = frame.row(0, named=True)
    return value_text(r["value"], sel.ind, r["status"])


def map_class(r: dict) -> str | None:
    """The map class of an area: its comparison with the gemeente, or None (no figure)."""
    if r["status"] != "ok" or r["value"] is None:
        return None
    return r["comparison_gemeente"] if r["comparison_gemeente"] in COMPARISONS else "onbekend"


def legend_for(ind: Indicator, classes: set[str]) -> list[tuple[str, str]]:
    order = ("lager", "vergelijkbaar", "hoger") if ind.polarity == "geen_oordeel" else \
        ("gunstiger", "vergelijkbaar", "ongunstiger")
    keys = list(order) + [k for k in ("gunstiger", "ongunstiger", "lager", "hoger", "onbekend")
                          if k in classes and k not in order]
    return [(k, COMPARISONS[k][2]) for k in keys]


def map_svg(sel: Selection, rows: list[dict]) -> tuple[str, list[tuple[str, str]]]:
    data = sel.data
    key = (data.code, data.version, sel.level, sel.ind.id, sel.period, sel.group)
    classes = {r["area_code"]: c for r in rows if (c := map_class(r))}
    legend = legend_for(sel.ind, set(classes.values()))
    if key in _maps:
        return _maps[key], legend
    shapes = area_shapes(data, sel.level)
    if not shapes:
        return "", legend
    links = {s.code: kernfoto_url(data.code, s.code, sel.period) for s in shapes}
    title = (f"Kaart van de {LEVELS[sel.level]} van {data.name}: {sel.ind.label_in_sentence}, "
             f"{GROUP_NAMES.get(sel.group, sel.group)}, {sel.period}, vergeleken met de gemeente")
    svg = geo.choropleth_svg(shapes, classes, title=title, legend=legend, links=links, no_data_label=NO_FIGURE,
                           width=320, height=400)
    return _keep(_maps, key, svg), legend


def glance(data: GemeenteData, period: str) -> dict | None:
    """Kernen in één oogopslag: per kern a few key figures, each from the period nearest the chosen one."""
    kernen = data.areas("kern")
    if not kernen:
        return None
    cat = catalogue()
    meta = _ok_periods(data)
    columns = []
    for ind_id in GLANCE:
        try:
            ind = cat.indicator(ind_id)
        except KeyError:
            continue
        periods = meta["periods"].get((ind.id, "kern", ind.groups[0]), [])
        if periods:
            columns.append((ind, ind.groups[0], _nearest(periods, period)))
    if not columns:
        return None
    found = {(r["area_code"], r["indicator"]): r for i, g, p in columns
             for r in _part(data, i.id, g, p).filter(pl.col("area_level") == "kern").iter_rows(named=True)}
    rows = []
    for code in kernen:
        cells = []
        for ind, _g, _p in columns:
            r = found.get((code, ind.id)) or {"value": None, "status": "ontbreekt", "comparison_gemeente": None}
            ok = r["status"] == "ok" and r["value"] is not None
            cells.append({"text": value_text(r["value"], ind, r["status"]), "ok": ok,
                          "comparison": comparison(r["comparison_gemeente"]) if ok and ind.polarity != "geen_oordeel"
                          and ind.unit == "%" else None})
        rows.append({"code": code, "name": data.area_name(code), "href": kernfoto_url(data.code, code, period),
                     "cells": cells})
    heads = [{"label": ind.label, "period": p, "group": GROUP_NAMES.get(g, g) if len(ind.groups) > 1 else ""}
             for ind, g, p in columns]
    return {"columns": heads, "rows": rows}


def _indicator_options(data: GemeenteData, level: str, current: str) -> list[dict]:
    """The indicators with figures at this level (and the current one), grouped by theme."""
    available = {k[0] for k in _ok_periods(data)["periods"] if k[1] == level} | {current}
    cat = catalogue()
    groups = []
    for theme in cat.themes:
        inds = [(i.id, i.label) for i in cat.indicators if i.theme == theme.id and i.id in available]
        if inds:
            groups.append({"label": theme.label, "indicators": inds})
    return groups


@dutch_404
def overview(request, gemeente: str):
    sel = selection(request, gemeente)
    data, ind = sel.data, sel.ind
    rows = table_rows(sel)
    svg, legend = map_svg(sel, rows)
    table = []
    counts: dict[str, int] = {}
    for r in rows:
        ok = r["status"] == "ok" and r["value"] is not None
        cls = map_class(r)
        counts[cls or ""] = counts.get(cls or "", 0) + 1
        table.append({
            "code": r["area_code"], "name": r["area_name"], "href": kernfoto_url(data.code, r["area_code"], sel.period),
            "text": value_text(r["value"], ind, r["status"]), "ok": ok,
            "comparison": comparison(r["comparison_gemeente"]) if ok else None,
            "coverage": coverage_text(r), "trend": trend_text(r, ind), "note": "" if ok else (r["note"] or ""),
        })
    summary = [f"{counts[k]} {COMPARISONS[k][1]}" for k, _ in legend if counts.get(k)]
    if counts.get(""):
        summary.append(f"{counts['']} zonder cijfer")
    query = _query(indicator=ind.id, niveau=sel.level, periode=sel.period, groep=sel.group)
    sources = sources_for(_rows_frame(sel, rows))
    group_name = GROUP_NAMES.get(sel.group, sel.group)
    context = {
        "data": data, "ind": ind, "theme": catalogue().theme(ind.theme), "level": sel.level,
        "level_plural": LEVELS[sel.level], "levels": [(lvl, LEVELS[lvl].capitalize()) for lvl in sel.levels],
        "period": sel.period, "periods": sel.periods, "group": sel.group, "group_name": group_name,
        "groups": [(g, GROUP_NAMES.get(g, g)) for g in ind.groups], "notices": sel.notices,
        "indicator_options": _indicator_options(data, sel.level, ind.id), "map_svg": mark_safe(svg),  # built by geo from escaped text
        "legend": legend, "summary": summary, "table": table,
        "gemeente_text": _reference(data, sel, "gemeente"), "nl_text": _reference(data, sel, "land"),
        "glance": glance(data, sel.period), "query": query, "sources": sources,
        "unit": "" if ind.unit == "%" else ind.unit,
        "has_coverage": any(t["coverage"] for t in table), "has_trend": any(t["trend"] for t in table),
    }
    return render(request, "web/overview.html", context)


@dutch_404
def overview_download(request, gemeente: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404("Onbekend formaat; kies csv of xlsx.")
    sel = selection(request, gemeente)
    frame = public(_rows_frame(sel, table_rows(sel)))
    title = (f"{sel.ind.label} per {sel.level} in {sel.data.name}, {sel.period} "
             f"({GROUP_NAMES.get(sel.group, sel.group)})")
    filename = f"{sel.data.code}-{sel.ind.id}-{sel.level}-{sel.period}-{slugify(sel.group.replace('+', 'plus'))}"
    return download(frame, fmt, filename, title=title)


# ---------------------------------------------------------------------------------------------------------
# the kernfoto page, its PDF and its figures


def _area_period(request, gemeente: str, area: str) -> tuple[GemeenteData, str, str]:
    data = gemeente_data(gemeente)
    code = _resolve(data, area)
    period = (request.GET.get("periode") or "").strip() or _ok_periods(data)["latest"]
    if period not in data.periods:
        raise Http404(f"Voor {data.name} zijn er geen cijfers over {period}.")
    return data, code, period


@dutch_404
def kernfoto_page(request, gemeente: str, area: str):
    data, code, period = _area_period(request, gemeente, area)
    profile = data.profile(code, period)
    periods = sorted(set(_ok_periods(data)["area_periods"].get(code, [])) | {period})
    context = page_context(profile)
    level = data.area_level(code)
    context.update({
        "embedded": True, "toolbar_template": "web/_kernfoto_toolbar.html",
        "data": data, "code": code, "area_name": data.area_name(code), "level": level,
        "period": period, "periods": periods,
        "pdf_url": reverse("web:kernfoto_pdf", args=[data.code, code]) + "?" + _query(periode=period),
        "csv_url": reverse("web:kernfoto_download", args=[data.code, code, "csv"]) + "?" + _query(periode=period),
        "xlsx_url": reverse("web:kernfoto_download", args=[data.code, code, "xlsx"]) + "?" + _query(periode=period),
        "overview_url": reverse("web:overview", args=[data.code]) + (
            "?" + _query(niveau=level, periode=period) if level in LEVELS else ""),
    })
    return render(request, "web/kernfoto.html", context)


@dutch_404
def kernfoto_pdf(request, gemeente: str, area: str):
    data, code, period = _area_period(request, gemeente, area)
    pdf = data.pdf(code, period)
    slug = data.profile(code, period).slug
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(slug) or slug}-{period}.pdf"'
    return response


def kernfoto_rows(data: GemeenteData, code: str, period: str) -> pl.DataFrame:
    """The area's figures of the period, plus those of other periods that its kernfoto shows."""
    profile = data.profile(code, period)
    shown = [(f.indicator, f.group, f.period) for block in profile.themes for f in block.figures if f.period]
    area = data.export.filter(pl.col("area_code") == code)
    frame = area.filter(pl.col("period") == period)
    if shown:
        extra = pl.DataFrame(shown, schema=["indicator", "group", "period"], orient="row")
        frame = pl.concat([frame, area.join(extra, on=["indicator", "group", "period"], how="semi")])
    order = {i.id: n for n, i in enumerate(catalogue().indicators)}
    frame = frame.with_columns(pl.col("indicator").replace_strict(order, default=len(order)).alias("_order"))
    return frame.sort(["_order", "group", "period"]).drop("_order")


@dutch_404
def kernfoto_download(request, gemeente: str, area: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404("Onbekend formaat; kies csv of xlsx.")
    data, code, period = _area_period(request, gemeente, area)
    frame = public(kernfoto_rows(data, code, period))
    title = f"Kernfoto {data.area_name(code)} ({data.name}), cijfers {period}"
    return download(frame, fmt, f"kernfoto-{slugify(code)}-{period}", title=title)


urlpatterns = [
    path("gemeente/<str:gemeente>/", overview, name="overview"),
    path("gemeente/<str:gemeente>/kaart.<str:fmt>", overview_download, name="overview_download"),
    path("gemeente/<str:gemeente>/<str:area>/", kernfoto_page, name="kernfoto"),
    path("gemeente/<str:gemeente>/<str:area>/kernfoto.pdf", kernfoto_pdf, name="kernfoto_pdf"),
    path("gemeente/<str:gemeente>/<str:area>/cijfers.<str:fmt>", kernfoto_download, name="kernfoto_download"),
]
