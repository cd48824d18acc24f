"""Django admin for roles per gemeente and the audit log (read-only: the log is never edited).

Changes to memberships made here are written to the audit log, like every other change of roles.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin

from .access import audit
from .models import AuditLog, Membership


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("user", "gemeente", "role", "organisation", "kernen")
        labels = {"user": "gebruiker", "gemeente": "gemeente", "role": "rol", "organisation": "organisatie",
                  "kernen": "kernen"}
        help_texts = {"kernen": "Alleen voor partners: de kernen waarin zij gesprekken vastleggen en "
                                "kernfoto's beoordelen. Analisten en beheerders werken in de hele gemeente."}

    def clean(self):
        data = super().clean()
        gemeente, kernen = data.get("gemeente"), data.get("kernen")
        if gemeente is not None and kernen is not None:
            other = [k.name for k in kernen if k.gemeente_id != gemeente.code]
            if other:
                raise forms.ValidationError(f"Deze kernen horen niet bij {gemeente.name}: {', '.join(other)}.")
        return data


def _audit_membership(request, action: str, m: Membership) -> None:
    audit(request.user, action, gemeente=m.gemeente_id, obj=m, gebruiker=m.user.username, rol=m.role,
          kernen=sorted(k.slug for k in m.kernen.all()), via="beheer")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipForm
    list_display = ("gebruiker", "gemeente_naam", "rol", "organisation", "kernen_lijst")
    list_filter = (("gemeente", admin.RelatedOnlyFieldListFilter), "role")
    search_fields = ("user__username", "organisation", "gemeente__name", "gemeente__code")
    filter_horizontal = ("kernen",)
    list_select_related = ("user", "gemeente")

    @admin.display(description="gebruiker", ordering="user__username")
    def gebruiker(self, obj: Membership) -> str:
        return obj.user.username

    @admin.display(description="gemeente", ordering="gemeente__name")
    def gemeente_naam(self, obj: Membership) -> str:
        return obj.gemeente.name or obj.gemeente.code

    @admin.display(description="rol", ordering="role")
    def rol(self, obj: Membership) -> str:
        return obj.get_role_display()

    @admin.display(description="kernen")
    def kernen_lijst(self, obj: Membership) -> str:
        return ", ".join(k.name for k in obj.kernen.all()) or "–"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("kernen")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "kernen":
            from ..areas.models import AreaGroup

            kwargs["queryset"] = AreaGroup.objects.filter(kind="kern").order_by("gemeente__name", "name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # kernen are saved here, after the membership
        _audit_membership(request, "membership.change" if change else "membership.add", form.instance)

    def delete_model(self, request, obj):
        _audit_membership(request, "membership.delete", obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _audit_membership(request, "membership.delete", obj)
        super().delete_queryset(request, queryset)


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes audit entries, not even a superuser."""

    list_display = ("tijdstip", "gebruiker", "gemeente_code", "handeling", "object_soort", "object_id")
    list_filter = ("action", "gemeente")
    search_fields = ("username", "action", "object_type", "object_id")
    date_hierarchy = "at"
    fields = readonly_fields = ("tijdstip", "gebruiker", "gemeente_code", "handeling", "object_soort", "object_id",
                                "details")

    @admin.display(description="tijdstip", ordering="at")
    def tijdstip(self, obj: AuditLog):
        return obj.at

    @admin.display(description="gebruiker", ordering="username")
    def gebruiker(self, obj: AuditLog) -> str:
        return obj.username or "(systeem)"

    @admin.display(description="gemeente", ordering="gemeente")
    def gemeente_code(self, obj: AuditLog) -> str:
        return obj.gemeente or "–"

    @admin.display(description="handeling", ordering="action")
    def handeling(self, obj: AuditLog) -> str:
        return obj.action

    @admin.display(description="soort object", ordering="object_type")
    def object_soort(self, obj: AuditLog) -> str:
        return obj.object_type

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
