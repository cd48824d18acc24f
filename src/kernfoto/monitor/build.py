"""Build the Sociale Monitor :class:`~kernfoto.monitor.model.Report`. The only place that chooses figures.

:func:`build_report` is a pure function of :class:`MonitorInputs` (the engine's results plus names, map
shapes, texts, voices and the directory's gap analysis); ``sources.py`` gathers those from the database.
The results are those of ``stats.pipeline.results_for`` (for the web application: the same frame the
kernfoto's use), and figures are chosen and worded with the kernfoto's own helpers from
``profiles/build.py``, so a Sociale Monitor and a kernfoto never disagree.

The documented rules:

* **Summary.** Candidates are the gemeente's figures of the report's period that the engine calls
  gunstiger, ongunstiger, hoger or lager than Nederland (its comparison classes), and those whose trend
  is gestegen or gedaald (the engine claims a change only on the same wijk- en buurtindeling and when the
  change passes the same test as a comparison). Each candidate's score is the relative difference
  ``|value - reference| / |reference|`` (reference: Nederland, or the previous period) — the measure the
  kernfoto orders "wat opvalt" by. Per indicator and kind the group with the highest score stays; the
  :data:`SUMMARY_MAX` highest scores make the summary, highest first (ties: kind, indicator, group).
* **Maps.** Per theme the lead indicator (the first key indicator, else the first indicator, that can be
  compared for at least two areas) per kern (else wijk, else buurt), classed by the engine's comparison
  with the gemeente.
* **Accumulation.** ``engine.accumulation`` per level; the map classes group the number of unfavourable
  indicators (:data:`ACCUMULATION_CLASSES`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import polars as pl

from .. import __version__
from ..areas import geo
from ..profiles.build import (
    METHOD_NOTES,
    counts_phrase,
    display,
    dutch_number,
    figure_from_row,
    finding_for,
    group_comparison,
    pick_period,
    relative_gap,
)
from ..profiles.charts import benchmark_chart
from ..profiles.model import Figure, GroupValue, Source
from ..stats import engine
from ..stats.catalogue import Catalogue, Indicator
from ..stats.export import table_for
from .model import (
    Accumulation,
    AccumulationLevel,
    AccumulationRow,
    AppendixEntry,
    AreaRow,
    FigureRow,
    Finding,
    GroupRow,
    Offer,
    OfferCell,
    Report,
    ThemeChapter,
    ThemeMap,
    Voices,
)

SUMMARY_MAX = 10  # findings in the summary at most
SUMMARY_MIN = 5  # fewer than this: the summary says so
SIGNIFICANT = ("gunstiger", "ongunstiger", "hoger", "lager")  # classes that state a clear difference
CHANGES = ("gestegen", "gedaald")
JUDGED = ("gunstiger", "vergelijkbaar", "ongunstiger", "hoger", "lager")
MAP_LEVELS = ("kern", "wijk", "buurt")
LEVEL_PLURAL = {"kern": "kernen", "wijk": "wijken", "buurt": "buurten"}
QUOTES_PER_THEME = 3
NEED_WITHOUT_OFFER = ("hoog", "verhoogd")
# the accumulation map: (class key, lowest number of unfavourable indicators, legend label)
ACCUMULATION_CLASSES = (
    ("0", 0, "Geen indicator ongunstiger"),
    ("1-2", 1, "1 of 2 indicatoren ongunstiger"),
    ("3-5", 3, "3 tot 5 indicatoren ongunstiger"),
    ("6+", 6, "6 of meer indicatoren ongunstiger"),
)
GROUP_LABELS = {"18+": "18 jaar en ouder", "65+": "65 jaar en ouder", "totaal": "alle inwoners",
                "0-17": "tot 18 jaar"}
GROUP_SUBJECT = {"65+": "65-plussers", "18+": "volwassenen"}
# the comparison with Nederland in a table whose column says "t.o.v. Nederland"
COMPARISON_NL = {
    "gunstiger": "gunstiger", "ongunstiger": "ongunstiger", "hoger": "hoger", "lager": "lager",
    "vergelijkbaar": "vergelijkbaar", "onbekend": "niet vergeleken",
}
MAP_LEGEND = {
    "gunstiger": "Gunstiger dan de gemeente", "vergelijkbaar": "Vergelijkbaar met de gemeente",
    "ongunstiger": "Ongunstiger dan de gemeente", "lager": "Lager dan de gemeente",
    "hoger": "Hoger dan de gemeente",
}
# least favourable first in the table alternative of a map
MAP_ORDER = {"ongunstiger": 0, "hoger": 1, "vergelijkbaar": 2, "lager": 3, "gunstiger": 4, "": 5}
STATUS_TEXT = {"afgeschermd": "afgeschermd", "geheim": "geheim", "ontbreekt": "geen cijfer"}

SUMMARY_METHOD = (
    "De samenvatting toont de duidelijkste verschillen met Nederland en de grootste veranderingen sinds de "
    "vorige meting, ten hoogste {max}. Een verschil met Nederland telt als de vergelijking het cijfer "
    "gunstiger, ongunstiger, hoger of lager noemt (zie de toelichting achterin). Een verandering telt alleen "
    "als de vorige meting dezelfde wijk- en buurtindeling heeft en het verschil dezelfde toets doorstaat; "
    "anders staat er ‘niet vergelijkbaar’. De volgorde: hoe groot het verschil is in verhouding tot het "
    "cijfer waarmee we vergelijken (Nederland of de vorige meting). Per indicator staat er één regel per "
    "soort: die van de leeftijdsgroep met het grootste verschil."
)
ACCUMULATION_METHOD = (
    "Per {levels} tellen we op hoeveel indicatoren het cijfer in {period} ongunstiger is dan het gemiddelde "
    "van {gemeente}. Dat is dezelfde vergelijking als op de kernfoto: met het betrouwbaarheidsinterval van "
    "de bron of van de telling waar dat kan, en voor de modelschattingen van de Gezondheidsmonitor met een "
    "vuistregel (een verschil van minstens {pp:g} procentpunt, of {small:g} procentpunt bij cijfers onder "
    "{below:g}%). Die vuistregel is geen significantietoets. Elke indicator telt één keer, voor de eerste "
    "leeftijdsgroep (meestal 18 jaar en ouder). Cijfers zonder oordeel, zoals het aantal inwoners, tellen "
    "niet mee. De rangorde: eerst het aantal ongunstige indicatoren, dan over hoeveel thema's ze gaan. Veel "
    "ongunstige cijfers in meerdere thema's noemen we een stapeling van problemen."
)
VOICES_EMPTY = ("Over dit thema zijn nog geen gesprekken of signalen vastgelegd en goedgekeurd. Zodra partners "
                "gesprekken vastleggen, staan hier de aantallen en citaten (alleen met toestemming).")
OFFER_EMPTY = ("Er is nog geen sociale kaart ingelezen. Zodra het aanbod van organisaties in Kernfoto staat, "
               "ziet u hier per thema hoeveel aanbod er is en waar nood en aanbod niet bij elkaar passen.")
EXECUTION_EMPTY = ("Voor dit thema zijn in {year} nog geen inwonersinitiatieven toegekend, geen mijlpalen van wijk- "
                   "of dorpsplannen gepland en geen uitkomsten van vragenlijsten of dialoogsessies gepubliceerd.")
MAP_METHOD_NOTE = (
    "Kaarten: per thema één indicator per kern (of wijk), vergeleken met het gemiddelde van de gemeente; kleur "
    "én arcering tonen de uitkomst. In de tabel naast de kaart staat ook op hoeveel indicatoren van het thema "
    "een gebied gunstiger of ongunstiger is."
)


@dataclass
class VoiceInput:
    """Approved voices about one theme, over all kernen of the gemeente."""

    conversations: int = 0
    signals: int = 0
    kernen: set[str] = field(default_factory=set)
    quotes: list[str] = field(default_factory=list)  # newest first, with the kern's name


@dataclass
class DirectoryInput:
    """What the directory (sociale kaart) holds for the gemeente."""

    is_example: bool
    services: dict[str, int]  # theme -> active services with that theme
    cells: list | None  # directory.gaps.gap_matrix(...) (GapCell objects), None when not available


@dataclass
class MonitorInputs:
    gemeente_code: str
    gemeente_name: str
    results: pl.DataFrame  # stats.pipeline.results_for(gemeente)
    catalogue: Catalogue
    area_names: dict[str, str]
    areas: dict[str, list[str]]  # level -> codes (kern slugs), in display order
    shapes: dict[str, list[geo.AreaShape]] = field(default_factory=dict)  # level -> outlines
    texts: dict[str, str] = field(default_factory=dict)  # theme ('' = introduction) -> analyst text
    voices: dict[str, VoiceInput] = field(default_factory=dict)  # theme -> approved voices
    directory: DirectoryInput | None = None  # None: no sociale kaart (module or data absent)
    boundary_changes: pl.DataFrame | None = None  # engine.boundary_changes of the gemeente's observations
    # "uitvoering": theme -> lines on what is done (granted initiatives, plan milestones, questionnaires and
    # dialogue sessions) in execution_year, the year the report is made (sources.execution_by_theme)
    execution: dict[str, tuple[str, ...]] = field(default_factory=dict)
    execution_year: int | None = None
    today: str = ""
    version: str = __version__


# --------------------------------------------------------------------------------------------- helpers


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _names(items: list[str]) -> str:
    """"A, B en C"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def _subject_indicator(ind: Indicator, group: str) -> Indicator:
    """The indicator with its sentence subject for a group other than its first ("inwoners" -> "65-plussers")."""
    if group == ind.groups[0] or group not in GROUP_SUBJECT:
        return ind
    who = GROUP_SUBJECT[group]
    subject = ind.sentence_subject
    if subject.startswith("inwoners "):
        subject = f"{who} {subject[len('inwoners '):]}"
    else:
        subject = f"{subject} onder de {who}"
    return dataclasses.replace(ind, sentence_subject=subject)


def change_sentence(fig: Figure, ind: Indicator) -> str:
    """"Minder rokers (15,3%) dan in 2016 (19,7%)." — the kernfoto's wording, against the previous period."""
    more = fig.value > fig.previous_value
    word = ind.comparative(more)
    return f"{word} {ind.sentence_subject} ({fig.display}) dan in {fig.previous_period} ({fig.previous_display})."


def trend_text(fig: Figure) -> str:
    if fig.status != "ok" or not fig.trend:
        return ""
    if fig.trend == "niet vergelijkbaar":
        return f"niet vergelijkbaar met {fig.previous_period} (andere indeling)"
    if fig.previous_display and fig.previous_period:
        return f"{fig.trend} (was {fig.previous_display} in {fig.previous_period})"
    return fig.trend


def paragraphs(text: str) -> tuple[str, ...]:
    """An analyst's text as paragraphs: a blank line starts a new one, other line breaks become spaces."""
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    return tuple(" ".join(b.split()) for b in blocks if b.strip())


def _value_text(value: float | None, ind: Indicator, status: str) -> str:
    if status != "ok" or value is None:
        return STATUS_TEXT.get(status, "geen cijfer")
    return display(value, ind)


def _by_indicator(frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {k[0]: v for k, v in frame.partition_by("indicator", as_dict=True).items()}


# --------------------------------------------------------------------------------------------- summary


def summary_findings(results: pl.DataFrame, cat: Catalogue, gemeente: str, period: str) -> list[Finding]:
    """All candidates of the summary, best first (see the module docstring); the report keeps SUMMARY_MAX."""
    rows = results.filter((pl.col("area_code") == gemeente) & (pl.col("period") == period)
                          & (pl.col("status") == "ok"))
    best: dict[tuple[str, str], Finding] = {}
    for r in rows.iter_rows(named=True):
        ind = cat.indicator(r["indicator"])
        if ind.kind == "count" or r["value"] is None:
            continue
        worded = _subject_indicator(ind, r["group"])
        fig = figure_from_row(ind, r, period)
        found: list[Finding] = []
        if r["comparison_nl"] in SIGNIFICANT and r["nl_value"] is not None:
            text = finding_for(fig, worded, "Nederland", nl=True).text
            found.append(Finding(kind="nederland", indicator=ind.id, label=ind.label, theme=ind.theme,
                                 group=r["group"], text=text, value=fig.value, display=fig.display,
                                 reference=fig.nl_value, reference_display=fig.nl_display,
                                 reference_label="Nederland", judgement=r["comparison_nl"],
                                 score=relative_gap(fig, nl=True), period=period))
        if r["trend"] in CHANGES and r["previous_value"] is not None and r["previous_value"] != 0:
            direction = "hoger" if r["trend"] == "gestegen" else "lager"
            found.append(Finding(kind="verandering", indicator=ind.id, label=ind.label, theme=ind.theme,
                                 group=r["group"], text=change_sentence(fig, worded), value=fig.value,
                                 display=fig.display, reference=fig.previous_value,
                                 reference_display=fig.previous_display, reference_label=fig.previous_period,
                                 judgement=engine.classify(ind.polarity, direction),
                                 score=abs(fig.value - fig.previous_value) / abs(fig.previous_value),
                                 period=period))
        for f in found:
            key = (f.indicator, f.kind)
            if key not in best or (f.score, f.group == ind.groups[0]) > (best[key].score, best[key].group == ind.groups[0]):
                best[key] = f
    return sorted(best.values(), key=lambda f: (-f.score, f.kind, f.indicator, f.group))


# --------------------------------------------------------------------------------------------- theme chapters


def _figure_rows(gm_rows: dict[str, pl.DataFrame], inds: list[Indicator], period: str, gemeente_name: str,
                 methods: dict) -> list[FigureRow]:
    out = []
    for ind in inds:
        rows = gm_rows.get(ind.id)
        if rows is None:
            continue
        for g in ind.groups:
            grows = rows.filter(pl.col("group") == g)
            p = pick_period(grows, period)
            if p is None:
                continue
            r = grows.filter(pl.col("period") == p).row(0, named=True)
            fig = figure_from_row(ind, r, period)
            method = r["method_nl"] or ""
            methods.setdefault(ind.id, set()).update({(g, p, method)})
            if fig.kind == "count":
                comparison = "niet vergeleken (aantal)"
            else:
                comparison = COMPARISON_NL.get(fig.comparison_nl, "niet vergeleken")
            chart = benchmark_chart(fig, area_name=gemeente_name) if fig.kind != "count" and fig.value is not None else ""
            out.append(FigureRow(figure=fig, group_label=GROUP_LABELS.get(g, g), comparison_text=comparison,
                                 trend_text=trend_text(fig), method=method, chart=chart))
    return out


def _theme_map(inputs: MonitorInputs, level: str, level_rows: dict[str, pl.DataFrame], present: dict[str, set[str]],
               inds: list[Indicator], period: str, methods: dict) -> ThemeMap | None:
    """The lead indicator of a theme per area of ``level``, with per area the theme's counts.

    ``present``: per period the areas of the level with any figure then (an area of another wijk- en
    buurtindeling is left out, not shown as "zonder cijfer")."""
    ordered = sorted((i for i in inds if i.kind != "count"), key=lambda i: not i.key_indicator)  # stable
    lead = None
    for ind in ordered:
        rows = level_rows.get(ind.id)
        if rows is None:
            continue
        rows = rows.filter(pl.col("group") == ind.groups[0])
        p = pick_period(rows, period)
        if p is None:
            continue
        sel = rows.filter(pl.col("period") == p)
        if sel.filter(pl.col("comparison_gemeente").is_in(list(JUDGED))).height >= 2:
            lead = (ind, p, sel)
            break
    if lead is None:
        return None
    ind, p, sel = lead
    g = ind.groups[0]
    # per area: on how many of the theme's indicators (first group, the map's period) it is (un)favourable
    counts: dict[str, list[int]] = {}
    n_indicators = 0
    for other in ordered:
        rows = level_rows.get(other.id)
        if rows is None:
            continue
        judged = rows.filter((pl.col("group") == other.groups[0]) & (pl.col("period") == p)
                             & pl.col("comparison_gemeente").is_in(list(JUDGED)))
        if judged.is_empty():
            continue
        n_indicators += 1
        for code, cls in judged.select("area_code", "comparison_gemeente").iter_rows():
            c = counts.setdefault(code, [0, 0, 0])
            c[0] += cls == "gunstiger"
            c[1] += cls == "ongunstiger"
            c[2] += 1
    found = {r["area_code"]: r for r in sel.iter_rows(named=True)}
    methods.setdefault(ind.id, set()).update({(g, p, r["method_gemeente"] or "") for r in found.values()
                                              if r["method_gemeente"]})
    area_rows = []
    for code in inputs.areas.get(level, []):
        if code not in present.get(p, ()):
            continue
        r = found.get(code)
        ok = r is not None and r["status"] == "ok" and r["value"] is not None
        cls = r["comparison_gemeente"] if ok and r["comparison_gemeente"] in JUDGED else ""
        fav, unfav, n = counts.get(code, [0, 0, 0])
        area_rows.append(AreaRow(area_code=code, area_name=inputs.area_names.get(code, code),
                                 value=r["value"] if ok else None,
                                 display=_value_text(r["value"] if r else None, ind, r["status"] if r else "ontbreekt"),
                                 comparison=cls, n_favourable=fav, n_unfavourable=unfav, n_judged=n))
    area_rows.sort(key=lambda a: (MAP_ORDER[a.comparison], -a.n_unfavourable, a.area_name.lower()))
    tally: dict[str, int] = {}
    for a in area_rows:
        tally[a.comparison] = tally.get(a.comparison, 0) + 1
    order = ("gunstiger", "vergelijkbaar", "ongunstiger") if ind.polarity != "geen_oordeel" else \
        ("lager", "vergelijkbaar", "hoger")
    legend = tuple((k, MAP_LEGEND[k]) for k in order) + tuple(
        (k, MAP_LEGEND[k]) for k in JUDGED if k in tally and k not in order)
    parts = [f"{tally[k]} {k}" for k, _ in legend if tally.get(k)]
    if tally.get(""):
        parts.append(f"{tally['']} zonder cijfer")
    plural = LEVEL_PLURAL[level]
    summary = f"{len(area_rows)} {plural}: {', '.join(parts)}." if parts else ""
    group_label = GROUP_LABELS.get(g, g)
    title = (f"Kaart van de {plural} van {inputs.gemeente_name}: {ind.label_in_sentence} ({group_label}, {p}), "
             f"vergeleken met de gemeente")
    svg = ""
    shapes = inputs.shapes.get(level) or []
    if shapes:
        classes = {a.area_code: a.comparison for a in area_rows if a.comparison}
        svg = geo.choropleth_svg(shapes, classes, title=title, legend=list(legend), no_data_label="Geen cijfer",
                                 width=320, height=340)
    return ThemeMap(indicator=ind.id, label=ind.label, group=g, group_label=group_label, period=p, level=level,
                    level_plural=plural, title=title, svg=svg, legend=legend, rows=tuple(area_rows),
                    summary=summary, n_indicators=n_indicators)


def _groups(gm_rows: dict[str, pl.DataFrame], inds: list[Indicator], period: str) -> list[GroupRow]:
    out = []
    for ind in inds:
        rows = gm_rows.get(ind.id)
        if rows is None or len(ind.groups) < 2:
            continue
        sel = rows.filter((pl.col("period") == period) & (pl.col("status") == "ok"))
        vals = {r["group"]: r["value"] for r in sel.iter_rows(named=True) if r["value"] is not None}
        if len([g for g in ind.groups if g in vals]) < 2:
            continue
        gc = group_comparison(ind, sel.to_dicts())
        values = tuple(GroupValue(GROUP_LABELS.get(g, g), vals[g], display(vals[g], ind)) for g in ind.groups if g in vals)
        out.append(GroupRow(indicator=ind.id, label=ind.label, unit=ind.unit, values=values,
                            text=gc.text if gc else ""))
    return out


def _voices(v: VoiceInput | None) -> Voices:
    if v is None or not (v.conversations or v.signals):
        return Voices(conversations=0, signals=0, kernen=0, quotes=tuple(v.quotes[:QUOTES_PER_THEME]) if v else (),
                      text=VOICES_EMPTY)
    phrase = counts_phrase({"gesprekken": v.conversations, "signalen": v.signals})
    text = (f"Goedgekeurd door een analist: {phrase} over dit thema, in {_plural(len(v.kernen), 'kern', 'kernen')}.")
    return Voices(conversations=v.conversations, signals=v.signals, kernen=len(v.kernen),
                  quotes=tuple(v.quotes[:QUOTES_PER_THEME]), text=text)


def _offer(d: DirectoryInput | None, theme: str) -> Offer:
    if d is None:
        return Offer(available=False, is_example=False, services=0, kernen_with_offer=0, cells=(), gaps=(),
                     text=OFFER_EMPTY)
    n = d.services.get(theme, 0)
    cells: list[OfferCell] = []
    for c in d.cells or []:
        if c.theme == theme:
            cells.append(OfferCell(kern_name=c.kern_name, need=c.need, offer=int(c.offer),
                                   classification=c.classification, label=c.label,
                                   need_indicators=tuple(c.need_indicators or ())))
    cells.sort(key=lambda c: c.kern_name.lower())
    gaps = tuple(c.kern_name for c in cells if c.need in NEED_WITHOUT_OFFER and c.offer == 0)
    with_offer = sum(1 for c in cells if c.offer > 0)
    parts = [f"De sociale kaart{' (voorbeeldgegevens)' if d.is_example else ''} heeft "
             f"{_plural(n, 'activiteit of voorziening', 'activiteiten en voorzieningen')} voor dit thema."]
    if d.cells is None:
        parts.append("De vergelijking van nood en aanbod per kern is nog niet beschikbaar.")
    elif cells:
        parts.append(f"Aanbod in, voor of vlakbij {with_offer} van de {len(cells)} kernen.")
        if gaps:
            parts.append(f"Hoge of verhoogde nood zonder aanbod: {_names(list(gaps))}.")
        else:
            parts.append("Waar de cijfers nood tonen, is er aanbod.")
    if d.is_example:
        parts.append("Let op: dit zijn voorbeeldgegevens, geen echte organisaties.")
    return Offer(available=True, is_example=d.is_example, services=n, kernen_with_offer=with_offer,
                 cells=tuple(cells), gaps=gaps, text=" ".join(parts))


# --------------------------------------------------------------------------------------------- accumulation


def _accumulation_class(n: int) -> str:
    key = ACCUMULATION_CLASSES[0][0]
    for k, low, _ in ACCUMULATION_CLASSES:
        if n >= low:
            key = k
    return key


def _accumulation(inputs: MonitorInputs, period: str, methods: dict) -> Accumulation:
    cat, results = inputs.catalogue, inputs.results
    label = {i.id: i.label for i in cat.indicators}
    theme_of = {i.id: i.theme for i in cat.indicators}
    theme_label = {t.id: t.label for t in cat.themes}
    levels = []
    for level in MAP_LEVELS:
        codes = inputs.areas.get(level, [])
        if not codes:
            continue
        frame = results.filter(pl.col("area_level") == level)
        acc = engine.accumulation(frame, cat, period=period)
        acc = acc.filter(pl.col("n_judged").fill_null(0) > 0)
        if acc.is_empty():
            continue
        rows = []
        for r in acc.iter_rows(named=True):
            inds = tuple(r["indicators"] or ())
            for i in inds:
                methods.setdefault(i, set())
            themes = tuple(dict.fromkeys(theme_label[theme_of[i]] for i in inds))
            rows.append(AccumulationRow(rank=r["rank"], area_code=r["area_code"],
                                        area_name=inputs.area_names.get(r["area_code"], r["area_code"]),
                                        n_unfavourable=r["n_unfavourable"], n_judged=r["n_judged"] or 0,
                                        n_themes=r["n_themes"], indicators=tuple(label[i] for i in inds),
                                        themes=themes))
        plural = LEVEL_PLURAL[level]
        title = (f"Kaart van de {plural} van {inputs.gemeente_name}: op hoeveel indicatoren het cijfer in {period} "
                 f"ongunstiger is dan de gemeente")
        legend = tuple((k, text) for k, _, text in ACCUMULATION_CLASSES)
        svg = ""
        shapes = inputs.shapes.get(level) or []
        if shapes:
            classes = {r.area_code: _accumulation_class(r.n_unfavourable) for r in rows}
            svg = geo.choropleth_svg(shapes, classes, title=title, legend=list(legend),
                                     no_data_label="Geen cijfers", width=320, height=340)
        levels.append(AccumulationLevel(level=level, level_plural=plural, title=title, svg=svg, legend=legend,
                                        rows=tuple(rows)))
    names = _names([lv.level for lv in levels]) or "gebied"
    method = ACCUMULATION_METHOD.format(levels=names, period=period, gemeente=inputs.gemeente_name,
                                        pp=engine.ESTIMATE_MIN_DIFF_PP, small=engine.SMALL_MIN_DIFF_PP,
                                        below=engine.SMALL_BENCHMARK_PCT)
    empty = "" if levels else (f"Voor {period} zijn er geen cijfers per kern, wijk of buurt die met "
                               f"{inputs.gemeente_name} te vergelijken zijn.")
    return Accumulation(period=period, method=method, levels=tuple(levels), empty_text=empty)


def _summary_accumulation(acc: Accumulation) -> str:
    if not acc.levels:
        return ""
    lv = acc.levels[0]
    top = [r for r in lv.rows if r.n_unfavourable > 0][:3]
    if not top:
        return f"Geen van de {lv.level_plural} is op enige indicator ongunstiger dan de gemeente."
    parts = [f"{r.area_name} ({_plural(r.n_unfavourable, 'indicator', 'indicatoren')} in "
             f"{_plural(r.n_themes, 'thema', 'thema’s')})" for r in top]
    return f"Waar problemen zich het meest opstapelen: {_names(parts)}."


# --------------------------------------------------------------------------------------------- appendix


def _method_text(ind: Indicator, used: set[str]) -> str:
    if ind.kind == "count":
        return "Aantal; wordt niet vergeleken."
    parts = []
    if ind.model_estimate:
        parts.append(f"Modelschatting zonder betrouwbaarheidsinterval; een verschil telt bij minstens "
                     f"{engine.ESTIMATE_MIN_DIFF_PP:g} procentpunt ({engine.SMALL_MIN_DIFF_PP:g} procentpunt onder "
                     f"{engine.SMALL_BENCHMARK_PCT:g}%): een vuistregel, geen significantietoets.")
    other = sorted(m for m in used if m and m != "vuistregel voor schattingen")
    if other:
        parts.append("Vergeleken met: " + ", ".join(other) + ".")
    elif not ind.model_estimate and "vuistregel voor schattingen" in used:
        parts.append("Vergeleken met de vuistregel voor schattingen (geen interval beschikbaar).")
    if ind.polarity == "geen_oordeel":
        parts.append("Geen oordeel: hoger of lager is niet gunstig of ongunstig.")
    return " ".join(parts) or "Niet vergeleken."


def _attribution(cat: Catalogue, table_id: str, periods: list[str]) -> str:
    t = cat.tables.get(table_id)
    if t is None:
        return ""
    text = t.attribution if t.period else f"{t.attribution} {', '.join(periods)}"
    return f"{text} ({t.licence})" if t.licence else text


def _appendix(cat: Catalogue, methods: dict[str, set[tuple[str, str, str]]]) -> tuple[list[AppendixEntry], list[Source]]:
    themes = {t.id: t.label for t in cat.themes}
    entries, tables = [], {}
    for ind in cat.indicators:
        if ind.id not in methods:
            continue
        used = methods[ind.id]
        groups = [g for g in ind.groups if any(u[0] == g for u in used)] or list(ind.groups[:1])
        periods = sorted({u[1] for u in used if u[1]})
        by_table: dict[str, list[str]] = {}
        for p in periods:
            by_table.setdefault(table_for(cat, ind.series, p), []).append(p)
        for table_id, ps in by_table.items():
            tables.setdefault(table_id, set()).update(ps)
        source = "; ".join(a for a in (_attribution(cat, t, ps) for t, ps in sorted(by_table.items())) if a)
        entries.append(AppendixEntry(indicator=ind.id, label=ind.label, theme_label=themes[ind.theme],
                                     unit=ind.unit, groups="; ".join(GROUP_LABELS.get(g, g) for g in groups),
                                     periods=", ".join(periods), definition=ind.definition, source=source,
                                     method=_method_text(ind, {u[2] for u in used}), note=ind.note))
    sources = []
    for table_id in sorted(t for t in tables if t):
        t = cat.tables[table_id]
        periods = ", ".join(sorted(tables[table_id]))
        sources.append(Source(id=table_id, table_id=table_id, title=t.title, period=periods,
                              attribution=t.attribution if t.period else f"{t.attribution} {periods}",
                              licence=t.licence))
    return entries, sources


def comparability(changes: pl.DataFrame | None, cat: Catalogue) -> list[str]:
    """Per source and pair of consecutive periods: can a change be claimed (same indeling)?"""
    if changes is None or changes.is_empty():
        return []
    lines = []
    for r in changes.iter_rows(named=True):
        tables = cat.tables_of_series(r["series"])
        name = re.sub(r"\s+\d{4}$", "", tables[0].attribution.removeprefix("Bron: ")) if tables else r["series"]
        same = r["from_boundaries"] == r["to_boundaries"] and not r["added"] and not r["removed"]
        if same:
            verdict = (f"dezelfde wijk- en buurtindeling ({r['to_boundaries']}): veranderingen kunnen worden "
                       f"vergeleken")
        else:
            detail = ""
            if r["added"] or r["removed"]:
                detail = f"; {len(r['added'])} nieuwe en {len(r['removed'])} vervallen wijk- en buurtcodes"
            verdict = (f"een andere indeling ({r['from_boundaries'] or '?'} en {r['to_boundaries'] or '?'}{detail}): "
                       f"niet vergelijkbaar")
        lines.append(f"{name}, {r['from_period']} en {r['to_period']}: {verdict}.")
    return lines


# --------------------------------------------------------------------------------------------- the report


def build_report(inputs: MonitorInputs, period: str) -> Report:
    """The Sociale Monitor of one gemeente and period, from the engine's results (a pure function)."""
    cat, results, gemeente = inputs.catalogue, inputs.results, inputs.gemeente_code
    methods: dict[str, set[tuple[str, str, str]]] = {}  # indicator -> {(group, period, method)}
    candidates = summary_findings(results, cat, gemeente, period)
    summary = candidates[:SUMMARY_MAX]
    for f in summary:
        r = results.filter((pl.col("area_code") == gemeente) & (pl.col("indicator") == f.indicator)
                           & (pl.col("period") == period) & (pl.col("group") == f.group))
        methods.setdefault(f.indicator, set()).add((f.group, period, (r["method_nl"][0] or "") if r.height else ""))
        if f.kind == "verandering":
            methods[f.indicator].add((f.group, f.reference_label, ""))
    note = ""
    if len(summary) < SUMMARY_MIN:
        note = (f"In {period} zijn er maar {_plural(len(summary), 'duidelijk verschil', 'duidelijke verschillen')} "
                f"met Nederland of met de vorige meting.")
    gm_rows = _by_indicator(results.filter(pl.col("area_code") == gemeente))
    map_level = next((lv for lv in MAP_LEVELS if inputs.areas.get(lv)), "")
    level_frame = results.filter(pl.col("area_level") == map_level)
    level_rows = _by_indicator(level_frame) if map_level else {}
    present = {p: set(codes) for p, codes in level_frame.group_by("period").agg(pl.col("area_code").unique())
               .iter_rows()}
    chapters = []
    for theme in cat.themes:
        inds = [i for i in cat.indicators if i.theme == theme.id]
        figures = _figure_rows(gm_rows, inds, period, inputs.gemeente_name, methods)
        theme_map = _theme_map(inputs, map_level, level_rows, present, inds, period, methods) if map_level else None
        chapters.append(ThemeChapter(
            theme=theme.id, label=theme.label, description=theme.description,
            commentary=paragraphs(inputs.texts.get(theme.id, "")), figures=tuple(figures),
            no_figures=(f"Voor dit thema zijn er rond {period} geen cijfers over {inputs.gemeente_name}."
                        if not figures else ""),
            map=theme_map, groups=tuple(_groups(gm_rows, inds, period)), voices=_voices(inputs.voices.get(theme.id)),
            offer=_offer(inputs.directory, theme.id), execution=inputs.execution.get(theme.id, ()),
            execution_empty=EXECUTION_EMPTY.format(year=inputs.execution_year or inputs.today[:4]),
        ))
    accumulation = _accumulation(inputs, period, methods)
    appendix, sources = _appendix(cat, methods)
    population = ""
    pop = next((r.figure for c in chapters for r in c.figures if r.figure.indicator == "inwoners_aantal"
                and r.figure.value is not None), None)
    if pop is not None:
        population = f"{dutch_number(pop.value, 0)} inwoners (CBS Kerncijfers wijken en buurten {pop.period or period})"
    return Report(
        gemeente_code=gemeente, gemeente_name=inputs.gemeente_name, period=period, population=population,
        introduction=paragraphs(inputs.texts.get("", "")), summary=tuple(summary),
        summary_method=SUMMARY_METHOD.format(max=SUMMARY_MAX), summary_note=note,
        summary_accumulation=_summary_accumulation(accumulation), chapters=tuple(chapters),
        accumulation=accumulation, appendix=tuple(appendix),
        comparability=tuple(comparability(inputs.boundary_changes, cat)), sources=tuple(sources),
        method_notes=(*METHOD_NOTES, MAP_METHOD_NOTE), generated_on=inputs.today, version=inputs.version,
    )
