"""/api/v1: every app's API endpoints, the OpenAPI description, JSON 404s."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from thidua.awards import api as awards_api
from thidua.awards import imports_api as awards_imports_api
from thidua.awards import reports_api as awards_reports_api
from thidua.core import api as core_api
from thidua.core.api_errors import json_not_found
from thidua.cycles import api as cycles_api
from thidua.documents import api as documents_api
from thidua.movements import api as movements_api
from thidua.organizations import api as org_api
from thidua.scoring import api as scoring_api
from thidua.voting import api as voting_api

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("auth/token", core_api.auth_token, name="auth_token"),
    path("provinces", org_api.provinces, name="provinces"),
    path("provinces/<int:pk>", org_api.province_detail, name="province_detail"),
    path("units", org_api.units, name="units"),
    path("units/reorganize", org_api.units_reorganize, name="units_reorganize"),
    path("units.xlsx", org_api.units_export, name="units_export"),
    path("units/<int:pk>", org_api.unit_detail, name="unit_detail"),
    path("people", org_api.people, name="people"),
    path("people/<int:pk>", org_api.person_detail, name="person_detail"),
    path("blocks", org_api.blocks, name="blocks"),
    path("blocks/<int:pk>", org_api.block_detail, name="block_detail"),
    path("blocks/<int:pk>/years", org_api.block_years, name="block_years"),
    path("block-years/<int:pk>", org_api.block_year_detail, name="block_year_detail"),
    path("imports/units", org_api.imports_units, name="imports_units"),
    path("imports/people", org_api.imports_people, name="imports_people"),
    path("block-years/<int:pk>/covenant", cycles_api.covenant, name="covenant"),
    path(
        "block-years/<int:pk>/covenant/signatures",
        cycles_api.covenant_sign,
        name="covenant_sign",
    ),
    path(
        "block-years/<int:pk>/requirements",
        cycles_api.requirements,
        name="requirements",
    ),
    path(
        "requirements/<int:pk>/submissions",
        cycles_api.submissions_create,
        name="submissions_create",
    ),
    path(
        "requirements/<int:pk>/waivers",
        cycles_api.waivers_create,
        name="waivers_create",
    ),
    path(
        "block-years/<int:pk>/submissions",
        cycles_api.submissions_grid,
        name="submissions_grid",
    ),
    path(
        "block-years/<int:pk>/scores/<int:unit>", scoring_api.sheet, name="score_sheet"
    ),
    path("block-years/<int:pk>/ranking", scoring_api.ranking, name="ranking"),
    path(
        "block-years/<int:pk>/ranking/publish",
        scoring_api.ranking_publish,
        name="ranking_publish",
    ),
    path(
        "block-years/<int:pk>/ranking.xlsx",
        scoring_api.ranking_export,
        name="ranking_export",
    ),
    # Later apps keep their API paths as ``api_urlpatterns`` in their own api.py.
    *voting_api.api_urlpatterns,
    *movements_api.api_urlpatterns,
    *documents_api.api_urlpatterns,
    *awards_api.api_urlpatterns,
    *awards_reports_api.reports_urlpatterns,
    *awards_imports_api.imports_urlpatterns,
    re_path(r"^.*$", json_not_found, name="not_found"),
]
