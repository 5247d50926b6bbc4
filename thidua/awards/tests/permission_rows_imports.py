"""Rows of the role × endpoint table (tests/test_permissions.py) for the award
imports (``thidua/awards/imports_api.py``), to merge into ``permission_rows.py``.

Each import posts a one-row file about Ủy ban Kiểm tra Tỉnh ủy (U3, a member of
block B) or its person p3. Whoever holds a grant with the import's action in the
province passes the door; a row outside their reach is then a row problem (422):
the outsider (block B2's secretary) for every kind, the unit officer for a unit's
past award (``award.unit_facts``). Leaders and viewers enter no facts (403).
"""

from thidua.core.testing import BS, OU, PA, SU, UO, api

NONE = lambda w: {}  # noqa: E731


def _xlsx(headers, row):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    book = openpyxl.Workbook()
    book.active.append(headers)
    book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(
        "tep.xlsx",
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _ratings(w):
    return {
        "province": w.P.pk,
        "file": _xlsx(
            ["Cá nhân", "Đơn vị", "Năm", "Xếp loại"],
            [w.people["p3"].pk, None, 2024, "htxs"],
        ),
    }


def _award_records(w):
    return {
        "province": w.P.pk,
        "file": _xlsx(
            ["Cá nhân", "Đơn vị", "Khen thưởng", "Năm", "Số quyết định"],
            [None, w.U3.pk, "Bằng khen tỉnh", 2023, "2345/QĐ-UBND"],
        ),
    }


def _staff_summaries(w):
    return {
        "province": w.P.pk,
        "file": _xlsx(
            [
                "Đơn vị",
                "Năm",
                "Tổng số",
                "Lao động tiên tiến",
                "Chiến sĩ thi đua cơ sở",
                "Hoàn thành nhiệm vụ",
                "Kỷ luật từ cảnh cáo",
            ],
            [w.U3.pk, 2024, 20, 18, 2, 20, 0],
        ),
    }


def _violation_listings(w):
    return {
        "province": w.P.pk,
        "file": _xlsx(
            ["Đơn vị", "Cơ quan gửi", "Ngày gửi"],
            [w.U3.pk, "Cơ quan Thuế", "05/12/2024"],
        ),
    }


FACTS = (SU, PA, BS, UO)  # who enters people's facts somewhere in P
TABLE = {
    "api:imports_ratings": (
        NONE,
        "multipart",
        _ratings,
        api((*FACTS, OU), ok=201) | {OU: 422},
        False,
    ),
    "api:imports_award_records": (
        NONE,
        "multipart",
        _award_records,
        api((*FACTS, OU), ok=201) | {UO: 422, OU: 422},
        False,
    ),
    "api:imports_staff_summaries": (
        NONE,
        "multipart",
        _staff_summaries,
        api((*FACTS, OU), ok=201) | {OU: 422},
        False,
    ),
    "api:imports_violation_listings": (
        NONE,
        "multipart",
        _violation_listings,
        api((SU, PA), ok=201),
        False,
    ),
    "api:imports_ratings_template": (NONE, "get", None, api((*FACTS, OU)), False),
    "api:imports_award_records_template": (
        NONE,
        "get",
        None,
        api((*FACTS, OU)),
        False,
    ),
    "api:imports_staff_summaries_template": (
        NONE,
        "get",
        None,
        api((*FACTS, OU)),
        False,
    ),
    "api:imports_violation_listings_template": (
        NONE,
        "get",
        None,
        api((SU, PA)),
        False,
    ),
}
