"""Partner questionnaires answered by personal link, and the dialogue sessions that deepen them.

Personal data (AVG): a respondent has no account. An ``Invitation`` holds a label (usually the
organisation), optionally an e-mail address (only to make the mail-merge list; wiped when the
questionnaire closes) and the SHA-256 of its token; the token itself is shown once and never stored.
A ``Response`` belongs to one invitation (a database constraint), so a second submission edits the
same response. Results and exports never show who answered what. A dialogue session records the
number of participants, never their names.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class State(models.TextChoices):
    CONCEPT = "concept", "concept"
    OPEN = "open", "open"
    GESLOTEN = "gesloten", "gesloten"


class Audience(models.TextChoices):
    PARTNERS = "partners", "partners"
    INWONERS = "inwoners", "inwoners"
    SLEUTELFIGUREN = "sleutelfiguren", "sleutelfiguren"


class Kind(models.TextChoices):
    STELLING = "stelling", "stelling (hoe belangrijk, en waarom?)"
    MEERKEUZE = "meerkeuze", "meerkeuzevraag"
    OPEN = "open", "open vraag"


# The importance scale of a statement: value -> label. "(zeer) belangrijk" is 4 or 5.
SCALE = ((1, "helemaal niet belangrijk"), (2, "niet belangrijk"), (3, "neutraal"), (4, "belangrijk"),
         (5, "zeer belangrijk"))
IMPORTANT_FROM = 4


class Questionnaire(models.Model):
    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("titel", max_length=200)
    intro = models.TextField("inleiding", blank=True)
    audience = models.CharField("wie vullen hem in", max_length=20, choices=Audience.choices,
                                default=Audience.PARTNERS)
    status = models.CharField(max_length=10, choices=State.choices, default=State.CONCEPT)
    closes_at = models.DateTimeField("sluit op", null=True, blank=True)
    min_responses_to_publish = models.PositiveIntegerField("minimaal aantal reacties om te publiceren", default=5)
    themes = models.JSONField("thema's", default=list, blank=True, help_text="theme ids of the indicator catalogue")
    is_example = models.BooleanField("voorbeeld", default=False)
    source = models.CharField("bron", max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "vragenlijst"
        verbose_name_plural = "vragenlijsten"

    def __str__(self) -> str:
        return self.title

    def state(self, now: dt.datetime | None = None) -> str:
        """concept, open or gesloten; an open questionnaire past ``closes_at`` is closed."""
        if self.status == State.OPEN and self.closes_at and (now or timezone.now()) >= self.closes_at:
            return State.GESLOTEN
        return self.status

    def state_label(self) -> str:
        return State(self.state()).label

    def accepts_answers(self, now: dt.datetime | None = None) -> bool:
        return self.state(now) == State.OPEN

    @property
    def ended_at(self) -> dt.datetime | None:
        """When answering stopped: closed by hand or at ``closes_at``, whichever came first."""
        ends = [t for t in (self.closed_at, self.closes_at if self.state() == State.GESLOTEN else None) if t]
        return min(ends) if ends else None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField("volgorde", default=0)
    kind = models.CharField("soort vraag", max_length=10, choices=Kind.choices)
    text = models.TextField("stelling of vraag")
    short_label = models.CharField("korte naam", max_length=80, blank=True,
                                   help_text="bijv. 'Elkaar goed vinden'; gebruikt in tabellen en de monitor")
    help_text = models.CharField("uitleg", max_length=300, blank=True)
    theme = models.CharField("thema", max_length=40, blank=True)
    options = models.JSONField("keuzes", default=list, blank=True)
    multiple = models.BooleanField("meer antwoorden mogelijk", default=False)
    max_choices = models.PositiveSmallIntegerField("hoogstens zoveel keuzes", null=True, blank=True)
    required = models.BooleanField("verplicht", default=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "vraag"
        verbose_name_plural = "vragen"

    def __str__(self) -> str:
        return self.label

    @property
    def kind_short(self) -> str:
        return {Kind.STELLING: "stelling", Kind.MEERKEUZE: "meerkeuze", Kind.OPEN: "open vraag"}.get(self.kind, self.kind)

    @property
    def label(self) -> str:
        """The short label, or the text cut to a few words."""
        if self.short_label:
            return self.short_label
        words = self.text.split()
        return " ".join(words[:8]) + (" …" if len(words) > 8 else "")


class Invitation(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField("organisatie of omschrijving", max_length=200)
    email = models.EmailField("e-mailadres", blank=True)
    kern = models.ForeignKey("areas.AreaGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "uitnodiging"
        verbose_name_plural = "uitnodigingen"

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """The answers of one invitation: one per invitation (a second submission edits it)."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    saves = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["pk"]
        verbose_name = "reactie"
        verbose_name_plural = "reacties"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")]
        verbose_name = "antwoord"
        verbose_name_plural = "antwoorden"


class Mode(models.TextChoices):
    ONLINE = "online", "online"
    FYSIEK = "fysiek", "fysiek"


class DialogueSession(models.Model):
    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    date = models.DateField("datum")
    mode = models.CharField("vorm", max_length=10, choices=Mode.choices)
    participants = models.PositiveIntegerField("aantal deelnemers")
    topic = models.CharField("onderwerp", max_length=200, blank=True)
    questionnaire = models.ForeignKey(Questionnaire, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="sessions")
    questions = models.ManyToManyField(Question, blank=True, related_name="sessions")
    themes = models.JSONField("thema's", default=list, blank=True)
    ideas = models.TextField("ideeën", blank=True)
    conditions = models.TextField("voorwaarden", blank=True)
    is_example = models.BooleanField("voorbeeld", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "dialoogsessie"
        verbose_name_plural = "dialoogsessies"

    def __str__(self) -> str:
        return f"Dialoogsessie {self.date:%d-%m-%Y} ({self.get_mode_display()})"

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    @property
    def idea_list(self) -> list[str]:
        return self.lines(self.ideas)

    @property
    def condition_list(self) -> list[str]:
        return self.lines(self.conditions)


class FollowUp(models.Model):
    """An agreed follow-up of a dialogue session: what, by whom (a role or organisation), when."""

    session = models.ForeignKey(DialogueSession, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField("afspraak", max_length=300)
    owner = models.CharField("wie (rol of organisatie)", max_length=120)
    due = models.DateField("wanneer", null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "afspraak"
        verbose_name_plural = "afspraken"
