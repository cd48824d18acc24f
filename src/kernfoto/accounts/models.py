"""Roles per gemeente, and the audit log. Every rule about who may do what is in ``access.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    PARTNER = "partner", "partner"  # adds voices for the kernen they work in, reviews drafts
    ANALYST = "analyst", "analist"  # imports, kernen, curated texts, approves voices, publishes
    ADMIN = "admin", "beheerder"  # users and roles (and everything an analyst may do)


class Membership(models.Model):
    """A user's role in one gemeente; a partner works in some of its kernen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="user_memberships",
                                 limit_choices_to={"level": "gemeente"})
    role = models.CharField(max_length=10, choices=Role.choices)
    kernen = models.ManyToManyField("areas.AreaGroup", blank=True, related_name="partners",
                                    help_text="voor partners: de kernen waarin zij werken")
    organisation = models.CharField("organisatie", max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "gemeente"], name="membership_user_gemeente")]
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} in {self.gemeente.name or self.gemeente.code}"


class AuditLog(models.Model):
    """Who changed what, and when. Written by ``access.audit``; never edited."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150, blank=True)  # kept when the user is deleted
    gemeente = models.CharField(max_length=6, blank=True, db_index=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=80, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"


class LoginAttempt(models.Model):
    """Failed logins, for throttling (per username and per address)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = "mislukte inlogpoging"
        verbose_name_plural = "mislukte inlogpogingen"
