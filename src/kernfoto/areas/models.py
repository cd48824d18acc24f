"""Areas: the CBS hierarchy (Nederland > gemeente > wijk > buurt) and the municipality's own groups.

Codes are CBS codes (``NL01``, ``GM1904``, ``WK190401``, ``BU19040101``); the hierarchy follows
from the code itself, so it is known even before any name is imported.
"""

from __future__ import annotations

import re

from django.db import models

CODE_PATTERNS = {
    "land": re.compile(r"^NL\d{2}$"),
    "gemeente": re.compile(r"^GM\d{4}$"),
    "wijk": re.compile(r"^WK\d{4}[0-9A-Z]{2}$"),
    "buurt": re.compile(r"^BU\d{4}[0-9A-Z]{4}$"),
}


class Level(models.TextChoices):
    LAND = "land", "Nederland"
    GEMEENTE = "gemeente", "gemeente"
    WIJK = "wijk", "wijk"
    BUURT = "buurt", "buurt"


def level_of(code: str) -> str | None:
    for level, pattern in CODE_PATTERNS.items():
        if pattern.match(code):
            return level
    return None


def parent_of(code: str) -> str | None:
    """The CBS parent code: BU19040101 -> WK190401 -> GM1904 -> NL01."""
    level = level_of(code)
    if level == "buurt":
        return "WK" + code[2:8]
    if level == "wijk":
        return "GM" + code[2:6]
    if level == "gemeente":
        return "NL01"
    return None


def gemeente_of(code: str) -> str | None:
    level = level_of(code)
    if level in ("buurt", "wijk", "gemeente"):
        return "GM" + code[2:6]
    return None


class Area(models.Model):
    code = models.CharField(max_length=12, primary_key=True)
    name = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    gemeente_code = models.CharField(max_length=6, blank=True, db_index=True)
    name_source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name or self.code} ({self.code})"

    @property
    def display_name(self) -> str:
        return self.name or self.code


class Boundary(models.Model):
    """The outline of a CBS area for one boundary year (indeling), in WGS84 GeoJSON."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="boundaries")
    year = models.CharField(max_length=4)
    geometry = models.TextField(help_text="GeoJSON geometry, WGS84 lon/lat")
    dataset = models.ForeignKey("stats.Dataset", on_delete=models.CASCADE, related_name="boundaries")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "year"], name="boundary_area_year")]


class GroupKind(models.TextChoices):
    KERN = "kern", "kern"
    REGIO = "regio", "regio"


class AreaGroup(models.Model):
    """A municipality's own grouping: a kern (buurten/wijken of one gemeente) or a regio (gemeenten)."""

    kind = models.CharField(max_length=10, choices=GroupKind.choices)
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    gemeente = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE, related_name="kernen")
    description = models.TextField(blank=True)
    source_file = models.CharField(max_length=300, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["kind", "slug"]
        constraints = [models.UniqueConstraint(fields=["kind", "gemeente", "slug"], name="areagroup_unique_slug")]

    def __str__(self) -> str:
        return self.name


class AreaGroupMember(models.Model):
    group = models.ForeignKey(AreaGroup, on_delete=models.CASCADE, related_name="members")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "area"], name="areagroupmember_unique")]
