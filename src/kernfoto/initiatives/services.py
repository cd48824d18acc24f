"""Reading initiatives and wijkplannen: the feed for the kernfoto page and the Sociale Monitor, the progress
overview of the wijkplannen, the assessment checklist, budget figures.

Feed (the agreed interface; public data only, never the initiators' contact details):

* :func:`happenings` — "wat er gebeurt" in one kern: its funded initiatives and the recent and upcoming
  milestones of its wijkplan(nen);
* :func:`execution_by_theme` — "uitvoering" per theme for the Sociale Monitor of one year: initiatives
  granted that year and milestones dated that year, each as one Dutch line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.http import Http404
from django.urls import reverse

from ..areas.models import AreaGroup, GroupKind, parent_of
from ..errors import KernfotoError
from ..stats.catalogue import catalogue
from .models import FUNDED, BudgetPot, CheckSource, Initiative, Milestone, MilestoneStatus, WijkPlan
from .money import euro

MAX_INITIATIVES = 6  # per kern in ``happenings``
MAX_MILESTONES = 6
RECENT_DAYS = 183  # a milestone of the last half year counts as recent
UPCOMING_DAYS = 365
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
EXAMPLE_MARK = " – voorbeeld"


def dutch_date(date: dt.date) -> str:
    """``2026-03-15`` -> ``"15 maart 2026"``."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def theme_labels() -> dict[str, str]:
    return {t.id: t.label for t in catalogue().themes}


def known_themes(ids: Iterable[str]) -> list[str]:
    """The catalogue theme ids among ``ids``, in catalogue order (unknown ids are dropped)."""
    wanted = set(ids)
    return [t.id for t in catalogue().themes if t.id in wanted]


# ------------------------------------------------------------------------------------------------- feed


@dataclass(frozen=True)
class FundedInitiative:
    """A funded initiative as the public may see it: no description, no initiators."""

    reference: str
    title: str
    kern: str
    status: str  # "toegekend" | "gerealiseerd" | "geevalueerd"
    status_label: str  # "toegekend" | "gerealiseerd" | "geëvalueerd"
    amount: Decimal  # granted
    granted_on: dt.date
    themes: tuple[str, ...]
    is_example: bool

    @property
    def amount_text(self) -> str:
        return euro(self.amount)

    @property
    def text(self) -> str:
        """e.g. ``"Buurtmoestuin Kockengen (toegekend, € 2.500)"``; the kern is added when the title lacks it."""
        where = "" if self.kern.casefold() in self.title.casefold() else f" in {self.kern}"
        return f"{self.title}{where} ({self.status_label}, {self.amount_text}){EXAMPLE_MARK if self.is_example else ''}"


@dataclass(frozen=True)
class PlanMilestone:
    plan_title: str
    plan_id: int
    area: str  # kern or wijk of the plan
    date: dt.date
    title: str
    owner: str  # a role or organisation
    status: str  # gepland | bezig | gereed | vertraagd
    status_label: str
    overdue: bool  # its date has passed and it is not gereed
    themes: tuple[str, ...]
    is_example: bool

    @property
    def text(self) -> str:
        """e.g. ``"15 maart 2026: Eerste dorpsavond (gereed; dorpsraad)"``."""
        state = f"{self.status_label}, over tijd" if self.overdue and self.status != MilestoneStatus.VERTRAAGD else self.status_label
        return f"{dutch_date(self.date)}: {self.title} ({state}; {self.owner}){EXAMPLE_MARK if self.is_example else ''}"


@dataclass(frozen=True)
class Happenings:
    """"Wat er gebeurt" in one kern (public data only)."""

    kern_slug: str
    kern_name: str
    initiatives: tuple[FundedInitiative, ...]
    milestones: tuple[PlanMilestone, ...]
    plans: tuple[tuple[str, str], ...]  # (title, public url) of the kern's current wijkplannen
    list_url: str  # the public list of initiatives of this kern

    @property
    def is_empty(self) -> bool:
        return not self.initiatives and not self.milestones

    @property
    def lines(self) -> tuple[str, ...]:
        """One line per item, initiatives first (for a text block such as the PDF's)."""
        return tuple(i.text for i in self.initiatives) + tuple(m.text for m in self.milestones)


@dataclass(frozen=True)
class ExecutionItem:
    kind: str  # "initiatief" | "mijlpaal"
    text: str  # one Dutch line, e.g. "Buurtmoestuin Kockengen (toegekend, € 2.500)"
    area: str  # kern (or wijk of a plan)
    date: dt.date  # grant date or milestone date
    status: str
    is_example: bool


def _funded(initiative: Initiative) -> FundedInitiative:
    return FundedInitiative(
        reference=initiative.reference or "", title=initiative.title, kern=initiative.kern.name,
        status=initiative.status, status_label=initiative.get_status_display(),
        amount=initiative.granted_amount or Decimal("0.00"), granted_on=initiative.granted_on,
        themes=tuple(known_themes(initiative.themes)), is_example=initiative.is_example)


def _milestone(m: Milestone, today: dt.date) -> PlanMilestone:
    return PlanMilestone(
        plan_title=m.plan.title, plan_id=m.plan_id, area=m.plan.area_name, date=m.date, title=m.title, owner=m.owner,
        status=m.status, status_label=m.get_status_display(), overdue=is_overdue(m, today),
        themes=tuple(known_themes(m.theme_ids)), is_example=m.plan.is_example)


def funded_initiatives(gemeente: str, *, kern: AreaGroup | None = None):
    """Initiatives that got money (the only ones public pages show), newest grant first."""
    qs = Initiative.objects.filter(gemeente_id=gemeente, status__in=FUNDED, granted_on__isnull=False)
    if kern is not None:
        qs = qs.filter(kern=kern)
    return qs.select_related("kern").order_by("-granted_on", "-pk")


def happenings(kern: AreaGroup, *, today: dt.date | None = None) -> Happenings:
    """The funded initiatives of ``kern`` (newest first) and the milestones of its current wijkplan(nen):
    those of the last half year and the coming year, and any older one that is not done, nearest first."""
    today = today or dt.date.today()
    funded = funded_initiatives(kern.gemeente_id, kern=kern).filter(granted_on__lte=today)
    initiatives = tuple(_funded(i) for i in funded[:MAX_INITIATIVES])
    plans = plans_for_kern(kern, today.year)
    candidates = []
    for m in Milestone.objects.filter(plan__in=plans).select_related("plan", "plan__kern", "plan__wijk"):
        recent = today - dt.timedelta(days=RECENT_DAYS) <= m.date <= today + dt.timedelta(days=UPCOMING_DAYS)
        if recent or is_overdue(m, today):
            candidates.append(m)
    candidates.sort(key=lambda m: (abs((m.date - today).days), m.pk))
    chosen = sorted(candidates[:MAX_MILESTONES], key=lambda m: (m.date, m.pk))
    code = kern.gemeente_id
    return Happenings(
        kern_slug=kern.slug, kern_name=kern.name, initiatives=initiatives,
        milestones=tuple(_milestone(m, today) for m in chosen),
        plans=tuple((p.title, reverse("initiatives:plan_public", args=[code, p.pk])) for p in plans),
        list_url=reverse("initiatives:public_list", args=[code]) + f"?kern={kern.slug}")


def execution_by_theme(gemeente_code: str, year: int) -> dict[str, list[ExecutionItem]]:
    """Theme id -> what was done in ``year``: initiatives granted that year (with their status now) and
    milestones of the gemeente's wijkplannen dated that year. Themes in catalogue order, items by date."""
    code = gemeente_code.upper()
    today = dt.date.today()
    out: dict[str, list[ExecutionItem]] = {}
    for i in funded_initiatives(code).filter(granted_on__year=year).order_by("granted_on", "pk"):
        f = _funded(i)
        for theme in f.themes:
            out.setdefault(theme, []).append(ExecutionItem(kind="initiatief", text=f.text, area=f.kern,
                                                           date=f.granted_on, status=f.status, is_example=f.is_example))
    milestones = (Milestone.objects.filter(plan__gemeente_id=code, date__year=year)
                  .select_related("plan", "plan__kern", "plan__wijk").order_by("date", "pk"))
    for m in milestones:
        pm = _milestone(m, today)
        text = f"{pm.plan_title}: {pm.title} ({dutch_date(pm.date)}, {pm.status_label}){EXAMPLE_MARK if pm.is_example else ''}"
        for theme in pm.themes:
            out.setdefault(theme, []).append(ExecutionItem(kind="mijlpaal", text=text, area=pm.area, date=pm.date,
                                                           status=pm.status, is_example=pm.is_example))
    order = {t.id: n for n, t in enumerate(catalogue().themes)}
    return {theme: sorted(items, key=lambda x: (x.kind != "initiatief", x.date))
            for theme, items in sorted(out.items(), key=lambda kv: order[kv[0]])}


# ------------------------------------------------------------------------------------------------- wijkplannen


def is_overdue(m: Milestone, today: dt.date) -> bool:
    return m.date < today and m.status != MilestoneStatus.GEREED


def wijk_overlaps(wijk_code: str, member_codes: Iterable[str]) -> bool:
    """Whether a kern made of ``member_codes`` (buurten or wijken) lies (partly) in wijk ``wijk_code``."""
    return any(c == wijk_code or parent_of(c) == wijk_code for c in member_codes)


def plans_for_kern(kern: AreaGroup, year: int | None = None) -> list[WijkPlan]:
    """The plans of ``kern``: its own and those of the wijken it lies in; with ``year``, those running then."""
    members = list(kern.members.values_list("area_id", flat=True))
    wijken = {c for c in members if c.startswith("WK")} | {parent_of(c) for c in members if c.startswith("BU")}
    qs = WijkPlan.objects.filter(Q(kern=kern) | Q(wijk_id__in=wijken), gemeente_id=kern.gemeente_id)
    if year is not None:
        qs = qs.filter(start_year__lte=year, end_year__gte=year)
    return list(qs.select_related("kern", "wijk").order_by("-start_year", "title", "pk"))


def kernen_of_plan(plan: WijkPlan) -> list[AreaGroup]:
    """The kernen a plan is about: its kern, or the kernen that lie (partly) in its wijk."""
    if plan.kern_id:
        return [plan.kern]
    kernen = AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente_id=plan.gemeente_id).prefetch_related("members")
    return [k for k in kernen if wijk_overlaps(plan.wijk_id, [m.area_id for m in k.members.all()])]


@dataclass(frozen=True)
class PlanProgress:
    plan: WijkPlan
    total: int
    done: int
    busy: int
    planned: int
    delayed: int  # status "vertraagd"
    overdue: int  # date passed, not done and not marked "vertraagd"
    next_milestone: Milestone | None

    @property
    def percent_done(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def behind(self) -> int:
        return self.delayed + self.overdue


def plan_progress(plan: WijkPlan, milestones: Sequence[Milestone], today: dt.date) -> PlanProgress:
    """Counts of a plan's milestones by status, with the first one still to do (pure: no queries)."""
    counts = {s: 0 for s in MilestoneStatus.values}
    for m in milestones:
        counts[m.status] += 1
    overdue = sum(1 for m in milestones if is_overdue(m, today) and m.status != MilestoneStatus.VERTRAAGD)
    todo = sorted((m for m in milestones if m.status != MilestoneStatus.GEREED), key=lambda m: (m.date, m.pk))
    return PlanProgress(plan=plan, total=len(milestones), done=counts[MilestoneStatus.GEREED],
                        busy=counts[MilestoneStatus.BEZIG], planned=counts[MilestoneStatus.GEPLAND],
                        delayed=counts[MilestoneStatus.VERTRAAGD], overdue=overdue,
                        next_milestone=todo[0] if todo else None)


@dataclass(frozen=True)
class ProgressOverview:
    plans: tuple[PlanProgress, ...]
    kernen_without_plan: tuple[AreaGroup, ...]

    @property
    def has_examples(self) -> bool:
        return any(p.plan.is_example for p in self.plans)


def progress_overview(gemeente: str, *, today: dt.date | None = None, plans: Iterable[WijkPlan] | None = None
                      ) -> ProgressOverview:
    """The progress of every wijkplan of a gemeente (or of ``plans``), and the kernen that have none."""
    today = today or dt.date.today()
    if plans is None:
        plans = WijkPlan.objects.filter(gemeente_id=gemeente)
    plans = list(plans)
    by_plan: dict[int, list[Milestone]] = {p.pk: [] for p in plans}
    for m in Milestone.objects.filter(plan__in=plans).order_by("date", "pk"):
        by_plan[m.plan_id].append(m)
    rows = tuple(plan_progress(p, by_plan[p.pk], today) for p in plans)
    covered: set[int] = set()
    kernen = list(AreaGroup.objects.filter(kind=GroupKind.KERN, gemeente_id=gemeente).prefetch_related("members")
                  .order_by("name"))
    for p in plans:
        if p.kern_id:
            covered.add(p.kern_id)
        else:
            covered |= {k.pk for k in kernen if wijk_overlaps(p.wijk_id, [m.area_id for m in k.members.all()])}
    return ProgressOverview(plans=rows, kernen_without_plan=tuple(k for k in kernen if k.pk not in covered))


# ------------------------------------------------------------------------------------------------- assessment

GENERAL_CRITERIA = (
    "Er is genoeg draagvlak: inwoners van de kern steunen het initiatief.",
    "De begroting is realistisch en het gevraagde bedrag past bij wat het initiatief doet.",
    "Inwoners voeren het zelf uit, en iedereen in de kern kan meedoen.",
)


@dataclass(frozen=True)
class CheckItem:
    source: str  # a CheckSource value
    text: str
    named: bool = False  # the initiators linked their initiative to this opgave themselves


def checklist(opgaven: Sequence[str], plans: Sequence[tuple[str, str, Sequence[str]]],
              linked: Sequence[str] = ()) -> list[CheckItem]:
    """The assessment checklist: each opgave of the kern's kernfoto, the ambition and each opgave of its
    wijkplan(nen) (``plans``: title, ambition, challenges), then the general criteria."""
    items = [CheckItem(CheckSource.KERNFOTO, o, named=o in linked) for o in opgaven]
    for title, ambition, challenges in plans:
        short = " ".join(ambition.split())
        if len(short) > 300:
            short = short[:297].rsplit(" ", 1)[0] + "…"
        items.append(CheckItem(CheckSource.WIJKPLAN, f"Past bij de ambitie van {title}: {short}"))
        items.extend(CheckItem(CheckSource.WIJKPLAN, f"{c} ({title})") for c in challenges)
    items.extend(CheckItem(CheckSource.ALGEMEEN, c) for c in GENERAL_CRITERIA)
    return items


def kern_challenges(kern: AreaGroup) -> tuple[str, list[str]]:
    """The period of the kern's current kernfoto and its opgaven (found in the figures or written by an
    analyst), as on the public kernfoto page; ``("", [])`` when there is no kernfoto."""
    from ..web.services import gemeente_data

    try:
        data = gemeente_data(kern.gemeente_id)
        period = data.latest_period
        profile = data.profile(kern.slug, period)
    except (Http404, KernfotoError, IndexError):
        return "", []
    return period, [f.text for f in profile.findings if f.kind == "opgave"]


# ------------------------------------------------------------------------------------------------- budget


@dataclass(frozen=True)
class PotSummary:
    pot: BudgetPot
    committed: Decimal
    remaining: Decimal
    grants: int

    @property
    def percent_committed(self) -> int:
        return round(100 * self.committed / self.pot.amount) if self.pot.amount else 0


def pot_summaries(gemeente: str) -> list[PotSummary]:
    """Every budget pot of a gemeente (newest year first) with what is committed and what is left."""
    out = []
    for pot in BudgetPot.objects.filter(gemeente_id=gemeente).order_by("-year"):
        grants = pot.grants.filter(status__in=FUNDED)
        committed = grants.aggregate(s=Sum("granted_amount"))["s"] or Decimal("0.00")
        out.append(PotSummary(pot=pot, committed=committed, remaining=pot.amount - committed, grants=grants.count()))
    return out
