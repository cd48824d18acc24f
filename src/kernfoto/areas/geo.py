"""Area boundaries (gemeente, wijk, buurt), kern outlines and small SVG maps.

Pure functions, no Django, no third-party geometry libraries.

Conventions
-----------
* Coordinates are WGS84 ``(lon, lat)`` tuples rounded to 6 decimals (about 0.1 m), so equal
  vertices of neighbouring areas compare equal.
* A *ring* is a closed tuple of points (first point == last point).
* An area is a flat tuple of rings: the outer and hole rings of all its polygons (a MultiPolygon is
  flattened). Rings follow the GeoJSON right-hand rule: outer rings counter-clockwise, holes
  clockwise. Rendering uses ``fill-rule="evenodd"`` and :func:`point_in_area` uses even-odd ray
  casting, so the flat structure is enough; :func:`area_km2` relies on the orientation.
* Drawing and area computations project to RD New (EPSG:28992) metres.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from kernfoto.errors import InputError

Point = tuple[float, float]
Ring = tuple[Point, ...]

#: Shipped boundary files: ``stichtse_vecht_{buurt,wijk,gemeente}_2020[_rd].geojson``.
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"

_CODE_RE = re.compile(r"GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4}")
_LEVELS = {"GM": "gemeente", "WK": "wijk", "BU": "buurt"}
_NL_LON, _NL_LAT = (2.5, 7.6), (50.4, 53.9)  # generous WGS84 box around the Netherlands
_RD_X, _RD_Y = (-50_000, 350_000), (250_000, 700_000)  # generous RD New box


@dataclass(frozen=True)
class AreaShape:
    """One area read from a boundary file.

    ``rings`` holds all outer and hole rings (see the module docstring for the conventions).
    ``gemeente_code`` and ``wijk_code`` come from the ``gmCode``/``wkCode`` properties, or are
    derived from ``code`` (``BU19040101`` -> ``WK190401``, ``GM1904``); ``None`` where not applicable.
    """

    code: str
    name: str
    level: str
    year: str | None
    rings: tuple[Ring, ...]
    gemeente_code: str | None = None
    wijk_code: str | None = None


# --- RD New <-> WGS84 (Schreutelkamp & Strang van Hees approximation, about 1 m) -----------------

_X0, _Y0 = 155000.0, 463000.0
_PHI0, _LAM0 = 52.15517440, 5.38720621
_K = ((0, 1, 3235.65389), (2, 0, -32.58297), (0, 2, -0.24750), (2, 1, -0.84978), (0, 3, -0.06550),
      (2, 2, -0.01709), (1, 0, -0.00738), (4, 0, 0.00530), (2, 3, -0.00039), (4, 1, 0.00033),
      (1, 1, -0.00012))
_L = ((1, 0, 5260.52916), (1, 1, 105.94684), (1, 2, 2.45656), (3, 0, -0.81885), (1, 3, 0.05594),
      (3, 1, -0.05607), (0, 1, 0.01199), (3, 2, -0.00256), (1, 4, 0.00128), (0, 2, 0.00022),
      (2, 0, -0.00022), (5, 0, 0.00026))
_R = ((0, 1, 190094.945), (1, 1, -11832.228), (2, 1, -114.221), (0, 3, -32.391), (1, 0, -0.705),
      (3, 1, -2.340), (1, 3, -0.608), (0, 2, -0.008), (2, 3, 0.148))
_S = ((1, 0, 309056.544), (0, 2, 3638.893), (2, 0, 73.077), (1, 2, -157.984), (3, 0, 59.788),
      (0, 1, 0.433), (2, 2, -6.439), (1, 1, -0.032), (0, 4, 0.092), (1, 4, -0.054))


def rd_to_wgs84(x: float, y: float) -> tuple[float, float]:
    """Convert RD New metres ``(x, y)`` to WGS84 ``(lon, lat)`` degrees (accuracy about 1 m)."""
    dx, dy = (x - _X0) * 1e-5, (y - _Y0) * 1e-5
    lat = _PHI0 + sum(c * dx**p * dy**q for p, q, c in _K) / 3600.0
    lon = _LAM0 + sum(c * dx**p * dy**q for p, q, c in _L) / 3600.0
    return lon, lat


def wgs84_to_rd(lon: float, lat: float) -> tuple[float, float]:
    """Convert WGS84 ``(lon, lat)`` degrees to RD New metres ``(x, y)`` (accuracy about 1 m)."""
    dphi, dlam = 0.36 * (lat - _PHI0), 0.36 * (lon - _LAM0)
    x = _X0 + sum(c * dphi**p * dlam**q for p, q, c in _R)
    y = _Y0 + sum(c * dphi**p * dlam**q for p, q, c in _S)
    return x, y


# --- reading ------------------------------------------------------------------------------------


def read_boundaries(path: str | Path) -> list[AreaShape]:
    """Read a GeoJSON FeatureCollection of CBS areas (``.geojson`` or ``.geojson.gz``).

    RD New input (a ``crs`` member naming 28992, or coordinates larger than 1000) is converted to
    WGS84. Every feature needs a well-formed ``statcode`` (GMdddd, WKdddddd or BUdddddddd), a
    ``statnaam`` and a Polygon/MultiPolygon geometry with closed rings. Problems raise
    :class:`~kernfoto.errors.InputError` with ``row`` = feature number (1-based) and ``column`` =
    property name (``geometry`` for the geometry).
    """
    path = Path(path)
    fname = path.name
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as fh:
            data = json.load(fh)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"het bestand is geen geldige GeoJSON ({exc})", file=fname) from exc
    except OSError as exc:
        raise InputError(f"het bestand kan niet worden gelezen ({exc})", file=fname) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError("verwacht een GeoJSON FeatureCollection", file=fname)
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise InputError("de FeatureCollection bevat geen gebieden", file=fname)
    crs = data.get("crs")
    raw = [_parse_feature(f, i, fname) for i, f in enumerate(features, start=1)]
    is_rd = "28992" in json.dumps(crs) if crs is not None else False
    if not is_rd:
        is_rd = any(abs(v) > 1000 for _, _, _, polys in raw for poly in polys for ring in poly
                    for pt in ring for v in pt)
    shapes: list[AreaShape] = []
    seen: set[str] = set()
    for row, (props, code, name, polys) in enumerate(raw, start=1):
        if code in seen:
            raise InputError(f"gebiedscode {code} komt meer dan eens voor", file=fname, row=row,
                             column="statcode")
        seen.add(code)
        rings: list[Ring] = []
        for poly in polys:
            for k, ring in enumerate(poly):
                rings.append(_convert_ring(ring, is_rd, outer=(k == 0), fname=fname, row=row))
        gm = props["gmCode"] if isinstance(props.get("gmCode"), str) else "GM" + code[2:6]
        wk = props["wkCode"] if isinstance(props.get("wkCode"), str) else "WK" + code[2:8]
        shapes.append(AreaShape(code, name, _LEVELS[code[:2]], _year(props), tuple(rings), gm,
                                wk if code[:2] == "BU" else None))
    return shapes


def _parse_feature(feat: object, row: int, fname: str) -> tuple[dict, str, str, list]:
    def fail(msg: str, column: str | None = None) -> InputError:
        return InputError(msg, file=fname, row=row, column=column)

    if not isinstance(feat, dict) or feat.get("type") != "Feature":
        raise fail(f"gebied {row} is geen GeoJSON Feature")
    props = feat.get("properties")
    if not isinstance(props, dict):
        raise fail(f"gebied {row} heeft geen eigenschappen (properties)", "properties")
    code = props.get("statcode")
    if not isinstance(code, str) or not code.strip():
        raise fail(f"gebied {row} heeft geen gebiedscode", "statcode")
    code = code.strip()
    if not _CODE_RE.fullmatch(code):
        raise fail(f"ongeldige gebiedscode {code!r}; verwacht GM + 4 cijfers, WK + 6 cijfers of "
                   "BU + 8 cijfers", "statcode")
    name = props.get("statnaam")
    if not isinstance(name, str) or not name.strip():
        raise fail(f"gebied {code} heeft geen naam", "statnaam")
    geom = feat.get("geometry")
    gtype = geom.get("type") if isinstance(geom, dict) else None
    if gtype not in ("Polygon", "MultiPolygon"):
        raise fail(f"gebied {code} heeft geen vlak als geometrie (Polygon of MultiPolygon), "
                   f"maar {gtype or 'niets'}", "geometry")
    coords = geom.get("coordinates")
    polys = [coords] if gtype == "Polygon" else coords
    if not isinstance(polys, list) or not polys:
        raise fail(f"gebied {code} heeft een lege geometrie", "geometry")
    out = []
    for poly in polys:
        if not isinstance(poly, list) or not poly:
            raise fail(f"gebied {code} heeft een vlak zonder rand", "geometry")
        rings = []
        for ring in poly:
            if not isinstance(ring, list) or len(ring) < 4:
                raise fail(f"gebied {code} heeft een rand met minder dan 4 punten", "geometry")
            pts = []
            for pt in ring:
                if not isinstance(pt, list) or len(pt) < 2 or not all(
                        isinstance(v, int | float) and not isinstance(v, bool) and -1e9 < v < 1e9
                        for v in pt[:2]):
                    raise fail(f"gebied {code} heeft een ongeldig coördinaatpunt: {pt!r}", "geometry")
                pts.append((float(pt[0]), float(pt[1])))
            if pts[0] != pts[-1]:
                raise fail(f"gebied {code} heeft een rand die niet gesloten is (eerste punt is niet "
                           "gelijk aan laatste punt)", "geometry")
            rings.append(pts)
        out.append(rings)
    return props, code, name.strip(), out


def _convert_ring(pts: list[Point], is_rd: bool, *, outer: bool, fname: str, row: int) -> Ring:
    xs, ys = (_RD_X, _RD_Y) if is_rd else (_NL_LON, _NL_LAT)
    for x, y in pts:
        if not (xs[0] <= x <= xs[1] and ys[0] <= y <= ys[1]):
            what = "RD New (EPSG:28992)" if is_rd else "WGS84 lengte/breedte (lon, lat)"
            raise InputError(f"coördinaat ({x:g}, {y:g}) ligt niet in Nederland; verwacht {what}"
                             + ("" if is_rd else "; zijn lengte en breedte misschien verwisseld?"),
                             file=fname, row=row, column="geometry")
    ring: list[Point] = []
    for x, y in pts:
        lon, lat = rd_to_wgs84(x, y) if is_rd else (x, y)
        p = (round(lon, 6), round(lat, 6))
        if not ring or ring[-1] != p:
            ring.append(p)
    if (_signed_area(ring) > 0) != outer:
        ring.reverse()
    return tuple(ring)


def _year(props: dict) -> str | None:
    jaar = props.get("jaar")
    if isinstance(jaar, int | str) and re.fullmatch(r"\d{4}", str(jaar).strip()):
        return str(jaar).strip()
    jr = props.get("jrstatcode")
    if isinstance(jr, str) and re.match(r"\d{4}(GM|WK|BU)", jr):
        return jr[:4]
    return None


# --- geometry -----------------------------------------------------------------------------------


def _rings_of(obj: AreaShape | Iterable[Ring]) -> Iterable[Ring]:
    return obj.rings if isinstance(obj, AreaShape) else obj


def _signed_area(ring: Sequence[Point]) -> float:
    """Shoelace area, positive for counter-clockwise rings (in the rings' own units)."""
    return 0.5 * sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False))


def dissolve(shapes: Iterable[AreaShape | Sequence[Ring]]) -> list[Ring]:
    """Union of adjacent areas (e.g. the buurten of a kern) into outline rings.

    Edges shared by two member polygons (the same edge traversed in opposite directions) cancel;
    the remaining directed edges are chained into closed rings. At a vertex with several outgoing
    edges the sharpest left turn is taken, so touching parts become separate rings. Islands and
    holes survive; orientation stays outer = counter-clockwise, hole = clockwise. The result is
    deterministic: each ring starts at its smallest vertex, outer rings first, larger rings first.
    Relies on shared borders matching vertex for vertex (true for the CBS buurt layer).
    """
    count: dict[tuple[Point, Point], int] = {}
    for shape in shapes:
        for ring in _rings_of(shape):
            pts = list(ring) if ring[0] == ring[-1] else [*ring, ring[0]]
            for a, b in zip(pts, pts[1:], strict=False):
                if a == b:
                    continue
                if count.get((b, a)):
                    count[(b, a)] -= 1
                else:
                    count[(a, b)] = count.get((a, b), 0) + 1
    out: dict[Point, list[Point]] = {}
    for (a, b), n in count.items():
        if n > 0:
            out.setdefault(a, []).extend([b] * n)
    rings: list[Ring] = []
    for start in sorted(out):
        while out[start]:
            ring, prev, cur = [start], None, start
            while True:
                cands = out.get(cur)
                if not cands:  # unbalanced input; close what we have
                    ring.append(start)
                    break
                nxt = min(cands) if prev is None or len(cands) == 1 else _leftmost(prev, cur, cands)
                cands.remove(nxt)
                ring.append(nxt)
                if nxt == start:
                    break
                prev, cur = cur, nxt
            if len(ring) >= 4:
                rings.append(_rotate_to_min(ring))
    rings.sort(key=lambda r: (_signed_area(r) < 0, -abs(_signed_area(r)), r[0]))
    return rings


def _leftmost(prev: Point, cur: Point, cands: list[Point]) -> Point:
    dx, dy = cur[0] - prev[0], cur[1] - prev[1]

    def turn(p: Point) -> tuple[float, Point]:
        ex, ey = p[0] - cur[0], p[1] - cur[1]
        return math.atan2(dx * ey - dy * ex, dx * ex + dy * ey), p

    return max(cands, key=turn)


def _rotate_to_min(ring: list[Point]) -> Ring:
    body = ring[:-1]
    i = body.index(min(body))
    body = body[i:] + body[:i]
    return (*body, body[0])


def point_in_area(lon: float, lat: float, shape_or_rings: AreaShape | Iterable[Ring]) -> bool:
    """True if ``(lon, lat)`` lies inside the area (even-odd rule over all rings, so holes count)."""
    inside = False
    for ring in _rings_of(shape_or_rings):
        for (x1, y1), (x2, y2) in zip(ring, (*ring[1:], ring[0]), strict=True):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def area_km2(rings: AreaShape | Iterable[Ring]) -> float:
    """Planar area in km² after projecting to RD New (holes must be clockwise, outer rings CCW)."""
    total = sum(_signed_area([wgs84_to_rd(*p) for p in ring]) for ring in _rings_of(rings))
    return abs(total) / 1e6


def shape_geometry(rings: AreaShape | Iterable[Ring]) -> dict:
    """A GeoJSON MultiPolygon (WGS84) for the rings: each hole goes with the smallest outer ring holding it."""
    all_rings = list(_rings_of(rings))
    outers = sorted((r for r in all_rings if _signed_area(r) > 0), key=lambda r: abs(_signed_area(r)))
    holes = [r for r in all_rings if _signed_area(r) <= 0]
    polygons: list[list[Ring]] = [[o] for o in outers]
    for hole in holes:
        for poly in polygons:  # smallest first
            if point_in_area(*_inner_point(hole), [poly[0]]):
                poly.append(hole)
                break
    polygons.sort(key=lambda poly: (-abs(_signed_area(poly[0])), poly[0][0]))
    return {"type": "MultiPolygon", "coordinates": [[[list(p) for p in ring] for ring in poly] for poly in polygons]}


def _inner_point(ring: Ring) -> Point:
    """A point just beside the hole ring's first edge midpoint: on the hole boundary is ambiguous."""
    (x1, y1), (x2, y2) = ring[0], ring[1]
    return ((x1 + x2) / 2, (y1 + y2) / 2)


def rings_from_geometry(geometry: dict) -> tuple[Ring, ...]:
    """The flat ring tuple of a stored GeoJSON Polygon/MultiPolygon."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return tuple(tuple((float(x), float(y)) for x, y in ring) for poly in polys for ring in poly)


# --- SVG ----------------------------------------------------------------------------------------

_FONT = 'font-family="DejaVu Sans, Arial, Helvetica, sans-serif"'
#: Choropleth class styles: (fill, texture, ink). Light to dark, each with its own texture.
_CLASS_STYLES = (("#f1eef6", "", ""), ("#bdc9e1", "dots", "#333333"), ("#74a9cf", "diag", "#1a1a1a"),
                 ("#2b8cbe", "cross", "#ffffff"), ("#045a8d", "horiz", "#ffffff"), ("#023858", "dotsdense", "#ffffff"))
_NO_DATA = ("#ffffff", "diagback", "#999999")


def _num(v: float) -> str:
    s = f"{v:.1f}"
    s = s[:-2] if s.endswith(".0") else s
    return "0" if s == "-0" else s


class _Frame:
    """Projects WGS84 rings to RD metres and fits them into a box (y flipped, aspect kept)."""

    def __init__(self, ring_sets: Iterable[Iterable[Ring]], box: tuple[float, float, float, float]):
        self.rd = [[[wgs84_to_rd(*p) for p in ring] for ring in rings] for rings in ring_sets]
        pts = [p for rings in self.rd for ring in rings for p in ring]
        x0, y0, w, h = box
        if not pts:
            self.s, self.ox, self.oy, self.maxy, self.minx = 1.0, x0, y0, 0.0, 0.0
            return
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        self.minx, self.maxy = min(xs), max(ys)
        dx, dy = (max(xs) - self.minx) or 1.0, (self.maxy - min(ys)) or 1.0
        self.s = min(w / dx, h / dy)
        self.ox, self.oy = x0 + (w - dx * self.s) / 2, y0 + (h - dy * self.s) / 2

    def xy(self, p: Point) -> tuple[float, float]:
        return self.ox + (p[0] - self.minx) * self.s, self.oy + (self.maxy - p[1]) * self.s

    def path(self, i: int) -> str:
        parts = []
        for ring in self.rd[i]:
            pts: list[tuple[str, str]] = []
            for p in ring:
                x, y = self.xy(p)
                q = (_num(x), _num(y))
                if not pts or pts[-1] != q:
                    pts.append(q)
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) >= 3:
                parts.append(f"M{pts[0][0]} {pts[0][1]}L" + " ".join(f"{x} {y}" for x, y in pts[1:]) + "Z")
        return "".join(parts)

    def label_point(self, i: int) -> tuple[float, float] | None:
        """Middle of the widest horizontal run inside the area, tried on a few scan lines."""
        rings = [[self.xy(p) for p in ring] for ring in self.rd[i]]
        ys = [p[1] for ring in rings for p in ring]
        if not ys:
            return None
        best: tuple[float, float, float] | None = None
        for f in (0.5, 0.4, 0.6, 0.3, 0.7):
            y = min(ys) + f * (max(ys) - min(ys)) + 1e-7
            xs = sorted(x1 + (y - y1) * (x2 - x1) / (y2 - y1) for ring in rings
                        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False) if (y1 > y) != (y2 > y))
            for a, b in zip(xs[::2], xs[1::2], strict=False):
                if best is None or b - a > best[0]:
                    best = (b - a, (a + b) / 2, y)
        return (best[1], best[2]) if best else None


_TEXTURES = {  # drawn on a transparent tile over a separate solid fill: no tile seams
    "diag": "M-1 1L1 -1M0 4L4 0M3 5L5 3", "diagback": "M-1 3L1 5M0 0L4 4M3 -1L5 1",
    "horiz": "M0 2H4", "cross": "M0 2H4M2 0V4",
}


def _pattern(pid: str, texture: str, ink: str) -> str:
    """A 4x4 (dots: 3x3) user-space tile with ``texture`` in ``ink`` and no background."""
    if texture in _TEXTURES:
        return (f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="4" height="4">'
                f'<path d="{_TEXTURES[texture]}" stroke="{ink}" stroke-width="1"/></pattern>')
    size, c, r = ("4", "2", "0.9") if texture == "dots" else ("3", "1.5", "0.7")
    return (f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="{size}" height="{size}">'
            f'<circle cx="{c}" cy="{c}" r="{r}" fill="{ink}"/></pattern>')


def _svg_open(width: int, height: int, title: str) -> str:
    t = escape(title, {'"': "&quot;"})
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{t}"><title>{t}</title>')


def _attr(text: str) -> str:
    """``text`` escaped for a double-quoted XML attribute."""
    return escape(text, {'"': "&quot;"})


def _uid(*parts: object) -> str:
    return "kf" + hashlib.sha1(repr(parts).encode()).hexdigest()[:8]


def map_svg(context: list[AreaShape], highlight_rings: list[Ring], *, title: str, width: int = 240,
            height: int = 200, labels: bool = False) -> str:
    """Small locator map: the gemeente's areas in light grey, the highlighted area on top.

    The highlighted area (e.g. a kern outline from :func:`dissolve`) gets a dark fill with a
    white diagonal hatch and a black outline, so it also reads in black-and-white print. With
    ``labels`` the context areas are named at an interior point, skipping labels that would overlap
    an earlier one (only useful for few areas, e.g. wijken). Output is deterministic; IDs are derived from the content so several maps can be
    inlined in one HTML page.
    """
    margin = 4
    frame = _Frame([s.rings for s in context] + [highlight_rings],
                   (margin, margin, width - 2 * margin, height - 2 * margin))
    ctx = "".join(f'<path d="{d}"/>' for d in (frame.path(i) for i in range(len(context))) if d)
    hl = frame.path(len(context))
    pid = _uid(title, width, height, ctx, hl)
    out = [_svg_open(width, height, title)]
    if hl:
        out.append(f'<defs>{_pattern(pid, "diag", "#ffffff")}</defs>')
    out.append(f'<g fill="#dcdcdc" fill-rule="evenodd" stroke="#ffffff" stroke-width="0.6" '
               f'stroke-linejoin="round">{ctx}</g>')
    if hl:
        out.append(f'<g fill-rule="evenodd"><path d="{hl}" fill="#3d3d3d"/><path d="{hl}" fill="url(#{pid})" '
                   f'stroke="#000000" stroke-width="1.2" stroke-linejoin="round"/></g>')
    if labels:
        texts, boxes = [], []  # skip labels that would overlap an earlier one (estimated text box)
        for i, shape in enumerate(context):
            pt = frame.label_point(i)
            half = 1.7 * len(shape.name)  # ~0.57 em per character at font-size 6
            box = (pt[0] - half, pt[1] - 3.5, pt[0] + half, pt[1] + 3.5) if pt else None
            if box and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                               for b in boxes):
                boxes.append(box)
                texts.append(f'<text x="{_num(pt[0])}" y="{_num(pt[1] + 2)}">{escape(shape.name)}</text>')
        out.append(f'<g {_FONT} font-size="6" text-anchor="middle" fill="#000000" stroke="#ffffff" '
                   f'stroke-width="1.6" stroke-linejoin="round" paint-order="stroke">{"".join(texts)}</g>')
    out.append("</svg>")
    return "".join(out)


def choropleth_svg(shapes: list[AreaShape], classes: dict[str, str], *, title: str,
                   legend: list[tuple[str, str]], width: int = 320, height: int = 300,
                   links: dict[str, str] | None = None, no_data_label: str = "Geen gegevens") -> str:
    """Choropleth map: each area filled by its class, with a legend below the map.

    ``classes`` maps area code -> class key; ``legend`` lists ``(class key, label)`` from low to
    high (at most six classes). Each class has its own fill colour AND texture (solid, dots,
    lines, cross-hatch, ...), so classes can be told apart without colour. Areas without a class
    are white with a grey hatch and get a ``no_data_label`` legend entry. Every area path carries a
    ``<title>`` with its name (shown on hover).

    ``links`` (area code -> href) makes the map a navigation aid: each linked area is wrapped in
    ``<a href>`` named by its title (``aria-label``), so it can be reached with the keyboard and a
    screen reader. Links may not live inside ``role="img"`` (its children are presentational), so
    then the root is a labelled ``role="group"`` and the legend a separate ``role="img"`` part.
    """
    if len(legend) > len(_CLASS_STYLES):
        raise ValueError(f"at most {len(_CLASS_STYLES)} classes supported, got {len(legend)}")
    keys = [k for k, _ in legend]
    unknown = sorted({c for c in classes.values() if c not in keys})
    if unknown:
        raise ValueError(f"classes not in legend: {unknown}")
    entries = [(k, label, _CLASS_STYLES[i]) for i, (k, label) in enumerate(legend)]
    if any(s.code not in classes for s in shapes):
        entries.append(("", no_data_label, _NO_DATA))
    row_h, margin = 13, 4
    map_h = height - len(entries) * row_h - 2 * margin - 4
    frame = _Frame([s.rings for s in shapes], (margin, margin, width - 2 * margin, map_h))
    paths = [frame.path(i) for i in range(len(shapes))]
    uid = _uid(title, width, height, paths, sorted(classes.items()), legend)
    solid, textured, defs = {}, {}, []
    for j, (key, _, (fill, texture, ink)) in enumerate(entries):
        solid[key] = fill
        if texture:
            defs.append(_pattern(f"{uid}-{j}", texture, ink))
            textured[key] = f"url(#{uid}-{j})"
    out = [_svg_open(width, height, title)]
    if links is not None:  # interactive: a labelled group instead of an image (see the docstring)
        t = _attr(title)
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
               f'viewBox="0 0 {width} {height}" role="group" aria-label="{t}"><title>{t}</title>']
    if defs:
        out.append(f'<defs>{"".join(defs)}</defs>')
    out.append('<g fill-rule="evenodd" stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round">')
    labels = dict(legend)
    overlay: dict[str, list[str]] = {}
    for shape, d in zip(shapes, paths, strict=True):
        if not d:
            continue
        key = classes.get(shape.code, "")
        tip = escape(f"{shape.name} ({shape.code}): {labels.get(key, no_data_label.lower())}")
        area = f'<path d="{d}" fill="{solid[key]}"><title>{tip}</title></path>'
        href = links.get(shape.code) if links else None
        if href:
            name = _attr(f"{shape.name}: {labels.get(key, no_data_label.lower())}")
            area = f'<a href="{_attr(href)}" aria-label="{name}">{area}</a>'
        out.append(area)
        if key in textured:
            overlay.setdefault(key, []).append(d)
    out.append('</g><g fill-rule="evenodd" pointer-events="none">')
    out.extend(f'<path d="{"".join(overlay[k])}" fill="{textured[k]}"/>' for k, _, _ in entries if k in overlay)
    if links is not None:
        names = _attr("Legenda: " + "; ".join(label for _, label, _ in entries))
        out.append(f'</g><g {_FONT} font-size="9" fill="#000000" role="img" aria-label="{names}">')
    else:
        out.append(f'</g><g {_FONT} font-size="9" fill="#000000">')
    y = margin + map_h + 4
    for j, (key, label, _) in enumerate(entries):
        ry = y + j * row_h
        box = f'x="{margin}" y="{ry}" width="16" height="10"'
        out.append(f'<rect {box} fill="{solid[key]}" stroke="#666666" stroke-width="0.5"/>'
                   + (f'<rect {box} fill="{textured[key]}"/>' if key in textured else "")
                   + f'<text x="{margin + 21}" y="{ry + 8.5}">{escape(label)}</text>')
    out.append("</g></svg>")
    return "".join(out)
