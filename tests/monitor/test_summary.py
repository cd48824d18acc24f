"""The summary of the Sociale Monitor: its findings, their order and their wording.

On the real sample the first finding is recomputed here independently from ``results_for`` (the engine's
comparison classes and trends, nothing from the monitor package); the rules are also checked on small
constructed frames (a change on other boundaries, a count, two age groups of one indicator).
"""

from __future__ import annotations

import polars as pl
import pytest
from monitor_helpers import GM, PERIOD

from kernfoto.monitor.build import SUMMARY_MAX, change_sentence, paragraphs, summary_findings
from kernfoto.profiles.build import figure_from_row
from kernfoto.stats.catalogue import catalogue

# the session's report and results need the test database (pytest-django sets it up only for marked tests)
pytestmark = pytest.mark.django_db

SIGNIFICANT = ("gunstiger", "ongunstiger", "hoger", "lager")


def _candidates(results: pl.DataFrame) -> list[tuple[float, str, str, str]]:
    """(score, kind, indicator, group) of every clear difference with Nederland and every change, from the
    engine's output alone: the documented score |value - reference| / |reference|."""
    cat = catalogue()
    rows = results.filter((pl.col("area_code") == GM) & (pl.col("period") == PERIOD) & (pl.col("status") == "ok"))
    out = []
    for r in rows.iter_rows(named=True):
        if cat.indicator(r["indicator"]).kind == "count":
            continue
        if r["comparison_nl"] in SIGNIFICANT:
            out.append((abs(r["value"] - r["nl_value"]) / abs(r["nl_value"]), "nederland", r["indicator"], r["group"]))
        if r["trend"] in ("gestegen", "gedaald"):
            out.append((abs(r["value"] - r["previous_value"]) / abs(r["previous_value"]), "verandering",
                        r["indicator"], r["group"]))
    return out


def test_first_finding_is_the_largest_difference_recomputed_from_the_engine(sample_results, sample_report):
    best = max(_candidates(sample_results))
    first = sample_report.summary[0]
    assert (first.kind, first.indicator, first.group) == best[1:]
    assert first.score == pytest.approx(best[0])
    # on the sample: emotional loneliness of adults rose from 19.5% (2016) to 25.6% (2020)
    assert (first.indicator, first.group, first.value, first.reference) == ("emotioneel_eenzaam_pct", "18+", 25.6, 19.5)
    assert first.text == "Meer emotioneel eenzame inwoners (26%) dan in 2016 (20%)."
    assert first.judgement == "ongunstiger"


def test_first_difference_with_nederland_is_the_largest_one(sample_results, sample_report):
    best = max(c for c in _candidates(sample_results) if c[1] == "nederland")
    first = next(f for f in sample_report.summary if f.kind == "nederland")
    assert (first.indicator, first.group) == best[2:]
    row = sample_results.filter((pl.col("area_code") == GM) & (pl.col("period") == PERIOD)
                                & (pl.col("indicator") == first.indicator) & (pl.col("group") == first.group)).row(0, named=True)
    assert (first.value, first.reference) == (row["value"], row["nl_value"])
    assert first.reference_label == "Nederland" and "dan gemiddeld in Nederland" in first.text


def test_summary_is_ordered_by_score_and_has_five_to_ten_findings(sample_results, sample_report):
    summary = sample_report.summary
    assert 5 <= len(summary) <= SUMMARY_MAX
    assert [f.score for f in summary] == sorted((f.score for f in summary), reverse=True)
    assert len({(f.indicator, f.kind) for f in summary}) == len(summary)  # one line per indicator and kind
    # the summary is the top of the candidates, one group per indicator and kind
    per_key: dict[tuple[str, str], float] = {}
    for score, kind, ind, _group in _candidates(sample_results):
        per_key[(ind, kind)] = max(score, per_key.get((ind, kind), 0))
    expected = sorted(per_key.values(), reverse=True)[:SUMMARY_MAX]
    assert [f.score for f in summary] == pytest.approx(expected)
    assert sample_report.summary_note == ""  # at least five findings
    assert "Maarssenbroek (12 indicatoren in 5 thema’s)" in sample_report.summary_accumulation


def test_changes_are_only_claimed_where_the_engine_says_comparable(sample_results, sample_report):
    changes = [f for f in sample_report.summary if f.kind == "verandering"]
    assert changes
    for f in changes:
        row = sample_results.filter((pl.col("area_code") == GM) & (pl.col("period") == PERIOD)
                                    & (pl.col("indicator") == f.indicator) & (pl.col("group") == f.group)).row(0, named=True)
        assert row["trend"] in ("gestegen", "gedaald")
        assert f.reference_label == row["previous_period"] == "2016"


# ------------------------------------------------------------------------------------------------- constructed


def _row(indicator: str, value: float, *, group: str = "18+", nl: float | None = None, comparison_nl: str = "onbekend",
         previous: float | None = None, trend: str = "", period: str = "2020") -> dict:
    return {"area_code": "GM0001", "indicator": indicator, "period": period, "group": group, "value": value,
            "lower": None, "upper": None, "status": "ok", "coverage": 1.0, "weight_note": "", "note": "",
            "gemeente_value": None, "nl_value": nl, "comparison_gemeente": "onbekend", "comparison_nl": comparison_nl,
            "method_nl": "vuistregel voor schattingen", "previous_period": "2016" if previous is not None else None,
            "previous_value": previous, "trend": trend}


def test_the_rules_on_a_constructed_frame():
    frame = pl.DataFrame([
        _row("roker_pct", 20.0, nl=15.0, comparison_nl="ongunstiger"),  # score 1/3
        _row("eenzaam_pct", 45.0, nl=44.5, comparison_nl="vergelijkbaar", previous=30.0,
             trend="niet vergelijkbaar"),  # a 50% change, but on other boundaries: no finding
        _row("inwoners_aantal", 9000.0, group="totaal", nl=17e6, previous=8000.0, trend="gestegen"),  # a count
        _row("moeite_met_rondkomen_pct", 14.0, nl=12.0, comparison_nl="ongunstiger", previous=17.5, trend="gedaald"),
        _row("moeite_met_rondkomen_pct", 9.0, group="65+", nl=6.0, comparison_nl="ongunstiger"),  # score 0.5
    ], infer_schema_length=None)
    found = summary_findings(frame, catalogue(), "GM0001", "2020")
    assert [(f.kind, f.indicator, f.group) for f in found] == [
        ("nederland", "moeite_met_rondkomen_pct", "65+"),  # 3 points on 6: 0.5 (the 18+ row, 2/12, is dropped)
        ("nederland", "roker_pct", "18+"),  # 5/15
        ("verandering", "moeite_met_rondkomen_pct", "18+"),  # 3.5/17.5 = 0.2
    ]
    assert [round(f.score, 4) for f in found] == [0.5, 0.3333, 0.2]
    assert found[0].text == "Meer 65-plussers met moeite met rondkomen (9%) dan gemiddeld in Nederland (6%)."
    assert found[1].text == "Meer rokers (20%) dan gemiddeld in Nederland (15%)."
    assert found[2].text == "Minder inwoners met moeite met rondkomen (14%) dan in 2016 (18%)."
    assert found[2].judgement == "gunstiger"  # less difficulty making ends meet is favourable


def test_a_group_whose_subject_is_no_inwoners_is_named_after_it():
    frame = pl.DataFrame([_row("roker_pct", 12.0, group="65+", nl=9.0, comparison_nl="ongunstiger")],
                         infer_schema_length=None)
    [found] = summary_findings(frame, catalogue(), "GM0001", "2020")
    assert found.text == "Meer rokers onder de 65-plussers (12%) dan gemiddeld in Nederland (9%)."


def test_change_sentence_and_paragraphs():
    cat = catalogue()
    ind = cat.indicator("gemiddelde_woz_waarde_eur1000")
    fig = figure_from_row(ind, _row(ind.id, 412.0, group="totaal", previous=350.0, trend="gestegen"), "2020")
    assert change_sentence(fig, ind) == "Hogere gemiddelde WOZ-waarde van woningen (412) dan in 2016 (350)."
    assert paragraphs("  Eerste regel\r\ndoorlopend.\r\n\r\n\r\nTweede alinea.  \n") == (
        "Eerste regel doorlopend.", "Tweede alinea.")
    assert paragraphs("") == ()
