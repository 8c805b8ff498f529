from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import languages, views

# 400, 403 and 404 use Django's handlers with the app's templates (templates/400.html, 403.html, 404.html);
# the 500 page is drawn by a view that touches nothing which may be what failed.
handler500 = "fls.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("operations/", views.operations, name="operations"),
    path("sites/<slug:code>/", views.site_detail, name="site_detail"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", views.two_factor_status, name="two_factor_status"),
    path("accounts/two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("accounts/two-factor/backup-codes/", views.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/language/", languages.set_language, name="set_language"),
    path("accounts/session/", views.session_status, name="session_status"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("", include("patients.urls")),
    path("", include("casefinding.urls")),
    path("", include("assessments.urls")),
    path("treatment/", include("treatment.urls")),
    path("", include("followup.urls")),
    path("", include("audit.urls")),
    path("", include("worklists.urls")),
    path("claims/", include("claims.urls")),
]
