"""Downloads of the awards app (api.md "Documents and exports"; domain.md §7.1,
§7.4): a proposal's achievement report, the yearly statistical forms."""

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view, content_negotiation_class

from thidua.awards import reports, selectors
from thidua.core import xlsx
from thidua.core.access import require
from thidua.core.api_support import DownloadNegotiation, _int_param, errors
from thidua.core.errors import DomainError
from thidua.documents import render
from thidua.documents.api import file_response
from thidua.organizations.models import Province
from thidua.rules import statistics


@extend_schema(
    operation_id="proposal_achievement_report_docx",
    responses={
        (200, render.DOCX_CONTENT_TYPE): OpenApiTypes.BINARY,
        **errors((404, "NOT_FOUND"), (403, "PERMISSION_DENIED")),
    },
    description="The nominee's achievement report (báo cáo thành tích) as a DOCX "
    "draft: the form's headings, the last five years' ratings, initiatives and the "
    "awards already received, blanks for the rest.",
)
@api_view(["GET"])
@content_negotiation_class(DownloadNegotiation)
def achievement_report_docx(request, pk: int):
    proposal = selectors.get_proposal_for(request.user, pk, "award.view")
    doc = reports.achievement_report(proposal)
    return file_response(
        render.render_docx(doc),
        render.DOCX_CONTENT_TYPE,
        f"bao-cao-thanh-tich-{proposal.pk}.docx",
    )


@extend_schema(
    operation_id="province_statistics_xlsx",
    parameters=[
        OpenApiParameter(
            "form", str, OpenApiParameter.PATH, enum=list(statistics.FORMS)
        ),
        OpenApiParameter(
            "year", int, description="the reporting year (default: this year)"
        ),
    ],
    responses={
        (200, xlsx.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        **errors(
            (404, "NOT_FOUND"), (403, "PERMISSION_DENIED"), (400, "VALIDATION_ERROR")
        ),
    },
    description="A statistical form of Circular 02/2023/TT-BNV (0601–0605.N), or "
    "`all` for the five in one workbook, filled from the province's data.",
)
@api_view(["GET"])
@content_negotiation_class(DownloadNegotiation)
def statistics_xlsx(request, pk: int, form: str):
    province = Province.objects.filter(pk=pk).first()
    if province is None:
        raise DomainError("NOT_FOUND")
    require(request.user, "overview.view", province)
    year = _int_param(request, "year", timezone.localdate().year)
    if not 1945 <= year <= 2200:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"year": ["1945–2200"]}}
        )
    codes = statistics.FORMS if form == "all" else (form,)
    built = [reports.statistical_form(province, code, year) for code in codes]
    name = f"bieu-thong-ke-{form}-{year}.xlsx"
    return xlsx.response(reports.statistics_workbook(built), name)


reports_urlpatterns = [
    path(
        "proposals/<int:pk>/documents/achievement_report.docx",
        achievement_report_docx,
        name="achievement_report_docx",
    ),
    path(
        "provinces/<int:pk>/statistics/<str:form>.xlsx",
        statistics_xlsx,
        name="statistics_xlsx",
    ),
]
