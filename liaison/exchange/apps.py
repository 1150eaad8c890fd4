from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "liaison.exchange"
    label = "exchange"
    verbose_name = _("Hotline and BLO exchange")

    def ready(self) -> None:
        # The exchange's periodic jobs register with the scheduler; answer-time changes
        # invalidate the cached agency tree (and with it the cached answer times).
        from liaison.exchange import signals, tasks  # noqa: F401
