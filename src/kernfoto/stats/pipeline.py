"""From stored observations to compared indicator values for every area of a gemeente.

``load_observations`` reads the database into a frame (the only Django-aware part);
``compute`` is a pure function of frames that chains the engine's steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from ..areas.models import Area, AreaGroup, GroupKind
from . import engine, store
from .catalogue import Catalogue, catalogue
from .models import Dataset

AREA_SCHEMA = {"area_code": pl.Utf8, "area_name": pl.Utf8, "area_level": pl.Utf8, "parent_code": pl.Utf8,
               "gemeente_code": pl.Utf8}


@dataclass
class Inputs:
    obs: pl.DataFrame  # engine.OBS_SCHEMA
    areas: pl.DataFrame  # AREA_SCHEMA, including kernen (level "kern", parent = gemeente)
    members: pl.DataFrame  # target_code, member_code
    partitions: dict[str, list[str]]  # gemeente -> kernen that cover it exactly
    weight_labels: dict[tuple[str, str], str]


def load_observations(area_codes: list[str] | None = None, *, gemeente_level_all: bool = True) -> pl.DataFrame:
    """Observations for the given areas (all when None), with series and boundary year of their table."""
    frame = store.observations(area_codes, gemeente_level_all=gemeente_level_all)
    # the same cell from two datasets (e.g. a national file and a municipality's own extract):
    # the most recently imported one counts
    frame = frame.sort(["imported", "dataset_id"], descending=True).unique(
        subset=["area_code", "series", "period", "group", "source_key"], keep="first"
    )
    return frame.select(list(engine.OBS_SCHEMA)).sort(["area_code", "series", "period", "group", "source_key"])


WEIGHT_NAMES = {"AantalInwoners": "aantal inwoners", "k_65JaarOfOuder": "aantal 65-plussers",
                "k_0Tot15Jaar": "aantal 0- tot 15-jarigen", "Woningvoorraad": "woningvoorraad",
                "HuishoudensTotaal": "aantal huishoudens"}


def weight_labels() -> dict[tuple[str, str], str]:
    """(weight key, period) -> Dutch description of where that weight comes from; (key, "") when unknown."""
    labels = {(key, ""): f"{name} per buurt" for key, name in WEIGHT_NAMES.items()}
    for d in Dataset.objects.filter(kind="table", series="kwb"):
        for period in d.periods.split(","):
            for key, name in WEIGHT_NAMES.items():
                labels[(key, period)] = f"{name} (CBS KWB {period}, tabel {d.table_id})"
    return labels


def load_inputs(gemeente: str) -> Inputs:
    """Everything ``compute`` needs for one gemeente (its wijken, buurten, kernen, NL and all gemeenten)."""
    areas_qs = Area.objects.filter(gemeente_code=gemeente) | Area.objects.filter(level__in=["land", "gemeente"])
    area_rows = [(a.code, a.name, a.level, a.parent_id, a.gemeente_code or None) for a in areas_qs]
    groups = list(AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente_id=gemeente).prefetch_related("members"))
    member_rows = []
    for g in groups:
        area_rows.append((g.slug, g.name, "kern", gemeente, gemeente))
        member_rows.extend((g.slug, m.area_id) for m in g.members.all())
    areas = pl.DataFrame(area_rows, schema=AREA_SCHEMA, orient="row")
    members = pl.DataFrame(member_rows, schema={"target_code": pl.Utf8, "member_code": pl.Utf8}, orient="row")
    codes = areas.filter((pl.col("area_level") != "kern") & ~pl.col("area_code").str.starts_with("GM"))["area_code"]
    obs = load_observations([*codes.to_list(), gemeente])
    partitions = {}
    # the kernen partition the gemeente when their buurten (a wijk member counts as all its buurten)
    # are exactly the gemeente's buurten
    buurten_of = {}
    for code, parent in Area.objects.filter(gemeente_code=gemeente, level="buurt").values_list("code", "parent_id"):
        buurten_of.setdefault(parent, []).append(code)
    buurten = {b for bs in buurten_of.values() for b in bs}
    covered = [b for _, m in member_rows for b in ([m] if m.startswith("BU") else buurten_of.get(m, []))]
    if groups and buurten and sorted(covered) == sorted(buurten):
        partitions[gemeente] = [g.slug for g in groups]
    return Inputs(obs=obs, areas=areas, members=members, partitions=partitions, weight_labels=weight_labels())


def load_all_inputs() -> Inputs:
    """Every area and observation in the database (for national comparisons and the benchmark)."""
    area_rows = list(Area.objects.values_list("code", "name", "level", "parent_id", "gemeente_code"))
    areas = pl.DataFrame([(c, n, lvl, p, g or None) for c, n, lvl, p, g in area_rows], schema=AREA_SCHEMA, orient="row")
    members = pl.DataFrame(schema={"target_code": pl.Utf8, "member_code": pl.Utf8})
    return Inputs(obs=load_observations(None), areas=areas, members=members, partitions={},
                  weight_labels=weight_labels())


def compute(inputs: Inputs, cat: Catalogue | None = None, *, gemeente: str | None = None) -> pl.DataFrame:
    """All indicator values of the areas in ``inputs``, compared with gemeente and Nederland, with trend."""
    cat = cat or catalogue()
    areas = inputs.areas
    values = engine.indicator_values(inputs.obs, cat)
    parents = areas.filter(pl.col("parent_code").is_not_null()).select("area_code", "parent_code")
    weight_keys = {k for i in cat.indicators for k in [i.weight, *i.weight_by_group.values()] if k} | {"AantalInwoners"}
    weights = engine.weight_table(inputs.obs, weight_keys, parents)
    parts = [values]
    # Nederland where the table has no Nederland row: derived from all gemeenten of that period by
    # the same aggregation rules (only where every gemeente contributed)
    have = values.filter(pl.col("area_code") == "NL01").select("indicator", "period", "group").unique()
    gm_values = values.filter(pl.col("area_code").str.starts_with("GM")).join(
        have, on=["indicator", "period", "group"], how="anti")
    for _, frame in gm_values.group_by("period"):
        members = pl.DataFrame({"target_code": "NL01", "member_code": frame["area_code"].unique().sort()})
        nl = engine.aggregate(frame, members, weights, cat, weight_labels=inputs.weight_labels)
        nl = nl.filter(pl.col("coverage").fill_null(0) >= 0.999).with_columns(
            pl.lit("Nederland: berekend uit alle gemeenten").alias("note"))
        parts.append(nl)
    # wijken and the gemeente where a table only has buurt rows (e.g. a municipality's own buurt extract):
    # derived from their buurten by the same rules, and marked as such
    buurten = areas.filter(pl.col("area_level") == "buurt")
    if buurten.height:
        up = pl.concat([
            buurten.select(pl.col("parent_code").alias("target_code"), pl.col("area_code").alias("member_code")),
            buurten.select(pl.col("gemeente_code").alias("target_code"), pl.col("area_code").alias("member_code")),
        ])
        published = values.select("area_code", "indicator", "period", "group").unique()
        # only (target, figure) pairs the source did not publish itself
        buurt_values = values.filter(pl.col("area_code").str.starts_with("BU"))
        wanted = (up.join(buurt_values.select("indicator", "period", "group").unique(), how="cross")
                  .rename({"target_code": "area_code"}).select("area_code", "indicator", "period", "group").unique()
                  .join(published, on=["area_code", "indicator", "period", "group"], how="anti"))
        up = up.filter(pl.col("target_code").is_in(wanted["area_code"].unique().to_list()))
        buurt_values = buurt_values.join(wanted.select("indicator", "period", "group").unique(),
                                         on=["indicator", "period", "group"], how="semi")
        derived = engine.aggregate(buurt_values, up, weights, cat, weight_labels=inputs.weight_labels)
        derived = derived.join(published, on=["area_code", "indicator", "period", "group"], how="anti").with_columns(
            pl.lit("berekend uit de buurten").alias("note"))
        parts.append(derived)
    if not inputs.members.is_empty():
        values = pl.concat(parts)  # kernen may consist of wijken whose figures were derived above
        kern = engine.aggregate(values, inputs.members, weights, cat, weight_labels=inputs.weight_labels)
        kern = engine.protect_complements(kern, inputs.partitions, cat)
        parts.append(kern)
    allv = pl.concat(parts)
    refs_gm = areas.select("area_code", pl.col("gemeente_code").alias("ref_code")).filter(
        pl.col("ref_code").is_not_null() & (pl.col("area_code") != pl.col("ref_code")))
    refs_nl = areas.filter(pl.col("area_code") != "NL01").select("area_code", pl.lit("NL01").alias("ref_code"))
    out = engine.compare(allv, refs_gm, cat, suffix="gemeente")
    out = engine.compare(out, refs_nl, cat, suffix="nl")
    out = engine.trend(out, cat)
    out = out.join(areas.select("area_code", "area_name", "area_level"), on="area_code", how="left")
    if gemeente:
        out = out.filter((pl.col("area_code") == "NL01") | (pl.col("area_code") == gemeente)
                         | pl.col("area_code").is_in(areas.filter(pl.col("gemeente_code") == gemeente)["area_code"].to_list()))
    return out.sort(["area_code", "indicator", "period", "group"])


def results_for(gemeente: str) -> pl.DataFrame:
    return compute(load_inputs(gemeente), gemeente=gemeente)
