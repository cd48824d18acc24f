"""The directory of the sociale basis, shaped after Open Referral HSDS 3.0, with a Dutch profile.

HSDS objects keep their HSDS names and fields (``organization``, ``service``, ``location``,
``service_at_location``, ``schedule``, ``phone``, ``contact``, ``taxonomy``, ``taxonomy_term``,
``attribute``, ``cost_option``, ``language``, ``accessibility``, ``service_area``, ``address``) and
HSDS's UUID identifiers, so an HSDS export and re-import are lossless. The Dutch profile adds what
Kernfoto needs to set offer beside need: the gemeente a directory belongs to, the buurt and kern of
each location, themes from the indicator catalogue, target groups, the kind of provider, and who
checked an entry when (``assured_date``/``assurer_email`` in HSDS, plus the user).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


def _id():
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class ServiceStatus(models.TextChoices):  # HSDS service.status
    ACTIVE = "active", "actief"
    INACTIVE = "inactive", "niet actief"
    DEFUNCT = "defunct", "opgeheven"
    TEMPORARILY_CLOSED = "temporarily closed", "tijdelijk gesloten"


class ProviderKind(models.TextChoices):  # Dutch profile
    PROFESSIONEEL = "professioneel", "professioneel"
    VRIJWILLIG = "vrijwillig", "vrijwillig"
    INWONERSINITIATIEF = "inwonersinitiatief", "inwonersinitiatief"
    COMMERCIEEL = "commercieel", "commercieel"


class TargetGroup(models.TextChoices):  # Dutch profile: "voor wie"
    IEDEREEN = "iedereen", "iedereen"
    JEUGD = "jeugd", "kinderen en jongeren"
    GEZINNEN = "gezinnen", "ouders en gezinnen"
    VOLWASSENEN = "volwassenen", "volwassenen"
    OUDEREN = "ouderen", "ouderen"
    MANTELZORGERS = "mantelzorgers", "mantelzorgers"
    NIEUWKOMERS = "nieuwkomers", "nieuwkomers en statushouders"
    BEPERKING = "beperking", "mensen met een beperking"
    LAAG_INKOMEN = "laag_inkomen", "mensen met een laag inkomen"
    WERKZOEKENDEN = "werkzoekenden", "werkzoekenden"


class LocationType(models.TextChoices):  # HSDS location.location_type
    PHYSICAL = "physical", "adres"
    POSTAL = "postal", "postadres"
    VIRTUAL = "virtual", "online"


class AreaSource(models.TextChoices):
    COORDINATES = "coordinates", "uit de coördinaten (punt in buurtgrens)"
    KERN = "kern", "gekozen kern"
    BUURT = "buurt", "opgegeven buurtcode"
    NONE = "", "onbekend"


class Organization(models.Model):
    id = _id()
    gemeente = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+",
                                 limit_choices_to={"level": "gemeente"})
    name = models.CharField("naam", max_length=300)
    alternate_name = models.CharField("andere naam", max_length=300, blank=True)
    description = models.TextField("beschrijving", blank=True)
    email = models.EmailField("e-mail", blank=True)
    website = models.URLField("website", blank=True)
    tax_status = models.CharField(max_length=100, blank=True)
    tax_id = models.CharField(max_length=100, blank=True)  # KvK-nummer
    year_incorporated = models.PositiveSmallIntegerField(null=True, blank=True)
    legal_status = models.CharField("rechtsvorm", max_length=100, blank=True)
    logo = models.URLField(blank=True)
    uri = models.URLField(blank=True)
    parent_organization = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="children")
    is_example = models.BooleanField("voorbeeld", default=False,
                                     help_text="voorbeeldgegevens, geen echte organisatie")
    editors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="directory_organizations",
                                     help_text="partners die het aanbod van deze organisatie bijhouden")
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    id = _id()
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="services")
    name = models.CharField("naam", max_length=300)
    alternate_name = models.CharField("andere naam", max_length=300, blank=True)
    description = models.TextField("beschrijving", blank=True)
    url = models.URLField("website", blank=True)
    email = models.EmailField("e-mail", blank=True)
    status = models.CharField(max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField("aanmelden", blank=True)
    fees_description = models.TextField("kosten", blank=True)
    wait_time = models.TextField(blank=True)
    eligibility_description = models.TextField("voor wie", blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    alert = models.TextField(blank=True)
    assured_date = models.DateField("laatst gecontroleerd", null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    assured_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    last_modified = models.DateTimeField(auto_now=True)
    # Dutch profile
    kind = models.CharField("soort aanbieder", max_length=20, choices=ProviderKind.choices,
                            default=ProviderKind.PROFESSIONEEL)
    themes = models.JSONField("thema's", default=list, help_text="theme ids from the indicator catalogue")
    target_groups = models.JSONField("doelgroepen", default=list, help_text="TargetGroup values")

    class Meta:
        ordering = ["name"]
        verbose_name = "aanbod"
        verbose_name_plural = "aanbod"

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    id = _id()
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="locations")
    location_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL)
    url = models.URLField(blank=True)
    name = models.CharField("naam", max_length=300, blank=True)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=200, blank=True)  # e.g. a BAG id
    external_identifier_type = models.CharField(max_length=100, blank=True)
    # Dutch profile: where it is on Kernfoto's geography
    buurt = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              limit_choices_to={"level": "buurt"})
    kern = models.ForeignKey("areas.AreaGroup", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="directory_locations")
    area_source = models.CharField(max_length=12, choices=AreaSource.choices, blank=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = "locatie"
        verbose_name_plural = "locaties"

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(models.Model):
    id = _id()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField("adres", max_length=300)
    address_2 = models.CharField(max_length=300, blank=True)
    city = models.CharField("plaats", max_length=200)
    region = models.CharField(max_length=200, blank=True)
    state_province = models.CharField("provincie", max_length=200, blank=True)
    postal_code = models.CharField("postcode", max_length=10)
    country = models.CharField(max_length=2, default="NL")
    address_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL)

    class Meta:
        verbose_name = "adres"
        verbose_name_plural = "adressen"


class ServiceAtLocation(models.Model):
    id = _id()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_here")
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = "aanbod op locatie"
        verbose_name_plural = "aanbod op locaties"


class Schedule(models.Model):
    """HSDS schedule (RFC 5545 style): when a service runs, e.g. freq=WEEKLY, byday=TU, 10:00-12:00."""

    id = _id()
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE,
                                            related_name="schedules")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.IntegerField(null=True, blank=True)  # HSDS: UTC offset in hours
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=10, blank=True)  # WEEKLY | MONTHLY
    interval = models.PositiveIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=100, blank=True)  # "MO,WE" or "1TU"
    byweekno = models.CharField(max_length=100, blank=True)
    bymonthday = models.CharField(max_length=100, blank=True)
    byyearday = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(blank=True)
    attending_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name = "tijden"
        verbose_name_plural = "tijden"


class Contact(models.Model):
    id = _id()
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="contacts")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE,
                                            related_name="contacts")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("naam", max_length=200, blank=True)
    title = models.CharField("functie", max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"


class Phone(models.Model):
    id = _id()
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE,
                                     related_name="phones")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE,
                                            related_name="phones")
    number = models.CharField("telefoonnummer", max_length=40)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=20, blank=True)  # text | voice | fax | cell | video | pager | textphone
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = "telefoonnummer"
        verbose_name_plural = "telefoonnummers"


class Taxonomy(models.Model):
    id = _id()
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name = "taxonomie"
        verbose_name_plural = "taxonomieën"


class TaxonomyTerm(models.Model):
    id = _id()
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    taxonomy = models.ForeignKey(Taxonomy, null=True, blank=True, on_delete=models.CASCADE, related_name="terms")
    taxonomy_name = models.CharField(max_length=200, blank=True)  # HSDS taxonomy_term.taxonomy (free text)
    language = models.CharField(max_length=10, blank=True)
    term_uri = models.URLField(blank=True)

    class Meta:
        verbose_name = "taxonomieterm"
        verbose_name_plural = "taxonomietermen"


class Attribute(models.Model):
    """HSDS attribute: links a taxonomy term to any object (link_type/link_entity/link_id)."""

    id = _id()
    link_id = models.UUIDField(db_index=True)
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes")
    link_type = models.CharField(max_length=100, blank=True)
    link_entity = models.CharField(max_length=50)  # service | organization | location | ...
    value = models.TextField(blank=True)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "kenmerk"
        verbose_name_plural = "kenmerken"


class CostOption(models.Model):
    id = _id()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="EUR", blank=True)
    amount_description = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "kosten"
        verbose_name_plural = "kosten"


class Language(models.Model):
    id = _id()
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    phone = models.ForeignKey(Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=10, blank=True)  # ISO 639, e.g. "nl", "ar"
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "taal"
        verbose_name_plural = "talen"


class Accessibility(models.Model):
    id = _id()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(blank=True)

    class Meta:
        verbose_name = "toegankelijkheid"
        verbose_name_plural = "toegankelijkheid"


class ServiceArea(models.Model):
    """Where a service serves residents; the Dutch profile links it to a kern (or, without kern, the
    whole gemeente when ``extent_type`` is "gemeente")."""

    id = _id()
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="service_areas")
    service_at_location = models.ForeignKey(ServiceAtLocation, null=True, blank=True, on_delete=models.CASCADE,
                                            related_name="service_areas")
    name = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)  # geojson | topojson | kml | text | gemeente
    uri = models.URLField(blank=True)
    kern = models.ForeignKey("areas.AreaGroup", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="served_by")

    class Meta:
        verbose_name = "werkgebied"
        verbose_name_plural = "werkgebieden"


def serves_whole_gemeente(kern_id, extent_type: str | None) -> bool:
    """Whether a service area (its ``kern_id`` and ``extent_type``) covers the whole gemeente: no kern, and the
    extent type "gemeente" (in any case). The one test for the gap analysis and the finder."""
    return kern_id is None and (extent_type or "").strip().lower() == "gemeente"
