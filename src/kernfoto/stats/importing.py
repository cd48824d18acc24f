"""Import files into the database: validated first, then written in one transaction.

``import_files`` accepts any mix of CBS/RIVM tables (CSV, XLSX, OData JSON), CBS codebooks
(``DataProperties.json``, applied to the tables of the same id in the same call) and CBS/PDOK
boundary files (GeoJSON). Every file is parsed and checked before anything is written; if one
file is bad, the database stays exactly as it was.

``gemeenten`` limits what may be imported (the browser import of a gemeente's analyst): a file with
figures or boundaries of any other area, including Nederland (NL01), is refused as a whole. Without
it (the CLI, run by the operator) any table may be imported, national ones included.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..areas import geo
from ..areas.models import Area, Boundary, gemeente_of, level_of, parent_of
from ..errors import InputError
from . import readers
from .catalogue import catalogue
from .models import Dataset, DatasetKind
from .store import frame_to_bytes


@dataclass
class ImportResult:
    file_name: str
    outcome: str  # "nieuw" | "ongewijzigd" | "vervangen" | "codeboek"
    message: str  # Dutch, for the user
    rows: int = 0


Progress = Callable[[str, int, int], None]


def _scope(codes: Iterable[str]) -> str:
    codes = list(codes)
    if any(c.startswith("NL") for c in codes):
        return "NL"
    gemeenten = sorted({"GM" + c[2:6] for c in codes if not c.startswith("NL")})
    if len(gemeenten) > 20:
        return "NL"
    return ",".join(gemeenten)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_scope(found: Iterable[tuple[str, int]], gemeenten: set[str], *, file: str, column: str,
                 what: str) -> None:
    """Refuse a file holding an area (given as (code, row)) that is not in one of ``gemeenten``."""
    outside = [(row, code) for code, row in found if gemeente_of(code) not in gemeenten]
    if not outside:
        return
    row, code = min(outside)
    names = dict(Area.objects.filter(code__in=gemeenten).values_list("code", "name"))
    own = " of ".join(names.get(c) or c for c in sorted(gemeenten)) or "uw gemeente"
    raise InputError(f"{code} hoort niet bij {own}; u mag alleen {what} van uw eigen gemeente inlezen. "
                     "Landelijke tabellen leest de beheerder in.", file=file, row=row, column=column)


def import_files(paths: list[Path], *, progress: Progress | None = None,
                 gemeenten: set[str] | None = None) -> list[ImportResult]:
    """Import tables, codebooks and boundary files. Raises InputError and writes nothing on bad input.

    With ``gemeenten`` only files whose areas all lie in those gemeenten are accepted (see the module
    docstring); ``None`` means no limit.
    """
    max_bytes = settings.MAX_IMPORT_MB * 1024 * 1024
    kinds: dict[Path, str] = {}
    for path in paths:
        if not path.exists():
            raise InputError("bestand niet gevonden", file=str(path))
        if path.stat().st_size > max_bytes:
            raise InputError(
                f"het bestand is te groot ({path.stat().st_size / 1048576:.0f} MB; maximaal {settings.MAX_IMPORT_MB} MB, "
                "in te stellen met KERNFOTO_MAX_IMPORT_MB)", file=path.name)
        kinds[path] = readers.sniff(path)
    codebooks: dict[str, dict] = {}
    results: list[ImportResult] = []
    for path, kind in kinds.items():
        if kind == "codebook":
            book = readers.read_codebook(path)
            table_id = _table_id_from_name(path)
            codebooks[table_id or "*"] = book
            results.append(ImportResult(path.name, "codeboek", f"codeboek gelezen ({len(book)} onderwerpen)"))
        elif kind == "tableinfo":
            results.append(ImportResult(path.name, "codeboek", "tabelinformatie gelezen"))
    tables: list[readers.ParsedTable] = []
    shapes: list[tuple[Path, list[geo.AreaShape]]] = []
    steps = [p for p, k in kinds.items() if k in ("table", "boundaries")]
    for n, path in enumerate(steps, start=1):
        if progress:
            progress(f"lezen {path.name}", n, len(steps))
        if kinds[path] == "table":
            table_id = _table_id_from_name(path)
            book = codebooks.get(table_id or "", codebooks.get("*"))
            tables.append(readers.read_table(path, codebook=book, max_bytes=max_bytes))
        else:
            shapes.append((path, geo.read_boundaries(path)))
    if gemeenten is not None:  # after all files are read, so format errors are reported first
        for table in tables:
            _check_scope(table.area_rows.items(), gemeenten, file=table.file_name, column=table.code_column,
                         what="cijfers")
        for path, area_shapes in shapes:  # row = feature number, as in read_boundaries' errors
            _check_scope(((s.code, n) for n, s in enumerate(area_shapes, start=1)), gemeenten, file=path.name,
                         column="statcode", what="gebiedsgrenzen")
    with transaction.atomic():
        for n, table in enumerate(tables, start=1):
            if progress:
                progress(f"opslaan {table.file_name}", n, len(tables))
            results.append(_store_table(table))
        for path, area_shapes in shapes:
            results.append(_store_boundaries(path, area_shapes))
    return results


def _table_id_from_name(path: Path) -> str | None:
    import re

    m = re.search(r"\d{5}NED", path.name)
    return m.group(0) if m else None


def ensure_areas(names: pl.DataFrame, source: str) -> int:
    """Create missing areas (with their CBS parents) and fill in names where none are known yet."""
    rows = {r["area_code"]: r for r in names.to_dicts()}
    codes = set(rows)
    for code in list(codes):
        p = parent_of(code)
        while p:
            codes.add(p)
            p = parent_of(p)
    existing = {a.code: a for a in Area.objects.filter(code__in=codes)}
    new = []
    for code in sorted(codes, key=lambda c: ("NL", "GM", "WK", "BU").index(c[:2])):
        if code in existing:
            continue
        level = level_of(code)
        if level is None:
            raise InputError(f"onbekende gebiedscode {code!r}", file=source)
        r = rows.get(code) or {}
        name = (r.get("area_name") or "").strip() or ("Nederland" if code == "NL01" else "")
        new.append(Area(code=code, level=level, parent_id=parent_of(code), name=name,
                        gemeente_code=("GM" + code[2:6]) if level in ("gemeente", "wijk", "buurt") else "",
                        name_source=source if name else ""))
    Area.objects.bulk_create(new, batch_size=2000)
    unnamed = [existing[c] for c in existing if not existing[c].name and (rows.get(c) or {}).get("area_name")]
    for area in unnamed:
        area.name = rows[area.code]["area_name"].strip()
        area.name_source = source
    Area.objects.bulk_update(unnamed, ["name", "name_source"], batch_size=2000)
    return len(new)


def _store_table(table: readers.ParsedTable) -> ImportResult:
    meta = catalogue().tables[table.table_id]
    periods = ",".join(table.periods)
    groups = ",".join(table.groups)
    scope = _scope(table.area_names["area_code"].to_list())
    identity = dict(kind=DatasetKind.TABLE, table_id=table.table_id, periods=periods, groups=groups, scope=scope)
    previous = Dataset.objects.filter(**identity).first()
    if previous and previous.sha256 == table.sha256:
        return ImportResult(table.file_name, "ongewijzigd",
                            f"ongewijzigd: dit bestand is al geïmporteerd op {timezone.localtime(previous.imported_at):%d-%m-%Y %H:%M}")
    outcome, message = "nieuw", f"geïmporteerd: tabel {table.table_id} ({meta.title}), periode {periods}, groep {groups}"
    if previous:
        outcome = "vervangen"
        message = (f"vervangen: tabel {table.table_id} periode {periods} groep {groups} kwam eerder uit "
                   f"{previous.file_name} ({timezone.localtime(previous.imported_at):%d-%m-%Y}); die cijfers zijn vervangen")
        previous.delete()
    ensure_areas(table.area_names, table.file_name)
    dataset = Dataset.objects.create(
        kind=DatasetKind.TABLE, table_id=table.table_id, series=meta.series, title=meta.title, periods=periods,
        groups=groups, scope=scope, file_name=table.file_name, sha256=table.sha256, imported_at=timezone.now(),
        licence=meta.licence, attribution=meta.attribution, rows=table.frame.height, labels=table.labels,
        data=frame_to_bytes(table.frame),
    )
    del dataset
    return ImportResult(table.file_name, outcome, f"{message} ({table.frame.height} cijfers)", table.frame.height)


def _store_boundaries(path: Path, shapes: list[geo.AreaShape]) -> ImportResult:
    digest = _sha256(path)
    year = next((s.year for s in shapes if s.year), None) or "onbekend"
    levels = sorted({s.level for s in shapes})
    scope = _scope(s.code for s in shapes)
    identity = dict(kind=DatasetKind.BOUNDARIES, table_id="gebiedsindeling-" + "-".join(levels), periods=year,
                    groups="", scope=scope)
    previous = Dataset.objects.filter(**identity).first()
    if previous and previous.sha256 == digest:
        return ImportResult(path.name, "ongewijzigd", "ongewijzigd: deze grenzen zijn al geïmporteerd")
    outcome = "vervangen" if previous else "nieuw"
    if previous:
        previous.delete()
    names = pl.DataFrame({"area_code": [s.code for s in shapes], "area_name": [s.name for s in shapes]})
    ensure_areas(names, path.name)
    # boundary files carry the official names: they win over names taken from tables
    for s in shapes:
        Area.objects.filter(code=s.code).update(name=s.name, name_source=path.name)
    dataset = Dataset.objects.create(
        kind=DatasetKind.BOUNDARIES, table_id=identity["table_id"], series="gebiedsindeling",
        title=f"CBS/PDOK gebiedsindeling {year} ({', '.join(levels)})", periods=year, groups="", scope=scope,
        file_name=path.name, sha256=digest, imported_at=timezone.now(), licence="CC BY 4.0",
        attribution="Bron: CBS / PDOK, Wijk- en buurtkaart (gegeneraliseerd)", rows=len(shapes),
    )
    Boundary.objects.filter(area_id__in=[s.code for s in shapes], year=year).delete()
    Boundary.objects.bulk_create(
        Boundary(area_id=s.code, year=year, dataset=dataset, geometry=json.dumps(geo.shape_geometry(s), separators=(",", ":")))
        for s in shapes
    )
    verb = "vervangen" if outcome == "vervangen" else "geïmporteerd"
    return ImportResult(path.name, outcome, f"{verb}: {len(shapes)} gebiedsgrenzen ({', '.join(levels)}, {year})", len(shapes))
