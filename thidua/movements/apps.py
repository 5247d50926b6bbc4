from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "thidua.movements"
    label = "movements"
    verbose_name = _("Movements and advanced models")
