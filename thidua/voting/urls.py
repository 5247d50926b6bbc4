from django.urls import path

from thidua.voting import views

app_name = "voting"

urlpatterns = [
    path(
        "block-years/<int:pk>/conferences/",
        views.conference_list,
        name="conference_list",
    ),
    path(
        "block-years/<int:pk>/conferences/export.xlsx",
        views.conference_export,
        name="conference_export",
    ),
    path("conferences/<int:pk>/", views.conference_detail, name="conference_detail"),
    path("conferences/<int:pk>/edit/", views.conference_edit, name="conference_edit"),
    path("ballot-rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path(
        "ballot-rounds/<int:pk>/result.xlsx",
        views.round_export,
        name="round_export",
    ),
    path("ballot-rounds/<int:pk>/open/", views.round_open, name="round_open"),
    path("ballot-rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("ballot-rounds/<int:pk>/count/", views.round_count, name="round_count"),
    path(
        "ballot-rounds/<int:pk>/decision/",
        views.round_decision,
        name="round_decision",
    ),
    # No sign-in: the slip's code is the credential.
    path("vote/<int:round_id>/", views.ballot, name="ballot"),
    path("vote/<int:round_id>/kiosk/", views.kiosk, name="kiosk"),
    path("vote/<int:round_id>/thanks/", views.ballot_thanks, name="ballot_thanks"),
]
