"""Documents of the awards app (issues 5 and 6): the nominee's achievement report
(báo cáo thành tích) pre-filled from the data, and the sector's yearly statistical
forms 0601–0605 as XLSX (domain.md §7.1, §7.4).

What goes into them is built here as plain data (the documents app's
``OfficialDocument`` and ``rules.statistics.StatForm``); drawing is done by
``thidua.documents.render`` and :func:`statistics_workbook`.
"""

import io
from collections import defaultdict
from datetime import date
from typing import Any

import openpyxl
from django.db.models import Q
from django.utils import timezone
from openpyxl.styles import Alignment, Border, Font, Side

from thidua.awards import selectors
from thidua.awards.models import AwardRecord, Proposal, Rating, StaffSummary
from thidua.core.errors import DomainError
from thidua.core.models import RoleGrant
from thidua.documents.selectors import (
    BLANK,
    Heading,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
)
from thidua.movements.models import Movement
from thidua.organizations.models import Block, Membership, Person, Province
from thidua.rules import numbering, statistics
from thidua.rules.eligibility import (
    AWARD_NAMES,
    COLLECTIVE_AWARDS,
    FORMS,
    INDIVIDUAL_AWARDS,
    RATING_NAMES,
    SCOPE_NAMES,
)

# --- The achievement report ------------------------------------------------------------

REPORT_YEARS = 5


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else BLANK


def _history_tables(records: list[AwardRecord], subject_id: int) -> list[Any]:
    titles = [r for r in records if r.award in INDIVIDUAL_AWARDS + COLLECTIVE_AWARDS]
    forms = [r for r in records if r.award in FORMS]

    def rows(items: list[AwardRecord]) -> tuple[tuple[str, ...], ...]:
        out = []
        for r in items:
            name = AWARD_NAMES.get(r.award, r.award)
            if r.unit_id and r.unit_id != subject_id:
                name += f" (của {r.unit.name})"
            number = r.decision_number or BLANK
            out.append((str(r.year), name, f"{number}, ngày {_dmy(r.decision_date)}"))
        return tuple(out) or ((BLANK, BLANK, BLANK),)

    headers = ("Năm", "Danh hiệu thi đua", "Số, ngày, tháng, năm của quyết định")
    form_headers = (
        "Năm",
        "Hình thức khen thưởng",
        "Số, ngày, tháng, năm của quyết định",
    )
    return [
        Paragraph("1. Danh hiệu thi đua", "bold"),
        Table(headers, rows(titles)),
        Paragraph("2. Hình thức khen thưởng", "bold"),
        Table(form_headers, rows(forms)),
    ]


def achievement_report(
    proposal: Proposal, *, day: date | None = None
) -> OfficialDocument:
    """The draft báo cáo thành tích of a proposal: the headings of the standard form,
    the ratings of the last five years, initiatives, and the awards already
    received (a unit's predecessors' included); blanks for what only the unit can
    write."""
    day = day or timezone.localdate()
    subject = proposal.subject
    is_person = isinstance(subject, Person)
    unit = subject.unit if is_person else subject
    province = unit.province
    award = AWARD_NAMES.get(proposal.award, proposal.award)
    years = range(proposal.year - REPORT_YEARS + 1, proposal.year + 1)
    if is_person:
        ratings = dict(
            Rating.objects.filter(person=subject, year__in=years).values_list(
                "year", "level"
            )
        )
        records = list(selectors.awards_of_person(subject).select_related("unit"))
    else:
        ratings = dict(
            Rating.objects.filter(unit=subject, year__in=years).values_list(
                "year", "level"
            )
        )
        records = list(selectors.awards_of_unit(subject))
    rating_rows = tuple(
        (
            str(y),
            RATING_NAMES.get(ratings.get(y, ""), BLANK).capitalize()
            if ratings.get(y)
            else BLANK,
        )
        for y in years
    )
    body: list[Any] = []
    if is_person:
        body += [
            Paragraph("I. SƠ LƯỢC LÝ LỊCH", "bold"),
            Paragraph(f"- Họ và tên: {subject.full_name}"),
            Paragraph(
                "- Giới tính: "
                + {"male": "Nam", "female": "Nữ"}.get(subject.gender, BLANK)
            ),
            Paragraph(f"- Ngày, tháng, năm sinh: {BLANK}"),
            Paragraph(f"- Quê quán: {BLANK}"),
            Paragraph(f"- Chức vụ: {subject.position or BLANK}"),
            Paragraph(f"- Đơn vị công tác: {unit.name}"),
            Paragraph(f"- Trình độ chuyên môn, nghiệp vụ: {BLANK}"),
            Paragraph("II. THÀNH TÍCH ĐẠT ĐƯỢC", "bold"),
            Paragraph("1. Quyền hạn, nhiệm vụ được giao", "bold"),
            Paragraph(BLANK),
        ]
    else:
        staff = StaffSummary.objects.filter(unit=subject, year=proposal.year).first()
        body += [
            Paragraph("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", "bold"),
            Paragraph("1. Đặc điểm, tình hình", "bold"),
            Paragraph(
                f"- Tên đơn vị: {subject.name}. Tổng số cán bộ, công chức, viên chức, "
                f"người lao động: {staff.members if staff else BLANK} người"
                + (f" (nữ: {staff.women})" if staff and staff.women is not None else "")
                + "."
            ),
            Paragraph("2. Chức năng, nhiệm vụ", "bold"),
            Paragraph(BLANK),
            Paragraph("II. THÀNH TÍCH ĐẠT ĐƯỢC", "bold"),
        ]
        if staff:
            body.append(
                Paragraph(
                    f"Năm {proposal.year}: {staff.lao_dong_tien_tien}/{staff.members} "
                    "người đạt danh hiệu Lao động tiên tiến, "
                    f"{staff.chien_si_thi_dua_co_so} người đạt danh hiệu Chiến sĩ thi "
                    f"đua cơ sở; {staff.completed_tasks}/{staff.members} người hoàn "
                    "thành nhiệm vụ."
                )
            )
    body += [
        Paragraph(
            f"{'2' if is_person else '1'}. Kết quả thực hiện nhiệm vụ được giao", "bold"
        ),
        Paragraph(proposal.summary or BLANK),
        Paragraph("Kết quả xếp loại mức độ hoàn thành nhiệm vụ:", "italic"),
        Table(("Năm", "Xếp loại"), rating_rows),
    ]
    initiatives = list(proposal.initiatives.all()) if proposal.pk else []
    if is_person:
        initiatives = initiatives or list(subject.initiatives.all())
    if initiatives:
        body += [
            Paragraph("Sáng kiến, đề tài khoa học được công nhận:", "italic"),
            Table(
                ("Tên sáng kiến, đề tài", "Phạm vi", "Quyết định công nhận"),
                tuple(
                    (
                        i.title,
                        SCOPE_NAMES.get(i.scope_level, i.scope_level),
                        f"{i.decision_number}, ngày {_dmy(i.recognized_on)}",
                    )
                    for i in initiatives
                ),
            ),
        ]
    body += [Paragraph("III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC GHI NHẬN", "bold")]
    body += _history_tables(records, subject.pk)
    if is_person:
        signatures = (
            Signature("", "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN", BLANK),
            Signature("", "NGƯỜI BÁO CÁO THÀNH TÍCH", subject.full_name),
        )
    else:
        signatures = (
            Signature("", "THỦ TRƯỞNG CƠ QUAN CẤP TRÊN XÁC NHẬN", BLANK),
            Signature("", "THỦ TRƯỞNG ĐƠN VỊ", BLANK),
        )
    return OfficialDocument(
        kind="achievement_report",
        block_year=proposal.block_year_id or 0,
        period="year",
        draft=True,
        heading=Heading(
            parent_body=f"UBND TỈNH {numbering.place_name(province.name).upper()}",
            issuing_body=unit.name.upper(),
            number_text="",
            place_date=numbering.place_and_date(province.name, day),
            title="BÁO CÁO THÀNH TÍCH",
            subject=f"Đề nghị tặng {award} năm {proposal.year}",
        ),
        body=tuple(body),
        signatures=signatures,
        recipients=("Lưu: VT.",),
        data={
            "award": award,
            "year": proposal.year,
            "subject": str(subject),
            "ratings": [list(r) for r in rating_rows],
        },
    )


# --- The statistical forms ---------------------------------------------------------


def _award_counts(province: Province, year: int) -> dict[str, statistics.AwardCount]:
    """Awards decided in ``year`` (by decision date; by year when undated) for the
    province's people and units."""
    in_year = Q(decision_date__year=year) | Q(decision_date__isnull=True, year=year)
    qs = AwardRecord.objects.filter(in_year).filter(
        Q(unit__province=province) | Q(person__unit__province=province)
    )
    collective: dict[str, int] = defaultdict(int)
    individual: dict[str, int] = defaultdict(int)
    women: dict[str, int] = defaultdict(int)
    for award, person, gender in qs.values_list("award", "person_id", "person__gender"):
        if person is None:
            collective[award] += 1
        else:
            individual[award] += 1
            if gender == "female":
                women[award] += 1
    return {
        a: statistics.AwardCount(collective[a], individual[a], women[a])
        for a in set(collective) | set(individual)
    }


def statistical_form(province: Province, form: str, year: int) -> statistics.StatForm:
    if form not in statistics.FORMS:
        raise DomainError("NOT_FOUND")
    body = f"Ủy ban nhân dân tỉnh {numbering.place_name(province.name)}"
    if form == "0601":
        counts: dict[str, int] = defaultdict(int)
        for kind in Movement.objects.filter(
            province=province, start_date__year=year
        ).values_list("kind", flat=True):
            counts[kind] += 1
        return statistics.form_0601(year, body, counts)
    if form in ("0602", "0603"):
        counts_by_award = _award_counts(province, year)
        build = statistics.form_0602 if form == "0602" else statistics.form_0603
        return build(year, body, counts_by_award)
    if form == "0604":
        return statistics.form_0604(
            year,
            body,
            blocks=Block.objects.filter(province=province, years__year=year)
            .distinct()
            .count(),
            member_units=Membership.objects.filter(
                block_year__block__province=province, year=year
            )
            .values("unit_id")
            .distinct()
            .count(),
            councils=None,
        )
    grants = RoleGrant.objects.filter(province=province, user__is_active=True)
    full_time = (
        grants.filter(role="province_admin").values("user_id").distinct().count()
    )
    part_time = (
        grants.filter(role__in=["block_secretary", "unit_officer"])
        .exclude(user_id__in=grants.filter(role="province_admin").values("user_id"))
        .values("user_id")
        .distinct()
        .count()
    )
    return statistics.form_0605(year, body, full_time=full_time, part_time=part_time)


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def statistics_workbook(forms: list[statistics.StatForm]) -> bytes:
    """One sheet per form, in the printed layout: the form's code and circular top
    left, the reporting and receiving bodies top right, the title, then the table
    (numbers as numbers; empty cells where the data cannot say)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for form in forms:
        sheet = workbook.create_sheet(form.code.split("/")[0])
        width = 2 + len(form.columns)
        sheet.append([f"Biểu số: {form.code}"])
        sheet.append([f"Ban hành kèm theo {statistics.CIRCULAR}"])
        sheet.append([f"Ngày nhận báo cáo: {form.receipt_date.strftime('%d/%m/%Y')}"])
        sheet.append([f"Đơn vị báo cáo: {form.reporting_body}"])
        sheet.append([f"Đơn vị nhận báo cáo: {form.receiving_body}"])
        sheet.append([])
        sheet.append([form.title])
        sheet.append([f"Năm {form.year}"])
        sheet.append([])
        title_row = 7
        for row in (title_row, title_row + 1):
            sheet.merge_cells(
                start_row=row, start_column=1, end_row=row, end_column=width
            )
            cell = sheet.cell(row=row, column=1)
            cell.alignment = Alignment(horizontal="center")
            cell.font = Font(bold=row == title_row, size=13 if row == title_row else 12)
        sheet.append(["Mã số", "Chỉ tiêu", *form.columns])
        header_row = sheet.max_row
        sheet.append(["A", "B", *[str(i) for i in range(1, len(form.columns) + 1)]])
        for row in form.rows:
            sheet.append([row.code, row.label, *row.values])
            if row.bold:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        for line in sheet.iter_rows(min_row=header_row, max_row=sheet.max_row):
            for cell in line:
                cell.border = _BOX
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.column_dimensions["A"].width = 8
        sheet.column_dimensions["B"].width = 52
        for index in range(len(form.columns)):
            letter = openpyxl.utils.get_column_letter(3 + index)
            sheet.column_dimensions[letter].width = 16
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
