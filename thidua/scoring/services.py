"""Writes of scoring: self, review and final sheets, evidence, publication
(domain.md §6.6, §9 rule 25; api.md "The block's year")."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from thidua.core import audit
from thidua.core.access import grants_of, is_superuser, require
from thidua.core.errors import DomainError
from thidua.core.uploads import check_upload
from thidua.cycles.models import Covenant, Criterion
from thidua.organizations.models import BlockYear, Unit
from thidua.rules import RuleViolation, permissions, scoring
from thidua.rules.text import normalize
from thidua.scoring import selectors
from thidua.scoring.models import (
    Evidence,
    Publication,
    PublishedRank,
    ScoreEntry,
    ScoreSheet,
)


def _rule(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except RuleViolation as violation:
        raise DomainError.from_violation(violation) from violation


def _check_not_locked(block_year: BlockYear, period: str) -> None:
    if Publication.objects.filter(block_year=block_year, period=period).exists():
        raise DomainError("PERIOD_LOCKED", details={"period": period})


def _reviewer_unit(actor: Any, unit: Unit, members: set[int]) -> Unit | None:
    """The member unit an officer reviews from (None for the secretariat)."""
    for g in grants_of(actor):
        if (
            g.role == permissions.UNIT_OFFICER
            and g.unit in members
            and g.unit != unit.pk
        ):
            return Unit.objects.get(pk=g.unit)
    return None


def _require_stage(
    actor: Any, block_year: BlockYear, unit: Unit, stage: str, members: set[int]
):
    # The block of this year only: unit.scope() names every block the unit was ever
    # in, which let another block's secretariat write this block's sheets.
    target = selectors.unit_scope(block_year, unit.pk)
    if stage == "self":
        require(actor, "score.self", target)
    elif stage == "final":
        require(actor, "score.final", target)
    else:
        grants = grants_of(actor)
        if not permissions.may_review(
            grants, target, frozenset(members), superuser=is_superuser(actor)
        ):
            raise DomainError("PERMISSION_DENIED")


@dataclass
class SheetResult:
    sheet: ScoreSheet
    totals: scoring.Totals
    flagged: list[str]


@transaction.atomic
def write_sheet(
    *,
    actor: Any,
    block_year: BlockYear,
    unit: Unit,
    period: str,
    stage: str,
    scores: Mapping[str, Decimal],
    bonus: Decimal | None = None,
    reasons: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
    links: Mapping[str, str] | None = None,
) -> SheetResult:
    """Write a unit's sheet for a period and stage; every changed score is audited
    with its old and new value and reason."""
    if period not in scoring.PERIODS or stage not in scoring.STAGES:
        raise DomainError(
            "VALIDATION_ERROR",
            details={"fields": {"period": [period], "stage": [stage]}},
        )
    members = selectors.member_unit_ids_all(block_year)
    _require_stage(actor, block_year, unit, stage, members)
    _check_not_locked(block_year, period)
    if unit.pk not in members:
        raise DomainError("UNIT_NOT_MEMBER")
    covenant = Covenant.objects.filter(block_year=block_year).first()
    if covenant is None:
        raise DomainError("COVENANT_MISSING")
    criteria = {c.code: c for c in Criterion.objects.filter(covenant=covenant)}
    _rule(
        scoring.check_scores,
        scores,
        [
            scoring.Criterion(code=c.code, max_points=c.max_points)
            for c in criteria.values()
        ],
    )
    reasons = {k: normalize(v) for k, v in (reasons or {}).items()}
    notes = {k: normalize(v) for k, v in (notes or {}).items()}
    links = dict(links or {})
    if stage == "final":
        own = selectors.scores_of(
            ScoreSheet.objects.filter(
                block_year=block_year, unit=unit, period=period, stage="self"
            )
            .prefetch_related("entries__criterion")
            .first()
        )
        # A reason stored with an unchanged final score still stands: writing the
        # sheet again without repeating it is no change to explain.
        kept = {
            e.criterion.code: e.reason
            for e in ScoreEntry.objects.filter(
                sheet__block_year=block_year,
                sheet__unit=unit,
                sheet__period=period,
                sheet__stage="final",
            ).select_related("criterion")
            if e.reason and scores.get(e.criterion.code) == e.points
        }
        missing = scoring.missing_reasons(scores, own, {**kept, **reasons})
        if missing:
            raise DomainError("REASON_REQUIRED", details={"codes": missing})
    sheet, _ = ScoreSheet.objects.select_for_update().get_or_create(
        block_year=block_year, unit=unit, period=period, stage=stage
    )
    if bonus is not None:
        _rule(scoring.check_bonus, bonus, covenant.bonus_max)
        old_bonus = sheet.bonus
        sheet.bonus = bonus
    else:
        old_bonus = sheet.bonus
    if stage == "review":
        reviewer = _reviewer_unit(actor, unit, members)
        sheet.reviewer_unit = reviewer
    sheet.updated_by = actor
    sheet.save()
    existing = {e.criterion.code: e for e in sheet.entries.select_related("criterion")}
    changes = []
    for code, points in scores.items():
        entry = existing.get(code)
        old = entry.points if entry else None
        if entry is None:
            entry = ScoreEntry(sheet=sheet, criterion=criteria[code], points=points)
        entry.points = points
        if code in reasons:
            entry.reason = reasons[code]
        if code in notes:
            entry.note = notes[code]
        if code in links:
            entry.evidence_link = links[code]
        entry.save()
        if old != points or code in reasons:
            changes.append(
                {
                    "code": code,
                    "old": old,
                    "new": points,
                    "reason": reasons.get(code, ""),
                }
            )
    if changes or old_bonus != sheet.bonus:
        audit.record(
            actor=actor,
            verb=f"scoring.sheet.{stage}_scored",
            target=sheet,
            province_id=block_year.block.province_id,
            before={"bonus": old_bonus},
            after={
                "unit": unit.pk,
                "period": period,
                "stage": stage,
                "bonus": sheet.bonus,
                "changes": changes,
                "late_entry": _late_entry(actor, unit),
            },
        )
    return sheet_result(sheet)


def _late_entry(actor: Any, unit: Unit) -> bool:
    """api.md: entries by the secretariat or province outside the windows are audited
    as such; scoring windows are open by default, so this marks entries made for a
    unit by someone who is not its own officer."""
    return not any(g.unit == unit.pk for g in grants_of(actor))


def sheet_result(sheet: ScoreSheet) -> SheetResult:
    block_year = sheet.block_year
    covenant = Covenant.objects.filter(block_year=block_year).first()
    owed = selectors.obligations(block_year).get(sheet.unit_id, [])
    deduction = selectors.deduction_for(
        covenant,
        owed,
        period=sheet.period,
        year=block_year.year,
        today=timezone.localdate(),
    )
    sheet = ScoreSheet.objects.prefetch_related("entries__criterion").get(pk=sheet.pk)
    scores = selectors.scores_of(sheet)
    flagged: list[str] = []
    if covenant is not None and sheet.stage in ("self", "review"):
        other = "review" if sheet.stage == "self" else "self"
        other_sheet = (
            ScoreSheet.objects.filter(
                block_year=block_year,
                unit=sheet.unit_id,
                period=sheet.period,
                stage=other,
            )
            .prefetch_related("entries__criterion")
            .first()
        )
        flagged = scoring.flag_differences(
            scores, selectors.scores_of(other_sheet), covenant.review_margin
        )
    return SheetResult(
        sheet=sheet,
        totals=scoring.total_of(scores, sheet.bonus, deduction),
        flagged=flagged,
    )


@transaction.atomic
def add_evidence(
    *,
    actor: Any,
    block_year: BlockYear,
    unit: Unit,
    period: str,
    code: str,
    upload: Any,
) -> Evidence:
    """Attach a file backing a self-score (minh chứng)."""
    require(actor, "score.self", selectors.unit_scope(block_year, unit.pk))
    _check_not_locked(block_year, period)
    criterion = Criterion.objects.filter(
        covenant__block_year=block_year, code=code
    ).first()
    if criterion is None:
        raise DomainError("UNKNOWN_CRITERION", details={"codes": [code]})
    checked = check_upload(upload)
    sheet, _ = ScoreSheet.objects.get_or_create(
        block_year=block_year, unit=unit, period=period, stage="self"
    )
    evidence = Evidence(
        sheet=sheet,
        criterion=criterion,
        original_name=checked.original_name,
        content_type=checked.content_type,
        uploaded_by=actor,
    )
    evidence.file.save(checked.safe_name, File(checked.file), save=False)
    evidence.save()
    audit.record(
        actor=actor,
        verb="scoring.evidence.added",
        target=evidence,
        province_id=block_year.block.province_id,
        after={"sheet": sheet.pk, "criterion": code},
    )
    return evidence


@transaction.atomic
def publish_ranking(*, actor: Any, block_year: BlockYear, period: str) -> Publication:
    """Publish the period's ranking: later score writes are refused (409)."""
    require(actor, "ranking.publish", block_year)
    if period not in scoring.PERIODS:
        raise DomainError("VALIDATION_ERROR", details={"fields": {"period": [period]}})
    rows = selectors.compute_ranking(block_year, period)
    try:
        with transaction.atomic():
            publication = Publication.objects.create(
                block_year=block_year, period=period, published_by=actor
            )
    except IntegrityError as exc:
        raise DomainError("PERIOD_LOCKED", details={"period": period}) from exc
    PublishedRank.objects.bulk_create(
        [
            PublishedRank(
                publication=publication,
                unit_id=r.unit,
                position=i,
                base=r.base,
                bonus=r.bonus,
                deductions=r.deductions,
                total=r.total,
                rank=r.rank,
                tied=r.tied,
            )
            for i, r in enumerate(rows, start=1)
        ]
    )
    audit.record(
        actor=actor,
        verb="scoring.period.published",
        target=publication,
        province_id=block_year.block.province_id,
        after={
            "period": period,
            "ranking": [[r.unit, r.total, r.rank] for r in rows],
        },
    )
    return publication
