"""The finder's queries (``kernfoto.directory.search``) on a constructed directory and on the shipped sample."""

from __future__ import annotations

import datetime as dt

import pytest
from finder_fixtures import GM, TODAY, make_directory

from kernfoto.directory import search as finder
from kernfoto.directory.freshness import STALE_AFTER_DAYS, is_stale, stale_text
from kernfoto.directory.models import Schedule, Service
from kernfoto.directory.search import (
    SearchError,
    for_whom_text,
    normalise,
    parse_byday,
    query_words,
    schedule_text,
)


@pytest.fixture
def d(sample):
    finder.clear()
    return make_directory()


def names(d, **kwargs):
    return d.mine(finder.search(GM, today=TODAY, **kwargs))


# ------------------------------------------------------------------------------------------------- pure parts


def test_normalise_ignores_case_accents_and_punctuation():
    assert normalise("Café 't Hoekje!") == "cafe t hoekje"
    assert normalise("ÉéN  GEZINSCOACH-spreekuur") == "een gezinscoach spreekuur"
    assert query_words("iets voor ouderen in Breukelen") == ["ouderen", "breukelen"]
    assert query_words("de het een") == []


def test_byday_codes_and_dutch_schedule_text():
    assert parse_byday("MO,we, 1TU,-1FR,XX") == ((None, "MO"), (None, "WE"), (1, "TU"), (-1, "FR"))
    base = {"opens_at": dt.time(10), "closes_at": dt.time(12), "interval": None, "description": ""}
    assert schedule_text({**base, "freq": "WEEKLY", "byday": "TU"}, TODAY) == "elke dinsdag 10.00–12.00 uur"
    assert schedule_text({**base, "freq": "WEEKLY", "byday": "FR,MO", "interval": 2}, TODAY) == \
        "om de week op maandag en vrijdag 10.00–12.00 uur"
    assert schedule_text({**base, "freq": "MONTHLY", "byday": "1TH,-1TH", "opens_at": dt.time(19, 30),
                          "closes_at": None}, TODAY) == \
        "elke eerste donderdag en laatste donderdag van de maand vanaf 19.30 uur"
    assert schedule_text({**base, "freq": "DAILY", "byday": "", "opens_at": None, "closes_at": None,
                          "notes": "behalve op feestdagen"}, TODAY) == "elke dag (behalve op feestdagen)"
    # the description only where the structured fields say nothing
    assert schedule_text({**base, "freq": "WEEKLY", "byday": "WE", "description": "Woensdagochtend"}, TODAY) == \
        "elke woensdag 10.00–12.00 uur"
    assert schedule_text({"description": "Op afspraak"}, TODAY) == "Op afspraak"
    assert schedule_text({**base, "freq": "WEEKLY", "byday": "SA", "valid_from": dt.date(2027, 1, 9)}, TODAY) == \
        "vanaf 9 januari 2027: elke zaterdag 10.00–12.00 uur"


def test_for_whom_does_not_repeat_the_target_groups():
    assert for_whom_text(["ouderen"], None, None, "Ouderen") == "ouderen"
    assert for_whom_text(["ouderen", "mantelzorgers"], 55, None, "Iedereen, mantelzorgers") == \
        "ouderen, mantelzorgers (vanaf 55 jaar)"
    assert for_whom_text(["jeugd"], None, 12, "Alleen met een ouder.") == \
        "kinderen en jongeren (tot en met 12 jaar). Alleen met een ouder."
    assert for_whom_text([], None, None, "Voor inwoners met een U-pas") == "Voor inwoners met een U-pas"


def test_freshness_rule_at_its_boundary():
    class Entry:
        def __init__(self, assured):
            self.assured_date = assured

    assert STALE_AFTER_DAYS == 365
    assert not is_stale(Entry(TODAY - dt.timedelta(days=365)), TODAY)
    assert is_stale(Entry(TODAY - dt.timedelta(days=366)), TODAY)
    assert is_stale(Entry(None), TODAY)
    assert stale_text(Entry(dt.date(2024, 1, 1)), TODAY) == "langer dan een jaar niet gecontroleerd"
    assert stale_text(Entry(None), TODAY) == "nooit gecontroleerd"
    assert stale_text(Entry(TODAY), TODAY) == ""


# ------------------------------------------------------------------------------------------------- queries


def test_without_filters_every_active_offer_by_name(d):
    assert names(d) == ["Beweegmaatje", "Jeugdsoos Café 't Hoekje", "Koffieochtend voor ouderen",
                        "Mantelzorgsteunpunt", "Samen eten (voorbeeld)", "Spreekuur geldzaken"]
    assert "Repair café" in names(d, include_inactive=True)


def test_words_match_parts_of_words_without_case_or_accents(d):
    assert names(d, q="praatje") == ["Koffieochtend voor ouderen"]  # in the description
    # "eenzaam" finds "eenzaamheid": in the description of one, in the theme of three
    assert names(d, q="eenzaam") == ["Beweegmaatje", "Koffieochtend voor ouderen", "Samen eten (voorbeeld)"]
    assert names(d, q="CAFE") == ["Jeugdsoos Café 't Hoekje"]  # "Repair café" is inactive
    assert names(d, q="cafe", include_inactive=True) == ["Jeugdsoos Café 't Hoekje", "Repair café"]
    assert names(d, q="schulden toeslagen") == ["Spreekuur geldzaken"]  # every word must occur
    assert names(d, q="schulden jongeren") == []
    assert names(d, q="welzijn vechtstreek mantelzorg") == ["Mantelzorgsteunpunt"]  # organisation name
    assert names(d, q="kockengen") == ["Jeugdsoos Café 't Hoekje"]  # kern name
    assert names(d, q="iets voor mantelzorgers") == ["Mantelzorgsteunpunt"]  # little words ignored


def test_words_in_the_name_rank_first(d):
    # "ouderen" is a target group of three offers, but only one has it in its name
    assert names(d, q="ouderen") == ["Koffieochtend voor ouderen", "Beweegmaatje", "Samen eten (voorbeeld)"]


def test_kern_means_located_in_serving_or_serving_the_whole_gemeente(d):
    assert names(d, kern="breukelen") == ["Beweegmaatje", "Koffieochtend voor ouderen", "Mantelzorgsteunpunt",
                                          "Spreekuur geldzaken"]  # geldzaken: located in Maarssenbroek, serves Breukelen
    assert names(d, kern="maarssenbroek") == ["Beweegmaatje", "Mantelzorgsteunpunt", "Spreekuur geldzaken"]
    assert names(d, kern="kockengen") == ["Jeugdsoos Café 't Hoekje", "Mantelzorgsteunpunt"]
    assert names(d, kern="tienhoven") == ["Mantelzorgsteunpunt"]


def test_theme_target_group_and_day(d):
    assert names(d, theme="eenzaamheid_sociale_basis") == ["Beweegmaatje", "Koffieochtend voor ouderen",
                                                           "Samen eten (voorbeeld)"]
    assert names(d, target_group="jeugd") == ["Jeugdsoos Café 't Hoekje"]
    assert names(d, day="TU") == ["Koffieochtend voor ouderen"]
    assert names(d, day="TH") == ["Beweegmaatje", "Spreekuur geldzaken"]  # "1TH": first Thursday of the month
    assert names(d, day="MO") == ["Beweegmaatje", "Mantelzorgsteunpunt"]
    assert names(d, day="SA") == []  # only the inactive repair café
    assert names(d, day="SA", include_inactive=True) == ["Repair café"]


def test_filters_combine(d):
    assert names(d, kern="breukelen", day="TH") == ["Beweegmaatje", "Spreekuur geldzaken"]
    assert names(d, kern="breukelen", day="TH", theme="bestaanszekerheid") == ["Spreekuur geldzaken"]
    assert names(d, kern="vreeland", target_group="ouderen", q="maaltijd") == ["Samen eten (voorbeeld)"]
    assert names(d, kern="vreeland", target_group="ouderen", q="maaltijd", day="TU") == []
    assert len(finder.search(GM, today=TODAY, limit=2)) == 2


def test_a_hit_says_where_when_for_whom_cost_and_contact(d):
    hits = {h.name: h for h in finder.search(GM, today=TODAY, include_inactive=True)}
    koffie = hits["Koffieochtend voor ouderen"]
    assert koffie.where == "Dorpshuis De Ark, Kerkplein 3, 3621 AA Breukelen"
    assert koffie.when == "elke dinsdag 10.00–12.00 uur"
    assert koffie.for_whom == "ouderen"
    assert koffie.cost == "gratis"
    assert koffie.contact == "0346 000 111 · info@welzijn.test · https://welzijn.test/"  # the organisation's
    assert koffie.kern_names == ("Breukelen",) and koffie.kern_slugs == ("breukelen",)
    assert koffie.accessibility == "rolstoeltoegankelijk, invalidentoilet"
    assert (koffie.kind, koffie.kind_label, koffie.is_example, koffie.stale) == ("professioneel", "professioneel",
                                                                                False, False)
    assert koffie.theme_labels == ("Eenzaamheid en sociale basis",)
    schuld = hits["Spreekuur geldzaken"]
    assert schuld.when == "elke eerste donderdag van de maand 19.30–21.00 uur"
    assert schuld.kern_names == ("Breukelen", "Maarssenbroek")
    assert schuld.contact == "0346 000 222 · geld@welzijn.test · https://welzijn.test/"
    assert schuld.for_whom == "mensen met een laag inkomen, volwassenen"
    soos = hits["Jeugdsoos Café 't Hoekje"]
    assert soos.for_whom == "kinderen en jongeren (12 tot en met 17 jaar)"
    assert soos.cost == "€ 1 per avond"
    assert soos.contact == ""
    mantelzorg = hits["Mantelzorgsteunpunt"]
    assert mantelzorg.where == "online" and mantelzorg.gemeente_wide and mantelzorg.kern_names == ()
    assert mantelzorg.when == "elke maandag, woensdag en vrijdag 9.00–17.00 uur"
    assert mantelzorg.days == ("MO", "WE", "FR")
    assert mantelzorg.languages == ("Arabisch", "Nederlands")
    assert mantelzorg.stale and mantelzorg.stale_text == "langer dan een jaar niet gecontroleerd"
    eten = hits["Samen eten (voorbeeld)"]
    assert eten.is_example and eten.stale_text == "nooit gecontroleerd" and eten.cost == "€ 5,50 per maaltijd"
    assert hits["Repair café"].status == "inactive" and not hits["Repair café"].active
    beweeg = hits["Beweegmaatje"]
    assert beweeg.where == ("Buurthuis Op de Hoek, Bisonspoor 1, 3605 KN Maarssen; "
                            "Dorpshuis De Ark, Kerkplein 3, 3621 AA Breukelen")


def test_expired_schedules_do_not_count(d):
    Schedule.objects.filter(service=d.koffie).update(valid_to=TODAY - dt.timedelta(days=1))
    finder.clear()
    assert names(d, day="TU") == []
    assert finder.get_hit(GM, str(d.koffie.pk), today=TODAY).when == ""
    assert finder.get_hit(GM, str(d.koffie.pk), today=TODAY - dt.timedelta(days=2)).when == \
        "elke dinsdag 10.00–12.00 uur"


def test_the_index_follows_every_change(d):
    assert names(d, q="yoga") == []
    Service.objects.filter(pk=d.soos.pk).update(name="Jeugdsoos")  # no signal: the generation is the key
    from kernfoto.web.models import bump

    bump()
    assert "Jeugdsoos" in names(d)
    d.koffie.description = "Stoelyoga en koffie."
    d.koffie.save()  # a signal
    assert names(d, q="yoga") == ["Koffieochtend voor ouderen"]
    d.koffie.status = "temporarily closed"
    d.koffie.save()
    assert "Koffieochtend voor ouderen" not in names(d)


def test_stale_mark_moves_with_the_day(d):
    hit = finder.get_hit(GM, str(d.koffie.pk), today=TODAY)  # checked 2026-06-01
    assert not hit.stale
    later = finder.get_hit(GM, str(d.koffie.pk), today=dt.date(2027, 6, 3))
    assert later.stale and later.stale_text == "langer dan een jaar niet gecontroleerd"


@pytest.mark.parametrize("kwargs, message", [
    ({"kern": "atlantis"}, "De kern 'atlantis' hoort niet bij gemeente GM1904."),
    ({"theme": "geluk"}, "Het thema 'geluk' bestaat niet"),
    ({"target_group": "katten"}, "De doelgroep 'katten' bestaat niet"),
    ({"day": "MA"}, "De dag 'MA' bestaat niet"),
])
def test_unknown_filters_are_refused_in_dutch(d, kwargs, message):
    with pytest.raises(SearchError, match=message):
        finder.search(GM, today=TODAY, **kwargs)


def test_another_gemeente_sees_nothing_of_this_directory(d):
    assert finder.search("GM0307", today=TODAY) == []
    assert finder.search("gm1904", today=TODAY, q="geldzaken")[0].name == "Spreekuur geldzaken"


# ------------------------------------------------------------------------------------------------- the shipped sample


def sample_hits():
    hits = finder.search(GM, today=TODAY, include_inactive=True)
    examples = [h for h in hits if h.is_example]
    if not examples:
        pytest.skip("the example directory (src/kernfoto/data/sociale_basis) is not loaded by load_demo yet")
    return examples


def test_the_sample_is_example_data_spread_over_the_kernen(sample):
    finder.clear()
    hits = sample_hits()
    assert len(hits) >= 30
    assert all(h.organization.endswith("(voorbeeld)") for h in hits)
    kernen = finder.kernen(GM, today=TODAY)
    located = {slug for h in hits for slug in h.kern_slugs}
    assert len(located) >= 10, sorted(set(kernen) - located)
    assert any(h.stale for h in hits) and any(not h.stale for h in hits)
    # every filter finds something in the sample, and the kern filter only gives offers of that kern
    for slug in located:
        found = finder.search(GM, kern=slug, today=TODAY)
        assert found and all(slug in h.kern_slugs or h.gemeente_wide for h in found)
    for day in ("MO", "TU", "WE", "TH", "FR"):
        assert all(day in h.days for h in finder.search(GM, day=day, today=TODAY))
    assert finder.search(GM, theme="bestaanszekerheid", today=TODAY)
    with_schedule = [h for h in hits if h.when]
    assert len(with_schedule) >= len(hits) // 2
