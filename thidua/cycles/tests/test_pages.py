"""The covenant and required-documents pages, through the test client as personas
(domain.md §6.4–6.5, §9 rule 26)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import services
from thidua.cycles.models import Covenant, Requirement, Signature, Submission, Waiver
from thidua.organizations.tests import factories as f
from thidua.scoring.models import Publication

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CRITERIA = (
    "1.1 | I. Nhiệm vụ chính trị | Hoàn thành chỉ tiêu | 30\n"
    "1.2 | I. Nhiệm vụ chính trị | Nhiệm vụ trọng tâm | 25,5\n"
    "\n"
    "2.1 | II. Công tác thi đua | Báo cáo đúng hạn | 10\n"
)
COVENANT_POST = {
    "contents": "Hoàn thành xuất sắc nhiệm vụ chính trị\n\nGửi báo cáo đúng hạn\n",
    "criteria": CRITERIA,
    "bonus_max": "5",
    "late_deduction": "2,5",
    "review_margin": "3",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def as_persona(world, client_as):
    return lambda persona: client_as(world.users[persona])


def html(response) -> str:
    return response.content.decode()


def vi(text: str) -> str:
    """A message as the (Vietnamese) page shows it, HTML-escaped."""
    return escape(text)


def write_covenant(world, block_year=None, **overrides):
    values = {
        "contents": ["Hoàn thành xuất sắc nhiệm vụ chính trị", "Gửi báo cáo đúng hạn"],
        "criteria": [
            services.CriterionSpec("1.1", "Hoàn thành chỉ tiêu", Decimal(60), "I. A"),
            services.CriterionSpec("2.1", "Báo cáo đúng hạn", Decimal(40), "II. B"),
        ],
        "bonus_max": Decimal(5),
        "late_deduction": Decimal(2),
        **overrides,
    }
    return services.put_covenant(
        actor=world.users["block_secretary"],
        block_year=block_year or world.BY,
        **values,
    )


def add_requirement(world, title="Kế hoạch thi đua", due=date(2024, 3, 15), **kw):
    return services.add_requirement(
        actor=world.users["block_secretary"],
        block_year=kw.get("block_year", world.BY),
        title=title,
        kind=kw.get("kind", "plan"),
        due_date=due,
    )


def upload(world, requirement, unit, content=PDF, name="van-ban.pdf"):
    return services.submit_document(
        actor=world.users["superuser"],
        requirement=requirement,
        unit=unit,
        upload=SimpleUploadedFile(name, content),
    )


def url(name, *args):
    return reverse(f"cycles:{name}", args=args)


# --- Covenant page ----------------------------------------------------------------


def test_covenant_page_shows_contents_scoring_table_and_numbers(world, as_persona):
    write_covenant(
        world,
        criteria=[
            services.CriterionSpec("1.1", "Chỉ tiêu", Decimal(30), "I. Nhiệm vụ"),
            services.CriterionSpec("1.2", "Trọng tâm", Decimal("25.5"), "I. Nhiệm vụ"),
            services.CriterionSpec("2.1", "Báo cáo", Decimal(10), "II. Thi đua"),
        ],
        late_deduction=Decimal("2.5"),
    )
    response = as_persona("viewer").get(url("covenant_detail", world.BY.pk))
    assert response.status_code == 200
    page = html(response)
    assert page.index("Hoàn thành xuất sắc") < page.index("Gửi báo cáo đúng hạn")
    assert page.count('<tr class="criterion"') == 3
    # Group subtotals and the total (Vietnamese decimal comma).
    assert page.index("I. Nhiệm vụ") < page.index("II. Thi đua")
    assert "55,5" in page
    assert 'id="covenant-total">65,5<' in page
    assert 'id="covenant-late">2,5<' in page
    assert 'id="covenant-bonus">5<' in page
    # The viewer may neither edit nor sign.
    assert "covenant-edit-link" not in page
    assert "sign-form" not in page


def test_covenant_page_without_a_covenant_invites_the_secretary(world, as_persona):
    page = html(as_persona("block_secretary").get(url("covenant_detail", world.BY.pk)))
    assert 'id="no-covenant"' in page
    assert url("covenant_edit", world.BY.pk) in page
    officer_page = html(
        as_persona("unit_officer").get(url("covenant_detail", world.BY.pk))
    )
    assert url("covenant_edit", world.BY.pk) not in officer_page


def test_covenant_of_another_province_is_not_found(world, client_as):
    stranger = f.UserFactory(username="dak-lak")
    f.grant(stranger, "block_secretary", world.Q)
    client = client_as(stranger)
    assert client.get(url("covenant_detail", world.BY.pk)).status_code == 404
    assert client.get(url("covenant_edit", world.BY.pk)).status_code == 404
    assert client.get(url("document_dashboard", world.BY.pk)).status_code == 404


# --- Editing the covenant ------------------------------------------------------------


def test_secretary_writes_the_covenant_one_line_at_a_time(world, as_persona):
    client = as_persona("block_secretary")
    form = client.get(url("covenant_edit", world.BY.pk))
    assert form.status_code == 200
    assert 'id="criteria-example"' in html(form)
    response = client.post(url("covenant_edit", world.BY.pk), COVENANT_POST)
    assert response.status_code == 302
    assert response["Location"] == url("covenant_detail", world.BY.pk)
    covenant = Covenant.objects.get(block_year=world.BY)
    assert list(covenant.contents.values_list("position", "text")) == [
        (1, "Hoàn thành xuất sắc nhiệm vụ chính trị"),
        (2, "Gửi báo cáo đúng hạn"),
    ]
    assert list(
        covenant.criteria.values_list("code", "group", "title", "max_points")
    ) == [
        ("1.1", "I. Nhiệm vụ chính trị", "Hoàn thành chỉ tiêu", Decimal(30)),
        ("1.2", "I. Nhiệm vụ chính trị", "Nhiệm vụ trọng tâm", Decimal("25.5")),
        ("2.1", "II. Công tác thi đua", "Báo cáo đúng hạn", Decimal(10)),
    ]
    assert (covenant.bonus_max, covenant.late_deduction, covenant.review_margin) == (
        Decimal(5),
        Decimal("2.5"),
        Decimal(3),
    )
    assert AuditEvent.objects.filter(verb="cycles.covenant.updated").count() == 1
    # Opened again, the form shows the same lines to edit.
    again = html(client.get(url("covenant_edit", world.BY.pk)))
    assert "1.2 | I. Nhiệm vụ chính trị | Nhiệm vụ trọng tâm | 25,5" in again


def test_a_wrong_line_is_explained_in_plain_words_and_nothing_is_saved(
    world, as_persona
):
    bad = (
        "1.1 | I. Nhiệm vụ | Chỉ tiêu | ba mươi\n"
        "1.2 Nhiệm vụ trọng tâm 20\n"
        "1.3 | I. Nhiệm vụ | Khác | 0\n"
        "1.1 | I. Nhiệm vụ | Trùng mã | 5\n"
        " | I. Nhiệm vụ | Không mã | 5\n"
    )
    response = as_persona("block_secretary").post(
        url("covenant_edit", world.BY.pk),
        {**COVENANT_POST, "criteria": bad, "late_deduction": "-1"},
    )
    assert response.status_code == 200
    page = html(response)
    with translation.override("vi"):
        expected = [
            gettext("Line %(line)s: the maximum points “%(value)s” is not a number.")
            % {"line": 1, "value": "ba mươi"},
            gettext(
                "Line %(line)s: write four parts separated by a vertical bar "
                "(code | group | criterion | maximum points)."
            )
            % {"line": 2},
            gettext("Line %(line)s: the maximum points must be more than 0.")
            % {"line": 3},
            gettext("Line %(line)s: the code is missing.") % {"line": 5},
            gettext("The number cannot be below 0."),
        ]
    for message in expected:
        assert vi(message) in page
    assert not Covenant.objects.filter(block_year=world.BY).exists()


def test_two_lines_with_one_code_are_refused(world, as_persona):
    response = as_persona("block_secretary").post(
        url("covenant_edit", world.BY.pk),
        {**COVENANT_POST, "criteria": "1.1 | A | X | 5\n1.1 | A | Y | 5\n"},
    )
    with translation.override("vi"):
        message = gettext(
            "Lines %(first)s and %(line)s have the same code "
            "“%(code)s”: each criterion needs its own code."
        ) % {"first": 1, "line": 2, "code": "1.1"}
    assert vi(message) in html(response)


def test_people_of_a_member_unit_cannot_edit_the_covenant(world, as_persona):
    for persona in ("unit_officer", "leader", "viewer", "outsider"):
        client = as_persona(persona)
        assert client.get(url("covenant_edit", world.BY.pk)).status_code == 403
        assert (
            client.post(url("covenant_edit", world.BY.pk), COVENANT_POST).status_code
            == 403
        )
    assert not Covenant.objects.exists()


def test_secretary_copies_last_years_covenant(world, as_persona):
    last_year = f.BlockYearFactory(block=world.B, year=2023)
    f.add_members(last_year, world.U1, [world.U2], [world.U3])
    write_covenant(world, block_year=last_year, bonus_max=Decimal(7))
    client = as_persona("block_secretary")
    page = html(client.get(url("covenant_edit", world.BY.pk)))
    assert 'id="covenant-copy-form"' in page
    assert url("covenant_copy", world.BY.pk) in page

    response = client.post(url("covenant_copy", world.BY.pk))
    assert response.status_code == 302
    assert response["Location"] == url("covenant_edit", world.BY.pk)
    copied = Covenant.objects.get(block_year=world.BY)
    assert copied.bonus_max == Decimal(7)
    assert list(copied.criteria.values_list("code", flat=True)) == ["1.1", "2.1"]
    assert copied.contents.count() == 2
    # The form now holds last year's lines, ready to change.
    assert "2.1 | II. B | Báo cáo đúng hạn | 40" in html(
        client.get(url("covenant_edit", world.BY.pk))
    )


def test_no_copy_button_without_an_earlier_covenant(world, as_persona):
    client = as_persona("block_secretary")
    assert "covenant-copy-form" not in html(
        client.get(url("covenant_edit", world.BY.pk))
    )
    response = client.post(url("covenant_copy", world.BY.pk), follow=True)
    with translation.override("vi"):
        message = gettext("The block has no earlier year with a covenant.")
    assert vi(message) in html(response)
    assert not Covenant.objects.exists()


def test_a_published_period_locks_the_covenant_and_says_why(world, as_persona):
    write_covenant(world)
    Publication.objects.create(
        block_year=world.BY, period="mid", published_by=world.users["block_secretary"]
    )
    client = as_persona("block_secretary")
    detail = html(client.get(url("covenant_detail", world.BY.pk)))
    assert 'id="covenant-locked"' in detail
    assert "covenant-edit-link" not in detail
    form = html(client.get(url("covenant_edit", world.BY.pk)))
    assert 'id="covenant-locked"' in form
    assert "disabled" in form
    assert 'id="covenant-save"' not in form
    response = client.post(url("covenant_edit", world.BY.pk), COVENANT_POST)
    assert response.status_code == 200
    assert vi(DomainError("PERIOD_LOCKED").message) in html(response)
    assert list(
        Covenant.objects.get(block_year=world.BY).criteria.values_list(
            "code", flat=True
        )
    ) == ["1.1", "2.1"]


# --- Signing -------------------------------------------------------------------------


def test_unit_officer_signs_for_their_own_unit_only(world, as_persona):
    write_covenant(world)
    client = as_persona("unit_officer")
    page = html(client.get(url("covenant_detail", world.BY.pk)))
    assert page.count('class="sign-form"') == 1
    assert f'class="sign-form" data-unit="{world.U3.pk}"' in page
    assert f'data-unit="{world.U1.pk}" data-signed="no"' in page

    response = client.post(url("covenant_sign", world.BY.pk), {"unit": world.U3.pk})
    assert response.status_code == 302
    signature = Signature.objects.get(unit=world.U3)
    assert signature.signed_by == world.users["unit_officer"]
    assert AuditEvent.objects.filter(verb="cycles.covenant.signed").count() == 1
    page = html(client.get(url("covenant_detail", world.BY.pk)))
    assert f'data-unit="{world.U3.pk}" data-signed="yes"' in page
    assert 'class="sign-form"' not in page
    assert timezone.localdate(signature.signed_at).strftime("%d/%m/%Y") in page


def test_signing_for_another_unit_is_refused(world, as_persona):
    write_covenant(world)
    for persona in ("unit_officer", "block_secretary", "province_admin", "viewer"):
        response = as_persona(persona).post(
            url("covenant_sign", world.BY.pk), {"unit": world.U1.pk}
        )
        assert response.status_code == 403, persona
    assert not Signature.objects.exists()


def test_the_secretariat_sees_who_signed_but_no_sign_button(world, as_persona):
    write_covenant(world)
    as_persona("leader").post(url("covenant_sign", world.BY.pk), {"unit": world.U3.pk})
    page = html(as_persona("block_secretary").get(url("covenant_detail", world.BY.pk)))
    assert 'class="sign-form"' not in page
    assert f'data-unit="{world.U3.pk}" data-signed="yes"' in page
    assert f'data-unit="{world.U2.pk}" data-signed="no"' in page


def test_signing_with_htmx_answers_the_signatures_fragment(world, as_persona):
    write_covenant(world)
    response = as_persona("unit_officer").post(
        url("covenant_sign", world.BY.pk),
        {"unit": world.U3.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = html(response)
    assert fragment.lstrip().startswith(
        '<section class="covenant-section" id="signatures"'
    )
    assert "<html" not in fragment
    assert f'data-unit="{world.U3.pk}" data-signed="yes"' in fragment


def test_signing_before_the_covenant_exists_says_so(world, as_persona):
    response = as_persona("unit_officer").post(
        url("covenant_sign", world.BY.pk), {"unit": world.U3.pk}, follow=True
    )
    assert vi(DomainError("COVENANT_MISSING").message) in html(response)
    assert not Signature.objects.exists()


# --- Required documents --------------------------------------------------------------


def test_secretary_adds_a_required_document_with_a_vietnamese_date(world, as_persona):
    client = as_persona("block_secretary")
    page = html(client.get(url("document_dashboard", world.BY.pk)))
    assert 'id="requirement-form"' in page
    response = client.post(
        url("requirement_create", world.BY.pk),
        {"title": "Báo cáo 6 tháng", "kind": "report_mid", "due_date": "03/04/2024"},
    )
    assert response.status_code == 302
    requirement = Requirement.objects.get(block_year=world.BY)
    assert (requirement.title, requirement.kind, requirement.due_date) == (
        "Báo cáo 6 tháng",
        "report_mid",
        date(2024, 4, 3),
    )
    assert AuditEvent.objects.filter(verb="cycles.requirement.created").exists()
    assert "Báo cáo 6 tháng" in html(client.get(url("document_dashboard", world.BY.pk)))


def test_a_wrong_due_date_is_explained(world, as_persona):
    response = as_persona("block_secretary").post(
        url("requirement_create", world.BY.pk),
        {"title": "Kế hoạch", "kind": "plan", "due_date": "31/02/2024"},
    )
    assert response.status_code == 200
    with translation.override("vi"):
        assert vi(gettext("Enter a date as dd/mm/yyyy.")) in html(response)
    assert not Requirement.objects.exists()


def test_only_the_secretariat_adds_required_documents(world, as_persona):
    page = html(as_persona("unit_officer").get(url("document_dashboard", world.BY.pk)))
    assert "requirement-form" not in page
    for persona in ("unit_officer", "leader", "viewer", "outsider"):
        response = as_persona(persona).post(
            url("requirement_create", world.BY.pk),
            {"title": "Kế hoạch", "kind": "plan", "due_date": "03/04/2024"},
        )
        assert response.status_code == 403
    assert not Requirement.objects.exists()


@time_machine.travel(date(2024, 3, 10), tick=False)
def test_unit_officer_uploads_a_pdf_for_their_unit(world, as_persona):
    requirement = add_requirement(world)
    client = as_persona("unit_officer")
    page = html(client.get(url("document_dashboard", world.BY.pk)))
    # Their own row, and one upload form per requirement for their own unit.
    assert page.count('class="unit-row"') == 1
    assert f'id="unit-{world.U3.pk}"' in page
    assert f'id="upload-unit-{world.U3.pk}"' in page
    assert page.count('class="upload-form"') == 1

    response = client.post(
        url("submission_create", requirement.pk),
        {"unit": world.U3.pk, "file": SimpleUploadedFile("Kế hoạch.pdf", PDF)},
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert (submission.unit, submission.content_type) == (world.U3, "application/pdf")
    assert submission.original_name == "Kế hoạch.pdf"
    page = html(client.get(url("document_dashboard", world.BY.pk)))
    assert f'data-requirement="{requirement.pk}" data-status="on_time"' in page
    with translation.override("vi"):
        assert vi(gettext("On time")) in page


def test_a_text_file_renamed_pdf_is_refused_with_a_clear_message(world, as_persona):
    requirement = add_requirement(world)
    response = as_persona("unit_officer").post(
        url("submission_create", requirement.pk),
        {
            "unit": world.U3.pk,
            "file": SimpleUploadedFile("bao-cao.pdf", b"Day la van ban thuong\n"),
        },
    )
    assert response.status_code == 200
    assert vi(DomainError("FILE_TYPE_NOT_ALLOWED").message) in html(response)
    assert not Submission.objects.exists()


def test_an_officer_cannot_send_for_another_unit(world, as_persona):
    requirement = add_requirement(world)
    response = as_persona("unit_officer").post(
        url("submission_create", requirement.pk),
        {"unit": world.U1.pk, "file": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 200
    assert 'class="error"' in html(response)
    assert not Submission.objects.exists()
    for persona in ("leader", "viewer", "outsider"):
        assert (
            as_persona(persona)
            .get(url("submission_create", requirement.pk))
            .status_code
            == 403
        )


@time_machine.travel(date(2024, 5, 20), tick=False)
def test_dashboard_shows_each_status_in_words_with_counts(world, as_persona):
    on_time = add_requirement(world, "Kế hoạch", date(2024, 3, 15))
    late = add_requirement(world, "Đăng ký thi đua", date(2024, 3, 31))
    missing = add_requirement(world, "Báo cáo quý", date(2024, 5, 10))
    add_requirement(world, "Báo cáo 6 tháng", date(2024, 6, 15))
    with time_machine.travel(date(2024, 3, 14), tick=False):
        upload(world, on_time, world.U3)
    with time_machine.travel(date(2024, 4, 3), tick=False):
        upload(world, late, world.U3)
    response = as_persona("block_secretary").get(url("document_dashboard", world.BY.pk))
    page = html(response)
    assert page.count('class="unit-row"') == 3
    row = page[page.index(f'id="unit-{world.U3.pk}"') :]
    row = row[: row.index("</tr>")]
    with translation.override("vi"):
        words = [
            gettext("On time"),
            ngettext("Late by %(days)s day", "Late by %(days)s days", 3) % {"days": 3},
            ngettext(
                "Missing, %(days)s day overdue", "Missing, %(days)s days overdue", 10
            )
            % {"days": 10},
            gettext("Waiting"),
        ]
    for word in words:
        assert vi(word) in row
    for status in ("on_time", "late", "missing", "pending"):
        assert f'data-status="{status}"' in row
        assert f'<td class="num count-{status}">1</td>' in row
    # Another unit has sent nothing: two missing, one still to come... and the late
    # and missing cells offer the secretary a waiver.
    other = page[page.index(f'id="unit-{world.U1.pk}"') :]
    other = other[: other.index("</tr>")]
    assert '<td class="num count-missing">3</td>' in other
    assert f"{url('waiver_create', missing.pk)}?unit={world.U1.pk}" in other


@time_machine.travel(date(2024, 5, 20), tick=False)
def test_secretary_waives_a_late_deduction_with_a_reason(world, as_persona):
    requirement = add_requirement(world, "Kế hoạch", date(2024, 3, 15))
    client = as_persona("block_secretary")
    form = client.get(url("waiver_create", requirement.pk) + f"?unit={world.U3.pk}")
    assert form.status_code == 200
    empty = client.post(url("waiver_create", requirement.pk), {"unit": world.U3.pk})
    assert empty.status_code == 200
    with translation.override("vi"):
        assert vi(gettext("Write the reason for the waiver.")) in html(empty)
    response = client.post(
        url("waiver_create", requirement.pk),
        {"unit": world.U3.pk, "reason": "Đơn vị có công văn xin gia hạn"},
    )
    assert response.status_code == 302
    waiver = Waiver.objects.get()
    assert (waiver.unit, waiver.reason) == (world.U3, "Đơn vị có công văn xin gia hạn")
    assert AuditEvent.objects.filter(verb="cycles.waiver.granted").exists()
    page = html(client.get(url("document_dashboard", world.BY.pk)))
    assert 'data-waived="yes"' in page
    assert "Đơn vị có công văn xin gia hạn" in page
    # The unit's officer sees the waiver in their row too.
    assert "Đơn vị có công văn xin gia hạn" in html(
        as_persona("unit_officer").get(url("document_dashboard", world.BY.pk))
    )


def test_only_the_secretariat_waives(world, as_persona):
    requirement = add_requirement(world, "Kế hoạch", date(2024, 3, 15))
    for persona in ("unit_officer", "leader", "viewer", "outsider"):
        response = as_persona(persona).post(
            url("waiver_create", requirement.pk),
            {"unit": world.U3.pk, "reason": "Lý do"},
        )
        assert response.status_code == 403, persona
    assert not Waiver.objects.exists()


def test_each_persona_sees_its_part_of_the_dashboard(world, as_persona):
    add_requirement(world)
    expected_rows = {
        "superuser": 3,
        "province_admin": 3,
        "block_secretary": 3,
        "unit_officer": 1,
        "leader": 1,
        "viewer": 0,
        "outsider": 0,
    }
    for persona, count in expected_rows.items():
        response = as_persona(persona).get(url("document_dashboard", world.BY.pk))
        assert response.status_code == 200, persona
        page = html(response)
        assert page.count('class="unit-row"') == count, persona
        assert ('id="no-own-unit"' in page) == (count == 0), persona
        assert ('class="upload-form"' in page) == (persona == "unit_officer"), persona
    # The leader sees the own row but may not send documents.
    assert "upload-link" not in html(
        as_persona("leader").get(url("document_dashboard", world.BY.pk))
    )


# --- Query counts --------------------------------------------------------------------


def _grow_block(world, extra):
    units = [f.UnitFactory(province=world.P) for _ in range(extra)]
    for unit in units:
        world.BY.memberships.create(unit=unit, role="member", year=world.BY.year)
    return units


def _dashboard_queries(client, world):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url("document_dashboard", world.BY.pk))
    assert response.status_code == 200
    return len(ctx.captured_queries)


# 12 with the notification bell's COUNT (templates/base.html).
DASHBOARD_QUERIES = 12


@time_machine.travel(date(2024, 5, 20), tick=False)
def test_documents_page_runs_the_same_queries_for_3_and_9_units(world, as_persona):
    plan = add_requirement(world, "Kế hoạch", date(2024, 3, 15))
    add_requirement(world, "Báo cáo 6 tháng", date(2024, 6, 15))
    upload(world, plan, world.U3)
    services.waive_deduction(
        actor=world.users["block_secretary"],
        requirement=plan,
        unit=world.U1,
        reason="Lý do",
    )
    secretary = as_persona("block_secretary")
    small = _dashboard_queries(secretary, world)
    for unit in _grow_block(world, 6):
        upload(world, plan, unit)
    assert world.BY.memberships.count() == 9
    large = _dashboard_queries(secretary, world)
    assert small == large == DASHBOARD_QUERIES


@time_machine.travel(date(2024, 5, 20), tick=False)
def test_the_dashboard_reads_in_english_too(world, as_persona, settings):
    late = add_requirement(world, "Kế hoạch", date(2024, 3, 15))
    add_requirement(world, "Báo cáo quý", date(2024, 5, 19))
    with time_machine.travel(date(2024, 3, 18), tick=False):
        upload(world, late, world.U3)
    client = as_persona("unit_officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(client.get(url("document_dashboard", world.BY.pk)))
    assert "Late by 3 days" in page
    assert "Missing, 1 day overdue" in page
