"""Constants and helpers of the Sociale Monitor tests (imported by the test modules and conftest.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from personas import PASSWORD, client_for, person  # noqa: F401 (re-exported)

GM = "GM1904"
PERIOD = "2020"
TODAY = "2026-11-29"


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

