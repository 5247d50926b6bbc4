"""Forms of the conference and ballot pages. Choices come from the caller (the
member units and people of the block's year, a round's candidates); the services
check everything again."""

from datetime import datetime
from fractions import Fraction

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.movements.models import award_label
from thidua.rules import ballots as ballot_rules
from thidua.voting.models import BallotRound, Conference

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _ids(values) -> list[int]:
    return [int(v) for v in values]


class ConferenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Conference.Kind.choices)
    date = forms.DateField(
        label=_("Date"),
        input_formats=DATE_FORMATS,
        help_text=_("Day/month/year, for example 18/12/2024."),
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "size": 12}),
    )
    host_unit = forms.TypedChoiceField(label=_("Host unit"), coerce=int)
    attendees = forms.MultipleChoiceField(
        label=_("Attendees"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the people present, under their units."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, units, people_by_unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].choices = [(u.pk, u.name) for u in units]
        self.fields["attendees"].choices = [
            (unit.name, [(p.pk, p.full_name) for p in people])
            for unit, people in people_by_unit
            if people
        ]

    def attendee_ids(self) -> list[int]:
        return _ids(self.cleaned_data["attendees"])


class ConferenceMinutesForm(forms.Form):
    """What the minutes of the meeting record (biên bản họp): all optional; the
    minutes show dotted blanks for what is left empty."""

    start_time = forms.TimeField(
        label=_("Starting time"),
        required=False,
        input_formats=["%H:%M", "%Hh%M", "%H:%M:%S"],
        help_text=_("Hour and minute on the day of the conference, such as 08:00."),
        widget=forms.TimeInput(
            format="%H:%M", attrs={"placeholder": "hh:mm", "size": 6}
        ),
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=255,
        help_text=_("Left empty, the minutes name the host unit."),
    )
    chair = forms.CharField(
        label=_("Chair (name and position)"), required=False, max_length=255
    )
    secretary = forms.CharField(
        label=_("Secretary of the meeting (name and position)"),
        required=False,
        max_length=255,
    )
    next_head_unit = forms.TypedChoiceField(
        label=_("Head unit next year"), coerce=int, required=False, empty_value=None
    )
    next_host_unit = forms.TypedChoiceField(
        label=_("Host unit of next year's conference"),
        coerce=int,
        required=False,
        empty_value=None,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((u.pk, u.name) for u in units)]
        self.fields["next_head_unit"].choices = choices
        self.fields["next_host_unit"].choices = choices

    @classmethod
    def initial_for(cls, conference: Conference) -> dict:
        starts_at = conference.starts_at
        return {
            "start_time": timezone.localtime(starts_at).time() if starts_at else None,
            "place": conference.place,
            "chair": conference.chair,
            "secretary": conference.secretary,
            "next_head_unit": conference.next_head_unit_id,
            "next_host_unit": conference.next_host_unit_id,
        }

    def starts_at(self, day):
        """The starting time on the conference's day, as an aware datetime."""
        time = self.cleaned_data["start_time"]
        if time is None:
            return None
        return timezone.make_aware(datetime.combine(day, time))


class ThresholdField(forms.CharField):
    """A fraction typed as "1/2", "2/3" or "0.5"."""

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return None
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise forms.ValidationError(
                _("Type a fraction such as 1/2 or 2/3.")
            ) from None


class RoundForm(forms.Form):
    award = forms.ChoiceField(label=_("Award voted for"))
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500)
    candidates = forms.MultipleChoiceField(
        label=_("Candidates"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Listed in the order of the ranking. For a run-off, leave every box "
            "unticked: the tied candidates stand."
        ),
    )
    threshold = ThresholdField(
        label=_("Pass threshold"),
        initial="1/2",
        help_text=_("A fraction, for example 1/2 or 2/3."),
        widget=forms.TextInput(attrs={"size": 6}),
    )
    threshold_base = forms.ChoiceField(
        label=_("Fraction of"),
        choices=BallotRound.Base.choices,
        initial=ballot_rules.MEMBERS,
    )
    threshold_rule = forms.ChoiceField(
        label=_("A candidate passes with"),
        choices=BallotRound.Rule.choices,
        initial=ballot_rules.AT_LEAST,
    )
    mode = forms.ChoiceField(
        label=_("Ballots"),
        choices=BallotRound.Mode.choices,
        initial=ballot_rules.ELECTRONIC,
        widget=forms.RadioSelect,
    )
    runoff_of = forms.TypedChoiceField(
        label=_("Run-off of"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, candidates, closed_rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [
            (a, award_label(a)) for a in ballot_rules.UNIT_AWARDS
        ]
        self.fields["candidates"].choices = [(u.pk, u.name) for u in candidates]
        self.fields["runoff_of"].choices = [("", _("No (a new selection)"))] + [
            (r.pk, f"#{r.pk} · {award_label(r.award)}") for r in closed_rounds
        ]
        if not self.is_bound:
            self.initial.setdefault("candidates", [u.pk for u in candidates])
            self.initial.setdefault("seats", 1)

    def candidate_ids(self) -> list[int]:
        """The ticked candidates, in the listed (ranking) order."""
        chosen = set(self.cleaned_data["candidates"])
        return [
            int(v)
            for v, _label in self.fields["candidates"].choices
            if str(v) in chosen
        ]


class OpenForm(forms.Form):
    voters = forms.MultipleChoiceField(
        label=_("Voters who receive a slip"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Name the voters who receive a slip.")},
    )

    def __init__(self, *args, attendances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voters"].choices = [
            (a.person_id, f"{a.person.full_name} — {a.unit.name}") for a in attendances
        ]

    def voter_ids(self) -> list[int]:
        return _ids(self.cleaned_data["voters"])


class PaperCountForm(forms.Form):
    ballots_cast = forms.IntegerField(label=_("Ballots cast"), min_value=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        for unit in candidates:
            self.fields[f"votes_{unit.pk}"] = forms.IntegerField(
                label=unit.name, min_value=0
            )
        self.candidates = list(candidates)

    def vote_fields(self):
        return [self[f"votes_{u.pk}"] for u in self.candidates]

    def counts(self) -> dict[int, int]:
        return {u.pk: self.cleaned_data[f"votes_{u.pk}"] for u in self.candidates}


class DecisionForm(forms.Form):
    units = forms.MultipleChoiceField(
        label=_("Units chosen by the head and deputy units"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(u.pk, u.name) for u in candidates]

    def unit_ids(self) -> list[int]:
        return _ids(self.cleaned_data["units"])


class BallotForm(forms.Form):
    """The ballot: the slip's code (hidden) and at most ``seats`` candidates."""

    t = forms.CharField(widget=forms.HiddenInput, max_length=200)
    choices = forms.MultipleChoiceField(
        label=_("Candidates"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choices"].choices = [(u.pk, u.name) for u in candidates]

    def choice_ids(self) -> list[int]:
        return _ids(self.cleaned_data["choices"])


class SlipCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Slip code"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "size": 30}
        ),
    )
