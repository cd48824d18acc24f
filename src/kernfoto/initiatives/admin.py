"""Django admin (``/beheer/``) for initiatives: look up and delete (an erasure request under the AVG, a test
entry). Everything else is read-only here, so the workflow, the budget check and the audit of the work
pages cannot be bypassed; deletions are audited and remove the stored letters (``signals.py``)."""

from __future__ import annotations

from django.contrib import admin

from ..accounts.access import audit
from .models import Initiative, InitiatorContact


class ContactInline(admin.StackedInline):
    model = InitiatorContact
    can_delete = True  # the initiators' contact details can be erased on their own
    extra = 0
    readonly_fields = ("name", "email", "phone", "group")
    verbose_name_plural = "contactgegevens (niet openbaar)"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    inlines = (ContactInline,)
    list_display = ("reference", "title", "kern", "status", "requested_amount", "granted_amount", "is_example")
    list_filter = ("status", "is_example", ("gemeente", admin.RelatedOnlyFieldListFilter),
                   ("kern", admin.RelatedOnlyFieldListFilter))
    search_fields = ("reference", "title", "contact__name", "contact__email")
    list_select_related = ("kern",)
    readonly_fields = ("gemeente", "kern", "reference", "title", "what", "for_whom", "requested_amount", "themes",
                       "challenges", "status", "submitted_at", "granted_amount", "granted_on", "pot", "is_example")
    exclude = ("submission_key",)

    def has_add_permission(self, request) -> bool:
        return False

    def save_formset(self, request, form, formset, change):
        deleted = [f for f in formset.deleted_forms if f.instance.pk]
        super().save_formset(request, form, formset, change)
        if deleted:
            audit(request.user, "initiative.contact_delete", gemeente=form.instance.gemeente_id, obj=form.instance,
                  via="beheer")

    def delete_model(self, request, obj):
        audit(request.user, "initiative.delete", gemeente=obj.gemeente_id, obj=obj, reference=obj.reference,
              via="beheer")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit(request.user, "initiative.delete", gemeente=obj.gemeente_id, obj=obj, reference=obj.reference,
                  via="beheer")
        super().delete_queryset(request, queryset)
