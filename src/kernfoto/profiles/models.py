"""Texts an analyst writes for a profile. Figures are never stored: they come from the engine."""

from __future__ import annotations

from django.db import models


class FindingKind(models.TextChoices):
    KRACHT = "kracht", "kracht"
    OPGAVE = "opgave", "opgave"


class CuratedFinding(models.Model):
    """A strength or challenge in the analyst's own words, for one area (kern slug or CBS code) and period."""

    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    area_code = models.CharField(max_length=80, help_text="kern slug or CBS code")
    period = models.CharField(max_length=10)
    kind = models.CharField(max_length=10, choices=FindingKind.choices)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    source_file = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["gemeente", "area_code", "period", "kind", "position"]


class CuratedSetting(models.Model):
    """Per area and period: whether the analyst's findings replace the engine's or add to them."""

    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    area_code = models.CharField(max_length=80)
    period = models.CharField(max_length=10)
    replaces_engine = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gemeente", "area_code", "period"], name="curated_setting_unique")]
