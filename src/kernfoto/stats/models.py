"""Imported datasets (with provenance) and their observations, in tidy form."""

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

    class Meta:
        ordering = ["table_id", "periods", "groups"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "table_id", "periods", "groups", "scope"], name="dataset_identity")
        ]

    def __str__(self) -> str:
        return f"{self.table_id} {self.periods} {self.groups} ({self.file_name})"


class Observation(models.Model):
    """One cell of a source table: area x period x group x source key."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, db_constraint=True)
    period = models.CharField(max_length=10)
    group = models.CharField(max_length=20)
    source_key = models.CharField(max_length=80)
    value = models.FloatField(null=True)
    lower = models.FloatField(null=True)
    upper = models.FloatField(null=True)
    status = models.CharField(max_length=12)

    class Meta:
        # one index: profiles read by area; the dataset FK index serves replacement (delete by dataset)
        indexes = [models.Index(fields=["area", "period"])]
