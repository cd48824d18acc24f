"""Fixtures of the browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

The live server needs a transactional database (its thread must see the data), and pytest-django
empties every table after each transactional test. So each test makes sure the sample of Stichtse
Vecht is loaded (``kernfoto.demo.load_demo()``, committed, hence visible to the server thread on
PostgreSQL; on SQLite in-memory the server thread shares the test's connection), and after the last
browser test the sample is loaded again, so the rest of the session finds the database as
``tests/conftest.py`` left it (pytest-django runs transactional tests after the ``db`` tests, but
before tests without a database marker that use the session's ``sample_results``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.getenv("KERNFOTO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
GEMEENTE = "GM1904"
TIMEOUT_MS = 30_000  # for navigation, actions and expect()


def sample_loaded() -> bool:
    from kernfoto.areas.models import AreaGroup
    from kernfoto.stats.models import Dataset

    return AreaGroup.objects.filter(gemeente_id=GEMEENTE).exists() and Dataset.objects.exists()


def ensure_sample() -> None:
    if not sample_loaded():
        from kernfoto.demo import load_demo

        load_demo()


@pytest.fixture(scope="module", autouse=True)
def _sample_again_afterwards(django_db_blocker):
    """Leave the sample in the database for the tests that run after the browser tests."""
    yield
    with django_db_blocker.unblock():
        ensure_sample()


@pytest.fixture
def site(live_server) -> str:
    """The address of the live server, with the sample loaded (``live_server`` implies ``transactional_db``)."""
    ensure_sample()
    return live_server.url


@pytest.fixture(scope="module")
def browser():
    """Chromium for the tests of one module.

    Playwright's sync API keeps an asyncio loop registered as running in this thread, which Django's
    guard against ORM calls from async code mistakes for an async context (``SynchronousOnlyOperation``
    when the test loads the sample or pytest-django empties the tables). Nothing async touches the
    database here, so the guard is lifted while the browser exists, and only then.
    """
    from playwright.sync_api import expect, sync_playwright

    # The first page after the sample is (re)loaded computes the gemeente's figures: seconds on a busy CI machine.
    expect.set_options(timeout=TIMEOUT_MS)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    """A fresh browser tab (own cookies, downloads allowed) at desktop width, Dutch locale."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()
