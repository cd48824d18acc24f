"""Command line of initiatives and wijkplannen."""

from __future__ import annotations

COMMANDS: list = []
