"""The indicator engine: pure functions on polars data frames (no Django inside).

The steps, each a function of frames:

1. :func:`indicator_values` turns source observations into indicator values per area
   (a ratio is computed from its numerator and denominator; everything else is read as is).
2. :func:`aggregate` combines member areas (buurten or wijken) into a kern by the indicator's
   rule: counts add up; a ratio is a ratio of sums; a percentage, mean or score is a mean weighted
   by its base. Coverage and the weight used are reported; small bases are protected.
3. :func:`protect_complements` prevents recovering a protected kern by subtraction from the
   gemeente total (secondary suppression, as CBS does).
4. :func:`compare` classes each value against the gemeente and Nederland
   (Wilson interval for proportions, Byar for rates, a stated rule for model estimates).
5. :func:`trend` compares each value with the previous period on the same boundaries.
6. :func:`accumulation` counts per area the unfavourable indicators across themes ("stapeling").

Frames use these column names throughout (see ``VALUE_SCHEMA``): ``area_code``, ``indicator``,
``period``, ``group``, ``value``, ``lower``, ``upper``, ``status``, ``numerator``, ``denominator``,
``base``, ``coverage``, ``weight_note``, ``note``, ``boundaries``.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from . import intervals
from .catalogue import Catalogue

# A figure for an aggregated area is published only if the member areas with a value cover at
# least this share of its weight (e.g. inhabitants); otherwise it is "ontbreekt".
MIN_COVERAGE = 0.5

# Rule for model estimates (no interval available): a difference counts when it is at least
# ESTIMATE_MIN_DIFF_PP percentage points, or SMALL_MIN_DIFF_PP when the benchmark is below
# SMALL_BENCHMARK_PCT; for non-percentages at least ESTIMATE_MIN_DIFF_REL of the benchmark.
ESTIMATE_MIN_DIFF_PP = 2.0
SMALL_BENCHMARK_PCT = 10.0
SMALL_MIN_DIFF_PP = 1.0
ESTIMATE_MIN_DIFF_REL = 0.05

VALUE_SCHEMA = {
    "area_code": pl.Utf8,
    "indicator": pl.Utf8,
    "period": pl.Utf8,
    "group": pl.Utf8,
    "value": pl.Float64,
    "lower": pl.Float64,
    "upper": pl.Float64,
    "status": pl.Utf8,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "base": pl.Float64,
    "coverage": pl.Float64,
    "weight_note": pl.Utf8,
    "note": pl.Utf8,
    "boundaries": pl.Utf8,
}

OBS_SCHEMA = {
    "area_code": pl.Utf8,
    "series": pl.Utf8,
    "period": pl.Utf8,
    "group": pl.Utf8,
    "source_key": pl.Utf8,
    "value": pl.Float64,
    "lower": pl.Float64,
    "upper": pl.Float64,
    "status": pl.Utf8,
    "boundaries": pl.Utf8,
}


def empty_values() -> pl.DataFrame:
    return pl.DataFrame(schema=VALUE_SCHEMA)


def _conform(frame: pl.DataFrame) -> pl.DataFrame:
    cols = []
    for name, dtype in VALUE_SCHEMA.items():
        if name in frame.columns:
            cols.append(pl.col(name).cast(dtype))
        else:
            cols.append(pl.lit(None, dtype=dtype).alias(name))
    return frame.select(cols)


def catalogue_frame(catalogue: Catalogue) -> pl.DataFrame:
    """One row per indicator with the fields the engine needs."""
    rows = [
        {
            "indicator": i.id,
            "kind": i.kind,
            "aggregation": i.aggregation,
            "polarity": i.polarity,
            "model_estimate": i.model_estimate,
            "is_percentage": i.unit == "%",
            "multiplier": i.multiplier,
            "min_base": i.min_base,
            "theme": i.theme,
        }
        for i in catalogue.indicators
    ]
    return pl.DataFrame(rows)


# --- 1. indicator values ------------------------------------------------------------------------


def indicator_values(obs: pl.DataFrame, catalogue: Catalogue) -> pl.DataFrame:
    """Source observations -> indicator values per area, period and group.

    ``obs`` has the columns of ``OBS_SCHEMA``. A ratio's status is ``geheim`` when either part
    is secret, ``ontbreekt`` when either is missing or the denominator is 0.
    """
    direct_rows = [(i.series, i.key, i.id) for i in catalogue.indicators if i.kind != "ratio"]
    parts: list[pl.DataFrame] = []
    if direct_rows:
        keymap = pl.DataFrame(direct_rows, schema=["series", "source_key", "indicator"], orient="row")
        direct = obs.join(keymap, on=["series", "source_key"], how="inner").with_columns(
            pl.when(pl.col("status") == "ok").then(pl.col("value")).otherwise(None).alias("value")
        )
        parts.append(_conform(direct))
    for ind in (i for i in catalogue.indicators if i.kind == "ratio"):
        keys = ["area_code", "series", "period", "group"]
        num = obs.filter((pl.col("series") == ind.series) & (pl.col("source_key") == ind.numerator)).select(
            *keys, "boundaries", pl.col("value").alias("numerator"), pl.col("status").alias("num_status")
        )
        den = obs.filter((pl.col("series") == ind.series) & (pl.col("source_key") == ind.denominator)).select(
            *keys, pl.col("value").alias("denominator"), pl.col("status").alias("den_status")
        )
        both = num.join(den, on=keys, how="inner")
        status = (
            pl.when((pl.col("num_status") == "geheim") | (pl.col("den_status") == "geheim"))
            .then(pl.lit("geheim"))
            .when((pl.col("num_status") != "ok") | (pl.col("den_status") != "ok") | (pl.col("denominator") <= 0))
            .then(pl.lit("ontbreekt"))
            .otherwise(pl.lit("ok"))
        )
        ratio = both.with_columns(status.alias("status"), pl.lit(ind.id).alias("indicator")).with_columns(
            pl.when(pl.col("status") == "ok")
            .then(pl.col("numerator") / pl.col("denominator") * ind.multiplier)
            .otherwise(None)
            .alias("value"),
            pl.when(pl.col("status") == "ok").then(pl.col("denominator")).otherwise(None).alias("base"),
        )
        parts.append(_conform(ratio))
    if not parts:
        return empty_values()
    out = pl.concat(parts)
    return out.sort(["area_code", "indicator", "period", "group"])


# --- weights ------------------------------------------------------------------------------------


def weight_table(obs: pl.DataFrame, keys: Iterable[str], parents: pl.DataFrame) -> pl.DataFrame:
    """Counts usable as weights, per area and period: ``area_code, weight_key, period, weight``.

    Published values are used as they are; where a wijk or gemeente has no published value for a
    period but all its buurten do, the sum of the buurten is used (counts add up).
    ``parents`` maps ``area_code`` to ``parent_code``.
    """
    keys = list(keys)
    base = obs.filter(pl.col("source_key").is_in(keys) & (pl.col("group") == "totaal")).select(
        "area_code", pl.col("source_key").alias("weight_key"), "period", "status", pl.col("value").alias("weight")
    )
    published = base.filter(pl.col("status") == "ok").drop("status")
    frames = [published]
    current = base
    for _ in range(2):  # buurt -> wijk -> gemeente
        rolled = (
            current.join(parents, on="area_code", how="inner")
            .group_by("parent_code", "weight_key", "period")
            .agg(
                pl.col("weight").sum().alias("weight"),
                (pl.col("status") != "ok").sum().alias("n_missing"),
            )
            .filter(pl.col("n_missing") == 0)
            .select(pl.col("parent_code").alias("area_code"), "weight_key", "period", "weight")
        )
        frames.append(rolled)
        current = rolled.with_columns(pl.lit("ok").alias("status"))
    allw = pl.concat(frames)
    # published values win over derived sums
    return allw.unique(subset=["area_code", "weight_key", "period"], keep="first", maintain_order=True)


def _nearest(period: str, available: list[str]) -> str | None:
    if not available:
        return None
    return min(available, key=lambda p: (abs(int(p) - int(period)), -int(p)))


# --- 2. aggregation -----------------------------------------------------------------------------


def aggregate(
    values: pl.DataFrame,
    members: pl.DataFrame,
    weights: pl.DataFrame,
    catalogue: Catalogue,
    *,
    weight_labels: dict[tuple[str, str], str] | None = None,
) -> pl.DataFrame:
    """Combine member areas into target areas (kernen, regions).

    ``members``: ``target_code, member_code``. ``weights``: output of :func:`weight_table`.
    ``weight_labels`` maps (weight_key, period) to a Dutch description of the weight's source.
    Returns the value schema with ``area_code`` = target code.
    """
    if members.is_empty() or values.is_empty():
        return empty_values()
    weight_labels = weight_labels or {}
    cat = {i.id: i for i in catalogue.indicators}
    vals = values.join(members.select(pl.col("member_code").alias("area_code")).unique(), on="area_code")
    combos = vals.select("indicator", "period", "group").unique()
    grid = members.join(combos, how="cross").join(
        vals.rename({"area_code": "member_code"}), on=["member_code", "indicator", "period", "group"], how="left"
    )
    grid = grid.with_columns(pl.col("status").fill_null("ontbreekt"))

    # which weight (key, period) each target/indicator/period/group uses: the period nearest to the
    # figure's period among those in which the weight is known for every member (else for most)
    wanted = {ind.weight_for(g) or "AantalInwoners" for ind in cat.values() for g in ind.groups} | {"AantalInwoners"}
    cover = (
        members.join(weights.filter(pl.col("weight_key").is_in(list(wanted))).rename({"area_code": "member_code"}),
                     on="member_code")
        .group_by("target_code", "weight_key", "period")
        .agg(pl.col("member_code").n_unique().alias("n_cov"))
        .join(members.group_by("target_code").agg(pl.len().alias("n_mem")), on="target_code")
    )
    options: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for t, k, p, n_cov, n_mem in cover.iter_rows():
        options.setdefault((t, k), []).append((p, n_mem - n_cov))
    targets = members["target_code"].unique().sort().to_list()
    wrows = []
    for r in combos.to_dicts():
        ind = cat[r["indicator"]]
        key = ind.weight_for(r["group"]) or "AantalInwoners"
        for t in targets:
            opts = options.get((t, key), [])
            wperiod = None
            if opts:
                fewest_missing = min(m for _, m in opts)
                wperiod = _nearest(r["period"], [p for p, m in opts if m == fewest_missing])
            label = weight_labels.get((key, wperiod or ""), weight_labels.get((key, ""), key))
            wrows.append({**r, "target_code": t, "weight_key": key, "weight_period": wperiod, "weight_label": label})
    wmap = pl.DataFrame(wrows, schema={"indicator": pl.Utf8, "period": pl.Utf8, "group": pl.Utf8, "target_code": pl.Utf8,
                                       "weight_key": pl.Utf8, "weight_period": pl.Utf8, "weight_label": pl.Utf8})
    grid = grid.join(wmap, on=["target_code", "indicator", "period", "group"], how="left").join(
        weights.rename({"area_code": "member_code", "period": "weight_period"}),
        on=["member_code", "weight_key", "weight_period"],
        how="left",
    )
    grid = grid.join(catalogue_frame(catalogue).select("indicator", "aggregation", "multiplier", "min_base"),
                     on="indicator", how="left")

    ok = pl.col("status") == "ok"
    has_w = pl.col("weight").is_not_null()
    agg = grid.group_by("target_code", "indicator", "period", "group").agg(
        pl.col("aggregation").first(),
        pl.col("multiplier").first(),
        pl.col("min_base").first(),
        pl.col("weight_label").first(),
        pl.col("boundaries").drop_nulls().first(),
        pl.len().alias("n"),
        ok.sum().alias("n_ok"),
        (pl.col("status") == "geheim").sum().alias("n_secret"),
        has_w.sum().alias("n_weight"),
        pl.col("member_code").filter(~has_w).sort().alias("no_weight"),
        pl.col("value").filter(ok).sum().alias("sum_value"),
        pl.col("value").filter(ok).first().alias("single_value"),
        pl.col("lower").filter(ok).first().alias("single_lower"),
        pl.col("upper").filter(ok).first().alias("single_upper"),
        pl.col("numerator").filter(ok).sum().alias("sum_num"),
        pl.col("denominator").filter(ok).sum().alias("sum_den"),
        (pl.col("value") * pl.col("weight")).filter(ok & has_w).sum().alias("sum_wv"),
        pl.col("weight").filter(ok & has_w).sum().alias("sum_w_ok"),
        pl.col("weight").filter(has_w).sum().alias("sum_w_all"),
    )
    rows = []
    for r in agg.to_dicts():
        rows.append(_aggregate_row(r))
    out = pl.DataFrame(rows, schema=VALUE_SCHEMA, orient="row") if rows else empty_values()
    return out.sort(["area_code", "indicator", "period", "group"])


def _fmt_codes(codes: list[str]) -> str:
    shown = ", ".join(codes[:3])
    return shown + (f" en {len(codes) - 3} andere" if len(codes) > 3 else "")


def _aggregate_row(r: dict) -> tuple:
    """Apply one indicator's aggregation rule to the summed member values of one target."""
    rule = r["aggregation"]
    n, n_ok = r["n"], r["n_ok"]
    value = lower = upper = num = den = base = coverage = None
    weight_note = ""
    note = ""
    status = "ok"
    w_all, w_ok = r["sum_w_all"] or 0.0, r["sum_w_ok"] or 0.0
    weight_complete = r["n_weight"] == n
    if weight_complete and w_all > 0:
        coverage = w_ok / w_all
    elif n:
        coverage = n_ok / n
    if n_ok == 0:
        status = "geheim" if r["n_secret"] else "ontbreekt"
        note = "geen van de buurten heeft een gepubliceerde waarde"
        coverage = 0.0
    elif rule == "sum":
        if r["n_secret"]:
            status, note = "afgeschermd", "een of meer buurten zijn afgeschermd; het totaal zou ze onthullen"
        elif n_ok < n:
            status, note = "ontbreekt", f"{n - n_ok} van de {n} buurten hebben geen waarde; een onvolledig totaal wordt niet getoond"
        else:
            value = r["sum_value"]
            base = value
            coverage = 1.0
    elif n == 1:
        # a kern of one area is that area, with the source's own interval
        value, lower, upper = r["single_value"], r["single_lower"], r["single_upper"]
        num, den = r["sum_num"], r["sum_den"]
        base = den if rule == "ratio_of_sums" else (w_ok if weight_complete else None)
        coverage = 1.0
    elif rule == "ratio_of_sums":
        num, den = r["sum_num"], r["sum_den"]
        base = den
        if not den:
            status, note = "ontbreekt", "de noemer is 0"
        else:
            value = num / den * r["multiplier"]
    elif rule == "weighted_mean":
        weight_note = f"gewogen met {r['weight_label']}" if r["weight_label"] else ""
        if not weight_complete:
            status = "ontbreekt"
            note = f"gewicht ({r['weight_label'] or 'inwoners'}) ontbreekt voor {_fmt_codes(r['no_weight'])}; het cijfer is niet berekend"
            coverage = None
        elif w_ok <= 0:
            status, note = "ontbreekt", "de buurten met een waarde hebben samen geen inwoners"
        else:
            value = r["sum_wv"] / w_ok
            base = w_ok
    if status == "ok" and value is not None:
        if coverage is not None and coverage < MIN_COVERAGE:
            status = "ontbreekt"
            note = f"de buurten met een waarde dekken maar {coverage:.0%} van de inwoners"
            value = lower = upper = None
        elif base is not None and base < (r["min_base"] or 0):
            status = "afgeschermd"
            note = f"te klein aantal (minder dan {r['min_base']:.0f}) om te publiceren"
            value = lower = upper = None
    if status != "ok":
        value = lower = upper = None
        num = den = None
    return (r["target_code"], r["indicator"], r["period"], r["group"], value, lower, upper, status, num, den,
            base, coverage, weight_note, note, r["boundaries"])


# --- 3. secondary suppression -------------------------------------------------------------------


def protect_complements(agg: pl.DataFrame, partitions: dict[str, list[str]], catalogue: Catalogue) -> pl.DataFrame:
    """Secondary suppression over partitions of a gemeente.

    ``partitions`` maps a gemeente code to the target codes (kernen) that together cover it
    exactly. For additive indicators (counts, ratios of sums), if exactly one kern of a partition
    is protected ("afgeschermd") while the others are published, its figure could be recovered as
    gemeente minus the others; then the published kern with the smallest base is protected too.
    """
    additive = {i.id for i in catalogue.indicators if i.aggregation in ("sum", "ratio_of_sums")}
    if agg.is_empty() or not partitions:
        return agg
    protect: set[tuple[str, str, str, str]] = set()
    part_frame = pl.DataFrame(
        [(g, t) for g, ts in partitions.items() for t in ts], schema=["partition", "area_code"], orient="row"
    )
    sub = agg.filter(pl.col("indicator").is_in(list(additive))).join(part_frame, on="area_code")
    for (_, ind, period, group), frame in sub.group_by("partition", "indicator", "period", "group"):
        protected = frame.filter(pl.col("status") == "afgeschermd")
        published = frame.filter(pl.col("status") == "ok")
        if protected.height == 1 and published.height == frame.height - 1 and published.height > 0:
            smallest = published.sort(["base", "area_code"], nulls_last=True).row(0, named=True)
            protect.add((smallest["area_code"], ind, period, group))
    if not protect:
        return agg
    keys = pl.DataFrame(list(protect), schema=["area_code", "indicator", "period", "group"], orient="row").with_columns(
        pl.lit(True).alias("_protect")
    )
    marked = agg.join(keys, on=["area_code", "indicator", "period", "group"], how="left")
    hit = pl.col("_protect").fill_null(False)
    return marked.with_columns(
        pl.when(hit).then(pl.lit("afgeschermd")).otherwise(pl.col("status")).alias("status"),
        *[pl.when(hit).then(None).otherwise(pl.col(c)).alias(c) for c in ("value", "lower", "upper", "numerator", "denominator")],
        pl.when(hit).then(pl.lit("afgeschermd om terugrekenen van een andere kern te voorkomen")).otherwise(pl.col("note")).alias("note"),
    ).drop("_protect")


# --- 4. comparison ------------------------------------------------------------------------------


def classify(polarity: str, direction: str) -> str:
    """'hoger'/'lager'/'vergelijkbaar'/'onbekend' -> the class shown, given the polarity."""
    if direction in ("vergelijkbaar", "onbekend") or polarity == "geen_oordeel":
        return direction
    if polarity == "hoog_gunstig":
        return "gunstiger" if direction == "hoger" else "ongunstiger"
    return "ongunstiger" if direction == "hoger" else "gunstiger"


def estimate_direction(value: float | None, benchmark: float | None, is_percentage: bool) -> str:
    """The stated rule for model estimates, which come without an interval (not a significance test)."""
    if value is None or benchmark is None:
        return "onbekend"
    diff = value - benchmark
    if is_percentage:
        threshold = SMALL_MIN_DIFF_PP if benchmark < SMALL_BENCHMARK_PCT else ESTIMATE_MIN_DIFF_PP
    else:
        threshold = abs(benchmark) * ESTIMATE_MIN_DIFF_REL
    if abs(diff) < threshold or diff == 0:
        return "vergelijkbaar"
    return "hoger" if diff > 0 else "lager"


def direction(
    value: float | None,
    lower: float | None,
    upper: float | None,
    numerator: float | None,
    denominator: float | None,
    benchmark: float | None,
    *,
    kind: str,
    model_estimate: bool,
    is_percentage: bool,
    multiplier: float,
) -> tuple[str, str]:
    """Direction of ``value`` against ``benchmark`` and the method used (a short Dutch name)."""
    if value is None or benchmark is None:
        return "onbekend", ""
    if kind == "count":
        return "onbekend", ""
    if lower is not None and upper is not None:
        if lower > benchmark:
            return "hoger", "betrouwbaarheidsinterval van de bron"
        if upper < benchmark:
            return "lager", "betrouwbaarheidsinterval van de bron"
        return "vergelijkbaar", "betrouwbaarheidsinterval van de bron"
    if numerator is not None and denominator and denominator > 0:
        if is_percentage and numerator <= denominator:
            return intervals.compare_proportion(numerator, denominator, benchmark / multiplier), "Wilson (95%)"
        if not is_percentage and multiplier > 1:
            expected = benchmark / multiplier * denominator
            if expected > 0:
                return intervals.compare_ratio(numerator, expected), "Byar (95%)"
    if model_estimate or kind in ("percentage", "mean", "score", "ratio"):
        return estimate_direction(value, benchmark, is_percentage), "vuistregel voor schattingen"
    return "onbekend", ""


def _directions(frame: pl.DataFrame, ref_col: str, catalogue: Catalogue, *, for_trend: bool) -> pl.DataFrame:
    """Add ``_dir`` (hoger/lager/vergelijkbaar/onbekend) and ``_method`` for ``value`` against ``ref_col``.

    Vectorised for the common cases (source intervals, the estimate rule); Wilson/Byar tests on
    counts go through :func:`direction` row by row, for the few rows that have them.
    """
    meta = catalogue_frame(catalogue).select("indicator", "kind", "polarity", "model_estimate", "is_percentage",
                                            "multiplier")
    f = frame.with_row_index("_i").join(meta, on="indicator", how="left")
    ref = pl.col(ref_col)
    mult = pl.when(pl.col("kind") == "ratio").then(pl.col("multiplier")).otherwise(100.0)
    usable = (pl.col("status") == "ok") & pl.col("value").is_not_null() & ref.is_not_null()
    if not for_trend:
        usable = usable & (pl.col("kind") != "count")
    has_ci = pl.col("lower").is_not_null() & pl.col("upper").is_not_null()
    has_counts = (pl.col("numerator").is_not_null() & (pl.col("denominator") > 0)
                  & ((pl.col("is_percentage") & (pl.col("numerator") <= pl.col("denominator")))
                     | (~pl.col("is_percentage") & (mult > 1))))
    threshold = (
        pl.when(pl.col("is_percentage") & (ref < SMALL_BENCHMARK_PCT)).then(SMALL_MIN_DIFF_PP)
        .when(pl.col("is_percentage")).then(ESTIMATE_MIN_DIFF_PP)
        .otherwise(ref.abs() * ESTIMATE_MIN_DIFF_REL)
    )
    diff = pl.col("value") - ref
    rule = (pl.when((diff.abs() < threshold) | (diff == 0)).then(pl.lit("vergelijkbaar"))
            .when(diff > 0).then(pl.lit("hoger")).otherwise(pl.lit("lager")))
    ci = (pl.when(pl.col("lower") > ref).then(pl.lit("hoger")).when(pl.col("upper") < ref).then(pl.lit("lager"))
          .otherwise(pl.lit("vergelijkbaar")))
    f = f.with_columns(
        pl.when(~usable).then(pl.lit("onbekend")).when(has_ci).then(ci).when(has_counts).then(pl.lit(None))
        .otherwise(rule).alias("_dir"),
        pl.when(~usable).then(pl.lit("")).when(has_ci).then(pl.lit("betrouwbaarheidsinterval van de bron"))
        .when(has_counts).then(pl.lit(None)).otherwise(pl.lit("vuistregel voor schattingen")).alias("_method"),
        mult.alias("_mult"),
    )
    todo = f.filter(pl.col("_dir").is_null())
    if todo.height:
        dirs, methods = [], []
        for value, num, den, r, kind, est, pct, m in todo.select(
            "value", "numerator", "denominator", ref_col, "kind", "model_estimate", "is_percentage", "_mult"
        ).iter_rows():
            d, method = direction(value, None, None, num, den, r, kind="percentage" if kind == "count" else kind,
                                  model_estimate=est or kind == "count", is_percentage=pct, multiplier=m)
            dirs.append(d)
            methods.append(method)
        fixed = todo.select("_i").with_columns(pl.Series("_d2", dirs, dtype=pl.Utf8), pl.Series("_m2", methods, dtype=pl.Utf8))
        f = f.join(fixed, on="_i", how="left").with_columns(
            pl.coalesce("_dir", "_d2").alias("_dir"), pl.coalesce("_method", "_m2").alias("_method")
        ).drop("_d2", "_m2")
    return f.sort("_i").drop("_i", "kind", "model_estimate", "is_percentage", "multiplier", "_mult")


def _class_expr() -> pl.Expr:
    d, pol = pl.col("_dir"), pl.col("polarity")
    return (
        pl.when(d.is_in(["vergelijkbaar", "onbekend"]) | (pol == "geen_oordeel")).then(d)
        .when(pol == "hoog_gunstig").then(pl.when(d == "hoger").then(pl.lit("gunstiger")).otherwise(pl.lit("ongunstiger")))
        .otherwise(pl.when(d == "hoger").then(pl.lit("ongunstiger")).otherwise(pl.lit("gunstiger")))
    )


def compare(values: pl.DataFrame, references: pl.DataFrame, catalogue: Catalogue, *, suffix: str) -> pl.DataFrame:
    """Add ``{suffix}_value``, ``comparison_{suffix}`` and ``method_{suffix}`` columns.

    ``references``: ``area_code, ref_code`` (which benchmark area each area is compared with),
    and the benchmark values are looked up in ``values`` itself (benchmarks are areas too).
    """
    bench = values.filter(pl.col("status") == "ok").select(
        pl.col("area_code").alias("ref_code"), "indicator", "period", "group", pl.col("value").alias(f"{suffix}_value")
    )
    joined = values.join(references, on="area_code", how="left").join(
        bench, on=["ref_code", "indicator", "period", "group"], how="left"
    ).drop("ref_code")
    f = _directions(joined, f"{suffix}_value", catalogue, for_trend=False)
    return f.with_columns(_class_expr().alias(f"comparison_{suffix}"), pl.col("_method").alias(f"method_{suffix}")).drop(
        "_dir", "_method", "polarity")


# --- 5. trend -----------------------------------------------------------------------------------


def trend(values: pl.DataFrame, catalogue: Catalogue) -> pl.DataFrame:
    """Add ``previous_period``, ``previous_value`` and ``trend`` per area, indicator and group.

    The previous period is the latest earlier period with a value. A change is only claimed when
    both periods use the same boundaries (``boundaries`` column: the indeling year of the source)
    and the difference passes the same test as a comparison; otherwise ``niet vergelijkbaar`` or
    ``gelijk gebleven``.
    """
    keys = ["area_code", "indicator", "group"]
    ok = values.filter(pl.col("status") == "ok").select(
        *keys, pl.col("period").alias("previous_period"), pl.col("value").alias("previous_value"),
        pl.col("boundaries").alias("previous_boundaries"),
    )
    base = values.select(*keys, "period").unique()
    pairs = base.join(ok, on=keys, how="inner").filter(
        pl.col("previous_period").cast(pl.Int32) < pl.col("period").cast(pl.Int32)
    )
    latest = pairs.sort("previous_period").group_by(*keys, "period").last()
    f = values.join(latest, on=[*keys, "period"], how="left")
    f = _directions(f, "previous_value", catalogue, for_trend=True)
    t = (
        pl.when((pl.col("status") != "ok") | pl.col("previous_value").is_null()).then(pl.lit(""))
        .when(pl.col("boundaries").is_null() | (pl.col("boundaries") != pl.col("previous_boundaries")))
        .then(pl.lit("niet vergelijkbaar"))
        .when(pl.col("_dir") == "hoger").then(pl.lit("gestegen"))
        .when(pl.col("_dir") == "lager").then(pl.lit("gedaald"))
        .otherwise(pl.lit("gelijk gebleven"))
    )
    return f.with_columns(t.alias("trend")).drop("_dir", "_method", "polarity", "previous_boundaries")


# --- 6. accumulation ----------------------------------------------------------------------------


def accumulation(compared: pl.DataFrame, catalogue: Catalogue, *, period: str, group_default: bool = True) -> pl.DataFrame:
    """Where problems pile up ("stapeling").

    Per area: the indicators on which it is ``ongunstiger`` than its gemeente in ``period``
    (each indicator in its default population group), how many themes they span, and a rank
    (most unfavourable indicators first, then most themes, then code).
    """
    default_group = {i.id: i.groups[0] for i in catalogue.indicators}
    theme_of = {i.id: i.theme for i in catalogue.indicators}
    frame = compared.filter(pl.col("period") == period)
    if group_default:
        frame = frame.filter(
            pl.struct("indicator", "group").map_elements(
                lambda s: default_group.get(s["indicator"]) == s["group"], return_dtype=pl.Boolean
            )
        )
    bad = frame.filter(pl.col("comparison_gemeente") == "ongunstiger").with_columns(
        pl.col("indicator").replace_strict(theme_of, default=None).alias("theme")
    )
    judged = frame.filter(pl.col("comparison_gemeente").is_in(["gunstiger", "vergelijkbaar", "ongunstiger"]))
    n_judged = judged.group_by("area_code").agg(pl.len().alias("n_judged"))
    out = (
        bad.group_by("area_code")
        .agg(
            pl.len().alias("n_unfavourable"),
            pl.col("theme").n_unique().alias("n_themes"),
            pl.col("indicator").sort().alias("indicators"),
        )
        .join(n_judged, on="area_code", how="full", coalesce=True)
        .with_columns(pl.col("n_unfavourable").fill_null(0), pl.col("n_themes").fill_null(0),
                      pl.col("indicators").fill_null([]))
        .sort(["n_unfavourable", "n_themes", "area_code"], descending=[True, True, False])
    )
    return out.with_columns(pl.int_range(1, out.height + 1).alias("rank"))


# --- boundary changes ---------------------------------------------------------------------------


def boundary_changes(obs: pl.DataFrame) -> pl.DataFrame:
    """Per series, between consecutive periods: which wijk/buurt codes appeared or disappeared,
    and whether the tables declare another indeling. A trend is only claimed where neither is so.

    Returns ``series, from_period, to_period, from_boundaries, to_boundaries, added, removed``.
    """
    sub = obs.filter(pl.col("area_code").str.starts_with("WK") | pl.col("area_code").str.starts_with("BU"))
    rows = []
    for (series,), frame in sub.group_by("series"):
        per = frame.group_by("period").agg(pl.col("area_code").unique(), pl.col("boundaries").first()).sort("period")
        items = per.to_dicts()
        for a, b in zip(items, items[1:], strict=False):
            added, removed = set(), set()
            for prefix in ("WK", "BU"):  # compare a level only where both periods publish it
                old = {c for c in a["area_code"] if c.startswith(prefix)}
                new = {c for c in b["area_code"] if c.startswith(prefix)}
                if old and new:
                    added |= new - old
                    removed |= old - new
            rows.append({
                "series": series, "from_period": a["period"], "to_period": b["period"],
                "from_boundaries": a["boundaries"], "to_boundaries": b["boundaries"],
                "added": sorted(added), "removed": sorted(removed),
            })
    schema = {"series": pl.Utf8, "from_period": pl.Utf8, "to_period": pl.Utf8, "from_boundaries": pl.Utf8,
              "to_boundaries": pl.Utf8, "added": pl.List(pl.Utf8), "removed": pl.List(pl.Utf8)}
    return pl.DataFrame(rows, schema=schema).sort(["series", "from_period"])
