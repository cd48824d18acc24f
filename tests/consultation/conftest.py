"""Fixtures of the consultation tests; the helpers live in ``consultation_helpers.py``."""

from consultation_helpers import analyst, outsider, partner  # noqa: F401
