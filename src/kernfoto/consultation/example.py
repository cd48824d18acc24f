"""The example for the demo ("voorbeeld"): the ten-ankerpunten questionnaire for a gemeente with seven
made-up partner responses, closed and published, and one dialogue session that deepened three
ankerpunten. It goes through the same services as real use (answers via ``save_response`` at dates in
the past). Idempotent: nothing happens when the gemeente already has an example questionnaire.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from .models import DialogueSession, FollowUp, Invitation, Kind, Mode, State
from .privacy import new_token, token_hash
from .services import build_questionnaire, get_template, save_response

PARTNERS = ("Welzijnsorganisatie", "Bibliotheek", "Sportvereniging", "Huisartsenpraktijk", "Kerkelijke gemeente",
            "Basisschool", "Dorpsraad", "Schuldhulpmaatjes")
# importance of the ten statements per responding partner (the eighth partner did not answer)
SCORES = (
    (5, 5, 4, 5, 4, 4, 4, 3, 5, 3),
    (5, 4, 5, 4, 5, 4, 3, 4, 4, 2),
    (4, 5, 5, 5, 3, 5, 4, 4, 5, 3),
    (5, 4, 4, 4, 4, 3, 5, 4, 4, 4),
    (3, 5, 4, 5, 5, 4, 4, 5, 5, 3),
    (5, 4, 5, 4, 4, 5, 4, 3, 4, 2),
    (4, 3, 4, 5, 4, 4, 5, 4, 5, 3),
)
WHY = {  # (respondent, statement) -> "waarom?"
    (0, 0): "Veel ouderen zijn eenzaam en weten niet bij wie ze terecht kunnen.",
    (1, 0): "Vrijwilligers en professionals kennen elkaar nog te weinig.",
    (2, 1): "Inwoners vinden de activiteiten in het dorpshuis niet op internet.",
    (3, 2): "Een vast contactpersoon werkt drempelverlagend, zeker bij schulden.",
    (4, 3): "Als een organisatie afspraken niet nakomt, haken inwoners af.",
    (5, 4): "Eerst vragen wat jonge gezinnen nodig hebben, dan pas aanbod maken.",
    (6, 8): "Samen optrekken voorkomt dat mantelzorgers van loket naar loket gaan.",
    (0, 9): "Monitoring is nodig, maar houd het bij de hoofdlijnen.",
}
DISCUSS = (("Elkaar goed vinden", "Laagdrempelige toegang", "Samenwerken in de uitvoering"),
           ("Elkaar goed vinden", "Behoefte van inwoners"),
           ("Laagdrempelige toegang", "Betrouwbaar zijn", "Samenwerken in de uitvoering"),
           ("Elkaar goed vinden",),
           ("Kwaliteit van het aanbod", "Goede match"),
           ("Elkaar goed vinden", "Samenwerken in de uitvoering"),
           ("Laagdrempelige toegang", "Monitoring op hoofdlijnen"))
MISSING = {2: "Aandacht voor eenzaamheid onder jongeren.", 5: "Een plek om elkaar te ontmoeten in elke kern."}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load_example(gemeente: str) -> str:
    """Create the example questionnaire and dialogue session for ``gemeente``; return a Dutch line."""
    from .models import Questionnaire

    if Questionnaire.objects.filter(gemeente_id=gemeente, is_example=True).exists():
        return "Voorbeeldvragenlijst en dialoogsessie: al aanwezig."
    template = get_template("ankerpunten")
    with transaction.atomic():
        q = build_questionnaire(gemeente, title=template.title, template=template, is_example=True,
                                intro="Voorbeeld: de antwoorden zijn verzonnen. " + template.intro)
        q.status, q.opened_at, q.closes_at = State.OPEN, _at(dt.date(2026, 2, 2), 9), _at(dt.date(2026, 3, 2), 0)
        q.save()
        questions = list(q.questions.all())
        statements = [x for x in questions if x.kind == Kind.STELLING]
        choice = next(x for x in questions if x.kind == Kind.MEERKEUZE)
        open_q = next(x for x in questions if x.kind == Kind.OPEN)
        for n, label in enumerate(PARTNERS):
            inv = Invitation.objects.create(questionnaire=q, token_hash=token_hash(new_token()),
                                            label=f"{label} (voorbeeld)")
            if n >= len(SCORES):
                continue
            answers = {s.pk: {"score": SCORES[n][i], "text": WHY.get((n, i), "")} for i, s in enumerate(statements)}
            answers[choice.pk] = {"choices": list(DISCUSS[n])}
            answers[open_q.pk] = {"text": MISSING.get(n, "")}
            save_response(inv, answers, now=_at(dt.date(2026, 2, 3 + 3 * n), 11))
        q.status, q.closed_at = State.GESLOTEN, q.closes_at
        q.published_at = _at(dt.date(2026, 3, 5), 14)
        q.save()
        session = DialogueSession.objects.create(
            gemeente_id=gemeente, date=dt.date(2026, 3, 12), mode=Mode.ONLINE, participants=14, is_example=True,
            topic="Voorbeeld: verdieping op drie ankerpunten", questionnaire=q,
            themes=["eenzaamheid_sociale_basis", "zorg_ondersteuning"],
            ideas="Eén vast contactpersoon per kern\nEen chat voor vragen van inwoners\n"
                  "Een sociale kaart die partners zelf bijhouden",
            conditions="Betrouwbaar zijn: afspraken nakomen\nEerst onderzoeken wat inwoners nodig hebben\n"
                       "Monitoring op hoofdlijnen, niet op details")
        session.questions.set([statements[0], statements[2], statements[8]])
        for n, (action, owner, due) in enumerate((
                ("De sociale kaart actueel maken en delen met alle partners", "gemeente, team sociaal domein",
                 dt.date(2026, 6, 1)),
                ("Proef met een vast contactpersoon in twee kernen", "welzijnsorganisatie", dt.date(2026, 9, 1)),
                ("De uitkomsten terugkoppelen aan alle partners", "gemeente", dt.date(2026, 4, 15)))):
            FollowUp.objects.create(session=session, action=action, owner=owner, due=due, position=n)
    return (f"Voorbeeldvragenlijst “{q.title}”: {len(SCORES)} van {len(PARTNERS)} partners antwoordden "
            "(gepubliceerd), met 1 dialoogsessie.")
