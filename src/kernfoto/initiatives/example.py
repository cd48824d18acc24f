"""A small invented example for the sample gemeente (Stichtse Vecht), loaded by ``kernfoto demo``.

Everything here is made up to show how the pages work, and every object carries ``is_example``, so every
page that shows it says "voorbeeld": a budget for 2026, five initiatives in different statuses (with
support, budget lines, decisions, one assessment and one evaluation) and the dorpsplan of Kockengen with
its milestones. Loading is idempotent: when any example object of the gemeente exists, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from ..areas.models import Area, AreaGroup
from .models import (
    Advice,
    Assessment,
    BudgetLine,
    BudgetPot,
    ChecklistItem,
    CheckSource,
    Evaluation,
    Initiative,
    InitiatorContact,
    Milestone,
    Status,
    StatusChange,
    SupportEvidence,
    WijkPlan,
)

GEMEENTE = "GM1904"
BY = "voorbeeld (analist)"
POT = {"year": 2026, "amount": Decimal("50000.00"), "name": "Budget inwonersinitiatieven 2026"}

# reference, kern slug, title, what, for whom, requested, budget lines, supporters, method, survey, themes,
# submitted on, steps: (status, date, reason, amount)
INITIATIVES = [
    {
        "reference": "VB-2026-1", "kern": "kockengen", "title": "Buurtmoestuin Kockengen",
        "what": "Op het braakliggende stuk grond naast de basisschool leggen we met buurtbewoners een moestuin aan. "
                "Kinderen van de school krijgen een eigen bak; op zaterdag is de tuin open voor iedereen.",
        "for_whom": "Gezinnen met kinderen en ouderen uit het dorp. We verwachten zo'n 30 vaste tuinders.",
        "requested": "2500", "lines": [("Grond verbeteren en hekwerk", "1200"), ("Zaden, planten en gereedschap", "800"),
                                        ("Waterton en regentonnen", "300"), ("Opening met buurtlunch", "400")],
        "supporters": 64, "method": "handtekeningen", "survey": "",
        "themes": ["leefstijl", "eenzaamheid_sociale_basis"], "submitted": dt.date(2026, 2, 20),
        "steps": [(Status.IN_BEHANDELING, dt.date(2026, 2, 27), "beoordeling gestart", None),
                  (Status.TOEGEKEND, dt.date(2026, 3, 18), "Past bij het dorpsplan: ontmoeting en bewegen.", "2500")],
        "assessment": Advice.TOEKENNEN,
    },
    {
        "reference": "VB-2026-2", "kern": "maarssen-dorp", "title": "Wandelgroep ‘Samen op pad’ voor ouderen",
        "what": "Elke dinsdagochtend een wandeling van een uur door Maarssen-dorp, met koffie na afloop in het "
                "buurthuis. Vrijwilligers halen wie slecht ter been is thuis op.",
        "for_whom": "Ouderen die weinig de deur uitkomen of alleen wonen.",
        "requested": "1200", "lines": [("Koffie en thee voor een jaar", "600"), ("Hesjes en EHBO-tas", "250"),
                                        ("Folders en een startbijeenkomst", "350")],
        "supporters": 31, "method": "bijeenkomst", "survey": "Op de buurtavond zeiden 31 van de 40 aanwezigen mee "
                                                            "te willen lopen of te helpen.",
        "themes": ["eenzaamheid_sociale_basis", "gezondheid"], "submitted": dt.date(2026, 1, 15),
        "steps": [(Status.IN_BEHANDELING, dt.date(2026, 1, 22), "beoordeling gestart", None),
                  (Status.TOEGEKEND, dt.date(2026, 2, 10), "", "1200"),
                  (Status.GEREALISEERD, dt.date(2026, 6, 30), "De groep loopt sinds maart elke week.", None),
                  (Status.GEEVALUEERD, dt.date(2026, 9, 15), "evaluatie vastgelegd", None)],
        "evaluation": {"date": dt.date(2026, 9, 15), "participants": 23, "spent": Decimal("1080.00"), "continues": True,
                       "reached": "Elke dinsdag liepen 12 tot 18 ouderen mee; 23 verschillende deelnemers in een half "
                                  "jaar. Drie deelnemers zijn nu zelf vrijwilliger.",
                       "lessons": "Ophalen bij de deur was nodig om ook de meest eenzame ouderen te bereiken."},
    },
    {
        "reference": "VB-2026-3", "kern": "breukelen", "title": "Huiswerkhulp in de bibliotheek Breukelen",
        "what": "Twee middagen per week helpen vrijwilligers (oud-docenten en studenten) kinderen met hun huiswerk in "
                "de bibliotheek.",
        "for_whom": "Kinderen van groep 7 tot en met de tweede klas, vooral uit gezinnen waar thuis weinig hulp is.",
        "requested": "3800", "lines": [("Vergoeding vrijwilligers", "2000"), ("Lesmateriaal en laptops (huur)", "1400"),
                                        ("Drinken en fruit", "400")],
        "supporters": 18, "method": "enquete", "survey": "18 ouders en 2 scholen vulden de peiling in; allemaal "
                                                         "willen ze dat er huiswerkhulp komt.",
        "themes": ["jeugd", "bestaanszekerheid"], "submitted": dt.date(2026, 9, 20),
        "steps": [(Status.IN_BEHANDELING, dt.date(2026, 10, 5), "beoordeling gestart", None)],
    },
    {
        "reference": "VB-2026-4", "kern": "vreeland", "title": "Jeu-de-boulesbaan bij het dorpshuis Vreeland",
        "what": "Een jeu-de-boulesbaan naast het dorpshuis, met twee bankjes. De dorpsvereniging onderhoudt de baan.",
        "for_whom": "Alle inwoners, vooral ouderen en mensen die nieuw in het dorp wonen.",
        "requested": "4000", "lines": [("Aanleg van de baan", "3200"), ("Twee bankjes", "900"),
                                        ("Ballen en opening", "300")],
        "supporters": 45, "method": "deur", "survey": "",
        "themes": ["eenzaamheid_sociale_basis", "leefomgeving"], "submitted": dt.date(2026, 11, 2), "steps": [],
    },
    {
        "reference": "VB-2026-5", "kern": "loenen-aan-de-vecht", "title": "Kerstverlichting in de winkelstraat",
        "what": "Nieuwe kerstverlichting in de winkelstraat van Loenen.",
        "for_whom": "Winkeliers en bezoekers van het centrum.",
        "requested": "6000", "lines": [("Verlichting", "5000"), ("Ophangen en weghalen", "1000")],
        "supporters": 12, "method": "anders", "survey": "",
        "themes": ["leefomgeving"], "submitted": dt.date(2026, 3, 30),
        "steps": [(Status.AFGEWEZEN, dt.date(2026, 4, 20),
                   "Het initiatief werkt niet aan een opgave uit de kernfoto of het wijkplan. Voor verlichting in het "
                   "centrum is er een regeling voor ondernemers.", None)],
    },
]

PLAN = {
    "kern": "kockengen", "title": "Dorpsplan Kockengen 2025–2027", "start_year": 2025, "end_year": 2027,
    "ambition": "Kockengen blijft een dorp waar jong en oud elkaar kent en helpt, met een plek om elkaar te ontmoeten "
                "en voorzieningen dichtbij.",
    "learning_questions": "Hoe bereiken we inwoners die niet naar bijeenkomsten komen?\n"
                          "Wat hebben jonge gezinnen nodig om in het dorp te blijven wonen?",
    "approach": "Dorpsraad, wijkteam en gemeente werken samen in een kernteam dat elk kwartaal bijeenkomt. Inwoners "
                "dragen ideeën aan; de beste worden uitgewerkt als inwonersinitiatief.",
    "resident_involvement": "Twee dorpsavonden per jaar, een enquête onder alle huishoudens en een vaste inloop in het "
                            "dorpshuis.",
    "challenges": "Ontmoeting voor ouderen die alleen wonen\nSpeel- en beweegplekken voor kinderen\n"
                  "Vrijwilligers vinden voor het dorpshuis",
    "themes": ["eenzaamheid_sociale_basis", "jeugd", "leefomgeving"],
}
MILESTONES = [
    (dt.date(2025, 3, 12), "Eerste dorpsavond: wat vinden inwoners belangrijk?", "dorpsraad", "gereed", ""),
    (dt.date(2025, 9, 30), "Enquête onder alle huishoudens", "dorpsraad en gemeente", "gereed", ""),
    (dt.date(2026, 3, 18), "Eerste inwonersinitiatieven toegekend", "gemeente (team samenleving)", "gereed", ""),
    (dt.date(2026, 10, 1), "Wekelijkse inloop voor ouderen in het dorpshuis", "welzijnsorganisatie", "vertraagd",
     "Er zijn nog te weinig vrijwilligers; nieuwe startdatum in het voorjaar."),
    (dt.date(2027, 1, 15), "Beweegplek bij de school", "gemeente (team openbare ruimte)", "bezig", ""),
    (dt.date(2027, 6, 30), "Terugblik en nieuw dorpsplan", "kernteam Kockengen", "gepland", ""),
]


def _at(date: dt.date) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(10, 0), tzinfo=ZoneInfo("Europe/Amsterdam"))


def _summary() -> str:
    return (f"Inwonersinitiatieven (voorbeeld): {len(INITIATIVES)} initiatieven, budget {POT['year']}, "
            f"1 wijkplan met {len(MILESTONES)} mijlpalen.")


def load_example(gemeente: str = GEMEENTE) -> str:
    """Load the example (idempotent); return one Dutch summary line for ``kernfoto demo``."""
    gm = Area.objects.filter(code=gemeente, level="gemeente").first()
    if gm is None:
        return "Inwonersinitiatieven (voorbeeld): niet geladen, de gemeente ontbreekt."
    kernen = {k.slug: k for k in AreaGroup.objects.filter(kind="kern", gemeente=gm)}
    needed = {i["kern"] for i in INITIATIVES} | {PLAN["kern"]}
    if not needed <= set(kernen):
        return "Inwonersinitiatieven (voorbeeld): niet geladen, kernen ontbreken: " + ", ".join(sorted(needed - set(kernen)))
    if (Initiative.objects.filter(gemeente=gm, is_example=True).exists() or
            WijkPlan.objects.filter(gemeente=gm, is_example=True).exists() or
            BudgetPot.objects.filter(gemeente=gm, is_example=True).exists()):
        return _summary()
    if BudgetPot.objects.filter(gemeente=gm, year=POT["year"]).exists():
        return f"Inwonersinitiatieven (voorbeeld): niet geladen, er is al een echt budget voor {POT['year']}."
    with transaction.atomic():
        pot = BudgetPot.objects.create(gemeente=gm, is_example=True, **POT)
        plan = WijkPlan.objects.create(gemeente=gm, is_example=True, kern=kernen[PLAN["kern"]],
                                       **{k: v for k, v in PLAN.items() if k != "kern"})
        Milestone.objects.bulk_create(Milestone(plan=plan, date=d, title=t, owner=o, status=s, note=n)
                                      for d, t, o, s, n in MILESTONES)
        for spec in INITIATIVES:
            _initiative(gm, kernen[spec["kern"]], pot, plan, spec)
    return _summary()


def _initiative(gm: Area, kern: AreaGroup, pot: BudgetPot, plan: WijkPlan, spec: dict) -> Initiative:
    i = Initiative.objects.create(
        gemeente=gm, kern=kern, reference=spec["reference"], title=spec["title"], what=spec["what"],
        for_whom=spec["for_whom"], requested_amount=Decimal(spec["requested"]), themes=spec["themes"],
        status=Status.INGEDIEND, submitted_at=_at(spec["submitted"]), is_example=True)
    InitiatorContact.objects.create(initiative=i, name="Voorbeeld Indiener", email="indiener@example.org",
                                    group="werkgroep (voorbeeld)")
    BudgetLine.objects.bulk_create(BudgetLine(initiative=i, description=d, amount=Decimal(a), position=n)
                                   for n, (d, a) in enumerate(spec["lines"]))
    SupportEvidence.objects.create(initiative=i, supporters=spec["supporters"], method=spec["method"],
                                   survey_results=spec["survey"])
    StatusChange.objects.create(initiative=i, from_status="", status=Status.INGEDIEND, date=spec["submitted"],
                                by_name="indieners")
    for status, date, reason, amount in spec["steps"]:
        StatusChange.objects.create(initiative=i, from_status=i.status, status=status, date=date, reason=reason,
                                    amount=Decimal(amount) if amount else None, by_name=BY)
        i.status = status
        if status == Status.TOEGEKEND:
            i.granted_amount, i.granted_on, i.pot = Decimal(amount), date, pot
    i.save()
    if spec.get("assessment"):
        a = Assessment.objects.create(initiative=i, advice=spec["assessment"], by_name=BY, period="2020",
                                      note="Sluit aan bij twee opgaven van het dorpsplan.")
        Assessment.objects.filter(pk=a.pk).update(at=_at(spec["steps"][0][1]))  # on the day the treatment began
        items = [(CheckSource.WIJKPLAN, f"{c} ({plan.title})", "ja" if n < 2 else "nvt")
                 for n, c in enumerate(plan.challenge_list)]
        items.append((CheckSource.ALGEMEEN, "Er is genoeg draagvlak: inwoners van de kern steunen het initiatief.", "ja"))
        ChecklistItem.objects.bulk_create(ChecklistItem(assessment=a, source=s, text=t, verdict=v, position=n)
                                          for n, (s, t, v) in enumerate(items))
    if spec.get("evaluation"):
        e = Evaluation.objects.create(initiative=i, by_name=BY, **spec["evaluation"])
        Evaluation.objects.filter(pk=e.pk).update(at=_at(e.date))
    return i
