"""Offer for the gap analysis: by location, by service area, gemeente-wide, by distance; inactive ignored."""

from __future__ import annotations

import pytest
from gaps_fixtures import GM, clear, independent_distance_km, inside_point, kern_rings, offer, organization

from kernfoto.directory import gaps

KERNEN = 13
THEMES = 8  # the catalogue's 9 themes without bevolking


@pytest.fixture
def empty(sample):
    clear()
    return GM


def cell(analysis: gaps.Analysis, kern: str, theme: str) -> gaps.GapCell:
    (found,) = [c for c in analysis.cells if c.kern_slug == kern and c.theme == theme]
    return found


def offer_per_kern(analysis: gaps.Analysis, theme: str) -> dict[str, int]:
    return {c.kern_slug: c.offer for c in analysis.cells if c.theme == theme}


def test_no_directory_means_no_offer_anywhere(empty, sample_results):
    analysis = gaps.analyse(GM, "2020", results=sample_results)
    assert len(analysis.cells) == KERNEN * THEMES
    assert all(c.offer == 0 and c.services == () for c in analysis.cells)
    assert not analysis.has_services and not analysis.has_example
    mb = cell(analysis, "maarssenbroek", "bestaanszekerheid")
    assert (mb.need, mb.classification, mb.label) == ("hoog", "hoge_nood_geen_aanbod", "hoge nood, geen aanbod")
    assert mb.residents_affected == 3130 and mb.residents_indicator == "moeite_met_rondkomen_pct"
    # kernen by name, themes in catalogue order
    assert [c.kern_slug for c in analysis.cells[::THEMES]][:3] == ["breukelen", "kockengen", "loenen-aan-de-vecht"]
    assert [c.theme for c in analysis.cells[:THEMES]] == [t.id for t in gaps.need_themes()]


def test_offer_by_location_service_area_and_whole_gemeente(empty, sample_results):
    org = organization()
    offer(org, "Schuldhulp Broek", ["bestaanszekerheid"], kern_slug="maarssenbroek")
    offer(org, "Geldcafé Nigtevecht", ["bestaanszekerheid", "eenzaamheid_sociale_basis"], serves=("nigtevecht",))
    offer(org, "Formulierenhulp", ["bestaanszekerheid"], kern_slug="breukelen", serves=("kockengen",),
          on_location_area=True)
    offer(org, "Mantelzorglijn", ["zorg_ondersteuning"], gemeente_wide=True)
    offer(org, "Oude voedselbank", ["bestaanszekerheid"], kern_slug="maarssenbroek", status="inactive")
    offer(org, "Tijdelijk dicht", ["bestaanszekerheid"], kern_slug="maarssenbroek", status="temporarily closed")
    offer(org, "Zonder thema", [], kern_slug="vreeland")
    analysis = gaps.analyse(GM, "2020", distance_km=0, results=sample_results)
    money = offer_per_kern(analysis, "bestaanszekerheid")
    assert {k: n for k, n in money.items() if n} == {"maarssenbroek": 1, "nigtevecht": 1, "breukelen": 1,
                                                     "kockengen": 1}
    mb = cell(analysis, "maarssenbroek", "bestaanszekerheid")
    assert mb.services == ("Schuldhulp Broek",)  # the inactive and closed ones do not count
    assert (mb.classification, mb.label) == ("hoge_nood_weinig_aanbod", "hoge nood, weinig aanbod")
    assert cell(analysis, "nigtevecht", "eenzaamheid_sociale_basis").services == ("Geldcafé Nigtevecht",)
    assert set(offer_per_kern(analysis, "zorg_ondersteuning").values()) == {1}  # the whole gemeente
    # totals count every active service that reaches the kern, with or without theme
    assert analysis.offer_total["vreeland"] == 2  # "Zonder thema" and the gemeente-wide line
    assert analysis.offer_total["maarssenbroek"] == 2
    assert not analysis.has_example


def test_two_services_cover_high_need(empty, sample_results):
    org = organization("Voorbeeldwelzijn (voorbeeld)", example=True)
    offer(org, "Budgetcoach (voorbeeld)", ["bestaanszekerheid"], kern_slug="maarssenbroek")
    offer(org, "Schuldhulpmaatje (voorbeeld)", ["bestaanszekerheid"], serves=("maarssenbroek",))
    analysis = gaps.analyse(GM, "2020", distance_km=0, results=sample_results)
    mb = cell(analysis, "maarssenbroek", "bestaanszekerheid")
    assert (mb.offer, mb.classification, mb.label) == (2, "nood_gedekt", "nood, wel aanbod")
    assert mb.services == ("Budgetcoach (voorbeeld)", "Schuldhulpmaatje (voorbeeld)")
    assert mb.is_example and analysis.has_example
    assert not cell(analysis, "breukelen", "bestaanszekerheid").is_example


def test_offer_by_distance_to_the_kern(empty, sample_results):
    # a point in the middle of buurt BU19041202 (Maarssenbroek) and its distance to the area of Maarssen-dorp
    point = inside_point("BU19041202")
    expected = independent_distance_km(*point, kern_rings("maarssen-dorp"))
    assert 0.1 < expected < 3, expected
    org = organization()
    offer(org, "Buurtkamer", ["eenzaamheid_sociale_basis"], point=point)  # no kern given: placed by its point
    themed = "eenzaamheid_sociale_basis"
    near = gaps.analyse(GM, "2020", distance_km=expected + 0.02, results=sample_results)
    far = gaps.analyse(GM, "2020", distance_km=expected - 0.02, results=sample_results)
    assert cell(near, "maarssen-dorp", themed).offer == 1
    assert cell(far, "maarssen-dorp", themed).offer == 0
    for analysis in (near, far):  # the kern it lies in, at any distance
        assert cell(analysis, "maarssenbroek", themed).services == ("Buurtkamer",)
    at_zero = gaps.analyse(GM, "2020", distance_km=0, results=sample_results)
    assert {k for k, n in offer_per_kern(at_zero, themed).items() if n} == {"maarssenbroek"}
    everywhere = gaps.analyse(GM, "2020", distance_km=50, results=sample_results)
    assert set(offer_per_kern(everywhere, themed).values()) == {1}


def test_a_location_with_only_a_buurt_is_placed_in_its_middle(empty, sample_results):
    org = organization()
    offer(org, "Inloop zonder coördinaten", ["gezondheid"], buurt="BU19041202")
    analysis = gaps.analyse(GM, "2020", distance_km=0, results=sample_results)
    assert {k for k, n in offer_per_kern(analysis, "gezondheid").items() if n} == {"maarssenbroek"}


def test_the_directory_is_read_in_a_few_queries(empty, sample_results, django_assert_max_num_queries):
    org = organization()
    for i in range(30):
        offer(org, f"Aanbod {i}", ["leefstijl"], kern_slug="breukelen" if i % 2 else None,
              point=inside_point("BU19041202") if i % 3 == 0 else None, serves=("vreeland",) if i % 5 == 0 else ())
    with django_assert_max_num_queries(8):
        directory = gaps.load_directory(GM)
    assert len(directory.services) == 30
    analysis = gaps.analyse_data(sample_results, directory, "2020")
    assert cell(analysis, "breukelen", "leefstijl").offer == 15  # the odd ones (the point is far from Breukelen)
    assert cell(analysis, "vreeland", "leefstijl").offer == 6  # i = 0, 5, ..., 25 serve Vreeland
