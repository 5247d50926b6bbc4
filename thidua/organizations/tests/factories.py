"""Factories for organisations. They write through the ORM directly: tests of the
services call the services; everything else just needs rows."""

import factory
from django.contrib.auth import get_user_model

from thidua.core.models import RoleGrant
from thidua.organizations.models import (
    Block,
    BlockYear,
    Membership,
    Person,
    Province,
    Unit,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("Mật-khẩu-thử-1")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province

    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Sở Thử nghiệm {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    unit = factory.SubFactory(UnitFactory)
    full_name = factory.Faker("name", locale="vi_VN")
    gender = "female"


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Khối thi đua số {n}")
    kind = "khoi"


class BlockYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockYear

    block = factory.SubFactory(BlockFactory)
    year = 2024


def add_members(block_year, head, deputies, members=()):
    """Place units in a block year: one head, deputies, then plain members."""
    rows = [
        Membership(block_year=block_year, unit=head, role="head", year=block_year.year)
    ]
    rows += [
        Membership(block_year=block_year, unit=u, role="deputy", year=block_year.year)
        for u in deputies
    ]
    rows += [
        Membership(block_year=block_year, unit=u, role="member", year=block_year.year)
        for u in members
    ]
    Membership.objects.bulk_create(rows)


def grant(user, role, province, block=None, unit=None):
    return RoleGrant.objects.create(
        user=user, role=role, province=province, block=block, unit=unit
    )
