"""Settings that cannot be used, said in one line: the variable, the value given and what
is accepted (`lineage.config.load_settings`)."""

from __future__ import annotations

import types
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import AliasChoices, SecretStr, ValidationError
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings

KINDS: Mapping[type, str] = {
    bool: "true, false, 1 or 0",
    int: "an integer",
    float: "a number",
    str: "text",
    Path: "a path",
    SecretStr: "text",
}
# Patterns are for the code; people read an example.
PATTERN_EXAMPLES = {r"^[0-9]+[kKmMgG]?$": "a size such as 512m or 2g"}


class ConfigError(Exception):
    """A setting cannot be used; the message is one line meant for the operator."""


def describe(settings: type[BaseSettings], invalid: ValidationError, env: Mapping[str, str]) -> str:
    """One line for every unusable setting, e.g. `LINEAGE_PORT='abc' is not accepted (use
    an integer 1-65535)`; secrets are not repeated."""
    by_alias = _fields_by_name(settings)
    parts = []
    for error in invalid.errors():
        name = str(error["loc"][0]) if error["loc"] else ""
        field = by_alias.get(name.lower())
        variable = _variable(settings, name, field, env)
        given = "(hidden)" if field and _is_secret(field) else repr(error.get("input"))
        parts.append(f"{variable}={given} is not accepted ({_accepted(field, error)})")
    return "; ".join(parts)


def _fields_by_name(settings: type[BaseSettings]) -> dict[str, FieldInfo]:
    found: dict[str, FieldInfo] = {}
    for name, field in settings.model_fields.items():
        found[name.lower()] = field
        for alias in _aliases(field):
            found[alias.lower()] = field
    return found


def _aliases(field: FieldInfo) -> list[str]:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice) for choice in alias.choices]
    return [alias] if isinstance(alias, str) else []


def _variable(
    settings: type[BaseSettings], name: str, field: FieldInfo | None, env: Mapping[str, str]
) -> str:
    """The environment variable the value came from (names are case-insensitive)."""
    if field is None:
        return name
    candidates = _aliases(field) or [f"{settings.model_config.get('env_prefix', '')}{name}"]
    present = {key.upper() for key in env}
    chosen = next((c for c in candidates if c.upper() in present), candidates[0])
    return chosen.upper()


def _accepted(field: FieldInfo | None, error: Any) -> str:
    if error["type"] == "value_error":  # a validator's own words
        return str(error["msg"]).removeprefix("Value error, ")
    if field is None:
        return str(error["msg"])
    kind = _base(field.annotation)
    if get_origin(kind) is Literal:
        return "use one of: " + ", ".join(str(value) for value in get_args(kind))
    pattern = next((r.pattern for r in field.metadata if getattr(r, "pattern", None)), None)
    if pattern is not None:
        return "use " + PATTERN_EXAMPLES.get(pattern, f"text matching {pattern}")
    text = KINDS.get(kind, str(error["msg"])) if isinstance(kind, type) else str(error["msg"])
    return f"use {text}{_bounds(field, integer=kind is int)}"


def _bounds(field: FieldInfo, *, integer: bool) -> str:
    low = high = None
    words = []
    for rule in field.metadata:
        if isinstance(rule, annotated_types.Ge):
            low = rule.ge
        elif isinstance(rule, annotated_types.Le):
            high = rule.le
        elif isinstance(rule, annotated_types.Gt) and integer:
            low = int(str(rule.gt)) + 1  # say "1-604800", not "greater than 0"
        elif isinstance(rule, annotated_types.Gt):
            words.append(f"greater than {rule.gt:g}")
        elif isinstance(rule, annotated_types.MinLen):
            words.append(f"of at least {rule.min_length} characters")
    if low is not None and high is not None:
        words.insert(0, f"{low}-{high}")
    elif low is not None:
        words.insert(0, f"of at least {low}")
    elif high is not None:
        words.insert(0, f"of at most {high}")
    return "".join(f" {word}" for word in words)


def _base(annotation: Any) -> Any:
    """`int | None` -> int; `Annotated[...]` and tuples stay as they are."""
    if get_origin(annotation) in (Union, types.UnionType):
        kept = [arg for arg in get_args(annotation) if arg is not type(None)]
        return kept[0] if len(kept) == 1 else annotation
    return annotation


def _is_secret(field: FieldInfo) -> bool:
    return _base(field.annotation) is SecretStr
