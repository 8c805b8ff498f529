from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, gettext_lazy as _, ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .dates import format_date
from . import selectors, services
from .models import Site, SiteMembership, User, WorkerHeartbeat

# django-otp's own admin pages would show anyone with access another user's secret key (as a QR code) and
# backup codes: enough to sign in as them. Devices are managed from the user instead: "Reset two-factor".
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


class SiteMembershipInline(admin.TabularInline):
    model = SiteMembership
    extra = 0
    autocomplete_fields = ["site"]


@admin.register(User)
class FlsUserAdmin(UserAdmin):
    inlines = [SiteMembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
    list_filter = ["groups", "memberships__site", "is_active"]
    readonly_fields = ["two_factor"]
    fieldsets = [*UserAdmin.fieldsets, (_("Signing in"), {"fields": ["two_factor"]})]
    actions = ["reset_two_factor", "unlock_sign_in"]
    change_form_template = "admin/fls/user/change_form.html"

    @admin.display(description=_("two-factor"))
    def two_factor(self, user):
        app = selectors.two_factor_app_device(user)
        if app is None:
            return gettext("Not set up")
        return gettext("Authenticator app set up on %(date)s; %(left)d backup codes left") % {
            "date": format_date(app.created_at), "left": selectors.two_factor_backup_codes_left(user)}

    def _reset_two_factor(self, request, user) -> None:
        services.two_factor_reset(user=user, by=request.user)
        # The user's History in this admin says who reset it and when.
        self.log_change(request, user, gettext("Reset two-factor sign-in (authenticator app and backup codes)."))

    @admin.action(description=_("Reset two-factor (lost phone): they set it up again at next sign-in"),
                  permissions=["change"])
    def reset_two_factor(self, request, queryset):
        users = list(queryset)
        for user in users:
            self._reset_two_factor(request, user)
        self.message_user(request, ngettext(
            "Two-factor sign-in reset for %(count)d user.", "Two-factor sign-in reset for %(count)d users.",
            len(users)) % {"count": len(users)}, messages.SUCCESS)

    @admin.action(description=_("Unlock sign-in (clear failed attempts for these usernames)"), permissions=["change"])
    def unlock_sign_in(self, request, queryset):
        users = list(queryset)
        for user in users:
            services.sign_in_unlock(user=user, by=request.user)
            self.log_change(request, user, gettext("Unlocked sign-in (cleared failed attempts)."))
        self.message_user(request, ngettext(
            "Sign-in unlocked for %(count)d user.", "Sign-in unlocked for %(count)d users.",
            len(users)) % {"count": len(users)}, messages.SUCCESS)

    def get_urls(self):
        return [
            path("<int:user_id>/reset-two-factor/", self.admin_site.admin_view(self.reset_two_factor_view),
                 name="fls_user_reset_two_factor"),
            *super().get_urls(),
        ]

    def reset_two_factor_view(self, request, user_id):
        """The "Reset two-factor" button on a user's page: asks first, then resets."""
        user = get_object_or_404(User, pk=user_id)
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        if request.method == "POST":
            self._reset_two_factor(request, user)
            self.message_user(request, gettext("Two-factor sign-in reset for %(user)s: they set it up again at "
                                               "their next sign-in.") % {"user": user}, messages.SUCCESS)
            return redirect("admin:fls_user_change", user.pk)
        return TemplateResponse(request, "admin/fls/user/reset_two_factor.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": gettext("Reset two-factor sign-in"),
            "change_url": reverse("admin:fls_user_change", args=[user.pk]),
        })


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "country", "identifier_scheme", "fls_model", "timezone",
                    "nurses_require_two_factor", "is_active"]
    list_filter = ["country", "identifier_scheme", "fls_model", "nurses_require_two_factor", "is_active"]
    list_select_related = ["identifier_scheme"]
    search_fields = ["code", "name"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["hostname", "last_seen"]
