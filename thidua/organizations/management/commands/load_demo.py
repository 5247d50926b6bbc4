"""Load the demo: three provinces' Party-agency blocks from the public 2024 reports,
the 2025 merger, invented people, and one demo user per role.

Real: block and unit names, the 2023/2024 heads of Ninh Thuận and the 2024 head of
Hòa Bình, the merger. Invented (and labelled "Dữ liệu minh họa" on every page):
people, deputies, the Đắk Lắk head, everything else.
"""

from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from thidua.awards import demo as awards_demo
from thidua.core.services import grant_role
from thidua.cycles import services as cycles_services
from thidua.cycles.models import Submission
from thidua.organizations import services
from thidua.organizations.models import Person, Province
from thidua.scoring import services as scoring_services
from thidua.voting import services as voting_services

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
        # The Hòa Bình block's 2024 year, from covenant to published ranking.
        self._hoa_binh_2024(admin, hb_block.years.get(year=2024), hb)
        # Its tổng kết conference and the secret ballots held there (issue 4).
        self._hoa_binh_2024_conference(hb_block.years.get(year=2024), hb)
        awards_demo.load()  # ratings, past awards, proposals, a decision (issue 5)

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

    def _hoa_binh_2024(self, admin, block_year, units):
        """Covenant, required documents (some late), self, cross and final scores of
        the nine members, and the published ``year`` ranking. Ủy ban Kiểm tra Tỉnh ủy
        comes first, as the block's 2024 report says; every number is invented."""
        secretary = get_user_model().objects.get(username="thuky")
        by_short = {u.short_name: u for u in units}
        covenant = cycles_services.put_covenant(
            actor=secretary,
            block_year=block_year,
            contents=HB_2024_CONTENTS,
            criteria=[
                cycles_services.CriterionSpec(
                    code=code, group=group, title=title, max_points=Decimal(points)
                )
                for code, group, title, points in HB_2024_CRITERIA
            ],
            bonus_max=Decimal(5),
            late_deduction=Decimal(1),
        )
        for unit in units:
            cycles_services.sign_covenant(actor=admin, covenant=covenant, unit=unit)

        for kind, title, due in HB_2024_REQUIREMENTS:
            requirement = cycles_services.add_requirement(
                actor=secretary,
                block_year=block_year,
                title=title,
                kind=kind,
                due_date=due,
            )
            for unit in units:
                submission = cycles_services.submit_document(
                    actor=admin,
                    requirement=requirement,
                    unit=unit,
                    upload=SimpleUploadedFile(
                        f"{kind}-{unit.short_name}.pdf", DEMO_PDF
                    ),
                )
                # Demo back-dating only: the service stamps the moment of upload
                # (lateness is never typed in); an illustrative 2024 needs 2024 dates.
                received = HB_2024_LATE.get((kind, unit.short_name), due)
                Submission.objects.filter(pk=submission.pk).update(
                    received_at=datetime.combine(received, time(9, 0), tzinfo=HANOI)
                )

        maxima = {code: Decimal(points) for code, _, _, points in HB_2024_CRITERIA}
        for short, (lost, bonus, self_extra) in HB_2024_SCORES.items():
            unit = by_short[short]
            final = {
                code: top - Decimal(str(lost.get(code, 0)))
                for code, top in maxima.items()
            }
            own = {
                code: min(maxima[code], points + Decimal(str(self_extra.get(code, 0))))
                for code, points in final.items()
            }
            reasons = {
                code: HB_2024_REASON for code in final if own[code] != final[code]
            }
            for stage, scores, actor in (
                ("self", own, admin),
                ("review", final, secretary),
                ("final", final, secretary),
            ):
                scoring_services.write_sheet(
                    actor=actor,
                    block_year=block_year,
                    unit=unit,
                    period="year",
                    stage=stage,
                    scores=scores,
                    bonus=Decimal(bonus),
                    reasons=reasons if stage == "final" else None,
                )
        scoring_services.publish_ranking(
            actor=secretary, block_year=block_year, period="year"
        )

    def _hoa_binh_2024_conference(self, block_year, units):
        """The tổng kết conference of 18/12/2024 (invented date), hosted by the head
        unit, one leader per member unit present; two closed electronic rounds cast
        through the services: the provincial flag elects Ủy ban Kiểm tra Tỉnh ủy, the
        Chairman's certificate of merit two others. Every vote is invented."""
        secretary = get_user_model().objects.get(username="thuky")
        by_short = {u.short_name: u for u in units}
        # The 2025 reform moved each unit's people to its successor: the delegates
        # are the leaders now found there.
        leaders = [
            Person.objects.filter(
                unit__in=[u, *u.successors.all()], is_leader=True
            ).first()
            for u in units
        ]
        conference = voting_services.record_conference(
            actor=secretary,
            block_year=block_year,
            kind="tong_ket",
            date=date(2024, 12, 18),
            host_unit=units[0],
            attendees=leaders,
            agenda=HB_2024_AGENDA,
        )
        for award, seats, ballots in HB_2024_BALLOTS:
            round = voting_services.create_round(
                actor=secretary,
                conference=conference,
                award=award,
                seats=seats,
                threshold=Fraction(1, 2),
                threshold_base="members",
                mode="electronic",
            )
            _, slips = voting_services.open_round(
                actor=secretary, round=round, voters=leaders
            )
            for slip, marks in zip(slips, ballots, strict=True):
                voting_services.cast_ballot(
                    round=round,
                    token=slip,
                    choices=[by_short[m].pk for m in marks],
                )
            voting_services.close_round(actor=secretary, round=round)


# --- The Hòa Bình block's 2024 year (illustrative, like everything invented here) ---

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_PDF = b"%PDF-1.4\n% Du lieu minh hoa\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HB_2024_CONTENTS = [
    "Thi đua hoàn thành xuất sắc nhiệm vụ chính trị, chuyên môn năm 2024; nâng cao "
    "chất lượng tham mưu cho Ban Chấp hành, Ban Thường vụ Tỉnh ủy trên lĩnh vực được "
    "giao.",
    "Tổ chức thực hiện có hiệu quả các phong trào thi đua yêu nước do Trung ương, "
    "Tỉnh ủy phát động, gắn với việc học tập và làm theo tư tưởng, đạo đức, phong "
    "cách Hồ Chí Minh.",
    "Xây dựng tổ chức Đảng trong sạch, vững mạnh; cơ quan và các đoàn thể vững mạnh "
    "toàn diện; không có cán bộ, đảng viên vi phạm kỷ luật.",
    "Đẩy mạnh cải cách hành chính, chuyển đổi số, ứng dụng công nghệ thông tin trong "
    "hoạt động của cơ quan; thực hành tiết kiệm, chống lãng phí.",
    "Phát hiện, bồi dưỡng, tổng kết và nhân rộng các điển hình tiên tiến, nhân tố "
    "mới, gương người tốt, việc tốt.",
    "Gửi kế hoạch, đăng ký thi đua, báo cáo sơ kết, tổng kết về đơn vị Trưởng khối "
    "đúng thời gian quy định; tham gia đầy đủ các hoạt động của Khối.",
]
_I = "I. Thực hiện nhiệm vụ chính trị, chuyên môn"
_II = "II. Công tác thi đua, khen thưởng"
_III = "III. Xây dựng tổ chức Đảng, đoàn thể trong sạch, vững mạnh"
_IV = "IV. Cải cách hành chính, chuyển đổi số, thực hành tiết kiệm"
HB_2024_CRITERIA = [
    ("1.1", _I, "Hoàn thành các chỉ tiêu, nhiệm vụ chính trị được giao trong năm", 30),
    (
        "1.2",
        _I,
        "Chất lượng tham mưu cho Ban Thường vụ Tỉnh ủy trên lĩnh vực được giao",
        20,
    ),
    (
        "2.1",
        _II,
        "Tổ chức các phong trào thi đua; đăng ký và ký kết giao ước thi đua",
        8,
    ),
    ("2.2", _II, "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 6),
    ("2.3", _II, "Chất lượng kế hoạch, báo cáo; tham gia các hoạt động của Khối", 6),
    ("3.1", _III, "Tổ chức đảng trong sạch, vững mạnh; không có đảng viên vi phạm", 10),
    ("3.2", _III, "Hoạt động của các đoàn thể; thực hiện quy chế dân chủ ở cơ sở", 5),
    (
        "4.1",
        _IV,
        "Cải cách hành chính, chuyển đổi số, ứng dụng công nghệ thông tin",
        10,
    ),
    ("4.2", _IV, "Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng", 5),
]
HB_2024_REQUIREMENTS = [
    ("plan", "Kế hoạch thi đua năm 2024", date(2024, 1, 31)),
    ("registration", "Bản đăng ký thi đua năm 2024", date(2024, 2, 15)),
    ("report_mid", "Báo cáo sơ kết 6 tháng đầu năm 2024", date(2024, 6, 15)),
    ("report_year", "Báo cáo tổng kết công tác thi đua năm 2024", date(2024, 11, 15)),
]
# Documents received after their due date (others arrive on the due date): each
# costs the covenant's late deduction once (1 point).
HB_2024_LATE = {
    ("plan", "VPTU"): date(2024, 2, 5),
    ("plan", "BHB"): date(2024, 2, 2),
    ("registration", "TCT"): date(2024, 2, 20),
    ("report_mid", "BNC"): date(2024, 6, 18),
    ("report_mid", "ĐUK"): date(2024, 6, 17),
    ("report_year", "BHB"): date(2024, 11, 19),
}
# Per unit: points lost per criterion in the final score, the bonus, and how much
# higher the unit scored itself (the final gives the reason). Totals: UBKT 101,
# BTC 98, BTG 97, BDV 96 and VPTU 96 (a tie), BNC 95, ĐUK 92.5, TCT 92, BHB 90.
HB_2024_SCORES = {
    "UBKT": ({"1.2": 1, "2.2": 1, "4.1": 1}, 4, {"1.2": 1}),
    "BTC": ({"1.1": 2, "1.2": 1, "2.2": 1, "4.1": 1}, 3, {"1.1": 1}),
    "BTG": ({"1.1": 2, "1.2": 1, "2.1": 1, "4.1": 1}, 2, {"1.1": 1, "4.1": 0.5}),
    "BDV": ({"1.1": 2, "1.2": 2, "2.2": 1, "4.1": 1}, 2, {"1.2": 1}),
    "VPTU": ({"1.1": 2, "1.2": 1, "2.2": 1, "3.2": 0.5, "4.1": 1.5}, 3, {"4.1": 1}),
    "BNC": ({"1.1": 2.5, "1.2": 1.5, "2.2": 1, "4.1": 1}, 2, {"1.1": 1.5}),
    "ĐUK": ({"1.1": 3, "1.2": 2, "2.2": 1, "3.2": 0.5, "4.1": 1}, 1, {"1.1": 1}),
    "TCT": ({"1.1": 3, "1.2": 2, "2.2": 1.5, "4.1": 1.5}, 1, {"2.2": 0.5}),
    "BHB": ({"1.1": 3, "1.2": 2, "2.2": 1.5, "3.2": 1, "4.1": 1.5}, 1, {"1.1": 3}),
}
HB_2024_AGENDA = (
    "1. Báo cáo tổng kết công tác thi đua, khen thưởng năm 2024 của Khối.\n"
    "2. Công bố kết quả chấm điểm, xếp hạng thi đua năm 2024.\n"
    "3. Bình xét, suy tôn đơn vị dẫn đầu đề nghị tặng Cờ thi đua của UBND tỉnh và "
    "đơn vị đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh.\n"
    "4. Ký kết giao ước thi đua năm 2025; bầu Trưởng khối, Phó khối năm 2025."
)
# The nine delegates' ballots (invented): the flag for UBKT (7 of 9), the certificate
# of merit for BTC (8) and BTG (6); at least half of the members (5) to pass.
HB_2024_BALLOTS = [
    (
        "co_thi_dua_tinh",
        1,
        [["UBKT"]] * 7 + [["BTC"], ["BTG"]],
    ),
    (
        "bang_khen_tinh",
        2,
        [["BTC", "BTG"]] * 6 + [["BTC", "BDV"]] * 2 + [["BDV", "VPTU"]],
    ),
]
HB_2024_REASON = (
    "Điều chỉnh theo kết quả chấm chéo, thống nhất tại hội nghị tổng kết Khối"
)
