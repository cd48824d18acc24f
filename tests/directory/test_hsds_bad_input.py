"""Every kind of bad HSDS input: the exact Dutch message (file, row, column) and a database left as it was."""

from __future__ import annotations

import json

import pytest
from hsds_helpers import GM, copy_sample, edit, read_rows, row_of, snapshot, write_rows

from kernfoto.directory.hsds import export_directory, import_directory
from kernfoto.directory.models import Service
from kernfoto.errors import InputError

UUID_HINT = "verwacht een UUID zoals 3f0c2a9e-1b2c-4d5e-8f90-123456789abc"
NOWHERE = "7d1c9a57-0000-4000-8000-000000000001"
KERNEN = ("breukelen, kockengen, loenen-aan-de-vecht, loenersloot, maarssen-dorp, maarssenbroek, maarsseveen, "
          "nieuwer-ter-aa, nieuwersluis, nigtevecht, oud-zuilen, tienhoven, vreeland")


def _service(pkg, name="Digicafé (voorbeeld)"):
    return row_of(pkg, "services.csv", "name", name)


def _location(pkg, name="Uitgiftepunt Nigtevecht (voorbeeld)"):
    return row_of(pkg, "locations.csv", "name", name)


def missing_file(pkg):
    (pkg / "services.csv").unlink()
    return pkg, ("bestand services.csv: het bestand services.csv ontbreekt in pakket; een HSDS-pakket heeft minstens "
                 "organizations.csv en services.csv")


def missing_column(pkg):
    header, rows = read_rows(pkg / "services.csv")
    write_rows(pkg / "services.csv", [h for h in header if h != "status"],
               [{k: v for k, v in r.items() if k != "status"} for r in rows])
    return pkg, ("bestand services.csv, rij 1, kolom status: kolom 'status' ontbreekt (verplicht in services.csv: id, "
                 "organization_id, name, status)")


def unknown_organization(pkg):
    row, _ = _service(pkg)
    edit(pkg, "services.csv", {"name": "Digicafé (voorbeeld)"}, {"organization_id": NOWHERE})
    return pkg, (f"bestand services.csv, rij {row}, kolom organization_id: verwijst naar organization {NOWHERE}, maar "
                 "die staat niet in organizations.csv en niet in de database (organisaties)")


def bad_uuid(pkg):
    row, _ = _service(pkg)
    edit(pkg, "services.csv", {"name": "Digicafé (voorbeeld)"}, {"id": "digicafe-1"})
    return pkg, f"bestand services.csv, rij {row}, kolom id: 'digicafe-1' is geen geldige id; {UUID_HINT}"


def duplicate_id(pkg):
    header, rows = read_rows(pkg / "schedules.csv")
    rows.append(dict(rows[0]))
    write_rows(pkg / "schedules.csv", header, rows)
    return pkg, (f"bestand schedules.csv, rij {len(rows) + 1}, kolom id: id {rows[0]['id']} komt al voor in "
                 "schedules.csv (rij 2)")


def text_in_latitude(pkg):
    row, _ = _location(pkg)
    edit(pkg, "locations.csv", {"name": "Uitgiftepunt Nigtevecht (voorbeeld)"}, {"latitude": "bij de kerk"})
    return pkg, (f"bestand locations.csv, rij {row}, kolom latitude: 'bij de kerk' is geen getal (verwacht "
                 "bijvoorbeeld 52.1234)")


def outside_the_netherlands(pkg):
    row, _ = _location(pkg)
    edit(pkg, "locations.csv", {"name": "Uitgiftepunt Nigtevecht (voorbeeld)"},
         {"latitude": "48.8584", "longitude": "2.2945"})
    return pkg, (f"bestand locations.csv, rij {row}, kolom latitude: de coördinaten (48.8584, 2.2945) liggen niet in "
                 "Nederland (verwacht breedtegraad 50.7–53.6 en lengtegraad 3.3–7.25, in graden WGS84)")


def swapped_coordinates(pkg):
    row, loc = _location(pkg)
    edit(pkg, "locations.csv", {"id": loc["id"]}, {"latitude": loc["longitude"], "longitude": loc["latitude"]})
    return pkg, (f"bestand locations.csv, rij {row}, kolom latitude: de coördinaten (5.02493, 52.27458) liggen niet in "
                 "Nederland; breedtegraad (latitude) en lengtegraad (longitude) lijken omgewisseld")


def outside_the_gemeente(pkg):
    row, _ = _location(pkg)
    edit(pkg, "locations.csv", {"name": "Uitgiftepunt Nigtevecht (voorbeeld)"},
         {"latitude": "52.0907", "longitude": "5.1214", "kernfoto_kern": "", "kernfoto_buurt": ""})  # Utrecht, Dom
    return pkg, (f"bestand locations.csv, rij {row}, kolom latitude: de coördinaten (52.0907, 5.1214) liggen buiten "
                 "gemeente Stichtse Vecht (GM1904)")


def kern_disagrees(pkg):
    row, _ = _location(pkg)
    edit(pkg, "locations.csv", {"name": "Uitgiftepunt Nigtevecht (voorbeeld)"},
         {"kernfoto_kern": "breukelen", "kernfoto_buurt": ""})
    return pkg, (f"bestand locations.csv, rij {row}, kolom kernfoto_kern: de coördinaten liggen in buurt Nigtevecht "
                 "Dorp (BU19040804) (kern Nigtevecht), niet in de gekozen kern Breukelen")


def unknown_kern(pkg):
    row, _ = _location(pkg)
    edit(pkg, "locations.csv", {"name": "Uitgiftepunt Nigtevecht (voorbeeld)"}, {"kernfoto_kern": "atlantis"})
    return pkg, f"bestand locations.csv, rij {row}, kolom kernfoto_kern: onbekende kern 'atlantis' in GM1904; " \
                f"bekende kernen: {KERNEN}"


def unknown_buurt(pkg):
    row, _ = _location(pkg)
    edit(pkg, "locations.csv", {"name": "Uitgiftepunt Nigtevecht (voorbeeld)"},
         {"latitude": "", "longitude": "", "kernfoto_buurt": "BU19049999"})
    return pkg, (f"bestand locations.csv, rij {row}, kolom kernfoto_buurt: buurtcode BU19049999 is geen buurt van "
                 "gemeente GM1904")


def not_a_buurt_code(pkg):
    row, _ = _location(pkg)
    edit(pkg, "locations.csv", {"name": "Uitgiftepunt Nigtevecht (voorbeeld)"}, {"kernfoto_buurt": "Dorp"})
    return pkg, (f"bestand locations.csv, rij {row}, kolom kernfoto_buurt: 'DORP' is geen buurtcode (verwacht BU "
                 "gevolgd door 8 tekens)")


def nowhere_at_all(pkg):
    row, _ = _location(pkg)
    edit(pkg, "locations.csv", {"name": "Uitgiftepunt Nigtevecht (voorbeeld)"},
         {"latitude": "", "longitude": "", "kernfoto_kern": "", "kernfoto_buurt": ""})
    return pkg, (f"bestand locations.csv, rij {row}, kolom kernfoto_kern: geef de coördinaten of kies een kern "
                 "(alleen een online locatie mag zonder plek)")


def unknown_status(pkg):
    row, _ = _service(pkg)
    edit(pkg, "services.csv", {"name": "Digicafé (voorbeeld)"}, {"status": "open"})
    return pkg, (f"bestand services.csv, rij {row}, kolom status: onbekende waarde 'open'; verwacht active, inactive, "
                 "defunct of temporarily closed")


def _term(pkg, code, new):
    row, term = row_of(pkg, "taxonomy_terms.csv", "code", code)
    edit(pkg, "taxonomy_terms.csv", {"id": term["id"]}, {"code": new})
    return row


def unknown_theme(pkg):
    row = _term(pkg, "leefstijl", "sport")
    return pkg, (f"bestand taxonomy_terms.csv, rij {row}, kolom code: thema 'sport' bestaat niet in kernfoto-thema; "
                 "kies uit bevolking, gezondheid, leefstijl, eenzaamheid_sociale_basis, bestaanszekerheid, "
                 "zorg_ondersteuning, jeugd, wonen of leefomgeving")


def unknown_target_group(pkg):
    row = _term(pkg, "ouderen", "senioren")
    return pkg, (f"bestand taxonomy_terms.csv, rij {row}, kolom code: doelgroep 'senioren' bestaat niet in "
                 "kernfoto-doelgroep; kies uit iedereen, jeugd, gezinnen, volwassenen, ouderen, mantelzorgers, "
                 "nieuwkomers, beperking, laag_inkomen of werkzoekenden")


def unknown_kind(pkg):
    row = _term(pkg, "vrijwillig", "ideëel")
    return pkg, (f"bestand taxonomy_terms.csv, rij {row}, kolom code: soort aanbieder 'ideëel' bestaat niet in "
                 "kernfoto-soort; kies uit professioneel, vrijwillig, inwonersinitiatief of commercieel")


def bad_time(pkg):
    header, rows = read_rows(pkg / "schedules.csv")
    rows[2]["opens_at"] = "25:00"
    write_rows(pkg / "schedules.csv", header, rows)
    return pkg, ("bestand schedules.csv, rij 4, kolom opens_at: ongeldige tijd '25:00'; verwacht uu:mm tussen 00:00 "
                 "en 23:59")


def time_with_zone(pkg):
    header, rows = read_rows(pkg / "schedules.csv")
    rows[0]["closes_at"] = "12:00+01:00"
    write_rows(pkg / "schedules.csv", header, rows)
    return pkg, ("bestand schedules.csv, rij 2, kolom closes_at: ongeldige tijd '12:00+01:00'; verwacht uu:mm, "
                 "bijvoorbeeld 09:30; laat de tijdzone weg (tijden zijn lokale tijd, de kolom timezone geeft de "
                 "afwijking van UTC)")


def bad_date(pkg):
    row, _ = _service(pkg)
    edit(pkg, "services.csv", {"name": "Digicafé (voorbeeld)"}, {"assured_date": "31-02-2026"})
    return pkg, (f"bestand services.csv, rij {row}, kolom assured_date: ongeldige datum '31-02-2026'; verwacht "
                 "jjjj-mm-dd, bijvoorbeeld 2026-03-14")


def bad_byday(pkg):
    header, rows = read_rows(pkg / "schedules.csv")
    rows[1]["byday"] = "maandag"
    write_rows(pkg / "schedules.csv", header, rows)
    return pkg, ("bestand schedules.csv, rij 3, kolom byday: ongeldige dag 'MAANDAG'; verwacht dagen als "
                 "MO,TU,WE,TH,FR,SA,SU (maandelijks bijvoorbeeld 1TU voor de eerste dinsdag)")


def schedule_of_nothing(pkg):
    header, rows = read_rows(pkg / "schedules.csv")
    rows[0]["service_id"] = ""
    write_rows(pkg / "schedules.csv", header, rows)
    return pkg, ("bestand schedules.csv, rij 2, kolom service_id: hoort bij niets: vul minstens een van service_id, "
                 "location_id, service_at_location_id in")


def bad_email(pkg):
    row, _ = _service(pkg)
    edit(pkg, "services.csv", {"name": "Digicafé (voorbeeld)"}, {"email": "digicafe(at)bieb"})
    return pkg, f"bestand services.csv, rij {row}, kolom email: 'digicafe(at)bieb' is geen geldig e-mailadres"


def bad_age_range(pkg):
    row, _ = _service(pkg)
    edit(pkg, "services.csv", {"name": "Digicafé (voorbeeld)"}, {"minimum_age": "65", "maximum_age": "18"})
    return pkg, (f"bestand services.csv, rij {row}, kolom minimum_age: de minimumleeftijd (65) is hoger dan de "
                 "maximumleeftijd (18)")


def other_gemeente(pkg):
    return pkg, ("bestand organizations.csv, rij 2, kolom kernfoto_gemeente: de organisatie hoort bij GM1904, maar "
                 "het pakket wordt ingelezen voor GM0307")


def no_gemeente(pkg):
    header, rows = read_rows(pkg / "organizations.csv")
    write_rows(pkg / "organizations.csv", header, [{**r, "kernfoto_gemeente": ""} for r in rows])
    return pkg, ("bestand organizations.csv, rij 2, kolom kernfoto_gemeente: de gemeente ontbreekt: vul "
                 "kernfoto_gemeente in (bijv. GM1904) of geef --gemeente op")


def latin1(pkg):
    text = (pkg / "addresses.csv").read_text(encoding="utf-8") + ",".join([NOWHERE, "", "", "Café 1", "", "Maarssen",
                                                                           "", "", "3600 AA", "NL", "physical"])
    (pkg / "addresses.csv").write_bytes(text.encode("latin-1"))
    return pkg, "bestand addresses.csv: het bestand is geen tekst in UTF-8; kies 'CSV UTF-8' bij het opslaan"


def binary_csv(pkg):
    (pkg / "phones.csv").write_bytes(b"PK\x03\x04\x00\x00binary")
    return pkg, "bestand phones.csv: het bestand is geen CSV-tekst (het bevat binaire gegevens)"


def too_many_cells(pkg):
    text = (pkg / "languages.csv").read_text(encoding="utf-8")
    (pkg / "languages.csv").write_text(text + f"{NOWHERE},,,,Nederlands,nl,let op, een komma\n", encoding="utf-8")
    n = len(text.splitlines()) + 1
    return pkg, (f"bestand languages.csv, rij {n}: de rij heeft meer cellen (8) dan de kopregel (7); staat er een "
                 "scheidingsteken in een tekst zonder aanhalingstekens?")


def not_a_package(pkg):
    sheet = pkg.parent / "sociale_kaart.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    return sheet, ("bestand sociale_kaart.xlsx: dit is geen HSDS-pakket: geef een map of .zip met CSV-bestanden, of "
                   "een .json-bestand")


def broken_json(pkg):
    doc = pkg.parent / "kaart.json"
    doc.write_text('{"contents": [{"id": "x",}]}', encoding="utf-8")
    return doc, "bestand kaart.json, rij 1: geen geldige JSON: Expecting property name enclosed in double quotes " \
                "(regel 1, teken 26)"


def json_bad_status(pkg):
    [doc] = export_directory(GM, "hsds-json", pkg.parent / "json")
    data = json.loads(doc.read_text(encoding="utf-8"))
    data["contents"][2]["services"][1]["status"] = "misschien"
    doc.write_text(json.dumps(data), encoding="utf-8")
    return doc, ("bestand sociale-basis.json, kolom contents[2].services[1].status: onbekende waarde 'misschien'; "
                 "verwacht active, inactive, defunct of temporarily closed")


def json_conflicting_copies(pkg):
    [doc] = export_directory(GM, "hsds-json", pkg.parent / "json")
    data = json.loads(doc.read_text(encoding="utf-8"))
    service = next(s for o in data["contents"] for s in o["services"] if s["name"] == "Digicafé (voorbeeld)")
    org = next(o for o in data["contents"] if service in o["services"])
    i = data["contents"].index(org)
    location = service["service_at_locations"][0]["location"]
    assert location["id"] in {loc["id"] for loc in org["locations"]}  # met there first, then (different) here
    location["name"] = "Andere naam"
    doc.write_text(json.dumps(data), encoding="utf-8")
    k = org["services"].index(service)
    return doc, (f"bestand sociale-basis.json, kolom contents[{i}].services[{k}].service_at_locations[0].location.name: "
                 f"location {location['id']} staat meer dan eens in het bestand, met verschillende waarden "
                 "('Bibliotheek Breukelen (voorbeeld)' en 'Andere naam')")


CASES = [missing_file, missing_column, unknown_organization, bad_uuid, duplicate_id, text_in_latitude,
         outside_the_netherlands, swapped_coordinates, outside_the_gemeente, kern_disagrees, unknown_kern,
         unknown_buurt, not_a_buurt_code, nowhere_at_all, unknown_status, unknown_theme, unknown_target_group,
         unknown_kind, bad_time, time_with_zone, bad_date, bad_byday, schedule_of_nothing, bad_email, bad_age_range,
         other_gemeente, no_gemeente, latin1, binary_csv, too_many_cells, not_a_package, broken_json,
         json_bad_status, json_conflicting_copies]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_changes(sample, tmp_path, case):
    pkg = copy_sample(tmp_path)
    path, expected = case(pkg)
    before = snapshot()
    with pytest.raises(InputError) as exc:
        import_directory(path, gemeente="GM0307" if case is other_gemeente else None)
    assert str(exc.value) == expected
    assert snapshot() == before


def test_a_file_larger_than_the_limit_is_refused(sample, tmp_path, settings):
    settings.MAX_IMPORT_MB = 1
    pkg = copy_sample(tmp_path)
    edit(pkg, "services.csv", {"name": "Digicafé (voorbeeld)"}, {"description": "lang " * 230_000})
    before = snapshot()
    with pytest.raises(InputError) as exc:
        import_directory(pkg)
    assert str(exc.value) == ("bestand services.csv: het bestand is te groot (1.1 MB; maximaal 1 MB, in te stellen "
                              "met KERNFOTO_MAX_IMPORT_MB)")
    assert snapshot() == before


def test_a_problem_late_in_the_package_leaves_earlier_tables_unwritten(sample, tmp_path):
    """Organisations and services are fine and new; a bad service area (the last table) stops everything."""
    pkg = copy_sample(tmp_path)
    header, rows = read_rows(pkg / "organizations.csv")
    rows[0]["id"] = NOWHERE
    write_rows(pkg / "organizations.csv", header, rows)
    header, rows = read_rows(pkg / "service_areas.csv")
    rows[-1]["kernfoto_kern"] = "atlantis"
    write_rows(pkg / "service_areas.csv", header, rows)
    before = snapshot()
    with pytest.raises(InputError) as exc:
        import_directory(pkg)
    assert str(exc.value).startswith(f"bestand service_areas.csv, rij {len(rows) + 1}, kolom kernfoto_kern: "
                                     "onbekende kern 'atlantis'")
    assert snapshot() == before


def test_a_minimal_package_from_elsewhere_is_enough(sample, tmp_path):
    """Only the required columns, a schedules.csv with only service_id, no other files: imported."""
    pkg = tmp_path / "klein"
    pkg.mkdir()
    org, service, schedule = (f"5e1f0c2a-0000-4000-8000-00000000000{i}" for i in (1, 2, 3))
    (pkg / "organizations.csv").write_text(f"id,name\n{org},Buurtvereniging Klein\n", encoding="utf-8")
    (pkg / "services.csv").write_text(f"id,organization_id,name,status\n{service},{org},Klaverjassen,active\n",
                                      encoding="utf-8")
    (pkg / "schedules.csv").write_text(f"id,service_id,freq,byday,opens_at\n{schedule},{service},WEEKLY,FR,20:00\n",
                                       encoding="utf-8")
    result = import_directory(pkg, gemeente=GM)
    assert (result.created["organization"], result.created["service"], result.created["schedule"]) == (1, 1, 1)
    klaverjassen = Service.objects.get(pk=service)
    assert (klaverjassen.kind, klaverjassen.themes, klaverjassen.organization.gemeente_id) == ("professioneel", [], GM)
    assert klaverjassen.schedules.get().opens_at.hour == 20
