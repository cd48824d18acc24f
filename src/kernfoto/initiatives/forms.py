"""Forms of the initiatives app, with Dutch labels and messages (B1) and NL Design System classes.

The public submission form carries a one-time key (``new_key``): signed, valid for ``FORM_MAX_AGE``,
stored on the initiative it creates, so the same form posted twice creates one initiative. Its time stamp
says when the form was shown (``key_age``: the minimum fill-in time of ``antispam``); the form also has the
honeypot field of ``antispam``.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import uuid
from decimal import Decimal

from django import forms
from django.core import signing
from django.utils import timezone

from ..accounts.views import style_form
from ..voices.services import personal_data_in
from .models import Advice, CheckSource, MilestoneStatus, Status, SupportMethod, Verdict
from .money import AmountError, euro, parse_amount
from .services import CheckItem, theme_labels
from .uploads import ACCEPT, ALLOWED_TEXT, MAX_BYTES, MAX_FILES, UploadError, check_upload

FORM_MAX_AGE = 24 * 3600  # seconds a submission form stays valid
KEY_SALT = "kernfoto.initiatives.submission"
BUDGET_LINES = 6
PHONE_CHARS = re.compile(r"^[0-9 +()./-]+$")


def new_key() -> str:
    """A fresh one-time key for a submission form (a random id, signed with a time stamp)."""
    return signing.TimestampSigner(salt=KEY_SALT).sign(uuid.uuid4().hex)


def read_key(value: str) -> str:
    """The random id of a form key; raises ``signing.SignatureExpired`` or ``signing.BadSignature``."""
    key = signing.TimestampSigner(salt=KEY_SALT).unsign(value or "", max_age=FORM_MAX_AGE)
    if not re.fullmatch(r"[0-9a-f]{32}", key):
        raise signing.BadSignature("not a form key")
    return key


def key_age(value: str) -> float:
    """Seconds since the form with this key was shown; raises ``signing.BadSignature`` for a forged key."""
    signer = signing.TimestampSigner(salt=KEY_SALT)
    stamp = signing.Signer.unsign(signer, value or "").rsplit(signer.sep, 1)[1]  # "<id>:<time stamp>", checked
    return time.time() - signing.b62_decode(stamp)


def _theme_choices() -> list[tuple[str, str]]:
    return list(theme_labels().items())


def _public_text(value: str) -> str:
    """Refuse text that looks like personal data in a field that becomes public."""
    what = personal_data_in(value or "")
    if what:
        raise forms.ValidationError(f"Dit lijkt {what} te bevatten. Deze tekst kan op de website komen: laat namen, "
                                    "adressen en contactgegevens weg (AVG).")
    return (value or "").strip()


# ------------------------------------------------------------------------------------------------- fields


class AmountInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "maxlength": "20", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            text = f"{value:.2f}".replace(".", ",")
            return text[:-3] if text.endswith(",00") else text
        return super().format_value(value)


class AmountField(forms.Field):
    """An amount in euros as people write it: "2500", "2.500", "€ 2.500,50" (see ``money.parse_amount``)."""

    widget = AmountInput

    def __init__(self, *, minimum: Decimal | None = Decimal("0.01"), **kwargs):
        self.minimum = minimum
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            amount = parse_amount(value)
        except AmountError as exc:
            raise forms.ValidationError(str(exc)) from None
        if self.minimum is not None and amount < self.minimum:
            raise forms.ValidationError("Het bedrag moet meer dan € 0 zijn.")
        return amount


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content (``uploads.check_upload``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"U kunt hoogstens {MAX_FILES} bijlagen meesturen; u koos er {len(files)}.")
        checked, problems = [], []
        for f in files:
            try:
                checked.append((f, check_upload(f.name, f.size, f)))
            except UploadError as exc:
                problems.append(str(exc))
        if problems:
            raise forms.ValidationError(problems)
        return checked


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _required(text: str) -> dict:
    return {"required": text}


# ------------------------------------------------------------------------------------------------- submission


class SubmissionForm(forms.Form):
    """The residents' form: the initiative, its costs, its support, themes and opgaven, the contact."""

    key = forms.CharField(widget=forms.HiddenInput)
    title = forms.CharField(
        label="Naam van uw initiatief", max_length=150, error_messages=_required("Geef uw initiatief een naam."),
        help_text="Een korte naam, bijvoorbeeld ‘Buurtmoestuin bij de school’. Als het initiatief geld krijgt, komt "
                  "deze naam op de website.")
    what = forms.CharField(
        label="Wat gaat u doen?", max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required("Schrijf op wat u gaat doen."),
        help_text="Beschrijf uw plan: wat gaat er gebeuren, waar en wanneer?")
    for_whom = forms.CharField(
        label="Voor wie is het?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_required("Schrijf op voor wie het initiatief is."),
        help_text="Wie hebben er iets aan, en hoeveel mensen verwacht u?")
    requested_amount = AmountField(
        label="Gevraagd bedrag", error_messages=_required("Vul het bedrag in dat u vraagt."),
        help_text="In euro, bijvoorbeeld 2500 of 2.500,50. Het bedrag mag niet hoger zijn dan de kosten hieronder.")
    supporters = forms.IntegerField(
        label="Hoeveel inwoners steunen het initiatief?", min_value=0, max_value=1_000_000,
        error_messages={"required": "Vul in hoeveel inwoners het initiatief steunen (0 mag ook).",
                        "invalid": "Vul een heel getal in, bijvoorbeeld 25.",
                        "min_value": "Het aantal kan niet negatief zijn.",
                        "max_value": "Dat zijn er meer dan er in een kern wonen. Controleer het getal."},
        help_text="Bijvoorbeeld het aantal handtekeningen of het aantal mensen dat op een bijeenkomst ‘ja’ zei.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    support_method = forms.ChoiceField(
        label="Hoe heeft u die steun verzameld?", choices=SupportMethod.choices, widget=forms.RadioSelect,
        error_messages=_required("Kies hoe u de steun heeft verzameld."))
    survey_results = forms.CharField(
        label="Uitkomsten van een enquête of bijeenkomst", required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: ‘42 van de 60 huishoudens in de straat willen meedoen.’")
    letters = MultipleFileField(
        label="Steunbrieven en andere bijlagen", required=False,
        help_text=f"Bijvoorbeeld brieven van buren, de dorpsraad of een school. {ALLOWED_TEXT}; hoogstens "
                  f"{MAX_FILES} bestanden van elk hoogstens {MAX_BYTES // 1024 // 1024} MB. Alleen de gemeente ziet ze.")
    themes = forms.MultipleChoiceField(
        label="Bij welke thema's past uw initiatief?", required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Kies thema's uit de lijst."},
        help_text="De thema's van de kernfoto. Kies er een of meer.")
    challenges = forms.MultipleChoiceField(
        label="Aan welke opgaven uit de kernfoto werkt uw initiatief?", required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Deze opgave staat niet (meer) op de kernfoto van deze kern. Kies opnieuw."},
        help_text="Dit valt op in de cijfers van uw kern. Kies wat bij uw initiatief past; niets kiezen mag ook.")
    name = forms.CharField(label="Uw naam", max_length=150, error_messages=_required("Vul uw naam in."),
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    group = forms.CharField(label="Namens welke groep of vereniging?", max_length=150, required=False,
                            widget=forms.TextInput(attrs={"autocomplete": "organization"}),
                            help_text="Bijvoorbeeld ‘Bewoners van de Kerkbuurt’.")
    email = forms.EmailField(label="E-mailadres", required=False, max_length=254,
                             error_messages={"invalid": "Dit is geen e-mailadres. Schrijf het zo: naam@voorbeeld.nl."},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label="Telefoonnummer", required=False, max_length=30,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    agree = forms.BooleanField(
        label="Ik weet dat de naam van het initiatief, de kern, de thema's en het toegekende bedrag op de website "
              "komen als het initiatief geld krijgt. Mijn naam en contactgegevens komen nooit op de website.",
        error_messages=_required("Vink aan dat u dit weet."))
    # the honeypot (antispam.HONEYPOT): hidden from people and screen readers; the view refuses a filled one
    website = forms.CharField(
        label="Laat dit veld leeg. Het is een controle tegen spam.", required=False, max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, opgaven: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = _theme_choices()
        self.fields["challenges"].choices = [(o, o) for o in (opgaven or [])]
        for n in range(1, BUDGET_LINES + 1):
            self.fields[f"line_{n}_description"] = forms.CharField(
                label=f"Kostenpost {n}: waarvoor", required=False, max_length=200)
            self.fields[f"line_{n}_amount"] = AmountField(label=f"Kostenpost {n}: bedrag", required=False)
        lines = [f"line_{n}_{part}" for n in range(1, BUDGET_LINES + 1) for part in ("description", "amount")]
        self.order_fields(["key", "title", "what", "for_whom", *lines])  # as on the page (the error summary)
        style_form(self)
        self.fields["letters"].widget.attrs["class"] = "kf-file"
        for name in ["requested_amount", "supporters"] + [f"line_{n}_amount" for n in range(1, BUDGET_LINES + 1)]:
            self.fields[name].widget.attrs["class"] += " kf-amount"

    def budget_rows(self) -> list[dict]:
        return [{"n": n, "description": self[f"line_{n}_description"], "amount": self[f"line_{n}_amount"]}
                for n in range(1, BUDGET_LINES + 1)]

    def clean_title(self):
        return _public_text(self.cleaned_data["title"])

    def clean_phone(self):
        value = (self.cleaned_data.get("phone") or "").strip()
        digits = re.sub(r"\D", "", value)
        if value and (not PHONE_CHARS.match(value) or not 10 <= len(digits) <= 15):
            raise forms.ValidationError("Dit is geen telefoonnummer. Schrijf het zo: 06 12345678 of 0346 123456.")
        return value

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and "email" not in self.errors and "phone" not in self.errors:
            self.add_error("email", "Vul een e-mailadres of een telefoonnummer in, zodat de gemeente u kan bereiken.")
        lines = []
        for n in range(1, BUDGET_LINES + 1):
            d_name, a_name = f"line_{n}_description", f"line_{n}_amount"
            if d_name in self.errors or a_name in self.errors:
                continue
            description, amount = (data.get(d_name) or "").strip(), data.get(a_name)
            if description and amount is None:
                self.add_error(a_name, f"Vul het bedrag van kostenpost {n} in.")
            elif amount is not None and not description:
                self.add_error(d_name, f"Schrijf op waarvoor kostenpost {n} is.")
            elif description:
                lines.append((description, amount))
        if not lines and not any(k.startswith("line_") for k in self.errors):
            self.add_error("line_1_description", "Vul minstens één kostenpost in: waarvoor is het geld?")
        data["budget_lines"] = lines
        requested = data.get("requested_amount")
        total = sum((a for _, a in lines), Decimal("0.00"))
        if requested is not None and lines and requested > total:
            self.add_error("requested_amount", f"U vraagt {euro(requested)}, maar de kosten zijn samen {euro(total)}. "
                                               "U kunt niet meer vragen dan de kosten.")
        for name in ("survey_results", "group"):
            data.setdefault(name, "")
        data["letters"] = data.get("letters") or []
        return data


# ------------------------------------------------------------------------------------------------- analysts


class AssessmentForm(forms.Form):
    prefix = "beoordeling"
    advice = forms.ChoiceField(label="Advies", choices=Advice.choices, widget=forms.RadioSelect,
                               error_messages=_required("Kies een advies."))
    note = forms.CharField(label="Toelichting bij het advies", required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, items: list[CheckItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for n, item in enumerate(items):
            self.fields[f"item_{n}"] = forms.ChoiceField(
                label=item.text, choices=Verdict.choices, widget=forms.RadioSelect,
                error_messages=_required("Kies ja, deels, nee of niet van toepassing."))
            self.fields[f"item_{n}_note"] = forms.CharField(label=f"Toelichting bij punt {n + 1}", required=False,
                                                            max_length=500)
        self.order_fields([f for n in range(len(items)) for f in (f"item_{n}", f"item_{n}_note")] + ["advice", "note"])
        style_form(self)

    def rows(self) -> list[dict]:
        return [{"item": item, "n": n + 1, "source_label": CheckSource(item.source).label,
                 "verdict": self[f"item_{n}"], "note": self[f"item_{n}_note"]} for n, item in enumerate(self.items)]

    def checked_items(self) -> list[tuple[str, str, str, str]]:
        return [(item.source, item.text, self.cleaned_data[f"item_{n}"], self.cleaned_data[f"item_{n}_note"])
                for n, item in enumerate(self.items)]


class DecisionForm(forms.Form):
    prefix = "besluit"
    # a CharField, so a step that is not offered reaches the workflow's own message (actions.decide)
    status = forms.CharField(label="Nieuwe status", widget=forms.RadioSelect, max_length=20,
                             error_messages=_required("Kies de nieuwe status."))
    date = forms.DateField(label="Datum van het besluit", widget=_date_input(),
                           error_messages={"required": "Vul de datum in.", "invalid": "Vul een datum in."})
    amount = AmountField(label="Toegekend bedrag", required=False,
                         help_text="Alleen bij toekennen. Het gaat van het budget van het jaar van het besluit af.")
    reason = forms.CharField(label="Reden of toelichting", required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Verplicht bij afwijzen: de indieners krijgen deze reden te horen.")

    def __init__(self, *args, steps: list[tuple[str, str]], **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.choices = steps
        self.can_grant = any(value == Status.TOEGEKEND for value, _ in steps)
        if not self.can_grant:
            del self.fields["amount"]
        style_form(self)


class EvaluationForm(forms.Form):
    prefix = "evaluatie"
    date = forms.DateField(label="Datum van de evaluatie", widget=_date_input(),
                           error_messages={"required": "Vul de datum in.", "invalid": "Vul een datum in."})
    reached = forms.CharField(label="Wat is er bereikt?", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages=_required("Schrijf op wat er is bereikt."))
    participants = forms.IntegerField(label="Hoeveel inwoners deden mee of hadden er iets aan?", required=False,
                                      min_value=0, error_messages={"invalid": "Vul een heel getal in."})
    spent = AmountField(label="Uitgegeven bedrag", required=False, minimum=Decimal("0"))
    continues = forms.BooleanField(label="Het initiatief gaat door na deze periode", required=False)
    lessons = forms.CharField(label="Wat hebben we geleerd?", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError("De datum ligt in de toekomst.")
        return value


class PotForm(forms.Form):
    year = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100,
                              error_messages={"required": "Vul het jaar in.", "invalid": "Vul een jaartal in.",
                                              "min_value": "Vul een jaartal in.", "max_value": "Vul een jaartal in."})
    amount = AmountField(label="Bedrag", minimum=Decimal("0"), error_messages=_required("Vul het bedrag in."),
                         help_text="In euro, bijvoorbeeld 150000 of 150.000.")
    name = forms.CharField(label="Naam", required=False, max_length=200,
                           help_text="Bijvoorbeeld ‘Budget inwonersinitiatieven 2026’.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
        for name in ("year", "amount"):
            self.fields[name].widget.attrs["class"] += " kf-amount"


# ------------------------------------------------------------------------------------------------- wijkplannen


class PlanForm(forms.Form):
    area = forms.ChoiceField(label="Kern of wijk", error_messages={
        "required": "Kies de kern of wijk van het plan.",
        "invalid_choice": "Kies een kern of wijk uit de lijst; voor andere kernen hebt u geen toestemming."})
    title = forms.CharField(label="Naam van het plan", max_length=200, error_messages=_required("Geef het plan een naam."),
                            help_text="Bijvoorbeeld ‘Dorpsplan Kockengen 2025–2027’.")
    start_year = forms.IntegerField(label="Van jaar", min_value=2000, max_value=2100,
                                    error_messages={"required": "Vul het beginjaar in.", "invalid": "Vul een jaartal in."})
    end_year = forms.IntegerField(label="Tot en met jaar", min_value=2000, max_value=2100,
                                  error_messages={"required": "Vul het laatste jaar in.", "invalid": "Vul een jaartal in."})
    ambition = forms.CharField(label="Ambitie", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                               error_messages=_required("Schrijf de ambitie op: wat wilt u bereiken?"),
                               help_text="Wat wilt u samen bereiken?")
    learning_questions = forms.CharField(label="Leervragen", required=False, max_length=4000,
                                         widget=forms.Textarea(attrs={"rows": 3}),
                                         help_text="Wat wilt u onderweg leren? Eén vraag per regel.")
    approach = forms.CharField(label="Aanpak", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    resident_involvement = forms.CharField(label="Betrokkenheid van inwoners", required=False, max_length=4000,
                                           widget=forms.Textarea(attrs={"rows": 3}),
                                           help_text="Hoe denken en doen inwoners mee?")
    challenges = forms.CharField(label="Opgaven en uitdagingen", required=False, max_length=4000,
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text="Eén per regel. Initiatieven in deze kern worden hieraan getoetst.")
    themes = forms.MultipleChoiceField(label="Thema's", required=False, widget=forms.CheckboxSelectMultiple)

    TEXTS = ("title", "ambition", "learning_questions", "approach", "resident_involvement", "challenges")

    def __init__(self, *args, areas: list[tuple[str, list[tuple[str, str]]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", "Kies een kern of wijk"), *areas]
        self.fields["themes"].choices = _theme_choices()
        style_form(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", "Het laatste jaar ligt vóór het beginjaar.")
        for name in self.TEXTS:
            if name in data:
                try:
                    data[name] = _public_text(data[name])
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        return data


class MilestoneForm(forms.Form):
    date = forms.DateField(label="Datum", widget=_date_input(),
                           error_messages={"required": "Vul de datum in.", "invalid": "Vul een datum in."})
    title = forms.CharField(label="Mijlpaal", max_length=200, error_messages=_required("Schrijf op wat de mijlpaal is."),
                            help_text="Bijvoorbeeld ‘Eerste bewonersavond’.")
    owner = forms.CharField(label="Wie is eigenaar?", max_length=150,
                            error_messages=_required("Vul in welke rol of organisatie eigenaar is."),
                            help_text="Een rol of organisatie, bijvoorbeeld ‘dorpsraad’ of ‘wijkteam’. Nooit de naam "
                                      "van een persoon: dit plan staat op de website.")
    status = forms.ChoiceField(label="Status", choices=MilestoneStatus.choices, widget=forms.RadioSelect,
                               initial=MilestoneStatus.GEPLAND, error_messages=_required("Kies de status."))
    note = forms.CharField(label="Toelichting", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    themes = forms.MultipleChoiceField(label="Thema's", required=False, widget=forms.CheckboxSelectMultiple,
                                       help_text="Leeg laten: de thema's van het plan.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = _theme_choices()
        style_form(self)

    def clean(self):
        data = super().clean()
        for name in ("title", "owner", "note"):
            if name in data:
                try:
                    data[name] = _public_text(data[name])
                except forms.ValidationError as exc:
                    self.add_error(name, exc)
        if data.get("date") and data["date"] < dt.date(2000, 1, 1):
            self.add_error("date", "Vul een datum na 2000 in.")
        return data
