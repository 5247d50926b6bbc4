"""Rows of the role × endpoint table for the sign-in pages (django-allauth)."""

from thidua.core.testing import AN, expect

NONE = lambda w: {}  # noqa: E731
# Signed-in pages of allauth: anyone signed in; anonymous visitors go to sign-in.
SIGNED_IN = expect(200, **{AN: 302})

# Pages about an authenticator app that nobody here has: 404 (anonymous: sign-in).
NO_TOTP = expect(404, **{AN: 302})

TABLE = {
    "account_login": (NONE, "get", None, expect(302, anonymous=200), False),
    "account_logout": (NONE, "get", None, expect(200, anonymous=302), False),
    "account_inactive": (NONE, "get", None, expect(200), False),
    # Asks for the password again (nobody here has signed in with it just now).
    "account_reauthenticate": (NONE, "get", None, SIGNED_IN, False),
    "mfa_index": (NONE, "get", None, SIGNED_IN, False),
    "account_change_password": (NONE, "get", None, SIGNED_IN, False),
    # Only during a sign-in that waits for a code; otherwise back to sign-in.
    "mfa_authenticate": (NONE, "get", None, expect(302), False),
    # Only for accounts with an authenticator app.
    "mfa_reauthenticate": (NONE, "get", None, expect(302), False),
    "mfa_activate_totp": (NONE, "get", None, expect(302), False),
    "mfa_deactivate_totp": (NONE, "get", None, NO_TOTP, False),
    "mfa_view_recovery_codes": (NONE, "get", None, NO_TOTP, False),
    "mfa_generate_recovery_codes": (NONE, "get", None, expect(302), False),
    "mfa_download_recovery_codes": (NONE, "get", None, NO_TOTP, False),
}
