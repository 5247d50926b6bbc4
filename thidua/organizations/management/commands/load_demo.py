"""Load the demo: three provinces' Party-agency blocks from the public 2024 reports,
the 2025 merger, invented people, and one demo user per role.

Real: block and unit names, the 2023/2024 heads of Ninh Thuận and the 2024 head of
Hòa Bình, the merger. Invented (and labelled "Dữ liệu minh họa" on every page):
people, deputies, the Đắk Lắk head, everything else.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from thidua.core.services import grant_role
from thidua.organizations import services
from thidua.organizations.models import Province

DEMO_PASSWORD = "ThiDua@2024"  # noqa: S105 (a demo login, printed on purpose)
MERGER_DATE = date(2025, 7, 1)

NINH_THUAN = [
    ("Văn phòng Tỉnh ủy", "VPTU"),
    ("Ban Tuyên giáo Tỉnh ủy", "BTG"),
    ("Ban Tổ chức Tỉnh ủy", "BTC"),
    ("Ban Dân vận Tỉnh ủy", "BDV"),
    ("Ủy ban Kiểm tra Tỉnh ủy", "UBKT"),
    ("Đảng ủy khối Cơ quan - Doanh nghiệp tỉnh", "ĐUK"),
    ("Trường Chính trị tỉnh", "TCT"),
    ("Báo Ninh Thuận", "BNT"),
]
DAK_LAK = [
    ("Bộ Chỉ huy Quân sự tỉnh", "BCHQS"),
    ("Công an tỉnh", "CAT"),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BĐBP"),
    ("Sở Tư pháp", "STP"),
    ("Viện Kiểm sát nhân dân tỉnh", "VKSND"),
    ("Tòa án nhân dân tỉnh", "TAND"),
    ("Cục Thi hành án dân sự tỉnh", "CTHADS"),
    ("Thanh tra tỉnh", "TTT"),
]
HOA_BINH = [
    ("Ban Tuyên giáo Tỉnh ủy", "BTG"),
    ("Ban Dân vận Tỉnh ủy", "BDV"),
    ("Ban Nội chính Tỉnh ủy", "BNC"),
    ("Ban Tổ chức Tỉnh ủy", "BTC"),
    ("Ủy ban Kiểm tra Tỉnh ủy", "UBKT"),
    ("Văn phòng Tỉnh ủy", "VPTU"),
    ("Báo Hòa Bình", "BHB"),
    ("Trường Chính trị", "TCT"),
    ("Đảng ủy Khối các cơ quan tỉnh", "ĐUK"),
]
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Quách",
    "Bạch",
    "Hà",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thành"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Minh", "Thanh", "Thùy"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Tâm",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Uyên",
    "Yến",
]
POSITIONS = [
    "Trưởng ban",
    "Phó Trưởng ban",
    "Chánh Văn phòng",
    "Chuyên viên",
    "Chuyên viên chính",
    "Cán bộ phụ trách thi đua, khen thưởng",
]


def invented_people(seed: int, count: int):
    for i in range(count):
        n = seed * 7 + i * 5
        female = (seed + i) % 2 == 1
        middle, given = (MIDDLE_F, GIVEN_F) if female else (MIDDLE_M, GIVEN_M)
        yield {
            "full_name": f"{FAMILY[n % len(FAMILY)]} {middle[n % len(middle)]} "
            f"{given[(n // 3) % len(given)]}",
            "gender": "female" if female else "male",
            "position": POSITIONS[0] if i == 0 else POSITIONS[(n % 5) + 1],
            "is_leader": i == 0,
        }


class Command(BaseCommand):
    help = "Load the demo province data (idempotent: does nothing if already loaded)."

    def handle(self, *args, **options):
        if Province.objects.filter(is_demo=True).exists():
            self.stdout.write("Demo data already loaded.")
            return
        with transaction.atomic():
            self._load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    def _load(self):
        User = get_user_model()
        admin = User.objects.filter(
            username="admin"
        ).first() or User.objects.create_superuser(
            "admin", "admin@example.invalid", DEMO_PASSWORD
        )

        def province(name, code):
            p = services.create_province(actor=admin, name=name, code=code)
            Province.objects.filter(pk=p.pk).update(is_demo=True)
            return p

        ninh_thuan = province("Ninh Thuận", "NT")
        khanh_hoa = province("Khánh Hòa", "KH")
        dak_lak = province("Đắk Lắk", "DLK")
        phu_yen = province("Phú Yên", "PY")
        hoa_binh = province("Hòa Bình", "HB")
        phu_tho = province("Phú Thọ", "PT")

        def units(p, names, seed):
            made = []
            for i, (name, short) in enumerate(names):
                u = services.create_unit(
                    actor=admin, province=p, name=name, short_name=short
                )
                for person in invented_people(seed + i, 4):
                    services.create_person(actor=admin, unit=u, **person)
                made.append(u)
            return made

        nt = units(ninh_thuan, NINH_THUAN, 1)
        dl = units(dak_lak, DAK_LAK, 20)
        hb = units(hoa_binh, HOA_BINH, 40)

        # Ninh Thuận: head 2023 Văn phòng Tỉnh ủy, which handed the head's flag to
        # Ban Tuyên giáo Tỉnh ủy for 2024 (report). Deputies are invented.
        nt_block = services.create_block(
            actor=admin,
            province=ninh_thuan,
            name="Khối thi đua các cơ quan Đảng tỉnh",
            kind="khoi",
        )
        services.create_block_year(
            actor=admin,
            block=nt_block,
            year=2023,
            head=nt[0],
            deputies=[nt[1]],
            members=nt,
            theme="Đoàn kết, kỷ cương, sáng tạo, hoàn thành xuất sắc nhiệm vụ",
        )
        services.create_block_year(
            actor=admin,
            block=nt_block,
            year=2024,
            head=nt[1],
            deputies=[nt[2]],
            members=nt,
            theme="Đoàn kết, đổi mới, nâng cao chất lượng tham mưu",
        )
        dl_block = services.create_block(
            actor=admin, province=dak_lak, name="Khối thi đua số 3", kind="khoi"
        )
        services.create_block_year(
            actor=admin,
            block=dl_block,
            year=2024,
            head=dl[1],
            deputies=[dl[3]],
            members=dl,
        )
        hb_block = services.create_block(
            actor=admin,
            province=hoa_binh,
            name="Khối thi đua các cơ quan Đảng",
            kind="khoi",
        )
        services.create_block_year(
            actor=admin,
            block=hb_block,
            year=2024,
            head=hb[0],
            deputies=[hb[1]],
            members=hb,
            theme="Thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm 2024",
        )

        # The 2025 reform: provinces merge on 01/07/2025 and their Party agencies with
        # them; each 2024 unit's history follows its successor.
        self._merge_provinces([ninh_thuan], khanh_hoa)
        self._merge_provinces([phu_yen], dak_lak)
        self._merge_provinces([hoa_binh], phu_tho)
        for source, _ in zip(nt, NINH_THUAN, strict=True):
            name = source.name if source.name != "Báo Ninh Thuận" else "Báo Khánh Hòa"
            services.reorganize_units(
                actor=admin,
                sources=[source],
                effective=MERGER_DATE,
                new_units=[services.NewUnit(name=name, short_name=source.short_name)],
                province=khanh_hoa,
            )
        for source in hb:
            name = source.name if source.name != "Báo Hòa Bình" else "Báo Phú Thọ"
            services.reorganize_units(
                actor=admin,
                sources=[source],
                effective=MERGER_DATE,
                new_units=[services.NewUnit(name=name, short_name=source.short_name)],
                province=phu_tho,
            )
        self._users(admin, hoa_binh, hb_block, hb, also=phu_tho)

    def _merge_provinces(self, sources, target):
        for p in sources:
            Province.objects.filter(pk=p.pk).update(valid_to=date(2025, 6, 30))
            p.successors.add(target)

    def _users(self, admin, province, block, units, also):
        User = get_user_model()
        people = [
            ("tinh", "Phòng Thi đua - Khen thưởng", "province_admin", {}),
            ("thuky", "Thư ký khối", "block_secretary", {"block": block}),
            ("donvi", "Cán bộ thi đua Ban Dân vận", "unit_officer", {"unit": units[1]}),
            ("lanhdao", "Lãnh đạo Ban Dân vận", "leader", {"unit": units[1]}),
            ("xem", "Người xem", "viewer", {}),
        ]
        for username, first_name, role, scope in people:
            user = User.objects.create_user(
                username, password=DEMO_PASSWORD, first_name=first_name
            )
            grant_role(actor=admin, user=user, role=role, province=province, **scope)
            if role in ("province_admin", "viewer"):
                # The Board of the merged province keeps the old province's records.
                grant_role(actor=admin, user=user, role=role, province=also)
