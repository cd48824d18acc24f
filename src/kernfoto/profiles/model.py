"""The profile model: one plain data structure per area, period and group.

Every output (the Typst PDF, the HTML page, the JSON/CSV export, later the web app) is
rendered from a :class:`Profile`. Renderers format and lay out; they never compute a figure.
The builder that fills these structures from the engine's output lives in ``build.py``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Comparison classes (Dutch, as shown to users). For indicators whose polarity is
# "geen oordeel" the engine says "hoger"/"lager" instead of "gunstiger"/"ongunstiger".
COMPARISON_CLASSES = ("gunstiger", "vergelijkbaar", "ongunstiger", "hoger", "lager", "onbekend")
STATUSES = ("ok", "geheim", "afgeschermd", "ontbreekt")
HAPPENINGS_EMPTY = "Nog geen toegekende inwonersinitiatieven of mijlpalen van een wijk- of dorpsplan voor dit gebied."


@dataclass(frozen=True)
class Figure:
    """One indicator for one area, with its references, as the engine computed it."""

    indicator: str  # catalogue id, e.g. "moeite_met_rondkomen_pct"
    label: str  # Dutch label, e.g. "Moeite met rondkomen"
    theme: str  # theme id, e.g. "bestaanszekerheid"
    unit: str  # "%", "aantal", "per km²", "score", ...
    polarity: str  # "hoog_gunstig" | "laag_gunstig" | "geen_oordeel"
    value: float | None
    status: str  # one of STATUSES; only "ok" has a value
    display: str  # the value as shown, Dutch formatting: "14%", "1.234", "afgeschermd"
    decimals: int = 0
    lower: float | None = None  # 95% interval where the source or the method gives one
    upper: float | None = None
    coverage: float | None = None  # share (0-1) of the kern's weight covered by buurten with a value
    weight_note: str = ""  # e.g. "gewogen met aantal inwoners (CBS KWB 2022)"
    gemeente_value: float | None = None
    gemeente_display: str = ""
    nl_value: float | None = None
    nl_display: str = ""
    comparison_gemeente: str = "onbekend"  # one of COMPARISON_CLASSES
    comparison_nl: str = "onbekend"
    previous_period: str | None = None
    previous_value: float | None = None
    previous_display: str = ""
    trend: str = ""  # "gestegen" | "gedaald" | "gelijk gebleven" | "niet vergelijkbaar" | ""
    is_estimate: bool = False  # a model estimate (e.g. Gezondheidsmonitor): no significance test
    source: str = ""  # source id, a key of Profile.sources
    note: str = ""  # why a figure is missing or protected, in Dutch
    period: str = ""  # the period of this figure when it differs from the profile's (e.g. KWB 2022 in a 2020 profile)
    group: str = ""  # the population group of this figure, e.g. "18+"
    kind: str = ""  # the catalogue kind: "count" figures are not compared or charted against totals


@dataclass(frozen=True)
class ThemeBlock:
    theme: str  # theme id
    label: str  # Dutch label, e.g. "Bestaanszekerheid"
    figures: tuple[Figure, ...]
    voices: str = ""  # what we hear about this theme, e.g. "Wat we horen: 3 gesprekken en 1 signaal over dit thema."


@dataclass(frozen=True)
class Finding:
    """A strength ("kracht") or challenge ("opgave"): one plain Dutch sentence with its figures."""

    kind: str  # "kracht" | "opgave" | "stapeling"
    text: str
    indicator: str = ""
    theme: str = ""
    curated: bool = False  # written by an analyst, not found by the engine


@dataclass(frozen=True)
class GroupValue:
    group: str  # "18+", "65+"
    value: float | None
    display: str


@dataclass(frozen=True)
class GroupComparison:
    """The same indicator for different population groups ("met wie")."""

    indicator: str
    label: str
    unit: str
    values: tuple[GroupValue, ...]
    text: str  # e.g. "65-plussers zijn vaker eenzaam (52%) dan alle volwassenen (44%)"


@dataclass(frozen=True)
class Source:
    id: str
    table_id: str  # e.g. "50090NED"
    title: str
    period: str
    attribution: str  # e.g. "Bron: RIVM/GGD'en/CBS, Gezondheidsmonitor 2020"
    licence: str  # e.g. "CC BY 4.0"


@dataclass(frozen=True)
class Block:
    """A text block whose module may not hold data yet (voices, sociale basis)."""

    title: str
    items: tuple[str, ...] = ()
    empty_text: str = ""  # shown when items is empty


@dataclass(frozen=True)
class Profile:
    area_code: str  # CBS code, or the kern slug for a kern
    area_name: str
    area_level: str  # "kern" | "gemeente" | "wijk" | "buurt"
    gemeente_code: str
    gemeente_name: str
    period: str  # "2020"
    group: str  # the main population group of the page, e.g. "18+"
    population: int | None  # number of inhabitants (weight source, see population_note)
    population_note: str
    members: tuple[str, ...]  # for a kern: the buurt/wijk names it consists of
    themes: tuple[ThemeBlock, ...]
    findings: tuple[Finding, ...]
    groups: tuple[GroupComparison, ...]
    voices: Block
    socialbase: Block
    sources: tuple[Source, ...]
    method_notes: tuple[str, ...]
    map_svg: str = ""  # small map of the area within its gemeente (SVG markup)
    generated_on: str = ""  # ISO date
    version: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # "wat er gebeurt": funded residents' initiatives and wijkplan milestones of a kern (initiatives module)
    happenings: Block = field(default_factory=lambda: Block(title="Wat er gebeurt", empty_text=HAPPENINGS_EMPTY))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def slug(self) -> str:
        return self.area_code
