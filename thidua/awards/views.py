"""Pages of the awards app (issue 5): the facts of a person or a unit with the
eligibility checker, violation listings, proposals and their dossiers, the council's
vote, decisions, the province's list of awards (with XLSX), public comments, the
award settings and the working-day calendar.

FBVs: gate → form → service → response. A refusal of a service becomes a form
error (or a message after a redirect); 403 and 404 go to the error page.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from thidua.awards import forms, imports, selectors, services
from thidua.awards.models import (
    AWARD_CHOICES,
    AwardRecord,
    CalendarDay,
    Proposal,
    ProposalDocument,
    ViolationListing,
)
from thidua.core import audit, xlsx
from thidua.core.access import can, grants_for, is_superuser, require
from thidua.core.errors import DomainError
from thidua.core.selectors import actor_names
from thidua.organizations import forms as org_forms
from thidua.organizations import selectors as org_selectors
from thidua.organizations.models import Province
from thidua.rules import RuleViolation
from thidua.rules import dossiers as dossier_rules
from thidua.rules import eligibility as rules
from thidua.voting import selectors as voting_selectors

EDITABLE = (Proposal.Status.DRAFT, Proposal.Status.RETURNED)
AWARD_NAMES = dict(AWARD_CHOICES)


def _run(form, fn, **kwargs):
    """Call a service; a refusal becomes a form error instead of a page error."""
    try:
        return fn(**kwargs)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        form.add_error(None, error.message)
        return None


def _act(request, fn, **kwargs):
    """Call a service for a button; a refusal becomes a message."""
    try:
        return fn(**kwargs)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, error.message)
        return None


def vnd(amount: int | None) -> str:
    """7020000 → "7.020.000 đ" (Vietnamese thousands separators)."""
    if amount is None:
        return "—"
    return f"{amount:,}".replace(",", ".") + " đ"


def _today() -> date:
    return timezone.localdate()


def _has(user, action: str) -> bool:
    return is_superuser(user) or bool(grants_for(user, action))


def _require_any(user, action: str) -> None:
    if not _has(user, action):
        raise DomainError("PERMISSION_DENIED")


def _export_query(request) -> str:
    """The page's filters, for its "Download as Excel" link (not the page number)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _answer(subject, award: str, year: int, proposal: int | None = None):
    """The eligibility answer as the pages show it, or the refusal's message."""
    try:
        answer = selectors.eligibility(subject, award, year, proposal=proposal)
    except DomainError as error:
        return {"error": error.message}
    return {
        "eligible": answer.eligible,
        "verdict": {True: "yes", False: "no", None: "review"}[answer.eligible],
        "reasons": [
            {"code": r.code, "message": rules.render_reason(r)} for r in answer.reasons
        ],
        "legal_basis": list(answer.legal_basis),
    }


def _checker(request, subject, awards):
    """The eligibility checker of a facts page: award and year in the query."""
    form = forms.EligibilityForm(
        request.GET if "award" in request.GET else None,
        awards=awards,
        initial={"year": _today().year - 1},
    )
    answer = None
    if form.is_bound and form.is_valid():
        answer = _answer(subject, form.cleaned_data["award"], form.cleaned_data["year"])
        answer["award"] = AWARD_NAMES[form.cleaned_data["award"]]
        answer["year"] = form.cleaned_data["year"]
    return form, answer


def _history(records, subject_id=None):
    rows = []
    for record in records:
        row = selectors.history_row(record, subject_id)
        row["award_name"] = record.award_name
        row["cash"] = vnd(record.cash_amount) if record.cash_amount else ""
        row["decision"] = record.decision_id
        rows.append(row)
    return rows


# --- Facts of a person -----------------------------------------------------------------


def _person(request, pk, action="award.view"):
    person = org_selectors.get_person_for(request.user, pk)
    require(request.user, "award.view", person)
    if action != "award.view":
        require(request.user, action, person)
    return person


@login_required
def person_awards(request, pk):
    """Ratings by year, awards, initiatives, disciplines, leaves and listings of a
    person, with the forms to add them and the eligibility checker."""
    person = _person(request, pk)
    form, answer = _checker(request, person, rules.INDIVIDUAL_AWARDS + rules.FORMS)
    may_edit = can(request.user, "award.facts", person)
    return TemplateResponse(
        request,
        "awards/person_awards.html",
        {
            "person": person,
            "province": person.unit.province,
            **selectors.person_fact_rows(person),
            "history": _history(selectors.awards_of_person(person)),
            "check_form": form,
            "answer": answer,
            "may_edit": may_edit,
            "may_list": can(request.user, "award.listing", person),
            "rating_form": forms.RatingForm(initial={"year": _today().year - 1}),
            "discipline_form": forms.DisciplineForm(prefix="d"),
            "leave_form": forms.LeaveForm(prefix="l"),
            "initiative_form": forms.InitiativeForm(prefix="i"),
        },
    )


def _rating_page(request, subject, name: str, page: str):
    """Record (or replace) the rating of a person or a unit for a year."""
    form = forms.RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            services.set_rating,
            actor=request.user,
            subject=subject,
            year=form.cleaned_data["year"],
            level=form.cleaned_data["level"],
        )
        if done:
            messages.success(
                request,
                _("The rating of %(year)s was recorded.") % {"year": done.year},
            )
            return redirect(page, pk=subject.pk)
    return _fact_page(
        request,
        form=form,
        title=_("Rating of %(name)s") % {"name": name},
        back=reverse(page, args=[subject.pk]),
    )


def _fact_page(request, *, form, title, back, context=None, status=200):
    return TemplateResponse(
        request,
        "awards/fact_form.html",
        {"form": form, "title": title, "back": back, **(context or {})},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_rating(request, pk):
    person = _person(request, pk, "award.facts")
    return _rating_page(request, person, person.full_name, "awards:person_awards")


@login_required
@require_http_methods(["GET", "POST"])
def person_discipline(request, pk):
    person = _person(request, pk, "award.facts")
    form = forms.DisciplineForm(request.POST or None, prefix="d")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            form,
            services.add_discipline,
            actor=request.user,
            subject=person,
            kind=data["kind"],
            level=data["level"],
            start=data["start"],
            end=data["end"],
            note=data["note"],
        )
        if done:
            messages.success(request, _("The discipline record was added."))
            return redirect("awards:person_awards", pk=person.pk)
    return _fact_page(
        request,
        form=form,
        title=_("Discipline of %(name)s") % {"name": person.full_name},
        back=reverse("awards:person_awards", args=[person.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_leave(request, pk):
    person = _person(request, pk, "award.facts")
    form = forms.LeaveForm(request.POST or None, prefix="l")
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            services.add_leave,
            actor=request.user,
            person=person,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        if done:
            messages.success(request, _("The maternity leave was added."))
            return redirect("awards:person_awards", pk=person.pk)
    return _fact_page(
        request,
        form=form,
        title=_("Maternity leave of %(name)s") % {"name": person.full_name},
        back=reverse("awards:person_awards", args=[person.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_initiative(request, pk):
    person = _person(request, pk, "award.facts")
    form = forms.InitiativeForm(request.POST or None, prefix="i")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            form,
            services.create_initiative,
            actor=request.user,
            title=data["title"],
            authors=[person],
            scope_level=data["scope_level"],
            recognized_on=data["recognized_on"],
            decision_number=data["decision_number"],
        )
        if done:
            messages.success(request, _("The initiative was added."))
            return redirect("awards:person_awards", pk=person.pk)
    return _fact_page(
        request,
        form=form,
        title=_("Initiative of %(name)s") % {"name": person.full_name},
        back=reverse("awards:person_awards", args=[person.pk]),
    )


# --- Facts of a unit -------------------------------------------------------------------


def _unit(request, pk, action="award.view"):
    unit = org_selectors.get_unit_for(request.user, pk)
    require(request.user, action, unit)
    return unit


@login_required
def unit_awards(request, pk):
    """Ratings, staff summaries and awards of a unit (its predecessors' too), with
    the eligibility checker."""
    unit = _unit(request, pk)
    form, answer = _checker(request, unit, rules.COLLECTIVE_AWARDS + rules.FORMS)
    return TemplateResponse(
        request,
        "awards/unit_awards.html",
        {
            "unit": unit,
            "province": unit.province,
            **selectors.unit_fact_rows(unit),
            "history": _history(selectors.awards_of_unit(unit), unit.pk),
            "check_form": form,
            "answer": answer,
            "may_rate": can(request.user, "award.unit_facts", unit),
            "may_staff": can(request.user, "award.facts", unit),
            "rating_form": forms.RatingForm(initial={"year": _today().year - 1}),
            "staff_form": forms.StaffSummaryForm(
                prefix="s", initial={"year": _today().year - 1}
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_rating(request, pk):
    unit = _unit(request, pk, "award.unit_facts")
    return _rating_page(request, unit, unit.name, "awards:unit_awards")


@login_required
@require_http_methods(["GET", "POST"])
def unit_staff(request, pk):
    unit = _unit(request, pk, "award.facts")
    form = forms.StaffSummaryForm(request.POST or None, prefix="s")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year = data.pop("year")
        done = _run(
            form,
            services.set_staff_summary,
            actor=request.user,
            unit=unit,
            year=year,
            **data,
        )
        if done:
            messages.success(
                request,
                _("The staff summary of %(year)s was recorded.") % {"year": year},
            )
            return redirect("awards:unit_awards", pk=unit.pk)
    return _fact_page(
        request,
        form=form,
        title=_("Staff summary of %(name)s") % {"name": unit.name},
        back=reverse("awards:unit_awards", args=[unit.pk]),
    )


# --- Violation listings ----------------------------------------------------------------


def _listing_form(province, data=None):
    units, people = selectors.subject_choices(province)
    return forms.ListingForm(data, units=units, people=people)


@login_required
def listing_list(request, pk):
    """The violation lists sent by the police, tax, social insurance and the
    inspectorate: a listed unit or person cannot be proposed until cleared."""
    province = org_selectors.get_province_for(request.user, pk, "award.listing")
    page = Paginator(selectors.province_listings(province), 50).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "awards/listing_list.html",
        {"province": province, "page": page, "listings": page.object_list},
    )


@login_required
def listing_export(request, pk):
    """The violation lists as XLSX: the same gate and rows as the page, all pages."""
    province = org_selectors.get_province_for(request.user, pk, "award.listing")
    sources = dict(ViolationListing.Source.choices)
    rows = [
        [
            listing.subject_name,
            _("Person") if listing.person_id else _("Unit"),
            listing.person.unit.name if listing.person_id else listing.unit.name,
            str(sources.get(listing.source, listing.source)),
            listing.listed_on,
            listing.note,
            _("Cleared") if listing.cleared_on else _("Listed"),
            listing.cleared_on,
            listing.cleared_reason,
        ]
        for listing in selectors.province_listings(province)[:50_000]
    ]
    headers = [
        _("Unit or person"),
        _("Person or unit"),
        _("Unit"),
        _("Sent by"),
        _("Listed on"),
        _("What was reported"),
        _("Status"),
        _("Cleared on"),
        _("Reason"),
    ]
    content = xlsx.write_workbook(
        headers=headers, rows=rows, title=_("Violation lists")
    )
    return xlsx.response(content, xlsx.filename("danh sách vi phạm", province.name))


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request, pk):
    province = org_selectors.get_province_for(request.user, pk, "award.listing")
    form = _listing_form(province, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            form,
            services.add_listing,
            actor=request.user,
            subject=selectors.get_subject_in(province, data["subject"]),
            source=data["source"],
            listed_on=data["listed_on"],
            note=data["note"],
        )
        if done:
            messages.success(
                request,
                _("%(name)s was added to the violation list.")
                % {"name": done.subject_name},
            )
            return redirect("awards:listing_list", pk=province.pk)
    return _fact_page(
        request,
        form=form,
        title=_("Add a name to the violation list"),
        back=reverse("awards:listing_list", args=[province.pk]),
        context={"province": province},
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_clear(request, pk):
    listing = selectors.get_listing_for(request.user, pk)
    form = forms.ReasonForm(request.POST or None)
    province_id = (
        listing.unit.province_id if listing.unit_id else listing.person.unit.province_id
    )
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            services.clear_listing,
            actor=request.user,
            listing=listing,
            reason=form.cleaned_data["reason"],
        )
        if done:
            messages.success(
                request,
                _("%(name)s was cleared from the violation list.")
                % {"name": listing.subject_name},
            )
            return redirect("awards:listing_list", pk=province_id)
    return _fact_page(
        request,
        form=form,
        title=_("Clear %(name)s from the violation list")
        % {"name": listing.subject_name},
        back=reverse("awards:listing_list", args=[province_id]),
    )


# --- Proposals -------------------------------------------------------------------------


def _sla(proposal, today, calendar):
    if proposal.status != Proposal.Status.SUBMITTED or not proposal.submitted_at:
        return None
    return dossier_rules.sla_counter(
        "appraise",
        timezone.localdate(proposal.submitted_at),
        today=today,
        calendar=calendar,
    )


def _proposals(request):
    """The filter form and the proposals it selects (the list and its XLSX)."""
    blocks = list(org_selectors.visible_blocks(request.user))
    form = forms.ProposalFilterForm(request.GET or None, blocks=blocks)
    qs = selectors.visible_proposals(request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["year"]:
            qs = qs.filter(year=data["year"])
        if data["award"]:
            qs = qs.filter(award=data["award"])
        if data["block"]:
            qs = qs.filter(block_year__block_id=data["block"])
    return form, qs


@login_required
def proposal_list(request):
    form, qs = _proposals(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    today = _today()
    calendar = selectors.work_calendar()
    rows = [{"proposal": p, "sla": _sla(p, today, calendar)} for p in page.object_list]
    board = [
        p
        for p in org_selectors.visible_provinces(request.user)
        if can(request.user, "decision.record", p)
    ]
    return TemplateResponse(
        request,
        "awards/proposal_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "may_create": _has(request.user, "proposal.create"),
            "board_provinces": board,
            "may_calendar": _has(request.user, "award.settings"),
            "export_query": _export_query(request),
        },
    )


@login_required
def proposal_export(request):
    """The proposals as XLSX: the page's filters and rows, all pages."""
    _form, qs = _proposals(request)
    today = _today()
    calendar = selectors.work_calendar()
    eligible = {True: _("yes"), False: _("no"), None: _("to review")}
    rows = []
    for p in qs[:50_000]:
        sla = _sla(p, today, calendar)
        rows.append(
            [
                p.subject_name,
                _("Person") if p.person_id else _("Unit"),
                p.person.unit.name if p.person_id else p.unit.name,
                p.award_name,
                p.year,
                p.block_year.block.name if p.block_year_id else "",
                eligible[p.eligible],
                p.get_status_display(),
                timezone.localdate(p.submitted_at) if p.submitted_at else None,
                sla.used if sla else None,
                sla.limit if sla else None,
                sla.due if sla else None,
            ]
        )
    headers = [
        _("Nominee"),
        _("Person or unit"),
        _("Unit"),
        _("Award"),
        _("Year"),
        _("Block"),
        _("Eligible"),
        _("Status"),
        _("Submitted on"),
        _("Working days used"),
        _("Working days allowed"),
        _("Due date"),
    ]
    content = xlsx.write_workbook(
        headers=headers, rows=rows, title=_("Award proposals")
    )
    return xlsx.response(content, xlsx.filename("đề nghị khen thưởng"))


def _provinces_for(user, action: str) -> list[Province]:
    """Current provinces where the user may take ``action`` somewhere."""
    wanted = (
        None if is_superuser(user) else {g.province for g in grants_for(user, action)}
    )
    if wanted is not None and not wanted:
        raise DomainError("PERMISSION_DENIED")
    provinces = org_selectors.visible_provinces(user).filter(valid_to__isnull=True)
    return [p for p in provinces if wanted is None or p.pk in wanted]


def _pick_province(request, provinces: list[Province]) -> Province | None:
    chosen = request.GET.get("province", "")
    by_id = {p.pk: p for p in provinces}
    if chosen.isdigit() and int(chosen) in by_id:
        return by_id[int(chosen)]
    return provinces[0] if len(provinces) == 1 else None


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request):
    """A proposal by hand: award, year, a unit or a person, block year, initiatives."""
    provinces = _provinces_for(request.user, "proposal.create")
    province = _pick_province(request, provinces)
    if province is None:
        return TemplateResponse(
            request, "awards/proposal_form.html", {"provinces": provinces}
        )
    units, people = selectors.subject_choices(
        province, selectors.proposable_units(request.user, province)
    )
    block_years = selectors.proposable_block_years(request.user, province)
    initiatives = selectors.province_initiatives(province)
    form = forms.ProposalForm(
        request.POST or None,
        units=units,
        people=people,
        block_years=block_years,
        initiatives=initiatives,
        initial={"year": _today().year - 1},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_year = {b.pk: b for b in block_years}
        chosen = {i.pk: i for i in initiatives}
        proposal = _run(
            form,
            services.create_proposal,
            actor=request.user,
            award=data["award"],
            year=data["year"],
            subject=selectors.get_subject_in(province, data["subject"]),
            block_year=by_year.get(data["block_year"]),
            initiatives=[chosen[i] for i in data["initiatives"] if i in chosen],
            summary=data["summary"],
        )
        if proposal:
            messages.success(
                request,
                _(
                    "The proposal was saved as a draft. Attach the dossier, then submit."
                ),
            )
            return redirect("awards:proposal_detail", pk=proposal.pk)
    return TemplateResponse(
        request,
        "awards/proposal_form.html",
        {"form": form, "province": province},
    )


@login_required
@require_POST
def round_propose(request, pk):
    """ "Lập đề nghị khen thưởng" on a closed round's result: the elected units."""
    ballot_round = voting_selectors.get_round_for(request.user, pk)
    created = _act(
        request,
        services.propose_from_round,
        actor=request.user,
        ballot_round=ballot_round,
    )
    if created is None:
        return redirect("voting:round_detail", pk=ballot_round.pk)
    if not created:
        messages.info(request, _("The elected units already have their proposals."))
        return redirect(
            reverse("awards:proposal_list")
            + f"?year={ballot_round.conference.block_year.year}"
        )
    messages.success(
        request,
        _("%(count)d draft proposal(s) were created. Attach each dossier, then submit.")
        % {"count": len(created)},
    )
    if len(created) == 1:
        return redirect("awards:proposal_detail", pk=created[0].pk)
    return redirect(
        reverse("awards:proposal_list") + f"?status=draft&year={created[0].year}"
    )


def _history_rows(proposal):
    events = selectors.proposal_history(proposal)
    names = actor_names(events)
    statuses = dict(Proposal.Status.choices)
    rows = []
    for e in events:
        after = e.after or {}
        rows.append(
            {
                "at": e.at,
                "label": audit.VERBS.get(e.verb, e.verb),
                "verb": e.verb,
                "actor": names.get(e.actor_id, ""),
                "status": statuses.get(after.get("status", ""), ""),
                "reason": after.get("reason", ""),
            }
        )
    return rows


def _checklist(proposal, documents, missing):
    try:
        required = dossier_rules.required_documents(
            proposal.award, initiatives=proposal.initiatives.exists()
        )
    except RuleViolation:  # an unknown award slug: nothing can be required
        required = ()
    kinds = dict(ProposalDocument.Kind.choices)
    by_kind: dict[str, list[Any]] = {}
    for d in documents:
        by_kind.setdefault(d.kind, []).append(d)
    rows = [
        {
            "kind": k,
            "name": kinds.get(k, k),
            "required": True,
            "documents": by_kind.get(k, []),
            "ok": k not in missing,
        }
        for k in required
    ]
    rows += [
        {
            "kind": k,
            "name": kinds.get(k, k),
            "required": False,
            "documents": by_kind[k],
            "ok": True,
        }
        for k in kinds
        if k not in required and k in by_kind
    ]
    return rows


@login_required
def proposal_detail(request, pk):
    proposal = selectors.get_proposal_for(request.user, pk, "award.view")
    user = request.user
    status = proposal.status
    may_create = can(user, "proposal.create", proposal)
    may_review = can(user, "proposal.review", proposal)
    documents = list(selectors.proposal_documents(proposal))
    missing = selectors.missing_documents(proposal)
    record = getattr(proposal, "award_record", None) if status == "decided" else None
    return TemplateResponse(
        request,
        "awards/proposal_detail.html",
        {
            "proposal": proposal,
            "province": proposal.province,
            "answer": _answer(
                proposal.subject, proposal.award, proposal.year, proposal.pk
            ),
            "checklist": _checklist(proposal, documents, missing),
            "missing": missing,
            "history": _history_rows(proposal),
            "initiatives": list(proposal.initiatives.all()),
            "votes": list(proposal.council_votes.all()),
            "comments": list(selectors.proposal_comments(proposal))
            if may_review
            else [],
            "sla": _sla(proposal, _today(), selectors.work_calendar()),
            "record": record,
            "record_cash": vnd(record.cash_amount) if record else "",
            "may_upload": may_create and status in EDITABLE,
            "may_submit": may_create and status in EDITABLE,
            "may_review": may_review and status == Proposal.Status.SUBMITTED,
            "may_vote": may_review
            and status in (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED),
            "may_disclose": may_review
            and status in (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED),
            "may_decide": status == Proposal.Status.ACCEPTED
            and can(user, "decision.record", proposal),
            "show_comments": may_review,
            "document_form": forms.DocumentForm(
                initial={"kind": missing[0] if missing else None}
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_document(request, pk):
    """Attach a file of the dossier (tờ trình, báo cáo thành tích, biên bản…)."""
    proposal = selectors.get_proposal_for(request.user, pk, "proposal.create")
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            services.attach_document,
            actor=request.user,
            proposal=proposal,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
        )
        if done:
            messages.success(
                request, _("%(name)s was attached.") % {"name": done.original_name}
            )
            return redirect(
                reverse("awards:proposal_detail", args=[proposal.pk]) + "#dossier"
            )
    return _fact_page(
        request,
        form=form,
        title=_("Attach a dossier document"),
        back=reverse("awards:proposal_detail", args=[proposal.pk]),
        context={"multipart": True},
    )


@login_required
def document_download(request, pk):
    document = selectors.get_document_for(request.user, pk)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type or "application/octet-stream",
    )


@login_required
@require_POST
def proposal_submit(request, pk):
    proposal = selectors.get_proposal_for(request.user, pk, "proposal.create")
    if _act(request, services.submit_proposal, actor=request.user, proposal=proposal):
        messages.success(request, _("The proposal was sent to the Board."))
    return redirect("awards:proposal_detail", pk=proposal.pk)


@login_required
@require_POST
def proposal_accept(request, pk):
    proposal = selectors.get_proposal_for(request.user, pk, "proposal.review")
    if _act(request, services.accept_proposal, actor=request.user, proposal=proposal):
        messages.success(request, _("The proposal was accepted for the council."))
    return redirect("awards:proposal_detail", pk=proposal.pk)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_return(request, pk):
    proposal = selectors.get_proposal_for(request.user, pk, "proposal.review")
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            services.return_proposal,
            actor=request.user,
            proposal=proposal,
            reason=form.cleaned_data["reason"],
        )
        if done:
            messages.success(request, _("The proposal was returned with the reason."))
            return redirect("awards:proposal_detail", pk=proposal.pk)
    return _fact_page(
        request,
        form=form,
        title=_("Return the proposal"),
        back=reverse("awards:proposal_detail", args=[proposal.pk]),
        context={"proposal": proposal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_vote(request, pk):
    """The provincial council's vote (threshold of all members, rules 11–12)."""
    proposal = selectors.get_proposal_for(request.user, pk, "proposal.review")
    form = forms.CouncilVoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        vote = _run(
            form,
            services.record_council_vote,
            actor=request.user,
            proposal=proposal,
            members=data["members"],
            present=data["present"],
            yes=data["yes"],
            written_opinions=data["written_opinions"] or 0,
            on=data["on"],
        )
        if vote:
            messages.success(
                request,
                _(
                    "The council's vote was recorded: %(yes)s of %(members)s in favour, "
                    "%(needed)s needed."
                )
                % {"yes": vote.yes, "members": vote.members, "needed": vote.needed},
            )
            return redirect("awards:proposal_detail", pk=proposal.pk)
    return _fact_page(
        request,
        form=form,
        title=_("Record the council's vote"),
        back=reverse("awards:proposal_detail", args=[proposal.pk]),
        context={"proposal": proposal},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_disclose(request, pk):
    """Publish the proposed awardee on the public page (Law art. 84(5))."""
    proposal = selectors.get_proposal_for(request.user, pk, "proposal.review")
    form = forms.DiscloseForm(request.POST or None, initial={"start": _today()})
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            services.disclose_proposals,
            actor=request.user,
            proposals=[proposal],
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )
        if done:
            messages.success(
                request,
                _("The proposal is on the public page until %(date)s.")
                % {"date": done[0].disclosed_until.strftime("%d/%m/%Y")},
            )
            return redirect("awards:proposal_detail", pk=proposal.pk)
    return _fact_page(
        request,
        form=form,
        title=_("Publish for public comment"),
        back=reverse("awards:proposal_detail", args=[proposal.pk]),
        context={"proposal": proposal},
    )


# --- Decisions -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request, pk):
    """The Board records one decision for several accepted proposals."""
    province = org_selectors.get_province_for(request.user, pk, "decision.record")
    proposals = list(selectors.decidable_proposals(request.user, province))
    initial = {}
    wanted = request.GET.get("proposal", "")
    if wanted.isdigit():
        initial["proposals"] = [int(wanted)]
    form = forms.DecisionForm(
        request.POST or None, proposals=proposals, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {p.pk: p for p in proposals}
        decision = _run(
            form,
            services.record_decision,
            actor=request.user,
            number=data["number"],
            day=data["date"],
            signer=data["signer"],
            authority=data["authority"],
            proposals=[by_id[i] for i in data["proposals"] if i in by_id],
        )
        if decision:
            messages.success(request, _("The decision was recorded."))
            return redirect("awards:decision_detail", pk=decision.pk)
    return TemplateResponse(
        request,
        "awards/decision_form.html",
        {"province": province, "form": form, "proposals": proposals},
    )


@login_required
def decision_detail(request, pk):
    decision = selectors.get_decision_for(request.user, pk)
    rows = [
        {
            "record": r,
            "cash": vnd(r.cash_amount),
            "base_salary": vnd(r.base_salary),
        }
        for r in selectors.decision_awards(decision)
    ]
    return TemplateResponse(
        request,
        "awards/decision_detail.html",
        {
            "decision": decision,
            "province": decision.province,
            "rows": rows,
            "total": vnd(sum(r["record"].cash_amount or 0 for r in rows)),
        },
    )


@login_required
def decision_export(request, pk):
    """The awards of a decision as XLSX, with the amounts the finance office pays:
    coefficient, base salary and cash amount, and their total."""
    decision = selectors.get_decision_for(request.user, pk)
    rows = []
    total = 0
    for r in selectors.decision_awards(decision):
        total += r.cash_amount or 0
        rows.append(
            [
                r.subject_name,
                _("Person") if r.person_id else _("Unit"),
                r.person.unit.name if r.person_id else r.unit.name,
                r.award_name,
                r.year,
                decision.number,
                decision.date,
                float(r.coefficient) if r.coefficient is not None else None,
                r.base_salary,
                r.cash_amount,
            ]
        )
    rows.append([_("Total"), *([None] * 8), total])
    headers = [
        _("Awarded to"),
        _("Person or unit"),
        _("Unit"),
        _("Award"),
        _("Year"),
        _("Decision number"),
        _("Decision date"),
        _("Coefficient"),
        _("Base salary (VND)"),
        _("Cash amount (VND)"),
    ]
    content = xlsx.write_workbook(headers=headers, rows=rows, title=decision.number)
    return xlsx.response(content, xlsx.filename("quyết định", decision.number))


# --- The province's awards -------------------------------------------------------------


def _awards(request):
    _require_any(request.user, "award.view")
    blocks = list(org_selectors.visible_blocks(request.user))
    form = forms.AwardFilterForm(request.GET or None, blocks=blocks)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.province_awards(
        request.user,
        year=data.get("year"),
        block=data.get("block"),
        award=data.get("award") or None,
    )
    return form, qs


@login_required
def award_list(request):
    form, qs = _awards(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [{"record": r, "cash": vnd(r.cash_amount)} for r in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "awards/award_list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


@login_required
def award_export(request):
    _form, qs = _awards(request)
    kinds = dict(AwardRecord.Kind.choices)
    rows = []
    for r in qs[:50_000]:
        unit = r.unit if r.unit_id else r.person.unit
        rows.append(
            [
                r.year,
                r.award_name,
                r.subject_name,
                _("Person") if r.person_id else _("Unit"),
                unit.name,
                str(kinds.get(r.kind, r.kind)),
                r.decision_number,
                r.decision_date,
                float(r.coefficient) if r.coefficient is not None else None,
                r.base_salary,
                r.cash_amount,
            ]
        )
    headers = [
        _("Year"),
        _("Award"),
        _("Awarded to"),
        _("Person or unit"),
        _("Unit"),
        _("Kind"),
        _("Decision number"),
        _("Decision date"),
        _("Coefficient"),
        _("Base salary (VND)"),
        _("Cash amount (VND)"),
    ]
    content = xlsx.write_workbook(headers=headers, rows=rows, title=_("Awards"))
    return xlsx.response(content, "khen-thuong.xlsx")


# --- Public comments (Law art. 84(5)) --------------------------------------------------


@require_http_methods(["GET", "POST"])
def _comment_allowed(request, proposal_id: int) -> bool:
    """Anonymous comments are limited per address and proposal (a generous
    ``PUBLIC_COMMENTS_PER_HOUR``: a hall or an office may share one address), so a
    script cannot bury the Board in comments."""
    header = settings.TRUSTED_PROXY_HEADER
    address = (request.headers.get(header, "") if header else "") or request.META.get(
        "REMOTE_ADDR", ""
    )
    key = f"awards:comments:{proposal_id}:{address}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= settings.PUBLIC_COMMENTS_PER_HOUR


def public_comment(request, pk):
    """Anyone may comment on a proposal on public display; no sign-in."""
    proposal = selectors.published_proposals(_today()).filter(pk=pk).first()
    if proposal is None:
        raise DomainError("NOT_DISCLOSED")
    form = forms.CommentForm(request.POST or None, prefix=f"c{proposal.pk}")
    if request.method == "POST" and not _comment_allowed(request, proposal.pk):
        return TemplateResponse(
            request,
            "awards/public_comment.html",
            {
                "proposal": proposal,
                "form": form,
                "limited": True,
            },
            status=429,
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            form,
            services.add_public_comment,
            proposal=proposal,
            author_name=data["author_name"],
            contact=data["contact"],
            body=data["body"],
        )
        if done:
            messages.success(request, _("Thank you: your comment was received."))
            return redirect(reverse("movements:public") + "#public-proposals")
    return TemplateResponse(
        request,
        "awards/public_comment.html",
        {"proposal": proposal, "form": form},
    )


# --- Settings and calendar -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def award_settings(request, pk):
    """The province's ⚙ values of the award rules (domain.md §9)."""
    province = org_selectors.get_province_for(request.user, pk, "award.settings")
    current = selectors.province_award_settings(province)
    initial = {
        k: v
        for k, v in current.items()
        if k not in ("council_threshold_percent", "coefficient_overrides")
    }
    for award, percent in current["council_threshold_percent"].items():
        initial[f"threshold_{award}"] = percent
    for key, value in current["coefficient_overrides"].items():
        initial["coef_" + key.replace("/", "_")] = value
    initial["base_salaries"] = "\n".join(
        f"{day[8:10]}/{day[5:7]}/{day[0:4]} {amount}"
        for day, amount in current["base_salaries"]
    )
    form = forms.AwardSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            services.update_award_settings,
            actor=request.user,
            province=province,
            values=form.values(),
        )
        if done is not None:
            messages.success(request, _("The award settings were saved."))
            return redirect("awards:award_settings", pk=province.pk)
    return TemplateResponse(
        request,
        "awards/award_settings.html",
        {"province": province, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_calendar(request):
    """Public holidays and swapped working days, for the SLA counters."""
    _require_any(request.user, "award.settings")
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 1945 <= int(raw) <= 2200 else _today().year
    form = forms.CalendarDayForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "remove":
        try:
            day = date.fromisoformat(request.POST.get("day", ""))
        except ValueError:
            raise DomainError("VALIDATION_ERROR") from None
        try:
            services.set_calendar_day(actor=request.user, day=day, kind=None)
        except DomainError as error:
            if error.status in (403, 404):
                raise
            messages.error(request, error.message)
        else:
            messages.success(request, _("The day was removed from the calendar."))
        return redirect(reverse("awards:work_calendar") + f"?year={day.year}")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            form,
            services.set_calendar_day,
            actor=request.user,
            day=data["day"],
            kind=data["kind"],
            name=data["name"],
        )
        if done:
            messages.success(request, _("The calendar was saved."))
            return redirect(reverse("awards:work_calendar") + f"?year={done.day.year}")
    return TemplateResponse(
        request,
        "awards/work_calendar.html",
        {
            "form": form,
            "year": year,
            "days": list(selectors.calendar_days(year)),
            "kinds": dict(CalendarDay.Kind.choices),
        },
    )


# --- Imports from Excel ----------------------------------------------------------------

IMPORT_TITLES = {
    "ratings": _lazy("Import ratings"),
    "award-records": _lazy("Import past awards"),
    "staff-summaries": _lazy("Import staff summaries"),
    "violation-listings": _lazy("Import violation lists"),
}


@login_required
@require_http_methods(["GET", "POST"])
def fact_import(request, pk, kind):
    """Upload one kind of facts for the province: every row is checked first; one
    problem and nothing is imported, the problems listed row by row."""
    if kind not in imports.IMPORTERS:
        raise DomainError("NOT_FOUND")
    province = org_selectors.get_province_for(request.user, pk)
    if not imports.may_import(request.user, kind, province):
        raise DomainError("PERMISSION_DENIED")
    run, columns = imports.IMPORTERS[kind]
    form = org_forms.ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = xlsx.read_rows(form.cleaned_data["file"], columns)
            result = run(actor=request.user, province=province, rows=rows)
        except DomainError as error:
            if error.status in (401, 403, 404):
                raise
            if error.code == "IMPORT_INVALID":
                problems = error.details.get("rows", [])
                form.add_error(None, error.message)
            else:
                form.add_error("file", error.message)
        else:
            messages.success(
                request,
                _("Imported: %(created)s new rows, %(updated)s replaced.")
                % {"created": len(result.created), "updated": len(result.updated)},
            )
            return redirect("awards:fact_import", pk=province.pk, kind=kind)
    return TemplateResponse(
        request,
        "organizations/import_form.html",
        {
            "form": form,
            "title": IMPORT_TITLES[kind],
            "province": province,
            "columns": columns,
            "problems": problems,
            "template_url": reverse(f"api:imports_{kind.replace('-', '_')}_template"),
            "other_imports": [
                (
                    reverse("awards:fact_import", args=[province.pk, other]),
                    title,
                    other == kind,
                )
                for other, title in IMPORT_TITLES.items()
                if imports.may_import(request.user, other, province)
            ],
        },
    )
