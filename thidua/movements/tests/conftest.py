"""Fixtures of issue 7's tests: a movement of the small world (conftest.py)."""

from datetime import date

import pytest

from thidua.movements import services


@pytest.fixture
def movement(world):
    """A 2024 regular movement of P for block B (U1, U2, U3), launched by the Board."""
    return services.launch_movement(
        actor=world.users["province_admin"],
        province=world.P,
        name="Thi đua thực hiện thắng lợi nhiệm vụ năm 2024",
        kind="thuong_xuyen",
        issuing_authority="Ủy ban nhân dân tỉnh",
        start_date=date(2024, 1, 1),
        end_date=date(2024, 12, 31),
        blocks=[world.B],
        awards=["co_thi_dua_tinh", "bang_khen_tinh"],
    )


def refused(code, fn, **kwargs):
    """Call a service expecting a refusal with ``code``; the error, for more checks."""
    from thidua.core.errors import DomainError

    with pytest.raises(DomainError) as caught:
        fn(**kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value
