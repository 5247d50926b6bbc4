"""Generate a synthetic, deterministic dataset for benchmarks (issue 8).

``generate_synthetic --provinces N --seed S`` builds N provinces, each (by default)
with 60 blocks, 500 units, 50,000 people and a decade of block years: memberships
(6–12 units per block, a head and a deputy), a covenant with its contents and
criteria, a final score sheet for every member, and a published ``year`` ranking.
Names are Vietnamese, drawn from the lists of ``load_demo``; every number is
invented. The same seed gives the same data.

This is a synthetic-data generator, not a use case: it writes through the ORM with
``bulk_create`` (no services, no audit events) so that a whole province takes
seconds. ``bulk_create`` skips ``save()``, so the derived ``sort_key`` and
``search_name`` columns are set here with the rules that ``save()`` uses. Rows are
streamed in batches of 2,000 inside one transaction per province; nothing holds a
province's rows in memory at once.
"""

import random
import time
from decimal import Decimal
from functools import lru_cache
from itertools import islice

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from thidua.awards import synthetic as awards_synthetic  # issue 5: award history
from thidua.cycles.models import Covenant, CovenantContent, Criterion
from thidua.organizations.management.commands.load_demo import (
    FAMILY,
    GIVEN_F,
    GIVEN_M,
    HB_2024_CONTENTS,
    HB_2024_CRITERIA,
    MIDDLE_F,
    MIDDLE_M,
    POSITIONS,
)
from thidua.organizations.models import (
    Block,
    BlockYear,
    Membership,
    Person,
    Province,
    Unit,
)
from thidua.rules.text import fold, person_sort_key, sort_key
from thidua.scoring.models import Publication, PublishedRank, ScoreEntry, ScoreSheet

BATCH = 2_000
LAST_YEAR = 2024
SYNTHETIC_USER = "synthetic-generator"
PROVINCES = [
    "Hà Nội",
    "Huế",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Lạng Sơn",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Cao Bằng",
    "Tuyên Quang",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Hải Phòng",
    "Ninh Bình",
    "Quảng Trị",
    "Đà Nẵng",
    "Quảng Ngãi",
    "Gia Lai",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đắk Lắk",
    "Thành phố Hồ Chí Minh",
    "Đồng Nai",
    "Tây Ninh",
    "Cần Thơ",
    "Vĩnh Long",
    "Đồng Tháp",
    "Cà Mau",
    "An Giang",
]
AGENCIES = [
    ("Văn phòng Tỉnh ủy", "VPTU"),
    ("Ban Tổ chức Tỉnh ủy", "BTC"),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDV"),
    ("Ủy ban Kiểm tra Tỉnh ủy", "UBKT"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "VPUB"),
    ("Sở Tài chính", "STC"),
    ("Sở Tư pháp", "STP"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Y tế", "SYT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Công Thương", "SCT"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT"),
    ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("Thanh tra tỉnh", "TTT"),
    ("Công an tỉnh", "CAT"),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCHQS"),
    ("Tòa án nhân dân tỉnh", "TAND"),
    ("Viện Kiểm sát nhân dân tỉnh", "VKSND"),
    ("Báo và Phát thanh, Truyền hình tỉnh", "BPTTH"),
    ("Trường Chính trị tỉnh", "TCT"),
]
LOCAL = [
    "Ủy ban nhân dân xã",
    "Đảng ủy xã",
    "Trường Trung học phổ thông",
    "Trung tâm Y tế khu vực",
    "Ủy ban nhân dân phường",
]


@lru_cache(maxsize=8192)
def _person_keys(full_name: str) -> tuple[str, str]:
    return person_sort_key(full_name), fold(full_name)


def _chunks(iterable, size=BATCH):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _bulk(model, rows) -> int:
    """Insert ``rows`` (any iterable) in batches; return how many."""
    count = 0
    for chunk in _chunks(rows):
        model.objects.bulk_create(chunk)
        count += len(chunk)
    return count


def _block_sizes(rng: random.Random, blocks: int, units: int) -> list[int]:
    """6–12 units per block, shrunk (never below 6 while units allow) to fit."""
    sizes = [rng.randint(6, 12) for _ in range(blocks)]
    while sum(sizes) > units and any(s > 6 for s in sizes):
        i = rng.choice([i for i, s in enumerate(sizes) if s > 6])
        sizes[i] -= 1
    while sum(sizes) > units:  # fewer units than blocks × 6: smaller last blocks
        i = max(i for i, s in enumerate(sizes) if s > 0)
        sizes[i] -= 1
    return [s for s in sizes if s > 0]


class Command(BaseCommand):
    help = "Generate synthetic provinces for benchmarks (deterministic, streamed)."

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, default=1)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--blocks-per-province", type=int, default=60)
        parser.add_argument("--units", type=int, default=500, help="per province")
        parser.add_argument("--people", type=int, default=50_000, help="per province")
        parser.add_argument("--years", type=int, default=10)

    def handle(self, *args, **options):
        if not 1 <= options["provinces"] <= len(PROVINCES):
            raise CommandError(f"--provinces must be 1–{len(PROVINCES)}")
        if options["units"] < 2 or options["blocks_per_province"] < 1:
            raise CommandError("need at least 2 units and 1 block per province")
        start = time.perf_counter()
        user, _ = get_user_model().objects.get_or_create(
            username=SYNTHETIC_USER, defaults={"is_active": False}
        )
        totals: dict[str, int] = {}
        for index in range(options["provinces"]):
            rng = random.Random(f"{options['seed']}:{index}")  # noqa: S311 (synthetic data)
            with transaction.atomic():
                counts = self._province(rng, index, user, options)
            for key, value in counts.items():
                totals[key] = totals.get(key, 0) + value
            self.stdout.write(
                f"province {index + 1}/{options['provinces']}: "
                + ", ".join(f"{k} {v:,}" for k, v in counts.items())
                + f" ({time.perf_counter() - start:.1f} s)"
            )
        if connection.vendor == "postgresql":
            # Fresh bulk-loaded tables have no planner statistics until autovacuum
            # gets to them; without, PostgreSQL guesses a few dozen rows per table.
            # VACUUM also sets the visibility map, so counts read the index only
            # (as they will in a database autovacuum keeps). Outside a transaction.
            with connection.cursor() as cursor:
                cursor.execute(
                    "VACUUM ANALYZE" if connection.get_autocommit() else "ANALYZE"
                )
        self.stdout.write(
            "total: "
            + ", ".join(f"{k} {v:,}" for k, v in totals.items())
            + f"; elapsed {time.perf_counter() - start:.1f} s"
        )

    def _province(self, rng, index, user, options) -> dict[str, int]:
        province = Province.objects.create(
            name=f"{PROVINCES[index]} (dữ liệu tổng hợp)",
            code=f"TH{index + 1:02d}",
            is_demo=True,
        )
        counts = {"provinces": 1}
        n_units = options["units"]

        def unit_rows():
            for i in range(n_units):
                if i < len(AGENCIES):
                    name, short = AGENCIES[i]
                else:
                    place = rng.choice(GIVEN_M + GIVEN_F)
                    name = f"{rng.choice(LOCAL)} {place} {i - len(AGENCIES) + 1}"
                    short = ""
                yield Unit(
                    province=province,
                    name=name,
                    short_name=short,
                    sort_key=sort_key(name),
                    search_name=fold(f"{name} {short}"),
                )

        counts["units"] = _bulk(Unit, unit_rows())
        unit_ids = list(
            Unit.objects.filter(province=province)
            .order_by("id")
            .values_list("id", flat=True)
        )

        def person_rows():
            per_unit, extra = divmod(options["people"], n_units)
            for i, unit_id in enumerate(unit_ids):
                for k in range(per_unit + (1 if i < extra else 0)):
                    female = rng.random() < 0.45
                    full_name = " ".join(
                        (
                            rng.choice(FAMILY),
                            rng.choice(MIDDLE_F if female else MIDDLE_M),
                            rng.choice(GIVEN_F if female else GIVEN_M),
                        )
                    )
                    key, search = _person_keys(full_name)
                    yield Person(
                        unit_id=unit_id,
                        full_name=full_name,
                        gender="female" if female else "male",
                        position=POSITIONS[0] if k == 0 else rng.choice(POSITIONS),
                        is_leader=k == 0,
                        sort_key=key,
                        search_name=search,
                    )

        counts["people"] = _bulk(Person, person_rows())

        def block_rows():
            for b in range(options["blocks_per_province"]):
                kind = "khoi" if b % 3 else "cum"
                name = f"{'Khối' if kind == 'khoi' else 'Cụm'} thi đua số {b + 1}"
                yield Block(
                    province=province,
                    name=name,
                    kind=kind,
                    sort_key=sort_key(name),
                    search_name=fold(name),
                )

        counts["blocks"] = _bulk(Block, block_rows())
        blocks = list(
            Block.objects.filter(province=province)
            .order_by("id")
            .values_list("id", flat=True)
        )
        shuffled = unit_ids[:]
        rng.shuffle(shuffled)
        sizes = _block_sizes(rng, len(blocks), len(unit_ids))
        members, at = {}, 0
        for block_id, size in zip(blocks, sizes, strict=False):
            members[block_id] = shuffled[at : at + size]
            at += size
        years = range(LAST_YEAR - options["years"] + 1, LAST_YEAR + 1)
        for key in ("block_years", "memberships", "score_entries", "published_ranks"):
            counts[key] = 0
        for block_id, units in members.items():
            # One block's decade at a time: a few hundred rows, then written.
            self._block(rng, block_id, units, years, user, counts)
        counts |= awards_synthetic.generate(province, years, (options["seed"], index))
        return counts

    def _block(self, rng, block_id, units, years, user, counts):
        block_years = BlockYear.objects.bulk_create(
            BlockYear(block_id=block_id, year=y, theme=rng.choice(HB_2024_CONTENTS))
            for y in years
        )
        counts["block_years"] += len(block_years)
        memberships = []
        for by in block_years:
            head = by.year % len(units)
            deputy = (head + 1) % len(units)
            for i, unit_id in enumerate(units):
                role = "head" if i == head else "deputy" if i == deputy else "member"
                memberships.append(
                    Membership(block_year=by, unit_id=unit_id, role=role, year=by.year)
                )
        counts["memberships"] += _bulk(Membership, memberships)
        covenants = Covenant.objects.bulk_create(
            Covenant(
                block_year=by,
                bonus_max=Decimal(5),
                late_deduction=Decimal(1),
            )
            for by in block_years
        )
        _bulk(
            CovenantContent,
            (
                CovenantContent(covenant=c, position=i + 1, text=text)
                for c in covenants
                for i, text in enumerate(HB_2024_CONTENTS)
            ),
        )
        criteria = Criterion.objects.bulk_create(
            Criterion(
                covenant=c,
                position=i + 1,
                code=code,
                group=group,
                title=title,
                max_points=Decimal(points),
            )
            for c in covenants
            for i, (code, group, title, points) in enumerate(HB_2024_CRITERIA)
        )
        by_covenant: dict[int, list[Criterion]] = {}
        for criterion in criteria:
            by_covenant.setdefault(criterion.covenant_id, []).append(criterion)
        sheets = ScoreSheet.objects.bulk_create(
            ScoreSheet(
                block_year=by,
                unit_id=unit_id,
                period="year",
                stage="final",
                bonus=Decimal(rng.randint(0, 10)) / 2,
                updated_by=user,
            )
            for by in block_years
            for unit_id in units
        )
        covenant_of = {c.block_year_id: c.pk for c in covenants}
        entries, base = [], {}
        for sheet in sheets:
            total = Decimal(0)
            for criterion in by_covenant[covenant_of[sheet.block_year_id]]:
                lost = Decimal(rng.choice((0, 0, 0, 1, 1, 2, 3))) / 2
                points = max(Decimal(0), criterion.max_points - lost)
                total += points
                entries.append(
                    ScoreEntry(sheet=sheet, criterion=criterion, points=points)
                )
            base[sheet.pk] = total
        counts["score_entries"] += _bulk(ScoreEntry, entries)
        publications = Publication.objects.bulk_create(
            Publication(block_year=by, period="year", published_by=user)
            for by in block_years
        )
        publication_of = {p.block_year_id: p for p in publications}
        ranks = []
        for by in block_years:
            rows = sorted(
                (
                    (base[s.pk] + s.bonus, base[s.pk], s)
                    for s in sheets
                    if s.block_year_id == by.pk
                ),
                key=lambda r: (-r[0], r[2].unit_id),
            )
            totals = [r[0] for r in rows]
            for position, (total, points, sheet) in enumerate(rows, start=1):
                ranks.append(
                    PublishedRank(
                        publication=publication_of[by.pk],
                        unit_id=sheet.unit_id,
                        position=position,
                        base=points,
                        bonus=sheet.bonus,
                        deductions=Decimal(0),
                        total=total,
                        rank=totals.index(total) + 1,
                        tied=totals.count(total) > 1,
                    )
                )
        counts["published_ranks"] += _bulk(PublishedRank, ranks)
