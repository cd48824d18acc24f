"""What the gap analysis produces: the ``kernfoto gaps`` export, the matrix and explanation pages, and the
"Sociale basis" block of the kernfoto (web page, HTML and PDF)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from gaps_fixtures import GM, clear, offer, organization

from kernfoto.cli import main
from kernfoto.directory import gaps
from kernfoto.profiles.build import ProfileSource
from kernfoto.profiles.html_render import render_html
from kernfoto.profiles.typst_render import TypstRenderer, count_pdf_pages

FIELDS = [f.name for f in dataclasses.fields(gaps.GapCell)]
LINES_MAARSSENBROEK = (
    "3 activiteiten en voorzieningen in, bij of voor deze kern.",
    "Hoge nood, geen aanbod: bestaanszekerheid (moeite met rondkomen 14%, gemeente 12%).",
    "Hoge nood, geen aanbod: wonen (ernstige geluidhinder door buren 7%, gemeente 6%).",
    "Ook nood met weinig of geen aanbod: leefstijl.",
)


@pytest.fixture
def directory(sample):
    """Example offer in Maarssenbroek for everything but money matters (the gap the sample story is about)."""
    from kernfoto.web.services import clear_cache

    clear()
    clear_cache()  # computed pages of earlier tests may carry the same data generation
    org = organization("Welzijn Broek (voorbeeld)", example=True)
    offer(org, "Koffie-inloop (voorbeeld)", ["eenzaamheid_sociale_basis", "gezondheid"], kern_slug="maarssenbroek")
    offer(org, "Luisterlijn (voorbeeld)", ["eenzaamheid_sociale_basis", "gezondheid"], serves=("maarssenbroek",))
    offer(org, "Wandelgroep (voorbeeld)", ["leefstijl"], kern_slug="maarssenbroek")
    yield GM
    clear_cache()


# ---------------------------------------------------------------------------------------------- the command


def test_gaps_command_csv_and_json(directory, tmp_path):
    result = CliRunner().invoke(main, ["gaps", "--gemeente", "GM1904", "--period", "2020", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == FIELDS
    assert len(rows) == 13 * 8
    assert [(r["kern_slug"], r["theme"]) for r in rows[:2]] == [("breukelen", "gezondheid"), ("breukelen", "leefstijl")]
    mb = {r["theme"]: r for r in rows if r["kern_slug"] == "maarssenbroek"}
    assert mb["bestaanszekerheid"]["label"] == "hoge nood, geen aanbod"
    assert mb["bestaanszekerheid"]["classification"] == "hoge_nood_geen_aanbod"
    assert mb["bestaanszekerheid"]["residents_affected"] == "3130"
    assert "Moeite met rondkomen 14% (gemeente 12%): ongeveer 3.130 inwoners" in mb["bestaanszekerheid"]["need_indicators"]
    assert mb["gezondheid"]["offer"] == "2" and mb["gezondheid"]["label"] == "nood, wel aanbod"
    assert mb["gezondheid"]["services"] == "Koffie-inloop (voorbeeld); Luisterlijn (voorbeeld)"
    assert mb["gezondheid"]["is_example"] == "ja" and mb["bestaanszekerheid"]["is_example"] == "nee"
    assert mb["leefstijl"]["label"] == "hoge nood, weinig aanbod"

    out = tmp_path / "gaps.json"
    result = CliRunner().invoke(main, ["gaps", "--gemeente", "gm1904", "--period", "2020", "--format", "json",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "104 regels (kern x thema), 14 met nood en weinig of geen aanbod (het aanbod bevat voorbeeldgegevens)" in said
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [list(d) for d in data[:1]] == [FIELDS]
    assert [(d["kern_slug"], d["theme"], d["label"], d["offer"]) for d in data] == [
        (r["kern_slug"], r["theme"], r["label"], int(r["offer"])) for r in rows]
    jm = next(d for d in data if d["kern_slug"] == "maarssenbroek" and d["theme"] == "gezondheid")
    assert jm["services"] == ["Koffie-inloop (voorbeeld)", "Luisterlijn (voorbeeld)"] and jm["is_example"] is True


def test_gaps_command_distance_and_errors(directory):
    far = CliRunner().invoke(main, ["gaps", "--gemeente", "GM1904", "--period", "2020", "--format", "json",
                                    "--afstand", "50"])
    assert far.exit_code == 0, far.output
    leefstijl = {d["kern_slug"]: d["offer"] for d in json.loads(far.stdout) if d["theme"] == "leefstijl"}
    # the Wandelgroep has no coordinates, so no distance: only Maarssenbroek, whatever the distance
    assert {k: n for k, n in leefstijl.items() if n} == {"maarssenbroek": 1}
    for args, message in [
        (["--gemeente", "GM9999", "--period", "2020"], "gemeente GM9999 is niet bekend"),
        (["--gemeente", "GM1904", "--period", "1999"], "geen cijfers over 1999; beschikbare jaren: 2012"),
        (["--gemeente", "GM1904", "--period", "2020", "--afstand", "-1"], "tussen 0 en 50 km"),
    ]:
        result = CliRunner().invoke(main, ["gaps", *args])
        assert result.exit_code == 1, (args, result.output)
        assert message in " ".join(result.output.split()), (args, result.output)


# ---------------------------------------------------------------------------------------------- the pages


def test_matrix_page(directory, client):
    response = client.get("/gemeente/GM1904/nood-en-aanbod/?periode=2020")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html and 'scope="col">Bestaanszekerheid</th>' in html and 'scope="row"' in html
    row = html[html.index(">Maarssenbroek</a>"):]
    row = row[:row.index("</tr>")]
    cells = row.split("<td")[1:]
    assert len(cells) == 8
    money = cells[[t.id for t in gaps.need_themes()].index("bestaanszekerheid")]
    assert "kf-gap--tekort" in money and "Hoge nood, geen aanbod" in money
    # the figure that concerns the most residents is shown, the SES-WOZ score is folded away
    assert 'kf-gap-fig">Moeite met rondkomen 14% (gemeente 12%): ongeveer 3.130 inwoners</span>' in money
    assert "<summary>1 ander cijfer" in money and "Sociaaleconomische status (SES-WOZ) 0,13 in 2022" in money
    assert "Geen aanbod" in money
    health = cells[0]
    assert "Nood, wel aanbod" in health and "2 aanbod" in health and "(voorbeeld)" in health
    assert "/gemeente/GM1904/sociale-basis/?kern=maarssenbroek&amp;thema=gezondheid" in health
    assert "Voorbeeld.</strong>" in html  # the directory holds example data
    assert 'href="/gemeente/GM1904/nood-en-aanbod/uitleg/"' in html


def test_matrix_page_choices_and_errors(directory, client):
    near = client.get("/gemeente/GM1904/nood-en-aanbod/?periode=2020&afstand=0,5").content.decode()
    assert '<option value="0.5" selected>0,5 km</option>' in near and "tot 0,5 km ervandaan" in near
    for url, message in [
        ("/gemeente/GM1904/nood-en-aanbod/?periode=1999", "geen cijfers over 1999"),
        ("/gemeente/GM1904/nood-en-aanbod/?afstand=ver", "is geen getal"),
        ("/gemeente/GM1904/nood-en-aanbod/?afstand=80", "tussen 0 en 50 km"),
        ("/gemeente/GM9999/nood-en-aanbod/", "GM9999"),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert message in response.content.decode(), url


def test_matrix_without_directory_says_so(sample, client):
    from kernfoto.web.services import clear_cache

    clear()
    clear_cache()
    html = client.get("/gemeente/GM1904/nood-en-aanbod/?periode=2020").content.decode()
    assert "De sociale kaart van Stichtse Vecht is nog leeg" in html and "Voorbeeld.</strong>" not in html
    clear_cache()


def test_explanation_page_is_made_from_the_rule(sample, client):
    response = client.get("/gemeente/GM1904/nood-en-aanbod/uitleg/")
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    for cls in gaps.CLASSES:
        assert cls.explanation in html
        assert f"{cls.label[:1].upper()}{cls.label[1:]}" in html
    for level in gaps.NEED_LEVELS:
        assert gaps.NEED_TEXT[level] in html
    assert "minstens 2 indicatoren" in html and "1.000 inwoners" in html and "een derde" in html
    assert "binnen 1 km van de grens van de kern" in html and "afgerond op tientallen" in html
    assert "hoge nood en 2 of meer aanbod; of verhoogde nood en 1 of meer aanbod" in html
    assert "Moeite met rondkomen" in html  # the indicators per theme come from the catalogue
    assert "Niet in de vergelijking: bevolking" in html


# ---------------------------------------------------------------------------------------------- the kernfoto


def test_kernfoto_block_of_a_kern(directory):
    source = ProfileSource(GM, today="2026-11-29")
    profile = source.profile("maarssenbroek", "2020")
    assert profile.socialbase.title == "Sociale basis (voorbeeldgegevens)"
    assert profile.socialbase.items == LINES_MAARSSENBROEK
    links = profile.extra["socialbase_links"]
    # the finder counts at the analysis' distance, like the block's first line
    assert links[0] == {"href": "/gemeente/GM1904/sociale-basis/?kern=maarssenbroek&afstand=1",
                        "text": "Wat is er te doen en te halen in Maarssenbroek?"}
    assert links[1]["href"] == "/gemeente/GM1904/nood-en-aanbod/?periode=2020"
    html = render_html(profile)
    for line in LINES_MAARSSENBROEK:
        assert line in html
    assert "sociale-basis/?kern=" not in html  # the standalone page has no server: no links
    # a kern without any offer reaching it, and a wijk
    kockengen = source.profile("kockengen", "2020").socialbase
    assert kockengen.title == "Sociale basis" and kockengen.items[0].startswith("0 activiteiten en voorzieningen")
    wijk = source.profile("WK190412", "2020").socialbase
    assert wijk.items == () and "op de kernfoto van elke kern" in wijk.empty_text


def test_kernfoto_block_on_the_web_page(directory, client):
    html = client.get("/gemeente/GM1904/maarssenbroek/?periode=2020").content.decode()
    assert LINES_MAARSSENBROEK[1] in html
    assert 'href="/gemeente/GM1904/sociale-basis/?kern=maarssenbroek&amp;afstand=1"' in html
    assert 'href="/gemeente/GM1904/nood-en-aanbod/?periode=2020"' in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_kernfoto_block_in_the_pdf(directory, tmp_path):
    source = ProfileSource(GM, today="2026-11-29")
    renderer = TypstRenderer()
    pdf = renderer.render(source.profile("maarssenbroek", "2020"))
    assert count_pdf_pages(pdf) == 1
    path = tmp_path / "k.pdf"
    path.write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Sociale basis (voorbeeldgegevens" in text
    assert "Hoge nood, geen aanbod: bestaanszekerheid (moeite met rondkomen 14%, gemeente 12%)." in text
    assert "3 activiteiten en voorzieningen in, bij of voor deze kern." in text


def test_kernfoto_block_when_the_directory_is_empty(sample):
    clear()
    block = ProfileSource(GM).profile("maarssenbroek", "2020").socialbase
    assert block.items == () and block.empty_text.startswith("De sociale kaart van deze gemeente is nog leeg")
