"""Provincial settings (⚙ in domain.md): data an administrator edits, not constants.

Each setting has a type, a default and the rule it serves. A province stores only
its overrides; :func:`provincial_settings` fills in the defaults and refuses values
of the wrong type.
"""

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from thidua.rules import RuleViolation


@dataclass(frozen=True)
class ProvincialSettings:
    # Block size limits (§6.2: real blocks hold 4–14 units); off by default (api.md).
    block_min_members: int | None = None
    block_max_members: int | None = None
    # Rule 28: the head of year Y+1 differs from the head of year Y. Off: a repeat
    # is shown as a warning only.
    head_rotation_required: bool = False
    # Issue 3: units that have not sent a required document are reminded by e-mail
    # this many days before its due date (and once the day after it is missed).
    reminder_days_before: int = 3
    # Issue 4 (§6.7): a review conference holds when at least this per cent of the
    # block's member units are present (⌈percent × members⌉ units).
    conference_quorum: int = 50
    # Issue 4: one ballot per member unit (its delegate), or one per attendee.
    votes_per: str = "unit"
    # Rule 13: a selection holds at most this many rounds (a round and its run-offs);
    # then the head and deputy decide.
    ballot_round_limit: int = 2
    # Issue 9: the province's administrators must sign in with an authenticator app
    # (TOTP); until they activate one, every page sends them to its activation.
    mfa_required_for_admins: bool = False


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: type
    optional: bool
    rule: str
    # For text settings: the values allowed. For numbers: the bounds.
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int | None = None


SPECS: tuple[SettingSpec, ...] = (
    SettingSpec("block_min_members", int, True, "§6.2"),
    SettingSpec("block_max_members", int, True, "§6.2"),
    SettingSpec("head_rotation_required", bool, False, "§9 rule 28"),
    SettingSpec("reminder_days_before", int, False, "§6.4, §9 rule 26"),
    SettingSpec("conference_quorum", int, False, "§6.7", maximum=100),
    SettingSpec("votes_per", str, False, "§6.7", choices=("unit", "attendee")),
    SettingSpec("ballot_round_limit", int, False, "§9 rule 13", minimum=1),
    SettingSpec("mfa_required_for_admins", bool, False, "issue 9"),
)
assert {s.key for s in SPECS} == {f.name for f in fields(ProvincialSettings)}  # noqa: S101


def provincial_settings(overrides: Mapping[str, Any] | None) -> ProvincialSettings:
    """Defaults overlaid with a province's stored values (unknown keys are ignored)."""
    values: dict[str, Any] = {}
    for spec in SPECS:
        if not overrides or spec.key not in overrides:
            continue
        value = overrides[spec.key]
        if value is None and spec.optional:
            values[spec.key] = None
        elif isinstance(value, spec.kind) and not (
            spec.kind is int and isinstance(value, bool)
        ):
            if spec.kind is int and (
                value < spec.minimum
                or (spec.maximum is not None and value > spec.maximum)
            ):
                raise RuleViolation("SETTING_INVALID", {"key": spec.key})
            if spec.choices and value not in spec.choices:
                raise RuleViolation("SETTING_INVALID", {"key": spec.key})
            values[spec.key] = value
        else:
            raise RuleViolation("SETTING_INVALID", {"key": spec.key})
    result = ProvincialSettings(**values)
    if (
        result.block_min_members is not None
        and result.block_max_members is not None
        and result.block_min_members > result.block_max_members
    ):
        raise RuleViolation("SETTING_INVALID", {"key": "block_min_members"})
    return result
