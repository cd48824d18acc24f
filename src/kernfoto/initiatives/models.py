"""Residents' initiatives (with evidence of support, budget lines, letters), budget pots, decisions,
assessments and evaluations; wijkplannen (route maps) with milestones.

Personal data (AVG): the initiators' name, e-mail and telephone number live in :class:`InitiatorContact`,
a separate table that only the analysts' detail page reads; public pages, the feed functions and the API
never touch it. Letters are stored under ``settings.MEDIA_ROOT`` with a random name and are served to
analysts only. Objects of the bundled example carry ``is_example`` and every page shows "voorbeeld".
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum


class Status(models.TextChoices):
    INGEDIEND = "ingediend", "ingediend"
    IN_BEHANDELING = "in_behandeling", "in behandeling"
    TOEGEKEND = "toegekend", "toegekend"
    AFGEWEZEN = "afgewezen", "afgewezen"
    GEREALISEERD = "gerealiseerd", "gerealiseerd"
    GEEVALUEERD = "geevalueerd", "geëvalueerd"


# statuses of an initiative that got money: the only ones public pages show, and what a pot has committed
FUNDED = (Status.TOEGEKEND, Status.GEREALISEERD, Status.GEEVALUEERD)


class SupportMethod(models.TextChoices):
    HANDTEKENINGEN = "handtekeningen", "handtekeningenlijst"
    BIJEENKOMST = "bijeenkomst", "bewonersavond of bijeenkomst"
    ENQUETE = "enquete", "enquête of peiling"
    ONLINE = "online", "online (website, sociale media, app-groep)"
    DEUR = "deur", "langs de deuren"
    ANDERS = "anders", "op een andere manier"


class BudgetPot(models.Model):
    """The money for residents' initiatives of one gemeente in one year."""

    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("jaar")
    amount = models.DecimalField("bedrag", max_digits=12, decimal_places=2)
    name = models.CharField("naam", max_length=200, blank=True)
    is_example = models.BooleanField(default=False)

    class Meta:
        ordering = ["gemeente", "-year"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "year"], name="budgetpot_gemeente_year")]
        verbose_name = "budget voor initiatieven"
        verbose_name_plural = "budgetten voor initiatieven"

    def __str__(self) -> str:
        return self.name or f"Budget inwonersinitiatieven {self.year}"

    @property
    def committed(self) -> Decimal:
        """The sum granted from this pot (initiatives toegekend, gerealiseerd or geëvalueerd)."""
        total = self.grants.filter(status__in=FUNDED).aggregate(s=Sum("granted_amount"))["s"]
        return total or Decimal("0.00")

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed


class Initiative(models.Model):
    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    kern = models.ForeignKey("areas.AreaGroup", on_delete=models.PROTECT, related_name="initiatives")
    reference = models.CharField("kenmerk", max_length=40, unique=True, null=True, blank=True)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True,
                                      help_text="the one-time key of the form that created it (double submissions)")
    title = models.CharField("naam van het initiatief", max_length=150)
    what = models.TextField("wat gaat u doen")
    for_whom = models.TextField("voor wie")
    requested_amount = models.DecimalField("gevraagd bedrag", max_digits=12, decimal_places=2)
    themes = models.JSONField("thema's", default=list, blank=True, help_text="theme ids of the indicator catalogue")
    challenges = models.JSONField("opgaven", default=list, blank=True,
                                  help_text="texts of the kernfoto's opgaven the initiators link it to")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.INGEDIEND)
    submitted_at = models.DateTimeField("ingediend op")
    granted_amount = models.DecimalField("toegekend bedrag", max_digits=12, decimal_places=2, null=True, blank=True)
    granted_on = models.DateField("toegekend op", null=True, blank=True)
    pot = models.ForeignKey(BudgetPot, null=True, blank=True, on_delete=models.PROTECT, related_name="grants")
    is_example = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "inwonersinitiatief"
        verbose_name_plural = "inwonersinitiatieven"

    def __str__(self) -> str:
        return f"{self.reference or 'initiatief'}: {self.title}"

    @property
    def is_funded(self) -> bool:
        return self.status in FUNDED

    @property
    def total_costs(self) -> Decimal:
        return sum((line.amount for line in self.budget_lines.all()), Decimal("0.00"))


class InitiatorContact(models.Model):
    """How the gemeente reaches the initiators. Never on a public page, in an export or in the API."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField("naam", max_length=150)
    email = models.EmailField("e-mailadres", blank=True)
    phone = models.CharField("telefoonnummer", max_length=30, blank=True)
    group = models.CharField("namens", max_length=150, blank=True, help_text="e.g. a residents' group")

    class Meta:
        verbose_name = "contactgegevens van de indieners"
        verbose_name_plural = "contactgegevens van de indieners"


class BudgetLine(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="budget_lines")
    description = models.CharField("waarvoor", max_length=200)
    amount = models.DecimalField("bedrag", max_digits=12, decimal_places=2)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["initiative", "position", "pk"]
        verbose_name = "begrotingsregel"
        verbose_name_plural = "begrotingsregels"


class SupportEvidence(models.Model):
    """Draagvlak: how many residents support it, how that was collected, and what a survey found."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="support")
    supporters = models.PositiveIntegerField("aantal steunbetuigingen")
    method = models.CharField("hoe verzameld", max_length=20, choices=SupportMethod.choices)
    survey_results = models.TextField("uitkomsten van een enquête of bijeenkomst", blank=True)

    class Meta:
        verbose_name = "draagvlak"
        verbose_name_plural = "draagvlak"


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name in a folder per gemeente; the initiators' file name is kept in ``original_name`` only."""
    return f"initiatieven/{instance.initiative.gemeente_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    """An uploaded letter of support (or photo, or plan): checked by content, served to analysts only."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField("bestandsnaam", max_length=200)
    kind = models.CharField("soort", max_length=10)  # a key of uploads.KINDS, from the content
    size = models.PositiveIntegerField("grootte (bytes)")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "pk"]
        verbose_name = "bijlage"
        verbose_name_plural = "bijlagen"


class StatusChange(models.Model):
    """One step of the decision workflow: the new status, on which date, by whom and why."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    date = models.DateField("datum")
    reason = models.TextField("reden of toelichting", blank=True)
    amount = models.DecimalField("bedrag", max_digits=12, decimal_places=2, null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField("door", max_length=150, blank=True)  # kept when the user is deleted
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "at", "pk"]
        verbose_name = "statuswijziging"
        verbose_name_plural = "statuswijzigingen"


class Verdict(models.TextChoices):
    JA = "ja", "ja"
    DEELS = "deels", "deels"
    NEE = "nee", "nee"
    NVT = "nvt", "niet van toepassing"


class Advice(models.TextChoices):
    TOEKENNEN = "toekennen", "toekennen"
    AFWIJZEN = "afwijzen", "afwijzen"
    AANVULLEN = "aanvullen", "eerst aanvullen (vragen aan de indieners)"


class Assessment(models.Model):
    """The analyst's checklist: the kern's opgaven (kernfoto of ``period``), its wijkplan, general criteria."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="assessment")
    period = models.CharField("periode van de kernfoto", max_length=10, blank=True)
    advice = models.CharField("advies", max_length=12, choices=Advice.choices)
    note = models.TextField("toelichting", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "beoordeling"
        verbose_name_plural = "beoordelingen"


class CheckSource(models.TextChoices):
    KERNFOTO = "kernfoto", "opgave uit de kernfoto"
    WIJKPLAN = "wijkplan", "wijkplan"
    ALGEMEEN = "algemeen", "algemene voorwaarde"


class ChecklistItem(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    source = models.CharField(max_length=10, choices=CheckSource.choices)
    text = models.TextField()
    verdict = models.CharField(max_length=5, choices=Verdict.choices)
    note = models.CharField("toelichting", max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["assessment", "position", "pk"]
        verbose_name = "punt van de beoordeling"
        verbose_name_plural = "punten van de beoordeling"


class Evaluation(models.Model):
    """What a realised initiative brought, recorded afterwards; recording it makes the status "geëvalueerd"."""

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="evaluation")
    date = models.DateField("datum")
    reached = models.TextField("wat is er bereikt")
    participants = models.PositiveIntegerField("aantal deelnemers of bereikte inwoners", null=True, blank=True)
    spent = models.DecimalField("uitgegeven bedrag", max_digits=12, decimal_places=2, null=True, blank=True)
    continues = models.BooleanField("het initiatief gaat door", default=False)
    lessons = models.TextField("wat hebben we geleerd", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "evaluatie"
        verbose_name_plural = "evaluaties"


class WijkPlan(models.Model):
    """A wijkplan or route map of one kern or one wijk, written by residents and professionals."""

    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    kern = models.ForeignKey("areas.AreaGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="plans")
    wijk = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="plans",
                             limit_choices_to={"level": "wijk"})
    title = models.CharField("naam van het plan", max_length=200)
    start_year = models.PositiveSmallIntegerField("van jaar")
    end_year = models.PositiveSmallIntegerField("tot en met jaar")
    ambition = models.TextField("ambitie")
    learning_questions = models.TextField("leervragen", blank=True, help_text="one per line")
    approach = models.TextField("aanpak", blank=True)
    resident_involvement = models.TextField("betrokkenheid van inwoners", blank=True)
    challenges = models.TextField("opgaven en uitdagingen", blank=True, help_text="one per line")
    themes = models.JSONField("thema's", default=list, blank=True)
    is_example = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["gemeente", "title", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kern__isnull=False, wijk__isnull=True) | Q(kern__isnull=True, wijk__isnull=False),
                                   name="wijkplan_kern_or_wijk"),
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="wijkplan_years"),
        ]
        verbose_name = "wijkplan"
        verbose_name_plural = "wijkplannen"

    def __str__(self) -> str:
        return self.title

    @property
    def area_name(self) -> str:
        if self.kern_id:
            return self.kern.name
        return self.wijk.display_name if self.wijk_id else ""

    @property
    def years(self) -> str:
        return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]

    @property
    def challenge_list(self) -> list[str]:
        return self.lines(self.challenges)

    @property
    def learning_question_list(self) -> list[str]:
        return self.lines(self.learning_questions)


class MilestoneStatus(models.TextChoices):
    GEPLAND = "gepland", "gepland"
    BEZIG = "bezig", "bezig"
    GEREED = "gereed", "gereed"
    VERTRAAGD = "vertraagd", "vertraagd"


class Milestone(models.Model):
    plan = models.ForeignKey(WijkPlan, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField("datum")
    title = models.CharField("mijlpaal", max_length=200)
    owner = models.CharField("wie is eigenaar", max_length=150,
                             help_text="a role or organisation, never the name of a private person")
    status = models.CharField(max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.GEPLAND)
    note = models.TextField("toelichting", blank=True)
    themes = models.JSONField("thema's", default=list, blank=True, help_text="empty: the plan's themes")

    class Meta:
        ordering = ["plan", "date", "pk"]
        verbose_name = "mijlpaal"
        verbose_name_plural = "mijlpalen"

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.title}"

    @property
    def theme_ids(self) -> list[str]:
        return list(self.themes) or list(self.plan.themes)


class SubmissionAttempt(models.Model):
    """A submission of the public form, for the hourly limit per client address (``antispam``).

    The address is stored as a keyed hash (never the address itself) and rows older than the window are
    deleted whenever one is added.
    """

    at = models.DateTimeField(db_index=True)
    address = models.CharField(max_length=64, db_index=True, help_text="keyed hash of the client address")

    class Meta:
        verbose_name = "verzonden initiatiefformulier"
        verbose_name_plural = "verzonden initiatiefformulieren"
