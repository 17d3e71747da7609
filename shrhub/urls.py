"""Root URLs: pages of each app, the API under /api/v1/, accounts, admin and the health check."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import jurisdictions, token_views, two_factor_views, views
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
    path("accounts/tokens/", token_views.token_list, name="token_list"),
    path("accounts/tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("audit/access-log/", views.AccessLogView.as_view(), name="access_log"),
    path("admin/", admin.site.urls),
    path("", include(shrhub_patterns)),
    path("", include("stakeholders.urls")),
    path("practices/", include("practices.urls")),
    path("working-groups/", include("workinggroups.urls")),
    path("api/v1/", include("shrhub.api_urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # No ReDoc: its bundle loads a logo from cdn.redoc.ly (hard-coded) and its page fonts from Google; the product
    # must run offline and send nothing to other hosts. Swagger UI (above) serves the same schema.
]

# The API answers its errors in JSON even when Django refuses a request before any API view runs.
handler400 = "shrhub.errors.bad_request"
handler403 = "shrhub.errors.permission_denied"
handler404 = "shrhub.errors.page_not_found"
handler500 = "shrhub.errors.server_error"
