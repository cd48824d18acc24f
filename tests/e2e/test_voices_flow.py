"""End-to-end: from a partner's conversation to a quote on the public kernfoto, in a real browser.

A partner of Maarssen-dorp logs in and adds a conversation with a consented quote (using the no-JS
"Stel thema's voor" round trip); an analyst logs in and approves the conversation and the quote; a
visitor then finds the quote on the kernfoto page of Maarssen-dorp and in its PDF (checked with
pdftotext). The fixtures (Debian's chromium via Playwright, live server with the sample) are those of
conftest.py. The pages of the workflow are also checked with axe-core (WCAG 2.1 A/AA): no serious or
critical violations.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright (Python) is not installed: pip install -e '.[test]'")

CHROMIUM = Path(os.getenv("KERNFOTO_CHROMIUM", "/usr/bin/chromium"))  # as in conftest.py
if not CHROMIUM.exists():
    pytest.skip(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium; or set KERNFOTO_CHROMIUM)",
                allow_module_level=True)

from browser_helpers import axe_violations, describe, log_in, new_page, serious  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

GM = "GM1904"
KERN = "maarssen-dorp"
PASSWORD = "Vecht-en-plassen-2024!"
SUMMARY = "Ouderen in het dorp voelen zich eenzaam sinds het buurthuis dicht is."
QUOTE = "Ik zie soms dagen niemand aan de deur."


@pytest.fixture
def people(site):
    """A partner of Maarssen-dorp and an analyst of Stichtse Vecht (after the sample is loaded by ``site``)."""
    from django.contrib.auth import get_user_model

    from kernfoto.accounts.models import Membership, Role
    from kernfoto.areas.models import AreaGroup

    users = get_user_model().objects
    partner = users.create_user("partner_maarssen", password=PASSWORD)
    Membership.objects.create(user=partner, gemeente_id=GM, role=Role.PARTNER).kernen.set(
        [AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug=KERN)])
    analyst = users.create_user("analist_sv", password=PASSWORD)
    Membership.objects.create(user=analyst, gemeente_id=GM, role=Role.ANALYST)
    return {"partner": partner, "analyst": analyst}


def test_a_consented_quote_goes_from_partner_via_analyst_to_the_public_kernfoto(site, browser, people):
    from kernfoto.voices.models import Quote, Status, Voice

    blocking: dict[str, list[str]] = {}

    # 1. The partner logs in and adds a conversation with a consented quote.
    partner = new_page(browser)
    log_in(partner, site, "partner_maarssen", PASSWORD)
    blocking["login+dashboard"] = describe(serious(axe_violations(partner, "dashboard partner")))
    expect(partner.get_by_text("Maarssen-dorp").first).to_be_visible()
    partner.get_by_role("link", name="Gesprek of signaal toevoegen").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("Gesprek of signaal toevoegen")
    expect(partner.get_by_text("geen namen, geen herleidbare details")).to_be_visible()  # the AVG notice
    expect(partner.get_by_label("Kern", exact=True)).to_have_value(str(people["partner"].memberships.get().kernen.get().pk))
    partner.get_by_role("group", name="Soort").get_by_label("gesprek").check()
    partner.get_by_role("group", name="Wie spreekt?").get_by_label("inwoner").check()
    partner.get_by_label("Samenvatting").fill(SUMMARY)
    partner.get_by_label("Tekst van citaat 1").fill(QUOTE)
    partner.get_by_label("De spreker geeft toestemming om citaat 1 te publiceren").check()

    # "Stel thema's voor": a POST round trip that checks the suggested themes and says which words matched
    partner.get_by_role("button", name="Stel thema's voor").click()
    suggestion = partner.get_by_role("status").filter(has_text="Voorgestelde thema's")
    expect(suggestion).to_contain_text("Eenzaamheid en sociale basis")
    expect(suggestion).to_contain_text("eenzaam")
    themes = partner.get_by_role("group", name=re.compile("^Thema's"))
    expect(themes.get_by_label("Eenzaamheid en sociale basis")).to_be_checked()
    expect(partner.get_by_label("Samenvatting")).to_have_value(SUMMARY)  # nothing typed is lost
    expect(partner.get_by_label("Tekst van citaat 1")).to_have_value(QUOTE)
    expect(partner.get_by_label("De spreker geeft toestemming om citaat 1 te publiceren")).to_be_checked()
    assert not Voice.objects.exists()  # a suggestion stores nothing
    blocking["voice form"] = describe(serious(axe_violations(partner, "voice form")))

    partner.get_by_role("button", name="Indienen").click()
    expect(partner.get_by_role("heading", level=1)).to_have_text("Gesprekken en signalen")
    expect(partner.get_by_role("status")).to_contain_text("is ingediend")
    expect(partner.get_by_role("table")).to_contain_text("ter beoordeling")
    blocking["voice list"] = describe(serious(axe_violations(partner, "voice list")))
    voice = Voice.objects.get()
    assert voice.status == Status.INGEDIEND and voice.kern.slug == KERN
    assert "eenzaamheid_sociale_basis" in voice.themes
    assert list(voice.quotes.values_list("text", "consent", "approved")) == [(QUOTE, True, False)]

    # Not public yet.
    visitor = new_page(browser)
    visitor.goto(f"{site}/gemeente/{GM}/{KERN}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Maarssen-dorp")
    expect(visitor.get_by_text(QUOTE)).to_have_count(0)

    # 2. The analyst logs in and approves the conversation with its quote.
    analyst = new_page(browser)
    log_in(analyst, site, "analist_sv", PASSWORD)
    analyst.get_by_role("link", name="Gesprekken en citaten beoordelen").click()
    expect(analyst.get_by_role("heading", level=1)).to_have_text("Gesprekken en signalen beoordelen")
    item = analyst.locator(f"#stem-{voice.pk}")
    expect(item).to_contain_text(SUMMARY)
    blocking["review queue"] = describe(serious(axe_violations(analyst, "review queue")))
    item.get_by_label(QUOTE).check()
    item.get_by_role("button", name=re.compile("^Goedkeuren")).click()
    expect(analyst.get_by_role("status")).to_contain_text("Goedgekeurd")
    voice.refresh_from_db()
    assert voice.status == Status.GOEDGEKEURD
    assert Quote.objects.get(voice=voice).publishable

    # 3. A visitor sees the quote on the kernfoto page and in its PDF.
    visitor.goto(f"{site}/gemeente/{GM}/{KERN}/")
    expect(visitor.get_by_text(QUOTE)).to_be_visible()
    href = visitor.locator("a[href*='kernfoto.pdf']").first.get_attribute("href")
    assert href and f"/{KERN}/kernfoto.pdf" in href
    response = visitor.request.get(urljoin(visitor.url, href))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    assert pdf.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is needed for the PDF check (Debian: apt-get install poppler-utils)")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    flat = " ".join(text.decode("utf-8").split())
    assert QUOTE in flat, flat[-2000:]

    for context in {p.context for p in (partner, analyst, visitor)}:
        context.close()
    assert not any(blocking.values()), blocking


def test_a_visitor_is_sent_to_the_login_page_and_a_wrong_password_is_explained(site, browser, people):
    page = new_page(browser)
    page.goto(f"{site}/werk/{GM}/gesprekken/nieuw/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert "next=" in page.url
    page.get_by_label("Gebruikersnaam").fill("partner_maarssen")
    page.get_by_label("Wachtwoord").fill("niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("gebruikersnaam")
    assert describe(serious(axe_violations(page, "login with error"))) == []
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    # back where the visitor wanted to go
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek of signaal toevoegen")
    page.context.close()


def test_analyst_pages_work_by_form_and_pass_axe(site, browser, people):
    from kernfoto.stats.models import Dataset
    from kernfoto.voices.models import ProfileReview, Publication

    page = new_page(browser)
    log_in(page, site, "analist_sv", PASSWORD)
    blocking: dict[str, list[str]] = {}

    # A bad file: the message names file, row and column, and nothing is imported.
    page.get_by_role("link", name="Gegevens importeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gegevens importeren")
    datasets = sorted(Dataset.objects.values_list("sha256", flat=True))
    page.get_by_label("Bestanden").set_input_files(
        {"name": "rivm_50090NED_2020_fout.csv", "mimeType": "text/csv", "buffer": b"WijkenEnBuurten,Codering_3\nx,GM19X4\n"})
    page.get_by_role("button", name="Cijfers importeren").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Niet geïmporteerd.")
    expect(alert).to_contain_text("bestand rivm_50090NED_2020_fout.csv")
    expect(page.get_by_label("Bestanden")).to_have_attribute("aria-invalid", "true")
    assert sorted(Dataset.objects.values_list("sha256", flat=True)) == datasets
    blocking["import with error"] = describe(serious(axe_violations(page, "import with error")))

    # Curated texts for Maarssen-dorp.
    page.goto(f"{site}/account/")
    page.get_by_role("link", name="Krachten en opgaven per kern").click()
    page.get_by_label("Kern", exact=True).select_option(KERN)
    page.get_by_role("button", name="Tonen").click()
    page.get_by_label("Krachten").fill("Een actieve dorpsraad.\nVeel vrijwilligers bij de sportclubs.")
    page.get_by_label("Opgaven").fill("Ontmoetingsplekken voor ouderen ontbreken.")
    page.get_by_role("button", name="Teksten opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("opgeslagen")
    expect(page.get_by_label("Krachten")).to_have_value("Een actieve dorpsraad.\nVeel vrijwilligers bij de sportclubs.")
    blocking["curated"] = describe(serious(axe_violations(page, "curated")))

    # "Herkent u dit beeld?"
    page.goto(f"{site}/account/")
    page.get_by_role("link", name=re.compile("Herkent u dit beeld")).click()
    page.get_by_label("Kern", exact=True).select_option(KERN)
    page.get_by_role("button", name="Tonen").click()
    page.get_by_role("group", name="Herkent u dit beeld?").get_by_label("deels").check()
    page.get_by_label("Toelichting").fill("De eenzaamheid onder ouderen herkennen we, de sportcijfers minder.")
    page.get_by_role("button", name="Antwoord opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("opgeslagen")
    expect(page.get_by_role("table").first).to_contain_text("sportcijfers")
    assert ProfileReview.objects.get().verdict == "deels"
    blocking["profile review"] = describe(serious(axe_violations(page, "profile review")))

    # Publish the default period; the date shows on the dashboard.
    page.goto(f"{site}/account/")
    page.get_by_role("link", name="Periode publiceren").click()
    blocking["publish"] = describe(serious(axe_violations(page, "publish")))
    page.get_by_role("button", name=re.compile(r"^Periode \d{4} publiceren")).first.click()
    expect(page.get_by_role("status")).to_contain_text("gepubliceerd op")
    publication = Publication.objects.get()
    page.goto(f"{site}/account/")
    expect(page.locator("main")).to_contain_text(f"periode {publication.period} op")
    page.context.close()
    assert not any(blocking.values()), blocking
