"""Rows of the role × endpoint table (tests/test_permissions.py) for the XLSX
downloads of the block year's pages; the pages' own rows are in that file. Each
download has the gate of the page it mirrors."""

from thidua.core.testing import AUTHED, page

BY = lambda w: {"pk": w.BY.pk}  # noqa: E731

# name: (kwargs, method, body, expected statuses, also POST an empty form?)
TABLE = {
    # As cycles:covenant_detail: everyone in the province.
    "cycles:covenant_export": (BY, "get", None, page(AUTHED), False),
    # As cycles:document_dashboard: everyone in the province; the rows depend on
    # the role.
    "cycles:document_export": (BY, "get", None, page(AUTHED), False),
}
