"""Kernen (a municipality's own groups of buurten or wijken) and regions (groups of gemeenten).

A kernen file is YAML or CSV. YAML::

    gemeente: GM1904
    kernen:
      - naam: Maarssen-dorp
        buurten: [BU19040103, BU19040104]
      - naam: Breukelen
        wijken: [WK190402]
    regio's:                      # optional: groups of gemeenten, e.g. an IZA care region
      - naam: Utrecht-West
        gemeenten: [GM1904, GM0344]

CSV: columns ``kern`` and ``code`` (one row per member, a buurt, wijk or gemeente code) and
optionally ``gemeente``, ``soort`` (``kern`` or ``regio``).

Validation raises :class:`InputError` (Dutch, naming file, row and column) for an unknown code,
a code of another gemeente, a buurt in two kernen (also through a wijk), or an empty kern.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from ..errors import InputError
from .models import Area, AreaGroup, AreaGroupMember, GroupKind, gemeente_of, level_of


@dataclass
class KernSpec:
    name: str
    kind: str  # "kern" | "regio"
    codes: list[str]
    rows: list[int | None]  # source row of each code, for messages
    column: str = "code"
    description: str = ""
    slug: str = field(default="")

    def __post_init__(self) -> None:
        self.slug = self.slug or slugify(self.name)


@dataclass
class KernenFile:
    file_name: str
    sha256: str
    gemeente: str | None
    specs: list[KernSpec]


def parse_kernen_file(path: Path) -> KernenFile:
    name = path.name
    if not path.exists():
        raise InputError("bestand niet gevonden", file=name)
    data = path.read_bytes()
    if not data.strip():
        raise InputError("het bestand is leeg", file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("het bestand is geen tekst in UTF-8 (verwacht een YAML- of CSV-bestand)", file=name) from None
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() in (".yaml", ".yml"):
        gemeente, specs = _parse_yaml(text, name)
    elif path.suffix.lower() == ".csv":
        gemeente, specs = _parse_csv(text, name)
    else:
        raise InputError("onbekend bestandstype voor kernen: gebruik .yaml, .yml of .csv", file=name)
    if not specs:
        raise InputError("het bestand beschrijft geen enkele kern", file=name)
    return KernenFile(file_name=name, sha256=digest, gemeente=gemeente, specs=specs)


def _line_of(text: str, needle: str) -> int | None:
    for i, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return i
    return None


def _parse_yaml(text: str, name: str) -> tuple[str | None, list[KernSpec]]:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise InputError(f"geen geldige YAML: {getattr(exc, 'problem', exc)}", file=name,
                         row=line + 1 if line is not None else None) from None
    if not isinstance(raw, dict) or "kernen" not in raw and "regio's" not in raw:
        raise InputError("verwacht een YAML-bestand met 'gemeente' en een lijst 'kernen'", file=name)
    gemeente = raw.get("gemeente")
    specs = []
    for kind, key, members in (("kern", "kernen", ("buurten", "wijken")), ("regio", "regio's", ("gemeenten",))):
        for item in raw.get(key) or []:
            if not isinstance(item, dict) or not item.get("naam"):
                raise InputError("elke kern heeft een 'naam' nodig", file=name, row=_line_of(text, str(item)[:20]),
                                 column="naam")
            codes: list[str] = []
            for member_key in members:
                codes.extend(str(c).strip() for c in item.get(member_key) or [])
            rows = [_line_of(text, c) for c in codes]
            specs.append(KernSpec(name=str(item["naam"]).strip(), kind=kind, codes=codes, rows=rows,
                                  column="/".join(members), description=str(item.get("omschrijving") or "")))
    return (str(gemeente).strip() if gemeente else None), specs


def _parse_csv(text: str, name: str) -> tuple[str | None, list[KernSpec]]:
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    reader.fieldnames = header
    for required in ("kern", "code"):
        if required not in header:
            raise InputError(f"kolom '{required}' ontbreekt (verwacht de kolommen kern en code)", file=name, row=1,
                             column=required)
    by_name: dict[tuple[str, str], KernSpec] = {}
    gemeenten = set()
    for rownum, row in enumerate(reader, start=2):
        kern = (row.get("kern") or "").strip()
        code = (row.get("code") or "").strip()
        kind = (row.get("soort") or "kern").strip().lower() or "kern"
        if not kern:
            raise InputError("de naam van de kern is leeg", file=name, row=rownum, column="kern")
        if not code:
            raise InputError("de code is leeg", file=name, row=rownum, column="code")
        if kind not in ("kern", "regio"):
            raise InputError(f"soort moet 'kern' of 'regio' zijn, niet {kind!r}", file=name, row=rownum, column="soort")
        if row.get("gemeente"):
            gemeenten.add(row["gemeente"].strip())
        spec = by_name.setdefault((kind, kern), KernSpec(name=kern, kind=kind, codes=[], rows=[]))
        spec.codes.append(code)
        spec.rows.append(rownum)
    if len(gemeenten) > 1:
        raise InputError(f"het bestand noemt meer dan één gemeente ({', '.join(sorted(gemeenten))})", file=name,
                         column="gemeente")
    return (gemeenten.pop() if gemeenten else None), list(by_name.values())


def validate(kf: KernenFile) -> str | None:
    """Check every code against the areas in the database; return the gemeente code of the kernen."""
    name = kf.file_name
    known = {a.code: a for a in Area.objects.filter(code__in={c for s in kf.specs for c in s.codes})}
    kern_specs = [s for s in kf.specs if s.kind == "kern"]
    gemeente = kf.gemeente
    if gemeente is not None and level_of(gemeente) != "gemeente":
        raise InputError(f"'{gemeente}' is geen gemeentecode (verwacht GM gevolgd door 4 cijfers)", file=name,
                         column="gemeente")
    if gemeente and not Area.objects.filter(code=gemeente).exists():
        raise InputError(f"gemeente {gemeente} is niet bekend; importeer eerst gegevens of grenzen van deze gemeente",
                         file=name, column="gemeente")
    owner: dict[str, tuple[str, int | None]] = {}
    slugs = set()
    for spec in kf.specs:
        if not spec.codes:
            raise InputError(f"kern '{spec.name}' heeft geen buurten of wijken", file=name, column=spec.column)
        if spec.slug in slugs:
            raise InputError(f"de naam '{spec.name}' komt twee keer voor", file=name, column="naam")
        slugs.add(spec.slug)
        for code, row in zip(spec.codes, spec.rows, strict=True):
            level = level_of(code)
            allowed = ("gemeente",) if spec.kind == "regio" else ("wijk", "buurt")
            if level not in allowed:
                what = "een gemeentecode (GM....)" if spec.kind == "regio" else "een buurtcode (BU........) of wijkcode (WK......)"
                raise InputError(f"'{code}' in '{spec.name}' is geen geldige code; verwacht {what}", file=name,
                                 row=row, column=spec.column)
            if spec.kind == "kern":
                gm = gemeente_of(code)
                if gemeente is None:
                    gemeente = gm
                if gm != gemeente:
                    raise InputError(f"{code} in '{spec.name}' hoort bij gemeente {gm}, niet bij {gemeente}", file=name,
                                     row=row, column=spec.column)
            if code not in known:
                raise InputError(f"code {code} in '{spec.name}' bestaat niet in de geïmporteerde gegevens", file=name,
                                 row=row, column=spec.column)
    # a buurt may belong to one kern only, also when a kern names its wijk
    for spec in kern_specs:
        for code, row in zip(spec.codes, spec.rows, strict=True):
            buurten = [code] if level_of(code) == "buurt" else list(
                Area.objects.filter(parent_id=code).values_list("code", flat=True)) or [code]
            for b in buurten:
                if b in owner and owner[b][0] != spec.name:
                    raise InputError(f"{b} hoort al bij kern '{owner[b][0]}' en kan niet ook bij '{spec.name}' horen",
                                     file=name, row=row, column=spec.column)
                owner[b] = (spec.name, row)
    return gemeente


def load_kernen(path: Path) -> tuple[str | None, list[AreaGroup]]:
    """Validate a kernen file and make the gemeente's kernen (and any regions) match it, atomically.

    Kernen are matched on their slug and updated in place, so what refers to a kern (voices,
    partners' memberships, curated texts) stays attached. A kern that is no longer in the file is
    removed, unless something still refers to it: then the import is refused with a message.
    """
    kf = parse_kernen_file(path)
    with transaction.atomic():
        gemeente = validate(kf)
        gm_area = Area.objects.get(code=gemeente) if gemeente else None
        groups = []
        for spec in kf.specs:
            group, _ = AreaGroup.objects.update_or_create(
                kind=spec.kind, slug=spec.slug, gemeente=gm_area if spec.kind == "kern" else None,
                defaults={"name": spec.name, "description": spec.description, "source_file": kf.file_name,
                          "source_sha256": kf.sha256},
            )
            wanted = list(dict.fromkeys(spec.codes))
            current = sorted(group.members.values_list("area_id", flat=True))
            if current != sorted(wanted):
                group.members.all().delete()
                AreaGroupMember.objects.bulk_create(AreaGroupMember(group=group, area_id=c) for c in wanted)
            groups.append(group)
        if any(s.kind == "kern" for s in kf.specs):
            stale = AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente=gm_area).exclude(
                slug__in=[s.slug for s in kf.specs if s.kind == "kern"])
            for group in stale:
                try:
                    with transaction.atomic():
                        group.delete()
                except ProtectedError as exc:
                    raise InputError(
                        f"kern '{group.name}' staat niet meer in het bestand, maar er zijn {_in_use(exc)} aan "
                        "gekoppeld; neem de kern weer op of verplaats die eerst naar een andere kern",
                        file=kf.file_name) from None
    return gemeente, groups


# what may hold on to a kern (on_delete=PROTECT), as a Dutch plural, by model label
IN_USE = {"voices.voice": "gesprekken of signalen", "initiatives.initiative": "inwonersinitiatieven",
          "initiatives.wijkplan": "wijk- of dorpsplannen"}


def _in_use(exc: ProtectedError) -> str:
    """"gesprekken of signalen en inwonersinitiatieven": what keeps a kern from being removed."""
    seen: dict[str, str] = {}
    for obj in exc.protected_objects:
        seen.setdefault(obj._meta.label_lower, str(obj._meta.verbose_name_plural))
    names = [IN_USE.get(label, plural) for label, plural in sorted(seen.items())]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


KERN_CODE = re.compile(r"^[a-z0-9-]+$")


def find_group(code_or_slug: str, gemeente: str | None = None) -> AreaGroup | None:
    qs = AreaGroup.objects.filter(slug=code_or_slug.strip().lower())
    if gemeente:
        qs = qs.filter(gemeente_id=gemeente)
    return qs.first()
