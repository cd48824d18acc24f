"""End-to-end: a visitor in a real browser (Debian's chromium via Playwright) on the live web application.

The flows use the bundled real sample of Stichtse Vecht (see conftest.py for how the data reach the
live server). Each page that a visitor reaches is also checked with axe-core (vendored in
tests/assets/) against WCAG 2.1 A and AA: no serious or critical violation is allowed; the others
are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright (Python) is not installed: pip install -e '.[test]'")

CHROMIUM = Path(os.getenv("KERNFOTO_CHROMIUM", "/usr/bin/chromium"))  # as in conftest.py
if not CHROMIUM.exists():
    if os.getenv("CI"):  # CI installs chromium (.ci/run): there the browser tests must run, not vanish
        pytest.fail(f"no chromium at {CHROMIUM}, but CI is set", pytrace=False)
    pytest.skip(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium; or set KERNFOTO_CHROMIUM)",
                allow_module_level=True)

from browser_helpers import axe_violations, describe, serious  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

GM = "/gemeente/GM1904/"
KERN_BLUE = "rgb(21, 66, 115)"  # --kf-blue of the theme (kernfoto.css), applied by the NL Design System CSS


def test_visitor_finds_compares_and_downloads_the_figures_of_a_kern(site, page):
    stylesheets: dict[str, int] = {}
    page.on("response", lambda r: stylesheets.__setitem__(urlsplit(r.url).path, r.status)
            if r.request.resource_type == "stylesheet" else None)

    # Home: the NL Design System CSS and the theme are served and applied.
    page.goto(site + "/")
    expect(page).to_have_title(re.compile("Gemeenten"))
    assert stylesheets.get("/static/vendor/nlds/utrecht-component-library.css") == 200, stylesheets
    assert stylesheets.get("/static/kernfoto/kernfoto.css") == 200, stylesheets
    h1 = page.locator("h1")
    assert h1.evaluate("e => getComputedStyle(e).color") == KERN_BLUE  # .utrecht-heading-1 reads the theme token
    assert "DejaVu Sans" in page.locator("body").evaluate("e => getComputedStyle(e).fontFamily")

    # To the overview of Stichtse Vecht.
    page.get_by_role("link", name="Stichtse Vecht").first.click()
    expect(page).to_have_url(re.compile(GM + "$"))
    expect(page.locator("h1")).to_have_text("Stichtse Vecht")
    button = page.get_by_role("button", name="Toon kaart")
    assert button.evaluate("e => getComputedStyle(e).backgroundColor") == KERN_BLUE  # utrecht-button--primary-action
    caption = page.locator("#tabel-titel")
    before = caption.inner_text()
    assert page.locator(".kf-ov-map svg a").count() >= 5  # one link per kern on the map

    # Switch the map to another indicator with the form.
    select = page.locator("select#indicator")
    current = select.input_value()
    options = select.locator("option").evaluate_all("os => os.map(o => [o.value, o.textContent.trim()])")
    assert len(options) > 5
    value, label = next((v, t) for v, t in options if v != current and "pct" in v)
    select.select_option(value)
    button.click()
    page.wait_for_url(re.compile(r"indicator=" + value))
    expect(page.locator("select#indicator")).to_have_value(value)  # the choice persists
    expect(caption).to_contain_text(label)
    assert caption.inner_text() != before
    expect(page.locator("h2#kaart")).to_contain_text(label)
    expect(page).to_have_title(re.compile(re.escape(label)))

    # To the kernfoto of Maarssen-dorp from the table.
    page.locator(".kf-ov-table").get_by_role("link", name="Maarssen-dorp", exact=True).click()
    expect(page).to_have_url(re.compile(GM + "maarssen-dorp/"))
    expect(page.locator("h1")).to_have_text("Maarssen-dorp")
    expect(page.locator("figure.kf-map svg")).to_be_visible()  # the kern on the map of the gemeente
    expect(page.get_by_role("heading", name="Wat opvalt")).to_be_visible()
    assert page.locator("table.kf-table tbody tr").count() >= 10

    # Its PDF: served inline (Chromium would show it in its viewer), so fetched as the link says.
    link = page.get_by_role("link", name="Download de kernfoto (PDF, A4)")
    href = link.get_attribute("href")
    assert href and "/maarssen-dorp/kernfoto.pdf" in href
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert re.search(r'filename="maarssen-dorp-\d{4}\.pdf"', response.headers["content-disposition"])
    pdf = response.body()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    assert len(pdf) > 10_000

    # Compare Maarssen-dorp with Maarssenbroek.
    page.goto(site + GM)
    page.get_by_role("link", name=re.compile("Vergelijk twee tot vier")).click()
    expect(page.locator("h1")).to_contain_text("Gebieden vergelijken")
    page.locator("select#gebied-1").select_option("maarssen-dorp")
    page.locator("select#gebied-2").select_option("maarssenbroek")
    page.get_by_role("button", name="Vergelijk").click()
    page.wait_for_url(re.compile(r"gebied=maarssenbroek"))
    head = page.locator("table.kf-compare-table").first.locator("thead")
    expect(head).to_contain_text("Maarssen-dorp")
    expect(head).to_contain_text("Maarssenbroek")
    expect(head).to_contain_text("Stichtse Vecht")
    expect(page.locator("h2#vergelijking")).to_contain_text("Maarssen-dorp, Maarssenbroek")

    # The comparison as CSV: sources first, then the figures of both kernen.
    with page.expect_download() as info:
        page.get_by_role("link", name="Download deze vergelijking (CSV)").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = Path(download.path()).read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any(line.startswith("# Bron: ") for line in comments), comments
    assert any("CC BY 4.0" in line for line in comments), comments
    body = text.splitlines()[len(comments):]
    assert "Maarssen-dorp" in "\n".join(body) and "Maarssenbroek" in "\n".join(body)
    assert len(body) > 20


def test_keyboard_skip_link_and_map_areas(site, page):
    page.goto(site + GM)

    # The first Tab reaches the skip link, which then becomes visible, and it moves the focus to the content.
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Direct naar de inhoud")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # on screen, not off to the left
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#inhoud$"))
    assert page.evaluate("() => document.activeElement.id") == "inhoud"

    # Tab on to the first area of the map: a link with the area's name and a visible focus outline.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('svg')"):
            break
    else:
        pytest.fail("no area of the map could be reached with Tab")
    area = page.locator(":focus")
    name = area.get_attribute("aria-label")
    href = area.get_attribute("href")
    assert name and href and href.startswith(GM)
    area_name = name.split(":")[0]  # "Breukelen: Vergelijkbaar met de gemeente"
    stroke = area.locator("path").first.evaluate("p => [getComputedStyle(p).stroke, getComputedStyle(p).strokeWidth]")
    assert stroke == ["rgb(0, 0, 0)", "3px"], stroke

    # Enter opens that area's kernfoto.
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(href) + "$"))
    expect(page.locator("h1")).to_have_text(area_name)


def test_main_pages_have_no_serious_accessibility_violations(site, page):
    pages = {
        "home": "/",
        "overzicht (kernen)": GM,
        "overzicht (buurten)": GM + "?niveau=buurt",
        "kernfoto": GM + "maarssen-dorp/",
        "vergelijken (formulier)": GM + "vergelijk/",
        "vergelijken (resultaat)": GM + "vergelijk/?gebied=maarssen-dorp&gebied=maarssenbroek",
        "indicator": GM + "indicator/moeite_met_rondkomen_pct/",
        "over deze cijfers": "/over-deze-cijfers/",
        "API": "/api/",
    }
    # The check itself finds what it should: an image without alt text and text without contrast.
    page.set_content('<html lang="nl"><title>t</title><main><img src="x.png">'
                     '<p style="color:#ddd;background:#fff">tekst</p></main></html>')
    found = {v["id"] for v in serious(axe_violations(page, "zelftest"))}
    assert {"image-alt", "color-contrast"} <= found, found

    blocking: dict[str, list[str]] = {}
    for name, path in pages.items():
        response = page.goto(site + path)
        assert response is not None and response.status == 200, (name, path)
        page.wait_for_load_state("networkidle")
        if name == "indicator":  # let Vega draw the trend chart first, so axe sees it too
            expect(page.locator("#kf-trend-chart svg")).to_be_visible()
        if name == "overzicht (buurten)":
            expect(page.locator("select#niveau")).to_have_value("buurt")
        if lines := describe(serious(axe_violations(page, name))):
            blocking[name] = lines
    assert not blocking, blocking
