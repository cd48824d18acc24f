"""Tests for kernfoto.stats.intervals against the PHE / UKHSA reference cases (tests/reference/phe/)."""

import csv
import math
import statistics
from pathlib import Path

import pytest

from kernfoto.stats.intervals import (
    byar,
    chi2_quantile,
    compare_proportion,
    compare_ratio,
    dsr_dobson,
    exact_poisson,
    funnel_significance_proportion,
    funnel_significance_ratio,
    mean_interval,
    rate_interval,
    t_quantile,
    wilson,
    z_value,
)

REF = Path(__file__).resolve().parent.parent / "reference" / "phe"
REL_TOL = 1e-9
P0_FUNNEL = 0.806424478571495  # benchmark of the source's funnel file (over all 303 rows), see README


def _rows(name: str) -> list[dict[str, str]]:
    with open(REF / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _num(text: str) -> float | None:
    return None if text == "" else float(text)


def _params(name: str) -> list:
    return [pytest.param(row, id=f"{name}:{i + 2}") for i, row in enumerate(_rows(name))]


def _close(actual: float | None, expected: float | None) -> None:
    if expected is None:
        assert actual is None
    else:
        assert actual is not None
        assert actual == pytest.approx(expected, rel=REL_TOL, abs=0.0)


# --------------------------------------------------------------------------- reference rows


@pytest.mark.parametrize("row", _params("proportion_wilson.csv"))
def test_wilson_reference(row):
    x, n = _num(row["numerator"]), _num(row["denominator"])
    mult, conf = float(row["multiplier"]), float(row["confidence"])
    result = wilson(x, n, conf)
    if row["lower"] == "":
        assert result is None
        return
    lower, upper = result
    _close(lower * mult, _num(row["lower"]))
    _close(upper * mult, _num(row["upper"]))
    if row["value"] != "":
        _close(x / n * mult, _num(row["value"]))


@pytest.mark.parametrize("row", _params("byars_count.csv"))
def test_byar_reference(row):
    lower, upper = byar(float(row["observed"]), float(row["confidence"]))
    _close(lower, _num(row["lower"]))  # empty lower: the formula turns negative -> None
    _close(upper, _num(row["upper"]))


@pytest.mark.parametrize("row", _params("rate.csv"))
def test_rate_reference(row):
    result = rate_interval(_num(row["numerator"]), _num(row["denominator"]),
                           float(row["multiplier"]), float(row["confidence"]))
    if row["value"] == "":
        assert result is None
        return
    value, lower, upper, method = result
    _close(value, _num(row["value"]))
    _close(lower, _num(row["lower"]))
    _close(upper, _num(row["upper"]))
    assert method == row["method"]


def _mean_values() -> dict[str, list[float]]:
    groups: dict[str, list[float]] = {}
    for row in _rows("mean_values.csv"):
        groups.setdefault(row["area"], []).append(float(row["values"]))
    groups["No grouping"] = [v for vals in list(groups.values()) for v in vals]
    return groups


@pytest.mark.parametrize("row", _params("mean.csv"))
def test_mean_reference(row):
    values = _mean_values()[row["area"]]
    assert len(values) == int(row["value_count"])
    _close(math.fsum(values), _num(row["value_sum"]))
    _close(statistics.stdev(values), _num(row["stdev"]))
    value, lower, upper = mean_interval(values, float(row["confidence"]))
    _close(value, _num(row["value"]))
    _close(lower, _num(row["lower"]))
    _close(upper, _num(row["upper"]))


def _dsr_inputs() -> dict[str, tuple[list, list, list]]:
    areas: dict[str, tuple[list, list, list]] = {}
    for row in _rows("dsr_inputs.csv"):
        counts, pops, stdpops = areas.setdefault(row["area"], ([], [], []))
        counts.append(_num(row["count"]))
        pops.append(float(row["pop"]))
        stdpops.append(float(row["stdpop"]))
    return areas


@pytest.mark.parametrize("row", _params("dsr_dobson.csv"))
def test_dsr_dobson_reference(row):
    counts, pops, stdpops = _dsr_inputs()[row["area"]]
    assert sum(c or 0 for c in counts) == float(row["total_count"])
    assert sum(pops) == float(row["total_pop"])
    result = dsr_dobson(counts, pops, stdpops, float(row["multiplier"]), float(row["confidence"]))
    if row["value"] == "":
        assert result is None
        return
    value, lower, upper = result
    _close(value, _num(row["value"]))
    _close(lower, _num(row["lower"]))
    _close(upper, _num(row["upper"]))


@pytest.mark.parametrize("row", _params("funnel_proportion_significance.csv"))
def test_funnel_proportion_reference(row):
    label = funnel_significance_proportion(float(row["numerator"]), float(row["denominator"]), P0_FUNNEL)
    assert label == row["significance"]


@pytest.mark.parametrize("row", _params("funnel_ratio_significance.csv"))
def test_funnel_ratio_reference(row):
    assert funnel_significance_ratio(float(row["observed"]), float(row["expected"])) == row["significance"]


# --------------------------------------------------------------------------- hand-computed cases


def test_z_value():
    assert z_value(0.95) == pytest.approx(1.959963984540054, rel=1e-15)
    assert z_value(0.998) == pytest.approx(3.090232306167813, rel=1e-15)
    with pytest.raises(ValueError):
        z_value(1.0)


@pytest.mark.parametrize("p", [1e-12, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999])
def test_quantiles_closed_forms(p):
    # chi-square with 2 df is exponential; t with 1 df is Cauchy; t with 2 df has a closed form
    assert chi2_quantile(p, 2) == pytest.approx(-2.0 * math.log1p(-p), rel=1e-13)
    cauchy = 0.0 if p == 0.5 else -1.0 / math.tan(math.pi * p)
    assert t_quantile(p, 1) == pytest.approx(cauchy, rel=1e-12, abs=1e-15)
    assert t_quantile(p, 2) == pytest.approx((2 * p - 1) / math.sqrt(2 * p * (1 - p)), rel=1e-12, abs=1e-15)


def test_quantiles_known_values():
    assert t_quantile(0.975, 10) == pytest.approx(2.228138851986274, rel=1e-14)
    assert t_quantile(0.975, 1e7) == pytest.approx(z_value(0.95), rel=1e-6)
    assert chi2_quantile(0.975, 20) == pytest.approx(34.16960690283834, rel=1e-14)


def test_wilson_hand_computed():
    z2 = z_value(0.95) ** 2
    assert wilson(0, 10) == (0.0, pytest.approx(z2 / (10 + z2), rel=1e-15))
    assert wilson(10, 10) == (pytest.approx(10 / (10 + z2), rel=1e-15), 1.0)
    lower, upper = wilson(5, 10)  # symmetric around 1/2
    assert lower + upper == pytest.approx(1.0, rel=1e-15)


def test_poisson_hand_computed():
    # exact limits for O = 0 and 1: upper solves exp(-u) * (1 + u)^O ... = alpha/2; O = 0: u = -ln(alpha/2)
    assert exact_poisson(0) == (0.0, pytest.approx(-math.log(0.025), rel=1e-14))
    assert exact_poisson(1)[0] == pytest.approx(-math.log1p(-0.025), rel=1e-14)
    assert byar(1, 0.998)[0] is None  # Byar's lower limit is negative there
    assert byar(0)[0] == 0.0
    assert rate_interval(0, 1000) == (0.0, 0.0, pytest.approx(-math.log(0.025) * 100, rel=1e-14), "Exact")
    assert rate_interval(9, 100)[3] == "Exact"
    assert rate_interval(10, 100)[3] == "Byars"


def test_mean_hand_computed():
    value, lower, upper = mean_interval([1.0, 3.0])  # s = sqrt(2), k = 2, t(0.975; 1) = 12.7062...
    assert value == 2.0
    assert upper - value == pytest.approx(1.0 / math.tan(math.pi * 0.025), rel=1e-13)  # half-width = t
    assert value - lower == pytest.approx(upper - value, rel=1e-15)
    assert mean_interval([1.0, None, 3.0]) == mean_interval([1.0, 3.0])


def test_missing_in_missing_out():
    assert wilson(None, 10) is None
    assert wilson(5, None) is None
    assert wilson(math.nan, 10) is None
    assert wilson(0, 0) is None
    assert byar(None) is None
    assert exact_poisson(None) is None
    assert rate_interval(None, 100) is None
    assert rate_interval(10, None) is None
    assert rate_interval(10, 0) is None
    assert mean_interval(None) is None
    assert mean_interval([1.0]) is None
    assert mean_interval([None, 2.0]) is None
    assert compare_proportion(None, 10, 0.5) == "onbekend"
    assert compare_proportion(5, 10, None) == "onbekend"
    assert compare_ratio(None, 3.0) == "onbekend"
    assert compare_ratio(3, 0) == "onbekend"
    assert funnel_significance_proportion(None, 10, 0.5) is None
    assert funnel_significance_ratio(5, None) is None


def test_invalid_inputs_raise():
    with pytest.raises(ValueError):
        wilson(11, 10)
    with pytest.raises(ValueError):
        wilson(-1, 10)
    with pytest.raises(ValueError):
        exact_poisson(-1)
    with pytest.raises(ValueError):
        rate_interval(5, 100, confidence=95)


def test_compare_proportion():
    # 95% Wilson for 50/100 is about (0.404, 0.596)
    assert compare_proportion(50, 100, 0.3) == "hoger"
    assert compare_proportion(50, 100, 0.7) == "lager"
    assert compare_proportion(50, 100, 0.5) == "vergelijkbaar"
    lower, upper = wilson(50, 100)
    assert compare_proportion(50, 100, lower) == "vergelijkbaar"  # strict inequality at the limit
    assert compare_proportion(50, 100, upper) == "vergelijkbaar"


def test_compare_ratio():
    assert compare_ratio(150, 100) == "hoger"
    assert compare_ratio(60, 100) == "lager"
    assert compare_ratio(105, 100) == "vergelijkbaar"
    assert compare_ratio(0, 5) == "lager"  # exact: upper 3.689 < 5
    assert compare_ratio(0, 3) == "vergelijkbaar"
    assert compare_ratio(9, 2) == "hoger"  # exact lower for 9 is 4.115
