"""The finder: "Wat is er te doen en te halen in mijn kern?" as one function, :func:`search`.

Speed. The finder must answer within 50 ms (p95) on a directory of 20,000 offers. Filtering in SQL
does not get there portably: themes and target groups are JSON lists (no ``__contains`` on SQLite),
words must match without regard to case or accents ("eenzaam" finds "Eenzaamheid", "cafe" finds
"Café"), and the day of the week hides in RFC 5545 ``byday`` codes of several schedules. So the
directory of a gemeente is read once, in a dozen whole-table queries (``values()``, no model objects,
no per-row queries), into an in-memory index: one :class:`Hit` per offer, ready to show, plus a
normalised search text and the sets of kernen, days, themes and target groups it matches. A query then
filters that list in Python (about a millisecond per thousand offers).

A kern means what the gap analysis (``gaps.py``) counts as offer for it, by the same code (``nearby.py``):
located in it (by the location's kern, or coordinates inside the kern's area), serving it, serving the whole
gemeente, and, with ``near_km``, within that distance of its area. The index holds the kernen' areas and each
offer's points; the offers near each kern are computed once per distance asked (a fraction of a second on
20,000 offers) and kept with the index.

The index is kept per process and rebuilt when the directory changes: it is keyed by the data
generation (``web.models.current()``, bumped by signals on every write to a watched model, in any
process) and by the day (the "stale" mark and expired schedules depend on the date), and it is also
dropped at once when this process saves or deletes a directory object.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from ..errors import KernfotoError
from .freshness import is_stale, stale_text
from .models import (
    Accessibility,
    Address,
    CostOption,
    Language,
    Location,
    LocationType,
    Organization,
    Phone,
    ProviderKind,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceStatus,
    TargetGroup,
    serves_whole_gemeente,
)
from .nearby import KernArea, Point, km_text, load_geography, near_services, service_points

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = dict(zip(DAYS, ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
                     strict=True))
ORDINALS = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde", 5: "vijfde", -1: "laatste", -2: "een-na-laatste"}
LANGUAGE_NAMES = {
    "nl": "Nederlands", "en": "Engels", "de": "Duits", "fr": "Frans", "es": "Spaans", "pl": "Pools",
    "tr": "Turks", "ar": "Arabisch", "uk": "Oekraïens", "ru": "Russisch", "ti": "Tigrinya", "fa": "Perzisch",
    "so": "Somalisch", "zh": "Chinees", "pap": "Papiamento", "ber": "Berbers", "ngt": "Nederlandse Gebarentaal",
    "fy": "Fries", "prs": "Dari", "ro": "Roemeens", "bg": "Bulgaars", "pt": "Portugees", "it": "Italiaans",
}
# Little words that say nothing about what someone looks for ("iets voor ouderen in Breukelen").
STOPWORDS = frozenset(
    "de het een en in op of te voor van met bij aan naar om over door als ik mijn wij we je u is zijn "
    "er iets wat waar wie hoe die dat deze dit".split())
ACTIVE = ServiceStatus.ACTIVE.value
MAX_CACHED_GEMEENTEN = 16
MAX_CACHED_DISTANCES = 6  # per index: the offers near each kern at this many distances (any distance is allowed)
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_NON_WORD = re.compile(r"[\W_]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")  # accents


class SearchError(KernfotoError):
    """A filter value that does not exist (unknown kern, theme, target group or day); the message is Dutch."""


@dataclass(frozen=True)
class Hit:
    """One offer as the finder, the detail page, the printable list and the API show it."""

    service_id: str
    name: str
    organization: str
    organization_id: str
    description: str
    kern_names: tuple[str, ...]  # kernen it is located in or serves, by name
    kern_slugs: tuple[str, ...]
    gemeente_wide: bool  # serves the whole gemeente
    where: str  # addresses (or "online"), "; "-separated
    when: str  # Dutch schedule text, "; "-separated
    days: tuple[str, ...]  # RFC 5545 day codes from the schedules ("MO".."SU")
    for_whom: str
    cost: str
    contact: str  # phone, e-mail and website as one line
    phones: tuple[str, ...]
    email: str
    url: str
    themes: tuple[str, ...]  # catalogue theme ids
    target_groups: tuple[str, ...]  # TargetGroup values
    kind: str  # ProviderKind value
    status: str  # ServiceStatus value
    is_example: bool
    stale: bool
    stale_text: str  # "" or the Dutch mark
    assured_date: date | None
    languages: tuple[str, ...] = ()
    accessibility: str = ""
    application_process: str = ""
    organization_description: str = ""
    organization_url: str = ""

    @property
    def kind_label(self) -> str:
        return _label(ProviderKind, self.kind)

    @property
    def status_label(self) -> str:
        return _label(ServiceStatus, self.status)

    @property
    def active(self) -> bool:
        return self.status == ACTIVE

    @property
    def target_group_labels(self) -> tuple[str, ...]:
        return tuple(_label(TargetGroup, t) for t in self.target_groups)

    @property
    def theme_labels(self) -> tuple[str, ...]:
        labels = theme_labels()
        return tuple(labels.get(t, t) for t in self.themes)


class Hits(list):
    """What :func:`search` finds: the hits in order (a plain list of :class:`Hit`), and, for a search near a kern,
    how far the offers lie that were found only because they are near it (``near``: service id -> km; offers in
    or for the kern are not in it). Read-only: ``near`` is shared with the finder's index."""

    def __init__(self, hits: Iterable[Hit] = (), *, kern_name: str = "", near: dict[str, float] | None = None):
        super().__init__(hits)
        self.kern_name = kern_name
        self.near = near if near is not None else {}

    def near_km(self, hit: Hit) -> float | None:
        """The distance (km) from the offer to the kern's area, if it was found only because it is near the kern."""
        return self.near.get(hit.service_id)

    def near_text(self, hit: Hit) -> str:
        """ "op 0,8 km van Breukelen" for an offer found only because it is near the kern; else "". """
        km = self.near.get(hit.service_id)
        if km is None:
            return ""
        return f"op {'minder dan 0,1 km' if km < 0.05 else km_text(km, 1)} van {self.kern_name}"


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def theme_labels() -> dict[str, str]:
    from ..stats.catalogue import catalogue

    return {t.id: t.label for t in catalogue().themes}


# ------------------------------------------------------------------------------------------------- text


def normalise(text: str) -> str:
    """Lower case, without accents and punctuation, single spaces: "Café 't Hoekje!" -> "cafe t hoekje".

    Letters of other scripts stay (an Arabic name can be found by its Arabic words).
    """
    text = (text or "").casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _NON_WORD.sub(" ", text).strip()


def query_words(q: str) -> list[str]:
    """The words of a query that must all occur (little words like "voor" and "in" are ignored)."""
    words = list(dict.fromkeys(normalise(q).split()))
    meaningful = [w for w in words if w not in STOPWORDS]
    return meaningful if meaningful else []


def _time(value: time | None) -> str:
    return f"{value.hour}.{value.minute:02d}" if value else ""


def _hours(opens: time | None, closes: time | None) -> str:
    if opens and closes:
        return f"{_time(opens)}–{_time(closes)} uur"
    if opens:
        return f"vanaf {_time(opens)} uur"
    if closes:
        return f"tot {_time(closes)} uur"
    return ""


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1] if items else ""


def _date_text(value: date) -> str:
    months = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
              "oktober", "november", "december")
    return f"{value.day} {months[value.month - 1]} {value.year}"


@functools.lru_cache(maxsize=1024)
def parse_byday(byday: str) -> tuple[tuple[int | None, str], ...]:
    """RFC 5545 BYDAY ("MO,WE", "1TU", "-1FR") -> ((ordinal or None, day code), ...); unknown tokens are skipped."""
    out = []
    for token in (byday or "").upper().replace(" ", "").split(","):
        m = _BYDAY.match(token)
        if m:
            out.append((int(m.group(1)) if m.group(1) else None, m.group(2)))
    return tuple(out)


def schedule_days(s: dict) -> set[str]:
    """The days of the week on which a schedule (a ``Schedule.values()`` dict) runs."""
    freq = (s.get("freq") or "").upper()
    if freq == "DAILY" and not s.get("byday"):
        return set(DAYS)
    days = {code for _, code in parse_byday(s.get("byday") or "")}
    if not days and freq == "WEEKLY" and s.get("dtstart"):
        days = {DAYS[s["dtstart"].weekday()]}
    return days


def schedule_text(s: dict, today: date) -> str:
    """A schedule in Dutch: "elke dinsdag 10.00–12.00 uur", "elke eerste vrijdag van de maand 19.30–22.00 uur"."""
    freq = (s.get("freq") or "").upper()
    interval = s.get("interval") or 1
    tokens = parse_byday(s.get("byday") or "")
    hours = _hours(s.get("opens_at"), s.get("closes_at"))
    if freq == "DAILY" and not tokens:
        when = "elke dag" if interval == 1 else f"om de {interval} dagen"
    elif freq == "MONTHLY" and tokens:
        parts = [f"{ORDINALS.get(n, f'{n}e')} {DAY_NAMES[d]}" if n else DAY_NAMES[d] for n, d in tokens]
        when = f"elke {_and(parts)} van de maand"
    elif freq == "MONTHLY" and s.get("bymonthday"):
        days = [f"{d.strip()}e" for d in str(s["bymonthday"]).split(",") if d.strip()]
        when = f"elke maand op de {_and(days)}"
    elif tokens:
        names = [DAY_NAMES[d] for _, d in sorted(tokens, key=lambda t: DAYS.index(t[1]))]
        if interval == 2:
            when = f"om de week op {_and(names)}"
        elif interval > 2:
            when = f"om de {interval} weken op {_and(names)}"
        else:
            when = f"elke {_and(names)}"
    elif s.get("dtstart") and not freq:
        when = f"op {DAY_NAMES[DAYS[s['dtstart'].weekday()]]} {_date_text(s['dtstart'])}"
    else:
        when = ""
    text = " ".join(p for p in (when, hours) if p)
    # HSDS: "description" says in words what the structured fields say (only used without them);
    # "notes" adds to them ("niet in de schoolvakanties")
    if not text:
        text = (s.get("description") or "").strip()
    notes = (s.get("notes") or "").strip()
    if notes and normalise(notes) not in normalise(text):
        text = f"{text} ({notes})" if text else notes
    if s.get("valid_from") and s["valid_from"] > today:
        text = f"vanaf {_date_text(s['valid_from'])}: {text}" if text else f"vanaf {_date_text(s['valid_from'])}"
    return text


def _euro(amount: Decimal) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    return f"€ {whole},{cents}" if cents != "00" else f"€ {whole}"


def cost_text(fees: str, options: list[dict]) -> str:
    """What it costs: the free text, else the cost options ("gratis", "€ 2,50 per keer")."""
    if (fees or "").strip():
        return fees.strip()
    parts = []
    for o in options:
        amount = o.get("amount")
        what = " ".join(x for x in ((o.get("option") or "").strip(), (o.get("amount_description") or "").strip()) if x)
        if amount is not None and amount == 0:
            parts.append(" ".join(x for x in ("gratis", what) if x))
        elif amount is not None:
            parts.append(" ".join(x for x in (_euro(amount), what) if x))
        elif what:
            parts.append(what)
    return "; ".join(parts)


def for_whom_text(groups: list[str], minimum: int | None, maximum: int | None, eligibility: str) -> str:
    labels = [_label(TargetGroup, g) for g in groups]
    text = ", ".join(labels)
    if minimum is not None and maximum is not None:
        ages = f"{minimum} tot en met {maximum} jaar"
    elif minimum is not None:
        ages = f"vanaf {minimum} jaar"
    elif maximum is not None:
        ages = f"tot en met {maximum} jaar"
    else:
        ages = ""
    if ages:
        text = f"{text} ({ages})" if text else ages
    eligibility = (eligibility or "").strip()
    said = {normalise(label) for label in labels} | {normalise(TargetGroup.IEDEREEN.label)}
    if eligibility and {normalise(part) for part in eligibility.split(",")} <= said:
        eligibility = ""  # only repeats the target groups
    if eligibility:
        text = f"{text}. {eligibility}" if text else eligibility
    return text


def address_text(location: dict, addresses: list[dict]) -> str:
    name = (location.get("name") or "").strip()
    if location.get("location_type") == LocationType.VIRTUAL:
        return f"{name} (online)" if name else "online"
    physical = [a for a in addresses if a.get("address_type") != LocationType.POSTAL] or addresses
    parts = [name] if name else []
    if physical:
        a = physical[0]
        street = " ".join(x for x in (a.get("address_1") or "", a.get("address_2") or "") if x).strip()
        town = " ".join(x for x in (a.get("postal_code") or "", a.get("city") or "") if x).strip()
        parts += [x for x in (street, town) if x]
    return ", ".join(parts)


# ------------------------------------------------------------------------------------------------- index


@dataclass
class _Entry:
    hit: Hit
    text: str  # normalised search text, with a space on both sides
    name: str  # normalised name and organisation (for ranking)
    sort_key: tuple
    kernen: frozenset[str]
    days: frozenset[str]
    themes: frozenset[str]
    groups: frozenset[str]
    active: bool
    points: tuple[Point, ...] = ()  # (lon, lat) of its locations, for the distance to a kern (nearby.py)


@dataclass
class _Index:
    """The offers of one gemeente, sorted by name, with the positions that match each filter value."""

    key: tuple
    entries: list[_Entry]  # sorted by name
    by_id: dict[str, _Entry]
    kernen: dict[str, str]  # slug -> name, every kern of the gemeente
    has_examples: bool
    serial: int = field(default_factory=lambda: next(_serials))  # new for every index built
    hits: list[Hit] = field(default_factory=list)  # entries[i].hit
    texts: list[str] = field(default_factory=list)  # entries[i].text
    active: list[int] = field(default_factory=list)  # positions of the active offers, in order
    sets: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)  # ("kern", slug) -> positions
    areas: tuple[KernArea, ...] = ()  # the kernen' areas, for offers near a kern
    _near: dict = field(default_factory=dict)  # distance -> kern slug -> (positions, service id -> km)
    _near_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.hits = [e.hit for e in self.entries]
        self.texts = [e.text for e in self.entries]
        self.active = [i for i, e in enumerate(self.entries) if e.active]
        sets: dict[tuple[str, str], set[int]] = defaultdict(set)
        everywhere = {i for i, e in enumerate(self.entries) if e.hit.gemeente_wide}
        for i, e in enumerate(self.entries):
            for slug in e.kernen:
                sets["kern", slug].add(i)
            for theme in e.themes:
                sets["theme", theme].add(i)
            for group in e.groups:
                sets["group", group].add(i)
            for day in e.days:
                sets["day", day].add(i)
        for slug in self.kernen:  # an offer for the whole gemeente is for every kern
            sets["kern", slug] |= everywhere
        sets["active", ""] = set(self.active)
        self.sets = {k: frozenset(v) for k, v in sets.items()}

    def near(self, km: float) -> dict[str, tuple[frozenset[int], dict[str, float]]]:
        """Per kern, the offer for it at a distance of ``km`` (> 0): the positions of the offers in it, serving it,
        serving the whole gemeente or within ``km`` of its area, and, for those found only by distance, service id
        -> km. Computed with ``nearby.near_services`` (the gap analysis' rule) once per distance, then kept."""
        found = self._near.get(km)
        if found is not None:
            return found
        with self._near_lock:
            found = self._near.get(km)
            if found is not None:
                return found
            near = near_services({i: e.points for i, e in enumerate(self.entries) if e.points}, self.areas, km)
            found = {}
            for slug in self.kernen:
                base = self.sets.get(("kern", slug), frozenset())
                extra = {i: d for i, d in near.get(slug, {}).items() if i not in base}
                found[slug] = (base.union(extra), {self.entries[i].hit.service_id: d for i, d in extra.items()})
            if len(self._near) >= MAX_CACHED_DISTANCES:
                self._near.pop(next(iter(self._near)))
            self._near[km] = found
        return found


def _group(rows, key: str) -> dict:
    out: dict = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


def _build(gemeente: str, key: tuple, today: date) -> _Index:
    from ..areas.models import AreaGroup, GroupKind

    in_gm = {"organization__gemeente_id": gemeente}
    svc_in_gm = {"service__organization__gemeente_id": gemeente}
    services = list(Service.objects.filter(**in_gm).values(
        "id", "name", "alternate_name", "description", "status", "kind", "themes", "target_groups",
        "eligibility_description", "minimum_age", "maximum_age", "fees_description", "url", "email",
        "application_process", "assured_date", "organization_id"))
    orgs = {o["id"]: o for o in Organization.objects.filter(gemeente_id=gemeente).values(
        "id", "name", "alternate_name", "description", "email", "website", "is_example")}
    sals = list(ServiceAtLocation.objects.filter(**svc_in_gm).values("id", "service_id", "location_id"))
    sal_service = {s["id"]: s["service_id"] for s in sals}
    location_ids = ServiceAtLocation.objects.filter(**svc_in_gm).values("location_id")
    locations = {r["id"]: r for r in Location.objects.filter(id__in=location_ids).values(
        "id", "name", "location_type", "url", "kern_id", "latitude", "longitude", "buurt_id")}
    addresses = _group(Address.objects.filter(location_id__in=location_ids).values(
        "location_id", "address_1", "address_2", "postal_code", "city", "address_type"), "location_id")
    access = _group(Accessibility.objects.filter(location_id__in=location_ids).values(
        "location_id", "description"), "location_id")
    schedule_fields = ("service_id", "service_at_location_id", "valid_from", "valid_to", "dtstart", "freq", "interval",
                       "byday", "bymonthday", "opens_at", "closes_at", "description", "notes")
    schedules: dict = defaultdict(list)
    for s in Schedule.objects.filter(Q(**svc_in_gm) | Q(service_at_location__service__organization__gemeente_id=gemeente)
                                     ).values(*schedule_fields):
        sid = s["service_id"] or sal_service.get(s["service_at_location_id"])
        if sid is not None:
            schedules[sid].append(s)
    areas: dict = defaultdict(list)
    for a in ServiceArea.objects.filter(Q(**svc_in_gm) | Q(service_at_location__service__organization__gemeente_id=gemeente)
                                        ).values("service_id", "service_at_location_id", "kern_id", "extent_type"):
        sid = a["service_id"] or sal_service.get(a["service_at_location_id"])
        if sid is not None:
            areas[sid].append(a)
    phones = _group(Phone.objects.filter(Q(**svc_in_gm) | Q(service__isnull=True, organization__gemeente_id=gemeente))
                    .order_by("number").values("service_id", "organization_id", "number"), "service_id")
    org_phones = _group(phones.pop(None, []), "organization_id")
    costs = _group(CostOption.objects.filter(**svc_in_gm).order_by("amount", "option").values(
        "service_id", "option", "amount", "amount_description"), "service_id")
    languages = _group(Language.objects.filter(**svc_in_gm).order_by("code", "name").values(
        "service_id", "name", "code"), "service_id")
    kern_groups = list(AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente_id=gemeente).prefetch_related("members"))
    kern_by_id = {k.id: (k.slug, k.name) for k in kern_groups}
    kern_by_slug = {slug: (slug, name) for slug, name in kern_by_id.values()}
    sals_of = _group(sals, "service_id")
    labels = theme_labels()
    # where each offer is for the distance rule, and the kernen whose area holds one of its locations: located
    # there, like a location whose kern is set (nearby.py, the same rule as the gap analysis)
    geography = load_geography(gemeente, kern_groups)
    points = service_points(((x["service_id"], loc["latitude"], loc["longitude"], loc["buurt_id"])
                             for x in sals if (loc := locations.get(x["location_id"]))), geography)
    inside: dict = defaultdict(set)
    for slug, found in near_services(points, geography.areas, 0).items():
        for sid in found:
            inside[sid].add(slug)

    entries = []
    for s in services:
        sid = s["id"]
        org = orgs.get(s["organization_id"], {})
        locs = [locations[x["location_id"]] for x in sals_of.get(sid, []) if x["location_id"] in locations]
        locs.sort(key=lambda loc: (loc.get("name") or "", str(loc["id"])))
        kern_ids = {loc["kern_id"] for loc in locs if loc["kern_id"] in kern_by_id}
        kern_ids |= {a["kern_id"] for a in areas.get(sid, []) if a["kern_id"] in kern_by_id}
        gemeente_wide = any(serves_whole_gemeente(a["kern_id"], a["extent_type"]) for a in areas.get(sid, []))
        kernen = sorted({kern_by_id[k] for k in kern_ids} | {kern_by_slug[k] for k in inside.get(sid, ())},
                        key=lambda k: (k[1], k[0]))
        live = [x for x in schedules.get(sid, []) if not (x["valid_to"] and x["valid_to"] < today)]
        live.sort(key=lambda x: (min((DAYS.index(d) for d in schedule_days(x)), default=7),
                                 x["opens_at"] or time(0), x["description"] or ""))
        when = "; ".join(dict.fromkeys(t for t in (schedule_text(x, today) for x in live) if t))
        days = frozenset().union(*(schedule_days(x) for x in live)) if live else frozenset()
        numbers = [p["number"] for p in phones.get(sid, [])] or [p["number"] for p in org_phones.get(org.get("id"), [])]
        email = s["email"] or org.get("email", "")
        url = s["url"] or org.get("website", "")
        langs = tuple(dict.fromkeys(LANGUAGE_NAMES.get((lang["code"] or "").lower(), lang["name"] or lang["code"])
                                    for lang in languages.get(sid, [])))
        themes = tuple(t for t in s["themes"] or () if isinstance(t, str))
        groups = tuple(g for g in s["target_groups"] or () if isinstance(g, str))
        assured = s["assured_date"]
        probe = _Assured(assured)
        hit = Hit(
            service_id=str(sid), name=s["name"], organization=org.get("name", ""),
            organization_id=str(s["organization_id"]), description=s["description"] or "",
            kern_names=tuple(name for _, name in kernen), kern_slugs=tuple(slug for slug, _ in kernen),
            gemeente_wide=gemeente_wide,
            where="; ".join(dict.fromkeys(t for t in (address_text(loc, addresses.get(loc["id"], [])) for loc in locs) if t)),
            when=when, days=tuple(d for d in DAYS if d in days),
            for_whom=for_whom_text(list(groups), s["minimum_age"], s["maximum_age"], s["eligibility_description"]),
            cost=cost_text(s["fees_description"], costs.get(sid, [])),
            contact=" · ".join(x for x in (*dict.fromkeys(numbers), email, url) if x),
            phones=tuple(dict.fromkeys(numbers)), email=email, url=url,
            themes=themes, target_groups=groups, kind=s["kind"], status=s["status"],
            is_example=bool(org.get("is_example")), stale=is_stale(probe, today), stale_text=stale_text(probe, today),
            assured_date=assured, languages=langs,
            accessibility="; ".join(dict.fromkeys(a["description"] for loc in locs for a in access.get(loc["id"], [])
                                                  if a["description"])),
            application_process=s["application_process"] or "", organization_description=org.get("description", ""),
            organization_url=org.get("website", ""),
        )
        words = [s["alternate_name"], hit.description, org.get("alternate_name", ""),
                 *hit.kern_names, hit.where, *(labels.get(t, t) for t in themes), *hit.target_group_labels,
                 hit.kind_label]
        name = normalise(hit.name)
        organization = normalise(hit.organization)
        entries.append(_Entry(
            hit=hit, text=f" {name} {organization} {normalise(' '.join(w for w in words if w))} ",
            name=f" {name} {organization} ", sort_key=(name, organization, hit.service_id),
            kernen=frozenset(hit.kern_slugs), days=frozenset(hit.days), themes=frozenset(themes),
            groups=frozenset(groups), active=s["status"] == ACTIVE, points=points.get(sid, ())))
    entries.sort(key=lambda e: e.sort_key)
    return _Index(key=key, entries=entries, by_id={e.hit.service_id: e for e in entries},
                  kernen={slug: name for slug, name in sorted(kern_by_id.values(), key=lambda k: k[1])},
                  has_examples=any(o["is_example"] for o in orgs.values()), areas=geography.areas)


@dataclass(frozen=True)
class _Assured:
    assured_date: date | None


_serials = itertools.count(1)
_lock = threading.Lock()
_build_lock = threading.Lock()
_indexes: dict[str, _Index] = {}


def clear(**_kwargs) -> None:
    """Forget every index (connected to saves and deletes of directory objects and kernen)."""
    with _lock:
        _indexes.clear()


def _index(gemeente: str, today: date) -> _Index:
    from ..web.models import current

    key = (current(), today)
    with _lock:
        index = _indexes.get(gemeente)
    if index is not None and index.key == key:
        return index
    with _build_lock:
        with _lock:
            index = _indexes.get(gemeente)
        if index is not None and index.key == key:
            return index
        index = _build(gemeente, key, today)
        with _lock:
            if len(_indexes) >= MAX_CACHED_GEMEENTEN and gemeente not in _indexes:
                _indexes.pop(next(iter(_indexes)))
            _indexes[gemeente] = index
    return index


def _connect() -> None:
    from ..areas.models import AreaGroup, AreaGroupMember
    from . import models

    for model in (models.Organization, models.Service, models.Location, models.Address, models.ServiceAtLocation,
                  models.Schedule, models.Phone, models.CostOption, models.Language, models.Accessibility,
                  models.ServiceArea, AreaGroup, AreaGroupMember):
        uid = f"kernfoto-directory-search-{model.__name__}"
        post_save.connect(clear, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(clear, sender=model, dispatch_uid=uid + "-delete")


_connect()


# ------------------------------------------------------------------------------------------------- queries


def kernen(gemeente: str, *, today: date | None = None) -> dict[str, str]:
    """The kernen of a gemeente, slug -> name, by name."""
    return dict(_index(gemeente.upper(), today or timezone.localdate()).kernen)


def index_serial(gemeente: str, *, today: date | None = None) -> int:
    """A number that changes whenever the index of the gemeente is rebuilt (data changed, or a new day)."""
    return _index(gemeente.upper(), today or timezone.localdate()).serial


def has_examples(gemeente: str, *, today: date | None = None) -> bool:
    """Whether the gemeente's directory holds example data (organisations marked ``is_example``)."""
    return _index(gemeente.upper(), today or timezone.localdate()).has_examples


def get_hit(gemeente: str, service_id: str, *, today: date | None = None) -> Hit | None:
    """One offer of the gemeente's directory (active or not), or None."""
    entry = _index(gemeente.upper(), today or timezone.localdate()).by_id.get(str(service_id))
    return entry.hit if entry else None


def check_filters(gemeente: str, *, kern: str | None = None, theme: str | None = None,
                  target_group: str | None = None, day: str | None = None, today: date | None = None,
                  known_kernen: dict[str, str] | None = None) -> None:
    """Raise :class:`SearchError` (Dutch) for a filter value that does not exist."""
    if kern and kern not in (known_kernen if known_kernen is not None else kernen(gemeente, today=today)):
        raise SearchError(f"De kern '{kern}' hoort niet bij gemeente {gemeente}.")
    if theme and theme not in theme_labels():
        raise SearchError(f"Het thema '{theme}' bestaat niet; kies uit: {', '.join(theme_labels())}.")
    if target_group and target_group not in TargetGroup.values:
        raise SearchError(f"De doelgroep '{target_group}' bestaat niet; kies uit: {', '.join(TargetGroup.values)}.")
    if day and day not in DAYS:
        raise SearchError(f"De dag '{day}' bestaat niet; kies uit: {', '.join(DAYS)}.")


def check_distance(near_km: float | None) -> float:
    """The distance (km) of a search near a kern: None is 0 (only offers in or for the kern); like the gap
    analysis, at most ``OFFER_RULE.max_distance_km``. Raises :class:`SearchError` (Dutch) otherwise."""
    from .gaps import OFFER_RULE

    if near_km is None:
        return 0.0
    top = OFFER_RULE.max_distance_km
    if isinstance(near_km, bool) or not isinstance(near_km, int | float) or math.isnan(near_km) \
            or not 0 <= near_km <= top:
        raise SearchError(f"De afstand moet een aantal kilometers tussen 0 en {top:g} zijn, niet {near_km!r}.")
    return float(near_km) + 0.0  # -0.0 is 0.0


def search(gemeente: str, *, q: str = "", kern: str | None = None, theme: str | None = None,
           target_group: str | None = None, day: str | None = None, near_km: float | None = None,
           include_inactive: bool = False, limit: int | None = None, today: date | None = None) -> Hits:
    """The offers of a gemeente's directory that match every given filter.

    ``q``: words that must all occur (in any order, as part of a word, ignoring case and accents) in the
    name, description, organisation, kern names, address, theme, target group or kind. ``kern``: a kern
    slug; matches the offer for the kern as the gap analysis counts it: offers located in the kern (its
    location's kern, or coordinates inside the kern's area), serving it (service area), serving the whole
    gemeente, and, with ``near_km`` (km, default 0), offers with a location within that distance of the kern's
    area (``nearby.near_services``); those say how far they are (:meth:`Hits.near_text`). ``near_km`` without
    ``kern`` does nothing. ``theme``: a catalogue theme id. ``target_group``: a ``TargetGroup`` value. ``day``:
    an RFC 5545 day code ("MO".."SU"), from the schedules. Only active offers unless ``include_inactive``.
    ``today`` (default: the local date) decides the stale mark and which schedules have expired.

    Ordered by relevance (offers with the words in their name or organisation first), then by name.
    Raises :class:`SearchError` for an unknown kern, theme, target group or day, or a distance out of range.
    """
    today = today or timezone.localdate()
    gemeente = gemeente.upper()
    kern, theme, target_group, day = (v or None for v in (kern, theme, target_group, day))
    near_km = check_distance(near_km)
    index = _index(gemeente, today)
    check_filters(gemeente, kern=kern, theme=theme, target_group=target_group, day=day, known_kernen=index.kernen)
    words = query_words(q)
    near: dict[str, float] = {}
    wanted = [index.sets.get((kind, value), frozenset()) for kind, value in
              (("theme", theme), ("group", target_group), ("day", day)) if value is not None]
    if kern is not None:
        if near_km > 0:
            for_kern, near = index.near(near_km)[kern]
        else:
            for_kern = index.sets.get(("kern", kern), frozenset())
        wanted.append(for_kern)
    if wanted:
        if not include_inactive:
            wanted.append(index.sets["active", ""])
        wanted.sort(key=len)
        positions = sorted(wanted[0].intersection(*wanted[1:]))
    else:
        positions = index.active if not include_inactive else range(len(index.entries))
    if words:
        texts = index.texts
        if len(words) == 1:
            (word,) = words
            positions = [i for i in positions if word in texts[i]]
        else:
            positions = [i for i in positions if all(w in texts[i] for w in words)]
        entries = index.entries
        # stable: by name within the same relevance (how many words are in the name or organisation)
        positions.sort(key=lambda i: -sum(w in entries[i].name for w in words))
    hits = index.hits
    result = [hits[i] for i in positions]
    return Hits(result[:limit] if limit is not None else result, kern_name=index.kernen.get(kern or "", ""),
                near=near)
