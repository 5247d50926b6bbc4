"""QuickSelect draws the same options as Django's Select, escaped."""

from django import forms

from thidua.core.widgets import QuickSelect


class _Form(forms.Form):
    plain = forms.ChoiceField(
        choices=[("", "Tất cả"), ("1", "Khối <số 1>"), ("2", "Khối & cụm")],
        required=False,
    )
    quick = forms.ChoiceField(
        choices=[("", "Tất cả"), ("1", "Khối <số 1>"), ("2", "Khối & cụm")],
        required=False,
        widget=QuickSelect,
    )


def _options(html: str) -> list[str]:
    return [
        part.split(">", 1)[1].split("</option>")[0]
        for part in html.split("<option")[1:]
    ]


def _values(html: str) -> list[str]:
    return [part.split('"')[1] for part in html.split("<option value=")[1:]]


def test_quick_select_matches_django_select():
    form = _Form(data={"plain": "2", "quick": "2"})
    plain, quick = str(form["plain"]), str(form["quick"])
    assert _options(plain) == _options(quick)
    assert _values(plain) == _values(quick)
    assert 'value="2" selected' in quick and 'value="1" selected' not in quick
    assert "Khối &lt;số 1&gt;" in quick and "<số 1>" not in quick
    assert 'name="quick"' in quick and 'id="id_quick"' in quick


def test_option_groups_are_kept():
    field = forms.ChoiceField(
        choices=[("Ủy ban Kiểm tra", [("u1", "Ủy ban Kiểm tra"), ("p1", "— An")])],
        widget=QuickSelect,
    )
    html = field.widget.render("subject", "p1", {"id": "id_subject"})
    assert '<optgroup label="Ủy ban Kiểm tra">' in html
    assert '<option value="p1" selected>— An</option>' in html
