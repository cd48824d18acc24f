from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "kernfoto.monitor"
    label = "monitor"
    verbose_name = "Sociale Monitor"
