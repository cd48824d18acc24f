"""Who may do what: visitors, users without a role, partners (own kern and other kern) and analysts.

Every refused write leaves the database as it was and writes no audit line.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.urls import reverse
from initiative_helpers import GM, KERN_A, KERN_B, PDF, client_for, kern, make_initiative, snapshot, text_of

from kernfoto.accounts.models import AuditLog
from kernfoto.initiatives.models import Attachment, Milestone, Status, WijkPlan


def plan_for(slug: str, **extra) -> WijkPlan:
    return WijkPlan.objects.create(gemeente_id=GM, kern=kern(slug), title=f"Plan {slug}", start_year=2025,
                                   end_year=2027, ambition="Samen verder.", **extra)


def plan_post(area: str, **extra) -> dict:
    data = {"area": area, "title": "Dorpsplan", "start_year": "2026", "end_year": "2028",
            "ambition": "Meer ontmoeting.", "challenges": "Eenzaamheid", "themes": ["eenzaamheid_sociale_basis"]}
    data.update(extra)
    return data


def milestone_post(**extra) -> dict:
    data = {"nieuw-date": "2026-05-01", "nieuw-title": "Dorpsavond", "nieuw-owner": "dorpsraad", "nieuw-status": "gepland"}
    data.update(extra)
    return data


def endpoints(i, plan, milestone) -> list[tuple[str, dict]]:
    """Every POST endpoint of the app's work pages, with a plausible body."""
    return [
        (reverse("initiatives:assess", args=[GM, i.pk]), {"beoordeling-advice": "toekennen"}),
        (reverse("initiatives:decide", args=[GM, i.pk]), {"besluit-status": "in_behandeling",
                                                          "besluit-date": "2025-02-01"}),
        (reverse("initiatives:evaluate", args=[GM, i.pk]), {"evaluatie-date": "2025-02-01", "evaluatie-reached": "x"}),
        (reverse("initiatives:pots", args=[GM]), {"year": "2031", "amount": "1000"}),
        (reverse("initiatives:plan_new", args=[GM]), plan_post(f"kern:{KERN_B}")),
        (reverse("initiatives:plan_edit", args=[GM, plan.pk]), plan_post(f"kern:{KERN_B}", title="Overgenomen")),
        (reverse("initiatives:milestone_add", args=[GM, plan.pk]), milestone_post()),
        (reverse("initiatives:milestone_edit", args=[GM, plan.pk, milestone.pk]), {"actie": "verwijderen"}),
    ]


def fixtures():
    i = make_initiative(KERN_B)
    plan = plan_for(KERN_B)
    m = Milestone.objects.create(plan=plan, date=dt.date(2026, 1, 1), title="Start", owner="dorpsraad")
    return i, plan, m


def test_a_visitor_is_sent_to_the_login_page(visitor):
    i, plan, m = fixtures()
    before, audits = snapshot(), AuditLog.objects.count()
    login = reverse("accounts:login")
    for u, data in endpoints(i, plan, m):
        response = visitor.post(u, data)
        assert response.status_code == 302 and response["Location"].startswith(login + "?next="), u
    for name, args in (("work_list", [GM]), ("work_detail", [GM, i.pk]), ("pots", [GM]), ("plans", [GM])):
        assert visitor.get(reverse(f"initiatives:{name}", args=args)).status_code == 302, name
    assert snapshot() == before and AuditLog.objects.count() == audits


def test_a_user_without_a_role_gets_403(outsider):
    i, plan, m = fixtures()
    before, audits = snapshot(), AuditLog.objects.count()
    c = client_for(outsider)
    for u, data in endpoints(i, plan, m):
        response = c.post(u, data)
        assert response.status_code == 403, u
        assert "Geen toegang" in text_of(response)
    assert snapshot() == before and AuditLog.objects.count() == audits


def test_a_partner_does_no_analyst_work(partner_a):
    i, plan, m = fixtures()
    c = client_for(partner_a)
    before = snapshot()
    for name, args in (("work_list", [GM]), ("work_detail", [GM, i.pk]), ("pots", [GM])):
        assert c.get(reverse(f"initiatives:{name}", args=args)).status_code == 403, name
    for u, data in endpoints(i, plan, m)[:4]:
        assert c.post(u, data).status_code == 403, u
    assert snapshot() == before
    dashboard = text_of(c.get(reverse("accounts:dashboard")))
    assert "Wijkplannen en mijlpalen" in dashboard
    assert "Inwonersinitiatieven beoordelen" not in dashboard and "Budgetten voor inwonersinitiatieven" not in dashboard


def test_a_partner_of_another_kern_cannot_touch_its_plan(partner_a):
    i, plan, m = fixtures()  # Tienhoven: not partner_a's kern
    c = client_for(partner_a)
    before = snapshot()
    for u, data in endpoints(i, plan, m)[4:]:
        assert c.post(u, data).status_code in (400, 403), u  # plan_new: Tienhoven is not a choice (400)
    response = c.post(reverse("initiatives:plan_new", args=[GM]), plan_post(f"kern:{KERN_B}"))
    assert "Kies een kern of wijk uit de lijst; voor andere kernen hebt u geen toestemming." in text_of(response)
    assert c.get(reverse("initiatives:plan_edit", args=[GM, plan.pk])).status_code == 403
    assert "Plan tienhoven" not in text_of(c.get(reverse("initiatives:plans", args=[GM])))
    assert snapshot() == before


def test_a_partner_writes_the_plan_of_their_own_kern(partner_a):
    c = client_for(partner_a)
    page = c.get(reverse("initiatives:plan_new", args=[GM]))
    choices = page.context["form"].fields["area"].choices
    assert choices == [("", "Kies een kern of wijk"), ("Kernen", [(f"kern:{KERN_A}", "Nigtevecht")]),
                       ("Wijken", [("wijk:WK190408", "Wijk 08 Nigtevecht")])]
    response = c.post(reverse("initiatives:plan_new", args=[GM]), plan_post(f"kern:{KERN_A}"))
    assert response.status_code == 302
    plan = WijkPlan.objects.get(title="Dorpsplan")
    assert (plan.kern.slug, plan.wijk, plan.years, plan.themes, plan.updated_by) == (
        KERN_A, None, "2026–2028", ["eenzaamheid_sociale_basis"], partner_a)
    add = reverse("initiatives:milestone_add", args=[GM, plan.pk])
    assert c.post(add, milestone_post()).status_code == 302
    m = plan.milestones.get()
    edit = reverse("initiatives:milestone_edit", args=[GM, plan.pk, m.pk])
    assert c.post(edit, {k.removeprefix("nieuw-"): v for k, v in milestone_post(**{"nieuw-status": "gereed"}).items()}
                  ).status_code == 302
    m.refresh_from_db()
    assert m.status == "gereed"
    assert AuditLog.objects.filter(action="plan.edit", user=partner_a).count() == 3
    # a wijk plan of the wijk their kern lies in
    response = c.post(reverse("initiatives:plan_new", args=[GM]), plan_post("wijk:WK190408", title="Wijkplan 08"))
    assert response.status_code == 302
    assert WijkPlan.objects.get(title="Wijkplan 08").wijk_id == "WK190408"


def test_an_analyst_may_do_everything_and_it_is_audited(analyst, pot_2025):
    i = make_initiative(status=Status.IN_BEHANDELING)
    c = client_for(analyst)
    assert c.post(reverse("initiatives:decide", args=[GM, i.pk]),
                  {"besluit-status": "toegekend", "besluit-date": "2025-02-01", "besluit-amount": "2000"}).status_code == 302
    plan = plan_for(KERN_B)
    assert c.post(reverse("initiatives:plan_edit", args=[GM, plan.pk]),
                  plan_post(f"kern:{KERN_B}", title="Dorpsplan Tienhoven")).status_code == 302
    plan.refresh_from_db()
    assert plan.title == "Dorpsplan Tienhoven"
    dashboard = text_of(c.get(reverse("accounts:dashboard")))
    for label in ("Inwonersinitiatieven beoordelen", "Budgetten voor inwonersinitiatieven", "Wijkplannen en mijlpalen"):
        assert label in dashboard
    assert set(AuditLog.objects.filter(user=analyst).values_list("action", flat=True)) == {"initiative.decide",
                                                                                         "plan.edit"}
    i.refresh_from_db()
    assert i.granted_amount == Decimal("2000.00")


def test_letters_go_to_analysts_only(analyst, partner_a, visitor, media):
    i = make_initiative(KERN_A)
    att = Attachment(initiative=i, original_name="steunbrief", kind="pdf", size=len(PDF), sha256="0" * 64)
    att.file.save("bijlage.pdf", ContentFile(PDF), save=True)
    u = reverse("initiatives:attachment", args=[GM, i.pk, att.pk])
    response = client_for(analyst).get(u)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="steunbrief.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    assert AuditLog.objects.filter(action="initiative.attachment", object_id=str(att.pk)).count() == 1
    assert client_for(partner_a).get(u).status_code == 403  # even for the partner of this kern
    assert visitor.get(u).status_code == 302
    other = make_initiative(KERN_B)
    assert client_for(analyst).get(reverse("initiatives:attachment", args=[GM, other.pk, att.pk])).status_code == 404
    (media / att.file.name).unlink()
    missing = client_for(analyst).get(u)
    assert missing.status_code == 404 and "is niet meer aanwezig" in text_of(missing)


def test_contact_details_are_on_the_analysts_page_only(analyst):
    i = make_initiative(KERN_A)
    page = text_of(client_for(analyst).get(reverse("initiatives:work_detail", args=[GM, i.pk])))
    assert "Niet openbaar." in page and "Pietersen" in page and "pietersen@example.org" in page
