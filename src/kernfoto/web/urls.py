"""Public pages. Each page family lives in its own views module with its own ``urlpatterns``.

Order matters: ``gemeente/<code>/vergelijk/`` and ``.../indicator/<id>/`` come before the
catch-all kernfoto page ``gemeente/<code>/<area>/``.
"""

from . import views_compare, views_home, views_overview

app_name = "web"
urlpatterns = views_home.urlpatterns + views_compare.urlpatterns + views_overview.urlpatterns
