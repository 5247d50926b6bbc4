from django.urls import path

from thidua.movements import views

app_name = "movements"

urlpatterns = [
    # Movements (phong trào thi đua) and the units' progress reports.
    path("movements/", views.movement_list, name="movement_list"),
    path("movements/export.xlsx", views.movement_export, name="movement_export"),
    path(
        "provinces/<int:pk>/movements/new/",
        views.movement_create,
        name="movement_create",
    ),
    path("movements/<int:pk>/", views.movement_detail, name="movement_detail"),
    path(
        "movements/<int:pk>/document/",
        views.movement_document,
        name="movement_document",
    ),
    path("movements/<int:pk>/report/", views.report_create, name="report_create"),
    path("movement-reports/<int:pk>/file/", views.report_file, name="report_file"),
    # Registrations (đăng ký thi đua).
    path("registrations/", views.registration_list, name="registration_list"),
    path("registrations/new/", views.registration_create, name="registration_create"),
    path(
        "registrations/<int:pk>/",
        views.registration_detail,
        name="registration_detail",
    ),
    path(
        "registrations/<int:pk>/edit/",
        views.registration_edit,
        name="registration_edit",
    ),
    path(
        "registrations/<int:pk>/submit/",
        views.registration_submit,
        name="registration_submit",
    ),
    path(
        "registrations/<int:pk>/approve/",
        views.registration_approve,
        name="registration_approve",
    ),
    path(
        "registrations/<int:pk>/return/",
        views.registration_return,
        name="registration_return",
    ),
    path(
        "provinces/<int:pk>/registrations/",
        views.consolidated,
        name="consolidated",
    ),
    path(
        "provinces/<int:pk>/registrations.xlsx",
        views.consolidated_export,
        name="consolidated_export",
    ),
    # Advanced models.
    path("advanced-models/", views.model_list, name="model_list"),
    path("advanced-models/export.xlsx", views.model_export, name="model_export"),
    path("advanced-models/new/", views.model_create, name="model_create"),
    path("advanced-models/<int:pk>/", views.model_detail, name="model_detail"),
    path("advanced-models/<int:pk>/edit/", views.model_edit, name="model_edit"),
    path(
        "advanced-models/<int:pk>/publish/",
        views.model_publish,
        name="model_publish",
    ),
    path("advanced-models/files/<int:pk>/", views.model_file, name="model_file"),
    # The public page (no sign-in) and the province's overview.
    path("cong-khai/", views.public, name="public"),
    path(
        "provinces/<int:pk>/overview/",
        views.province_overview,
        name="province_overview",
    ),
    path(
        "provinces/<int:pk>/overview.xlsx",
        views.overview_export,
        name="overview_export",
    ),
    # The bell.
    path("notifications/", views.notification_list, name="notification_list"),
    path(
        "notifications/<int:pk>/read/",
        views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read/",
        views.notification_read_all,
        name="notification_read_all",
    ),
    # The annual rotation: the next year from this one.
    path(
        "block-years/<int:pk>/copy-to-next-year/",
        views.block_year_copy,
        name="block_year_copy",
    ),
]
