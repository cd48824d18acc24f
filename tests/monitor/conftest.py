"""Fixtures of the Sociale Monitor tests: the report of the real sample (Stichtse Vecht, GM1904, 2020),
its PDF, built once per session, and named personas for the work page.

Personas (users with a Membership in GM1904): ``analyst`` (analist of the gemeente), ``partner`` (partner
in Maarssen-dorp), ``outsider`` (logged in, no role); the visitor is the anonymous test client.
"""

from __future__ import annotations

import pytest
from monitor_helpers import GM, PERIOD, TODAY, person


@pytest.fixture(scope="session")
def sample_report(django_db_setup, django_db_blocker):
    """The Sociale Monitor of the sample over 2020, as the CLI builds it (no analyst texts, no voices)."""
    from kernfoto.monitor.sources import report

    with django_db_blocker.unblock():
        return report(GM, PERIOD, today=TODAY)


@pytest.fixture(scope="session")
def renderer():
    from kernfoto.monitor.typst_render import MonitorRenderer

    return MonitorRenderer()


@pytest.fixture(scope="session")
def sample_pdf(sample_report, renderer) -> bytes:
    pdf = renderer.render(sample_report)
    assert renderer.last_warnings == []  # Typst warnings are errors
    return pdf


@pytest.fixture
def analyst(sample):
    from kernfoto.accounts.models import Role

    return person("analist", Role.ANALYST)


@pytest.fixture
def partner(sample):
    from kernfoto.accounts.models import Role

    return person("partner", Role.PARTNER, ("maarssen-dorp",))


@pytest.fixture
def outsider(sample):
    return person("buitenstaander")
