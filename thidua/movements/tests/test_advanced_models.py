"""Advanced models: recorded by the unit, published by the block or the Board to the
public page, which shows only what was published (issue 7)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.movements import selectors, services
from thidua.movements.models import AdvancedModel, Notification
from thidua.movements.tests.conftest import refused
from thidua.scoring.models import Publication, PublishedRank

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def record(world, actor="unit_officer", **extra):
    values = {
        "actor": world.users[actor],
        "unit": world.U3,
        "year": 2024,
        "person": world.people["p3"],
        "achievement": "Sáng kiến tiếp công dân trực tuyến",
        **extra,
    }
    return services.record_model(**values)


def test_a_unit_records_a_model_with_evidence_and_photos(world, movement):
    model = record(
        world,
        movement=movement,
        uploads=[
            SimpleUploadedFile("anh.png", PNG),
            SimpleUploadedFile("quyet-dinh.pdf", PDF),
        ],
    )
    assert model.status == "draft"
    assert model.subject_name == "Trần Thị Bình"
    assert [(f.original_name, f.is_photo) for f in model.files.all()] == [
        ("anh.png", True),
        ("quyet-dinh.pdf", False),
    ]
    event = AuditEvent.objects.get(verb="movements.model.recorded")
    assert event.after["files"] == ["anh.png", "quyet-dinh.pdf"]


def test_a_model_is_a_person_or_a_collective(world):
    refused(
        "MODEL_SUBJECT_REQUIRED",
        record,
        world=world,
        collective_name="Chi bộ Ủy ban Kiểm tra",
    )
    refused("MODEL_SUBJECT_REQUIRED", record, world=world, person=None)
    collective = record(world, person=None, collective_name="Chi bộ Ủy ban Kiểm tra")
    assert collective.subject_name == "Chi bộ Ủy ban Kiểm tra"


def test_the_person_works_in_the_unit(world):
    refused("PERSON_NOT_IN_UNIT", record, world=world, person=world.people["p1"])


def test_replication_is_added_later(world):
    model = record(world)
    services.update_model(
        actor=world.users["unit_officer"],
        model=model,
        achievement=model.achievement,
        replication="Nhân rộng ra 5 đơn vị trong khối",
    )
    assert AdvancedModel.objects.get().replication == "Nhân rộng ra 5 đơn vị trong khối"
    event = AuditEvent.objects.get(verb="movements.model.updated")
    assert event.before["replication"] == ""


@pytest.mark.parametrize("persona", ["block_secretary", "province_admin"])
def test_the_block_or_the_board_publishes(world, persona):
    model = record(world)
    services.publish_model(actor=world.users[persona], model=model)
    assert model.status == "published"
    assert model.published_by == world.users[persona]
    assert AuditEvent.objects.filter(verb="movements.model.published").count() == 1
    assert Notification.objects.filter(user=world.users["unit_officer"]).exists()
    refused(
        "INVALID_TRANSITION",
        services.publish_model,
        actor=world.users[persona],
        model=model,
    )


@pytest.mark.parametrize("persona", ["unit_officer", "leader", "outsider"])
def test_others_cannot_publish(world, persona):
    model = record(world)
    refused(
        "PERMISSION_DENIED",
        services.publish_model,
        actor=world.users[persona],
        model=model,
    )


def test_drafts_are_seen_by_the_unit_block_and_board_only(world):
    model = record(world)
    for persona in ("unit_officer", "leader", "block_secretary", "province_admin"):
        assert list(selectors.visible_models(world.users[persona])) == [model]
    for persona in ("viewer", "outsider"):
        assert not selectors.visible_models(world.users[persona]).exists()
        refused(
            "NOT_FOUND",
            selectors.get_model_for,
            actor=world.users[persona],
            pk=model.pk,
        )
    services.publish_model(actor=world.users["block_secretary"], model=model)
    assert list(selectors.visible_models(world.users["outsider"])) == [model]


# --- The public page -----------------------------------------------------------------


def _published_ranking(world):
    publication = Publication.objects.create(
        block_year=world.BY, period="year", published_by=world.users["block_secretary"]
    )
    PublishedRank.objects.create(
        publication=publication, unit=world.U3, position=1, total=95, rank=1
    )
    return publication


def test_the_public_page_shows_only_what_was_published(world, client):
    draft = record(world, achievement="Bản nháp chưa công bố")
    shown = record(
        world,
        person=None,
        collective_name="Chi bộ Ban Tuyên giáo",
        achievement="Mô hình dân vận khéo",
        uploads=[SimpleUploadedFile("anh.png", PNG)],
    )
    services.publish_model(actor=world.users["province_admin"], model=shown)
    publication = _published_ranking(world)

    response = client.get(reverse("movements:public"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mô hình dân vận khéo" in html
    assert f'data-model="{shown.pk}"' in html
    assert "Bản nháp chưa công bố" not in html
    assert f'data-model="{draft.pk}"' not in html
    assert f'data-publication="{publication.pk}"' in html
    # Only the published block year appears among the rankings.
    assert f'data-block-year="{world.BY2.pk}"' not in html

    photo = shown.files.get()
    assert client.get(reverse("movements:model_file", args=[photo.pk])).status_code == (
        200
    )
    hidden = record(
        world,
        person=None,
        collective_name="Tổ công tác",
        uploads=[SimpleUploadedFile("an.png", PNG)],
    )
    url = reverse("movements:model_file", args=[hidden.files.get().pk])
    assert client.get(url).status_code == 404


def test_the_public_page_runs_a_fixed_number_of_queries(
    world, client, django_assert_num_queries
):
    for i in range(3):
        model = record(
            world,
            person=None,
            collective_name=f"Tập thể {i}",
            uploads=[SimpleUploadedFile("anh.png", PNG)],
        )
        services.publish_model(actor=world.users["province_admin"], model=model)
    _published_ranking(world)
    # Models, their files; publications, their ranks; proposed awards on display.
    with django_assert_num_queries(5):
        assert client.get(reverse("movements:public")).status_code == 200
