"""Forms of the sociale basis: the public finder (GET) and the work pages of partners and analysts.

Labels, help texts and errors are Dutch (B1). Widgets get their NL Design System classes from
``accounts.views.style_form``. Personal data (AVG): the directory holds an organisation's own contact
details (a general telephone number and e-mail address), never those of a person; the forms say so.
"""

from __future__ import annotations

import re

from django import forms

from ..accounts.views import style_form
from .models import LocationType, ProviderKind, ServiceStatus, TargetGroup
from .nearby import km_param, km_text, parse_km
from .search import DAY_NAMES, DAYS, SearchError, check_distance, theme_labels

DAY_CHOICES = [(code, DAY_NAMES[code]) for code in DAYS]
DISTANCES = (0.0, 1.0, 2.0, 5.0)  # the finder's choices of distance to the kern (km); links may carry others
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{5,19}$")
AVG_CONTACT = ("Alleen algemene contactgegevens van de organisatie (geen namen of persoonlijke adressen van "
               "medewerkers of vrijwilligers): ze staan op de openbare website.")


def theme_choices() -> list[tuple[str, str]]:
    return list(theme_labels().items())


def distance_value(raw: str | None) -> float | None:
    """A distance in km from the address ("1", "0.5", "0,5"), or None when it is not a valid one."""
    value = parse_km(raw)
    try:
        return check_distance(value) if value is not None else None
    except SearchError:
        return None


def distance_label(km: float) -> str:
    return "Nee, alleen in of voor de kern" if km == 0 else f"Ja, tot {km_text(km)} van de kern"


# ------------------------------------------------------------------------------------------------- public finder


class FinderForm(forms.Form):
    """The finder's filters; field names are the (Dutch) query parameters of the page and the API."""

    q = forms.CharField(label="Zoekwoorden", required=False, max_length=200,
                        help_text="Bijvoorbeeld: koffie, eenzaamheid, schulden, sport, taal.")
    kern = forms.ChoiceField(label="Kern", required=False)
    afstand = forms.ChoiceField(label="Ook aanbod net buiten de kern?", required=False,
                                help_text="Geldt als u een kern kiest. Aanbod voor de hele gemeente telt altijd mee.")
    thema = forms.ChoiceField(label="Thema", required=False)
    doelgroep = forms.ChoiceField(label="Voor wie", required=False)
    dag = forms.ChoiceField(label="Op welke dag?", required=False, widget=forms.RadioSelect,
                            choices=[("", "maakt niet uit"), *DAY_CHOICES])

    def __init__(self, *args, kernen: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kern"].choices = [("", "Alle kernen"), *kernen.items()]
        distances = list(DISTANCES)
        chosen = distance_value(self.data.get("afstand")) if self.is_bound else None
        if chosen is not None:  # "1.0", "0,5": written as the choice (or a choice of its own, from a link)
            self.data = self.data.copy()
            self.data["afstand"] = km_param(chosen)
            distances = sorted(set(distances) | {chosen})
        self.fields["afstand"].choices = [(km_param(km), distance_label(km)) for km in distances]
        self.fields["thema"].choices = [("", "Alle thema's"), *theme_choices()]
        self.fields["doelgroep"].choices = [("", "Iedereen"), *[(v, str(label).capitalize()) for v, label
                                                               in TargetGroup.choices if v != TargetGroup.IEDEREEN]]
        for name, what in (("kern", "kern"), ("afstand", "afstand"), ("thema", "thema"), ("doelgroep", "groep"),
                           ("dag", "dag")):
            self.fields[name].error_messages["invalid_choice"] = f"Kies een {what} uit de lijst."
        style_form(self)

    def filters(self) -> dict:
        """The valid filters as keyword arguments of ``search.search``."""
        data = self.cleaned_data
        return {"q": (data.get("q") or "").strip(), "kern": data.get("kern") or None,
                "near_km": float(data["afstand"]) if data.get("afstand") else None,
                "theme": data.get("thema") or None, "target_group": data.get("doelgroep") or None,
                "day": data.get("dag") or None}


# ------------------------------------------------------------------------------------------------- work pages


class ServiceForm(forms.Form):
    name = forms.CharField(label="Naam van het aanbod", max_length=300,
                           help_text="Kort en duidelijk, bijvoorbeeld “Koffieochtend in het dorpshuis”.")
    description = forms.CharField(label="Beschrijving", max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="Wat is het, wat doet u er, wat levert het op? In eenvoudige woorden.")
    kind = forms.ChoiceField(label="Soort aanbieder", choices=ProviderKind.choices, widget=forms.RadioSelect,
                             initial=ProviderKind.PROFESSIONEEL)
    themes = forms.MultipleChoiceField(label="Thema's", widget=forms.CheckboxSelectMultiple,
                                       help_text="De thema's van de kernfoto waar dit aanbod bij past.")
    target_groups = forms.MultipleChoiceField(label="Voor wie", choices=TargetGroup.choices,
                                              widget=forms.CheckboxSelectMultiple)
    minimum_age = forms.IntegerField(label="Vanaf leeftijd", required=False, min_value=0, max_value=120)
    maximum_age = forms.IntegerField(label="Tot en met leeftijd", required=False, min_value=0, max_value=120)
    eligibility_description = forms.CharField(label="Toelichting voor wie", required=False, max_length=1000,
                                              widget=forms.Textarea(attrs={"rows": 2}),
                                              help_text="Bijvoorbeeld: “ook voor mantelzorgers van buiten het dorp”.")
    fees_description = forms.CharField(label="Kosten", required=False, max_length=300,
                                       help_text="Bijvoorbeeld “gratis” of “€ 2,50 per keer, met U-pas gratis”.")
    application_process = forms.CharField(label="Aanmelden", required=False, max_length=1000,
                                          widget=forms.Textarea(attrs={"rows": 2}),
                                          help_text="Hoe doet iemand mee: gewoon binnenlopen, bellen, een formulier?")
    phone = forms.CharField(label="Telefoonnummer", required=False, max_length=40, help_text=AVG_CONTACT)
    email = forms.EmailField(label="E-mailadres", required=False)
    url = forms.URLField(label="Website", required=False, assume_scheme="https")
    locations = forms.MultipleChoiceField(label="Locaties", required=False, widget=forms.CheckboxSelectMultiple,
                                          help_text="Waar het aanbod plaatsvindt. Een nieuwe locatie voegt u toe "
                                                    "bij “Locaties” van uw organisatie.")
    kernen = forms.MultipleChoiceField(label="Ook voor inwoners van deze kernen", required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text="De kernen waar het aanbod ook voor is, naast de kernen van de "
                                                 "locaties (het werkgebied).")
    gemeente_wide = forms.BooleanField(label="Voor inwoners van de hele gemeente", required=False)

    def __init__(self, *args, locations: list[tuple[str, str]], kernen: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices()
        self.fields["locations"].choices = locations
        self.fields["kernen"].choices = kernen
        style_form(self)

    def clean_phone(self):
        value = (self.cleaned_data.get("phone") or "").strip()
        if value and not PHONE_RE.match(value):
            raise forms.ValidationError("Vul een telefoonnummer in met alleen cijfers, spaties of streepjes, "
                                        "bijvoorbeeld 0346 123 456.")
        return value

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", "De hoogste leeftijd is lager dan de laagste leeftijd.")
        return data


class LocationForm(forms.Form):
    location_type = forms.ChoiceField(label="Soort locatie", widget=forms.RadioSelect, initial=LocationType.PHYSICAL,
                                      choices=[(LocationType.PHYSICAL, "een adres (gebouw, plek)"),
                                               (LocationType.VIRTUAL, "online of telefonisch")])
    name = forms.CharField(label="Naam van de locatie", max_length=300, required=False,
                           help_text="Bijvoorbeeld “Dorpshuis De Schakel”.")
    address_1 = forms.CharField(label="Straat en huisnummer", max_length=300, required=False)
    postal_code = forms.CharField(label="Postcode", max_length=10, required=False)
    city = forms.CharField(label="Plaats", max_length=200, required=False)
    kern = forms.ChoiceField(label="Kern", required=False,
                             help_text="De kern waar de locatie ligt. Met coördinaten bepaalt Kernfoto de buurt en "
                                       "kern zelf en controleert het deze keuze.")
    latitude = forms.FloatField(label="Breedtegraad", required=False, min_value=-90, max_value=90,
                                help_text="Bijvoorbeeld 52.1854 (WGS84, met een punt). Te vinden met een kaart op internet.")
    longitude = forms.FloatField(label="Lengtegraad", required=False, min_value=-180, max_value=180,
                                 help_text="Bijvoorbeeld 5.0012.")
    accessibility = forms.CharField(label="Toegankelijkheid", required=False, max_length=1000,
                                    widget=forms.Textarea(attrs={"rows": 2}),
                                    help_text="Bijvoorbeeld: “drempelvrij, invalidentoilet, ringleiding”.")

    def __init__(self, *args, kernen: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kern"].choices = [("", "Kies een kern"), *kernen]
        style_form(self)

    def clean(self):
        data = super().clean()
        if data.get("location_type") == LocationType.PHYSICAL:
            for name, what in (("address_1", "de straat en het huisnummer"), ("postal_code", "de postcode"),
                               ("city", "de plaats")):
                if not (data.get(name) or "").strip():
                    self.add_error(name, f"Vul {what} in (of kies “online of telefonisch”).")
            postcode = re.sub(r"\s+", "", data.get("postal_code") or "").upper()
            if postcode and not re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", postcode):
                self.add_error("postal_code", "Vul een Nederlandse postcode in, bijvoorbeeld 3621 AB.")
            elif postcode:
                data["postal_code"] = f"{postcode[:4]} {postcode[4:]}"
        elif not (data.get("name") or "").strip():
            self.add_error("name", "Geef de online locatie een naam, bijvoorbeeld “telefonisch spreekuur”.")
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude" if data.get("longitude") is None else "latitude",
                           "Vul beide coördinaten in, of geen van beide.")
        return data


WEEK_CHOICES = [("", "–"), ("1", "eerste"), ("2", "tweede"), ("3", "derde"), ("4", "vierde"), ("-1", "laatste")]
FREQ_CHOICES = [("WEEKLY", "elke week"), ("BIWEEKLY", "om de week"), ("MONTHLY", "één keer per maand")]


class ScheduleForm(forms.Form):
    days = forms.MultipleChoiceField(label="Dagen", choices=DAY_CHOICES, widget=forms.CheckboxSelectMultiple)
    freq = forms.ChoiceField(label="Hoe vaak", choices=FREQ_CHOICES, widget=forms.RadioSelect, initial="WEEKLY")
    week = forms.ChoiceField(label="Welke week van de maand", choices=WEEK_CHOICES, required=False,
                             help_text="Alleen bij “één keer per maand”: bijvoorbeeld de eerste dinsdag.")
    opens_at = forms.TimeField(label="Begint om", required=False, widget=forms.TimeInput(attrs={"type": "time"},
                                                                                         format="%H:%M"))
    closes_at = forms.TimeField(label="Eindigt om", required=False, widget=forms.TimeInput(attrs={"type": "time"},
                                                                                           format="%H:%M"))
    location = forms.ChoiceField(label="Locatie", required=False,
                                 help_text="Alleen nodig als het aanbod op verschillende locaties op andere tijden is.")
    notes = forms.CharField(label="Toelichting", required=False, max_length=300,
                            help_text="Bijvoorbeeld “niet in de schoolvakanties”.")
    valid_to = forms.DateField(label="Tot en met", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               help_text="De laatste keer, als het aanbod stopt.")

    def __init__(self, *args, locations: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [("", "alle locaties"), *locations]
        style_form(self)

    def clean(self):
        data = super().clean()
        if data.get("freq") == "MONTHLY" and not data.get("week"):
            self.add_error("week", "Kies welke week van de maand (bijvoorbeeld de eerste).")
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "De eindtijd ligt niet na de begintijd.")
        return data

    def rrule(self) -> dict:
        """The schedule in HSDS (RFC 5545) fields: freq, interval, byday."""
        data = self.cleaned_data
        days = [d for d in DAYS if d in data["days"]]
        if data["freq"] == "MONTHLY":
            return {"freq": "MONTHLY", "interval": None, "byday": ",".join(f"{data['week']}{d}" for d in days)}
        return {"freq": "WEEKLY", "interval": 2 if data["freq"] == "BIWEEKLY" else None, "byday": ",".join(days)}

    @staticmethod
    def initial_from(schedule) -> dict:
        from .search import parse_byday

        tokens = parse_byday(schedule.byday)
        monthly = schedule.freq.upper() == "MONTHLY"
        freq = "MONTHLY" if monthly else "BIWEEKLY" if (schedule.interval or 1) == 2 else "WEEKLY"
        week = next((str(n) for n, _ in tokens if n), "")
        return {"days": [d for _, d in tokens], "freq": freq, "week": week, "opens_at": schedule.opens_at,
                "closes_at": schedule.closes_at, "notes": schedule.notes, "valid_to": schedule.valid_to,
                "location": str(schedule.service_at_location.location_id) if schedule.service_at_location_id else ""}


class OrganizationForm(forms.Form):
    name = forms.CharField(label="Naam van de organisatie", max_length=300)
    description = forms.CharField(label="Beschrijving", required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.CharField(label="Telefoonnummer", required=False, max_length=40, help_text=AVG_CONTACT)
    email = forms.EmailField(label="E-mailadres", required=False)
    website = forms.URLField(label="Website", required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    clean_phone = ServiceForm.clean_phone


class EditorsForm(forms.Form):
    editors = forms.MultipleChoiceField(label="Partners die dit aanbod bijhouden", required=False,
                                        widget=forms.CheckboxSelectMultiple,
                                        help_text="Alleen gebruikers met de rol partner in deze gemeente.")

    def __init__(self, *args, partners: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editors"].choices = partners
        style_form(self)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ServiceStatus.choices)
