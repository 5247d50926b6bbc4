"""Reads of scoring: sheets, deductions and the ranking, in a fixed number of
queries per block year whatever the number of units (design.md §7)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Min, Prefetch
from django.utils import timezone

from thidua.core.access import can, grants_of, is_superuser
from thidua.core.errors import DomainError
from thidua.cycles.models import Covenant, Requirement, Submission, Waiver
from thidua.organizations.models import BlockYear, Membership, Unit
from thidua.rules import deadlines, ranking, scoring
from thidua.scoring.models import Publication, PublishedRank, ScoreEntry, ScoreSheet

ZERO = Decimal(0)


def period_end(block_year: BlockYear, period: str) -> date:
    return (
        date(block_year.year, 6, 30)
        if period == "mid"
        else date(block_year.year, 12, 31)
    )


def members_on(block_year: BlockYear, day: date) -> list[Membership]:
    """Members holding the membership on ``day`` (reorganisations hand over mid-year),
    in Vietnamese name order."""
    return list(
        block_year.memberships.exclude(valid_from__gt=day)
        .exclude(valid_to__lt=day)
        .select_related("unit")
        .order_by("unit__sort_key", "unit_id")
    )


def covenant_of(block_year: BlockYear) -> Covenant | None:
    return (
        Covenant.objects.filter(block_year=block_year)
        .prefetch_related("criteria", "contents")
        .first()
    )


def publication_of(block_year: BlockYear, period: str) -> Publication | None:
    return Publication.objects.filter(block_year=block_year, period=period).first()


def obligations(block_year: BlockYear) -> dict[int, list[deadlines.Obligation]]:
    """Per unit: each requirement with its due date, first receipt and waiver.
    Three queries, whatever the number of units and requirements."""
    requirements = list(Requirement.objects.filter(block_year=block_year))
    first = {
        (row["requirement_id"], row["unit_id"]): timezone.localdate(row["first"])
        for row in Submission.objects.filter(requirement__block_year=block_year)
        .values("requirement_id", "unit_id")
        .annotate(first=Min("received_at"))
    }
    waived = set(
        Waiver.objects.filter(requirement__block_year=block_year).values_list(
            "requirement_id", "unit_id"
        )
    )
    units = block_year.memberships.values_list("unit_id", flat=True)
    return {
        unit: [
            deadlines.Obligation(
                requirement=r.pk,
                due=r.due_date,
                received=first.get((r.pk, unit)),
                waived=(r.pk, unit) in waived,
            )
            for r in requirements
        ]
        for unit in units
    }


def deduction_for(
    covenant: Covenant | None,
    items: list[deadlines.Obligation],
    *,
    period: str,
    year: int,
    today: date,
) -> Decimal:
    if covenant is None:
        return ZERO
    return deadlines.late_deduction(
        items, period=period, year=year, today=today, per_item=covenant.late_deduction
    )


@dataclass
class SheetView:
    unit: Unit
    period: str
    stage: str
    sheet: ScoreSheet | None
    scores: dict[str, Decimal]
    totals: scoring.Totals


def sheets_by_unit(
    block_year: BlockYear, period: str, stage: str
) -> dict[int, ScoreSheet]:
    qs = ScoreSheet.objects.filter(block_year=block_year, period=period, stage=stage)
    return {
        s.unit_id: s
        for s in qs.prefetch_related(
            Prefetch("entries", queryset=ScoreEntry.objects.select_related("criterion"))
        )
    }


def scores_of(sheet: ScoreSheet | None) -> dict[str, Decimal]:
    if sheet is None:
        return {}
    return {e.criterion.code: e.points for e in sheet.entries.all()}


@dataclass
class RankRow:
    unit: int
    unit_name: str
    base: Decimal | None
    bonus: Decimal | None
    deductions: Decimal | None
    total: Decimal | None
    rank: int | None
    tied: bool


def ranking_rows(
    block_year: BlockYear, period: str, *, today: date | None = None
) -> tuple[list[RankRow], Publication | None]:
    """The ranking from final sheets: the published snapshot once published."""
    publication = publication_of(block_year, period)
    if publication is not None:
        rows = [
            RankRow(
                unit=r.unit_id,
                unit_name=r.unit.name,
                base=r.base,
                bonus=r.bonus,
                deductions=r.deductions,
                total=r.total,
                rank=r.rank,
                tied=r.tied,
            )
            for r in PublishedRank.objects.filter(
                publication=publication
            ).select_related("unit")
        ]
        return rows, publication
    return compute_ranking(block_year, period, today=today), None


def compute_ranking(
    block_year: BlockYear, period: str, *, today: date | None = None
) -> list[RankRow]:
    today = today or timezone.localdate()
    covenant = Covenant.objects.filter(block_year=block_year).first()
    members = members_on(block_year, period_end(block_year, period))
    finals = sheets_by_unit(block_year, period, "final")
    owed = obligations(block_year)
    totals: dict[int, scoring.Totals] = {}
    for m in members:
        sheet = finals.get(m.unit_id)
        if sheet is None:
            continue
        deduction = deduction_for(
            covenant,
            owed.get(m.unit_id, []),
            period=period,
            year=block_year.year,
            today=today,
        )
        totals[m.unit_id] = scoring.total_of(scores_of(sheet), sheet.bonus, deduction)
    ranked = ranking.rank_units(
        [
            (m.unit_id, totals[m.unit_id].total if m.unit_id in totals else None)
            for m in members
        ]
    )
    names = {m.unit_id: m.unit.name for m in members}
    return [
        RankRow(
            unit=r.unit,
            unit_name=names[r.unit],
            base=totals[r.unit].base if r.unit in totals else None,
            bonus=totals[r.unit].bonus if r.unit in totals else None,
            deductions=totals[r.unit].deductions if r.unit in totals else None,
            total=r.total,
            rank=r.rank,
            tied=r.tied,
        )
        for r in ranked
    ]


def may_see_draft(actor: Any, block_year: BlockYear) -> bool:
    """The secretariat and the block's own member units see a draft ranking."""
    if can(actor, "ranking.view_draft", block_year):
        return True
    members = set(block_year.memberships.values_list("unit_id", flat=True))
    return any(
        g.unit in members and g.role in ("unit_officer", "leader")
        for g in grants_of(actor)
    )


def require_ranking_access(actor: Any, block_year: BlockYear, period: str) -> None:
    if is_superuser(actor) or publication_of(block_year, period) is not None:
        return
    if not may_see_draft(actor, block_year):
        raise DomainError("RANKING_NOT_PUBLISHED", status=403)


def member_unit_ids_all(block_year: BlockYear) -> set[int]:
    return set(block_year.memberships.values_list("unit_id", flat=True))


def get_sheet_for(
    actor: Any, block_year: BlockYear, unit: Unit, period: str, stage: str
) -> ScoreSheet:
    """A sheet, if the actor may see it: the secretariat sees all; a unit's people
    see their own; everyone sees final sheets once the period is published. Another
    unit's unpublished sheet answers 404, as if it did not exist."""
    if stage not in scoring.STAGES or period not in scoring.PERIODS:
        raise DomainError("VALIDATION_ERROR", details={"fields": {"stage": [stage]}})
    found = (
        ScoreSheet.objects.filter(
            block_year=block_year, unit=unit, period=period, stage=stage
        )
        .select_related("unit", "block_year__block")
        .first()
    )
    if found is None:
        raise DomainError("NOT_FOUND")
    published = stage == "final" and publication_of(block_year, period) is not None
    if not (published or can(actor, "score.view", found)):
        raise DomainError("NOT_FOUND")
    return found
