"""Work pages for analysts (``werk/<gemeente>/initiatieven/...``): the list of initiatives, one initiative
with its assessment checklist, decision workflow and evaluation, its letters, and the budget pots.

Logged-in users only; every page checks ``access.require`` (403 otherwise) and every write goes through
``actions`` (which checks again, validates, writes in one transaction and audits). The initiators'
contact details appear only here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..accounts.access import allowed, audit, require
from ..web.shortcuts import gemeente_or_404, kernen_of
from . import actions
from .forms import AssessmentForm, DecisionForm, EvaluationForm, PotForm
from .models import Attachment, BudgetPot, Initiative, Status
from .services import CheckItem, checklist, kern_challenges, plans_for_kern, pot_summaries, theme_labels
from .uploads import KINDS
from .workflow import WorkflowError, next_steps

PAGE_SIZE = 50
STEP_LABELS = {
    Status.IN_BEHANDELING: "In behandeling nemen",
    Status.TOEGEKEND: "Toekennen",
    Status.AFGEWEZEN: "Afwijzen",
    Status.GEREALISEERD: "Gerealiseerd (het initiatief is uitgevoerd)",
}


def _initiative(gm, pk: int) -> Initiative:
    initiative = (Initiative.objects.filter(gemeente=gm, pk=pk)
                  .select_related("kern", "pot").first())
    if initiative is None:
        raise Http404("Dit initiatief bestaat niet (meer).")
    return initiative


# ------------------------------------------------------------------------------------------------- list


@login_required
@require_safe
def work_list(request, gemeente: str):
    gm = gemeente_or_404(gemeente)
    require(request.user, "initiative.assess", gm.code)
    kernen = kernen_of(gm)
    qs = Initiative.objects.filter(gemeente=gm).select_related("kern")
    status = request.GET.get("status", "")
    if status and status not in Status.values:
        raise Http404(f"Onbekende status ‘{status}’.")
    slug = request.GET.get("kern", "")
    kern = next((k for k in kernen if k.slug == slug), None)
    if slug and kern is None:
        raise Http404(f"De kern ‘{slug}’ hoort niet bij {gm.display_name}.")
    counts = {s: 0 for s in Status.values}
    for s in qs.values_list("status", flat=True):
        counts[s] += 1
    if status:
        qs = qs.filter(status=status)
    if kern:
        qs = qs.filter(kern=kern)
    page = Paginator(qs.order_by("-submitted_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "initiatives/work_list.html", {
        "gm": gm, "page": page, "kernen": kernen, "kern": kern, "status": status,
        "statuses": [(s, label, counts[s]) for s, label in Status.choices],
        "pots": pot_summaries(gm.code)[:3], "can_budget": allowed(request.user, "budget.manage", gm.code),
    })


# ------------------------------------------------------------------------------------------------- one initiative


def _check_items(initiative: Initiative) -> tuple[list[CheckItem], str, dict]:
    """The checklist (the stored one, or a new one from the kern's kernfoto and wijkplan), its period and
    the stored answers as form initial values."""
    stored = _assessment(initiative)
    if stored is not None:
        items = [CheckItem(i.source, i.text, named=i.text in initiative.challenges) for i in stored.items.all()]
        initial = {"advice": stored.advice, "note": stored.note}
        for n, i in enumerate(stored.items.all()):
            initial[f"item_{n}"] = i.verdict
            initial[f"item_{n}_note"] = i.note
        return items, stored.period, initial
    period, opgaven = kern_challenges(initiative.kern)
    plans = plans_for_kern(initiative.kern, timezone.localdate().year)
    items = checklist(opgaven, [(p.title, p.ambition, p.challenge_list) for p in plans], linked=initiative.challenges)
    return items, period, {}


def _assessment(initiative: Initiative):
    return getattr(initiative, "assessment", None)  # a missing one-to-one raises an AttributeError subclass


def _evaluation(initiative: Initiative):
    return getattr(initiative, "evaluation", None)


def _steps(initiative: Initiative) -> list[tuple[str, str]]:
    return [(s, STEP_LABELS[s]) for s in next_steps(initiative.status) if s in STEP_LABELS]


def _detail(request, gm, initiative: Initiative, *, assessment_form=None, decision_form=None, evaluation_form=None,
            status: int = 200):
    user = request.user
    assessment = _assessment(initiative)
    period = assessment.period if assessment else ""
    can_assess = allowed(user, "initiative.assess", gm.code) and initiative.status in (Status.INGEDIEND,
                                                                                         Status.IN_BEHANDELING)
    if can_assess and assessment_form is None:
        items, period, initial = _check_items(initiative)  # reads the kernfoto: only when the form is shown
        assessment_form = AssessmentForm(initial=initial, items=items)
    steps = _steps(initiative)
    can_decide = bool(steps) and allowed(user, "initiative.decide", gm.code)
    if can_decide and decision_form is None:
        decision_form = DecisionForm(steps=steps, initial={"amount": initiative.requested_amount})
    evaluation = _evaluation(initiative)
    can_evaluate = initiative.status in (Status.GEREALISEERD, Status.GEEVALUEERD)
    if can_evaluate and evaluation_form is None:
        evaluation_form = EvaluationForm(initial={
            "date": evaluation.date if evaluation else timezone.localdate(), "reached": evaluation.reached if evaluation else "",
            "participants": evaluation.participants if evaluation else None,
            "spent": evaluation.spent if evaluation else initiative.granted_amount,
            "continues": evaluation.continues if evaluation else False, "lessons": evaluation.lessons if evaluation else ""})
    labels = theme_labels()
    year = timezone.localdate().year
    pot = next((p for p in pot_summaries(gm.code) if p.pot.year == year), None)
    return render(request, "initiatives/work_detail.html", {
        "gm": gm, "initiative": initiative, "contact": getattr(initiative, "contact", None),
        "support": getattr(initiative, "support", None), "lines": list(initiative.budget_lines.all()),
        "attachments": list(initiative.attachments.all()), "history": list(initiative.history.all()),
        "themes": [labels[t] for t in initiative.themes if t in labels],
        "assessment": assessment, "assessment_form": assessment_form, "period": period,
        "decision_form": decision_form, "evaluation": evaluation, "evaluation_form": evaluation_form,
        "pot": pot, "year": year, "kinds": KINDS,
    }, status=status)


@login_required
@require_safe
def work_detail(request, gemeente: str, pk: int):
    gm = gemeente_or_404(gemeente)
    require(request.user, "initiative.assess", gm.code)
    return _detail(request, gm, _initiative(gm, pk))


def _apply_error(form, exc: WorkflowError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


@login_required
@require_POST
def assess(request, gemeente: str, pk: int):
    gm = gemeente_or_404(gemeente)
    require(request.user, "initiative.assess", gm.code)
    initiative = _initiative(gm, pk)
    items, period, _ = _check_items(initiative)
    form = AssessmentForm(request.POST, items=items)
    if form.is_valid():
        try:
            actions.assess(initiative, user=request.user, items=form.checked_items(),
                           advice=form.cleaned_data["advice"], note=form.cleaned_data["note"], period=period)
        except WorkflowError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, f"De beoordeling van {initiative.reference} is opgeslagen.")
            return redirect(reverse("initiatives:work_detail", args=[gm.code, pk]) + "#beoordeling")
    return _detail(request, gm, initiative, assessment_form=form, status=400)


@login_required
@require_POST
def decide(request, gemeente: str, pk: int):
    gm = gemeente_or_404(gemeente)
    require(request.user, "initiative.decide", gm.code)
    initiative = _initiative(gm, pk)
    form = DecisionForm(request.POST, steps=_steps(initiative))
    if form.is_valid():
        new = form.cleaned_data["status"]
        try:
            actions.decide(initiative, new, user=request.user, date=form.cleaned_data["date"],
                           reason=form.cleaned_data["reason"], amount=form.cleaned_data.get("amount"))
        except WorkflowError as exc:
            _apply_error(form, exc)
        else:
            initiative.refresh_from_db()
            messages.success(request, f"{initiative.reference} is nu ‘{initiative.get_status_display()}’.")
            return redirect(reverse("initiatives:work_detail", args=[gm.code, pk]) + "#besluit")
    return _detail(request, gm, initiative, decision_form=form, status=400)


@login_required
@require_POST
def evaluate(request, gemeente: str, pk: int):
    gm = gemeente_or_404(gemeente)
    require(request.user, "initiative.assess", gm.code)
    initiative = _initiative(gm, pk)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            actions.evaluate(initiative, user=request.user, data=form.cleaned_data)
        except WorkflowError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, f"De evaluatie van {initiative.reference} is opgeslagen.")
            return redirect(reverse("initiatives:work_detail", args=[gm.code, pk]) + "#evaluatie")
    return _detail(request, gm, initiative, evaluation_form=form, status=400)


@login_required
@require_safe
def attachment(request, gemeente: str, pk: int, attachment_id: int):
    """A letter, to analysts only, always as a download (never shown inline), with the type found in it."""
    gm = gemeente_or_404(gemeente)
    require(request.user, "initiative.assess", gm.code)
    a = Attachment.objects.filter(pk=attachment_id, initiative_id=pk, initiative__gemeente=gm).first()
    if a is None:
        raise Http404("Deze bijlage bestaat niet (meer).")
    kind = KINDS[a.kind]
    try:
        handle = a.file.open("rb")
    except FileNotFoundError:
        raise Http404(f"Het bestand van bijlage {a.original_name} is niet meer aanwezig.") from None
    name = a.original_name if a.original_name.lower().endswith(kind.extension) else a.original_name + kind.extension
    audit(request.user, "initiative.attachment", gemeente=gm.code, obj=a, initiative=pk)
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=kind.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------------------------------------------- budget pots


def _pots_page(request, gm, form: PotForm, *, status: int = 200, pot: BudgetPot | None = None):
    return render(request, "initiatives/pots.html", {
        "gm": gm, "form": form, "pots": pot_summaries(gm.code), "editing": pot}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pots(request, gemeente: str):
    gm = gemeente_or_404(gemeente)
    require(request.user, "budget.manage", gm.code)
    if request.method == "GET":
        years = [p.year for p in BudgetPot.objects.filter(gemeente=gm)]
        year = timezone.localdate().year
        return _pots_page(request, gm, PotForm(initial={"year": max(years) + 1 if year in years else year}))
    form = PotForm(request.POST)
    if form.is_valid():
        try:
            pot = actions.save_pot(gm, user=request.user, **form.cleaned_data)
        except WorkflowError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, f"Het budget voor {pot.year} is opgeslagen.")
            return redirect("initiatives:pots", gm.code)
    return _pots_page(request, gm, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def pot_edit(request, gemeente: str, pk: int):
    gm = gemeente_or_404(gemeente)
    require(request.user, "budget.manage", gm.code)
    pot = BudgetPot.objects.filter(gemeente=gm, pk=pk).first()
    if pot is None:
        raise Http404("Dit budget bestaat niet (meer).")
    if request.method == "GET":
        return _pots_page(request, gm, PotForm(initial={"year": pot.year, "amount": pot.amount, "name": pot.name}), pot=pot)
    if request.POST.get("actie") == "verwijderen":
        try:
            actions.delete_pot(pot, user=request.user)
        except WorkflowError as exc:
            messages.error(request, str(exc))
            return redirect("initiatives:pot_edit", gm.code, pk)
        messages.success(request, f"Het budget voor {pot.year} is verwijderd.")
        return redirect("initiatives:pots", gm.code)
    form = PotForm(request.POST)
    if form.is_valid():
        try:
            actions.save_pot(gm, user=request.user, pot=pot, **form.cleaned_data)
        except WorkflowError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, f"Het budget voor {form.cleaned_data['year']} is opgeslagen.")
            return redirect("initiatives:pots", gm.code)
    return _pots_page(request, gm, form, status=400, pot=pot)
