"""Write a Sociale Monitor to files: the PDF and the figures workbook side by side (used by the CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse

from ..errors import KernfotoError
from .model import Report
from .sources import report as build
from .typst_render import renderer
from .xlsx import workbook


@dataclass
class Written:
    report: Report
    pdf: Path
    xlsx: Path
    pages: int
    url: str  # the same report as a page of the web application


def write_report(gemeente: str, period: str, out_dir: Path, *, today: str | None = None) -> Written:
    """``out_dir/sociale-monitor-GM1904-2020.pdf`` and ``.xlsx``; raises KernfotoError (Dutch) on bad input."""
    if out_dir.exists() and not out_dir.is_dir():
        raise KernfotoError(f"{out_dir} is een bestand, geen map; kies een map voor de PDF en de werkmap")
    report = build(gemeente, period, today=today)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KernfotoError(f"de map {out_dir} kan niet worden gemaakt ({exc.strerror or exc})") from None
    r = renderer()
    pdf = r.render(report)
    data = workbook(report)
    pdf_path = out_dir / f"{report.filename}.pdf"
    xlsx_path = out_dir / f"{report.filename}.xlsx"
    pdf_path.write_bytes(pdf)
    xlsx_path.write_bytes(data)
    url = reverse("monitor:report", args=[report.gemeente_code, report.period])
    return Written(report=report, pdf=pdf_path, xlsx=xlsx_path, pages=r.last_pages, url=url)
