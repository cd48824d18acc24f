"""Building a questionnaire in the browser: its settings, adding, changing, moving and deleting questions, opening."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from consultation_helpers import GM, client_for, make_questionnaire
from django.urls import reverse
from django.utils import timezone

from kernfoto.consultation import services
from kernfoto.consultation.models import Kind, Question, State


def text(response) -> str:
    flat = " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())
    return re.sub(r" ([:.,;!?%)])", r"\1", flat)


def settings_data(**extra) -> dict:
    data = {"title": "Ankerpunten 2026", "intro": "Tien minuten.", "audience": "partners", "closes_on": "",
            "min_responses_to_publish": "5", "themes": ["eenzaamheid_sociale_basis"]}
    data.update(extra)
    return data


def test_settings_with_a_closing_day(analyst):
    q = make_questionnaire(state=State.CONCEPT)
    c = client_for(analyst)
    day = timezone.localdate() + dt.timedelta(days=10)
    r = c.post(reverse("consultation:detail", args=[GM, q.pk]), settings_data(closes_on=day.isoformat()))
    assert r.status_code == 302
    q.refresh_from_db()
    assert (q.title, q.intro, q.min_responses_to_publish, q.themes) == ("Ankerpunten 2026", "Tien minuten.", 5,
                                                                         ["eenzaamheid_sociale_basis"])
    assert timezone.localtime(q.closes_at) == timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    page = c.get(reverse("consultation:detail", args=[GM, q.pk])).content.decode()
    assert f'value="{day.isoformat()}"' in page  # shown as the last day to answer


def test_bad_settings_are_explained(analyst):
    q = make_questionnaire(state=State.CONCEPT)
    c = client_for(analyst)
    r = c.post(reverse("consultation:detail", args=[GM, q.pk]), settings_data(min_responses_to_publish="2",
                                                                               closes_on="2020-01-01", title=""))
    assert r.status_code == 400
    page = text(r)
    assert "Kies minstens 3; bij minder reacties is te herleiden wie wat antwoordde." in page
    assert "Deze dag is al voorbij. Kies vandaag of een latere dag." in page
    q.refresh_from_db()
    assert q.title == "Testvragenlijst" and q.min_responses_to_publish == 3 and q.closes_at is None


def test_add_a_multiple_choice_question_and_move_and_delete(analyst):
    q = make_questionnaire(state=State.CONCEPT)
    c = client_for(analyst)
    add = reverse("consultation:question_add", args=[GM, q.pk])
    r = c.post(add, {"kind": "meerkeuze", "text": "Hoe vaak?", "options_text": "vaak"})
    assert r.status_code == 400 and "Geef minstens twee keuzes, één per regel." in text(r)
    r = c.post(add, {"kind": "meerkeuze", "text": "Hoe vaak?", "options_text": "vaak\nVAAK"})
    assert "Een keuze staat er twee keer in." in text(r)
    r = c.post(add, {"kind": "meerkeuze", "text": "Welke?", "options_text": "a\nb", "multiple": "on", "max_choices": "3"})
    assert "Kies een getal van 1 tot 2." in text(r)
    assert q.questions.count() == 6
    r = c.post(add, {"kind": "meerkeuze", "text": "Wie doet mee?", "short_label": "Wie", "options_text": " jong \n\noud\n",
                     "multiple": "on", "max_choices": "1", "theme": "jeugd"})
    assert r.status_code == 302
    new = q.questions.get(short_label="Wie")
    assert (new.order, new.options, new.multiple, new.max_choices, new.theme) == (7, ["jong", "oud"], True, 1, "jeugd")
    # an open question drops options given by mistake
    c.post(add, {"kind": "open", "text": "Nog iets?", "options_text": "x\ny", "multiple": "on"})
    last = q.questions.order_by("-order").first()
    assert (last.kind, last.options, last.multiple) == (Kind.OPEN, [], False)
    action = reverse("consultation:question_action", args=[GM, q.pk, new.pk])
    c.post(action, {"actie": "op"})
    c.post(action, {"actie": "op"})
    assert [x.short_label for x in q.questions.all()][4:7] == ["Wie", "Onderwerpen", "Overig"]
    first = q.questions.first()
    c.post(reverse("consultation:question_action", args=[GM, q.pk, first.pk]), {"actie": "op"})  # already first
    assert q.questions.first() == first
    c.post(reverse("consultation:question_action", args=[GM, q.pk, first.pk]), {"actie": "verwijderen"})
    assert [x.order for x in q.questions.all()] == list(range(1, 8))
    assert not Question.objects.filter(pk=first.pk).exists()


def test_open_close_reopen(analyst):
    q = make_questionnaire(state=State.CONCEPT)
    q.closes_at = timezone.now() - dt.timedelta(days=1)
    q.save()
    c = client_for(analyst)
    url = reverse("consultation:state", args=[GM, q.pk])
    r = c.post(url, {"actie": "openen"}, follow=True)
    assert "De sluitdatum ligt in het verleden. Kies eerst een latere sluitdatum. Er is niets gewijzigd." in text(r)
    q.closes_at = None
    q.save()
    r = c.post(url, {"actie": "openen"}, follow=True)
    assert "De vragenlijst is open." in text(r)
    q.refresh_from_db()
    assert q.state() == State.OPEN and q.opened_at is not None
    c.post(url, {"actie": "sluiten"})
    r = c.post(url, {"actie": "sluiten"}, follow=True)
    assert "Deze vragenlijst is al gesloten. Er is niets gewijzigd." in text(r)
    message = services.change_state(analyst, q, "heropenen")
    assert message.startswith("De vragenlijst is weer open")
    q.refresh_from_db()
    assert q.state() == State.OPEN and q.closed_at is None
