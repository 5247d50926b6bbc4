from django.urls import path

from thidua.scoring import views

app_name = "scoring"

urlpatterns = [
    path("block-years/<int:pk>/scores/", views.score_list, name="score_list"),
    path(
        "block-years/<int:pk>/scores/<int:unit>/",
        views.sheet_detail,
        name="sheet_detail",
    ),
    path("block-years/<int:pk>/scores.xlsx", views.score_export, name="score_export"),
    path("block-years/<int:pk>/ranking/", views.ranking_detail, name="ranking_detail"),
    path(
        "block-years/<int:pk>/ranking/publish/",
        views.ranking_publish,
        name="ranking_publish",
    ),
    path(
        "block-years/<int:pk>/ranking.xlsx",
        views.ranking_export,
        name="ranking_export",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
