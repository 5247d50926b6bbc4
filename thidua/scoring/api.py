"""JSON API: score sheets, ranking and publication (api.md "The block's year")."""

from decimal import Decimal, InvalidOperation

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import api_view, content_negotiation_class
from rest_framework.response import Response

from thidua.core import xlsx
from thidua.core.api_support import DownloadNegotiation, errors, validated
from thidua.core.errors import DomainError
from thidua.organizations import selectors as org_selectors
from thidua.scoring import selectors, services, spreadsheets


@extend_schema_field(OpenApiTypes.NUMBER)
class PointsField(serializers.Field):
    """A number of points: any JSON number; at most two decimals."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            raise serializers.ValidationError("A number is required.")
        try:
            value = Decimal(str(data))
        except InvalidOperation as exc:
            raise serializers.ValidationError("A number is required.") from exc
        if not value.is_finite():
            raise serializers.ValidationError("A number is required.")
        if abs(value) >= Decimal("100000"):
            # Beyond any scale: the rules refuse it (422 SCORE_OUT_OF_RANGE, api.md),
            # and quantizing it would raise (a 5xx).
            return value
        if value != value.quantize(Decimal("0.01")):
            raise serializers.ValidationError("At most two decimals.")
        return value

    def to_representation(self, value):
        return float(value)


class SheetIn(serializers.Serializer):
    period = serializers.ChoiceField(choices=["mid", "year"])
    stage = serializers.ChoiceField(choices=["self", "review", "final"])
    scores = serializers.DictField(child=PointsField())
    bonus = PointsField(required=False, allow_null=True, default=None)
    reasons = serializers.DictField(
        child=serializers.CharField(max_length=2000, allow_blank=True),
        required=False,
        default=dict,
    )
    notes = serializers.DictField(
        child=serializers.CharField(max_length=2000, allow_blank=True),
        required=False,
        default=dict,
    )


class SheetOut(serializers.Serializer):
    id = serializers.IntegerField(source="sheet.id")
    block_year = serializers.IntegerField(source="sheet.block_year_id")
    unit = serializers.IntegerField(source="sheet.unit_id")
    unit_name = serializers.CharField(source="sheet.unit.name")
    period = serializers.CharField(source="sheet.period")
    stage = serializers.CharField(source="sheet.stage")
    scores = serializers.SerializerMethodField()
    reasons = serializers.SerializerMethodField()
    base = serializers.FloatField(source="totals.base")
    bonus = serializers.FloatField(source="totals.bonus")
    deductions = serializers.FloatField(source="totals.deductions")
    total = serializers.FloatField(source="totals.total")
    flagged = serializers.ListField(child=serializers.CharField())

    def get_scores(self, result) -> dict[str, float]:
        return {e.criterion.code: float(e.points) for e in result.sheet.entries.all()}

    def get_reasons(self, result) -> dict[str, str]:
        return {
            e.criterion.code: e.reason for e in result.sheet.entries.all() if e.reason
        }


class RankOut(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    base = serializers.FloatField(allow_null=True)
    bonus = serializers.FloatField(allow_null=True)
    deductions = serializers.FloatField(allow_null=True)
    total = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    tied = serializers.BooleanField()


class PublishIn(serializers.Serializer):
    period = serializers.ChoiceField(choices=["mid", "year"])


class PublishOut(serializers.Serializer):
    block_year = serializers.IntegerField()
    period = serializers.CharField()
    published_at = serializers.DateTimeField()
    ranking = RankOut(many=True)


def _period(request) -> str:
    period = request.query_params.get("period") or "year"
    if period not in ("mid", "year"):
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"period": ["mid", "year"]}}
        )
    return period


@extend_schema(
    methods=["GET"],
    operation_id="score_sheet_read",
    parameters=[OpenApiParameter("period", str), OpenApiParameter("stage", str)],
    responses={200: SheetOut, **errors((404, "NOT_FOUND"))},
)
@extend_schema(
    methods=["PUT"],
    operation_id="score_sheet_write",
    request=SheetIn,
    responses={
        200: SheetOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "PERIOD_LOCKED"),
            (422, "SCORE_OUT_OF_RANGE"),
            (422, "BONUS_OUT_OF_RANGE"),
            (422, "REASON_REQUIRED"),
            (422, "UNKNOWN_CRITERION"),
            (422, "UNIT_NOT_MEMBER"),
            (422, "COVENANT_MISSING"),
        ),
    },
)
@api_view(["GET", "PUT"])
def sheet(request, pk: int, unit: int):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    target = org_selectors.get_unit_for(request.user, unit)
    if request.method == "GET":
        stage = request.query_params.get("stage") or "final"
        found = selectors.get_sheet_for(
            request.user, block_year, target, _period(request), stage
        )
        return Response(SheetOut(services.sheet_result(found)).data)
    data = validated(SheetIn, request.data)
    result = services.write_sheet(
        actor=request.user,
        block_year=block_year,
        unit=target,
        period=data["period"],
        stage=data["stage"],
        scores=data["scores"],
        bonus=data["bonus"],
        reasons=data["reasons"],
        notes=data["notes"],
    )
    return Response(SheetOut(result).data)


@extend_schema(
    parameters=[OpenApiParameter("period", str, description="mid or year (default)")],
    responses={
        200: RankOut(many=True),
        **errors((404, "NOT_FOUND"), (403, "RANKING_NOT_PUBLISHED")),
    },
)
@api_view(["GET"])
def ranking(request, pk: int):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    period = _period(request)
    selectors.require_ranking_access(request.user, block_year, period)
    rows, _ = selectors.ranking_rows(block_year, period)
    return Response(RankOut(rows, many=True).data)


@extend_schema(
    request=PublishIn,
    responses={200: PublishOut, **errors((404, "NOT_FOUND"), (409, "PERIOD_LOCKED"))},
)
@api_view(["POST"])
def ranking_publish(request, pk: int):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    data = validated(PublishIn, request.data)
    publication = services.publish_ranking(
        actor=request.user, block_year=block_year, period=data["period"]
    )
    rows, _ = selectors.ranking_rows(block_year, data["period"])
    return Response(
        PublishOut(
            {
                "block_year": block_year.pk,
                "period": publication.period,
                "published_at": publication.published_at,
                "ranking": rows,
            }
        ).data,
        status=status.HTTP_200_OK,
    )


@extend_schema(
    operation_id="ranking_export_xlsx",
    parameters=[OpenApiParameter("period", str, description="mid or year (default)")],
    responses={
        (200, xlsx.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        **errors((404, "NOT_FOUND"), (403, "RANKING_NOT_PUBLISHED")),
    },
    description="The ranking as an XLSX file (Vietnamese headers, points as numbers); "
    "an unpublished ranking is marked DỰ THẢO.",
)
@api_view(["GET"])
@content_negotiation_class(DownloadNegotiation)
def ranking_export(request, pk: int):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    period = _period(request)
    selectors.require_ranking_access(request.user, block_year, period)
    rows, publication = selectors.ranking_rows(block_year, period)
    published = publication is not None
    return xlsx.response(
        spreadsheets.ranking_workbook(rows, published=published),
        spreadsheets.ranking_filename(block_year, period, published=published),
    )
