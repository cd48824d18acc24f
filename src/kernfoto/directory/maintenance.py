"""Keeping the directory up to date in the browser: who may edit what, and every write.

The organisation rule, in one place (:func:`can_edit`): a user may edit an organisation's offers,
locations and schedules when ``access.allowed(user, "directory.edit", gemeente)`` holds (partners,
analysts, admins of the organisation's gemeente) and, for a partner, when they are one of the
organisation's ``editors``. Analysts and admins (``directory.review``) edit every organisation of their
gemeente, see the list of stale entries, add organisations and choose the editors.

Every write function checks that rule itself (views call them after their own checks; a write is never
trusted to the caller), runs in one transaction and writes one ``access.audit`` line. Validation is the
forms' job (``forms.py``); placement of a location (buurt and kern) is ``placement.place_location``.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..accounts.access import allowed, audit, require
from ..accounts.models import Membership, Role
from ..areas.models import AreaGroup, GroupKind
from ..errors import InputError
from .models import (
    Accessibility,
    Address,
    AreaSource,
    Location,
    LocationType,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
)
from .placement import place_location

EDIT = "directory.edit"
MANAGE = "directory.review"  # analysts and admins: all organisations, stale list, editors, new organisations
NOT_YOURS = "U houdt het aanbod van deze organisatie niet bij. Vraag de analist van uw gemeente om u toe te voegen."


# ------------------------------------------------------------------------------------------------- the rule


def manages(user, gemeente: str) -> bool:
    """Analysts and admins of the gemeente: every organisation, the stale list, the editors."""
    return allowed(user, MANAGE, gemeente)


def can_edit(user, organization: Organization) -> bool:
    """May ``user`` edit the offers, locations and schedules of ``organization``?"""
    gemeente = organization.gemeente_id
    if not allowed(user, EDIT, gemeente):
        return False
    if manages(user, gemeente):
        return True
    return organization.editors.filter(pk=user.pk).exists()


def require_edit(user, organization: Organization) -> None:
    """Raise PermissionDenied (403) unless :func:`can_edit`."""
    require(user, EDIT, organization.gemeente_id)
    if not can_edit(user, organization):
        raise PermissionDenied(NOT_YOURS)


def editable_organizations(user, gemeente: str):
    """The organisations of the gemeente that ``user`` may edit (all of them for an analyst)."""
    orgs = Organization.objects.filter(gemeente_id=gemeente)
    if manages(user, gemeente):
        return orgs
    if not allowed(user, EDIT, gemeente):
        return orgs.none()
    return orgs.filter(editors=user)


def partner_choices(gemeente: str) -> list[tuple[str, str]]:
    """The users with the role partner in the gemeente, as (pk, "username (organisation)") choices."""
    rows = (Membership.objects.filter(gemeente_id=gemeente, role=Role.PARTNER).select_related("user")
            .order_by("user__username"))
    return [(str(m.user_id), f"{m.user.get_username()}" + (f" ({m.organisation})" if m.organisation else ""))
            for m in rows]


# ------------------------------------------------------------------------------------------------- helpers


def _assurer(user) -> str:
    return (getattr(user, "email", "") or "")[:254]


def _set_phone(owner_field: str, owner, number: str) -> None:
    phones = list(Phone.objects.filter(**{owner_field: owner}).order_by("number"))
    if number:
        if phones:
            phones[0].number = number
            phones[0].save(update_fields=["number"])
        else:
            Phone.objects.create(**{owner_field: owner}, number=number)
    elif phones:
        phones[0].delete()


def kern_choices(gemeente: str) -> list[tuple[str, str]]:
    return [(g.slug, g.name) for g in AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente_id=gemeente)
            .order_by("name")]


def location_choices(organization: Organization, service: Service | None = None) -> list[tuple[str, str]]:
    """The organisation's locations, plus those the offer already uses (an import may link others)."""
    locs = {str(loc.pk): loc for loc in organization.locations.all()}
    if service is not None:
        locs.update({str(sal.location_id): sal.location for sal in service.at_locations.select_related("location")})
    return sorted(((pk, location_label(loc)) for pk, loc in locs.items()), key=lambda c: c[1].casefold())


def location_label(loc: Location) -> str:
    address = loc.addresses.first() if loc.location_type != LocationType.VIRTUAL else None
    where = f"{address.address_1}, {address.city}" if address else "online"
    return f"{loc.name}, {where}" if loc.name else where


# ------------------------------------------------------------------------------------------------- offers


SERVICE_FIELDS = ("name", "description", "kind", "themes", "target_groups", "minimum_age", "maximum_age",
                  "eligibility_description", "fees_description", "application_process", "email", "url")


def service_initial(service: Service) -> dict:
    initial = {f: getattr(service, f) for f in SERVICE_FIELDS}
    phone = service.phones.order_by("number").first()
    initial["phone"] = phone.number if phone else ""
    initial["locations"] = [str(sal.location_id) for sal in service.at_locations.all()]
    areas = list(service.service_areas.select_related("kern"))
    initial["kernen"] = [a.kern.slug for a in areas if a.kern_id]
    initial["gemeente_wide"] = any(a.kern_id is None and a.extent_type == "gemeente" for a in areas)
    return initial


def save_service(user, organization: Organization, data: dict, *, service: Service | None = None,
                 today: date) -> Service:
    """Create or update an offer of ``organization`` from the cleaned data of ``ServiceForm``.

    A new offer counts as checked today by its author.
    """
    require_edit(user, organization)
    if service is not None and service.organization_id != organization.pk:
        raise PermissionDenied(NOT_YOURS)
    gemeente = organization.gemeente_id
    with transaction.atomic():
        created = service is None
        if created:
            service = Service(organization=organization, assured_date=today, assured_by=user,
                              assurer_email=_assurer(user))
        for f in SERVICE_FIELDS:
            value = data.get(f)
            setattr(service, f, value if value is not None or f in ("minimum_age", "maximum_age") else "")
        service.themes = list(data.get("themes") or [])
        service.target_groups = list(data.get("target_groups") or [])
        service.save()
        _set_phone("service", service, data.get("phone") or "")
        wanted = set(data.get("locations") or [])
        current = {str(sal.location_id): sal for sal in service.at_locations.all()}
        allowed_ids = {pk for pk, _ in location_choices(organization, service)}
        for pk in wanted - set(current):
            if pk in allowed_ids:
                ServiceAtLocation.objects.create(service=service, location_id=pk)
        for pk in set(current) - wanted:
            current[pk].delete()
        kernen = {g.slug: g for g in AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente_id=gemeente)}
        wanted_kernen = {s for s in data.get("kernen") or [] if s in kernen}
        areas = list(service.service_areas.select_related("kern"))
        for area in areas:
            if area.kern_id and area.kern.slug not in wanted_kernen:
                area.delete()
            elif area.kern_id is None and area.extent_type == "gemeente" and not data.get("gemeente_wide"):
                area.delete()
        have = {a.kern.slug for a in areas if a.kern_id}
        for slug in sorted(wanted_kernen - have):
            ServiceArea.objects.create(service=service, kern=kernen[slug], name=kernen[slug].name)
        if data.get("gemeente_wide") and not any(a.kern_id is None and a.extent_type == "gemeente" for a in areas):
            ServiceArea.objects.create(service=service, extent_type="gemeente", name=organization.gemeente.display_name)
        audit(user, "directory.service.add" if created else "directory.service.edit", gemeente=gemeente, obj=service,
              organization=str(organization.pk), name=service.name)
    return service


def assure(user, service: Service, *, today: date) -> None:
    """ "Gecontroleerd": the entry is right as it is; the twelve months start again today."""
    require_edit(user, service.organization)
    with transaction.atomic():
        service.assured_date, service.assured_by, service.assurer_email = today, user, _assurer(user)
        service.save(update_fields=["assured_date", "assured_by", "assurer_email", "last_modified"])
        audit(user, "directory.service.assure", gemeente=service.organization.gemeente_id, obj=service,
              date=today.isoformat())


def set_status(user, service: Service, status: str) -> None:
    """Deactivate (or activate again) an offer; inactive offers leave the finder but stay in the directory."""
    require_edit(user, service.organization)
    if status not in ServiceStatus.values:
        raise InputError(f"onbekende status {status!r}", column="status")
    with transaction.atomic():
        previous = service.status
        service.status = status
        service.save(update_fields=["status", "last_modified"])
        audit(user, "directory.service.status", gemeente=service.organization.gemeente_id, obj=service,
              previous=previous, status=status)


# ------------------------------------------------------------------------------------------------- locations


def location_initial(loc: Location) -> dict:
    address = loc.addresses.first()
    access = loc.accessibility.first()
    return {"location_type": loc.location_type if loc.location_type == LocationType.VIRTUAL else LocationType.PHYSICAL,
            "name": loc.name, "address_1": address.address_1 if address else "",
            "postal_code": address.postal_code if address else "", "city": address.city if address else "",
            "kern": loc.kern.slug if loc.kern_id else "", "latitude": loc.latitude, "longitude": loc.longitude,
            "accessibility": access.description if access else ""}


def save_location(user, organization: Organization, data: dict, *, location: Location | None = None) -> Location:
    """Create or update a location of ``organization``; its buurt and kern come from ``place_location``.

    Raises :class:`InputError` (its ``column`` names the form field) when the location cannot be placed;
    nothing is written then.
    """
    require_edit(user, organization)
    if location is not None and location.organization_id != organization.pk:
        raise PermissionDenied(NOT_YOURS)
    kern = None
    if data.get("kern"):
        kern = AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente_id=organization.gemeente_id,
                                        slug=data["kern"]).first()
        if kern is None:
            raise InputError(f"de kern '{data['kern']}' hoort niet bij deze gemeente", column="kern")
    with transaction.atomic():
        created = location is None
        if created:
            location = Location(organization=organization)
        virtual = data.get("location_type") == LocationType.VIRTUAL
        moved = (location.kern_id != (kern.pk if kern else None) or location.latitude != data.get("latitude")
                 or location.longitude != data.get("longitude"))
        location.location_type = LocationType.VIRTUAL if virtual else LocationType.PHYSICAL
        location.name = (data.get("name") or "").strip()
        location.latitude, location.longitude = data.get("latitude"), data.get("longitude")
        location.kern = kern
        if moved:  # the partner's new choice counts, not a buurt from an earlier import
            location.buurt, location.area_source = None, AreaSource.NONE
        place_location(location)
        location.save()
        addresses = list(location.addresses.all())
        if virtual:
            for a in addresses:
                a.delete()
        else:
            address = addresses[0] if addresses else Address(location=location)
            address.address_1, address.postal_code, address.city = data["address_1"], data["postal_code"], data["city"]
            address.save()
        text = (data.get("accessibility") or "").strip()
        access = location.accessibility.first()
        if text and access:
            access.description = text
            access.save(update_fields=["description"])
        elif text:
            Accessibility.objects.create(location=location, description=text)
        elif access:
            access.delete()
        audit(user, "directory.location.add" if created else "directory.location.edit",
              gemeente=organization.gemeente_id, obj=location, organization=str(organization.pk),
              kern=location.kern.slug if location.kern_id else "", buurt=location.buurt_id or "",
              source=location.area_source)
    return location


def delete_location(user, location: Location) -> None:
    """Delete a location no offer uses any more (one in use must first be unlinked from its offers)."""
    require_edit(user, location.organization)
    if location.services_here.exists():
        raise InputError("deze locatie hoort nog bij aanbod; haal haar daar eerst weg", column="location")
    with transaction.atomic():
        audit(user, "directory.location.delete", gemeente=location.organization.gemeente_id, obj=location,
              name=location.name)
        location.delete()


# ------------------------------------------------------------------------------------------------- schedules


def save_schedule(user, service: Service, data: dict, rrule: dict, *, schedule: Schedule | None = None) -> Schedule:
    """Create or update a schedule of ``service`` (cleaned ``ScheduleForm`` data and its ``rrule()``)."""
    require_edit(user, service.organization)
    if schedule is not None and schedule.service_id != service.pk and (
            schedule.service_at_location is None or schedule.service_at_location.service_id != service.pk):
        raise PermissionDenied(NOT_YOURS)
    with transaction.atomic():
        created = schedule is None
        schedule = schedule or Schedule()
        sal = None
        if data.get("location"):
            sal = service.at_locations.filter(location_id=data["location"]).first()
            if sal is None:
                raise InputError("deze locatie hoort niet bij dit aanbod", column="location")
        schedule.service, schedule.service_at_location = (None, sal) if sal else (service, None)
        schedule.freq, schedule.interval, schedule.byday = rrule["freq"], rrule["interval"], rrule["byday"]
        schedule.opens_at, schedule.closes_at = data.get("opens_at"), data.get("closes_at")
        schedule.notes = (data.get("notes") or "").strip()
        schedule.valid_to = data.get("valid_to")
        schedule.save()
        audit(user, "directory.schedule.add" if created else "directory.schedule.edit",
              gemeente=service.organization.gemeente_id, obj=schedule, service=str(service.pk), byday=schedule.byday)
    return schedule


def delete_schedule(user, service: Service, schedule: Schedule) -> None:
    require_edit(user, service.organization)
    with transaction.atomic():
        audit(user, "directory.schedule.delete", gemeente=service.organization.gemeente_id, obj=schedule,
              service=str(service.pk), byday=schedule.byday)
        schedule.delete()


def schedules_of(service: Service) -> list[Schedule]:
    from django.db.models import Q

    return list(Schedule.objects.filter(Q(service=service) | Q(service_at_location__service=service))
                .select_related("service_at_location__location").order_by("byday", "opens_at", "pk"))


# ------------------------------------------------------------------------------------------------- organisations


def save_organization(user, gemeente: str, data: dict, *, organization: Organization | None = None) -> Organization:
    """Add an organisation (analysts) or change its details (analysts and its editors)."""
    if organization is None:
        require(user, MANAGE, gemeente)
    else:
        require_edit(user, organization)
    with transaction.atomic():
        created = organization is None
        org = organization or Organization(gemeente_id=gemeente)
        org.name, org.description = data["name"].strip(), (data.get("description") or "").strip()
        org.email, org.website = data.get("email") or "", data.get("website") or ""
        org.save()
        _set_phone("organization", org, data.get("phone") or "")
        audit(user, "directory.organization.add" if created else "directory.organization.edit", gemeente=gemeente,
              obj=org, name=org.name)
    return org


def set_editors(user, organization: Organization, user_ids: list[str]) -> list[str]:
    """Choose which partners keep the organisation's offers up to date; returns their usernames."""
    require(user, MANAGE, organization.gemeente_id)
    partners = {pk for pk, _ in partner_choices(organization.gemeente_id)}
    chosen = [pk for pk in user_ids if pk in partners]
    if len(chosen) != len(user_ids):
        raise InputError("een gekozen gebruiker is geen partner in deze gemeente", column="editors")
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.filter(pk__in=chosen).order_by("username"))
    with transaction.atomic():
        organization.editors.set(users)
        names = [u.get_username() for u in users]
        audit(user, "directory.editors", gemeente=organization.gemeente_id, obj=organization, editors=names)
    return names
