from django.urls import path

from thidua.organizations import views

app_name = "organizations"

urlpatterns = [
    path("provinces/", views.province_list, name="province_list"),
    path("provinces/new/", views.province_create, name="province_create"),
    path("provinces/<int:pk>/", views.province_detail, name="province_detail"),
    path("provinces/<int:pk>/edit/", views.province_edit, name="province_edit"),
    path(
        "provinces/<int:pk>/settings/",
        views.province_settings,
        name="province_settings",
    ),
    path("provinces/<int:pk>/units/new/", views.unit_create, name="unit_create"),
    path(
        "provinces/<int:pk>/reorganize/", views.unit_reorganize, name="unit_reorganize"
    ),
    path("provinces/<int:pk>/blocks/new/", views.block_create, name="block_create"),
    path("provinces/<int:pk>/import/units/", views.unit_import, name="unit_import"),
    path(
        "provinces/<int:pk>/import/units/template.xlsx",
        views.unit_import_template,
        name="unit_import_template",
    ),
    path(
        "provinces/<int:pk>/import/people/", views.person_import, name="person_import"
    ),
    path(
        "provinces/<int:pk>/import/people/template.xlsx",
        views.person_import_template,
        name="person_import_template",
    ),
    path("units/", views.unit_list, name="unit_list"),
    path("units/export.xlsx", views.unit_export, name="unit_export"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/people/", views.unit_people, name="unit_people"),
    path("units/<int:pk>/people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/export.json", views.person_export, name="person_export"),
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("blocks/<int:pk>/", views.block_detail, name="block_detail"),
    path("blocks/<int:pk>/edit/", views.block_edit, name="block_edit"),
    path(
        "blocks/<int:pk>/years/new/", views.block_year_create, name="block_year_create"
    ),
    path("block-years/<int:pk>/", views.block_year_detail, name="block_year_detail"),
    path("block-years/<int:pk>/edit/", views.block_year_edit, name="block_year_edit"),
    path("search/", views.search, name="search"),
]
