"""JSON API of the award imports (issue 5): ``POST /imports/ratings``,
``/imports/award-records``, ``/imports/staff-summaries``,
``/imports/violation-listings`` (multipart ``province``, ``file``) and their blank
templates (``GET /imports/<kind>/template``). Glue only: parse → import → answer;
the rules of each file are in :mod:`thidua.awards.imports`."""

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import (
    api_view,
    content_negotiation_class,
    parser_classes,
)
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from thidua.awards import imports
from thidua.core import xlsx
from thidua.core.api_support import MAX_ID, DownloadNegotiation, errors, validated
from thidua.core.errors import DomainError
from thidua.organizations import selectors as org_selectors


class AwardImportIn(serializers.Serializer):
    province = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    file = serializers.FileField(
        help_text="An XLSX workbook (checked by content), at most 20 MB."
    )


class AwardImportOut(serializers.Serializer):
    created = serializers.IntegerField(help_text="rows added")
    updated = serializers.IntegerField(help_text="rows that replaced a recorded one")
    items = serializers.ListField(
        child=serializers.IntegerField(), help_text="every row's id, in file order"
    )


_ERRORS = (
    (404, "NOT_FOUND"),
    (413, "FILE_TOO_LARGE"),
    (415, "UNSUPPORTED_MEDIA_TYPE"),
    (422, "FILE_TYPE_NOT_ALLOWED"),
    (422, "IMPORT_INVALID"),
)
_ALL_OR_NONE = (
    "All rows or none: any problem answers 422 `IMPORT_INVALID` with "
    "`details.rows: [{row, column, message}]` and nothing is written; one audit "
    "event for the import. A person is named by id (`Cá nhân`) or by name and unit "
    "(`Cá nhân` + `Đơn vị`); a unit by id or name (`Đơn vị`, `Cá nhân` empty). "
)
_COLUMNS = {
    "ratings": "Columns: Cá nhân, Đơn vị, Năm, Xếp loại (htxs/htt/ht/kht or "
    "“Hoàn thành xuất sắc nhiệm vụ”…). A rating already recorded for the year is "
    "replaced.",
    "award-records": "Columns: Cá nhân, Đơn vị, Khen thưởng (slug or Vietnamese "
    "name), Năm, Số quyết định, Ngày quyết định, Loại khen thưởng. An award already "
    "in the history (same subject, award, year) is a row problem.",
    "staff-summaries": "Columns: Đơn vị, Năm, Tổng số, Lao động tiên tiến, Chiến sĩ "
    "thi đua cơ sở, Hoàn thành nhiệm vụ, Kỷ luật từ cảnh cáo, Nữ. A summary already "
    "recorded for the year is replaced.",
    "violation-listings": "Columns: Cá nhân, Đơn vị, Cơ quan gửi (Công an tỉnh, Cơ "
    "quan Thuế, Bảo hiểm xã hội, Thanh tra tỉnh…), Ngày gửi, Nội dung. Only the "
    "province's Board imports listings.",
}


def _import_view(kind: str):
    function, columns = imports.IMPORTERS[kind]

    @extend_schema(
        operation_id=f"imports_{kind.replace('-', '_')}",
        tags=["imports"],
        request={"multipart/form-data": AwardImportIn},
        responses={201: AwardImportOut, **errors(*_ERRORS)},
        description=_ALL_OR_NONE + _COLUMNS[kind],
    )
    @api_view(["POST"])
    @parser_classes([MultiPartParser])
    def view(request):
        data = validated(AwardImportIn, request.data)
        province = org_selectors.get_province_for(request.user, data["province"])
        if not imports.may_import(request.user, kind, province):
            raise DomainError("PERMISSION_DENIED")
        rows = xlsx.read_rows(data["file"], columns)
        result = function(actor=request.user, province=province, rows=rows)
        return Response(
            AwardImportOut(
                {
                    "created": len(result.created),
                    "updated": len(result.updated),
                    "items": result.items,
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )

    view.cls.__name__ = f"Imports{kind.title().replace('-', '')}"
    return view


def _template_view(kind: str):
    @extend_schema(
        operation_id=f"imports_{kind.replace('-', '_')}_template",
        tags=["imports"],
        responses={
            (200, xlsx.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
            **errors(),
        },
        description=f"A blank file for `POST /imports/{kind}`: the header row and "
        "one example row (to replace). For those who may import it somewhere.",
    )
    @api_view(["GET"])
    @content_negotiation_class(DownloadNegotiation)
    def view(request):
        if not imports.may_import(request.user, kind):
            raise DomainError("PERMISSION_DENIED")
        return xlsx.response(*imports.template(kind))

    view.cls.__name__ = f"Imports{kind.title().replace('-', '')}Template"
    return view


imports_urlpatterns = [
    entry
    for kind in imports.IMPORTERS
    for entry in (
        path(
            f"imports/{kind}",
            _import_view(kind),
            name=f"imports_{kind.replace('-', '_')}",
        ),
        path(
            f"imports/{kind}/template",
            _template_view(kind),
            name=f"imports_{kind.replace('-', '_')}_template",
        ),
    )
]
