"""Admin bases for clinical records: nothing clinical is hard-deleted, even by an administrator."""
from simple_history.admin import SimpleHistoryAdmin


class NoDeleteAdmin(SimpleHistoryAdmin):
    """Editable with history, never deletable."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyClinicalAdmin(NoDeleteAdmin):
    """Written through the app's pages (services) only: viewable here, never added, edited or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
