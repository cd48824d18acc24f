"""Stored texts that belong to a profile (curated findings); figures are never stored here."""
