"""Analyst pages of questionnaires (``werk/<gemeente>/vragenlijsten/...``): build, invite, follow, publish, export.

Thin views: every page calls ``access.require(user, "questionnaire.manage", gemeente)`` first (403 for
partners and outsiders, the login page for visitors); every change goes through ``services.py``, which
checks again, writes in one transaction and writes the audit line. A refused change shows a Dutch
message and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..accounts.access import require
from ..areas.models import Area
from ..errors import KernfotoError
from ..web.shortcuts import gemeente_or_404
from . import services
from .forms import CreateForm, InvitationsForm, QuestionForm, SettingsForm
from .models import Invitation, Question, Questionnaire, State
from .results import questionnaire_results


def _questionnaire(request, gemeente: str, pk: int) -> tuple[Area, Questionnaire]:
    gm = gemeente_or_404(gemeente)
    require(request.user, "questionnaire.manage", gm.code)
    return gm, get_object_or_404(Questionnaire, pk=pk, gemeente=gm)


def _detail(gm: Area, q: Questionnaire) -> str:
    return reverse("consultation:detail", args=[gm.code, q.pk])


# --------------------------------------------------------------------------------------------- list and create


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_list(request, gemeente: str):
    gm = gemeente_or_404(gemeente)
    require(request.user, "questionnaire.manage", gm.code)
    templates = services.templates()
    form = CreateForm(request.POST or None, templates=templates)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                q = services.create_questionnaire(request.user, gm.code, title=form.cleaned_data["title"],
                                                  template_id=form.cleaned_data["template"])
            except KernfotoError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"De vragenlijst “{q.title}” is gemaakt (concept, {q.questions.count()} "
                                          "vragen). Pas de vragen aan en open de vragenlijst als hij klaar is.")
                return redirect(_detail(gm, q))
        status = 400
    rows = []
    for q in Questionnaire.objects.filter(gemeente=gm).order_by("-created_at", "-pk"):
        invited = q.invitations.filter(revoked_at__isnull=True).count()
        rows.append({"q": q, "invited": invited, "responses": q.responses.count(), "url": _detail(gm, q)})
    return render(request, "consultation/work_list.html", {"gm": gm, "rows": rows, "form": form}, status=status)


# --------------------------------------------------------------------------------------------- detail


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_detail(request, gemeente: str, pk: int):
    gm, q = _questionnaire(request, gemeente, pk)
    form = SettingsForm(request.POST or None, instance=q) if request.method == "POST" else SettingsForm(instance=q)
    if request.method == "POST":
        if form.is_valid():
            fields = {k: form.cleaned_data[k] for k in ("title", "intro", "audience", "min_responses_to_publish",
                                                        "themes")}
            fields["closes_at"] = form.closes_at()
            q.refresh_from_db()  # the ModelForm changed the instance in memory; the service saves
            services.save_settings(request.user, q, fields)
            messages.success(request, "De gegevens van de vragenlijst zijn opgeslagen.")
            return redirect(_detail(gm, q))
        q.refresh_from_db()
    questions = list(q.questions.all())
    labels = services.theme_labels()
    return render(request, "consultation/work_detail.html", {
        "gm": gm, "q": q, "form": form, "locked": q.responses.exists(),
        "questions": [{"q": x, "n": n, "theme": labels.get(x.theme, ""), "first": n == 1, "last": n == len(questions)}
                      for n, x in enumerate(questions, start=1)],
        "state": q.state(), "responses": q.responses.count(),
        "invited": q.invitations.filter(revoked_at__isnull=True).count(),
        "sessions": q.sessions.count(),
    }, status=400 if form.is_bound else 200)


@login_required
@require_POST
def change_state(request, gemeente: str, pk: int):
    gm, q = _questionnaire(request, gemeente, pk)
    try:
        messages.success(request, services.change_state(request.user, q, request.POST.get("actie", "")))
    except KernfotoError as exc:
        messages.error(request, f"{exc} Er is niets gewijzigd.")
    return redirect(_detail(gm, q))


# --------------------------------------------------------------------------------------------- questions


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, gemeente: str, pk: int, qpk: int | None = None):
    gm, q = _questionnaire(request, gemeente, pk)
    question = get_object_or_404(Question, pk=qpk, questionnaire=q) if qpk else None
    form = QuestionForm(request.POST or None, instance=question or Question(questionnaire=q))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                fields = form.fields_to_save()
                if question is not None:
                    question.refresh_from_db()
                saved = services.save_question(request.user, q, fields, question)
            except KernfotoError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Vraag “{saved.label}” is opgeslagen.")
                return redirect(_detail(gm, q) + "#vragen")
        status = 400
    return render(request, "consultation/work_question.html", {
        "gm": gm, "q": q, "question": question, "form": form, "locked": q.responses.exists()}, status=status)


@login_required
@require_POST
def question_action(request, gemeente: str, pk: int, qpk: int):
    gm, q = _questionnaire(request, gemeente, pk)
    question = get_object_or_404(Question, pk=qpk, questionnaire=q)
    action = request.POST.get("actie")
    try:
        if action in ("op", "neer"):
            services.move_question(request.user, question, action)
        elif action == "verwijderen":
            label = question.label
            services.delete_question(request.user, question)
            messages.success(request, f"Vraag “{label}” is verwijderd.")
        else:
            raise KernfotoError("Onbekende handeling.")
    except KernfotoError as exc:
        messages.error(request, f"{exc}")
    return redirect(_detail(gm, q) + "#vragen")


# --------------------------------------------------------------------------------------------- invitations


def _invitations_page(request, gm, q, form, *, new_links=(), status=200):
    urls = [request.build_absolute_uri(reverse("consultation:respond", args=[link.token])) for link in new_links]
    rows = [{"inv": inv, "answered": hasattr(inv, "response"),
             "action": reverse("consultation:invitation_action", args=[gm.code, q.pk, inv.pk])}
            for inv in q.invitations.select_related("kern", "response").order_by("pk")]
    active = [r for r in rows if not r["inv"].revoked_at or r["answered"]]
    answered = sum(1 for r in rows if r["answered"])
    return render(request, "consultation/work_invitations.html", {
        "gm": gm, "q": q, "form": form, "rows": rows, "state": q.state(),
        "new_links": list(zip(new_links, urls, strict=True)),
        "csv": services.links_csv(list(new_links), urls) if new_links else "",
        "csv_name": f"links-vragenlijst-{q.pk}.csv",
        "invited": len(active), "answered": answered,
        "rate": None if not active else round(100 * answered / len(active)),
    }, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitations(request, gemeente: str, pk: int):
    gm, q = _questionnaire(request, gemeente, pk)
    form = InvitationsForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                links = services.create_invitations(request.user, q, form.cleaned_data["lines"])
            except KernfotoError as exc:
                form.add_error("lines", str(exc))
            else:
                messages.success(request, f"{len(links)} persoonlijke link{'s' if len(links) != 1 else ''} gemaakt. "
                                          "Bewaar ze nu: Kernfoto kan ze later niet meer tonen.")
                return _invitations_page(request, gm, q, InvitationsForm(), new_links=links)
        return _invitations_page(request, gm, q, form, status=400)
    return _invitations_page(request, gm, q, form)


@login_required
@never_cache
@require_POST
def invitation_action(request, gemeente: str, pk: int, ipk: int):
    gm, q = _questionnaire(request, gemeente, pk)
    inv = get_object_or_404(Invitation, pk=ipk, questionnaire=q)
    action = request.POST.get("actie")
    try:
        if action == "nieuwe-link":
            link = services.reissue_link(request.user, inv)
            messages.success(request, f"Nieuwe link voor {inv.label} gemaakt; de oude link werkt niet meer.")
            return _invitations_page(request, gm, q, InvitationsForm(), new_links=[link])
        if action == "intrekken":
            services.revoke_invitation(request.user, inv)
            messages.success(request, f"De link van {inv.label} is ingetrokken. Een gegeven antwoord blijft meetellen.")
        else:
            raise KernfotoError("Onbekende handeling.")
    except KernfotoError as exc:
        messages.error(request, f"{exc} Er is niets gewijzigd.")
    return redirect("consultation:invitations", gm.code, q.pk)


# --------------------------------------------------------------------------------------------- results


@login_required
@require_safe
def results(request, gemeente: str, pk: int):
    gm, q = _questionnaire(request, gemeente, pk)
    res = questionnaire_results(q)
    return render(request, "consultation/work_results.html", {
        "gm": gm, "q": q, "res": res, "state": q.state(), "closed": q.state() == State.GESLOTEN,
        "sessions": list(q.sessions.prefetch_related("follow_ups").order_by("date", "pk")),
        "public_url": reverse("consultation:public_results", args=[gm.code, q.pk]),
    })


@login_required
@require_POST
def publish(request, gemeente: str, pk: int):
    gm, q = _questionnaire(request, gemeente, pk)
    try:
        if request.POST.get("actie") == "intrekken":
            messages.success(request, services.unpublish(request.user, q))
        else:
            messages.success(request, services.publish(request.user, q))
    except KernfotoError as exc:
        messages.error(request, str(exc))
    return redirect("consultation:results", gm.code, q.pk)


@login_required
@never_cache
@require_safe
def export(request, gemeente: str, pk: int):
    gm, q = _questionnaire(request, gemeente, pk)
    name, data = services.export_csv(request.user, q)
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
