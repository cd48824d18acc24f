"""The Sociale Monitor in the web application: the public page and its downloads, and the work page where an
analyst writes the introduction and the commentary per theme (who may, what is stored, what is refused)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from monitor_helpers import GM, PERIOD, client_for

from kernfoto.accounts.models import AuditLog
from kernfoto.monitor.models import MonitorText
from kernfoto.stats.catalogue import catalogue
from kernfoto.web.services import gemeente_data

REPORT_URL = f"/gemeente/{GM}/sociale-monitor/{PERIOD}/"
WORK_URL = f"/werk/{GM}/sociale-monitor/{PERIOD}/"


def _text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _post(analyst_client, **texts):
    data = {"inleiding": "", **{f"thema_{t.id}": "" for t in catalogue().themes}}
    data.update(texts)
    return analyst_client.post(WORK_URL, data)


# ------------------------------------------------------------------------------------------------- public


def test_report_page(sample):
    r = Client().get(REPORT_URL)
    assert r.status_code == 200
    html = r.content.decode()
    text = _text(r)
    assert reverse("monitor:report", args=[GM, PERIOD]) == REPORT_URL
    assert '<h1 class="utrecht-heading-1">Stichtse Vecht 2020</h1>' in html
    for c in catalogue().themes:
        assert f'<h2 class="utrecht-heading-2" id="{c.id}">{c.label}</h2>' in html
    assert "1. Meer emotioneel eenzame inwoners (26%) dan in 2016 (20%)." not in text  # a list, not typed numbers
    assert "Meer emotioneel eenzame inwoners (26%) dan in 2016 (20%). ▼ ongunstiger dan in 2016" in text
    assert f'href="{REPORT_URL}sociale-monitor-GM1904-2020.pdf"' in html
    assert f'href="{REPORT_URL}sociale-monitor-GM1904-2020.xlsx"' in html
    # maps with their table alternative; every table has a caption
    assert html.count('role="img"') >= 10 and html.count("<table") == html.count("<caption")
    assert "Eenzaam per kern, 2020, minst gunstig eerst" in text
    assert "Waar problemen zich opstapelen" in text and "Bijlage: alle cijfers" in text
    assert 'href="/gemeente/GM1904/sociale-monitor/2016/"' in html  # other years


def test_downloads(sample):
    c = Client()
    pdf = c.get(REPORT_URL + "sociale-monitor-GM1904-2020.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and 'filename="sociale-monitor-GM1904-2020.pdf"' in pdf["Content-Disposition"]
    xlsx = c.get(REPORT_URL + "sociale-monitor-GM1904-2020.xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert xlsx["Content-Disposition"] == 'attachment; filename="sociale-monitor-GM1904-2020.xlsx"'


@pytest.mark.parametrize(("url", "message"), [
    (REPORT_URL + "sociale-monitor-GM1904-2016.pdf", "heet sociale-monitor-GM1904-2020.pdf (of .xlsx)"),
    (REPORT_URL + "sociale-monitor-GM1904-2020.docx", "heet sociale-monitor-GM1904-2020.pdf (of .xlsx)"),
    (f"/gemeente/{GM}/sociale-monitor/2031/", "Voor Stichtse Vecht zijn er geen cijfers over 2031; kies een van deze"),
    ("/gemeente/GM9999/sociale-monitor/2020/", "Gemeente GM9999 is niet bekend"),
])
def test_unknown_period_gemeente_or_file_is_a_dutch_404(sample, url, message):
    r = Client().get(url)
    assert r.status_code == 404
    assert message in _text(r)


def test_latest_period_redirect(sample):
    r = Client().get(f"/gemeente/{GM}/sociale-monitor/")
    assert r.status_code == 302 and r["Location"] == f"/gemeente/{GM}/sociale-monitor/{gemeente_data(GM).latest_period}/"


# ------------------------------------------------------------------------------------------------- work page


def test_who_may_write_the_texts(sample, analyst, partner, outsider):
    visitor = Client().get(WORK_URL)
    assert visitor.status_code == 302 and visitor["Location"].startswith(reverse("accounts:login"))
    assert client_for(outsider).get(WORK_URL).status_code == 403
    assert client_for(partner).get(WORK_URL).status_code == 403
    assert client_for(partner).post(WORK_URL, {"inleiding": "Door een partner."}).status_code == 403
    assert not MonitorText.objects.exists()
    page = client_for(analyst).get(WORK_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="inleiding"' in html and all(f'name="thema_{t.id}"' in html for t in catalogue().themes)
    assert client_for(analyst).get(f"/werk/{GM}/sociale-monitor/").status_code == 200
    assert client_for(partner).get(f"/werk/{GM}/sociale-monitor/").status_code == 403


def test_dashboard_links_the_work_page_for_analysts_only(sample, analyst, partner):
    index = reverse("monitor:work", args=[GM])
    assert index in client_for(analyst).get(reverse("accounts:dashboard")).content.decode()
    assert index not in client_for(partner).get(reverse("accounts:dashboard")).content.decode()


def test_analyst_writes_texts_that_appear_in_the_report(sample, analyst):
    c = client_for(analyst)
    before = Client().get(REPORT_URL)
    assert "Toelichting van de analist" not in _text(before)
    r = _post(c, inleiding="Dit jaar keken we vooral naar eenzaamheid.\r\n\r\nDe raad vroeg erom.",
              thema_eenzaamheid_sociale_basis="Eenzaamheid onder ouderen blijft een zorg.")
    assert r.status_code == 302 and r["Location"] == WORK_URL
    texts = {t.theme: t for t in MonitorText.objects.filter(gemeente_id=GM, period=PERIOD)}
    assert set(texts) == {"", "eenzaamheid_sociale_basis"} and texts[""].updated_by == analyst
    log = AuditLog.objects.get(action="monitor.edit")
    assert log.user == analyst and log.gemeente == GM
    assert log.details == {"period": PERIOD, "themes": ["inleiding", "eenzaamheid_sociale_basis"]}
    page = _text(Client().get(REPORT_URL))  # the page cache follows the data generation
    assert "Inleiding Dit jaar keken we vooral naar eenzaamheid. De raad vroeg erom." in page
    assert "Toelichting van de analist Eenzaamheid onder ouderen blijft een zorg." in page
    assert "Dit jaar keken we" not in _text(Client().get(f"/gemeente/{GM}/sociale-monitor/2016/"))
    # the form shows what is stored; unchanged: nothing written
    assert "Eenzaamheid onder ouderen blijft een zorg." in c.get(WORK_URL).content.decode()
    r = _post(c, inleiding="Dit jaar keken we vooral naar eenzaamheid.\r\n\r\nDe raad vroeg erom.",
              thema_eenzaamheid_sociale_basis="Eenzaamheid onder ouderen blijft een zorg.")
    assert "Er is niets veranderd." in _text(c.get(r["Location"]))
    assert AuditLog.objects.filter(action="monitor.edit").count() == 1
    # an emptied field removes its text
    _post(c, inleiding="Dit jaar keken we vooral naar eenzaamheid.\r\n\r\nDe raad vroeg erom.")
    assert set(MonitorText.objects.values_list("theme", flat=True)) == {""}
    assert AuditLog.objects.filter(action="monitor.edit").first().details["themes"] == ["eenzaamheid_sociale_basis"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("inleiding", "Mail ons op j.jansen@example.nl voor vragen.", "Dit lijkt een e-mailadres te bevatten."),
    ("thema_jeugd", "x" * 2001, "Deze tekst is te lang: 2001 tekens, ten hoogste 2000."),
])
def test_bad_texts_are_refused_and_nothing_is_stored(sample, analyst, field, value, message):
    MonitorText.objects.create(gemeente_id=GM, period=PERIOD, theme="", text="Bestaande inleiding.")
    r = _post(client_for(analyst), **{field: value, "inleiding": value if field == "inleiding" else "Nieuw."})
    assert r.status_code == 400
    assert message in _text(r)
    assert list(MonitorText.objects.values_list("theme", "text")) == [("", "Bestaande inleiding.")]
    assert not AuditLog.objects.filter(action="monitor.edit").exists()


def test_work_page_for_a_period_without_figures_is_a_404(sample, analyst):
    assert client_for(analyst).get(f"/werk/{GM}/sociale-monitor/2031/").status_code == 404
