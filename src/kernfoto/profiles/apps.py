from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "kernfoto.profiles"
    label = "profiles"
