"""The HSDS 3.0 tabular data package as Kernfoto reads and writes it, declared once, as data.

Each :class:`Table` is one CSV file of the package (file name and column order after HSDS 3.0's
``datapackage.json``, restricted to the fields Kernfoto stores, plus the ``kernfoto_*`` columns of
the Dutch profile at the end). The importer (``hsds_validate``), the exporter (``hsds``), the
generated ``datapackage.json`` and the developer documentation (``docs/sociale-basis-hsds.md``)
all derive from this declaration.

Column kinds:

``id``        the object's UUID (primary key)
``ref``       a UUID referring to another table (``ref`` names it)
``text``      free text; ``email`` and ``url`` are checked
``int``/``decimal``/``lat``/``lon``  numbers (``lat``/``lon``: WGS84 degrees inside the Netherlands)
``date``      ``jjjj-mm-dd`` (also ``dd-mm-jjjj`` on import); ``time`` ``uu:mm`` (also ``uu:mm:ss``)
``choice``    one of ``choices``; ``byday`` an RFC 5545 BYDAY list (``MO,WE`` or ``1TU``)
``bool``      ``true``/``false`` (also ``ja``/``nee``, ``1``/``0`` on import)
``profile``   a ``kernfoto_*`` column handled by the importer itself (gemeente, buurt, kern, user)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from functools import cache

from . import models as m

#: Namespace of the UUIDs Kernfoto derives itself (its taxonomies, terms and profile attributes), so
#: the same directory always exports the same identifiers.
NAMESPACE = uuid.UUID("6f1c2b1e-5d1a-4c3e-9a57-4b6b3f0d2e61")

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = False  # the value may not be empty
    ref: str | None = None  # for kind "ref": the table referred to
    choices: tuple[str, ...] = ()
    attr: str | None = None  # model attribute (default: the column name)
    description: str = ""  # for the kernfoto_* columns in datapackage.json

    @property
    def attname(self) -> str:
        return self.attr or self.name


@dataclass(frozen=True)
class Table:
    name: str  # HSDS object name, also link_entity of attributes
    file: str  # file name in the package
    model: type
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()  # other HSDS 3.0 file names (singular; "addresss.csv" of the 3.0 descriptor)
    parents: tuple[str, ...] = ()  # ref columns of which at least one must be filled
    label: str = ""  # Dutch, plural, for summaries
    description: str = ""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        """Columns the header must have (besides at least one of ``parents``)."""
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _id() -> Column:
    return Column("id", "id", required=True)


def _ref(name: str, table: str, required: bool = False) -> Column:
    return Column(name, "ref", required=required, ref=table)


_STATUS = tuple(m.ServiceStatus.values)
_LOCATION_TYPES = tuple(m.LocationType.values)
_AREA_SOURCES = tuple(v for v in m.AreaSource.values if v)
_FREQ = ("WEEKLY", "MONTHLY")
_EXTENT_TYPES = ("geojson", "topojson", "kml", "text", "gemeente")
_PHONE_TYPES = ("text", "voice", "fax", "cell", "video", "pager", "textphone")

TABLES: tuple[Table, ...] = (
    Table("organization", "organizations.csv", m.Organization, (
        _id(), Column("name", required=True), Column("alternate_name"), Column("description"),
        Column("email", "email"), Column("website", "url"), Column("tax_status"), Column("tax_id"),
        Column("year_incorporated", "int"), Column("legal_status"), Column("logo", "url"), Column("uri", "url"),
        _ref("parent_organization_id", "organization"),
        Column("kernfoto_gemeente", "profile", attr="gemeente_id",
               description="CBS-code van de gemeente waarvan deze sociale kaart is (GMxxxx)."),
        Column("kernfoto_is_example", "bool", attr="is_example",
               description="true: voorbeeldgegevens, geen echte organisatie."),
    ), aliases=("organization.csv",), label="organisaties", description="Organisaties die aanbod leveren."),
    Table("service", "services.csv", m.Service, (
        _id(), _ref("organization_id", "organization", required=True), Column("name", required=True),
        Column("alternate_name"), Column("description"), Column("url", "url"), Column("email", "email"),
        Column("status", "choice", required=True, choices=_STATUS), Column("interpretation_services"),
        Column("application_process"), Column("fees_description"), Column("wait_time"),
        Column("eligibility_description"), Column("minimum_age", "int"), Column("maximum_age", "int"),
        Column("assured_date", "date"), Column("assurer_email", "email"), Column("alert"),
        Column("kernfoto_assured_by", "profile", attr="assured_by_id",
               description="Gebruikersnaam (in Kernfoto) van wie het aanbod het laatst controleerde."),
    ), aliases=("service.csv",), label="aanbod", description="Activiteiten en ondersteuning (HSDS service)."),
    Table("location", "locations.csv", m.Location, (
        _id(), Column("location_type", "choice", required=True, choices=_LOCATION_TYPES), Column("url", "url"),
        _ref("organization_id", "organization"), Column("name"), Column("alternate_name"), Column("description"),
        Column("transportation"), Column("latitude", "lat"), Column("longitude", "lon"),
        Column("external_identifier"), Column("external_identifier_type"),
        Column("kernfoto_buurt", "profile", attr="buurt_id",
               description="CBS-buurtcode (BUxxxxxxxx); bij coördinaten berekend met punt-in-buurtgrens."),
        Column("kernfoto_kern", "profile", attr="kern_id",
               description="Slug van de kern van de gemeente; bij coördinaten of buurt afgeleid en gecontroleerd."),
        Column("kernfoto_area_source", "choice", attr="area_source", choices=_AREA_SOURCES,
               description="Waaruit buurt en kern volgen: coordinates, buurt of kern (bij inlezen opnieuw bepaald)."),
    ), aliases=("location.csv",), label="locaties",
        description="Plekken waar aanbod is (adres, postadres of online)."),
    Table("address", "addresses.csv", m.Address, (
        _id(), _ref("location_id", "location", required=True), Column("attention"),
        Column("address_1", required=True), Column("address_2"), Column("city", required=True), Column("region"),
        Column("state_province"), Column("postal_code", required=True), Column("country"),
        Column("address_type", "choice", choices=_LOCATION_TYPES),
    ), aliases=("address.csv", "addresss.csv"), label="adressen", description="Adressen van locaties."),
    Table("service_at_location", "service_at_locations.csv", m.ServiceAtLocation, (
        _id(), _ref("service_id", "service", required=True), _ref("location_id", "location", required=True),
        Column("description"),
    ), aliases=("service_at_location.csv",), label="aanbod op locaties", description="Welk aanbod op welke locatie is."),
    Table("schedule", "schedules.csv", m.Schedule, (
        _id(), _ref("service_id", "service"), _ref("location_id", "location"),
        _ref("service_at_location_id", "service_at_location"), Column("valid_from", "date"),
        Column("valid_to", "date"), Column("dtstart", "date"), Column("timezone", "int"), Column("until", "date"),
        Column("count", "int"), Column("wkst", "choice", choices=DAYS), Column("freq", "choice", choices=_FREQ),
        Column("interval", "int"), Column("byday", "byday"), Column("byweekno"), Column("bymonthday"),
        Column("byyearday"), Column("description"), Column("opens_at", "time"), Column("closes_at", "time"),
        Column("schedule_link", "url"), Column("attending_type"), Column("notes"),
    ), aliases=("schedule.csv",), parents=("service_id", "location_id", "service_at_location_id"),
        label="tijden", description="Wanneer het aanbod is (RFC 5545: freq, byday, opens_at, closes_at)."),
    Table("contact", "contacts.csv", m.Contact, (
        _id(), _ref("organization_id", "organization"), _ref("service_id", "service"),
        _ref("service_at_location_id", "service_at_location"), _ref("location_id", "location"), Column("name"),
        Column("title"), Column("department"), Column("email", "email"),
    ), aliases=("contact.csv",), parents=("organization_id", "service_id", "service_at_location_id", "location_id"),
        label="contactpersonen", description="Contactpersonen of functies; bij voorkeur geen namen."),
    Table("phone", "phones.csv", m.Phone, (
        _id(), _ref("location_id", "location"), _ref("service_id", "service"), _ref("organization_id", "organization"),
        _ref("contact_id", "contact"), _ref("service_at_location_id", "service_at_location"),
        Column("number", required=True), Column("extension"), Column("type", "choice", choices=_PHONE_TYPES),
        Column("description"),
    ), aliases=("phone.csv",),
        parents=("location_id", "service_id", "organization_id", "contact_id", "service_at_location_id"),
        label="telefoonnummers", description="Telefoonnummers van organisaties, aanbod en locaties."),
    Table("taxonomy", "taxonomies.csv", m.Taxonomy, (
        _id(), Column("name", required=True), Column("description"), Column("uri", "url"), Column("version"),
    ), aliases=("taxonomy.csv",), label="taxonomieën", description="Indelingen; kernfoto-thema, kernfoto-doelgroep en kernfoto-soort zijn die van Kernfoto."),
    Table("taxonomy_term", "taxonomy_terms.csv", m.TaxonomyTerm, (
        _id(), Column("code"), Column("name", required=True), Column("description"),
        _ref("parent_id", "taxonomy_term"), Column("taxonomy", attr="taxonomy_name"), Column("language"),
        _ref("taxonomy_id", "taxonomy"), Column("term_uri", "url"),
    ), aliases=("taxonomy_term.csv",), label="taxonomietermen", description="De termen van de indelingen."),
    Table("attribute", "attributes.csv", m.Attribute, (
        _id(), Column("link_id", "uuid", required=True), _ref("taxonomy_term_id", "taxonomy_term", required=True),
        Column("link_type"), Column("link_entity", required=True), Column("value"), Column("label"),
    ), aliases=("attribute.csv",), label="kenmerken", description="Koppelt een term aan aanbod, een locatie of een organisatie."),
    Table("cost_option", "cost_options.csv", m.CostOption, (
        _id(), _ref("service_id", "service", required=True), Column("valid_from", "date"), Column("valid_to", "date"),
        Column("option"), Column("currency"), Column("amount", "decimal"), Column("amount_description"),
    ), aliases=("cost_option.csv",), label="kosten", description="Wat het aanbod kost."),
    Table("language", "languages.csv", m.Language, (
        _id(), _ref("service_id", "service"), _ref("location_id", "location"), _ref("phone_id", "phone"),
        Column("name"), Column("code"), Column("note"),
    ), aliases=("language.csv",), parents=("service_id", "location_id", "phone_id"), label="talen", description="Talen waarin het aanbod er is."),
    Table("accessibility", "accessibility.csv", m.Accessibility, (
        _id(), _ref("location_id", "location", required=True), Column("description"), Column("details"),
        Column("url", "url"),
    ), aliases=(), label="toegankelijkheid", description="Toegankelijkheid van locaties."),
    Table("service_area", "service_areas.csv", m.ServiceArea, (
        _id(), _ref("service_id", "service"), _ref("service_at_location_id", "service_at_location"), Column("name"),
        Column("description"), Column("extent"), Column("extent_type", "choice", choices=_EXTENT_TYPES),
        Column("uri", "url"),
        Column("kernfoto_kern", "profile", attr="kern_id",
               description="Slug van de kern die het aanbod bedient; leeg met extent_type 'gemeente': de hele gemeente."),
    ), aliases=("service_area.csv",), parents=("service_id", "service_at_location_id"), label="werkgebieden", description="Voor welke kernen (of de hele gemeente) het aanbod is."),
)

BY_NAME = {t.name: t for t in TABLES}
BY_FILE = {name: t for t in TABLES for name in (t.file, *t.aliases)}
#: Files of an HSDS package that Kernfoto does not store (reported as a warning, not an error).
IGNORED_FILES = ("programs.csv", "funding.csv", "required_documents.csv", "metadata.csv",
                 "meta_table_descriptions.csv", "organization_identifiers.csv", "service_capacity.csv", "units.csv",
                 "url.csv", "urls.csv")
#: link_entity values of attributes that point at a table Kernfoto stores.
LINK_ENTITIES = tuple(t.name for t in TABLES if t.name not in ("attribute", "taxonomy", "taxonomy_term"))


# --- the Dutch profile as taxonomies -----------------------------------------------------------------


@dataclass(frozen=True)
class ProfileTaxonomy:
    """A Kernfoto taxonomy whose terms classify services (theme, target group, kind of provider)."""

    name: str  # taxonomy.name, e.g. "kernfoto-thema"
    noun: str  # Dutch, for messages: "thema"
    attr: str  # Service attribute it fills
    many: bool  # a list (themes, target_groups) or one value (kind)
    description: str
    link_type: str
    terms: tuple[tuple[str, str, str], ...] = field(default=())  # (code, name, description)

    @property
    def id(self) -> str:
        return str(uuid.uuid5(NAMESPACE, f"taxonomy/{self.name}"))

    def term_id(self, code: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"taxonomy/{self.name}/{code}"))

    def attribute_id(self, service_id: str, code: str) -> str:
        return str(uuid.uuid5(NAMESPACE, f"attribute/{service_id}/{self.name}/{code}"))

    @property
    def codes(self) -> tuple[str, ...]:
        return self._codes

    def __post_init__(self) -> None:
        object.__setattr__(self, "_codes", tuple(code for code, _, _ in self.terms))


@cache
def profile_taxonomies() -> tuple[ProfileTaxonomy, ...]:
    from ..stats.catalogue import catalogue

    themes = tuple((t.id, t.label, t.description) for t in catalogue().themes)
    groups = tuple((v, label, f"Aanbod voor {label}.") for v, label in m.TargetGroup.choices)
    kinds = tuple((v, label, f"Aanbieder: {label}.") for v, label in m.ProviderKind.choices)
    return (
        ProfileTaxonomy("kernfoto-thema", "thema", "themes", True, "Thema's van de indicatorencatalogus van Kernfoto.",
                        "topic", themes),
        ProfileTaxonomy("kernfoto-doelgroep", "doelgroep", "target_groups", True, "Voor wie het aanbod is (doelgroepen).",
                        "eligibility", groups),
        ProfileTaxonomy("kernfoto-soort", "soort aanbieder", "kind", False, "Soort aanbieder: professioneel, vrijwillig, "
                        "inwonersinitiatief of commercieel.", "provider_kind", kinds),
    )


def profile_taxonomy(name: str) -> ProfileTaxonomy | None:
    for tax in profile_taxonomies():
        if tax.name == name:
            return tax
    return None
