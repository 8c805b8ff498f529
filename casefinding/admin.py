from django.contrib import admin

from .models import LexiconTerm


@admin.register(LexiconTerm)
class LexiconTermAdmin(admin.ModelAdmin):
    """Where a service adds words to the screen (for its site or all), without a code change."""

    list_display = ("phrase", "category", "site", "is_active", "updated_at")
    list_filter = ("category", "site", "is_active")
    search_fields = ("phrase",)
