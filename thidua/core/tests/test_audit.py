import pytest
from django.db import connection

from thidua.core import audit
from thidua.core.models import AuditEvent


def test_sign_in_and_failure_are_audited(world, client):
    client.post("/accounts/login/", {"login": "tinh", "password": "sai mật khẩu"})
    client.post("/accounts/login/", {"login": "tinh", "password": "Mật-khẩu-thử-1"})
    verbs = list(AuditEvent.objects.order_by("pk").values_list("verb", "target_id"))
    user_id = str(world.users["province_admin"].pk)
    assert ("core.session.sign_in_failed", user_id) in verbs
    assert ("core.session.signed_in", user_id) in verbs


def test_the_app_has_no_update_or_delete_path_for_audit_events(db):
    event = audit.record(actor=None, verb="core.token.created", target_type="x")
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(verb="changed")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_unregistered_verbs_are_refused(db):
    with pytest.raises(ValueError, match="Unregistered"):
        audit.record(actor=None, verb="made.up.verb")


@pytest.mark.django_db(transaction=True)
def test_postgresql_refuses_update_and_delete_of_audit_rows():
    """On PostgreSQL a trigger guards the trail; SQLite relies on the app (design.md)."""
    event = audit.record(actor=None, verb="core.token.created", target_type="x")
    if connection.vendor != "postgresql":
        assert AuditEvent.objects.filter(pk=event.pk).exists()
        return
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("UPDATE core_auditevent SET verb = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    with connection.cursor() as c:
        c.execute("TRUNCATE core_auditevent")
    assert not AuditEvent.objects.exists()
