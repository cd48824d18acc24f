"""Dialogue sessions in the browser (``werk/<gemeente>/dialoogsessies/...``), access ``dialogue.record``.

A session may be linked to one questionnaire of the gemeente; its form then lists that questionnaire's
questions to tick the ones discussed. The questionnaire is chosen with ``?vragenlijst=<pk>`` (a small
GET form at the top, so it works without JavaScript); the session list can be filtered the same way.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..accounts.access import allowed, require
from ..errors import KernfotoError
from ..web.shortcuts import gemeente_or_404
from . import sessions
from .forms import AVG_NOTICE, SessionForm
from .models import DialogueSession, Questionnaire
from .services import theme_labels


def _chosen_questionnaire(request, gm, default: Questionnaire | None = None) -> Questionnaire | None:
    src = request.POST if request.method == "POST" else request.GET
    raw = src.get("vragenlijst")
    if raw is None:
        return default
    if raw == "":
        return None
    try:
        return Questionnaire.objects.get(pk=int(raw), gemeente=gm)
    except (ValueError, Questionnaire.DoesNotExist):
        raise Http404("Deze vragenlijst hoort niet bij deze gemeente.") from None


@login_required
@require_safe
def session_list(request, gemeente: str):
    gm = gemeente_or_404(gemeente)
    require(request.user, "dialogue.record", gm.code)
    chosen = _chosen_questionnaire(request, gm)
    qs = DialogueSession.objects.filter(gemeente=gm).select_related("questionnaire").prefetch_related(
        "follow_ups", "questions")
    if chosen is not None:
        qs = qs.filter(questionnaire=chosen)
    labels = theme_labels()
    rows = [{"s": s, "themes": [labels.get(t, t) for t in s.themes], "editable": sessions.may_edit(request.user, s),
             "url": reverse("consultation:session_edit", args=[gm.code, s.pk])} for s in qs.order_by("-date", "-pk")]
    return render(request, "consultation/session_list.html", {
        "gm": gm, "rows": rows, "chosen": chosen,
        "questionnaires": list(Questionnaire.objects.filter(gemeente=gm).order_by("-created_at")),
        "can_manage": allowed(request.user, "questionnaire.manage", gm.code),
    })


def _session_page(request, gm, form, *, session, questionnaire, status=200):
    return render(request, "consultation/session_form.html", {
        "gm": gm, "form": form, "session": session, "questionnaire": questionnaire, "avg_notice": AVG_NOTICE,
        "questionnaires": list(Questionnaire.objects.filter(gemeente=gm).order_by("-created_at")),
        "action_url": (reverse("consultation:session_edit", args=[gm.code, session.pk]) if session
                       else reverse("consultation:session_add", args=[gm.code])),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, gemeente: str, pk: int | None = None):
    gm = gemeente_or_404(gemeente)
    require(request.user, "dialogue.record", gm.code)
    session = get_object_or_404(DialogueSession, pk=pk, gemeente=gm) if pk else None
    if session is not None and not sessions.may_edit(request.user, session):
        raise PermissionDenied("U kunt alleen de dialoogsessies wijzigen die u zelf hebt vastgelegd.")
    questionnaire = _chosen_questionnaire(request, gm, default=session.questionnaire if session else None)
    questions = list(questionnaire.questions.all()) if questionnaire else []
    if request.method == "POST":
        form = SessionForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                saved = sessions.save_session(request.user, gm.code, form.session_data(questionnaire), session=session)
            except KernfotoError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"{saved} is opgeslagen.")
                target = reverse("consultation:sessions", args=[gm.code])
                return redirect(target + (f"?vragenlijst={questionnaire.pk}" if questionnaire else ""))
        return _session_page(request, gm, form, session=session, questionnaire=questionnaire, status=400)
    if session is not None:
        initial = SessionForm.initial_from(session)
        if questionnaire != session.questionnaire:
            initial.pop("questions", None)
    else:
        initial = {"date": timezone.localdate(), "mode": "online"}
    form = SessionForm(initial=initial, questions=questions)
    return _session_page(request, gm, form, session=session, questionnaire=questionnaire)


@login_required
@require_POST
def session_delete(request, gemeente: str, pk: int):
    gm = gemeente_or_404(gemeente)
    require(request.user, "dialogue.record", gm.code)
    session = get_object_or_404(DialogueSession, pk=pk, gemeente=gm)
    label = str(session)
    sessions.delete_session(request.user, session)
    messages.success(request, f"{label} is verwijderd.")
    return redirect("consultation:sessions", gm.code)
