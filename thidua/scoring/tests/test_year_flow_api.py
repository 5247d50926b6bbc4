"""The block's year over the API, end to end (api.md "The block's year")."""

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.core.models import AuditEvent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
COVENANT = {
    "contents": ["Hoàn thành xuất sắc nhiệm vụ chính trị", "Gửi báo cáo đúng hạn"],
    "criteria": [
        {
            "code": "1.1",
            "group": "I. Nhiệm vụ chính trị",
            "title": "Chỉ tiêu",
            "max_points": 60,
        },
        {
            "code": "2.1",
            "group": "II. Công tác thi đua",
            "title": "Báo cáo",
            "max_points": 40,
        },
    ],
    "bonus_max": 5,
    "late_deduction": 2,
}


@pytest.fixture
def year(world, api_as):
    secretary = api_as(world.users["block_secretary"])
    assert (
        secretary.put(
            f"/api/v1/block-years/{world.BY.pk}/covenant", COVENANT, format="json"
        ).status_code
        == 200
    )
    return world


def put_scores(client, world, unit, **body):
    return client.put(
        f"/api/v1/block-years/{world.BY.pk}/scores/{unit.pk}", body, format="json"
    )


@time_machine.travel(date(2024, 11, 20), tick=False)
def test_a_year_from_covenant_to_published_ranking(year, api_as):
    w = year
    secretary = api_as(w.users["block_secretary"])
    officer = api_as(w.users["unit_officer"])  # officer of U3
    req = secretary.post(
        f"/api/v1/block-years/{w.BY.pk}/requirements",
        {"title": "Báo cáo 6 tháng", "kind": "report_mid", "due_date": "2024-06-15"},
        format="json",
    )
    assert req.status_code == 201
    sub = officer.post(
        f"/api/v1/requirements/{req.json()['id']}/submissions",
        {"unit": w.U3.pk, "file": SimpleUploadedFile("bao-cao.pdf", PDF)},
        format="multipart",
    )
    assert sub.status_code == 201, sub.content
    assert sub.json()["days_late"] == 158  # 15/06 → 20/11

    assert (
        put_scores(
            officer, w, w.U3, period="year", stage="self", scores={"1.1": 55, "2.1": 38}
        ).status_code
        == 200
    )
    # A unit never reviews itself; it may review another member.
    assert (
        put_scores(
            officer, w, w.U3, period="year", stage="review", scores={"1.1": 50}
        ).status_code
        == 403
    )
    assert (
        put_scores(
            officer, w, w.U1, period="year", stage="review", scores={"1.1": 50}
        ).status_code
        == 200
    )
    # Final: reasons are required where it differs from the self-score.
    refused = put_scores(
        secretary, w, w.U3, period="year", stage="final", scores={"1.1": 50, "2.1": 38}
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "REASON_REQUIRED"
    final = put_scores(
        secretary,
        w,
        w.U3,
        period="year",
        stage="final",
        scores={"1.1": 50, "2.1": 38},
        bonus=3,
        reasons={"1.1": "Chưa đạt chỉ tiêu 3"},
    )
    assert final.status_code == 200, final.content
    body = final.json()
    assert (body["base"], body["bonus"], body["deductions"], body["total"]) == (
        88,
        3,
        2,
        89,
    )
    out_of_range = put_scores(
        secretary, w, w.U1, period="year", stage="final", scores={"1.1": -1}
    )
    assert out_of_range.json()["code"] == "SCORE_OUT_OF_RANGE"
    assert (
        put_scores(
            secretary,
            w,
            w.U1,
            period="year",
            stage="final",
            scores={"1.1": 60, "2.1": 31},
        ).status_code
        == 200
    )

    ranking = secretary.get(f"/api/v1/block-years/{w.BY.pk}/ranking").json()
    assert [(r["unit"], r["total"], r["rank"]) for r in ranking] == [
        (w.U1.pk, 89.0, 1),  # U1 is late too: 91 − 2
        (w.U3.pk, 89.0, 1),
        (w.U2.pk, None, None),
    ]
    published = secretary.post(
        f"/api/v1/block-years/{w.BY.pk}/ranking/publish",
        {"period": "year"},
        format="json",
    )
    assert published.status_code == 200
    locked = put_scores(
        secretary, w, w.U3, period="year", stage="final", scores={"1.1": 60}
    )
    assert locked.status_code == 409
    assert locked.json()["code"] == "PERIOD_LOCKED"
    assert AuditEvent.objects.filter(verb="scoring.period.published").count() == 1
    changes = AuditEvent.objects.get(
        verb="scoring.sheet.final_scored", target_id=str(body["id"])
    ).after
    assert changes["changes"][0] == {
        "code": "1.1",
        "old": None,
        "new": "50",
        "reason": "Chưa đạt chỉ tiêu 3",
    }
