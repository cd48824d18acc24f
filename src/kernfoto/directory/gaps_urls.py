"""Public pages of the gap analysis (included from ``urls.py``), served through the page cache."""

from django.urls import path

from ..web.pagecache import cached_page
from . import gaps_views

urlpatterns = [
    path("gemeente/<str:code>/nood-en-aanbod/", cached_page(gaps_views.matrix), name="gaps"),
    path("gemeente/<str:code>/nood-en-aanbod/uitleg/", cached_page(gaps_views.explanation), name="gaps_explanation"),
]
