"""``kernfoto sociale-basis import|export`` through the real command line (CliRunner)."""

from __future__ import annotations

from click.testing import CliRunner
from hsds_helpers import copy_sample, edit, row_of, snapshot

from kernfoto.cli import main
from kernfoto.directory.models import Service
from kernfoto.directory.sample import SAMPLE_DIR

SHIPPED = sorted(p.name for p in SAMPLE_DIR.iterdir() if p.name != "README.md")


def test_import_prints_a_dutch_summary_per_object(sample, tmp_path):
    pkg = copy_sample(tmp_path, "sociale_kaart")
    result = CliRunner().invoke(main, ["sociale-basis", "import", str(pkg), "--gemeente", "gm1904"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())  # rich wraps long lines
    assert ("sociale_kaart: HSDS-CSV ingelezen voor Stichtse Vecht (GM1904) — voorbeeldgegevens (voorbeeld), geen "
            "echte organisaties") in out
    assert "organisaties: 16 (0 nieuw, 16 bijgewerkt)" in out
    assert "aanbod: 37 (0 nieuw, 37 bijgewerkt)" in out
    assert "werkgebieden: 50 (0 nieuw, 50 bijgewerkt)" in out


def test_export_csv_and_json(sample, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["sociale-basis", "export", "--gemeente", "GM1904", "--out", str(tmp_path / "csv")])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert f"37 aanbod van 16 organisaties van GM1904 geschreven naar {tmp_path / 'csv'} (HSDS-CSV, 16 bestanden " \
           "met datapackage.json)" in out
    assert "Let op: dit zijn voorbeeldgegevens (voorbeeld), geen echte sociale kaart." in out
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == SHIPPED
    assert (tmp_path / "csv" / "services.csv").read_bytes() == (SAMPLE_DIR / "services.csv").read_bytes()
    result = runner.invoke(main, ["sociale-basis", "export", "--format", "hsds-json", "--out", str(tmp_path / "j")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "j").iterdir()] == ["sociale-basis.json"]
    result = runner.invoke(main, ["sociale-basis", "import", str(tmp_path / "j" / "sociale-basis.json")])
    assert result.exit_code == 0, result.output
    assert "HSDS-JSON ingelezen" in result.output


def test_bad_input_exits_1_with_file_row_and_column(sample, tmp_path):
    pkg = copy_sample(tmp_path)
    row, service = row_of(pkg, "services.csv", "name", "Digicafé (voorbeeld)")
    edit(pkg, "services.csv", {"id": service["id"]}, {"status": "gesloten"})
    before = snapshot()
    result = CliRunner().invoke(main, ["sociale-basis", "import", str(pkg)])
    assert result.exit_code == 1
    assert (f"Fout: bestand services.csv, rij {row}, kolom status: onbekende waarde 'gesloten'"
            in " ".join(result.output.split()))
    assert snapshot() == before and Service.objects.get(pk=service["id"]).status == "active"


def test_export_of_an_unknown_gemeente_is_a_dutch_error(sample, tmp_path):
    result = CliRunner().invoke(main, ["sociale-basis", "export", "--gemeente", "GM9999", "--out", str(tmp_path)])
    assert result.exit_code == 1 and "Fout: gemeente GM9999 is niet bekend" in result.output
    assert list(tmp_path.iterdir()) == []
