"""Kernen files: the shipped one, and each validation error with file, row and column."""

from __future__ import annotations

import pytest

from kernfoto.areas.kernen import load_kernen
from kernfoto.areas.models import AreaGroup, AreaGroupMember
from kernfoto.demo import DATA
from kernfoto.errors import InputError


def test_shipped_kernen_partition_stichtse_vecht(sample):
    kernen = AreaGroup.objects.filter(kind="kern", gemeente_id="GM1904")
    assert kernen.count() == 13
    assert {"maarssen-dorp", "maarsseveen", "breukelen", "maarssenbroek"} <= set(kernen.values_list("slug", flat=True))
    dorp = kernen.get(slug="maarssen-dorp")
    assert dorp.members.count() == 17
    assert set(AreaGroupMember.objects.filter(group__slug="maarsseveen").values_list("area_id", flat=True)) == {
        "BU19040101", "BU19040102"}


def test_loading_the_same_kernen_again_is_idempotent(sample):
    before = sorted(AreaGroupMember.objects.values_list("group__slug", "area_id"))
    load_kernen(DATA / "kernen_stichtse_vecht.yaml")
    assert sorted(AreaGroupMember.objects.values_list("group__slug", "area_id")) == before


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "name,text,row,column,words",
    [
        ("onbekend.csv", "kern,code\nA,BU19040101\nA,BU19049999\n", 3, "code", "BU19049999"),
        ("dubbel.csv", "kern,code\nA,BU19040101\nB,BU19040102\nB,BU19040101\n", 4, "code", "hoort al bij kern 'A'"),
        ("via_wijk.csv", "kern,code\nA,BU19040103\nB,WK190401\n", 3, "code", "BU19040103"),
        ("andere_gemeente.csv", "kern,code\nA,BU19040101\nA,BU03070101\n", 3, "code", "GM0307"),
        ("fout_formaat.csv", "kern,code\nA,BU1904\n", 2, "code", "geen geldige code"),
        ("lege_naam.csv", "kern,code\n,BU19040101\n", 2, "kern", "leeg"),
        ("geen_kolom.csv", "naam,code\nA,BU19040101\n", 1, "kern", "kolom 'kern'"),
    ],
)
def test_invalid_kernen_file(sample, tmp_path, name, text, row, column, words):
    path = write(tmp_path, name, text)
    before = sorted(AreaGroupMember.objects.values_list("group__slug", "area_id"))
    with pytest.raises(InputError) as info:
        load_kernen(path)
    err = info.value
    assert (err.file, err.row, err.column) == (name, row, column)
    assert words in str(err)
    assert sorted(AreaGroupMember.objects.values_list("group__slug", "area_id")) == before


def test_yaml_unknown_code_names_line(sample, tmp_path):
    path = write(tmp_path, "kernen.yaml", "gemeente: GM1904\nkernen:\n  - naam: Test\n    buurten: [BU19040101,\n      BU19041299]\n")
    with pytest.raises(InputError) as info:
        load_kernen(path)
    assert info.value.row == 5 and "BU19041299" in str(info.value)


def test_empty_and_wrong_type(sample, tmp_path):
    with pytest.raises(InputError, match="leeg"):
        load_kernen(write(tmp_path, "leeg.yaml", ""))
    with pytest.raises(InputError, match="onbekend bestandstype"):
        load_kernen(write(tmp_path, "kernen.txt", "A,BU19040101"))


def test_region_of_gemeenten(sample, tmp_path):
    path = write(tmp_path, "regio.csv", "kern,code,soort\nVechtstreek,GM1904,regio\nVechtstreek,GM0307,regio\n")
    _, groups = load_kernen(path)
    assert [(g.kind, g.name) for g in groups] == [("regio", "Vechtstreek")]
    assert sorted(groups[0].members.values_list("area_id", flat=True)) == ["GM0307", "GM1904"]
    # the kernen of Stichtse Vecht are untouched by a regions file
    assert AreaGroup.objects.filter(kind="kern", gemeente_id="GM1904").count() == 13
    bad = write(tmp_path, "regio_fout.csv", "kern,code,soort\nVechtstreek,BU19040101,regio\n")
    with pytest.raises(InputError, match="gemeentecode"):
        load_kernen(bad)


def test_a_kern_in_use_by_initiatives_and_a_plan_is_not_removed_and_the_message_says_why(sample, tmp_path):
    """Kockengen has an (example) funded initiative and a dorpsplan: leaving it out of the file is refused,
    naming what holds on to it, and nothing changes."""
    import yaml

    data = yaml.safe_load((DATA / "kernen_stichtse_vecht.yaml").read_text(encoding="utf-8"))
    data["kernen"] = [k for k in data["kernen"] if k["naam"] != "Kockengen"]
    path = write(tmp_path, "zonder_kockengen.yaml", yaml.safe_dump(data, allow_unicode=True))
    before = sorted(AreaGroupMember.objects.values_list("group__slug", "area_id"))
    with pytest.raises(InputError) as info:
        load_kernen(path)
    message = str(info.value)
    assert "zonder_kockengen.yaml" in message and "kern 'Kockengen'" in message
    assert "inwonersinitiatieven en wijk- of dorpsplannen" in message
    assert sorted(AreaGroupMember.objects.values_list("group__slug", "area_id")) == before
