"""Dialogue sessions: recorded with their questionnaire, the questions and themes discussed, ideas, conditions and
agreed follow-up; shown per questionnaire, on its results and (once published) on its public page."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from consultation_helpers import GM, answers_for, client_for, invite, make_questionnaire
from django.test import Client
from django.urls import reverse

from kernfoto.accounts.models import AuditLog
from kernfoto.consultation import services
from kernfoto.consultation.models import DialogueSession, FollowUp, Invitation


def text(response) -> str:
    flat = " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    return re.sub(r" ([:.,;!?%)])", r"\1", flat)


def session_data(q=None, **extra) -> dict:
    data = {"date": "2026-03-12", "mode": "online", "participants": "14", "topic": "Verdieping ankerpunten",
            "ideas": "Eén vast contactpersoon per kern\nEen chat voor vragen", "conditions": "Afspraken nakomen",
            "themes": ["eenzaamheid_sociale_basis"], "vragenlijst": str(q.pk) if q else "",
            "action_1": "Sociale kaart bijwerken", "owner_1": "gemeente", "due_1": "2026-06-01",
            "action_2": "Proef met contactpersoon", "owner_2": "welzijnsorganisatie"}
    data.update(extra)
    return data


def test_record_a_session_linked_to_a_questionnaire(analyst):
    q = make_questionnaire()
    questions = list(q.questions.all())
    c = client_for(analyst)
    page = c.get(reverse("consultation:session_add", args=[GM]) + f"?vragenlijst={q.pk}")
    assert page.status_code == 200 and "1. Ontmoeten dichtbij" in page.content.decode()
    r = c.post(reverse("consultation:session_add", args=[GM]),
               session_data(q, questions=[str(questions[0].pk), str(questions[1].pk)]))
    assert r.status_code == 302 and r["Location"] == reverse("consultation:sessions", args=[GM]) + f"?vragenlijst={q.pk}"
    s = DialogueSession.objects.get(questionnaire=q)
    assert (s.date, s.mode, s.participants, s.topic) == (dt.date(2026, 3, 12), "online", 14, "Verdieping ankerpunten")
    assert list(s.questions.order_by("order")) == questions[:2]
    assert s.themes == ["eenzaamheid_sociale_basis"]
    assert s.idea_list == ["Eén vast contactpersoon per kern", "Een chat voor vragen"]
    assert s.condition_list == ["Afspraken nakomen"]
    assert list(s.follow_ups.values_list("action", "owner", "due")) == [
        ("Sociale kaart bijwerken", "gemeente", dt.date(2026, 6, 1)), ("Proef met contactpersoon", "welzijnsorganisatie", None)]
    assert AuditLog.objects.get(action="dialogue.add").details == {"questionnaire": q.pk, "questions": 2, "follow_ups": 2}
    listing = text(c.get(r["Location"]))
    assert "Sessies bij “Testvragenlijst”" in listing and "12 maart 2026" in listing
    results = text(c.get(reverse("consultation:results", args=[GM, q.pk])))
    assert "Dialoogsessie 12 maart 2026" in results and "Besproken: Ontmoeten dichtbij, Hulp vinden" in results
    assert "Sociale kaart bijwerken — gemeente, klaar op 1 juni 2026" in results


def test_editing_replaces_follow_ups_and_keeps_the_link(analyst):
    q = make_questionnaire()
    c = client_for(analyst)
    c.post(reverse("consultation:session_add", args=[GM]), session_data(q))
    s = DialogueSession.objects.get(questionnaire=q)
    edit = reverse("consultation:session_edit", args=[GM, s.pk])
    form = c.get(edit).content.decode()
    assert 'value="Sociale kaart bijwerken"' in form and 'value="14"' in form
    r = c.post(edit, session_data(q, participants="11", action_2="", owner_2="", action_1="Kaart delen"))
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.participants == 11 and s.questionnaire == q
    assert list(s.follow_ups.values_list("action", flat=True)) == ["Kaart delen"]
    assert FollowUp.objects.filter(session=s).count() == 1
    c.post(reverse("consultation:session_delete", args=[GM, s.pk]))
    assert not DialogueSession.objects.filter(pk=s.pk).exists()
    assert list(AuditLog.objects.filter(action__startswith="dialogue").order_by("pk").values_list("action", flat=True)) == [
        "dialogue.add", "dialogue.edit", "dialogue.delete"]


def test_bad_session_input_is_explained_and_nothing_is_written(analyst):
    q = make_questionnaire()
    other = make_questionnaire(title="Andere")
    c = client_for(analyst)
    before = DialogueSession.objects.count()
    cases = [
        (session_data(q, participants="0"), "Vul een aantal van 1 of meer in."),
        (session_data(q, participants="veel"), "Vul een heel getal in, bijvoorbeeld 12."),
        (session_data(q, ideas="Bel Jan op 06-12345678"), "Dit lijkt een telefoonnummer te bevatten."),
        (session_data(q, action_1="", owner_1="gemeente"), "Schrijf op wat er is afgesproken, of maak ook “wie” leeg."),
        (session_data(q, owner_2=""), "Wie pakt dit op? Noem een rol of organisatie."),
        (session_data(q, date="2030-01-01"), "Deze datum ligt meer dan een jaar in de toekomst."),
        (session_data(q, questions=[str(other.questions.first().pk)]), "Een gekozen vraag hoort niet bij de gekozen vragenlijst."),
    ]
    for data, message in cases:
        r = c.post(reverse("consultation:session_add", args=[GM]), data)
        assert r.status_code == 400, message
        assert message in text(r), message
        assert 'value="Verdieping ankerpunten"' in r.content.decode()  # what was typed stays
    assert DialogueSession.objects.count() == before
    r = c.post(reverse("consultation:session_add", args=[GM]), session_data(q, vragenlijst="999999"))
    assert r.status_code == 404


def test_a_session_without_questionnaire(analyst):
    c = client_for(analyst)
    r = c.post(reverse("consultation:session_add", args=[GM]), session_data(None, mode="fysiek", participants="1"))
    assert r.status_code == 302
    s = DialogueSession.objects.get(topic="Verdieping ankerpunten", questionnaire__isnull=True)
    assert services.session_line(s) == "Dialoogsessie 12 maart 2026 (fysiek, 1 deelnemer): 2 afspraken"


def test_sessions_show_on_the_public_results_once_published(analyst):
    q = make_questionnaire(minimum=3)
    invite(q, analyst, "A\nB\nC")
    for inv in Invitation.objects.filter(questionnaire=q):
        services.save_response(inv, answers_for(q))
    client_for(analyst).post(reverse("consultation:session_add", args=[GM]), session_data(q))
    url = reverse("consultation:public_results", args=[GM, q.pk])
    assert Client().get(url).status_code == 404
    services.change_state(analyst, q, "sluiten")
    services.publish(analyst, q)
    page = text(Client().get(url))
    assert "Verdieping in dialoogsessies" in page
    assert "Online, 14 deelnemers. Verdieping ankerpunten" in page
    assert "Proef met contactpersoon — welzijnsorganisatie" in page
    # a change to the session shows at once (the page cache follows the data generation)
    s = DialogueSession.objects.get(questionnaire=q)
    s.participants = 15
    s.save()
    assert "Online, 15 deelnemers." in text(Client().get(url))
