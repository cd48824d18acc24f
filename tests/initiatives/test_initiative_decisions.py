"""Analysts assess, decide and evaluate through the work pages; budget pots keep count.

Every refused step (a grant over what is left, a rejection without a reason, a step off the workflow)
shows its Dutch message on the page and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from initiative_helpers import GM, KERN_A, KERN_B, client_for, kern, make_initiative, snapshot, text_of

from kernfoto.accounts.models import AuditLog
from kernfoto.initiatives import actions
from kernfoto.initiatives.models import FUNDED, BudgetPot, CheckSource, Initiative, Status, WijkPlan
from kernfoto.initiatives.services import GENERAL_CRITERIA, kern_challenges, pot_summaries
from kernfoto.initiatives.workflow import WorkflowError

D = dt.date(2025, 3, 1)


def decide_post(status: str, *, date: dt.date = D, amount: str = "", reason: str = "") -> dict:
    return {"besluit-status": status, "besluit-date": date.isoformat(), "besluit-amount": amount,
            "besluit-reason": reason}


def url(name: str, i: Initiative) -> str:
    return reverse(f"initiatives:{name}", args=[GM, i.pk])


# ------------------------------------------------------------------------------------------------- assessment


def test_the_checklist_holds_the_opgaven_of_the_kernfoto_and_the_wijkplan(analyst):
    plan = WijkPlan.objects.create(gemeente_id=GM, kern=kern(KERN_A), title="Dorpsplan Nigtevecht", start_year=2025,
                                   end_year=2030, ambition="Een dorp waar iedereen meedoet.",
                                   challenges="Ontmoeting voor ouderen\nVeilig fietsen naar school")
    _, opgaven = kern_challenges(kern(KERN_A))
    i = make_initiative(challenges=[opgaven[0]])
    page = client_for(analyst).get(url("work_detail", i))
    assert page.status_code == 200
    form = page.context["assessment_form"]
    items = [(it.source, it.text, it.named) for it in form.items]
    assert items == (
        [(CheckSource.KERNFOTO, o, o == opgaven[0]) for o in opgaven]
        + [(CheckSource.WIJKPLAN, "Past bij de ambitie van Dorpsplan Nigtevecht: Een dorp waar iedereen meedoet.", False),
           (CheckSource.WIJKPLAN, "Ontmoeting voor ouderen (Dorpsplan Nigtevecht)", False),
           (CheckSource.WIJKPLAN, "Veilig fietsen naar school (Dorpsplan Nigtevecht)", False)]
        + [(CheckSource.ALGEMEEN, c, False) for c in GENERAL_CRITERIA])
    assert "(genoemd door de indieners)" in text_of(page)
    assert plan.pk


def test_saving_the_assessment_starts_the_treatment(analyst):
    i = make_initiative()
    c = client_for(analyst)
    n = len(c.get(url("work_detail", i)).context["assessment_form"].items)
    data = {f"beoordeling-item_{k}": "ja" for k in range(n)}
    data |= {"beoordeling-item_0_note": "Raakt de opgave direct.", "beoordeling-advice": "toekennen",
             "beoordeling-note": "Goed plan."}
    # one item unanswered: refused, nothing written
    before = snapshot()
    incomplete = dict(data)
    del incomplete[f"beoordeling-item_{n - 1}"]
    response = c.post(url("assess", i), incomplete)
    assert response.status_code == 400
    assert "Kies ja, deels, nee of niet van toepassing." in text_of(response)
    assert snapshot() == before
    response = c.post(url("assess", i), data)
    assert response.status_code == 302
    i.refresh_from_db()
    assert i.status == Status.IN_BEHANDELING
    a = i.assessment
    assert (a.advice, a.note, a.by_name, a.period, a.items.count()) == ("toekennen", "Goed plan.", "analist", "2020", n)
    assert a.items.first().note == "Raakt de opgave direct."
    assert list(i.history.values_list("status", "by_name")) == [("in_behandeling", "analist")]
    assert AuditLog.objects.filter(action="initiative.assess", object_id=str(i.pk)).count() == 1
    # saved again: answers kept, no second step
    page = c.get(url("work_detail", i))
    assert page.context["assessment_form"].initial["beoordeling-item_0".split("-", 1)[1]] == "ja"
    assert c.post(url("assess", i), data).status_code == 302
    assert i.history.count() == 1


# ------------------------------------------------------------------------------------------------- decisions


def test_a_grant_takes_money_from_the_pot_of_its_year(analyst, pot_2025):
    a = make_initiative(status=Status.IN_BEHANDELING, requested="6000")
    b = make_initiative(KERN_B, status=Status.IN_BEHANDELING, requested="5000", title="Jeu de boules")
    c = client_for(analyst)
    assert c.post(url("decide", a), decide_post("toegekend", amount="5.500,50")).status_code == 302
    a.refresh_from_db()
    assert (a.status, a.granted_amount, a.granted_on, a.pot_id) == (Status.TOEGEKEND, Decimal("5500.50"), D, pot_2025.pk)
    pot_2025.refresh_from_db()
    assert (pot_2025.committed, pot_2025.remaining) == (Decimal("5500.50"), Decimal("4499.50"))
    change = a.history.get(status="toegekend")
    assert (change.from_status, change.amount, change.by_name, change.date) == ("in_behandeling", Decimal("5500.50"),
                                                                               "analist", D)
    audit = AuditLog.objects.filter(action="initiative.decide", object_id=str(a.pk)).latest("pk")
    assert audit.details["amount"] == "5500.50"
    assert audit.details["to_status"] == "toegekend" and audit.details["date"] == "2025-03-01"

    # b asks 5.000 but only 4.499,50 is left: refused with the numbers, nothing changes
    before = snapshot()
    response = c.post(url("decide", b), decide_post("toegekend", amount="5000"))
    assert response.status_code == 400
    assert ("Niet toegekend: € 5.000 is meer dan er nog over is in het budget van 2025 (€ 4.499,50 van € 10.000)."
            in text_of(response))
    assert snapshot() == before
    # exactly what is left is fine
    assert c.post(url("decide", b), decide_post("toegekend", amount="4499,50")).status_code == 302
    pot_2025.refresh_from_db()
    assert pot_2025.remaining == Decimal("0.00")
    summary = next(p for p in pot_summaries(GM) if p.pot.year == 2025)
    assert (summary.committed, summary.remaining, summary.grants, summary.percent_committed) == (
        Decimal("10000.00"), Decimal("0.00"), 2, 100)


def test_committed_counts_funded_initiatives_only(analyst, pot_2025):
    grants = {}
    for n, status in enumerate(Status.values):
        grants[status] = make_initiative(status=status, title=f"Initiatief {n}", pot=pot_2025,
                                         granted_amount=Decimal(100 * (n + 1)), granted_on=D)
    expected = sum(grants[s].granted_amount for s in FUNDED)
    assert expected == Decimal(300 + 500 + 600)  # toegekend, gerealiseerd, geevalueerd
    assert pot_2025.committed == expected and pot_2025.remaining == Decimal("10000") - expected


def test_the_example_pot_of_2026(sample):
    pot = BudgetPot.objects.get(gemeente_id=GM, year=2026)
    assert pot.is_example and pot.amount == Decimal("50000.00")
    assert pot.committed == Decimal("3700.00")  # 2.500 (Kockengen) + 1.200 (Maarssen-dorp)
    assert pot.remaining == Decimal("46300.00")


def test_a_rejection_without_a_reason_is_refused(analyst):
    i = make_initiative(status=Status.IN_BEHANDELING)
    c = client_for(analyst)
    before = snapshot()
    response = c.post(url("decide", i), decide_post("afgewezen", reason="  "))
    assert response.status_code == 400
    assert "Schrijf op waarom het initiatief is afgewezen. De indieners krijgen die reden te horen." in text_of(response)
    assert response.context["decision_form"].errors["reason"]
    assert snapshot() == before
    assert c.post(url("decide", i), decide_post("afgewezen", reason="Past niet bij de regeling.")).status_code == 302
    i.refresh_from_db()
    assert i.status == Status.AFGEWEZEN and i.history.get().reason == "Past niet bij de regeling."
    page = text_of(c.get(url("work_detail", i)))
    assert "Dit initiatief is afgewezen; de status verandert niet meer." in page


def test_an_illegal_step_is_refused(analyst, pot_2025):
    i = make_initiative(status=Status.TOEGEKEND, pot=pot_2025, granted_amount=Decimal("500"), granted_on=D)
    fresh = make_initiative(title="Nieuw")
    before = snapshot()
    c = client_for(analyst)
    # the form offers only "gerealiseerd"; a forged post for "afgewezen" gets the workflow's message
    assert [v for v, _ in c.get(url("work_detail", i)).context["decision_form"].fields["status"].widget.choices] == [
        "gerealiseerd"]
    response = c.post(url("decide", i), decide_post("afgewezen", reason="toch niet"))
    assert response.status_code == 400
    assert ("Van ‘toegekend’ kan een initiatief alleen naar ‘gerealiseerd’, niet naar ‘afgewezen’."
            in text_of(response))
    response = c.post(url("decide", fresh), decide_post("toegekend", amount="5"))
    assert "Van ‘ingediend’ kan een initiatief alleen naar ‘in behandeling’ of ‘afgewezen’" in text_of(response)
    with pytest.raises(WorkflowError, match="‘nergens’ is geen status"):
        actions.decide(i, "nergens", user=analyst, date=D)
    assert snapshot() == before


def test_no_pot_no_grant(analyst):
    i = make_initiative(status=Status.IN_BEHANDELING, submitted_at=dt.datetime(2024, 1, 5, tzinfo=dt.UTC))
    before = snapshot()
    response = client_for(analyst).post(url("decide", i), decide_post("toegekend", date=dt.date(2024, 2, 1),
                                                                      amount="100"))
    assert response.status_code == 400
    assert "Er is geen budget voor 2024. Maak eerst bij ‘Budgetten’ een budget voor 2024 aan." in text_of(response)
    assert snapshot() == before


def test_realised_then_evaluated(analyst, pot_2025):
    i = make_initiative(status=Status.TOEGEKEND, pot=pot_2025, granted_amount=Decimal("800"), granted_on=D)
    c = client_for(analyst)
    assert c.get(url("work_detail", i)).context["evaluation_form"] is None  # not before it is realised
    before = snapshot()
    early = {"evaluatie-date": "2025-09-01", "evaluatie-reached": "Veel kinderen spelen er."}
    response = c.post(url("evaluate", i), early)
    assert response.status_code == 400
    assert "U evalueert een initiatief als het is gerealiseerd" in text_of(response)
    assert snapshot() == before
    assert c.post(url("decide", i), decide_post("gerealiseerd", date=dt.date(2025, 8, 1))).status_code == 302
    response = c.post(url("evaluate", i), early | {"evaluatie-participants": "40", "evaluatie-spent": "760",
                                                   "evaluatie-continues": "on", "evaluatie-lessons": "Meer schaduw."})
    assert response.status_code == 302
    i.refresh_from_db()
    assert i.status == Status.GEEVALUEERD
    e = i.evaluation
    assert (e.participants, e.spent, e.continues, e.lessons, e.by_name) == (40, Decimal("760.00"), True,
                                                                             "Meer schaduw.", "analist")
    assert list(i.history.values_list("status", flat=True)) == ["gerealiseerd", "geevalueerd"]
    pot_2025.refresh_from_db()
    assert pot_2025.committed == Decimal("800.00")  # an evaluated grant still counts
    # corrected later: no new step
    assert c.post(url("evaluate", i), early | {"evaluatie-participants": "42"}).status_code == 302
    assert i.history.count() == 2 and i.evaluation.__class__.objects.get(initiative=i).participants == 42


# ------------------------------------------------------------------------------------------------- budget pots


def test_budget_pots_are_made_and_guarded(analyst, pot_2025):
    c = client_for(analyst)
    pots = reverse("initiatives:pots", args=[GM])
    assert c.post(pots, {"year": "2027", "amount": "€ 75.000", "name": "Wijkbudget 2027"}).status_code == 302
    p27 = BudgetPot.objects.get(gemeente_id=GM, year=2027)
    assert (p27.amount, p27.name, str(p27)) == (Decimal("75000.00"), "Wijkbudget 2027", "Wijkbudget 2027")
    before = snapshot()
    response = c.post(pots, {"year": "2025", "amount": "100"})
    assert response.status_code == 400 and "Er is al een budget voor 2025. Pas dat budget aan." in text_of(response)
    make_initiative(status=Status.TOEGEKEND, pot=pot_2025, granted_amount=Decimal("2500"), granted_on=D)
    before = snapshot()
    edit = reverse("initiatives:pot_edit", args=[GM, pot_2025.pk])
    response = c.post(edit, {"year": "2025", "amount": "2000"})
    assert response.status_code == 400
    assert "Het budget kan niet lager zijn dan wat er al uit is toegekend (€ 2.500)." in text_of(response)
    response = c.post(edit, {"year": "2024", "amount": "20000"})
    assert "Uit dit budget is al geld toegekend; het jaar blijft 2025." in text_of(response)
    response = c.post(edit, {"actie": "verwijderen"}, follow=True)
    assert "Uit het budget van 2025 is geld toegekend; het kan niet weg." in text_of(response)
    assert snapshot() == before
    assert c.post(edit, {"year": "2025", "amount": "12500"}).status_code == 302
    pot_2025.refresh_from_db()
    assert pot_2025.remaining == Decimal("10000.00")
    assert c.post(reverse("initiatives:pot_edit", args=[GM, p27.pk]), {"actie": "verwijderen"}).status_code == 302
    assert not BudgetPot.objects.filter(year=2027).exists()
    assert AuditLog.objects.filter(action="budget.manage", gemeente=GM).count() == 3
