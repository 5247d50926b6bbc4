from django.template.response import TemplateResponse

from thidua.core.errors import DomainError


class DomainErrorMiddleware:
    """A DomainError escaping an HTML view becomes a plain page with its status
    (404, 403, 409, 422) and the Vietnamese message; the API has its own handler."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        response = TemplateResponse(
            request,
            "core/error.html",
            {"error": exception},
            status=exception.status,
        )
        return response.render()
