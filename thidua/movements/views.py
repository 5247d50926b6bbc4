"""HTML pages of issue 7: movements, registrations, advanced models, the public page,
the province's overview and the notifications (domain.md §3.3, §6.4).

FBVs: gate → form → service → response. A refusal of a service becomes a form
error (or a message after a redirect); 403 and 404 go to the error page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from thidua.awards import selectors as award_selectors
from thidua.core import xlsx
from thidua.core.access import can
from thidua.core.errors import DomainError
from thidua.movements import forms, selectors, services
from thidua.movements.models import (
    AWARD_LABELS,
    AdvancedModel,
    Movement,
    Registration,
    award_label,
)
from thidua.organizations import selectors as org_selectors
from thidua.organizations.models import Unit
from thidua.rules import movements as rules


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


def _year(request, default=None) -> int:
    """The ``?year=``; else ``default()`` (called only then); else this year."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and 1945 <= int(raw) <= 2200:
        return int(raw)
    return (default() if default else None) or timezone.localdate().year


def _back(request, fallback: str) -> str:
    """Where a button sends the user back to: ``next`` when it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _download(field, name: str, content_type: str, *, inline: bool = False):
    return FileResponse(
        field.open("rb"),
        as_attachment=not inline,
        filename=name,
        content_type=content_type,
    )


# --- Movements -------------------------------------------------------------------------


def _movements(request):
    """The movements the list shows, with its filters (the page and its XLSX)."""
    return selectors.visible_movements(
        request.user,
        province=request.GET.get("province"),
        kind=request.GET.get("kind") or None,
    )


def _export_query(request) -> str:
    """The page's filters, for its "Download as Excel" link (not the page number)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def movement_list(request):
    movements = _movements(request)
    page = Paginator(movements, 50).get_page(request.GET.get("page"))
    provinces = selectors.provinces_managed(request.user)
    return TemplateResponse(
        request,
        "movements/movement_list.html",
        {
            "page": page,
            "movements": page.object_list,
            "kinds": Movement.Kind.choices,
            "kind": request.GET.get("kind", ""),
            "managed": provinces,
            "overview_provinces": [
                p for p in provinces if can(request.user, "overview.view", p)
            ],
            "export_query": _export_query(request),
        },
    )


@login_required
def movement_export(request):
    """The movement list as XLSX: the page's filters and rows, all pages."""
    rows = [
        [
            m.name,
            m.theme,
            m.get_kind_display(),
            m.province.name,
            m.start_date,
            m.end_date,
            m.issuing_authority,
            m.document_number,
            m.document_date,
        ]
        for m in _movements(request)[:50_000]
    ]
    headers = [
        _("Movement"),
        _("Theme"),
        _("Kind"),
        _("Province"),
        _("Start"),
        _("End"),
        _("Issued by"),
        _("Document number"),
        _("Document date"),
    ]
    content = xlsx.write_workbook(
        headers=headers, rows=rows, title=_("Emulation movements")
    )
    return xlsx.response(content, xlsx.filename("phong trào thi đua"))


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request, pk):
    province = org_selectors.get_province_for(request.user, pk, "movement.manage")
    blocks = selectors.blocks_of(province)
    units = selectors.current_units_of(province)
    form = forms.MovementForm(
        request.POST or None, request.FILES or None, blocks=blocks, units=units
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen_blocks = {str(b.pk): b for b in blocks}
        chosen_units = {str(u.pk): u for u in units}
        movement = _run(
            form,
            services.launch_movement,
            actor=request.user,
            province=province,
            name=data["name"],
            kind=data["kind"],
            issuing_authority=data["issuing_authority"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            document_number=data["document_number"],
            document_date=data["document_date"],
            document=data["document"],
            theme=data["theme"],
            targets=data["targets"],
            blocks=[chosen_blocks[b] for b in data["blocks"]],
            units=[chosen_units[u] for u in data["units"]],
            awards=data["awards"],
        )
        if movement:
            messages.success(
                request,
                _("The movement “%(name)s” was launched; its units were notified.")
                % {"name": movement.name},
            )
            return redirect("movements:movement_detail", pk=movement.pk)
    return TemplateResponse(
        request,
        "movements/movement_form.html",
        {"province": province, "form": form},
    )


@login_required
def movement_detail(request, pk):
    movement = selectors.get_movement_for(request.user, pk)
    rows = selectors.movement_progress(request.user, movement)
    year = min(
        max(timezone.localdate().year, movement.start_date.year), movement.end_date.year
    )
    reporting_units = [
        u
        for u in selectors.units_for(request.user, "registration.create", year)
        if u.pk in {r.unit.pk for r in rows}
    ]
    return TemplateResponse(
        request,
        "movements/movement_detail.html",
        {
            "movement": movement,
            "province": movement.province,
            "rows": rows,
            "registered": sum(1 for r in rows if r.registered),
            "reported": sum(1 for r in rows if r.reports),
            "may_report": bool(reporting_units),
            "may_register": bool(reporting_units),
            "register_year": year,
            "flag_possible": rules.may_lead_to(
                movement.kind, movement.start_date, movement.end_date, "co_thi_dua_tinh"
            ),
            "years": rules.whole_years(movement.start_date, movement.end_date),
        },
    )


@login_required
def movement_document(request, pk):
    movement = selectors.get_movement_for(request.user, pk)
    if not movement.document_file:
        raise DomainError("NOT_FOUND")
    return _download(
        movement.document_file, movement.document_name, movement.document_type
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request, pk):
    movement = selectors.get_movement_for(request.user, pk)
    reached = selectors.movement_units(movement)
    years = rules.years_of(movement.start_date, movement.end_date)
    allowed: dict[int, Unit] = {}
    for year in years:
        for unit in selectors.units_for(request.user, "registration.create", year):
            if unit.pk in reached:
                allowed.setdefault(unit.pk, unit)
    if not allowed:
        raise DomainError("PERMISSION_DENIED")
    units = sorted(allowed.values(), key=lambda u: (u.sort_key, u.pk))
    form = forms.ReportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = _run(
            form,
            services.report_progress,
            actor=request.user,
            movement=movement,
            unit=allowed[data["unit"]],
            text=data["text"],
            figures=data["figures"],
            upload=data["file"],
        )
        if report:
            messages.success(
                request,
                _("The report of %(unit)s was received.") % {"unit": report.unit.name},
            )
            return redirect(
                reverse("movements:movement_detail", args=[movement.pk])
                + f"#unit-{report.unit_id}"
            )
    return TemplateResponse(
        request,
        "movements/report_form.html",
        {"movement": movement, "province": movement.province, "form": form},
    )


@login_required
def report_file(request, pk):
    report = selectors.get_report_file_for(request.user, pk)
    return _download(report.file, report.original_name, report.content_type)


# --- Registrations -----------------------------------------------------------------------


@login_required
def registration_list(request):
    """The registrations the user may see: a unit's own, or the block's to review."""
    status = request.GET.get("status", "")
    if status not in Registration.Status.values:
        status = ""
    year = request.GET.get("year", "")
    qs = selectors.visible_registrations(
        request.user,
        year=year,
        block=request.GET.get("block"),
        status=status or None,
        unit=request.GET.get("unit"),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    may_review = selectors.reviewable(request.user, page.object_list)
    rows = [
        {"registration": r, "may_review": r.pk in may_review} for r in page.object_list
    ]
    return TemplateResponse(
        request,
        "movements/registration_list.html",
        {
            "page": page,
            "rows": rows,
            "statuses": Registration.Status.choices,
            "status": status,
            "year": year,
            "block": request.GET.get("block", ""),
            "return_form": forms.ReturnForm(),
        },
    )


def _pick_unit(request, action: str):
    """The year and the unit a registration or a model is for: the one chosen in
    ``?unit=``, or the only one the user may act for; None asks the user to pick."""
    year = _year(request)
    units = selectors.units_for(request.user, action, year)
    if not units:
        raise DomainError("PERMISSION_DENIED")
    by_id = {u.pk: u for u in units}
    chosen = request.GET.get("unit", "")
    unit = by_id.get(int(chosen)) if chosen.isdigit() else None
    unit = unit or (units[0] if len(units) == 1 else None)
    picker = forms.YearUnitForm(
        initial={"unit": unit.pk if unit else None, "year": year}, units=units
    )
    return year, unit, {"picker": picker, "unit": unit, "year": year}


@login_required
@require_http_methods(["GET", "POST"])
def registration_create(request):
    year, unit, context = _pick_unit(request, "registration.create")
    if unit is None:
        return TemplateResponse(request, "movements/registration_form.html", context)
    movements = selectors.open_movements(unit, year)
    initial = {}
    wanted = request.GET.get("movement", "")
    if wanted.isdigit() and int(wanted) in {m.pk for m in movements}:
        initial["movement"] = int(wanted)
    form = forms.RegistrationForm(
        request.POST or None,
        initial=initial,
        people=selectors.people_of(unit),
        movements=movements,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        movement = next((m for m in movements if m.pk == data["movement"]), None)
        registration = _run(
            form,
            services.register,
            actor=request.user,
            unit=unit,
            year=year,
            movement=movement,
            targets=data["targets"],
            unit_title=data["unit_title"],
            people=[services.PersonTitle(p, t) for p, t in form.chosen_people()],
        )
        if registration and request.POST.get("action") == "submit":
            registration = (
                _run(
                    form,
                    services.submit_registration,
                    actor=request.user,
                    registration=registration,
                )
                or registration
            )
        if registration:
            messages.success(request, _registration_saved(registration))
            return redirect("movements:registration_detail", pk=registration.pk)
    return TemplateResponse(
        request, "movements/registration_form.html", {**context, "form": form}
    )


def _registration_saved(registration) -> str:
    if registration.status == Registration.Status.SUBMITTED:
        return _("The registration was sent to the block for approval.")
    return _("The registration was saved as a draft. Submit it when it is ready.")


@login_required
def registration_detail(request, pk):
    registration = selectors.get_registration_for(request.user, pk)
    scope = registration.scope()
    editable = registration.status in (
        Registration.Status.DRAFT,
        Registration.Status.RETURNED,
    )
    may_write = can(request.user, "registration.create", scope)
    return TemplateResponse(
        request,
        "movements/registration_detail.html",
        {
            "registration": registration,
            "people": [(p, award_label(p.title)) for p in registration.people.all()],
            "unit_title": award_label(registration.unit_title)
            if registration.unit_title
            else "",
            "may_edit": editable and may_write,
            "may_submit": editable and may_write,
            "may_review": registration.status == Registration.Status.SUBMITTED
            and can(request.user, "registration.review", scope),
            "return_form": forms.ReturnForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_edit(request, pk):
    registration = selectors.get_registration_for(
        request.user, pk, "registration.create"
    )
    if registration.status not in (
        Registration.Status.DRAFT,
        Registration.Status.RETURNED,
    ):
        messages.error(request, DomainError("REGISTRATION_NOT_EDITABLE").message)
        return redirect("movements:registration_detail", pk=registration.pk)
    people = selectors.people_of(registration.unit)
    initial = {
        "targets": registration.targets,
        "unit_title": registration.unit_title,
        **{f"title_{p.person_id}": p.title for p in registration.people.all()},
    }
    form = forms.RegistrationForm(
        request.POST or None, initial=initial, people=people, fixed_movement=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people_titles = [services.PersonTitle(p, t) for p, t in form.chosen_people()]
        done = _run(
            form,
            services.update_registration,
            actor=request.user,
            registration=registration,
            targets=data["targets"],
            unit_title=data["unit_title"],
            people=people_titles,
        )
        if done and request.POST.get("action") == "submit":
            done = _run(
                form,
                services.submit_registration,
                actor=request.user,
                registration=done,
            )
        if done:
            messages.success(request, _registration_saved(done))
            return redirect("movements:registration_detail", pk=registration.pk)
    return TemplateResponse(
        request,
        "movements/registration_form.html",
        {
            "form": form,
            "registration": registration,
            "unit": registration.unit,
            "year": registration.year,
        },
    )


@login_required
@require_POST
def registration_submit(request, pk):
    registration = selectors.get_registration_for(
        request.user, pk, "registration.create"
    )
    if _act(
        request,
        services.submit_registration,
        actor=request.user,
        registration=registration,
    ):
        messages.success(
            request, _("The registration was sent to the block for approval.")
        )
    return redirect("movements:registration_detail", pk=registration.pk)


@login_required
@require_POST
def registration_approve(request, pk):
    registration = selectors.get_registration_for(
        request.user, pk, "registration.review"
    )
    if _act(
        request,
        services.approve_registration,
        actor=request.user,
        registration=registration,
    ):
        messages.success(
            request,
            _("The registration of %(unit)s was approved.")
            % {"unit": registration.unit.name},
        )
    return redirect(_back(request, reverse("movements:registration_detail", args=[pk])))


@login_required
@require_http_methods(["GET", "POST"])
def registration_return(request, pk):
    registration = selectors.get_registration_for(
        request.user, pk, "registration.review"
    )
    form = forms.ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form,
            services.return_registration,
            actor=request.user,
            registration=registration,
            reason=form.cleaned_data["reason"],
        )
        if done:
            messages.success(
                request,
                _("The registration of %(unit)s was returned with the reason.")
                % {"unit": registration.unit.name},
            )
            return redirect(
                _back(request, reverse("movements:registration_detail", args=[pk]))
            )
    return TemplateResponse(
        request,
        "movements/registration_return.html",
        {"registration": registration, "form": form},
    )


TITLE_COLUMNS = rules.INDIVIDUAL_TITLES


@login_required
def consolidated(request, pk):
    """The Board's consolidated registration: every block's units and what they
    registered for, in one table."""
    province = org_selectors.get_province_for(request.user, pk, "overview.view")
    year = _year(request, lambda: selectors.default_overview_year(province))
    rows = selectors.consolidated_rows(province, year)
    return TemplateResponse(
        request,
        "movements/registration_consolidated.html",
        {
            "province": province,
            "year": year,
            "rows": [
                (
                    row,
                    [row.titles.get(t, 0) for t in TITLE_COLUMNS],
                    award_label(row.registration.unit_title)
                    if row.registration and row.registration.unit_title
                    else "",
                )
                for row in rows
            ],
            "title_names": [AWARD_LABELS[t] for t in TITLE_COLUMNS],
            "statuses": dict(Registration.Status.choices),
        },
    )


@login_required
def consolidated_export(request, pk):
    province = org_selectors.get_province_for(request.user, pk, "overview.view")
    year = _year(request, lambda: selectors.default_overview_year(province))
    statuses = dict(Registration.Status.choices)
    rows = []
    for row in selectors.consolidated_rows(province, year):
        r = row.registration
        rows.append(
            [
                row.block_name,
                row.unit.name,
                (r.movement.name if r.movement_id else _("The year's titles"))
                if r
                else "",
                str(statuses[r.status]) if r else _("Not registered"),
                award_label(r.unit_title) if r and r.unit_title else "",
                *(row.titles.get(t, 0) for t in TITLE_COLUMNS),
                "; ".join(
                    f"{p.person.full_name} ({award_label(p.title)})"
                    for p in r.people.all()
                )
                if r
                else "",
                r.targets if r else "",
            ]
        )
    headers = [
        _("Block"),
        _("Unit"),
        _("Registration for"),
        _("Status"),
        _("Collective title"),
        *(award_label(t) for t in TITLE_COLUMNS),
        _("People"),
        _("Targets"),
    ]
    content = xlsx.write_workbook(
        headers=headers,
        rows=rows,
        title=_("Registrations %(year)s") % {"year": year},
    )
    return xlsx.response(content, f"dang-ky-thi-dua-{year}.xlsx")


# --- Advanced models -----------------------------------------------------------------------


def _models(request):
    """The status filter and the models the list shows (the page and its XLSX)."""
    status = request.GET.get("status", "")
    if status not in AdvancedModel.Status.values:
        status = ""
    qs = selectors.visible_models(
        request.user, year=request.GET.get("year"), status=status or None
    )
    return status, qs


@login_required
def model_list(request):
    status, qs = _models(request)
    page = Paginator(qs, 40).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "movements/model_list.html",
        {
            "page": page,
            "models": page.object_list,
            "status": status,
            "statuses": AdvancedModel.Status.choices,
            "year": request.GET.get("year", ""),
            "export_query": _export_query(request),
        },
    )


@login_required
def model_export(request):
    """The advanced models as XLSX: the page's filters and rows, all pages."""
    _status, qs = _models(request)
    rows = [
        [
            m.subject_name,
            m.unit.name,
            m.year,
            m.get_kind_display(),
            m.get_status_display(),
            m.movement.name if m.movement_id else "",
            m.achievement,
            m.replication,
        ]
        for m in qs[:50_000]
    ]
    headers = [
        _("Who"),
        _("Unit"),
        _("Year"),
        _("Kind"),
        _("Status"),
        _("Movement"),
        _("Achievement"),
        _("How it was replicated"),
    ]
    content = xlsx.write_workbook(
        headers=headers, rows=rows, title=_("Advanced models")
    )
    return xlsx.response(content, xlsx.filename("điển hình tiên tiến"))


@login_required
@require_http_methods(["GET", "POST"])
def model_create(request):
    year, unit, context = _pick_unit(request, "model.create")
    if unit is None:
        return TemplateResponse(request, "movements/model_form.html", context)
    people = selectors.people_of(unit)
    movements = selectors.open_movements(unit, year)
    form = forms.ModelForm(
        request.POST or None,
        request.FILES or None,
        people=people,
        movements=movements,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        model = _run(
            form,
            services.record_model,
            actor=request.user,
            unit=unit,
            year=year,
            kind=data["kind"],
            person=next((p for p in people if p.pk == data["person"]), None),
            collective_name=data["collective_name"],
            movement=next((m for m in movements if m.pk == data["movement"]), None),
            achievement=data["achievement"],
            replication=data["replication"],
            uploads=data["files"],
        )
        if model:
            messages.success(request, _("The advanced model was recorded."))
            return redirect("movements:model_detail", pk=model.pk)
    return TemplateResponse(
        request, "movements/model_form.html", {**context, "form": form}
    )


@login_required
def model_detail(request, pk):
    model = selectors.get_model_for(request.user, pk)
    scope = model.scope()
    return TemplateResponse(
        request,
        "movements/model_detail.html",
        {
            "model": model,
            "may_edit": can(request.user, "model.create", scope),
            "may_publish": model.status == AdvancedModel.Status.DRAFT
            and can(request.user, "model.publish", scope),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def model_edit(request, pk):
    model = selectors.get_model_for(request.user, pk, "model.create")
    form = forms.ModelForm(
        request.POST or None,
        request.FILES or None,
        initial={"achievement": model.achievement, "replication": model.replication},
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _run(
            form,
            services.update_model,
            actor=request.user,
            model=model,
            achievement=data["achievement"],
            replication=data["replication"],
            uploads=data["files"],
        )
        if done:
            messages.success(request, _("The advanced model was saved."))
            return redirect("movements:model_detail", pk=model.pk)
    return TemplateResponse(
        request,
        "movements/model_form.html",
        {"form": form, "model": model, "unit": model.unit, "year": model.year},
    )


@login_required
@require_POST
def model_publish(request, pk):
    model = selectors.get_model_for(request.user, pk, "model.publish")
    if _act(request, services.publish_model, actor=request.user, model=model):
        messages.success(request, _("The advanced model is now on the public page."))
    return redirect("movements:model_detail", pk=model.pk)


def model_file(request, pk):
    """Evidence or a photo; public once its model is published (photos open in the
    page, other files download)."""
    row = selectors.get_model_file_for(request.user, pk)
    return _download(row.file, row.original_name, row.content_type, inline=row.is_photo)


# --- The public page ---------------------------------------------------------------------


def public(request):
    """Công khai: published advanced models and published rankings, no sign-in."""
    return TemplateResponse(
        request,
        "movements/public.html",
        {
            "models": selectors.public_models(),
            "publications": selectors.public_rankings(),
            # Proposed awards on display (Law art. 84(5)); one query.
            "award_proposals": award_selectors.published_proposals(
                timezone.localdate()
            ),
        },
    )


# --- The province's overview ---------------------------------------------------------------


@login_required
def province_overview(request, pk):
    province = org_selectors.get_province_for(request.user, pk, "overview.view")
    year = _year(request, lambda: selectors.default_overview_year(province))
    overview = selectors.province_overview(province, year)
    return TemplateResponse(
        request,
        "movements/province_overview.html",
        {
            "province": province,
            "overview": overview,
            "year": year,
            "documents_chart": {
                **overview.documents_chart,
                "names": {
                    "on_time": _("On time"),
                    "late": _("Late"),
                    "missing": _("Missing"),
                },
            },
            "results_chart": {
                **overview.results_chart,
                "title": _("Advanced models published"),
            },
            "statuses": Registration.Status.choices,
        },
    )


ATTENTION_WORDS = {
    "no_year": _lazy("set up the year"),
    "no_covenant": _lazy("write the covenant"),
    "unsigned": _lazy("covenant not signed by all"),
    "documents_late": _lazy("documents late or missing"),
    "registrations_waiting": _lazy("registrations to review"),
    "ranking_unpublished": _lazy("ranking not published"),
}


def _ranking_words(published: list[str]) -> str:
    if "year" in published:
        return _("Published")
    if "mid" in published:
        return _("6-month published")
    return _("Not published")


@login_required
def overview_export(request, pk):
    """The province overview as XLSX: its table of blocks, and its table of
    published results by year and block (one sheet each)."""
    province = org_selectors.get_province_for(request.user, pk, "overview.view")
    year = _year(request, lambda: selectors.default_overview_year(province))
    overview = selectors.province_overview(province, year)
    statuses = Registration.Status.choices
    blocks = []
    for row in overview.rows:
        attention = "; ".join(str(ATTENTION_WORDS[c]) for c in row.attention)
        if row.block_year is None:
            blocks.append([row.block.name, *([None] * (11 + len(statuses))), attention])
            continue
        blocks.append(
            [
                row.block.name,
                row.head.name if row.head else "",
                row.members,
                _("yes") if row.has_covenant else _("no"),
                row.signed,
                row.documents.get("on_time", 0),
                row.documents.get("late", 0),
                row.documents.get("missing", 0),
                row.documents.get("pending", 0),
                row.self_sheets,
                row.final_sheets,
                _ranking_words(row.published),
                *(row.registrations.get(value, 0) for value, _label in statuses),
                attention or _("nothing"),
            ]
        )
    chart = overview.results_chart
    results = [
        [series["label"], int(label), models, _("yes") if ranked else _("no")]
        for series in chart["series"]
        for label, models, ranked in zip(
            chart["labels"], series["models"], series["rankings"], strict=True
        )
    ]
    content = xlsx.write_sheets(
        [
            xlsx.Sheet(
                title=_("Blocks %(year)s") % {"year": year},
                headers=[
                    _("Block"),
                    _("Head unit"),
                    _("Member units"),
                    _("Covenant"),
                    _("Units that signed the covenant"),
                    _("Documents on time"),
                    _("Documents late"),
                    _("Documents missing"),
                    _("Documents waiting"),
                    _("Self scores done"),
                    _("Final scores done"),
                    _("Ranking"),
                    *(
                        _("Registrations: %(status)s") % {"status": label}
                        for _value, label in statuses
                    ),
                    _("Where to act"),
                ],
                rows=blocks,
            ),
            xlsx.Sheet(
                title=_("Published results"),
                headers=[
                    _("Block"),
                    _("Year"),
                    _("Advanced models published"),
                    _("Annual ranking published"),
                ],
                rows=results,
            ),
        ]
    )
    return xlsx.response(content, xlsx.filename("tổng quan", province.name, year))


# --- Notifications ---------------------------------------------------------------------------


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_of(request.user), 50).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "movements/notification_list.html",
        {"page": page, "notifications": page.object_list},
    )


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notification read and open what it links to."""
    notification = selectors.get_notification_for(request.user, pk)
    services.mark_notifications_read(actor=request.user, ids=[notification.pk])
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("movements:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    services.mark_notifications_read(actor=request.user)
    return redirect("movements:notification_list")


# --- The annual rotation ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def block_year_copy(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk, "blockyear.create")
    members = org_selectors.members_by_role(block_year)
    units = [m.unit for m in members if m.valid_to is None]
    deputies = org_selectors.deputies_of(block_year)
    # §6.3 common practice: this year's deputy becomes next year's head.
    initial = {"head": deputies[0].unit_id if deputies else None}
    head = org_selectors.head_of(block_year)
    others = [u for u in units if u.pk not in {initial["head"], head and head.unit_id}]
    if others:
        initial["deputy"] = others[0].pk
    form = forms.CopyYearForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        by_id = {u.pk: u for u in units}
        result = _run(
            form,
            services.copy_block_year_setup,
            actor=request.user,
            block_year=block_year,
            head=by_id[form.cleaned_data["head"]],
            deputies=[by_id[form.cleaned_data["deputy"]]],
        )
        if result:
            for code in result.warnings:
                messages.warning(request, DomainError(code).message)
            messages.success(
                request,
                _("The year %(year)s was prepared from %(source)s.")
                % {"year": result.block_year.year, "source": block_year.year},
            )
            return redirect("organizations:block_year_detail", pk=result.block_year.pk)
    return TemplateResponse(
        request,
        "movements/block_year_copy.html",
        {
            "block_year": block_year,
            "emulation_block": block_year.block,
            "province": block_year.block.province,
            "form": form,
            "next_year": block_year.year + 1,
            "members": len(units),
            "requirements": block_year.requirements.count(),
        },
    )
