"""The voices workflow in the browser ("werk"): partners record conversations and signals, analysts review,
import, curate the texts of a kernfoto and publish a period; partners and analysts say whether they
recognise a draft kernfoto.

Every page is for logged-in users only (``login_required`` sends visitors to the login page); every write is
a POST that first calls ``access.require`` (PermissionDenied -> 403) and then writes an ``access.audit``
line. Partners only ever see the kernen of their membership: the kern select, the lists and every object
looked up by id are checked against the same helper.

Personal data (AVG): a voice records the *kind* of speaker, never a name; the forms say so and refuse
text that looks like an e-mail address, telephone number, postcode or BSN. A quote is stored with or
without consent, but only a consented quote can be approved, and only approved quotes of approved voices
are published (``Quote.publishable``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..accounts.access import allowed, audit, require
from ..accounts.models import Membership
from ..accounts.views import style_form
from ..areas.models import Area, AreaGroup, GroupKind
from ..errors import InputError, KernfotoError
from ..profiles.models import CuratedFinding, CuratedSetting, FindingKind
from ..stats.catalogue import catalogue
from ..web.shortcuts import gemeente_or_404 as _gemeente
from ..web.shortcuts import kernen_of as _all_kernen
from .models import ProfileReview, Publication, Quote, SpeakerKind, Status, Verdict, Voice, VoiceKind
from .services import (
    explain_suggestions,
    import_voices_csv,
    personal_data_in,
    retention_cutoff,
    suggest_themes,
)

MAX_QUOTES = 3
PAGE_SIZE = 50
AVG_NOTICE = ("Schrijf geen namen, adressen, geboortedata of andere details waarmee iemand te herkennen is "
              "(AVG). Leg alleen vast wát er gezegd is en door wat voor soort persoon.")


# ------------------------------------------------------------------------------------------------- helpers


def _kernen(user, gm: Area, action: str) -> list[AreaGroup]:
    """The kernen of ``gm`` for which ``user`` may do ``action`` (a partner: their own; an analyst: all)."""
    return [k for k in _all_kernen(gm) if allowed(user, action, gm.code, kern=k)]


def _periods(gm: Area) -> tuple[list[str], str]:
    """The periods with figures for this gemeente and the default one, as on the public pages."""
    from ..web.services import gemeente_data

    data = gemeente_data(gm.code)
    return list(data.periods), data.latest_period


def _personal_data(text: str) -> str | None:
    """A Dutch error when ``text`` looks like it holds personal data (the same rule as the CSV import)."""
    what = personal_data_in(text or "")
    if what:
        return f"Dit lijkt {what} te bevatten. Laat namen en andere details waarmee iemand te herkennen is weg (AVG)."
    return None


def _theme_choices() -> list[tuple[str, str]]:
    return [(t.id, t.label) for t in catalogue().themes]


def _theme_labels() -> dict[str, str]:
    return dict(_theme_choices())


def _suggest(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """The suggested theme ids (most hits first) and, per theme, the keywords that matched."""
    return list(suggest_themes(text)), dict(explain_suggestions(text))


# ------------------------------------------------------------------------------------------------- forms


class VoiceForm(forms.Form):
    date = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                           help_text="De dag van het gesprek of waarop u het signaal kreeg.")
    kern = forms.ModelChoiceField(label="Kern", queryset=AreaGroup.objects.none(), empty_label="Kies een kern")
    kind = forms.ChoiceField(label="Soort", choices=VoiceKind.choices, widget=forms.RadioSelect,
                             initial=VoiceKind.GESPREK)
    speaker = forms.ChoiceField(label="Wie spreekt?", choices=SpeakerKind.choices, widget=forms.RadioSelect,
                                help_text="Alleen het soort spreker, nooit een naam.")
    summary = forms.CharField(label="Samenvatting", max_length=4000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text="Wat is er gezegd of gesignaleerd? " + AVG_NOTICE)
    themes = forms.MultipleChoiceField(
        label="Thema's", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Kies de thema's van de kernfoto waar dit over gaat. Met de knop “Stel thema's voor” kiest "
                  "Kernfoto ze voor u aan de hand van trefwoorden in de samenvatting; u bevestigt of past ze aan.")

    def __init__(self, *args, kernen: list[AreaGroup], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kern"].queryset = AreaGroup.objects.filter(pk__in=[k.pk for k in kernen]).order_by("name")
        if len(kernen) == 1:
            self.fields["kern"].empty_label = None
        self.fields["themes"].choices = _theme_choices()
        for n in range(1, MAX_QUOTES + 1):
            self.fields[f"quote_{n}"] = forms.CharField(
                label=f"Tekst van citaat {n}", required=False, max_length=600,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Letterlijk wat iemand zei, zonder namen of herkenbare details.")
            self.fields[f"consent_{n}"] = forms.BooleanField(
                label=f"De spreker geeft toestemming om citaat {n} te publiceren", required=False,
                help_text="Zonder toestemming wordt het citaat wel bewaard, maar nooit gepubliceerd.")
        style_form(self)

    def quote_fields(self) -> list[dict]:
        return [{"n": n, "text": self[f"quote_{n}"], "consent": self[f"consent_{n}"]} for n in range(1, MAX_QUOTES + 1)]

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError("De datum ligt in de toekomst.")
        if value < retention_cutoff(timezone.localdate()):
            raise forms.ValidationError(
                f"De datum ligt meer dan {settings.VOICES_RETENTION_YEARS} jaar terug (de bewaartermijn); zulke "
                "gesprekken worden niet meer vastgelegd.")
        return value

    def clean(self):
        data = super().clean()
        for name in ["summary"] + [f"quote_{n}" for n in range(1, MAX_QUOTES + 1)]:
            problem = _personal_data(data.get(name) or "")
            if problem:
                self.add_error(name, problem)
        return data

    def quotes(self) -> list[tuple[str, bool]]:
        out = []
        for n in range(1, MAX_QUOTES + 1):
            text = (self.cleaned_data.get(f"quote_{n}") or "").strip()
            if text:
                out.append((text, bool(self.cleaned_data.get(f"consent_{n}"))))
        return out


def _initial_from_post(form_class, post, **kwargs) -> dict:
    """The posted values as ``initial`` of an unbound form (a round trip that must not show errors yet)."""
    probe = form_class(**kwargs)
    initial = {}
    for name, field in probe.fields.items():
        if isinstance(field, forms.MultipleChoiceField):
            initial[name] = post.getlist(name)
        elif isinstance(field, forms.BooleanField):
            initial[name] = name in post
        elif name in post:
            initial[name] = post.get(name)
    return initial


def _voice_initial(voice: Voice) -> dict:
    initial = {"date": voice.date, "kern": voice.kern_id, "kind": voice.kind, "speaker": voice.speaker,
               "summary": voice.summary, "themes": list(voice.themes)}
    for n, q in enumerate(voice.quotes.all()[:MAX_QUOTES], start=1):
        initial[f"quote_{n}"] = q.text
        initial[f"consent_{n}"] = q.consent
    return initial


# ------------------------------------------------------------------------------------------------- voices


def _voice_page(request, gm: Area, form: VoiceForm, *, voice: Voice | None, suggestion: dict | None, status=200):
    return render(request, "voices/voice_form.html", {
        "gm": gm, "form": form, "voice": voice, "suggestion": suggestion, "avg_notice": AVG_NOTICE,
        "hints": (suggestion or {}).get("hints", {}),
        "action_url": reverse("voices:edit", args=[gm.code, voice.pk]) if voice else reverse("voices:add", args=[gm.code]),
    }, status=status)


def _suggestion_round_trip(request, kernen):
    """ "Stel thema's voor": the same form again, with the suggested themes checked and the matched words shown."""
    post = request.POST
    initial = _initial_from_post(VoiceForm, post, kernen=kernen)
    text = " ".join([post.get("summary", "")] + [post.get(f"quote_{n}", "") for n in range(1, MAX_QUOTES + 1)])
    themes, explained = _suggest(text)
    labels = _theme_labels()
    initial["themes"] = list(dict.fromkeys(list(initial.get("themes") or []) + [t for t in themes if t in labels]))
    found = [{"theme": labels.get(t, t), "words": explained.get(t, [])} for t in themes if t in labels]
    hints = {t: "gevonden: " + ", ".join(explained[t]) for t in themes if explained.get(t)}
    return VoiceForm(kernen=kernen, initial=initial), {"found": found, "hints": hints, "asked": bool(text.strip())}


def _save_quotes(voice: Voice, quotes: list[tuple[str, bool]]) -> None:
    """Replace the quotes of ``voice``; an unchanged consented quote keeps its approval, others need a new one."""
    existing = list(voice.quotes.all())
    for n, (text, consent) in enumerate(quotes):
        if n < len(existing):
            q = existing[n]
            keep = q.approved and q.text == text and consent
            q.text, q.consent, q.approved = text, consent, keep
            q.save()
        else:
            Quote.objects.create(voice=voice, text=text, consent=consent, approved=False)
    for q in existing[len(quotes):]:
        q.delete()


@login_required
@require_http_methods(["GET", "POST"])
def add_voice(request, gemeente: str):
    gm = _gemeente(gemeente)
    require(request.user, "voice.add", gm.code)
    kernen = _kernen(request.user, gm, "voice.add")
    if not kernen:
        raise PermissionDenied("U bent nog niet aan een kern gekoppeld; vraag de analist van uw gemeente.")
    if request.method == "POST":
        if request.POST.get("actie") == "voorstellen":
            form, suggestion = _suggestion_round_trip(request, kernen)
            return _voice_page(request, gm, form, voice=None, suggestion=suggestion)
        form = VoiceForm(request.POST, kernen=kernen)
        if form.is_valid():
            kern = form.cleaned_data["kern"]
            require(request.user, "voice.add", gm.code, kern=kern)
            with transaction.atomic():
                voice = Voice.objects.create(
                    gemeente=gm, kern=kern, date=form.cleaned_data["date"], kind=form.cleaned_data["kind"],
                    speaker=form.cleaned_data["speaker"], summary=form.cleaned_data["summary"].strip(),
                    themes=form.cleaned_data["themes"], status=Status.INGEDIEND, created_by=request.user)
                quotes = form.quotes()
                _save_quotes(voice, quotes)
                audit(request.user, "voice.add", gemeente=gm.code, obj=voice, kern=kern.slug,
                      quotes=len(quotes), consented=sum(c for _, c in quotes))
            messages.success(request, f"Het {voice.get_kind_display()} van {voice.date:%d-%m-%Y} in {kern.name} is "
                                      "ingediend. Een analist beoordeelt het voordat iets wordt gepubliceerd.")
            return redirect("voices:list", gm.code)
        return _voice_page(request, gm, form, voice=None, suggestion=None, status=400)
    initial = {"date": timezone.localdate(), "kind": VoiceKind.GESPREK}
    if len(kernen) == 1:
        initial["kern"] = kernen[0].pk
    return _voice_page(request, gm, VoiceForm(kernen=kernen, initial=initial), voice=None, suggestion=None)


@login_required
@require_http_methods(["GET", "POST"])
def edit_voice(request, gemeente: str, pk: int):
    gm = _gemeente(gemeente)
    voice = get_object_or_404(Voice.objects.select_related("kern"), pk=pk, gemeente=gm)
    require(request.user, "voice.edit", gm.code, kern=voice.kern)
    if voice.anonymised_at:
        raise PermissionDenied("Dit gesprek is geanonimiseerd (bewaartermijn verstreken) en kan niet meer worden gewijzigd.")
    kernen = _kernen(request.user, gm, "voice.edit")
    if request.method == "POST":
        if request.POST.get("actie") == "voorstellen":
            form, suggestion = _suggestion_round_trip(request, kernen)
            return _voice_page(request, gm, form, voice=voice, suggestion=suggestion)
        form = VoiceForm(request.POST, kernen=kernen)
        if form.is_valid():
            kern = form.cleaned_data["kern"]
            require(request.user, "voice.edit", gm.code, kern=kern)
            with transaction.atomic():
                was = voice.status
                voice.kern, voice.date = kern, form.cleaned_data["date"]
                voice.kind, voice.speaker = form.cleaned_data["kind"], form.cleaned_data["speaker"]
                voice.summary, voice.themes = form.cleaned_data["summary"].strip(), form.cleaned_data["themes"]
                voice.status, voice.reviewed_by, voice.reviewed_at = Status.INGEDIEND, None, None
                voice.save()
                _save_quotes(voice, form.quotes())
                audit(request.user, "voice.edit", gemeente=gm.code, obj=voice, kern=kern.slug, previous_status=was)
            messages.success(request, "De wijzigingen zijn opgeslagen. Een analist beoordeelt het gesprek opnieuw.")
            return redirect("voices:list", gm.code)
        return _voice_page(request, gm, form, voice=voice, suggestion=None, status=400)
    return _voice_page(request, gm, VoiceForm(kernen=kernen, initial=_voice_initial(voice)), voice=voice,
                       suggestion=None)


@login_required
@require_safe
def list_voices(request, gemeente: str):
    gm = _gemeente(gemeente)
    require(request.user, "voice.edit", gm.code)
    kernen = _kernen(request.user, gm, "voice.edit")
    voices = (Voice.objects.filter(gemeente=gm, kern__in=kernen).select_related("kern")
              .prefetch_related("quotes").order_by("-date", "-pk"))
    page = Paginator(voices, PAGE_SIZE).get_page(request.GET.get("pagina"))
    labels = _theme_labels()
    rows = [{"voice": v, "themes": [labels.get(t, t) for t in v.themes], "quotes": len(v.quotes.all()),
             "editable": not v.anonymised_at, "url": reverse("voices:edit", args=[gm.code, v.pk])} for v in page]
    return render(request, "voices/voice_list.html", {
        "gm": gm, "rows": rows, "page": page, "kernen": kernen,
        "can_add": allowed(request.user, "voice.add", gm.code) and bool(_kernen(request.user, gm, "voice.add")),
    })


# ------------------------------------------------------------------------------------------------- review

REVIEW_FILTERS = (("ingediend", "Ter beoordeling"), ("goedgekeurd", "Goedgekeurd"), ("afgewezen", "Afgewezen"))


@login_required
@require_safe
def review_queue(request, gemeente: str):
    gm = _gemeente(gemeente)
    require(request.user, "voice.approve", gm.code)
    status = request.GET.get("status", Status.INGEDIEND)
    if status not in dict(REVIEW_FILTERS):
        status = Status.INGEDIEND
    voices = (Voice.objects.filter(gemeente=gm, status=status).select_related("kern")
              .prefetch_related("quotes").order_by("date", "pk"))
    page = Paginator(voices, PAGE_SIZE).get_page(request.GET.get("pagina"))
    labels = _theme_labels()
    rows = [{"voice": v, "themes": [labels.get(t, t) for t in v.themes], "quotes": list(v.quotes.all()),
             "action": reverse("voices:review_voice", args=[gm.code, v.pk])} for v in page]
    filters = [{"key": k, "label": label, "current": k == status,
                "count": Voice.objects.filter(gemeente=gm, status=k).count(),
                "url": reverse("voices:review", args=[gm.code]) + f"?status={k}"} for k, label in REVIEW_FILTERS]
    return render(request, "voices/review.html", {"gm": gm, "rows": rows, "page": page, "filters": filters,
                                                  "status": status})


@login_required
@require_POST
def review_voice(request, gemeente: str, pk: int):
    gm = _gemeente(gemeente)
    require(request.user, "voice.approve", gm.code)
    voice = get_object_or_404(Voice, pk=pk, gemeente=gm)
    decision = request.POST.get("besluit")
    back = reverse("voices:review", args=[gm.code]) + f"?status={voice.status}#stem-{voice.pk}"
    if decision not in ("goedkeuren", "afwijzen"):
        messages.error(request, "Kies “Goedkeuren” of “Afwijzen”.")
        return redirect(back)
    quotes = {q.pk: q for q in voice.quotes.all()}
    try:
        chosen = {int(v) for v in request.POST.getlist("citaten")}
    except ValueError:
        chosen = {-1}
    if chosen - set(quotes):
        messages.error(request, "Een gekozen citaat hoort niet bij dit gesprek; er is niets gewijzigd.")
        return redirect(back)
    if decision == "goedkeuren" and any(not quotes[pk].consent for pk in chosen):
        messages.error(request, "Een citaat zonder toestemming van de spreker kan niet worden goedgekeurd; er is "
                                "niets gewijzigd.")
        return redirect(back)
    with transaction.atomic():
        approve = decision == "goedkeuren"
        voice.status = Status.GOEDGEKEURD if approve else Status.AFGEWEZEN
        voice.reviewed_by, voice.reviewed_at = request.user, timezone.now()
        voice.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        for q in quotes.values():
            q.approved = approve and q.pk in chosen and q.consent
            q.save(update_fields=["approved"])
        audit(request.user, "voice.approve" if approve else "voice.reject", gemeente=gm.code, obj=voice,
              kern=voice.kern.slug, quotes_approved=sorted(pk for pk in chosen if approve))
    n = sum(1 for q in quotes.values() if q.approved)
    if approve:
        messages.success(request, f"Goedgekeurd: {voice}"
                                  + (f", met {n} citaat{'en' if n != 1 else ''} voor publicatie." if n else ", zonder citaten."))
    else:
        messages.success(request, f"Afgewezen: {voice}. Het wordt niet gepubliceerd.")
    return redirect(reverse("voices:review", args=[gm.code]) + "?status=ingediend")


# ------------------------------------------------------------------------------------------------- import


class UploadProblem(KernfotoError):
    pass


def _store_uploads(files, folder: Path) -> list[Path]:
    """Write the uploaded files into ``folder`` under their own (cleaned) names; refuse too large ones."""
    max_bytes = settings.MAX_IMPORT_MB * 1024 * 1024
    paths: list[Path] = []
    for f in files:
        try:
            name = get_valid_filename(Path(f.name).name)
        except SuspiciousFileOperation:
            name = "bestand"
        if f.size > max_bytes:
            raise InputError(f"het bestand is te groot ({f.size / 1048576:.0f} MB; maximaal {settings.MAX_IMPORT_MB} MB)",
                             file=name)
        if f.size == 0:
            raise InputError("het bestand is leeg", file=name)
        dest = folder / name
        n = 1
        while dest.exists():
            n += 1
            dest = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
        with dest.open("wb") as out:
            for chunk in f.chunks():
                out.write(chunk)
        paths.append(dest)
    return paths


def _import_data(request, gm: Area, folder: Path) -> str:
    from ..stats.importing import import_files

    files = request.FILES.getlist("bestanden")
    if not files:
        raise UploadProblem("Kies eerst een of meer bestanden.")
    # analysts and admins of a gemeente import figures of their own gemeente only; national tables and those
    # of other gemeenten are shared by every gemeente's pages, so only the site operator (superuser) imports them
    limit = None if request.user.is_superuser else {gm.code}
    results = import_files(_store_uploads(files, folder), gemeenten=limit)
    audit(request.user, "data.import", gemeente=gm.code, files=[r.file_name for r in results],
          outcomes=[r.outcome for r in results])
    return "Geïmporteerd: " + "; ".join(f"{r.file_name}: {r.message}" for r in results)


def _import_kernen(request, gm: Area, folder: Path) -> str:
    from ..areas.kernen import load_kernen

    f = request.FILES.get("kernenbestand")
    if f is None:
        raise UploadProblem("Kies eerst een kernenbestand (YAML of CSV).")
    (path,) = _store_uploads([f], folder)
    # load_kernen replaces the kernen of the gemeente: keep the partners' kernen (by slug) across it
    memberships = {m: list(m.kernen.values_list("slug", flat=True)) for m in Membership.objects.filter(gemeente=gm)}
    try:
        with transaction.atomic():
            code, groups = load_kernen(path)
            if code != gm.code:
                raise InputError(f"het bestand beschrijft de kernen van {code or 'een andere gemeente'}, niet van "
                                 f"{gm.display_name} ({gm.code})", file=path.name, column="gemeente")
            new = {g.slug: g for g in groups if g.kind == GroupKind.KERN}
            lost = []
            for m, slugs in memberships.items():
                m.kernen.set([new[s] for s in slugs if s in new])
                lost += [s for s in slugs if s not in new]
            audit(request.user, "kernen.edit", gemeente=gm.code, file=path.name, kernen=sorted(new))
    except ProtectedError:
        raise UploadProblem(
            "De kernen zijn niet vervangen: er zijn al gesprekken en signalen aan de huidige kernen gekoppeld, en die "
            "zouden hun kern verliezen. Er is niets gewijzigd.") from None
    message = f"{len(new)} kernen van {gm.display_name} ingelezen uit {path.name}."
    if lost:
        message += " Partners zijn losgekoppeld van kernen die niet meer bestaan: " + ", ".join(sorted(set(lost))) + "."
    return message


def _import_voices(request, gm: Area, folder: Path) -> str:
    f = request.FILES.get("stemmenbestand")
    if f is None:
        raise UploadProblem("Kies eerst een CSV-bestand met gesprekken en signalen.")
    (path,) = _store_uploads([f], folder)
    n = import_voices_csv(path, gm.code, request.user)  # checks access, writes the audit line (with the sha256)
    return (f"{n} gesprek{'ken' if n != 1 else ''} en signa{'len' if n != 1 else 'al'} ingelezen uit {path.name}; "
            "ze staan klaar om te beoordelen.")


IMPORTS = {  # form value -> (action, handler, field name)
    "data": ("data.import", _import_data, "bestanden"),
    "kernen": ("kernen.edit", _import_kernen, "kernenbestand"),
    "stemmen": ("voice.import", _import_voices, "stemmenbestand"),
}


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request, gemeente: str):
    gm = _gemeente(gemeente)
    require(request.user, "data.import", gm.code)
    sections = {key: allowed(request.user, action, gm.code) for key, (action, _, _) in IMPORTS.items()}
    error = None
    status = 200
    if request.method == "POST":
        kind = request.POST.get("soort")
        if kind not in IMPORTS:
            raise PermissionDenied("Onbekend soort import.")
        action, handler, field = IMPORTS[kind]
        require(request.user, action, gm.code)
        try:
            with tempfile.TemporaryDirectory(prefix="kernfoto-upload-") as tmp:
                message = handler(request, gm, Path(tmp))
        except KernfotoError as exc:  # InputError names file, row and column; nothing was written
            error = {"kind": kind, "field": field, "message": str(exc)}
            status = 400
        else:
            messages.success(request, message)
            return redirect("voices:import", gm.code)
    return render(request, "voices/import.html", {
        "gm": gm, "sections": sections, "error": error, "max_mb": settings.MAX_IMPORT_MB,
    }, status=status)


# ------------------------------------------------------------------------------------------------- curated texts


class CuratedForm(forms.Form):
    krachten = forms.CharField(
        label="Krachten", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Eén tekst per regel. Een regel toevoegen of weghalen voegt een kracht toe of verwijdert die.")
    opgaven = forms.CharField(
        label="Opgaven", required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Eén tekst per regel. Een regel toevoegen of weghalen voegt een opgave toe of verwijdert die.")
    vervang = forms.BooleanField(
        label="Vervang de gevonden teksten", required=False,
        help_text="Aangevinkt: alleen uw teksten staan op de kernfoto. Niet aangevinkt: uw teksten komen bij wat "
                  "Kernfoto in de cijfers vindt.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    @staticmethod
    def lines(value: str) -> list[str]:
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        for name in ("krachten", "opgaven"):
            for line in self.lines(data.get(name, "")):
                if len(line) > 400:
                    self.add_error(name, f"Een tekst is langer dan 400 tekens: “{line[:40]}…”. Maak hem korter.")
                    break
            problem = _personal_data(data.get(name) or "")
            if problem:
                self.add_error(name, problem)
        return data


def _select(request, gm: Area, kernen: list[AreaGroup]) -> tuple[AreaGroup | None, str, list[str]]:
    """The kern and period asked for (GET or POST), limited to ``kernen`` and the periods with figures."""
    periods, latest = _periods(gm)
    src = request.POST if request.method == "POST" else request.GET
    slug = (src.get("kern") or "").strip()
    kern = next((k for k in kernen if k.slug == slug), None)
    if slug and kern is None:
        if any(k.slug == slug for k in _all_kernen(gm)):
            raise PermissionDenied("U hebt geen toestemming voor deze kern.")
        raise Http404(f"De kern '{slug}' hoort niet bij {gm.display_name}.")
    period = (src.get("periode") or "").strip() or latest
    if periods and period not in periods:
        raise Http404(f"Er zijn geen cijfers over {period}.")
    return kern, period, periods


@login_required
@require_http_methods(["GET", "POST"])
def curated(request, gemeente: str):
    gm = _gemeente(gemeente)
    require(request.user, "profile.curate", gm.code)
    kernen = _kernen(request.user, gm, "profile.curate")
    kern, period, periods = _select(request, gm, kernen)
    form = None
    engine_findings: list = []
    if kern is not None:
        texts = CuratedFinding.objects.filter(gemeente=gm, area_code=kern.slug, period=period)
        setting = CuratedSetting.objects.filter(gemeente=gm, area_code=kern.slug, period=period).first()
        if request.method == "POST":
            form = CuratedForm(request.POST)
            if form.is_valid():
                require(request.user, "profile.curate", gm.code, kern=kern)
                new = {FindingKind.KRACHT: form.lines(form.cleaned_data["krachten"]),
                       FindingKind.OPGAVE: form.lines(form.cleaned_data["opgaven"])}
                with transaction.atomic():
                    texts.delete()
                    for kind, lines in new.items():
                        for pos, line in enumerate(lines):
                            CuratedFinding.objects.create(gemeente=gm, area_code=kern.slug, period=period, kind=kind,
                                                          text=line, position=pos, source_file="")
                    CuratedSetting.objects.update_or_create(gemeente=gm, area_code=kern.slug, period=period,
                                                            defaults={"replaces_engine": form.cleaned_data["vervang"]})
                    audit(request.user, "profile.curate", gemeente=gm.code, obj=None, kern=kern.slug, period=period,
                          krachten=len(new[FindingKind.KRACHT]), opgaven=len(new[FindingKind.OPGAVE]),
                          replaces=form.cleaned_data["vervang"])
                messages.success(request, f"De teksten voor {kern.name} ({period}) zijn opgeslagen.")
                return redirect(reverse("voices:curated", args=[gm.code]) + f"?kern={kern.slug}&periode={period}")
        else:
            form = CuratedForm(initial={
                "krachten": "\n".join(t.text for t in texts if t.kind == FindingKind.KRACHT),
                "opgaven": "\n".join(t.text for t in texts if t.kind == FindingKind.OPGAVE),
                "vervang": bool(setting and setting.replaces_engine)})
        engine_findings = _engine_findings(gm, kern, period)
    elif request.method == "POST":
        raise Http404("Kies een kern.")
    return render(request, "voices/curated.html", {
        "gm": gm, "kernen": kernen, "kern": kern, "period": period, "periods": periods, "form": form,
        "engine_findings": engine_findings,
        "page_url": reverse("web:kernfoto", args=[gm.code, kern.slug]) + f"?periode={period}" if kern else "",
    }, status=400 if form is not None and form.is_bound else 200)


def _engine_findings(gm: Area, kern: AreaGroup, period: str) -> list:
    """What the engine finds for this kern and period (without the analyst's texts), for reference."""
    from ..web.services import gemeente_data

    try:
        profile = gemeente_data(gm.code).profile(kern.slug, period)
    except (Http404, KernfotoError):
        return []
    return [f for f in profile.findings if not f.curated]


# ------------------------------------------------------------------------------------------------- "herkent u dit beeld?"


class ProfileReviewForm(forms.Form):
    verdict = forms.ChoiceField(label="Herkent u dit beeld?", choices=Verdict.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="Toelichting", required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text="Wat herkent u wel of niet, en wat mist er? " + AVG_NOTICE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    def clean_comment(self):
        value = self.cleaned_data.get("comment") or ""
        problem = _personal_data(value)
        if problem:
            raise forms.ValidationError(problem)
        return value.strip()


@login_required
@require_http_methods(["GET", "POST"])
def profile_review(request, gemeente: str):
    gm = _gemeente(gemeente)
    require(request.user, "profile.review", gm.code)
    kernen = _kernen(request.user, gm, "profile.review")
    kern, period, periods = _select(request, gm, kernen)
    form = None
    reviews: list = []
    sees_all = allowed(request.user, "profile.curate", gm.code)
    status = 200
    if kern is not None:
        mine = ProfileReview.objects.filter(gemeente=gm, area_code=kern.slug, period=period, user=request.user).first()
        if request.method == "POST":
            form = ProfileReviewForm(request.POST)
            if form.is_valid():
                require(request.user, "profile.review", gm.code, kern=kern)
                with transaction.atomic():
                    review, created = ProfileReview.objects.update_or_create(
                        gemeente=gm, area_code=kern.slug, period=period, user=request.user,
                        defaults={"verdict": form.cleaned_data["verdict"], "comment": form.cleaned_data["comment"]})
                    audit(request.user, "profile.review", gemeente=gm.code, obj=review, kern=kern.slug, period=period,
                          verdict=review.verdict, updated=not created)
                messages.success(request, f"Dank u wel. Uw antwoord over {kern.name} ({period}) is opgeslagen.")
                return redirect(reverse("voices:profile_review", args=[gm.code]) + f"?kern={kern.slug}&periode={period}")
            status = 400
        else:
            form = ProfileReviewForm(initial={"verdict": mine.verdict, "comment": mine.comment} if mine else None)
        if sees_all:
            reviews = list(ProfileReview.objects.filter(gemeente=gm, area_code=kern.slug).select_related("user")
                           .order_by("-period", "-at"))
    elif request.method == "POST":
        raise Http404("Kies een kern.")
    summary = []
    if sees_all:
        counts: dict[str, dict[str, int]] = {}
        for r in ProfileReview.objects.filter(gemeente=gm, period=period).values("area_code", "verdict"):
            counts.setdefault(r["area_code"], {}).setdefault(r["verdict"], 0)
            counts[r["area_code"]][r["verdict"]] += 1
        summary = [{"kern": k, "ja": counts.get(k.slug, {}).get("ja", 0), "deels": counts.get(k.slug, {}).get("deels", 0),
                    "nee": counts.get(k.slug, {}).get("nee", 0),
                    "url": reverse("voices:profile_review", args=[gm.code]) + f"?kern={k.slug}&periode={period}"}
                   for k in kernen]
    return render(request, "voices/profile_review.html", {
        "gm": gm, "kernen": kernen, "kern": kern, "period": period, "periods": periods, "form": form,
        "reviews": reviews, "sees_all": sees_all, "summary": summary,
        "published": Publication.objects.filter(gemeente=gm, period=period).first(),
        "page_url": reverse("web:kernfoto", args=[gm.code, kern.slug]) + f"?periode={period}" if kern else "",
    }, status=status)


# ------------------------------------------------------------------------------------------------- publish


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, gemeente: str):
    gm = _gemeente(gemeente)
    require(request.user, "period.publish", gm.code)
    periods, latest = _periods(gm)
    if request.method == "POST":
        period = (request.POST.get("periode") or "").strip()
        if period not in periods:
            messages.error(request, f"Er zijn geen cijfers over periode “{period}”; kies een periode uit de lijst.")
            return redirect("voices:publish", gm.code)
        with transaction.atomic():
            pub, created = Publication.objects.get_or_create(
                gemeente=gm, period=period, defaults={"published_at": timezone.now(), "published_by": request.user})
            if created:
                audit(request.user, "period.publish", gemeente=gm.code, obj=pub, period=period)
        when = timezone.localtime(pub.published_at)
        if created:
            messages.success(request, f"De kernfoto's van {gm.display_name} over {period} zijn gepubliceerd op "
                                      f"{when:%d-%m-%Y}.")
        else:
            messages.info(request, f"Periode {period} was al gepubliceerd op {when:%d-%m-%Y}.")
        return redirect("voices:publish", gm.code)
    pubs = {p.period: p for p in Publication.objects.filter(gemeente=gm).select_related("published_by")}
    pending = Voice.objects.filter(gemeente=gm, status=Status.INGEDIEND).count()
    rows = [{"period": p, "publication": pubs.get(p), "latest": p == latest} for p in reversed(periods)]
    return render(request, "voices/publish.html", {"gm": gm, "rows": rows, "pending": pending})
