"""``kernfoto gaps``: need against offer per kern and theme, as CSV or JSON (one row per kern x theme)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
from pathlib import Path

import click

from kernfoto.cli import command, console

# The gaps module needs Django's models, which are ready only once a command runs: it is imported there.


def cells_csv(cells) -> bytes:
    """The cells as CSV (UTF-8, header = GapCell's field names; lists joined with "; ")."""
    from .gaps import GapCell

    fields = [f.name for f in dataclasses.fields(GapCell)]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(fields)
    for cell in cells:
        row = []
        for name in fields:
            value = getattr(cell, name)
            if isinstance(value, tuple):
                value = "; ".join(value)
            elif isinstance(value, bool):
                value = "ja" if value else "nee"
            elif value is None:
                value = ""
            row.append(value)
        writer.writerow(row)
    return buf.getvalue().encode("utf-8")


def cells_json(cells) -> bytes:
    """The cells as a JSON list of objects (fields in GapCell's order, lists as arrays)."""
    rows = [dataclasses.asdict(cell) for cell in cells]
    for row in rows:
        for key, value in row.items():
            if isinstance(value, tuple):
                row[key] = list(value)
    return (json.dumps(rows, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@click.command("gaps")
@click.option("--gemeente", required=True, help="gemeentecode, bijvoorbeeld GM1904")
@click.option("--period", required=True, help="jaar van de cijfers, bijvoorbeeld 2020")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=None,
              help="bestand om naar te schrijven (standaard: het scherm)")
@click.option("--afstand", "afstand", type=float, default=None,
              help="aanbod binnen zoveel km van een kern telt mee (standaard 1 km; 0 = alleen in of voor de kern)")
@command
def gaps_command(gemeente: str, period: str, fmt: str, out_path: Path | None, afstand: float | None) -> None:
    """Nood en aanbod: per kern en thema de nood uit de cijfers naast het aanbod van de sociale basis."""
    from .gaps import analyse, gap_class

    analysis = analyse(gemeente, period, distance_km=afstand)
    data = cells_csv(analysis.cells) if fmt == "csv" else cells_json(analysis.cells)
    if out_path is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    out_path.write_bytes(data)
    gaps = sum(gap_class(c.classification).is_gap for c in analysis.cells)
    example = " (het aanbod bevat voorbeeldgegevens)" if analysis.has_example else ""
    console.print(f"{out_path}: {len(analysis.cells)} regels (kern x thema), {gaps} met nood en weinig of geen "
                  f"aanbod{example}", highlight=False)
