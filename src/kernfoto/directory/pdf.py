"""The printable list of a kern (A4, Typst): what there is to do and to get, for the dorpshuis notice board.

The offers come from the finder (``search.search(kern=...)``): those located in or serving the kern,
grouped by their first theme, then those for the whole gemeente. Large type (11 pt, names 13 pt), the
date it was made, and "VOORBEELD" in the header and on every example offer when the list shows example
data. As many pages as needed, numbered "pagina 1 van 2".

The data travel to ``templates/sociale-basis.typ`` as JSON in ``sys.inputs`` (like the kernfoto, see
``profiles/typst_render.py``); the template only lays out. One Typst compiler per process, kept; PDFs
are kept per (gemeente, kern, finder index): the index is rebuilt when the data change or the day does.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from datetime import date
from pathlib import Path

import typst

from ..errors import KernfotoError
from . import search

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = TEMPLATE_DIR / "sociale-basis.typ"
MAX_CACHED = 64
MAX_DESCRIPTION = 220  # characters of an offer's description on paper (the web page has all of it)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")

_lock = threading.Lock()
_compiler: typst.Compiler | None = None
_fonts: list[str] = []
_cache: OrderedDict[tuple, bytes] = OrderedDict()


class ListRenderError(KernfotoError):
    """Typst could not make the list (a template or data problem)."""


def _date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _short_url(url: str) -> str:
    """A web address as people write it on paper: "https://www.buurtkamer.nl/" -> "www.buurtkamer.nl"."""
    return re.sub(r"^https?://", "", url or "").rstrip("/")


def _entry(hit: search.Hit) -> dict:
    """One offer on paper; several places, and the web address, each on a line of their own."""
    contact = [*hit.phones, hit.email, _short_url(hit.url)]
    description = hit.description if len(hit.description) <= MAX_DESCRIPTION else (
        hit.description[:MAX_DESCRIPTION].rsplit(" ", 1)[0] + " …")
    return {"name": hit.name, "organization": hit.organization, "description": description,
            "when": hit.when.replace("; ", "\n"), "where": hit.where.replace("; ", "\n"), "for_whom": hit.for_whom,
            "cost": hit.cost, "contact": "\n".join(x for x in contact if x), "example": hit.is_example,
            "stale": hit.stale_text}


def _groups(hits: list[search.Hit]) -> list[dict]:
    """By the first theme of each offer, in the catalogue's order of themes; offers without a theme last."""
    labels = search.theme_labels()
    order = list(labels)
    grouped: dict[str, list[dict]] = {}
    for hit in hits:
        theme = next((t for t in hit.themes if t in labels), "")
        grouped.setdefault(theme, []).append(_entry(hit))
    keys = sorted(grouped, key=lambda t: order.index(t) if t in labels else len(order))
    return [{"title": labels.get(t, "Overig"), "items": grouped[t]} for t in keys]


def list_view(gemeente: str, kern: str, *, today: date, finder_url: str = "") -> dict:
    """Everything the template shows, as plain data (also what the tests inspect)."""
    from ..areas.models import Area

    kernen = search.kernen(gemeente, today=today)
    if kern not in kernen:
        raise search.SearchError(f"De kern '{kern}' hoort niet bij gemeente {gemeente}.")
    hits = sorted(search.search(gemeente, kern=kern, today=today), key=lambda h: (h.name.casefold(), h.service_id))
    local = [h for h in hits if kern in h.kern_slugs]
    everywhere = [h for h in hits if kern not in h.kern_slugs]
    area = Area.objects.filter(code=gemeente).first()
    gm_name = area.display_name if area else gemeente
    return {
        "kern": kernen[kern], "gemeente": gm_name, "date": _date(today),
        "title": f"Wat is er te doen en te halen in {kernen[kern]}?",
        "example": any(h.is_example for h in hits), "count": len(hits),
        "local": _groups(local), "everywhere": _groups(everywhere),
        "everywhere_title": f"Voor inwoners van heel {gm_name}",
        "finder_url": finder_url,
    }


def _get_compiler() -> typst.Compiler:
    global _compiler, _fonts
    if _compiler is None:
        from ..profiles.typst_render import choose_fonts

        _fonts = choose_fonts(typst.Fonts(include_system_fonts=True).families())
        _compiler = typst.Compiler(str(TEMPLATE), root=str(TEMPLATE_DIR))
    return _compiler


def render(view: dict, fmt: str = "pdf", ppi: float | None = None) -> bytes | list[bytes]:
    """The list as PDF (bytes) or PNG pages (a list of bytes, one per page)."""
    with _lock:
        compiler = _get_compiler()
        inputs = {"list": json.dumps({"fonts": _fonts, "view": view}, ensure_ascii=False, separators=(",", ":"))}
        try:
            out = compiler.compile(format=fmt, ppi=ppi, sys_inputs=inputs)
        except typst.TypstError as exc:
            detail = getattr(exc, "diagnostic", "") or str(exc)
            raise ListRenderError(f"De lijst van {view.get('kern', '')} kon niet worden opgemaakt: {detail}") from exc
    return out


def kern_list_pdf(gemeente: str, kern: str, *, today: date, finder_url: str = "") -> bytes:
    """The printable list of a kern as an A4 PDF (one or more pages), cached per data generation and day."""
    key = (gemeente, kern, search.index_serial(gemeente, today=today), finder_url)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    body = render(list_view(gemeente, kern, today=today, finder_url=finder_url))
    with _lock:
        _cache[key] = body
        while len(_cache) > MAX_CACHED:
            _cache.popitem(last=False)
    return body


def clear() -> None:
    with _lock:
        _cache.clear()
