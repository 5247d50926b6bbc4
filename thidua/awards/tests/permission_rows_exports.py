"""Rows of the XLSX downloads of the awards pages (see permission_rows.py): each
has the gate of the page it mirrors."""

from thidua.awards.tests.permission_rows_pages import ADMINS, NONE, P, _decision
from thidua.core.testing import AUTHED, page

# name: (kwargs, method, body, expected statuses, also POST an empty form?)
TABLE = {
    # As awards:proposal_list: everyone signed in (rows scoped to the reader).
    "awards:proposal_export": (NONE, "get", None, page(AUTHED), False),
    # As awards:decision_detail: anyone reading awards in the province.
    "awards:decision_export": (_decision, "get", None, page(AUTHED), False),
    # As awards:listing_list: the Board.
    "awards:listing_export": (P, "get", None, page(ADMINS), False),
}
