"""Domain errors: a stable code (for programs), a translated sentence (for people).

Every refusal the API or a page shows goes through :class:`DomainError`. Codes are
the contract of api.md; messages are English msgids translated to Vietnamese.
"""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.rules import RuleViolation

# HTTP status per code; codes not listed answer 422 (a domain rule refuses).
STATUS = {
    "VALIDATION_ERROR": 400,
    "NOT_AUTHENTICATED": 401,
    "AUTHENTICATION_FAILED": 401,
    "PERMISSION_DENIED": 403,
    "NOT_FOUND": 404,
    "METHOD_NOT_ALLOWED": 405,
    "NOT_ACCEPTABLE": 406,
    "BLOCK_YEAR_EXISTS": 409,
    "PERIOD_LOCKED": 409,
    "CRITERION_IN_USE": 409,
    "UNIT_ALREADY_REORGANIZED": 409,
    "CONFLICT": 409,
    "INVALID_TRANSITION": 409,
    "FILE_TOO_LARGE": 413,
    "UNSUPPORTED_MEDIA_TYPE": 415,
    "RATE_LIMITED": 429,
    "PDF_UNAVAILABLE": 503,
}

MESSAGES: dict[str, Any] = {
    "VALIDATION_ERROR": _("Some fields are missing or not in the right form."),
    "NOT_AUTHENTICATED": _("Please sign in first."),
    "AUTHENTICATION_FAILED": _("The user name, password or token is not valid."),
    "PERMISSION_DENIED": _("You do not have permission to do this."),
    "NOT_FOUND": _("Not found."),
    "METHOD_NOT_ALLOWED": _("This method is not allowed here."),
    "NOT_ACCEPTABLE": _("This response format is not available."),
    "UNSUPPORTED_MEDIA_TYPE": _("This content type is not accepted."),
    "RATE_LIMITED": _("Too many requests. Please wait %(seconds)s seconds."),
    "CONFLICT": _("The record was changed by someone else. Please reload it."),
    "INVALID_TRANSITION": _(
        "This step is not possible in the record's current status."
    ),
    "FILE_TOO_LARGE": _("The file is larger than 20 MB."),
    "FILE_TYPE_NOT_ALLOWED": _(
        "This file type is not accepted. Send a PDF, DOCX, XLSX, JPEG or PNG file."
    ),
    "PDF_UNAVAILABLE": _("PDF output is not available on this server."),
    "UNIT_ALREADY_IN_BLOCK": _(
        "The unit is already a member of another block that year (%(block)s)."
    ),
    "DEPUTY_REQUIRED": _("A block year needs at least one deputy unit."),
    "HEAD_IS_DEPUTY": _("The head unit cannot also be a deputy."),
    "DUPLICATE_MEMBER": _("A unit is listed twice."),
    "BLOCK_SIZE_OUT_OF_RANGE": _(
        "The block would have %(count)s members; the province allows "
        "%(minimum)s to %(maximum)s."
    ),
    "HEAD_NOT_ROTATED": _("The head unit was also the head the year before."),
    "BLOCK_YEAR_EXISTS": _("This block already has a record for that year."),
    "UNIT_NOT_IN_PROVINCE": _("The unit does not belong to this province."),
    "UNIT_NOT_ACTIVE": _("The unit was no longer in existence in that year."),
    "PARENT_NOT_IN_PROVINCE": _("The parent unit must belong to the same province."),
    "PARENT_CYCLE": _("A unit cannot be placed under itself."),
    "SOURCES_REQUIRED": _("Choose at least one unit to reorganise."),
    "TARGETS_REQUIRED": _("Name at least one successor unit."),
    "DUPLICATE_SOURCE": _("A unit is listed twice among the sources."),
    "UNIT_ALREADY_REORGANIZED": _(
        "A unit in the list has already been reorganised and is no longer in existence."
    ),
    "TARGET_IS_SOURCE": _("A successor cannot also be one of the sources."),
    "PROVINCE_UNKNOWN": _("The successor units need a province."),
    "SETTING_INVALID": _("The value of the setting %(key)s is not valid."),
    "IMPORT_INVALID": _(
        "The file was not imported: fix the rows listed and send it again."
    ),
    "INVALID_DATE": _("Enter a date as dd/mm/yyyy."),
    "PERIOD_LOCKED": _(
        "The ranking of this period has been published: its scores can no longer change."
    ),
    "CRITERION_IN_USE": _("A criterion that already has scores cannot be removed."),
    "DUPLICATE_CRITERION": _("Two criteria have the same code."),
    "MAX_POINTS_INVALID": _("The maximum points of a criterion must be more than 0."),
    "UNKNOWN_CRITERION": _("The covenant has no criterion with the code %(codes)s."),
    "SCORE_OUT_OF_RANGE": _(
        "The score of criterion %(code)s must be between 0 and %(max)s."
    ),
    "BONUS_OUT_OF_RANGE": _("The bonus must be between 0 and %(max)s."),
    "REASON_REQUIRED": _(
        "Give a reason for every score that differs from the self-score."
    ),
    "UNIT_NOT_MEMBER": _("The unit is not a member of this block that year."),
    "COVENANT_MISSING": _("The block year has no covenant yet."),
    "RANKING_NOT_PUBLISHED": _("The ranking has not been published yet."),
}


def register(messages: dict[str, Any], statuses: dict[str, int] | None = None) -> None:
    """Let an app register its own error codes (call at import of its module)."""
    clash = {k for k in messages if k in MESSAGES and MESSAGES[k] != messages[k]}
    if clash:
        raise ValueError(f"Error codes registered twice: {sorted(clash)}")
    MESSAGES.update(messages)
    STATUS.update(statuses or {})


class DomainError(Exception):
    """A refusal with a stable code, a translated message and optional details."""

    def __init__(
        self,
        code: str,
        message: str | None = None,
        *,
        status: int | None = None,
        details: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ):
        self.code = code
        self.status = status or STATUS.get(code, 422)
        self.details = details or {}
        self.params = params or {}
        self._message = message
        super().__init__(code)

    @property
    def message(self) -> str:
        if self._message is not None:
            return str(self._message)
        template = MESSAGES.get(self.code)
        if template is None:
            return gettext("The request was refused (%(code)s).") % {"code": self.code}
        text = str(template)
        if "%(" in text:
            try:
                return text % _printable(self.params)
            except (KeyError, TypeError, ValueError):
                return text.split(" (%(")[0].split("%(")[0].rstrip(" :,") + "."
        return text

    @classmethod
    def from_violation(cls, violation: RuleViolation) -> "DomainError":
        return cls(
            violation.code,
            details=dict(violation.params),
            params=dict(violation.params),
        )


def _printable(params: dict[str, Any]) -> dict[str, Any]:
    return {
        k: ("…" if v is None else ", ".join(map(str, v)) if isinstance(v, list) else v)
        for k, v in params.items()
    }
