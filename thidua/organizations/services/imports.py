"""Imports of units and people from spreadsheet rows: every row or none (api.md).

All rows are checked first and every problem is reported at once as 422
``IMPORT_INVALID`` with ``details.rows: [{row, column, message}]``; only a file
without problems is written, in one transaction, with one audit event per row (as
the forms' services write) plus one summary event for the import. Units go through
``create_unit`` row by row; people, thousands at a time, are written in batches
with the same fields and events as ``create_person``.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core import audit
from thidua.core.access import can, grants_for, is_superuser, require
from thidua.core.errors import DomainError
from thidua.core.models import AuditEvent
from thidua.core.xlsx import Column, SheetRow, cell_date, cell_int, cell_text
from thidua.organizations.models import Membership, Person, Province, Unit
from thidua.organizations.services import _PERSON_FIELDS, create_unit
from thidua.organizations.spreadsheets import PERSON_COLUMNS, UNIT_COLUMNS
from thidua.rules.permissions import Scope
from thidua.rules.text import fold, normalize, person_sort_key

_UNIT = {c.key: c for c in UNIT_COLUMNS}
_PERSON = {c.key: c for c in PERSON_COLUMNS}
_PERSON_CREATED = "organizations.person.created"

_GENDERS = {"nam": "male", "male": "male", "nu": "female", "female": "female"}
_YES = {"co", "x", "yes", "true", "1"}
_NO = {"khong", "no", "false", "0", ""}


@lru_cache(maxsize=4096)
def _name_key(text: str) -> str:
    """A name as compared: no diacritics, no case, no punctuation
    (``Ban Thi đua - Khen thưởng`` is ``ban thi dua khen thuong``). Cached: a file
    repeats its genders, yes/no cells and unit names on every row."""
    return " ".join(re.findall(r"\w+", fold(text)))


class _Problems:
    """The problems found so far, in the order of the file."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, row: int, column: Column | None, message: str) -> None:
        self.rows.append(
            {"row": row, "column": column.header if column else "", "message": message}
        )

    def raise_if_any(self) -> None:
        if self.rows:
            raise DomainError("IMPORT_INVALID", details={"rows": self.rows})


def _text(problems: _Problems, row: SheetRow, column: Column, max_length: int) -> str:
    value = cell_text(row.get(column.key))
    if column.required and not value:
        problems.add(row.number, column, _("This cell must not be empty."))
    elif len(value) > max_length:
        problems.add(
            row.number,
            column,
            _("The text is longer than %(count)d characters.") % {"count": max_length},
        )
    return value


def _call(row: int, fn: Callable[..., Any], **kwargs: Any) -> Any:
    """Call a service for one row; a refusal becomes that row's problem (and the
    transaction rolls back, so nothing is written)."""
    try:
        return fn(**kwargs)
    except DomainError as error:
        if error.status in (401, 403, 404):
            raise
        problems = _Problems()
        problems.add(row, None, error.message)
        problems.raise_if_any()


def _by_name_key(units: Iterable[Unit]) -> dict[str, list[Unit]]:
    out: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        out[_name_key(unit.name)].append(unit)
    return out


def _one_named(candidates: Sequence[Unit]) -> list[Unit]:
    """Units of a name, the ones still in existence first choice."""
    current = [u for u in candidates if u.valid_to is None]
    return current or list(candidates)


# --- Units ---------------------------------------------------------------------------


@dataclass
class _UnitRow:
    index: int
    number: int
    name: str
    short_name: str
    valid_from: Any
    parent: Unit | None = None
    parent_row: "_UnitRow | None" = None


def _resolve_parents(
    problems: _Problems,
    rows: Sequence[SheetRow],
    parsed: list[_UnitRow],
    existing: list[Unit],
) -> None:
    column = _UNIT["parent"]
    by_id = {u.pk: u for u in existing}
    by_name = _by_name_key(existing)
    in_file: dict[str, _UnitRow] = {}
    for item in parsed:
        in_file.setdefault(_name_key(item.name), item)
    for row, item in zip(rows, parsed, strict=True):
        raw = row.get(column.key)
        text = cell_text(raw)
        if not text:
            continue
        number = cell_int(raw)
        if number is not None and number in by_id:
            item.parent = by_id[number]
            continue
        key = _name_key(text)
        if item.name and key == _name_key(item.name):
            problems.add(
                item.number, column, _("A unit cannot be placed under itself.")
            )
        elif key in in_file:
            item.parent_row = in_file[key]
        elif len(found := _one_named(by_name.get(key, []))) == 1:
            item.parent = found[0]
        elif found:
            problems.add(
                item.number,
                column,
                _(
                    "Several units of the province are named “%(name)s”; write the "
                    "unit's id instead."
                )
                % {"name": text},
            )
        else:
            problems.add(
                item.number,
                column,
                _("There is no unit named “%(name)s” in the province or in the file.")
                % {"name": text},
            )
    for item in parsed:
        node, steps = item.parent_row, 0
        while node is not None and node is not item and steps <= len(parsed):
            node, steps = node.parent_row, steps + 1
        if node is item:
            problems.add(
                item.number, column, _("The parent units of these rows form a cycle.")
            )


def _parents_first(parsed: list[_UnitRow]) -> list[_UnitRow]:
    """Rows in file order, except that a row naming another row as its parent
    comes after it (parent rows have no cycle by then)."""
    order: list[_UnitRow] = []
    done: set[int] = set()
    for item in parsed:
        chain: list[_UnitRow] = []
        node: _UnitRow | None = item
        while node is not None and node.index not in done:
            chain.append(node)
            node = node.parent_row
        for link in reversed(chain):
            done.add(link.index)
            order.append(link)
    return order


def import_units(
    *, actor: Any, province: Province, rows: Iterable[SheetRow]
) -> list[Unit]:
    """Create the units of a file in ``province``, all of them or none.

    ``Đơn vị cấp trên`` names a unit of the province (or its id) or another row of
    the file, in any order. A name already used by a unit of the province, or twice
    in the file, is refused so that sending a file twice creates nothing twice.
    """
    require(actor, "import.units", province)
    rows = list(rows)
    problems = _Problems()
    existing = list(
        Unit.objects.filter(province=province).only(
            "id", "name", "valid_to", "province_id"
        )
    )
    current_names = {_name_key(u.name) for u in existing if u.valid_to is None}
    first_row: dict[str, int] = {}
    parsed: list[_UnitRow] = []
    for index, row in enumerate(rows):
        name = _text(problems, row, _UNIT["name"], 255)
        key = _name_key(name)
        if key and key in first_row:
            problems.add(
                row.number,
                _UNIT["name"],
                _("This unit is already in row %(row)d of the file.")
                % {"row": first_row[key]},
            )
        elif key in current_names:
            problems.add(
                row.number,
                _UNIT["name"],
                _("A unit with this name already exists in the province."),
            )
        if key:
            first_row.setdefault(key, row.number)
        short_name = _text(problems, row, _UNIT["short_name"], 60)
        try:
            valid_from = cell_date(row.get("valid_from"))
        except ValueError:
            valid_from = None
            problems.add(
                row.number, _UNIT["valid_from"], _("Enter a date as dd/mm/yyyy.")
            )
        parsed.append(
            _UnitRow(
                index=index,
                number=row.number,
                name=name,
                short_name=short_name,
                valid_from=valid_from,
            )
        )
    _resolve_parents(problems, rows, parsed, existing)
    problems.raise_if_any()

    created: dict[int, Unit] = {}
    with transaction.atomic():
        for item in _parents_first(parsed):
            parent = item.parent
            if item.parent_row is not None:
                parent = created[item.parent_row.index]
            created[item.index] = _call(
                item.number,
                create_unit,
                actor=actor,
                province=province,
                name=item.name,
                short_name=item.short_name,
                parent=parent,
                valid_from=item.valid_from,
            )
        units = [created[item.index] for item in parsed]
        if units:
            audit.record(
                actor=actor,
                verb="organizations.units.imported",
                target=province,
                province_id=province.pk,
                after={"count": len(units), "units": [u.pk for u in units]},
            )
    return units


# --- People --------------------------------------------------------------------------


def may_import_people(actor: Any, province: Province) -> bool:
    """Whether the actor may import people somewhere in the province: a province
    administrator into any unit, a unit officer into their own unit."""
    if is_superuser(actor):
        return True
    return any(g.province == province.pk for g in grants_for(actor, "import.people"))


@dataclass
class _PersonRow:
    number: int
    unit: Unit | None
    full_name: str
    gender: str
    position: str
    is_leader: bool
    email: str


class _UnitFinder:
    """The units of a province by id or name (ignoring diacritics and case), and
    whether the actor may add people to each (two queries in all)."""

    def __init__(self, actor: Any, province: Province) -> None:
        self.actor, self.province = actor, province
        units = list(
            Unit.objects.filter(province=province).only(
                "id", "name", "valid_to", "province_id"
            )
        )
        self.by_id = {u.pk: u for u in units}
        self.by_name = _by_name_key(units)
        self.blocks: dict[int, set[int]] = defaultdict(set)
        for unit_id, block_id in Membership.objects.filter(
            unit__province=province
        ).values_list("unit_id", "block_year__block_id"):
            self.blocks[unit_id].add(block_id)
        self._allowed: dict[int, bool] = {}

    def find(self, raw: Any) -> tuple[Unit | None, str]:
        """The unit, or None and the problem."""
        text = cell_text(raw)
        number = cell_int(raw)
        if number is not None and number in self.by_id:
            return self.by_id[number], ""
        found = _one_named(self.by_name.get(_name_key(text), []))
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, _(
                "Several units of the province are named “%(name)s”; write the "
                "unit's id instead."
            ) % {"name": text}
        return None, _("There is no unit named “%(name)s” in the province.") % {
            "name": text
        }

    def allows(self, unit: Unit) -> bool:
        if unit.pk not in self._allowed:
            scope = Scope(
                province=self.province.pk,
                blocks=frozenset(self.blocks[unit.pk]),
                unit=unit.pk,
            )
            self._allowed[unit.pk] = can(self.actor, "person.create", scope)
        return self._allowed[unit.pk]


def _gender(problems: _Problems, row: SheetRow) -> str:
    column = _PERSON["gender"]
    text = cell_text(row.get(column.key))
    if not text:
        problems.add(row.number, column, _("This cell must not be empty."))
        return ""
    gender = _GENDERS.get(_name_key(text))
    if gender is None:
        problems.add(row.number, column, _("Write Nam or Nữ (male or female)."))
    return gender or ""


def _leader(problems: _Problems, row: SheetRow) -> bool:
    value = row.get(_PERSON["is_leader"].key)
    if isinstance(value, bool):
        return value
    folded = _name_key(cell_text(value))
    if folded in _YES:
        return True
    if folded not in _NO:
        problems.add(
            row.number, _PERSON["is_leader"], _("Write Có (yes) or Không (no).")
        )
    return False


def _email(problems: _Problems, row: SheetRow) -> str:
    column = _PERSON["email"]
    email = _text(problems, row, column, 254).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.add(row.number, column, _("Enter a valid e-mail address."))
    return email


def import_people(
    *, actor: Any, province: Province, rows: Iterable[SheetRow]
) -> list[Person]:
    """Create the people of a file in units of ``province``, all of them or none.

    ``Đơn vị`` is a unit's name (ignoring diacritics and case) or its id. Each row's
    unit must let the actor add people: a unit officer imports into their own unit
    only, other rows are reported.
    """
    if not may_import_people(actor, province):
        raise DomainError("PERMISSION_DENIED")
    rows = list(rows)
    problems = _Problems()
    units = _UnitFinder(actor, province)
    seen_people: dict[tuple[str, int], int] = {}
    seen_emails: dict[str, int] = {}
    parsed: list[_PersonRow] = []
    for row in rows:
        full_name = _text(problems, row, _PERSON["full_name"], 120)
        gender = _gender(problems, row)
        unit_column = _PERSON["unit"]
        unit: Unit | None = None
        if not cell_text(row.get(unit_column.key)):
            problems.add(row.number, unit_column, _("This cell must not be empty."))
        else:
            unit, problem = units.find(row.get(unit_column.key))
            if unit is None:
                problems.add(row.number, unit_column, problem)
            elif not units.allows(unit):
                problems.add(
                    row.number, unit_column, _("You may not add people to this unit.")
                )
        position = _text(problems, row, _PERSON["position"], 160)
        is_leader = _leader(problems, row)
        email = _email(problems, row)
        if full_name and unit is not None:
            key = (_name_key(full_name), unit.pk)
            if key in seen_people:
                problems.add(
                    row.number,
                    _PERSON["full_name"],
                    _("This person is already in row %(row)d of the file.")
                    % {"row": seen_people[key]},
                )
            seen_people.setdefault(key, row.number)
        if email:
            if email in seen_emails:
                problems.add(
                    row.number,
                    _PERSON["email"],
                    _("This e-mail address is already in row %(row)d of the file.")
                    % {"row": seen_emails[email]},
                )
            seen_emails.setdefault(email, row.number)
        parsed.append(
            _PersonRow(
                number=row.number,
                unit=unit,
                full_name=full_name,
                gender=gender,
                position=position,
                is_leader=is_leader,
                email=email,
            )
        )
    problems.raise_if_any()

    with transaction.atomic():
        people = _create_people(actor, parsed)
        if people:
            audit.record(
                actor=actor,
                verb="organizations.people.imported",
                target=province,
                province_id=province.pk,
                after={"count": len(people), "people": [p.pk for p in people]},
            )
    return people


# Rows written per INSERT (people, then their audit events).
_BATCH = 1_000


def _create_people(actor: Any, parsed: list[_PersonRow]) -> list[Person]:
    """Write the checked rows as ``create_person`` would, in batches: each person,
    then one ``organizations.person.created`` event per person with the same
    payload. ``create_person`` row by row cost three queries a row (its permission
    check reloads the unit's blocks, the person, the event); the permission was
    checked per unit already (``_UnitFinder.allows``) and a refused unit was a row
    problem, so nothing here can refuse a row (benchmarks/bench_import.py).

    ``bulk_create`` skips ``save()``: the derived ``sort_key`` and ``search_name``
    are set here by the rules ``Person.save()`` uses."""
    people: list[Person] = []
    for start in range(0, len(parsed), _BATCH):
        batch = []
        for item in parsed[start : start + _BATCH]:
            full_name = normalize(item.full_name)
            batch.append(
                Person(
                    unit=item.unit,
                    full_name=full_name,
                    gender=item.gender,
                    position=normalize(item.position),
                    is_leader=item.is_leader,
                    email=normalize(item.email).lower(),
                    sort_key=person_sort_key(full_name),
                    search_name=fold(full_name),
                )
            )
        Person.objects.bulk_create(batch)
        AuditEvent.objects.bulk_create(
            AuditEvent(
                actor_id=getattr(actor, "pk", None),
                verb=_PERSON_CREATED,
                target_type=Person._meta.label_lower,
                target_id=str(person.pk),
                province_id=person.unit.province_id,
                after=audit.snapshot(person, _PERSON_FIELDS),
            )
            for person in batch
        )
        people.extend(batch)
    return people
