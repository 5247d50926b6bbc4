"""Plumbing only: sign-ins and failed sign-ins go to the audit trail."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from thidua.core import audit


@receiver(user_logged_in, dispatch_uid="thidua_audit_sign_in")
def _signed_in(sender, request, user, **kwargs):
    audit.record(actor=user, verb="core.session.signed_in", target=user)


@receiver(user_login_failed, dispatch_uid="thidua_audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only the id of an existing account is kept, never the name that was typed.
    username = (credentials or {}).get("username") or ""
    user_id = (
        get_user_model()
        .objects.filter(username=username)
        .values_list("pk", flat=True)
        .first()
    )
    audit.record(
        actor=None,
        verb="core.session.sign_in_failed",
        target_type="auth.user",
        target_id=user_id or "",
    )
