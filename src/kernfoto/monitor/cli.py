"""``kernfoto monitor``: the yearly Sociale Monitor report (PDF and figures workbook)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from kernfoto.cli import command, out


@click.command("monitor")
@click.option("--gemeente", required=True, help="gemeentecode, bijvoorbeeld GM1904")
@click.option("--period", required=True, help="jaar, bijvoorbeeld 2020")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="map voor de PDF en de werkmap (XLSX)")
@command
def monitor_cmd(gemeente: str, period: str, out_dir: Path) -> None:
    """Schrijf de Sociale Monitor van een gemeente over een jaar: een PDF (A4) en een werkmap met alle cijfers."""
    from .output import write_report  # after Django is set up

    start = time.perf_counter()
    written = write_report(gemeente, period, out_dir)
    seconds = time.perf_counter() - start
    r = written.report
    out.print(f"Sociale Monitor {r.gemeente_name} {r.period}: {written.pages} pagina's, "
              f"{len(r.summary)} bevindingen in de samenvatting, {len(r.chapters)} thema's ({seconds:.1f} s)",
              highlight=False)
    for line in (str(written.pdf), str(written.xlsx), f"webpagina: {written.url} (in de webapplicatie: kernfoto serve)"):
        out.print(f"  {line}", highlight=False, soft_wrap=True)  # paths are never broken over lines


COMMANDS: list = [monitor_cmd]
