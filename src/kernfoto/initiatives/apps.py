from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "kernfoto.initiatives"
    label = "initiatives"
    verbose_name = "Initiatieven en wijkplannen"

    def ready(self) -> None:
        from . import signals

        signals.connect()
