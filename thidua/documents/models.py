"""Official documents of a block year: the numbering sequences and the register of
issued documents (văn bản đã ban hành). Decree 30/2020/NĐ-CP art. 15: numbers run
per issuing body and year, from 01 on 1 January."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
