"""Tests for kernfoto.stats.readers against real CBS/RIVM extracts in tests/fixtures (no database needed)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from kernfoto.errors import InputError
from kernfoto.stats.readers import read_codebook, read_table, read_tableinfo, sniff, stem

FIX = Path(__file__).resolve().parents[1] / "fixtures"
RIVM = FIX / "rivm_50090NED_2020_18plus_extract.csv"
RIVM65 = FIX / "rivm_50090NED_2020_65plus_extract.csv"
KWB = FIX / "kwb_2024_85984NED_buurt_wijk_GM0307_Amersfoort_GM0392_Haarlem.csv"
KWB_FLAT = FIX / "kwb_2024_85984NED_gemeente_wijk_8vars_extract.csv"
KWB_2022 = FIX / "kwb_2022_buurt_GM1904_stichtse_vecht.csv"
KWB_2019 = FIX / "kwb_2019_gemeenten_14vars.csv"
CODEBOOK = FIX / "85984NED_2024_DataProperties.json"
TABLEINFO = FIX / "85984NED_2024_TableInfos.json"
GEOJSON = FIX / "stichtse_vecht_wijk_2020.geojson"
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


@pytest.fixture(scope="module")
def rivm():
    return read_table(RIVM)


@pytest.fixture(scope="module")
def kwb():
    return read_table(KWB)


def cell(frame: pl.DataFrame, code: str, key: str, column: str = "value", group: str | None = None):
    f = frame.filter((pl.col("area_code") == code) & (pl.col("source_key") == key))
    if group:
        f = f.filter(pl.col("group") == group)
    assert f.height == 1, (code, key, f)
    return f[column][0]


def csv_rows(path: Path, sep: str = ",") -> list[list[str]]:
    return [line.split(sep) for line in path.read_text(encoding="utf-8").splitlines()]


def write_rows(path: Path, rows: list[list[str]], sep: str = ",") -> Path:
    path.write_text("\n".join(sep.join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def edited(src: Path, dst: Path, edits: dict[tuple[int, str], str], sep: str = ",") -> Path:
    """Copy ``src`` to ``dst`` with cells replaced; keys are (row as a spreadsheet shows it, column)."""
    rows = csv_rows(src, sep)
    for (row, column), value in edits.items():
        rows[row - 1][rows[0].index(column)] = value
    return write_rows(dst, rows, sep)


def assert_error(exc: pytest.ExceptionInfo, file: str, row: int | None, column: str | None, *fragments: str):
    err = exc.value
    assert err.file == file and err.row == row and err.column == column, (err.file, err.row, err.column)
    text = str(err)
    assert f"bestand {file}" in text
    if row is not None:
        assert f"rij {row}" in text
    if column is not None:
        assert f"kolom {column}" in text
    for fragment in fragments:
        assert fragment in text, text


# --------------------------------------------------------------------------- basics


@pytest.mark.parametrize(
    ("key", "expected"),
    [("AantalInwoners_5", "AantalInwoners"), ("k_65JaarOfOuder_12", "k_65JaarOfOuder"), ("ID", "ID"),
     ("ErvarenGezondheidGoedZeerGoed_4", "ErvarenGezondheidGoedZeerGoed"), ("Appartement__2", "Appartement__2")],
)
def test_stem(key, expected):
    assert stem(key) == expected


def test_frame_schema_and_order(rivm):
    assert dict(rivm.frame.schema) == {
        "area_code": pl.Utf8, "area_level": pl.Utf8, "period": pl.Utf8, "group": pl.Utf8, "source_key": pl.Utf8,
        "value": pl.Float64, "lower": pl.Float64, "upper": pl.Float64, "status": pl.Utf8,
    }
    assert rivm.frame.equals(rivm.frame.sort("area_code", "period", "group", "source_key"))
    assert dict(rivm.area_names.schema) == {"area_code": pl.Utf8, "area_name": pl.Utf8, "area_level": pl.Utf8}


def test_rivm_real_values(rivm):
    f = rivm.frame
    assert (rivm.table_id, rivm.layout, rivm.periods, rivm.groups) == ("50090NED", "odata", ["2020"], ["18+"])
    assert rivm.file_name == RIVM.name and len(rivm.sha256) == 64
    assert cell(f, "NL01", "ErvarenGezondheidGoedZeerGoed") == 78.4
    assert cell(f, "GM1904", "ErvarenGezondheidGoedZeerGoed") == 80.9
    assert cell(f, "WK190401", "ErvarenGezondheidGoedZeerGoed") == 81.4
    assert cell(f, "NL01", "MoeiteMetRondkomen") == 13.9
    # one row per area x measure: 310 data rows x 35 indicators, all stems, no text columns
    assert f.height == 310 * 35 and f["source_key"].n_unique() == 35
    assert not {"Gemeentenaam", "SoortRegio", "Codering", "WijkenEnBuurten", "ID"} & set(f["source_key"])
    assert f["lower"].is_null().all() and f["upper"].is_null().all()
    assert rivm.labels == {}


def test_rivm_stichtse_vecht_levels(rivm):
    a = rivm.area_names
    sv = a.filter(pl.col("area_code").str.slice(2, 4) == "1904")
    assert sv.group_by("area_level").len().sort("area_level").rows() == [("buurt", 97), ("gemeente", 1), ("wijk", 12)]
    names = dict(a.select("area_code", "area_name").rows())
    assert names["NL01"] == "Nederland" and names["GM1904"] == "Stichtse Vecht" and names["WK190401"] is None


def test_secret_and_missing_cells(rivm):
    f = rivm.frame
    # BU16800709 (row 27 of the source file) is "." in every indicator: secret
    assert cell(f, "BU16800709", "ErvarenGezondheidGoedZeerGoed", "status") == "geheim"
    assert cell(f, "BU16800709", "ErvarenGezondheidGoedZeerGoed") is None
    # empty cell: not published for 2020 (NL01 LopenEnOfFietsenNaarSchoolOfWerk)
    assert cell(f, "NL01", "LopenEnOfFietsenNaarSchoolOfWerk", "status") == "ontbreekt"
    assert f.filter(pl.col("status") != "ok")["value"].is_null().all()
    assert f.filter(pl.col("status") == "ok")["value"].is_not_null().all()


def test_rivm_65plus():
    t = read_table(RIVM65)
    assert t.groups == ["65+"]
    assert cell(t.frame, "NL01", "ErvarenGezondheidGoedZeerGoed") == 66.7
    assert cell(t.frame, "GM1904", "ErvarenGezondheidGoedZeerGoed") == 70.5


def test_margins_give_lower_and_upper(tmp_path):
    rows = csv_rows(RIVM)
    gm = next(r for r in rows if r[7] == "GM1904")

    def shifted(code: str, delta: float) -> list[str]:
        out = [*gm[:8]]
        out[2] = code
        out += [f"{float(v) + delta:8.1f}" if NUMBER.match(v.strip()) else v for v in gm[8:]]
        return out

    path = write_rows(tmp_path / "rivm_50090NED_marges.csv", [*rows, shifted("MOG0095", -1), shifted("MBG0095", 1)])
    t = read_table(path)
    assert t.frame.height == 310 * 35
    assert cell(t.frame, "GM1904", "ErvarenGezondheidGoedZeerGoed") == 80.9
    assert cell(t.frame, "GM1904", "ErvarenGezondheidGoedZeerGoed", "lower") == pytest.approx(79.9)
    assert cell(t.frame, "GM1904", "ErvarenGezondheidGoedZeerGoed", "upper") == pytest.approx(81.9)
    assert cell(t.frame, "NL01", "ErvarenGezondheidGoedZeerGoed", "lower") is None
    assert t.frame.equals(t.frame.sort("area_code", "period", "group", "source_key"))


# --------------------------------------------------------------------------- KWB


def test_kwb_typed_csv(kwb):
    f = kwb.frame
    assert (kwb.table_id, kwb.layout, kwb.periods, kwb.groups) == ("85984NED", "odata", ["2024"], ["totaal"])
    assert cell(f, "GM0307", "AantalInwoners") == 161852
    assert cell(f, "GM0307", "GemiddeldeHuishoudensgrootte") == 2.2
    assert cell(f, "GM0307", "GeboorteTotaal", "status") == "ontbreekt"  # not yet published in April 2025
    keys = set(f["source_key"])
    assert len(keys) == 123  # 130 columns - ID, WijkenEnBuurten, 4 region columns, MeestVoorkomendePostcode
    assert not {"IndelingswijzigingGemeenteWijkBuurt", "MeestVoorkomendePostcode", "Codering"} & keys
    # CBS repeats stems within one table; the k-th repeat is called <stem>__k
    assert cell(f, "GM0307", "Nederland") == 116004 and cell(f, "GM0307", "Nederland__2") == 116004
    assert cell(f, "GM0307", "EuropaExclusiefNederland__2") == 4653
    assert cell(f, "GM0307", "EuropaExclusiefNederland__3") == 5374
    names = dict(kwb.area_names.select("area_code", "area_name").rows())
    assert names["GM0307"] == "Amersfoort" and names["WK030701"] == "Stadskern" and names["BU03070100"] == "Hof"


def test_kwb_amersfoort_counts(kwb):
    a = kwb.area_names
    # The data README says 30 wijken; the file really has 33 Amersfoort wijken (WK030701-WK030734, no 23)
    # and 21 Haarlem wijken (README: 24), 54 in total either way.
    assert a.filter(pl.col("area_code").str.starts_with("WK0307")).height == 33
    assert a.filter(pl.col("area_code").str.starts_with("BU0307")).height == 145
    assert a.filter(pl.col("area_code").str.starts_with("WK0392")).height == 21
    assert a.filter(pl.col("area_code").str.starts_with("BU0392")).height == 111


def test_kwb_buurten_add_up_to_wijk(kwb):
    """CBS rounds wijk and buurt counts at random to multiples of 5, each on its own (see the
    codebook description of AantalInwoners), so the buurt sum may differ from the wijk figure.
    Observed in this file: 28 of 54 wijken differ, by 5 or 10; never more."""
    inw = kwb.frame.filter(pl.col("source_key") == "AantalInwoners")
    wijk = inw.filter(pl.col("area_level") == "wijk").select("area_code", wijk="value")
    sums = (inw.filter(pl.col("area_level") == "buurt")
            .group_by(area_code=pl.concat_str(pl.lit("WK"), pl.col("area_code").str.slice(2, 6)))
            .agg(buurten=pl.col("value").sum()))
    both = wijk.join(sums, on="area_code", how="left")
    assert both.height == 54 and both["buurten"].is_not_null().all()
    diff = (both["buurten"] - both["wijk"]).abs()
    assert (diff % 5 == 0).all()
    assert diff.max() == 10
    assert (diff == 0).sum() == 26


def test_codebook(kwb):
    book = read_codebook(CODEBOOK)
    assert book["AantalInwoners"]["title"] == "Aantal inwoners" and book["AantalInwoners"]["unit"] == "aantal"
    assert book["AantalInwoners"]["decimals"] == 0 and book["AantalInwoners"]["datatype"] == "Long"
    assert book["Gemeentenaam"]["datatype"] == "String"
    assert "aardgas" in book["Appartement__2"]["group"].lower() and book["Appartement__2"]["key"] == "Appartement_62"
    assert "AantalInwoners_5" not in book
    t = read_table(KWB, codebook=book)
    assert t.frame.equals(kwb.frame)
    assert set(t.labels) == set(t.frame["source_key"])
    assert set(t.labels["Mannen"]) >= {"title", "unit", "description", "decimals"}


def test_codebook_datatype_decides_measures(tmp_path):
    props = json.loads(CODEBOOK.read_text(encoding="utf-8"))
    for p in props:
        if p["Key"] == "AantalInwoners_5":
            p["Datatype"] = "String"
    path = tmp_path / "85984NED_DataProperties.json"
    path.write_text(json.dumps(props), encoding="utf-8")
    t = read_table(KWB, codebook=read_codebook(path))
    assert "AantalInwoners" not in set(t.frame["source_key"]) and "Mannen" in set(t.frame["source_key"])


def test_tableinfo_and_sniff():
    assert read_tableinfo(TABLEINFO) == {"table_id": "85984NED", "title": "Kerncijfers wijken en buurten 2024",
                                         "period": "2024", "modified": "2025-03-27T02:00:00"}
    assert [sniff(p) for p in (RIVM, KWB, CODEBOOK, TABLEINFO, GEOJSON)] == [
        "table", "table", "codebook", "tableinfo", "boundaries"]


def test_flat_layout_with_letter_codes():
    t = read_table(KWB_FLAT)
    assert (t.table_id, t.layout, t.periods) == ("85984NED", "kwb-flat-code-niveau", ["2024"])
    assert cell(t.frame, "GM1904", "AantalInwoners") == 65878
    levels = dict(t.area_names.select("area_code", "area_level").rows())
    assert levels["WK0363AA"] == "wijk"  # Amsterdam's wijk codes have letters since the 2022 indeling
    assert sum(c.startswith("WK1904") for c in levels) == 12
    assert set(t.frame["source_key"]) == {"Bevolkingsdichtheid", "OppervlakteTotaal", "Woningvoorraad",
                                          "OppervlakteLand", "Vrouwen", "AantalInwoners", "Mannen",
                                          "OppervlakteWater"}


def test_2022_extract_zero_is_missing():
    t = read_table(KWB_2022)
    assert (t.table_id, t.layout, t.periods) == ("85318NED", "kwb-2022-buurt-extract", ["2022"])
    assert set(t.frame["source_key"]) == {"AantalInwoners", "Woningvoorraad", "GemiddeldeHuishoudensgrootte",
                                          "SESWOZScore"}
    # BU19041004 (Poldergebied Loenersloot): 0 inhabitants is a real 0, woningvoorraad 0 means "not available"
    assert cell(t.frame, "BU19041004", "AantalInwoners") == 0.0
    assert cell(t.frame, "BU19041004", "AantalInwoners", "status") == "ok"
    assert cell(t.frame, "BU19041004", "Woningvoorraad", "status") == "ontbreekt"
    assert cell(t.frame, "BU19041004", "Woningvoorraad") is None
    assert cell(t.frame, "BU19040101", "Woningvoorraad") == 196
    assert dict(t.area_names.select("area_code", "area_name").rows())["BU19041004"] == "Poldergebied Loenersloot"


def test_2019_english_layout():
    t = read_table(KWB_2019)
    assert (t.table_id, t.layout, t.periods) == ("84583NED", "kwb-2019-gemeente-english", ["2019"])
    assert t.area_names.height == 355
    assert cell(t.frame, "GM0003", "AantalInwoners") == 11721
    assert cell(t.frame, "GM0003", "k_65JaarOfOuder") == 2898
    assert dict(t.area_names.select("area_code", "area_name").rows())["GM0003"] == "Appingedam"


# --------------------------------------------------------------------------- other formats


def to_number(v: str) -> int | float:
    v = v.strip()
    return int(v) if re.fullmatch(r"[+-]?\d+", v) else float(v)


def write_xlsx(src: Path, dst: Path, sep: str) -> Path:
    rows = csv_rows(src, sep)
    wb = xlsxwriter.Workbook(dst)
    ws = wb.add_worksheet("Data")
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if i and NUMBER.match(v.strip()):
                ws.write_number(i, j, to_number(v))
            elif v != "":
                ws.write_string(i, j, v)
    wb.close()
    return dst


@pytest.mark.parametrize(("src", "sep"), [(RIVM, ","), (KWB, ";")])
def test_xlsx_equals_csv(tmp_path, src, sep):
    csv_table = read_table(src)
    t = read_table(write_xlsx(src, tmp_path / src.with_suffix(".xlsx").name, sep))
    assert t.frame.equals(csv_table.frame)
    assert t.area_names.equals(csv_table.area_names)


def test_json_typed_equals_csv(tmp_path, kwb):
    rows = csv_rows(KWB, ";")
    text = {"ID", "WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Codering_3",
            "IndelingswijzigingGemeenteWijkBuurt_4", "MeestVoorkomendePostcode_125"}
    records = [{c: (v if c in text else (to_number(v) if v.strip() else None)) for c, v in zip(rows[0], r, strict=True)}
               for r in rows[1:]]
    doc = {"odata.metadata": "https://opendata.cbs.nl/ODataApi/OData/85984NED/$metadata#Cbs.OData.WebAPI.TypedDataSet",
           "value": records}
    path = tmp_path / "kwb_typed.json"  # no table id in the name: it comes from odata.metadata
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert sniff(path) == "table"
    t = read_table(path)
    assert t.table_id == "85984NED"
    assert t.frame.equals(kwb.frame)


def test_json_untyped_equals_csv(tmp_path, rivm):
    rows = csv_rows(RIVM)
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]  # padded strings, "." for secret
    path = tmp_path / "rivm_50090NED_untyped.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    t = read_table(path)
    assert t.frame.equals(rivm.frame)
    assert t.area_names.equals(rivm.area_names)


def test_national_size_is_fast(tmp_path):
    """17,000 rows x 35 measures (the size of the national RIVM file) must parse well under 2 s."""
    header = csv_rows(RIVM)[0]
    n = 17_000
    codes = [f"BU{i:08d}" for i in range(n)]
    cols = {"ID": [str(i) for i in range(n)], "Leeftijd": ["20300"] * n, "Marges": ["MW00000"] * n,
            "WijkenEnBuurten": codes, "Perioden": ["2020JJ00"] * n, "Gemeentenaam_1": ["X"] * n,
            "SoortRegio_2": ["Buurt"] * n, "Codering_3": codes}
    for k, c in enumerate(header[8:]):
        cols[c] = [("       ." if (i + k) % 23 == 0 else "" if (i + k) % 17 == 0 else f"{(i * 7 + k) % 1000 / 10:8.1f}")
                   for i in range(n)]
    path = tmp_path / "rivm_50090NED_big.csv"
    pl.DataFrame(cols).write_csv(path)
    start = time.perf_counter()
    t = read_table(path)
    elapsed = time.perf_counter() - start
    assert t.frame.height == n * 35
    assert elapsed < 2.0, f"{elapsed:.2f} s"


# --------------------------------------------------------------------------- validation errors


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as exc:
        read_table(tmp_path / "rivm_50090NED_weg.csv")
    assert_error(exc, "rivm_50090NED_weg.csv", None, None, "bestaat niet")


def test_empty_and_header_only(tmp_path):
    empty = tmp_path / "leeg_50090NED.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError) as exc:
        read_table(empty)
    assert_error(exc, empty.name, None, None, "leeg")
    with pytest.raises(InputError):
        sniff(empty)
    header = tmp_path / "kop_50090NED.csv"
    header.write_text(RIVM.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_table(header)
    assert_error(exc, header.name, None, None, "alleen een kopregel")


def test_too_big():
    with pytest.raises(InputError) as exc:
        read_table(RIVM, max_bytes=50_000)
    assert_error(exc, RIVM.name, None, None, "te groot", "0.1 MB", "0.0 MB")


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [("tabel_50090NED.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
     ("tabel_50090NED.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
     ("tabel_50090NED.xlsx", b"ID,Codering_3\n1,GM1904\n", "geen geldig .xlsx"),
     ("tabel_50090NED.csv", b"\x00\x01\x02\x03binary", "binair"),
     ("notitie.txt", b"Dit is gewoon een briefje.\n", "onbekend bestandstype")],
)
def test_wrong_file_type(tmp_path, name, data, fragment):
    path = tmp_path / name
    path.write_bytes(data)
    for fn in (read_table, sniff):
        with pytest.raises(InputError) as exc:
            fn(path)
        assert_error(exc, name, None, None, fragment)


def test_bad_encoding(tmp_path):
    lines = RIVM.read_bytes().split(b"\n")
    lines[4] = lines[4].replace(b"Aa en Hunze", "Súdwest-Fryslân".encode("cp1252"))
    path = tmp_path / "rivm_50090NED_ansi.csv"
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 5, "Gemeentenaam_1", "UTF-8")


def test_missing_key_column(tmp_path):
    rows = [[v for j, v in enumerate(r) if j not in (3, 7)] for r in csv_rows(RIVM)]  # drop both code columns
    path = write_rows(tmp_path / "rivm_50090NED_zonder_codes.csv", rows)
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 1, None, "WijkenEnBuurten", "Codering_3")


def test_unknown_table(tmp_path):
    path = write_rows(tmp_path / "gegevens.csv", [["gebied", "aantal"], ["GM1904", "12"]])
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, "gegevens.csv", None, None, "onbekende tabel", "50090NED", "85984NED")
    other = write_rows(tmp_path / "cbs_12345NED.csv", csv_rows(RIVM))
    with pytest.raises(InputError) as exc:
        read_table(other)
    assert_error(exc, other.name, None, None, "onbekende tabel 12345NED", "50090NED")


def test_text_in_number_column(tmp_path):
    path = edited(RIVM, tmp_path / "rivm_50090NED_tekst.csv",
                  {(7, "Roker_11"): "abc", (9, "Ondergewicht_7"): "\"12,5x\""})
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 7, "Roker_11", "'abc' is geen getal", "12.5")


def test_text_in_number_column_first_offender_is_by_row(tmp_path):
    path = edited(RIVM, tmp_path / "rivm_50090NED_tekst2.csv",
                  {(9, "Ondergewicht_7"): "\"12,5x\"", (12, "Roker_11"): "abc"})
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 9, "Ondergewicht_7", "'12,5x' is geen getal")


def test_decimal_comma_gets_a_hint(tmp_path):
    path = edited(KWB, tmp_path / "kwb_85984NED_komma.csv", {(3, "GemiddeldeHuishoudensgrootte_33"): "2,2"}, ";")
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 3, "GemiddeldeHuishoudensgrootte_33", "komma", "gebruik een punt (2.2)")


def test_bad_area_code(tmp_path):
    path = edited(RIVM, tmp_path / "rivm_50090NED_code.csv", {(4, "Codering_3"): "WK16800"})
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 4, "Codering_3", "ongeldige regiocode 'WK16800'", "WK190401")


def test_bad_period(tmp_path):
    path = edited(RIVM, tmp_path / "rivm_50090NED_periode.csv", {(6, "Perioden"): "2020"})
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 6, "Perioden", "ongeldige periode '2020'", "2020JJ00")


def test_region_type_does_not_match_code(tmp_path):
    path = edited(RIVM, tmp_path / "rivm_50090NED_soort.csv", {(4, "SoortRegio_2"): "Buurt"})
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 4, "SoortRegio_2", "'Buurt' past niet bij code WK168000", "'Wijk'")


def test_duplicate_rows(tmp_path):
    rows = csv_rows(RIVM)
    path = write_rows(tmp_path / "rivm_50090NED_dubbel.csv", [*rows, rows[3]])
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, len(rows) + 1, "Codering_3", "dubbele rij voor WK168000", "ook in rij 4")


def test_unknown_age_group_and_margin(tmp_path):
    path = edited(RIVM, tmp_path / "rivm_50090NED_leeftijd.csv", {(8, "Leeftijd"): "99999"})
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 8, "Leeftijd", "onbekende leeftijdscode '99999'", "20300 (18+)")
    path = edited(RIVM, tmp_path / "rivm_50090NED_marge.csv", {(8, "Marges"): "XX00000"})
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 8, "Marges", "MW00000")


def test_ragged_row(tmp_path):
    rows = csv_rows(RIVM)
    rows[10] = rows[10] + ["1.0"]
    path = write_rows(tmp_path / "rivm_50090NED_rafelig.csv", rows)
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 11, None, "44 velden", "kopregel 43")


def test_errors_in_xlsx_name_the_sheet_row(tmp_path):
    src = edited(RIVM, tmp_path / "rivm_50090NED_fout.csv", {(7, "Roker_11"): "abc"})
    path = write_xlsx(src, tmp_path / "rivm_50090NED_fout.xlsx", ",")
    with pytest.raises(InputError) as exc:
        read_table(path)
    assert_error(exc, path.name, 7, "Roker_11", "'abc' is geen getal")
