"""The gemeente overview (map, table, kernen at a glance), the kernfoto page, its PDF and the downloads."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser

import polars as pl
import pytest
from django.urls import reverse

from kernfoto.areas import geo
from kernfoto.profiles.build import display
from kernfoto.stats.catalogue import catalogue
from kernfoto.web.services import gemeente_data

GM = "GM1904"
SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"\d")


class Page(HTMLParser):
    """Headings, tables (caption and body rows as cell texts), selects with their labels, svgs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.tables: list[dict] = []
        self.labels: set[str] = set()
        self.selects: dict[str, str | None] = {}  # id -> selected value
        self.th_scopes: list[str | None] = []
        self.lang = None
        self._stack: list[str] = []
        self._table = None
        self._cell = None
        self._row = None
        self._select = None
        self._caption = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        if tag == "select":
            self._select = a.get("id")
            self.selects[self._select] = None
        if tag == "option" and self._select and "selected" in a:
            self.selects[self._select] = a.get("value")
        if tag == "table":
            self._table = {"caption": "", "rows": [], "in_body": False}
            self.tables.append(self._table)
        if tag == "caption":
            self._caption = True
        if tag == "tbody" and self._table is not None:
            self._table["in_body"] = True
        if tag == "tr" and self._table is not None and self._table["in_body"]:
            self._row = []
            self._table["rows"].append(self._row)
        if tag in ("td", "th"):
            if tag == "th":
                self.th_scopes.append(a.get("scope"))
            if self._row is not None:
                self._cell = []

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "caption":
            self._caption = False
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr":
            self._row = None
        if tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._caption and self._table is not None:
            self._table["caption"] += data
        if self._cell is not None:
            self._cell.append(data)

    def table(self, caption_start: str) -> dict:
        found = [t for t in self.tables if t["caption"].strip().startswith(caption_start)]
        assert found, [t["caption"] for t in self.tables]
        return found[0]


def parse(response) -> Page:
    page = Page()
    page.feed(response.content.decode("utf-8"))
    return page


def map_svg(html: str) -> ET.Element:
    match = re.search(r'<svg xmlns="http://www.w3.org/2000/svg"[^>]*role="group".*?</svg>', html, re.S)
    assert match, "no map"
    return ET.fromstring(match.group(0))


def assert_accessible(page: Page):
    assert page.lang == "nl"
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False)), page.headings
    assert all(scope in ("col", "row") for scope in page.th_scopes)
    assert all(t["caption"].strip() for t in page.tables)
    assert set(page.selects) <= page.labels  # every select has a label


def export_rows(indicator: str, level: str, period: str, group: str) -> pl.DataFrame:
    e = gemeente_data(GM).export
    return e.filter((pl.col("indicator") == indicator) & (pl.col("area_level") == level)
                    & (pl.col("period") == period) & (pl.col("group") == group))


def overview(client, **params):
    return client.get(reverse("web:overview", args=[GM]), params)


# ------------------------------------------------------------------------------------------ overview


def test_overview_map_legend_and_table(client, sample):
    response = overview(client)
    assert response.status_code == 200
    html = response.content.decode()
    page = parse(response)
    assert_accessible(page)
    assert "<h1 class=\"utrecht-heading-1\">Stichtse Vecht</h1>" in html
    # defaults: moeite met rondkomen per kern, the latest period with kern figures, 18+
    assert page.selects == {"indicator": "moeite_met_rondkomen_pct", "niveau": "kern", "periode": "2020", "groep": "18+"}
    assert 'type="submit">Toon kaart</button>' in html and 'method="get"' in html
    kern_figures = gemeente_data(GM).export.filter((pl.col("area_level") == "kern") & (pl.col("status") == "ok"))
    offered = re.findall(r'<option value="([a-z0-9_]+)"', html.split('id="indicator"')[1].split("</select>")[0])
    assert set(offered) == set(kern_figures["indicator"].to_list())  # the indicators with figures per kern
    assert html.count("<optgroup") == len({catalogue().indicator(i).theme for i in offered})
    # the map: one keyboard-reachable link per kern, named, and an image legend naming the classes
    svg = map_svg(html)
    links = svg.findall(f".//{SVG}a")
    assert len(links) == 13
    assert all(a.get("href").startswith(f"/gemeente/{GM}/") and a.get("aria-label") for a in links)
    legend = [g for g in svg.iter(f"{SVG}g") if g.get("role") == "img"]
    assert len(legend) == 1 and "Gunstiger dan de gemeente" in legend[0].get("aria-label")
    assert 'role="img"' in html
    assert "Gunstiger dan de gemeente" in html and reverse("web:methods") in html
    # the table alternative: one row per kern, the engine's figures, sorted from high to low
    table = page.table("Moeite met rondkomen per kern, 2020")
    assert len(table["rows"]) == 13
    expected = {r["area_name"]: r for r in export_rows("moeite_met_rondkomen_pct", "kern", "2020", "18+")
                .iter_rows(named=True)}
    ind = catalogue().indicator("moeite_met_rondkomen_pct")
    values = []
    for row in table["rows"]:
        r = expected[row[0]]
        assert row[1] == display(r["value"], ind)
        assert row[2] == display(r["gemeente_value"], ind) and row[3] == display(r["nl_value"], ind)
        assert row[4].endswith(r["comparison_gemeente"])
        values.append(r["value"])
    assert values == sorted(values, reverse=True)
    maarssenbroek = next(row for row in table["rows"] if row[0] == "Maarssenbroek")
    assert maarssenbroek[1] == display(expected["Maarssenbroek"]["value"], ind)
    # kernen at a glance, with links to their kernfoto's
    glance = page.table("Kerncijfers per kern")
    assert len(glance["rows"]) == 13 and "Kernen in één oogopslag" in html
    assert reverse("web:kernfoto", args=[GM, "maarssen-dorp"]) in html
    # downloads of what is on screen
    assert reverse("web:overview_download", args=[GM, "csv"]) + "?indicator=moeite_met_rondkomen_pct" in html
    assert "Download CSV" in html and "Download Excel" in html


def test_switching_indicator_and_level(client, sample):
    response = overview(client, indicator="eenzaam_pct", niveau="wijk", periode="2016")
    assert response.status_code == 200
    page = parse(response)
    assert page.selects["indicator"] == "eenzaam_pct" and page.selects["niveau"] == "wijk"
    assert page.selects["periode"] == "2016"
    table = page.table("Eenzaam per wijk, 2016")
    assert len(table["rows"]) == 12
    ind = catalogue().indicator("eenzaam_pct")
    expected = {r["area_code"]: r for r in export_rows("eenzaam_pct", "wijk", "2016", "18+").iter_rows(named=True)}
    first = table["rows"][0]
    code = next(c for c, r in expected.items() if gemeente_data(GM).area_name(c) == first[0])
    assert first[1] == display(expected[code]["value"], ind)
    assert len(map_svg(response.content.decode()).findall(f".//{SVG}a")) == 12
    buurten = parse(overview(client, niveau="buurt"))
    assert len(buurten.table("Moeite met rondkomen per buurt")["rows"]) == 97


def test_period_without_figures_falls_back_with_a_notice(client, sample):
    response = overview(client, indicator="inwoners_aantal", periode="2012")
    assert response.status_code == 200
    page = parse(response)
    assert page.selects["periode"] != "2012"
    assert "geen cijfers per kern over 2012" in response.content.decode()


def test_protected_figures_never_show_a_number(client, sample):
    secret = export_rows("moeite_met_rondkomen_pct", "buurt", "2020", "65+").filter(pl.col("status") != "ok")
    assert secret.height  # the sample has secret buurt figures for 65-plussers
    response = overview(client, indicator="moeite_met_rondkomen_pct", niveau="buurt", periode="2020", groep="65+")
    page = parse(response)
    rows = {row[0]: row for row in page.table("Moeite met rondkomen per buurt")["rows"]}
    data = gemeente_data(GM)
    for r in secret.iter_rows(named=True):
        row = rows[data.area_name(r["area_code"])]
        assert row[1] in ("geheim", "afgeschermd", "geen cijfer") and not NUMBER.search(row[1])
        assert row[1] == {"ontbreekt": "geen cijfer"}.get(r["status"], r["status"])
        assert not NUMBER.search(row[4])  # no comparison either
    # the map does not class them, and the downloads carry no value
    csv = client.get(reverse("web:overview_download", args=[GM, "csv"]),
                     {"indicator": "moeite_met_rondkomen_pct", "niveau": "buurt", "periode": "2020", "groep": "65+"})
    frame = pl.read_csv(io.StringIO("\n".join(line for line in csv.content.decode().splitlines()
                                              if not line.startswith("#"))), infer_schema_length=0)
    hidden = frame.filter(pl.col("area_code").is_in(secret["area_code"].to_list()))
    assert hidden.height == secret.height and hidden["value"].null_count() == hidden.height
    assert hidden["lower"].null_count() == hidden.height
    # a kern figure that is missing (65+ figures need 65-plussers per buurt) says "geen cijfer"
    missing = export_rows("ondergewicht_pct", "kern", "2020", "65+").filter(pl.col("status") != "ok")
    assert missing.height
    page = parse(overview(client, indicator="ondergewicht_pct", periode="2020", groep="65+"))
    rows = {row[0]: row for row in page.table("Ondergewicht per kern")["rows"]}
    for r in missing.iter_rows(named=True):
        assert rows[r["area_name"]][1] == "geen cijfer"


def test_overview_downloads(client, sample):
    params = {"indicator": "eenzaam_pct", "niveau": "wijk", "periode": "2020"}
    csv = client.get(reverse("web:overview_download", args=[GM, "csv"]), params)
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert 'filename="GM1904-eenzaam_pct-wijk-2020-18plus.csv"' in csv["Content-Disposition"]
    text = csv.content.decode()
    assert "# Bron: RIVM/GGD'en/CBS" in text and "CC BY 4.0" in text
    frame = pl.read_csv(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))))
    page = parse(overview(client, **params))
    on_screen = [row[0] for row in page.table("Eenzaam per wijk, 2020")["rows"]]
    assert frame["area_name"].to_list() == on_screen
    expected = export_rows("eenzaam_pct", "wijk", "2020", "18+").sort("area_code")
    assert frame.sort("area_code")["value"].to_list() == expected["value"].to_list()
    xlsx = client.get(reverse("web:overview_download", args=[GM, "xlsx"]), params)
    assert xlsx.status_code == 200
    sources = pl.read_excel(io.BytesIO(xlsx.content), sheet_name="bronnen", has_header=False)
    assert any("Bron: RIVM/GGD'en/CBS" in str(v) for v in sources.to_series(0).to_list())
    figures = pl.read_excel(io.BytesIO(xlsx.content), sheet_name="cijfers")
    assert figures.height == 12


# ------------------------------------------------------------------------------------------ kernfoto page


def test_kernfoto_page(client, sample):
    data = gemeente_data(GM)
    response = client.get(reverse("web:kernfoto", args=[GM, "maarssen-dorp"]), {"periode": "2020"})
    assert response.status_code == 200
    html = unescape(response.content.decode())
    page = parse(response)
    assert_accessible(page)
    assert "Maarssen-dorp</h1>" in html and 'aria-label="Kruimelpad"' in html
    assert f'href="{reverse("web:overview", args=[GM])}"' in html  # breadcrumb to the gemeente
    profile = data.profile("maarssen-dorp", "2020")
    figures = [f for block in profile.themes for f in block.figures]
    assert len(figures) > 10
    for f in figures:
        assert f.display in html
    assert "Download de kernfoto (PDF, A4)" in html
    assert reverse("web:kernfoto_pdf", args=[GM, "maarssen-dorp"]) + "?periode=2020" in html
    assert reverse("web:kernfoto_download", args=[GM, "maarssen-dorp", "csv"]) + "?periode=2020" in html
    assert page.selects["periode"] == "2020"
    assert len(page.tables) == len(profile.themes)
    # a wijk by its CBS code (any case) and the default period work too
    assert client.get(reverse("web:kernfoto", args=[GM, "wk190401"])).status_code == 200


def test_kernfoto_pdf(client, sample):
    response = client.get(reverse("web:kernfoto_pdf", args=[GM, "maarssen-dorp"]), {"periode": "2020"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="maarssen-dorp-2020.pdf"'
    assert response.content.startswith(b"%PDF") and b"/Count 1" in response.content


def test_kernfoto_download(client, sample):
    csv = client.get(reverse("web:kernfoto_download", args=[GM, "maarssen-dorp", "csv"]), {"periode": "2020"})
    assert csv.status_code == 200
    text = csv.content.decode()
    assert "# Bron: RIVM/GGD'en/CBS" in text
    frame = pl.read_csv(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))),
                        infer_schema_length=0)
    assert set(frame["area_code"].to_list()) == {"maarssen-dorp"}
    profile = gemeente_data(GM).profile("maarssen-dorp", "2020")
    shown = {(f.indicator, f.group, f.period or "2020") for b in profile.themes for f in b.figures}
    assert shown <= set(zip(frame["indicator"], frame["group"], frame["period"], strict=True))
    xlsx = client.get(reverse("web:kernfoto_download", args=[GM, "maarssen-dorp", "xlsx"]), {"periode": "2020"})
    assert pl.read_excel(io.BytesIO(xlsx.content), sheet_name="bronnen", has_header=False).height >= 2


# ------------------------------------------------------------------------------------------ not found


@pytest.mark.parametrize("url, params", [
    (("web:overview", ["GM9999"]), {}),
    (("web:overview", [GM]), {"indicator": "bestaat_niet"}),
    (("web:overview", [GM]), {"niveau": "provincie"}),
    (("web:overview", [GM]), {"periode": "1999"}),
    (("web:overview", [GM]), {"groep": "12-"}),
    (("web:overview_download", [GM, "pdf"]), {}),
    (("web:overview_download", [GM, "csv"]), {"indicator": "bestaat_niet"}),
    (("web:kernfoto", [GM, "atlantis"]), {}),
    (("web:kernfoto", [GM, "BU03070000"]), {}),
    (("web:kernfoto", ["GM9999", "maarssen-dorp"]), {}),
    (("web:kernfoto", [GM, "maarssen-dorp"]), {"periode": "1999"}),
    (("web:kernfoto_pdf", [GM, "atlantis"]), {}),
    (("web:kernfoto_download", [GM, "maarssen-dorp", "json"]), {}),
])
def test_not_found(client, sample, url, params):
    name, args = url
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nl"' in html and "Deze pagina bestaat niet" in html


# ------------------------------------------------------------------------------------------ the map itself


def test_choropleth_links_are_named_and_focusable(sample):
    data = gemeente_data(GM)
    from kernfoto.web.views_overview import area_shapes

    kernen = area_shapes(data, "kern")
    assert [s.code for s in kernen] == data.areas("kern")
    assert len(area_shapes(data, "wijk")) == 12 and len(area_shapes(data, "buurt")) == 97
    assert area_shapes(data, "kern") is kernen  # cached
    links = {s.code: f"/k/{s.code}/?a=1&b=2" for s in kernen}
    svg = geo.choropleth_svg(kernen, {"breukelen": "hoog"}, title="Kaart", legend=[("hoog", "Hoog")], links=links,
                             no_data_label="Geen cijfer")
    root = ET.fromstring(svg)
    assert root.get("role") == "group" and root.get("aria-label") == "Kaart"
    anchors = root.findall(f".//{SVG}a")
    assert [a.get("href") for a in anchors] == list(links.values())
    assert anchors[0].get("aria-label") == "Breukelen: Hoog"
    assert anchors[1].get("aria-label").endswith(": geen cijfer")
    assert [t.text for t in root.iter(f"{SVG}text")] == ["Hoog", "Geen cijfer"]
    plain = geo.choropleth_svg(kernen, {"breukelen": "hoog"}, title="Kaart", legend=[("hoog", "Hoog")])
    assert ET.fromstring(plain).get("role") == "img" and "<a " not in plain


# ------------------------------------------------------------------------------------------ speed


def test_pages_are_served_from_the_cache(client, sample, monkeypatch):
    import time

    from kernfoto.web import services

    urls = [reverse("web:overview", args=[GM]), reverse("web:overview", args=[GM]) + "?niveau=buurt",
            reverse("web:kernfoto", args=[GM, "maarssen-dorp"]) + "?periode=2020"]
    for url in urls:
        assert client.get(url).status_code == 200  # warm: computes the gemeente once
    built = []
    original = services.ProfileSource
    monkeypatch.setattr(services, "ProfileSource", lambda *a, **k: built.append(a) or original(*a, **k))
    for url in urls:
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        elapsed = time.perf_counter() - start
        assert elapsed < 0.5, f"{url} took {elapsed * 1000:.0f} ms"
    assert not built  # the engine did not run again
