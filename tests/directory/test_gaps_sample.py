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


def _finder_count(client, href: str) -> tuple[int, list[str], str]:
    """The number of results a finder page reports, the names on it and its text."""
    import re
    from html import unescape

    response = client.get(unescape(href))
    assert response.status_code == 200, href
    html = response.content.decode()
    (count,) = re.findall(r'id="aantal">([^<]*)', html)
    found = re.match(r"(\d+) activiteit", count)
    names = [unescape(n) for n in re.findall(r'id="aanbod-[^"]+"><a [^>]+>([^<]+)</a>', html)]
    return (int(found.group(1)) if found else 0), names, unescape(re.sub(r"<[^>]+>", " ", html))


def test_every_cell_of_the_matrix_counts_what_its_finder_link_lists(sample, client, sample_results):
    """The number in every cell of the sample's matrix (and every kern's total) is the number of offers on the
    finder page it links to; cells without offer point to an empty finder page. One rule, two views."""
    import re

    from kernfoto.directory import search
    from kernfoto.web.services import clear_cache

    clear_cache()
    search.clear()
    html = client.get("/gemeente/GM1904/nood-en-aanbod/?periode=2020").content.decode()
    analysis = gaps.analyse(GM, "2020", results=sample_results)
    tds = re.findall(r'<td class="kf-gap-cell.*?</td>', html, re.S)
    assert len(tds) == len(analysis.cells) == 13 * 8
    near_notes = 0
    for td, cell in zip(tds, analysis.cells, strict=True):  # kernen by name, themes in catalogue order
        link = re.search(r'<a class="utrecht-link kf-gap-offer" href="([^"]+)">(\d+) aanbod', td)
        if cell.offer == 0:
            assert link is None and "Geen aanbod" in td
            href = gaps.finder_url(GM, cell.kern_slug, cell.theme, analysis.distance_km)
        else:
            href, shown = link.groups()
            assert int(shown) == cell.offer
        assert href.replace("&amp;", "&").endswith(f"?kern={cell.kern_slug}&thema={cell.theme}&afstand=1")
        count, names, text = _finder_count(client, href)
        assert count == cell.offer, (cell.kern_slug, cell.theme, cell.offer, count)
        if count <= 20:  # all on the first page
            assert sorted(names) == sorted(cell.services)
        near_notes += text.count(f" km van {cell.kern_name})")
    assert near_notes, "the sample has offer that counts only because it lies near a kern"
    totals = re.findall(r'<span class="kf-gap-sub"><a class="utrecht-link" href="([^"]+)">(\d+) aanbod in totaal', html)
    assert len(totals) == 13
    for href, shown in totals:
        kern = re.search(r"kern=([a-z0-9-]+)", href).group(1)
        assert int(shown) == analysis.offer_total[kern] == _finder_count(client, href)[0], kern


def test_the_finder_counts_as_the_analysis_at_any_distance(sample, sample_results):
    from kernfoto.directory import search

    search.clear()
    directory = gaps.load_directory(GM)
    for km in (0, 0.5, 2, 5, 50):
        analysis = gaps.analyse_data(sample_results, directory, "2020", distance=km)
        for cell in analysis.cells:
            hits = search.search(GM, kern=cell.kern_slug, theme=cell.theme, near_km=km)
            assert sorted(h.name for h in hits) == sorted(cell.services), (km, cell.kern_slug, cell.theme)
        for kern, total in analysis.offer_total.items():
            assert len(search.search(GM, kern=kern, near_km=km)) == total, (km, kern)
