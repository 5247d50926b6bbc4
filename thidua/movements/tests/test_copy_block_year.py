"""The annual rotation: a block year's setup copied into the next year (issue 7)."""

from datetime import date

from thidua.core.models import AuditEvent
from thidua.cycles import services as cycles_services
from thidua.cycles.models import Covenant, Requirement
from thidua.cycles.services import CriterionSpec
from thidua.movements import services
from thidua.movements.tests.conftest import refused
from thidua.organizations.models import BlockYear


def _setup(world):
    world.BY.theme = "Thi đua hoàn thành xuất sắc nhiệm vụ năm 2024"
    world.BY.save()
    secretary = world.users["block_secretary"]
    cycles_services.put_covenant(
        actor=secretary,
        block_year=world.BY,
        contents=["Hoàn thành xuất sắc nhiệm vụ"],
        criteria=[CriterionSpec(code="1.1", title="Chỉ tiêu", max_points=100)],
        late_deduction=2,
    )
    for title, due in (
        ("Kế hoạch thi đua năm 2024", date(2024, 2, 29)),
        ("Báo cáo tổng kết năm 2024", date(2024, 11, 15)),
    ):
        cycles_services.add_requirement(
            actor=secretary,
            block_year=world.BY,
            title=title,
            kind="plan",
            due_date=due,
        )


def test_the_next_year_gets_members_covenant_and_requirements_a_year_later(world):
    _setup(world)
    result = services.copy_block_year_setup(
        actor=world.users["block_secretary"],
        block_year=world.BY,
        head=world.U2,
        deputies=[world.U3],
    )
    new = result.block_year
    assert new.year == 2025
    assert new.theme == "Thi đua hoàn thành xuất sắc nhiệm vụ năm 2025"
    roles = {m.unit_id: m.role for m in new.memberships.all()}
    assert roles == {world.U2.pk: "head", world.U3.pk: "deputy", world.U1.pk: "member"}
    covenant = Covenant.objects.get(block_year=new)
    assert [c.code for c in covenant.criteria.all()] == ["1.1"]
    assert covenant.late_deduction == 2
    assert list(
        Requirement.objects.filter(block_year=new).values_list("title", "due_date")
    ) == [
        ("Kế hoạch thi đua năm 2025", date(2025, 2, 28)),
        ("Báo cáo tổng kết năm 2025", date(2025, 11, 15)),
    ]
    event = AuditEvent.objects.get(verb="movements.block_year.copied")
    assert event.after["requirements"] == 2
    assert event.after["covenant"] is True


def test_copying_when_the_next_year_exists_is_refused(world):
    BlockYear.objects.create(block=world.B, year=2025)
    error = refused(
        "BLOCK_YEAR_EXISTS",
        services.copy_block_year_setup,
        actor=world.users["block_secretary"],
        block_year=world.BY,
        head=world.U2,
        deputies=[world.U3],
    )
    assert error.status == 409


def test_a_unit_that_ended_is_not_carried_over(world):
    world.U1.valid_to = date(2024, 6, 30)
    world.U1.save()
    result = services.copy_block_year_setup(
        actor=world.users["province_admin"],
        block_year=world.BY,
        head=world.U2,
        deputies=[world.U3],
    )
    assert world.U1.pk not in {m.unit_id for m in result.block_year.memberships.all()}


def test_a_refusal_leaves_nothing_behind(world):
    refused(
        "HEAD_IS_DEPUTY",
        services.copy_block_year_setup,
        actor=world.users["block_secretary"],
        block_year=world.BY,
        head=world.U2,
        deputies=[world.U2],
    )
    assert not BlockYear.objects.filter(block=world.B, year=2025).exists()


def test_only_the_secretariat_and_the_board_copy(world):
    for persona in ("unit_officer", "viewer", "outsider"):
        refused(
            "PERMISSION_DENIED",
            services.copy_block_year_setup,
            actor=world.users[persona],
            block_year=world.BY,
            head=world.U2,
            deputies=[world.U3],
        )


def test_the_api_copies_and_answers_the_next_year(world, api_as):
    _setup(world)
    client = api_as(world.users["block_secretary"])
    url = f"/api/v1/block-years/{world.BY.pk}/copy-to-next-year"
    response = client.post(
        url, {"head_unit": world.U2.pk, "deputy_unit": world.U3.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["year"] == 2025
    assert body["head_unit"] == world.U2.pk
    again = client.post(
        url, {"head_unit": world.U2.pk, "deputy_unit": world.U3.pk}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "BLOCK_YEAR_EXISTS"


def test_the_page_prefills_the_rotation_and_copies(world, client_as):
    client = client_as(world.users["block_secretary"])
    url = f"/block-years/{world.BY.pk}/copy-to-next-year/"
    page = client.get(url)
    assert page.status_code == 200
    # This year's deputy (U2) is proposed as next year's head.
    assert page.context["form"].initial["head"] == world.U2.pk
    response = client.post(url, {"head": world.U2.pk, "deputy": world.U3.pk})
    assert response.status_code == 302
    assert BlockYear.objects.filter(block=world.B, year=2025).exists()
