"""HTML pages of scoring: the overview of a period, a unit's sheet, the ranking,
its publication and the spreadsheets (FBVs: gate → form → service → response)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.core import xlsx
from thidua.core.errors import DomainError
from thidua.organizations import selectors as org_selectors
from thidua.rules import scoring
from thidua.scoring import forms, selectors, services, spreadsheets
from thidua.scoring.models import Period, Stage


def _period(request) -> str:
    period = request.GET.get("period") or "year"
    if period not in scoring.PERIODS:
        raise DomainError(
            "VALIDATION_ERROR", details={"fields": {"period": list(scoring.PERIODS)}}
        )
    return period


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    query = {k: v for k, v in query.items() if v}
    return f"{url}?{urlencode(query)}" if query else url


def _membership(block_year, unit: int):
    """The unit's membership of the block year (prefetched); 404 for a non-member."""
    for m in block_year.memberships.all():
        if m.unit_id == unit:
            return m
    raise DomainError("NOT_FOUND")


def _common(block_year, period: str, name: str, *args) -> dict:
    """Context every scoring page shares: the block year and the period switch."""
    return {
        "block_year": block_year,
        "emulation_block": block_year.block,
        "province": block_year.block.province,
        "period": period,
        "period_label": Period(period).label,
        "period_links": [
            (p.value, p.label, _url(name, *args, period=p.value), p.value == period)
            for p in Period
        ],
    }


# --- Overview and sheets -------------------------------------------------------------


@login_required
def score_list(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    period = _period(request)
    access = selectors.scoring_access(request.user, block_year)
    if not access.may_list(period):
        raise DomainError("PERMISSION_DENIED")
    covenant, rows = selectors.score_overview(access, period)
    return TemplateResponse(
        request,
        "scoring/score_list.html",
        {
            **_common(block_year, period, "scoring:score_list", block_year.pk),
            "covenant": covenant,
            "rows": rows,
            "stages": Stage.choices,
            "locked": period in access.published,
            "sees_all": access.sees_all,
        },
    )


def _initial(detail, stage: str) -> dict:
    """The form starts from what is there: the stage's own entries; a final score
    starts from the review, else the self-score, where none is final yet."""
    sources = ("final", "review", "self") if stage == "final" else (stage,)
    initial: dict = {}
    for _group, lines in detail.groups:
        for line in lines:
            c = line.criterion
            for source in sources:
                entry = line.entries.get(source)
                if entry is not None:
                    initial[f"points_{c.pk}"] = forms.points_text(entry.points)
                    break
            own = line.entries.get(stage)
            if own is not None:
                initial[f"note_{c.pk}"] = own.note
                initial[f"link_{c.pk}"] = own.evidence_link
                initial[f"reason_{c.pk}"] = own.reason
    # The bonus likewise, except a cross-score's bonus left at 0 (not given).
    for source in sources:
        sheet = detail.sheets.get(source)
        if sheet is not None and (sheet.bonus or source == stage):
            initial["bonus"] = forms.points_text(sheet.bonus)
            break
    return initial


def _show_refusal(form, error: DomainError) -> None:
    """A refusal of the service, next to the field it concerns and above the form."""
    params = dict(error.params)
    if "max" in params:
        params["max"] = forms.points_text(params["max"])
    message = DomainError(error.code, params=params).message
    if error.code == "SCORE_OUT_OF_RANGE":
        field = form.field_for("points", str(error.params.get("code")))
        if field:
            form.add_error(field, message)
    elif error.code == "BONUS_OUT_OF_RANGE":
        form.add_error("bonus", message)
    elif error.code == "REASON_REQUIRED":
        for code in error.details.get("codes", []):
            field = form.field_for("reason", code)
            if field:
                form.add_error(
                    field,
                    _("A reason is required: this score differs from the self-score."),
                )
    form.add_error(None, message)


def _save(request, form, *, block_year, unit, period, stage) -> bool:
    try:
        services.write_sheet(
            actor=request.user,
            block_year=block_year,
            unit=unit,
            period=period,
            stage=stage,
            scores=form.scores(),
            bonus=form.cleaned_data.get("bonus"),
            reasons=form.reasons(),
            notes=form.notes(),
            links=form.links(),
        )
        for code, upload in form.uploads().items():
            services.add_evidence(
                actor=request.user,
                block_year=block_year,
                unit=unit,
                period=period,
                code=code,
                upload=upload,
            )
    except DomainError as error:
        if error.status in (403, 404):
            raise
        _show_refusal(form, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def sheet_detail(request, pk, unit):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    period = _period(request)
    membership = _membership(block_year, unit)
    access = selectors.scoring_access(request.user, block_year)
    if not access.may_open(unit, period):
        raise DomainError("PERMISSION_DENIED")
    locked = period in access.published
    writable = access.writable(unit, period)
    stage = request.GET.get("stage")
    if stage not in writable:
        stage = writable[0] if writable else None
    detail = selectors.sheet_detail(access, unit, period)
    form = None
    if stage is not None and detail.covenant is not None:
        form = forms.SheetForm(
            request.POST or None,
            request.FILES or None,
            stage=stage,
            criteria=detail.criteria,
            initial=_initial(detail, stage),
        )
    if request.method == "POST" and stage is None:
        raise DomainError("PERIOD_LOCKED" if locked else "PERMISSION_DENIED")
    # Without a covenant there is no form: the page says why.
    if request.method == "POST" and form is not None and form.is_valid():
        if not (
            form.scores()
            or form.uploads()
            or form.cleaned_data.get("bonus") is not None
        ):
            form.add_error(None, _("Enter at least one score."))
        elif _save(
            request,
            form,
            block_year=block_year,
            unit=membership.unit,
            period=period,
            stage=stage,
        ):
            messages.success(request, _("The scores were saved."))
            return redirect(
                _url(
                    "scoring:sheet_detail",
                    block_year.pk,
                    unit,
                    period=period,
                    stage=stage if stage != writable[0] else None,
                )
            )
    publication = selectors.publication_of(block_year, period) if locked else None
    fields = form.rows() if form else {}
    return TemplateResponse(
        request,
        "scoring/sheet_detail.html",
        {
            **_common(block_year, period, "scoring:sheet_detail", block_year.pk, unit),
            "membership": membership,
            "unit": membership.unit,
            "detail": detail,
            "stage": stage,
            "stage_label": Stage(stage).label if stage else "",
            "stage_links": [
                (
                    s,
                    Stage(s).label,
                    _url(
                        "scoring:sheet_detail",
                        block_year.pk,
                        unit,
                        period=period,
                        stage=s,
                    ),
                )
                for s in writable
                if s != stage
            ],
            "form": form,
            "groups": [
                (group, [(line, fields.get(line.criterion.pk, {})) for line in lines])
                for group, lines in detail.groups
            ],
            "total_cells": [(s, detail.totals.get(s)) for s in detail.visible],
            "colspan": 3 + len(detail.visible) + (1 if form else 0),
            "locked": locked,
            "publication": publication,
            "locked_message": DomainError("PERIOD_LOCKED").message,
            "columns": [(s, Stage(s).label) for s in detail.visible],
            "hidden_stages": [
                Stage(s).label for s in scoring.STAGES if s not in detail.visible
            ],
        },
    )


@login_required
def evidence_download(request, pk):
    evidence = selectors.get_evidence_for(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


# --- Ranking -------------------------------------------------------------------------


def _ties(rows) -> dict[int, list[str]]:
    """For each tied unit, the names of the units with the same total."""
    by_rank: dict[int, list] = {}
    for r in rows:
        if r.tied and r.rank is not None:
            by_rank.setdefault(r.rank, []).append(r)
    return {
        r.unit: [o.unit_name for o in group if o.unit != r.unit]
        for group in by_rank.values()
        for r in group
    }


@login_required
def ranking_detail(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    period = _period(request)
    selectors.require_ranking_access(request.user, block_year, period)
    rows, publication = selectors.ranking_rows(block_year, period)
    criteria, breakdown = selectors.ranking_breakdown(block_year, period, rows)
    years, history = selectors.rank_history(block_year, [r.unit for r in rows])
    ties = _ties(rows)
    access = selectors.scoring_access(request.user, block_year)
    return TemplateResponse(
        request,
        "scoring/ranking_detail.html",
        {
            **_common(block_year, period, "scoring:ranking_detail", block_year.pk),
            "rows": [(r, ties.get(r.unit, [])) for r in rows],
            "publication": publication,
            "criteria": criteria,
            "breakdown": breakdown,
            "years": years,
            "history": [
                (r, [history.get(r.unit, {}).get(y) for y in years]) for r in rows
            ],
            "chart": {
                "label": _("Total"),
                "labels": [r.unit_name for r in rows if r.total is not None],
                "totals": [float(r.total) for r in rows if r.total is not None],
            },
            "may_publish": access.may_publish and publication is None,
            "may_list": access.may_list(period),
            "may_export_scores": access.sees_all,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ranking_publish(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk, "ranking.publish")
    period = _period(request)
    form = forms.PublishForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_ranking(
                actor=request.user, block_year=block_year, period=period
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(
                request,
                _("The ranking was published. Its scores can no longer change."),
            )
            return redirect(
                _url("scoring:ranking_detail", block_year.pk, period=period)
            )
    rows, publication = selectors.ranking_rows(block_year, period)
    return TemplateResponse(
        request,
        "scoring/ranking_publish.html",
        {
            **_common(block_year, period, "scoring:ranking_publish", block_year.pk),
            "form": form,
            "rows": rows,
            "publication": publication,
            "locked_message": DomainError("PERIOD_LOCKED").message,
        },
        status=status,
    )


# --- Spreadsheets --------------------------------------------------------------------


@login_required
def ranking_export(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk)
    period = _period(request)
    selectors.require_ranking_access(request.user, block_year, period)
    rows, publication = selectors.ranking_rows(block_year, period)
    published = publication is not None
    return xlsx.response(
        spreadsheets.ranking_workbook(rows, published=published),
        spreadsheets.ranking_filename(block_year, period, published=published),
    )


@login_required
def score_export(request, pk):
    block_year = org_selectors.get_block_year_for(request.user, pk, "score.view")
    period = _period(request)
    criteria, rows = selectors.score_table(block_year, period)
    published = selectors.publication_of(block_year, period) is not None
    return xlsx.response(
        spreadsheets.scores_workbook(criteria, rows, published=published),
        spreadsheets.scores_filename(block_year, period, published=published),
    )
