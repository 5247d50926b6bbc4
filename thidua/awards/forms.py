"""HTML forms of the awards app (issue 5): shape and format only; the services and
the rules decide."""

from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import (
    AWARD_CHOICES,
    CalendarDay,
    Discipline,
    Initiative,
    Proposal,
    ProposalDocument,
    Rating,
    ViolationListing,
)
from thidua.core.widgets import QuickSelect
from thidua.organizations.forms import date_field
from thidua.rules import award_settings, legal
from thidua.rules import eligibility as rules

YEAR_FIELD = {"min_value": 1945, "max_value": 2200}


def _year(label=None, **kwargs):
    return forms.IntegerField(label=label or _("Year"), **YEAR_FIELD, **kwargs)


class RatingForm(forms.Form):
    year = _year()
    level = forms.ChoiceField(
        label=_("Rating (xếp loại)"),
        choices=Rating.Level.choices,
        help_text=_("A rating for a year already rated replaces the earlier one."),
    )


class DisciplineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Discipline.Kind.choices)
    level = forms.ChoiceField(
        label=_("Level of discipline"),
        choices=[("", "—"), *Discipline.Level.choices],
        required=False,
    )
    start = date_field(_("From"), required=True)
    end = date_field(_("Until (leave empty while it lasts)"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data


class LeaveForm(forms.Form):
    start = date_field(_("From"), required=True)
    end = date_field(_("Until"), required=True)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data


class InitiativeForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the initiative (sáng kiến)"), max_length=500
    )
    scope_level = forms.ChoiceField(
        label=_("Scope recognised"), choices=Initiative.ScopeLevel.choices
    )
    recognized_on = date_field(_("Recognised on"), required=True)
    decision_number = forms.CharField(
        label=_("Number of the recognition decision"), max_length=60
    )


class StaffSummaryForm(forms.Form):
    year = _year()
    members = forms.IntegerField(label=_("Members"), min_value=0)
    lao_dong_tien_tien = forms.IntegerField(
        label=_("Advanced workers (LĐTT)"), min_value=0
    )
    chien_si_thi_dua_co_so = forms.IntegerField(
        label=_("Grassroots emulation fighters (CSTĐCS)"), min_value=0
    )
    completed_tasks = forms.IntegerField(
        label=_("Members who completed their tasks"), min_value=0
    )
    disciplined_canh_cao_or_above = forms.IntegerField(
        label=_("Members disciplined with a warning or more"), min_value=0
    )
    women = forms.IntegerField(label=_("Women"), min_value=0, required=False)

    def clean(self):
        data = super().clean()
        members = data.get("members")
        if members is None:
            return data
        for name in (
            "lao_dong_tien_tien",
            "chien_si_thi_dua_co_so",
            "completed_tasks",
            "disciplined_canh_cao_or_above",
            "women",
        ):
            value = data.get(name)
            if value is not None and value > members:
                self.add_error(name, _("This cannot be more than the members."))
        return data


class EligibilityForm(forms.Form):
    """Which award and year to check (GET)."""

    award = forms.ChoiceField(label=_("Award"))
    year = _year()

    def __init__(self, *args, awards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [(a, dict(AWARD_CHOICES)[a]) for a in awards]


class ListingForm(forms.Form):
    subject = forms.ChoiceField(
        label=_("Unit or person listed"),
        help_text=_("People are listed under their unit."),
    )
    source = forms.ChoiceField(
        label=_("Sent by"), choices=ViolationListing.Source.choices
    )
    listed_on = date_field(_("Listed on"), required=True)
    note = forms.CharField(label=_("What was reported"), max_length=500, required=False)

    def __init__(self, *args, units=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        by_unit: dict[int, list] = {}
        for p in people:
            by_unit.setdefault(p.unit_id, []).append(p)
        for u in units:
            choices.append((f"unit:{u.pk}", u.name))
            choices.extend(
                (f"person:{p.pk}", f"— {p.full_name}") for p in by_unit.get(u.pk, [])
            )
        self.fields["subject"].choices = [("", "—"), *choices]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposalFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        widget=QuickSelect,
        choices=[("", _("All")), *Proposal.Status.choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, **YEAR_FIELD)
    award = forms.ChoiceField(
        label=_("Award"),
        required=False,
        choices=[("", _("All")), *AWARD_CHOICES],
        widget=QuickSelect,
    )
    block = forms.TypedChoiceField(
        label=_("Block"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )

    def __init__(self, *args, blocks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].choices = [
            ("", _("All")),
            *((b.pk, b.name) for b in blocks),
        ]


class ProposalForm(forms.Form):
    """A proposal by hand: the nominee is a unit or a person of it."""

    award = forms.ChoiceField(label=_("Award"), choices=AWARD_CHOICES)
    year = _year(_("Year of the achievement"))
    subject = forms.ChoiceField(
        label=_("Nominee (unit or person)"),
        help_text=_("People are listed under their unit."),
        widget=QuickSelect,
    )
    block_year = forms.TypedChoiceField(
        label=_("Block year (for the block's quota)"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    initiatives = forms.TypedMultipleChoiceField(
        label=_("Initiatives it rests on"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An initiative can back only one proposal."),
    )
    summary = forms.CharField(
        label=_("Summary of achievements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args, units=(), people=(), block_years=(), initiatives=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = (
            ListingForm(units=units, people=people).fields["subject"].choices
        )
        self.fields["block_year"].choices = [
            ("", "—"),
            *((by.pk, f"{by.block.name} — {by.year}") for by in block_years),
        ]
        self.fields["initiatives"].choices = [
            (i.pk, f"{i.title} ({i.decision_number})") for i in initiatives
        ]


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=ProposalDocument.Kind.choices
    )
    file = forms.FileField(
        label=_("File (PDF or DOCX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )


class CouncilVoteForm(forms.Form):
    members = forms.IntegerField(label=_("Council members (all of them)"), min_value=1)
    present = forms.IntegerField(label=_("Members present"), min_value=0)
    yes = forms.IntegerField(label=_("Votes in favour"), min_value=0)
    written_opinions = forms.IntegerField(
        label=_("Written opinions of absent members in favour"),
        min_value=0,
        initial=0,
        required=False,
    )
    on = date_field(_("Day of the meeting (today if empty)"))


class DiscloseForm(forms.Form):
    start = date_field(_("Published from"), required=True)
    end = date_field(
        _("Published until (empty: the province's number of days)"),
    )


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=60)
    date = date_field(_("Decision date"), required=True)
    signer = forms.CharField(label=_("Signed by"), max_length=200)
    authority = forms.CharField(
        label=_("Authority"),
        max_length=200,
        help_text=_("For example: Chủ tịch Ủy ban nhân dân tỉnh."),
    )
    proposals = forms.TypedMultipleChoiceField(
        label=_("Accepted proposals it decides"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, proposals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].choices = [
            (p.pk, f"{p.subject_name} — {p.award_name} ({p.year})") for p in proposals
        ]


class AwardFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, **YEAR_FIELD)
    block = forms.TypedChoiceField(
        label=_("Block"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=QuickSelect,
    )
    award = forms.ChoiceField(
        label=_("Award"),
        required=False,
        choices=[("", _("All")), *AWARD_CHOICES],
        widget=QuickSelect,
    )

    def __init__(self, *args, blocks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].choices = [
            ("", _("All")),
            *((b.pk, b.name) for b in blocks),
        ]


class CommentForm(forms.Form):
    author_name = forms.CharField(label=_("Your name"), max_length=120)
    contact = forms.CharField(
        label=_("How to reach you (optional)"), max_length=200, required=False
    )
    body = forms.CharField(
        label=_("Your comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Plain-Vietnamese-ready labels and help of the ⚙ settings (award_settings.SPECS).
SETTING_TEXT = {
    "flag_quota_per_block": (
        _("Provincial flags per block each year"),
        _("How many units of one block may be proposed for the provincial flag."),
    ),
    "bang_khen_quota_per_block": (
        _("Certificates of merit (Bằng khen) per block each year"),
        _("Leave empty for no limit."),
    ),
    "cstdcs_cap_percent": (
        _("Most grassroots emulation fighters, as a percentage of advanced workers"),
        _("Leave empty for no cap."),
    ),
    "bang_khen_strict_reading": (
        _("Read the Bằng khen criteria strictly"),
        _("Two consecutive years of excellent rating and two initiatives both needed."),
    ),
    "ttldxs_discipline_condition": (
        _("An excellent labour collective has no member disciplined with a warning"),
        _("Tick to apply this condition to the collective title."),
    ),
    "consumed_not_reused": (
        _("Years used for an award are not counted again"),
        _("The years that led to a title start a new chain after it."),
    ),
    "cstd_tinh_consecutive": (
        _("How the provincial emulation fighter counts its 3 years"),
        _("By cycles of grassroots titles, or by awards held."),
    ),
    "lineage_merge": (
        _("For a merged unit, the predecessors must all qualify, or any one"),
        _("Applies to years before the merger."),
    ),
    "council_default_percent": (
        _("Council votes needed by default (per cent of all members)"),
        _("Used for awards with no threshold of their own."),
    ),
    "quorum_session_percent": (
        _("Quorum of a council session (per cent of members)"),
        _("Leave empty for two thirds."),
    ),
    "quorum_award_review_percent": (
        _("Quorum when the council reviews awards (per cent of members)"),
        _("Members present needed to vote on awards."),
    ),
    "event_lead_days": (
        _("Days before an event a proposal must arrive"),
        _("For conference and thematic awards; sudden awards are exempt."),
    ),
    "disclosure_days": (
        _("Working days the list of proposed awardees stays public"),
        _("Published on the public page before the council meets."),
    ),
    "future_law_enabled": (
        _("Apply the amended law announced for 2026"),
        _("Leave unticked until the amendment is confirmed."),
    ),
}
CHOICE_TEXT = {
    "cycles": _("By cycles"),
    "awards": _("By awards held"),
    "all": _("All must qualify"),
    "any": _("Any one qualifies"),
}


SUBJECT_TEXT = {
    legal.INDIVIDUAL: _("individual"),
    legal.COLLECTIVE: _("collective"),
}
# Rule 21: the coefficients domain.md does not give (or marks unconfirmed), which the
# Board enters once it has checked the decree.
COEFFICIENT_GAPS = tuple(
    (source, award, subject)
    for source in (legal.DECREE_98.code, legal.DECREE_152.code)
    for award in sorted(legal.FORMS)
    for subject in (legal.INDIVIDUAL, legal.COLLECTIVE)
    if (award, subject) not in legal.COEFFICIENTS[source]
    or (source, award, subject) in legal.UNCONFIRMED_COEFFICIENTS
)


def _coef_name(source: str, award: str, subject: str) -> str:
    return f"coef_{source}_{award}_{subject}"


class AwardSettingsForm(forms.Form):
    """One field per ⚙ setting of award_settings.SPECS, plus the council's threshold
    per award (``threshold_<award>``, % of all members; empty: the default)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in award_settings.SPECS:
            label, help_text = SETTING_TEXT[spec.key]
            help_text = f"{help_text} ({_('rule')}: {spec.rule})"
            if spec.kind is bool:
                field = forms.BooleanField(
                    label=label, help_text=help_text, required=False
                )
            elif spec.kind is str:
                field = forms.ChoiceField(
                    label=label,
                    help_text=help_text,
                    choices=[(c, CHOICE_TEXT.get(c, c)) for c in spec.choices],
                )
            else:
                field = forms.IntegerField(
                    label=label,
                    help_text=help_text,
                    required=not spec.optional,
                    min_value=spec.minimum,
                    max_value=spec.maximum,
                )
            self.fields[spec.key] = field
        for award in rules.AWARDS:
            self.fields[f"threshold_{award}"] = forms.IntegerField(
                label=dict(AWARD_CHOICES)[award],
                required=False,
                min_value=1,
                max_value=100,
                help_text=_("Leave empty for the default (rule: §9 rule 11)."),
            )

        for source, award, subject in COEFFICIENT_GAPS:
            self.fields[_coef_name(source, award, subject)] = forms.DecimalField(
                label=_("%(award)s, %(subject)s, under %(source)s")
                % {
                    "award": dict(AWARD_CHOICES)[award],
                    "subject": SUBJECT_TEXT[subject],
                    "source": legal.SOURCES[source].short,
                },
                required=False,
                min_value=Decimal("0.1"),
                max_value=Decimal("100"),
                decimal_places=2,
                help_text=_("Times the base salary. Leave empty if not known."),
            )
        self.fields["base_salaries"] = forms.CharField(
            label=_("Earlier base salaries"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_(
                "One per line: the date it took effect and the amount in đồng, e.g. "
                "01/07/2023 1800000. The amounts from 01/07/2024 are built in."
            ),
        )

    def clean_base_salaries(self):
        rows = []
        for number, line in enumerate(
            self.cleaned_data["base_salaries"].splitlines(), 1
        ):
            if not line.strip():
                continue
            try:
                day_text, amount_text = line.split()
                dd, mm, yyyy = (int(x) for x in day_text.split("/"))
                day = date(yyyy, mm, dd)
                amount = int(amount_text.replace(".", "").replace(",", ""))
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(line)s should read like 01/07/2023 1800000.")
                    % {"line": number}
                ) from None
            rows.append([day.isoformat(), amount])
        return rows

    def legal_fields(self):
        return [self[_coef_name(*gap)] for gap in COEFFICIENT_GAPS] + [
            self["base_salaries"]
        ]

    def setting_fields(self):
        return [self[s.key] for s in award_settings.SPECS]

    def threshold_fields(self):
        return [self[f"threshold_{a}"] for a in rules.AWARDS]

    def values(self) -> dict:
        data = self.cleaned_data
        values = {s.key: data.get(s.key) for s in award_settings.SPECS}
        values[award_settings.THRESHOLDS_KEY] = {
            a: data[f"threshold_{a}"]
            for a in rules.AWARDS
            if data.get(f"threshold_{a}") is not None
        }
        values[award_settings.COEFFICIENTS_KEY] = {
            "/".join(gap): str(data[_coef_name(*gap)])
            for gap in COEFFICIENT_GAPS
            if data.get(_coef_name(*gap)) is not None
        }
        values[award_settings.BASE_SALARIES_KEY] = data.get("base_salaries") or []
        return values


class CalendarDayForm(forms.Form):
    day = date_field(_("Day"), required=True)
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("For example: Tết Nguyên đán, Quốc khánh."),
    )
