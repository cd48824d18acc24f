from django.urls import include, path

urlpatterns = [
    path("api/", include("kernfoto.api.urls")),
    path("", include("kernfoto.web.urls")),
]

handler404 = "kernfoto.web.views_overview.page_not_found"
