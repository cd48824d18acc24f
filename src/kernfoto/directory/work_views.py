"""Work pages of the sociale basis (``werk/<gemeente>/sociale-basis/...``): partners keep their own
organisation's offers, locations and schedules up to date; analysts see every organisation, the list of
entries nobody checked for a year, and choose which partners maintain which organisation.

Thin views: ``login_required``, then ``access.require(user, "directory.edit", gemeente)``, then the object
looked up within the gemeente (404 otherwise), then the organisation rule ``maintenance.require_edit``
(403 for someone else's organisation); forms validate, ``maintenance`` writes (one transaction, one audit
line each). A form with errors answers 400 and keeps what was typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..accounts.access import require
from ..areas.models import Area
from ..errors import InputError
from ..web.shortcuts import gemeente_or_404 as _gm
from . import maintenance as m
from .forms import EditorsForm, LocationForm, OrganizationForm, ScheduleForm, ServiceForm
from .freshness import stale_before, stale_services, stale_text
from .models import AreaSource, Location, Organization, Schedule, Service, ServiceStatus
from .search import schedule_text

PAGE_SIZE = 50
LOCATION_FIELDS = {"latitude": "latitude", "longitude": "longitude", "kern": "kern", "buurt": "kern",
                   "location": "name"}


def _org_url(org: Organization) -> str:
    return reverse("directory:work_organization", args=[org.gemeente_id, org.pk])


def _service(gm: Area, pk) -> Service:
    return get_object_or_404(Service.objects.select_related("organization__gemeente"), pk=pk,
                             organization__gemeente=gm)


def _schedule_dict(s: Schedule) -> dict:
    return {f: getattr(s, f) for f in ("freq", "interval", "byday", "bymonthday", "opens_at", "closes_at",
                                        "description", "notes", "dtstart", "valid_from", "valid_to")}


# ------------------------------------------------------------------------------------------------- lists


@login_required
@require_safe
def work_list(request, gemeente: str):
    gm = _gm(gemeente)
    require(request.user, m.EDIT, gm.code)
    cutoff = stale_before(timezone.localdate())
    stale = ((Q(services__assured_date__isnull=True) | Q(services__assured_date__lt=cutoff))
             & ~Q(services__status=ServiceStatus.DEFUNCT))  # as freshness.stale_services
    orgs = (m.editable_organizations(request.user, gm.code)
            .annotate(n_services=Count("services", distinct=True),
                      n_stale=Count("services", filter=stale, distinct=True))
            .prefetch_related("editors").order_by("name"))
    page = Paginator(orgs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    manages = m.manages(request.user, gm.code)
    return render(request, "directory/work_list.html", {
        "gm": gm, "page": page, "manages": manages,
        "n_stale": stale_services(gm.code, timezone.localdate()).count() if manages else None,
    })


@login_required
@require_safe
def stale_list(request, gemeente: str):
    gm = _gm(gemeente)
    require(request.user, m.MANAGE, gm.code)
    today = timezone.localdate()
    services = stale_services(gm.code, today).select_related("organization").order_by(
        "organization__name", "assured_date", "name")
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("pagina"))
    groups: dict = {}
    for s in page:
        groups.setdefault(s.organization, []).append({"service": s, "mark": stale_text(s, today),
                                                      "url": reverse("directory:work_service", args=[gm.code, s.pk])})
    return render(request, "directory/stale.html", {"gm": gm, "page": page, "groups": list(groups.items()),
                                                    "total": page.paginator.count})


@login_required
@require_safe
def organization_page(request, gemeente: str, org):
    gm = _gm(gemeente)
    require(request.user, m.EDIT, gm.code)
    org = get_object_or_404(Organization, pk=org, gemeente=gm)
    m.require_edit(request.user, org)
    today = timezone.localdate()
    services = [{"service": s, "mark": stale_text(s, today), "active": s.status == ServiceStatus.ACTIVE,
                 "url": reverse("directory:work_service", args=[gm.code, s.pk]),
                 "public_url": reverse("directory:detail", args=[gm.code, s.pk])}
                for s in org.services.order_by("name")]
    locations = [{"location": loc, "label": m.location_label(loc), "used": loc.n_used,
                  "source": AreaSource(loc.area_source).label if loc.area_source in AreaSource.values else "",
                  "url": reverse("directory:work_location", args=[gm.code, loc.pk])}
                 for loc in org.locations.select_related("kern", "buurt").annotate(n_used=Count("services_here"))
                 .order_by("name")]
    return render(request, "directory/organization.html", {
        "gm": gm, "org": org, "services": services, "locations": locations,
        "manages": m.manages(request.user, gm.code), "editors": list(org.editors.order_by("username")),
    })


# ------------------------------------------------------------------------------------------------- offers


def _service_page(request, gm, org, form, service=None, status=200):
    schedules = []
    if service is not None:
        schedules = [{"schedule": s, "text": schedule_text(_schedule_dict(s), timezone.localdate()) or "(geen tijden)",
                      "location": s.service_at_location.location.name if s.service_at_location_id else "",
                      "url": reverse("directory:work_schedule", args=[gm.code, service.pk, s.pk])}
                     for s in m.schedules_of(service)]
    return render(request, "directory/service_form.html", {
        "gm": gm, "org": org, "form": form, "service": service, "schedules": schedules,
        "mark": stale_text(service, timezone.localdate()) if service else "",
        "org_url": _org_url(org),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def service_add(request, gemeente: str, org):
    gm = _gm(gemeente)
    require(request.user, m.EDIT, gm.code)
    org = get_object_or_404(Organization, pk=org, gemeente=gm)
    m.require_edit(request.user, org)
    kwargs = {"locations": m.location_choices(org), "kernen": m.kern_choices(gm.code)}
    if request.method == "POST":
        form = ServiceForm(request.POST, **kwargs)
        if form.is_valid():
            service = m.save_service(request.user, org, form.cleaned_data, today=timezone.localdate())
            messages.success(request, f"“{service.name}” is toegevoegd. Voeg nu de tijden toe.")
            return redirect("directory:work_service", gm.code, service.pk)
        return _service_page(request, gm, org, form, status=400)
    return _service_page(request, gm, org, ServiceForm(**kwargs, initial={"themes": [], "target_groups": []}))


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request, gemeente: str, pk):
    gm = _gm(gemeente)
    require(request.user, m.EDIT, gm.code)
    service = _service(gm, pk)
    org = service.organization
    m.require_edit(request.user, org)
    kwargs = {"locations": m.location_choices(org, service), "kernen": m.kern_choices(gm.code)}
    if request.method == "POST":
        form = ServiceForm(request.POST, **kwargs)
        if form.is_valid():
            m.save_service(request.user, org, form.cleaned_data, service=service, today=timezone.localdate())
            messages.success(request, f"De wijzigingen in “{service.name}” zijn opgeslagen.")
            return redirect(_org_url(org))
        return _service_page(request, gm, org, form, service, status=400)
    return _service_page(request, gm, org, ServiceForm(**kwargs, initial=m.service_initial(service)), service)


@login_required
@require_POST
def service_assure(request, gemeente: str, pk):
    gm = _gm(gemeente)
    require(request.user, m.EDIT, gm.code)
    service = _service(gm, pk)
    today = timezone.localdate()
    m.assure(request.user, service, today=today)
    messages.success(request, f"“{service.name}” is gecontroleerd op {today:%d-%m-%Y}.")
    back = request.POST.get("terug")
    if back == "controleren" and m.manages(request.user, gm.code):
        return redirect("directory:work_stale", gm.code)
    return redirect(_org_url(service.organization))


@login_required
@require_POST
def service_status(request, gemeente: str, pk):
    gm = _gm(gemeente)
    require(request.user, m.EDIT, gm.code)
    service = _service(gm, pk)
    status = request.POST.get("status")
    if status not in (ServiceStatus.ACTIVE, ServiceStatus.INACTIVE, ServiceStatus.TEMPORARILY_CLOSED):
        messages.error(request, "Kies “niet meer actief”, “tijdelijk gesloten” of “weer actief”; er is niets gewijzigd.")
        return redirect(_org_url(service.organization))
    m.set_status(request.user, service, status)
    if status == ServiceStatus.ACTIVE:
        messages.success(request, f"“{service.name}” is weer actief en staat weer in de zoeker.")
    else:
        messages.success(request, f"“{service.name}” is {ServiceStatus(status).label} en staat niet meer in de "
                                  "zoeker. U kunt het later weer actief maken.")
    return redirect(_org_url(service.organization))


# ------------------------------------------------------------------------------------------------- schedules


def _schedule_page(request, gm, service, form, schedule=None, status=200):
    return render(request, "directory/schedule_form.html", {
        "gm": gm, "service": service, "form": form, "schedule": schedule, "org_url": _org_url(service.organization),
        "service_url": reverse("directory:work_service", args=[gm.code, service.pk]),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request, gemeente: str, pk, schedule=None):
    gm = _gm(gemeente)
    require(request.user, m.EDIT, gm.code)
    service = _service(gm, pk)
    m.require_edit(request.user, service.organization)
    existing = None
    if schedule is not None:
        existing = get_object_or_404(Schedule.objects.filter(Q(service=service) | Q(service_at_location__service=service)),
                                     pk=schedule)
    locations = [(str(sal.location_id), m.location_label(sal.location))
                 for sal in service.at_locations.select_related("location")]
    if request.method == "POST":
        form = ScheduleForm(request.POST, locations=locations)
        if form.is_valid():
            try:
                m.save_schedule(request.user, service, form.cleaned_data, form.rrule(), schedule=existing)
            except InputError as exc:
                form.add_error("location", exc.message)
            else:
                messages.success(request, f"De tijden van “{service.name}” zijn opgeslagen.")
                return redirect("directory:work_service", gm.code, service.pk)
        return _schedule_page(request, gm, service, form, existing, status=400)
    initial = ScheduleForm.initial_from(existing) if existing else {"freq": "WEEKLY"}
    return _schedule_page(request, gm, service, ScheduleForm(locations=locations, initial=initial), existing)


@login_required
@require_POST
def schedule_delete(request, gemeente: str, pk, schedule):
    gm = _gm(gemeente)
    require(request.user, m.EDIT, gm.code)
    service = _service(gm, pk)
    m.require_edit(request.user, service.organization)
    existing = get_object_or_404(Schedule.objects.filter(Q(service=service) | Q(service_at_location__service=service)),
                                 pk=schedule)
    m.delete_schedule(request.user, service, existing)
    messages.success(request, f"Een tijd van “{service.name}” is verwijderd.")
    return redirect("directory:work_service", gm.code, service.pk)


# ------------------------------------------------------------------------------------------------- locations


def _location_page(request, gm, org, form, location=None, status=200):
    return render(request, "directory/location_form.html", {
        "gm": gm, "org": org, "form": form, "location": location, "org_url": _org_url(org),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def location_edit(request, gemeente: str, org=None, pk=None):
    gm = _gm(gemeente)
    require(request.user, m.EDIT, gm.code)
    location = None
    if pk is not None:
        location = get_object_or_404(Location.objects.select_related("organization", "kern"), pk=pk,
                                     organization__gemeente=gm)
        organization = location.organization
    else:
        organization = get_object_or_404(Organization, pk=org, gemeente=gm)
    m.require_edit(request.user, organization)
    kernen = m.kern_choices(gm.code)
    if request.method == "POST":
        if request.POST.get("actie") == "verwijderen" and location is not None:
            try:
                m.delete_location(request.user, location)
            except InputError as exc:
                messages.error(request, f"De locatie is niet verwijderd: {exc.message}.")
                return redirect("directory:work_location", gm.code, location.pk)
            messages.success(request, "De locatie is verwijderd.")
            return redirect(_org_url(organization))
        form = LocationForm(request.POST, kernen=kernen)
        if form.is_valid():
            try:
                saved = m.save_location(request.user, organization, form.cleaned_data, location=location)
            except InputError as exc:  # placement: Dutch message on the field to correct
                form.add_error(LOCATION_FIELDS.get(exc.column or "", "kern"), exc.message[:1].upper() + exc.message[1:] + ".")
            else:
                where = f" (kern {saved.kern.name})" if saved.kern_id else ""
                messages.success(request, f"De locatie {saved.name or 'online'}{where} is opgeslagen.")
                return redirect(_org_url(organization))
        return _location_page(request, gm, organization, form, location, status=400)
    initial = m.location_initial(location) if location else {"location_type": "physical"}
    return _location_page(request, gm, organization, LocationForm(kernen=kernen, initial=initial), location)


# ------------------------------------------------------------------------------------------------- organisations


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, gemeente: str, org=None):
    gm = _gm(gemeente)
    organization = None
    if org is None:
        require(request.user, m.MANAGE, gm.code)
    else:
        require(request.user, m.EDIT, gm.code)
        organization = get_object_or_404(Organization, pk=org, gemeente=gm)
        m.require_edit(request.user, organization)
    if request.method == "POST":
        form = OrganizationForm(request.POST)
        if form.is_valid():
            saved = m.save_organization(request.user, gm.code, form.cleaned_data, organization=organization)
            messages.success(request, f"De gegevens van {saved.name} zijn opgeslagen.")
            return redirect(_org_url(saved))
        status = 400
    else:
        initial = None
        if organization is not None:
            phone = organization.phones.filter(service__isnull=True).order_by("number").first()
            initial = {"name": organization.name, "description": organization.description,
                       "email": organization.email, "website": organization.website,
                       "phone": phone.number if phone else ""}
        form, status = OrganizationForm(initial=initial), 200
    return render(request, "directory/organization_form.html", {"gm": gm, "org": organization, "form": form},
                  status=status)


@login_required
@require_http_methods(["GET", "POST"])
def editors(request, gemeente: str, org):
    gm = _gm(gemeente)
    require(request.user, m.MANAGE, gm.code)
    organization = get_object_or_404(Organization, pk=org, gemeente=gm)
    partners = m.partner_choices(gm.code)
    if request.method == "POST":
        form = EditorsForm(request.POST, partners=partners)
        if form.is_valid():
            names = m.set_editors(request.user, organization, form.cleaned_data["editors"])
            who = ", ".join(names) if names else "niemand (alleen analisten)"
            messages.success(request, f"Het aanbod van {organization.name} wordt bijgehouden door: {who}.")
            return redirect(_org_url(organization))
        status = 400
    else:
        form = EditorsForm(partners=partners, initial={"editors": [str(pk) for pk in
                                                                   organization.editors.values_list("pk", flat=True)]})
        status = 200
    return render(request, "directory/editors.html", {"gm": gm, "org": organization, "form": form,
                                                      "org_url": _org_url(organization)}, status=status)
