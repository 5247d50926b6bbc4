"""XLSX imports of award facts (issue 5; api.md "Awards" and "Documents and
exports"): ratings, past awards, staff summaries, violation listings — all rows or
none, every problem reported by row and column, one audit event per import."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.awards import imports, selectors
from thidua.awards.models import AwardRecord, Rating, StaffSummary, ViolationListing
from thidua.awards.tests import permission_rows_imports
from thidua.core import xlsx
from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.core.testing import PERSONAS
from thidua.core.xlsx import XLSX_CONTENT_TYPE, SheetRow

pytestmark = pytest.mark.django_db

RATING_HEADERS = ["Cá nhân", "Đơn vị", "Năm", "Xếp loại"]
AWARD_HEADERS = [
    "Cá nhân",
    "Đơn vị",
    "Khen thưởng",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Loại khen thưởng",
]
STAFF_HEADERS = [
    "Đơn vị",
    "Năm",
    "Tổng số",
    "Lao động tiên tiến",
    "Chiến sĩ thi đua cơ sở",
    "Hoàn thành nhiệm vụ",
    "Kỷ luật từ cảnh cáo",
    "Nữ",
]
LISTING_HEADERS = ["Cá nhân", "Đơn vị", "Cơ quan gửi", "Ngày gửi", "Nội dung"]
MODELS = (Rating, AwardRecord, StaffSummary, ViolationListing, AuditEvent)


def workbook(headers, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post_import(client, kind, province, content):
    upload = SimpleUploadedFile("tep.xlsx", content, content_type=XLSX_CONTENT_TYPE)
    return client.post(
        f"/api/v1/imports/{kind}",
        {"province": province.pk, "file": upload},
        format="multipart",
    )


def problems(response):
    body = response.json()
    assert body["code"] == "IMPORT_INVALID", body
    assert all(p["message"] for p in body["details"]["rows"])
    return {(p["row"], p["column"]) for p in body["details"]["rows"]}


def counts():
    return tuple(m.objects.count() for m in MODELS)


@pytest.fixture
def admin(world, api_as):
    return api_as(world.users["province_admin"])


# --- Ratings -------------------------------------------------------------------------


def test_ratings_of_people_and_units_by_name_id_or_label(world, admin):
    p1, p3 = world.people["p1"], world.people["p3"]
    content = workbook(
        RATING_HEADERS,
        [
            # A person by name and unit, both without diacritics; a Vietnamese label.
            [
                "nguyen van an",
                "BAN TUYEN GIAO TINH UY",
                2023,
                "Hoàn thành xuất sắc nhiệm vụ",
            ],
            # A person by id (no unit needed); a slug.
            [p3.pk, None, "2024", "htt"],
            # A unit (no person) by name; an abbreviation.
            [None, "Ủy ban Kiểm tra Tỉnh ủy", 2024, "HTXSNV"],
            # A unit by id.
            [None, world.U1.pk, 2024.0, "Hoàn thành nhiệm vụ"],
        ],
    )

    response = post_import(admin, "ratings", world.P, content)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["created"], body["updated"], len(body["items"])) == (4, 0, 4)
    got = {
        (r.person_id, r.unit_id, r.year, r.level)
        for r in Rating.objects.filter(pk__in=body["items"])
    }
    assert got == {
        (p1.pk, None, 2023, "htxs"),
        (p3.pk, None, 2024, "htt"),
        (None, world.U3.pk, 2024, "htxs"),
        (None, world.U1.pk, 2024, "ht"),
    }
    event = AuditEvent.objects.get(verb="awards.ratings.imported")
    assert event.province_id == world.P.pk and event.after["count"] == 4
    assert AuditEvent.objects.count() == 1  # one event for the whole import


def test_a_rating_already_recorded_is_replaced_and_the_old_one_audited(world, admin):
    p3 = world.people["p3"]
    old = Rating.objects.create(person=p3, year=2024, level="ht")

    response = post_import(
        admin,
        "ratings",
        world.P,
        workbook(RATING_HEADERS, [[p3.pk, None, 2024, "htxs"]]),
    )

    assert response.status_code == 201, response.json()
    assert response.json()["updated"] == 1
    old.refresh_from_db()
    assert old.level == "htxs"
    event = AuditEvent.objects.get(verb="awards.ratings.imported")
    assert event.before == {"replaced": [[old.pk, "ht", "htxs"]]}


def test_bad_rating_rows_are_all_reported_and_nothing_is_written(world, admin):
    content = workbook(
        RATING_HEADERS,
        [
            ["Nguyễn Văn An", "Ban Tuyên giáo Tỉnh ủy", 2024, "htxs"],  # 2: good
            ["Nguyễn Văn An", "Ban Tuyên giáo Tỉnh ủy", 2024, "htt"],  # 3: twice
            ["Không Có Ai", "Ban Tuyên giáo Tỉnh ủy", 2024, "htxs"],  # 4: no person
            [None, "Sở Không Có", 2024, "htxs"],  # 5: no unit
            [None, "Công an tỉnh", 2024, "htxs"],  # 6: other province
            [world.people["q1"].pk, None, 2024, "htxs"],  # 7: person elsewhere
            [None, "Sở Tư pháp", "năm ngoái", "giỏi"],  # 8: year, rating
            [None, "Sở Tư pháp", 1900, None],  # 9: year range, rating empty
            ["Lê Minh Cường", None, 2024, "htxs"],  # 10: name without unit
        ],
    )
    before = counts()

    response = post_import(admin, "ratings", world.P, content)

    assert response.status_code == 422
    assert problems(response) == {
        (3, "Năm"),
        (4, "Cá nhân"),
        (5, "Đơn vị"),
        (6, "Đơn vị"),
        (7, "Cá nhân"),
        (8, "Năm"),
        (8, "Xếp loại"),
        (9, "Năm"),
        (9, "Xếp loại"),
        (10, "Đơn vị"),
    }
    assert counts() == before


def test_a_rating_problem_names_the_accepted_ratings(world, admin):
    response = post_import(
        admin,
        "ratings",
        world.P,
        workbook(RATING_HEADERS, [[None, "Sở Tư pháp", 2024, "?"]]),
    )
    message = response.json()["details"]["rows"][0]["message"]
    assert "Hoàn thành xuất sắc nhiệm vụ" in message


def test_a_unit_officer_rates_the_people_of_their_unit_only(world, api_as):
    officer = api_as(world.users["unit_officer"])
    p1, p3 = world.people["p1"], world.people["p3"]
    content = workbook(
        RATING_HEADERS,
        [
            [p3.pk, None, 2024, "htxs"],
            [p1.pk, None, 2024, "htxs"],  # another unit's person
            [
                None,
                world.U3.pk,
                2024,
                "htxs",
            ],  # the unit itself: the Board's or block's
        ],
    )

    response = post_import(officer, "ratings", world.P, content)

    assert response.status_code == 422
    assert problems(response) == {(3, "Cá nhân"), (4, "Đơn vị")}
    assert not Rating.objects.exists()
    ok = post_import(
        officer,
        "ratings",
        world.P,
        workbook(RATING_HEADERS, [[p3.pk, None, 2024, "htt"]]),
    )
    assert ok.status_code == 201, ok.json()


def test_ratings_import_is_refused_to_roles_that_enter_no_facts(world, api_as):
    content = workbook(RATING_HEADERS, [[None, "Sở Tư pháp", 2024, "htxs"]])
    for persona in ("leader", "viewer"):
        response = post_import(
            api_as(world.users[persona]), "ratings", world.P, content
        )
        assert response.status_code == 403, persona
    assert post_import(api_as(None), "ratings", world.P, content).status_code == 401
    admin = api_as(world.users["province_admin"])
    assert post_import(admin, "ratings", world.Q, content).status_code == 404
    assert not Rating.objects.exists()


# --- Past awards ---------------------------------------------------------------------


def test_past_awards_join_the_history_and_eligibility_reads_them(world, admin):
    p1 = world.people["p1"]
    content = workbook(
        AWARD_HEADERS,
        [
            [
                None,
                "Ban Tuyên giáo Tỉnh ủy",
                "Bằng khen tỉnh",
                2023,
                "2345/QĐ-UBND",
                date(2023, 12, 28),
                None,
            ],
            [
                p1.pk,
                None,
                "chien_si_thi_dua_co_so",
                2022,
                "15/QĐ-BTG",
                "20/12/2022",
                "Thường xuyên",
            ],
            [
                p1.pk,
                None,
                "Chiến sĩ thi đua cơ sở",
                2023,
                "16/QĐ-BTG",
                "2023-12-21",
                None,
            ],
            [
                None,
                world.U3.pk,
                "Cờ thi đua của Ủy ban nhân dân tỉnh",
                2021,
                None,
                None,
                "Đột xuất",
            ],
        ],
    )

    response = post_import(admin, "award-records", world.P, content)

    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 4
    history = [selectors.history_row(r) for r in selectors.awards_of_unit(world.U1)]
    assert [
        (h["award"], h["year"], h["decision_number"], h["decision_date"])
        for h in history
    ] == [("bang_khen_tinh", 2023, "2345/QĐ-UBND", date(2023, 12, 28))]
    facts = selectors.person_facts(p1)
    assert {(a.award, a.year, a.decision_date) for a in facts.awards} == {
        ("chien_si_thi_dua_co_so", 2022, date(2022, 12, 20)),
        ("chien_si_thi_dua_co_so", 2023, date(2023, 12, 21)),
    }
    assert AwardRecord.objects.get(unit=world.U3).kind == "dot_xuat"
    assert AuditEvent.objects.filter(verb="awards.records.imported").count() == 1


def test_a_file_of_past_awards_sent_twice_adds_nothing_twice(world, admin):
    content = workbook(
        AWARD_HEADERS,
        [[None, "Sở Tư pháp", "bang_khen_tinh", 2023, "1/QĐ", None, None]],
    )
    assert post_import(admin, "award-records", world.P, content).status_code == 201

    again = post_import(admin, "award-records", world.P, content)

    assert again.status_code == 422
    assert problems(again) == {(2, "Khen thưởng")}
    assert AwardRecord.objects.count() == 1


def test_bad_award_rows_are_reported(world, admin):
    p1 = world.people["p1"]
    content = workbook(
        AWARD_HEADERS,
        [
            [p1.pk, None, "Cờ thi đua tỉnh", 2023, None, None, None],  # 2: unit award
            [None, "Sở Tư pháp", "Lao động tiên tiến", 2023, None, None, None],  # 3
            [None, "Sở Tư pháp", "Huân chương", 2023, None, None, None],  # 4: unknown
            [None, "Sở Tư pháp", "giay_khen", 2023, "x" * 61, "31/02/2023", "?"],  # 5
        ],
    )

    response = post_import(admin, "award-records", world.P, content)

    assert response.status_code == 422
    assert problems(response) == {
        (2, "Khen thưởng"),
        (3, "Khen thưởng"),
        (4, "Khen thưởng"),
        (5, "Số quyết định"),
        (5, "Ngày quyết định"),
        (5, "Loại khen thưởng"),
    }
    assert not AwardRecord.objects.exists()


# --- Staff summaries -----------------------------------------------------------------


def test_staff_summaries_import_and_replace(world, admin):
    StaffSummary.objects.create(
        unit=world.U1,
        year=2024,
        members=10,
        lao_dong_tien_tien=5,
        chien_si_thi_dua_co_so=1,
        completed_tasks=10,
        disciplined_canh_cao_or_above=0,
    )
    content = workbook(
        STAFF_HEADERS,
        [
            ["Ban Tuyên giáo Tỉnh ủy", 2024, 25, 22, 3, 25, 0, 12],
            ["Sở Tư pháp", 2024, 40, 30, 4, 39, 1, None],
        ],
    )

    response = post_import(admin, "staff-summaries", world.P, content)

    assert response.status_code == 201, response.json()
    assert (response.json()["created"], response.json()["updated"]) == (1, 1)
    u1 = StaffSummary.objects.get(unit=world.U1, year=2024)
    assert (u1.members, u1.lao_dong_tien_tien, u1.women) == (25, 22, 12)
    assert StaffSummary.objects.get(unit=world.U4).women is None
    facts = selectors.unit_facts(world.U1)
    assert [(s.year, s.members) for s in facts.staff] == [(2024, 25)]


def test_staff_counts_above_the_members_are_reported(world, admin):
    content = workbook(
        STAFF_HEADERS,
        [
            ["Sở Tư pháp", 2024, 10, 11, 0, 10, 0, 12],  # LĐTT, women > members
            ["Sở Tư pháp", 2023, -1, 0, 0, 0, 0, None],  # negative
            ["Sở Tư pháp", 2022, 10, 1.5, 0, None, 0, None],  # not whole; empty
        ],
    )

    response = post_import(admin, "staff-summaries", world.P, content)

    assert response.status_code == 422
    assert problems(response) == {
        (2, "Lao động tiên tiến"),
        (2, "Nữ"),
        (3, "Tổng số"),
        (4, "Lao động tiên tiến"),
        (4, "Hoàn thành nhiệm vụ"),
    }
    assert not StaffSummary.objects.exists()


# --- Violation listings --------------------------------------------------------------


def test_violation_listings_block_proposals_until_cleared(world, admin):
    p4 = world.people["p4"]
    content = workbook(
        LISTING_HEADERS,
        [
            [None, "Sở Tư pháp", "Cơ quan Thuế", date(2024, 12, 5), "Chậm nộp thuế"],
            ["Lê Minh Cường", "so tu phap", "Công an tỉnh", "06/12/2024", None],
            [None, "Thanh tra tỉnh", "bhxh", "2024-12-07", "Nợ bảo hiểm xã hội"],
        ],
    )

    response = post_import(admin, "violation-listings", world.P, content)

    assert response.status_code == 201, response.json()
    assert set(ViolationListing.objects.values_list("source", flat=True)) == {
        "tax",
        "police",
        "social_insurance",
    }
    facts = selectors.person_facts(p4)
    assert [(x.source, x.listed_on, x.cleared) for x in facts.listings] == [
        ("police", date(2024, 12, 6), False)
    ]
    again = post_import(admin, "violation-listings", world.P, content)
    assert again.status_code == 422
    assert problems(again) == {
        (2, "Cơ quan gửi"),
        (3, "Cơ quan gửi"),
        (4, "Cơ quan gửi"),
    }


def test_only_the_board_imports_violation_listings(world, api_as):
    content = workbook(
        LISTING_HEADERS, [[None, "Sở Tư pháp", "Cơ quan Thuế", "05/12/2024", None]]
    )
    for persona in ("block_secretary", "unit_officer", "leader", "viewer"):
        response = post_import(
            api_as(world.users[persona]), "violation-listings", world.P, content
        )
        assert response.status_code == 403, persona
    assert not ViolationListing.objects.exists()


# --- Files and templates -------------------------------------------------------------


def test_a_file_that_is_not_a_workbook_or_lacks_a_column_is_refused(world, admin):
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    response = post_import(admin, "ratings", world.P, pdf)
    assert (response.status_code, response.json()["code"]) == (
        422,
        "FILE_TYPE_NOT_ALLOWED",
    )
    response = post_import(
        admin, "ratings", world.P, workbook(["Đơn vị", "Năm"], [["Sở Tư pháp", 2024]])
    )
    assert problems(response) == {(1, "Xếp loại")}


@pytest.mark.parametrize("kind", sorted(imports.IMPORTERS))
def test_templates_carry_the_headers_and_an_example_row_that_imports(
    world, api_as, kind
):
    su = api_as(world.users["superuser"])
    response = su.get(f"/api/v1/imports/{kind}/template")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    columns = imports.IMPORTERS[kind][1]
    assert [c.value for c in sheet[1]] == [c.header for c in columns]
    assert sheet.max_row == 2
    imported = post_import(su, kind, world.P, response.content)
    assert imported.status_code == 201, imported.json()


def test_templates_are_for_who_may_import(world, api_as):
    assert api_as(None).get("/api/v1/imports/ratings/template").status_code == 401
    viewer = api_as(world.users["viewer"])
    assert viewer.get("/api/v1/imports/ratings/template").status_code == 403
    officer = api_as(world.users["unit_officer"])
    assert officer.get("/api/v1/imports/ratings/template").status_code == 200
    assert officer.get("/api/v1/imports/violation-listings/template").status_code == 403


def test_the_service_refuses_an_actor_without_a_grant(world):
    with pytest.raises(DomainError) as refused:
        imports.import_ratings(
            actor=world.users["viewer"],
            province=world.P,
            rows=[SheetRow(2, {"unit": "Sở Tư pháp", "year": 2024, "rating": "ht"})],
        )
    assert refused.value.code == "PERMISSION_DENIED"


# --- Fuzzing: never a crash, never a partial write -----------------------------------

DOCUMENTED = {
    "FILE_TYPE_NOT_ALLOWED",
    "FILE_TOO_LARGE",
    "IMPORT_INVALID",
    "PERMISSION_DENIED",
}
FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
cells = st.one_of(
    st.none(),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1)),  # noqa: DTZ001 (Excel cells are naive)
    st.sampled_from(
        [
            "=1+1",
            "Nguyễn Văn An",
            "Ban Tuyên giáo Tỉnh ủy",
            "Sở Tư pháp",
            "Hoàn thành xuất sắc nhiệm vụ",
            "htt",
            "Bằng khen tỉnh",
            "chien_si_thi_dua_co_so",
            "Cơ quan Thuế",
            "2024",
            2024,
            "31/02/2024",
            "05/12/2024",
            "9" * 25,
        ]
    ),
)
HEADERS = {
    "ratings": RATING_HEADERS,
    "award-records": AWARD_HEADERS,
    "staff-summaries": STAFF_HEADERS,
    "violation-listings": LISTING_HEADERS,
}


def _fuzz_one(world, kind, rows, persona="province_admin"):
    """The API's path in-process: read the file, import its rows; a refusal is a
    documented code and leaves the database as it was."""
    function, columns = imports.IMPORTERS[kind]
    upload = io.BytesIO(workbook(HEADERS[kind], rows))
    upload.name, upload.size = "fuzz.xlsx", len(upload.getvalue())
    before = counts()
    try:
        read = xlsx.read_rows(upload, columns)
        result = function(actor=world.users[persona], province=world.P, rows=read)
    except DomainError as error:
        assert error.code in DOCUMENTED, error.code
        assert counts() == before
    else:
        assert len(result.items) == len(read)
        assert counts()[-1] == before[-1] + 1  # one audit event


@pytest.mark.parametrize("kind", sorted(imports.IMPORTERS))
def test_random_rows_import_entirely_or_are_reported(world, kind):
    @given(rows=st.lists(st.lists(cells, min_size=0, max_size=8), max_size=6))
    @FUZZ
    def check(rows):
        _fuzz_one(world, kind, rows)
        _fuzz_one(world, kind, rows, persona="unit_officer")

    check()


@given(data=st.binary(max_size=2048))
@FUZZ
def test_random_bytes_are_refused_cleanly(world, data):
    upload = io.BytesIO(data)
    upload.name, upload.size = "fuzz.xlsx", len(data)
    for function, columns in imports.IMPORTERS.values():
        with pytest.raises(DomainError) as refused:
            function(
                actor=world.users["province_admin"],
                province=world.P,
                rows=xlsx.read_rows(upload, columns),
            )
        assert refused.value.code in DOCUMENTED


@given(rows=st.lists(st.lists(cells, min_size=0, max_size=8), max_size=4))
@FUZZ
def test_random_uploads_never_answer_a_server_error(world, api_as, rows):
    client = api_as(world.users["block_secretary"])
    for kind, headers in HEADERS.items():
        response = post_import(client, kind, world.P, workbook(headers, rows))
        assert response.status_code in (201, 403, 413, 422), response.content[:300]


# --- The permission rows (merged into permission_rows.py) ----------------------------

ROWS = permission_rows_imports.TABLE


@pytest.mark.parametrize(("name", "persona"), [(n, p) for n in ROWS for p in PERSONAS])
def test_permission_rows_of_the_imports(world, api_as, name, persona):
    _kwargs, method, body, expected, _ = ROWS[name]
    client = api_as(world.users[persona])
    url = reverse(name)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, body(world), format="multipart")
    assert response.status_code == expected[persona], response.content[:300]
