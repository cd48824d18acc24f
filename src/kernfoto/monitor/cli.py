"""``kernfoto monitor``: the yearly Sociale Monitor report."""

from __future__ import annotations

COMMANDS: list = []
