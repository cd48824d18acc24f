"""Fixtures of the tests of residents' initiatives, budgets and wijkplannen (helpers: ``initiative_helpers``)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from initiative_helpers import GM, KERN_A, KERN_B, person

from kernfoto.accounts.models import Role
from kernfoto.initiatives.models import BudgetPot


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def partner_a(sample):
    return person("partner_a", Role.PARTNER, (KERN_A,))


@pytest.fixture
def partner_b(sample):
    return person("partner_b", Role.PARTNER, (KERN_B,))


@pytest.fixture
def analyst(sample):
    return person("analist", Role.ANALYST)


@pytest.fixture
def outsider(sample):
    return person("buitenstaander")


@pytest.fixture
def visitor(sample):
    return Client()


@pytest.fixture
def pot_2025(sample):
    """A budget for 2025 (the example's budget is 2026)."""
    return BudgetPot.objects.create(gemeente_id=GM, year=2025, amount=Decimal("10000.00"))
