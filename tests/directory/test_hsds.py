"""HSDS import and export on the shipped example package: lossless round trips, updates in place,
the Dutch profile, other taxonomies, zip and semicolon CSV, permissions and audit."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from hsds_helpers import GM, copy_sample, edit, read_rows, row_of, snapshot, write_rows

from kernfoto.accounts.models import AuditLog, Membership, Role
from kernfoto.directory import models as m
from kernfoto.directory.hsds import export_directory, export_rows, import_directory
from kernfoto.directory.hsds_tables import TABLES
from kernfoto.directory.sample import SAMPLE_DIR

SHIPPED = sorted(p.name for p in SAMPLE_DIR.iterdir() if p.name != "README.md")
SHIPPED_DOC = Path(__file__).resolve().parents[2] / "docs" / "sociale-basis-hsds.md"


def test_csv_round_trip_is_byte_identical(sample, tmp_path):
    result = import_directory(SAMPLE_DIR, gemeente=GM)  # loaded by the demo already: updated in place
    assert result.fmt == "hsds-csv" and result.gemeenten == [GM] and result.is_example
    assert sum(result.created.values()) == 0
    assert result.updated["service"] == 37 and result.updated["organization"] == 16
    assert result.removed == {}
    files = export_directory(GM, "hsds-csv", tmp_path / "uit")
    assert sorted(f.name for f in files) == SHIPPED
    for f in files:
        assert f.read_bytes() == (SAMPLE_DIR / f.name).read_bytes(), f.name


def test_json_round_trip_is_byte_identical_and_changes_nothing(sample, tmp_path):
    [first] = export_directory(GM, "hsds-json", tmp_path / "a")
    before = snapshot()
    result = import_directory(first)
    assert result.fmt == "hsds-json" and sum(result.created.values()) == 0 and result.updated["service"] == 37
    assert snapshot() == before
    [second] = export_directory(GM, "hsds-json", tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert doc["total_items"] == 16 and doc["kernfoto_is_example"] is True
    service = next(s for o in doc["contents"] for s in o["services"] if s["name"] == "Schuldhulpmaatje (voorbeeld)")
    location = service["service_at_locations"][0]["location"]
    assert (location["kernfoto_buurt"], location["kernfoto_kern"]) == ("BU19040310", "loenen-aan-de-vecht")
    assert {a["taxonomy_term"]["code"] for a in service["attributes"]} == {
        "bestaanszekerheid", "volwassenen", "laag_inkomen", "vrijwillig"}
    assert service["schedules"][0]["byday"] == "TH" and service["schedules"][0]["opens_at"] == "13:30"


def test_json_alone_rebuilds_the_whole_directory(sample, tmp_path):
    [doc] = export_directory(GM, "hsds-json", tmp_path / "json")
    m.Organization.objects.filter(gemeente_id=GM).delete()
    assert not m.Service.objects.exists() and not m.Schedule.objects.exists()
    result = import_directory(doc)
    assert result.created["service"] == 37 and result.created["location"] == 25 and result.created["schedule"] == 37
    for f in export_directory(GM, "hsds-csv", tmp_path / "csv"):
        assert f.read_bytes() == (SAMPLE_DIR / f.name).read_bytes(), f.name


def test_the_dutch_profile_comes_from_taxonomies_and_kernfoto_columns(sample):
    service = m.Service.objects.get(name="Schuldhulpmaatje (voorbeeld)")
    assert service.themes == ["bestaanszekerheid"]
    assert service.target_groups == ["volwassenen", "laag_inkomen"]  # the TargetGroup order
    assert service.kind == "vrijwillig" and service.organization.is_example and service.organization.gemeente_id == GM
    # the Kernfoto taxonomies are not stored as attributes: the service fields are the truth
    assert not m.Attribute.objects.exists() and not m.TaxonomyTerm.objects.exists() and not m.Taxonomy.objects.exists()
    location = m.Location.objects.get(name="Geldcafé Loenen (voorbeeld)")
    assert (location.buurt_id, location.kern.slug, location.area_source) == (
        "BU19040310", "loenen-aan-de-vecht", "coordinates")
    served = set(service.service_areas.values_list("kern__slug", flat=True))
    assert "maarssenbroek" not in served and {"breukelen", "loenen-aan-de-vecht"} <= served
    everywhere = m.ServiceArea.objects.get(service__name="Ouderenadvies (voorbeeld)")
    assert everywhere.kern is None and everywhere.extent_type == "gemeente"


def test_reimport_updates_in_place_and_removes_details_no_longer_there(sample, tmp_path):
    pkg = copy_sample(tmp_path)
    _, service = row_of(pkg, "services.csv", "name", "Buurtkamer De Kamp (voorbeeld)")
    edit(pkg, "services.csv", {"id": service["id"]}, {"name": "Buurtkamer De Kamp, vernieuwd (voorbeeld)"})
    header, schedules = read_rows(pkg / "schedules.csv")
    gone = next(r for r in schedules if r["service_id"] == service["id"])
    write_rows(pkg / "schedules.csv", header, [r for r in schedules if r is not gone])
    counts = {t.name: t.model.objects.count() for t in TABLES}
    result = import_directory(pkg)
    assert result.removed == {"schedule": 1}
    assert m.Service.objects.count() == counts["service"]  # no duplicates
    assert m.Service.objects.get(pk=service["id"]).name == "Buurtkamer De Kamp, vernieuwd (voorbeeld)"
    assert not m.Schedule.objects.filter(pk=gone["id"]).exists()
    assert m.Schedule.objects.count() == counts["schedule"] - 1


def test_attributes_of_other_taxonomies_are_stored_and_exported(sample, tmp_path):
    pkg = copy_sample(tmp_path)
    _, service = row_of(pkg, "services.csv", "name", "Digicafé (voorbeeld)")
    tax_id, parent_id, term_id, attr_id = ("00000000-0000-4000-8000-00000000000" + c for c in "1234")
    for file, row in (
            ("taxonomies.csv", {"id": tax_id, "name": "Open Eligibility", "description": "Sociale diensten",
                                "uri": "https://openeligibility.example", "version": "1.0"}),
            ("taxonomy_terms.csv", {"id": parent_id, "code": "1100", "name": "Educatie", "taxonomy_id": tax_id}),
            ("taxonomy_terms.csv", {"id": term_id, "code": "1102", "name": "Computerles", "parent_id": parent_id,
                                    "taxonomy_id": tax_id, "language": "nl"}),
            ("attributes.csv", {"id": attr_id, "link_id": service["id"], "taxonomy_term_id": term_id,
                                "link_type": "topic", "link_entity": "service", "value": "groep"})):
        header, rows = read_rows(pkg / file)
        write_rows(pkg / file, header, [{**dict.fromkeys(header, ""), **row}, *rows])
    import_directory(pkg)
    attribute = m.Attribute.objects.get(pk=attr_id)
    assert (attribute.taxonomy_term.name, attribute.taxonomy_term.parent.name, attribute.value) == (
        "Computerles", "Educatie", "groep")
    rows = export_rows(GM)
    assert [r for r in rows["attribute"] if r["id"] == attr_id] == [{
        "id": attr_id, "link_id": service["id"], "taxonomy_term_id": term_id, "link_type": "topic",
        "link_entity": "service", "value": "groep", "label": ""}]
    assert {r["id"] for r in rows["taxonomy_term"]} >= {term_id, parent_id}  # the parent comes along
    assert tax_id in {r["id"] for r in rows["taxonomy"]}
    # and it survives the JSON round trip too
    [doc] = export_directory(GM, "hsds-json", tmp_path / "j")
    import_directory(doc)
    [again] = export_directory(GM, "hsds-json", tmp_path / "k")
    assert doc.read_bytes() == again.read_bytes()


def test_zip_and_semicolon_csv_with_decimal_commas(sample, tmp_path):
    pkg = copy_sample(tmp_path)
    header, rows = read_rows(pkg / "locations.csv")
    text = ";".join(header) + "\n" + "\n".join(
        ";".join(r[h].replace(".", ",") if h in ("latitude", "longitude") else r[h] for h in header) for r in rows)
    (pkg / "locations.csv").write_text(text + "\n", encoding="utf-8-sig")  # as Excel saves "CSV UTF-8"
    archive = tmp_path / "sociale_kaart.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for f in pkg.iterdir():
            zf.write(f, f"sociale_kaart/{f.name}")
    result = import_directory(archive)
    assert result.source == "sociale_kaart.zip" and result.updated["location"] == 25
    loc = m.Location.objects.get(name="Uitgiftepunt Nigtevecht (voorbeeld)")
    assert (loc.latitude, loc.longitude, loc.kern.slug) == (52.27458, 5.02493, "nigtevecht")


def test_unknown_columns_and_files_are_reported_not_fatal(sample, tmp_path):
    pkg = copy_sample(tmp_path)
    header, rows = read_rows(pkg / "services.csv")
    write_rows(pkg / "services.csv", [*header, "accreditations"], [{**r, "accreditations": "HKZ"} for r in rows])
    (pkg / "programs.csv").write_text("id,organization_id,name,description\n", encoding="utf-8")
    result = import_directory(pkg)
    assert result.warnings == [
        "programs.csv: dit HSDS-bestand bewaart Kernfoto niet; het is overgeslagen",
        "services.csv: kolom(men) accreditations bewaart Kernfoto niet; overgeslagen"]
    assert "Let op: programs.csv: dit HSDS-bestand bewaart Kernfoto niet; het is overgeslagen" in result.lines()


def test_who_checked_an_entry_survives_by_username(sample, tmp_path):
    user = get_user_model().objects.create_user("controleur_sv")
    pkg = copy_sample(tmp_path)
    _, service = row_of(pkg, "services.csv", "name", "Digicafé (voorbeeld)")
    edit(pkg, "services.csv", {"id": service["id"]}, {"kernfoto_assured_by": "controleur_sv"})
    assert import_directory(pkg).warnings == []
    assert m.Service.objects.get(pk=service["id"]).assured_by == user
    exported = next(r for r in export_rows(GM)["service"] if r["id"] == service["id"])
    assert exported["kernfoto_assured_by"] == "controleur_sv"
    edit(pkg, "services.csv", {"id": service["id"]}, {"kernfoto_assured_by": "onbekende_persoon"})
    result = import_directory(pkg)
    assert result.warnings == ["onbekende gebruiker(s) bij kernfoto_assured_by: onbekende_persoon; "
                               "'gecontroleerd door' is leeg gelaten"]
    assert m.Service.objects.get(pk=service["id"]).assured_by is None


def test_an_analyst_may_import_and_it_is_audited_a_partner_may_not(sample, tmp_path):
    users = get_user_model().objects
    analyst, partner = users.create_user("analist_sb"), users.create_user("partner_sb")
    Membership.objects.create(user=analyst, gemeente_id=GM, role=Role.ANALYST)
    Membership.objects.create(user=partner, gemeente_id=GM, role=Role.PARTNER)
    pkg = copy_sample(tmp_path)
    edit(pkg, "services.csv", {"name": "Digicafé (voorbeeld)"}, {"description": "Nieuw: ook op zaterdag."})
    before = snapshot()
    with pytest.raises(PermissionDenied):
        import_directory(pkg, user=partner)
    assert snapshot() == before and not AuditLog.objects.filter(action="directory.import").exists()
    import_directory(pkg, user=analyst)
    log = AuditLog.objects.get(action="directory.import")
    assert (log.user, log.gemeente, log.details["services"], log.details["file"]) == (analyst, GM, 37, "pakket")
    assert m.Service.objects.get(name="Digicafé (voorbeeld)").description == "Nieuw: ook op zaterdag."


def test_datapackage_describes_every_file_and_says_voorbeeld(sample):
    descriptor = json.loads((SAMPLE_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["title"] == "Sociale basis van Stichtse Vecht (voorbeeld)"
    assert descriptor["profile"] == "tabular-data-package" and descriptor["kernfoto"]["voorbeeld"] is True
    for resource in descriptor["resources"]:
        header = (SAMPLE_DIR / resource["path"]).read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        assert [f["name"] for f in resource["schema"]["fields"]] == header
    services = next(r for r in descriptor["resources"] if r["name"] == "service")
    status = next(f for f in services["schema"]["fields"] if f["name"] == "status")
    assert status["constraints"] == {"required": True, "enum": ["active", "inactive", "defunct",
                                                                "temporarily closed"]}


def test_the_developer_documentation_names_every_file_and_kernfoto_column():
    doc = SHIPPED_DOC.read_text(encoding="utf-8")
    for table in TABLES:
        assert f"| `{table.file}` | {table.name} |" in doc, table.file
        for column in table.columns:
            if column.name.startswith("kernfoto_"):
                assert f"| `{table.file}` | `{column.name}` |" in doc, column.name


def test_a_package_that_touches_another_gemeente_needs_rights_there_too(sample, tmp_path):
    """An analyst of Amersfoort may not change a schedule of a Stichtse Vecht service by naming it in a package."""
    analyst = get_user_model().objects.create_user("analist_amersfoort")
    Membership.objects.create(user=analyst, gemeente_id="GM0307", role=Role.ANALYST)
    pkg = tmp_path / "amersfoort"
    pkg.mkdir()
    _, service = row_of(SAMPLE_DIR, "services.csv", "name", "Digicafé (voorbeeld)")
    header, _ = read_rows(SAMPLE_DIR / "organizations.csv")
    write_rows(pkg / "organizations.csv", header, [{**dict.fromkeys(header, ""), "name": "Buurtwerk Amersfoort",
                                                    "id": "8c0a4d36-0000-4000-8000-000000000307",
                                                    "kernfoto_gemeente": "GM0307"}])
    header, _ = read_rows(SAMPLE_DIR / "services.csv")
    write_rows(pkg / "services.csv", header, [])
    header, _ = read_rows(SAMPLE_DIR / "schedules.csv")
    write_rows(pkg / "schedules.csv", header, [{**dict.fromkeys(header, ""), "service_id": service["id"],
                                                "id": "8c0a4d36-0000-4000-8000-000000000308", "byday": "SU"}])
    before = snapshot()
    with pytest.raises(PermissionDenied):
        import_directory(pkg, user=analyst)
    assert snapshot() == before
    result = import_directory(pkg)  # without a user (the command line): both gemeenten, no check
    assert result.gemeenten == ["GM0307", GM] and result.created["schedule"] == 1
