"""What goes into the official documents of a block year (domain.md §6.9): plain
dataclasses built from the data present. Missing parts are dotted blanks to fill by
hand; a document built on an unpublished ranking is marked "DỰ THẢO" (api.md
"Documents and exports"). Nothing here draws anything: see ``render.py``.

Document text is Vietnamese only (house style: official documents are not gettext
strings). Citations follow the decree in force on the document's date
(domain.md §2.2 item 1; ``rules.legal``).
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count
from django.utils import timezone

from thidua.core.access import can
from thidua.core.errors import DomainError
from thidua.cycles.models import Submission
from thidua.documents.models import DocumentJob, IssuedDocument
from thidua.organizations import selectors as org_selectors
from thidua.organizations.models import BlockYear
from thidua.rules import legal, numbering, scoring
from thidua.rules.eligibility import AWARD_NAMES, RATING_NAMES
from thidua.rules.permissions import Scope
from thidua.scoring import selectors as scoring_selectors
from thidua.voting.models import BallotIssue, BallotRound, Conference
from thidua.voting.selectors import (
    attendances_of,
    decision_of,
    quorum_of,
    result_of,
    rounds_of,
)

KINDS = ("ranking", "minutes", "ballot_count", "cover_letter", "annual_report")
BLANK = "…………"
DRAFT_MARK = "DỰ THẢO"
# Decree 30 Appendix III: the type of each document.
TYPE_OF_KIND = {
    "ranking": "thong_bao",
    "minutes": "bien_ban",
    "ballot_count": "bien_ban",
    "cover_letter": "to_trinh",
    "annual_report": "bao_cao",
}
TITLES = {
    "ranking": "THÔNG BÁO",
    "minutes": "BIÊN BẢN",
    "ballot_count": "BIÊN BẢN KIỂM PHIẾU",
    "cover_letter": "TỜ TRÌNH",
    "annual_report": "BÁO CÁO",
}
AWARD_LABELS = {
    **AWARD_NAMES,
    "co_thi_dua_tinh": "Cờ thi đua của UBND tỉnh",
    "bang_khen_tinh": "Bằng khen của Chủ tịch UBND tỉnh",
}


# --- The dataclasses ---------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body, heading, bold, italic, center


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Signature:
    on_behalf: str  # "TM. KHỐI THI ĐUA" or ""
    title: str  # "TRƯỞNG KHỐI"
    name: str


@dataclass(frozen=True)
class Heading:
    """Decree 30 header: the issuing body left, Quốc hiệu and tiêu ngữ right."""

    parent_body: str
    issuing_body: str
    number_text: str  # "Số: 05/TTr-KTĐ", or "Số:      /TTr-KTĐ" before issue
    place_date: str
    title: str
    subject: str


@dataclass(frozen=True)
class OfficialDocument:
    kind: str
    block_year: int
    period: str
    draft: bool
    heading: Heading
    body: tuple[Paragraph | Table, ...]
    signatures: tuple[Signature, ...]
    recipients: tuple[str, ...]
    # The structured content, for administrator templates (docxtpl).
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        suffix = "-du-thao" if self.draft else ""
        return f"{self.kind}-{self.block_year}-{self.period}{suffix}"


# --- Access ------------------------------------------------------------------------


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise DomainError("NOT_FOUND")
    return kind


def check_period(period: str | None) -> str:
    period = period or "year"
    if period not in scoring.PERIODS:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"period": list(scoring.PERIODS)}}
        )
    return period


def get_block_year_for_documents(actor: Any, pk: Any, period: str) -> BlockYear:
    """Documents show the ranking: whoever may see the period's ranking may read
    them (the secretariat and members while it is a draft; the province after)."""
    block_year = org_selectors.get_block_year_for(actor, pk)
    scoring_selectors.require_ranking_access(actor, block_year, period)
    return block_year


def issued_documents_of(block_year: BlockYear) -> list[IssuedDocument]:
    return list(
        IssuedDocument.objects.filter(block_year=block_year).select_related("issued_by")
    )


# --- Shared parts ------------------------------------------------------------------


def body_key(block_year: BlockYear) -> str:
    return f"block:{block_year.block_id}"


def symbol_of(block_year: BlockYear, kind: str) -> str:
    return numbering.document_number(
        1, TYPE_OF_KIND[kind], block_year.block.kind
    ).symbol


def _parent_body(province_name: str) -> str:
    return f"UBND TỈNH {numbering.place_name(province_name).upper()}"


def _heading(
    block_year: BlockYear,
    kind: str,
    subject: str,
    day: date,
    number: int | None,
) -> Heading:
    symbol = symbol_of(block_year, kind)
    shown = numbering.format_number(number) if number else "      "
    return Heading(
        parent_body=_parent_body(block_year.block.province.name),
        issuing_body=block_year.block.name.upper(),
        number_text=f"Số: {shown}/{symbol}",
        place_date=numbering.place_and_date(block_year.block.province.name, day),
        title=TITLES[kind],
        subject=subject,
    )


def _or_blank(value: Any) -> str:
    return str(value) if value not in (None, "") else BLANK


def _points(value: Any) -> str:
    if value is None:
        return BLANK
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _percent(share: float) -> str:
    return f"{share * 100:.2f}".replace(".", ",") + "%"


def _period_words(period: str, year: int) -> str:
    return f"6 tháng đầu năm {year}" if period == "mid" else f"năm {year}"


def _head_signature(block_year: BlockYear) -> Signature:
    head = org_selectors.head_of(block_year)
    unit = f" ({head.unit.name})" if head else ""
    word = "CỤM" if block_year.block.kind == "cum" else "KHỐI"
    return Signature(f"TM. {word} THI ĐUA", f"TRƯỞNG {word}{unit.upper()}", BLANK)


def _recipients(block_year: BlockYear, *extra: str) -> tuple[str, ...]:
    return (*extra, "Các đơn vị thành viên", "Lưu: VT.")


def _conference(block_year: BlockYear, period: str) -> Conference | None:
    kind = Conference.Kind.SO_KET if period == "mid" else Conference.Kind.TONG_KET
    return (
        Conference.objects.filter(block_year=block_year, kind=kind)
        .select_related(
            "host_unit",
            "next_head_unit",
            "next_host_unit",
            "block_year__block__province",
        )
        .order_by("-date", "-id")
        .first()
    )


@dataclass(frozen=True)
class RoundFacts:
    number: int
    award: str
    award_name: str
    seats: int
    candidates: tuple[str, ...]
    closed: bool
    issued: int | None
    cast: int | None
    invalid: int | None
    valid: int | None
    lines: tuple[tuple[str, int, str, bool], ...]  # name, votes, share, elected
    elected: tuple[str, ...]
    decided: tuple[str, ...]
    decision_reason: str


def _round_facts(conference: Conference | None) -> list[RoundFacts]:
    if conference is None:
        return []
    rounds = rounds_of(conference)
    issued = dict(
        BallotIssue.objects.filter(round__in=rounds)
        .values_list("round")
        .annotate(n=Count("id"))
    )
    facts = []
    for i, r in enumerate(rounds, start=1):
        names = tuple(c.unit.name for c in r.candidacies.select_related("unit"))
        closed = r.status == BallotRound.Status.CLOSED
        lines: tuple = ()
        cast = invalid = valid = None
        elected: tuple[str, ...] = ()
        if closed:
            result = result_of(r)
            cast, invalid = result.ballots_cast, result.invalid
            valid = cast - invalid
            lines = tuple(
                (c.unit_name, c.votes, _percent(c.share), c.elected)
                for c in result.candidates
            )
            elected = tuple(c.unit_name for c in result.candidates if c.elected)
        decision = decision_of(r)
        facts.append(
            RoundFacts(
                number=i,
                award=r.award,
                award_name=AWARD_LABELS.get(r.award, r.award),
                seats=r.seats,
                candidates=names,
                closed=closed,
                issued=issued.get(r.pk)
                if r.mode == BallotRound.Mode.ELECTRONIC
                else None,
                cast=cast,
                invalid=invalid,
                valid=valid,
                lines=lines,
                elected=elected,
                decided=tuple(u.name for u in decision.units.all()) if decision else (),
                decision_reason=decision.reason if decision else "",
            )
        )
    return facts


def _round_blocks(facts: list[RoundFacts]) -> list[Paragraph | Table]:
    blocks: list[Paragraph | Table] = []
    if not facts:
        blocks.append(Paragraph(f"Các vòng bỏ phiếu: {BLANK}"))
    for f in facts:
        blocks.append(
            Paragraph(
                f"Vòng bỏ phiếu thứ {f.number}: suy tôn {f.award_name} "
                f"({f.seats} suất).",
                "bold",
            )
        )
        blocks.append(
            Paragraph(
                "Danh sách đơn vị được đề cử: "
                + (", ".join(f.candidates) or BLANK)
                + "."
            )
        )
        blocks.append(
            Paragraph(
                f"Số phiếu phát ra: {_or_blank(f.issued)}; số phiếu thu vào: "
                f"{_or_blank(f.cast)}; số phiếu hợp lệ: {_or_blank(f.valid)}; "
                f"số phiếu không hợp lệ: {_or_blank(f.invalid)}."
            )
        )
        if f.lines:
            blocks.append(
                Table(
                    ("STT", "Đơn vị", "Số phiếu đồng ý", "Tỷ lệ", "Kết quả"),
                    tuple(
                        (
                            str(n),
                            name,
                            str(votes),
                            share,
                            "Đạt" if elected else "Không đạt",
                        )
                        for n, (name, votes, share, elected) in enumerate(
                            f.lines, start=1
                        )
                    ),
                )
            )
        else:
            blocks.append(Paragraph(f"Kết quả kiểm phiếu: {BLANK}"))
        if f.decided:
            blocks.append(
                Paragraph(
                    "Trưởng khối, Phó khối thống nhất: "
                    + ", ".join(f.decided)
                    + f" (lý do: {f.decision_reason})."
                )
            )
    return blocks


# --- The documents -----------------------------------------------------------------


def build_document(
    block_year: BlockYear,
    kind: str,
    period: str = "year",
    *,
    day: date | None = None,
    number: int | None = None,
) -> OfficialDocument:
    """The document ``kind`` of the block year, as the data stands now."""
    check_kind(kind)
    day = day or timezone.localdate()
    builders = {
        "ranking": _ranking,
        "minutes": _minutes,
        "ballot_count": _ballot_count,
        "cover_letter": _cover_letter,
        "annual_report": _annual_report,
    }
    return builders[kind](block_year, period, day, number)


def _ranking(by: BlockYear, period: str, day: date, number: int | None):
    rows, publication = scoring_selectors.ranking_rows(by, period)
    words = _period_words(period, by.year)
    table = Table(
        ("Xếp hạng", "Đơn vị", "Điểm chấm", "Điểm thưởng", "Điểm trừ", "Tổng điểm"),
        tuple(
            (
                str(r.rank) if r.rank else BLANK,
                r.unit_name,
                _points(r.base),
                _points(r.bonus),
                _points(r.deductions),
                _points(r.total),
            )
            for r in rows
        ),
    )
    body = (
        Paragraph(
            f"Căn cứ bản giao ước thi đua {words} của {by.block.name}; căn cứ kết "
            f"quả chấm điểm của các đơn vị thành viên, {by.block.name} thông báo "
            "kết quả chấm điểm, xếp loại như sau:"
        ),
        Paragraph(
            f"BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM, XẾP LOẠI {words.upper()}", "heading"
        ),
        table,
    )
    return OfficialDocument(
        kind="ranking",
        block_year=by.pk,
        period=period,
        draft=publication is None,
        heading=_heading(
            by, "ranking", f"Kết quả chấm điểm, xếp loại thi đua {words}", day, number
        ),
        body=body,
        signatures=(_head_signature(by),),
        recipients=_recipients(by, "Ban Thi đua - Khen thưởng tỉnh"),
        data={"rows": [list(r) for r in table.rows], "period": words},
    )


def _is_draft(by: BlockYear, period: str) -> bool:
    return scoring_selectors.publication_of(by, period) is None


def _minutes(by: BlockYear, period: str, day: date, number: int | None):
    conference = _conference(by, period)
    words = _period_words(period, by.year)
    body: list[Paragraph | Table] = []
    if conference is not None:
        quorum = quorum_of(conference)
        attendees = attendances_of(conference)
        when = numbering.day_in_words(conference.date)
        place = conference.place or f"tại {conference.host_unit.name}"
        body += [
            Paragraph(f"Thời gian: vào hồi {_clock(conference.starts_at)}, {when}."),
            Paragraph(f"Địa điểm: {place}."),
            Paragraph(f"Chủ trì: {_or_blank(conference.chair)}"),
            Paragraph(f"Thư ký: {_or_blank(conference.secretary)}"),
            Paragraph(
                f"Thành phần tham dự: {quorum.present_units}/{quorum.member_units} "
                "đơn vị thành viên có mặt; "
                + ("đạt tỷ lệ tối thiểu" if quorum.met else "không đạt tỷ lệ tối thiểu")
                + f" {quorum.percent}% theo quy định."
            ),
        ]
        body += [
            Paragraph(f"- {a.person.full_name}, {a.unit.name}.") for a in attendees
        ]
    else:
        body += [
            Paragraph(f"Thời gian: vào hồi {BLANK} giờ, ngày {BLANK}."),
            Paragraph(f"Địa điểm: {BLANK}"),
            Paragraph(f"Chủ trì: {BLANK}"),
            Paragraph(f"Thư ký: {BLANK}"),
            Paragraph(f"Thành phần tham dự: {BLANK}"),
        ]
    body.append(Paragraph("NỘI DUNG CUỘC HỌP", "heading"))
    facts = _round_facts(conference)
    body += _round_blocks(facts)
    body.append(Paragraph("KẾT LUẬN", "heading"))
    for f in facts:
        chosen = f.elected or f.decided
        body.append(
            Paragraph(
                f"Đơn vị được suy tôn {f.award_name}: "
                + (", ".join(chosen) if chosen else BLANK)
                + "."
            )
        )
    next_head = _next_head(by, conference)
    next_host = (
        conference.next_host_unit.name
        if conference is not None and conference.next_host_unit
        else None
    )
    body += [
        Paragraph(f"Đơn vị Trưởng khối năm {by.year + 1}: {_or_blank(next_head)}."),
        Paragraph(
            f"Đơn vị đăng cai tổ chức hội nghị năm {by.year + 1}: "
            f"{_or_blank(next_host)}."
        ),
        Paragraph(f"Cuộc họp kết thúc vào hồi {BLANK} giờ cùng ngày."),
    ]
    chair = conference.chair if conference is not None else ""
    secretary = conference.secretary if conference is not None else ""
    return OfficialDocument(
        kind="minutes",
        block_year=by.pk,
        period=period,
        draft=_is_draft(by, period),
        heading=_heading(
            by, "minutes", f"Họp bình xét, suy tôn thi đua {words}", day, number
        ),
        body=tuple(body),
        signatures=(
            Signature("", "THƯ KÝ", _or_blank(secretary)),
            Signature("", "CHỦ TRÌ", _or_blank(chair)),
        ),
        recipients=_recipients(by, "Ban Thi đua - Khen thưởng tỉnh"),
        data={
            "rounds": [f.__dict__ for f in facts],
            "next_head": next_head,
            "next_host": next_host,
            "chair": chair,
            "secretary": secretary,
            "starts_at": _clock(conference.starts_at if conference else None),
        },
    )


def _clock(moment: datetime | None) -> str:
    """``08 giờ 30 phút`` in the local time, or a dotted blank."""
    if moment is None:
        return f"{BLANK} giờ"
    local = timezone.localtime(moment)
    return f"{local.hour:02d} giờ {local.minute:02d} phút"


def _next_head(by: BlockYear, conference: Conference | None = None) -> str | None:
    """The head unit of next year: as the meeting chose it, else as next year's
    block year names it."""
    if conference is not None and conference.next_head_unit:
        return conference.next_head_unit.name
    following = (
        BlockYear.objects.filter(block_id=by.block_id, year=by.year + 1)
        .prefetch_related("memberships__unit")
        .first()
    )
    head = org_selectors.head_of(following) if following else None
    return head.unit.name if head else None


def _ballot_count(by: BlockYear, period: str, day: date, number: int | None):
    conference = _conference(by, period)
    words = _period_words(period, by.year)
    when = numbering.day_in_words(conference.date) if conference else f"ngày {BLANK}"
    body: list[Paragraph | Table] = [
        Paragraph(f"Hôm nay, {when}, Ban kiểm phiếu gồm: {BLANK}"),
        Paragraph(f"Trưởng ban: {BLANK}"),
        Paragraph(f"Thành viên: {BLANK}"),
        Paragraph("đã tiến hành kiểm phiếu bình xét, suy tôn với kết quả như sau:"),
    ]
    facts = _round_facts(conference)
    body += _round_blocks(facts)
    body.append(
        Paragraph("Biên bản kiểm phiếu được lập và công bố công khai tại hội nghị.")
    )
    return OfficialDocument(
        kind="ballot_count",
        block_year=by.pk,
        period=period,
        draft=_is_draft(by, period),
        heading=_heading(
            by, "ballot_count", f"Bình xét, suy tôn thi đua {words}", day, number
        ),
        body=tuple(body),
        signatures=(
            Signature("", "THÀNH VIÊN BAN KIỂM PHIẾU", BLANK),
            Signature("", "TRƯỞNG BAN KIỂM PHIẾU", BLANK),
        ),
        recipients=_recipients(by),
        data={"rounds": [f.__dict__ for f in facts]},
    )


def _nominees(by: BlockYear, period: str) -> list[tuple[str, list[str]]]:
    """Units elected in closed rounds (or decided after the last round), by award."""
    by_award: dict[str, list[str]] = {}
    for f in _round_facts(_conference(by, period)):
        for name in f.elected or f.decided:
            by_award.setdefault(f.award, [])
            if name not in by_award[f.award]:
                by_award[f.award].append(name)
    return [(AWARD_LABELS.get(a, a), names) for a, names in by_award.items()]


def _cover_letter(by: BlockYear, period: str, day: date, number: int | None):
    words = _period_words(period, by.year)
    decree = legal.decree_in_force(day)
    nominees = _nominees(by, period)
    rows = []
    n = 0
    for award_name, names in nominees:
        for name in names:
            n += 1
            rows.append((str(n), name, award_name))
    body: list[Paragraph | Table] = [
        Paragraph("Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh (qua Sở Nội vụ).", "center"),
        Paragraph(f"Căn cứ {legal.LAW_2022.full};"),
        Paragraph(f"Căn cứ {decree.full};"),
        Paragraph(
            f"Căn cứ kết quả chấm điểm, bình xét, suy tôn thi đua {words} của "
            f"{by.block.name},"
        ),
        Paragraph(
            f"{by.block.name} kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, "
            "khen thưởng cho các tập thể sau:"
        ),
    ]
    if rows:
        body.append(Table(("STT", "Tên tập thể", "Hình thức khen thưởng"), tuple(rows)))
    else:
        body.append(Paragraph(f"Danh sách đề nghị: {BLANK}"))
    body.append(
        Paragraph(
            "(Kèm theo biên bản họp bình xét, suy tôn và báo cáo thành tích của các "
            "tập thể.) Kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./."
        )
    )
    return OfficialDocument(
        kind="cover_letter",
        block_year=by.pk,
        period=period,
        draft=_is_draft(by, period),
        heading=_heading(
            by,
            "cover_letter",
            f"Về việc đề nghị khen thưởng thành tích thi đua {words}",
            day,
            number,
        ),
        body=tuple(body),
        signatures=(_head_signature(by),),
        recipients=_recipients(by, "Như trên", "Sở Nội vụ"),
        data={
            "nominees": [{"award": a, "units": u} for a, u in nominees],
            "decree": decree.full,
        },
    )


def _annual_report(by: BlockYear, period: str, day: date, number: int | None):
    words = _period_words(period, by.year)
    rows, _publication = scoring_selectors.ranking_rows(by, period)
    members = org_selectors.members_by_role(by)
    leaders = [r.unit_name for r in rows if r.rank == 1]
    nominees = _nominees(by, period)
    body: list[Paragraph | Table] = [
        Paragraph("I. ĐẶC ĐIỂM TÌNH HÌNH", "heading"),
        Paragraph(
            f"{by.block.name} năm {by.year} gồm {len(members)} đơn vị thành viên; "
            f"Trưởng khối: {_or_blank(members[0].unit.name if members else None)}."
        ),
        Paragraph(
            f"Chủ đề thi đua: {_or_blank(by.theme)}. Khẩu hiệu: {_or_blank(by.slogan)}."
        ),
        Paragraph("II. KẾT QUẢ THỰC HIỆN", "heading"),
        Paragraph(f"1. Kết quả chấm điểm, xếp loại {words}:"),
        Table(
            ("Xếp hạng", "Đơn vị", "Tổng điểm"),
            tuple(
                (str(r.rank) if r.rank else BLANK, r.unit_name, _points(r.total))
                for r in rows
            ),
        ),
        Paragraph(
            "Đơn vị dẫn đầu: " + (", ".join(leaders) if leaders else BLANK) + "."
        ),
        Paragraph("2. Kết quả bình xét, suy tôn:"),
    ]
    body += [
        Paragraph(f"- {award}: {', '.join(names)}.") for award, names in nominees
    ] or [Paragraph(f"- {BLANK}")]
    body += [
        Paragraph("III. HẠN CHẾ, TỒN TẠI", "heading"),
        Paragraph(BLANK),
        Paragraph(f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {by.year + 1}", "heading"),
        Paragraph(BLANK),
    ]
    return OfficialDocument(
        kind="annual_report",
        block_year=by.pk,
        period=period,
        draft=_is_draft(by, period),
        heading=_heading(
            by,
            "annual_report",
            f"Tổng kết công tác thi đua, khen thưởng {words}",
            day,
            number,
        ),
        body=tuple(body),
        signatures=(_head_signature(by),),
        recipients=_recipients(by, "Ban Thi đua - Khen thưởng tỉnh"),
        data={"ratings": RATING_NAMES, "members": [m.unit.name for m in members]},
    )


# --- The dossier (hồ sơ) of a block year: one ZIP for the council -------------------

# A dossier this small is answered at once (200, the ZIP); a larger one is built in
# the background (202 and a job to poll). Rendering the five documents takes about
# the same time whatever the size; member units add table rows and attached files
# add bytes to copy: over either bound, the request would keep a worker too long.
SYNC_MAX_UNITS = 15
SYNC_MAX_FILES = 30

DOCUMENT_NAMES = {
    "ranking": "Bảng tổng hợp kết quả chấm điểm, xếp loại",
    "minutes": "Biên bản họp bình xét, suy tôn",
    "ballot_count": "Biên bản kiểm phiếu",
    "cover_letter": "Tờ trình đề nghị khen thưởng",
    "annual_report": "Báo cáo tổng kết công tác thi đua, khen thưởng",
}
UNIT_FILES_FOLDER = "Tài liệu các đơn vị gửi"
ISSUED_FOLDER = "Văn bản đã ban hành"
INDEX_NAME = "00 Mục lục.txt"
_UNSAFE = set('\\/:*?"<>|')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)
}
_MAX_NAME = 120


def safe_name(text: str, *, fallback: str = "tep") -> str:
    """One component of a path inside the ZIP: NFC, no path separators nor other
    characters Windows refuses (each becomes "-"), no control characters, white
    space as single spaces, no leading or trailing dots
    and spaces, at most 120 characters (the extension kept). Vietnamese letters stay
    as they are (the ZIP marks its names as UTF-8)."""
    text = unicodedata.normalize("NFC", text or "")
    cleaned = "".join(
        " "
        if ch.isspace()
        else ""
        if unicodedata.category(ch).startswith("C")
        else "-"
        if ch in _UNSAFE
        else ch
        for ch in text
    )
    cleaned = " ".join(cleaned.split()).strip(" .")
    if not cleaned:
        cleaned = fallback
    stem, dot, ext = cleaned.rpartition(".")
    if not dot or not stem or len(ext) > 8 or " " in ext:
        stem, ext = cleaned, ""
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"{stem}_"
    room = _MAX_NAME - (len(ext) + 1 if ext else 0)
    stem = stem[:room].rstrip(" .") or fallback
    return f"{stem}.{ext}" if ext else stem


@dataclass(frozen=True)
class Attachment:
    """A stored file to copy into the ZIP under ``name``."""

    name: str  # path inside the ZIP, components made safe
    storage_name: str  # the file's name in the storage
    label: str  # a line of the index


@dataclass(frozen=True)
class Dossier:
    block_year: int
    year: int
    period: str
    title: str  # "Hồ sơ Khối thi đua … năm 2024"
    documents: tuple[OfficialDocument, ...]
    attachments: tuple[Attachment, ...]

    @property
    def filename(self) -> str:
        return safe_name(self.title) + ".zip"

    def document_name(self, doc: OfficialDocument, extension: str) -> str:
        number = KINDS.index(doc.kind) + 1
        mark = f" ({DRAFT_MARK})" if doc.draft else ""
        words = _period_words(doc.period, self.year)
        return safe_name(
            f"{number:02d} {DOCUMENT_NAMES[doc.kind]} {words}{mark}.{extension}"
        )


@dataclass(frozen=True)
class DossierSize:
    units: int
    files: int

    @property
    def small(self) -> bool:
        return self.units <= SYNC_MAX_UNITS and self.files <= SYNC_MAX_FILES


def _visible_submissions(actor: Any, block_year: BlockYear) -> list[Submission]:
    """The files units sent for the block year's requirements, as the actor may
    read them: all for the secretariat, their own unit's for a unit's people."""
    rows = list(
        Submission.objects.filter(requirement__block_year=block_year)
        .select_related("unit", "requirement")
        .order_by(
            "unit__sort_key",
            "unit_id",
            "requirement__due_date",
            "requirement_id",
            "received_at",
            "id",
        )
    )
    if can(actor, "submission.view", block_year):
        return rows
    scope = block_year.scope()
    allowed = {
        unit
        for unit in {s.unit_id for s in rows}
        if can(
            actor,
            "submission.view",
            Scope(province=scope.province, blocks=scope.blocks, unit=unit),
        )
    }
    return [s for s in rows if s.unit_id in allowed]


def dossier_size(actor: Any, block_year: BlockYear) -> DossierSize:
    units = block_year.memberships.values("unit_id").distinct().count()
    files = len(_visible_submissions(actor, block_year))
    files += IssuedDocument.objects.filter(block_year=block_year).count()
    return DossierSize(units=units, files=files)


def _unique(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``… when the ZIP already holds it."""
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        stem, dot, ext = name.rpartition(".")
        candidate = f"{stem} ({n}).{ext}" if dot else f"{name} ({n})"
    taken.add(candidate.casefold())
    return candidate


def dossier_title(block_year: BlockYear, period: str) -> str:
    return f"Hồ sơ {block_year.block.name} {_period_words(period, block_year.year)}"


def issued_filename(issued: IssuedDocument) -> str:
    """``01-TTr-KTĐ Tờ trình đề nghị khen thưởng.docx``."""
    number = issued.number_text.replace("/", "-")
    return safe_name(f"{number} {DOCUMENT_NAMES[issued.kind]}.docx")


def build_dossier(actor: Any, block_year: BlockYear, period: str) -> Dossier:
    """What the block year's ZIP holds: the five documents (as the data stands),
    the copies issued with a number, and the files the units sent that the actor
    may read. The caller checked the actor's access to the documents."""
    documents = tuple(build_document(block_year, kind, period) for kind in KINDS)
    taken: set[str] = set()
    attachments: list[Attachment] = []
    for issued in issued_documents_of(block_year):
        if not issued.file:
            continue
        label = f"{issued.number_text} {DOCUMENT_NAMES[issued.kind]}"
        name = _unique(issued_filename(issued), taken)
        attachments.append(
            Attachment(f"{ISSUED_FOLDER}/{name}", issued.file.name, label)
        )
    for sub in _visible_submissions(actor, block_year):
        folder = safe_name(sub.unit.name, fallback=f"don-vi-{sub.unit_id}")
        name = _unique(
            f"{folder}/" + safe_name(f"{sub.requirement.title} - {sub.original_name}"),
            taken,
        )
        attachments.append(
            Attachment(
                f"{UNIT_FILES_FOLDER}/{name}",
                sub.file.name,
                f"{sub.unit.name}: {sub.requirement.title} ({sub.original_name})",
            )
        )
    return Dossier(
        block_year=block_year.pk,
        year=block_year.year,
        period=period,
        title=dossier_title(block_year, period),
        documents=documents,
        attachments=tuple(attachments),
    )


def get_issued_document_for(actor: Any, pk: Any) -> IssuedDocument:
    """An issued copy, for whoever may read that block year's documents of its
    period (api.md "Documents and exports")."""
    try:
        issued = IssuedDocument.objects.select_related("block_year__block").get(
            pk=int(pk)
        )
    except (ValueError, TypeError, OverflowError, IssuedDocument.DoesNotExist) as exc:
        raise DomainError("NOT_FOUND") from exc
    get_block_year_for_documents(actor, issued.block_year_id, issued.period)
    if not issued.file:
        raise DomainError("NOT_FOUND")
    return issued


def get_job_for(actor: Any, pk: Any) -> DocumentJob:
    """A background job, for the user who asked for it (and superusers); the ZIP
    holds what that user may read, so others get 404."""
    try:
        job = DocumentJob.objects.select_related("block_year__block").get(pk=int(pk))
    except (ValueError, TypeError, OverflowError, DocumentJob.DoesNotExist) as exc:
        raise DomainError("NOT_FOUND") from exc
    if not (getattr(actor, "is_superuser", False) or job.requested_by_id == actor.pk):
        raise DomainError("NOT_FOUND")
    return job


def recent_jobs_of(actor: Any, block_year: BlockYear, limit: int = 5) -> list:
    return list(
        DocumentJob.objects.filter(block_year=block_year, requested_by=actor)[:limit]
    )
