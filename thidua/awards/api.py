"""JSON API of the awards app (issue 5; api.md "Awards"): the facts the eligibility
rules read, eligibility answers, proposals and their dossiers, the council's vote,
decisions with their cash amounts, the award history and the province's list.
Glue only: parse → the same services as the pages → answer.

Status codes where api.md leaves a choice:
- a rating or a staff summary answers 201 when it is the subject's first for the
  year, 200 when it replaces the earlier one (audited);
- a body naming both ``person`` and ``unit`` (or neither) is malformed: 400
  ``VALIDATION_ERROR``;
- a person or unit the caller cannot see, like an unknown id, is 404 ``NOT_FOUND``;
  one they see but may not act on is 403 ``PERMISSION_DENIED``.
"""

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import (
    api_view,
    content_negotiation_class,
    parser_classes,
)
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from thidua.awards import selectors, services
from thidua.awards.models import (
    AwardRecord,
    CalendarDay,
    Discipline,
    Initiative,
    Proposal,
    ProposalDocument,
    ViolationListing,
)
from thidua.core import xlsx
from thidua.core.access import require
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
from thidua.organizations import selectors as org_selectors
from thidua.organizations.models import Person, Unit
from thidua.rules import award_settings as settings_rules
from thidua.rules import eligibility as rules
from thidua.voting import selectors as voting_selectors

_COUNT = {"min_value": 0, "max_value": 2**31 - 1}


def _id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _year_field(**kwargs):
    return serializers.IntegerField(min_value=1945, max_value=2200, **kwargs)


def _text(max_length: int, **kwargs):
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


def _award_name(slug: str) -> str:
    return rules.AWARD_NAMES.get(slug, slug)


# --- Shapes: facts -----------------------------------------------------------------


class SubjectIn(serializers.Serializer):
    """``person`` or ``unit``: exactly one (both or neither is malformed)."""

    person = _id_field(required=False, allow_null=True, default=None)
    unit = _id_field(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if (attrs.get("person") is None) == (attrs.get("unit") is None):
            raise serializers.ValidationError(
                {"person": ["Name either a person or a unit, not both."]}
            )
        return attrs


class SubjectOut(serializers.Serializer):
    person = serializers.IntegerField(source="person_id", allow_null=True)
    person_name = serializers.SerializerMethodField()
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    unit_name = serializers.SerializerMethodField()

    def get_person_name(self, obj) -> str | None:
        return obj.person.full_name if obj.person_id else None

    def get_unit_name(self, obj) -> str | None:
        return obj.unit.name if obj.unit_id else None


class RatingIn(serializers.Serializer):
    year = _year_field()
    rating = serializers.ChoiceField(choices=rules.RATINGS)


class RatingOut(SubjectOut):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    rating = serializers.CharField(source="level")
    rating_name = serializers.CharField(source="get_level_display")
    updated_at = serializers.DateTimeField()


class DisciplineIn(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=Discipline.Kind.values, required=False, default="discipline"
    )
    level = serializers.ChoiceField(
        choices=["", *Discipline.Level.values],
        required=False,
        default="",
        help_text="Required for kind `discipline`.",
    )
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, default=None)
    note = _text(500)

    def validate(self, attrs):
        if attrs["kind"] == Discipline.Kind.DISCIPLINE and not attrs["level"]:
            raise serializers.ValidationError({"level": ["This field is required."]})
        if attrs["end"] is not None and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": ["Before the start."]})
        return attrs


class DisciplineOut(SubjectOut):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    level = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class LeaveIn(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[rules.MATERNITY], required=False, default=rules.MATERNITY
    )
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": ["Before the start."]})
        return attrs


class LeaveOut(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    person_name = serializers.CharField(source="person.full_name")
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


_STAFF = (
    "members",
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "completed_tasks",
    "disciplined_canh_cao_or_above",
)


class StaffSummaryIn(serializers.Serializer):
    year = _year_field()
    members = serializers.IntegerField(**_COUNT)
    lao_dong_tien_tien = serializers.IntegerField(**_COUNT)
    chien_si_thi_dua_co_so = serializers.IntegerField(**_COUNT)
    completed_tasks = serializers.IntegerField(**_COUNT)
    disciplined_canh_cao_or_above = serializers.IntegerField(**_COUNT)
    women = serializers.IntegerField(required=False, allow_null=True, **_COUNT)


class StaffSummaryOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    year = serializers.IntegerField()
    members = serializers.IntegerField()
    lao_dong_tien_tien = serializers.IntegerField()
    chien_si_thi_dua_co_so = serializers.IntegerField()
    completed_tasks = serializers.IntegerField()
    disciplined_canh_cao_or_above = serializers.IntegerField()
    women = serializers.IntegerField(allow_null=True)


class InitiativeIn(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    authors = serializers.ListField(child=_id_field(), min_length=1, max_length=50)
    scope = serializers.ChoiceField(choices=rules.SCOPES)
    recognized_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=60)


class InitiativeOut(serializers.Serializer):
    id = serializers.IntegerField()
    province = serializers.IntegerField(source="province_id")
    title = serializers.CharField()
    authors = serializers.SerializerMethodField()
    author_names = serializers.SerializerMethodField()
    scope = serializers.CharField(source="scope_level")
    recognized_on = serializers.DateField()
    decision_number = serializers.CharField()

    def _authors(self, initiative) -> list[Person]:
        return sorted(initiative.authors.all(), key=lambda p: p.pk)

    def get_authors(self, initiative) -> list[int]:
        return [p.pk for p in self._authors(initiative)]

    def get_author_names(self, initiative) -> list[str]:
        return [p.full_name for p in self._authors(initiative)]


class AwardRecordIn(SubjectIn):
    award = serializers.ChoiceField(choices=rules.AWARDS)
    year = _year_field()
    decision_number = _text(60)
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(
        choices=AwardRecord.Kind.values, required=False, default=rules.REGULAR
    )


class AwardOut(SubjectOut):
    """An award held (the history; decisions' awards)."""

    id = serializers.IntegerField()
    award = serializers.CharField()
    award_name = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    kind = serializers.CharField()
    decision = serializers.IntegerField(source="decision_id", allow_null=True)
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    proposal = serializers.IntegerField(source="proposal_id", allow_null=True)
    coefficient = serializers.FloatField(allow_null=True)
    base_salary = serializers.IntegerField(allow_null=True)
    cash_amount = serializers.IntegerField(allow_null=True)

    def get_award_name(self, record) -> str:
        return _award_name(record.award)


class HistoryRowOut(serializers.Serializer):
    id = serializers.IntegerField()
    award = serializers.CharField()
    award_name = serializers.CharField()
    year = serializers.IntegerField()
    kind = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    cash_amount = serializers.IntegerField(allow_null=True)
    via = serializers.CharField(
        allow_null=True,
        help_text="The predecessor unit the award was given to, by name; null for "
        "the subject's own awards.",
    )
    via_unit = serializers.IntegerField(allow_null=True)


class EligibilityQuery(serializers.Serializer):
    award = serializers.ChoiceField(choices=rules.AWARDS)
    year = _year_field()


class ReasonOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class EligibilityOut(serializers.Serializer):
    eligible = serializers.BooleanField(
        allow_null=True, help_text="null with reason MANUAL_REVIEW"
    )
    reasons = ReasonOut(many=True)
    legal_basis = serializers.ListField(child=serializers.CharField())


class ListingIn(SubjectIn):
    source = serializers.ChoiceField(choices=ViolationListing.Source.values)
    listed_on = serializers.DateField()
    note = _text(500)


class ListingOut(SubjectOut):
    id = serializers.IntegerField()
    source = serializers.CharField()
    source_name = serializers.CharField(source="get_source_display")
    listed_on = serializers.DateField()
    note = serializers.CharField()
    cleared_on = serializers.DateField(allow_null=True)
    cleared_reason = serializers.CharField()


class ClearIn(serializers.Serializer):
    # A blank reason is a domain refusal (422 REASON_REQUIRED), not a malformed body.
    reason = serializers.CharField(max_length=500, allow_blank=True)
    cleared_on = serializers.DateField(required=False, allow_null=True, default=None)


# --- Shapes: proposals and decisions -------------------------------------------------


class ProposalIn(SubjectIn):
    award = serializers.ChoiceField(choices=rules.AWARDS)
    year = _year_field()
    block_year = _id_field(required=False, allow_null=True, default=None)
    ballot_round = _id_field(required=False, allow_null=True, default=None)
    initiatives = serializers.ListField(
        child=_id_field(), required=False, default=list, max_length=50
    )
    summary = _text(20_000)


class ProposalOut(SubjectOut):
    id = serializers.IntegerField()
    status = serializers.CharField()
    award = serializers.CharField()
    award_name = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    province = serializers.IntegerField(source="province_id")
    province_name = serializers.CharField(source="province.name")
    block_year = serializers.IntegerField(source="block_year_id", allow_null=True)
    block_year_name = serializers.SerializerMethodField()
    ballot_round = serializers.IntegerField(source="ballot_round_id", allow_null=True)
    initiatives = serializers.SerializerMethodField()
    eligible = serializers.BooleanField(
        allow_null=True, help_text="The last eligibility verdict (kept for lists)."
    )
    missing_documents = serializers.SerializerMethodField()
    summary = serializers.CharField()
    reason = serializers.CharField(help_text="Why it was returned.")
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    accepted_at = serializers.DateTimeField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    disclosed_from = serializers.DateField(allow_null=True)
    disclosed_until = serializers.DateField(allow_null=True)

    def get_award_name(self, proposal) -> str:
        return _award_name(proposal.award)

    def get_block_year_name(self, proposal) -> str | None:
        by = proposal.block_year
        return f"{by.block.name} {by.year}" if by is not None else None

    def get_initiatives(self, proposal) -> list[int]:
        return sorted(i.pk for i in proposal.initiatives.all())

    def get_missing_documents(self, proposal) -> list[str]:
        return selectors.missing_documents_loaded(proposal)


class DocumentIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProposalDocument.Kind.values)
    file = serializers.FileField(allow_empty_file=True)


class DocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    proposal = serializers.IntegerField(source="proposal_id")
    kind = serializers.CharField()
    kind_name = serializers.CharField(source="get_kind_display")
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_by = serializers.IntegerField(source="uploaded_by_id")
    uploaded_by_name = serializers.CharField(source="uploaded_by.username")
    uploaded_at = serializers.DateTimeField()


class CouncilVoteIn(serializers.Serializer):
    members = serializers.IntegerField(**_COUNT)
    present = serializers.IntegerField(**_COUNT)
    yes = serializers.IntegerField(**_COUNT)
    written_opinions = serializers.IntegerField(required=False, default=0, **_COUNT)


class CouncilVoteOut(serializers.Serializer):
    id = serializers.IntegerField()
    proposal = serializers.IntegerField(source="proposal_id")
    members = serializers.IntegerField()
    present = serializers.IntegerField()
    yes = serializers.IntegerField()
    written_opinions = serializers.IntegerField()
    needed = serializers.IntegerField()
    passed = serializers.BooleanField()
    legal_basis = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class CommentOut(serializers.Serializer):
    id = serializers.IntegerField()
    author_name = serializers.CharField()
    body = serializers.CharField()
    received_at = serializers.DateTimeField()


class ProposalDetailOut(ProposalOut):
    eligibility = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    council_votes = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()

    @extend_schema_field(EligibilityOut)
    def get_eligibility(self, proposal) -> dict:
        answer = selectors.eligibility(
            proposal.subject, proposal.award, proposal.year, proposal=proposal.pk
        )
        return EligibilityOut(selectors.answer_json(answer)).data

    @extend_schema_field(DocumentOut(many=True))
    def get_documents(self, proposal) -> list:
        return DocumentOut(selectors.proposal_documents(proposal), many=True).data

    @extend_schema_field(CouncilVoteOut(many=True))
    def get_council_votes(self, proposal) -> list:
        return CouncilVoteOut(proposal.council_votes.all(), many=True).data

    @extend_schema_field(CommentOut(many=True))
    def get_comments(self, proposal) -> list:
        return CommentOut(
            proposal.comments.order_by("received_at", "id"), many=True
        ).data


class ProposalReturnIn(serializers.Serializer):
    # A blank reason is a domain refusal (422 REASON_REQUIRED), not a malformed body.
    reason = serializers.CharField(max_length=5000, allow_blank=True)


class AwardDecisionIn(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    date = serializers.DateField()
    signer = serializers.CharField(max_length=200)
    authority = serializers.CharField(max_length=200)
    proposals = serializers.ListField(child=_id_field(), max_length=500)


class DecisionAwardOut(SubjectOut):
    id = serializers.IntegerField()
    proposal = serializers.IntegerField(source="proposal_id", allow_null=True)
    award = serializers.CharField()
    award_name = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    coefficient = serializers.FloatField(allow_null=True)
    base_salary = serializers.IntegerField(allow_null=True)
    cash_amount = serializers.IntegerField(
        allow_null=True,
        help_text="VND: coefficient × the base salary in force on "
        "the decision date, rounded up to 10,000.",
    )

    def get_award_name(self, record) -> str:
        return _award_name(record.award)


class AwardDecisionOut(serializers.Serializer):
    id = serializers.IntegerField()
    province = serializers.IntegerField(source="province_id")
    province_name = serializers.CharField(source="province.name")
    number = serializers.CharField()
    date = serializers.DateField()
    signer = serializers.CharField()
    authority = serializers.CharField()
    recorded_at = serializers.DateTimeField()
    awards = DecisionAwardOut(many=True)


class ProposalListOut(serializers.Serializer):
    items = ProposalOut(many=True)
    count = serializers.IntegerField()


# --- Shapes: settings and calendar ---------------------------------------------------

_INT = {"min_value": -(2**31), "max_value": 2**31 - 1}


class AwardSettingsIO(serializers.Serializer):
    """The province's award settings (⚙ of domain.md §9). PUT replaces them: a
    setting left out goes back to its default. Percentages are whole numbers."""

    flag_quota_per_block = serializers.IntegerField(required=False, **_INT)
    bang_khen_quota_per_block = serializers.IntegerField(
        required=False, allow_null=True, **_INT
    )
    cstdcs_cap_percent = serializers.IntegerField(
        required=False, allow_null=True, **_INT
    )
    bang_khen_strict_reading = serializers.BooleanField(required=False)
    ttldxs_discipline_condition = serializers.BooleanField(required=False)
    consumed_not_reused = serializers.BooleanField(required=False)
    cstd_tinh_consecutive = serializers.CharField(required=False, max_length=20)
    lineage_merge = serializers.CharField(required=False, max_length=20)
    council_default_percent = serializers.IntegerField(required=False, **_INT)
    quorum_session_percent = serializers.IntegerField(
        required=False, allow_null=True, **_INT
    )
    quorum_award_review_percent = serializers.IntegerField(required=False, **_INT)
    event_lead_days = serializers.IntegerField(required=False, **_INT)
    disclosure_days = serializers.IntegerField(required=False, **_INT)
    future_law_enabled = serializers.BooleanField(required=False)
    council_threshold_percent = serializers.DictField(
        child=serializers.IntegerField(**_INT), required=False
    )


assert set(AwardSettingsIO().fields) == {  # noqa: S101
    *settings_rules.DEFAULTS,
    settings_rules.THRESHOLDS_KEY,
}


class CalendarDayIn(serializers.Serializer):
    day = serializers.DateField()
    kind = serializers.ChoiceField(
        choices=CalendarDay.Kind.values,
        allow_null=True,
        help_text="null removes the day from the calendar",
    )
    name = _text(200)


class CalendarDayOut(serializers.Serializer):
    day = serializers.DateField()
    kind = serializers.CharField(allow_null=True)
    name = serializers.CharField()


# --- Helpers -------------------------------------------------------------------------


def _unit(actor: Any, pk: int) -> Unit:
    return org_selectors.get_unit_for(actor, pk)


def _subject(actor: Any, data: dict) -> Person | Unit:
    if data.get("person") is not None:
        return selectors.get_person_for_awards(actor, data["person"])
    return _unit(actor, data["unit"])


def _readable(actor: Any, subject: Person | Unit) -> None:
    require(actor, "award.view", subject)


def _proposal(actor: Any, pk: int, action: str = "award.view") -> Proposal:
    if pk > MAX_ID:
        raise DomainError("NOT_FOUND")
    return selectors.get_proposal_for(actor, pk, action)


def _proposal_answer(actor: Any, proposal: Proposal, code: int = 200) -> Response:
    fresh = _proposal(actor, proposal.pk)
    return Response(ProposalDetailOut(fresh).data, status=code)


def _history(request, subject: Person | Unit) -> Response:
    if isinstance(subject, Person):
        qs = selectors.awards_of_person(subject)
    else:
        qs = selectors.awards_of_unit(subject)

    class _Row(HistoryRowOut):
        def to_representation(self, record):
            row = selectors.history_row(record, subject.pk)
            if isinstance(subject, Person):
                row["via"] = None
            row["via_unit"] = record.unit_id if row["via"] is not None else None
            return super().to_representation(row)

    return paginated(request, qs, _Row)


def _eligibility(request, subject: Person | Unit) -> Response:
    _readable(request.user, subject)
    query = validated(EligibilityQuery, request.query_params)
    answer = selectors.eligibility(subject, query["award"], query["year"])
    return Response(EligibilityOut(selectors.answer_json(answer)).data)


def _choice_query(request, name: str, choices) -> str | None:
    value = request.query_params.get(name) or None
    if value is not None and value not in choices:
        raise DomainError("VALIDATION_ERROR", details={"fields": {name: [value]}})
    return value


def _awards_queryset(request):
    return selectors.province_awards(
        request.user,
        province=int_query(request, "province"),
        year=int_query(request, "year"),
        block=int_query(request, "block"),
        award=_choice_query(request, "award", rules.AWARDS),
    )


_AWARD_FILTERS = [
    OpenApiParameter("province", int),
    OpenApiParameter("year", int),
    OpenApiParameter("block", int, description="awards of the block's member units"),
    OpenApiParameter("award", str, enum=list(rules.AWARDS)),
]
_SUBJECT_ERRORS = ((404, "NOT_FOUND"),)


# --- Facts ---------------------------------------------------------------------------


def _rating(request, subject: Person | Unit) -> Response:
    data = validated(RatingIn, request.data)
    existed = selectors.has_rating(subject, data["year"])
    rating = services.set_rating(
        actor=request.user, subject=subject, year=data["year"], level=data["rating"]
    )
    code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
    return Response(RatingOut(rating).data, status=code)


_RATING_DOC = (
    "The subject's rating for a year (one per subject and year). The first answers "
    "201; a second replaces it (audited) and answers 200."
)


@extend_schema(
    operation_id="person_rating_set",
    request=RatingIn,
    responses={200: RatingOut, 201: RatingOut, **errors(*_SUBJECT_ERRORS)},
    description=_RATING_DOC,
)
@api_view(["POST"])
def person_ratings(request, pk: int):
    return _rating(request, selectors.get_person_for_awards(request.user, pk))


@extend_schema(
    operation_id="unit_rating_set",
    request=RatingIn,
    responses={200: RatingOut, 201: RatingOut, **errors(*_SUBJECT_ERRORS)},
    description=_RATING_DOC + " The block's secretariat and the Board rate units.",
)
@api_view(["POST"])
def unit_ratings(request, pk: int):
    return _rating(request, _unit(request.user, pk))


def _discipline(request, subject: Person | Unit) -> Response:
    data = validated(DisciplineIn, request.data)
    record = services.add_discipline(
        actor=request.user,
        subject=subject,
        kind=data["kind"],
        level=data["level"],
        start=data["start"],
        end=data["end"],
        note=data["note"],
    )
    return Response(DisciplineOut(record).data, status=status.HTTP_201_CREATED)


_DISCIPLINE_DOC = (
    "A discipline (kind `discipline`, with its level), or an open review, "
    "investigation, inspection or complaint (rule 18): open between `start` and "
    "`end` (none: still open), it blocks proposals."
)


@extend_schema(
    operation_id="person_discipline_add",
    request=DisciplineIn,
    responses={201: DisciplineOut, **errors(*_SUBJECT_ERRORS)},
    description=_DISCIPLINE_DOC,
)
@api_view(["POST"])
def person_disciplines(request, pk: int):
    return _discipline(request, selectors.get_person_for_awards(request.user, pk))


@extend_schema(
    operation_id="unit_discipline_add",
    request=DisciplineIn,
    responses={201: DisciplineOut, **errors(*_SUBJECT_ERRORS)},
    description=_DISCIPLINE_DOC,
)
@api_view(["POST"])
def unit_disciplines(request, pk: int):
    return _discipline(request, _unit(request.user, pk))


@extend_schema(
    operation_id="person_leave_add",
    request=LeaveIn,
    responses={201: LeaveOut, **errors(*_SUBJECT_ERRORS)},
    description="Maternity leave: counts as worked time in every duration rule "
    "(rule 19).",
)
@api_view(["POST"])
def person_leaves(request, pk: int):
    person = selectors.get_person_for_awards(request.user, pk)
    data = validated(LeaveIn, request.data)
    leave = services.add_leave(
        actor=request.user,
        person=person,
        kind=data["kind"],
        start=data["start"],
        end=data["end"],
    )
    return Response(LeaveOut(leave).data, status=status.HTTP_201_CREATED)


@extend_schema(
    operation_id="unit_staff_summary_set",
    request=StaffSummaryIn,
    responses={
        200: StaffSummaryOut,
        201: StaffSummaryOut,
        **errors(*_SUBJECT_ERRORS),
    },
    description="The unit's staff summary for a year, read by the collective titles "
    "(rules 7, 8). A figure larger than `members` is malformed (400). The first "
    "answers 201; a second replaces it and answers 200.",
)
@api_view(["POST"])
def unit_staff_summary(request, pk: int):
    unit = _unit(request.user, pk)
    data = validated(StaffSummaryIn, request.data)
    existed = selectors.has_staff_summary(unit, data["year"])
    summary = services.set_staff_summary(
        actor=request.user,
        unit=unit,
        year=data["year"],
        **{name: data[name] for name in _STAFF},
        women=data.get("women"),
    )
    code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
    return Response(StaffSummaryOut(summary).data, status=code)


@extend_schema(
    operation_id="initiatives_create",
    request=InitiativeIn,
    responses={
        201: InitiativeOut,
        **errors((404, "NOT_FOUND"), (422, "UNIT_NOT_IN_PROVINCE")),
    },
    description="A recognised initiative (sáng kiến) or scientific work, with its "
    "scope and recognition decision. Its authors belong to one province.",
)
@api_view(["POST"])
def initiatives(request):
    data = validated(InitiativeIn, request.data)
    authors = [
        selectors.get_person_for_awards(request.user, pk)
        for pk in dict.fromkeys(data["authors"])
    ]
    initiative = services.create_initiative(
        actor=request.user,
        title=data["title"],
        authors=authors,
        scope_level=data["scope"],
        recognized_on=data["recognized_on"],
        decision_number=data["decision_number"],
    )
    return Response(InitiativeOut(initiative).data, status=status.HTTP_201_CREATED)


@extend_schema(
    operation_id="award_records_create",
    request=AwardRecordIn,
    responses={
        201: AwardOut,
        **errors((404, "NOT_FOUND"), (422, "AWARD_NOT_FOR_SUBJECT")),
    },
    description="A past award (history import), read by the next years' "
    "eligibility. Awards of kind `chuyen_de`, `dot` or `dot_xuat` never count in "
    "consecutive-year chains (rule 17).",
)
@api_view(["POST"])
def award_records(request):
    data = validated(AwardRecordIn, request.data)
    subject = _subject(request.user, data)
    record = services.add_award_record(
        actor=request.user,
        subject=subject,
        award=data["award"],
        year=data["year"],
        decision_number=data["decision_number"],
        decision_date=data["decision_date"],
        kind=data["kind"],
    )
    return Response(AwardOut(record).data, status=status.HTTP_201_CREATED)


# --- History and eligibility -------------------------------------------------------

_HISTORY_DOC = (
    "Awards held, newest first. A unit's list includes its predecessors' awards "
    "(reorganisations), `via` naming the predecessor."
)


@extend_schema(
    operation_id="person_awards",
    parameters=PAGE_PARAMETERS,
    responses={200: page_of(HistoryRowOut, "AwardHistoryPage"), **errors()},
    description=_HISTORY_DOC,
)
@api_view(["GET"])
def person_awards(request, pk: int):
    person = selectors.get_person_for_awards(request.user, pk)
    _readable(request.user, person)
    return _history(request, person)


@extend_schema(
    operation_id="unit_awards",
    parameters=PAGE_PARAMETERS,
    responses={200: page_of(HistoryRowOut, "UnitAwardHistoryPage"), **errors()},
    description=_HISTORY_DOC,
)
@api_view(["GET"])
def unit_awards(request, pk: int):
    unit = _unit(request.user, pk)
    _readable(request.user, unit)
    return _history(request, unit)


_ELIGIBILITY_PARAMETERS = [
    OpenApiParameter("award", str, required=True, enum=list(rules.AWARDS)),
    OpenApiParameter("year", int, required=True),
]
_ELIGIBILITY_DOC = (
    "Is the subject eligible for `award` in `year`, judged today (the day a dossier "
    "would be received)? `eligible` is null with reason MANUAL_REVIEW where the "
    "law's criterion is qualitative. Reasons are Vietnamese sentences; `legal_basis` "
    "cites the sources in force."
)


@extend_schema(
    operation_id="person_eligibility",
    parameters=_ELIGIBILITY_PARAMETERS,
    responses={
        200: EligibilityOut,
        **errors((404, "NOT_FOUND"), (422, "AWARD_NOT_FOR_SUBJECT")),
    },
    description=_ELIGIBILITY_DOC,
)
@api_view(["GET"])
def person_eligibility(request, pk: int):
    return _eligibility(request, selectors.get_person_for_awards(request.user, pk))


@extend_schema(
    operation_id="unit_eligibility",
    parameters=_ELIGIBILITY_PARAMETERS,
    responses={
        200: EligibilityOut,
        **errors((404, "NOT_FOUND"), (422, "AWARD_NOT_FOR_SUBJECT")),
    },
    description=_ELIGIBILITY_DOC
    + " `co_thi_dua_tinh` in year Y: a member of a province block in Y, elected in "
    "a closed co_thi_dua_tinh round of that block year, rated htxs for Y, and the "
    "block's flag quota not used up (rank 1 is not required).",
)
@api_view(["GET"])
def unit_eligibility(request, pk: int):
    return _eligibility(request, _unit(request.user, pk))


# --- Proposals -----------------------------------------------------------------------


def _proposal_list(request):
    qs = selectors.visible_proposals(request.user).prefetch_related(
        "documents", "initiatives"
    )
    status_filter = _choice_query(request, "status", Proposal.Status.values)
    award = _choice_query(request, "award", rules.AWARDS)
    filters: dict[str, Any] = {
        "status": status_filter,
        "award": award,
        "year": int_query(request, "year"),
        "block_year__block_id": int_query(request, "block"),
        "block_year_id": int_query(request, "block_year"),
        "province_id": int_query(request, "province"),
    }
    qs = qs.filter(**{k: v for k, v in filters.items() if v is not None})
    return paginated(request, qs.order_by("-year", "-id"), ProposalOut)


@extend_schema(
    methods=["GET"],
    operation_id="proposals_list",
    parameters=[
        *PAGE_PARAMETERS,
        OpenApiParameter("status", str, enum=Proposal.Status.values),
        OpenApiParameter("year", int),
        OpenApiParameter("award", str, enum=list(rules.AWARDS)),
        OpenApiParameter("block_year", int),
        OpenApiParameter("block", int),
        OpenApiParameter("province", int),
    ],
    responses={200: page_of(ProposalOut, "ProposalPage"), **errors()},
    description="The proposals the caller may see, newest year first. Items carry "
    "the last eligibility verdict (`eligible`); the full answer is on the detail.",
)
@extend_schema(
    methods=["POST"],
    operation_id="proposals_create",
    request=ProposalIn,
    responses={
        201: ProposalDetailOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "PROPOSAL_EXISTS"),
            (422, "AWARD_NOT_FOR_SUBJECT"),
            (422, "INITIATIVE_ALREADY_USED"),
            (422, "ACHIEVEMENT_ALREADY_USED"),
            (422, "QUOTA_EXCEEDED"),
        ),
    },
    description="A draft proposal (đề nghị khen thưởng), with its eligibility and "
    "the documents its dossier still lacks. An initiative already backing a "
    "proposal that is not `returned`: 422 INITIATIVE_ALREADY_USED.",
)
@api_view(["GET", "POST"])
def proposals(request):
    if request.method == "GET":
        return _proposal_list(request)
    data = validated(ProposalIn, request.data)
    subject = _subject(request.user, data)
    province_id = (
        subject.unit.province_id if isinstance(subject, Person) else subject.province_id
    )
    block_year = None
    if data["block_year"] is not None:
        block_year = org_selectors.get_block_year_for(request.user, data["block_year"])
        if block_year.block.province_id != province_id:
            raise DomainError("NOT_FOUND", details={"field": "block_year"})
    ballot_round = None
    if data["ballot_round"] is not None:
        ballot_round = voting_selectors.get_round_for(
            request.user, data["ballot_round"]
        )
        if ballot_round.conference.block_year.block.province_id != province_id:
            raise DomainError("NOT_FOUND", details={"field": "ballot_round"})
    ids = list(dict.fromkeys(data["initiatives"]))
    found = Initiative.objects.in_bulk(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise DomainError("NOT_FOUND", details={"field": "initiatives", "ids": missing})
    proposal = services.create_proposal(
        actor=request.user,
        award=data["award"],
        year=data["year"],
        subject=subject,
        block_year=block_year,
        ballot_round=ballot_round,
        initiatives=[found[i] for i in ids],
        summary=data["summary"],
    )
    return _proposal_answer(request.user, proposal, status.HTTP_201_CREATED)


@extend_schema(
    operation_id="proposal_read",
    responses={200: ProposalDetailOut, **errors((404, "NOT_FOUND"))},
    description="The proposal with its eligibility now, the documents its dossier "
    "lacks and has, the council's votes and the public comments.",
)
@api_view(["GET"])
def proposal_detail(request, pk: int):
    return Response(ProposalDetailOut(_proposal(request.user, pk)).data)


@extend_schema(
    operation_id="proposal_document_attach",
    request={"multipart/form-data": DocumentIn},
    responses={
        201: DocumentOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "INVALID_TRANSITION"),
            (413, "FILE_TOO_LARGE"),
            (422, "FILE_TYPE_NOT_ALLOWED"),
        ),
    },
    description="Attach a dossier document (PDF, DOCX, XLSX, JPEG, PNG; at most 20 "
    "MB) to a draft or returned proposal.",
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
def proposal_documents(request, pk: int):
    proposal = _proposal(request.user, pk, "proposal.create")
    data = validated(DocumentIn, request.data)
    document = services.attach_document(
        actor=request.user, proposal=proposal, kind=data["kind"], upload=data["file"]
    )
    return Response(DocumentOut(document).data, status=status.HTTP_201_CREATED)


@extend_schema(
    operation_id="proposal_submit",
    request=None,
    responses={
        200: ProposalDetailOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "INVALID_TRANSITION"),
            (422, "NOT_ELIGIBLE"),
            (422, "DOSSIER_INCOMPLETE"),
        ),
    },
    description="Draft or returned → submitted, only when eligible (or for manual "
    "review) and with a complete dossier (rule 22).",
)
@api_view(["POST"])
def proposal_submit(request, pk: int):
    proposal = _proposal(request.user, pk, "proposal.create")
    services.submit_proposal(actor=request.user, proposal=proposal)
    return _proposal_answer(request.user, proposal)


@extend_schema(
    operation_id="proposal_return",
    request=ProposalReturnIn,
    responses={
        200: ProposalDetailOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "INVALID_TRANSITION"),
            (422, "REASON_REQUIRED"),
        ),
    },
    description="The Board returns a submitted proposal with the reason.",
)
@api_view(["POST"])
def proposal_return(request, pk: int):
    proposal = _proposal(request.user, pk, "proposal.review")
    data = validated(ProposalReturnIn, request.data)
    services.return_proposal(
        actor=request.user, proposal=proposal, reason=data["reason"]
    )
    return _proposal_answer(request.user, proposal)


@extend_schema(
    operation_id="proposal_accept",
    request=None,
    responses={
        200: ProposalDetailOut,
        **errors((404, "NOT_FOUND"), (409, "INVALID_TRANSITION")),
    },
    description="The Board accepts a submitted proposal.",
)
@api_view(["POST"])
def proposal_accept(request, pk: int):
    proposal = _proposal(request.user, pk, "proposal.review")
    services.accept_proposal(actor=request.user, proposal=proposal)
    return _proposal_answer(request.user, proposal)


@extend_schema(
    operation_id="proposal_council_vote",
    request=CouncilVoteIn,
    responses={
        201: CouncilVoteOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "INVALID_TRANSITION"),
            (422, "COUNCIL_THRESHOLD_NOT_MET"),
            (422, "QUORUM_NOT_MET"),
            (422, "COUNCIL_COUNTS_INVALID"),
        ),
    },
    description="The provincial council's vote on a submitted or accepted proposal "
    "(rules 11, 12): yes votes as a share of all council members; absent members "
    "count only through written opinions. Under the award's threshold: 422, not "
    "stored.",
)
@api_view(["POST"])
def proposal_council_vote(request, pk: int):
    proposal = _proposal(request.user, pk, "proposal.review")
    data = validated(CouncilVoteIn, request.data)
    vote = services.record_council_vote(
        actor=request.user,
        proposal=proposal,
        members=data["members"],
        present=data["present"],
        yes=data["yes"],
        written_opinions=data["written_opinions"],
    )
    return Response(CouncilVoteOut(vote).data, status=status.HTTP_201_CREATED)


@extend_schema(
    operation_id="ballot_round_proposals",
    request=None,
    responses={
        201: ProposalListOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "ROUND_NOT_CLOSED"),
            (422, "ROUND_NOT_FOR_AWARDS"),
            (422, "QUOTA_EXCEEDED"),
        ),
    },
    description="One click after a closed round: the units it elected become draft "
    "proposals — a co_thi_dua_tinh round's for co_thi_dua_tinh, any other round's "
    "for bang_khen_tinh. Units already proposed are skipped; `items` are the "
    "proposals created.",
)
@api_view(["POST"])
def ballot_round_proposals(request, pk: int):
    round = voting_selectors.get_round_for(request.user, pk)
    created = services.propose_from_round(actor=request.user, ballot_round=round)
    qs = (
        selectors.visible_proposals(request.user)
        .filter(pk__in=[p.pk for p in created])
        .prefetch_related("documents", "initiatives")
        .order_by("id")
    )
    rows = list(qs)
    return Response(
        {"items": ProposalOut(rows, many=True).data, "count": len(rows)},
        status=status.HTTP_201_CREATED,
    )


# --- Decisions -----------------------------------------------------------------------


def _decision_answer(actor: Any, pk: int, code: int = 200) -> Response:
    decision = selectors.visible_decisions(actor).filter(pk=pk).first()
    if decision is None:
        raise DomainError("NOT_FOUND")
    return Response(AwardDecisionOut(decision).data, status=code)


@extend_schema(
    methods=["GET"],
    operation_id="decisions_list",
    parameters=[*PAGE_PARAMETERS, OpenApiParameter("province", int)],
    responses={200: page_of(AwardDecisionOut, "DecisionPage"), **errors()},
    description="Award decisions of the provinces the caller reads province-wide, "
    "newest first.",
)
@extend_schema(
    methods=["POST"],
    operation_id="decisions_create",
    request=AwardDecisionIn,
    responses={
        201: AwardDecisionOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "INVALID_TRANSITION"),
            (422, "PROPOSALS_REQUIRED"),
            (422, "PROPOSAL_OTHER_PROVINCE"),
            (422, "COEFFICIENT_UNKNOWN"),
            (422, "BASE_SALARY_UNKNOWN"),
        ),
    },
    description="Quyết định khen thưởng for one or many accepted proposals. Each "
    "becomes an award in the history with `cash_amount` (integer VND) = the "
    "coefficient of the decree in force on the decision `date` (Decree 98/2023 "
    "until 30/06/2025, Decree 152/2025 from 01/07/2025) × the base salary in force "
    "on that date, rounded up to 10,000 VND. The date may be earlier than today.",
)
@api_view(["GET", "POST"])
def decisions(request):
    if request.method == "GET":
        qs = selectors.visible_decisions(request.user)
        province = int_query(request, "province")
        if province is not None:
            qs = qs.filter(province_id=province)
        return paginated(request, qs, AwardDecisionOut)
    data = validated(AwardDecisionIn, request.data)
    chosen = [
        _proposal(request.user, pk, "decision.record")
        for pk in dict.fromkeys(data["proposals"])
    ]
    decision = services.record_decision(
        actor=request.user,
        number=data["number"],
        day=data["date"],
        signer=data["signer"],
        authority=data["authority"],
        proposals=chosen,
    )
    return _decision_answer(request.user, decision.pk, status.HTTP_201_CREATED)


@extend_schema(
    operation_id="decision_read",
    responses={200: AwardDecisionOut, **errors((404, "NOT_FOUND"))},
)
@api_view(["GET"])
def decision_detail(request, pk: int):
    if pk > MAX_ID:
        raise DomainError("NOT_FOUND")
    return _decision_answer(request.user, pk)


# --- The province's list of awards ---------------------------------------------------


class ProvinceAwardOut(AwardOut):
    subject_name = serializers.SerializerMethodField()

    def get_subject_name(self, record) -> str:
        return record.person.full_name if record.person_id else record.unit.name


@extend_schema(
    operation_id="awards_list",
    parameters=[*PAGE_PARAMETERS, *_AWARD_FILTERS],
    responses={200: page_of(ProvinceAwardOut, "ProvinceAwardPage"), **errors()},
    description="The awards of the provinces the caller may see, by year, block and "
    "award.",
)
@api_view(["GET"])
def awards(request):
    return paginated(request, _awards_queryset(request), ProvinceAwardOut)


AWARDS_HEADERS = [
    "Năm",
    "Danh hiệu, hình thức khen thưởng",
    "Cá nhân, tập thể",
    "Đơn vị",
    "Số quyết định",
    "Ngày quyết định",
    "Hệ số",
    "Mức lương cơ sở (đồng)",
    "Số tiền thưởng (đồng)",
]


def _award_line(record: AwardRecord) -> list[Any]:
    unit = record.person.unit if record.person_id else record.unit
    return [
        record.year,
        _award_name(record.award),
        record.person.full_name if record.person_id else record.unit.name,
        unit.name,
        record.decision_number,
        record.decision_date,
        float(record.coefficient) if record.coefficient is not None else None,
        record.base_salary,
        record.cash_amount,
    ]


@extend_schema(
    operation_id="awards_export_xlsx",
    parameters=_AWARD_FILTERS,
    responses={
        (200, xlsx.XLSX_CONTENT_TYPE): OpenApiTypes.BINARY,
        **errors(),
    },
    description="The same list as an XLSX file: Vietnamese headers, numbers as "
    "numbers, dates as dates.",
)
@api_view(["GET"])
@content_negotiation_class(DownloadNegotiation)
def awards_export(request):
    rows = [_award_line(r) for r in _awards_queryset(request).iterator(2000)]
    content = xlsx.write_workbook(
        headers=AWARDS_HEADERS, rows=rows, title="Danh sách khen thưởng"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx.response(content, f"khen-thuong-{stamp}.xlsx")


# --- Violation listings ------------------------------------------------------------


@extend_schema(
    operation_id="violation_listings_create",
    request=ListingIn,
    responses={201: ListingOut, **errors((404, "NOT_FOUND"))},
    description="A name on a violation list sent by the police, tax, social "
    "insurance or the inspectorate (before 10/12): the person or unit cannot be "
    "proposed until the listing is cleared, with a reason.",
)
@api_view(["POST"])
def violation_listings(request):
    data = validated(ListingIn, request.data)
    listing = services.add_listing(
        actor=request.user,
        subject=_subject(request.user, data),
        source=data["source"],
        listed_on=data["listed_on"],
        note=data["note"],
    )
    return Response(ListingOut(listing).data, status=status.HTTP_201_CREATED)


@extend_schema(
    operation_id="violation_listing_clear",
    request=ClearIn,
    responses={
        200: ListingOut,
        **errors(
            (404, "NOT_FOUND"),
            (409, "LISTING_ALREADY_CLEARED"),
            (422, "REASON_REQUIRED"),
        ),
    },
    description="Clear a listing with the reason (default date: today).",
)
@api_view(["POST"])
def violation_listing_clear(request, pk: int):
    if pk > MAX_ID:
        raise DomainError("NOT_FOUND")
    listing = selectors.get_listing_for(request.user, pk)
    data = validated(ClearIn, request.data)
    cleared = services.clear_listing(
        actor=request.user,
        listing=listing,
        reason=data["reason"],
        cleared_on=data["cleared_on"],
    )
    return Response(ListingOut(cleared).data)


# --- Settings and calendar -----------------------------------------------------------


@extend_schema(
    methods=["GET"],
    operation_id="award_settings_read",
    responses={200: AwardSettingsIO, **errors((404, "NOT_FOUND"))},
    description="The province's award settings (⚙), defaults filled in.",
)
@extend_schema(
    methods=["PUT"],
    operation_id="award_settings_write",
    request=AwardSettingsIO,
    responses={
        200: AwardSettingsIO,
        **errors((404, "NOT_FOUND"), (422, "SETTING_INVALID")),
    },
    description="Replace the province's award settings: a setting left out goes "
    "back to its default. The Board only.",
)
@api_view(["GET", "PUT"])
def award_settings(request, pk: int):
    province = org_selectors.get_province_for(request.user, pk)
    if request.method == "GET":
        values = selectors.province_award_settings(province)
        return Response(AwardSettingsIO(values).data)
    data = validated(AwardSettingsIO, request.data)
    values = services.update_award_settings(
        actor=request.user, province=province, values=dict(data)
    )
    return Response(AwardSettingsIO(values).data)


@extend_schema(
    methods=["GET"],
    operation_id="calendar_days_list",
    parameters=[*PAGE_PARAMETERS, OpenApiParameter("year", int)],
    responses={200: page_of(CalendarDayOut, "CalendarDayPage"), **errors()},
    description="Public holidays and swapped working days of the working-day "
    "calendar (SLA counters, rule 24).",
)
@extend_schema(
    methods=["POST"],
    operation_id="calendar_days_set",
    request=CalendarDayIn,
    responses={200: CalendarDayOut, 201: CalendarDayOut, **errors()},
    description="Add or change a day (201), or remove it with `kind: null` (200, "
    "the day with `kind` null). A province's Board or a superuser.",
)
@api_view(["GET", "POST"])
def calendar_days(request):
    if request.method == "GET":
        year = int_query(request, "year")
        if year is not None and not 1 <= year <= 9999:
            raise DomainError("VALIDATION_ERROR", details={"fields": {"year": [year]}})
        return paginated(request, selectors.calendar_days(year), CalendarDayOut)
    data = validated(CalendarDayIn, request.data)
    day = services.set_calendar_day(
        actor=request.user, day=data["day"], kind=data["kind"], name=data["name"]
    )
    if day is None:
        return Response(
            CalendarDayOut({"day": data["day"], "kind": None, "name": ""}).data
        )
    return Response(CalendarDayOut(day).data, status=status.HTTP_201_CREATED)


api_urlpatterns = [
    path("people/<int:pk>/ratings", person_ratings, name="person_ratings"),
    path("units/<int:pk>/ratings", unit_ratings, name="unit_ratings"),
    path("people/<int:pk>/disciplines", person_disciplines, name="person_disciplines"),
    path("units/<int:pk>/disciplines", unit_disciplines, name="unit_disciplines"),
    path("people/<int:pk>/leaves", person_leaves, name="person_leaves"),
    path("units/<int:pk>/staff-summary", unit_staff_summary, name="unit_staff_summary"),
    path("initiatives", initiatives, name="initiatives"),
    path("award-records", award_records, name="award_records"),
    path("people/<int:pk>/awards", person_awards, name="person_awards"),
    path("units/<int:pk>/awards", unit_awards, name="unit_awards"),
    path("people/<int:pk>/eligibility", person_eligibility, name="person_eligibility"),
    path("units/<int:pk>/eligibility", unit_eligibility, name="unit_eligibility"),
    path("proposals", proposals, name="proposals"),
    path("proposals/<int:pk>", proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/documents", proposal_documents, name="proposal_documents"),
    path("proposals/<int:pk>/submit", proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/return", proposal_return, name="proposal_return"),
    path("proposals/<int:pk>/accept", proposal_accept, name="proposal_accept"),
    path(
        "proposals/<int:pk>/council-vote",
        proposal_council_vote,
        name="proposal_council_vote",
    ),
    path(
        "ballot-rounds/<int:pk>/proposals",
        ballot_round_proposals,
        name="ballot_round_proposals",
    ),
    path("decisions", decisions, name="decisions"),
    path("decisions/<int:pk>", decision_detail, name="decision_detail"),
    path("awards", awards, name="awards"),
    path("awards.xlsx", awards_export, name="awards_export"),
    path("violation-listings", violation_listings, name="violation_listings"),
    path(
        "violation-listings/<int:pk>/clear",
        violation_listing_clear,
        name="violation_listing_clear",
    ),
    path("provinces/<int:pk>/award-settings", award_settings, name="award_settings"),
    path("calendar-days", calendar_days, name="calendar_days"),
]
