"""Django admin (``/beheer/``) for the directory of the sociale basis.

Organisations, services and locations have their own pages; the HSDS details (schedules, phones,
costs, ...) are edited inline. Themes and target groups are chosen from the catalogue and the
``TargetGroup`` list; a location's buurt and kern are set by ``placement.place_location`` on save
(a kern that disagrees with the coordinates is refused on the form). Every change is written to the
audit log (action ``directory.edit``). Bulk data come in through ``kernfoto sociale-basis import``.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models as dj

from ..accounts.access import audit
from ..errors import InputError
from ..stats.catalogue import catalogue
from . import models as m
from .placement import place_location


def _theme_choices() -> list[tuple[str, str]]:
    return [(t.id, t.label) for t in catalogue().themes]


_URLS = {dj.URLField: {"assume_scheme": "https"}}


def _formfield(field, **kwargs):
    if isinstance(field, dj.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class _Audited(admin.ModelAdmin):
    """Writes every save and delete to the audit log, with the gemeente of the object."""

    formfield_overrides = _URLS

    @staticmethod
    def gemeente_of(obj) -> str:
        org = getattr(obj, "organization", None)
        if org is None and isinstance(obj, m.Organization):
            org = obj
        return org.gemeente_id if org is not None else ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit(request.user, "directory.edit", gemeente=self.gemeente_of(obj), obj=obj, via="beheer",
              changed=list(form.changed_data), created=not change)

    def delete_model(self, request, obj):
        audit(request.user, "directory.edit", gemeente=self.gemeente_of(obj), obj=obj, via="beheer", deleted=True)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit(request.user, "directory.edit", gemeente=self.gemeente_of(obj), obj=obj, via="beheer",
                  deleted=True)
        super().delete_queryset(request, queryset)


class PhoneInline(admin.TabularInline):
    formfield_overrides = _URLS
    model = m.Phone
    extra = 0
    fields = ("number", "type", "description")


class ContactInline(admin.TabularInline):
    formfield_overrides = _URLS
    model = m.Contact
    extra = 0
    fields = ("name", "title", "department", "email")


@admin.register(m.Organization)
class OrganizationAdmin(_Audited):
    list_display = ("name", "gemeente", "is_example", "aanbod")
    list_filter = ("is_example", ("gemeente", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "alternate_name", "description")
    filter_horizontal = ("editors",)
    inlines = (PhoneInline, ContactInline)
    readonly_fields = ("id", "last_modified")

    @admin.display(description="aanbod")
    def aanbod(self, obj: m.Organization) -> int:
        return obj.services.count()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from ..areas.models import Area

        if db_field.name == "gemeente":
            kwargs["queryset"] = Area.objects.filter(level="gemeente").order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ServiceForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(label="thema's", required=False, widget=forms.CheckboxSelectMultiple,
                                       choices=_theme_choices)
    target_groups = forms.MultipleChoiceField(label="doelgroepen", required=False,
                                              widget=forms.CheckboxSelectMultiple, choices=m.TargetGroup.choices)

    class Meta:
        model = m.Service
        exclude = ()
        formfield_callback = _formfield


class ScheduleInline(admin.TabularInline):
    formfield_overrides = _URLS
    model = m.Schedule
    fk_name = "service"
    extra = 0
    fields = ("freq", "interval", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "description")


class CostOptionInline(admin.TabularInline):
    formfield_overrides = _URLS
    model = m.CostOption
    extra = 0
    fields = ("option", "amount", "currency", "amount_description", "valid_from", "valid_to")


class ServiceAtLocationInline(admin.TabularInline):
    formfield_overrides = _URLS
    model = m.ServiceAtLocation
    extra = 0
    fields = ("location", "description")
    autocomplete_fields = ("location",)


class ServiceAreaInline(admin.TabularInline):
    formfield_overrides = _URLS
    model = m.ServiceArea
    fk_name = "service"
    extra = 0
    fields = ("kern", "name", "extent_type", "description")


class LanguageInline(admin.TabularInline):
    formfield_overrides = _URLS
    model = m.Language
    fk_name = "service"
    extra = 0
    fields = ("code", "name", "note")


@admin.register(m.Service)
class ServiceAdmin(_Audited):
    form = ServiceForm
    list_display = ("name", "organization", "status", "kind", "assured_date")
    list_filter = ("status", "kind", "organization__is_example",
                   ("organization__gemeente", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "description", "organization__name")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
    readonly_fields = ("id", "last_modified")
    inlines = (ServiceAtLocationInline, ScheduleInline, CostOptionInline, ServiceAreaInline, LanguageInline)


class LocationForm(forms.ModelForm):
    class Meta:
        model = m.Location
        exclude = ("buurt", "area_source")
        formfield_callback = _formfield

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        location = self.instance
        for name in ("organization", "location_type", "latitude", "longitude", "kern"):
            setattr(location, name, data.get(name))
        if location.area_source != m.AreaSource.BUURT:
            location.buurt = None  # derived from the coordinates, which may have changed
        try:
            place_location(location)
        except InputError as exc:
            field = exc.column if exc.column in self.fields else None
            self.add_error(field, exc.message[:1].upper() + exc.message[1:] + ".")
        else:
            data["kern"] = location.kern  # the form writes its fields to the instance after clean()
        return data


class AddressInline(admin.StackedInline):
    formfield_overrides = _URLS
    model = m.Address
    extra = 0
    fields = (("address_1", "address_2"), ("postal_code", "city"), ("state_province", "country"), "address_type")


class AccessibilityInline(admin.TabularInline):
    formfield_overrides = _URLS
    model = m.Accessibility
    extra = 0
    fields = ("description", "details", "url")


@admin.register(m.Location)
class LocationAdmin(_Audited):
    form = LocationForm
    list_display = ("__str__", "organization", "location_type", "kern", "buurt", "area_source")
    list_filter = ("location_type", "area_source", ("kern", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "organization__name", "addresses__address_1", "addresses__city")
    list_select_related = ("organization", "kern", "buurt")
    autocomplete_fields = ("organization",)
    readonly_fields = ("id", "buurt", "area_source")
    inlines = (AddressInline, AccessibilityInline)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from ..areas.models import AreaGroup

        if db_field.name == "kern":
            kwargs["queryset"] = AreaGroup.objects.filter(kind="kern").order_by("gemeente__name", "name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TermInline(admin.TabularInline):
    formfield_overrides = _URLS
    model = m.TaxonomyTerm
    fk_name = "taxonomy"
    extra = 0
    fields = ("code", "name", "description", "parent")


@admin.register(m.Taxonomy)
class TaxonomyAdmin(_Audited):
    list_display = ("name", "version", "uri")
    search_fields = ("name",)
    inlines = (TermInline,)


@admin.register(m.Attribute)
class AttributeAdmin(_Audited):
    list_display = ("link_entity", "link_id", "taxonomy_term", "value")
    list_filter = ("link_entity",)
    search_fields = ("value", "taxonomy_term__name", "taxonomy_term__code")
    raw_id_fields = ("taxonomy_term",)
