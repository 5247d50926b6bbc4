"""Who may do what, on which scope (design.md §1; house-style "Permissions on a scope").

Roles are granted on a scope — a province, a block or a unit — and a user may hold
several grants. ``can`` is the single decision; the Django shell only loads grants
and describes the target as a :class:`Scope`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

PROVINCE_ADMIN = "province_admin"
BLOCK_SECRETARY = "block_secretary"
UNIT_OFFICER = "unit_officer"
LEADER = "leader"
VIEWER = "viewer"
ROLES = (PROVINCE_ADMIN, BLOCK_SECRETARY, UNIT_OFFICER, LEADER, VIEWER)


@dataclass(frozen=True)
class Grant:
    """A role held on one scope: a whole province, or one block or unit in it.

    ``province`` is always set; ``block`` or ``unit`` narrows the grant.
    """

    role: str
    province: int
    block: int | None = None
    unit: int | None = None


@dataclass(frozen=True)
class Scope:
    """Where a target lives: its province, the blocks it belongs to, its unit."""

    province: int | None = None
    blocks: frozenset[int] = field(default_factory=frozenset)
    unit: int | None = None


# Actions each role may take inside the scope of its grant.
_READ = {"org.view"}
_READ_PEOPLE = {"person.view"}
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    PROVINCE_ADMIN: frozenset(
        _READ
        | _READ_PEOPLE
        | {
            "province.edit",
            "unit.create",
            "unit.edit",
            "unit.reorganize",
            "person.create",
            "person.edit",
            "block.create",
            "block.edit",
            "blockyear.create",
            "blockyear.edit",
            "import.units",
            "import.people",
            "audit.view",
        }
    ),
    BLOCK_SECRETARY: frozenset(
        _READ | _READ_PEOPLE | {"blockyear.create", "blockyear.edit"}
    ),
    UNIT_OFFICER: frozenset(
        _READ | _READ_PEOPLE | {"person.create", "person.edit", "import.people"}
    ),
    LEADER: frozenset(_READ | _READ_PEOPLE),
    VIEWER: frozenset(_READ),
}

# Actions only a superuser may take (the national level: creating a province).
SUPERUSER_ONLY = frozenset({"province.create"})
# The organisation of a province (its units, blocks, heads) is not secret inside it:
# any grant in the province lets its holder read it, whatever the grant narrows to.
PROVINCE_WIDE = frozenset({"org.view"})


def covers(grant: Grant, target: Scope, action: str = "") -> bool:
    """Whether a grant's scope contains the target (for ``action``)."""
    if grant.province != target.province:
        return False
    if action in PROVINCE_WIDE:
        return True
    if grant.block is not None:
        return grant.block in target.blocks
    if grant.unit is not None:
        return grant.unit == target.unit
    return True


def can(
    grants: Iterable[Grant], action: str, target: Scope, *, superuser: bool = False
) -> bool:
    """Whether a holder of ``grants`` may take ``action`` on ``target``."""
    if superuser:
        return True
    if action in SUPERUSER_ONLY:
        return False
    return any(
        action in ROLE_ACTIONS.get(g.role, frozenset()) and covers(g, target, action)
        for g in grants
    )


def roles_allowing(action: str) -> frozenset[str]:
    """The roles that may take ``action`` somewhere."""
    return frozenset(r for r, acts in ROLE_ACTIONS.items() if action in acts)
