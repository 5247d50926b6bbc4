"""API sign-in: POST /api/v1/auth/token answers a bearer token."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    permission_classes,
)
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from thidua.core import audit
from thidua.core.api_auth import issue_token
from thidua.core.api_errors import _body
from thidua.core.api_support import errors, validated
from thidua.core.errors import DomainError
from thidua.core.sign_in import check_credentials


class TokenIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(max_length=16, required=False, allow_blank=True)


class TokenOut(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


@extend_schema(
    request=TokenIn,
    responses={
        200: TokenOut,
        **errors(
            (401, "AUTHENTICATION_FAILED"),
            (401, "OTP_REQUIRED"),
            (401, "OTP_INVALID"),
            (403, "MFA_SETUP_REQUIRED"),
            (429, "RATE_LIMITED"),
        ),
    },
    auth=[],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def auth_token(request):
    data = validated(TokenIn, request.data)
    # The web sign-in's lock-out applies: after SIGN_IN_FAILURES wrong passwords an
    # account is refused with 429 RATE_LIMITED (Retry-After) until the window ends.
    try:
        user = check_credentials(
            request._request,
            data["username"],
            data["password"],
            data.get("otp") or "",
        )
    except DomainError as error:
        if error.code != "RATE_LIMITED":
            raise
        wait = str(error.details["retry_after"])
        return Response(_body(error), status=429, headers={"Retry-After": wait})
    raw, token = issue_token(user)
    audit.record(actor=user, verb="core.token.created", target=token)
    return Response({"token": raw, "expires_at": token.expires_at})
