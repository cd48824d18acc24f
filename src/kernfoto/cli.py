"""The ``kernfoto`` command line.

Every command sets up Django, creates or migrates the database schema on first use, and prints
user errors (``KernfotoError``) in Dutch without a traceback, exiting with status 1.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console(stderr=True)
out = Console()


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kernfoto.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", verbosity=0, interactive=False)


def command(func: Callable) -> Callable:
    """Set up Django and turn user errors into a Dutch message and exit status 1."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        from .errors import KernfotoError

        try:
            setup_django()
            return func(*args, **kwargs)
        except KernfotoError as exc:
            console.print(f"[bold red]Fout:[/] {exc}", highlight=False)
            sys.exit(1)

    return wrapper


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=False)


@click.group()
@click.version_option(package_name="kernfoto")
def main() -> None:
    """Kernfoto: cijfers en verhalen per kern, wijk en buurt voor het sociaal domein."""


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@command
def import_cmd(files: tuple[Path, ...]) -> None:
    """Importeer CBS/RIVM-tabellen (CSV, XLSX, OData JSON), codeboeken en gebiedsgrenzen (GeoJSON)."""
    from .stats.importing import import_files

    with progress_bar() as bar:
        task = bar.add_task("importeren", total=None)

        def report(desc: str, n: int, total: int) -> None:
            bar.update(task, description=desc, completed=n - 1, total=total)

        results = import_files(list(files), progress=report)
        bar.update(task, description="klaar", completed=bar.tasks[0].total or 1)
    for r in results:
        out.print(f"{r.file_name}: {r.message}", highlight=False)


@main.command("kernen")
@click.argument("file", type=click.Path(path_type=Path))
@command
def kernen_cmd(file: Path) -> None:
    """Leg de kernen (groepen buurten of wijken) en regio's van een gemeente vast uit een YAML- of CSV-bestand."""
    from .areas.kernen import load_kernen

    gemeente, groups = load_kernen(file)
    kinds = {g.kind for g in groups}
    out.print(f"{file.name}: {len(groups)} {'kernen' if kinds == {'kern'} else 'kernen/regio’s'} vastgelegd"
              f"{' voor ' + gemeente if gemeente else ''}: {', '.join(g.name for g in groups)}", highlight=False)


@main.command("demo")
@command
def demo_cmd() -> None:
    """Laad de meegeleverde echte voorbeelddata (Stichtse Vecht) en toon de kernen. Kan vaker worden uitgevoerd."""
    from .demo import load_demo

    with progress_bar() as bar:
        task = bar.add_task("voorbeelddata", total=None)

        def report(desc: str, n: int, total: int) -> None:
            bar.update(task, description=desc, completed=n - 1, total=total)

        summary = load_demo(progress=report)
        bar.update(task, description="klaar", completed=bar.tasks[0].total or 1)
    for line in summary:
        out.print(line, highlight=False)


@main.command("indicators")
@click.option("--area", "area", required=True, help="CBS-code (GM…, WK…, BU…) of naam/slug van een kern")
@click.option("--period", required=True, help="jaar, bijvoorbeeld 2020")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@command
def indicators_cmd(area: str, period: str, fmt: str) -> None:
    """Toon alle indicatoren van één gebied met dekking, gemeente, Nederland, vergelijking en trend."""
    from .stats.export import area_indicators, write_frame

    frame, title = area_indicators(area, period)
    if fmt == "table":
        from .stats.export import print_table

        print_table(out, frame, title)
    else:
        sys.stdout.write(write_frame(frame, fmt).decode("utf-8"))


@main.command("indelingen")
@click.option("--gemeente", required=True, help="gemeentecode, bijvoorbeeld GM1904")
@command
def indelingen_cmd(gemeente: str) -> None:
    """Toon per bron en periode of de wijk- en buurtindeling veranderde (dan geen trend)."""
    from .areas.models import Area
    from .stats import engine
    from .stats.pipeline import load_observations

    codes = list(Area.objects.filter(gemeente_code=gemeente.upper()).values_list("code", flat=True))
    changes = engine.boundary_changes(load_observations(codes, gemeente_level_all=False))
    if changes.is_empty():
        out.print("Geen bronnen met meer dan één periode op wijk- of buurtniveau.")
    for r in changes.iter_rows(named=True):
        same = r["from_boundaries"] == r["to_boundaries"] and not r["added"] and not r["removed"]
        verdict = "zelfde indeling: trend mogelijk" if same else "andere indeling: trend niet vergelijkbaar"
        detail = ""
        if r["added"] or r["removed"]:
            detail = f" (nieuw: {', '.join(r['added'][:5]) or '-'}; vervallen: {', '.join(r['removed'][:5]) or '-'})"
        out.print(f"{r['series']} {r['from_period']} → {r['to_period']}: {verdict}{detail}", highlight=False)


@main.command("export")
@click.option("--gemeente", required=True, help="gemeentecode, bijvoorbeeld GM1904")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), default="csv", show_default=True)
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=None,
              help="bestand om naar te schrijven (standaard: standaarduitvoer; xlsx vereist --out)")
@command
def export_cmd(gemeente: str, fmt: str, out_path: Path | None) -> None:
    """Schrijf alle gebieden x indicatoren x perioden x groepen van een gemeente als één tabel."""
    from .errors import KernfotoError
    from .stats.export import export_table, write_frame

    frame = export_table(gemeente)
    data = write_frame(frame, fmt)
    if out_path is None:
        if fmt == "xlsx":
            raise KernfotoError("een XLSX-bestand kan niet naar het scherm; geef --out BESTAND.xlsx op")
        sys.stdout.buffer.write(data)
    else:
        out_path.write_bytes(data)
        console.print(f"{out_path}: {frame.height} regels geschreven", highlight=False)


@main.command("teksten")
@click.argument("file", type=click.Path(path_type=Path))
@command
def teksten_cmd(file: Path) -> None:
    """Leg de eigen teksten van de analist vast (krachten en opgaven per kern), uit een YAML-bestand."""
    from .profiles.curated import load_curated

    n = load_curated(file)
    out.print(f"{file.name}: {n} teksten vastgelegd", highlight=False)


@main.command("kernfoto")
@click.option("--gemeente", required=True, help="gemeentecode, bijvoorbeeld GM1904")
@click.option("--period", required=True, help="jaar, bijvoorbeeld 2020")
@click.option("--area", default=None, help="alleen dit gebied: CBS-code of naam van een kern")
@click.option("--level", type=click.Choice(["kern", "wijk", "buurt"]), default="kern", show_default=True)
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True, help="map voor de PDF's")
@command
def kernfoto_cmd(gemeente: str, period: str, area: str | None, level: str, out_dir: Path) -> None:
    """Schrijf één A4-kernfoto (PDF en webpagina) per kern, wijk of buurt, plus een overzichtspagina."""
    import time

    from .profiles.batch import write_kernfotos

    start = time.perf_counter()
    with progress_bar() as bar:
        task = bar.add_task("kernfoto's", total=None)

        def report(desc: str, n: int, total: int) -> None:
            bar.update(task, description=desc, completed=n, total=total)

        result = write_kernfotos(gemeente, period, out_dir, level=level, area=area, progress=report)
    seconds = time.perf_counter() - start
    out.print(f"{len(result.profiles)} kernfoto's geschreven naar {out_dir} in {seconds:.1f} s; "
              f"overzicht: {result.index}", highlight=False)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn-werkprocessen")
@command
def serve_cmd(host: str, port: int, workers: int) -> None:
    """Start de webapplicatie (gunicorn). Laadt eerst de voorbeelddata als de database nog leeg is."""
    from .web.server import serve

    serve(host=host, port=port, workers=workers, say=lambda text: console.print(text, highlight=False))


@main.command("manage", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@command
def manage_cmd(args: tuple[str, ...]) -> None:
    """Django-beheeropdrachten, bijvoorbeeld: kernfoto manage createsuperuser."""
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kernfoto manage", *args])


@main.command("collectstatic")
@command
def collectstatic_cmd() -> None:
    """Verzamel de statische bestanden (CSS, JavaScript) in KERNFOTO_STATIC_ROOT, voor productie."""
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    out.print(f"statische bestanden staan in {settings.STATIC_ROOT}", highlight=False)


@main.group("stemmen")
def stemmen() -> None:
    """Wat we horen: gespreksnotities inlezen en oude notities anonimiseren (AVG)."""


@stemmen.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--gemeente", required=True, help="gemeentecode, bijvoorbeeld GM1904")
@click.option("--gebruiker", required=True, help="gebruikersnaam van de analist die inleest (voor het auditlog)")
@command
def stemmen_import_cmd(file: Path, gemeente: str, gebruiker: str) -> None:
    """Lees gespreksnotities in uit een CSV-bestand (kolommen datum, kern, soort, wie, themas, samenvatting,
    citaat, toestemming). Zonder namen: alleen wat voor iemand sprak. Alles of niets; de notities wachten
    daarna op beoordeling door een analist."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from .errors import KernfotoError
    from .voices.services import import_voices_csv

    user = get_user_model().objects.filter(username=gebruiker).first()
    if user is None or not user.is_active:
        raise KernfotoError(f"gebruiker {gebruiker!r} bestaat niet of is niet actief")
    try:
        n = import_voices_csv(file, gemeente, user)
    except PermissionDenied:
        raise KernfotoError(f"gebruiker {gebruiker} mag in {gemeente.upper()} geen gesprekken inlezen "
                            "(daarvoor is de rol analist of beheerder nodig)") from None
    out.print(f"{file.name}: {n} {'notitie' if n == 1 else 'notities'} ingelezen voor {gemeente.upper()}; "
              "ze staan ter beoordeling bij een analist", highlight=False)


@stemmen.command("anonimiseer")
@command
def stemmen_anonimiseer_cmd() -> None:
    """Anonimiseer notities die ouder zijn dan de bewaartermijn (KERNFOTO_VOICES_RETENTION_YEARS, standaard 3 jaar):
    samenvatting en citaten verdwijnen, de aantallen per thema blijven."""
    from django.conf import settings

    from .voices.services import anonymise_old

    n = anonymise_old()
    years = settings.VOICES_RETENTION_YEARS
    if n:
        out.print(f"{n} {'notitie' if n == 1 else 'notities'} ouder dan {years} jaar geanonimiseerd", highlight=False)
    else:
        out.print(f"geen notities ouder dan {years} jaar om te anonimiseren", highlight=False)


def _register_module_commands() -> None:
    """Modules with their own commands (sociale basis, monitor, initiatives, questionnaires) list them
    in ``COMMANDS`` of their ``cli.py``; they use ``command`` from here for set-up and Dutch errors."""
    from .consultation.cli import COMMANDS as consultation
    from .directory.cli import COMMANDS as directory
    from .initiatives.cli import COMMANDS as initiatives
    from .monitor.cli import COMMANDS as monitor

    for cmd in (*directory, *monitor, *initiatives, *consultation):
        main.add_command(cmd)


_register_module_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
