"""Eligibility for emulation titles and commendation forms (domain.md §3.2, §4, §5;
§9 rules 1–10, 14–20, 29).

One function per award slug of api.md answers "is this person/unit eligible for
award X in year Y?" as an :class:`Answer`: ``eligible`` True, False, or None with
the reason ``MANUAL_REVIEW`` where the law's criterion is qualitative; every reason a
stable UPPER_SNAKE code with params (Vietnamese text: :data:`MESSAGES`,
:func:`render_reason`); the legal basis cited per the source in force on the day
the dossier is received (``on``, rule 29; default 31/12 of the year).

Facts are small frozen dataclasses the shell builds from the database. What they
mean:

* **As of ``on``.** Awards decided after ``on``, initiatives recognised after it,
  disciplines starting after it and listings sent after it are ignored.
* **Lineage.** Consecutive-year chains follow a unit's predecessors (domain.md
  §2.2 item 3). The caller passes the successor's own facts (``via=None``) *plus*
  those of every predecessor (transitively, :func:`thidua.rules.lineage.predecessors_of`)
  with ``via`` set to the predecessor's id. For a year where the successor has facts
  of its own, only those count; otherwise the predecessors' facts for that year
  count: all of them must qualify (``Params.lineage_merge = "all"``, default) or any
  one (``"any"``). Staff summaries of predecessors are added up. Block
  memberships, elections and "already awarded" use the successor's own facts only.
* **Duplicates.** Two ratings of one subject for one year: the lower counts, so the
  answer never depends on the order facts were entered.
* **Regular awards only.** Awards of kind ``chuyen_de``, ``dot`` or ``dot_xuat``
  are ignored in every chain and "already holds" test (rule 17).
* **Initiative use.** ``Initiative.used_by`` names what an initiative already backs
  (a proposal that is not ``returned``, or a past award). An initiative is free for
  the proposal under evaluation when ``used_by`` is None or names that proposal
  (pass ``proposal=``).
* **Maternity leave** (rule 19): a year with no rating that a maternity leave
  overlaps neither breaks nor counts in a chain (the chain reaches one year further
  back); the year under evaluation itself still needs its own facts.
* **Discipline** (rule 18): an open discipline, investigation, inspection or
  complaint verification on ``on`` refuses; after a discipline ends, only years
  after the year of its end count (windows restart).
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from thidua.rules import RuleViolation
from thidua.rules.legal import (
    AMENDED_BY_FUTURE_LAW,
    DEFAULT_LEGAL,
    LAW_2026,
    LegalParams,
    law_versions,
    source_for,
)

# --- vocabulary (api.md) -----------------------------------------------------------

HTXS, HTT, HT, KHT = "htxs", "htt", "ht", "kht"
RATINGS = (HTXS, HTT, HT, KHT)
RATING_RANK = {KHT: 0, HT: 1, HTT: 2, HTXS: 3}

LDTT = "lao_dong_tien_tien"
CSTDCS = "chien_si_thi_dua_co_so"
CSTD_TINH = "chien_si_thi_dua_tinh"
CSTD_TQ = "chien_si_thi_dua_toan_quoc"
TTLDTT = "tap_the_lao_dong_tien_tien"
TTLDXS = "tap_the_lao_dong_xuat_sac"
CO_TINH = "co_thi_dua_tinh"
CO_CP = "co_thi_dua_chinh_phu"
GIAY_KHEN = "giay_khen"
BK_TINH = "bang_khen_tinh"
BK_TTG = "bang_khen_thu_tuong"
INDIVIDUAL_AWARDS = (LDTT, CSTDCS, CSTD_TINH, CSTD_TQ)
COLLECTIVE_AWARDS = (TTLDTT, TTLDXS, CO_TINH, CO_CP)
FORMS = (GIAY_KHEN, BK_TINH, BK_TTG)
AWARDS = INDIVIDUAL_AWARDS + COLLECTIVE_AWARDS + FORMS

# Commendation kinds of a past award. Only regular (công trạng, thường xuyên)
# awards count in chains (rule 17).
REGULAR = "thuong_xuyen"
AWARD_KINDS = (REGULAR, "chuyen_de", "dot", "dot_xuat")

SCOPES = ("co_so", "tinh", "toan_quoc")
SCOPE_RANK = {scope: i for i, scope in enumerate(SCOPES)}

DISCIPLINE = "discipline"
# Open holds block (rule 18); only a discipline restarts the counting windows.
HOLD_KINDS = (DISCIPLINE, "review", "investigation", "inspection", "complaint")
DISCIPLINE_LEVELS = (
    "khien_trach",
    "canh_cao",
    "ha_bac_luong",
    "cach_chuc",
    "buoc_thoi_viec",
)

MALE, FEMALE = "male", "female"
MATERNITY = "maternity"

# National numbers (not provincial settings).
COLLECTIVE_LDTT_SHARE = Fraction(7, 10)  # rules 7, 8: ≥ 70 % of members LĐTT
WOMEN_SHARE_PREFERRED = Fraction(7, 10)  # rule 20: collectives with ≥ 70 % women
CSTD_TINH_CSTDCS_YEARS = 3  # rule 5
CSTD_TQ_CSTD_TINH_TIMES = 2  # rule 6
BK_TINH_YEARS = 2  # rules 14, 15
BK_TINH_INITIATIVES = 2  # rule 14
BK_TTG_YEARS = 5  # rule 16
BK_TTG_CSTDCS = 3  # rule 16


# --- facts -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rating:
    """Kết quả xếp loại mức độ hoàn thành nhiệm vụ of one year."""

    year: int
    level: str
    via: int | None = None


@dataclass(frozen=True, slots=True)
class AwardHeld:
    """A title or form already received (history), with its decision."""

    award: str
    year: int
    decision_number: str = ""
    decision_date: date | None = None
    kind: str = REGULAR
    via: int | None = None


@dataclass(frozen=True, slots=True)
class InitiativeUse:
    """What an initiative already backs: a proposal (id) or a past award."""

    award: str
    year: int
    proposal: int | None = None


@dataclass(frozen=True, slots=True)
class Initiative:
    """Sáng kiến (or accepted scientific work) with its recognition decision."""

    id: int
    scope: str
    recognized_on: date
    decision_number: str = ""
    used_by: InitiativeUse | None = None


@dataclass(frozen=True, slots=True)
class Hold:
    """A discipline (kỷ luật, with its level) or another hold (rule 18): review for
    discipline, investigation, inspection/audit with signs of violation, complaint
    or denunciation being verified. ``end`` None: still open."""

    start: date
    end: date | None = None
    kind: str = DISCIPLINE
    level: str = ""


@dataclass(frozen=True, slots=True)
class Leave:
    start: date
    end: date
    kind: str = MATERNITY


@dataclass(frozen=True, slots=True)
class Listing:
    """A violation listing sent by police, tax, social insurance, inspectorate…
    (domain.md §2.4; due before 10/12). Blocks until cleared."""

    source: str
    listed_on: date
    cleared: bool = False
    cleared_on: date | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class StaffSummary:
    """A unit's yearly staff summary (api.md ``staff-summary``)."""

    year: int
    members: int
    lao_dong_tien_tien: int
    chien_si_thi_dua_co_so: int
    completed_tasks: int
    disciplined_canh_cao_or_above: int
    women: int | None = None
    via: int | None = None


@dataclass(frozen=True, slots=True)
class BlockMembership:
    """Membership of a block year. ``flags_taken``: co_thi_dua_tinh proposals of
    *other* members of that block year that are not returned; ``flag_quota``: the
    block year's own quota where it differs from ``Params.flag_quota_per_block``."""

    year: int
    block_year: int
    province_block: bool = True
    flag_quota: int | None = None
    flags_taken: int = 0


@dataclass(frozen=True, slots=True)
class Election:
    """The unit's result in a ballot round of a block year (api.md ballot rounds).
    The head + deputy decision after the last round (rule 13) is ``elected``."""

    block_year: int
    award: str
    closed: bool
    elected: bool


@dataclass(frozen=True)
class PersonFacts:
    id: int
    gender: str = ""
    ratings: tuple[Rating, ...] = ()
    awards: tuple[AwardHeld, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    disciplines: tuple[Hold, ...] = ()
    leaves: tuple[Leave, ...] = ()
    listings: tuple[Listing, ...] = ()


@dataclass(frozen=True)
class UnitFacts:
    id: int
    ratings: tuple[Rating, ...] = ()
    awards: tuple[AwardHeld, ...] = ()
    staff: tuple[StaffSummary, ...] = ()
    memberships: tuple[BlockMembership, ...] = ()
    elections: tuple[Election, ...] = ()
    disciplines: tuple[Hold, ...] = ()
    listings: tuple[Listing, ...] = ()


Facts = PersonFacts | UnitFacts


# --- provincial settings (⚙) -------------------------------------------------------


@dataclass(frozen=True)
class Params:
    """Every ⚙ setting of domain.md §9 the award rules read, with its default.

    The shell builds it from the province's stored settings.
    """

    # Rule 9: flags a block year may propose (often 1, sometimes 2 for large blocks).
    flag_quota_per_block: int = 1
    # §6.7: Bằng khen proposals per block year; None = no quota.
    bang_khen_quota_per_block: int | None = None
    # §10 item 6: a province may re-impose a cap on CSTĐCS (old 15 % of LĐTT).
    cstdcs_cap: Fraction | None = None
    # Rule 14: the stricter MoHA reading (P5): 2 consecutive CSTĐCS *and* 2 more
    # initiatives beyond those used for them; initiatives behind CSTĐCS years never
    # count. Default: the 77204 reading.
    bang_khen_strict_reading: bool = False
    # Rule 8: a province may add "no member disciplined ≥ cảnh cáo" to TTLĐXS.
    ttldxs_discipline_condition: bool = False
    # Rules 5, 6 [M], §10 item 16: CSTĐCS years counted for one CSTĐ tỉnh (and CSTĐ
    # tỉnh titles counted for one CSTĐ toàn quốc) are not counted again.
    consumed_not_reused: bool = True
    # Rule 6 [M], §10 item 16: "02 lần liên tục" CSTĐ tỉnh = successive cycles with
    # no year between them lacking CSTĐCS ("cycles"), or any two awards ("awards").
    cstd_tinh_consecutive: str = "cycles"
    # Lineage: a predecessor-only year qualifies when all ("all") or any ("any") of
    # the predecessors with facts for that year qualify.
    lineage_merge: str = "all"
    # Rule 11: council thresholds by award (fraction of all members), overriding the
    # national ones; for awards without a national threshold, a majority of all
    # members (§6.8 "majority vote").
    council_thresholds: Mapping[str, Fraction] = field(default_factory=dict)
    council_default_threshold: Fraction = Fraction(1, 2)
    # Rule 12 (Bắc Ninh): session quorum and award-review quorum.
    quorum_session: Fraction = Fraction(2, 3)
    quorum_award_review: Fraction = Fraction(4, 5)
    # Rule 23: (month, day) of the deadlines; event proposals ≥ N days ahead.
    annual_deadline: tuple[int, int] = (12, 10)
    education_deadline: tuple[int, int] = (7, 10)
    event_lead_days: int = 10
    violation_list_deadline: tuple[int, int] = (12, 10)
    statistics_deadline: tuple[int, int] = (12, 15)
    # [C-old] Decree 98 art. 32, of the following year; Decree 152 unverified.
    government_flag_deadline: tuple[int, int] = (6, 30)
    cstd_toan_quoc_deadline: tuple[int, int] = (12, 31)
    legal: LegalParams = DEFAULT_LEGAL

    def __post_init__(self) -> None:
        if self.cstd_tinh_consecutive not in ("cycles", "awards"):
            raise RuleViolation("SETTING_INVALID", {"key": "cstd_tinh_consecutive"})
        if self.lineage_merge not in ("all", "any"):
            raise RuleViolation("SETTING_INVALID", {"key": "lineage_merge"})
        if self.flag_quota_per_block < 0:
            raise RuleViolation("SETTING_INVALID", {"key": "flag_quota_per_block"})


DEFAULT_PARAMS = Params()


# --- answers -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Answer:
    """api.md: ``{eligible: true/false/null, reasons: [{code, message}], legal_basis}``."""

    eligible: bool | None
    reasons: tuple[Reason, ...] = ()
    legal_basis: tuple[str, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


# Reasons that refuse whatever the route (a qualitative route cannot save them).
HARD_REASONS = frozenset(
    {
        "DISCIPLINE_OPEN",
        "UNDER_REVIEW",
        "VIOLATION_LISTED",
        "ALREADY_AWARDED",
        "YEAR_DISCIPLINED",
    }
)


# --- Vietnamese text ---------------------------------------------------------------

AWARD_NAMES = {
    LDTT: "Lao động tiên tiến",
    CSTDCS: "Chiến sĩ thi đua cơ sở",
    CSTD_TINH: "Chiến sĩ thi đua cấp tỉnh",
    CSTD_TQ: "Chiến sĩ thi đua toàn quốc",
    TTLDTT: "Tập thể lao động tiên tiến",
    TTLDXS: "Tập thể lao động xuất sắc",
    CO_TINH: "Cờ thi đua của Ủy ban nhân dân tỉnh",
    CO_CP: "Cờ thi đua của Chính phủ",
    GIAY_KHEN: "Giấy khen",
    BK_TINH: "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    BK_TTG: "Bằng khen của Thủ tướng Chính phủ",
}
RATING_NAMES = {
    HTXS: "hoàn thành xuất sắc nhiệm vụ",
    HTT: "hoàn thành tốt nhiệm vụ",
    HT: "hoàn thành nhiệm vụ",
    KHT: "không hoàn thành nhiệm vụ",
}
SCOPE_NAMES = {"co_so": "cơ sở", "tinh": "cấp tỉnh", "toan_quoc": "toàn quốc"}
DISCIPLINE_LEVEL_NAMES = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}
HOLD_KIND_NAMES = {
    DISCIPLINE: "thi hành kỷ luật",
    "review": "xem xét xử lý kỷ luật",
    "investigation": "điều tra",
    "inspection": "thanh tra, kiểm toán có dấu hiệu vi phạm",
    "complaint": "giải quyết khiếu nại, tố cáo",
}
LISTING_SOURCE_NAMES = {
    "police": "Công an tỉnh",
    "tax": "cơ quan Thuế",
    "social_insurance": "cơ quan Bảo hiểm xã hội",
    "inspectorate": "Thanh tra tỉnh",
    "agriculture_environment": "Sở Nông nghiệp và Môi trường",
    "health": "Sở Y tế",
    "home_affairs": "Sở Nội vụ",
}
DOCUMENT_NAMES = {
    "to_trinh": "tờ trình",
    "bao_cao_thanh_tich": "báo cáo thành tích",
    "bien_ban": "biên bản họp xét (kèm kết quả bỏ phiếu)",
    "xac_nhan": "xác nhận sáng kiến, đề tài khoa học hoặc kết quả hoàn thành xuất sắc "
    "nhiệm vụ",
    "bien_ban_hoi_dong_tinh": "biên bản và kết quả bỏ phiếu của Hội đồng Thi đua - "
    "Khen thưởng tỉnh",
}

# Templates per reason code: Vietnamese (NFC), named printf placeholders. Lists are
# joined with ", ", dates written dd/mm/yyyy, slugs replaced by their names
# (render_reason).
MESSAGES: dict[str, str] = {
    "DISCIPLINE_OPEN": "đang trong thời gian thi hành kỷ luật %(level)s "
    "(từ ngày %(start)s)",
    "UNDER_REVIEW": "đang trong thời gian %(kind)s (từ ngày %(start)s)",
    "DISCIPLINE_RESTART": "thành tích chỉ được tính từ ngày chấp hành xong kỷ luật "
    "%(end)s, không tính năm %(years)s",
    "YEAR_DISCIPLINED": "năm %(year)s chưa chấp hành xong kỷ luật (đến ngày %(end)s)",
    "VIOLATION_LISTED": "có tên trong danh sách vi phạm do %(source)s gửi ngày "
    "%(listed_on)s, chưa được xóa tên",
    "ALREADY_AWARDED": "đã được tặng %(award)s năm %(year)s",
    "RATING_MISSING": "chưa có kết quả xếp loại mức độ hoàn thành nhiệm vụ năm "
    "%(year)s",
    "RATING_TOO_LOW": "năm %(year)s xếp loại %(rating)s, chưa đạt mức "
    "%(required_rating)s",
    "HTXS_OR_INITIATIVE_MISSING": "năm %(year)s chưa hoàn thành xuất sắc nhiệm vụ và "
    "chưa có sáng kiến, đề tài khoa học được công nhận",
    "NO_INITIATIVE": "chưa có sáng kiến, đề tài khoa học được công nhận phạm vi "
    "%(scope)s (từ năm %(from_year)s)",
    "INITIATIVE_USED": "sáng kiến đã dùng cho %(award)s năm %(year)s",
    "INITIATIVES_SHORT": "mới có %(have)02d sáng kiến phạm vi %(scope)s trong giai "
    "đoạn %(from_year)s–%(to_year)s, cần %(required)02d",
    "CSTDCS_YEARS_MISSING": "thiếu %(missing)02d năm Chiến sĩ thi đua cơ sở liên tục "
    "(%(years)s)",
    "HTXS_YEARS_MISSING": "thiếu %(missing)02d năm hoàn thành xuất sắc nhiệm vụ liên "
    "tục (%(years)s)",
    "HTT_YEARS_MISSING": "thiếu %(missing)02d năm hoàn thành tốt nhiệm vụ trở lên "
    "liên tục (%(years)s)",
    "HTXS_OR_TTLDXS_YEARS_MISSING": "thiếu %(missing)02d năm hoàn thành xuất sắc "
    "nhiệm vụ hoặc Tập thể lao động xuất sắc liên tục (%(years)s)",
    "CSTDCS_YEARS_CONSUMED": "năm %(years)s đã được tính để xét tặng Chiến sĩ thi đua "
    "cấp tỉnh năm %(award_year)s",
    "CSTDCS_COUNT_SHORT": "mới có %(have)02d lần Chiến sĩ thi đua cơ sở trong giai "
    "đoạn %(from_year)s–%(to_year)s, cần %(required)02d",
    "CSTD_TINH_COUNT_SHORT": "mới có %(have)02d lần Chiến sĩ thi đua cấp tỉnh, cần "
    "%(required)02d lần liên tục",
    "CSTD_TINH_NOT_CONSECUTIVE": "hai lần Chiến sĩ thi đua cấp tỉnh (%(first)s, "
    "%(second)s) không liên tục: năm %(years)s không đạt Chiến sĩ thi đua cơ sở",
    "CSTD_TINH_CONSUMED": "Chiến sĩ thi đua cấp tỉnh năm %(years)s đã được tính để "
    "xét tặng Chiến sĩ thi đua toàn quốc năm %(award_year)s",
    "CSTDTQ_NOT_RIGHT_AFTER": "phải đề nghị ngay sau lần thứ hai được tặng Chiến sĩ "
    "thi đua cấp tỉnh (năm %(last_year)s)",
    "BANG_KHEN_TINH_MISSING": "chưa được tặng Bằng khen cấp bộ, ban, ngành, tỉnh",
    "ROUTE_NOT_MET": "chưa đạt tiêu chuẩn tại điểm %(route)s",
    "STAFF_SUMMARY_MISSING": "chưa có số liệu tổng hợp cán bộ, người lao động năm "
    "%(year)s",
    "LDTT_SHARE_LOW": "mới có %(have)s/%(members)s thành viên đạt Lao động tiên tiến, "
    "cần từ %(required_percent)s%% trở lên",
    "MEMBERS_DISCIPLINED": "có %(count)s thành viên bị kỷ luật từ hình thức cảnh cáo "
    "trở lên năm %(year)s",
    "TASKS_NOT_ALL_COMPLETED": "mới có %(completed)s/%(members)s thành viên hoàn "
    "thành nhiệm vụ, cần 100%%",
    "NO_CSTDCS_MEMBER": "năm %(year)s không có cá nhân đạt Chiến sĩ thi đua cơ sở",
    "NOT_IN_PROVINCE_BLOCK": "năm %(year)s không là thành viên cụm, khối thi đua do "
    "tỉnh tổ chức",
    "NOT_ELECTED": "không được suy tôn dẫn đầu cụm, khối thi đua năm %(year)s",
    "ROUND_NOT_CLOSED": "vòng bỏ phiếu suy tôn Cờ thi đua năm %(year)s chưa kết thúc",
    "FLAG_QUOTA_USED": "cụm, khối đã đề nghị đủ %(quota)02d Cờ thi đua theo chỉ tiêu",
    "NOT_BLOCK_LEADER": "năm %(year)s không phải đơn vị dẫn đầu cụm, khối thi đua do "
    "tỉnh tổ chức",
    "MANUAL_REVIEW": "tiêu chuẩn mang tính định tính, cần Hội đồng Thi đua - Khen "
    "thưởng xem xét",
    # Links, quotas, council and dossier (rules 1, 2, 11, 12, 22; §6.7).
    "INITIATIVE_ALREADY_USED": "sáng kiến đã dùng cho %(award)s năm %(year)s",
    "ACHIEVEMENT_ALREADY_USED": "thành tích đã được dùng để đề nghị %(award)s năm "
    "%(year)s",
    "QUOTA_EXCEEDED": "đã đủ chỉ tiêu %(quota)02d đề nghị %(award)s",
    "CSTDCS_CAP_EXCEEDED": "số Chiến sĩ thi đua cơ sở (%(cstdcs)s) vượt tỷ lệ "
    "%(cap_percent)s%% số Lao động tiên tiến (%(ldtt)s)",
    "COUNCIL_THRESHOLD_NOT_MET": "mới có %(yes)s/%(members)s thành viên Hội đồng "
    "đồng ý, cần %(needed)s",
    "QUORUM_NOT_MET": "mới có %(present)s/%(members)s thành viên Hội đồng dự họp, "
    "cần %(needed)s",
    "DOSSIER_INCOMPLETE": "hồ sơ còn thiếu: %(missing)s",
}

_NAME_MAPS: dict[str, Mapping[str, str]] = {
    "award": AWARD_NAMES,
    "rating": RATING_NAMES,
    "required_rating": RATING_NAMES,
    "scope": SCOPE_NAMES,
    "level": DISCIPLINE_LEVEL_NAMES,
    "kind": HOLD_KIND_NAMES,
    "source": LISTING_SOURCE_NAMES,
    "missing": DOCUMENT_NAMES,
}


def _display(key: str, value: Any) -> Any:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(_display(key, v)) for v in value)
    if isinstance(value, str) and key in _NAME_MAPS:
        return _NAME_MAPS[key].get(value, value)
    return value


def render_reason(reason: Reason) -> str:
    """The Vietnamese sentence of a reason (``MESSAGES`` filled with its params)."""
    template = MESSAGES[reason.code]
    return template % {k: _display(k, v) for k, v in reason.params.items()}


# --- evaluation helpers ------------------------------------------------------------


def _overlaps_year(start: date, end: date, year: int) -> bool:
    return start.year <= year <= end.year


class _Eval:
    """Indexes one subject's facts as of ``on`` and collects reasons and citations."""

    __slots__ = (
        "award",
        "basis",
        "facts",
        "floor",
        "floor_end",
        "later",
        "law",
        "legal",
        "manual",
        "merge_all",
        "on",
        "params",
        "proposal",
        "rated_years",
        "ratings",
        "reasons",
        "regular",
        "restarted",
        "year",
    )

    def __init__(
        self,
        award: str,
        facts: Facts,
        year: int,
        params: Params,
        on: date,
        proposal: int | None,
        law: str,
    ) -> None:
        self.award = award
        self.facts = facts
        self.year = year
        self.params = params
        self.legal = params.legal
        self.on = on
        self.proposal = proposal
        self.law = law
        self.merge_all = params.lineage_merge == "all"
        self.reasons: list[Reason] = []
        self.basis: list[str] = []
        # Principles cited after the award's own criteria.
        self.later: list[str] = []
        self.manual = False
        self.restarted: set[int] = set()
        # year → via → lowest rating rank
        ratings: dict[int, dict[int | None, int]] = {}
        for r in facts.ratings:
            by_via = ratings.setdefault(r.year, {})
            rank = RATING_RANK[r.level]
            old = by_via.get(r.via)
            if old is None or rank < old:
                by_via[r.via] = rank
        self.ratings = ratings
        self.rated_years = frozenset(ratings)
        # year → via → regular awards decided by ``on``
        regular: dict[int, dict[int | None, set[str]]] = {}
        for a in facts.awards:
            if a.kind != REGULAR or (
                a.decision_date is not None and a.decision_date > on
            ):
                continue
            regular.setdefault(a.year, {}).setdefault(a.via, set()).add(a.award)
        self.regular = regular
        # Rule 18: discipline floor (the last year a finished discipline touched).
        floor: int | None = None
        floor_end: date | None = None
        holds = sorted(
            facts.disciplines, key=lambda h: (h.start, h.kind, h.level, h.end or on)
        )
        for h in holds:
            if h.start > on:
                continue
            if h.end is None or h.end >= on:
                if h.kind == DISCIPLINE:
                    self.add("DISCIPLINE_OPEN", level=h.level, start=h.start)
                else:
                    self.add("UNDER_REVIEW", kind=h.kind, start=h.start)
                self.later.append("discipline_hold")
            elif h.kind == DISCIPLINE and (floor_end is None or h.end > floor_end):
                floor, floor_end = h.end.year, h.end
        self.floor = floor
        self.floor_end = floor_end
        if floor is not None and year <= floor:
            # The discipline ended during (or after) the year: the year earns nothing.
            self.add("YEAR_DISCIPLINED", year=year, end=floor_end)
            self.later.append("discipline_hold")
        for listing in sorted(facts.listings, key=lambda x: (x.listed_on, x.source)):
            if listing.listed_on > on:
                continue
            if listing.cleared and (
                listing.cleared_on is None or listing.cleared_on <= on
            ):
                continue
            self.add(
                "VIOLATION_LISTED", source=listing.source, listed_on=listing.listed_on
            )
            self.later.append("violation_listing")
        own_same_year = regular.get(year, {}).get(None, ())
        if award != GIAY_KHEN and award in own_same_year:
            self.add("ALREADY_AWARDED", award=award, year=year)
            self.later.append("one_achievement")

    # reasons and citations
    def add(self, code: str, **params: Any) -> None:
        self.reasons.append(Reason(code, params))

    def cite(self, rule: str) -> None:
        text = str(source_for(rule, self.on, self.legal, law=self.law))
        if text not in self.basis:
            self.basis.append(text)

    def answer(self, *, route_reasons: bool = False) -> Answer:
        """Eligible when no reason was found; None where only a qualitative route is
        left (``route_reasons``: the reasons found belong to one route of several)."""
        self._restart_reason()
        for rule in self.later:
            self.cite(rule)
        self.later = []
        if not self.reasons and not self.manual:
            return Answer(True, (), tuple(self.basis))
        hard = any(r.code in HARD_REASONS for r in self.reasons)
        if not hard and (self.manual or route_reasons):
            return Answer(
                None,
                (Reason("MANUAL_REVIEW", {"award": self.award}), *self.reasons),
                tuple(self.basis),
            )
        return Answer(False, tuple(self.reasons), tuple(self.basis))

    def _restart_reason(self) -> None:
        if self.restarted and self.floor_end is not None:
            self.add(
                "DISCIPLINE_RESTART", end=self.floor_end, years=sorted(self.restarted)
            )
            self.cite("discipline_hold")
            self.restarted = set()

    # facts by year
    def rating(self, y: int) -> int | None:
        by_via = self.ratings.get(y)
        if not by_via:
            return None
        if None in by_via:
            return by_via[None]
        values = by_via.values()
        if self.merge_all:
            return min(values)
        return max(values)

    def year_ok(self, y: int, pred: Callable[[int | None, int], bool]) -> bool:
        """``pred(via, y)`` for the successor's own facts of year ``y`` if any,
        otherwise combined over the predecessors (Params.lineage_merge)."""
        sources: set[int | None] = set(self.ratings.get(y, ()))
        sources.update(self.regular.get(y, ()))
        if not sources or None in sources:
            return pred(None, y)
        if self.merge_all:
            return all(pred(v, y) for v in sources)
        return any(pred(v, y) for v in sources)

    def holds(self, award: str) -> Callable[[int | None, int], bool]:
        def pred(via: int | None, y: int) -> bool:
            return award in self.regular.get(y, {}).get(via, ())

        return pred

    def rated_at_least(self, rank: int) -> Callable[[int | None, int], bool]:
        def pred(via: int | None, y: int) -> bool:
            r = self.ratings.get(y, {}).get(via)
            return r is not None and r >= rank

        return pred

    def excused(self, y: int) -> bool:
        """Rule 19: an unrated year a maternity leave overlaps (persons only)."""
        if y in self.rated_years or not isinstance(self.facts, PersonFacts):
            return False
        return any(
            leave.kind == MATERNITY
            and leave.start <= self.on
            and _overlaps_year(leave.start, leave.end, y)
            for leave in self.facts.leaves
        )

    def chain(
        self, needed: int, pred: Callable[[int | None, int], bool]
    ) -> tuple[list[int], list[int], int]:
        """``needed`` consecutive years ending at the evaluation year.

        Answers (qualifying years, missing years, first year of the window). A year
        at or before the discipline floor is missing (and noted for the restart
        reason); an excused year other than the last is skipped.
        """
        counted: list[int] = []
        missing: list[int] = []
        y = self.year
        stop = self.year - needed - 60
        bridged = False
        while len(counted) + len(missing) < needed and y > stop:
            if self.floor is not None and y <= self.floor:
                missing.append(y)
                self.restarted.add(y)
            elif self.year_ok(y, pred):
                counted.append(y)
            elif y != self.year and self.excused(y):
                bridged = True
            else:
                missing.append(y)
            y -= 1
        if bridged:
            self.cite("maternity_leave")
        return counted, sorted(missing), y + 1

    def run_start(self, pred: Callable[[int | None, int], bool]) -> int:
        """First year of the longest qualifying run ending at the evaluation year
        (excused years bridged); the evaluation year + 1 if it does not qualify."""
        y = self.year
        start = self.year + 1
        while y > self.year - 80:
            if self.floor is not None and y <= self.floor:
                break
            if self.year_ok(y, pred):
                start = y
            elif not (y != self.year and self.excused(y)):
                break
            y -= 1
        return start

    def require_rating(self, minimum: str) -> int | None:
        """Single-year rating test for the evaluation year (rules 3, 7, 8, 9)."""
        y = self.year
        rank = self.rating(y)
        if rank is None:
            self.add("RATING_MISSING", year=y)
        elif rank < RATING_RANK[minimum]:
            self.add(
                "RATING_TOO_LOW",
                year=y,
                rating=RATINGS[3 - rank],
                required_rating=minimum,
            )
        return rank

    def initiatives(
        self,
        min_scope: str,
        from_year: int,
        also_free: Callable[[InitiativeUse], bool] | None = None,
    ) -> tuple[list[Initiative], list[Initiative]]:
        """(available, used elsewhere) initiatives of at least ``min_scope``
        recognised from 1 January of ``from_year`` up to ``on``."""
        if not isinstance(self.facts, PersonFacts):
            return [], []
        minimum = SCOPE_RANK[min_scope]
        free: list[Initiative] = []
        used: list[Initiative] = []
        for i in self.facts.initiatives:
            if (
                SCOPE_RANK[i.scope] < minimum
                or i.recognized_on.year < from_year
                or i.recognized_on > self.on
            ):
                continue
            u = i.used_by
            if (
                u is None
                or (self.proposal is not None and u.proposal == self.proposal)
                or (also_free is not None and also_free(u))
            ):
                free.append(i)
            else:
                used.append(i)
        return free, used

    def report_used(self, used: Iterable[Initiative]) -> None:
        uses = sorted(
            {(i.used_by.year, i.used_by.award, i.id) for i in used if i.used_by}
        )
        for year, award, initiative in uses:
            self.add("INITIATIVE_USED", initiative=initiative, award=award, year=year)
        if uses:
            self.cite("initiative_single_use")

    def own_award_years(self, award: str) -> list[int]:
        return sorted(
            y
            for y, by_via in self.regular.items()
            if y <= self.year and award in by_via.get(None, ())
        )

    def staff(self) -> StaffSummary | None:
        assert isinstance(self.facts, UnitFacts)  # noqa: S101
        own = [s for s in self.facts.staff if s.year == self.year and s.via is None]
        rows = own or [s for s in self.facts.staff if s.year == self.year]
        if not rows:
            return None
        if len(own) == 1:
            return own[0]
        # Predecessors' summaries (or duplicates) are added up.
        return StaffSummary(
            year=self.year,
            members=sum(s.members for s in rows),
            lao_dong_tien_tien=sum(s.lao_dong_tien_tien for s in rows),
            chien_si_thi_dua_co_so=sum(s.chien_si_thi_dua_co_so for s in rows),
            completed_tasks=sum(s.completed_tasks for s in rows),
            disciplined_canh_cao_or_above=sum(
                s.disciplined_canh_cao_or_above for s in rows
            ),
        )


def _chain_reason(ev: _Eval, code: str, missing: list[int], needed: int) -> None:
    if missing:
        ev.add(code, missing=len(missing), years=missing, required=needed)


# --- awards: individuals -----------------------------------------------------------


def _lao_dong_tien_tien(ev: _Eval) -> Answer:
    """Rule 3: rated htxs or htt in the year."""
    ev.cite(LDTT)
    ev.require_rating(HTT)
    return ev.answer()


def _chien_si_thi_dua_co_so(ev: _Eval) -> Answer:
    """Rule 4: the LĐTT criteria in the year, and rated htxs or ≥ 1 grassroots
    initiative (or accepted scientific work) recognised in the year.

    Under the possible 2026 amendment (off by default): htxs *and* an initiative.
    """
    ev.cite(CSTDCS)
    rank = ev.require_rating(HTT)
    free, used = ev.initiatives("co_so", ev.year)
    excellent = rank is not None and rank >= RATING_RANK[HTXS]
    if ev.law == LAW_2026.code:
        if rank is not None and rank >= RATING_RANK[HTT] and not excellent:
            ev.add(
                "RATING_TOO_LOW",
                year=ev.year,
                rating=RATINGS[3 - rank],
                required_rating=HTXS,
            )
        if not free:
            ev.add("NO_INITIATIVE", scope="co_so", from_year=ev.year)
            ev.report_used(used)
    elif not excellent and not free:
        ev.add("HTXS_OR_INITIATIVE_MISSING", year=ev.year)
        ev.report_used(used)
    return ev.answer()


def _consumed_before(ev: _Eval, award: str) -> int | None:
    earlier = [y for y in ev.own_award_years(award) if y < ev.year]
    return earlier[-1] if earlier else None


def _chien_si_thi_dua_tinh(ev: _Eval) -> Answer:
    """Rule 5: CSTĐCS in each of 3 consecutive years ending at the year, and a
    provincial-scope initiative recognised by the provincial chairman; ⚙ CSTĐCS
    years already counted for an earlier CSTĐ tỉnh are not counted again."""
    ev.cite(CSTD_TINH)
    counted, missing, start = ev.chain(CSTD_TINH_CSTDCS_YEARS, ev.holds(CSTDCS))
    _chain_reason(ev, "CSTDCS_YEARS_MISSING", missing, CSTD_TINH_CSTDCS_YEARS)
    if ev.params.consumed_not_reused:
        last = _consumed_before(ev, CSTD_TINH)
        if last is not None:
            consumed = sorted(y for y in counted if y <= last)
            if consumed:
                ev.add("CSTDCS_YEARS_CONSUMED", years=consumed, award_year=last)
    free, used = ev.initiatives("tinh", start)
    if not free:
        ev.add("NO_INITIATIVE", scope="tinh", from_year=start)
        ev.report_used(used)
    return ev.answer()


def _chien_si_thi_dua_toan_quoc(ev: _Eval) -> Answer:
    """Rule 6: CSTĐ tỉnh two consecutive times, the second the most recent and in
    the year (the proposal comes right after it), and a nationwide-scope initiative.
    """
    ev.cite(CSTD_TQ)
    years = ev.own_award_years(CSTD_TINH)
    start = ev.year - CSTD_TINH_CSTDCS_YEARS + 1
    if len(years) < CSTD_TQ_CSTD_TINH_TIMES:
        ev.add(
            "CSTD_TINH_COUNT_SHORT", have=len(years), required=CSTD_TQ_CSTD_TINH_TIMES
        )
    else:
        first, second = years[-2], years[-1]
        start = first - CSTD_TINH_CSTDCS_YEARS + 1
        if second != ev.year:
            ev.add("CSTDTQ_NOT_RIGHT_AFTER", last_year=second, year=ev.year)
        if ev.params.cstd_tinh_consecutive == "cycles":
            cstdcs = ev.holds(CSTDCS)
            gap = [
                y
                for y in range(first + 1, second - CSTD_TINH_CSTDCS_YEARS + 1)
                if not ev.year_ok(y, cstdcs) and not ev.excused(y)
            ]
            if gap:
                ev.add(
                    "CSTD_TINH_NOT_CONSECUTIVE", first=first, second=second, years=gap
                )
        if ev.params.consumed_not_reused:
            last = _consumed_before(ev, CSTD_TQ)
            if last is not None and last >= first:
                consumed = [y for y in (first, second) if y <= last]
                ev.add("CSTD_TINH_CONSUMED", years=consumed, award_year=last)
    free, used = ev.initiatives("toan_quoc", start)
    if not free:
        ev.add("NO_INITIATIVE", scope="toan_quoc", from_year=start)
        ev.report_used(used)
    return ev.answer()


# --- awards: collectives -----------------------------------------------------------


def _share_ok(part: int, whole: int, share: Fraction) -> bool:
    return whole > 0 and part * share.denominator >= share.numerator * whole


def _staff_or_reason(ev: _Eval) -> StaffSummary | None:
    summary = ev.staff()
    if summary is None or summary.members <= 0:
        ev.add("STAFF_SUMMARY_MISSING", year=ev.year)
        return None
    return summary


def _ldtt_share(ev: _Eval, s: StaffSummary) -> None:
    if not _share_ok(s.lao_dong_tien_tien, s.members, COLLECTIVE_LDTT_SHARE):
        ev.add(
            "LDTT_SHARE_LOW",
            have=s.lao_dong_tien_tien,
            members=s.members,
            required_percent=int(COLLECTIVE_LDTT_SHARE * 100),
        )


def _tap_the_lao_dong_tien_tien(ev: _Eval) -> Answer:
    """Rule 7: unit rated ≥ htt, ≥ 70 % of members LĐTT, no member disciplined at
    cảnh cáo or above in the year."""
    ev.cite(TTLDTT)
    ev.require_rating(HTT)
    s = _staff_or_reason(ev)
    if s is not None:
        _ldtt_share(ev, s)
        if s.disciplined_canh_cao_or_above > 0:
            ev.add(
                "MEMBERS_DISCIPLINED",
                count=s.disciplined_canh_cao_or_above,
                year=ev.year,
            )
    return ev.answer()


def _tap_the_lao_dong_xuat_sac(ev: _Eval) -> Answer:
    """Rule 8: unit rated htxs, 100 % of members complete their tasks, ≥ 70 % LĐTT,
    ≥ 1 CSTĐCS; ⚙ no member disciplined ≥ cảnh cáo (default off: Law 2022 art. 27
    has no such clause)."""
    ev.cite(TTLDXS)
    ev.require_rating(HTXS)
    s = _staff_or_reason(ev)
    if s is not None:
        if s.completed_tasks < s.members:
            ev.add(
                "TASKS_NOT_ALL_COMPLETED",
                completed=s.completed_tasks,
                members=s.members,
            )
        _ldtt_share(ev, s)
        if s.chien_si_thi_dua_co_so < 1:
            ev.add("NO_CSTDCS_MEMBER", year=ev.year)
        if ev.params.ttldxs_discipline_condition and s.disciplined_canh_cao_or_above:
            ev.add(
                "MEMBERS_DISCIPLINED",
                count=s.disciplined_canh_cao_or_above,
                year=ev.year,
            )
    return ev.answer()


def _province_memberships(ev: _Eval) -> list[BlockMembership]:
    assert isinstance(ev.facts, UnitFacts)  # noqa: S101
    return sorted(
        (m for m in ev.facts.memberships if m.year == ev.year and m.province_block),
        key=lambda m: m.block_year,
    )


def _flag_elections(ev: _Eval, block_year: int) -> list[Election]:
    assert isinstance(ev.facts, UnitFacts)  # noqa: S101
    return [
        e
        for e in ev.facts.elections
        if e.block_year == block_year and e.award == CO_TINH
    ]


def _co_thi_dua_tinh(ev: _Eval) -> Answer:
    """Rule 9 as api.md words it: member of a province block in the year, elected
    in a closed co_thi_dua_tinh round of that block year, rated htxs for the year,
    and the block's flag quota not used up. Rank 1 is not required."""
    ev.cite(CO_TINH)
    memberships = _province_memberships(ev)
    if not memberships:
        ev.add("NOT_IN_PROVINCE_BLOCK", year=ev.year)
    else:
        chosen = None
        pending = False
        for m in memberships:
            elections = _flag_elections(ev, m.block_year)
            if any(e.closed and e.elected for e in elections):
                chosen = m
                break
            pending = pending or any(not e.closed for e in elections)
        if chosen is None:
            ev.add("ROUND_NOT_CLOSED" if pending else "NOT_ELECTED", year=ev.year)
        else:
            quota = (
                chosen.flag_quota
                if chosen.flag_quota is not None
                else ev.params.flag_quota_per_block
            )
            if chosen.flags_taken >= quota:
                ev.add("FLAG_QUOTA_USED", quota=quota, taken=chosen.flags_taken)
                ev.cite("flag_quota")
    ev.require_rating(HTXS)
    return ev.answer()


def _co_thi_dua_chinh_phu(ev: _Eval) -> Answer:
    """Rule 10: among the year's block leaders selected by the province (holds the
    provincial flag of the year, or elected for it in a closed round) and rated
    htxs (excellent achievements, targets exceeded). National quota unknown [M]."""
    ev.cite(CO_CP)
    leader = CO_TINH in ev.regular.get(ev.year, {}).get(None, ()) or any(
        e.closed and e.elected
        for m in _province_memberships(ev)
        for e in _flag_elections(ev, m.block_year)
    )
    if not leader:
        ev.add("NOT_BLOCK_LEADER", year=ev.year)
    ev.require_rating(HTXS)
    return ev.answer()


# --- forms -------------------------------------------------------------------------


def _bang_khen_tinh(ev: _Eval, route: str | None) -> Answer:
    """Rules 14 (individual) and 15 (collective), route (d); other routes are
    qualitative (MANUAL_REVIEW) unless ``route="d"`` asks for route (d) alone."""
    if isinstance(ev.facts, UnitFacts):
        ev.cite("bang_khen_tinh.collective")
        ttldxs = ev.holds(TTLDXS)
        htxs = ev.rated_at_least(RATING_RANK[HTXS])
        _, missing, _ = ev.chain(
            BK_TINH_YEARS, lambda via, y: htxs(via, y) or ttldxs(via, y)
        )
        if missing:
            ev.add("ROUTE_NOT_MET", route="d")
            _chain_reason(ev, "HTXS_OR_TTLDXS_YEARS_MISSING", missing, BK_TINH_YEARS)
        return ev.answer(route_reasons=route is None)
    ev.cite("bang_khen_tinh.individual")
    strict = ev.params.bang_khen_strict_reading
    mark = len(ev.reasons)
    # Branch 1: 2 consecutive CSTĐCS (strict reading: plus 2 more free initiatives).
    _, missing1, start1 = ev.chain(BK_TINH_YEARS, ev.holds(CSTDCS))
    ok1 = not missing1
    extra_free: list[Initiative] = []
    if ok1 and strict:
        extra_free, _ = ev.initiatives("co_so", start1)
        ok1 = len(extra_free) >= BK_TINH_INITIATIVES
    # Branch 2: ≥ 2 consecutive htxs years with ≥ 2 grassroots initiatives in them.
    htxs = ev.rated_at_least(RATING_RANK[HTXS])
    _, missing2, _ = ev.chain(BK_TINH_YEARS, htxs)
    start2 = min(ev.run_start(htxs), ev.year - BK_TINH_YEARS + 1)
    window = range(start2, ev.year + 1)

    def cstdcs_in_window(use: InitiativeUse) -> bool:
        return not strict and use.award == CSTDCS and use.year in window

    free2, used2 = ev.initiatives("co_so", start2, cstdcs_in_window)
    ok2 = not missing2 and len(free2) >= BK_TINH_INITIATIVES
    if ok1 or ok2:
        # Branch failures are not reasons when another branch passed.
        del ev.reasons[mark:]
        ev.restarted.clear()
        return ev.answer()
    ev.add("ROUTE_NOT_MET", route="d")
    if missing1:
        _chain_reason(ev, "CSTDCS_YEARS_MISSING", missing1, BK_TINH_YEARS)
    elif strict:
        ev.add(
            "INITIATIVES_SHORT",
            have=len(extra_free),
            required=BK_TINH_INITIATIVES,
            scope="co_so",
            from_year=start1,
            to_year=ev.year,
        )
    _chain_reason(ev, "HTXS_YEARS_MISSING", missing2, BK_TINH_YEARS)
    if len(free2) < BK_TINH_INITIATIVES:
        ev.add(
            "INITIATIVES_SHORT",
            have=len(free2),
            required=BK_TINH_INITIATIVES,
            scope="co_so",
            from_year=start2,
            to_year=ev.year,
        )
        ev.report_used(used2)
    return ev.answer(route_reasons=route is None)


def _bang_khen_thu_tuong(ev: _Eval, route: str | None) -> Answer:
    """Rule 16, individual route (b): holds a provincial/ministry Bằng khen, ≥ 5
    consecutive years rated ≥ htt up to the year, ≥ 3 CSTĐCS in that window. The
    collective criteria are not confirmed [M]: collectives get MANUAL_REVIEW."""
    if isinstance(ev.facts, UnitFacts):
        ev.cite("bang_khen_thu_tuong.collective")
        ev.manual = True
        return ev.answer()
    ev.cite("bang_khen_thu_tuong.individual")
    if not ev.own_award_years(BK_TINH):
        ev.add("BANG_KHEN_TINH_MISSING")
    _, missing, start = ev.chain(BK_TTG_YEARS, ev.rated_at_least(RATING_RANK[HTT]))
    _chain_reason(ev, "HTT_YEARS_MISSING", missing, BK_TTG_YEARS)
    cstdcs = ev.holds(CSTDCS)
    have = sum(
        1
        for y in range(start, ev.year + 1)
        if not (ev.floor is not None and y <= ev.floor) and ev.year_ok(y, cstdcs)
    )
    if have < BK_TTG_CSTDCS:
        ev.add(
            "CSTDCS_COUNT_SHORT",
            have=have,
            required=BK_TTG_CSTDCS,
            from_year=start,
            to_year=ev.year,
        )
    if ev.reasons and not any(r.code in HARD_REASONS for r in ev.reasons):
        ev.reasons.insert(0, Reason("ROUTE_NOT_MET", {"route": "b"}))
    return ev.answer(route_reasons=route is None)


def _giay_khen(ev: _Eval) -> Answer:
    """Law art. 75: exemplary, completing tasks well, and achievements in a
    movement or with influence in the unit — qualitative, so MANUAL_REVIEW; a year
    rated below htt (or a hold) refuses."""
    ev.cite(GIAY_KHEN)
    rank = ev.rating(ev.year)
    if rank is not None and rank < RATING_RANK[HTT]:
        ev.add(
            "RATING_TOO_LOW",
            year=ev.year,
            rating=RATINGS[3 - rank],
            required_rating=HTT,
        )
        return ev.answer()
    ev.manual = True
    return ev.answer()


# --- entry points ------------------------------------------------------------------

_PERSON_ONLY = frozenset(INDIVIDUAL_AWARDS)
_UNIT_ONLY = frozenset(COLLECTIVE_AWARDS)


def _run(ev: _Eval, route: str | None) -> Answer:
    award = ev.award
    if award == LDTT:
        return _lao_dong_tien_tien(ev)
    if award == CSTDCS:
        return _chien_si_thi_dua_co_so(ev)
    if award == CSTD_TINH:
        return _chien_si_thi_dua_tinh(ev)
    if award == CSTD_TQ:
        return _chien_si_thi_dua_toan_quoc(ev)
    if award == TTLDTT:
        return _tap_the_lao_dong_tien_tien(ev)
    if award == TTLDXS:
        return _tap_the_lao_dong_xuat_sac(ev)
    if award == CO_TINH:
        return _co_thi_dua_tinh(ev)
    if award == CO_CP:
        return _co_thi_dua_chinh_phu(ev)
    if award == BK_TINH:
        return _bang_khen_tinh(ev, route)
    if award == BK_TTG:
        return _bang_khen_thu_tuong(ev, route)
    return _giay_khen(ev)


def evaluate(
    facts: Facts,
    award: str,
    year: int,
    params: Params = DEFAULT_PARAMS,
    *,
    on: date | None = None,
    proposal: int | None = None,
    route: str | None = None,
) -> Answer:
    """Is the subject eligible for ``award`` in ``year``, judged on ``on`` (the
    dossier receipt date; default 31/12 of the year)?

    ``route`` (Bằng khen only): ``"d"`` for Bằng khen tỉnh route (d), ``"b"`` for
    Bằng khen Thủ tướng route (b) — the answer is then True or False; with None a
    failed quantitative route leaves the qualitative ones: None with MANUAL_REVIEW.
    """
    if award not in AWARD_NAMES:
        raise RuleViolation("AWARD_UNKNOWN", {"award": award})
    is_person = isinstance(facts, PersonFacts)
    if (is_person and award in _UNIT_ONLY) or (not is_person and award in _PERSON_ONLY):
        raise RuleViolation(
            "AWARD_NOT_FOR_SUBJECT",
            {"award": award, "subject": "person" if is_person else "unit"},
        )
    day = on or date(year, 12, 31)
    legal = params.legal
    versions = law_versions(day, legal)
    if award not in AMENDED_BY_FUTURE_LAW:
        versions = versions[:1]
    answer = _run(_Eval(award, facts, year, params, day, proposal, versions[0]), route)
    if answer.eligible is not True and len(versions) > 1:
        # The more favourable rule applies to a dossier received before the
        # amendment took effect (domain.md §2.3).
        other = _run(
            _Eval(award, facts, year, params, day, proposal, versions[1]), route
        )
        if other.eligible is True:
            return other
    return answer


def evaluate_many(
    facts_iter: Iterable[Facts],
    award: str,
    year: int,
    params: Params = DEFAULT_PARAMS,
    *,
    on: date | None = None,
    route: str | None = None,
) -> Iterator[tuple[int, Answer]]:
    """``(subject id, answer)`` for each subject, lazily (a generator), so a whole
    province streams through without holding every answer in memory."""
    for facts in facts_iter:
        yield facts.id, evaluate(facts, award, year, params, on=on, route=route)


def _award_function(award: str, rule: Callable[..., Answer]) -> Callable[..., Answer]:
    def check(
        facts: Facts,
        year: int,
        params: Params = DEFAULT_PARAMS,
        *,
        on: date | None = None,
        proposal: int | None = None,
        route: str | None = None,
    ) -> Answer:
        return evaluate(
            facts, award, year, params, on=on, proposal=proposal, route=route
        )

    check.__name__ = award
    check.__qualname__ = award
    check.__doc__ = f"{AWARD_NAMES[award]} ({award}). {rule.__doc__}\n\nSee evaluate()."
    return check


lao_dong_tien_tien = _award_function(LDTT, _lao_dong_tien_tien)
chien_si_thi_dua_co_so = _award_function(CSTDCS, _chien_si_thi_dua_co_so)
chien_si_thi_dua_tinh = _award_function(CSTD_TINH, _chien_si_thi_dua_tinh)
chien_si_thi_dua_toan_quoc = _award_function(CSTD_TQ, _chien_si_thi_dua_toan_quoc)
tap_the_lao_dong_tien_tien = _award_function(TTLDTT, _tap_the_lao_dong_tien_tien)
tap_the_lao_dong_xuat_sac = _award_function(TTLDXS, _tap_the_lao_dong_xuat_sac)
co_thi_dua_tinh = _award_function(CO_TINH, _co_thi_dua_tinh)
co_thi_dua_chinh_phu = _award_function(CO_CP, _co_thi_dua_chinh_phu)
bang_khen_tinh = _award_function(BK_TINH, _bang_khen_tinh)
bang_khen_thu_tuong = _award_function(BK_TTG, _bang_khen_thu_tuong)
giay_khen = _award_function(GIAY_KHEN, _giay_khen)


# --- rules 1 and 2: links between proposals, achievements and initiatives ----------


@dataclass(frozen=True)
class Link:
    """What one proposal (or award) is based on. Links of a ``returned`` proposal
    are released: the shell passes ``active=False`` (or leaves them out)."""

    proposal: int
    award: str
    year: int
    achievement: int | None = None
    initiatives: tuple[int, ...] = ()
    active: bool = True


def initiative_conflicts(
    new: Link, existing: Iterable[Link], initiatives: Iterable[Initiative] = ()
) -> list[Reason]:
    """Rule 2: an initiative backs at most one proposal — so a title and a form
    never share one. Conflicts with other active proposals and with past uses
    recorded on the initiatives themselves, in initiative order."""
    wanted = set(new.initiatives)
    found: dict[int, Reason] = {}
    for link in existing:
        if not link.active or link.proposal == new.proposal:
            continue
        for i in wanted.intersection(link.initiatives):
            found.setdefault(
                i,
                Reason(
                    "INITIATIVE_ALREADY_USED",
                    {
                        "initiative": i,
                        "award": link.award,
                        "year": link.year,
                        "proposal": link.proposal,
                    },
                ),
            )
    for i in initiatives:
        u = i.used_by
        if (
            i.id in wanted
            and i.id not in found
            and u is not None
            and (u.proposal is None or u.proposal != new.proposal)
        ):
            found[i.id] = Reason(
                "INITIATIVE_ALREADY_USED",
                {
                    "initiative": i.id,
                    "award": u.award,
                    "year": u.year,
                    "proposal": u.proposal,
                },
            )
    return [found[i] for i in sorted(found)]


def check_initiative_links(
    new: Link, existing: Iterable[Link], initiatives: Iterable[Initiative] = ()
) -> None:
    """Raise ``INITIATIVE_ALREADY_USED`` (api.md, 422) on the first conflict."""
    conflicts = initiative_conflicts(new, existing, initiatives)
    if conflicts:
        raise RuleViolation(conflicts[0].code, dict(conflicts[0].params))


def achievement_conflicts(new: Link, existing: Iterable[Link]) -> list[Reason]:
    """Rule 1: one achievement backs at most one title or form (Law art. 5)."""
    if new.achievement is None:
        return []
    return [
        Reason(
            "ACHIEVEMENT_ALREADY_USED",
            {
                "achievement": new.achievement,
                "award": link.award,
                "year": link.year,
                "proposal": link.proposal,
            },
        )
        for link in sorted(existing, key=lambda x: x.proposal)
        if link.active
        and link.proposal != new.proposal
        and link.achievement == new.achievement
    ]


def check_achievement_links(new: Link, existing: Iterable[Link]) -> None:
    conflicts = achievement_conflicts(new, existing)
    if conflicts:
        raise RuleViolation(conflicts[0].code, dict(conflicts[0].params))


# --- quotas (rule 9, §6.7, §10 item 6) ---------------------------------------------


def check_quota(award: str, *, taken: int, quota: int | None) -> None:
    """A new proposal is refused once ``taken`` proposals fill the quota."""
    if quota is not None and taken >= quota:
        raise RuleViolation("QUOTA_EXCEEDED", {"award": award, "quota": quota})


def quota_for(award: str, params: Params, block_quota: int | None = None) -> int | None:
    """The block year's quota for an award (its own value first, then ⚙)."""
    if block_quota is not None:
        return block_quota
    if award == CO_TINH:
        return params.flag_quota_per_block
    if award == BK_TINH:
        return params.bang_khen_quota_per_block
    return None


def _percent(share: Fraction) -> int | float:
    value = share * 100
    return int(value) if value.denominator == 1 else float(value)


def check_cstdcs_cap(*, cstdcs: int, ldtt: int, params: Params) -> None:
    """⚙ A provincial cap on CSTĐCS as a share of LĐTT (off by default)."""
    cap = params.cstdcs_cap
    if cap is not None and cstdcs * cap.denominator > cap.numerator * ldtt:
        raise RuleViolation(
            "CSTDCS_CAP_EXCEEDED",
            {"cstdcs": cstdcs, "ldtt": ldtt, "cap_percent": _percent(cap)},
        )


# --- rule 20: tie-break ------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """An individual (``gender``) or a collective (``members``, ``women``)."""

    id: int
    gender: str = ""
    members: int = 0
    women: int = 0


def is_preferred(candidate: Candidate) -> bool:
    """Rule 20: a woman, or a collective with ≥ 70 % women."""
    if candidate.gender:
        return candidate.gender == FEMALE
    return _share_ok(candidate.women, candidate.members, WOMEN_SHARE_PREFERRED)


def preferred_first(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Among candidates who meet the criteria equally, the preferred come first;
    the order is otherwise kept."""
    return sorted(candidates, key=lambda c: not is_preferred(c))
