"""Every kernfoto of the sample gemeente: one A4 page, no overflow, the engine's figures in the text."""

from __future__ import annotations

import shutil
import subprocess

import polars as pl
import pytest
from click.testing import CliRunner

from kernfoto.cli import main
from kernfoto.profiles.build import ProfileSource
from kernfoto.profiles.curated import load_curated
from kernfoto.profiles.typst_render import TypstRenderer, count_pdf_pages

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")


@pytest.fixture(scope="module")
def renderer():
    return TypstRenderer()


@pytest.fixture
def source(sample):
    return ProfileSource("GM1904", today="2026-11-29")


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "k.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_every_kern_fits_one_page_with_the_engines_figures(source, renderer, tmp_path):
    kernen = source.areas("kern")
    assert len(kernen) == 13
    for slug in kernen:
        profile = source.profile(slug, "2020")
        pdf = renderer.render(profile)
        assert count_pdf_pages(pdf) == 1, slug
        assert not [w for w in renderer.last_warnings if "overflow" in w.lower() or "past niet" in w], slug
        text = pdf_text(pdf, tmp_path)
        assert profile.area_name in text
        assert "Stichtse Vecht" in text
        # figures as the engine computed them, in Dutch formatting
        row = source.results.filter((pl.col("area_code") == slug) & (pl.col("indicator") == "moeite_met_rondkomen_pct")
                                    & (pl.col("period") == "2020") & (pl.col("group") == "18+")).row(0, named=True)
        if row["status"] == "ok":
            assert f"{round(row['value']):d}%" in text, slug
        shown = [f for t in profile.themes for f in t.figures if f.status == "ok"]
        assert len(shown) >= 10
        for fig in shown[:8]:
            assert fig.display in text, (slug, fig.label, fig.display)
        assert "Bron: RIVM/GGD'en/CBS" in text


def test_pdf_is_a4(source, renderer, tmp_path):
    path = tmp_path / "k.pdf"
    path.write_bytes(renderer.render(source.profile("maarssen-dorp", "2020")))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info
    assert "595.276 x 841.89 pts (A4)" in info or "595.28 x 841.89 pts (A4)" in info, info


def test_profile_figures_come_from_the_engine(source):
    profile = source.profile("maarssen-dorp", "2020")
    figs = {f.indicator: f for t in profile.themes for f in t.figures}
    row = source.results.filter((pl.col("area_code") == "maarssen-dorp") & (pl.col("indicator") == "eenzaam_pct")
                                & (pl.col("period") == "2020") & (pl.col("group") == "18+")).row(0, named=True)
    assert figs["eenzaam_pct"].value == row["value"]
    assert figs["eenzaam_pct"].gemeente_value == row["gemeente_value"]
    assert figs["eenzaam_pct"].comparison_gemeente == row["comparison_gemeente"]
    assert profile.population == 15075  # KWB 2022 buurten of Maarssen-dorp
    assert "BU19040101" not in profile.members and "Op Buuren" in profile.members


def test_findings_are_plain_sentences_with_figures(source):
    profile = source.profile("maarssenbroek", "2020")
    opgaven = [f for f in profile.findings if f.kind == "opgave"]
    assert opgaven
    assert any("moeite met rondkomen (14%) dan gemiddeld in Stichtse Vecht (12%)" in f.text for f in opgaven)
    stapeling = [f for f in profile.findings if f.kind == "stapeling"]
    assert stapeling and "plaats 1 van 13" in stapeling[0].text


def test_curated_text_adds_to_or_replaces_the_engines_findings(source, tmp_path):
    path = tmp_path / "teksten.yaml"
    path.write_text(
        'gemeente: GM1904\nperiode: "2020"\nkernen:\n  maarssenbroek:\n    opgaven:\n'
        '      - "Schuldhulp is in Maarssenbroek weinig bekend."\n', encoding="utf-8")
    assert load_curated(path) == 1
    profile = ProfileSource("GM1904").profile("maarssenbroek", "2020")
    curated = [f for f in profile.findings if f.curated]
    assert [f.text for f in curated] == ["Schuldhulp is in Maarssenbroek weinig bekend."]
    assert any(not f.curated for f in profile.findings)
    path.write_text(path.read_text(encoding="utf-8").replace("maarssenbroek:\n", "maarssenbroek:\n    vervang: true\n"),
                    encoding="utf-8")
    load_curated(path)
    profile = ProfileSource("GM1904").profile("maarssenbroek", "2020")
    assert all(f.curated for f in profile.findings) and len(profile.findings) == 1


def test_kernfoto_command_writes_one_pdf_per_kern_and_an_index(sample, tmp_path):
    result = CliRunner().invoke(main, ["kernfoto", "--gemeente", "GM1904", "--period", "2020", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert len(pdfs) == 13 and "maarssen-dorp.pdf" in pdfs and "breukelen.pdf" in pdfs
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "maarssen-dorp.pdf" in index and "Maarssen-dorp" in index
    result = CliRunner().invoke(main, ["kernfoto", "--gemeente", "GM1904", "--period", "2020", "--level", "wijk",
                                       "--area", "WK190412", "--out", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "w" / "WK190412.pdf").exists()
    result = CliRunner().invoke(main, ["kernfoto", "--gemeente", "GM1904", "--period", "1999", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "beschikbare jaren" in result.output
