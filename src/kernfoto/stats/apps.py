from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "kernfoto.stats"
    label = "stats"
