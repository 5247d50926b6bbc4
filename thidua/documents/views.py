"""HTML pages of the documents app: the list of a block year's documents with their
downloads, and the Issue button (FBVs: gate → service → response)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.access import can
from thidua.documents import render, selectors, services
from thidua.documents.models import KIND_CHOICES, DocumentJob
from thidua.organizations import selectors as org_selectors


@login_required
def document_list(request, pk):
    period = selectors.check_period(request.GET.get("period"))
    block_year = selectors.get_block_year_for_documents(request.user, pk, period)
    query = urlencode({"period": period})
    rows = [
        {
            "kind": kind,
            "label": label,
            "docx": reverse("api:document_docx", args=[block_year.pk, kind])
            + f"?{query}",
            "pdf": reverse("api:document_pdf", args=[block_year.pk, kind])
            + f"?{query}",
            "issue": reverse("documents:document_issue", args=[block_year.pk, kind])
            + f"?{query}",
        }
        for kind, label in KIND_CHOICES
    ]
    return TemplateResponse(
        request,
        "documents/document_list.html",
        {
            "block_year": block_year,
            "emulation_block": block_year.block,
            "period": period,
            "draft": selectors.scoring_selectors.publication_of(block_year, period)
            is None,
            "rows": rows,
            "may_issue": can(request.user, "ranking.publish", block_year),
            "issued": selectors.issued_documents_of(block_year),
            "dossier_url": reverse("api:dossier_zip", args=[block_year.pk])
            + f"?{query}",
            "job_statuses": DocumentJob.Status.choices,
        },
    )


@login_required
def issued_download(request, pk):
    """The copy of an issued document kept when it took its number (DOCX)."""
    issued = selectors.get_issued_document_for(request.user, pk)
    return FileResponse(
        issued.file.open("rb"),
        as_attachment=True,
        filename=selectors.issued_filename(issued),
        content_type=render.DOCX_CONTENT_TYPE,
    )


@login_required
@require_POST
def document_issue(request, pk, kind):
    selectors.check_kind(kind)
    period = selectors.check_period(request.GET.get("period"))
    block_year = org_selectors.get_block_year_for(request.user, pk)
    issued = services.issue_document(
        actor=request.user, block_year=block_year, kind=kind, period=period
    )
    messages.success(
        request,
        _("The document was issued with the number %(number)s.")
        % {"number": issued.number_text},
    )
    return redirect(
        reverse("documents:document_list", args=[block_year.pk])
        + "?"
        + urlencode({"period": period})
    )
