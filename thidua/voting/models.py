"""Review conferences and secret ballots (domain.md §6.7; issue 4).

Ballot secrecy by construction (house-style.md): who was given a slip
(:class:`BallotIssue`) and what a slip marked (:class:`Ballot`) live in separate
tables that share no column, no key and no transaction. A slip's code is stored only
as a hash in :class:`BallotToken`, with no voter; a ballot carries no token, no time
and no voter, under a random key.
"""

import uuid
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.rules import ballots as ballot_rules
from thidua.rules.permissions import Scope


class Conference(models.Model):
    """Hội nghị sơ kết / tổng kết of a block's year: date, host, attendees, agenda."""

    class Kind(models.TextChoices):
        SO_KET = "so_ket", _("6-month review conference (sơ kết)")
        TONG_KET = "tong_ket", _("Annual review conference (tổng kết)")

    block_year = models.ForeignKey(
        "organizations.BlockYear",
        on_delete=models.PROTECT,
        related_name="conferences",
        verbose_name=_("block year"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    date = models.DateField(_("date"))
    host_unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("host unit"),
    )
    agenda = models.TextField(_("agenda"), blank=True)
    # What the minutes of the meeting record (biên bản họp bình xét, suy tôn); all
    # optional: a minutes document shows dotted blanks for what is not entered.
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    chair = models.CharField(_("chair"), max_length=255, blank=True)
    secretary = models.CharField(
        pgettext_lazy("minutes", "secretary"), max_length=255, blank=True
    )
    next_head_unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head unit next year"),
    )
    next_host_unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host unit next year"),
    )
    attendees = models.ManyToManyField(
        "organizations.Person",
        through="Attendance",
        related_name="+",
        verbose_name=_("attendees"),
    )
    # The province's quorum (⚙ conference_quorum) when the conference was recorded:
    # a later change of the setting does not rewrite past minutes.
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (per cent)"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-date", "-id"]
        constraints = [
            # ⚙ conference_quorum is a percentage of the member units.
            models.CheckConstraint(
                condition=Q(quorum_percent__lte=100),
                name="voting_conference_quorum_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date:%d/%m/%Y}"

    def scope(self) -> Scope:
        by = self.block_year
        return Scope(province=by.block.province_id, blocks=frozenset({by.block_id}))


class Attendance(models.Model):
    """Đại biểu dự hội nghị: a person present, with their unit on the day."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "organizations.Person", on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the person when recorded: the quorum counts units present that day,
    # whatever the person's unit later becomes.
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            # A person attends a conference once (the quorum counts units anyway).
            models.UniqueConstraint(
                fields=["conference", "person"],
                name="voting_attendance_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conference_id} · {self.person_id}"


class BallotRound(models.Model):
    """Vòng bỏ phiếu bình xét, suy tôn: one award, its seats, candidates, threshold."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("ballot round", "Draft")
        OPEN = "open", pgettext_lazy("ballot round", "Open for voting")
        CLOSED = "closed", pgettext_lazy("ballot round", "Closed")

    class Mode(models.TextChoices):
        ELECTRONIC = ballot_rules.ELECTRONIC, _("Electronic ballots")
        PAPER = ballot_rules.PAPER, _("Paper ballots")

    class Base(models.TextChoices):
        MEMBERS = ballot_rules.MEMBERS, _("Member units")
        VOTES_CAST = ballot_rules.VOTES_CAST, _("Valid ballots cast")

    class Rule(models.TextChoices):
        AT_LEAST = ballot_rules.AT_LEAST, _("At least the threshold")
        MORE_THAN = ballot_rules.MORE_THAN, _("More than the threshold")

    class VotesPer(models.TextChoices):
        UNIT = ballot_rules.PER_UNIT, _("One vote per member unit")
        ATTENDEE = ballot_rules.PER_ATTENDEE, _("One vote per attendee")

    class CountStatus(models.TextChoices):
        NONE = "", _("No count entered")
        AWAITING = "awaiting_confirmation", _("Awaiting a second entry")
        ACCEPTED = "accepted", _("Accepted")
        MISMATCH = "mismatch", _("The two entries differ")

    conference = models.ForeignKey(
        Conference, on_delete=models.PROTECT, related_name="rounds"
    )
    award = models.CharField(_("award"), max_length=40)
    seats = models.PositiveSmallIntegerField(_("seats"))
    threshold_numerator = models.PositiveIntegerField()
    threshold_denominator = models.PositiveIntegerField()
    threshold_base = models.CharField(
        _("threshold base"), max_length=10, choices=Base.choices
    )
    threshold_rule = models.CharField(
        _("threshold rule"), max_length=10, choices=Rule.choices
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.DRAFT
    )
    # Paper rounds only: where the counting board's double entry stands.
    count_status = models.CharField(
        _("count"),
        max_length=21,
        choices=CountStatus.choices,
        default=CountStatus.NONE,
        blank=True,
    )
    # ⚙ votes_per when the round was created, and the electorate it gives: member
    # units (one vote each) or attendees of member units. The ``members`` base.
    votes_per = models.CharField(max_length=8, choices=VotesPer.choices)
    electorate = models.PositiveIntegerField(_("voters"))
    runoff_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="runoffs",
        verbose_name=_("run-off of"),
    )
    candidates = models.ManyToManyField(
        "organizations.Unit", through="Candidacy", related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ballot round")
        verbose_name_plural = _("ballot rounds")
        ordering = ["conference", "id"]
        constraints = [
            # api.md: a round votes for one seat at least.
            models.CheckConstraint(
                condition=Q(seats__gte=1), name="voting_round_seats_positive"
            ),
            # api.md: the threshold is a fraction in (0, 1].
            models.CheckConstraint(
                condition=Q(threshold_numerator__gte=1)
                & Q(threshold_numerator__lte=F("threshold_denominator")),
                name="voting_round_threshold_in_range",
            ),
            # Rule 13: a round has at most one run-off (the chain counts the rounds).
            models.UniqueConstraint(
                fields=["runoff_of"],
                condition=Q(runoff_of__isnull=False),
                name="voting_round_one_runoff",
            ),
            # api.md: paper rounds need no ``open``; they never are.
            models.CheckConstraint(
                condition=~Q(mode="paper", status="open"),
                name="voting_round_paper_never_open",
            ),
            # A paper round closes only on an accepted count; electronic rounds
            # have no count.
            models.CheckConstraint(
                condition=Q(mode="electronic", count_status="")
                | Q(mode="paper", status="draft")
                | Q(mode="paper", status="closed", count_status="accepted"),
                name="voting_round_paper_closes_on_accepted_count",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} · {self.conference}"

    @property
    def threshold(self) -> Fraction:
        return Fraction(self.threshold_numerator, self.threshold_denominator)

    def scope(self) -> Scope:
        return self.conference.scope()


class Candidacy(models.Model):
    """A candidate unit of a round, in the order the ballot lists it."""

    round = models.ForeignKey(
        BallotRound, on_delete=models.CASCADE, related_name="candidacies"
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["round", "position"]
        constraints = [
            # A unit stands once in a round, at one place on the ballot.
            models.UniqueConstraint(
                fields=["round", "unit"], name="voting_candidacy_once_per_unit"
            ),
            models.UniqueConstraint(
                fields=["round", "position"], name="voting_candidacy_one_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.position}. {self.unit_id}"


class BallotIssue(models.Model):
    """Who was given a slip: eligibility only. Written when the round opens, never
    touched when a ballot is cast (so no transaction writes it with a ballot)."""

    round = models.ForeignKey(
        BallotRound, on_delete=models.CASCADE, related_name="issues"
    )
    voter = models.ForeignKey(
        "organizations.Person", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            # Quy chế: one slip per voter and round.
            models.UniqueConstraint(
                fields=["round", "voter"], name="voting_issue_one_per_voter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.voter_id}"


class BallotToken(models.Model):
    """A slip's one-time code, stored only as its SHA-256 hash, with no voter. The
    random key keeps no order of creation; ``used`` is set once, by compare-and-swap,
    in the transaction that stores the ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        BallotRound, on_delete=models.CASCADE, related_name="tokens"
    )
    token_hash = models.CharField(max_length=64)
    used = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # A slip code names one slip of one round.
            models.UniqueConstraint(
                fields=["round", "token_hash"], name="voting_token_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {'used' if self.used else 'unused'}"


class Ballot(models.Model):
    """Lá phiếu: the candidates one slip marked — no voter, no token, no time.

    ``choices`` is a JSON list of unit ids in ascending order (the order of marking
    is dropped), inside the ballot's own row. A child table of choices was the other
    option; its rows would carry an auto-increment key that records the order in
    which marks arrived across ballots, and a JSON list in one row stores nothing
    beyond what the slip says. The key is random: no order of casting survives in it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(
        BallotRound, on_delete=models.CASCADE, related_name="ballots"
    )
    choices = models.JSONField(default=list)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.id)


class PaperCount(models.Model):
    """One entry of a paper round's count by a member of the counting board (ban kiểm
    phiếu). Every entry is kept: the first, its confirmation, a mismatch and what
    follows."""

    round = models.ForeignKey(
        BallotRound, on_delete=models.CASCADE, related_name="paper_counts"
    )
    seq = models.PositiveSmallIntegerField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    ballots_cast = models.PositiveIntegerField(_("ballots cast"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    # {unit id: votes}, every candidate present.
    counts = models.JSONField(default=dict)
    # Where the count stood after this entry (BallotRound.CountStatus).
    outcome = models.CharField(max_length=21, choices=BallotRound.CountStatus.choices)

    class Meta:
        ordering = ["round", "seq"]
        constraints = [
            # Entries are numbered in the order they were made; two members
            # entering at once cannot both be "the first".
            models.UniqueConstraint(
                fields=["round", "seq"], name="voting_papercount_seq_once"
            ),
            # Invalid ballots are among the ballots cast.
            models.CheckConstraint(
                condition=Q(invalid__lte=F("ballots_cast")),
                name="voting_papercount_invalid_within_cast",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.seq}"


class RoundResult(models.Model):
    """Kết quả: the tally and who passed, stored when the round closes."""

    round = models.OneToOneField(
        BallotRound, on_delete=models.CASCADE, related_name="result"
    )
    ballots_cast = models.PositiveIntegerField()
    invalid = models.PositiveIntegerField()
    base = models.PositiveIntegerField()
    needed = models.PositiveIntegerField()
    tie = models.BooleanField(default=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Invalid ballots are among the ballots cast.
            models.CheckConstraint(
                condition=Q(invalid__lte=F("ballots_cast")),
                name="voting_result_invalid_within_cast",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}"


class ResultLine(models.Model):
    """One candidate's votes in a closed round, and whether it was elected."""

    result = models.ForeignKey(
        RoundResult, on_delete=models.CASCADE, related_name="lines"
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    votes = models.PositiveIntegerField()
    elected = models.BooleanField(default=False)

    class Meta:
        ordering = ["result", "position"]
        constraints = [
            # One line per candidate of the round.
            models.UniqueConstraint(
                fields=["result", "unit"], name="voting_resultline_once_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result_id} · {self.unit_id}: {self.votes}"


class RoundDecision(models.Model):
    """Rule 13: after the last allowed round leaves seats open, the head and deputy
    units decide; the decision is the outcome, with its reason."""

    round = models.OneToOneField(
        BallotRound, on_delete=models.PROTECT, related_name="decision"
    )
    units = models.ManyToManyField(
        "organizations.Unit", related_name="+", blank=True, verbose_name=_("units")
    )
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Rule 13: the decision is recorded with its reason.
            models.CheckConstraint(
                condition=~Q(reason=""), name="voting_decision_has_a_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}"
