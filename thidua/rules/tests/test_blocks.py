"""Block years: membership, head and deputies (domain.md §9 rules 27–28)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.blocks import (
    DEPUTY,
    HEAD,
    MEMBER,
    MemberRole,
    check_block_size,
    check_head_rotation,
    check_single_block,
    compose_members,
    senior_role,
)

# --- compose_members (rule 27) ---------------------------------------------------


def test_head_first_then_deputies_then_members():
    result = compose_members(head=1, deputies=[2, 3], members=[4, 5])
    assert result == (
        MemberRole(1, HEAD),
        MemberRole(2, DEPUTY),
        MemberRole(3, DEPUTY),
        MemberRole(4, MEMBER),
        MemberRole(5, MEMBER),
    )


def test_head_and_deputies_are_members_even_when_the_list_omits_them():
    result = compose_members(head=1, deputies=[2], members=[])
    assert result == (MemberRole(1, HEAD), MemberRole(2, DEPUTY))


def test_a_unit_listed_twice_is_a_member_once_with_its_highest_role():
    result = compose_members(head=1, deputies=[2], members=[3, 1, 2, 3, 4, 4])
    assert [m.unit for m in result] == [1, 2, 3, 4]
    assert [m.role for m in result] == [HEAD, DEPUTY, MEMBER, MEMBER]


def test_members_keep_the_order_they_were_given_in():
    result = compose_members(head=9, deputies=[8], members=[5, 7, 6])
    assert [m.unit for m in result] == [9, 8, 5, 7, 6]


@pytest.mark.parametrize("deputies", [[], ()])
def test_a_block_year_needs_a_deputy(deputies):
    with pytest.raises(RuleViolation) as exc:
        compose_members(head=1, deputies=deputies, members=[2, 3])
    assert exc.value.code == "DEPUTY_REQUIRED"


def test_the_head_cannot_also_be_a_deputy():
    with pytest.raises(RuleViolation) as exc:
        compose_members(head=1, deputies=[2, 1], members=[3])
    assert exc.value.code == "HEAD_IS_DEPUTY"
    assert exc.value.params == {"unit": 1}


def test_a_deputy_cannot_be_named_twice():
    with pytest.raises(RuleViolation) as exc:
        compose_members(head=1, deputies=[2, 2], members=[3])
    assert exc.value.code == "DUPLICATE_MEMBER"


def test_members_can_be_any_iterable():
    result = compose_members(head=1, deputies=(2,), members=iter([3]))
    assert [m.unit for m in result] == [1, 2, 3]


units = st.integers(min_value=1, max_value=30)


@st.composite
def block_years(draw):
    head = draw(units)
    deputies = draw(
        st.lists(units.filter(lambda u: u != head), min_size=1, max_size=4, unique=True)
    )
    members = draw(st.lists(units, max_size=15))
    return head, deputies, members


@given(block_years())
def test_composed_members_have_exactly_one_head_and_each_unit_once(year):
    head, deputies, members = year
    result = compose_members(head=head, deputies=deputies, members=members)
    roles = [m.role for m in result]
    unit_ids = [m.unit for m in result]
    assert roles.count(HEAD) == 1
    assert result[0] == MemberRole(head, HEAD)
    assert [m.unit for m in result if m.role == DEPUTY] == deputies
    assert roles == sorted(roles, key=[HEAD, DEPUTY, MEMBER].index)
    assert len(unit_ids) == len(set(unit_ids))
    assert set(unit_ids) == {head, *deputies, *members}
    plain = [u for u in dict.fromkeys(members) if u != head and u not in deputies]
    assert [m.unit for m in result if m.role == MEMBER] == plain


@given(units, st.lists(units, max_size=4), st.lists(units, max_size=8))
def test_compose_members_accepts_or_refuses_with_a_rule_code(head, deputies, members):
    try:
        result = compose_members(head=head, deputies=deputies, members=members)
    except RuleViolation as exc:
        assert exc.code in {"DEPUTY_REQUIRED", "HEAD_IS_DEPUTY", "DUPLICATE_MEMBER"}
        assert not deputies or head in deputies or len(set(deputies)) < len(deputies)
    else:
        assert [m.role for m in result].count(HEAD) == 1
        assert sum(m.role == DEPUTY for m in result) == len(deputies) >= 1


# --- check_single_block (rule 27 ⚙) ----------------------------------------------


def test_units_not_placed_elsewhere_pass():
    check_single_block([1, 2, 3], {4: "Khối các cơ quan Đảng"})
    check_single_block([], {4: "Khối các cơ quan Đảng"})
    check_single_block([1, 2], {})


def test_a_unit_already_in_another_block_is_refused_with_the_clashing_units():
    other = {3: "Khối Văn hóa - Xã hội", 1: "Khối Văn hóa - Xã hội", 9: "Cụm 2"}
    with pytest.raises(RuleViolation) as exc:
        check_single_block([5, 3, 1, 3], other)
    assert exc.value.code == "UNIT_ALREADY_IN_BLOCK"
    assert exc.value.params == {"units": [1, 3], "block": "Khối Văn hóa - Xã hội"}


@given(st.lists(units, max_size=10), st.dictionaries(units, st.text(max_size=5)))
def test_single_block_refuses_exactly_the_units_placed_elsewhere(unit_ids, other):
    clashes = sorted(set(unit_ids) & set(other))
    if clashes:
        with pytest.raises(RuleViolation) as exc:
            check_single_block(unit_ids, other)
        assert exc.value.params["units"] == clashes
        assert exc.value.params["block"] == other[clashes[0]]
    else:
        check_single_block(unit_ids, other)


# --- check_block_size (§6.2 ⚙) ---------------------------------------------------


@given(st.integers(min_value=0, max_value=10_000))
def test_block_size_is_unlimited_by_default(count):
    check_block_size(count, minimum=None, maximum=None)


@pytest.mark.parametrize(
    ("count", "minimum", "maximum", "ok"),
    [
        (4, 4, 14, True),
        (14, 4, 14, True),
        (3, 4, 14, False),
        (15, 4, 14, False),
        (3, 4, None, False),
        (500, 4, None, True),
        (1, None, 14, True),
        (15, None, 14, False),
        (5, 5, 5, True),
    ],
)
def test_block_size_limits_are_inclusive(count, minimum, maximum, ok):
    if ok:
        check_block_size(count, minimum=minimum, maximum=maximum)
    else:
        with pytest.raises(RuleViolation) as exc:
            check_block_size(count, minimum=minimum, maximum=maximum)
        assert exc.value.code == "BLOCK_SIZE_OUT_OF_RANGE"
        assert exc.value.params == {
            "count": count,
            "minimum": minimum,
            "maximum": maximum,
        }


# --- check_head_rotation (rule 28 ⚙) ---------------------------------------------


@pytest.mark.parametrize("required", [True, False])
def test_a_new_head_or_a_first_year_passes(required):
    assert check_head_rotation(head=2, previous_head=1, required=required) is None
    assert check_head_rotation(head=2, previous_head=None, required=required) is None


def test_a_repeated_head_is_a_warning_where_rotation_is_not_required():
    assert (
        check_head_rotation(head=1, previous_head=1, required=False)
        == "HEAD_NOT_ROTATED"
    )


def test_a_repeated_head_is_refused_where_rotation_is_required():
    with pytest.raises(RuleViolation) as exc:
        check_head_rotation(head=1, previous_head=1, required=True)
    assert exc.value.code == "HEAD_NOT_ROTATED"
    assert exc.value.params == {"unit": 1}


# --- senior_role -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([MEMBER, HEAD, DEPUTY], HEAD),
        ([MEMBER, DEPUTY], DEPUTY),
        ([MEMBER, MEMBER], MEMBER),
        ([DEPUTY], DEPUTY),
    ],
)
def test_senior_role_is_head_then_deputy_then_member(roles, expected):
    assert senior_role(roles) == expected
    assert senior_role(reversed(roles)) == expected


@given(
    st.lists(st.sampled_from([HEAD, DEPUTY, MEMBER]), min_size=1, max_size=8),
    st.randoms(),
)
def test_senior_role_is_one_of_the_roles_and_ignores_their_order(roles, rnd):
    best = senior_role(roles)
    assert best in roles
    shuffled = roles[:]
    rnd.shuffle(shuffled)
    assert senior_role(shuffled) == best
    assert all(
        [HEAD, DEPUTY, MEMBER].index(best) <= [HEAD, DEPUTY, MEMBER].index(r)
        for r in roles
    )
