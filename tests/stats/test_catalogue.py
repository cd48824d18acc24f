"""Every indicator is complete and documented, and every source key exists in its table."""

from __future__ import annotations

import json
from pathlib import Path

from kernfoto.demo import DATA
from kernfoto.stats.catalogue import REQUIRED, catalogue
from kernfoto.stats.readers import stem

RIVM = DATA / "sample" / "rivm_50090NED_gezondheid_2020_18plus_GM1904.csv"
CODEBOOK = DATA / "sample" / "85984NED_2024_DataProperties.json"
EXTRA_KWB = {"SESWOZScore"}  # in the KWB 2022 buurt extract, not in the 2024 codebook (see catalogue note)


def test_every_indicator_is_complete():
    cat = catalogue()
    assert len(cat.indicators) >= 60
    for ind in cat.indicators:
        for field in REQUIRED:
            assert getattr(ind, field) not in (None, ""), (ind.id, field)
        assert len(ind.definition) >= 30, ind.id  # a real Dutch definition, not a label
        assert ind.label.lstrip("(")[0].isupper(), ind.id
        if ind.aggregation == "weighted_mean":
            assert ind.weight, ind.id
        table = [t for t in cat.tables.values() if t.series == ind.series][0]
        assert table.attribution.startswith("Bron:") and table.licence == "CC BY 4.0"


def test_every_theme_has_indicators_and_key_indicators():
    cat = catalogue()
    required = {"bevolking", "gezondheid", "leefstijl", "eenzaamheid_sociale_basis", "bestaanszekerheid",
                "zorg_ondersteuning", "jeugd", "wonen"}
    assert required <= {t.id for t in cat.themes}
    for theme in cat.themes:
        inds = [i for i in cat.indicators if i.theme == theme.id]
        assert inds, theme.id
        assert any(i.key_indicator for i in inds), theme.id
        assert theme.description


def test_all_35_health_indicators_are_in_the_catalogue():
    header = RIVM.read_text(encoding="utf-8").splitlines()[0].split(",")
    measures = {stem(c) for c in header[8:]}
    assert len(measures) == 35
    keys = {i.key for i in catalogue().indicators if i.series == "gezondheidsmonitor"}
    assert measures == keys


def test_kwb_source_keys_exist_in_the_cbs_codebook():
    book = json.loads(Path(CODEBOOK).read_text(encoding="utf-8"))
    stems = {stem(e["Key"]) for e in book if e.get("Key")}
    for ind in catalogue().indicators:
        if ind.series != "kwb":
            continue
        for key in [k for k in ind.source_keys if k] + ([ind.weight] if ind.weight else []):
            assert key in stems or key in EXTRA_KWB, (ind.id, key)


def test_sentences_start_with_words_that_fit_the_unit():
    """"Meer eenzame inwoners", "Meer Wmo-cliënten", "Hogere gemiddelde WOZ-waarde", "Grotere afstand tot ..."; and
    labels inside a sentence keep abbreviations and the accents of "één"."""
    cat = catalogue()
    words = {i.id: (i.comparative(True), i.comparative(False)) for i in cat.indicators}
    assert words["eenzaam_pct"] == ("Meer", "Minder")
    assert words["wmo_clienten_per_1000"] == ("Meer", "Minder")
    assert words["gemiddelde_woz_waarde_eur1000"] == ("Hogere", "Lagere")
    assert words["afstand_huisarts_km"] == ("Grotere", "Kleinere")
    assert words["huishoudensgrootte_gem"] == ("Grotere", "Kleinere")
    assert cat.indicator("bevolkingsdichtheid_per_km2").sentence_subject.startswith("bevolkingsdichtheid")
    in_sentence = {i.label: i.label_in_sentence for i in cat.indicators}
    assert in_sentence["Gemiddelde WOZ-waarde"] == "gemiddelde WOZ-waarde"
    assert in_sentence["Sociaaleconomische status (SES-WOZ)"] == "sociaaleconomische status (SES-WOZ)"
    assert all(not s.startswith("eén") for s in in_sentence.values())
    assert any(s.startswith("één ") for s in in_sentence.values())  # "Eén of meer langdurige aandoeningen"
