"""Amounts in euros as Dutch residents write and read them ("€ 2.500", "2500,50")."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("10000000")  # ten million: more is a typing error, not a residents' initiative
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


class AmountError(ValueError):
    """A text that is not an amount; the message is Dutch."""


def parse_amount(text: str | int | Decimal | None) -> Decimal:
    """``"€ 2.500"`` -> 2500, ``"2.500,50"`` -> 2500.50, ``"1250.5"`` -> 1250.50, ``"12,-"`` -> 12.

    A dot followed by groups of exactly three digits is a Dutch thousands separator; otherwise a single
    dot is a decimal point (as a phone keyboard writes it). Raises :class:`AmountError` with a Dutch message.
    """
    if isinstance(text, Decimal | int):
        value = Decimal(text)
    else:
        raw = (text or "").strip().replace("€", "").replace("EUR", "").replace("\u00a0", "").replace(" ", "")
        raw = re.sub(r",-*$", "", raw)  # "12,-" and "12,--"
        if not raw:
            raise AmountError("Vul een bedrag in.")
        if raw.startswith("-"):
            raise AmountError("Een bedrag kan niet negatief zijn.")
        if "," in raw:
            whole, _, cents = raw.rpartition(",")
            whole = whole.replace(".", "")
            raw = f"{whole}.{cents}"
        elif _THOUSANDS.match(raw):
            raw = raw.replace(".", "")
        if not re.fullmatch(r"\d+(\.\d+)?", raw):
            raise AmountError("Dit is geen bedrag. Schrijf het zo: 2500 of 2.500,50.")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise AmountError("Dit is geen bedrag. Schrijf het zo: 2500 of 2.500,50.") from None
    if value != value.quantize(CENT):
        raise AmountError("Een bedrag heeft hoogstens twee cijfers achter de komma.")
    if value < 0:
        raise AmountError("Een bedrag kan niet negatief zijn.")
    if value >= MAX_AMOUNT:
        raise AmountError("Dit bedrag is te hoog. Controleer het aantal nullen.")
    return value.quantize(CENT)


def euro(amount: Decimal | int | float | None) -> str:
    """``Decimal("2500")`` -> ``"€ 2.500"``, ``Decimal("2500.5")`` -> ``"€ 2.500,50"`` (a no-break space after €)."""
    if amount is None:
        return ""
    value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = grouped if cents == "00" else f"{grouped},{cents}"
    return f"{sign}€\u00a0{text}"
