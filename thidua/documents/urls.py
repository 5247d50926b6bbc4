from django.urls import path

from thidua.documents import views

app_name = "documents"

urlpatterns = [
    path(
        "block-years/<int:pk>/official-documents/",
        views.document_list,
        name="document_list",
    ),
    path(
        "block-years/<int:pk>/official-documents/<slug:kind>/issue/",
        views.document_issue,
        name="document_issue",
    ),
    path(
        "issued-documents/<int:pk>/download/",
        views.issued_download,
        name="issued_download",
    ),
]
