"""Public pages of the gap analysis: the matrix (kernen x themes) and the Dutch explanation of the rule.

Thin views: the rule and the figures come from ``gaps.py``; the engine's results come from the web
application's per-gemeente cache (``web.services.gemeente_data``), so a page does not recompute them.
Both pages are served through the page cache (``cached_page``); directory writes bump the data generation.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from ..errors import KernfotoError
from ..stats.catalogue import catalogue
from ..web.services import gemeente_data
from ..web.views_overview import dutch_404
from . import gaps

DISTANCES = (0.0, 0.5, 1.0, 2.0, 5.0)  # choices on the matrix page (any value is accepted in the address)


def _distance(request) -> float:
    raw = (request.GET.get("afstand") or "").strip().replace(",", ".")
    if not raw:
        return gaps.OFFER_RULE.distance_km
    try:
        value = float(raw)
    except ValueError:
        raise Http404(f"De afstand '{raw}' is geen getal; geef een aantal kilometers, bijvoorbeeld 1.") from None
    try:
        return gaps.check_distance(value if math.isfinite(value) else -1.0)
    except KernfotoError as exc:
        raise Http404(str(exc)[:1].upper() + str(exc)[1:] + ".") from None


def _period(request, data) -> str:
    period = (request.GET.get("periode") or "").strip() or data.latest_period
    if period not in data.periods:
        raise Http404(f"Voor {data.name} zijn er geen cijfers over {period}.")
    return period


def _directory(code: str) -> gaps.Directory:
    try:
        return gaps.load_directory(code)
    except KernfotoError:
        raise Http404("Voor deze gemeente zijn geen kernen vastgelegd; nood en aanbod staan per kern.") from None


@dutch_404
def matrix(request, code: str):
    data = gemeente_data(code)
    period = _period(request, data)
    distance = _distance(request)
    analysis = gaps.analyse_data(data.results, _directory(data.code), period, distance=distance)
    themes = gaps.need_themes()
    counts = {c.id: 0 for c in gaps.CLASSES}
    rows = []
    for kern, name in _kernen(analysis):
        cells = []
        for cell in analysis.cells_of(kern):
            cls = gaps.gap_class(cell.classification)
            counts[cls.id] += 1
            cells.append({
                "cell": cell, "tone": cls.tone, "label": cls.label[:1].upper() + cls.label[1:],
                # the figure that concerns the most residents first (as on the kernfoto), the others folded
                "first": _first(analysis, cell).text() if cell.need_indicators else "",
                "rest": [f.text() for f in analysis.needs[(kern, cell.theme)].figures
                         if f is not _first(analysis, cell)],
                "finder": gaps.finder_url(data.code, kern, cell.theme, distance),
            })
        rows.append({"slug": kern, "name": name, "cells": cells, "total": analysis.offer_total.get(kern, 0),
                     "kernfoto": reverse("web:kernfoto", args=[data.code, kern]) + "?" + urlencode({"periode": period}),
                     "finder": gaps.finder_url(data.code, kern, distance=distance)})
    legend = [{"cls": c, "label": c.label[:1].upper() + c.label[1:], "count": counts[c.id]} for c in gaps.CLASSES]
    distances = sorted(set(DISTANCES) | {distance})
    context = {
        "data": data, "period": period, "periods": data.periods, "distance": distance,
        "distance_text": gaps.km_text(distance), "distances": [(f"{d:g}", gaps.km_text(d), d == distance) for d in distances],
        "themes": themes, "rows": rows, "legend": legend, "analysis": analysis,
        "n_gaps": sum(counts[c.id] for c in gaps.CLASSES if c.is_gap),
        "explanation_url": reverse("directory:gaps_explanation", args=[data.code]),
        "finder_url": gaps.finder_url(data.code),
    }
    return render(request, "directory/gaps.html", context)


def _first(analysis: gaps.Analysis, cell: gaps.GapCell) -> gaps.NeedFigure:
    need = analysis.needs[(cell.kern_slug, cell.theme)]
    return need.residents or need.figures[0]


def _kernen(analysis: gaps.Analysis) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for cell in analysis.cells:
        seen.setdefault(cell.kern_slug, cell.kern_name)
    return list(seen.items())


@dutch_404
def explanation(request, code: str):
    data = gemeente_data(code)
    themes = []
    for theme in gaps.need_themes():
        inds = gaps.judged_indicators(theme.id)
        themes.append({"theme": theme, "indicators": inds})
    excluded = [t for t in catalogue().themes if t.id in gaps.NEED_RULE.excluded_themes]
    classes = [{"cls": c, "label": c.label[:1].upper() + c.label[1:], "when": [gaps.case_text(k) for k in c.cases]}
               for c in gaps.CLASSES]
    context = {
        "data": data, "need_rule": gaps.NEED_RULE, "offer_rule": gaps.OFFER_RULE,
        "need_levels": [(gaps.NEED_LABEL[level][:1].upper() + gaps.NEED_LABEL[level][1:], gaps.NEED_TEXT[level])
                        for level in gaps.NEED_LEVELS],
        "distance_text": gaps.km_text(gaps.OFFER_RULE.distance_km),
        "max_distance_text": gaps.km_text(gaps.OFFER_RULE.max_distance_km),
        "high_residents": gaps.dutch_number(gaps.NEED_RULE.high_min_residents, 0),
        "rounding_text": {10: "tientallen", 100: "honderdtallen"}.get(
            gaps.NEED_RULE.residents_rounding, f"veelvouden van {gaps.NEED_RULE.residents_rounding}"),
        "share_text": gaps.SHARE_TEXT, "themes": themes, "excluded": excluded, "classes": classes,
        "window": gaps.PERIOD_WINDOW, "matrix_url": reverse("directory:gaps", args=[data.code]),
    }
    return render(request, "directory/gaps_uitleg.html", context)
