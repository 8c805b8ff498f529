from django.contrib import admin

from .models import AuditSettings


@admin.register(AuditSettings)
class AuditSettingsAdmin(admin.ModelAdmin):
    """Administrators choose each site's audit standard and enter its estimated caseload (KPI 2)."""

    list_display = ("site", "standard", "estimated_annual_caseload", "updated_at")
    list_filter = ("standard",)
