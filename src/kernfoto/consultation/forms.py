"""Forms of questionnaires and dialogue sessions. Checks that need no database live here; rules that do
live in ``services.py`` and ``sessions.py``."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from ..accounts.views import style_form
from ..voices.services import personal_data_in
from .models import SCALE, Audience, Kind, Mode, Question, Questionnaire
from .services import MAX_TEXT, theme_labels

AVG_NOTICE = ("Schrijf geen namen, e-mailadressen, telefoonnummers of adressen (AVG). Schrijf op wát er gezegd is, "
              "niet wie het zei.")
MAX_FOLLOW_UPS = 5
EMPTY = "leeg"


def _personal(text: str) -> str | None:
    what = personal_data_in(text or "")
    if what:
        return f"Dit lijkt {what} te bevatten. Laat namen en andere details waarmee iemand te herkennen is weg (AVG)."
    return None


def _theme_choices() -> list[tuple[str, str]]:
    return list(theme_labels().items())


# --------------------------------------------------------------------------------------------- analyst


class CreateForm(forms.Form):
    title = forms.CharField(label="Titel", max_length=200, required=False,
                            help_text="Bij een voorbeeld mag u dit leeg laten: dan krijgt de vragenlijst de titel van het voorbeeld.")
    template = forms.ChoiceField(label="Beginnen met", widget=forms.RadioSelect, initial=EMPTY)

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(EMPTY, "een lege vragenlijst")] + [
            (t.id, f"het voorbeeld “{t.title}” ({len(t.questions)} vragen)") for t in templates]
        style_form(self)

    def clean(self):
        data = super().clean()
        if data.get("template") == EMPTY:
            data["template"] = ""
            if not (data.get("title") or "").strip():
                self.add_error("title", "Geef de vragenlijst een titel.")
        return data


class SettingsForm(forms.ModelForm):
    closes_on = forms.DateField(
        label="Antwoorden kan tot en met", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Na deze dag werken de links niet meer. Leeg: open tot u de vragenlijst zelf sluit.")
    themes = forms.MultipleChoiceField(label="Thema's", required=False, widget=forms.CheckboxSelectMultiple,
                                       help_text="Over welke thema's van de kernfoto gaat deze vragenlijst?")

    class Meta:
        model = Questionnaire
        fields = ["title", "intro", "audience", "min_responses_to_publish", "themes"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4}), "audience": forms.RadioSelect}
        help_texts = {
            "intro": "Staat boven de vragen: waarvoor de vragenlijst is en hoe lang het invullen duurt.",
            "min_responses_to_publish": "Minder reacties: dan publiceert Kernfoto de uitkomsten niet, zodat niemand "
                                        "te herkennen is. Kies minstens 5.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = _theme_choices()
        self.fields["audience"].choices = Audience.choices
        if self.instance.closes_at:
            self.initial["closes_on"] = (timezone.localtime(self.instance.closes_at) - dt.timedelta(seconds=1)).date()
        style_form(self)

    def clean_min_responses_to_publish(self):
        value = self.cleaned_data["min_responses_to_publish"]
        if value < 3:
            raise forms.ValidationError("Kies minstens 3; bij minder reacties is te herleiden wie wat antwoordde.")
        return value

    def clean_closes_on(self):
        value = self.cleaned_data.get("closes_on")
        if value and value < timezone.localdate() and self.instance.state() != "gesloten":
            raise forms.ValidationError("Deze dag is al voorbij. Kies vandaag of een latere dag.")
        return value

    def closes_at(self) -> dt.datetime | None:
        """The end of the chosen day (the start of the next), in the local time zone."""
        day = self.cleaned_data.get("closes_on")
        if not day:
            return None
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(label="Keuzes", required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text="Alleen bij een meerkeuzevraag: één keuze per regel, minstens twee.")

    class Meta:
        model = Question
        fields = ["kind", "text", "short_label", "help_text", "theme", "multiple", "max_choices", "required"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 2})}
        labels = {"required": "Een antwoord is verplicht"}
        help_texts = {
            "text": "Bij een stelling: de uitspraak waarvan de partner zegt hoe belangrijk hij die vindt "
                    "(schaal 1 tot 5, met de vraag “waarom?”).",
            "multiple": "Alleen bij een meerkeuzevraag: vinkjes in plaats van één keuze.",
            "max_choices": "Alleen bij meer antwoorden: leeg is geen grens.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Kind.choices
        self.fields["theme"] = forms.ChoiceField(label="Thema", required=False,
                                                 choices=[("", "geen thema")] + _theme_choices(),
                                                 help_text="Het thema van de kernfoto en de Sociale Monitor.")
        if self.instance.pk:
            self.initial["options_text"] = "\n".join(self.instance.options or [])
        style_form(self)

    def clean(self):
        data = super().clean()
        options = [line.strip() for line in (data.get("options_text") or "").splitlines() if line.strip()]
        kind = data.get("kind")
        if kind == Kind.MEERKEUZE:
            if len(options) < 2:
                self.add_error("options_text", "Geef minstens twee keuzes, één per regel.")
            elif len({o.casefold() for o in options}) != len(options):
                self.add_error("options_text", "Een keuze staat er twee keer in.")
            maximum = data.get("max_choices")
            if maximum is not None and not (1 <= maximum <= len(options)):
                self.add_error("max_choices", f"Kies een getal van 1 tot {len(options)}.")
        data["options"] = options if kind == Kind.MEERKEUZE else []
        if kind != Kind.MEERKEUZE:
            data["multiple"], data["max_choices"] = False, None
        elif not data.get("multiple"):
            data["max_choices"] = None
        return data

    def fields_to_save(self) -> dict:
        d = self.cleaned_data
        return {"kind": d["kind"], "text": d["text"].strip(), "short_label": d["short_label"].strip(),
                "help_text": d["help_text"].strip(), "theme": d["theme"], "options": d["options"],
                "multiple": d["multiple"], "max_choices": d["max_choices"], "required": d["required"]}


class InvitationsForm(forms.Form):
    lines = forms.CharField(
        label="Wie nodigt u uit?", widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Eén uitnodiging per regel: de naam van de organisatie, en als u wilt na een puntkomma het "
                  "e-mailadres en de kern. Bijvoorbeeld: Bibliotheek Vechtstreek; info@bibliotheek.nl; Maarssen-dorp. "
                  "Gebruik de naam van een organisatie, niet van een persoon.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


# --------------------------------------------------------------------------------------------- respondent


def field_name(question: Question) -> str:
    return f"v{question.pk}"


class RespondentForm(forms.Form):
    """One field per question (a statement has a second one: "waarom?"), from the questions of one questionnaire."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            name = field_name(q)
            if q.kind == Kind.STELLING:
                self.fields[name] = forms.TypedChoiceField(
                    label=q.text, required=q.required, coerce=int, empty_value=None, widget=forms.RadioSelect,
                    choices=[(value, f"{value} – {label}") for value, label in SCALE],
                    error_messages={"required": "Kies hoe belangrijk u dit vindt.",
                                    "invalid_choice": "Kies een van de vijf antwoorden."})
                self.fields[f"{name}_waarom"] = forms.CharField(
                    label="Waarom vindt u dit (niet) belangrijk?", required=False, max_length=MAX_TEXT,
                    widget=forms.Textarea(attrs={"rows": 3}))
            elif q.kind == Kind.MEERKEUZE:
                choices = [(o, o) for o in q.options]
                messages = {"required": "Kies een antwoord.", "invalid_choice": "Kies een van de keuzes."}
                if q.multiple:
                    self.fields[name] = forms.MultipleChoiceField(label=q.text, required=q.required, choices=choices,
                                                                  widget=forms.CheckboxSelectMultiple,
                                                                  error_messages=messages)
                else:
                    self.fields[name] = forms.ChoiceField(label=q.text, required=q.required, choices=choices,
                                                          widget=forms.RadioSelect, error_messages=messages)
            else:
                self.fields[name] = forms.CharField(label=q.text, required=q.required, max_length=MAX_TEXT,
                                                    widget=forms.Textarea(attrs={"rows": 4}),
                                                    error_messages={"required": "Schrijf hier uw antwoord."})
            if q.help_text:
                self.fields[name].help_text = q.help_text
        style_form(self)

    @classmethod
    def initial_from(cls, questions: list[Question], stored: dict[int, dict]) -> dict:
        initial = {}
        for q in questions:
            given = stored.get(q.pk)
            if not given:
                continue
            name = field_name(q)
            if q.kind == Kind.STELLING:
                initial[name] = given["score"]
                initial[f"{name}_waarom"] = given["text"]
            elif q.kind == Kind.MEERKEUZE:
                initial[name] = given["choices"] if q.multiple else (given["choices"] or [""])[0]
            else:
                initial[name] = given["text"]
        return initial

    def clean(self):
        data = super().clean()
        for q in self.questions:
            name = field_name(q)
            if q.kind == Kind.MEERKEUZE and q.multiple and q.max_choices and len(data.get(name) or []) > q.max_choices:
                self.add_error(name, f"Kies hoogstens {q.max_choices}.")
        return data

    def items(self) -> list[dict]:
        total = len(self.questions)
        statements = sum(1 for q in self.questions if q.kind == Kind.STELLING)
        out, s = [], 0
        for n, q in enumerate(self.questions, start=1):
            name = field_name(q)
            if q.kind == Kind.STELLING:
                s += 1
                prefix = f"Stelling {s} van {statements}"
            else:
                prefix = f"Vraag {n} van {total}"
            out.append({"question": q, "prefix": prefix, "field": self[name],
                        "why": self[f"{name}_waarom"] if q.kind == Kind.STELLING else None})
        return out

    def error_links(self) -> list[dict]:
        """For the error summary: each field with an error, its text and the id of its first input."""
        links = []
        for q in self.questions:
            for name in (field_name(q), f"{field_name(q)}_waarom"):
                if name in self.errors:
                    bf = self[name]
                    target = f"{bf.auto_id}_0" if bf.widget_type in ("radioselect", "checkboxselectmultiple") else bf.auto_id
                    links.append({"href": f"#{target}", "label": q.label, "errors": " ".join(self.errors[name])})
        return links

    def answers(self) -> dict[int, dict]:
        out = {}
        for q in self.questions:
            name = field_name(q)
            value = self.cleaned_data.get(name)
            if q.kind == Kind.STELLING:
                out[q.pk] = {"score": value, "text": self.cleaned_data.get(f"{name}_waarom") or ""}
            elif q.kind == Kind.MEERKEUZE:
                out[q.pk] = {"choices": list(value or []) if q.multiple else ([value] if value else [])}
            else:
                out[q.pk] = {"text": value or ""}
        return out


# --------------------------------------------------------------------------------------------- dialogue sessions


class SessionForm(forms.Form):
    date = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    mode = forms.ChoiceField(label="Vorm", choices=Mode.choices, widget=forms.RadioSelect)
    participants = forms.IntegerField(label="Aantal deelnemers", min_value=1, max_value=10000,
                                      help_text="Alleen het aantal, geen namen.",
                                      error_messages={"min_value": "Vul een aantal van 1 of meer in.",
                                                      "max_value": "Vul een aantal van hoogstens 10.000 in.",
                                                      "invalid": "Vul een heel getal in, bijvoorbeeld 12."})
    topic = forms.CharField(label="Onderwerp", max_length=200, required=False,
                            help_text="Bijvoorbeeld: verdieping op de ankerpunten 1, 3 en 9.")
    questions = forms.MultipleChoiceField(
        label="Besproken stellingen en vragen", required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Een gekozen vraag hoort niet bij de gekozen vragenlijst. Kies opnieuw."})
    themes = forms.MultipleChoiceField(label="Besproken thema's", required=False, widget=forms.CheckboxSelectMultiple)
    ideas = forms.CharField(label="Ideeën", required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
                            help_text="Eén idee per regel. " + AVG_NOTICE)
    conditions = forms.CharField(label="Voorwaarden", required=False, max_length=MAX_TEXT,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="Wat is nodig om de ideeën te laten slagen? Eén voorwaarde per regel.")

    def __init__(self, *args, questions: list[Question] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.question_objects = {str(q.pk): q for q in questions}
        self.fields["questions"].choices = [(str(q.pk), f"{n}. {q.label}") for n, q in enumerate(questions, start=1)]
        if not questions:
            del self.fields["questions"]
        self.fields["themes"].choices = _theme_choices()
        for n in range(1, MAX_FOLLOW_UPS + 1):
            self.fields[f"action_{n}"] = forms.CharField(label=f"Afspraak {n}: wat", required=False, max_length=300)
            self.fields[f"owner_{n}"] = forms.CharField(label=f"Afspraak {n}: wie (rol of organisatie)", required=False,
                                                        max_length=120, help_text="Geen naam van een persoon.")
            self.fields[f"due_{n}"] = forms.DateField(label=f"Afspraak {n}: wanneer klaar", required=False,
                                                      widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        style_form(self)

    def follow_up_rows(self) -> list[dict]:
        return [{"n": n, "action": self[f"action_{n}"], "owner": self[f"owner_{n}"], "due": self[f"due_{n}"]}
                for n in range(1, MAX_FOLLOW_UPS + 1)]

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate() + dt.timedelta(days=366):
            raise forms.ValidationError("Deze datum ligt meer dan een jaar in de toekomst.")
        return value

    def clean(self):
        data = super().clean()
        for name in ["topic", "ideas", "conditions"] + [f"{p}_{n}" for p in ("action", "owner")
                                                        for n in range(1, MAX_FOLLOW_UPS + 1)]:
            problem = _personal(data.get(name) or "")
            if problem:
                self.add_error(name, problem)
        for n in range(1, MAX_FOLLOW_UPS + 1):
            action, owner = (data.get(f"action_{n}") or "").strip(), (data.get(f"owner_{n}") or "").strip()
            if owner and not action:
                self.add_error(f"action_{n}", "Schrijf op wat er is afgesproken, of maak ook “wie” leeg.")
            if data.get(f"due_{n}") and not action:
                self.add_error(f"action_{n}", "Schrijf op wat er is afgesproken, of maak ook “wanneer” leeg.")
            if action and not owner:
                self.add_error(f"owner_{n}", "Wie pakt dit op? Noem een rol of organisatie.")
        return data

    def session_data(self, questionnaire) -> dict:
        d = self.cleaned_data
        follow_ups = []
        for n in range(1, MAX_FOLLOW_UPS + 1):
            action = (d.get(f"action_{n}") or "").strip()
            if action:
                follow_ups.append((action, d[f"owner_{n}"].strip(), d.get(f"due_{n}")))
        return {"date": d["date"], "mode": d["mode"], "participants": d["participants"], "topic": d["topic"].strip(),
                "questionnaire": questionnaire,
                "questions": [self.question_objects[pk] for pk in d.get("questions") or []],
                "themes": list(d.get("themes") or []), "ideas": d["ideas"].strip(), "conditions": d["conditions"].strip(),
                "follow_ups": follow_ups}

    @staticmethod
    def initial_from(session) -> dict:
        initial = {"date": session.date, "mode": session.mode, "participants": session.participants,
                   "topic": session.topic, "questions": [str(pk) for pk in session.questions.values_list("pk", flat=True)],
                   "themes": list(session.themes or []), "ideas": session.ideas, "conditions": session.conditions}
        for n, f in enumerate(session.follow_ups.all(), start=1):
            initial[f"action_{n}"], initial[f"owner_{n}"], initial[f"due_{n}"] = f.action, f.owner, f.due
        return initial
