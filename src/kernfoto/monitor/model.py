"""The Sociale Monitor report model: one plain data structure per gemeente and period.

Like the kernfoto's :class:`~kernfoto.profiles.model.Profile`, the report is data. ``build.py`` fills it
from the engine's results (the same ones the kernfoto's use, so the two never disagree); the Typst PDF,
the web page and the XLSX workbook format and lay it out, and never compute a figure. Every display
string (Dutch numbers, sentences) is made once, in the builder, so the three outputs say the same.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..profiles.model import Figure, GroupValue, Source


@dataclass(frozen=True)
class Finding:
    """One line of the summary: a clear difference with Nederland or a change since the previous period."""

    kind: str  # "nederland" | "verandering"
    indicator: str
    label: str
    theme: str
    group: str
    text: str  # one plain Dutch sentence with its figures
    value: float
    display: str
    reference: float  # Nederland's value, or the value of the previous period
    reference_display: str
    reference_label: str  # "Nederland" or the previous period, e.g. "2016"
    judgement: str  # the engine's class: gunstiger | ongunstiger | hoger | lager
    score: float  # the ordering key: |value - reference| / |reference| (see build.SUMMARY_METHOD)
    period: str


@dataclass(frozen=True)
class FigureRow:
    """One indicator of a theme for the gemeente: against Nederland and its trend."""

    figure: Figure  # the same figure object a kernfoto shows (value, Nederland, comparison, trend)
    group_label: str  # "18 jaar en ouder", "65 jaar en ouder", "alle inwoners"
    comparison_text: str  # against Nederland: "gunstiger", "vergelijkbaar", "niet vergeleken (aantal)"
    trend_text: str  # "gedaald (was 15,9% in 2016)", "niet vergelijkbaar met 2019 (andere indeling)", ""
    method: str  # how the comparison was made (engine's method name), e.g. "vuistregel voor schattingen"
    chart: str = ""  # SVG: the gemeente (dot) against Nederland (tick), see profiles.charts


@dataclass(frozen=True)
class AreaRow:
    """One kern, wijk or buurt on a theme's map, with the table alternative's figures."""

    area_code: str
    area_name: str
    value: float | None
    display: str  # "14%", or why there is no figure ("afgeschermd", "geen cijfer")
    comparison: str  # comparison with the gemeente (engine class), "" when there is no figure
    n_favourable: int  # indicators of the theme on which the area is gunstiger than the gemeente
    n_unfavourable: int  # ... ongunstiger
    n_judged: int  # ... that could be compared at all


@dataclass(frozen=True)
class ThemeMap:
    """Where it goes well or less: the theme's lead indicator per area, compared with the gemeente."""

    indicator: str
    label: str
    group: str
    group_label: str
    period: str
    level: str  # "kern" | "wijk" | "buurt"
    level_plural: str  # "kernen"
    title: str
    svg: str  # choropleth (areas.geo); "" when no boundaries are loaded
    legend: tuple[tuple[str, str], ...]  # (class, Dutch label)
    rows: tuple[AreaRow, ...]  # every area of the level, least favourable first
    summary: str  # "3 kernen gunstiger, 2 ongunstiger, 8 vergelijkbaar"
    n_indicators: int  # indicators of the theme counted in n_favourable / n_unfavourable


@dataclass(frozen=True)
class GroupRow:
    """"Met wie": the same indicator for different population groups."""

    indicator: str
    label: str
    unit: str
    values: tuple[GroupValue, ...]
    text: str  # the difference in one sentence, or "" when the groups hardly differ


@dataclass(frozen=True)
class Voices:
    """What residents and partners say about a theme: approved counts and consented, approved quotes."""

    conversations: int
    signals: int
    kernen: int  # in how many kernen
    quotes: tuple[str, ...]  # "“…” — inwoner, maart 2025 (Breukelen)"
    text: str  # "12 gesprekken en 3 signalen in 5 kernen." or the empty text


@dataclass(frozen=True)
class OfferCell:
    """One kern of the directory's gap analysis for a theme (``directory.gaps.GapCell``)."""

    kern_name: str
    need: str  # "hoog" | "verhoogd" | "geen" | "onbekend"
    offer: int  # active services
    classification: str
    label: str  # Dutch, e.g. "hoge nood, geen aanbod"
    need_indicators: tuple[str, ...] = ()


@dataclass(frozen=True)
class Offer:
    """The sociale basis for a theme: what the directory holds, and where need meets no offer."""

    available: bool  # the directory holds services for this gemeente
    is_example: bool  # ... but they are example data ("voorbeeld")
    services: int  # active services with this theme
    kernen_with_offer: int
    cells: tuple[OfferCell, ...]
    gaps: tuple[str, ...]  # kern names where need is high or raised and there is no offer
    text: str  # the block in one or two sentences (or the empty text)


@dataclass(frozen=True)
class ThemeChapter:
    theme: str  # theme id of the catalogue
    label: str
    description: str  # the catalogue's description of the theme
    commentary: tuple[str, ...]  # the analyst's text for this theme and period, as paragraphs (() when none)
    figures: tuple[FigureRow, ...]
    no_figures: str  # shown when figures is empty
    map: ThemeMap | None
    groups: tuple[GroupRow, ...]
    voices: Voices
    offer: Offer
    # What the municipality and its partners do about it (initiatives, wijkplannen): filled by the
    # initiatives and consultation modules (the year the report is made); execution_empty when there is none.
    execution: tuple[str, ...] = ()
    execution_empty: str = ""


@dataclass(frozen=True)
class AccumulationRow:
    rank: int
    area_code: str
    area_name: str
    n_unfavourable: int
    n_judged: int
    n_themes: int
    indicators: tuple[str, ...]  # labels of the indicators behind the rank
    themes: tuple[str, ...]  # their theme labels


@dataclass(frozen=True)
class AccumulationLevel:
    level: str
    level_plural: str
    title: str
    svg: str
    legend: tuple[tuple[str, str], ...]
    rows: tuple[AccumulationRow, ...]  # every area of the level, by rank


@dataclass(frozen=True)
class Accumulation:
    """Where problems pile up ("stapeling"), per level, with the method in one paragraph."""

    period: str
    method: str
    levels: tuple[AccumulationLevel, ...]
    empty_text: str = ""


@dataclass(frozen=True)
class AppendixEntry:
    """Every figure of the report: definition, source, period and method notes."""

    indicator: str
    label: str
    theme_label: str
    unit: str
    groups: str  # "18 jaar en ouder; 65 jaar en ouder"
    periods: str  # "2016, 2020"
    definition: str
    source: str  # attribution with period and licence
    method: str  # how it is compared and what kind of figure it is
    note: str = ""


@dataclass(frozen=True)
class Report:
    gemeente_code: str
    gemeente_name: str
    period: str
    population: str  # "65.878 inwoners (CBS KWB 2024)" or ""
    introduction: tuple[str, ...]  # the analyst's introduction, as paragraphs (() when none)
    summary: tuple[Finding, ...]
    summary_method: str  # how the summary was chosen and ordered, in one paragraph
    summary_note: str  # e.g. when fewer than five findings exist
    summary_accumulation: str  # one line: where problems pile up most
    chapters: tuple[ThemeChapter, ...]
    accumulation: Accumulation
    appendix: tuple[AppendixEntry, ...]
    comparability: tuple[str, ...]  # per source: was the wijk- en buurtindeling the same between periods
    sources: tuple[Source, ...]
    method_notes: tuple[str, ...]
    generated_on: str = ""  # ISO date
    version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def filename(self) -> str:
        """The base name of the PDF and XLSX: ``sociale-monitor-GM1904-2020``."""
        return f"sociale-monitor-{self.gemeente_code}-{self.period}"

    @property
    def title(self) -> str:
        return f"Sociale Monitor {self.gemeente_name} {self.period}"
