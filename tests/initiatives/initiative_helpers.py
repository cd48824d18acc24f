"""Helpers for the tests of residents' initiatives, budgets and wijkplannen.

The session database holds the bundled sample of Stichtse Vecht (GM1904) and, through ``load_demo``, the
invented example of the initiatives app (five initiatives, a budget for 2026, the dorpsplan of Kockengen).
Tests that need a clean slate use kernen without example data (Nigtevecht, Tienhoven) or a year without a
budget (2025), so the example never changes what they measure.

Personas: ``partner_a`` works in Nigtevecht, ``partner_b`` in Tienhoven, ``analyst`` in the whole gemeente,
``outsider`` is logged in without a role, the visitor is the anonymous test client.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from decimal import Decimal
from html import unescape
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile

from kernfoto.areas.models import AreaGroup
from kernfoto.initiatives.forms import new_key
from kernfoto.initiatives.models import (
    Assessment,
    Attachment,
    BudgetLine,
    BudgetPot,
    Evaluation,
    Initiative,
    InitiatorContact,
    Milestone,
    Status,
    StatusChange,
    SupportEvidence,
    WijkPlan,
)
from personas import PASSWORD, client_for  # noqa: F401 (re-exported)
from personas import person as _person

GM = "GM1904"
KERN_A = "nigtevecht"
KERN_B = "tienhoven"
SUBMITTED = dt.datetime(2025, 1, 15, 10, 0, tzinfo=dt.UTC)  # decisions in 2025 use the pot of 2025

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def kern(slug: str) -> AreaGroup:
    return AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug=slug)


def text_of(response) -> str:
    """The visible text of a page, whitespace collapsed and entities decoded."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))).strip()


def shown_key(seconds_ago: float = 60) -> str:
    """A one-time key of a form shown ``seconds_ago`` (the form refuses posts sooner than 5 seconds)."""
    with mock.patch("django.core.signing.time.time", return_value=time.time() - seconds_ago):
        return new_key()


def submission(**extra) -> dict:
    """A complete, valid POST body of the public form (a fresh one-time key of a form shown a minute ago)."""
    data = {
        "key": shown_key(), "title": "Samen koken in het dorpshuis",
        "what": "Elke donderdag koken vrijwilligers een maaltijd in het dorpshuis, voor wie wil aanschuiven.",
        "for_whom": "Ouderen die alleen wonen, en iedereen die gezelschap zoekt.",
        "requested_amount": "1.500", "line_1_description": "Boodschappen voor een jaar", "line_1_amount": "1200",
        "line_2_description": "Pannen en serviesgoed", "line_2_amount": "450,50",
        "supporters": "38", "support_method": "handtekeningen", "survey_results": "",
        "themes": ["eenzaamheid_sociale_basis"], "name": "Jansen", "group": "Kookgroep Nigtevecht",
        "email": "kookgroep@example.org", "phone": "06 12345678", "agree": "on",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def snapshot() -> tuple:
    """Everything the initiatives app can write."""
    return (
        sorted(Initiative.objects.values_list("pk", "status", "granted_amount", "granted_on", "pot_id", "title")),
        InitiatorContact.objects.count(), BudgetLine.objects.count(), SupportEvidence.objects.count(),
        sorted(Attachment.objects.values_list("pk", "file")),
        StatusChange.objects.count(), Assessment.objects.count(), Evaluation.objects.count(),
        sorted(BudgetPot.objects.values_list("pk", "year", "amount")),
        sorted(WijkPlan.objects.values_list("pk", "title", "ambition")),
        sorted(Milestone.objects.values_list("pk", "title", "status", "date")),
    )


def make_initiative(slug: str = KERN_A, *, status: str = Status.INGEDIEND, requested: str = "2000",
                    title: str = "Speeltuin opknappen", themes: tuple[str, ...] = ("jeugd",), **fields) -> Initiative:
    """An initiative straight in the database (the workflow itself is tested through ``actions``)."""
    k = kern(slug)
    i = Initiative.objects.create(gemeente_id=GM, kern=k, title=title, what="Nieuwe toestellen en een bankje.",
                                  for_whom="Kinderen uit de buurt.", requested_amount=Decimal(requested),
                                  themes=list(themes), status=status, **({"submitted_at": SUBMITTED} | fields))
    i.reference = f"IN-TEST-{i.pk}"
    i.save()
    InitiatorContact.objects.create(initiative=i, name="Pietersen", email="pietersen@example.org", phone="0346 123456")
    BudgetLine.objects.create(initiative=i, description="Toestellen", amount=Decimal(requested))
    SupportEvidence.objects.create(initiative=i, supporters=20, method="handtekeningen")
    return i


def person(username: str, role: str | None = None, kernen: tuple[str, ...] = ()):
    """A persona of the initiatives tests: their partners are a dorpsraad."""
    return _person(username, role, kernen, organisation="Dorpsraad")
