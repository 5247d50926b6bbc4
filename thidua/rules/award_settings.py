"""The award rules' provincial settings (⚙ in domain.md §9): stored per province as
plain values under ``settings["awards"]`` and turned into an eligibility
:class:`~thidua.rules.eligibility.Params` here, so an administrator changes data,
not code. Percentages are whole numbers (80 means 80 %).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from thidua.rules import RuleViolation
from thidua.rules.eligibility import AWARDS, DEFAULT_PARAMS, Params
from thidua.rules.legal import BASE_SALARIES, SOURCES, SUBJECTS, LegalParams


@dataclass(frozen=True)
class AwardSettingSpec:
    key: str
    kind: type
    optional: bool
    rule: str
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int | None = None


SPECS: tuple[AwardSettingSpec, ...] = (
    AwardSettingSpec("flag_quota_per_block", int, False, "§9 rule 9", maximum=10),
    AwardSettingSpec("bang_khen_quota_per_block", int, True, "§6.7", maximum=100),
    AwardSettingSpec("cstdcs_cap_percent", int, True, "§10 item 6", maximum=100),
    AwardSettingSpec("bang_khen_strict_reading", bool, False, "§9 rule 14"),
    AwardSettingSpec("ttldxs_discipline_condition", bool, False, "§9 rule 8"),
    AwardSettingSpec("consumed_not_reused", bool, False, "§9 rules 5, 6"),
    AwardSettingSpec(
        "cstd_tinh_consecutive", str, False, "§9 rule 6", choices=("cycles", "awards")
    ),
    AwardSettingSpec("lineage_merge", str, False, "§2.2", choices=("all", "any")),
    AwardSettingSpec(
        "council_default_percent", int, False, "§9 rule 11", minimum=1, maximum=100
    ),
    AwardSettingSpec(
        "quorum_session_percent", int, True, "§9 rule 12", minimum=1, maximum=100
    ),
    AwardSettingSpec(
        "quorum_award_review_percent", int, False, "§9 rule 12", minimum=1, maximum=100
    ),
    AwardSettingSpec("event_lead_days", int, False, "§9 rule 23", maximum=90),
    # Law art. 84(5): how long the list of proposed awardees stays public.
    AwardSettingSpec("disclosure_days", int, False, "§7 (Law art. 84(5))", maximum=60),
    AwardSettingSpec("future_law_enabled", bool, False, "§2.3"),
)

DEFAULTS: dict[str, Any] = {
    "flag_quota_per_block": DEFAULT_PARAMS.flag_quota_per_block,
    "bang_khen_quota_per_block": DEFAULT_PARAMS.bang_khen_quota_per_block,
    "cstdcs_cap_percent": None,
    "bang_khen_strict_reading": DEFAULT_PARAMS.bang_khen_strict_reading,
    "ttldxs_discipline_condition": DEFAULT_PARAMS.ttldxs_discipline_condition,
    "consumed_not_reused": DEFAULT_PARAMS.consumed_not_reused,
    "cstd_tinh_consecutive": DEFAULT_PARAMS.cstd_tinh_consecutive,
    "lineage_merge": DEFAULT_PARAMS.lineage_merge,
    "council_default_percent": 50,
    # None: two thirds exactly (rule 12).
    "quorum_session_percent": None,
    "quorum_award_review_percent": 80,
    "event_lead_days": DEFAULT_PARAMS.event_lead_days,
    "disclosure_days": 5,
    "future_law_enabled": False,
}
assert {s.key for s in SPECS} == set(DEFAULTS)  # noqa: S101

# Council thresholds per award (rule 11), stored as {"award slug": percent}.
THRESHOLDS_KEY = "council_threshold_percent"
# Rule 21: coefficients domain.md does not give (e.g. Bằng khen under Decree 98),
# stored as {"<source code>/<award>/<individual|collective>": "1.5"}; and base
# salaries before the built-in table, stored as [["2023-07-01", 1800000], …].
COEFFICIENTS_KEY = "coefficient_overrides"
BASE_SALARIES_KEY = "base_salaries"


def _coefficients(raw: Any) -> dict[tuple[str, str, str], Decimal]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise RuleViolation("SETTING_INVALID", {"key": COEFFICIENTS_KEY})
    out = {}
    for key, value in raw.items():
        parts = tuple(str(key).split("/"))
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            number = Decimal(-1)
        if (
            len(parts) != 3
            or parts[0] not in SOURCES
            or parts[1] not in AWARDS
            or parts[2] not in SUBJECTS
            or isinstance(value, bool)
            or not number.is_finite()
            or not Decimal(0) < number <= Decimal(100)
        ):
            raise RuleViolation("SETTING_INVALID", {"key": COEFFICIENTS_KEY})
        out[parts] = number
    return out


def _base_salaries(raw: Any) -> tuple[tuple[date, int], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list | tuple):
        raise RuleViolation("SETTING_INVALID", {"key": BASE_SALARIES_KEY})
    out = []
    for item in raw:
        try:
            day_text, amount = item
            day = date.fromisoformat(str(day_text))
        except (TypeError, ValueError):
            raise RuleViolation("SETTING_INVALID", {"key": BASE_SALARIES_KEY}) from None
        if (
            isinstance(amount, bool)
            or not isinstance(amount, int)
            or not 0 < amount <= 1_000_000_000
        ):
            raise RuleViolation("SETTING_INVALID", {"key": BASE_SALARIES_KEY})
        out.append((day, amount))
    return tuple(sorted(out))


def _check(spec: AwardSettingSpec, value: Any) -> Any:
    if value is None and spec.optional:
        return None
    if not isinstance(value, spec.kind) or (
        spec.kind is int and isinstance(value, bool)
    ):
        raise RuleViolation("SETTING_INVALID", {"key": spec.key})
    if spec.kind is int and (
        value < spec.minimum or (spec.maximum is not None and value > spec.maximum)
    ):
        raise RuleViolation("SETTING_INVALID", {"key": spec.key})
    if spec.choices and value not in spec.choices:
        raise RuleViolation("SETTING_INVALID", {"key": spec.key})
    return value


def award_settings(overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every setting's value: the defaults overlaid with the stored ones (unknown keys
    ignored, wrong types refused with ``SETTING_INVALID``)."""
    values = dict(DEFAULTS)
    overrides = overrides or {}
    for spec in SPECS:
        if spec.key in overrides:
            values[spec.key] = _check(spec, overrides[spec.key])
    thresholds = overrides.get(THRESHOLDS_KEY)
    if thresholds is None:
        thresholds = {}
    if not isinstance(thresholds, Mapping):
        raise RuleViolation("SETTING_INVALID", {"key": THRESHOLDS_KEY})
    checked = {}
    for award, percent in thresholds.items():
        if (
            award not in AWARDS
            or not isinstance(percent, int)
            or isinstance(percent, bool)
            or not 1 <= percent <= 100
        ):
            raise RuleViolation("SETTING_INVALID", {"key": THRESHOLDS_KEY})
        checked[award] = percent
    values[THRESHOLDS_KEY] = checked
    coefficients = _coefficients(overrides.get(COEFFICIENTS_KEY))
    values[COEFFICIENTS_KEY] = {"/".join(k): str(v) for k, v in coefficients.items()}
    salaries = _base_salaries(overrides.get(BASE_SALARIES_KEY))
    values[BASE_SALARIES_KEY] = [[d.isoformat(), a] for d, a in salaries]
    return values


def _share(percent: int) -> Fraction:
    return Fraction(percent, 100)


def params_from(overrides: Mapping[str, Any] | None) -> Params:
    """The eligibility :class:`Params` of a province's stored award settings."""
    v = award_settings(overrides)
    cap = v["cstdcs_cap_percent"]
    return Params(
        flag_quota_per_block=v["flag_quota_per_block"],
        bang_khen_quota_per_block=v["bang_khen_quota_per_block"],
        cstdcs_cap=None if cap is None else _share(cap),
        bang_khen_strict_reading=v["bang_khen_strict_reading"],
        ttldxs_discipline_condition=v["ttldxs_discipline_condition"],
        consumed_not_reused=v["consumed_not_reused"],
        cstd_tinh_consecutive=v["cstd_tinh_consecutive"],
        lineage_merge=v["lineage_merge"],
        council_thresholds={a: _share(p) for a, p in v[THRESHOLDS_KEY].items()},
        council_default_threshold=_share(v["council_default_percent"]),
        quorum_session=DEFAULT_PARAMS.quorum_session
        if v["quorum_session_percent"] is None
        else _share(v["quorum_session_percent"]),
        quorum_award_review=_share(v["quorum_award_review_percent"]),
        event_lead_days=v["event_lead_days"],
        legal=legal_params(v),
    )


def legal_params(values: Mapping[str, Any]) -> LegalParams:
    """Rule 21's dated inputs: the province's extra base salaries (added to the
    built-in table; a date in both takes the province's amount) and coefficients."""
    extra = _base_salaries(values.get(BASE_SALARIES_KEY))
    table = None
    if extra:
        merged = dict(BASE_SALARIES)
        merged.update(dict(extra))
        table = tuple(sorted(merged.items()))
    return LegalParams(
        future_law_enabled=bool(values.get("future_law_enabled", False)),
        coefficient_overrides=_coefficients(values.get(COEFFICIENTS_KEY)),
        base_salaries=table,
    )
