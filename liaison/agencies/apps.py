from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "liaison.agencies"
    label = "agencies"
    verbose_name = _("Agencies")

    def ready(self) -> None:
        from liaison.agencies import signals  # noqa: F401
