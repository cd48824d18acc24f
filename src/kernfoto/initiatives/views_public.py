"""Public pages: the submission form for residents (with its receipt), the funded initiatives per kern,
and the wijkplannen with their progress.

No account is needed and no personal data is ever shown: the public list holds initiatives that got money
(title, kern, status, amount, themes), never descriptions or initiators. The lists and plan pages are
served through the page cache (rendered once per data generation); the form and the receipt are not. The
form is protected against spam and floods by ``antispam`` (honeypot, minimum fill-in time, hourly limit
per address).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from ..accounts.access import audit
from ..areas.models import Area, AreaGroup
from ..web.pagecache import cached_page
from ..web.shortcuts import gemeente_or_404, kernen_of
from . import actions, antispam
from .forms import SubmissionForm, key_age, new_key, read_key
from .models import Initiative, Milestone, WijkPlan
from .services import (
    funded_initiatives,
    kern_challenges,
    kernen_of_plan,
    pot_summaries,
    progress_overview,
    theme_labels,
)
from .uploads import MAX_BYTES, MAX_FILES

EXPIRED = ("Dit formulier stond te lang open (langer dan een dag). Wat u had ingevuld staat er nog: controleer het, "
           "kies eventuele bijlagen opnieuw en verstuur het nog een keer.")
INVALID = ("Dit formulier is niet (meer) geldig. Wat u had ingevuld staat er nog: controleer het, kies eventuele "
           "bijlagen opnieuw en verstuur het nog een keer.")
ALREADY = "Deze aanvraag hadden we al ontvangen. Hij is niet nog een keer ingediend."
# a filled honeypot: neutral, it does not say why (a person whose browser filled the field can send it again)
NOT_PROCESSED = ("Uw aanvraag kon niet worden verwerkt. Wat u had ingevuld staat er nog: controleer het, kies "
                 "eventuele bijlagen opnieuw en verstuur het nog een keer.")
TOO_FAST = ("Het formulier is te snel verstuurd: binnen {seconds} seconden nadat het werd geopend. Dat doen meestal "
            "computerprogramma's die spam sturen. Wat u had ingevuld staat er nog: controleer het, kies eventuele "
            "bijlagen opnieuw en verstuur het nog een keer.")
LIMITED = ("Vanaf dit internetadres is het afgelopen uur al {count} keer een initiatief verstuurd. Meer kan niet, om "
           "de website te beschermen tegen spam. U kunt het over {minutes} opnieuw proberen, om {time} uur. Wat u "
           "had ingevuld staat er nog; kies eventuele bijlagen dan opnieuw.")


def crumbs(gm: Area) -> dict:
    """What ``web/_breadcrumbs.html`` needs."""
    return {"code": gm.code, "name": gm.display_name}


def _chosen_kern(gm: Area, kernen: list[AreaGroup], slug: str) -> AreaGroup | None:
    slug = (slug or "").strip()
    if not slug:
        return None
    kern = next((k for k in kernen if k.slug == slug), None)
    if kern is None:
        raise Http404(f"De kern ‘{slug}’ hoort niet bij {gm.display_name}.")
    return kern


# ------------------------------------------------------------------------------------------------- funded initiatives


@cached_page
@require_safe
def public_list(request, code: str):
    gm = gemeente_or_404(code)
    kernen = kernen_of(gm)
    kern = _chosen_kern(gm, kernen, request.GET.get("kern", ""))
    labels = theme_labels()
    groups: dict[int, dict] = {}
    for i in funded_initiatives(gm.code, kern=kern):
        group = groups.setdefault(i.kern_id, {"kern": i.kern, "rows": []})
        group["rows"].append({"initiative": i, "themes": [labels[t] for t in i.themes if t in labels]})
    ordered = sorted(groups.values(), key=lambda g: g["kern"].name)
    rows = [r for g in ordered for r in g["rows"]]
    pots = pot_summaries(gm.code)
    return render(request, "initiatives/public_list.html", {
        "gm": gm, "data": crumbs(gm), "kernen": kernen, "kern": kern, "groups": ordered, "count": len(rows),
        "pots": pots, "has_examples": any(r["initiative"].is_example for r in rows) or any(p.pot.is_example for p in pots),
    })


# ------------------------------------------------------------------------------------------------- submission


def _submit_page(request, gm: Area, kern: AreaGroup, form: SubmissionForm, *, period: str, dropped_files: bool = False,
                 status: int = 200):
    return render(request, "initiatives/submit.html", {
        "gm": gm, "data": crumbs(gm), "kern": kern, "form": form, "period": period, "dropped_files": dropped_files,
        "max_files": MAX_FILES, "max_mb": MAX_BYTES // 1024 // 1024,
        "action_url": reverse("initiatives:submit", args=[gm.code]) + f"?kern={kern.slug}",
        "kernfoto_url": reverse("web:kernfoto", args=[gm.code, kern.slug]),
    }, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request, code: str):
    """Step 1 chooses the kern (a GET form, no JavaScript needed); step 2 is the form for that kern."""
    gm = gemeente_or_404(code)
    kernen = kernen_of(gm)
    kern = _chosen_kern(gm, kernen, request.GET.get("kern", ""))
    if kern is None:
        if request.method == "POST":
            return HttpResponseBadRequest("Kies eerst een kern.")
        return render(request, "initiatives/submit_kern.html", {"gm": gm, "data": crumbs(gm), "kernen": kernen})
    period, opgaven = kern_challenges(kern)
    if request.method == "GET":
        form = SubmissionForm(initial={"key": new_key()}, opgaven=opgaven)
        return _submit_page(request, gm, kern, form, period=period)

    problem, key = None, None
    try:
        key = read_key(request.POST.get("key", ""))
    except signing.SignatureExpired:
        problem = EXPIRED
    except signing.BadSignature:
        problem = INVALID
    if key:
        existing = Initiative.objects.filter(submission_key=key).first()
        if existing is not None:  # the same form again (a refresh, a double click): no second initiative
            messages.info(request, ALREADY)
            return redirect("initiatives:receipt", gm.code, key)
    data = request.POST.copy()
    if problem:
        data["key"] = new_key()  # a fresh key, so the next post of this form counts
    address = antispam.address_of(request)

    # Refused before any upload is read or anything stored: the form comes back with what was typed.
    until = antispam.blocked_until(address)
    if until is not None:
        minutes = antispam.minutes_until(until)
        form = SubmissionForm(data, opgaven=opgaven)
        form.add_error(None, LIMITED.format(
            count=settings.INITIATIVE_MAX_PER_HOUR, minutes="1 minuut" if minutes == 1 else f"{minutes} minuten",
            time=timezone.localtime(until + timedelta(seconds=59)).strftime("%H:%M")))
        return _submit_page(request, gm, kern, form, period=period, dropped_files=bool(request.FILES), status=429)
    if antispam.honeypot_filled(data):
        antispam.record(address)
        audit(request.user, "initiative.honeypot", gemeente=gm.code, kern=kern.slug)  # no personal data
        data[antispam.HONEYPOT] = ""
        form = SubmissionForm(data, opgaven=opgaven)
        form.add_error(None, NOT_PROCESSED)
        return _submit_page(request, gm, kern, form, period=period, dropped_files=bool(request.FILES), status=400)

    if not problem and antispam.too_fast(key_age(request.POST["key"])):
        problem = TOO_FAST.format(seconds=settings.INITIATIVE_MIN_SECONDS)  # the same key: the clock keeps running
    form = SubmissionForm(data, request.FILES, opgaven=opgaven)
    if form.is_valid() and not problem:
        _, created = actions.submit(gm, kern, form.cleaned_data, key=key, user=request.user)
        if created:
            antispam.record(address)
        else:
            messages.info(request, ALREADY)
        return redirect("initiatives:receipt", gm.code, key)
    if problem:
        form.add_error(None, problem)
    return _submit_page(request, gm, kern, form, period=period, dropped_files=bool(request.FILES), status=400)


@never_cache
@require_safe
def receipt(request, code: str, key: str):
    gm = gemeente_or_404(code)
    initiative = (Initiative.objects.filter(gemeente=gm, submission_key=key).select_related("kern", "support")
                  .prefetch_related("attachments", "budget_lines").first())
    if initiative is None:
        raise Http404("Deze ontvangstbevestiging bestaat niet.")
    return render(request, "initiatives/receipt.html", {
        "gm": gm, "data": crumbs(gm), "initiative": initiative,
        "submitted": timezone.localtime(initiative.submitted_at),
    })


# ------------------------------------------------------------------------------------------------- wijkplannen


@cached_page
@require_safe
def plans_public(request, code: str):
    gm = gemeente_or_404(code)
    plans = WijkPlan.objects.filter(gemeente=gm).select_related("kern", "wijk").order_by("title", "pk")
    overview = progress_overview(gm.code, plans=plans, today=timezone.localdate())
    return render(request, "initiatives/plans_public.html", {"gm": gm, "data": crumbs(gm), "overview": overview})


@cached_page
@require_safe
def plan_public(request, code: str, pk: int):
    gm = gemeente_or_404(code)
    plan = WijkPlan.objects.filter(gemeente=gm, pk=pk).select_related("kern", "wijk").first()
    if plan is None:
        raise Http404("Dit wijkplan bestaat niet (meer).")
    today = timezone.localdate()
    overview = progress_overview(gm.code, plans=[plan], today=today)
    kernen = kernen_of_plan(plan)
    labels = theme_labels()
    initiatives = [i for k in kernen for i in funded_initiatives(gm.code, kern=k)]
    return render(request, "initiatives/plan_public.html", {
        "gm": gm, "data": crumbs(gm), "plan": plan, "progress": overview.plans[0],
        "milestones": Milestone.objects.filter(plan=plan).order_by("date", "pk"), "today": today,
        "themes": [labels[t] for t in plan.themes if t in labels], "kernen": kernen,
        "initiatives": sorted(initiatives, key=lambda i: (i.granted_on, i.pk), reverse=True),
    })
