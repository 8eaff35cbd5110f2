from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationsConfig(AppConfig):
    name = "servicebook.communications"
    verbose_name = _("Client communication")
