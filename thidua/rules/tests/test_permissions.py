"""Who may do what, on which scope (design.md §1)."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from thidua.rules.permissions import (
    BLOCK_SECRETARY,
    LEADER,
    PROVINCE_ADMIN,
    ROLE_ACTIONS,
    ROLES,
    UNIT_OFFICER,
    VIEWER,
    Grant,
    Scope,
    can,
    covers,
    may_review,
    roles_allowing,
)

# A small world like the root conftest's: province P with block B (units U1, U2,
# U3) and block B2 (U4, U5); U6 in P is in no block; province Q with V1.
P, Q = 1, 2
B, B2 = 10, 11
U1, U2, U3, U4, U5, U6, V1 = 101, 102, 103, 104, 105, 106, 201

TARGETS = {
    "province P": Scope(province=P),
    "block B": Scope(province=P, blocks=frozenset({B})),
    "block B2": Scope(province=P, blocks=frozenset({B2})),
    "unit U3 in B": Scope(province=P, blocks=frozenset({B}), unit=U3),
    "unit U4 in B2": Scope(province=P, blocks=frozenset({B2}), unit=U4),
    "unit U6 in no block": Scope(province=P, unit=U6),
    "province Q": Scope(province=Q),
    "unit V1 in Q": Scope(province=Q, unit=V1),
    "nowhere": Scope(),
}

# Where a grant on each kind of scope reaches (for actions that are not
# province-wide): a province grant covers its province, a block grant the targets in
# that block, a unit grant that unit only.
GRANT_SCOPES = {
    "on P": {"block": None, "unit": None},
    "on block B": {"block": B, "unit": None},
    "on unit U3": {"block": None, "unit": U3},
}
REACH = {
    "on P": {
        "province P",
        "block B",
        "block B2",
        "unit U3 in B",
        "unit U4 in B2",
        "unit U6 in no block",
    },
    "on block B": {"block B", "unit U3 in B"},
    "on unit U3": {"unit U3 in B"},
}
# org.view reaches the whole province of the grant, whatever it narrows to.
PROVINCE_P = REACH["on P"]

# The permission table, written out so that a change to ROLE_ACTIONS is a decision.
BLOCK_WORK = {
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
    "conference.manage",
    "ballot.manage",
    "ballot.count",
    "registration.review",
    "registration.create",
    "model.create",
    "model.publish",
}
# Awards (issue 5).
AWARD_FACTS = {"award.facts", "proposal.create", "award.view"}
AWARD_BLOCK = AWARD_FACTS | {"award.unit_facts"}
ALLOWED = {
    PROVINCE_ADMIN: {
        "org.view",
        "person.view",
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
        "movement.manage",
        "overview.view",
        "proposal.review",
        "decision.record",
        "award.listing",
        "award.settings",
        *BLOCK_WORK,
        *AWARD_BLOCK,
    },
    BLOCK_SECRETARY: {
        "org.view",
        "person.view",
        "blockyear.create",
        "blockyear.edit",
        *BLOCK_WORK,
        *AWARD_BLOCK,
    },
    UNIT_OFFICER: {
        "org.view",
        "person.view",
        "person.create",
        "person.edit",
        "import.people",
        "submission.view",
        "score.view",
        "score.self",
        "submission.create",
        "covenant.sign",
        "registration.create",
        "model.create",
        *AWARD_FACTS,
    },
    LEADER: {
        "org.view",
        "person.view",
        "submission.view",
        "score.view",
        "covenant.sign",
        "award.view",
    },
    VIEWER: {"org.view", "award.view"},
}
ACTIONS = sorted(set().union(*ALLOWED.values()) | {"province.create"})


def grant(role: str, scope: str, province: int = P) -> Grant:
    return Grant(role=role, province=province, **GRANT_SCOPES[scope])


def test_the_role_table_is_the_one_written_here():
    assert {role: set(actions) for role, actions in ROLE_ACTIONS.items()} == ALLOWED
    assert set(ROLES) == set(ALLOWED)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_can_per_role_action_and_scope(role, action):
    """One row of the table: every grant scope of ``role`` against every target."""
    expected = {}
    actual = {}
    for scope in GRANT_SCOPES:
        reach = PROVINCE_P if action == "org.view" else REACH[scope]
        for target, where in TARGETS.items():
            expected[scope, target] = action in ALLOWED[role] and target in reach
            actual[scope, target] = can([grant(role, scope)], action, where)
    assert actual == expected


@pytest.mark.parametrize("target", TARGETS.values())
@pytest.mark.parametrize("action", [*ACTIONS, "anything.else"])
def test_a_superuser_can_do_anything_anywhere(action, target):
    assert can([], action, target, superuser=True)


@pytest.mark.parametrize("role", ROLES)
def test_only_a_superuser_creates_a_province(role):
    assert not can([grant(role, "on P")], "province.create", TARGETS["province P"])
    assert not can([grant(role, "on P")], "province.create", TARGETS["nowhere"])
    assert can([], "province.create", TARGETS["nowhere"], superuser=True)


@pytest.mark.parametrize("target", TARGETS.values())
@pytest.mark.parametrize("scope", GRANT_SCOPES)
def test_a_viewer_never_sees_people(scope, target):
    assert not can([grant(VIEWER, scope)], "person.view", target)


def test_org_view_reaches_the_whole_province_for_any_grant():
    officer = [grant(UNIT_OFFICER, "on unit U3")]
    assert can(officer, "org.view", TARGETS["unit U4 in B2"])
    assert can(officer, "org.view", TARGETS["unit U6 in no block"])
    assert not can(officer, "person.view", TARGETS["unit U4 in B2"])
    assert not can(officer, "org.view", TARGETS["unit V1 in Q"])


def test_the_outsider_secretary_of_another_block_cannot_edit_this_one():
    outsider = [Grant(role=BLOCK_SECRETARY, province=P, block=B2)]
    assert not can(outsider, "blockyear.edit", TARGETS["block B"])
    assert not can(outsider, "person.view", TARGETS["unit U3 in B"])
    assert can(outsider, "blockyear.edit", TARGETS["block B2"])
    assert can(outsider, "org.view", TARGETS["block B"])


def test_a_block_grant_covers_a_unit_in_several_blocks_through_any_of_them():
    target = Scope(province=P, blocks=frozenset({B, B2}), unit=U1)
    assert can([grant(BLOCK_SECRETARY, "on block B")], "person.view", target)


def test_grants_add_up():
    grants = [grant(VIEWER, "on P"), grant(UNIT_OFFICER, "on unit U3")]
    assert can(grants, "person.edit", TARGETS["unit U3 in B"])
    assert not can(grants, "person.edit", TARGETS["unit U4 in B2"])
    assert can(grants, "org.view", TARGETS["unit U4 in B2"])


def test_no_grants_no_rights():
    for action in ACTIONS:
        for target in TARGETS.values():
            assert not can([], action, target)


def test_an_unknown_role_or_action_allows_nothing():
    assert not can([grant("mayor", "on P")], "org.view", TARGETS["province P"])
    assert not can([grant(PROVINCE_ADMIN, "on P")], "org.delete", TARGETS["province P"])


def test_can_accepts_any_iterable_of_grants():
    grants = (g for g in [grant(LEADER, "on unit U3")])
    assert can(grants, "person.view", TARGETS["unit U3 in B"])


def test_covers_without_an_action_is_the_grants_own_scope():
    assert covers(grant(VIEWER, "on block B"), TARGETS["unit U3 in B"])
    assert not covers(grant(VIEWER, "on block B"), TARGETS["unit U4 in B2"])
    assert covers(grant(VIEWER, "on block B"), TARGETS["unit U4 in B2"], "org.view")


@pytest.mark.parametrize("action", ACTIONS)
def test_roles_allowing_matches_the_table(action):
    expected = {role for role, actions in ALLOWED.items() if action in actions}
    assert roles_allowing(action) == expected


# --- properties ------------------------------------------------------------------

ids = st.integers(min_value=1, max_value=6)
roles = st.sampled_from([*ROLES, "unknown"])
actions = st.sampled_from([*ACTIONS, "", "anything.else"])
grants = st.builds(
    Grant,
    role=roles,
    province=ids,
    block=st.none() | ids,
    unit=st.none() | ids,
)
scopes = st.builds(
    Scope,
    province=st.none() | ids,
    blocks=st.frozensets(ids, max_size=3),
    unit=st.none() | ids,
)


@given(grants, scopes, actions)
def test_a_grant_never_covers_a_target_in_another_province(g, target, action):
    assume(target.province != g.province)
    assert not covers(g, target, action)
    assert not can([g], action, target)


@given(st.lists(grants, max_size=4), scopes, actions)
def test_can_is_the_union_of_single_grants(gs, target, action):
    assert can(gs, action, target) == any(can([g], action, target) for g in gs)


@given(grants, scopes, actions)
def test_widening_a_grant_to_its_province_never_loses_a_right(g, target, action):
    wide = Grant(role=g.role, province=g.province)
    if can([g], action, target):
        assert can([wide], action, target)


@given(st.lists(grants, max_size=4), scopes, actions)
def test_a_right_is_always_one_the_role_table_gives(gs, target, action):
    if can(gs, action, target):
        assert any(action in ALLOWED.get(g.role, set()) for g in gs)
        assert action != "province.create"


def test_an_officer_reviews_other_members_of_the_block_but_never_their_own_unit():
    officer_u3 = [Grant(role=UNIT_OFFICER, province=P, unit=U3)]
    members = frozenset({U1, U2, U3})
    u1 = Scope(province=P, blocks=frozenset({B}), unit=U1)
    u3 = Scope(province=P, blocks=frozenset({B}), unit=U3)
    u4 = Scope(province=P, blocks=frozenset({B2}), unit=U4)
    assert may_review(officer_u3, u1, members)
    assert not may_review(officer_u3, u3, members)
    assert not may_review(officer_u3, u4, frozenset({U4, U5}))
    secretary = [Grant(role=BLOCK_SECRETARY, province=P, block=B)]
    assert may_review(secretary, u3, members)
    assert not may_review([Grant(role=LEADER, province=P, unit=U1)], u3, members)
    assert may_review([], u3, members, superuser=True)
