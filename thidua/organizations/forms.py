"""HTML forms: shape and format only; business checks are rules (house style)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.organizations.models import Block, Person, Unit

DATE_WIDGET = forms.DateInput(
    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}
)


def date_field(label, required=False):
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE_WIDGET,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
    )


class ProvinceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    code = forms.CharField(label=_("Code"), max_length=20, required=False)


class ProvinceSettingsForm(forms.Form):
    block_min_members = forms.IntegerField(
        label=_("Smallest number of units in a block"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for no limit."),
    )
    block_max_members = forms.IntegerField(
        label=_("Largest number of units in a block"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for no limit."),
    )
    head_rotation_required = forms.BooleanField(
        label=_("The head unit must change every year"),
        required=False,
        help_text=_("When unticked, a repeated head is only shown as a warning."),
    )
    reminder_days_before = forms.IntegerField(
        label=_("Days before a due date to remind units by e-mail"),
        min_value=0,
        max_value=60,
        help_text=_(
            "Units that have not sent a required document are reminded this many "
            "days before its due date, and once the day after it."
        ),
    )


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    parent = forms.ModelChoiceField(
        label=_("Parent unit"), queryset=Unit.objects.none(), required=False
    )
    valid_from = date_field(_("In existence since"))

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.filter(
            province=province, valid_to__isnull=True
        )


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    gender = forms.ChoiceField(label=_("Gender"), choices=Person.Gender.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    position = forms.CharField(label=_("Position"), max_length=160, required=False)
    is_leader = forms.BooleanField(label=_("Leader of the unit"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class BlockForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=Block.Kind.choices)


class BlockYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2200)
    theme = forms.CharField(label=_("Theme"), max_length=500, required=False)
    slogan = forms.CharField(label=_("Slogan"), max_length=500, required=False)
    head = forms.ModelChoiceField(
        label=_("Head unit (Trưởng khối)"), queryset=Unit.objects.none()
    )
    deputies = forms.ModelMultipleChoiceField(
        label=_("Deputy units (Phó khối)"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Member units"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=60, required=False
    )
    decision_date = date_field(_("Decision date"))

    def __init__(self, *args, province, fixed_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(province=province).order_by("sort_key")
        for name in ("head", "deputies", "members"):
            self.fields[name].queryset = units
        if fixed_year is not None:
            self.fields["year"].disabled = True
            self.fields["year"].initial = fixed_year


class ReorganizeForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        label=_("Units that end"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    target = forms.ModelChoiceField(
        label=_("Existing successor unit"), queryset=Unit.objects.none(), required=False
    )
    new_names = forms.CharField(
        label=_("Or new successor units, one name per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    effective = date_field(_("Effective date"), required=True)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = units.filter(valid_to__isnull=True)
        self.fields["target"].queryset = units.filter(valid_to__isnull=True)

    def clean(self):
        data = super().clean()
        names = [
            n.strip() for n in (data.get("new_names") or "").splitlines() if n.strip()
        ]
        data["names"] = names
        if bool(names) == bool(data.get("target")):
            raise forms.ValidationError(
                _("Choose an existing successor or write new names, not both.")
            )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
