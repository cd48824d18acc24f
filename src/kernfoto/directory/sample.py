"""The example directory of the sociale basis for the sample gemeente (fictional, "voorbeeld").

``src/kernfoto/data/sociale_basis/`` is an HSDS 3.0 CSV package of made-up organisations in
Stichtse Vecht (written by ``scripts/make_sociale_basis_sample.py``); :func:`load_sample` imports it
like any municipality's own directory, so the demo, the finder and the gap analysis have something
to show. Loading it again updates it in place.
"""

from __future__ import annotations

from pathlib import Path

from django.db.models import Q

from ..areas.models import AreaGroup
from .hsds import ImportResult, import_directory
from .models import Service

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sociale_basis"
SAMPLE_GEMEENTE = "GM1904"


def load_sample() -> ImportResult:
    """Import the example directory of Stichtse Vecht (idempotent)."""
    return import_directory(SAMPLE_DIR, gemeente=SAMPLE_GEMEENTE)


def summary_line(result: ImportResult) -> str:
    """"Sociale basis (voorbeeld): 37 activiteiten en voorzieningen in 13 kernen": services of the sample and the kernen
    where they are located."""
    services = Service.objects.filter(organization__gemeente_id=SAMPLE_GEMEENTE, organization__is_example=True)
    kernen = AreaGroup.objects.filter(
        Q(directory_locations__services_here__service__in=services)).distinct().count()
    label = " (voorbeeld)" if result.is_example else ""
    return f"Sociale basis{label}: {services.count()} activiteiten en voorzieningen in {kernen} kernen"
