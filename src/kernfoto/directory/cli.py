"""``kernfoto sociale-basis ...`` and ``kernfoto gaps``: the directory on the command line."""

from __future__ import annotations

from pathlib import Path

import click

from kernfoto.cli import command, out


@click.group("sociale-basis")
def sociale_basis() -> None:
    """De sociale basis: aanbod van activiteiten en ondersteuning per kern (HSDS)."""


@sociale_basis.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--gemeente", default=None, help="gemeentecode, bijvoorbeeld GM1904 (als de organisaties die niet noemen)")
@command
def import_cmd(path: Path, gemeente: str | None) -> None:
    """Lees een sociale kaart in: een map of .zip met HSDS-CSV-bestanden, of een HSDS-JSON-bestand."""
    from .hsds import import_directory

    result = import_directory(path, gemeente=gemeente)
    for line in result.lines():
        out.print(line, highlight=False)


@sociale_basis.command("export")
@click.option("--format", "fmt", type=click.Choice(["hsds-csv", "hsds-json"]), default="hsds-csv", show_default=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="map om in te schrijven")
@click.option("--gemeente", default=None, help="alleen deze gemeente (GMxxxx); standaard alles")
@command
def export_cmd(fmt: str, out_dir: Path, gemeente: str | None) -> None:
    """Schrijf de sociale kaart als HSDS 3.0: CSV-bestanden met datapackage.json, of één JSON-bestand."""
    from .hsds import export_directory, export_summary

    files = export_directory(gemeente, fmt, out_dir)
    for line in export_summary(gemeente, files):
        out.print(line, highlight=False)


from .gaps_cli import gaps_command  # noqa: E402

COMMANDS = [sociale_basis, gaps_command]
