"""Check a raw HSDS package completely, before anything is written, and turn it into model values.

Every problem raises :class:`InputError` with a Dutch message naming file, row and column (for JSON:
the path of the field). What passes becomes a :class:`Plan`: per table, per id, the model field
values to write, with the Dutch profile resolved (gemeente, themes, target groups, kind, example
flag, buurt and kern of each location via :mod:`placement`, the user who checked an entry).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models as dj

from ..areas.models import Area, level_of
from ..errors import InputError
from .hsds_read import RawPackage, Where
from .hsds_tables import BY_NAME, LINK_ENTITIES, TABLES, Column, Table, profile_taxonomies, profile_taxonomy
from .models import Organization, ProviderKind, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from .placement import Placer

_EMAIL = EmailValidator()
_URL = URLValidator(schemes=("http", "https"))
_BYDAY = re.compile(r"^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$")
_CANONICAL_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_CHUNK = 900  # ids per query (SQLite parameter limits)


#: How to find the gemeente of an object already in the database, per table (first path that gives one).
_GEMEENTE_PATHS = {
    "organization": ("gemeente_id",), "service": ("organization__gemeente_id",),
    "location": ("organization__gemeente_id", "kern__gemeente_id"),
    "service_at_location": ("service__organization__gemeente_id",),
    "contact": ("organization__gemeente_id", "service__organization__gemeente_id", "location__organization__gemeente_id"),
    "phone": ("organization__gemeente_id", "service__organization__gemeente_id", "location__organization__gemeente_id",
              "contact__organization__gemeente_id"),
}


def or_list(values) -> str:
    values = [str(v) for v in values]
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " of " + values[-1]


@dataclass
class Plan:
    """Validated values per table (HSDS name) and id, ready to write; plus what the summary needs."""

    values: dict[str, dict[str, dict]] = field(default_factory=dict)
    gemeenten: set[str] = field(default_factory=set)
    is_example: bool = False
    warnings: list[str] = field(default_factory=list)


class _Validator:
    def __init__(self, pkg: RawPackage, gemeente: str | None):
        self.pkg = pkg
        self.gemeente = gemeente.strip().upper() if gemeente else None
        self.parsed: dict[str, dict[str, tuple[Where, dict]]] = {t.name: {} for t in TABLES}
        self.in_db: dict[str, set[str]] = defaultdict(set)
        self.max_length = {t.name: {f.attname: f.max_length for f in t.model._meta.concrete_fields
                                    if isinstance(f, dj.CharField) and f.max_length} for t in TABLES}
        self.placers: dict[str, Placer] = {}

    # --- step 1: every cell ------------------------------------------------------------------

    def parse(self) -> None:
        for table in TABLES:
            seen = self.parsed[table.name]
            limits = self.max_length[table.name]
            specs = [(c.name, c.required, None if c.kind in ("text", "profile") else c, limits.get(c.attname))
                     for c in table.columns]
            for where, row in self.pkg.rows.get(table.name, ()):
                values = {}
                for name, required, conv, limit in specs:
                    raw = row.get(name)
                    if not raw:
                        if required:
                            raise where.error(f"{name} is leeg, maar verplicht", name)
                        values[name] = None
                        continue
                    value = raw if conv is None else _convert(conv, raw, where)
                    if limit and type(value) is str and len(value) > limit:
                        raise where.error(f"de tekst is te lang ({len(value)} tekens, maximaal {limit})", name)
                    values[name] = value
                oid = values["id"]
                if oid in seen:
                    first = seen[oid][0]
                    at = f"rij {first.row}" if first.row else first.path
                    raise where.error(f"id {oid} komt al voor in {first.file} ({at})", "id")
                if table.parents and not any(values.get(p) for p in table.parents):
                    raise where.error(f"hoort bij niets: vul minstens een van {', '.join(table.parents)} in",
                                      table.parents[0])
                seen[oid] = (where, values)

    # --- step 2: references ------------------------------------------------------------------

    def exists(self, table: str, oid: str) -> bool:
        return oid in self.parsed[table] or oid in self.in_db[table]

    def load_db_ids(self) -> None:
        wanted: dict[str, set[str]] = defaultdict(set)
        for table in TABLES:
            for _, values in self.parsed[table.name].values():
                for col in table.columns:
                    if col.kind == "ref" and values[col.name] and values[col.name] not in self.parsed[col.ref]:
                        wanted[col.ref].add(values[col.name])
        for _, values in self.parsed["attribute"].values():
            entity = values["link_entity"]
            if entity in BY_NAME and values["link_id"] not in self.parsed[entity]:
                wanted[entity].add(values["link_id"])
        for name, ids in wanted.items():
            self.in_db[name].update(_lookup(BY_NAME[name].model, ids, "pk"))

    def check_references(self) -> None:
        labels = {t.name: t.label for t in TABLES}
        for table in TABLES:
            refs = [c for c in table.columns if c.kind == "ref"]
            for where, values in self.parsed[table.name].values():
                for col in refs:
                    oid = values[col.name]
                    if oid and not self.exists(col.ref, oid):
                        raise where.error(f"verwijst naar {col.ref} {oid}, maar die staat niet in "
                                          f"{BY_NAME[col.ref].file} en niet in de database "
                                          f"({labels[col.ref]})", col.name)
        for where, values in self.parsed["attribute"].values():
            entity = values["link_entity"]
            if entity not in LINK_ENTITIES:
                raise where.error(f"onbekende link_entity {entity!r}; verwacht {or_list(LINK_ENTITIES)}",
                                  "link_entity")
            if not self.exists(entity, values["link_id"]):
                raise where.error(f"verwijst naar {entity} {values['link_id']}, maar die bestaat niet", "link_id")

    def db_gemeenten(self, plan: Plan) -> None:
        """The gemeenten of objects already in Kernfoto that the package refers to (for the permission check)."""
        for table, paths in _GEMEENTE_PATHS.items():
            ids = self.in_db.get(table)
            for path in paths if ids else ():
                plan.gemeenten.update(g for g in _lookup(BY_NAME[table].model, ids, path).values() if g)

    # --- step 3: the Dutch profile -----------------------------------------------------------

    def profile_terms(self) -> dict[str, tuple[str, str]]:
        """term id -> (profile taxonomy name, code) for every term of a Kernfoto taxonomy."""
        tax_names = {oid: v["name"] for oid, (_, v) in self.parsed["taxonomy"].items()}
        result = {}
        for oid, (where, values) in self.parsed["taxonomy_term"].items():
            name = tax_names.get(values["taxonomy_id"]) if values["taxonomy_id"] else values["taxonomy"]
            if values["taxonomy_id"] and name is None:
                name = Taxonomy.objects.filter(pk=values["taxonomy_id"]).values_list("name", flat=True).first()
            tax = profile_taxonomy(name or "")
            if tax is None:
                continue
            code = values["code"] or ""
            if code not in tax.codes:
                raise where.error(f"{tax.noun} {code!r} bestaat niet in {tax.name}; kies uit {or_list(tax.codes)}",
                                  "code")
            result[oid] = (tax.name, code)
        db_terms = [v["taxonomy_term_id"] for _, v in self.parsed["attribute"].values()
                    if v["taxonomy_term_id"] not in self.parsed["taxonomy_term"]]
        for i in range(0, len(db_terms), _CHUNK):
            for pk, code, tname, tfree in TaxonomyTerm.objects.filter(pk__in=db_terms[i:i + _CHUNK]).values_list(
                    "pk", "code", "taxonomy__name", "taxonomy_name"):
                tax = profile_taxonomy(tname or tfree or "")
                if tax is not None and code in tax.codes:
                    result[str(pk)] = (tax.name, code)
        return result

    def apply_profile(self, plan: Plan) -> set[str]:
        """Turn Kernfoto-taxonomy attributes into service fields; return the attribute ids used so."""
        terms = self.profile_terms()
        by_service: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        used = set()
        for oid, (where, values) in self.parsed["attribute"].items():
            term = terms.get(values["taxonomy_term_id"])
            if term is None:
                continue
            tax = profile_taxonomy(term[0])
            if values["link_entity"] != "service":
                raise where.error(f"een {tax.noun} hoort bij aanbod (link_entity service), niet bij "
                                  f"{values['link_entity']}", "link_entity")
            if values["link_id"] not in self.parsed["service"]:
                raise where.error(f"{tax.noun} voor aanbod {values['link_id']} dat niet in dit pakket staat; lees het "
                                  "aanbod mee in", "link_id")
            codes = by_service[values["link_id"]][tax.name]
            if not tax.many and codes and codes[0] != term[1]:
                raise where.error(f"het aanbod heeft al {tax.noun} {codes[0]!r}; er kan er maar één zijn",
                                  "taxonomy_term_id")
            if term[1] not in codes:
                codes.append(term[1])
            used.add(oid)
        for sid, (_, values) in self.parsed["service"].items():
            chosen = by_service.get(sid, {})
            for tax in profile_taxonomies():
                codes = [c for c in tax.codes if c in chosen.get(tax.name, ())]  # canonical order
                if tax.many:
                    values[tax.attr] = codes
                else:
                    values[tax.attr] = codes[0] if codes else ProviderKind.PROFESSIONEEL
        self.profile_term_ids = set(terms)
        return used

    def gemeenten(self, plan: Plan) -> None:
        codes = {(v["kernfoto_gemeente"] or "").upper() for _, v in self.parsed["organization"].values()}
        codes.discard("")
        if self.gemeente:
            codes.add(self.gemeente)
        known = set(Area.objects.filter(code__in=codes, level="gemeente").values_list("code", flat=True))
        if self.gemeente and self.gemeente not in known:
            raise InputError(f"gemeente {self.gemeente} is niet bekend; lees eerst de gegevens of grenzen van deze "
                             "gemeente in (kernfoto demo of kernfoto import)", file=self.pkg.source)
        db_gm = _lookup(Organization, self.parsed["organization"], "gemeente_id")
        for oid, (where, values) in self.parsed["organization"].items():
            gm = (values["kernfoto_gemeente"] or "").upper() or self.gemeente
            if gm is None:
                raise where.error("de gemeente ontbreekt: vul kernfoto_gemeente in (bijv. GM1904) of geef --gemeente "
                                  "op", "kernfoto_gemeente")
            if level_of(gm) != "gemeente":
                raise where.error(f"{gm!r} is geen gemeentecode (verwacht GM gevolgd door 4 cijfers)",
                                  "kernfoto_gemeente")
            if gm not in known:
                raise where.error(f"gemeente {gm} is niet bekend in Kernfoto", "kernfoto_gemeente")
            if self.gemeente and gm != self.gemeente:
                raise where.error(f"de organisatie hoort bij {gm}, maar het pakket wordt ingelezen voor "
                                  f"{self.gemeente}", "kernfoto_gemeente")
            if oid in db_gm and db_gm[oid] != gm:
                raise where.error(f"deze organisatie staat al in Kernfoto bij gemeente {db_gm[oid]}", "id")
            values["kernfoto_gemeente"] = gm
            values["kernfoto_is_example"] = bool(values["kernfoto_is_example"])
            plan.gemeenten.add(gm)
        plan.is_example = bool(self.parsed["organization"]) and all(
            v["kernfoto_is_example"] for _, v in self.parsed["organization"].values())

    def org_gemeente(self) -> dict[str, str]:
        gm = {oid: v["kernfoto_gemeente"] for oid, (_, v) in self.parsed["organization"].items()}
        missing = {v["organization_id"] for _, v in self.parsed["service"].values()} | {
            v["organization_id"] for _, v in self.parsed["location"].values() if v["organization_id"]}
        gm.update(_lookup(Organization, missing - set(gm), "gemeente_id"))
        return gm

    def services(self, plan: Plan, org_gm: dict[str, str]) -> dict[str, str]:
        """Check services; return service id -> gemeente (also for services only in the database)."""
        names = {v["kernfoto_assured_by"] for _, v in self.parsed["service"].values() if v["kernfoto_assured_by"]}
        users = dict(get_user_model().objects.filter(username__in=names).values_list("username", "pk"))
        unknown = sorted(names - set(users))
        if unknown:
            plan.warnings.append(f"onbekende gebruiker(s) bij kernfoto_assured_by: {', '.join(unknown)}; "
                                 "'gecontroleerd door' is leeg gelaten")
        db_gm = _lookup(Service, self.parsed["service"], "organization__gemeente_id")
        service_gm = {}
        for oid, (where, values) in self.parsed["service"].items():
            gm = org_gm[values["organization_id"]]
            if oid in db_gm and db_gm[oid] != gm:
                raise where.error(f"dit aanbod staat al in Kernfoto bij gemeente {db_gm[oid]}", "id")
            lo, hi = values["minimum_age"], values["maximum_age"]
            if lo is not None and hi is not None and lo > hi:
                raise where.error(f"de minimumleeftijd ({lo}) is hoger dan de maximumleeftijd ({hi})", "minimum_age")
            values["kernfoto_assured_by"] = users.get(values["kernfoto_assured_by"])
            service_gm[oid] = gm
            plan.gemeenten.add(gm)  # also for services of organisations already in Kernfoto
        sal_service = {oid: v["service_id"] for oid, (_, v) in self.parsed["service_at_location"].items()}
        others = set(sal_service.values()) | {v["service_id"] for _, v in self.parsed["service_area"].values()}
        sal_db = {v["service_at_location_id"] for _, v in self.parsed["service_area"].values()} - set(sal_service)
        sal_service.update(_lookup(ServiceAtLocation, sal_db - {None}, "service_id"))
        self.sal_service = {k: str(v) for k, v in sal_service.items()}
        service_gm.update(_lookup(Service, (others | set(self.sal_service.values())) - set(service_gm) - {None},
                                  "organization__gemeente_id"))
        return service_gm

    def placer(self, gemeente: str) -> Placer:
        if gemeente not in self.placers:
            self.placers[gemeente] = Placer(gemeente)
        return self.placers[gemeente]

    def kern(self, gemeente: str, slug: str, where: Where, column: str):
        placer = self.placer(gemeente)
        kern = placer.kernen.get(slug.strip().lower())
        if kern is None:
            known = ", ".join(sorted(placer.kernen)) or "geen (lees eerst de kernen in)"
            raise where.error(f"onbekende kern {slug!r} in {gemeente}; bekende kernen: {known}", column)
        return kern

    def locations(self, plan: Plan, org_gm: dict[str, str], service_gm: dict[str, str]) -> None:
        via_sal: dict[str, set[str]] = defaultdict(set)
        for _, v in self.parsed["service_at_location"].values():
            if v["service_id"] in service_gm:
                via_sal[v["location_id"]].add(service_gm[v["service_id"]])
        single = plan.gemeenten.copy() if len(plan.gemeenten) == 1 else ({self.gemeente} if self.gemeente else set())
        columns = {"latitude": "latitude", "longitude": "longitude", "buurt": "kernfoto_buurt", "kern": "kernfoto_kern"}
        for oid, (where, values) in self.parsed["location"].items():
            if values["organization_id"]:
                gms = {org_gm[values["organization_id"]]}
            else:
                gms = via_sal.get(oid) or single
            if len(gms) != 1:
                raise where.error("bij welke gemeente hoort deze locatie? Vul organization_id in of geef --gemeente op"
                                  if not gms else f"de locatie wordt gebruikt in meer dan één gemeente "
                                  f"({', '.join(sorted(gms))})", "organization_id")
            [gm] = gms
            plan.gemeenten.add(gm)
            buurt = values["kernfoto_buurt"]
            if buurt:
                buurt = buurt.upper()
                if level_of(buurt) != "buurt":
                    raise where.error(f"{buurt!r} is geen buurtcode (verwacht BU gevolgd door 8 tekens)",
                                      "kernfoto_buurt")
            kern = self.kern(gm, values["kernfoto_kern"], where, "kernfoto_kern") if values["kernfoto_kern"] else None
            try:
                place = self.placer(gm).place(lat=values["latitude"], lon=values["longitude"], buurt=buurt or None,
                                              kern=kern, location_type=values["location_type"])
            except InputError as exc:
                raise where.error(exc.message, columns.get(exc.column or "", exc.column)) from None
            values["kernfoto_buurt"] = place.buurt
            values["kernfoto_kern"] = place.kern.pk if place.kern else None
            values["kernfoto_area_source"] = place.source

    def service_areas(self, service_gm: dict[str, str]) -> None:
        for where, values in self.parsed["service_area"].values():
            if not values["kernfoto_kern"]:
                continue
            sid = values["service_id"] or self.sal_service[values["service_at_location_id"]]
            values["kernfoto_kern"] = self.kern(service_gm[sid], values["kernfoto_kern"], where, "kernfoto_kern").pk

    def periods(self) -> None:
        for table, start, end in (("schedule", "valid_from", "valid_to"), ("cost_option", "valid_from", "valid_to")):
            for where, values in self.parsed[table].values():
                if values[start] and values[end] and values[start] > values[end]:
                    raise where.error(f"{end} ({values[end]}) ligt vóór {start} ({values[start]})", end)

    # --- all -----------------------------------------------------------------------------------

    def run(self) -> Plan:
        plan = Plan(warnings=list(self.pkg.warnings))
        self.parse()
        if not self.parsed["organization"] and not self.parsed["service"]:
            raise InputError("het pakket bevat geen organisaties en geen aanbod", file=self.pkg.files.get(
                "organization", self.pkg.source))
        self.load_db_ids()
        self.check_references()
        self.db_gemeenten(plan)
        self.periods()
        used_attributes = self.apply_profile(plan)
        self.gemeenten(plan)
        org_gm = self.org_gemeente()
        service_gm = self.services(plan, org_gm)
        self.locations(plan, org_gm, service_gm)
        self.service_areas(service_gm)
        profile_taxonomy_ids = {oid for oid, (_, v) in self.parsed["taxonomy"].items() if profile_taxonomy(v["name"])}
        skip = {"attribute": used_attributes, "taxonomy_term": self.profile_term_ids, "taxonomy": profile_taxonomy_ids}
        for table in TABLES:
            dropped = skip.get(table.name, set())
            convert = _model_values(table)
            plan.values[table.name] = {oid: convert(values) for oid, (_, values)
                                       in self.parsed[table.name].items() if oid not in dropped}
        return plan


def _model_values(table: Table):
    """A function turning parsed values (by column) into model field values (by attname), without the id;
    an empty text becomes "" (or the field's text default, e.g. country "NL")."""
    pairs = [(c.name, c.attname) for c in table.columns[1:]]
    defaults = {}
    for c in table.columns[1:]:
        if c.kind in ("text", "email", "url", "choice", "byday"):
            field = table.model._meta.get_field(c.attname)
            if not field.null:
                defaults[c.attname] = field.default if isinstance(field.default, str) else ""
    extra = [key for key in ("themes", "target_groups", "kind") if table.name == "service"]

    def convert(values: dict) -> dict:
        out = {attname: values[name] for name, attname in pairs}
        for attname, default in defaults.items():
            if out[attname] is None:
                out[attname] = default
        for key in extra:
            out[key] = values[key]
        return out

    return convert


def _lookup(model, ids, value: str) -> dict[str, object]:
    """id -> ``value`` for the given ids that exist in the database."""
    from .hsds import existing

    return existing(model, ids, value)


def validate(pkg: RawPackage, gemeente: str | None = None) -> Plan:
    """Check the whole package (raises :class:`InputError`) and return what to write."""
    return _Validator(pkg, gemeente).run()


# --- cells ---------------------------------------------------------------------------------------


def _convert(col: Column, raw: str, where: Where):  # noqa: C901 - one small branch per kind
    kind = col.kind
    if kind in ("id", "ref", "uuid"):
        if _CANONICAL_UUID.match(raw):
            return raw
        try:
            return str(uuid.UUID(raw))
        except ValueError:
            raise where.error(f"{raw!r} is geen geldige id; verwacht een UUID zoals "
                              "3f0c2a9e-1b2c-4d5e-8f90-123456789abc", col.name) from None
    if kind == "email":
        try:
            _EMAIL(raw)
        except ValidationError:
            raise where.error(f"{raw!r} is geen geldig e-mailadres", col.name) from None
        return raw
    if kind == "url":
        try:
            _URL(raw)
        except ValidationError:
            raise where.error(f"{raw!r} is geen geldig webadres (verwacht bijvoorbeeld https://www.voorbeeld.nl)",
                              col.name) from None
        return raw
    if kind == "int":
        try:
            value = int(raw)
        except ValueError:
            raise where.error(f"{raw!r} is geen geheel getal", col.name) from None
        low, high = (-12, 14) if col.name == "timezone" else (0, 32767)
        if not low <= value <= high:
            raise where.error(f"{value} ligt niet tussen {low} en {high}", col.name)
        return value
    if kind in ("lat", "lon", "decimal"):
        text = raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw
        try:
            value = Decimal(text) if kind == "decimal" else float(text)
        except (ValueError, InvalidOperation):
            example = "52.1234" if kind == "lat" else "5.0412" if kind == "lon" else "2.50"
            raise where.error(f"{raw!r} is geen getal (verwacht bijvoorbeeld {example})", col.name) from None
        if kind == "decimal":
            if not value.is_finite() or value.as_tuple().exponent < -2 or abs(value) >= 10**8:
                raise where.error(f"{raw!r} is geen bedrag met hoogstens 2 decimalen", col.name)
            return value
        if not math.isfinite(value):
            raise where.error(f"{raw!r} is geen getal", col.name)
        return value
    if kind == "date":
        value = _date(raw)
        if value is None:
            raise where.error(f"ongeldige datum {raw!r}; verwacht jjjj-mm-dd, bijvoorbeeld 2026-03-14", col.name)
        return value
    if kind == "time":
        m = _TIME.match(raw)
        if not m:
            hint = ("; laat de tijdzone weg (tijden zijn lokale tijd, de kolom timezone geeft de afwijking van UTC)"
                    if re.match(r"^\d{1,2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})$", raw) else "")
            raise where.error(f"ongeldige tijd {raw!r}; verwacht uu:mm, bijvoorbeeld 09:30{hint}", col.name)
        h, mi, s = int(m[1]), int(m[2]), int(m[3] or 0)
        if h > 23 or mi > 59 or s > 59:
            raise where.error(f"ongeldige tijd {raw!r}; verwacht uu:mm tussen 00:00 en 23:59", col.name)
        return dt.time(h, mi, s)
    if kind == "choice":
        value = raw.upper() if col.choices[0].isupper() else raw.lower()
        if value not in col.choices:
            raise where.error(f"onbekende waarde {raw!r}; verwacht {or_list(col.choices)}", col.name)
        return value
    if kind == "byday":
        parts = [p.strip().upper() for p in raw.split(",")]
        bad = [p for p in parts if not _BYDAY.match(p)]
        if bad:
            raise where.error(f"ongeldige dag {bad[0]!r}; verwacht dagen als MO,TU,WE,TH,FR,SA,SU (maandelijks "
                              "bijvoorbeeld 1TU voor de eerste dinsdag)", col.name)
        return ",".join(parts)
    if kind == "bool":
        value = raw.lower()
        if value in ("true", "ja", "1", "yes", "waar"):
            return True
        if value in ("false", "nee", "0", "no", "onwaar"):
            return False
        raise where.error(f"{raw!r} is geen ja/nee-waarde; verwacht true of false", col.name)
    raise AssertionError(kind)  # pragma: no cover


def _date(raw: str) -> dt.date | None:
    for pattern, order in ((r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"), (r"(\d{1,2})-(\d{1,2})-(\d{4})", "dmy")):
        m = re.fullmatch(pattern, raw)
        if m:
            a, b, c = (int(g) for g in m.groups())
            try:
                return dt.date(a, b, c) if order == "ymd" else dt.date(c, b, a)
            except ValueError:
                return None
    return None
