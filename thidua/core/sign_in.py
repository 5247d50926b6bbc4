"""Sign-in plumbing around django-allauth (issue 9).

- :class:`AccountAdapter`: no public sign-up; a refused (locked) attempt is audited.
- :func:`check_credentials`: the API token endpoint signs in through the same adapter,
  so the same per-account lock-out applies, and asks for a TOTP code when the account
  has one.
- :class:`MandatoryMFAMiddleware`: a province administrator of a province with
  ``mfa_required_for_admins`` is sent to the authenticator-app activation page until
  the app is activated. The need is worked out at sign-in and kept in the session,
  so ordinary requests cost no query.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.core import ratelimit
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from allauth.mfa.totp.internal.auth import TOTP
from django import forms
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thidua.core.errors import DomainError, register
from thidua.rules.permissions import PROVINCE_ADMIN
from thidua.rules.settings import provincial_settings

MFA_PENDING = "thidua_mfa_required"

register(
    {
        "OTP_REQUIRED": _(
            "The account uses two-factor sign-in: send the 6-digit code of the "
            "authenticator app as otp."
        ),
        "OTP_INVALID": _("The authenticator code is not correct."),
        "MFA_SETUP_REQUIRED": _(
            "Your province requires two-factor sign-in for administrators: "
            "activate an authenticator app first."
        ),
    },
    {"OTP_REQUIRED": 401, "OTP_INVALID": 401, "MFA_SETUP_REQUIRED": 403},
)


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators only."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def pre_authenticate(self, request, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            # Locked: Django's authenticate() is not reached, so no
            # user_login_failed signal; the refusal is audited here instead.
            from thidua.core.signals import _sign_in_failed

            _sign_in_failed(sender=None, credentials=credentials, request=request)
            raise


def _has_totp(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


def mfa_required(user) -> bool:
    """Does a province this user administers require two-factor sign-in?"""
    from thidua.core.models import RoleGrant

    provinces = RoleGrant.objects.filter(user=user, role=PROVINCE_ADMIN).values_list(
        "province__settings", flat=True
    )
    return any(
        provincial_settings(stored or {}).mfa_required_for_admins
        for stored in provinces
    )


def mfa_pending(user) -> bool:
    return mfa_required(user) and not _has_totp(user)


def check_credentials(request, username: str, password: str, otp: str = ""):
    """The user for these credentials, or a :class:`DomainError`.

    Goes through allauth's adapter: the per-account lock-out of the web sign-in
    (``ACCOUNT_RATE_LIMITS["login_failed"]``) counts and refuses here too.
    """
    adapter = get_adapter(request)
    try:
        user = adapter.authenticate(request, username=username, password=password)
    except forms.ValidationError:
        raise DomainError(
            "RATE_LIMITED",
            params={"seconds": settings.SIGN_IN_LOCKOUT_SECONDS},
            details={"retry_after": settings.SIGN_IN_LOCKOUT_SECONDS},
        ) from None
    if user is None or not user.is_active:
        raise DomainError("AUTHENTICATION_FAILED")
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        if not otp:
            raise DomainError("OTP_REQUIRED")
        key = f"mfa-auth-user-{user.pk}"
        if not ratelimit.consume(request, action="login_failed", key=key):
            raise DomainError(
                "RATE_LIMITED",
                params={"seconds": settings.SIGN_IN_LOCKOUT_SECONDS},
                details={"retry_after": settings.SIGN_IN_LOCKOUT_SECONDS},
            )
        if not TOTP(totp).validate_code(otp.strip()):
            raise DomainError("OTP_INVALID")
        ratelimit.clear(request, action="login_failed", key=key)
    elif mfa_required(user):
        raise DomainError("MFA_SETUP_REQUIRED")
    return user


@receiver(user_logged_in, dispatch_uid="thidua_mfa_required_at_sign_in")
def _note_mfa_need(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        if mfa_pending(user):
            request.session[MFA_PENDING] = True
        else:
            request.session.pop(MFA_PENDING, None)


@receiver(authenticator_added, dispatch_uid="thidua_mfa_activated")
def _mfa_added(sender, request, user, **kwargs):
    if request is not None and not mfa_pending(user):
        request.session.pop(MFA_PENDING, None)


@receiver(authenticator_removed, dispatch_uid="thidua_mfa_removed")
def _mfa_removed(sender, request, user, **kwargs):
    if request is not None and mfa_pending(user):
        request.session[MFA_PENDING] = True


# Pages a user who must activate an authenticator app may still reach.
_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/jsi18n/", "/healthz")


class MandatoryMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(MFA_PENDING)
            and request.user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
        ):
            # Queries only for the few flagged sessions: activation (or the
            # province turning the setting off) lifts the flag.
            if not mfa_pending(request.user):
                session.pop(MFA_PENDING, None)
                return self.get_response(request)
            if request.path.startswith("/api/"):
                error = DomainError("MFA_SETUP_REQUIRED")
                return JsonResponse(
                    {"code": error.code, "message": error.message, "details": {}},
                    status=error.status,
                )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
