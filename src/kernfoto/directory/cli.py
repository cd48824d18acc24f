"""``kernfoto sociale-basis ...`` and ``kernfoto gaps``: the directory on the command line."""

from __future__ import annotations

import click


@click.group("sociale-basis")
def sociale_basis() -> None:
    """De sociale basis: aanbod van activiteiten en ondersteuning per kern (HSDS)."""


COMMANDS = [sociale_basis]
