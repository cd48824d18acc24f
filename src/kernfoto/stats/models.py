"""Imported datasets: provenance plus their observations in tidy form (see ``store.py``)."""

from __future__ import annotations

from django.db import models


class DatasetKind(models.TextChoices):
    TABLE = "table", "tabel"
    BOUNDARIES = "boundaries", "gebiedsgrenzen"


class Dataset(models.Model):
    """One imported file: what it is, where it came from, and under which licence.

    A dataset is identified by (table id, period(s), group(s)). Importing a file with the same
    identity but other contents replaces the earlier dataset; the same file (same sha256) is a no-op.
    """

    kind = models.CharField(max_length=12, choices=DatasetKind.choices, default=DatasetKind.TABLE)
    table_id = models.CharField(max_length=40)
    series = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=300)
    periods = models.CharField(max_length=100, help_text="comma-separated, e.g. 2020")
    groups = models.CharField(max_length=100, help_text="comma-separated, e.g. 18+,65+")
    scope = models.CharField(max_length=200, blank=True, help_text="gemeente codes covered, or 'NL'")
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField()
    licence = models.CharField(max_length=100)
    attribution = models.CharField(max_length=300)
    rows = models.PositiveIntegerField(default=0)
    labels = models.JSONField(default=dict, blank=True, help_text="codebook labels per source key")
    # The dataset's cells (area x period x group x source key: value, lower, upper, status) as one
    # zstd-compressed Parquet file. A dataset is an immutable snapshot that is replaced whole, and
    # every computation reads whole columns, so a columnar blob imports ~10x faster than 600,000
    # table rows and loads straight into the engine's frames (see README, design).
    data = models.BinaryField()

    class Meta:
        ordering = ["table_id", "periods", "groups"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "table_id", "periods", "groups", "scope"], name="dataset_identity")
        ]

    def __str__(self) -> str:
        return f"{self.table_id} {self.periods} {self.groups} ({self.file_name})"


