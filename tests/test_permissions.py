"""Every page and API operation, checked against every persona (design.md §1).

The table is compared with the URL resolver, so a new page or endpoint cannot be
left out: add its row here when you add the URL.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS
from thidua.core.testing import (  # noqa: F401 (names used by the rows below)
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
    app_rows,
    expect,
    page,
)

ADMINS = (SU, PA)
SECRETARIES = (SU, PA, BS)
P = lambda w: {"pk": w.P.pk}  # noqa: E731
U1 = lambda w: {"pk": w.U1.pk}  # noqa: E731
B = lambda w: {"pk": w.B.pk}  # noqa: E731
BY = lambda w: {"pk": w.BY.pk}  # noqa: E731
P1 = lambda w: {"pk": w.people["p1"].pk}  # noqa: E731
NONE = lambda w: {}  # noqa: E731


def _plan(w):
    """A required document of BY, for the pages under /requirements/<pk>/."""
    from thidua.cycles.models import Requirement

    return Requirement.objects.get_or_create(
        block_year=w.BY,
        title="Kế hoạch thi đua",
        defaults={"kind": "plan", "due_date": "2024-03-15"},
    )[0]


REQ = lambda w: {"pk": _plan(w).pk}  # noqa: E731


def _evidence(w):
    """An evidence file of U3's self-score, for /evidence/<pk>/."""
    from django.core.files.base import ContentFile

    from thidua.cycles.models import Covenant, Criterion
    from thidua.scoring.models import Evidence, ScoreSheet

    covenant = Covenant.objects.get_or_create(block_year=w.BY)[0]
    criterion = Criterion.objects.get_or_create(
        covenant=covenant,
        code="1.1",
        defaults={"position": 1, "title": "Chỉ tiêu", "max_points": 60},
    )[0]
    sheet = ScoreSheet.objects.get_or_create(
        block_year=w.BY, unit=w.U3, period="year", stage="self"
    )[0]
    return Evidence.objects.filter(sheet=sheet).first() or Evidence.objects.create(
        sheet=sheet,
        criterion=criterion,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="minh-chung.pdf"),
        original_name="minh-chung.pdf",
        content_type="application/pdf",
        uploaded_by=w.users["unit_officer"],
    )


EV = lambda w: {"pk": _evidence(w).pk}  # noqa: E731
# U1's sheet: the officer of U3 may cross-score it; U3's leader sees nothing of it.
SHEET_U1 = lambda w: {"pk": w.BY.pk, "unit": w.U1.pk}  # noqa: E731
MEMBERS = (SU, PA, BS, UO, LE)


def _covenant(w):
    """BY with a covenant of one criterion (API rows that read, sign or score it)."""
    from thidua.cycles.models import Covenant, Criterion

    covenant = Covenant.objects.get_or_create(block_year=w.BY)[0]
    Criterion.objects.get_or_create(
        covenant=covenant,
        code="1.1",
        defaults={"position": 1, "title": "Chỉ tiêu", "max_points": 60},
    )
    return {"pk": w.BY.pk}


def _u3_self_sheet(w):
    """U3's self sheet of BY (GET api:score_sheet ?stage=self)."""
    from thidua.scoring.models import ScoreSheet

    ScoreSheet.objects.get_or_create(
        block_year=w.BY, unit=w.U3, period="year", stage="self"
    )
    return {**_covenant(w), "unit": w.U3.pk}


def _upload(w):
    """A multipart body: U3 sends a PDF."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n")
    return {"unit": w.U3.pk, "file": pdf}


def _submission(w):
    """A PDF that U3 sent for BY's plan."""
    from django.core.files.base import ContentFile

    from thidua.cycles.models import Submission

    sub = Submission(
        requirement=_plan(w),
        unit=w.U3,
        original_name="ke-hoach.pdf",
        content_type="application/pdf",
        submitted_by=w.users["unit_officer"],
    )
    sub.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    sub.save()
    return {"pk": sub.pk}


SHEET_U3 = lambda w: {**_covenant(w), "unit": w.U3.pk}  # noqa: E731

# name: (kwargs, method, body, expected statuses, also POST an empty form?)
TABLE = {
    # --- core pages
    "home": (NONE, "get", None, expect(302), False),
    "login": (NONE, "get", None, expect(302, anonymous=200), False),
    # allauth: GET asks "sign out?"; anonymous visitors are sent to the sign-in page.
    "logout": (NONE, "get", None, expect(200, anonymous=302), False),
    "set_language": (NONE, "get", None, expect(302), False),
    "javascript-catalog": (NONE, "get", None, expect(200), False),
    "healthz": (NONE, "get", None, expect(200), False),
    "audit_list": (NONE, "get", None, page(ADMINS), False),
    "audit_export": (NONE, "get", None, page(ADMINS), False),
    "admin:index": (NONE, "get", None, expect(302, superuser=200), False),
    # --- organisation pages
    "organizations:province_list": (NONE, "get", None, page(AUTHED), False),
    "organizations:province_create": (NONE, "get", None, page((SU,)), True),
    "organizations:province_detail": (P, "get", None, page(AUTHED), False),
    "organizations:province_edit": (P, "get", None, page(ADMINS), True),
    "organizations:province_settings": (P, "get", None, page(ADMINS), True),
    "organizations:unit_create": (P, "get", None, page(ADMINS), True),
    "organizations:unit_reorganize": (P, "get", None, page(ADMINS), True),
    "organizations:block_create": (P, "get", None, page(ADMINS), True),
    "organizations:unit_list": (NONE, "get", None, page(AUTHED), False),
    "organizations:unit_detail": (U1, "get", None, page(AUTHED), False),
    "organizations:unit_edit": (U1, "get", None, page(ADMINS), True),
    "organizations:unit_people": (U1, "get", None, page(SECRETARIES), False),
    "organizations:person_create": (U1, "get", None, page(ADMINS), True),
    "organizations:person_detail": (
        P1,
        "get",
        None,
        page(SECRETARIES, hidden_for=(UO, LE, VI, OU)),
        False,
    ),
    "organizations:person_edit": (
        P1,
        "get",
        None,
        page(ADMINS, hidden_for=(UO, LE, VI, OU)),
        True,
    ),
    "organizations:block_detail": (B, "get", None, page(AUTHED), False),
    "organizations:block_edit": (B, "get", None, page(ADMINS), True),
    "organizations:block_year_create": (B, "get", None, page(SECRETARIES), True),
    "organizations:block_year_detail": (BY, "get", None, page(AUTHED), False),
    "organizations:block_year_edit": (BY, "get", None, page(SECRETARIES), True),
    "organizations:search": (NONE, "get", None, page(AUTHED), False),
    "organizations:person_export": (
        P1,
        "get",
        None,
        page(ADMINS, hidden_for=(UO, LE, VI, OU)),
        False,
    ),
    "organizations:privacy_notice": (NONE, "get", None, expect(200), False),
    "organizations:unit_import": (P, "get", None, page(ADMINS), True),
    "organizations:unit_import_template": (P, "get", None, page(ADMINS), False),
    "organizations:person_import": (P, "get", None, page((SU, PA, UO)), True),
    "organizations:person_import_template": (P, "get", None, page((SU, PA, UO)), False),
    "organizations:unit_export": (NONE, "get", None, page(AUTHED), False),
    # --- the block's year: covenant and required documents
    "cycles:covenant_detail": (BY, "get", None, page(AUTHED), False),
    "cycles:submission_download": (
        _submission,
        "get",
        None,
        page((SU, PA, BS, UO, LE), hidden_for=(VI, OU)),
        False,
    ),
    "cycles:covenant_edit": (BY, "get", None, page(SECRETARIES), True),
    # POST only; with no earlier covenant to copy, back to the form (302).
    "cycles:covenant_copy": (BY, "post", None, page(SECRETARIES, ok=302), False),
    # Signing is for the member unit's own people (U3: officer and leader).
    "cycles:covenant_sign": (
        BY,
        "post",
        lambda w: {"unit": w.U3.pk},
        page((SU, UO, LE), ok=302),
        False,
    ),
    # Everyone in the province sees the list; the grid rows depend on the role.
    "cycles:document_dashboard": (BY, "get", None, page(AUTHED), False),
    "cycles:requirement_create": (BY, "get", None, page(SECRETARIES), True),
    "cycles:submission_create": (REQ, "get", None, page((SU, PA, BS, UO)), True),
    "cycles:waiver_create": (REQ, "get", None, page(SECRETARIES), True),
    # --- the block's year: scores and ranking (drafts: secretariat and members)
    "scoring:score_list": (BY, "get", None, page(MEMBERS), False),
    "scoring:sheet_detail": (SHEET_U1, "get", None, page((SU, PA, BS, UO)), True),
    "scoring:score_export": (BY, "get", None, page(SECRETARIES), False),
    "scoring:ranking_detail": (BY, "get", None, page(MEMBERS), False),
    "scoring:ranking_publish": (BY, "get", None, page(SECRETARIES), True),
    "scoring:ranking_export": (BY, "get", None, page(MEMBERS), False),
    # U3's evidence: its own people and the secretariat; hidden from the others.
    "scoring:evidence_download": (
        EV,
        "get",
        None,
        page(MEMBERS, hidden_for=(VI, OU)),
        False,
    ),
    # --- API
    "api:openapi": (NONE, "get", None, expect(200), False),
    "api:auth_token": (
        NONE,
        "post",
        lambda w: {"username": "nobody", "password": "sai"},
        expect(401),
        False,
    ),
    "api:not_found": (NONE, "get", None, expect(404), False),
    "api:provinces": (NONE, "get", None, api(AUTHED), False),
    "api:province_detail": (P, "get", None, api(AUTHED), False),
    "api:units": (NONE, "get", None, api(AUTHED), False),
    "api:unit_detail": (U1, "get", None, api(AUTHED), False),
    "api:units_reorganize": (
        NONE,
        "post",
        lambda w: {
            "sources": [w.U1.pk],
            "targets": [{"name": "Ban mới"}],
            "date": "2025-07-01",
        },
        api(ADMINS, ok=201),
        False,
    ),
    "api:people": (NONE, "get", None, api(AUTHED), False),
    "api:person_detail": (
        P1,
        "get",
        None,
        api(SECRETARIES, hidden_for=(UO, LE, VI, OU)),
        False,
    ),
    "api:blocks": (NONE, "get", None, api(AUTHED), False),
    "api:block_detail": (B, "get", None, api(AUTHED), False),
    "api:block_years": (B, "get", None, api(AUTHED), False),
    "api:block_year_detail": (BY, "get", None, api(AUTHED), False),
    "api:units_export": (NONE, "get", None, api(AUTHED), False),
    "api:imports_units": (NONE, "get", None, api(AUTHED, ok=405, denied=405), False),
    "api:imports_people": (NONE, "get", None, api(AUTHED, ok=405, denied=405), False),
    # --- API: the block's year (api.md); GET where the path has one
    "api:covenant": (_covenant, "get", None, api(AUTHED), False),
    "api:requirements": (BY, "get", None, api(AUTHED), False),
    # Everyone in the province gets the grid; which rows depends on the role.
    "api:submissions_grid": (BY, "get", None, api(AUTHED), False),
    # U3's self sheet: its own people and the secretariat; hidden from the others.
    "api:score_sheet": (
        _u3_self_sheet,
        "get",
        None,
        api(MEMBERS, hidden_for=(VI, OU)),
        False,
    ),
    # A draft ranking: the secretariat and the member units' people; the others get
    # 403 RANKING_NOT_PUBLISHED until it is published.
    "api:ranking": (BY, "get", None, api(MEMBERS), False),
    # POST-only paths, with a valid body.
    "api:covenant_sign": (
        _covenant,
        "post",
        lambda w: {"unit": w.U3.pk},
        api((SU, UO, LE), ok=201),
        False,
    ),
    "api:submissions_create": (
        REQ,
        "multipart",
        _upload,
        api((SU, PA, BS, UO), ok=201),
        False,
    ),
    "api:waivers_create": (
        REQ,
        "post",
        lambda w: {"unit": w.U3.pk, "reason": "Lý do khách quan"},
        api(SECRETARIES, ok=201),
        False,
    ),
    "api:ranking_publish": (
        BY,
        "post",
        lambda w: {"period": "year"},
        api(SECRETARIES),
        False,
    ),
    "api:ranking_export": (BY, "get", None, api(MEMBERS), False),
}

# Query strings some GET rows need.
QUERY = {
    "api:score_sheet": lambda w: "stage=self",
    "api:units_export": lambda w: f"province={w.P.pk}",
    "organizations:unit_export": lambda w: f"province={w.P.pk}",
}

# Writes through the API: one row per POST operation on a GET+POST path.
API_WRITES = {
    # PUT (API_WRITE_METHODS)
    "api:covenant": (
        BY,
        lambda w: {
            "contents": ["Hoàn thành xuất sắc nhiệm vụ chính trị"],
            "criteria": [{"code": "1.1", "title": "Chỉ tiêu", "max_points": 100}],
        },
        api(SECRETARIES),
    ),
    "api:requirements": (
        BY,
        lambda w: {"title": "Kế hoạch", "kind": "plan", "due_date": "2024-01-31"},
        api(SECRETARIES, ok=201),
    ),
    # PUT (API_WRITE_METHODS): a final sheet, the secretariat's to write.
    "api:score_sheet": (
        SHEET_U3,
        lambda w: {"period": "year", "stage": "final", "scores": {"1.1": 50}},
        api(SECRETARIES),
    ),
    "api:provinces": (NONE, lambda w: {"name": "Tỉnh Mới"}, api((SU,), ok=201)),
    "api:units": (
        NONE,
        lambda w: {"province": w.P.pk, "name": "Sở Mới"},
        api(ADMINS, ok=201),
    ),
    "api:people": (
        NONE,
        lambda w: {"unit": w.U3.pk, "full_name": "Hà Thị Mai", "gender": "female"},
        api((SU, PA, UO), ok=201),
    ),
    "api:blocks": (
        NONE,
        lambda w: {"province": w.P.pk, "name": "Khối mới", "kind": "khoi"},
        api(ADMINS, ok=201),
    ),
    "api:block_years": (
        B,
        lambda w: {
            "year": 2025,
            "head_unit": w.U1.pk,
            "deputy_unit": w.U2.pk,
            "members": [w.U3.pk],
        },
        api(SECRETARIES, ok=201),
    ),
}

# API_WRITES rows sent with another method than POST.
API_WRITE_METHODS = {"api:covenant": "put", "api:score_sheet": "put"}

# Rows of apps that keep their own (``<app>/tests/permission_rows.py``).
_extra = app_rows()
TABLE.update(_extra["TABLE"])
QUERY.update(_extra["QUERY"])
API_WRITES.update(_extra["API_WRITES"])
API_WRITE_METHODS.update(_extra["API_WRITE_METHODS"])

# Django's own admin pages are gated by is_staff as a whole (admin:index above).
EXCLUDED_NAMESPACES = {"admin"}


def _names(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            yield from _names(entry, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_url_is_in_the_table():
    names = {
        n
        for n in _names(get_resolver())
        if n.split(":")[0] not in EXCLUDED_NAMESPACES or n == "admin:index"
    }
    assert names - set(TABLE) == set(), "add these URLs to the permission table"
    assert set(TABLE) - names == set(), "these table rows name no URL"


def _client(persona, world, client_as, api_as, name):
    user = world.users[persona]
    return api_as(user) if name.startswith("api:") else client_as(user)


CASES = [(name, persona) for name in TABLE for persona in PERSONAS]


@pytest.mark.parametrize(("name", "persona"), CASES)
def test_persona_gets_the_expected_status(name, persona, world, client_as, api_as):
    kwargs, method, body, expected, _ = TABLE[name]
    url = reverse(name, kwargs=kwargs(world)) if kwargs(world) else _reverse_plain(name)
    client = _client(persona, world, client_as, api_as, name)
    data = body(world) if body else None
    if name in QUERY:
        url += "?" + QUERY[name](world)
    if method == "get":
        response = client.get(url)
    elif method == "multipart":  # uploads (api.md "Conventions")
        response = client.post(url, data, format="multipart")
    else:
        response = client.post(url, data, format="json")
    assert response.status_code == expected[persona], response.content[:300]


def _reverse_plain(name):
    if name == "api:not_found":
        return "/api/v1/no-such-thing"
    return reverse(name)


FORM_CASES = [
    (name, persona) for name, row in TABLE.items() if row[4] for persona in PERSONAS
]


@pytest.mark.parametrize(("name", "persona"), FORM_CASES)
def test_form_post_is_gated_like_its_page(name, persona, world, client_as):
    """An empty POST shows the form again (200) to those allowed, and is refused to
    the others exactly as the page is."""
    kwargs, _, _, expected, _ = TABLE[name]
    response = client_as(world.users[persona]).post(
        reverse(name, kwargs=kwargs(world)), {}
    )
    assert response.status_code == expected[persona]


WRITE_CASES = [(name, persona) for name in API_WRITES for persona in PERSONAS]


@pytest.mark.parametrize(("name", "persona"), WRITE_CASES)
def test_api_write_is_allowed_only_to_its_roles(name, persona, world, api_as):
    kwargs, body, expected = API_WRITES[name]
    url = reverse(name, kwargs=kwargs(world)) if kwargs(world) else reverse(name)
    send = getattr(api_as(world.users[persona]), API_WRITE_METHODS.get(name, "post"))
    response = send(url, body(world), format="json")
    assert response.status_code == expected[persona], response.content[:300]
