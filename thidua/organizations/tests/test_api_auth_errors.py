"""Errors, authentication and languages of /api/v1 (api.md "Conventions")."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from thidua.core.api_auth import issue_token
from thidua.core.models import ApiToken, AuditEvent

PASSWORD = "Mật-khẩu-thử-1"  # the factories' password


def _is_error(body, code):
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code
    assert isinstance(body["message"], str)
    assert body["message"]
    assert isinstance(body["details"], dict)


# --- 401 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/provinces"),
        ("get", "/api/v1/units"),
        ("post", "/api/v1/units"),
        ("get", "/api/v1/people"),
        ("post", "/api/v1/blocks"),
        ("get", "/api/v1/block-years/1"),
        ("post", "/api/v1/units/reorganize"),
    ],
)
def test_calls_without_credentials_answer_401_not_authenticated(world, method, path):
    response = getattr(APIClient(), method)(path, {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    _is_error(response.json(), "NOT_AUTHENTICATED")


# --- 400 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/provinces", {}),
        ("/api/v1/provinces", {"name": "Tỉnh", "code": "x" * 21}),
        ("/api/v1/units", {"name": "Sở"}),
        ("/api/v1/units", {"province": "mười hai", "name": "Sở"}),
        ("/api/v1/units", {"province": 1, "name": "Sở", "valid_from": "31/02/2024"}),
        ("/api/v1/units", {"province": 1, "name": "Sở", "valid_from": "2024-02-31"}),
        ("/api/v1/people", {"unit": 1, "full_name": "An", "gender": "other"}),
        (
            "/api/v1/people",
            {"unit": 1, "full_name": "An", "gender": "male", "email": 3},
        ),
        ("/api/v1/people", {"unit": 1, "full_name": "An\x00", "gender": "male"}),
        ("/api/v1/blocks", {"province": 1, "name": "Khối", "kind": "nhom"}),
        ("/api/v1/blocks", ["not", "an", "object"]),
        ("/api/v1/units/reorganize", {"sources": [1], "date": "2024-07-01"}),
        (
            "/api/v1/units/reorganize",
            {"sources": [1], "target": 2, "targets": [{"name": "X"}], "date": "x"},
        ),
    ],
)
def test_malformed_bodies_answer_400_validation_error(world, api_as, path, body):
    response = api_as(world.users["superuser"]).post(path, body, format="json")
    assert response.status_code == 400, response.content
    _is_error(response.json(), "VALIDATION_ERROR")


def test_block_year_with_wrong_types_answers_400(world, api_as):
    client = api_as(world.users["superuser"])
    url = f"/api/v1/blocks/{world.B.pk}/years"
    for body in (
        {"year": "năm nay", "head_unit": world.U1.pk, "members": []},
        {"year": 2025, "members": []},
        {"year": 2025, "head_unit": world.U1.pk, "members": "U2"},
        {"year": 2025, "head_unit": world.U1.pk, "decision_date": "31/02/2025"},
    ):
        response = client.post(url, body, format="json")
        assert response.status_code == 400, body
        _is_error(response.json(), "VALIDATION_ERROR")
    assert (
        "year"
        in client.post(url, {"year": "x"}, format="json").json()["details"]["fields"]
    )


def test_invalid_json_answers_400(world, api_as):
    response = api_as(world.users["superuser"]).post(
        "/api/v1/provinces", data="{name:", content_type="application/json"
    )
    assert response.status_code == 400
    _is_error(response.json(), "VALIDATION_ERROR")


@pytest.mark.parametrize(
    "query",
    ["limit=abc", "offset=-1", "province=x", "year=2024.5", "block=%00"],
)
def test_malformed_query_parameters_answer_400(world, api_as, query):
    response = api_as(world.users["superuser"]).get(f"/api/v1/units?{query}")
    assert response.status_code == 400
    _is_error(response.json(), "VALIDATION_ERROR")


def test_odd_client_input_never_causes_a_5xx(world, api_as):
    """Never a 5xx for anything a client sends (api.md)."""
    client = api_as(world.users["superuser"])
    huge = 10**30
    answers = [
        client.get(f"/api/v1/people/{huge}"),
        client.get(f"/api/v1/blocks/{huge}/years"),
        client.get(f"/api/v1/units?block={huge}&year={huge}"),
        client.get(f"/api/v1/people?unit={huge}"),
        client.get(f"/api/v1/units?limit={huge}&offset={huge}"),
        client.get(f"/api/v1/units/{huge}"),
        client.get(f"/api/v1/units?province={huge}"),
        client.get("/api/v1/units?q=%00"),
        client.get("/api/v1/people?q=a%00b"),
        client.get("/api/v1/blocks?q=%00"),
        client.get("/api/v1/provinces?q=%00"),
        client.post(
            "/api/v1/units", {"province": huge, "name": "Sở mới"}, format="json"
        ),
        client.post(
            "/api/v1/people",
            {"unit": huge, "full_name": "An", "gender": "male"},
            format="json",
        ),
        client.post(
            f"/api/v1/blocks/{world.B.pk}/years",
            {"year": 2026, "head_unit": huge, "deputy_unit": world.U2.pk},
            format="json",
        ),
        client.post(
            "/api/v1/units/reorganize",
            {"sources": [huge], "target": world.U1.pk, "date": "2024-07-01"},
            format="json",
        ),
    ]
    for response in answers:
        assert response.status_code < 500, response.content
        assert set(response.json()) == {"code", "message", "details"} or (
            response.status_code == 200
        )


# --- 404 --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/provinces/999999",
        "/api/v1/units/999999",
        "/api/v1/people/999999",
        "/api/v1/blocks/999999",
        "/api/v1/blocks/999999/years",
        "/api/v1/block-years/999999",
        "/api/v1/no-such-thing",
        "/api/v1/units/",
        "/api/v1/units/abc",
        "/api/v1/block-years/1/nothing-here",
    ],
)
def test_unknown_ids_and_paths_answer_404_not_found(world, api_as, path):
    response = api_as(world.users["superuser"]).get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    _is_error(response.json(), "NOT_FOUND")


def test_unknown_path_answers_json_404_even_without_credentials(db):
    response = APIClient().get("/api/v1/nowhere/at/all")
    assert response.status_code == 404
    _is_error(response.json(), "NOT_FOUND")


def test_references_to_unknown_records_answer_404(world, api_as):
    client = api_as(world.users["superuser"])
    missing = 999999
    for path, body in [
        ("/api/v1/units", {"province": missing, "name": "Sở"}),
        ("/api/v1/units", {"province": world.P.pk, "name": "Sở", "parent": missing}),
        ("/api/v1/people", {"unit": missing, "full_name": "An", "gender": "male"}),
        ("/api/v1/blocks", {"province": missing, "name": "Khối", "kind": "khoi"}),
        (
            f"/api/v1/blocks/{world.B.pk}/years",
            {"year": 2025, "head_unit": world.U1.pk, "deputy_unit": missing},
        ),
    ]:
        response = client.post(path, body, format="json")
        assert response.status_code == 404, (path, body)
        _is_error(response.json(), "NOT_FOUND")


def test_unsupported_content_type_answers_415_in_the_error_format(world, api_as):
    response = api_as(world.users["superuser"]).post(
        "/api/v1/provinces", data="name=Tỉnh", content_type="text/plain"
    )
    assert response.status_code == 415
    _is_error(response.json(), "UNSUPPORTED_MEDIA_TYPE")


def test_wrong_method_answers_405_in_the_error_format(world, api_as):
    response = api_as(world.users["superuser"]).delete(f"/api/v1/units/{world.U1.pk}")
    assert response.status_code == 405
    _is_error(response.json(), "METHOD_NOT_ALLOWED")


# --- Languages --------------------------------------------------------------------


def test_messages_follow_accept_language_with_the_same_code(world, api_as):
    client = api_as(world.users["superuser"])
    vi = client.get("/api/v1/units/999999")
    en = client.get("/api/v1/units/999999", HTTP_ACCEPT_LANGUAGE="en")
    explicit_vi = client.get("/api/v1/units/999999", HTTP_ACCEPT_LANGUAGE="vi")
    assert vi.json()["code"] == en.json()["code"] == "NOT_FOUND"
    assert vi.json()["message"] != en.json()["message"]
    assert explicit_vi.json()["message"] == vi.json()["message"]
    assert en.json()["message"] == "Not found."


def test_domain_refusals_carry_the_same_code_in_both_languages(world, api_as):
    client = api_as(world.users["superuser"])
    body = {
        "year": 2024,
        "head_unit": world.U4.pk,
        "deputy_unit": world.U1.pk,
    }
    url = f"/api/v1/blocks/{world.B.pk}/years"
    vi = client.post(url, body, format="json")
    en = client.post(url, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert vi.status_code == en.status_code == 422
    assert vi.json()["code"] == en.json()["code"] == "UNIT_ALREADY_IN_BLOCK"
    # English is the msgid language: the message names the other block.
    assert en.json()["message"].startswith("The unit is already a member")
    assert world.B2.name in en.json()["message"]


def test_unauthenticated_message_is_translated(db):
    vi = APIClient().get("/api/v1/units")
    en = APIClient().get("/api/v1/units", HTTP_ACCEPT_LANGUAGE="en")
    assert vi.json()["code"] == en.json()["code"] == "NOT_AUTHENTICATED"
    assert en.json()["message"] == "Please sign in first."


# --- Tokens -----------------------------------------------------------------------


def test_token_from_username_and_password_authenticates_later_calls(world):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token",
        {"username": "tinh", "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert isinstance(token, str)
    assert len(token) >= 20
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    units = client.get(f"/api/v1/units?province={world.P.pk}")
    assert units.status_code == 200
    assert units.json()["count"] == 5
    # Only the hash is stored; the token lasts at least eight hours.
    stored = ApiToken.objects.get(user=world.users["province_admin"])
    assert stored.key_hash != token
    assert stored.expires_at >= timezone.now() + timedelta(hours=8)
    assert AuditEvent.objects.filter(verb="core.token.created").count() == 1


def test_token_with_wrong_password_answers_401(world):
    response = APIClient().post(
        "/api/v1/auth/token",
        {"username": "tinh", "password": "sai mật khẩu"},
        format="json",
    )
    assert response.status_code == 401
    _is_error(response.json(), "AUTHENTICATION_FAILED")
    assert not ApiToken.objects.exists()


def test_token_request_without_password_answers_400(world):
    response = APIClient().post(
        "/api/v1/auth/token", {"username": "tinh"}, format="json"
    )
    assert response.status_code == 400
    _is_error(response.json(), "VALIDATION_ERROR")


def test_expired_token_answers_401(world):
    raw, token = issue_token(world.users["province_admin"])
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    _is_error(response.json(), "AUTHENTICATION_FAILED")


@pytest.mark.parametrize(
    "header", ["Bearer not-a-token", "Bearer", "Bearer a b", "Bearer \xe9t\xe9"]
)
def test_bad_bearer_headers_answer_401(world, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    _is_error(response.json(), "AUTHENTICATION_FAILED")


def test_token_of_an_inactive_user_answers_401(world):
    user = world.users["province_admin"]
    raw, _ = issue_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/units").status_code == 401


# --- Superuser --------------------------------------------------------------------


def test_a_superuser_may_call_every_organisations_endpoint(world, api_as):
    client = api_as(world.users["superuser"])
    w = world
    gets = [
        "/api/v1/provinces",
        f"/api/v1/provinces/{w.Q.pk}",
        "/api/v1/units",
        f"/api/v1/units/{w.V1.pk}",
        "/api/v1/people",
        f"/api/v1/people/{w.people['q1'].pk}",
        "/api/v1/blocks",
        f"/api/v1/blocks/{w.B.pk}",
        f"/api/v1/blocks/{w.B.pk}/years",
        f"/api/v1/block-years/{w.BY.pk}",
    ]
    for path in gets:
        assert client.get(path).status_code == 200, path
    posts = [
        ("/api/v1/provinces", {"name": "Tỉnh mới"}),
        ("/api/v1/units", {"province": w.Q.pk, "name": "Sở Y tế"}),
        ("/api/v1/people", {"unit": w.V1.pk, "full_name": "Hà An", "gender": "male"}),
        ("/api/v1/blocks", {"province": w.Q.pk, "name": "Khối 1", "kind": "cum"}),
        (
            f"/api/v1/blocks/{w.B.pk}/years",
            {
                "year": 2025,
                "head_unit": w.U2.pk,
                "deputy_unit": w.U1.pk,
                "members": [w.U3.pk],
            },
        ),
        (
            "/api/v1/units/reorganize",
            {
                "sources": [w.V1.pk],
                "targets": [{"name": "Công an"}],
                "date": "2025-01-01",
            },
        ),
    ]
    for path, body in posts:
        response = client.post(path, body, format="json")
        assert response.status_code == 201, (path, response.content)
