"""The sign-in pages: only the allauth views we use (no sign-up, no e-mail pages).

allauth reverses its own names (``account_login``…); ours (``login``, ``logout``)
name the same views.
"""

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from django.urls import path

urlpatterns = [
    path("login/", account_views.login, name="login"),
    path("login/", account_views.login, name="account_login"),
    path("logout/", account_views.logout, name="logout"),
    path("logout/", account_views.logout, name="account_logout"),
    path("inactive/", account_views.account_inactive, name="account_inactive"),
    path(
        "reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"
    ),
    path(
        "password/change/",
        account_views.password_change,
        name="account_change_password",
    ),
    path("2fa/", mfa_views.index, name="mfa_index"),
    path("2fa/authenticate/", mfa_views.authenticate, name="mfa_authenticate"),
    path("2fa/reauthenticate/", mfa_views.reauthenticate, name="mfa_reauthenticate"),
    path("2fa/totp/activate/", totp_views.activate_totp, name="mfa_activate_totp"),
    path(
        "2fa/totp/deactivate/", totp_views.deactivate_totp, name="mfa_deactivate_totp"
    ),
    path(
        "2fa/recovery-codes/",
        recovery_views.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/generate/",
        recovery_views.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/download/",
        recovery_views.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
]
