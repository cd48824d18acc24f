from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kernfoto.web"
    label = "web"
