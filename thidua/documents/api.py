"""JSON API: official documents of a block year (api.md "Documents and exports").
Glue only: gate → build → draw, or gate → service → answer."""

from django.http import HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, content_negotiation_class
from rest_framework.response import Response

from thidua.core.api_support import DownloadNegotiation, errors, validated
from thidua.documents import render, selectors, services
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
]
