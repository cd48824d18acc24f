"""The kernfoto renderers: Typst PDF, HTML page, index page and the SVG charts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from kernfoto.profiles import charts
from kernfoto.profiles.charts import benchmark_chart, legend, marker_svg, page_view
from kernfoto.profiles.html_render import render_html
from kernfoto.profiles.model import Figure
from kernfoto.profiles.render_index import render_index
from kernfoto.profiles.typst_render import (
    KernfotoOverflowError,
    KernfotoRenderError,
    TypstRenderer,
    choose_fonts,
    count_pdf_pages,
)

A4 = (595.28, 841.89)
MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")


@pytest.fixture(scope="module")
def renderer() -> TypstRenderer:
    return TypstRenderer()


@pytest.fixture(scope="module")
def sample_pdf(renderer, sample_profile) -> bytes:
    return renderer.render(sample_profile)


def mediaboxes(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in MEDIABOX.findall(pdf)]


def pdftotext(pdf: bytes, tmp_path, *, layout: bool = False) -> str:
    """The text of the PDF: in reading order, or with ``layout`` in physical lines (for table rows)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "kernfoto.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    out = subprocess.run(args, capture_output=True, check=True)
    return out.stdout.decode("utf-8")


# --------------------------------------------------------------------------- PDF


def test_pdf_is_one_a4_page(sample_pdf):
    assert sample_pdf.startswith(b"%PDF-")
    assert count_pdf_pages(sample_pdf) == 1
    boxes = mediaboxes(sample_pdf)
    assert boxes, "no /MediaBox in the PDF"
    for width, height in boxes:
        assert width == pytest.approx(A4[0], abs=0.01)
        assert height == pytest.approx(A4[1], abs=0.01)


def test_pdf_page_count_agrees_with_pdfinfo(sample_pdf, tmp_path):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    path = tmp_path / "k.pdf"
    path.write_bytes(sample_pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M)


def test_pdf_text_shows_the_profile(sample_pdf, sample_profile, tmp_path):
    text = pdftotext(sample_pdf, tmp_path, layout=True)
    flat = " ".join(pdftotext(sample_pdf, tmp_path).split())
    assert sample_profile.area_name in text
    assert "15.930 inwoners" in flat
    for heading in (
        "Wat opvalt",
        "Krachten",
        "Opgaven",
        "Cijfers per thema",
        "Met wie",
        "Wat we horen",
        "Sociale basis",
    ):
        assert heading in flat
    for block in sample_profile.themes:
        assert block.label in flat
    figures = {f.indicator: f for block in sample_profile.themes for f in block.figures}
    row = [line for line in text.splitlines() if "Ervaren gezondheid (zeer) goed" in line][0]
    f = figures["ervaren_gezondheid_goed_pct"]
    assert [f.display, f.gemeente_display, f.nl_display] == ["81%", "81%", "78%"]
    assert re.search(r"81%\s+81%\s+78%", row)
    row = [line for line in text.splitlines() if "Sport wekelijks" in line][0]
    assert re.search(r"55%\s+52%\s+49%\s+▲\s*gunstiger", row)
    assert "gedaald (2016: 18%)" in flat  # Rookt: 13% now, 18% in 2016
    assert sample_profile.voices.empty_text in flat
    assert "CC BY 4.0" in flat
    assert "Gemaakt op 29 november 2025 met Kernfoto 0.1.0" in flat
    for finding in sample_profile.findings:
        assert finding.text[:40] in flat
    assert "(toelichting analist)" in flat


def test_pdf_is_byte_identical_across_renders_and_renderers(renderer, sample_profile, sample_pdf):
    assert renderer.render(sample_profile) == sample_pdf
    assert TypstRenderer().render(sample_profile) == sample_pdf


def test_pdf_has_no_creation_date_and_a_title(sample_pdf):
    assert b"/CreationDate" not in sample_pdf
    assert b"Kernfoto Maarssen" in sample_pdf or "Kernfoto Maarssen".encode("utf-16-be") in sample_pdf


def test_no_typst_warnings_for_the_sample(renderer, sample_profile):
    assert renderer.warnings(sample_profile) == []
    renderer.render(sample_profile)
    assert renderer.last_warnings == []
    assert renderer.last_density == "normal"


def test_long_name_still_fits_one_page(renderer, long_name_profile, tmp_path):
    pdf = renderer.render(long_name_profile)
    assert count_pdf_pages(pdf) == 1
    flat = " ".join(pdftotext(pdf, tmp_path).split())
    assert "Otterspoorbroek" in flat
    assert "en 11 andere" in flat  # 19 member buurten: the first 8 are named


def test_every_optional_block_empty(renderer, empty_blocks_profile, tmp_path):
    pdf = renderer.render(empty_blocks_profile)
    assert count_pdf_pages(pdf) == 1
    flat = " ".join(pdftotext(pdf, tmp_path).split())
    assert "Lege Wijk" in flat
    assert "Nog geen verhalen vastgelegd." in flat
    assert "Nog geen voorzieningen vastgelegd." in flat
    assert "Geen krachten gevonden in de cijfers." in flat
    assert not re.search(r"\d inwoners", flat)  # no population line in the header
    assert "Met wie" not in flat


def test_profile_without_themes(renderer, empty_blocks_profile, tmp_path):
    pdf = renderer.render(replace(empty_blocks_profile, themes=()))
    assert count_pdf_pages(pdf) == 1
    assert "geen cijfers beschikbaar" in pdftotext(pdf, tmp_path)


def test_block_items_are_shown(renderer, voices_profile, tmp_path):
    flat = " ".join(pdftotext(renderer.render(voices_profile), tmp_path).split())
    for item in voices_profile.voices.items + voices_profile.socialbase.items:
        assert item in flat


def test_overfull_profile_raises_and_reports(renderer, overfull_profile):
    assert sum(len(b.figures) for b in overfull_profile.themes) == 80
    with pytest.raises(KernfotoOverflowError) as info:
        renderer.render(overfull_profile)
    assert info.value.pages > 1
    assert "past niet op één A4-pagina" in str(info.value)
    assert any("past niet op één A4-pagina" in w for w in renderer.last_warnings)
    warnings = renderer.warnings(overfull_profile)  # reports without raising
    assert any("past niet op één A4-pagina" in w for w in warnings)
    with pytest.raises(KernfotoOverflowError):
        renderer.render_png(overfull_profile, ppi=20)


def test_renderer_is_reusable_after_an_error(renderer, overfull_profile, sample_profile, sample_pdf):
    with pytest.raises(KernfotoOverflowError):
        renderer.render(overfull_profile)
    assert renderer.render(sample_profile) == sample_pdf


def test_render_many_in_parallel_matches_sequential(
    renderer, sample_profile, long_name_profile, overfull_profile
):
    batch = [sample_profile, overfull_profile, long_name_profile, sample_profile]
    results = renderer.render_many(batch, workers=2)
    assert [r.profile for r in results] == batch
    assert [r.ok for r in results] == [True, False, True, True]
    assert results[0].pdf == results[3].pdf == renderer.render(sample_profile)
    assert results[2].pdf == renderer.render(long_name_profile)
    assert "past niet op één A4-pagina" in results[1].error
    assert renderer.render_many([sample_profile], workers=1)[0].pdf == results[0].pdf


def test_broken_svg_gives_a_dutch_error(renderer, sample_profile):
    with pytest.raises(KernfotoRenderError, match="kon niet worden opgemaakt"):
        renderer.render(replace(sample_profile, map_svg="<svg xmlns='http://www.w3.org/2000/svg'><g></svg>"))


def test_png_preview(renderer, sample_profile):
    png = renderer.render_png(sample_profile, ppi=30)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert height / width == pytest.approx(A4[1] / A4[0], rel=0.01)


def test_fonts_fall_back_to_embedded_fonts(sample_profile):
    assert choose_fonts(["DejaVu Sans", "Libertinus Serif"])[0] == "DejaVu Sans"
    assert choose_fonts(["Libertinus Serif"])[0] == "Libertinus Serif"
    bare = TypstRenderer(ignore_system_fonts=True)
    assert bare.font == "Libertinus Serif"
    pdf = bare.render(sample_profile)
    assert count_pdf_pages(pdf) == 1
    assert not [w for w in bare.last_warnings if "font" in w]


# --------------------------------------------------------------------------- charts


def chart_figure(**changes) -> Figure:
    base = Figure(
        indicator="eenzaam_pct",
        label="Eenzaam",
        theme="eenzaamheid",
        unit="%",
        polarity="laag_gunstig",
        value=43.1,
        status="ok",
        display="43%",
        lower=40.2,
        upper=46.0,
        gemeente_value=43.8,
        gemeente_display="44%",
        nl_value=47.0,
        nl_display="47%",
    )
    return replace(base, **changes)


SVG = "{http://www.w3.org/2000/svg}"


def test_benchmark_chart_is_valid_accessible_svg():
    svg = benchmark_chart(chart_figure(), area_name="Maarssen", gemeente_name="Stichtse Vecht")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    label = root.get("aria-label")
    assert label == root.find(f"{SVG}title").text
    assert "Maarssen: 43%" in label and "Stichtse Vecht: 44%" in label and "Nederland: 47%" in label
    assert "95%-interval 40–46%" in label
    # the three markers differ in shape, not only in colour, plus the interval bar
    assert len(root.findall(f"{SVG}circle")) == 1  # this area
    assert len(root.findall(f"{SVG}path")) == 1  # gemeente: diamond
    assert len(root.findall(f"{SVG}rect")) == 2  # interval bar + Nederland tick
    assert "<style" not in svg and "style=" not in svg and "<script" not in svg and "class=" not in svg


def test_benchmark_chart_is_deterministic_and_rounded():
    svg = benchmark_chart(chart_figure())
    assert svg == benchmark_chart(chart_figure())
    numbers = re.findall(r"(?<![\w#])-?\d+\.\d+", re.sub(r'aria-label="[^"]*"|<title>.*?</title>', "", svg))
    assert numbers and all(len(n.split(".")[1]) == 1 for n in numbers)


def test_benchmark_chart_stays_inside_its_box():
    for fig in (
        chart_figure(),
        chart_figure(value=99.5, gemeente_value=97.0, nl_value=96.0, lower=None, upper=None),
        chart_figure(value=0.4, gemeente_value=1.0, nl_value=2.0, lower=None, upper=None),
        chart_figure(
            unit="per km²", value=1234.0, gemeente_value=800.0, nl_value=520.0, lower=None, upper=None
        ),
    ):
        root = ET.fromstring(benchmark_chart(fig, width=120, height=16))
        for el in root.iter():
            for attr in ("cx", "x", "x1", "x2"):
                if el.get(attr) is not None:
                    assert 0 <= float(el.get(attr)) <= 120


def test_benchmark_chart_leaves_out_missing_values():
    svg = benchmark_chart(
        chart_figure(value=None, status="afgeschermd", display="afgeschermd", lower=None, upper=None)
    )
    root = ET.fromstring(svg)
    assert root.findall(f"{SVG}circle") == []
    assert "afgeschermd" in root.get("aria-label")
    empty = ET.fromstring(
        benchmark_chart(chart_figure(value=None, gemeente_value=None, nl_value=None, lower=None, upper=None))
    )
    assert empty.get("role") == "img"


def test_legend_and_markers():
    for kind in ("area", "gemeente", "nl", "interval"):
        root = ET.fromstring(marker_svg(kind))
        assert root.get("role") == "img" and root.get("aria-label")
        hidden = ET.fromstring(marker_svg(kind, decorative=True))
        assert hidden.get("aria-hidden") == "true"
    assert [i["kind"] for i in legend(with_interval=False)] == ["area", "gemeente", "nl"]
    with pytest.raises(ValueError):
        marker_svg("taart")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("background", ["#ffffff", "#eef2f7"])
def test_colours_meet_wcag_aa(background):
    for text_colour in (charts.ACCENT, charts.INK, charts.MUTED):
        assert contrast(text_colour, background) >= 4.5
    for graphic in (charts.GOOD, charts.BAD, charts.ACCENT, charts.MUTED):
        assert contrast(graphic, background) >= 3.0  # WCAG 1.4.11 non-text contrast


def test_page_view_uses_display_strings_verbatim(sample_profile):
    block = sample_profile.themes[0]
    odd = replace(block.figures[0], display="≈ 81,4 (test)", gemeente_display="g-test", nl_display="nl-test")
    profile = replace(sample_profile, themes=(replace(block, figures=(odd,)),))
    row = page_view(profile)["themes"][0]["rows"][0]
    assert (row["display"], row["gemeente"], row["nl"]) == ("≈ 81,4 (test)", "g-test", "nl-test")
    assert "≈ 81,4 (test)" in render_html(profile)


# --------------------------------------------------------------------------- HTML


class PageAudit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self.tables += tag == "table"
        self.captions += tag == "caption"


def audit(html: str) -> PageAudit:
    parser = PageAudit()
    parser.feed(html)
    return parser


def test_html_is_semantic_and_accessible(sample_profile):
    html = render_html(sample_profile)
    page = audit(html)
    assert html.startswith("<!DOCTYPE html>")
    assert page.html_lang == "nl"
    assert sum(tag == "main" for tag, _ in page.tags) == 1
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False))
    assert page.tables == len(sample_profile.themes) == page.captions
    for tag, attrs in page.tags:
        if tag == "th":
            assert attrs.get("scope") in ("col", "row")
        if tag == "img":
            assert attrs.get("alt")
        if tag == "svg":
            assert (attrs.get("role") == "img" and attrs.get("aria-label")) or attrs.get(
                "aria-hidden"
            ) == "true"
        assert tag not in ("script", "link", "iframe")
        for key in ("src", "href"):
            assert not (attrs.get(key) or "").startswith(("http:", "https:", "//"))
    assert "@page { size: A4;" in html
    rows = sum(len(b.figures) for b in sample_profile.themes)
    assert html.count('<th scope="row">') == rows
    assert "▲</span>gunstiger" in html  # symbol and word, never colour alone


def test_html_shows_content_and_empty_blocks(sample_profile, empty_blocks_profile, voices_profile):
    html = render_html(sample_profile, pdf_href="WK190401.pdf")
    assert "<h1>Maarssen</h1>" in html
    assert 'href="WK190401.pdf"' in html
    assert sample_profile.voices.empty_text in html
    assert "(toelichting analist)" in html
    for group in sample_profile.groups:
        assert group.text in html
    empty = render_html(empty_blocks_profile)
    assert "Nog geen verhalen vastgelegd." in empty and "Geen krachten gevonden in de cijfers." in empty
    assert "Met wie" not in empty and "kf-map" not in empty.split("</style>")[1]
    filled = render_html(voices_profile)
    for item in voices_profile.voices.items:
        assert f"<li>{item}</li>" in filled


def test_html_escapes_text(sample_profile):
    html = render_html(replace(sample_profile, area_name='<script>alert("x")</script> & Co'))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp; Co" in html


def test_html_renders_without_django_settings(tmp_path):
    code = """
from kernfoto.profiles.model import Block, Profile
from kernfoto.profiles.html_render import render_html
p = Profile(area_code="x", area_name="Kern Zonder Instellingen", area_level="kern", gemeente_code="GM1904",
    gemeente_name="Stichtse Vecht", period="2020", group="18+", population=1234, population_note="",
    members=(), themes=(), findings=(), groups=(), voices=Block("Wat we horen"), socialbase=Block("Sociale basis"),
    sources=(), method_notes=())
html = render_html(p)
assert "Kern Zonder Instellingen" in html and "1.234 inwoners" in html
print("ok")
"""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


# --------------------------------------------------------------------------- index


def test_index_lists_kernfotos(sample_profile, long_name_profile):
    html = render_index([sample_profile, long_name_profile], ["WK190401.pdf", "buitengebied maarssen.pdf"])
    page = audit(html)
    assert page.html_lang == "nl" and page.captions == page.tables == 1
    assert 'href="WK190401.pdf"' in html and 'href="buitengebied%20maarssen.pdf"' in html
    assert "<td>Wijk</td>" in html and "<td>Kern</td>" in html
    assert html.index("Maarssen") < html.index("Buitengebied")
    by_slug = render_index([sample_profile], {sample_profile.slug: "a.pdf"})
    assert 'href="a.pdf"' in by_slug
    with pytest.raises(ValueError):
        render_index([sample_profile], [])
    with pytest.raises(ValueError):
        render_index([sample_profile], {"other": "b.pdf"})
    assert "nog geen kernfoto" in render_index([], [])


def test_index_escapes(sample_profile):
    html = render_index([replace(sample_profile, area_name="A & <B>")], ['x".pdf'])
    assert "A &amp; &lt;B&gt;" in html and 'href="x%22.pdf"' in html
