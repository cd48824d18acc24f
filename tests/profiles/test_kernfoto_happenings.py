""""Wat er gebeurt" on the kernfoto: funded residents' initiatives and wijkplan milestones of the kern (the
bundled example of the initiatives module), on the profile, the web page and the one-page PDF."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from kernfoto.initiatives.models import Initiative, Milestone
from kernfoto.initiatives.services import RECENT_DAYS, UPCOMING_DAYS
from kernfoto.profiles.build import ProfileSource
from kernfoto.profiles.model import HAPPENINGS_EMPTY
from kernfoto.profiles.typst_render import TypstRenderer, count_pdf_pages

GM = "GM1904"
TODAY = "2026-11-29"


@pytest.fixture
def source(sample):
    return ProfileSource(GM, today=TODAY)


def test_kockengen_shows_its_funded_initiative_and_the_milestones_around_today(source):
    profile = source.profile("kockengen", "2020")
    funded = Initiative.objects.get(gemeente_id=GM, kern__slug="kockengen", granted_on__isnull=False)
    assert profile.happenings.items[0].startswith(funded.title)
    assert "€\u00a0" in profile.happenings.items[0] and profile.happenings.items[0].endswith("voorbeeld")
    today = dt.date.fromisoformat(TODAY)
    window = [m for m in Milestone.objects.filter(plan__kern__slug="kockengen").order_by("date")
              if today - dt.timedelta(days=RECENT_DAYS) <= m.date <= today + dt.timedelta(days=UPCOMING_DAYS)]
    assert window  # the example plan has milestones in the half year before and the year after
    assert any(window[0].title in line for line in profile.happenings.items[1:])
    assert profile.extra["happenings_links"][0]["href"] == f"/gemeente/{GM}/initiatieven/?kern=kockengen"


def test_a_kern_without_initiatives_or_plan_says_so_and_other_areas_have_none(source):
    kern = next(slug for slug in source.kern_members
                if not Initiative.objects.filter(kern__slug=slug, granted_on__isnull=False).exists()
                and not Milestone.objects.filter(plan__kern__slug=slug).exists())
    profile = source.profile(kern, "2020")
    assert profile.happenings.items == () and profile.happenings.empty_text == HAPPENINGS_EMPTY
    assert source.profile("WK190401", "2020").happenings.items == ()  # a wijk: not a kern


def test_the_block_is_on_the_web_page_and_in_the_one_page_pdf(client, source, tmp_path):
    profile = source.profile("kockengen", "2020")
    html = client.get(f"/gemeente/{GM}/kockengen/").content.decode()
    assert 'id="kf-wat-er-gebeurt"' in html and "Buurtmoestuin Kockengen" in html
    pdf = TypstRenderer().render(profile)
    assert count_pdf_pages(pdf) == 1
    path = tmp_path / "kockengen.pdf"
    path.write_bytes(pdf)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Wat er gebeurt" in text and "Buurtmoestuin Kockengen" in text
