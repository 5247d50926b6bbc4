"""Writes of the block's year: covenant, signatures, requirements, submissions,
waivers (domain.md §6.4–6.5, §9 rule 26). One transaction and one audit event each."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone

from thidua.core import audit
from thidua.core.access import require
from thidua.core.errors import DomainError
from thidua.core.uploads import check_upload
from thidua.cycles.models import (
    Covenant,
    CovenantContent,
    Criterion,
    Requirement,
    Signature,
    Submission,
    Waiver,
)
from thidua.organizations.models import BlockYear, Unit
from thidua.rules.deadlines import counts_in_period, days_late
from thidua.rules.text import normalize


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    title: str
    max_points: Decimal
    group: str = ""


def _locked(block_year: BlockYear, periods: Sequence[str] = ("mid", "year")) -> bool:
    from thidua.scoring.models import Publication

    return Publication.objects.filter(
        block_year=block_year, period__in=periods
    ).exists()


def member_unit_ids(block_year: BlockYear, on: date | None = None) -> set[int]:
    """Units that are members of the block year (on a day, if given)."""
    qs = block_year.memberships.all()
    if on is not None:
        qs = qs.exclude(valid_from__gt=on).exclude(valid_to__lt=on)
    return set(qs.values_list("unit_id", flat=True))


def _covenant_snapshot(covenant: Covenant) -> dict[str, Any]:
    return {
        "bonus_max": covenant.bonus_max,
        "late_deduction": covenant.late_deduction,
        "review_margin": covenant.review_margin,
        "contents": list(covenant.contents.values_list("text", flat=True)),
        "criteria": [
            [c.code, c.group, c.title, c.max_points] for c in covenant.criteria.all()
        ],
    }


@transaction.atomic
def put_covenant(
    *,
    actor: Any,
    block_year: BlockYear,
    contents: Sequence[str],
    criteria: Sequence[CriterionSpec],
    bonus_max: Decimal | None = None,
    late_deduction: Decimal | None = None,
    review_margin: Decimal | None = None,
) -> Covenant:
    """Write the covenant: its contents and scoring table (upsert by criterion code).

    Refused once a period is published (409 PERIOD_LOCKED). A criterion that already
    carries scores cannot be removed (409 CRITERION_IN_USE).
    """
    require(actor, "covenant.edit", block_year)
    if _locked(block_year):
        raise DomainError("PERIOD_LOCKED")
    codes = [normalize(c.code) for c in criteria]
    if len(set(codes)) != len(codes):
        raise DomainError("DUPLICATE_CRITERION")
    for c in criteria:
        if c.max_points <= 0:
            raise DomainError("MAX_POINTS_INVALID", details={"code": c.code})
    for value in (bonus_max, late_deduction, review_margin):
        if value is not None and value < 0:
            raise DomainError(
                "VALIDATION_ERROR", details={"fields": {"points": [">= 0"]}}
            )
    covenant, _ = Covenant.objects.select_for_update().get_or_create(
        block_year=block_year
    )
    before = _covenant_snapshot(covenant)
    for name, value in (
        ("bonus_max", bonus_max),
        ("late_deduction", late_deduction),
        ("review_margin", review_margin),
    ):
        if value is not None:
            setattr(covenant, name, value)
    covenant.save()
    covenant.contents.all().delete()
    CovenantContent.objects.bulk_create(
        [
            CovenantContent(covenant=covenant, position=i, text=normalize(text))
            for i, text in enumerate(contents, start=1)
            if normalize(text)
        ]
    )
    existing = {c.code: c for c in covenant.criteria.all()}
    removed = [c for code, c in existing.items() if code not in codes]
    if removed:
        from thidua.scoring.models import ScoreEntry

        used = ScoreEntry.objects.filter(criterion__in=removed).values_list(
            "criterion__code", flat=True
        )
        if used:
            raise DomainError("CRITERION_IN_USE", details={"codes": sorted(set(used))})
        Criterion.objects.filter(pk__in=[c.pk for c in removed]).delete()
    # Park positions first so that the new order never clashes mid-way.
    for position, spec in enumerate(criteria, start=1):
        code = normalize(spec.code)
        row = existing.get(code) or Criterion(covenant=covenant, code=code)
        row.position = position
        row.group = normalize(spec.group)
        row.title = normalize(spec.title)
        row.max_points = spec.max_points
        row.save()
    audit.record(
        actor=actor,
        verb="cycles.covenant.updated",
        target=covenant,
        province_id=block_year.block.province_id,
        before=before,
        after=_covenant_snapshot(covenant),
    )
    return covenant


@transaction.atomic
def copy_covenant(*, actor: Any, block_year: BlockYear, source: BlockYear) -> Covenant:
    """Start from another year's covenant (usually last year's), then edit."""
    try:
        old = source.covenant
    except Covenant.DoesNotExist as exc:
        raise DomainError("NOT_FOUND", details={"field": "source"}) from exc
    return put_covenant(
        actor=actor,
        block_year=block_year,
        contents=list(old.contents.values_list("text", flat=True)),
        criteria=[
            CriterionSpec(
                code=c.code, title=c.title, max_points=c.max_points, group=c.group
            )
            for c in old.criteria.all()
        ],
        bonus_max=old.bonus_max,
        late_deduction=old.late_deduction,
        review_margin=old.review_margin,
    )


@transaction.atomic
def sign_covenant(*, actor: Any, covenant: Covenant, unit: Unit) -> Signature:
    """A member unit acknowledges (signs) the covenant."""
    require(actor, "covenant.sign", unit)
    if unit.pk not in member_unit_ids(covenant.block_year):
        raise DomainError("UNIT_NOT_MEMBER")
    signature, created = Signature.objects.get_or_create(
        covenant=covenant, unit=unit, defaults={"signed_by": actor}
    )
    if created:
        audit.record(
            actor=actor,
            verb="cycles.covenant.signed",
            target=signature,
            province_id=unit.province_id,
            after={"covenant": covenant.pk, "unit": unit.pk},
        )
    return signature


@transaction.atomic
def add_requirement(
    *, actor: Any, block_year: BlockYear, title: str, kind: str, due_date: date
) -> Requirement:
    require(actor, "requirement.edit", block_year)
    if kind not in Requirement.Kind.values:
        raise DomainError("VALIDATION_ERROR", details={"fields": {"kind": [kind]}})
    requirement = Requirement.objects.create(
        block_year=block_year, title=normalize(title), kind=kind, due_date=due_date
    )
    audit.record(
        actor=actor,
        verb="cycles.requirement.created",
        target=requirement,
        province_id=block_year.block.province_id,
        after={"title": requirement.title, "kind": kind, "due_date": due_date},
    )
    return requirement


@transaction.atomic
def submit_document(
    *, actor: Any, requirement: Requirement, unit: Unit, upload: Any
) -> Submission:
    """A unit sends a required document; the time it arrived is recorded."""
    require(actor, "submission.create", unit)
    block_year = requirement.block_year
    today = timezone.localdate()
    if unit.pk not in member_unit_ids(block_year):
        raise DomainError("UNIT_NOT_MEMBER")
    checked = check_upload(upload)
    submission = Submission(
        requirement=requirement,
        unit=unit,
        original_name=checked.original_name,
        content_type=checked.content_type,
        submitted_by=actor,
    )
    submission.file.save(checked.safe_name, File(checked.file), save=False)
    submission.save()
    audit.record(
        actor=actor,
        verb="cycles.submission.received",
        target=submission,
        province_id=unit.province_id,
        after={
            "requirement": requirement.pk,
            "unit": unit.pk,
            "due_date": requirement.due_date,
            "received_on": today,
            "days_late": days_late(
                due=requirement.due_date, received=today, today=today
            ),
        },
    )
    return submission


@transaction.atomic
def waive_deduction(
    *, actor: Any, requirement: Requirement, unit: Unit, reason: str
) -> Waiver:
    """Cancel one late-document deduction, with the reason (rule 26)."""
    require(actor, "waiver.create", requirement.block_year)
    reason = normalize(reason)
    if not reason:
        raise DomainError("REASON_REQUIRED")
    block_year = requirement.block_year
    affected = [
        p
        for p in ("mid", "year")
        if counts_in_period(requirement.due_date, p, block_year.year)
    ]
    if _locked(block_year, affected):
        raise DomainError("PERIOD_LOCKED")
    waiver, _ = Waiver.objects.update_or_create(
        requirement=requirement,
        unit=unit,
        defaults={"reason": reason, "created_by": actor},
    )
    audit.record(
        actor=actor,
        verb="cycles.waiver.granted",
        target=waiver,
        province_id=unit.province_id,
        after={"requirement": requirement.pk, "unit": unit.pk, "reason": reason},
    )
    return waiver
