"""HTML pages of the block's year, first half: the covenant (giao ước thi đua) and
the required documents (domain.md §6.4–6.5, §9 rule 26).

FBVs: gate → form → service → response. A refusal of a service becomes a form
error (or a message after a redirect); 403 and 404 go to the error page.
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core import xlsx
from thidua.core.access import can
from thidua.core.errors import DomainError
from thidua.cycles import forms, selectors, services
from thidua.cycles.models import Requirement
from thidua.organizations import selectors as org_selectors
from thidua.rules.deadlines import days_late
from thidua.rules.permissions import Scope


def _run(form, fn, **kwargs):
    """Call a service; a refusal becomes a form error instead of a page error."""
    try:
        return fn(**kwargs)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        form.add_error(None, error.message)
        return None


def _member_scope(block_year, unit) -> Scope:
    """Where a member unit's work in this block year lives (as Submission.scope)."""
    return Scope(
        province=block_year.block.province_id,
        blocks=frozenset({block_year.block_id}),
        unit=unit.pk,
    )


def _member_units(block_year):
    """The member units in the block's order (head, deputies, then the rest)."""
    seen, units = set(), []
    for m in org_selectors.members_by_role(block_year):
        if m.unit_id not in seen:
            seen.add(m.unit_id)
            units.append(m.unit)
    return units


def _units_allowed(user, block_year, action):
    return [
        u
        for u in _member_units(block_year)
        if can(user, action, _member_scope(block_year, u))
    ]


def _publications(block_year):
    """Published periods: they lock the covenant (services.put_covenant)."""
    return list(block_year.publications.order_by("published_at"))


def _earlier_year_with_covenant(block_year):
    """The block's latest earlier year that has a covenant, to copy from."""
    return (
        block_year.block.years.filter(year__lt=block_year.year, covenant__isnull=False)
        .order_by("-year")
        .first()
    )


def _base(block_year):
    return {
        "block_year": block_year,
        "emulation_block": block_year.block,
        "province": block_year.block.province,
    }


# --- Covenant ------------------------------------------------------------------------


def _scoring_groups(criteria):
    """Consecutive criteria of one group, with the group's maximum."""
    groups = []
    for name, rows in groupby(criteria, key=lambda c: c.group):
        rows = list(rows)
        groups.append(
            {"name": name, "criteria": rows, "max": sum(c.max_points for c in rows)}
        )
    return groups


def _covenant_context(request, block_year, **extra):
    covenant = selectors.covenant_of(block_year)
    signatures = {}
    criteria = []
    if covenant is not None:
        signatures = {s.unit_id: s for s in covenant.signatures.all()}
        criteria = list(covenant.criteria.all())
    rows = [
        {
            "unit": unit,
            "signature": signatures.get(unit.pk),
            "may_sign": covenant is not None
            and unit.pk not in signatures
            and can(request.user, "covenant.sign", _member_scope(block_year, unit)),
        }
        for unit in _member_units(block_year)
    ]
    return {
        **_base(block_year),
        "covenant": covenant,
        "contents": list(covenant.contents.all()) if covenant else [],
        "groups": _scoring_groups(criteria),
        "max_total": sum(c.max_points for c in criteria),
        "signature_rows": rows,
        "signed_count": sum(1 for r in rows if r["signature"]),
        "publications": _publications(block_year),
        "can_edit": can(request.user, "covenant.edit", block_year),
        **extra,
    }


@login_required
def covenant_detail(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    return TemplateResponse(
        request, "cycles/covenant_detail.html", _covenant_context(request, block_year)
    )


def _number(value):
    """Points as a spreadsheet number: whole points as int, others as float."""
    if value is None:
        return None
    return int(value) if value == int(value) else float(value)


@login_required
def covenant_export(request, pk):
    """The covenant as XLSX: its contents, its scoring table and the member units'
    signatures, one sheet each (the page's gate and tables)."""
    block_year = org_selectors.get_block_year_for(request.user, pk)
    covenant = selectors.covenant_of(block_year)
    contents, criteria, signatures = [], [], {}
    if covenant is not None:
        contents = [[c.position, c.text] for c in covenant.contents.all()]
        criteria = list(covenant.criteria.all())
        signatures = {s.unit_id: s for s in covenant.signatures.all()}
    table = [[c.group, c.code, c.title, _number(c.max_points)] for c in criteria]
    if covenant is not None:
        table += [
            ["", "", _("Total"), _number(sum(c.max_points for c in criteria))],
            ["", "", _("Bonus ceiling"), _number(covenant.bonus_max)],
            [
                "",
                "",
                _("Deduction per late document"),
                _number(covenant.late_deduction),
            ],
            [
                "",
                "",
                _("Allowed gap between self-score and cross-score"),
                _number(covenant.review_margin),
            ],
        ]
    signed = [
        [
            unit.name,
            timezone.localdate(signatures[unit.pk].signed_at)
            if unit.pk in signatures
            else None,
        ]
        for unit in _member_units(block_year)
    ]
    content = xlsx.write_sheets(
        [
            xlsx.Sheet(
                title=_("Contents"), headers=[_("No."), _("Content")], rows=contents
            ),
            xlsx.Sheet(
                title=_("Scoring table"),
                headers=[_("Group"), _("Code"), _("Criterion"), _("Maximum points")],
                rows=table,
            ),
            xlsx.Sheet(
                title=_("Signatures"),
                headers=[_("Unit"), _("Signed on")],
                rows=signed,
            ),
        ]
    )
    return xlsx.response(
        content,
        xlsx.filename("giao ước thi đua", block_year.block.name, block_year.year),
    )


@login_required
@require_http_methods(["GET", "POST"])
def covenant_edit(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk, "covenant.edit")
    covenant = selectors.covenant_of(block_year)
    initial = {"bonus_max": 0, "late_deduction": 0, "review_margin": 2}
    if covenant is not None:
        initial = {
            "contents": "\n".join(c.text for c in covenant.contents.all()),
            "criteria": forms.criteria_text(covenant.criteria.all()),
            "bonus_max": forms.points_local(covenant.bonus_max),
            "late_deduction": forms.points_local(covenant.late_deduction),
            "review_margin": forms.points_local(covenant.review_margin),
        }
    form = forms.CovenantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.put_covenant(
                actor=request.user, block_year=block_year, **form.cleaned_data
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            form.add_error(None, error.message)
            if error.code == "CRITERION_IN_USE":
                form.add_error(
                    None,
                    _("Criteria that already have scores: %(codes)s.")
                    % {"codes": ", ".join(error.details.get("codes", []))},
                )
        else:
            messages.success(request, _("The covenant was saved."))
            return redirect("cycles:covenant_detail", pk=block_year.pk)
    source = _earlier_year_with_covenant(block_year)
    return TemplateResponse(
        request,
        "cycles/covenant_form.html",
        {
            **_base(block_year),
            "form": form,
            "covenant": covenant,
            "copy_source": source,
            "publications": _publications(block_year),
        },
    )


@login_required
@require_POST
def covenant_copy(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk, "covenant.edit")
    source = _earlier_year_with_covenant(block_year)
    if source is None:
        messages.error(request, _("The block has no earlier year with a covenant."))
        return redirect("cycles:covenant_edit", pk=block_year.pk)
    try:
        services.copy_covenant(actor=request.user, block_year=block_year, source=source)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "The covenant of %(year)s was copied. Check it and change what is "
                "different this year."
            )
            % {"year": source.year},
        )
    return redirect("cycles:covenant_edit", pk=block_year.pk)


@login_required
@require_POST
def covenant_sign(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    unit = org_selectors.get_unit_for(
        request.user, request.POST.get("unit"), "covenant.sign"
    )
    covenant = selectors.covenant_of(block_year)
    done, problem = None, None
    if covenant is None:
        problem = DomainError("COVENANT_MISSING").message
    else:
        try:
            done = services.sign_covenant(
                actor=request.user, covenant=covenant, unit=unit
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            problem = error.message
    if request.htmx:
        context = _covenant_context(
            request, block_year, signed_unit=done and unit, problem=problem
        )
        return TemplateResponse(
            request, "cycles/covenant_detail.html#signatures", context
        )
    if problem:
        messages.error(request, problem)
    else:
        messages.success(
            request,
            _("%(unit)s has signed the covenant.") % {"unit": unit.name},
        )
    return redirect(
        reverse("cycles:covenant_detail", args=[block_year.pk]) + "#signatures"
    )


# --- Required documents --------------------------------------------------------------


def _waiver_reasons(requirements):
    """(requirement, unit) → the reason of its waiver (waivers prefetched)."""
    return {
        (w.requirement_id, w.unit_id): w.reason
        for r in requirements
        for w in r.waivers.all()
    }


def _grid_rows(cells, reasons):
    """Cells grouped by unit (grid order), with the counts per status."""
    rows = []
    for unit_id, group in groupby(cells, key=lambda c: c.unit):
        group = list(group)
        counts = dict.fromkeys(("on_time", "late", "missing", "pending"), 0)
        for cell in group:
            counts[cell.status] += 1
            cell.waiver_reason = reasons.get((cell.requirement, unit_id), "")
        rows.append(
            {
                "unit_id": unit_id,
                "unit_name": group[0].unit_name,
                "cells": group,
                "counts": counts,
            }
        )
    return rows


@login_required
def document_dashboard(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    requirements = list(block_year.requirements.prefetch_related("waivers"))
    cells = selectors.visible_cells(request.user, block_year)
    rows = _grid_rows(cells, _waiver_reasons(requirements))
    for_block = can(request.user, "submission.create", block_year)
    upload_units = (
        []
        if for_block
        else _units_allowed(request.user, block_year, "submission.create")
    )
    uploads = [
        {
            "unit": unit,
            "row": next((r for r in rows if r["unit_id"] == unit.pk), None),
        }
        for unit in upload_units
    ]
    can_add = can(request.user, "requirement.edit", block_year)
    return TemplateResponse(
        request,
        "cycles/document_dashboard.html",
        {
            **_base(block_year),
            "requirements": requirements,
            "rows": rows,
            "sees_all": can(request.user, "submission.view", block_year),
            "uploads": uploads,
            "upload_for_any": for_block,
            "can_add": can_add,
            "can_waive": can(request.user, "waiver.create", block_year),
            "requirement_form": forms.RequirementForm() if can_add else None,
            "today": timezone.localdate(),
        },
    )


def _cell_words(cell) -> str:
    """A cell of the grid in words, as the page writes it."""
    days = cell.days_late or 0
    if cell.status == "on_time":
        return _("On time")
    if cell.status == "late":
        return ngettext("Late by %(days)s day", "Late by %(days)s days", days) % {
            "days": days
        }
    if cell.status == "missing":
        return ngettext(
            "Missing, %(days)s day overdue", "Missing, %(days)s days overdue", days
        ) % {"days": days}
    return _("Waiting")


@login_required
def document_export(request, pk):
    """The required documents as XLSX: the unit × document grid the page shows the
    reader (the whole block for the secretariat, a unit's own row for its people),
    and the same cells one per line with their dates."""
    block_year = org_selectors.get_block_year_for(request.user, pk)
    requirements = list(block_year.requirements.prefetch_related("waivers"))
    cells = selectors.visible_cells(request.user, block_year)
    rows = _grid_rows(cells, _waiver_reasons(requirements))
    kinds = dict(Requirement.Kind.choices)
    statuses = ("on_time", "late", "missing", "pending")
    grid = []
    for row in rows:
        by_requirement = {c.requirement: c for c in row["cells"]}
        grid.append(
            [
                row["unit_name"],
                *(
                    _cell_words(by_requirement[r.pk]) if r.pk in by_requirement else ""
                    for r in requirements
                ),
                *(row["counts"][s] for s in statuses),
            ]
        )
    details = [
        [
            cell.unit_name,
            cell.requirement_title,
            str(kinds.get(cell.kind, cell.kind)),
            cell.due_date,
            timezone.localdate(cell.received_at) if cell.received_at else None,
            _cell_words(cell),
            cell.days_late or 0,
            _("yes") if cell.waived else _("no"),
            cell.waiver_reason,
        ]
        for row in rows
        for cell in row["cells"]
    ]
    due = [
        _("%(title)s (due %(date)s)")
        % {"title": r.title, "date": date_format(r.due_date, "SHORT_DATE_FORMAT")}
        for r in requirements
    ]
    content = xlsx.write_sheets(
        [
            xlsx.Sheet(
                title=_("Required documents"),
                headers=[
                    _("Unit"),
                    *due,
                    _("On time"),
                    _("Late"),
                    _("Missing"),
                    _("Waiting"),
                ],
                rows=grid,
            ),
            xlsx.Sheet(
                title=_("Details"),
                headers=[
                    _("Unit"),
                    _("Document"),
                    _("Kind"),
                    _("Due date"),
                    _("Received on"),
                    _("Status"),
                    _("Days late"),
                    _("Deduction waived"),
                    _("Reason"),
                ],
                rows=details,
            ),
        ]
    )
    return xlsx.response(
        content,
        xlsx.filename("văn bản phải nộp", block_year.block.name, block_year.year),
    )


@login_required
@require_http_methods(["GET", "POST"])
def requirement_create(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk, "requirement.edit")
    form = forms.RequirementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        requirement = _run(
            form,
            services.add_requirement,
            actor=request.user,
            block_year=block_year,
            **form.cleaned_data,
        )
        if requirement:
            messages.success(
                request,
                _("“%(title)s” was added, due on %(date)s.")
                % {
                    "title": requirement.title,
                    "date": date_format(requirement.due_date, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("cycles:document_dashboard", pk=block_year.pk)
    return TemplateResponse(
        request,
        "cycles/requirement_form.html",
        {**_base(block_year), "form": form},
    )


def _received_message(submission, requirement) -> str:
    received = timezone.localdate(submission.received_at)
    late = days_late(due=requirement.due_date, received=received, today=received)
    values = {
        "title": requirement.title,
        "unit": submission.unit.name,
        "date": date_format(received, "SHORT_DATE_FORMAT"),
        "days": late,
    }
    if late:
        return (
            ngettext(
                "“%(title)s” of %(unit)s was received on %(date)s, %(days)d day "
                "after the due date.",
                "“%(title)s” of %(unit)s was received on %(date)s, %(days)d days "
                "after the due date.",
                late,
            )
            % values
        )
    return _("“%(title)s” of %(unit)s was received on %(date)s, on time.") % values


@login_required
@require_http_methods(["GET", "POST"])
def submission_create(request, pk):
    requirement = selectors.get_requirement_for(request.user, pk)
    block_year = org_selectors.get_block_year_for(
        request.user, requirement.block_year_id
    )
    units = _units_allowed(request.user, block_year, "submission.create")
    if not units:
        raise DomainError("PERMISSION_DENIED")
    by_id = {u.pk: u for u in units}
    initial = {}
    if request.GET.get("unit", "").isdigit() and int(request.GET["unit"]) in by_id:
        initial["unit"] = int(request.GET["unit"])
    form = forms.SubmissionForm(
        request.POST or None, request.FILES or None, units=units, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        unit = by_id[form.cleaned_data["unit"]]
        submission = _run(
            form,
            services.submit_document,
            actor=request.user,
            requirement=requirement,
            unit=unit,
            upload=form.cleaned_data["file"],
        )
        if submission:
            messages.success(request, _received_message(submission, requirement))
            return redirect(
                reverse("cycles:document_dashboard", args=[block_year.pk])
                + f"#unit-{unit.pk}"
            )
    return TemplateResponse(
        request,
        "cycles/submission_form.html",
        {
            **_base(block_year),
            "form": form,
            "requirement": requirement,
            "only_unit": units[0] if len(units) == 1 else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def waiver_create(request, pk):
    requirement = selectors.get_requirement_for(request.user, pk, "waiver.create")
    block_year = org_selectors.get_block_year_for(
        request.user, requirement.block_year_id
    )
    units = _member_units(block_year)
    initial = {}
    if request.GET.get("unit", "").isdigit():
        initial["unit"] = int(request.GET["unit"])
    form = forms.WaiverForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
        waiver = _run(
            form,
            services.waive_deduction,
            actor=request.user,
            requirement=requirement,
            unit=unit,
            reason=form.cleaned_data["reason"],
        )
        if waiver:
            messages.success(
                request,
                _("The deduction of %(unit)s for “%(title)s” was waived.")
                % {"unit": unit.name, "title": requirement.title},
            )
            return redirect(
                reverse("cycles:document_dashboard", args=[block_year.pk])
                + f"#unit-{unit.pk}"
            )
    return TemplateResponse(
        request,
        "cycles/waiver_form.html",
        {**_base(block_year), "form": form, "requirement": requirement},
    )


@login_required
def submission_download(request, pk):
    """The file a unit sent, only to those who may see it; always as a download."""
    submission = selectors.get_submission_for(request.user, pk)
    return FileResponse(
        submission.file.open("rb"),
        as_attachment=True,
        filename=submission.original_name,
        content_type=submission.content_type,
    )
