"""Constants and helpers of the Sociale Monitor tests (imported by the test modules and conftest.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

GM = "GM1904"
PERIOD = "2020"
TODAY = "2026-11-29"
PASSWORD = "Vecht-en-plassen-2024!"


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def pdf_pages_text(pdf: bytes, tmp_path: Path, *, layout: bool = True) -> list[str]:
    """The text of every page (pdftotext separates pages with a form feed)."""
    path = tmp_path / "monitor.pdf"
    path.write_bytes(pdf)
    args = [poppler("pdftotext"), *(["-layout"] if layout else []), str(path), "-"]
    text = subprocess.run(args, capture_output=True, check=True, text=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def person(username: str, role: str | None = None, kernen: tuple[str, ...] = ()):
    from kernfoto.accounts.models import Membership
    from kernfoto.areas.models import AreaGroup

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    if role:
        m = Membership.objects.create(user=user, gemeente_id=GM, role=role, organisation="Welzijn Vechtstreek")
        m.kernen.set([AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug=k) for k in kernen])
    return user


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c
