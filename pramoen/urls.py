from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import directory_views
from api.api import api
from documents.views import esar_page
from reporting import urls as reporting_urls

# The e-SAR copy page is documents' (it is built from the SAR document; reporting may not import
# documents) but keeps its place among a round's pages: /reporting/round/<pk>/esar/, named
# reporting:esar.
reporting_pages = (
    [*reporting_urls.urlpatterns, path("round/<id:pk>/esar/", esar_page, name="esar")],
    reporting_urls.app_name,
)

urlpatterns = [
    path("accounts/login/", directory_views.LoginView.as_view(), name="login"),
    # OIDC sign-in (404 until configured: accounts.directory_views); the callback keeps the
    # name mozilla-django-oidc reverses.
    path("accounts/oidc/login/", directory_views.oidc_login, name="oidc_login"),
    path(
        "accounts/oidc/callback/",
        directory_views.oidc_callback,
        name="oidc_authentication_callback",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("frameworks/", include("frameworks.urls")),
    path("kpis/excel/", include("indicators.urls_excel")),
    path("kpis/", include("indicators.urls")),
    path("inbox/", include("notifications.urls")),
    path("documents/", include("documents.urls")),
    path("agreements/", include("agreements.urls")),
    path("reporting/", include(reporting_pages)),
    path("evidence/", include("reporting.urls_evidence")),
    path("profile/tokens/", include("api.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("search/", include("search.urls")),
    path("public/", include("dashboards.urls_public")),
    path("", include("ops.urls")),  # /healthz, /readyz, /metrics
    path("", include("accounts.urls")),
]

admin.site.site_header = "ประเมิน (pramoen) — ผู้ดูแลระบบ"
admin.site.site_title = "ประเมิน"
