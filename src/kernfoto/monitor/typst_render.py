"""Render a Sociale Monitor :class:`~kernfoto.monitor.model.Report` as a multi-page A4 PDF with Typst.

The report travels to ``templates/sociale-monitor.typ`` as JSON in ``sys.inputs["report"]`` (the
report's own fields, display strings and SVG maps included, plus the chosen fonts and the table limits
of :func:`report_view`); the template lays it out and never computes a figure. Strings from the JSON
are inserted as text, never evaluated as markup. The PDF has a table of contents ("Inhoud"), a running
header with the chapter, page numbers ("pagina 3 van 21") in the footer, and tables whose header repeats
on every page they run over.

Fonts: the kernfoto's choice (:func:`kernfoto.profiles.typst_render.choose_fonts`): DejaVu Sans when
present, with Typst's embedded fonts as the fallback. No creation date is written, so the same report
gives the same PDF.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import typst

from ..profiles.charts import dutch_date
from ..profiles.typst_render import PREFERRED_FONTS, KernfotoRenderError, choose_fonts, page_count
from .model import Report

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = TEMPLATE_DIR / "sociale-monitor.typ"

# Layout limits of the PDF (the web page and the workbook show everything): a map's table lists at most
# this many areas (least favourable first), an accumulation table per level this many (highest rank first).
MAP_ROWS = 25
ACCUMULATION_ROWS = {"kern": 30, "wijk": 15, "buurt": 5}


def report_view(report: Report, fonts: list[str]) -> dict:
    """The JSON the template reads: the report as plain data plus layout settings (no figure is computed)."""
    data = report.to_dict()
    data.pop("extra", None)
    data["title"] = report.title
    data["filename"] = report.filename
    data["generated_on_text"] = dutch_date(report.generated_on) if report.generated_on else ""
    return {"fonts": fonts, "limits": {"map_rows": MAP_ROWS, "accumulation_rows": ACCUMULATION_ROWS},
            "report": data}


class MonitorRenderer:
    """Renders reports with one long-lived Typst compiler (fonts scanned and template parsed once).

    Thread-safe: compilations are serialised with a lock. Typst's warnings of the last rendering are
    in :attr:`last_warnings`; the tests treat any warning as an error.
    """

    def __init__(self, *, fonts: list[str] | None = None, font_paths: tuple[str | Path, ...] = (),
                 ignore_system_fonts: bool = False):
        paths = [str(p) for p in font_paths]
        available = typst.Fonts(include_system_fonts=not ignore_system_fonts, font_paths=paths).families()
        self.fonts: list[str] = choose_fonts(available, fonts or PREFERRED_FONTS)
        self._compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE_DIR), font_paths=paths,
                                        ignore_system_fonts=ignore_system_fonts)
        self._lock = threading.Lock()
        self.last_warnings: list[str] = []
        self.last_pages = 0

    def _compile(self, report: Report, fmt: str, ppi: float | None = None):
        inputs = {"report": json.dumps(report_view(report, self.fonts), ensure_ascii=False, separators=(",", ":"))}
        with self._lock:
            try:
                out, warnings = self._compiler.compile_with_warnings(format=fmt, ppi=ppi, sys_inputs=inputs)
            except typst.TypstError as exc:
                detail = getattr(exc, "diagnostic", "") or str(exc)
                raise KernfotoRenderError(
                    f"De Sociale Monitor van {report.gemeente_name} ({report.period}) kon niet worden opgemaakt: "
                    f"{detail}") from exc
            self.last_warnings = [getattr(w, "message", "") or str(w) for w in warnings]
            self.last_pages = page_count(out, fmt)
        return out

    def render(self, report: Report) -> bytes:
        """The report as a multi-page A4 PDF."""
        return self._compile(report, "pdf")

    def render_png(self, report: Report, *, ppi: float = 50) -> list[bytes]:
        """One PNG per page (previews)."""
        out = self._compile(report, "png", ppi)
        return out if isinstance(out, list) else [out]


_default: MonitorRenderer | None = None
_default_lock = threading.Lock()


def renderer() -> MonitorRenderer:
    """One renderer per process (its compiler is kept)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = MonitorRenderer()
        return _default


def render_pdf(report: Report) -> bytes:
    return renderer().render(report)
