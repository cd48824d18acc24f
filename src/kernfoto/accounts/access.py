"""The one access helper: every write goes through ``require``; roles live in ``Membership``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from .models import AuditLog, Membership, Role

# action -> roles that may do it (admins may do everything an analyst may)
RULES: dict[str, tuple[str, ...]] = {
    "voice.add": (Role.PARTNER, Role.ANALYST, Role.ADMIN),
    "voice.edit": (Role.PARTNER, Role.ANALYST, Role.ADMIN),
    "voice.approve": (Role.ANALYST, Role.ADMIN),
    "voice.import": (Role.ANALYST, Role.ADMIN),
    "profile.review": (Role.PARTNER, Role.ANALYST, Role.ADMIN),
    "profile.curate": (Role.ANALYST, Role.ADMIN),
    "period.publish": (Role.ANALYST, Role.ADMIN),
    "data.import": (Role.ANALYST, Role.ADMIN),
    "kernen.edit": (Role.ANALYST, Role.ADMIN),
    "keywords.edit": (Role.ANALYST, Role.ADMIN),
    "users.manage": (Role.ADMIN,),
    # sociale basis (directory): partners edit their own organisation's entries (checked in the directory app)
    "directory.edit": (Role.PARTNER, Role.ANALYST, Role.ADMIN),
    "directory.import": (Role.ANALYST, Role.ADMIN),
    "directory.review": (Role.ANALYST, Role.ADMIN),
    # Sociale Monitor
    "monitor.edit": (Role.ANALYST, Role.ADMIN),
    # initiatives, budget pots, wijkplannen
    "initiative.assess": (Role.ANALYST, Role.ADMIN),
    "initiative.decide": (Role.ANALYST, Role.ADMIN),
    "budget.manage": (Role.ANALYST, Role.ADMIN),
    "plan.edit": (Role.PARTNER, Role.ANALYST, Role.ADMIN),
    # questionnaires and dialogue sessions
    "questionnaire.manage": (Role.ANALYST, Role.ADMIN),
    "dialogue.record": (Role.PARTNER, Role.ANALYST, Role.ADMIN),
}
# actions a partner may only do for the kernen of their membership
KERN_BOUND = {"voice.add", "voice.edit", "profile.review", "plan.edit"}


def membership(user, gemeente: str) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, gemeente_id=gemeente).prefetch_related("kernen").first()


def allowed(user, action: str, gemeente: str, *, kern=None) -> bool:
    if action not in RULES:
        raise ValueError(f"unknown action {action!r}")
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return True
    m = membership(user, gemeente)
    if m is None or m.role not in RULES[action]:
        return False
    if action in KERN_BOUND and m.role == Role.PARTNER and kern is not None:
        return m.kernen.filter(pk=getattr(kern, "pk", kern)).exists()
    return True


def require(user, action: str, gemeente: str, *, kern=None) -> Membership | None:
    """Raise PermissionDenied (403) unless ``user`` may do ``action`` in ``gemeente`` (and ``kern``)."""
    if not allowed(user, action, gemeente, kern=kern):
        raise PermissionDenied("U hebt geen toestemming voor deze handeling.")
    return membership(user, gemeente)


def audit(user, action: str, *, gemeente: str = "", obj: Any = None, **details) -> AuditLog:
    return AuditLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        username=getattr(user, "username", "") or "", gemeente=gemeente, action=action,
        object_type=type(obj).__name__ if obj is not None else "", object_id=str(getattr(obj, "pk", "") or ""),
        details=details,
    )
