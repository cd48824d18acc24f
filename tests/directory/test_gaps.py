"""The gap rule: classification (pure, constructed cases), need (constructed and from the real sample results)."""

from __future__ import annotations

import itertools
import math

import polars as pl
import pytest

from kernfoto.directory import gaps
from kernfoto.directory.gaps import NeedFigure, assess_need, classify
from kernfoto.stats.catalogue import catalogue

# ------------------------------------------------------------------------------------------ classification


@pytest.mark.parametrize(("need", "offer", "expected", "label"), [
    ("hoog", 0, "hoge_nood_geen_aanbod", "hoge nood, geen aanbod"),
    ("hoog", 1, "hoge_nood_weinig_aanbod", "hoge nood, weinig aanbod"),
    ("hoog", 2, "nood_gedekt", "nood, wel aanbod"),
    ("hoog", 40, "nood_gedekt", "nood, wel aanbod"),
    ("verhoogd", 0, "verhoogde_nood_geen_aanbod", "verhoogde nood, geen aanbod"),
    ("verhoogd", 1, "nood_gedekt", "nood, wel aanbod"),
    ("geen", 0, "geen_verhoogde_nood", "geen verhoogde nood"),
    ("geen", 7, "geen_verhoogde_nood", "geen verhoogde nood"),
    ("onbekend", 0, "onbekend", "nood onbekend"),
    ("onbekend", 3, "onbekend", "nood onbekend"),
])
def test_classification_of_constructed_cases(need, offer, expected, label):
    cls = classify(need, offer)
    assert (cls.id, cls.label) == (expected, label)
    assert cls.is_gap == (expected in ("hoge_nood_geen_aanbod", "hoge_nood_weinig_aanbod",
                                       "verhoogde_nood_geen_aanbod"))


def test_the_table_gives_every_need_and_offer_exactly_one_class():
    for need, offer in itertools.product(gaps.NEED_LEVELS, range(0, 12)):
        matching = [c.id for c in gaps.CLASSES if c.matches(need, offer)]
        assert len(matching) == 1, (need, offer, matching)
    assert len({c.id for c in gaps.CLASSES}) == len(gaps.CLASSES)
    for cls in gaps.CLASSES:  # every class is reachable and explained in Dutch
        assert cls.explanation and cls.label == cls.label.lower()
        assert any(cls.matches(c.need, c.min_offer) for c in cls.cases)


def test_classify_refuses_unknown_input():
    with pytest.raises(ValueError, match="onbekend nood-niveau"):
        classify("heel hoog", 0)
    with pytest.raises(ValueError, match="negatief"):
        classify("hoog", -1)


def test_case_texts_for_the_explanation_page():
    assert [gaps.case_text(c) for c in gaps.gap_class("nood_gedekt").cases] == [
        "hoge nood en 2 of meer aanbod", "verhoogde nood en 1 of meer aanbod"]
    assert gaps.case_text(gaps.gap_class("hoge_nood_weinig_aanbod").cases[0]) == "hoge nood en 1 aanbod"
    assert gaps.case_text(gaps.gap_class("onbekend").cases[0]) == "nood onbekend en elk aantal aanbod"


# ------------------------------------------------------------------------------------------ need (constructed)


def fig(indicator: str, gap: float, residents: int | None = None) -> NeedFigure:
    return NeedFigure(indicator=indicator, label=indicator.capitalize(), display="10%", gemeente_display="8%",
                      period="2020", other_period=False, residents=residents, gap=gap)


def test_need_levels_of_constructed_cases():
    assert assess_need([], 0).level == "onbekend"
    assert assess_need([], 5).level == "geen"
    assert assess_need([fig("a", 0.2, 50)], 6).level == "verhoogd"
    assert assess_need([fig("a", 0.2, 999)], 6).level == "verhoogd"
    assert assess_need([fig("a", 0.2, 1000)], 6).level == "hoog"  # many residents concerned
    assert assess_need([fig("a", 0.2), fig("b", 0.1)], 6).level == "hoog"  # 2 of 6: a third
    assert assess_need([fig("a", 0.2), fig("b", 0.1)], 7).level == "verhoogd"  # 2 of 7: less than a third
    assert assess_need([fig("a", 0.2)], 1).level == "verhoogd"  # one indicator is never "many"
    need = assess_need([fig("small", 0.1, 40), fig("large", 0.3, 30)], 13)
    assert [f.indicator for f in need.figures] == ["large", "small"]  # largest difference first
    assert need.residents.indicator == "small"  # the figure that concerns the most residents


def test_residents_estimate():
    cat = catalogue()
    rondkomen = cat.indicator("moeite_met_rondkomen_pct")
    assert gaps.residents_estimate(rondkomen, {"value": 13.5, "base": 23175.0, "group": "18+"}) == 3130
    assert gaps.residents_estimate(rondkomen, {"value": 8.5, "base": 485.0, "group": "18+"}) == 40
    assert gaps.residents_estimate(rondkomen, {"value": 13.5, "base": None, "group": "65+"}) is None
    # a higher value is better: the value is not the share with a problem
    assert gaps.residents_estimate(cat.indicator("vrijwilligerswerk_pct"),
                                   {"value": 22.0, "base": 23175.0, "group": "18+"}) is None
    # a ratio of persons: its numerator
    assert gaps.residents_estimate(cat.indicator("bijstand_pct"),
                                   {"value": 3.1, "numerator": 714.0, "base": 23000.0, "group": "totaal"}) == 710
    # households are not residents
    assert gaps.residents_estimate(cat.indicator("huishoudens_laag_inkomen_pct"),
                                   {"value": 9.0, "base": 9000.0, "group": "totaal"}) is None


def test_need_figure_texts():
    f = NeedFigure(indicator="moeite_met_rondkomen_pct", label="Moeite met rondkomen", display="14%",
                   gemeente_display="12%", period="2020", other_period=False, residents=3130, gap=0.17)
    assert f.text() == "Moeite met rondkomen 14% (gemeente 12%): ongeveer 3.130 inwoners"
    assert f.short() == "moeite met rondkomen 14%, gemeente 12%"
    ses = NeedFigure(indicator="ses_woz_score", label="SES-WOZ-score", display="0,13", gemeente_display="0,19",
                     period="2022", other_period=True, residents=None, gap=0.3)
    assert ses.text() == "SES-WOZ-score 0,13 in 2022 (gemeente 0,19)"
    assert ses.short() == "SES-WOZ-score 0,13 in 2022, gemeente 0,19"


# ------------------------------------------------------------------------------------------ need (real sample)

KERNEN = ["breukelen", "kockengen", "loenen-aan-de-vecht", "loenersloot", "maarssen-dorp", "maarssenbroek",
          "maarsseveen", "nieuwer-ter-aa", "nieuwersluis", "nigtevecht", "oud-zuilen", "tienhoven", "vreeland"]


def test_need_on_moeite_met_rondkomen_follows_the_engines_comparison(sample, sample_results):
    rows = sample_results.filter((pl.col("indicator") == "moeite_met_rondkomen_pct") & (pl.col("period") == "2020")
                                 & (pl.col("group") == "18+") & (pl.col("area_level") == "kern"))
    worse = {r["area_code"]: r for r in rows.iter_rows(named=True) if r["comparison_gemeente"] == "ongunstiger"}
    assert "maarssenbroek" in worse  # 13,5% against 11,5% in the gemeente
    needs = gaps.needs_from_results(sample_results, KERNEN, "2020")
    for kern in KERNEN:
        need = needs[(kern, "bestaanszekerheid")]
        figures = {f.indicator: f for f in need.figures}
        assert ("moeite_met_rondkomen_pct" in figures) == (kern in worse), kern
        if kern in worse:
            r = worse[kern]
            f = figures["moeite_met_rondkomen_pct"]
            assert f.residents == round(r["value"] / 100 * r["base"] / 10) * 10
            assert f.display == f"{r['value']:.0f}%" and f.gemeente_display == f"{r['gemeente_value']:.0f}%"
            assert need.level in ("hoog", "verhoogd")
    mb = needs[("maarssenbroek", "bestaanszekerheid")]
    assert mb.level == "hoog" and mb.residents.indicator == "moeite_met_rondkomen_pct"
    assert mb.residents.residents == 3130
    assert mb.residents.text() == "Moeite met rondkomen 14% (gemeente 12%): ongeveer 3.130 inwoners"


def _independent_needs(results: pl.DataFrame, period: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(kern, theme) -> (unfavourable, judged), recomputed here from the results: main group, the period or
    the nearest one within the kernfoto's window, indicators with an oordeel only."""
    cat = catalogue()
    out: dict[tuple[str, str], list[int]] = {}
    kern_rows = results.filter(pl.col("area_level") == "kern")
    for ind in cat.indicators:
        if ind.polarity == "geen_oordeel" or ind.theme == "bevolking":
            continue
        rows = kern_rows.filter((pl.col("indicator") == ind.id) & (pl.col("group") == ind.groups[0])
                                & (pl.col("status") != "ontbreekt"))
        for kern in KERNEN:
            mine = rows.filter(pl.col("area_code") == kern).to_dicts()
            near = [r for r in mine if abs(int(r["period"]) - int(period)) <= 4]
            if not near:
                continue
            r = min(near, key=lambda r: (abs(int(r["period"]) - int(period)), r["period"]))
            counts = out.setdefault((kern, ind.theme), [0, 0])
            if r["comparison_gemeente"] in ("gunstiger", "vergelijkbaar", "ongunstiger"):
                counts[1] += 1
                counts[0] += r["comparison_gemeente"] == "ongunstiger"
    return {k: (v[0], v[1]) for k, v in out.items()}


def test_need_levels_on_the_sample_match_an_independent_count(sample, sample_results):
    needs = gaps.needs_from_results(sample_results, KERNEN, "2020")
    expected = _independent_needs(sample_results, "2020")
    themes = [t.id for t in gaps.need_themes()]
    assert "bevolking" not in themes and "bestaanszekerheid" in themes
    for kern, theme in itertools.product(KERNEN, themes):
        bad, judged = expected.get((kern, theme), (0, 0))
        need = needs[(kern, theme)]
        assert len(need.figures) == bad and need.n_judged == judged, (kern, theme)
        most = max((f.residents or 0 for f in need.figures), default=0)
        if judged == 0:
            level = "onbekend"
        elif bad == 0:
            level = "geen"
        elif (bad >= 2 and bad >= judged / 3) or most >= 1000:
            level = "hoog"
        else:
            level = "verhoogd"
        assert need.level == level, (kern, theme)
    # jeugd has no indicator with an oordeel in the catalogue: its need is always unknown
    assert all(needs[(k, "jeugd")].level == "onbekend" for k in KERNEN)
    # the SES-WOZ score comes from KWB 2022, the nearest period to 2020 with a figure
    breukelen = needs[("breukelen", "bestaanszekerheid")]
    assert [f.indicator for f in breukelen.figures] == ["ses_woz_score"] and breukelen.figures[0].other_period
    assert breukelen.level == "verhoogd" and breukelen.figures[0].period == "2022"


def test_distance_from_a_point_to_a_constructed_area():
    # a square of about 1 x 1 km near Maarssen, built in RD metres and converted to WGS84
    x0, y0 = 128_000.0, 458_000.0
    square = [(x0, y0), (x0 + 1000, y0), (x0 + 1000, y0 + 1000), (x0, y0 + 1000), (x0, y0)]
    ring = tuple(tuple(round(v, 6) for v in geo_point) for geo_point in (gaps.geo.rd_to_wgs84(x, y) for x, y in square))
    area = gaps.kern_area("vierkant", "Vierkant", [ring])
    inside = gaps.geo.rd_to_wgs84(x0 + 500, y0 + 500)
    east = gaps.geo.rd_to_wgs84(x0 + 1500, y0 + 500)  # 500 m east of the square
    corner = gaps.geo.rd_to_wgs84(x0 + 1300, y0 + 1400)  # 300 m east and 400 m north of a corner: 500 m
    far = gaps.geo.rd_to_wgs84(x0 + 9000, y0 + 500)
    assert gaps.distance_km(*inside, area) == 0.0
    assert math.isclose(gaps.distance_km(*east, area), 0.5, abs_tol=0.005)
    assert math.isclose(gaps.distance_km(*corner, area), 0.5, abs_tol=0.005)
    assert gaps.distance_km(*far, area, limit_km=1.0) > 1.0  # cut short by the bounding box
    service = gaps.OfferService(id="1", name="Test", themes=frozenset(), kernen=frozenset(), gemeente_wide=False,
                                points=(east,))
    assert gaps.near_kernen(service, [area], 0.49) == frozenset()
    assert gaps.near_kernen(service, [area], 0.51) == {"vierkant"}


def test_distance_is_refused_outside_its_range():
    assert gaps.check_distance(None) == gaps.OFFER_RULE.distance_km == 1.0
    assert gaps.check_distance(0) == 0.0
    for bad in (-0.1, 50.5, float("nan")):
        with pytest.raises(gaps.KernfotoError, match="tussen 0 en 50 km"):
            gaps.check_distance(bad)
