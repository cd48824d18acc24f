"""The gap analysis on the shipped example directory (``src/kernfoto/data/sociale_basis``, loaded by the demo).

The sample deliberately has no help with money matters in Maarssenbroek, the kern where the figures show that
many residents struggle to make ends meet: the analysis must find exactly that gap, and every page says the
offer is example data.
"""

from __future__ import annotations

from django.db.models import Q
from gaps_fixtures import GM, independent_distance_km, kern_rings

from kernfoto.directory import gaps
from kernfoto.directory.models import Service, ServiceArea
from kernfoto.profiles.build import ProfileSource


def test_the_sample_lacks_money_help_where_need_is_high(sample, sample_results):
    money = [s for s in Service.objects.filter(organization__gemeente_id=GM, status="active")
             .prefetch_related("at_locations__location__kern") if "bestaanszekerheid" in s.themes]
    assert money, "the sample offers help with money matters somewhere"
    mb_rings = kern_rings("maarssenbroek")
    for service in money:  # checked here from the database, without the gap module
        areas = ServiceArea.objects.filter(Q(service=service) | Q(service_at_location__service=service))
        assert not any(a.kern is None and a.extent_type == "gemeente" for a in areas), service.name
        assert all(a.kern is None or a.kern.slug != "maarssenbroek" for a in areas), service.name
        for sal in service.at_locations.all():
            loc = sal.location
            assert loc.kern is None or loc.kern.slug != "maarssenbroek", service.name
            if loc.latitude is not None:
                assert independent_distance_km(loc.longitude, loc.latitude, mb_rings) > gaps.OFFER_RULE.distance_km

    analysis = gaps.analyse(GM, "2020", results=sample_results)
    assert analysis.has_example
    (mb,) = [c for c in analysis.cells if c.kern_slug == "maarssenbroek" and c.theme == "bestaanszekerheid"]
    assert (mb.need, mb.offer, mb.classification) == ("hoog", 0, "hoge_nood_geen_aanbod")
    assert mb.residents_affected == 3130 and not mb.is_example
    # elsewhere the money help counts where it is located or serves
    reached = {c.kern_slug for c in analysis.cells if c.theme == "bestaanszekerheid" and c.offer}
    assert reached and "maarssenbroek" not in reached
    assert all(c.is_example for c in analysis.cells if c.offer)  # all offer in the sample is "voorbeeld"


def test_the_sample_on_the_kernfoto_and_the_matrix(sample, client):
    from kernfoto.web.services import clear_cache

    clear_cache()
    block = ProfileSource(GM).profile("maarssenbroek", "2020").socialbase
    assert block.title == "Sociale basis (voorbeeldgegevens)"
    assert "Hoge nood, geen aanbod: bestaanszekerheid (moeite met rondkomen 14%, gemeente 12%)." in block.items
    html = client.get("/gemeente/GM1904/nood-en-aanbod/?periode=2020").content.decode()
    assert "<strong>Voorbeeld.</strong>" in html and "(voorbeeld)" in html
    row = html[html.index(">Maarssenbroek</a>"):]
    assert "Hoge nood, geen aanbod" in row[:row.index("</tr>")]
