"""What residents, key figures and partners say ("wat we horen"), with the care personal data needs.

No names: a voice records the *kind* of speaker only. Quotes are published only with consent and
after an analyst approved them. Notes older than the retention period are anonymised.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class VoiceKind(models.TextChoices):
    GESPREK = "gesprek", "gesprek"
    SIGNAAL = "signaal", "signaal"


class SpeakerKind(models.TextChoices):
    INWONER = "inwoner", "inwoner"
    SLEUTELFIGUUR = "sleutelfiguur", "sleutelfiguur"
    PROFESSIONAL = "professional", "professional"
    VRIJWILLIGER = "vrijwilliger", "vrijwilliger"
    ONDERNEMER = "ondernemer", "ondernemer"


class Status(models.TextChoices):
    CONCEPT = "concept", "concept"
    INGEDIEND = "ingediend", "ter beoordeling"
    GOEDGEKEURD = "goedgekeurd", "goedgekeurd"
    AFGEWEZEN = "afgewezen", "afgewezen"


class Voice(models.Model):
    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    kern = models.ForeignKey("areas.AreaGroup", on_delete=models.PROTECT, related_name="voices")
    date = models.DateField("datum")
    kind = models.CharField("soort", max_length=10, choices=VoiceKind.choices, default=VoiceKind.GESPREK)
    speaker = models.CharField("wie spreekt", max_length=20, choices=SpeakerKind.choices)
    themes = models.JSONField("thema's", default=list, help_text="theme ids from the indicator catalogue")
    summary = models.TextField("samenvatting")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INGEDIEND)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    source_file = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "gesprek of signaal"
        verbose_name_plural = "gesprekken en signalen"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y} ({self.kern})"


class Quote(models.Model):
    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField("citaat")
    consent = models.BooleanField("toestemming om te publiceren", default=False)
    approved = models.BooleanField("goedgekeurd voor publicatie", default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = "citaat"
        verbose_name_plural = "citaten"

    @property
    def publishable(self) -> bool:
        return self.consent and self.approved and self.voice.status == Status.GOEDGEKEURD and not self.voice.anonymised_at


class ThemeKeyword(models.Model):
    """The transparent Dutch keyword list that suggests themes for a voice; analysts edit it."""

    theme = models.CharField(max_length=40, db_index=True)
    keyword = models.CharField(max_length=60)

    class Meta:
        ordering = ["theme", "keyword"]
        constraints = [models.UniqueConstraint(fields=["theme", "keyword"], name="themekeyword_unique")]
        verbose_name = "trefwoord"
        verbose_name_plural = "trefwoorden per thema"


class Verdict(models.TextChoices):
    JA = "ja", "ja"
    DEELS = "deels", "deels"
    NEE = "nee", "nee"


class ProfileReview(models.Model):
    """A partner's answer to "herkent u dit beeld?" for a draft kernfoto."""

    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    area_code = models.CharField(max_length=80)
    period = models.CharField(max_length=10)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField("herkent u dit beeld?", max_length=5, choices=Verdict.choices)
    comment = models.TextField("toelichting", blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gemeente", "area_code", "period", "user"],
                                               name="profilereview_unique")]
        verbose_name = "beoordeling van een kernfoto"
        verbose_name_plural = "beoordelingen van kernfoto's"


class Publication(models.Model):
    """An analyst published a period's kernfoto's of a gemeente."""

    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=10)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gemeente", "period"], name="publication_unique")]
        verbose_name = "publicatie"
        verbose_name_plural = "publicaties"
