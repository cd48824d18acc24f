"""Texts an analyst writes for the Sociale Monitor. Figures are never stored: they come from the engine."""

from __future__ import annotations

from django.conf import settings
from django.db import models

INTRODUCTION = ""  # the theme value of the report's introduction


class MonitorText(models.Model):
    """The introduction (``theme == ""``) or the commentary on one theme, per gemeente and period."""

    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+",
                                 limit_choices_to={"level": "gemeente"})
    period = models.CharField("periode", max_length=10)
    theme = models.CharField("thema", max_length=40, blank=True,
                             help_text="theme id from the indicator catalogue; empty for the introduction")
    text = models.TextField("tekst")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["gemeente", "period", "theme"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "period", "theme"], name="monitortext_unique")]
        verbose_name = "tekst in de Sociale Monitor"
        verbose_name_plural = "teksten in de Sociale Monitor"

    def __str__(self) -> str:
        return f"{self.gemeente_id} {self.period} {self.theme or 'inleiding'}"


def texts_for(gemeente: str, period: str) -> dict[str, str]:
    """theme id ('' = introduction) -> the analyst's text, for one gemeente and period."""
    return dict(MonitorText.objects.filter(gemeente_id=gemeente, period=period).values_list("theme", "text"))
