"""End-to-end: a resident finds what there is to do on Tuesday in Breukelen, with the keyboard only.

Debian's chromium via Playwright on the live server with the bundled sample, including the example
directory of the sociale basis (fixtures: conftest.py). The finder is a plain GET form: the resident tabs
to the kern select, types the kern's name, tabs to the days, picks Tuesday with the arrow keys, presses
Enter on "Zoeken", reads the number of results (a status message), and opens the first result with Enter.
axe-core (WCAG 2.1 A and AA) finds no violation at all on the three pages.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright (Python) is not installed: pip install -e '.[test]'")

CHROMIUM = Path(os.getenv("KERNFOTO_CHROMIUM", "/usr/bin/chromium"))  # as in conftest.py
if not CHROMIUM.exists():
    if os.getenv("CI"):
        pytest.fail(f"no chromium at {CHROMIUM}, but CI is set", pytrace=False)
    pytest.skip(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium; or set KERNFOTO_CHROMIUM)",
                allow_module_level=True)

from browser_helpers import axe_violations, describe  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

GM = "GM1904"
FINDER = f"/gemeente/{GM}/sociale-basis/"


def focused(page: Page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.tagName")


def test_resident_finds_tuesday_in_breukelen_with_the_keyboard(site, page):
    from kernfoto.directory import search

    search.clear()
    expected = [h.name for h in search.search(GM, kern="breukelen", day="TU")]
    assert expected, "the example directory has offers in Breukelen on Tuesday"

    response = page.goto(site + FINDER)
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text("Wat is er te doen en te halen in mijn kern?")
    expect(page.locator("#voorbeeld-melding")).to_contain_text("Voorbeeld")
    assert describe(axe_violations(page, "zoeker")) == []

    # From the words field on, with the keyboard only.
    page.locator("#id_q").focus()
    page.keyboard.press("Tab")
    assert focused(page) == "id_kern"
    page.keyboard.type("Breukelen")
    expect(page.locator("#id_kern")).to_have_value("breukelen")
    page.keyboard.press("Tab")
    assert focused(page) == "id_afstand"  # default: only offers in or for the kern
    expect(page.locator("#id_afstand")).to_have_value("0")
    page.keyboard.press("Tab")
    assert focused(page) == "id_thema"
    page.keyboard.press("Tab")
    assert focused(page) == "id_doelgroep"
    page.keyboard.press("Tab")
    assert focused(page) == "id_dag_0"  # the checked radio button of the group: "maakt niet uit"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert focused(page) == "id_dag_2"
    expect(page.locator("#id_dag_2")).to_be_checked()  # dinsdag
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Zoeken")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"kern=breukelen.*dag=TU|dag=TU.*kern=breukelen"))
    count = page.locator("#aantal")
    expect(count).to_have_attribute("role", "status")
    noun = "activiteit of voorziening" if len(expected) == 1 else "activiteiten en voorzieningen"
    expect(count).to_have_text(f"{len(expected)} {noun} gevonden in of voor Breukelen, op dinsdag.")
    headings = page.locator(".kf-sb-result h3")
    expect(headings).to_have_count(min(len(expected), 20))
    assert headings.all_inner_texts() == expected[:20]
    for article in page.locator(".kf-sb-result").all():
        expect(article.locator("dd").nth(1)).to_contain_text("dinsdag")  # "Wanneer"
    expect(page.locator("#id_kern")).to_have_value("breukelen")  # the choices stay
    expect(page.locator("#id_dag_2")).to_be_checked()
    expect(page.get_by_role("link", name="Lijst van Breukelen om op te hangen (pdf, A4)")).to_be_visible()
    assert describe(axe_violations(page, "resultaten")) == []

    # Tab to the first result and open it with Enter.
    first = page.locator(".kf-sb-result h3 a").first
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.closest('.kf-sb-result h3') !== null"):
            break
    else:
        pytest.fail("no result could be reached with Tab")
    assert page.evaluate("() => document.activeElement.textContent") == first.inner_text()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(expected[0])
    expect(page.locator(".kf-sb-facts")).to_contain_text("dinsdag")
    assert describe(axe_violations(page, "aanbod")) == []
