"""The foundation app's own pages: the start page, the warnings, the health check, accounts (login, password,
two-factor, API tokens), the access log and jurisdictions. `config.urls` mounts them with the apps' pages."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import import_views, jurisdictions, preference_views, token_views, two_factor_views, views
from .routing import model_urls
from .security import LockoutAuthenticationForm

shrhub_patterns = (
    model_urls(jurisdictions, "jurisdictions", "jurisdiction", "Jurisdiction"),
    "shrhub",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("warnings/", views.manager_warnings_view, name="manager_warnings"),
    path("health/", views.health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LockoutAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/two-factor/", two_factor_views.two_factor_status, name="two_factor"),
    path("accounts/two-factor/verify/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/enrol/", two_factor_views.two_factor_enrol, name="two_factor_enrol"),
    path(
        "accounts/two-factor/recovery-codes/",
        two_factor_views.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("accounts/two-factor/remove/", two_factor_views.two_factor_remove, name="two_factor_remove"),
    path("accounts/two-factor/users/", two_factor_views.two_factor_users, name="two_factor_users"),
    path("accounts/two-factor/users/<int:pk>/reset/", two_factor_views.two_factor_reset, name="two_factor_reset"),
    path("accounts/preferences/", preference_views.preferences_page, name="preferences"),
    path("accounts/language/", preference_views.switch_language, name="switch_language"),
    path("accounts/tokens/", token_views.token_list, name="token_list"),
    path("accounts/tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("exports/<str:model>.<str:fmt>", views.ListExportView.as_view(), name="list_export"),
    path("exports/jobs/<int:pk>/", views.ExportJobView.as_view(), name="export_job"),
    path("exports/jobs/<int:pk>/download/", views.ExportJobDownloadView.as_view(), name="export_job_download"),
    path("imports/", import_views.ImportListView.as_view(), name="imports"),
    path("imports/<int:pk>/", import_views.ImportBatchView.as_view(), name="import_batch"),
    path("imports/templates/<str:model>.<str:fmt>", import_views.ImportTemplateView.as_view(), name="import_template"),
    path("audit/access-log/", views.AccessLogView.as_view(), name="access_log"),
    path("", include(shrhub_patterns)),
]
