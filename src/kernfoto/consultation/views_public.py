"""Pages without an account: answering by personal link, and the published results.

The respondent page (``vragenlijst/<token>/``) is private to whoever holds the link: never cached
(neither by the page cache nor by the browser), not indexed, and it sends its address as referrer only
to this site (``same-origin``), so the token does not leak to other sites. An unknown link gives 404, a withdrawn link or a closed questionnaire
410, a questionnaire that is not open yet 403, each with a Dutch page that says what to do. A second
submission (double click, or later) edits the same response. When a submission arrives after the
questionnaire closed, the 410 page shows the texts the respondent wrote, so nothing typed is lost.

Results are public only once an analyst published them (after closing, and with at least the minimum
number of responses); a question with fewer answers than that minimum shows no figures, and open
answers appear only as counts per theme, never as text.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ..web.pagecache import cached_page
from ..web.shortcuts import gemeente_or_404
from . import services
from .forms import RespondentForm
from .models import Questionnaire, State
from .results import questionnaire_results


def _private(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    # not "no-referrer": then the browser sends "Origin: null" with the form and the CSRF check refuses it
    response["Referrer-Policy"] = "same-origin"
    return response


def _unavailable(request, *, status: int, title: str, message: str, q: Questionnaire | None = None,
                 lost: list[dict] | None = None, answered_at=None):
    public_url = ""
    if q is not None and q.is_published:
        public_url = reverse("consultation:public_results", args=[q.gemeente_id, q.pk])
    return _private(render(request, "consultation/respond_unavailable.html", {
        "title": title, "message": message, "q": q, "lost": lost or [], "answered_at": answered_at,
        "public_url": public_url}, status=status))


def _lost_texts(form: RespondentForm) -> list[dict]:
    """What the respondent typed in a submission that could not be saved, to copy elsewhere."""
    out = []
    for item in form.items():
        q = item["question"]
        for bf in (item["field"], item["why"]):
            if bf is None:
                continue
            value = form.data.get(bf.html_name, "")
            if isinstance(value, str) and value.strip() and bf.widget_type == "textarea":
                out.append({"label": q.label, "text": value.strip()})
    return out


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request, token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return _unavailable(request, status=404, title="Deze link werkt niet",
                            message="Wij kennen deze link niet. Kijk of u de hele link uit de uitnodiging hebt "
                                    "gekopieerd. Werkt het dan nog niet? Vraag de gemeente om een nieuwe link.")
    q = invitation.questionnaire
    now = timezone.now()
    response = getattr(invitation, "response", None)
    questions = list(q.questions.all())
    form = RespondentForm(request.POST or None, questions=questions) if request.method == "POST" else None
    if invitation.revoked_at:
        return _unavailable(request, status=410, title="Deze link is ingetrokken", q=q,
                            lost=_lost_texts(form) if form else None,
                            message="De gemeente heeft deze link ingetrokken. Vraag de gemeente om een nieuwe link "
                                    "als u de vragenlijst toch wilt invullen.")
    state = q.state(now)
    if state == State.CONCEPT:
        return _unavailable(request, status=403, title="Deze vragenlijst is nog niet open", q=q,
                            message="U kunt nog niet antwoorden. Probeer het later opnieuw met dezelfde link.")
    if state == State.GESLOTEN:
        ended = q.ended_at
        when = f" op {services.dutch_date(timezone.localtime(ended).date())}" if ended else ""
        return _unavailable(request, status=410, title="Deze vragenlijst is gesloten", q=q,
                            lost=_lost_texts(form) if form else None,
                            answered_at=response.updated_at if response else None,
                            message=f"De vragenlijst is gesloten{when}. Antwoorden of wijzigen kan niet meer.")
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_response(invitation, form.answers(), now=now)
            except services.Closed as exc:  # closed between the checks above and now
                return _unavailable(request, status=410, title="Deze vragenlijst is gesloten", q=q,
                                    lost=_lost_texts(form), message=f"{exc} Uw antwoorden zijn niet opgeslagen.")
            return _private(redirect(reverse("consultation:respond", args=[token]) + "?opgeslagen=1"))
        status = 400
    else:
        stored = services.stored_answers(response)
        form = RespondentForm(initial=RespondentForm.initial_from(questions, stored), questions=questions)
        status = 200
    closes = q.closes_at and timezone.localtime(q.closes_at - dt.timedelta(seconds=1)).date()
    return _private(render(request, "consultation/respond.html", {
        "q": q, "invitation": invitation, "form": form, "response": response,
        "saved": request.GET.get("opgeslagen") == "1" and response is not None,
        "closes": services.dutch_date(closes) if closes else "", "action": request.path,
    }, status=status))


# --------------------------------------------------------------------------------------------- published results


def _published(code: str, pk: int) -> Questionnaire:
    gm = gemeente_or_404(code)
    q = Questionnaire.objects.filter(pk=pk, gemeente=gm, published_at__isnull=False).select_related("gemeente").first()
    if q is None:
        raise Http404("Deze uitkomsten zijn niet (meer) gepubliceerd.")
    return q


@cached_page
@require_safe
def public_results(request, code: str, pk: int):
    q = _published(code, pk)
    if q.gemeente_id != code:
        return redirect("consultation:public_results", q.gemeente_id, q.pk)
    res = questionnaire_results(q)
    return render(request, "consultation/public_results.html", {
        "q": q, "res": res, "data": {"code": q.gemeente_id, "name": q.gemeente.display_name},
        "minimum": q.min_responses_to_publish,
        "sessions": list(q.sessions.prefetch_related("follow_ups", "questions").order_by("date", "pk")),
        "themes": services.theme_labels(),
    })


@cached_page
@require_safe
def public_list(request, code: str):
    gm = gemeente_or_404(code)
    if gm.code != code:
        return redirect("consultation:public_list", gm.code)
    rows = list(Questionnaire.objects.filter(gemeente=gm, published_at__isnull=False).order_by("-published_at"))
    return render(request, "consultation/public_list.html", {
        "gm": gm, "rows": rows, "data": {"code": gm.code, "name": gm.display_name}})
