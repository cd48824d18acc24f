"""Publication: refused while open and below the minimum of responses; the public page only when published, with
small numbers suppressed and no open texts; the feed of the Sociale Monitor (published results only)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from consultation_helpers import GM, answers_for, client_for, invite, make_questionnaire
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kernfoto.accounts.models import AuditLog
from kernfoto.consultation import services
from kernfoto.consultation.models import DialogueSession, FollowUp, Invitation, Mode, Questionnaire, State
from kernfoto.errors import KernfotoError


def text(response) -> str:
    flat = " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    return re.sub(r" ([:.,;!?%)])", r"\1", flat)


def answered(q, user, n: int, **kwargs) -> list[Invitation]:
    invite(q, user, "\n".join(f"Partner {i}" for i in range(1, n + 1)))
    invs = list(Invitation.objects.filter(questionnaire=q).order_by("pk"))
    for inv in invs:
        services.save_response(inv, answers_for(q, **kwargs))
    return invs


def public_url(q) -> str:
    return reverse("consultation:public_results", args=[GM, q.pk])


def test_publishing_is_refused_while_open_and_below_the_minimum(analyst):
    q = make_questionnaire(minimum=3)
    answered(q, analyst, 2)
    with pytest.raises(KernfotoError, match="Sluit de vragenlijst eerst"):
        services.publish(analyst, q)
    services.change_state(analyst, q, "sluiten")
    with pytest.raises(KernfotoError) as exc:
        services.publish(analyst, q)
    assert str(exc.value).startswith("Publiceren kan nog niet: er zijn 2 reacties, en er zijn er minstens 3 nodig.")
    q.refresh_from_db()
    assert q.published_at is None
    assert not AuditLog.objects.filter(action="questionnaire.publish").exists()


def test_the_refusal_is_shown_on_the_results_page(analyst):
    q = make_questionnaire(minimum=3)
    answered(q, analyst, 1)
    services.change_state(analyst, q, "sluiten")
    c = client_for(analyst)
    r = c.post(reverse("consultation:publish", args=[GM, q.pk]), {"actie": "publiceren"}, follow=True)
    assert "Publiceren kan nog niet: er is 1 reactie, en er zijn er minstens 3 nodig." in text(r)
    assert Client().get(public_url(q)).status_code == 404


def test_publish_at_the_minimum_and_the_public_page(analyst):
    q = make_questionnaire(minimum=3)
    answered(q, analyst, 3, scores=(5, 4, None), why="Mail ons op info@example.nl, we zijn eenzaam.",
             other="Bel 06-12345678")
    visitor = Client()
    assert visitor.get(public_url(q)).status_code == 404  # not published
    services.change_state(analyst, q, "sluiten")
    message = services.publish(analyst, q)
    assert message == "De uitkomsten van “Testvragenlijst” zijn gepubliceerd (3 reacties)."
    assert AuditLog.objects.get(action="questionnaire.publish").details == {"responses": 3}
    r = visitor.get(public_url(q))
    assert r.status_code == 200
    page = text(r)
    assert "3 partners vulden de vragenlijst in (100% van wie een uitnodiging kreeg)" in page
    assert "1. Ontmoeten dichtbij 3 5,0 100%" in page  # overview row: answers, mean, (zeer) belangrijk
    assert "2. Hulp vinden 3 4,0 100%" in page
    assert "3. Jongeren 0 te weinig antwoorden om te tonen" in page  # no answers: suppressed
    assert "0 antwoorden: te weinig om de uitkomst te tonen (minimaal 3)" in page
    # open texts never appear on the public page, only counts per theme
    assert "eenzaam," not in page and "info@example.nl" not in page and "06-12345678" not in page
    assert "3 toelichtingen op “waarom?”. Per thema: Eenzaamheid en sociale basis (3)" in page
    assert "Partner 1" not in page
    # the list of published questionnaires links it
    listing = visitor.get(reverse("consultation:public_list", args=[GM]))
    assert public_url(q) in listing.content.decode()


def test_unpublish_and_reopen_withdraw_the_public_page(analyst):
    q = make_questionnaire(minimum=3)
    answered(q, analyst, 3)
    services.change_state(analyst, q, "sluiten")
    services.publish(analyst, q)
    assert Client().get(public_url(q)).status_code == 200
    services.unpublish(analyst, q)
    assert Client().get(public_url(q)).status_code == 404
    services.publish(analyst, q)
    message = services.change_state(analyst, q, "heropenen")
    assert "De publicatie van de uitkomsten is ingetrokken." in message
    q.refresh_from_db()
    assert q.state() == State.OPEN and q.published_at is None
    assert Client().get(public_url(q)).status_code == 404


def test_the_public_page_of_another_gemeente_or_a_concept_is_not_found(analyst):
    q = make_questionnaire(minimum=3, state=State.CONCEPT)
    assert Client().get(public_url(q)).status_code == 404
    other = reverse("consultation:public_results", args=["GM0307", q.pk])
    assert Client().get(other).status_code == 404


def _published(analyst, *, title, n, scores, ended: dt.datetime, minimum=3) -> Questionnaire:
    q = make_questionnaire(title=title, minimum=minimum)
    answered(q, analyst, n, scores=scores)
    q.status, q.closed_at, q.published_at = State.GESLOTEN, ended, ended + dt.timedelta(days=2)
    q.save()
    return q


def test_consultation_by_theme_uses_published_results_of_the_year(analyst):
    ended = timezone.make_aware(dt.datetime(2025, 3, 1, 12))
    q = _published(analyst, title="Ankerpunten", n=4, scores=(5, 3, None), ended=ended)
    # mixed answers on the first statement: 3 of 4 say 4 or 5
    inv = Invitation.objects.filter(questionnaire=q).order_by("pk").first()
    first = q.questions.first()
    answer = inv.response.answers.get(question=first)
    answer.score = 2
    answer.save()
    feed = services.consultation_by_theme(GM, 2025)
    assert feed["eenzaamheid_sociale_basis"] == ["Vragenlijst Ankerpunten: 4 partners, 75% vindt 'Ontmoeten dichtbij' (zeer) belangrijk"]
    assert feed["zorg_ondersteuning"] == ["Vragenlijst Ankerpunten: 4 partners, 0% vindt 'Hulp vinden' (zeer) belangrijk"]
    assert feed["leefomgeving"] == ["Vragenlijst Ankerpunten: 4 partners, bij 'Samenwerking' het vaakst gekozen: 'soms' (100%)"]
    assert list(feed) == ["eenzaamheid_sociale_basis", "zorg_ondersteuning", "leefomgeving"]  # catalogue order
    assert services.consultation_by_theme(GM, 2024) == {}
    assert services.consultation_by_theme("gm1904", 2025) == feed


def test_the_feed_leaves_out_unpublished_results_and_questions_under_the_minimum(analyst):
    ended = timezone.make_aware(dt.datetime(2025, 5, 1, 12))
    q = _published(analyst, title="Klein", n=3, scores=(5, None, None), ended=ended, minimum=3)
    feed = services.consultation_by_theme(GM, 2025)
    assert feed["eenzaamheid_sociale_basis"] == ["Vragenlijst Klein: 3 partners, 100% vindt 'Ontmoeten dichtbij' (zeer) belangrijk"]
    assert "zorg_ondersteuning" not in feed  # "Hulp vinden" has no answers
    q.published_at = None
    q.save()
    assert services.consultation_by_theme(GM, 2025) == {}


def test_the_feed_has_a_line_per_dialogue_session_and_theme(analyst):
    q = make_questionnaire()
    s = DialogueSession.objects.create(gemeente_id=GM, date=dt.date(2025, 3, 12), mode=Mode.ONLINE, participants=14,
                                       themes=["bestaanszekerheid"], questionnaire=q)
    s.questions.set([q.questions.get(short_label="Hulp vinden")])
    for n, action in enumerate(("Sociale kaart bijwerken", "Proef met een vast contactpersoon", "Terugkoppelen")):
        FollowUp.objects.create(session=s, action=action, owner="gemeente", position=n)
    DialogueSession.objects.create(gemeente_id=GM, date=dt.date(2025, 6, 3), mode=Mode.FYSIEK, participants=1,
                                   themes=["bestaanszekerheid"])
    feed = services.consultation_by_theme(GM, 2025)
    assert feed == {
        "bestaanszekerheid": ["Dialoogsessie 12 maart 2025 (online, 14 deelnemers): 3 afspraken",
                              "Dialoogsessie 3 juni 2025 (fysiek, 1 deelnemer): geen afspraken"],
        "zorg_ondersteuning": ["Dialoogsessie 12 maart 2025 (online, 14 deelnemers): 3 afspraken"],
    }


def test_the_demo_example_is_published_and_feeds_2026(sample):
    q = Questionnaire.objects.get(gemeente_id=GM, is_example=True)
    assert q.is_published and q.state() == State.GESLOTEN
    assert q.responses.count() == 7 and q.invitations.count() == 8
    feed = services.consultation_by_theme(GM, 2026)
    name = "Vragenlijst Tien ankerpunten voor een sterke sociale basis (voorbeeld)"
    assert f"{name}: 7 partners, 86% vindt 'Elkaar goed vinden' (zeer) belangrijk" in feed["eenzaamheid_sociale_basis"]
    assert f"{name}: 7 partners, 14% vindt 'Monitoring op hoofdlijnen' (zeer) belangrijk" in feed["eenzaamheid_sociale_basis"]
    assert feed["eenzaamheid_sociale_basis"][-1] == "Dialoogsessie 12 maart 2026 (online, 14 deelnemers, voorbeeld): 3 afspraken"
    r = Client().get(public_url(q))
    assert r.status_code == 200
    page = text(r)
    assert "Dit is een voorbeeld." in page and "Dialoogsessie 12 maart 2026" in page
    assert "10. Monitoring op hoofdlijnen 7 2,9 14%" in page


def test_loading_the_example_again_changes_nothing(sample):
    from kernfoto.consultation.example import load_example
    from kernfoto.consultation.models import Answer

    counts = (Questionnaire.objects.count(), Invitation.objects.count(), Answer.objects.count(),
              DialogueSession.objects.count(), FollowUp.objects.count())
    assert load_example(GM) == "Voorbeeldvragenlijst en dialoogsessie: al aanwezig."
    assert (Questionnaire.objects.count(), Invitation.objects.count(), Answer.objects.count(),
            DialogueSession.objects.count(), FollowUp.objects.count()) == counts
    s = DialogueSession.objects.get(gemeente_id=GM, is_example=True)
    assert (s.date, s.participants, s.follow_ups.count()) == (dt.date(2026, 3, 12), 14, 3)
