"""HTML pages for organisations: gate → form → service → response (FBVs)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from thidua.core import xlsx
from thidua.core.access import can
from thidua.core.errors import DomainError
from thidua.organizations import forms, selectors, services, spreadsheets
from thidua.organizations.services.imports import may_import_people

PAGE_SIZE = 50


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def _run(form, fn, **kwargs):
    """Call a service; a refusal becomes a form error instead of a page error."""
    try:
        return fn(**kwargs)
    except DomainError as error:
        if error.status in (403, 404):
            raise
        form.add_error(None, error.message)
        return None


# --- Provinces -----------------------------------------------------------------------


@login_required
def province_list(request):
    provinces = selectors.visible_provinces(request.user).prefetch_related("successors")
    return TemplateResponse(
        request,
        "organizations/province_list.html",
        {"provinces": provinces, "can_create": request.user.is_superuser},
    )


@login_required
@require_http_methods(["GET", "POST"])
def province_create(request):
    if not request.user.is_superuser:
        raise DomainError("PERMISSION_DENIED")
    form = forms.ProvinceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        province = _run(
            form, services.create_province, actor=request.user, **form.cleaned_data
        )
        if province:
            messages.success(request, _("The province was created."))
            return redirect("organizations:province_detail", pk=province.pk)
    return TemplateResponse(
        request, "organizations/form.html", {"form": form, "title": _("New province")}
    )


@login_required
def province_detail(request, pk):
    province = selectors.get_province_for(request.user, pk)
    blocks, years = selectors.province_head_history(
        province, recent=selectors.HEAD_HISTORY_YEARS
    )
    rows = [
        {
            "block": b.block,
            "latest": b.latest,
            "head": b.heads.get(b.latest["year"]) if b.latest else None,
            "count": b.latest["member_count"] if b.latest else 0,
            "heads": [b.heads.get(y) for y in years],
        }
        for b in blocks
    ]
    return TemplateResponse(
        request,
        "organizations/province_detail.html",
        {
            "province": province,
            "rows": rows,
            "years": years,
            "predecessors": province.predecessors.all(),
            "successors": province.successors.all(),
            "can_edit": can(request.user, "province.edit", province),
            "can_create_unit": can(request.user, "unit.create", province),
            "can_create_block": can(request.user, "block.create", province),
            "can_import_people": may_import_people(request.user, province),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def province_edit(request, pk):
    province = selectors.get_province_for(request.user, pk, "province.edit")
    form = forms.ProvinceForm(
        request.POST or None, initial={"name": province.name, "code": province.code}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            services.update_province,
            actor=request.user,
            province=province,
            **form.cleaned_data,
        )
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("organizations:province_detail", pk=province.pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {"form": form, "title": _("Edit province"), "province": province},
    )


@login_required
@require_http_methods(["GET", "POST"])
def province_settings(request, pk):
    province = selectors.get_province_for(request.user, pk, "province.edit")
    current = services.settings_of(province)
    form = forms.ProvinceSettingsForm(request.POST or None, initial=current.__dict__)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            services.update_province_settings,
            actor=request.user,
            province=province,
            values=form.cleaned_data,
        )
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("organizations:province_detail", pk=province.pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {"form": form, "title": _("Provincial settings"), "province": province},
    )


# --- Units ---------------------------------------------------------------------------


@login_required
def unit_list(request):
    q = request.GET.get("q", "")
    province = request.GET.get("province") or None
    if province is not None and not province.isdigit():
        province = None
    units = selectors.visible_units(request.user, province=province, q=q)
    context = {
        "page": _page(request, units),
        "q": q,
        "province_id": province,
        "provinces": selectors.visible_provinces(request.user),
    }
    template = (
        "organizations/_unit_rows.html"
        if request.htmx
        else "organizations/unit_list.html"
    )
    return TemplateResponse(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request, pk):
    province = selectors.get_province_for(request.user, pk, "unit.create")
    form = forms.UnitForm(request.POST or None, province=province)
    if request.method == "POST" and form.is_valid():
        unit = _run(
            form,
            services.create_unit,
            actor=request.user,
            province=province,
            **form.cleaned_data,
        )
        if unit:
            messages.success(request, _("The unit was created."))
            return redirect("organizations:unit_detail", pk=unit.pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {"form": form, "title": _("New unit"), "province": province},
    )


@login_required
def unit_detail(request, pk):
    unit = selectors.get_unit_for(request.user, pk)
    return TemplateResponse(
        request,
        "organizations/unit_detail.html",
        {
            "unit": unit,
            "province": unit.province,
            "memberships": selectors.unit_memberships(unit),
            "lineage": selectors.unit_lineage(unit),
            "children": unit.children.all(),
            "can_edit": can(request.user, "unit.edit", unit),
            "can_view_people": can(request.user, "person.view", unit),
            "can_add_person": can(request.user, "person.create", unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = selectors.get_unit_for(request.user, pk, "unit.edit")
    form = forms.UnitForm(
        request.POST or None,
        province=unit.province,
        initial={
            "name": unit.name,
            "short_name": unit.short_name,
            "parent": unit.parent_id,
            "valid_from": unit.valid_from,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            services.update_unit,
            actor=request.user,
            unit=unit,
            **form.cleaned_data,
        )
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("organizations:unit_detail", pk=unit.pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {"form": form, "title": _("Edit unit"), "province": unit.province},
    )


@login_required
def unit_people(request, pk):
    unit = selectors.get_unit_for(request.user, pk, "person.view")
    people = selectors.visible_people(
        request.user, unit=unit.pk, q=request.GET.get("q")
    )
    return TemplateResponse(
        request,
        "organizations/unit_people.html",
        {
            "unit": unit,
            "province": unit.province,
            "page": _page(request, people),
            "q": request.GET.get("q", ""),
            "can_add_person": can(request.user, "person.create", unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_reorganize(request, pk):
    province = selectors.get_province_for(request.user, pk, "unit.reorganize")
    units = selectors.visible_units(request.user, province=province.pk)
    form = forms.ReorganizeForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        successors = _run(
            form,
            services.reorganize_units,
            actor=request.user,
            sources=list(data["sources"]),
            effective=data["effective"],
            new_units=[services.NewUnit(name=n) for n in data["names"]],
            target=data.get("target"),
        )
        if successors:
            messages.success(request, _("The reorganisation was recorded."))
            return redirect("organizations:unit_detail", pk=successors[0].pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {"form": form, "title": _("Merge or split units"), "province": province},
    )


# --- People --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request, pk):
    unit = selectors.get_unit_for(request.user, pk, "person.create")
    units = selectors.visible_units(request.user, province=unit.province_id)
    form = forms.PersonForm(
        request.POST or None, units=units, initial={"unit": unit.pk}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = data.pop("unit")
        person = _run(
            form, services.create_person, actor=request.user, unit=target, **data
        )
        if person:
            messages.success(request, _("The person was added."))
            return redirect("organizations:unit_people", pk=target.pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {"form": form, "title": _("New person"), "province": unit.province},
    )


@login_required
def person_detail(request, pk):
    person = selectors.get_person_for(request.user, pk)
    return TemplateResponse(
        request,
        "organizations/person_detail.html",
        {
            "person": person,
            "province": person.unit.province,
            "can_edit": can(request.user, "person.edit", person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = selectors.get_person_for(request.user, pk, "person.edit")
    units = selectors.visible_units(request.user, province=person.unit.province_id)
    form = forms.PersonForm(
        request.POST or None,
        units=units,
        initial={
            "full_name": person.full_name,
            "gender": person.gender,
            "unit": person.unit_id,
            "position": person.position,
            "is_leader": person.is_leader,
            "email": person.email,
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            services.update_person,
            actor=request.user,
            person=person,
            **form.cleaned_data,
        )
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("organizations:person_detail", pk=person.pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {"form": form, "title": _("Edit person"), "province": person.unit.province},
    )


# --- Blocks and block years ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def block_create(request, pk):
    province = selectors.get_province_for(request.user, pk, "block.create")
    form = forms.BlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        block = _run(
            form,
            services.create_block,
            actor=request.user,
            province=province,
            **form.cleaned_data,
        )
        if block:
            messages.success(request, _("The block was created."))
            return redirect("organizations:block_detail", pk=block.pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {"form": form, "title": _("New block"), "province": province},
    )


@login_required
def block_detail(request, pk):
    block = selectors.get_block_for(request.user, pk)
    years = list(selectors.block_years_of(block))
    for by in years:
        by.head = selectors.head_of(by)
        by.deputies = selectors.deputies_of(by)
        by.ordered = selectors.members_by_role(by)
    return TemplateResponse(
        request,
        "organizations/block_detail.html",
        {
            "emulation_block": block,
            "province": block.province,
            "years": years,
            "can_edit": can(request.user, "block.edit", block),
            "can_add_year": can(request.user, "blockyear.create", block),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def block_edit(request, pk):
    block = selectors.get_block_for(request.user, pk, "block.edit")
    form = forms.BlockForm(
        request.POST or None, initial={"name": block.name, "kind": block.kind}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form,
            services.update_block,
            actor=request.user,
            block=block,
            **form.cleaned_data,
        )
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("organizations:block_detail", pk=block.pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {"form": form, "title": _("Edit block"), "province": block.province},
    )


def _block_year_kwargs(data):
    return {
        "head": data["head"],
        "deputies": list(data["deputies"]),
        "members": list(data["members"]),
        "theme": data["theme"],
        "slogan": data["slogan"],
        "decision_number": data["decision_number"],
        "decision_date": data["decision_date"],
    }


def _show_warnings(request, warnings):
    for code in warnings:
        messages.warning(request, DomainError(code).message)


@login_required
@require_http_methods(["GET", "POST"])
def block_year_create(request, pk):
    block = selectors.get_block_for(request.user, pk, "blockyear.create")
    form = forms.BlockYearForm(
        request.POST or None,
        province=block.province,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        result = _run(
            form,
            services.create_block_year,
            actor=request.user,
            block=block,
            year=form.cleaned_data["year"],
            **_block_year_kwargs(form.cleaned_data),
        )
        if result:
            _show_warnings(request, result.warnings)
            messages.success(request, _("The block year was created."))
            return redirect("organizations:block_year_detail", pk=result.block_year.pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {"form": form, "title": _("New block year"), "province": block.province},
    )


@login_required
def block_year_detail(request, pk):
    block_year = selectors.get_block_year_for(request.user, pk)
    return TemplateResponse(
        request,
        "organizations/block_year_detail.html",
        {
            "block_year": block_year,
            "emulation_block": block_year.block,
            "province": block_year.block.province,
            "members": selectors.members_by_role(block_year),
            "head": selectors.head_of(block_year),
            "deputies": selectors.deputies_of(block_year),
            "can_edit": can(request.user, "blockyear.edit", block_year),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def block_year_edit(request, pk):
    block_year = selectors.get_block_year_for(request.user, pk, "blockyear.edit")
    current = [m for m in block_year.memberships.all() if m.valid_to is None]
    head = selectors.head_of(block_year)
    form = forms.BlockYearForm(
        request.POST or None,
        province=block_year.block.province,
        fixed_year=block_year.year,
        initial={
            "year": block_year.year,
            "theme": block_year.theme,
            "slogan": block_year.slogan,
            "head": head.unit_id if head else None,
            "deputies": [m.unit_id for m in current if m.role == "deputy"],
            "members": [m.unit_id for m in current],
            "decision_number": block_year.decision_number,
            "decision_date": block_year.decision_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        result = _run(
            form,
            services.update_block_year,
            actor=request.user,
            block_year=block_year,
            **_block_year_kwargs(form.cleaned_data),
        )
        if result:
            _show_warnings(request, result.warnings)
            messages.success(request, _("The changes were saved."))
            return redirect("organizations:block_year_detail", pk=block_year.pk)
    return TemplateResponse(
        request,
        "organizations/form.html",
        {
            "form": form,
            "title": _("Edit block year"),
            "province": block_year.block.province,
        },
    )


# --- Search --------------------------------------------------------------------------


@login_required
def search(request):
    q = request.GET.get("q", "").strip()
    units = selectors.visible_units(request.user, q=q)[:PAGE_SIZE] if q else []
    people = selectors.visible_people(request.user, q=q)[:PAGE_SIZE] if q else []
    blocks = selectors.visible_blocks(request.user, q=q)[:PAGE_SIZE] if q else []
    return TemplateResponse(
        request,
        "organizations/search.html",
        {"q": q, "units": units, "people": people, "blocks": blocks},
    )


# --- Spreadsheets: imports and the unit list export ---------------------------------


def _units_imported(count: int) -> str:
    return ngettext(
        "%(count)d unit was imported.", "%(count)d units were imported.", count
    ) % {"count": count}


def _people_imported(count: int) -> str:
    return ngettext(
        "%(count)d person was imported.", "%(count)d people were imported.", count
    ) % {"count": count}


def _import_page(request, province, *, columns, run, title, template_url, done):
    """Upload a file, then either report its problems row by row or import it all."""
    if request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES)
    else:
        form = forms.ImportForm()
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = xlsx.read_rows(form.cleaned_data["file"], columns)
            created = run(actor=request.user, province=province, rows=rows)
        except DomainError as error:
            if error.status in (401, 403, 404):
                raise
            if error.code == "IMPORT_INVALID":
                problems = error.details.get("rows", [])
                form.add_error(None, error.message)
            else:
                form.add_error("file", error.message)
        else:
            messages.success(request, done(len(created)))
            return redirect("organizations:province_detail", pk=province.pk)
    return TemplateResponse(
        request,
        "organizations/import_form.html",
        {
            "form": form,
            "title": title,
            "province": province,
            "columns": columns,
            "problems": problems,
            "template_url": template_url,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request, pk):
    province = selectors.get_province_for(request.user, pk, "import.units")
    return _import_page(
        request,
        province,
        columns=spreadsheets.UNIT_COLUMNS,
        run=services.import_units,
        title=_("Import units"),
        template_url=reverse("organizations:unit_import_template", args=[pk]),
        done=_units_imported,
    )


def _people_importer(request, pk):
    province = selectors.get_province_for(request.user, pk)
    if not may_import_people(request.user, province):
        raise DomainError("PERMISSION_DENIED")
    return province


@login_required
@require_http_methods(["GET", "POST"])
def person_import(request, pk):
    province = _people_importer(request, pk)
    return _import_page(
        request,
        province,
        columns=spreadsheets.PERSON_COLUMNS,
        run=services.import_people,
        title=_("Import people"),
        template_url=reverse("organizations:person_import_template", args=[pk]),
        done=_people_imported,
    )


@login_required
def unit_import_template(request, pk):
    selectors.get_province_for(request.user, pk, "import.units")
    return xlsx.response(
        spreadsheets.template_workbook(spreadsheets.UNIT_COLUMNS, "Đơn vị"),
        spreadsheets.UNITS_TEMPLATE_FILENAME,
    )


@login_required
def person_import_template(request, pk):
    _people_importer(request, pk)
    return xlsx.response(
        spreadsheets.template_workbook(spreadsheets.PERSON_COLUMNS, "Cá nhân"),
        spreadsheets.PEOPLE_TEMPLATE_FILENAME,
    )


@login_required
def unit_export(request):
    """The unit list as filtered on its page (``?province=&q=``), as XLSX."""
    raw = request.GET.get("province") or ""
    province = selectors.get_province_for(request.user, raw) if raw.isdigit() else None
    units = selectors.visible_units(
        request.user,
        province=province.pk if province else None,
        q=request.GET.get("q"),
    )
    return xlsx.response(
        spreadsheets.units_workbook(units), spreadsheets.units_filename(province)
    )


@login_required
def person_export(request, pk):
    """Download everything kept about one person, as JSON (PDPL 91/2025)."""
    person = selectors.get_person_for(request.user, pk, "person.edit")
    data = selectors.personal_data_of(person)
    services.record_personal_data_export(actor=request.user, person=person)
    response = JsonResponse(
        data, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = f'attachment; filename="ca-nhan-{person.pk}.json"'
    return response


def privacy_notice(request):
    """What personal data is kept and why: public, no sign-in needed."""
    return TemplateResponse(request, "organizations/privacy.html", {})
