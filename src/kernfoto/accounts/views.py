"""Logging in (throttled), logging out, changing the password, and "Mijn werk" (the dashboard).

Throttling: every failed login is recorded in ``LoginAttempt`` (username and client address). When a
username *or* an address has ``LOGIN_MAX_FAILURES`` failures within ``LOGIN_LOCK_MINUTES``, further
attempts are refused without checking the password, until the oldest failure in that window expires. A
successful login clears the failures of that username. The address is ``REMOTE_ADDR``: behind a reverse
proxy every request has the proxy's address, so the proxy must pass the client's address through
(e.g. gunicorn's ``--forwarded-allow-ips`` with a proxy that sets ``REMOTE_ADDR``) or the per-address
lock locks everyone out at once.

The dashboard decides what to link with ``access.allowed``; templates only get booleans.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from ..areas.models import Area, AreaGroup, GroupKind
from ..directory.freshness import stale_task_label
from .access import allowed, audit
from .models import LoginAttempt, Membership, Role

LOCKED_MESSAGE = ("Te veel mislukte pogingen om in te loggen. Om uw account te beschermen kunt u het pas over "
                  "{minutes} minuten opnieuw proberen.")


WIDGET_CLASSES = {
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "select": "utrecht-select utrecht-select--html-select",
    "radioselect": "utrecht-radio-button utrecht-radio-button--html-input",
    "checkboxselectmultiple": "utrecht-checkbox utrecht-checkbox--html-input",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "password": "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--password",
    "file": "kf-file",
    "clearablefile": "kf-file",
}


def style_form(form):
    """Give every widget of ``form`` its NL Design System (Utrecht) class; returns the form."""
    for name in form.fields:
        bf = form[name]
        css = WIDGET_CLASSES.get(bf.widget_type, "utrecht-textbox utrecht-textbox--html-input")
        widget = form.fields[name].widget
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


def client_address(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "onbekend")[:64]


def normalise_username(value: str | None) -> str:
    return (value or "").strip().lower()[:150]


def _window_start():
    return timezone.now() - timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def recent_failures(username: str, address: str) -> int:
    """The larger of the failures of this username and of this address within the lock window."""
    recent = LoginAttempt.objects.filter(at__gte=_window_start())
    by_user = recent.filter(username=username).count() if username else 0
    by_address = recent.filter(address=address).count() if address else 0
    return max(by_user, by_address)


def minutes_left(username: str, address: str) -> int:
    """Minutes until the oldest failure that keeps the lock in place leaves the window (at least 1)."""
    recent = LoginAttempt.objects.filter(at__gte=_window_start())
    times = []
    for qs in (recent.filter(username=username), recent.filter(address=address)):
        stamps = list(qs.order_by("-at").values_list("at", flat=True)[: settings.LOGIN_MAX_FAILURES])
        if len(stamps) >= settings.LOGIN_MAX_FAILURES:
            times.append(stamps[-1])
    if not times:
        return 1
    unlock = max(times) + timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
    return max(1, int((unlock - timezone.now()).total_seconds() // 60) + 1)


def is_locked(username: str, address: str) -> bool:
    return recent_failures(username, address) >= settings.LOGIN_MAX_FAILURES


class ThrottledLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        return style_form(super().get_form(form_class))

    def post(self, request, *args, **kwargs):
        username = normalise_username(request.POST.get("username"))
        address = client_address(request)
        if is_locked(username, address):
            # Refuse without looking at the password (no authenticate() call at all).
            form = style_form(self.form_class(request, initial={"username": request.POST.get("username", "")[:150]}))
            context = self.get_context_data(form=form, locked_message=LOCKED_MESSAGE.format(
                minutes=minutes_left(username, address)))
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        username = normalise_username(self.request.POST.get("username"))
        address = client_address(self.request)
        LoginAttempt.objects.create(username=username, address=address)
        # keep the table small: failures older than a day (or the lock window) no longer matter
        keep = max(timedelta(days=1), timedelta(minutes=settings.LOGIN_LOCK_MINUTES))
        LoginAttempt.objects.filter(at__lt=timezone.now() - keep).delete()
        context = self.get_context_data(form=form)
        if is_locked(username, address):
            context["locked_message"] = LOCKED_MESSAGE.format(minutes=minutes_left(username, address))
        return self.render_to_response(context)

    def form_valid(self, form):
        LoginAttempt.objects.filter(username=normalise_username(form.get_user().get_username())).delete()
        return super().form_valid(form)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def get_form(self, form_class=None):
        return style_form(super().get_form(form_class))

    def form_valid(self, form):
        response = super().form_valid(form)
        audit(self.request.user, "account.password_change", obj=self.request.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


# ------------------------------------------------------------------------------------------------- dashboard

# (action, label, url name of the page): the links of "Mijn werk", each shown when allowed() says so
TASKS = (
    ("voice.add", "Gesprek of signaal toevoegen", "voices:add"),
    ("voice.edit", "Mijn gesprekken en signalen", "voices:list"),
    ("profile.review", "Herkent u dit beeld? (concept-kernfoto beoordelen)", "voices:profile_review"),
    ("voice.approve", "Gesprekken en citaten beoordelen", "voices:review"),
    ("data.import", "Gegevens importeren", "voices:import"),
    ("profile.curate", "Krachten en opgaven per kern", "voices:curated"),
    ("period.publish", "Periode publiceren", "voices:publish"),
    ("initiative.assess", "Inwonersinitiatieven beoordelen", "initiatives:work_list"),
    ("budget.manage", "Budgetten voor inwonersinitiatieven", "initiatives:pots"),
    ("plan.edit", "Wijkplannen en mijlpalen", "initiatives:plans"),
    ("monitor.edit", "Sociale Monitor: inleiding en toelichting per thema", "monitor:work"),
    ("questionnaire.manage", "Vragenlijsten voor partners", "consultation:list"),
    ("dialogue.record", "Dialoogsessies vastleggen", "consultation:sessions"),
    ("directory.edit", "Sociale basis: aanbod, locaties en tijden bijhouden", "directory:work_list"),
    # a label may be a function of the gemeente code: here the number of entries to check
    ("directory.review", stale_task_label, "directory:work_stale"),
)


def _publications(gemeente: str) -> list[dict]:
    from ..voices.models import Publication

    return [{"period": p.period, "at": p.published_at}
            for p in Publication.objects.filter(gemeente_id=gemeente).order_by("-period")]


def _pending(gemeente: str) -> int:
    from ..voices.models import Status, Voice

    return Voice.objects.filter(gemeente_id=gemeente, status=Status.INGEDIEND).count()


def _entry(user, gemeente: Area, role_label: str, kernen: list[str] | None, organisation: str = "") -> dict:
    code = gemeente.code
    tasks = [{"label": label(code) if callable(label) else label, "url": reverse(name, args=[code])}
             for action, label, name in TASKS if allowed(user, action, code)]
    can_approve = allowed(user, "voice.approve", code)
    return {
        "gemeente": gemeente, "role": role_label, "organisation": organisation,
        "kernen": kernen,  # None: all kernen of the gemeente
        "tasks": tasks, "can_approve": can_approve, "pending": _pending(code) if can_approve else None,
        "publications": _publications(code),
        "overview_url": reverse("web:overview", args=[code]),
    }


@login_required
def dashboard(request):
    user = request.user
    entries = []
    seen = set()
    memberships = (Membership.objects.filter(user=user).select_related("gemeente")
                   .prefetch_related("kernen").order_by("gemeente__name"))
    for m in memberships:
        seen.add(m.gemeente_id)
        kernen = sorted(k.name for k in m.kernen.all()) if m.role == Role.PARTNER else None
        entries.append(_entry(user, m.gemeente, m.get_role_display(), kernen, m.organisation))
    if user.is_superuser:
        codes = set(AreaGroup.objects.filter(kind=GroupKind.KERN).values_list("gemeente_id", flat=True))
        for g in Area.objects.filter(Q(code__in=codes), level="gemeente").exclude(code__in=seen).order_by("name"):
            entries.append(_entry(user, g, "beheerder (alle gemeenten)", None))
    return render(request, "accounts/dashboard.html", {
        "entries": entries, "admin_url": reverse("admin:index") if user.is_active and user.is_staff else ""})


def admin_login(request):
    """``beheer/login/``: the Django admin logs in through the throttled login above, never its own form.

    A visitor goes to the login page (and back to the admin afterwards); a logged-in user who is not staff
    gets a 403 rather than the admin's login form (which would loop, or let them try other passwords).
    """
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied("Uw account heeft geen toegang tot het beheer. Vraag de beheerder van Kernfoto.")
    return HttpResponseRedirect(target)


login_view = ThrottledLoginView.as_view()
logout_view = auth_views.LogoutView.as_view()
password_change = PasswordChangeView.as_view()
password_change_done = PasswordChangeDoneView.as_view()
