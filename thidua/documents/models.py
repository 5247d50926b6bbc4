"""Official documents of a block year: the numbering sequences and the register of
issued documents (văn bản đã ban hành). Decree 30/2020/NĐ-CP art. 15: numbers run
per issuing body and year, from 01 on 1 January."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

KIND_CHOICES = [
    ("ranking", _("Ranking table")),
    ("minutes", _("Minutes of the review meeting")),
    ("ballot_count", _("Ballot-count minutes")),
    ("cover_letter", _("Cover letter proposing awards")),
    ("annual_report", _("Annual report")),
]


class DocumentSequence(models.Model):
    """Sổ đăng ký văn bản đi: the last number a body gave in a year."""

    # "block:<id>": the issuing body (an emulation block or cluster).
    body = models.CharField(_("issuing body"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document sequence")
        verbose_name_plural = _("document sequences")
        constraints = [
            # Decree 30 art. 15: one sequence per issuing body and calendar year.
            models.UniqueConstraint(
                fields=["body", "year"], name="documents_sequence_one_per_body_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.year}: {self.last}"


class IssuedDocument(models.Model):
    """A document given its number and symbol by a clerk (ban hành)."""

    block_year = models.ForeignKey(
        "organizations.BlockYear",
        on_delete=models.PROTECT,
        related_name="issued_documents",
        verbose_name=_("block year"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=KIND_CHOICES)
    period = models.CharField(_("period"), max_length=4, default="year")
    body = models.CharField(_("issuing body"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=40)
    issued_on = models.DateField(_("date of the document"))
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-id"]
        constraints = [
            # A number is given once in a body's sequence of a year.
            models.UniqueConstraint(
                fields=["body", "year", "number"],
                name="documents_issued_number_once",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="documents_issued_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number:02d}/{self.symbol}"

    @property
    def number_text(self) -> str:
        return f"{self.number:02d}/{self.symbol}"


class DocumentJob(models.Model):
    """A document built in the background (the block year's ZIP dossier), with its
    progress for the page to show. A worker killed mid-job leaves it ``running``:
    ``manage.py recover_stale_jobs`` puts such jobs back in the queue."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("document job", "Queued")
        RUNNING = "running", pgettext_lazy("document job", "Being built")
        DONE = "done", pgettext_lazy("document job", "Ready")
        FAILED = "failed", pgettext_lazy("document job", "Failed")

    class Kind(models.TextChoices):
        DOSSIER = "dossier", _("Dossier of the block year (ZIP)")

    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.DOSSIER
    )
    block_year = models.ForeignKey(
        "organizations.BlockYear",
        on_delete=models.PROTECT,
        related_name="document_jobs",
        verbose_name=_("block year"),
    )
    period = models.CharField(_("period"), max_length=4, default="year")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    file = models.FileField(_("file"), upload_to="documents/jobs/%Y/", blank=True)
    # The ZIP holds what the requester may read (their unit's files only, for a
    # unit's people): it is theirs alone to download.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    error = models.CharField(_("error"), max_length=60, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Written with every progress step: a running job whose heartbeat is old was
    # killed (recover_stale_jobs).
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="documents_job_progress_is_a_percentage",
            ),
        ]
        indexes = [
            # recover_stale_jobs: unfinished jobs by age.
            models.Index(fields=["status", "heartbeat_at"], name="documents_job_stale")
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.block_year_id} · {self.status} {self.progress}%"
