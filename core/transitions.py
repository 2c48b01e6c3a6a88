"""The one transition helper every workflow uses (style.md "One transition helper").

A workflow declares its allowed transitions as data. `Workflow.apply` checks the table and the
actor's permission, updates the row with compare-and-swap on the old state (and version, when the
model has one), writes the audit event and schedules side effects with `on_commit`, all in one
transaction. A lost race is a clear error, never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from core.audit import audit_log

M = TypeVar("M", bound=models.Model)
Actor = AbstractBaseUser | AnonymousUser
Permission = Callable[[Actor, Any], bool]


class TransitionError(Exception):
    """A transition that cannot happen; the message is for the user."""


class TransitionNotAllowedError(TransitionError):
    pass


class ConcurrentUpdateError(TransitionError):
    pass


class TransitionForbiddenError(PermissionDenied):
    pass


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    action: str
    allowed: Permission
    label: str = ""


@dataclass(frozen=True)
class Workflow:
    transitions: tuple[Transition, ...]
    state_field: str = "state"
    version_field: str | None = "version"

    def find(self, source: str, target: str) -> Transition | None:
        for transition in self.transitions:
            if transition.source == source and transition.target == target:
                return transition
        return None

    def available(self, obj: models.Model, actor: Actor) -> list[Transition]:
        """Transitions from the object's current state that this actor may take."""
        state = getattr(obj, self.state_field)
        return [t for t in self.transitions if t.source == state and t.allowed(actor, obj)]

    def apply(
        self,
        obj: M,
        target: str,
        actor: Actor,
        *,
        data: dict[str, Any] | None = None,
        changes: dict[str, Any] | None = None,
        after_commit: Callable[[], None] | None = None,
    ) -> M:
        """Move `obj` to `target` or raise; on success `obj` carries the new state."""
        source = getattr(obj, self.state_field)
        transition = self.find(source, target)
        if transition is None:
            raise TransitionNotAllowedError(
                _("ไม่สามารถเปลี่ยนสถานะจาก “%(source)s” เป็น “%(target)s” ได้")
                % {"source": source, "target": target}
            )
        if not transition.allowed(actor, obj):
            raise TransitionForbiddenError(_("คุณไม่มีสิทธิ์ดำเนินการนี้"))
        match: dict[str, Any] = {"pk": obj.pk, self.state_field: source}
        updates: dict[str, Any] = {self.state_field: target, **(changes or {})}
        if self.version_field is not None:
            match[self.version_field] = getattr(obj, self.version_field)
            updates[self.version_field] = F(self.version_field) + 1
        with transaction.atomic():
            updated = type(obj)._default_manager.filter(**match).update(**updates)
            if updated != 1:
                raise ConcurrentUpdateError(
                    _("รายการนี้ถูกเปลี่ยนโดยผู้อื่นไปแล้ว กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง")
                )
            fields = [self.state_field, *(changes or {})]
            if self.version_field is not None:
                fields.append(self.version_field)
            obj.refresh_from_db(fields=fields)
            audit_log(actor, transition.action, obj, {"from": source, "to": target, **(data or {})})
            if after_commit is not None:
                transaction.on_commit(after_commit)
        return obj
