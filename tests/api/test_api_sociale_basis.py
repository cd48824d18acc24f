"""The sociale basis in the open-data API (``/api/v1/sociale-basis``): the finder's answers as JSON.

Real values on a constructed directory (``tests/directory/finder_fixtures.py``) next to the shipped example
directory, errors in Dutch, paging, and schemathesis against the OpenAPI schema with the sample gemeente.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "directory"))
from finder_fixtures import GM, TODAY, make_directory  # noqa: E402

from kernfoto.directory import search  # noqa: E402

URL = "/api/v1/sociale-basis"
PATH = "/v1/sociale-basis"


@pytest.fixture
def d(sample):
    search.clear()
    return make_directory()


def get(client, status=200, **params):
    response = client.get(URL, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def mine(d, body) -> list[str]:
    return [item["naam"] for item in body["aanbod"] if item["id"] in d.ids]


def test_kern_and_day_with_every_field(client, d):
    body = get(client, gemeente=GM, kern="breukelen", dag="TH", limit=1000)
    assert body["gemeente"] == {"code": GM, "naam": "Stichtse Vecht"}
    assert body["filters"] == {"q": None, "kern": "breukelen", "afstand": None, "thema": None, "doelgroep": None,
                               "dag": "TH"}
    assert mine(d, body) == ["Beweegmaatje", "Spreekuur geldzaken"]
    assert body["totaal"] == len(body["aanbod"]) == len(search.search(GM, kern="breukelen", day="TH"))
    item = next(i for i in body["aanbod"] if i["naam"] == "Spreekuur geldzaken")
    assert item == {
        "id": str(d.schuld.pk), "naam": "Spreekuur geldzaken", "organisatie": "Welzijn Vechtstreek (test)",
        "organisatie_id": str(d.welzijn.pk),
        "beschrijving": "Hulp bij rekeningen, schulden en toeslagen. Zonder afspraak.",
        "kernen": [{"slug": "breukelen", "naam": "Breukelen"}, {"slug": "maarssenbroek", "naam": "Maarssenbroek"}],
        "hele_gemeente": False, "waar": "Buurthuis Op de Hoek, Bisonspoor 1, 3605 KN Maarssen",
        "wanneer": "elke eerste donderdag van de maand 19.30–21.00 uur", "dagen": ["TH"],
        "voor_wie": "mensen met een laag inkomen, volwassenen", "kosten": "gratis", "aanmelden": "",
        "contact": {"telefoon": ["0346 000 222"], "email": "geld@welzijn.test", "website": "https://welzijn.test/"},
        "themas": ["bestaanszekerheid"], "doelgroepen": ["laag_inkomen", "volwassenen"], "soort": "professioneel",
        "status": "active", "talen": [], "toegankelijkheid": "", "voorbeeld": False,
        "verouderd": item["verouderd"], "verouderd_tekst": item["verouderd_tekst"], "gecontroleerd_op": "2026-06-01",
        "pagina": f"/gemeente/{GM}/sociale-basis/{d.schuld.pk}/", "afstand_km": None,
    }


def test_words_theme_target_group_and_the_marks(client, d):
    assert mine(d, get(client, gemeente=GM, q="CAFE")) == ["Jeugdsoos Café 't Hoekje"]
    assert mine(d, get(client, gemeente=GM, thema="jeugd", doelgroep="jeugd")) == ["Jeugdsoos Café 't Hoekje"]
    body = get(client, gemeente=GM, kern="vreeland", q="maaltijd")
    (eten,) = [i for i in body["aanbod"] if i["id"] == str(d.eten.pk)]
    assert eten["voorbeeld"] and eten["verouderd"] and eten["verouderd_tekst"] == "nooit gecontroleerd"
    assert eten["gecontroleerd_op"] is None and body["voorbeeld"]
    body = get(client, gemeente=GM, kern="tienhoven", q="mantelzorgsteunpunt")
    (item,) = body["aanbod"]
    assert item["hele_gemeente"] and item["waar"] == "online" and item["talen"] == ["Arabisch", "Nederlands"]
    assert item["verouderd_tekst"] == "langer dan een jaar niet gecontroleerd"
    assert mine(d, get(client, gemeente=GM, q="repair")) == []  # our repair café is inactive: not in the API


def test_paging(client, d):
    everything = search.search(GM)
    body = get(client, gemeente=GM, limit=2)
    assert body["totaal"] == len(everything) and [i["id"] for i in body["aanbod"]] == [h.service_id for h in everything[:2]]
    assert body["volgende"] == f"{URL}?gemeente={GM}&limit=2&offset=2"
    last = get(client, gemeente=GM, limit=2, offset=len(everything) - 1)
    assert len(last["aanbod"]) == 1 and last["volgende"] is None


@pytest.mark.parametrize("params, status, message", [
    ({}, 400, "Geef de gemeente op, bijvoorbeeld ?gemeente=GM1904."),
    ({"gemeente": "gm1904"}, 400, "gemeente moet een CBS-code zijn als GM1904, niet 'gm1904'."),
    ({"gemeente": "GM0001"}, 404, "Gemeente GM0001 is niet bekend in deze installatie."),
    ({"gemeente": GM, "kern": "atlantis"}, 404, "De kern 'atlantis' hoort niet bij gemeente GM1904."),
    ({"gemeente": GM, "kern": "Atlantis!"}, 400, "kern moet de slug van een kern zijn"),
    ({"gemeente": GM, "dag": "di"}, 400, "Dag 'di' bestaat niet; kies uit: MO, TU, WE, TH, FR, SA, SU."),
    ({"gemeente": GM, "thema": "geluk"}, 400, "Thema 'geluk' bestaat niet"),
    ({"gemeente": GM, "doelgroep": "katten"}, 400, "Doelgroep 'katten' bestaat niet"),
    ({"gemeente": GM, "limit": "1001"}, 400, "limit moet tussen 1 en 1000 liggen, niet 1001."),
    ({"gemeente": GM, "q": "x" * 201}, 400, "q mag hoogstens 200 tekens lang zijn."),
])
def test_errors_are_dutch_json(client, d, params, status, message):
    body = get(client, status, **params)
    assert set(body) == {"fout"} and body["fout"].startswith(message), body


def test_only_reads(client, sample):
    response = client.post(URL + "?gemeente=" + GM)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, OPTIONS"


def test_documented_on_the_api_page(client, sample):
    page = client.get("/api/").content.decode()
    assert "GET /api/v1/sociale-basis" in page and "/api/v1/sociale-basis?gemeente=GM1904&amp;kern=" in page


# --- against the OpenAPI schema ------------------------------------------------------------------------

SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None, print_blob=True,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture
def schema(sample):
    from django.core import signals
    from django.db import close_old_connections

    from kernfoto.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def run(strategy) -> list[int]:
    statuses: list[int] = []

    @SETTINGS
    @given(case=strategy)
    def check(case):
        response = case.call_and_validate()
        assert response.status_code < 500
        statuses.append(response.status_code)

    check()
    return statuses


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_generated_requests(schema, mode):
    """Any generated request (gemeente and filters from the schema): 200, or 404 for an unknown gemeente or kern;
    invalid ones 400 (or 404)."""
    statuses = run(schema[PATH]["GET"].as_strategy(generation_mode=mode))
    assert set(statuses) <= ({200, 404} if mode is GenerationMode.POSITIVE else {200, 400, 404})
    if mode is GenerationMode.NEGATIVE:
        assert 400 in statuses


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_generated_filters_on_the_sample_gemeente(schema, mode):
    statuses = run(schema[PATH]["GET"].as_strategy(generation_mode=mode, query={"gemeente": GM}))
    if mode is GenerationMode.POSITIVE:
        assert 200 in statuses and set(statuses) <= {200, 404}
    else:
        assert 400 in statuses and set(statuses) <= {200, 400, 404}


def test_real_answers_conform(schema, d):
    """Every kern and day of the sample gemeente against the response schema."""
    operation = schema[PATH]["GET"]
    for kern in search.kernen(GM, today=TODAY):
        response = operation.Case(query={"gemeente": GM, "kern": kern, "limit": 1000}).call_and_validate()
        assert response.status_code == 200
    for day in ("MO", "TU", "WE", "TH", "FR", "SA", "SU"):
        response = operation.Case(query={"gemeente": GM, "dag": day}).call_and_validate()
        assert response.status_code == 200 and all(day in i["dagen"] for i in response.json()["aanbod"])
