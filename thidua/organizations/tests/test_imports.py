"""Importing units and people from XLSX files, and exporting the unit list
(api.md "Documents and exports"): all rows or none, problems reported per row."""

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.core.xlsx import XLSX_CONTENT_TYPE, SheetRow
from thidua.organizations import services
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests import factories as f

UNIT_HEADERS = ["Tên đơn vị", "Tên viết tắt", "Đơn vị cấp trên", "Hiệu lực từ"]
PERSON_HEADERS = ["Họ và tên", "Giới tính", "Đơn vị", "Chức vụ", "Lãnh đạo", "Email"]


def workbook(headers, rows, *, title_line=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if title_line:
        sheet.append([title_line])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def post_import(client, kind, province, content, name="danh-sach.xlsx"):
    return client.post(
        f"/api/v1/imports/{kind}",
        {"province": province.pk, "file": upload(content, name)},
        format="multipart",
    )


def problems(response):
    body = response.json()
    assert body["code"] == "IMPORT_INVALID", body
    return {(p["row"], p["column"]) for p in body["details"]["rows"]}


@pytest.fixture
def admin(world, api_as):
    return api_as(world.users["province_admin"])


# --- Units ---------------------------------------------------------------------------


def test_a_good_units_file_imports_every_row(world, admin):
    content = workbook(
        UNIT_HEADERS,
        [
            ["Sở Nội vụ", "SNV", None, "01/01/2020"],
            # The parent may be a later row of the file…
            ["Phòng Thi đua - Khen thưởng", None, "ban thi dua khen thuong", None],
            ["Ban Thi đua - Khen thưởng", "BTĐKT", "SỞ NỘI VỤ", date(2021, 4, 3)],
            # …or a unit of the province, named without diacritics.
            ["Trung tâm Lưu trữ", None, "ban tuyen giao tinh uy", "2022-05-06"],
        ],
    )
    before = Unit.objects.count()

    response = post_import(admin, "units", world.P, content)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] == 4
    assert Unit.objects.count() == before + 4
    units = {u.name: u for u in Unit.objects.filter(pk__in=body["items"])}
    assert [Unit.objects.get(pk=pk).name for pk in body["items"]] == [
        "Sở Nội vụ",
        "Phòng Thi đua - Khen thưởng",
        "Ban Thi đua - Khen thưởng",
        "Trung tâm Lưu trữ",
    ]
    assert units["Sở Nội vụ"].valid_from == date(2020, 1, 1)
    assert units["Sở Nội vụ"].short_name == "SNV"
    assert units["Ban Thi đua - Khen thưởng"].parent == units["Sở Nội vụ"]
    assert units["Ban Thi đua - Khen thưởng"].valid_from == date(2021, 4, 3)
    assert (
        units["Phòng Thi đua - Khen thưởng"].parent
        == units["Ban Thi đua - Khen thưởng"]
    )
    assert units["Trung tâm Lưu trữ"].parent == world.U1
    assert units["Trung tâm Lưu trữ"].valid_from == date(2022, 5, 6)
    assert all(u.province == world.P for u in units.values())
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))
    assert verbs.count("organizations.unit.created") == 4
    summary = AuditEvent.objects.get(verb="organizations.units.imported")
    assert summary.province_id == world.P.pk
    assert summary.after["count"] == 4


def test_headers_are_found_below_a_title_and_ignoring_case_and_diacritics(world, admin):
    content = workbook(
        ["STT", "TEN DON VI", "ten viet tat", "Ghi chú"],
        [[1, "Sở Y tế", "SYT", "không nhập"], [2, "Sở Xây dựng", None, None]],
        title_line="DANH SÁCH ĐƠN VỊ",
    )

    response = post_import(admin, "units", world.P, content)

    assert response.status_code == 201, response.json()
    assert set(
        Unit.objects.filter(pk__in=response.json()["items"]).values_list(
            "name", "short_name"
        )
    ) == {("Sở Y tế", "SYT"), ("Sở Xây dựng", "")}


def test_one_bad_row_among_good_ones_imports_nothing(world, admin):
    content = workbook(
        UNIT_HEADERS,
        [
            ["Sở Nội vụ", None, None, None],  # row 2: good
            [None, "X", None, None],  # row 3: no name
            ["Sở Tài chính", None, "Sở Không Có", None],  # row 4: unknown parent
            ["Sở Công Thương", None, None, "31/02/2024"],  # row 5: no such date
            ["SỞ NỘI VỤ", None, None, None],  # row 6: twice in the file
            ["Sở Tư pháp", None, None, None],  # row 7: already in the province
            ["Sở Giáo dục", None, None, "2024/13/01"],  # row 8: not a date
        ],
    )
    before_units, before_events = Unit.objects.count(), AuditEvent.objects.count()

    response = post_import(admin, "units", world.P, content)

    assert response.status_code == 422
    assert problems(response) == {
        (3, "Tên đơn vị"),
        (4, "Đơn vị cấp trên"),
        (5, "Hiệu lực từ"),
        (6, "Tên đơn vị"),
        (7, "Tên đơn vị"),
        (8, "Hiệu lực từ"),
    }
    assert all(p["message"] for p in response.json()["details"]["rows"])
    assert Unit.objects.count() == before_units
    assert AuditEvent.objects.count() == before_events


def test_parent_rows_forming_a_cycle_are_reported(world, admin):
    content = workbook(
        UNIT_HEADERS,
        [["Sở A", None, "Sở B", None], ["Sở B", None, "Sở A", None]],
    )

    response = post_import(admin, "units", world.P, content)

    assert response.status_code == 422
    assert problems(response) == {(2, "Đơn vị cấp trên"), (3, "Đơn vị cấp trên")}


def test_a_file_without_the_name_column_is_refused(world, admin):
    content = workbook(["Tên viết tắt"], [["SNV"]])

    response = post_import(admin, "units", world.P, content)

    assert response.status_code == 422
    assert problems(response) == {(1, "Tên đơn vị")}


def test_importing_units_needs_the_province_administrator(world, api_as):
    content = workbook(UNIT_HEADERS, [["Sở Nội vụ", None, None, None]])
    for persona in ("block_secretary", "unit_officer", "viewer"):
        client = api_as(world.users[persona])
        assert post_import(client, "units", world.P, content).status_code == 403
    client = api_as(world.users["province_admin"])
    assert post_import(client, "units", world.Q, content).status_code == 404
    assert not Unit.objects.filter(name="Sở Nội vụ").exists()


# --- Uploads -------------------------------------------------------------------------


def test_content_that_is_not_xlsx_is_refused_whatever_its_name(world, admin):
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    broken = workbook(UNIT_HEADERS, [["Sở Nội vụ"]])[:-200]

    for content in (pdf, docx.getvalue(), broken, b"Ten don vi\nSo Noi vu\n"):
        response = post_import(admin, "units", world.P, content, name="don-vi.xlsx")
        assert response.status_code == 422
        assert response.json()["code"] == "FILE_TYPE_NOT_ALLOWED"


def test_a_file_over_the_size_limit_is_refused_with_413(world, admin, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    content = workbook(UNIT_HEADERS, [["Sở Nội vụ", None, None, None]])
    assert len(content) > 1024

    response = post_import(admin, "units", world.P, content)

    assert response.status_code == 413
    assert response.json()["code"] == "FILE_TOO_LARGE"
    assert not Unit.objects.filter(name="Sở Nội vụ").exists()


def test_an_upload_without_a_file_is_malformed(world, admin):
    response = admin.post(
        "/api/v1/imports/units", {"province": world.P.pk}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"


# --- People --------------------------------------------------------------------------


def test_a_good_people_file_imports_every_row(world, admin):
    content = workbook(
        PERSON_HEADERS,
        [
            [
                "Hà Thị Mai",
                "Nữ",
                "uy ban kiem tra tinh uy",
                "Chánh Văn phòng",
                "Có",
                "",
            ],
            ["Đỗ Văn Nam", "nam", world.U1.pk, None, "Không", "Nam.Do@Example.vn"],
            ["Vũ Thu Hà", "female", str(world.U4.pk), "Chuyên viên", None, None],
        ],
    )

    response = post_import(admin, "people", world.P, content)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["created"] == 3
    mai, nam, ha = (Person.objects.get(pk=pk) for pk in body["items"])
    assert (mai.unit, mai.gender, mai.position, mai.is_leader) == (
        world.U3,
        "female",
        "Chánh Văn phòng",
        True,
    )
    assert (nam.unit, nam.gender, nam.is_leader, nam.email) == (
        world.U1,
        "male",
        False,
        "nam.do@example.vn",
    )
    assert (ha.unit, ha.gender) == (world.U4, "female")
    verbs = list(AuditEvent.objects.values_list("verb", flat=True))
    assert verbs.count("organizations.person.created") == 3
    assert verbs.count("organizations.people.imported") == 1


def test_bad_people_rows_are_all_reported_and_nothing_is_written(world, admin):
    content = workbook(
        PERSON_HEADERS,
        [
            ["Hà Thị Mai", "Nữ", "Ủy ban Kiểm tra Tỉnh ủy", None, None, None],  # good
            ["Lê Văn Ba", "X", "Sở Tư pháp", None, None, None],  # gender
            ["Lê Văn Bốn", "Nam", "Sở Không Có", None, None, None],  # unit
            ["Lê Văn Năm", "Nam", "Công an tỉnh", None, None, None],  # other province
            ["Lê Văn Sáu", "Nam", "Sở Tư pháp", None, "Có lẽ", "sau@"],  # leader, email
            ["HÀ THỊ MAI", "Nữ", "uy ban kiem tra tinh uy", None, None, None],  # twice
            [None, None, None, "Chuyên viên", None, None],  # name, gender, unit
        ],
    )
    before = Person.objects.count()

    response = post_import(admin, "people", world.P, content)

    assert response.status_code == 422
    assert problems(response) == {
        (3, "Giới tính"),
        (4, "Đơn vị"),
        (5, "Đơn vị"),
        (6, "Lãnh đạo"),
        (6, "Email"),
        (7, "Họ và tên"),
        (8, "Họ và tên"),
        (8, "Giới tính"),
        (8, "Đơn vị"),
    }
    assert Person.objects.count() == before


def test_unit_officer_imports_people_only_into_their_own_unit(world, api_as):
    officer = api_as(world.users["unit_officer"])
    mixed = workbook(
        PERSON_HEADERS,
        [
            ["Hà Thị Mai", "Nữ", world.U3.name, None, None, None],
            ["Đỗ Văn Nam", "Nam", world.U1.name, None, None, None],
        ],
    )

    response = post_import(officer, "people", world.P, mixed)

    assert response.status_code == 422
    assert problems(response) == {(3, "Đơn vị")}
    assert not Person.objects.filter(full_name="Hà Thị Mai").exists()

    own = workbook(PERSON_HEADERS, [["Hà Thị Mai", "Nữ", world.U3.name, "", "", ""]])
    response = post_import(officer, "people", world.P, own)
    assert response.status_code == 201, response.json()
    assert Person.objects.get(full_name="Hà Thị Mai").unit == world.U3


def test_people_import_is_refused_to_roles_that_add_no_one(world, api_as):
    content = workbook(PERSON_HEADERS, [["Hà Thị Mai", "Nữ", world.U3.name]])
    for persona in ("leader", "viewer", "block_secretary", "outsider"):
        response = post_import(api_as(world.users[persona]), "people", world.P, content)
        assert response.status_code == 403, persona
    assert post_import(api_as(None), "people", world.P, content).status_code == 401


def test_the_service_refuses_an_actor_without_the_grant(world):
    with pytest.raises(DomainError) as refused:
        services.import_units(
            actor=world.users["viewer"],
            province=world.P,
            rows=[SheetRow(number=2, values={"name": "Sở Nội vụ"})],
        )
    assert refused.value.code == "PERMISSION_DENIED"


# --- Export --------------------------------------------------------------------------


def test_export_round_trips_into_another_province(world, admin, api_as):
    world.U1.valid_from = date(2015, 1, 1)
    world.U1.short_name = "BTG"
    world.U1.save()
    world.U3.parent = world.U1  # parent listed before the child
    world.U3.save()
    world.U2.parent = world.U5  # parent listed after the child
    world.U2.save()

    response = admin.get("/api/v1/units.xlsx", {"province": world.P.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert "don-vi-hoa-binh.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:4] == UNIT_HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    by_name = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    date_cell = by_name[world.U1.name][3]
    assert date_cell.is_date
    assert isinstance(date_cell.value, datetime)
    assert date_cell.value.date() == date(2015, 1, 1)
    assert date_cell.number_format == "DD/MM/YYYY"
    id_cell = by_name[world.U1.name][5]
    assert id_cell.value == world.U1.pk and isinstance(id_cell.value, int)

    superuser = api_as(world.users["superuser"])
    response = post_import(superuser, "units", world.Q, response.content)

    assert response.status_code == 201, response.json()
    copied = Unit.objects.filter(pk__in=response.json()["items"])
    originals = Unit.objects.filter(province=world.P)
    assert sorted(u.name for u in copied) == sorted(u.name for u in originals)
    parents = {u.name: (u.parent.name if u.parent else None) for u in copied}
    assert parents[world.U3.name] == world.U1.name
    assert parents[world.U2.name] == world.U5.name
    assert all(u.province_id == world.Q.pk for u in copied)
    assert copied.get(name=world.U1.name).valid_from == date(2015, 1, 1)
    assert copied.get(name=world.U1.name).short_name == "BTG"


def test_export_needs_a_province_it_can_see(world, admin, api_as):
    assert admin.get("/api/v1/units.xlsx").status_code == 400
    assert admin.get("/api/v1/units.xlsx", {"province": world.Q.pk}).status_code == 404
    assert api_as(None).get("/api/v1/units.xlsx").status_code == 401
    response = admin.get(
        "/api/v1/units.xlsx",
        {"province": world.P.pk},
        HTTP_ACCEPT=XLSX_CONTENT_TYPE,
    )
    assert response.status_code == 200


def _export_queries(client, url) -> int:
    client.get(url)  # the first request loads the user's grants once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_export_query_count_does_not_grow_with_rows(world, api_as, client_as):
    api = api_as(world.users["viewer"])
    page = client_as(world.users["viewer"])
    api_url = f"/api/v1/units.xlsx?province={world.P.pk}"
    page_url = reverse("organizations:unit_export") + f"?province={world.P.pk}"
    few = (_export_queries(api, api_url), _export_queries(page, page_url))
    for n in range(20):
        f.UnitFactory(province=world.P, parent=world.U1, name=f"Phòng số {n}")

    many = (_export_queries(api, api_url), _export_queries(page, page_url))

    assert many == few


# --- Pages ---------------------------------------------------------------------------


def test_import_page_shows_the_problems_as_a_table(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("organizations:unit_import", args=[world.P.pk])
    content = workbook(
        UNIT_HEADERS, [["Sở Nội vụ", None, None, None], [None, "X", None, None]]
    )

    response = client.post(url, {"file": upload(content)})

    assert response.status_code == 200
    assert [(p["row"], p["column"]) for p in response.context["problems"]] == [
        (3, "Tên đơn vị")
    ]
    html = response.content.decode()
    assert 'id="import-problems"' in html
    assert '<td class="num">3</td><td>Tên đơn vị</td>' in html
    assert not Unit.objects.filter(name="Sở Nội vụ").exists()


def test_import_page_imports_and_returns_to_the_province(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("organizations:unit_import", args=[world.P.pk])
    content = workbook(UNIT_HEADERS, [["Sở Nội vụ", None, None, "03/04/2025"]])

    response = client.post(url, {"file": upload(content)}, follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "organizations:province_detail", args=[world.P.pk]
    )
    assert len(list(response.context["messages"])) == 1
    assert Unit.objects.get(name="Sở Nội vụ").valid_from == date(2025, 4, 3)


def test_import_page_shows_a_file_type_problem_on_the_field(world, client_as):
    client = client_as(world.users["province_admin"])
    url = reverse("organizations:unit_import", args=[world.P.pk])

    response = client.post(url, {"file": upload(b"%PDF-1.4 not a sheet")})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_blank_templates_carry_the_headers(world, client_as):
    client = client_as(world.users["province_admin"])
    for name, headers in (
        ("organizations:unit_import_template", UNIT_HEADERS),
        ("organizations:person_import_template", PERSON_HEADERS),
    ):
        response = client.get(reverse(name, args=[world.P.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == XLSX_CONTENT_TYPE
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]] == headers
        assert sheet.max_row == 1


def test_province_page_links_to_the_imports_for_who_may_use_them(world, client_as):
    url = reverse("organizations:province_detail", args=[world.P.pk])
    units_link = reverse("organizations:unit_import", args=[world.P.pk])
    people_link = reverse("organizations:person_import", args=[world.P.pk])

    admin_page = client_as(world.users["province_admin"]).get(url).content.decode()
    officer_page = client_as(world.users["unit_officer"]).get(url).content.decode()
    viewer_page = client_as(world.users["viewer"]).get(url).content.decode()

    assert units_link in admin_page and people_link in admin_page
    assert units_link not in officer_page and people_link in officer_page
    assert units_link not in viewer_page and people_link not in viewer_page


def test_unit_list_offers_the_excel_export(world, client_as):
    client = client_as(world.users["viewer"])
    page = client.get(reverse("organizations:unit_list")).content.decode()
    assert reverse("organizations:unit_export") in page

    response = client.get(
        reverse("organizations:unit_export"), {"province": world.P.pk, "q": "ban tinh"}
    )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == [
        "Ban Dân vận Tỉnh ủy",
        "Ban Tuyên giáo Tỉnh ủy",
        "Ủy ban Kiểm tra Tỉnh ủy",
    ]


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("organizations:unit_import", {"superuser", "province_admin"}),
        ("organizations:unit_import_template", {"superuser", "province_admin"}),
        (
            "organizations:person_import",
            {"superuser", "province_admin", "unit_officer"},
        ),
        (
            "organizations:person_import_template",
            {"superuser", "province_admin", "unit_officer"},
        ),
    ],
)
def test_import_pages_by_persona(world, client_as, name, allowed):
    url = reverse(name, args=[world.P.pk])
    for persona, user in world.users.items():
        status = client_as(user).get(url).status_code
        expected = 302 if user is None else 200 if persona in allowed else 403
        assert status == expected, persona


def test_export_keeps_formula_like_names_as_text(world, admin):
    f.UnitFactory(province=world.P, name='=HYPERLINK("http://x.invalid","Sở")')

    response = admin.get("/api/v1/units.xlsx", {"province": world.P.pk})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    formula_like = [c for c in cells if str(c.value).startswith("=")]
    assert len(formula_like) == 1
    assert formula_like[0].data_type == "s"
