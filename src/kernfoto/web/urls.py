"""Public pages. Each page family lives in its own views module with its own ``urlpatterns``.

Order matters: ``gemeente/<code>/vergelijk/`` and ``.../indicator/<id>/`` come before the
catch-all kernfoto page ``gemeente/<code>/<area>/``. Every public page is served through the
page cache (``pagecache.py``): rendered once per data generation.
"""

from . import views_compare, views_home, views_overview
from .pagecache import cached_page

app_name = "web"
urlpatterns = views_home.urlpatterns + views_compare.urlpatterns + views_overview.urlpatterns
for _pattern in urlpatterns:
    _pattern.callback = cached_page(_pattern.callback)
