"""Project-level checks: migrations are complete, every setting is documented, licence and publiccode."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_every_setting_is_documented_in_the_readme():
    settings_src = (ROOT / "src/kernfoto/settings.py").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = set(re.findall(r'env(?:bool|int)?\("([A-Z_]+)"', settings_src)) | set(
        re.findall(r'os\.getenv\("([A-Z_]+)"', settings_src))
    assert {"DATABASE_URL", "KERNFOTO_SECRET_KEY", "KERNFOTO_VOICES_RETENTION_YEARS"} <= names
    for name in sorted(names):
        assert name in readme, f"{name} is not documented in README.md"


def test_licence_and_publiccode():
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    code = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    assert code["legal"]["license"] == "EUPL-1.2"
    assert code["name"] == "Kernfoto" and "nl" in code["description"]
