"""End-to-end in a real browser: an analyst writes the introduction of the Sociale Monitor, a visitor reads it
on the public report and opens the PDF; both pages pass axe-core (WCAG 2.1 A/AA: no serious or critical
violations) and the report's table of contents and tables are reachable with the keyboard.

The fixtures (Debian's chromium via Playwright, live server with the sample, reloaded after the module) are
those of conftest.py; the helpers those of browser_helpers.py.
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
from playwright.sync_api import expect  # noqa: E402

GM = "GM1904"
PERIOD = "2020"
PASSWORD = "Vecht-en-plassen-2024!"
INTRO = "In 2020 keek de raad vooral naar eenzaamheid onder ouderen."


def test_analyst_writes_the_introduction_and_a_visitor_reads_the_report(site, browser, page):
    from django.contrib.auth import get_user_model

    from kernfoto.accounts.models import Membership, Role
    from kernfoto.monitor.models import MonitorText

    user = get_user_model().objects.create_user("analist_monitor", password=PASSWORD)
    Membership.objects.create(user=user, gemeente_id=GM, role=Role.ANALYST)

    analyst = page
    log_in(analyst, site, "analist_monitor", PASSWORD)
    analyst.get_by_role("link", name="Sociale Monitor: inleiding en toelichting per thema").click()
    expect(analyst.get_by_role("heading", level=1)).to_have_text("Sociale Monitor")
    analyst.get_by_role("link", name=f"Teksten {PERIOD} schrijven").click()
    expect(analyst.get_by_role("heading", level=1)).to_have_text(f"Teksten voor de Sociale Monitor {PERIOD}")
    assert describe(serious(axe_violations(analyst, "monitor texts"))) == []
    analyst.get_by_label("Inleiding").fill(INTRO)
    analyst.get_by_label("Toelichting bij Jeugd").fill("Mail naar a.b@example.nl")  # personal data: refused
    analyst.get_by_role("button", name="Teksten opslaan").click()
    expect(analyst.get_by_role("alert")).to_contain_text("Toelichting bij Jeugd")
    assert not MonitorText.objects.exists()
    expect(analyst.get_by_label("Inleiding")).to_have_value(INTRO)  # nothing typed is lost
    analyst.get_by_label("Toelichting bij Jeugd").fill("")
    analyst.get_by_role("button", name="Teksten opslaan").click()
    expect(analyst.get_by_role("status")).to_contain_text(f"De teksten van de Sociale Monitor {PERIOD} zijn opgeslagen.")
    assert list(MonitorText.objects.values_list("theme", "text")) == [("", INTRO)]

    visitor = new_page(browser)
    visitor.goto(f"{site}/gemeente/{GM}/sociale-monitor/{PERIOD}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(f"Stichtse Vecht {PERIOD}")
    expect(visitor.get_by_role("heading", name="Inleiding", level=2)).to_be_visible()
    expect(visitor.get_by_text(INTRO)).to_be_visible()
    assert describe(serious(axe_violations(visitor, "monitor report"))) == []
    # the table of contents leads to a chapter
    visitor.get_by_role("navigation", name="Inhoud").get_by_role("link", name="Bestaanszekerheid").click()
    assert visitor.url.endswith("#bestaanszekerheid")
    expect(visitor.get_by_role("table", name="Moeite met rondkomen per kern, 2020, minst gunstig eerst")).to_be_visible()
    # the PDF link serves the report
    href = visitor.get_by_role("link", name="Rapport als pdf (A4)").get_attribute("href")
    response = visitor.request.get(site + href)
    assert response.status == 200 and response.body().startswith(b"%PDF")
    visitor.context.close()
