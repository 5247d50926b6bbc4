"""Block B's 2024 year with a covenant, final scores for its three units and a
tổng kết conference with a closed co_thi_dua_tinh round (U1 elected)."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from thidua.cycles import services as cycle_services
from thidua.scoring import services as scoring_services
from thidua.voting import services as voting_services


@pytest.fixture
def filled(world):
    su = world.users["superuser"]
    by = world.BY
    cycle_services.put_covenant(
        actor=su,
        block_year=by,
        contents=["Thi đua hoàn thành xuất sắc nhiệm vụ"],
        criteria=[cycle_services.CriterionSpec("1.1", "Chỉ tiêu chính", Decimal(90))],
    )
    for unit, points in ((world.U1, 88), (world.U2, 80.5), (world.U3, 75)):
        scoring_services.write_sheet(
            actor=su,
            block_year=by,
            unit=unit,
            period="year",
            stage="final",
            scores={"1.1": Decimal(str(points))},
        )
    conference = voting_services.record_conference(
        actor=su,
        block_year=by,
        kind="tong_ket",
        date=date(2024, 12, 18),
        host_unit=world.U2,
        attendees=[world.people["p1"], world.people["p3"]],
    )
    round = voting_services.create_round(
        actor=su,
        conference=conference,
        award="co_thi_dua_tinh",
        seats=1,
        threshold=Fraction(1, 2),
        threshold_base="members",
        mode="electronic",
        candidates=[world.U1, world.U2, world.U3],
    )
    round, tokens = voting_services.open_round(
        actor=su, round=round, voters=[world.people["p1"], world.people["p3"]]
    )
    for token in tokens:
        voting_services.cast_ballot(round=round, token=token, choices=[world.U1.pk])
    voting_services.close_round(actor=su, round=round)
    return world
