"""Who may keep the sociale basis up to date (``werk/<gemeente>/sociale-basis/``), and what each write does.

Personas in Stichtse Vecht (GM1904): ``eigen`` is a partner and editor of Welzijn Vechtstreek (test);
``ander`` a partner and editor of Dorpsvereniging Kockengen (test) only; ``analist`` an analyst;
``buitenstaander`` is logged in without a role; the visitor is anonymous. Every refused write leaves the
directory and the audit log exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from finder_fixtures import GM, make_directory

from kernfoto.accounts.models import AuditLog, Membership, Role
from kernfoto.directory import search
from kernfoto.directory.maintenance import can_edit
from kernfoto.directory.models import (
    Accessibility,
    Address,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)


def _person(username: str, role: str | None = None, *, email: str = ""):
    user = get_user_model().objects.create_user(username, email=email)  # no password: tests use force_login
    if role:
        Membership.objects.create(user=user, gemeente_id=GM, role=role)
    return user


@pytest.fixture
def d(sample):
    search.clear()
    return make_directory()


@pytest.fixture
def people(d):
    eigen = _person("eigen", Role.PARTNER, email="eigen@welzijn.test")
    ander = _person("ander", Role.PARTNER)
    d.welzijn.editors.add(eigen)
    d.dorp.editors.add(ander)
    return {"eigen": eigen, "ander": ander, "analist": _person("analist", Role.ANALYST),
            "buitenstaander": _person("buitenstaander")}


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text_of_html(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def text_of(response) -> str:
    return text_of_html(response.content.decode())


def snapshot() -> tuple:
    """Everything the work pages can write."""
    return (
        sorted(Service.objects.values_list("pk", "name", "status", "assured_date", "description")),
        sorted(Location.objects.values_list("pk", "name", "kern_id", "buurt_id", "latitude")),
        sorted(map(str, Schedule.objects.values_list("pk", "byday", "opens_at"))),
        ServiceAtLocation.objects.count(), ServiceArea.objects.count(), Address.objects.count(),
        Phone.objects.count(), Accessibility.objects.count(),
        sorted(Organization.objects.values_list("pk", "name")),
        sorted((o.pk, tuple(sorted(o.editors.values_list("username", flat=True)))) for o in Organization.objects.all()),
        AuditLog.objects.count(),
    )


def W(name: str, *args) -> str:
    return reverse(f"directory:{name}", args=[GM, *args])


def service_post(d, **extra) -> dict:
    data = {"name": "Taalcafé", "description": "Nederlands oefenen met buurtgenoten.", "kind": "vrijwillig",
            "themes": ["eenzaamheid_sociale_basis"], "target_groups": ["nieuwkomers"], "fees_description": "gratis",
            "phone": "0346 000 333", "locations": [str(d.dorpshuis.pk)], "kernen": ["nigtevecht"]}
    data.update(extra)
    return data


def location_post(**extra) -> dict:
    data = {"location_type": "physical", "name": "Bibliotheek Breukelen", "address_1": "Kerkbrink 2",
            "postal_code": "3621ab", "city": "Breukelen", "kern": "breukelen", "latitude": "", "longitude": "",
            "accessibility": "drempelvrij"}
    data.update(extra)
    return data


def write_endpoints(d) -> list[tuple[str, dict]]:
    """Every POST of the work pages on the organisation Welzijn Vechtstreek (test), with a plausible body."""
    schedule = Schedule.objects.get(service=d.koffie)
    return [
        (W("work_service_add", d.welzijn.pk), service_post(d)),
        (W("work_service", d.koffie.pk), service_post(d, name="Koffie!")),
        (W("work_service_assure", d.mantelzorg.pk), {}),
        (W("work_service_status", d.koffie.pk), {"status": "inactive"}),
        (W("work_schedule_add", d.koffie.pk), {"days": ["WE"], "freq": "WEEKLY", "opens_at": "09:00"}),
        (W("work_schedule", d.koffie.pk, schedule.pk), {"days": ["WE"], "freq": "WEEKLY"}),
        (W("work_schedule_delete", d.koffie.pk, schedule.pk), {}),
        (W("work_location_add", d.welzijn.pk), location_post()),
        (W("work_location", d.dorpshuis.pk), location_post(name="Anders")),
        (W("work_organization_edit", d.welzijn.pk), {"name": "Overgenomen"}),
    ]


# ------------------------------------------------------------------------------------------------- who


def test_the_organisation_rule(d, people):
    assert can_edit(people["eigen"], d.welzijn) and not can_edit(people["eigen"], d.dorp)
    assert can_edit(people["ander"], d.dorp) and not can_edit(people["ander"], d.welzijn)
    assert can_edit(people["analist"], d.welzijn) and can_edit(people["analist"], d.voorbeeld)
    assert not can_edit(people["buitenstaander"], d.welzijn)
    # an editor whose partner role is gone may no longer edit
    Membership.objects.filter(user=people["eigen"]).delete()
    assert not can_edit(people["eigen"], d.welzijn)


def test_visitors_are_sent_to_the_login_page(d, people):
    before = snapshot()
    visitor = Client()
    for url in (W("work_list"), W("work_stale"), W("work_organization", d.welzijn.pk), W("work_service", d.koffie.pk)):
        response = visitor.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/"), url
    for url, data in write_endpoints(d):
        response = visitor.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/"), url
    assert snapshot() == before


@pytest.mark.parametrize("who", ["ander", "buitenstaander"])
def test_someone_elses_organisation_is_refused(d, people, who):
    before = snapshot()
    client = client_for(people[who])
    for url in (W("work_organization", d.welzijn.pk), W("work_service", d.koffie.pk),
                W("work_location", d.dorpshuis.pk), W("work_schedule_add", d.koffie.pk)):
        response = client.get(url)
        assert response.status_code == 403, url
    for url, data in write_endpoints(d):
        response = client.post(url, data)
        assert response.status_code == 403, url
        if who == "ander":
            assert "U houdt het aanbod van deze organisatie niet bij." in text_of(response), url
    assert snapshot() == before


def test_partners_may_not_manage(d, people):
    before = snapshot()
    client = client_for(people["eigen"])
    assert client.get(W("work_stale")).status_code == 403
    assert client.get(W("work_editors", d.welzijn.pk)).status_code == 403
    assert client.post(W("work_editors", d.welzijn.pk), {"editors": [str(people["ander"].pk)]}).status_code == 403
    assert client.post(W("work_organization_add"), {"name": "Nieuw"}).status_code == 403
    assert snapshot() == before


def test_objects_of_another_gemeente_are_not_found(d, people):
    client = client_for(people["analist"])
    other = f"/werk/GM0307/sociale-basis/aanbod/{d.koffie.pk}/"
    assert client.get(other).status_code in (403, 404)
    assert client.get(W("work_service", "00000000-0000-0000-0000-000000000000")).status_code == 404


def test_a_partner_lists_only_their_own_organisations(d, people):
    page = text_of(client_for(people["eigen"]).get(W("work_list")))
    assert "Welzijn Vechtstreek (test)" in page and "Dorpsvereniging Kockengen (test)" not in page
    assert "Langer dan een jaar niet gecontroleerd" not in page
    page = text_of(client_for(people["analist"]).get(W("work_list")))
    assert "Welzijn Vechtstreek (test)" in page and "Dorpsvereniging Kockengen (test)" in page
    assert "Buurtkamer Vreeland (voorbeeld)" in page and "Organisatie toevoegen" in page
    lonely = _person("nieuw", Role.PARTNER)
    page = text_of(client_for(lonely).get(W("work_list")))
    assert "U houdt nog geen organisatie bij." in page


# ------------------------------------------------------------------------------------------------- what a partner does


def audit_rows(action: str):
    return list(AuditLog.objects.filter(action=action).order_by("pk"))


def test_partner_adds_an_offer_with_a_schedule(d, people):
    client = client_for(people["eigen"])
    response = client.get(W("work_service_add", d.welzijn.pk))
    assert response.status_code == 200
    response = client.post(W("work_service_add", d.welzijn.pk), service_post(d))
    assert response.status_code == 302
    service = Service.objects.get(name="Taalcafé")
    assert service.organization == d.welzijn and service.assured_date == timezone.localdate()
    assert service.assured_by == people["eigen"] and service.assurer_email == "eigen@welzijn.test"
    assert list(service.at_locations.values_list("location_id", flat=True)) == [d.dorpshuis.pk]
    assert [a.kern.slug for a in service.service_areas.all()] == ["nigtevecht"]
    assert service.phones.get().number == "0346 000 333"
    (row,) = audit_rows("directory.service.add")
    assert row.user == people["eigen"] and row.gemeente == GM and row.object_id == str(service.pk)
    assert row.details == {"organization": str(d.welzijn.pk), "name": "Taalcafé"}

    response = client.post(W("work_schedule_add", service.pk),
                           {"days": ["TU", "TH"], "freq": "MONTHLY", "week": "-1", "opens_at": "19:30",
                            "closes_at": "21:00", "notes": "niet in juli"})
    assert response.status_code == 302
    schedule = Schedule.objects.get(service=service)
    assert (schedule.freq, schedule.byday, schedule.opens_at) == ("MONTHLY", "-1TU,-1TH", dt.time(19, 30))
    assert audit_rows("directory.schedule.add")[0].details["byday"] == "-1TU,-1TH"
    hit = search.get_hit(GM, str(service.pk))
    assert hit.when == ("elke laatste dinsdag en laatste donderdag van de maand 19.30–21.00 uur (niet in juli)")
    assert "nigtevecht" in hit.kern_slugs and "breukelen" in hit.kern_slugs
    # the public finder shows it at once
    assert "Taalcafé" in text_of(Client().get(f"/gemeente/{GM}/sociale-basis/", {"kern": "nigtevecht"}))


def test_partner_edits_assures_and_deactivates(d, people):
    client = client_for(people["eigen"])
    form = client.get(W("work_service", d.schuld.pk))
    assert form.status_code == 200
    assert 'value="0346 000 222"' in form.content.decode()
    response = client.post(W("work_service", d.schuld.pk), service_post(
        d, name="Spreekuur geldzaken", themes=["bestaanszekerheid"], target_groups=["laag_inkomen"], phone="",
        locations=[str(d.buurthuis.pk)], kernen=["breukelen", "loenen-aan-de-vecht"], gemeente_wide="on"))
    assert response.status_code == 302
    d.schuld.refresh_from_db()
    assert d.schuld.description == "Nederlands oefenen met buurtgenoten." and d.schuld.assured_date == dt.date(2026, 6, 1)
    assert not d.schuld.phones.exists()
    assert sorted((a.kern.slug if a.kern else a.extent_type) for a in d.schuld.service_areas.all()) == [
        "breukelen", "gemeente", "loenen-aan-de-vecht"]
    assert audit_rows("directory.service.edit")[0].object_id == str(d.schuld.pk)

    assert client.post(W("work_service_assure", d.mantelzorg.pk)).status_code == 302
    d.mantelzorg.refresh_from_db()
    assert d.mantelzorg.assured_date == timezone.localdate() and d.mantelzorg.assured_by == people["eigen"]
    assert audit_rows("directory.service.assure")[0].details == {"date": timezone.localdate().isoformat()}

    assert client.post(W("work_service_status", d.koffie.pk), {"status": "inactive"}).status_code == 302
    d.koffie.refresh_from_db()
    assert d.koffie.status == "inactive"
    assert audit_rows("directory.service.status")[0].details == {"previous": "active", "status": "inactive"}
    assert "Koffieochtend voor ouderen" not in [h.name for h in search.search(GM)]
    client.post(W("work_service_status", d.koffie.pk), {"status": "active"})
    d.koffie.refresh_from_db()
    assert d.koffie.status == "active"
    before = snapshot()
    client.post(W("work_service_status", d.koffie.pk), {"status": "defunct"})  # not offered on the page
    assert snapshot() == before


def test_invalid_offer_gets_dutch_field_errors_and_writes_nothing(d, people):
    before = snapshot()
    client = client_for(people["eigen"])
    response = client.post(W("work_service", d.koffie.pk), service_post(
        d, name="", themes=[], minimum_age="18", maximum_age="12", phone="bel me", email="geen-adres"))
    assert response.status_code == 400
    page = text_of(response).replace(" : ", ": ")
    assert "Het formulier is nog niet goed ingevuld." in page
    assert "Naam van het aanbod: Dit veld is verplicht." in page
    assert "Thema's: Dit veld is verplicht." in page
    assert "De hoogste leeftijd is lager dan de laagste leeftijd." in page
    assert "Vul een telefoonnummer in met alleen cijfers" in page
    assert "Voer een geldig e-mailadres in." in page
    assert snapshot() == before


def test_partner_adds_a_location_placed_by_kern_or_coordinates(d, people):
    client = client_for(people["eigen"])
    response = client.post(W("work_location_add", d.welzijn.pk), location_post())
    assert response.status_code == 302
    loc = Location.objects.get(name="Bibliotheek Breukelen")
    assert (loc.kern.slug, loc.buurt_id, loc.area_source) == ("breukelen", None, "kern")
    assert loc.addresses.get().postal_code == "3621 AB"
    assert loc.accessibility.get().description == "drempelvrij"
    assert audit_rows("directory.location.add")[0].details["kern"] == "breukelen"
    # with coordinates: point in polygon gives the buurt, and the kern follows from it
    response = client.post(W("work_location", loc.pk), location_post(kern="", latitude="52.174", longitude="5.001"))
    assert response.status_code == 302
    loc.refresh_from_db()
    assert (loc.kern.slug, loc.buurt_id, loc.area_source) == ("breukelen", "BU19040215", "coordinates")


def test_a_location_that_cannot_be_placed_shows_the_reason_on_the_field(d, people):
    before = snapshot()
    client = client_for(people["eigen"])
    # coordinates in Breukelen, kern Maarssenbroek chosen
    response = client.post(W("work_location_add", d.welzijn.pk),
                           location_post(kern="maarssenbroek", latitude="52.174", longitude="5.001"))
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'id="id_kern_error">(.*?)</div>', html, re.S).group(1)
    assert "De coördinaten liggen in buurt" in unescape(error) and "niet in de gekozen kern Maarssenbroek" in unescape(error)
    # outside the gemeente
    response = client.post(W("work_location_add", d.welzijn.pk),
                           location_post(kern="", latitude="52.095", longitude="5.04"))
    assert response.status_code == 400
    error = re.search(r'id="id_latitude_error">(.*?)</div>', response.content.decode(), re.S).group(1)
    assert "liggen buiten gemeente Stichtse Vecht (GM1904)" in unescape(error)
    # neither kern nor coordinates, and a bad postcode
    response = client.post(W("work_location_add", d.welzijn.pk), location_post(kern="", postal_code="12345"))
    assert response.status_code == 400
    page = text_of(response)
    assert "Vul een Nederlandse postcode in, bijvoorbeeld 3621 AB." in page
    response = client.post(W("work_location_add", d.welzijn.pk), location_post(kern=""))
    assert "Geef de coördinaten of kies een kern" in text_of(response)
    assert snapshot() == before


def test_locations_in_use_are_not_deleted(d, people):
    client = client_for(people["eigen"])
    before = snapshot()
    response = client.post(W("work_location", d.dorpshuis.pk), {"actie": "verwijderen"}, follow=True)
    assert "De locatie is niet verwijderd: deze locatie hoort nog bij aanbod" in text_of(response)
    assert snapshot() == before
    spare = Location.objects.create(organization=d.welzijn, name="Oud", kern=d.dorpshuis.kern, area_source="kern")
    client.post(W("work_location", spare.pk), {"actie": "verwijderen"})
    assert not Location.objects.filter(pk=spare.pk).exists()
    assert audit_rows("directory.location.delete")[0].details == {"name": "Oud"}


def test_schedules_are_edited_and_deleted(d, people):
    client = client_for(people["eigen"])
    schedule = Schedule.objects.get(service=d.koffie)
    page = client.get(W("work_schedule", d.koffie.pk, schedule.pk)).content.decode()
    assert 'value="TU"' in page and 'checked' in page
    response = client.post(W("work_schedule", d.koffie.pk, schedule.pk),
                           {"days": ["TU"], "freq": "BIWEEKLY", "opens_at": "10:00", "closes_at": "09:00"})
    assert response.status_code == 400 and "De eindtijd ligt niet na de begintijd." in text_of(response)
    response = client.post(W("work_schedule", d.koffie.pk, schedule.pk),
                           {"days": ["TU"], "freq": "BIWEEKLY", "opens_at": "10:00", "closes_at": "11:30"})
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert (schedule.interval, schedule.byday, schedule.closes_at) == (2, "TU", dt.time(11, 30))
    assert search.get_hit(GM, str(d.koffie.pk)).when == "om de week op dinsdag 10.00–11.30 uur"
    client.post(W("work_schedule_delete", d.koffie.pk, schedule.pk))
    assert not Schedule.objects.filter(pk=schedule.pk).exists()
    assert audit_rows("directory.schedule.delete")[0].object_id == str(schedule.pk)
    # a schedule of another offer cannot be reached through this one
    other = Schedule.objects.get(service=d.soos)
    assert client.get(W("work_schedule", d.koffie.pk, other.pk)).status_code == 404


# ------------------------------------------------------------------------------------------------- what an analyst does


def test_analyst_sees_stale_entries_and_the_count_on_the_dashboard(d, people):
    client = client_for(people["analist"])
    html = client.get(W("work_stale")).content.decode()
    assert '<th scope="row">Mantelzorgsteunpunt</th>' in html
    page = text_of_html(html)
    assert "Mantelzorgsteunpunt" in page and "Samen eten (voorbeeld)" in page
    assert "Koffieochtend voor ouderen" not in page
    assert "1 oktober 2024" in page and "nooit" in page
    from kernfoto.directory.freshness import stale_services

    n = stale_services(GM, timezone.localdate()).count()
    dashboard = text_of(client.get(reverse("accounts:dashboard")))
    assert f"Sociale basis: {n} gegevens langer dan een jaar niet gecontroleerd" in dashboard
    assert "Sociale basis: aanbod, locaties en tijden bijhouden" in dashboard
    partner_dashboard = text_of(client_for(people["eigen"]).get(reverse("accounts:dashboard")))
    assert "Sociale basis: aanbod, locaties en tijden bijhouden" in partner_dashboard
    assert "niet gecontroleerd" not in partner_dashboard
    # "klopt nog" from the list
    response = client.post(W("work_service_assure", d.mantelzorg.pk), {"terug": "controleren"})
    assert response["Location"] == W("work_stale")
    after = client.get(W("work_stale")).content.decode()
    assert "“Mantelzorgsteunpunt” is gecontroleerd op" in after  # the message
    assert '<th scope="row">Mantelzorgsteunpunt</th>' not in after  # no longer listed


def test_analyst_chooses_editors_and_adds_an_organisation(d, people):
    client = client_for(people["analist"])
    page = client.get(W("work_editors", d.dorp.pk)).content.decode()
    assert "eigen" in page and "ander" in page and "buitenstaander" not in page  # partners only
    response = client.post(W("work_editors", d.dorp.pk), {"editors": [str(people["eigen"].pk)]})
    assert response.status_code == 302
    assert list(d.dorp.editors.values_list("username", flat=True)) == ["eigen"]
    assert audit_rows("directory.editors")[0].details == {"editors": ["eigen"]}
    assert can_edit(people["eigen"], d.dorp) and not can_edit(people["ander"], d.dorp)
    before = snapshot()
    response = client.post(W("work_editors", d.dorp.pk), {"editors": [str(people["buitenstaander"].pk)]})
    assert response.status_code == 400 and snapshot() == before

    response = client.post(W("work_organization_add"), {"name": "Voedselbank Vechtstreek", "phone": "0346 111 222",
                                                         "website": "voedselbank.test"})
    assert response.status_code == 302
    org = Organization.objects.get(name="Voedselbank Vechtstreek")
    assert org.gemeente_id == GM and org.website == "https://voedselbank.test" and not org.is_example
    assert org.phones.get().number == "0346 111 222"
    assert audit_rows("directory.organization.add")[0].object_id == str(org.pk)


def test_stale_list_leaves_out_defunct_offers(d, people):
    from kernfoto.directory.freshness import stale_services

    assert d.mantelzorg in stale_services(GM, timezone.localdate())
    d.mantelzorg.status = "defunct"
    d.mantelzorg.save()
    assert d.mantelzorg not in stale_services(GM, timezone.localdate())
    html = client_for(people["analist"]).get(W("work_stale")).content.decode()
    assert '<th scope="row">Mantelzorgsteunpunt' not in html
