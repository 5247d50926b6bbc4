"""Legal sources, versioned by effective date, and reward money (domain.md §2, §5.5;
§9 rules 21 and 29).

Every rule evaluation cites the source in force on the day the dossier was validly
received (rule 29): Decree 98/2023 until 30/06/2025, Decree 152/2025 from
01/07/2025. :func:`source_for` answers one :class:`Citation` per rule key, written
the short way (``"NĐ 152/2025 Đ50"``) or in full (``Citation.full``).

Where domain.md does not give an article number the citation names the document
only (``"NĐ 98/2023"``) — never a guessed article. The comments on ``_RULES`` give
the confidence tag of each entry.

Possible amendment (domain.md §2.3, unconfirmed): "Luật 06/2026/QH16", effective
01/10/2026, with the transitional rule that dossiers received before that date are
judged under Law 06/2022 unless the new rule is more favourable. It is modelled as
a law version switched off by default (:attr:`LegalParams.future_law_enabled`);
:func:`law_versions` gives the versions to try, in order.

Money (rule 21): cash = coefficient (per decree) × the base salary in force on the
decision date, rounded up to the nearest 10,000 VND; households receive 1.5 × the
individual amount of the same form.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache

from thidua.rules import RuleViolation

# --- sources -----------------------------------------------------------------------


@dataclass(frozen=True)
class LegalSource:
    """One legal document (văn bản) with its period of force.

    ``effective_from`` None: the date is not known (domain.md gives the year only);
    the source is then treated as always in force. ``confirmed`` False: the
    document itself is unverified (domain.md §2.3).
    """

    code: str
    short: str
    full: str
    effective_from: date | None
    effective_to: date | None = None
    kind: str = "decree"  # law / decree / guidance / provincial
    confirmed: bool = True

    def in_force(self, on: date) -> bool:
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_to is None or on <= self.effective_to


LAW_2022 = LegalSource(
    "LUAT_06_2022",
    "Luật 06/2022",
    "Luật Thi đua, khen thưởng số 06/2022/QH15",
    date(2024, 1, 1),
    kind="law",
)
# Unconfirmed (domain.md §2.3: one non-authoritative source). Used only when
# LegalParams.future_law_enabled is set.
LAW_2026 = LegalSource(
    "LUAT_06_2026",
    "Luật 06/2026",
    "Luật số 06/2026/QH16 sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng",
    date(2026, 10, 1),
    kind="law",
    confirmed=False,
)
DECREE_98 = LegalSource(
    "ND_98_2023",
    "NĐ 98/2023",
    "Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính phủ quy định chi tiết "
    "thi hành một số điều của Luật Thi đua, khen thưởng",
    date(2024, 1, 1),
    date(2025, 6, 30),
)
# One legal-database mirror shows Decree 152 expiring 01/03/2027 (cause unknown,
# domain.md §2.3): not modelled until confirmed.
DECREE_152 = LegalSource(
    "ND_152_2025",
    "NĐ 152/2025",
    "Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ quy định về phân cấp, "
    "phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn "
    "thi hành một số điều của Luật Thi đua, khen thưởng",
    date(2025, 7, 1),
)
LETTER_5007 = LegalSource(
    "CV_5007_2023",
    "CV 5007/BNV-TĐKT",
    "Công văn số 5007/BNV-TĐKT ngày 05/9/2023 của Bộ Nội vụ",
    date(2023, 9, 5),
    kind="guidance",
)
# Decisions of the Ministry of Home Affairs on procedures (2025; day not known).
DECISION_311 = LegalSource(
    "QD_311_2025",
    "QĐ 311/QĐ-BNV",
    "Quyết định số 311/QĐ-BNV năm 2025 của Bộ trưởng Bộ Nội vụ",
    None,
    kind="guidance",
)
DECISION_638 = LegalSource(
    "QD_638_2025",
    "QĐ 638/QĐ-BNV",
    "Quyết định số 638/QĐ-BNV năm 2025 của Bộ trưởng Bộ Nội vụ",
    None,
    kind="guidance",
)
DECREE_73 = LegalSource(
    "ND_73_2024",
    "NĐ 73/2024",
    "Nghị định số 73/2024/NĐ-CP của Chính phủ quy định mức lương cơ sở",
    date(2024, 7, 1),
    date(2026, 6, 30),
)
DECREE_161 = LegalSource(
    "ND_161_2026",
    "NĐ 161/2026",
    "Nghị định số 161/2026/NĐ-CP ngày 15/5/2026 của Chính phủ quy định mức lương cơ sở",
    date(2026, 7, 1),
)
PROVINCIAL = "QUY_CHE_TINH"  # the province's own regulation, named in LegalParams

SOURCES: dict[str, LegalSource] = {
    s.code: s
    for s in (
        LAW_2022,
        LAW_2026,
        DECREE_98,
        DECREE_152,
        LETTER_5007,
        DECISION_311,
        DECISION_638,
        DECREE_73,
        DECREE_161,
    )
}


@dataclass(frozen=True)
class LegalParams:
    """Legal parameters an administrator may change (not provincial policy).

    ``coefficient_overrides`` fills the coefficients domain.md does not give or
    marks [M], keyed ``(source code, award, subject)``; ``base_salaries`` replaces
    the dated base-salary table (e.g. to add the amount before 01/07/2024).
    """

    future_law_enabled: bool = False
    provincial_regulation: str = "Quy chế thi đua, khen thưởng của tỉnh"
    coefficient_overrides: Mapping[tuple[str, str, str], Decimal] = field(
        default_factory=dict
    )
    base_salaries: tuple[tuple[date, int], ...] | None = None


DEFAULT_LEGAL = LegalParams()


@dataclass(frozen=True)
class Citation:
    """A source with an optional article (Điều), clause (khoản) and point (điểm)."""

    source: LegalSource
    article: int | None = None
    clause: int | None = None
    point: str | None = None

    def __str__(self) -> str:
        if self.article is None:
            return self.source.short
        text = f"{self.source.short} Đ{self.article}"
        if self.clause is not None:
            text += f"({self.clause})"
        if self.point is not None:
            text += f"({self.point})"
        return text

    @property
    def full(self) -> str:
        """The Vietnamese form: ``điểm d khoản 1 Điều 74 Luật Thi đua, khen thưởng…``."""
        parts = []
        if self.point is not None:
            parts.append(f"điểm {self.point}")
        if self.clause is not None:
            parts.append(f"khoản {self.clause}")
        if self.article is not None:
            parts.append(f"Điều {self.article}")
        parts.append(self.source.full)
        return " ".join(parts)


_Ref = tuple[str, int | None, int | None, str | None]

# Rule key → candidate citations, first match in force wins. Law-level rules list
# the possible 2026 amendment first (used only when enabled). Confidence per
# domain.md: [C] confirmed, [C-old] confirmed for Decree 98, [I] inferred.
_RULES: dict[str, tuple[_Ref, ...]] = {
    # Individual titles, Law arts. 21–24 (S5; article order [I] from arts. 22, 23).
    "lao_dong_tien_tien": (("LUAT_06_2022", 24, None, None),),
    # The 2025 MoHA draft would amend art. 23 (domain.md §2.3): article unconfirmed.
    "chien_si_thi_dua_co_so": (
        ("LUAT_06_2026", None, None, None),
        ("LUAT_06_2022", 23, None, None),
    ),
    "chien_si_thi_dua_tinh": (("LUAT_06_2022", 22, None, None),),
    "chien_si_thi_dua_toan_quoc": (("LUAT_06_2022", 21, None, None),),
    # Collective titles, Law arts. 25–28 [C: P1, P3, S12].
    "co_thi_dua_chinh_phu": (("LUAT_06_2022", 25, None, None),),
    "co_thi_dua_tinh": (("LUAT_06_2022", 26, None, None),),
    "tap_the_lao_dong_xuat_sac": (("LUAT_06_2022", 27, 1, None),),
    "tap_the_lao_dong_tien_tien": (("LUAT_06_2022", 28, 1, None),),
    # Forms: art. 73(1)(b) [C: P4]; art. 74(1)(d) [C: P5]; the collective clause of
    # art. 74 is not given; art. 75 [C: S1].
    "bang_khen_thu_tuong.individual": (("LUAT_06_2022", 73, 1, "b"),),
    # art. 73(2) is the collective clause (domain.md §10 item 4; wording unread).
    "bang_khen_thu_tuong.collective": (("LUAT_06_2022", 73, 2, None),),
    "bang_khen_tinh.individual": (("LUAT_06_2022", 74, 1, "d"),),
    "bang_khen_tinh.collective": (("LUAT_06_2022", 74, None, None),),
    "giay_khen": (("LUAT_06_2022", 75, None, None),),
    # Principles (rules 1, 2, 17–20). Decree 152 art. 4 [C: S2, S3]; the matching
    # article of Decree 98 is not given in domain.md.
    "one_achievement": (("LUAT_06_2022", 5, 2, "c"),),
    "initiative_single_use": (("CV_5007_2023", None, None, None),),
    "adhoc_excluded": (("ND_152_2025", 4, 3, None), ("ND_98_2023", None, None, None)),
    "discipline_hold": (("ND_152_2025", 4, 4, None), ("ND_98_2023", None, None, None)),
    "maternity_leave": (("ND_152_2025", 4, 5, None), ("ND_98_2023", None, None, None)),
    "tie_break": (("ND_152_2025", 4, 6, None), ("ND_98_2023", None, None, None)),
    # Council thresholds: Decree 98 art. 30(7) [C-old: S4]; kept by Decree 152 in an
    # article not verified (domain.md §10 item 1).
    "council_vote": (("ND_152_2025", None, None, None), ("ND_98_2023", 30, 7, None)),
    "council_quorum": ((PROVINCIAL, None, None, None),),
    # Violation lists before 10/12 and quotas per block: provincial [C: S1; P].
    "violation_listing": ((PROVINCIAL, None, None, None),),
    "flag_quota": ((PROVINCIAL, None, None, None),),
    # Dossiers: Law art. 84 [C: P8]; state level (Word + PDF) Decision 311 [C: S8].
    "dossier": (("LUAT_06_2022", 84, None, None),),
    "dossier_state": (("QD_311_2025", None, None, None),),
    "deadline_provincial": ((PROVINCIAL, None, None, None),),
    # 30/06 and 31/12 at MoHA: Decree 98 art. 32 [C-old: S7]; Decree 152 unverified.
    "deadline_state": (
        ("ND_152_2025", None, None, None),
        ("ND_98_2023", 32, None, None),
    ),
    "sla_central": (("QD_311_2025", None, None, None),),
    "sla_commune": (("QD_638_2025", None, None, None),),
    # Money: titles Decree 98 art. 54 → Decree 152 art. 50 [C: S3, S4]; forms Decree
    # 152 art. 54 [C for the individual amounts; I for the collective ones]; rounding
    # Decree 152 art. 49(2) [C], "the same in Decree 98" (article not given).
    "cash_title": (("ND_152_2025", 50, None, None), ("ND_98_2023", 54, None, None)),
    "cash_form": (("ND_152_2025", 54, None, None), ("ND_98_2023", None, None, None)),
    "cash_rounding": (("ND_152_2025", 49, 2, None), ("ND_98_2023", None, None, None)),
    "base_salary": (("ND_161_2026", 3, None, None), ("ND_73_2024", 3, 2, None)),
}
RULE_KEYS = tuple(_RULES)

# Rules the possible 2026 amendment is modelled to change (domain.md §2.3).
AMENDED_BY_FUTURE_LAW = frozenset(
    rule for rule, refs in _RULES.items() if refs[0][0] == LAW_2026.code
)


def law_versions(on: date, legal: LegalParams = DEFAULT_LEGAL) -> tuple[str, ...]:
    """The law versions to try for a dossier received ``on``, in order.

    Rule 29 with the reported transitional rule: before the amendment takes effect
    the dossier is judged under Law 06/2022, and under the amendment only where
    that is more favourable (so the caller tries the second version only when the
    first refuses); from its effective date, under the amendment alone.
    """
    if not legal.future_law_enabled:
        return (LAW_2022.code,)
    if LAW_2026.in_force(on):
        return (LAW_2026.code,)
    return (LAW_2022.code, LAW_2026.code)


def source_for(
    rule: str,
    on: date,
    legal: LegalParams = DEFAULT_LEGAL,
    *,
    law: str | None = None,
) -> Citation:
    """The citation of ``rule`` for a dossier received ``on`` (rule 29).

    ``law`` forces a law version from :func:`law_versions` (for the "more
    favourable" comparison). No source in force: ``NO_LEGAL_SOURCE``.
    """
    return _source_for(
        rule, on, legal.future_law_enabled, law, legal.provincial_regulation
    )


@lru_cache(maxsize=8192)
def _source_for(
    rule: str, on: date, future: bool, law: str | None, provincial: str
) -> Citation:
    try:
        refs = _RULES[rule]
    except KeyError:
        raise RuleViolation("UNKNOWN_RULE", {"rule": rule}) from None
    if law is None:
        law = LAW_2026.code if future and LAW_2026.in_force(on) else LAW_2022.code
    for code, article, clause, point in refs:
        if code == PROVINCIAL:
            source = LegalSource(
                PROVINCIAL, provincial, provincial, None, kind="provincial"
            )
            return Citation(source, article, clause, point)
        source = SOURCES[code]
        if code == LAW_2026.code:
            # An amended rule cites the amendment when that version is applied.
            if future and law == code:
                return Citation(source, article, clause, point)
            continue
        if source.in_force(on):
            return Citation(source, article, clause, point)
    raise RuleViolation("NO_LEGAL_SOURCE", {"rule": rule, "on": on})


def decree_in_force(on: date) -> LegalSource:
    """The decree detailing the Law on ``on`` (98/2023, then 152/2025)."""
    for source in (DECREE_152, DECREE_98):
        if source.in_force(on):
            return source
    raise RuleViolation("NO_LEGAL_SOURCE", {"rule": "decree", "on": on})


# --- reward money ------------------------------------------------------------------

INDIVIDUAL = "individual"
COLLECTIVE = "collective"
HOUSEHOLD = "household"
SUBJECTS = (INDIVIDUAL, COLLECTIVE, HOUSEHOLD)
HOUSEHOLD_MULTIPLIER = Decimal("1.5")
ROUNDING_STEP = 10_000

TITLES = frozenset(
    {
        "lao_dong_tien_tien",
        "chien_si_thi_dua_co_so",
        "chien_si_thi_dua_tinh",
        "chien_si_thi_dua_toan_quoc",
        "tap_the_lao_dong_tien_tien",
        "tap_the_lao_dong_xuat_sac",
        "co_thi_dua_tinh",
        "co_thi_dua_chinh_phu",
    }
)
FORMS = frozenset({"giay_khen", "bang_khen_tinh", "bang_khen_thu_tuong"})

D = Decimal
_TITLE_COEFFICIENTS: dict[tuple[str, str], Decimal] = {
    ("chien_si_thi_dua_toan_quoc", INDIVIDUAL): D("4.5"),
    ("chien_si_thi_dua_tinh", INDIVIDUAL): D("3.0"),
    ("chien_si_thi_dua_co_so", INDIVIDUAL): D("1.0"),
    ("lao_dong_tien_tien", INDIVIDUAL): D("0.3"),
    ("tap_the_lao_dong_xuat_sac", COLLECTIVE): D("1.5"),
    ("tap_the_lao_dong_tien_tien", COLLECTIVE): D("0.8"),
    ("co_thi_dua_chinh_phu", COLLECTIVE): D("12.0"),
    ("co_thi_dua_tinh", COLLECTIVE): D("8.0"),
}
# domain.md §5.5 [C: S3] for Decree 152. Decree 98 art. 54 has the same title
# coefficients [C]; its amounts for Bằng khen and Giấy khen are not given, so they
# come only from LegalParams.coefficient_overrides.
COEFFICIENTS: dict[str, dict[tuple[str, str], Decimal]] = {
    DECREE_152.code: {
        **_TITLE_COEFFICIENTS,
        ("bang_khen_thu_tuong", INDIVIDUAL): D("3.5"),
        ("bang_khen_thu_tuong", COLLECTIVE): D("7.0"),
        ("bang_khen_tinh", INDIVIDUAL): D("1.5"),
        ("bang_khen_tinh", COLLECTIVE): D("3.0"),
        # [M]: from memory only (domain.md §5.2, §10 item 8) — override when checked.
        ("giay_khen", INDIVIDUAL): D("0.3"),
        ("giay_khen", COLLECTIVE): D("0.6"),
    },
    DECREE_98.code: dict(_TITLE_COEFFICIENTS),
}
UNCONFIRMED_COEFFICIENTS = frozenset({(DECREE_152.code, "giay_khen", INDIVIDUAL)})

# Base salary (lương cơ sở), VND per month, from the date given [C]. The amount
# before 01/07/2024 is not in domain.md: add it through LegalParams.base_salaries.
BASE_SALARIES: tuple[tuple[date, int], ...] = (
    (date(2024, 7, 1), 2_340_000),
    (date(2026, 7, 1), 2_530_000),
)


@dataclass(frozen=True)
class Coefficient:
    value: Decimal
    citation: Citation
    confirmed: bool


@dataclass(frozen=True)
class CashAmount:
    """The money that goes with an award (rule 21)."""

    coefficient: Decimal
    base_salary: int
    amount: int
    confirmed: bool
    legal_basis: tuple[str, ...]


def coefficient_for(
    award: str, subject: str, on: date, legal: LegalParams = DEFAULT_LEGAL
) -> Coefficient:
    """The coefficient (× base salary) of ``award`` for an individual or collective
    under the decree in force on ``on``. Households: see :func:`cash_amount`."""
    decree = decree_in_force(on)
    key = (award, subject)
    rule = "cash_title" if award in TITLES else "cash_form"
    citation = source_for(rule, on, legal)
    override = legal.coefficient_overrides.get((decree.code, award, subject))
    if override is not None:
        return Coefficient(Decimal(override), citation, True)
    value = COEFFICIENTS[decree.code].get(key)
    if value is None:
        raise RuleViolation(
            "COEFFICIENT_UNKNOWN",
            {"award": award, "subject": subject, "source": decree.short},
        )
    confirmed = (decree.code, award, subject) not in UNCONFIRMED_COEFFICIENTS
    return Coefficient(value, citation, confirmed)


def base_salary_on(day: date, legal: LegalParams = DEFAULT_LEGAL) -> int:
    """The base salary in force on ``day`` (dated table, rule 21)."""
    table = legal.base_salaries or BASE_SALARIES
    amount = None
    for start, value in sorted(table):
        if start <= day:
            amount = value
    if amount is None:
        raise RuleViolation("BASE_SALARY_UNKNOWN", {"on": day})
    return amount


def round_up(amount: Decimal | int, step: int = ROUNDING_STEP) -> int:
    """Rounded up to the next multiple of ``step`` (10,000 VND; rule 21)."""
    units = (Decimal(amount) / step).to_integral_value(rounding=ROUND_CEILING)
    return int(units) * step


def cash_amount(
    award: str,
    subject: str,
    decision_date: date,
    legal: LegalParams = DEFAULT_LEGAL,
) -> CashAmount:
    """Coefficient × the base salary in force on the decision date, rounded up to
    10,000 VND. The coefficient is that of the decree in force on the decision date.

    A household (hộ gia đình) receives 1.5 × the individual amount of the same form
    (Bằng khen, Giấy khen): the individual amount is rounded first, then the
    household amount (a multiple of 5,000) is rounded up again.
    """
    if subject not in SUBJECTS:
        raise RuleViolation("SUBJECT_UNKNOWN", {"subject": subject})
    if subject == HOUSEHOLD and award not in FORMS:
        raise RuleViolation(
            "COEFFICIENT_UNKNOWN",
            {"award": award, "subject": subject, "source": "—"},
        )
    base = base_salary_on(decision_date, legal)
    coefficient = coefficient_for(
        award, INDIVIDUAL if subject == HOUSEHOLD else subject, decision_date, legal
    )
    amount = round_up(coefficient.value * base)
    value = coefficient.value
    if subject == HOUSEHOLD:
        amount = round_up(HOUSEHOLD_MULTIPLIER * amount)
        value = coefficient.value * HOUSEHOLD_MULTIPLIER
    basis = [str(coefficient.citation)]
    basis.append(str(source_for("cash_rounding", decision_date, legal)))
    if DECREE_73.effective_from is not None and decision_date >= (
        DECREE_73.effective_from
    ):
        # A base salary from LegalParams.base_salaries before 01/07/2024 has no
        # source in the table: it is cited by the administrator, not here.
        basis.append(str(source_for("base_salary", decision_date, legal)))
    return CashAmount(
        coefficient=value,
        base_salary=base,
        amount=amount,
        confirmed=coefficient.confirmed,
        legal_basis=tuple(basis),
    )
