"""The Vietnamese catalogue is complete and compiled; dates, sorting and language
choice behave the Vietnamese way (house-style.md "i18n and l10n", design.md §7).

Refresh the catalogue with ``tools/makemessages``; a failure of
``test_catalogue_is_complete`` lists the msgids that still need a ``vi`` entry.
"""

import re
import shutil
import unicodedata
from datetime import date
from pathlib import Path

import polib
import pytest
from django import forms
from django.conf import settings
from django.core.management import call_command
from django.core.management.commands import makemessages
from django.urls import reverse
from django.utils import formats, translation

from thidua.core.management.commands.compile_catalog import compile_po
from thidua.organizations.forms import date_field
from thidua.organizations.tests import factories as f
from thidua.rules.text import sort_key

REPO = Path(settings.BASE_DIR)
PO = REPO / "locale" / "vi" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# The same run as tools/makemessages.
IGNORE = [".venv", "staticfiles", "media", "test-results"]

# %(name)s, %d, {name}; "%%" is a literal per cent sign.
_PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|\{\w*\}"
)


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text.replace("%%", "")))


def _label(entry: polib.POEntry) -> str:
    return (f"[{entry.msgctxt}] " if entry.msgctxt else "") + repr(entry.msgid)


def _entries():
    return [e for e in polib.pofile(str(PO)) if not e.obsolete]


def _msgstrs(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


class _IsolatedMakemessages(makemessages.Command):
    """makemessages that writes only to ``settings.LOCALE_PATHS[0]``.

    Run from the repository root, Django's command would find ``<repo>/locale`` and
    write there; the test must leave the committed catalogue untouched.
    """

    def find_files(self, root):
        files = super().find_files(root)
        target = str(settings.LOCALE_PATHS[0])
        self.locale_paths = [target]
        self.default_locale_path = target
        for translatable in files:
            translatable.locale_dir = target
        return files


# --- the catalogue -------------------------------------------------------------------


def test_catalogue_is_complete(tmp_path, settings, monkeypatch):
    """A fresh makemessages over the sources leaves no untranslated or fuzzy entry."""
    locale = tmp_path / "locale"
    shutil.copytree(REPO / "locale", locale)
    settings.LOCALE_PATHS = [locale]
    monkeypatch.chdir(REPO)
    before = PO.read_bytes()

    call_command(
        _IsolatedMakemessages(),
        locale=["vi"],
        no_obsolete=True,
        no_location=True,
        ignore_patterns=IGNORE,
        verbosity=0,
    )

    assert PO.read_bytes() == before, "makemessages wrote into the repository"
    fresh = polib.pofile(str(locale / "vi" / "LC_MESSAGES" / "django.po"))
    assert len(fresh) > 0
    untranslated = [_label(e) for e in fresh.untranslated_entries() if not e.obsolete]
    fuzzy = [_label(e) for e in fresh.fuzzy_entries()]
    assert not untranslated, (
        f"{len(untranslated)} msgid(s) have no Vietnamese translation; run "
        "tools/makemessages and translate them in locale/vi/LC_MESSAGES/django.po:\n"
        + "\n".join(untranslated)
    )
    assert not fuzzy, "Fuzzy entries in the vi catalogue:\n" + "\n".join(fuzzy)


def test_catalogue_header_is_vietnamese():
    catalogue = polib.pofile(str(PO))
    assert catalogue.metadata["Language"] == "vi"
    assert catalogue.metadata["Plural-Forms"].replace(" ", "") == (
        "nplurals=1;plural=0;"
    )


def test_compiled_catalogue_matches_the_po(tmp_path):
    """The committed .mo holds exactly the translated entries of the .po."""
    assert MO.exists(), (
        "locale/vi/LC_MESSAGES/django.mo is missing: run tools/makemessages"
    )
    fresh = compile_po(PO, tmp_path / "django.mo")

    def entries(path):
        return {
            (e.msgctxt, e.msgid, e.msgid_plural): (
                dict(e.msgstr_plural) if e.msgid_plural else e.msgstr
            )
            for e in polib.mofile(str(path))
        }

    committed, expected = entries(MO), entries(fresh)
    stale = sorted(repr(key[1]) for key in committed.keys() ^ expected.keys()) + sorted(
        repr(key[1])
        for key in committed.keys() & expected.keys()
        if committed[key] != expected[key]
    )
    assert not stale, (
        "django.mo is out of date (run tools/makemessages):\n" + "\n".join(stale)
    )


def test_placeholders_match():
    wrong = []
    for entry in _entries():
        source = entry.msgid_plural or entry.msgid
        for text in _msgstrs(entry):
            if text and _placeholders(text) != _placeholders(source):
                wrong.append(f"{_label(entry)} -> {text!r}")
    assert not wrong, "Placeholders differ:\n" + "\n".join(wrong)


def test_translations_are_nfc():
    wrong = [
        _label(entry)
        for entry in _entries()
        for text in _msgstrs(entry)
        if unicodedata.normalize("NFC", text) != text
    ]
    assert not wrong, "Not NFC-normalised:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("Provinces", "Tỉnh, thành phố"),
        ("Units", "Cơ quan, đơn vị"),
        ("Illustrative data", "Dữ liệu minh họa"),
        ("Head (Trưởng khối)", "Trưởng khối"),
        ("Deputy (Phó khối)", "Phó khối"),
        ("Member", "Thành viên"),
        ("Emulation block (khối)", "Khối thi đua"),
        ("Emulation cluster (cụm)", "Cụm thi đua"),
        ("Head unit (Trưởng khối)", "Đơn vị Trưởng khối"),
        ("Deputy units (Phó khối)", "Đơn vị Phó khối"),
        ("Sign in", "Đăng nhập"),
        ("Sign out", "Đăng xuất"),
        ("Search", "Tìm kiếm"),
        ("Save", "Lưu"),
        ("Thi Đua", "Thi Đua"),
    ],
)
def test_official_terms(msgid, expected):
    with translation.override("vi"):
        assert translation.gettext(msgid) == expected


@pytest.mark.parametrize(
    "msgid",
    [
        "This field is required.",
        "Enter a valid email address.",
        "Enter a whole number.",
        "Select a valid choice. That choice is not one of the available choices.",
        "Enter a list of values.",
        "The submitted file is empty.",
        "No file was submitted. Check the encoding type on the form.",
        "Ensure this value is greater than or equal to %(limit_value)s.",
        "Please enter a correct %(username)s and password. Note that both fields "
        "may be case-sensitive.",
        "This account is inactive.",
    ],
)
def test_django_form_messages_come_from_our_catalogue(msgid):
    """thidua/core/django_messages.py keeps these msgids in our catalogue."""
    ours = {e.msgid: e.msgstr for e in _entries()}
    assert ours.get(msgid), f"{msgid!r} is not in our catalogue"
    with translation.override("vi"):
        assert translation.gettext(msgid) == ours[msgid]


def test_django_validation_errors_render_in_vietnamese():
    class Form(forms.Form):
        name = forms.CharField(max_length=3)
        count = forms.IntegerField(min_value=5)
        email = forms.EmailField()

    with translation.override("vi"):
        form = Form({"name": "abcdef", "count": "2", "email": "x"})
        assert not form.is_valid()
        assert form.errors["name"] == [
            "Nội dung không được dài quá 3 ký tự (hiện có 6)."
        ]
        assert form.errors["count"] == ["Giá trị phải lớn hơn hoặc bằng 5."]
        assert form.errors["email"] == ["Vui lòng nhập địa chỉ thư điện tử hợp lệ."]
        assert Form({}).errors["name"] == ["Mục này không được để trống."]


# --- dates ---------------------------------------------------------------------------


def test_date_fields_read_day_first():
    class Form(forms.Form):
        ours = date_field("d", required=True)
        plain = forms.DateField()  # DATE_INPUT_FORMATS of thidua/formats/vi

    with translation.override("vi"):
        form = Form({"ours": "03/04/2025", "plain": "03/04/2025"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data == {
            "ours": date(2025, 4, 3),
            "plain": date(2025, 4, 3),
        }
        bad = Form({"ours": "2025/04/03", "plain": "03/04/2025"})
        assert bad.errors["ours"] == ["Vui lòng nhập ngày theo định dạng dd/mm/yyyy."]


def test_dates_are_shown_day_first():
    with translation.override("vi"):
        assert (
            formats.date_format(date(2025, 4, 3), "SHORT_DATE_FORMAT") == "03/04/2025"
        )
        assert formats.date_format(date(2025, 4, 3)) == "03/04/2025"


def test_a_page_shows_dates_as_dd_mm_yyyy(world, client_as):
    unit = f.UnitFactory(
        province=world.P, name="Sở Tài chính", valid_from=date(2025, 4, 3)
    )
    response = client_as(world.users["province_admin"]).get(
        reverse("organizations:unit_detail", args=[unit.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "từ 03/04/2025" in html
    assert "2025-04-03" not in html
    assert "April" not in html


# --- Vietnamese order ----------------------------------------------------------------

SORTED_NAMES = ["Ban", "Dân vận", "Đảng ủy", "Uông B", "Ủy ban A", "Văn phòng"]


def test_sort_key_orders_the_vietnamese_way():
    shuffled = ["Ủy ban A", "Uông B", "Văn phòng", "Đảng ủy", "Dân vận", "Ban"]
    assert sorted(shuffled, key=sort_key) == SORTED_NAMES


def test_api_lists_units_in_vietnamese_order(world, api_as):
    province = f.ProvinceFactory(name="Tuyên Quang")
    for name in ["Ủy ban A", "Uông B", "Văn phòng", "Đảng ủy", "Dân vận", "Ban"]:
        f.UnitFactory(province=province, name=name)

    response = api_as(world.users["superuser"]).get(
        "/api/v1/units", {"province": province.pk}
    )

    assert response.status_code == 200
    assert [u["name"] for u in response.json()["items"]] == SORTED_NAMES


# --- language choice -----------------------------------------------------------------


def test_pages_are_vietnamese_by_default(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Đăng nhập" in html
    assert "Sign in" not in html


def test_english_by_accept_language(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sign in" in html
    assert "Đăng nhập" not in html


def test_english_by_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/accounts/login/").content.decode()
    assert "Sign in" in html
    assert "Đăng nhập" not in html
