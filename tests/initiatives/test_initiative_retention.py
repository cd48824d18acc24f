"""AVG retention: ``kernfoto initiatieven opschonen`` removes the contact details and letters of initiatives
closed more than two years ago; what the public and the monitor see remains."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from click.testing import CliRunner
from django.core.files.base import ContentFile
from django.utils import timezone
from initiative_helpers import PDF, make_initiative

import kernfoto.cli
from kernfoto.accounts.models import AuditLog
from kernfoto.initiatives.actions import purge_personal_data
from kernfoto.initiatives.models import Attachment, Initiative, InitiatorContact, Status, StatusChange


def closed(title: str, status: str, on: dt.date, *, letter: bool = True):
    i = make_initiative(status=status, title=title, granted_amount=Decimal("100") if status != "afgewezen" else None)
    StatusChange.objects.create(initiative=i, from_status="in_behandeling", status=status, date=on)
    if letter:
        a = Attachment(initiative=i, original_name="brief.pdf", kind="pdf", size=len(PDF), sha256="0" * 64)
        a.file.save("bijlage.pdf", ContentFile(PDF), save=True)
    return i


def test_old_closed_initiatives_lose_their_personal_data(sample, media):
    old_rejected = closed("Oud afgewezen", Status.AFGEWEZEN, dt.date(2023, 3, 1))
    old_evaluated = closed("Oud geëvalueerd", Status.GEEVALUEERD, dt.date(2024, 1, 10), letter=False)
    recent = closed("Recent afgewezen", Status.AFGEWEZEN, dt.date(2025, 6, 1))
    running = closed("Loopt nog", Status.GEREALISEERD, dt.date(2020, 1, 1))
    old_file = media / old_rejected.attachments.get().file.name
    assert old_file.exists()
    contacts_before = InitiatorContact.objects.count()

    result = CliRunner().invoke(kernfoto.cli.main, ["initiatieven", "opschonen"])
    assert result.exit_code == 0, result.output
    assert ("Van 2 initiatieven de contactgegevens verwijderd en 1 bijlage (afgesloten meer dan 2 jaar geleden)."
            in " ".join(result.output.split()))
    assert not InitiatorContact.objects.filter(initiative__in=[old_rejected, old_evaluated]).exists()
    assert not Attachment.objects.filter(initiative=old_rejected).exists() and not old_file.exists()
    for kept in (recent, running):
        assert InitiatorContact.objects.filter(initiative=kept).exists()
        assert kept.attachments.count() == 1
    assert InitiatorContact.objects.count() == contacts_before - 2
    old_rejected.refresh_from_db()
    assert (old_rejected.title, old_rejected.status, old_rejected.budget_lines.count()) == (
        "Oud afgewezen", "afgewezen", 1)  # the initiative and its decision remain
    audit = AuditLog.objects.get(action="initiative.purge")
    today = timezone.localdate()
    assert audit.details == {"contacts": 2, "attachments": 1, "cutoff": today.replace(year=today.year - 2).isoformat()}

    again = CliRunner().invoke(kernfoto.cli.main, ["initiatieven", "opschonen"])
    assert "Geen initiatieven die meer dan 2 jaar geleden zijn afgesloten" in " ".join(again.output.split())
    # the example (closed in 2026) goes in 2028
    assert purge_personal_data(today=dt.date(2028, 9, 16)) == (3, 1)  # "recent" (2025, one letter), two examples


def test_an_admin_deletes_an_initiative_with_its_letters(admin_client, media, django_capture_on_commit_callbacks):
    i = closed("Op verzoek wissen", Status.AFGEWEZEN, dt.date(2026, 1, 5))
    stored = media / i.attachments.get().file.name
    change = f"/beheer/initiatives/initiative/{i.pk}/change/"
    page = admin_client.get(change)
    assert page.status_code == 200 and "pietersen@example.org" in page.content.decode()
    assert admin_client.get("/beheer/initiatives/initiative/add/").status_code == 403  # only through the form
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/beheer/initiatives/initiative/{i.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Initiative.objects.filter(pk=i.pk).exists() and not stored.exists()
    assert AuditLog.objects.get(action="initiative.delete").details == {"reference": i.reference, "via": "beheer"}
