"""A cheap cache key for public pages: one counter that goes up whenever their data change."""

from __future__ import annotations

from django.db import models
from django.db.models import F


class Generation(models.Model):
    """A single row (pk 1). Bumped by signals (``web/signals.py``) on every write to a model whose
    data public pages show; pages and computed figures are cached per generation."""

    value = models.BigIntegerField(default=0)


def current() -> int:
    row = Generation.objects.filter(pk=1).values_list("value", flat=True).first()
    return row or 0


def bump(**_kwargs) -> None:
    """Mark all cached pages and figures stale (call after bulk writes that send no signals)."""
    if not Generation.objects.filter(pk=1).update(value=F("value") + 1):
        Generation.objects.get_or_create(pk=1, defaults={"value": 1})
