"""Dialogue sessions: what was discussed with partners, what came out, and who does what next.

A session records the number of participants, never their names; an agreed follow-up names a role or
organisation as owner. Partners, analysts and admins record sessions (``dialogue.record``); a partner
changes only the sessions they recorded, an analyst every session of the gemeente.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..accounts.access import allowed, audit, require
from ..errors import KernfotoError
from .models import DialogueSession, FollowUp, Question, Questionnaire


def may_edit(user, session: DialogueSession) -> bool:
    code = session.gemeente_id
    if not allowed(user, "dialogue.record", code):
        return False
    return allowed(user, "questionnaire.manage", code) or (session.created_by_id is not None
                                                             and session.created_by_id == user.pk)


def save_session(user, gemeente: str, data: dict, *, session: DialogueSession | None = None) -> DialogueSession:
    """Create or change a session from checked form data.

    ``data``: date, mode, participants, topic, questionnaire (or None), questions (of that
    questionnaire), themes, ideas, conditions, follow_ups [(action, owner, due), ...]. Follow-ups are
    replaced as a whole.
    """
    require(user, "dialogue.record", gemeente)
    if session is not None and not may_edit(user, session):
        raise PermissionDenied("U kunt alleen de dialoogsessies wijzigen die u zelf hebt vastgelegd.")
    questionnaire: Questionnaire | None = data.get("questionnaire")
    if questionnaire is not None and questionnaire.gemeente_id != gemeente:
        raise KernfotoError("Deze vragenlijst hoort niet bij deze gemeente.")
    questions: list[Question] = list(data.get("questions") or [])
    if any(questionnaire is None or q.questionnaire_id != questionnaire.pk for q in questions):
        raise KernfotoError("Een gekozen vraag hoort niet bij de gekozen vragenlijst.")
    with transaction.atomic():
        created = session is None
        if session is None:
            session = DialogueSession(gemeente_id=gemeente, created_by=user)
        for key in ("date", "mode", "participants", "topic", "themes", "ideas", "conditions"):
            setattr(session, key, data.get(key) if data.get(key) is not None else getattr(session, key))
        session.questionnaire = questionnaire
        session.save()
        session.questions.set(questions)
        session.follow_ups.all().delete()
        for n, (action, owner, due) in enumerate(data.get("follow_ups") or []):
            FollowUp.objects.create(session=session, action=action, owner=owner, due=due, position=n)
        audit(user, "dialogue.add" if created else "dialogue.edit", gemeente=gemeente, obj=session,
              questionnaire=questionnaire.pk if questionnaire else None, questions=len(questions),
              follow_ups=len(data.get("follow_ups") or []))
    return session


def delete_session(user, session: DialogueSession) -> None:
    require(user, "dialogue.record", session.gemeente_id)
    if not may_edit(user, session):
        raise PermissionDenied("U kunt alleen de dialoogsessies verwijderen die u zelf hebt vastgelegd.")
    with transaction.atomic():
        audit(user, "dialogue.delete", gemeente=session.gemeente_id, obj=session, date=session.date.isoformat())
        session.delete()
