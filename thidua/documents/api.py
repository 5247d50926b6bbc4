"""JSON API: official documents of a block year (api.md "Documents and exports").
Glue only: gate → build → draw, or gate → service → answer."""

import tempfile

from django.http import FileResponse, HttpResponse
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, content_negotiation_class
from rest_framework.response import Response

from thidua.core.api_support import DownloadNegotiation, errors, validated
from thidua.core.errors import DomainError
from thidua.documents import render, selectors, services
from thidua.documents.models import DocumentJob
from thidua.organizations import selectors as org_selectors

_PERIOD = OpenApiParameter("period", str, description="mid or year (default)")
_KIND = OpenApiParameter(
    "kind",
    str,
    OpenApiParameter.PATH,
    enum=list(selectors.KINDS),
    description="ranking, minutes, ballot_count, cover_letter or annual_report",
)
_DOWNLOAD_ERRORS = errors(
    (404, "NOT_FOUND"), (403, "RANKING_NOT_PUBLISHED"), (400, "VALIDATION_ERROR")
)


def file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def _document(request, pk: int, kind: str) -> selectors.OfficialDocument:
    selectors.check_kind(kind)
    period = selectors.check_period(request.GET.get("period"))
    block_year = selectors.get_block_year_for_documents(request.user, pk, period)
    return selectors.build_document(block_year, kind, period)


@extend_schema(
    operation_id="block_year_document_docx",
    parameters=[_KIND, _PERIOD],
    responses={
        (200, render.DOCX_CONTENT_TYPE): OpenApiTypes.BINARY,
        **_DOWNLOAD_ERRORS,
    },
    description="The document as DOCX (Decree 30/2020 layout), rendered from the data "
    "present; DỰ THẢO on an unpublished ranking. Never consumes a number.",
)
@api_view(["GET"])
@content_negotiation_class(DownloadNegotiation)
def document_docx(request, pk: int, kind: str):
    doc = _document(request, pk, kind)
    return file_response(
        render.render_docx(doc), render.DOCX_CONTENT_TYPE, f"{doc.filename}.docx"
    )


@extend_schema(
    operation_id="block_year_document_pdf",
    parameters=[_KIND, _PERIOD],
    responses={
        (200, "application/pdf"): OpenApiTypes.BINARY,
        **_DOWNLOAD_ERRORS,
        **errors((503, "PDF_UNAVAILABLE")),
    },
    description="The document as PDF; 503 PDF_UNAVAILABLE where the server cannot "
    "draw PDF. Never consumes a number.",
)
@api_view(["GET"])
@content_negotiation_class(DownloadNegotiation)
def document_pdf(request, pk: int, kind: str):
    doc = _document(request, pk, kind)
    return file_response(
        render.render_pdf(doc), "application/pdf", f"{doc.filename}.pdf"
    )


class IssueIn(serializers.Serializer):
    period = serializers.ChoiceField(choices=["mid", "year"], default="year")


class IssuedOut(serializers.Serializer):
    id = serializers.IntegerField()
    block_year = serializers.IntegerField(source="block_year_id")
    kind = serializers.CharField()
    period = serializers.CharField()
    number = serializers.IntegerField()
    symbol = serializers.CharField()
    number_text = serializers.CharField()
    issued_on = serializers.DateField()
    issued_by = serializers.IntegerField(source="issued_by_id")


@extend_schema(
    operation_id="block_year_document_issue",
    parameters=[_KIND],
    request=IssueIn,
    responses={201: IssuedOut, **errors((404, "NOT_FOUND"), (409, "CONFLICT"))},
    description="Issue the document: it takes the next number of the block's "
    "sequence for the year (số, ký hiệu). The secretariat only.",
)
@api_view(["POST"])
def document_issue(request, pk: int, kind: str):
    selectors.check_kind(kind)
    block_year = org_selectors.get_block_year_for(request.user, pk)
    data = validated(IssueIn, request.data)
    issued = services.issue_document(
        actor=request.user, block_year=block_year, kind=kind, period=data["period"]
    )
    return Response(IssuedOut(issued).data, status=status.HTTP_201_CREATED)


# --- The dossier (ZIP) and issued copies ------------------------------------------

ZIP_CONTENT_TYPE = "application/zip"


class JobOut(serializers.Serializer):
    job = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    block_year = serializers.IntegerField(source="block_year_id")
    period = serializers.CharField()
    status = serializers.ChoiceField(choices=DocumentJob.Status.values)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    url = serializers.SerializerMethodField(help_text="Where to poll this job.")
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the file once `status` is `done`, else null."
    )
    error = serializers.CharField(help_text="The error code of a failed job, or ''.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_url(self, job) -> str:
        return reverse("api:document_job", args=[job.pk])

    def get_download_url(self, job) -> str | None:
        if job.status != DocumentJob.Status.DONE:
            return None
        return reverse("api:document_job_download", args=[job.pk])


def _job_response(job: DocumentJob, status_code: int = 200) -> Response:
    headers = {"Location": reverse("api:document_job", args=[job.pk])}
    if status_code == 202:
        headers["Retry-After"] = "1"
    return Response(JobOut(job).data, status=status_code, headers=headers)


def _wants_async(request) -> bool:
    """RFC 7240 ``Prefer: respond-async``: always a job, whatever the size (the
    page asks so, to show progress)."""
    prefer = request.headers.get("Prefer", "")
    return "respond-async" in {p.strip().lower() for p in prefer.split(",")}


@extend_schema(
    operation_id="block_year_dossier_zip",
    parameters=[
        _PERIOD,
        OpenApiParameter(
            "Prefer",
            str,
            OpenApiParameter.HEADER,
            description="`respond-async`: always answer 202 with a job.",
        ),
    ],
    responses={
        (200, ZIP_CONTENT_TYPE): OpenApiTypes.BINARY,
        (202, "application/json"): JobOut,
        **_DOWNLOAD_ERRORS,
    },
    description="All the block year's documents as DOCX (and PDF where the server "
    "draws PDF), the copies issued with a number, and the files the units sent "
    "(those the caller may read), in one ZIP with Vietnamese names and an index "
    f"(`00 Mục lục.txt`). Up to {selectors.SYNC_MAX_UNITS} member units and "
    f"{selectors.SYNC_MAX_FILES} attached files, the ZIP is the answer (200); a "
    "larger dossier, or a request with `Prefer: respond-async`, answers 202 with a "
    "job: poll `url` (`GET /document-jobs/{id}`) until `status` is `done`, then "
    "download `download_url`. Never consumes a number.",
)
@api_view(["GET"])
@content_negotiation_class(DownloadNegotiation)
def dossier_zip(request, pk: int):
    period = selectors.check_period(request.GET.get("period"))
    block_year = selectors.get_block_year_for_documents(request.user, pk, period)
    size = selectors.dossier_size(request.user, block_year)
    if size.small and not _wants_async(request):
        dossier = selectors.build_dossier(request.user, block_year, period)
        out = tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024)  # noqa: SIM115
        render.write_dossier(dossier, out)
        out.seek(0)
        return FileResponse(
            out,
            as_attachment=True,
            filename=dossier.filename,
            content_type=ZIP_CONTENT_TYPE,
        )
    job = services.request_dossier(
        actor=request.user, block_year=block_year, period=period
    )
    job.refresh_from_db()  # the immediate backend may have built it already
    return _job_response(job, 202)


@extend_schema(
    operation_id="document_job_read",
    responses={200: JobOut, **errors((404, "NOT_FOUND"))},
    description="A background document job: its status (`queued`, `running`, "
    "`done`, `failed`), progress in per cent and, when done, `download_url`. Only "
    "for the user who asked for it.",
)
@api_view(["GET"])
def document_job(request, pk: int):
    return _job_response(selectors.get_job_for(request.user, pk))


@extend_schema(
    operation_id="document_job_download",
    responses={
        (200, ZIP_CONTENT_TYPE): OpenApiTypes.BINARY,
        **errors((404, "NOT_FOUND"), (409, "JOB_NOT_READY"), (409, "JOB_FAILED")),
    },
    description="The file a finished job built; 409 JOB_NOT_READY before.",
)
@api_view(["GET"])
@content_negotiation_class(DownloadNegotiation)
def document_job_download(request, pk: int):
    job = selectors.get_job_for(request.user, pk)
    if job.status == DocumentJob.Status.FAILED:
        raise DomainError("JOB_FAILED", details={"error": job.error})
    if job.status != DocumentJob.Status.DONE or not job.file:
        raise DomainError("JOB_NOT_READY", details={"progress": job.progress})
    title = selectors.dossier_title(job.block_year, job.period)
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=selectors.safe_name(title) + ".zip",
        content_type=ZIP_CONTENT_TYPE,
    )


@extend_schema(
    operation_id="issued_document_download",
    responses={
        (200, render.DOCX_CONTENT_TYPE): OpenApiTypes.BINARY,
        **errors((404, "NOT_FOUND"), (403, "RANKING_NOT_PUBLISHED")),
    },
    description="The copy of an issued document kept when it was given its number "
    "(DOCX), for whoever may read that block year's documents.",
)
@api_view(["GET"])
@content_negotiation_class(DownloadNegotiation)
def issued_document_download(request, pk: int):
    issued = selectors.get_issued_document_for(request.user, pk)
    return FileResponse(
        issued.file.open("rb"),
        as_attachment=True,
        filename=selectors.issued_filename(issued),
        content_type=render.DOCX_CONTENT_TYPE,
    )


api_urlpatterns = [
    path(
        "block-years/<int:pk>/documents/<slug:kind>.docx",
        document_docx,
        name="document_docx",
    ),
    path(
        "block-years/<int:pk>/documents/<slug:kind>.pdf",
        document_pdf,
        name="document_pdf",
    ),
    path(
        "block-years/<int:pk>/documents/<slug:kind>/issue",
        document_issue,
        name="document_issue",
    ),
    path("block-years/<int:pk>/dossier.zip", dossier_zip, name="dossier_zip"),
    path("document-jobs/<int:pk>", document_job, name="document_job"),
    path(
        "document-jobs/<int:pk>/download",
        document_job_download,
        name="document_job_download",
    ),
    path(
        "issued-documents/<int:pk>/download",
        issued_document_download,
        name="issued_document_download",
    ),
]
