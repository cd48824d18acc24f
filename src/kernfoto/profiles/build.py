"""Build :class:`Profile` objects from the engine's results. The only place that chooses figures.

``build_profile`` is a pure function of the results frame (plus names, map and texts);
``ProfileSource`` gathers those for one gemeente from the database, once, so a whole
municipality's kernfoto's are built from one computation.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from functools import cached_property

import polars as pl

from .. import __version__
from ..areas import geo
from ..areas.models import Area, AreaGroup, Boundary
from ..stats import engine
from ..stats.catalogue import Catalogue, Indicator, catalogue
from ..stats.export import table_for
from ..stats.pipeline import results_for
from .curated import curated_for
from .model import (
    HAPPENINGS_EMPTY,
    Block,
    Figure,
    Finding,
    GroupComparison,
    GroupValue,
    Profile,
    Source,
    ThemeBlock,
)

MAX_FINDINGS_PER_KIND = 3
MAX_GROUP_COMPARISONS = 3
MAX_ROWS = 20  # indicator rows that fit one A4 page with the other blocks
PERIOD_WINDOW = 4  # a figure of another period is used when none exists for the profile's period, within this many years

VOICES_EMPTY = ("Nog geen gesprekken vastgelegd. Zodra partners gesprekken met inwoners en sleutelfiguren "
                "vastleggen, staan hier citaten (alleen met toestemming) en het aantal signalen per thema.")
VOICES_NO_QUOTES = ("Er zijn gesprekken en signalen vastgelegd (aantallen per thema bij de cijfers), maar nog geen "
                    "citaten met toestemming van de spreker en goedgekeurd voor publicatie.")
MAX_QUOTES = 3  # quotes that fit the one-page kernfoto
MAX_QUOTE_CHARS = 120  # longer quotes are shortened on the page (at a word, with "…"): 3 fit the A4 page
SOCIALBASE_EMPTY = ("De sociale kaart is nog niet gekoppeld. Hier komt het aanbod van activiteiten en "
                    "ondersteuning in deze kern, en waar nood en aanbod niet bij elkaar passen.")

METHOD_NOTES = (
    "Een kern is een groep buurten of wijken. Aantallen zijn opgeteld; percentages zijn gemiddelden van de "
    "buurten, gewogen met het aantal inwoners; verhoudingen zijn berekend uit de opgetelde tellers en noemers.",
    "Afgeschermd: CBS houdt kleine aantallen geheim; een kern toont geen cijfer als dat een geheime buurtwaarde "
    "of te kleine aantallen zou onthullen.",
    f"Gezondheidscijfers zijn modelschattingen zonder betrouwbaarheidsinterval. Ze heten hoger of lager bij een "
    f"verschil van minstens {engine.ESTIMATE_MIN_DIFF_PP:g} procentpunt (bij percentages onder "
    f"{engine.SMALL_BENCHMARK_PCT:g}%: {engine.SMALL_MIN_DIFF_PP:g} procentpunt); dat is een vuistregel, geen "
    "significantietoets. Verhoudingen uit tellingen vergelijken we met een 95%-betrouwbaarheidsinterval (Wilson).",
    "Een trend vergelijkt met de vorige meting op dezelfde wijk- en buurtindeling, met dezelfde regel.",
)


def dutch_number(value: float | None, decimals: int) -> str:
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def display(value: float | None, ind: Indicator, status: str = "ok") -> str:
    if status != "ok" or value is None:
        return {"geheim": "geheim", "afgeschermd": "afgeschermd"}.get(status, "–")
    number = dutch_number(value, ind.decimals)
    if ind.unit == "%":
        return f"{number}%"
    return number


@dataclass
class ProfileContext:
    """What a profile needs besides the results: names, maps, texts. Filled by ProfileSource."""

    gemeente_code: str
    gemeente_name: str
    area_names: dict[str, str]
    area_levels: dict[str, str]
    members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kern -> member names
    maps: dict[str, str] = field(default_factory=dict)
    today: str = ""


def _pick_period(rows: pl.DataFrame, period: str) -> str | None:
    """The profile's period if the indicator has a value then, else the nearest period with a value."""
    periods = rows.filter(pl.col("status") != "ontbreekt")["period"].unique().to_list()
    if period in periods:
        return period
    near = [p for p in periods if abs(int(p) - int(period)) <= PERIOD_WINDOW]
    if not near:
        return None
    return min(near, key=lambda p: (abs(int(p) - int(period)), int(p)))


def _figure(ind: Indicator, r: dict, period: str) -> Figure:
    ok = r["status"] == "ok"
    return Figure(
        indicator=ind.id, label=ind.label, theme=ind.theme, unit=ind.unit, polarity=ind.polarity,
        value=r["value"] if ok else None, status=r["status"], display=display(r["value"], ind, r["status"]),
        decimals=ind.decimals, lower=r["lower"] if ok else None, upper=r["upper"] if ok else None,
        coverage=r["coverage"], weight_note=r["weight_note"] or "",
        gemeente_value=r["gemeente_value"], gemeente_display=display(r["gemeente_value"], ind) if r["gemeente_value"] is not None else "",
        nl_value=r["nl_value"], nl_display=display(r["nl_value"], ind) if r["nl_value"] is not None else "",
        comparison_gemeente=r["comparison_gemeente"], comparison_nl=r["comparison_nl"],
        previous_period=r["previous_period"], previous_value=r["previous_value"],
        previous_display=display(r["previous_value"], ind) if r["previous_value"] is not None else "",
        trend=r["trend"] or "", is_estimate=ind.model_estimate, source=table_for(catalogue(), ind.series, r["period"]),
        note=r["note"] or "", period=r["period"] if r["period"] != period else "", group=r["group"],
        kind=ind.kind,
    )


def _finding(fig: Figure, ind: Indicator, reference_name: str, *, nl: bool = False) -> Finding | None:
    ref_value, ref_display = (fig.nl_value, fig.nl_display) if nl else (fig.gemeente_value, fig.gemeente_display)
    if fig.value is None or ref_value is None:
        return None
    more = fig.value > ref_value
    word = ind.comparative(more)
    when = f" in {fig.period}" if fig.period else ""
    text = f"{word} {ind.sentence_subject} ({fig.display}) dan gemiddeld in {reference_name} ({ref_display}){when}."
    cls = fig.comparison_nl if nl else fig.comparison_gemeente
    return Finding(kind="kracht" if cls == "gunstiger" else "opgave", text=text, indicator=ind.id, theme=ind.theme)


def _relative_gap(fig: Figure, nl: bool = False) -> float:
    ref = fig.nl_value if nl else fig.gemeente_value
    if fig.value is None or not ref:
        return 0.0
    return abs(fig.value - ref) / abs(ref)


GROUP_NAMES = {"18+": "alle volwassenen (18+)", "65+": "65-plussers", "totaal": "alle inwoners"}


def _group_comparison(ind: Indicator, rows: list[dict]) -> GroupComparison | None:
    vals = {r["group"]: r for r in rows if r["status"] == "ok"}
    if "18+" not in vals or "65+" not in vals:
        return None
    a, b = vals["18+"]["value"], vals["65+"]["value"]
    if a is None or b is None or engine.estimate_direction(b, a, ind.unit == "%") == "vergelijkbaar":
        return None
    word = "vaker" if b > a else "minder vaak"
    text = (f"65-plussers: {word} {ind.label_in_sentence} ({display(b, ind)}) dan alle volwassenen ({display(a, ind)}).")
    return GroupComparison(indicator=ind.id, label=ind.label, unit=ind.unit, text=text, values=(
        GroupValue("18+", a, display(a, ind)), GroupValue("65+", b, display(b, ind))))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _counts_phrase(counts: dict[str, int] | None) -> str:
    """"3 gesprekken en 1 signaal", or "" when there are none."""
    counts = counts or {}
    parts = []
    if counts.get("gesprekken"):
        parts.append(_plural(counts["gesprekken"], "gesprek", "gesprekken"))
    if counts.get("signalen"):
        parts.append(_plural(counts["signalen"], "signaal", "signalen"))
    return " en ".join(parts)


def voices_text(counts: dict[str, int] | None) -> str:
    """One line under a theme's figures: how many approved conversations and signals are about it."""
    phrase = _counts_phrase(counts)
    return f"Wat we horen: {phrase} over dit thema." if phrase else ""


def build_profile(results: pl.DataFrame, area_code: str, period: str, ctx: ProfileContext, *,
                  group: str | None = None, cat: Catalogue | None = None,
                  accumulation: pl.DataFrame | None = None, curated: tuple[Finding, ...] = (),
                  curated_replaces: bool = False, voices: tuple[str, ...] = (),
                  voice_counts: dict[str, dict[str, int]] | None = None, socialbase: Block | None = None) -> Profile:
    """One profile: key indicators per theme, what stands out, groups, voices, sources and method notes.

    ``socialbase``: the "Sociale basis" block (offer and gaps of a kern, ``directory.gaps.kernfoto_block``).

    ``voices``: the publishable quotes of the area as lines ("“…” — inwoner, maart 2025");
    ``voice_counts``: per theme the approved conversations and signals (see ``voices.services``).
    """
    voice_counts = voice_counts or {}
    cat = cat or catalogue()
    area = results.filter(pl.col("area_code") == area_code)
    themes: list[ThemeBlock] = []
    all_figs: list[tuple[Figure, Indicator]] = []
    group_cmp: list[tuple[float, GroupComparison]] = []
    used_tables: dict[str, set[str]] = {}
    by_ind = area.partition_by("indicator", as_dict=True)
    chosen: dict[str, list[Figure]] = {t.id: [] for t in cat.themes}
    extra: list[tuple[Figure, Indicator]] = []
    for ind in cat.indicators:
        rows = by_ind.get((ind.id,))
        if rows is None:
            continue
        g = group if group in ind.groups else ind.groups[0]
        grows = rows.filter(pl.col("group") == g)
        p = _pick_period(grows, period)
        if p is None:
            continue
        r = grows.filter(pl.col("period") == p).row(0, named=True)
        fig = _figure(ind, r, period)
        all_figs.append((fig, ind))
        if ind.key_indicator:
            chosen[ind.theme].append(fig)
        elif fig.status == "ok" and not fig.period:
            extra.append((fig, ind))
        gc = _group_comparison(ind, rows.filter(pl.col("period") == period).to_dicts())
        if gc:
            group_cmp.append((abs(gc.values[1].value - gc.values[0].value), gc))
    # the page holds about MAX_ROWS rows: key indicators first, then the theme's other indicators
    budget = MAX_ROWS - sum(len(v) for v in chosen.values())
    for fig, ind in extra:
        if budget <= 0:
            break
        chosen[ind.theme].append(fig)
        budget -= 1
    order = {i.id: n for n, i in enumerate(cat.indicators)}
    for theme in cat.themes:
        figs = sorted(chosen[theme.id], key=lambda f: order[f.indicator])
        for fig in figs:
            used_tables.setdefault(fig.source, set()).add(fig.period or period)
        if figs:
            themes.append(ThemeBlock(theme=theme.id, label=theme.label, figures=tuple(figs),
                                     voices=voices_text(voice_counts.get(theme.id))))
    # what stands out: the largest favourable and unfavourable differences with the gemeente
    findings: list[Finding] = list(curated)
    if not curated_replaces:
        for attr, ref_name, nl in (("comparison_gemeente", ctx.gemeente_name, False), ("comparison_nl", "Nederland", True)):
            if nl and len(findings) >= 2:
                break  # Nederland only when the gemeente comparison says little
            for cls in ("gunstiger", "ongunstiger"):
                cands = sorted((f for f in all_figs if getattr(f[0], attr) == cls and not f[0].period),
                               key=lambda fi: (-_relative_gap(fi[0], nl), fi[1].id))
                for fig, ind in cands[:MAX_FINDINGS_PER_KIND]:
                    found = _finding(fig, ind, ref_name, nl=nl)
                    if found:
                        findings.append(found)
        if accumulation is not None and not accumulation.is_empty():
            acc = accumulation.filter(pl.col("area_code") == area_code)
            if acc.height:
                a = acc.row(0, named=True)
                if a["n_unfavourable"]:
                    findings.append(Finding(kind="stapeling", text=(
                        f"Op {a['n_unfavourable']} van de {a['n_judged']} vergeleken indicatoren ongunstiger dan "
                        f"{ctx.gemeente_name}, in {a['n_themes']} {'thema' if a['n_themes'] == 1 else 'thema’s'} (plaats {a['rank']} van {accumulation.height})."
                    )))
    group_cmp.sort(key=lambda x: (-x[0], x[1].indicator))
    pop = next((f for f, i in all_figs if i.id == "inwoners_aantal" and f.value is not None), None)
    population_note = ""
    if pop is not None:
        population_note = f"inwoners, CBS Kerncijfers wijken en buurten {pop.period or period}"
    sources = []
    for table_id in sorted(used_tables):
        t = cat.tables[table_id]
        periods = ", ".join(sorted(used_tables[table_id]))
        attribution = t.attribution if t.period else f"{t.attribution} {periods}"
        sources.append(Source(id=table_id, table_id=table_id, title=t.title, period=periods, attribution=attribution,
                              licence=t.licence))
    # what we hear about themes without figures on this page: one line in the voices block
    shown = {b.theme for b in themes}
    elsewhere = [f"{theme.label.lower()}: {_counts_phrase(voice_counts.get(theme.id))}"
                 for theme in cat.themes if theme.id not in shown and _counts_phrase(voice_counts.get(theme.id))]
    # items in order of importance (the PDF drops from the end when the page is full): quotes, then counts
    voice_items = tuple(voices)
    if elsewhere:
        voice_items += (f"Verder over {'; over '.join(elsewhere)}.",)
    level = ctx.area_levels.get(area_code, "kern")
    return Profile(
        area_code=area_code, area_name=ctx.area_names.get(area_code, area_code), area_level=level,
        gemeente_code=ctx.gemeente_code, gemeente_name=ctx.gemeente_name, period=period,
        group=group or "", population=int(round(pop.value)) if pop else None,
        population_note=population_note, members=ctx.members.get(area_code, ()), themes=tuple(themes),
        findings=tuple(findings), groups=tuple(gc for _, gc in group_cmp[:MAX_GROUP_COMPARISONS]),
        voices=Block(title="Wat we horen", items=voice_items,
                     empty_text=VOICES_NO_QUOTES if voice_counts else VOICES_EMPTY),
        socialbase=socialbase or Block(title="Sociale basis", empty_text=SOCIALBASE_EMPTY),
        sources=tuple(sources), method_notes=METHOD_NOTES, map_svg=ctx.maps.get(area_code, ""),
        generated_on=ctx.today, version=__version__,
    )


class ProfileSource:
    """Results, names and maps of one gemeente, computed once for all its profiles."""

    def __init__(self, gemeente: str, *, today: str | None = None):
        self.gemeente = gemeente
        self.cat = catalogue()
        self.results = results_for(gemeente)
        gm = Area.objects.get(code=gemeente)
        names = {a.code: _short_name(a) for a in Area.objects.filter(gemeente_code=gemeente)}
        levels = {a.code: a.level for a in Area.objects.filter(gemeente_code=gemeente)}
        members: dict[str, tuple[str, ...]] = {}
        self.kern_members: dict[str, list[str]] = {}
        for g in AreaGroup.objects.filter(kind="kern", gemeente_id=gemeente).prefetch_related("members__area"):
            names[g.slug] = g.name
            levels[g.slug] = "kern"
            member_areas = sorted((m.area for m in g.members.all()), key=lambda a: a.code)
            members[g.slug] = tuple(_short_name(a) for a in member_areas)
            self.kern_members[g.slug] = [a.code for a in member_areas]
        self.ctx = ProfileContext(gemeente_code=gemeente, gemeente_name=gm.name, area_names=names,
                                  area_levels=levels, members=members,
                                  today=today or dt.date.today().isoformat())
        self._maps: dict[str, str] = {}
        self.accumulations: dict[str, pl.DataFrame] = {}

    @cached_property
    def _buurt_shapes(self) -> dict[str, geo.AreaShape]:
        shapes = {}
        for b in Boundary.objects.filter(area__gemeente_code=self.gemeente, area__level="buurt").select_related("area"):
            rings = geo.rings_from_geometry(json.loads(b.geometry))
            shapes[b.area_id] = geo.AreaShape(code=b.area_id, name=b.area.name, level="buurt", year=b.year, rings=rings,
                                              gemeente_code=self.gemeente, wijk_code="WK" + b.area_id[2:8])
        return shapes

    def map_for(self, area_code: str) -> str:
        """Small map of the area within its gemeente, cached per area (buurten dissolved so borders line up)."""
        if area_code in self._maps:
            return self._maps[area_code]
        shapes = self._buurt_shapes
        if not shapes:
            return ""
        if area_code in self.kern_members:
            codes = self.kern_members[area_code]
        else:
            codes = [area_code]
        buurten = [s for c in codes for s in shapes.values() if s.code == c or s.wijk_code == c]
        if area_code.startswith("GM"):
            buurten = list(shapes.values())
        if not buurten:
            return ""
        name = self.ctx.area_names.get(area_code, area_code)
        svg = geo.map_svg(list(shapes.values()), geo.dissolve(buurten),
                          title=f"Kaart: ligging van {name} in {self.ctx.gemeente_name}")
        self._maps[area_code] = svg
        return svg

    def accumulation(self, level: str, period: str) -> pl.DataFrame:
        key = f"{level}:{period}"
        if key not in self.accumulations:
            frame = self.results.filter(pl.col("area_level") == level)
            self.accumulations[key] = engine.accumulation(frame, self.cat, period=period)
        return self.accumulations[key]

    def areas(self, level: str) -> list[str]:
        if level == "kern":
            return sorted(self.kern_members, key=lambda s: self.ctx.area_names[s])
        return sorted(c for c, lvl in self.ctx.area_levels.items() if lvl == level)

    def profile(self, area_code: str, period: str, *, group: str | None = None) -> Profile:
        from ..errors import KernfotoError

        if area_code not in self.ctx.area_names:
            raise KernfotoError(f"gebied {area_code} hoort niet bij gemeente {self.gemeente}")
        level = self.ctx.area_levels.get(area_code, "kern")
        self.ctx.maps[area_code] = self.map_for(area_code)
        acc = self.accumulation(level, period) if level in ("kern", "wijk", "buurt") else None
        curated, replaces = curated_for(self.gemeente, area_code, period)
        quotes, counts = self.voices_for(area_code)
        socialbase, links = self.socialbase.for_area(area_code, period, is_kern=area_code in self.kern_members)
        profile = build_profile(self.results, area_code, period, self.ctx, group=group, cat=self.cat,
                                accumulation=acc, curated=curated, curated_replaces=replaces, voices=quotes,
                                voice_counts=counts, socialbase=socialbase)
        extra = {**profile.extra, "socialbase_links": links} if links else profile.extra
        happenings, happenings_links = self.happenings_for(area_code)
        if happenings_links:
            extra = {**extra, "happenings_links": happenings_links}
        return replace(profile, extra=extra, happenings=happenings or profile.happenings)

    def happenings_for(self, area_code: str) -> tuple[Block | None, list[dict]]:
        """"Wat er gebeurt" in a kern: its funded initiatives and the milestones of its wijk- or dorpsplan
        (public data only, from the initiatives module); with links to their public pages."""
        if area_code not in self.kern_members:
            return None, []
        from ..initiatives.services import happenings

        kern = self._kernen.get(area_code)
        if kern is None:
            return None, []
        h = happenings(kern, today=dt.date.fromisoformat(self.ctx.today))
        if h.is_empty:
            return None, []
        links = [{"text": f"Inwonersinitiatieven in {kern.name}", "href": h.list_url}]
        links += [{"text": title, "href": url} for title, url in h.plans]
        return Block(title="Wat er gebeurt", items=h.lines, empty_text=HAPPENINGS_EMPTY), links

    @cached_property
    def _kernen(self) -> dict[str, AreaGroup]:
        return {g.slug: g for g in AreaGroup.objects.filter(kind="kern", gemeente_id=self.gemeente)}

    @cached_property
    def socialbase(self):
        """The sociale basis of the gemeente (directory read once, gap analysis once per period)."""
        from ..directory.gaps import SocialBaseSource

        return SocialBaseSource(self.gemeente, self.results)

    def voices_for(self, area_code: str) -> tuple[tuple[str, ...], dict[str, dict[str, int]]]:
        """Publishable quotes (as lines) and per-theme counts of a kern; none for other areas.

        Only what may be public: quotes with consent and approved, of approved voices that are not
        anonymised; the speaker's kind and the month, never a name or the one who recorded it.
        """
        if area_code not in self.kern_members:
            return (), {}
        from ..voices import services as voices

        quotes = voices.publishable_quotes(self.gemeente, area_code, limit=MAX_QUOTES)
        lines = tuple(voices.quote_line(q, max_chars=MAX_QUOTE_CHARS) for q in quotes)
        return lines, voices.voice_counts(self.gemeente, area_code)


def _short_name(area: Area) -> str:
    """CBS wijk names read 'Wijk 01 Maarssen'; on a profile the place name is enough."""
    name = area.display_name
    if area.level == "wijk" and name.lower().startswith("wijk "):
        parts = name.split(" ", 2)
        if len(parts) == 3 and parts[1].isdigit():
            return parts[2]
    return name


# Public names of the helpers above, for the Sociale Monitor (``monitor/build.py``), which chooses and words
# its figures exactly as a kernfoto does so that the two never disagree.
pick_period = _pick_period
figure_from_row = _figure
finding_for = _finding
relative_gap = _relative_gap
group_comparison = _group_comparison
counts_phrase = _counts_phrase
