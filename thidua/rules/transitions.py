"""Allowed status changes, one table per kind of record (house-style rule 5).

Services call :func:`check_transition` before their compare-and-swap update
(``filter(pk=…, status=old).update(status=new)``); a change the table does not list
is refused with ``INVALID_TRANSITION`` (409, api.md). Add a kind by adding its table.
"""

from thidua.rules import RuleViolation

TRANSITIONS: dict[str, dict[str, frozenset[str]]] = {
    # Đăng ký thi đua (issue 7): the unit submits, the block's secretariat approves or
    # returns it with a reason; a returned registration is submitted again.
    "registration": {
        "draft": frozenset({"submitted"}),
        "submitted": frozenset({"approved", "returned"}),
        "returned": frozenset({"submitted"}),
        "approved": frozenset(),
    },
    # Advanced models (issue 7): published once, to the public page.
    "advanced_model": {
        "draft": frozenset({"published"}),
        "published": frozenset(),
    },
    # Ballot rounds (issue 4; api.md "Conferences and secret ballots"): an electronic
    # round opens for casting, then closes; a paper round closes straight from its
    # draft once the counting board's count is accepted. Nothing leaves ``closed``.
    "ballot_round.electronic": {
        "draft": frozenset({"open"}),
        "open": frozenset({"closed"}),
        "closed": frozenset(),
    },
    "ballot_round.paper": {
        "draft": frozenset({"closed"}),
        "closed": frozenset(),
    },
    # The counting board's double entry of a paper count (api.md): a first entry
    # awaits a second by another member, which agrees (accepted) or not (mismatch:
    # both kept, enter again).
    "paper_count": {
        "": frozenset({"awaiting_confirmation"}),
        "awaiting_confirmation": frozenset({"accepted", "mismatch"}),
        "mismatch": frozenset({"awaiting_confirmation"}),
        "accepted": frozenset(),
    },
    # Proposals (đề nghị khen thưởng, issue 5; design.md): the proposer submits; the
    # Board returns one with a reason or accepts it; a decision closes it. A returned
    # proposal is submitted again once fixed; an accepted one the council refused is
    # returned.
    "proposal": {
        "draft": frozenset({"submitted"}),
        "submitted": frozenset({"returned", "accepted"}),
        "returned": frozenset({"submitted"}),
        "accepted": frozenset({"decided", "returned"}),
        "decided": frozenset(),
    },
}


def allowed_next(kind: str, old: str) -> frozenset[str]:
    """The statuses a record of ``kind`` may move to from ``old``."""
    return TRANSITIONS.get(kind, {}).get(old, frozenset())


def check_transition(kind: str, old: str, new: str) -> None:
    """Refuse a status change the table of ``kind`` does not allow."""
    if new not in allowed_next(kind, old):
        raise RuleViolation(
            "INVALID_TRANSITION", {"kind": kind, "from": old, "to": new}
        )
