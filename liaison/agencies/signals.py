"""Any change to agencies or partnerships invalidates the cached scopes."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from liaison.agencies.models import Agency, Partnership
from liaison.core.access import bump_scope_version


@receiver(post_save, sender=Agency)
@receiver(post_delete, sender=Agency)
@receiver(post_save, sender=Partnership)
@receiver(post_delete, sender=Partnership)
def _agency_changed(**kwargs) -> None:
    if kwargs.get("raw"):
        return
    bump_scope_version()


@receiver(m2m_changed, sender=Partnership.parties.through)
def _parties_changed(action: str, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        bump_scope_version()
