"""JSON API v1: the "Organisations" table of api.md. Glue only: parse → service → answer."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import (
    api_view,
    content_negotiation_class,
    parser_classes,
)
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from thidua.core import xlsx
from thidua.core.api_support import (
    MAX_ID,
    PAGE_PARAMETERS,
    DownloadNegotiation,
    errors,
    int_query,
    page_of,
    paginated,
    validated,
)
from thidua.core.errors import DomainError
from thidua.organizations import selectors, services, spreadsheets
from thidua.organizations.models import BlockYear, Unit
from thidua.organizations.services.imports import may_import_people

# --- Output shapes -------------------------------------------------------------------


class ProvinceOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class UnitOut(serializers.Serializer):
    id = serializers.IntegerField()
    province = serializers.IntegerField(source="province_id")
    province_name = serializers.CharField(source="province.name")
    name = serializers.CharField()
    short_name = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    parent_name = serializers.SerializerMethodField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    predecessors = serializers.SerializerMethodField()
    successors = serializers.SerializerMethodField()

    def get_parent_name(self, unit: Unit) -> str | None:
        return unit.parent.name if unit.parent_id else None

    # Units from ``selectors.visible_units`` carry the lists prefetched.
    def get_predecessors(self, unit: Unit) -> list[int]:
        found = getattr(unit, "predecessor_list", None)
        return sorted(
            u.pk for u in (unit.predecessors.all() if found is None else found)
        )

    def get_successors(self, unit: Unit) -> list[int]:
        found = getattr(unit, "successor_list", None)
        return sorted(u.pk for u in (unit.successors.all() if found is None else found))


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    full_name = serializers.CharField()
    gender = serializers.CharField()
    position = serializers.CharField()
    is_leader = serializers.BooleanField()
    email = serializers.CharField()


class BlockOut(serializers.Serializer):
    id = serializers.IntegerField()
    province = serializers.IntegerField(source="province_id")
    province_name = serializers.CharField(source="province.name")
    name = serializers.CharField()
    kind = serializers.CharField()


class MemberOut(serializers.Serializer):
    id = serializers.IntegerField(source="unit_id")
    name = serializers.CharField(source="unit.name")
    role = serializers.CharField()
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)


class WarningOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class BlockYearOut(serializers.Serializer):
    id = serializers.IntegerField()
    block = serializers.IntegerField(source="block_id")
    block_name = serializers.CharField(source="block.name")
    year = serializers.IntegerField()
    theme = serializers.CharField()
    slogan = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    head_unit = serializers.SerializerMethodField()
    head_unit_name = serializers.SerializerMethodField()
    deputy_unit = serializers.SerializerMethodField()
    deputy_unit_name = serializers.SerializerMethodField()
    deputy_units = serializers.SerializerMethodField()
    members = serializers.SerializerMethodField()
    # Filled by the block's-year capability (covenant, requirements) when present.
    covenant = serializers.SerializerMethodField()
    requirements = serializers.SerializerMethodField()

    def get_head_unit(self, by: BlockYear) -> int | None:
        head = selectors.head_of(by)
        return head.unit_id if head else None

    def get_head_unit_name(self, by: BlockYear) -> str | None:
        head = selectors.head_of(by)
        return head.unit.name if head else None

    def get_deputy_unit(self, by: BlockYear) -> int | None:
        deputies = selectors.deputies_of(by)
        return deputies[0].unit_id if deputies else None

    def get_deputy_unit_name(self, by: BlockYear) -> str | None:
        deputies = selectors.deputies_of(by)
        return deputies[0].unit.name if deputies else None

    def get_deputy_units(self, by: BlockYear) -> list[int]:
        return [m.unit_id for m in selectors.deputies_of(by)]

    def get_members(self, by: BlockYear) -> list[dict[str, Any]]:
        return MemberOut(selectors.members_by_role(by), many=True).data

    def get_covenant(self, by: BlockYear) -> dict[str, Any] | None:
        return None

    def get_requirements(self, by: BlockYear) -> list[dict[str, Any]]:
        return []


class BlockYearCreatedOut(BlockYearOut):
    warnings = serializers.SerializerMethodField()

    def get_warnings(self, by: BlockYear) -> list[dict[str, str]]:
        return [
            {"code": code, "message": DomainError(code).message}
            for code in self.context.get("warnings", [])
        ]


# --- Input shapes --------------------------------------------------------------------


class ProvinceIn(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    code = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default=""
    )


class UnitIn(serializers.Serializer):
    province = serializers.IntegerField()
    name = serializers.CharField(max_length=255)
    short_name = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    parent = serializers.IntegerField(required=False, allow_null=True, default=None)
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)


class NewUnitIn(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    short_name = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )


class ReorganizeIn(serializers.Serializer):
    sources = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    targets = NewUnitIn(many=True, required=False)
    target = serializers.IntegerField(required=False, allow_null=True, default=None)
    date = serializers.DateField()
    province = serializers.IntegerField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        has_targets = bool(attrs.get("targets"))
        if has_targets == (attrs.get("target") is not None):
            raise serializers.ValidationError("Give either targets or target.")
        return attrs


class PersonIn(serializers.Serializer):
    unit = serializers.IntegerField()
    full_name = serializers.CharField(max_length=120)
    gender = serializers.ChoiceField(choices=["male", "female"])
    position = serializers.CharField(
        max_length=160, required=False, allow_blank=True, default=""
    )
    is_leader = serializers.BooleanField(required=False, default=False)
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class BlockIn(serializers.Serializer):
    province = serializers.IntegerField()
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=["khoi", "cum"])


class BlockYearIn(serializers.Serializer):
    year = serializers.IntegerField(min_value=1945, max_value=2200)
    theme = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    slogan = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    head_unit = serializers.IntegerField()
    deputy_unit = serializers.IntegerField(
        required=False, allow_null=True, default=None
    )
    deputy_units = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list
    )
    members = serializers.ListField(child=serializers.IntegerField(), default=list)
    decision_number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)


# --- Helpers -------------------------------------------------------------------------


def _units_by_id(ids: list[int], field: str) -> dict[int, Unit]:
    storable = {i for i in ids if abs(i) <= MAX_ID}  # larger ids cannot exist
    found = {
        u.pk: u for u in Unit.objects.filter(pk__in=storable).select_related("province")
    }
    missing = sorted(set(ids) - set(found))
    if missing:
        raise DomainError("NOT_FOUND", details={"field": field, "ids": missing})
    return found


def _block_year_answer(
    by: BlockYear, warnings: list[str], status_code: int
) -> Response:
    fresh = selectors.get_block_year_for_system(by.pk)
    return Response(
        BlockYearCreatedOut(fresh, context={"warnings": warnings}).data,
        status=status_code,
    )


# --- Provinces -----------------------------------------------------------------------


@extend_schema(
    methods=["GET"],
    operation_id="provinces_list",
    parameters=[*PAGE_PARAMETERS, OpenApiParameter("q", str)],
    responses={200: page_of(ProvinceOut, "ProvincePage"), **errors()},
)
@extend_schema(
    methods=["POST"],
    operation_id="provinces_create",
    request=ProvinceIn,
    responses={201: ProvinceOut, **errors()},
)
@api_view(["GET", "POST"])
def provinces(request):
    if request.method == "GET":
        qs = selectors.visible_provinces(request.user, q=request.query_params.get("q"))
        return paginated(request, qs, ProvinceOut)
    data = validated(ProvinceIn, request.data)
    province = services.create_province(actor=request.user, **data)
    return Response(ProvinceOut(province).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: ProvinceOut, **errors((404, "NOT_FOUND"))})
@api_view(["GET"])
def province_detail(request, pk: int):
    return Response(ProvinceOut(selectors.get_province_for(request.user, pk)).data)


# --- Units ---------------------------------------------------------------------------


@extend_schema(
    methods=["GET"],
    operation_id="units_list",
    parameters=[
        *PAGE_PARAMETERS,
        OpenApiParameter("province", int),
        OpenApiParameter("q", str, description="matches ignoring diacritics and case"),
        OpenApiParameter("block", int),
        OpenApiParameter("year", int),
    ],
    responses={200: page_of(UnitOut, "UnitPage"), **errors()},
)
@extend_schema(
    methods=["POST"],
    operation_id="units_create",
    request=UnitIn,
    responses={
        201: UnitOut,
        **errors(
            (404, "NOT_FOUND"), (422, "PARENT_NOT_IN_PROVINCE"), (422, "PARENT_CYCLE")
        ),
    },
)
@api_view(["GET", "POST"])
def units(request):
    if request.method == "GET":
        qs = selectors.visible_units(
            request.user,
            province=int_query(request, "province"),
            q=request.query_params.get("q"),
            block=int_query(request, "block"),
            year=int_query(request, "year"),
        )
        return paginated(request, qs, UnitOut)
    data = validated(UnitIn, request.data)
    province = selectors.get_province_for(request.user, data["province"])
    parent = (
        selectors.get_unit_for(request.user, data["parent"]) if data["parent"] else None
    )
    unit = services.create_unit(
        actor=request.user,
        province=province,
        name=data["name"],
        short_name=data["short_name"],
        parent=parent,
        valid_from=data["valid_from"],
    )
    return Response(
        UnitOut(selectors.get_unit_for(request.user, unit.pk)).data,
        status=status.HTTP_201_CREATED,
    )


@extend_schema(responses={200: UnitOut, **errors((404, "NOT_FOUND"))})
@api_view(["GET"])
def unit_detail(request, pk: int):
    return Response(UnitOut(selectors.get_unit_for(request.user, pk)).data)


@extend_schema(
    request=ReorganizeIn,
    responses={
        201: page_of(UnitOut, "UnitList"),
        **errors(
            (404, "NOT_FOUND"),
            (409, "UNIT_ALREADY_REORGANIZED"),
            (422, "TARGET_IS_SOURCE"),
            (422, "DUPLICATE_SOURCE"),
            (422, "PROVINCE_UNKNOWN"),
        ),
    },
)
@api_view(["POST"])
def units_reorganize(request):
    data = validated(ReorganizeIn, request.data)
    by_id = _units_by_id(data["sources"], "sources")
    sources = [by_id[i] for i in data["sources"]]
    for unit in sources:
        selectors.get_unit_for(request.user, unit.pk)
    target = (
        selectors.get_unit_for(request.user, data["target"]) if data["target"] else None
    )
    province = (
        selectors.get_province_for(request.user, data["province"])
        if data["province"]
        else None
    )
    successors = services.reorganize_units(
        actor=request.user,
        sources=sources,
        effective=data["date"],
        new_units=[services.NewUnit(**t) for t in data.get("targets") or []],
        target=target,
        province=province,
    )
    rows = list(
        selectors.visible_units(request.user).filter(pk__in=[u.pk for u in successors])
    )
    return Response(
        {"items": UnitOut(rows, many=True).data, "count": len(rows)},
        status=status.HTTP_201_CREATED,
    )


# --- People --------------------------------------------------------------------------


@extend_schema(
    methods=["GET"],
    operation_id="people_list",
    parameters=[
        *PAGE_PARAMETERS,
        OpenApiParameter("unit", int),
        OpenApiParameter("province", int),
        OpenApiParameter("q", str),
    ],
    responses={200: page_of(PersonOut, "PersonPage"), **errors()},
)
@extend_schema(
    methods=["POST"],
    operation_id="people_create",
    request=PersonIn,
    responses={201: PersonOut, **errors((404, "NOT_FOUND"))},
)
@api_view(["GET", "POST"])
def people(request):
    if request.method == "GET":
        qs = selectors.visible_people(
            request.user,
            unit=int_query(request, "unit"),
            province=int_query(request, "province"),
            q=request.query_params.get("q"),
        )
        return paginated(request, qs, PersonOut)
    data = validated(PersonIn, request.data)
    unit = selectors.get_unit_for(request.user, data.pop("unit"))
    person = services.create_person(actor=request.user, unit=unit, **data)
    return Response(PersonOut(person).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: PersonOut, **errors((404, "NOT_FOUND"))})
@api_view(["GET"])
def person_detail(request, pk: int):
    return Response(PersonOut(selectors.get_person_for(request.user, pk)).data)


# --- Blocks and block years ----------------------------------------------------------


@extend_schema(
    methods=["GET"],
    operation_id="blocks_list",
    parameters=[
        *PAGE_PARAMETERS,
        OpenApiParameter("province", int),
        OpenApiParameter("q", str),
    ],
    responses={200: page_of(BlockOut, "BlockPage"), **errors()},
)
@extend_schema(
    methods=["POST"],
    operation_id="blocks_create",
    request=BlockIn,
    responses={201: BlockOut, **errors((404, "NOT_FOUND"))},
)
@api_view(["GET", "POST"])
def blocks(request):
    if request.method == "GET":
        qs = selectors.visible_blocks(
            request.user,
            province=int_query(request, "province"),
            q=request.query_params.get("q"),
        )
        return paginated(request, qs, BlockOut)
    data = validated(BlockIn, request.data)
    province = selectors.get_province_for(request.user, data["province"])
    block = services.create_block(
        actor=request.user, province=province, name=data["name"], kind=data["kind"]
    )
    return Response(BlockOut(block).data, status=status.HTTP_201_CREATED)


@extend_schema(responses={200: BlockOut, **errors((404, "NOT_FOUND"))})
@api_view(["GET"])
def block_detail(request, pk: int):
    return Response(BlockOut(selectors.get_block_for(request.user, pk)).data)


@extend_schema(
    methods=["GET"],
    operation_id="block_years_list",
    parameters=PAGE_PARAMETERS,
    responses={
        200: page_of(BlockYearOut, "BlockYearPage"),
        **errors((404, "NOT_FOUND")),
    },
)
@extend_schema(
    methods=["POST"],
    operation_id="block_years_create",
    request=BlockYearIn,
    responses={
        201: BlockYearCreatedOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "BLOCK_YEAR_EXISTS"),
            (422, "UNIT_ALREADY_IN_BLOCK"),
            (422, "DEPUTY_REQUIRED"),
            (422, "HEAD_IS_DEPUTY"),
            (422, "UNIT_NOT_IN_PROVINCE"),
            (422, "UNIT_NOT_ACTIVE"),
            (422, "BLOCK_SIZE_OUT_OF_RANGE"),
            (422, "HEAD_NOT_ROTATED"),
        ),
    },
)
@api_view(["GET", "POST"])
def block_years(request, pk: int):
    block = selectors.get_block_for(request.user, pk)
    if request.method == "GET":
        qs = selectors.block_years_of(block).select_related("block")
        return paginated(request, qs, BlockYearOut)
    data = validated(BlockYearIn, request.data)
    deputy_ids = list(data["deputy_units"])
    if data["deputy_unit"] is not None and data["deputy_unit"] not in deputy_ids:
        deputy_ids.insert(0, data["deputy_unit"])
    by_id = _units_by_id([data["head_unit"], *deputy_ids, *data["members"]], "members")
    result = services.create_block_year(
        actor=request.user,
        block=block,
        year=data["year"],
        head=by_id[data["head_unit"]],
        deputies=[by_id[i] for i in deputy_ids],
        members=[by_id[i] for i in data["members"]],
        theme=data["theme"],
        slogan=data["slogan"],
        decision_number=data["decision_number"],
        decision_date=data["decision_date"],
    )
    return _block_year_answer(
        result.block_year, result.warnings, status.HTTP_201_CREATED
    )


@extend_schema(responses={200: BlockYearOut, **errors((404, "NOT_FOUND"))})
@api_view(["GET"])
def block_year_detail(request, pk: int):
    return Response(BlockYearOut(selectors.get_block_year_for(request.user, pk)).data)


# --- Spreadsheets: the unit list export and the imports ------------------------------


class ImportIn(serializers.Serializer):
    province = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    file = serializers.FileField(
        help_text="An XLSX workbook (checked by content), at most 20 MB."
    )


class ImportOut(serializers.Serializer):
    created = serializers.IntegerField()
    items = serializers.ListField(child=serializers.IntegerField())


_IMPORT_ERRORS = (
    (404, "NOT_FOUND"),
    (413, "FILE_TOO_LARGE"),
    (415, "UNSUPPORTED_MEDIA_TYPE"),
    (422, "FILE_TYPE_NOT_ALLOWED"),
    (422, "IMPORT_INVALID"),
)
_IMPORT_DESCRIPTION = (
    "All rows or none: any problem answers 422 `IMPORT_INVALID` with "
    "`details.rows: [{row, column, message}]` and nothing is written. "
)


@extend_schema(
    operation_id="units_export_xlsx",
    tags=["units"],
    parameters=[OpenApiParameter("province", int, required=True)],
    responses={
        (200, xlsx.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        **errors((404, "NOT_FOUND")),
    },
    description="The province's units visible to the caller, as an XLSX file whose "
    "columns `POST /imports/units` reads back.",
)
@api_view(["GET"])
@content_negotiation_class(DownloadNegotiation)
def units_export(request):
    province_id = int_query(request, "province")
    if province_id is None:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"province": ["required"]}}
        )
    province = selectors.get_province_for(request.user, province_id)
    units = selectors.visible_units(request.user, province=province.pk)
    return xlsx.response(
        spreadsheets.units_workbook(units), spreadsheets.units_filename(province)
    )


@extend_schema(
    operation_id="imports_units",
    request={"multipart/form-data": ImportIn},
    responses={201: ImportOut, **errors(*_IMPORT_ERRORS)},
    description=_IMPORT_DESCRIPTION
    + "Columns: Tên đơn vị (required), Tên viết tắt, Đơn vị cấp trên (a unit of the "
    "province, its id, or another row), Hiệu lực từ (dd/mm/yyyy or a date cell).",
)
@api_view(["POST"])
@parser_classes([MultiPartParser])
def imports_units(request):
    data = validated(ImportIn, request.data)
    province = selectors.get_province_for(
        request.user, data["province"], "import.units"
    )
    rows = xlsx.read_rows(data["file"], spreadsheets.UNIT_COLUMNS)
    units = services.import_units(actor=request.user, province=province, rows=rows)
    return Response(
        ImportOut({"created": len(units), "items": [u.pk for u in units]}).data,
        status=status.HTTP_201_CREATED,
    )


@extend_schema(
    operation_id="imports_people",
    request={"multipart/form-data": ImportIn},
    responses={201: ImportOut, **errors(*_IMPORT_ERRORS)},
    description=_IMPORT_DESCRIPTION
    + "Columns: Họ và tên, Giới tính (Nam/Nữ), Đơn vị (name or id), Chức vụ, "
    "Lãnh đạo (Có/Không), Email. A unit officer imports into their own unit only.",
)
@api_view(["POST"])
@parser_classes([MultiPartParser])
def imports_people(request):
    data = validated(ImportIn, request.data)
    province = selectors.get_province_for(request.user, data["province"])
    if not may_import_people(request.user, province):
        raise DomainError("PERMISSION_DENIED")
    rows = xlsx.read_rows(data["file"], spreadsheets.PERSON_COLUMNS)
    people = services.import_people(actor=request.user, province=province, rows=rows)
    return Response(
        ImportOut({"created": len(people), "items": [p.pk for p in people]}).data,
        status=status.HTTP_201_CREATED,
    )
