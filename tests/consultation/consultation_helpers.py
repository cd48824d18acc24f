"""Helpers of the consultation tests: personas and constructed questionnaires for the consultation tests (sample gemeente Stichtse Vecht, GM1904).

``analyst`` may manage questionnaires; ``partner`` (kern Maarssen-dorp) may record dialogue sessions but
not manage questionnaires; ``outsider`` is logged in without a role; the visitor is the anonymous client.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kernfoto.accounts.models import Role
from kernfoto.consultation import services
from kernfoto.consultation.models import Kind, Question, Questionnaire, State
from personas import PASSWORD, client_for, person  # noqa: F401 (re-exported)

GM = "GM1904"


@pytest.fixture
def analyst(sample):
    return person("analist", Role.ANALYST)


@pytest.fixture
def partner(sample):
    return person("partner_maarssen", Role.PARTNER, ("maarssen-dorp",))


@pytest.fixture
def outsider(sample):
    return person("buitenstaander")


def make_questionnaire(*, title="Testvragenlijst", state=State.OPEN, minimum=3, closes_at=None) -> Questionnaire:
    """Three statements (two with a theme), a single-choice and a multiple-choice question, an open question."""
    q = Questionnaire.objects.create(gemeente_id=GM, title=title, min_responses_to_publish=minimum, status=state,
                                     closes_at=closes_at, themes=["eenzaamheid_sociale_basis"],
                                     opened_at=timezone.now() - dt.timedelta(days=1) if state != State.CONCEPT else None)
    Question.objects.create(questionnaire=q, order=1, kind=Kind.STELLING, text="Ontmoeten kan dichtbij huis.",
                            short_label="Ontmoeten dichtbij", theme="eenzaamheid_sociale_basis", required=True)
    Question.objects.create(questionnaire=q, order=2, kind=Kind.STELLING, text="Hulp is makkelijk te vinden.",
                            short_label="Hulp vinden", theme="zorg_ondersteuning", required=True)
    Question.objects.create(questionnaire=q, order=3, kind=Kind.STELLING, text="Er is genoeg te doen voor jongeren.",
                            short_label="Jongeren", required=False)
    Question.objects.create(questionnaire=q, order=4, kind=Kind.MEERKEUZE, text="Hoe vaak werkt u samen met de gemeente?",
                            short_label="Samenwerking", options=["nooit", "soms", "vaak"], theme="leefomgeving")
    Question.objects.create(questionnaire=q, order=5, kind=Kind.MEERKEUZE, text="Welke onderwerpen wilt u bespreken?",
                            short_label="Onderwerpen", options=["eenzaamheid", "armoede", "wonen", "jeugd"],
                            multiple=True, max_choices=2)
    Question.objects.create(questionnaire=q, order=6, kind=Kind.OPEN, text="Wat wilt u nog kwijt?", short_label="Overig")
    return q


def invite(q: Questionnaire, user, lines: str) -> list[services.NewLink]:
    return services.create_invitations(user, q, lines)


def answers_for(q: Questionnaire, scores=(5, 4, None), single="soms", multiple=("armoede",), why="", other="") -> dict:
    qs = list(q.questions.all())
    out = {qs[i].pk: {"score": s, "text": why if i == 0 else ""} for i, s in enumerate(scores)}
    out[qs[3].pk] = {"choices": [single] if single else []}
    out[qs[4].pk] = {"choices": list(multiple)}
    out[qs[5].pk] = {"text": other}
    return out


def form_data(q: Questionnaire, scores=("5", "4", ""), single="soms", multiple=("armoede",), why="", other="") -> dict:
    qs = list(q.questions.all())
    data = {}
    for i, s in enumerate(scores):
        if s:
            data[f"v{qs[i].pk}"] = s
        data[f"v{qs[i].pk}_waarom"] = why if i == 0 else ""
    if single:
        data[f"v{qs[3].pk}"] = single
    if multiple:
        data[f"v{qs[4].pk}"] = list(multiple)
    data[f"v{qs[5].pk}"] = other
    return data
