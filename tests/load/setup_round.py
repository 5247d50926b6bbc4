"""Seed a load test: run with ``manage.py shell -c "exec(open(PATH).read())"`` after
``load_demo``. Prints JSON: tokens of an open round, ids, and API tokens."""

import json
from datetime import date
from fractions import Fraction

from django.contrib.auth import get_user_model

from thidua.core.api_auth import issue_token
from thidua.organizations import services as org
from thidua.organizations.models import Block, BlockYear, Person, Province
from thidua.voting import services as voting

admin = get_user_model().objects.get(username="admin")
secretary = get_user_model().objects.get(username="thuky")
block = Block.objects.get(name="Khối thi đua các cơ quan Đảng")
block_year = BlockYear.objects.get(block=block, year=2024)
province = Province.objects.get(name="Hòa Bình")
org.update_province_settings(
    actor=admin, province=province, values={"votes_per": "attendee"}
)
units = [m.unit for m in block_year.memberships.select_related("unit")]
people = []
for i in range(120):
    unit = units[i % len(units)]
    people.append(
        Person.objects.create(unit=unit, full_name=f"Đại biểu Thử {i}", gender="male")
    )
conference = voting.record_conference(
    actor=secretary,
    block_year=block_year,
    kind="tong_ket",
    date=date(2024, 12, 20),
    host_unit=units[0],
    attendees=people,
)
round_ = voting.create_round(
    actor=secretary,
    conference=conference,
    award="bang_khen_tinh",
    seats=2,
    threshold=Fraction(1, 2),
    threshold_base="votes_cast",
    mode="electronic",
)
round_, tokens = voting.open_round(actor=secretary, round=round_, voters=people)
api_token, _ = issue_token(secretary)
print(  # noqa: T201 (the test reads this line)
    "SEED "
    + json.dumps(
        {
            "block_year": block_year.pk,
            "round": round_.pk,
            "tokens": tokens,
            "candidates": [u.pk for u in units],
            "api_token": api_token,
        }
    )
)
