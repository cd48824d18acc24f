from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kernfoto.web"
    label = "web"

    def ready(self) -> None:
        from . import signals

        signals.connect()
