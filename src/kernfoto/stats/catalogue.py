"""The indicator catalogue (``catalogue.yaml``) and the source-table registry (``tables.yaml``).

Both are data; this module loads them, checks that every entry is complete, and exposes them as
frozen dataclasses. Labels, definitions, method pages and checks all derive from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

HERE = Path(__file__).resolve().parent
POLARITIES = ("hoog_gunstig", "laag_gunstig", "geen_oordeel")
KINDS = ("percentage", "count", "ratio", "mean", "score")
AGGREGATIONS = ("sum", "weighted_mean", "ratio_of_sums")


class CatalogueError(ValueError):
    pass


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    sentence_subject: str
    definition: str
    theme: str
    unit: str
    decimals: int
    polarity: str
    kind: str
    series: str
    aggregation: str
    min_base: float
    model_estimate: bool
    groups: tuple[str, ...]
    key_indicator: bool
    key: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    multiplier: float = 1.0
    weight: str | None = None
    weight_by_group: dict[str, str] = field(default_factory=dict)
    note: str = ""
    comparatives: tuple[str, str] | None = None  # ("Grotere", "Kleinere"): words of a sentence "<more> <subject> ..."

    def comparative(self, more: bool) -> str:
        """The word that starts a sentence comparing this indicator: "Meer"/"Minder" for percentages and rates per
        so many inhabitants, else "Hogere"/"Lagere", unless the catalogue declares its own (``comparatives``)."""
        if self.comparatives:
            return self.comparatives[0 if more else 1]
        if self.unit == "%" or self.unit.startswith("per 1"):
            return "Meer" if more else "Minder"
        return "Hogere" if more else "Lagere"

    @property
    def label_in_sentence(self) -> str:
        """The label inside a sentence: "eenzaamheid", "één of meer langdurige aandoeningen", but "WOZ-waarde"."""
        label = self.label
        if label.startswith("Eén"):
            return "één" + label[3:]
        if len(label) > 1 and label[1].isupper():  # an abbreviation such as "WOZ-waarde" or "SES-WOZ"
            return label
        return label[:1].lower() + label[1:]

    @property
    def source_keys(self) -> tuple[str, ...]:
        if self.kind == "ratio":
            return (self.numerator, self.denominator)  # type: ignore[return-value]
        return (self.key,)  # type: ignore[return-value]

    @property
    def source_key(self) -> str:
        """The stem shown in exports (for a ratio: 'numerator/denominator')."""
        if self.kind == "ratio":
            return f"{self.numerator}/{self.denominator}"
        return self.key or ""

    def weight_for(self, group: str) -> str | None:
        return self.weight_by_group.get(group, self.weight)

    @property
    def is_percentage(self) -> bool:
        return self.unit == "%"


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    series: str
    publisher: str
    attribution: str
    licence: str
    layout: str
    period: str | None
    boundaries: str | None
    groups: dict[str, str]


@dataclass(frozen=True)
class Catalogue:
    themes: tuple[Theme, ...]
    indicators: tuple[Indicator, ...]
    tables: dict[str, Table]

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def theme(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    def tables_of_series(self, series: str) -> list[Table]:
        return [t for t in self.tables.values() if t.series == series]


REQUIRED = ("id", "label", "sentence_subject", "definition", "theme", "unit", "decimals", "polarity", "kind",
            "series", "aggregation", "min_base", "model_estimate", "groups", "key_indicator")


def _indicator(raw: dict[str, Any], themes: set[str], series: set[str]) -> Indicator:
    where = f"indicator {raw.get('id', '?')!r}"
    missing = [k for k in REQUIRED if k not in raw or raw[k] in (None, "")]
    if missing:
        raise CatalogueError(f"{where}: missing {', '.join(missing)}")
    if raw["theme"] not in themes:
        raise CatalogueError(f"{where}: unknown theme {raw['theme']!r}")
    if raw["series"] not in series:
        raise CatalogueError(f"{where}: unknown series {raw['series']!r}")
    if raw["polarity"] not in POLARITIES:
        raise CatalogueError(f"{where}: polarity must be one of {POLARITIES}")
    if raw["kind"] not in KINDS:
        raise CatalogueError(f"{where}: kind must be one of {KINDS}")
    if raw["aggregation"] not in AGGREGATIONS:
        raise CatalogueError(f"{where}: aggregation must be one of {AGGREGATIONS}")
    if raw["kind"] == "ratio":
        if not raw.get("numerator") or not raw.get("denominator") or raw["aggregation"] != "ratio_of_sums":
            raise CatalogueError(f"{where}: a ratio needs numerator, denominator and aggregation ratio_of_sums")
    elif not raw.get("key"):
        raise CatalogueError(f"{where}: missing key")
    if raw["aggregation"] == "weighted_mean" and not raw.get("weight"):
        raise CatalogueError(f"{where}: weighted_mean needs a weight")
    if raw["aggregation"] == "sum" and raw["kind"] != "count":
        raise CatalogueError(f"{where}: only counts add up (aggregation sum)")
    known = set(REQUIRED) | {"key", "numerator", "denominator", "multiplier", "weight", "weight_by_group", "note",
                             "comparatives"}
    unknown = set(raw) - known
    if unknown:
        raise CatalogueError(f"{where}: unknown fields {sorted(unknown)}")
    return Indicator(
        id=raw["id"], label=raw["label"], sentence_subject=raw["sentence_subject"], definition=raw["definition"].strip(),
        theme=raw["theme"], unit=raw["unit"], decimals=int(raw["decimals"]), polarity=raw["polarity"],
        kind=raw["kind"], series=raw["series"], aggregation=raw["aggregation"], min_base=float(raw["min_base"]),
        model_estimate=bool(raw["model_estimate"]), groups=tuple(str(g) for g in raw["groups"]),
        key_indicator=bool(raw["key_indicator"]), key=raw.get("key"), numerator=raw.get("numerator"),
        denominator=raw.get("denominator"), multiplier=float(raw.get("multiplier", 1.0)), weight=raw.get("weight"),
        weight_by_group={str(k): v for k, v in (raw.get("weight_by_group") or {}).items()},
        note=(raw.get("note") or "").strip(), comparatives=_comparatives(raw, where),
    )


def _comparatives(raw: dict[str, Any], where: str) -> tuple[str, str] | None:
    words = raw.get("comparatives")
    if words is None:
        return None
    if not isinstance(words, list) or len(words) != 2 or not all(isinstance(w, str) and w for w in words):
        raise CatalogueError(f"{where}: comparatives must be two words, e.g. [Grotere, Kleinere]")
    return words[0], words[1]


def load_tables(path: Path = HERE / "tables.yaml") -> dict[str, Table]:
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    tables = {}
    for table_id, t in raw["tables"].items():
        tables[table_id] = Table(
            id=table_id, title=t["title"], series=t["series"], publisher=t["publisher"], attribution=t["attribution"],
            licence=t["licence"], layout=t["layout"], period=str(t["period"]) if t.get("period") else None,
            boundaries=str(t["boundaries"]) if t.get("boundaries") else None,
            groups={str(k): v for k, v in (t.get("groups") or {}).items()},
        )
    return tables


def load_catalogue(path: Path = HERE / "catalogue.yaml", tables_path: Path = HERE / "tables.yaml") -> Catalogue:
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    tables = load_tables(tables_path)
    themes = tuple(Theme(id=t["id"], label=t["label"], description=t["description"].strip()) for t in raw["themes"])
    theme_ids = {t.id for t in themes}
    series = {t.series for t in tables.values()}
    indicators = tuple(_indicator(r, theme_ids, series) for r in raw["indicators"])
    ids = [i.id for i in indicators]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise CatalogueError(f"duplicate indicator ids: {sorted(dupes)}")
    return Catalogue(themes=themes, indicators=indicators, tables=tables)


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue, loaded once per process."""
    return load_catalogue()
