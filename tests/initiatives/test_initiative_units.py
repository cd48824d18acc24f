"""Pure rules: amounts as people write them, uploads checked by content, the workflow's steps."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from initiative_helpers import JPEG, PDF, PNG, docx_bytes

from kernfoto.initiatives.models import Status
from kernfoto.initiatives.money import AmountError, euro, parse_amount
from kernfoto.initiatives.uploads import MAX_BYTES, UploadError, check_upload, sniff
from kernfoto.initiatives.workflow import PotState, WorkflowError, check_step, next_steps

# ------------------------------------------------------------------------------------------------- amounts


@pytest.mark.parametrize("text, value", [
    ("2500", "2500.00"), ("2.500", "2500.00"), ("€ 2.500", "2500.00"), ("2.500,50", "2500.50"), ("2500,5", "2500.50"),
    ("1250.5", "1250.50"), ("12,-", "12.00"), ("1.234.567", "1234567.00"), (" €\u00a0150.000 ", "150000.00"),
    ("0", "0.00"), ("EUR 99", "99.00"),
])
def test_amounts_are_read_as_dutch_people_write_them(text, value):
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize("text, message", [
    ("", "Vul een bedrag in."), ("veel", "Dit is geen bedrag"), ("-50", "negatief"), ("12,345", "twee cijfers"),
    ("2,500.00.1", "Dit is geen bedrag"), ("99999999", "te hoog"),
])
def test_what_is_not_an_amount_gets_a_dutch_message(text, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(text)


@pytest.mark.parametrize("value, text", [
    (Decimal("2500"), "€\u00a02.500"), (Decimal("2500.5"), "€\u00a02.500,50"), (Decimal("0.99"), "€\u00a00,99"),
    (Decimal("150000"), "€\u00a0150.000"), (3, "€\u00a03"), (None, ""),
])
def test_euro_formats_the_dutch_way(value, text):
    assert euro(value) == text


# ------------------------------------------------------------------------------------------------- uploads


@pytest.mark.parametrize("content, kind", [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg"), (docx_bytes(), "docx"),
                                           (b"<html><script>alert(1)</script></html>", None),
                                           (b"MZ\x90\x00\x03\x00\x00\x00", None), (b"PK\x03\x04not a zip", None)])
def test_the_kind_of_a_file_comes_from_its_content(content, kind):
    f = io.BytesIO(content)
    assert sniff(f) == kind
    assert f.tell() == 0  # left at the start for storing


def test_a_zip_that_is_not_a_word_file_is_refused():
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("virus.exe", "MZ")
    with pytest.raises(UploadError, match=r"Bijlage brief\.docx is geen PDF-, JPEG-, PNG- of Word-bestand"):
        check_upload("brief.docx", len(buf.getvalue()), buf)


def test_a_disguised_file_is_refused_by_content_not_name():
    html = b"<!DOCTYPE html><p>Dit is geen brief</p>"
    with pytest.raises(UploadError) as exc:
        check_upload("steunbrief.pdf", len(html), io.BytesIO(html))
    assert "steunbrief.pdf" in str(exc.value) and "inhoud" in str(exc.value)


def test_oversize_and_empty_files_are_refused_with_their_size():
    with pytest.raises(UploadError, match=r"Bijlage scan\.pdf is 5,5 MB; een bijlage mag hoogstens 5 MB zijn"):
        check_upload("scan.pdf", int(5.5 * 1024 * 1024), io.BytesIO(PDF))
    with pytest.raises(UploadError, match="is leeg"):
        check_upload("leeg.pdf", 0, io.BytesIO(b""))
    assert check_upload("precies.pdf", MAX_BYTES, io.BytesIO(PDF)).key == "pdf"


def test_a_photo_named_pdf_is_stored_as_what_it_is():
    kind = check_upload("foto.pdf", len(PNG), io.BytesIO(PNG))
    assert (kind.key, kind.extension, kind.content_type) == ("png", ".png", "image/png")


# ------------------------------------------------------------------------------------------------- workflow

TODAY = dt.date(2026, 6, 1)
SUBMITTED = dt.date(2026, 1, 10)


def step(current, new, **kw):
    args = {"date": dt.date(2026, 5, 1), "submitted": SUBMITTED, "today": TODAY}
    args.update(kw)
    check_step(current, new, **args)


def test_the_workflow_allows_only_its_arrows():
    allowed = {(a, b) for a in Status.values for b in next_steps(a)}
    assert allowed == {
        ("ingediend", "in_behandeling"), ("ingediend", "afgewezen"), ("in_behandeling", "toegekend"),
        ("in_behandeling", "afgewezen"), ("toegekend", "gerealiseerd"), ("gerealiseerd", "geevalueerd")}
    pot = PotState(year=2026, amount=Decimal("1000"), committed=Decimal("0"))
    for a in Status.values:
        for b in Status.values:
            kw = {"reason": "past niet", "amount": Decimal("10"), "requested": Decimal("10"), "pot": pot}
            if (a, b) in allowed:
                step(a, b, **kw)
            else:
                with pytest.raises(WorkflowError):
                    step(a, b, **kw)


def test_illegal_steps_say_where_the_initiative_can_go():
    with pytest.raises(WorkflowError, match="Van ‘toegekend’ kan een initiatief alleen naar ‘gerealiseerd’, niet "
                                            "naar ‘afgewezen’") as exc:
        step(Status.TOEGEKEND, Status.AFGEWEZEN, reason="toch niet")
    assert exc.value.field == "status"
    with pytest.raises(WorkflowError, match="Een afgewezen initiatief verandert niet meer van status"):
        step(Status.AFGEWEZEN, Status.IN_BEHANDELING)
    with pytest.raises(WorkflowError, match="al ‘ingediend’"):
        step(Status.INGEDIEND, Status.INGEDIEND)


def test_a_rejection_needs_a_reason():
    for reason in ("", "   "):
        with pytest.raises(WorkflowError, match="Schrijf op waarom het initiatief is afgewezen") as exc:
            step(Status.IN_BEHANDELING, Status.AFGEWEZEN, reason=reason)
        assert exc.value.field == "reason"
    step(Status.IN_BEHANDELING, Status.AFGEWEZEN, reason="Geen draagvlak in de straat.")


def test_a_grant_must_fit_the_request_and_the_pot():
    pot = PotState(year=2026, amount=Decimal("5000"), committed=Decimal("3750"))
    assert pot.remaining == Decimal("1250")
    ok = {"requested": Decimal("2000"), "pot": pot}
    step(Status.IN_BEHANDELING, Status.TOEGEKEND, amount=Decimal("1250"), **ok)  # exactly what is left
    with pytest.raises(WorkflowError, match=r"Niet toegekend: €\s1\.250,01 is meer dan er nog over is in het budget van "
                                            r"2026 \(€\s1\.250 van €\s5\.000\)") as exc:
        step(Status.IN_BEHANDELING, Status.TOEGEKEND, amount=Decimal("1250.01"), **ok)
    assert exc.value.field == "amount"
    with pytest.raises(WorkflowError, match="Meer toekennen dan gevraagd kan niet"):
        step(Status.IN_BEHANDELING, Status.TOEGEKEND, amount=Decimal("2000.01"), requested=Decimal("2000"),
             pot=PotState(2026, Decimal("9000"), Decimal("0")))
    with pytest.raises(WorkflowError, match=r"meer dan €\s0"):
        step(Status.IN_BEHANDELING, Status.TOEGEKEND, amount=None, **ok)
    with pytest.raises(WorkflowError, match="Er is geen budget voor 2026"):
        step(Status.IN_BEHANDELING, Status.TOEGEKEND, amount=Decimal("10"), requested=Decimal("10"), pot=None)


def test_a_decision_date_lies_between_submission_and_today():
    with pytest.raises(WorkflowError, match="in de toekomst") as exc:
        step(Status.INGEDIEND, Status.IN_BEHANDELING, date=TODAY + dt.timedelta(days=1))
    assert exc.value.field == "date"
    with pytest.raises(WorkflowError, match=r"vóór de dag van indienen \(10-01-2026\)"):
        step(Status.INGEDIEND, Status.IN_BEHANDELING, date=dt.date(2026, 1, 9))
