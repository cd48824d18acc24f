"""The open-data API on the real sample of Stichtse Vecht: real values, protection, errors, CORS."""

from __future__ import annotations

import json
import math

import polars as pl
import pytest

from kernfoto.areas.models import AreaGroup
from kernfoto.profiles.build import ProfileSource
from kernfoto.stats.catalogue import catalogue
from kernfoto.web.services import gemeente_data, public

API = "/api/v1"
GM = "GM1904"


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def fout(client, url, status, **params):
    body = get(client, url, status, **params)
    assert set(body) == {"fout"} and body["fout"], body
    return body["fout"]


def attributed(body):
    assert body["licentie"] == "CC BY 4.0"
    assert body["bronnen"] and all(b.startswith("Bron:") for b in body["bronnen"])
    assert body["bronnen"] == sorted(set(body["bronnen"]))


@pytest.fixture
def data(sample):
    return gemeente_data(GM)


# --- gemeenten, gebieden, indicatoren ----------------------------------------------------------------


def test_gemeenten_lists_the_sample_with_working_links(client, sample):
    body = get(client, f"{API}/gemeenten")
    attributed(body)
    assert [(g["code"], g["naam"]) for g in body["gemeenten"]] == [(GM, "Stichtse Vecht")]
    links = body["gemeenten"][0]["links"]
    assert links == {"gebieden": f"{API}/gemeenten/{GM}/gebieden", "waarden": f"{API}/gemeenten/{GM}/waarden",
                     "profiel": f"{API}/gemeenten/{GM}/profielen/{GM}"}
    for url in links.values():
        get(client, url)


def test_gebieden_has_the_gemeente_13_kernen_12_wijken_97_buurten(client, sample):
    body = get(client, f"{API}/gemeenten/{GM}/gebieden")
    attributed(body)
    assert body["gemeente"] == {"code": GM, "naam": "Stichtse Vecht"}
    by_level = {}
    for area in body["gebieden"]:
        by_level.setdefault(area["niveau"], []).append(area)
    assert {k: len(v) for k, v in by_level.items()} == {"gemeente": 1, "kern": 13, "wijk": 12, "buurt": 97}
    assert [a["niveau"] for a in body["gebieden"]] == sorted(
        (a["niveau"] for a in body["gebieden"]), key=["gemeente", "kern", "wijk", "buurt"].index)

    kern = next(a for a in by_level["kern"] if a["code"] == "maarssen-dorp")
    group = AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug="maarssen-dorp")
    assert kern["naam"] == group.name and kern["ouder"] == GM
    assert [m["code"] for m in kern["leden"]] == sorted(m.area_id for m in group.members.all())
    assert all(m["naam"] for m in kern["leden"])
    assert kern["links"]["waarden"] == f"{API}/gemeenten/{GM}/waarden?gebied=maarssen-dorp"

    buurt = next(a for a in by_level["buurt"] if a["code"] == "BU19040101")
    assert (buurt["ouder"], buurt["leden"]) == ("WK190401", [])
    assert all(a["ouder"] == GM for a in by_level["wijk"]) and by_level["gemeente"][0]["ouder"] is None

    kernen = get(client, f"{API}/gemeenten/{GM}/gebieden", niveau="kern")
    assert kernen["niveau"] == "kern" and kernen["gebieden"] == by_level["kern"]
    profile = get(client, kern["links"]["profiel"])
    assert profile["profiel"]["area_name"] == "Maarssen-dorp"


def test_indicatoren_is_the_catalogue(client, sample):
    body = get(client, f"{API}/indicatoren")
    attributed(body)
    cat = catalogue()
    assert [i["id"] for i in body["indicatoren"]] == [i.id for i in cat.indicators]
    assert [t["id"] for t in body["themas"]] == [t.id for t in cat.themes]
    item = next(i for i in body["indicatoren"] if i["id"] == "eenzaam_pct")
    ind = cat.indicator("eenzaam_pct")
    assert (item["label"], item["definitie"], item["thema"], item["eenheid"], item["polariteit"]) == (
        ind.label, ind.definition, ind.theme, ind.unit, ind.polarity)
    assert item["groepen"] == list(ind.groups) == ["18+", "65+"]
    assert [b["tabel"] for b in item["bron"]] == ["50090NED"]
    assert item["bron"][0]["bronvermelding"].startswith("Bron: RIVM/GGD'en/CBS")


# --- waarden ---------------------------------------------------------------------------------------


def test_waarden_equal_the_export(client, data):
    body = get(client, f"{API}/gemeenten/{GM}/waarden", gebied="maarssen-dorp", indicator="eenzaam_pct")
    attributed(body)
    expected = data.export.filter((pl.col("area_code") == "maarssen-dorp") & (pl.col("indicator") == "eenzaam_pct"))
    assert body["totaal"] == expected.height == len(body["waarden"]) > 0
    assert body["waarden"] == public(expected).to_dicts()
    assert body["filters"] == {"gebied": "maarssen-dorp", "indicator": "eenzaam_pct", "periode": None, "groep": None,
                               "niveau": None}
    row = next(r for r in body["waarden"] if r["period"] == "2020" and r["group"] == "18+")
    assert row["status"] == "ok" and row["area_level"] == "kern"
    assert row["value"] == expected.filter((pl.col("period") == "2020") & (pl.col("group") == "18+"))["value"][0]
    assert 0 < row["value"] < 100 and row["comparison_gemeente"] in ("gunstiger", "vergelijkbaar", "ongunstiger")
    assert body["bronnen"] == sorted(set(expected["attribution"].to_list()))


def test_a_figure_that_is_not_ok_never_has_a_value(client, data):
    secret = data.export.filter(pl.col("status") == "geheim").row(0, named=True)
    body = get(client, f"{API}/gemeenten/{GM}/waarden", gebied=secret["area_code"], indicator=secret["indicator"],
               periode=secret["period"], groep=secret["group"])
    (row,) = body["waarden"]
    assert row["status"] == "geheim"
    assert (row["value"], row["lower"], row["upper"]) == (None, None, None)


def test_waarden_pages_cover_the_whole_export_in_order(client, data):
    rows, url, params = [], f"{API}/gemeenten/{GM}/waarden", {"limit": 5000}
    while url:
        body = get(client, url, **params)
        assert body["totaal"] == data.export.height and body["limit"] == 5000
        rows += body["waarden"]
        url, params = body["volgende"], {}
    assert len(rows) == data.export.height > 15000
    assert [(r["area_code"], r["indicator"], r["period"], r["group"]) for r in rows] == list(
        data.export.select("area_code", "indicator", "period", "group").iter_rows())
    assert not [r for r in rows if r["status"] != "ok" and any(r[k] is not None for k in ("value", "lower", "upper"))]
    assert {r["status"] for r in rows} >= {"ok", "geheim", "ontbreekt"}
    assert all(r["value"] is None or math.isfinite(r["value"]) for r in rows)


def test_waarden_filters_and_paging(client, data):
    url = f"{API}/gemeenten/{GM}/waarden"
    body = get(client, url, niveau="kern", periode="2020", groep="65+", limit=10, offset=5)
    expected = data.export.filter((pl.col("area_level") == "kern") & (pl.col("period") == "2020")
                                  & (pl.col("group") == "65+"))
    assert body["totaal"] == expected.height > 15
    assert body["waarden"] == public(expected.slice(5, 10)).to_dicts()
    assert body["volgende"] == f"{url}?periode=2020&groep=65%2B&niveau=kern&limit=10&offset=15"
    assert get(client, url, gebied="bu19040101", limit=1)["waarden"][0]["area_code"] == "BU19040101"
    assert get(client, url, gebied="NL01", limit=1)["waarden"][0]["area_level"] == "land"
    empty = get(client, url, niveau="kern", offset=10**6)
    assert empty["waarden"] == [] and empty["volgende"] is None and empty["totaal"] > 0


@pytest.mark.parametrize(("params", "status", "words"), [
    ({"indicator": "geluk_pct"}, 400, "indicator"),
    ({"limit": "tien"}, 400, "geheel getal"),
    ({"limit": "0"}, 400, "tussen 1 en 5000"),
    ({"limit": "5001"}, 400, "tussen 1 en 5000"),
    ({"limit": ""}, 400, "geheel getal"),
    ({"offset": "-1"}, 400, "geheel getal"),
    ({"groep": "12-"}, 400, "groep"),
    ({"niveau": "provincie"}, 400, "niveau"),
    ({"periode": "twintig"}, 400, "jaartal"),
    ({"periode": "1999"}, 404, "beschikbaar: 2012"),
    ({"gebied": "atlantis"}, 404, "hoort niet bij Stichtse Vecht"),
    ({"gebied": "BU03630000"}, 404, "hoort niet bij"),
    ({"gebied": "bad code!"}, 404, "hoort niet bij"),
])
def test_waarden_bad_parameters(client, sample, params, status, words):
    assert words.lower() in fout(client, f"{API}/gemeenten/{GM}/waarden", status, **params).lower()


@pytest.mark.parametrize("gemeente", ["GM0000", "GM0363", "xyz", "GM19044"])
def test_unknown_gemeente_is_404(client, sample, gemeente):
    for tail in ("gebieden", "waarden", f"profielen/{GM}"):
        assert "gemeente" in fout(client, f"{API}/gemeenten/{gemeente}/{tail}", 404).lower()


# --- profielen -------------------------------------------------------------------------------------


def test_profile_equals_the_kernfoto(client, sample):
    body = get(client, f"{API}/gemeenten/{GM}/profielen/maarssen-dorp", periode="2020")
    attributed(body)
    kernfoto = ProfileSource(GM).profile("maarssen-dorp", "2020").to_dict()
    kernfoto.pop("map_svg")
    api = body["profiel"]
    assert "map_svg" not in api
    assert json.loads(json.dumps(kernfoto)) == api
    figures = {f["indicator"]: f for t in api["themes"] for f in t["figures"]}
    assert len(figures) >= 10 and all(f["value"] is not None for f in figures.values() if f["status"] == "ok")
    assert body["bronnen"] == sorted({s["attribution"] for s in api["sources"]})
    assert body["periodes"] == gemeente_data(GM).periods


def test_profile_figure_equals_the_exported_value(client, data):
    api = get(client, f"{API}/gemeenten/{GM}/profielen/maarssen-dorp", periode="2020")["profiel"]
    fig = next(f for t in api["themes"] for f in t["figures"] if f["status"] == "ok" and f["unit"] == "%")
    row = data.export.filter((pl.col("area_code") == "maarssen-dorp") & (pl.col("indicator") == fig["indicator"])
                             & (pl.col("period") == (fig["period"] or "2020")) & (pl.col("group") == fig["group"]))
    assert round(fig["value"], 4) == row["value"][0]


def test_profile_default_period_map_and_codes(client, data):
    default = get(client, f"{API}/gemeenten/{GM}/profielen/GM1904")
    assert default["profiel"]["period"] == data.latest_period
    assert default["profiel"]["area_level"] == "gemeente"
    with_map = get(client, f"{API}/gemeenten/{GM}/profielen/WK190401", periode="2020", kaart="1")["profiel"]
    assert with_map["map_svg"].startswith("<svg") and with_map["area_level"] == "wijk"
    lower = get(client, f"{API}/gemeenten/gm1904/profielen/bu19040101", periode="2020")["profiel"]
    assert (lower["area_code"], lower["gemeente_code"]) == ("BU19040101", GM)


@pytest.mark.parametrize(("gebied", "params", "status"), [
    ("atlantis", {}, 404),
    ("NL01", {}, 404),
    ("maarssen-dorp", {"periode": "1999"}, 404),
    ("maarssen-dorp", {"periode": "2020-01"}, 400),
    ("maarssen-dorp", {"kaart": "ja"}, 400),
])
def test_profile_errors(client, sample, gebied, params, status):
    fout(client, f"{API}/gemeenten/{GM}/profielen/{gebied}", status, **params)


# --- protocol: methods, CORS, unknown addresses, determinism, schema, docs ---------------------------


def test_read_only_methods_and_cors(client, sample):
    url = f"{API}/gemeenten"
    response = client.post(url)
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["fout"] and response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(url)
    assert preflight.status_code == 204 and preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    fout(client, "/api/v2/iets", 404)
    fout(client, f"{API}/gemeenten/{GM}/gebieden/", 404)


def test_answers_are_deterministic(client, sample):
    for url in (f"{API}/gemeenten/{GM}/waarden?niveau=buurt&limit=500", f"{API}/gemeenten/{GM}/profielen/breukelen",
                f"{API}/gemeenten/{GM}/gebieden", f"{API}/indicatoren", "/api/openapi.json"):
        assert client.get(url).content == client.get(url).content


def test_openapi_schema(client, sample):
    schema = get(client, "/api/openapi.json")
    assert schema["openapi"] == "3.0.3"
    assert set(schema["paths"]) == {"/openapi.json", "/v1/gemeenten", "/v1/gemeenten/{gemeente}/gebieden",
                                    "/v1/indicatoren", "/v1/gemeenten/{gemeente}/waarden",
                                    "/v1/gemeenten/{gemeente}/profielen/{gebied}", "/v1/sociale-basis"}
    for path, item in schema["paths"].items():
        responses = item["get"]["responses"]
        assert "200" in responses
        if "{gemeente}" in path:
            assert {"400", "404"} <= set(responses)
    waarde = schema["components"]["schemas"]["Waarde"]
    from kernfoto.stats.export import EXPORT_COLUMNS

    assert list(waarde["properties"]) == EXPORT_COLUMNS
    assert waarde["properties"]["status"]["enum"] == ["ok", "geheim", "afgeschermd", "ontbreekt"]


def test_docs_page(client, sample):
    response = client.get("/api/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'lang="nl"' in html and "CC BY 4.0" in html and 'href="/api/openapi.json"' in html
    for example in (f"{API}/gemeenten", f"{API}/gemeenten/{GM}/gebieden", f"{API}/indicatoren",
                    f"{API}/gemeenten/{GM}/waarden?gebied=", f"{API}/gemeenten/{GM}/profielen/"):
        assert f'href="{example}' in html
    import re

    for href in re.findall(r'href="(/api/v1/[^"]+)"', html):
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href
