"""Compare areas side by side; rank one indicator across the areas of a level and follow it over the periods.

Every figure comes from the engine's export table (``GemeenteData.export``); this module only picks rows,
orders them and formats them. A figure whose status is not "ok" is never shown as a number: pages say
"afgeschermd", "geheim" or "geen cijfer", downloads carry no value (``services.public``).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

import polars as pl
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from ..profiles.build import GROUP_NAMES, PERIOD_WINDOW, display, dutch_number
from ..stats.catalogue import Indicator, catalogue
from ..stats.export import EXPORT_COLUMNS
from .downloads import FORMATS, download, sources_for
from .services import GemeenteData, gemeente_data, public

MIN_AREAS, MAX_AREAS = 2, 4
MAX_TREND_AREAS = 3
LEVELS = {"kern": "kernen", "wijk": "wijken", "buurt": "buurten"}
LEVEL_NAMES = {"land": "land", "gemeente": "gemeente", "kern": "kern", "wijk": "wijk", "buurt": "buurt"}
STATUS_TEXT = {"afgeschermd": "afgeschermd", "geheim": "geheim", "ontbreekt": "geen cijfer"}
# the comparison in words, with a symbol that repeats it (never colour alone)
COMPARISONS = {
    "gunstiger": ("+", "gunstiger"),
    "ongunstiger": ("−", "ongunstiger"),
    "vergelijkbaar": ("=", "vergelijkbaar"),
    "hoger": ("↑", "hoger"),
    "lager": ("↓", "lager"),
}
POLARITY_TEXT = {"hoog_gunstig": "gunstig", "laag_gunstig": "ongunstig", "geen_oordeel": "geen oordeel"}
# line colours of the trend chart (all at least 3:1 against white); dashes and point shapes repeat them
TREND_COLOURS = ["#1a1a1a", "#5c5c5c", "#154273", "#9a4400", "#2e6b1a"]
TREND_DASHES = [[1, 0], [6, 4], [2, 2], [8, 3, 2, 3], [4, 2]]
TREND_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross"]


# ---------------------------------------------------------------------------------------------------------
# shared helpers


def _gemeente(code: str) -> GemeenteData:
    return gemeente_data(code)  # Http404 with a Dutch message for an unknown gemeente


def _indicator(indicator_id: str) -> Indicator:
    try:
        return catalogue().indicator(indicator_id)
    except KeyError:
        raise Http404(f"Indicator {indicator_id} bestaat niet") from None


_derived: dict[str, tuple[pl.DataFrame, dict]] = {}
_derived_lock = threading.Lock()


def _derived_for(data: GemeenteData) -> dict:
    """What every request would otherwise recompute from the export table, kept per export table."""
    with _derived_lock:
        hit = _derived.get(data.code)
        if hit is not None and hit[0] is data.export:
            return hit[1]
    export = data.export
    land = export.filter(pl.col("area_level") == "land")["area_code"]
    derived = {
        "nl": land[0] if land.len() else "NL01",
        "with_figures": set(export.filter(pl.col("status") == "ok")["indicator"].unique().to_list()),
        "by_indicator": {key[0]: frame for key, frame in export.partition_by("indicator", as_dict=True).items()},
    }
    with _derived_lock:
        _derived[data.code] = (export, derived)
    return derived


def _nl_code(data: GemeenteData) -> str:
    return _derived_for(data)["nl"]


def _indicator_rows(data: GemeenteData, indicator: str) -> pl.DataFrame:
    rows = _derived_for(data)["by_indicator"].get(indicator)
    return rows if rows is not None else data.export.clear()


def _resolve(data: GemeenteData, value: str) -> str:
    """A kern slug or CBS code of this gemeente (gemeente, kern, wijk or buurt) -> its code; else 404."""
    names = data.source.ctx.area_names
    value = value.strip()
    for candidate in (value, value.upper(), slugify(value)):
        if candidate in names and data.area_level(candidate) in ("gemeente", "kern", "wijk", "buurt"):
            return candidate
    raise Http404(f"Gebied {value} hoort niet bij {data.name}")


def _period(data: GemeenteData, value: str | None, default: str, allowed: list[str]) -> str:
    if not value:
        return default
    if value not in allowed:
        raise Http404(f"Geen cijfers voor periode {value} in {data.name}")
    return value


def value_text(value: float | None, ind: Indicator, status: str) -> str:
    """The figure as shown: Dutch number with unit, or the reason there is none (never a hidden number)."""
    if status != "ok" or value is None:
        return STATUS_TEXT.get(status, "geen cijfer")
    return display(value, ind)


def unit_suffix(ind: Indicator) -> str:
    """The unit named once in a row or column header ('%' is part of every value already)."""
    return "" if ind.unit == "%" else ind.unit


def comparison(word: str | None, against: str = "") -> str:
    """The comparison as HTML: a symbol (hidden from screen readers) and the word, e.g. '+ gunstiger'."""
    if word not in COMPARISONS:
        return ""
    symbol, text = COMPARISONS[word]
    return format_html('<span class="kf-cmp kf-cmp--{}"><span class="kf-cmp__symbol" aria-hidden="true">{}</span> '
                       '{}{}</span>', word, symbol, text, f" dan {against}" if against else "")


def _query(**params) -> str:
    pairs = []
    for key, value in params.items():
        if value is None or value == "":
            continue
        if isinstance(value, list | tuple):
            pairs.extend((key, v) for v in value)
        else:
            pairs.append((key, value))
    return urlencode(pairs)


def _area_options(data: GemeenteData) -> str:
    """<option>s for the area selects, grouped: the gemeente, its kernen, wijken and buurten (built once)."""
    derived = _derived_for(data)
    if "options" not in derived:
        groups = [("Gemeente", [(data.code, data.name)])]
        for level, plural in LEVELS.items():
            codes = data.areas(level)
            if codes:
                groups.append((plural.capitalize(), [(c, _option_name(data, c, level)) for c in codes]))
        derived["options"] = format_html_join("", '<optgroup label="{}">{}</optgroup>', (
            (label, format_html_join("", '<option value="{}">{}</option>', areas)) for label, areas in groups))
    return derived["options"]


def _level_options(data: GemeenteData, level: str) -> str:
    return format_html_join("", '<option value="{}">{}</option>',
                            ((c, _option_name(data, c, level)) for c in data.areas(level)))


def _select(options: str, value: str) -> str:
    """The options with ``value`` selected."""
    if not value:
        return options
    marker = format_html('<option value="{}">', value)
    return mark_safe(options.replace(marker, marker[:-1] + " selected>", 1))  # options are escaped HTML


def _kernfoto_url(data: GemeenteData, code: str, period: str = "") -> str:
    """Link to the area's kernfoto page (views_overview), if that page exists in this installation."""
    if data.area_level(code) not in ("kern", "wijk", "buurt"):
        return ""
    try:
        url = reverse("web:kernfoto", args=[data.code, code])
    except NoReverseMatch:
        return ""
    return f"{url}?{_query(periode=period)}" if period else url


def _option_name(data: GemeenteData, code: str, level: str) -> str:
    name = data.area_name(code)
    return f"{name} ({code})" if level in ("wijk", "buurt") else name


def _column_name(data: GemeenteData, code: str) -> str:
    level = data.area_level(code)
    return f"{data.area_name(code)} ({LEVEL_NAMES.get(level, level)})"


def _pick_period(periods: set[str], period: str, covered: dict[str, int] | None = None) -> str | None:
    """The period of an indicator's row: within PERIOD_WINDOW years of the requested one, the period in
    which most of the chosen areas have a figure (``covered``: period -> number of chosen areas with a
    figure), then the nearest, then the earliest. Without ``covered`` simply the nearest."""
    near = [p for p in periods if abs(int(p) - int(period)) <= PERIOD_WINDOW]
    if not near:
        return None
    covered = covered or {}
    return min(near, key=lambda p: (-covered.get(p, 0), abs(int(p) - int(period)), int(p)))


def _empty_row(data: GemeenteData, code: str, ind: Indicator, period: str, group: str) -> dict:
    row = dict.fromkeys(EXPORT_COLUMNS)
    row.update(area_code=code, area_name=data.area_name(code), area_level=data.area_level(code), period=period,
               group=group, indicator=ind.id, indicator_label=ind.label, theme=ind.theme, unit=ind.unit,
               status="ontbreekt", note="geen cijfer voor dit gebied")
    return row


def _with_figures(data: GemeenteData) -> set[str]:
    """Indicators with at least one published figure in this gemeente."""
    return _derived_for(data)["with_figures"]


def _frame(rows: list[dict], schema) -> pl.DataFrame:
    if not rows:
        return pl.DataFrame(schema=schema)
    return pl.DataFrame(rows, schema=schema, orient="row")


def _group_param(request) -> str:
    return (request.GET.get("groep") or "").strip()


# ---------------------------------------------------------------------------------------------------------
# compare 2 to 4 areas


@dataclass
class Comparison:
    codes: list[str]
    columns: list[dict]
    themes: list[dict]
    rows: list[dict] = field(default_factory=list)  # the export rows behind the cells, for downloads


def _selection(request, data: GemeenteData) -> tuple[list[str], str]:
    """The areas asked for (resolved, duplicates dropped, order kept) and a Dutch message if not 2 to 4."""
    raw = [v for v in request.GET.getlist("gebied") if v.strip()]
    codes: list[str] = []
    for value in raw:
        code = _resolve(data, value)
        if code not in codes:
            codes.append(code)
    message = ""
    if raw or "periode" in request.GET:
        if len(codes) < MIN_AREAS:
            message = (f"Kies minstens {MIN_AREAS} gebieden om te vergelijken; u koos er "
                       f"{'geen' if not codes else len(codes)}.")
        elif len(codes) > MAX_AREAS:
            message = f"Kies hoogstens {MAX_AREAS} gebieden om te vergelijken; u koos er {len(codes)}."
    return codes, message


def build_comparison(data: GemeenteData, codes: list[str], period: str, group: str = "") -> Comparison:
    cat = catalogue()
    gm, nl = data.code, _nl_code(data)
    column_codes = list(codes) + [c for c in (gm, nl) if c not in codes]
    columns = []
    for code in column_codes:
        name = "Nederland" if code == nl else _column_name(data, code)
        columns.append({"code": code, "name": name, "is_gemeente": code == gm, "is_nl": code == nl,
                        "chosen": code in codes, "url": _kernfoto_url(data, code)})
    frame = data.export.filter(pl.col("area_code").is_in(column_codes))
    by_key: dict[tuple, dict] = {}
    periods: dict[tuple[str, str], set[str]] = {}
    area_periods: dict[tuple[str, str, str], set[str]] = {}  # (indicator, group, area) -> periods with a figure
    covered: dict[tuple[str, str], dict[str, int]] = {}  # (indicator, group) -> period -> chosen areas with a figure
    chosen = set(codes)
    for r in frame.iter_rows(named=True):
        by_key[(r["indicator"], r["group"], r["period"], r["area_code"])] = r
        if r["status"] != "ontbreekt":
            key = (r["indicator"], r["group"])
            periods.setdefault(key, set()).add(r["period"])
            area_periods.setdefault((*key, r["area_code"]), set()).add(r["period"])
            if r["area_code"] in chosen:
                per = covered.setdefault(key, {})
                per[r["period"]] = per.get(r["period"], 0) + 1
    themes: list[dict] = []
    out_rows: list[dict] = []
    for theme in cat.themes:
        indicators = []
        for ind in (i for i in cat.indicators if i.theme == theme.id):
            g = group if group in ind.groups else ind.groups[0]
            p = _pick_period(periods.get((ind.id, g), set()), period, covered.get((ind.id, g)))
            if p is None:
                continue
            cells = []
            for col in columns:
                r = by_key.get((ind.id, g, p, col["code"]))
                if r is None or r["status"] == "ontbreekt":
                    # this column has no figure in the row's period: its own nearest period, marked in the cell
                    own = _pick_period(area_periods.get((ind.id, g, col["code"]), set()), p)
                    r = by_key.get((ind.id, g, own, col["code"])) if own else None
                r = r or _empty_row(data, col["code"], ind, p, g)
                out_rows.append(r)
                ok = r["status"] == "ok" and r["value"] is not None
                if not ok or col["is_nl"]:
                    cmp = ""
                elif col["is_gemeente"]:
                    cmp = comparison(r["comparison_nl"], "Nederland")
                else:
                    cmp = comparison(r["comparison_gemeente"])
                cells.append({"text": value_text(r["value"], ind, r["status"]), "ok": ok, "status": r["status"],
                              "comparison": cmp, "column": col["name"], "reference": not col["chosen"],
                              "period": r["period"] if r["period"] != p else ""})
            indicators.append({"indicator": ind, "unit": unit_suffix(ind), "period": p if p != period else "",
                               "group": GROUP_NAMES.get(g, g) if len(ind.groups) > 1 else "", "cells": cells})
        if indicators:
            themes.append({"theme": theme, "indicators": indicators, "id": f"thema-{theme.id}"})
    return Comparison(codes=codes, columns=columns, themes=themes, rows=out_rows)


def _compare_params(request, gemeente: str):
    data = _gemeente(gemeente)
    codes, message = _selection(request, data)
    period = _period(data, request.GET.get("periode"), data.latest_period, data.periods)
    group = _group_param(request)
    if group and group not in GROUP_NAMES:
        raise Http404(f"Onbekende groep {group}")
    return data, codes, message, period, group


def compare(request, gemeente: str):
    data, codes, message, period, group = _compare_params(request, gemeente)
    result = None
    if not message and MIN_AREAS <= len(codes) <= MAX_AREAS:
        result = build_comparison(data, codes, period, group)
    selected = (codes + [""] * MAX_AREAS)[:MAX_AREAS]
    options = _area_options(data)
    query = _query(gebied=codes, periode=period, groep=group)
    sources = sources_for(_frame(result.rows, data.export.schema)) if result else []
    context = {
        "data": data, "gemeente": data.code, "message": message, "result": result, "period": period,
        "periods": data.periods, "group": group,
        "selects": [{"n": n + 1, "value": v, "options": _select(options, v)} for n, v in enumerate(selected)],
        "query": query, "sources": sources,
        "chosen_names": [data.area_name(c) for c in codes],
        "groups": [("", "standaard (18+ of alle inwoners)"), ("18+", GROUP_NAMES["18+"]), ("65+", GROUP_NAMES["65+"])],
        "example": next((i for i in catalogue().indicators
                         if i.key_indicator and i.theme != "bevolking" and i.id in _with_figures(data)), None),
    }
    return render(request, "web/compare.html", context)


def compare_download(request, gemeente: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404("Onbekend formaat; kies csv of xlsx")
    data, codes, message, period, group = _compare_params(request, gemeente)
    if message or not MIN_AREAS <= len(codes) <= MAX_AREAS:
        raise Http404(message or f"Kies {MIN_AREAS} tot {MAX_AREAS} gebieden om te vergelijken")
    result = build_comparison(data, codes, period, group)
    frame = public(_frame(result.rows, data.export.schema))
    names = ", ".join(data.area_name(c) for c in codes)
    title = f"Vergelijking van {names} met {data.name} en Nederland, {period}"
    filename = "vergelijking-" + "-".join(slugify(c) for c in codes) + f"-{period}"
    return download(frame, fmt, filename, title=title)


# ---------------------------------------------------------------------------------------------------------
# one indicator: ranking across a level, and its development over the periods


def _indicator_params(request, gemeente: str, indicator: str):
    data = _gemeente(gemeente)
    ind = _indicator(indicator)
    level = request.GET.get("niveau") or "kern"
    if level not in LEVELS:
        raise Http404(f"Onbekend niveau {level}; kies kern, wijk of buurt")
    group = _group_param(request) or ind.groups[0]
    if group not in ind.groups:
        raise Http404(f"De indicator {ind.label} heeft geen cijfers voor de groep {group}")
    rows = _indicator_rows(data, ind.id).filter(pl.col("group") == group)
    if rows.is_empty():
        raise Http404(f"Geen cijfers voor {ind.label} in {data.name}")
    all_periods = sorted(rows["period"].unique().to_list())
    ok_periods = sorted(rows.filter((pl.col("status") == "ok") & (pl.col("area_level") == level))["period"]
                        .unique().to_list())
    asked = request.GET.get("periode") or ""
    period = _period(data, asked, (ok_periods or all_periods)[-1], data.periods)
    notice = ""
    if period not in all_periods:  # a period of the gemeente, but not of this indicator and group
        period = min(all_periods, key=lambda p: (abs(int(p) - int(asked)), -int(p)))
        notice = (f"Voor {ind.label_in_sentence} ({GROUP_NAMES.get(group, group)}) zijn er geen cijfers van {asked}; "
                  f"hier staan de cijfers van {period}.")
    return data, ind, level, group, period, rows, all_periods, notice


def _sort_key(ind: Indicator):
    sign = 1 if ind.polarity == "laag_gunstig" else -1  # best first; geen_oordeel: high to low

    def key(r: dict):
        return (sign * r["value"], r["area_name"].lower(), r["area_code"])

    return key


def ranking(data: GemeenteData, ind: Indicator, rows: pl.DataFrame, level: str, period: str, group: str) -> list[dict]:
    """All areas of the level: figures best to worst (by polarity), then the areas without a figure."""
    found = {r["area_code"]: r for r in rows.filter((pl.col("area_level") == level) & (pl.col("period") == period))
             .iter_rows(named=True)}
    records = []
    for code in data.areas(level):
        r = found.get(code) or _empty_row(data, code, ind, period, group)
        records.append(dict(r, area_name=data.area_name(code)))
    ok = sorted((r for r in records if r["status"] == "ok" and r["value"] is not None), key=_sort_key(ind))
    rest = sorted((r for r in records if not (r["status"] == "ok" and r["value"] is not None)),
                  key=lambda r: (r["area_name"].lower(), r["area_code"]))
    # figures that look the same as published (rounded to the catalogue's decimals) share a place
    rank, previous = 0, None
    for n, r in enumerate(ok, start=1):
        shown = round(r["value"], ind.decimals)
        if shown != previous:
            rank, previous = n, shown
        r["rank"] = rank
    for r in rest:
        r["rank"] = None
    return ok + rest


def _reference(rows: pl.DataFrame, code: str, period: str) -> dict | None:
    found = rows.filter((pl.col("area_code") == code) & (pl.col("period") == period))
    if found.is_empty():
        return None
    return found.row(0, named=True)


def _interval_text(r: dict, ind: Indicator) -> str:
    if r["status"] != "ok":
        return ""
    if r["lower"] is not None and r["upper"] is not None:
        return f"{value_text(r['lower'], ind, 'ok')} – {value_text(r['upper'], ind, 'ok')}"
    return "geen interval (modelschatting)" if ind.model_estimate else "geen interval"


def _coverage_text(r: dict) -> str:
    if r["status"] != "ok":
        return ""
    if r["coverage"] is None:
        return "n.v.t."
    return f"{dutch_number(r['coverage'] * 100, 0)}%"


def dot_plot_svg(items: list[dict], ind: Indicator, *, title: str, gemeente: tuple[str, float | None],
                 nl: float | None, svg_id: str = "kf-rangorde") -> str:
    """A server-side dot plot of a ranking: one row per area (best first), a dot for the value, a bar for
    the 95% interval where there is one, a solid line for the gemeente and a dashed line for Nederland.
    Readable in black and white; ``role="img"`` with a title and a description for screen readers."""
    plotted = [i for i in items if i["value"] is not None]
    width, left, right, row_h, top, bottom = 680, 190, 44, 20, 46, 40
    height = top + bottom + row_h * max(len(plotted), 1)
    values = [i["value"] for i in plotted] + [v for v in (gemeente[1], nl) if v is not None]
    values += [i[k] for i in plotted for k in ("lower", "upper") if i.get(k) is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
    lo = min(lo, 0.0)
    step = _nice_step((hi - lo) or 1.0)
    hi, lo = step * math.ceil(hi / step - 1e-9), step * math.floor(lo / step + 1e-9)
    if hi <= lo:
        hi = lo + step

    def x(v: float) -> float:
        return round(left + (v - lo) / (hi - lo) * (width - left - right), 1)

    gm_name, gm_value = gemeente
    desc_parts = [f"Stippen: {ind.label_in_sentence} per gebied, van gunstig (boven) naar ongunstig (onder)."
                  if ind.polarity != "geen_oordeel" else f"Stippen: {ind.label_in_sentence} per gebied, van hoog (boven) naar laag (onder)."]
    if plotted:
        first, last = plotted[0], plotted[-1]
        desc_parts.append(f"Bovenaan {first['area_name']} ({value_text(first['value'], ind, 'ok')}), onderaan "
                          f"{last['area_name']} ({value_text(last['value'], ind, 'ok')}).")
    if gm_value is not None:
        desc_parts.append(f"Doorgetrokken lijn: {gm_name} ({value_text(gm_value, ind, 'ok')}).")
    if nl is not None:
        desc_parts.append(f"Stippellijn: Nederland ({value_text(nl, ind, 'ok')}).")
    missing = len(items) - len(plotted)
    if missing:
        desc_parts.append(f"{missing} {'gebied' if missing == 1 else 'gebieden'} zonder cijfer staan niet in de figuur.")
    desc_parts.append("Dezelfde cijfers staan in de tabel.")
    e = escape
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kf-dotplot" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-labelledby="{svg_id}-titel {svg_id}-uitleg" '
           f'font-family="inherit" font-size="12">',
           f'<title id="{svg_id}-titel">{e(title)}</title>',
           f'<desc id="{svg_id}-uitleg">{e(" ".join(desc_parts))}</desc>']
    # legend: symbol and label side by side, advancing by an estimate of the label's width
    legend = [("dot", "waarde")]
    if any(i.get("lower") is not None for i in plotted):
        legend.append(("bar", "95%-interval"))
    if gm_value is not None:
        legend.append(("solid", f"{gm_name} ({value_text(gm_value, ind, 'ok')})"))
    if nl is not None:
        legend.append(("dashed", f"Nederland ({value_text(nl, ind, 'ok')})"))
    lx = 10
    for kind, label in legend:
        if kind == "dot":
            out.append(f'<circle cx="{lx + 10}" cy="14" r="4.5" fill="#1a1a1a"/>')
        else:
            dash = ' stroke-dasharray="5 4"' if kind == "dashed" else ""
            out.append(f'<line x1="{lx}" y1="14" x2="{lx + 22}" y2="14" stroke="#1a1a1a" '
                       f'stroke-width="{1.5 if kind == "bar" else 2}"{dash}/>')
        out.append(f'<text x="{lx + 28}" y="18" fill="#1a1a1a">{e(label)}</text>')
        lx += 28 + round(6.8 * len(label)) + 18
    plot_bottom = top + row_h * max(len(plotted), 1)
    # grid and axis
    for k in range(round((hi - lo) / step) + 1):
        tick = lo + k * step
        tx = x(tick)
        out.append(f'<line x1="{tx}" y1="{top - 6}" x2="{tx}" y2="{plot_bottom}" stroke="#d0d0d0" stroke-width="1"/>'
                   f'<text x="{tx}" y="{plot_bottom + 16}" text-anchor="middle" fill="#1a1a1a">'
                   f'{e(_tick_text(tick, ind, step))}</text>')
    axis_label = ind.label + (f" ({ind.unit})" if ind.unit else "")
    out.append(f'<text x="{(left + width - right) / 2}" y="{plot_bottom + 34}" text-anchor="middle" '
               f'fill="#1a1a1a">{e(axis_label)}</text>')
    for n, item in enumerate(plotted):
        cy = top + row_h * n + row_h / 2
        if n % 2 == 0:
            out.append(f'<rect x="0" y="{top + row_h * n}" width="{width - right}" height="{row_h}" fill="#f3f3f3"/>')
        label = item["area_name"] if len(item["area_name"]) <= 28 else item["area_name"][:27] + "…"
        out.append(f'<text x="{left - 10}" y="{cy + 4}" text-anchor="end" fill="#1a1a1a">{e(label)}</text>')
        if item.get("lower") is not None and item.get("upper") is not None:
            out.append(f'<line x1="{x(item["lower"])}" y1="{cy}" x2="{x(item["upper"])}" y2="{cy}" '
                       f'stroke="#1a1a1a" stroke-width="1.5"/>')
        out.append(f'<circle cx="{x(item["value"])}" cy="{cy}" r="4.5" fill="#1a1a1a"/>')
    if gm_value is not None:
        gx = x(gm_value)
        out.append(f'<line x1="{gx}" y1="{top - 6}" x2="{gx}" y2="{plot_bottom}" stroke="#1a1a1a" stroke-width="2"/>')
    if nl is not None:
        nx = x(nl)
        out.append(f'<line x1="{nx}" y1="{top - 6}" x2="{nx}" y2="{plot_bottom}" stroke="#1a1a1a" stroke-width="2" '
                   f'stroke-dasharray="5 4"/>')
    out.append("</svg>")
    return "".join(out)


def _nice_step(span: float) -> float:
    """A round tick step giving about five ticks over ``span``."""
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5):
        if raw <= factor * magnitude * (1 + 1e-9):
            return factor * magnitude
    return 10 * magnitude


def _tick_text(value: float, ind: Indicator, step: float) -> str:
    decimals = 0 if float(step).is_integer() else min(len(f"{step:g}".split(".")[1]), 3)
    number = dutch_number(value, decimals)
    return f"{number}%" if ind.unit == "%" else number


def _trend_areas(request, data: GemeenteData) -> tuple[list[str], str]:
    raw = [v for v in request.GET.getlist("gebied") if v.strip()]
    codes: list[str] = []
    for value in raw:
        code = _resolve(data, value)
        if code != data.code and code not in codes:
            codes.append(code)
    message = ""
    if len(codes) > MAX_TREND_AREAS:
        message = (f"Kies hoogstens {MAX_TREND_AREAS} gebieden voor de ontwikkeling; u koos er {len(codes)}. "
                   f"De eerste {MAX_TREND_AREAS} staan in de grafiek.")
        codes = codes[:MAX_TREND_AREAS]
    return codes, message


def trend(data: GemeenteData, ind: Indicator, rows: pl.DataFrame, periods: list[str], codes: list[str],
          group: str) -> tuple[dict, list[dict]]:
    """The Vega-Lite spec and the table rows of the indicator over the periods for the gemeente, NL and areas."""
    nl = _nl_code(data)
    series = [(data.code, data.name), (nl, "Nederland")] + [(c, data.area_name(c)) for c in codes]
    found = {(r["area_code"], r["period"]): r for r in rows.filter(pl.col("area_code").is_in([c for c, _ in series]))
             .iter_rows(named=True)}
    # counts: the gemeente and national totals are on another scale than the areas; they stay in the table
    charted = {c for c, _ in series}
    if ind.kind == "count":
        charted = set(codes) or {data.code}
    values, table = [], []
    breaks = False
    for code, name in series:
        segment, cells = 0, []
        for p in periods:
            r = found.get((code, p))
            status = r["status"] if r else "ontbreekt"
            ok = r is not None and status == "ok" and r["value"] is not None
            trend_word = (r["trend"] or "") if r else ""
            if trend_word == "niet vergelijkbaar" or not ok:
                segment += 1
                breaks = breaks or (trend_word == "niet vergelijkbaar" and code in charted)
            if ok and code in charted:
                values.append({"gebied": name, "jaar": int(p), "periode": p, "waarde": r["value"],
                               "weergave": value_text(r["value"], ind, "ok"),
                               "ontwikkeling": _trend_text(r) or "–", "reeks": f"{name} {segment}"})
            cells.append({"period": p, "text": value_text(r["value"] if r else None, ind, status), "ok": ok,
                          "trend": _trend_text(r) if ok else "",
                          "not_comparable": trend_word == "niet vergelijkbaar"})
        table.append({"code": code, "name": name, "cells": cells})
    names = [name for c, name in series if c in charted]
    years = [int(p) for p in periods]
    y_title = ind.label + (f" ({ind.unit})" if ind.unit else "")
    description = (f"Lijngrafiek: {ind.label_in_sentence} ({GROUP_NAMES.get(group, group)}) in "
                   f"{', '.join(periods)} voor {_and(names)}. Dezelfde cijfers staan in de tabel onder de grafiek.")
    spec = {
        "description": description,
        "width": "container",
        "height": 300,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "mark": {"type": "line", "strokeWidth": 2.5, "point": {"filled": True, "size": 70}},
        "encoding": {
            "x": {"field": "jaar", "type": "quantitative", "title": "Jaar",
                  "scale": {"domain": [min(years), max(years)] if years else None, "zero": False, "nice": False},
                  "axis": {"format": "d", "values": years, "labelAngle": 0, "grid": False}},
            "y": {"field": "waarde", "type": "quantitative", "title": y_title, "scale": {"zero": True},
                  "axis": {"labelExpr": "datum.label + '%'"} if ind.unit == "%" else {}},
            "color": {"field": "gebied", "type": "nominal", "title": "Gebied", "sort": names,
                      "scale": {"domain": names, "range": TREND_COLOURS[:len(names)]},
                      "legend": {"orient": "bottom", "direction": "horizontal", "symbolStrokeWidth": 2.5}},
            "strokeDash": {"field": "gebied", "type": "nominal", "sort": names, "title": "Gebied",
                           "scale": {"domain": names, "range": TREND_DASHES[:len(names)]}},
            "shape": {"field": "gebied", "type": "nominal", "sort": names, "title": "Gebied",
                      "scale": {"domain": names, "range": TREND_SHAPES[:len(names)]}},
            "detail": {"field": "reeks", "type": "nominal"},
            "tooltip": [{"field": "gebied", "title": "Gebied"}, {"field": "periode", "title": "Jaar"},
                        {"field": "weergave", "title": ind.label}, {"field": "ontwikkeling", "title": "Ontwikkeling"}],
        },
        "config": {
            "font": "DejaVu Sans, Noto Sans, Arial, Helvetica, sans-serif",
            "axis": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": "#1a1a1a", "titleColor": "#1a1a1a",
                     "domainColor": "#1a1a1a", "tickColor": "#1a1a1a"},
            "legend": {"labelFontSize": 13, "titleFontSize": 13, "labelColor": "#1a1a1a", "titleColor": "#1a1a1a",
                       "labelLimit": 260},
            "locale": {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}},
            "view": {"stroke": None},
        },
    }
    only_table = [name for c, name in series if c not in charted]
    return {"spec": spec, "breaks": breaks, "description": description, "only_table": _and(only_table)}, table


def _and(names: list[str]) -> str:
    return " en ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _trend_text(r: dict | None) -> str:
    if not r or not r["trend"]:
        return ""
    if r["trend"] == "niet vergelijkbaar":
        return f"niet vergelijkbaar met {r['previous_period']} (andere indeling)" if r["previous_period"] else "niet vergelijkbaar"
    return f"{r['trend']} sinds {r['previous_period']}" if r["previous_period"] else r["trend"]


def indicator_page(request, gemeente: str, indicator: str):
    data, ind, level, group, period, rows, periods, notice = _indicator_params(request, gemeente, indicator)
    ranked = ranking(data, ind, rows, level, period, group)
    gm = _reference(rows, data.code, period)
    nl = _reference(rows, _nl_code(data), period)
    gm_value = gm["value"] if gm and gm["status"] == "ok" else None
    nl_value = nl["value"] if nl and nl["status"] == "ok" else None
    table = []
    for r in ranked:
        ok = r["status"] == "ok" and r["value"] is not None
        table.append({
            "rank": r["rank"], "code": r["area_code"], "name": r["area_name"],
            "url": _kernfoto_url(data, r["area_code"], period),
            "text": value_text(r["value"], ind, r["status"]), "ok": ok,
            "interval": _interval_text(r, ind), "coverage": _coverage_text(r),
            "cmp_gemeente": comparison(r["comparison_gemeente"]) if ok else "",
            "cmp_nl": comparison(r["comparison_nl"]) if ok else "",
            "note": r["note"] or "",
        })
    plural = LEVELS[level]
    totals = ind.kind == "count"  # a gemeente or national total is no yardstick for an area's count
    group_name = GROUP_NAMES.get(group, group)
    title = f"{ind.label} per {LEVEL_NAMES[level]} in {data.name}, {period} ({group_name})"
    svg = dot_plot_svg(
        [{"area_name": r["area_name"], "value": r["value"] if r["rank"] else None,
          "lower": r["lower"] if r["rank"] else None, "upper": r["upper"] if r["rank"] else None} for r in ranked],
        ind, title=f"Rangorde: {title}", gemeente=(data.name, None if totals else gm_value),
        nl=None if totals else nl_value)
    trend_codes, trend_message = _trend_areas(request, data)
    chart, trend_table = trend(data, ind, rows, periods, trend_codes, group)
    used = [r for r in ranked] + [r for r in (gm, nl) if r]
    sources = sources_for(_frame([{k: r.get(k) for k in EXPORT_COLUMNS} for r in used], data.export.schema))
    source_tables = sorted({r["source_table"] for r in used if r.get("source_table")})
    base = {"niveau": level, "periode": period, "groep": group}
    with_figures = _with_figures(data)
    level_options = _level_options(data, level)
    trend_selected = (trend_codes + [""] * MAX_TREND_AREAS)[:MAX_TREND_AREAS]
    context = {
        "data": data, "gemeente": data.code, "ind": ind, "theme": catalogue().theme(ind.theme),
        "level": level, "levels": [(k, v.capitalize()) for k, v in LEVELS.items()], "level_plural": plural,
        "period": period, "periods": periods, "group": group, "notice": notice,
        "groups": [(g, GROUP_NAMES.get(g, g)) for g in ind.groups], "group_name": group_name,
        "table": table, "n_ok": sum(1 for r in table if r["ok"]), "title": title,
        "gm_text": value_text(gm_value, ind, "ok" if gm_value is not None else (gm["status"] if gm else "ontbreekt")),
        "nl_text": value_text(nl_value, ind, "ok" if nl_value is not None else (nl["status"] if nl else "ontbreekt")),
        "svg": mark_safe(svg),  # built from escaped strings above
        "chart": chart, "attributions": [line.removeprefix("Bron: ") for line in sources if not line.startswith("Licentie")],
        "trend_table": trend_table, "trend_periods": periods, "trend_message": trend_message,
        "trend_selects": [{"n": n + 1, "value": v, "options": _select(level_options, v)}
                          for n, v in enumerate(trend_selected)],
        "trend_codes": trend_codes,
        "polarity": POLARITY_TEXT[ind.polarity], "sources": sources, "source_tables": source_tables,
        "unit": unit_suffix(ind), "reference_lines": not totals,
        "query": _query(gebied=trend_codes, **base),
        "compare_query": _query(gebied=[r["code"] for r in table[:2]] if len(table) >= 2 else [], periode=period),
        "indicators": [(i.id, i.label) for i in catalogue().indicators
                       if i.theme == ind.theme and i.id != ind.id and i.id in with_figures],
    }
    return render(request, "web/indicator.html", context)


def indicator_download(request, gemeente: str, indicator: str, fmt: str):
    if fmt not in FORMATS:
        raise Http404("Onbekend formaat; kies csv of xlsx")
    data, ind, level, group, period, rows, _periods, _notice = _indicator_params(request, gemeente, indicator)
    ranked = ranking(data, ind, rows, level, period, group)
    frame = _frame([{k: r.get(k) for k in EXPORT_COLUMNS} for r in ranked], data.export.schema)
    frame = public(frame).with_columns(pl.Series("rang", [r["rank"] for r in ranked], dtype=pl.Int64))
    frame = frame.select(["rang", *EXPORT_COLUMNS])
    title = (f"{ind.label}: rangorde van de {LEVELS[level]} van {data.name}, {period} "
             f"({GROUP_NAMES.get(group, group)})")
    filename = f"{ind.id}-{level}-{period}-{slugify(group.replace('+', 'plus'))}"
    return download(frame, fmt, filename, title=title)


urlpatterns = [
    path("gemeente/<str:gemeente>/vergelijk/", compare, name="compare"),
    path("gemeente/<str:gemeente>/vergelijk.<str:fmt>", compare_download, name="compare_download"),
    path("gemeente/<str:gemeente>/indicator/<str:indicator>/", indicator_page, name="indicator"),
    path("gemeente/<str:gemeente>/indicator/<str:indicator>.<str:fmt>", indicator_download, name="indicator_download"),
]

