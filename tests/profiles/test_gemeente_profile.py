"""The gemeente's own kernfoto is compared with Nederland: no "Gemeente" reference column, no "t.o.v. gemeente"."""

from __future__ import annotations

from kernfoto.profiles.build import ProfileSource
from kernfoto.profiles.charts import page_view
from kernfoto.profiles.html_render import render_html

GM = "GM1904"


def test_the_gemeente_page_compares_with_nederland(sample):
    profile = ProfileSource(GM, today="2026-11-29").profile(GM, "2020")
    view = page_view(profile)
    assert view["own_gemeente"] and view["compare_label"] == "t.o.v. Nederland"
    assert "gemeente" not in [item["kind"] for item in view["legend"]]
    figures = {f.indicator: f for block in profile.themes for f in block.figures}
    rows = {r["indicator"]: r for theme in view["themes"] for r in theme["rows"]}
    smoking = figures["roker_pct"]
    assert smoking.comparison_nl in ("gunstiger", "ongunstiger", "vergelijkbaar")
    assert rows["roker_pct"]["comparison"]["class"] == smoking.comparison_nl
    html = render_html(profile)
    assert "t.o.v. Nederland" in html and "t.o.v. gemeente" not in html
    assert '<th scope="col" class="num">Gemeente</th>' in html  # the level label of the area column only once
    assert html.count('<th scope="col" class="num">Gemeente</th>') == len(view["themes"])


def test_a_kern_page_still_compares_with_its_gemeente(sample):
    view = page_view(ProfileSource(GM, today="2026-11-29").profile("maarssen-dorp", "2020"))
    assert not view["own_gemeente"] and view["compare_label"] == "t.o.v. gemeente"
    assert "gemeente" in [item["kind"] for item in view["legend"]]
