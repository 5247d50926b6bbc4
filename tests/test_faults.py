"""Fault tests (issue 9): a failure in the middle of a multi-row write leaves nothing
half written; a job that dies mid-way runs again without doubling its effect."""

from datetime import date
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import OperationalError

from thidua.core.models import AuditEvent
from thidua.organizations import services
from thidua.organizations.models import BlockYear, Membership, Unit


def _lost_connection(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def test_a_block_year_is_written_whole_or_not_at_all(world):
    admin = world.users["province_admin"]
    before = (
        BlockYear.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )
    with (
        mock.patch.object(Membership.objects, "bulk_create", _lost_connection),
        pytest.raises(OperationalError),
    ):
        services.create_block_year(
            actor=admin,
            block=world.B,
            year=2025,
            head=world.U2,
            deputies=[world.U1],
            members=[world.U3],
        )
    after = (
        BlockYear.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    # The same call succeeds once the database is back.
    services.create_block_year(
        actor=admin,
        block=world.B,
        year=2025,
        head=world.U2,
        deputies=[world.U1],
        members=[world.U3],
    )
    assert BlockYear.objects.filter(block=world.B, year=2025).count() == 1


def test_a_reorganisation_is_written_whole_or_not_at_all(world):
    admin = world.users["province_admin"]
    from thidua.organizations.models import Succession

    with (
        mock.patch.object(Succession.objects, "bulk_create", _lost_connection),
        pytest.raises(OperationalError),
    ):
        services.reorganize_units(
            actor=admin,
            sources=[world.U1, world.U2],
            effective=date(2024, 7, 1),
            new_units=[services.NewUnit(name="Ban Tuyên giáo và Dân vận Tỉnh ủy")],
        )
    assert not Unit.objects.filter(name="Ban Tuyên giáo và Dân vận Tỉnh ủy").exists()
    world.U1.refresh_from_db()
    assert world.U1.valid_to is None
    assert Membership.objects.filter(unit=world.U1, valid_to__isnull=True).exists()


def test_reminders_killed_mid_way_run_again_without_sending_twice(world, settings):
    """The reminder job dies after the first e-mail; the next run sends the rest and
    never the first one again (idempotent, design.md §6 on django-tasks)."""
    from thidua.core.models import RoleGrant
    from thidua.cycles import services as cycles
    from thidua.organizations.tests import factories as f

    for unit in (world.U1, world.U2, world.U3):
        user = f.UserFactory(email=f"u{unit.pk}@example.vn")
        RoleGrant.objects.create(
            user=user, role="unit_officer", province=world.P, unit=unit
        )
    with time_machine.travel(date(2024, 3, 1), tick=False):
        cycles.add_requirement(
            actor=world.users["block_secretary"],
            block_year=world.BY,
            title="Kế hoạch thi đua",
            kind="plan",
            due_date=date(2024, 3, 3),
        )
    real_send = mail.EmailMessage.send
    sent = {"n": 0}

    def send_once_then_die(self, *args, **kwargs):
        if sent["n"] >= 1:
            raise OperationalError("worker killed")
        sent["n"] += 1
        return real_send(self, *args, **kwargs)

    with (
        time_machine.travel(date(2024, 3, 1), tick=False),
        mock.patch.object(mail.EmailMessage, "send", send_once_then_die),
        pytest.raises(OperationalError),
    ):
        cycles.send_reminders(today=date(2024, 3, 1))
    first_run = [m.to for m in mail.outbox]
    with time_machine.travel(date(2024, 3, 1), tick=False):
        cycles.send_reminders(today=date(2024, 3, 1))
        cycles.send_reminders(today=date(2024, 3, 1))
    recipients = [tuple(m.to) for m in mail.outbox]
    assert len(first_run) == 1
    assert len(recipients) == len(set(recipients)) == 3
