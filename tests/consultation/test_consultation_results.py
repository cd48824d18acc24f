"""Results arithmetic: counts, distribution and mean on constructed answers, and open texts grouped by theme."""

from __future__ import annotations

from decimal import Decimal

import pytest
from consultation_helpers import answers_for, invite, make_questionnaire

from kernfoto.consultation.results import (
    OTHER,
    choice_result,
    dutch_number,
    group_by_theme,
    pct,
    questionnaire_results,
    scale_result,
)
from kernfoto.consultation.services import save_response


def test_pct_rounds_half_up_and_is_none_without_base():
    assert pct(1, 8) == 13  # 12.5 -> 13 (Python's round() would give 12)
    assert pct(1, 3) == 33
    assert pct(2, 3) == 67
    assert pct(7, 7) == 100
    assert pct(0, 5) == 0
    assert pct(3, 0) is None


def test_scale_counts_distribution_mean_and_important_share():
    r = scale_result([5, 4, 4, 3, 1, 5, 4])
    assert r.n == 7
    assert [(b.value, b.count, b.pct) for b in r.bars] == [("1", 1, 14), ("2", 0, 0), ("3", 1, 14), ("4", 3, 43),
                                                           ("5", 2, 29)]
    assert r.mean == Decimal("3.7")  # 26 / 7 = 3.714...
    assert r.mean_text == "3,7"
    assert (r.important, r.important_pct) == (5, 71)
    assert [b.label for b in r.bars] == ["helemaal niet belangrijk", "niet belangrijk", "neutraal", "belangrijk",
                                         "zeer belangrijk"]


def test_scale_mean_rounds_half_up_and_skips_missing_answers():
    r = scale_result([4, 5, None, 4, 5])  # 18 / 4 = 4.5 exactly; None is "not answered"
    assert r.n == 4 and r.mean == Decimal("4.5")
    assert scale_result([3, 4, 4, 4]).mean == Decimal("3.8")  # 3.75 -> 3.8
    empty = scale_result([])
    assert (empty.n, empty.mean, empty.important_pct, empty.mean_text) == (0, None, None, "–")


def test_scale_refuses_a_score_off_the_scale():
    with pytest.raises(ValueError, match="not on the scale"):
        scale_result([3, 6])


def test_choice_single_and_multiple():
    single = choice_result(["nooit", "soms", "vaak"], [["soms"], ["vaak"], ["soms"], []])
    assert single.n == 3  # the empty selection did not answer
    assert [(b.label, b.count, b.pct) for b in single.bars] == [("nooit", 0, 0), ("soms", 2, 67), ("vaak", 1, 33)]
    assert single.top.label == "soms"
    multi = choice_result(["a", "b", "c"], [["a", "b"], ["a"], ["b", "c"], ["a", "a"]], multiple=True)
    assert multi.n == 4
    assert [(b.label, b.count, b.pct) for b in multi.bars] == [("a", 3, 75), ("b", 2, 50), ("c", 1, 25)]
    assert sum(b.pct for b in multi.bars) > 100  # more choices per respondent
    assert choice_result(["x"], []).top is None


def test_choice_keeps_an_answer_that_is_no_longer_an_option():
    r = choice_result(["ja", "nee"], [["ja"], ["misschien"]])
    assert [(b.label, b.count) for b in r.bars] == [("ja", 1), ("nee", 0), ("misschien", 1)]


def test_open_texts_grouped_by_first_suggested_theme():
    keywords = {"eenzaamheid_sociale_basis": ["eenzaam", "vrijwilliger"], "bestaanszekerheid": ["schuld", "armoede"]}
    labels = {"eenzaamheid_sociale_basis": "Eenzaamheid en sociale basis", "bestaanszekerheid": "Bestaanszekerheid"}
    groups = group_by_theme(["Veel ouderen zijn eenzaam.", "Schulden en armoede nemen toe.", "Geen idee.",
                             "Vrijwilligers haken af.", "  "], keywords=keywords, labels=labels)
    assert [(g.theme, g.count) for g in groups] == [("eenzaamheid_sociale_basis", 2), ("bestaanszekerheid", 1),
                                                    (OTHER, 1)]
    assert groups[0].texts == ("Veel ouderen zijn eenzaam.", "Vrijwilligers haken af.")
    assert groups[-1].label == "Geen thema herkend"


def test_group_by_theme_uses_the_voices_keyword_table(sample):
    groups = group_by_theme(["Mantelzorgers zijn overbelast en eenzaam."])
    assert groups[0].theme == "eenzaamheid_sociale_basis"


def test_questionnaire_results_from_stored_responses(sample, analyst):
    q = make_questionnaire()
    links = invite(q, analyst, "A\nB\nC\nD\nE")
    from kernfoto.consultation.models import Invitation

    invs = {i.label: i for i in Invitation.objects.filter(questionnaire=q)}
    save_response(invs["A"], answers_for(q, scores=(5, 5, 1), single="vaak", multiple=("armoede", "wonen"),
                                         why="Veel ouderen zijn eenzaam; bel 06-12345678."))
    save_response(invs["B"], answers_for(q, scores=(4, 2, None), single="soms", multiple=("armoede",)))
    save_response(invs["C"], answers_for(q, scores=(3, 2, None), single="soms", multiple=(), other="Meer geld voor schuldhulp."))
    res = questionnaire_results(q)
    assert (res.invited, res.responses, res.response_rate) == (5, 3, 60)
    assert len(links) == 5
    s1, s2, s3, single, multi, open_q = res.questions
    assert (s1.n, s1.scale.mean, s1.scale.important_pct) == (3, Decimal("4.0"), 67)
    assert [b.count for b in s1.scale.bars] == [0, 0, 1, 1, 1]
    assert (s2.n, s2.scale.mean, s2.scale.important_pct) == (3, Decimal("3.0"), 33)
    assert (s3.n, s3.scale.mean) == (1, Decimal("1.0"))
    assert [(b.label, b.count, b.pct) for b in single.choice.bars] == [("nooit", 0, 0), ("soms", 2, 67), ("vaak", 1, 33)]
    assert multi.n == 2 and [(b.label, b.count) for b in multi.choice.bars] == [
        ("eenzaamheid", 0), ("armoede", 2), ("wonen", 1), ("jeugd", 0)]
    assert s1.open_count == 1
    assert s1.open_groups[0].theme == "eenzaamheid_sociale_basis"
    assert s1.open_groups[0].texts == ("Veel ouderen zijn eenzaam; bel [verwijderd].",)  # redacted for the reader
    assert open_q.n == 1 and open_q.open_groups[0].theme == "bestaanszekerheid"
    assert res.publishable  # 3 responses, minimum 3
    assert dict(res.theme_counts()) == {"Eenzaamheid en sociale basis": 1, "Bestaanszekerheid": 1}


def test_dutch_number():
    assert dutch_number(Decimal("4.5")) == "4,5"
    assert dutch_number(None) == "–"
