"""HTML forms of scoring: shape and format only. Ranges ([0, max], the bonus ceiling)
and the reason rule are the rules' business (rules/scoring.py): a score of -1 or
above the maximum passes here and is refused by the service with its message."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError
from thidua.core.uploads import check_upload


def points_text(value: Decimal | None) -> str:
    """A number of points as a person types it: 55, 7,5 (no trailing zeros)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))


class PointsField(forms.DecimalField):
    """Points with a comma or a dot as the decimal separator (7,5 or 7.5)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"inputmode": "decimal", "class": "points"}),
        )
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _("Enter a number, such as 8 or 7,5."),
                "max_decimal_places": _("Use at most two decimals."),
                "max_digits": _("This number is too large."),
                "max_whole_digits": _("This number is too large."),
            },
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace(",", ".")
        if value in self.empty_values:
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation as exc:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid"
            ) from exc
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class EvidenceField(forms.FileField):
    """An evidence file: checked by content (PDF, DOCX, XLSX, JPEG, PNG; 20 MB)."""

    def clean(self, data, initial=None):
        data = super().clean(data, initial)
        if data:
            try:
                check_upload(data)
            except DomainError as error:
                raise ValidationError(error.message, code=error.code) from error
        return data


class SheetForm(forms.Form):
    """One stage of a unit's sheet: points per criterion, then, by stage, a note,
    an evidence link and a file (self), or a reason (final); and the bonus.

    Fields are named by the criterion's id (``points_12``), so that codes with dots
    or spaces never reach an HTML name.
    """

    bonus = PointsField(label=_("Bonus points"))

    def __init__(self, *args, stage, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"points_{c.pk}"] = PointsField(
                label=_("Points for %(code)s") % {"code": c.code}
            )
            self.fields[f"points_{c.pk}"].widget.attrs.update(
                {"data-code": c.code, "data-max": str(c.max_points)}
            )
            if stage == "self":
                self.fields[f"note_{c.pk}"] = forms.CharField(
                    label=_("Note"),
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2, "data-code": c.code}),
                )
                self.fields[f"link_{c.pk}"] = forms.URLField(
                    label=_("Evidence link"),
                    required=False,
                    max_length=500,
                    assume_scheme="https",
                    widget=forms.URLInput(
                        attrs={"placeholder": "https://", "data-code": c.code}
                    ),
                )
                self.fields[f"file_{c.pk}"] = EvidenceField(
                    label=_("Evidence file"),
                    required=False,
                    widget=forms.FileInput(attrs={"data-code": c.code}),
                )
            if stage == "final":
                self.fields[f"reason_{c.pk}"] = forms.CharField(
                    label=_("Reason for the change"),
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2, "data-code": c.code}),
                )

    def field_for(self, kind: str, code: str) -> str | None:
        for c in self.criteria:
            if c.code == code:
                return f"{kind}_{c.pk}"
        return None

    def rows(self):
        """Per criterion id: its bound fields, for the template."""
        out = {}
        for c in self.criteria:
            out[c.pk] = {
                kind: self[f"{kind}_{c.pk}"]
                for kind in ("points", "note", "link", "file", "reason")
                if f"{kind}_{c.pk}" in self.fields
            }
        return out

    def _by_code(self, kind: str) -> dict[str, object]:
        data = self.cleaned_data
        return {
            c.code: data.get(f"{kind}_{c.pk}")
            for c in self.criteria
            if f"{kind}_{c.pk}" in data
        }

    def scores(self) -> dict[str, Decimal]:
        return {k: v for k, v in self._by_code("points").items() if v is not None}

    def reasons(self) -> dict[str, str]:
        return {k: v for k, v in self._by_code("reason").items() if v}

    def notes(self) -> dict[str, str]:
        return {k: v or "" for k, v in self._by_code("note").items()}

    def links(self) -> dict[str, str]:
        return {k: v or "" for k, v in self._by_code("link").items()}

    def uploads(self) -> dict[str, object]:
        return {k: v for k, v in self._by_code("file").items() if v}


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I have checked this ranking. Publish it and lock the scores of this "
            "period."
        ),
        error_messages={"required": _("Tick the box to confirm the publication.")},
    )
