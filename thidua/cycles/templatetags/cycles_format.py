"""Template filters of the block's year pages."""

from decimal import Decimal

from django import template

from thidua.cycles.forms import points_local

register = template.Library()


@register.filter
def points(value):
    """Points as people write them, in the page's language: 25.50 → "25,5"."""
    if value is None or value == "":
        return ""
    return points_local(Decimal(value))
