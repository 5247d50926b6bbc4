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
from thidua.cycles.models import Covenant, Criterion, Requirement, Submission, Waiver
from thidua.organizations.models import BlockYear, Membership, Succession, Unit
from thidua.rules import deadlines, lineage, permissions, ranking, scoring
from thidua.rules.permissions import Scope
from thidua.scoring.models import (
    Evidence,
    Publication,
    PublishedRank,
    ScoreEntry,
    ScoreSheet,
)

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


# --- Pages and spreadsheets ----------------------------------------------------------
# What the scoring pages, the ranking page and the XLSX exports read (views.py,
# spreadsheets.py). Each runs a fixed number of queries whatever the number of units.


def unit_scope(block_year: BlockYear, unit: int) -> Scope:
    """Where a unit's sheets of this block year live (as ``ScoreSheet.scope()``):
    the block of this year only, not every block the unit was ever in."""
    return Scope(
        province=block_year.block.province_id,
        blocks=frozenset({block_year.block_id}),
        unit=unit,
    )


_WRITE_ACTION = {"self": "score.self", "final": "score.final"}


@dataclass(frozen=True)
class ScoringAccess:
    """What an actor may see and write of a block year's sheets. Built once per
    request; every answer comes from the grants already loaded (no query)."""

    actor: Any
    block_year: BlockYear
    members: frozenset[int]
    published: frozenset[str]

    @property
    def sees_all(self) -> bool:
        """The secretariat (the block's secretary, the province's office)."""
        return can(self.actor, "score.view", self.block_year)

    @property
    def may_publish(self) -> bool:
        return can(self.actor, "ranking.publish", self.block_year)

    def is_own(self, unit: int) -> bool:
        """The secretariat, or the unit's own officers and leaders."""
        return can(self.actor, "score.view", unit_scope(self.block_year, unit))

    def may_review(self, unit: int) -> bool:
        return unit in self.members and permissions.may_review(
            grants_of(self.actor),
            unit_scope(self.block_year, unit),
            self.members,
            superuser=is_superuser(self.actor),
        )

    def may_see(self, unit: int, stage: str, period: str) -> bool:
        """A unit's own people and the secretariat see every stage; a reviewer sees
        the cross-score; everyone sees the final score once the period is published.
        Nobody else ever sees a unit's self-score."""
        if self.is_own(unit):
            return True
        if stage == "final":
            return period in self.published
        if stage == "review":
            return self.may_review(unit)
        return False

    def may_write(self, unit: int, stage: str, period: str) -> bool:
        if unit not in self.members or period in self.published:
            return False
        if stage == "review":
            return self.may_review(unit)
        return can(self.actor, _WRITE_ACTION[stage], unit_scope(self.block_year, unit))

    def writable(self, unit: int, period: str) -> list[str]:
        """Stages the actor may write, the usual one first: the secretariat's is the
        final score, a unit's officer's the self-score, another unit's the review."""
        return [
            s for s in ("final", "self", "review") if self.may_write(unit, s, period)
        ]

    def may_open(self, unit: int, period: str) -> bool:
        return unit in self.members and any(
            self.may_see(unit, s, period) for s in scoring.STAGES
        )

    def may_list(self, period: str) -> bool:
        """The overview: the secretariat and the member units' people; anyone who
        may see the block year once the period is published."""
        return (
            self.sees_all
            or period in self.published
            or any(self.is_own(u) for u in self.members)
        )


def scoring_access(actor: Any, block_year: BlockYear) -> ScoringAccess:
    """One query (the publications); members come from the block year's prefetch."""
    return ScoringAccess(
        actor=actor,
        block_year=block_year,
        members=frozenset(m.unit_id for m in block_year.memberships.all()),
        published=frozenset(
            Publication.objects.filter(block_year=block_year).values_list(
                "period", flat=True
            )
        ),
    )


def period_sheets(
    block_year: BlockYear, period: str
) -> dict[tuple[int, str], ScoreSheet]:
    """Every sheet of the period by (unit, stage), with entries: two queries."""
    qs = (
        ScoreSheet.objects.filter(block_year=block_year, period=period)
        .select_related("reviewer_unit")
        .prefetch_related(
            Prefetch("entries", queryset=ScoreEntry.objects.select_related("criterion"))
        )
    )
    return {(s.unit_id, s.stage): s for s in qs}


def criteria_of(block_year: BlockYear) -> list[Criterion]:
    return list(
        Criterion.objects.filter(covenant__block_year=block_year).order_by(
            "position", "pk"
        )
    )


def deductions_by_unit(
    block_year: BlockYear,
    covenant: Covenant | None,
    period: str,
    *,
    today: date | None = None,
) -> dict[int, Decimal]:
    today = today or timezone.localdate()
    return {
        unit: deduction_for(
            covenant, items, period=period, year=block_year.year, today=today
        )
        for unit, items in obligations(block_year).items()
    }


@dataclass
class StageState:
    """One stage of one unit's sheet, as the overview shows it."""

    stage: str
    visible: bool
    sheet: ScoreSheet | None = None
    scored: int = 0
    of: int = 0
    totals: scoring.Totals | None = None

    @property
    def status(self) -> str:
        if not self.visible:
            return "hidden"
        if self.sheet is None or not self.scored:
            return "empty"
        return "complete" if self.scored >= self.of else "partial"


@dataclass
class OverviewRow:
    membership: Membership
    stages: list[StageState]
    may_open: bool
    writable: list[str]


def score_overview(
    access: ScoringAccess, period: str, *, today: date | None = None
) -> tuple[Covenant | None, list[OverviewRow]]:
    """Per member unit: the state of its self, review and final sheets, only where
    the actor may see them."""
    block_year = access.block_year
    covenant = Covenant.objects.filter(block_year=block_year).first()
    criteria_count = len(criteria_of(block_year))
    sheets = period_sheets(block_year, period)
    deductions = deductions_by_unit(block_year, covenant, period, today=today)
    rows = []
    for m in members_on(block_year, period_end(block_year, period)):
        stages = []
        for stage in scoring.STAGES:
            state = StageState(
                stage=stage,
                visible=access.may_see(m.unit_id, stage, period),
                of=criteria_count,
            )
            sheet = sheets.get((m.unit_id, stage))
            if state.visible and sheet is not None:
                scores = scores_of(sheet)
                state.sheet = sheet
                state.scored = len(scores)
                state.totals = scoring.total_of(
                    scores, sheet.bonus, deductions.get(m.unit_id, ZERO)
                )
            stages.append(state)
        rows.append(
            OverviewRow(
                membership=m,
                stages=stages,
                may_open=access.may_open(m.unit_id, period),
                writable=access.writable(m.unit_id, period),
            )
        )
    return covenant, rows


@dataclass(frozen=True)
class DocumentDue:
    """A required document of one unit: when it was due, when it came, whether it
    costs the covenant's deduction in the period."""

    title: str
    due: date
    received: date | None
    days_late: int | None
    waived: bool
    counted: bool


def documents_of(
    block_year: BlockYear, unit: int, period: str, *, today: date | None = None
) -> list[DocumentDue]:
    """Three queries; the same rule as the ranking (rules/deadlines.py)."""
    today = today or timezone.localdate()
    requirements = list(Requirement.objects.filter(block_year=block_year))
    first = {
        row["requirement_id"]: timezone.localdate(row["first"])
        for row in Submission.objects.filter(
            requirement__block_year=block_year, unit_id=unit
        )
        .values("requirement_id")
        .annotate(first=Min("received_at"))
    }
    waived = set(
        Waiver.objects.filter(
            requirement__block_year=block_year, unit_id=unit
        ).values_list("requirement_id", flat=True)
    )
    owed = [
        deadlines.Obligation(
            requirement=r.pk,
            due=r.due_date,
            received=first.get(r.pk),
            waived=r.pk in waived,
        )
        for r in requirements
    ]
    counted = set(
        deadlines.late_items(owed, period=period, year=block_year.year, today=today)
    )
    return [
        DocumentDue(
            title=r.title,
            due=o.due,
            received=o.received,
            days_late=deadlines.days_late(due=o.due, received=o.received, today=today),
            waived=o.waived,
            counted=o.requirement in counted,
        )
        for r, o in zip(requirements, owed, strict=True)
        if deadlines.counts_in_period(o.due, period, block_year.year)
    ]


@dataclass
class CriterionLine:
    criterion: Criterion
    entries: dict[str, ScoreEntry | None]
    evidence: list[Evidence]
    flagged: bool


@dataclass
class SheetDetail:
    covenant: Covenant | None
    criteria: list[Criterion]
    groups: list[tuple[str, list[CriterionLine]]]
    visible: list[str]
    sheets: dict[str, ScoreSheet | None]
    totals: dict[str, scoring.Totals]
    deduction: Decimal
    documents: list[DocumentDue]
    flagged: list[str]


def sheet_detail(
    access: ScoringAccess, unit: int, period: str, *, today: date | None = None
) -> SheetDetail:
    """One unit's sheets of a period, criterion by criterion, only the stages the
    actor may see; the late-document deduction; criteria whose self and review
    scores differ by more than the covenant's margin."""
    block_year = access.block_year
    covenant = Covenant.objects.filter(block_year=block_year).first()
    criteria = criteria_of(block_year)
    visible = [s for s in scoring.STAGES if access.may_see(unit, s, period)]
    found = {
        s.stage: s
        for s in ScoreSheet.objects.filter(
            block_year=block_year, unit_id=unit, period=period, stage__in=visible
        )
        .select_related("reviewer_unit")
        .prefetch_related(
            Prefetch(
                "entries", queryset=ScoreEntry.objects.select_related("criterion")
            ),
            Prefetch(
                "evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk")
            ),
        )
    }
    documents = documents_of(block_year, unit, period, today=today)
    deduction = (
        covenant.late_deduction * sum(1 for d in documents if d.counted)
        if covenant is not None
        else ZERO
    )
    by_stage = {
        stage: {e.criterion_id: e for e in sheet.entries.all()}
        for stage, sheet in found.items()
    }
    flagged: list[str] = []
    if covenant is not None and "self" in found and "review" in found:
        flagged = scoring.flag_differences(
            scores_of(found["self"]), scores_of(found["review"]), covenant.review_margin
        )
    evidence: dict[int, list[Evidence]] = {}
    if "self" in found:
        for item in found["self"].evidence.all():
            evidence.setdefault(item.criterion_id, []).append(item)
    groups: list[tuple[str, list[CriterionLine]]] = []
    for c in criteria:
        line = CriterionLine(
            criterion=c,
            entries={s: by_stage.get(s, {}).get(c.pk) for s in visible},
            evidence=evidence.get(c.pk, []),
            flagged=c.code in flagged,
        )
        if groups and groups[-1][0] == c.group:
            groups[-1][1].append(line)
        else:
            groups.append((c.group, [line]))
    return SheetDetail(
        covenant=covenant,
        criteria=criteria,
        groups=groups,
        visible=visible,
        sheets={s: found.get(s) for s in visible},
        totals={
            s: scoring.total_of(scores_of(sheet), sheet.bonus, deduction)
            for s, sheet in found.items()
        },
        deduction=deduction,
        documents=documents,
        flagged=flagged,
    )


def get_evidence_for(actor: Any, pk: Any) -> Evidence:
    """An evidence file, for those who may see its unit's self-score (404 otherwise)."""
    try:
        evidence = Evidence.objects.select_related("sheet__block_year__block").get(
            pk=int(pk)
        )
    except (ValueError, TypeError, OverflowError, Evidence.DoesNotExist) as exc:
        raise DomainError("NOT_FOUND") from exc
    if not can(actor, "score.view", evidence.sheet):
        raise DomainError("NOT_FOUND")
    return evidence


def ranking_breakdown(
    block_year: BlockYear, period: str, rows: list[RankRow]
) -> tuple[list[Criterion], list[tuple[RankRow, list[Decimal | None]]]]:
    """Final points per criterion, unit by unit in ranking order: two queries
    (the points are read as plain values, not as sheets, entries and criteria)."""
    criteria = criteria_of(block_year)
    points: dict[int, dict[str, Decimal]] = {}
    for unit, code, value in ScoreEntry.objects.filter(
        sheet__block_year=block_year, sheet__period=period, sheet__stage="final"
    ).values_list("sheet__unit_id", "criterion__code", "points"):
        points.setdefault(unit, {})[code] = value
    table = []
    for row in rows:
        mine = points.get(row.unit, {})
        table.append((row, [mine.get(c.code) for c in criteria]))
    return criteria, table


@dataclass(frozen=True)
class PastRank:
    rank: int | None
    tied: bool
    via: str = ""  # the predecessor's name when the rank is a predecessor's


def rank_history(
    block_year: BlockYear, units: list[int]
) -> tuple[list[int], dict[int, dict[int, PastRank]]]:
    """The units' ranks in the earlier years of the block (published annual
    rankings), a predecessor's rank standing in for a unit created by a
    reorganisation. One query, plus one per generation of reorganisations."""
    past = list(
        PublishedRank.objects.filter(
            publication__period="year",
            publication__block_year__block_id=block_year.block_id,
            publication__block_year__year__lt=block_year.year,
        ).values_list(
            "unit_id", "unit__name", "rank", "tied", "publication__block_year__year"
        )
    )
    if not past:
        return [], {}
    years = sorted({row[4] for row in past})
    ranked = {(unit, year): (name, rank, tied) for unit, name, rank, tied, year in past}
    chains = _predecessor_chains(units)
    table: dict[int, dict[int, PastRank]] = {}
    for unit in units:
        for year in years:
            for candidate in [unit, *chains.get(unit, [])]:
                if (candidate, year) in ranked:
                    name, rank, tied = ranked[(candidate, year)]
                    table.setdefault(unit, {})[year] = PastRank(
                        rank=rank, tied=tied, via="" if candidate == unit else name
                    )
                    break
    return years, table


def _predecessor_chains(units: list[int]) -> dict[int, list[int]]:
    edges: dict[int, set[int]] = {}
    frontier = set(units)
    seen = set(frontier)
    while frontier:
        rows = Succession.objects.filter(successor_id__in=frontier).values_list(
            "successor_id", "predecessor_id"
        )
        frontier = set()
        for successor, predecessor in rows:
            edges.setdefault(successor, set()).add(predecessor)
            if predecessor not in seen:
                seen.add(predecessor)
                frontier.add(predecessor)
    return {u: lineage.predecessors_of(u, edges) for u in units if u in edges}


@dataclass
class ScoreTableRow:
    unit_name: str
    points: list[dict[str, Decimal | None]]  # per criterion: stage → points
    bases: dict[str, Decimal | None]
    bonus: Decimal | None
    deductions: Decimal
    total: Decimal | None


def score_table(
    block_year: BlockYear, period: str, *, today: date | None = None
) -> tuple[list[Criterion], list[ScoreTableRow]]:
    """The full score sheet of a period (unit × criterion × stage), for the
    secretariat's spreadsheet."""
    covenant = Covenant.objects.filter(block_year=block_year).first()
    criteria = criteria_of(block_year)
    sheets = period_sheets(block_year, period)
    deductions = deductions_by_unit(block_year, covenant, period, today=today)
    rows = []
    for m in members_on(block_year, period_end(block_year, period)):
        scores = {s: scores_of(sheets.get((m.unit_id, s))) for s in scoring.STAGES}
        final = sheets.get((m.unit_id, "final"))
        deduction = deductions.get(m.unit_id, ZERO)
        rows.append(
            ScoreTableRow(
                unit_name=m.unit.name,
                points=[
                    {s: scores[s].get(c.code) for s in scoring.STAGES} for c in criteria
                ],
                bases={
                    s: (
                        sum(scores[s].values(), ZERO)
                        if (m.unit_id, s) in sheets
                        else None
                    )
                    for s in scoring.STAGES
                },
                bonus=final.bonus if final else None,
                deductions=deduction,
                total=(
                    scoring.total_of(scores["final"], final.bonus, deduction).total
                    if final
                    else None
                ),
            )
        )
    return criteria, rows
