"""The sociale basis: public pages (``gemeente/<code>/sociale-basis/...``, served through the page cache
except the PDF, which prints today's date) and the work pages of partners and analysts
(``werk/<gemeente>/sociale-basis/...``)."""

from django.urls import path

from ..web.pagecache import cached_page
from . import views, work_views

app_name = "directory"
urlpatterns: list = [
    path("gemeente/<str:code>/sociale-basis/", cached_page(views.finder), name="finder"),
    path("gemeente/<str:code>/sociale-basis/<uuid:pk>/", cached_page(views.detail), name="detail"),
    path("gemeente/<str:code>/sociale-basis/<slug:kern>.pdf", views.kern_pdf, name="kern_pdf"),
]

W = "werk/<str:gemeente>/sociale-basis/"
urlpatterns += [
    path(W, work_views.work_list, name="work_list"),
    path(W + "controleren/", work_views.stale_list, name="work_stale"),
    path(W + "organisaties/nieuw/", work_views.organization_edit, name="work_organization_add"),
    path(W + "organisaties/<uuid:org>/", work_views.organization_page, name="work_organization"),
    path(W + "organisaties/<uuid:org>/gegevens/", work_views.organization_edit, name="work_organization_edit"),
    path(W + "organisaties/<uuid:org>/bijhouders/", work_views.editors, name="work_editors"),
    path(W + "organisaties/<uuid:org>/aanbod/nieuw/", work_views.service_add, name="work_service_add"),
    path(W + "organisaties/<uuid:org>/locaties/nieuw/", work_views.location_edit, name="work_location_add"),
    path(W + "locaties/<uuid:pk>/", work_views.location_edit, name="work_location"),
    path(W + "aanbod/<uuid:pk>/", work_views.service_edit, name="work_service"),
    path(W + "aanbod/<uuid:pk>/gecontroleerd/", work_views.service_assure, name="work_service_assure"),
    path(W + "aanbod/<uuid:pk>/status/", work_views.service_status, name="work_service_status"),
    path(W + "aanbod/<uuid:pk>/tijden/nieuw/", work_views.schedule_edit, name="work_schedule_add"),
    path(W + "aanbod/<uuid:pk>/tijden/<uuid:schedule>/", work_views.schedule_edit, name="work_schedule"),
    path(W + "aanbod/<uuid:pk>/tijden/<uuid:schedule>/verwijderen/", work_views.schedule_delete,
         name="work_schedule_delete"),
]

from . import gaps_urls  # noqa: E402

urlpatterns += gaps_urls.urlpatterns
