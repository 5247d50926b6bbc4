"""Reads of the block's year: covenant, requirements and the submissions dashboard."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Max, Min
from django.utils import timezone

from thidua.core.access import can
from thidua.core.errors import DomainError
from thidua.cycles.models import Covenant, Requirement, Submission, Waiver
from thidua.organizations.models import BlockYear
from thidua.rules.deadlines import days_late


def get_requirement_for(actor: Any, pk: Any, action: str = "org.view") -> Requirement:
    try:
        requirement = Requirement.objects.select_related("block_year__block").get(
            pk=int(pk)
        )
    except (ValueError, TypeError, OverflowError, Requirement.DoesNotExist) as exc:
        raise DomainError("NOT_FOUND") from exc
    if not can(actor, "org.view", requirement):
        raise DomainError("NOT_FOUND")
    if action != "org.view" and not can(actor, action, requirement):
        raise DomainError("PERMISSION_DENIED")
    return requirement


def covenant_of(block_year: BlockYear) -> Covenant | None:
    return (
        Covenant.objects.filter(block_year=block_year)
        .prefetch_related("contents", "criteria", "signatures__unit")
        .first()
    )


@dataclass
class Cell:
    unit: int
    unit_name: str
    requirement: int
    requirement_title: str
    kind: str
    due_date: date
    received: bool
    received_at: datetime | None
    days_late: int | None
    waived: bool
    latest_submission: int | None = None

    @property
    def status(self) -> str:
        if self.received:
            return "late" if self.days_late else "on_time"
        return "missing" if self.days_late else "pending"


def submission_grid(block_year: BlockYear, *, today: date | None = None) -> list[Cell]:
    """Unit × requirement: received? when? how late? Four queries in all."""
    today = today or timezone.localdate()
    requirements = list(Requirement.objects.filter(block_year=block_year))
    members = list(
        block_year.memberships.select_related("unit").order_by(
            "unit__sort_key", "unit_id"
        )
    )
    received = {
        (r["requirement_id"], r["unit_id"]): (r["first"], r["latest"])
        for r in Submission.objects.filter(requirement__block_year=block_year)
        .values("requirement_id", "unit_id")
        .annotate(first=Min("received_at"), latest=Max("pk"))
    }
    waived = set(
        Waiver.objects.filter(requirement__block_year=block_year).values_list(
            "requirement_id", "unit_id"
        )
    )
    cells = []
    for m in members:
        for r in requirements:
            at, latest = received.get((r.pk, m.unit_id), (None, None))
            received_on = timezone.localdate(at) if at else None
            cells.append(
                Cell(
                    unit=m.unit_id,
                    unit_name=m.unit.name,
                    requirement=r.pk,
                    requirement_title=r.title,
                    kind=r.kind,
                    due_date=r.due_date,
                    received=at is not None,
                    received_at=at,
                    days_late=days_late(
                        due=r.due_date, received=received_on, today=today
                    ),
                    waived=(r.pk, m.unit_id) in waived,
                    latest_submission=latest,
                )
            )
    return cells


def visible_cells(actor: Any, block_year: BlockYear) -> list[Cell]:
    """The whole grid for the secretariat; a unit's own row for its people."""
    cells = submission_grid(block_year)
    if can(actor, "submission.view", block_year):
        return cells
    return [
        c
        for c in cells
        if can(actor, "submission.view", _unit_scope(block_year, c.unit))
    ]


def _unit_scope(block_year: BlockYear, unit: int):
    from thidua.rules.permissions import Scope

    return Scope(
        province=block_year.block.province_id,
        blocks=frozenset({block_year.block_id}),
        unit=unit,
    )


def get_submission_for(actor: Any, pk: Any) -> Submission:
    """A submitted file, for the secretariat and the unit's own people; others 404."""
    try:
        submission = Submission.objects.select_related(
            "requirement__block_year__block"
        ).get(pk=int(pk))
    except (ValueError, TypeError, OverflowError, Submission.DoesNotExist) as exc:
        raise DomainError("NOT_FOUND") from exc
    if not (
        can(actor, "submission.view", submission.requirement.block_year)
        or can(actor, "submission.view", submission)
    ):
        raise DomainError("NOT_FOUND")
    return submission
