from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "kernfoto.areas"
    label = "areas"
