"""Writes of the documents app: issuing a document gives it the next number of its
body's yearly sequence (Decree 30/2020 art. 15). Previews and downloads never call
this module, so they never consume a number."""

from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core import audit
from thidua.core.access import require
from thidua.core.errors import DomainError, register
from thidua.documents import render, selectors
from thidua.documents.models import DocumentSequence, IssuedDocument
from thidua.organizations.models import BlockYear
from thidua.rules import RuleViolation, numbering

audit.register({"documents.document.issued": _("Document issued with its number")})
register(
    {
        "DOCUMENT_SEQUENCE_EXHAUSTED": _(
            "The numbering sequence of this body is used up for the year."
        ),
    }
)

_ATTEMPTS = 5


def _take_number(body: str, year: int) -> int:
    """The next number of the body's sequence for ``year``, by compare-and-swap: two
    clerks issuing at once never get the same number (the loser reads again)."""
    sequence, _created = DocumentSequence.objects.get_or_create(body=body, year=year)
    for _attempt in range(_ATTEMPTS):
        # On PostgreSQL this row lock makes the swap below succeed first time; on
        # SQLite (IMMEDIATE transactions) the write lock is already held.
        current = (
            DocumentSequence.objects.select_for_update()
            .filter(pk=sequence.pk)
            .values_list("last", flat=True)
            .get()
        )
        try:
            number = numbering.next_document_number(current)
        except RuleViolation as exc:
            raise DomainError.from_violation(exc) from exc
        swapped = DocumentSequence.objects.filter(pk=sequence.pk, last=current).update(
            last=number
        )
        if swapped == 1:
            return number
    raise DomainError("CONFLICT")


@transaction.atomic
def issue_document(
    *, actor: Any, block_year: BlockYear, kind: str, period: str = "year"
) -> IssuedDocument:
    """Issue (ban hành) the document ``kind`` of the block year: number it, keep a
    DOCX snapshot of it as issued, audit it. The block's secretariat and the
    province's office only (those who publish the ranking)."""
    require(actor, "ranking.publish", block_year)
    selectors.check_kind(kind)
    period = selectors.check_period(period)
    today = timezone.localdate()
    body = selectors.body_key(block_year)
    number = _take_number(body, today.year)
    doc = selectors.build_document(block_year, kind, period, day=today, number=number)
    issued = IssuedDocument.objects.create(
        block_year=block_year,
        kind=kind,
        period=period,
        body=body,
        year=today.year,
        number=number,
        symbol=selectors.symbol_of(block_year, kind),
        issued_on=today,
        issued_by=actor,
    )
    issued.file.save(
        f"{kind}-{block_year.pk}-{number:02d}.docx",
        ContentFile(render.render_docx(doc)),
        save=False,
    )
    issued.save(update_fields=["file"])
    audit.record(
        actor=actor,
        verb="documents.document.issued",
        target=issued,
        province_id=block_year.block.province_id,
        after={"kind": kind, "period": period, "number": issued.number_text},
    )
    return issued
