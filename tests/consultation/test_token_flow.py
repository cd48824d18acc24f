"""Answering by personal link: valid, unknown, withdrawn, not yet open, closed and expired links; one response
per link, editable until the questionnaire closes; double submission; CSRF; nothing typed is lost."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from consultation_helpers import form_data, invite, make_questionnaire
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kernfoto.consultation import services
from kernfoto.consultation.models import Answer, Invitation, Response, State
from kernfoto.consultation.privacy import token_hash


def url(token: str) -> str:
    return reverse("consultation:respond", args=[token])


def text(response) -> str:
    flat = " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    return re.sub(r" ([:.,;!?])", r"\1", flat)


@pytest.fixture
def open_q(analyst):
    q = make_questionnaire()
    (link,) = invite(q, analyst, "Bibliotheek Vechtstreek; info@bieb.example; Breukelen")
    return q, link.token


def test_tokens_are_random_long_and_stored_only_as_a_hash(open_q, analyst):
    q, token = open_q
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
    inv = Invitation.objects.get(questionnaire=q)
    assert inv.token_hash == token_hash(token) and token not in inv.token_hash
    more = invite(q, analyst, "\n".join(f"Partner {n}" for n in range(20)))
    assert len({link.token for link in more} | {token}) == 21


def test_a_valid_link_shows_an_accessible_form(open_q):
    q, token = open_q
    r = Client().get(url(token))
    assert r.status_code == 200
    html = r.content.decode()
    assert r["Cache-Control"].startswith("max-age=0") and "no-store" in r["Cache-Control"]
    assert r["Referrer-Policy"] == "same-origin" and "noindex" in r["X-Robots-Tag"]
    assert "Bibliotheek Vechtstreek" in html  # whose link this is
    assert html.count('<fieldset class="kf-statement') == 6  # one fieldset per question
    assert "Stelling 1 van 3" in html and "Ontmoeten kan dichtbij huis." in html
    first = q.questions.first()
    for value, label in ((1, "helemaal niet belangrijk"), (5, "zeer belangrijk")):
        assert re.search(rf'<input type="radio" name="v{first.pk}" value="{value}"[^>]*id="id_v{first.pk}_{value - 1}"', html)
        assert f'<label class="utrecht-form-label utrecht-form-label--radio" for="id_v{first.pk}_{value - 1}">{value} – {label}</label>' in html
    assert f'<label class="utrecht-form-label" for="id_v{first.pk}_waarom">Waarom vindt u dit (niet) belangrijk?' in html
    assert "csrfmiddlewaretoken" in html


def test_answering_creates_one_response_and_redirects_with_thanks(open_q):
    q, token = open_q
    c = Client()
    r = c.post(url(token), form_data(q, why="Ouderen zijn vaak eenzaam."))
    assert r.status_code == 302 and r["Location"] == url(token) + "?opgeslagen=1"
    resp = Response.objects.get(questionnaire=q)
    assert resp.saves == 1
    scores = dict(Answer.objects.filter(response=resp).values_list("question__short_label", "score"))
    assert scores == {"Ontmoeten dichtbij": 5, "Hulp vinden": 4, "Samenwerking": None, "Onderwerpen": None}
    page = c.get(r["Location"])
    assert "Dank u wel! Uw antwoorden zijn opgeslagen" in text(page)
    assert "Wijzigingen opslaan" in page.content.decode()
    assert "Ouderen zijn vaak eenzaam." in page.content.decode()  # the respondent sees their own words back


def test_double_submission_and_later_edits_keep_one_response(open_q):
    q, token = open_q
    c = Client()
    c.post(url(token), form_data(q, scores=("5", "4", "")))
    c.post(url(token), form_data(q, scores=("5", "4", "")))  # double click
    r = c.post(url(token), form_data(q, scores=("2", "3", "1"), single="vaak", multiple=("wonen", "jeugd")))
    assert r.status_code == 302
    assert Response.objects.filter(questionnaire=q).count() == 1
    resp = Response.objects.get(questionnaire=q)
    assert resp.saves == 3
    answers = {a.question.short_label: a for a in resp.answers.select_related("question")}
    assert [answers[k].score for k in ("Ontmoeten dichtbij", "Hulp vinden", "Jongeren")] == [2, 3, 1]
    assert answers["Samenwerking"].choices == ["vaak"] and answers["Onderwerpen"].choices == ["wonen", "jeugd"]
    # clearing an optional answer removes it
    c.post(url(token), form_data(q, scores=("2", "3", ""), single="", multiple=()))
    assert set(resp.answers.values_list("question__short_label", flat=True)) == {"Ontmoeten dichtbij", "Hulp vinden"}


def test_a_stored_response_is_shown_for_editing(open_q):
    q, token = open_q
    Client().post(url(token), form_data(q, scores=("3", "4", ""), single="nooit"))
    html = Client().get(url(token)).content.decode()
    first = q.questions.first()
    assert re.search(rf'<input type="radio" name="v{first.pk}" value="3"[^>]*checked', html)
    assert re.search(r'value="nooit"[^>]*checked', html)
    assert "U hebt deze vragenlijst ingevuld op" in html


def test_missing_required_answers_and_too_many_choices_are_explained_and_nothing_is_saved(open_q):
    q, token = open_q
    r = Client().post(url(token), form_data(q, scores=("", "4", ""), multiple=("eenzaamheid", "armoede", "wonen"),
                                            why="Dit wil ik niet kwijt."))
    assert r.status_code == 400
    page = text(r)
    assert "Uw antwoorden zijn nog niet opgeslagen. Verbeter deze 2 punten" in page
    assert "Ontmoeten dichtbij: Kies hoe belangrijk u dit vindt." in page
    assert "Onderwerpen: Kies hoogstens 2." in page
    first = q.questions.first()
    html = r.content.decode()
    assert f'href="#id_v{first.pk}_0"' in html and 'role="alert"' in html
    assert "Dit wil ik niet kwijt." in html  # what was typed stays in the form
    assert not Response.objects.filter(questionnaire=q).exists()


def test_a_score_off_the_scale_is_refused(open_q):
    q, token = open_q
    r = Client().post(url(token), form_data(q, scores=("7", "4", "")))
    assert r.status_code == 400 and "Kies een van de vijf antwoorden." in text(r)
    assert not Response.objects.filter(questionnaire=q).exists()


def test_unknown_and_malformed_links_give_a_dutch_404(open_q):
    for token in ("x" * 32, "kort", "met spaties en %"):
        r = Client().get(url(token).replace("%20", " ") if " " in token else url(token))
        assert r.status_code == 404
        assert "Deze link werkt niet" in text(r) and "Wij kennen deze link niet" in text(r)
    assert Client().post(url("y" * 32), {}).status_code == 404


def test_a_revoked_link_gives_410_and_a_new_link_works_with_the_same_response(open_q, analyst):
    q, token = open_q
    Client().post(url(token), form_data(q))
    inv = Invitation.objects.get(questionnaire=q)
    services.revoke_invitation(analyst, inv)
    r = Client().get(url(token))
    assert r.status_code == 410 and "Deze link is ingetrokken" in text(r)
    new = services.reissue_link(analyst, inv)
    assert Client().get(url(token)).status_code == 404  # the old token is gone
    r = Client().get(url(new.token))
    assert r.status_code == 200 and "U hebt deze vragenlijst ingevuld op" in text(r)
    Client().post(url(new.token), form_data(q, scores=("1", "1", "")))
    assert Response.objects.filter(questionnaire=q).count() == 1


def test_a_concept_questionnaire_is_not_open_yet(analyst):
    q = make_questionnaire(state=State.CONCEPT)
    (link,) = invite(q, analyst, "Vroege partner")
    r = Client().get(url(link.token))
    assert r.status_code == 403 and "Deze vragenlijst is nog niet open" in text(r)
    assert Client().post(url(link.token), form_data(q)).status_code == 403
    assert not Response.objects.filter(questionnaire=q).exists()


def test_after_closing_the_link_gives_410_and_keeps_the_answers(open_q, analyst):
    q, token = open_q
    Client().post(url(token), form_data(q))
    services.change_state(analyst, q, "sluiten")
    r = Client().get(url(token))
    assert r.status_code == 410
    page = text(r)
    assert "Deze vragenlijst is gesloten" in page and "Antwoorden of wijzigen kan niet meer" in page
    assert "zijn bewaard en tellen mee" in page
    assert Response.objects.filter(questionnaire=q).count() == 1


def test_a_submission_after_the_closing_time_is_refused_but_shows_what_was_typed(analyst):
    q = make_questionnaire(closes_at=timezone.now() + dt.timedelta(hours=1))
    (link,) = invite(q, analyst, "Late partner")
    c = Client()
    assert c.get(url(link.token)).status_code == 200
    q.closes_at = timezone.now() - dt.timedelta(seconds=1)  # the closing time passes while the form is open
    q.save()
    r = c.post(url(link.token), form_data(q, why="Mijn lange toelichting over ontmoeten.", other="Nog iets."))
    assert r.status_code == 410
    page = text(r)
    assert "Deze vragenlijst is gesloten" in page and "Uw laatste antwoorden zijn niet opgeslagen" in page
    assert "Mijn lange toelichting over ontmoeten." in page and "Nog iets." in page
    assert not Response.objects.filter(questionnaire=q).exists()
    assert q.state() == State.GESLOTEN


def test_save_response_refuses_a_closed_questionnaire(open_q, analyst):
    q, token = open_q
    inv = Invitation.objects.get(questionnaire=q)
    services.change_state(analyst, q, "sluiten")
    inv.refresh_from_db()
    with pytest.raises(services.Closed):
        services.save_response(inv, {})


def test_posting_without_the_csrf_token_is_refused(open_q):
    q, token = open_q
    c = Client(enforce_csrf_checks=True)
    c.get(url(token))
    r = c.post(url(token), form_data(q))
    assert r.status_code == 403
    assert not Response.objects.filter(questionnaire=q).exists()
    # with the token from the form it works
    html = c.get(url(token)).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert c.post(url(token), {**form_data(q), "csrfmiddlewaretoken": csrf}).status_code == 302


def test_the_respondent_page_is_never_served_from_the_page_cache(open_q):
    q, token = open_q
    first = Client().get(url(token)).content.decode()
    Client().post(url(token), form_data(q))
    second = Client().get(url(token)).content.decode()
    assert "Antwoorden opslaan" in first and "Wijzigingen opslaan" in second
