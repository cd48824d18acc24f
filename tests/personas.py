"""Named personas for the tests of every module: users with a role in the sample gemeente (GM1904).

``person("analist", Role.ANALYST)`` is an analyst of Stichtse Vecht; ``person("partner", Role.PARTNER,
("maarssen-dorp",))`` a partner who works in Maarssen-dorp; ``person("buiten")`` is logged in without a
role. ``client_for(user)`` is a test client logged in as that user.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

GM = "GM1904"
PASSWORD = "Vecht-en-plassen-2024!"


def person(username: str, role: str | None = None, kernen: tuple[str, ...] = (), *,
           organisation: str = "Welzijn Vechtstreek", gemeente: str = GM):
    from kernfoto.accounts.models import Membership
    from kernfoto.areas.models import AreaGroup

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    if role:
        m = Membership.objects.create(user=user, gemeente_id=gemeente, role=role, organisation=organisation)
        m.kernen.set([AreaGroup.objects.get(kind="kern", gemeente_id=gemeente, slug=k) for k in kernen])
    return user


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c
