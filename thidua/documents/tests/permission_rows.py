"""Rows of the role × endpoint table (tests/test_permissions.py) for official
documents. Reading a document shows the ranking: a draft is for the secretariat and
the member units' people (as the ranking); issuing, which takes a number, is for
those who publish the ranking (the block's secretariat and the province's office)."""

from thidua.core.testing import BS, LE, PA, SU, UO, api, page

SECRETARIES = (SU, PA, BS)
MEMBERS = (SU, PA, BS, UO, LE)
DOC = lambda w: {"pk": w.BY.pk, "kind": "minutes"}  # noqa: E731
BY = lambda w: {"pk": w.BY.pk}  # noqa: E731

# name: (kwargs, method, body, expected statuses, also POST an empty form?)
TABLE = {
    "documents:document_list": (BY, "get", None, page(MEMBERS), False),
    "documents:document_issue": (DOC, "post", None, page(SECRETARIES, ok=302), False),
    "api:document_docx": (DOC, "get", None, api(MEMBERS), False),
    "api:document_pdf": (DOC, "get", None, api(MEMBERS), False),
    "api:document_issue": (DOC, "post", None, api(SECRETARIES, ok=201), False),
}
