"""generate_synthetic's award history (issue 8): deterministic by seed, bounded to
the province, and the proposals the benchmarks list."""

from io import StringIO

import pytest
from django.core.management import call_command

from thidua.awards import selectors
from thidua.awards.models import AwardRecord, Proposal, Rating, StaffSummary
from thidua.organizations.models import Person, Unit

pytestmark = pytest.mark.django_db


def _generate(seed):
    call_command(
        "generate_synthetic",
        "--seed",
        str(seed),
        "--blocks-per-province",
        "3",
        "--units",
        "24",
        "--people",
        "300",
        "--years",
        "4",
        stdout=StringIO(),
    )


def _fingerprint():
    def rows(qs, *fields):
        return sorted(
            tuple("" if v is None else v for v in r) for r in qs.values_list(*fields)
        )

    return (
        rows(Rating.objects, "year", "level", "person__full_name", "unit__name"),
        rows(AwardRecord.objects, "award", "year", "unit__name", "person__full_name"),
        rows(Proposal.objects, "award", "status", "unit__name"),
    )


def test_a_decade_of_ratings_awards_and_proposals():
    _generate(7)
    people, units = Person.objects.count(), Unit.objects.count()
    # One rating per person and unit per year.
    assert Rating.objects.count() == (people + units) * 4
    assert AwardRecord.objects.filter(award="lao_dong_tien_tien").exists()
    last = Rating.objects.order_by("-year").values_list("year", flat=True).first()
    # The last year's awards are still to be decided: its proposals are.
    assert not AwardRecord.objects.filter(year=last).exists()
    assert Proposal.objects.filter(year=last, award="co_thi_dua_tinh").count() == 3
    assert StaffSummary.objects.filter(year=last).exists()
    # The facts read back as the rules expect.
    facts = list(
        selectors.person_facts_many(
            list(Person.objects.values_list("pk", flat=True)[:20])
        )
    )
    assert all(len(f.ratings) == 4 for f in facts)


def test_the_same_seed_gives_the_same_history():
    from django.db import transaction

    with transaction.atomic():
        _generate(11)
        first = _fingerprint()
        transaction.set_rollback(True)
    assert not Rating.objects.exists()
    _generate(11)
    assert _fingerprint() == first
    assert all(first)
