"""A conference hall on the root conftest's world: block B's 2024 year grows to eight
member units (U1 head, U2 deputy, U3 and five more), one delegate each, and the
tổng kết conference of 18/12/2024 with every delegate present."""

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import pytest

from thidua.organizations.models import Membership
from thidua.organizations.tests import factories as f
from thidua.voting import services

EXTRA_UNITS = [
    "Ban Nội chính Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Văn phòng Tỉnh ủy",
    "Báo Hòa Bình",
    "Trường Chính trị",
]
DELEGATES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Vũ Thị Giang",
    "Đặng Văn Hải",
    "Bùi Thị Lan",
]


@dataclass
class Hall:
    world: object
    block_year: object
    units: list
    delegates: list
    conference: object
    secretary: object
    admin: object

    def round(self, **kwargs):
        """A draft round (defaults: electronic, co_thi_dua_tinh, 1 seat, ≥ 1/2 of
        the members, every member unit a candidate in hall order)."""
        args = {
            "actor": self.secretary,
            "conference": self.conference,
            "award": "co_thi_dua_tinh",
            "seats": 1,
            "threshold": Fraction(1, 2),
            "threshold_base": "members",
            "mode": "electronic",
            "candidates": self.units,
        }
        args.update(kwargs)
        return services.create_round(**args)

    def opened(self, **kwargs):
        """An open electronic round; answers (round, tokens)."""
        voters = kwargs.pop("voters", self.delegates)
        round = self.round(**kwargs)
        return services.open_round(actor=self.secretary, round=round, voters=voters)

    def cast(self, round, token, *units):
        services.cast_ballot(round=round, token=token, choices=[u.pk for u in units])

    def close(self, round):
        return services.close_round(actor=self.secretary, round=round)


@pytest.fixture
def hall(world):
    by = world.BY
    extra = [f.UnitFactory(province=world.P, name=name) for name in EXTRA_UNITS]
    Membership.objects.bulk_create(
        Membership(block_year=by, unit=u, role="member", year=by.year) for u in extra
    )
    units = [world.U1, world.U2, world.U3, *extra]
    delegates = [
        f.PersonFactory(unit=u, full_name=name, gender="female" if i % 2 else "male")
        for i, (u, name) in enumerate(zip(units, DELEGATES, strict=True))
    ]
    secretary = world.users["block_secretary"]
    conference = services.record_conference(
        actor=secretary,
        block_year=by,
        kind="tong_ket",
        date=date(2024, 12, 18),
        host_unit=world.U1,
        attendees=delegates,
        agenda="Tổng kết công tác thi đua năm 2024; bình xét, suy tôn.",
    )
    return Hall(
        world=world,
        block_year=by,
        units=units,
        delegates=delegates,
        conference=conference,
        secretary=secretary,
        admin=world.users["province_admin"],
    )
