from django.contrib import admin
from django.urls import include, path

from .accounts.views import admin_login

urlpatterns = [
    path("api/", include("kernfoto.api.urls")),
    path("account/", include("kernfoto.accounts.urls")),
    path("werk/", include("kernfoto.voices.urls")),
    path("", include("kernfoto.directory.urls")),
    path("", include("kernfoto.monitor.urls")),
    path("", include("kernfoto.initiatives.urls")),
    path("", include("kernfoto.consultation.urls")),
    path("beheer/login/", admin_login),  # the admin logs in through the throttled login of accounts
    path("beheer/", admin.site.urls),
    path("", include("kernfoto.web.urls")),
]

handler404 = "kernfoto.web.views_overview.page_not_found"
