"""Typed domain errors: one class per kind of refusal.

Every error has a stable ``code`` for clients, a ``message`` that says what was wrong and
what to do instead, and ``details()`` with JSON-safe data (ids, states, reasons).
"""

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from lineage.domain.reasons import Blocker, InputDrift, LockKind, LockReason, MergeConflictItem
from lineage.domain.trash import Problem

DEFAULT_ALTERNATIVE = "derive a working clone or create a new version"

# Messages name at most this many items; details() always carries all of them.
_LISTED = 5


class LineageError(Exception):
    code: ClassVar[str] = "LINEAGE_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def details(self) -> dict[str, Any]:
        return {}

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details()}


class NotFound(LineageError):
    code = "NOT_FOUND"

    def __init__(
        self,
        kind: str,
        entity_id: str,
        remedy: str = "check the id and that you are a member of its space",
    ) -> None:
        self.kind = str(kind)
        self.entity_id = entity_id
        super().__init__(
            f"{self.kind} {entity_id!r} does not exist or is not visible to you; {remedy}"
        )

    def details(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.entity_id}


class AlreadyExists(LineageError):
    code = "ALREADY_EXISTS"

    def __init__(self, kind: str, entity_id: str) -> None:
        self.kind = str(kind)
        self.entity_id = entity_id
        super().__init__(f"{self.kind} {entity_id!r} already exists; use it or choose another id")

    def details(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.entity_id}


class Conflict(LineageError):
    """The request clashes with the current state (e.g. a concurrent change)."""

    code = "CONFLICT"

    def __init__(self, problem: str, remedy: str = "reload and try again") -> None:
        self.problem = problem
        self.remedy = remedy
        super().__init__(f"{problem}; {remedy}")

    def details(self) -> dict[str, Any]:
        return {"problem": self.problem, "remedy": self.remedy}


class Immutable(LineageError):
    """Content cannot change: the asset is locked, a base clone, or a render."""

    code = "IMMUTABLE"

    def __init__(
        self,
        asset_id: str,
        reasons: Sequence[LockReason],
        alternative: str = DEFAULT_ALTERNATIVE,
    ) -> None:
        self.asset_id = asset_id
        self.reasons = tuple(reasons)
        self.alternative = alternative
        why = _listed(_reason_phrase(reason) for reason in self.reasons) or "it is locked"
        super().__init__(f"asset {asset_id!r} cannot be changed: {why}; {alternative} instead")

    def details(self) -> dict[str, Any]:
        return {
            "asset_id": self.asset_id,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "alternative": self.alternative,
        }


class NotDeletable(LineageError):
    code = "NOT_DELETABLE"

    def __init__(self, asset_id: str, blockers: Sequence[Blocker]) -> None:
        self.asset_id = asset_id
        self.blockers = tuple(blockers)
        names = _listed(f"{b.dependent_type.lower()} {b.dependent_id!r}" for b in self.blockers)
        verb, those = ("depends", "it") if len(self.blockers) == 1 else ("depend", "those")
        super().__init__(
            f"{asset_id!r} cannot be deleted: {names} {verb} on it; delete {those} first"
        )

    def details(self) -> dict[str, Any]:
        return {
            "asset_id": self.asset_id,
            "blockers": [blocker.to_dict() for blocker in self.blockers],
        }


class InvalidTransition(LineageError):
    code = "INVALID_TRANSITION"

    def __init__(
        self,
        asset_id: str,
        from_state: str,
        to_state: str,
        allowed: Iterable[str],
        needs_force: bool = False,
    ) -> None:
        self.asset_id = asset_id
        self.from_state = str(from_state)
        self.to_state = str(to_state)
        self.allowed = tuple(sorted(str(state) for state in allowed))
        self.needs_force = needs_force
        super().__init__(
            f"asset {asset_id!r} cannot go from {self.from_state} to {self.to_state}; "
            + self._remedy()
        )

    def _remedy(self) -> str:
        if self.needs_force:
            return "this transition needs an explicit force"
        if self.allowed:
            return f"allowed from {self.from_state}: {', '.join(self.allowed)}"
        return f"no transition is allowed from {self.from_state} for this asset"

    def details(self) -> dict[str, Any]:
        return {
            "asset_id": self.asset_id,
            "from_state": self.from_state,
            "to_state": self.to_state,
            "allowed": list(self.allowed),
            "needs_force": self.needs_force,
        }


class NotUsable(LineageError):
    """New work may not start from a deprecated, archived or discarded asset."""

    code = "NOT_USABLE"

    def __init__(self, asset_id: str, state: str) -> None:
        self.asset_id = asset_id
        self.state = str(state)
        super().__init__(
            f"asset {asset_id!r} is {self.state} and cannot be used for new work; "
            f"use a newer version or another asset that is not deprecated, archived "
            f"or discarded"
        )

    def details(self) -> dict[str, Any]:
        return {"asset_id": self.asset_id, "state": self.state}


class ScopeViolation(LineageError):
    """An operation reaches across layers, containers or spaces where it may not."""

    code = "SCOPE_VIOLATION"

    def __init__(
        self,
        description: str,
        remedy: str = "use assets from this container or an enclosing one in the same space",
    ) -> None:
        self.description = description
        self.remedy = remedy
        super().__init__(f"{description}; {remedy}")

    def details(self) -> dict[str, Any]:
        return {"description": self.description, "remedy": self.remedy}


class NotImportable(LineageError):
    code = "NOT_IMPORTABLE"

    def __init__(self, asset_id: str, why: str) -> None:
        self.asset_id = asset_id
        self.why = why
        super().__init__(
            f"asset {asset_id!r} cannot be imported: {why}; import a CANONICAL space "
            f"definition or an APPROVED space render"
        )

    def details(self) -> dict[str, Any]:
        return {"asset_id": self.asset_id, "why": self.why}


class MergeConflict(LineageError):
    code = "MERGE_CONFLICT"

    def __init__(self, asset_id: str, conflicts: Sequence[MergeConflictItem]) -> None:
        self.asset_id = asset_id
        self.conflicts = tuple(conflicts)
        paths = _listed(item.path for item in self.conflicts)
        super().__init__(
            f"asset {asset_id!r} conflicts with the newer version at {paths}; "
            f"resolve those fields in the working clone, then rebase again"
        )

    def details(self) -> dict[str, Any]:
        return {
            "asset_id": self.asset_id,
            "conflicts": [item.to_dict() for item in self.conflicts],
        }


class ValidationError(LineageError):
    """Bad input; ``problem`` says what is wrong and what is accepted."""

    code = "VALIDATION"

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"invalid {field}: {problem}")

    def details(self) -> dict[str, Any]:
        return {"field": self.field, "problem": self.problem}


class DuplicateInput(LineageError):
    """Two inputs given for one render resolve to the same asset: the same id twice, or a
    project asset and this task's clone of it (a render records each input once)."""

    code = "DUPLICATE_INPUT"

    def __init__(
        self, asset_id: str, input_ids: Sequence[str], why: str, layer: str | None = None
    ) -> None:
        self.asset_id = asset_id
        self.input_ids = tuple(input_ids)
        self.why = why
        self.layer = str(layer) if layer is not None else None
        names = " and ".join(repr(i) for i in self.input_ids)
        kind = f"{self.layer.lower()} asset" if self.layer else "asset"
        super().__init__(
            f"inputs {names} resolve to the same {kind} {asset_id!r} ({why}); list it once"
        )

    def details(self) -> dict[str, Any]:
        return {
            "asset_id": self.asset_id,
            "layer": self.layer,
            "input_ids": list(self.input_ids),
            "why": self.why,
        }


class DriftedInputs(LineageError):
    """A render cannot be approved: it depicts input content that no longer exists."""

    code = "DRIFTED_INPUTS"

    def __init__(self, render_id: str, drifted: Sequence[InputDrift]) -> None:
        self.render_id = render_id
        self.drifted = tuple(drifted)
        names = _listed(repr(item.input_id) for item in self.drifted)
        super().__init__(
            f"render {render_id!r} cannot be approved: inputs {names} changed since it "
            f"was generated; generate a new render from the current inputs"
        )

    def details(self) -> dict[str, Any]:
        return {
            "render_id": self.render_id,
            "drifted": [item.to_dict() for item in self.drifted],
        }


class Forbidden(LineageError):
    """The user's role in the space does not allow the action."""

    code = "FORBIDDEN"

    def __init__(self, space_id: str, action: str, role: str, required: str) -> None:
        self.space_id = space_id
        self.action = action
        self.role = str(role)
        self.required = str(required)
        super().__init__(
            f"role {self.role} in space {space_id!r} cannot {action}; "
            f"ask an owner for the {self.required} role"
        )

    def details(self) -> dict[str, Any]:
        return {
            "space_id": self.space_id,
            "action": self.action,
            "role": self.role,
            "required": self.required,
        }


class LastOwner(LineageError):
    """The change would leave a space with no owner, and nobody could manage it again."""

    code = "LAST_OWNER"

    def __init__(self, space_id: str, user_id: str) -> None:
        self.space_id = space_id
        self.user_id = user_id
        super().__init__(
            f"{user_id!r} is the last OWNER of space {space_id!r}; make another member OWNER "
            f"first (setMemberRole), then step down or leave"
        )

    def details(self) -> dict[str, Any]:
        return {"space_id": self.space_id, "user_id": self.user_id}


class RestoreRefused(LineageError):
    """A trash item cannot come back as it was without breaking an invariant
    (docs/domain.md §13); nothing was changed."""

    code = "RESTORE_REFUSED"

    def __init__(self, item_id: str, problems: Sequence[Problem]) -> None:
        self.item_id = item_id
        self.problems = tuple(problems)
        listed = "; ".join(p.detail for p in self.problems[:_LISTED])
        more = len(self.problems) - _LISTED
        super().__init__(
            f"trash item {item_id!r} cannot be restored: {listed}"
            + (f" (and {more} more)" if more > 0 else "")
            + "; restore or recreate what it needs first, or leave it to be purged"
        )

    def details(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "problems": [
                {"reason": str(p.reason), "subject_id": p.subject_id, "detail": p.detail,
                 "trash_item_id": p.trash_item_id}
                for p in self.problems
            ],
        }  # fmt: skip


def _reason_phrase(reason: LockReason) -> str:
    if reason.kind == LockKind.BASE_CLONE:
        return "it is a base clone"
    if reason.kind == LockKind.RENDER:
        return "it is a render"
    if reason.kind == LockKind.DERIVED:
        return f"{reason.dependent_type} {reason.dependent_id!r} derives from it"
    if reason.kind == LockKind.USED:
        return f"{reason.dependent_type} {reason.dependent_id!r} uses it"
    return str(reason.kind)


def _listed(items: Iterable[str]) -> str:
    names = list(items)
    shown = ", ".join(names[:_LISTED])
    hidden = len(names) - _LISTED
    return f"{shown} and {hidden} more" if hidden > 0 else shown
