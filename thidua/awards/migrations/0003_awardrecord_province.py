"""Each award keeps the province of its subject (its unit's, or its person's unit's),
so that a province's list filters on one indexed column (benchmarks/EXPLAIN.md)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_province(apps, schema_editor):
    AwardRecord = apps.get_model("awards", "AwardRecord")
    Unit = apps.get_model("organizations", "Unit")
    Person = apps.get_model("organizations", "Person")
    AwardRecord.objects.filter(unit__isnull=False).update(
        province_id=Subquery(
            Unit.objects.filter(pk=OuterRef("unit_id")).values("province_id")[:1]
        )
    )
    AwardRecord.objects.filter(person__isnull=False).update(
        province_id=Subquery(
            Person.objects.filter(pk=OuterRef("person_id")).values(
                "unit__province_id"
            )[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_award_list_index"),
        ("organizations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="awardrecord",
            name="province",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.province",
                verbose_name="province",
            ),
        ),
        migrations.RunPython(fill_province, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="awardrecord",
            name="province",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.province",
                verbose_name="province",
            ),
        ),
        migrations.AddIndex(
            model_name="awardrecord",
            index=models.Index(
                fields=["province", "-year", "award", "-decision_date", "-id"],
                name="awards_record_prov_list_idx",
            ),
        ),
    ]
