"""Đăng ký thi đua: a unit registers once a year (for the titles, per movement), a
person for at most one title a year; the block approves or returns with a reason;
a unit sees only its own registrations until the block approves them (issue 7)."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from thidua.core.models import AuditEvent
from thidua.movements import selectors, services
from thidua.movements.models import Notification, RegisteredPerson, Registration
from thidua.movements.services import PersonTitle
from thidua.movements.tests.conftest import refused
from thidua.organizations import services as org_services
from thidua.organizations.tests import factories as f


def register(world, actor="unit_officer", unit=None, **extra):
    values = {
        "actor": world.users[actor],
        "unit": unit or world.U3,
        "year": 2024,
        "targets": "Hoàn thành xuất sắc nhiệm vụ chính trị",
        "people": [PersonTitle(world.people["p3"].pk, "chien_si_thi_dua_co_so")],
        **extra,
    }
    return services.register(**values)


def submitted(world, **extra):
    registration = register(world, **extra)
    return services.submit_registration(
        actor=world.users["unit_officer"], registration=registration
    )


# --- Registering ---------------------------------------------------------------------


def test_a_unit_registers_its_targets_and_people_as_a_draft(world):
    registration = register(world, unit_title="tap_the_lao_dong_xuat_sac")
    assert registration.status == "draft"
    assert registration.movement is None
    assert [(p.person, p.title, p.year) for p in registration.people.all()] == [
        (world.people["p3"], "chien_si_thi_dua_co_so", 2024)
    ]
    event = AuditEvent.objects.get(verb="movements.registration.created")
    assert event.after["people"] == [[world.people["p3"].pk, "chien_si_thi_dua_co_so"]]
    assert event.after["unit_title"] == "tap_the_lao_dong_xuat_sac"


def test_a_unit_registers_once_a_year_for_the_titles(world):
    first = register(world)
    error = refused("ALREADY_REGISTERED", register, world=world, people=[])
    assert error.details == {"registration": first.pk}
    register(world, year=2025, people=[])


def test_a_unit_registers_once_per_movement_besides_the_titles(world, movement):
    register(world)
    on_movement = register(world, movement=movement, people=[])
    assert on_movement.movement == movement
    refused("ALREADY_REGISTERED", register, world=world, movement=movement, people=[])


def test_the_database_holds_one_registration_a_year(world):
    register(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            unit=world.U3, year=2024, created_by=world.users["unit_officer"]
        )


def test_a_person_registers_for_one_title_a_year(world, movement):
    register(world)
    error = refused(
        "PERSON_ALREADY_REGISTERED",
        register,
        world=world,
        movement=movement,
        people=[PersonTitle(world.people["p3"].pk, "lao_dong_tien_tien")],
    )
    assert "Trần Thị Bình" in error.message
    assert RegisteredPerson.objects.count() == 1


def test_the_database_holds_one_title_a_person_a_year(world, movement):
    register(world)
    other = register(world, movement=movement, people=[])
    with pytest.raises(IntegrityError), transaction.atomic():
        RegisteredPerson.objects.create(
            registration=other,
            person=world.people["p3"],
            title="lao_dong_tien_tien",
            year=2024,
        )


def test_people_must_work_in_the_unit_and_be_listed_once(world):
    refused(
        "PERSON_NOT_IN_UNIT",
        register,
        world=world,
        people=[PersonTitle(world.people["p1"].pk, "lao_dong_tien_tien")],
    )
    refused(
        "PERSON_LISTED_TWICE",
        register,
        world=world,
        people=[
            PersonTitle(world.people["p3"].pk, "lao_dong_tien_tien"),
            PersonTitle(world.people["p3"].pk, "chien_si_thi_dua_co_so"),
        ],
    )
    assert not Registration.objects.exists()


def test_a_movement_registration_lies_in_its_period_and_reaches_the_unit(
    world, movement
):
    refused(
        "YEAR_OUTSIDE_MOVEMENT",
        register,
        world=world,
        movement=movement,
        year=2025,
        people=[],
    )
    # The movement is for block B; U4 is in B2.
    officer = f.UserFactory(username="donvi_u4")
    f.grant(officer, "unit_officer", world.P, unit=world.U4)
    refused(
        "MOVEMENT_NOT_FOR_UNIT",
        services.register,
        actor=officer,
        unit=world.U4,
        year=2024,
        movement=movement,
    )


@pytest.mark.parametrize("persona", ["leader", "viewer", "outsider"])
def test_others_cannot_register_for_the_unit(world, persona):
    refused("PERMISSION_DENIED", register, world=world, actor=persona)


def test_the_block_secretary_may_register_for_a_member_unit(world):
    registration = register(world, actor="block_secretary")
    assert registration.created_by == world.users["block_secretary"]


def test_a_unit_that_ended_cannot_register_for_later_years(world):
    world.U3.valid_to = "2023-12-31"
    world.U3.save()
    world.U3.refresh_from_db()
    refused("UNIT_NOT_ACTIVE", register, world=world)


# --- Submit, approve, return ----------------------------------------------------------


def test_the_unit_submits_and_the_block_secretary_is_notified(world):
    registration = submitted(world)
    assert registration.status == "submitted"
    assert registration.submitted_by == world.users["unit_officer"]
    assert registration.submitted_at is not None
    assert AuditEvent.objects.filter(verb="movements.registration.submitted").exists()
    assert list(Notification.objects.values_list("user__username", flat=True)) == [
        "thuky"
    ]


def test_the_secretary_approves_and_the_unit_is_notified(world):
    registration = submitted(world)
    Notification.objects.all().delete()
    services.approve_registration(
        actor=world.users["block_secretary"], registration=registration
    )
    registration.refresh_from_db()
    assert registration.status == "approved"
    assert registration.reviewed_by == world.users["block_secretary"]
    event = AuditEvent.objects.get(verb="movements.registration.approved")
    assert event.after == {"status": "approved"}
    assert set(Notification.objects.values_list("user__username", flat=True)) == {
        "donvi",
        "lanhdao",
    }


def test_a_return_needs_a_reason_and_the_unit_submits_again(world):
    registration = submitted(world)
    error = refused(
        "REASON_REQUIRED",
        services.return_registration,
        actor=world.users["block_secretary"],
        registration=registration,
        reason="   ",
    )
    assert error.message == str(services.RETURN_REASON_REQUIRED)
    services.return_registration(
        actor=world.users["block_secretary"],
        registration=registration,
        reason="Bổ sung chỉ tiêu cải cách hành chính",
    )
    assert registration.status == "returned"
    assert registration.reason == "Bổ sung chỉ tiêu cải cách hành chính"
    returned = Notification.objects.get(user=world.users["unit_officer"])
    assert "Bổ sung chỉ tiêu" in returned.text
    services.update_registration(
        actor=world.users["unit_officer"],
        registration=registration,
        targets="Chỉ tiêu đã bổ sung",
        people=[PersonTitle(world.people["p3"].pk, "lao_dong_tien_tien")],
    )
    services.submit_registration(
        actor=world.users["unit_officer"], registration=registration
    )
    assert registration.status == "submitted"
    assert [p.title for p in registration.people.all()] == ["lao_dong_tien_tien"]


def test_approving_a_draft_or_twice_is_an_invalid_transition(world):
    registration = register(world)
    error = refused(
        "INVALID_TRANSITION",
        services.approve_registration,
        actor=world.users["block_secretary"],
        registration=registration,
    )
    assert error.status == 409
    services.submit_registration(
        actor=world.users["unit_officer"], registration=registration
    )
    services.approve_registration(
        actor=world.users["province_admin"], registration=registration
    )
    refused(
        "INVALID_TRANSITION",
        services.return_registration,
        actor=world.users["block_secretary"],
        registration=registration,
        reason="Muộn",
    )


def test_a_stale_copy_loses_the_compare_and_swap(world):
    """Two secretaries click at once: the second finds the status moved."""
    registration = submitted(world)
    stale = Registration.objects.get(pk=registration.pk)
    services.approve_registration(
        actor=world.users["block_secretary"], registration=registration
    )
    refused(
        "INVALID_TRANSITION",
        services.return_registration,
        actor=world.users["province_admin"],
        registration=stale,
        reason="Thiếu",
    )
    assert Registration.objects.get(pk=registration.pk).status == "approved"
    assert not AuditEvent.objects.filter(verb="movements.registration.returned")


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "outsider"])
def test_only_the_block_and_the_board_review(world, persona):
    registration = submitted(world)
    refused(
        "PERMISSION_DENIED",
        services.approve_registration,
        actor=world.users[persona],
        registration=registration,
    )


def test_a_submitted_registration_cannot_be_changed(world):
    registration = submitted(world)
    refused(
        "REGISTRATION_NOT_EDITABLE",
        services.update_registration,
        actor=world.users["unit_officer"],
        registration=registration,
        targets="Khác",
    )


# --- Who sees what (issue 7: "until the block publishes them") -------------------------


def _other_officer(world):
    """An officer of U1, another member unit of the same block."""
    officer = f.UserFactory(username="donvi_u1")
    f.grant(officer, "unit_officer", world.P, unit=world.U1)
    return officer


def test_unit_officers_see_only_their_own_units_registrations_until_approved(world):
    registration = submitted(world)
    own = register(world, actor="block_secretary", unit=world.U1, people=[])
    other = _other_officer(world)
    assert set(selectors.visible_registrations(other)) == {own}
    assert set(selectors.visible_registrations(world.users["unit_officer"])) == {
        registration
    }
    refused(
        "NOT_FOUND",
        selectors.get_registration_for,
        actor=other,
        pk=registration.pk,
    )
    for persona in ("viewer", "outsider"):
        assert not selectors.visible_registrations(world.users[persona]).exists()

    services.approve_registration(
        actor=world.users["block_secretary"], registration=registration
    )
    assert registration in set(selectors.visible_registrations(other))
    assert selectors.get_registration_for(other, registration.pk) == registration
    for persona in ("viewer", "outsider"):
        assert list(selectors.visible_registrations(world.users[persona])) == [
            registration
        ]


def test_the_secretariat_sees_its_blocks_registrations_only(world):
    in_block = register(world)
    in_b2 = register(world, actor="outsider", unit=world.U4, people=[])
    assert set(selectors.visible_registrations(world.users["block_secretary"])) == {
        in_block
    }
    assert set(selectors.visible_registrations(world.users["outsider"])) == {in_b2}
    assert set(selectors.visible_registrations(world.users["province_admin"])) == {
        in_block,
        in_b2,
    }


def test_the_list_filters_by_year_block_and_status(world):
    registration = submitted(world)
    register(world, actor="outsider", unit=world.U4, people=[])
    admin = world.users["province_admin"]
    assert list(
        selectors.visible_registrations(admin, block=world.B.pk, status="submitted")
    ) == [registration]
    assert not selectors.visible_registrations(admin, year=2023).exists()
    assert not selectors.visible_registrations(admin, block="x").exists()
    assert not selectors.visible_registrations(admin, year=2**70).exists()


def test_a_reorganised_unit_registers_its_people_who_moved_to_the_successor(world):
    """A reorganisation moves the people with the history; the old unit still
    registers for its past years, with the people it had."""
    org_services.reorganize_units(
        actor=world.users["superuser"],
        sources=[world.U3],
        effective=date(2025, 7, 1),
        new_units=[org_services.NewUnit(name="Ủy ban Kiểm tra mới")],
    )
    world.U3.refresh_from_db()
    moved = world.people["p3"]
    moved.refresh_from_db()
    assert moved.unit != world.U3
    assert [p.pk for p in selectors.people_of(world.U3)] == [moved.pk]
    registration = register(world)
    assert [p.person_id for p in registration.people.all()] == [moved.pk]
