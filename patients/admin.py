"""Admin for configuration and support. Clinical records are never deleted, even here."""
from django.contrib import admin

from fls.clinical_admin import NoDeleteAdmin
from fls.read_models import episodes_changed

from .models import EpisodeEvent, FractureEpisode, IdentifierScheme, ImportBatch, Patient, PatientRecordAccess


@admin.register(IdentifierScheme)
class IdentifierSchemeAdmin(admin.ModelAdmin):
    """National patient numbers as data (docs/clinical-rules.md#identifiers). A scheme a site uses cannot be
    deleted (Site.identifier_scheme protects it)."""

    list_display = ["code", "name", "pattern", "check_digit", "example"]
    search_fields = ["code", "name"]


@admin.register(Patient)
class PatientAdmin(NoDeleteAdmin):
    list_display = ["__str__", "local_id", "site", "date_of_birth", "created_at"]
    list_filter = ["site"]
    search_fields = ["local_id", "family_name"]
    readonly_fields = ["site", "created_at", "created_by", "version"]


@admin.register(FractureEpisode)
class FractureEpisodeAdmin(NoDeleteAdmin):
    list_display = ["__str__", "patient", "site", "state", "identified_on"]
    list_filter = ["site", "state", "fracture_site"]
    # The state changes only through the pathway (patients/pathway.py), never by hand.
    readonly_fields = ["patient", "site", "state", "state_changed_at", "refracture_of", "created_at", "created_by", "version"]
    raw_id_fields = ["assigned_nurse"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        episodes_changed([obj.pk])  # the worklists show the nurse, the fracture and its dates (fls.read_models)


@admin.register(EpisodeEvent)
class EpisodeEventAdmin(admin.ModelAdmin):
    """Pathway events and record views are written by the app only, and kept."""

    def has_delete_permission(self, request, obj=None):
        return False

    list_display = ["episode", "transition", "from_state", "to_state", "by", "at"]
    list_filter = ["transition"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(PatientRecordAccess)
class PatientRecordAccessAdmin(EpisodeEventAdmin):
    """Read-only: the privacy audit trail is evidence, so nobody (superusers included) edits or deletes it here."""

    list_display = ["viewed_at", "kind", "page", "patient", "site", "user"]
    list_filter = ["kind", "site"]
    list_select_related = ["patient", "site", "user"]


@admin.register(ImportBatch)
class ImportBatchAdmin(EpisodeEventAdmin):
    list_display = ["filename", "site", "uploaded_by", "status", "imported", "duplicates", "rejected", "created_at"]
    list_filter = ["site", "status"]
    exclude = ["problems", "header"]  # a big file's list of problems is megabytes
