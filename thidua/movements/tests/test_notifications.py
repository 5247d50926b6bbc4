"""The bell: an unread count on every page for one COUNT, a list, marking read."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.movements import services
from thidua.movements.models import Notification


def notify(user, n=1, link="/movements/"):
    for i in range(n):
        services.notify_users(users=[user], text=f"Thông báo {i}", link=link)


def test_the_bell_shows_the_unread_count(world, client_as):
    officer = world.users["unit_officer"]
    notify(officer, 3)
    Notification.objects.filter(text="Thông báo 0").update(read_at="2024-01-01T00:00Z")
    html = client_as(officer).get(reverse("movements:movement_list")).content.decode()
    assert 'id="notification-bell"' in html
    assert 'data-unread="2"' in html


def test_the_bell_costs_one_count_per_page(world, client_as):
    officer = world.users["unit_officer"]
    client = client_as(officer)
    url = reverse("movements:notification_list")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("movements:movement_list"))
    counts = [
        q["sql"] for q in ctx.captured_queries if "movements_notification" in q["sql"]
    ]
    assert len(counts) == 1
    assert "COUNT" in counts[0].upper()


def test_a_signed_out_visitor_has_no_bell_and_no_query(world, client):
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("movements:public")).content.decode()
    assert 'id="notification-bell"' not in html
    assert not [q for q in ctx.captured_queries if "notification" in q["sql"]]


def test_opening_a_notification_marks_it_read_and_follows_its_link(world, client_as):
    officer = world.users["unit_officer"]
    notify(officer, link="/registrations/")
    note = Notification.objects.get()
    response = client_as(officer).post(
        reverse("movements:notification_read", args=[note.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == "/registrations/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_link_off_the_site_is_not_followed(world, client_as):
    officer = world.users["unit_officer"]
    notify(officer, link="https://example.com/")
    note = Notification.objects.get()
    response = client_as(officer).post(
        reverse("movements:notification_read", args=[note.pk])
    )
    assert response["Location"] == reverse("movements:notification_list")


def test_mark_all_read_touches_only_the_users_own(world, client_as):
    notify(world.users["unit_officer"], 2)
    notify(world.users["leader"], 1)
    client_as(world.users["unit_officer"]).post(
        reverse("movements:notification_read_all")
    )
    assert not Notification.objects.filter(
        user=world.users["unit_officer"], read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(
        user=world.users["leader"], read_at__isnull=True
    ).exists()


def test_the_api_lists_and_marks_read(world, api_as):
    officer = world.users["unit_officer"]
    notify(officer, 2)
    client = api_as(officer)
    page = client.get("/api/v1/notifications?unread=1").json()
    assert page["count"] == 2
    first = page["items"][0]["id"]
    answer = client.post(f"/api/v1/notifications/{first}/read").json()
    assert answer["read_at"] is not None
    assert client.get("/api/v1/notifications?unread=1").json()["count"] == 1
    assert (
        api_as(world.users["leader"])
        .post(f"/api/v1/notifications/{first}/read")
        .status_code
        == 404
    )
