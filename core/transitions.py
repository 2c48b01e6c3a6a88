"""The one transition helper every workflow uses (style.md "One transition helper").

A workflow declares, as data, its allowed transitions and the in-state activities (a comment
during review, a counter-proposal while negotiating) with who may take each and, in Thai, why
not. `Workflow.check` answers "may this actor do this now, and if not why" (pages use it for
their buttons); `Workflow.require` raises that answer; `Workflow.apply` requires, then updates
the row with compare-and-swap on the old state (and version, when the model has one), writes the
audit event and schedules side effects with `on_commit`, all in one transaction. A lost race is a
clear error, never a silent overwrite.

The order of the answer is fixed: first who (no transition into the target that this actor may
take: `TransitionForbiddenError` with the transition's `refusal`), then when (no transition from
the current state: `TransitionNotAllowedError` with the workflow's `unreachable` reason for the
target), then a transition's own `guard` (e.g. the reporting round is closed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core.audit import audit_log

M = TypeVar("M", bound=models.Model)
Actor = AbstractBaseUser | AnonymousUser
Permission = Callable[[Actor, Any], bool]
# Why the transition cannot happen now although the state allows it (Thai), or None.
Guard = Callable[[Any], "str | None"]
Text = str | Promise


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
    label: Text = ""
    # Shown when the actor may not take it (Thai, lazily translated).
    refusal: Text = ""
    guard: Guard | None = None


@dataclass(frozen=True)
class Activity:
    """Something done to the object without moving it (comment, counter-proposal, upload):
    allowed only in `states`, only to whom `allowed` says."""

    name: str
    states: tuple[str, ...]
    allowed: Permission
    refusal: Text = ""
    unavailable: Text = ""


@dataclass(frozen=True)
class Refusal:
    """Why not: the message and the error it becomes."""

    message: str
    forbidden: bool = False

    def error(self) -> TransitionNotAllowedError | TransitionForbiddenError:
        if self.forbidden:
            return TransitionForbiddenError(self.message)
        return TransitionNotAllowedError(self.message)


def _state_label(obj: models.Model, state_field: str) -> str:
    display = getattr(obj, f"get_{state_field}_display", None)
    return str(display()) if callable(display) else str(getattr(obj, state_field))


@dataclass(frozen=True)
class Workflow:
    transitions: tuple[Transition, ...]
    state_field: str = "state"
    version_field: str | None = "version"
    # Why a target cannot be reached from the current state, by target or by action (Thai, lazy).
    unreachable: Mapping[str, Text] = field(default_factory=dict)
    activities: tuple[Activity, ...] = ()

    def find(self, source: str, target: str) -> Transition | None:
        for transition in self.transitions:
            if transition.source == source and transition.target == target:
                return transition
        return None

    def available(self, obj: models.Model, actor: Actor) -> list[Transition]:
        """Transitions from the object's current state that this actor may take now."""
        state = getattr(obj, self.state_field)
        return [
            t
            for t in self.transitions
            if t.source == state
            and t.allowed(actor, obj)
            and (t.guard is None or t.guard(obj) is None)
        ]

    def _refusal(
        self, obj: models.Model, target: str, actor: Actor, action: str | None
    ) -> Transition | Refusal:
        into = [
            t
            for t in self.transitions
            if t.target == target and (action is None or t.action == action)
        ]
        activity = next((a for a in self.activities if a.name == target), None)
        if activity is not None:
            return self._activity_refusal(obj, activity, actor)
        if not into:
            return Refusal(_("ไม่สามารถดำเนินการนี้ได้"))
        mine = [t for t in into if t.allowed(actor, obj)]
        if not mine:
            return Refusal(str(into[0].refusal or _("คุณไม่มีสิทธิ์ดำเนินการนี้")), forbidden=True)
        source = getattr(obj, self.state_field)
        here = [t for t in mine if t.source == source]
        if not here:
            reason = self.unreachable.get(action or "", self.unreachable.get(target))
            state = _state_label(obj, self.state_field)
            if reason is None:
                return Refusal(
                    _("ไม่สามารถเปลี่ยนสถานะจาก “%(source)s” เป็น “%(target)s” ได้")
                    % {"source": state, "target": target}
                )
            return Refusal(
                _("%(reason)s (สถานะปัจจุบัน: %(state)s)") % {"reason": reason, "state": state}
            )
        blocked = None
        for transition in here:
            blocked = transition.guard(obj) if transition.guard is not None else None
            if blocked is None:
                return transition
        return Refusal(str(blocked))

    def _activity_refusal(
        self, obj: models.Model, activity: Activity, actor: Actor
    ) -> Transition | Refusal:
        if not activity.allowed(actor, obj):
            return Refusal(str(activity.refusal or _("คุณไม่มีสิทธิ์ดำเนินการนี้")), forbidden=True)
        if getattr(obj, self.state_field) not in activity.states:
            reason = activity.unavailable or _("ไม่สามารถดำเนินการนี้ได้ในสถานะปัจจุบัน")
            return Refusal(
                _("%(reason)s (สถานะปัจจุบัน: %(state)s)")
                % {"reason": reason, "state": _state_label(obj, self.state_field)}
            )
        return Refusal("")

    def check(
        self, obj: models.Model, target: str, actor: Actor, *, action: str | None = None
    ) -> str | None:
        """None when `actor` may move `obj` to `target` (or do the activity `target`) now;
        otherwise why not, in Thai. Pages use this for their buttons. `action` picks one of
        two transitions between the same states (the owner's save vs the coordinator's reopen)."""
        found = self._refusal(obj, target, actor, action)
        if isinstance(found, Transition) or not found.message:
            return None
        return found.message

    def buttons(self, obj: models.Model, actor: Actor) -> Buttons:
        """For templates: `{% if may.signed %}` asks `check(obj, "signed", actor)`."""
        return Buttons(self, obj, actor)

    def require(
        self, obj: models.Model, target: str, actor: Actor, *, action: str | None = None
    ) -> Transition | None:
        """Raise what `check` says; return the transition to take (None for an activity)."""
        found = self._refusal(obj, target, actor, action)
        if isinstance(found, Transition):
            return found
        if found.message:
            raise found.error()
        return None

    def apply(
        self,
        obj: M,
        target: str,
        actor: Actor,
        *,
        data: dict[str, Any] | None = None,
        changes: dict[str, Any] | None = None,
        after_commit: Callable[[], None] | None = None,
        expected_version: int | None = None,
        audit_on: models.Model | None = None,
        action: str | None = None,
    ) -> M:
        """Move `obj` to `target` or raise; on success `obj` carries the new state.

        `expected_version` is the version the user's form was opened with (default: the one
        read); `audit_on` records the event on a parent (an appeal on its submission)."""
        source = getattr(obj, self.state_field)
        transition = self.require(obj, target, actor, action=action)
        if transition is None:
            raise TransitionNotAllowedError(_("ไม่สามารถดำเนินการนี้ได้"))
        match: dict[str, Any] = {"pk": obj.pk, self.state_field: source}
        updates: dict[str, Any] = {self.state_field: target, **(changes or {})}
        if self.version_field is not None:
            match[self.version_field] = (
                getattr(obj, self.version_field) if expected_version is None else expected_version
            )
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
            audit_log(
                actor,
                transition.action,
                audit_on if audit_on is not None else obj,
                {"from": source, "to": target, **(data or {})},
            )
            if after_commit is not None:
                transaction.on_commit(after_commit)
        return obj


class Buttons:
    """`may[target]` is True when `Workflow.check` has no reason against it; `why[target]` is
    the reason. Computed on first use and kept for the request (a page asks a few)."""

    def __init__(self, workflow: Workflow, obj: models.Model, actor: Actor) -> None:
        self._workflow, self._obj, self._actor = workflow, obj, actor
        self.why: dict[str, str | None] = _Reasons(self)

    def reason(self, target: str) -> str | None:
        return self._workflow.check(self._obj, target, self._actor)

    def __getitem__(self, target: str) -> bool:
        if target == "why":  # templates try `may["why"]` before `may.why`
            raise KeyError(target)
        return self.why[target] is None

    def __contains__(self, target: object) -> bool:
        return isinstance(target, str)


class _Reasons(dict[str, "str | None"]):
    def __init__(self, buttons: Buttons) -> None:
        super().__init__()
        self._buttons = buttons

    def __missing__(self, target: str) -> str | None:
        reason = self._buttons.reason(target)
        self[target] = reason
        return reason
