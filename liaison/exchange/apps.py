from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "liaison.exchange"
    label = "exchange"
    verbose_name = _("Hotline and BLO exchange")

    def ready(self) -> None:
        # Registers the exchange's periodic jobs with the scheduler.
        from liaison.exchange import tasks  # noqa: F401
