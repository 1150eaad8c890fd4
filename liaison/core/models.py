"""Core records: the audit trail, its chain head, the scope version and login throttling."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit trail is append-only.")

    def delete(self):
        raise AppendOnlyError("The audit trail is append-only.")

    def _raw_delete(self, using):
        raise AppendOnlyError("The audit trail is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The audit trail is append-only.")

    def visible_to(self, user) -> AuditEventQuerySet:
        """Auditors read their own country's trail; platform admins read all."""
        from liaison.core.access import get_scope

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if not user.has_role("auditor"):
            return self.none()
        scope = get_scope(user)
        return self.filter(country=scope.country)


class AuditEvent(models.Model):
    """One append-only, hash-chained entry of the audit trail."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        READ = "read", _("Read")
        EXPORT = "export", _("Exported")
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Login failed")
        LOGOUT = "logout", _("Logged out")
        OTHER = "other", _("Other")

    seq = models.BigIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(db_index=True, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    country = models.CharField(max_length=2, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    verb = models.CharField(max_length=64, blank=True, help_text="Service that acted")
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        indexes = [
            models.Index(fields=["country", "-seq"], name="audit_country_seq"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "-seq"], name="audit_actor_seq"),
            models.Index(fields=["agency", "-seq"], name="audit_agency_seq"),
            models.Index(fields=["action", "-seq"], name="audit_action_seq"),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not kwargs.pop("_from_audit_service", False):
            raise AppendOnlyError("Audit events are written only by audit_record().")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit trail is append-only.")


class AuditChainHead(models.Model):
    """Single row holding the last sequence number and hash; writers lock it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"


class ScopeVersion(models.Model):
    """Bumped on every change of agencies or partnerships; invalidates cached scopes."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"scope version {self.version}"


class LoginFailure(models.Model):
    """Failed login attempts, counted per username and per address for throttling."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"failed login {self.username} from {self.ip}"


class PeriodicJobRun(models.Model):
    """When each periodic job of the scheduler last ran (one row per job name).

    Kept in the database so that a restarted scheduler, or a second one started by
    mistake, does not enqueue a job again for a slot that was already handled.
    """

    name = models.CharField(max_length=100, unique=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} last run {self.last_run_at}"
