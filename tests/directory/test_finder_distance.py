"""The finder's distance to a kern (``afstand``): the same rule as the gap analysis, on the page and in the API.

A constructed offer lies at the middle of buurt BU19040104 (Maarssen-dorp), about 0,6 km outside the area of
Maarssenbroek (checked here by sampling the outline, without ``nearby.py``): it is offer for Maarssenbroek at
1 km, not at 0, and the finder says how far it is.
"""

from __future__ import annotations

import math
import re
from html import unescape

import pytest
from django.test import Client
from finder_fixtures import TODAY
from gaps_fixtures import GM, independent_distance_km, inside_point, kern_rings, offer, organization

from kernfoto.directory import gaps, search
from kernfoto.directory.nearby import km_text

FINDER = f"/gemeente/{GM}/sociale-basis/"
API = "/api/v1/sociale-basis"
NAME = "Inloop net buiten Maarssenbroek"
THEME = "bestaanszekerheid"


@pytest.fixture
def near(sample):
    """The offer just outside Maarssenbroek, its distance (km, independently measured) and the expected note."""
    search.clear()
    point = inside_point("BU19040104")
    km = independent_distance_km(*point, kern_rings("maarssenbroek"))
    assert 0.3 < km < 0.95, km
    service = offer(organization("Afstand Test"), NAME, [THEME], point=point)
    return {"id": str(service.pk), "km": km, "note": f"op {km_text(round(km, 1), 1)} van Maarssenbroek"}


def mine(hits, near) -> list[search.Hit]:
    return [h for h in hits if h.service_id == near["id"]]


def test_an_offer_just_outside_a_kern_is_found_with_a_distance(near):
    for kwargs in ({}, {"near_km": 0}, {"near_km": 0.0}):
        assert mine(search.search(GM, kern="maarssenbroek", today=TODAY, **kwargs), near) == []
    hits = search.search(GM, kern="maarssenbroek", theme=THEME, near_km=1, today=TODAY)
    (hit,) = mine(hits, near)
    assert "maarssenbroek" not in hit.kern_slugs  # found only because it is near
    assert math.isclose(hits.near_km(hit), near["km"], abs_tol=0.005)
    assert hits.near_text(hit) == near["note"] == "op 0,6 km van Maarssenbroek"
    # the boundary is the gap analysis' boundary: just over and just under the distance
    assert mine(search.search(GM, kern="maarssenbroek", near_km=near["km"] + 0.02, today=TODAY), near)
    assert not mine(search.search(GM, kern="maarssenbroek", near_km=near["km"] - 0.02, today=TODAY), near)
    # without a kern the distance changes nothing; other filters still apply
    assert len(search.search(GM, near_km=5, today=TODAY)) == len(search.search(GM, today=TODAY))
    assert not mine(search.search(GM, kern="maarssenbroek", theme="jeugd", near_km=1, today=TODAY), near)


def test_the_kern_it_lies_in_finds_it_without_a_note(near):
    # the location has coordinates but no kern: its point inside the area of Maarssen-dorp places it there
    (hit,) = mine(search.search(GM, today=TODAY), near)
    assert hit.kern_slugs == ("maarssen-dorp",)
    for km in (None, 0, 1, 5):
        hits = search.search(GM, kern="maarssen-dorp", near_km=km, today=TODAY)
        (found,) = mine(hits, near)
        assert hits.near_text(found) == "" and hits.near_km(found) is None


def test_offer_serving_the_kern_needs_no_note(near):
    far = offer(organization("Ver weg"), "Spreekuur voor Maarssenbroek", [THEME], point=inside_point("BU19041202"),
                serves=("nigtevecht",))
    hits = search.search(GM, kern="nigtevecht", near_km=5, today=TODAY)
    (hit,) = [h for h in hits if h.service_id == str(far.pk)]
    assert hits.near_text(hit) == ""


@pytest.mark.parametrize("km", [-1, 50.5, math.nan, math.inf, "1"])
def test_a_distance_out_of_range_is_refused_in_dutch(sample, km):
    with pytest.raises(search.SearchError, match="De afstand moet een aantal kilometers tussen 0 en 50 zijn"):
        search.search(GM, kern="breukelen", near_km=km, today=TODAY)


def test_the_finder_agrees_with_the_analysis_for_the_constructed_offer(near, sample_results):
    directory = gaps.load_directory(GM)
    for km in (0, 1):
        analysis = gaps.analyse_data(sample_results, directory, "2020", distance=km)
        (cell,) = [c for c in analysis.cells if c.kern_slug == "maarssenbroek" and c.theme == THEME]
        hits = search.search(GM, kern="maarssenbroek", theme=THEME, near_km=km, today=TODAY)
        assert sorted(h.name for h in hits) == sorted(cell.services)
        assert (NAME in cell.services) == (km == 1)


# ------------------------------------------------------------------------------------------------- the page


def page(**params):
    response = Client().get(FINDER, params)
    return response, response.content.decode()


def test_the_page_offers_a_labelled_distance_and_says_how_far(near):
    response, html = page(kern="maarssenbroek", thema=THEME, afstand="1")
    assert response.status_code == 200
    assert '<label class="utrecht-form-label" for="id_afstand">Ook aanbod net buiten de kern?</label>' in html
    select = re.search(r'<select name="afstand"[^>]*>', html).group(0)
    assert 'id="id_afstand"' in select and 'aria-describedby="id_afstand_helptext"' in select
    assert 'id="id_afstand_helptext">Geldt als u een kern kiest.' in html
    assert '<option value="0">Nee, alleen in of voor de kern</option>' in html
    assert '<option value="1" selected>Ja, tot 1 km van de kern</option>' in html
    assert '<option value="5">Ja, tot 5 km van de kern</option>' in html
    text = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
    assert NAME in text and f"({near['note']})" in text
    assert "gevonden in, voor of tot 1 km van Maarssenbroek, over bestaanszekerheid." in text
    _, html0 = page(kern="maarssenbroek", thema=THEME, afstand="0")
    assert NAME not in unescape(html0) and "gevonden in of voor Maarssenbroek" in unescape(html0)
    assert '<option value="0" selected>' in html0
    _, default = page(kern="maarssenbroek", thema=THEME)
    assert NAME not in unescape(default)


def test_the_page_takes_any_distance_from_a_link_and_refuses_nonsense(near):
    response, html = page(kern="maarssenbroek", afstand="0,25")
    assert response.status_code == 200 and '<option value="0.25" selected>Ja, tot 0,25 km van de kern</option>' in html
    response, html = page(kern="maarssenbroek", thema=THEME, afstand="1.0")
    assert response.status_code == 200 and '<option value="1" selected>' in html and NAME in unescape(html)
    for bad in ("ver", "80", "-1", "nan"):
        response, html = page(kern="maarssenbroek", afstand=bad)
        assert response.status_code == 400, bad
        assert "Kies een afstand uit de lijst." in html, bad


# ------------------------------------------------------------------------------------------------- the API


def test_the_api_takes_a_distance_and_gives_it_per_offer(near, client):
    body = client.get(API, {"gemeente": GM, "kern": "maarssenbroek", "afstand": "1", "thema": THEME}).json()
    assert body["filters"]["afstand"] == 1.0
    (item,) = [i for i in body["aanbod"] if i["id"] == near["id"]]
    assert item["afstand_km"] == round(near["km"], 2)
    assert all(i["afstand_km"] is None for i in body["aanbod"] if i["id"] != near["id"]
               and "maarssenbroek" in [k["slug"] for k in i["kernen"]])
    body = client.get(API, {"gemeente": GM, "kern": "maarssenbroek", "thema": THEME}).json()
    assert body["filters"]["afstand"] is None and near["id"] not in [i["id"] for i in body["aanbod"]]
    body = client.get(API, {"gemeente": GM, "kern": "maarssenbroek", "afstand": "5", "limit": "1"}).json()
    assert "afstand=5.0" in body["volgende"]


@pytest.mark.parametrize("value, message", [
    ("ver", "afstand moet een aantal kilometers zijn, bijvoorbeeld 1 of 0.5, niet 'ver'."),
    ("1,5", "afstand moet een aantal kilometers zijn"),
    ("51", "afstand moet tussen 0 en 50 liggen, niet 51."),
    ("-0.5", "afstand moet tussen 0 en 50 liggen"),
    ("1e999", "afstand moet tussen 0 en 50 liggen"),
])
def test_the_api_refuses_a_bad_distance_in_dutch(sample, client, value, message):
    response = client.get(API, {"gemeente": GM, "kern": "breukelen", "afstand": value})
    assert response.status_code == 400 and response.json()["fout"].startswith(message), response.json()
