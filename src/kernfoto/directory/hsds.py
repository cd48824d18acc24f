"""Import and export the directory as an HSDS 3.0 package: CSV files (tabular data package) or JSON.

* :func:`import_directory` reads a folder or ``.zip`` with the CSV files, or an HSDS JSON file,
  checks everything first (``hsds_validate``; Dutch messages with file, row and column) and then
  writes in one transaction. Objects are matched on their HSDS id, so importing the same package
  again updates in place. The package is the truth for the details of the objects it contains
  (schedules, phones, contacts, costs, languages, service areas, addresses, accessibility, the
  service-at-location links and attributes): such a detail that is no longer in the package is
  removed. Organisations, services and locations themselves are never removed by an import.
* :func:`export_directory` writes the canonical form: fixed column order (``hsds_tables``), rows
  sorted by id, fixed number formats, the Dutch profile as Kernfoto taxonomies and ``kernfoto_*``
  columns. A package written by Kernfoto and imported again exports byte-identical files.

The layout is documented for developers in ``docs/sociale-basis-hsds.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ..areas.models import Area, AreaGroup
from ..errors import KernfotoError
from . import models as m
from .hsds_read import JSON_IMPLIED, JSON_NAME, NESTED, SINGLE, TOP_LEVEL, WITH_ATTRIBUTES, read_package
from .hsds_tables import BY_NAME, TABLES, Table, profile_taxonomies
from .hsds_validate import Plan, validate

FORMATS = ("hsds-csv", "hsds-json")
_CHUNK = 900
#: Details that belong to a parent object: (child table, reference column) per parent table.
_DETAILS: dict[str, tuple[tuple[str, str], ...]] = {
    "organization": (("phone", "organization_id"), ("contact", "organization_id")),
    "service": tuple((t, "service_id") for t in ("schedule", "phone", "contact", "cost_option", "language",
                                                  "service_area", "service_at_location")),
    "location": tuple((t, "location_id") for t in ("address", "accessibility", "phone", "schedule", "language",
                                                    "contact")),
    "service_at_location": tuple((t, "service_at_location_id") for t in ("schedule", "phone", "contact",
                                                                         "service_area")),
    "contact": (("phone", "contact_id"),),
    "phone": (("language", "phone_id"),),
}


@dataclass
class ImportResult:
    source: str
    fmt: str
    gemeenten: list[str]
    is_example: bool
    created: dict[str, int] = field(default_factory=dict)  # per HSDS table
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def services(self) -> int:
        return self.created.get("service", 0) + self.updated.get("service", 0)

    def lines(self) -> list[str]:
        """A short Dutch summary: what was read, per object, and any warnings."""
        names = dict(Area.objects.filter(code__in=self.gemeenten).values_list("code", "name"))
        where = ", ".join(f"{names.get(c) or c} ({c})" for c in self.gemeenten)
        fmt = "HSDS-CSV" if self.fmt == "hsds-csv" else "HSDS-JSON"
        lines = [f"{self.source}: {fmt} ingelezen voor {where}"
                 + (" — voorbeeldgegevens (voorbeeld), geen echte organisaties" if self.is_example else "")]
        for table in TABLES:
            new, upd = self.created.get(table.name, 0), self.updated.get(table.name, 0)
            if new or upd:
                lines.append(f"  {table.label}: {new + upd} ({new} nieuw, {upd} bijgewerkt)")
        gone = [f"{n} {BY_NAME[t].label}" for t, n in self.removed.items() if n]
        if gone:
            lines.append(f"  verwijderd omdat ze niet meer in het pakket staan: {', '.join(gone)}")
        lines.extend(f"Let op: {w}" for w in self.warnings)
        return lines


def import_directory(path: Path, *, gemeente: str | None = None, user=None) -> ImportResult:
    """Import an HSDS package (folder or .zip with CSV files, or a .json file); see the module docstring.

    ``gemeente`` (GMxxxx) is required when the organisations do not say it (``kernfoto_gemeente``).
    With a ``user``, the import needs the role analyst (``directory.import``) and is audited.
    Raises :class:`~kernfoto.errors.InputError`; then nothing has been written.
    """
    from ..accounts.access import audit, require

    path = Path(path)
    if user is not None and gemeente:
        require(user, "directory.import", gemeente.strip().upper())  # before reading anything
    with _no_gc():
        pkg = read_package(path)
        plan = validate(pkg, gemeente)
        if user is not None:
            for gm in sorted(plan.gemeenten):
                require(user, "directory.import", gm)
        result = ImportResult(source=path.name, fmt=pkg.fmt, gemeenten=sorted(plan.gemeenten),
                              is_example=plan.is_example, warnings=plan.warnings)
        with transaction.atomic():
            _write(plan, result)
            if user is not None:
                for gm in result.gemeenten:
                    audit(user, "directory.import", gemeente=gm, file=path.name, sha256=pkg.sha256,
                          services=result.services, created=result.created, updated=result.updated,
                          removed=result.removed)
            from ..web.models import bump

            bump()  # bulk writes send no signals: mark cached public pages stale
    return result


@contextmanager
def _no_gc():
    """Pause Python's cycle collector while hundreds of thousands of small rows are built (about 25 % of
    the import time of a large package otherwise); the rows hold no reference cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _write(plan: Plan, result: ImportResult) -> None:
    now = timezone.now()
    existed: dict[str, set[str]] = {}
    for table in TABLES:
        rows = plan.values[table.name]
        model = table.model
        old = set(existing(model, rows))
        existed[table.name] = old
        if rows:
            writer = _SqlWriter(model, next(iter(rows.values())), now)
            writer.insert([(oid, values) for oid, values in rows.items() if oid not in old])
            writer.update([(oid, values) for oid, values in rows.items() if oid in old])
        result.created[table.name] = len(rows) - len(old)
        result.updated[table.name] = len(old)
    # details of updated objects that the package no longer has
    removed: dict[str, int] = defaultdict(int)
    for parent, details in _DETAILS.items():
        parents = sorted(existed[parent])
        for child, column in details:
            keep = plan.values[child]
            model = BY_NAME[child].model
            for i in range(0, len(parents), _CHUNK):
                ids = [str(pk) for pk in model.objects.filter(**{f"{column}__in": parents[i:i + _CHUNK]})
                       .values_list("pk", flat=True)]
                stale = [pk for pk in ids if pk not in keep]
                if stale:
                    removed[child] += model.objects.filter(pk__in=stale).delete()[1].get(model._meta.label, 0)
    linked = sorted(set().union(*(existed[t] for t in ("organization", "service", "location", "service_at_location",
                                                        "schedule", "contact", "phone"))))
    for i in range(0, len(linked), _CHUNK):
        stale = [str(pk) for pk in m.Attribute.objects.filter(link_id__in=linked[i:i + _CHUNK])
                 .values_list("pk", flat=True) if str(pk) not in plan.values["attribute"]]
        if stale:
            removed["attribute"] += m.Attribute.objects.filter(pk__in=stale).delete()[0]
    result.removed = dict(removed)


def existing(model, ids, value: str | None = None) -> dict[str, object]:
    """id -> ``value`` (or ``None``) for those of ``ids`` that are in the database.

    Reads the whole table when that is not much larger than the question (a first import into an
    empty or small directory), else asks in chunks of ids.
    """
    ids = set(ids)
    if not ids:
        return {}
    fields = ("pk", value) if value else ("pk",)
    if model.objects.count() <= 4 * len(ids):
        pairs = model.objects.values_list(*fields)
    else:
        ordered = sorted(ids)
        pairs = [p for i in range(0, len(ordered), _CHUNK)
                 for p in model.objects.filter(pk__in=ordered[i:i + _CHUNK]).values_list(*fields)]
    found = {}
    for pair in pairs:
        key = str(pair[0])
        if key in ids:
            found[key] = pair[1] if value else None
    return found


class _SqlWriter:
    """Plain, database-neutral ``INSERT``/``UPDATE`` statements with ``executemany``, for many rows of one model.

    ``bulk_create`` spends most of an import preparing each value of each row through the field
    classes; here every column gets one converter, chosen once (only UUIDs, JSON, dates, times,
    decimals and timestamps need one). ``last_modified`` is set to ``now``.
    """

    def __init__(self, model, sample: dict, now):
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        pk = model._meta.pk
        self.given = [a for a in sample if a in fields]
        self.stamped = [a for a in ("last_modified",) if a in fields]
        self.defaults = [(a, f.get_default()) for a, f in fields.items()
                         if f is not pk and a not in self.given and a not in self.stamped]
        self.convert = {a: self._converter(f) for a, f in fields.items()}
        self.now = {a: self.convert[a](now) if self.convert[a] else now for a in self.stamped}
        self.qn = connection.ops.quote_name
        self.table = self.qn(model._meta.db_table)
        self.pk = pk.column
        self.columns = {a: fields[a].column for a in fields}

    @staticmethod
    def _converter(field):
        target = field.target_field if field.is_relation else field
        kind = target.get_internal_type()
        if kind == "UUIDField":
            if connection.features.has_native_uuid_field:
                return lambda v: None if v is None else uuid.UUID(str(v))
            return lambda v: None if v is None else str(v).replace("-", "")
        if field.is_relation:
            return None
        ops = connection.ops
        if kind == "DateField":
            return ops.adapt_datefield_value
        if kind == "TimeField":
            return ops.adapt_timefield_value
        if kind == "DecimalField":
            return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
        if kind == "JSONField":
            return lambda v: ops.adapt_json_value(v, field.encoder)
        if kind == "DateTimeField":
            return lambda v: field.get_db_prep_save(v, connection)
        return None

    def _row(self, values: dict, attnames: list[str]) -> list:
        convert = self.convert
        return [v if v is None or convert[a] is None else convert[a](v) for a, v in ((a, values[a]) for a in attnames)]

    def insert(self, rows: list[tuple[str, dict]]) -> None:
        if not rows:
            return
        attnames = [self.model._meta.pk.attname, *self.given]
        defaults = [self.convert[a](v) if self.convert[a] and v is not None else v for a, v in self.defaults]
        stamps = [self.now[a] for a in self.stamped]
        cols = [*attnames, *(a for a, _ in self.defaults), *self.stamped]
        sql = (f"INSERT INTO {self.table} ({', '.join(self.qn(self.columns[a]) for a in cols)}) "
               f"VALUES ({', '.join(['%s'] * len(cols))})")
        params = [self._row({"id": oid, **values}, attnames) + defaults + stamps for oid, values in rows]
        self._execute(sql, params)

    def update(self, rows: list[tuple[str, dict]]) -> None:
        if not rows:
            return
        cols = [*self.given, *self.stamped]
        sql = (f"UPDATE {self.table} SET {', '.join(f'{self.qn(self.columns[a])} = %s' for a in cols)} "
               f"WHERE {self.qn(self.pk)} = %s")
        pk_conv = self.convert[self.model._meta.pk.attname]
        stamps = [self.now[a] for a in self.stamped]
        params = [self._row(values, self.given) + stamps + [pk_conv(oid)] for oid, values in rows]
        self._execute(sql, params)

    @staticmethod
    def _execute(sql: str, params: list[list]) -> None:
        with connection.cursor() as cursor:
            for i in range(0, len(params), 2000):
                cursor.executemany(sql, params[i:i + 2000])


# --- export ----------------------------------------------------------------------------------------


def export_directory(gemeente: str | None, fmt: str, out: Path) -> list[Path]:
    """Write the directory (of one gemeente, or everything) to the folder ``out``; return the files.

    ``hsds-csv``: one CSV file per HSDS table plus ``datapackage.json``; ``hsds-json``:
    ``sociale-basis.json`` (organisations with their services, locations and details nested).
    """
    if fmt not in FORMATS:
        raise KernfotoError(f"onbekend formaat {fmt!r}; kies {' of '.join(FORMATS)}")
    if gemeente:
        gemeente = gemeente.strip().upper()
        if not Area.objects.filter(code=gemeente, level="gemeente").exists():
            raise KernfotoError(f"gemeente {gemeente} is niet bekend")
    rows = export_rows(gemeente)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "hsds-json":
        target = out / JSON_NAME
        target.write_text(json.dumps(_json_document(rows, gemeente), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
        return [target]
    written = []
    for table in TABLES:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(table.column_names)
        writer.writerows([r[c] for c in table.column_names] for r in rows[table.name])
        target = out / table.file
        target.write_text(buf.getvalue(), encoding="utf-8")
        written.append(target)
    target = out / "datapackage.json"
    target.write_text(json.dumps(datapackage(gemeente, _is_example(gemeente)), ensure_ascii=False, indent=2) + "\n",
                      encoding="utf-8")
    return [target, *written]


def export_summary(gemeente: str | None, files: list[Path]) -> list[str]:
    """Dutch lines saying what an export wrote."""
    orgs = m.Organization.objects.filter(gemeente_id=gemeente) if gemeente else m.Organization.objects.all()
    services = m.Service.objects.filter(organization__in=orgs).count()
    where = f" van {gemeente}" if gemeente else ""
    kind = "HSDS-JSON" if len(files) == 1 else f"HSDS-CSV, {len(files)} bestanden met datapackage.json"
    lines = [f"{services} aanbod van {orgs.count()} organisaties{where} geschreven naar {files[0].parent} ({kind})"]
    if _is_example(gemeente):
        lines.append("Let op: dit zijn voorbeeldgegevens (voorbeeld), geen echte sociale kaart.")
    return lines


def _is_example(gemeente: str | None) -> bool:
    orgs = m.Organization.objects.filter(gemeente_id=gemeente) if gemeente else m.Organization.objects.all()
    return orgs.exists() and not orgs.filter(is_example=False).exists()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _querysets(gemeente: str | None) -> dict[str, object]:
    """What belongs to the export: everything, or what hangs off the gemeente's organisations."""
    if gemeente is None:
        return {t.name: t.model.objects.all() for t in TABLES}
    orgs = m.Organization.objects.filter(gemeente_id=gemeente)
    services = m.Service.objects.filter(organization__in=orgs)
    sals = m.ServiceAtLocation.objects.filter(service__in=services)
    locations = m.Location.objects.filter(Q(organization__in=orgs) | Q(pk__in=sals.values("location_id"))
                                          | Q(organization__isnull=True, kern__gemeente_id=gemeente))
    contacts = m.Contact.objects.filter(Q(organization__in=orgs) | Q(service__in=services)
                                        | Q(service_at_location__in=sals) | Q(location__in=locations))
    phones = m.Phone.objects.filter(Q(organization__in=orgs) | Q(service__in=services) | Q(location__in=locations)
                                    | Q(contact__in=contacts) | Q(service_at_location__in=sals))
    return {
        "organization": orgs, "service": services, "location": locations, "service_at_location": sals,
        "address": m.Address.objects.filter(location__in=locations),
        "schedule": m.Schedule.objects.filter(Q(service__in=services) | Q(location__in=locations)
                                              | Q(service_at_location__in=sals)),
        "contact": contacts, "phone": phones,
        "cost_option": m.CostOption.objects.filter(service__in=services),
        "language": m.Language.objects.filter(Q(service__in=services) | Q(location__in=locations)
                                              | Q(phone__in=phones)),
        "accessibility": m.Accessibility.objects.filter(location__in=locations),
        "service_area": m.ServiceArea.objects.filter(Q(service__in=services) | Q(service_at_location__in=sals)),
    }


def export_rows(gemeente: str | None) -> dict[str, list[dict[str, str]]]:
    """The canonical tabular form: per HSDS table, rows (column -> text) sorted by id."""
    qs = _querysets(gemeente)
    kern_slugs = dict(AreaGroup.objects.values_list("pk", "slug"))
    usernames = dict(get_user_model().objects.values_list("pk", "username"))
    rows: dict[str, list[dict[str, str]]] = {}
    exported_ids: set[str] = set()
    for table in TABLES:
        if table.name in ("attribute", "taxonomy_term", "taxonomy"):
            continue
        attnames = [c.attname for c in table.columns]
        out = []
        for values in qs[table.name].order_by().values_list(*attnames).distinct():
            row = dict(zip(table.column_names, values, strict=True))
            for name in ("kernfoto_kern",):
                if name in row:
                    row[name] = kern_slugs.get(row[name])
            if "kernfoto_assured_by" in row:
                row["kernfoto_assured_by"] = usernames.get(row["kernfoto_assured_by"])
            out.append({k: _cell(v) for k, v in row.items()})
        out.sort(key=lambda r: r["id"])
        rows[table.name] = out
        exported_ids.update(r["id"] for r in out)
    # attributes: stored ones (other taxonomies) plus the Dutch profile of each service
    attributes = []
    ids = sorted(exported_ids)
    attr_table = BY_NAME["attribute"]
    for i in range(0, len(ids), _CHUNK):
        for values in m.Attribute.objects.filter(link_id__in=ids[i:i + _CHUNK]).values_list(
                *[c.attname for c in attr_table.columns]):
            attributes.append({k: _cell(v) for k, v in zip(attr_table.column_names, values, strict=True)})
    profile_rows = {"taxonomy": [], "taxonomy_term": []}
    services = qs["service"].order_by().values_list("pk", "themes", "target_groups", "kind")
    for tax in profile_taxonomies():
        profile_rows["taxonomy"].append({"id": tax.id, "name": tax.name, "description": tax.description, "uri": "",
                                         "version": ""})
        for code, name, description in tax.terms:
            profile_rows["taxonomy_term"].append({
                "id": tax.term_id(code), "code": code, "name": name, "description": description, "parent_id": "",
                "taxonomy": tax.name, "language": "nl", "taxonomy_id": tax.id, "term_uri": ""})
    for pk, themes, groups, kind in services:
        chosen = {"themes": themes or [], "target_groups": groups or [], "kind": [kind] if kind else []}
        for tax in profile_taxonomies():
            for code in chosen[tax.attr]:
                attributes.append({"id": tax.attribute_id(str(pk), code), "link_id": str(pk),
                                   "taxonomy_term_id": tax.term_id(code), "link_type": tax.link_type,
                                   "link_entity": "service", "value": "", "label": ""})
    rows["attribute"] = sorted(attributes, key=lambda r: r["id"])
    # taxonomy terms and taxonomies: the referenced ones (with their ancestors), or all when not filtered
    terms_qs = m.TaxonomyTerm.objects.all()
    if gemeente is not None:
        wanted = {r["taxonomy_term_id"] for r in attributes}
        found: set[str] = set()
        while wanted - found:
            batch = sorted(wanted - found)
            found |= set(batch)
            wanted |= {str(p) for p in m.TaxonomyTerm.objects.filter(pk__in=batch, parent__isnull=False)
                       .values_list("parent_id", flat=True)}
        terms_qs = terms_qs.filter(pk__in=sorted(found))
    term_table = BY_NAME["taxonomy_term"]
    terms = [{k: _cell(v) for k, v in zip(term_table.column_names, values, strict=True)}
             for values in terms_qs.values_list(*[c.attname for c in term_table.columns])]
    rows["taxonomy_term"] = sorted(terms + profile_rows["taxonomy_term"], key=lambda r: r["id"])
    tax_qs = m.Taxonomy.objects.all()
    if gemeente is not None:
        tax_qs = tax_qs.filter(pk__in=sorted({r["taxonomy_id"] for r in terms if r["taxonomy_id"]}))
    tax_table = BY_NAME["taxonomy"]
    taxonomies = [{k: _cell(v) for k, v in zip(tax_table.column_names, values, strict=True)}
                  for values in tax_qs.values_list(*[c.attname for c in tax_table.columns])]
    rows["taxonomy"] = sorted(taxonomies + profile_rows["taxonomy"], key=lambda r: r["id"])
    return rows


# --- JSON -------------------------------------------------------------------------------------------


def _typed(table: Table, column: str, text: str):
    kind = table.column(column).kind
    if kind in ("text", "email", "url", "choice", "byday", "profile"):
        return text
    if not text:
        return None
    if kind == "int":
        return int(text)
    if kind in ("lat", "lon", "decimal"):
        return float(text)
    if kind == "bool":
        return text == "true"
    return text  # ids, dates, times


def _json_document(rows: dict[str, list[dict[str, str]]], gemeente: str | None) -> dict:
    by_ref: dict[tuple[str, str], dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for table in TABLES:
        for row in rows[table.name]:
            for c in table.columns:
                if c.kind == "ref" and row[c.name]:
                    by_ref[(table.name, c.name)][row[c.name]].append(row)
    attributes: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows["attribute"]:
        attributes[(row["link_entity"], row["link_id"])].append(row)
    index = {t.name: {r["id"]: r for r in rows[t.name]} for t in TABLES}
    emitted: dict[str, set[str]] = defaultdict(set)

    def obj(table_name: str, row: dict[str, str]) -> dict:
        table = BY_NAME[table_name]
        emitted[table_name].add(row["id"])
        out = {c: _typed(table, c, row[c]) for c in table.column_names if c not in JSON_IMPLIED.get(table_name, ())}
        for key, child, column in SINGLE.get(table_name, ()):
            if table_name != "service" and row[column]:  # services are nested under their organisation
                out[key] = obj(child, index[child][row[column]])
        for key, child, column in NESTED.get(table_name, ()):
            out[key] = [obj(child, r) for r in by_ref[(child, column)].get(row["id"], [])]
        if table_name in WITH_ATTRIBUTES:
            out["attributes"] = [obj("attribute", r) for r in attributes.get((table_name, row["id"]), [])]
        return out

    contents = [obj("organization", r) for r in rows["organization"]]
    doc = {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
           "first_page": True, "last_page": True, "empty": not contents, "contents": contents}
    for key, table_name in TOP_LEVEL:
        doc[key] = [obj(table_name, r) for r in rows[table_name] if r["id"] not in emitted[table_name]]
    doc["kernfoto_gemeente"] = gemeente
    doc["kernfoto_is_example"] = _is_example(gemeente)
    return doc


# --- datapackage.json --------------------------------------------------------------------------------

_TYPES = {"int": ("integer", None), "decimal": ("number", None), "lat": ("number", None), "lon": ("number", None),
          "date": ("date", None), "time": ("time", None), "bool": ("boolean", None), "id": ("string", "uuid"),
          "ref": ("string", "uuid"), "uuid": ("string", "uuid"), "email": ("string", "email"),
          "url": ("string", "uri")}


def datapackage(gemeente: str | None, is_example: bool) -> dict:
    """The package descriptor (Frictionless tabular data package) of an export, derived from ``TABLES``."""
    name = Area.objects.filter(code=gemeente).values_list("name", flat=True).first() if gemeente else None
    title = f"Sociale basis van {name or gemeente}" if gemeente else "Sociale basis"
    resources = []
    for table in TABLES:
        fields = []
        for c in table.columns:
            ftype, fmt = _TYPES.get(c.kind, ("string", None))
            f = {"name": c.name, "type": ftype}
            if fmt:
                f["format"] = fmt
            f["constraints"] = {"required": c.required}
            if c.kind == "choice":
                f["constraints"]["enum"] = list(c.choices)
            if c.description:
                f["description"] = c.description
            fields.append(f)
        fkeys = [{"fields": c.name, "reference": {"resource": c.ref, "fields": "id"}}
                 for c in table.columns if c.kind == "ref"]
        resource = {"name": table.name, "path": table.file, "description": table.description,
                    "profile": "tabular-data-resource", "format": "csv",
                    "mediatype": "text/csv", "encoding": "utf-8",
                    "schema": {"fields": fields, "primaryKey": "id", "foreignKeys": fkeys}}
        resources.append(resource)
    return {
        "name": "kernfoto-sociale-basis" + (f"-{gemeente.lower()}" if gemeente else ""),
        "title": title + (" (voorbeeld)" if is_example else ""),
        "description": ("Sociale kaart in het formaat van Open Referral HSDS 3.0 (tabular data package), met het "
                        "Nederlandse profiel van Kernfoto: thema's, doelgroepen en soort aanbieder als taxonomieën "
                        "(kernfoto-thema, kernfoto-doelgroep, kernfoto-soort), gemeente, buurt en kern in "
                        "kernfoto_*-kolommen."
                        + (" Voorbeeldgegevens: verzonnen organisaties, geen echte sociale kaart." if is_example
                           else "")),
        "profile": "tabular-data-package",
        "kernfoto": {"hsds_version": "3.0", "gemeente": gemeente, "voorbeeld": is_example},
        "resources": resources,
    }
