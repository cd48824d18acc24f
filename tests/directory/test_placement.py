"""Placement of locations on Kernfoto's geography: point in buurt polygon, kern from buurt or wijk, checks."""

from __future__ import annotations

import pytest

from kernfoto.areas.geo import point_in_area
from kernfoto.areas.models import AreaGroup
from kernfoto.directory.models import Location, LocationType, Organization
from kernfoto.directory.placement import (
    TOLERANCE_M,
    Placer,
    _distance_m,
    check_in_netherlands,
    place_location,
)
from kernfoto.errors import InputError

GM = "GM1904"


@pytest.fixture
def placer(sample) -> Placer:
    return Placer(GM)


def inside(placer: Placer, code: str) -> tuple[float, float]:
    """A point well inside the buurt: the grid point farthest from its edges (lat, lon)."""
    shape = next(s for s in placer.shapes if s.code == code)
    x0, y0, x1, y1 = shape.bbox
    best = max((_distance_m(y0 + (y1 - y0) * j / 20, x0 + (x1 - x0) * i / 20, shape.rings),
                 y0 + (y1 - y0) * j / 20, x0 + (x1 - x0) * i / 20)
                for i in range(1, 20) for j in range(1, 20)
                if point_in_area(x0 + (x1 - x0) * i / 20, y0 + (y1 - y0) * j / 20, shape.rings))
    return best[1], best[2]


def kern(slug: str) -> AreaGroup:
    return AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug=slug)


def test_the_placer_knows_the_newest_buurt_boundaries_and_every_kern(placer):
    assert placer.year == "2020" and len(placer.shapes) == 97 and len(placer.kernen) == 13
    assert len(placer.kern_of_buurt) == 97  # every buurt of Stichtse Vecht is in a kern
    assert placer.kern_of_buurt["BU19040101"].slug == "maarsseveen"


def test_a_point_in_a_buurt_of_a_kern_made_of_buurten(placer):
    lat, lon = inside(placer, "BU19040103")
    place = placer.place(lat=lat, lon=lon)
    assert (place.buurt, place.kern.slug, place.source) == ("BU19040103", "maarssen-dorp", "coordinates")


def test_a_point_in_a_kern_made_of_a_wijk(placer):
    lat, lon = inside(placer, "BU19040204")  # Kievitsbuurt, wijk 02 = kern Breukelen
    place = placer.place(lat=lat, lon=lon, kern=kern("breukelen"))
    assert (place.buurt, place.kern.slug, place.source) == ("BU19040204", "breukelen", "coordinates")


def test_a_point_outside_the_gemeente_is_refused(placer):
    with pytest.raises(InputError) as exc:
        placer.place(lat=52.0907, lon=5.1214)  # the Dom in Utrecht
    assert exc.value.column == "latitude"
    assert exc.value.message == "de coördinaten (52.0907, 5.1214) liggen buiten gemeente Stichtse Vecht (GM1904)"


def test_just_outside_the_generalised_edge_goes_to_the_nearest_buurt(placer):
    shape, (lon, lat) = min(((s, p) for s in placer.shapes for ring in s.rings for p in ring), key=lambda sp: sp[1][0])
    near = lon - 0.0005  # about 34 m west of the westernmost vertex of the gemeente
    assert not any(point_in_area(near, lat, s.rings) for s in placer.shapes)
    assert _distance_m(lat, near, shape.rings) < TOLERANCE_M
    assert placer.buurt_at(lat, near) == shape.code
    assert placer.buurt_at(lat, lon - 0.01) is None  # about 680 m: outside


def test_a_kern_that_disagrees_with_the_coordinates_is_refused(placer):
    lat, lon = inside(placer, "BU19041205")  # Reigerskamp, Maarssenbroek
    with pytest.raises(InputError) as exc:
        placer.place(lat=lat, lon=lon, kern=kern("vreeland"))
    assert exc.value.column == "kern"
    assert exc.value.message == ("de coördinaten liggen in buurt Reigerskamp (BU19041205) (kern Maarssenbroek), niet "
                                 "in de gekozen kern Vreeland")


def test_without_coordinates_the_buurt_or_the_chosen_kern(placer):
    place = placer.place(lat=None, lon=None, buurt="BU19040603")
    assert (place.buurt, place.kern.slug, place.source) == ("BU19040603", "vreeland", "buurt")
    place = placer.place(lat=None, lon=None, kern=kern("tienhoven"))
    assert (place.buurt, place.kern.slug, place.source) == (None, "tienhoven", "kern")
    with pytest.raises(InputError) as exc:
        placer.place(lat=None, lon=None, buurt="BU19040603", kern=kern("tienhoven"))
    assert exc.value.message == ("buurt Vreeland Dorp (BU19040603) hoort bij kern Vreeland, niet bij de gekozen kern "
                                 "Tienhoven")


def test_a_physical_location_needs_a_place_an_online_one_does_not(placer):
    with pytest.raises(InputError) as exc:
        placer.place(lat=None, lon=None)
    assert (exc.value.column, exc.value.message) == (
        "kern", "geef de coördinaten of kies een kern (alleen een online locatie mag zonder plek)")
    place = placer.place(lat=None, lon=None, location_type=LocationType.VIRTUAL)
    assert (place.buurt, place.kern, place.source) == (None, None, "")


def test_half_coordinates_and_the_netherlands_box(placer):
    with pytest.raises(InputError) as exc:
        placer.place(lat=52.1, lon=None)
    assert exc.value.column == "longitude"
    assert check_in_netherlands(52.13, 5.03) is None
    assert "omgewisseld" in check_in_netherlands(5.03, 52.13)
    assert "niet in Nederland" in check_in_netherlands(52.52, 13.40)  # Berlin
    assert check_in_netherlands(51.22, 4.40) is None  # Antwerpen: inside the generous box ...
    with pytest.raises(InputError, match="liggen buiten gemeente Stichtse Vecht"):
        placer.place(lat=51.22, lon=4.40)  # ... but not in the gemeente


def test_a_gemeente_without_boundaries_uses_the_kern(sample):
    placer = Placer("GM0307")  # Amersfoort: known from the national KWB rows, no boundaries, no kernen
    assert placer.shapes == [] and placer.kernen == {}
    with pytest.raises(InputError) as exc:
        placer.place(lat=52.156, lon=5.387)
    assert exc.value.message == ("er zijn geen buurtgrenzen van gemeente GM0307 ingelezen, dus de plek volgt niet uit "
                                 "de coördinaten; kies een kern")


def test_place_location_sets_the_fields_and_follows_new_coordinates(placer):
    org = Organization.objects.create(gemeente_id=GM, name="Testorganisatie")
    lat, lon = inside(placer, "BU19040110")
    location = Location(organization=org, name="Buurthuis", latitude=lat, longitude=lon)
    place_location(location)
    assert (location.buurt_id, location.kern.slug, location.area_source) == (
        "BU19040110", "maarssen-dorp", "coordinates")
    location.save()
    location.latitude, location.longitude = inside(placer, "BU19040804")
    location.kern = None  # moved: the partner clears the kern, the coordinates decide
    place_location(location)  # the old, derived buurt does not stand in the way
    assert (location.buurt_id, location.kern.slug) == ("BU19040804", "nigtevecht")
    orphan = Location(name="Los")
    with pytest.raises(InputError) as exc:
        place_location(orphan)
    assert exc.value.column == "kern"


def test_the_admin_places_a_location_and_refuses_a_kern_that_disagrees(admin_client, placer):
    from kernfoto.accounts.models import AuditLog

    assert admin_client.get("/beheer/directory/location/").status_code == 200
    assert admin_client.get("/beheer/directory/service/?q=Digicaf%C3%A9").status_code == 200
    org = Organization.objects.get(name="Bibliotheek Vechtstreek (voorbeeld)")
    lat, lon = inside(placer, "BU19040505")  # Kockengen Dorp
    form = {"organization": str(org.pk), "location_type": "physical", "name": "Boekenkast Kockengen",
            "latitude": str(lat), "longitude": str(lon), "kern": str(kern("vreeland").pk),
            **{f"{p}-{k}": "0" for p in ("addresses", "accessibility") for k in ("TOTAL_FORMS", "INITIAL_FORMS")}}
    response = admin_client.post("/beheer/directory/location/add/", form)
    assert response.status_code == 200  # the form again, with the error at the kern field
    assert ("De coördinaten liggen in buurt Kockengen Dorp (BU19040505) (kern Kockengen), niet in de gekozen kern "
            "Vreeland.") in response.content.decode()
    assert not Location.objects.filter(name="Boekenkast Kockengen").exists()
    response = admin_client.post("/beheer/directory/location/add/", {**form, "kern": ""})
    assert response.status_code == 302
    location = Location.objects.get(name="Boekenkast Kockengen")
    assert (location.buurt_id, location.kern.slug, location.area_source) == ("BU19040505", "kockengen", "coordinates")
    log = AuditLog.objects.get(action="directory.edit", object_id=str(location.pk))
    assert log.gemeente == GM and log.details["via"] == "beheer"
