"""Write the example directory of the sociale basis (src/kernfoto/data/sociale_basis) for Stichtse Vecht.

All organisations are fictional ("(voorbeeld)" in every name, ``kernfoto_is_example`` true), with
made-up addresses (Voorbeeldstraat ...), telephone numbers in the unused 000 range and e-mail and web
addresses under the reserved ``.example`` domain. Coordinates are a point well inside the named buurt
(the point farthest from the buurt's edges on a 30 x 30 grid), so placement puts every location in
the intended buurt and kern. Identifiers are UUIDs derived from names, so running this again writes
the same files.

The data are built in a temporary SQLite database (the bundled sample is loaded first for buurten,
boundaries and kernen), every location is placed with ``kernfoto.directory.placement``, and the
package is written with ``kernfoto.directory.hsds.export_directory``: the shipped files are exactly
what Kernfoto exports.

    .venv/bin/python scripts/make_sociale_basis_sample.py [OUT_DIR]   # default: src/kernfoto/data/sociale_basis

The design of the example: every theme of the catalogue and every kern has offer, some services
serve several kernen or the whole gemeente, some entries were last checked more than a year before
29 November 2026 (so the freshness mark shows), and there is deliberately NO offer on
bestaanszekerheid (financial help) located in or serving Maarssenbroek, the kern where the figures
show that more residents have difficulty making ends meet than in the gemeente as a whole (and none
within 5 km of it), so the gap analysis has something to show.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NS = uuid.UUID("0b5f2d8e-3c41-4d7a-9e6b-51a2c7d9e004")
GM = "GM1904"


def uid(*parts: str) -> uuid.UUID:
    return uuid.uuid5(NS, "/".join(parts))


# --- the example data ------------------------------------------------------------------------------
# organisations: key -> (name, kind, description, website host, phone)
ORGS = {
    "welzijn": ("Stichting Welzijn Vechtstreek (voorbeeld)", "professioneel",
                "Welzijnswerk voor alle leeftijden: ontmoeting, ouderenadvies en steun voor mantelzorgers.",
                "welzijn-vechtstreek", "0346 000 101"),
    "jongerenwerk": ("Jongerenwerk Stichtse Vecht (voorbeeld)", "professioneel",
                     "Jongerenwerkers in de kernen: inloop, activiteiten en een luisterend oor.", "jongerenwerk-sv",
                     "0346 000 102"),
    "vrijwilligers": ("Vrijwilligerspunt Stichtse Vecht (voorbeeld)", "vrijwillig",
                      "Brengt vrijwilligers en organisaties bij elkaar.", "vrijwilligerspunt-sv", "0346 000 103"),
    "schuldhulp": ("Schuldhulpmaatjes Vecht en Plassen (voorbeeld)", "vrijwillig",
                   "Getrainde vrijwilligers helpen bij geldzaken, post en schulden, samen met de gemeente.",
                   "schuldhulpmaatjes-vp", "0294 000 104"),
    "voedselbank": ("Voedselbank Noordelijke Vecht (voorbeeld)", "vrijwillig",
                    "Voedselpakketten voor huishoudens die tijdelijk niet rond kunnen komen.", "voedselbank-nv",
                    "0294 000 105"),
    "wandelclub": ("Wandelclub De Vechtstappers (voorbeeld)", "inwonersinitiatief",
                   "Inwoners die samen wandelen en bewegen, voor iedereen die mee wil.", "vechtstappers",
                   "0346 000 106"),
    "gezond": ("Stichting Gezond Vechtdal (voorbeeld)", "professioneel",
               "Cursussen en groepen voor een gezonde leefstijl en een sterke gezondheid.", "gezond-vechtdal",
               "030 000 1107"),
    "dorpshuis": ("Dorpshuis De Schakel Tienhoven (voorbeeld)", "inwonersinitiatief",
                  "Het dorpshuis van Tienhoven, gerund door vrijwilligers uit het dorp.", "deschakel-tienhoven",
                  "0346 000 108"),
    "taalhuis": ("Taalhuis Stichtse Vecht (voorbeeld)", "vrijwillig",
                 "Taalmaatjes en taalcafés voor wie beter Nederlands wil leren.", "taalhuis-sv", "0346 000 109"),
    "woonkracht": ("Woonstichting Vechtkracht (voorbeeld)", "professioneel",
                   "Verhuurder van sociale huurwoningen in de Vechtstreek.", "vechtkracht", "030 000 1110"),
    "speelboot": ("Kinderopvang De Speelboot (voorbeeld)", "commercieel",
                  "Kinderopvang en peuterspeelgroepen in de dorpen.", "speelboot", "0346 000 111"),
    "buurtbus": ("Buurtbus Vechtstreek (voorbeeld)", "vrijwillig",
                 "Vrijwillige chauffeurs rijden een kleine bus tussen de dorpen.", "buurtbus-vechtstreek",
                 "0346 000 112"),
    "bibliotheek": ("Bibliotheek Vechtstreek (voorbeeld)", "professioneel",
                    "Lezen, leren en elkaar ontmoeten in de bibliotheek en daarbuiten.", "bibliotheek-vechtstreek",
                    "0346 000 113"),
    "diaconie": ("Diaconaal Platform Loenen (voorbeeld)", "vrijwillig",
                 "Samenwerkende kerken die inwoners in geldnood bijstaan.", "diaconie-loenen", "0294 000 114"),
    "beweegfit": ("Fysiopraktijk Beweegfit (voorbeeld)", "commercieel",
                  "Fysiotherapie en begeleid bewegen voor ouderen.", "beweegfit", "0346 000 115"),
    "wijkteam": ("Sociaal Wijkteam Stichtse Vecht (voorbeeld)", "professioneel",
                 "Het wijkteam helpt bij zorg, opvoeden en meedoen; aanmelden kan zonder verwijzing.",
                 "wijkteam-sv", "0346 000 116"),
}

# locations: key -> (organisation, name, buurt, street, postcode, city, accessible)
LOCATIONS = {
    "kamp": ("welzijn", "Buurtkamer De Kamp (voorbeeld)", "BU19041205", "Voorbeeldkamp 1", "3605 XA", "Maarssen", True),
    "welzijn-dorp": ("welzijn", "Welzijnshuis Maarssen (voorbeeld)", "BU19040110", "Voorbeeldstraat 2", "3601 XA",
                     "Maarssen", True),
    "jongerenhuis-breukelen": ("jongerenwerk", "Jongerenhuis Breukelen (voorbeeld)", "BU19040204", "Voorbeeldlaan 3",
                               "3621 XA", "Breukelen", False),
    "tienerinloop": ("jongerenwerk", "Tienerinloop Zebraspoor (voorbeeld)", "BU19041210", "Voorbeeldspoor 4",
                     "3605 XB", "Maarssen", True),
    "schuldhulp-loenen": ("schuldhulp", "Geldcafé Loenen (voorbeeld)", "BU19040310", "Voorbeelddijk 5", "3632 XA",
                          "Loenen aan de Vecht", True),
    "voedselbank-nigtevecht": ("voedselbank", "Uitgiftepunt Nigtevecht (voorbeeld)", "BU19040804",
                               "Voorbeeldweg 6", "1393 XA", "Nigtevecht", True),
    "voedselbank-vreeland": ("voedselbank", "Uitgiftepunt Vreeland (voorbeeld)", "BU19040603", "Voorbeeldplein 7",
                             "3633 XA", "Vreeland", False),
    "start-kockengen": ("wandelclub", "Startpunt Kerkplein Kockengen (voorbeeld)", "BU19040505", "Voorbeeldplein 8",
                        "3628 XA", "Kockengen", True),
    "beweegtuin-oudzuilen": ("wandelclub", "Beweegtuin Oud-Zuilen (voorbeeld)", "BU19041101", "Voorbeeldpad 9",
                             "3611 XA", "Oud-Zuilen", True),
    "gezond-dorp": ("gezond", "Gezondheidshuis Maarssen (voorbeeld)", "BU19040109", "Voorbeeldlaan 10", "3601 XB",
                    "Maarssen", True),
    "gezond-broek": ("gezond", "Gezondheidspunt Bloemstede (voorbeeld)", "BU19041209", "Voorbeeldstede 11",
                     "3608 XA", "Maarssen", True),
    "schakel": ("dorpshuis", "Dorpshuis De Schakel (voorbeeld)", "BU19040703", "Voorbeeldweg 12", "3612 XA",
                "Tienhoven", True),
    "taalcafe-broek": ("taalhuis", "Taalhuis in de bibliotheek Maarssenbroek (voorbeeld)", "BU19041204",
                       "Voorbeeldstede 13", "3605 XC", "Maarssen", True),
    "vechtkracht-broek": ("woonkracht", "Huurderspunt Maarssenbroek (voorbeeld)", "BU19041207", "Voorbeeldkamp 14",
                          "3605 XD", "Maarssen", True),
    "speelboot-kockengen": ("speelboot", "Peuterspeelgroep De Speelboot (voorbeeld)", "BU19040508",
                            "Voorbeeldstraat 15", "3628 XB", "Kockengen", True),
    "speelboot-nta": ("speelboot", "Peutergroep Nieuwer Ter Aa (voorbeeld)", "BU19040402", "Voorbeeldweg 16",
                      "3631 XA", "Nieuwer Ter Aa", False),
    "buurtbus-halte": ("buurtbus", "Opstapplaats station Breukelen (voorbeeld)", "BU19040207", "Voorbeeldplein 17",
                       "3621 XB", "Breukelen", True),
    "bieb-breukelen": ("bibliotheek", "Bibliotheek Breukelen (voorbeeld)", "BU19040207", "Voorbeeldstraat 18",
                       "3621 XC", "Breukelen", True),
    "bieb-nieuwersluis": ("bibliotheek", "Boekenpunt Nieuwersluis (voorbeeld)", "BU19040905", "Voorbeeldkade 19",
                          "3631 XB", "Nieuwersluis", False),
    "diaconie-loenen": ("diaconie", "Ontmoetingskerk Loenen (voorbeeld)", "BU19040312", "Voorbeeldlaan 20",
                        "3632 XB", "Loenen aan de Vecht", True),
    "beweegfit-breukelen": ("beweegfit", "Praktijk Beweegfit (voorbeeld)", "BU19040211", "Voorbeelddijk 21",
                            "3621 XD", "Breukelen", True),
    "wijkteam-broek": ("wijkteam", "Wijkteam Maarssenbroek (voorbeeld)", "BU19041211", "Voorbeeldkamp 22",
                       "3605 XE", "Maarssen", True),
    "maarsseveen-boerderij": ("welzijn", "Zorgboerderij Maarsseveen (voorbeeld)", "BU19040101", "Voorbeeldweg 23",
                              "3611 XB", "Maarssen", False),
    "loenersloot-dorpshuis": ("vrijwilligers", "Dorpshuis Loenersloot (voorbeeld)", "BU19041003", "Voorbeeldweg 24",
                              "3634 XA", "Loenersloot", True),
}
VIRTUAL = {"online-vrijwilligers": ("vrijwilligers", "Vacaturebank online (voorbeeld)",
                                    "https://vrijwilligerspunt-sv.example/vacatures")}



def by_appointment(text: str) -> tuple:
    """A schedule with only a description (no fixed days)."""
    return (None, "", None, None, text)


# services: (organisation, name, description, themes, target groups, [locations], schedules, cost, areas, assured)
#   schedules: list of (freq, byday, opens, closes, description); cost: (amount or None, fees text)
#   areas: list of kern slugs served, or "gemeente", or None (only where located)
SERVICES = [
    ("welzijn", "Buurtkamer De Kamp (voorbeeld)", "Binnenlopen voor koffie, een praatje en activiteiten.",
     ["eenzaamheid_sociale_basis"], ["iedereen", "ouderen"], ["kamp"],
     [("WEEKLY", "MO,WE,FR", "09:30", "12:00", "Elke maandag, woensdag en vrijdag")], (0, "Gratis"), None,
     "2026-09-14"),
    ("welzijn", "Maatjesproject Samen Op Pad (voorbeeld)",
     "Een vrijwilliger komt eens per week langs voor een wandeling, een kop koffie of een uitje.",
     ["eenzaamheid_sociale_basis"], ["ouderen", "volwassenen"], ["welzijn-dorp"],
     [by_appointment("Eens per week, op een moment dat u samen afspreekt")], (0, "Gratis"),
     ["maarssen-dorp", "maarssenbroek", "oud-zuilen", "maarsseveen", "tienhoven"], "2026-05-02"),
    ("welzijn", "Ouderenadvies (voorbeeld)", "Een ouderenadviseur denkt mee over wonen, zorg en hulp in huis.",
     ["zorg_ondersteuning"], ["ouderen"], ["welzijn-dorp"],
     [("WEEKLY", "TU", "10:00", "12:00", "Spreekuur op dinsdagochtend")], (0, "Gratis"), "gemeente", "2026-10-01"),
    ("welzijn", "Steunpunt Mantelzorg (voorbeeld)",
     "Advies, lotgenotengroepen en respijtzorg voor wie voor een naaste zorgt.",
     ["zorg_ondersteuning", "eenzaamheid_sociale_basis"], ["mantelzorgers"], ["welzijn-dorp"],
     [("MONTHLY", "2TH", "19:30", "21:00", "Lotgenotenavond elke tweede donderdag")], (0, "Gratis"), "gemeente",
     "2026-08-20"),
    ("welzijn", "Zorgboerderij dagbesteding (voorbeeld)", "Dagbesteding op de boerderij met dieren en moestuin.",
     ["zorg_ondersteuning"], ["beperking", "ouderen"], ["maarsseveen-boerderij"],
     [("WEEKLY", "MO,TU,TH", "09:00", "16:00", "Maandag, dinsdag en donderdag")],
     (None, "Met een Wmo-indicatie; de eigen bijdrage hangt af van uw inkomen"), "gemeente", "2024-06-10"),
    ("jongerenwerk", "Jongerenhuis Breukelen (voorbeeld)", "Chillen, gamen en praten met de jongerenwerker.",
     ["jeugd"], ["jeugd"], ["jongerenhuis-breukelen"],
     [("WEEKLY", "WE,FR", "19:00", "22:00", "Woensdag- en vrijdagavond")], (0, "Gratis"), None, "2026-11-02"),
    ("jongerenwerk", "Tienerinloop Zebraspoor (voorbeeld)", "Inloop voor tieners van 10 tot 14 jaar.",
     ["jeugd"], ["jeugd"], ["tienerinloop"], [("WEEKLY", "TU,TH", "15:30", "17:30", "Na schooltijd")], (0, "Gratis"),
     None, "2026-06-30"),
    ("jongerenwerk", "Huiswerkbegeleiding (voorbeeld)", "Vrijwilligers helpen scholieren met plannen en huiswerk.",
     ["jeugd"], ["jeugd", "laag_inkomen"], ["welzijn-dorp"],
     [("WEEKLY", "MO,WE", "15:00", "17:00", "Maandag en woensdag")], (0, "Gratis"), ["maarssen-dorp", "oud-zuilen"],
     "2025-02-11"),
    ("vrijwilligers", "Vacaturebank vrijwilligerswerk (voorbeeld)",
     "Zoek vrijwilligerswerk dat bij u past, of een vrijwilliger voor uw club.",
     ["eenzaamheid_sociale_basis"], ["iedereen"], ["online-vrijwilligers"], [by_appointment("Altijd online")],
     (0, "Gratis"), "gemeente",
     "2026-04-18"),
    ("vrijwilligers", "Dorpshuis Loenersloot: koffie en klussen (voorbeeld)",
     "Ontmoeting in het dorpshuis en een klussenploeg die kleine klussen doet.",
     ["eenzaamheid_sociale_basis", "wonen"], ["iedereen", "ouderen"], ["loenersloot-dorpshuis"],
     [("WEEKLY", "SA", "10:00", "12:00", "Zaterdagochtend")], (0, "Gratis; klussen: alleen materiaalkosten"), None,
     "2026-07-07"),
    ("schuldhulp", "Schuldhulpmaatje (voorbeeld)",
     "Een maatje helpt u overzicht te krijgen in post, geld en schulden, zo lang als nodig.",
     ["bestaanszekerheid"], ["laag_inkomen", "volwassenen"], ["schuldhulp-loenen"],
     [("WEEKLY", "TH", "13:30", "16:00", "Inloop op donderdagmiddag")], (0, "Gratis"),
     ["loenen-aan-de-vecht", "breukelen", "nieuwersluis", "vreeland", "nigtevecht", "loenersloot",
      "nieuwer-ter-aa", "kockengen"], "2026-09-03"),
    ("schuldhulp", "Geldcafé: formulieren en toeslagen (voorbeeld)",
     "Hulp bij toeslagen, kwijtschelding en formulieren van de gemeente en de Belastingdienst.",
     ["bestaanszekerheid"], ["laag_inkomen", "ouderen", "nieuwkomers"], ["schuldhulp-loenen"],
     [("MONTHLY", "1TU", "10:00", "12:00", "Elke eerste dinsdag van de maand")], (0, "Gratis"),
     ["loenen-aan-de-vecht", "vreeland", "nigtevecht"], "2025-04-01"),
    ("voedselbank", "Voedselbank uitgifte Nigtevecht (voorbeeld)", "Wekelijks een voedselpakket na aanmelding.",
     ["bestaanszekerheid"], ["laag_inkomen", "gezinnen"], ["voedselbank-nigtevecht"],
     [("WEEKLY", "FR", "14:00", "16:00", "Vrijdagmiddag")], (0, "Gratis, na aanmelding via het wijkteam of de kerk"),
     ["nigtevecht", "loenersloot"], "2026-03-09"),
    ("voedselbank", "Voedselbank uitgifte Vreeland (voorbeeld)", "Wekelijks een voedselpakket na aanmelding.",
     ["bestaanszekerheid"], ["laag_inkomen", "gezinnen"], ["voedselbank-vreeland"],
     [("WEEKLY", "TH", "14:00", "16:00", "Donderdagmiddag")], (0, "Gratis, na aanmelding via het wijkteam of de kerk"),
     ["vreeland", "loenen-aan-de-vecht", "nieuwersluis"], "2026-03-09"),
    ("wandelclub", "Wandelgroep Kockengen (voorbeeld)", "Elke week een wandeling van een uur door de polder.",
     ["leefstijl", "eenzaamheid_sociale_basis"], ["iedereen", "ouderen"], ["start-kockengen"],
     [("WEEKLY", "TU", "09:30", "10:30", "Dinsdagochtend, bij elk weer")], (0, "Gratis"), None, "2026-10-20"),
    ("wandelclub", "Beweegtuin Oud-Zuilen (voorbeeld)", "Samen oefenen op de toestellen van de beweegtuin.",
     ["leefstijl"], ["ouderen", "volwassenen"], ["beweegtuin-oudzuilen"],
     [("WEEKLY", "SA", "10:00", "11:00", "Zaterdagochtend")], (0, "Gratis"), None, "2026-08-01"),
    ("gezond", "Valpreventie: In Balans (voorbeeld)", "Cursus van tien lessen om vallen te voorkomen.",
     ["gezondheid"], ["ouderen"], ["gezond-dorp"], [("WEEKLY", "WE", "10:00", "11:30", "Woensdagochtend")],
     (25, "€ 25 voor de hele cursus; vaak vergoed door de zorgverzekeraar"), "gemeente", "2026-02-17"),
    ("gezond", "Stoppen met roken in een groep (voorbeeld)", "Samen stoppen met roken, met een coach.",
     ["leefstijl", "gezondheid"], ["volwassenen"], ["gezond-broek"],
     [("WEEKLY", "MO", "19:30", "21:00", "Maandagavond, acht weken")], (0, "Gratis via de zorgverzekering"), None,
     "2026-05-25"),
    ("gezond", "Praatgroep somberheid (voorbeeld)", "Een praatgroep voor wie zich somber of angstig voelt.",
     ["gezondheid", "eenzaamheid_sociale_basis"], ["volwassenen"], ["gezond-broek"],
     [("WEEKLY", "TH", "13:30", "15:00", "Donderdagmiddag")], (0, "Gratis"), ["maarssenbroek", "maarssen-dorp"],
     "2026-06-12"),
    ("dorpshuis", "Koffieochtend in De Schakel (voorbeeld)", "Wekelijkse koffieochtend voor het hele dorp.",
     ["eenzaamheid_sociale_basis"], ["iedereen"], ["schakel"], [("WEEKLY", "WE", "10:00", "12:00", "Woensdagochtend")],
     (1, "€ 1 voor koffie en koek"), ["tienhoven", "maarsseveen"], "2026-09-30"),
    ("dorpshuis", "Repair Café Tienhoven (voorbeeld)", "Samen spullen repareren in plaats van weggooien.",
     ["leefomgeving"], ["iedereen"], ["schakel"], [("MONTHLY", "-1SA", "10:00", "13:00", "Laatste zaterdag")],
     (0, "Gratis; een vrijwillige bijdrage mag"), None, "2024-11-30"),
    ("taalhuis", "Taalcafé Maarssenbroek (voorbeeld)", "Nederlands oefenen in een ontspannen groep.",
     ["eenzaamheid_sociale_basis", "bevolking"], ["nieuwkomers"], ["taalcafe-broek"],
     [("WEEKLY", "TU", "14:00", "15:30", "Dinsdagmiddag")], (0, "Gratis"), None, "2026-07-21"),
    ("taalhuis", "Taalmaatje (voorbeeld)", "Een vrijwilliger oefent een jaar lang wekelijks Nederlands met u.",
     ["bevolking"], ["nieuwkomers", "volwassenen"], ["taalcafe-broek"],
     [by_appointment("Wekelijks, op een moment dat u samen afspreekt")], (0, "Gratis"), "gemeente",
     "2026-01-15"),
    ("woonkracht", "Huurdersspreekuur (voorbeeld)", "Vragen over uw huurwoning, onderhoud en overlast.",
     ["wonen"], ["iedereen"], ["vechtkracht-broek"], [("WEEKLY", "MO,TH", "09:00", "11:00", "Maandag en donderdag")],
     (0, "Gratis voor huurders"), ["maarssenbroek", "maarssen-dorp"], "2026-11-10"),
    ("woonkracht", "Energiecoach aan huis (voorbeeld)", "Een vrijwillige energiecoach geeft tips en plakt tochtstrips.",
     ["wonen"], ["iedereen"], ["vechtkracht-broek"], [by_appointment("Op afspraak")], (0, "Gratis"), "gemeente",
     "2025-10-02"),
    ("speelboot", "Peuterspeelgroep Kockengen (voorbeeld)", "Spelen en leren voor peuters van 2 tot 4 jaar.",
     ["jeugd"], ["gezinnen", "jeugd"], ["speelboot-kockengen"],
     [("WEEKLY", "MO,WE,TH", "08:30", "12:00", "Maandag, woensdag en donderdag")],
     (7.85, "€ 7,85 per uur; met kinderopvangtoeslag of gemeentelijke bijdrage"), None, "2026-09-01"),
    ("speelboot", "Peutergroep Nieuwer Ter Aa (voorbeeld)", "Kleine peutergroep in het dorp.",
     ["jeugd"], ["gezinnen", "jeugd"], ["speelboot-nta"], [("WEEKLY", "TU,FR", "08:30", "12:00", "Dinsdag en vrijdag")],
     (7.85, "€ 7,85 per uur"), None, "2026-09-01"),
    ("buurtbus", "Buurtbus naar de dorpen (voorbeeld)", "Een bus met vrijwillige chauffeurs, ook voor de boodschappen.",
     ["leefomgeving"], ["ouderen", "beperking"], ["buurtbus-halte"],
     [("WEEKLY", "MO,TU,WE,TH,FR", "08:00", "18:00", "Werkdagen, elk uur")], (1.5, "€ 1,50 per rit"),
     ["breukelen", "kockengen", "nieuwer-ter-aa", "loenersloot"], "2026-04-04"),
    ("bibliotheek", "Digicafé (voorbeeld)", "Hulp bij de computer, de telefoon en DigiD.",
     ["eenzaamheid_sociale_basis"], ["ouderen"], ["bieb-breukelen"], [("WEEKLY", "WE", "10:00", "12:00",
                                                                         "Woensdagochtend")], (0, "Gratis"),
     ["breukelen", "nieuwer-ter-aa"], "2026-08-28"),
    ("bibliotheek", "Voorleesochtend (voorbeeld)", "Voorlezen voor kinderen van 2 tot 6 jaar en hun ouders.",
     ["jeugd"], ["gezinnen", "jeugd"], ["bieb-breukelen"], [("WEEKLY", "SA", "10:30", "11:15", "Zaterdagochtend")],
     (0, "Gratis"), None, "2026-08-28"),
    ("bibliotheek", "Boekenpunt Nieuwersluis (voorbeeld)", "Boeken lenen en inleveren in het dorp.",
     ["leefomgeving"], ["iedereen"], ["bieb-nieuwersluis"], [("WEEKLY", "WE", "14:00", "16:00", "Woensdagmiddag")],
     (0, "Gratis met een bibliotheekpas"), None, "2025-06-05"),
    ("diaconie", "Noodfonds en thuisadministratie (voorbeeld)",
     "Snel een gift of voorschot bij geldnood, en hulp met de administratie thuis.",
     ["bestaanszekerheid"], ["laag_inkomen", "gezinnen"], ["diaconie-loenen"],
     [("WEEKLY", "MO", "19:00", "20:30", "Maandagavond of op afspraak")], (0, "Gratis"),
     ["loenen-aan-de-vecht", "nieuwersluis", "vreeland"], "2026-10-12"),
    ("beweegfit", "Seniorenfitness (voorbeeld)", "Begeleid sporten in een kleine groep.",
     ["leefstijl"], ["ouderen"], ["beweegfit-breukelen"], [("WEEKLY", "TU,TH", "10:00", "11:00",
                                                           "Dinsdag en donderdag")],
     (6.5, "€ 6,50 per les"), None, "2026-03-30"),
    ("wijkteam", "Spreekuur Sociaal Wijkteam (voorbeeld)",
     "Vragen over zorg, opvoeden, werk of meedoen? Loop binnen of maak een afspraak.",
     ["zorg_ondersteuning", "jeugd"], ["iedereen", "gezinnen"], ["wijkteam-broek"],
     [("WEEKLY", "MO,WE", "13:00", "15:00", "Maandag- en woensdagmiddag")], (0, "Gratis"),
     ["maarssenbroek", "maarssen-dorp", "oud-zuilen", "maarsseveen"], "2026-11-03"),
    ("wijkteam", "Opvoedspreekuur (voorbeeld)", "Vragen over opvoeden en opgroeien, ook online.",
     ["jeugd"], ["gezinnen"], ["wijkteam-broek"], [("WEEKLY", "TH", "09:00", "10:30", "Donderdagochtend")],
     (0, "Gratis"), "gemeente", "2026-10-05"),
    ("welzijn", "Kookclub Samen Eten (voorbeeld)", "Samen koken en eten voor een klein bedrag.",
     ["eenzaamheid_sociale_basis", "leefstijl"], ["ouderen", "iedereen"], ["kamp"],
     [("MONTHLY", "1WE,3WE", "17:00", "19:30", "Eerste en derde woensdag")], (4, "€ 4 per maaltijd"), None,
     "2026-09-14"),
    ("jongerenwerk", "Sport in de buurt (voorbeeld)", "Voetbal en dans op het veldje, met een jongerenwerker.",
     ["jeugd", "leefstijl"], ["jeugd"], ["tienerinloop"], [("WEEKLY", "WE", "14:00", "16:00", "Woensdagmiddag")],
     (0, "Gratis"), None, "2026-06-30"),
]
LANGUAGES = {"Taalcafé Maarssenbroek (voorbeeld)": [("nl", "Nederlands"), ("ar", "Arabisch"), ("ti", "Tigrinya")],
             "Spreekuur Sociaal Wijkteam (voorbeeld)": [("nl", "Nederlands"), ("en", "Engels"), ("tr", "Turks")],
             "Geldcafé: formulieren en toeslagen (voorbeeld)": [("nl", "Nederlands"), ("pl", "Pools")],
             "Digicafé (voorbeeld)": [("nl", "Nederlands")]}
INACTIVE = {"Boekenpunt Nieuwersluis (voorbeeld)": "temporarily closed"}


# --- building ------------------------------------------------------------------------------------


def interior_point(rings, bbox) -> tuple[float, float]:
    from kernfoto.areas.geo import point_in_area
    from kernfoto.directory.placement import _distance_m

    x0, y0, x1, y1 = bbox
    best = None
    for i in range(1, 30):
        for j in range(1, 30):
            lon, lat = x0 + (x1 - x0) * i / 30, y0 + (y1 - y0) * j / 30
            if point_in_area(lon, lat, rings):
                d = _distance_m(lat, lon, rings)
                if best is None or d > best[0]:
                    best = (d, round(lat, 5), round(lon, 5))
    return best[1], best[2]


def build() -> None:  # noqa: C901 - a script that walks through the example data once
    from decimal import Decimal

    from kernfoto.areas.models import Area, AreaGroup
    from kernfoto.directory import models as m
    from kernfoto.directory.placement import Placer, place_location

    gm = Area.objects.get(code=GM)
    placer = Placer(GM)
    shapes = {s.code: s for s in placer.shapes}
    orgs = {}
    for key, (name, _kind, description, host, phone) in ORGS.items():
        org = m.Organization.objects.create(
            id=uid("org", key), gemeente=gm, name=name, description=description, email=f"info@{host}.example",
            website=f"https://{host}.example", is_example=True)
        m.Phone.objects.create(id=uid("phone", key), organization=org, number=phone, type="voice",
                               description="Algemeen nummer, op werkdagen bereikbaar")
        m.Contact.objects.create(id=uid("contact", key), organization=org, title="Coördinator",
                                 email=f"coordinator@{host}.example")
        orgs[key] = org
    locations = {}
    for key, (org, name, buurt, street, postcode, city, accessible) in LOCATIONS.items():
        lat, lon = interior_point(shapes[buurt].rings, shapes[buurt].bbox)
        loc = m.Location(id=uid("location", key), organization=orgs[org], name=name, latitude=lat, longitude=lon,
                         location_type="physical")
        place_location(loc)
        assert loc.buurt_id == buurt, (key, loc.buurt_id, buurt)
        loc.save()
        m.Address.objects.create(id=uid("address", key), location=loc, address_1=street, city=city,
                                 postal_code=postcode, state_province="Utrecht", country="NL")
        if accessible:
            m.Accessibility.objects.create(id=uid("accessibility", key), location=loc,
                                           description="Rolstoeltoegankelijk, met invalidentoilet")
        locations[key] = loc
    for key, (org, name, url) in VIRTUAL.items():
        loc = m.Location(id=uid("location", key), organization=orgs[org], name=name, url=url, location_type="virtual")
        place_location(loc)
        loc.save()
        locations[key] = loc
    kernen = {g.slug: g for g in AreaGroup.objects.filter(kind="kern", gemeente=gm)}
    for (org, name, description, themes, groups, locs, schedules, (amount, fees), areas, assured) in SERVICES:
        sid = uid("service", name)
        service = m.Service.objects.create(
            id=sid, organization=orgs[org], name=name, description=description, themes=themes,
            target_groups=groups, kind=ORGS[org][1], status=INACTIVE.get(name, "active"), fees_description=fees,
            eligibility_description=", ".join(dict(m.TargetGroup.choices)[g] for g in groups).capitalize(),
            assured_date=dt.date.fromisoformat(assured), assurer_email=f"coordinator@{ORGS[org][3]}.example")
        for loc in locs:
            m.ServiceAtLocation.objects.create(id=uid("sal", name, loc), service=service, location=locations[loc])
        for i, (freq, byday, opens, closes, text) in enumerate(schedules):
            m.Schedule.objects.create(id=uid("schedule", name, str(i)), service=service, freq=freq or "", byday=byday,
                                      interval=1 if freq else None, description=text,
                                      opens_at=dt.time.fromisoformat(opens) if opens else None,
                                      closes_at=dt.time.fromisoformat(closes) if closes else None)
        m.CostOption.objects.create(id=uid("cost", name), service=service, currency="EUR", option="standaard",
                                    amount=None if amount is None else Decimal(str(amount)).quantize(Decimal("0.01")),
                                    amount_description=fees)
        for code, lang in LANGUAGES.get(name, []):
            m.Language.objects.create(id=uid("language", name, code), service=service, code=code, name=lang)
        if areas == "gemeente":
            m.ServiceArea.objects.create(id=uid("area", name), service=service, name="Heel Stichtse Vecht",
                                         extent_type="gemeente")
        elif areas:
            for slug in areas:
                m.ServiceArea.objects.create(id=uid("area", name, slug), service=service, name=kernen[slug].name,
                                             kern=kernen[slug])


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "src/kernfoto/data/sociale_basis"
    tmp = tempfile.mkdtemp()
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/sample.sqlite3"
    from kernfoto.cli import setup_django

    setup_django()
    from django.db import transaction

    from kernfoto.areas.kernen import load_kernen
    from kernfoto.demo import DATA, sample_files
    from kernfoto.directory.hsds import export_directory
    from kernfoto.stats.importing import import_files

    import_files(sample_files())
    load_kernen(DATA / "kernen_stichtse_vecht.yaml")
    with transaction.atomic():
        build()
    for f in sorted(out.glob("*.csv")) + [out / "datapackage.json"]:
        if f.exists():
            f.unlink()
    files = export_directory(GM, "hsds-csv", out)
    print(f"{len(files)} files written to {out}")


if __name__ == "__main__":
    main()
