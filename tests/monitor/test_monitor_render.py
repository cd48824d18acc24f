"""The PDF of the Sociale Monitor: multi-page A4, table of contents, page numbers, running header, tables
that repeat their header, no Typst warnings and no text outside the page margins."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from html.parser import HTMLParser

import pytest
from monitor_helpers import pdf_pages_text, poppler

from kernfoto.monitor.typst_render import MonitorRenderer

pytestmark = pytest.mark.django_db

A4 = (595.276, 841.89)
MARGIN_X = 20 / 25.4 * 72  # 20 mm, as in sociale-monitor.typ


def test_every_page_is_a4(sample_pdf, tmp_path):
    path = tmp_path / "monitor.pdf"
    path.write_bytes(sample_pdf)
    info = subprocess.run([poppler("pdfinfo"), "-f", "1", "-l", "999", str(path)], capture_output=True, check=True,
                          text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert pages > 10 and len(sizes) == pages
    assert {(float(w), float(h)) for w, h in sizes} == {A4}


def test_table_of_contents_lists_every_chapter_with_its_page(sample_pdf, sample_report, tmp_path):
    pages = pdf_pages_text(sample_pdf, tmp_path)
    toc = pages[0]
    assert "Inhoud" in toc
    titles = ["Samenvatting", *(c.label for c in sample_report.chapters), "Waar problemen zich opstapelen",
              "Bijlage: alle cijfers"]
    for title in titles:
        m = re.search(re.escape(title) + r"[ .]*\D*(\d+)\s*$", toc, re.M)
        assert m, title
        page = int(m.group(1))
        # the chapter starts on that page: its title is the first line under the running header
        body = [line.strip() for line in pages[page - 1].splitlines() if line.strip()]
        assert body[1] == title, (title, page, body[:3])


def test_page_numbers_and_running_header_on_every_page(sample_pdf, tmp_path):
    pages = pdf_pages_text(sample_pdf, tmp_path)
    n = len(pages)
    for i, text in enumerate(pages, start=1):
        assert f"pagina {i} van {n}" in text
        assert "Gemaakt met Kernfoto" in text and "29 november 2026" in text
        if i > 1:
            assert text.lstrip().startswith("Sociale Monitor Stichtse Vecht 2020")


def test_long_tables_repeat_their_header(sample_pdf, tmp_path):
    pages = pdf_pages_text(sample_pdf, tmp_path)
    start = next(i for i, t in enumerate(pages) if "Elk cijfer in dit rapport" in t)
    end = next(i for i, t in enumerate(pages) if "Vergelijkbaarheid van de indeling" in t and i >= start)
    assert end > start  # the appendix runs over several pages
    for text in pages[start:end + 1]:
        assert "Indicator en definitie" in text and "Methode" in text


def test_summary_and_chapters_are_in_the_pdf(sample_pdf, sample_report, tmp_path):
    flat = " ".join(" ".join(pdf_pages_text(sample_pdf, tmp_path, layout=False)).split())
    for f in sample_report.summary:
        assert f.text in flat
    assert "Waar gaat het goed en waar minder?" in flat and "Met wie?" in flat and "Wat we horen" in flat
    assert "Aanbod in de sociale basis" in flat and "Wat er gebeurt" in flat
    assert "Per kern, wijk en buurt tellen we op hoeveel indicatoren" in flat
    assert "Bron: RIVM/GGD'en/CBS, Gezondheidsmonitor Volwassenen en Ouderen 2016, 2020 (CC BY 4.0)" in flat


class _Words(HTMLParser):
    """Word boxes of ``pdftotext -bbox``, per page."""

    def __init__(self):
        super().__init__()
        self.pages: list[tuple[float, list[tuple[str, float, float, float]]]] = []
        self._word: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "page":
            self.pages.append((float(a["width"]), []))
        elif tag == "word":
            self._word = [float(a["xmin"]), float(a["xmax"]), float(a["ymin"])]

    def handle_data(self, data):
        if self._word is not None:
            self.pages[-1][1].append((data, *self._word))
            self._word = None


def _words(pdf: bytes, tmp_path) -> _Words:
    path = tmp_path / "monitor.pdf"
    path.write_bytes(pdf)
    html = subprocess.run([poppler("pdftotext"), "-bbox", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout
    parser = _Words()
    parser.feed(html)
    return parser


def test_no_text_runs_outside_the_margins(sample_pdf, tmp_path):
    parser = _words(sample_pdf, tmp_path)
    assert len(parser.pages) > 10 and sum(len(words) for _, words in parser.pages) > 3000
    outside = [(n, w, round(x0), round(x1)) for n, (width, words) in enumerate(parser.pages, start=1)
               for w, x0, x1, _ in words if x0 < MARGIN_X - 1 or x1 > width - MARGIN_X + 1]
    assert outside == []


def test_no_text_runs_into_its_neighbour(sample_pdf, tmp_path):
    """A figure too wide for its table cell runs over the next cell: two words of one line overlap."""
    overlaps = []
    for n, (_, words) in enumerate(_words(sample_pdf, tmp_path).pages, start=1):
        lines: dict[int, list[tuple[float, float, str]]] = {}
        for w, x0, x1, y0 in words:
            lines.setdefault(round(y0), []).append((x0, x1, w))
        for line in lines.values():
            line.sort()
            overlaps += [(n, a[2], b[2]) for a, b in zip(line, line[1:], strict=False) if b[0] < a[1] - 0.5]
    assert overlaps == []


def test_analyst_texts_are_set_as_text_never_as_markup(sample_report, renderer, tmp_path):
    tricky = "#set page(width: 1cm) *geen vet* $x^2$ [link] <label> @ref \\ _schuin_ // geen commentaar"
    chapters = tuple(dataclasses.replace(c, commentary=("Kort: " + tricky,)) if c.theme == "jeugd" else c
                     for c in sample_report.chapters)
    rep = dataclasses.replace(sample_report, introduction=(tricky, "Tweede alinea."), chapters=chapters)
    pdf = renderer.render(rep)
    assert renderer.last_warnings == []
    flat = " ".join(" ".join(pdf_pages_text(pdf, tmp_path, layout=False)).split())
    assert "Inleiding " + tricky in flat and "Tweede alinea." in flat
    assert "Toelichting van de analist Kort: " + tricky in flat
    path = tmp_path / "m.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([poppler("pdfinfo"), str(path)], capture_output=True, check=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info


def test_same_report_same_pdf(sample_report, sample_pdf):
    assert MonitorRenderer().render(sample_report) == sample_pdf
