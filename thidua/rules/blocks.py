"""Block years: membership, head and deputies (domain.md §6.2–6.3, §9 rules 27–28)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from thidua.rules import RuleViolation

HEAD = "head"
DEPUTY = "deputy"
MEMBER = "member"
# Seniority, used when several units merge into one successor.
ROLE_RANK = {HEAD: 0, DEPUTY: 1, MEMBER: 2}
BLOCK_KINDS = ("khoi", "cum")


@dataclass(frozen=True)
class MemberRole:
    unit: int
    role: str


def compose_members(
    *, head: int, deputies: Sequence[int], members: Iterable[int]
) -> tuple[MemberRole, ...]:
    """The member list of a block year, each unit once, with its role.

    Rule 27: a block year has exactly one head (Trưởng khối) and at least one deputy
    (Phó khối). The head and deputies are members even when the list omits them.
    """
    if not deputies:
        raise RuleViolation("DEPUTY_REQUIRED")
    if head in deputies:
        raise RuleViolation("HEAD_IS_DEPUTY", {"unit": head})
    if len(set(deputies)) != len(deputies):
        raise RuleViolation("DUPLICATE_MEMBER")
    roles: dict[int, str] = {head: HEAD}
    for unit in deputies:
        roles[unit] = DEPUTY
    for unit in members:
        roles.setdefault(unit, MEMBER)
    ordered = [head, *deputies, *(u for u in roles if u != head and u not in deputies)]
    return tuple(MemberRole(unit=u, role=roles[u]) for u in ordered)


def check_single_block(units: Iterable[int], other_blocks: Mapping[int, str]) -> None:
    """Rule 27 (⚙ assumption): in a year a unit belongs to one block of its province.

    ``other_blocks`` maps a unit already placed that year in another block to that
    block's name.
    """
    clashes = sorted(u for u in set(units) if u in other_blocks)
    if clashes:
        raise RuleViolation(
            "UNIT_ALREADY_IN_BLOCK",
            {"units": clashes, "block": other_blocks[clashes[0]]},
        )


def check_block_size(count: int, *, minimum: int | None, maximum: int | None) -> None:
    """Block size limits are a provincial setting (⚙, off by default; §6.2)."""
    if (minimum is not None and count < minimum) or (
        maximum is not None and count > maximum
    ):
        raise RuleViolation(
            "BLOCK_SIZE_OUT_OF_RANGE",
            {"count": count, "minimum": minimum, "maximum": maximum},
        )


def check_head_rotation(
    *, head: int, previous_head: int | None, required: bool
) -> str | None:
    """Rule 28 (⚙): the head of year Y+1 differs from the head of year Y.

    Where the province requires rotation a repeat is refused; otherwise the repeat
    is returned as a warning code for the page to show.
    """
    if previous_head is None or head != previous_head:
        return None
    if required:
        raise RuleViolation("HEAD_NOT_ROTATED", {"unit": head})
    return "HEAD_NOT_ROTATED"


def senior_role(roles: Iterable[str]) -> str:
    """The most senior of several roles (head > deputy > member)."""
    return min(roles, key=ROLE_RANK.__getitem__)
