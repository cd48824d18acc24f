"""Small SVG charts and the visual vocabulary shared by the PDF (Typst) and HTML renderers.

Every function here is pure and deterministic: the same input gives the same bytes.
The SVG uses presentation attributes only (no ``<style>``, CSS or scripts), so that Typst's
SVG renderer and browsers draw exactly the same thing, and every chart is accessible
(``role="img"``, ``aria-label`` and a ``<title>``). Coordinates are rounded to one decimal.

The shapes differ, not only the colours, so the charts read in black and white:

* this area: a filled circle;
* gemeente: an open diamond;
* Nederland: a vertical bar (tick);
* 95% interval: a light horizontal bar behind the circle.

Nothing here computes a figure. The scale of a chart is layout: it is chosen around the
values the engine gave, and all texts use the ``display`` strings of the profile.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from html import escape

from kernfoto.profiles.model import Figure, Profile

# Colours (Rijkshuisstijl-like). On white: ACCENT 10.6:1, INK 17:1, MUTED 7:1 (WCAG AA/AAA).
ACCENT = "#154273"
INK = "#1a1a1a"
MUTED = "#595959"
RULE = "#c5ced8"
INTERVAL = "#b7c9dd"
GOOD = "#39870c"  # symbol colour only (non-text contrast 4.3:1); the word is always shown too
BAD = "#c0392b"

SVG_NS = "http://www.w3.org/2000/svg"
CHART_WIDTH, CHART_HEIGHT = 130, 14  # default size (user units) of a benchmark chart

# Comparison class -> (symbol, word). The word is always shown next to the symbol.
COMPARISON = {
    "gunstiger": ("▲", "gunstiger"),
    "ongunstiger": ("▼", "ongunstiger"),
    "vergelijkbaar": ("≈", "vergelijkbaar"),
    "hoger": ("△", "hoger"),
    "lager": ("▽", "lager"),
    "onbekend": ("?", "onbekend"),
}
NOT_COMPARED = {"class": "geen", "symbol": "", "word": "–", "colour": INK}
COMPARISON_COLOUR = {"gunstiger": GOOD, "ongunstiger": BAD, "vergelijkbaar": MUTED, "onbekend": MUTED}

TREND = {
    "gestegen": ("↗", "gestegen"),
    "gedaald": ("↘", "gedaald"),
    "gelijk gebleven": ("→", "gelijk"),
    "niet vergelijkbaar": ("≠", "niet vergelijkbaar"),
}

LEVEL_LABEL = {"kern": "Kern", "gemeente": "Gemeente", "wijk": "Wijk", "buurt": "Buurt"}
GROUP_LABEL = {
    "18+": "inwoners van 18 jaar en ouder",
    "65+": "inwoners van 65 jaar en ouder",
    "0-17": "kinderen en jongeren tot 18 jaar",
}
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


# --------------------------------------------------------------------------- formatting


def _c(x: float) -> str:
    """A coordinate rounded to one decimal, without a trailing ``.0`` and never ``-0``."""
    s = f"{round(x, 1):.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def dutch_number(value: float, decimals: int = 0) -> str:
    """Format a number the Dutch way: ``1.234,5``. Formatting only (for interval bounds)."""
    s = f"{value:,.{max(decimals, 0)}f}"
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".")


def dutch_date(iso: str) -> str:
    """``2025-11-29`` -> ``29 november 2025``; anything else is returned unchanged."""
    try:
        d = _dt.date.fromisoformat(iso[:10])
    except (TypeError, ValueError):
        return iso or ""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _with_unit(number: str, unit: str) -> str:
    if unit == "%":
        return f"{number}%"
    if unit in ("", "aantal", "score"):
        return number
    return f"{number} {unit}"


def interval_text(figure: Figure) -> str:
    """``"95%-interval 12–16%"`` when the figure has an interval, else ``""``."""
    if figure.lower is None or figure.upper is None:
        return ""
    lo = dutch_number(figure.lower, figure.decimals)
    hi = dutch_number(figure.upper, figure.decimals)
    return "95%-interval " + _with_unit(f"{lo}–{hi}", figure.unit)


# --------------------------------------------------------------------------- charts


def _scale(figure: Figure) -> tuple[float, float]:
    """The domain of the chart: around the values given, padded, with a minimum width.

    A minimum width keeps a one-point difference from looking dramatic; for percentages the
    domain stays inside 0..100. This is a layout decision, not a figure.
    """
    values = [
        v
        for v in (figure.value, figure.gemeente_value, figure.nl_value, figure.lower, figure.upper)
        if v is not None
    ]
    if not values:
        return 0.0, 1.0
    lo, hi = min(values), max(values)
    if figure.unit == "%":
        min_span = 10.0
    else:
        min_span = max(abs(lo), abs(hi)) * 0.2 or 1.0
    span = max(hi - lo, min_span) * 1.3
    mid = (lo + hi) / 2
    a, b = mid - span / 2, mid + span / 2
    floor = 0.0 if (figure.unit == "%" or lo >= 0) else None
    if floor is not None and a < floor:
        a, b = floor, floor + span
    if figure.unit == "%" and b > 100:
        a, b = max(0.0, 100 - span), 100.0
    return a, b


def chart_label(figure: Figure, *, area_name: str = "", gemeente_name: str = "") -> str:
    """The text alternative of a benchmark chart, built from the display strings."""
    here = area_name or "dit gebied"
    parts = [f"{here}: {figure.display or 'geen waarde'}"]
    interval = interval_text(figure)
    if interval:
        parts[0] += f" ({interval})"
    if figure.gemeente_display:
        parts.append(f"gemeente{' ' + gemeente_name if gemeente_name else ''}: {figure.gemeente_display}")
    if figure.nl_display:
        parts.append(f"Nederland: {figure.nl_display}")
    return f"{figure.label}. " + "; ".join(parts) + "."


def _open(width: float, height: float, label: str, *, decorative: bool = False) -> list[str]:
    if decorative:  # next to its own text label: hidden from assistive technology
        return [
            f'<svg xmlns="{SVG_NS}" width="{_c(width)}" height="{_c(height)}" '
            f'viewBox="0 0 {_c(width)} {_c(height)}" aria-hidden="true" focusable="false">'
        ]
    return [
        f'<svg xmlns="{SVG_NS}" width="{_c(width)}" height="{_c(height)}" '
        f'viewBox="0 0 {_c(width)} {_c(height)}" role="img" aria-label="{escape(label, quote=True)}">',
        f"<title>{escape(label, quote=False)}</title>",
    ]


def _diamond(x: float, y: float, r: float) -> str:
    return (
        f'<path d="M{_c(x)} {_c(y - r)}L{_c(x + r)} {_c(y)}L{_c(x)} {_c(y + r)}L{_c(x - r)} {_c(y)}Z" '
        f'fill="#ffffff" stroke="{INK}" stroke-width="1.2"/>'
    )


def _circle(x: float, y: float, r: float) -> str:
    return (
        f'<circle cx="{_c(x)}" cy="{_c(y)}" r="{_c(r)}" fill="{ACCENT}" stroke="#ffffff" stroke-width="0.8"/>'
    )


def _tick(x: float, y: float, h: float) -> str:
    return f'<rect x="{_c(x - 0.9)}" y="{_c(y - h / 2)}" width="1.8" height="{_c(h)}" fill="{MUTED}"/>'


def _bar(x0: float, x1: float, y: float, h: float) -> str:
    return (
        f'<rect x="{_c(x0)}" y="{_c(y - h / 2)}" width="{_c(max(x1 - x0, 1.0))}" height="{_c(h)}" '
        f'rx="{_c(h / 2)}" fill="{INTERVAL}"/>'
    )


def benchmark_chart(
    figure: Figure,
    *,
    width: float = CHART_WIDTH,
    height: float = CHART_HEIGHT,
    area_name: str = "",
    gemeente_name: str = "",
) -> str:
    """A one-row dot-against-benchmark chart for one indicator, as an SVG string.

    A thin scale line; the 95% interval as a light bar (when ``lower``/``upper`` are given);
    Nederland as a vertical tick; the gemeente as an open diamond; this area as a filled
    circle on top. Missing values are left out (the chart then shows only what exists).
    """
    label = chart_label(figure, area_name=area_name, gemeente_name=gemeente_name)
    a, b = _scale(figure)
    pad = height / 2
    x0, x1 = pad, width - pad
    y = height / 2

    def x(v: float) -> float:
        return x0 + (v - a) / (b - a) * (x1 - x0)

    out = _open(width, height, label)
    out.append(
        f'<line x1="{_c(x0)}" y1="{_c(y)}" x2="{_c(x1)}" y2="{_c(y)}" stroke="{RULE}" stroke-width="1"/>'
    )
    if figure.lower is not None and figure.upper is not None:
        out.append(_bar(x(figure.lower), x(figure.upper), y, height * 0.36))
    if figure.nl_value is not None:
        out.append(_tick(x(figure.nl_value), y, height * 0.8))
    if figure.gemeente_value is not None:
        out.append(_diamond(x(figure.gemeente_value), y, height * 0.34))
    if figure.value is not None:
        out.append(_circle(x(figure.value), y, height * 0.26))
    out.append("</svg>")
    return "".join(out)


LEGEND = (
    ("area", "dit gebied"),
    ("gemeente", "gemeente"),
    ("nl", "Nederland"),
    ("interval", "95%-interval"),
)


def marker_svg(kind: str, *, size: float = 12, decorative: bool = False) -> str:
    """A small icon of one chart marker, for legends: ``area``, ``gemeente``, ``nl``, ``interval``.

    ``decorative=True`` marks it ``aria-hidden`` (for use right next to its text label).
    """
    names = dict(LEGEND)
    if kind not in names:
        raise ValueError(f"onbekend markeringstype: {kind!r}")
    w = size * 1.6 if kind == "interval" else size
    y = size / 2
    out = _open(w, size, f"Teken voor {names[kind]}", decorative=decorative)
    if kind == "area":
        out.append(_circle(w / 2, y, size * 0.3))
    elif kind == "gemeente":
        out.append(_diamond(w / 2, y, size * 0.36))
    elif kind == "nl":
        out.append(_tick(w / 2, y, size * 0.8))
    else:
        out.append(_bar(1, w - 1, y, size * 0.4))
    out.append("</svg>")
    return "".join(out)


def legend(*, with_interval: bool = True, area_label: str = "dit gebied",
           with_gemeente: bool = True) -> list[dict[str, str]]:
    """Legend items for the benchmark charts: ``[{"kind", "label", "svg"}]``.

    The icons are decorative (``aria-hidden``): the label is always shown next to them.
    """
    items = []
    for kind, label in LEGEND:
        if (kind == "interval" and not with_interval) or (kind == "gemeente" and not with_gemeente):
            continue
        items.append(
            {
                "kind": kind,
                "label": area_label if kind == "area" else label,
                "svg": marker_svg(kind, decorative=True),
            }
        )
    return items


# --------------------------------------------------------------------------- page view


def _comparison(cls: str) -> dict[str, str]:
    symbol, word = COMPARISON.get(cls, COMPARISON["onbekend"])
    return {
        "class": cls if cls in COMPARISON else "onbekend",
        "symbol": symbol,
        "word": word,
        "colour": COMPARISON_COLOUR.get(cls, INK),
    }


def _trend(figure: Figure) -> dict[str, str]:
    arrow, word = TREND.get(figure.trend, ("", figure.trend))
    previous = ""
    if figure.previous_display:
        previous = (
            f"{figure.previous_period}: {figure.previous_display}"
            if figure.previous_period
            else figure.previous_display
        )
    return {"arrow": arrow, "word": word, "previous": previous}


def _members(names: Iterable[str]) -> str:
    names = list(names)
    if not names:
        return ""
    if len(names) > 8:
        return "Bestaat uit: " + ", ".join(names[:8]) + f" en {len(names) - 8} andere"
    return "Bestaat uit: " + ", ".join(names)


def page_view(profile: Profile) -> dict:
    """Everything the page templates (Typst and HTML) show, as plain strings, lists and dicts.

    This is formatting only: words and symbols for the classes the engine gave, the charts,
    the header lines. No value is computed.
    """
    level = LEVEL_LABEL.get(profile.area_level, profile.area_level.capitalize())
    group = GROUP_LABEL.get(profile.group, f"groep {profile.group}" if profile.group else "")
    if profile.area_level == "gemeente":
        where = "Gemeente"
    else:
        where = f"{level} in gemeente {profile.gemeente_name}" if profile.gemeente_name else level
    subtitle = " · ".join(s for s in (where, profile.period, group) if s)
    population = ""
    if profile.population is not None:
        population = f"{dutch_number(profile.population)} inwoners"
    has_interval = False
    # the gemeente's own page is compared with Nederland; every other page with its gemeente
    own_gemeente = profile.area_level == "gemeente"
    themes = []
    for block in profile.themes:
        rows = []
        for f in block.figures:
            has_interval = has_interval or (f.lower is not None and f.upper is not None)
            rows.append(
                {
                    "indicator": f.indicator,
                    "label": f.label + (f" ({f.period})" if f.period else ""),
                    "note": f.note,
                    "display": f.display or "–",
                    "interval": interval_text(f),
                    "gemeente": f.gemeente_display or "–",
                    "nl": f.nl_display or "–",
                    # a count (inhabitants) is not compared and not charted against totals on another scale
                    "comparison": (_comparison(f.comparison_nl if own_gemeente else f.comparison_gemeente)
                                   if f.kind != "count" else NOT_COMPARED),
                    "trend": _trend(f),
                    "chart": benchmark_chart(
                        f, area_name=profile.area_name, gemeente_name=profile.gemeente_name
                    ) if f.kind != "count" else "",
                    "chart_label": chart_label(
                        f, area_name=profile.area_name, gemeente_name=profile.gemeente_name
                    ),
                    "status": f.status,
                }
            )
        themes.append({"id": block.theme, "label": block.label, "rows": rows, "voices": block.voices})
    used_classes = {row["comparison"]["class"] for theme in themes for row in theme["rows"]}
    kinds = {"kracht": "krachten", "opgave": "opgaven", "stapeling": "opgaven"}
    findings: dict[str, list[dict]] = {"krachten": [], "opgaven": []}
    for finding in profile.findings:
        findings[kinds.get(finding.kind, "opgaven")].append(
            {"text": finding.text, "curated": finding.curated, "kind": finding.kind}
        )
    colophon = "Kernfoto"
    if profile.version:
        colophon += f" {profile.version}"
    if profile.generated_on:
        colophon = f"Gemaakt op {dutch_date(profile.generated_on)} met {colophon}"
    return {
        "title": f"Kernfoto {profile.area_name}",
        "area_name": profile.area_name,
        "area_level": profile.area_level,
        "own_gemeente": own_gemeente,
        "compare_label": "t.o.v. Nederland" if own_gemeente else "t.o.v. gemeente",
        "level_label": level,
        "gemeente_name": profile.gemeente_name,
        "period": profile.period,
        "subtitle": subtitle,
        "population": population,
        "population_note": profile.population_note,
        "members": _members(profile.members),
        "map_svg": profile.map_svg or "",
        "map_alt": f"Kaart: ligging van {profile.area_name} in gemeente {profile.gemeente_name}",
        "findings": findings,
        "has_findings": bool(profile.findings),
        "has_curated": any(f.curated for f in profile.findings),
        "themes": themes,
        "legend": legend(with_interval=has_interval, area_label=level.lower(), with_gemeente=not own_gemeente),
        "chart_ratio": CHART_HEIGHT / CHART_WIDTH,
        # only the classes this page uses, in a fixed order
        "comparison_legend": [
            {"symbol": COMPARISON[k][0], "word": COMPARISON[k][1], "colour": COMPARISON_COLOUR.get(k, INK)}
            for k in ("gunstiger", "vergelijkbaar", "ongunstiger", "hoger", "lager", "onbekend")
            if k in used_classes
        ],
        "groups": [g.text for g in profile.groups],
        "voices": {
            "title": profile.voices.title or "Wat we horen",
            "items": list(profile.voices.items),
            "empty_text": profile.voices.empty_text,
        },
        "socialbase": {
            "title": profile.socialbase.title or "Sociale basis",
            "items": list(profile.socialbase.items),
            "empty_text": profile.socialbase.empty_text,
        },
        "happenings": {
            "title": profile.happenings.title or "Wat er gebeurt",
            "items": list(profile.happenings.items),
            "empty_text": profile.happenings.empty_text,
        },
        "sources": [
            f"{s.attribution} ({s.licence})" if s.licence else s.attribution for s in profile.sources
        ],
        "method_notes": list(profile.method_notes),
        "colophon": colophon,
        "generated_on": profile.generated_on,
        "version": profile.version,
    }
