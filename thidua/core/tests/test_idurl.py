"""``{% idurl %}`` gives exactly what ``{% url %}`` gives."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch


def _render(text: str, **context) -> str:
    return Template("{% load thidua_urls %}" + text).render(Context(context))


@pytest.mark.parametrize("pk", [1, 7, 42, 918273645, 10**12])
def test_idurl_matches_url(pk):
    for name in ("organizations:block_detail", "awards:person_awards"):
        fast = _render("{% idurl name pk %}", name=name, pk=pk)
        slow = _render("{% url name pk %}", name=name, pk=pk)
        assert fast == slow


def test_idurl_falls_back_to_reverse_for_other_arguments():
    with pytest.raises(NoReverseMatch):
        _render("{% idurl 'organizations:block_detail' 'abc' %}")
