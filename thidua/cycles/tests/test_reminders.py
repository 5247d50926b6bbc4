"""E-mail reminders about required documents, sent by a daily command (issue 3;
house-style "Background jobs": periodic work is a command a scheduler runs)."""

from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from thidua.core.models import AuditEvent
from thidua.cycles import services
from thidua.cycles.models import Reminder
from thidua.cycles.tests.helpers import (
    add_requirement,
    media,  # noqa: F401 (fixture)
    on_day,
    submit_on,
)
from thidua.organizations import services as org_services
from thidua.organizations.tests import factories as f

pytestmark = pytest.mark.usefixtures("media")
DUE = date(2024, 6, 15)


@pytest.fixture
def addresses(world):
    """U3: an officer and a leader with addresses; U1: a leader; U2: nobody."""
    officer = world.users["unit_officer"]
    officer.email = "canbo.ubkt@example.vn"
    officer.save(update_fields=["email"])
    world.users["leader"].email = "lanhdao.grant@example.vn"  # a leader *grant*
    world.users["leader"].save(update_fields=["email"])
    p3 = world.people["p3"]
    p3.is_leader, p3.email = True, "truongban.ubkt@example.vn"
    p3.save()
    world.people["p1"].email = "chuyenvien.btg@example.vn"  # not a leader
    world.people["p1"].save()
    f.PersonFactory(
        unit=world.U1,
        full_name="Lê Văn Hùng",
        gender="male",
        is_leader=True,
        email="truongban.btg@example.vn",
    )
    return world


def run(day):
    with on_day(day):
        return services.send_reminders(today=day)


def to(message):
    return sorted(message.to)


def test_units_that_have_not_sent_are_reminded_three_days_before(addresses):
    w = addresses
    add_requirement(w, title="Báo cáo sơ kết 6 tháng", due=DUE)
    sent = run(date(2024, 6, 12))
    assert {(r.unit_id, r.kind, r.sent_on) for r in sent} == {
        (w.U1.pk, "before", date(2024, 6, 12)),
        (w.U3.pk, "before", date(2024, 6, 12)),
    }
    assert sorted(to(m) for m in mail.outbox) == [
        ["canbo.ubkt@example.vn", "truongban.ubkt@example.vn"],
        ["truongban.btg@example.vn"],
    ]


def in_vietnamese(msgid, **values):
    with translation.override("vi"):
        text = gettext(msgid)
    assert text != msgid, "no Vietnamese translation"
    return text % values


def test_the_message_is_in_vietnamese(addresses):
    w = addresses
    add_requirement(w, title="Báo cáo sơ kết 6 tháng", due=DUE)
    run(date(2024, 6, 12))
    message = next(m for m in mail.outbox if "canbo.ubkt@example.vn" in m.to)
    assert message.subject == in_vietnamese(
        "Reminder: %(document)s is due on %(date)s",
        document="Báo cáo sơ kết 6 tháng",
        date="15/06/2024",
    )
    assert message.body.startswith("Kính gửi")
    assert "Ủy ban Kiểm tra Tỉnh ủy" in message.body
    assert "Khối thi đua các cơ quan Đảng (năm 2024)" in message.body
    assert "15/06/2024" in message.body


def test_running_twice_sends_nothing_more(addresses):
    add_requirement(addresses, due=DUE)
    assert len(run(date(2024, 6, 12))) == 2
    assert run(date(2024, 6, 12)) == []
    assert run(date(2024, 6, 13)) == []  # the "before" reminder went already
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2


def test_nothing_is_sent_earlier_than_the_setting_says(addresses):
    add_requirement(addresses, due=DUE)
    assert run(date(2024, 6, 11)) == []
    assert mail.outbox == []


def test_a_unit_that_has_sent_the_document_is_not_reminded(addresses):
    w = addresses
    requirement = add_requirement(w, due=DUE)
    submit_on(w, requirement, w.U3, date(2024, 6, 10))
    sent = run(date(2024, 6, 12))
    assert [r.unit_id for r in sent] == [w.U1.pk]
    assert run(date(2024, 6, 16)) == [Reminder.objects.get(kind="after")]
    assert Reminder.objects.get(kind="after").unit_id == w.U1.pk


def test_a_missed_document_is_reminded_once_the_day_after(addresses):
    w = addresses
    add_requirement(w, title="Báo cáo sơ kết 6 tháng", due=DUE)
    assert run(DUE) != []  # the due date itself is still "before"
    mail.outbox.clear()
    sent = run(date(2024, 6, 16))
    assert {(r.unit_id, r.kind) for r in sent} == {
        (w.U1.pk, "after"),
        (w.U3.pk, "after"),
    }
    message = next(m for m in mail.outbox if "truongban.btg@example.vn" in m.to)
    assert message.subject == in_vietnamese(
        "Overdue: %(document)s was due on %(date)s",
        document="Báo cáo sơ kết 6 tháng",
        date="15/06/2024",
    )
    assert "Ban Tuyên giáo Tỉnh ủy" in message.body
    assert run(date(2024, 6, 16)) == []
    assert run(date(2024, 6, 17)) == []
    assert len(mail.outbox) == 2


def test_a_skipped_day_is_caught_up_but_old_deadlines_are_left_alone(addresses):
    add_requirement(addresses, due=DUE)
    assert run(date(2024, 6, 18)) != []  # three days after: still reminded
    mail.outbox.clear()
    add_requirement(addresses, kind="plan", due=date(2024, 1, 31))
    assert run(date(2024, 6, 19)) == []  # months after: no e-mail


def test_the_province_sets_how_many_days_before(addresses):
    w = addresses
    org_services.update_province_settings(
        actor=w.users["province_admin"],
        province=w.P,
        values={"reminder_days_before": 7},
    )
    add_requirement(w, due=DUE)
    assert run(date(2024, 6, 7)) == []
    assert len(run(date(2024, 6, 8))) == 2


def test_a_unit_without_any_address_gets_nothing_and_is_tried_again(addresses):
    w = addresses
    add_requirement(w, due=DUE)
    run(date(2024, 6, 12))
    assert not Reminder.objects.filter(unit=w.U2).exists()
    f.PersonFactory(unit=w.U2, is_leader=True, email="truongban.bdv@example.vn")
    [late] = run(date(2024, 6, 13))
    assert (late.unit_id, late.kind) == (w.U2.pk, "before")
    assert to(mail.outbox[-1]) == ["truongban.bdv@example.vn"]


def test_inactive_officers_and_duplicate_addresses_are_skipped(addresses):
    w = addresses
    w.people["p3"].email = "CANBO.UBKT@example.vn"  # the officer's address again
    w.people["p3"].save()
    former = f.UserFactory(username="cu", email="cu@example.vn", is_active=False)
    f.grant(former, "unit_officer", w.P, unit=w.U3)
    add_requirement(w, due=DUE)
    run(date(2024, 6, 12))
    message = next(m for m in mail.outbox if w.U3.name in m.body)
    assert to(message) == ["canbo.ubkt@example.vn"]


def test_each_reminder_is_audited_without_addresses(addresses):
    w = addresses
    requirement = add_requirement(w, due=DUE)
    run(date(2024, 6, 12))
    events = AuditEvent.objects.filter(verb="cycles.reminder.sent").order_by("pk")
    assert [e.after["unit"] for e in events] == [w.U1.pk, w.U3.pk]
    assert events[1].after == {
        "requirement": requirement.pk,
        "unit": w.U3.pk,
        "kind": "before",
        "due_date": "2024-06-15",
        "recipients": 2,
    }
    assert events[1].actor_id is None
    assert "example.vn" not in str(events[1].after)


def test_other_blocks_and_provinces_follow_their_own_members(addresses):
    w = addresses
    officer = f.UserFactory(username="stp", email="canbo.stp@example.vn")
    f.grant(officer, "unit_officer", w.P, unit=w.U4)
    org_services.update_province_settings(
        actor=w.users["superuser"], province=w.Q, values={"reminder_days_before": 0}
    )
    other = services.add_requirement(
        actor=w.users["outsider"],
        block_year=w.BY2,
        title="Kế hoạch",
        kind="plan",
        due_date=DUE,
    )
    sent = run(date(2024, 6, 12))
    assert {(r.requirement_id, r.unit_id) for r in sent} == {(other.pk, w.U4.pk)}


def test_after_a_reorganisation_the_successor_is_reminded(addresses):
    w = addresses
    [successor] = org_services.reorganize_units(
        actor=w.users["province_admin"],
        sources=[w.U3],
        effective=date(2024, 5, 1),
        new_units=[org_services.NewUnit(name="Ủy ban Kiểm tra (mới)")],
    )
    # The people moved with the reorganisation; the officer's grant did not.
    add_requirement(w, due=DUE)
    sent = run(date(2024, 6, 12))
    assert {r.unit_id for r in sent} == {w.U1.pk, successor.pk}


# --- the command -------------------------------------------------------------------


def test_the_command_sends_the_days_reminders(addresses):
    add_requirement(addresses, due=DUE)
    out = StringIO()
    call_command("send_reminders", "--date", "2024-06-12", stdout=out)
    assert out.getvalue().strip() == "2 reminder(s) sent for 2024-06-12."
    call_command("send_reminders", "--date", "2024-06-12", stdout=out)
    assert len(mail.outbox) == 2


def test_the_command_runs_as_of_today_by_default(addresses):
    add_requirement(addresses, due=DUE)
    out = StringIO()
    with on_day(date(2024, 6, 12)):
        call_command("send_reminders", stdout=out)
    assert "2 reminder(s) sent for 2024-06-12." in out.getvalue()


def test_the_command_refuses_a_malformed_date(db):
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "12/06/2024")


def test_a_reminder_also_rings_the_officers_bell(world):
    """Officers without an e-mail address still see the reminder in the app."""
    from thidua.core.models import RoleGrant
    from thidua.cycles import services as cycles
    from thidua.movements.models import Notification
    from thidua.organizations.tests import factories as fac

    officer = fac.UserFactory(email="")
    RoleGrant.objects.create(
        user=officer, role="unit_officer", province=world.P, unit=world.U2
    )
    cycles.add_requirement(
        actor=world.users["block_secretary"],
        block_year=world.BY,
        title="Kế hoạch thi đua",
        kind="plan",
        due_date=date(2024, 3, 3),
    )
    cycles.send_reminders(today=date(2024, 3, 1))
    bell = Notification.objects.filter(user=officer)
    assert bell.count() == 1
    assert bell.get().link == f"/block-years/{world.BY.pk}/documents/"
