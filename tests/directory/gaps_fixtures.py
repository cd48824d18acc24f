"""Constructed directory data for the gap-analysis tests, on the real kernen and buurt outlines of Stichtse Vecht.

Tests that count offer first remove the gemeente's directory (``clear``; the test's transaction puts it back),
so the shipped example directory does not change their counts. Coordinates are taken from the buurt outlines
the sample loads (``areas.Boundary``), so a point is inside the buurt it is meant to be in (checked).
"""

from __future__ import annotations

import json
import math

from kernfoto.areas import geo
from kernfoto.areas.models import AreaGroup, Boundary
from kernfoto.directory.models import Location, Organization, Service, ServiceArea, ServiceAtLocation

GM = "GM1904"


def clear() -> None:
    """No directory in the gemeente (undone with the test's transaction)."""
    Organization.objects.filter(gemeente_id=GM).delete()


def kern(slug: str) -> AreaGroup:
    return AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug=slug)


def buurt_rings(code: str):
    boundary = Boundary.objects.filter(area_id=code).order_by("-year").first()
    return geo.rings_from_geometry(json.loads(boundary.geometry))


def kern_rings(slug: str):
    """All rings of the buurten of a kern (members are buurten, or wijken whose buurten count)."""
    members = {m.area_id for m in kern(slug).members.all()}
    rings = []
    for b in Boundary.objects.filter(area__gemeente_code=GM, area__level="buurt"):
        if b.area_id in members or "WK" + b.area_id[2:8] in members:
            rings.extend(geo.rings_from_geometry(json.loads(b.geometry)))
    return rings


def inside_point(code: str) -> tuple[float, float]:
    """A point (lon, lat) inside buurt ``code``: the mean of its outer ring's vertices, checked."""
    ring = max(buurt_rings(code), key=len)
    lon = sum(p[0] for p in ring[:-1]) / (len(ring) - 1)
    lat = sum(p[1] for p in ring[:-1]) / (len(ring) - 1)
    assert geo.point_in_area(lon, lat, buurt_rings(code)), f"the vertex mean of {code} is not inside it"
    return round(lon, 6), round(lat, 6)


def organization(name: str = "Welzijn Test", *, example: bool = False) -> Organization:
    return Organization.objects.create(gemeente_id=GM, name=name, is_example=example)


def offer(org: Organization, name: str, themes: list[str], *, kern_slug: str | None = None,
          point: tuple[float, float] | None = None, buurt: str | None = None, serves: tuple[str, ...] = (),
          gemeente_wide: bool = False, status: str = "active", on_location_area: bool = False) -> Service:
    """A service with at most one location (in a kern, at a point, or in a buurt) and its service areas.

    ``on_location_area``: the kern service areas hang on the service-at-location (HSDS allows both).
    """
    service = Service.objects.create(organization=org, name=name, themes=themes, status=status)
    sal = None
    if kern_slug or point or buurt:
        loc = Location.objects.create(
            organization=org, name=f"Locatie van {name}", kern=kern(kern_slug) if kern_slug else None,
            latitude=point[1] if point else None, longitude=point[0] if point else None,
            buurt_id=buurt, area_source="coordinates" if point else ("buurt" if buurt else "kern"))
        sal = ServiceAtLocation.objects.create(service=service, location=loc)
    for slug in serves:
        if on_location_area and sal is not None:
            ServiceArea.objects.create(service_at_location=sal, kern=kern(slug), name=slug)
        else:
            ServiceArea.objects.create(service=service, kern=kern(slug), name=slug)
    if gemeente_wide:
        ServiceArea.objects.create(service=service, extent_type="gemeente", name="hele gemeente")
    return service


def independent_distance_km(lon: float, lat: float, rings) -> float:
    """Minimum distance (km) from the point to an outline, by sampling every edge every ~2 m in RD metres
    (a check on ``gaps.distance_km``, which measures to each edge exactly)."""
    if geo.point_in_area(lon, lat, rings):
        return 0.0
    px, py = geo.wgs84_to_rd(lon, lat)
    best = math.inf
    for ring in rings:
        pts = [geo.wgs84_to_rd(*p) for p in ring]
        for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
            steps = max(1, int(math.hypot(bx - ax, by - ay) / 2))
            for i in range(steps + 1):
                t = i / steps
                best = min(best, math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay))))
    return best / 1000
