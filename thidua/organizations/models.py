from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.rules import blocks as block_rules
from thidua.rules.permissions import Scope
from thidua.rules.text import fold, person_sort_key, sort_key


class NamedQuerySet(models.QuerySet):
    def search(self, q: str | None):
        """Match ``q`` ignoring diacritics and case (``hoa binh`` finds ``Hòa Bình``)."""
        folded = fold(q or "")
        if not folded:
            return self
        for word in folded.split(" "):
            self = self.filter(search_name__contains=word)
        return self


class Province(models.Model):
    """Tỉnh, thành phố: the tenant. Merged provinces keep a link to their successor."""

    name = models.CharField(_("name"), max_length=120)
    code = models.CharField(_("code"), max_length=20, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
        verbose_name=_("successors"),
    )
    # Overrides of the provincial settings (thidua.rules.settings); defaults elsewhere.
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    # Loaded by load_demo: pages say the data is illustrative ("Dữ liệu minh họa").
    is_demo = models.BooleanField(default=False)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    search_name = models.CharField(max_length=200, editable=False)

    objects = NamedQuerySet.as_manager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["sort_key", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.name)
        self.search_name = fold(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "sort_key",
                "search_name",
            }
        super().save(*args, **kwargs)

    def scope(self) -> Scope:
        return Scope(province=self.pk)


class Unit(models.Model):
    """Cơ quan, đơn vị. Hierarchical, with validity dates and successors."""

    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("province"),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        through="Succession",
        through_fields=("predecessor", "successor"),
        related_name="predecessors",
        blank=True,
    )
    sort_key = models.CharField(max_length=800, editable=False)
    search_name = models.CharField(max_length=400, editable=False)

    objects = NamedQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_key", "id"]
        indexes = [
            # Unit lists are paginated per province in Vietnamese order.
            models.Index(
                fields=["province", "sort_key", "id"], name="org_unit_list_idx"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.name)
        self.search_name = fold(f"{self.name} {self.short_name}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "sort_key",
                "search_name",
            }
        super().save(*args, **kwargs)

    def block_ids(self) -> frozenset[int]:
        return frozenset(
            Membership.objects.filter(unit=self).values_list(
                "block_year__block_id", flat=True
            )
        )

    def scope(self) -> Scope:
        return Scope(province=self.province_id, blocks=self.block_ids(), unit=self.pk)


class Succession(models.Model):
    """A reorganisation edge: ``predecessor``'s history flows into ``successor``."""

    predecessor = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="successions_out"
    )
    successor = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="successions_in"
    )
    effective_on = models.DateField(_("effective date"))

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="organizations_succession_once",
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="organizations_succession_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Person(models.Model):
    """Cá nhân: a person working in a unit."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit")
    )
    full_name = models.CharField(_("full name"), max_length=120)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    position = models.CharField(_("position"), max_length=160, blank=True)
    is_leader = models.BooleanField(_("leader of the unit"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    sort_key = models.CharField(max_length=400, editable=False)
    search_name = models.CharField(max_length=200, editable=False)

    objects = NamedQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["unit", "sort_key", "id"], name="org_person_list_idx")
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.sort_key = person_sort_key(self.full_name)
        self.search_name = fold(self.full_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "sort_key",
                "search_name",
            }
        super().save(*args, **kwargs)

    def scope(self) -> Scope:
        unit = self.unit
        return Scope(province=unit.province_id, blocks=unit.block_ids(), unit=unit.pk)


class Block(models.Model):
    """Khối / cụm thi đua of a province."""

    class Kind(models.TextChoices):
        KHOI = "khoi", _("Emulation block (khối)")
        CUM = "cum", _("Emulation cluster (cụm)")

    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        related_name="blocks",
        verbose_name=_("province"),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    sort_key = models.CharField(max_length=800, editable=False)
    search_name = models.CharField(max_length=400, editable=False)

    objects = NamedQuerySet.as_manager()

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["sort_key", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = sort_key(self.name)
        self.search_name = fold(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "sort_key",
                "search_name",
            }
        super().save(*args, **kwargs)

    def scope(self) -> Scope:
        return Scope(province=self.province_id, blocks=frozenset({self.pk}))


class BlockYear(models.Model):
    """Năm thi đua của khối: theme, head (Trưởng khối), deputies, members."""

    block = models.ForeignKey(
        Block, on_delete=models.PROTECT, related_name="years", verbose_name=_("block")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.CharField(_("theme"), max_length=500, blank=True)
    slogan = models.CharField(_("slogan"), max_length=500, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)

    class Meta:
        verbose_name = _("block year")
        verbose_name_plural = _("block years")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["block", "year"], name="organizations_blockyear_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.block} — {self.year}"

    def scope(self) -> Scope:
        return Scope(province=self.block.province_id, blocks=frozenset({self.block_id}))


class Membership(models.Model):
    """A unit's membership of a block year, with its role and, after a
    reorganisation, the dates it held it (null = the whole year)."""

    class Role(models.TextChoices):
        HEAD = block_rules.HEAD, _("Head (Trưởng khối)")
        DEPUTY = block_rules.DEPUTY, _("Deputy (Phó khối)")
        MEMBER = block_rules.MEMBER, _("Member")

    block_year = models.ForeignKey(
        BlockYear, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    # Copied from the block year so that the database can hold rule 27.
    year = models.PositiveSmallIntegerField()
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["block_year", "id"]
        constraints = [
            # Rule 27 (domain.md §9): a unit belongs to one block of its province a year.
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="organizations_membership_one_block_per_year",
            ),
            # Rule 27: one head at a time (a reorganised head hands over mid-year).
            models.UniqueConstraint(
                fields=["block_year"],
                condition=Q(role="head", valid_to__isnull=True),
                name="organizations_membership_one_current_head",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display()} · {self.block_year}"
