from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "kernfoto.directory"
    label = "directory"
    verbose_name = "Sociale basis"
