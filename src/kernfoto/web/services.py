"""Data for the web application and the API: the engine's results per gemeente, computed once.

Computing a gemeente takes about a second; pages must answer in milliseconds. So the results,
profiles and PDFs of a gemeente are kept in memory per process and recomputed only when the data
changes (a new import, other kernen or curated texts), detected by a cheap version key.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import polars as pl
from django.http import Http404

from ..areas.models import Area, AreaGroup
from ..profiles.build import ProfileSource
from ..profiles.model import Profile
from ..stats.catalogue import Catalogue, catalogue
from ..stats.export import tidy

PUBLIC_STATUSES = ("ok", "afgeschermd", "geheim", "ontbreekt")


def data_version(gemeente: str) -> tuple:
    """Changes whenever anything that feeds the figures or texts of public pages changes: imports,
    kernen, curated texts, voices and their approval, publications (one cheap query: the data
    generation that signals bump on every such write; see ``web/models.py``)."""
    from .models import current

    return (current(),)


@dataclass
class GemeenteData:
    code: str
    name: str
    version: tuple
    source: ProfileSource
    export: pl.DataFrame  # the tidy export table (stats.export.tidy) of all areas, periods, groups
    periods: list[str]
    profiles: dict[tuple[str, str], Profile] = field(default_factory=dict)
    pdfs: dict[tuple[str, str], bytes] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def results(self) -> pl.DataFrame:
        return self.source.results

    @property
    def catalogue(self) -> Catalogue:
        return catalogue()

    @property
    def latest_period(self) -> str:
        """The default period of pages: the latest one with at least half as many figures as the
        richest period (so a year with only a few KWB counts does not become the default)."""
        counts = (self.export.filter((pl.col("area_code") == self.code) & (pl.col("status") == "ok"))
                  .group_by("period").len().sort("period"))
        if counts.is_empty():
            return self.periods[-1]
        most = counts["len"].max()
        return counts.filter(pl.col("len") * 2 >= most)["period"].to_list()[-1]

    def area_name(self, code: str) -> str:
        return self.source.ctx.area_names.get(code, code)

    def area_level(self, code: str) -> str:
        return self.source.ctx.area_levels.get(code, "")

    def areas(self, level: str) -> list[str]:
        return self.source.areas(level)

    def profile(self, code: str, period: str) -> Profile:
        key = (code, period)
        with self.lock:
            if key not in self.profiles:
                if code not in self.source.ctx.area_names:
                    raise Http404(f"Gebied {code} hoort niet bij {self.name}")
                self.profiles[key] = self.source.profile(code, period)
            return self.profiles[key]

    def pdf(self, code: str, period: str) -> bytes:
        key = (code, period)
        profile = self.profile(code, period)
        with self.lock:
            if key not in self.pdfs:
                self.pdfs[key] = _renderer().render(profile)
            return self.pdfs[key]


_cache: dict[str, GemeenteData] = {}
_cache_lock = threading.Lock()
_renderer_instance = None


def _renderer():
    global _renderer_instance
    if _renderer_instance is None:
        from ..profiles.typst_render import TypstRenderer

        _renderer_instance = TypstRenderer()
    return _renderer_instance


def gemeenten() -> list[Area]:
    """Gemeenten with their own wijken or kernen in the database (not every gemeente row of a national table)."""
    codes = set(Area.objects.filter(level="wijk").values_list("gemeente_code", flat=True))
    codes |= set(AreaGroup.objects.filter(kind="kern").values_list("gemeente_id", flat=True))
    return list(Area.objects.filter(code__in=codes, level="gemeente").order_by("name"))


def gemeente_data(code: str) -> GemeenteData:
    code = code.upper()
    area = Area.objects.filter(code=code, level="gemeente").first()
    if area is None:
        raise Http404(f"Gemeente {code} is niet bekend")
    version = data_version(code)
    with _cache_lock:
        cached = _cache.get(code)
        if cached is not None and cached.version == version:
            return cached
    source = ProfileSource(code)
    export = tidy(source.results)
    periods = sorted(export["period"].unique().to_list())
    data = GemeenteData(code=code, name=area.name, version=version, source=source, export=export, periods=periods)
    with _cache_lock:
        _cache[code] = data
    return data


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def public(frame: pl.DataFrame) -> pl.DataFrame:
    """What may be shown publicly: a protected or secret figure never carries a value or interval."""
    hidden = pl.col("status") != "ok"
    cols = [c for c in ("value", "lower", "upper", "numerator", "denominator") if c in frame.columns]
    return frame.with_columns([pl.when(hidden).then(None).otherwise(pl.col(c)).alias(c) for c in cols])
