"""Bump the data generation on every write to what public pages show."""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import bump

WATCHED = (
    "stats.Dataset", "areas.Area", "areas.AreaGroup", "areas.AreaGroupMember", "areas.Boundary",
    "profiles.CuratedFinding", "profiles.CuratedSetting",
    "voices.Voice", "voices.Quote", "voices.Publication", "voices.ProfileReview",
    # initiatives and wijkplannen: the public lists, plan pages and "wat er gebeurt" (an Initiative bumps only
    # when it is funded, see initiatives/signals.py: a resident's submission changes no public page)
    "initiatives.BudgetPot", "initiatives.WijkPlan", "initiatives.Milestone",
    "monitor.MonitorText",  # the analyst's texts in the Sociale Monitor
    # sociale basis: what the finder, its PDF and the API show
    "directory.Organization", "directory.Service", "directory.Location", "directory.Address",
    "directory.ServiceAtLocation", "directory.Schedule", "directory.Phone", "directory.CostOption",
    "directory.Language", "directory.Accessibility", "directory.ServiceArea",
    # published questionnaire results and dialogue sessions (answers can only change while a questionnaire
    # is open, and then it is not published; reopening saves the Questionnaire)
    "consultation.Questionnaire", "consultation.Question", "consultation.DialogueSession", "consultation.FollowUp",
)


def connect() -> None:
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(bump, sender=model, dispatch_uid=f"kernfoto-bump-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"kernfoto-bump-delete-{label}")
    m2m_changed.connect(bump, dispatch_uid="kernfoto-bump-m2m")
