"""Pages of the awards app (issue 5)."""

from django.urls import path

from thidua.awards import views

app_name = "awards"

urlpatterns = [
    # Facts of a person and of a unit, with the eligibility checker.
    path("people/<int:pk>/awards/", views.person_awards, name="person_awards"),
    path("people/<int:pk>/awards/rating/", views.person_rating, name="person_rating"),
    path(
        "people/<int:pk>/awards/discipline/",
        views.person_discipline,
        name="person_discipline",
    ),
    path("people/<int:pk>/awards/leave/", views.person_leave, name="person_leave"),
    path(
        "people/<int:pk>/awards/initiative/",
        views.person_initiative,
        name="person_initiative",
    ),
    path("units/<int:pk>/awards/", views.unit_awards, name="unit_awards"),
    path("units/<int:pk>/awards/rating/", views.unit_rating, name="unit_rating"),
    path("units/<int:pk>/awards/staff/", views.unit_staff, name="unit_staff"),
    # Violation lists (police, tax, social insurance, inspectorate).
    path(
        "provinces/<int:pk>/violation-listings/",
        views.listing_list,
        name="listing_list",
    ),
    path(
        "provinces/<int:pk>/violation-listings/export.xlsx",
        views.listing_export,
        name="listing_export",
    ),
    path(
        "provinces/<int:pk>/violation-listings/new/",
        views.listing_create,
        name="listing_create",
    ),
    path(
        "violation-listings/<int:pk>/clear/",
        views.listing_clear,
        name="listing_clear",
    ),
    # Proposals (đề nghị khen thưởng) and their dossiers.
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/export.xlsx", views.proposal_export, name="proposal_export"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path(
        "proposals/<int:pk>/documents/",
        views.proposal_document,
        name="proposal_document",
    ),
    path(
        "proposal-documents/<int:pk>/",
        views.document_download,
        name="document_download",
    ),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/accept/", views.proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/return/", views.proposal_return, name="proposal_return"),
    path(
        "proposals/<int:pk>/council-vote/",
        views.proposal_vote,
        name="proposal_vote",
    ),
    path(
        "proposals/<int:pk>/publish/",
        views.proposal_disclose,
        name="proposal_disclose",
    ),
    path(
        "ballot-rounds/<int:pk>/propose/",
        views.round_propose,
        name="round_propose",
    ),
    # Decisions (quyết định khen thưởng).
    path(
        "provinces/<int:pk>/decisions/new/",
        views.decision_create,
        name="decision_create",
    ),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path(
        "decisions/<int:pk>/export.xlsx",
        views.decision_export,
        name="decision_export",
    ),
    # The awards of the province, filterable, with XLSX.
    path("awards/", views.award_list, name="award_list"),
    path("awards/export.xlsx", views.award_export, name="award_export"),
    # Public comments on proposals on display (no sign-in).
    path(
        "cong-khai/de-nghi/<int:pk>/y-kien/",
        views.public_comment,
        name="public_comment",
    ),
    # The Board's settings and the working-day calendar.
    path(
        "provinces/<int:pk>/award-settings/",
        views.award_settings,
        name="award_settings",
    ),
    path("work-calendar/", views.work_calendar, name="work_calendar"),
    path(
        "provinces/<int:pk>/import/<str:kind>/",
        views.fact_import,
        name="fact_import",
    ),
]
