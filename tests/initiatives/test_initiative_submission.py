"""The public submission form: a resident submits an initiative with letters, gets a receipt, and every
kind of bad input (oversize or disguised uploads, double submission, an expired or forged form key, missing
or contradictory fields) gets a Dutch message and leaves the database and the upload folder as they were."""

from __future__ import annotations

import time
from decimal import Decimal
from unittest import mock

from django.core import signing
from django.urls import reverse
from initiative_helpers import (
    GM,
    JPEG,
    KERN_A,
    PDF,
    PNG,
    docx_bytes,
    kern,
    snapshot,
    submission,
    text_of,
    upload,
)

from kernfoto.accounts.models import AuditLog
from kernfoto.initiatives.forms import KEY_SALT, read_key
from kernfoto.initiatives.models import Attachment, Initiative, Status
from kernfoto.initiatives.services import kern_challenges

URL = reverse("initiatives:submit", args=[GM]) + f"?kern={KERN_A}"


def files_in(folder) -> list:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_step_one_chooses_the_kern_without_javascript(visitor):
    page = visitor.get(reverse("initiatives:submit", args=[GM]))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<select id="kern" name="kern"' in html and '<label for="kern">Kern</label>' in html
    assert html.count("<option value=") == 13  # the 13 kernen of Stichtse Vecht
    assert visitor.get(reverse("initiatives:submit", args=[GM]) + "?kern=atlantis").status_code == 404
    assert visitor.get(reverse("initiatives:submit", args=["GM9999"])).status_code == 404


def test_the_form_offers_the_opgaven_of_the_kernfoto_of_the_kern(visitor):
    period, opgaven = kern_challenges(kern(KERN_A))
    assert period == "2020" and opgaven  # Nigtevecht's kernfoto has opgaven in the sample
    page = visitor.get(URL)
    assert page.status_code == 200
    text = text_of(page)
    assert "Een initiatief indienen voor Nigtevecht" in text
    for o in opgaven:
        assert o in text
    assert page["Cache-Control"].startswith("max-age=0")  # never cached: it holds a one-time key


def test_a_resident_submits_an_initiative_with_letters(visitor, media):
    period, opgaven = kern_challenges(kern(KERN_A))
    data = submission(challenges=[opgaven[0]], themes=["eenzaamheid_sociale_basis", "gezondheid"])
    key = read_key(data["key"])
    data["letters"] = [upload("Steunbrief buren.PDF", PDF), upload("handtekeningen.jpg", JPEG, "image/jpeg"),
                       upload("plan.docx", docx_bytes(), "application/octet-stream")]
    response = visitor.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:receipt", args=[GM, key])
    i = Initiative.objects.get(submission_key=key)
    assert (i.title, i.kern.slug, i.status, i.requested_amount) == ("Samen koken in het dorpshuis", KERN_A,
                                                                    Status.INGEDIEND, Decimal("1500.00"))
    assert i.reference == f"IN-{i.submitted_at.year}-{i.pk:04d}"
    assert i.themes == ["eenzaamheid_sociale_basis", "gezondheid"] and i.challenges == [opgaven[0]]
    assert [(b.description, b.amount) for b in i.budget_lines.all()] == [
        ("Boodschappen voor een jaar", Decimal("1200.00")), ("Pannen en serviesgoed", Decimal("450.50"))]
    assert i.total_costs == Decimal("1650.50")
    assert (i.support.supporters, i.support.method) == (38, "handtekeningen")
    assert (i.contact.name, i.contact.email, i.contact.phone, i.contact.group) == (
        "Jansen", "kookgroep@example.org", "06 12345678", "Kookgroep Nigtevecht")
    assert list(i.history.values_list("status", "by_name")) == [("ingediend", "indieners")]
    # letters: checked by content, stored under MEDIA_ROOT with a random name and the real extension
    atts = list(i.attachments.all())
    assert [(a.original_name, a.kind, a.size) for a in atts] == [
        ("Steunbrief buren.PDF", "pdf", len(PDF)), ("handtekeningen.jpg", "jpeg", len(JPEG)),
        ("plan.docx", "docx", len(docx_bytes()))]
    stored = files_in(media)
    assert len(stored) == 3
    assert all(p.parent == media / "initiatieven" / GM for p in stored)
    assert sorted(p.suffix for p in stored) == [".docx", ".jpg", ".pdf"]
    assert not any("Steunbrief" in p.name or "handtekeningen" in p.name for p in stored)
    assert (media / atts[0].file.name).read_bytes() == PDF
    audit = AuditLog.objects.filter(action="initiative.submit").latest("pk")
    assert (audit.gemeente, audit.details["reference"], audit.details["attachments"], audit.user) == (
        GM, i.reference, 3, None)
    # the receipt: reference number, no contact details
    receipt = visitor.get(response["Location"])
    text = text_of(receipt)
    assert receipt.status_code == 200
    assert f"Uw kenmerk is {i.reference}" in text
    assert "€ 1.500" in text and "Steunbrief buren.PDF" in text and "Nigtevecht" in text
    for private in ("Jansen", "kookgroep@example.org", "12345678", "Kookgroep"):
        assert private not in receipt.content.decode()


def test_a_double_submission_creates_one_initiative(visitor, media):
    data = submission(letters=upload("brief.pdf", PDF))
    first = visitor.post(URL, data)
    assert first.status_code == 302
    before = snapshot()
    files = files_in(media)
    data["letters"] = upload("brief.pdf", PDF)  # a refresh sends the file again
    again = visitor.post(URL, data, follow=True)
    assert again.redirect_chain[0][0] == first["Location"]
    assert "Deze aanvraag hadden we al ontvangen. Hij is niet nog een keer ingediend." in text_of(again)
    assert snapshot() == before
    assert files_in(media) == files
    assert Initiative.objects.filter(title="Samen koken in het dorpshuis").count() == 1


def test_the_same_key_posted_at_the_same_moment_still_creates_one(sample, media):
    """Two posts that both pass the "already sent?" check: the unique key decides, the second's letter is removed."""
    from kernfoto.areas.models import Area
    from kernfoto.initiatives import actions
    from kernfoto.initiatives.forms import SubmissionForm

    data = submission()
    key = read_key(data["key"])
    gm, k = Area.objects.get(code=GM), kern(KERN_A)

    def valid_form():
        form = SubmissionForm(data, {"letters": [upload("brief.pdf", PDF)]}, opgaven=[])
        assert form.is_valid(), form.errors
        return form.cleaned_data

    first, created = actions.submit(gm, k, valid_form(), key=key)
    assert created
    n_files = len(files_in(media))
    before = snapshot()
    with mock.patch.object(actions, "_submitted", return_value=None):  # the first one not yet visible
        second, created = actions.submit(gm, k, valid_form(), key=key)
    assert not created and second.pk == first.pk
    assert snapshot() == before
    assert len(files_in(media)) == n_files  # the second post's letter was removed again


def test_an_expired_form_keeps_what_was_typed_and_stores_nothing(visitor, media):
    before = snapshot()
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 25 * 3600):
        old_key = signing.TimestampSigner(salt=KEY_SALT).sign("a" * 32)
    response = visitor.post(URL, submission(key=old_key, letters=upload("brief.pdf", PDF)))
    assert response.status_code == 400
    text = text_of(response)
    assert "Dit formulier stond te lang open (langer dan een dag)" in text
    assert "Uw bijlagen zijn nog niet bewaard" in text
    html = response.content.decode()
    assert 'value="Samen koken in het dorpshuis"' in html and "Boodschappen voor een jaar" in html  # nothing lost
    new_key = response.context["form"]["key"].value()
    assert new_key != old_key and read_key(new_key)  # the form can be sent again
    assert snapshot() == before and files_in(media) == []


def test_a_forged_key_is_refused(visitor, media):
    before = snapshot()
    response = visitor.post(URL, submission(key="a" * 32 + ":forged:xyz"))
    assert response.status_code == 400
    assert "Dit formulier is niet (meer) geldig" in text_of(response)
    assert snapshot() == before


def test_an_oversize_letter_is_refused_and_nothing_is_stored(visitor, media):
    before = snapshot()
    big = upload("scan brief.pdf", PDF + b"0" * (5 * 1024 * 1024))
    response = visitor.post(URL, submission(letters=[upload("goed.pdf", PDF), big]))
    assert response.status_code == 400
    text = text_of(response)
    assert "Bijlage scan brief.pdf is 5,0 MB; een bijlage mag hoogstens 5 MB zijn" in text
    assert 'href="#id_letters"' in response.content.decode()  # the error summary links to the field
    assert snapshot() == before and files_in(media) == []


def test_a_file_disguised_as_pdf_is_refused(visitor, media):
    before = snapshot()
    disguised = upload("steunbrief.pdf", b"<html><body><script>alert('x')</script></body></html>")
    response = visitor.post(URL, submission(letters=disguised))
    assert response.status_code == 400
    assert ("Bijlage steunbrief.pdf is geen PDF-, JPEG-, PNG- of Word-bestand (.docx). Kernfoto kijkt naar de inhoud"
            in text_of(response))
    assert snapshot() == before and files_in(media) == []


def test_more_than_five_letters_are_refused(visitor, media):
    before = snapshot()
    response = visitor.post(URL, submission(letters=[upload(f"brief{n}.png", PNG, "image/png") for n in range(6)]))
    assert response.status_code == 400
    assert "U kunt hoogstens 5 bijlagen meesturen; u koos er 6." in text_of(response)
    assert snapshot() == before and files_in(media) == []


def test_missing_and_contradictory_fields_get_dutch_messages(visitor):
    before = snapshot()
    cases = [
        ({"title": ""}, "title", "Geef uw initiatief een naam."),
        ({"requested_amount": "3000"}, "requested_amount",
         "U vraagt € 3.000, maar de kosten zijn samen € 1.650,50. U kunt niet meer vragen dan de kosten."),
        ({"requested_amount": "veel"}, "requested_amount", "Dit is geen bedrag. Schrijf het zo: 2500 of 2.500,50."),
        ({"line_2_amount": ""}, "line_2_amount", "Vul het bedrag van kostenpost 2 in."),
        ({"line_1_description": "", "line_1_amount": "", "line_2_description": "", "line_2_amount": ""},
         "line_1_description", "Vul minstens één kostenpost in: waarvoor is het geld?"),
        ({"email": "", "phone": ""}, "email", "Vul een e-mailadres of een telefoonnummer in"),
        ({"email": "niet-een-adres"}, "email", "Dit is geen e-mailadres."),
        ({"phone": "12"}, "phone", "Dit is geen telefoonnummer."),
        ({"supporters": "veel"}, "supporters", "Vul een heel getal in, bijvoorbeeld 25."),
        ({"agree": None}, "agree", "Vink aan dat u dit weet."),
        ({"title": "Moestuin, bel 06 12345678"}, "title", "Dit lijkt een telefoonnummer te bevatten."),
        ({"challenges": ["Een opgave die niet op de kernfoto staat."]}, "challenges", "Deze opgave staat niet (meer) op de kernfoto"),
    ]
    for extra, field, message in cases:
        response = visitor.post(URL, submission(**extra))
        assert response.status_code == 400, extra
        errors = " ".join(response.context["form"].errors.get(field, [])).replace("\u00a0", " ")
        assert message in errors, (extra, errors)
        assert "Het formulier is nog niet goed ingevuld." in text_of(response)
    assert snapshot() == before


def test_no_attachment_is_reachable_without_logging_in(visitor):
    i = Initiative.objects.filter(is_example=False).first() or Initiative.objects.first()
    att = Attachment.objects.create(initiative=i, original_name="x.pdf", kind="pdf", size=3, sha256="0" * 64,
                                    file="initiatieven/GM1904/x.pdf")
    response = visitor.get(reverse("initiatives:attachment", args=[GM, i.pk, att.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert visitor.get("/media/initiatieven/GM1904/x.pdf").status_code == 404
