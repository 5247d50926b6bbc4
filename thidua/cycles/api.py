"""JSON API: covenant, requirements, submissions and waivers (api.md "The block's
year"). Glue only: parse → service → answer."""

from decimal import Decimal

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from thidua.core.api_support import errors, validated
from thidua.core.errors import DomainError
from thidua.cycles import selectors, services
from thidua.cycles.models import Covenant, Requirement, Submission
from thidua.organizations import selectors as org_selectors
from thidua.rules.deadlines import days_late


class CriterionIO(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    group = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    title = serializers.CharField(max_length=500)
    max_points = serializers.DecimalField(max_digits=7, decimal_places=2)


class CovenantIn(serializers.Serializer):
    contents = serializers.ListField(
        child=serializers.CharField(max_length=5000), default=list
    )
    # Required unless the covenant is copied from another year (``copy_from``).
    criteria = CriterionIO(many=True, required=False)
    bonus_max = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, allow_null=True, default=None
    )
    late_deduction = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, allow_null=True, default=None
    )
    review_margin = serializers.DecimalField(
        max_digits=7, decimal_places=2, required=False, allow_null=True, default=None
    )
    copy_from = serializers.IntegerField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if not attrs.get("copy_from") and "criteria" not in attrs:
            raise serializers.ValidationError(
                {"criteria": [self.fields["criteria"].error_messages["required"]]}
            )
        return attrs


class SignatureOut(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    signed_at = serializers.DateTimeField()


class CovenantOut(serializers.Serializer):
    id = serializers.IntegerField()
    block_year = serializers.IntegerField(source="block_year_id")
    contents = serializers.SerializerMethodField()
    criteria = serializers.SerializerMethodField()
    bonus_max = serializers.DecimalField(
        max_digits=7, decimal_places=2, coerce_to_string=False
    )
    late_deduction = serializers.DecimalField(
        max_digits=7, decimal_places=2, coerce_to_string=False
    )
    review_margin = serializers.DecimalField(
        max_digits=7, decimal_places=2, coerce_to_string=False
    )
    max_total = serializers.SerializerMethodField()
    signatures = SignatureOut(many=True)

    def get_contents(self, covenant: Covenant) -> list[str]:
        return [c.text for c in covenant.contents.all()]

    def get_criteria(self, covenant: Covenant) -> list[dict]:
        return [
            {
                "code": c.code,
                "group": c.group,
                "title": c.title,
                "max_points": float(c.max_points),
            }
            for c in covenant.criteria.all()
        ]

    def get_max_total(self, covenant: Covenant) -> float:
        return float(sum((c.max_points for c in covenant.criteria.all()), Decimal(0)))


class SignIn(serializers.Serializer):
    unit = serializers.IntegerField()


class RequirementIn(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=Requirement.Kind.values)
    due_date = serializers.DateField()


class RequirementOut(serializers.Serializer):
    id = serializers.IntegerField()
    block_year = serializers.IntegerField(source="block_year_id")
    title = serializers.CharField()
    kind = serializers.CharField()
    due_date = serializers.DateField()


class SubmissionIn(serializers.Serializer):
    unit = serializers.IntegerField()
    file = serializers.FileField(allow_empty_file=True)


class SubmissionOut(serializers.Serializer):
    id = serializers.IntegerField()
    requirement = serializers.IntegerField(source="requirement_id")
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    file_name = serializers.CharField(source="original_name")
    received_at = serializers.DateTimeField()
    days_late = serializers.SerializerMethodField()

    def get_days_late(self, s: Submission) -> int:
        received = timezone.localdate(s.received_at)
        return (
            days_late(due=s.requirement.due_date, received=received, today=received)
            or 0
        )


class CellOut(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    requirement = serializers.IntegerField()
    requirement_title = serializers.CharField()
    kind = serializers.CharField()
    due_date = serializers.DateField()
    received = serializers.BooleanField()
    received_at = serializers.DateTimeField(allow_null=True)
    days_late = serializers.IntegerField(allow_null=True)
    waived = serializers.BooleanField()
    status = serializers.CharField()


class WaiverIn(serializers.Serializer):
    unit = serializers.IntegerField()
    # A blank reason is a domain refusal (422 REASON_REQUIRED), not a malformed body.
    reason = serializers.CharField(max_length=2000, allow_blank=True)


def _covenant_answer(block_year, status_code=200):
    covenant = selectors.covenant_of(block_year)
    if covenant is None:
        raise DomainError("NOT_FOUND", details={"field": "covenant"})
    return Response(CovenantOut(covenant).data, status=status_code)


@extend_schema(
    methods=["GET"],
    operation_id="covenant_read",
    responses={200: CovenantOut, **errors((404, "NOT_FOUND"))},
)
@extend_schema(
    methods=["PUT"],
    operation_id="covenant_write",
    request=CovenantIn,
    responses={
        200: CovenantOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "PERIOD_LOCKED"),
            (409, "CRITERION_IN_USE"),
            (422, "DUPLICATE_CRITERION"),
            (422, "MAX_POINTS_INVALID"),
        ),
    },
)
@api_view(["GET", "PUT"])
def covenant(request, pk: int):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    if request.method == "GET":
        return _covenant_answer(block_year)
    data = validated(CovenantIn, request.data)
    if data["copy_from"]:
        source = org_selectors.get_block_year_for(request.user, data["copy_from"])
        services.copy_covenant(actor=request.user, block_year=block_year, source=source)
        return _covenant_answer(block_year)
    services.put_covenant(
        actor=request.user,
        block_year=block_year,
        contents=data["contents"],
        criteria=[services.CriterionSpec(**c) for c in data["criteria"]],
        bonus_max=data["bonus_max"],
        late_deduction=data["late_deduction"],
        review_margin=data["review_margin"],
    )
    return _covenant_answer(block_year)


@extend_schema(
    request=SignIn,
    responses={
        201: CovenantOut,
        **errors((404, "NOT_FOUND"), (422, "UNIT_NOT_MEMBER")),
    },
)
@api_view(["POST"])
def covenant_sign(request, pk: int):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    data = validated(SignIn, request.data)
    unit = org_selectors.get_unit_for(request.user, data["unit"])
    current = selectors.covenant_of(block_year)
    if current is None:
        raise DomainError("COVENANT_MISSING")
    services.sign_covenant(actor=request.user, covenant=current, unit=unit)
    return _covenant_answer(block_year, status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    operation_id="requirements_list",
    responses={200: RequirementOut(many=True), **errors((404, "NOT_FOUND"))},
)
@extend_schema(
    methods=["POST"],
    operation_id="requirements_create",
    request=RequirementIn,
    responses={201: RequirementOut, **errors((404, "NOT_FOUND"))},
)
@api_view(["GET", "POST"])
def requirements(request, pk: int):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    if request.method == "GET":
        rows = Requirement.objects.filter(block_year=block_year)
        return Response(
            {"items": RequirementOut(rows, many=True).data, "count": len(rows)}
        )
    data = validated(RequirementIn, request.data)
    requirement = services.add_requirement(
        actor=request.user, block_year=block_year, **data
    )
    return Response(RequirementOut(requirement).data, status=status.HTTP_201_CREATED)


@extend_schema(
    request={"multipart/form-data": SubmissionIn},
    responses={
        201: SubmissionOut,
        **errors(
            (404, "NOT_FOUND"),
            (413, "FILE_TOO_LARGE"),
            (422, "FILE_TYPE_NOT_ALLOWED"),
            (422, "UNIT_NOT_MEMBER"),
        ),
    },
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
def submissions_create(request, pk: int):
    requirement = selectors.get_requirement_for(request.user, pk)
    data = validated(SubmissionIn, request.data)
    unit = org_selectors.get_unit_for(request.user, data["unit"])
    submission = services.submit_document(
        actor=request.user, requirement=requirement, unit=unit, upload=data["file"]
    )
    submission = Submission.objects.select_related("unit", "requirement").get(
        pk=submission.pk
    )
    return Response(SubmissionOut(submission).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: CellOut(many=True), **errors((404, "NOT_FOUND"))})
@api_view(["GET"])
def submissions_grid(request, pk: int):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    cells = selectors.visible_cells(request.user, block_year)
    return Response({"items": CellOut(cells, many=True).data, "count": len(cells)})


@extend_schema(
    request=WaiverIn,
    responses={
        201: CellOut,
        **errors((404, "NOT_FOUND"), (409, "PERIOD_LOCKED"), (422, "REASON_REQUIRED")),
    },
)
@api_view(["POST"])
def waivers_create(request, pk: int):
    requirement = selectors.get_requirement_for(request.user, pk)
    data = validated(WaiverIn, request.data)
    unit = org_selectors.get_unit_for(request.user, data["unit"])
    services.waive_deduction(
        actor=request.user, requirement=requirement, unit=unit, reason=data["reason"]
    )
    cell = next(
        c
        for c in selectors.submission_grid(requirement.block_year)
        if c.unit == unit.pk and c.requirement == requirement.pk
    )
    return Response(CellOut(cell).data, status=status.HTTP_201_CREATED)
