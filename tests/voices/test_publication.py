"""Publication rules of what we hear, end to end on the public side (page, PDF, CSV, API).

A quote is public only with the speaker's consent AND an analyst's approval, in an approved voice that is
not anonymised; the public side never shows who recorded a note. The public services keep results per
process and data version, so approving must change that version and show up on the next request.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from kernfoto.areas.models import AreaGroup
from kernfoto.profiles.build import MAX_QUOTES, ProfileSource
from kernfoto.profiles.typst_render import VOICES_SHORTENED, TypstRenderer, count_pdf_pages
from kernfoto.voices import services
from kernfoto.voices.models import Quote, Status, Voice

GM, KERN = "GM1904", "maarssenbroek"
PAGE = f"/gemeente/{GM}/{KERN}/"
PDF = f"/gemeente/{GM}/{KERN}/kernfoto.pdf"
CSV = f"/gemeente/{GM}/{KERN}/cijfers.csv"
API_PROFILE = f"/api/v1/gemeenten/{GM}/profielen/{KERN}"
API_VALUES = f"/api/v1/gemeenten/{GM}/waarden?gebied={KERN}"

# one unbreakable marker word per quote, so the check also works on PDF text with line breaks
A = "Zonder de Alfabus komen wij nergens meer"  # consent and approved, approved voice: public
B = "In de Bravohal is het te koud"  # consent, not approved
C = "De Charliebrug is gevaarlijk"  # approved, no consent
D = "Bij Deltaplein is geen bankje"  # consent and approved, but the voice is still "ingediend"
MARKERS = {"a": "Alfabus", "b": "Bravohal", "c": "Charliebrug", "d": "Deltaplein"}
CREATOR, CREATOR_EMAIL = "notulist_geheim", "notulist.geheim@example.org"

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")


def voice(kern: str, *, status: str, quotes, themes=("leefomgeving",), kind="gesprek", speaker="inwoner",
          date: dt.date | None = None, user=None) -> Voice:
    v = Voice.objects.create(gemeente_id=GM, kern=AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug=kern),
                             date=date or timezone.localdate() - dt.timedelta(days=20), kind=kind, speaker=speaker,
                             themes=list(themes), summary="Samenvatting van het gesprek (intern)", status=status,
                             created_by=user, reviewed_by=user if status == Status.GOEDGEKEURD else None)
    for text, consent, approved in quotes:
        Quote.objects.create(voice=v, text=text, consent=consent, approved=approved)
    return v


@pytest.fixture
def creator(sample):
    return get_user_model().objects.create_user(CREATOR, email=CREATOR_EMAIL, password="x")


@pytest.fixture
def four_quotes(creator):
    voice(KERN, status=Status.GOEDGEKEURD, user=creator, quotes=[(A, True, True), (B, True, False), (C, False, True)])
    voice(KERN, status=Status.GOEDGEKEURD, user=creator, kind="signaal", themes=("leefomgeving", "jeugd"), quotes=[])
    voice(KERN, status=Status.INGEDIEND, user=creator, quotes=[(D, True, True)])


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "k.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def assert_only_a(text: str, *, a_expected: bool = True) -> None:
    if a_expected:
        assert MARKERS["a"] in text
    for key in "bcd":
        assert MARKERS[key] not in text, key
    assert CREATOR not in text and CREATOR_EMAIL not in text and "notulist" not in text
    assert "Samenvatting van het gesprek" not in text  # summaries are internal


@needs_pdftotext
def test_only_consented_and_approved_quotes_are_public(client, creator, tmp_path):
    # fill the per-process caches first: the voices added afterwards must still show up
    assert MARKERS["a"] not in client.get(PAGE).content.decode()
    client.get(PDF)
    voice(KERN, status=Status.GOEDGEKEURD, user=creator, quotes=[(A, True, True), (B, True, False), (C, False, True)])
    voice(KERN, status=Status.GOEDGEKEURD, user=creator, kind="signaal", themes=("leefomgeving", "jeugd"), quotes=[])
    voice(KERN, status=Status.INGEDIEND, user=creator, quotes=[(D, True, True)])

    page = client.get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert_only_a(html)
    assert f"“{A}” — inwoner, {services.month_year(timezone.localdate() - dt.timedelta(days=20))}" in html
    assert "Wat we horen: 1 gesprek en 1 signaal over dit thema." in html  # leefomgeving: the "ingediend" one not
    # jeugd has no figures for this kern: its count goes to the voices block
    assert "Verder over jeugd: 1 signaal." in html

    pdf = client.get(PDF)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert count_pdf_pages(pdf.content) == 1
    text = pdf_text(pdf.content, tmp_path)
    assert_only_a(text)
    assert "— inwoner" in text and "1 gesprek en 1 signaal over dit thema" in text

    csv = client.get(CSV)
    assert csv.status_code == 200
    assert_only_a(csv.content.decode(), a_expected=False)  # figures only: no quotes at all

    api = client.get(API_PROFILE)
    assert api.status_code == 200
    body = api.content.decode()
    assert_only_a(body)
    profile = json.loads(body)["profiel"]
    assert profile["voices"]["items"] == [
        f"“{A}” — inwoner, {services.month_year(timezone.localdate() - dt.timedelta(days=20))}",
        "Verder over jeugd: 1 signaal."]
    themes = {t["theme"]: t["voices"] for t in profile["themes"]}
    assert themes["leefomgeving"] == "Wat we horen: 1 gesprek en 1 signaal over dit thema."
    assert themes["bestaanszekerheid"] == ""

    values = client.get(API_VALUES)
    assert values.status_code == 200
    assert_only_a(values.content.decode(), a_expected=False)


def test_approval_and_anonymisation_show_on_the_next_request(client, creator):
    v = voice(KERN, status=Status.INGEDIEND, user=creator, quotes=[(A, True, True)])
    assert MARKERS["a"] not in client.get(PAGE).content.decode()
    v.status = Status.GOEDGEKEURD
    v.save()
    assert MARKERS["a"] in client.get(PAGE).content.decode()
    q = v.quotes.get()
    q.approved = False  # an analyst withdraws the approval of the quote only
    q.save()
    html = client.get(PAGE).content.decode()
    assert MARKERS["a"] not in html and "Wat we horen: 1 gesprek over dit thema." in html
    q.approved = True
    q.save()
    assert MARKERS["a"] in client.get(API_PROFILE).content.decode()
    # past the retention period: anonymised, the quote disappears everywhere
    v.date = timezone.localdate() - dt.timedelta(days=4 * 366)
    v.save()
    assert services.anonymise_old() == 1
    assert MARKERS["a"] not in client.get(PAGE).content.decode()
    assert MARKERS["a"] not in client.get(API_PROFILE).content.decode()


def test_without_voices_the_blocks_keep_their_empty_text(client, sample):
    profile = json.loads(client.get(API_PROFILE).content)["profiel"]
    assert profile["voices"]["items"] == [] and profile["voices"]["empty_text"].startswith("Nog geen gesprekken")
    assert all(t["voices"] == "" for t in profile["themes"])
    html = client.get(PAGE).content.decode()
    assert "Nog geen gesprekken vastgelegd" in html and "Wat we horen:" not in html


def test_gemeente_and_wijk_profiles_show_no_quotes_of_a_kern(client, four_quotes):
    for area in (GM, "WK190401"):
        body = client.get(f"/api/v1/gemeenten/{GM}/profielen/{area}").content.decode()
        assert_only_a(body, a_expected=False)
        assert MARKERS["a"] not in body


@needs_pdftotext
def test_every_kern_fits_one_a4_with_quotes_and_counts(sample, creator, tmp_path):
    themes = ("bevolking", "gezondheid", "leefstijl", "eenzaamheid_sociale_basis", "bestaanszekerheid",
              "zorg_ondersteuning", "jeugd", "wonen", "leefomgeving")
    long = ("Sinds de bus niet meer door het dorp rijdt kom ik bijna nergens meer, mijn kinderen wonen ver weg en "
            "de buren werken allemaal, dus ik zit vaak dagenlang alleen thuis en dat valt me zwaar, vooral in de "
            "winter als het vroeg donker is en niemand even aanbelt")
    source_kernen = AreaGroup.objects.filter(kind="kern", gemeente_id=GM).values_list("slug", flat=True)
    for slug in source_kernen:
        for n in range(MAX_QUOTES + 2):
            voice(slug, status=Status.GOEDGEKEURD, user=creator, themes=themes, kind=("gesprek", "signaal")[n % 2],
                  speaker=("inwoner", "sleutelfiguur", "professional", "vrijwilliger", "ondernemer")[n],
                  quotes=[(f"{long} ({n}).", True, True)])
    source = ProfileSource(GM, today="2026-11-29")
    renderer = TypstRenderer()
    for slug in source.areas("kern"):
        profile = source.profile(slug, "2020")
        quotes = [item for item in profile.voices.items if item.startswith("“")]
        assert len(quotes) == MAX_QUOTES
        assert all(len(item) < 180 and "…" in item for item in quotes)
        assert all(t.voices == "Wat we horen: 3 gesprekken en 2 signalen over dit thema." for t in profile.themes)
        if len(profile.themes) < len(themes):  # themes without figures here: their counts in one more line
            assert profile.voices.items[-1].startswith("Verder over ")
            assert "3 gesprekken en 2 signalen" in profile.voices.items[-1]
        pdf = renderer.render(profile)  # raises KernfotoOverflowError if it needs a second page
        assert count_pdf_pages(pdf) == 1, slug
        text = pdf_text(pdf, tmp_path)
        shown = len(re.findall(r"— (?:inwoner|sleutelfiguur|professional|vrijwilliger|ondernemer), ", text))
        # a full page shows fewer quotes (newest first) and says that the web page has them all
        assert 1 <= shown <= MAX_QUOTES, slug
        assert shown == MAX_QUOTES or VOICES_SHORTENED in text, slug
        assert re.search(r"3 gesprekken en 2 signalen over dit thema", text), slug
        assert CREATOR not in text


def test_anonymising_a_voice_without_quotes_updates_the_counts(client, creator):
    voice(KERN, status=Status.GOEDGEKEURD, user=creator, quotes=[],
          date=timezone.localdate() - dt.timedelta(days=4 * 366))
    assert "Wat we horen: 1 gesprek over dit thema." in client.get(PAGE).content.decode()
    assert services.anonymise_old() == 1  # a bulk update: no model signals, the cache must still be marked stale
    assert "Wat we horen:" not in client.get(PAGE).content.decode()
