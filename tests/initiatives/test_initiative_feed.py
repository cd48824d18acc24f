"""The feed for the kernfoto page ("wat er gebeurt") and the Sociale Monitor ("uitvoering" per theme), and the
bundled example it is shown with."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from initiative_helpers import GM, KERN_A, kern, make_initiative

from kernfoto.initiatives.example import load_example
from kernfoto.initiatives.models import (
    BudgetPot,
    Evaluation,
    Initiative,
    InitiatorContact,
    Milestone,
    Status,
    StatusChange,
    WijkPlan,
)
from kernfoto.initiatives.services import (
    ExecutionItem,
    FundedInitiative,
    Happenings,
    PlanMilestone,
    execution_by_theme,
    happenings,
)

NBSP = "\u00a0"
TODAY = dt.date(2026, 11, 29)


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


def test_happenings_of_kockengen(sample):
    h = happenings(kern("kockengen"), today=TODAY)
    plan = WijkPlan.objects.get(is_example=True)
    assert isinstance(h, Happenings) and not h.is_empty
    assert h.initiatives == (FundedInitiative(
        reference="VB-2026-1", title="Buurtmoestuin Kockengen", kern="Kockengen", status="toegekend",
        status_label="toegekend", amount=Decimal("2500.00"), granted_on=dt.date(2026, 3, 18),
        themes=("leefstijl", "eenzaamheid_sociale_basis"), is_example=True),)
    assert plain(h.initiatives[0].text) == "Buurtmoestuin Kockengen (toegekend, € 2.500) – voorbeeld"
    # the last half year and the coming year; the delayed inloop is overdue
    assert [(m.date, m.status, m.overdue) for m in h.milestones] == [
        (dt.date(2026, 10, 1), "vertraagd", True), (dt.date(2027, 1, 15), "bezig", False),
        (dt.date(2027, 6, 30), "gepland", False)]
    assert [plain(line) for line in h.lines] == [
        "Buurtmoestuin Kockengen (toegekend, € 2.500) – voorbeeld",
        "1 oktober 2026: Wekelijkse inloop voor ouderen in het dorpshuis (vertraagd; welzijnsorganisatie) – voorbeeld",
        "15 januari 2027: Beweegplek bij de school (bezig; gemeente (team openbare ruimte)) – voorbeeld",
        "30 juni 2027: Terugblik en nieuw dorpsplan (gepland; kernteam Kockengen) – voorbeeld"]
    assert h.plans == (("Dorpsplan Kockengen 2025–2027", reverse("initiatives:plan_public", args=[GM, plan.pk])),)
    assert h.list_url == "/gemeente/GM1904/initiatieven/?kern=kockengen"


def test_happenings_follow_the_day_they_are_asked_for(sample):
    h = happenings(kern("kockengen"), today=dt.date(2025, 6, 1))
    assert h.initiatives == ()  # granted only in March 2026
    assert [m.title for m in h.milestones] == [
        "Eerste dorpsavond: wat vinden inwoners belangrijk?", "Enquête onder alle huishoudens",
        "Eerste inwonersinitiatieven toegekend"]
    assert happenings(kern("kockengen"), today=dt.date(2028, 1, 1)).plans == ()  # the plan ran until 2027


def test_happenings_of_a_kern_with_constructed_data(pot_2025):
    assert happenings(kern(KERN_A), today=TODAY).is_empty
    make_initiative(status=Status.GEREALISEERD, title="Speeltuin", pot=pot_2025, granted_amount=Decimal("1999.5"),
                    granted_on=dt.date(2025, 5, 5), themes=("jeugd",))
    make_initiative(status=Status.AFGEWEZEN, title="Afgewezen plan")
    plan = WijkPlan.objects.create(gemeente_id=GM, kern=kern(KERN_A), title="Dorpsplan Nigtevecht", start_year=2026,
                                   end_year=2027, ambition="Samen.", themes=["eenzaamheid_sociale_basis"])
    Milestone.objects.create(plan=plan, date=dt.date(2026, 11, 1), title="Koffieochtend", owner="wijkteam",
                             status="bezig")
    Milestone.objects.create(plan=plan, date=dt.date(2024, 1, 1), title="Lang geleden klaar", owner="dorpsraad",
                             status="gereed")
    h = happenings(kern(KERN_A), today=TODAY)
    assert [plain(i.text) for i in h.initiatives] == ["Speeltuin in Nigtevecht (gerealiseerd, € 1.999,50)"]
    assert [plain(m.text) for m in h.milestones] == ["1 november 2026: Koffieochtend (bezig, over tijd; wijkteam)"]
    assert h.milestones[0].themes == ("eenzaamheid_sociale_basis",)


def test_the_feed_holds_public_data_only(sample):
    fields = {f.name for cls in (FundedInitiative, PlanMilestone, ExecutionItem, Happenings)
              for f in dataclasses.fields(cls)}
    assert not fields & {"name", "email", "phone", "contact", "what", "for_whom", "group", "supporters"}
    for cls in (FundedInitiative, PlanMilestone, ExecutionItem, Happenings):
        assert cls.__dataclass_params__.frozen
    h = happenings(kern("maarssen-dorp"), today=TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        h.kern_name = "x"
    everything = " ".join(h.lines) + " ".join(i.text for items in execution_by_theme(GM, 2026).values() for i in items)
    for private in InitiatorContact.objects.values_list("name", "email"):
        assert private[0] not in everything and private[1] not in everything


def test_execution_by_theme_for_the_sociale_monitor(sample):
    out = execution_by_theme("gm1904", 2026)
    assert list(out) == ["gezondheid", "leefstijl", "eenzaamheid_sociale_basis", "jeugd", "leefomgeving"]
    texts = {theme: [(i.kind, plain(i.text)) for i in items] for theme, items in out.items()}
    moestuin = ("initiatief", "Buurtmoestuin Kockengen (toegekend, € 2.500) – voorbeeld")
    wandel = ("initiatief", "Wandelgroep ‘Samen op pad’ voor ouderen in Maarssen-dorp (geëvalueerd, € 1.200) – voorbeeld")
    m1 = ("mijlpaal", "Dorpsplan Kockengen 2025–2027: Eerste inwonersinitiatieven toegekend (18 maart 2026, gereed) "
                      "– voorbeeld")
    m2 = ("mijlpaal", "Dorpsplan Kockengen 2025–2027: Wekelijkse inloop voor ouderen in het dorpshuis (1 oktober 2026, "
                      "vertraagd) – voorbeeld")
    assert texts == {"gezondheid": [wandel], "leefstijl": [moestuin], "eenzaamheid_sociale_basis": [wandel, moestuin, m1, m2],
                     "jeugd": [m1, m2], "leefomgeving": [m1, m2]}
    item = out["leefstijl"][0]
    assert (item.area, item.date, item.status, item.is_example) == ("Kockengen", dt.date(2026, 3, 18), "toegekend", True)
    assert list(execution_by_theme(GM, 2025)) == ["eenzaamheid_sociale_basis", "jeugd", "leefomgeving"]
    assert [i.text for i in execution_by_theme(GM, 2025)["jeugd"]][0].startswith(
        "Dorpsplan Kockengen 2025–2027: Eerste dorpsavond")
    assert execution_by_theme(GM, 2019) == {}


def test_the_example_is_loaded_once_and_labelled(sample):
    def counts():
        return tuple(m.objects.count() for m in (Initiative, BudgetPot, WijkPlan, Milestone, StatusChange, Evaluation))

    before = counts()
    assert load_example(GM) == "Inwonersinitiatieven (voorbeeld): 5 initiatieven, budget 2026, 1 wijkplan met 6 mijlpalen."
    assert counts() == before
    examples = Initiative.objects.filter(is_example=True)
    assert sorted(examples.values_list("status", flat=True)) == sorted(
        ["toegekend", "geevalueerd", "in_behandeling", "ingediend", "afgewezen"])
    assert all(BudgetPot.objects.filter(gemeente_id=GM, year=2026).values_list("is_example", flat=True))
    assert WijkPlan.objects.get(is_example=True).milestones.count() == 6
    rejected = examples.get(status="afgewezen")
    assert rejected.history.get(status="afgewezen").reason.startswith("Het initiatief werkt niet aan een opgave")
    assert load_example("GM0000").startswith("Inwonersinitiatieven (voorbeeld): niet geladen")
