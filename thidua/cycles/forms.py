"""HTML forms of the block's year: shape and format only; the services decide."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.cycles.models import Requirement
from thidua.cycles.services import CriterionSpec
from thidua.organizations.forms import date_field

# Longest values the covenant's columns hold (cycles/models.py).
CODE_MAX, GROUP_MAX, TITLE_MAX = 20, 255, 500
POINTS_LIMIT = Decimal("99999.99")
SEPARATOR = "|"


def points_text(value: Decimal) -> str:
    """10.00 → "10", 2.50 → "2.5": how a person would write the number back."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def points_local(value: Decimal) -> str:
    """The same in the language of the page: "2,5" in Vietnamese."""
    return number_format(Decimal(points_text(value)))


def parse_points(text: str) -> Decimal | None:
    """A number written as "10", "2.5" or "2,5" (Vietnamese decimal comma)."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _points_field(label, help_text=""):
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=POINTS_LIMIT,
        max_digits=7,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
        error_messages={
            "required": _("Write a number (0 if there is none)."),
            "invalid": _("Write a number, such as 5 or 2.5."),
            "min_value": _("The number cannot be below 0."),
            "max_value": _("The number is too large."),
            "max_digits": _("The number is too large."),
            "max_decimal_places": _("Write at most two digits after the decimal mark."),
        },
    )


class CovenantForm(forms.Form):
    contents = forms.CharField(
        label=_("Contents of the covenant"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One content per line. They are numbered in this order."),
    )
    criteria = forms.CharField(
        label=_("Scoring table"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=_(
            "One criterion per line, four parts separated by a vertical bar: "
            "code | group | criterion | maximum points."
        ),
    )
    bonus_max = _points_field(
        _("Bonus ceiling"), _("The most bonus points a unit can receive.")
    )
    late_deduction = _points_field(
        _("Deduction per late document"),
        _("Points taken off for each required document sent late or not sent."),
    )
    review_margin = _points_field(
        _("Allowed gap between self-score and cross-score"),
        _("Criteria whose scores differ by more than this are flagged."),
    )

    def clean_contents(self) -> list[str]:
        lines = self.cleaned_data["contents"].splitlines()
        return [line.strip() for line in lines if line.strip()]

    def clean_criteria(self) -> list[CriterionSpec]:
        specs: list[CriterionSpec] = []
        errors: list[str] = []
        first_line: dict[str, int] = {}
        for number, raw in enumerate(self.cleaned_data["criteria"].splitlines(), 1):
            if not raw.strip():
                continue
            spec = _parse_criterion(raw, number)
            if isinstance(spec, str):
                errors.append(spec)
                continue
            key = spec.code.casefold()
            if key in first_line:
                errors.append(
                    gettext(
                        "Lines %(first)s and %(line)s have the same code "
                        "“%(code)s”: each criterion needs its own code."
                    )
                    % {"first": first_line[key], "line": number, "code": spec.code}
                )
                continue
            first_line[key] = number
            specs.append(spec)
        if errors:
            raise ValidationError(errors)
        return specs


def _parse_criterion(raw: str, line: int) -> CriterionSpec | str:
    """One line ``code | group | criterion | max points`` (the group may be left
    out); the criterion, or a sentence saying what is wrong with the line."""
    parts = [p.strip() for p in raw.split(SEPARATOR)]
    if len(parts) == 3:
        parts.insert(1, "")
    if len(parts) != 4:
        return gettext(
            "Line %(line)s: write four parts separated by a vertical bar "
            "(code | group | criterion | maximum points)."
        ) % {"line": line}
    code, group, title, max_text = parts
    if not code:
        return gettext("Line %(line)s: the code is missing.") % {"line": line}
    if not title:
        return gettext("Line %(line)s: the criterion is missing.") % {"line": line}
    if len(code) > CODE_MAX:
        return gettext(
            "Line %(line)s: the code is longer than %(limit)s characters."
        ) % {"line": line, "limit": CODE_MAX}
    if len(group) > GROUP_MAX:
        return gettext(
            "Line %(line)s: the group is longer than %(limit)s characters."
        ) % {"line": line, "limit": GROUP_MAX}
    if len(title) > TITLE_MAX:
        return gettext(
            "Line %(line)s: the criterion is longer than %(limit)s characters."
        ) % {"line": line, "limit": TITLE_MAX}
    points = parse_points(max_text)
    if points is None:
        return gettext(
            "Line %(line)s: the maximum points “%(value)s” is not a number."
        ) % {"line": line, "value": max_text}
    if points <= 0:
        return gettext("Line %(line)s: the maximum points must be more than 0.") % {
            "line": line
        }
    if points > POINTS_LIMIT or points != points.quantize(Decimal("0.01")):
        return gettext(
            "Line %(line)s: the maximum points must be below 100000, with at most "
            "two digits after the decimal mark."
        ) % {"line": line}
    return CriterionSpec(code=code, group=group, title=title, max_points=points)


def criteria_text(criteria) -> str:
    """The scoring table written back as the lines the form reads."""
    return "\n".join(
        f" {SEPARATOR} ".join((c.code, c.group, c.title, points_local(c.max_points)))
        for c in criteria
    )


class RequirementForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        error_messages={"required": _("Write the title of the document.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Requirement.Kind.choices)
    due_date = date_field(_("Due date"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].error_messages["required"] = _(
            "Write the due date as dd/mm/yyyy."
        )


class SubmissionForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), JPEG or PNG; at most 20 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}
        ),
        error_messages={
            "required": _("Choose the file to send."),
            "empty": _("The file is empty."),
        },
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
            self.fields["unit"].widget = forms.HiddenInput()


class WaiverForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("As agreed at the block's meeting; it is kept in the records."),
        error_messages={"required": _("Write the reason for the waiver.")},
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
