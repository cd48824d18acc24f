"""Shared fixtures: the real bundled sample, loaded once per test session into the test database."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from kernfoto.demo import load_demo

    with django_db_blocker.unblock():
        load_demo()  # idempotent, so a reused test database is fine too


@pytest.fixture
def sample(db):
    """The database with the bundled sample of Stichtse Vecht (GM1904) and its kernen."""
    return "GM1904"


@pytest.fixture(scope="session")
def sample_results(django_db_setup, django_db_blocker):
    from kernfoto.stats.pipeline import results_for

    with django_db_blocker.unblock():
        return results_for("GM1904")


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Tests that patch data in memory must not get a page rendered by an earlier test."""
    from kernfoto.web import pagecache

    pagecache.clear()
    yield
