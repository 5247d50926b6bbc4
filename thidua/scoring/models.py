from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.cycles.models import POINTS
from thidua.rules.permissions import Scope


class Period(models.TextChoices):
    MID = "mid", _("6-month review (sơ kết)")
    YEAR = "year", _("Annual review (tổng kết)")


class Stage(models.TextChoices):
    SELF = "self", _("Self-score")
    REVIEW = "review", _("Cross-score")
    FINAL = "final", _("Final score")


class ScoreSheet(models.Model):
    """Phiếu chấm điểm: one unit's scores for one period at one stage."""

    block_year = models.ForeignKey(
        "organizations.BlockYear", on_delete=models.CASCADE, related_name="score_sheets"
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    stage = models.CharField(_("stage"), max_length=6, choices=Stage.choices)
    bonus = models.DecimalField(_("bonus"), default=Decimal(0), **POINTS)
    # For a cross-score: the unit whose officer reviewed (never the unit itself).
    reviewer_unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "unit", "period", "stage"],
                name="scoring_sheet_one_per_stage",
            ),
            # "A unit never reviews or scores itself" (issue 3).
            models.CheckConstraint(
                condition=~models.Q(reviewer_unit=models.F("unit")),
                name="scoring_sheet_no_self_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · {self.stage}"

    def scope(self) -> Scope:
        by = self.block_year
        return Scope(
            province=by.block.province_id,
            blocks=frozenset({by.block_id}),
            unit=self.unit_id,
        )


class ScoreEntry(models.Model):
    """Điểm of one criterion on a sheet, with the reason for a change and a note."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="entries"
    )
    criterion = models.ForeignKey(
        "cycles.Criterion", on_delete=models.CASCADE, related_name="+"
    )
    points = models.DecimalField(_("points"), **POINTS)
    reason = models.TextField(_("reason for the change"), blank=True)
    note = models.TextField(_("note"), blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"], name="scoring_entry_one_per_criterion"
            ),
            # Rule 25: a score is never negative (the maximum is checked by the rules).
            models.CheckConstraint(
                condition=models.Q(points__gte=0), name="scoring_entry_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} · {self.criterion_id}: {self.points}"


def evidence_path(instance, filename):
    return f"evidence/{instance.sheet.block_year_id}/{instance.sheet_id}/{filename}"


class Evidence(models.Model):
    """A file backing a self-score (minh chứng)."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="evidence"
    )
    criterion = models.ForeignKey(
        "cycles.Criterion", on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to=evidence_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class Publication(models.Model):
    """Công bố: a published ranking locks the period's final scores."""

    block_year = models.ForeignKey(
        "organizations.BlockYear", on_delete=models.CASCADE, related_name="publications"
    )
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["block_year", "period"],
                name="scoring_publication_once_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.block_year} · {self.period}"


class PublishedRank(models.Model):
    """The ranking as published: it no longer moves when time passes."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="ranks"
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    base = models.DecimalField(null=True, **POINTS)
    bonus = models.DecimalField(null=True, **POINTS)
    deductions = models.DecimalField(null=True, **POINTS)
    total = models.DecimalField(null=True, **POINTS)
    rank = models.PositiveSmallIntegerField(null=True)
    tied = models.BooleanField(default=False)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.rank} · {self.unit_id}"
