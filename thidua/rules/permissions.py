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
# Running a block's year (domain.md §6.4–6.6): the head unit's secretariat and the
# province's office.
_BLOCK_WORK = {
    "covenant.edit",
    "requirement.edit",
    "submission.create",
    "submission.view",
    "waiver.create",
    "score.self",
    "score.review",
    "score.final",
    "score.view",
    "ranking.view_draft",
    "ranking.publish",
    # Conferences and secret ballots (domain.md §6.7; issue 4).
    "conference.manage",
    "ballot.manage",
    "ballot.count",
    # Registrations and advanced models of the block (issue 7).
    "registration.review",
    "registration.create",
    "model.create",
    "model.publish",
}
# Awards (issue 5): facts about people and a unit's staff, proposals of the unit or
# the block; reading the history and eligibility.
_AWARD_FACTS = {"award.facts", "proposal.create", "award.view"}
# The block's secretariat and the Board also rate units and import past awards.
_AWARD_BLOCK = _AWARD_FACTS | {"award.unit_facts"}
# The province's Board only (issue 7): movements and the province's overview; the
# Board receives proposals, records the council's vote and decisions (issue 5).
_PROVINCE_WORK = {
    "movement.manage",
    "overview.view",
    "proposal.review",
    "decision.record",
    "award.listing",
    "award.settings",
}
# What a member unit's people see of their own unit's work.
_UNIT_WORK = {"submission.view", "score.view"}
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
        | _BLOCK_WORK
        | _PROVINCE_WORK
        | _AWARD_BLOCK
    ),
    BLOCK_SECRETARY: frozenset(
        _READ
        | _READ_PEOPLE
        | {"blockyear.create", "blockyear.edit"}
        | _BLOCK_WORK
        | _AWARD_BLOCK
    ),
    UNIT_OFFICER: frozenset(
        _READ
        | _READ_PEOPLE
        | {"person.create", "person.edit", "import.people"}
        | _UNIT_WORK
        | _AWARD_FACTS
        | {
            "score.self",
            "submission.create",
            "covenant.sign",
            "registration.create",
            "model.create",
        }
    ),
    LEADER: frozenset(
        _READ | _READ_PEOPLE | _UNIT_WORK | {"covenant.sign", "award.view"}
    ),
    VIEWER: frozenset(_READ | {"award.view"}),
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


def may_review(
    grants: Iterable[Grant],
    target: Scope,
    member_units: frozenset[int],
    *,
    superuser: bool = False,
) -> bool:
    """Cross-scoring (chấm chéo, domain.md §6.6): the block's secretariat, or an
    officer of another member unit of the block. A unit never reviews itself."""
    if superuser or can(grants, "score.review", target):
        return True
    return any(
        g.role == UNIT_OFFICER
        and g.unit is not None
        and g.unit != target.unit
        and g.unit in member_units
        for g in grants
    )
