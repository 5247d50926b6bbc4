"""Shared pieces of the JSON API: paging, error schema, id lookups."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from thidua.core.errors import DomainError

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
# The largest integer a database column holds (bigint): larger numbers sent as ids
# or offsets would overflow the driver (a 5xx), so they are refused or match nothing.
MAX_ID = 2**63 - 1


class ErrorOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.DictField()


def errors(*codes_by_status: tuple[int, str]) -> dict[int, OpenApiResponse]:
    """OpenAPI responses for error statuses, listing the codes each may carry."""
    grouped: dict[int, list[str]] = {}
    for status, code in codes_by_status:
        grouped.setdefault(status, []).append(code)
    grouped.setdefault(400, []).append("VALIDATION_ERROR")
    grouped.setdefault(401, []).append("NOT_AUTHENTICATED")
    grouped.setdefault(403, []).append("PERMISSION_DENIED")
    grouped.setdefault(429, []).append("RATE_LIMITED")
    return {
        status: OpenApiResponse(
            response=ErrorOut,
            description="Error codes: " + ", ".join(sorted(set(codes))),
        )
        for status, codes in grouped.items()
    }


PAGE_PARAMETERS = [
    OpenApiParameter("limit", int, description=f"at most {MAX_LIMIT}"),
    OpenApiParameter("offset", int),
]


def page_of(item_serializer: type[serializers.Serializer], name: str):
    return inline_serializer(
        name=name,
        fields={
            "items": item_serializer(many=True),
            "count": serializers.IntegerField(),
        },
    )


def _int_param(request, name: str, default: int, maximum: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {name: ["integer"]}}
        ) from exc
    if value < 0:
        raise DomainError("VALIDATION_ERROR", details={"fields": {name: [">= 0"]}})
    if value > MAX_ID:
        raise DomainError("VALIDATION_ERROR", details={"fields": {name: ["too large"]}})
    return min(value, maximum) if maximum else value


def paginated(request, queryset: QuerySet, serializer: type[serializers.Serializer]):
    limit = _int_param(request, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    offset = _int_param(request, "offset", 0)
    count = queryset.count()
    rows = list(queryset[offset : offset + limit]) if limit else []
    return Response({"items": serializer(rows, many=True).data, "count": count})


def int_query(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {name: ["integer"]}}
        ) from exc
    if abs(value) > MAX_ID:
        raise DomainError("VALIDATION_ERROR", details={"fields": {name: ["too large"]}})
    return value


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return s.validated_data


class DownloadNegotiation(DefaultContentNegotiation):
    """For endpoints that answer a file: the view builds the file response itself, so
    any ``Accept`` (``*/*``, the file's type) is served, and errors stay JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
