"""End-to-end: an analyst builds the ten-ankerpunten questionnaire and invites partners; a partner answers by the
personal link with the keyboard only (error summary first), edits the answers later, and the analyst sees one
response. Every page of the flow is checked with axe-core (WCAG 2.1 A/AA): no violations at all. The fixtures
(Debian's chromium via Playwright, live server with the sample) are those of conftest.py.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api", reason="Playwright (Python) is not installed: pip install -e '.[test]'")

CHROMIUM = Path(os.getenv("KERNFOTO_CHROMIUM", "/usr/bin/chromium"))  # as in conftest.py
if not CHROMIUM.exists():
    pytest.skip(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium; or set KERNFOTO_CHROMIUM)",
                allow_module_level=True)

from browser_helpers import axe_violations, describe, log_in, new_page  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

GM = "GM1904"
PASSWORD = "Vecht-en-plassen-2024!"
# importance per statement (1-5) that the partner gives, by keyboard
SCORES = (5, 4, 5, 3, 4, 4, 5, 2, 5, 1)
WHY = "Inwoners en vrijwilligers kennen elkaar nog te weinig."


def tab_to(page: Page, selector: str, *, limit: int = 80) -> int:
    """Press Tab until the focused element matches ``selector``; return how many presses it took."""
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return n
    raise AssertionError(f"{selector} not reached with {limit} tabs")


def choose_on_scale(page: Page, first_radio: str, score: int) -> None:
    """In a radio group whose first radio has focus: Space checks 1, each arrow moves one up and checks it."""
    assert page.evaluate("(s) => document.activeElement.id === s", first_radio)
    page.keyboard.press("Space")
    for _ in range(score - 1):
        page.keyboard.press("ArrowRight")


@pytest.fixture
def analyst(site):
    from django.contrib.auth import get_user_model

    from kernfoto.accounts.models import Membership, Role

    user = get_user_model().objects.create_user("analist_vragen", password=PASSWORD)
    Membership.objects.create(user=user, gemeente_id=GM, role=Role.ANALYST)
    return user


def test_a_partner_answers_the_ankerpunten_questionnaire_by_link_with_the_keyboard(site, browser, analyst):
    from kernfoto.consultation.models import Kind, Questionnaire, Response

    violations: dict[str, list[str]] = {}
    page = new_page(browser)

    # 1. The analyst builds the questionnaire from the example, opens it and invites two partners.
    log_in(page, site, "analist_vragen", PASSWORD)
    page.get_by_role("link", name="Vragenlijsten voor partners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vragenlijsten voor partners")
    violations["questionnaire list"] = describe(axe_violations(page, "questionnaire list"))
    page.get_by_role("group", name="Beginnen met").get_by_label(re.compile("Tien ankerpunten")).check()
    page.get_by_role("button", name="Vragenlijst maken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tien ankerpunten voor een sterke sociale basis")
    expect(page.get_by_role("status")).to_contain_text("12")
    violations["questionnaire detail"] = describe(axe_violations(page, "questionnaire detail"))
    page.get_by_role("button", name="Vragenlijst openen").click()
    expect(page.get_by_role("status")).to_contain_text("De vragenlijst is open.")
    page.get_by_role("link", name="Uitnodigingen en links").click()
    page.get_by_label("Wie nodigt u uit?").fill("Bibliotheek Vechtstreek; info@bieb.example; Breukelen\nSportclub Maarssen")
    page.get_by_role("button", name="Links maken").click()
    expect(page.get_by_role("status")).to_contain_text("2 persoonlijke links gemaakt")
    violations["invitations with new links"] = describe(axe_violations(page, "invitations with new links"))
    link = page.get_by_role("row", name=re.compile("Bibliotheek Vechtstreek")).locator(".kf-link-cell").inner_text()
    assert re.fullmatch(rf"{re.escape(site)}/vragenlijst/[A-Za-z0-9_-]{{32}}/", link.strip())
    q = Questionnaire.objects.get(title="Tien ankerpunten voor een sterke sociale basis", is_example=False)
    questions = list(q.questions.all())
    statements = [x for x in questions if x.kind == Kind.STELLING]
    choice = next(x for x in questions if x.kind == Kind.MEERKEUZE)
    open_q = next(x for x in questions if x.kind == Kind.OPEN)

    # 2. The partner opens the link (no account) and submits too early: an error summary with links.
    partner = new_page(browser)
    partner.goto(link.strip())
    expect(partner.get_by_role("heading", level=1)).to_have_text("Tien ankerpunten voor een sterke sociale basis")
    expect(partner.get_by_text("Deze persoonlijke link is voor:")).to_contain_text("Bibliotheek Vechtstreek")
    expect(partner.get_by_role("group", name=re.compile("Stelling 1 van 10"))).to_contain_text("weten elkaar goed te vinden")
    violations["answer form"] = describe(axe_violations(partner, "answer form"))
    first = f"id_v{statements[0].pk}_0"
    tab_to(partner, f"#{first}")
    choose_on_scale(partner, first, SCORES[0])
    partner.keyboard.press("Tab")  # to "waarom?"
    assert partner.evaluate("() => document.activeElement.id") == f"id_v{statements[0].pk}_waarom"
    partner.keyboard.type(WHY)
    tab_to(partner, "button[type=submit]")
    partner.keyboard.press("Enter")
    summary = partner.get_by_role("alert")
    expect(summary).to_contain_text("Uw antwoorden zijn nog niet opgeslagen. Verbeter deze 9 punten")
    expect(summary).to_contain_text("Aanbod makkelijk te vinden: Kies hoe belangrijk u dit vindt.")
    assert not Response.objects.filter(questionnaire=q).exists()
    expect(partner.locator(f"#{first.replace('_0', f'_{SCORES[0] - 1}')}")).to_be_checked()  # kept
    expect(partner.get_by_label("Waarom vindt u dit (niet) belangrijk?").first).to_have_value(WHY)
    violations["answer form with errors"] = describe(axe_violations(partner, "answer form with errors"))
    # the first link of the summary leads to the second statement's first radio
    tab_to(partner, "#fouten a")
    partner.keyboard.press("Enter")
    assert partner.evaluate("() => location.hash") == f"#id_v{statements[1].pk}_0"

    # 3. Answer every statement by keyboard, tick two ankerpunten to discuss, write what is missing, save.
    for statement, score in zip(statements[1:], SCORES[1:], strict=True):
        radio = f"id_v{statement.pk}_0"
        tab_to(partner, f"#{radio}")
        choose_on_scale(partner, radio, score)
    for n in (0, 8):  # "Elkaar goed vinden", "Samenwerken in de uitvoering"
        tab_to(partner, f"#id_v{choice.pk}_{n}")
        partner.keyboard.press("Space")
    tab_to(partner, f"#id_v{open_q.pk}")
    partner.keyboard.type("Aandacht voor jongeren.")
    tab_to(partner, "button[type=submit]")
    partner.keyboard.press("Enter")
    expect(partner.get_by_role("status")).to_contain_text("Dank u wel! Uw antwoorden zijn opgeslagen")
    violations["answers saved"] = describe(axe_violations(partner, "answers saved"))
    response = Response.objects.get(questionnaire=q)
    given = {a.question_id: a for a in response.answers.all()}
    assert [given[s.pk].score for s in statements] == list(SCORES)
    assert given[statements[0].pk].text == WHY
    assert given[choice.pk].choices == ["Elkaar goed vinden", "Samenwerken in de uitvoering"]
    assert given[open_q.pk].text == "Aandacht voor jongeren."

    # 4. Later the partner changes one answer with the same link: still one response.
    partner.goto(link.strip())
    expect(partner.get_by_text("U hebt deze vragenlijst ingevuld op")).to_be_visible()
    last = f"id_v{statements[-1].pk}_0"
    expect(partner.locator(f"#{last}")).to_be_checked()
    tab_to(partner, f"#{last}")
    partner.keyboard.press("ArrowRight")  # 1 -> 2
    tab_to(partner, "button[type=submit]")
    expect(partner.get_by_role("button", name="Wijzigingen opslaan")).to_be_focused()
    partner.keyboard.press("Enter")
    expect(partner.get_by_role("status")).to_contain_text("Uw antwoorden zijn opgeslagen")
    assert Response.objects.filter(questionnaire=q).count() == 1
    response.refresh_from_db()
    assert response.saves == 2 and response.answers.get(question=statements[-1]).score == 2

    # 5. The analyst sees 1 of 2 invited partners and the results.
    page.goto(f"{site}/werk/{GM}/vragenlijsten/{q.pk}/resultaten/")
    expect(page.locator("main")).to_contain_text("1 reactie van 2 uitgenodigd (respons 50%)")
    violations["results"] = describe(axe_violations(page, "results"))
    partner.context.close()
    page.context.close()
    assert not any(violations.values()), violations
