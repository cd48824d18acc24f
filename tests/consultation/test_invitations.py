"""Inviting in bulk: the pasted list is checked line by line before anything is written; the links are shown once
and downloadable as CSV for a mail merge; closing wipes the e-mail addresses."""

from __future__ import annotations

import csv
import io
import re
from html import unescape
from urllib.parse import unquote

import pytest
from consultation_helpers import GM, client_for, invite, make_questionnaire
from django.test import Client
from django.urls import reverse

from kernfoto.consultation import services
from kernfoto.consultation.models import Invitation, State
from kernfoto.consultation.privacy import token_hash
from kernfoto.errors import KernfotoError


def test_links_are_shown_once_and_downloadable_as_csv(analyst):
    q = make_questionnaire()
    c = client_for(analyst)
    r = c.post(reverse("consultation:invitations", args=[GM, q.pk]), {
        "lines": "Bibliotheek Vechtstreek; info@bieb.example; Breukelen\n\n"
                 "Sportclub Maarssen\tsport@club.example\nDorpsraad Nigtevecht;;nigtevecht"})
    assert r.status_code == 200
    html = r.content.decode()
    assert "3 persoonlijke links gemaakt" in unescape(html) and "no-store" in r["Cache-Control"]
    href = re.search(r'href="data:text/csv;charset=utf-8,([^"]+)" download="links-vragenlijst-(\d+)\.csv"', html)
    assert href and href.group(2) == str(q.pk)
    rows = list(csv.reader(io.StringIO(unquote(unescape(href.group(1)))), delimiter=";"))
    assert rows[0] == ["organisatie", "e-mailadres", "kern", "link"]
    assert [r[:3] for r in rows[1:]] == [["Bibliotheek Vechtstreek", "info@bieb.example", "Breukelen"],
                                         ["Sportclub Maarssen", "sport@club.example", ""],
                                         ["Dorpsraad Nigtevecht", "", "Nigtevecht"]]
    invs = list(Invitation.objects.filter(questionnaire=q).order_by("pk"))
    for row, inv in zip(rows[1:], invs, strict=True):
        m = re.fullmatch(r"http://testserver/vragenlijst/([A-Za-z0-9_-]{32})/", row[3])
        assert m and token_hash(m.group(1)) == inv.token_hash
        assert row[3] in html  # also shown in the table
        assert Client().get(row[3]).status_code == 200
    assert invs[0].kern.slug == "breukelen" and invs[2].kern.name == "Nigtevecht"
    # the links cannot be shown again
    again = c.get(reverse("consultation:invitations", args=[GM, q.pk])).content.decode()
    assert "data:text/csv" not in again and rows[1][3] not in again
    assert "<strong>0</strong> van de <strong>3</strong> uitgenodigde partners hebben geantwoord (0%)" in again


@pytest.mark.parametrize(("lines", "message"), [
    ("", "Dit veld is verplicht."),
    ("Goed\n; info@x.example", "Regel 2: de naam van de organisatie ontbreekt."),
    ("info@x.example", "Regel 1: zet eerst de naam van de organisatie en dan, na een puntkomma, het e-mailadres."),
    ("Bibliotheek; geen-adres", "Regel 1: 'geen-adres' is geen geldig e-mailadres."),
    ("A\nB\nBuurthuis; ; Atlantis", "Regel 3: onbekende kern 'Atlantis'; bekende kernen: "),
    ("Sportclub\nsportclub", "Regel 2: “sportclub” staat ook op regel 1."),
    ("Bibliotheek; a@b.example; Breukelen; extra", "Regel 1: te veel delen; verwacht: organisatie; e-mailadres; kern."),
    ("Partner bel 06-12345678", "Regel 1: de naam lijkt een telefoonnummer te bevatten"),
])
def test_a_bad_list_is_refused_with_the_line_and_nothing_is_written(analyst, lines, message):
    q = make_questionnaire()
    r = client_for(analyst).post(reverse("consultation:invitations", args=[GM, q.pk]), {"lines": lines})
    assert r.status_code == 400
    assert message in unescape(r.content.decode())
    assert not Invitation.objects.filter(questionnaire=q).exists()


def test_a_name_that_already_has_a_link_is_refused(analyst):
    q = make_questionnaire()
    invite(q, analyst, "Bibliotheek")
    with pytest.raises(KernfotoError, match="Regel 2: “BIBLIOTHEEK” heeft al een link"):
        invite(q, analyst, "Sportclub\nBIBLIOTHEEK")
    assert list(Invitation.objects.filter(questionnaire=q).values_list("label", flat=True)) == ["Bibliotheek"]


def test_too_many_lines_are_refused(analyst):
    q = make_questionnaire()
    with pytest.raises(KernfotoError, match=r"Te veel regels \(501\)"):
        invite(q, analyst, "\n".join(f"Partner {n}" for n in range(501)))


def test_closing_wipes_email_addresses_and_stops_new_links(analyst):
    q = make_questionnaire()
    invite(q, analyst, "A; a@x.example\nB; b@x.example\nC")
    message = services.change_state(analyst, q, "sluiten")
    assert message == ("De vragenlijst is gesloten. Antwoorden kan niet meer. De e-mailadressen van 2 uitnodigingen "
                       "zijn gewist.")
    assert set(Invitation.objects.filter(questionnaire=q).values_list("email", flat=True)) == {""}
    with pytest.raises(KernfotoError, match="De vragenlijst is gesloten"):
        invite(q, analyst, "D")
    page = client_for(analyst).get(reverse("consultation:invitations", args=[GM, q.pk])).content.decode()
    assert "er kunnen geen uitnodigingen meer bij" in page and 'name="lines"' not in page
    q.refresh_from_db()
    assert q.status == State.GESLOTEN and q.closed_at is not None


def test_reissue_from_the_page_shows_the_new_link(analyst):
    q = make_questionnaire()
    (old,) = invite(q, analyst, "Bibliotheek")
    inv = Invitation.objects.get(questionnaire=q)
    r = client_for(analyst).post(reverse("consultation:invitation_action", args=[GM, q.pk, inv.pk]),
                                 {"actie": "nieuwe-link"})
    assert r.status_code == 200 and "de oude link werkt niet meer" in unescape(r.content.decode())
    token = re.search(r"/vragenlijst/([A-Za-z0-9_-]{32})/", r.content.decode()).group(1)
    assert token != old.token
    assert Client().get(reverse("consultation:respond", args=[old.token])).status_code == 404
    assert Client().get(reverse("consultation:respond", args=[token])).status_code == 200
