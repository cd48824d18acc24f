"""Work pages for wijkplannen and their milestones (``werk/<gemeente>/wijkplannen/...``).

``plan.edit`` is kern-bound: a partner edits the plans of their own kernen (and of the wijken those kernen
lie in); analysts edit every plan of the gemeente. The checks are in ``actions.may_edit_plan``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..accounts.access import allowed, require
from ..areas.models import Area
from ..web.shortcuts import gemeente_or_404, kernen_of
from . import actions
from .forms import MilestoneForm, PlanForm
from .models import Milestone, WijkPlan
from .services import progress_overview


def _area_choices(user, gm: Area) -> list[tuple[str, list[tuple[str, str]]]]:
    """The kernen and wijken for which ``user`` may write a plan, as grouped choices of a select."""
    kernen = [(f"kern:{k.slug}", k.name) for k in kernen_of(gm) if allowed(user, "plan.edit", gm.code, kern=k)]
    wijken = [(f"wijk:{w.code}", w.display_name)
              for w in Area.objects.filter(level="wijk", gemeente_code=gm.code).order_by("code")
              if actions.may_edit_plan(user, gm.code, plan=WijkPlan(gemeente=gm, wijk=w))]
    return [(label, choices) for label, choices in (("Kernen", kernen), ("Wijken", wijken)) if choices]


def _plan_data(gm: Area, cleaned: dict) -> dict:
    kind, _, value = cleaned["area"].partition(":")
    data = dict(cleaned)
    data["kern"] = next(k for k in kernen_of(gm) if k.slug == value) if kind == "kern" else None
    data["wijk"] = Area.objects.get(code=value, level="wijk") if kind == "wijk" else None
    return data


def _plan(gm: Area, pk: int) -> WijkPlan:
    plan = WijkPlan.objects.filter(gemeente=gm, pk=pk).select_related("kern", "wijk").first()
    if plan is None:
        raise Http404("Dit wijkplan bestaat niet (meer).")
    return plan


def _plan_initial(plan: WijkPlan) -> dict:
    initial = {f: getattr(plan, f) for f in actions.PLAN_FIELDS}
    initial["area"] = f"kern:{plan.kern.slug}" if plan.kern_id else f"wijk:{plan.wijk_id}"
    return initial


def _milestone_initial(m: Milestone) -> dict:
    return {"date": m.date, "title": m.title, "owner": m.owner, "status": m.status, "note": m.note,
            "themes": list(m.themes)}


@login_required
@require_safe
def plans_work(request, gemeente: str):
    gm = gemeente_or_404(gemeente)
    require(request.user, "plan.edit", gm.code)
    plans = [p for p in WijkPlan.objects.filter(gemeente=gm).select_related("kern", "wijk").order_by("title", "pk")
             if actions.may_edit_plan(request.user, gm.code, plan=p)]
    overview = progress_overview(gm.code, plans=plans, today=timezone.localdate())
    return render(request, "initiatives/plans_work.html", {
        "gm": gm, "overview": overview, "can_create": bool(_area_choices(request.user, gm))})


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request, gemeente: str):
    gm = gemeente_or_404(gemeente)
    require(request.user, "plan.edit", gm.code)
    areas = _area_choices(request.user, gm)
    if not areas:
        raise PermissionDenied("U hebt nog geen kern of wijk waarvoor u een wijkplan mag maken.")
    year = timezone.localdate().year
    form = PlanForm(request.POST or None, areas=areas, initial={"start_year": year, "end_year": year + 2})
    if request.method == "POST" and form.is_valid():
        plan = actions.save_plan(gm, user=request.user, data=_plan_data(gm, form.cleaned_data))
        messages.success(request, f"Het wijkplan ‘{plan.title}’ is opgeslagen. Voeg nu de mijlpalen toe.")
        return redirect("initiatives:plan_edit", gm.code, plan.pk)
    return render(request, "initiatives/plan_form.html", {"gm": gm, "form": form, "plan": None},
                  status=400 if form.is_bound else 200)


def _plan_page(request, gm: Area, plan: WijkPlan, *, form=None, milestone_form=None, status: int = 200):
    areas = _area_choices(request.user, gm)
    form = form or PlanForm(initial=_plan_initial(plan), areas=areas)
    milestone_form = milestone_form or MilestoneForm(prefix="nieuw")
    milestones = list(plan.milestones.order_by("date", "pk"))
    return render(request, "initiatives/plan_form.html", {
        "gm": gm, "form": form, "plan": plan, "milestones": milestones, "milestone_form": milestone_form,
        "progress": progress_overview(gm.code, plans=[plan]).plans[0], "today": timezone.localdate(),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, gemeente: str, pk: int):
    gm = gemeente_or_404(gemeente)
    plan = _plan(gm, pk)
    actions.require_plan_edit(request.user, gm.code, plan=plan)
    if request.method == "GET":
        return _plan_page(request, gm, plan)
    form = PlanForm(request.POST, areas=_area_choices(request.user, gm))
    if form.is_valid():
        actions.save_plan(gm, user=request.user, data=_plan_data(gm, form.cleaned_data), plan=plan)
        messages.success(request, f"Het wijkplan ‘{form.cleaned_data['title']}’ is opgeslagen.")
        return redirect("initiatives:plan_edit", gm.code, plan.pk)
    return _plan_page(request, gm, plan, form=form, status=400)


@login_required
@require_POST
def milestone_add(request, gemeente: str, pk: int):
    gm = gemeente_or_404(gemeente)
    plan = _plan(gm, pk)
    actions.require_plan_edit(request.user, gm.code, plan=plan)
    form = MilestoneForm(request.POST, prefix="nieuw")
    if form.is_valid():
        m = actions.save_milestone(plan, user=request.user, data=form.cleaned_data)
        messages.success(request, f"Mijlpaal ‘{m.title}’ is toegevoegd.")
        return redirect("initiatives:plan_edit", gm.code, plan.pk)
    return _plan_page(request, gm, plan, milestone_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, gemeente: str, pk: int, milestone_id: int):
    gm = gemeente_or_404(gemeente)
    plan = _plan(gm, pk)
    actions.require_plan_edit(request.user, gm.code, plan=plan)
    milestone = plan.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404("Deze mijlpaal bestaat niet (meer).")
    if request.method == "POST" and request.POST.get("actie") == "verwijderen":
        actions.delete_milestone(milestone, user=request.user)
        messages.success(request, f"Mijlpaal ‘{milestone.title}’ is verwijderd.")
        return redirect("initiatives:plan_edit", gm.code, plan.pk)
    form = MilestoneForm(request.POST or None, initial=_milestone_initial(milestone))
    if request.method == "POST" and form.is_valid():
        actions.save_milestone(plan, user=request.user, data=form.cleaned_data, milestone=milestone)
        messages.success(request, f"Mijlpaal ‘{form.cleaned_data['title']}’ is opgeslagen.")
        return redirect("initiatives:plan_edit", gm.code, plan.pk)
    return render(request, "initiatives/milestone_form.html", {"gm": gm, "plan": plan, "milestone": milestone,
                                                               "form": form}, status=400 if form.is_bound else 200)
