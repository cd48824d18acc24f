"""Which services lie within a distance of which kern: the distance part of "offer for a kern".

One computation for everything that counts or lists the offer of a kern: the gap analysis (``gaps.py``: the
matrix, the kernfoto's "Sociale basis" block, the export) and the finder (``search.py``: the page, the API and
the links from the matrix). An offer is for a kern when it is located in the kern, serves it (a service area for
the kern or the whole gemeente), or has a location within the chosen distance of the kern's area; this module
answers the last part with :func:`near_services`.

* A kern's area is the outline of its buurten, dissolved (:func:`kern_area`); distances are measured in RD New
  metres from a location to the nearest edge of that outline, 0 inside it.
* A location's point is its coordinates or, without them, the middle of its buurt (:meth:`Geography.point`).
* :class:`NearIndex` puts the outlines' edges in a grid of square cells, so a point measures only the edges in
  the cells around it, not every edge of every kern.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..areas import geo

Point = tuple[float, float]  # (lon, lat)
K = TypeVar("K", bound=Hashable)


def km_text(km: float, decimals: int = 2) -> str:
    """ "1 km", "0,5 km", "0,25 km": at most ``decimals`` decimals, without trailing zeros."""
    text = f"{km:,.{decimals}f}".replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return f"{text.rstrip('0').removesuffix(',') if ',' in text else text} km"


def km_param(km: float) -> str:
    """A distance as the ``afstand`` of an address: "1", "0.5" (exact: never rounded)."""
    text = f"{km:g}"
    return text if float(text) == km else repr(float(km))


def parse_km(raw: str | None) -> float | None:
    """The ``afstand`` of an address ("1", "0.5", "0,5") in km; None when empty or not a finite number."""
    text = (raw or "").strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value + 0.0 if math.isfinite(value) else None


# ------------------------------------------------------------------------------------------------ kern areas


@dataclass(frozen=True)
class KernArea:
    """The outline of a kern (its buurten dissolved), in WGS84 and in RD New metres, for distances."""

    slug: str
    name: str
    rings_wgs84: tuple[tuple[tuple[float, float], ...], ...]  # (lon, lat)
    rings_rd: tuple[tuple[tuple[float, float], ...], ...]
    bbox: tuple[float, float, float, float]  # RD: min x, min y, max x, max y


def kern_area(slug: str, name: str, rings: Sequence[Sequence[tuple[float, float]]]) -> KernArea:
    """A kern's area from the rings of its buurten: shared borders are dissolved, so only the outline remains
    (the nearest point of an area to a point outside it lies on its outline)."""
    wgs = tuple(geo.dissolve([[tuple(tuple(p) for p in r) for r in rings]])) or tuple(tuple(r) for r in rings)
    rd = tuple(tuple(geo.wgs84_to_rd(lon, lat) for lon, lat in r) for r in wgs)
    xs = [x for r in rd for x, _ in r] or [0.0]
    ys = [y for r in rd for _, y in r] or [0.0]
    return KernArea(slug, name, wgs, rd, (min(xs), min(ys), max(xs), max(ys)))


@dataclass(frozen=True)
class Geography:
    """The kernen' areas of a gemeente and the middles of its buurten (for locations with only a buurt)."""

    areas: tuple[KernArea, ...] = ()
    middles: dict[str, Point] = field(default_factory=dict)  # buurt code -> (lon, lat)

    def point(self, lat: float | None, lon: float | None, buurt: str | None) -> Point | None:
        """Where a location is for the distance rule: its coordinates, else the middle of its buurt, else None."""
        if lat is not None and lon is not None:
            return (lon, lat)
        return self.middles.get(buurt) if buurt else None


def load_geography(gemeente: str, groups: Iterable | None = None) -> Geography:
    """The kernen' areas (from the newest outline of each buurt) and the buurt middles of a gemeente.

    ``groups``: the gemeente's kernen (``AreaGroup`` with their members prefetched) when the caller has them;
    otherwise they are read here. One query for the outlines (three without ``groups``).
    """
    from ..areas.models import AreaGroup, Boundary, GroupKind

    if groups is None:
        groups = AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente_id=gemeente).prefetch_related("members")
    groups = sorted(groups, key=lambda g: (g.name, g.slug))
    rings_of: dict[str, tuple] = {}
    for code, geometry in (Boundary.objects.filter(area__gemeente_code=gemeente, area__level="buurt")
                           .order_by("area_id", "year").values_list("area_id", "geometry")):
        rings_of[code] = geo.rings_from_geometry(json.loads(geometry))  # later years overwrite earlier ones
    middles = {code: m for code, rings in rings_of.items() if (m := _middle(rings)) is not None}
    areas = []
    for g in groups:
        members = {m.area_id for m in g.members.all()}
        rings = [r for code, rs in rings_of.items() if code in members or "WK" + code[2:8] in members for r in rs]
        if rings:
            areas.append(kern_area(g.slug, g.name, rings))
    return Geography(areas=tuple(areas), middles=middles)


def service_points(rows: Iterable[tuple[K, float | None, float | None, str | None]],
                   geography: Geography) -> dict[K, tuple[Point, ...]]:
    """The points of each service's locations from rows (service, latitude, longitude, buurt code): sorted,
    without duplicates; a location without coordinates and buurt has none."""
    points: dict[K, set[Point]] = {}
    for key, lat, lon, buurt in rows:
        found = points.setdefault(key, set())
        point = geography.point(lat, lon, buurt)
        if point is not None:
            found.add(point)
    return {key: tuple(sorted(found)) for key, found in points.items()}


def _middle(rings: Sequence[Sequence[tuple[float, float]]]) -> Point | None:
    """The centroid of the largest outer ring (lon, lat), or None without rings."""
    outers = [r for r in rings if len(r) >= 4]
    if not outers:
        return None
    ring = max(outers, key=lambda r: abs(_shoelace(r)))
    a = _shoelace(ring)
    if a == 0:
        return ring[0]
    cx = sum((x1 + x2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / (6 * a)
    cy = sum((y1 + y2) * (x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False)) / (6 * a)
    return (round(cx, 6), round(cy, 6))


def _shoelace(ring: Sequence[tuple[float, float]]) -> float:
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


# ------------------------------------------------------------------------------------------------ distances


def _segment_distance(px: float, py: float, ax: float, ay: float, bx: float, by: float) -> float:
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _box_distance(x: float, y: float, bbox: tuple[float, float, float, float]) -> float:
    minx, miny, maxx, maxy = bbox
    return math.hypot(max(minx - x, 0.0, x - maxx), max(miny - y, 0.0, y - maxy))


def distance_km(lon: float, lat: float, area: KernArea, limit_km: float | None = None) -> float:
    """Distance in km from a point to the kern's area (0 inside it). With ``limit_km``, a point whose
    distance to the area's bounding box already exceeds the limit returns that (lower) bound at once."""
    if not area.rings_rd:
        return math.inf
    x, y = geo.wgs84_to_rd(lon, lat)
    box = _box_distance(x, y, area.bbox) / 1000
    if limit_km is not None and box > limit_km:
        return box
    if box == 0 and geo.point_in_area(lon, lat, area.rings_wgs84):
        return 0.0
    best = math.inf
    for ring in area.rings_rd:
        for (ax, ay), (bx, by) in zip(ring, ring[1:], strict=False):
            best = min(best, _segment_distance(x, y, ax, ay, bx, by))
    return best / 1000


class NearIndex:
    """Which kernen lie within a distance of a point, and how far: the kernen' outlines in a grid of square cells
    (RD metres), so a point measures only the edges in the cells around it. Answers are remembered per point
    (services often share a location)."""

    def __init__(self, areas: Sequence[KernArea], max_km: float):
        self.areas = list(areas)
        self.max_km = max_km
        self.max_m = max_km * 1000
        self.cell = max(self.max_m, 250.0)
        self.grid: dict[tuple[int, int], list[tuple[str, float, float, float, float]]] = {}
        for area in self.areas:
            for ring in area.rings_rd:
                for (ax, ay), (bx, by) in zip(ring, ring[1:], strict=False):
                    for i in range(int(math.floor(min(ax, bx) / self.cell)), int(math.floor(max(ax, bx) / self.cell)) + 1):
                        for j in range(int(math.floor(min(ay, by) / self.cell)),
                                       int(math.floor(max(ay, by) / self.cell)) + 1):
                            self.grid.setdefault((i, j), []).append((area.slug, ax, ay, bx, by))
        self._memo: dict[tuple[float, float], dict[str, float]] = {}

    def distances(self, lon: float, lat: float) -> dict[str, float]:
        """Kern slug -> distance in km, for the kernen whose area contains the point (0) or whose outline is within
        the distance. Every edge within the distance lies in a cell around the point's, so the nearest is found."""
        key = (lon, lat)
        found = self._memo.get(key)
        if found is not None:
            return found
        x, y = geo.wgs84_to_rd(lon, lat)
        best: dict[str, float] = {}
        if self.max_m > 0:
            ci, cj = int(math.floor(x / self.cell)), int(math.floor(y / self.cell))
            reach = int(math.ceil(self.max_m / self.cell))
            for i in range(ci - reach, ci + reach + 1):
                for j in range(cj - reach, cj + reach + 1):
                    for slug, ax, ay, bx, by in self.grid.get((i, j), ()):
                        d = _segment_distance(x, y, ax, ay, bx, by)
                        if d <= self.max_m and d < best.get(slug, math.inf):
                            best[slug] = d
        for area in self.areas:  # inside a kern, however far from its outline
            if (best.get(area.slug) != 0.0 and _box_distance(x, y, area.bbox) == 0
                    and geo.point_in_area(lon, lat, area.rings_wgs84)):
                best[area.slug] = 0.0
        self._memo[key] = found = {slug: m / 1000 for slug, m in best.items()}
        return found

    def near(self, lon: float, lat: float) -> frozenset[str]:
        """The kernen whose area contains the point or whose outline is within the distance."""
        return frozenset(self.distances(lon, lat))


def near_services(points: Mapping[K, Iterable[Point]], areas: Sequence[KernArea] | NearIndex,
                  max_km: float) -> dict[str, dict[K, float]]:
    """Which services lie within ``max_km`` of each kern, and how far: kern slug -> {service: km}, the distance
    from the service's nearest location to the kern's area (0 when a location lies inside it; with ``max_km`` 0
    only those). ``points``: the (lon, lat) of each service's locations (:func:`service_points`).

    The one definition of "near a kern", for the gap analysis and the finder alike.
    """
    index = areas if isinstance(areas, NearIndex) else NearIndex(areas, max_km)
    out: dict[str, dict[K, float]] = {a.slug: {} for a in index.areas}
    if max_km < 0:
        return out
    for key, pts in points.items():
        for lon, lat in pts:
            for slug, km in index.distances(lon, lat).items():
                per_kern = out[slug]
                if km < per_kern.get(key, math.inf):
                    per_kern[key] = km
    return out
