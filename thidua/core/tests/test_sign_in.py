"""Sign-in through django-allauth: lock-out per account, TOTP, no sign-up (issue 9)."""

import pytest
from allauth.account.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from thidua.core.models import AuditEvent

PASSWORD = "Mật-khẩu-thử-1"
LOGIN = "/accounts/login/"
TOKEN = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"login": username, "password": password})


def _signed_in(client):
    return "_auth_user_id" in client.session


def _current_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def _activate_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_sign_in_works_and_lands_on_home(world, client):
    response = _sign_in(client, "tinh")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert _signed_in(client)


def test_the_sign_in_page_is_vietnamese(world, client):
    html = client.get(LOGIN).content.decode()
    assert "Đăng nhập" in html
    assert 'name="login"' in html and 'id="id_password"' in html


def test_wrong_password_fails_with_a_message(world, client):
    response = _sign_in(client, "tinh", "sai mật khẩu")
    assert response.status_code == 200
    assert not _signed_in(client)
    assert response.context["form"].errors


def test_sixth_attempt_is_refused_even_with_the_right_password(world, client):
    for _ in range(5):
        _sign_in(client, "tinh", "sai mật khẩu")
    response = _sign_in(client, "tinh")
    assert response.status_code == 200
    assert not _signed_in(client)
    # Another account from the same address still signs in.
    assert _sign_in(client, "thuky").status_code == 302
    assert _signed_in(client)


def test_a_success_does_not_reset_the_count(world, client):
    """allauth rolls back only the successful attempt, not the failures."""
    for _ in range(4):
        _sign_in(client, "tinh", "sai mật khẩu")
    assert _sign_in(client, "tinh").status_code == 302


def test_token_endpoint_shares_the_lock_out(world, client):
    for _ in range(5):
        response = client.post(
            TOKEN,
            {"username": "tinh", "password": "sai"},
            content_type="application/json",
        )
        assert response.status_code == 401
        assert response.json()["code"] == "AUTHENTICATION_FAILED"
    response = client.post(
        TOKEN,
        {"username": "tinh", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response.json()["code"] == "RATE_LIMITED"
    assert int(response["Retry-After"]) > 0
    # The web sign-in is locked too; another account is not.
    assert _sign_in(client, "tinh").status_code == 200
    ok = client.post(
        TOKEN,
        {"username": "thuky", "password": PASSWORD},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["token"]


def test_web_failures_count_for_the_token_endpoint(world, client):
    for _ in range(5):
        _sign_in(client, "tinh", "sai mật khẩu")
    response = client.post(
        TOKEN,
        {"username": "tinh", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429


def test_web_sign_in_asks_for_the_totp_code(world, client):
    secret = _activate_totp(world.users["province_admin"])
    response = _sign_in(client, "tinh")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not _signed_in(client)
    page = client.get(reverse("mfa_authenticate")).content.decode()
    assert "Đăng nhập" in page
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and not _signed_in(client)
    right = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert right.status_code == 302
    assert _signed_in(client)


def test_token_endpoint_asks_for_the_otp(world, client):
    secret = _activate_totp(world.users["province_admin"])

    def post(**extra):
        return client.post(
            TOKEN,
            {"username": "tinh", "password": PASSWORD, **extra},
            content_type="application/json",
        )

    missing = post()
    assert missing.status_code == 401
    assert missing.json()["code"] == "OTP_REQUIRED"
    wrong = post(otp="000000")
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "OTP_INVALID"
    ok = post(otp=_current_code(secret))
    assert ok.status_code == 200 and ok.json()["token"]


def _require_mfa(world):
    world.P.settings = {**(world.P.settings or {}), "mfa_required_for_admins": True}
    world.P.save()


def test_mandatory_mfa_sends_a_province_admin_to_activation(world, client):
    _require_mfa(world)
    assert _sign_in(client, "tinh").status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    api = client.get("/api/v1/provinces")
    assert api.status_code == 403
    assert api.json()["code"] == "MFA_SETUP_REQUIRED"
    # allauth asks for the password again before a security change.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.status_code == 302
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    confirm = client.get(asked["Location"])
    assert confirm.status_code == 200
    assert "Xác nhận" in confirm.content.decode() or "Confirm" in str(confirm.content)
    again = client.post(
        asked["Location"],
        {"password": PASSWORD, "next": reverse("mfa_activate_totp")},
    )
    assert again.status_code == 302
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "data:image/svg+xml" in html
    secret = page.context["form"].secret
    activated = client.post(
        reverse("mfa_activate_totp"), {"code": _current_code(secret)}
    )
    assert activated.status_code == 302
    assert Authenticator.objects.filter(
        user=world.users["province_admin"], type=Authenticator.Type.TOTP
    ).exists()
    assert client.get(reverse("home")).status_code != 403
    assert client.get(reverse("home"))["Location"] != reverse("mfa_activate_totp")


def test_mandatory_mfa_spares_other_roles_and_other_provinces(world, client):
    _require_mfa(world)
    _sign_in(client, "thuky")
    response = client.get(reverse("home"))
    assert response.get("Location") != reverse("mfa_activate_totp")


def test_mandatory_mfa_refuses_a_token_until_activated(world, client):
    _require_mfa(world)
    response = client.post(
        TOKEN,
        {"username": "tinh", "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "MFA_SETUP_REQUIRED"


def test_mandatory_mfa_is_off_by_default(world, client):
    _sign_in(client, "tinh")
    assert client.get(reverse("home"))["Location"] != reverse("mfa_activate_totp")


def test_sign_up_is_not_possible(world, client):
    assert client.get("/accounts/signup/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("account_signup")
    request = RequestFactory().get("/")
    assert get_adapter(request).is_open_for_signup(request) is False


def test_sign_in_failures_and_lock_outs_are_audited(world, client):
    user_id = str(world.users["province_admin"].pk)
    for _ in range(6):
        _sign_in(client, "tinh", "sai mật khẩu")
    client.post(
        TOKEN, {"username": "tinh", "password": "sai"}, content_type="application/json"
    )
    failures = AuditEvent.objects.filter(
        verb="core.session.sign_in_failed", target_id=user_id
    ).count()
    assert failures == 7
    _sign_in(client, "thuky")
    assert AuditEvent.objects.filter(
        verb="core.session.signed_in",
        target_id=str(world.users["block_secretary"].pk),
    ).exists()


def test_sessions_end_with_the_browser_and_after_the_cookie_age(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 12 * 3600


def test_the_logout_url_signs_out(world, client):
    _sign_in(client, "tinh")
    client.post(reverse("logout"))
    assert not _signed_in(client)


def test_a_user_changes_the_password_and_the_policy_applies(world, client_as):
    """The password policy (at least 10 characters, not common, not all digits)
    holds when a user changes a password."""
    user = world.users["viewer"]
    client = client_as(user)
    url = reverse("account_change_password")
    refused = client.post(
        url,
        {"oldpassword": "Mật-khẩu-thử-1", "password1": "12345", "password2": "12345"},
    )
    assert refused.status_code == 200
    user.refresh_from_db()
    assert user.check_password("Mật-khẩu-thử-1")
    accepted = client.post(
        url,
        {
            "oldpassword": "Mật-khẩu-thử-1",
            "password1": "Hoa-sen-no-giua-dam-2026",
            "password2": "Hoa-sen-no-giua-dam-2026",
        },
    )
    assert accepted.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Hoa-sen-no-giua-dam-2026")
