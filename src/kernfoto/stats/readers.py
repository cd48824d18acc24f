"""Pure readers for CBS/RIVM statistical tables (CSV, XLSX, OData JSON) and CBS codebooks.

No Django here: everything returns plain Python objects and polars frames. Every problem a user
can fix is raised as :class:`~kernfoto.errors.InputError` with a Dutch message naming the file,
row (1-based, header = row 1; for JSON the 1-based record number) and column.

Measure keys are reduced to their *stem* (``AantalInwoners_5`` -> ``AantalInwoners``) because the
numeric suffix differs between years. Some CBS tables repeat a stem within one table
(KWB 2024: ``Nederland_17``/``Nederland_20``, ``Appartement_54``/``Appartement_62`` ...); the
k-th repeat (k >= 2, in column order) then gets the key ``<stem>__<k>`` in both the codebook and
the table, so keys stay unique and comparable between years of the same table.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from kernfoto.errors import InputError

TABLES_YAML = Path(__file__).with_name("tables.yaml")

CODE_RE = r"^(NL\d{2}|GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$"  # Amsterdam uses letters (WK0363AA)
NUMBER_RE = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
COMMA_RE = r"^[+-]?\d+,\d+$"
PERIOD_RE = r"^\d{4}JJ00$"
LEVELS = {"NL": "land", "GM": "gemeente", "WK": "wijk", "BU": "buurt"}
# Stems of CBS columns that are dimensions, keys or text, never measures.
TEXT_STEMS = {
    "ID", "WijkenEnBuurten", "RegioS", "Perioden", "Leeftijd", "Marges", "Gemeentenaam", "SoortRegio",
    "Codering", "IndelingswijzigingGemeenteWijkBuurt", "MeestVoorkomendePostcode",
}
NUMERIC_TYPES = {"Long", "Double", "Integer", "Int", "Short", "Float", "Decimal", "Number"}
MAGIC = {
    b"%PDF": "een PDF-bestand",
    b"\x89PNG": "een PNG-afbeelding",
    b"\xff\xd8\xff": "een JPEG-afbeelding",
    b"GIF8": "een GIF-afbeelding",
    b"\xd0\xcf\x11\xe0": "een oud Office-bestand (.xls/.doc); sla het op als .xlsx of CSV",
}
FRAME_SCHEMA = {
    "area_code": pl.Utf8, "area_level": pl.Utf8, "period": pl.Utf8, "group": pl.Utf8,
    "source_key": pl.Utf8, "value": pl.Float64, "lower": pl.Float64, "upper": pl.Float64, "status": pl.Utf8,
}
ROW = "__row"


@dataclass
class ParsedTable:
    """A statistical table in tidy (long) form, plus what is needed to store and label it."""

    table_id: str
    file_name: str
    sha256: str
    layout: str
    frame: pl.DataFrame
    area_names: pl.DataFrame
    labels: dict[str, dict]
    periods: list[str]
    groups: list[str]
    code_column: str = ""  # the column holding the area codes, as named in the file
    area_rows: dict[str, int] = field(default_factory=dict)  # area code -> first row (as in errors) it occurs in


@cache
def registry() -> dict[str, Any]:
    """The table registry ``tables.yaml`` (tables and simplified layouts)."""
    with TABLES_YAML.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def stem(key: str) -> str:
    """Strip CBS's numeric suffix: ``AantalInwoners_5`` -> ``AantalInwoners``; ``ID`` stays.

    Disambiguated keys (``Appartement__2``) are returned unchanged.
    """
    if re.search(r"__\d+$", key):
        return key
    return re.sub(r"_\d+$", "", key)


# --------------------------------------------------------------------------- file detection


def _read_bytes(path: str | Path, max_bytes: int | None = None) -> tuple[Path, bytes]:
    p = Path(path)
    if not p.is_file():
        raise InputError("bestand bestaat niet (of is een map); controleer de naam en de map", file=p.name)
    size = p.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise InputError(
            f"bestand is te groot: {size / 2**20:.1f} MB, maximaal {max_bytes / 2**20:.1f} MB toegestaan",
            file=p.name,
        )
    data = p.read_bytes()
    if not data.strip():
        raise InputError("bestand is leeg; verwacht een kopregel en minstens één rij gegevens", file=p.name)
    return p, data


def _decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without byte-order mark); otherwise an error naming row and column."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("tekst is UTF-16 gecodeerd; verwacht UTF-8 (kies 'CSV UTF-8' bij opslaan)", file=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace").strip()
        sep = ";" if header.count(";") > header.count(",") else ","
        idx = data[line_start : exc.start].count(sep.encode())
        cols = header.lstrip("\ufeff").split(sep)
        raise InputError(
            f"onleesbare tekencodering (byte 0x{data[exc.start]:02x}); verwacht UTF-8. "
            "Sla het bestand op als 'CSV UTF-8'",
            file=name, row=row, column=cols[idx].strip() if idx < len(cols) else None,
        ) from None


def _detect(name: str, data: bytes) -> tuple[str, Any]:
    """Classify file bytes: ('xlsx', None) | ('csv', text) | ('table'|'codebook'|'tableinfo'|'boundaries', json)."""
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"verkeerd bestandstype: dit is {what}; verwacht CSV, XLSX of JSON", file=name)
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "xl/workbook.xml" in zf.namelist():
                    return "xlsx", None
        except zipfile.BadZipFile:
            pass
        raise InputError("zip-bestand zonder Excel-werkmap; verwacht .xlsx, CSV of JSON", file=name)
    if name.lower().endswith((".xlsx", ".xlsm")):
        raise InputError("geen geldig .xlsx-bestand (geen zip-archief); is het bestand beschadigd?", file=name)
    if b"\x00" in data[:8192] and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("binair bestand; verwacht tekst (CSV/JSON) of een .xlsx-werkmap", file=name)
    text = _decode(data, name)
    if text.lstrip()[:1] in ("{", "["):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"ongeldige JSON: syntaxfout bij teken {exc.colno} ({exc.msg})", file=name,
                             row=exc.lineno) from None
        return _classify_json(obj, name), obj
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    if any(sep in header for sep in (",", ";", "\t")):
        return "csv", text
    raise InputError("onbekend bestandstype; verwacht een CSV met kopregel, een .xlsx of OData-JSON", file=name)


def _json_rows(obj: Any) -> Any:
    return obj["value"] if isinstance(obj, dict) and isinstance(obj.get("value"), list) else obj


def _classify_json(obj: Any, name: str) -> str:
    if isinstance(obj, dict) and obj.get("type") == "FeatureCollection":
        return "boundaries"
    rows = _json_rows(obj)
    if isinstance(rows, dict):
        rows = [rows]
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError("onbekende JSON-structuur; verwacht OData {'value': [...]} of een lijst van rijen", file=name)
    if not rows:
        raise InputError("JSON bevat geen rijen; verwacht minstens één rij gegevens", file=name)
    keys = set(rows[0])
    if {"Key", "Title", "Type"} <= keys:
        return "codebook"
    if {"Identifier", "Title"} <= keys:
        return "tableinfo"
    return "table"


def sniff(path: str | Path) -> str:
    """What a file is: ``"table"``, ``"codebook"``, ``"tableinfo"`` or ``"boundaries"`` (GeoJSON)."""
    p, data = _read_bytes(path)
    kind, _ = _detect(p.name, data)
    return "table" if kind in ("csv", "xlsx") else kind


# --------------------------------------------------------------------------- metadata


def read_codebook(path: str | Path) -> dict[str, dict]:
    """Read a CBS ``DataProperties`` JSON: stem key -> {title, unit, description, decimals, ...}.

    Besides the four label fields each entry carries ``datatype`` (CBS Datatype, e.g. ``Long``,
    ``String``), ``group`` (the TopicGroup path) and ``key`` (the original CBS key).
    """
    p, data = _read_bytes(path)
    kind, obj = _detect(p.name, data)
    if kind != "codebook":
        raise InputError("geen CBS-codeboek; verwacht DataProperties-JSON met Key, Title en Type", file=p.name)
    rows = _json_rows(obj)
    by_id = {r.get("ID"): r for r in rows}

    def group_path(row: dict) -> str:
        parts, parent, seen = [], by_id.get(row.get("ParentID")), set()
        while parent is not None and parent.get("ID") not in seen:
            seen.add(parent.get("ID"))
            parts.append(str(parent.get("Title") or "").strip())
            parent = by_id.get(parent.get("ParentID"))
        return " > ".join(reversed(parts))

    keys = [r for r in rows if str(r.get("Key") or "").strip() and r.get("Type") != "TopicGroup"]
    out: dict[str, dict] = {}
    for key, row in zip(_unique_keys([str(r["Key"]).strip() for r in keys]), keys, strict=True):
        out[key] = {
            "title": str(row.get("Title") or "").strip(),
            "unit": (str(row["Unit"]).strip() or None) if row.get("Unit") is not None else None,
            "description": str(row.get("Description") or "").strip(),
            "decimals": row.get("Decimals"),
            "datatype": row.get("Datatype"),
            "group": group_path(row),
            "key": str(row["Key"]).strip(),
        }
    return out


def read_tableinfo(path: str | Path) -> dict:
    """Read a CBS ``TableInfos`` JSON: {table_id, title, period, modified}."""
    p, data = _read_bytes(path)
    kind, obj = _detect(p.name, data)
    if kind != "tableinfo":
        raise InputError("geen CBS-tabelinformatie; verwacht TableInfos-JSON met Identifier en Title", file=p.name)
    rows = _json_rows(obj)
    info = rows[0] if isinstance(rows, list) else rows
    return {
        "table_id": str(info["Identifier"]).strip(),
        "title": str(info.get("Title") or "").strip(),
        "period": str(info.get("Period") or "").strip() or None,
        "modified": info.get("Modified"),
    }


def _unique_keys(keys: list[str], full: dict[str, str] | None = None) -> list[str]:
    """Stem each key (or map it through ``full``); the k-th repeat of a stem becomes ``stem__k``."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        base = (full or {}).get(key) or stem(key)
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}__{seen[base]}")
    return out


# --------------------------------------------------------------------------- raw loading


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


def _load_csv(text: str, name: str) -> pl.DataFrame:
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    sep = max((";", ",", "\t"), key=header.count)
    try:
        df = pl.read_csv(io.StringIO(text), separator=sep, infer_schema=False, has_header=True)
    except pl.exceptions.PolarsError as exc:
        reader = csv.reader(io.StringIO(text), delimiter=sep)
        width = len(next(reader))
        for i, fields in enumerate(reader, start=2):
            if fields and len(fields) != width:
                raise InputError(
                    f"rij heeft {len(fields)} velden, de kopregel {width}; verwacht evenveel velden per rij "
                    f"(scheidingsteken '{sep}')",
                    file=name, row=i,
                ) from None
        raise InputError(f"CSV niet leesbaar: {_first_line(exc)}", file=name) from None
    dups = [c for c in df.columns if re.search(r"_duplicated_\d+$", c)]
    if dups:
        col = re.sub(r"_duplicated_\d+$", "", dups[0])
        raise InputError("kolomnaam komt meer dan eens voor; verwacht unieke kolomnamen", file=name, row=1,
                         column=col)
    return df.with_row_index(ROW, offset=2)


def _load_xlsx(data: bytes, name: str) -> pl.DataFrame:
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
        sheets = [reader.load_sheet(i, dtypes="string").to_polars() for i in range(len(reader.sheet_names))]
    except Exception as exc:  # fastexcel raises its own exception hierarchy
        raise InputError(f"Excel-bestand niet leesbaar: {_first_line(exc)}", file=name) from None
    known = {c for lay in registry()["layouts"].values() for c in lay["match_columns"]}
    for df in sheets:
        if any(stem(str(c)) in ("Codering", "WijkenEnBuurten") or c in known for c in df.columns):
            break
    else:
        df = sheets[0] if sheets else pl.DataFrame()
    df = df.with_columns(pl.all().cast(pl.Utf8))
    return df.with_row_index(ROW, offset=2)


def _load_json(obj: Any) -> pl.DataFrame:
    rows = _json_rows(obj)
    cols = list(dict.fromkeys(k for r in rows for k in r if not k.startswith("odata.")))
    df = pl.from_dicts(rows, schema={c: pl.Utf8 for c in cols}, strict=False)
    return df.with_row_index(ROW, offset=1)


# --------------------------------------------------------------------------- parsing


def _first(df: pl.DataFrame, mask: pl.Expr, *cols: str) -> tuple | None:
    """(row, *values) of the first row where ``mask`` holds, else None."""
    hit = df.filter(mask).select(ROW, *cols).head(1)
    return hit.row(0) if hit.height else None


def _find(columns: list[str], wanted: str) -> str | None:
    return next((c for c in columns if stem(c) == wanted), None)


def _identify(name: str, columns: list[str], obj: Any) -> tuple[str, str]:
    """(table_id, layout) from the file name / OData metadata and the columns."""
    reg = registry()
    known = ", ".join(sorted(reg["tables"]))
    meta = obj.get("odata.metadata", "") if isinstance(obj, dict) else ""
    m = re.search(r"\d{5}NED", name) or re.search(r"\d{5}NED", str(meta))
    table_id = m.group(0) if m else None
    if table_id and table_id not in reg["tables"]:
        raise InputError(f"onbekende tabel {table_id}; bekende tabellen: {known}", file=name)
    if _find(columns, "Codering") or _find(columns, "WijkenEnBuurten"):
        layout = "odata"
    else:
        layout = next((k for k, v in reg["layouts"].items() if set(v["match_columns"]) <= set(columns)), None)
    if layout and layout != "odata":
        lay_table = reg["layouts"][layout]["table"]
        if table_id and table_id != lay_table:
            raise InputError(f"bestandsnaam noemt tabel {table_id}, maar de kolommen passen bij indeling "
                             f"'{layout}' van tabel {lay_table}", file=name, row=1)
        return lay_table, layout
    if table_id is None:
        raise InputError(
            "onbekende tabel: de bestandsnaam noemt geen bekend tabelnummer (zoals 50090NED) en de kolommen "
            f"passen bij geen bekende indeling; bekende tabellen: {known}", file=name)
    if layout is None:
        raise InputError("sleutelkolom met regiocodes ontbreekt; verwacht een kolom WijkenEnBuurten of "
                         "Codering_3 (NL01, GMxxxx, WKxxxxxx, BUxxxxxxxx)", file=name, row=1)
    return table_id, layout


def _catalogue_keys() -> set[str]:
    from .catalogue import catalogue

    keys: set[str] = set()
    for ind in catalogue().indicators:
        keys.update(k for k in (ind.key, ind.numerator, ind.denominator, ind.weight, *ind.weight_by_group.values()) if k)
    return keys


def _measures(df: pl.DataFrame, exclude: set[str], lay: dict, codebook: dict | None) -> list[tuple[str, str]]:
    """(column, source_key) of the measure columns, in file order."""
    mapping = lay.get("columns")
    if mapping:
        return [(c, mapping[c]) for c in df.columns if c in mapping]
    cands = [c for c in df.columns if c not in exclude and stem(c) not in TEXT_STEMS]
    full = {e["key"]: k for k, e in (codebook or {}).items() if e.get("key")}
    keys = _unique_keys(cands, full)
    if not cands:
        return []
    stats = df.select(
        *[pl.col(c).str.contains(f"{NUMBER_RE}|{COMMA_RE}").any().alias(f"n{i}") for i, c in enumerate(cands)],
        *[(pl.col(c).is_not_null() & (pl.col(c) != ".")).any().alias(f"v{i}") for i, c in enumerate(cands)],
    ).row(0, named=True)
    out = []
    for i, (col, key) in enumerate(zip(cands, keys, strict=True)):
        dtype = (codebook or {}).get(key, {}).get("datatype")
        if dtype is not None:
            is_measure = dtype in NUMERIC_TYPES
        elif key in _catalogue_keys():  # a known measure: text in it is an error, not a text column
            is_measure = True
        else:  # a column with values of which none look like a number is a text column
            is_measure = bool(stats[f"n{i}"]) or not stats[f"v{i}"]
        if is_measure:
            out.append((col, key))
    return out


def _code_column(cols: list[str], layout: str) -> str:
    """The column with the area codes (NL01, GMxxxx, WKxxxxxx, BUxxxxxxxx)."""
    if layout == "odata":
        code_col = _find(cols, "Codering") or _find(cols, "WijkenEnBuurten")
    else:
        code_col = registry()["layouts"][layout]["code_column"]
    assert code_col is not None
    return code_col


def _keys(df: pl.DataFrame, name: str, table_id: str, layout: str) -> pl.DataFrame:
    """Validate the key columns; return ROW, area_code, area_level, area_name, period, group, margin."""
    reg = registry()
    table = reg["tables"][table_id]
    lay = reg["layouts"].get(layout, {})
    cols = df.columns
    code_col = _code_column(cols, layout)
    if layout == "odata":
        level_col = _find(cols, "SoortRegio")
    else:
        level_col = lay.get("level_column")
        level_col = level_col if level_col in cols else None
    code = pl.col(code_col)
    bad = _first(df, code.is_null() | ~code.str.contains(CODE_RE), code_col)
    if bad:
        raise InputError(
            f"ongeldige regiocode {bad[1]!r}; verwacht NL01, GM gevolgd door 4 cijfers, WK door 6 of BU door 8 "
            "(bijv. GM1904, WK190401, BU19040101)", file=name, row=bad[0], column=code_col)
    level = code.str.slice(0, 2).replace_strict(LEVELS)
    out = df.select(ROW, area_code=code, area_level=level)
    if level_col:
        given = pl.col(level_col).str.to_lowercase()
        bad = _first(df.with_columns(_lvl=level), given.is_null() | (given != pl.col("_lvl")), level_col,
                     code_col, "_lvl")
        if bad:
            raise InputError(f"soort regio {bad[1]!r} past niet bij code {bad[2]}; verwacht "
                             f"{bad[3].capitalize()!r}", file=name, row=bad[0], column=level_col)
    # names: WijkenEnBuurten when it holds names (KWB), else Gemeentenaam for land/gemeente rows
    wb, gm = _find(cols, "WijkenEnBuurten"), _find(cols, "Gemeentenaam")
    if lay.get("name_column") in cols:
        out = out.with_columns(area_name=df[lay["name_column"]])
    elif wb and wb != code_col and not df.select((pl.col(wb) == code).all()).item():
        out = out.with_columns(area_name=df[wb])
    elif gm:
        out = out.with_columns(area_name=pl.when(pl.col("area_level").is_in(["land", "gemeente"])).then(df[gm]))
    else:
        out = out.with_columns(area_name=pl.lit(None, pl.Utf8))
    per_col = _find(cols, "Perioden")
    if per_col:
        bad = _first(df, pl.col(per_col).is_null() | ~pl.col(per_col).str.contains(PERIOD_RE), per_col)
        if bad:
            raise InputError(f"ongeldige periode {bad[1]!r}; verwacht een jaar als 2020JJ00",
                             file=name, row=bad[0], column=per_col)
        out = out.with_columns(period=df[per_col].str.slice(0, 4))
    elif table.get("period"):
        out = out.with_columns(period=pl.lit(str(table["period"])))
    else:
        raise InputError(f"periode onbekend: geen kolom Perioden en tables.yaml noemt geen periode voor "
                         f"tabel {table_id}", file=name, row=1)
    age_col, groups = _find(cols, "Leeftijd"), {str(k): v for k, v in (table.get("groups") or {}).items()}
    if age_col and groups:
        bad = _first(df, ~pl.col(age_col).is_in(list(groups)) | pl.col(age_col).is_null(), age_col)
        if bad:
            expected = ", ".join(f"{k} ({v})" for k, v in groups.items())
            raise InputError(f"onbekende leeftijdscode {bad[1]!r}; verwacht {expected}",
                             file=name, row=bad[0], column=age_col)
        out = out.with_columns(group=df[age_col].replace_strict(groups))
    else:
        out = out.with_columns(group=df[age_col] if age_col else pl.lit("totaal"))
    marg_col = _find(cols, "Marges")
    if marg_col:
        m = pl.col(marg_col)
        margin = (pl.when(m == "MW00000").then(pl.lit("value")).when(m.str.contains(r"^MOG\d+$"))
                  .then(pl.lit("lower")).when(m.str.contains(r"^MBG\d+$")).then(pl.lit("upper")))
        bad = _first(df, margin.is_null(), marg_col)
        if bad:
            raise InputError(f"onbekende Marges-code {bad[1]!r}; verwacht MW00000 (waarde), MOG0095 "
                             "(ondergrens) of MBG0095 (bovengrens)", file=name, row=bad[0], column=marg_col)
        out = out.with_columns(margin=df.select(margin).to_series())
    else:
        out = out.with_columns(margin=pl.lit("value"))
    key = pl.struct("area_code", "period", "group", "margin")
    bad = _first(out, ~key.is_first_distinct(), "area_code", "period", "group")
    if bad:
        earlier = out.filter((pl.col("area_code") == bad[1]) & (pl.col("period") == bad[2])
                             & (pl.col("group") == bad[3]))[ROW][0]
        raise InputError(f"dubbele rij voor {bad[1]}, periode {bad[2]}, groep {bad[3]} (ook in rij {earlier}); "
                         "verwacht één rij per regio, periode, groep en marge", file=name, row=bad[0],
                         column=code_col)
    return out


def _long(df: pl.DataFrame, keys: pl.DataFrame, measures: list[tuple[str, str]], zero_missing: set[str],
          name: str) -> pl.DataFrame:
    """Unpivot, validate and type the measure cells.

    ``keys``/``df`` must already be in output order; the result is then ordered by row and
    source_key with a cheap integer sort instead of a four-column string sort.
    """
    cols = [c for c, _ in measures]
    key_rank = {k: i for i, k in enumerate(sorted(k for _, k in measures))}
    col_rank = {c: key_rank[k] for c, k in measures}
    long = (
        pl.concat([keys.with_row_index("_pos"), df.select(cols)], how="horizontal")
        .unpivot(on=cols, index=["_pos", *keys.columns], variable_name="column", value_name="raw")
        .with_columns(_k=pl.col("column").replace_strict(col_rank, return_dtype=pl.Int64))
        .sort(pl.col("_pos").cast(pl.Int64) * len(cols) + pl.col("_k"))
    )
    raw = pl.col("raw")
    is_bad = raw.is_not_null() & (raw != ".") & ~raw.str.contains(NUMBER_RE)
    order = {c: i for i, c in enumerate(cols)}
    bad = long.filter(is_bad)
    if bad.height:
        row, col, val = (bad.with_columns(_o=pl.col("column").replace_strict(order, return_dtype=pl.Int64))
                         .sort(ROW, "_o").select(ROW, "column", "raw").row(0))
        hint = ""
        if re.fullmatch(COMMA_RE, val):
            hint = (f"; de komma in {val!r} wordt niet als decimaalteken gelezen: gebruik een punt "
                    f"({val.replace(',', '.')}) of exporteer opnieuw uit CBS (OData/CSV)")
        raise InputError(f"{val!r} is geen getal; verwacht een getal met punt als decimaalteken (bijv. 12.5), "
                         f"'.' voor geheim of een leeg veld{hint}", file=name, row=row, column=col)
    num = raw.cast(pl.Float64, strict=False)
    zero = pl.col("column").is_in(list(zero_missing)) & (num == 0)
    status = (pl.when(raw.is_null() | zero).then(pl.lit("ontbreekt"))
              .when(raw == ".").then(pl.lit("geheim")).otherwise(pl.lit("ok")))
    return long.with_columns(
        source_key=pl.col("column").replace_strict(dict(measures), return_dtype=pl.Utf8),
        num=pl.when(status == "ok").then(num),
        status=status,
    )


def read_table(path: str | Path, *, codebook: dict | None = None, max_bytes: int | None = None) -> ParsedTable:
    """Read a CBS/RIVM table (CSV, XLSX or OData JSON) into a validated, tidy :class:`ParsedTable`.

    ``codebook`` (from :func:`read_codebook`) decides which columns are measures (by Datatype) and
    provides labels; without it text columns are recognised by name and content.
    """
    p, data = _read_bytes(path, max_bytes)
    name = p.name
    kind, obj = _detect(name, data)
    if kind == "csv":
        df = _load_csv(obj, name)
    elif kind == "xlsx":
        df = _load_xlsx(data, name)
    elif kind == "table":
        df = _load_json(obj)
    else:
        what = {"codebook": "een CBS-codeboek", "tableinfo": "CBS-tabelinformatie", "boundaries": "een grenzenbestand"}
        raise InputError(f"dit is geen tabel maar {what[kind]}; verwacht een tabel met regiocodes", file=name)
    df = df.rename({c: c.strip() for c in df.columns if c != ROW})
    values = [c for c in df.columns if c != ROW]
    df = df.with_columns(pl.col(c).str.strip_chars().replace("", None) for c in values)
    df = df.filter(~pl.all_horizontal(pl.col(values).is_null()))  # blank lines
    if df.height == 0:
        raise InputError("bestand bevat alleen een kopregel; verwacht minstens één rij gegevens", file=name)

    table_id, layout = _identify(name, values, obj if kind == "table" else None)
    lay = registry()["layouts"].get(layout, {})
    keys = _keys(df, name, table_id, layout)
    first_rows = keys.group_by("area_code").agg(pl.col(ROW).min())
    area_rows = dict(zip(first_rows["area_code"].to_list(), first_rows[ROW].to_list(), strict=True))
    perm = keys.select(pl.arg_sort_by("area_code", "period", "group", "margin")).to_series()
    keys, df = keys[perm], df[perm]
    exclude = {lay.get("code_column"), lay.get("level_column"), lay.get("name_column"), ROW}
    measures = _measures(df, exclude, lay, codebook)
    if not measures:
        raise InputError("geen kolommen met getallen gevonden; verwacht meetwaarden zoals AantalInwoners_5",
                         file=name, row=1)
    long = _long(df, keys, measures, set(lay.get("zero_is_missing") or []), name)

    idx = ["area_code", "area_level", "period", "group", "source_key"]
    if long.select((pl.col("margin") != "value").any()).item():
        is_m = {m: pl.col("margin") == m for m in ("value", "lower", "upper")}
        long = long.group_by(idx, maintain_order=True).agg(
            value=pl.col("num").filter(is_m["value"]).first(),
            status=pl.col("status").filter(is_m["value"]).first(),
            lower=pl.col("num").filter(is_m["lower"]).first(),
            upper=pl.col("num").filter(is_m["upper"]).first(),
        ).with_columns(pl.col("status").fill_null("ontbreekt"))
    else:
        long = long.with_columns(value=pl.col("num"), lower=pl.lit(None, pl.Float64),
                                 upper=pl.lit(None, pl.Float64))
    frame = long.select(pl.col(c).cast(t) for c, t in FRAME_SCHEMA.items())  # already sorted, see _long
    areas = (keys.group_by("area_code").agg(pl.col("area_name").drop_nulls().first(),
                                            pl.col("area_level").first())
             .select("area_code", pl.col("area_name").cast(pl.Utf8), "area_level").sort("area_code"))
    labels = {}
    for _, key in measures:
        entry = (codebook or {}).get(key)
        if entry:
            labels[key] = {k: entry.get(k) for k in ("title", "unit", "description", "decimals", "group")}
    return ParsedTable(
        table_id=table_id,
        file_name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        layout=layout,
        frame=frame,
        area_names=areas,
        labels=labels,
        periods=sorted(keys["period"].unique().to_list()),
        groups=sorted(keys["group"].unique().to_list()),
        code_column=_code_column(values, layout),
        area_rows=area_rows,
    )
