"""Fixtures of issue 5's tests: the voting hall (block B's 2024 tổng kết with eight
member units) and a closed flag round that elected Ủy ban Kiểm tra Tỉnh ủy (U3)."""

from datetime import date

import pytest

from thidua.awards import services
from thidua.core.errors import DomainError
from thidua.voting.tests.conftest import Hall, hall

__all__ = ["Hall", "hall"]


@pytest.fixture
def flag_round(hall):
    """A closed co_thi_dua_tinh round: U3 elected with 6 of 8 votes."""
    round, tokens = hall.opened()
    u3 = hall.world.U3
    for token in tokens[:6]:
        hall.cast(round, token, u3)
    for token in tokens[6:8]:
        hall.cast(round, token, hall.world.U1)
    hall.close(round)
    round.refresh_from_db()
    return round


def htxs(world, unit, year=2024):
    return services.set_rating(
        actor=world.users["province_admin"], subject=unit, year=year, level="htxs"
    )


def refused(code, fn, **kwargs):
    """Call a service expecting a refusal with ``code``; the error, for more checks."""
    with pytest.raises(DomainError) as caught:
        fn(**kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


DAY = date(2025, 1, 20)
