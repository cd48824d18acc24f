"""Read an HSDS package into raw rows: a folder or ``.zip`` with the CSV files, or an HSDS JSON file.

Nothing is checked here beyond what is needed to read (size, encoding, CSV shape, JSON syntax, the
required files and columns); typed checks and references are in ``hsds_validate``. HSDS JSON is
flattened into the same tabular rows as the CSV files (a nested object gets its parent's id in the
reference column), so one validator serves both.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from ..errors import InputError
from .hsds_tables import BY_FILE, BY_NAME, IGNORED_FILES, TABLES

REQUIRED_FILES = ("organizations.csv", "services.csv")
JSON_NAME = "sociale-basis.json"

#: Nested arrays of HSDS JSON: parent table -> (key, child table, reference column set on the child).
NESTED: dict[str, tuple[tuple[str, str, str], ...]] = {
    "organization": (("contacts", "contact", "organization_id"), ("phones", "phone", "organization_id"),
                     ("locations", "location", "organization_id"), ("services", "service", "organization_id")),
    "service": (("phones", "phone", "service_id"), ("schedules", "schedule", "service_id"),
                ("service_areas", "service_area", "service_id"),
                ("service_at_locations", "service_at_location", "service_id"), ("languages", "language", "service_id"),
                ("cost_options", "cost_option", "service_id"), ("contacts", "contact", "service_id")),
    "service_at_location": (("contacts", "contact", "service_at_location_id"),
                            ("phones", "phone", "service_at_location_id"),
                            ("schedules", "schedule", "service_at_location_id"),
                            ("service_areas", "service_area", "service_at_location_id")),
    "location": (("addresses", "address", "location_id"), ("phones", "phone", "location_id"),
                 ("schedules", "schedule", "location_id"), ("accessibility", "accessibility", "location_id"),
                 ("languages", "language", "location_id"), ("contacts", "contact", "location_id")),
    "contact": (("phones", "phone", "contact_id"),),
    "phone": (("languages", "language", "phone_id"),),
}
#: Nested single objects: parent table -> (key, child table, reference column on the *parent*).
SINGLE: dict[str, tuple[tuple[str, str, str], ...]] = {
    "service": (("organization", "organization", "organization_id"),),
    "service_at_location": (("location", "location", "location_id"),),
    "attribute": (("taxonomy_term", "taxonomy_term", "taxonomy_term_id"),),
    "taxonomy_term": (("taxonomy_detail", "taxonomy", "taxonomy_id"),),
}
#: Tables whose objects may carry ``attributes`` (HSDS attaches them to almost every object).
WITH_ATTRIBUTES = tuple(t.name for t in TABLES if t.name not in ("attribute", "taxonomy", "taxonomy_term"))
#: Reference columns left out of nested JSON objects (their parent says it).
JSON_IMPLIED = {
    "service": ("organization_id",), "service_at_location": ("service_id", "location_id"),
    "schedule": ("service_id", "location_id", "service_at_location_id"),
    "contact": ("organization_id", "service_id", "service_at_location_id", "location_id"),
    "phone": ("location_id", "service_id", "organization_id", "contact_id", "service_at_location_id"),
    "address": ("location_id",), "accessibility": ("location_id",), "cost_option": ("service_id",),
    "language": ("service_id", "location_id", "phone_id"), "service_area": ("service_id", "service_at_location_id"),
    "attribute": ("link_id", "taxonomy_term_id"),
}
#: Top-level lists of the JSON file for objects no organisation reaches.
TOP_LEVEL = (("locations", "location"), ("taxonomy_terms", "taxonomy_term"), ("taxonomies", "taxonomy"))


@dataclass(frozen=True)
class Where:
    """Where a row came from, for messages: a CSV file and row, or a JSON file and path."""

    file: str
    row: int | None = None
    path: str | None = None

    def error(self, message: str, column: str | None = None) -> InputError:
        if self.path is not None:
            column = f"{self.path}.{column}" if column else self.path
        return InputError(message, file=self.file, row=self.row, column=column)


@dataclass
class RawPackage:
    fmt: str  # "hsds-csv" | "hsds-json"
    source: str  # what the user named (folder, zip or json file)
    rows: dict[str, list[tuple[Where, dict[str, str]]]] = field(default_factory=dict)
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # CSV only
    files: dict[str, str] = field(default_factory=dict)  # table -> file name as found
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""


def _max_bytes() -> int:
    return int(settings.MAX_IMPORT_MB) * 1024 * 1024


def _too_large(size: int, name: str) -> InputError:
    return InputError(f"het bestand is te groot ({size / 1048576:.1f} MB; maximaal {settings.MAX_IMPORT_MB} MB, "
                      "in te stellen met KERNFOTO_MAX_IMPORT_MB)", file=name)


def read_package(path: Path) -> RawPackage:
    """Read a folder, ``.zip`` or ``.json`` file; raise :class:`InputError` (Dutch) when it cannot be read."""
    path = Path(path)
    if not path.exists():
        raise InputError("bestand of map niet gevonden", file=path.name or str(path))
    if path.is_dir():
        files = {}
        for p in sorted(path.iterdir()):
            if p.is_file() and p.suffix.lower() in (".csv", ".json"):
                if p.stat().st_size > _max_bytes():
                    raise _too_large(p.stat().st_size, p.name)
                files[p.name] = p.read_bytes()
        pkg = _from_files(files, path.name)
    elif path.suffix.lower() == ".zip":
        pkg = _from_zip(path)
    elif path.suffix.lower() == ".json":
        if path.stat().st_size > _max_bytes():
            raise _too_large(path.stat().st_size, path.name)
        data = path.read_bytes()
        pkg = _from_json(data, path.name, path.name)
        pkg.sha256 = hashlib.sha256(data).hexdigest()
        return pkg
    elif path.suffix.lower() == ".csv":
        raise InputError("één CSV-bestand is geen HSDS-pakket: geef de map (of .zip) met organizations.csv, "
                         "services.csv en de andere bestanden", file=path.name)
    else:
        raise InputError("dit is geen HSDS-pakket: geef een map of .zip met CSV-bestanden, of een .json-bestand",
                         file=path.name)
    return pkg


def _from_zip(path: Path) -> RawPackage:
    if path.stat().st_size > _max_bytes():
        raise _too_large(path.stat().st_size, path.name)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError("het bestand is geen geldig zip-bestand", file=path.name) from None
    with zf:
        members = [i for i in zf.infolist() if not i.is_dir() and Path(i.filename).suffix.lower() in (".csv", ".json")
                   and not Path(i.filename).name.startswith(("._", "~$"))]
        if sum(i.file_size for i in members) > _max_bytes():
            raise _too_large(sum(i.file_size for i in members), path.name)
        files: dict[str, bytes] = {}
        for info in members:
            name = Path(info.filename).name
            if name in files:
                raise InputError(f"het zip-bestand bevat {name} meer dan eens (in verschillende mappen)",
                                 file=path.name)
            files[name] = zf.read(info)
    return _from_files(files, path.name)


def _from_files(files: dict[str, bytes], source: str) -> RawPackage:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    csvs = {n: b for n, b in files.items() if n.lower().endswith(".csv")}
    jsons = {n: b for n, b in files.items() if n.lower().endswith(".json") and n != "datapackage.json"}
    if not csvs and len(jsons) == 1:
        [(name, data)] = jsons.items()
        pkg = _from_json(data, name, source)
        pkg.sha256 = digest.hexdigest()
        return pkg
    if "datapackage.json" in files:
        try:
            json.loads(files["datapackage.json"].decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"datapackage.json is geen geldige JSON ({exc})", file="datapackage.json") from None
    pkg = RawPackage(fmt="hsds-csv", source=source, sha256=digest.hexdigest())
    for required in REQUIRED_FILES:
        table = BY_FILE[required]
        if not any(BY_FILE.get(n.lower()) is table for n in csvs):
            raise InputError(f"het bestand {required} ontbreekt in {source}; een HSDS-pakket heeft minstens "
                             f"{' en '.join(REQUIRED_FILES)}", file=required)
    for name in sorted(csvs):
        table = BY_FILE.get(name.lower())
        if table is None:
            if name.lower() in IGNORED_FILES:
                pkg.warnings.append(f"{name}: dit HSDS-bestand bewaart Kernfoto niet; het is overgeslagen")
            else:
                pkg.warnings.append(f"{name}: onbekend bestand (geen HSDS-tabel); het is overgeslagen")
            continue
        if table.name in pkg.files:
            raise InputError(f"{table.name} staat in twee bestanden: {pkg.files[table.name]} en {name}", file=name)
        pkg.files[table.name] = name
        header, rows = _read_csv(csvs[name], name)
        _check_header(header, table, name, pkg)
        pkg.headers[table.name] = tuple(header)
        pkg.rows[table.name] = [(Where(name, rownum), row) for rownum, row in rows]
    return pkg


def _read_csv(data: bytes, name: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    if b"\x00" in data[:4096]:
        raise InputError("het bestand is geen CSV-tekst (het bevat binaire gegevens)", file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("het bestand is geen tekst in UTF-8; kies 'CSV UTF-8' bij het opslaan", file=name) from None
    if not text.strip():
        raise InputError("het bestand is leeg; verwacht minstens een kopregel", file=name)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [h.strip() for h in next(reader)]
        width = len(header)
        rows = []
        strip = str.strip
        for rownum, cells in enumerate(reader, start=2):
            if len(cells) != width:
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    raise InputError(f"de rij heeft meer cellen ({len(cells)}) dan de kopregel ({width}); staat er "
                                     "een scheidingsteken in een tekst zonder aanhalingstekens?", file=name, row=rownum)
                cells = (cells + [""] * width)[:width]
            values = dict(zip(header, map(strip, cells), strict=True))
            if any(values.values()):
                rows.append((rownum, values))
    except csv.Error as exc:
        raise InputError(f"CSV niet leesbaar: {exc}", file=name) from None
    return header, rows


def _check_header(header: list[str], table, name: str, pkg: RawPackage) -> None:
    seen = set()
    for h in header:
        if not h:
            raise InputError("een kolom heeft geen naam", file=name, row=1)
        if h in seen:
            raise InputError("kolom komt twee keer voor", file=name, row=1, column=h)
        seen.add(h)
    for required in table.required_columns:
        if required not in seen:
            raise InputError(f"kolom '{required}' ontbreekt (verplicht in {table.file}: "
                             f"{', '.join(table.required_columns)})", file=name, row=1, column=required)
    if table.parents and not any(p in seen for p in table.parents):
        raise InputError(f"{table.file} heeft minstens een van de kolommen {', '.join(table.parents)} nodig",
                         file=name, row=1)
    unknown = [h for h in header if h not in table.column_names]
    if unknown:
        pkg.warnings.append(f"{name}: kolom(men) {', '.join(unknown)} bewaart Kernfoto niet; overgeslagen")


# --- JSON ---------------------------------------------------------------------------------------


def _from_json(data: bytes, name: str, source: str) -> RawPackage:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError("het bestand is geen tekst in UTF-8", file=name) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"geen geldige JSON: {exc.msg} (regel {exc.lineno}, teken {exc.colno})", file=name,
                         row=exc.lineno) from None
    pkg = RawPackage(fmt="hsds-json", source=source, files={t.name: name for t in TABLES})
    flat = _Flattener(name, pkg)
    if isinstance(doc, dict) and isinstance(doc.get("contents"), list):
        items, prefix = doc["contents"], "contents"
    elif isinstance(doc, list):
        items, prefix = doc, ""
    elif isinstance(doc, dict) and "id" in doc:
        items, prefix = [doc], ""
    else:
        raise InputError("verwacht HSDS-JSON: een lijst organisaties of aanbod, of een object met 'contents'",
                         file=name)
    for i, item in enumerate(items):
        path = f"{prefix}[{i}]" if prefix else f"[{i}]"
        if not isinstance(item, dict):
            raise InputError("verwacht een object (organisatie of aanbod)", file=name, column=path)
        is_service = "status" in item or "organization" in item or "service_at_locations" in item
        flat.add("service" if is_service else "organization", item, path, {})
    if isinstance(doc, dict):
        for key, table in TOP_LEVEL:
            for i, item in enumerate(doc.get(key) or []):
                flat.add(table, item, f"{key}[{i}]", {})
    return pkg


class _Flattener:
    def __init__(self, name: str, pkg: RawPackage):
        self.name, self.pkg = name, pkg
        self.index: dict[tuple[str, str], dict[str, str]] = {}
        self.warned: set[tuple[str, str]] = set()
        for t in TABLES:
            pkg.rows[t.name] = []

    def add(self, table_name: str, obj: object, path: str, links: dict[str, str]) -> str:
        table = BY_NAME[table_name]
        where = Where(self.name, None, path)
        if not isinstance(obj, dict):
            raise where.error("verwacht een object")
        nested = {key for key, _, _ in NESTED.get(table_name, ())} | {key for key, _, _ in SINGLE.get(table_name, ())}
        if table_name in WITH_ATTRIBUTES:
            nested.add("attributes")
        row = {}
        for key, value in obj.items():
            if key in nested:
                continue
            if key not in table.column_names:
                if (table_name, key) not in self.warned:
                    self.warned.add((table_name, key))
                    self.pkg.warnings.append(f"{self.name}: veld '{key}' van {table_name} bewaart Kernfoto niet; "
                                             "overgeslagen")
                continue
            row[key] = _scalar(value, where, key)
        for key, child_table, column in SINGLE.get(table_name, ()):
            if obj.get(key) is not None:
                row[column] = self.add(child_table, obj[key], f"{path}.{key}", {})
        row.update({k: v for k, v in links.items() if v})
        oid = row.get("id", "")
        if not oid:
            raise where.error("het object heeft geen id", "id")
        self._merge(table_name, oid, row, where)
        for key, child_table, column in NESTED.get(table_name, ()):
            for i, child in enumerate(_array(obj.get(key), where, key)):
                self.add(child_table, child, f"{path}.{key}[{i}]", {column: oid})
        if "attributes" in nested:
            for i, child in enumerate(_array(obj.get("attributes"), where, "attributes")):
                link = {"link_id": oid}
                if isinstance(child, dict) and not child.get("link_entity"):
                    link["link_entity"] = table_name
                self.add("attribute", child, f"{path}.attributes[{i}]", link)
        return oid

    def _merge(self, table: str, oid: str, row: dict[str, str], where: Where) -> None:
        key = (table, oid.strip().lower())
        seen = self.index.get(key)
        if seen is None:
            self.index[key] = row
            self.pkg.rows[table].append((where, row))
            return
        for col, value in row.items():
            if value and seen.get(col) and seen[col] != value:
                raise where.error(f"{table} {oid} staat meer dan eens in het bestand, met verschillende waarden "
                                  f"({seen[col]!r} en {value!r})", col)
            if value:
                seen[col] = value


def _scalar(value: object, where: Where, key: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value.strip()
    raise where.error("verwacht een tekst, getal of ja/nee, geen lijst of object", key)


def _array(value: object, where: Where, key: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.error("verwacht een lijst", key)
    return value
