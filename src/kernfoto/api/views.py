"""The read-only open-data API: thin function views over the cached figures of ``web.services``.

Every answer is JSON (errors too: ``{"fout": "..."}`` with status 400 or 404), deterministic
(sorted keys, rows in the export's stable order) and open to every origin (CORS ``*``). Answers
with figures carry their sources (``bronnen``) and licence (``licentie``). A figure whose status
is not "ok" never carries a value or interval (``services.public``). The contract is the OpenAPI
schema in ``schema.py``, served at ``/api/openapi.json`` and documented at ``/api/``.
"""

from __future__ import annotations

import math
import re
from functools import wraps
from typing import Any
from urllib.parse import urlencode

import polars as pl
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path, re_path, reverse
from django.views.decorators.csrf import csrf_exempt

from ..areas.models import AreaGroup, parent_of
from ..errors import KernfotoError
from ..stats.catalogue import catalogue
from ..stats.models import Dataset
from ..web import services
from .schema import (
    AREA_PATTERN,
    DIRECTORY_LIMIT_DEFAULT,
    DIRECTORY_LIMIT_MAX,
    DIRECTORY_Q_MAX,
    EXAMPLE_GEMEENTE,
    EXAMPLE_INDICATOR,
    EXAMPLE_KERN,
    EXPORT_LEVELS,
    KERN_PATTERN,
    LEVELS,
    LICENCE,
    LICENCE_URL,
    LIMIT_DEFAULT,
    LIMIT_MAX,
    OFFSET_MAX,
    PERIOD_PATTERN,
    groups,
    openapi_schema,
    theme_ids,
)

ALLOW = "GET, HEAD, OPTIONS"
GEMEENTE_RE = re.compile(r"GM[0-9]{4}", re.IGNORECASE)
AREA_RE = re.compile(AREA_PATTERN.strip("^$"))
GEMEENTE_STRICT_RE = re.compile(r"GM[0-9]{4}")
KERN_RE = re.compile(KERN_PATTERN.strip("^$"))
PERIOD_RE = re.compile(PERIOD_PATTERN.strip("^$"))
NUMBER_RE = re.compile(r"[0-9]{1,12}")
DECIMAL_RE = re.compile(r"[+-]?([0-9]{1,12}(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,4})?")
PUBLIC_ONLY = ("value", "lower", "upper")  # never shown for a figure whose status is not "ok"


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# --- responses -------------------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    """JSON-safe: no NaN or infinity (they are not JSON), tuples as lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _json(data: dict[str, Any], status: int = 200, *, sort_keys: bool = True) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False, "sort_keys": sort_keys,
                                                                 "allow_nan": False})


def _error(status: int, message: str) -> JsonResponse:
    return _json({"fout": message}, status=status)


def _attribution(sources: Any) -> dict[str, Any]:
    return {"bronnen": sorted({s for s in sources if s}), "licentie": LICENCE, "licentie_url": LICENCE_URL}


def api_view(func):
    """GET/HEAD only (OPTIONS for CORS preflight), errors as JSON, CORS open to all.

    CSRF-exempt: the API never writes and uses no session, so any other method is answered
    with a JSON 405 rather than the CSRF page.
    """

    @csrf_exempt
    @wraps(func)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOW
            response["Access-Control-Allow-Headers"] = "*"
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ALLOW
        elif request.method not in ("GET", "HEAD"):
            response = _error(405, f"De methode {request.method} is hier niet toegestaan: deze API kan alleen "
                                   "lezen (GET).")
            response["Allow"] = ALLOW
        else:
            try:
                response = func(request, *args, **kwargs)
            except ApiError as exc:
                response = _error(exc.status, exc.message)
            except Http404 as exc:
                response = _error(404, str(exc) or "Niet gevonden.")
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


# --- parameters ------------------------------------------------------------------------------------


def _param(request, name: str) -> str | None:
    """A query parameter, or None when absent (an empty value is a value, and usually invalid)."""
    return request.GET.get(name) if name in request.GET else None


def _choice(request, name: str, allowed: list[str] | tuple[str, ...], what: str) -> str | None:
    value = _param(request, name)
    if value is not None and value not in allowed:
        raise ApiError(400, f"{what} {value!r} bestaat niet; kies uit: {', '.join(allowed)}.")
    return value


def _number(request, name: str, default: int, low: int, high: int) -> int:
    value = _param(request, name)
    if value is None:
        return default
    if not NUMBER_RE.fullmatch(value):
        raise ApiError(400, f"{name} moet een geheel getal zijn, niet {value!r}.")
    number = int(value)
    if not low <= number <= high:
        raise ApiError(400, f"{name} moet tussen {low} en {high} liggen, niet {number}.")
    return number


def _km(request, name: str, high: float) -> float | None:
    """A distance in km (a decimal number with a point, 0 to ``high``), or None when absent."""
    value = _param(request, name)
    if value is None:
        return None
    if not DECIMAL_RE.fullmatch(value):
        raise ApiError(400, f"{name} moet een aantal kilometers zijn, bijvoorbeeld 1 of 0.5, niet {value!r}.")
    number = float(value)
    if not (math.isfinite(number) and 0 <= number <= high):
        raise ApiError(400, f"{name} moet tussen 0 en {high:g} liggen, niet {value}.")
    return number + 0.0  # -0.0 is 0.0


def _period(request, data: services.GemeenteData) -> str | None:
    value = _param(request, "periode")
    if value is None:
        return None
    if not PERIOD_RE.fullmatch(value):
        raise ApiError(400, f"periode moet een jaartal zijn (bijvoorbeeld 2020), niet {value!r}.")
    if value not in data.periods:
        raise ApiError(404, f"Er zijn geen cijfers van {data.name} over {value}; beschikbaar: "
                            f"{', '.join(data.periods)}.")
    return value


def _gemeente(code: str) -> services.GemeenteData:
    hint = f"zie {reverse('api:gemeenten')} voor de gemeenten met gegevens"
    if not GEMEENTE_RE.fullmatch(code):
        raise ApiError(404, f"Gemeente {code!r} is niet bekend: gebruik een CBS-code als {EXAMPLE_GEMEENTE} ({hint}).")
    code = code.upper()
    if code not in {g.code for g in services.gemeenten()}:
        raise ApiError(404, f"Van gemeente {code} zijn geen gegevens in deze installatie ({hint}).")
    return services.gemeente_data(code)


def _area(data: services.GemeenteData, value: str, known: set[str] | dict[str, str]) -> str:
    """The area code or kern slug as stored: CBS codes in capitals, kern slugs in lower case."""
    if AREA_RE.fullmatch(value):
        for candidate in (value, value.upper(), value.lower()):
            if candidate in known:
                return candidate
    raise ApiError(404, f"Gebied {value!r} hoort niet bij {data.name}: gebruik een CBS-code of de slug van een kern "
                        f"(zie {reverse('api:gebieden', args=[data.code])}).")


def _links(code: str) -> dict[str, str]:
    return {
        "gebieden": reverse("api:gebieden", args=[code]),
        "waarden": reverse("api:waarden", args=[code]),
        "profiel": reverse("api:profiel", args=[code, code]),
    }


def _dataset_sources(gemeente: str | None = None) -> list[str]:
    rows = Dataset.objects.values_list("attribution", "scope")
    return [a for a, scope in rows if gemeente is None or scope == "NL" or gemeente in scope.split(",")]


# --- endpoints -------------------------------------------------------------------------------------


@api_view
def gemeenten(request):
    items = [{"code": g.code, "naam": g.display_name, "links": _links(g.code)} for g in services.gemeenten()]
    return _json({"gemeenten": items, **_attribution(_dataset_sources())})


@api_view
def gebieden(request, gemeente: str):
    data = _gemeente(gemeente)
    niveau = _choice(request, "niveau", LEVELS, "Niveau")
    waarden_url = reverse("api:waarden", args=[data.code])
    items = []
    for level in LEVELS:
        if niveau is not None and level != niveau:
            continue
        for code in data.areas(level):
            if level == "kern":
                parent = data.code
                members = [{"code": m, "naam": data.area_name(m)} for m in data.source.kern_members[code]]
            else:
                parent = parent_of(code) if level != "gemeente" else None
                members = []
            items.append({
                "code": code, "naam": data.area_name(code), "niveau": level, "ouder": parent, "leden": members,
                "links": {"profiel": reverse("api:profiel", args=[data.code, code]),
                          "waarden": f"{waarden_url}?{urlencode({'gebied': code})}"},
            })
    return _json({"gemeente": {"code": data.code, "naam": data.name}, "niveau": niveau, "gebieden": items,
                  **_attribution(_dataset_sources(data.code))})


@api_view
def indicatoren(request):
    cat = catalogue()

    def tables(series: str) -> list[dict[str, Any]]:
        return [{"tabel": t.id, "titel": t.title, "uitgever": t.publisher, "periode": t.period,
                 "bronvermelding": t.attribution, "licentie": t.licence}
                for t in sorted(cat.tables_of_series(series), key=lambda t: t.id)]

    items = [{
        "id": i.id, "label": i.label, "definitie": i.definition, "thema": i.theme, "eenheid": i.unit,
        "decimalen": i.decimals, "polariteit": i.polarity, "soort": i.kind, "aggregatie": i.aggregation,
        "groepen": list(i.groups), "modelschatting": i.model_estimate, "kernindicator": i.key_indicator,
        "toelichting": i.note, "bron": tables(i.series),
    } for i in cat.indicators]
    themes = [{"id": t.id, "label": t.label, "beschrijving": t.description} for t in cat.themes]
    return _json({"themas": themes, "indicatoren": items,
                  **_attribution(t.attribution for t in cat.tables.values())})


@api_view
def waarden(request, gemeente: str):
    data = _gemeente(gemeente)
    frame = data.export
    filters: dict[str, str | None] = {"gebied": None, "indicator": None, "periode": None, "groep": None,
                                      "niveau": None}
    ids = sorted(i.id for i in catalogue().indicators)
    indicator = _param(request, "indicator")
    if indicator is not None and indicator not in ids:
        raise ApiError(400, f"Indicator {indicator!r} is niet bekend; zie {reverse('api:indicatoren')} voor de ids.")
    filters["indicator"] = indicator
    filters["groep"] = _choice(request, "groep", groups(), "Groep")
    filters["niveau"] = _choice(request, "niveau", EXPORT_LEVELS, "Niveau")
    limit = _number(request, "limit", LIMIT_DEFAULT, 1, LIMIT_MAX)
    offset = _number(request, "offset", 0, 0, OFFSET_MAX)
    filters["periode"] = _period(request, data)
    gebied = _param(request, "gebied")
    if gebied is not None:
        filters["gebied"] = _area(data, gebied, set(frame["area_code"].unique().to_list()))

    columns = {"gebied": "area_code", "indicator": "indicator", "periode": "period", "groep": "group",
               "niveau": "area_level"}
    for key, column in columns.items():
        if filters[key] is not None:
            frame = frame.filter(pl.col(column) == filters[key])
    total = frame.height
    page = services.public(frame.slice(offset, limit))
    strings = [c for c, t in page.schema.items() if t == pl.String]
    page = page.with_columns([pl.col(c).fill_null("") for c in strings])
    rows = _clean(page.to_dicts())
    for row in rows:  # public() already blanks them; stated again because it must never fail
        if row["status"] != "ok":
            row.update(dict.fromkeys(PUBLIC_ONLY))
    following = None
    if offset + limit < total:
        query = {k: v for k, v in filters.items() if v is not None}
        query.update(limit=limit, offset=offset + limit)
        following = f"{reverse('api:waarden', args=[data.code])}?{urlencode(query)}"
    return _json({
        "gemeente": {"code": data.code, "naam": data.name}, "filters": filters, "totaal": total, "limit": limit,
        "offset": offset, "volgende": following, "waarden": rows,
        **_attribution(frame["attribution"].unique().to_list()),
    })


@api_view
def profiel(request, gemeente: str, gebied: str):
    data = _gemeente(gemeente)
    code = _area(data, gebied, data.source.ctx.area_names)
    kaart = _choice(request, "kaart", ("0", "1"), "kaart")
    period = _period(request, data) or data.latest_period
    try:
        profile = data.profile(code, period)
    except KernfotoError as exc:
        raise ApiError(404, str(exc)) from None
    body = _clean(profile.to_dict())
    if kaart != "1":
        body.pop("map_svg", None)
    for block in body["themes"]:
        for figure in block["figures"]:
            if figure["status"] != "ok":
                figure.update(dict.fromkeys(PUBLIC_ONLY))
    return _json({"gemeente": {"code": data.code, "naam": data.name}, "periodes": data.periods, "profiel": body,
                  **_attribution(s["attribution"] for s in body["sources"])})


# --- sociale basis ----------------------------------------------------------------------------------


def _directory_item(hit, gemeente: str, themes: set[str], near_km: float | None = None) -> dict[str, Any]:
    """One offer of the finder as JSON (Dutch field names); only an organisation's general contact details.
    ``near_km``: how far it lies from the kern searched for, when it was found only because it is near it."""
    from ..directory.search import DAYS

    return {
        "id": hit.service_id, "naam": hit.name, "organisatie": hit.organization,
        "organisatie_id": hit.organization_id, "beschrijving": hit.description,
        "kernen": [{"slug": s, "naam": n} for s, n in zip(hit.kern_slugs, hit.kern_names, strict=True)],
        "hele_gemeente": hit.gemeente_wide, "waar": hit.where, "wanneer": hit.when,
        "dagen": [d for d in hit.days if d in DAYS], "voor_wie": hit.for_whom, "kosten": hit.cost,
        "aanmelden": hit.application_process,
        "contact": {"telefoon": list(hit.phones), "email": hit.email, "website": hit.url},
        "themas": [t for t in hit.themes if t in themes], "doelgroepen": list(hit.target_groups),
        "soort": hit.kind, "status": hit.status, "talen": list(hit.languages),
        "toegankelijkheid": hit.accessibility, "voorbeeld": hit.is_example, "verouderd": hit.stale,
        "verouderd_tekst": hit.stale_text,
        "gecontroleerd_op": hit.assured_date.isoformat() if hit.assured_date else None,
        "pagina": reverse("directory:detail", args=[gemeente, hit.service_id]),
        "afstand_km": round(near_km, 2) if near_km is not None else None,
    }


@api_view
def sociale_basis(request):
    """The finder of the sociale basis: offers of a gemeente's directory matching words, kern (and distance to
    it), theme, target group and day, as on the page "Wat is er te doen en te halen in mijn kern?"."""
    from ..areas.models import Area
    from ..directory.gaps import OFFER_RULE
    from ..directory.models import TargetGroup
    from ..directory.search import DAYS, SearchError, search

    code = _param(request, "gemeente")
    if code is None:
        raise ApiError(400, f"Geef de gemeente op, bijvoorbeeld ?gemeente={EXAMPLE_GEMEENTE}.")
    if not GEMEENTE_STRICT_RE.fullmatch(code):
        raise ApiError(400, f"gemeente moet een CBS-code zijn als {EXAMPLE_GEMEENTE}, niet {code!r}.")
    area = Area.objects.filter(code=code, level="gemeente").first()
    if area is None:
        raise ApiError(404, f"Gemeente {code} is niet bekend in deze installatie.")
    q = _param(request, "q") or ""
    if len(q) > DIRECTORY_Q_MAX:
        raise ApiError(400, f"q mag hoogstens {DIRECTORY_Q_MAX} tekens lang zijn.")
    kern = _param(request, "kern")
    if kern is not None and not KERN_RE.fullmatch(kern):
        raise ApiError(400, f"kern moet de slug van een kern zijn (kleine letters, cijfers en -), niet {kern!r}.")
    themes = theme_ids()
    near_km = _km(request, "afstand", OFFER_RULE.max_distance_km)
    filters = {"q": q or None, "kern": kern, "afstand": near_km, "thema": _choice(request, "thema", themes, "Thema"),
               "doelgroep": _choice(request, "doelgroep", TargetGroup.values, "Doelgroep"),
               "dag": _choice(request, "dag", DAYS, "Dag")}
    limit = _number(request, "limit", DIRECTORY_LIMIT_DEFAULT, 1, DIRECTORY_LIMIT_MAX)
    offset = _number(request, "offset", 0, 0, OFFSET_MAX)
    try:
        hits = search(area.code, q=q, kern=kern, near_km=near_km, theme=filters["thema"],
                      target_group=filters["doelgroep"], day=filters["dag"])
    except SearchError as exc:  # a kern that is not one of this gemeente's
        raise ApiError(404, str(exc)) from None
    page = hits[offset:offset + limit]
    following = None
    if offset + limit < len(hits):
        query = {"gemeente": area.code, **{k: v for k, v in filters.items() if v is not None},
                 "limit": limit, "offset": offset + limit}
        following = f"{reverse('api:sociale_basis')}?{urlencode(query)}"
    known = set(themes)
    return _json({
        "gemeente": {"code": area.code, "naam": area.display_name}, "filters": filters, "totaal": len(hits),
        "limit": limit, "offset": offset, "volgende": following,
        "voorbeeld": any(h.is_example for h in page),
        "aanbod": [_directory_item(h, area.code, known, hits.near_km(h)) for h in page],
        "bron": f"De aanbieders in de sociale kaart van {area.display_name}, bijgehouden in Kernfoto.",
    })


@api_view
def openapi(request):
    return _json(openapi_schema(), sort_keys=False)


@api_view
def not_found(request, rest: str = ""):
    raise ApiError(404, f"Dit adres bestaat niet in de API; zie {reverse('api:docs')} voor de adressen.")


def docs(request):
    """The API explained for people (Dutch), with a working example link per endpoint."""
    known = services.gemeenten()
    gm = known[0].code if known else EXAMPLE_GEMEENTE
    kern = AreaGroup.objects.filter(kind="kern", gemeente_id=gm).order_by("name").first()
    kern_slug = kern.slug if kern else EXAMPLE_KERN
    waarden_url = reverse("api:waarden", args=[gm])
    example_query = urlencode({"gebied": kern_slug, "indicator": EXAMPLE_INDICATOR})
    endpoints = [
        {"path": "/api/v1/gemeenten", "example": reverse("api:gemeenten"),
         "text": "De gemeenten met gegevens, met de adressen van hun gebieden, cijfers en profiel."},
        {"path": "/api/v1/gemeenten/{gemeente}/gebieden", "example": reverse("api:gebieden", args=[gm]),
         "params": "niveau (gemeente, kern, wijk of buurt)",
         "text": "De gemeente, haar kernen (met de buurten of wijken waaruit ze bestaan), wijken en buurten. Een "
                 "kern heeft als code zijn slug."},
        {"path": "/api/v1/indicatoren", "example": reverse("api:indicatoren"),
         "text": "De indicatorencatalogus: definitie, thema, eenheid, of hoog gunstig is (polariteit), "
                 "bevolkingsgroepen en brontabellen."},
        {"path": "/api/v1/gemeenten/{gemeente}/waarden", "example": f"{waarden_url}?{example_query}",
         "params": f"gebied, indicator, periode, groep, niveau, limit (standaard {LIMIT_DEFAULT}, hoogstens "
                   f"{LIMIT_MAX}), offset",
         "text": "Alle cijfers als tabel: één rij per gebied, indicator, periode en bevolkingsgroep, met de "
                 "vergelijking met gemeente en Nederland en de trend; dezelfde kolommen als de export."},
        {"path": "/api/v1/gemeenten/{gemeente}/profielen/{gebied}",
         "example": reverse("api:profiel", args=[gm, kern_slug]),
         "params": "periode, kaart (1: met kaartje als SVG)",
         "text": "Het profiel van een kern, wijk, buurt of de gemeente: dezelfde gegevens als de kernfoto van "
                 "één pagina, met krachten, opgaven en bronnen."},
        {"path": "/api/v1/sociale-basis", "example": reverse("api:sociale_basis") + "?" + urlencode(
            {"gemeente": gm, "kern": kern_slug, "dag": "TU"}),
         "params": f"gemeente (verplicht), q (zoekwoorden), kern, afstand (km: ook aanbod tot zo ver van de kern), "
                   f"thema, doelgroep, dag (MO, TU, WE, TH, FR, SA of SU), limit (standaard {DIRECTORY_LIMIT_DEFAULT}, hoogstens {DIRECTORY_LIMIT_MAX}), offset",
         "text": "Wat er te doen en te halen is in een kern: het actieve aanbod van de sociale kaart, met waar, "
                 "wanneer, voor wie, kosten en contact; dezelfde zoekfunctie als de pagina voor inwoners. "
                 "Voorbeeldgegevens hebben voorbeeld: true; wat langer dan een jaar niet is gecontroleerd "
                 "verouderd: true."},
    ]
    return render(request, "api/docs.html", {
        "endpoints": endpoints, "schema_url": reverse("api:openapi"), "licence": LICENCE,
        "licence_url": LICENCE_URL, "limit_max": LIMIT_MAX, "example_gemeente": gm,
    })


urlpatterns = [
    path("", docs, name="docs"),
    path("openapi.json", openapi, name="openapi"),
    path("v1/gemeenten", gemeenten, name="gemeenten"),
    path("v1/gemeenten/<str:gemeente>/gebieden", gebieden, name="gebieden"),
    path("v1/indicatoren", indicatoren, name="indicatoren"),
    path("v1/gemeenten/<str:gemeente>/waarden", waarden, name="waarden"),
    path("v1/gemeenten/<str:gemeente>/profielen/<str:gebied>", profiel, name="profiel"),
    path("v1/sociale-basis", sociale_basis, name="sociale_basis"),
    # Any other address under /api/ answers a JSON 404, not the site's HTML page.
    re_path(r"^(?P<rest>.*)$", not_found, name="niet_gevonden"),
]
