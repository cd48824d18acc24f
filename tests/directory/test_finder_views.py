"""The public pages of the sociale basis: the finder, one offer, and the printable list (PDF) of a kern."""

from __future__ import annotations

import re
import subprocess
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from finder_fixtures import GM, make_directory

from kernfoto.directory import pdf, search
from kernfoto.directory.models import Service
from kernfoto.profiles.typst_render import count_pdf_pages

FINDER = f"/gemeente/{GM}/sociale-basis/"


@pytest.fixture
def d(sample):
    search.clear()
    pdf.clear()
    return make_directory()


def text_of(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def result_names(response) -> list[str]:
    html = response.content.decode()
    return [unescape(m) for m in re.findall(r'<h3 class="utrecht-heading-3" id="aanbod-[^"]+"><a [^>]+>([^<]+)</a>', html)]


def test_urls():
    assert reverse("directory:finder", args=[GM]) == FINDER
    assert reverse("directory:kern_pdf", args=[GM, "breukelen"]) == FINDER + "breukelen.pdf"


def test_finder_without_filters_lists_the_active_offers(d):
    response = Client().get(FINDER)
    assert response.status_code == 200
    page = text_of(response)
    assert "Wat is er te doen en te halen in mijn kern?" in page
    everything = search.search(GM)
    assert f"{len(everything)} activiteiten en voorzieningen gevonden." in page
    assert result_names(response) == [h.name for h in everything[:20]]  # the first page
    assert "Repair café" not in [h.name for h in everything]  # inactive
    assert 'role="status"' in response.content.decode()
    # the form: labelled fields, the days as a group with a legend, the kern as a select
    html = response.content.decode()
    assert '<label class="utrecht-form-label" for="id_q">Zoekwoorden' in html
    assert re.search(r'<legend[^>]*>Op welke dag\?', html)
    assert '<option value="breukelen">Breukelen</option>' in html


def test_finder_with_kern_and_day(d):
    response = Client().get(FINDER, {"kern": "breukelen", "dag": "TH"})
    assert response.status_code == 200
    names = result_names(response)
    mine = [n for n in names if n in {"Beweegmaatje", "Spreekuur geldzaken", "Koffieochtend voor ouderen"}]
    assert mine == ["Beweegmaatje", "Spreekuur geldzaken"]
    page = text_of(response)
    assert "gevonden in of voor Breukelen, op donderdag." in page
    assert '<option value="breukelen" selected>Breukelen</option>' in response.content.decode()  # pre-selected
    assert 'value="TH" class="utrecht-radio-button utrecht-radio-button--html-input" id="id_dag_4" checked' in \
        response.content.decode()
    assert "Lijst van Breukelen om op te hangen (pdf, A4)" in page
    # one result in full: where, when, for whom, cost, contact, kind
    assert "Buurthuis Op de Hoek, Bisonspoor 1, 3605 KN Maarssen" in page
    assert "elke eerste donderdag van de maand 19.30–21.00 uur" in page
    assert "mensen met een laag inkomen, volwassenen" in page
    assert 'href="tel:0346000222"' in response.content.decode()
    assert "Welzijn Vechtstreek (test) (professioneel)" in page


def test_words_with_accents_and_the_empty_result(d):
    response = Client().get(FINDER, {"q": "cafe"})
    assert "Jeugdsoos Café 't Hoekje" in result_names(response)
    response = Client().get(FINDER, {"q": "paardrijden onderwatervoetbal"})
    assert response.status_code == 200
    assert result_names(response) == []
    page = text_of(response)
    assert "Niets gevonden met “paardrijden onderwatervoetbal”." in page
    assert "Er is geen activiteit of voorziening die bij alle keuzes past." in page


def test_example_data_and_stale_offers_are_marked(d):
    response = Client().get(FINDER, {"kern": "vreeland"})
    page = text_of(response)
    assert "Voorbeeld: de organisaties en activiteiten met “(voorbeeld)” zijn verzonnen." in page
    html = response.content.decode()
    eten = html.split('id="aanbod-' + str(d.eten.pk))[1].split("</article>")[0]
    assert "voorbeeld, verzonnen" in eten and "nooit gecontroleerd" in eten
    mantelzorg = html.split('id="aanbod-' + str(d.mantelzorg.pk))[1].split("</article>")[0]
    assert "langer dan een jaar niet gecontroleerd" in mantelzorg and "voorbeeld, verzonnen" not in mantelzorg


def test_no_example_notice_without_example_data(d):
    from kernfoto.directory.models import Organization

    assert "zijn verzonnen" in text_of(Client().get(FINDER))
    Organization.objects.filter(gemeente_id=GM, is_example=True).delete()  # the shipped sample and ours
    page = text_of(Client().get(FINDER))
    assert "zijn verzonnen" not in page and "voorbeeld, verzonnen" not in page
    assert "Koffieochtend voor ouderen" in page


def test_invalid_filters_get_a_dutch_message(d):
    response = Client().get(FINDER, {"kern": "atlantis", "dag": "XX"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Kern: Kies een kern uit de lijst." in page.replace(" : ", ": ") and "Kies een dag uit de lijst." in page
    assert "Het formulier is nog niet goed ingevuld." in page


def test_paging(d):
    org = d.welzijn
    for n in range(25):
        Service.objects.create(organization=org, name=f"Zzz-cursus {n:02d}", themes=["leefstijl"])
    response = Client().get(FINDER, {"q": "zzz cursus"})
    assert len(result_names(response)) == 20
    assert "25 activiteiten en voorzieningen gevonden met “zzz cursus”." in text_of(response)
    assert "pagina=2" in response.content.decode()
    second = Client().get(FINDER, {"q": "zzz cursus", "pagina": "2"})
    assert result_names(second) == [f"Zzz-cursus {n:02d}" for n in range(20, 25)]


def test_detail_page(d):
    response = Client().get(reverse("directory:detail", args=[GM, d.mantelzorg.pk]))
    assert response.status_code == 200
    page = text_of(response)
    for text in ("Mantelzorgsteunpunt", "Welzijn Vechtstreek (test) (professioneel)", "online",
                 "de hele gemeente Stichtse Vecht", "elke maandag, woensdag en vrijdag 9.00–17.00 uur",
                 "Arabisch, Nederlands", "langer dan een jaar niet gecontroleerd", "1 oktober 2024",
                 "Over Welzijn Vechtstreek (test)", "Welzijnswerk in Stichtse Vecht."):
        assert text in page, text
    example = text_of(Client().get(reverse("directory:detail", args=[GM, d.eten.pk])))
    assert "zijn verzonnen" in example and "voorbeeld, verzonnen" in example
    inactive = text_of(Client().get(reverse("directory:detail", args=[GM, d.repair.pk])))
    assert "niet actief" in inactive


def test_unknown_offer_gemeente_or_kern_is_a_dutch_404(d):
    import uuid

    response = Client().get(reverse("directory:detail", args=[GM, uuid.uuid4()]))
    assert response.status_code == 404
    assert "Dit aanbod staat niet (meer) in de sociale kaart van deze gemeente." in text_of(response)
    response = Client().get(reverse("directory:detail", args=["GM0307", d.koffie.pk]))
    assert response.status_code == 404
    assert Client().get("/gemeente/GM9999/sociale-basis/").status_code == 404
    response = Client().get(FINDER + "atlantis.pdf")
    assert response.status_code == 404 and "De kern 'atlantis' hoort niet bij Stichtse Vecht." in text_of(response)


def test_pages_show_new_data_at_once(d):
    client = Client()
    assert "Stoelyoga" not in text_of(client.get(FINDER))
    d.koffie.name = "Stoelyoga"
    d.koffie.save()
    assert "Stoelyoga" in result_names(client.get(FINDER, {"q": "stoelyoga"}))


# ------------------------------------------------------------------------------------------------- PDF


def pdf_text(body: bytes, tmp_path) -> str:
    path = tmp_path / "lijst.pdf"
    path.write_bytes(body)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", out.stdout)


def test_printable_list_of_a_kern(d, tmp_path):
    response = Client().get(FINDER + "breukelen.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(r'inline; filename="sociale-basis-breukelen-\d{4}-\d{2}-\d{2}\.pdf"',
                        response["Content-Disposition"])
    body = response.content
    assert count_pdf_pages(body) >= 1
    text = pdf_text(body, tmp_path)
    assert "Wat is er te doen en te halen in Breukelen?" in text
    for name in ("Koffieochtend voor ouderen", "Spreekuur geldzaken", "Beweegmaatje", "Mantelzorgsteunpunt"):
        assert name in text
    for name in ("Jeugdsoos", "Samen eten", "Repair"):
        assert name not in text
    assert "Voor inwoners van heel Stichtse Vecht" in text  # the gemeente-wide Mantelzorgsteunpunt
    assert "langer dan een jaar niet gecontroleerd" in text
    assert re.search(r"Gemaakt met Kernfoto op \d{1,2} \w+ 20\d\d", text)
    assert "pagina 1 van" in text
    size = subprocess.run(["pdfinfo", str(tmp_path / "lijst.pdf")], capture_output=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in size


def test_printable_list_says_voorbeeld(d, tmp_path):
    from finder_fixtures import TODAY

    view = pdf.list_view(GM, "vreeland", today=TODAY)
    text = pdf_text(pdf.render(view), tmp_path)
    assert "VOORBEELD. De organisaties en activiteiten met “(voorbeeld)” zijn verzonnen" in text
    examples = [e for part in ("local", "everywhere") for g in view[part] for e in g["items"] if e["example"]]
    assert "Samen eten (voorbeeld)" in [e["name"] for e in examples]
    assert text.count("VOORBEELD") == 1 + len(examples)  # the notice, and a tag on every example offer
    assert "29 november 2026" in text and "nooit gecontroleerd" in text


def test_printable_list_runs_over_several_pages(d, tmp_path):
    from finder_fixtures import TODAY

    for n in range(40):
        Service.objects.create(organization=d.welzijn, name=f"Cursus {n:02d}", themes=["leefstijl"],
                               description="Een cursus in het dorpshuis. " * 6, fees_description="€ 5 per les")
        s = Service.objects.get(name=f"Cursus {n:02d}")
        s.at_locations.create(location=d.dorpshuis)
    view = pdf.list_view(GM, "breukelen", today=TODAY)
    body = pdf.render(view)
    pages = count_pdf_pages(body)
    assert pages >= 3
    text = pdf_text(body, tmp_path)
    assert "Cursus 00" in text and "Cursus 39" in text and f"pagina {pages} van {pages}" in text
    assert view["count"] >= 44


def test_printable_lists_of_the_shipped_sample(sample, tmp_path):
    """Every kern of the example directory: one or more A4 pages with each of its offers, and "voorbeeld"."""
    from finder_fixtures import TODAY

    search.clear()
    if not any(h.is_example for h in search.search(GM, today=TODAY)):
        pytest.skip("the example directory (src/kernfoto/data/sociale_basis) is not loaded by load_demo")
    for kern in ("breukelen", "kockengen", "maarssenbroek"):
        view = pdf.list_view(GM, kern, today=TODAY)
        body = pdf.render(view)
        assert count_pdf_pages(body) >= 1
        text = pdf_text(body, tmp_path)
        expected = [h.name for h in search.search(GM, kern=kern, today=TODAY)]
        assert expected and view["count"] == len(expected)
        for name in expected:
            assert name in text, (kern, name)
        assert text.startswith(f"SOCIALE BASIS · STICHTSE VECHT Wat is er te doen en te halen in {view['kern']}?")
        assert "VOORBEELD. De organisaties en activiteiten" in text
        assert "29 november 2026" in text
