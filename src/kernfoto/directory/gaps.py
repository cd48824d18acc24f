"""Gap analysis of the sociale basis: need (from the indicators) against offer (the directory), per kern and theme.

The rule is declared once, here, as data, and everything else derives from it: the Dutch explanation page
(``gemeente/<code>/nood-en-aanbod/uitleg/``), the matrix page, the ``kernfoto gaps`` export and the
"Sociale basis" block of the kernfoto.

* :data:`NEED_RULE` says when the need of a kern on a theme is *hoog*, *verhoogd*, *geen* or *onbekend*:
  it counts the theme's indicators on which the kern is ``ongunstiger`` than its gemeente (the engine's
  comparison, the same one the kernfoto shows) and how many residents the worst of them concerns.
* :data:`OFFER_RULE` says which services count as offer for a kern: active services of the theme located
  in the kern, serving it (a service area for the kern or the whole gemeente), or located within a distance
  of the kern's area. The distance part is ``nearby.near_services``, which the finder (``search.py``) uses
  too, so a cell's finder link (``finder_url`` with the distance) lists exactly the offers it counts.
* :data:`CLASSES` maps need x offer to a class: a machine id, a short Dutch label and a Dutch explanation.
  :func:`classify` takes the first class whose case matches; a test checks that every combination of need
  and offer matches exactly one class.

Need (:func:`assess_need`) and classification (:func:`classify`) are pure functions; :func:`needs_from_results`
reads the engine's results frame; :func:`load_directory` reads the directory (a handful of queries per
gemeente, whatever its size); :func:`analyse` puts them together and :func:`gap_matrix` returns the cells.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import polars as pl

from ..areas import geo as geo
from ..errors import KernfotoError
from ..profiles.build import PERIOD_WINDOW, display, dutch_number
from ..profiles.model import Block
from ..stats.catalogue import Catalogue, Indicator, catalogue
from .nearby import KernArea as KernArea
from .nearby import NearIndex as NearIndex
from .nearby import distance_km as distance_km
from .nearby import kern_area as kern_area
from .nearby import km_param, load_geography, near_services, service_points
from .nearby import km_text as km_text

# ------------------------------------------------------------------------------------------------ the rule

NEED_LEVELS = ("hoog", "verhoogd", "geen", "onbekend")
JUDGED = ("gunstiger", "vergelijkbaar", "ongunstiger")


@dataclass(frozen=True)
class NeedRule:
    """When is there need? Counted per kern and theme over the theme's indicators with an oordeel."""

    # "hoog": at least this many indicators ongunstiger than the gemeente, and at least this share of the
    # theme's indicators with a comparison (themes with many related indicators, such as two on drinking,
    # need more than two) ...
    high_min_indicators: int = 2
    high_min_share: float = 1 / 3
    high_min_residents: int = 1000  # ... or one that concerns at least this many residents
    residents_rounding: int = 10  # the number of residents is an estimate, rounded to tens
    # themes that describe who lives in the kern, not a need (their indicators carry no oordeel)
    excluded_themes: tuple[str, ...] = ("bevolking",)


@dataclass(frozen=True)
class OfferRule:
    """Which services count as offer for a kern, and when offer is "weinig"."""

    distance_km: float = 1.0  # a location this close to the kern's area counts (overridable per call)
    few_max: int = 1  # this many services or fewer is "weinig aanbod"
    max_distance_km: float = 50.0  # larger distances are refused (they would make every service count)


NEED_RULE = NeedRule()
OFFER_RULE = OfferRule()

SHARE_TEXT = {1 / 2: "de helft", 1 / 3: "een derde", 1 / 4: "een kwart"}.get(
    NEED_RULE.high_min_share, f"{round(NEED_RULE.high_min_share * 100)}%")
NEED_TEXT = {
    "hoog": (f"De kern is ongunstiger dan de gemeente op minstens {NEED_RULE.high_min_indicators} indicatoren van "
             f"het thema, en dat is minstens {SHARE_TEXT} van de indicatoren die we konden vergelijken. Of de kern "
             f"is ongunstiger op een indicator die naar schatting minstens "
             f"{dutch_number(NEED_RULE.high_min_residents, 0)} inwoners betreft."),
    "verhoogd": ("De kern is op één of meer indicatoren van het thema ongunstiger dan de gemeente, maar niet "
                 "zo vaak of voor zo veel inwoners als bij hoge nood."),
    "geen": "De kern is op geen enkele indicator van het thema ongunstiger dan de gemeente.",
    "onbekend": "Voor dit thema zijn er voor deze kern geen cijfers die we met de gemeente kunnen vergelijken.",
}
NEED_LABEL = {"hoog": "hoge nood", "verhoogd": "verhoogde nood", "geen": "geen verhoogde nood",
              "onbekend": "nood onbekend"}


@dataclass(frozen=True)
class Case:
    need: str
    min_offer: int
    max_offer: int | None  # None: no upper limit


@dataclass(frozen=True)
class GapClass:
    id: str
    label: str  # Dutch, lower case: "hoge nood, geen aanbod"
    cases: tuple[Case, ...]
    explanation: str  # Dutch, B1
    tone: str  # "tekort" | "let-op" | "gedekt" | "geen" | "onbekend": the colour on the matrix (with the label)
    is_gap: bool  # shown as a gap ("tekort") on the kernfoto

    def matches(self, need: str, offer: int) -> bool:
        return any(c.need == need and offer >= c.min_offer and (c.max_offer is None or offer <= c.max_offer)
                   for c in self.cases)


_FEW = OFFER_RULE.few_max
CLASSES: tuple[GapClass, ...] = (
    GapClass("hoge_nood_geen_aanbod", "hoge nood, geen aanbod", (Case("hoog", 0, 0),),
             "De cijfers tonen hoge nood, maar er is geen aanbod in of voor deze kern over dit thema. "
             "Hier is het verschil tussen nood en aanbod het grootst.", "tekort", True),
    GapClass("hoge_nood_weinig_aanbod", "hoge nood, weinig aanbod", (Case("hoog", 1, _FEW),),
             f"De cijfers tonen hoge nood, en er {'is maar één' if _FEW == 1 else f'zijn maar {_FEW} of minder'} "
             "aanbod in of voor deze kern over dit thema. Ga na of dat genoeg is.", "tekort", True),
    GapClass("verhoogde_nood_geen_aanbod", "verhoogde nood, geen aanbod", (Case("verhoogd", 0, 0),),
             "De cijfers tonen enige nood, en er is geen aanbod in of voor deze kern over dit thema.",
             "let-op", True),
    GapClass("nood_gedekt", "nood, wel aanbod", (Case("hoog", _FEW + 1, None), Case("verhoogd", 1, None)),
             "De cijfers tonen nood, en er is aanbod in of voor deze kern over dit thema. Of het aanbod genoeg is "
             "en de mensen bereikt die het nodig hebben, zeggen de cijfers niet: bespreek dat met de partners.",
             "gedekt", False),
    GapClass("geen_verhoogde_nood", "geen verhoogde nood", (Case("geen", 0, None),),
             "De kern is op dit thema niet ongunstiger dan de gemeente. Aanbod kan er toch nodig zijn; "
             "de vergelijking zegt alleen dat de nood hier niet groter is dan gemiddeld.", "geen", False),
    GapClass("onbekend", "nood onbekend", (Case("onbekend", 0, None),),
             "Er zijn geen cijfers om de nood te beoordelen. Het aanbod staat er wel bij.", "onbekend", False),
)
_BY_ID = {c.id: c for c in CLASSES}


def classify(need: str, offer: int) -> GapClass:
    """The class of a need level ("hoog" | "verhoogd" | "geen" | "onbekend") and a number of services."""
    if need not in NEED_LEVELS:
        raise ValueError(f"onbekend nood-niveau: {need!r}")
    if offer < 0:
        raise ValueError("het aantal aanbod kan niet negatief zijn")
    for cls in CLASSES:
        if cls.matches(need, offer):
            return cls
    raise ValueError(f"geen klasse voor nood {need!r} en aanbod {offer}")  # the table is complete (tested)


def gap_class(class_id: str) -> GapClass:
    return _BY_ID[class_id]


def offer_range_text(case: Case) -> str:
    """"geen aanbod", "1 aanbod", "2 of meer aanbod", ... (for the explanation page)."""
    if case.max_offer == 0:
        return "geen aanbod"
    if case.max_offer is None:
        return "elk aantal aanbod" if case.min_offer == 0 else f"{case.min_offer} of meer aanbod"
    if case.min_offer == case.max_offer:
        return f"{case.min_offer} aanbod"
    return f"{case.min_offer} tot en met {case.max_offer} aanbod"


def case_text(case: Case) -> str:
    return f"{NEED_LABEL[case.need]} en {offer_range_text(case)}"


def need_themes(cat: Catalogue | None = None) -> list:
    """The catalogue's themes the analysis covers, in catalogue order."""
    cat = cat or catalogue()
    return [t for t in cat.themes if t.id not in NEED_RULE.excluded_themes]


def judged_indicators(theme: str, cat: Catalogue | None = None) -> list[Indicator]:
    """The indicators of a theme that carry an oordeel (higher or lower is better), in catalogue order."""
    cat = cat or catalogue()
    return [i for i in cat.indicators if i.theme == theme and i.polarity != "geen_oordeel"]


# ------------------------------------------------------------------------------------------------ need


@dataclass(frozen=True)
class NeedFigure:
    """One indicator of a kern that is ongunstiger than its gemeente."""

    indicator: str
    label: str
    display: str  # "14%"
    gemeente_display: str  # "12%"
    period: str  # the figure's period
    other_period: bool  # from another period than asked (nearest within the profile's window)
    residents: int | None  # estimated residents concerned, rounded; None when it cannot be estimated
    gap: float  # relative difference with the gemeente, for ordering

    def text(self) -> str:
        """ "Moeite met rondkomen 14% (gemeente 12%): ongeveer 3.130 inwoners" """
        when = f" in {self.period}" if self.other_period else ""
        out = f"{self.label} {self.display}{when} (gemeente {self.gemeente_display})"
        if self.residents is not None:
            out += f": ongeveer {dutch_number(self.residents, 0)} inwoners"
        return out

    def short(self) -> str:
        """ "moeite met rondkomen 14%, gemeente 12%" (for a line on the kernfoto)."""
        when = f" in {self.period}" if self.other_period else ""
        return f"{_lower_first(self.label)} {self.display}{when}, gemeente {self.gemeente_display}"


@dataclass(frozen=True)
class Need:
    level: str  # one of NEED_LEVELS
    figures: tuple[NeedFigure, ...] = ()  # the unfavourable indicators, largest difference first
    n_judged: int = 0  # indicators of the theme with a comparison (gunstiger/vergelijkbaar/ongunstiger)

    @property
    def residents(self) -> NeedFigure | None:
        """The unfavourable figure that concerns the most residents (None when none can be estimated)."""
        counted = [f for f in self.figures if f.residents is not None]
        return max(counted, key=lambda f: (f.residents, -self.figures.index(f))) if counted else None


def assess_need(figures: Sequence[NeedFigure], n_judged: int, rule: NeedRule = NEED_RULE) -> Need:
    """The need level from the unfavourable figures of a theme and the number of judged indicators."""
    ordered = tuple(sorted(figures, key=lambda f: (-f.gap, f.indicator)))
    if n_judged == 0:
        return Need("onbekend", (), 0)
    if not ordered:
        return Need("geen", (), n_judged)
    most = max((f.residents or 0) for f in ordered)
    many = len(ordered) >= rule.high_min_indicators and len(ordered) >= rule.high_min_share * n_judged
    high = many or most >= rule.high_min_residents
    return Need("hoog" if high else "verhoogd", ordered, n_judged)


def residents_estimate(ind: Indicator, row: dict, rule: NeedRule = NEED_RULE) -> int | None:
    """How many residents an unfavourable percentage concerns, rounded (None when it cannot be said).

    Only for percentages where a high value is unfavourable (the value is the share with the problem):
    a ratio of persons gives its numerator; a percentage weighted with inhabitants gives the value times the
    inhabitants it was weighted with (the engine's ``base``). Figures about adults are then applied to all
    inhabitants, so the estimate is somewhat high; the explanation page says so.
    """
    if ind.unit != "%" or ind.polarity != "laag_gunstig" or row.get("value") is None:
        return None
    count = None
    if ind.kind == "ratio" and ind.denominator == "AantalInwoners" and row.get("numerator") is not None:
        count = row["numerator"]
    elif ind.weight_for(row.get("group") or "") == "AantalInwoners" and row.get("base"):
        count = row["value"] / 100 * row["base"]
    if count is None:
        return None
    step = rule.residents_rounding
    return int(math.floor(count / step + 0.5)) * step


def _lower_first(text: str) -> str:
    """ "Moeite met rondkomen" -> "moeite met rondkomen"; "SES-WOZ-score" stays as it is."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def needs_from_results(results: pl.DataFrame, kernen: Iterable[str], period: str, cat: Catalogue | None = None,
                       rule: NeedRule = NEED_RULE) -> dict[tuple[str, str], Need]:
    """Need per (kern slug, theme) from the engine's results (``stats.pipeline.results_for``).

    Each indicator is taken in its main population group (the first in the catalogue, as the accumulation
    does), in the asked period, or, like the kernfoto, the nearest period within ``PERIOD_WINDOW`` years when
    the indicator has no figure in it.
    """
    cat = cat or catalogue()
    kernen = list(kernen)
    themes = [t.id for t in need_themes(cat)]
    inds = {i.id: i for t in themes for i in judged_indicators(t, cat)}
    main_group = pl.DataFrame([(i.id, i.groups[0]) for i in inds.values()], schema=["indicator", "group"],
                              orient="row")
    rows = (results.filter(pl.col("area_code").is_in(kernen) & (pl.col("status") != "ontbreekt"))
            .join(main_group, on=["indicator", "group"], how="semi")
            .with_columns((pl.col("period").cast(pl.Int32) - int(period)).abs().alias("_dist"))
            .filter(pl.col("_dist") <= PERIOD_WINDOW)
            .sort(["area_code", "indicator", "_dist", "period"])
            .unique(subset=["area_code", "indicator"], keep="first", maintain_order=True))
    judged: dict[tuple[str, str], int] = {}
    bad: dict[tuple[str, str], list[NeedFigure]] = {}
    for r in rows.iter_rows(named=True):
        ind = inds[r["indicator"]]
        if r["comparison_gemeente"] not in JUDGED:
            continue
        key = (r["area_code"], ind.theme)
        judged[key] = judged.get(key, 0) + 1
        if r["comparison_gemeente"] != "ongunstiger":
            continue
        ref = r["gemeente_value"]
        gap = abs(r["value"] - ref) / abs(ref) if ref else 0.0
        bad.setdefault(key, []).append(NeedFigure(
            indicator=ind.id, label=ind.label, display=display(r["value"], ind), gemeente_display=display(ref, ind),
            period=r["period"], other_period=r["period"] != period, residents=residents_estimate(ind, r, rule),
            gap=gap))
    return {(k, t): assess_need(bad.get((k, t), []), judged.get((k, t), 0), rule) for k in kernen for t in themes}


# ------------------------------------------------------------------------------------------------ offer


@dataclass(frozen=True)
class OfferService:
    """An active service as the gap analysis sees it (plain data, no database)."""

    id: str
    name: str
    themes: frozenset[str]
    kernen: frozenset[str]  # kern slugs it is located in or serves (service area)
    gemeente_wide: bool  # a service area for the whole gemeente
    points: tuple[tuple[float, float], ...] = ()  # (lon, lat) of its locations, for the distance rule
    is_example: bool = False


def near_kernen(service: OfferService, areas: Sequence[KernArea] | NearIndex, max_km: float) -> frozenset[str]:
    """The kernen whose area lies within ``max_km`` of one of the service's locations (0: that contain one)."""
    near = near_services({service.id: service.points}, areas, max_km)
    return frozenset(slug for slug, found in near.items() if found)


# ------------------------------------------------------------------------------------------------ the cells


@dataclass(frozen=True)
class GapCell:
    kern_slug: str
    kern_name: str
    theme: str
    theme_label: str
    need: str  # "hoog" | "verhoogd" | "geen" | "onbekend"
    need_indicators: tuple[str, ...]  # "Moeite met rondkomen 14% (gemeente 12%): ongeveer 3.130 inwoners"
    residents_affected: int | None  # the largest estimate among the unfavourable indicators
    offer: int  # active services of the theme in, serving or near the kern
    services: tuple[str, ...]  # their names, sorted
    classification: str  # GapClass.id, e.g. "hoge_nood_geen_aanbod"
    label: str  # GapClass.label, e.g. "hoge nood, geen aanbod"
    residents_indicator: str = ""  # the indicator id residents_affected comes from
    is_example: bool = False  # some of the offer is example data ("voorbeeld")


@dataclass
class Directory:
    """The active services of a gemeente and its kernen' areas, read once (see :func:`load_directory`)."""

    gemeente: str
    services: list[OfferService]
    kernen: dict[str, str]  # slug -> name, in name order
    areas: list[KernArea] = field(default_factory=list)

    @property
    def has_example(self) -> bool:
        return any(s.is_example for s in self.services)


@dataclass
class Analysis:
    gemeente: str
    period: str
    distance_km: float
    cells: list[GapCell]
    needs: dict[tuple[str, str], Need]
    offer_total: dict[str, int]  # kern slug -> active services (any theme) in, serving or near it
    example_total: dict[str, int]  # kern slug -> how many of those are example data
    has_example: bool
    has_services: bool

    def cells_of(self, kern: str) -> list[GapCell]:
        return [c for c in self.cells if c.kern_slug == kern]


def check_distance(distance: float | None) -> float:
    if distance is None:
        return OFFER_RULE.distance_km
    if not (0 <= distance <= OFFER_RULE.max_distance_km) or math.isnan(distance):
        raise KernfotoError(f"de afstand moet tussen 0 en {OFFER_RULE.max_distance_km:g} km liggen, niet {distance:g}")
    return float(distance)


def analyse_data(results: pl.DataFrame, directory: Directory, period: str, *, distance: float | None = None,
                 cat: Catalogue | None = None) -> Analysis:
    """Need against offer for every kern and theme: a pure function of the results and the directory."""
    cat = cat or catalogue()
    distance = check_distance(distance)
    kernen = list(directory.kernen)
    needs = needs_from_results(results, kernen, period, cat)
    reach: dict[str, list[OfferService]] = {k: [] for k in kernen}
    by_theme: dict[tuple[str, str], list[OfferService]] = {}
    near_of: dict[str, set[str]] = {}  # service id -> the kernen it lies within the distance of
    for slug, found in near_services({s.id: s.points for s in directory.services}, directory.areas,
                                     distance).items():
        for sid in found:
            near_of.setdefault(sid, set()).add(slug)
    everywhere = frozenset(kernen)
    # services in name order (load_directory sorts them), so every list below is in name order too
    for s in sorted(directory.services, key=lambda s: (s.name.casefold(), s.id)):
        reached = everywhere if s.gemeente_wide else (s.kernen | near_of.get(s.id, set())) & everywhere
        for k in reached:
            reach[k].append(s)
            for theme in s.themes:
                by_theme.setdefault((k, theme), []).append(s)
    cells = []
    for kern in kernen:
        for theme in need_themes(cat):
            offer = by_theme.get((kern, theme.id), [])
            need = needs[(kern, theme.id)]
            cls = classify(need.level, len(offer))
            top = need.residents
            cells.append(GapCell(
                kern_slug=kern, kern_name=directory.kernen[kern], theme=theme.id, theme_label=theme.label,
                need=need.level, need_indicators=tuple(f.text() for f in need.figures),
                residents_affected=top.residents if top else None, offer=len(offer),
                services=tuple(s.name for s in offer), classification=cls.id, label=cls.label,
                residents_indicator=top.indicator if top else "", is_example=any(s.is_example for s in offer)))
    return Analysis(gemeente=directory.gemeente, period=period, distance_km=distance, cells=cells, needs=needs,
                    offer_total={k: len(v) for k, v in reach.items()},
                    example_total={k: sum(s.is_example for s in v) for k, v in reach.items()},
                    has_example=directory.has_example, has_services=bool(directory.services))


# ------------------------------------------------------------------------------------------------ database


def load_directory(gemeente: str) -> Directory:
    """The gemeente's active services with their kernen, service areas and coordinates, and the kernen' areas.

    A fixed number of queries, whatever the size of the directory. A location without coordinates but with a
    buurt is placed at the middle of that buurt for the distance rule (``nearby.Geography.point``).
    """
    from ..areas.models import AreaGroup, GroupKind
    from .models import Service, ServiceArea, ServiceAtLocation, ServiceStatus, serves_whole_gemeente

    groups = sorted(AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente_id=gemeente).prefetch_related("members"),
                    key=lambda g: (g.name, g.slug))  # in Python: the same order on every database
    if not groups:
        raise KernfotoError(f"voor gemeente {gemeente} zijn geen kernen vastgelegd (kernfoto kernen BESTAND)")
    slug_of = {g.id: g.slug for g in groups}
    active = Service.objects.filter(organization__gemeente_id=gemeente, status=ServiceStatus.ACTIVE)
    base = {sid: (name, themes, example) for sid, name, themes, example in
            active.values_list("id", "name", "themes", "organization__is_example")}
    kernen: dict = {sid: set() for sid in base}
    wide: set = set()
    located = []  # (service, latitude, longitude, buurt) of each of its locations
    sal = ServiceAtLocation.objects.filter(service__in=active).values_list(
        "id", "service_id", "location__kern_id", "location__latitude", "location__longitude", "location__buurt_id")
    sal_service = {}
    for sal_id, sid, kern_id, lat, lon, buurt in sal:
        sal_service[sal_id] = sid
        if kern_id in slug_of:
            kernen[sid].add(slug_of[kern_id])
        located.append((sid, lat, lon, buurt))
    areas_q = ServiceArea.objects.filter(service__in=active) | ServiceArea.objects.filter(
        service_at_location__service__in=active)
    for sid, sal_id, kern_id, extent_type in areas_q.values_list("service_id", "service_at_location_id", "kern_id",
                                                                 "extent_type"):
        sid = sid if sid in base else sal_service.get(sal_id)
        if sid is None:
            continue
        if kern_id in slug_of:
            kernen[sid].add(slug_of[kern_id])
        elif serves_whole_gemeente(kern_id, extent_type):
            wide.add(sid)
    geography = load_geography(gemeente, groups)
    points = service_points(located, geography)
    services = [OfferService(id=str(sid), name=name, themes=frozenset(themes or ()), kernen=frozenset(kernen[sid]),
                             gemeente_wide=sid in wide, points=points.get(sid, ()), is_example=example)
                for sid, (name, themes, example) in base.items()]
    services.sort(key=lambda s: (s.name.casefold(), s.id))
    return Directory(gemeente=gemeente, services=services, kernen={g.slug: g.name for g in groups},
                     areas=list(geography.areas))


def check_period(results: pl.DataFrame, gemeente: str, period: str) -> str:
    period = str(period).strip()
    periods = sorted(results["period"].unique().to_list())
    if period not in periods:
        raise KernfotoError(f"voor gemeente {gemeente} zijn er geen cijfers over {period or '(leeg)'}; "
                            f"beschikbare jaren: {', '.join(periods) or 'geen'}")
    return period


def analyse(gemeente_code: str, period: str, *, distance_km: float | None = None,
            results: pl.DataFrame | None = None, directory: Directory | None = None) -> Analysis:
    """Need against offer for a gemeente and period. ``results`` and ``directory`` may be passed when the caller
    already has them (the kernfoto builder, the web application); otherwise they are read here."""
    from ..areas.models import Area

    gemeente = gemeente_code.strip().upper()
    if not Area.objects.filter(code=gemeente, level="gemeente").exists():
        raise KernfotoError(f"gemeente {gemeente} is niet bekend")
    distance = check_distance(distance_km)
    if results is None:
        from ..stats.pipeline import results_for

        results = results_for(gemeente)
    period = check_period(results, gemeente, period)
    directory = directory or load_directory(gemeente)
    return analyse_data(results, directory, period, distance=distance)


def gap_matrix(gemeente_code: str, period: str, *, distance_km: float | None = None,
               results: pl.DataFrame | None = None, directory: Directory | None = None) -> list[GapCell]:
    """One :class:`GapCell` per kern x theme, kernen by name, themes in catalogue order."""
    return analyse(gemeente_code, period, distance_km=distance_km, results=results, directory=directory).cells


# ------------------------------------------------------------------------------------------------ kernfoto


MAX_GAP_LINES = 2  # gap lines with their figure on the kernfoto; further gaps are named in one line
SEVERITY = {c.id: n for n, c in enumerate(CLASSES)}


def _services_phrase(n: int) -> str:
    return f"{n} {'activiteit of voorziening' if n == 1 else 'activiteiten en voorzieningen'}"


def kernfoto_block(analysis: Analysis, kern: str) -> Block:
    """The "Sociale basis" block of a kern's kernfoto: the offer that reaches it, then its gaps, worst first.

    Short, because the kernfoto is one page: the number of services, at most ``MAX_GAP_LINES`` gaps with the
    figure that concerns the most residents, and one line naming the other themes with a gap. Paper may drop
    lines from the end (the renderer says so in the title); the web page links to the matrix.
    """
    if not analysis.has_services:
        return Block(title="Sociale basis", empty_text=(
            "De sociale kaart van deze gemeente is nog leeg. Zodra partners hun aanbod invoeren, staat hier "
            "wat er in deze kern te doen en te halen is, en waar nood en aanbod niet bij elkaar passen."))
    total = analysis.offer_total.get(kern, 0)
    example = analysis.example_total.get(kern, 0)
    title = "Sociale basis (voorbeeldgegevens)" if example else "Sociale basis"
    of_which = f", waarvan {example} voorbeeld" if 0 < example < total else ""
    lines = [f"{_services_phrase(total)} in, bij of voor deze kern{of_which}."]
    gaps = [c for c in analysis.cells_of(kern) if gap_class(c.classification).is_gap]
    gaps.sort(key=lambda c: (SEVERITY[c.classification], -(c.residents_affected or 0), c.theme))
    for cell in gaps[:MAX_GAP_LINES]:
        need = analysis.needs[(kern, cell.theme)]
        figure = need.residents or (need.figures[0] if need.figures else None)
        detail = f" ({figure.short()})" if figure else ""
        lines.append(f"{cell.label[:1].upper()}{cell.label[1:]}: {_lower_first(cell.theme_label)}{detail}.")
    rest = gaps[MAX_GAP_LINES:]
    if rest:
        lines.append("Ook nood met weinig of geen aanbod: "
                     + ", ".join(_lower_first(c.theme_label) for c in rest) + ".")
    elif not gaps and any(c.need in ("hoog", "verhoogd") for c in analysis.cells_of(kern)):
        lines.append("Waar de cijfers nood tonen, is er aanbod in, bij of voor deze kern.")
    elif not gaps:
        lines.append("De cijfers tonen op geen enkel thema meer nood dan gemiddeld in de gemeente.")
    return Block(title=title, items=tuple(lines))


def finder_url(gemeente: str, kern: str = "", theme: str = "", distance: float | None = None) -> str:
    """The public finder of the sociale basis (``gemeente/<code>/sociale-basis/``), filtered on kern and theme.

    With a kern and ``distance`` (km), the finder counts offer exactly as the analysis does at that distance
    (``afstand``), so the list it shows has as many offers as the matrix cell or kernfoto line that links to it.
    """
    from urllib.parse import urlencode

    from django.urls import reverse

    near = km_param(distance) if kern and distance is not None else ""
    query = urlencode([(k, v) for k, v in (("kern", kern), ("thema", theme), ("afstand", near)) if v])
    return reverse("directory:finder", args=[gemeente]) + (f"?{query}" if query else "")


class SocialBaseSource:
    """The "Sociale basis" blocks of a gemeente's kernfoto's: the directory is read once (a few queries), the
    analysis is made once per period, from the results the profile builder already has."""

    def __init__(self, gemeente: str, results: pl.DataFrame):
        self.gemeente = gemeente
        self.results = results
        self._directory: Directory | None = None
        self._loaded = False
        self._analyses: dict[str, Analysis] = {}

    @property
    def directory(self) -> Directory | None:
        """None when the gemeente has no kernen (then there is nothing to place the offer in)."""
        if not self._loaded:
            try:
                self._directory = load_directory(self.gemeente)
            except KernfotoError:
                self._directory = None
            self._loaded = True
        return self._directory

    def analysis(self, period: str) -> Analysis | None:
        if self.directory is None:
            return None
        if period not in self._analyses:
            self._analyses[period] = analyse_data(self.results, self.directory, period)
        return self._analyses[period]

    def for_area(self, area: str, period: str, *, is_kern: bool) -> tuple[Block | None, list[dict[str, str]]]:
        """The block (None: the profile's default) and the web page's links for one area."""
        from django.urls import reverse

        directory = self.directory
        if directory is None or not directory.services:
            return (kernfoto_block(self.analysis(period), area) if directory is not None and is_kern else None), []
        gaps_href = reverse("directory:gaps", args=[self.gemeente]) + f"?periode={period}"
        if not is_kern:
            return Block(title="Sociale basis", empty_text=(
                "Het aanbod van de sociale basis, en waar nood en aanbod niet bij elkaar passen, staat op de "
                "kernfoto van elke kern.")), [{"href": gaps_href, "text": "Nood en aanbod in alle kernen"}]
        name = directory.kernen.get(area, area)
        return kernfoto_block(self.analysis(period), area), [
            {"href": finder_url(self.gemeente, area, distance=self.analysis(period).distance_km),
             "text": f"Wat is er te doen en te halen in {name}?"},
            {"href": gaps_href, "text": "Nood en aanbod in alle kernen"},
        ]
