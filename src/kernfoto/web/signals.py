"""Bump the data generation on every write to what public pages show."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import bump

WATCHED = (
    "stats.Dataset", "areas.Area", "areas.AreaGroup", "areas.AreaGroupMember", "areas.Boundary",
    "profiles.CuratedFinding", "profiles.CuratedSetting",
    "voices.Voice", "voices.Quote", "voices.Publication", "voices.ProfileReview",
)


def connect() -> None:
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(bump, sender=model, dispatch_uid=f"kernfoto-bump-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"kernfoto-bump-delete-{label}")
    m2m_changed.connect(bump, dispatch_uid="kernfoto-bump-m2m")
