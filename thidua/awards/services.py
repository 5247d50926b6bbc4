"""Writes of the awards app (issue 5): each one transaction, permission first, then
the rule, the write and the audit event. Facts (ratings, disciplines, leaves, staff
summaries, initiatives, past awards, violation listings), proposals and their
dossiers, the council's vote, decisions, public disclosure, the working-day
calendar and the province's award settings."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from thidua.awards import selectors
from thidua.awards.models import (
    AwardRecord,
    CalendarDay,
    CouncilVote,
    Decision,
    Discipline,
    DisclosureComment,
    Initiative,
    Leave,
    Proposal,
    ProposalDocument,
    Rating,
    StaffSummary,
    ViolationListing,
    award_label,
)
from thidua.core import audit, errors
from thidua.core.access import grants_for, require
from thidua.core.errors import DomainError
from thidua.core.uploads import check_upload
from thidua.organizations.models import BlockYear, Person, Province, Unit
from thidua.rules import RuleViolation, award_settings, legal
from thidua.rules import council as council_rules
from thidua.rules import dossiers as dossier_rules
from thidua.rules import eligibility as rules
from thidua.rules.text import normalize
from thidua.rules.transitions import check_transition
from thidua.voting.models import BallotRound
from thidua.voting.selectors import elected_units

audit.register(
    {
        "awards.rating.set": _("Rating recorded"),
        "awards.discipline.created": _("Discipline recorded"),
        "awards.leave.created": _("Leave recorded"),
        "awards.staff_summary.set": _("Staff summary recorded"),
        "awards.initiative.created": _("Initiative recorded"),
        "awards.record.created": _("Past award recorded"),
        "awards.listing.created": _("Violation listing recorded"),
        "awards.listing.cleared": _("Violation listing cleared"),
        "awards.proposal.created": _("Award proposal created"),
        "awards.proposal.document_added": _("Dossier document attached"),
        "awards.proposal.submitted": _("Award proposal submitted"),
        "awards.proposal.returned": _("Award proposal returned"),
        "awards.proposal.accepted": _("Award proposal accepted"),
        "awards.proposal.decided": _("Award proposal decided"),
        "awards.proposal.disclosed": _("Award proposals published for comment"),
        "awards.proposal.commented": _("Public comment received"),
        "awards.council.voted": _("Council vote recorded"),
        "awards.decision.recorded": _("Award decision recorded"),
        "awards.calendar.changed": _("Working-day calendar changed"),
        "awards.settings.updated": _("Award settings changed"),
    }
)

errors.register(
    {
        "NOT_ELIGIBLE": _("The nominee is not eligible for this award: %(reasons)s."),
        "DOSSIER_INCOMPLETE": _("The dossier still lacks: %(missing)s."),
        "INITIATIVE_ALREADY_USED": _(
            "This initiative already backs a proposal for %(award)s in %(year)s."
        ),
        "ACHIEVEMENT_ALREADY_USED": _(
            "This achievement already backs a proposal for %(award)s in %(year)s."
        ),
        "QUOTA_EXCEEDED": _(
            "The block year's quota of %(quota)s proposals for this award is used up."
        ),
        "COUNCIL_THRESHOLD_NOT_MET": _(
            "The council's vote does not pass: %(yes)s of %(members)s members in "
            "favour, %(needed)s needed."
        ),
        "QUORUM_NOT_MET": _(
            "Too few council members present: %(present)s of %(members)s, %(needed)s "
            "needed."
        ),
        "COUNCIL_COUNTS_INVALID": _(
            "The council's figures do not add up: no more present than members, no "
            "more in favour than present."
        ),
        "AWARD_NOT_FOR_SUBJECT": _(
            "This award is not given to this kind of nominee (a person or a unit)."
        ),
        "SUBJECT_REQUIRED": _("Name either a person or a unit, not both."),
        "PROPOSAL_EXISTS": _(
            "This nominee already has a proposal for this award and year."
        ),
        "COEFFICIENT_UNKNOWN": _(
            "The cash coefficient of this award is not known for the decree in force "
            "on the decision date; enter it in the legal settings."
        ),
        "BASE_SALARY_UNKNOWN": _("No base salary is known on that date."),
        "LISTING_ALREADY_CLEARED": _("This listing has already been cleared."),
        "PROPOSALS_REQUIRED": _("Name at least one proposal."),
        "PROPOSAL_OTHER_PROVINCE": _(
            "A decision covers proposals of its own province only."
        ),
        "ROUND_NOT_FOR_AWARDS": _(
            "Proposals come from a closed ballot round that elected units."
        ),
        "DISCLOSURE_DATES_INVALID": _(
            "The publication must end on or after the day it starts."
        ),
        "NOT_DISCLOSED": _("This proposal is not open for public comment."),
        "YEAR_OUT_OF_RANGE": _("The year must be between 1945 and 2200."),
    },
    {"PROPOSAL_EXISTS": 409, "LISTING_ALREADY_CLEARED": 409, "NOT_DISCLOSED": 404},
)

_PROPOSAL_FIELDS = ["award", "year", "person", "unit", "block_year", "ballot_round"]


def _rule(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except RuleViolation as violation:
        raise DomainError.from_violation(violation) from None


def _check_year(year: int) -> None:
    if not 1945 <= year <= 2200:
        raise DomainError("YEAR_OUT_OF_RANGE")


def _subject(person: Person | None, unit: Unit | None) -> Person | Unit:
    if (person is None) == (unit is None):
        raise DomainError("SUBJECT_REQUIRED")
    return person if person is not None else unit


def _province_id(subject: Person | Unit) -> int:
    return (
        subject.unit.province_id if isinstance(subject, Person) else subject.province_id
    )


def _subject_fields(subject: Person | Unit) -> dict[str, Any]:
    if isinstance(subject, Person):
        return {"person": subject, "unit": None}
    return {"person": None, "unit": subject}


def _require_facts(actor: Any, subject: Person | Unit) -> None:
    """People's facts: the Board, the block's secretariat, the unit's officer. A
    unit's own facts (its rating, its past awards): the Board and the secretariat."""
    action = "award.facts" if isinstance(subject, Person) else "award.unit_facts"
    require(actor, action, subject)


# --- facts ---------------------------------------------------------------------------


@transaction.atomic
def set_rating(*, actor: Any, subject: Person | Unit, year: int, level: str) -> Rating:
    """One rating per subject and year: a second replaces the first (audited)."""
    _require_facts(actor, subject)
    _check_year(year)
    fields = _subject_fields(subject)
    key = {k: v for k, v in fields.items() if v is not None}
    rating = Rating.objects.select_for_update().filter(year=year, **key).first()
    before = None
    if rating is None:
        rating = Rating.objects.create(year=year, level=level, **fields)
    else:
        before = audit.snapshot(rating, ["level"])
        rating.level = level
        rating.save(update_fields=["level", "updated_at"])
    audit.record(
        actor=actor,
        verb="awards.rating.set",
        target=rating,
        province_id=_province_id(subject),
        before=before,
        after=audit.snapshot(rating, ["person", "unit", "year", "level"]),
    )
    return rating


@transaction.atomic
def add_discipline(
    *,
    actor: Any,
    subject: Person | Unit,
    level: str,
    start: date,
    end: date | None = None,
    kind: str = Discipline.Kind.DISCIPLINE,
    note: str = "",
) -> Discipline:
    _require_facts(actor, subject)
    if end is not None and end < start:
        raise DomainError("INVALID_DATE", details={"field": "end"})
    record = Discipline.objects.create(
        kind=kind,
        level=level,
        start=start,
        end=end,
        note=normalize(note),
        **_subject_fields(subject),
    )
    audit.record(
        actor=actor,
        verb="awards.discipline.created",
        target=record,
        province_id=_province_id(subject),
        after=audit.snapshot(
            record, ["person", "unit", "kind", "level", "start", "end"]
        ),
    )
    return record


@transaction.atomic
def add_leave(
    *, actor: Any, person: Person, start: date, end: date, kind: str = "maternity"
) -> Leave:
    require(actor, "award.facts", person)
    if end < start:
        raise DomainError("INVALID_DATE", details={"field": "end"})
    leave = Leave.objects.create(person=person, kind=kind, start=start, end=end)
    audit.record(
        actor=actor,
        verb="awards.leave.created",
        target=leave,
        province_id=person.unit.province_id,
        after=audit.snapshot(leave, ["person", "kind", "start", "end"]),
    )
    return leave


_STAFF_FIELDS = [
    "members",
    "lao_dong_tien_tien",
    "chien_si_thi_dua_co_so",
    "completed_tasks",
    "disciplined_canh_cao_or_above",
    "women",
]


@transaction.atomic
def set_staff_summary(
    *, actor: Any, unit: Unit, year: int, **values: Any
) -> StaffSummary:
    """The unit's yearly staff summary (one per year; a second replaces it)."""
    require(actor, "award.facts", unit)
    _check_year(year)
    members = values["members"]
    for name in _STAFF_FIELDS[1:]:
        value = values.get(name)
        if value is not None and value > members:
            raise DomainError(
                "VALIDATION_ERROR",
                details={"fields": {name: ["more than the members"]}},
            )
    summary = (
        StaffSummary.objects.select_for_update().filter(unit=unit, year=year).first()
    )
    before = audit.snapshot(summary, _STAFF_FIELDS) if summary else None
    if summary is None:
        summary = StaffSummary(unit=unit, year=year)
    for name in _STAFF_FIELDS:
        setattr(summary, name, values.get(name))
    summary.save()
    audit.record(
        actor=actor,
        verb="awards.staff_summary.set",
        target=summary,
        province_id=unit.province_id,
        before=before,
        after=audit.snapshot(summary, ["unit", "year", *_STAFF_FIELDS]),
    )
    return summary


@transaction.atomic
def create_initiative(
    *,
    actor: Any,
    title: str,
    authors: list[Person],
    scope_level: str,
    recognized_on: date,
    decision_number: str,
) -> Initiative:
    if not authors:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"authors": ["required"]}}
        )
    for person in authors:
        require(actor, "award.facts", person)
    provinces = {p.unit.province_id for p in authors}
    if len(provinces) != 1:
        raise DomainError("UNIT_NOT_IN_PROVINCE")
    initiative = Initiative.objects.create(
        province_id=provinces.pop(),
        title=normalize(title),
        scope_level=scope_level,
        recognized_on=recognized_on,
        decision_number=normalize(decision_number),
    )
    initiative.authors.set(authors)
    audit.record(
        actor=actor,
        verb="awards.initiative.created",
        target=initiative,
        province_id=initiative.province_id,
        after={
            **audit.snapshot(
                initiative, ["title", "scope_level", "recognized_on", "decision_number"]
            ),
            "authors": sorted(p.pk for p in authors),
        },
    )
    return initiative


@transaction.atomic
def add_award_record(
    *,
    actor: Any,
    subject: Person | Unit,
    award: str,
    year: int,
    decision_number: str = "",
    decision_date: date | None = None,
    kind: str = rules.REGULAR,
) -> AwardRecord:
    """A past award (history import): read by next years' eligibility."""
    _require_facts(actor, subject)
    _check_year(year)
    _check_award_subject(award, subject)
    record = AwardRecord.objects.create(
        award=award,
        year=year,
        kind=kind,
        decision_number=normalize(decision_number),
        decision_date=decision_date,
        province_id=_province_id(subject),
        **_subject_fields(subject),
    )
    audit.record(
        actor=actor,
        verb="awards.record.created",
        target=record,
        province_id=_province_id(subject),
        after=audit.snapshot(
            record,
            [
                "person",
                "unit",
                "award",
                "year",
                "kind",
                "decision_number",
                "decision_date",
            ],
        ),
    )
    return record


@transaction.atomic
def add_listing(
    *,
    actor: Any,
    subject: Person | Unit,
    source: str,
    listed_on: date,
    note: str = "",
) -> ViolationListing:
    require(actor, "award.listing", subject)
    listing = ViolationListing.objects.create(
        source=source,
        listed_on=listed_on,
        note=normalize(note),
        **_subject_fields(subject),
    )
    audit.record(
        actor=actor,
        verb="awards.listing.created",
        target=listing,
        province_id=_province_id(subject),
        after=audit.snapshot(
            listing, ["person", "unit", "source", "listed_on", "note"]
        ),
    )
    return listing


@transaction.atomic
def clear_listing(
    *,
    actor: Any,
    listing: ViolationListing,
    reason: str,
    cleared_on: date | None = None,
) -> ViolationListing:
    """A listed subject can be proposed again once the listing is cleared, with a
    reason."""
    require(actor, "award.listing", listing)
    reason = normalize(reason or "").strip()
    if not reason:
        raise DomainError("REASON_REQUIRED")
    changed = ViolationListing.objects.filter(
        pk=listing.pk, cleared_on__isnull=True
    ).update(cleared_on=cleared_on or timezone.localdate(), cleared_reason=reason)
    if changed != 1:
        raise DomainError("LISTING_ALREADY_CLEARED")
    listing.refresh_from_db()
    audit.record(
        actor=actor,
        verb="awards.listing.cleared",
        target=listing,
        province_id=_province_id(listing.subject),
        before={"cleared_on": None},
        after=audit.snapshot(listing, ["cleared_on", "cleared_reason"]),
    )
    return listing


# --- proposals -----------------------------------------------------------------------


def _check_award_subject(award: str, subject: Person | Unit) -> None:
    if award not in rules.AWARD_NAMES:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"award": ["unknown award"]}}
        )
    is_person = isinstance(subject, Person)
    individual = award in rules.INDIVIDUAL_AWARDS
    collective = award in rules.COLLECTIVE_AWARDS
    if (is_person and collective) or (not is_person and individual):
        raise DomainError("AWARD_NOT_FOR_SUBJECT", details={"award": award})


def _links(subject: Person | Unit, exclude: int | None = None) -> list[rules.Link]:
    qs = Proposal.objects.filter(
        selectors.ACTIVE,
        **{("person" if isinstance(subject, Person) else "unit"): subject},
    )
    if exclude:
        qs = qs.exclude(pk=exclude)
    return [
        rules.Link(p.pk, p.award, p.year, achievement=p.ballot_round_id) for p in qs
    ]


def _initiative_links(initiatives: list[Initiative]) -> list[rules.Link]:
    ids = [i.pk for i in initiatives]
    out: dict[int, list[int]] = {}
    meta: dict[int, tuple[str, int]] = {}
    for pid, iid, award, year in (
        Proposal.initiatives.through.objects.filter(initiative_id__in=ids)
        .filter(proposal__in=Proposal.objects.filter(selectors.ACTIVE))
        .values_list(
            "proposal_id", "initiative_id", "proposal__award", "proposal__year"
        )
    ):
        out.setdefault(pid, []).append(iid)
        meta[pid] = (award, year)
    return [
        rules.Link(pid, meta[pid][0], meta[pid][1], initiatives=tuple(iids))
        for pid, iids in out.items()
    ]


def _quota_taken(block_year: BlockYear, award: str, exclude: int | None = None) -> int:
    qs = Proposal.objects.filter(selectors.ACTIVE, block_year=block_year, award=award)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.count()


@transaction.atomic
def create_proposal(
    *,
    actor: Any,
    award: str,
    year: int,
    subject: Person | Unit,
    block_year: BlockYear | None = None,
    ballot_round: BallotRound | None = None,
    initiatives: list[Initiative] | None = None,
    summary: str = "",
) -> Proposal:
    """A draft proposal. Refused when an initiative already backs another active
    proposal (rule 2), the same achievement backs another (rule 1), or the block
    year's quota for the award is used up (rule 9, §6.7)."""
    require(actor, "proposal.create", subject)
    _check_year(year)
    _check_award_subject(award, subject)
    initiatives = initiatives or []
    province_id = _province_id(subject)
    if block_year is not None:
        # Lock the block year so that two secretaries cannot both take the last seat.
        BlockYear.objects.select_for_update().filter(pk=block_year.pk).first()
        params = selectors.params_for(Province.objects.get(pk=province_id))
        quota = rules.quota_for(award, params)
        _rule(
            rules.check_quota, award, taken=_quota_taken(block_year, award), quota=quota
        )
    for i in initiatives:
        if i.province_id != province_id:
            raise DomainError(
                "NOT_FOUND", details={"field": "initiatives", "ids": [i.pk]}
            )
    new = rules.Link(
        0,
        award,
        year,
        achievement=ballot_round.pk if ballot_round is not None else None,
        initiatives=tuple(i.pk for i in initiatives),
    )
    _rule(rules.check_initiative_links, new, _initiative_links(initiatives))
    _rule(rules.check_achievement_links, new, _links(subject))
    if Proposal.objects.filter(
        selectors.ACTIVE,
        award=award,
        year=year,
        **{k: v for k, v in _subject_fields(subject).items() if v is not None},
    ).exists():
        raise DomainError("PROPOSAL_EXISTS")
    proposal = Proposal.objects.create(
        province_id=province_id,
        award=award,
        year=year,
        block_year=block_year,
        ballot_round=ballot_round,
        summary=normalize(summary),
        created_by=actor,
        **_subject_fields(subject),
    )
    proposal.initiatives.set(initiatives)
    refresh_eligibility(proposal)
    audit.record(
        actor=actor,
        verb="awards.proposal.created",
        target=proposal,
        province_id=province_id,
        after={
            **audit.snapshot(proposal, _PROPOSAL_FIELDS),
            "initiatives": sorted(i.pk for i in initiatives),
        },
    )
    return proposal


def refresh_eligibility(proposal: Proposal) -> rules.Answer:
    """Evaluate the proposal's eligibility now and keep the verdict for lists."""
    answer = selectors.eligibility(
        proposal.subject, proposal.award, proposal.year, proposal=proposal.pk
    )
    if proposal.eligible != answer.eligible:
        Proposal.objects.filter(pk=proposal.pk).update(eligible=answer.eligible)
        proposal.eligible = answer.eligible
    return answer


@transaction.atomic
def propose_from_round(*, actor: Any, ballot_round: BallotRound) -> list[Proposal]:
    """One click after a closed round: the elected of a flag round → Cờ thi đua
    tỉnh; of any other round → Bằng khen tỉnh. Units already proposed are skipped."""
    block_year = ballot_round.conference.block_year
    require(actor, "proposal.create", block_year)
    if ballot_round.status != BallotRound.Status.CLOSED:
        raise DomainError("ROUND_NOT_CLOSED")
    elected = elected_units(block_year, ballot_round.award)
    round_units = set(ballot_round.candidacies.values_list("unit_id", flat=True))
    chosen = sorted(elected & round_units) if round_units else sorted(elected)
    if not chosen:
        raise DomainError("ROUND_NOT_FOR_AWARDS")
    award = rules.CO_TINH if ballot_round.award == rules.CO_TINH else rules.BK_TINH
    existing = set(
        Proposal.objects.filter(
            selectors.ACTIVE, award=award, year=block_year.year, unit_id__in=chosen
        ).values_list("unit_id", flat=True)
    )
    created = []
    for unit in Unit.objects.filter(pk__in=chosen).order_by("sort_key", "id"):
        if unit.pk in existing:
            continue
        created.append(
            create_proposal(
                actor=actor,
                award=award,
                year=block_year.year,
                subject=unit,
                block_year=block_year,
                ballot_round=ballot_round,
            )
        )
    return created


@transaction.atomic
def attach_document(
    *, actor: Any, proposal: Proposal, kind: str, upload: Any
) -> ProposalDocument:
    require(actor, "proposal.create", proposal)
    if proposal.status not in (Proposal.Status.DRAFT, Proposal.Status.RETURNED):
        raise DomainError(
            "INVALID_TRANSITION",
            details={"from": proposal.status, "to": proposal.status},
        )
    if kind not in ProposalDocument.Kind.values:
        raise DomainError("VALIDATION_ERROR", details={"fields": {"kind": ["unknown"]}})
    checked = check_upload(upload)
    document = ProposalDocument(
        proposal=proposal,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=getattr(upload, "size", 0) or 0,
        uploaded_by=actor,
    )
    document.file.save(checked.safe_name, File(checked.file), save=False)
    document.save()
    audit.record(
        actor=actor,
        verb="awards.proposal.document_added",
        target=proposal,
        province_id=proposal.province_id,
        after={"document": document.pk, "kind": kind, "name": document.original_name},
    )
    return document


def _move(proposal: Proposal, new: str, **fields: Any) -> Proposal:
    old = proposal.status
    _rule(check_transition, "proposal", old, new)
    changed = Proposal.objects.filter(pk=proposal.pk, status=old).update(
        status=new, **fields
    )
    if changed != 1:
        raise DomainError("INVALID_TRANSITION", details={"from": old, "to": new})
    proposal.refresh_from_db()
    return proposal


def _tell_proposer(proposal: Proposal, text, **extra: Any) -> None:
    """The proposer's bell: their proposal was returned, accepted or decided."""
    from thidua.movements.services import notify_users

    with translation.override(settings.LANGUAGE_CODE):
        message = str(text) % {
            "award": award_label(proposal.award),
            "subject": proposal.subject_name,
            "year": proposal.year,
            **extra,
        }
    notify_users(
        users=[proposal.created_by_id],
        text=message,
        link=reverse("awards:proposal_detail", args=[proposal.pk]),
    )


def _audit_move(actor: Any, proposal: Proposal, verb: str, old: str, **extra) -> None:
    audit.record(
        actor=actor,
        verb=verb,
        target=proposal,
        province_id=proposal.province_id,
        before={"status": old},
        after={"status": proposal.status, **extra},
    )


@transaction.atomic
def submit_proposal(*, actor: Any, proposal: Proposal) -> Proposal:
    """Draft or returned → submitted, only when eligible (or for manual review) and
    with a complete dossier."""
    require(actor, "proposal.create", proposal)
    old = proposal.status
    _rule(check_transition, "proposal", old, Proposal.Status.SUBMITTED)
    answer = refresh_eligibility(proposal)
    if answer.eligible is False:
        raise DomainError(
            "NOT_ELIGIBLE",
            params={
                "reasons": "; ".join(rules.render_reason(r) for r in answer.reasons)
            },
            details=selectors.answer_json(answer),
        )
    _rule(
        dossier_rules.check_dossier_complete,
        proposal.award,
        selectors.attachments(proposal),
        initiatives=proposal.initiatives.exists(),
    )
    _move(proposal, Proposal.Status.SUBMITTED, submitted_at=timezone.now(), reason="")
    _audit_move(actor, proposal, "awards.proposal.submitted", old)
    return proposal


@transaction.atomic
def return_proposal(*, actor: Any, proposal: Proposal, reason: str) -> Proposal:
    require(actor, "proposal.review", proposal)
    reason = normalize(reason or "").strip()
    if not reason:
        raise DomainError("REASON_REQUIRED")
    old = proposal.status
    _move(proposal, Proposal.Status.RETURNED, returned_at=timezone.now(), reason=reason)
    _audit_move(actor, proposal, "awards.proposal.returned", old, reason=reason)
    _tell_proposer(
        proposal,
        _(
            "The proposal of %(award)s for %(subject)s (%(year)s) was returned: "
            "see the reason."
        ),
    )
    return proposal


@transaction.atomic
def accept_proposal(*, actor: Any, proposal: Proposal) -> Proposal:
    require(actor, "proposal.review", proposal)
    old = proposal.status
    _move(proposal, Proposal.Status.ACCEPTED, accepted_at=timezone.now())
    _audit_move(actor, proposal, "awards.proposal.accepted", old)
    _tell_proposer(
        proposal,
        _("The proposal of %(award)s for %(subject)s (%(year)s) was accepted."),
    )
    return proposal


@transaction.atomic
def record_council_vote(
    *,
    actor: Any,
    proposal: Proposal,
    members: int,
    present: int,
    yes: int,
    written_opinions: int = 0,
    on: date | None = None,
) -> CouncilVote:
    """Rules 11–12: the council's vote, as a share of all its members. A vote under
    the award's threshold is refused (422) and not stored. ``yes`` counts every vote
    in favour: those of the members present first, then written opinions."""
    require(actor, "proposal.review", proposal)
    if proposal.status not in (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED):
        raise DomainError(
            "INVALID_TRANSITION",
            details={"from": proposal.status, "to": "council_vote"},
        )
    day = on or timezone.localdate()
    params = selectors.params_for(proposal.province)
    try:
        result = council_rules.council_vote(
            proposal.award,
            members=members,
            present=present,
            yes=min(yes, present),
            written_opinions=written_opinions,
            written_yes=max(yes - present, 0),
            on=day,
            params=params,
        )
    except RuleViolation:
        raise DomainError("COUNCIL_COUNTS_INVALID") from None
    if not result.passed:
        reason = result.reasons[0] if result.reasons else None
        code = reason.code if reason else "COUNCIL_THRESHOLD_NOT_MET"
        details = {
            "members": members,
            "present": present,
            "yes": yes,
            "needed": result.needed
            if code != "QUORUM_NOT_MET"
            else result.quorum.needed,
            "legal_basis": result.threshold.legal_basis,
        }
        raise DomainError(code, details=details, params=details)
    vote = CouncilVote.objects.create(
        proposal=proposal,
        members=members,
        present=present,
        yes=yes,
        written_opinions=written_opinions,
        needed=result.needed,
        passed=True,
        legal_basis=result.threshold.legal_basis[:300],
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        verb="awards.council.voted",
        target=proposal,
        province_id=proposal.province_id,
        after=audit.snapshot(
            vote, ["members", "present", "yes", "written_opinions", "needed", "passed"]
        ),
    )
    return vote


def _subject_kind(proposal: Proposal) -> str:
    return legal.INDIVIDUAL if proposal.person_id else legal.COLLECTIVE


@transaction.atomic
def record_decision(
    *,
    actor: Any,
    number: str,
    day: date,
    signer: str,
    authority: str,
    proposals: list[Proposal],
) -> Decision:
    """Quyết định khen thưởng for one or many accepted proposals: each becomes an
    award in the history, with its cash amount = coefficient × the base salary in
    force on the decision date (rule 21)."""
    if not proposals:
        raise DomainError("PROPOSALS_REQUIRED")
    provinces = {p.province_id for p in proposals}
    if len(provinces) != 1:
        raise DomainError("PROPOSAL_OTHER_PROVINCE")
    for p in proposals:
        require(actor, "decision.record", p)
    province = proposals[0].province
    params = selectors.params_for(province)
    decision = Decision.objects.create(
        province=province,
        number=normalize(number),
        date=day,
        signer=normalize(signer),
        authority=normalize(authority),
        recorded_by=actor,
    )
    for proposal in sorted(proposals, key=lambda p: p.pk):
        old = proposal.status
        _move(proposal, Proposal.Status.DECIDED, decided_at=timezone.now())
        cash = _rule(
            legal.cash_amount,
            proposal.award,
            _subject_kind(proposal),
            day,
            params.legal,
        )
        AwardRecord.objects.create(
            award=proposal.award,
            year=proposal.year,
            decision=decision,
            decision_number=decision.number,
            decision_date=day,
            proposal=proposal,
            coefficient=cash.coefficient,
            base_salary=cash.base_salary,
            cash_amount=cash.amount,
            person_id=proposal.person_id,
            unit_id=proposal.unit_id,
            province_id=proposal.province_id,
        )
        _audit_move(
            actor, proposal, "awards.proposal.decided", old, decision=decision.pk
        )
        _tell_proposer(
            proposal,
            _(
                "%(award)s for %(subject)s (%(year)s) was awarded by decision "
                "%(number)s."
            ),
            number=decision.number,
        )
    audit.record(
        actor=actor,
        verb="awards.decision.recorded",
        target=decision,
        province_id=province.pk,
        after={
            **audit.snapshot(decision, ["number", "date", "signer", "authority"]),
            "proposals": sorted(p.pk for p in proposals),
        },
    )
    return decision


@transaction.atomic
def disclose_proposals(
    *, actor: Any, proposals: list[Proposal], start: date, end: date | None = None
) -> list[Proposal]:
    """Publish the proposed awardees on the public page for the province's period
    (⚙ disclosure_days) before the council meets (Law art. 84(5))."""
    if not proposals:
        raise DomainError("PROPOSALS_REQUIRED")
    for p in proposals:
        require(actor, "proposal.review", p)
    if end is None:
        days = award_settings.award_settings(
            (proposals[0].province.settings or {}).get("awards")
        )["disclosure_days"]
        end = dossier_rules.disclosure_end(start, days, selectors.work_calendar())
    if end < start:
        raise DomainError("DISCLOSURE_DATES_INVALID")
    ids = [p.pk for p in proposals]
    Proposal.objects.filter(pk__in=ids).update(
        disclosed_from=start, disclosed_until=end
    )
    for p in proposals:
        p.disclosed_from, p.disclosed_until = start, end
        audit.record(
            actor=actor,
            verb="awards.proposal.disclosed",
            target=p,
            province_id=p.province_id,
            after={"disclosed_from": start, "disclosed_until": end},
        )
    return proposals


@transaction.atomic
def add_public_comment(
    *,
    proposal: Proposal,
    author_name: str,
    body: str,
    contact: str = "",
    today: date | None = None,
) -> DisclosureComment:
    """Anyone may comment on a published proposal; the comment joins the proposal."""
    today = today or timezone.localdate()
    if not (
        proposal.disclosed_from
        and proposal.disclosed_from <= today <= proposal.disclosed_until
    ):
        raise DomainError("NOT_DISCLOSED")
    comment = DisclosureComment.objects.create(
        proposal=proposal,
        author_name=normalize(author_name).strip()[:120],
        contact=normalize(contact).strip()[:200],
        body=normalize(body).strip()[:4000],
    )
    audit.record(
        actor=None,
        verb="awards.proposal.commented",
        target=proposal,
        province_id=proposal.province_id,
        after={"comment": comment.pk},
    )
    return comment


# --- settings and calendar -----------------------------------------------------------


@transaction.atomic
def update_award_settings(
    *, actor: Any, province: Province, values: dict[str, Any]
) -> dict[str, Any]:
    require(actor, "award.settings", province)
    province = Province.objects.select_for_update().get(pk=province.pk)
    stored = dict(province.settings or {})
    before = dict(stored.get("awards") or {})
    checked = _rule(award_settings.award_settings, values)
    stored["awards"] = {
        k: v for k, v in checked.items() if v != award_settings.DEFAULTS.get(k, {})
    }
    province.settings = stored
    province.save(update_fields=["settings"])
    audit.record(
        actor=actor,
        verb="awards.settings.updated",
        target=province,
        province_id=province.pk,
        before=before,
        after=stored["awards"],
    )
    return checked


@transaction.atomic
def set_calendar_day(
    *, actor: Any, day: date, kind: str | None, name: str = ""
) -> CalendarDay | None:
    """Add, change or (``kind`` None) remove a day of the national calendar. Only a
    superuser or a province's Board keeps it."""
    if not (getattr(actor, "is_superuser", False) or _is_board(actor)):
        raise DomainError("PERMISSION_DENIED")
    before = CalendarDay.objects.filter(day=day).values("kind", "name").first()
    if kind is None:
        CalendarDay.objects.filter(day=day).delete()
        result = None
    else:
        result, _created = CalendarDay.objects.update_or_create(
            day=day, defaults={"kind": kind, "name": normalize(name)}
        )
    audit.record(
        actor=actor,
        verb="awards.calendar.changed",
        target_type="awards.calendarday",
        target_id=day.isoformat(),
        before=before,
        after={"kind": kind, "name": name} if kind else None,
    )
    return result


def _is_board(actor: Any) -> bool:
    return bool(grants_for(actor, "award.settings"))
