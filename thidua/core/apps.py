from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "thidua.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from thidua.core import sign_in, signals  # noqa: F401 (connects the receivers)
