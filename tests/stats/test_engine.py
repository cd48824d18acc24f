"""The engine's pure functions on tiny inline frames (after PUDL's habit), plus property tests."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kernfoto.stats import engine
from kernfoto.stats.catalogue import Catalogue, Indicator, Theme, load_tables


def ind(id, kind, aggregation, **kw) -> Indicator:
    base = dict(id=id, label=id, sentence_subject=id, definition=id, theme="t", unit="%", decimals=1,
                polarity="laag_gunstig", kind=kind, series="test", aggregation=aggregation, min_base=0,
                model_estimate=False, groups=("totaal",), key_indicator=True)
    base.update(kw)
    return Indicator(**base)


CAT = Catalogue(
    themes=(Theme("t", "T", ""),),
    indicators=(
        ind("pct", "percentage", "weighted_mean", key="Pct", weight="Inw", model_estimate=True),
        ind("cnt", "count", "sum", key="Inw", unit="aantal", polarity="geen_oordeel"),
        ind("share", "ratio", "ratio_of_sums", numerator="Old", denominator="Inw", multiplier=100.0, min_base=50),
    ),
    tables=load_tables(),
)


def obs(rows):
    return pl.DataFrame(
        [dict(area_code=a, series="test", period="2020", group="totaal", source_key=k, value=v, lower=None, upper=None,
              status=s, boundaries="2020") for a, k, v, s in rows],
        schema=engine.OBS_SCHEMA,
    )


def run(rows, members, partitions=None):
    o = obs(rows)
    values = engine.indicator_values(o, CAT)
    weights = engine.weight_table(o, ["Inw"], pl.DataFrame(schema={"area_code": pl.Utf8, "parent_code": pl.Utf8}))
    m = pl.DataFrame([(t, c) for t, cs in members.items() for c in cs], schema=["target_code", "member_code"], orient="row")
    agg = engine.aggregate(values, m, weights, CAT)
    if partitions:
        agg = engine.protect_complements(agg, partitions, CAT)
    return {(r["area_code"], r["indicator"]): r for r in agg.to_dicts()}


BASE = [
    ("B1", "Inw", 100, "ok"), ("B1", "Pct", 10.0, "ok"), ("B1", "Old", 20, "ok"),
    ("B2", "Inw", 300, "ok"), ("B2", "Pct", 30.0, "ok"), ("B2", "Old", 30, "ok"),
]


def test_percentage_is_weighted_by_its_base_not_an_unweighted_mean():
    r = run(BASE, {"K": ["B1", "B2"]})
    assert r[("K", "pct")]["value"] == pytest.approx((100 * 10 + 300 * 30) / 400)  # 25, not 20
    assert r[("K", "pct")]["coverage"] == 1.0


def test_counts_add_up_and_ratio_is_ratio_of_sums():
    r = run(BASE, {"K": ["B1", "B2"]})
    assert r[("K", "cnt")]["value"] == 400
    assert r[("K", "share")]["value"] == pytest.approx(50 / 400 * 100)
    assert (r[("K", "share")]["numerator"], r[("K", "share")]["denominator"]) == (50, 400)


def test_a_kern_of_one_buurt_equals_that_buurt():
    r = run(BASE, {"K": ["B2"]})
    assert r[("K", "pct")]["value"] == 30.0
    assert r[("K", "cnt")]["value"] == 300


def test_coverage_reported_when_a_buurt_lacks_a_value():
    rows = BASE + [("B3", "Inw", 100, "ok"), ("B3", "Pct", None, "ontbreekt")]
    r = run(rows, {"K": ["B1", "B2", "B3"]})
    assert r[("K", "pct")]["value"] == pytest.approx(25.0)
    assert r[("K", "pct")]["coverage"] == pytest.approx(400 / 500)


def test_missing_weight_means_no_figure_and_says_why():
    rows = BASE + [("B3", "Pct", 50.0, "ok")]  # no inhabitants known for B3
    r = run(rows, {"K": ["B1", "B2", "B3"]})
    assert r[("K", "pct")]["status"] == "ontbreekt"
    assert r[("K", "pct")]["value"] is None
    assert "gewicht" in r[("K", "pct")]["note"] and "B3" in r[("K", "pct")]["note"]


def test_secret_buurt_count_is_never_revealed_by_the_kern_total():
    rows = BASE + [("B3", "Inw", None, "geheim")]
    r = run(rows, {"K": ["B1", "B2", "B3"]})
    assert r[("K", "cnt")]["status"] == "afgeschermd"
    assert r[("K", "cnt")]["value"] is None


def test_small_base_is_protected_and_its_complement_too():
    rows = BASE + [("B3", "Inw", 40, "ok"), ("B3", "Old", 4, "ok"), ("B4", "Inw", 500, "ok"), ("B4", "Old", 50, "ok")]
    members = {"K1": ["B3"], "K2": ["B1"], "K3": ["B2", "B4"]}
    plain = run(rows, members)
    assert plain[("K1", "share")]["status"] == "afgeschermd"  # 40 < min_base 50
    assert plain[("K2", "share")]["status"] == "ok"
    protected = run(rows, members, partitions={"GM": ["K1", "K2", "K3"]})
    # gemeente minus K2 minus K3 would give K1: the smallest published kern (K2, base 100) is protected too
    assert protected[("K2", "share")]["status"] == "afgeschermd"
    assert protected[("K3", "share")]["status"] == "ok"


def test_estimate_rule_is_stated_not_a_test():
    assert engine.estimate_direction(14.0, 9.0, True) == "hoger"
    assert engine.estimate_direction(80.9, 79.5, True) == "vergelijkbaar"  # 1.4 points < 2
    assert engine.estimate_direction(5.5, 4.2, True) == "hoger"  # small benchmark: 1 point suffices
    assert engine.classify("laag_gunstig", "hoger") == "ongunstiger"
    assert engine.classify("hoog_gunstig", "hoger") == "gunstiger"
    assert engine.classify("geen_oordeel", "lager") == "lager"


def test_wilson_comparison_against_benchmark_hand_computed():
    # 30 of 100 against 20%: Wilson 95% interval (0.2189, 0.3958) excludes 0.20 -> hoger
    d, method = engine.direction(30.0, None, None, 30, 100, 20.0, kind="ratio", model_estimate=False,
                                 is_percentage=True, multiplier=100)
    assert (d, method) == ("hoger", "Wilson (95%)")
    # 25 of 100 against 20%: interval (0.1755, 0.3437) contains 0.20 -> vergelijkbaar
    d, _ = engine.direction(25.0, None, None, 25, 100, 20.0, kind="ratio", model_estimate=False, is_percentage=True,
                            multiplier=100)
    assert d == "vergelijkbaar"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5000), st.floats(0, 100, allow_nan=False), st.integers(0, 100)),
                min_size=1, max_size=12), st.randoms())
def test_aggregation_does_not_depend_on_row_order(buurten, rnd):
    rows = []
    for n, (inw, pct, old) in enumerate(buurten):
        code = f"B{n}"
        rows += [(code, "Inw", inw, "ok"), (code, "Pct", pct, "ok"), (code, "Old", min(old, inw), "ok")]
    members = {"K": [f"B{n}" for n in range(len(buurten))]}
    first = run(rows, members)
    shuffled = rows[:]
    rnd.shuffle(shuffled)
    second = run(shuffled, {"K": list(reversed(members["K"]))})
    for key, r in first.items():
        a, b = r["value"], second[key]["value"]
        assert (a is None and b is None) or a == pytest.approx(b, rel=1e-12, abs=1e-9)
        assert r["status"] == second[key]["status"]


def test_trend_only_on_same_boundaries():
    v = pl.DataFrame(
        [dict(area_code="A", indicator="pct", period=p, group="totaal", value=val, status="ok", boundaries=b)
         for p, val, b in (("2016", 10.0, "2020"), ("2020", 15.0, "2020"), ("2024", 30.0, "2024"))]
    )
    v = engine._conform(v)
    t = {r["period"]: r for r in engine.trend(v, CAT).to_dicts()}
    assert t["2016"]["trend"] == ""
    assert (t["2020"]["trend"], t["2020"]["previous_period"]) == ("gestegen", "2016")
    assert t["2024"]["trend"] == "niet vergelijkbaar"


def test_boundary_changes_are_detected():
    rows = []
    for period, codes, b in (("2016", ["BU1", "BU2"], "2016"), ("2020", ["BU1", "BU2"], "2020"),
                             ("2024", ["BU1", "BU3"], "2024")):
        rows += [dict(area_code=c, series="s", period=period, group="totaal", source_key="k", value=1.0, lower=None,
                      upper=None, status="ok", boundaries=b) for c in codes]
    changes = engine.boundary_changes(pl.DataFrame(rows, schema=engine.OBS_SCHEMA)).to_dicts()
    assert [(c["from_period"], c["to_period"], c["added"], c["removed"]) for c in changes] == [
        ("2016", "2020", [], []), ("2020", "2024", ["BU3"], ["BU2"])]
    assert changes[0]["from_boundaries"] != changes[0]["to_boundaries"]
