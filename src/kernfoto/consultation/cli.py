"""Command line of questionnaires and dialogue sessions."""

from __future__ import annotations

COMMANDS: list = []
