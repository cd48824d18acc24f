"""The chapters of the Sociale Monitor on the real sample: figures, maps, "met wie", stapeling, appendix,
and the blocks fed by other modules (voices, the directory, the analyst's texts)."""

from __future__ import annotations

import datetime as dt
import sys
import types
from dataclasses import dataclass

import polars as pl
import pytest
from monitor_helpers import GM, PERIOD, TODAY

from kernfoto.areas.models import AreaGroup
from kernfoto.monitor.build import EXECUTION_EMPTY, OFFER_EMPTY, VOICES_EMPTY
from kernfoto.monitor.models import MonitorText
from kernfoto.monitor.sources import report
from kernfoto.stats import engine
from kernfoto.stats.catalogue import catalogue
from kernfoto.voices.models import Quote, SpeakerKind, Status, Voice, VoiceKind

pytestmark = pytest.mark.django_db


def _row(results: pl.DataFrame, area: str, indicator: str, period: str = PERIOD, group: str = "18+") -> dict:
    sel = results.filter((pl.col("area_code") == area) & (pl.col("indicator") == indicator)
                         & (pl.col("period") == period) & (pl.col("group") == group))
    assert sel.height == 1
    return sel.row(0, named=True)


def _chapter(rep, theme: str):
    return next(c for c in rep.chapters if c.theme == theme)


def test_one_chapter_per_catalogue_theme_in_catalogue_order(sample_report):
    assert [c.theme for c in sample_report.chapters] == [t.id for t in catalogue().themes]
    for c in sample_report.chapters:
        assert c.description == catalogue().theme(c.theme).description
        assert c.execution_empty == EXECUTION_EMPTY.format(year=TODAY[:4])
        assert bool(c.figures) != bool(c.no_figures)


def test_execution_per_theme_names_the_granted_initiatives_and_milestones_of_the_year(sample_report):
    """"Wat er gebeurt": every initiative granted in the report's year (the example's 2026) stands in the chapter
    of each of its themes; a theme without initiatives, milestones or consultations says so."""
    from kernfoto.initiatives.models import Initiative, Milestone

    year = int(TODAY[:4])
    expected: dict[str, set[str]] = {}
    granted = Initiative.objects.filter(gemeente_id=GM, granted_on__year=year)
    assert granted.exists()
    for i in granted:
        for theme in i.themes:
            expected.setdefault(theme, set()).add(i.title)
    milestone_themes = {t for m in Milestone.objects.filter(plan__gemeente_id=GM, date__year=year)
                        for t in (m.themes or m.plan.themes)}
    for c in sample_report.chapters:
        for title in expected.get(c.theme, ()):
            assert any(line.startswith(title) for line in c.execution), (c.theme, title, c.execution)
        if c.theme not in expected and c.theme not in milestone_themes and not c.execution:
            assert c.execution_empty.startswith(f"Voor dit thema zijn in {year} nog geen")
    assert any(not c.execution for c in sample_report.chapters)  # bevolking: nothing is done "about" it


def test_gemeente_against_nederland_with_trend(sample_results, sample_report):
    rows = {(r.figure.indicator, r.figure.group): r for r in _chapter(sample_report, "gezondheid").figures}
    r = rows[("ervaren_gezondheid_goed_pct", "18+")]
    src = _row(sample_results, GM, "ervaren_gezondheid_goed_pct")
    assert (r.figure.value, r.figure.nl_value) == (src["value"], src["nl_value"]) == (80.9, 78.4)
    assert (r.figure.display, r.figure.nl_display, r.comparison_text) == ("81%", "78%", "gunstiger")
    assert r.trend_text == "gestegen (was 77% in 2016)"
    assert r.method == "vuistregel voor schattingen" and r.group_label == "18 jaar en ouder"
    assert r.chart.startswith("<svg") and "Nederland: 78%" in r.chart  # the kernfoto's chart, labelled
    # the 65+ row has no earlier measurement
    assert rows[("ervaren_gezondheid_goed_pct", "65+")].trend_text == ""
    # a figure of another year than the report's is marked with its year (KWB 2019 in a 2020 report)
    people = next(r for r in _chapter(sample_report, "bevolking").figures if r.figure.indicator == "inwoners_aantal")
    assert (people.figure.period, people.figure.value, people.comparison_text) == ("2019", 64336.0, "niet vergeleken (aantal)")
    assert sample_report.population == "64.336 inwoners (CBS Kerncijfers wijken en buurten 2019)"


def test_a_change_on_other_boundaries_is_not_comparable(sample):
    rep = report(GM, "2024", today=TODAY)
    people = next(r for r in _chapter(rep, "bevolking").figures if r.figure.indicator == "inwoners_aantal")
    assert people.figure.trend == "niet vergelijkbaar"
    assert people.trend_text == "niet vergelijkbaar met 2022 (andere indeling)"
    assert not any(f.kind == "verandering" for f in rep.summary)
    assert "CBS, Kerncijfers wijken en buurten, 2022 en 2024: een andere indeling (2022 en 2024): niet vergelijkbaar." \
        in rep.comparability


def test_comparability_of_the_health_monitor(sample_report):
    assert sample_report.comparability[:2] == (
        "RIVM/GGD'en/CBS, Gezondheidsmonitor Volwassenen en Ouderen, 2012 en 2016: dezelfde wijk- en buurtindeling "
        "(2020): veranderingen kunnen worden vergeleken.",
        "RIVM/GGD'en/CBS, Gezondheidsmonitor Volwassenen en Ouderen, 2016 en 2020: dezelfde wijk- en buurtindeling "
        "(2020): veranderingen kunnen worden vergeleken.",
    )


def test_map_of_where_it_goes_well_or_less(sample_results, sample_report):
    m = _chapter(sample_report, "eenzaamheid_sociale_basis").map
    assert (m.indicator, m.level, m.period, m.group) == ("eenzaam_pct", "kern", PERIOD, "18+")
    kernen = AreaGroup.objects.filter(kind="kern", gemeente_id=GM)
    assert {a.area_code for a in m.rows} == {k.slug for k in kernen}
    for a in m.rows:
        src = _row(sample_results, a.area_code, "eenzaam_pct")
        assert a.value == src["value"] and a.comparison == src["comparison_gemeente"]
    assert m.rows[0].area_name == "Maarssenbroek" and m.rows[0].comparison == "ongunstiger"  # least favourable first
    counts = {k: sum(1 for a in m.rows if a.comparison == k) for k in ("gunstiger", "vergelijkbaar", "ongunstiger")}
    assert m.summary == (f"13 kernen: {counts['gunstiger']} gunstiger, {counts['vergelijkbaar']} vergelijkbaar, "
                         f"{counts['ongunstiger']} ongunstiger.")
    # the map is an accessible SVG of every kern, with the same classes
    assert m.svg.startswith("<svg") and 'role="img"' in m.svg and m.svg.count("<path") >= 13
    assert "Maarssenbroek (maarssenbroek): Ongunstiger dan de gemeente" in m.svg
    # per kern: on how many of the theme's indicators it is less favourable than the gemeente
    broek = m.rows[0]
    theme_inds = [i.id for i in catalogue().indicators if i.theme == "eenzaamheid_sociale_basis" and i.kind != "count"]
    src = sample_results.filter((pl.col("area_code") == "maarssenbroek") & (pl.col("period") == PERIOD)
                                & (pl.col("group") == "18+") & pl.col("indicator").is_in(theme_inds))
    assert broek.n_unfavourable == src.filter(pl.col("comparison_gemeente") == "ongunstiger").height == 4


def test_met_wie_compares_age_groups(sample_report):
    groups = {g.indicator: g for g in _chapter(sample_report, "eenzaamheid_sociale_basis").groups}
    g = groups["eenzaam_pct"]
    assert [(v.group, v.display) for v in g.values] == [("18 jaar en ouder", "44%"), ("65 jaar en ouder", "47%")]
    assert g.text == "65-plussers: vaker eenzaam (47%) dan alle volwassenen (44%)."
    assert groups["ernstig_eenzaam_pct"].text == ""  # 9.1% against 8.7%: no clear difference


def test_accumulation_is_the_engines_ranking(sample_results, sample_report):
    acc = sample_report.accumulation
    assert [lv.level for lv in acc.levels] == ["kern", "wijk", "buurt"]
    kern = acc.levels[0]
    expected = engine.accumulation(sample_results.filter(pl.col("area_level") == "kern"), catalogue(), period=PERIOD)
    assert [r.area_code for r in kern.rows] == expected["area_code"].to_list()
    top = kern.rows[0]
    assert (top.rank, top.area_name, top.n_unfavourable, top.n_themes) == (1, "Maarssenbroek", 12, 5)
    assert "Moeite met rondkomen" in top.indicators and "Bestaanszekerheid" in top.themes
    assert kern.svg.startswith("<svg") and "6 of meer indicatoren ongunstiger" in kern.svg
    assert "2 procentpunt" in acc.method and "geen significantietoets" in acc.method


def test_appendix_covers_every_figure_of_the_report(sample_report):
    entries = {a.indicator: a for a in sample_report.appendix}
    shown = {r.figure.indicator for c in sample_report.chapters for r in c.figures}
    shown |= {f.indicator for f in sample_report.summary}
    shown |= {c.map.indicator for c in sample_report.chapters if c.map}
    assert shown <= set(entries)
    a = entries["moeite_met_rondkomen_pct"]
    assert a.definition == catalogue().indicator("moeite_met_rondkomen_pct").definition
    assert a.periods == "2016, 2020" and a.groups == "18 jaar en ouder; 65 jaar en ouder"
    assert a.source == "Bron: RIVM/GGD'en/CBS, Gezondheidsmonitor Volwassenen en Ouderen 2016, 2020 (CC BY 4.0)"
    assert "vuistregel, geen significantietoets" in a.method
    assert {s.table_id for s in sample_report.sources} >= {"50090NED", "84583NED"}


# ------------------------------------------------------------------------------------------------- other modules


def test_voices_per_theme_only_approved_and_consented(sample):
    kern = AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug="breukelen")

    def voice(status, kind=VoiceKind.GESPREK, themes=("eenzaamheid_sociale_basis",)):
        return Voice.objects.create(gemeente_id=GM, kern=kern, date=dt.date(2025, 3, 12), kind=kind,
                                    speaker=SpeakerKind.SLEUTELFIGUUR, themes=list(themes), summary="s", status=status)

    ok = voice(Status.GOEDGEKEURD)
    Quote.objects.create(voice=ok, text="Op de bank bij de kerk zit nooit meer iemand.", consent=True, approved=True)
    Quote.objects.create(voice=ok, text="Niet goedgekeurd citaat.", consent=True, approved=False)
    voice(Status.GOEDGEKEURD, kind=VoiceKind.SIGNAAL)
    pending = voice(Status.INGEDIEND)
    Quote.objects.create(voice=pending, text="Nog niet beoordeeld.", consent=True, approved=True)
    rep = report(GM, PERIOD, today=TODAY)
    v = _chapter(rep, "eenzaamheid_sociale_basis").voices
    assert (v.conversations, v.signals, v.kernen) == (1, 1, 1)
    assert v.text == "Goedgekeurd door een analist: 1 gesprek en 1 signaal over dit thema, in 1 kern."
    assert v.quotes == ("“Op de bank bij de kerk zit nooit meer iemand.” — sleutelfiguur, maart 2025 (Breukelen)",)
    assert _chapter(rep, "jeugd").voices.text == VOICES_EMPTY


@dataclass(frozen=True)
class FakeCell:  # directory.gaps.GapCell, the agreed interface
    kern_slug: str
    kern_name: str
    theme: str
    theme_label: str
    need: str
    need_indicators: tuple[str, ...]
    residents_affected: int | None
    offer: int
    services: tuple[str, ...]
    classification: str
    label: str


def _directory(is_example: bool, themes: list[list[str]]):
    from kernfoto.directory.models import Organization, Service, ServiceStatus

    Organization.objects.filter(gemeente_id=GM).delete()
    org = Organization.objects.create(gemeente_id=GM, name="Welzijn Vechtstreek", is_example=is_example)
    for n, t in enumerate(themes):
        Service.objects.create(organization=org, name=f"Aanbod {n}", themes=t, status=ServiceStatus.ACTIVE)
    Service.objects.create(organization=org, name="Opgeheven", themes=["bestaanszekerheid"],
                           status=ServiceStatus.DEFUNCT)


def test_no_sociale_kaart_says_so(sample):
    from kernfoto.directory.models import Organization

    Organization.objects.filter(gemeente_id=GM).delete()
    rep = report(GM, PERIOD, today=TODAY)
    for c in rep.chapters:
        assert not c.offer.available and c.offer.text == OFFER_EMPTY
    assert OFFER_EMPTY.startswith("Er is nog geen sociale kaart ingelezen")


def test_offer_and_gaps_per_theme_from_the_directory(sample, monkeypatch):
    _directory(True, [["bestaanszekerheid"], ["bestaanszekerheid", "eenzaamheid_sociale_basis"], ["jeugd"]])
    calls = []

    def gap_matrix(gemeente_code, period, **kwargs):
        calls.append((gemeente_code, period))
        return [
            FakeCell("breukelen", "Breukelen", "bestaanszekerheid", "Bestaanszekerheid", "hoog", ("Moeite 14%",), 300,
                     0, (), "hoge_nood_geen_aanbod", "hoge nood, geen aanbod"),
            FakeCell("maarssenbroek", "Maarssenbroek", "bestaanszekerheid", "Bestaanszekerheid", "verhoogd", (), None,
                     2, ("Aanbod 0", "Aanbod 1"), "nood_gedekt", "nood gedekt"),
            FakeCell("breukelen", "Breukelen", "jeugd", "Jeugd", "geen", (), None, 1, ("Aanbod 2",),
                     "geen_verhoogde_nood", "geen verhoogde nood"),
        ]

    monkeypatch.setitem(sys.modules, "kernfoto.directory.gaps", types.SimpleNamespace(gap_matrix=gap_matrix))
    rep = report(GM, PERIOD, today=TODAY)
    assert calls == [(GM, PERIOD)]  # once per report, not per theme
    o = _chapter(rep, "bestaanszekerheid").offer
    assert (o.available, o.is_example, o.services, o.kernen_with_offer, o.gaps) == (True, True, 2, 1, ("Breukelen",))
    assert o.text == ("De sociale kaart (voorbeeldgegevens) heeft 2 activiteiten en voorzieningen voor dit thema. "
                      "Aanbod in, voor of vlakbij 1 van de 2 kernen. Hoge of verhoogde nood zonder aanbod: Breukelen. "
                      "Let op: dit zijn voorbeeldgegevens, geen echte organisaties.")
    assert [c.label for c in o.cells] == ["hoge nood, geen aanbod", "nood gedekt"]
    assert _chapter(rep, "eenzaamheid_sociale_basis").offer.services == 1
    assert _chapter(rep, "jeugd").offer.text.endswith("Waar de cijfers nood tonen, is er aanbod. Let op: dit zijn "
                                                       "voorbeeldgegevens, geen echte organisaties.")


def test_offer_without_the_gap_analysis(sample, monkeypatch):
    _directory(False, [["wonen"]])
    monkeypatch.setitem(sys.modules, "kernfoto.directory.gaps", None)  # the module is absent: ImportError
    o = _chapter(report(GM, PERIOD, today=TODAY), "wonen").offer
    assert o.text == ("De sociale kaart heeft 1 activiteit of voorziening voor dit thema. De vergelijking van nood en "
                      "aanbod per kern is nog niet beschikbaar.")


def test_analyst_texts_appear_per_period(sample):
    MonitorText.objects.create(gemeente_id=GM, period=PERIOD, theme="", text="Eerste alinea\nloopt door.\n\nTweede.")
    MonitorText.objects.create(gemeente_id=GM, period=PERIOD, theme="bestaanszekerheid", text="Armoede daalt.")
    MonitorText.objects.create(gemeente_id=GM, period="2016", theme="", text="Over 2016.")
    rep = report(GM, PERIOD, today=TODAY)
    assert rep.introduction == ("Eerste alinea loopt door.", "Tweede.")
    assert _chapter(rep, "bestaanszekerheid").commentary == ("Armoede daalt.",)
    assert _chapter(rep, "jeugd").commentary == ()
    assert report(GM, "2016", today=TODAY).introduction == ("Over 2016.",)
