"""``{{ amount|euro }}`` -> "€ 2.500" (see ``initiatives.money.euro``)."""

from django import template

from ..money import euro as _euro

register = template.Library()


@register.filter
def euro(value) -> str:
    return _euro(value) if value not in (None, "") else "–"
