"""The organisations pages, through the Django test client as personas."""

import re
from datetime import date

import pytest
from django.urls import reverse

from thidua.organizations import services
from thidua.organizations.models import Block, BlockYear, Person, Unit
from thidua.organizations.tests import factories as f


@pytest.fixture
def admin(world, client_as):
    return client_as(world.users["province_admin"])


def text(response):
    return response.content.decode()


def members_of_year(html, year):
    """Unit names listed in the block page's section for ``year``."""
    section = re.search(
        rf'<section class="year" id="year-{year}">(.*?)</section>', html, re.S
    )
    assert section, f"no section for {year}"
    return re.findall(r'<li class="member"><a [^>]*>([^<]+)</a>', section.group(1))


def has_form_error(response):
    html = text(response)
    return 'class="error"' in html or "has-error" in html


# --- Reading ----------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(world, client_as):
    response = client_as(None).get(
        reverse("organizations:province_detail", args=[world.P.pk])
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_province_page_lists_blocks_with_their_heads(world, admin):
    response = admin.get(reverse("organizations:province_detail", args=[world.P.pk]))
    assert response.status_code == 200
    html = text(response)
    assert "Hòa Bình" in html
    for name in (world.B.name, world.B2.name, world.U1.name, world.U4.name):
        assert name in html
    assert reverse("organizations:block_detail", args=[world.B.pk]) in html


def test_province_of_another_tenant_is_not_found(world, admin):
    response = admin.get(reverse("organizations:province_detail", args=[world.Q.pk]))
    assert response.status_code == 404


def test_block_page_lists_members_by_year(world, admin):
    by_2025 = f.BlockYearFactory(block=world.B, year=2025)
    u6 = f.UnitFactory(province=world.P, name="Sở Nội vụ")
    f.add_members(by_2025, world.U2, [world.U3], [u6])
    response = admin.get(reverse("organizations:block_detail", args=[world.B.pk]))
    assert response.status_code == 200
    html = text(response)
    assert html.index('id="year-2025"') < html.index('id="year-2024"')
    assert members_of_year(html, 2024) == [world.U1.name, world.U2.name, world.U3.name]
    assert members_of_year(html, 2025) == [world.U2.name, world.U3.name, "Sở Nội vụ"]
    assert "role-head" in html


def test_block_page_shows_a_mid_year_handover(world, admin):
    services.reorganize_units(
        actor=world.users["superuser"],
        sources=[world.U1],
        effective=date(2024, 7, 1),
        new_units=[services.NewUnit(name="Ban Tuyên giáo mới")],
    )
    html = text(admin.get(reverse("organizations:block_detail", args=[world.B.pk])))
    listed = members_of_year(html, 2024)
    assert world.U1.name in listed
    assert "Ban Tuyên giáo mới" in listed
    assert "30/06/2024" in html
    assert "01/07/2024" in html


def test_block_year_page_shows_head_deputies_and_members(world, admin):
    response = admin.get(reverse("organizations:block_year_detail", args=[world.BY.pk]))
    assert response.status_code == 200
    html = text(response)
    for unit in (world.U1, world.U2, world.U3):
        assert unit.name in html


def test_unit_page_shows_memberships_and_reorganisations(world, admin):
    [heir] = services.reorganize_units(
        actor=world.users["superuser"],
        sources=[world.U1],
        effective=date(2024, 7, 1),
        new_units=[services.NewUnit(name="Ban Tuyên giáo mới")],
    )
    response = admin.get(reverse("organizations:unit_detail", args=[world.U1.pk]))
    assert response.status_code == 200
    html = text(response)
    assert world.U1.name in html
    assert world.B.name in html
    assert "Ban Tuyên giáo mới" in html
    assert reverse("organizations:unit_detail", args=[heir.pk]) in html
    successor = text(admin.get(reverse("organizations:unit_detail", args=[heir.pk])))
    assert world.U1.name in successor


def test_unit_list_page_searches_without_diacritics(world, admin):
    response = admin.get(reverse("organizations:unit_list"), {"q": "tu phap"})
    assert response.status_code == 200
    html = text(response)
    assert "Sở Tư pháp" in html
    assert world.U1.name not in html
    htmx = admin.get(
        reverse("organizations:unit_list"), {"q": "tu phap"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in text(htmx)
    assert "Sở Tư pháp" in text(htmx)


def test_people_list_of_a_unit(world, client_as):
    client = client_as(world.users["unit_officer"])
    response = client.get(reverse("organizations:unit_people", args=[world.U3.pk]))
    assert response.status_code == 200
    assert "Trần Thị Bình" in text(response)
    assert "Nguyễn Văn An" not in text(response)
    # The unit is visible to the officer, its people are not.
    other = client.get(reverse("organizations:unit_people", args=[world.U1.pk]))
    assert other.status_code == 403
    assert "Nguyễn Văn An" not in text(other)


def test_viewer_sees_the_unit_but_not_its_people(world, client_as):
    client = client_as(world.users["viewer"])
    assert (
        client.get(reverse("organizations:unit_detail", args=[world.U1.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("organizations:unit_people", args=[world.U1.pk])).status_code
        == 403
    )
    person = client.get(
        reverse("organizations:person_detail", args=[world.people["p1"].pk])
    )
    assert person.status_code == 404


def test_search_page_finds_units_people_and_blocks_without_diacritics(world, admin):
    f.UnitFactory(province=world.P, name="Trường Chính trị Hòa Bình")
    f.PersonFactory(unit=world.U1, full_name="Lê Thị Hoà Bình")
    f.BlockFactory(province=world.P, name="Cụm thi đua thành phố Hòa Bình")
    f.UnitFactory(province=world.Q, name="Sở Hòa Bình của tỉnh khác")
    response = admin.get(reverse("organizations:search"), {"q": "hoa binh"})
    assert response.status_code == 200
    html = text(response)
    assert "Trường Chính trị Hòa Bình" in html
    assert "Lê Thị Hoà Bình" in html
    assert "Cụm thi đua thành phố Hòa Bình" in html
    assert "Sở Hòa Bình của tỉnh khác" not in html


def test_pages_accept_any_search_text(world, admin):
    for url in (
        reverse("organizations:search"),
        reverse("organizations:unit_list"),
        reverse("organizations:unit_people", args=[world.U1.pk]),
    ):
        for q in ("\x00", "a\x00b", "%", "_", "'\"", "ẞ" * 300):
            assert admin.get(url, {"q": q}).status_code == 200, (url, q)
    huge = str(10**30)
    assert (
        admin.get(reverse("organizations:unit_list"), {"province": huge}).status_code
        == 200
    )


# --- Forms ------------------------------------------------------------------------


def test_unit_form_creates_a_unit(world, admin):
    url = reverse("organizations:unit_create", args=[world.P.pk])
    assert admin.get(url).status_code == 200
    response = admin.post(
        url, {"name": "Sở Khoa học", "short_name": "SKH", "valid_from": "03/04/2025"}
    )
    unit = Unit.objects.get(name="Sở Khoa học")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:unit_detail", args=[unit.pk])
    assert unit.valid_from == date(2025, 4, 3)  # dd/mm/yyyy: 3 April


@pytest.mark.parametrize("language", ["vi", "en"])
def test_unit_form_explains_an_impossible_date(world, admin, language):
    response = admin.post(
        reverse("organizations:unit_create", args=[world.P.pk]),
        {"name": "Sở Khoa học", "valid_from": "31/02/2024"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert has_form_error(response)
    assert "valid_from" in response.context["form"].errors
    assert not Unit.objects.filter(name="Sở Khoa học").exists()


def test_person_form_creates_a_person_and_reports_bad_input(world, client_as):
    client = client_as(world.users["unit_officer"])
    url = reverse("organizations:person_create", args=[world.U3.pk])
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "full_name": "Vũ Thị Mai",
            "gender": "female",
            "unit": world.U3.pk,
            "email": "không phải thư",
        },
    )
    assert bad.status_code == 200
    assert has_form_error(bad)
    assert "email" in bad.context["form"].errors
    good = client.post(
        url, {"full_name": "Vũ Thị Mai", "gender": "female", "unit": world.U3.pk}
    )
    assert good.status_code == 302
    assert Person.objects.get(full_name="Vũ Thị Mai").unit == world.U3


def test_person_form_refuses_a_unit_outside_the_officers_scope(world, client_as):
    client = client_as(world.users["unit_officer"])
    response = client.post(
        reverse("organizations:person_create", args=[world.U3.pk]),
        {"full_name": "Vũ Thị Lan", "gender": "female", "unit": world.U1.pk},
    )
    assert response.status_code == 403
    assert not Person.objects.filter(full_name="Vũ Thị Lan").exists()


def test_block_form_creates_a_block_and_reports_bad_input(world, admin):
    url = reverse("organizations:block_create", args=[world.P.pk])
    assert admin.get(url).status_code == 200
    bad = admin.post(url, {"name": "", "kind": "nhom"})
    assert bad.status_code == 200
    assert has_form_error(bad)
    assert set(bad.context["form"].errors) == {"name", "kind"}
    good = admin.post(url, {"name": "Khối các huyện", "kind": "cum"})
    assert good.status_code == 302
    assert Block.objects.get(name="Khối các huyện").kind == "cum"


def _block_year_post(world, **overrides):
    data = {
        "year": "2025",
        "theme": "Chuyển đổi số",
        "head": world.U2.pk,
        "deputies": [world.U1.pk],
        "members": [world.U3.pk],
        "decision_number": "15/QĐ-UBND",
        "decision_date": "03/04/2025",
    }
    data.update(overrides)
    return data


def test_block_year_form_explains_an_impossible_date(world, admin):
    url = reverse("organizations:block_year_create", args=[world.B.pk])
    response = admin.post(url, _block_year_post(world, decision_date="31/02/2024"))
    assert response.status_code == 200
    assert has_form_error(response)
    assert "decision_date" in response.context["form"].errors
    assert not BlockYear.objects.filter(block=world.B, year=2025).exists()


def test_block_year_form_creates_a_year(world, client_as):
    client = client_as(world.users["block_secretary"])
    url = reverse("organizations:block_year_create", args=[world.B.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _block_year_post(world))
    by = BlockYear.objects.get(block=world.B, year=2025)
    assert response.status_code == 302
    assert by.decision_date == date(2025, 4, 3)
    assert {m.unit_id: m.role for m in by.memberships.all()} == {
        world.U2.pk: "head",
        world.U1.pk: "deputy",
        world.U3.pk: "member",
    }


def test_block_year_form_shows_domain_refusals_on_the_form(world, admin):
    url = reverse("organizations:block_year_create", args=[world.B.pk])
    response = admin.post(
        url, _block_year_post(world, year="2024", head=world.U4.pk)
    )  # U4 is in B2 in 2024
    assert response.status_code == 200
    assert has_form_error(response)
    assert response.context["form"].non_field_errors()
    assert BlockYear.objects.filter(block=world.B).count() == 1


def test_block_year_form_warns_about_a_repeated_head(world, admin):
    url = reverse("organizations:block_year_create", args=[world.B.pk])
    response = admin.post(
        url,
        _block_year_post(world, head=world.U1.pk, deputies=[world.U2.pk]),
        follow=True,
    )
    assert response.status_code == 200
    levels = [m.level_tag for m in response.context["messages"]]
    assert "warning" in levels
    assert "success" in levels
