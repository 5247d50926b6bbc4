"""Writes of the documents app: issuing a document gives it the next number of its
body's yearly sequence (Decree 30/2020 art. 15). Previews and downloads never call
this module, so they never consume a number.

The block year's dossier (ZIP) is built by a background job when it is large
(:func:`request_dossier` → ``tasks.build_dossier`` → :func:`run_dossier_job`). The
task queue has no retries and a worker killed mid-job leaves its job ``running``
(design.md §6): the job is claimed by a compare-and-swap on its status, so running
the task twice for a job does nothing the second time, and
:func:`recover_stale_jobs` puts abandoned jobs back in the queue.
"""

import logging
import tempfile
from datetime import timedelta
from typing import Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core import audit
from thidua.core.access import require
from thidua.core.errors import DomainError, register
from thidua.documents import render, selectors
from thidua.documents.models import DocumentJob, DocumentSequence, IssuedDocument
from thidua.organizations.models import BlockYear
from thidua.rules import RuleViolation, numbering
from thidua.scoring import selectors as scoring_selectors

logger = logging.getLogger(__name__)

audit.register(
    {
        "documents.document.issued": _("Document issued with its number"),
        "documents.dossier.requested": _("Dossier (ZIP) requested"),
        "documents.job.recovered": _("Stalled document job put back in the queue"),
        "documents.job.abandoned": _("Stalled document job given up"),
    }
)
register(
    {
        "DOCUMENT_SEQUENCE_EXHAUSTED": _(
            "The numbering sequence of this body is used up for the year."
        ),
        "JOB_NOT_READY": _("The file is not ready yet: try again in a moment."),
        "JOB_FAILED": _("The file could not be built. Ask for it again."),
    },
    {"JOB_NOT_READY": 409, "JOB_FAILED": 409},
)

# A job that has shown no progress for this long is taken as killed; a running job
# writes its heartbeat far more often than that.
STALE_AFTER = timedelta(minutes=15)
HEARTBEAT = timedelta(seconds=30)
# A job is tried this many times before it is given up (failed).
MAX_ATTEMPTS = 3

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


# --- The dossier (ZIP) of a block year ---------------------------------------------


def _enqueue(job_id: int) -> None:
    from thidua.documents.tasks import build_dossier

    build_dossier.enqueue(job_id=job_id)


@transaction.atomic
def request_dossier(
    *, actor: Any, block_year: BlockYear, period: str = "year"
) -> DocumentJob:
    """Queue the building of the block year's dossier for ``actor`` (who may read
    its documents); the task starts once this transaction commits."""
    require(actor, "org.view", block_year)
    period = selectors.check_period(period)
    scoring_selectors.require_ranking_access(actor, block_year, period)
    job = DocumentJob.objects.create(
        kind=DocumentJob.Kind.DOSSIER,
        block_year=block_year,
        period=period,
        requested_by=actor,
    )
    audit.record(
        actor=actor,
        verb="documents.dossier.requested",
        target=job,
        province_id=block_year.block.province_id,
        after={"block_year": block_year.pk, "period": period},
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _claim(job_id: int) -> int | None:
    """Take a queued job (compare-and-swap): the attempt number, or None when the
    job is not queued — done, failed, or taken by another worker."""
    now = timezone.now()
    taken = DocumentJob.objects.filter(pk=job_id, status=DocumentJob.Status.QUEUED)
    if not taken.update(
        status=DocumentJob.Status.RUNNING,
        progress=0,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        error="",
    ):
        return None
    return DocumentJob.objects.values_list("attempts", flat=True).get(pk=job_id)


def _mine(job_id: int, attempt: int):
    """The job while this attempt still holds it (a recovered job has a new one)."""
    return DocumentJob.objects.filter(
        pk=job_id, status=DocumentJob.Status.RUNNING, attempts=attempt
    )


def run_dossier_job(*, job_id: int) -> str:
    """Build a queued dossier job (called by ``tasks.build_dossier``): claim it,
    write the ZIP to a temporary file with progress, store it and mark the job
    done. Idempotent: a job that is not queued is left as it is. Returns the job's
    status."""
    attempt = _claim(job_id)
    if attempt is None:
        return (
            DocumentJob.objects.filter(pk=job_id)
            .values_list("status", flat=True)
            .first()
            or "missing"
        )
    job = DocumentJob.objects.select_related(
        "block_year__block__province", "requested_by"
    ).get(pk=job_id)
    shown = {"percent": 0, "at": timezone.now()}

    def progress(done: int, total: int) -> None:
        # One write per percent, and a heartbeat at least every HEARTBEAT.
        percent = min(99, done * 100 // total)
        now = timezone.now()
        if percent != shown["percent"] or now - shown["at"] >= HEARTBEAT:
            shown.update(percent=percent, at=now)
            _mine(job_id, attempt).update(progress=percent, heartbeat_at=now)

    try:
        actor = job.requested_by
        scoring_selectors.require_ranking_access(actor, job.block_year, job.period)
        dossier = selectors.build_dossier(actor, job.block_year, job.period)
        with tempfile.TemporaryFile() as out:
            render.write_dossier(dossier, out, progress=progress)
            out.seek(0)
            stored = job.file.storage.save(
                job.file.field.generate_filename(
                    job, f"ho-so-{job.block_year_id}-{job.period}-{job.pk}.zip"
                ),
                File(out),
            )
    except Exception as exc:
        code = exc.code if isinstance(exc, DomainError) else "INTERNAL"
        logger.exception("Document job %s failed", job_id)
        _mine(job_id, attempt).update(
            status=DocumentJob.Status.FAILED, error=code, finished_at=timezone.now()
        )
        return DocumentJob.Status.FAILED
    finished = _mine(job_id, attempt).update(
        status=DocumentJob.Status.DONE,
        progress=100,
        file=stored,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    if not finished:  # recovered and handed to another attempt meanwhile
        job.file.storage.delete(stored)
    return DocumentJob.Status.DONE


@transaction.atomic
def recover_stale_jobs(
    *, stale_after: timedelta = STALE_AFTER, dry_run: bool = False
) -> list[tuple[int, str]]:
    """Jobs left ``running`` by a killed worker (no progress for ``stale_after``),
    or ``queued`` that long without a worker taking them (an enqueue lost in a
    crash): back in the queue, or failed after :data:`MAX_ATTEMPTS` attempts.
    Returns ``(job id, "requeued" | "failed")`` pairs; ``dry_run`` changes
    nothing."""
    cutoff = timezone.now() - stale_after
    stale = list(
        DocumentJob.objects.select_for_update()
        .filter(
            Q(status=DocumentJob.Status.RUNNING, heartbeat_at__lt=cutoff)
            | Q(status=DocumentJob.Status.RUNNING, heartbeat_at__isnull=True)
            | Q(status=DocumentJob.Status.QUEUED, created_at__lt=cutoff)
        )
        .select_related("block_year__block")
        .order_by("id")
    )
    outcome: list[tuple[int, str]] = []
    for job in stale:
        give_up = job.attempts >= MAX_ATTEMPTS
        outcome.append((job.pk, "failed" if give_up else "requeued"))
        if dry_run:
            continue
        # Compare-and-swap on what was read: a job that moved on is left alone.
        same = DocumentJob.objects.filter(
            pk=job.pk, status=job.status, attempts=job.attempts
        )
        if give_up:
            changed = same.update(
                status=DocumentJob.Status.FAILED,
                error="JOB_ABANDONED",
                finished_at=timezone.now(),
            )
        else:
            changed = same.update(
                status=DocumentJob.Status.QUEUED, progress=0, heartbeat_at=None
            )
        if not changed:
            outcome.pop()
            continue
        audit.record(
            actor=None,
            verb="documents.job.abandoned" if give_up else "documents.job.recovered",
            target=job,
            province_id=job.block_year.block.province_id,
            before={"status": job.status, "attempts": job.attempts},
        )
        if not give_up:
            transaction.on_commit(lambda pk=job.pk: _enqueue(pk))
    return outcome
