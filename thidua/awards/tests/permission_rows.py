"""Rows of the role × endpoint table (tests/test_permissions.py) for the awards app:
the API's rows live in ``permission_rows_api.py``, the pages' in
``permission_rows_pages.py``, the pages' XLSX downloads in
``permission_rows_exports.py``; this module merges them."""

from thidua.awards.tests import permission_rows_api as _api
from thidua.awards.tests import permission_rows_exports as _exports
from thidua.awards.tests import permission_rows_imports as _imports
from thidua.awards.tests import permission_rows_pages as _pages
from thidua.awards.tests import permission_rows_reports as _reports

TABLE = {
    **_api.TABLE,
    **_pages.TABLE,
    **_reports.TABLE,
    **_imports.TABLE,
    **_exports.TABLE,
}
_PARTS = (_api, _pages, _reports, _imports, _exports)
QUERY = {k: v for m in _PARTS for k, v in getattr(m, "QUERY", {}).items()}
API_WRITES = {k: v for m in _PARTS for k, v in getattr(m, "API_WRITES", {}).items()}
API_WRITE_METHODS = {
    k: v for m in _PARTS for k, v in getattr(m, "API_WRITE_METHODS", {}).items()
}
