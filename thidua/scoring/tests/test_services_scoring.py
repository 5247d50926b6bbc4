"""Scoring services: sheets at each stage, deductions, ranking and publication
(domain.md §6.6, §9 rules 25–26; api.md "The block's year")."""

from datetime import date

import pytest

from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.cycles import services as cycle_services
from thidua.cycles.tests.helpers import (
    D,
    add_requirement,
    media,  # noqa: F401 (fixture)
    on_day,
    submit_on,
    write_covenant,
)
from thidua.organizations import services as org_services
from thidua.organizations.models import Membership
from thidua.organizations.tests import factories as f
from thidua.scoring import selectors, services
from thidua.scoring.models import Publication, ScoreEntry, ScoreSheet

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def year(world):
    write_covenant(world)
    return world


def write(world, persona, unit, stage="self", period="year", **kwargs):
    kwargs.setdefault("scores", {"1.1": D(50), "2.1": D(30)})
    return services.write_sheet(
        actor=world.users[persona],
        block_year=world.BY,
        unit=unit,
        period=period,
        stage=stage,
        **kwargs,
    )


def refused(code, fn, *args, **kwargs):
    with pytest.raises(DomainError) as exc:
        fn(*args, **kwargs)
    assert exc.value.code == code
    return exc.value


# --- sheets, by stage --------------------------------------------------------------


def test_a_unit_officer_self_scores_its_unit(year):
    result = write(year, "unit_officer", year.U3, bonus=D(2))
    assert (result.sheet.stage, result.sheet.unit, result.sheet.updated_by) == (
        "self",
        year.U3,
        year.users["unit_officer"],
    )
    assert (result.totals.base, result.totals.bonus, result.totals.total) == (
        D(80),
        D(2),
        D(82),
    )


def test_self_scoring_is_for_ones_own_unit(year):
    error = refused("PERMISSION_DENIED", write, year, "unit_officer", year.U1)
    assert error.status == 403


@pytest.mark.parametrize("stage", ["self", "review", "final"])
@pytest.mark.parametrize("persona", ["leader", "viewer", "outsider"])
def test_leaders_viewers_and_other_blocks_write_no_sheet(year, persona, stage):
    refused("PERMISSION_DENIED", write, year, persona, year.U3, stage=stage)
    assert not ScoreSheet.objects.exists()


def test_a_unit_never_reviews_itself(year):
    refused("PERMISSION_DENIED", write, year, "unit_officer", year.U3, stage="review")


def test_another_members_officer_cross_scores_and_is_recorded_as_reviewer(year):
    result = write(year, "unit_officer", year.U1, stage="review")
    assert result.sheet.reviewer_unit == year.U3


def test_the_secretariat_cross_scores_without_a_reviewer_unit(year):
    result = write(year, "block_secretary", year.U3, stage="review")
    assert result.sheet.reviewer_unit is None


def test_an_officer_of_a_unit_outside_the_block_cannot_review(year):
    stranger = f.UserFactory(username="u4-officer")
    f.grant(stranger, "unit_officer", year.P, unit=year.U4)
    refused("PERMISSION_DENIED", write, year, "unit_officer", year.U3, stage="review")
    with pytest.raises(DomainError):
        services.write_sheet(
            actor=stranger,
            block_year=year.BY,
            unit=year.U1,
            period="year",
            stage="review",
            scores={"1.1": D(1)},
        )


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "viewer", "outsider"])
def test_only_the_secretariat_sets_final_scores(year, persona):
    refused("PERMISSION_DENIED", write, year, persona, year.U3, stage="final")


def test_a_final_sheet_may_be_written_directly_without_any_self_sheet(year):
    result = write(
        year, "block_secretary", year.U3, stage="final", scores={"1.1": D(45)}
    )
    assert result.totals.base == D(45)
    assert not ScoreSheet.objects.filter(stage="self").exists()


def test_reasons_are_required_only_where_the_final_differs_from_the_self_score(year):
    write(year, "unit_officer", year.U3, scores={"1.1": D(55), "2.1": D(30)})
    error = refused(
        "REASON_REQUIRED",
        write,
        year,
        "block_secretary",
        year.U3,
        stage="final",
        scores={"1.1": D(50), "2.1": D(30)},
    )
    assert error.details == {"codes": ["1.1"]}
    result = write(
        year,
        "block_secretary",
        year.U3,
        stage="final",
        scores={"1.1": D(50), "2.1": D(30)},
        reasons={"1.1": "Chưa đạt chỉ tiêu 3"},
    )
    entries = {e.criterion.code: e for e in result.sheet.entries.all()}
    assert entries["1.1"].reason == "Chưa đạt chỉ tiêu 3"
    assert entries["2.1"].reason == ""


def test_a_self_sheet_of_another_period_needs_no_reason(year):
    write(year, "unit_officer", year.U3, period="mid", scores={"1.1": D(55)})
    write(year, "block_secretary", year.U3, stage="final", scores={"1.1": D(40)})


def test_writing_the_final_again_keeps_the_reason_of_an_unchanged_score(year):
    write(year, "unit_officer", year.U3, scores={"1.1": D(55), "2.1": D(30)})
    write(
        year,
        "block_secretary",
        year.U3,
        stage="final",
        scores={"1.1": D(50)},
        reasons={"1.1": "Chưa đạt chỉ tiêu 3"},
    )
    write(
        year,
        "block_secretary",
        year.U3,
        stage="final",
        scores={"1.1": D(50), "2.1": D(30)},
    )
    # A new value needs a new reason.
    refused(
        "REASON_REQUIRED",
        write,
        year,
        "block_secretary",
        year.U3,
        stage="final",
        scores={"1.1": D(48)},
    )


@pytest.mark.parametrize(
    ("scores", "code"),
    [
        ({"1.1": D(-1)}, "SCORE_OUT_OF_RANGE"),
        ({"1.1": D("-0.01")}, "SCORE_OUT_OF_RANGE"),
        ({"1.1": D("60.01")}, "SCORE_OUT_OF_RANGE"),
        ({"2.1": D(41)}, "SCORE_OUT_OF_RANGE"),
        ({"9.9": D(1)}, "UNKNOWN_CRITERION"),
    ],
)
@pytest.mark.parametrize("stage", ["self", "final"])
def test_scores_outside_zero_to_max_are_refused_at_every_stage(
    year, scores, code, stage
):
    persona = "unit_officer" if stage == "self" else "block_secretary"
    error = refused(code, write, year, persona, year.U3, stage=stage, scores=scores)
    assert error.status == 422
    assert not ScoreEntry.objects.exists()


@pytest.mark.parametrize("bonus", [D(-1), D("5.01")])
def test_a_bonus_beyond_the_ceiling_is_refused(year, bonus):
    refused(
        "BONUS_OUT_OF_RANGE",
        write,
        year,
        "block_secretary",
        year.U3,
        stage="final",
        bonus=bonus,
    )


def test_a_unit_outside_the_block_has_no_sheet(year):
    refused(
        "UNIT_NOT_MEMBER",
        write,
        year,
        "superuser",
        year.U4,
        stage="final",
        scores={"1.1": D(1)},
    )


def test_no_sheet_before_the_covenant(world):
    refused("COVENANT_MISSING", write, world, "block_secretary", world.U3, "final")


@pytest.mark.parametrize(("period", "stage"), [("q3", "self"), ("year", "draft")])
def test_unknown_periods_and_stages_are_refused(year, period, stage):
    refused(
        "VALIDATION_ERROR",
        write,
        year,
        "superuser",
        year.U3,
        stage=stage,
        period=period,
    )


def test_another_blocks_secretary_cannot_score_a_unit_that_moved_there(year):
    """The scope is this block year's block, not every block the unit was in."""
    earlier = f.BlockYearFactory(block=year.B, year=2023)
    f.add_members(earlier, year.U4, [year.U1])  # U4: in B in 2023, in B2 now
    cycle_services.put_covenant(
        actor=year.users["block_secretary"],
        block_year=earlier,
        contents=[],
        criteria=[cycle_services.CriterionSpec("1.1", "x", D(10))],
    )
    with pytest.raises(DomainError) as exc:
        services.write_sheet(
            actor=year.users["outsider"],
            block_year=earlier,
            unit=year.U4,
            period="year",
            stage="final",
            scores={"1.1": D(10)},
        )
    assert exc.value.code == "PERMISSION_DENIED"


def test_without_time_windows_officers_may_write_any_time(year):
    for day in (date(2023, 12, 1), date(2024, 2, 29), date(2031, 1, 1)):
        with on_day(day):
            write(year, "unit_officer", year.U3, scores={"1.1": D(day.month)})
    assert ScoreEntry.objects.get(criterion__code="1.1").points == D(1)


def test_self_and_review_scores_far_apart_are_flagged(year):
    write(year, "unit_officer", year.U1, stage="review", scores={"1.1": D(40)})
    result = write(
        year, "block_secretary", year.U1, scores={"1.1": D(50), "2.1": D(30)}
    )
    assert result.flagged == ["1.1"]  # margin 2 by default


# --- the audit trail ---------------------------------------------------------------


def test_every_score_change_is_audited_with_who_old_new_and_reason(year):
    write(year, "unit_officer", year.U3, scores={"1.1": D(55)})
    write(year, "unit_officer", year.U3, scores={"1.1": D(56)})
    write(
        year,
        "block_secretary",
        year.U3,
        stage="final",
        scores={"1.1": D(50)},
        reasons={"1.1": "Thiếu minh chứng"},
    )
    events = list(
        AuditEvent.objects.filter(verb__startswith="scoring.sheet").order_by("id")
    )
    assert [(e.verb, e.actor_id) for e in events] == [
        ("scoring.sheet.self_scored", year.users["unit_officer"].pk),
        ("scoring.sheet.self_scored", year.users["unit_officer"].pk),
        ("scoring.sheet.final_scored", year.users["block_secretary"].pk),
    ]
    assert [e.after["changes"] for e in events] == [
        [{"code": "1.1", "old": None, "new": "55", "reason": ""}],
        [{"code": "1.1", "old": "55.00", "new": "56", "reason": ""}],
        [{"code": "1.1", "old": None, "new": "50", "reason": "Thiếu minh chứng"}],
    ]
    assert events[2].after["late_entry"] is True
    assert events[0].after["late_entry"] is False
    assert all(e.at is not None for e in events)


def test_writing_the_same_scores_again_records_nothing(year):
    write(year, "unit_officer", year.U3)
    write(year, "unit_officer", year.U3)
    assert AuditEvent.objects.filter(verb="scoring.sheet.self_scored").count() == 1


def test_a_bonus_change_alone_is_audited(year):
    write(year, "block_secretary", year.U3, stage="final")
    write(year, "block_secretary", year.U3, stage="final", bonus=D(3))
    event = AuditEvent.objects.filter(verb="scoring.sheet.final_scored").last()
    assert (event.before, event.after["bonus"]) == ({"bonus": "0.00"}, "3")


# --- deductions --------------------------------------------------------------------


@pytest.fixture
def documents(year):
    """Four documents; U3 sends the plan late, misses the 6-month report, sends the
    registration on time and the annual report late."""
    plan = add_requirement(year, kind="plan", due=date(2024, 1, 31))
    registration = add_requirement(year, kind="registration", due=date(2024, 2, 15))
    mid = add_requirement(year, kind="report_mid", due=date(2024, 6, 15))
    annual = add_requirement(year, kind="report_year", due=date(2024, 11, 15))
    submit_on(year, plan, year.U3, date(2024, 2, 10))
    submit_on(year, registration, year.U3, date(2024, 2, 15))
    submit_on(year, annual, year.U3, date(2024, 11, 16))
    for r in (plan, registration, mid, annual):
        submit_on(year, r, year.U1, r.due_date)
    return {"plan": plan, "registration": registration, "mid": mid, "annual": annual}


def final(world, unit, period="year"):
    return write(
        world,
        "block_secretary",
        unit,
        stage="final",
        period=period,
        scores={"1.1": D(50), "2.1": D(30)},
    )


def test_the_year_deducts_every_late_or_missing_document_once(year, documents):
    with on_day(date(2024, 12, 20)):
        result = final(year, year.U3)
        on_time = final(year, year.U1)
    assert result.totals.deductions == D(2) * 3  # plan, 6-month report, annual
    assert result.totals.total == D(80) - D(6)
    assert on_time.totals.deductions == 0


def test_lateness_costs_the_same_however_late(year, documents):
    with on_day(date(2024, 12, 20)):
        early = final(year, year.U3).totals.deductions
    with on_day(date(2025, 12, 20)):
        later = final(year, year.U3).totals.deductions
    assert early == later == D(6)


def test_mid_deducts_only_documents_due_by_30_june(year, documents):
    with on_day(date(2024, 7, 10)):
        result = final(year, year.U3, period="mid")
    assert result.totals.deductions == D(2) * 2  # plan and 6-month report


def test_a_document_not_yet_due_costs_nothing(year, documents):
    with on_day(date(2024, 6, 15)):
        result = final(year, year.U2, period="year")
    # U2 sent nothing: the plan and the registration are missing; the 6-month report
    # is due today, the annual report later.
    assert result.totals.deductions == D(4)


def test_a_waiver_cancels_one_deduction(year, documents):
    cycle_services.waive_deduction(
        actor=year.users["block_secretary"],
        requirement=documents["mid"],
        unit=year.U3,
        reason="Biên bản họp khối ngày 20/12/2024",
    )
    with on_day(date(2024, 12, 20)):
        assert final(year, year.U3).totals.deductions == D(4)
        assert final(year, year.U3, period="mid").totals.deductions == D(2)


# --- ranking -----------------------------------------------------------------------


def add_member(world, name):
    unit = f.UnitFactory(province=world.P, name=name)
    Membership.objects.create(
        block_year=world.BY, unit=unit, role="member", year=world.BY.year
    )
    return unit


def finals(world, totals):
    for unit, points in totals.items():
        write(
            world,
            "block_secretary",
            unit,
            stage="final",
            scores={"1.1": D(points), "2.1": D(0)},
        )


def test_the_ranking_is_standard_competition_ranking_from_final_sheets(year):
    u4 = add_member(year, "Văn phòng Tỉnh ủy")
    finals(year, {year.U1: 50, year.U2: 45, year.U3: 45, u4: 40})
    rows = selectors.compute_ranking(year.BY, "year")
    assert [(r.unit, r.total, r.rank, r.tied) for r in rows] == [
        (year.U1.pk, D(50), 1, False),
        (year.U2.pk, D(45), 2, True),
        (year.U3.pk, D(45), 2, True),
        (u4.pk, D(40), 4, False),
    ]


def test_self_and_review_sheets_do_not_rank(year):
    write(year, "unit_officer", year.U3, scores={"1.1": D(60), "2.1": D(40)})
    write(year, "block_secretary", year.U2, stage="review")
    finals(year, {year.U1: 10})
    rows = selectors.compute_ranking(year.BY, "year")
    assert [(r.unit, r.rank) for r in rows] == [
        (year.U1.pk, 1),
        (year.U2.pk, None),
        (year.U3.pk, None),
    ]
    assert all(r.total is None and r.base is None for r in rows[1:])


def test_units_without_final_sheet_come_last_in_name_order(year):
    finals(year, {year.U3: 10})
    rows = selectors.compute_ranking(year.BY, "year")
    assert [r.unit_name for r in rows] == [
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Ban Dân vận Tỉnh ủy",
        "Ban Tuyên giáo Tỉnh ủy",
    ]


def test_deductions_enter_the_ranking(year, documents):
    finals(year, {year.U1: 50, year.U3: 52})
    with on_day(date(2024, 12, 20)):
        rows = selectors.compute_ranking(year.BY, "year")
    assert [(r.unit, r.total) for r in rows[:2]] == [
        (year.U1.pk, D(50)),
        (year.U3.pk, D(46)),
    ]


def test_a_unit_reorganised_mid_year_hands_its_place_to_its_successor(year):
    [successor] = org_services.reorganize_units(
        actor=year.users["province_admin"],
        sources=[year.U3],
        effective=date(2024, 7, 1),
        new_units=[org_services.NewUnit(name="Ủy ban Kiểm tra (mới)")],
    )
    finals(year, {year.U3: 50, successor: 55, year.U1: 40})
    write(
        year,
        "block_secretary",
        year.U3,
        stage="final",
        period="mid",
        scores={"1.1": D(30)},
    )
    by_year = {r.unit: r.rank for r in selectors.compute_ranking(year.BY, "year")}
    by_mid = {r.unit: r.rank for r in selectors.compute_ranking(year.BY, "mid")}
    assert by_year == {successor.pk: 1, year.U1.pk: 2, year.U2.pk: None}
    assert by_mid == {year.U3.pk: 1, year.U1.pk: None, year.U2.pk: None}


# --- publication -------------------------------------------------------------------


def test_publishing_locks_the_period(year):
    finals(year, {year.U1: 50, year.U3: 40})
    publication = services.publish_ranking(
        actor=year.users["block_secretary"], block_year=year.BY, period="year"
    )
    assert publication.published_by == year.users["block_secretary"]
    for persona, unit, stage in [
        ("block_secretary", year.U3, "final"),
        ("unit_officer", year.U3, "self"),
        ("superuser", year.U1, "review"),
    ]:
        error = refused("PERIOD_LOCKED", write, year, persona, unit, stage=stage)
        assert error.status == 409
    # The other period stays open.
    write(year, "block_secretary", year.U3, stage="final", period="mid")


def test_publishing_twice_is_refused(year):
    services.publish_ranking(
        actor=year.users["block_secretary"], block_year=year.BY, period="year"
    )
    error = refused(
        "PERIOD_LOCKED",
        services.publish_ranking,
        actor=year.users["province_admin"],
        block_year=year.BY,
        period="year",
    )
    assert error.status == 409
    assert Publication.objects.count() == 1


def test_the_lock_is_in_the_audit_trail(year):
    finals(year, {year.U1: 50})
    services.publish_ranking(
        actor=year.users["province_admin"], block_year=year.BY, period="year"
    )
    event = AuditEvent.objects.get(verb="scoring.period.published")
    assert event.actor_id == year.users["province_admin"].pk
    assert event.after["period"] == "year"
    assert event.after["ranking"][0] == [year.U1.pk, "50.00", 1]


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "viewer", "outsider"])
def test_only_the_secretariat_publishes(year, persona):
    refused(
        "PERMISSION_DENIED",
        services.publish_ranking,
        actor=year.users[persona],
        block_year=year.BY,
        period="year",
    )


def test_the_published_ranking_no_longer_moves(year, documents):
    finals(year, {year.U1: 50, year.U3: 52})
    with on_day(date(2024, 12, 20)):
        services.publish_ranking(
            actor=year.users["block_secretary"], block_year=year.BY, period="year"
        )
    # A document added after publication, which nobody sends, would cost both units
    # a deduction in a fresh computation; the published ranking stays as it was.
    add_requirement(year, kind="other", due=date(2024, 12, 25))
    with on_day(date(2025, 1, 10)):
        rows, publication = selectors.ranking_rows(year.BY, "year")
        fresh = selectors.compute_ranking(year.BY, "year")
    assert publication is not None
    assert [(r.unit, r.total, r.rank) for r in rows] == [
        (year.U1.pk, D(50), 1),
        (year.U3.pk, D(46), 2),
        (year.U2.pk, None, None),
    ]
    assert [(r.unit, r.total) for r in fresh[:2]] == [
        (year.U1.pk, D(48)),
        (year.U3.pk, D(44)),
    ]


# --- who sees which sheet ----------------------------------------------------------


def test_a_unit_officer_cannot_see_another_units_unpublished_sheets(year):
    write(year, "block_secretary", year.U1, scores={"1.1": D(50)})  # U1's self
    finals(year, {year.U1: 50})
    officer = year.users["unit_officer"]
    for stage in ("self", "final"):
        with pytest.raises(DomainError) as exc:
            selectors.get_sheet_for(officer, year.BY, year.U1, "year", stage)
        assert exc.value.code == "NOT_FOUND"
    services.publish_ranking(
        actor=year.users["block_secretary"], block_year=year.BY, period="year"
    )
    assert selectors.get_sheet_for(officer, year.BY, year.U1, "year", "final")
    with pytest.raises(DomainError):
        selectors.get_sheet_for(officer, year.BY, year.U1, "year", "self")


def test_a_units_people_and_the_secretariat_see_its_sheets(year):
    write(year, "unit_officer", year.U3)
    for persona in ("unit_officer", "leader", "block_secretary", "province_admin"):
        sheet = selectors.get_sheet_for(
            year.users[persona], year.BY, year.U3, "year", "self"
        )
        assert sheet.unit == year.U3
    for persona in ("viewer", "outsider"):
        with pytest.raises(DomainError):
            selectors.get_sheet_for(
                year.users[persona], year.BY, year.U3, "year", "self"
            )
