"""Fixtures shared by every test: fast settings and the personas of house-style.md.

The small world: province ``P`` with block ``B`` (2024: head ``U1``, deputy ``U2``,
member ``U3``) and block ``B2`` (2024: ``U4`` head, ``U5`` deputy); province ``Q`` with
``V1``. Personas hold grants on it: ``province_admin`` (P), ``block_secretary`` (B),
``unit_officer`` and ``leader`` (U3), ``viewer`` (P), ``outsider`` (block secretary of
B2: grants on another block).
"""

from dataclasses import dataclass

import pytest
from django.test import Client
from rest_framework.test import APIClient

from thidua.core.testing import PERSONAS  # noqa: F401 (re-exported)
from thidua.organizations.tests import factories as f


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _fast_settings(request, _media_root):
    """Test-only speed-ups. The plain-Python rules need none of Django's set-up."""
    if "/thidua/rules/" in str(request.node.path):
        yield
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LANGUAGE_CODE = "vi"
    # Uploaded files of a test go to a temporary folder, never into the work tree.
    settings.MEDIA_ROOT = _media_root
    from django.core.cache import cache

    cache.clear()
    yield


@dataclass
class World:
    P: object
    Q: object
    B: object
    B2: object
    BY: object
    BY2: object
    U1: object
    U2: object
    U3: object
    U4: object
    U5: object
    V1: object
    people: dict
    users: dict


@pytest.fixture
def world(db):
    P = f.ProvinceFactory(name="Hòa Bình")
    Q = f.ProvinceFactory(name="Đắk Lắk")
    U1 = f.UnitFactory(province=P, name="Ban Tuyên giáo Tỉnh ủy")
    U2 = f.UnitFactory(province=P, name="Ban Dân vận Tỉnh ủy")
    U3 = f.UnitFactory(province=P, name="Ủy ban Kiểm tra Tỉnh ủy")
    U4 = f.UnitFactory(province=P, name="Sở Tư pháp")
    U5 = f.UnitFactory(province=P, name="Thanh tra tỉnh")
    V1 = f.UnitFactory(province=Q, name="Công an tỉnh")
    B = f.BlockFactory(province=P, name="Khối thi đua các cơ quan Đảng")
    B2 = f.BlockFactory(province=P, name="Khối thi đua số 3")
    BY = f.BlockYearFactory(block=B, year=2024)
    BY2 = f.BlockYearFactory(block=B2, year=2024)
    f.add_members(BY, U1, [U2], [U3])
    f.add_members(BY2, U4, [U5])
    people = {
        "p1": f.PersonFactory(unit=U1, full_name="Nguyễn Văn An", gender="male"),
        "p3": f.PersonFactory(unit=U3, full_name="Trần Thị Bình", gender="female"),
        "p4": f.PersonFactory(unit=U4, full_name="Lê Minh Cường", gender="male"),
        "q1": f.PersonFactory(unit=V1, full_name="Phạm Thu Dung", gender="female"),
    }
    users = {
        "superuser": f.UserFactory(username="su", is_superuser=True, is_staff=True),
        "province_admin": f.UserFactory(username="tinh"),
        "block_secretary": f.UserFactory(username="thuky"),
        "unit_officer": f.UserFactory(username="donvi"),
        "leader": f.UserFactory(username="lanhdao"),
        "viewer": f.UserFactory(username="xem"),
        "outsider": f.UserFactory(username="ngoai"),
        "anonymous": None,
    }
    f.grant(users["province_admin"], "province_admin", P)
    f.grant(users["block_secretary"], "block_secretary", P, block=B)
    f.grant(users["unit_officer"], "unit_officer", P, unit=U3)
    f.grant(users["leader"], "leader", P, unit=U3)
    f.grant(users["viewer"], "viewer", P)
    f.grant(users["outsider"], "block_secretary", P, block=B2)
    return World(P, Q, B, B2, BY, BY2, U1, U2, U3, U4, U5, V1, people, users)


@pytest.fixture
def client_as():
    """A browser-like client signed in as a persona's user (None: anonymous)."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_as():
    """An API client authenticated as the user (None: anonymous)."""

    def make(user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
