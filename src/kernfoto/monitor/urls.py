"""Sociale Monitor pages: public (``gemeente/<code>/sociale-monitor/...``, page-cached) and work pages
for analysts (``werk/<gemeente>/sociale-monitor/...``). Included at the site root before the web app's
catch-all ``gemeente/<code>/<area>/``."""

from django.urls import path

from ..web.pagecache import cached_page
from . import views

app_name = "monitor"
urlpatterns = [
    path("gemeente/<str:code>/sociale-monitor/", cached_page(views.report_latest), name="report_latest"),
    path("gemeente/<str:code>/sociale-monitor/<str:period>/", cached_page(views.report_page), name="report"),
    path("gemeente/<str:code>/sociale-monitor/<str:period>/<str:filename>", cached_page(views.report_download),
         name="report_download"),
    path("werk/<str:gemeente>/sociale-monitor/", views.work_index, name="work"),
    path("werk/<str:gemeente>/sociale-monitor/<str:period>/", views.work_edit, name="work_edit"),
]
