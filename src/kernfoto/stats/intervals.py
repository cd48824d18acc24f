"""Confidence intervals and significance against a benchmark, as public-health profiles compute them.

The methods follow the UK public-health "Fingertips" profiles (PHE / UKHSA, R package PHEindicatormethods):
Wilson score intervals for proportions, Byar's approximation and exact Poisson limits for counts and rates,
Student-t intervals for means, Dobson's method for directly standardised rates, and the funnel-plot
significance labels.

Pure Python (``math``, ``statistics``); no scipy. The chi-square and Student-t quantiles are computed by
inverting the regularized incomplete gamma and beta functions (series and continued fractions as in Numerical
Recipes) with a bracketed Newton/bisection search to full double precision.

Convention: "missing in, missing out". A ``None`` (or NaN) input gives ``None`` instead of an error.
Impossible inputs (negative counts, x > n, confidence outside (0, 1)) raise ``ValueError``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from statistics import NormalDist

__all__ = [
    "z_value", "chi2_quantile", "t_quantile", "wilson", "byar", "exact_poisson", "rate_interval",
    "mean_interval", "dsr_dobson", "compare_proportion", "compare_ratio",
    "funnel_significance_proportion", "funnel_significance_ratio",
]

_EPS = 2.220446049250313e-16
_TINY = 1e-300
_MAX_ITER = 100_000

Interval = tuple[float, float]


# --------------------------------------------------------------------------- helpers


def _is_missing(*values: float | None) -> bool:
    return any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values)


def _alpha(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    return 1.0 - confidence


def _gamma_pq(a: float, x: float) -> tuple[float, float]:
    """Regularized incomplete gamma functions (P(a, x), Q(a, x)) for a > 0, x >= 0."""
    if x <= 0.0:
        return 0.0, 1.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1.0:  # series for P
        term = total = 1.0 / a
        ap = a
        for _ in range(_MAX_ITER):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * _EPS:
                p = total * math.exp(log_front)
                return p, 1.0 - p
        raise ArithmeticError("incomplete gamma series did not converge")
    # continued fraction for Q (modified Lentz)
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_ITER):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            q = math.exp(log_front) * h
            return 1.0 - q, q
    raise ArithmeticError("incomplete gamma continued fraction did not converge")


def _beta_cf(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta function (modified Lentz)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (_TINY if abs(d) < _TINY else d)
    h = d
    for m in range(1, _MAX_ITER):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / (_TINY if abs(d) < _TINY else d)
            c = 1.0 + aa / c
            c = _TINY if abs(c) < _TINY else c
            delta = d * c
            h *= delta
        if abs(delta - 1.0) < _EPS:
            return h
    raise ArithmeticError("incomplete beta continued fraction did not converge")


def _beta_inc(a: float, b: float, x: float, y: float) -> float:
    """Regularized incomplete beta I_x(a, b); ``y`` = 1 - x, passed separately to avoid cancellation."""
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(y)
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_cf(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_cf(b, a, y) / b


def _solve(f: Callable[[float], float], fprime: Callable[[float], float], target: float, lo: float,
           increasing: bool) -> float:
    """Root of the monotone ``f(x) = target`` for x >= lo: bracket, then Newton safeguarded by bisection."""
    hi = max(2.0 * lo, 1.0)
    while (f(hi) < target) == increasing:
        lo, hi = hi, 2.0 * hi
        if hi > 1e300:
            raise ArithmeticError("could not bracket the quantile")
    x = 0.5 * (lo + hi)
    for _ in range(2000):
        fx = f(x) - target
        if fx == 0.0:
            return x
        if (fx < 0.0) == increasing:
            lo = x
        else:
            hi = x
        slope = fprime(x)
        x_new = x - fx / slope if math.isfinite(slope) and slope != 0.0 else math.nan
        if not lo < x_new < hi:
            x_new = 0.5 * (lo + hi)
        if abs(x_new - x) <= 2.0 * _EPS * abs(x_new) or x_new in (lo, hi):
            return x_new
        x = x_new
    return x


def _gamma_quantile(a: float, p: float | None = None, q: float | None = None) -> float:
    """x with P(a, x) = p, or with Q(a, x) = q (give the smaller tail for accuracy)."""
    log_norm = -math.lgamma(a)

    def density(x: float) -> float:
        if x <= 0.0:
            return math.nan
        log_density = (a - 1.0) * math.log(x) - x + log_norm
        return math.exp(log_density) if log_density < 700.0 else math.inf

    if p is not None:
        return _solve(lambda x: _gamma_pq(a, x)[0], density, p, 0.0, increasing=True)
    return _solve(lambda x: _gamma_pq(a, x)[1], lambda x: -density(x), q, 0.0, increasing=False)


def _t_upper(q: float, df: float) -> float:
    """t > 0 with P(T > t) = q (q < 0.5) for Student's t with ``df`` degrees of freedom."""
    half = 0.5 * df
    log_norm = math.lgamma(half + 0.5) - math.lgamma(half) - 0.5 * math.log(df * math.pi)

    def tail(t: float) -> float:
        s = df + t * t
        return 0.5 * _beta_inc(half, 0.5, df / s, t * t / s)

    def minus_density(t: float) -> float:
        return -math.exp(log_norm - (half + 0.5) * math.log1p(t * t / df))

    return _solve(tail, minus_density, q, 0.0, increasing=False)


# --------------------------------------------------------------------------- quantiles


def z_value(confidence: float) -> float:
    """Two-sided standard normal critical value, e.g. ``z_value(0.95)`` = 1.959964..."""
    return -NormalDist().inv_cdf(_alpha(confidence) / 2.0)


def chi2_quantile(p: float, df: float) -> float:
    """Quantile of the chi-square distribution (lower-tail probability ``p``, ``df`` > 0)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("need 0 < p < 1 and df > 0")
    a = 0.5 * df
    return 2.0 * (_gamma_quantile(a, p=p) if p <= 0.5 else _gamma_quantile(a, q=1.0 - p))


def t_quantile(p: float, df: float) -> float:
    """Quantile of Student's t distribution (lower-tail probability ``p``, ``df`` > 0)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError("need 0 < p < 1 and df > 0")
    if p == 0.5:
        return 0.0
    return _t_upper(1.0 - p, df) if p > 0.5 else -_t_upper(p, df)


# --------------------------------------------------------------------------- intervals


def wilson(x: float | None, n: float | None, confidence: float = 0.95) -> Interval | None:
    """Wilson score interval for ``x`` events out of ``n``, as proportions 0-1.

    ``x`` may be fractional. Returns ``None`` when an input is missing or ``n`` is 0.
    """
    if _is_missing(x, n):
        return None
    if n < 0 or x < 0 or x > n:
        raise ValueError(f"need 0 <= x <= n, got x={x!r}, n={n!r}")
    if n == 0:
        return None
    z = z_value(confidence)
    z2 = z * z
    p = x / n
    spread = z * math.sqrt(z2 + 4.0 * x * (1.0 - p))
    denom = 2.0 * (n + z2)
    lower = 0.0 if x == 0 else (2.0 * x + z2 - spread) / denom
    upper = 1.0 if x == n else (2.0 * x + z2 + spread) / denom
    return lower, upper


def byar(observed: float | None, confidence: float = 0.95) -> tuple[float | None, float] | None:
    """Byar's approximate limits for a Poisson count.

    The lower limit is ``None`` where the formula turns negative (very small counts at high confidence;
    use :func:`exact_poisson` there) and 0 for ``observed`` = 0.
    """
    if _is_missing(observed):
        return None
    if observed < 0:
        raise ValueError(f"observed must be >= 0, got {observed!r}")
    z = z_value(confidence)
    o1 = observed + 1.0
    upper = o1 * (1.0 - 1.0 / (9.0 * o1) + z / (3.0 * math.sqrt(o1))) ** 3
    if observed == 0:
        return 0.0, upper
    base = 1.0 - 1.0 / (9.0 * observed) - z / (3.0 * math.sqrt(observed))
    return (observed * base**3 if base >= 0.0 else None), upper


def exact_poisson(observed: float | None, confidence: float = 0.95) -> Interval | None:
    """Exact (chi-square based) limits for a Poisson count; the lower limit is 0 for ``observed`` = 0.

    lower = chi2(alpha/2; 2O) / 2, upper = chi2(1 - alpha/2; 2O + 2) / 2.
    """
    if _is_missing(observed):
        return None
    if observed < 0:
        raise ValueError(f"observed must be >= 0, got {observed!r}")
    tail = _alpha(confidence) / 2.0
    lower = 0.0 if observed == 0 else _gamma_quantile(float(observed), p=tail)
    return lower, _gamma_quantile(observed + 1.0, q=tail)


def _count_interval(observed: float, confidence: float) -> tuple[float, float, str]:
    """Source practice: exact Poisson limits below 10 events, Byar's from 10 on."""
    if observed < 10:
        lower, upper = exact_poisson(observed, confidence)
        return lower, upper, "Exact"
    lower, upper = byar(observed, confidence)
    return lower, upper, "Byars"


def rate_interval(numerator: float | None, denominator: float | None, multiplier: float = 100000,
                  confidence: float = 0.95) -> tuple[float, float, float, str] | None:
    """Crude rate with its interval: ``(value, lower, upper, method)``, all scaled by ``multiplier``.

    ``method`` is ``"Exact"`` (exact Poisson) when the numerator is below 10, ``"Byars"`` otherwise.
    The numerator may exceed the denominator. ``None`` when an input is missing or the denominator is 0.
    """
    if _is_missing(numerator, denominator):
        return None
    if numerator < 0 or denominator < 0:
        raise ValueError("numerator and denominator must be >= 0")
    if denominator == 0:
        return None
    lower, upper, method = _count_interval(numerator, confidence)
    scale = multiplier / denominator
    return numerator * scale, lower * scale, upper * scale, method


def mean_interval(values: Sequence[float | None] | None,
                  confidence: float = 0.95) -> tuple[float, float, float] | None:
    """Mean with a Student-t interval: ``(mean, lower, upper)``, mean -/+ t(1 - alpha/2; k - 1) * s / sqrt(k).

    Missing values in the list are skipped; ``None`` when fewer than 2 values remain (no sample SD).
    """
    if values is None:
        return None
    xs = [float(v) for v in values if not _is_missing(v)]
    k = len(xs)
    if k < 2:
        return None
    mean = math.fsum(xs) / k
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in xs) / (k - 1))
    half_width = _t_upper(_alpha(confidence) / 2.0, k - 1) * sd / math.sqrt(k)
    return mean, mean - half_width, mean + half_width


def dsr_dobson(counts: Sequence[float | None], populations: Sequence[float | None],
               standard_populations: Sequence[float], multiplier: float = 100000,
               confidence: float = 0.95) -> tuple[float, float, float] | None:
    """Directly standardised rate with Dobson limits: ``(dsr, lower, upper)`` scaled by ``multiplier``.

    One entry per age band; a missing count counts as 0. ``None`` when the total count is below 10, or a
    population is missing or 0.
    """
    if not len(counts) == len(populations) == len(standard_populations):
        raise ValueError("counts, populations and standard_populations must have equal length")
    cs = [0.0 if _is_missing(c) else float(c) for c in counts]
    if any(_is_missing(p) or p <= 0 for p in populations) or any(c < 0 for c in cs):
        return None
    total = math.fsum(cs)
    if total < 10:
        return None
    w_total = math.fsum(standard_populations)
    dsr = math.fsum(w * c / p for w, c, p in zip(standard_populations, cs, populations, strict=True)) / w_total
    var = math.fsum(w * w * c / (p * p) for w, c, p in zip(standard_populations, cs, populations, strict=True))
    factor = math.sqrt(var / w_total**2 / total)
    o_lower, o_upper = byar(total, confidence)
    return (dsr * multiplier, (dsr + factor * (o_lower - total)) * multiplier,
            (dsr + factor * (o_upper - total)) * multiplier)


# --------------------------------------------------------------------------- significance


def _label(lower: float | None, upper: float | None, benchmark: float) -> str:
    if lower is None or upper is None:
        return "onbekend"
    if lower > benchmark:
        return "hoger"
    if upper < benchmark:
        return "lager"
    return "vergelijkbaar"


def _ratio_limits(observed: float, expected: float, confidence: float) -> Interval:
    lower, upper, _ = _count_interval(observed, confidence)
    return lower / expected, upper / expected


def compare_proportion(x: float | None, n: float | None, benchmark_p: float | None) -> str:
    """Compare x/n with a benchmark proportion using the 95% Wilson interval.

    ``"hoger"`` when the lower limit exceeds the benchmark, ``"lager"`` when the upper limit is below it,
    ``"vergelijkbaar"`` otherwise, ``"onbekend"`` when something is missing.
    """
    ci = None if _is_missing(benchmark_p) else wilson(x, n, 0.95)
    return "onbekend" if ci is None else _label(ci[0], ci[1], benchmark_p)


def compare_ratio(observed: float | None, expected: float | None) -> str:
    """Compare observed/expected with 1 using the 95% interval (exact Poisson below 10 events, else Byar's).

    Labels as :func:`compare_proportion`; ``"onbekend"`` when an input is missing or ``expected`` <= 0.
    """
    if _is_missing(observed, expected) or expected <= 0:
        return "onbekend"
    return _label(*_ratio_limits(observed, expected, 0.95), 1.0)


def _funnel_label(limits: Callable[[float], Interval], benchmark: float) -> str:
    (lo998, up998), (lo95, up95) = limits(0.998), limits(0.95)
    if lo998 > benchmark:
        return "High (0.001)"
    if lo95 > benchmark:
        return "High (0.025)"
    if up998 < benchmark:
        return "Low (0.001)"
    if up95 < benchmark:
        return "Low (0.025)"
    return "Not significant"


def funnel_significance_proportion(x: float | None, n: float | None, p0: float | None) -> str | None:
    """Funnel-plot label of x/n against the benchmark proportion ``p0`` (Wilson 99.8% and 95% limits).

    Returns ``"High (0.001)"``, ``"High (0.025)"``, ``"Low (0.001)"``, ``"Low (0.025)"`` or
    ``"Not significant"``; ``None`` when an input is missing or ``n`` is 0.
    """
    if _is_missing(x, n, p0) or wilson(x, n) is None:
        return None
    return _funnel_label(lambda conf: wilson(x, n, conf), p0)


def funnel_significance_ratio(observed: float | None, expected: float | None) -> str | None:
    """Funnel-plot label of observed/expected against 1 (exact Poisson below 10 events, else Byar's).

    Labels as :func:`funnel_significance_proportion`; ``None`` when missing or ``expected`` <= 0.
    """
    if _is_missing(observed, expected) or expected <= 0:
        return None
    if observed < 0:
        raise ValueError(f"observed must be >= 0, got {observed!r}")
    return _funnel_label(lambda conf: _ratio_limits(observed, expected, conf), 1.0)
