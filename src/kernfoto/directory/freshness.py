"""Freshness of the directory: an entry nobody checked for twelve months is flagged.

The rule, declared once: an offer (``Service``) is *verouderd* (stale) when its ``assured_date`` (the
day someone last confirmed that the entry is still right) is more than :data:`STALE_AFTER_DAYS` days
before today, or when nobody ever confirmed it. Public pages then mark it "langer dan een jaar niet
gecontroleerd" (or "nooit gecontroleerd"), and analysts get it on their list of entries to check.

Every function takes ``today`` explicitly, so the rule never depends on the wall clock in tests.
"""

from __future__ import annotations

from datetime import date, timedelta

STALE_AFTER_DAYS = 365

STALE_TEXT = "langer dan een jaar niet gecontroleerd"
NEVER_TEXT = "nooit gecontroleerd"


def is_stale(service, today: date) -> bool:
    """True when ``service`` (anything with an ``assured_date``: a Service, a search Hit) needs checking.

    Checked on 2025-11-29 and today 2026-11-29 (365 days later): not stale yet; one day later it is.
    """
    assured = getattr(service, "assured_date", None)
    return assured is None or (today - assured).days > STALE_AFTER_DAYS


def stale_text(service, today: date) -> str:
    """The Dutch mark for a stale entry ("" when it is fresh)."""
    if not is_stale(service, today):
        return ""
    return NEVER_TEXT if getattr(service, "assured_date", None) is None else STALE_TEXT


def stale_before(today: date) -> date:
    """Entries with an ``assured_date`` before this day are stale (for database filters)."""
    return today - timedelta(days=STALE_AFTER_DAYS)


def stale_services(gemeente: str, today: date):
    """The stale offers of a gemeente's directory, as a queryset: active, inactive or temporarily closed
    (is it still so?), not those marked defunct (opgeheven)."""
    from django.db.models import Q

    from .models import Service, ServiceStatus

    return Service.objects.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=stale_before(today)),
                                  organization__gemeente_id=gemeente).exclude(status=ServiceStatus.DEFUNCT)


def stale_task_label(gemeente: str) -> str:
    """The line on the work dashboard ("Mijn werk") of an analyst: how many entries need checking."""
    from django.utils import timezone

    n = stale_services(gemeente, timezone.localdate()).count()
    if n == 0:
        return "Sociale basis: alle gegevens zijn het afgelopen jaar gecontroleerd"
    return f"Sociale basis: {n} {'gegeven' if n == 1 else 'gegevens'} langer dan een jaar niet gecontroleerd"
