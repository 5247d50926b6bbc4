import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core import audit, selectors, xlsx
from thidua.organizations.selectors import visible_provinces


@login_required
def home(request):
    provinces = list(visible_provinces(request.user).filter(valid_to__isnull=True))
    if len(provinces) == 1:
        return redirect("organizations:province_detail", pk=provinces[0].pk)
    return redirect("organizations:province_list")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


class AuditFilterForm(forms.Form):
    verb = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("User name"), required=False, max_length=150)
    since = forms.DateField(
        label=_("From"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    until = forms.DateField(
        label=_("To"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [("", _("All")), *sorted(audit.VERBS.items())]


def _audit_events(request):
    form = AuditFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    events = selectors.visible_audit_events(
        request.user,
        verb=data.get("verb") or "",
        actor_name=data.get("actor") or "",
        since=data.get("since"),
        until=data.get("until"),
    )
    return form, events


@login_required
def audit_list(request):
    """The Board browses the audit trail with filters (issue 9)."""
    form, events = _audit_events(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    names = selectors.actor_names(page.object_list)
    rows = [
        {
            "event": e,
            "label": audit.VERBS.get(e.verb, e.verb),
            "actor": names.get(e.actor_id, ""),
        }
        for e in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


@login_required
def audit_export(request):
    _form, events = _audit_events(request)
    events = list(events[:50_000])
    names = selectors.actor_names(events)
    content = xlsx.write_workbook(
        title=str(_("Audit trail")),
        headers=[
            str(h)
            for h in (
                _("Time"),
                _("Action"),
                _("Action code"),
                _("User"),
                _("Record type"),
                _("Record"),
                _("Before"),
                _("After"),
            )
        ],
        rows=[
            [
                timezone.localtime(e.at).replace(tzinfo=None),
                str(audit.VERBS.get(e.verb, e.verb)),
                e.verb,
                names.get(e.actor_id, ""),
                e.target_type,
                e.target_id,
                json.dumps(e.before, ensure_ascii=False)
                if e.before is not None
                else "",
                json.dumps(e.after, ensure_ascii=False) if e.after is not None else "",
            ]
            for e in events
        ],
    )
    return xlsx.response(content, "nhat-ky.xlsx")
