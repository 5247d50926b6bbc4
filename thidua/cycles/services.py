"""Writes of the block's year: covenant, signatures, requirements, submissions,
waivers (domain.md §6.4–6.5, §9 rule 26). One transaction and one audit event each."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from thidua.core import audit
from thidua.core.access import require
from thidua.core.errors import DomainError
from thidua.core.uploads import check_upload
from thidua.cycles.models import (
    Covenant,
    CovenantContent,
    Criterion,
    Reminder,
    Requirement,
    Signature,
    Submission,
    Waiver,
)
from thidua.organizations.models import BlockYear, Person, Province, Unit
from thidua.rules import RuleViolation
from thidua.rules.deadlines import counts_in_period, days_late
from thidua.rules.permissions import Scope
from thidua.rules.settings import ProvincialSettings, provincial_settings
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


def _unit_in_block(block_year: BlockYear, unit: Unit) -> Scope:
    """A unit as seen from one block year (like ``Submission.scope()``)."""
    return Scope(
        province=block_year.block.province_id,
        blocks=frozenset({block_year.block_id}),
        unit=unit.pk,
    )


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
    block_year = requirement.block_year
    # The requirement's block only: unit.scope() names every block the unit was ever
    # in, which let another block's secretariat send documents into this block.
    require(actor, "submission.create", _unit_in_block(block_year, unit))
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
        raise DomainError(
            "REASON_REQUIRED", gettext_lazy("Give the reason for the waiver.")
        )
    block_year = requirement.block_year
    if unit.pk not in member_unit_ids(block_year):
        raise DomainError("UNIT_NOT_MEMBER")
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


# --- Reminders (issue 3: run daily by a scheduler, ``manage.py send_reminders``) ----


def _reminder_users(unit: Unit) -> list[int]:
    """The unit's officers, for the in-app bell (with or without an e-mail)."""
    return list(
        get_user_model()
        .objects.filter(grants__role="unit_officer", grants__unit=unit, is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )


def _reminder_recipients(unit: Unit) -> list[str]:
    """The unit's officers (User.email of unit_officer grants on it) and leaders
    (Person.email of its is_leader people) that have an e-mail address."""
    officers = (
        get_user_model()
        .objects.filter(grants__role="unit_officer", grants__unit=unit, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    leaders = (
        Person.objects.filter(unit=unit, is_leader=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    seen: dict[str, str] = {}
    for address in [*officers, *leaders]:
        seen.setdefault(address.strip().lower(), address.strip())
    return sorted(seen.values())


def _reminder_message(
    requirement: Requirement, unit: Unit, kind: str
) -> tuple[str, str]:
    block_year = requirement.block_year
    values = {
        "unit": unit.name,
        "block": block_year.block.name,
        "year": block_year.year,
        "document": requirement.title,
        "date": date_format(requirement.due_date, "d/m/Y"),
    }
    if kind == Reminder.Kind.BEFORE:
        subject = gettext("Reminder: %(document)s is due on %(date)s") % values
        body = (
            gettext(
                "Dear colleagues of %(unit)s,\n\n%(block)s (%(year)s) expects your "
                "%(document)s by %(date)s. It has not been received yet; please "
                "send it through the Thi Đua system.\n\nThis message was sent "
                "automatically."
            )
            % values
        )
    else:
        subject = gettext("Overdue: %(document)s was due on %(date)s") % values
        body = (
            gettext(
                "Dear colleagues of %(unit)s,\n\nThe %(document)s for %(block)s "
                "(%(year)s) was due on %(date)s and has not been received. A "
                "document received after its due date costs the covenant's late "
                "deduction once. Please send it through the Thi Đua system as soon "
                "as possible.\n\nThis message was sent automatically."
            )
            % values
        )
    return subject, body


def send_reminders(*, today: date) -> list[Reminder]:
    """E-mail the member units that have not sent a required document: once when its
    due date is at most N days away (N: the province's ``reminder_days_before``, ⚙
    default 3), and once after it is missed (the day after; a scheduler that skipped
    days catches up within N days). Idempotent: what was sent is recorded in
    :class:`Reminder` and never sent again. Units with no address get nothing (and
    are tried again on the next run)."""
    # Imported here: movements' services import this module (copying a covenant).
    from thidua.movements.services import notify_users

    sent: list[Reminder] = []
    for province in Province.objects.filter(blocks__isnull=False).distinct():
        try:
            days = provincial_settings(province.settings).reminder_days_before
        except RuleViolation:
            days = ProvincialSettings().reminder_days_before
        requirements = (
            Requirement.objects.filter(
                block_year__block__province=province,
                due_date__gte=today - timedelta(days=max(days, 1)),
                due_date__lte=today + timedelta(days=days),
            )
            .select_related("block_year__block")
            .prefetch_related("submissions", "reminders")
        )
        for requirement in requirements:
            kind = (
                Reminder.Kind.BEFORE
                if requirement.due_date >= today
                else Reminder.Kind.AFTER
            )
            done = {s.unit_id for s in requirement.submissions.all()} | {
                r.unit_id for r in requirement.reminders.all() if r.kind == kind
            }
            members = member_unit_ids(requirement.block_year, on=requirement.due_date)
            for unit in Unit.objects.filter(pk__in=members - done).order_by("pk"):
                recipients = _reminder_recipients(unit)
                officers = _reminder_users(unit)
                if not recipients and not officers:
                    continue
                with translation.override(settings.LANGUAGE_CODE):
                    subject, body = _reminder_message(requirement, unit, kind)
                try:
                    # The row, the audit event and the e-mail stand or fall together:
                    # a failed send leaves no record, so the next run tries again.
                    with transaction.atomic():
                        reminder = Reminder.objects.create(
                            requirement=requirement, unit=unit, kind=kind, sent_on=today
                        )
                        audit.record(
                            actor=None,
                            verb="cycles.reminder.sent",
                            target=reminder,
                            province_id=province.pk,
                            after={
                                "requirement": requirement.pk,
                                "unit": unit.pk,
                                "kind": kind,
                                "due_date": requirement.due_date,
                                "recipients": len(recipients),
                            },
                        )
                        notify_users(
                            users=officers,
                            text=subject,
                            link=reverse(
                                "cycles:document_dashboard",
                                args=[requirement.block_year_id],
                            ),
                        )
                        if recipients:
                            EmailMessage(subject, body, to=recipients).send()
                except IntegrityError:
                    continue  # a concurrent run sent this one
                sent.append(reminder)
    return sent
