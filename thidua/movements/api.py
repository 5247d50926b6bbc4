"""JSON API of issue 7: movements, registrations, advanced models, notifications and
copying a block year into the next (api.md conventions). Glue only: parse → the same
services as the pages → answer."""

import json
import math

from django.urls import path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import api_view, parser_classes
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from thidua.core.api_support import (
    MAX_ID,
    MAX_LIMIT,
    PAGE_PARAMETERS,
    _int_param,
    errors,
    page_of,
    paginated,
    validated,
)
from thidua.core.errors import DomainError
from thidua.movements import selectors, services
from thidua.movements.models import (
    AdvancedModel,
    Movement,
    Notification,
    Registration,
    award_label,
)
from thidua.organizations import api as org_api
from thidua.organizations import selectors as org_selectors
from thidua.organizations.models import Block, Unit
from thidua.rules import movements as rules

# --- Shapes ----------------------------------------------------------------------------


def _id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _text(max_length: int | None = None):
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default=""
    )


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "number"},
        "description": 'figures by name, e.g. {"Số mô hình": 3}; in a multipart '
        "body, the same object written as a JSON string",
    }
)
class FiguresField(serializers.Field):
    """Named figures: numbers only, at most 50. A multipart body sends them as a JSON
    string."""

    default_error_messages = {"invalid": "An object of names and numbers expected."}

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data or "{}")
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, dict) or len(data) > 50:
            self.fail("invalid")
        out = {}
        for name, value in data.items():
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
                or abs(value) > 1e15
                or len(str(name)) > 120
            ):
                self.fail("invalid")
            out[str(name)] = value
        return out

    def to_representation(self, value):
        return value


class NamedRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MovementIn(serializers.Serializer):
    province = _id_field()
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=rules.MOVEMENT_KINDS)
    issuing_authority = serializers.CharField(max_length=255)
    document_number = _text(60)
    document_date = serializers.DateField(required=False, allow_null=True, default=None)
    document_file = serializers.FileField(
        required=False, allow_null=True, default=None, allow_empty_file=True
    )
    theme = _text(500)
    targets = _text(20000)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    blocks = serializers.ListField(child=_id_field(), required=False, default=list)
    units = serializers.ListField(child=_id_field(), required=False, default=list)
    awards = serializers.ListField(
        child=serializers.ChoiceField(choices=rules.AWARDS),
        required=False,
        default=list,
    )


class MovementOut(serializers.Serializer):
    id = serializers.IntegerField()
    province = serializers.IntegerField(source="province_id")
    province_name = serializers.CharField(source="province.name")
    name = serializers.CharField()
    kind = serializers.CharField()
    issuing_authority = serializers.CharField()
    document_number = serializers.CharField()
    document_date = serializers.DateField(allow_null=True)
    document_file_name = serializers.CharField(source="document_name")
    document_url = serializers.SerializerMethodField()
    theme = serializers.CharField()
    targets = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    blocks = NamedRef(many=True)
    units = NamedRef(many=True)
    awards = serializers.ListField(child=serializers.CharField())
    award_names = serializers.SerializerMethodField()
    may_lead_to_flag = serializers.SerializerMethodField()
    launched_at = serializers.DateTimeField()

    def get_document_url(self, movement: Movement) -> str | None:
        if not movement.document_file:
            return None
        return reverse("movements:movement_document", args=[movement.pk])

    def get_award_names(self, movement: Movement) -> list[str]:
        return movement.award_labels()

    def get_may_lead_to_flag(self, movement: Movement) -> bool:
        return rules.may_lead_to(
            movement.kind, movement.start_date, movement.end_date, "co_thi_dua_tinh"
        )


class ReportIn(serializers.Serializer):
    unit = _id_field()
    text = serializers.CharField(max_length=20000, allow_blank=True)
    figures = FiguresField(required=False, default=dict)
    file = serializers.FileField(
        required=False, allow_null=True, default=None, allow_empty_file=True
    )


class ReportOut(serializers.Serializer):
    id = serializers.IntegerField()
    movement = serializers.IntegerField(source="movement_id")
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    text = serializers.CharField()
    figures = FiguresField()
    file_name = serializers.CharField(source="original_name")
    file_url = serializers.SerializerMethodField()
    reported_at = serializers.DateTimeField()

    def get_file_url(self, report) -> str | None:
        if not report.file:
            return None
        return reverse("movements:report_file", args=[report.pk])


class RegistrationRefOut(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    status = serializers.CharField()


class ProgressOut(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    blocks = serializers.ListField(child=serializers.CharField(), source="block_names")
    registered = serializers.BooleanField()
    registrations = RegistrationRefOut(many=True)
    reports = serializers.SerializerMethodField()
    latest_report = serializers.SerializerMethodField()

    def get_reports(self, row) -> int:
        return len(row.reports)

    @extend_schema_field(ReportOut(allow_null=True))
    def get_latest_report(self, row):
        return ReportOut(row.latest).data if row.latest else None


class PersonTitleIO(serializers.Serializer):
    person = _id_field()
    title = serializers.ChoiceField(choices=rules.INDIVIDUAL_TITLES)


class RegistrationIn(serializers.Serializer):
    unit = _id_field()
    year = serializers.IntegerField(min_value=1945, max_value=2200)
    movement = _id_field(required=False, allow_null=True, default=None)
    targets = _text(20000)
    unit_title = serializers.ChoiceField(
        choices=["", *rules.COLLECTIVE_TITLES], required=False, default=""
    )
    people = PersonTitleIO(many=True, required=False, default=list)


class RegistrationUpdateIn(serializers.Serializer):
    targets = _text(20000)
    unit_title = serializers.ChoiceField(
        choices=["", *rules.COLLECTIVE_TITLES], required=False, default=""
    )
    people = PersonTitleIO(many=True, required=False, default=list)


class RegisteredPersonOut(serializers.Serializer):
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    title = serializers.CharField()
    title_name = serializers.SerializerMethodField()

    def get_title_name(self, row) -> str:
        return award_label(row.title)


class RegistrationOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    year = serializers.IntegerField()
    movement = serializers.IntegerField(source="movement_id", allow_null=True)
    movement_name = serializers.SerializerMethodField()
    targets = serializers.CharField()
    unit_title = serializers.CharField()
    status = serializers.CharField()
    reason = serializers.CharField()
    people = RegisteredPersonOut(many=True)
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)

    def get_movement_name(self, registration: Registration) -> str | None:
        return registration.movement.name if registration.movement_id else None


class ReturnIn(serializers.Serializer):
    # A blank reason is a domain refusal (422 REASON_REQUIRED), not a malformed body.
    reason = serializers.CharField(max_length=5000, allow_blank=True)


class ModelIn(serializers.Serializer):
    unit = _id_field()
    year = serializers.IntegerField(min_value=1945, max_value=2200)
    kind = serializers.ChoiceField(
        choices=AdvancedModel.Kind.values, required=False, default="dien_hinh_tien_tien"
    )
    person = _id_field(required=False, allow_null=True, default=None)
    collective_name = _text(255)
    achievement = serializers.CharField(max_length=20000, allow_blank=True)
    movement = _id_field(required=False, allow_null=True, default=None)
    replication = _text(20000)


class ModelFileIn(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)


class ModelFileOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    is_photo = serializers.BooleanField()
    url = serializers.SerializerMethodField()

    def get_url(self, row) -> str:
        return reverse("movements:model_file", args=[row.pk])


class ModelOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    year = serializers.IntegerField()
    kind = serializers.CharField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    person_name = serializers.SerializerMethodField()
    collective_name = serializers.CharField()
    subject_name = serializers.CharField()
    achievement = serializers.CharField()
    movement = serializers.IntegerField(source="movement_id", allow_null=True)
    movement_name = serializers.SerializerMethodField()
    replication = serializers.CharField()
    status = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)
    files = ModelFileOut(many=True)

    def get_person_name(self, model: AdvancedModel) -> str | None:
        return model.person.full_name if model.person_id else None

    def get_movement_name(self, model: AdvancedModel) -> str | None:
        return model.movement.name if model.movement_id else None


class NotificationOut(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    link = serializers.CharField()
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class CopyIn(serializers.Serializer):
    head_unit = _id_field()
    deputy_unit = _id_field(required=False, allow_null=True, default=None)
    deputy_units = serializers.ListField(
        child=_id_field(), required=False, default=list
    )


# --- Helpers ---------------------------------------------------------------------------


def _list_page(request, rows: list, serializer):
    limit = _int_param(request, "limit", 50, MAX_LIMIT)
    offset = _int_param(request, "offset", 0)
    shown = rows[offset : offset + limit] if limit else []
    return Response({"items": serializer(shown, many=True).data, "count": len(rows)})


def _units(ids: list[int], field: str) -> list[Unit]:
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    missing = sorted(set(ids) - set(found))
    if missing:
        raise DomainError("NOT_FOUND", details={"field": field, "ids": missing})
    return [found[i] for i in dict.fromkeys(ids)]


def _blocks(ids: list[int]) -> list[Block]:
    found = {b.pk: b for b in Block.objects.filter(pk__in=ids)}
    missing = sorted(set(ids) - set(found))
    if missing:
        raise DomainError("NOT_FOUND", details={"field": "blocks", "ids": missing})
    return [found[i] for i in dict.fromkeys(ids)]


def _movement_answer(request, movement: Movement, code=200) -> Response:
    fresh = selectors.get_movement_for(request.user, movement.pk)
    return Response(MovementOut(fresh).data, status=code)


def _registration_answer(request, registration, code=200) -> Response:
    fresh = selectors.get_registration_for(request.user, registration.pk)
    return Response(RegistrationOut(fresh).data, status=code)


def _model_answer(request, model, code=200) -> Response:
    fresh = selectors.get_model_for(request.user, model.pk)
    return Response(ModelOut(fresh).data, status=code)


def _people(data) -> list[services.PersonTitle]:
    return [services.PersonTitle(p["person"], p["title"]) for p in data["people"]]


# --- Movements -------------------------------------------------------------------------


@extend_schema(
    methods=["GET"],
    operation_id="movements_list",
    parameters=[
        *PAGE_PARAMETERS,
        OpenApiParameter("province", int),
        OpenApiParameter("kind", str, enum=list(rules.MOVEMENT_KINDS)),
        OpenApiParameter("year", int, description="movements running that year"),
    ],
    responses={200: page_of(MovementOut, "MovementPage"), **errors()},
)
@extend_schema(
    methods=["POST"],
    operation_id="movements_launch",
    request={"application/json": MovementIn, "multipart/form-data": MovementIn},
    responses={
        201: MovementOut,
        **errors(
            (404, "NOT_FOUND"),
            (413, "FILE_TOO_LARGE"),
            (422, "PERIOD_INVALID"),
            (422, "UNKNOWN_AWARD"),
            (422, "FLAG_NEEDS_LONGER_MOVEMENT"),
            (422, "BLOCK_NOT_IN_PROVINCE"),
            (422, "UNIT_NOT_IN_PROVINCE"),
            (422, "FILE_TYPE_NOT_ALLOWED"),
        ),
    },
    description="The Board launches a movement; the units it reaches are notified "
    "in the app and by e-mail. A thematic movement (chuyen_de, dot) leads to "
    "co_thi_dua_tinh only when it lasts at least 3 years, to co_thi_dua_chinh_phu 5.",
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser, MultiPartParser, FormParser])
def movements(request):
    if request.method == "GET":
        qs = selectors.visible_movements(
            request.user,
            province=request.query_params.get("province"),
            kind=request.query_params.get("kind"),
            year=request.query_params.get("year"),
        )
        return paginated(request, qs, MovementOut)
    data = validated(MovementIn, request.data)
    province = org_selectors.get_province_for(request.user, data["province"])
    movement = services.launch_movement(
        actor=request.user,
        province=province,
        name=data["name"],
        kind=data["kind"],
        issuing_authority=data["issuing_authority"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        document_number=data["document_number"],
        document_date=data["document_date"],
        document=data["document_file"],
        theme=data["theme"],
        targets=data["targets"],
        blocks=_blocks(data["blocks"]),
        units=_units(data["units"], "units"),
        awards=data["awards"],
    )
    return _movement_answer(request, movement, status.HTTP_201_CREATED)


@extend_schema(responses={200: MovementOut, **errors((404, "NOT_FOUND"))})
@api_view(["GET"])
def movement_detail(request, pk: int):
    return Response(MovementOut(selectors.get_movement_for(request.user, pk)).data)


@extend_schema(
    methods=["GET"],
    operation_id="movement_reports_list",
    parameters=PAGE_PARAMETERS,
    responses={200: page_of(ReportOut, "ReportPage"), **errors((404, "NOT_FOUND"))},
)
@extend_schema(
    methods=["POST"],
    operation_id="movement_reports_create",
    request={"application/json": ReportIn, "multipart/form-data": ReportIn},
    responses={
        201: ReportOut,
        **errors(
            (404, "NOT_FOUND"),
            (413, "FILE_TOO_LARGE"),
            (422, "REPORT_EMPTY"),
            (422, "MOVEMENT_NOT_FOR_UNIT"),
            (422, "UNIT_NOT_IN_PROVINCE"),
            (422, "FILE_TYPE_NOT_ALLOWED"),
        ),
    },
    description="A unit reports progress on the movement: a short text, named "
    "figures and an optional file.",
)
@api_view(["GET", "POST"])
@parser_classes([JSONParser, MultiPartParser, FormParser])
def movement_reports(request, pk: int):
    movement = selectors.get_movement_for(request.user, pk)
    if request.method == "GET":
        qs = movement.reports.select_related("unit").order_by("-reported_at", "-pk")
        return paginated(request, qs, ReportOut)
    data = validated(ReportIn, request.data)
    unit = org_selectors.get_unit_for(request.user, data["unit"])
    report = services.report_progress(
        actor=request.user,
        movement=movement,
        unit=unit,
        text=data["text"],
        figures=data["figures"],
        upload=data["file"],
    )
    return Response(ReportOut(report).data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=PAGE_PARAMETERS,
    responses={200: page_of(ProgressOut, "ProgressPage"), **errors((404, "NOT_FOUND"))},
    description="Unit by unit: registrations for the movement (those the caller may "
    "see), number of reports and the latest one.",
)
@api_view(["GET"])
def movement_progress(request, pk: int):
    movement = selectors.get_movement_for(request.user, pk)
    rows = selectors.movement_progress(request.user, movement)
    return _list_page(request, rows, ProgressOut)


# --- Registrations -----------------------------------------------------------------------


@extend_schema(
    methods=["GET"],
    operation_id="registrations_list",
    parameters=[
        *PAGE_PARAMETERS,
        OpenApiParameter("year", int),
        OpenApiParameter("unit", int),
        OpenApiParameter("block", int, description="units of this block that year"),
        OpenApiParameter("status", str, enum=Registration.Status.values),
        OpenApiParameter("movement", int),
        OpenApiParameter("province", int),
    ],
    responses={200: page_of(RegistrationOut, "RegistrationPage"), **errors()},
    description="Registrations the caller may see: a unit's own people see its "
    "registrations; the block's secretariat and the Board see all of theirs; "
    "approved registrations are visible to everyone in the province.",
)
@extend_schema(
    methods=["POST"],
    operation_id="registrations_create",
    request=RegistrationIn,
    responses={
        201: RegistrationOut,
        **errors(
            (404, "NOT_FOUND"),
            (422, "ALREADY_REGISTERED"),
            (422, "PERSON_ALREADY_REGISTERED"),
            (422, "PERSON_LISTED_TWICE"),
            (422, "PERSON_NOT_IN_UNIT"),
            (422, "UNKNOWN_TITLE"),
            (422, "YEAR_OUTSIDE_MOVEMENT"),
            (422, "MOVEMENT_NOT_FOR_UNIT"),
            (422, "UNIT_NOT_ACTIVE"),
        ),
    },
    description="A unit registers (as a draft) for the year's titles (no movement) "
    "or for a movement: once per year for each. A person registers for at most one "
    "title a year.",
)
@api_view(["GET", "POST"])
def registrations(request):
    if request.method == "GET":
        params = request.query_params
        status_filter = params.get("status") or None
        if status_filter and status_filter not in Registration.Status.values:
            raise DomainError(
                "VALIDATION_ERROR", details={"fields": {"status": [status_filter]}}
            )
        qs = selectors.visible_registrations(
            request.user,
            year=params.get("year"),
            unit=params.get("unit"),
            block=params.get("block"),
            status=status_filter,
            movement=params.get("movement"),
            province=params.get("province"),
        )
        return paginated(request, qs, RegistrationOut)
    data = validated(RegistrationIn, request.data)
    unit = org_selectors.get_unit_for(request.user, data["unit"])
    movement = (
        selectors.get_movement_for(request.user, data["movement"])
        if data["movement"]
        else None
    )
    registration = services.register(
        actor=request.user,
        unit=unit,
        year=data["year"],
        movement=movement,
        targets=data["targets"],
        unit_title=data["unit_title"],
        people=_people(data),
    )
    return _registration_answer(request, registration, status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    operation_id="registration_read",
    responses={200: RegistrationOut, **errors((404, "NOT_FOUND"))},
)
@extend_schema(
    methods=["PUT"],
    operation_id="registration_write",
    request=RegistrationUpdateIn,
    responses={
        200: RegistrationOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "REGISTRATION_NOT_EDITABLE"),
            (422, "PERSON_ALREADY_REGISTERED"),
            (422, "PERSON_LISTED_TWICE"),
            (422, "PERSON_NOT_IN_UNIT"),
        ),
    },
    description="Change a draft or returned registration (targets, title, people).",
)
@api_view(["GET", "PUT"])
def registration_detail(request, pk: int):
    registration = selectors.get_registration_for(request.user, pk)
    if request.method == "GET":
        return Response(RegistrationOut(registration).data)
    data = validated(RegistrationUpdateIn, request.data)
    services.update_registration(
        actor=request.user,
        registration=registration,
        targets=data["targets"],
        unit_title=data["unit_title"],
        people=_people(data),
    )
    return _registration_answer(request, registration)


@extend_schema(
    request=None,
    responses={
        200: RegistrationOut,
        **errors((404, "NOT_FOUND"), (409, "INVALID_TRANSITION")),
    },
    description="The unit submits its draft (or returned) registration to its block.",
)
@api_view(["POST"])
def registration_submit(request, pk: int):
    registration = selectors.get_registration_for(request.user, pk)
    services.submit_registration(actor=request.user, registration=registration)
    return _registration_answer(request, registration)


@extend_schema(
    request=None,
    responses={
        200: RegistrationOut,
        **errors((404, "NOT_FOUND"), (409, "INVALID_TRANSITION")),
    },
    description="The block's secretariat (or the Board) approves a submitted "
    "registration.",
)
@api_view(["POST"])
def registration_approve(request, pk: int):
    registration = selectors.get_registration_for(request.user, pk)
    services.approve_registration(actor=request.user, registration=registration)
    return _registration_answer(request, registration)


@extend_schema(
    request=ReturnIn,
    responses={
        200: RegistrationOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "INVALID_TRANSITION"),
            (422, "REASON_REQUIRED"),
        ),
    },
    description="The block's secretariat returns a submitted registration with the "
    "reason; the unit changes it and submits it again.",
)
@api_view(["POST"])
def registration_return(request, pk: int):
    registration = selectors.get_registration_for(request.user, pk)
    data = validated(ReturnIn, request.data)
    services.return_registration(
        actor=request.user, registration=registration, reason=data["reason"]
    )
    return _registration_answer(request, registration)


# --- Advanced models ---------------------------------------------------------------------


@extend_schema(
    methods=["GET"],
    operation_id="advanced_models_list",
    parameters=[
        *PAGE_PARAMETERS,
        OpenApiParameter("year", int),
        OpenApiParameter("unit", int),
        OpenApiParameter("movement", int),
        OpenApiParameter("province", int),
        OpenApiParameter("status", str, enum=AdvancedModel.Status.values),
    ],
    responses={200: page_of(ModelOut, "AdvancedModelPage"), **errors()},
    description="Published models, and the drafts the caller's unit, block or "
    "province may see.",
)
@extend_schema(
    methods=["POST"],
    operation_id="advanced_models_create",
    request=ModelIn,
    responses={
        201: ModelOut,
        **errors(
            (404, "NOT_FOUND"),
            (422, "MODEL_SUBJECT_REQUIRED"),
            (422, "PERSON_NOT_IN_UNIT"),
            (422, "MOVEMENT_NOT_FOR_UNIT"),
        ),
    },
    description="A unit records an advanced model: a person of the unit or a "
    "collective (one of them). Evidence and photos: POST …/files.",
)
@api_view(["GET", "POST"])
def advanced_models(request):
    params = request.query_params
    if request.method == "GET":
        status_filter = params.get("status") or None
        if status_filter and status_filter not in AdvancedModel.Status.values:
            raise DomainError(
                "VALIDATION_ERROR", details={"fields": {"status": [status_filter]}}
            )
        qs = selectors.visible_models(
            request.user,
            year=params.get("year"),
            unit=params.get("unit"),
            movement=params.get("movement"),
            province=params.get("province"),
            status=status_filter,
        )
        return paginated(request, qs, ModelOut)
    data = validated(ModelIn, request.data)
    unit = org_selectors.get_unit_for(request.user, data["unit"])
    person = (
        org_selectors.get_person_for(request.user, data["person"])
        if data["person"]
        else None
    )
    movement = (
        selectors.get_movement_for(request.user, data["movement"])
        if data["movement"]
        else None
    )
    model = services.record_model(
        actor=request.user,
        unit=unit,
        year=data["year"],
        kind=data["kind"],
        person=person,
        collective_name=data["collective_name"],
        achievement=data["achievement"],
        movement=movement,
        replication=data["replication"],
    )
    return _model_answer(request, model, status.HTTP_201_CREATED)


@extend_schema(responses={200: ModelOut, **errors((404, "NOT_FOUND"))})
@api_view(["GET"])
def advanced_model_detail(request, pk: int):
    return Response(ModelOut(selectors.get_model_for(request.user, pk)).data)


@extend_schema(
    request={"multipart/form-data": ModelFileIn},
    responses={
        201: ModelOut,
        **errors(
            (404, "NOT_FOUND"),
            (413, "FILE_TOO_LARGE"),
            (422, "FILE_TYPE_NOT_ALLOWED"),
        ),
    },
    description="Attach evidence or a photo (PDF, DOCX, XLSX, JPEG, PNG).",
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
def advanced_model_files(request, pk: int):
    model = selectors.get_model_for(request.user, pk, "model.create")
    data = validated(ModelFileIn, request.data)
    services.update_model(
        actor=request.user,
        model=model,
        achievement=model.achievement,
        replication=model.replication,
        uploads=[data["file"]],
    )
    return _model_answer(request, model, status.HTTP_201_CREATED)


@extend_schema(
    request=None,
    responses={
        200: ModelOut,
        **errors((404, "NOT_FOUND"), (409, "INVALID_TRANSITION")),
    },
    description="The block or the Board publishes the model to the public page.",
)
@api_view(["POST"])
def advanced_model_publish(request, pk: int):
    model = selectors.get_model_for(request.user, pk)
    services.publish_model(actor=request.user, model=model)
    return _model_answer(request, model)


# --- Notifications ---------------------------------------------------------------------


@extend_schema(
    parameters=[
        *PAGE_PARAMETERS,
        OpenApiParameter("unread", OpenApiTypes.BOOL, description="only unread ones"),
    ],
    responses={200: page_of(NotificationOut, "NotificationPage"), **errors()},
)
@api_view(["GET"])
def notifications(request):
    qs = selectors.notifications_of(request.user)
    if request.query_params.get("unread") in ("1", "true", "True"):
        qs = qs.filter(read_at__isnull=True)
    return paginated(request, qs, NotificationOut)


@extend_schema(
    request=None,
    responses={200: NotificationOut, **errors((404, "NOT_FOUND"))},
)
@api_view(["POST"])
def notification_read(request, pk: int):
    notification = selectors.get_notification_for(request.user, pk)
    services.mark_notifications_read(actor=request.user, ids=[notification.pk])
    return Response(NotificationOut(Notification.objects.get(pk=notification.pk)).data)


# --- The annual rotation -----------------------------------------------------------------


@extend_schema(
    request=CopyIn,
    responses={
        201: org_api.BlockYearCreatedOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "BLOCK_YEAR_EXISTS"),
            (422, "UNIT_ALREADY_IN_BLOCK"),
            (422, "DEPUTY_REQUIRED"),
            (422, "HEAD_IS_DEPUTY"),
            (422, "HEAD_NOT_ROTATED"),
            (422, "UNIT_NOT_IN_PROVINCE"),
        ),
    },
    description="Start the block's next year from this one: its members, the given "
    "head and deputies, the covenant, and the required documents with their due "
    "dates a year later. 409 BLOCK_YEAR_EXISTS when the next year exists.",
)
@api_view(["POST"])
def block_year_copy(request, pk: int):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    data = validated(CopyIn, request.data)
    deputy_ids = list(data["deputy_units"])
    if data["deputy_unit"] and data["deputy_unit"] not in deputy_ids:
        deputy_ids.insert(0, data["deputy_unit"])
    units = _units([data["head_unit"], *deputy_ids], "units")
    result = services.copy_block_year_setup(
        actor=request.user, block_year=block_year, head=units[0], deputies=units[1:]
    )
    fresh = org_selectors.get_block_year_for_system(result.block_year.pk)
    return Response(
        org_api.BlockYearCreatedOut(fresh, context={"warnings": result.warnings}).data,
        status=status.HTTP_201_CREATED,
    )


api_urlpatterns = [
    path("movements", movements, name="movements"),
    path("movements/<int:pk>", movement_detail, name="movement_detail"),
    path("movements/<int:pk>/reports", movement_reports, name="movement_reports"),
    path("movements/<int:pk>/progress", movement_progress, name="movement_progress"),
    path("registrations", registrations, name="registrations"),
    path("registrations/<int:pk>", registration_detail, name="registration_detail"),
    path(
        "registrations/<int:pk>/submit", registration_submit, name="registration_submit"
    ),
    path(
        "registrations/<int:pk>/approve",
        registration_approve,
        name="registration_approve",
    ),
    path(
        "registrations/<int:pk>/return", registration_return, name="registration_return"
    ),
    path("advanced-models", advanced_models, name="advanced_models"),
    path(
        "advanced-models/<int:pk>", advanced_model_detail, name="advanced_model_detail"
    ),
    path(
        "advanced-models/<int:pk>/files",
        advanced_model_files,
        name="advanced_model_files",
    ),
    path(
        "advanced-models/<int:pk>/publish",
        advanced_model_publish,
        name="advanced_model_publish",
    ),
    path("notifications", notifications, name="notifications"),
    path("notifications/<int:pk>/read", notification_read, name="notification_read"),
    path(
        "block-years/<int:pk>/copy-to-next-year",
        block_year_copy,
        name="block_year_copy",
    ),
]
