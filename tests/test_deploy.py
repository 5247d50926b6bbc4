"""Production settings come from the environment (api.md "Running it")."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SECURE_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    full_env.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings_from_the_environment():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="1",
        SECURE_HSTS_SECONDS="31536000",
        ALLOWED_HOSTS="thidua.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_off_alone_does_not_switch_https_on():
    """An integrator on http://127.0.0.1 with DEBUG=0 gets answers, not redirects."""
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS)",
        DEBUG="0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False False False 0"


def test_http_request_with_debug_off_is_answered_not_redirected(client, settings):
    settings.DEBUG = False
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
