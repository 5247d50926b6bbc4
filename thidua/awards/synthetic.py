"""Synthetic award history for ``generate_synthetic`` (issues 5 and 8): a decade
of ratings and awards for every person and unit of a synthetic province, and each
unit's yearly staff summary.

Deterministic from the seed (one ``random.Random`` of its own, so the generator's
other data do not change), streamed: people are read 2,000 at a time by id
(keyset pages) and their rows written in batches before the next page, so
memory stays bounded whatever the province's size; only small per-unit counters
live for the whole run. Like the generator, this writes without services or audit
events (see ``_Inserter`` for why not even ``bulk_create``): it is benchmark data,
every figure invented.

People, each year: a rating (htxs 15 %, htt 55 %, ht 25 %, kht 5 %); Lao động tiên
tiến for htt or better; Chiến sĩ thi đua cơ sở for half of the htxs years; Bằng
khen tỉnh now and then after two CSTĐCS years running. Units, each year: a rating,
Tập thể lao động tiên tiến or xuất sắc from their people's figures, Bằng khen tỉnh
after two htxs years now and then, and the staff summary counted from the people.
The last year has its ratings and summaries but no awards yet: those are what its
proposals and the eligibility batch are about. Its proposals: in every block year of
that year, the first member unit for Cờ thi đua tỉnh and the next two for Bằng khen
tỉnh, at draft, submitted or accepted, by a synthetic clerk account.
"""

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from thidua.awards.models import AwardRecord, Proposal, Rating, StaffSummary
from thidua.organizations.models import Membership, Person, Province, Unit
from thidua.rules import eligibility as rules

PAGE = 2_000  # people read per query
BATCH = 5_000  # rows per executemany
_PERSON_LEVELS = (rules.HTXS,) * 3 + (rules.HTT,) * 11 + (rules.HT,) * 5 + (rules.KHT,)
_UNIT_LEVELS = (rules.HTXS,) * 3 + (rules.HTT,) * 6 + (rules.HT,)
_AT_LEAST_HTT = {rules.HTXS, rules.HTT}


class _Inserter:
    """``INSERT`` of plain tuples, ``BATCH`` rows per ``executemany``.

    ``bulk_create`` spends about 100 µs a row in Django's compiler (a model
    instance, then every field prepared one by one): 900,000 history rows took 90 s
    of a province's generation. These rows are plain numbers, text and dates, so
    they go straight to the driver, adapted once per value by the backend's own
    ``adapt_*`` functions — the same values ``bulk_create`` would send."""

    def __init__(self, model: type[Model], fields: Sequence[str]) -> None:
        meta = model._meta
        columns = ", ".join(
            connection.ops.quote_name(meta.get_field(f).column) for f in fields
        )
        marks = ", ".join(["%s"] * len(fields))
        table = connection.ops.quote_name(meta.db_table)
        # Names from the model, values bound by the driver.
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0

    def add(self, *values: Any) -> None:
        self.rows.append(values)
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> int:
        if self.rows:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, self.rows)
            self.count += len(self.rows)
            self.rows = []
        return self.count


def _decision(rng: random.Random, year: int) -> tuple[str, date]:
    """An invented decision of late December of ``year``."""
    return f"{rng.randint(1, 3999)}/QĐ-UBND", date(year, 12, rng.randint(15, 31))


def _people_pages(province: Province) -> Iterable[Sequence[tuple[int, int, str]]]:
    """``(id, unit id, gender)`` of the province's people, by id, a page at a time."""
    last = 0
    people = Person.objects.filter(unit__province=province).order_by("id")
    while page := list(
        people.filter(id__gt=last).values_list("id", "unit_id", "gender")[:PAGE]
    ):
        yield page
        last = page[-1][0]


def generate(province: Province, years: Iterable[int], seed: Any) -> dict[str, int]:
    """Ratings, awards and staff summaries of ``province`` for ``years``; the
    number of rows written by kind. Call it inside the generator's transaction."""
    rng = random.Random(f"{seed}:awards")  # noqa: S311 (synthetic data)
    years = list(years)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    day = connection.ops.adapt_datefield_value
    ratings = _Inserter(Rating, ["person", "unit", "year", "level", "updated_at"])
    awards = _Inserter(
        AwardRecord,
        [
            "person",
            "unit",
            "province",
            "award",
            "year",
            "kind",
            "decision_number",
            "decision_date",
            "created_at",
        ],
    )

    def award(person: int | None, unit: int | None, slug: str, year: int) -> None:
        if year == years[-1]:
            return  # the last year's awards are still to be decided (see above)
        number, on = _decision(rng, year)
        awards.add(
            person, unit, province.pk, slug, year, rules.REGULAR, number, day(on), now
        )

    # unit → year → [members, women, LĐTT, CSTĐCS, completed]
    staff: dict[int, dict[int, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0, 0, 0, 0])
    )
    for page in _people_pages(province):
        for person_id, unit_id, gender in page:
            run = 0  # CSTĐCS years running
            for year in years:
                level = rng.choice(_PERSON_LEVELS)
                ratings.add(person_id, None, year, level, now)
                counters = staff[unit_id][year]
                counters[0] += 1
                counters[1] += gender == "female"
                counters[4] += level != rules.KHT
                if level not in _AT_LEAST_HTT:
                    run = 0
                    continue
                counters[2] += 1
                award(person_id, None, rules.LDTT, year)
                if level != rules.HTXS or rng.random() >= 0.5:
                    run = 0
                    continue
                counters[3] += 1
                run += 1
                award(person_id, None, rules.CSTDCS, year)
                if run >= 2 and rng.random() < 0.3:
                    award(person_id, None, rules.BK_TINH, year)
                    run = 0
        # The page's rows are written before the next page is read.
        ratings.flush()
        awards.flush()

    unit_ids = list(
        Unit.objects.filter(province=province)
        .order_by("id")
        .values_list("id", flat=True)
    )
    summaries = _Inserter(
        StaffSummary,
        [
            "unit",
            "year",
            "members",
            "women",
            "lao_dong_tien_tien",
            "chien_si_thi_dua_co_so",
            "completed_tasks",
            "disciplined_canh_cao_or_above",
            "updated_at",
        ],
    )
    for unit_id in unit_ids:
        run = 0  # htxs years running
        for year in years:
            level = rng.choice(_UNIT_LEVELS)
            ratings.add(None, unit_id, year, level, now)
            members, women, ldtt, cstdcs, completed = staff[unit_id][year]
            if members:
                summaries.add(
                    unit_id, year, members, women, ldtt, cstdcs, completed, 0, now
                )
            run = run + 1 if level == rules.HTXS else 0
            share = members > 0 and ldtt * 10 >= members * 7  # ≥ 70 % LĐTT
            if level == rules.HTXS and share and cstdcs and completed == members:
                award(None, unit_id, rules.TTLDXS, year)
            elif level in _AT_LEAST_HTT and share:
                award(None, unit_id, rules.TTLDTT, year)
            if run >= 2 and rng.random() < 0.3:
                award(None, unit_id, rules.BK_TINH, year)
                run = 0
    counts = {
        "ratings": ratings.flush(),
        "award_records": awards.flush(),
        "staff_summaries": summaries.flush(),
    }
    counts["proposals"] = _proposals(province, years[-1], rng)
    return counts


def _proposals(province: Province, year: int, rng: random.Random) -> int:
    from django.contrib.auth import get_user_model

    clerk, _ = get_user_model().objects.get_or_create(
        username="tong-hop", defaults={"is_active": False}
    )
    members: dict[int, list[int]] = defaultdict(list)
    for block_year, unit in (
        Membership.objects.filter(block_year__block__province=province, year=year)
        .order_by("block_year_id", "unit_id")
        .values_list("block_year_id", "unit_id")
    ):
        members[block_year].append(unit)
    statuses = (
        Proposal.Status.DRAFT,
        Proposal.Status.SUBMITTED,
        Proposal.Status.ACCEPTED,
    )
    rows = []
    for block_year, units in members.items():
        for index, unit in enumerate(units[:3]):
            rows.append(
                Proposal(
                    province=province,
                    unit_id=unit,
                    award=rules.CO_TINH if index == 0 else rules.BK_TINH,
                    year=year,
                    block_year_id=block_year,
                    status=rng.choice(statuses),
                    created_by=clerk,
                )
            )
    Proposal.objects.bulk_create(rows, batch_size=1_000)
    return len(rows)
