from django.apps import AppConfig


class VoicesConfig(AppConfig):
    name = "kernfoto.voices"
    label = "voices"
    verbose_name = "Wat we horen"
