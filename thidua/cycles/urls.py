from django.urls import path

from thidua.cycles import views

app_name = "cycles"

urlpatterns = [
    path(
        "submissions/<int:pk>/file/",
        views.submission_download,
        name="submission_download",
    ),
    path(
        "block-years/<int:pk>/covenant/",
        views.covenant_detail,
        name="covenant_detail",
    ),
    path(
        "block-years/<int:pk>/covenant.xlsx",
        views.covenant_export,
        name="covenant_export",
    ),
    path(
        "block-years/<int:pk>/covenant/edit/",
        views.covenant_edit,
        name="covenant_edit",
    ),
    path(
        "block-years/<int:pk>/covenant/copy/",
        views.covenant_copy,
        name="covenant_copy",
    ),
    path(
        "block-years/<int:pk>/covenant/sign/",
        views.covenant_sign,
        name="covenant_sign",
    ),
    path(
        "block-years/<int:pk>/documents/",
        views.document_dashboard,
        name="document_dashboard",
    ),
    path(
        "block-years/<int:pk>/documents.xlsx",
        views.document_export,
        name="document_export",
    ),
    path(
        "block-years/<int:pk>/documents/new/",
        views.requirement_create,
        name="requirement_create",
    ),
    path(
        "requirements/<int:pk>/upload/",
        views.submission_create,
        name="submission_create",
    ),
    path(
        "requirements/<int:pk>/waive/",
        views.waiver_create,
        name="waiver_create",
    ),
]
