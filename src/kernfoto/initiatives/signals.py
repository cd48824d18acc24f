"""Public pages are cached per data generation (``web/pagecache.py``). An initiative is on a public page only
once it is funded (toegekend, gerealiseerd, geëvalueerd; the workflow never leaves those), so only a write to
a funded initiative bumps the generation: a resident's submission, an assessment or a rejection does not make
every cached page and every gemeente's figures stale. BudgetPot, WijkPlan and Milestone are in
``web/signals.py`` ``WATCHED``. A deleted attachment removes its file."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from ..web.models import bump
from .models import FUNDED, Attachment, Initiative


def bump_if_public(sender, instance: Initiative, **kwargs) -> None:
    if instance.status in FUNDED:
        bump()


def remove_file(sender, instance: Attachment, **kwargs) -> None:
    """A deleted attachment (also through a deleted initiative) takes its stored file along, once committed."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def connect() -> None:
    post_delete.connect(remove_file, sender=Attachment, dispatch_uid="kernfoto-initiatives-remove-file")
    post_save.connect(bump_if_public, sender=Initiative, dispatch_uid="kernfoto-bump-save-initiative")
    post_delete.connect(bump_if_public, sender=Initiative, dispatch_uid="kernfoto-bump-delete-initiative")
