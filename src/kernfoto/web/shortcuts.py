"""Lookups every page family needs: the gemeente of a URL (or a Dutch 404) and its kernen."""

from __future__ import annotations

from django.http import Http404

from ..areas.models import Area, AreaGroup, GroupKind


def gemeente_or_404(code: str) -> Area:
    area = Area.objects.filter(code=code.upper(), level="gemeente").first()
    if area is None:
        raise Http404(f"Gemeente {code} is niet bekend.")
    return area


def kernen_of(gm: Area) -> list[AreaGroup]:
    """The kernen of a gemeente, by name."""
    return list(AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente=gm).order_by("name"))
