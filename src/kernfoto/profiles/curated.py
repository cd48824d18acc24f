"""Load an analyst's curated findings ("wat opvalt") from a YAML file.

::

    gemeente: GM1904
    periode: "2020"
    kernen:
      maarssenbroek:
        vervang: false          # true: only these texts, not the engine's findings
        krachten:
          - "Actieve bewonersgroepen in de Bisonspoor-buurt."
        opgaven:
          - "Meer inwoners met moeite met rondkomen; schuldhulp is hier weinig bekend."
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from ..areas.models import Area, AreaGroup
from ..errors import InputError
from .model import Finding
from .models import CuratedFinding, CuratedSetting


def load_curated(path: Path) -> int:
    name = path.name
    if not path.exists():
        raise InputError("bestand niet gevonden", file=name)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"geen geldige YAML ({exc})", file=name) from None
    if not isinstance(raw, dict) or not raw.get("gemeente") or not raw.get("periode") or not isinstance(raw.get("kernen"), dict):
        raise InputError("verwacht 'gemeente', 'periode' en 'kernen' (per kern 'krachten' en/of 'opgaven')", file=name)
    gemeente = Area.objects.filter(code=str(raw["gemeente"]).strip(), level="gemeente").first()
    if gemeente is None:
        raise InputError(f"gemeente {raw['gemeente']} is niet bekend", file=name, column="gemeente")
    period = str(raw["periode"])
    n = 0
    with transaction.atomic():
        for area_code, block in raw["kernen"].items():
            code = str(area_code)
            known = AreaGroup.objects.filter(kind="kern", gemeente=gemeente, slug=code).exists() or Area.objects.filter(
                code=code, gemeente_code=gemeente.code).exists()
            if not known:
                raise InputError(f"'{code}' is geen kern of gebied van {gemeente.name}", file=name, column=code)
            CuratedFinding.objects.filter(gemeente=gemeente, area_code=code, period=period).delete()
            CuratedSetting.objects.update_or_create(gemeente=gemeente, area_code=code, period=period,
                                                    defaults={"replaces_engine": bool((block or {}).get("vervang"))})
            for kind, key in (("kracht", "krachten"), ("opgave", "opgaven")):
                for pos, text in enumerate((block or {}).get(key) or []):
                    if not str(text).strip():
                        raise InputError(f"lege tekst bij {code}/{key}", file=name, column=key)
                    CuratedFinding.objects.create(gemeente=gemeente, area_code=code, period=period, kind=kind,
                                                  text=str(text).strip(), position=pos, source_file=name)
                    n += 1
    return n


def curated_for(gemeente: str, area_code: str, period: str) -> tuple[tuple[Finding, ...], bool]:
    texts = CuratedFinding.objects.filter(gemeente_id=gemeente, area_code=area_code, period=period)
    setting = CuratedSetting.objects.filter(gemeente_id=gemeente, area_code=area_code, period=period).first()
    findings = tuple(Finding(kind=t.kind, text=t.text, curated=True) for t in texts)
    return findings, bool(setting and setting.replaces_engine)
