"""Services of the block's year: covenant, signatures, requirements, submissions,
the submissions grid and waivers (domain.md §6.4–6.5, §9 rule 26; api.md)."""

from datetime import date, time
from decimal import Decimal

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import selectors, services
from thidua.cycles.models import (
    Covenant,
    Criterion,
    Signature,
    Submission,
    Waiver,
)
from thidua.cycles.services import CriterionSpec
from thidua.cycles.tests.helpers import (
    CRITERIA,
    D,
    add_requirement,
    media,  # noqa: F401 (fixture)
    on_day,
    submit_on,
    upload,
    write_covenant,
)
from thidua.organizations.models import Membership
from thidua.organizations.tests import factories as f
from thidua.scoring import services as scoring_services

pytestmark = pytest.mark.usefixtures("media")


def refused(code, fn, **kwargs):
    with pytest.raises(DomainError) as exc:
        fn(**kwargs)
    assert exc.value.code == code
    return exc.value


# --- covenant ----------------------------------------------------------------------


def test_the_secretary_writes_the_covenant_contents_and_scoring_table(world):
    covenant = write_covenant(world)
    assert list(covenant.contents.values_list("position", "text")) == [
        (1, "Hoàn thành xuất sắc nhiệm vụ chính trị"),
        (2, "Gửi báo cáo đúng hạn"),
    ]
    assert list(covenant.criteria.values_list("code", "group", "max_points")) == [
        ("1.1", "I. Nhiệm vụ chính trị", D(60)),
        ("2.1", "II. Công tác thi đua", D(40)),
    ]
    assert (covenant.bonus_max, covenant.late_deduction) == (D(5), D(2))
    event = AuditEvent.objects.get(verb="cycles.covenant.updated")
    assert event.actor_id == world.users["block_secretary"].pk
    assert event.after["criteria"][0] == [
        "1.1",
        "I. Nhiệm vụ chính trị",
        "Hoàn thành chỉ tiêu",
        "60.00",
    ]


def test_writing_again_upserts_criteria_by_code(world):
    first = write_covenant(world)
    kept = first.criteria.get(code="1.1").pk
    again = write_covenant(
        world,
        criteria=[
            CriterionSpec(code="3.1", title="Mới", max_points=D(10)),
            CriterionSpec(code="1.1", title="Chỉ tiêu (sửa)", max_points=D(50)),
        ],
        bonus_max=None,
        late_deduction=D(1),
    )
    assert again.pk == first.pk
    assert list(again.criteria.values_list("code", "title", "position")) == [
        ("3.1", "Mới", 1),
        ("1.1", "Chỉ tiêu (sửa)", 2),
    ]
    assert again.criteria.get(code="1.1").pk == kept
    # A value left out keeps the stored one.
    assert (again.bonus_max, again.late_deduction) == (D(5), D(1))
    assert AuditEvent.objects.filter(verb="cycles.covenant.updated").count() == 2


def test_a_criterion_with_scores_cannot_be_removed(world):
    write_covenant(world)
    scoring_services.write_sheet(
        actor=world.users["unit_officer"],
        block_year=world.BY,
        unit=world.U3,
        period="year",
        stage="self",
        scores={"2.1": D(30)},
    )
    error = refused(
        "CRITERION_IN_USE",
        write_covenant,
        world=world,
        criteria=[CRITERIA[0]],
    )
    assert error.status == 409
    assert error.details == {"codes": ["2.1"]}
    assert Criterion.objects.filter(code="2.1").exists()
    # A criterion without scores can go.
    write_covenant(world, criteria=[CRITERIA[1]])
    assert list(Criterion.objects.values_list("code", flat=True)) == ["2.1"]


def test_the_covenant_is_locked_once_a_period_is_published(world):
    write_covenant(world)
    scoring_services.publish_ranking(
        actor=world.users["block_secretary"], block_year=world.BY, period="mid"
    )
    error = refused("PERIOD_LOCKED", write_covenant, world=world)
    assert error.status == 409


@pytest.mark.parametrize(
    ("criteria", "code"),
    [
        (
            [CRITERIA[0], CriterionSpec(code="1.1", title="x", max_points=D(1))],
            "DUPLICATE_CRITERION",
        ),
        ([CriterionSpec(code="1.1", title="x", max_points=D(0))], "MAX_POINTS_INVALID"),
    ],
)
def test_a_malformed_scoring_table_is_refused(world, criteria, code):
    refused(code, write_covenant, world=world, criteria=criteria)
    assert not Covenant.objects.exists()


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "viewer", "outsider"])
def test_only_the_secretariat_writes_the_covenant(world, persona):
    refused(
        "PERMISSION_DENIED", write_covenant, world=world, actor=world.users[persona]
    )


def test_last_years_covenant_is_copied_then_edited(world):
    previous = f.BlockYearFactory(block=world.B, year=2023)
    services.put_covenant(
        actor=world.users["block_secretary"],
        block_year=previous,
        contents=["Nội dung năm 2023"],
        criteria=CRITERIA,
        bonus_max=D(3),
        late_deduction=D(1),
    )
    copy = services.copy_covenant(
        actor=world.users["block_secretary"], block_year=world.BY, source=previous
    )
    assert copy.block_year == world.BY
    assert list(copy.contents.values_list("text", flat=True)) == ["Nội dung năm 2023"]
    assert list(copy.criteria.values_list("code", "max_points")) == [
        ("1.1", D(60)),
        ("2.1", D(40)),
    ]
    assert (copy.bonus_max, copy.late_deduction) == (D(3), D(1))
    # The source is untouched.
    assert previous.covenant.criteria.count() == 2


def test_copying_from_a_year_without_covenant_is_not_found(world):
    previous = f.BlockYearFactory(block=world.B, year=2023)
    refused(
        "NOT_FOUND",
        services.copy_covenant,
        actor=world.users["block_secretary"],
        block_year=world.BY,
        source=previous,
    )


# --- signatures --------------------------------------------------------------------


def test_a_member_units_officer_signs_once(world):
    covenant = write_covenant(world)
    officer = world.users["unit_officer"]
    first = services.sign_covenant(actor=officer, covenant=covenant, unit=world.U3)
    again = services.sign_covenant(actor=officer, covenant=covenant, unit=world.U3)
    assert first.pk == again.pk
    assert first.signed_by == officer
    assert AuditEvent.objects.filter(verb="cycles.covenant.signed").count() == 1


def test_the_leader_may_sign_for_the_unit(world):
    covenant = write_covenant(world)
    services.sign_covenant(
        actor=world.users["leader"], covenant=covenant, unit=world.U3
    )
    assert Signature.objects.filter(unit=world.U3).exists()


def test_an_officer_cannot_sign_for_another_unit(world):
    covenant = write_covenant(world)
    refused(
        "PERMISSION_DENIED",
        services.sign_covenant,
        actor=world.users["unit_officer"],
        covenant=covenant,
        unit=world.U1,
    )


def test_a_unit_outside_the_block_cannot_sign(world):
    covenant = write_covenant(world)
    refused(
        "UNIT_NOT_MEMBER",
        services.sign_covenant,
        actor=world.users["superuser"],
        covenant=covenant,
        unit=world.U4,
    )


# --- requirements ------------------------------------------------------------------


def test_the_secretary_sets_a_required_document_with_its_due_date(world):
    requirement = add_requirement(world, kind="plan", due=date(2024, 1, 31))
    assert (requirement.kind, requirement.due_date) == ("plan", date(2024, 1, 31))
    event = AuditEvent.objects.get(verb="cycles.requirement.created")
    assert event.after["due_date"] == "2024-01-31"


def test_an_unknown_kind_is_refused(world):
    refused("VALIDATION_ERROR", add_requirement, world=world, kind="memo")


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "viewer", "outsider"])
def test_only_the_secretariat_sets_requirements(world, persona):
    refused(
        "PERMISSION_DENIED",
        services.add_requirement,
        actor=world.users[persona],
        block_year=world.BY,
        title="Kế hoạch",
        kind="plan",
        due_date=date(2024, 1, 31),
    )


# --- submissions -------------------------------------------------------------------


def test_lateness_is_computed_from_the_day_received(world):
    requirement = add_requirement(world, due=date(2024, 6, 15))
    submission = submit_on(
        world,
        requirement,
        world.U3,
        date(2024, 6, 20),
        actor=world.users["unit_officer"],
    )
    assert submission.received_at.date() == date(2024, 6, 20)
    assert submission.submitted_by == world.users["unit_officer"]
    event = AuditEvent.objects.get(verb="cycles.submission.received")
    assert event.after["days_late"] == 5
    assert event.after["received_on"] == "2024-06-20"


def test_the_day_received_is_the_day_in_ha_noi(world):
    """00:30 on 16/06 in Hà Nội is still 15/06 in UTC, and it is one day late."""
    requirement = add_requirement(world, due=date(2024, 6, 15))
    submit_on(world, requirement, world.U3, date(2024, 6, 16), at=time(0, 30))
    submit_on(world, requirement, world.U1, date(2024, 6, 15), at=time(23, 30))
    with on_day(date(2024, 7, 1)):
        cells = {c.unit: c for c in selectors.submission_grid(world.BY)}
    assert (cells[world.U3.pk].days_late, cells[world.U3.pk].status) == (1, "late")
    assert (cells[world.U1.pk].days_late, cells[world.U1.pk].status) == (0, "on_time")


def test_a_unit_outside_the_block_cannot_submit(world):
    requirement = add_requirement(world)
    refused(
        "UNIT_NOT_MEMBER",
        services.submit_document,
        actor=world.users["superuser"],
        requirement=requirement,
        unit=world.U4,
        upload=upload(),
    )
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("persona", "unit", "allowed"),
    [
        ("unit_officer", "U3", True),
        ("unit_officer", "U1", False),
        ("leader", "U3", False),
        ("viewer", "U3", False),
        ("outsider", "U3", False),
        ("province_admin", "U3", True),
        ("block_secretary", "U1", True),
    ],
)
def test_who_may_send_a_document(world, persona, unit, allowed):
    requirement = add_requirement(world)
    kwargs = {
        "actor": world.users[persona],
        "requirement": requirement,
        "unit": getattr(world, unit),
        "upload": upload(),
    }
    if allowed:
        services.submit_document(**kwargs)
    else:
        refused("PERMISSION_DENIED", services.submit_document, **kwargs)


def test_another_blocks_secretary_cannot_send_for_a_unit_that_moved_there(world):
    """The scope is the requirement's block, not every block the unit was ever in."""
    earlier = f.BlockYearFactory(block=world.B, year=2023)
    f.add_members(earlier, world.U4, [world.U1])  # U4 was in B in 2023, in B2 now
    requirement = services.add_requirement(
        actor=world.users["block_secretary"],
        block_year=earlier,
        title="Báo cáo năm 2023",
        kind="report_year",
        due_date=date(2023, 11, 15),
    )
    refused(
        "PERMISSION_DENIED",
        services.submit_document,
        actor=world.users["outsider"],  # secretary of B2
        requirement=requirement,
        unit=world.U4,
        upload=upload(),
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [("ghi-chu.txt", b"plain text"), ("ghi-chu.pdf", b"plain text"), ("rong.pdf", b"")],
)
def test_a_file_that_is_not_an_accepted_type_is_refused(world, name, content):
    requirement = add_requirement(world)
    refused(
        "FILE_TYPE_NOT_ALLOWED",
        services.submit_document,
        actor=world.users["unit_officer"],
        requirement=requirement,
        unit=world.U3,
        upload=upload(name, content),
    )


def test_a_file_over_the_limit_is_refused(world, settings):
    settings.MAX_UPLOAD_BYTES = 100
    requirement = add_requirement(world)
    error = refused(
        "FILE_TOO_LARGE",
        services.submit_document,
        actor=world.users["unit_officer"],
        requirement=requirement,
        unit=world.U3,
        upload=upload("lon.pdf", b"%PDF-1.4\n" + b"0" * 200),
    )
    assert error.status == 413


# --- the submissions grid ----------------------------------------------------------


def test_the_grid_shows_each_unit_and_requirement_with_its_status(world):
    plan = add_requirement(world, kind="plan", due=date(2024, 1, 31))
    mid = add_requirement(world, kind="report_mid", due=date(2024, 6, 15))
    year = add_requirement(world, kind="report_year", due=date(2024, 11, 15))
    submit_on(world, plan, world.U1, date(2024, 1, 31))
    submit_on(world, plan, world.U3, date(2024, 2, 3))
    submit_on(world, plan, world.U3, date(2024, 1, 20))  # a second copy, earlier
    submit_on(world, mid, world.U1, date(2024, 6, 10))
    with on_day(date(2024, 7, 1)):
        grid = selectors.submission_grid(world.BY)
    status = {(c.unit, c.requirement): (c.status, c.days_late) for c in grid}
    assert len(grid) == 3 * 3
    assert status[(world.U1.pk, plan.pk)] == ("on_time", 0)
    assert status[(world.U3.pk, plan.pk)] == ("on_time", 0)  # the first copy counts
    assert status[(world.U2.pk, plan.pk)] == ("missing", 152)
    assert status[(world.U3.pk, mid.pk)] == ("missing", 16)
    assert status[(world.U1.pk, mid.pk)] == ("on_time", 0)
    assert status[(world.U1.pk, year.pk)] == ("pending", None)
    # Units in Vietnamese name order, requirements by due date.
    assert [c.unit for c in grid[::3]] == [world.U2.pk, world.U1.pk, world.U3.pk]
    assert [c.requirement for c in grid[:3]] == [plan.pk, mid.pk, year.pk]


def test_a_late_document_stays_late_once_received(world):
    mid = add_requirement(world, due=date(2024, 6, 15))
    submit_on(world, mid, world.U2, date(2024, 6, 18))
    with on_day(date(2024, 12, 1)):
        cell = next(
            c for c in selectors.submission_grid(world.BY) if c.unit == world.U2.pk
        )
    assert (cell.status, cell.days_late, cell.received) == ("late", 3, True)


@pytest.mark.parametrize(
    ("persona", "units"),
    [
        ("block_secretary", {"U1", "U2", "U3"}),
        ("province_admin", {"U1", "U2", "U3"}),
        ("superuser", {"U1", "U2", "U3"}),
        ("unit_officer", {"U3"}),
        ("leader", {"U3"}),
        ("viewer", set()),
        ("outsider", set()),
    ],
)
def test_a_unit_sees_only_its_own_row(world, persona, units):
    add_requirement(world)
    cells = selectors.visible_cells(world.users[persona], world.BY)
    assert {c.unit for c in cells} == {getattr(world, u).pk for u in units}


def test_the_grid_takes_four_queries_whatever_its_size(
    world, django_assert_num_queries
):
    for i in range(3):
        add_requirement(world, due=date(2024, 3 + i, 1))
    with django_assert_num_queries(4):
        assert len(selectors.submission_grid(world.BY)) == 9
    Membership.objects.bulk_create(
        [
            Membership(block_year=world.BY, unit=u, role="member", year=2024)
            for u in f.UnitFactory.create_batch(4, province=world.P)
        ]
    )
    with django_assert_num_queries(4):
        assert len(selectors.submission_grid(world.BY)) == 7 * 3


# --- waivers -----------------------------------------------------------------------


def test_a_waiver_needs_a_reason(world):
    requirement = add_requirement(world)
    for reason in ("", "   "):
        refused(
            "REASON_REQUIRED",
            services.waive_deduction,
            actor=world.users["block_secretary"],
            requirement=requirement,
            unit=world.U3,
            reason=reason,
        )
    assert not Waiver.objects.exists()


def test_a_waiver_is_recorded_with_its_reason_and_audited(world):
    requirement = add_requirement(world)
    waiver = services.waive_deduction(
        actor=world.users["block_secretary"],
        requirement=requirement,
        unit=world.U3,
        reason="Biên bản họp khối: lý do khách quan",
    )
    assert waiver.reason == "Biên bản họp khối: lý do khách quan"
    event = AuditEvent.objects.get(verb="cycles.waiver.granted")
    assert event.after["reason"] == waiver.reason
    # A second waiver replaces the first (one per unit and requirement).
    services.waive_deduction(
        actor=world.users["block_secretary"],
        requirement=requirement,
        unit=world.U3,
        reason="Lý do khác",
    )
    assert Waiver.objects.get().reason == "Lý do khác"


def test_a_waiver_is_for_a_member_unit(world):
    requirement = add_requirement(world)
    refused(
        "UNIT_NOT_MEMBER",
        services.waive_deduction,
        actor=world.users["block_secretary"],
        requirement=requirement,
        unit=world.U4,
        reason="Lý do",
    )


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "viewer", "outsider"])
def test_only_the_secretariat_waives(world, persona):
    requirement = add_requirement(world)
    refused(
        "PERMISSION_DENIED",
        services.waive_deduction,
        actor=world.users[persona],
        requirement=requirement,
        unit=world.U3,
        reason="Lý do",
    )


def test_a_waiver_is_refused_once_the_periods_it_touches_are_published(world):
    write_covenant(world)
    june = add_requirement(world, due=date(2024, 6, 15))
    november = add_requirement(world, kind="report_year", due=date(2024, 11, 15))
    scoring_services.publish_ranking(
        actor=world.users["block_secretary"], block_year=world.BY, period="mid"
    )
    refused(
        "PERIOD_LOCKED",
        services.waive_deduction,
        actor=world.users["block_secretary"],
        requirement=june,
        unit=world.U3,
        reason="Lý do",
    )
    # Due after 30/06: it only counts in the year, which is still open.
    services.waive_deduction(
        actor=world.users["block_secretary"],
        requirement=november,
        unit=world.U3,
        reason="Lý do",
    )


def test_requirement_lookup_hides_other_provinces(world):
    requirement = add_requirement(world)
    other = f.UserFactory(username="q-admin")
    f.grant(other, "province_admin", world.Q)
    with pytest.raises(DomainError) as exc:
        selectors.get_requirement_for(other, requirement.pk)
    assert exc.value.code == "NOT_FOUND"
    for bad in ("x", None, 10**30):
        with pytest.raises(DomainError):
            selectors.get_requirement_for(world.users["superuser"], bad)
    assert (
        selectors.get_requirement_for(world.users["viewer"], requirement.pk)
        == requirement
    )


def test_decimal_points_are_kept_exactly(world):
    covenant = write_covenant(
        world,
        criteria=[CriterionSpec(code="1.1", title="x", max_points=Decimal("12.75"))],
        late_deduction=Decimal("0.25"),
    )
    assert covenant.criteria.get().max_points == Decimal("12.75")
    assert covenant.late_deduction == Decimal("0.25")
