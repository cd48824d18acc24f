"""Spam and floods on the public submission form: a honeypot, a minimum fill-in time and an hourly limit per
client address. Each refusal gets a Dutch message, keeps what was typed, and stores nothing (no initiative,
no letter); a normal submission still goes through."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from unittest import mock

from django.db.models import F
from django.urls import reverse
from initiative_helpers import GM, KERN_A, PDF, shown_key, snapshot, submission, text_of, upload

from kernfoto.accounts.models import AuditLog
from kernfoto.initiatives import antispam
from kernfoto.initiatives.forms import new_key, read_key
from kernfoto.initiatives.models import Initiative, SubmissionAttempt
from kernfoto.initiatives.views_public import NOT_PROCESSED

URL = reverse("initiatives:submit", args=[GM]) + f"?kern={KERN_A}"
TITLE = 'value="Samen koken in het dorpshuis"'


def files_in(folder) -> list:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_normal_submission_still_goes_through(visitor, media, settings):
    assert (settings.INITIATIVE_MIN_SECONDS, settings.INITIATIVE_MAX_PER_HOUR) == (5, 10)  # the defaults
    data = submission(key=shown_key(6), letters=upload("brief.pdf", PDF))
    response = visitor.post(URL, data)
    assert response.status_code == 302
    assert Initiative.objects.filter(submission_key=read_key(data["key"])).exists()
    assert len(files_in(media)) == 1
    [attempt] = SubmissionAttempt.objects.all()
    assert len(attempt.address) == 64 and "127.0.0.1" not in attempt.address  # a keyed hash, not the address


# ------------------------------------------------------------------------------------------------- honeypot


def test_the_honeypot_is_hidden_from_people_and_screen_readers(visitor):
    html = visitor.get(URL).content.decode()
    box = re.search(r'<div class="kf-visually-hidden" aria-hidden="true">(.*?)</div>', html, re.S)
    assert box, "the honeypot is not wrapped in a visually hidden, aria-hidden box"
    assert '<label for="id_website">Laat dit veld leeg. Het is een controle tegen spam.</label>' in box.group(1)
    field = re.search(r"<input[^>]*>", box.group(1)).group(0)
    assert 'name="website"' in field and 'id="id_website"' in field
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field and "value=" not in field
    assert antispam.HONEYPOT == "website"


def test_a_filled_honeypot_creates_nothing_and_is_audited_without_personal_data(visitor, media):
    before = snapshot()
    response = visitor.post(URL, submission(website="https://goedkope-pillen.example", letters=upload("brief.pdf", PDF)))
    assert response.status_code == 400
    text = text_of(response)
    assert NOT_PROCESSED in text and "spam" not in NOT_PROCESSED  # neutral: it does not say why
    html = response.content.decode()
    assert TITLE in html and "goedkope-pillen" not in html  # typed text kept, the honeypot emptied
    assert snapshot() == before and files_in(media) == []
    log = AuditLog.objects.filter(action="initiative.honeypot").latest("pk")
    assert (log.gemeente, log.details, log.user, log.username, log.object_id) == (GM, {"kern": KERN_A}, None, "", "")
    assert SubmissionAttempt.objects.count() == 1  # it counts towards the hourly limit


# ------------------------------------------------------------------------------------------------- minimum time


def test_a_submission_sent_too_fast_is_refused_and_keeps_everything(visitor, media):
    before = snapshot()
    data = submission(key=new_key(), letters=upload("brief.pdf", PDF))  # the form was shown just now
    response = visitor.post(URL, data)
    assert response.status_code == 400
    text = text_of(response)
    assert "Het formulier is te snel verstuurd: binnen 5 seconden nadat het werd geopend." in text
    assert "Uw bijlagen zijn nog niet bewaard" in text
    html = response.content.decode()
    assert TITLE in html and "Boodschappen voor een jaar" in html and 'value="450,50"' in html  # nothing lost
    assert response.context["form"]["key"].value() == data["key"]  # the same key: the clock keeps running
    assert snapshot() == before and files_in(media) == [] and not SubmissionAttempt.objects.exists()
    # six seconds later the same form goes through
    data["letters"] = upload("brief.pdf", PDF)
    with mock.patch("time.time", return_value=time.time() + 6):
        again = visitor.post(URL, data)
    assert again.status_code == 302
    assert Initiative.objects.filter(submission_key=read_key(data["key"])).exists()


def test_the_minimum_time_is_a_setting(visitor, settings):
    settings.INITIATIVE_MIN_SECONDS = 0
    assert visitor.post(URL, submission(key=new_key())).status_code == 302


# ------------------------------------------------------------------------------------------------- rate limit


def test_at_most_n_submissions_per_address_per_hour(visitor, media, settings):
    settings.INITIATIVE_MAX_PER_HOUR = 2
    first, second = submission(), submission(title="Jeu-de-boulesbaan bij het dorpshuis")
    assert visitor.post(URL, first).status_code == 302
    assert visitor.post(URL, second).status_code == 302
    before = snapshot()

    third = submission(title="Bloembakken langs de Dorpsstraat", letters=upload("brief.pdf", PDF))
    response = visitor.post(URL, third)
    assert response.status_code == 429
    text = text_of(response)
    assert "Vanaf dit internetadres is het afgelopen uur al 2 keer een initiatief verstuurd." in text
    assert re.search(r"U kunt het over (59|60) minuten opnieuw proberen, om \d\d:\d\d uur\.", text), text
    assert 'value="Bloembakken langs de Dorpsstraat"' in response.content.decode()  # nothing typed lost
    assert snapshot() == before and files_in(media) == []  # nothing stored, the letter neither
    assert SubmissionAttempt.objects.count() == 2  # a refused post does not extend the wait

    # a refresh of an accepted form still shows its receipt; another address may still submit
    assert visitor.post(URL, second)["Location"] == reverse("initiatives:receipt", args=[GM, read_key(second["key"])])
    assert visitor.post(URL, submission(), REMOTE_ADDR="192.0.2.7").status_code == 302

    # an hour later the first address may submit again; what lies outside the window is forgotten
    SubmissionAttempt.objects.update(at=F("at") - timedelta(minutes=61))
    third["letters"] = upload("brief.pdf", PDF)
    assert visitor.post(URL, third).status_code == 302
    assert SubmissionAttempt.objects.count() == 1


def test_the_wait_is_counted_from_the_oldest_submission_that_holds_the_limit(sample, settings):
    from django.utils import timezone

    settings.INITIATIVE_MAX_PER_HOUR = 2
    now = timezone.now()
    address = "a" * 64
    for minutes_ago in (70, 50, 20):
        SubmissionAttempt.objects.create(address=address, at=now - timedelta(minutes=minutes_ago))
    until = antispam.blocked_until(address, now=now)
    assert until == now + timedelta(minutes=10)  # the one of 50 minutes ago leaves the window in 10 minutes
    assert antispam.minutes_until(until, now=now) == 10
    assert antispam.minutes_until(now + timedelta(seconds=5), now=now) == 1
    assert antispam.blocked_until("b" * 64, now=now) is None
    settings.INITIATIVE_MAX_PER_HOUR = 0  # off
    assert antispam.blocked_until(address, now=now) is None
