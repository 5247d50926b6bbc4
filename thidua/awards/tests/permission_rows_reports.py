"""Rows of the awards app's downloads (see permission_rows.py): a proposal's
achievement report is read by whoever sees the proposal (hidden from another
block's secretary); the statistical forms are the Board's."""

from thidua.core.testing import BS, LE, OU, PA, SU, UO, VI, api


def _proposal(w):
    from thidua.awards import services
    from thidua.awards.models import Proposal

    p3 = w.people["p3"]
    found = Proposal.objects.filter(person=p3, award="lao_dong_tien_tien").first()
    return found or services.create_proposal(
        actor=w.users["superuser"], award="lao_dong_tien_tien", year=2024, subject=p3
    )


TABLE = {
    "api:achievement_report_docx": (
        lambda w: {"pk": _proposal(w).pk},
        "get",
        None,
        api((SU, PA, BS, UO, LE, VI), hidden_for=(OU,)),
        False,
    ),
    "api:statistics_xlsx": (
        lambda w: {"pk": w.P.pk, "form": "0603"},
        "get",
        None,
        api((SU, PA)),
        False,
    ),
}
