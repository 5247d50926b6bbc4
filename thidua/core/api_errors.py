"""One exception handler: every API error is {"code", "message", "details"}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response

from thidua.core.errors import DomainError

_DRF_CODES = {
    exceptions.NotAuthenticated: "NOT_AUTHENTICATED",
    exceptions.AuthenticationFailed: "AUTHENTICATION_FAILED",
    exceptions.PermissionDenied: "PERMISSION_DENIED",
    exceptions.NotFound: "NOT_FOUND",
    exceptions.MethodNotAllowed: "METHOD_NOT_ALLOWED",
    exceptions.NotAcceptable: "NOT_ACCEPTABLE",
    exceptions.UnsupportedMediaType: "UNSUPPORTED_MEDIA_TYPE",
    exceptions.ParseError: "VALIDATION_ERROR",
    exceptions.ValidationError: "VALIDATION_ERROR",
}


def _body(error: DomainError) -> dict:
    return {"code": error.code, "message": error.message, "details": error.details}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(_body(exc), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        error = DomainError(
            "RATE_LIMITED", params={"seconds": wait}, details={"retry_after": wait}
        )
        return Response(_body(error), status=429, headers={"Retry-After": str(wait)})
    if not isinstance(exc, exceptions.APIException):
        return None
    code = next(
        (c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), "VALIDATION_ERROR"
    )
    details = exc.detail if isinstance(exc, exceptions.ValidationError) else {}
    if isinstance(details, list):
        details = {"non_field_errors": details}
    error = DomainError(
        code, status=exc.status_code, details={"fields": details} if details else {}
    )
    headers = {}
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        headers["WWW-Authenticate"] = "Bearer"
        error.status = 401
    return Response(_body(error), status=error.status, headers=headers)


def json_not_found(request, *args, **kwargs):
    """Unknown paths under /api/v1 answer in the API's error format."""
    return JsonResponse(
        {"code": "NOT_FOUND", "message": _("Not found."), "details": {}}, status=404
    )
