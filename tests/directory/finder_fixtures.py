"""A small, constructed directory in Stichtse Vecht (GM1904) for the finder, page, PDF and API tests.

Three organisations (one of them example data), seven offers, with the cases the finder must handle:
an accent in a name ("Café"), a monthly schedule ("1TH"), several days, an offer serving a second kern
through its service area, one serving the whole gemeente (online), an inactive one, one checked two
years ago (stale) and one never checked. ``TODAY`` is fixed so nothing depends on the wall clock.

The shipped sample (``src/kernfoto/data/sociale_basis``) may be in the database as well, so tests
compare on these offers (``mine(...)``), never on the whole result list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kernfoto.areas.models import AreaGroup
from kernfoto.directory.models import (
    Accessibility,
    Address,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)

GM = "GM1904"
TODAY = dt.date(2026, 11, 29)
RECENT = dt.date(2026, 6, 1)
OLD = dt.date(2024, 10, 1)


@dataclass
class Directory:
    welzijn: Organization
    dorp: Organization
    voorbeeld: Organization
    koffie: Service
    schuld: Service
    mantelzorg: Service
    soos: Service
    repair: Service
    eten: Service
    beweeg: Service
    dorpshuis: Location
    buurthuis: Location

    @property
    def ids(self) -> set[str]:
        return {str(s.pk) for s in (self.koffie, self.schuld, self.mantelzorg, self.soos, self.repair, self.eten,
                                    self.beweeg)}

    def mine(self, hits) -> list[str]:
        """The names of the hits that are offers of this directory, in order."""
        ids = self.ids
        return [h.name for h in hits if h.service_id in ids]


def kern(slug: str) -> AreaGroup:
    return AreaGroup.objects.get(kind="kern", gemeente_id=GM, slug=slug)


def _location(org, name, kern_slug, street, postcode, city, *, virtual=False) -> Location:
    loc = Location.objects.create(organization=org, name=name, location_type="virtual" if virtual else "physical",
                                  kern=None if virtual else kern(kern_slug), area_source="" if virtual else "kern")
    if not virtual:
        Address.objects.create(location=loc, address_1=street, postal_code=postcode, city=city)
    return loc


def _offer(org, name, *, at=(), days="", freq="WEEKLY", opens=None, closes=None, **fields) -> Service:
    service = Service.objects.create(organization=org, name=name, **fields)
    for loc in at:
        ServiceAtLocation.objects.create(service=service, location=loc)
    if days or freq == "DAILY":
        Schedule.objects.create(service=service, freq=freq, byday=days, opens_at=opens, closes_at=closes)
    return service


def make_directory() -> Directory:
    gm_id = GM
    welzijn = Organization.objects.create(gemeente_id=gm_id, name="Welzijn Vechtstreek (test)",
                                          description="Welzijnswerk in Stichtse Vecht.", email="info@welzijn.test",
                                          website="https://welzijn.test/")
    Phone.objects.create(organization=welzijn, number="0346 000 111")
    dorp = Organization.objects.create(gemeente_id=gm_id, name="Dorpsvereniging Kockengen (test)")
    voorbeeld = Organization.objects.create(gemeente_id=gm_id, name="Buurtkamer Vreeland (voorbeeld)",
                                            is_example=True)

    dorpshuis = _location(welzijn, "Dorpshuis De Ark", "breukelen", "Kerkplein 3", "3621 AA", "Breukelen")
    Accessibility.objects.create(location=dorpshuis, description="rolstoeltoegankelijk, invalidentoilet")
    buurthuis = _location(welzijn, "Buurthuis Op de Hoek", "maarssenbroek", "Bisonspoor 1", "3605 KN", "Maarssen")
    online = _location(welzijn, "", "", "", "", "", virtual=True)
    kantine = _location(dorp, "Sportkantine Kockengen", "kockengen", "Sportlaan 2", "3628 EA", "Kockengen")
    vreeland = _location(voorbeeld, "Buurtkamer", "vreeland", "Dorpsstraat 10", "3633 AE", "Vreeland")

    koffie = _offer(welzijn, "Koffieochtend voor ouderen", at=[dorpshuis], days="TU", opens=dt.time(10),
                    closes=dt.time(12), description="Samen koffie drinken, een praatje maken: minder eenzaamheid.",
                    themes=["eenzaamheid_sociale_basis"], target_groups=["ouderen"], kind="professioneel",
                    assured_date=RECENT)
    CostOption.objects.create(service=koffie, amount=Decimal("0"), option="")
    schuld = _offer(welzijn, "Spreekuur geldzaken", at=[buurthuis], days="1TH", freq="MONTHLY",
                    opens=dt.time(19, 30), closes=dt.time(21),
                    description="Hulp bij rekeningen, schulden en toeslagen. Zonder afspraak.",
                    themes=["bestaanszekerheid"], target_groups=["laag_inkomen", "volwassenen"],
                    fees_description="gratis", assured_date=RECENT, email="geld@welzijn.test")
    ServiceArea.objects.create(service=schuld, kern=kern("breukelen"), name="Breukelen")
    Phone.objects.create(service=schuld, number="0346 000 222")
    mantelzorg = _offer(welzijn, "Mantelzorgsteunpunt", at=[online], days="MO,WE,FR", opens=dt.time(9),
                        closes=dt.time(17), description="Advies en een luisterend oor voor mantelzorgers.",
                        themes=["zorg_ondersteuning"], target_groups=["mantelzorgers"], assured_date=OLD)
    ServiceArea.objects.create(service=mantelzorg, extent_type="gemeente", name="Stichtse Vecht")
    Language.objects.create(service=mantelzorg, code="nl", name="Nederlands")
    Language.objects.create(service=mantelzorg, code="ar", name="Arabisch")
    soos = _offer(dorp, "Jeugdsoos Café 't Hoekje", at=[kantine], days="FR", opens=dt.time(19), closes=dt.time(23),
                  description="Elke vrijdag de soos voor jongeren uit het dorp.", themes=["jeugd"],
                  target_groups=["jeugd"], kind="inwonersinitiatief", minimum_age=12, maximum_age=17,
                  assured_date=RECENT)
    CostOption.objects.create(service=soos, amount=Decimal("1.00"), amount_description="per avond")
    repair = _offer(dorp, "Repair café", at=[kantine], days="SA", opens=dt.time(10), closes=dt.time(13),
                    description="Samen spullen repareren.", themes=["leefomgeving"], target_groups=["iedereen"],
                    kind="vrijwillig", status="inactive", assured_date=RECENT)
    eten = _offer(voorbeeld, "Samen eten (voorbeeld)", at=[vreeland], days="WE", opens=dt.time(17, 30),
                  closes=dt.time(19, 30), description="Een warme maaltijd met dorpsgenoten.",
                  themes=["eenzaamheid_sociale_basis"], target_groups=["ouderen"], kind="vrijwillig",
                  assured_date=None)
    CostOption.objects.create(service=eten, amount=Decimal("5.50"), amount_description="per maaltijd")
    beweeg = _offer(welzijn, "Beweegmaatje", at=[dorpshuis, buurthuis], days="MO,TH", opens=dt.time(14),
                    closes=dt.time(15), description="Wandelen in een groepje, op je eigen tempo.",
                    themes=["leefstijl", "eenzaamheid_sociale_basis"], target_groups=["ouderen", "beperking"],
                    assured_date=RECENT)
    return Directory(welzijn=welzijn, dorp=dorp, voorbeeld=voorbeeld, koffie=koffie, schuld=schuld,
                     mantelzorg=mantelzorg, soos=soos, repair=repair, eten=eten, beweeg=beweeg,
                     dorpshuis=dorpshuis, buurthuis=buurthuis)
