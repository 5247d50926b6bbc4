"""Writes of issue 7: movements, registrations, progress reports, advanced models,
notifications, and copying a block year into the next (domain.md §3.3, §4, §6.3–6.4).

Every use case is keyword-only with ``actor`` first, one transaction and one audit
event; status changes go through the transition table and a compare-and-swap
update (house-style rules 2 and 5). E-mails leave after the transaction commits.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.core import audit, errors
from thidua.core.access import require
from thidua.core.errors import DomainError
from thidua.core.uploads import check_upload
from thidua.cycles import services as cycles_services
from thidua.cycles.models import Covenant
from thidua.movements.models import (
    AdvancedModel,
    ModelFile,
    Movement,
    Notification,
    ProgressReport,
    RegisteredPerson,
    Registration,
    unit_scope,
)
from thidua.movements.selectors import movement_units, unit_people_ids
from thidua.organizations import services as org_services
from thidua.organizations.models import (
    Block,
    BlockYear,
    Membership,
    Person,
    Province,
    Unit,
)
from thidua.rules import RuleViolation
from thidua.rules import movements as rules
from thidua.rules.text import normalize
from thidua.rules.transitions import check_transition

logger = logging.getLogger(__name__)

audit.register(
    {
        "movements.movement.launched": _("Movement launched"),
        "movements.registration.created": _("Registration written"),
        "movements.registration.updated": _("Registration changed"),
        "movements.registration.submitted": _("Registration submitted"),
        "movements.registration.approved": _("Registration approved"),
        "movements.registration.returned": _("Registration returned"),
        "movements.report.received": _("Progress report received"),
        "movements.model.recorded": _("Advanced model recorded"),
        "movements.model.updated": _("Advanced model changed"),
        "movements.model.published": _("Advanced model published"),
        "movements.block_year.copied": _("Block year copied into the next year"),
    }
)

errors.register(
    {
        "PERIOD_INVALID": _("The end date must be on or after the start date."),
        "UNKNOWN_MOVEMENT_KIND": _("Unknown kind of movement: %(kind)s."),
        "UNKNOWN_AWARD": _("Unknown award: %(awards)s."),
        "FLAG_NEEDS_LONGER_MOVEMENT": _(
            "A thematic movement leads to a flag only when it lasts at least "
            "%(years)s years."
        ),
        "YEAR_OUTSIDE_MOVEMENT": _(
            "The movement runs from %(start)s to %(end)s; %(year)s is outside it."
        ),
        "BLOCK_NOT_IN_PROVINCE": _("The block does not belong to this province."),
        "MOVEMENT_NOT_FOR_UNIT": _("This movement does not apply to the unit."),
        "ALREADY_REGISTERED": _(
            "The unit has already registered for this, that year: open its "
            "registration instead."
        ),
        "UNKNOWN_TITLE": _("Unknown title: %(title)s."),
        "PERSON_LISTED_TWICE": _("A person is listed twice."),
        "PERSON_NOT_IN_UNIT": _("A person listed does not work in this unit."),
        "PERSON_ALREADY_REGISTERED": _(
            "%(name)s is already registered for a title that year."
        ),
        "REGISTRATION_NOT_EDITABLE": _(
            "Only a draft or a returned registration can be changed."
        ),
        "MODEL_SUBJECT_REQUIRED": _("Name either a person or a collective, not both."),
        "REPORT_EMPTY": _("Write the report."),
    },
    {"REGISTRATION_NOT_EDITABLE": 409},
)

RETURN_REASON_REQUIRED = _("Give the reason for returning the registration.")


def _rule(fn, *args, **kwargs):
    """Call a rule and turn its refusal into a DomainError."""
    try:
        return fn(*args, **kwargs)
    except RuleViolation as violation:
        raise DomainError.from_violation(violation) from violation


# --- Scopes ----------------------------------------------------------------------------


def _check_applies(movement: Movement, unit: Unit) -> None:
    if unit.province_id != movement.province_id:
        raise DomainError("UNIT_NOT_IN_PROVINCE", details={"unit": unit.pk})
    years = list(rules.years_of(movement.start_date, movement.end_date))
    unit_blocks = set(
        Membership.objects.filter(unit=unit, year__in=years).values_list(
            "block_year__block_id", flat=True
        )
    )
    if not rules.applies_to(
        unit=unit.pk,
        unit_blocks=unit_blocks,
        units={u.pk for u in movement.units.all()},
        blocks={b.pk for b in movement.blocks.all()},
    ):
        raise DomainError("MOVEMENT_NOT_FOR_UNIT", details={"unit": unit.pk})


def _check_active(unit: Unit, year: int) -> None:
    if (unit.valid_to and unit.valid_to.year < year) or (
        unit.valid_from and unit.valid_from.year > year
    ):
        raise DomainError("UNIT_NOT_ACTIVE", details={"unit": unit.pk})


# --- Notifications (the bell) and e-mail -----------------------------------------------


def notify_users(*, users: Iterable[Any], text: str, link: str = "") -> int:
    """Put a notification in each user's bell (once per user). Plumbing for any
    app's services, inside their transaction; not audited (the event that caused it
    is)."""
    ids = sorted({getattr(u, "pk", u) for u in users if u is not None})
    Notification.objects.bulk_create(
        [Notification(user_id=i, text=text[:500], link=link[:300]) for i in ids]
    )
    return len(ids)


def _send_after_commit(subject: str, body: str, addresses: Iterable[str]) -> None:
    """One e-mail per address (no one sees the others' addresses), after commit. A
    mail server that fails does not undo what was decided."""
    unique = sorted({a.strip() for a in addresses if a and a.strip()})
    if not unique:
        return

    def send():
        messages = [EmailMessage(subject, body, to=[a]) for a in unique]
        try:
            get_connection().send_messages(messages)
        except Exception:  # the decision stands; the log tells the operator
            logger.exception("Could not send %s e-mails", len(messages))

    transaction.on_commit(send)


def _users_with_grants(condition: Q) -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(condition, is_active=True)
        .distinct()
        .only("pk", "email")
    )


def _unit_users(unit_id: int) -> list[Any]:
    return _users_with_grants(Q(grants__unit_id=unit_id))


def _reviewers(unit: Unit, year: int) -> list[Any]:
    """The block secretariat of the unit's block that year."""
    blocks = Membership.objects.filter(unit=unit, year=year).values_list(
        "block_year__block_id", flat=True
    )
    return _users_with_grants(
        Q(grants__role="block_secretary", grants__block_id__in=list(blocks))
    )


def _in_site_language(fn):
    with translation.override(settings.LANGUAGE_CODE):
        return fn()


# --- Movements -------------------------------------------------------------------------

_MOVEMENT_FIELDS = [
    "province",
    "name",
    "kind",
    "issuing_authority",
    "document_number",
    "document_date",
    "theme",
    "targets",
    "start_date",
    "end_date",
    "awards",
]


@transaction.atomic
def launch_movement(
    *,
    actor: Any,
    province: Province,
    name: str,
    kind: str,
    issuing_authority: str,
    start_date: date,
    end_date: date,
    document_number: str = "",
    document_date: date | None = None,
    document: Any = None,
    theme: str = "",
    targets: str = "",
    blocks: Sequence[Block] = (),
    units: Sequence[Unit] = (),
    awards: Sequence[str] = (),
) -> Movement:
    """The Board launches a movement; the units it reaches are told in the app and by
    e-mail where an address is known (domain.md §3.3)."""
    require(actor, "movement.manage", province)
    awards = list(dict.fromkeys(awards))
    _rule(rules.check_movement, kind, start_date, end_date, awards)
    for block in blocks:
        if block.province_id != province.pk:
            raise DomainError("BLOCK_NOT_IN_PROVINCE", details={"block": block.pk})
    for unit in units:
        if unit.province_id != province.pk:
            raise DomainError("UNIT_NOT_IN_PROVINCE", details={"unit": unit.pk})
    movement = Movement(
        province=province,
        name=normalize(name),
        kind=kind,
        issuing_authority=normalize(issuing_authority),
        document_number=normalize(document_number),
        document_date=document_date,
        theme=normalize(theme),
        targets=(targets or "").strip(),
        start_date=start_date,
        end_date=end_date,
        awards=awards,
        launched_by=actor,
    )
    if document is not None:
        checked = check_upload(document)
        movement.document_name = checked.original_name
        movement.document_type = checked.content_type
        movement.document_file.save(checked.safe_name, File(checked.file), save=False)
    movement.save()
    movement.blocks.set(blocks)
    movement.units.set(units)
    audit.record(
        actor=actor,
        verb="movements.movement.launched",
        target=movement,
        province_id=province.pk,
        after={
            **audit.snapshot(movement, _MOVEMENT_FIELDS),
            "blocks": sorted(b.pk for b in blocks),
            "units": sorted(u.pk for u in units),
        },
    )
    _announce(actor, movement, blocks, units)
    return movement


def _announce(actor: Any, movement: Movement, blocks, units) -> None:
    if blocks or units:
        reached = Q(grants__unit_id__in=movement_units(movement)) | Q(
            grants__block_id__in=[b.pk for b in blocks]
        )
    else:
        reached = Q(grants__province_id=movement.province_id)
    users = [u for u in _users_with_grants(reached) if u.pk != actor.pk]
    values = {
        "province": movement.province.name,
        "name": movement.name,
        "start": date_format(movement.start_date, "d/m/Y"),
        "end": date_format(movement.end_date, "d/m/Y"),
    }
    text = _in_site_language(
        lambda: (
            gettext(
                "%(province)s launched the movement “%(name)s” (%(start)s – %(end)s)."
            )
            % values
        )
    )
    link = reverse("movements:movement_detail", args=[movement.pk])
    notify_users(users=users, text=text, link=link)
    leaders = Person.objects.filter(
        unit_id__in=movement_units(movement), is_leader=True
    ).exclude(email="")
    subject = _in_site_language(
        lambda: gettext("New emulation movement: %(name)s") % values
    )
    body = _in_site_language(
        lambda: (
            gettext(
                "%(province)s launched the movement “%(name)s”, from %(start)s to "
                "%(end)s. Its targets and documents are in the Thi Đua system, where "
                "your unit can register and report its progress.\n\nThis message was "
                "sent automatically."
            )
            % values
        )
    )
    _send_after_commit(
        subject,
        body,
        [u.email for u in users] + list(leaders.values_list("email", flat=True)),
    )


# --- Registrations ---------------------------------------------------------------------


@dataclass(frozen=True)
class PersonTitle:
    person: int
    title: str


def _check_people(
    unit: Unit, year: int, people: Sequence[PersonTitle], registration=None
) -> None:
    ids = [p.person for p in people]
    names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "full_name"))
    unit_people = unit_people_ids(unit, ids)
    others = RegisteredPerson.objects.filter(year=year, person_id__in=ids)
    if registration is not None:
        others = others.exclude(registration=registration)
    taken = dict(others.values_list("person_id", "title"))
    try:
        rules.check_people(
            [rules.PersonEntry(p.person, p.title) for p in people],
            unit_people=unit_people,
            taken=taken,
        )
    except RuleViolation as violation:
        params = dict(violation.params)
        if "person" in params:
            params["name"] = names.get(params["person"], params["person"])
        raise DomainError(violation.code, details=params, params=params) from violation


def _write_people(
    registration: Registration, people: Sequence[PersonTitle]
) -> list[list[Any]]:
    registration.people.all().delete()
    try:
        with transaction.atomic():
            RegisteredPerson.objects.bulk_create(
                [
                    RegisteredPerson(
                        registration=registration,
                        person_id=p.person,
                        title=p.title,
                        year=registration.year,
                    )
                    for p in people
                ]
            )
    except IntegrityError as exc:  # registered concurrently elsewhere
        raise DomainError("PERSON_ALREADY_REGISTERED", params={"name": "…"}) from exc
    return [[p.person, p.title] for p in people]


def _registration_snapshot(registration: Registration) -> dict[str, Any]:
    return audit.snapshot(
        registration, ["unit", "year", "movement", "targets", "unit_title", "status"]
    )


@transaction.atomic
def register(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    movement: Movement | None = None,
    targets: str = "",
    unit_title: str = "",
    people: Sequence[PersonTitle] = (),
) -> Registration:
    """A unit registers (đăng ký thi đua): its targets, the collective title it seeks,
    and its people with the individual title each seeks. Written as a draft; the unit
    then submits it to its block (domain.md §6.4, Q1)."""
    require(actor, "registration.create", unit_scope(unit, [year]))
    _check_active(unit, year)
    if movement is not None:
        _check_applies(movement, unit)
        _rule(rules.check_year_in_period, year, movement.start_date, movement.end_date)
    _rule(rules.check_unit_title, unit_title)
    existing = {
        rules.RegistrationKey(unit.pk, year, m)
        for m in Registration.objects.filter(unit=unit, year=year).values_list(
            "movement_id", flat=True
        )
    }
    key = rules.RegistrationKey(unit.pk, year, movement.pk if movement else None)
    try:
        rules.check_single_registration(key, existing)
    except RuleViolation as violation:
        found = Registration.objects.filter(
            unit=unit, year=year, movement=movement
        ).first()
        raise DomainError(
            "ALREADY_REGISTERED", details={"registration": found and found.pk}
        ) from violation
    _check_people(unit, year, people)
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                unit=unit,
                year=year,
                movement=movement,
                targets=(targets or "").strip(),
                unit_title=unit_title,
                created_by=actor,
            )
    except IntegrityError as exc:  # the same unit registered concurrently
        raise DomainError("ALREADY_REGISTERED") from exc
    listed = _write_people(registration, people)
    audit.record(
        actor=actor,
        verb="movements.registration.created",
        target=registration,
        province_id=unit.province_id,
        after={**_registration_snapshot(registration), "people": listed},
    )
    return registration


@transaction.atomic
def update_registration(
    *,
    actor: Any,
    registration: Registration,
    targets: str,
    unit_title: str = "",
    people: Sequence[PersonTitle] = (),
) -> Registration:
    """Change a draft or a returned registration (before it is submitted again)."""
    require(actor, "registration.create", registration)
    # Lock the row: a submit racing this edit waits, then sees the new content.
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status not in (Registration.Status.DRAFT, Registration.Status.RETURNED):
        raise DomainError("REGISTRATION_NOT_EDITABLE")
    _rule(rules.check_unit_title, unit_title)
    _check_people(current.unit, current.year, people, registration=current)
    before = {
        **_registration_snapshot(current),
        "people": [[p.person_id, p.title] for p in current.people.all()],
    }
    current.targets = (targets or "").strip()
    current.unit_title = unit_title
    current.save(update_fields=["targets", "unit_title"])
    listed = _write_people(current, people)
    audit.record(
        actor=actor,
        verb="movements.registration.updated",
        target=current,
        province_id=current.unit.province_id,
        before=before,
        after={**_registration_snapshot(current), "people": listed},
    )
    return current


def _move(
    registration: Registration, new: str, **fields: Any
) -> Registration:  # compare-and-swap
    old = registration.status
    _rule(check_transition, "registration", old, new)
    changed = Registration.objects.filter(pk=registration.pk, status=old).update(
        status=new, **fields
    )
    if changed != 1:
        # Someone moved it first (two secretaries clicking at once).
        raise DomainError("INVALID_TRANSITION", details={"from": old, "to": new})
    registration.refresh_from_db()
    return registration


def _registration_link(registration: Registration) -> str:
    return reverse("movements:registration_detail", args=[registration.pk])


def _registration_values(registration: Registration) -> dict[str, Any]:
    return {
        "unit": registration.unit.name,
        "year": registration.year,
        "movement": registration.movement.name if registration.movement_id else "",
    }


@transaction.atomic
def submit_registration(*, actor: Any, registration: Registration) -> Registration:
    """The unit sends its registration to the block (again, after a return)."""
    require(actor, "registration.create", registration)
    old = registration.status
    _move(
        registration,
        Registration.Status.SUBMITTED,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        verb="movements.registration.submitted",
        target=registration,
        province_id=registration.unit.province_id,
        before={"status": old},
        after={"status": registration.status},
    )
    values = _registration_values(registration)
    notify_users(
        users=_reviewers(registration.unit, registration.year),
        text=_in_site_language(
            lambda: (
                gettext("%(unit)s submitted its registration for %(year)s.") % values
            )
        ),
        link=_registration_link(registration),
    )
    return registration


@transaction.atomic
def approve_registration(*, actor: Any, registration: Registration) -> Registration:
    """The block's secretariat (or the Board) approves a submitted registration; from
    then on the block's other units see it too."""
    require(actor, "registration.review", registration)
    _move(
        registration,
        Registration.Status.APPROVED,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        verb="movements.registration.approved",
        target=registration,
        province_id=registration.unit.province_id,
        before={"status": Registration.Status.SUBMITTED},
        after={"status": registration.status},
    )
    values = _registration_values(registration)
    notify_users(
        users=_unit_users(registration.unit_id),
        text=_in_site_language(
            lambda: (
                gettext("The registration of %(unit)s for %(year)s was approved.")
                % values
            )
        ),
        link=_registration_link(registration),
    )
    return registration


@transaction.atomic
def return_registration(
    *, actor: Any, registration: Registration, reason: str
) -> Registration:
    """The block's secretariat sends a submitted registration back, saying why."""
    require(actor, "registration.review", registration)
    reason = (reason or "").strip()
    try:
        rules.check_return_reason(reason)
    except RuleViolation as violation:
        raise DomainError("REASON_REQUIRED", RETURN_REASON_REQUIRED) from violation
    _move(
        registration,
        Registration.Status.RETURNED,
        reason=reason,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        verb="movements.registration.returned",
        target=registration,
        province_id=registration.unit.province_id,
        before={"status": Registration.Status.SUBMITTED},
        after={"status": registration.status, "reason": reason},
    )
    values = {**_registration_values(registration), "reason": reason}
    notify_users(
        users=_unit_users(registration.unit_id),
        text=_in_site_language(
            lambda: (
                gettext(
                    "The registration of %(unit)s for %(year)s was returned: %(reason)s"
                )
                % values
            )
        ),
        link=_registration_link(registration),
    )
    return registration


# --- Progress reports ------------------------------------------------------------------


def _figures(figures: Mapping[str, Any] | None) -> dict[str, float | int]:
    out: dict[str, float | int] = {}
    for name, value in (figures or {}).items():
        key = normalize(str(name))[:120]
        if not key or isinstance(value, bool):
            continue
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, int | float):
            out[key] = value
    return out


@transaction.atomic
def report_progress(
    *,
    actor: Any,
    movement: Movement,
    unit: Unit,
    text: str,
    figures: Mapping[str, Any] | None = None,
    upload: Any = None,
) -> ProgressReport:
    """A unit reports on a movement: a short text, figures and a file (domain.md
    §3.3: inspect, review and publicise). Reporting is registration work."""
    years = rules.years_of(movement.start_date, movement.end_date)
    require(actor, "registration.create", unit_scope(unit, years))
    _check_applies(movement, unit)
    text = (text or "").strip()
    if not text:
        raise DomainError("REPORT_EMPTY")
    report = ProgressReport(
        movement=movement,
        unit=unit,
        text=text,
        figures=_figures(figures),
        reported_by=actor,
    )
    if upload is not None:
        checked = check_upload(upload)
        report.original_name = checked.original_name
        report.content_type = checked.content_type
        report.file.save(checked.safe_name, File(checked.file), save=False)
    report.save()
    audit.record(
        actor=actor,
        verb="movements.report.received",
        target=report,
        province_id=unit.province_id,
        after={
            "movement": movement.pk,
            "unit": unit.pk,
            "figures": report.figures,
            "file": report.original_name,
        },
    )
    return report


# --- Advanced models -------------------------------------------------------------------


def _attach(model: AdvancedModel, actor: Any, uploads: Sequence[Any]) -> list[str]:
    names = []
    for upload in uploads:
        checked = check_upload(upload)
        row = ModelFile(
            model=model,
            original_name=checked.original_name,
            content_type=checked.content_type,
            uploaded_by=actor,
        )
        row.file.save(checked.safe_name, File(checked.file), save=False)
        row.save()
        names.append(row.original_name)
    return names


_MODEL_FIELDS = [
    "unit",
    "year",
    "kind",
    "person",
    "collective_name",
    "achievement",
    "movement",
    "replication",
    "status",
]


@transaction.atomic
def record_model(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    achievement: str,
    kind: str = AdvancedModel.Kind.ADVANCED,
    person: Person | None = None,
    collective_name: str = "",
    movement: Movement | None = None,
    replication: str = "",
    uploads: Sequence[Any] = (),
) -> AdvancedModel:
    """A unit records an advanced model: a person of it or a collective, the
    achievement, its movement, evidence and photos (domain.md §3.3 (4))."""
    require(actor, "model.create", unit_scope(unit, [year]))
    collective_name = normalize(collective_name)
    _rule(
        rules.check_model_subject,
        person=person.pk if person else None,
        collective=collective_name,
    )
    if kind not in AdvancedModel.Kind.values:
        raise DomainError("VALIDATION_ERROR", details={"fields": {"kind": [kind]}})
    if person is not None and not unit_people_ids(unit, [person.pk]):
        raise DomainError("PERSON_NOT_IN_UNIT", details={"person": person.pk})
    if movement is not None:
        _check_applies(movement, unit)
    achievement = (achievement or "").strip()
    if not achievement:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"achievement": ["required"]}}
        )
    model = AdvancedModel.objects.create(
        unit=unit,
        year=year,
        kind=kind,
        person=person,
        collective_name=collective_name,
        achievement=achievement,
        movement=movement,
        replication=(replication or "").strip(),
        created_by=actor,
    )
    files = _attach(model, actor, uploads)
    audit.record(
        actor=actor,
        verb="movements.model.recorded",
        target=model,
        province_id=unit.province_id,
        after={**audit.snapshot(model, _MODEL_FIELDS), "files": files},
    )
    return model


@transaction.atomic
def update_model(
    *,
    actor: Any,
    model: AdvancedModel,
    achievement: str,
    replication: str = "",
    uploads: Sequence[Any] = (),
) -> AdvancedModel:
    """Complete a model: its achievement, later how it was replicated, more evidence.
    A published model may be completed too (the change is audited)."""
    require(actor, "model.create", model)
    achievement = (achievement or "").strip()
    if not achievement:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"achievement": ["required"]}}
        )
    before = audit.snapshot(model, ["achievement", "replication"])
    model.achievement = achievement
    model.replication = (replication or "").strip()
    model.save(update_fields=["achievement", "replication"])
    files = _attach(model, actor, uploads)
    audit.record(
        actor=actor,
        verb="movements.model.updated",
        target=model,
        province_id=model.unit.province_id,
        before=before,
        after={**audit.snapshot(model, ["achievement", "replication"]), "files": files},
    )
    return model


@transaction.atomic
def publish_model(*, actor: Any, model: AdvancedModel) -> AdvancedModel:
    """The block or the Board publishes a model to the public page."""
    require(actor, "model.publish", model)
    old = model.status
    _rule(check_transition, "advanced_model", old, AdvancedModel.Status.PUBLISHED)
    now = timezone.now()
    changed = AdvancedModel.objects.filter(pk=model.pk, status=old).update(
        status=AdvancedModel.Status.PUBLISHED, published_by=actor, published_at=now
    )
    if changed != 1:
        raise DomainError("INVALID_TRANSITION", details={"from": old})
    model.refresh_from_db()
    audit.record(
        actor=actor,
        verb="movements.model.published",
        target=model,
        province_id=model.unit.province_id,
        before={"status": old},
        after={"status": model.status},
    )
    notify_users(
        users=_unit_users(model.unit_id),
        text=_in_site_language(
            lambda: (
                gettext("The advanced model “%(name)s” was published.")
                % {"name": model.subject_name}
            )
        ),
        link=reverse("movements:model_detail", args=[model.pk]),
    )
    return model


# --- Notifications ---------------------------------------------------------------------


def mark_notifications_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's notifications read (all unread ones when ``ids`` is None).

    Not audited: reading the bell is the user's own view, not a decision. The update
    only touches unread rows of the actor, so repeating it changes nothing."""
    qs = Notification.objects.filter(user_id=actor.pk, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


# --- Copying a block year into the next (the annual rotation, §6.3–6.4) ----------------


@transaction.atomic
def copy_block_year_setup(
    *,
    actor: Any,
    block_year: BlockYear,
    head: Unit,
    deputies: Sequence[Unit],
) -> org_services.BlockYearResult:
    """Start the block's next year from this one: its members (those still in
    existence), the next head and deputies, the covenant, and the required documents
    with their due dates a year later ("năm 2024" in a title becomes "năm 2025").
    Refused when the next year already exists (409 BLOCK_YEAR_EXISTS)."""
    block = block_year.block
    require(actor, "blockyear.create", block)
    year = block_year.year + 1
    if BlockYear.objects.filter(block=block, year=year).exists():
        raise DomainError("BLOCK_YEAR_EXISTS", details={"year": year})
    first_day = date(year, 1, 1)
    members = [
        m.unit
        for m in block_year.memberships.filter(valid_to__isnull=True)
        .select_related("unit")
        .order_by("pk")
        if m.unit.valid_to is None or m.unit.valid_to >= first_day
    ]
    result = org_services.create_block_year(
        actor=actor,
        block=block,
        year=year,
        head=head,
        deputies=deputies,
        members=members,
        theme=rules.next_year_text(block_year.theme, block_year.year),
        slogan=rules.next_year_text(block_year.slogan, block_year.year),
    )
    new = result.block_year
    has_covenant = Covenant.objects.filter(block_year=block_year).exists()
    if has_covenant:
        cycles_services.copy_covenant(actor=actor, block_year=new, source=block_year)
    requirements = list(block_year.requirements.order_by("due_date", "pk"))
    for requirement in requirements:
        cycles_services.add_requirement(
            actor=actor,
            block_year=new,
            title=rules.next_year_text(requirement.title, block_year.year),
            kind=requirement.kind,
            due_date=rules.add_years(requirement.due_date, 1),
        )
    audit.record(
        actor=actor,
        verb="movements.block_year.copied",
        target=new,
        province_id=block.province_id,
        before={"block_year": block_year.pk, "year": block_year.year},
        after={
            "block_year": new.pk,
            "year": year,
            "head": head.pk,
            "deputies": [d.pk for d in deputies],
            "members": len(members),
            "covenant": has_covenant,
            "requirements": len(requirements),
        },
    )
    return result
