"""The shipped example directory (voorbeeld): counts, labels, placement, coverage, the deliberate gap."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import polars as pl

from kernfoto.areas.geo import point_in_area
from kernfoto.areas.models import AreaGroup
from kernfoto.directory.models import Location, Organization, Service, ServiceArea
from kernfoto.directory.placement import Placer, _distance_m
from kernfoto.directory.sample import SAMPLE_DIR
from kernfoto.stats.catalogue import catalogue

GM = "GM1904"
ROOT = Path(__file__).resolve().parents[2]


def test_the_example_is_loaded_with_the_expected_counts_and_labelled_voorbeeld(sample):
    orgs = Organization.objects.filter(gemeente_id=GM, is_example=True)
    services = Service.objects.filter(organization__in=orgs)
    locations = Location.objects.filter(organization__in=orgs)
    assert (orgs.count(), services.count(), locations.count()) == (16, 37, 25)
    assert services.filter(status="active").count() == 36
    assert services.get(status="temporarily closed").name == "Boekenpunt Nieuwersluis (voorbeeld)"
    for obj in (*orgs, *services, *locations):
        assert obj.name.endswith(" (voorbeeld)"), obj.name
    assert not orgs.exclude(email__endswith=".example").exists()


def test_every_location_lies_inside_the_buurt_it_is_placed_in(sample):
    placer = Placer(GM)
    shapes = {s.code: s for s in placer.shapes}
    physical = Location.objects.filter(organization__is_example=True, location_type="physical")
    assert physical.count() == 24
    for loc in physical:
        assert loc.area_source == "coordinates" and loc.buurt_id and loc.kern_id, loc.name
        assert point_in_area(loc.longitude, loc.latitude, shapes[loc.buurt_id].rings), loc.name
        assert placer.kern_of_buurt[loc.buurt_id] == loc.kern
    online = Location.objects.get(organization__is_example=True, location_type="virtual")
    assert (online.buurt, online.kern, online.area_source) == (None, None, "")


def test_every_kern_and_every_theme_has_offer(sample):
    services = Service.objects.filter(organization__is_example=True)
    kernen = set(AreaGroup.objects.filter(directory_locations__services_here__service__in=services)
                 .values_list("slug", flat=True))
    assert kernen == set(AreaGroup.objects.filter(kind="kern", gemeente_id=GM).values_list("slug", flat=True))
    themes = {t for s in services for t in s.themes}
    assert themes == {t.id for t in catalogue().themes}
    assert {s.kind for s in services} == {"professioneel", "vrijwillig", "inwonersinitiatief", "commercieel"}
    several = [s for s in services if s.service_areas.filter(kern__isnull=False).count() > 1]
    everywhere = ServiceArea.objects.filter(service__in=services, extent_type="gemeente", kern__isnull=True)
    assert len(several) == 13 and everywhere.count() == 8
    assert services.filter(schedules__freq="MONTHLY").count() == 4
    assert services.filter(languages__code="ar").get().name == "Taalcafé Maarssenbroek (voorbeeld)"


def test_some_entries_were_last_checked_more_than_a_year_before_29_november_2026(sample):
    year_ago = dt.date(2025, 11, 29)
    stale = Service.objects.filter(organization__is_example=True, assured_date__lt=year_ago)
    assert sorted(stale.values_list("name", flat=True)) == [
        "Boekenpunt Nieuwersluis (voorbeeld)", "Energiecoach aan huis (voorbeeld)",
        "Geldcafé: formulieren en toeslagen (voorbeeld)", "Huiswerkbegeleiding (voorbeeld)",
        "Repair Café Tienhoven (voorbeeld)", "Zorgboerderij dagbesteding (voorbeeld)"]


def test_no_financial_help_in_or_for_the_kern_where_making_ends_meet_is_hardest(sample, sample_results):
    worse = sample_results.filter((pl.col("area_level") == "kern") & (pl.col("period") == "2020")
                                  & (pl.col("indicator") == "moeite_met_rondkomen_pct")
                                  & (pl.col("comparison_gemeente") == "ongunstiger"))
    assert set(worse["area_code"]) == {"maarssenbroek"}
    money = Service.objects.filter(organization__is_example=True, status="active")
    money = [s for s in money if "bestaanszekerheid" in s.themes]
    assert len(money) == 5
    placer = Placer(GM)
    broek = [s for s in placer.shapes if placer.kern_of_buurt[s.code].slug == "maarssenbroek"]
    for service in money:
        located = Location.objects.filter(services_here__service=service)
        assert not located.filter(kern__slug="maarssenbroek").exists(), service.name
        areas = service.service_areas.all()
        assert not areas.filter(kern__slug="maarssenbroek").exists(), service.name
        assert not areas.filter(kern__isnull=True).exists(), service.name  # not gemeente-wide either
        for loc in located:  # and more than 5 km away from every buurt of Maarssenbroek
            assert min(_distance_m(loc.latitude, loc.longitude, s.rings) for s in broek) > 5000, loc.name


def test_load_demo_reports_the_example_directory(sample):
    from kernfoto.demo import load_demo

    before = Service.objects.count()
    lines = load_demo()
    assert "Sociale basis (voorbeeld): 37 activiteiten en voorzieningen in 13 kernen" in lines
    assert Service.objects.count() == before  # loading again changes nothing


def test_the_generator_writes_exactly_the_shipped_files(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, str(ROOT / "scripts/make_sociale_basis_sample.py"), str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in SAMPLE_DIR.iterdir() if p.name != "README.md")
    for name in written:
        assert (tmp_path / name).read_bytes() == (SAMPLE_DIR / name).read_bytes(), name
