"""Emulation movements, registrations, progress reports, advanced models and in-app
notifications (domain.md §3.3, §4, §6.4; issue 7)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.rules import movements as rules
from thidua.rules.permissions import Scope

AWARD_LABELS = {
    "lao_dong_tien_tien": _("Advanced worker (Lao động tiên tiến)"),
    "chien_si_thi_dua_co_so": _("Grassroots emulation fighter (CSTĐ cơ sở)"),
    "chien_si_thi_dua_tinh": _("Provincial emulation fighter (CSTĐ cấp tỉnh)"),
    "chien_si_thi_dua_toan_quoc": _("National emulation fighter (CSTĐ toàn quốc)"),
    "tap_the_lao_dong_tien_tien": _("Advanced labour collective (TTLĐTT)"),
    "tap_the_lao_dong_xuat_sac": _("Excellent labour collective (TTLĐXS)"),
    "co_thi_dua_tinh": _("Provincial emulation flag"),
    "co_thi_dua_chinh_phu": _("Government emulation flag"),
    "giay_khen": _("Certificate of commendation (Giấy khen)"),
    "bang_khen_tinh": _("Provincial certificate of merit (Bằng khen tỉnh)"),
    "bang_khen_thu_tuong": _("Prime Minister's certificate of merit"),
}
assert set(AWARD_LABELS) == set(rules.AWARDS)  # noqa: S101


def award_label(slug: str) -> str:
    return str(AWARD_LABELS.get(slug, slug))


def unit_scope(unit, years) -> Scope:
    """A unit's work of some years: its province, its blocks then, the unit."""
    from thidua.organizations.models import Membership

    blocks = frozenset(
        Membership.objects.filter(unit_id=unit.pk, year__in=list(years)).values_list(
            "block_year__block_id", flat=True
        )
    )
    return Scope(province=unit.province_id, blocks=blocks, unit=unit.pk)


class Movement(models.Model):
    """Phong trào thi đua launched by the province (domain.md §3.3)."""

    class Kind(models.TextChoices):
        REGULAR = rules.REGULAR, _("Regular (thường xuyên)")
        THEMATIC = rules.THEMATIC, _("Thematic (chuyên đề)")
        CAMPAIGN = rules.CAMPAIGN, _("Campaign (đợt)")

    province = models.ForeignKey(
        "organizations.Province",
        on_delete=models.PROTECT,
        related_name="movements",
        verbose_name=_("province"),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    issuing_authority = models.CharField(_("issuing authority"), max_length=255)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    document_file = models.FileField(
        _("document"), upload_to="movements/documents/", max_length=300, blank=True
    )
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    theme = models.CharField(_("theme"), max_length=500, blank=True)
    targets = models.TextField(_("targets"), blank=True)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    blocks = models.ManyToManyField(
        "organizations.Block",
        blank=True,
        related_name="movements",
        verbose_name=_("blocks"),
    )
    units = models.ManyToManyField(
        "organizations.Unit",
        blank=True,
        related_name="movements",
        verbose_name=_("units"),
    )
    # Award slugs (api.md vocabulary) the movement may lead to; rules.check_movement.
    awards = models.JSONField(_("awards"), default=list, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    launched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["-start_date", "-id"]
        constraints = [
            # rules.check_period: a movement ends on or after the day it starts.
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="movements_movement_period_forward",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def scope(self) -> Scope:
        return Scope(province=self.province_id)

    def award_labels(self) -> list[str]:
        return [award_label(a) for a in self.awards]


class Registration(models.Model):
    """Đăng ký thi đua: a unit's targets and the titles its people seek, for the
    year's titles (``movement`` empty) or for one movement."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("registration status", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("registration status", "Submitted")
        APPROVED = "approved", pgettext_lazy("registration status", "Approved")
        RETURNED = "returned", pgettext_lazy("registration status", "Returned")

    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    movement = models.ForeignKey(
        Movement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("movement"),
    )
    targets = models.TextField(_("targets"), blank=True)
    unit_title = models.CharField(
        _("collective title sought"), max_length=40, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    reason = models.TextField(_("reason for returning"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-year", "unit__sort_key", "id"]
        constraints = [
            # rules.check_single_registration: once a year for the year's titles…
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(movement__isnull=True),
                name="movements_registration_once_a_year",
            ),
            # …and once per movement and year.
            models.UniqueConstraint(
                fields=["unit", "year", "movement"],
                condition=Q(movement__isnull=False),
                name="movements_registration_once_per_movement",
            ),
            # rules.check_return_reason: a returned registration says why.
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(reason=""),
                name="movements_registration_return_has_reason",
            ),
        ]
        indexes = [
            # The consolidated list and the overview: a province's year by status.
            models.Index(fields=["year", "status"], name="movements_reg_year_status")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"

    def scope(self) -> Scope:
        return unit_scope(self.unit, [self.year])


class RegisteredPerson(models.Model):
    """A person of the unit registering for an individual title."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="people"
    )
    person = models.ForeignKey(
        "organizations.Person",
        on_delete=models.PROTECT,
        related_name="registrations",
        verbose_name=_("person"),
    )
    title = models.CharField(
        pgettext_lazy("emulation title", "title"),
        max_length=40,
        choices=[(t, AWARD_LABELS[t]) for t in rules.INDIVIDUAL_TITLES],
    )
    # Copied from the registration so that the database can hold the rule below.
    year = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["person__sort_key", "id"]
        constraints = [
            # rules.check_people: a person registers for at most one title a year.
            models.UniqueConstraint(
                fields=["person", "year"],
                name="movements_registeredperson_one_title_a_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.title}"


def report_path(instance, filename):
    return f"movements/{instance.movement_id}/reports/{filename}"


class ProgressReport(models.Model):
    """A unit's report on a movement: a short text, figures and a file."""

    movement = models.ForeignKey(
        Movement, on_delete=models.CASCADE, related_name="reports"
    )
    unit = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("report"))
    # Figures by name ("Số mô hình": 3): numbers the unit reports.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    file = models.FileField(
        _("file"), upload_to=report_path, max_length=300, blank=True
    )
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["movement", "unit"], name="movements_report_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.movement}"

    def scope(self) -> Scope:
        movement = self.movement
        return unit_scope(
            self.unit, rules.years_of(movement.start_date, movement.end_date)
        )


class AdvancedModel(models.Model):
    """Điển hình tiên tiến, gương người tốt việc tốt, nhân tố mới: a person or a
    collective whose achievement is worth spreading (domain.md §3.3 (4))."""

    class Kind(models.TextChoices):
        ADVANCED = "dien_hinh_tien_tien", _("Advanced model (điển hình tiên tiến)")
        GOOD_DEED = "nguoi_tot_viec_tot", _("Good person, good deed")
        NEW_FACTOR = "nhan_to_moi", _("New factor (nhân tố mới)")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("model status", "Draft")
        PUBLISHED = "published", pgettext_lazy("model status", "Published")

    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.PROTECT,
        related_name="advanced_models",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(
        _("kind"), max_length=24, choices=Kind.choices, default=Kind.ADVANCED
    )
    person = models.ForeignKey(
        "organizations.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    collective_name = models.CharField(_("collective"), max_length=255, blank=True)
    achievement = models.TextField(_("achievement"))
    movement = models.ForeignKey(
        Movement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="models",
        verbose_name=_("movement"),
    )
    replication = models.TextField(_("how it was replicated"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("advanced model")
        verbose_name_plural = _("advanced models")
        ordering = ["-year", "-id"]
        constraints = [
            # rules.check_model_subject: a person or a collective, not both.
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(collective_name=""))
                | (Q(person__isnull=True) & ~Q(collective_name="")),
                name="movements_model_one_subject",
            )
        ]
        indexes = [
            # The public page: published models, newest first.
            models.Index(fields=["status", "year"], name="movements_model_public")
        ]

    def __str__(self) -> str:
        return self.subject_name

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.collective_name

    def scope(self) -> Scope:
        return unit_scope(self.unit, [self.year])


def model_file_path(instance, filename):
    return f"movements/models/{instance.model_id}/{filename}"


class ModelFile(models.Model):
    """Evidence or a photo of an advanced model."""

    model = models.ForeignKey(
        AdvancedModel, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(upload_to=model_file_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_photo(self) -> bool:
        return self.content_type in ("image/jpeg", "image/png")


class Notification(models.Model):
    """An in-app notification (the bell), written in the site's language when sent."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("text"), max_length=500)
    link = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The bell's COUNT on every page: a user's unread notifications.
            models.Index(fields=["user", "read_at"], name="movements_notif_unread")
        ]

    def __str__(self) -> str:
        return self.text[:60]
