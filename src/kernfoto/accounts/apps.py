from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kernfoto.accounts"
    label = "accounts"
    verbose_name = "Accounts en rollen"
