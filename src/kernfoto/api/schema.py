"""The OpenAPI 3.0.3 schema of the open-data API, as plain data.

The schema is written out by hand (no framework generates it) and is the contract the API is
tested against (``tests/api/test_schema.py`` runs schemathesis on it). Enumerations that come
from the catalogue (indicator ids, themes, population groups) are filled in from
``stats/catalogue.yaml``, so schema and data cannot drift apart. Descriptions are Dutch: they
are read by the users of the API.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from .. import __version__
from ..profiles.model import COMPARISON_CLASSES, STATUSES
from ..stats.catalogue import AGGREGATIONS, KINDS, POLARITIES, catalogue

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
LEVELS = ("gemeente", "kern", "wijk", "buurt")  # levels of the areas of a gemeente
EXPORT_LEVELS = ("land", "gemeente", "kern", "wijk", "buurt")  # levels in the values (Nederland as comparison)
TRENDS = ("", "gestegen", "gedaald", "gelijk gebleven", "niet vergelijkbaar")
FINDING_KINDS = ("kracht", "opgave", "stapeling")
LIMIT_DEFAULT = 1000
LIMIT_MAX = 5000
OFFSET_MAX = 999_999_999
GEMEENTE_PATTERN = r"^GM[0-9]{4}$"
AREA_PATTERN = r"^[A-Za-z0-9_-]{1,80}$"  # a CBS code (GM…, WK…, BU…, NL01) or a kern slug
PERIOD_PATTERN = r"^[0-9]{4}$"
KERN_PATTERN = r"^[a-z0-9_-]{1,80}$"  # a kern slug
DIRECTORY_LIMIT_DEFAULT = 100
DIRECTORY_LIMIT_MAX = 1000
DIRECTORY_Q_MAX = 200
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RFC 5545, as in HSDS schedules (directory.search.DAYS)

EXAMPLE_GEMEENTE = "GM1904"
EXAMPLE_KERN = "maarssen-dorp"
EXAMPLE_INDICATOR = "eenzaam_pct"


def groups() -> list[str]:
    return sorted({g for i in catalogue().indicators for g in i.groups})


def indicator_ids() -> list[str]:
    return sorted(i.id for i in catalogue().indicators)


def theme_ids() -> list[str]:
    return [t.id for t in catalogue().themes]


# --- building blocks ------------------------------------------------------------------------------


def _s(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _n(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "number", "nullable": True, "description": description, **extra}


def _obj(properties: dict[str, Any], description: str = "", *, required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties) if required is None else required,
        "properties": properties,
    }
    if description:
        schema["description"] = description
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(items: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": items}
    if description:
        schema["description"] = description
    return schema


ATTRIBUTION = {
    "bronnen": _array(_s("Bronvermelding, bijvoorbeeld 'Bron: CBS, Kerncijfers wijken en buurten 2024'."),
                      "De bronnen van de gegevens in dit antwoord. Vermeld ze bij hergebruik."),
    "licentie": _s("De licentie van de gegevens.", enum=[LICENCE]),
    "licentie_url": _s("De tekst van de licentie.", enum=[LICENCE_URL]),
}


def _directory_offer() -> dict[str, Any]:
    from ..directory.models import ProviderKind, ServiceStatus, TargetGroup

    return _obj({
        "id": _s("Id van het aanbod (UUID, zoals in HSDS).", format="uuid"),
        "naam": _s("Naam van het aanbod."),
        "organisatie": _s("Naam van de aanbieder."),
        "organisatie_id": _s("Id van de aanbieder (UUID).", format="uuid"),
        "beschrijving": _s("Wat het is."),
        "kernen": _array(_obj({"slug": _s("Slug van de kern.", pattern=KERN_PATTERN), "naam": _s("Naam van de kern.")}),
                         "De kernen waar het aanbod is of waarvoor het is."),
        "hele_gemeente": {"type": "boolean", "description": "Voor inwoners van de hele gemeente."},
        "waar": _s("Adres(sen), of 'online'; meerdere gescheiden door '; '."),
        "wanneer": _s("Wanneer, in woorden, bijvoorbeeld 'elke dinsdag 10.00–12.00 uur'; leeg als het niet bekend is."),
        "dagen": _array(_s("Dag van de week (RFC 5545).", enum=list(DAYS)), "De dagen waarop het aanbod is."),
        "voor_wie": _s("Voor wie, in woorden."),
        "kosten": _s("Wat het kost, in woorden; leeg als het niet bekend is."),
        "aanmelden": _s("Hoe iemand meedoet of zich aanmeldt."),
        "contact": _obj({"telefoon": _array(_s("Telefoonnummer.")), "email": _s("E-mailadres, of leeg."),
                         "website": _s("Website, of leeg.")}, "Algemene contactgegevens (geen personen)."),
        "themas": _array(_s("Id van een thema van de kernfoto.", enum=theme_ids())),
        "doelgroepen": _array(_s("Doelgroep.", enum=list(TargetGroup.values))),
        "soort": _s("Soort aanbieder.", enum=list(ProviderKind.values)),
        "status": _s("Status (HSDS); hier altijd 'active'.", enum=list(ServiceStatus.values)),
        "talen": _array(_s("Taal waarin het aanbod er is.")),
        "toegankelijkheid": _s("Toegankelijkheid van de locatie(s)."),
        "voorbeeld": {"type": "boolean", "description": "Voorbeeldgegevens: een verzonnen aanbieder."},
        "verouderd": {"type": "boolean", "description": "Langer dan een jaar (of nooit) gecontroleerd."},
        "verouderd_tekst": _s("De waarschuwing zoals de website haar toont, of leeg."),
        "gecontroleerd_op": _s("Datum van de laatste controle (ISO), of null.", format="date", nullable=True),
        "pagina": _s("Pad van de pagina van dit aanbod op de website."),
        "afstand_km": _n("Bij een zoekopdracht met kern en afstand: hoe ver (km) het aanbod van de kern ligt, als "
                         "het alleen daardoor gevonden is; anders null (het aanbod is in of voor de kern).",
                         minimum=0),
    }, "Eén aanbod (activiteit, voorziening, ondersteuning) uit de sociale kaart.")


def _components() -> dict[str, Any]:
    statuses = list(STATUSES)
    comparisons = list(COMPARISON_CLASSES)
    gemeente_ref = _obj({"code": _s("CBS-code van de gemeente.", pattern=GEMEENTE_PATTERN),
                         "naam": _s("Naam van de gemeente.")}, "Een gemeente.")
    link = _s("Pad van een ander API-adres (relatief aan de host).")
    source = _obj({
        "id": _s("Id van de bron (het tabelnummer)."),
        "table_id": _s("Tabelnummer bij CBS of RIVM, bijvoorbeeld '50090NED'."),
        "title": _s("Titel van de tabel."),
        "period": _s("Periode van de gebruikte cijfers."),
        "attribution": _s("Bronvermelding."),
        "licence": _s("Licentie van de tabel."),
    }, "Een brontabel van het profiel.")
    figure = _obj({
        "indicator": _s("Id van de indicator (zie /v1/indicatoren).", enum=indicator_ids()),
        "label": _s("Naam van de indicator."),
        "theme": _s("Id van het thema.", enum=theme_ids()),
        "unit": _s("Eenheid, bijvoorbeeld '%', 'personen', 'score'."),
        "polarity": _s("Of een hoge waarde gunstig is.", enum=list(POLARITIES)),
        "value": _n("De waarde; leeg (null) als de status niet 'ok' is."),
        "status": _s("ok, geheim (CBS houdt het geheim), afgeschermd (te klein) of ontbreekt.", enum=statuses),
        "display": _s("De waarde zoals Kernfoto hem toont, met Nederlandse opmaak, of de status."),
        "decimals": {"type": "integer", "minimum": 0, "description": "Aantal decimalen bij weergave."},
        "lower": _n("Ondergrens van het 95%-interval, als er een is."),
        "upper": _n("Bovengrens van het 95%-interval, als er een is."),
        "coverage": _n("Deel (0-1) van het gewicht van een kern dat gedekt is door buurten met een waarde.",
                       minimum=0, maximum=1),
        "weight_note": _s("Met welk gewicht en uit welk jaar een kerncijfer is berekend."),
        "gemeente_value": _n("Dezelfde indicator voor de gemeente."),
        "gemeente_display": _s("Gemeentewaarde zoals getoond."),
        "nl_value": _n("Dezelfde indicator voor Nederland."),
        "nl_display": _s("Waarde voor Nederland zoals getoond."),
        "comparison_gemeente": _s("Vergelijking met de gemeente.", enum=comparisons),
        "comparison_nl": _s("Vergelijking met Nederland.", enum=comparisons),
        "previous_period": _s("De vorige meting waarmee de trend is bepaald.", nullable=True),
        "previous_value": _n("De waarde bij de vorige meting."),
        "previous_display": _s("Vorige waarde zoals getoond."),
        "trend": _s("Ontwikkeling sinds de vorige meting; leeg als er geen is.", enum=list(TRENDS)),
        "is_estimate": {"type": "boolean", "description": "Een modelschatting (zoals de Gezondheidsmonitor)."},
        "source": _s("Id van de bron (zie sources)."),
        "note": _s("Waarom een cijfer ontbreekt of is afgeschermd, of een andere toelichting."),
        "period": _s("Periode van dit cijfer als die afwijkt van de periode van het profiel, anders leeg."),
        "group": _s("Bevolkingsgroep van dit cijfer.", enum=groups()),
        "kind": _s("Soort indicator uit de catalogus (aantallen worden niet vergeleken).",
                   enum=["percentage", "count", "ratio", "mean", "score"]),
    }, "Eén indicator voor één gebied, met gemeente en Nederland ter vergelijking.")
    theme_block = _obj({
        "theme": _s("Id van het thema.", enum=theme_ids()),
        "label": _s("Naam van het thema."),
        "figures": _array(_ref("Figuur")),
        "voices": _s("Wat we horen over dit thema: het aantal goedgekeurde gesprekken en signalen, of leeg."),
    }, "De cijfers van één thema.")
    finding = _obj({
        "kind": _s("kracht, opgave of stapeling (waar het gebied op meerdere thema's ongunstiger is).",
                   enum=list(FINDING_KINDS)),
        "text": _s("De bevinding in één zin."),
        "indicator": _s("Id van de indicator, of leeg."),
        "theme": _s("Id van het thema, of leeg."),
        "curated": {"type": "boolean", "description": "Geschreven door een analist, niet door Kernfoto gevonden."},
    }, "Een kracht of opgave van het gebied.")
    group_value = _obj({
        "group": _s("Bevolkingsgroep.", enum=groups()),
        "value": _n("Waarde voor deze groep."),
        "display": _s("Waarde zoals getoond."),
    })
    group_comparison = _obj({
        "indicator": _s("Id van de indicator.", enum=indicator_ids()),
        "label": _s("Naam van de indicator."),
        "unit": _s("Eenheid."),
        "values": _array(_ref("Groepswaarde")),
        "text": _s("De vergelijking in één zin."),
    }, "Dezelfde indicator voor verschillende bevolkingsgroepen.")
    block = _obj({
        "title": _s("Titel van het blok."),
        "items": _array(_s("Een regel.")),
        "empty_text": _s("Tekst als het blok nog leeg is."),
    }, "Een tekstblok (wat we horen, sociale basis, wat er gebeurt).")
    profile_props = {
        "area_code": _s("CBS-code van het gebied, of de slug van een kern."),
        "area_name": _s("Naam van het gebied."),
        "area_level": _s("Niveau van het gebied.", enum=list(LEVELS)),
        "gemeente_code": _s("CBS-code van de gemeente.", pattern=GEMEENTE_PATTERN),
        "gemeente_name": _s("Naam van de gemeente."),
        "period": _s("Periode van het profiel.", pattern=PERIOD_PATTERN),
        "group": _s("Hoofdgroep van het profiel, of leeg."),
        "population": {"type": "integer", "nullable": True, "description": "Aantal inwoners (zie population_note)."},
        "population_note": _s("Bron en jaar van het aantal inwoners."),
        "members": _array(_s("Naam van een buurt of wijk."), "Voor een kern: de buurten of wijken waaruit hij bestaat."),
        "themes": _array(_ref("Themablok")),
        "findings": _array(_ref("Bevinding")),
        "groups": _array(_ref("Groepsvergelijking")),
        "voices": _ref("Blok"),
        "socialbase": _ref("Blok"),
        "happenings": _ref("Blok"),
        "sources": _array(_ref("ProfielBron")),
        "method_notes": _array(_s("Een toelichting op de methode.")),
        "map_svg": _s("Kaartje van het gebied in zijn gemeente (SVG); alleen met kaart=1."),
        "generated_on": _s("Datum waarop het profiel is gemaakt (ISO)."),
        "version": _s("Versie van Kernfoto."),
        "extra": {"type": "object", "description": "Aanvullende gegevens (vrij).", "additionalProperties": True},
    }
    profile = _obj(profile_props, "Het profiel (de kernfoto) van één gebied en periode.",
                   required=[k for k in profile_props if k != "map_svg"])
    row_props = {
        "area_code": _s("CBS-code van het gebied, of de slug van een kern."),
        "area_name": _s("Naam van het gebied."),
        "area_level": _s("Niveau van het gebied (land = Nederland, ter vergelijking).", enum=list(EXPORT_LEVELS)),
        "period": _s("Periode.", pattern=PERIOD_PATTERN),
        "group": _s("Bevolkingsgroep.", enum=groups()),
        "indicator": _s("Id van de indicator.", enum=indicator_ids()),
        "indicator_label": _s("Naam van de indicator."),
        "theme": _s("Id van het thema.", enum=theme_ids()),
        "unit": _s("Eenheid."),
        "source_table": _s("Tabelnummer van de bron."),
        "source_key": _s("Kolom (of teller/noemer) in de brontabel."),
        "value": _n("De waarde; altijd leeg (null) als de status niet 'ok' is."),
        "status": _s("ok, geheim, afgeschermd of ontbreekt.", enum=statuses),
        "lower": _n("Ondergrens van het 95%-interval; leeg als de status niet 'ok' is."),
        "upper": _n("Bovengrens van het 95%-interval; leeg als de status niet 'ok' is."),
        "coverage": _n("Deel (0-1) van het gewicht gedekt door buurten met een waarde.", minimum=0, maximum=1),
        "weight_note": _s("Gewicht van een kerncijfer."),
        "gemeente_value": _n("Waarde van de gemeente."),
        "nl_value": _n("Waarde van Nederland."),
        "comparison_gemeente": _s("Vergelijking met de gemeente.", enum=comparisons),
        "method_gemeente": _s("Methode van de vergelijking met de gemeente."),
        "comparison_nl": _s("Vergelijking met Nederland.", enum=comparisons),
        "method_nl": _s("Methode van de vergelijking met Nederland."),
        "previous_period": _s("Vorige meting, of leeg."),
        "previous_value": _n("Waarde bij de vorige meting."),
        "trend": _s("Ontwikkeling sinds de vorige meting.", enum=list(TRENDS)),
        "note": _s("Toelichting."),
        "attribution": _s("Bronvermelding."),
    }
    source_table = _obj({
        "tabel": _s("Tabelnummer, bijvoorbeeld '85984NED'."),
        "titel": _s("Titel van de tabel."),
        "uitgever": _s("Wie de tabel publiceert."),
        "periode": _s("Periode van de tabel, als die er één heeft.", nullable=True),
        "bronvermelding": _s("Bronvermelding."),
        "licentie": _s("Licentie."),
    }, "Een brontabel.")
    indicator = _obj({
        "id": _s("Id van de indicator.", enum=indicator_ids()),
        "label": _s("Naam."),
        "definitie": _s("Definitie."),
        "thema": _s("Id van het thema.", enum=theme_ids()),
        "eenheid": _s("Eenheid."),
        "decimalen": {"type": "integer", "minimum": 0, "description": "Aantal decimalen bij weergave."},
        "polariteit": _s("hoog_gunstig, laag_gunstig of geen_oordeel.", enum=list(POLARITIES)),
        "soort": _s("Soort cijfer.", enum=list(KINDS)),
        "aggregatie": _s("Hoe een kern wordt berekend uit zijn buurten.", enum=list(AGGREGATIONS)),
        "groepen": _array(_s("Bevolkingsgroep.", enum=groups())),
        "modelschatting": {"type": "boolean", "description": "Een modelschatting zonder interval."},
        "kernindicator": {"type": "boolean", "description": "Staat op de kernfoto van één pagina."},
        "toelichting": _s("Extra toelichting, of leeg."),
        "bron": _array(_ref("Brontabel"), "De tabellen waaruit de indicator komt."),
    }, "Een indicator uit de catalogus.")
    area = _obj({
        "code": _s("CBS-code (gemeente, wijk, buurt) of, voor een kern, de slug."),
        "naam": _s("Naam."),
        "niveau": _s("Niveau.", enum=list(LEVELS)),
        "ouder": _s("Code van het gebied waar dit gebied onder valt (voor een kern: de gemeente).", nullable=True),
        "leden": _array(_ref("Lid"), "Voor een kern: de buurten of wijken waaruit hij bestaat; anders leeg."),
        "links": _obj({"profiel": link, "waarden": link}),
    }, "Een gebied van de gemeente.")
    return {
        "Fout": _obj({"fout": _s("Wat er mis is, in het Nederlands.")}, "Een foutmelding."),
        "GemeenteRef": gemeente_ref,
        "Gemeente": _obj({
            "code": _s("CBS-code.", pattern=GEMEENTE_PATTERN),
            "naam": _s("Naam."),
            "links": _obj({"gebieden": link, "waarden": link, "profiel": link}),
        }, "Een gemeente met gegevens."),
        "Gemeenten": _obj({"gemeenten": _array(_ref("Gemeente")), **ATTRIBUTION}),
        "Lid": _obj({"code": _s("CBS-code."), "naam": _s("Naam.")}, "Een buurt of wijk van een kern."),
        "Gebied": area,
        "Gebieden": _obj({
            "gemeente": _ref("GemeenteRef"),
            "niveau": _s("Het gevraagde niveau, of null voor alle.", nullable=True),
            "gebieden": _array(_ref("Gebied"), "De gemeente, dan de kernen, wijken en buurten."),
            **ATTRIBUTION,
        }),
        "Thema": _obj({"id": _s("Id.", enum=theme_ids()), "label": _s("Naam."), "beschrijving": _s("Beschrijving.")}),
        "Brontabel": source_table,
        "Indicator": indicator,
        "Indicatoren": _obj({
            "themas": _array(_ref("Thema")),
            "indicatoren": _array(_ref("Indicator")),
            **ATTRIBUTION,
        }),
        "Waarde": _obj(row_props, "Eén rij van de tabel met cijfers (dezelfde kolommen als de export)."),
        "Waarden": _obj({
            "gemeente": _ref("GemeenteRef"),
            "filters": _obj({k: _s(f"Filter op {k}, of null.", nullable=True)
                             for k in ("gebied", "indicator", "periode", "groep", "niveau")}),
            "totaal": {"type": "integer", "minimum": 0, "description": "Aantal rijen dat aan de filters voldoet."},
            "limit": {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX},
            "offset": {"type": "integer", "minimum": 0},
            "volgende": _s("Adres van de volgende bladzijde, of null.", nullable=True),
            "waarden": _array(_ref("Waarde")),
            **ATTRIBUTION,
        }),
        "Figuur": figure,
        "Themablok": theme_block,
        "Bevinding": finding,
        "Groepswaarde": group_value,
        "Groepsvergelijking": group_comparison,
        "Blok": block,
        "ProfielBron": source,
        "Profiel": profile,
        "Aanbod": _directory_offer(),
        "SocialeBasis": _obj({
            "gemeente": _ref("GemeenteRef"),
            "filters": _obj({
                **{k: _s(f"Filter op {k}, of null.", nullable=True) for k in ("q", "kern", "thema", "doelgroep", "dag")},
                "afstand": _n("De afstand tot de kern (km), of null.", minimum=0, maximum=_max_km()),
            }),
            "totaal": {"type": "integer", "minimum": 0, "description": "Aantal aanbod dat aan de filters voldoet."},
            "limit": {"type": "integer", "minimum": 1, "maximum": DIRECTORY_LIMIT_MAX},
            "offset": {"type": "integer", "minimum": 0},
            "volgende": _s("Adres van de volgende bladzijde, of null.", nullable=True),
            "voorbeeld": {"type": "boolean", "description": "Deze bladzijde bevat voorbeeldgegevens (verzonnen)."},
            "aanbod": _array(_ref("Aanbod"), "Het aanbod, het meest passende eerst, dan op naam."),
            "bron": _s("Waar de gegevens vandaan komen."),
        }, "Wat er te doen en te halen is: het actieve aanbod van de sociale kaart van een gemeente."),
        "ProfielAntwoord": _obj({
            "gemeente": _ref("GemeenteRef"),
            "periodes": _array(_s("Periode.", pattern=PERIOD_PATTERN), "Periodes waarvoor de gemeente cijfers heeft."),
            "profiel": _ref("Profiel"),
            **ATTRIBUTION,
        }),
    }


# --- parameters and operations --------------------------------------------------------------------


def _query(name: str, description: str, schema: dict[str, Any], example: Any = None) -> dict[str, Any]:
    param = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
    if example is not None:
        param["example"] = example
    return param


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(ref)}}}


ERROR_400 = {"400": _json("Fout", "Een parameter heeft een ongeldige waarde.")}
ERROR_404 = {"404": _json("Fout", "De gemeente, het gebied of de periode is niet bekend.")}

GEMEENTE_PARAM = {
    "name": "gemeente", "in": "path", "required": True, "example": EXAMPLE_GEMEENTE,
    "description": "CBS-code van de gemeente, bijvoorbeeld GM1904 (Stichtse Vecht). Zie /v1/gemeenten.",
    "schema": {"type": "string", "pattern": GEMEENTE_PATTERN},
}


def _paths() -> dict[str, Any]:
    period_schema = {"type": "string", "pattern": PERIOD_PATTERN}
    return {
        "/openapi.json": {"get": {
            "operationId": "openapi",
            "summary": "Dit schema",
            "description": "De beschrijving van de API in OpenAPI 3.0.3.",
            "tags": ["algemeen"],
            "responses": {"200": {"description": "Het schema.", "content": {"application/json": {
                "schema": {"type": "object", "required": ["openapi", "info", "paths"]}}}}},
        }},
        "/v1/gemeenten": {"get": {
            "operationId": "gemeenten",
            "summary": "Gemeenten met gegevens",
            "description": "De gemeenten waarvan deze installatie wijken, buurten of kernen heeft, met de adressen "
                           "van hun gebieden, waarden en profiel.",
            "tags": ["gebieden"],
            "responses": {"200": _json("Gemeenten", "De gemeenten, op naam.")},
        }},
        "/v1/gemeenten/{gemeente}/gebieden": {"get": {
            "operationId": "gebieden",
            "summary": "Gebieden van een gemeente",
            "description": "De gemeente zelf, haar kernen (met de buurten of wijken waaruit ze bestaan), wijken en "
                           "buurten. Een kern heeft als code zijn slug, bijvoorbeeld 'maarssen-dorp'.",
            "tags": ["gebieden"],
            "parameters": [GEMEENTE_PARAM, _query("niveau", "Alleen gebieden van dit niveau.",
                                                  {"type": "string", "enum": list(LEVELS)}, "kern")],
            "responses": {"200": _json("Gebieden", "De gebieden."), **ERROR_400, **ERROR_404},
        }},
        "/v1/indicatoren": {"get": {
            "operationId": "indicatoren",
            "summary": "De indicatorencatalogus",
            "description": "Alle indicatoren met definitie, thema, eenheid, polariteit (of hoog gunstig is), "
                           "bevolkingsgroepen en bron.",
            "tags": ["indicatoren"],
            "responses": {"200": _json("Indicatoren", "De catalogus.")},
        }},
        "/v1/gemeenten/{gemeente}/waarden": {"get": {
            "operationId": "waarden",
            "summary": "Cijfers (tidy tabel)",
            "description": "Alle cijfers van de gemeente, haar kernen, wijken en buurten en Nederland, per indicator, "
                           "periode en bevolkingsgroep: één rij per cijfer, dezelfde kolommen als de export. Een "
                           "cijfer dat niet 'ok' is (geheim, afgeschermd, ontbreekt) heeft nooit een waarde of "
                           "interval. Gesorteerd op niveau, gebied, indicator, periode en groep; per bladzijde "
                           f"hoogstens {LIMIT_MAX} rijen.",
            "tags": ["cijfers"],
            "parameters": [
                GEMEENTE_PARAM,
                _query("gebied", "CBS-code of kern-slug (zie gebieden).", {"type": "string", "pattern": AREA_PATTERN},
                       EXAMPLE_KERN),
                _query("indicator", "Id van een indicator (zie /v1/indicatoren).",
                       {"type": "string", "enum": indicator_ids()}, EXAMPLE_INDICATOR),
                _query("periode", "Periode (jaar).", period_schema, "2020"),
                _query("groep", "Bevolkingsgroep.", {"type": "string", "enum": groups()}, "18+"),
                _query("niveau", "Niveau van de gebieden.", {"type": "string", "enum": list(EXPORT_LEVELS)}, "kern"),
                _query("limit", f"Aantal rijen per bladzijde (standaard {LIMIT_DEFAULT}).",
                       {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX, "default": LIMIT_DEFAULT}, 100),
                _query("offset", "Aantal rijen om over te slaan.",
                       {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX, "default": 0}, 0),
            ],
            "responses": {"200": _json("Waarden", "Een bladzijde cijfers."), **ERROR_400, **ERROR_404},
        }},
        "/v1/gemeenten/{gemeente}/profielen/{gebied}": {"get": {
            "operationId": "profiel",
            "summary": "Profiel (kernfoto) van een gebied",
            "description": "Het profiel van een kern, wijk, buurt of de gemeente: de cijfers per thema met "
                           "vergelijking en trend, krachten en opgaven, groepen en bronnen; dezelfde gegevens als de "
                           "kernfoto van één pagina.",
            "tags": ["cijfers"],
            "parameters": [
                GEMEENTE_PARAM,
                {"name": "gebied", "in": "path", "required": True, "example": EXAMPLE_KERN,
                 "description": "CBS-code van de gemeente, een wijk of buurt, of de slug van een kern.",
                 "schema": {"type": "string", "pattern": AREA_PATTERN}},
                _query("periode", "Periode; standaard de laatste periode van de gezondheidscijfers.",
                       period_schema, "2020"),
                _query("kaart", "1: neem het kaartje (SVG) op in map_svg.", {"type": "string", "enum": ["0", "1"]},
                       "0"),
            ],
            "responses": {"200": _json("ProfielAntwoord", "Het profiel."), **ERROR_400, **ERROR_404},
        }},
        "/v1/sociale-basis": {"get": {
            "operationId": "socialeBasis",
            "summary": "Wat is er te doen en te halen in een kern?",
            "description": "Het actieve aanbod van de sociale kaart van een gemeente (activiteiten, verenigingen, "
                           "hulp en ondersteuning), met waar, wanneer, voor wie, kosten en contact: dezelfde zoekfunctie "
                           "als de pagina voor inwoners. Alle filters samen moeten kloppen. Zoekwoorden zoeken in naam, "
                           "beschrijving, aanbieder, kern, adres, thema en doelgroep, zonder op hoofdletters of accenten "
                           "te letten ('eenzaam' vindt 'Eenzaamheid'). Een kern vindt het aanbod in die kern, voor die "
                           "kern en voor de hele gemeente; met afstand ook het aanbod op een locatie tot zo ver van "
                           "de kern (afstand_km zegt dan hoe ver), zoals de pagina 'Nood en aanbod' het telt. "
                           "Voorbeeldgegevens hebben 'voorbeeld': true.",
            "tags": ["sociale basis"],
            "parameters": [
                {"name": "gemeente", "in": "query", "required": True, "example": EXAMPLE_GEMEENTE,
                 "description": "CBS-code van de gemeente, bijvoorbeeld GM1904.",
                 "schema": {"type": "string", "pattern": GEMEENTE_PATTERN}},
                _query("q", "Zoekwoorden; ze moeten allemaal voorkomen.", {"type": "string", "maxLength": DIRECTORY_Q_MAX},
                       "koffie"),
                _query("kern", "Slug van een kern (zie gebieden).", {"type": "string", "pattern": KERN_PATTERN},
                       EXAMPLE_KERN),
                _query("afstand", "Alleen met kern: tel ook aanbod mee op een locatie tot zo veel kilometer van het "
                       "gebied van de kern (0, de standaard: alleen in of voor de kern).",
                       {"type": "number", "minimum": 0, "maximum": _max_km(), "default": 0}, 1),
                _query("thema", "Id van een thema.", {"type": "string", "enum": theme_ids()}, "eenzaamheid_sociale_basis"),
                _query("doelgroep", "Voor wie.", {"type": "string", "enum": _target_groups()}, "ouderen"),
                _query("dag", "Dag van de week (RFC 5545: MO maandag … SU zondag).",
                       {"type": "string", "enum": list(DAYS)}, "TU"),
                _query("limit", f"Aantal per bladzijde (standaard {DIRECTORY_LIMIT_DEFAULT}).",
                       {"type": "integer", "minimum": 1, "maximum": DIRECTORY_LIMIT_MAX,
                        "default": DIRECTORY_LIMIT_DEFAULT}, 20),
                _query("offset", "Aantal om over te slaan.",
                       {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX, "default": 0}, 0),
            ],
            "responses": {"200": _json("SocialeBasis", "Een bladzijde aanbod."), **ERROR_400,
                          "404": _json("Fout", "De gemeente of de kern is niet bekend.")},
        }},
    }


def _max_km() -> float:
    from ..directory.gaps import OFFER_RULE

    return OFFER_RULE.max_distance_km


def _target_groups() -> list[str]:
    from ..directory.models import TargetGroup

    return list(TargetGroup.values)


@cache
def _schema() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Kernfoto open data",
            "version": __version__,
            "description": (
                "Cijfers over het sociaal domein per kern, wijk en buurt (CBS Kerncijfers wijken en buurten, "
                "RIVM/GGD'en/CBS Gezondheidsmonitor), berekend door Kernfoto en vergeleken met de gemeente en "
                "Nederland. Alleen lezen, zonder sleutel. De gegevens vallen onder CC BY 4.0: vermeld bij "
                "hergebruik de bronnen uit het veld 'bronnen' en dat de cijfers met Kernfoto zijn bewerkt. Een "
                "cijfer met een andere status dan 'ok' heeft nooit een waarde. Fouten hebben de vorm "
                '{"fout": "..."}.'
            ),
            "license": {"name": "CC BY 4.0 (gegevens); EUPL-1.2 (software)", "url": LICENCE_URL},
        },
        "servers": [{"url": "/api", "description": "Deze installatie"}],
        "tags": [
            {"name": "algemeen", "description": "Over de API."},
            {"name": "gebieden", "description": "Gemeenten, kernen, wijken en buurten."},
            {"name": "indicatoren", "description": "Wat de cijfers betekenen."},
            {"name": "cijfers", "description": "De cijfers zelf."},
            {"name": "sociale basis", "description": "Activiteiten en ondersteuning per kern (de sociale kaart)."},
        ],
        "paths": _paths(),
        "components": {"schemas": _components()},
    }


def openapi_schema() -> dict[str, Any]:
    """The schema as a fresh dict (callers may change it)."""
    return copy.deepcopy(_schema())
