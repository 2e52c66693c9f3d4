"""URL map: pages per role, the account and sign-in pages, the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path

from partnerships import views_errors

urlpatterns = [
    path("", include("partnerships.urls")),
    path("", include("dashboards.urls")),
    path("", include("ehcp.urls_public")),
    path("", include("ehcp.urls")),
    path("", include("placements.urls")),
    path("", include("redress.urls")),
    path("api/v1/", include("send_system.api_urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = views_errors.forbidden
handler404 = views_errors.not_found
handler500 = views_errors.server_error
