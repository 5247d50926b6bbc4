from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.rules.permissions import Scope

POINTS = {"max_digits": 7, "decimal_places": 2}


class Covenant(models.Model):
    """Giao ước thi đua of a block year: numbered contents and the scoring table."""

    block_year = models.OneToOneField(
        "organizations.BlockYear", on_delete=models.CASCADE, related_name="covenant"
    )
    bonus_max = models.DecimalField(_("bonus ceiling"), default=Decimal(0), **POINTS)
    late_deduction = models.DecimalField(
        _("deduction per late document"), default=Decimal(0), **POINTS
    )
    # ⚙ flag criteria whose self and review scores differ by more than this.
    review_margin = models.DecimalField(
        _("allowed gap between self and review scores"), default=Decimal(2), **POINTS
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("covenant")
        verbose_name_plural = _("covenants")

    def __str__(self) -> str:
        return str(self.block_year)

    def scope(self) -> Scope:
        return self.block_year.scope()


class CovenantContent(models.Model):
    """One numbered content (nội dung) of the covenant."""

    covenant = models.ForeignKey(
        Covenant, on_delete=models.CASCADE, related_name="contents"
    )
    position = models.PositiveSmallIntegerField()
    text = models.TextField(_("content"))

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "position"], name="cycles_content_one_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:40]}"


class Criterion(models.Model):
    """Tiêu chí chấm điểm: a criterion of the scoring table, in a group."""

    covenant = models.ForeignKey(
        Covenant, on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField()
    code = models.CharField(_("code"), max_length=20)
    group = models.CharField(_("group"), max_length=255, blank=True)
    title = models.CharField(_("criterion"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), **POINTS)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "code"], name="cycles_criterion_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Signature(models.Model):
    """A member unit's acknowledgement (ký kết) of the covenant."""

    covenant = models.ForeignKey(
        Covenant, on_delete=models.CASCADE, related_name="signatures"
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["covenant", "unit"], name="cycles_signature_once_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.covenant}"


class Requirement(models.Model):
    """A document every member unit must send by a due date."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Emulation plan")
        REGISTRATION = "registration", _("Emulation registration")
        REPORT_MID = "report_mid", _("6-month report")
        REPORT_YEAR = "report_year", _("Annual report")
        OTHER = "other", _("Other document")

    block_year = models.ForeignKey(
        "organizations.BlockYear", on_delete=models.CASCADE, related_name="requirements"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    due_date = models.DateField(_("due date"))

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.title

    def scope(self) -> Scope:
        return self.block_year.scope()


def submission_path(instance, filename):
    return f"submissions/{instance.requirement.block_year_id}/{instance.requirement_id}/{filename}"


class Submission(models.Model):
    """A document a unit sent for a requirement; lateness is computed from dates."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="submissions"
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=submission_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(
                fields=["requirement", "unit"], name="cycles_submission_req_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.requirement}"

    def scope(self) -> Scope:
        by = self.requirement.block_year
        return Scope(
            province=by.block.province_id,
            blocks=frozenset({by.block_id}),
            unit=self.unit_id,
        )


class Waiver(models.Model):
    """Miễn trừ: a late-document deduction cancelled with a reason (rule 26)."""

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="waivers"
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["requirement", "unit"], name="cycles_waiver_once_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.requirement}"


class Reminder(models.Model):
    """An e-mail reminder about a required document that a member unit has not sent:
    ``before`` its due date, or ``after`` it was missed. Recorded so that the
    scheduled command sends each one once (``send_reminders``)."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the due date")
        AFTER = "after", _("After the due date")

    requirement = models.ForeignKey(
        Requirement, on_delete=models.CASCADE, related_name="reminders"
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            # Idempotent reminders: running the command twice, the same day or later,
            # sends each kind of reminder once per unit and document.
            models.UniqueConstraint(
                fields=["requirement", "unit", "kind"],
                name="cycles_reminder_once_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.requirement} · {self.kind}"
