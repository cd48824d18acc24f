"""Render a :class:`~kernfoto.profiles.model.Profile` as a standalone, accessible HTML page.

The page uses the Django template ``profiles/kernfoto.html``, a standalone wrapper around the
partial ``profiles/_kernfoto_body.html``; the web app includes the same partial, with the same
:func:`page_context`, inside its own layout (``web/kernfoto.html``). Here it is rendered by a standalone
:class:`django.template.Engine`, so it works without Django settings (CLI, batch export).

The page has no external resources: CSS and the SVG charts are inline. It has a print
stylesheet (``@page { size: A4 }``). It shows the same content as the PDF, from the same
page view (:func:`kernfoto.profiles.charts.page_view`); nothing is computed here.

``map_svg`` of the profile is inserted as markup: it is made by Kernfoto's own builder
(never taken from user input).
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.template import Context, Engine

from kernfoto.profiles.charts import page_view
from kernfoto.profiles.model import Profile

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "profiles/kernfoto.html"

_engine: Engine | None = None
_lock = threading.Lock()


def engine() -> Engine:
    """A standalone Django template engine for this package's templates (no settings needed)."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = Engine(dirs=[str(TEMPLATE_DIR)], app_dirs=False, autoescape=True, debug=False)
        return _engine


def page_context(profile: Profile, *, pdf_href: str = "") -> dict:
    """The template context: ``v`` (the page view) plus a few HTML-only groupings."""
    view = page_view(profile)
    return {
        "v": view,
        "pdf_href": pdf_href,
        "finding_columns": [
            {
                "title": "Krachten",
                "items": view["findings"]["krachten"],
                "empty": "Geen krachten gevonden in de cijfers.",
            },
            {
                "title": "Opgaven",
                "items": view["findings"]["opgaven"],
                "empty": "Geen opgaven gevonden in de cijfers.",
            },
        ],
        "text_blocks": [
            {"id": "wat-we-horen", **view["voices"]},
            # links to the finder and the gap matrix: shown on the web page only (see the partial)
            {"id": "sociale-basis", **view["socialbase"], "links": profile.extra.get("socialbase_links", [])},
            {"id": "wat-er-gebeurt", **view["happenings"], "links": profile.extra.get("happenings_links", [])},
        ],
    }


def render_html(profile: Profile, *, pdf_href: str = "") -> str:
    """The kernfoto as one standalone HTML page (``<html lang="nl">``), as a string.

    ``pdf_href``: optional link to the PDF version of the same kernfoto.
    """
    template = engine().get_template(TEMPLATE_NAME)
    return template.render(Context(page_context(profile, pdf_href=pdf_href), autoescape=True))
