"""Who may do what: visitors go to the login page, partners and outsiders get 403 on questionnaire pages, analysts
work and every change writes an audit line; partners record dialogue sessions but change only their own."""

from __future__ import annotations

import datetime as dt

import pytest
from consultation_helpers import GM, client_for, invite, make_questionnaire, person
from django.test import Client
from django.urls import reverse

from kernfoto.accounts.models import AuditLog, Membership, Role
from kernfoto.consultation.models import DialogueSession, Invitation, Mode, Question, Questionnaire, State


def work_urls(q: Questionnaire) -> list[tuple[str, str]]:
    qn = q.questions.first()
    inv = Invitation.objects.filter(questionnaire=q).first()
    return [
        ("get", reverse("consultation:list", args=[GM])),
        ("get", reverse("consultation:detail", args=[GM, q.pk])),
        ("get", reverse("consultation:question_add", args=[GM, q.pk])),
        ("get", reverse("consultation:question_edit", args=[GM, q.pk, qn.pk])),
        ("get", reverse("consultation:invitations", args=[GM, q.pk])),
        ("get", reverse("consultation:results", args=[GM, q.pk])),
        ("get", reverse("consultation:export", args=[GM, q.pk])),
        ("post", reverse("consultation:list", args=[GM])),
        ("post", reverse("consultation:state", args=[GM, q.pk])),
        ("post", reverse("consultation:question_action", args=[GM, q.pk, qn.pk])),
        ("post", reverse("consultation:invitations", args=[GM, q.pk])),
        ("post", reverse("consultation:invitation_action", args=[GM, q.pk, inv.pk])),
        ("post", reverse("consultation:publish", args=[GM, q.pk])),
    ]


@pytest.fixture
def q(analyst):
    q = make_questionnaire()
    invite(q, analyst, "Bibliotheek")
    AuditLog.objects.all().delete()
    return q


def test_visitors_are_sent_to_the_login_page(q):
    for method, url in work_urls(q) + [("get", reverse("consultation:sessions", args=[GM]))]:
        r = getattr(Client(), method)(url)
        assert r.status_code == 302 and r["Location"].startswith("/account/inloggen/?next="), url


def test_partners_and_outsiders_may_not_manage_questionnaires(q, partner, outsider):
    for user in (partner, outsider):
        c = client_for(user)
        for method, url in work_urls(q):
            data = {"actie": "sluiten", "lines": "Nog een partner", "template": "ankerpunten"} if method == "post" else None
            r = getattr(c, method)(url, data) if data else c.get(url)
            assert r.status_code == 403, (user.username, url)
    q.refresh_from_db()
    assert q.status == State.OPEN and Invitation.objects.filter(questionnaire=q).count() == 1
    assert not AuditLog.objects.exists()


def test_an_analyst_of_another_gemeente_may_not(q):
    other = person("analist_amersfoort")
    Membership.objects.create(user=other, gemeente_id="GM0307", role=Role.ANALYST)
    c = client_for(other)
    assert c.get(reverse("consultation:detail", args=[GM, q.pk])).status_code == 403
    assert c.get(reverse("consultation:detail", args=["GM0307", q.pk])).status_code == 404  # not of that gemeente


def test_analyst_changes_are_audited(q, analyst):
    c = client_for(analyst)
    qn = q.questions.get(order=2)
    c.post(reverse("consultation:question_action", args=[GM, q.pk, qn.pk]), {"actie": "op"})
    assert [x.short_label for x in q.questions.all()][:2] == ["Hulp vinden", "Ontmoeten dichtbij"]
    c.post(reverse("consultation:question_edit", args=[GM, q.pk, qn.pk]), {
        "kind": "stelling", "text": "Hulp is dichtbij te vinden.", "short_label": "Hulp dichtbij", "theme": "zorg_ondersteuning",
        "required": "on"})
    qn.refresh_from_db()
    assert (qn.text, qn.short_label) == ("Hulp is dichtbij te vinden.", "Hulp dichtbij")
    c.post(reverse("consultation:invitations", args=[GM, q.pk]), {"lines": "Sportclub"})
    c.post(reverse("consultation:state", args=[GM, q.pk]), {"actie": "sluiten"})
    assert list(AuditLog.objects.order_by("pk").values_list("action", "username")) == [
        ("questionnaire.question_move", "analist"), ("questionnaire.question_edit", "analist"),
        ("questionnaire.invite", "analist"), ("questionnaire.close", "analist")]
    assert set(AuditLog.objects.values_list("gemeente", flat=True)) == {GM}


def test_questions_are_locked_once_there_are_answers(q, analyst):
    from consultation_helpers import answers_for

    from kernfoto.consultation.services import save_response

    save_response(Invitation.objects.get(questionnaire=q), answers_for(q))
    c = client_for(analyst)
    qn = q.questions.first()
    r = c.post(reverse("consultation:question_action", args=[GM, q.pk, qn.pk]), {"actie": "verwijderen"}, follow=True)
    assert "Er zijn al antwoorden op deze vragenlijst" in r.content.decode()
    r = c.post(reverse("consultation:question_add", args=[GM, q.pk]), {"kind": "open", "text": "Nog een vraag?"})
    assert r.status_code == 400 and "Er zijn al antwoorden op deze vragenlijst" in r.content.decode()
    assert Question.objects.filter(questionnaire=q).count() == 6
    assert not AuditLog.objects.filter(action__startswith="questionnaire.question").exists()


def test_the_dashboard_links_the_pages_by_role(analyst, partner):
    a = client_for(analyst).get(reverse("accounts:dashboard")).content.decode()
    assert reverse("consultation:list", args=[GM]) in a and reverse("consultation:sessions", args=[GM]) in a
    p = client_for(partner).get(reverse("accounts:dashboard")).content.decode()
    assert reverse("consultation:list", args=[GM]) not in p and reverse("consultation:sessions", args=[GM]) in p


def test_partners_record_sessions_and_change_only_their_own(partner, analyst, outsider):
    c = client_for(partner)
    data = {"date": "2026-03-12", "mode": "online", "participants": "9", "topic": "Elkaar vinden", "ideas": "Een chat",
            "conditions": "", "vragenlijst": ""}
    r = c.post(reverse("consultation:session_add", args=[GM]), data)
    assert r.status_code == 302
    own = DialogueSession.objects.get(topic="Elkaar vinden")
    assert own.created_by == partner
    theirs = DialogueSession.objects.create(gemeente_id=GM, date=dt.date(2026, 3, 1), mode=Mode.FYSIEK, participants=5,
                                            created_by=analyst)
    assert c.get(reverse("consultation:session_edit", args=[GM, own.pk])).status_code == 200
    assert c.get(reverse("consultation:session_edit", args=[GM, theirs.pk])).status_code == 403
    assert c.post(reverse("consultation:session_edit", args=[GM, theirs.pk]), data).status_code == 403
    assert c.post(reverse("consultation:session_delete", args=[GM, theirs.pk])).status_code == 403
    assert DialogueSession.objects.filter(pk=theirs.pk).exists()
    # the analyst may change every session
    assert client_for(analyst).get(reverse("consultation:session_edit", args=[GM, own.pk])).status_code == 200
    # someone without a role may not even look
    assert client_for(outsider).get(reverse("consultation:sessions", args=[GM])).status_code == 403
    assert list(AuditLog.objects.filter(action__startswith="dialogue").values_list("action", "username")) == [
        ("dialogue.add", "partner_maarssen")]
