"""Provincial settings (⚙ in domain.md): defaults, overrides and their types."""

import dataclasses

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from thidua.rules import RuleViolation
from thidua.rules.settings import SPECS, ProvincialSettings, provincial_settings


@pytest.mark.parametrize("overrides", [None, {}])
def test_defaults_leave_size_limits_off_and_rotation_advisory(overrides):
    settings = provincial_settings(overrides)
    assert settings == ProvincialSettings()
    assert settings.block_min_members is None
    assert settings.block_max_members is None
    assert settings.head_rotation_required is False
    assert settings.reminder_days_before == 3
    assert settings.conference_quorum == 50
    assert settings.votes_per == "unit"
    assert settings.ballot_round_limit == 2
    assert settings.mfa_required_for_admins is False


def test_a_province_overrides_only_what_it_stores():
    settings = provincial_settings({"block_max_members": 14})
    assert settings.block_max_members == 14
    assert settings.block_min_members is None
    assert settings.head_rotation_required is False


def test_every_setting_can_be_overridden():
    settings = provincial_settings(
        {
            "block_min_members": 4,
            "block_max_members": 14,
            "head_rotation_required": True,
            "reminder_days_before": 7,
        }
    )
    assert settings == ProvincialSettings(
        block_min_members=4,
        block_max_members=14,
        head_rotation_required=True,
        reminder_days_before=7,
    )


def test_reminders_may_go_on_the_due_date_itself():
    assert provincial_settings({"reminder_days_before": 0}).reminder_days_before == 0


def test_an_optional_limit_can_be_switched_off_again():
    settings = provincial_settings(
        {"block_min_members": None, "block_max_members": None}
    )
    assert settings.block_min_members is None
    assert settings.block_max_members is None


def test_unknown_keys_are_ignored():
    assert provincial_settings({"retired_setting": "x"}) == ProvincialSettings()


def test_equal_limits_are_allowed_and_zero_is_a_limit():
    assert provincial_settings(
        {"block_min_members": 5, "block_max_members": 5}
    ) == ProvincialSettings(block_min_members=5, block_max_members=5)
    assert provincial_settings({"block_min_members": 0}).block_min_members == 0


def test_settings_are_frozen():
    settings = provincial_settings(None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.head_rotation_required = True  # type: ignore[misc]


def test_every_setting_has_a_spec_and_a_rule():
    fields = {f.name for f in dataclasses.fields(ProvincialSettings)}
    assert {spec.key for spec in SPECS} == fields
    assert all(spec.rule for spec in SPECS)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("block_min_members", "4"),
        ("block_min_members", 4.0),
        ("block_min_members", True),
        ("block_max_members", False),
        ("block_max_members", -1),
        ("block_min_members", -3),
        ("block_max_members", [14]),
        ("head_rotation_required", None),
        ("head_rotation_required", 1),
        ("head_rotation_required", 0),
        ("head_rotation_required", "true"),
        ("head_rotation_required", "false"),
        ("mfa_required_for_admins", 1),
        ("mfa_required_for_admins", "true"),
        ("reminder_days_before", None),
        ("reminder_days_before", -1),
        ("reminder_days_before", "3"),
        ("reminder_days_before", True),
        ("reminder_days_before", 3.0),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(key, value):
    with pytest.raises(RuleViolation) as exc:
        provincial_settings({key: value})
    assert exc.value.code == "SETTING_INVALID"
    assert exc.value.params == {"key": key}


def test_a_minimum_above_the_maximum_is_refused():
    with pytest.raises(RuleViolation) as exc:
        provincial_settings({"block_min_members": 15, "block_max_members": 14})
    assert exc.value.code == "SETTING_INVALID"
    assert exc.value.params == {"key": "block_min_members"}


ints = st.integers(min_value=0, max_value=10_000)
limits = st.none() | ints


@given(limits, limits, st.booleans())
def test_valid_values_are_kept_or_the_limits_refused_as_crossed(low, high, rotation):
    overrides = {
        "block_min_members": low,
        "block_max_members": high,
        "head_rotation_required": rotation,
    }
    if low is not None and high is not None and low > high:
        with pytest.raises(RuleViolation) as exc:
            provincial_settings(overrides)
        assert exc.value.code == "SETTING_INVALID"
    else:
        assert provincial_settings(overrides) == ProvincialSettings(low, high, rotation)


@given(
    st.sampled_from([s.key for s in SPECS]),
    st.one_of(st.text(), st.floats(), st.lists(st.integers()), st.binary()),
)
def test_values_that_are_neither_int_nor_bool_are_refused(key, value):
    assume(value not in ("unit", "attendee"))  # the values of votes_per
    with pytest.raises(RuleViolation) as exc:
        provincial_settings({key: value})
    assert exc.value.code == "SETTING_INVALID"


def test_a_rule_violation_reads_as_its_code_and_params():
    exc = RuleViolation("SETTING_INVALID", {"key": "block_min_members"})
    assert str(exc) == "SETTING_INVALID {'key': 'block_min_members'}"
    assert RuleViolation("X").params == {}


# --- Conferences and ballots (issue 4) -----------------------------------------------


def test_conference_and_ballot_settings_are_overridden():
    settings = provincial_settings(
        {"conference_quorum": 67, "votes_per": "attendee", "ballot_round_limit": 3}
    )
    assert settings.conference_quorum == 67
    assert settings.votes_per == "attendee"
    assert settings.ballot_round_limit == 3


@pytest.mark.parametrize("percent", [0, 1, 50, 100])
def test_a_quorum_is_a_percentage(percent):
    assert provincial_settings({"conference_quorum": percent}).conference_quorum == (
        percent
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("conference_quorum", 101),
        ("conference_quorum", -1),
        ("conference_quorum", "50"),
        ("conference_quorum", 0.5),
        ("votes_per", "person"),
        ("votes_per", ""),
        ("votes_per", "Unit"),
        ("votes_per", 1),
        ("votes_per", None),
        ("ballot_round_limit", 0),
        ("ballot_round_limit", True),
        ("ballot_round_limit", None),
    ],
)
def test_a_conference_or_ballot_setting_out_of_range_is_refused(key, value):
    with pytest.raises(RuleViolation) as exc:
        provincial_settings({key: value})
    assert exc.value.params == {"key": key}
