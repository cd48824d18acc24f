"""Write the kernfoto's of a whole municipality at once: one PDF (and HTML page) per area, plus an index."""

from __future__ import annotations

from collections.abc import Callable
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
                    renderer: TypstRenderer | None = None) -> BatchResult:
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
    profiles, files, names = [], [], []
    for n, code in enumerate(codes, start=1):
        profile = source.profile(code, period)
        if progress:
            progress(profile.area_name, n, len(codes))
        pdf = out / f"{code}.pdf"
        pdf.write_bytes(renderer.render(profile))
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
