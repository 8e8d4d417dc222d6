"""Domain errors: stable codes, messages with a remedy, JSON-safe details."""

import json

import pytest

from lineage.domain import errors
from lineage.domain.enums import AssetType, Role, State
from lineage.domain.errors import (
    DEFAULT_ALTERNATIVE,
    AlreadyExists,
    Conflict,
    DriftedInputs,
    DuplicateInput,
    Forbidden,
    Immutable,
    InvalidTransition,
    LastOwner,
    LineageError,
    MergeConflict,
    NotDeletable,
    NotFound,
    NotImportable,
    NotUsable,
    RestoreRefused,
    ScopeViolation,
    ValidationError,
)
from lineage.domain.missing import MISSING
from lineage.domain.reasons import Blocker, InputDrift, LockKind, LockReason, MergeConflictItem
from lineage.domain.trash import Problem, Refusal

DERIVED = LockReason(LockKind.DERIVED, "w1", AssetType.CHARACTER, ("c1", "w1"))
USED = LockReason(LockKind.USED, "r1", AssetType.RENDER, ("c1", "w1", "r1"))

# error, code, words its message must hold (what was wrong, what to do)
EXAMPLES = [
    (NotFound("asset", "a1"), "NOT_FOUND", ["asset 'a1'", "check the id"]),
    (AlreadyExists("space", "s1"), "ALREADY_EXISTS", ["space 's1'", "choose another id"]),
    (Conflict("asset a1 changed meanwhile"), "CONFLICT", ["changed meanwhile", "try again"]),
    (
        Immutable("c1", [LockReason(LockKind.BASE_CLONE), DERIVED, USED]),
        "IMMUTABLE",
        [
            "'c1'",
            "base clone",
            "CHARACTER 'w1' derives from it",
            "RENDER 'r1' uses it",
            DEFAULT_ALTERNATIVE,
        ],
    ),
    (
        NotDeletable("c1", [Blocker("r1", "RENDER", "USES", binding=False)]),
        "NOT_DELETABLE",
        ["'c1'", "render 'r1' depends on it", "delete it first"],
    ),
    (
        InvalidTransition("c1", State.DRAFT, State.APPROVED, [State.CANONICAL]),
        "INVALID_TRANSITION",
        ["DRAFT to APPROVED", "allowed from DRAFT: CANONICAL"],
    ),
    (NotUsable("c1", State.DEPRECATED), "NOT_USABLE", ["DEPRECATED", "newer version"]),
    (ScopeViolation("asset x is in space s2"), "SCOPE_VIOLATION", ["s2", "enclosing one"]),
    (NotImportable("c1", "it is DRAFT"), "NOT_IMPORTABLE", ["it is DRAFT", "CANONICAL space"]),
    (
        MergeConflict("w1", [MergeConflictItem("fields.hair", "a", MISSING, "c")]),
        "MERGE_CONFLICT",
        ["fields.hair", "rebase again"],
    ),
    (ValidationError("name", "must not be empty"), "VALIDATION", ["invalid name", "empty"]),
    (
        DriftedInputs("r1", [InputDrift("c1", "CHARACTER", "aa", "bb")]),
        "DRIFTED_INPUTS",
        ["'r1'", "'c1'", "new render"],
    ),
    (
        Forbidden("s1", "edit assets", Role.VIEWER, Role.EDITOR),
        "FORBIDDEN",
        ["VIEWER", "edit assets", "EDITOR role"],
    ),
    (LastOwner("s1", "u1"), "LAST_OWNER", ["'u1'", "'s1'", "make another member OWNER first"]),
    (
        RestoreRefused(
            "trash_1",
            [Problem(Refusal.CONTAINER_GONE, "task_1", "its task 'task_1' no longer exists")],
        ),
        "RESTORE_REFUSED",
        ["'trash_1' cannot be restored", "'task_1' no longer exists", "restore or recreate"],
    ),
    (
        DuplicateInput("tbc", ["bc", "tbc"], "tbc is this task's clone of bc", "TASK"),
        "DUPLICATE_INPUT",
        ["inputs 'bc' and 'tbc'", "same task asset 'tbc'", "clone of bc", "list it once"],
    ),
]


@pytest.mark.parametrize(("error", "code", "words"), EXAMPLES)
def test_code_message_and_details(error: LineageError, code: str, words: list[str]) -> None:
    assert isinstance(error, LineageError)
    assert error.code == code
    assert str(error) == error.message
    for word in words:
        assert word in error.message
    data = error.to_dict()
    assert data["code"] == code and data["message"] == error.message
    assert json.loads(json.dumps(data)) == data
    assert error.details()


def test_every_error_class_is_covered_and_codes_are_unique() -> None:
    classes = {
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type) and issubclass(obj, LineageError) and obj is not LineageError
    }
    assert classes == {type(error) for error, _, _ in EXAMPLES}
    codes = [cls.code for cls in classes]
    assert len(set(codes)) == len(codes)


def test_immutable_details_keep_every_reason() -> None:
    error = Immutable("c1", [DERIVED, USED])
    assert error.details()["reasons"] == [
        {
            "kind": "DERIVED",
            "dependent_id": "w1",
            "dependent_type": "CHARACTER",
            "path": ["c1", "w1"],
        },
        {
            "kind": "USED",
            "dependent_id": "r1",
            "dependent_type": "RENDER",
            "path": ["c1", "w1", "r1"],
        },
    ]


def test_long_lists_are_shortened_in_messages_only() -> None:
    blockers = [Blocker(f"r{i}", "RENDER", "USES") for i in range(8)]
    error = NotDeletable("c1", blockers)
    assert "and 3 more depend on it; delete those first" in error.message
    assert "'r5'" not in error.message
    assert len(error.details()["blockers"]) == 8


def test_invalid_transition_without_targets_or_needing_force() -> None:
    none_allowed = InvalidTransition("b1", "CANONICAL", "DEPRECATED", [])
    assert "no transition is allowed from CANONICAL" in none_allowed.message
    forced = InvalidTransition("c1", "CANONICAL", "ARCHIVED", ["DEPRECATED"], needs_force=True)
    assert "force" in forced.message and forced.details()["needs_force"] is True


def test_merge_conflict_details_leave_out_missing_sides() -> None:
    error = MergeConflict("w1", [MergeConflictItem("a", MISSING, 1, 2)])
    assert error.details()["conflicts"] == [{"path": "a", "theirs": 1, "ours": 2}]


def test_immutable_takes_a_custom_alternative() -> None:
    error = Immutable("r1", [LockReason(LockKind.RENDER)], "derive a variant in a task")
    assert "derive a variant in a task instead" in error.message
    assert "it is a render" in error.message
