"""Helpers for the HSDS tests: copy the shipped example package, edit one cell, snapshot the database."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

from kernfoto.directory.hsds import export_rows
from kernfoto.directory.hsds_tables import TABLES
from kernfoto.directory.sample import SAMPLE_DIR

GM = "GM1904"


def copy_sample(tmp_path: Path, name: str = "pakket") -> Path:
    target = tmp_path / name
    shutil.copytree(SAMPLE_DIR, target)
    (target / "README.md").unlink()
    return target


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def edit(pkg: Path, file: str, match: dict[str, str], changes: dict[str, str]) -> int:
    """Change the first row of ``file`` whose cells equal ``match``; return its row number (header = 1)."""
    header, rows = read_rows(pkg / file)
    for i, row in enumerate(rows):
        if all(row[k] == v for k, v in match.items()):
            row.update(changes)
            write_rows(pkg / file, header, rows)
            return i + 2
    raise AssertionError(f"no row {match} in {file}")


def row_of(pkg: Path, file: str, column: str, value: str) -> tuple[int, dict[str, str]]:
    _, rows = read_rows(pkg / file)
    for i, row in enumerate(rows):
        if row[column] == value:
            return i + 2, row
    raise AssertionError(f"no {column}={value} in {file}")


def snapshot() -> tuple[dict[str, int], str]:
    """Row counts of every directory table and a digest of the full canonical export."""
    counts = {t.name: t.model.objects.count() for t in TABLES}
    rows = export_rows(None)
    digest = hashlib.sha256(repr(sorted((k, [sorted(r.items()) for r in v]) for k, v in rows.items())).encode())
    return counts, digest.hexdigest()
