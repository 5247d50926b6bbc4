"""HTML forms of issue 7: shape and format only; the services decide."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.movements.models import AWARD_LABELS, AdvancedModel, Movement
from thidua.organizations.forms import date_field
from thidua.rules import movements as rules


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


YEAR_FIELD = {"min_value": 1945, "max_value": 2200}
_FIGURE_LINE = re.compile(r"^(?P<name>.+?)\s*[:=]\s*(?P<value>[-+]?[\d.,]+)\s*$")


class MovementForm(forms.Form):
    name = forms.CharField(label=_("Name of the movement"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=Movement.Kind.choices)
    issuing_authority = forms.CharField(
        label=_("Issuing authority"),
        max_length=255,
        help_text=_("For example: Ủy ban nhân dân tỉnh."),
    )
    document_number = forms.CharField(
        label=_("Document number"), max_length=60, required=False
    )
    document_date = date_field(_("Document date"))
    document = forms.FileField(
        label=_("Document (PDF, DOCX)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    theme = forms.CharField(label=_("Theme"), max_length=500, required=False)
    targets = forms.CharField(
        label=_("Targets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    start_date = date_field(_("Start"), required=True)
    end_date = date_field(_("End"), required=True)
    blocks = forms.MultipleChoiceField(
        label=_("Blocks it applies to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave blocks and units empty for every unit of the province."),
    )
    units = forms.MultipleChoiceField(
        label=_("Other units it applies to"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    awards = forms.MultipleChoiceField(
        label=_("Awards it may lead to"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(slug, AWARD_LABELS[slug]) for slug in rules.AWARDS],
        help_text=_(
            "A thematic movement leads to the provincial flag only when it lasts at "
            "least 3 years."
        ),
    )

    def __init__(self, *args, blocks=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["blocks"].choices = [(str(b.pk), b.name) for b in blocks]
        self.fields["units"].choices = [(str(u.pk), u.name) for u in units]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("The end date must be on or after the start date.")
            )
        return data


class YearUnitForm(forms.Form):
    """Which unit and year a registration or a model is for (GET)."""

    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    year = forms.IntegerField(label=_("Year"), **YEAR_FIELD)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class RegistrationForm(forms.Form):
    """Targets, collective title and, for each person of the unit, the title sought
    (fields ``title_<person id>`` added for the unit's people)."""

    movement = forms.TypedChoiceField(
        label=_("Registration for"), coerce=int, required=False, empty_value=None
    )
    targets = forms.CharField(
        label=_("The unit's targets"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One target per line."),
    )
    unit_title = forms.ChoiceField(
        label=_("Collective title the unit seeks"),
        required=False,
        choices=[("", "—"), *((t, AWARD_LABELS[t]) for t in rules.COLLECTIVE_TITLES)],
    )

    def __init__(self, *args, people=(), movements=(), fixed_movement=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        if fixed_movement:
            del self.fields["movement"]
        else:
            self.fields["movement"].choices = [
                ("", gettext("The year's emulation titles")),
                *((m.pk, m.name) for m in movements),
            ]
        titles = [("", "—"), *((t, AWARD_LABELS[t]) for t in rules.INDIVIDUAL_TITLES)]
        for person in self.people:
            self.fields[f"title_{person.pk}"] = forms.ChoiceField(
                label=person.full_name, required=False, choices=titles
            )

    def person_fields(self):
        return [(p, self[f"title_{p.pk}"]) for p in self.people]

    def chosen_people(self) -> list[tuple[int, str]]:
        return [
            (p.pk, self.cleaned_data[f"title_{p.pk}"])
            for p in self.people
            if self.cleaned_data.get(f"title_{p.pk}")
        ]


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Give the reason for returning the registration.")
        },
    )


def parse_figures(text: str) -> dict[str, float | int]:
    """Lines ``name: number`` ("Số mô hình: 3", "Tỷ lệ: 92,5")."""
    figures: dict[str, float | int] = {}
    problems = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _FIGURE_LINE.match(raw.strip())
        value = None
        if match:
            try:
                value = Decimal(match["value"].replace(",", "."))
            except InvalidOperation:
                value = None
        if match is None or value is None or not value.is_finite():
            problems.append(
                gettext("Line %(line)s: write a name, a colon and a number.")
                % {"line": number}
            )
            continue
        figures[match["name"].strip()] = (
            int(value) if value == value.to_integral_value() else float(value)
        )
    if problems:
        raise ValidationError(problems)
    return figures


class ReportForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    text = forms.CharField(
        label=_("What the unit did and achieved"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    figures = forms.CharField(
        label=_("Figures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One figure per line: a name, a colon and a number."),
    )
    file = forms.FileField(label=_("File (optional)"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]

    def clean_figures(self):
        return parse_figures(self.cleaned_data["figures"])


class ModelForm(forms.Form):
    """An advanced model (not a Django ModelForm: the service writes it)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=AdvancedModel.Kind.choices)
    person = forms.TypedChoiceField(
        label=_("A person of the unit"), coerce=int, required=False, empty_value=None
    )
    collective_name = forms.CharField(
        label=_("Or a collective"),
        max_length=255,
        required=False,
        help_text=_("Name either a person or a collective."),
    )
    movement = forms.TypedChoiceField(
        label=_("Movement"), coerce=int, required=False, empty_value=None
    )
    achievement = forms.CharField(
        label=_("Achievement"), widget=forms.Textarea(attrs={"rows": 6})
    )
    replication = forms.CharField(
        label=_("How it was replicated"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    files = MultipleFileField(
        label=_("Evidence and photos (PDF, DOCX, XLSX, JPEG, PNG)"), required=False
    )

    def __init__(self, *args, people=(), movements=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            for name in ("kind", "person", "collective_name", "movement"):
                del self.fields[name]
            return
        self.fields["person"].choices = [
            ("", "—"),
            *((p.pk, p.full_name) for p in people),
        ]
        self.fields["movement"].choices = [
            ("", "—"),
            *((m.pk, m.name) for m in movements),
        ]


class CopyYearForm(forms.Form):
    head = forms.TypedChoiceField(label=_("Head unit of the next year"), coerce=int)
    deputy = forms.TypedChoiceField(label=_("Deputy unit of the next year"), coerce=int)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(u.pk, u.name) for u in units]
        self.fields["head"].choices = choices
        self.fields["deputy"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("head") and data.get("head") == data.get("deputy"):
            self.add_error("deputy", _("The head unit cannot also be a deputy."))
        return data
