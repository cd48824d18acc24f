"""Command line of initiatives and wijkplannen: ``kernfoto initiatieven opschonen`` (AVG retention)."""

from __future__ import annotations

import click

from kernfoto.cli import command, out


@click.group("initiatieven")
def initiatieven() -> None:
    """Inwonersinitiatieven en wijkplannen."""


@initiatieven.command("opschonen")
@command
def opschonen_cmd() -> None:
    """Verwijder naam, e-mailadres, telefoonnummer en bijlagen van initiatieven die meer dan twee jaar geleden
    zijn afgewezen of geëvalueerd (draai dit dagelijks, bijvoorbeeld met cron)."""
    from .actions import RETENTION_YEARS, purge_personal_data

    contacts, letters = purge_personal_data()
    if contacts or letters:
        out.print(f"Van {contacts} initiatie{'f' if contacts == 1 else 'ven'} de contactgegevens verwijderd en "
                  f"{letters} bijlage{'' if letters == 1 else 'n'} (afgesloten meer dan {RETENTION_YEARS} jaar geleden).",
                  highlight=False)
    else:
        out.print(f"Geen initiatieven die meer dan {RETENTION_YEARS} jaar geleden zijn afgesloten met "
                  "contactgegevens of bijlagen.", highlight=False)


COMMANDS: list = [initiatieven]
