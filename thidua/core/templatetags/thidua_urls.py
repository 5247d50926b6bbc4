"""``{% idurl 'name' pk %}``: ``{% url 'name' pk %}`` for a URL with one integer
argument, reversed once per name and filled by string replacement. A list page
reverses a link per row; Django's reverse costs ~35 µs a call, a third of a 60-row
page (issue 8, benchmarks/EXPLAIN.md)."""

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

_SENTINEL = 918273645
_PATTERNS: dict[tuple[str, str, object], str] = {}


@register.simple_tag
def idurl(name: str, pk) -> str:
    if isinstance(pk, bool) or not isinstance(pk, int) or pk < 0:
        return reverse(name, args=[pk])
    key = (name, get_script_prefix(), get_urlconf())
    pattern = _PATTERNS.get(key)
    if pattern is None:
        pattern = _PATTERNS[key] = reverse(name, args=[_SENTINEL])
    return pattern.replace(str(_SENTINEL), str(pk), 1)
