from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "kernfoto.consultation"
    label = "consultation"
    verbose_name = "Vragenlijsten en dialoogsessies"
