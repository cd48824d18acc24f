from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kernfoto.api"
    label = "api"
