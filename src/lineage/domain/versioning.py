"""Semantic versions of space definitions: MAJOR.MINOR.PATCH, nothing more."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lineage.domain.enums import VersionBump
from lineage.domain.errors import ValidationError

INITIAL_VERSION = "1.0.0"

# ASCII digits only (\d would admit other scripts); no leading zeros, as semver says.
_VERSION = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def parse_version(text: object, field: str = "version") -> Version:
    match = _VERSION.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValidationError(
            field, f"{text!r} is not a semantic version; use MAJOR.MINOR.PATCH, e.g. 1.0.0"
        )
    major, minor, patch = (int(part) for part in match.groups())
    return Version(major, minor, patch)


def format_version(version: Version) -> str:
    return str(version)


# Bumping a part resets the parts below it.
_BUMPS: Mapping[VersionBump, Callable[[Version], Version]] = {
    VersionBump.MAJOR: lambda v: Version(v.major + 1, 0, 0),
    VersionBump.MINOR: lambda v: Version(v.major, v.minor + 1, 0),
    VersionBump.PATCH: lambda v: Version(v.major, v.minor, v.patch + 1),
}


def bump(version: str, part: VersionBump) -> str:
    step = _BUMPS.get(part)
    if step is None:
        allowed = ", ".join(str(name) for name in VersionBump)
        raise ValidationError("bump", f"{part!r} is not a version part; use one of: {allowed}")
    return format_version(step(parse_version(version)))


def compare(left: str, right: str) -> int:
    """-1, 0 or 1 as ``left`` is older than, equal to or newer than ``right``."""
    a, b = parse_version(left), parse_version(right)
    return (a > b) - (a < b)
