"""End-to-end: a resident submits an initiative with a letter of support; an analyst finds it and the letter.

The resident needs no account: from the public list of initiatives of Stichtse Vecht they choose their
kern, fill in the form (a first try with a file that only pretends to be a PDF is refused, and what they
typed is kept), and get a receipt with a reference number. The form's spam honeypot stays out of the
accessibility tree, and its minimum fill-in time (lowered to 1 second here) lets a person through. An
analyst logs in, opens "Inwonersinitiatieven beoordelen", finds the initiative with its private contact
details and downloads the letter. The form has no axe-core (WCAG 2.1 A/AA) violations at all, also with
its error summary; the other pages none that are serious or critical. Fixtures (chromium via Playwright,
live server with the sample): conftest.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright (Python) is not installed: pip install -e '.[test]'")

CHROMIUM = Path(os.getenv("KERNFOTO_CHROMIUM", "/usr/bin/chromium"))  # as in conftest.py
if not CHROMIUM.exists():
    pytest.skip(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium; or set KERNFOTO_CHROMIUM)",
                allow_module_level=True)

from browser_helpers import axe_violations, describe, log_in, new_page, serious  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

GM = "GM1904"
PASSWORD = "Vecht-en-plassen-2024!"
TITLE = "Samen koken in het dorpshuis"
LETTER = b"%PDF-1.4\n% steunbrief van de buren\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def analyst(site):
    from django.contrib.auth import get_user_model

    from kernfoto.accounts.models import Membership, Role

    user = get_user_model().objects.create_user("analist_sv", password=PASSWORD)
    Membership.objects.create(user=user, gemeente_id=GM, role=Role.ANALYST)
    return user


def fill_form(page: Page) -> None:
    page.get_by_label("Naam van uw initiatief").fill(TITLE)
    page.get_by_label("Wat gaat u doen?").fill("Elke donderdag koken vrijwilligers een maaltijd voor wie wil aanschuiven.")
    page.get_by_label("Voor wie is het?").fill("Ouderen die alleen wonen, en iedereen die gezelschap zoekt.")
    page.get_by_label("Kostenpost 1: waarvoor").fill("Boodschappen voor een jaar")
    page.get_by_label("Kostenpost 1: bedrag").fill("1.200")
    page.get_by_label("Kostenpost 2: waarvoor").fill("Pannen en serviesgoed")
    page.get_by_label("Kostenpost 2: bedrag").fill("450,50")
    page.get_by_label("Gevraagd bedrag").fill("1500")
    page.get_by_label("Hoeveel inwoners steunen het initiatief?").fill("38")
    page.get_by_role("group", name="Hoe heeft u die steun verzameld?").get_by_label("handtekeningenlijst").check()
    page.get_by_role("group", name="Bij welke thema's past uw initiatief?").get_by_label(
        "Eenzaamheid en sociale basis").check()
    page.get_by_label("Uw naam").fill("Jansen")
    page.get_by_label("E-mailadres").fill("kookgroep@example.org")
    page.get_by_label("Ik weet dat de naam van het initiatief").check()


def test_a_resident_submits_an_initiative_and_an_analyst_sees_it(site, browser, analyst, settings, tmp_path):
    from kernfoto.initiatives.models import Initiative, Status

    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.INITIATIVE_MIN_SECONDS = 1  # a person takes longer than 5 seconds; Playwright does not
    blocking: dict[str, list[str]] = {}

    # 1. The resident goes from the public list to the form of their kern (no JavaScript needed).
    resident = new_page(browser)
    resident.goto(f"{site}/gemeente/{GM}/initiatieven/")
    expect(resident.get_by_role("heading", level=1)).to_have_text("Inwonersinitiatieven in Stichtse Vecht")
    blocking["public list"] = describe(serious(axe_violations(resident, "public list")))
    resident.get_by_role("link", name="Een initiatief indienen").click()
    resident.get_by_label("Kern").select_option(label="Nigtevecht")
    resident.get_by_role("button", name="Verder").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Een initiatief indienen voor Nigtevecht")
    assert describe(axe_violations(resident, "form")) == []
    # the honeypot is not in the accessibility tree (screen readers skip it)
    expect(resident.get_by_role("textbox", name="Laat dit veld leeg")).to_have_count(0)
    expect(resident.locator("input[name=website]")).to_have_attribute("tabindex", "-1")

    # 2. A first try with a file that only pretends to be a PDF: refused, nothing stored, nothing typed lost.
    fill_form(resident)
    letters = resident.get_by_label("Steunbrieven en andere bijlagen")
    letters.set_input_files({"name": "steunbrief.pdf", "mimeType": "application/pdf",
                             "buffer": b"<html><script>alert(1)</script></html>"})
    resident.wait_for_timeout(1100)  # the minimum fill-in time
    resident.get_by_role("button", name="Initiatief indienen").click()
    summary = resident.get_by_role("alert")
    expect(summary).to_contain_text("Het formulier is nog niet goed ingevuld.")
    expect(summary).to_contain_text("Bijlage steunbrief.pdf is geen PDF-, JPEG-, PNG- of Word-bestand (.docx).")
    expect(resident.get_by_text("Uw bijlagen zijn nog niet bewaard.")).to_be_visible()
    expect(resident.get_by_label("Naam van uw initiatief")).to_have_value(TITLE)
    expect(resident.get_by_label("Kostenpost 2: bedrag")).to_have_value("450,50")
    assert not Initiative.objects.filter(title=TITLE).exists()
    assert describe(axe_violations(resident, "form with errors")) == []
    summary.get_by_role("link", name="Steunbrieven en andere bijlagen").click()  # the summary links to the field
    expect(letters).to_be_focused()

    # 3. With a real PDF letter: the receipt with a reference number.
    letters.set_input_files({"name": "Steunbrief buren.pdf", "mimeType": "application/pdf", "buffer": LETTER})
    resident.get_by_role("button", name="Initiatief indienen").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Bedankt! Uw initiatief is ingediend")
    initiative = Initiative.objects.get(title=TITLE)
    assert initiative.status == Status.INGEDIEND and initiative.kern.slug == "nigtevecht"
    expect(resident.locator("#kenmerk")).to_have_text(initiative.reference)
    expect(resident.locator("main")).not_to_contain_text("kookgroep@example.org")
    blocking["receipt"] = describe(serious(axe_violations(resident, "receipt")))
    # 4. The analyst finds it, with the private contact details and the letter.
    page = new_page(browser)
    log_in(page, site, "analist_sv", PASSWORD)
    page.get_by_role("link", name="Inwonersinitiatieven beoordelen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inwonersinitiatieven")
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("Nigtevecht")
    expect(row).to_contain_text("ingediend")
    blocking["work list"] = describe(serious(axe_violations(page, "work list")))
    row.get_by_role("link", name=initiative.reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".kf-private")).to_contain_text("kookgroep@example.org")
    blocking["work detail"] = describe(serious(axe_violations(page, "work detail")))
    with page.expect_download() as info:
        page.get_by_role("link", name="Steunbrief buren.pdf").click()
    download = info.value
    assert download.suggested_filename == "Steunbrief buren.pdf"
    assert Path(download.path()).read_bytes() == LETTER

    for context in {p.context for p in (resident, page)}:
        context.close()
    assert not any(blocking.values()), blocking
