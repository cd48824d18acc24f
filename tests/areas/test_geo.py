"""Tests for kernfoto.areas.geo on the shipped Stichtse Vecht boundaries (no database)."""

from __future__ import annotations

import gzip
import json
import time
import xml.etree.ElementTree as ET

import pytest

from kernfoto.areas import geo
from kernfoto.errors import InputError

D = geo.DATA_DIR
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def buurten() -> list[geo.AreaShape]:
    return geo.read_boundaries(D / "stichtse_vecht_buurt_2020_rd.geojson")


@pytest.fixture(scope="module")
def by_code(buurten) -> dict[str, geo.AreaShape]:
    return {s.code: s for s in buurten}


def _outer(rings):
    return [r for r in rings if geo._signed_area(r) > 0]


def _holes(rings):
    return [r for r in rings if geo._signed_area(r) < 0]


# --- reading and conversion ---------------------------------------------------------------------


@pytest.mark.parametrize("level,count", [("buurt", 97), ("wijk", 12), ("gemeente", 1)])
@pytest.mark.parametrize("suffix", ["", "_rd"])
def test_shipped_files(level, count, suffix):
    shapes = geo.read_boundaries(D / f"stichtse_vecht_{level}_2020{suffix}.geojson")
    assert len(shapes) == count
    assert {s.level for s in shapes} == {level}
    assert {s.year for s in shapes} == {"2020"}
    assert {s.gemeente_code for s in shapes} == {"GM1904"}
    for s in shapes:
        assert s.name and s.rings
        assert all(r[0] == r[-1] and len(r) >= 4 for r in s.rings)
        assert geo._signed_area(s.rings[0]) > 0  # first ring is an outer ring, counter-clockwise


def test_buurt_attributes(by_code):
    s = by_code["BU19040101"]
    assert (s.name, s.level, s.wijk_code, s.gemeente_code) == ("Maarsseveen", "buurt", "WK190401", "GM1904")
    assert len(by_code["BU19041201"].rings) == 6  # Verbindingswegen: 1 outer ring, 5 holes
    assert len(_holes(by_code["BU19041201"].rings)) == 5


def test_rd_and_wgs84_files_read_identically(buurten):
    wgs = geo.read_boundaries(D / "stichtse_vecht_buurt_2020.geojson")
    assert [s.code for s in wgs] == [s.code for s in buurten]
    assert [s.rings for s in wgs] == [s.rings for s in buurten]


def test_rd_to_wgs84_matches_wgs84_file():
    rd = json.loads((D / "stichtse_vecht_buurt_2020_rd.geojson").read_text("utf-8"))
    wgs = json.loads((D / "stichtse_vecht_buurt_2020.geojson").read_text("utf-8"))
    n = 0
    for f_rd, f_wgs in zip(rd["features"], wgs["features"], strict=True):
        for ring_rd, ring_wgs in zip(f_rd["geometry"]["coordinates"], f_wgs["geometry"]["coordinates"],
                                     strict=True):
            for (x, y), (lon, lat) in list(zip(ring_rd, ring_wgs, strict=True))[::3]:
                got = geo.rd_to_wgs84(x, y)
                assert abs(got[0] - lon) < 1e-5 and abs(got[1] - lat) < 1e-5
                n += 1
    assert n > 200


def test_wgs84_to_rd_round_trip():
    assert geo.rd_to_wgs84(155000, 463000) == pytest.approx((5.38720621, 52.15517440))
    for x, y in [(135717, 460446), (0, 300000), (280000, 620000), (121000, 487000)]:
        back = geo.wgs84_to_rd(*geo.rd_to_wgs84(x, y))
        assert back == pytest.approx((x, y), abs=0.05)


def test_gzip_is_read(tmp_path):
    gz = tmp_path / "gemeente.geojson.gz"
    gz.write_bytes(gzip.compress((D / "stichtse_vecht_gemeente_2020_rd.geojson").read_bytes()))
    assert geo.read_boundaries(gz) == geo.read_boundaries(D / "stichtse_vecht_gemeente_2020.geojson")


# --- areas and dissolve -------------------------------------------------------------------------


@pytest.mark.parametrize("level,km2", [("buurt", 107.1), ("wijk", 105.3), ("gemeente", 106.6)])
def test_total_area(level, km2):
    shapes = geo.read_boundaries(D / f"stichtse_vecht_{level}_2020_rd.geojson")
    assert sum(geo.area_km2(s) for s in shapes) == pytest.approx(km2, rel=0.005)


def test_dissolve_all_buurten(buurten):
    start = time.perf_counter()
    outline = geo.dissolve(buurten)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.05
    # the gemeente is one piece without holes: every buurt hole is filled by another buurt
    assert len(_outer(outline)) == 1 and not _holes(outline)
    total = sum(geo.area_km2(s) for s in buurten)
    assert geo.area_km2(outline) == pytest.approx(total, rel=0.001)
    assert geo.dissolve(list(reversed(buurten))) == outline  # independent of input order


def test_dissolve_wijk_01_has_an_island(buurten):
    """WK190401 (Maarssen) is two pieces: Op Buuren (BU19040104) is cut off from the rest by
    Oud-Zuilen and Verbindingswegen; the wijk layer's WK190401 is a MultiPolygon too."""
    members = [s for s in buurten if s.wijk_code == "WK190401"]
    outline = geo.dissolve(members)
    assert len(_outer(outline)) == 2 and not _holes(outline)
    op_buuren = next(s for s in buurten if s.code == "BU19040104")
    assert set(outline[1]) == set(op_buuren.rings[0])
    assert geo.area_km2(outline) == pytest.approx(sum(geo.area_km2(s) for s in members), rel=1e-9)


@pytest.mark.parametrize("wijk", [f"WK1904{i:02d}" for i in range(2, 13)])
def test_dissolve_other_wijken_is_one_region(buurten, wijk):
    members = [s for s in buurten if s.wijk_code == wijk]
    outline = geo.dissolve(members)
    assert len(outline) == 1 and len(_outer(outline)) == 1
    assert geo.area_km2(outline) == pytest.approx(sum(geo.area_km2(s) for s in members), rel=1e-9)


def test_dissolve_keeps_holes(by_code):
    verbindingswegen, boomstede = by_code["BU19041201"], by_code["BU19041204"]
    alone = geo.dissolve([verbindingswegen])
    assert len(_outer(alone)) == 1 and len(_holes(alone)) == 5
    both = geo.dissolve([verbindingswegen, boomstede])  # Boomstede fills one of the holes
    assert len(_outer(both)) == 1 and len(_holes(both)) == 4
    point = (5.0287, 52.1234)  # inside Boomstede
    assert not geo.point_in_area(*point, alone)
    assert geo.point_in_area(*point, both)


def test_dissolve_synthetic_touching_squares_and_hole():
    def square(x, y, size=1.0, ccw=True):
        ring = ((x, y), (x + size, y), (x + size, y + size), (x, y + size), (x, y))
        return ring if ccw else tuple(reversed(ring))

    # two squares touching at one corner stay two rings; two sharing an edge become one
    assert len(geo.dissolve([[square(0, 0)], [square(1, 1)]])) == 2
    merged = geo.dissolve([[square(0, 0)], [square(1, 0)]])
    assert len(merged) == 1 and abs(geo._signed_area(merged[0])) == pytest.approx(2.0)
    # a frame of 8 squares around an empty middle keeps the hole
    frame = [[square(x, y)] for x in range(3) for y in range(3) if (x, y) != (1, 1)]
    rings = geo.dissolve(frame)
    assert len(_outer(rings)) == 1 and len(_holes(rings)) == 1
    assert not geo.point_in_area(1.5, 1.5, rings) and geo.point_in_area(0.5, 1.5, rings)


def test_point_in_area_real_points(by_code):
    point = (5.0767, 52.1398)  # middle of Maarsseveen (BU19040101)
    assert geo.point_in_area(*point, by_code["BU19040101"])
    for neighbour in ("BU19040102", "BU19040105", "BU19040106", "BU19040701", "BU19041201"):
        assert not geo.point_in_area(*point, by_code[neighbour])
    inside = [code for code, s in by_code.items() if geo.point_in_area(5.0411, 52.1523, s)]
    assert inside == ["BU19040102"]  # Bethunepolder-zuid, and nothing else
    assert not geo.point_in_area(5.5, 52.2, by_code["BU19040101"])


# --- malformed input ----------------------------------------------------------------------------


def _feature(code="BU19040101", name="Maarsseveen", geometry=None, **extra):
    props = {"statcode": code, "statnaam": name, **extra}
    if code is None:
        del props["statcode"]
    if name is None:
        del props["statnaam"]
    geometry = geometry or {"type": "Polygon", "coordinates": [
        [[5.10, 52.13], [5.11, 52.13], [5.11, 52.14], [5.10, 52.13]]]}
    return {"type": "Feature", "properties": props, "geometry": geometry}


@pytest.mark.parametrize("second,column,fragment", [
    (_feature(code=None), "statcode", "geen gebiedscode"),
    (_feature(code="BU1904010"), "statcode", "ongeldige gebiedscode"),
    (_feature(code="XX19040101"), "statcode", "ongeldige gebiedscode"),
    (_feature(name=" "), "statnaam", "geen naam"),
    (_feature(code="BU19040101"), "statcode", "meer dan eens"),
    (_feature(code="BU19040102", geometry={"type": "Point", "coordinates": [5.1, 52.1]}),
     "geometry", "Point"),
    (_feature(code="BU19040102", geometry={"type": "Polygon", "coordinates": [
        [[5.10, 52.13], [5.11, 52.13], [5.11, 52.14], [5.10, 52.14]]]}), "geometry", "niet gesloten"),
    (_feature(code="BU19040102", geometry={"type": "Polygon", "coordinates": [
        [[5.10, 52.13], [5.11, 52.13], [5.10, 52.13]]]}), "geometry", "minder dan 4"),
    (_feature(code="BU19040102", geometry={"type": "Polygon", "coordinates": [
        [[52.13, 5.10], [52.13, 5.11], [52.14, 5.11], [52.13, 5.10]]]}), "geometry", "verwisseld"),
    (_feature(code="BU19040102", geometry={"type": "Polygon", "coordinates": [
        [[5.10, 52.13], [5.11, "x"], [5.11, 52.14], [5.10, 52.13]]]}), "geometry", "coördinaatpunt"),
])
def test_malformed_feature_names_feature_and_property(tmp_path, second, column, fragment):
    path = tmp_path / "gebieden.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [_feature(), second]}), "utf-8")
    with pytest.raises(InputError) as err:
        geo.read_boundaries(path)
    assert (err.value.file, err.value.row, err.value.column) == ("gebieden.geojson", 2, column)
    assert fragment in err.value.message
    assert "rij 2" in str(err.value) and f"kolom {column}" in str(err.value)


@pytest.mark.parametrize("content,fragment", [
    ('{"type": "FeatureCollection", "features": []}', "geen gebieden"),
    ('{"type": "Feature"}', "FeatureCollection"),
    ("{not json", "geen geldige GeoJSON"),
])
def test_malformed_file(tmp_path, content, fragment):
    path = tmp_path / "leeg.geojson"
    path.write_text(content, "utf-8")
    with pytest.raises(InputError, match=fragment) as err:
        geo.read_boundaries(path)
    assert err.value.file == "leeg.geojson" and err.value.row is None


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="kan niet worden gelezen"):
        geo.read_boundaries(tmp_path / "bestaat-niet.geojson")


# --- SVG ----------------------------------------------------------------------------------------


def test_map_svg(buurten):
    kern = geo.dissolve([s for s in buurten if s.wijk_code == "WK190402"])
    title = 'Breukelen & "omgeving" <kern>'
    svg = geo.map_svg(buurten, kern, title=title)
    assert svg == geo.map_svg(list(buurten), list(kern), title=title)  # deterministic
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("aria-label") == title
    assert root.find(f"{SVG}title").text == title
    assert root.get("viewBox") == "0 0 240 200"
    assert "<style" not in svg and "<script" not in svg and "http://" not in svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    pattern = root.find(f"{SVG}defs/{SVG}pattern")
    assert pattern is not None
    hatched = [p for p in root.iter(f"{SVG}path") if p.get("fill") == f"url(#{pattern.get('id')})"]
    assert len(hatched) == 1 and hatched[0].get("stroke") == "#000000"
    parents = {child: parent for parent in root.iter() for child in parent}
    for path in root.iter(f"{SVG}path"):  # every area path is drawn with fill-rule evenodd
        if parents[path].tag != f"{SVG}pattern":
            assert "evenodd" in (path.get("fill-rule"), parents[path].get("fill-rule"))
    assert len(svg) < 15_000
    # all coordinates inside the viewBox, at most 1 decimal
    nums = [float(v) for p in root.iter(f"{SVG}path") for v in
            p.get("d").replace("M", " ").replace("L", " ").replace("Z", " ").split() if "." in v or v.isdigit()]
    assert nums and all(0 <= v <= 240 for v in nums)
    other = geo.map_svg(buurten, geo.dissolve([s for s in buurten if s.wijk_code == "WK190403"]), title=title)
    assert ET.fromstring(other).find(f"{SVG}defs/{SVG}pattern").get("id") != pattern.get("id")


def test_map_svg_labels_and_empty_highlight():
    wijken = geo.read_boundaries(D / "stichtse_vecht_wijk_2020.geojson")
    root = ET.fromstring(geo.map_svg(wijken, [], title="Wijken", labels=True, width=360, height=300))
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Wijk 02 Breukelen" in texts and len(texts) == len(set(texts)) <= 12
    assert root.find(f"{SVG}defs") is None


def test_choropleth_svg(buurten):
    classes = {s.code: ("laag", "midden", "hoog")[i % 3] for i, s in enumerate(buurten) if i % 10}
    legend = [("laag", "< 10%"), ("midden", "10–20%"), ("hoog", "≥ 20%")]
    svg = geo.choropleth_svg(buurten, classes, title="Aandeel 75+", legend=legend)
    assert svg == geo.choropleth_svg(buurten, dict(classes), title="Aandeel 75+", legend=legend)
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    tips = [p.find(f"{SVG}title").text for p in root.iter(f"{SVG}path") if p.find(f"{SVG}title") is not None]
    assert len(tips) == 97 and "Maarsseveen (BU19040101): geen gegevens" in tips
    assert [t.text for t in root.iter(f"{SVG}text")] == ["< 10%", "10–20%", "≥ 20%", "Geen gegevens"]
    assert len(root.findall(f"{SVG}defs/{SVG}pattern")) == 3  # 'laag' is solid; the others textured
    with pytest.raises(ValueError):
        geo.choropleth_svg(buurten, {"BU19040101": "onbekend"}, title="x", legend=legend)


def test_svg_renders_in_typst(tmp_path, buurten):
    typst = pytest.importorskip("typst")
    kern = geo.dissolve([s for s in buurten if s.wijk_code == "WK190401"])
    (tmp_path / "map.svg").write_text(geo.map_svg(buurten, kern, title="Maarssen"), "utf-8")
    (tmp_path / "doc.typ").write_text('#set page(width: auto, height: auto, margin: 2pt)\n#image("map.svg")\n')
    png = typst.compile(str(tmp_path / "doc.typ"), format="png", ppi=72)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
