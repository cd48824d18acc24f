from . import views

app_name = "api"
urlpatterns = views.urlpatterns
