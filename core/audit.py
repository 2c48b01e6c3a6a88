"""Writing audit events. Services call `audit_log` explicitly, inside their transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import models

from core.models import AuditEvent


def audit_log(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. `action` is a dotted code such as "accounts.role.assigned"."""
    user = actor if isinstance(actor, AbstractBaseUser) else None
    return AuditEvent.objects.create(
        # By id: the FK is typed to the concrete user model, the actor to AbstractBaseUser.
        actor_id=user.pk if user is not None else None,
        actor_name=user.get_username() if user is not None else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        data=data or {},
    )


def audit_events_for(*objects: models.Model) -> models.QuerySet[AuditEvent]:
    """The events of one object, or of several read as one trail (a round and its state row)."""
    match = models.Q(pk__in=[])
    for obj in objects:
        match |= models.Q(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
    return AuditEvent.objects.filter(match).select_related("actor")
