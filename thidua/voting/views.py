"""HTML pages of review conferences and secret ballots (issue 4; FBVs: gate → form
→ service → response).

Ballot secrecy (house-style.md): the ballot and kiosk pages call
:func:`services.cast_ballot`, which takes no actor — the signed-in user, if any, is
never passed to it, and nothing about the caller is read or kept. Slip codes are
shown once, in the answer to the "open" POST, and never stored in clear.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core import xlsx
from thidua.core.access import can
from thidua.core.errors import DomainError
from thidua.movements.models import award_label
from thidua.organizations import selectors as org_selectors
from thidua.rules import ballots as ballot_rules
from thidua.voting import forms, selectors, services
from thidua.voting.models import BallotRound


def _run(form, fn, **kwargs):
    """Call a service; a refusal becomes a form error instead of a page error."""
    try:
        return fn(**kwargs)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        form.add_error(None, error.message)
        return None


def _member_units(block_year):
    seen = {}
    for m in block_year.memberships.all():
        seen.setdefault(m.unit_id, m.unit)
    return sorted(seen.values(), key=lambda u: (u.sort_key, u.pk))


def _quorum_words(quorum) -> str:
    if quorum.met:
        return _(
            "Quorum met: %(present)s of %(members)s member units are present "
            "(at least %(percent)s%% are needed)."
        ) % {
            "present": quorum.present_units,
            "members": quorum.member_units,
            "percent": quorum.percent,
        }
    return _(
        "Quorum NOT met: only %(present)s of %(members)s member units are present "
        "(at least %(percent)s%% are needed)."
    ) % {
        "present": quorum.present_units,
        "members": quorum.member_units,
        "percent": quorum.percent,
    }


def _block_year_context(block_year) -> dict:
    return {
        "block_year": block_year,
        "emulation_block": block_year.block,
        "province": block_year.block.province,
    }


# --- Conferences ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def conference_list(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    may_record = can(request.user, "conference.manage", block_year)
    if request.method == "POST" and not may_record:
        raise DomainError("PERMISSION_DENIED")
    form = None
    if may_record:
        units = _member_units(block_year)
        form = forms.ConferenceForm(
            request.POST or None,
            units=units,
            people_by_unit=selectors.people_by_unit(units),
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            people = selectors.people_in_province(
                form.attendee_ids(), block_year.block.province_id, "attendees"
            )
            host = selectors.units_in_province(
                [data["host_unit"]], block_year.block.province_id, "host_unit"
            )[0]
            conference = _run(
                form,
                services.record_conference,
                actor=request.user,
                block_year=block_year,
                kind=data["kind"],
                date=data["date"],
                host_unit=host,
                attendees=people,
                agenda=data["agenda"],
            )
            if conference is not None:
                messages.success(request, _("The conference was recorded."))
                return redirect("voting:conference_detail", pk=conference.pk)
    conferences = [
        (c, _quorum_words(selectors.quorum_of(c)))
        for c in selectors.conferences_of(block_year)
    ]
    return TemplateResponse(
        request,
        "voting/conference_list.html",
        {**_block_year_context(block_year), "conferences": conferences, "form": form},
    )


@login_required
def conference_export(request, pk):
    """The conference list as XLSX: the same gate and rows as the page."""
    block_year = org_selectors.get_block_year_for(request.user, pk)
    conferences = list(selectors.conferences_of(block_year))
    quorums = selectors.quorums_of(block_year, conferences)
    rows = []
    for c in conferences:
        quorum = quorums[c.pk]
        rows.append(
            [
                c.date,
                c.get_kind_display(),
                c.host_unit.name,
                c.attendee_count,
                quorum.present_units,
                quorum.member_units,
                quorum.percent,
                _("yes") if quorum.met else _("no"),
            ]
        )
    headers = [
        _("Date"),
        _("Kind"),
        _("Host unit"),
        _("Attendees"),
        _("Member units present"),
        _("Member units"),
        _("Quorum (per cent)"),
        _("Quorum met"),
    ]
    content = xlsx.write_workbook(
        headers=headers, rows=rows, title=_("Review conferences")
    )
    return xlsx.response(
        content, xlsx.filename("hội nghị", block_year.block.name, block_year.year)
    )


def _round_rows(rounds):
    return [(r, award_label(r.award)) for r in rounds]


@login_required
@require_http_methods(["GET", "POST"])
def conference_detail(request, pk):
    conference = selectors.get_conference_for(request.user, pk)
    may_manage = can(request.user, "ballot.manage", conference)
    if request.method == "POST" and not may_manage:
        raise DomainError("PERMISSION_DENIED")
    rounds = selectors.rounds_of(conference)
    form = None
    if may_manage:
        candidates = selectors.default_candidates(conference)
        closed = [r for r in rounds if r.status == BallotRound.Status.CLOSED]
        form = forms.RoundForm(
            request.POST or None, candidates=candidates, closed_rounds=closed
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            by_id = {u.pk: u for u in candidates}
            runoff_of = None
            if data["runoff_of"] is not None:
                runoff_of = selectors.get_round_for(
                    request.user, data["runoff_of"], "ballot.manage"
                )
            round = _run(
                form,
                services.create_round,
                actor=request.user,
                conference=conference,
                award=data["award"],
                seats=data["seats"],
                threshold=data["threshold"],
                threshold_base=data["threshold_base"],
                threshold_rule=data["threshold_rule"],
                mode=data["mode"],
                candidates=[by_id[i] for i in form.candidate_ids()] or None,
                runoff_of=runoff_of,
            )
            if round is not None:
                messages.success(request, _("The ballot round was created."))
                return redirect("voting:round_detail", pk=round.pk)
    block_year = conference.block_year
    return TemplateResponse(
        request,
        "voting/conference_detail.html",
        {
            **_block_year_context(block_year),
            "conference": conference,
            "quorum_words": _quorum_words(selectors.quorum_of(conference)),
            "quorum": selectors.quorum_of(conference),
            "attendances": selectors.attendances_of(conference),
            "rounds": _round_rows(rounds),
            "form": form,
            "may_edit": can(request.user, "conference.manage", block_year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_edit(request, pk):
    """The minutes details of a conference: time, place, chair, secretary, next
    year's head and host units (the secretariat's)."""
    conference = selectors.get_conference_for(request.user, pk, "conference.manage")
    block_year = conference.block_year
    units = _member_units(block_year)
    chosen = [conference.next_head_unit, conference.next_host_unit]
    units += [u for u in chosen if u is not None and u not in units]
    form = forms.ConferenceMinutesForm(
        request.POST or None,
        units=units,
        initial=forms.ConferenceMinutesForm.initial_for(conference),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {u.pk: u for u in units}
        updated = _run(
            form,
            services.update_conference,
            actor=request.user,
            conference=conference,
            changes={
                "starts_at": form.starts_at(conference.date),
                "place": data["place"],
                "chair": data["chair"],
                "secretary": data["secretary"],
                "next_head_unit": by_id.get(data["next_head_unit"]),
                "next_host_unit": by_id.get(data["next_host_unit"]),
            },
        )
        if updated is not None:
            messages.success(request, _("The minutes details were saved."))
            return redirect("voting:conference_detail", pk=conference.pk)
    return TemplateResponse(
        request,
        "voting/conference_edit.html",
        {**_block_year_context(block_year), "conference": conference, "form": form},
    )


# --- Rounds --------------------------------------------------------------------------

COUNT_WORDS = {
    "": "No count has been entered yet. A member of the counting board enters the "
    "count from the minutes of the count.",
    "awaiting_confirmation": "The first entry is saved. Another member of the "
    "counting board must now enter the same count again; the round can close once "
    "the two entries agree.",
    "accepted": "Two members of the counting board entered the same count: the "
    "count is accepted and the round can be closed.",
    "mismatch": "The two entries differ. Check the paper ballots and enter the "
    "count again; it is accepted when two entries by different members agree.",
}


def _count_words(status: str) -> str:
    return _(COUNT_WORDS.get(status, ""))


def _result_context(round) -> dict:
    if round.status != BallotRound.Status.CLOSED:
        return {}
    result = selectors.result_of(round)
    outcome = result.outcome
    names = {row.unit: row.unit_name for row in result.candidates}
    decision = selectors.decision_of(round)
    due = decision is None and ballot_rules.decision_due(
        outcome,
        rounds_held=selectors.rounds_held(round),
        limit=selectors.round_limit(round),
    )
    runoff_exists = round.runoffs.exists()
    return {
        "result": result,
        "result_rows": [(row, round_share(row.share)) for row in result.candidates],
        "runoff_names": [names.get(u, u) for u in outcome.runoff_candidates],
        "runoff_seats": outcome.runoff_seats,
        "runoff_exists": runoff_exists,
        "decision": decision,
        "decision_due": due,
        "round_limit": selectors.round_limit(round),
    }


def round_share(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",")


def _round_page(request, round, *, count_form=None, decision_form=None, status=200):
    manage = can(request.user, "ballot.manage", round)
    count = can(request.user, "ballot.count", round)
    candidates = selectors.candidates_of(round)
    is_paper = round.mode == BallotRound.Mode.PAPER
    if is_paper and count and round.status == BallotRound.Status.DRAFT:
        count_form = count_form or forms.PaperCountForm(candidates=candidates)
    else:
        count_form = None
    context = {
        **_block_year_context(round.conference.block_year),
        "round": round,
        "conference": round.conference,
        "award": award_label(round.award),
        "candidates": candidates,
        "may_manage": manage,
        "is_paper": is_paper,
        "progress": selectors.progress_of(round) if not is_paper else None,
        "count_form": count_form,
        "count_words": _count_words(round.count_status) if is_paper else "",
        "paper_counts": selectors.paper_counts_of(round) if is_paper else [],
        **_result_context(round),
    }
    if context.get("decision_due") and manage:
        context["decision_form"] = decision_form or forms.DecisionForm(
            candidates=[
                u
                for u in candidates
                if u.pk not in set(context["result"].outcome.elected)
            ]
        )
    return TemplateResponse(request, "voting/round_detail.html", context, status=status)


@login_required
def round_detail(request, pk):
    round = selectors.get_round_for(request.user, pk)
    return _round_page(request, round)


@login_required
def round_export(request, pk):
    """A closed round's result as XLSX: what the page shows — counts per candidate
    and for the round — and nothing about any voter (ballot secrecy)."""
    ballot_round = selectors.get_round_for(request.user, pk)
    result = selectors.result_of(ballot_round)  # 409 ROUND_NOT_CLOSED before the close
    candidates = [
        [
            row.unit_name,
            row.votes,
            round(row.share * 100, 1),
            _("yes") if row.elected else _("no"),
        ]
        for row in result.candidates
    ]
    award = award_label(ballot_round.award)
    facts = [
        [_("Award"), award],
        [_("Date"), ballot_round.conference.date],
        [_("Seats"), ballot_round.seats],
        [_("Voters"), ballot_round.electorate],
        [_("Ballots cast"), result.ballots_cast],
        [_("Invalid ballots"), result.invalid],
        [_("Shares are of"), result.base],
        [_("Votes needed"), result.needed],
    ]
    content = xlsx.write_sheets(
        [
            xlsx.Sheet(
                title=_("Result"),
                headers=[_("Candidate"), _("Votes"), _("Share (%)"), _("Elected")],
                rows=candidates,
            ),
            xlsx.Sheet(
                title=_("Ballot round"), headers=[_("Item"), _("Value")], rows=facts
            ),
        ]
    )
    block_year = ballot_round.conference.block_year
    return xlsx.response(
        content,
        xlsx.filename(
            "kết quả bỏ phiếu", award, block_year.block.name, block_year.year
        ),
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def round_open(request, pk):
    """GET: whom to give a slip (the attendees). POST: open the round and answer the
    printable slips — the only time the codes are ever shown."""
    round = selectors.get_round_for(request.user, pk, "ballot.manage")
    attendances = selectors.attendances_of(round.conference)
    initial = []
    if round.votes_per == ballot_rules.PER_UNIT:
        seen = set()
        for a in attendances:
            if a.unit_id not in seen:
                seen.add(a.unit_id)
                initial.append(a.person_id)
    else:
        initial = [a.person_id for a in attendances]
    form = forms.OpenForm(
        request.POST or None,
        attendances=attendances,
        initial={"voters": initial},
    )
    if request.method == "POST" and form.is_valid():
        people = selectors.people_in_province(
            form.voter_ids(), round.conference.block_year.block.province_id, "voters"
        )
        opened = _run(
            form, services.open_round, actor=request.user, round=round, voters=people
        )
        if opened is not None:
            _round, tokens = opened
            return _slips_page(request, round, tokens)
    return TemplateResponse(
        request,
        "voting/round_open.html",
        {
            **_block_year_context(round.conference.block_year),
            "round": round,
            "award": award_label(round.award),
            "form": form,
        },
    )


def _slips_page(request, round, tokens):
    base = request.build_absolute_uri(reverse("voting:ballot", args=[round.pk]))
    slips = []
    for number, token in enumerate(tokens, 1):
        url = f"{base}?t={token}"
        svg = segno.make(url, error="m").svg_inline(scale=4, title=_("Ballot QR code"))
        slips.append({"number": number, "code": token, "qr": mark_safe(svg)})  # noqa: S308
    response = TemplateResponse(
        request,
        "voting/round_slips.html",
        {
            **_block_year_context(round.conference.block_year),
            "round": round,
            "award": award_label(round.award),
            "slips": slips,
            "ballot_url": base,
            "kiosk_url": request.build_absolute_uri(
                reverse("voting:kiosk", args=[round.pk])
            ),
        },
    )
    response["Referrer-Policy"] = "same-origin"
    return response


@login_required
@require_POST
def round_close(request, pk):
    round = selectors.get_round_for(request.user, pk, "ballot.manage")
    try:
        services.close_round(actor=request.user, round=round)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, error.message)
    else:
        messages.success(request, _("The round is closed; the result is below."))
    return redirect("voting:round_detail", pk=round.pk)


@login_required
@require_http_methods(["GET", "POST"])
def round_count(request, pk):
    round = selectors.get_round_for(request.user, pk, "ballot.count")
    if round.mode != BallotRound.Mode.PAPER:
        raise DomainError("PAPER_ROUND_ONLY")
    form = forms.PaperCountForm(
        request.POST or None, candidates=selectors.candidates_of(round)
    )
    if request.method == "POST" and form.is_valid():
        entry = _run(
            form,
            services.enter_paper_count,
            actor=request.user,
            round=round,
            ballots_cast=form.cleaned_data["ballots_cast"],
            invalid=form.cleaned_data["invalid"],
            counts=form.counts(),
        )
        if entry is not None:
            messages.success(request, _("The count was saved."))
            return redirect("voting:round_detail", pk=round.pk)
    return _round_page(request, round, count_form=form)


@login_required
@require_POST
def round_decision(request, pk):
    round = selectors.get_round_for(request.user, pk, "ballot.manage")
    candidates = selectors.candidates_of(round)
    form = forms.DecisionForm(request.POST, candidates=candidates)
    if form.is_valid():
        by_id = {u.pk: u for u in candidates}
        decision = _run(
            form,
            services.record_decision,
            actor=request.user,
            round=round,
            units=[by_id[i] for i in form.unit_ids()],
            reason=form.cleaned_data["reason"],
        )
        if decision is not None:
            messages.success(request, _("The decision was recorded."))
            return redirect("voting:round_detail", pk=round.pk)
    return _round_page(request, round, decision_form=form)


# --- Voting (no sign-in: the slip is the credential) ----------------------------------


def _ballot_response(request, template, context, status=200):
    response = TemplateResponse(request, template, context, status=status)
    # The slip's code travels in the address: keep it out of Referer headers to
    # other sites (same-origin: the CSRF origin check still works) and out of
    # caches.
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store"
    return response


def _refusal_context(code: str, round) -> dict:
    return {"refusal": code, "refusal_message": DomainError(code).message}


def _cast(request, round, form, *, kiosk: bool):
    """Cast through the service, with no actor. Answers a redirect to the thank-you
    page, or None with the refusal on the form."""
    try:
        services.cast_ballot(
            round=round, token=form.cleaned_data["t"], choices=form.choice_ids()
        )
    except DomainError as error:
        if error.code == "TOO_MANY_CHOICES":
            form.add_error(
                "choices",
                _("Choose at most %(seats)s candidates.") % {"seats": round.seats},
            )
        return error
    target = reverse("voting:ballot_thanks", args=[round.pk])
    return redirect(f"{target}?kiosk=1" if kiosk else target)


@never_cache
@require_http_methods(["GET", "POST"])
def ballot(request, round_id):
    round = selectors.get_round_for_voting(round_id)
    candidates = selectors.candidates_of(round)
    token = request.POST.get("t") if request.method == "POST" else request.GET.get("t")
    token = (token or "").strip()
    context = {"round": round, "award": award_label(round.award), "kiosk": False}
    if request.method == "POST":
        form = forms.BallotForm(request.POST, candidates=candidates)
        if form.is_valid():
            outcome = _cast(request, round, form, kiosk=False)
            if not isinstance(outcome, DomainError):
                return outcome
            if outcome.code != "TOO_MANY_CHOICES":
                return _ballot_response(
                    request,
                    "voting/ballot.html",
                    {**context, **_refusal_context(outcome.code, round)},
                    status=outcome.status,
                )
        return _ballot_response(
            request, "voting/ballot.html", {**context, "form": form}, status=422
        )
    refusal = selectors.slip_refusal(round, token) if token else "TOKEN_INVALID"
    if refusal:
        return _ballot_response(
            request,
            "voting/ballot.html",
            {**context, **_refusal_context(refusal, round)},
            status=DomainError(refusal).status,
        )
    form = forms.BallotForm(initial={"t": token}, candidates=candidates)
    return _ballot_response(request, "voting/ballot.html", {**context, "form": form})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request, round_id):
    """The secretary's laptop: a delegate types the slip's code, then votes. The
    signed-in secretary is not passed to the ballot; the page keeps nothing."""
    round = selectors.get_round_for(request.user, round_id, "ballot.manage")
    candidates = selectors.candidates_of(round)
    context = {"round": round, "award": award_label(round.award), "kiosk": True}
    if request.method == "POST" and "t" in request.POST:
        form = forms.BallotForm(request.POST, candidates=candidates)
        if form.is_valid():
            outcome = _cast(request, round, form, kiosk=True)
            if not isinstance(outcome, DomainError):
                return outcome
            if outcome.code != "TOO_MANY_CHOICES":
                return _ballot_response(
                    request,
                    "voting/kiosk.html",
                    {
                        **context,
                        **_refusal_context(outcome.code, round),
                        "code_form": forms.SlipCodeForm(),
                    },
                    status=outcome.status,
                )
        return _ballot_response(
            request, "voting/kiosk.html", {**context, "form": form}, status=422
        )
    code_form = forms.SlipCodeForm(request.POST or None)
    if request.method == "POST" and code_form.is_valid():
        code = code_form.cleaned_data["code"].strip()
        refusal = selectors.slip_refusal(round, code)
        if refusal is None:
            form = forms.BallotForm(initial={"t": code}, candidates=candidates)
            return _ballot_response(
                request, "voting/kiosk.html", {**context, "form": form}
            )
        code_form.add_error("code", DomainError(refusal).message)
    return _ballot_response(
        request, "voting/kiosk.html", {**context, "code_form": code_form}
    )


@never_cache
def ballot_thanks(request, round_id):
    round = selectors.get_round_for_voting(round_id)
    return _ballot_response(
        request,
        "voting/ballot_thanks.html",
        {
            "round": round,
            "award": award_label(round.award),
            "kiosk": request.GET.get("kiosk") == "1",
        },
    )
