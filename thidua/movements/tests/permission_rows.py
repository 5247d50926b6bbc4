"""Issue 7's rows of the role × endpoint table (tests/test_permissions.py).

The world (conftest.py): province P, block B (2024: U1 head, U2 deputy, U3 member),
block B2 (U4, U5); the unit officer and the leader belong to U3; the outsider is the
secretary of B2. The Board is the province administrator; ``movement.manage`` and
``overview.view`` are its own.
"""

from datetime import date

from thidua.core.testing import (
    AN,
    AUTHED,
    BS,
    LE,
    OU,
    PA,
    SU,
    UO,
    VI,
    api,
    expect,
    page,
)

ADMINS = (SU, PA)
SECRETARIES = (SU, PA, BS)
# Units that may register or record a model: U3's officer, B's secretary (its
# members), B2's secretary (B2's members), the Board.
WRITERS = (SU, PA, BS, UO, OU)
# U3's own people and those who review it (hidden from the others until approved).
U3_AND_REVIEWERS = (SU, PA, BS, UO, LE)
HIDDEN_FROM = (VI, OU)
PDF = b"%PDF-1.4\n%%EOF\n"


def _movement(w):
    """A 2024 movement of P for block B, with its document."""
    from django.core.files.base import ContentFile

    from thidua.movements.models import Movement

    movement = Movement.objects.filter(province=w.P, name="Phong trào 2024").first()
    if movement is None:
        movement = Movement.objects.create(
            province=w.P,
            name="Phong trào 2024",
            kind="thuong_xuyen",
            issuing_authority="UBND tỉnh",
            start_date=date(2024, 1, 1),
            end_date=date(2024, 12, 31),
            document_file=ContentFile(PDF, name="ke-hoach.pdf"),
            document_name="ke-hoach.pdf",
            document_type="application/pdf",
            launched_by=w.users["province_admin"],
        )
        movement.blocks.set([w.B])
    return movement


def _registration(w, status):
    """U3's 2024 registration for the year's titles, in ``status``."""
    from thidua.movements.models import Registration

    registration, _ = Registration.objects.get_or_create(
        unit=w.U3,
        year=2024,
        movement=None,
        defaults={
            "targets": "Hoàn thành xuất sắc nhiệm vụ",
            "created_by": w.users["unit_officer"],
            "status": status,
        },
    )
    return registration


def _model(w):
    """A draft advanced model of U3 with a photo."""
    from django.core.files.base import ContentFile

    from thidua.movements.models import AdvancedModel, ModelFile

    model = AdvancedModel.objects.filter(unit=w.U3).first()
    if model is None:
        model = AdvancedModel.objects.create(
            unit=w.U3,
            year=2024,
            person=w.people["p3"],
            achievement="Sáng kiến cải cách hành chính",
            created_by=w.users["unit_officer"],
        )
        ModelFile.objects.create(
            model=model,
            file=ContentFile(PDF, name="minh-chung.pdf"),
            original_name="minh-chung.pdf",
            content_type="application/pdf",
            uploaded_by=w.users["unit_officer"],
        )
    return model


def _report(w):
    from django.core.files.base import ContentFile

    from thidua.movements.models import ProgressReport

    movement = _movement(w)
    report = ProgressReport.objects.filter(movement=movement).first()
    return report or ProgressReport.objects.create(
        movement=movement,
        unit=w.U3,
        text="Đã triển khai",
        figures={"Số mô hình": 2},
        file=ContentFile(PDF, name="bao-cao.pdf"),
        original_name="bao-cao.pdf",
        content_type="application/pdf",
        reported_by=w.users["unit_officer"],
    )


def _notification(w):
    from thidua.movements.models import Notification

    notification = Notification.objects.filter(user=w.users["unit_officer"]).first()
    return notification or Notification.objects.create(
        user=w.users["unit_officer"], text="Thông báo", link="/movements/"
    )


NONE = lambda w: {}  # noqa: E731
P = lambda w: {"pk": w.P.pk}  # noqa: E731
BY = lambda w: {"pk": w.BY.pk}  # noqa: E731
MOVEMENT = lambda w: {"pk": _movement(w).pk}  # noqa: E731
REPORT = lambda w: {"pk": _report(w).pk}  # noqa: E731
DRAFT = lambda w: {"pk": _registration(w, "draft").pk}  # noqa: E731
SUBMITTED = lambda w: {"pk": _registration(w, "submitted").pk}  # noqa: E731
MODEL = lambda w: {"pk": _model(w).pk}  # noqa: E731
MODEL_FILE = lambda w: {"pk": _model(w).files.get().pk}  # noqa: E731
NOTE = lambda w: {"pk": _notification(w).pk}  # noqa: E731

# A draft is U3's own, and its block's and the Board's to review: hidden elsewhere.
U3_PAGE = page(U3_AND_REVIEWERS, hidden_for=HIDDEN_FROM)
# Writing U3's registration or model: its officer, B's secretary, the Board.
U3_WRITE = page((SU, PA, BS, UO), hidden_for=HIDDEN_FROM)
U3_REVIEW = page(SECRETARIES, hidden_for=HIDDEN_FROM)

TABLE = {
    # --- movements
    "movements:movement_list": (NONE, "get", None, page(AUTHED), False),
    "movements:movement_export": (NONE, "get", None, page(AUTHED), False),
    "movements:movement_create": (P, "get", None, page(ADMINS), True),
    "movements:movement_detail": (MOVEMENT, "get", None, page(AUTHED), False),
    "movements:movement_document": (MOVEMENT, "get", None, page(AUTHED), False),
    # Units the movement (block B) reaches: U3's officer, B's secretary, the Board.
    "movements:report_create": (
        MOVEMENT,
        "get",
        None,
        page((SU, PA, BS, UO)),
        True,
    ),
    "movements:report_file": (REPORT, "get", None, page(AUTHED), False),
    # --- registrations
    "movements:registration_list": (NONE, "get", None, page(AUTHED), False),
    "movements:registration_create": (NONE, "get", None, page(WRITERS), False),
    "movements:registration_detail": (SUBMITTED, "get", None, U3_PAGE, False),
    "movements:registration_edit": (DRAFT, "get", None, U3_WRITE, True),
    "movements:registration_submit": (
        DRAFT,
        "post",
        None,
        page((SU, PA, BS, UO), hidden_for=HIDDEN_FROM, ok=302),
        False,
    ),
    "movements:registration_approve": (
        SUBMITTED,
        "post",
        None,
        page(SECRETARIES, hidden_for=HIDDEN_FROM, ok=302),
        False,
    ),
    "movements:registration_return": (SUBMITTED, "get", None, U3_REVIEW, True),
    "movements:consolidated": (P, "get", None, page(ADMINS), False),
    "movements:consolidated_export": (P, "get", None, page(ADMINS), False),
    # --- advanced models
    "movements:model_list": (NONE, "get", None, page(AUTHED), False),
    "movements:model_export": (NONE, "get", None, page(AUTHED), False),
    "movements:model_create": (NONE, "get", None, page(WRITERS), False),
    "movements:model_detail": (MODEL, "get", None, U3_PAGE, False),
    "movements:model_edit": (MODEL, "get", None, U3_WRITE, True),
    "movements:model_publish": (
        MODEL,
        "post",
        None,
        page(SECRETARIES, hidden_for=HIDDEN_FROM, ok=302),
        False,
    ),
    # A draft model's file: hidden from everyone else, signed in or not.
    "movements:model_file": (
        MODEL_FILE,
        "get",
        None,
        {**U3_PAGE, AN: 404},
        False,
    ),
    # --- public page, overview, bell, rotation
    "movements:public": (NONE, "get", None, expect(200), False),
    "movements:province_overview": (P, "get", None, page(ADMINS), False),
    "movements:overview_export": (P, "get", None, page(ADMINS), False),
    "movements:notification_list": (NONE, "get", None, page(AUTHED), False),
    # The unit officer's own notification: everyone else's is not found.
    "movements:notification_read": (
        NOTE,
        "post",
        None,
        expect(404, unit_officer=302, anonymous=302),
        False,
    ),
    "movements:notification_read_all": (
        NONE,
        "post",
        None,
        page(AUTHED, ok=302),
        False,
    ),
    "movements:block_year_copy": (BY, "get", None, page(SECRETARIES), True),
    # --- API
    "api:movements": (NONE, "get", None, api(AUTHED), False),
    "api:movement_detail": (MOVEMENT, "get", None, api(AUTHED), False),
    "api:movement_reports": (MOVEMENT, "get", None, api(AUTHED), False),
    "api:movement_progress": (MOVEMENT, "get", None, api(AUTHED), False),
    "api:registrations": (NONE, "get", None, api(AUTHED), False),
    "api:registration_detail": (
        SUBMITTED,
        "get",
        None,
        api(U3_AND_REVIEWERS, hidden_for=HIDDEN_FROM),
        False,
    ),
    "api:registration_submit": (
        DRAFT,
        "post",
        None,
        api((SU, PA, BS, UO), hidden_for=HIDDEN_FROM),
        False,
    ),
    "api:registration_approve": (
        SUBMITTED,
        "post",
        None,
        api(SECRETARIES, hidden_for=HIDDEN_FROM),
        False,
    ),
    "api:registration_return": (
        SUBMITTED,
        "post",
        lambda w: {"reason": "Bổ sung chỉ tiêu"},
        api(SECRETARIES, hidden_for=HIDDEN_FROM),
        False,
    ),
    "api:advanced_models": (NONE, "get", None, api(AUTHED), False),
    "api:advanced_model_detail": (
        MODEL,
        "get",
        None,
        api(U3_AND_REVIEWERS, hidden_for=HIDDEN_FROM),
        False,
    ),
    "api:advanced_model_files": (
        MODEL,
        "multipart",
        lambda w: {"file": _pdf()},
        api((SU, PA, BS, UO), hidden_for=HIDDEN_FROM, ok=201),
        False,
    ),
    "api:advanced_model_publish": (
        MODEL,
        "post",
        None,
        api(SECRETARIES, hidden_for=HIDDEN_FROM),
        False,
    ),
    "api:notifications": (NONE, "get", None, api(AUTHED), False),
    "api:notification_read": (
        NOTE,
        "post",
        None,
        expect(404, unit_officer=200, anonymous=401),
        False,
    ),
    "api:block_year_copy": (
        BY,
        "post",
        lambda w: {"head_unit": w.U2.pk, "deputy_unit": w.U3.pk},
        api(SECRETARIES, ok=201),
        False,
    ),
}


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("anh.pdf", PDF)


QUERY = {
    "movements:registration_create": lambda w: "year=2024",
    "movements:model_create": lambda w: "year=2024",
    "movements:consolidated": lambda w: "year=2024",
    "movements:consolidated_export": lambda w: "year=2024",
    "movements:province_overview": lambda w: "year=2024",
    "movements:overview_export": lambda w: "year=2024",
}

API_WRITES = {
    "api:movements": (
        NONE,
        lambda w: {
            "province": w.P.pk,
            "name": "Phong trào chuyển đổi số",
            "kind": "chuyen_de",
            "issuing_authority": "UBND tỉnh",
            "start_date": "2024-01-01",
            "end_date": "2026-12-31",
            "blocks": [w.B.pk],
            "awards": ["co_thi_dua_tinh"],
        },
        api(ADMINS, ok=201),
    ),
    "api:movement_reports": (
        MOVEMENT,
        lambda w: {"unit": w.U3.pk, "text": "Đã triển khai", "figures": {"Số lớp": 3}},
        api((SU, PA, BS, UO), ok=201),
    ),
    "api:registrations": (
        NONE,
        lambda w: {
            "unit": w.U3.pk,
            "year": 2024,
            "targets": "Hoàn thành xuất sắc",
            "people": [{"person": w.people["p3"].pk, "title": "lao_dong_tien_tien"}],
        },
        api((SU, PA, BS, UO), ok=201),
    ),
    # PUT (API_WRITE_METHODS): U3's draft.
    "api:registration_detail": (
        DRAFT,
        lambda w: {"targets": "Chỉ tiêu mới", "people": []},
        api((SU, PA, BS, UO), hidden_for=HIDDEN_FROM),
    ),
    "api:advanced_models": (
        NONE,
        lambda w: {
            "unit": w.U3.pk,
            "year": 2024,
            "collective_name": "Chi bộ Ủy ban Kiểm tra",
            "achievement": "Làm tốt công tác dân vận",
        },
        api((SU, PA, BS, UO), ok=201),
    ),
}

API_WRITE_METHODS = {"api:registration_detail": "put"}
