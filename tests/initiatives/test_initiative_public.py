"""Public pages: the funded initiatives per kern (no personal data), the wijkplannen with their progress,
one plan page; the bundled example shows "voorbeeld" everywhere it appears."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from initiative_helpers import GM, KERN_A, KERN_B, client_for, kern, make_initiative, text_of

from kernfoto.initiatives.models import Milestone, Status, WijkPlan
from kernfoto.initiatives.services import plan_progress, plans_for_kern, progress_overview

LIST = reverse("initiatives:public_list", args=[GM])


def test_the_public_list_shows_funded_initiatives_only(visitor, pot_2025):
    funded = make_initiative(status=Status.GEREALISEERD, title="Speeltuin De Klimop", pot=pot_2025,
                             granted_amount=Decimal("1750"), granted_on=dt.date(2025, 4, 2), themes=("jeugd", "wonen"))
    for status in (Status.INGEDIEND, Status.IN_BEHANDELING, Status.AFGEWEZEN):
        make_initiative(status=status, title=f"Niet openbaar {status}")
    page = visitor.get(LIST)
    assert page.status_code == 200
    text = text_of(page)
    assert "Speeltuin De Klimop gerealiseerd € 1.750 Jeugd, Wonen 2 april 2025" in text
    assert "Niet openbaar" not in text
    # the example: Kockengen and Maarssen-dorp, labelled
    assert "Buurtmoestuin Kockengen voorbeeld toegekend € 2.500" in text
    assert "Wandelgroep ‘Samen op pad’ voor ouderen voorbeeld geëvalueerd € 1.200" in text
    for hidden in ("Huiswerkhulp", "Jeu-de-boulesbaan", "Kerstverlichting"):
        assert hidden not in text
    # budgets per year
    assert "2026 voorbeeld € 50.000 € 3.700 (2 initiatieven) € 46.300" in text
    assert "2025 € 10.000 € 1.750 (1 initiatief) € 8.250" in text
    assert funded.pk


def test_the_public_pages_hold_no_personal_data(visitor, pot_2025):
    i = make_initiative(status=Status.TOEGEKEND, title="Bankjes langs de Vecht", pot=pot_2025,
                        granted_amount=Decimal("900"), granted_on=dt.date(2025, 5, 1))
    plan = WijkPlan.objects.create(gemeente_id=GM, kern=kern(KERN_A), title="Dorpsplan Nigtevecht", start_year=2025,
                                   end_year=2027, ambition="Meer ontmoeting.")
    pages = [LIST, LIST + f"?kern={KERN_A}", reverse("initiatives:plans_public", args=[GM]),
             reverse("initiatives:plan_public", args=[GM, plan.pk])]
    for url in pages:
        html = visitor.get(url).content.decode()
        assert "Bankjes langs de Vecht" in html or "plannen" in url, url
        for private in ("Pietersen", "pietersen@example.org", "0346 123456", "Nieuwe toestellen en een bankje",
                        "Kinderen uit de buurt", "Voorbeeld Indiener", "indiener@example.org", i.reference):
            assert private not in html, (url, private)


def test_the_list_per_kern(visitor):
    page = visitor.get(LIST + "?kern=kockengen")
    text = text_of(page)
    assert "Buurtmoestuin Kockengen" in text and "Wandelgroep" not in text
    assert "Er zijn nog geen initiatieven die geld kregen in Tienhoven." in text_of(visitor.get(LIST + f"?kern={KERN_B}"))
    assert visitor.get(LIST + "?kern=atlantis").status_code == 404


def test_public_pages_are_cached_until_the_data_change(visitor, pot_2025, django_assert_max_num_queries):
    visitor.get(LIST)
    with django_assert_max_num_queries(1):  # only the data generation
        assert visitor.get(LIST).status_code == 200
    make_initiative(status=Status.TOEGEKEND, title="Nieuw bankje", pot=pot_2025, granted_amount=Decimal("300"),
                    granted_on=dt.date(2025, 6, 1))
    assert "Nieuw bankje" in text_of(visitor.get(LIST))


def test_the_progress_overview_across_kernen(visitor):
    page = visitor.get(reverse("initiatives:plans_public", args=[GM]))
    assert page.status_code == 200
    text = text_of(page)
    # the example plan of Kockengen: 3 of 6 done, "vertraagd" once, next: the inloop of 1 October 2026
    assert ("Dorpsplan Kockengen 2025–2027 voorbeeld Kockengen 2025–2027 3 van 6 (50%) 1 (1 vertraagd) "
            "1 oktober 2026: Wekelijkse inloop voor ouderen in het dorpshuis") in text
    assert "Kernen zonder wijkplan" in text
    without = text.split("Kernen zonder wijkplan", 1)[1]
    assert "Breukelen" in without and "Kockengen" not in without.split(".")[0]


def test_one_plan_page(visitor):
    plan = WijkPlan.objects.get(is_example=True)
    page = visitor.get(reverse("initiatives:plan_public", args=[GM, plan.pk]))
    text = text_of(page)
    assert "Dorpsplan Kockengen 2025–2027 voorbeeld" in text
    for part in ("Ambitie", "Leervragen", "Hoe bereiken we inwoners die niet naar bijeenkomsten komen?", "Aanpak",
                 "Betrokkenheid van inwoners", "Vrijwilligers vinden voor het dorpshuis",
                 "1 oktober 2026 Wekelijkse inloop voor ouderen in het dorpshuis Er zijn nog te weinig vrijwilligers",
                 "welzijnsorganisatie vertraagd", "Buurtmoestuin Kockengen: toegekend € 2.500 voorbeeld"):
        assert part in text, part
    assert visitor.get(reverse("initiatives:plan_public", args=[GM, 99999])).status_code == 404


def test_progress_of_a_plan():
    plan = WijkPlan(title="p", start_year=2025, end_year=2026)
    ms = [Milestone(pk=n, plan=plan, date=d, status=s, title=str(n)) for n, (d, s) in enumerate([
        (dt.date(2025, 1, 1), "gereed"), (dt.date(2025, 6, 1), "bezig"), (dt.date(2025, 7, 1), "vertraagd"),
        (dt.date(2026, 3, 1), "gepland"), (dt.date(2025, 2, 1), "gepland")])]
    p = plan_progress(plan, ms, dt.date(2025, 12, 31))
    assert (p.total, p.done, p.busy, p.planned, p.delayed, p.overdue, p.behind, p.percent_done) == (5, 1, 1, 2, 1, 2, 3, 20)
    assert p.next_milestone.title == "4"  # the earliest one not done
    assert plan_progress(plan, [], dt.date(2025, 1, 1)).percent_done == 0


def test_a_wijk_plan_counts_for_the_kernen_in_that_wijk(sample):
    wijkplan = WijkPlan.objects.create(gemeente_id=GM, wijk_id="WK190401", title="Wijkplan Maarssen", start_year=2026,
                                       end_year=2026, ambition="Een groene wijk.")
    assert wijkplan.area_name == "Wijk 01 Maarssen"
    # Maarssen-dorp and Maarsseveen are both made of buurten of wijk 01
    assert plans_for_kern(kern("maarssen-dorp"), 2026) == [wijkplan]
    assert plans_for_kern(kern("maarsseveen"), 2026) == [wijkplan]
    assert plans_for_kern(kern("maarsseveen"), 2027) == []
    assert plans_for_kern(kern("breukelen")) == []
    overview = progress_overview(GM)
    names = [k.name for k in overview.kernen_without_plan]
    assert "Maarssen-dorp" not in names and "Maarsseveen" not in names and "Kockengen" not in names
    assert "Breukelen" in names


def test_plan_texts_are_public_so_personal_data_is_refused(analyst):
    c = client_for(analyst)
    before = WijkPlan.objects.count()
    response = c.post(reverse("initiatives:plan_new", args=[GM]), {
        "area": f"kern:{KERN_A}", "title": "Dorpsplan", "start_year": "2027", "end_year": "2026",
        "ambition": "Bel Jan op 06 12345678.", "challenges": "Contact: jan@example.org"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["end_year"] == ["Het laatste jaar ligt vóór het beginjaar."]
    assert "Dit lijkt een telefoonnummer te bevatten." in errors["ambition"][0]
    assert "Dit lijkt een e-mailadres te bevatten." in errors["challenges"][0]
    assert WijkPlan.objects.count() == before


def test_only_a_funded_initiative_makes_public_pages_stale(visitor, analyst, pot_2025):
    from initiative_helpers import submission

    from kernfoto.initiatives import actions
    from kernfoto.web.models import current

    generation = current()
    assert visitor.post(reverse("initiatives:submit", args=[GM]) + f"?kern={KERN_A}", submission()).status_code == 302
    i = make_initiative(status=Status.INGEDIEND)
    actions.decide(i, Status.IN_BEHANDELING, user=analyst, date=dt.date(2025, 2, 1))
    assert current() == generation  # a submission or an assessment changes no public page
    actions.decide(i, Status.TOEGEKEND, user=analyst, date=dt.date(2025, 2, 2), amount=Decimal("100"))
    assert current() > generation
    assert "Speeltuin opknappen" in text_of(visitor.get(LIST))
