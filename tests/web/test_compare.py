"""Comparing areas, ranking one indicator and its development (views_compare), on the real sample of Stichtse Vecht."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser

import polars as pl
import pytest
from django.urls import reverse

from kernfoto.profiles.build import display
from kernfoto.stats.catalogue import catalogue
from kernfoto.web.services import gemeente_data

GM = "GM1904"
PAIR = {"gebied": ["maarssen-dorp", "maarssenbroek"], "periode": "2020"}
SECRET = 123456.0  # a value no page may ever show for a figure that is not "ok"


class _Tables(HTMLParser):
    """Tables of a page as {caption, rows: [[cell text, ...]]}; header and data cells alike."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def tables(response) -> list[dict]:
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def export_row(area: str, indicator: str, period: str, group: str) -> dict:
    frame = gemeente_data(GM).export.filter(
        (pl.col("area_code") == area) & (pl.col("indicator") == indicator) & (pl.col("period") == period)
        & (pl.col("group") == group))
    assert frame.height == 1
    return frame.row(0, named=True)


def csv_frame(response) -> tuple[list[str], pl.DataFrame]:
    text = response.content.decode("utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return comments, pl.read_csv(io.StringIO(body), infer_schema_length=0)


def compare_url(fmt: str | None = None) -> str:
    if fmt:
        return reverse("web:compare_download", args=[GM, fmt])
    return reverse("web:compare", args=[GM])


def indicator_url(indicator: str, fmt: str | None = None) -> str:
    if fmt:
        return reverse("web:indicator_download", args=[GM, indicator, fmt])
    return reverse("web:indicator", args=[GM, indicator])


# --- comparing areas ---------------------------------------------------------------------------------


def test_compare_form_without_selection(client, sample):
    response = client.get(compare_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<legend" in html and "Kies 2 tot 4 gebieden" in html
    for n in range(1, 5):
        assert f'<label class="utrecht-form-label" for="gebied-{n}">Gebied {n}</label>' in html
    assert 'method="get"' in html and 'type="submit"' in html
    assert "Kies minstens" not in html  # no message before anything was asked
    assert not tables(response)


def test_compare_two_kernen_shows_the_export_values(client, sample):
    response = client.get(compare_url(), PAIR)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Maarssen-dorp" in html and "Maarssenbroek" in html
    # the form keeps the choice, so it can be changed without JavaScript
    assert '<option value="maarssen-dorp" selected>' in html and '<option value="maarssenbroek" selected>' in html
    found = {t["caption"]: t for t in tables(response)}
    cat = catalogue()
    checked = 0
    for indicator in ("moeite_met_rondkomen_pct", "eenzaam_pct", "ervaren_gezondheid_goed_pct", "roker_pct"):
        ind = cat.indicator(indicator)
        theme = cat.theme(ind.theme).label
        table = next(t for caption, t in found.items() if caption.startswith(theme + ":"))
        header = table["rows"][0]
        assert header[1].startswith("Maarssen-dorp") and header[2].startswith("Maarssenbroek")
        assert header[3].startswith("Stichtse Vecht") and header[4] == "Nederland"
        row = next(r for r in table["rows"][1:] if r[0].startswith(ind.label))
        for column, area in ((1, "maarssen-dorp"), (2, "maarssenbroek"), (3, GM), (4, "NL01")):
            expected = export_row(area, indicator, "2020", ind.groups[0])
            assert expected["status"] == "ok"
            assert row[column].split(" ")[0] == display(expected["value"], ind), (indicator, area, row)
            if area not in (GM, "NL01") and expected["comparison_gemeente"] in ("gunstiger", "ongunstiger",
                                                                                   "vergelijkbaar"):
                assert row[column].endswith(expected["comparison_gemeente"])  # in words, not colour alone
            checked += 1
    assert checked == 16


def test_compare_takes_the_period_in_which_the_chosen_kernen_have_figures(client, sample):
    """For 2020 the population of the kernen comes from KWB 2022 (buurt figures), not from KWB 2019 in which
    only the gemeente has a figure; the cell of a column that lacks that period says which year it shows."""
    response = client.get(compare_url(), PAIR)
    table = next(t for t in tables(response) if t["caption"].startswith(catalogue().theme("bevolking").label + ":"))
    row = next(r for r in table["rows"][1:] if r[0].startswith(catalogue().indicator("inwoners_aantal").label))
    periods = {r["period"] for r in gemeente_data(GM).export.filter(
        (pl.col("indicator") == "inwoners_aantal") & (pl.col("area_code") == "maarssen-dorp")
        & (pl.col("status") == "ok")).iter_rows(named=True)}
    period = min(periods, key=lambda p: (abs(int(p) - 2020), int(p)))
    assert "cijfer van " + period in row[0]
    for column, area in ((1, "maarssen-dorp"), (2, "maarssenbroek")):
        expected = export_row(area, "inwoners_aantal", period, "totaal")
        assert row[column].split(" ")[0] == display(expected["value"], catalogue().indicator("inwoners_aantal"))


def test_compare_accepts_codes_of_every_level(client, sample):
    response = client.get(compare_url(), {"gebied": ["maarssen-dorp", "WK190402", "bu19040114", GM]})
    assert response.status_code == 200
    header = tables(response)[0]["rows"][0]
    assert [h.split(" (")[0] for h in header[1:]] == ["Maarssen-dorp", "Breukelen", "Park Vechtenstein",
                                                      "Stichtse Vecht", "Nederland"]


@pytest.mark.parametrize("areas, words", [
    (["maarssen-dorp"], "Kies minstens 2 gebieden"),
    (["maarssen-dorp", "maarssen-dorp"], "Kies minstens 2 gebieden"),
    (["maarssen-dorp", "maarssenbroek", "breukelen", "kockengen", "vreeland"], "Kies hoogstens 4 gebieden"),
])
def test_compare_needs_two_to_four_areas(client, sample, areas, words):
    response = client.get(compare_url(), {"gebied": areas})
    assert response.status_code == 200
    html = response.content.decode()
    assert words in html
    assert not tables(response)
    assert client.get(compare_url("csv"), {"gebied": areas}).status_code == 404


def test_compare_csv_has_sources_and_exactly_the_compared_areas(client, sample):
    response = client.get(compare_url("csv"), PAIR)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    comments, frame = csv_frame(response)
    health = export_row("maarssen-dorp", "moeite_met_rondkomen_pct", "2020", "18+")["attribution"]
    assert health.startswith("Bron: RIVM/GGD'en/CBS, Gezondheidsmonitor")
    assert f"# {health}" in comments
    assert any("CC BY 4.0" in line for line in comments)
    assert set(frame["area_code"].to_list()) == {"maarssen-dorp", "maarssenbroek", GM, "NL01"}
    # the same figures as on screen: one row per area and indicator, of the default group
    row = frame.filter((pl.col("area_code") == "maarssen-dorp") & (pl.col("indicator") == "moeite_met_rondkomen_pct"))
    assert row.height == 1
    expected = export_row("maarssen-dorp", "moeite_met_rondkomen_pct", "2020", "18+")
    assert float(row["value"][0]) == expected["value"] and row["group"][0] == "18+"
    xlsx = client.get(compare_url("xlsx"), PAIR)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


# --- one indicator: ranking and development ----------------------------------------------------------


def test_ranking_lists_all_kernen_best_first(client, sample):
    ind = catalogue().indicator("moeite_met_rondkomen_pct")
    assert ind.polarity == "laag_gunstig"
    response = client.get(indicator_url(ind.id), {"niveau": "kern", "periode": "2020"})
    assert response.status_code == 200
    html = response.content.decode()
    assert ind.definition in html and "50090NED" in html
    table = next(t for t in tables(response) if "rangorde" in t["caption"])
    rows = table["rows"][1:]
    expected = (gemeente_data(GM).export
                .filter((pl.col("area_level") == "kern") & (pl.col("indicator") == ind.id)
                        & (pl.col("period") == "2020") & (pl.col("group") == "18+") & (pl.col("status") == "ok"))
                .with_columns(pl.col("area_name").str.to_lowercase().alias("_name"))
                .sort(["value", "_name"]))
    assert expected.height == 13 and len(rows) == 13
    assert [r[1] for r in rows] == expected["area_name"].to_list()
    assert [r[2] for r in rows] == [display(v, ind) for v in expected["value"].to_list()]
    assert rows[0][0] == "1"
    for above, below in zip(rows, rows[1:], strict=False):  # figures that look the same share a place
        assert (above[0] == below[0]) if above[2] == below[2] else int(below[0]) > int(above[0])
    assert all(r[3] == "geen interval (modelschatting)" for r in rows)
    # the dot plot: one dot per kern plus the legend's, the gemeente and Nederland as lines, a text alternative
    svg = re.search(r"<svg[^>]*class=\"kf-dotplot\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert svg.count("<circle") == 13 + 1
    assert "stroke-dasharray" in svg
    # the download has the same order
    download = client.get(indicator_url(ind.id, "csv"), {"niveau": "kern", "periode": "2020"})
    comments, frame = csv_frame(download)
    assert frame["area_code"].to_list() == expected["area_code"].to_list()
    assert frame["rang"].to_list()[0] == "1"
    assert any(line.startswith("# Bron: RIVM") for line in comments)


def test_ranking_of_other_levels_and_groups(client, sample):
    response = client.get(indicator_url("eenzaam_pct"), {"niveau": "buurt", "groep": "18+"})
    assert response.status_code == 200
    table = next(t for t in tables(response) if "rangorde" in t["caption"])
    assert len(table["rows"]) - 1 == len(gemeente_data(GM).areas("buurt"))
    # buurten without a published figure come last, with the reason instead of a number
    assert table["rows"][-1][0] == "–" and table["rows"][-1][2] in ("geheim", "geen cijfer", "afgeschermd")
    assert client.get(indicator_url("inwoners_aantal"), {"niveau": "wijk"}).status_code == 200


def test_trend_spec_has_the_gemeente_values_of_every_period(client, sample):
    response = client.get(indicator_url("moeite_met_rondkomen_pct"), {"gebied": ["maarssen-dorp", "breukelen"]})
    assert response.status_code == 200
    html = response.content.decode()
    spec_text = re.search(r'<script id="kf-trend-spec" type="application/json">(.*?)</script>', html, re.S).group(1)
    spec = json.loads(spec_text)
    assert spec["description"]
    values = {(v["gebied"], v["periode"]): v["waarde"] for v in spec["data"]["values"]}
    for period in ("2012", "2016", "2020"):
        assert values[("Stichtse Vecht", period)] == export_row(GM, "moeite_met_rondkomen_pct", period, "18+")["value"]
        assert values[("Maarssen-dorp", period)] == export_row("maarssen-dorp", "moeite_met_rondkomen_pct", period,
                                                              "18+")["value"]
    assert {v["gebied"] for v in spec["data"]["values"]} == {"Stichtse Vecht", "Nederland", "Maarssen-dorp",
                                                              "Breukelen"}
    assert "vendor/vega/vega-embed.min.js" in html and "kernfoto/trend.js" in html
    assert "cdn" not in html.lower()
    # the same numbers as a table (the accessible alternative)
    table = next(t for t in tables(response) if "per jaar" in t["caption"])
    assert table["rows"][0] == ["Gebied", "2012", "2016", "2020"]
    assert [r[0] for r in table["rows"][1:]] == ["Stichtse Vecht", "Nederland", "Maarssen-dorp", "Breukelen"]


def test_trend_marks_a_boundary_change(client, sample):
    rows = gemeente_data(GM).export.filter((pl.col("indicator") == "inwoners_aantal") & (pl.col("area_code") == GM)
                                           & (pl.col("trend") == "niet vergelijkbaar"))
    assert rows.height  # the sample has one: KWB 2022 and 2024 are on other boundaries
    response = client.get(indicator_url("inwoners_aantal"))
    table = next(t for t in tables(response) if "per jaar" in t["caption"])
    gm_row = next(r for r in table["rows"] if r[0] == "Stichtse Vecht")
    assert any("niet vergelijkbaar" in cell for cell in gm_row)


def test_a_period_without_figures_for_the_group_falls_back_with_a_notice(client, sample):
    response = client.get(indicator_url("eenzaam_pct"), {"groep": "65+", "periode": "2012"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "zijn er geen cijfers van 2012" in html and "Rangorde van de kernen, 2020" in html
    assert client.get(indicator_url("eenzaam_pct"), {"periode": "1999"}).status_code == 404


def test_too_many_trend_areas_gives_a_message(client, sample):
    response = client.get(indicator_url("eenzaam_pct"),
                          {"gebied": ["maarssen-dorp", "maarssenbroek", "breukelen", "vreeland"]})
    assert response.status_code == 200
    assert "Kies hoogstens 3 gebieden" in response.content.decode()


# --- protected figures and errors --------------------------------------------------------------------


def test_a_figure_that_is_not_ok_never_shows_a_number(client, sample, monkeypatch):
    data = gemeente_data(GM)
    hit = (pl.col("area_code") == "maarssen-dorp") & (pl.col("indicator") == "moeite_met_rondkomen_pct")
    patched = data.export.with_columns(
        pl.when(hit).then(pl.lit("afgeschermd")).otherwise(pl.col("status")).alias("status"),
        *[pl.when(hit).then(pl.lit(SECRET)).otherwise(pl.col(c)).alias(c) for c in ("value", "lower", "upper")],
    )
    monkeypatch.setattr(data, "export", patched)
    assert gemeente_data(GM).export is patched
    pages = [
        client.get(compare_url(), PAIR),
        client.get(compare_url("csv"), PAIR),
        client.get(indicator_url("moeite_met_rondkomen_pct"), {"gebied": "maarssen-dorp"}),
        client.get(indicator_url("moeite_met_rondkomen_pct", "csv")),
    ]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode()
        assert "123456" not in text and "123.456" not in text
        assert "afgeschermd" in text
    ranking = next(t for t in tables(pages[2]) if "rangorde" in t["caption"])
    row = next(r for r in ranking["rows"] if r[1] == "Maarssen-dorp")
    assert row[0] == "–" and row[2] == "afgeschermd"


def test_secret_buurt_figure_says_geheim(client, sample):
    row = export_row("BU19040114", "beperking_bewegen_pct", "2020", "18+")
    assert row["status"] == "geheim"
    response = client.get(compare_url(), {"gebied": ["BU19040114", "maarssen-dorp"], "periode": "2020"})
    table = next(t for t in tables(response) if t["caption"].startswith("Zorg en ondersteuning"))
    cells = next(r for r in table["rows"] if r[0].startswith("Beperking in bewegen"))
    assert cells[1] == "geheim"


@pytest.mark.parametrize("url, params", [
    ("/gemeente/GM9999/vergelijk/", {}),
    ("/gemeente/GM9999/indicator/eenzaam_pct/", {}),
    ("/gemeente/GM1904/indicator/bestaat_niet/", {}),
    ("/gemeente/GM1904/indicator/bestaat_niet.csv", {}),
    ("/gemeente/GM1904/vergelijk/", {"gebied": ["maarssen-dorp", "BU99999999"]}),
    ("/gemeente/GM1904/vergelijk/", {"gebied": ["maarssen-dorp", "NL01"]}),
    ("/gemeente/GM1904/vergelijk/", {"gebied": ["maarssen-dorp", "maarssenbroek"], "periode": "1999"}),
    ("/gemeente/GM1904/vergelijk.pdf", PAIR),
    ("/gemeente/GM1904/indicator/eenzaam_pct/", {"niveau": "provincie"}),
    ("/gemeente/GM1904/indicator/eenzaam_pct/", {"groep": "12-18"}),
    ("/gemeente/GM1904/indicator/eenzaam_pct/", {"gebied": "onbekend-dorp"}),
    ("/gemeente/GM1904/indicator/eenzaam_pct.pdf", {}),
])
def test_unknown_things_are_404(client, sample, url, params):
    assert client.get(url, params).status_code == 404
