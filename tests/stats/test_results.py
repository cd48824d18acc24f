"""The engine on the real sample, each figure recomputed independently from the shipped files."""

from __future__ import annotations

import csv
import io
import json

import polars as pl
import pytest
from click.testing import CliRunner

from kernfoto.cli import main
from kernfoto.demo import DATA
from kernfoto.stats import engine
from kernfoto.stats.catalogue import catalogue
from kernfoto.stats.export import EXPORT_COLUMNS, export_table, write_frame

SAMPLE = DATA / "sample"


def source_values(file: str, column: str) -> dict[str, float | None]:
    with (SAMPLE / file).open(encoding="utf-8") as fh:
        out = {}
        for row in csv.DictReader(fh):
            raw = row[column].strip()
            out[row["Codering_3"].strip()] = float(raw) if raw not in ("", ".") else None
        return out


def weights_2022() -> dict[str, float]:
    with (SAMPLE / "kwb_2022_buurt_GM1904_stichtse_vecht.csv").open(encoding="utf-8") as fh:
        return {r["buurt_code"]: float(r["aantal_inwoners"]) for r in csv.DictReader(fh)}


def row(results, area, indicator, period="2020", group="18+"):
    sel = results.filter((pl.col("area_code") == area) & (pl.col("indicator") == indicator)
                         & (pl.col("period") == period) & (pl.col("group") == group))
    assert sel.height == 1, (area, indicator, period, group, sel.height)
    return sel.row(0, named=True)


def test_kern_of_buurten_is_weighted_by_inhabitants(sample_results):
    values = source_values("rivm_50090NED_gezondheid_2020_18plus_GM1904.csv", "MoeiteMetRondkomen_38")
    w = weights_2022()
    members = [f"BU190401{n:02d}" for n in range(3, 20)]
    with_value = [b for b in members if values[b] is not None]
    expected = sum(w[b] * values[b] for b in with_value) / sum(w[b] for b in with_value)
    r = row(sample_results, "maarssen-dorp", "moeite_met_rondkomen_pct")
    assert r["value"] == pytest.approx(expected, rel=1e-12)
    unweighted = sum(values[b] for b in with_value) / len(with_value)
    assert abs(r["value"] - unweighted) > 0.01  # the unweighted mean would be another figure
    assert r["coverage"] == pytest.approx(sum(w[b] for b in with_value) / sum(w[b] for b in members))
    assert "aantal inwoners (CBS KWB 2022" in r["weight_note"]


def test_kern_of_one_wijk_equals_the_wijk(sample_results):
    for ind in ("moeite_met_rondkomen_pct", "eenzaam_pct", "ervaren_gezondheid_goed_pct"):
        assert row(sample_results, "breukelen", ind)["value"] == row(sample_results, "WK190402", ind)["value"]


def test_65plus_of_a_kern_of_buurten_needs_a_65plus_weight(sample_results):
    r = row(sample_results, "maarssen-dorp", "moeite_met_rondkomen_pct", group="65+")
    assert r["status"] == "ontbreekt" and r["value"] is None
    assert "65-plussers" in r["note"] and "niet berekend" in r["note"]


def test_comparison_with_nederland_matches_hand_computation(sample_results):
    # Maarssenbroek, moeite met rondkomen 2020 (18+): a model estimate, so the stated rule applies:
    # a difference of at least 2 percentage points (benchmark >= 10%) counts; lower is favourable.
    wk = source_values("rivm_50090NED_gezondheid_2020_18plus_GM1904.csv", "MoeiteMetRondkomen_38")
    value, nl, gm = wk["WK190412"], wk["NL01"], wk["GM1904"]
    assert (value, nl, gm) == (13.5, 13.9, 11.5)
    r = row(sample_results, "WK190412", "moeite_met_rondkomen_pct")
    assert (r["nl_value"], r["gemeente_value"]) == (nl, gm)
    assert r["comparison_nl"] == "vergelijkbaar"  # |13.5 - 13.9| = 0.4 < 2
    assert r["comparison_gemeente"] == "ongunstiger"  # 13.5 - 11.5 = 2.0 >= 2, and higher is worse
    assert r["method_gemeente"] == "vuistregel voor schattingen"


def test_ratio_is_compared_with_wilson(sample_results):
    # share of 65+ in the gemeente against Nederland, KWB 2019 (counts): Wilson 95%
    r = row(sample_results, "GM1904", "aandeel_65_plus_pct", period="2019", group="totaal")
    assert r["method_nl"] == "Wilson (95%)"
    from kernfoto.stats import intervals

    lo, hi = intervals.wilson(r["numerator"], r["denominator"])
    expected = "hoger" if lo * 100 > r["nl_value"] else "lager" if hi * 100 < r["nl_value"] else "vergelijkbaar"
    assert r["comparison_nl"] == expected


def test_nederland_derived_from_all_gemeenten_where_the_table_has_no_nl_row(sample_results):
    with (SAMPLE / "kwb_2024_85984NED_gemeente_wijk_GM1904.csv").open(encoding="utf-8") as fh:
        total = sum(float(r["AantalInwoners_5"]) for r in csv.DictReader(fh) if r["code"].startswith("GM"))
    r = row(sample_results, "NL01", "inwoners_aantal", period="2024", group="totaal")
    assert r["value"] == total
    assert "alle gemeenten" in r["note"]


def test_trend_same_boundaries_and_not_comparable(sample_results):
    r = row(sample_results, "WK190401", "moeite_met_rondkomen_pct")
    assert r["previous_period"] == "2016"
    assert r["trend"] in ("gestegen", "gedaald", "gelijk gebleven")
    r = row(sample_results, "GM1904", "inwoners_aantal", period="2024", group="totaal")
    assert r["previous_period"] in ("2019", "2022")
    assert r["trend"] == "niet vergelijkbaar"  # KWB 2019/2022 and 2024 use other indelingen


def test_accumulation_ranks_kernen(sample_results):
    kern = sample_results.filter(pl.col("area_level") == "kern")
    acc = engine.accumulation(kern, catalogue(), period="2020")
    assert acc.height == 13
    top = acc.row(0, named=True)
    # recomputed: number of default-group indicators on which each kern is less favourable than the gemeente
    counts = {}
    default = {i.id: i.groups[0] for i in catalogue().indicators}
    for r in kern.filter(pl.col("period") == "2020").iter_rows(named=True):
        if default[r["indicator"]] == r["group"] and r["comparison_gemeente"] == "ongunstiger":
            counts[r["area_code"]] = counts.get(r["area_code"], 0) + 1
    assert top["area_code"] == max(counts, key=counts.get)
    assert top["n_unfavourable"] == max(counts.values())
    assert list(acc["rank"]) == list(range(1, 14))


def test_export_is_tidy_sorted_and_byte_identical(sample):
    first = write_frame(export_table("GM1904"), "csv")
    second = write_frame(export_table("GM1904"), "csv")
    assert first == second
    frame = pl.read_csv(io.BytesIO(first), infer_schema_length=0)
    assert frame.columns == EXPORT_COLUMNS
    for col in ("area_code", "area_name", "area_level", "period", "group", "indicator", "source_table", "source_key",
                "value", "status", "coverage", "gemeente_value", "nl_value", "comparison_gemeente", "comparison_nl"):
        assert col in frame.columns
    assert set(frame["status"].unique()) <= {"ok", "geheim", "afgeschermd", "ontbreekt"}
    assert set(frame["area_level"].unique()) == {"land", "gemeente", "kern", "wijk", "buurt"}
    cell = frame.filter((pl.col("area_code") == "WK190401") & (pl.col("indicator") == "ervaren_gezondheid_goed_pct")
                        & (pl.col("period") == "2020") & (pl.col("group") == "18+"))
    assert cell["value"][0] == "81.4" and cell["source_table"][0] == "50090NED"
    assert cell["source_key"][0] == "ErvarenGezondheidGoedZeerGoed"
    # a secret source value stays secret in the export
    assert frame.filter(pl.col("status") == "geheim")["value"].null_count() == frame.filter(pl.col("status") == "geheim").height
    assert write_frame(export_table("GM1904"), "xlsx") == write_frame(export_table("GM1904"), "xlsx")
    rows = json.loads(write_frame(export_table("GM1904"), "json"))
    assert rows[0]["area_level"] == "land"


def test_indicators_command(sample):
    result = CliRunner().invoke(main, ["indicators", "--area", "Maarssen-dorp", "--period", "2020", "--format", "csv"])
    assert result.exit_code == 0, result.output
    frame = pl.read_csv(io.StringIO(result.output), infer_schema_length=0)
    assert set(frame["area_code"]) == {"maarssen-dorp"}
    assert "moeite_met_rondkomen_pct" in set(frame["indicator"])
    result = CliRunner().invoke(main, ["indicators", "--area", "Atlantis", "--period", "2020"])
    assert result.exit_code == 1
    assert "niet bekend" in result.output


def test_the_shipped_kernen_partition_the_gemeente(sample):
    from kernfoto.stats.pipeline import load_inputs

    inputs = load_inputs("GM1904")
    assert sorted(inputs.partitions["GM1904"]) == sorted(inputs.members["target_code"].unique().to_list())
    assert len(inputs.partitions["GM1904"]) == 13
