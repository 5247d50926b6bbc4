"""Awards (issue 5; domain.md §3.2, §4, §5, §7): the facts the eligibility rules
read (ratings, disciplines, leaves, staff summaries, initiatives, past awards,
violation listings), proposals and their dossiers, the council's vote, decisions and
the award history, and the working-day calendar of the SLA counters.

A fact is about a person or a unit: exactly one of the two is set (a check
constraint). The rules themselves live in :mod:`thidua.rules.eligibility`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.movements.models import AWARD_LABELS, award_label
from thidua.rules import eligibility as rules
from thidua.rules.permissions import Scope


def _one_subject(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(person__isnull=False) & Q(unit__isnull=True))
        | (Q(person__isnull=True) & Q(unit__isnull=False)),
        name=f"{prefix}_one_subject",
    )


def person_scope(person) -> Scope:
    unit = person.unit
    return Scope(province=unit.province_id, blocks=unit.block_ids(), unit=unit.pk)


class SubjectMixin(models.Model):
    """A person or a unit (exactly one)."""

    person = models.ForeignKey(
        "organizations.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )

    class Meta:
        abstract = True

    @property
    def subject(self):
        return self.person if self.person_id else self.unit

    @property
    def subject_name(self) -> str:
        return str(self.subject)

    def scope(self) -> Scope:
        if self.person_id:
            return person_scope(self.person)
        return self.unit.scope()


class Rating(SubjectMixin):
    """Xếp loại mức độ hoàn thành nhiệm vụ of a person or a unit for a year."""

    class Level(models.TextChoices):
        HTXS = rules.HTXS, _("Excellently completed (HTXSNV)")
        HTT = rules.HTT, _("Well completed (HTTNV)")
        HT = rules.HT, _("Completed (HTNV)")
        KHT = rules.KHT, _("Not completed (KHTNV)")

    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("rating"), max_length=4, choices=Level.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-year", "id"]
        constraints = [
            _one_subject("awards_rating"),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="awards_rating_once_person",
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="awards_rating_once_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} · {self.year} · {self.level}"


class Discipline(SubjectMixin):
    """A discipline (kỷ luật) or an open review, investigation, inspection or
    complaint (rule 18): open on a day between ``start`` and ``end``."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Discipline")
        REVIEW = "review", _("Disciplinary review")
        INVESTIGATION = "investigation", _("Investigation")
        INSPECTION = "inspection", _("Inspection or audit with signs of violation")
        COMPLAINT = "complaint", _("Complaint or denunciation being settled")

    class Level(models.TextChoices):
        KHIEN_TRACH = "khien_trach", _("Reprimand (khiển trách)")
        CANH_CAO = "canh_cao", _("Warning (cảnh cáo)")
        HA_BAC_LUONG = "ha_bac_luong", _("Salary downgrade (hạ bậc lương)")
        CACH_CHUC = "cach_chuc", _("Dismissal from post (cách chức)")
        BUOC_THOI_VIEC = "buoc_thoi_viec", _("Forced termination (buộc thôi việc)")

    kind = models.CharField(
        _("kind"), max_length=14, choices=Kind.choices, default=Kind.DISCIPLINE
    )
    level = models.CharField(
        _("level"), max_length=14, choices=Level.choices, blank=True
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")
        ordering = ["-start", "id"]
        constraints = [
            _one_subject("awards_discipline"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="awards_discipline_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} · {self.kind} · {self.start}"


class Leave(models.Model):
    """Maternity leave (rule 19)."""

    class Kind(models.TextChoices):
        MATERNITY = rules.MATERNITY, _("Maternity leave")

    person = models.ForeignKey(
        "organizations.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.MATERNITY
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("leave")
        verbose_name_plural = _("leaves")
        ordering = ["-start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")),
                name="awards_leave_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.start}–{self.end}"

    def scope(self) -> Scope:
        return person_scope(self.person)


class StaffSummary(models.Model):
    """A unit's yearly staff summary, read by the collective titles (rules 7, 8)."""

    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    members = models.PositiveIntegerField(_("members"))
    lao_dong_tien_tien = models.PositiveIntegerField(_("advanced workers (LĐTT)"))
    chien_si_thi_dua_co_so = models.PositiveIntegerField(
        _("grassroots emulation fighters (CSTĐCS)")
    )
    completed_tasks = models.PositiveIntegerField(
        _("members who completed their tasks")
    )
    disciplined_canh_cao_or_above = models.PositiveIntegerField(
        _("members disciplined with a warning or more")
    )
    women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staff summary")
        verbose_name_plural = _("staff summaries")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"], name="awards_staffsummary_once"
            ),
            models.CheckConstraint(
                condition=Q(lao_dong_tien_tien__lte=models.F("members"))
                & Q(chien_si_thi_dua_co_so__lte=models.F("members"))
                & Q(completed_tasks__lte=models.F("members"))
                & Q(disciplined_canh_cao_or_above__lte=models.F("members")),
                name="awards_staffsummary_within_members",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    def scope(self) -> Scope:
        return self.unit.scope()


class Initiative(models.Model):
    """Sáng kiến or đề tài khoa học recognised by a decision, with a scope."""

    class ScopeLevel(models.TextChoices):
        CO_SO = "co_so", _("Grassroots")
        TINH = "tinh", _("Provincial")
        TOAN_QUOC = "toan_quoc", _("National")

    province = models.ForeignKey(
        "organizations.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    title = models.CharField(_("title"), max_length=500)
    authors = models.ManyToManyField(
        "organizations.Person", related_name="initiatives", verbose_name=_("authors")
    )
    scope_level = models.CharField(
        _("scope"), max_length=10, choices=ScopeLevel.choices
    )
    recognized_on = models.DateField(_("recognised on"))
    decision_number = models.CharField(_("decision number"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-recognized_on", "id"]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> Scope:
        return Scope(province=self.province_id)


class ViolationListing(SubjectMixin):
    """A name on a violation list sent by the police, tax, social insurance or the
    inspectorate before 10/12: blocks any proposal until cleared with a reason."""

    class Source(models.TextChoices):
        POLICE = "police", _("Provincial police")
        TAX = "tax", _("Tax office")
        SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
        INSPECTORATE = "inspectorate", _("Provincial inspectorate")
        AGRICULTURE_ENVIRONMENT = (
            "agriculture_environment",
            _("Department of Agriculture and Environment"),
        )
        HEALTH = "health", _("Department of Health")
        HOME_AFFAIRS = "home_affairs", _("Department of Home Affairs")

    source = models.CharField(_("sent by"), max_length=24, choices=Source.choices)
    listed_on = models.DateField(_("listed on"))
    note = models.CharField(_("what was reported"), max_length=500, blank=True)
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)
    cleared_reason = models.CharField(
        _("reason for clearing"), max_length=500, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("violation listing")
        verbose_name_plural = _("violation listings")
        ordering = ["-listed_on", "id"]
        constraints = [
            _one_subject("awards_listing"),
            models.CheckConstraint(
                condition=Q(cleared_on__isnull=True) | ~Q(cleared_reason=""),
                name="awards_listing_cleared_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} · {self.source} · {self.listed_on}"


class Proposal(SubjectMixin):
    """Đề nghị khen thưởng: an award for a person or a unit, its basis (a block year,
    a ballot round, initiatives), its dossier and its status."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("proposal status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("proposal status", "Submitted")
        RETURNED = "returned", pgettext_lazy("proposal status", "Returned")
        ACCEPTED = "accepted", pgettext_lazy("proposal status", "Accepted")
        DECIDED = "decided", pgettext_lazy("proposal status", "Decided")

    province = models.ForeignKey(
        "organizations.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    award = models.CharField(_("award"), max_length=30)
    year = models.PositiveSmallIntegerField(_("year"))
    block_year = models.ForeignKey(
        "organizations.BlockYear",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("block year"),
    )
    ballot_round = models.ForeignKey(
        "voting.BallotRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ballot round"),
    )
    initiatives = models.ManyToManyField(
        Initiative, blank=True, related_name="proposals", verbose_name=_("initiatives")
    )
    summary = models.TextField(_("summary of achievements"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reason = models.TextField(_("reason for returning"), blank=True)
    # The last eligibility answer, kept for lists (recomputed on every change).
    eligible = models.BooleanField(_("eligible"), null=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Public disclosure before the council meets (Law art. 84(5)).
    disclosed_from = models.DateField(_("published from"), null=True, blank=True)
    disclosed_until = models.DateField(_("published until"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-year", "-id"]
        constraints = [
            _one_subject("awards_proposal"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(reason=""),
                name="awards_proposal_return_has_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["province", "year", "status"], name="awards_prop_prov_year"
            ),
            models.Index(
                fields=["block_year", "award"], name="awards_prop_block_award"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} · {self.award} · {self.year}"

    @property
    def award_name(self) -> str:
        return award_label(self.award)

    def scope(self) -> Scope:
        if self.block_year_id:
            base = super().scope()
            return Scope(
                province=base.province,
                blocks=base.blocks | {self.block_year.block_id},
                unit=base.unit,
            )
        return super().scope()


class ProposalDocument(models.Model):
    """A file of a proposal's dossier (tờ trình, biên bản, báo cáo thành tích…)."""

    class Kind(models.TextChoices):
        TO_TRINH = "to_trinh", _("Cover letter (tờ trình)")
        BAO_CAO = "bao_cao_thanh_tich", _("Achievement report (báo cáo thành tích)")
        BIEN_BAN = "bien_ban", _("Minutes of the review meeting (biên bản)")
        XAC_NHAN = "xac_nhan", _("Certification of initiatives or results")
        BIEN_BAN_TINH = "bien_ban_hoi_dong_tinh", _("Minutes of the provincial council")
        KHAC = "khac", _("Other")

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="proposals/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        ordering = ["proposal", "kind", "id"]

    def __str__(self) -> str:
        return self.original_name

    def scope(self) -> Scope:
        return self.proposal.scope()


class CouncilVote(models.Model):
    """The provincial council's vote on a proposal (rules 11–12)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="council_votes"
    )
    members = models.PositiveIntegerField(_("council members"))
    present = models.PositiveIntegerField(_("members present"))
    yes = models.PositiveIntegerField(_("votes in favour"))
    written_opinions = models.PositiveIntegerField(_("written opinions"), default=0)
    needed = models.PositiveIntegerField(_("votes needed"))
    passed = models.BooleanField(_("passed"))
    legal_basis = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council vote")
        verbose_name_plural = _("council votes")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.yes}/{self.members}"


class Decision(models.Model):
    """Quyết định khen thưởng: one decision for one or many proposals."""

    province = models.ForeignKey(
        "organizations.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )
    number = models.CharField(_("number"), max_length=60)
    date = models.DateField(_("date"))
    signer = models.CharField(_("signed by"), max_length=200)
    authority = models.CharField(_("authority"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.number} ({self.date})"

    def scope(self) -> Scope:
        return Scope(province=self.province_id)


class AwardRecord(SubjectMixin):
    """An award held: from a decision recorded here, or imported history.

    ``province`` is the province of the subject when the award was recorded (its
    unit's, or the person's unit's): the province's lists filter on it directly
    instead of joining through people and units (benchmarks/EXPLAIN.md).
    """

    province = models.ForeignKey(
        "organizations.Province",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("province"),
    )

    class Kind(models.TextChoices):
        REGULAR = rules.REGULAR, _("Regular (thường xuyên)")
        CHUYEN_DE = "chuyen_de", _("Thematic (chuyên đề)")
        DOT = "dot", _("Campaign (theo đợt)")
        DOT_XUAT = "dot_xuat", _("Sudden (đột xuất)")

    award = models.CharField(_("award"), max_length=30)
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.REGULAR
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    proposal = models.OneToOneField(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_record",
    )
    coefficient = models.DecimalField(
        _("coefficient"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    base_salary = models.PositiveIntegerField(_("base salary"), null=True, blank=True)
    cash_amount = models.PositiveBigIntegerField(
        _("cash amount"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "-decision_date", "-id"]
        constraints = [_one_subject("awards_record")]
        indexes = [
            models.Index(fields=["person", "year"], name="awards_record_person_year"),
            models.Index(fields=["unit", "year"], name="awards_record_unit_year"),
            # The province's list (a year's awards, by award, newest decision
            # first) walks this index and stops at the page: no sort of the whole
            # year (benchmarks/EXPLAIN.md).
            models.Index(
                fields=["-year", "award", "-decision_date", "-id"],
                name="awards_record_list_idx",
            ),
            # The same, within a province (a Board's list in a national database).
            models.Index(
                fields=["province", "-year", "award", "-decision_date", "-id"],
                name="awards_record_prov_list_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} · {self.award} · {self.year}"

    def save(self, *args, **kwargs):
        if self.province_id is None:
            self.province_id = (
                self.person.unit.province_id
                if self.person_id
                else self.unit.province_id
            )
        super().save(*args, **kwargs)

    @property
    def award_name(self) -> str:
        return award_label(self.award)


class DisclosureComment(models.Model):
    """A comment received while a proposal was published (Law art. 84(5))."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments"
    )
    author_name = models.CharField(_("your name"), max_length=120)
    contact = models.CharField(_("how to reach you"), max_length=200, blank=True)
    body = models.TextField(_("comment"), max_length=4000)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.author_name}"


class CalendarDay(models.Model):
    """A public holiday, or a weekend day the government swapped into a working
    day, for the SLA counters in working days (rules/dossiers.WorkCalendar)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday (day off)")
        WORKING = "working", _("Swapped working day")

    day = models.DateField(_("day"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} · {self.kind}"


AWARD_CHOICES = [(slug, AWARD_LABELS[slug]) for slug in rules.AWARDS]
