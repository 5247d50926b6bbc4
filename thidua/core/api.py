"""API sign-in: POST /api/v1/auth/token answers a bearer token."""

from django.contrib.auth import authenticate
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
from thidua.core.api_support import errors, validated
from thidua.core.errors import DomainError


class TokenIn(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(max_length=16, required=False, allow_blank=True)


class TokenOut(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


@extend_schema(
    request=TokenIn,
    responses={200: TokenOut, **errors((401, "AUTHENTICATION_FAILED"))},
    auth=[],
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([AllowAny])
def auth_token(request):
    data = validated(TokenIn, request.data)
    user = authenticate(request, username=data["username"], password=data["password"])
    if user is None or not user.is_active:
        raise DomainError("AUTHENTICATION_FAILED")
    raw, token = issue_token(user)
    audit.record(actor=user, verb="core.token.created", target=token)
    return Response({"token": raw, "expires_at": token.expires_at})
