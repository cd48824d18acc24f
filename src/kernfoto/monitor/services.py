"""The Sociale Monitor in the web application: reports, PDFs and workbooks kept in memory per data version.

A report is built from the gemeente's :class:`~kernfoto.web.services.GemeenteData` (the very results the
kernfoto pages use, computed once per data version), then kept with its PDF and workbook until the data
generation changes (an import, an approved voice, an analyst's text: ``web/signals.py`` bumps it).
"""

from __future__ import annotations

import threading

from django.http import Http404

from ..errors import KernfotoError
from ..web.services import GemeenteData, gemeente_data
from .model import Report
from .sources import periods_of
from .sources import report as build_report
from .typst_render import renderer
from .xlsx import workbook

MAX_ENTRIES = 32  # reports kept per process (each a few hundred kB with its PDF)

_lock = threading.Lock()
_reports: dict[tuple[str, str], tuple[tuple, Report]] = {}
_files: dict[tuple[str, str, str], tuple[tuple, bytes]] = {}


def _get(store: dict, key: tuple, version: tuple):
    with _lock:
        hit = store.get(key)
    return hit[1] if hit is not None and hit[0] == version else None


def _put(store: dict, key: tuple, version: tuple, value):
    with _lock:
        if key not in store and len(store) >= MAX_ENTRIES:
            store.pop(next(iter(store)))
        store[key] = (version, value)
    return value


def periods(data: GemeenteData) -> list[str]:
    """The periods a Sociale Monitor can be made for: those with figures of the gemeente itself."""
    return periods_of(data.results, data.code)


def monitor_report(code: str, period: str) -> tuple[GemeenteData, Report]:
    """The gemeente's data and its Sociale Monitor over ``period``; Http404 (Dutch) when either is unknown."""
    data = gemeente_data(code)
    key = (data.code, period)
    report = _get(_reports, key, data.version)
    if report is None:
        try:
            report = build_report(data.code, period, source=data.source)
        except KernfotoError as exc:
            raise Http404(str(exc)[:1].upper() + str(exc)[1:] + ".") from None
        _put(_reports, key, data.version, report)
    return data, report


def report_file(code: str, period: str, fmt: str) -> tuple[Report, bytes]:
    """The PDF (``fmt == "pdf"``) or the workbook (``"xlsx"``) of a report, made once per data version."""
    data, report = monitor_report(code, period)
    key = (data.code, period, fmt)
    body = _get(_files, key, data.version)
    if body is None:
        body = renderer().render(report) if fmt == "pdf" else workbook(report)
        _put(_files, key, data.version, body)
    return report, body


def clear() -> None:
    with _lock:
        _reports.clear()
        _files.clear()
