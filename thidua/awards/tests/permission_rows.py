"""Rows of the role × endpoint table (tests/test_permissions.py) for the awards app:
the API's rows live in ``permission_rows_api.py``, the pages' in
``permission_rows_pages.py``; this module merges them."""

from thidua.awards.tests import permission_rows_api as _api
from thidua.awards.tests import permission_rows_pages as _pages
from thidua.awards.tests import permission_rows_reports as _reports

TABLE = {**_api.TABLE, **_pages.TABLE, **_reports.TABLE}
QUERY = {**getattr(_api, "QUERY", {}), **getattr(_pages, "QUERY", {})}
API_WRITES = {**getattr(_api, "API_WRITES", {}), **getattr(_pages, "API_WRITES", {})}
API_WRITE_METHODS = {
    **getattr(_api, "API_WRITE_METHODS", {}),
    **getattr(_pages, "API_WRITE_METHODS", {}),
}
