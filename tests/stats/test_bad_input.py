"""Bad input: a clear Dutch message naming file, row and column; a non-zero exit; the database unchanged."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kernfoto.areas.models import Area, AreaGroup, AreaGroupMember, Boundary
from kernfoto.cli import main
from kernfoto.demo import DATA
from kernfoto.errors import InputError
from kernfoto.stats.importing import import_files
from kernfoto.stats.models import Dataset

GOOD = DATA / "sample" / "rivm_50090NED_gezondheid_2020_18plus_GM1904.csv"


def snapshot():
    return (
        sum(Dataset.objects.values_list("rows", flat=True)), Dataset.objects.count(), Area.objects.count(), Boundary.objects.count(),
        AreaGroup.objects.count(), AreaGroupMember.objects.count(),
        sorted(Dataset.objects.values_list("sha256", flat=True)),
    )


def rewrite(tmp_path: Path, name: str, edit) -> Path:
    lines = GOOD.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    edit(lines, header)
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def set_cell(lines, header, row, column, value):
    cells = lines[row - 1].split(",")
    cells[header.index(column)] = value
    lines[row - 1] = ",".join(cells)


def text_in_number(tmp_path):
    return rewrite(tmp_path, "rivm_50090NED_2020_tekst.csv",
                   lambda lines, h: set_cell(lines, h, 5, "MoeiteMetRondkomen_38", "veel"))


def malformed_code(tmp_path):
    return rewrite(tmp_path, "rivm_50090NED_2020_code.csv", lambda lines, h: set_cell(lines, h, 7, "Codering_3", "GM19X4"))


def missing_key(tmp_path):
    def drop(lines, header):
        idx = [header.index("WijkenEnBuurten"), header.index("Codering_3")]
        for i, line in enumerate(lines):
            lines[i] = ",".join(c for n, c in enumerate(line.split(",")) if n not in idx)
    return rewrite(tmp_path, "rivm_50090NED_2020_zonder_codes.csv", drop)


def empty(tmp_path):
    p = tmp_path / "rivm_50090NED_leeg.csv"
    p.write_bytes(b"")
    return p


def header_only(tmp_path):
    p = tmp_path / "rivm_50090NED_alleen_kop.csv"
    p.write_text(GOOD.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    return p


def wrong_type(tmp_path):
    p = tmp_path / "rapport.pdf"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n")
    return p


def unknown_table(tmp_path):
    p = tmp_path / "onbekend.csv"
    p.write_text("regio;aantal\nGM1904;12\n", encoding="utf-8")
    return p


CASES = {
    "tekst in een getalkolom": (text_in_number, {"row": 5, "column": "MoeiteMetRondkomen_38", "in_message": "veel"}),
    "onjuiste gebiedscode": (malformed_code, {"row": 7, "column": "Codering_3", "in_message": "GM19X4"}),
    "sleutelkolom ontbreekt": (missing_key, {"in_message": "WijkenEnBuurten"}),
    "leeg bestand": (empty, {"in_message": "leeg"}),
    "alleen een kopregel": (header_only, {}),
    "verkeerd bestandstype": (wrong_type, {}),
    "onbekende tabel": (unknown_table, {"in_message": "50090NED"}),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_is_refused_with_file_row_column_and_nothing_changes(sample, tmp_path, case):
    make, expect = CASES[case]
    bad = make(tmp_path)
    before = snapshot()
    # a good file in the same call must not be half-imported either
    with pytest.raises(InputError) as info:
        import_files([GOOD, bad])
    err = info.value
    assert err.file == bad.name
    if "row" in expect:
        assert err.row == expect["row"]
    if "column" in expect:
        assert err.column == expect["column"]
    if "in_message" in expect:
        assert expect["in_message"] in str(err)
    assert bad.name in str(err)
    assert snapshot() == before


def test_huge_file_is_refused_before_reading(sample, tmp_path, settings):
    settings.MAX_IMPORT_MB = 1
    big = tmp_path / "rivm_50090NED_groot.csv"
    with big.open("wb") as fh:
        fh.write(GOOD.read_bytes())
        fh.write(b"x" * (1024 * 1024))
    before = snapshot()
    with pytest.raises(InputError, match="te groot"):
        import_files([big])
    assert snapshot() == before


def test_cli_exits_non_zero_with_a_dutch_message(sample, tmp_path):
    bad = text_in_number(tmp_path)
    before = snapshot()
    result = CliRunner().invoke(main, ["import", str(bad)])
    assert result.exit_code == 1
    assert "Fout:" in result.output or "Fout:" in (result.stderr if hasattr(result, "stderr") else "")
    assert snapshot() == before


def test_second_file_bad_first_good_nothing_written(sample, tmp_path):
    """One transaction over all files: a new good file is not kept when a later file is bad."""
    good_new = rewrite(tmp_path, "rivm_50090NED_2020_18plus_nieuw.csv",
                       lambda lines, h: set_cell(lines, h, 3, "Roker_11", "    99.0"))
    bad = malformed_code(tmp_path)
    before = snapshot()
    with pytest.raises(InputError):
        import_files([good_new, bad])
    assert snapshot() == before


def test_text_in_a_known_measure_column_of_a_one_row_file(sample, tmp_path):
    """Even when no cell of a column is a number, a column the catalogue knows is a measure."""
    bad = tmp_path / "rivm_50090NED_een_rij.csv"
    bad.write_text("ID,Leeftijd,Marges,WijkenEnBuurten,Perioden,Gemeentenaam_1,SoortRegio_2,Codering_3,"
                   "MoeiteMetRondkomen_38\n0,20300,MW00000,NL01,2020JJ00,Nederland,Land,NL01,    veel\n",
                   encoding="utf-8")
    before = snapshot()
    with pytest.raises(InputError) as info:
        import_files([bad])
    assert (info.value.row, info.value.column) == (2, "MoeiteMetRondkomen_38")
    assert "'veel' is geen getal" in str(info.value)
    assert snapshot() == before


# ------------------------------------------------------------------------------------------------- scope (gemeenten)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OWN_ONLY = "u mag alleen cijfers van uw eigen gemeente inlezen. Landelijke tabellen leest de beheerder in."


def test_a_gemeente_import_refuses_a_national_table_and_writes_nothing(sample):
    before = snapshot()
    with pytest.raises(InputError) as info:
        # the good GM1904-only file is not kept either
        import_files([FIXTURES / "kwb_2022_buurt_GM1904_stichtse_vecht.csv",
                      FIXTURES / "rivm_50090NED_2020_18plus_extract.csv"], gemeenten={"GM1904"})
    assert str(info.value) == ("bestand rivm_50090NED_2020_18plus_extract.csv, rij 2, kolom Codering_3: "
                               f"NL01 hoort niet bij Stichtse Vecht; {OWN_ONLY}")
    assert snapshot() == before


def test_a_gemeente_import_accepts_its_own_buurten(sample):
    path = FIXTURES / "kwb_2022_buurt_GM1904_stichtse_vecht.csv"
    (result,) = import_files([path], gemeenten={"GM1904"})
    assert result.outcome in ("nieuw", "vervangen", "ongewijzigd"), result.message
    assert Dataset.objects.get(sha256=hashlib.sha256(path.read_bytes()).hexdigest()).scope == "GM1904"


def test_a_gemeente_import_refuses_boundaries_of_another_gemeente(sample, tmp_path):
    data = json.loads((FIXTURES / "stichtse_vecht_wijk_2020.geojson").read_text(encoding="utf-8"))
    data["features"][2]["properties"].update(statcode="WK034401", gmCode="GM0344")
    bad = tmp_path / "wijken_2020.geojson"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = snapshot()
    with pytest.raises(InputError) as info:
        import_files([bad], gemeenten={"GM1904"})
    assert (info.value.file, info.value.row, info.value.column) == ("wijken_2020.geojson", 3, "statcode")
    assert "WK034401 hoort niet bij Stichtse Vecht" in str(info.value)
    assert snapshot() == before
    import_files([FIXTURES / "stichtse_vecht_wijk_2020.geojson"], gemeenten={"GM1904"})  # own wijken: fine
