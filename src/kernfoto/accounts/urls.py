from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inloggen/", views.login_view, name="login"),
    path("uitloggen/", views.logout_view, name="logout"),  # POST only (Django's LogoutView)
    path("wachtwoord/", views.password_change, name="password_change"),
    path("wachtwoord/gewijzigd/", views.password_change_done, name="password_change_done"),
]
