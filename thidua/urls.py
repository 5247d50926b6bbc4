from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from thidua.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("thidua.core.sign_in_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("healthz", core_views.healthz, name="healthz"),
    path("audit/", core_views.audit_list, name="audit_list"),
    path("audit/export.xlsx", core_views.audit_export, name="audit_export"),
    path("api/v1/", include(("thidua.api", "api"), namespace="api")),
    path("", include("thidua.organizations.urls")),
    path("", include("thidua.cycles.urls")),
    path("", include("thidua.scoring.urls")),
    path("", include("thidua.voting.urls")),
    path("", include("thidua.movements.urls")),
    path("", include("thidua.documents.urls")),
    path("", include("thidua.awards.urls")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
