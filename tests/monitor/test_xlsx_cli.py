"""The figures workbook (every number of the report, one sheet per chapter) and ``kernfoto monitor``."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from xml.etree import ElementTree as ET

import fastexcel
import pytest
from click.testing import CliRunner
from monitor_helpers import GM, PERIOD, pdf_pages_text

import kernfoto.cli
from kernfoto.monitor.xlsx import workbook

pytestmark = pytest.mark.django_db

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _sheets(data: bytes) -> dict[str, list[list]]:
    reader = fastexcel.read_excel(data)
    out = {}
    for name in reader.sheet_names:
        frame = reader.load_sheet(name, header_row=None).to_polars()
        out[name] = [list(row) for row in frame.iter_rows()]
    return out


def _numbers(rows: list[list]) -> set[float]:
    found = set()
    for row in rows:
        for v in row:
            try:
                found.add(round(float(v), 4))
            except (TypeError, ValueError):
                continue
    return found


def _texts(rows: list[list]) -> set[str]:
    return {str(v) for row in rows for v in row if isinstance(v, str)}


def test_one_sheet_per_chapter(sample_report):
    names = list(_sheets(workbook(sample_report)))
    assert names == ["Samenvatting", *(c.label for c in sample_report.chapters), "Stapeling", "Bijlage", "Bronnen"]
    with_intro = dataclasses.replace(sample_report, introduction=("Een inleiding.",))
    sheets = _sheets(workbook(with_intro))
    assert list(sheets)[0] == "Inleiding" and "Een inleiding." in _texts(sheets["Inleiding"])


def test_every_number_of_the_report_is_in_its_chapters_sheet(sample_report):
    sheets = _sheets(workbook(sample_report))
    summary = _numbers(sheets["Samenvatting"])
    for f in sample_report.summary:
        assert {round(f.value, 4), round(f.reference, 4), round(f.score, 4)} <= summary
    assert {f.text for f in sample_report.summary} <= _texts(sheets["Samenvatting"])
    for c in sample_report.chapters:
        numbers = _numbers(sheets[c.label])
        for r in c.figures:
            f = r.figure
            assert {round(v, 4) for v in (f.value, f.nl_value, f.previous_value) if v is not None} <= numbers, f.indicator
        if c.map:
            assert {round(a.value, 4) for a in c.map.rows if a.value is not None} <= numbers
            assert {a.n_unfavourable for a in c.map.rows} <= numbers
        for g in c.groups:
            assert {round(v.value, 4) for v in g.values} <= numbers
    acc = _numbers(sheets["Stapeling"])
    for lv in sample_report.accumulation.levels:
        assert {r.rank for r in lv.rows} | {r.n_unfavourable for r in lv.rows} | {r.n_judged for r in lv.rows} <= acc
    appendix = _texts(sheets["Bijlage"])
    assert {a.definition for a in sample_report.appendix} <= appendix
    assert {s.attribution for s in sample_report.sources} <= _texts(sheets["Bronnen"])


def test_the_workbook_is_the_same_for_the_same_report(sample_report):
    assert workbook(sample_report) == workbook(sample_report)


def _cells(data: bytes, sheet_number: int) -> dict[str, tuple[str, str]]:
    """cell reference -> ("n", number) or ("s", text) of one worksheet, read from the XLSX's XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        strings = [si.findtext(f"{NS}t") for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{NS}si")]
        sheet = ET.fromstring(z.read(f"xl/worksheets/sheet{sheet_number}.xml"))
    out = {}
    for c in sheet.iter(f"{NS}c"):
        v = c.findtext(f"{NS}v")
        out[c.get("r")] = ("s", strings[int(v)]) if c.get("t") == "s" else ("n", v)
    return out


def test_gezondheid_sheet_has_the_gemeente_against_nederland_as_numbers(sample_report):
    data = workbook(sample_report)
    rows = _sheets(data)["Gezondheid"]
    r = next(i for i, row in enumerate(rows) if row[0] == "ervaren_gezondheid_goed_pct" and row[2] == "18 jaar en ouder")
    assert rows[r][1:15] == ["Ervaren gezondheid (zeer) goed", "18 jaar en ouder", "2020", "%", "80.9", "81%", "ok",
                             "78.4", "78%", "gunstiger", "vuistregel voor schattingen", "2016", "77.4",
                             "gestegen (was 77% in 2016)"]
    cells = _cells(data, 3)  # Samenvatting, Bevolking, Gezondheid
    line = r + 1  # rows of the sheet count from 1
    for ref, value in (("F", 80.9), ("I", 78.4), ("N", 77.4)):  # numbers, not text (xlsxwriter writes 16 digits)
        kind, text = cells[f"{ref}{line}"]
        assert kind == "n" and float(text) == pytest.approx(value, abs=1e-9)
    assert cells[f"G{line}"] == ("s", "81%")


# ------------------------------------------------------------------------------------------------- CLI


def test_cli_writes_the_pdf_and_the_workbook(sample, tmp_path):
    out = tmp_path / "rapport"
    result = CliRunner().invoke(kernfoto.cli.main, ["monitor", "--gemeente", GM.lower(), "--period", PERIOD,
                                                    "--out", str(out)])
    assert result.exit_code == 0, result.output
    pdf = out / "sociale-monitor-GM1904-2020.pdf"
    xlsx = out / "sociale-monitor-GM1904-2020.xlsx"
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.read_bytes().startswith(b"PK")
    flat = " ".join(result.output.split())
    assert "Sociale Monitor Stichtse Vecht 2020:" in flat and "9 thema's" in flat
    assert str(pdf) in flat and str(xlsx) in flat and "/gemeente/GM1904/sociale-monitor/2020/" in flat
    pages = pdf_pages_text(pdf.read_bytes(), tmp_path)
    assert f"{len(pages)} pagina's" in flat
    assert list(_sheets(xlsx.read_bytes()))[0] == "Samenvatting"


@pytest.mark.parametrize(("args", "message"), [
    (["--gemeente", GM, "--period", "2031"],
     "voor Stichtse Vecht zijn er geen cijfers over 2031; kies een van deze jaren: 2012, 2016, 2019, 2020, 2022, 2024"),
    (["--gemeente", "GM9999", "--period", PERIOD], "gemeente GM9999 is niet bekend"),
])
def test_cli_refuses_bad_input_in_dutch(sample, tmp_path, args, message):
    result = CliRunner().invoke(kernfoto.cli.main, ["monitor", *args, "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "x").exists()  # nothing written


def test_cli_refuses_a_file_as_output_folder(sample, tmp_path):
    target = tmp_path / "bestand.txt"
    target.write_text("x")
    result = CliRunner().invoke(kernfoto.cli.main, ["monitor", "--gemeente", GM, "--period", PERIOD,
                                                    "--out", str(target)])
    assert result.exit_code == 1
    assert "bestand.txt is een bestand, geen map" in " ".join(result.output.split())
    assert target.read_text() == "x"
