"""Rows of the role × endpoint table (tests/test_permissions.py) for official
documents. Reading a document shows the ranking: a draft is for the secretariat and
the member units' people (as the ranking); issuing, which takes a number, is for
those who publish the ranking (the block's secretariat and the province's office).
An issued copy is read as the documents are; a background job (the ZIP dossier) holds
what its requester may read, so only they (and superusers) see it."""

from thidua.core.testing import BS, LE, OU, PA, SU, UO, VI, api, page

SECRETARIES = (SU, PA, BS)
MEMBERS = (SU, PA, BS, UO, LE)
DOC = lambda w: {"pk": w.BY.pk, "kind": "minutes"}  # noqa: E731
BY = lambda w: {"pk": w.BY.pk}  # noqa: E731


def _issued(w):
    """BY's ranking, issued once by the superuser."""
    from thidua.documents import services
    from thidua.documents.models import IssuedDocument

    found = IssuedDocument.objects.filter(block_year=w.BY).first()
    return {
        "pk": (
            found
            or services.issue_document(
                actor=w.users["superuser"], block_year=w.BY, kind="ranking"
            )
        ).pk
    }


def _job(w):
    """The block secretary's dossier of BY, built (the task run in place)."""
    from thidua.documents import services
    from thidua.documents.models import DocumentJob

    job = DocumentJob.objects.filter(block_year=w.BY).first()
    if job is None:
        job = services.request_dossier(
            actor=w.users["block_secretary"], block_year=w.BY
        )
        services.run_dossier_job(job_id=job.pk)
    return {"pk": job.pk}


# The requester (the block secretary) and superusers; everyone else: 404.
JOB_OWNER = api((SU, BS), hidden_for=(PA, UO, LE, VI, OU))

# name: (kwargs, method, body, expected statuses, also POST an empty form?)
TABLE = {
    "documents:document_list": (BY, "get", None, page(MEMBERS), False),
    "documents:document_issue": (DOC, "post", None, page(SECRETARIES, ok=302), False),
    "api:document_docx": (DOC, "get", None, api(MEMBERS), False),
    "api:document_pdf": (DOC, "get", None, api(MEMBERS), False),
    "api:document_issue": (DOC, "post", None, api(SECRETARIES, ok=201), False),
    "documents:issued_download": (_issued, "get", None, page(MEMBERS), False),
    "api:issued_document_download": (_issued, "get", None, api(MEMBERS), False),
    # Three member units: small enough to be answered at once (200, the ZIP).
    "api:dossier_zip": (BY, "get", None, api(MEMBERS), False),
    "api:document_job": (_job, "get", None, JOB_OWNER, False),
    "api:document_job_download": (_job, "get", None, JOB_OWNER, False),
}
