"""Helpers shared by the browser tests (imported as ``from browser_helpers import ...``; fixtures: conftest.py).

axe-core (vendored in tests/assets/) checks a page against WCAG 2.1 A and AA. ``axe_violations`` runs it and
prints what it finds (run pytest with ``-s`` to see it); each test decides how strict it is: no violation at
all (``assert not describe(axe_violations(page, name))``) or none that is serious or critical
(``describe(serious(axe_violations(page, name)))``).
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

AXE = Path(__file__).resolve().parents[1] / "assets" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = frozenset({"serious", "critical"})
TIMEOUT_MS = 30_000  # as in conftest.py


def axe_violations(page: Page, name: str) -> list[dict]:
    """Run axe-core on the page as it is now and print what it found under ``name``.

    Returns the violations as {id, impact, help, nodes: [selector, ... (at most 5)], count: number of nodes}.
    Also printed: the rules axe could not decide ("incomplete": to be reviewed by hand, e.g. contrast
    over a gradient).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return {
                violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5), count: v.nodes.length})),
                incomplete: r.incomplete.map(v => v.id),
                passes: r.passes.length,
            };
        }""",
        AXE_TAGS,
    )
    assert result["passes"] > 0  # axe did run its rules
    violations = result["violations"]
    for line in describe(violations):
        print(f"axe {name}: {line}")
    print(f"axe {name}: {len(violations)} violation(s), {result['passes']} rules passed; "
          f"to review by hand: {', '.join(result['incomplete']) or 'nothing'}")
    return violations


def serious(violations: list[dict]) -> list[dict]:
    """The serious and critical ones among ``violations``."""
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> list[str]:
    """One readable line per violation, for assertion messages."""
    return [f"{v['impact']} {v['id']} ({v['count']}x): {v['help']} {v['nodes']}" for v in violations]


def new_page(browser: Browser) -> Page:
    """A tab in a fresh context (own cookies, downloads allowed), like the ``page`` fixture; close its context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def log_in(page: Page, site: str, username: str, password: str) -> None:
    """Log in from the home page through the main menu; ends on the dashboard "Mijn werk"."""
    page.goto(site + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn werk")).to_be_visible()
