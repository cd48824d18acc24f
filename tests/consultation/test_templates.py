"""The bundled example template (ten ankerpunten) and the checks on a template file."""

from __future__ import annotations

import pytest
from consultation_helpers import GM, client_for
from django.urls import reverse

from kernfoto.accounts.models import AuditLog
from kernfoto.consultation import services
from kernfoto.consultation.models import Kind, Questionnaire, State
from kernfoto.errors import InputError
from kernfoto.stats.catalogue import catalogue

ANKERPUNTEN = ["Elkaar goed vinden", "Aanbod makkelijk te vinden", "Laagdrempelige toegang", "Betrouwbaar zijn",
               "Behoefte van inwoners", "Kwaliteit van het aanbod", "Kundige hulpverleners", "Goede match",
               "Samenwerken in de uitvoering", "Monitoring op hoofdlijnen"]


def test_the_ankerpunten_template_has_ten_statements(sample):
    t = services.get_template("ankerpunten")
    statements = [q for q in t.questions if q.kind == Kind.STELLING]
    assert [q.short for q in statements] == ANKERPUNTEN
    assert all(q.required and q.theme for q in statements)
    assert {q.theme for q in t.questions if q.theme} <= {th.id for th in catalogue().themes}
    assert "Oude IJsselstreek" in t.source and "10 ankerpunten" in t.source
    choice = next(q for q in t.questions if q.kind == Kind.MEERKEUZE)
    assert choice.options == tuple(ANKERPUNTEN) and choice.multiple and choice.max_choices == 3
    assert [q.kind for q in t.questions].count(Kind.OPEN) == 1
    assert t.min_responses == 5 and t.audience == "partners"


def test_an_analyst_builds_a_questionnaire_from_the_template_in_the_browser(analyst):
    c = client_for(analyst)
    before = set(Questionnaire.objects.values_list("pk", flat=True))
    r = c.post(reverse("consultation:list", args=[GM]), {"template": "ankerpunten", "title": ""})
    (pk,) = set(Questionnaire.objects.values_list("pk", flat=True)) - before
    q = Questionnaire.objects.get(pk=pk)
    assert r.status_code == 302 and r["Location"] == reverse("consultation:detail", args=[GM, pk])
    assert q.title == "Tien ankerpunten voor een sterke sociale basis" and q.status == State.CONCEPT
    assert not q.is_example and q.created_by == analyst
    assert [x.short_label for x in q.questions.all()][:10] == ANKERPUNTEN
    assert [x.order for x in q.questions.all()] == list(range(1, 13))
    assert AuditLog.objects.get(action="questionnaire.create", object_id=str(pk)).details == {"template": "ankerpunten"}
    page = c.get(r["Location"]).content.decode()
    assert "Vragen (12)" in page and "Elkaar goed vinden" in page


def test_an_empty_questionnaire_needs_a_title(analyst):
    c = client_for(analyst)
    before = Questionnaire.objects.count()
    r = c.post(reverse("consultation:list", args=[GM]), {"template": "leeg", "title": "  "})
    assert r.status_code == 400 and "Geef de vragenlijst een titel." in r.content.decode()
    r = c.post(reverse("consultation:list", args=[GM]), {"template": "bestaat-niet", "title": "x"})
    assert r.status_code == 400
    r = c.post(reverse("consultation:list", args=[GM]), {"title": "x"})  # no choice at all
    assert r.status_code == 400
    assert Questionnaire.objects.count() == before
    c.post(reverse("consultation:list", args=[GM]), {"template": "leeg", "title": "Jongerenwerk 2026"})
    q = Questionnaire.objects.get(title="Jongerenwerk 2026")
    assert q.questions.count() == 0
    r = c.post(reverse("consultation:state", args=[GM, q.pk]), {"actie": "openen"}, follow=True)
    assert "Voeg eerst minstens één vraag toe" in r.content.decode()
    q.refresh_from_db()
    assert q.status == State.CONCEPT


@pytest.mark.parametrize(("content", "message"), [
    ("title: X\nquestions: []\n", "bestand t.yaml, kolom questions: het sjabloon heeft geen vragen"),
    ("questions:\n  - kind: stelling\n    text: A\n", "bestand t.yaml, kolom title: dit veld is leeg of geen tekst"),
    ("title: X\nquestions:\n  - kind: stelling\n    text: A\n  - kind: schaal\n    text: B\n",
     "bestand t.yaml, kolom questions[2].kind: onbekende soort vraag 'schaal'; kies stelling, meerkeuze, open"),
    ("title: X\nquestions:\n  - kind: stelling\n    text: A\n    theme: geluk\n",
     "bestand t.yaml, kolom questions[1].theme: onbekend thema 'geluk'"),
    ("title: X\nquestions:\n  - kind: meerkeuze\n    text: A\n    options: [ja]\n",
     "bestand t.yaml, kolom questions[1].options: een meerkeuzevraag heeft minstens twee keuzes"),
    ("title: X\nquestions:\n  - kind: meerkeuze\n    text: A\n    options: [ja, nee]\n    max_choices: 3\n",
     "bestand t.yaml, kolom questions[1].max_choices: max_choices moet een getal van 1 tot 2 zijn"),
    ("title: [\n", "bestand t.yaml: het sjabloon is niet te lezen"),
])
def test_bad_templates_name_the_file_and_the_field(sample, tmp_path, content, message):
    path = tmp_path / "t.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        services.load_template(path)
    assert str(exc.value).startswith(message)
