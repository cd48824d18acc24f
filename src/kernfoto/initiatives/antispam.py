"""Protection of the public submission form against spam and floods, without JavaScript or outside services.

* **Honeypot.** The form has a field ``HONEYPOT`` that people never see and screen readers skip (visually
  hidden, ``aria-hidden``, ``tabindex="-1"``, ``autocomplete="off"``, with a label saying to leave it
  empty). Programs that fill every field fill it too; such a post creates nothing.
* **Minimum fill-in time.** The form's one-time key is signed with the moment the form was shown
  (``forms.key_age``); a post sooner than ``settings.INITIATIVE_MIN_SECONDS`` is refused, with everything
  typed kept.
* **Rate limit.** At most ``settings.INITIATIVE_MAX_PER_HOUR`` submissions per client address per hour,
  counted in :class:`SubmissionAttempt` (a keyed hash of ``accounts.views.client_address``, kept for an
  hour). Behind a reverse proxy the proxy must pass the client's address, as for the login throttle.

``0`` switches the minimum time or the limit off.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ..accounts.views import client_address
from .models import SubmissionAttempt

HONEYPOT = "website"  # the name of the field people leave empty
WINDOW = timedelta(hours=1)
HASH_SALT = "kernfoto.initiatives.antispam.address"


def address_of(request) -> str:
    """The client address as stored: a keyed hash (64 hex characters), never the address itself."""
    return salted_hmac(HASH_SALT, client_address(request), algorithm="sha256").hexdigest()


def honeypot_filled(post) -> bool:
    return bool((post.get(HONEYPOT) or "").strip())


def too_fast(age_seconds: float) -> bool:
    return age_seconds < settings.INITIATIVE_MIN_SECONDS


def record(address: str, *, now: datetime | None = None) -> None:
    """Count one submission of ``address``; forget submissions older than the window."""
    now = now or timezone.now()
    SubmissionAttempt.objects.create(address=address, at=now)
    SubmissionAttempt.objects.filter(at__lt=now - WINDOW).delete()


def blocked_until(address: str, *, now: datetime | None = None) -> datetime | None:
    """When ``address`` may submit again, or ``None`` when it may submit now."""
    limit = settings.INITIATIVE_MAX_PER_HOUR
    if limit <= 0:
        return None
    now = now or timezone.now()
    recent = list(SubmissionAttempt.objects.filter(address=address, at__gt=now - WINDOW)
                  .order_by("-at").values_list("at", flat=True)[:limit])
    if len(recent) < limit:
        return None
    return recent[-1] + WINDOW  # the oldest submission that keeps the limit in place leaves the window


def minutes_until(moment: datetime, *, now: datetime | None = None) -> int:
    """Whole minutes from ``now`` to ``moment``, rounded up (at least 1)."""
    return max(1, math.ceil((moment - (now or timezone.now())).total_seconds() / 60))
