"""A change of a partnership's answer times replaces the cached agency tree.

`services._common.due_times` reads the answer times once per agency tree (not once per
message sent); bumping the scope version here makes every process read them again, as
for any agency or partnership change (see agencies.signals).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from liaison.core.access import bump_scope_version
from liaison.exchange.models import PartnershipExchangeSettings


@receiver(post_save, sender=PartnershipExchangeSettings)
@receiver(post_delete, sender=PartnershipExchangeSettings)
def answer_times_changed(**kwargs) -> None:
    if kwargs.get("raw"):  # loading fixtures, as in agencies.signals
        return
    bump_scope_version()
