"""Every write of the initiatives app: submit, assess, decide, evaluate, budget pots, wijkplannen, milestones.

Each function checks access first (``access.require``: PermissionDenied), validates everything before it
writes (``WorkflowError`` with a Dutch message and the form field it belongs to), writes in one
transaction and leaves an ``access.audit`` line. Views only turn forms into calls of these functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from ..accounts.access import allowed, audit, require
from ..areas.models import Area, AreaGroup
from .models import (
    FUNDED,
    Assessment,
    Attachment,
    BudgetLine,
    BudgetPot,
    ChecklistItem,
    Evaluation,
    Initiative,
    InitiatorContact,
    Milestone,
    Status,
    StatusChange,
    SupportEvidence,
    WijkPlan,
)
from .money import euro
from .services import kernen_of_plan
from .workflow import ACTION_FOR, PotState, WorkflowError, check_step

NO_KERN = 0  # a kern id that never exists: kern-bound roles (partners) fail, roles for the whole gemeente pass


def _name(user) -> str:
    return getattr(user, "username", "") or ""


def _today() -> dt.date:
    return timezone.localdate()


# ------------------------------------------------------------------------------------------------- submission


def submit(gemeente: Area, kern: AreaGroup, data: dict, *, key: str, user=None) -> tuple[Initiative, bool]:
    """Store a validated submission (the cleaned data of ``forms.SubmissionForm``) with its letters.

    ``key`` is the one-time key of the form: the same form posted twice (a double click, a refresh)
    returns the initiative of the first post and ``False``, and stores nothing new.
    """
    existing = _submitted(key)
    if existing is not None:
        return existing, False
    saved: list[Attachment] = []
    now = timezone.now()
    try:
        with transaction.atomic():
            initiative = Initiative.objects.create(
                gemeente=gemeente, kern=kern, submission_key=key, title=data["title"], what=data["what"],
                for_whom=data["for_whom"], requested_amount=data["requested_amount"], themes=list(data["themes"]),
                challenges=list(data["challenges"]), status=Status.INGEDIEND, submitted_at=now)
            initiative.reference = f"IN-{timezone.localtime(now).year}-{initiative.pk:04d}"
            initiative.save(update_fields=["reference"])
            InitiatorContact.objects.create(initiative=initiative, name=data["name"], email=data["email"],
                                            phone=data["phone"], group=data["group"])
            BudgetLine.objects.bulk_create(BudgetLine(initiative=initiative, description=d, amount=a, position=n)
                                           for n, (d, a) in enumerate(data["budget_lines"]))
            SupportEvidence.objects.create(initiative=initiative, supporters=data["supporters"],
                                           method=data["support_method"], survey_results=data["survey_results"])
            for upload, kind in data["letters"]:
                digest = hashlib.sha256()
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
                attachment = Attachment(initiative=initiative, original_name=upload.name[:200], kind=kind.key,
                                        size=upload.size, sha256=digest.hexdigest())
                attachment.file.save(f"bijlage{kind.extension}", upload, save=False)
                saved.append(attachment)
                attachment.save()
            StatusChange.objects.create(initiative=initiative, from_status="", status=Status.INGEDIEND,
                                        date=timezone.localdate(now), by_name="indieners")
            audit(user, "initiative.submit", gemeente=gemeente.code, obj=initiative, reference=initiative.reference,
                  kern=kern.slug, attachments=len(saved))
    except IntegrityError:
        _remove_files(saved)
        existing = Initiative.objects.filter(submission_key=key).first()
        if existing is not None:  # the same form, posted twice at the same moment
            return existing, False
        raise
    except BaseException:
        _remove_files(saved)
        raise
    return initiative, True


def _submitted(key: str) -> Initiative | None:
    return Initiative.objects.filter(submission_key=key).first()


def _remove_files(attachments: list[Attachment]) -> None:
    for a in attachments:
        if a.file.name:
            a.file.storage.delete(a.file.name)


# ------------------------------------------------------------------------------------------------- decisions


def _pot_state(pot: BudgetPot | None) -> PotState | None:
    if pot is None:
        return None
    committed = pot.grants.filter(status__in=FUNDED).aggregate(s=Sum("granted_amount"))["s"] or Decimal("0.00")
    return PotState(year=pot.year, amount=pot.amount, committed=committed)


def _step(initiative: Initiative, new: str, *, user, date: dt.date, reason: str = "", amount: Decimal | None = None,
          pot: BudgetPot | None = None) -> StatusChange:
    """Record one step (inside the caller's transaction, after ``check_step``)."""
    change = StatusChange.objects.create(initiative=initiative, from_status=initiative.status, status=new, date=date,
                                         reason=reason.strip(), amount=amount, by=user, by_name=_name(user))
    initiative.status = new
    if new == Status.TOEGEKEND:
        initiative.granted_amount, initiative.granted_on, initiative.pot = amount, date, pot
    initiative.save()
    return change


def decide(initiative: Initiative, new: str, *, user, date: dt.date | None = None, reason: str = "",
           amount: Decimal | None = None) -> StatusChange:
    """Move an initiative one step along the workflow (see ``workflow.py``); a grant is taken from the
    budget pot of the decision's year and refused when the pot has not enough left."""
    code = initiative.gemeente_id
    require(user, ACTION_FOR.get(new, "initiative.decide"), code)
    date = date or _today()
    with transaction.atomic():
        current = Initiative.objects.select_for_update().get(pk=initiative.pk)
        pot = None
        if new == Status.TOEGEKEND:
            pot = BudgetPot.objects.select_for_update().filter(gemeente_id=code, year=date.year).first()
        check_step(current.status, new, date=date, submitted=timezone.localdate(current.submitted_at), today=_today(),
                   reason=reason, amount=amount, requested=current.requested_amount, pot=_pot_state(pot))
        change = _step(current, new, user=user, date=date, reason=reason, amount=amount if pot else None, pot=pot)
        audit(user, ACTION_FOR.get(new, "initiative.decide"), gemeente=code, obj=current, reference=current.reference,
              from_status=change.from_status, to_status=new, date=date.isoformat(),
              amount=str(amount) if pot else "", reason=change.reason)
    initiative.refresh_from_db()
    return change


def assess(initiative: Initiative, *, user, items: list[tuple[str, str, str, str]], advice: str, note: str = "",
           period: str = "") -> Assessment:
    """Save the checklist (``items``: source, text, verdict, note). An initiative that was only submitted
    goes to "in behandeling". Only before the decision: a granted or rejected one is not assessed again."""
    code = initiative.gemeente_id
    require(user, "initiative.assess", code)
    with transaction.atomic():
        current = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if current.status not in (Status.INGEDIEND, Status.IN_BEHANDELING):
            raise WorkflowError(f"Het initiatief is al ‘{current.get_status_display()}’. De beoordeling verandert na "
                                "het besluit niet meer.")
        assessment, created = Assessment.objects.update_or_create(
            initiative=current, defaults={"advice": advice, "note": note.strip(), "period": period, "by": user,
                                          "by_name": _name(user)})
        assessment.items.all().delete()
        ChecklistItem.objects.bulk_create(
            ChecklistItem(assessment=assessment, source=s, text=t, verdict=v, note=n.strip(), position=pos)
            for pos, (s, t, v, n) in enumerate(items))
        if current.status == Status.INGEDIEND:
            _step(current, Status.IN_BEHANDELING, user=user, date=_today(), reason="beoordeling gestart")
        audit(user, "initiative.assess", gemeente=code, obj=current, reference=current.reference, advice=advice,
              items=len(items), updated=not created)
    initiative.refresh_from_db()
    return assessment


def evaluate(initiative: Initiative, *, user, data: dict) -> Evaluation:
    """Record (or correct) the evaluation of a realised initiative; the first one makes it "geëvalueerd"."""
    code = initiative.gemeente_id
    require(user, "initiative.assess", code)
    with transaction.atomic():
        current = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if current.status not in (Status.GEREALISEERD, Status.GEEVALUEERD):
            raise WorkflowError(f"Het initiatief is ‘{current.get_status_display()}’. U evalueert een initiatief als "
                                "het is gerealiseerd; zet het eerst op ‘gerealiseerd’.")
        if current.status == Status.GEREALISEERD:
            check_step(current.status, Status.GEEVALUEERD, date=data["date"],
                       submitted=timezone.localdate(current.submitted_at), today=_today())
        evaluation, created = Evaluation.objects.update_or_create(initiative=current, defaults={
            "date": data["date"], "reached": data["reached"], "participants": data["participants"],
            "spent": data["spent"], "continues": data["continues"], "lessons": data["lessons"], "by": user,
            "by_name": _name(user)})
        if current.status == Status.GEREALISEERD:
            _step(current, Status.GEEVALUEERD, user=user, date=data["date"], reason="evaluatie vastgelegd")
        audit(user, "initiative.evaluate", gemeente=code, obj=current, reference=current.reference,
              updated=not created)
    initiative.refresh_from_db()
    return evaluation


# ------------------------------------------------------------------------------------------------- budget pots


def save_pot(gemeente: Area, *, user, year: int, amount: Decimal, name: str = "", pot: BudgetPot | None = None
             ) -> BudgetPot:
    """Create a pot for ``year``, or change one; never below what it has already granted."""
    require(user, "budget.manage", gemeente.code)
    with transaction.atomic():
        if pot is not None:
            pot = BudgetPot.objects.select_for_update().get(pk=pot.pk, gemeente=gemeente)
        other = BudgetPot.objects.filter(gemeente=gemeente, year=year).exclude(pk=pot.pk if pot else None).first()
        if other is not None:
            raise WorkflowError(f"Er is al een budget voor {year}. Pas dat budget aan.", field="year")
        state = _pot_state(pot)
        if pot is not None and state.committed and year != pot.year:
            raise WorkflowError(f"Uit dit budget is al geld toegekend; het jaar blijft {pot.year}.", field="year")
        if state is not None and amount < state.committed:
            raise WorkflowError(f"Het budget kan niet lager zijn dan wat er al uit is toegekend "
                                f"({euro(state.committed)}).", field="amount")
        created = pot is None
        if created:
            pot = BudgetPot(gemeente=gemeente)
        before = {"year": pot.year, "amount": str(pot.amount) if pot.amount is not None else ""}
        pot.year, pot.amount, pot.name = year, amount, name.strip()
        pot.save()
        audit(user, "budget.manage", gemeente=gemeente.code, obj=pot, year=year, amount=str(amount),
              created=created, before=before if not created else {})
    return pot


def delete_pot(pot: BudgetPot, *, user) -> None:
    require(user, "budget.manage", pot.gemeente_id)
    with transaction.atomic():
        if pot.grants.exists():
            raise WorkflowError(f"Uit het budget van {pot.year} is geld toegekend; het kan niet weg.")
        audit(user, "budget.manage", gemeente=pot.gemeente_id, obj=pot, year=pot.year, deleted=True)
        pot.delete()


# ------------------------------------------------------------------------------------------------- wijkplannen


def may_edit_plan(user, gemeente: str, *, kern: AreaGroup | None = None, plan: WijkPlan | None = None) -> bool:
    """``plan.edit`` for a kern, or for the kernen a plan is about (a partner: one of their own kernen).
    A wijk plan that touches no kern may be edited only by roles for the whole gemeente."""
    if kern is not None:
        return allowed(user, "plan.edit", gemeente, kern=kern)
    kernen = kernen_of_plan(plan) if plan is not None else []
    if kernen:
        return any(allowed(user, "plan.edit", gemeente, kern=k) for k in kernen)
    return allowed(user, "plan.edit", gemeente, kern=NO_KERN)


def require_plan_edit(user, gemeente: str, *, kern: AreaGroup | None = None, plan: WijkPlan | None = None) -> None:
    require(user, "plan.edit", gemeente)
    if not may_edit_plan(user, gemeente, kern=kern, plan=plan):
        raise PermissionDenied("U hebt geen toestemming voor het wijkplan van deze kern of wijk.")


PLAN_FIELDS = ("title", "start_year", "end_year", "ambition", "learning_questions", "approach",
               "resident_involvement", "challenges", "themes")


def save_plan(gemeente: Area, *, user, data: dict, plan: WijkPlan | None = None) -> WijkPlan:
    """Create or change a wijkplan; ``data`` holds PLAN_FIELDS and ``kern`` or ``wijk`` (model instances)."""
    kern, wijk = data.get("kern"), data.get("wijk")
    if plan is not None:
        require_plan_edit(user, gemeente.code, plan=plan)  # the plan as it is now
    candidate = WijkPlan(gemeente=gemeente, kern=kern, wijk=wijk)
    require_plan_edit(user, gemeente.code, kern=kern, plan=candidate)  # and where it is going
    with transaction.atomic():
        created = plan is None
        if created:
            plan = WijkPlan(gemeente=gemeente)
        plan.kern, plan.wijk = kern, wijk
        for f in PLAN_FIELDS:
            setattr(plan, f, data[f])
        plan.updated_by = user
        plan.save()
        audit(user, "plan.edit", gemeente=gemeente.code, obj=plan, title=plan.title, created=created,
              area=kern.slug if kern else (wijk.code if wijk else ""))
    return plan


def save_milestone(plan: WijkPlan, *, user, data: dict, milestone: Milestone | None = None) -> Milestone:
    require_plan_edit(user, plan.gemeente_id, plan=plan)
    with transaction.atomic():
        created = milestone is None
        if created:
            milestone = Milestone(plan=plan)
        before = "" if created else milestone.status
        for f in ("date", "title", "owner", "status", "note", "themes"):
            setattr(milestone, f, data[f])
        milestone.save()
        WijkPlan.objects.filter(pk=plan.pk).update(updated_at=timezone.now(), updated_by=user)
        audit(user, "plan.edit", gemeente=plan.gemeente_id, obj=milestone, plan=plan.pk, title=milestone.title,
              status=milestone.status, before=before, created=created)
    return milestone


def delete_milestone(milestone: Milestone, *, user) -> None:
    plan = milestone.plan
    require_plan_edit(user, plan.gemeente_id, plan=plan)
    with transaction.atomic():
        audit(user, "plan.edit", gemeente=plan.gemeente_id, obj=milestone, plan=plan.pk, title=milestone.title,
              deleted=True)
        milestone.delete()


# ------------------------------------------------------------------------------------------------- retention (AVG)

RETENTION_YEARS = 2  # contact details and letters of a closed initiative are kept this long after its last step
CLOSED = (Status.AFGEWEZEN, Status.GEEVALUEERD)


def purge_personal_data(*, today: dt.date | None = None, years: int = RETENTION_YEARS) -> tuple[int, int]:
    """Delete the initiators' contact details and the letters (files too) of initiatives that were closed
    (afgewezen or geëvalueerd) more than ``years`` ago. The initiative itself, its budget lines, support
    counts, decisions and evaluation remain. Returns (contacts deleted, letters deleted)."""
    today = today or _today()
    try:
        cutoff = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - years, day=28)
    last_step = {}
    for initiative_id, date in StatusChange.objects.filter(initiative__status__in=CLOSED).values_list(
            "initiative_id", "date"):
        last_step[initiative_id] = max(date, last_step.get(initiative_id, date))
    old = [pk for pk, date in last_step.items() if date < cutoff]
    letters = list(Attachment.objects.filter(initiative_id__in=old))
    with transaction.atomic():
        contacts, _ = InitiatorContact.objects.filter(initiative_id__in=old).delete()
        Attachment.objects.filter(pk__in=[a.pk for a in letters]).delete()
        if contacts or letters:
            audit(None, "initiative.purge", contacts=contacts, attachments=len(letters), cutoff=cutoff.isoformat())
    _remove_files(letters)  # after the commit: a failed transaction keeps its files
    return contacts, len(letters)
