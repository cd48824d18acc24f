"""The decision workflow of an initiative, as pure rules (no database).

::

    ingediend ──> in behandeling ──> toegekend ──> gerealiseerd ──> geëvalueerd
        │               │
        └───────────────┴──> afgewezen (with a reason)

A step is allowed only along these arrows. A grant (toegekend) needs an amount above zero, not more than
was asked, and not more than what is left in the budget pot of the decision's year. "Geëvalueerd" is
reached by recording the evaluation. Every step records its date, who took it and the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..errors import KernfotoError
from .models import Status
from .money import euro

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.INGEDIEND: (Status.IN_BEHANDELING, Status.AFGEWEZEN),
    Status.IN_BEHANDELING: (Status.TOEGEKEND, Status.AFGEWEZEN),
    Status.TOEGEKEND: (Status.GEREALISEERD,),
    Status.GEREALISEERD: (Status.GEEVALUEERD,),
    Status.AFGEWEZEN: (),
    Status.GEEVALUEERD: (),
}
# the access rule (accounts/access.py) each step needs
ACTION_FOR: dict[str, str] = {
    Status.IN_BEHANDELING: "initiative.assess",
    Status.TOEGEKEND: "initiative.decide",
    Status.AFGEWEZEN: "initiative.decide",
    Status.GEREALISEERD: "initiative.decide",
    Status.GEEVALUEERD: "initiative.assess",
}


class WorkflowError(KernfotoError):
    """A step that is not allowed; ``field`` is the form field the message belongs to ("" for the form)."""

    def __init__(self, message: str, *, field: str = ""):
        self.field = field
        super().__init__(message)


def label(status: str) -> str:
    return Status(status).label


@dataclass(frozen=True)
class PotState:
    """What a budget pot has left, for the check of a grant."""

    year: int
    amount: Decimal
    committed: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.committed


def next_steps(current: str) -> tuple[str, ...]:
    """The statuses an initiative in ``current`` may go to (evaluation included)."""
    return TRANSITIONS.get(current, ())


def check_step(current: str, new: str, *, date: dt.date, submitted: dt.date, today: dt.date, reason: str = "",
               amount: Decimal | None = None, requested: Decimal | None = None, pot: PotState | None = None) -> None:
    """Raise :class:`WorkflowError` (Dutch) unless ``current`` -> ``new`` is allowed with these details."""
    if new not in TRANSITIONS:
        raise WorkflowError(f"‘{new}’ is geen status van een initiatief.", field="status")
    if new == current:
        raise WorkflowError(f"Het initiatief is al ‘{label(new)}’.", field="status")
    allowed = TRANSITIONS.get(current, ())
    if not allowed:
        raise WorkflowError(f"Een {label(current)} initiatief verandert niet meer van status.", field="status")
    if new not in allowed:
        options = " of ".join(f"‘{label(s)}’" for s in allowed)
        raise WorkflowError(f"Van ‘{label(current)}’ kan een initiatief alleen naar {options}, niet naar "
                            f"‘{label(new)}’.", field="status")
    if date > today:
        raise WorkflowError("De datum ligt in de toekomst.", field="date")
    if date < submitted:
        raise WorkflowError(f"De datum ligt vóór de dag van indienen ({submitted:%d-%m-%Y}).", field="date")
    if new == Status.AFGEWEZEN and not (reason or "").strip():
        raise WorkflowError("Schrijf op waarom het initiatief is afgewezen. De indieners krijgen die reden te horen.",
                            field="reason")
    if new == Status.TOEGEKEND:
        if amount is None or amount <= 0:
            raise WorkflowError("Vul het bedrag in dat u toekent (meer dan € 0).", field="amount")
        if requested is not None and amount > requested:
            raise WorkflowError(f"U kent {euro(amount)} toe, maar er is {euro(requested)} gevraagd. Meer toekennen dan "
                                "gevraagd kan niet.", field="amount")
        if pot is None:
            raise WorkflowError(f"Er is geen budget voor {date.year}. Maak eerst bij ‘Budgetten’ een budget voor "
                                f"{date.year} aan.", field="amount")
        if amount > pot.remaining:
            raise WorkflowError(
                f"Niet toegekend: {euro(amount)} is meer dan er nog over is in het budget van {pot.year} "
                f"({euro(max(pot.remaining, Decimal(0)))} van {euro(pot.amount)}).", field="amount")
