"""Write the kernfoto's of a whole municipality at once: one PDF (and HTML page) per area, plus an index.

The profiles are built in the calling thread (they read the database) while Typst compilers in
worker threads render the ones built before (:meth:`TypstRenderer.render_iter`); the files are
written in order, and ``progress`` is called as each kernfoto is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..areas.models import Area
from ..errors import KernfotoError
from ..stats.export import resolve_area
from .build import ProfileSource
from .html_render import render_html
from .model import Profile
from .render_index import render_index
from .typst_render import TypstRenderer

LEVELS = ("kern", "wijk", "buurt")


@dataclass
class BatchResult:
    profiles: list[Profile]
    files: list[Path]
    index: Path


def write_kernfotos(gemeente: str, period: str, out: Path, *, level: str = "kern", area: str | None = None,
                    html: bool = True, progress: Callable[[str, int, int], None] | None = None,
                    renderer: TypstRenderer | None = None, workers: int | None = None) -> BatchResult:
    """One PDF (and HTML page) per area of ``level`` (or only ``area``) and an index page.

    ``workers``: parallel Typst compilers (default: the number of CPUs, at most 4).
    A kernfoto that cannot be made (it does not fit one page) stops the batch with its error.
    """
    gemeente = gemeente.strip().upper()
    if not Area.objects.filter(code=gemeente, level="gemeente").exists():
        raise KernfotoError(f"gemeente {gemeente} is niet bekend; importeer eerst gegevens (bijvoorbeeld met 'kernfoto demo')")
    if level not in LEVELS:
        raise KernfotoError(f"onbekend niveau {level!r}; kies kern, wijk of buurt")
    source = ProfileSource(gemeente)
    if period not in set(source.results["period"].unique().to_list()):
        periods = ", ".join(sorted(source.results["period"].unique().to_list()))
        raise KernfotoError(f"geen cijfers voor {period}; beschikbare jaren: {periods}")
    if area:
        code, gm, _ = resolve_area(area)
        if gm != gemeente:
            raise KernfotoError(f"gebied {area} hoort niet bij gemeente {gemeente}")
        codes = [code]
    else:
        codes = source.areas(level)
        if not codes:
            hint = " (leg ze vast met 'kernfoto kernen BESTAND')" if level == "kern" else ""
            raise KernfotoError(f"gemeente {gemeente} heeft geen {level}en{hint}")
    out.mkdir(parents=True, exist_ok=True)
    renderer = renderer or TypstRenderer()

    def build() -> Iterator[Profile]:
        for code in codes:
            yield source.profile(code, period)

    profiles, files, names = [], [], []
    for n, (code, result) in enumerate(zip(codes, renderer.render_iter(build(), workers=workers), strict=True), start=1):
        profile = result.profile
        if result.exception is not None:
            raise result.exception
        if progress:
            progress(profile.area_name, n, len(codes))
        pdf = out / f"{code}.pdf"
        pdf.write_bytes(result.pdf or b"")
        files.append(pdf)
        names.append(pdf.name)
        if html:
            page = out / f"{code}.html"
            page.write_text(render_html(profile, pdf_href=pdf.name), encoding="utf-8")
            files.append(page)
        profiles.append(profile)
    index = out / "index.html"
    index.write_text(render_index(profiles, names), encoding="utf-8")
    return BatchResult(profiles=profiles, files=files, index=index)
