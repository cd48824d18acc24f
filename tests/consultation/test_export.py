"""The anonymised CSV export: no token, e-mail address, organisation, kern or date; personal data in open answers
redacted; rows in an order unrelated to the invitations."""

from __future__ import annotations

import csv
import io

import pytest
from consultation_helpers import GM, answers_for, client_for, invite, make_questionnaire
from django.urls import reverse

from kernfoto.accounts.models import AuditLog
from kernfoto.consultation import services
from kernfoto.consultation.models import Invitation
from kernfoto.consultation.privacy import REDACTED, WITHHELD, redact
from kernfoto.voices.services import personal_data_in


@pytest.mark.parametrize(("text", "expected"), [
    ("Mail naar jan@example.nl voor meer.", f"Mail naar {REDACTED} voor meer."),
    ("Bel 06-12345678 of 030 123 4567.", f"Bel {REDACTED} of {REDACTED}."),
    ("Wij zitten op de Dorpsstraat 12 in Maarssen.", f"Wij zitten op de {REDACTED} in Maarssen."),
    ("Postcode 3601 AB, BSN 111222333 erbij.", f"Postcode {REDACTED}, BSN {REDACTED} erbij."),
    ("Geen persoonsgegevens, wel 12 vrijwilligers sinds 2020.", "Geen persoonsgegevens, wel 12 vrijwilligers sinds 2020."),
    ("", ""),
])
def test_redact(text, expected):
    assert redact(text) == expected
    assert personal_data_in(redact(text)) is None


def test_redact_withholds_what_it_cannot_cut_out(monkeypatch):
    from kernfoto.consultation import privacy

    monkeypatch.setattr(privacy, "_spans", lambda text: [])  # as if the screen found something without a span
    assert redact("schrijf naar a@b.nl") == WITHHELD


def _export_rows(analyst, q) -> tuple[list[str], list[list[str]], bytes]:
    r = client_for(analyst).get(reverse("consultation:export", args=[GM, q.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "text/csv; charset=utf-8"
    assert r["Content-Disposition"] == f'attachment; filename="vragenlijst-{q.pk}-testvragenlijst.csv"'
    assert "no-store" in r["Cache-Control"]
    data = r.content
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:], data


def test_export_is_anonymised_and_redacted(analyst):
    q = make_questionnaire()
    links = invite(q, analyst, "Stichting Geheimzinnig; contact@geheim.example; Breukelen\n"
                               "Vereniging Anoniem; ; Maarssen-dorp\nBuurthuis De Schakel")
    invs = list(Invitation.objects.filter(questionnaire=q).order_by("pk"))
    services.save_response(invs[0], answers_for(q, scores=(5, 4, 2), why="Mail mij: piet@example.nl, graag.",
                                                other="Bel 06-12345678 als er iets is."))
    services.save_response(invs[1], answers_for(q, scores=(3, None, None), single="", multiple=("wonen", "jeugd"),
                                                why="Ontmoeten is belangrijk."))
    header, rows, data = _export_rows(analyst, q)
    assert data.startswith("\ufeff".encode())  # Excel reads UTF-8
    assert header == ["reactie", "1. Ontmoeten dichtbij – belangrijk (1-5)", "1. Ontmoeten dichtbij – waarom",
                      "2. Hulp vinden – belangrijk (1-5)", "2. Hulp vinden – waarom", "3. Jongeren – belangrijk (1-5)",
                      "3. Jongeren – waarom", "4. Samenwerking", "5. Onderwerpen", "6. Overig"]
    assert sorted(r[0] for r in rows) == ["1", "2"]
    by_score = {r[1]: r for r in rows}
    assert by_score["5"][1:] == ["5", "Mail mij: [verwijderd], graag.", "4", "", "2", "", "soms", "armoede",
                                 "Bel [verwijderd] als er iets is."]
    assert by_score["3"][1:] == ["3", "Ontmoeten is belangrijk.", "", "", "", "", "", "wonen | jeugd", ""]
    flat = data.decode("utf-8-sig")
    for secret in ("Geheimzinnig", "Anoniem", "Schakel", "contact@geheim.example", "piet@example.nl", "06-12345678",
                   "Breukelen", "Maarssen", *(link.token for link in links), *(i.token_hash for i in invs)):
        assert secret not in flat
    assert AuditLog.objects.get(action="questionnaire.export").details == {"responses": 2}


def test_export_order_does_not_follow_the_invitations(analyst):
    q = make_questionnaire()
    invite(q, analyst, "\n".join(f"Partner {n:02d}" for n in range(12)))
    invs = list(Invitation.objects.filter(questionnaire=q).order_by("pk"))
    for n, inv in enumerate(invs):
        services.save_response(inv, answers_for(q, scores=(1 + n % 5, 1 + n % 5, None), other=f"antwoord {n:02d}"))
    _, rows, first = _export_rows(analyst, q)
    order = [r[-1] for r in rows]
    assert sorted(order) == [f"antwoord {n:02d}" for n in range(12)]
    assert order != sorted(order) and order != sorted(order, reverse=True)
    _, _, again = _export_rows(analyst, q)
    assert again == first  # the same data give the same file


def test_export_needs_the_analyst_role(partner, outsider, analyst):
    q = make_questionnaire()
    url = reverse("consultation:export", args=[GM, q.pk])
    assert client_for(partner).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 403
    from django.test import Client

    r = Client().get(url)
    assert r.status_code == 302 and "/account/inloggen/" in r["Location"]
    assert not AuditLog.objects.filter(action="questionnaire.export").exists()
