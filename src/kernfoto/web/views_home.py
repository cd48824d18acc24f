"""Home (the gemeenten of this installation) and "Over deze cijfers" (methods, from the catalogue)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import path

from ..profiles.build import METHOD_NOTES
from ..stats import engine
from ..stats.catalogue import catalogue
from .services import gemeenten


def home(request):
    return render(request, "web/home.html", {"gemeenten": gemeenten()})


def methods(request):
    cat = catalogue()
    themes = []
    for theme in cat.themes:
        inds = [i for i in cat.indicators if i.theme == theme.id]
        themes.append({"theme": theme, "indicators": inds})
    tables = sorted(cat.tables.values(), key=lambda t: t.id)
    rules = {
        "min_coverage_pct": round(engine.MIN_COVERAGE * 100),
        "estimate_pp": engine.ESTIMATE_MIN_DIFF_PP,
        "small_pct": engine.SMALL_BENCHMARK_PCT,
        "small_pp": engine.SMALL_MIN_DIFF_PP,
        "rel_pct": round(engine.ESTIMATE_MIN_DIFF_REL * 100),
    }
    return render(request, "web/methods.html", {"themes": themes, "tables": tables, "rules": rules,
                                                "method_notes": METHOD_NOTES})


urlpatterns = [
    path("", home, name="home"),
    path("over-deze-cijfers/", methods, name="methods"),
]
