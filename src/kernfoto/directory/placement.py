"""Where a location is on Kernfoto's geography: its buurt, and so its wijk and kern.

* With coordinates and buurt boundaries in the database: point in polygon against the buurten of
  the gemeente (the newest boundary year), with a bounding-box prefilter. The shipped boundaries
  are generalised, so a point in a sliver between two buurten, or just outside the outer edge,
  goes to the nearest buurt within :data:`TOLERANCE_M` metres; further away it lies outside the
  gemeente and is refused. The kern follows from the buurt (a kern is a group of buurten or wijken).
* With an explicit buurt code and no coordinates: that buurt (checked against the gemeente).
* Otherwise the chosen kern.
* A physical or postal location with none of these is refused; a virtual (online) one is allowed
  without a place.

A given kern (or buurt) must agree with what the coordinates say, else :class:`InputError`.
:class:`Placer` builds the shapes once (per import); :func:`place_location` is the one-off form
for a single location (partner forms call it on save).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from ..areas.geo import point_in_area, rings_from_geometry, wgs84_to_rd
from ..areas.models import Area, AreaGroup, AreaGroupMember, Boundary, GroupKind
from ..errors import InputError
from .models import AreaSource, LocationType

#: Distance (metres) within which a point outside every (generalised) buurt polygon still goes to
#: the nearest buurt.
TOLERANCE_M = 150.0
#: A generous WGS84 box around the Netherlands (including the Wadden islands and the coast).
NL_LAT = (50.70, 53.60)
NL_LON = (3.30, 7.25)


def check_in_netherlands(lat: float, lon: float) -> str | None:
    """A Dutch message when ``(lat, lon)`` is not in the Netherlands, else ``None``."""
    if NL_LAT[0] <= lat <= NL_LAT[1] and NL_LON[0] <= lon <= NL_LON[1]:
        return None
    if NL_LAT[0] <= lon <= NL_LAT[1] and NL_LON[0] <= lat <= NL_LON[1]:
        return (f"de coördinaten ({_fmt(lat)}, {_fmt(lon)}) liggen niet in Nederland; breedtegraad (latitude) "
                "en lengtegraad (longitude) lijken omgewisseld")
    return (f"de coördinaten ({_fmt(lat)}, {_fmt(lon)}) liggen niet in Nederland (verwacht breedtegraad "
            f"{NL_LAT[0]}–{NL_LAT[1]} en lengtegraad {NL_LON[0]}–{NL_LON[1]}, in graden WGS84)")


def _fmt(v: float) -> str:
    return f"{v:.6f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Placement:
    buurt: str | None  # CBS buurt code
    kern: AreaGroup | None
    source: str  # AreaSource value


@dataclass(frozen=True)
class _Shape:
    code: str
    rings: tuple
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


class Placer:
    """The buurten (with boundaries) and kernen of one gemeente, prepared for many placements."""

    def __init__(self, gemeente: str):
        self.gemeente = gemeente
        self.buurten = {a.code: a for a in Area.objects.filter(gemeente_code=gemeente, level="buurt")}
        self.kernen = {g.slug: g for g in AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente_id=gemeente)}
        self.kern_of_buurt: dict[str, AreaGroup] = {}
        by_id = {g.pk: g for g in self.kernen.values()}
        wijk_kern: dict[str, AreaGroup] = {}
        for group_id, code in AreaGroupMember.objects.filter(group_id__in=by_id).values_list("group_id", "area_id"):
            (self.kern_of_buurt if code.startswith("BU") else wijk_kern)[code] = by_id[group_id]
        for code in self.buurten:
            if code not in self.kern_of_buurt and "WK" + code[2:8] in wijk_kern:
                self.kern_of_buurt[code] = wijk_kern["WK" + code[2:8]]
        years = sorted(set(Boundary.objects.filter(area__gemeente_code=gemeente, area__level="buurt")
                           .values_list("year", flat=True)))
        self.year = years[-1] if years else None
        self.shapes: list[_Shape] = []
        if self.year:
            for code, geometry in Boundary.objects.filter(area__gemeente_code=gemeente, area__level="buurt",
                                                          year=self.year).values_list("area_id", "geometry"):
                rings = rings_from_geometry(json.loads(geometry))
                xs = [p[0] for r in rings for p in r]
                ys = [p[1] for r in rings for p in r]
                self.shapes.append(_Shape(code, rings, (min(xs), min(ys), max(xs), max(ys))))
            self.shapes.sort(key=lambda s: s.code)

    # --- geometry ------------------------------------------------------------------------------

    def buurt_at(self, lat: float, lon: float) -> str | None:
        """The buurt code at ``(lat, lon)``: inside a polygon (the deepest one if polygons overlap),
        or the nearest within :data:`TOLERANCE_M`; ``None`` when outside the gemeente."""
        hits = [s for s in self.shapes if s.bbox[0] <= lon <= s.bbox[2] and s.bbox[1] <= lat <= s.bbox[3]
                and point_in_area(lon, lat, s.rings)]
        if len(hits) == 1:
            return hits[0].code
        if hits:
            return max(hits, key=lambda s: (_distance_m(lat, lon, s.rings), s.code)).code
        margin_lat = TOLERANCE_M / 111_000
        margin_lon = margin_lat / max(math.cos(math.radians(lat)), 0.1)
        near = [s for s in self.shapes if s.bbox[0] - margin_lon <= lon <= s.bbox[2] + margin_lon
                and s.bbox[1] - margin_lat <= lat <= s.bbox[3] + margin_lat]
        best = min(((_distance_m(lat, lon, s.rings), s.code) for s in near), default=None)
        return best[1] if best and best[0] <= TOLERANCE_M else None

    # --- the rule ------------------------------------------------------------------------------

    def place(self, *, lat: float | None, lon: float | None, buurt: str | None = None, kern: AreaGroup | None = None,
              location_type: str = LocationType.PHYSICAL) -> Placement:
        """Decide buurt, kern and source for one location, or raise :class:`InputError` whose
        ``column`` is the field to correct (``latitude``, ``buurt``, ``kern``)."""
        if kern is not None and kern.gemeente_id != self.gemeente:
            raise InputError(f"kern '{kern.name}' hoort niet bij gemeente {self.gemeente}", column="kern")
        if (lat is None) != (lon is None):
            raise InputError("geef zowel de breedtegraad (latitude) als de lengtegraad (longitude), of geen van "
                             "beide", column="latitude" if lat is None else "longitude")
        if buurt is not None and buurt not in self.buurten:
            raise InputError(f"buurtcode {buurt} is geen buurt van gemeente {self.gemeente}", column="buurt")
        if lat is not None and lon is not None:
            problem = check_in_netherlands(lat, lon)
            if problem:
                raise InputError(problem, column="latitude")
            if self.shapes:
                code = self.buurt_at(lat, lon)
                if code is None:
                    raise InputError(f"de coördinaten ({_fmt(lat)}, {_fmt(lon)}) liggen buiten gemeente "
                                     f"{self._gemeente_name()} ({self.gemeente})", column="latitude")
                if buurt is not None and buurt != code:
                    raise InputError(f"de coördinaten liggen in buurt {self._buurt_name(code)}, niet in de opgegeven "
                                     f"buurt {self._buurt_name(buurt)}", column="buurt")
                found = self.kern_of_buurt.get(code)
                if kern is not None and (found is None or found.pk != kern.pk):
                    where = f"kern {found.name}" if found else "geen kern"
                    raise InputError(f"de coördinaten liggen in buurt {self._buurt_name(code)} ({where}), niet in de "
                                     f"gekozen kern {kern.name}", column="kern")
                return Placement(code, found, AreaSource.COORDINATES)
        if buurt is not None:
            found = self.kern_of_buurt.get(buurt)
            if kern is not None and (found is None or found.pk != kern.pk):
                where = f"kern {found.name}" if found else "geen kern"
                raise InputError(f"buurt {self._buurt_name(buurt)} hoort bij {where}, niet bij de gekozen kern "
                                 f"{kern.name}", column="kern")
            return Placement(buurt, found, AreaSource.BUURT)
        if kern is not None:
            return Placement(None, kern, AreaSource.KERN)
        if location_type == LocationType.VIRTUAL:
            return Placement(None, None, AreaSource.NONE)
        if lat is not None:
            raise InputError(f"er zijn geen buurtgrenzen van gemeente {self.gemeente} ingelezen, dus de plek volgt "
                             "niet uit de coördinaten; kies een kern", column="kern")
        raise InputError("geef de coördinaten of kies een kern (alleen een online locatie mag zonder plek)",
                         column="kern")

    def _buurt_name(self, code: str) -> str:
        area = self.buurten.get(code)
        return f"{area.name} ({code})" if area is not None and area.name else code

    def _gemeente_name(self) -> str:
        area = Area.objects.filter(code=self.gemeente).first()
        return area.name if area is not None and area.name else self.gemeente


def _distance_m(lat: float, lon: float, rings) -> float:
    """Distance in metres from the point to the nearest edge of ``rings`` (RD New plane)."""
    px, py = wgs84_to_rd(lon, lat)
    best = math.inf
    for ring in rings:
        pts = [wgs84_to_rd(x, y) for x, y in ring]
        for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False):
            dx, dy = x2 - x1, y2 - y1
            t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)))
            best = min(best, math.hypot(px - (x1 + t * dx), py - (y1 + t * dy)))
    return best


def gemeente_of_location(location) -> str | None:
    if location.organization_id:
        return location.organization.gemeente_id
    if location.kern_id:
        return location.kern.gemeente_id
    if location.buurt_id:
        return "GM" + location.buurt_id[2:6]
    return None


def place_location(location) -> None:
    """Set ``buurt``, ``kern`` and ``area_source`` of an (unsaved or saved) :class:`Location`.

    Uses its coordinates, else its buurt (unless that buurt was derived from earlier coordinates), else
    its chosen kern (see the module docstring); raises
    :class:`InputError` (Dutch, ``column`` = the form field to correct) when the location cannot be
    placed or its kern disagrees with its coordinates. Does not save.
    """
    gemeente = gemeente_of_location(location)
    if gemeente is None:
        raise InputError("de locatie hoort bij geen organisatie en heeft geen kern; kies een organisatie of kern",
                         column="kern")
    # a buurt derived earlier from coordinates is not a choice: the coordinates may have changed
    buurt = location.buurt_id if location.area_source in (AreaSource.BUURT, AreaSource.NONE) else None
    placer = Placer(gemeente)
    result = placer.place(lat=location.latitude, lon=location.longitude, buurt=buurt or None,
                          kern=location.kern if location.kern_id else None, location_type=location.location_type)
    location.buurt_id = result.buurt
    location.kern = result.kern
    location.area_source = result.source
