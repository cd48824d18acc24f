"""Django admin for what we hear: voices with their quotes, and the theme keywords analysts edit.

Changes made here are written to the audit log. Publication rules do not change here: a quote is only
public with consent, approved, in an approved voice that is not anonymised (``Quote.publishable``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from ..accounts.access import audit
from ..stats.catalogue import catalogue
from .models import Quote, Status, ThemeKeyword, Voice


def _theme_choices() -> list[tuple[str, str]]:
    return [(t.id, t.label) for t in catalogue().themes]


class QuoteForm(forms.ModelForm):
    class Meta:
        model = Quote
        fields = ("text", "consent", "approved")

    def clean_text(self):
        from .services import personal_data_in

        text = self.cleaned_data.get("text") or ""
        what = personal_data_in(text)
        if what:
            raise forms.ValidationError(f"Het citaat bevat iets dat op {what} lijkt; verwijder persoonsgegevens.")
        return text


class QuoteInline(admin.TabularInline):
    model = Quote
    form = QuoteForm
    extra = 0
    fields = ("text", "consent", "approved", "publiek")
    readonly_fields = ("publiek",)
    verbose_name = "citaat"
    verbose_name_plural = "citaten (alleen gepubliceerd met toestemming én goedkeuring)"

    @admin.display(description="gepubliceerd", boolean=True)
    def publiek(self, obj: Quote) -> bool:
        return bool(obj.pk) and obj.publishable


class VoiceForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(label="thema's", required=False, widget=forms.CheckboxSelectMultiple,
                                       choices=_theme_choices)

    class Meta:
        model = Voice
        fields = ("gemeente", "kern", "date", "kind", "speaker", "themes", "summary", "status")
        labels = {"gemeente": "gemeente", "kern": "kern", "status": "status"}
        help_texts = {"speaker": "Alleen wat voor iemand sprak, nooit een naam.",
                      "summary": "Zonder namen, adressen, e-mailadressen of telefoonnummers."}

    def clean(self):
        data = super().clean()
        gemeente, kern = data.get("gemeente"), data.get("kern")
        if gemeente is not None and kern is not None and kern.gemeente_id != gemeente.code:
            self.add_error("kern", f"{kern.name} hoort niet bij {gemeente.name}.")
        from .services import personal_data_in

        what = personal_data_in(data.get("summary") or "")
        if what:
            self.add_error("summary", f"De samenvatting bevat iets dat op {what} lijkt; verwijder persoonsgegevens.")
        return data


@admin.register(Voice)
class VoiceAdmin(admin.ModelAdmin):
    form = VoiceForm
    inlines = (QuoteInline,)
    list_display = ("date", "kern", "kind", "speaker", "thema_s", "status", "geanonimiseerd")
    list_filter = ("status", "kind", "speaker", ("gemeente", admin.RelatedOnlyFieldListFilter),
                   ("kern", admin.RelatedOnlyFieldListFilter))
    search_fields = ("summary", "kern__name")
    date_hierarchy = "date"
    list_select_related = ("kern",)
    readonly_fields = ("created_at", "reviewed_at", "anonymised_at", "source_file")
    actions = ("goedkeuren", "afwijzen")

    @admin.display(description="thema's")
    def thema_s(self, obj: Voice) -> str:
        labels = dict(_theme_choices())
        return ", ".join(labels.get(t, t) for t in obj.themes or []) or "–"

    @admin.display(description="geanonimiseerd", boolean=True)
    def geanonimiseerd(self, obj: Voice) -> bool:
        return obj.anonymised_at is not None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from ..areas.models import Area, AreaGroup

        if db_field.name == "kern":
            kwargs["queryset"] = AreaGroup.objects.filter(kind="kern").order_by("gemeente__name", "name")
        elif db_field.name == "gemeente":
            kwargs["queryset"] = Area.objects.filter(level="gemeente").order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if "status" in form.changed_data and obj.status in (Status.GOEDGEKEURD, Status.AFGEWEZEN):
            obj.reviewed_by, obj.reviewed_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)
        audit(request.user, "voice.edit" if change else "voice.add", gemeente=obj.gemeente_id, obj=obj,
              status=obj.status, changed=list(form.changed_data), via="beheer")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit(request.user, "voice.quotes", gemeente=form.instance.gemeente_id, obj=form.instance, via="beheer",
                  quotes=[{"id": q.pk, "toestemming": q.consent, "goedgekeurd": q.approved}
                          for q in form.instance.quotes.all()])

    def delete_model(self, request, obj):
        audit(request.user, "voice.delete", gemeente=obj.gemeente_id, obj=obj, via="beheer")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit(request.user, "voice.delete", gemeente=obj.gemeente_id, obj=obj, via="beheer")
        super().delete_queryset(request, queryset)

    def _review(self, request, queryset, status: str, word: str) -> None:
        now = timezone.now()
        n = 0
        for voice in queryset.filter(anonymised_at__isnull=True):
            voice.status, voice.reviewed_by, voice.reviewed_at = status, request.user, now
            voice.save(update_fields=["status", "reviewed_by", "reviewed_at"])
            audit(request.user, "voice.approve", gemeente=voice.gemeente_id, obj=voice, status=status, via="beheer")
            n += 1
        self.message_user(request, f"{n} {'notitie' if n == 1 else 'notities'} {word}.", messages.SUCCESS)

    @admin.action(description="Goedkeuren (citaten alleen publiek met toestemming én goedkeuring per citaat)")
    def goedkeuren(self, request, queryset):
        self._review(request, queryset, Status.GOEDGEKEURD, "goedgekeurd")

    @admin.action(description="Afwijzen")
    def afwijzen(self, request, queryset):
        self._review(request, queryset, Status.AFGEWEZEN, "afgewezen")


class ThemeKeywordForm(forms.ModelForm):
    theme = forms.ChoiceField(label="thema", choices=_theme_choices)

    class Meta:
        model = ThemeKeyword
        fields = ("theme", "keyword")
        labels = {"keyword": "trefwoord"}
        help_texts = {"keyword": "Een woord of begin van een woord ('eenzaam' vindt ook 'eenzaamheid'); "
                                 "hoofdletters en accenten tellen niet mee."}

    def clean_keyword(self):
        word = " ".join((self.cleaned_data.get("keyword") or "").split()).lower()
        if len(word) < 3:
            raise forms.ValidationError("Een trefwoord heeft minstens 3 tekens.")
        return word


@admin.register(ThemeKeyword)
class ThemeKeywordAdmin(admin.ModelAdmin):
    form = ThemeKeywordForm
    list_display = ("trefwoord", "thema")
    list_filter = ("theme",)
    search_fields = ("keyword",)
    ordering = ("theme", "keyword")

    @admin.display(description="trefwoord", ordering="keyword")
    def trefwoord(self, obj: ThemeKeyword) -> str:
        return obj.keyword

    @admin.display(description="thema", ordering="theme")
    def thema(self, obj: ThemeKeyword) -> str:
        return dict(_theme_choices()).get(obj.theme, obj.theme)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit(request.user, "keywords.edit", obj=obj, theme=obj.theme, keyword=obj.keyword, via="beheer")

    def delete_model(self, request, obj):
        audit(request.user, "keywords.edit", obj=obj, theme=obj.theme, keyword=obj.keyword, deleted=True,
              via="beheer")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit(request.user, "keywords.edit", obj=obj, theme=obj.theme, keyword=obj.keyword, deleted=True,
                  via="beheer")
        super().delete_queryset(request, queryset)
