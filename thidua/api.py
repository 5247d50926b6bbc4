"""/api/v1: every app's API endpoints, the OpenAPI description, JSON 404s."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from thidua.core import api as core_api
from thidua.core.api_errors import json_not_found
from thidua.organizations import api as org_api

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
    re_path(r"^.*$", json_not_found, name="not_found"),
]
